"""Exporting the expert's score sheet: a draft to check, or a signed revision to submit.

A signed export is refused while any dossier is incomplete, and says which and what is
missing. Each signed revision is immutable: its JSON, its PDF and its place in the
revision chain are kept in the store, and the exported records are marked submitted
(已提交) until they are edited again.

Exporting again when nothing has changed since the last signed revision does not make a
new revision: the expert gets the very same signed file again (kept in the store). That
is what an expert expects from pressing "export" twice, or from asking for a copy of a
sheet already sent; it spares the leader a revision that says nothing new, and if the
copy reaches the leader too, it is recognised there as a duplicate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.scoring.queries import owner_row
from app.scoring.service import ReviewService
from app.sheets.build import (
    OWN,
    build_sheet,
    last_own_revision,
    revision_row,
    same_content,
)
from app.sheets.payload import ATTACHMENT_NAME, ScoreSheet
from app.sheets.render import render_sheet
from app.signing.identity import signing_identity
from app.signing.signed_pdf import sign_pdf
from app.store import audit
from app.store.files import write_atomically
from app.store.schema import ConflictRow, ReviewRecordRow
from app.store.store import Store


@dataclass(frozen=True)
class ExportedSheet:
    """What an export wrote."""

    path: Path
    revision: int  # 0 for a draft
    sheet_id: str
    content_hash: str
    dossiers: int
    draft: bool
    reissued: bool = False  # the file of an earlier revision, written again unchanged

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "path": str(self.path)}

    @property
    def message(self) -> Text:
        if self.draft:
            return Text(
                f"已导出未签名草稿：{self.path}（{self.dossiers} 份申报材料）。草稿仅供核对，不能提交。",
                f"Exported an unsigned draft: {self.path} ({self.dossiers} dossiers). A draft "
                "is for checking only and cannot be submitted.",
            )
        if self.reissued:
            return Text(
                f"自第 {self.revision} 版以来评分没有改动，已将第 {self.revision} 版签名评分表"
                f"原样写出：{self.path}。",
                f"Nothing changed since revision {self.revision}; wrote that signed sheet "
                f"again, unchanged: {self.path}.",
            )
        return Text(
            f"已导出签名评分表第 {self.revision} 版：{self.path}（{self.dossiers} 份申报材料）。"
            "请将此文件交给组长。",
            f"Exported signed score sheet revision {self.revision}: {self.path} "
            f"({self.dossiers} dossiers). Hand this file to your group leader.",
        )


def export_sheet(store: Store, target: Path, *, draft: bool = False) -> ExportedSheet:
    """Write the owner's score sheet to ``target`` (atomically); see the module docstring."""
    if draft:
        sheet = build_sheet(store, draft=True)
        write_atomically(target, render_sheet(sheet).pdf)
        return ExportedSheet(
            target, 0, sheet.sheet_id, sheet.content_hash, len(sheet.entries), draft=True
        )
    _refuse_incomplete(ReviewService(store))
    with store.session() as session:
        before = _snapshot(session)
    sheet = build_sheet(store)
    reissued = _reissue(store, sheet, target)
    if reissued is not None:
        return reissued
    with store.session() as session:
        signer = signing_identity(session, sheet.expert_id, sheet.round_id, Text("评分表", "sheet"))
    rendered = render_sheet(sheet, content_hash=sheet.content_hash)
    signed = sign_pdf(
        rendered.pdf,
        attachment_name=ATTACHMENT_NAME,
        attachment=sheet.canonical_bytes(),
        certificate_pem=signer.certificate_pem,
        private_key_pem=signer.private_key_pem,
        ca_certificate_pem=signer.ca_certificate_pem,
        signer_name=sheet.expert_name,
        box=rendered.signature_box,
        page=rendered.signature_page,
        reason=f"评分表第 {sheet.revision} 版",
    )
    file_sha256 = store.documents.put(signed)
    with store.session() as session:
        latest = last_own_revision(session, sheet.sheet_id)
        if _snapshot(session) != before or (latest.revision if latest else 0) >= (sheet.revision):
            raise InputRefused(
                Text(
                    "导出期间评分记录发生了变化，未导出。请再次导出。",
                    "The records changed while exporting; nothing was exported. Export again.",
                )
            )
        session.add(
            revision_row(
                sheet,
                state=OWN,
                file_sha256=file_sha256,
                payload=sheet.canonical_bytes().decode(),
            )
        )
        _mark_submitted(session, sheet, sheet.revision)
        audit.record(
            session,
            actor=sheet.expert_name,
            action="sheet.export",
            subject=sheet.sheet_id,
            detail={
                "revision": sheet.revision,
                "content_hash": sheet.content_hash,
                "file_sha256": file_sha256,
                "dossiers": len(sheet.entries),
            },
        )
        session.flush()
        write_atomically(target, signed)  # inside the unit of work: no file, no record
    return ExportedSheet(
        target, sheet.revision, sheet.sheet_id, sheet.content_hash, len(sheet.entries), False
    )


