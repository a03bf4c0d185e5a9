"""The group table (专业组汇总表): the members' verified sheets consolidated per dossier.

Plain frozen data made by one pure function, so the leader's window, the command line,
the signed report and the tests all see the same figures. Every subtotal and total is
recomputed from the aspect scores against the round's scheme; a number a sheet states
is never used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from app.consolidation import stats
from app.consolidation.stats import Disagreement, RankKey
from app.models.round import Group, Person, Role, Round
from app.models.scheme import Scheme
from app.sheets.payload import ScoreSheet, SheetEntry

ZERO = Decimal(0)


class MemberState(StrEnum):
    """How one member stands with one dossier in the table."""

    SCORED = "scored"  # 已评分: counts in the group figures
    CONFLICT = "conflict"  # 回避: excluded from every figure
    INCOMPLETE = "incomplete"  # 未评完: the sheet lacks an aspect score
    NOT_ON_SHEET = "not_on_sheet"  # 未列入: the member's sheet does not list it
    NO_SHEET = "no_sheet"  # 未提交: no sheet received from the member

    @property
    def label(self) -> str:
        return {
            "scored": "已评分",
            "conflict": "回避",
            "incomplete": "未评完",
            "not_on_sheet": "未列入",
            "no_sheet": "未提交",
        }[self.value]

    @property
    def label_en(self) -> str:
        return {
            "scored": "scored",
            "conflict": "conflict",
            "incomplete": "incomplete",
            "not_on_sheet": "not listed",
            "no_sheet": "no sheet",
        }[self.value]


@dataclass(frozen=True)
class AssignedDossier:
    """A dossier assigned to the group, as the table lists it."""

    id: str
    seq: int
    enterprise: str
    title: str


@dataclass(frozen=True)
class ShortlistDecision:
    """The leader's decision to put a dossier on or off the shortlist, with its reason."""

    dossier_id: str
    included: bool
    reason: str
    decided_by: str
    decided_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class SheetRef:
    """Which signed sheet revision a member's figures come from."""

    sheet_id: str
    revision: int
    content_hash: str
    exported_at: str


@dataclass(frozen=True)
class TableMember:
    """A group member (the leader included) and the sheet received from them, if any."""

    person: Person
    sheet: SheetRef | None

    @property
    def missing(self) -> bool:
        return self.sheet is None


@dataclass(frozen=True)
class MemberScore:
    """One member's figures for one dossier; scores and totals only when ``SCORED``."""

    member_id: str
    state: MemberState
    scores: Mapping[str, Decimal] = field(default_factory=dict)
    subtotals: Mapping[str, Decimal] = field(default_factory=dict)
    total: Decimal | None = None
    recommendation: bool | None = None
    z: float | None = None  # the member's z-scored total: an aid, not an official figure

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", MappingProxyType(dict(self.scores)))
        object.__setattr__(self, "subtotals", MappingProxyType(dict(self.subtotals)))


@dataclass(frozen=True)
class DossierLine:
    """One dossier's row of the group table."""

    dossier: AssignedDossier
    members: tuple[MemberScore, ...]
    group_score: Decimal | None
    pair_score: Decimal | None  # the tie-break pair's subtotal, averaged like the totals
    median: Decimal | None
    spread: Decimal | None
    aspect_spreads: Mapping[str, Decimal]
    dropped: tuple[Decimal, Decimal] | None  # (highest, lowest) left out of the mean
    flags: tuple[Disagreement, ...]
    rank: int | None
    computed: bool  # on the computed shortlist (top K)
    boundary_tie: bool  # tied with others across the K-th place
    decision: ShortlistDecision | None
    consensus: str
    normalised: float | None  # mean of the members' z-scores: an aid

    @property
    def totals(self) -> tuple[Decimal, ...]:
        return tuple(m.total for m in self.members if m.total is not None)

    @property
    def changed(self) -> bool:
        """Whether the leader moved the dossier on or off the computed shortlist."""
        return self.decision is not None and self.decision.included != self.computed

    @property
    def effective(self) -> bool:
        """On the shortlist the group sends: the leader's decision, else the computed mark."""
        return self.decision.included if self.decision is not None else self.computed


