"""The renderer's queue, cache and guard: what is seen first, what is dropped, what is kept."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.documents.emit_guard import emissions_leak_true, guard_emissions
from app.ui.documents.page_layout import (
    MARGIN,
    MAX_RENDER_PIXELS,
    PT_TO_PX,
    PageLayout,
    ZoomMode,
    step_zoom,
)
from app.ui.documents.problems import ProblemKind
from app.ui.documents.render_queue import CloseJob, JobQueue, OpenJob, RenderJob, SearchJob, Tier
from app.ui.documents.renderer import PageRenderer
from tests.gui.document_samples import chinese_pdf, running_renderer


def _render(page: int, channel: str = "view", key: str = "a") -> RenderJob:
    return RenderJob(key, page, 1.0, channel)


def test_visible_pages_go_first_and_newer_wishes_replace_older_ones() -> None:
    queue = JobQueue()
    queue.replace_renders(
        "a", "thumbnails", [(_render(p, "thumbnails"), Tier.BACKGROUND_VISIBLE) for p in range(3)]
    )
    queue.replace_renders("a", "view", [(_render(5), Tier.VISIBLE), (_render(6), Tier.NEARBY)])
    queue.put(SearchJob("a", 1, "质量", 0, 40, True), Tier.SEARCH)
    queue.put(OpenJob("b", b"%PDF", "pdf"), Tier.CONTROL)
    order = []
    for _ in range(3):
        job = queue.take()
        order.append(type(job).__name__ if not isinstance(job, RenderJob) else job.page)
        queue.done()
    assert order == ["OpenJob", 5, "SearchJob"]
    # The user scrolled on: page 6 is no longer wanted, pages 9 and 10 are.
    queue.replace_renders("a", "view", [(_render(9), Tier.VISIBLE), (_render(10), Tier.NEARBY)])
    pages = []
    while queue.pending():
        job = queue.take()
        assert isinstance(job, RenderJob)
        pages.append((job.channel, job.page))
        queue.done()
    assert pages == [
        ("view", 9),
        ("view", 10),
        ("thumbnails", 0),
        ("thumbnails", 1),
        ("thumbnails", 2),
    ]


def test_a_page_being_rendered_is_not_queued_again_and_drop_takes_sub_keys() -> None:
    queue = JobQueue()
    queue.replace_renders("a", "view", [(_render(1), Tier.VISIBLE)])
    running = queue.take()
    queue.replace_renders("a", "view", [(_render(1), Tier.VISIBLE), (_render(2), Tier.NEARBY)])
    assert queue.pending() == 1 and running == _render(1)
    queue.done()
    queue.put(RenderJob("a/picture-1", 0, 1.0, "image"), Tier.BACKGROUND_VISIBLE)
    queue.put(RenderJob("ab", 0, 1.0, "view"), Tier.VISIBLE)
    queue.drop("a")
    assert queue.pending() == 1  # "ab" is another document
    queue.put(CloseJob("ab"), Tier.CONTROL)
    queue.close()
    assert queue.take() is None


def test_the_cache_is_bounded_by_bytes(qtbot: QtBot, qapp: QApplication) -> None:
    with running_renderer(cache_bytes=3 * 1024 * 1024) as renderer:
        opened: list[object] = []
        renderer.document_opened.connect(lambda key, count, sizes: opened.append(sizes))
        renderer.open_document("doc", chinese_pdf(6), "pdf")
        qtbot.waitUntil(lambda: bool(opened), timeout=15000)
        zoom = 1.0  # an A4 page at 1.0 is ~1.5 MB of RGB
        arrived: list[int] = []
        renderer.page_rendered.connect(lambda key, page, z, image: arrived.append(page))
        renderer.request_pages("doc", zoom, [0, 1, 2], [3, 4])
        qtbot.waitUntil(lambda: len(arrived) == 5, timeout=15000)
        assert arrived == [0, 1, 2, 3, 4]  # visible first, then the neighbours
        assert renderer.cache_bytes <= 3 * 1024 * 1024
        assert renderer.cached("doc", 4, zoom) is not None  # the newest stay
        assert renderer.cached("doc", 0, zoom) is None  # the oldest went
        renderer.request_pages("doc", zoom, [4])
        assert renderer.pending_jobs() == 0  # cached pages are not asked for again


def test_a_refused_document_is_reported_with_its_kind(qtbot: QtBot, qapp: QApplication) -> None:
    with running_renderer() as renderer:
        with qtbot.waitSignal(renderer.document_failed, timeout=15000) as failed:
            renderer.open_document("junk", b"%PDF-1.4 not really", "pdf")
        key, problem = failed.args
        assert key == "junk" and problem.kind is ProblemKind.UNREADABLE


class _Pinger(QObject):
    ping = Signal(str)


def test_signal_emissions_cannot_free_true(qapp: QApplication) -> None:
    guarded = guard_emissions()
    assert guarded == emissions_leak_true()  # guarded exactly when emissions leak
    pinger = _Pinger()
    for _ in range(20_000):  # more than True's reference count on an unguarded PySide6 6.12.0
        pinger.ping.emit("x")
    assert sys.getrefcount(True) > 1000


@pytest.fixture
def renderer(qapp: QApplication) -> Iterator[PageRenderer]:
    with running_renderer() as running:
        yield running


def test_shutdown_stops_the_worker(renderer: PageRenderer, qtbot: QtBot) -> None:
    opened: list[str] = []
    renderer.document_opened.connect(lambda key, count, sizes: opened.append(key))
    renderer.open_document("doc", chinese_pdf(1), "pdf")
    qtbot.waitUntil(lambda: bool(opened), timeout=15000)
    assert renderer.worker.pid is not None
    renderer.shutdown()
    assert renderer.worker.pid is None


def test_layout_places_pages_and_renders_for_the_screen() -> None:
    sizes = ((595.0, 842.0), (842.0, 595.0), (595.0, 842.0))  # a landscape page in the middle
    zoom = PageLayout.fit_zoom(sizes, ZoomMode.FIT_WIDTH, 1000, 700)
    assert 842 * PT_TO_PX * zoom == pytest.approx(1000 - 2 * MARGIN)  # the widest page fits
    assert PageLayout.fit_zoom(sizes, ZoomMode.FIT_PAGE, 1000, 700) < zoom
    layout = PageLayout(sizes, 1.0)
    assert layout.page_at(layout.tops[1] + 5) == 1 and layout.page_at(0) == 0
    assert list(layout.pages_between(layout.tops[1] - 3, layout.tops[2] + 1)) == [1, 2]
    assert layout.render_zoom(2.0) == pytest.approx(2 * PT_TO_PX)  # HiDPI: twice the pixels
    huge = PageLayout(((2384.0, 3370.0),), 4.0)  # A0 at 400 % on a HiDPI screen
    capped = huge.render_zoom(2.0)
    assert 2384 * 3370 * capped * capped == pytest.approx(MAX_RENDER_PIXELS)
    assert [step_zoom(1.0, 1), step_zoom(1.0, -1), step_zoom(4.0, 1), step_zoom(0.3, -1)] == [
        1.25,
        0.75,
        4.0,
        0.5,
    ]