def _refuse_incomplete(service: ReviewService) -> None:
    """Refuse a signed export while any dossier lacks something, naming each and what."""
    lacking = service.missing_overall()
    if not lacking:
        return
    names = {d.id: (d.seq, d.enterprise) for d in service.dossiers()}
    lines_zh, lines_en = [], []
    for dossier_id, items in lacking:
        seq, enterprise = names.get(dossier_id, (0, dossier_id))
        lines_zh.append(f"序号 {seq} {enterprise}：" + "；".join(t.zh for t in items))
        lines_en.append(f"No. {seq} {enterprise}: " + "; ".join(t.en for t in items))
    raise InputRefused(
        Text(
            f"还有 {len(lacking)} 份申报材料未评完，不能导出签名评分表：\n"
            + "\n".join(lines_zh)
            + "\n可以先导出未签名草稿核对。",
            f"{len(lacking)} dossiers are not complete yet, so the signed sheet cannot be "
            "exported:\n" + "\n".join(lines_en) + "\nYou can export an unsigned draft to check.",
        )
    )


def _reissue(store: Store, sheet: ScoreSheet, target: Path) -> ExportedSheet | None:
    """The last signed revision written again, if the sheet says nothing new since it."""
    with store.session() as session:
        last = last_own_revision(session, sheet.sheet_id)
        if last is None:
            return None
        previous = ScoreSheet.from_json(json.loads(last.payload))
        if not same_content(previous, sheet):
            return None
        data = bytes(store.documents.get(last.file_sha256))
        _mark_submitted(session, sheet, last.revision)
        audit.record(
            session,
            actor=sheet.expert_name,
            action="sheet.reissue",
            subject=sheet.sheet_id,
            detail={"revision": last.revision, "file_sha256": last.file_sha256},
        )
        session.flush()
        write_atomically(target, data)
        return ExportedSheet(
            target,
            last.revision,
            sheet.sheet_id,
            last.content_hash,
            len(previous.entries),
            draft=False,
            reissued=True,
        )


def _mark_submitted(session: Session, sheet: ScoreSheet, revision: int) -> None:
    """The records the sheet carries now show as submitted (已提交) in this revision."""
    dossiers = [e.dossier_id for e in sheet.entries]
    for row in session.scalars(
        select(ReviewRecordRow).where(
            ReviewRecordRow.person_id == sheet.expert_id,
            ReviewRecordRow.stage == sheet.stage,
            ReviewRecordRow.dossier_id.in_(dossiers),
        )
    ):
        row.submitted_revision = revision


def _snapshot(session: Session) -> tuple[Any, ...]:
    """When each of the owner's records last changed, and their conflicts: a change detector."""
    owner_id = owner_row(session).id
    records = session.execute(
        select(ReviewRecordRow.dossier_id, ReviewRecordRow.stage, ReviewRecordRow.updated_at)
        .where(ReviewRecordRow.person_id == owner_id)
        .order_by(ReviewRecordRow.id)
    ).all()
    conflicts = session.scalars(
        select(ConflictRow.dossier_id)
        .where(ConflictRow.person_id == owner_id)
        .order_by(ConflictRow.dossier_id)
    ).all()
    return tuple(tuple(r) for r in records), tuple(conflicts)


__all__ = ["ExportedSheet", "export_sheet"]
