"""The render thread: the one place that talks to the document worker process.

PyMuPDF runs in the worker (a child process), and the worker serves one request at a
time, so a single thread owns it and works through the :class:`JobQueue`. The UI thread
never waits on it: results travel back as queued signals. Word files are laid out here
too (after their package check), so that work is tied to the renderer's lifetime rather
than to a widget that may be closed while it runs.

The worker restarts after a crash and then holds no documents, so this thread keeps each
document's bytes and reopens it in the new child when it is next needed. A document that
crashes the worker twice in a row, or hangs it, is given up and reported; the others go on.
"""

from __future__ import annotations

import logging
import math
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from app.documents.worker import DocumentWorker, SearchResult, WorkerCrashed, WorkerFailed
from app.ui.documents.docx_html import build_docx
from app.ui.documents.problems import DocumentProblem, ProblemKind, from_worker
from app.ui.documents.render_queue import (
    CloseJob,
    DocxJob,
    ImageJob,
    Job,
    JobQueue,
    OpenJob,
    RenderJob,
    SearchJob,
    TextJob,
)

log = logging.getLogger(__name__)

OPEN_TIMEOUT = 120.0  # a 150 MB scanned dossier takes a while to open
RENDER_TIMEOUT = 30.0
SEARCH_TIMEOUT = 60.0
TEXT_TIMEOUT = 15.0
MAX_CRASHES = 2  # crashes in a row on one document before it is given up
MAX_PAGES = 100_000
T = TypeVar("T")


@dataclass
class _Held:
    """A document this thread keeps open, with what it needs to reopen it after a restart."""

    data: bytes
    filetype: str
    doc_id: int | None = None
    generation: int = -1
    crashes: int = 0
    sizes: tuple[tuple[float, float], ...] = ()


class _Lost(Exception):
    """The document cannot be kept open any longer."""

    def __init__(self, problem: DocumentProblem) -> None:
        super().__init__(problem.detail)
        self.problem = problem


