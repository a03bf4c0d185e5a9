"""Document viewing benchmark: the app's figures beside PyMuPDF's raw ones, in one run.

Run as its own process by ``bench.run`` (``python -m bench.viewer DATA.json [--quick]``,
after ``bench.viewer_data`` has built the data) so that its peak memory is the app's own;
prints one JSON document. The app's figures come from
the real main window (offscreen) over the real encrypted store, with the document
worker process rendering, timed up to the paint event that draws the page's image.

- first page: open a dossier → its first page painted (the store read, the copy to the
  worker, the worker's open and render and the paint included), against reading the
  same PDF from a plain file, opening it with PyMuPDF and rendering page 1 at the zoom
  the app renders at;
- flip: the next page painted after moving to it, at a reading pace (prefetch has
  settled) and when flipping as fast as pages appear, against PyMuPDF's render time;
- jump: a far page painted, one nothing was prefetched for (the worker's render, the
  image's way back and the paint), against the same render time;
- search: the expert's search over every assigned dossier, against a plain substring
  scan of the same page texts held in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pymupdf as fitz
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.demo.round import PERSONAL_PASSPHRASE
from app.scoring.search import search
from app.store.schema import PageTextRow
from app.store.store import Store
from app.ui.application import make_session
from app.ui.documents import DocumentTabs
from app.ui.documents.pdf_pane import PdfPane
from app.ui.documents.pdf_view import PdfView
from app.ui.documents.renderer import PageRenderer
from app.ui.fonts import install_bundled_font
from app.ui.i18n import LanguageSwitcher
from app.ui.main_window import MainWindow
from app.ui.preferences import Preferences
from bench.viewer_data import ViewerData

QUERIES = ("六西格玛", "一次交验合格率", "质量损失率", "行业领先", "精益生产 顾客", "管理体系")
TIMEOUT_S = 60.0


def summary(values_ms: list[float]) -> dict[str, float]:
    ordered = sorted(values_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median": round(statistics.median(ordered), 2),
        "min": round(ordered[0], 2),
        "max": round(ordered[-1], 2),
        "p95": round(p95, 2),
        "n": len(ordered),
    }


class PaintWatch(QObject):
    """Waits, in the event loop, until a page of a view is painted with its image."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self._view: PdfView | None = None
        self._page = 0
        self._painted_at: float | None = None

    def wait(self, view: PdfView, page: int) -> float:
        """The perf_counter time of the first paint showing ``page``'s image."""
        self._view, self._page, self._painted_at = view, page, None
        view.viewport().installEventFilter(self)
        view.viewport().update()
        deadline = time.perf_counter() + TIMEOUT_S
        nudge = time.perf_counter() + 0.1
        while self._painted_at is None:
            if time.perf_counter() > nudge:  # a repaint Qt folded into one already done
                view.viewport().update()
                nudge = time.perf_counter() + 0.1
            if time.perf_counter() > deadline:
                raise TimeoutError(
                    f"page {page + 1} was not painted in {TIMEOUT_S} s "
                    f"(visible {list(view.visible_pages())}, has image {view.has_image(page)}, "
                    f"failed {sorted(view._failed_pages)})"
                )
            self._app.processEvents()  # the benchmark's own loop, not the app's
            time.sleep(0.0005)
        view.viewport().removeEventFilter(self)
        return self._painted_at

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        view = self._view
        if (
            view is not None
            and event.type() == QEvent.Type.Paint
            and watched is view.viewport()
            and self._painted_at is None
            and self._page in view.visible_pages()
            and view.has_image(self._page)
        ):
            self._painted_at = time.perf_counter()
        return False


def settle(app: QApplication, renderer: PageRenderer, extra_s: float = 0.05) -> None:
    """Let prefetching finish, as it does while someone reads a page."""
    deadline = time.perf_counter() + TIMEOUT_S
    while renderer.pending_jobs() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.002)
    end = time.perf_counter() + extra_s
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)


def current_view(window: MainWindow) -> PdfView:
    holder = window.documents.tabs.currentWidget()
    pane = holder.findChild(PdfPane) if holder is not None else None
    if pane is None:
        raise RuntimeError("the dossier's first document is not shown as a PDF")
    return pane.view


def time_first_page(
    app: QApplication, window: MainWindow, watch: PaintWatch, dossier: str, other: str, runs: int
) -> tuple[list[float], float]:
    """Open ``dossier`` ``runs`` times (another dossier in between); also the render zoom."""
    times: list[float] = []
    zoom = 1.0
    assert window.documents.renderer is not None
    for _ in range(runs):
        window.open_dossier(other)
        settle(app, window.documents.renderer, 0.2)
        start = time.perf_counter()
        window.open_dossier(dossier)
        view = current_view(window)
        painted = watch.wait(view, 0)
        times.append((painted - start) * 1000)
        zoom = view._render_zoom()  # what the worker was asked for
    return times, zoom


def time_flips(
    app: QApplication, window: MainWindow, watch: PaintWatch, pages: int, *, reading: bool
) -> list[float]:
    view = current_view(window)
    renderer = window.documents.renderer
    times: list[float] = []
    for page in range(1, min(pages, view.page_count() - 1) + 1):
        if reading:
            settle(app, renderer)
        start = time.perf_counter()
        view.go_to_page(page)
        times.append((watch.wait(view, page) - start) * 1000)
    return times


