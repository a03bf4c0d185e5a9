"""A real round at the chair's step, built once: the demo round with both groups' reports.

The demo signs both leaders' group reports (``demo.reports``). Tests open their own copy
of the closed chair store, and can sign reports of their own making with the identities
the demo's packages issued (the leader 李明华 and the expert 张伟), to test what the
chair's app refuses even when the signature itself is good.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen.canvas import Canvas

from app.consolidation.report import ATTACHMENT_NAME
from app.demo.round import PERSONAL_PASSPHRASE, build_demo_round
from app.errors import Text
from app.scoring.queries import owner_row, round_row
from app.sheets.payload import canonical_json
from app.signing.identity import SigningIdentity, signing_identity
from app.signing.signed_pdf import sign_pdf, verify_signed_pdf
from app.store.keyring import cheap_kdf_params
from app.store.store import Store

Forge = Callable[[dict[str, Any], str], bytes]


@dataclass(frozen=True)
class ChairRound:
    """Closed template stores and files for the chair's tests."""

    root: Path
    chair: Path
    workspace: Path
    reports: tuple[Path, ...]  # the two groups' signed reports (PDF)
    sheets: Path  # score sheets, which the chair must refuse
    ca_pem: bytes
    identities: dict[str, tuple[str, SigningIdentity]]  # "leader" | "expert" → (name, identity)


def _identity(path: Path) -> tuple[str, SigningIdentity]:
    with Store.open(path, PERSONAL_PASSPHRASE) as store, store.session() as session:
        owner = owner_row(session)
        rnd = round_row(session)
        return owner.name, signing_identity(session, owner.id, rnd.id, Text("文件", "file"))


@pytest.fixture(scope="session")
def chair_round(tmp_path_factory: pytest.TempPathFactory) -> ChairRound:
    root = tmp_path_factory.mktemp("chair")
    demo = build_demo_round(root / "demo", kdf=cheap_kdf_params())
    reports = tuple(sorted(demo.reports.glob("*.pdf")))
    assert len(reports) == 2
    with Store.open(demo.stores["chair"], PERSONAL_PASSPHRASE) as store, store.session() as s:
        ca = round_row(s).ca_certificate
    return ChairRound(
        root,
        demo.stores["chair"],
        demo.workspace,
        reports,
        demo.sheets,
        ca,
        {"leader": _identity(demo.stores["leader"]), "expert": _identity(demo.stores["expert"])},
    )


@pytest.fixture
def chair_store(chair_round: ChairRound, tmp_path: Path) -> Iterator[Store]:
    shutil.copytree(chair_round.chair, tmp_path / "chair")
    with Store.open(tmp_path / "chair", PERSONAL_PASSPHRASE) as store:
        yield store


def report_json(chair_round: ChairRound, group: str) -> dict[str, Any]:
    """The embedded JSON of the demo's signed report of ``group``."""
    path = next(p for p in chair_round.reports if group in p.name)
    signed = verify_signed_pdf(
        path.read_bytes(), ca_certificate_pem=chair_round.ca_pem, attachment_name=ATTACHMENT_NAME
    )
    data: dict[str, Any] = json.loads(signed.attachment)
    return data


def _blank_pdf() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "group report")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.fixture
def forge(chair_round: ChairRound) -> Forge:
    """Sign ``data`` as a group report with a real round identity ("leader" or "expert")."""

    def sign(data: dict[str, Any], who: str = "leader") -> bytes:
        name, identity = chair_round.identities[who]
        return sign_pdf(
            _blank_pdf(),
            attachment_name=ATTACHMENT_NAME,
            attachment=canonical_json(data),
            certificate_pem=identity.certificate_pem,
            private_key_pem=identity.private_key_pem,
            ca_certificate_pem=identity.ca_certificate_pem,
            signer_name=name,
            box=(72, 72, 272, 140),
            page=0,
        )

    return sign
