"""The child side of the document worker: limits, the request loop and the operations.

Runs only in the spawned child. It limits its own address space and CPU time,
turns off core dumps (a core file would put document contents on disk), and
answers each request with a JSON header and a raw payload. Operations are
looked up in a table, so the page renderer's operations sit beside "inspect".

Heavy libraries (PyMuPDF, python-docx, Pillow) are imported here after the
limits are set, never in the app's process.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
import unicodedata
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

Reply = tuple[dict[str, Any], bytes]
Operation = Callable[[dict[str, Any], bytes], Reply]

MAX_RENDER_PIXELS = 50_000_000  # one rendered page; a 2x A3 page is ~8 megapixels
MIN_ZOOM, MAX_ZOOM = 0.05, 16.0
OPEN_TYPES = frozenset({"pdf", "jpeg", "png", "tiff"})
MAX_QUERY_CHARS = 500
MAX_HITS = 5000  # per request; a viewer cannot show more usefully


class BadRequest(Exception):
    """The parent asked for something malformed (a bug on the parent's side)."""


class Refused(Exception):
    """The input cannot be handled (encrypted, no such page, too large to render).

    ``problem`` names the kind of refusal ("encrypted", "unreadable", "too_large",
    "not_open", "no_page") so the parent can explain it in the user's language
    without parsing the English message.
    """

    def __init__(self, message: str, problem: str = "") -> None:
        super().__init__(message)
        self.problem = problem


def main(connection: Connection, memory_limit: int, cpu_seconds: int, allow_test_ops: bool) -> None:
    """Entry point of the child process: serve requests until the parent closes the pipe."""
    _harden(memory_limit)
    session = Session(allow_test_ops)
    while True:
        try:
            raw_header = connection.recv_bytes()
            payload = connection.recv_bytes()
        except (EOFError, OSError):
            return
        _set_cpu_budget(cpu_seconds)
        reply, body = session.handle(raw_header, payload)
        encoded = json.dumps(reply, ensure_ascii=False).encode("utf-8", "replace")
        try:
            connection.send_bytes(encoded)
            connection.send_bytes(body)
        except OSError:
            return


def _harden(memory_limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    if sys.stdin is not None:
        sys.stdin.close()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)


def _set_cpu_budget(cpu_seconds: int) -> None:
    """Give each request its own CPU allowance; the limit itself counts the process lifetime."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = used + cpu_seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


class Session:
    """The child's state: the operation table and the documents it holds open by id."""

    def __init__(self, allow_test_ops: bool) -> None:
        from app.documents.pdf_inspect import mupdf, quiet_mupdf

        quiet_mupdf()
        self._mupdf = mupdf
        self._documents: dict[int, Any] = {}
        self._next_id = 1
        self.operations: dict[str, Operation] = {
            "inspect": self.inspect,
            "open": self.open,
            "render_page": self.render_page,
            "page_text": self.page_text,
            "search": self.search,
            "text_in_rect": self.text_in_rect,
            "close": self.close,
        }
        if allow_test_ops:
            self.operations.update(
                test_crash=_test_crash, test_hang=_test_hang, test_alloc=_test_alloc
            )

    def handle(self, raw_header: bytes, payload: bytes) -> Reply:
        """Run one request; every failure becomes an error reply, never an exception."""
        try:
            header = json.loads(raw_header.decode("utf-8"))
            if not isinstance(header, dict):
                raise BadRequest("the header is not an object")
            operation = self.operations.get(str(header.get("op")))
            if operation is None:
                raise BadRequest(f"unknown operation {header.get('op')!r}")
        except (BadRequest, ValueError) as exc:
            return _error("bad_request", str(exc))
        try:
            reply, body = operation(header, payload)
        except MemoryError:
            return _error("memory", "ran out of memory")
        except BadRequest as exc:
            return _error("bad_request", str(exc))
        except Refused as exc:
            return _error("failed", str(exc), exc.problem)
        except Exception as exc:  # the document defeated the parser
            return _error("failed", f"{type(exc).__name__}: {exc}")
        return {"ok": True, **reply}, body

    def inspect(self, header: dict[str, Any], payload: bytes) -> Reply:
        from app.documents.inspect import inspect_file

        result = inspect_file(_field(header, "name", str), payload)
        return {}, json.dumps(result.to_json(), ensure_ascii=False).encode("utf-8", "replace")

    def open(self, header: dict[str, Any], payload: bytes) -> Reply:
        """Open a PDF or image from memory; reply with its id, page count and page sizes."""
        filetype = str(header.get("filetype", "pdf"))
        if filetype not in OPEN_TYPES:
            raise BadRequest(f"cannot open {filetype!r} documents")
        try:
            document = self._mupdf.open(stream=payload, filetype=filetype)
        except Exception as exc:
            raise Refused(f"cannot open the document: {exc}", "unreadable") from exc
        if document.needs_pass:
            document.close()
            raise Refused("the document needs a password", "encrypted")
        sizes = []
        for page in document:
            sizes.append([float(page.rect.width), float(page.rect.height)])
        doc_id = self._next_id
        self._next_id += 1
        self._documents[doc_id] = document
        return {"doc_id": doc_id, "page_count": len(sizes), "page_sizes": sizes}, b""

    def render_page(self, header: dict[str, Any], payload: bytes) -> Reply:
        """Render one page at a zoom, as PNG or as raw RGB rows (``stride`` bytes each)."""
        page = self._page(header)
        zoom = min(max(_field({"zoom": 1.0, **header}, "zoom", float), MIN_ZOOM), MAX_ZOOM)
        image_format = str(header.get("format", "png"))
        if image_format not in ("png", "rgb"):
            raise BadRequest(f"unknown image format {image_format!r}")
        width, height = page.rect.width * zoom, page.rect.height * zoom
        if width * height > MAX_RENDER_PIXELS:
            raise Refused(f"the page is too large to render at zoom {zoom:g}", "too_large")
        pixmap = page.get_pixmap(matrix=self._mupdf.Matrix(zoom, zoom), alpha=False)
        reply = {"width": pixmap.width, "height": pixmap.height, "format": image_format}
        if image_format == "png":
            return reply, bytes(pixmap.tobytes("png"))
        return {**reply, "stride": pixmap.stride, "components": pixmap.n}, bytes(pixmap.samples)

    def page_text(self, header: dict[str, Any], payload: bytes) -> Reply:
        text = str(self._page(header).get_text())
        return {}, text.encode("utf-8", "replace")

    def search(self, header: dict[str, Any], payload: bytes) -> Reply:
        """Find a text in a range of pages; the payload is JSON ``[[page, [[x0, y0, x1, y1], ...]], ...]``.

        Width, case and compatibility forms are folded and white space is ignored, so a
        phrase that wraps onto the next line is found, and so is 量 in a PDF whose font
        maps it to the compatibility ideograph U+F97E (MuPDF's own search misses both).
        Rectangles are in the displayed (rotated) page's points, one per line of a hit.
        """
        document = self._document(header)
        needle = _fold(_field(header, "query", str))
        if not needle or len(needle) > MAX_QUERY_CHARS:
            raise BadRequest("the query must have 1 to 500 characters besides white space")
        first = max(_field({"first": 0, **header}, "first", int), 0)
        count = max(_field({"count": document.page_count, **header}, "count", int), 0)
        max_hits = min(max(_field({"max_hits": MAX_HITS, **header}, "max_hits", int), 1), MAX_HITS)
        hits: list[list[Any]] = []
        last = min(first + count, document.page_count)
        for index in range(first, last):
            try:
                found = _hits_on_page(document[index], needle)
            except MemoryError:
                raise
            except Exception:  # one damaged page must not hide the hits on the others
                continue
            hits.extend([index, rects] for rects in found)
            if len(hits) >= max_hits:
                reply = {"searched": index + 1 - first, "truncated": True}
                return reply, json.dumps(hits[:max_hits]).encode("utf-8")
        return {"searched": max(last - first, 0), "truncated": False}, json.dumps(hits).encode()

    def text_in_rect(self, header: dict[str, Any], payload: bytes) -> Reply:
        """The text whose characters' centres lie in a rectangle (displayed page points)."""
        rect = header.get("rect")
        if not (
            isinstance(rect, list)
            and len(rect) == 4
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in rect)
        ):
            raise BadRequest("the request needs a valid 'rect' [x0, y0, x1, y1]")
        text = _text_in_rect(self._page(header), [float(v) for v in rect])
        return {}, text.encode("utf-8", "replace")

    def close(self, header: dict[str, Any], payload: bytes) -> Reply:
        document = self._documents.pop(_field(header, "doc_id", int), None)
        if document is not None:
            document.close()
        return {"closed": document is not None}, b""

    def _document(self, header: dict[str, Any]) -> Any:
        document = self._documents.get(_field(header, "doc_id", int))
        if document is None:
            raise Refused("no such open document (the worker may have restarted)", "not_open")
        return document

    def _page(self, header: dict[str, Any]) -> Any:
        document = self._document(header)
        index = _field(header, "page", int)
        if not 0 <= index < document.page_count:
            message = f"no page {index + 1} in a document of {document.page_count} pages"
            raise Refused(message, "no_page")
        return document[index]


