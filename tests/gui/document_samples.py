"""Real documents for the document-viewer tests: Chinese PDFs, a locked one, garbage, Word files.

Text is set in the bundled CJK font so what the tests read back is what users see.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf
from docx import Document as WordDocument
from docx.shared import Mm
from PIL import Image
from PySide6.QtWidgets import QApplication, QWidget

from app.demo.documents import write_experience_docx
from app.demo.prose import ExperienceVariant, compose_experience
from app.demo.prose_enterprises import enterprise
from app.documents.worker import DocumentWorker
from app.models.dossier import Document, DocumentKind
from app.resources import CJK_FONT
from app.ui.documents.renderer import PageRenderer
from app.ui.fonts import install_bundled_font

GiB = 1024 * 1024 * 1024
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
A4 = (595.0, 842.0)
QUOTE = "引用这句话作为证据"
QUOTE_AT = (72.0, 150.0)  # baseline of QUOTE on page 3, 16 pt
PHRASE = "质量标杆"
PHRASE_PAGES = (0, 3, 3, 7, 10)  # pages carrying the phrase (page 3 twice)
PARAGRAPH = (
    "企业坚持以顾客为关注焦点，建立了覆盖研发、采购、生产、检验和售后服务全过程的"
    "质量管理体系，通过数字化手段实现质量数据的实时采集、分析和追溯。"
)


def chinese_pdf(pages: int = 12) -> bytes:
    """A report-like text PDF: a heading per page, paragraphs, the phrase on PHRASE_PAGES."""
    document = pymupdf.open()
    for index in range(pages):
        page = document.new_page(width=A4[0], height=A4[1])
        page.insert_font(fontname="cjk", fontfile=str(CJK_FONT))
        page.insert_text((72, 90), f"第{index + 1}部分 推进和应用情况", fontname="cjk", fontsize=20)
        if index == 3:
            page.insert_text(QUOTE_AT, QUOTE, fontname="cjk", fontsize=16)
        body = PARAGRAPH * 3
        count = PHRASE_PAGES.count(index)
        if count:
            body = f"本企业获评{PHRASE}培育对象。" + body + f"这是{PHRASE}经验。" * (count - 1)
        page.insert_textbox((72, 200, 523, 700), body, fontname="cjk", fontsize=12)
    return bytes(document.tobytes())


def encrypted_pdf() -> bytes:
    """A PDF that needs a password to open."""
    plain = pymupdf.open(stream=chinese_pdf(2), filetype="pdf")
    return bytes(plain.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o"))


def garbage_pdf() -> bytes:
    """Named .pdf, starts like one, is not one."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40


def png_scan() -> bytes:
    """A small "scanned" page as PNG."""
    image = Image.new("RGB", (620, 877), (250, 250, 245))
    for y in range(100, 800, 40):
        for x in range(80, 540):
            image.putpixel((x, y), (60, 60, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def experience_docx(
    tmp_path: Path, *, long_abstract: bool = True, picture: bool = False, company: str = "qiheng"
) -> bytes:
    """The demo's 典型经验材料 (摘要 over its 500-character limit by default), optionally with a picture."""
    path = tmp_path / "典型经验材料.docx"
    variant = ExperienceVariant(long_abstract=long_abstract)
    experience = compose_experience(enterprise(company), variant)
    write_experience_docx(path, experience, heading_styles=True, author="测试")
    if picture:
        document = WordDocument(str(path))
        document.add_paragraph("图1 质量改进项目现场")
        document.add_picture(io.BytesIO(png_scan()), width=Mm(60))
        document.save(str(path))
    return path.read_bytes()


def hostile_docx(tmp_path: Path) -> bytes:
    """A Word file whose main part declares an entity (the door to expansion bombs)."""
    import zipfile

    source = experience_docx(tmp_path, long_abstract=False)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x "boom">]>', 1)
            zout.writestr(item, data)
    return out.getvalue()


def document(
    doc_id: str, name: str, kind: DocumentKind, data: bytes, dossier_id: str = "d1"
) -> Document:
    """A dossier document as the store lists it."""
    return Document(
        id=doc_id,
        dossier_id=dossier_id,
        kind=kind,
        name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        detected_type="",
        pages=None,
    )


class Shelf:
    """Documents and their bytes, as the store would hand them to the tabs."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self._bytes: dict[str, bytes] = {}
        self.loaded: list[str] = []

    def add(self, doc_id: str, name: str, kind: DocumentKind, data: bytes) -> Document:
        """Put a document on the shelf."""
        entry = document(doc_id, name, kind, data)
        self.documents.append(entry)
        self._bytes[doc_id] = data
        return entry

    def load(self, doc_id: str) -> bytearray:
        """The store's reader: hands out a bytearray, like the document store does."""
        self.loaded.append(doc_id)
        return bytearray(self._bytes[doc_id])


@contextmanager
def running_renderer(cache_bytes: int | None = None) -> Iterator[PageRenderer]:
    """A renderer with its own worker process, shut down afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_bundled_font(app)
    worker = DocumentWorker(memory_limit=1 * GiB)
    renderer = (
        PageRenderer(worker)
        if cache_bytes is None
        else PageRenderer(worker, cache_bytes=cache_bytes)
    )
    try:
        yield renderer
    finally:
        renderer.shutdown()


def screenshot(widget: QWidget, name: str) -> Path:
    """Save what a widget shows for people to look at (test-artifacts/ is not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    assert widget.grab().save(str(path))
    return path
