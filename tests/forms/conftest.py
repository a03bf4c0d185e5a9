"""Form fixtures: one real demo round per session, fresh copies of personal stores per test.

张伟's store is the demo's own; 刘芳's is made from her real package, because the
secretariat recorded a conflict (回避) for her on one dossier.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from app.demo.round import PERSONAL_PASSPHRASE, build_demo_round
from app.exchange.package_import import import_package
from app.scoring.service import ReviewService
from app.store.keyring import cheap_kdf_params
from app.store.schema import ConflictRow
from app.store.store import Store, StoreKind

CONFLICTED_EXPERT = "刘芳"


@dataclass(frozen=True)
class Templates:
    """Closed template stores; each test opens a copy of its own."""

    expert: Path
    conflicted: Path
    conflicted_dossier: str


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    root = tmp_path_factory.mktemp("forms")
    demo = build_demo_round(root / "demo", kdf=cheap_kdf_params())
    listing = (demo.packages / "passphrases.txt").read_text(encoding="utf-8")
    entries = [line.split("\t") for line in listing.splitlines() if "\t" in line]
    file_name, _person, passphrase = next(e for e in entries if e[1] == CONFLICTED_EXPERT)
    conflicted = root / "conflicted"
    with Store.create(
        conflicted, PERSONAL_PASSPHRASE, StoreKind.PERSONAL, kdf=cheap_kdf_params()
    ) as store:
        import_package(store, demo.packages / file_name, passphrase)
        with store.session() as session:
            dossier_id = session.scalars(select(ConflictRow.dossier_id)).one()
    return Templates(demo.stores["expert"], conflicted, dossier_id)


def _open_copy(template: Path, target: Path) -> Store:
    shutil.copytree(template, target)
    return Store.open(target, PERSONAL_PASSPHRASE)


@pytest.fixture
def store(templates: Templates, tmp_path: Path) -> Iterator[Store]:
    """张伟's store."""
    with _open_copy(templates.expert, tmp_path / "expert") as opened:
        yield opened


@pytest.fixture
def service(store: Store) -> ReviewService:
    return ReviewService(store)


@pytest.fixture
def conflicted_store(templates: Templates, tmp_path: Path) -> Iterator[Store]:
    """刘芳's store, with a conflict the secretariat recorded."""
    with _open_copy(templates.conflicted, tmp_path / "conflicted") as opened:
        yield opened
