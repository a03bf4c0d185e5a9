"""A reviewer's record of one dossier (评审记录) and the pure rules over it.

Everything here is plain data and arithmetic, so the scoring form, the pre-export
check and the leader's recomputation of received sheets all apply the same rules
(SPEC §5) without a store or a widget in sight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum
from types import MappingProxyType

from app.errors import Text
from app.models.round import Stage
from app.models.scheme import Band, Scheme

ZERO = Decimal(0)

# Stage.recommendation is Chinese only; the English wording lives with its one user.
RECOMMENDATION_EN = {
    Stage.MATERIAL: "recommend for the oral defense",
    Stage.DEFENSE: "recommend as a quality benchmark",
}


class DossierStatus(StrEnum):
    """Where a reviewer stands with a dossier, as the dossier list shows it."""

    NOT_STARTED = "not_started"  # 未开始
    IN_PROGRESS = "in_progress"  # 进行中
    COMPLETE = "complete"  # 已完成
    SUBMITTED = "submitted"  # 已提交
    CONFLICT = "conflict"  # 回避

    @property
    def label(self) -> str:
        return {
            "not_started": "未开始",
            "in_progress": "进行中",
            "complete": "已完成",
            "submitted": "已提交",
            "conflict": "回避",
        }[self.value]

    @property
    def label_en(self) -> str:
        return {
            "not_started": "Not started",
            "in_progress": "In progress",
            "complete": "Complete",
            "submitted": "Submitted",
            "conflict": "Conflict",
        }[self.value]


def _frozen(mapping: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class ReviewRecord:
    """One reviewer's scores, comments and recommendation for one dossier at one stage.

    An aspect missing from ``scores`` is not scored yet (0 is a score). Empty comments
    are dropped from ``pair_comments``, so "never written" and "cleared" compare equal
    and a save that changes nothing can be recognised. The mappings are read-only
    copies: a record handed to another thread cannot change under it. ``private_notes``
    stay on this machine; no export or audit entry ever carries their text.
    """

    dossier_id: str
    stage: Stage
    scores: Mapping[str, Decimal] = field(default_factory=dict)
    pair_comments: Mapping[str, str] = field(default_factory=dict)
    overall_comment: str = ""
    recommendation: bool | None = None
    conflict: bool = False
    conflict_reason: str = ""
    private_notes: str = ""
    updated_at: datetime | None = None
    submitted_revision: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", _frozen(self.scores))
        comments = {k: v for k, v in self.pair_comments.items() if v}
        object.__setattr__(self, "pair_comments", _frozen(comments))

    @property
    def is_empty(self) -> bool:
        """Nothing entered yet: no score, comment, recommendation or note."""
        return not (
            self.scores
            or self.pair_comments
            or self.overall_comment.strip()
            or self.recommendation is not None
            or self.private_notes.strip()
        )

    @property
    def has_assessment(self) -> bool:
        """Whether anything that a conflict forbids (scores, comments, a recommendation) is set."""
        return bool(
            self.scores
            or self.pair_comments
            or self.overall_comment.strip()
            or self.recommendation is not None
        )

    def with_score(self, aspect_key: str, value: Decimal | None) -> ReviewRecord:
        """The record with ``aspect_key`` scored ``value`` (``None`` clears it)."""
        scores = dict(self.scores)
        if value is None:
            scores.pop(aspect_key, None)
        else:
            scores[aspect_key] = value
        return replace(self, scores=scores)

    def with_comment(self, pair_key: str | None, text: str) -> ReviewRecord:
        """The record with the comment on ``pair_key`` (or the overall one for ``None``) set."""
        if pair_key is None:
            return replace(self, overall_comment=text)
        comments = dict(self.pair_comments)
        comments[pair_key] = text
        return replace(self, pair_comments=comments)

    def with_recommendation(self, value: bool | None) -> ReviewRecord:
        return replace(self, recommendation=value)

    def with_notes(self, text: str) -> ReviewRecord:
        return replace(self, private_notes=text)

    def declared_conflict(self, reason: str) -> ReviewRecord:
        """The record after declaring a conflict (回避): the assessment is cleared, notes stay."""
        return replace(
            self,
            scores={},
            pair_comments={},
            overall_comment="",
            recommendation=None,
            conflict=True,
            conflict_reason=reason,
        )

    def withdrawn_conflict(self) -> ReviewRecord:
        return replace(self, conflict=False, conflict_reason="")


def pair_subtotals(record: ReviewRecord, scheme: Scheme) -> dict[str, Decimal]:
    """Each criterion pair's subtotal, counting unscored aspects as nothing."""
    return {
        pair.key: sum((record.scores.get(a.key, ZERO) for a in pair.aspects), ZERO)
        for pair in scheme.pairs
    }


def total(record: ReviewRecord, scheme: Scheme) -> Decimal:
    """The record's total over the scheme's aspects (partial while scoring is under way)."""
    return sum(pair_subtotals(record, scheme).values(), ZERO)


