"""The consolidation arithmetic (合议统计): pure functions over the members' figures.

The official figures — group score, spreads, disagreement flags, ranks and the computed
shortlist — follow SPEC §5 and the round's :class:`ConsolidationRule` in exact ``Decimal``
arithmetic, so anyone can redo them by hand from the printed sheets. Z-scores and
Kendall's W are aids for judging reviewers' calibration and the group's agreement; they are
floats and never decide anything.

Decisions a reader of the report must be able to rely on:

* The group score is the mean of the counted totals, rounded to two decimals half-up
  (``GROUP_SCORE_PLACES``). From ``rule.trim_at`` scores on (and never below three), one
  highest and one lowest are dropped — one each, even when several members share the extreme.
* Ranking compares the rounded figures as printed: group score, then the tie-break pair's
  subtotal (显效性和发展性 by default) averaged the same way, then the median total. Dossiers
  equal on all three share a rank and the next rank is skipped ("1, 2, 2, 4").
* The computed shortlist is every dossier ranked K or better, so a tie across the K-th place
  takes all tied dossiers in (the list grows past K) and those dossiers are flagged; the
  leader settles it with a written change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from app.errors import Text
from app.models.round import ConsolidationRule
from app.models.scheme import CriterionPair, Scheme

ZERO = Decimal(0)
GROUP_SCORE_PLACES = Decimal("0.01")
TIE_BREAK_PAIR = "effect_development"
"""The default scheme's 显效性和发展性 pair; a scheme without it uses its heaviest pair."""


def quantise(value: Decimal) -> Decimal:
    """A group figure as printed: two decimals, half-up (89.125 → 89.13)."""
    return value.quantize(GROUP_SCORE_PLACES, rounding=ROUND_HALF_UP)


def counted(values: Sequence[Decimal], rule: ConsolidationRule) -> tuple[Decimal, ...]:
    """The values a group mean is taken over: all, or without one highest and one lowest.

    Trimming needs at least three values so something is left to average, whatever the
    round's ``trim_at`` says.
    """
    ordered = sorted(values)
    if len(ordered) >= max(rule.trim_at, 3):
        return tuple(ordered[1:-1])
    return tuple(ordered)


def group_mean(values: Sequence[Decimal], rule: ConsolidationRule) -> Decimal | None:
    """The rule's mean of ``values``, rounded for print; ``None`` when nobody scored."""
    kept = counted(values, rule)
    if not kept:
        return None
    return quantise(sum(kept, ZERO) / len(kept))


def spread(values: Sequence[Decimal]) -> Decimal | None:
    """Highest minus lowest (极差); ``None`` when there is nothing to compare."""
    return max(values) - min(values) if values else None


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The middle value, or the mean of the two middle ones (exact)."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def tie_break_pair(scheme: Scheme) -> CriterionPair:
    """The pair whose subtotal breaks ties: 显效性和发展性, else the pair with the most points."""
    for pair in scheme.pairs:
        if pair.key == TIE_BREAK_PAIR:
            return pair
    return max(scheme.pairs, key=lambda p: p.points)


# -- disagreement ---------------------------------------------------------------------


@dataclass(frozen=True)
class Disagreement:
    """A disagreement flag (分歧提示): what spread too far, by how much, against which limit."""

    aspect_key: str | None  # None: the totals
    name: str
    name_en: str
    spread: Decimal
    limit: Decimal

    @property
    def excess(self) -> Decimal:
        return self.spread - self.limit

    @property
    def text(self) -> Text:
        return Text(
            f"{self.name}极差 {_plain(self.spread)} 分，超过 {_plain(self.limit)} 分"
            f"（多 {_plain(self.excess)} 分）",
            f"{self.name_en} spread {_plain(self.spread)} exceeds {_plain(self.limit)} "
            f"by {_plain(self.excess)}",
        )


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def disagreements(
    totals: Sequence[Decimal],
    aspect_scores: Sequence[Mapping[str, Decimal]],
    scheme: Scheme,
    rule: ConsolidationRule,
) -> tuple[Disagreement, ...]:
    """Flags for the totals spreading more than ``rule.total_spread`` and for each aspect
    spreading more than ``rule.aspect_spread_fraction`` of its points (strictly more)."""
    flags: list[Disagreement] = []
    total_spread = spread(totals)
    if total_spread is not None and total_spread > rule.total_spread:
        flags.append(Disagreement(None, "总分", "Total", total_spread, rule.total_spread))
    for aspect in scheme.aspects:
        values = [s[aspect.key] for s in aspect_scores if aspect.key in s]
        aspect_spread = spread(values)
        limit = aspect.points * rule.aspect_spread_fraction
        if aspect_spread is not None and aspect_spread > limit:
            flags.append(
                Disagreement(aspect.key, aspect.name, aspect.name_en, aspect_spread, limit)
            )
    return tuple(flags)


