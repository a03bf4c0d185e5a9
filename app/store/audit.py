"""The append-only, hash-chained audit log (审计日志).

Each entry's hash covers its content and the previous entry's hash, so removing,
reordering or editing an entry breaks the chain; triggers in the schema refuse
UPDATE and DELETE outright. The head hash goes into every signed sheet.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store.schema import AuditRow

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One audit entry as plain data."""

    seq: int
    at: str
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]
    hash: str


def _digest(
    prev_hash: str, seq: int, at: str, actor: str, action: str, subject: str, detail: str
) -> str:
    body = json.dumps(
        [prev_hash, seq, at, actor, action, subject, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def head(session: Session) -> str:
    """Hash of the newest entry (the genesis value for an empty log)."""
    row = session.execute(
        select(AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
    ).scalar_one_or_none()
    return row or GENESIS


def record(
    session: Session, *, actor: str, action: str, subject: str, detail: dict[str, Any] | None = None
) -> str:
    """Append an entry in the caller's transaction and return the new head hash."""
    last = session.execute(
        select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
    ).one_or_none()
    seq = (last[0] + 1) if last else 1
    prev_hash = last[1] if last else GENESIS
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    detail_json = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str)
    digest = _digest(prev_hash, seq, at, actor, action, subject, detail_json)
    session.add(
        AuditRow(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            subject=subject,
            detail=detail_json,
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    session.flush()
    return digest


def verify(session: Session) -> list[str]:
    """Every break in the chain, described (empty when the log is intact)."""
    problems: list[str] = []
    expected_prev = GENESIS
    expected_seq = 1
    for row in session.execute(select(AuditRow).order_by(AuditRow.seq)).scalars():
        if row.seq != expected_seq:
            problems.append(f"audit entry {expected_seq} is missing (next is {row.seq})")
        if row.prev_hash != expected_prev:
            problems.append(f"audit entry {row.seq} does not follow the one before it")
        digest = _digest(
            row.prev_hash, row.seq, row.at, row.actor, row.action, row.subject, row.detail
        )
        if digest != row.hash:
            problems.append(f"audit entry {row.seq} was altered")
        expected_prev = row.hash
        expected_seq = row.seq + 1
    return problems


def count(session: Session) -> int:
    """How many entries the log holds."""
    return int(session.execute(select(func.count()).select_from(AuditRow)).scalar_one())


def entries(session: Session, limit: int = 100) -> list[AuditEntry]:
    """The newest ``limit`` entries, oldest first."""
    rows = (
        session.execute(select(AuditRow).order_by(AuditRow.seq.desc()).limit(limit)).scalars().all()
    )
    return [
        AuditEntry(r.seq, r.at, r.actor, r.action, r.subject, json.loads(r.detail), r.hash)
        for r in reversed(rows)
    ]
