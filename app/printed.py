"""Printed output made with reportlab: the bundled CJK font, the page furniture, the signature box.

Score sheets, group reports, the chair's list and the demo's application forms all set
Chinese text in the same bundled font, embedded so every page prints the same on any
machine. The signed documents also share how they are laid out: a running header and
"page x of y" on every page, and an empty box on the last page for the visible signature,
whose position is handed to the signer so the stamp lands exactly there. The group report
and the chair's list, read side by side, also share their page, palette and table styles.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

from app.resources import CJK_FONT, CJK_FONT_FACE

FONT = "WenQuanYiMicroHei"

LANDSCAPE_PAGE = landscape(A4)
"""The group report's and the chair's list's page: A4 landscape, so wide tables fit."""
LANDSCAPE_MARGIN = 14 * mm
LANDSCAPE_WIDTH = LANDSCAPE_PAGE[0] - 2 * LANDSCAPE_MARGIN
LANDSCAPE_SIGNATURE = (75 * mm, 24 * mm)
"""The signature box's size on those pages (width, height)."""
RULE = colors.HexColor("#9AA5B1")
HEAD_FILL = colors.HexColor("#DDE6F0")
FLAG_FILL = colors.HexColor("#FFF1DC")
"""Behind a figure that needs a second look (a flag)."""
CHANGED_FILL = colors.HexColor("#E3F1E0")
"""Behind a decision someone changed, with a reason."""

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class RenderedPdf:
    """An unsigned PDF and where its signature box is (0-based page, x1, y1, x2, y2 in points)."""

    pdf: bytes
    signature_page: int
    signature_box: Box


@functools.cache
def cjk_font() -> str:
    """The bundled font's name under reportlab, registered on first use."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(CJK_FONT), subfontIndex=CJK_FONT_FACE))
    return FONT


def escaped(text: str) -> str:
    """Text made safe for reportlab's Paragraph markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table_styles(**extra: Mapping[str, Any]) -> dict[str, ParagraphStyle]:
    """The landscape tables' paragraph styles, with a document's own (title, headings) added.

    Each of ``extra`` names a style and its settings on top of the body style.
    """
    shared = _shared_styles()
    own = {name: ParagraphStyle(name, parent=shared["body"], **kw) for name, kw in extra.items()}
    return {**shared, **own}


@functools.cache
def _shared_styles() -> Mapping[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=cjk_font(), fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "num": ParagraphStyle("num", parent=base, fontSize=8.5, leading=11, alignment=1),
        "head": ParagraphStyle("head", parent=base, fontSize=8.5, leading=11, alignment=1),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10.5, leading=16, alignment=1),
    }


def ruled(rows: list[list[Any]], widths: list[float], *commands: tuple[Any, ...]) -> Table:
    """A plain ruled table whose header row repeats on each page; ``commands`` style it further."""
    grid = Table(rows, colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *commands,
            ]
        )
    )
    return grid


def page_number(page: int, total: int) -> str:
    """Page x of y, as every printed document says it."""
    return f"第 {page} 页 / 共 {total} 页"


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that holds its pages back until the end, so each can say "page x of y".

    Subclasses write a page's running text in :meth:`finish_page`, once the total is known.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.finish_page(self._pageNumber, total)
            super().showPage()
        super().save()

    def finish_page(self, page: int, total: int) -> None:
        """Write page ``page`` of ``total``'s running text; nothing by default."""


def numbered_canvas(header: str, footer: str) -> type[NumberedCanvas]:
    """A landscape page's canvas: header, "confidential", footer and "page x of y" on each page."""
    width, height = LANDSCAPE_PAGE
    margin = LANDSCAPE_MARGIN

    class RunningTextCanvas(NumberedCanvas):
        def finish_page(self, page: int, total: int) -> None:
            self.setFont(cjk_font(), 8)
            self.setFillColor(colors.HexColor("#555555"))
            top = height - margin + 4 * mm
            self.drawString(margin, top, header)
            self.drawRightString(width - margin, top, "机密 · 仅供评审使用")
            self.drawString(margin, margin - 7 * mm, footer)
            self.drawRightString(width - margin, margin - 7 * mm, page_number(page, total))

    return RunningTextCanvas


class SignatureSpace(Flowable):  # type: ignore[misc]
    """Room kept for the visible signature; remembers the page and box it was drawn at.

    The box is recorded where layout put it, not computed beforehand, so the stamp cannot
    miss it. The room is left empty; a subclass may frame or label it in :meth:`mark`.
    """

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.placed: tuple[int, Box] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.mark()
        x, y = self.canv.absolutePosition(0, 0)
        page = self.canv.getPageNumber() - 1
        self.placed = (page, (x, y, x + self.width, y + self.height))

    def mark(self) -> None:
        """Draw inside the room, in its own coordinates; nothing by default."""


def build_pdf(
    story: list[Flowable],
    space: SignatureSpace,
    *,
    page: tuple[float, float],
    margin: float,
    header_room: float,
    canvas: type[NumberedCanvas],
    on_page: Callable[[Canvas, Any], None] | None = None,
    **info: str,
) -> RenderedPdf:
    """Lay ``story`` out and say where ``space`` landed.

    The margins are even, with ``header_room`` more at the top for the running header;
    ``info`` is the PDF's title, author, subject and so on.
    """
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin + header_room,
        bottomMargin=margin,
        **info,
    )
    hooks = {} if on_page is None else {"onFirstPage": on_page, "onLaterPages": on_page}
    doc.build(story, canvasmaker=canvas, **hooks)
    if space.placed is None:  # pragma: no cover - a built story draws every flowable
        raise RuntimeError("the signature box was not placed")
    signature_page, box = space.placed
    return RenderedPdf(buffer.getvalue(), signature_page, box)


def build_landscape_pdf(
    story: list[Flowable],
    space: SignatureSpace,
    *,
    header: str,
    footer: str,
    title: str,
    author: str,
    subject: str,
) -> RenderedPdf:
    """Lay out a group report or the chair's list: landscape, with the running text on each page."""
    return build_pdf(
        story,
        space,
        page=LANDSCAPE_PAGE,
        margin=LANDSCAPE_MARGIN,
        header_room=3 * mm,
        canvas=numbered_canvas(header, footer),
        title=title,
        author=author,
        subject=subject,
    )
