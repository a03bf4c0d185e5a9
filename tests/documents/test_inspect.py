"""Inspecting real PDFs, Word files and images, including hostile and broken ones."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any

import docx
import openpyxl
import pymupdf
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from app.documents.docx_inspect import has_year_data, inspect_docx
from app.documents.inspect import inspect_file
from app.documents.pdf_inspect import inspect_image, inspect_pdf
from app.documents.sniff import OLE2_MAGIC
from app.models.inspection import FileStatus

MiB = 1024 * 1024


def chars(*texts: str) -> int:
    return sum(1 for text in texts for ch in text if not ch.isspace())


def saved(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """Copy a DOCX package, replacing and adding parts (as a hostile author would)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = replace.get(info.filename, source.read(info))
            target.writestr(info.filename, body, zipfile.ZIP_DEFLATED)
        for name, body in (add or {}).items():
            target.writestr(name, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


# --- PDF --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def text_pdf() -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setTitle("质量标杆申报书")
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(72, 720, "质量标杆申报书")
    pdf.showPage()
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 720, "Second page")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _pymupdf_pdf(pages: int = 5) -> pymupdf.Document:
    document = pymupdf.open()
    for index in range(pages):
        document.new_page().insert_text((72, 72), f"Page {index + 1} " * 10)
    return document


def test_text_pdf(text_pdf: bytes) -> None:
    result = inspect_file("申报书.pdf", text_pdf)
    assert result.status is FileStatus.OK
    assert result.pages == 2
    assert "质量标杆申报书" in result.page_texts[0]
    assert "Second page" in result.page_texts[1]
    assert result.title == "质量标杆申报书"


def test_encrypted_pdf() -> None:
    document = _pymupdf_pdf(1)
    data = document.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    result = inspect_file("申报书.pdf", data)
    assert result.status is FileStatus.ENCRYPTED and result.detected_type == "pdf"


