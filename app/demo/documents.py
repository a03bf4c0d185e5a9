"""Builders for the files of a dossier batch; the Word summary (典型经验材料) is made here.

The Word files imitate what submitters really send: half use Word's heading styles, the other
half make headings out of bold Normal paragraphs, and every run names an East Asian font. The
form PDF, the scanned evidence and the summary table live in :mod:`app.demo.documents_form`,
:mod:`app.demo.documents_scan` and :mod:`app.demo.manifest`; they are re-exported here so
callers have one entry point.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from app.demo.documents_form import application_pdf_bytes
from app.demo.documents_scan import EVIDENCE_KINDS, evidence_pages, scan_pdf_bytes
from app.demo.manifest import FIXED_TIME, MANIFEST_HEADERS, SummaryRow, write_manifest_xlsx
from app.demo.prose_model import DataTable, Experience, Para, SubHeading

__all__ = [
    "EVIDENCE_KINDS",
    "MANIFEST_HEADERS",
    "SummaryRow",
    "application_pdf_bytes",
    "evidence_pages",
    "scan_pdf_bytes",
    "write_experience_docx",
    "write_manifest_xlsx",
]

BODY_FONT = "宋体"
HEADING_FONT = "黑体"


def _font(run: Run, name: str, *, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def _styled_document(heading_styles: bool) -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(28)
    section.top_margin = section.bottom_margin = Mm(25)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    if heading_styles:
        for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
            style = doc.styles[name]
            style.font.name = HEADING_FONT
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEADING_FONT)
    return doc


def _heading(doc: DocxDocument, text: str, level: int, heading_styles: bool) -> Paragraph:
    if heading_styles:
        paragraph: Paragraph = doc.add_heading(level=level)
        _font(paragraph.add_run(text), HEADING_FONT)
    else:
        paragraph = doc.add_paragraph()
        size = {0: 18.0, 1: 14.0}.get(level, 12.0)
        _font(
            paragraph.add_run(text), HEADING_FONT if level == 0 else BODY_FONT, size=size, bold=True
        )
    if level == 0 or text.endswith("摘要"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _table(doc: DocxDocument, block: DataTable) -> None:
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(caption.add_run(block.caption), BODY_FONT, size=10.5, bold=True)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row_index, values in enumerate((block.header, *block.rows)):
        for cell, value in zip(table.rows[row_index].cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(paragraph.add_run(value), BODY_FONT, size=10.5, bold=row_index == 0)


def write_experience_docx(
    path: Path, experience: Experience, *, heading_styles: bool, author: str
) -> None:
    """The summary as .docx: title, the sections, sub-headings, paragraphs and data tables."""
    doc = _styled_document(heading_styles)
    _heading(doc, experience.title, 0, heading_styles)
    for section in experience.sections:
        _heading(doc, section.heading, 1, heading_styles)
        for block in section.blocks:
            if isinstance(block, SubHeading):
                _heading(doc, block.text, 2, heading_styles)
            elif isinstance(block, Para):
                paragraph = doc.add_paragraph()
                paragraph.paragraph_format.first_line_indent = Pt(24)
                _font(paragraph.add_run(block.text), BODY_FONT)
            else:
                _table(doc, block)
    props = doc.core_properties
    props.title = experience.title
    props.author = props.last_modified_by = author
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    doc.save(str(path))
