"""The chair's ledger of received group reports (汇总表台账).

Each file offered is verified against the chair's roster, gets a line in the verification
table with its verdict and reason, and one audit entry. Per group report the ledger holds
every signed revision received, with the same rules as the leaders' ledger of sheets:
the same file again is a duplicate; a newer revision is applied and supersedes the one
before; an older one is kept, never applied; the same revision with other content is
conflicting and refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.chair.report_read import ReceivedReport, parse_report
from app.chair.roster import ChairRoster, chair_roster
from app.chair.verify import ReportRejected, VerifiedReport, verify_report
from app.consolidation.report import REPORT_KIND
from app.errors import Text
from app.sheets.ledger import FILE_LIMIT, ImportResult, sheet_files
from app.sheets.received import APPLIED, CONFLICTING, DUPLICATE, KEPT, REJECTED, SUPERSEDED
from app.store import audit
from app.store.schema import ReceivedFileRow, RoundRow, SignedRevisionRow
from app.store.store import Store


@dataclass(frozen=True)
class HeldReport:
    """An applied report revision: what the chair's table is built from."""

    report: ReceivedReport
    file_sha256: str
    received_at: datetime


def import_reports(store: Store, files: Iterable[Path]) -> list[ImportResult]:
    """Verify and take in the groups' signed reports; refused outside the chair's store."""
    roster = chair_roster(store)
    paths = sheet_files(files)
    with store.session() as session:
        ca = session.get(RoundRow, roster.round.id).ca_certificate  # type: ignore[union-attr]
    return [_import_one(store, roster, ca, path) for path in paths]


def applied_reports(store: Store) -> list[HeldReport]:
    """The applied revision of each group's report at the round's current stage."""
    roster = chair_roster(store)
    with store.session() as session:
        rows = session.scalars(
            select(SignedRevisionRow).where(
                SignedRevisionRow.kind == REPORT_KIND,
                SignedRevisionRow.state == APPLIED,
                SignedRevisionRow.round_id == roster.round.id,
                SignedRevisionRow.stage == roster.round.stage.value,
            )
        )
        return [
            HeldReport(
                parse_report(json.loads(r.payload)),
                r.file_sha256,
                r.created_at.replace(tzinfo=UTC),
            )
            for r in rows
        ]


def _import_one(store: Store, roster: ChairRoster, ca: bytes, path: Path) -> ImportResult:
    try:
        if path.stat().st_size > FILE_LIMIT:
            return _record(store, roster, path, "", _too_large(path))
        data = path.read_bytes()
    except OSError as exc:
        unreadable = Text(
            f"无法读取此文件（{exc.strerror or exc}），未导入。",
            f"The file cannot be read ({exc.strerror or exc}); not imported.",
        )
        return _record(
            store, roster, path, "", ImportResult(path, REJECTED, "unreadable", unreadable)
        )
    digest = hashlib.sha256(data).hexdigest()
    with store.session() as session:
        held = session.scalars(
            select(SignedRevisionRow).where(
                SignedRevisionRow.kind == REPORT_KIND, SignedRevisionRow.file_sha256 == digest
            )
        ).first()
        if held is not None:
            group = roster.group_names.get(held.group_id or "", "")
            text = Text(
                f"重复文件：“{group}”汇总表第 {held.revision} 版已经收到过，未做任何改动。",
                f"Duplicate: revision {held.revision} of the report of “{group}” was already "
                "received; nothing changed.",
            )
            result = ImportResult(
                path,
                DUPLICATE,
                "duplicate",
                text,
                held.signer_id,
                group,
                held.document_id,
                held.revision,
            )
            return _record(store, roster, path, digest, result, session)
    try:
        verified = verify_report(data, ca_certificate_pem=ca, roster=roster)
    except ReportRejected as exc:
        return _record(store, roster, path, digest, _refused(path, exc, roster))
    return _take_in(store, roster, path, verified, data)


