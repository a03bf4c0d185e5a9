"""One PDF or scanned image in its tab: toolbar, thumbnails, pages and the find bar.

The pane opens its document in the worker when it is created and shows "opening…"
until the page sizes arrive; a refusal (encrypted, corrupt, crashed) is handed up to
the tabs, which show the reason instead. Search hits arrive in chunks, page order, and
the first hit at or after the page being read becomes the current one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.documents.worker import TextHit
from app.ui.documents.find_bar import FindBar
from app.ui.documents.page_layout import ZOOM_STEPS, ZoomMode
from app.ui.documents.pdf_view import PdfView
from app.ui.documents.problems import DocumentProblem
from app.ui.documents.renderer import PageRenderer
from app.ui.documents.thumbnails import ThumbnailList

LOADING, CONTENT = range(2)


class PdfPane(QWidget):
    """A paged document with everything needed to read, find and cite in it."""

    failed = Signal(object)  # DocumentProblem
    citation_requested = Signal(int, str)  # page (0-based), quoted text
    location_changed = Signal(int)  # page (0-based)
    opened = Signal()

    def __init__(
        self,
        renderer: PageRenderer,
        key: str,
        data: bytes,
        filetype: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self._key = key
        self._is_open = False
        self._pending: tuple[int, str | None] | None = None
        self._serial = 0
        self._hits: list[TextHit] = []
        self._current = -1
        self._searching = False
        self._anchor_page = 0
        self.view = PdfView(renderer)
        self.thumbnails = ThumbnailList(renderer)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self._build_toolbar()
        pages = QHBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        pages.setSpacing(0)
        pages.addWidget(self.thumbnails)
        pages.addWidget(self.view, 1)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(0)
        inner.addWidget(self.toolbar)
        inner.addLayout(pages, 1)
        inner.addWidget(self.find_bar)
        self.loading_label = QLabel()
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.loading_label)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.view.current_page_changed.connect(self._page_changed)
        self.view.zoom_changed.connect(self._zoom_changed)
        self.view.selection_changed.connect(self._selection_changed)
        self.view.citation_requested.connect(self.citation_requested)
        self.thumbnails.page_activated.connect(self.view.go_to_page)
        self.find_bar.query_changed.connect(self._search)
        self.find_bar.next_requested.connect(self._next_hit)
        self.find_bar.previous_requested.connect(self._previous_hit)
        self.find_bar.closed.connect(self._find_closed)
        renderer.document_opened.connect(self._on_opened)
        renderer.document_failed.connect(self._on_failed)
        renderer.search_results.connect(self._on_results)
        self._retranslate()
        renderer.open_document(key, data, filetype)

    def is_open(self) -> bool:
        """Whether the page sizes have arrived and pages can be shown."""
        return self._is_open

    def current_page(self) -> int:
        """The page being read (0-based)."""
        return self.view.current_page()

    def show_page(self, page: int, highlight: str | None = None) -> None:
        """Go to a page (0-based), optionally finding and marking a text on it."""
        if not self._is_open:
            self._pending = (page, highlight)
            return
        self.view.go_to_page(page)
        if highlight:
            self._anchor_page = page
            self.find_bar.open_bar(highlight)

    def start_find(self) -> None:
        """Show the find bar (Ctrl+F) with the selected text, if any, as the query."""
        if self._is_open:
            selected = self.view.selection_text().strip()
            self._anchor_page = self.view.current_page()
            self.find_bar.open_bar(selected if selected and "\n" not in selected else None)

    def hits(self) -> tuple[TextHit, ...]:
        """The hits found so far."""
        return tuple(self._hits)

    def current_hit(self) -> int:
        """Index of the current hit (-1 for none)."""
        return self._current

    def searching(self) -> bool:
        """Whether chunks of a search are still to come."""
        return self._searching

    def close_document(self) -> None:
        """Release the document in the worker (the pane is being discarded)."""
        self._renderer.close_document(self._key)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+F and F3 when no window-wide shortcut took them first."""
        if event.matches(QKeySequence.StandardKey.Find):
            self.start_find()
        elif event.matches(QKeySequence.StandardKey.FindNext):
            self._step(1)
        elif event.matches(QKeySequence.StandardKey.FindPrevious):
            self._step(-1)
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.thumbnails_action = QAction(self, checkable=True, checked=True)
        self.thumbnails_action.toggled.connect(self.thumbnails.setVisible)
        self.page_box = QSpinBox()
        self.page_box.setRange(1, 1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(self._page_chosen)
        self.zoom_out_action = QAction(self)
        self.zoom_out_action.triggered.connect(self.view.zoom_out)
        self.zoom_box = QComboBox()
        self.zoom_box.activated.connect(self._zoom_chosen)
        self.zoom_in_action = QAction(self)
        self.zoom_in_action.triggered.connect(self.view.zoom_in)
        self.find_action = QAction(self)
        self.find_action.triggered.connect(self.start_find)
        self.cite_action = QAction(self, enabled=False)
        self.cite_action.triggered.connect(self.view.cite_selection)
        self.cite_page_action = QAction(self)
        self.cite_page_action.triggered.connect(self._cite_page)
        self.toolbar.addAction(self.thumbnails_action)
        self.toolbar.addSeparator()
        self.page_label = QLabel()
        self.toolbar.addWidget(self.page_label)
        self.toolbar.addWidget(self.page_box)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.zoom_out_action)
        self.toolbar.addWidget(self.zoom_box)
        self.toolbar.addAction(self.zoom_in_action)
        self.toolbar.addSeparator()
        for action in (self.find_action, self.cite_action, self.cite_page_action):
            self.toolbar.addAction(action)

    def _retranslate(self) -> None:
        self.loading_label.setText(self.tr("正在打开文件…"))
        self.thumbnails_action.setText(self.tr("缩略图"))
        self.page_label.setText(self.tr("页码") + " ")
        self.page_box.setSuffix(f" / {max(self.view.page_count(), 1)}")
        self.zoom_out_action.setText(self.tr("缩小"))
        self.zoom_out_action.setToolTip(self.tr("缩小（Ctrl+-）"))
        self.zoom_in_action.setText(self.tr("放大"))
        self.zoom_in_action.setToolTip(self.tr("放大（Ctrl++）"))
        self.find_action.setText(self.tr("查找"))
        self.find_action.setToolTip(self.tr("在本文件中查找（Ctrl+F）"))
        self.cite_action.setText(self.tr("引用到评语"))
        self.cite_action.setToolTip(self.tr("把框选的文字作为证据引用到评语中"))
        self.cite_page_action.setText(self.tr("引用本页"))
        self.cite_page_action.setToolTip(self.tr("把当前页作为证据引用到评语中"))
        self.zoom_box.clear()
        self.zoom_box.addItem(self.tr("适合宽度"), ZoomMode.FIT_WIDTH)
        self.zoom_box.addItem(self.tr("适合页面"), ZoomMode.FIT_PAGE)
        for step in ZOOM_STEPS:
            self.zoom_box.addItem(f"{round(step * 100)}%", step)
        self._zoom_changed(self.view.zoom())

    def _on_opened(self, key: str, count: int, sizes: object) -> None:
        if key != self._key:
            return
        assert isinstance(sizes, tuple)
        self._is_open = True
        self.page_box.setRange(1, count)
        self.page_box.setSuffix(f" / {count}")
        self.thumbnails_action.setChecked(count > 1)
        self.stack.setCurrentIndex(CONTENT)
        self.view.set_document(key, sizes)
        self.thumbnails.set_document(key, sizes)
        self.opened.emit()
        if self._pending is not None:
            page, highlight = self._pending
            self._pending = None
            self.show_page(page, highlight)

    def _on_failed(self, key: str, problem: DocumentProblem) -> None:
        if key == self._key:
            self._is_open = False
            self.failed.emit(problem)

    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self.thumbnails.set_current_page(page)
        self.location_changed.emit(page)

    def _zoom_changed(self, zoom: float) -> None:
        mode = self.view.zoom_mode()
        if mode is not ZoomMode.CUSTOM:
            self.zoom_box.setCurrentIndex(self.zoom_box.findData(mode))
        else:
            steps = [abs(zoom - step) < 1e-3 for step in ZOOM_STEPS]
            self.zoom_box.setCurrentIndex(steps.index(True) + 2 if any(steps) else -1)

    def _zoom_chosen(self, index: int) -> None:
        choice = self.zoom_box.itemData(index)
        if isinstance(choice, ZoomMode):
            self.view.set_zoom_mode(choice)
        elif isinstance(choice, float):
            self.view.set_zoom(choice)
        self.view.setFocus()

    def _search(self, query: str) -> None:
        self._hits, self._current = [], -1
        self.view.set_hits(())
        if not query:
            self._end_search()
            return
        self._searching = True
        self._serial = self._renderer.search(self._key, query, self.view.page_count())
        self._show_status()

    def _on_results(self, key: str, serial: int, hits: object, finished: bool) -> None:
        if key != self._key or serial != self._serial:
            return
        assert isinstance(hits, tuple)
        self._hits.extend(hits)
        self._searching = not finished
        chosen = False
        if self._current < 0 and self._hits:
            after = [i for i, hit in enumerate(self._hits) if hit.page >= self._anchor_page]
            if after or finished:
                self._current, chosen = (after[0] if after else 0), True
        self.view.set_hits(tuple(self._hits), self._current, scroll=chosen)
        self._show_status()

    def _selection_changed(self, text: str) -> None:
        self.cite_action.setEnabled(bool(text))

    def _page_chosen(self, value: int) -> None:
        self.view.go_to_page(value - 1)

    def _cite_page(self) -> None:
        self.view.cite_page()

    def _next_hit(self) -> None:
        self._step(1)

    def _previous_hit(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if self._hits:
            self._current = (self._current + direction) % len(self._hits)
            self.view.show_hit(self._current)
            self._show_status()

    def _end_search(self) -> None:
        self._serial = 0
        self._searching = False
        self._hits, self._current = [], -1
        self._renderer.cancel_search(self._key)
        self.view.set_hits(())

    def _find_closed(self) -> None:
        self._end_search()
        self.view.setFocus()

    def _show_status(self) -> None:
        self.find_bar.set_status(self._current, len(self._hits), self._searching)
