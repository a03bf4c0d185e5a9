"""The 统一社会信用代码 (unified social credit code, USCC) after GB 32100-2015.

Eighteen characters: registration authority (1), entity category (1), the
registering authority's administrative division (6, GB/T 2260), the subject
code (9) and a check character (1). The formal review names the first part that
is wrong, because "invalid code" alone sends an office hunting for a typo that a
position and a reason would show at once.
"""

from __future__ import annotations

import re
import unicodedata

from app.errors import Text

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(CHARSET)}

# Registration authority (登记管理部门) → entity categories (机构类别) it assigns.
AUTHORITIES: dict[str, tuple[str, str, str]] = {
    "1": ("机构编制", "staffing authority", "1239"),
    "2": ("外交", "foreign affairs", "19"),
    "3": ("司法行政", "justice administration", "123459"),
    "4": ("文化", "culture", "19"),
    "5": ("民政", "civil affairs", "1239"),
    "6": ("旅游", "tourism", "129"),
    "7": ("宗教", "religious affairs", "129"),
    "8": ("工会", "trade unions", "19"),
    "9": ("工商（市场监管）", "market regulation", "123"),
    "A": ("中央军委改革和编制办公室", "CMC reform and staffing office", "19"),
    "N": ("农业", "agriculture", "1239"),
    "Y": ("其他", "other", "1"),
}

# First two digits of a GB/T 2260 division code; "10" is the national level (100000),
# "66" the Xinjiang Production and Construction Corps.
PROVINCES = frozenset(
    [
        "10",
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "66",
        "71",
        "81",
        "82",
    ]
)


def clean_uscc(text: str) -> str:
    """The code as it should have been typed: half-width, upper case, no spaces or dashes."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text)).upper()


def check_char(body: str) -> str:
    """The check character for the first 17 characters of a code."""
    if len(body) != 17 or any(c not in _VALUE for c in body):
        raise ValueError(f"not a 17-character USCC body: {body!r}")
    total = sum(_VALUE[c] * w for c, w in zip(body, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def uscc_problem(text: str) -> Text | None:
    """Why ``text`` is not a valid USCC, or ``None`` if it is."""
    code = clean_uscc(text)
    if len(code) != 18:
        return Text(
            f"应为 18 位，实为 {len(code)} 位",
            f"must have 18 characters, not {len(code)}",
        )
    for position, char in enumerate(code, start=1):
        if char not in _VALUE:
            return Text(
                f"第 {position} 位“{char}”不是允许的字符（不使用 I、O、Z、S、V）",
                f"character {position} '{char}' is not allowed (I, O, Z, S, V are never used)",
            )
    authority = AUTHORITIES.get(code[0])
    if authority is None:
        return Text(
            f"第 1 位登记管理部门代码“{code[0]}”不存在",
            f"character 1 '{code[0]}' is not a registration authority code",
        )
    name, name_en, categories = authority
    if code[1] not in categories:
        return Text(
            f"第 2 位机构类别代码“{code[1]}”不属于登记管理部门“{name}”",
            f"character 2 '{code[1]}' is not an entity category of the {name_en} ({name})",
        )
    division = code[2:8]
    if not division.isdigit() or division[:2] not in PROVINCES:
        return Text(
            f"第 3–8 位登记管理机关行政区划码“{division}”不是有效的行政区划代码",
            f"characters 3–8 '{division}' are not an administrative division code",
        )
    expected = check_char(code[:17])
    if code[17] != expected:
        return Text(
            f"校验码应为“{expected}”，实为“{code[17]}”",
            f"the check character should be '{expected}', not '{code[17]}'",
        )
    return None


def is_valid_uscc(text: str) -> bool:
    """Whether ``text`` (after :func:`clean_uscc`) is a valid USCC."""
    return uscc_problem(text) is None