@dataclass(frozen=True)
class Agreement:
    """Kendall's W (with tie correction) over the dossiers every reviewing member scored.

    An aid for judging how far the group agrees on the order; ``w`` is ``None`` when
    undefined (fewer than two reviewers or two such dossiers).
    """

    w: float | None
    reviewers: int
    dossiers: int


@dataclass(frozen=True)
class GroupTable:
    """The consolidated view of one group at one stage."""

    round: Round
    group: Group
    leader: Person | None
    members: tuple[TableMember, ...]
    lines: tuple[DossierLine, ...]  # in 序号 order
    agreement: Agreement

    @property
    def missing_members(self) -> tuple[Person, ...]:
        return tuple(m.person for m in self.members if m.missing)

    @property
    def received(self) -> int:
        return sum(1 for m in self.members if not m.missing)

    @property
    def shortlist(self) -> tuple[DossierLine, ...]:
        """The effective shortlist in rank order (unranked last, by 序号)."""
        chosen = [line for line in self.lines if line.effective]
        return tuple(sorted(chosen, key=lambda x: (x.rank is None, x.rank or 0, x.dossier.seq)))

    def line(self, dossier_id: str) -> DossierLine:
        for line in self.lines:
            if line.dossier.id == dossier_id:
                return line
        raise KeyError(dossier_id)


def latest_sheets(
    rnd: Round, group: Group, members: Sequence[Person], sheets: Sequence[ScoreSheet]
) -> dict[str, ScoreSheet]:
    """Each member's latest signed sheet of this round, stage and group."""
    ids = {p.id for p in members}
    latest: dict[str, ScoreSheet] = {}
    for sheet in sheets:
        if (
            sheet.draft
            or sheet.expert_id not in ids
            or sheet.round_id != rnd.id
            or sheet.stage != rnd.stage.value
            or sheet.group_id != group.id
        ):
            continue
        held = latest.get(sheet.expert_id)
        if held is None or sheet.revision > held.revision:
            latest[sheet.expert_id] = sheet
    return latest


def member_score(member_id: str, entry: SheetEntry | None, scheme: Scheme) -> MemberScore:
    """A member's figures for one dossier, totals recomputed from the aspect scores."""
    if entry is None:
        return MemberScore(member_id, MemberState.NOT_ON_SHEET)
    if entry.conflict:
        return MemberScore(member_id, MemberState.CONFLICT)
    scores = {a.key: entry.scores[a.key] for a in scheme.aspects if a.key in entry.scores}
    if len(scores) < len(scheme.aspects):
        return MemberScore(member_id, MemberState.INCOMPLETE, scores)
    subtotals = {p.key: sum((scores[a.key] for a in p.aspects), ZERO) for p in scheme.pairs}
    return MemberScore(
        member_id,
        MemberState.SCORED,
        scores,
        subtotals,
        sum(subtotals.values(), ZERO),
        entry.recommendation,
    )


