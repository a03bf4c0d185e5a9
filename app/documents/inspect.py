"""Decide what an untrusted file is and hand it to the right inspector.

The real type comes from the content; the extension only has to agree with
it. Files the product cannot or must not open (executables, Word 97, password
protected, mislabelled) are reported with a status instead of being parsed.
"""

from __future__ import annotations

from pathlib import PurePath

from app.documents.docx_inspect import inspect_docx
from app.documents.pdf_inspect import inspect_image, inspect_pdf
from app.documents.sniff import detect_type, expected_types
from app.models.inspection import FileStatus, Inspection

_IMAGES = frozenset({"jpeg", "png", "tiff"})
_ARCHIVES = frozenset({"zip", "rar", "7z"})


def inspect_file(name: str, data: bytes) -> Inspection:
    """Inspect one file's bytes; ``name`` supplies only the extension to check."""
    kind = detect_type(data)
    if kind == "empty":
        return Inspection(FileStatus.EMPTY, kind, reason="the file is empty")
    if kind == "exe":
        return Inspection(FileStatus.EXECUTABLE, kind, reason="an executable program or script")
    if kind in ("doc", "xls"):
        reason = "Office 97-2003 file; save it as .docx/.xlsx"
        return Inspection(FileStatus.LEGACY_DOC, kind, reason=reason)
    if kind == "ole-encrypted":
        reason = "password-protected Office file"
        return Inspection(FileStatus.ENCRYPTED, kind, reason=reason)
    expected = expected_types(name)
    suffix = PurePath(name).suffix.lower()
    if kind == "unknown" and expected:
        reason = f"named {suffix} but the content is not recognisable"
        return Inspection(FileStatus.CORRUPT, kind, reason=reason)
    if expected and kind not in expected:
        reason = f"named {suffix} but the content is {kind}"
        return Inspection(FileStatus.WRONG_TYPE, kind, reason=reason)
    if kind == "pdf":
        return inspect_pdf(data)
    if kind == "docx":
        return inspect_docx(data)
    if kind in _IMAGES:
        return inspect_image(data, kind)
    if kind == "xlsx":
        return Inspection(FileStatus.OK, kind)
    if kind in _ARCHIVES:
        reason = "an archive; it is expanded when the batch is imported, not opened as a document"
        return Inspection(FileStatus.UNSUPPORTED, kind, reason=reason)
    return Inspection(FileStatus.UNSUPPORTED, kind, reason="not a PDF, Word, Excel or image file")