def test_pdf_with_a_damaged_tail_is_repaired() -> None:
    data = _pymupdf_pdf(5).tobytes(garbage=0)
    result = inspect_pdf(data[: len(data) * 3 // 4])  # xref and trailer gone
    assert result.status is FileStatus.OK and result.pages == 5


def test_truncated_and_garbage_pdfs_are_corrupt() -> None:
    data = _pymupdf_pdf(1).tobytes()
    assert inspect_pdf(data[:300]).status is FileStatus.CORRUPT
    assert inspect_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 40).status is FileStatus.CORRUPT
    assert inspect_file("x.pdf", b"\x00garbage" * 100).status is FileStatus.CORRUPT


# --- DOCX: sections ---------------------------------------------------------------------


def _styled_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("某公司以数字化质量管理提升可靠性的经验")
    document.add_heading("摘要", 1)
    document.add_paragraph("本文介绍 经验。")
    document.add_heading("企业概况", 1)
    document.add_paragraph("公司成立于1998年。")
    document.add_heading("主要指标", 2)
    table = document.add_table(rows=3, cols=4)
    rows = [["指标", "2021", "2022", "2023"], ["营业收入", "1.2", "1.5", "1.8"]]
    rows.append(["利润", "0.3", "0.4", "0.5"])
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_heading("推进和应用情况", 1)
    document.add_paragraph("做法一：建立 体系")
    document.add_heading("实施效果", 1)
    effect = document.add_paragraph("成效显著")
    _wrap_in_content_control(effect._p)
    return saved(document)


def _wrap_in_content_control(element: Any) -> None:
    """Put a body element inside a w:sdt, as provincial templates do."""
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    element.addprevious(sdt)
    content.append(element)
    sdt.append(content)


def test_docx_sections_from_heading_styles() -> None:
    result = inspect_file("典型经验材料.docx", _styled_docx())
    assert result.status is FileStatus.OK and result.pages is None
    assert result.title == "某公司以数字化质量管理提升可靠性的经验"
    table = "指标 2021 2022 2023 营业收入 1.2 1.5 1.8 利润 0.3 0.4 0.5"
    got = [(s.title, s.level, s.chars, s.has_year_table) for s in result.sections]
    assert got == [
        ("摘要", 1, chars("本文介绍 经验。"), False),
        ("企业概况", 1, chars("公司成立于1998年。", "主要指标", table), True),
        ("主要指标", 2, chars(table), True),
        ("推进和应用情况", 1, chars("做法一：建立 体系"), False),
        ("实施效果", 1, chars("成效显著"), False),
    ]
    assert "营业收入" in result.sections[1].text and "2023" in result.page_texts[0]


def _bold(document: docx.document.Document, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def _bold_docx() -> bytes:
    document = docx.Document()
    heading_style = document.styles.add_style("小标题", WD_STYLE_TYPE.PARAGRAPH)
    heading_style.font.bold = True
    document.add_paragraph("典型经验材料")
    _bold(document, "一、摘要")
    document.add_paragraph("正文一二三")
    _bold(document, "二、企业概况")
    document.add_paragraph("概况正文")
    _bold(document, "（一）基本情况")
    document.add_paragraph("基本情况正文")
    document.add_paragraph("（二）经营数据", style="小标题")  # bold through its style
    document.add_paragraph("2021年、2022年、2023年营业收入分别为10亿元、12亿元和15亿元。")
    hei = document.add_paragraph().add_run("三、推进和应用情况")  # 黑体, not bold
    hei._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
    document.add_paragraph("1.提高质量意识")  # numbered but plain: body text
    _bold(document, "1.这是一个很长的加粗段落，超过了三十个字符，所以它不是标题而是正文内容。")
    _bold(document, "二〇二三年质量工作取得了成效。")  # a bold sentence, not a heading
    document.add_paragraph("实施效果")  # a known section name alone on its line
    document.add_paragraph("效果正文")
    return saved(document)


def test_docx_sections_from_bold_paragraphs() -> None:
    result = inspect_docx(_bold_docx())
    assert result.status is FileStatus.OK
    assert result.title == "典型经验材料"
    profits = "2021年、2022年、2023年营业收入分别为10亿元、12亿元和15亿元。"
    long_bold = "1.这是一个很长的加粗段落，超过了三十个字符，所以它不是标题而是正文内容。"
    got = [(s.title, s.level, s.chars, s.has_year_table) for s in result.sections]
    assert got == [
        ("一、摘要", 1, chars("正文一二三"), False),
        (
            "二、企业概况",
            1,
            chars("概况正文", "（一）基本情况", "基本情况正文", "（二）经营数据", profits),
            True,
        ),
        ("（一）基本情况", 2, chars("基本情况正文"), False),
        ("（二）经营数据", 2, chars(profits), True),
        (
            "三、推进和应用情况",
            1,
            chars("1.提高质量意识", long_bold, "二〇二三年质量工作取得了成效。"),
            False,
        ),
        ("实施效果", 1, chars("效果正文"), False),
    ]


def test_year_data_needs_three_years_and_figures() -> None:
    assert has_year_data("2021年 2022年 2023年 利润 1.5 2.0 2.5")
    assert not has_year_data("2021年 2022年 利润 1.5 2.0 2.5")
    assert not has_year_data("2019年12月成立，2020年3月获奖，2021年5月通过认证")


# --- DOCX: hostile and broken -----------------------------------------------------------

DOCTYPE = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _with_doctype(xml: bytes, doctype: bytes = DOCTYPE) -> bytes:
    declaration_end = xml.index(b"?>") + 2
    return xml[:declaration_end] + doctype + xml[declaration_end:]


def test_docx_with_doctype_is_hostile() -> None:
    data = _styled_docx()
    hostile = rewrite(data, {"word/document.xml": _with_doctype(part(data, "word/document.xml"))})
    result = inspect_file("典型经验.docx", hostile)
    assert result.status is FileStatus.HOSTILE
    assert "word/document.xml" in result.reason and "DOCTYPE" in result.reason


def test_docx_with_lowercase_entity_in_utf16_is_hostile() -> None:
    data = _styled_docx()
    xml = part(data, "word/document.xml").replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
    xml = _with_doctype(xml, b'<!doctype x [<!entity a "b">]>')
    hostile = rewrite(data, {"word/document.xml": xml.decode("utf-8").encode("utf-16")})
    assert b"<!doctype" not in hostile  # only a decoder finds it
    result = inspect_docx(hostile)
    assert result.status is FileStatus.HOSTILE and "DOCTYPE" in result.reason


def test_xml_part_known_only_by_content_type_is_checked() -> None:
    data = _styled_docx()
    types = part(data, "[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/customXml/item1.dat" ContentType="application/xml"/></Types>',
    )
    hostile = rewrite(
        data,
        {"[Content_Types].xml": types},
        {"customXml/item1.dat": b'<?xml version="1.0"?><!ENTITY a "b"><r/>'},
    )
    assert inspect_docx(hostile).status is FileStatus.HOSTILE


def test_svg_image_with_doctype_is_not_hostile() -> None:
    data = _styled_docx()
    types = part(data, "[Content_Types].xml").replace(
        b"</Types>", b'<Default Extension="svg" ContentType="image/svg+xml"/></Types>'
    )
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>'
    ok = rewrite(data, {"[Content_Types].xml": types}, {"word/media/icon.svg": svg})
    assert inspect_docx(ok).status is FileStatus.OK


def test_docx_zip_bomb_part_is_hostile() -> None:
    bomb = rewrite(_styled_docx(), {}, {"word/media/image9.png": bytes(20 * MiB)})
    result = inspect_file("典型经验.docx", bomb)
    assert result.status is FileStatus.HOSTILE and "zip bomb" in result.reason


def test_docx_with_too_many_parts_or_escaping_names_is_hostile() -> None:
    data = _styled_docx()
    many = rewrite(data, {}, {f"word/media/{i}.bin": b"" for i in range(2001)})
    assert inspect_docx(many).status is FileStatus.HOSTILE
    escaping = rewrite(data, {}, {"../../evil.xml": b"<x/>"})
    assert inspect_docx(escaping).status is FileStatus.HOSTILE


def test_encrypted_truncated_and_broken_docx() -> None:
    encrypted = OLE2_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    assert inspect_file("典型经验.docx", encrypted).status is FileStatus.ENCRYPTED
    assert inspect_docx(encrypted).status is FileStatus.ENCRYPTED
    data = _styled_docx()
    assert inspect_docx(data[: len(data) // 2]).status is FileStatus.CORRUPT
    broken = rewrite(data, {"word/document.xml": b"<w:document><unclosed>"})
    assert inspect_docx(broken).status is FileStatus.CORRUPT


# --- images and dispatch ----------------------------------------------------------------


def _image(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, kind)
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image: a decompression bomb's calling card."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(bytes(width + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_images() -> None:
    assert inspect_file("证书.jpg", _image("JPEG")) == inspect_image(_image("JPEG"), "jpeg")
    result = inspect_file("证书.png", _image("PNG"))
    assert result.status is FileStatus.OK and result.pages == 1
    assert inspect_file("扫描.jpg", _image("JPEG", (400, 400))[:600]).status is FileStatus.CORRUPT
    bomb = inspect_file("证书.png", _png_claiming(40_000, 40_000))
    assert bomb.status is FileStatus.HOSTILE and "decompression bomb" in bomb.reason


def test_dispatch_by_content() -> None:
    assert inspect_file("空.pdf", b"").status is FileStatus.EMPTY
    assert inspect_file("申报书.pdf", b"MZ\x90\x00" + bytes(100)).status is FileStatus.EXECUTABLE
    legacy = inspect_file(
        "申报书.doc", OLE2_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le")
    )
    assert legacy.status is FileStatus.LEGACY_DOC
    wrong = inspect_file("申报书.pdf", _image("PNG"))
    assert wrong.status is FileStatus.WRONG_TYPE and wrong.detected_type == "png"
    assert inspect_file("说明.txt", b"plain text").status is FileStatus.UNSUPPORTED
    assert inspect_file("材料.zip", b"PK\x05\x06" + bytes(18)).status is FileStatus.UNSUPPORTED
    sheet = io.BytesIO()
    openpyxl.Workbook().save(sheet)
    xlsx = inspect_file("汇总表.xlsx", sheet.getvalue())
    assert xlsx.status is FileStatus.OK and xlsx.pages is None
