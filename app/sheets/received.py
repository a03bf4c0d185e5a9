"""What the leader's ledger holds, read for the screens and the group's figures.

Plain rows only: the verification table (every file offered and its verdict), the
revisions held per member, and the sheets the group's consolidation uses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from app.sheets.build import OWN, SCORE_SHEET, last_own_revision
from app.sheets.payload import ScoreSheet, sheet_id_for
from app.sheets.roster import roster_of
from app.store.schema import PersonRow, ReceivedFileRow, SignedRevisionRow
from app.store.store import Store

APPLIED, SUPERSEDED, KEPT = "applied", "superseded", "kept"
"""States of a received revision in ``SignedRevisionRow.state``."""
DUPLICATE, CONFLICTING, REJECTED = "duplicate", "conflicting", "rejected"
"""Verdicts on offered files that add no revision."""


@dataclass(frozen=True)
class VerificationRow:
    """One line of the verification table, as the leader's screen shows it."""

    file_name: str
    member: str
    revision: int | None
    verdict: str
    code: str
    reason_zh: str
    reason_en: str
    received_at: datetime


@dataclass(frozen=True)
class ReceivedSheet:
    """One signed revision the ledger holds."""

    member: str
    signer_id: str
    sheet_id: str
    revision: int
    state: str  # applied | superseded | kept
    content_hash: str
    received_at: datetime


def verification_table(store: Store) -> list[VerificationRow]:
    """Every file offered so far with its verdict and reason, oldest first."""
    with store.session() as session:
        names = {p.id: p.name for p in session.scalars(select(PersonRow))}
        return [
            VerificationRow(
                r.file_name,
                names.get(r.signer_id or "", ""),
                r.revision,
                r.verdict,
                r.reason_code,
                r.reason_zh,
                r.reason_en,
                r.received_at.replace(tzinfo=UTC),
            )
            for r in session.scalars(select(ReceivedFileRow).order_by(ReceivedFileRow.id))
        ]


def received_sheets(store: Store) -> list[ReceivedSheet]:
    """Every member revision the ledger holds, by member and revision."""
    with store.session() as session:
        names = {p.id: p.name for p in session.scalars(select(PersonRow))}
        rows = session.scalars(
            select(SignedRevisionRow).where(
                SignedRevisionRow.kind == SCORE_SHEET, SignedRevisionRow.state != OWN
            )
        )
        out = [
            ReceivedSheet(
                names.get(r.signer_id, r.signer_id),
                r.signer_id,
                r.document_id,
                r.revision,
                r.state,
                r.content_hash,
                r.created_at.replace(tzinfo=UTC),
            )
            for r in rows
        ]
    return sorted(out, key=lambda s: (s.member, s.revision))


def applied_sheets(store: Store) -> list[ScoreSheet]:
    """The sheets the group's figures use: each member's applied one and the leader's own.

    The leader scores too; their latest signed revision (made on this computer) counts
    like a member's applied one.
    """
    roster = roster_of(store)
    with store.session() as session:
        payloads = list(
            session.scalars(
                select(SignedRevisionRow.payload).where(
                    SignedRevisionRow.kind == SCORE_SHEET,
                    SignedRevisionRow.state == APPLIED,
                    SignedRevisionRow.round_id == roster.round_id,
                    SignedRevisionRow.stage == roster.stage,
                )
            )
        )
        own = last_own_revision(
            session, sheet_id_for(roster.round_id, roster.stage, roster.leader_id)
        )
        if own is not None:
            payloads.append(own.payload)
    sheets = [ScoreSheet.from_json(json.loads(p)) for p in payloads]
    return sorted(sheets, key=lambda s: (s.expert_name, s.expert_id))


__all__ = [
    "APPLIED",
    "CONFLICTING",
    "DUPLICATE",
    "KEPT",
    "REJECTED",
    "SUPERSEDED",
    "ReceivedSheet",
    "VerificationRow",
    "applied_sheets",
    "received_sheets",
    "verification_table",
]