class RenderThread(QThread):
    """Serves the queue's jobs against one :class:`DocumentWorker`; results come as signals."""

    opened = Signal(str, int, object)  # key, page count, tuple of (width, height) in points
    failed = Signal(str, object)  # key, DocumentProblem
    rendered = Signal(str, int, float, QImage)  # key, page, zoom, image
    page_failed = Signal(str, int, float, object)  # key, page, zoom, DocumentProblem
    searched = Signal(str, int, object, bool)  # key, serial, tuple of TextHit, finished
    text_found = Signal(str, int, int, str)  # key, serial, page, text
    image_decoded = Signal(str, object)  # key, QImage or None
    docx_built = Signal(str, object)  # key, DocxLayout or DocxRefused

    def __init__(
        self, worker: DocumentWorker, queue: JobQueue, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page-renderer")
        self._worker = worker
        self._queue = queue
        self._held: dict[str, _Held] = {}

    def run(self) -> None:
        """Take jobs until the queue is closed; a bug in one job is logged, not fatal."""
        while (job := self._queue.take()) is not None:
            try:
                self._handle(job)
            except Exception:
                log.exception("the render thread failed on %s", type(job).__name__)
            finally:
                self._queue.done()

    def stop(self, grace_ms: int = 5000) -> None:
        """Stop after the current job; a request still running after ``grace_ms`` is cut short."""
        self._queue.close()
        if not self.wait(grace_ms):
            pid = self._worker.pid
            if pid is not None:
                os.kill(pid, signal.SIGKILL)
            self.wait()

    def _handle(self, job: Job) -> None:
        if isinstance(job, OpenJob):
            self._open(job)
        elif isinstance(job, RenderJob):
            self._render(job)
        elif isinstance(job, SearchJob):
            self._search(job)
        elif isinstance(job, TextJob):
            self._text(job)
        elif isinstance(job, ImageJob):
            self._image(job)
        elif isinstance(job, DocxJob):
            self.docx_built.emit(job.key, build_docx(job.data))
        else:
            self._close(job)

    def _open(self, job: OpenJob) -> None:
        held = _Held(job.data, job.filetype)
        self._held[job.key] = held
        try:
            sizes = self._attempt(held, lambda _doc_id: held.sizes)
        except _Lost as lost:
            self._lose(job.key, lost.problem)
            return
        if not sizes:
            self._lose(job.key, DocumentProblem(ProblemKind.EMPTY, "the document has no pages"))
            return
        self.opened.emit(job.key, len(sizes), sizes)

    def _render(self, job: RenderJob) -> None:
        held = self._held.get(job.key)
        if held is None:
            return
        try:
            image = self._attempt(held, lambda doc_id: self._render_page(doc_id, job))
        except _Lost as lost:
            self._lose(job.key, lost.problem)
        except WorkerFailed as exc:
            problem = from_worker("too_large" if exc.out_of_memory else exc.problem, exc.reason)
            self.page_failed.emit(job.key, job.page, job.zoom, problem)
        else:
            self.rendered.emit(job.key, job.page, job.zoom, image)

    def _search(self, job: SearchJob) -> None:
        held = self._held.get(job.key)
        hits: tuple[Any, ...] = ()
        if held is not None:
            try:
                result: SearchResult = self._attempt(
                    held,
                    lambda doc_id: self._worker.search(
                        doc_id, job.query, job.first, job.count, SEARCH_TIMEOUT
                    ),
                )
                hits = result.hits
            except _Lost as lost:
                self._lose(job.key, lost.problem)
            except WorkerFailed as exc:
                log.warning("search failed: %s", exc.reason)
        self.searched.emit(job.key, job.serial, hits, job.last)

    def _text(self, job: TextJob) -> None:
        held = self._held.get(job.key)
        text = ""
        if held is not None:
            try:
                text = self._attempt(
                    held,
                    lambda doc_id: self._worker.text_in_rect(
                        doc_id, job.page, job.rect, TEXT_TIMEOUT
                    ),
                )
            except _Lost as lost:
                self._lose(job.key, lost.problem)
            except WorkerFailed as exc:
                log.warning("reading the selected text failed: %s", exc.reason)
        self.text_found.emit(job.key, job.serial, job.page, text)

    def _image(self, job: ImageJob) -> None:
        """Open, render and close a picture in one go; a failure only costs the picture."""
        image: QImage | None = None
        try:
            header, _ = self._worker.request(
                "open", {"filetype": job.filetype}, job.data, OPEN_TIMEOUT
            )
            sizes = _page_sizes(header)
            doc_id = header.get("doc_id")
            if sizes and type(doc_id) is int:
                try:
                    zoom = min(max(job.max_width / sizes[0][0], 0.05), 4.0)
                    image = self._render_page(doc_id, RenderJob(job.key, 0, zoom, "image"))
                finally:
                    self._worker.request("close", {"doc_id": doc_id}, timeout=TEXT_TIMEOUT)
        except (WorkerCrashed, WorkerFailed) as exc:
            log.info("a picture could not be decoded: %s", exc.reason)
        self.image_decoded.emit(job.key, image)

    def _close(self, job: CloseJob) -> None:
        held = self._held.pop(job.key, None)
        if held is None or held.doc_id is None or held.generation != self._worker.generation:
            return
        try:
            self._worker.request("close", {"doc_id": held.doc_id}, timeout=TEXT_TIMEOUT)
        except (WorkerCrashed, WorkerFailed) as exc:
            log.info("closing a document failed: %s", exc.reason)

    def _lose(self, key: str, problem: DocumentProblem) -> None:
        log.warning("document %s cannot be shown: %s", key, problem.detail)
        self._held.pop(key, None)
        self._queue.drop(key, (RenderJob, SearchJob))
        self.failed.emit(key, problem)

    def _attempt(self, held: _Held, action: Callable[[int], T]) -> T:
        """Run ``action(doc_id)``, reopening after restarts and retrying once after a crash."""
        while True:
            try:
                return self._on_child(held, action)
            except WorkerCrashed as exc:
                held.doc_id = None
                held.crashes += 1
                if self._queue.closed:  # stopping: the child was killed on purpose
                    raise _Lost(DocumentProblem(ProblemKind.CRASHED, exc.reason)) from exc
                if exc.timed_out:
                    raise _Lost(DocumentProblem(ProblemKind.TIMED_OUT, exc.reason)) from exc
                if held.crashes >= MAX_CRASHES:
                    raise _Lost(DocumentProblem(ProblemKind.CRASHED, exc.reason)) from exc
                log.warning("the document worker stopped (%s); trying again", exc.reason)

    def _on_child(self, held: _Held, action: Callable[[int], T]) -> T:
        for _ in range(3):
            if held.doc_id is None or held.generation != self._worker.generation:
                self._reopen(held)
            assert held.doc_id is not None
            generation = self._worker.generation
            try:
                result = action(held.doc_id)
            except WorkerFailed as exc:
                # The child was replaced while idle (killed, or out of memory): the id is stale.
                if exc.problem == "not_open" or generation != self._worker.generation:
                    held.doc_id = None
                    continue
                raise
            held.crashes = 0
            return result
        raise _Lost(DocumentProblem(ProblemKind.CRASHED, "the document could not be reopened"))

    def _reopen(self, held: _Held) -> None:
        try:
            header, _ = self._worker.request(
                "open", {"filetype": held.filetype}, held.data, OPEN_TIMEOUT
            )
        except WorkerFailed as exc:
            raise _Lost(from_worker(exc.problem, exc.reason)) from exc
        sizes = _page_sizes(header)
        doc_id = header.get("doc_id")
        if sizes is None or type(doc_id) is not int:
            self._worker.close()  # out of protocol: not trusted again
            raise _Lost(DocumentProblem(ProblemKind.UNREADABLE, "invalid reply to open"))
        held.doc_id, held.generation, held.sizes = doc_id, self._worker.generation, sizes

    def _render_page(self, doc_id: int, job: RenderJob) -> QImage:
        header, body = self._worker.request(
            "render_page",
            {"doc_id": doc_id, "page": job.page, "zoom": job.zoom, "format": "rgb"},
            timeout=RENDER_TIMEOUT,
        )
        image = _image_from_reply(header, body)
        if image is None:
            self._worker.close()
            raise WorkerFailed("the page came back malformed", problem="unreadable")
        return image


def _page_sizes(header: dict[str, Any]) -> tuple[tuple[float, float], ...] | None:
    """The page sizes of an ``open`` reply, or None when they are out of protocol."""
    sizes, count = header.get("page_sizes"), header.get("page_count")
    if not isinstance(sizes, list) or type(count) is not int or len(sizes) != count:
        return None
    if count > MAX_PAGES:
        return None
    checked: list[tuple[float, float]] = []
    for size in sizes:
        if not (isinstance(size, list) and len(size) == 2):
            return None
        width, height = size
        if not all(type(v) in (int, float) and math.isfinite(v) and v > 0 for v in size):
            return None
        checked.append((float(width), float(height)))
    return tuple(checked)


def _image_from_reply(header: dict[str, Any], body: bytes) -> QImage | None:
    """A deep-copied QImage from raw rows, after checking the sizes add up."""
    width, height = header.get("width"), header.get("height")
    stride, components = header.get("stride"), header.get("components")
    if not all(type(v) is int for v in (width, height, stride, components)):
        return None
    assert isinstance(width, int) and isinstance(height, int)
    assert isinstance(stride, int) and isinstance(components, int)
    formats = {3: QImage.Format.Format_RGB888, 1: QImage.Format.Format_Grayscale8}
    if components not in formats or width <= 0 or height <= 0:
        return None
    if stride < width * components or len(body) != stride * height:
        return None
    return QImage(body, width, height, stride, formats[components]).copy()
