"""The group report (专业组评审汇总报告): the group table as signed, machine-readable data.

This JSON is embedded in the leader's signed PDF and is what the chair's app reads, so
it carries every figure with where it came from: each member's totals and aspect scores
with the sheet id, revision and content hash they were taken from, the rule and K they
were consolidated under, the leader's shortlist changes with their reasons, and the
verification table of the files the leader received. Official numbers travel as decimal
strings (group figures with exactly two decimals); z-scores and Kendall's W are floats,
labelled as aids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.consolidation.table import DossierLine, GroupTable, MemberScore, TableMember
from app.sheets import ledger
from app.sheets.payload import canonical_json
from app.store.store import Store

REPORT_FORMAT = "qbr-group-report/1"
ATTACHMENT_NAME = "group-report.json"
REPORT_KIND = "group_report"
AID_NOTE = (
    "z-scores and Kendall's W are aids for judging calibration and agreement; "
    "the official figure is the group score under the round's rule."
)


def report_id_for(round_id: str, stage: str, group_id: str) -> str:
    """A group report's stable id: one report per round, stage and group, revised over time."""
    return f"{round_id}:{stage}:group:{group_id}"


@dataclass(frozen=True)
class VerificationRow:
    """One file the leader was offered and the verdict on it (the ledger's verification table)."""

    file_name: str
    member: str
    revision: int | None
    verdict: str
    code: str
    reason_zh: str
    reason_en: str
    received_at: str  # ISO 8601, UTC

    @classmethod
    def from_ledger(cls, row: ledger.VerificationRow) -> VerificationRow:
        return cls(
            row.file_name,
            row.member,
            row.revision,
            row.verdict,
            row.code,
            row.reason_zh,
            row.reason_en,
            row.received_at.isoformat(timespec="seconds"),
        )

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def verification_rows(store: Store) -> tuple[VerificationRow, ...]:
    """The leader's verification table as the report carries it."""
    return tuple(VerificationRow.from_ledger(row) for row in ledger.verification_table(store))


@dataclass(frozen=True)
class GroupReport:
    """One revision of a group's report: the table plus what identifies and chains it."""

    report_id: str
    revision: int
    prev_hash: str
    created_at: str  # ISO 8601, UTC
    audit_head: str
    table: GroupTable
    verification: tuple[VerificationRow, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "format": REPORT_FORMAT,
            "report_id": self.report_id,
            "revision": self.revision,
            "prev_hash": self.prev_hash,
            "created_at": self.created_at,
            "audit_head": self.audit_head,
            **substance(self.table, self.verification),
        }

    def canonical_bytes(self) -> bytes:
        return canonical_json(self.to_json())

    @property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON: what the next revision's ``prev_hash`` names."""
        return hashlib.sha256(self.canonical_bytes()).hexdigest()


def substance(table: GroupTable, verification: tuple[VerificationRow, ...]) -> dict[str, Any]:
    """Everything a report says apart from its identity and time, to recognise no change."""
    rnd, leader = table.round, table.leader
    return {
        "round": {
            "id": rnd.id,
            "name": rnd.name,
            "year": rnd.year,
            "stage": rnd.stage.value,
        },
        "group": {"id": table.group.id, "name": table.group.name},
        "leader": None
        if leader is None
        else {"id": leader.id, "name": leader.name, "organisation": leader.organisation},
        "scheme": rnd.scheme.to_dict(),
        "rule": {
            "trim_at": rnd.rule.trim_at,
            "total_spread": number(rnd.rule.total_spread),
            "aspect_spread_fraction": number(rnd.rule.aspect_spread_fraction),
            "group_score_rounding": "2 decimals, half up",
            "tie_break": ["group_score", "tie_break_subtotal", "median"],
        },
        "shortlist_size": rnd.shortlist_size,
        "members": [_member(m) for m in table.members],
        "missing_members": [p.id for p in table.missing_members],
        "dossiers": [_dossier(line) for line in table.lines],
        "shortlist": [line.dossier.id for line in table.shortlist],
        "agreement": {
            "measure": "kendalls_w_tie_corrected",
            "w": _float(table.agreement.w),
            "reviewers": table.agreement.reviewers,
            "dossiers": table.agreement.dossiers,
            "aid": True,
        },
        "aid_note": AID_NOTE,
        "verification": [row.to_json() for row in verification],
    }


def number(value: Decimal) -> str:
    """A member's figure as written: no trailing zeros ("12.5", "84")."""
    return format(value.normalize(), "f")


def figure(value: Decimal | None) -> str | None:
    """A group figure as printed: exactly two decimals ("82.50")."""
    return None if value is None else format(value, "f")


def _float(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _member(m: TableMember) -> dict[str, Any]:
    person = m.person
    return {
        "id": person.id,
        "name": person.name,
        "organisation": person.organisation,
        "role": person.role.value,
        "sheet": None
        if m.sheet is None
        else {
            "sheet_id": m.sheet.sheet_id,
            "revision": m.sheet.revision,
            "content_hash": m.sheet.content_hash,
            "exported_at": m.sheet.exported_at,
        },
    }


def _score(m: MemberScore) -> dict[str, Any]:
    return {
        "member_id": m.member_id,
        "state": m.state.value,
        "scores": {k: number(v) for k, v in sorted(m.scores.items())},
        "subtotals": {k: number(v) for k, v in sorted(m.subtotals.items())},
        "total": None if m.total is None else number(m.total),
        "recommendation": m.recommendation,
        "z": _float(m.z),
    }


def _dossier(line: DossierLine) -> dict[str, Any]:
    d, decision = line.dossier, line.decision
    return {
        "dossier_id": d.id,
        "seq": d.seq,
        "enterprise": d.enterprise,
        "title": d.title,
        "members": [_score(m) for m in line.members],
        "group_score": figure(line.group_score),
        "tie_break_subtotal": figure(line.pair_score),
        "median": None if line.median is None else number(line.median),
        "spread": None if line.spread is None else number(line.spread),
        "aspect_spreads": {k: number(v) for k, v in sorted(line.aspect_spreads.items())},
        "dropped": None
        if line.dropped is None
        else {"highest": number(line.dropped[0]), "lowest": number(line.dropped[1])},
        "flags": [
            {
                "aspect": f.aspect_key,
                "spread": number(f.spread),
                "limit": number(f.limit),
                "excess": number(f.excess),
                "zh": f.text.zh,
                "en": f.text.en,
            }
            for f in line.flags
        ],
        "rank": line.rank,
        "computed_shortlist": line.computed,
        "boundary_tie": line.boundary_tie,
        "shortlist": line.effective,
        "changed": line.changed,
        "decision": None
        if decision is None
        else {
            "included": decision.included,
            "reason": decision.reason,
            "decided_by": decision.decided_by,
            "decided_at": decision.decided_at,
        },
        "consensus": line.consensus,
        "normalised_z": _float(line.normalised),
    }
