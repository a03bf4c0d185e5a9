"""A Word file (典型经验材料) turned into simple HTML for reading, with its outline.

Runs on the render thread, never the UI thread. The package goes through the same
safety check as at import (:func:`app.documents.docx_inspect.inspect_docx` refuses
hostile ZIPs and XML with DOCTYPE/entities) before python-docx reads it, and the
outline's sections, character counts and limits are exactly the ones the formal review
(形式审查) used. Pictures are not decoded here: their bytes are handed back so the
document worker can decode them out of process. No Qt is needed, so this is plain code.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.documents.sniff import detect_type
from app.models.inspection import FileStatus, Inspection, Section

if TYPE_CHECKING:  # the formal rules pull in openpyxl; the app imports them on first use
    from app.formal.model import RuleLimits

MAX_IMAGES = 200
MAX_IMAGE_BYTES = 40 * 1024 * 1024
MAX_NESTING = 10
EMU_PER_PIXEL = 9525  # English Metric Units per pixel at 96 dpi
IMAGE_TYPES = frozenset({"jpeg", "png", "tiff"})


@dataclass(frozen=True)
class OutlineEntry:
    """One heading of the document with its body's length and, for the required parts, the limit."""

    title: str
    level: int
    chars: int
    limit: int | None
    anchor: str

    @property
    def over_limit(self) -> bool:
        """Longer than the material rules allow (shown in red)."""
        return self.limit is not None and self.chars > self.limit


@dataclass(frozen=True)
class DocxImage:
    """A picture of the document: its name in the HTML, its bytes, its type ("" if unknown)."""

    name: str
    data: bytes
    filetype: str


@dataclass(frozen=True)
class DocxLayout:
    """What the Word view shows: the body as HTML, the outline and the pictures to decode."""

    html: str
    outline: tuple[OutlineEntry, ...]
    images: tuple[DocxImage, ...]


@dataclass(frozen=True)
class DocxRefused:
    """The file cannot be shown: the inspection's status and technical reason."""

    status: FileStatus
    reason: str


def build_docx(data: bytes, limits: RuleLimits | None = None) -> DocxLayout | DocxRefused:
    """Check the package, then lay the body out as HTML and list its sections."""
    from app.documents.docx_inspect import inspect_docx
    from app.formal.model import RuleLimits

    inspection = inspect_docx(data)  # the package check runs before python-docx parses
    if inspection.status is not FileStatus.OK:
        return DocxRefused(inspection.status, inspection.reason)
    try:
        return _Builder(data).build(inspection, limits or RuleLimits())
    except Exception as exc:  # python-docx raises many kinds on malformed packages
        return DocxRefused(FileStatus.CORRUPT, f"{type(exc).__name__}: {exc}"[:300])


def _outline(inspection: Inspection, limits: RuleLimits) -> tuple[OutlineEntry, ...]:
    from app.formal.rules_summary import section_limits

    limit_of = section_limits(inspection.sections, limits)
    return tuple(
        OutlineEntry(s.title.strip(), s.level, s.chars, limit_of.get(id(s)), f"h{index}")
        for index, s in enumerate(inspection.sections)
    )


