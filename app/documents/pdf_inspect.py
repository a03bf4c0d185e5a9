"""Inspect PDFs (with PyMuPDF) and scanned images (with Pillow).

Meant to run inside the document worker process: MuPDF is C code that hostile
PDFs can crash, and a decompression bomb can exhaust memory, so the caller's
process must not be the one doing this. A PDF whose cross-reference table
MuPDF has to rebuild is still fine to read; a page whose text cannot be
extracted is tolerated as an empty page rather than failing the document.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

import pymupdf
from PIL import Image, UnidentifiedImageError

from app.models.inspection import FileStatus, Inspection

# PyMuPDF's annotations are incomplete (many functions untyped), so strict
# checking treats the module as dynamic rather than sprinkling ignores.
mupdf: Any = pymupdf

MAX_IMAGE_PIXELS = 100_000_000  # an A3 scan at 600 dpi is ~70 megapixels
MAX_TEXT_PAGES = 5000  # text beyond this is not extracted (the page count is still reported)


def quiet_mupdf() -> None:
    """Keep MuPDF's warnings about damaged files off stderr; damage is reported, not printed."""
    mupdf.TOOLS.mupdf_display_errors(False)
    mupdf.TOOLS.mupdf_display_warnings(False)


def inspect_pdf(data: bytes) -> Inspection:
    """Open a PDF from memory and extract each page's text."""
    quiet_mupdf()
    try:
        document = mupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF reports damage through several exception types
        return Inspection(FileStatus.CORRUPT, "pdf", reason=f"cannot open the PDF: {exc}"[:300])
    with document:
        if document.needs_pass:
            return Inspection(FileStatus.ENCRYPTED, "pdf", reason="the PDF needs a password")
        try:
            count = document.page_count
        except Exception as exc:
            return Inspection(FileStatus.CORRUPT, "pdf", reason=f"no page tree: {exc}"[:300])
        if count <= 0:
            return Inspection(FileStatus.CORRUPT, "pdf", reason="the PDF has no pages")
        texts = tuple(_page_text(document, index) for index in range(min(count, MAX_TEXT_PAGES)))
        try:
            title = str((document.metadata or {}).get("title") or "").strip()
        except Exception:  # a damaged Info dictionary only costs the title
            title = ""
    return Inspection(FileStatus.OK, "pdf", pages=count, page_texts=texts, title=title)


def _page_text(document: Any, index: int) -> str:
    try:
        return str(document[index].get_text())
    except Exception:  # one broken page must not hide the others
        return ""


def inspect_image(data: bytes, kind: str) -> Inspection:
    """Check that an image decodes, refusing decompression bombs before they are decoded.

    Pillow compares the declared size with ``MAX_IMAGE_PIXELS`` while reading the
    header, so a tiny file claiming a gigapixel image is refused without
    allocating it. Its warning for sizes just over the limit is treated as a refusal too.
    """
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                frames = int(getattr(image, "n_frames", 1) or 1)
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return Inspection(FileStatus.HOSTILE, kind, reason=f"decompression bomb: {exc}"[:300])
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        return Inspection(FileStatus.CORRUPT, kind, reason=f"cannot decode the image: {exc}"[:300])
    except MemoryError:
        return Inspection(FileStatus.HOSTILE, kind, reason="the image needs too much memory")
    return Inspection(FileStatus.OK, kind, pages=max(frames, 1))
