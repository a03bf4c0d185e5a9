"""Printed output made with reportlab: the bundled CJK font and text safe for its markup.

Score sheets, group reports and the demo's application forms all set Chinese text in
the same bundled font, embedded so every page prints the same on any machine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import CJK_FONT, CJK_FONT_FACE

FONT = "WenQuanYiMicroHei"


@dataclass(frozen=True)
class RenderedPdf:
    """An unsigned PDF and where its signature box is (0-based page, x1, y1, x2, y2 in points)."""

    pdf: bytes
    signature_page: int
    signature_box: tuple[float, float, float, float]


@functools.cache
def cjk_font() -> str:
    """The bundled font's name under reportlab, registered on first use."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(CJK_FONT), subfontIndex=CJK_FONT_FACE))
    return FONT


def escaped(text: str) -> str:
    """Text made safe for reportlab's Paragraph markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
