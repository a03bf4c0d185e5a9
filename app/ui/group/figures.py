"""How the group's figures read on screen: points, group scores, member states, colours.

Shared by the summary table, the verification table and the dossier panel so a figure
looks the same wherever it appears (and as in the signed report: group scores with two
decimals, members' points as written).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from app.consolidation.stats import Disagreement
from app.consolidation.table import MemberScore, MemberState
from app.ui.dossier_list import format_points
from app.ui.i18n import current_lang, render

DASH = "—"
ALERT = "#b3261e"  # refusals, disagreement flags, rejected files
CHANGED = "#8a3ab9"  # the leader's changes to the computed shortlist
ON_LIST = "#1f7a3a"  # on the shortlist
WAITING = "#a15c00"  # sheets still missing
ALERT_BACKGROUND = "#fbe4e2"
ON_LIST_BACKGROUND = "#e3f2e6"
MUTED = "#6b6b6b"  # no figure: not submitted, not listed
INK = "#1a1a1a"  # text drawn over the light backgrounds above, in light and dark themes

__all__ = [
    "ALERT",
    "ALERT_BACKGROUND",
    "CHANGED",
    "DASH",
    "INK",
    "MUTED",
    "ON_LIST",
    "ON_LIST_BACKGROUND",
    "WAITING",
    "flags_text",
    "flags_tooltip",
    "format_points",
    "group_score_text",
    "in_language",
    "member_text",
    "state_label",
    "z_text",
]


def in_language(zh: str, en: str) -> str:
    """A name the core gives in both languages (an aspect, a flag), in the interface's."""
    return en if current_lang() == "en" else zh


def group_score_text(value: Decimal | None) -> str:
    """A group figure as the report prints it: two decimals (82.50)."""
    return DASH if value is None else f"{value:.2f}"


def state_label(state: MemberState) -> str:
    """A member's standing with a dossier (回避, 未提交 …) in the interface language."""
    return state.label_en if current_lang() == "en" else state.label


def member_text(member: MemberScore) -> str:
    """A member's total, or why there is none."""
    if member.total is not None:
        return format_points(member.total)
    return state_label(member.state)


def flags_text(flags: Sequence[Disagreement]) -> str:
    """A dossier's disagreement flags (分歧提示) by name, marked ⚠; empty when there are none."""
    names = [in_language(flag.name, flag.name_en) for flag in flags]
    return "⚠ " + "、".join(names) if names else ""


def flags_tooltip(flags: Sequence[Disagreement]) -> str:
    """Every flag in full (what spread too far, by how much, against which limit), a line each."""
    return "\n".join(render(flag.text) for flag in flags)


def z_text(value: float | None) -> str:
    """A normalised (z-score) figure with its sign: +0.85, −1.20."""
    return DASH if value is None else f"{value:+.2f}".replace("-", "−")
