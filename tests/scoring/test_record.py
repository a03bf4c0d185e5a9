"""The review record's pure rules: totals, status, what is missing, validity and bands."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.models.round import Stage
from app.models.scheme import Scheme, load_scheme, scheme_from_dict
from app.scoring.record import (
    DossierStatus,
    ReviewRecord,
    band_of,
    band_range,
    missing,
    pair_subtotals,
    status,
    total,
    validate,
)

SCHEME = load_scheme()
ASPECTS = {a.key: a for a in SCHEME.aspects}
BANDS = [b.key for b in SCHEME.bands]


def _on_step(points: Decimal) -> st.SearchStrategy[Decimal]:
    steps = int(points / SCHEME.step)
    return st.integers(0, steps).map(lambda n: n * SCHEME.step)


@st.composite
def scores(draw: st.DrawFn) -> dict[str, Decimal]:
    """Valid scores for any subset of the default scheme's aspects."""
    keys = draw(st.sets(st.sampled_from(sorted(ASPECTS))))
    return {k: draw(_on_step(ASPECTS[k].points)) for k in keys}


def _full(stage: Stage = Stage.MATERIAL) -> ReviewRecord:
    record = ReviewRecord("d1", stage)
    for aspect in SCHEME.aspects:
        record = record.with_score(aspect.key, aspect.points)
    return record.with_comment(None, "方法科学，成效显著。").with_recommendation(True)


def test_default_scheme_is_the_one_in_the_spec() -> None:
    assert [a.points for a in SCHEME.aspects] == [Decimal(p) for p in (15, 15, 15, 15, 25, 15)]
    assert SCHEME.step == Decimal("0.5")


def test_statuses_have_labels_in_both_languages() -> None:
    assert [s.label for s in DossierStatus] == ["未开始", "进行中", "已完成", "已提交", "回避"]
    assert all(s.label_en for s in DossierStatus)


@given(scores())
def test_total_is_the_sum_of_scores_and_of_pair_subtotals(given_scores: dict[str, Decimal]) -> None:
    record = ReviewRecord("d1", Stage.MATERIAL, scores=given_scores)
    assert total(record, SCHEME) == sum(given_scores.values(), Decimal(0))
    subtotals = pair_subtotals(record, SCHEME)
    assert set(subtotals) == {p.key for p in SCHEME.pairs}
    assert sum(subtotals.values(), Decimal(0)) == total(record, SCHEME)
    for pair in SCHEME.pairs:
        assert subtotals[pair.key] <= pair.points
    assert validate(record, SCHEME) == []


@given(scores(), st.text(max_size=5), st.sampled_from([None, True, False]))
def test_status_follows_what_is_missing(
    given_scores: dict[str, Decimal], comment: str, recommendation: bool | None
) -> None:
    record = ReviewRecord(
        "d1",
        Stage.MATERIAL,
        scores=given_scores,
        overall_comment=comment,
        recommendation=recommendation,
    )
    lacking = missing(record, SCHEME)
    expected_gaps = (
        (len(SCHEME.aspects) - len(given_scores))
        + (0 if comment.strip() else 1)
        + (0 if recommendation is not None else 1)
    )
    assert len(lacking) == expected_gaps
    got = status(record, SCHEME)
    if not lacking:
        assert got is DossierStatus.COMPLETE
    elif record.is_empty:
        assert got is DossierStatus.NOT_STARTED
    else:
        assert got is DossierStatus.IN_PROGRESS
    declared = record.declared_conflict("曾为该企业提供咨询")
    assert status(declared, SCHEME) is DossierStatus.CONFLICT
    assert missing(declared, SCHEME) == []
    assert validate(declared, SCHEME) == []


def test_status_transitions_through_a_review() -> None:
    record = ReviewRecord("d1", Stage.MATERIAL)
    assert status(record, SCHEME) is DossierStatus.NOT_STARTED
    assert status(record.with_notes("先看证明材料"), SCHEME) is DossierStatus.IN_PROGRESS
    record = record.with_score("science", Decimal("13.5"))
    assert status(record, SCHEME) is DossierStatus.IN_PROGRESS
    complete = _full()
    assert status(complete, SCHEME) is DossierStatus.COMPLETE
    submitted = replace(complete, submitted_revision=1)
    assert status(submitted, SCHEME) is DossierStatus.SUBMITTED
    assert status(complete.with_score("science", None), SCHEME) is DossierStatus.IN_PROGRESS
    assert status(complete.with_comment(None, "   "), SCHEME) is DossierStatus.IN_PROGRESS
    assert status(complete.with_recommendation(None), SCHEME) is DossierStatus.IN_PROGRESS
    assert status(complete.declared_conflict(""), SCHEME) is DossierStatus.CONFLICT
    assert status(complete.declared_conflict("").withdrawn_conflict(), SCHEME) is (
        DossierStatus.NOT_STARTED
    )


def test_missing_names_each_gap_in_form_order() -> None:
    record = ReviewRecord("d1", Stage.DEFENSE).with_score("science", Decimal(10))
    lacking = missing(record, SCHEME)
    assert [t.zh.split("：")[0] for t in lacking] == [
        "创新性",
        "系统性",
        "示范性",
        "显效性",
        "发展性",
        "总体评语",
        "推荐为质量标杆",
    ]
    assert all(t.en for t in lacking)
    material = missing(ReviewRecord("d1", Stage.MATERIAL), SCHEME)
    assert material[-1].zh.startswith("推荐进入答辩")
    assert missing(_full(), SCHEME) == []
    # Pair comments are optional: only the overall comment counts.
    uncommented = _full().with_comment(None, "").with_comment("effect_development", "数据充分")
    assert len(missing(uncommented, SCHEME)) == 1


