"""The page renderer: the UI's one door to the document worker, with a cache of pages.

Views say which pages they want (those in sight first, their neighbours after) and paint
whatever has arrived; they never wait. Rendering happens in the worker process through
:class:`RenderThread`, and the pages come back as ``QImage``\\ s kept in a cache bounded
by bytes, so flipping back to a page is instant and a 500-page dossier cannot fill memory.

Documents are named by a key chosen by the caller, so two views of one document (the
compare screen) do not disturb each other.
"""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QImage

from app.documents.worker import DocumentWorker
from app.ui.documents.emit_guard import guard_emissions
from app.ui.documents.problems import DocumentProblem
from app.ui.documents.render_queue import (
    CloseJob,
    DocxJob,
    ImageJob,
    JobQueue,
    OpenJob,
    RenderJob,
    SearchJob,
    TextJob,
    Tier,
)
from app.ui.documents.render_thread import RenderThread

log = logging.getLogger(__name__)

MiB = 1024 * 1024
DEFAULT_CACHE_BYTES = 384 * MiB
SEARCH_CHUNK_PAGES = 40  # a chunk takes well under a second, so renders interleave


def zoom_key(zoom: float) -> float:
    """Zooms as cache keys and in signals: rounded, so equal-looking zooms are equal."""
    return round(zoom, 4)


