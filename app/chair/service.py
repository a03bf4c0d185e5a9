"""The chair's service (主任委员审核服务): the table across groups and the chair's changes.

Only the chair's personal store can do this. The table is rebuilt from the applied
revision of each group's report, recomputed under the round's rule, and the chair's own
decisions. A change to the groups' proposed list needs a written reason; putting a
dossier back where its group put it removes the change instead. Each change is one unit
of work with one audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.chair.ledger import HeldReport, applied_reports
from app.chair.roster import ChairRoster, chair_row, roster_in
from app.chair.table import ChairDecision, ChairLine, ChairTable, ReportRef, chair_table
from app.consolidation.report import REPORT_KIND
from app.consolidation.service import record_decision
from app.errors import InputRefused, Text
from app.models.round import Group
from app.scoring.queries import round_row
from app.store import audit
from app.store.schema import ReceivedFileRow, ShortlistDecisionRow
from app.store.store import Store

CHAIR_SCOPE = "chair"
"""``ShortlistDecisionRow.scope`` of the chair's decisions."""
REASON_LIMIT = 2000

ReportSource = Callable[[Store], list[HeldReport]]


@dataclass(frozen=True)
class ReceivedReportRow:
    """One line of the chair's verification table."""

    file_name: str
    group: str
    revision: int | None
    verdict: str
    code: str
    reason_zh: str
    reason_en: str
    received_at: datetime


class ChairService:
    """The chair's review on their own store; every call is one unit of work."""

    def __init__(self, store: Store, reports: ReportSource = applied_reports) -> None:
        self._store = store
        self._reports = reports

    def table(self) -> ChairTable:
        """The chair's table as it stands, from the reports applied so far."""
        held = self._reports(self._store)
        with self._store.session() as session:
            roster = roster_in(session)
            return _table(session, roster, held)

    def verification(self) -> list[ReceivedReportRow]:
        """Every report file offered so far with its verdict and reason, oldest first."""
        with self._store.session() as session:
            roster = roster_in(session)
            rows = session.scalars(
                select(ReceivedFileRow)
                .where(ReceivedFileRow.kind == REPORT_KIND)
                .order_by(ReceivedFileRow.id)
            )
            return [
                ReceivedReportRow(
                    r.file_name,
                    _group_of(roster, r.document_id),
                    r.revision,
                    r.verdict,
                    r.reason_code,
                    r.reason_zh,
                    r.reason_en,
                    r.received_at.replace(tzinfo=UTC),
                )
                for r in rows
            ]

    def change(self, dossier_id: str, included: bool, reason: str) -> ChairLine:
        """Put a dossier on (``included``) or off the chair's list, giving the reason."""
        reason = reason.strip()
        if len(reason) > REASON_LIMIT:
            raise InputRefused(
                Text(
                    f"理由不能超过 {REASON_LIMIT} 字，未做修改。",
                    f"A reason is limited to {REASON_LIMIT} characters; nothing was changed.",
                )
            )
        try:
            line = self.table().line(dossier_id)
        except KeyError:
            raise _not_listed(dossier_id) from None
        with self._store.session() as session:
            chair = chair_row(session)
            stage = round_row(session).stage
            kind = record_decision(
                session,
                (stage, CHAIR_SCOPE, dossier_id),
                included=included,
                default=line.proposed,
                reason=reason,
                decided_by=chair.name,
                reason_needed=lambda: _reason_needed(line, included),
            )
            if kind is None:
                return line
            audit.record(
                session,
                actor=chair.name,
                action=f"chair.shortlist.{kind}",
                subject=dossier_id,
                detail={
                    "stage": stage,
                    "included": included,
                    "proposed": line.proposed,
                    "group": line.group.id,
                    "reason": reason,
                },
            )
        return self.table().line(dossier_id)


def _table(session: Session, roster: ChairRoster, held: list[HeldReport]) -> ChairTable:
    rnd = roster.round
    tables = {}
    for h in held:
        report = h.report
        ref = ReportRef(
            report.report_id,
            report.revision,
            report.content_hash,
            h.file_sha256,
            h.received_at.isoformat(timespec="seconds"),
        )
        tables[report.group.id] = (report.recompute(rnd), ref)
    groups = [Group(g, roster.group_names[g]) for g in roster.reviewing_groups]
    rows = session.scalars(
        select(ShortlistDecisionRow).where(
            ShortlistDecisionRow.stage == rnd.stage.value,
            ShortlistDecisionRow.scope == CHAIR_SCOPE,
        )
    )
    decisions = [
        ChairDecision(
            r.dossier_id,
            r.included,
            r.reason,
            r.decided_by,
            r.updated_at.replace(tzinfo=UTC).isoformat(timespec="seconds"),
        )
        for r in rows
    ]
    return chair_table(rnd, (roster.chair_id, roster.chair_name), groups, tables, decisions)


def _group_of(roster: ChairRoster, report_id: str | None) -> str:
    """The group a report id names (``round:stage:group:<id>``), by name."""
    if not report_id:
        return ""
    group_id = report_id.rsplit(":", 1)[-1]
    return roster.group_names.get(group_id, "")


def _not_listed(dossier_id: str) -> InputRefused:
    return InputRefused(
        Text(
            f"申报材料 {dossier_id} 不在已收到的任何专业组汇总表中，未做修改。",
            f"The dossier {dossier_id} is in no group report received so far; nothing changed.",
        )
    )


def _reason_needed(line: ChairLine, included: bool) -> InputRefused:
    name, group = line.line.dossier.enterprise, line.group.name
    if included:
        return InputRefused(
            Text(
                f"“{name}”不在“{group}”报送的入围名单中；将其列入须写明理由，未做修改。",
                f"“{name}” is not on the list “{group}” sent; putting it on needs a written "
                "reason. Nothing was changed.",
            )
        )
    return InputRefused(
        Text(
            f"“{name}”在“{group}”报送的入围名单中；将其调出须写明理由，未做修改。",
            f"“{name}” is on the list “{group}” sent; taking it off needs a written reason. "
            "Nothing was changed.",
        )
    )


__all__ = ["CHAIR_SCOPE", "ChairService", "ReceivedReportRow"]