def test_validate_refuses_off_step_out_of_range_and_unknown_entries() -> None:
    record = ReviewRecord(
        "d1",
        Stage.MATERIAL,
        scores={
            "science": Decimal("13.3"),
            "effect": Decimal("25.5"),
            "innovation": Decimal(-1),
            "nonsense": Decimal(1),
            "development": Decimal("NaN"),
        },
        pair_comments={"nowhere": "x"},
    )
    problems = validate(record, SCHEME)
    text = " ".join(p.zh for p in problems)
    assert "科学性" in text and "0.5" in text
    assert "显效性" in text and "25.5" in text
    assert "创新性" in text
    assert "nonsense" in text and "nowhere" in text
    assert "发展性的分数不是数字" in text
    assert len(problems) == 6
    assert all(p.en for p in problems)


def test_a_conflict_with_an_assessment_is_invalid() -> None:
    scored = ReviewRecord("d1", Stage.MATERIAL, conflict=True, scores={"science": Decimal(10)})
    assert len(validate(scored, SCHEME)) == 1
    with_notes = ReviewRecord("d1", Stage.MATERIAL, conflict=True, private_notes="备忘")
    assert validate(with_notes, SCHEME) == []


def test_records_are_immutable_and_helpers_return_new_ones() -> None:
    source = {"science": Decimal(10)}
    record = ReviewRecord("d1", Stage.MATERIAL, scores=source)
    source["science"] = Decimal(1)
    assert record.scores["science"] == Decimal(10)
    with pytest.raises(TypeError):
        record.scores["science"] = Decimal(2)  # type: ignore[index]
    with pytest.raises(FrozenInstanceError):
        record.overall_comment = "x"  # type: ignore[misc]
    commented = record.with_comment("science_innovation", "有创新")
    assert commented.pair_comments == {"science_innovation": "有创新"}
    assert record.pair_comments == {}
    # Clearing a comment and never writing one are the same record.
    assert commented.with_comment("science_innovation", "") == record
    assert record.with_score("science", None).scores == {}


def test_declaring_a_conflict_clears_the_assessment_but_keeps_notes() -> None:
    record = _full().with_notes("与该企业有合作").with_comment("science_innovation", "好")
    declared = record.declared_conflict("曾为该企业提供咨询")
    assert declared.conflict and declared.conflict_reason == "曾为该企业提供咨询"
    assert not declared.has_assessment
    assert declared.private_notes == "与该企业有合作"


def test_band_ranges_of_the_spec_example() -> None:
    assert band_range(SCHEME, "effect", "excellent") == (Decimal("22.5"), Decimal(25))
    assert band_range(SCHEME, "effect", "good") == (Decimal(19), Decimal(22))
    assert band_range(SCHEME, "effect", "fair") == (Decimal(15), Decimal("18.5"))
    assert band_range(SCHEME, "effect", "poor") == (Decimal(0), Decimal("14.5"))
    assert band_range(SCHEME, "science", "excellent") == (Decimal("13.5"), Decimal(15))
    assert band_range(SCHEME, "science", "good") == (Decimal("11.5"), Decimal(13))
    with pytest.raises(KeyError):
        band_range(SCHEME, "science", "legendary")


@given(st.sampled_from(sorted(ASPECTS)), st.sampled_from(BANDS))
def test_band_ranges_are_on_the_step_and_inside_the_band(aspect_key: str, band_key: str) -> None:
    aspect = ASPECTS[aspect_key]
    band = next(b for b in SCHEME.bands if b.key == band_key)
    low, high = band_range(SCHEME, aspect_key, band_key)
    assert low <= high
    for value in (low, high):
        assert SCHEME.check_score(aspect_key, value) is None
        assert band.low * aspect.points <= value <= band.high * aspect.points
        assert band_of(SCHEME, aspect_key, value) == band_key
    if low > 0:
        assert band_of(SCHEME, aspect_key, low - SCHEME.step) != band_key


@given(st.sampled_from(sorted(ASPECTS)), st.data())
def test_every_score_on_the_step_is_in_exactly_one_band(
    aspect_key: str, data: st.DataObject
) -> None:
    value = data.draw(_on_step(ASPECTS[aspect_key].points))
    holding = [b for b in BANDS if _inside(SCHEME, aspect_key, b, value)]
    assert holding == [band_of(SCHEME, aspect_key, value)]


def _inside(scheme: Scheme, aspect_key: str, band_key: str, value: Decimal) -> bool:
    low, high = band_range(scheme, aspect_key, band_key)
    return low <= value <= high


def test_bands_cover_a_hundred_point_aspect_without_gaps() -> None:
    data = SCHEME.to_dict()
    data["total"] = "100"
    data["pairs"] = [
        {
            "key": "all",
            "name": "总体",
            "name_en": "All",
            "aspects": [
                {
                    "key": "all",
                    "name": "总体",
                    "name_en": "All",
                    "points": "100",
                    "guidance": "总体",
                    "guidance_en": "All",
                }
            ],
        }
    ]
    wide = scheme_from_dict(data)
    assert band_of(wide, "all", Decimal("89.5")) == "good"
    assert band_range(wide, "all", "good") == (Decimal(75), Decimal("89.5"))
