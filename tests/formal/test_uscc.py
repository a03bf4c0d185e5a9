"""GB 32100-2015 unified social credit codes: the check character and the parts' shapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.formal.uscc import (
    AUTHORITIES,
    CHARSET,
    PROVINCES,
    check_char,
    clean_uscc,
    is_valid_uscc,
    uscc_problem,
)


@st.composite
def bodies(draw: st.DrawFn) -> str:
    """Any well-formed 17-character body: authority, its category, division, subject code."""
    authority = draw(st.sampled_from(sorted(AUTHORITIES)))
    category = draw(st.sampled_from(AUTHORITIES[authority][2]))
    province = draw(st.sampled_from(sorted(PROVINCES)))
    county = draw(st.text("0123456789", min_size=4, max_size=4))
    subject = draw(st.text(CHARSET, min_size=9, max_size=9))
    return authority + category + province + county + subject


@given(bodies())
def test_body_with_its_check_character_is_valid(body: str) -> None:
    code = body + check_char(body)
    assert uscc_problem(code) is None
    assert is_valid_uscc(code)


@given(bodies(), st.integers(min_value=0, max_value=17), st.data())
def test_changing_any_one_character_invalidates(
    body: str, position: int, data: st.DataObject
) -> None:
    code = body + check_char(body)
    replacement = data.draw(st.sampled_from([c for c in CHARSET if c != code[position]]))
    changed = code[:position] + replacement + code[position + 1 :]
    assert uscc_problem(changed) is not None


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341L",
        "914403001922038216",
        "91330100799655058B",
        "9144030071526726XG",
        "91370200163562681G",
    ],
)
def test_real_codes_are_valid(code: str) -> None:
    assert is_valid_uscc(code)


def test_typing_habits_are_forgiven() -> None:
    assert clean_uscc(" ９１３７０２００ 1635-62681g ") == "91370200163562681G"
    assert is_valid_uscc("９１３７０２００１６３５６２６８１ｇ")


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("9137020016356268", "18 位", "18 characters, not 16"),
        ("91370200163562681O", "第 18 位“O”", "character 18 'O'"),
        ("B1370200163562681G", "登记管理部门", "registration authority"),
        ("95370200163562681G", "机构类别", "entity category"),
        ("91990200163562681G", "行政区划", "administrative division"),
        ("913702A0163562681G", "行政区划", "administrative division"),
        ("91370200163562681H", "校验码应为“G”", "should be 'G', not 'H'"),
    ],
)
def test_the_reason_names_the_wrong_part(code: str, zh: str, en: str) -> None:
    problem = uscc_problem(code)
    assert problem is not None
    assert zh in problem.zh
    assert en in problem.en


def test_check_char_refuses_a_bad_body() -> None:
    with pytest.raises(ValueError):
        check_char("9137020016356268")
    with pytest.raises(ValueError):
        check_char("9137020016356268I")
