"""The consolidation arithmetic: SPEC §5's rule, ranking, the computed shortlist and the aids."""

from __future__ import annotations

import math
import statistics
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.consolidation import stats
from app.consolidation.stats import RankKey
from app.models.round import ConsolidationRule
from tests.consolidation.crafted import SCHEME, scores

RULE = ConsolidationRule()
D = Decimal

totals = st.integers(0, 200).map(lambda i: Decimal(i) / 2)  # 0–100 in steps of 0.5


def mean(values: list[Decimal]) -> Decimal:
    return sum(values, D(0)) / len(values)


# -- the group score -------------------------------------------------------------------


@given(st.lists(totals, min_size=1, max_size=4))
def test_below_five_scores_the_group_score_is_the_plain_mean(values: list[Decimal]) -> None:
    assert stats.group_mean(values, RULE) == stats.quantise(mean(values))


@given(st.lists(totals, min_size=5, max_size=6))
def test_from_five_scores_one_highest_and_one_lowest_are_dropped(values: list[Decimal]) -> None:
    ordered = sorted(values)
    expected = stats.quantise(mean(ordered[1:-1]))
    assert stats.group_mean(values, RULE) == expected
    assert len(stats.counted(values, RULE)) == len(values) - 2


@given(totals, totals, st.integers(2, 3), st.integers(2, 3))
def test_equal_extremes_drop_only_one_of_each(
    a: Decimal, b: Decimal, highs: int, lows: int
) -> None:
    assume(a != b and highs + lows >= 5)
    high, low = max(a, b), min(a, b)
    values = [high] * highs + [low] * lows
    kept = stats.counted(values, RULE)
    assert (kept.count(high), kept.count(low)) == (highs - 1, lows - 1)
    expected = (high * (highs - 1) + low * (lows - 1)) / (highs + lows - 2)
    assert stats.group_mean(values, RULE) == stats.quantise(expected)


@given(st.lists(totals, min_size=1, max_size=9))
def test_the_group_score_lies_within_the_totals(values: list[Decimal]) -> None:
    score = stats.group_mean(values, RULE)
    assert score is not None
    assert min(values) <= score <= max(values)


@given(st.lists(totals, min_size=1, max_size=9), st.randoms())
def test_the_group_score_ignores_the_order_of_members(values: list[Decimal], rnd: object) -> None:
    shuffled = list(values)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert stats.group_mean(shuffled, RULE) == stats.group_mean(values, RULE)
    assert stats.spread(shuffled) == stats.spread(values)
    assert stats.median(shuffled) == stats.median(values)


def test_worked_examples_by_hand() -> None:
    # five scores: 92 and 70 go, (88 + 85 + 80) / 3 = 84.333… → 84.33
    assert stats.group_mean([D(92), D(88), D(85), D(80), D(70)], RULE) == D("84.33")
    # four scores: plain mean 334.5 / 4 = 83.625 → 83.63 (half-up, not banker's 83.62)
    assert stats.group_mean([D("90.5"), D(85), D(80), D(79)], RULE) == D("83.63")
    # six scores with equal extremes: one 90 and one 75 go, 330 / 4 = 82.5
    assert stats.group_mean([D(90), D(90), D(85), D(80), D(75), D(75)], RULE) == D("82.50")
    # one score: itself
    assert stats.group_mean([D("77.5")], RULE) == D("77.50")
    assert stats.group_mean([], RULE) is None
    assert stats.median([D(92), D(88), D(85), D(80)]) == D("86.5")
    assert stats.spread([D(92), D(70), D(88)]) == D(22)


def test_a_round_may_trim_from_another_count_but_never_below_three() -> None:
    four = ConsolidationRule(trim_at=4)
    assert stats.group_mean([D(90), D(80), D(70), D(60)], four) == D("75.00")  # (80+70)/2
    two = ConsolidationRule(trim_at=2)
    assert stats.group_mean([D(90), D(60)], two) == D("75.00")  # nothing dropped


# -- disagreement ----------------------------------------------------------------------


