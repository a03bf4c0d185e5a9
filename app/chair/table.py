"""The chair's table (主任委员审核表): every group's report side by side, and calibration.

Plain frozen data from one pure function. Per group: the leader's report as recomputed
by the chair's app (figures, flags, consensus comments, the leader's changes with their
reasons) and the group's score distribution. Across groups: each dossier's group score
z-scored within its own group, so a dossier of a group that scored harder is not judged
by raw points alone. The z-scores and distributions are aids; the chair's list starts as
the union of the groups' lists, and every change to it carries the chair's reason.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.consolidation import stats
from app.consolidation.table import DossierLine, GroupTable
from app.models.round import Group, Round


@dataclass(frozen=True)
class ChairDecision:
    """The chair's decision to put a dossier on or off the list, with the reason."""

    dossier_id: str
    included: bool
    reason: str
    decided_by: str
    decided_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class ReportRef:
    """Which signed report revision a group's figures come from."""

    report_id: str
    revision: int
    content_hash: str
    file_sha256: str
    received_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class Distribution:
    """One group's scores for the calibration view (aids, not official figures)."""

    group_scores: tuple[Decimal, ...]
    member_totals: tuple[Decimal, ...]
    reviewer_means: tuple[tuple[str, float, int], ...]  # (name, mean total, dossiers scored)
    mean: float | None
    sd: float | None  # population SD of the group scores
    quartiles: tuple[float, float, float, float, float] | None  # min, Q1, median, Q3, max

    @classmethod
    def of(cls, table: GroupTable) -> Distribution:
        scores = tuple(line.group_score for line in table.lines if line.group_score is not None)
        totals = tuple(t for line in table.lines for t in line.totals)
        reviewers: list[tuple[str, float, int]] = []
        for index, member in enumerate(table.members):
            own = [
                float(total)
                for line in table.lines
                if (total := line.members[index].total) is not None
            ]
            if own:
                reviewers.append((member.person.name, statistics.fmean(own), len(own)))
        values = [float(s) for s in scores]
        return cls(
            group_scores=scores,
            member_totals=totals,
            reviewer_means=tuple(reviewers),
            mean=statistics.fmean(values) if values else None,
            sd=statistics.pstdev(values) if values else None,
            quartiles=_five_numbers(values),
        )


def _five_numbers(values: Sequence[float]) -> tuple[float, float, float, float, float] | None:
    """Minimum, quartiles (inclusive method) and maximum; ``None`` without values."""
    if not values:
        return None
    if len(values) == 1:
        v = values[0]
        return (v, v, v, v, v)
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return (min(values), q1, q2, q3, max(values))


@dataclass(frozen=True)
class ChairLine:
    """One dossier as the chair sees it: its group's line, normalised, and the chair's call."""

    group: Group
    line: DossierLine
    z: float | None  # group score z-scored within its group: an aid
    decision: ChairDecision | None

    @property
    def dossier_id(self) -> str:
        return self.line.dossier.id

    @property
    def proposed(self) -> bool:
        """On the list the group sent (the leader's decision, else the computed mark)."""
        return self.line.effective

    @property
    def included(self) -> bool:
        """On the chair's list: the chair's decision, else the group's proposal."""
        return self.decision.included if self.decision is not None else self.proposed

    @property
    def changed(self) -> bool:
        return self.decision is not None and self.decision.included != self.proposed


@dataclass(frozen=True)
class GroupPart:
    """One group in the chair's table; ``table`` is ``None`` until its report arrives."""

    group: Group
    report: ReportRef | None
    table: GroupTable | None
    lines: tuple[ChairLine, ...]
    distribution: Distribution | None

    @property
    def shortlist(self) -> tuple[ChairLine, ...]:
        """The chair's list within this group, in the group's rank order."""
        chosen = [x for x in self.lines if x.included]
        return tuple(
            sorted(
                chosen, key=lambda x: (x.line.rank is None, x.line.rank or 0, x.line.dossier.seq)
            )
        )


@dataclass(frozen=True)
class ChairTable:
    """The chair's view of the round at its current stage."""

    round: Round
    chair_id: str
    chair_name: str
    groups: tuple[GroupPart, ...]  # every group that reviews dossiers, in name order

    @property
    def missing_groups(self) -> tuple[Group, ...]:
        return tuple(part.group for part in self.groups if part.table is None)

    @property
    def lines(self) -> tuple[ChairLine, ...]:
        return tuple(line for part in self.groups for line in part.lines)

    @property
    def shortlist(self) -> tuple[ChairLine, ...]:
        """The chair's list: group by group, each in rank order."""
        return tuple(line for part in self.groups for line in part.shortlist)

    def line(self, dossier_id: str) -> ChairLine:
        for line in self.lines:
            if line.dossier_id == dossier_id:
                return line
        raise KeyError(dossier_id)


def group_z(lines: Sequence[DossierLine]) -> dict[str, float]:
    """Each dossier's group score z-scored against its group's scores (an aid)."""
    scores = {x.dossier.id: x.group_score for x in lines if x.group_score is not None}
    return stats.z_scores(scores)


def chair_table(
    rnd: Round,
    chair: tuple[str, str],
    groups: Sequence[Group],
    tables: Mapping[str, tuple[GroupTable, ReportRef]],
    decisions: Sequence[ChairDecision] = (),
) -> ChairTable:
    """The chair's table from the groups' recomputed tables and the chair's own decisions."""
    chosen = {d.dossier_id: d for d in decisions}
    parts: list[GroupPart] = []
    for group in groups:
        held = tables.get(group.id)
        if held is None:
            parts.append(GroupPart(group, None, None, (), None))
            continue
        table, ref = held
        z = group_z(table.lines)
        lines = tuple(
            ChairLine(group, line, z.get(line.dossier.id), chosen.get(line.dossier.id))
            for line in table.lines
        )
        parts.append(GroupPart(group, ref, table, lines, Distribution.of(table)))
    return ChairTable(rnd, chair[0], chair[1], tuple(parts))


__all__ = [
    "ChairDecision",
    "ChairLine",
    "ChairTable",
    "Distribution",
    "GroupPart",
    "ReportRef",
    "chair_table",
    "group_z",
]