class PageRenderer(QObject):
    """Opens documents in the worker and renders, searches and reads their pages.

    Signals are delivered on the UI thread. ``page_rendered`` fires for every page that
    arrives; the image is in the cache by then, so views may also just ask :meth:`cached`.
    """

    document_opened = Signal(str, int, object)  # key, page count, tuple of (w, h) in points
    document_failed = Signal(str, object)  # key, DocumentProblem
    page_rendered = Signal(str, int, float, QImage)  # key, page (0-based), zoom, image
    page_failed = Signal(str, int, float, object)  # key, page, zoom, DocumentProblem
    search_results = Signal(str, int, object, bool)  # key, serial, tuple of TextHit, finished
    text_ready = Signal(str, int, int, str)  # key, serial, page, text
    image_ready = Signal(str, object)  # key, QImage or None
    docx_ready = Signal(str, object)  # key, DocxLayout or DocxRefused

    def __init__(
        self,
        worker: DocumentWorker | None = None,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if guard_emissions():  # the renderer emits a signal per page: see emit_guard
            log.warning("this PySide6 leaks a reference to True per signal; True is protected")
        self._worker = worker if worker is not None else DocumentWorker()
        self._queue = JobQueue()
        self._cache: OrderedDict[tuple[str, int, float], QImage] = OrderedDict()
        self._cache_limit = cache_bytes
        self._cache_used = 0
        self._serials = itertools.count(1)
        self._open: set[str] = set()
        self._thread = RenderThread(self._worker, self._queue)
        self._thread.opened.connect(self.document_opened)
        self._thread.failed.connect(self._on_failed)
        self._thread.rendered.connect(self._on_rendered)
        self._thread.page_failed.connect(self.page_failed)
        self._thread.searched.connect(self.search_results)
        self._thread.text_found.connect(self.text_ready)
        self._thread.image_decoded.connect(self.image_ready)
        self._thread.docx_built.connect(self.docx_ready)
        self._thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def worker(self) -> DocumentWorker:
        """The worker process behind the renderer (diagnostics and tests)."""
        return self._worker

    @property
    def cache_bytes(self) -> int:
        """Bytes of rendered pages held in the cache now."""
        return self._cache_used

    def shutdown(self) -> None:
        """Stop the thread and the worker process; the renderer is unusable afterwards."""
        if self._thread.isRunning():
            self._thread.stop()
        self._worker.close()
        self._clear_cache(None)

    def open_document(self, key: str, data: bytes, filetype: str) -> None:
        """Open a PDF or image under ``key``; answers with document_opened or document_failed."""
        if key in self._open:
            self.close_document(key)
        self._open.add(key)
        self._queue.put(OpenJob(key, bytes(data), filetype), Tier.CONTROL)

    def close_document(self, key: str) -> None:
        """Forget a document: its pending work, its cached pages and its copy in the worker."""
        self._open.discard(key)
        self._queue.drop(key)
        self._queue.put(CloseJob(key), Tier.CONTROL)
        self._clear_cache(key)

    def request_pages(
        self,
        key: str,
        zoom: float,
        visible: Sequence[int],
        nearby: Sequence[int] = (),
        *,
        channel: str = "view",
        background: bool = False,
    ) -> None:
        """Want these pages at this zoom; replaces the channel's earlier, unserved wishes.

        Pages already cached are skipped (read them with :meth:`cached`). ``background``
        puts the wishes behind every view's (thumbnails use it).
        """
        if key not in self._open:
            return
        zoom = zoom_key(zoom)
        first, second = (
            (Tier.BACKGROUND_VISIBLE, Tier.BACKGROUND_NEARBY)
            if background
            else (Tier.VISIBLE, Tier.NEARBY)
        )
        jobs: list[tuple[RenderJob, Tier]] = []
        seen: set[int] = set()
        for pages, tier in ((visible, first), (nearby, second)):
            for page in pages:
                if page in seen or (key, page, zoom) in self._cache:
                    continue
                seen.add(page)
                jobs.append((RenderJob(key, page, zoom, channel), tier))
        self._queue.replace_renders(key, channel, jobs)

    def cached(self, key: str, page: int, zoom: float) -> QImage | None:
        """The page at exactly this zoom if it has been rendered and is still cached."""
        entry = (key, page, zoom_key(zoom))
        image = self._cache.get(entry)
        if image is not None:
            self._cache.move_to_end(entry)
        return image

    def search(self, key: str, query: str, page_count: int) -> int:
        """Start searching a document; hits arrive in chunks as search_results(…, serial, …).

        A new search of the same document drops the unserved chunks of the previous one.
        """
        self.cancel_search(key)
        serial = next(self._serials)
        starts = list(range(0, max(page_count, 1), SEARCH_CHUNK_PAGES))
        for index, first in enumerate(starts):
            last = index == len(starts) - 1
            job = SearchJob(key, serial, query, first, SEARCH_CHUNK_PAGES, last)
            self._queue.put(job, Tier.SEARCH)
        return serial

    def cancel_search(self, key: str) -> None:
        """Drop the unserved chunks of a document's search."""
        self._queue.drop(key, (SearchJob,))

    def text_in_rect(self, key: str, page: int, rect: tuple[float, float, float, float]) -> int:
        """Ask for the text inside a rectangle (page points); answered by text_ready(…, serial, …)."""
        serial = next(self._serials)
        self._queue.put(TextJob(key, serial, page, rect), Tier.CONTROL)
        return serial

    def decode_image(self, key: str, data: bytes, filetype: str, max_width: int) -> None:
        """Decode a picture in the worker (never in this process); answered by image_ready."""
        self._queue.put(ImageJob(key, bytes(data), filetype, max_width), Tier.BACKGROUND_VISIBLE)

    def layout_docx(self, key: str, data: bytes) -> None:
        """Check and lay out a Word file off the UI thread; answered by docx_ready."""
        self._queue.put(DocxJob(key, bytes(data)), Tier.CONTROL)

    def pending_jobs(self) -> int:
        """Jobs waiting for the worker (tests and diagnostics)."""
        return self._queue.pending()

    def _on_rendered(self, key: str, page: int, zoom: float, image: QImage) -> None:
        if key not in self._open:
            return  # closed while it was rendering
        entry = (key, page, zoom)
        old = self._cache.pop(entry, None)
        if old is not None:
            self._cache_used -= old.sizeInBytes()
        self._cache[entry] = image
        self._cache_used += image.sizeInBytes()
        while self._cache_used > self._cache_limit and len(self._cache) > 1:
            _, evicted = self._cache.popitem(last=False)
            self._cache_used -= evicted.sizeInBytes()
        self.page_rendered.emit(key, page, zoom, image)

    def _on_failed(self, key: str, problem: DocumentProblem) -> None:
        self._open.discard(key)
        self._clear_cache(key)
        self.document_failed.emit(key, problem)

    def _clear_cache(self, key: str | None) -> None:
        for entry in [e for e in self._cache if key is None or e[0] == key]:
            self._cache_used -= self._cache.pop(entry).sizeInBytes()
