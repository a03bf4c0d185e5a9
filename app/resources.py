"""Where the bundled resources (schemes, fonts, rule tables, translations) live."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
# WenQuanYi Micro Hei (Apache-2.0): TrueType outlines (reportlab can embed them) covering
# CJK and Latin, so the UI and generated PDFs look the same everywhere. A collection: face 0.
CJK_FONT = RESOURCES / "fonts" / "wqy-microhei.ttc"
CJK_FONT_FACE = 0
DEFAULT_SCHEME = RESOURCES / "schemes" / "default.toml"


def resource(*parts: str) -> Path:
    """Path of a bundled resource file."""
    return RESOURCES.joinpath(*parts)