def test_flags_name_what_spread_and_by_how_much() -> None:
    a = scores(12, 12, 12, 12, 24, 12)  # 84
    b = scores(12, 12, 12, 12, 11, 12)  # 71: totals spread 13, 显效性 spread 13 > 12.5
    c = scores(6, 12, 12, 12, 11, 12)  # 65: totals spread 19 > 15, 科学性 spread 6 (not > 7.5)
    flags = stats.disagreements([sum(s.values(), D(0)) for s in (a, b, c)], [a, b, c], SCHEME, RULE)
    assert [(f.aspect_key, f.spread, f.limit, f.excess) for f in flags] == [
        (None, D(19), D(15), D(4)),
        ("effect", D(13), D("12.5"), D("0.5")),
    ]
    assert flags[0].text.zh == "总分极差 19 分，超过 15 分（多 4 分）"
    assert flags[1].text.en == "Demonstrated results spread 13 exceeds 12.5 by 0.5"


def test_a_spread_exactly_at_the_limit_is_not_flagged() -> None:
    a = scores(15, 15, 15, 15, 25, 15)
    b = scores(15, 15, 15, 15, D("12.5"), 15)  # 显效性 spread 12.5 = half of 25; totals 12.5
    assert stats.disagreements([D(100), D("87.5")], [a, b], SCHEME, RULE) == ()


# -- ranking -----------------------------------------------------------------------------


def test_ties_are_broken_by_the_pair_subtotal_then_the_median() -> None:
    keys = [
        RankKey("a", D(85), D(30), D(84)),
        RankKey("b", D(85), D(32), D(80)),
        RankKey("c", D(85), D(32), D(86)),
        RankKey("d", D(85), D(32), D(86)),
        RankKey("e", D(90), D(20), D(70)),
        RankKey("f", None, None, None),
    ]
    assert stats.rank(keys) == {"e": 1, "c": 2, "d": 2, "b": 4, "a": 5, "f": None}


def test_the_tie_break_pair_is_the_effect_and_development_pair() -> None:
    pair = stats.tie_break_pair(SCHEME)
    assert pair.name == "显效性和发展性" and pair.points == D(40)


rank_keys = st.lists(
    st.tuples(
        st.integers(150, 200).map(lambda i: D(i) / 2),
        st.integers(0, 4).map(D),
        st.integers(0, 4).map(D),
    ),
    min_size=1,
    max_size=12,
)


@given(rank_keys, st.randoms())
def test_ranks_follow_the_stated_order_whatever_the_input_order(
    raw: list[tuple[Decimal, Decimal, Decimal]], rnd: object
) -> None:
    keys = [RankKey(f"d{i}", *k) for i, k in enumerate(raw)]
    ranks = stats.rank(keys)
    for a in keys:
        ahead = sum(1 for b in keys if b.order() > a.order())
        assert ranks[a.dossier_id] == ahead + 1
    shuffled = list(keys)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert stats.rank(shuffled) == ranks


# -- the computed shortlist --------------------------------------------------------------


def test_a_tie_across_place_k_takes_all_tied_in_and_flags_them() -> None:
    ranks: dict[str, int | None] = {"a": 1, "b": 2, "c": 3, "d": 3, "e": 5, "f": None}
    cut = stats.cut_shortlist(ranks, 3)
    assert cut.included == {"a", "b", "c", "d"} and cut.boundary_tie == {"c", "d"}
    assert stats.cut_shortlist(ranks, 4).boundary_tie == frozenset()  # 4 fit in 4
    assert stats.cut_shortlist(ranks, 2).included == {"a", "b"}
    assert stats.cut_shortlist(ranks, 9).included == {"a", "b", "c", "d", "e"}  # never unranked


@given(rank_keys, st.integers(1, 12))
def test_the_computed_shortlist_is_the_top_k_with_ties_at_the_boundary(
    raw: list[tuple[Decimal, Decimal, Decimal]], k: int
) -> None:
    ranks = stats.rank([RankKey(f"d{i}", *key) for i, key in enumerate(raw)])
    cut = stats.cut_shortlist(ranks, k)
    assert cut.included == {d for d, r in ranks.items() if r is not None and r <= k}
    assert len(cut.included) >= min(k, len(ranks))
    if len(cut.included) > k:
        tied = {ranks[d] for d in cut.boundary_tie}
        assert len(tied) == 1 and len(cut.boundary_tie) >= 2
        assert len(cut.included) - len(cut.boundary_tie) < k
    else:
        assert cut.boundary_tie == frozenset()


# -- aids: z-scores and Kendall's W --------------------------------------------------------