def _take_in(
    store: Store, roster: ChairRoster, path: Path, verified: VerifiedReport, data: bytes
) -> ImportResult:
    report = verified.report
    group, rev = report.group.name, report.revision
    leader = report.leader.id if report.leader is not None else None

    def result(verdict: str, code: str, zh: str, en: str) -> ImportResult:
        return ImportResult(path, verdict, code, Text(zh, en), leader, group, report.report_id, rev)

    with store.session() as session:
        rows = list(
            session.scalars(
                select(SignedRevisionRow).where(
                    SignedRevisionRow.kind == REPORT_KIND,
                    SignedRevisionRow.document_id == report.report_id,
                )
            )
        )
        same = [r for r in rows if r.revision == rev]
        if any(r.content_hash == report.content_hash for r in same):
            outcome = result(
                DUPLICATE,
                "duplicate",
                f"重复：“{group}”汇总表第 {rev} 版（内容相同）已经收到过，未做任何改动。",
                f"Duplicate: revision {rev} of the report of “{group}” (same content) was "
                "already received; nothing changed.",
            )
            return _record(store, roster, path, verified.file_sha256, outcome, session)
        if same:
            outcome = result(
                CONFLICTING,
                "conflicting",
                f"冲突：已收到“{group}”汇总表第 {rev} 版，而此文件的第 {rev} 版内容不同。"
                "同一版本不能有两种内容，未采用。请与该组组长核实。",
                f"Conflicting: revision {rev} of the report of “{group}” was already received "
                "with other content. One revision cannot say two things; not applied. Check "
                "with the group's leader.",
            )
            return _record(store, roster, path, verified.file_sha256, outcome, session)
        applied = next((r for r in rows if r.state == APPLIED), None)
        if applied is not None and rev < applied.revision:
            state = KEPT
            outcome = result(
                KEPT,
                "kept_older",
                f"已保存但未采用：“{group}”汇总表第 {rev} 版比已采用的第 {applied.revision} 版旧。",
                f"Kept, not applied: revision {rev} of the report of “{group}” is older than "
                f"the applied revision {applied.revision}.",
            )
        else:
            state = APPLIED
            before = (
                (f"（取代第 {applied.revision} 版）", f" (replacing revision {applied.revision})")
                if applied is not None
                else ("", "")
            )
            outcome = result(
                APPLIED,
                "applied",
                f"已采用：“{group}”汇总表第 {rev} 版{before[0]}，各项统计已按成员分数复核无误。",
                f"Applied: revision {rev} of the report of “{group}”{before[1]}; every figure "
                "was recomputed from the members' scores and matches.",
            )
            if applied is not None:
                applied.state = SUPERSEDED
        session.add(
            SignedRevisionRow(
                kind=REPORT_KIND,
                document_id=report.report_id,
                signer_id=leader or "",
                round_id=report.round_id,
                stage=report.stage,
                group_id=report.group.id,
                revision=rev,
                prev_hash=report.prev_hash,
                content_hash=report.content_hash,
                file_sha256=store.documents.put(data),
                payload=verified.payload.decode("utf-8"),
                state=state,
                created_at=datetime.now(UTC),
            )
        )
        return _record(store, roster, path, verified.file_sha256, outcome, session)


def _record(
    store: Store,
    roster: ChairRoster,
    path: Path,
    digest: str,
    outcome: ImportResult,
    session: Session | None = None,
) -> ImportResult:
    """The verification table's line and the audit entry for one offered file."""
    if session is None:
        with store.session() as own:
            return _record(store, roster, path, digest, outcome, own)
    session.add(
        ReceivedFileRow(
            kind=REPORT_KIND,
            file_name=path.name,
            file_sha256=digest,
            signer_id=outcome.signer_id,
            document_id=outcome.sheet_id,
            revision=outcome.revision,
            verdict=outcome.verdict,
            reason_code=outcome.code,
            reason_zh=outcome.reason.zh,
            reason_en=outcome.reason.en,
            received_at=datetime.now(UTC),
        )
    )
    audit.record(
        session,
        actor=roster.chair_name,
        action="report.receive",
        subject=path.name,
        detail={
            "verdict": outcome.verdict,
            "code": outcome.code,
            "file_sha256": digest,
            "signer": outcome.signer_id,
            "revision": outcome.revision,
        },
    )
    return outcome


def _refused(path: Path, exc: ReportRejected, roster: ChairRoster) -> ImportResult:
    report = exc.report
    group = None
    if report is not None:
        group = roster.group_names.get(report.group.id, report.group.name)
    return ImportResult(
        path,
        REJECTED,
        exc.code,
        exc.text,
        exc.signer_id,
        group,
        report.report_id if report is not None else None,
        report.revision if report is not None else None,
    )


def _too_large(path: Path) -> ImportResult:
    return ImportResult(
        path,
        REJECTED,
        "too_large",
        Text(
            f"文件过大（超过 {FILE_LIMIT >> 20} MB），不是汇总表，未读取。",
            f"The file is too large (over {FILE_LIMIT >> 20} MB) to be a group report; not read.",
        ),
    )


__all__ = ["HeldReport", "applied_reports", "import_reports"]
