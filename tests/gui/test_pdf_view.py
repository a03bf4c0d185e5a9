"""Reading a PDF: first page at once, scrolling, zoom, find, thumbnails, citations, a dead worker."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.models.dossier import DocumentKind
from app.ui.documents import render_thread
from app.ui.documents.document_tabs import DocumentTabs
from app.ui.documents.page_layout import MARGIN, PT_TO_PX, ZoomMode
from app.ui.documents.pdf_pane import PdfPane
from app.ui.documents.problem_view import ProblemView
from app.ui.documents.problems import ProblemKind
from app.ui.documents.renderer import PageRenderer
from tests.gui.document_samples import (
    A4,
    PHRASE,
    PHRASE_PAGES,
    QUOTE,
    QUOTE_AT,
    Shelf,
    chinese_pdf,
    running_renderer,
    screenshot,
)


@pytest.fixture
def renderer(qapp: QApplication) -> Iterator[PageRenderer]:
    with running_renderer() as running:
        yield running


def _open_pdf(
    qtbot: QtBot, renderer: PageRenderer, pages: int = 12
) -> tuple[DocumentTabs, PdfPane]:
    shelf = Shelf()
    shelf.add("app", "申报书.pdf", DocumentKind.APPLICATION, chinese_pdf(pages))
    shelf.add("more", "证明材料.pdf", DocumentKind.EVIDENCE, chinese_pdf(3))
    tabs = DocumentTabs(renderer)
    qtbot.addWidget(tabs)
    tabs.resize(1100, 800)
    tabs.show()
    qtbot.waitExposed(tabs)
    tabs.show_dossier(shelf.documents, shelf.load)
    pane = tabs.content("app")
    assert isinstance(pane, PdfPane)
    qtbot.waitUntil(lambda: pane.view.has_image(0), timeout=15000)
    return tabs, pane


def test_first_page_scroll_and_keyboard(qtbot: QtBot, renderer: PageRenderer) -> None:
    tabs, pane = _open_pdf(qtbot, renderer)
    view = pane.view
    assert view.page_count() == 12 and view.current_page() == 0
    assert tabs.current_location() == ("app", 1)
    qtbot.waitUntil(lambda: pane.thumbnails.has_thumbnail(0), timeout=10000)
    screenshot(tabs, "pdf-first-page.png")
    view.setFocus()
    with qtbot.waitSignal(tabs.location_changed, timeout=5000) as moved:
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert moved.args == ["app", 2] and view.current_page() == 1
    assert pane.page_box.value() == 2 and pane.thumbnails.currentRow() == 1
    qtbot.waitUntil(lambda: view.has_image(1), timeout=10000)
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.current_page() == 11
    qtbot.waitUntil(lambda: view.has_image(11), timeout=10000)
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.current_page() == 10
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.current_page() == 0
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)  # the wheel's way
    middle = view.current_page()
    assert 4 <= middle <= 7
    qtbot.waitUntil(lambda: all(view.has_image(p) for p in view.visible_pages()), timeout=10000)
    pane.page_box.setValue(9)
    assert view.current_page() == 8


def test_zoom_fit_width_fit_page_steps_and_ctrl_wheel(qtbot: QtBot, renderer: PageRenderer) -> None:
    tabs, pane = _open_pdf(qtbot, renderer)
    view = pane.view
    assert view.zoom_mode() is ZoomMode.FIT_WIDTH
    width = view.viewport().width()
    assert A4[0] * PT_TO_PX * view.zoom() == pytest.approx(width - 2 * MARGIN, abs=1)
    pane.zoom_box.setCurrentIndex(pane.zoom_box.findData(ZoomMode.FIT_PAGE))
    pane.zoom_box.activated.emit(pane.zoom_box.currentIndex())
    assert A4[1] * PT_TO_PX * view.zoom() <= view.viewport().height() - 2 * MARGIN + 1
    pane.zoom_box.activated.emit(pane.zoom_box.findData(2.0))
    assert view.zoom() == 2.0 and view.zoom_mode() is ZoomMode.CUSTOM
    assert pane.zoom_box.currentText() == "200%"
    qtbot.waitUntil(lambda: view.has_image(view.current_page()), timeout=15000)
    image = view._images[view.current_page()][1]
    ratio = view.viewport().devicePixelRatioF()
    assert image.width() == pytest.approx(A4[0] * 2.0 * PT_TO_PX * ratio, abs=2)  # crisp: 1:1
    screenshot(tabs, "pdf-zoom-200.png")
    pane.zoom_in_action.trigger()
    assert view.zoom() == 3.0
    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        view.viewport().mapToGlobal(centre),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() == 2.0
    for _ in range(8):
        pane.zoom_out_action.trigger()
    assert view.zoom() == 0.5  # the smallest step
    qtbot.waitUntil(lambda: view.has_image(view.current_page()), timeout=15000)
    pane.zoom_box.activated.emit(pane.zoom_box.findData(ZoomMode.FIT_WIDTH))
    assert view.zoom_mode() is ZoomMode.FIT_WIDTH
    tabs.resize(800, 700)
    qtbot.waitUntil(
        lambda: (
            A4[0] * PT_TO_PX * view.zoom()
            == pytest.approx(view.viewport().width() - 2 * MARGIN, abs=1)
        )
    )


def test_find_highlights_hits_and_steps_through_them(qtbot: QtBot, renderer: PageRenderer) -> None:
    tabs, pane = _open_pdf(qtbot, renderer)
    tabs.start_find()
    assert pane.find_bar.isVisible()
    pane.find_bar.field.setText(PHRASE)
    qtbot.waitUntil(lambda: not pane.searching() and len(pane.hits()) == 5, timeout=15000)
    assert [hit.page for hit in pane.hits()] == list(PHRASE_PAGES)
    assert pane.current_hit() == 0 and pane.find_bar.counter.text() == "1/5"
    qtbot.keyClick(pane.find_bar.field, Qt.Key.Key_Return)
    assert pane.current_hit() == 1 and pane.find_bar.counter.text() == "2/5"
    assert 3 in pane.view.visible_pages()
    qtbot.waitUntil(lambda: pane.view.has_image(3), timeout=10000)
    screenshot(tabs, "pdf-find.png")
    qtbot.keyClick(pane.find_bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.find_bar.counter.text() == "1/5"
    qtbot.keyClick(pane.find_bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.find_bar.counter.text() == "5/5" and 10 in pane.view.visible_pages()
    pane.find_bar.field.setText("没有这个词")
    qtbot.waitUntil(lambda: pane.find_bar.counter.text() == "无结果", timeout=10000)
    qtbot.keyClick(pane.find_bar.field, Qt.Key.Key_Escape)
    assert not pane.find_bar.isVisible() and pane.hits() == ()


def test_ctrl_f_opens_the_find_bar_when_no_window_shortcut_takes_it(
    qtbot: QtBot, renderer: PageRenderer
) -> None:
    _, pane = _open_pdf(qtbot, renderer)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.find_bar.isVisible() and pane.find_bar.field.hasFocus()


def test_find_starts_from_the_page_being_read(qtbot: QtBot, renderer: PageRenderer) -> None:
    _, pane = _open_pdf(qtbot, renderer)
    pane.view.go_to_page(5)
    pane.start_find()
    pane.find_bar.field.setText(PHRASE)
    qtbot.waitUntil(lambda: not pane.searching() and pane.current_hit() >= 0, timeout=15000)
    assert pane.hits()[pane.current_hit()].page == 7


def test_thumbnail_click_jumps(qtbot: QtBot, renderer: PageRenderer) -> None:
    _, pane = _open_pdf(qtbot, renderer)
    thumbnails = pane.thumbnails
    qtbot.waitUntil(
        lambda: thumbnails.has_thumbnail(0) and thumbnails.has_thumbnail(2), timeout=15000
    )
    item = thumbnails.item(6)
    thumbnails.scrollToItem(item)
    rect = thumbnails.visualItemRect(item)
    qtbot.mouseClick(thumbnails.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert pane.view.current_page() == 6
    qtbot.waitUntil(lambda: pane.view.has_image(6), timeout=10000)
    qtbot.waitUntil(lambda: thumbnails.has_thumbnail(6), timeout=10000)


def test_rectangle_selection_cites_its_text_and_page(qtbot: QtBot, renderer: PageRenderer) -> None:
    tabs, pane = _open_pdf(qtbot, renderer)
    view = pane.view
    view.go_to_page(3)
    qtbot.waitUntil(lambda: view.has_image(3), timeout=10000)
    x, baseline = QUOTE_AT
    start = view.map_from_page(3, QPointF(x - 6, baseline - 22)).toPoint()
    end = view.map_from_page(3, QPointF(x + 16 * len(QUOTE) + 6, baseline + 8)).toPoint()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), QPoint((start.x() + end.x()) // 2, end.y()))
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(lambda: view.selection_text() != "", timeout=10000)
    assert view.selection_text() == QUOTE
    assert pane.cite_action.isEnabled()
    screenshot(tabs, "pdf-selection.png")
    with qtbot.waitSignal(tabs.citation_requested) as cited:
        pane.cite_action.trigger()
    assert cited.args == ["app", 4, QUOTE]
    with qtbot.waitSignal(tabs.citation_requested) as whole:
        pane.cite_page_action.trigger()
    assert whole.args == ["app", 4, ""]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=start)  # a click clears
    assert view.selection() is None and not pane.cite_action.isEnabled()


def test_killed_worker_is_replaced_and_documents_reopen(
    qtbot: QtBot, renderer: PageRenderer
) -> None:
    tabs, pane = _open_pdf(qtbot, renderer)
    pid = renderer.worker.pid
    generation = renderer.worker.generation
    assert pid is not None and pid != os.getpid()
    os.kill(pid, signal.SIGKILL)
    pane.zoom_box.activated.emit(pane.zoom_box.findData(1.5))  # pages not rendered yet
    qtbot.waitUntil(lambda: pane.view.has_image(pane.view.current_page()), timeout=20000)
    assert renderer.worker.generation > generation and renderer.worker.pid not in (None, pid)
    assert isinstance(tabs.content("app"), PdfPane)  # still shown, not given up
    tabs.tabs.setCurrentIndex(1)
    other = tabs.content("more")
    assert isinstance(other, PdfPane)
    qtbot.waitUntil(lambda: other.view.has_image(0), timeout=15000)


def test_a_document_that_hangs_the_worker_is_given_up_and_others_go_on(
    qtbot: QtBot, renderer: PageRenderer, monkeypatch: pytest.MonkeyPatch
) -> None:
    tabs, pane = _open_pdf(qtbot, renderer)
    monkeypatch.setattr(render_thread, "RENDER_TIMEOUT", 0.001)  # every render "hangs"
    pane.zoom_box.activated.emit(pane.zoom_box.findData(3.0))
    qtbot.waitUntil(lambda: isinstance(tabs.content("app"), ProblemView), timeout=20000)
    shown = tabs.content("app")
    assert isinstance(shown, ProblemView) and shown.problem.kind is ProblemKind.TIMED_OUT
    assert "用时过长" in shown.reason.text()
    assert shown.detail.text() == "技术信息：timed out after 0.001 s"
    qtbot.waitUntil(shown.isVisible)
    screenshot(tabs, "pdf-given-up.png")
    monkeypatch.setattr(render_thread, "RENDER_TIMEOUT", 30.0)
    tabs.tabs.setCurrentIndex(1)
    other = tabs.content("more")
    assert isinstance(other, PdfPane)
    qtbot.waitUntil(lambda: other.view.has_image(0), timeout=15000)
