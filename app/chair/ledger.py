"""The chair's ledger of received group reports (汇总表台账).

Each file offered is verified against the chair's roster, gets a line in the verification
table with its verdict and reason, and one audit entry. Per group report the ledger holds
every signed revision received, with the same rules as the leaders' ledger of sheets:
the same file again is a duplicate; a newer revision is applied and supersedes the one
before; an older one is kept, never applied; the same revision with other content is
conflicting and refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from app.chair.report_read import ReceivedReport, parse_report
from app.chair.roster import ChairRoster, chair_roster
from app.chair.verify import ReportRejected, VerifiedReport, verify_report
from app.consolidation.report import REPORT_KIND
from app.errors import Text
from app.sheets.intake import ImportResult, Intake, Revision, Words
from app.sheets.ledger import sheet_files
from app.sheets.received import APPLIED, REJECTED
from app.store.schema import RoundRow, SignedRevisionRow
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
    intake = Intake(store, REPORT_KIND, roster.chair_name, "report.receive", _words(roster))
    return [_import_one(intake, roster, ca, path) for path in paths]


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


def _import_one(intake: Intake, roster: ChairRoster, ca: bytes, path: Path) -> ImportResult:
    offered = intake.receive(path)
    if isinstance(offered, ImportResult):
        return offered
    try:
        verified = verify_report(offered.data, ca_certificate_pem=ca, roster=roster)
    except ReportRejected as exc:
        return intake.record(path, offered.sha256, _refused(path, exc, roster))
    return intake.place(offered, _revision(verified))


def _revision(verified: VerifiedReport) -> Revision:
    """The report as the ledger places it, signed by the group's leader."""
    report = verified.report
    leader = report.leader.id if report.leader is not None else None

    def keep(state: str, file_sha256: str) -> SignedRevisionRow:
        return SignedRevisionRow(
            kind=REPORT_KIND,
            document_id=report.report_id,
            signer_id=leader or "",
            round_id=report.round_id,
            stage=report.stage,
            group_id=report.group.id,
            revision=report.revision,
            prev_hash=report.prev_hash,
            content_hash=report.content_hash,
            file_sha256=file_sha256,
            payload=verified.payload.decode("utf-8"),
            state=state,
            created_at=datetime.now(UTC),
        )

    return Revision(
        report.report_id,
        report.revision,
        report.content_hash,
        report.prev_hash,
        leader,
        report.group.name,
        keep,
    )


def _words(roster: ChairRoster) -> Words:
    """How the chair's verdicts name a group's report."""
    return Words(
        name_of=lambda held: roster.group_names.get(held.group_id or "", ""),
        too_large=Text(
            "文件过大（超过 {limit} MB），不是汇总表，未读取。",
            "The file is too large (over {limit} MB) to be a group report; not read.",
        ),
        file_duplicate=Text(
            "重复文件：“{name}”汇总表第 {revision} 版已经收到过，未做任何改动。",
            "Duplicate: revision {revision} of the report of “{name}” was already received; "
            "nothing changed.",
        ),
        duplicate=Text(
            "重复：“{name}”汇总表第 {revision} 版（内容相同）已经收到过，未做任何改动。",
            "Duplicate: revision {revision} of the report of “{name}” (same content) was "
            "already received; nothing changed.",
        ),
        conflicting=Text(
            "冲突：已收到“{name}”汇总表第 {revision} 版，而此文件的第 {revision} 版内容不同。"
            "同一版本不能有两种内容，未采用。请与该组组长核实。",
            "Conflicting: revision {revision} of the report of “{name}” was already received "
            "with other content. One revision cannot say two things; not applied. Check "
            "with the group's leader.",
        ),
        kept=Text(
            "已保存但未采用：“{name}”汇总表第 {revision} 版比已采用的第 {applied} 版旧。",
            "Kept, not applied: revision {revision} of the report of “{name}” is older than "
            "the applied revision {applied}.",
        ),
        applied=Text(  # verify_report recomputed every figure before this
            "已采用：“{name}”汇总表第 {revision} 版{replacing}，各项统计已按成员分数复核无误。",
            "Applied: revision {revision} of the report of “{name}”{replacing}; every figure "
            "was recomputed from the members' scores and matches.",
        ),
    )


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


__all__ = ["HeldReport", "applied_reports", "import_reports"]