def time_jumps(app: QApplication, window: MainWindow, watch: PaintWatch, jumps: int) -> list[float]:
    """Jumps to pages far from any rendered so far: the whole path, nothing prefetched."""
    view = current_view(window)
    count = view.page_count()
    targets = [round(count * (0.15 + 0.7 * i / max(jumps - 1, 1))) for i in range(jumps)]
    targets = list(dict.fromkeys(min(max(t, 1), count - 1) for t in targets))
    times: list[float] = []
    for page in targets[::2] + targets[1::2]:
        settle(app, window.documents.renderer)
        start = time.perf_counter()
        view.go_to_page(page)
        times.append((watch.wait(view, page) - start) * 1000)
    return times


def raw_first_page(path: Path, zoom: float, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        doc = fitz.open(stream=path.read_bytes(), filetype="pdf")
        doc[0].get_pixmap(matrix=fitz.Matrix(zoom, zoom), alpha=False)
        doc.close()
        times.append((time.perf_counter() - start) * 1000)
    return times


def raw_render(path: Path, zoom: float, pages: int) -> list[float]:
    doc = fitz.open(path)
    times = []
    for page in range(1, min(pages, doc.page_count - 1) + 1):
        start = time.perf_counter()
        doc[page].get_pixmap(matrix=fitz.Matrix(zoom, zoom), alpha=False)
        times.append((time.perf_counter() - start) * 1000)
    doc.close()
    return times


def time_search(store: Store, repeat: int) -> tuple[list[float], list[float], int]:
    with store.session() as session:
        texts = ["".join(t.split()) for t in session.scalars(select(PageTextRow.text))]
    app_times, raw_times, hits = [], [], 0
    for _ in range(repeat):
        for query in QUERIES:
            start = time.perf_counter()
            hits += len(search(store, query))
            app_times.append((time.perf_counter() - start) * 1000)
            terms = query.split()
            start = time.perf_counter()
            [t for t in texts if all(term in t for term in terms)]
            raw_times.append((time.perf_counter() - start) * 1000)
    return app_times, raw_times, len(texts)


def _measure(data: ViewerData, quick: bool) -> dict[str, Any]:
    app = QApplication(sys.argv[:1])
    install_bundled_font(app)
    languages = LanguageSwitcher(app)
    languages.set_language("zh")
    settings = QSettings(
        str(data.store.parent / "bench-preferences.ini"), QSettings.Format.IniFormat
    )
    renderer = PageRenderer()
    window = MainWindow(DocumentTabs(renderer), Preferences(settings), languages)
    window.resize(1520, 920)
    store = Store.open(data.store, PERSONAL_PASSPHRASE)
    window.open_session(make_session(store))
    window.show()
    watch = PaintWatch(app)
    runs = 3 if quick else 7
    other = window.dossiers.current_id()
    assert other is not None
    results: dict[str, Any] = {}
    try:
        for label, dossier, pdf in (
            ("text", data.text_dossier, data.text_pdf),
            ("scan", data.scan_dossier, data.scan_pdf),
        ):
            app_first, zoom = time_first_page(app, window, watch, dossier, other, runs)
            flips_reading = time_flips(app, window, watch, 10 if quick else 40, reading=True)
            window.open_dossier(dossier)
            watch.wait(current_view(window), 0)
            settle(app, renderer)
            flips_rapid = time_flips(app, window, watch, 10 if quick else 30, reading=False)
            jumps = time_jumps(app, window, watch, 4 if quick else 12)
            raw_first = raw_first_page(pdf, zoom, runs)
            raw = raw_render(pdf, zoom, 10 if quick else 30)
            results[label] = {
                "pdf_mb": round(pdf.stat().st_size / 1e6, 1),
                "pages": fitz.open(pdf).page_count,
                "render_zoom": round(zoom, 3),
                "raw_first_page_ms": summary(raw_first),
                "app_first_page_ms": summary(app_first),
                "first_page_ratio": round(
                    statistics.median(app_first) / statistics.median(raw_first), 2
                ),
                "raw_render_ms": summary(raw),
                "app_flip_ms": summary(flips_reading),
                "app_flip_rapid_ms": summary(flips_rapid),
                "flip_ratio": round(statistics.median(flips_reading) / statistics.median(raw), 2),
                "app_jump_ms": summary(jumps),
                "jump_ratio": round(statistics.median(jumps) / statistics.median(raw), 2),
            }
        app_search, raw_search, pages = time_search(store, 3 if quick else 10)
        results["search"] = {
            "dossiers": data.dossiers,
            "pages_indexed": pages,
            "search_ms": summary(app_search),
            "raw_substring_scan_ms": summary(raw_search),
        }
    finally:
        window.close_session()
        renderer.shutdown()
    usage_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    usage_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    results["memory"] = {
        "peak_rss_mb": round(usage_self, 1),
        "worker_peak_rss_mb": round(usage_children, 1),
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="the JSON that bench.viewer_data wrote")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    data = ViewerData.from_json(json.loads(args.data.read_text(encoding="utf-8")))
    print(json.dumps(_measure(data, args.quick)))


if __name__ == "__main__":
    main()
