"""The machine-readable content of a score sheet (评分表), as embedded in its signed PDF.

The PDF is what people read and print; this JSON is what a leader's app reads. Both are
made from the same :class:`ScoreSheet`, and the signature covers both. Numbers travel as
decimal strings ("12.5") so nothing is rounded on the way. Parsing is strict: a sheet
whose data is not exactly this shape is refused, never half-read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from app.errors import InputRefused, Text
from app.exchange import fields

SHEET_FORMAT = "qbr-score-sheet/1"
ATTACHMENT_NAME = "score-sheet.json"
GENESIS = "0" * 64
"""The ``prev_hash`` of a sheet's first revision."""


def sheet_id_for(round_id: str, stage: str, person_id: str) -> str:
    """A sheet's stable id: one sheet per expert, round and stage, revised over time."""
    return f"{round_id}:{stage}:{person_id}"


@dataclass(frozen=True)
class SheetCitation:
    """A page cited as evidence in one of the entry's comments."""

    document: str
    page: int
    quote: str


@dataclass(frozen=True)
class SheetEntry:
    """One dossier on the sheet: the expert's scores and words, or a declared conflict (回避).

    ``subtotals`` and ``total`` are what the sheet states; a verifier recomputes them from
    ``scores`` and refuses any difference.
    """

    dossier_id: str
    seq: int
    enterprise: str
    title: str
    conflict: bool
    scores: Mapping[str, Decimal] = field(default_factory=dict)
    subtotals: Mapping[str, Decimal] = field(default_factory=dict)
    total: Decimal | None = None
    recommendation: bool | None = None
    overall_comment: str = ""
    pair_comments: Mapping[str, str] = field(default_factory=dict)
    citations: tuple[SheetCitation, ...] = ()

    def __post_init__(self) -> None:
        for name in ("scores", "subtotals", "pair_comments"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))


@dataclass(frozen=True)
class ScoreSheet:
    """A score sheet revision: who scored what, for which round, stage and group."""

    sheet_id: str
    revision: int  # 1, 2, …; 0 for an unsigned draft
    prev_hash: str  # content hash of the previous revision, GENESIS for the first
    round_id: str
    round_name: str
    year: int
    stage: str
    group_id: str
    group_name: str
    expert_id: str
    expert_name: str
    organisation: str
    scheme: Mapping[str, Any]  # the round's scheme (Scheme.to_dict()), to check ranges alone
    exported_at: str  # ISO 8601, UTC
    audit_head: str  # the expert's audit-log head when exporting
    entries: tuple[SheetEntry, ...]
    draft: bool = False

    def to_json(self) -> dict[str, Any]:
        """The sheet as JSON-ready data (the embedded attachment's content)."""
        return {
            "format": SHEET_FORMAT,
            "sheet_id": self.sheet_id,
            "revision": self.revision,
            "prev_hash": self.prev_hash,
            "draft": self.draft,
            "round": {
                "id": self.round_id,
                "name": self.round_name,
                "year": self.year,
                "stage": self.stage,
            },
            "group": {"id": self.group_id, "name": self.group_name},
            "expert": {
                "id": self.expert_id,
                "name": self.expert_name,
                "organisation": self.organisation,
            },
            "scheme": dict(self.scheme),
            "exported_at": self.exported_at,
            "audit_head": self.audit_head,
            "entries": [_entry_json(e) for e in self.entries],
        }

    def canonical_bytes(self) -> bytes:
        """The JSON in one canonical form: sorted keys, no spaces, UTF-8."""
        return canonical_json(self.to_json())

    @property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON: what the next revision's ``prev_hash`` names."""
        return hashlib.sha256(self.canonical_bytes()).hexdigest()

    @classmethod
    def from_json(cls, data: object) -> ScoreSheet:
        """Parse embedded sheet data, refusing anything not exactly of this format."""
        try:
            return _parse(data)
        except fields.MALFORMED as exc:
            raise damaged_sheet(str(exc) or type(exc).__name__) from exc


def canonical_json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def damaged_sheet(detail: str) -> InputRefused:
    return InputRefused(
        Text(
            f"评分表中的数据不完整或格式错误（{detail}）。",
            f"The score sheet's data is incomplete or malformed ({detail}).",
        )
    )


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _entry_json(entry: SheetEntry) -> dict[str, Any]:
    return {
        "dossier_id": entry.dossier_id,
        "seq": entry.seq,
        "enterprise": entry.enterprise,
        "title": entry.title,
        "conflict": entry.conflict,
        "scores": {k: _number(v) for k, v in sorted(entry.scores.items())},
        "subtotals": {k: _number(v) for k, v in sorted(entry.subtotals.items())},
        "total": None if entry.total is None else _number(entry.total),
        "recommendation": entry.recommendation,
        "overall_comment": entry.overall_comment,
        "pair_comments": dict(sorted(entry.pair_comments.items())),
        "citations": [
            {"document": c.document, "page": c.page, "quote": c.quote} for c in entry.citations
        ],
    }


def _parse_entry(data: object) -> SheetEntry:
    entry = fields.obj(data, "an entry")
    comments = entry["pair_comments"]
    if not isinstance(comments, dict) or not all(isinstance(v, str) for v in comments.values()):
        raise TypeError("pair_comments is not an object of texts")
    conflict = fields.boolean(entry, "conflict")
    total = entry["total"]
    return SheetEntry(
        dossier_id=fields.text(entry, "dossier_id"),
        seq=fields.integer(entry, "seq"),
        enterprise=fields.text(entry, "enterprise"),
        title=fields.text(entry, "title"),
        conflict=conflict,
        scores=fields.decimals(entry["scores"], "scores"),
        subtotals=fields.decimals(entry["subtotals"], "subtotals"),
        total=None if total is None else fields.decimal(total, "total"),
        recommendation=fields.optional_bool(entry["recommendation"], "recommendation"),
        overall_comment=fields.text(entry, "overall_comment"),
        pair_comments={str(k): v for k, v in comments.items()},
        citations=tuple(
            SheetCitation(
                fields.text(c, "document"), fields.integer(c, "page"), fields.text(c, "quote")
            )
            for c in entry["citations"]
        ),
    )


def _parse(data: object) -> ScoreSheet:
    if not isinstance(data, dict):
        raise TypeError("not an object")
    if data.get("format") != SHEET_FORMAT:
        raise ValueError(f"unknown format {data.get('format')!r}")
    rnd, group, expert = data["round"], data["group"], data["expert"]
    scheme = fields.obj(data["scheme"], "scheme")
    draft = fields.boolean(data, "draft")
    entries = fields.items(data["entries"], "entries")
    return ScoreSheet(
        sheet_id=fields.text(data, "sheet_id"),
        revision=fields.integer(data, "revision"),
        prev_hash=fields.text(data, "prev_hash"),
        round_id=fields.text(rnd, "id"),
        round_name=fields.text(rnd, "name"),
        year=fields.integer(rnd, "year"),
        stage=fields.text(rnd, "stage"),
        group_id=fields.text(group, "id"),
        group_name=fields.text(group, "name"),
        expert_id=fields.text(expert, "id"),
        expert_name=fields.text(expert, "name"),
        organisation=fields.text(expert, "organisation"),
        scheme=scheme,
        exported_at=fields.text(data, "exported_at"),
        audit_head=fields.text(data, "audit_head"),
        entries=tuple(_parse_entry(e) for e in entries),
        draft=draft,
    )
