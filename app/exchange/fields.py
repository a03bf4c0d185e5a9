"""Strict readers of fields in signed JSON (score sheets, group reports, the chair's list).

A signed file is either read exactly as its format says or refused, never half-read. Each
reader raises ``KeyError``, ``TypeError``, ``ValueError`` or ``decimal.InvalidOperation``
naming the field; the callers catch these and turn them into their own refusal
(:class:`app.errors.InputRefused`), so the wording for the user stays with the format that
was refused.

JSON has no decimals: numbers that must not be rounded travel as decimal strings ("12.5"),
and a ``bool`` is never taken for an integer even though Python says it is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

MALFORMED = (KeyError, TypeError, ValueError, InvalidOperation, AttributeError)
"""What reading malformed JSON raises, from these readers or a caller's own checks."""


def text(data: Mapping[str, Any], key: str) -> str:
    """``data[key]``, which must be a string."""
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text")
    return value


def integer(data: Mapping[str, Any], key: str) -> int:
    """``data[key]``, which must be an integer (``true`` is not 1 here)."""
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{key} is not an integer")
    return value


def boolean(data: Mapping[str, Any], key: str) -> bool:
    """``data[key]``, which must be ``true`` or ``false``."""
    value = data[key]
    if not isinstance(value, bool):
        raise TypeError(f"{key} is not true or false")
    return value


def optional_integer(data: Mapping[str, Any], key: str) -> int | None:
    """``data[key]``, an integer or ``null``; the key itself must be present."""
    return None if data[key] is None else integer(data, key)


def optional_float(data: Mapping[str, Any], key: str) -> float | None:
    """``data[key]``, any JSON number or ``null``, as a float (for aids, never for scores)."""
    value = data[key]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{key} is not a number")
    return float(value)


def optional_bool(value: object, where: str) -> bool | None:
    """``value``, which must be ``true``, ``false`` or ``null``."""
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{where} is not true, false or null")
    return value


def obj(value: object, where: str) -> dict[str, Any]:
    """``value``, which must be a JSON object."""
    if not isinstance(value, dict):
        raise TypeError(f"{where} is not an object")
    return value


def items(value: object, where: str) -> list[Any]:
    """``value``, which must be a JSON list."""
    if not isinstance(value, list):
        raise TypeError(f"{where} is not a list")
    return value


def decimal(value: object, where: str) -> Decimal:
    """``value``, a decimal string such as "12.5" naming a finite number."""
    if not isinstance(value, str):
        raise TypeError(f"{where} is not a decimal string")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{where} is not a finite number")
    return number


def decimals(value: object, where: str) -> dict[str, Decimal]:
    """``value``, an object whose every value is a decimal string (a key's path names it)."""
    return {str(k): decimal(v, f"{where}.{k}") for k, v in obj(value, where).items()}


__all__ = [
    "MALFORMED",
    "boolean",
    "decimal",
    "decimals",
    "integer",
    "items",
    "obj",
    "optional_bool",
    "optional_float",
    "optional_integer",
    "text",
]
