"""Exporting the signed group report (专业组评审汇总表) for the chair, with its XLSX copy.

Refused until at least one sheet has been received; members still missing are listed in
the report itself, because when to send is the leader's call. Each signed revision is
kept in the store (its JSON, its PDF, its place in the chain). Exporting again when the
report would say nothing new writes the same signed revision again instead of making a
new one, so the chair's ledger sees a duplicate, not a revision that changes nothing.
The PDF is written inside the unit of work: no file, no record.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.consolidation.report import (
    ATTACHMENT_NAME,
    REPORT_KIND,
    GroupReport,
    VerificationRow,
    report_id_for,
    verification_rows,
)
from app.consolidation.report_pdf import render_report_pdf
from app.consolidation.report_xlsx import write_group_report_xlsx
from app.consolidation.service import GroupService, SheetSource, leader_row
from app.consolidation.table import GroupTable
from app.errors import InputRefused, Text
from app.sheets.build import OWN, last_own_revision
from app.sheets.ledger import applied_sheets
from app.sheets.payload import GENESIS
from app.signing.identity import signing_identity
from app.signing.signed_pdf import sign_pdf
from app.store import audit
from app.store.files import write_atomically
from app.store.schema import SignedRevisionRow
from app.store.store import Store

VerificationSource = Callable[[Store], Sequence[VerificationRow]]


@dataclass(frozen=True)
class ExportedReport:
    """What an export wrote."""

    path: Path
    xlsx: Path | None
    report_id: str
    revision: int
    content_hash: str
    dossiers: int
    shortlist: tuple[str, ...]  # dossier ids, in rank order
    missing: tuple[str, ...]  # names of members whose sheets were not received
    reissued: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "path": str(self.path),
            "xlsx": None if self.xlsx is None else str(self.xlsx),
            "shortlist": list(self.shortlist),
            "missing": list(self.missing),
        }

    @property
    def message(self) -> Text:
        if self.reissued:
            head = Text(
                f"自第 {self.revision} 版以来汇总结果没有变化，已将第 {self.revision} 版签名汇总表"
                f"原样写出：{self.path}。",
                f"Nothing changed since revision {self.revision}; wrote that signed report "
                f"again, unchanged: {self.path}.",
            )
        else:
            head = Text(
                f"已导出签名汇总表第 {self.revision} 版：{self.path}（{self.dossiers} 份申报材料，"
                f"入围 {len(self.shortlist)} 项）。请将此文件交给主任委员。",
                f"Exported signed group report revision {self.revision}: {self.path} "
                f"({self.dossiers} dossiers, {len(self.shortlist)} on the shortlist). Hand "
                "this file to the committee chair.",
            )
        if not self.missing:
            return head
        return Text(
            head.zh + f"\n注意：尚未收到 {'、'.join(self.missing)} 的评分表，报告中已列明。",
            head.en + f"\nNote: no sheet yet from {', '.join(self.missing)}; the report says so.",
        )


def export_group_report(
    store: Store,
    target_pdf: Path,
    xlsx: Path | None = None,
    *,
    sheets: SheetSource = applied_sheets,
    verification: VerificationSource = verification_rows,
) -> ExportedReport:
    """Sign the group report with the leader's round certificate and write it (see above)."""
    table = GroupService(store, sheets).table()
    if table.received == 0:
        raise InputRefused(
            Text(
                "尚未收到任何评分表（包括组长本人的），不能生成汇总表。请先导出您本人的签名评分表，"
                "并导入成员发来的评分表（qbr group import）。",
                "No score sheet has been received yet (the leader's own included), so there is "
                "nothing to consolidate. Export your own signed sheet and import the members' "
                "sheets first (qbr group import).",
            )
        )
    rows = tuple(verification(store))
    rnd = table.round
    report_id = report_id_for(rnd.id, rnd.stage.value, table.group.id)
    with store.session() as session:
        leader = leader_row(session)
        last = last_own_revision(session, report_id, REPORT_KIND)
        previous = _as_before(last, table, rows)
        if last is not None and previous is not None:
            return _reissue(store, session, last, previous, target_pdf, xlsx)
        signer = signing_identity(session, leader.id, rnd.id, Text("汇总表", "report"))
        report = GroupReport(
            report_id=report_id,
            revision=(last.revision if last else 0) + 1,
            prev_hash=last.content_hash if last else GENESIS,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            audit_head=audit.head(session),
            table=table,
            verification=rows,
        )
        rendered = render_report_pdf(report)
        signed = sign_pdf(
            rendered.pdf,
            attachment_name=ATTACHMENT_NAME,
            attachment=report.canonical_bytes(),
            certificate_pem=signer.certificate_pem,
            private_key_pem=signer.private_key_pem,
            ca_certificate_pem=signer.ca_certificate_pem,
            signer_name=leader.name,
            box=rendered.signature_box,
            page=rendered.signature_page,
            reason=f"专业组汇总表第 {report.revision} 版",
        )
        file_sha256 = store.documents.put(signed)
        session.add(
            SignedRevisionRow(
                kind=REPORT_KIND,
                document_id=report_id,
                signer_id=leader.id,
                round_id=rnd.id,
                stage=rnd.stage.value,
                group_id=table.group.id,
                revision=report.revision,
                prev_hash=report.prev_hash,
                content_hash=report.content_hash,
                file_sha256=file_sha256,
                payload=report.canonical_bytes().decode(),
                state=OWN,
                created_at=datetime.now(UTC),
            )
        )
        audit.record(
            session,
            actor=leader.name,
            action="group.report.export",
            subject=report_id,
            detail={
                "revision": report.revision,
                "content_hash": report.content_hash,
                "file_sha256": file_sha256,
                "received": table.received,
                "missing": [p.id for p in table.missing_members],
                "shortlist": [line.dossier.id for line in table.shortlist],
            },
        )
        session.flush()
        _write(target_pdf, signed, xlsx, report)
        return _exported(target_pdf, xlsx, report, reissued=False)


