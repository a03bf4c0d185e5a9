"""Tell what a file really is from its first bytes, whatever its name claims.

Provinces rename files freely (a ``.doc`` saved as ``.docx``, a scan saved as
``.pdf`` that is really a JPEG, an installer attached by mistake), so the
extension is only a claim to check against the content, never a fact to trust.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_PDF_HEADER_WINDOW = 1024  # MuPDF, like Acrobat, accepts junk before "%PDF-"

_EXECUTABLE_MAGICS = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit, big-endian
    b"\xfe\xed\xfa\xcf",  # Mach-O 64-bit, big-endian
    b"\xce\xfa\xed\xfe",  # Mach-O 32-bit, little-endian
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit, little-endian
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary
    b"#!",  # a script run through an interpreter
)

_SIMPLE_MAGICS = (
    (b"Rar!\x1a\x07\x00", "rar"),  # RAR 1.5-4.x
    (b"Rar!\x1a\x07\x01\x00", "rar"),  # RAR 5
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)

_EXTENSION_TYPES: dict[str, frozenset[str]] = {
    ".pdf": frozenset({"pdf"}),
    # An encrypted .docx/.xlsx is an OLE2 container; WPS also saves OOXML under .doc.
    ".docx": frozenset({"docx", "ole-encrypted"}),
    ".doc": frozenset({"doc", "docx", "ole-encrypted"}),
    ".wps": frozenset({"doc", "docx", "ole-encrypted"}),
    ".xlsx": frozenset({"xlsx", "ole-encrypted"}),
    ".xls": frozenset({"xls", "xlsx", "ole-encrypted"}),
    ".zip": frozenset({"zip", "docx", "xlsx"}),
    ".rar": frozenset({"rar"}),
    ".7z": frozenset({"7z"}),
    ".jpg": frozenset({"jpeg"}),
    ".jpeg": frozenset({"jpeg"}),
    ".png": frozenset({"png"}),
    ".tif": frozenset({"tiff"}),
    ".tiff": frozenset({"tiff"}),
}


def detect_type(data: bytes) -> str:
    """Name the content's real type: "pdf", "docx", "doc", "jpeg", "exe", "unknown", ...

    ZIP-based Office files are told apart by their main part, and an OLE2 file
    holding an ``EncryptedPackage`` stream is a password-protected OOXML file
    ("ole-encrypted"), not a legacy Word document.
    """
    if not data:
        return "empty"
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(OLE2_MAGIC):
        return _ole_kind(data)
    for magic, kind in _SIMPLE_MAGICS:
        if data.startswith(magic):
            return kind
    if data.startswith(_EXECUTABLE_MAGICS):
        return "exe"
    return "unknown"


def expected_types(filename: str) -> set[str]:
    """The content types a file of this name may hold; empty when the name says nothing."""
    return set(_EXTENSION_TYPES.get(PurePath(filename).suffix.lower(), frozenset()))


def _zip_kind(data: bytes) -> str:
    """Look at the ZIP's entry names (not their contents) to spot Word and Excel files."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {name.lower() for name in archive.namelist()}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _ole_kind(data: bytes) -> str:
    """Tell encrypted OOXML and Excel 97 from Word 97 by the stream names in the directory.

    Directory entries hold names in UTF-16LE; finding one is enough for a label
    (the file is refused either way, only the message differs).
    """
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "ole-encrypted"
    if "Workbook".encode("utf-16-le") in data and "WordDocument".encode("utf-16-le") not in data:
        return "xls"
    return "doc"