def consolidate(
    rnd: Round,
    group: Group,
    members: Sequence[Person],
    sheets: Sequence[ScoreSheet],
    dossiers: Sequence[AssignedDossier],
    decisions: Sequence[ShortlistDecision] = (),
    consensus: Mapping[str, str] | None = None,
) -> GroupTable:
    """The group table from the members' verified sheets and the leader's own decisions."""
    scheme, rule = rnd.scheme, rnd.rule
    received = latest_sheets(rnd, group, members, sheets)
    ordered = sorted(dossiers, key=lambda d: (d.seq, d.id))
    grid: dict[str, list[MemberScore]] = {d.id: [] for d in ordered}
    for person in members:
        sheet = received.get(person.id)
        entries = {e.dossier_id: e for e in sheet.entries} if sheet is not None else {}
        for d in ordered:
            if sheet is None:
                grid[d.id].append(MemberScore(person.id, MemberState.NO_SHEET))
            else:
                grid[d.id].append(member_score(person.id, entries.get(d.id), scheme))
    grid = _with_z_scores(grid)
    pair = stats.tie_break_pair(scheme)
    keys: list[RankKey] = []
    figures: dict[str, tuple[Decimal | None, Decimal | None, Decimal | None]] = {}
    for d in ordered:
        scored = [m for m in grid[d.id] if m.total is not None]
        totals = [m.total for m in scored if m.total is not None]
        figure = (
            stats.group_mean(totals, rule),
            stats.group_mean([m.subtotals[pair.key] for m in scored], rule),
            stats.median(totals),
        )
        figures[d.id] = figure
        keys.append(RankKey(d.id, *figure))
    ranks = stats.rank(keys)
    cut = stats.cut_shortlist(ranks, rnd.shortlist_size)
    chosen = {x.dossier_id: x for x in decisions}
    words = consensus or {}
    lines = tuple(
        _line(d, grid[d.id], figures[d.id], ranks[d.id], cut, chosen.get(d.id), words, rnd)
        for d in ordered
    )
    leader = next((p for p in members if p.role is Role.LEADER), None)
    table_members = tuple(TableMember(p, _ref(received.get(p.id))) for p in members)
    return GroupTable(rnd, group, leader, table_members, lines, _agreement(table_members, lines))


def _ref(sheet: ScoreSheet | None) -> SheetRef | None:
    if sheet is None:
        return None
    return SheetRef(sheet.sheet_id, sheet.revision, sheet.content_hash, sheet.exported_at)


def _with_z_scores(grid: dict[str, list[MemberScore]]) -> dict[str, list[MemberScore]]:
    """Each member's totals z-scored against that member's own totals in this table."""
    by_member: dict[str, dict[str, Decimal]] = {}
    for dossier_id, row in grid.items():
        for m in row:
            if m.total is not None:
                by_member.setdefault(m.member_id, {})[dossier_id] = m.total
    z = {member: stats.z_scores(totals) for member, totals in by_member.items()}
    return {
        dossier_id: [
            m if m.total is None else replace(m, z=z[m.member_id][dossier_id]) for m in row
        ]
        for dossier_id, row in grid.items()
    }


def _line(
    dossier: AssignedDossier,
    row: list[MemberScore],
    figure: tuple[Decimal | None, Decimal | None, Decimal | None],
    rank: int | None,
    cut: stats.ShortlistCut,
    decision: ShortlistDecision | None,
    consensus: Mapping[str, str],
    rnd: Round,
) -> DossierLine:
    scored = [m for m in row if m.total is not None]
    totals = [m.total for m in scored if m.total is not None]
    kept = stats.counted(totals, rnd.rule)
    dropped = (max(totals), min(totals)) if len(kept) < len(totals) else None
    aspect_spreads = {
        a.key: value
        for a in rnd.scheme.aspects
        if (value := stats.spread([m.scores[a.key] for m in scored])) is not None
    }
    zs = [m.z for m in scored if m.z is not None]
    return DossierLine(
        dossier=dossier,
        members=tuple(row),
        group_score=figure[0],
        pair_score=figure[1],
        median=figure[2],
        spread=stats.spread(totals),
        aspect_spreads=MappingProxyType(aspect_spreads),
        dropped=dropped,
        flags=stats.disagreements(totals, [m.scores for m in scored], rnd.scheme, rnd.rule),
        rank=rank,
        computed=dossier.id in cut.included,
        boundary_tie=dossier.id in cut.boundary_tie,
        decision=decision,
        consensus=consensus.get(dossier.id, ""),
        normalised=sum(zs) / len(zs) if zs else None,
    )


def _agreement(members: Sequence[TableMember], lines: Sequence[DossierLine]) -> Agreement:
    reviewing = [i for i, m in enumerate(members) if not m.missing]
    columns = [
        line
        for line in lines
        if reviewing and all(line.members[i].total is not None for i in reviewing)
    ]
    table = [[line.members[i].total or ZERO for line in columns] for i in reviewing]
    return Agreement(stats.kendalls_w(table), len(reviewing), len(columns))