def _as_before(
    last: SignedRevisionRow | None, table: GroupTable, rows: tuple[VerificationRow, ...]
) -> GroupReport | None:
    """The last revision again, if today's table and verification table say exactly that."""
    if last is None:
        return None
    held = json.loads(last.payload)
    again = GroupReport(
        report_id=last.document_id,
        revision=last.revision,
        prev_hash=last.prev_hash,
        created_at=str(held.get("created_at", "")),
        audit_head=str(held.get("audit_head", "")),
        table=table,
        verification=rows,
    )
    return again if again.content_hash == last.content_hash else None


def _reissue(
    store: Store,
    session: Session,
    last: SignedRevisionRow,
    report: GroupReport,
    target_pdf: Path,
    xlsx: Path | None,
) -> ExportedReport:
    signed = bytes(store.documents.get(last.file_sha256))
    audit.record(
        session,
        actor=leader_row(session).name,
        action="group.report.reissue",
        subject=last.document_id,
        detail={"revision": last.revision, "file_sha256": last.file_sha256},
    )
    session.flush()
    _write(target_pdf, signed, xlsx, report)
    return _exported(target_pdf, xlsx, report, reissued=True)


def _write(target_pdf: Path, signed: bytes, xlsx: Path | None, report: GroupReport) -> None:
    if xlsx is not None:
        write_group_report_xlsx(report, xlsx)
    write_atomically(target_pdf, signed)


def _exported(
    target_pdf: Path, xlsx: Path | None, report: GroupReport, *, reissued: bool
) -> ExportedReport:
    table = report.table
    return ExportedReport(
        path=target_pdf,
        xlsx=xlsx,
        report_id=report.report_id,
        revision=report.revision,
        content_hash=report.content_hash,
        dossiers=len(table.lines),
        shortlist=tuple(line.dossier.id for line in table.shortlist),
        missing=tuple(p.name for p in table.missing_members),
        reissued=reissued,
    )
