"""A real demo round, built once, with personal stores for the people the sheet tests need.

张伟, 刘芳 (a secretariat-recorded conflict) and 陈静 are members of 制造业专业组, led by
李明华; 孙丽 belongs to the other group. Each test works on its own copies of the stores.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.demo.round import PERSONAL_PASSPHRASE, build_demo_round
from app.exchange.package_import import import_package
from app.scoring.citations import citation_text
from app.scoring.record import DossierStatus
from app.scoring.service import ReviewService
from app.sheets.payload import ATTACHMENT_NAME, ScoreSheet
from app.sheets.render import render_sheet
from app.signing.signed_pdf import sign_pdf
from app.store.keyring import cheap_kdf_params
from app.store.schema import IdentityRow, RoundRow
from app.store.store import Store, StoreKind

EXPERT, LEADER, CONFLICTED, OTHER_MEMBER, OUTSIDER = "张伟", "李明华", "刘芳", "陈静", "孙丽"
CHAIR = "王建国"
PRIVATE_NOTE = "私人笔记：此句绝不能出现在评分表中"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass(frozen=True)
class DemoRound:
    """Closed template stores by person, the round CA, and the secretariat's workspace."""

    stores: dict[str, Path]
    ca_pem: bytes
    workspace: Path


@dataclass(frozen=True)
class Identity:
    """A person's signing key and certificate as their store holds them."""

    person_id: str
    certificate_pem: bytes
    private_key_pem: bytes
    ca_pem: bytes


@pytest.fixture(scope="session")
def demo_round(tmp_path_factory: pytest.TempPathFactory) -> DemoRound:
    root = tmp_path_factory.mktemp("sheets")
    demo = build_demo_round(root / "demo", kdf=cheap_kdf_params())
    stores = {
        EXPERT: demo.stores["expert"],
        LEADER: demo.stores["leader"],
        CHAIR: demo.stores["chair"],
    }
    listing = (demo.packages / "passphrases.txt").read_text(encoding="utf-8")
    entries = [line.split("\t") for line in listing.splitlines() if "\t" in line]
    for person in (CONFLICTED, OTHER_MEMBER, OUTSIDER):
        file_name, _, passphrase = next(e for e in entries if e[1] == person)
        path = root / "stores" / person
        with Store.create(
            path, PERSONAL_PASSPHRASE, StoreKind.PERSONAL, kdf=cheap_kdf_params()
        ) as s:
            import_package(s, demo.packages / file_name, passphrase)
        stores[person] = path
    with Store.open(stores[LEADER], PERSONAL_PASSPHRASE) as leader, leader.session() as session:
        ca_pem = session.scalars(select(RoundRow)).one().ca_certificate
    return DemoRound(stores, ca_pem, demo.workspace)


@pytest.fixture
def open_store(demo_round: DemoRound, tmp_path: Path) -> Iterator[Callable[[str], Store]]:
    """Open a fresh copy of a person's template store (each call another copy)."""
    with ExitStack() as stack:
        counter = iter(range(1000))

        def opener(person: str) -> Store:
            target = tmp_path / f"{person}-{next(counter)}"
            shutil.copytree(demo_round.stores[person], target)
            return stack.enter_context(Store.open(target, PERSONAL_PASSPHRASE))

        yield opener


def complete_all(store: Store, *, shift: Decimal = Decimal(0)) -> None:
    """Score every open dossier completely, with a citation and a private note."""
    service = ReviewService(store)
    scheme = service.round().scheme
    for index, summary in enumerate(service.dossiers()):
        if summary.status is DossierStatus.CONFLICT:
            continue
        record = service.record(summary.id)
        for aspect in scheme.aspects:
            value = aspect.points - Decimal(index % 4) - shift
            record = record.with_score(aspect.key, max(value, Decimal(0)))
        cite = citation_text("申报书.pdf", 3, "近三年产品一次交检合格率由97.2%提升到99.6%")
        overall = f"方法成熟，数据充分，与行业标杆的对比清楚。{cite}"
        record = (
            record.with_comment(None, overall)
            .with_comment("science_innovation", "方法符合质量管理规律，有所创新。")
            .with_recommendation(index % 2 == 0)
            .with_notes(PRIVATE_NOTE)
        )
        service.save(record)


def identity_of(store: Store) -> Identity:
    owner = ReviewService(store).owner()
    with store.session() as session:
        row = session.get(IdentityRow, owner.id)
        ca = session.scalars(select(RoundRow)).one().ca_certificate
        assert row is not None
        return Identity(owner.id, row.certificate, row.private_key, ca)


def signed_sheet(sheet: ScoreSheet, identity: Identity) -> bytes:
    """A crafted sheet rendered and signed with a real identity, as an export would."""
    rendered = render_sheet(sheet, content_hash=sheet.content_hash)
    return sign_pdf(
        rendered.pdf,
        attachment_name=ATTACHMENT_NAME,
        attachment=sheet.canonical_bytes(),
        certificate_pem=identity.certificate_pem,
        private_key_pem=identity.private_key_pem,
        ca_certificate_pem=identity.ca_pem,
        signer_name=sheet.expert_name,
        box=rendered.signature_box,
        page=rendered.signature_page,
    )


def with_entry(sheet: ScoreSheet, index: int, **changes: object) -> ScoreSheet:
    """The sheet with one entry changed."""
    entries = list(sheet.entries)
    entries[index] = replace(entries[index], **changes)  # type: ignore[arg-type]
    return replace(sheet, entries=tuple(entries))
