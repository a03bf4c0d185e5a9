"""Unified social credit codes (统一社会信用代码, GB 32100-2015) for the fictional enterprises.

The formal review rejects a code whose check character is wrong, so the demo must produce valid
codes (and one deliberately broken one) rather than random strings.
"""

from __future__ import annotations

from app.formal.uscc import CHARSET, check_char

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check_char(body8: str) -> str:
    """The check character of a GB 11714 organisation code embedded in positions 9–17."""
    total = sum(int(ch, 36) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def make_uscc(division: str, org_digits: str, *, authority: str = "91") -> str:
    """A valid code for an enterprise (登记管理部门 9, 机构类别 1) in an admin division."""
    if len(division) != 6 or len(org_digits) != 8:
        raise ValueError("division has 6 digits, the organisation code body 8")
    body = authority + division + org_digits + org_code_check_char(org_digits)
    return body + check_char(body)


def break_check_char(code: str) -> str:
    """The same code with a wrong (but well-formed) check character."""
    wrong = CHARSET[(CHARSET.index(code[17]) + 7) % len(CHARSET)]
    return code[:17] + wrong
