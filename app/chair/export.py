"""Exporting the chair's signed list (入围答辩名单 / 初评名单) with its XLSX copy.

Signing is the chair's approval, so it is refused until every group that reviews
dossiers has sent a report the chair's app verified: a list missing a group would drop
that group's dossiers without anyone deciding so. Each signed revision is kept in the
store; exporting again when the list would say nothing new writes the same signed
revision again, so the secretariat sees a duplicate rather than a revision that changes
nothing. The PDF is written inside the unit of work: no file, no record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.chair.roster import chair_row
from app.chair.service import ChairService
from app.chair.shortlist import (
    ATTACHMENT_NAME,
    SHORTLIST_KIND,
    Shortlist,
    shortlist_from_table,
    shortlist_id_for,
)
from app.chair.shortlist_pdf import render_shortlist_pdf
from app.chair.shortlist_xlsx import write_shortlist_xlsx
from app.chair.table import ChairTable
from app.errors import InputRefused, Text
from app.sheets.build import OWN, last_own_revision
from app.sheets.payload import GENESIS
from app.signing.identity import signing_identity
from app.signing.signed_pdf import sign_pdf
from app.store import audit
from app.store.files import write_atomically
from app.store.schema import SignedRevisionRow
from app.store.store import Store


@dataclass(frozen=True)
class ExportedShortlist:
    """What an export wrote."""

    path: Path
    xlsx: Path | None
    shortlist_id: str
    title: Text
    revision: int
    content_hash: str
    listed: tuple[str, ...]  # dossier ids on the list, in its order
    changes: int  # the chair's changes to the groups' proposals
    reissued: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "xlsx": None if self.xlsx is None else str(self.xlsx),
            "shortlist_id": self.shortlist_id,
            "title": self.title.zh,
            "revision": self.revision,
            "content_hash": self.content_hash,
            "listed": list(self.listed),
            "changes": self.changes,
            "reissued": self.reissued,
        }

    @property
    def message(self) -> Text:
        if self.reissued:
            return Text(
                f"自第 {self.revision} 版以来名单没有变化，已将第 {self.revision} 版签名"
                f"{self.title.zh}原样写出：{self.path}。",
                f"Nothing changed since revision {self.revision}; wrote that signed "
                f"{self.title.en} again, unchanged: {self.path}.",
            )
        return Text(
            f"已签署并导出{self.title.zh}第 {self.revision} 版：{self.path}（{len(self.listed)} 项，"
            f"主任委员调整 {self.changes} 项）。请将此文件交给评审办公室。",
            f"Signed and exported the {self.title.en}, revision {self.revision}: {self.path} "
            f"({len(self.listed)} dossiers, {self.changes} changed by the chair). Hand this "
            "file to the secretariat.",
        )


def export_shortlist(store: Store, target_pdf: Path, xlsx: Path | None = None) -> ExportedShortlist:
    """Sign the chair's list with the chair's round certificate and write it (see above)."""
    table = ChairService(store).table()
    _check_complete(table)
    rnd = table.round
    shortlist_id = shortlist_id_for(rnd.id, rnd.stage.value)
    with store.session() as session:
        chair = chair_row(session)
        last = last_own_revision(session, shortlist_id, SHORTLIST_KIND)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        draft = shortlist_from_table(
            table,
            revision=(last.revision if last else 0) + 1,
            prev_hash=last.content_hash if last else GENESIS,
            created_at=now,
            audit_head=audit.head(session),
        )
        held = None if last is None else Shortlist.from_json(json.loads(last.payload))
        if last is not None and held is not None and held.substance() == draft.substance():
            return _reissue(store, session, chair.name, last, held, target_pdf, xlsx)
        signer = signing_identity(session, chair.id, rnd.id, draft.title)
        rendered = render_shortlist_pdf(draft)
        signed = sign_pdf(
            rendered.pdf,
            attachment_name=ATTACHMENT_NAME,
            attachment=draft.canonical_bytes(),
            certificate_pem=signer.certificate_pem,
            private_key_pem=signer.private_key_pem,
            ca_certificate_pem=signer.ca_certificate_pem,
            signer_name=chair.name,
            box=rendered.signature_box,
            page=rendered.signature_page,
            reason=f"{draft.title.zh}第 {draft.revision} 版",
        )
        file_sha256 = store.documents.put(signed)
        session.add(
            SignedRevisionRow(
                kind=SHORTLIST_KIND,
                document_id=shortlist_id,
                signer_id=chair.id,
                round_id=rnd.id,
                stage=rnd.stage.value,
                group_id=None,
                revision=draft.revision,
                prev_hash=draft.prev_hash,
                content_hash=draft.content_hash,
                file_sha256=file_sha256,
                payload=draft.canonical_bytes().decode(),
                state=OWN,
                created_at=datetime.now(UTC),
            )
        )
        audit.record(
            session,
            actor=chair.name,
            action="chair.shortlist.export",
            subject=shortlist_id,
            detail={
                "revision": draft.revision,
                "content_hash": draft.content_hash,
                "file_sha256": file_sha256,
                "listed": [d.dossier_id for d in draft.listed],
                "reports": {g.id: g.report_revision for g in draft.groups},
            },
        )
        session.flush()
        if xlsx is not None:
            write_shortlist_xlsx(draft, xlsx)
        write_atomically(target_pdf, signed)
        return _exported(target_pdf, xlsx, draft, reissued=False)


def _check_complete(table: ChairTable) -> None:
    missing = table.missing_groups
    if missing:
        names = "、".join(g.name for g in missing)
        raise InputRefused(
            Text(
                f"尚未收到（或未通过核验）{names}的汇总表，不能签署名单。请先导入各专业组组长签署的汇总表"
                "（qbr chair import）。",
                f"No verified report yet from {', '.join(g.name for g in missing)}, so the list "
                "cannot be signed. Import every group leader's signed report first "
                "(qbr chair import).",
            )
        )
    if not table.shortlist:
        raise InputRefused(
            Text(
                "名单上没有任何申报材料，不能签署。",
                "The list names no dossier, so it cannot be signed.",
            )
        )


def _reissue(
    store: Store,
    session: Session,
    chair: str,
    last: SignedRevisionRow,
    held: Shortlist,
    target_pdf: Path,
    xlsx: Path | None,
) -> ExportedShortlist:
    """The held revision written again, unchanged (nothing new to sign)."""
    signed = bytes(store.documents.get(last.file_sha256))
    audit.record(
        session,
        actor=chair,
        action="chair.shortlist.reissue",
        subject=last.document_id,
        detail={"revision": last.revision, "file_sha256": last.file_sha256},
    )
    session.flush()
    if xlsx is not None:
        write_shortlist_xlsx(held, xlsx)
    write_atomically(target_pdf, signed)
    return _exported(target_pdf, xlsx, held, reissued=True)


def _exported(
    target_pdf: Path, xlsx: Path | None, shortlist: Shortlist, *, reissued: bool
) -> ExportedShortlist:
    return ExportedShortlist(
        path=target_pdf,
        xlsx=xlsx,
        shortlist_id=shortlist.shortlist_id,
        title=shortlist.title,
        revision=shortlist.revision,
        content_hash=shortlist.content_hash,
        listed=tuple(d.dossier_id for d in shortlist.listed),
        changes=sum(1 for d in shortlist.dossiers if d.changed and d.chair_reason),
        reissued=reissued,
    )


__all__ = ["ExportedShortlist", "export_shortlist"]
