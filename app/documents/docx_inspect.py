"""Inspect a Word (DOCX) file: refuse hostile packages, then find its text and sections.

A DOCX is a ZIP of XML parts, so it gets the archive checks (entry count, size,
compression ratio, escaping names) and every XML part is refused if it declares
a DOCTYPE or entities (the door to entity-expansion bombs and external entity
reads) before python-docx parses anything.

The formal review reads the sections of a 典型经验材料 (摘要 / 企业概况 /
推进和应用情况 / 实施效果). Submitters mark headings with Word heading styles
only sometimes; just as often a heading is a short bold paragraph numbered
"一、" or "（一）", so both are recognised.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.documents.sniff import detect_type
from app.ingest.archive import ArchiveLimits, ArchiveRefused, MiB, iter_zip
from app.models.inspection import FileStatus, Inspection, Section

DOCX_LIMITS = ArchiveLimits(max_entries=2000, max_total_bytes=512 * MiB)
KNOWN_SECTIONS = ("摘要", "企业概况", "推进和应用情况", "实施效果")

_MAX_SECTIONS = 500  # a real 典型经验材料 has a few dozen headings at most
_MAX_HEADING_CHARS = 30
_STYLE_DEPTH = 10  # style inheritance is walked no deeper (hostile files loop it)
_MAX_NESTING = 10  # content controls inside content controls
_SAFE_ENCODINGS = frozenset({"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be"})
_DECLARATION = re.compile(rb"<!(doctype|entity)", re.IGNORECASE)
_ENCODING = re.compile(r"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']")
_XML_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_CN_NUM = "一二三四五六七八九十百零〇"
_HEADING_PATTERNS = (  # (pattern, rank); ranks only order levels, they are renumbered later
    (re.compile(rf"^第[{_CN_NUM}\d]+[章部篇]"), 1),
    (re.compile(rf"^[{_CN_NUM}]+\s*[、.．]"), 2),
    (re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[）)]"), 3),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}(?![\d.])"), 6),
    (re.compile(r"^\d{1,2}\.\d{1,2}(?![\d.])"), 5),
    (re.compile(r"^\d{1,2}\s*[、.．](?!\d)"), 4),
    (re.compile(r"^[（(]\s*\d{1,2}\s*[）)]"), 7),
)
_NUMBERING = re.compile(rf"^(第[{_CN_NUM}\d]+[章部篇]|[（(]?[{_CN_NUM}\d.．]+[）)、.．]?)\s*")
_SENTENCE_END = ("。", "；", ";", "，", ",")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"20\d\d")
_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")


@dataclass(frozen=True)
class _Block:
    """A paragraph or table of the body, in document order."""

    text: str
    heading: int | None  # rank when the paragraph is a heading
    is_table: bool


def inspect_docx(data: bytes) -> Inspection:
    """Check the package, then read paragraphs, tables and sections in document order."""
    kind = detect_type(data)
    if kind == "ole-encrypted":
        reason = "password-protected Word file (encrypted OOXML package)"
        return Inspection(FileStatus.ENCRYPTED, "docx", reason=reason)
    if kind == "doc":
        return Inspection(FileStatus.LEGACY_DOC, "doc", reason="Word 97-2003 document")
    refusal = check_package(data)
    if refusal is not None:
        return refusal
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_read_blocks(document))
    except Exception as exc:  # python-docx raises many kinds on malformed packages
        reason = f"cannot parse the Word file: {type(exc).__name__}: {exc}"[:300]
        return Inspection(FileStatus.CORRUPT, "docx", reason=reason)
    full_text = "\n".join(block.text for block in blocks)
    title = next((b.text.strip() for b in blocks if not b.is_table and b.text.strip()), "")
    return Inspection(
        FileStatus.OK,
        "docx",
        page_texts=(full_text,),
        sections=_find_sections(blocks),
        title=title,
    )


def check_package(data: bytes) -> Inspection | None:
    """Refuse a DOCX whose ZIP or XML is hostile or broken; None when it is safe to parse."""
    xml_by_type: list[str] = []
    try:
        for entry in iter_zip(data, DOCX_LIMITS, "document"):
            if entry.name.lower().endswith((".xml", ".rels")):
                problem = xml_problem(entry.data)
                if problem:
                    return Inspection(FileStatus.HOSTILE, "docx", reason=f"{entry.name}: {problem}")
            if entry.name == "[Content_Types].xml":
                xml_by_type = _xml_parts_by_content_type(entry.data)
        if xml_by_type:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                for name in xml_by_type:
                    problem = xml_problem(package.read(name))
                    if problem:
                        reason = f"{name}: {problem}"
                        return Inspection(FileStatus.HOSTILE, "docx", reason=reason)
    except ArchiveRefused as exc:
        status = {
            "hostile": FileStatus.HOSTILE,
            "encrypted": FileStatus.ENCRYPTED,
        }.get(exc.kind, FileStatus.CORRUPT)
        return Inspection(status, "docx", reason=exc.text.en)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        return Inspection(FileStatus.CORRUPT, "docx", reason=str(exc)[:300])
    return None


def xml_problem(part: bytes) -> str | None:
    """Why an XML part is refused (DOCTYPE, ENTITY, an exotic encoding), or None.

    The part is decoded the way an XML parser would guess (byte-order mark or
    first bytes), so a declaration hidden in UTF-16 or UTF-32 is found too.
    """
    if match := _DECLARATION.search(part):
        return f"<!{match.group(1).decode().upper()}> declaration"
    encoding = next((enc for bom, enc in _XML_BOMS if part.startswith(bom)), "utf-8")
    text = part.decode(encoding, errors="replace")
    lowered = text.lower()
    for word in ("doctype", "entity"):
        if f"<!{word}" in lowered:
            return f"<!{word.upper()}> declaration"
    declared = _ENCODING.match(text[:200])
    if declared and declared.group(1).lower() not in _SAFE_ENCODINGS:
        return f"unexpected XML encoding {declared.group(1)[:40]}"
    return None


def _xml_parts_by_content_type(content_types: bytes) -> list[str]:
    """Parts that are XML by content type though not by name (python-docx would parse them).

    Called only after the part itself passed :func:`xml_problem`, so the standard
    parser meets no DOCTYPE here. Images (``image/svg+xml``) are never parsed.
    """
    try:
        root = ElementTree.fromstring(content_types)
    except ElementTree.ParseError:
        return []
    parts: list[str] = []
    for element in root:
        name = element.get("PartName", "").lstrip("/")
        kind = element.get("ContentType", "").lower()
        if not name or name.lower().endswith((".xml", ".rels")) or kind.startswith("image/"):
            continue
        if kind.endswith("xml"):
            parts.append(name)
    return parts


def _read_blocks(document: Any) -> Iterator[_Block]:
    yield from _body_blocks(document.element.body, document)


def _body_blocks(container: Any, document: Any, depth: int = 0) -> Iterator[_Block]:
    """Paragraphs and tables in order, including those inside content controls (w:sdt).

    Templates handed down by provincial departments often wrap whole sections in
    content controls, which python-docx's own iteration skips.
    """
    for child in container.iterchildren():
        if child.tag == _P:
            paragraph = Paragraph(child, document)
            text = paragraph.text
            yield _Block(text, heading_rank(paragraph, text), False)
        elif child.tag == _TBL:
            yield _Block(_table_text(Table(child, document)), None, True)
        elif child.tag == _SDT and depth < _MAX_NESTING:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _body_blocks(content, document, depth + 1)


def _table_text(table: Table) -> str:
    """Every paragraph of the table once, nested tables included, merged cells not repeated."""
    return "\n".join(Paragraph(p, table).text for p in table._tbl.iter(qn("w:p")))


def heading_rank(paragraph: Paragraph, text: str) -> int | None:
    """The heading rank of a paragraph (smaller is higher), or None for body text."""
    compact = "".join(text.split())
    if not compact:
        return None
    style = _safe_style(paragraph)
    style_name = str(getattr(style, "name", "") or "")
    if style_name.lower().startswith(("toc", "目录")):
        return None
    # Word's "Heading 1" sits where "一、" does: rank = level + 1 puts both on one scale.
    if level := _style_heading_level(style_name):
        return level + 1
    outline = _outline_level(paragraph, style)
    if outline is not None:
        return outline + 1
    if len(compact) > _MAX_HEADING_CHARS or compact.endswith(_SENTENCE_END):
        return None
    stripped = _NUMBERING.sub("", compact).rstrip(":：")
    known = stripped in KNOWN_SECTIONS
    pattern_rank = next((rank for pattern, rank in _HEADING_PATTERNS if pattern.match(compact)), 0)
    if known:  # a short line naming a known section is a heading even in plain type
        return pattern_rank or 2
    if pattern_rank and _is_emphasised(paragraph, style):
        return pattern_rank
    return None


def _style_heading_level(name: str) -> int | None:
    match = re.match(r"^(?:heading|标题)\s*(\d)", name, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _safe_style(paragraph: Paragraph) -> Any:
    try:
        return paragraph.style
    except (KeyError, ValueError, AttributeError):
        return None


def _style_chain(style: Any) -> Iterator[Any]:
    for _ in range(_STYLE_DEPTH):
        if style is None:
            return
        yield style
        style = getattr(style, "base_style", None)


def _outline_level(paragraph: Paragraph, style: Any) -> int | None:
    """Word's outline level (0-8 are heading levels, 9 is body text) on the paragraph or style."""
    elements = [paragraph._p, *(s.element for s in _style_chain(style))]
    for element in elements:
        values = element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if values:
            level = int(values[0]) if str(values[0]).isdigit() else 9
            return level + 1 if level < 9 else None
    return None


