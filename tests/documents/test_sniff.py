"""Telling a file's real type from its first bytes."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pymupdf
import pytest
from PIL import Image

from app.documents.sniff import OLE2_MAGIC, detect_type, expected_types


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, kind)
    return buffer.getvalue()


def _docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("企业A/申报书.pdf", b"%PDF")
    return buffer.getvalue()


def _ole(*streams: str) -> bytes:
    """An OLE2 header followed by directory entry names (UTF-16LE), as Office writes them."""
    return OLE2_MAGIC + bytes(504) + b"".join(name.encode("utf-16-le") for name in streams)


def test_real_files() -> None:
    document = pymupdf.open()
    document.new_page()
    assert detect_type(document.tobytes()) == "pdf"
    assert detect_type(_docx()) == "docx"
    assert detect_type(_xlsx()) == "xlsx"
    assert detect_type(_zip()) == "zip"
    assert detect_type(_image("JPEG")) == "jpeg"
    assert detect_type(_image("PNG")) == "png"
    assert detect_type(_image("TIFF")) == "tiff"


def test_pdf_header_after_junk() -> None:
    assert detect_type(b"\r\n  junk\n%PDF-1.4\n") == "pdf"
    assert detect_type(bytes(2000) + b"%PDF-1.4") == "unknown"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"Rar!\x1a\x07\x00....", "rar"),
        (b"Rar!\x1a\x07\x01\x00...", "rar"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "7z"),
        (b"MZ\x90\x00\x03", "exe"),
        (b"\x7fELF\x02\x01\x01", "exe"),
        (b"\xcf\xfa\xed\xfe\x07\x00", "exe"),
        (b"\xca\xfe\xba\xbe\x00\x00", "exe"),
        (b"#!/bin/sh\nrm -rf ~\n", "exe"),
        (b"PK\x03\x04 broken zip", "zip"),
        (b"just some text", "unknown"),
    ],
)
def test_magic_bytes(data: bytes, kind: str) -> None:
    assert detect_type(data) == kind


def test_ole_containers() -> None:
    assert detect_type(_ole("Root Entry", "WordDocument", "1Table")) == "doc"
    assert detect_type(_ole("Root Entry", "Workbook")) == "xls"
    assert detect_type(_ole("Root Entry", "EncryptionInfo", "EncryptedPackage")) == "ole-encrypted"


def test_expected_types_from_extension() -> None:
    assert expected_types("申报书.PDF") == {"pdf"}
    assert expected_types("典型经验.docx") == {"docx", "ole-encrypted"}
    assert "docx" in expected_types("旧格式.doc")  # WPS saves OOXML under .doc
    assert expected_types("扫描件.JPG") == {"jpeg"}
    assert expected_types("材料.rar") == {"rar"}
    assert expected_types("说明.txt") == set()
    assert expected_types("无扩展名") == set()
