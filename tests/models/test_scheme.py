"""The default scoring scheme and its validation."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import InputRefused
from app.models.scheme import load_scheme, scheme_from_dict


def test_default_scheme_matches_the_notice() -> None:
    scheme = load_scheme()
    assert [p.name for p in scheme.pairs] == ["科学性和创新性", "系统性和示范性", "显效性和发展性"]
    assert [p.points for p in scheme.pairs] == [30, 30, 40]
    assert [a.name for a in scheme.aspects] == [
        "科学性",
        "创新性",
        "系统性",
        "示范性",
        "显效性",
        "发展性",
    ]
    assert scheme.aspect("effect").points == 25
    assert scheme.total == 100 and scheme.step == Decimal("0.5")
    assert [b.label for b in scheme.bands] == ["优", "良", "中", "差"]
    assert all(a.guidance and a.guidance_en for a in scheme.aspects)


def test_round_trip_through_plain_data() -> None:
    scheme = load_scheme()
    assert scheme_from_dict(scheme.to_dict()) == scheme


@given(st.integers(min_value=0, max_value=50))
def test_scores_on_the_step_within_range_are_valid(halves: int) -> None:
    scheme = load_scheme()
    value = Decimal(halves) / 2
    problem = scheme.check_score("effect", value)
    assert (problem is None) == (value <= 25)


def test_off_step_and_negative_scores_are_explained() -> None:
    scheme = load_scheme()
    off = scheme.check_score("science", Decimal("7.3"))
    assert off is not None and "0.5" in off.zh
    negative = scheme.check_score("science", Decimal("-1"))
    assert negative is not None and "0 到 15" in negative.zh


def test_points_must_add_up(tmp_path: Path) -> None:
    data = load_scheme().to_dict()
    data["total"] = "90"
    with pytest.raises(InputRefused, match="sum to 100"):
        scheme_from_dict(data)


def test_broken_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("name = [", encoding="utf-8")
    with pytest.raises(InputRefused) as caught:
        load_scheme(path)
    assert "bad.toml" in caught.value.render("zh")


def test_duplicate_aspect_refused() -> None:
    data = load_scheme().to_dict()
    data["pairs"][1]["aspects"][0]["key"] = "science"
    with pytest.raises(InputRefused, match="appears twice"):
        scheme_from_dict(data)