def _is_emphasised(paragraph: Paragraph, style: Any) -> bool:
    """Every run with text is bold (directly or by style) or set in a 黑体 (Hei) face.

    Chinese official documents mark headings with 黑体 as often as with bold.
    """
    paragraph_bold = _style_value(style, lambda s: s.font.bold)
    paragraph_face = _style_value(style, _east_asia_face)
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.bold
        if bold is None:
            bold = _style_value(run.style, lambda s: s.font.bold)
        if bold is None:
            bold = paragraph_bold
        face = _east_asia_face(run) or _style_value(run.style, _east_asia_face) or paragraph_face
        if not bold and not _is_hei(face):
            return False
    return True


def _style_value(style: Any, read: Any) -> Any:
    for current in _style_chain(style):
        try:
            value = read(current)
        except (AttributeError, KeyError, ValueError):
            value = None
        if value is not None:
            return value
    return None


def _east_asia_face(holder: Any) -> str | None:
    element = getattr(holder, "element", None)
    if element is None:
        element = getattr(holder, "_r", None)
    if element is None:
        return None
    faces = element.xpath("./w:rPr/w:rFonts/@w:eastAsia")
    return str(faces[0]) if faces else None


def _is_hei(face: str | None) -> bool:
    return bool(face) and ("黑" in str(face) or "hei" in str(face).lower())


