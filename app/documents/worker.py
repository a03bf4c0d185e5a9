"""The document worker: a child process that parses and renders untrusted documents.

MuPDF is neither thread-safe nor immune to crashing on hostile PDFs, and a
decompression bomb can eat all memory, so parsing happens in a long-lived
child process with an address-space limit and a CPU budget. A request that
crashes or hangs the child costs that one document ("unreadable, with the
reason"); the app stays up and the next request starts a fresh child.

Trust runs one way. The parent sends the child JSON headers and raw bytes; the
child answers the same way and is never unpickled, so even a child taken over
by a malicious document cannot make the parent run code. Replies are size
bounded and validated before use. PyMuPDF is imported only in the child: the
app's own process never loads MuPDF.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any

from app.documents import worker_child
from app.errors import InputRefused, Text
from app.models.inspection import FileStatus, Inspection

GiB = 1024 * 1024 * 1024
DEFAULT_MEMORY_LIMIT = 2 * GiB
DEFAULT_CPU_SECONDS = 300  # CPU time one request may use (the wall-clock timeout is separate)
MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_PAYLOAD_BYTES = 1 * GiB

WORKER_STOPPED = Text(
    "处理该文件时文档处理进程{reason}，该文件无法显示。",
    "The file cannot be shown: {reason}.",
)
STOPPED_BY_SIGNAL = Text(
    "意外停止（信号 {signal}）", "the document worker stopped (signal {signal})"
)
STOPPED_WITH_CODE = Text(
    "意外退出（退出码 {code}）", "the document worker stopped (exit code {code})"
)
STOPPED_RESPONDING = Text("失去响应", "the document worker stopped responding")
TIMED_OUT = Text("超过 {seconds} 秒仍未完成，已被终止", "timed out after {seconds} s")
INVALID_REPLY = Text("返回了无效的数据，已被终止", "the document process sent an invalid reply")
WORKER_FAILED = Text(
    "无法处理该文件：{reason}",
    "The file could not be processed: {reason}",
)

PROBLEMS = frozenset({"encrypted", "unreadable", "too_large", "not_open", "no_page"})

Progress = Callable[[int, int, str], None]


class WorkerCrashed(InputRefused):
    """The child died, hung or answered nonsense while handling a request.

    ``timed_out`` tells a hang (the same input would hang again) from a crash.
    """

    def __init__(self, reason: Text, timed_out: bool = False) -> None:
        super().__init__(
            Text(
                WORKER_STOPPED.zh.format(reason=reason.zh),
                WORKER_STOPPED.en.format(reason=reason.en),
            )
        )
        self.reason = reason.en  # technical, for Inspection.reason and logs
        self.timed_out = timed_out


class WorkerFailed(InputRefused):
    """The child survived but could not do what was asked with this input.

    ``problem`` is the child's word for the kind of refusal ("encrypted",
    "unreadable", "too_large", "not_open", "no_page", or "" when it gave none), so
    a screen can explain it in the user's language.
    """

    def __init__(self, reason: str, out_of_memory: bool = False, problem: str = "") -> None:
        super().__init__(WORKER_FAILED.format(reason=reason))
        self.reason = reason
        self.out_of_memory = out_of_memory
        self.problem = problem


@dataclass(frozen=True)
class TextHit:
    """One occurrence of a searched text: its page (0-based) and one box per line it spans.

    Boxes are ``(x0, y0, x1, y1)`` in points of the page as displayed (rotation applied).
    """

    page: int
    rects: tuple[tuple[float, float, float, float], ...]


@dataclass(frozen=True)
class SearchResult:
    """The hits of one search over a range of pages."""

    hits: tuple[TextHit, ...]
    searched: int  # pages searched (fewer than asked when the hit limit stopped it)
    truncated: bool


class DocumentWorker:
    """One child process serving document requests, one request at a time.

    The child starts on the first request and again after any crash or
    timeout. Documents opened with ``open`` live in the child, so they are lost
    when it restarts: ``generation`` changes then, and holders of old document
    ids must open their documents again.
    """

    def __init__(
        self,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
        cpu_seconds: int = DEFAULT_CPU_SECONDS,
        allow_test_ops: bool = False,
    ) -> None:
        self._memory_limit = memory_limit
        self._cpu_seconds = cpu_seconds
        self._allow_test_ops = allow_test_ops  # fixed at spawn, never taken from a request
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self.generation = 0

    def __enter__(self) -> DocumentWorker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (for diagnostics and tests)."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def close(self) -> None:
        """Stop the child: closing the pipe lets it exit; it is killed if it does not."""
        with self._lock:
            self._discard()

    def inspect(self, name: str, data: bytes, timeout: float = 60.0) -> Inspection:
        """Inspect one file; a crash, hang or memory exhaustion becomes a CRASHED result."""
        try:
            _, body = self.request("inspect", {"name": name}, data, timeout)
            inspection = _inspection_from_reply(body)
        except WorkerCrashed as exc:
            return Inspection(FileStatus.CRASHED, "unknown", reason=exc.reason)
        except WorkerFailed as exc:
            status = FileStatus.CRASHED if exc.out_of_memory else FileStatus.CORRUPT
            return Inspection(status, "unknown", reason=exc.reason)
        if inspection is None:  # a child that answers out of protocol is not trusted again
            with self._lock:
                self._discard(kill=True)
            return Inspection(FileStatus.CRASHED, "unknown", reason=INVALID_REPLY.en)
        return inspection

    def inspect_many(
        self,
        files: Sequence[tuple[str, bytes]],
        progress: Progress | None = None,
        timeout: float = 60.0,
    ) -> list[Inspection]:
        """Inspect files in order; ``progress(done, total, name)`` is called after each."""
        results: list[Inspection] = []
        for index, (name, data) in enumerate(files, 1):
            results.append(self.inspect(name, data, timeout))
            if progress is not None:
                progress(index, len(files), name)
        return results

    def request(
        self,
        op: str,
        header: dict[str, Any] | None = None,
        payload: bytes = b"",
        timeout: float = 60.0,
    ) -> tuple[dict[str, Any], bytes]:
        """Send one request and wait for its reply header and payload.

        Raises :class:`WorkerCrashed` when the child dies, hangs past ``timeout``
        seconds (it is killed) or replies out of protocol, and
        :class:`WorkerFailed` when the child reports that the input defeated it.
        """
        message = json.dumps({**(header or {}), "op": op}).encode("utf-8")
        with self._lock:
            connection = self._ensure_started()
            deadline = time.monotonic() + timeout
            try:
                connection.send_bytes(message)
                connection.send_bytes(payload)
            except OSError as exc:
                raise self._stopped() from exc
            raw_header = self._receive(connection, deadline, timeout, MAX_HEADER_BYTES)
            body = self._receive(connection, deadline, timeout, MAX_PAYLOAD_BYTES)
            try:
                reply = json.loads(raw_header.decode("utf-8"))
            except (ValueError, RecursionError) as exc:
                self._discard(kill=True)
                raise WorkerCrashed(INVALID_REPLY) from exc
            if not isinstance(reply, dict):
                self._discard(kill=True)
                raise WorkerCrashed(INVALID_REPLY)
        if reply.get("ok") is True:
            return reply, body
        reason = str(reply.get("message", "unknown error"))[:500]
        if reply.get("error") == "bad_request":
            raise RuntimeError(f"document worker refused the request {op!r}: {reason}")
        problem = reply.get("problem")
        problem = problem if isinstance(problem, str) and problem in PROBLEMS else ""
        raise WorkerFailed(reason, out_of_memory=reply.get("error") == "memory", problem=problem)

    def search(
        self,
        doc_id: int,
        query: str,
        first: int = 0,
        count: int | None = None,
        timeout: float = 60.0,
    ) -> SearchResult:
        """Search pages ``first`` to ``first + count - 1`` of an open document for ``query``.

        The reply is checked field by field; a child that answers out of protocol is
        killed and reported as crashed, like one that dies.
        """
        header: dict[str, Any] = {"doc_id": doc_id, "query": query, "first": first}
        if count is not None:
            header["count"] = count
        reply, body = self.request("search", header, timeout=timeout)
        result = _search_from_reply(reply, body, first)
        if result is None:
            with self._lock:
                self._discard(kill=True)
            raise WorkerCrashed(INVALID_REPLY)
        return result

    def text_in_rect(
        self,
        doc_id: int,
        page: int,
        rect: tuple[float, float, float, float],
        timeout: float = 30.0,
    ) -> str:
        """The text of a page (0-based) inside a box given in displayed page points."""
        header = {"doc_id": doc_id, "page": page, "rect": [float(v) for v in rect]}
        _, body = self.request("text_in_rect", header, timeout=timeout)
        return body.decode("utf-8", "replace")

    def _ensure_started(self) -> Connection:
        process, connection = self._process, self._connection
        # Between requests the pipe must be silent: end-of-file or stray data means the
        # child died (or misbehaved) while idle, which is no fault of the next document.
        alive = process is not None and process.is_alive()
        if alive and connection is not None and not connection.poll(0):
            return connection
        self._discard(kill=True)
        parent_end, child_end = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=worker_child.main,
            args=(child_end, self._memory_limit, self._cpu_seconds, self._allow_test_ops),
            name="document-worker",
            daemon=True,
        )
        process.start()
        child_end.close()
        self._process, self._connection = process, parent_end
        self.generation += 1
        return parent_end

    def _receive(
        self, connection: Connection, deadline: float, timeout: float, limit: int
    ) -> bytes:
        """Wait for one message until the deadline; kill the child if it does not come."""
        if not connection.poll(max(deadline - time.monotonic(), 0.0)):
            self._discard(kill=True)
            raise WorkerCrashed(TIMED_OUT.format(seconds=f"{timeout:g}"), timed_out=True)
        # A message has begun; a child that stalls halfway is killed at the deadline.
        guard = threading.Timer(max(deadline - time.monotonic(), 0.0) + 1.0, self._kill)
        guard.start()
        try:
            return connection.recv_bytes(limit)
        except (EOFError, OSError) as exc:
            raise self._stopped() from exc
        finally:
            guard.cancel()

    def _kill(self) -> None:
        process = self._process
        if process is not None and process.is_alive():
            process.kill()

    def _stopped(self) -> WorkerCrashed:
        """Describe why the child went away, then forget it so the next call restarts it."""
        process = self._process
        code: int | None = None
        if process is not None:
            process.join(timeout=5)
            code = process.exitcode
        self._discard()
        if code is None:
            return WorkerCrashed(STOPPED_RESPONDING)
        if code < 0:
            return WorkerCrashed(STOPPED_BY_SIGNAL.format(signal=-code))
        return WorkerCrashed(STOPPED_WITH_CODE.format(code=code))

    def _discard(self, kill: bool = False) -> None:
        """Forget the child: kill it at once, or let it exit on end-of-pipe first."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is not None and kill:
            process.kill()
        if connection is not None:
            connection.close()
        if process is not None:
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)
            process.close()


