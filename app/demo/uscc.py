"""Unified social credit codes (统一社会信用代码, GB 32100-2015) for the fictional enterprises.

The formal review rejects a code whose check character is wrong, so the demo must produce valid
codes (and one deliberately broken one) rather than random strings.
"""

from __future__ import annotations

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_check_char(first17: str) -> str:
    """The 18th character of a USCC given its first 17 (GB 32100-2015 §5)."""
    if len(first17) != 17:
        raise ValueError("a USCC body has 17 characters")
    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


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
    return body + uscc_check_char(body)


def is_valid_uscc(code: str) -> bool:
    """Whether an 18-character code carries the right check character."""
    if len(code) != 18 or any(ch not in USCC_CHARSET for ch in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def break_check_char(code: str) -> str:
    """The same code with a wrong (but well-formed) check character."""
    wrong = USCC_CHARSET[(USCC_CHARSET.index(code[17]) + 7) % len(USCC_CHARSET)]
    return code[:17] + wrong
