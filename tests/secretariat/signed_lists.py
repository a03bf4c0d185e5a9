"""Real chair's lists for the demo round, signed in a personal store of the demo.

The demo round (built once per test module) gives a secretariat workspace and the
chair's, a leader's and an expert's stores from one package issue, so the certificates
in them are the workspace's current ones. A list is made by hand from the workspace's
groups and assignments, rendered as a one-page PDF and signed with the real signer.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from app.chair.shortlist import (
    ATTACHMENT_NAME,
    ListedDossier,
    ListedGroup,
    Shortlist,
    shortlist_id_for,
)
from app.demo.round import (
    PERSONAL_PASSPHRASE,
    SECRETARIAT_PASSPHRASE,
    DemoRound,
    build_demo_round,
)
from app.errors import Text
from app.scoring.queries import owner_row
from app.secretariat.roster import round_row
from app.sheets.payload import GENESIS
from app.signing.identity import signing_identity
from app.signing.signed_pdf import sign_pdf
from app.store.keyring import cheap_kdf_params
from app.store.schema import AssignmentRow, DossierRow, GroupRow, PersonRow
from app.store.store import Store

ON_THE_LIST = 2  # per group: the first two by 序号 go on


@dataclass(frozen=True)
class Workspace:
    """What a test needs to know of the demo workspace (as built, at the material stage)."""

    demo: DemoRound
    round_id: str
    round_name: str
    year: int
    groups: dict[str, str]  # id → name
    leaders: dict[str, tuple[str, str]]  # group id → (leader id, name)
    chair: tuple[str, str]  # (id, name)
    assignments: dict[str, str]  # dossier id → group id
    dossiers: dict[str, tuple[int, str, str]]  # id → (序号, enterprise, title)

    def listed(self, group_id: str) -> list[str]:
        """The dossiers the default list puts on it from ``group_id``."""
        ids = sorted(
            (d for d, g in self.assignments.items() if g == group_id),
            key=lambda d: self.dossiers[d][0],
        )
        return ids[:ON_THE_LIST]

    @property
    def on_list(self) -> set[str]:
        return {d for g in self.groups for d in self.listed(g)}


def build_workspace(root: Path) -> Workspace:
    """The demo round under ``root`` and the facts of its workspace."""
    demo = build_demo_round(root, kdf=cheap_kdf_params())
    with Store.open(demo.workspace, SECRETARIAT_PASSPHRASE) as store, store.session() as s:
        rnd = round_row(s)
        people = list(s.scalars(select(PersonRow)))
        return Workspace(
            demo,
            rnd.id,
            rnd.name,
            rnd.year,
            {g.id: g.name for g in s.scalars(select(GroupRow))},
            {p.group_id: (p.id, p.name) for p in people if p.role == "leader" and p.group_id},
            next((p.id, p.name) for p in people if p.role == "chair"),
            {a.dossier_id: a.group_id for a in s.scalars(select(AssignmentRow))},
            {d.id: (d.seq, d.enterprise, d.title) for d in s.scalars(select(DossierRow))},
        )


def copy_store(template: Path, target: Path) -> Path:
    """A test's own copy of a closed store."""
    shutil.copytree(template, target)
    return target


def make_shortlist(
    ws: Workspace,
    *,
    stage: str = "material",
    revision: int = 1,
    prev_hash: str = GENESIS,
    signer: tuple[str, str] | None = None,
    on_list: set[str] | None = None,
    assignments: dict[str, str] | None = None,
) -> Shortlist:
    """A well-formed list of ``ws``'s groups: every assigned dossier considered."""
    chosen = ws.on_list if on_list is None else on_list
    assigned = ws.assignments if assignments is None else assignments
    chair_id, chair_name = signer or ws.chair
    groups = tuple(
        ListedGroup(
            id=gid,
            name=name,
            leader_id=ws.leaders[gid][0],
            leader_name=ws.leaders[gid][1],
            report_id=f"{ws.round_id}:{stage}:report:{gid}",
            report_revision=1,
            report_content_hash="a" * 64,
            report_file_sha256="b" * 64,
        )
        for gid, name in sorted(ws.groups.items())
        if gid in assigned.values()
    )
    dossiers: list[ListedDossier] = []
    for group in groups:
        ids = sorted(
            (d for d, g in assigned.items() if g == group.id), key=lambda d: ws.dossiers[d][0]
        )
        for rank, dossier_id in enumerate(ids, start=1):
            seq, enterprise, title = ws.dossiers[dossier_id]
            included = dossier_id in chosen
            dossiers.append(
                ListedDossier(
                    dossier_id=dossier_id,
                    seq=seq,
                    enterprise=enterprise,
                    title=title,
                    group_id=group.id,
                    group_score=Decimal(90 - rank) + Decimal("0.50"),
                    rank=rank,
                    z_in_group=round(1.0 - rank / 4, 4),
                    flagged=False,
                    proposed=included,
                    leader_reason="",
                    included=included,
                    chair_reason="",
                )
            )
    return Shortlist(
        shortlist_id=shortlist_id_for(ws.round_id, stage),
        revision=revision,
        prev_hash=prev_hash,
        created_at="2024-06-01T08:00:00+00:00",
        audit_head="c" * 64,
        round_id=ws.round_id,
        round_name=ws.round_name,
        year=ws.year,
        stage=stage,
        chair_id=chair_id,
        chair_name=chair_name,
        shortlist_size=ON_THE_LIST,
        groups=groups,
        dossiers=tuple(dossiers),
    )


def one_page_pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawString(72, 760, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def sign_list(signer_store: Path, shortlist: Shortlist) -> bytes:
    """``shortlist`` signed with the key of the owner of ``signer_store``."""
    with Store.open(signer_store, PERSONAL_PASSPHRASE) as store, store.session() as s:
        owner = owner_row(s)
        identity = signing_identity(s, owner.id, owner.round_id, Text("名单", "list"))
        name = owner.name
    return sign_pdf(
        one_page_pdf(f"shortlist {shortlist.stage} revision {shortlist.revision}"),
        attachment_name=ATTACHMENT_NAME,
        attachment=shortlist.canonical_bytes(),
        certificate_pem=identity.certificate_pem,
        private_key_pem=identity.private_key_pem,
        ca_certificate_pem=identity.ca_certificate_pem,
        signer_name=name,
        box=(320.0, 60.0, 570.0, 122.0),
        page=0,
        reason="主任委员名单",
    )


def write_list(target: Path, signer_store: Path, shortlist: Shortlist) -> Path:
    target.write_bytes(sign_list(signer_store, shortlist))
    return target


__all__ = [
    "ON_THE_LIST",
    "Workspace",
    "build_workspace",
    "copy_store",
    "make_shortlist",
    "sign_list",
    "write_list",
]