def _search_from_reply(reply: dict[str, Any], body: bytes, first: int) -> SearchResult | None:
    """Rebuild a search result, refusing anything but pages in range and finite boxes."""
    searched, truncated = reply.get("searched"), reply.get("truncated")
    if type(searched) is not int or type(truncated) is not bool or searched < 0:
        return None
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, list):
        return None
    hits: list[TextHit] = []
    for item in data:
        if not (isinstance(item, list) and len(item) == 2 and type(item[0]) is int):
            return None
        page, boxes = item
        if not first <= page < first + searched or not isinstance(boxes, list) or not boxes:
            return None
        rects: list[tuple[float, float, float, float]] = []
        for box in boxes:
            if not (isinstance(box, list) and len(box) == 4):
                return None
            if not all(type(v) in (int, float) and math.isfinite(v) for v in box):
                return None
            x0, y0, x1, y1 = (float(v) for v in box)
            rects.append((x0, y0, x1, y1))
        hits.append(TextHit(page, tuple(rects)))
    return SearchResult(tuple(hits), searched, truncated)


def _inspection_from_reply(body: bytes) -> Inspection | None:
    """Rebuild an Inspection from the child's JSON after checking every field's type."""
    try:
        data = json.loads(body.decode("utf-8"))
        return Inspection.from_json(data) if _valid_inspection(data) else None
    except (ValueError, RecursionError, TypeError, KeyError):
        return None


_SECTION_FIELDS = {"title": str, "level": int, "chars": int, "has_year_table": bool, "text": str}


def _valid_inspection(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    strings = ("status", "detected_type", "reason", "title")
    if not all(isinstance(data.get(key), str) for key in strings):
        return False
    pages = data.get("pages")
    if pages is not None and (not isinstance(pages, int) or isinstance(pages, bool)):
        return False
    texts, sections = data.get("page_texts"), data.get("sections")
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        return False
    if not isinstance(sections, list):
        return False
    return all(
        isinstance(s, dict)
        and s.keys() == _SECTION_FIELDS.keys()
        and all(type(s[key]) is kind for key, kind in _SECTION_FIELDS.items())
        for s in sections
    )