def _fold(text: str) -> str:
    """Text as search compares it: NFKC, case-folded, without white space."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if not ch.isspace())


def _characters(page: Any) -> list[tuple[str, tuple[float, float, float, float], int]]:
    """Each character of the page with its box (unrotated points) and a line number."""
    chars: list[tuple[str, tuple[float, float, float, float], int]] = []
    line_number = 0
    for block in page.get_text("rawdict").get("blocks", []):
        for line in block.get("lines", []):
            line_number += 1
            for span in line.get("spans", []):
                for char in span.get("chars", []):
                    chars.append((str(char["c"]), tuple(char["bbox"]), line_number))
        line_number += 1  # blocks never share a line
    return chars


def _hits_on_page(page: Any, needle: str) -> list[list[list[float]]]:
    """Every occurrence of a folded needle on a page, as one rectangle per line it touches."""
    if needle not in _fold(page.get_text()):  # cheap test before the character geometry
        return []
    folded: list[str] = []
    owners: list[int] = []  # index into chars of each folded character
    chars = _characters(page)
    for index, (char, _, _) in enumerate(chars):
        for piece in _fold(char):
            folded.append(piece)
            owners.append(index)
    haystack = "".join(folded)
    hits: list[list[list[float]]] = []
    start = haystack.find(needle)
    while start >= 0:
        touched = sorted(set(owners[start : start + len(needle)]))
        lines: dict[int, list[float]] = {}
        for index in touched:
            _, (x0, y0, x1, y1), line = chars[index]
            box = lines.setdefault(line, [x0, y0, x1, y1])
            box[:] = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
        hits.append([_displayed(page, box) for box in lines.values()])
        start = haystack.find(needle, start + len(needle))
    return hits


def _displayed(page: Any, box: list[float]) -> list[float]:
    """A box in unrotated page space moved to where it shows on the rotated page."""
    from app.documents.pdf_inspect import mupdf

    rect = mupdf.Rect(box) * page.rotation_matrix
    return [round(float(v), 2) for v in (rect.x0, rect.y0, rect.x1, rect.y1)]


def _text_in_rect(page: Any, rect: list[float]) -> str:
    """Characters centred inside ``rect``, lines of one block joined, blocks on new lines.

    Chinese wraps without spaces, so two lines are joined directly when both sides of
    the break are CJK and with a space otherwise. Compatibility ideographs are
    normalised (NFC) so a quotation reads like what was shown.
    """
    from app.documents.pdf_inspect import mupdf

    clip = mupdf.Rect(rect) * page.derotation_matrix
    clip.normalize()
    lines: dict[int, list[str]] = {}
    for char, (x0, y0, x1, y1), line in _characters(page):
        if clip.x0 <= (x0 + x1) / 2 <= clip.x1 and clip.y0 <= (y0 + y1) / 2 <= clip.y1:
            lines.setdefault(line, []).append(char)
    text = ""
    previous = -1
    for line, pieces in sorted(lines.items()):
        piece = "".join(pieces).strip()
        if not piece:
            continue
        if text:
            if line != previous + 1:
                text += "\n"
            elif not (_is_cjk(text[-1]) and _is_cjk(piece[0])):
                text += " "
        text += piece
        previous = line
    return unicodedata.normalize("NFC", text)


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _error(kind: str, message: str, problem: str = "") -> Reply:
    reply: dict[str, Any] = {"ok": False, "error": kind, "message": message[:500]}
    if problem:
        reply["problem"] = problem
    return reply, b""


def _field(header: dict[str, Any], key: str, kind: Callable[[Any], Any]) -> Any:
    """Read a required header field, turning a missing or mistyped one into BadRequest."""
    try:
        return kind(header[key])
    except (KeyError, ValueError, TypeError) as exc:
        raise BadRequest(f"the request needs a valid {key!r}") from exc


def _test_crash(header: dict[str, Any], payload: bytes) -> Reply:
    os.abort()


def _test_hang(header: dict[str, Any], payload: bytes) -> Reply:
    while True:
        time.sleep(3600)


def _test_alloc(header: dict[str, Any], payload: bytes) -> Reply:
    block = bytearray(_field(header, "bytes", int))
    return {"allocated": len(block)}, b""