@given(totals, st.integers(1, 8))
def test_a_constant_rater_has_z_scores_of_zero(value: Decimal, n: int) -> None:
    assert stats.z_scores({f"d{i}": value for i in range(n)}) == {f"d{i}": 0.0 for i in range(n)}


@given(st.lists(totals, min_size=2, max_size=10).filter(lambda v: len(set(v)) > 1))
def test_z_scores_have_mean_zero_unit_spread_and_keep_the_order(values: list[Decimal]) -> None:
    z = stats.z_scores({f"d{i}": v for i, v in enumerate(values)})
    zs = [z[f"d{i}"] for i in range(len(values))]
    assert math.isclose(sum(zs), 0, abs_tol=1e-9)
    assert math.isclose(statistics.pstdev(zs), 1, rel_tol=1e-9)
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            if a < b:
                assert zs[i] < zs[j]


def test_z_scores_worked_example() -> None:
    z = stats.z_scores({"a": D(90), "b": D(80), "c": D(70)})  # mean 80, population SD √(200/3)
    assert z["b"] == 0.0
    assert math.isclose(z["a"], 10 / math.sqrt(200 / 3)) and math.isclose(z["c"], -z["a"])


@given(
    st.lists(totals, min_size=2, max_size=8).filter(lambda v: len(set(v)) > 1),
    st.integers(2, 6),
)
def test_kendalls_w_is_one_for_identical_rankings(row: list[Decimal], raters: int) -> None:
    assert stats.kendalls_w([row] * raters) == pytest.approx(1.0)
    shifted = [[v + i for v in row] for i in range(raters)]  # same order, other levels
    assert stats.kendalls_w(shifted) == pytest.approx(1.0)


def test_kendalls_w_by_hand() -> None:
    # ranks (best = 1) A B C D — rater 1: 1 2 3 4, rater 2: 2 1 3 4, rater 3: 1 3 2 4
    # rank sums 4 6 8 12, mean 7.5, S = 12.25 + 2.25 + 0.25 + 20.25 = 35
    # W = 12·35 / (3²·(4³ − 4)) = 420 / 540 = 7/9
    table = [
        [D(90), D(80), D(70), D(60)],
        [D(80), D(90), D(70), D(60)],
        [D(90), D(70), D(80), D(60)],
    ]
    assert stats.kendalls_w(table) == pytest.approx(7 / 9)
    # with a tie: rater 1 ranks 1.5 1.5 3, rater 2 ranks 1 2 3; sums 2.5 3.5 6, mean 4,
    # S = 6.5, T = 2³ − 2 = 6; W = 12·6.5 / (2²·(3³ − 3) − 2·6) = 78 / 84 = 13/14
    tied = [[D(90), D(90), D(80)], [D(90), D(80), D(70)]]
    assert stats.kendalls_w(tied) == pytest.approx(13 / 14)
    # reversed orders of two raters: rank sums all equal, W = 0
    assert stats.kendalls_w([[D(3), D(2), D(1)], [D(1), D(2), D(3)]]) == pytest.approx(0.0)


def test_kendalls_w_is_undefined_without_enough_to_compare() -> None:
    assert stats.kendalls_w([]) is None
    assert stats.kendalls_w([[D(80), D(70)]]) is None  # one rater
    assert stats.kendalls_w([[D(80)], [D(70)]]) is None  # one dossier
    assert stats.kendalls_w([[D(80), D(80)], [D(70), D(70)]]) is None  # all tied


@given(
    st.lists(st.lists(totals, min_size=4, max_size=4), min_size=2, max_size=5),
    st.permutations(range(4)),
)
def test_kendalls_w_ignores_the_order_of_raters_and_dossiers(
    table: list[list[Decimal]], columns: list[int]
) -> None:
    w = stats.kendalls_w(table)
    permuted = [[row[c] for c in columns] for row in reversed(table)]
    assert stats.kendalls_w(permuted) == (pytest.approx(w) if w is not None else None)
    if w is not None:
        assert -1e-9 <= w <= 1 + 1e-9


def test_mid_ranks_share_places() -> None:
    assert stats.mid_ranks([D(80), D(90), D(80), D(70)]) == [
        Fraction(5, 2),
        Fraction(1),
        Fraction(5, 2),
        Fraction(4),
    ]