def _find_sections(blocks: list[_Block]) -> tuple[Section, ...]:
    """Cut the body at headings; each section runs to the next heading of its level or higher."""
    headings = [(index, b.heading) for index, b in enumerate(blocks) if b.heading is not None]
    headings = headings[:_MAX_SECTIONS]
    levels = {rank: level for level, rank in enumerate(sorted({r for _, r in headings}), 1)}
    sections: list[Section] = []
    for position, (start, rank) in enumerate(headings):
        end = next((i for i, r in headings[position + 1 :] if r <= rank), len(blocks))
        body = blocks[start + 1 : end]
        text = "\n".join(block.text for block in body)
        chars = sum(1 for ch in text if not ch.isspace())
        year_table = any(has_year_data(block.text) for block in body)
        title = blocks[start].text.strip()
        sections.append(Section(title, levels[rank], chars, year_table, text))
    return tuple(sections)


def has_year_data(text: str) -> bool:
    """Three distinct years 2000-2099 together with at least three other figures.

    Figures followed by 月/日/号 are dates, not data ("2021年3月" is one year).
    """
    text = unicodedata.normalize("NFKC", text)
    years: set[str] = set()
    figures = 0
    for match in _NUMBER.finditer(text):
        token = match.group()
        if _YEAR.fullmatch(token):
            years.add(token)
        elif text[match.end() : match.end() + 1] not in ("月", "日", "号"):
            figures += 1
    return len(years) >= 3 and figures >= 3