class _Builder:
    """Walks the body in the order the inspector does, so the nth heading is the nth section."""

    def __init__(self, data: bytes) -> None:
        import docx

        self._document: Any = docx.Document(io.BytesIO(data))
        self._images: list[DocxImage] = []
        self._headings = 0
        self._levels: tuple[Section, ...] = ()

    def build(self, inspection: Inspection, limits: RuleLimits) -> DocxLayout:
        self._levels = inspection.sections
        body = "".join(self._blocks(self._document.element.body, 0))
        return DocxLayout(body, _outline(inspection, limits), tuple(self._images))

    def _blocks(self, container: Any, depth: int) -> Iterator[str]:
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                yield self._paragraph(Paragraph(child, self._document), heading_allowed=True)
            elif child.tag == qn("w:tbl"):
                yield self._table(Table(child, self._document), depth)
            elif child.tag == qn("w:sdt") and depth < MAX_NESTING:
                for content in child.iterchildren(qn("w:sdtContent")):
                    yield from self._blocks(content, depth + 1)

    def _paragraph(self, paragraph: Any, heading_allowed: bool) -> str:
        from app.documents.docx_inspect import heading_rank

        text = paragraph.text
        inner = self._runs(paragraph)
        style = _alignment(paragraph)
        rank = heading_rank(paragraph, text) if heading_allowed else None
        if rank is not None and self._headings < len(self._levels):
            level = self._levels[self._headings].level
            anchor = f"h{self._headings}"
            self._headings += 1
            tag = f"h{min(level, 4)}"
            return f'<{tag}{style}><a name="{anchor}"></a>{inner}</{tag}>'
        if not inner:
            return "<p>&nbsp;</p>"
        if _style_name(paragraph) == "Title":
            return f'<p style="text-align:center; font-size:17pt; font-weight:bold">{inner}</p>'
        indent = _first_line_indent(paragraph)
        return f"<p{_merge_style(style, indent)}>{inner}</p>"

    def _runs(self, paragraph: Any) -> str:
        from docx.text.run import Run

        parts: list[str] = []
        for item in paragraph.iter_inner_content():
            runs = [item] if isinstance(item, Run) else list(getattr(item, "runs", []))
            for run in runs:
                parts.append(self._run(run))
        return "".join(parts)

    def _run(self, run: Any) -> str:
        pieces = [self._image(blip, run) for blip in run._r.xpath(".//a:blip/@r:embed")]
        text = html.escape(run.text).replace("\n", "<br/>").replace("\t", "&emsp;")
        if text:
            if run.bold:
                text = f"<b>{text}</b>"
            if run.italic:
                text = f"<i>{text}</i>"
            if run.underline:
                text = f"<u>{text}</u>"
            if run.font.superscript:
                text = f"<sup>{text}</sup>"
            elif run.font.subscript:
                text = f"<sub>{text}</sub>"
        return "".join(pieces) + text

    def _image(self, relation_id: str, run: Any) -> str:
        part = self._document.part.related_parts.get(str(relation_id))
        blob = getattr(part, "blob", b"")
        if not blob or len(self._images) >= MAX_IMAGES or len(blob) > MAX_IMAGE_BYTES:
            return ""
        kind = detect_type(blob)
        name = f"docx-image-{len(self._images)}"
        self._images.append(DocxImage(name, bytes(blob), kind if kind in IMAGE_TYPES else ""))
        extents = run._r.xpath(".//wp:extent/@cx")
        width = ""
        if extents and str(extents[0]).isdigit():
            width = f' width="{max(int(extents[0]) // EMU_PER_PIXEL, 16)}"'
        return f'<img src="{name}"{width}/>'

    def _table(self, table: Any, depth: int) -> str:
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        rows: list[str] = []
        for tr in table._tbl.iterchildren(qn("w:tr")):
            cells: list[str] = []
            for tc in tr.iterchildren(qn("w:tc")):
                span = tc.xpath("./w:tcPr/w:gridSpan/@w:val")
                colspan = f' colspan="{int(span[0])}"' if span and str(span[0]).isdigit() else ""
                merged = tc.xpath("./w:tcPr/w:vMerge")
                if merged and merged[0].get(qn("w:val")) != "restart":
                    cells.append(f"<td{colspan}></td>")  # continues the cell above
                    continue
                content: list[str] = []
                for child in tc.iterchildren():
                    if child.tag == qn("w:p"):
                        content.append(self._paragraph(Paragraph(child, table), False))
                    elif child.tag == qn("w:tbl") and depth < MAX_NESTING:
                        content.append(self._table(Table(child, table), depth + 1))
                cells.append(f"<td{colspan}>{''.join(content)}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return (
            '<table border="1" cellspacing="0" cellpadding="4" align="center">'
            f"{''.join(rows)}</table>"
        )


def _style_name(paragraph: Any) -> str:
    try:
        return str(paragraph.style.name or "")
    except (AttributeError, KeyError, ValueError):
        return ""


def _alignment(paragraph: Any) -> str:
    try:
        value = paragraph.alignment
    except (ValueError, KeyError):
        return ""
    names = {1: "center", 2: "right", 3: "justify"}
    align = names.get(int(value)) if value is not None else None
    return f' style="text-align:{align}"' if align else ""


def _first_line_indent(paragraph: Any) -> str:
    try:
        indent = paragraph.paragraph_format.first_line_indent
    except (ValueError, KeyError):
        return ""
    return "text-indent:28px" if indent is not None and indent > 0 else ""  # Qt ignores em


def _merge_style(style: str, extra: str) -> str:
    if not extra:
        return style
    if style:
        return style[:-1] + ";" + extra + '"'
    return f' style="{extra}"'