# -- ranking and the computed shortlist -----------------------------------------------


@dataclass(frozen=True)
class RankKey:
    """What a dossier is ranked by, in order; ``group_score`` ``None`` means unranked."""

    dossier_id: str
    group_score: Decimal | None
    pair_score: Decimal | None
    median: Decimal | None

    def order(self) -> tuple[Decimal, Decimal, Decimal]:
        return (
            self.group_score if self.group_score is not None else ZERO,
            self.pair_score if self.pair_score is not None else ZERO,
            self.median if self.median is not None else ZERO,
        )


def rank(keys: Sequence[RankKey]) -> dict[str, int | None]:
    """Competition ranks (1, 2, 2, 4): one more than the number of dossiers strictly ahead.

    A dossier nobody scored has no rank (``None``).
    """
    scored = [k for k in keys if k.group_score is not None]
    orders = sorted((k.order() for k in scored), reverse=True)
    first_at: dict[tuple[Decimal, Decimal, Decimal], int] = {}
    for position, order in enumerate(orders, start=1):
        first_at.setdefault(order, position)
    ranks: dict[str, int | None] = {k.dossier_id: None for k in keys}
    for k in scored:
        ranks[k.dossier_id] = first_at[k.order()]
    return ranks


@dataclass(frozen=True)
class ShortlistCut:
    """The computed shortlist (计算入围名单) and the dossiers tied across its K-th place."""

    included: frozenset[str]
    boundary_tie: frozenset[str]


def cut_shortlist(ranks: Mapping[str, int | None], k: int) -> ShortlistCut:
    """Every dossier ranked K or better; a tie across place K takes all tied in and is flagged."""
    included = frozenset(d for d, r in ranks.items() if r is not None and r <= k)
    if len(included) <= k:
        return ShortlistCut(included, frozenset())
    last = max(r for d, r in ranks.items() if d in included and r is not None)
    return ShortlistCut(included, frozenset(d for d in included if ranks[d] == last))


# -- aids: calibration and agreement ---------------------------------------------------


def z_scores(totals: Mapping[str, Decimal]) -> dict[str, float]:
    """One reviewer's totals as z-scores against their own mean and population SD.

    A reviewer who gave every dossier the same total (or scored only one) gets 0 for each:
    they said nothing about the order, which is neither high nor low.
    """
    if not totals:
        return {}
    values = [Fraction(v) for v in totals.values()]
    mean = sum(values, Fraction(0)) / len(values)
    variance = sum(((v - mean) ** 2 for v in values), Fraction(0)) / len(values)
    if variance == 0:
        return {key: 0.0 for key in totals}
    sd = float(variance) ** 0.5
    return {key: float(Fraction(v) - mean) / sd for key, v in totals.items()}


def mid_ranks(values: Sequence[Decimal]) -> list[Fraction]:
    """Ranks from the highest value down, ties sharing the mean of their places."""
    ordered = sorted(values, reverse=True)
    first: dict[Decimal, int] = {}
    count: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
        count[value] = count.get(value, 0) + 1
    return [Fraction(2 * first[v] + count[v] - 1, 2) for v in values]


def kendalls_w(table: Sequence[Sequence[Decimal]]) -> float | None:
    """Kendall's coefficient of concordance W with the correction for ties.

    ``table`` has one row per reviewer and one column per dossier, every reviewer having
    scored every dossier. W is 1 when all rank the dossiers alike and near 0 when their
    orders are unrelated. ``None`` when it is undefined: fewer than two reviewers or two
    dossiers, or every reviewer tying every dossier.
    """
    m = len(table)
    n = len(table[0]) if table else 0
    if m < 2 or n < 2 or any(len(row) != n for row in table):
        return None
    ranked = [mid_ranks(row) for row in table]
    sums = [sum((row[i] for row in ranked), Fraction(0)) for i in range(n)]
    mean = Fraction(m * (n + 1), 2)
    s = sum(((r - mean) ** 2 for r in sums), Fraction(0))
    ties = 0
    for row in table:
        for value in set(row):
            t = row.count(value)
            ties += t**3 - t
    denominator = m * m * (n**3 - n) - m * ties
    if denominator == 0:
        return None
    return float(12 * s / denominator)
