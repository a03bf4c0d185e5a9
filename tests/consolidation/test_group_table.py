"""The group table from hand-made score sheets: figures, missing members, conflicts, flags."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.consolidation import stats
from app.consolidation.table import (
    AssignedDossier,
    GroupTable,
    MemberState,
    ShortlistDecision,
    consolidate,
)
from app.models.round import Person, Role
from app.sheets.payload import ScoreSheet
from tests.consolidation.crafted import (
    CHEN,
    GROUP,
    LEADER,
    LIU,
    MEMBERS,
    ZHANG,
    entry,
    make_round,
    scores,
    sheet,
    spread_evenly,
)

D = Decimal
DOSSIERS = tuple(AssignedDossier(f"d{i}", i, f"企业d{i}", "典型经验") for i in range(1, 5))


def crafted_sheets() -> list[ScoreSheet]:
    """Chen sends nothing; Liu declares a conflict on d1; d2 disagrees; L misstates d4's total."""
    return [
        sheet(
            LEADER,
            [
                entry("d1", spread_evenly(D(80))),
                entry("d2", scores(12, 12, 12, 12, 24, 12)),  # 84
                entry("d3", spread_evenly(D(90))),
                entry("d4", spread_evenly(D(70)), stated_total=D(100)),
            ],
        ),
        sheet(
            ZHANG,
            [
                entry("d1", spread_evenly(D(85))),
                entry("d2", scores(12, 12, 12, 12, 11, 12)),  # 71
                entry("d3", spread_evenly(D(90))),
                entry("d4", spread_evenly(D(70))),
            ],
        ),
        sheet(
            LIU,
            [
                entry("d1", None),
                entry("d2", scores(6, 12, 12, 12, 11, 12)),  # 65
                entry("d3", spread_evenly(D(90))),
                entry("d4", spread_evenly(D(70))),
            ],
        ),
    ]


def crafted_table(**kwargs: object) -> GroupTable:
    return consolidate(make_round(k=2), GROUP, MEMBERS, crafted_sheets(), DOSSIERS, **kwargs)  # type: ignore[arg-type]


def test_a_member_who_sent_no_sheet_is_listed_as_missing() -> None:
    table = crafted_table()
    assert table.missing_members == (CHEN,)
    assert table.received == 3
    assert all(line.members[3].state is MemberState.NO_SHEET for line in table.lines)
    assert table.leader == LEADER


def test_a_conflicted_member_is_left_out_of_the_figures() -> None:
    line = crafted_table().line("d1")
    assert [m.state for m in line.members[:3]] == [
        MemberState.SCORED,
        MemberState.SCORED,
        MemberState.CONFLICT,
    ]
    assert line.members[2].total is None and line.members[2].z is None
    assert line.totals == (D(80), D(85))
    assert line.group_score == D("82.50") and line.spread == D(5)


def test_totals_are_recomputed_from_the_scores_not_taken_from_the_sheet() -> None:
    line = crafted_table().line("d4")
    assert line.members[0].total == D(70)  # the sheet said 100
    assert line.group_score == D("70.00")
    assert line.members[0].subtotals == {
        "science_innovation": D(30),
        "system_demonstration": D(30),
        "effect_development": D(10),
    }


def test_disagreements_are_flagged_for_totals_and_aspects() -> None:
    table = crafted_table()
    line = table.line("d2")
    assert line.totals == (D(84), D(71), D(65))
    assert line.group_score == D("73.33")  # 220 / 3
    assert [(f.aspect_key, f.spread) for f in line.flags] == [(None, D(19)), ("effect", D(13))]
    assert line.aspect_spreads["science"] == D(6)  # not over 7.5: no flag
    assert all(not table.line(d).flags for d in ("d1", "d3", "d4"))


def test_ranks_computed_shortlist_and_the_leaders_changes() -> None:
    table = crafted_table()
    assert {line.dossier.id: line.rank for line in table.lines} == {
        "d3": 1,
        "d1": 2,
        "d2": 3,
        "d4": 4,
    }
    assert [line.dossier.id for line in table.shortlist] == ["d3", "d1"]
    decisions = [
        ShortlistDecision("d2", True, "显效性数据扎实", "李明华", "2024-05-02T08:00:00+00:00"),
        ShortlistDecision("d1", False, "材料存疑", "李明华", "2024-05-02T08:00:00+00:00"),
    ]
    changed = crafted_table(decisions=decisions, consensus={"d3": "一致推荐"})
    assert [line.dossier.id for line in changed.shortlist] == ["d3", "d2"]
    assert changed.line("d2").changed and changed.line("d2").computed is False
    assert changed.line("d1").changed and not changed.line("d1").effective
    assert changed.line("d3").consensus == "一致推荐" and not changed.line("d3").changed


