"""What the review service hands out: plain, frozen views of dossiers, and the row mappings.

The UI keeps these across threads and repaints from them, so none of them holds a
live ORM row; the functions turning rows into them live here, beside the shapes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from app.errors import Text
from app.formal.model import RuleLimits
from app.formal.rules_files import status_text
from app.formal.rules_summary import section_limits
from app.models.dossier import Document, DocumentKind, Dossier
from app.models.inspection import FileStatus, Inspection
from app.models.round import Stage
from app.scoring.record import DossierStatus, ReviewRecord
from app.store.schema import ConflictRow, DocumentRow, DossierRow, ReviewRecordRow

# The order the documents' tabs open in: the form, the summary, then the evidence.
KIND_ORDER = {
    DocumentKind.APPLICATION: 0,
    DocumentKind.SUMMARY: 1,
    DocumentKind.EVIDENCE: 2,
    DocumentKind.OTHER: 3,
}
SELF = "self"
SECRETARIAT = "secretariat"


@dataclass(frozen=True)
class DossierSummary:
    """One line of the dossier list."""

    id: str
    seq: int
    enterprise: str
    title: str
    group: str | None
    status: DossierStatus
    total: Decimal | None  # None until something is scored, and under a conflict
    documents: int
    updated_at: datetime | None


@dataclass(frozen=True)
class OutlineEntry:
    """A section of a 典型经验材料 for the Word outline, with its length limit if it has one."""

    title: str
    level: int
    chars: int
    limit: int | None

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.chars > self.limit


@dataclass(frozen=True)
class DeclaredConflict:
    """A conflict of interest (回避) on the dossier: who declared it, and why."""

    declared_by: str  # "self" (the reviewer, withdrawable) or "secretariat"
    reason: str
    at: datetime

    @property
    def withdrawable(self) -> bool:
        return self.declared_by == SELF


@dataclass(frozen=True)
class DossierDetail:
    """A dossier opened for review: its data, documents in tab order, outlines and problems."""

    dossier: Dossier
    group: str | None
    documents: tuple[Document, ...]
    outlines: Mapping[str, tuple[OutlineEntry, ...]]  # document id → sections (Word only)
    unreadable: Mapping[str, Text]  # document id → why it cannot be shown
    conflict: DeclaredConflict | None


def aware(moment: datetime) -> datetime:
    """SQLite keeps no time zone; every time the store writes is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def dossier_from_row(row: DossierRow) -> Dossier:
    profits = tuple(
        (int(year), None if value is None else Decimal(str(value)))
        for year, value in json.loads(row.profits)
    )
    return Dossier(
        id=row.id,
        seq=row.seq,
        enterprise=row.enterprise,
        uscc=row.uscc,
        recommending_unit=row.recommending_unit,
        industry=row.industry,
        industry_code=row.industry_code,
        focus_area=row.focus_area,
        title=row.title,
        profits=profits,
        folder=row.folder,
    )


def document_from_row(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        dossier_id=row.dossier_id,
        kind=DocumentKind(row.kind),
        name=row.name,
        size=row.size,
        sha256=row.sha256,
        detected_type=row.detected_type,
        pages=row.pages,
    )


def document_order(row: DocumentRow) -> tuple[int, str]:
    return KIND_ORDER.get(DocumentKind(row.kind), len(KIND_ORDER)), row.name


def outline(row: DocumentRow, limits: RuleLimits) -> tuple[OutlineEntry, ...]:
    """The stored sections of a document; the summary's required parts carry their limits."""
    inspection = Inspection.from_json(json.loads(row.inspection))
    limited: dict[int, int] = {}
    if row.kind == DocumentKind.SUMMARY.value:
        limited = section_limits(inspection.sections, limits)
    return tuple(
        OutlineEntry(s.title, s.level, s.chars, limited.get(id(s))) for s in inspection.sections
    )


def unreadable_reason(row: DocumentRow) -> Text | None:
    """Why a stored document cannot be shown, phrased for its tab (``None`` when it can)."""
    file_status = FileStatus(row.status)
    if file_status is FileStatus.OK:
        return None
    predicate = status_text(file_status, row.detected_type)
    return Text(f"{row.name}{predicate.zh}", f"{row.name} {predicate.en}")


def conflict_from_row(row: ConflictRow | None) -> DeclaredConflict | None:
    if row is None:
        return None
    return DeclaredConflict(row.declared_by, row.reason, aware(row.created_at))


def record_from_row(
    dossier_id: str, stage: Stage, row: ReviewRecordRow | None, conflict: ConflictRow | None
) -> ReviewRecord:
    """The stored record, or an empty one; the conflict table decides whether it is 回避."""
    declared = conflict is not None
    reason = conflict.reason if conflict is not None else ""
    if row is None:
        return ReviewRecord(dossier_id, stage, conflict=declared, conflict_reason=reason)
    scores: dict[str, Any] = json.loads(row.scores)
    return ReviewRecord(
        dossier_id=dossier_id,
        stage=stage,
        scores={key: Decimal(str(value)) for key, value in scores.items()},
        pair_comments=dict(json.loads(row.pair_comments)),
        overall_comment=row.overall_comment,
        recommendation=row.recommendation,
        conflict=declared,
        conflict_reason=reason,
        private_notes=row.private_notes,
        updated_at=aware(row.updated_at),
        submitted_revision=row.submitted_revision,
    )


def score_text(value: Decimal) -> str:
    """A score as stored: plain digits, no exponent, no trailing zeros ("12.5", "10")."""
    return format(value.normalize(), "f")


def fill_row(row: ReviewRecordRow, record: ReviewRecord, at: datetime) -> None:
    """Copy a record's reviewer-entered fields onto its row."""
    row.scores = json.dumps({k: score_text(v) for k, v in sorted(record.scores.items())})
    row.pair_comments = json.dumps(dict(sorted(record.pair_comments.items())), ensure_ascii=False)
    row.overall_comment = record.overall_comment
    row.recommendation = record.recommendation
    row.conflict = record.conflict
    row.private_notes = record.private_notes
    row.updated_at = at


def changes(old: ReviewRecord, new: ReviewRecord) -> dict[str, Any]:
    """What a save changes, for the audit log: field names and new scores, never any text.

    Comments are named but not quoted, and private notes are only named, so the log
    says who changed what and when without becoming a second copy of the review.
    """
    fields: list[str] = []
    scores: dict[str, str | None] = {}
    for key in sorted(set(old.scores) | set(new.scores)):
        before, after = old.scores.get(key), new.scores.get(key)
        if before != after:
            scores[key] = None if after is None else score_text(after)
    if scores:
        fields.append("scores")
    for key in sorted(set(old.pair_comments) | set(new.pair_comments)):
        if old.pair_comments.get(key, "") != new.pair_comments.get(key, ""):
            fields.append(f"pair_comment:{key}")
    if old.overall_comment != new.overall_comment:
        fields.append("overall_comment")
    detail: dict[str, Any] = {}
    if old.recommendation != new.recommendation:
        fields.append("recommendation")
        detail["recommendation"] = new.recommendation
    if old.private_notes != new.private_notes:
        fields.append("private_notes")
    if not fields:
        return {}
    detail["changed"] = fields
    if scores:
        detail["scores"] = scores
    return detail
