"""Where the bundled resources (schemes, fonts, rule tables, translations) live."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
CJK_FONT = RESOURCES / "fonts" / "DroidSansFallbackFull.ttf"
DEFAULT_SCHEME = RESOURCES / "schemes" / "default.toml"


def resource(*parts: str) -> Path:
    """Path of a bundled resource file."""
    return RESOURCES.joinpath(*parts)