def test_agreement_uses_the_dossiers_every_reviewer_scored() -> None:
    agreement = crafted_table().agreement
    assert (agreement.reviewers, agreement.dossiers) == (3, 3)  # d1 has a conflict
    # over d2 d3 d4, ranks (best = 1): 李明华 2 1 3, 张伟 2 1 3, 刘芳 3 1 2 (65 < 70)
    # rank sums 7 3 8, mean 6, S = 1 + 9 + 4 = 14; W = 12·14 / (3²·(3³ − 3)) = 168/216 = 7/9
    assert agreement.w is not None and abs(agreement.w - 7 / 9) < 1e-12


def test_a_newer_revision_replaces_an_older_and_foreign_sheets_are_ignored() -> None:
    rnd = make_round()
    old = sheet(ZHANG, [entry("d1", spread_evenly(D(60)))], revision=1)
    new = sheet(ZHANG, [entry("d1", spread_evenly(D(88)))], revision=2)
    other_group = replace(sheet(LIU, [entry("d1", spread_evenly(D(10)))]), group_id="g2")
    draft = replace(sheet(CHEN, [entry("d1", spread_evenly(D(10)))]), draft=True)
    table = consolidate(rnd, GROUP, MEMBERS, [new, old, other_group, draft], DOSSIERS[:1])
    assert table.line("d1").totals == (D(88),)
    assert table.members[1].sheet is not None and table.members[1].sheet.revision == 2
    assert table.missing_members == (LEADER, LIU, CHEN)


def test_a_tie_across_place_k_is_included_and_marked() -> None:
    sheets = [
        sheet(
            p,
            [
                entry(d.id, spread_evenly(D(t)))
                for d, t in zip(DOSSIERS, (90, 80, 80, 70), strict=True)
            ],
        )
        for p in (LEADER, ZHANG)
    ]
    table = consolidate(make_round(k=2), GROUP, MEMBERS, sheets, DOSSIERS)
    assert [x.dossier.id for x in table.shortlist] == ["d1", "d2", "d3"]
    assert [x.boundary_tie for x in table.lines] == [False, True, True, False]


members_scores = st.lists(
    st.tuples(st.booleans(), st.integers(0, 200).map(lambda i: D(i) / 2)),
    min_size=1,
    max_size=7,
)


@given(members_scores)
def test_a_conflicted_member_counts_exactly_like_an_absent_one(
    raw: list[tuple[bool, Decimal]],
) -> None:
    people = tuple(
        Person(f"p{i}", f"专家{i}", "单位", Role.EXPERT, GROUP.id) for i in range(len(raw))
    )
    dossier = DOSSIERS[:1]
    with_conflicts = [
        sheet(p, [entry("d1", None if conflicted else spread_evenly(total))])
        for p, (conflicted, total) in zip(people, raw, strict=True)
    ]
    without = [
        sheet(p, [entry("d1", spread_evenly(total))])
        for p, (conflicted, total) in zip(people, raw, strict=True)
        if not conflicted
    ]
    a = consolidate(make_round(), GROUP, people, with_conflicts, dossier).line("d1")
    b = consolidate(make_round(), GROUP, people, without, dossier).line("d1")
    kept = [total for conflicted, total in raw if not conflicted]
    assert a.group_score == b.group_score == stats.group_mean(kept, make_round().rule)
    assert (a.spread, a.flags, a.rank, a.dropped) == (b.spread, b.flags, b.rank, b.dropped)
    assert a.totals == b.totals == tuple(kept)


def test_the_order_of_members_sheets_and_dossiers_changes_no_figure() -> None:
    table = crafted_table()
    shuffled = consolidate(
        make_round(k=2),
        GROUP,
        (CHEN, LIU, LEADER, ZHANG),
        list(reversed(crafted_sheets())),
        tuple(reversed(DOSSIERS)),
    )
    assert [x.dossier.id for x in shuffled.lines] == [x.dossier.id for x in table.lines]
    for a, b in zip(table.lines, shuffled.lines, strict=True):
        assert (a.group_score, a.spread, a.flags, a.rank, a.computed) == (
            b.group_score,
            b.spread,
            b.flags,
            b.rank,
            b.computed,
        )
        assert sorted(a.totals) == sorted(b.totals)
    assert shuffled.agreement == table.agreement