def missing(record: ReviewRecord, scheme: Scheme, stage: Stage | None = None) -> list[Text]:
    """What still stands between the record and complete, in the order of the form.

    SPEC §5: complete means every aspect scored and the overall comment written, plus
    the stage's yes/no recommendation; a declared conflict is complete as it is.
    """
    if record.conflict:
        return []
    stage = stage or record.stage
    out = [
        Text(f"{a.name}：尚未评分", f"{a.name_en}: not scored")
        for a in scheme.aspects
        if a.key not in record.scores
    ]
    if not record.overall_comment.strip():
        out.append(Text("总体评语：尚未填写", "Overall comment: not written"))
    if record.recommendation is None:
        out.append(
            Text(
                f"{stage.recommendation}：尚未选择“是”或“否”",
                f"Whether to {RECOMMENDATION_EN[stage]}: not answered",
            )
        )
    return out


def status(record: ReviewRecord, scheme: Scheme) -> DossierStatus:
    """The record's status for the dossier list.

    Validity is not judged here: the service refuses to store an invalid record, so a
    stored one is valid. ``submitted_revision`` marks a record exported in a signed
    sheet (set by the export, later).
    """
    if record.conflict:
        return DossierStatus.CONFLICT
    if record.is_empty:
        return DossierStatus.NOT_STARTED
    if missing(record, scheme):
        return DossierStatus.IN_PROGRESS
    if record.submitted_revision is not None:
        return DossierStatus.SUBMITTED
    return DossierStatus.COMPLETE


def validate(record: ReviewRecord, scheme: Scheme) -> list[Text]:
    """Why the record cannot be stored as it is (empty when it can)."""
    problems: list[Text] = []
    known = {a.key for a in scheme.aspects}
    for key in sorted(set(record.scores) - known):
        problems.append(Text(f"评分方案中没有要素“{key}”。", f"The scheme has no aspect “{key}”."))
    for aspect in scheme.aspects:
        value = record.scores.get(aspect.key)
        if value is None:
            continue
        if not value.is_finite():
            problems.append(
                Text(f"{aspect.name}的分数不是数字。", f"{aspect.name_en} is not a number.")
            )
            continue
        problem = scheme.check_score(aspect.key, value)
        if problem is not None:
            problems.append(problem)
    pairs = {p.key for p in scheme.pairs}
    for key in sorted(set(record.pair_comments) - pairs):
        problems.append(
            Text(f"评分方案中没有评价准则“{key}”。", f"The scheme has no criterion pair “{key}”.")
        )
    if record.conflict and record.has_assessment:
        problems.append(
            Text(
                "已声明回避的申报材料不能评分、写评语或给出推荐意见。",
                "A dossier under a declared conflict cannot be scored, commented on or recommended.",
            )
        )
    return problems


def _to_step(value: Decimal, step: Decimal, rounding: str) -> Decimal:
    return ((value / step).to_integral_value(rounding=rounding) * step).quantize(step)


def _bands_ascending(scheme: Scheme) -> list[Band]:
    return sorted(scheme.bands, key=lambda b: b.low)


def band_range(scheme: Scheme, aspect_key: str, band_key: str) -> tuple[Decimal, Decimal]:
    """The lowest and highest score on the scheme's step that fall in a band (优/良/中/差).

    A band starts at its lower fraction of the aspect's points (inclusive) and runs up to
    the next band's start (exclusive); the top band ends at its upper fraction. So 显效性
    (25 points, step 0.5) 优 is 22.5–25 and 良 is 19–22, and every score on the step
    belongs to exactly one band, whatever the points — the bands' written upper bounds
    (0.89, 0.74 …) would leave 89.5 of 100 in none. A band narrower than one step comes
    out with its maximum below its minimum, and holds no score.
    """
    aspect = scheme.aspect(aspect_key)
    bands = _bands_ascending(scheme)
    index = next((i for i, b in enumerate(bands) if b.key == band_key), None)
    if index is None:
        raise KeyError(band_key)
    band = bands[index]
    low = _to_step(aspect.points * band.low, scheme.step, ROUND_CEILING)
    if index + 1 < len(bands):
        following = _to_step(aspect.points * bands[index + 1].low, scheme.step, ROUND_CEILING)
        high = following - scheme.step
    else:
        high = _to_step(aspect.points * band.high, scheme.step, ROUND_FLOOR)
    return low, high


def band_of(scheme: Scheme, aspect_key: str, value: Decimal) -> str:
    """The key of the band a score falls in (the highest band whose minimum it reaches)."""
    found = None
    for band in _bands_ascending(scheme):
        low, _ = band_range(scheme, aspect_key, band.key)
        if value >= low:
            found = band.key
    if found is None:
        raise ValueError(f"{value} is below every band of {aspect_key}")
    return found


__all__ = [
    "DossierStatus",
    "ReviewRecord",
    "band_of",
    "band_range",
    "missing",
    "pair_subtotals",
    "status",
    "total",
    "validate",
]
