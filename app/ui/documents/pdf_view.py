"""A PDF (or scanned image) as a continuous column of pages, with hits and citations.

Builds on :class:`PageCanvas` (layout, zoom, rendering on demand). A drag on a page
draws a rectangle whose text the worker reads, so the expert can quote it into a
comment (引用到评语); a whole page can be cited too (引用本页). Search hits are
painted over the pages, the current one stronger, and kept in view.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
)
from PySide6.QtWidgets import QMenu, QWidget

from app.documents.worker import TextHit
from app.ui.documents.page_canvas import PageCanvas
from app.ui.documents.renderer import PageRenderer

HIT = QColor(255, 200, 0, 90)
CURRENT_HIT = QColor(255, 120, 0, 150)
SELECTION = QColor(40, 120, 230, 60)
Box = tuple[float, float, float, float]


class PdfView(PageCanvas):
    """The pages of one document, searchable and citable."""

    selection_changed = Signal(str)  # the text under the selection ("" when none)
    citation_requested = Signal(int, str)  # page (0-based), quoted text ("" for a whole page)

    def __init__(self, renderer: PageRenderer, parent: QWidget | None = None) -> None:
        super().__init__(renderer, parent)
        self._hits: tuple[TextHit, ...] = ()
        self._current_hit = -1
        self._selection: tuple[int, QRectF] | None = None
        self._selection_text = ""
        self._drag_start: tuple[int, QPointF] | None = None
        self._text_serial = 0
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        renderer.text_ready.connect(self._on_text_ready)

    def set_document(self, key: str, sizes: tuple[tuple[float, float], ...]) -> None:
        """Show an opened document from its first page, without hits or selection."""
        self._hits, self._current_hit = (), -1
        self._clear_selection()
        super().set_document(key, sizes)

    def selection_text(self) -> str:
        """The text under the selection rectangle, once the worker has read it."""
        return self._selection_text

    def selection(self) -> tuple[int, QRectF] | None:
        """The selected page and rectangle in page points, if any."""
        return self._selection

    def select(self, page: int, rect: QRectF) -> None:
        """Select a rectangle (page points) as a drag would, and read the text under it."""
        self._clear_selection()
        self._selection = (page, rect.normalized())
        self._finish_selection()

    def clear_selection(self) -> None:
        """Drop the selection rectangle."""
        self._clear_selection()
        self.viewport().update()

    def set_hits(self, hits: tuple[TextHit, ...], current: int = -1, scroll: bool = True) -> None:
        """Search hits to paint, ``current`` stronger (and scrolled into view if asked)."""
        self._hits, self._current_hit = hits, current
        if scroll:
            self.show_hit(current)
        self.viewport().update()

    def show_hit(self, index: int) -> None:
        """Make one hit current and scroll to it unless it is already in view."""
        self._current_hit = index
        if 0 <= index < len(self._hits):
            hit = self._hits[index]
            rect = _bounds(hit.rects)
            inside = self.viewport().rect().toRectF().contains(self._viewport_box(hit.page, rect))
            if not inside:
                self.go_to_page(hit.page, rect.top())
        self.viewport().update()

    def cite_selection(self) -> None:
        """Cite the selected text (引用到评语)."""
        if self._selection is not None and self._selection_text:
            self.citation_requested.emit(self._selection[0], self._selection_text)

    def cite_page(self, page: int | None = None) -> None:
        """Cite a whole page (引用本页), the current one by default."""
        if self.page_count():
            self.citation_requested.emit(self._current if page is None else page, "")

    def _paint_over(self, painter: QPainter, page: int) -> None:
        for index, hit in enumerate(self._hits):
            if hit.page == page:
                colour = CURRENT_HIT if index == self._current_hit else HIT
                for box in hit.rects:
                    painter.fillRect(self._viewport_box(page, _rect(box)), colour)
        if self._selection is not None and self._selection[0] == page:
            selected = self._viewport_box(page, self._selection[1])
            painter.fillRect(selected, SELECTION)
            painter.setPen(QColor(40, 120, 230))
            painter.drawRect(selected)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """PgUp/PgDn flip pages, Home/End go to the ends, Ctrl+± zooms, Ctrl+C copies."""
        key = event.key()
        if key == Qt.Key.Key_PageDown:
            self.go_to_page(self._current + 1)
        elif key == Qt.Key.Key_PageUp:
            at_top = self.verticalScrollBar().value() <= self._page_top(self._current) + 1
            self.go_to_page(self._current - 1 if at_top else self._current)
        elif key == Qt.Key.Key_Home:
            self.go_to_page(0)
        elif key == Qt.Key.Key_End:
            self.go_to_page(self.page_count() - 1)
        elif event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        elif event.matches(QKeySequence.StandardKey.Copy) and self._selection_text:
            QGuiApplication.clipboard().setText(self._selection_text)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A left press on a page starts a selection rectangle there."""
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self.clear_selection()
        self._drag_start = self._page_under(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Grow the rectangle, clamped to the page it started on."""
        if self._drag_start is None:
            return
        page, start = self._drag_start
        width, height = self._layout.sizes[page]
        end = self._layout.to_page(page, self._to_document(event.position()), self._content_width())
        end = QPointF(min(max(end.x(), 0.0), width), min(max(end.y(), 0.0), height))
        self._selection = (page, QRectF(start, end).normalized())
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A finished rectangle asks the worker for the text inside it."""
        if self._drag_start is not None:
            self._drag_start = None
            self._finish_selection()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Cite the selection or the page under the pointer; copy the selection."""
        under = self._page_under(QPointF(event.pos()))
        page = under[0] if under is not None else self._current
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        cite = menu.addAction(self.tr("引用到评语"), self.cite_selection)
        cite.setEnabled(bool(self._selection_text))
        copy = menu.addAction(self.tr("复制所选文字"), self._copy_selection)
        copy.setEnabled(bool(self._selection_text))
        menu.addSeparator()
        label = self.tr("引用本页（第 {page} 页）").format(page=page + 1)
        whole = menu.addAction(label, self._cite_page_under_menu)
        whole.setData(page)
        menu.exec(event.globalPos())

    def _cite_page_under_menu(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and isinstance(action.data(), int):
            self.cite_page(action.data())

    def _copy_selection(self) -> None:
        QGuiApplication.clipboard().setText(self._selection_text)

    def _finish_selection(self) -> None:
        if self._selection is None:
            return
        page, rect = self._selection
        if rect.width() < 2 or rect.height() < 2:  # a click, not a drag
            self.clear_selection()
            return
        box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        self._text_serial = self._renderer.text_in_rect(self._key, page, box)
        self.viewport().update()

    def _on_text_ready(self, key: str, serial: int, page: int, text: str) -> None:
        if key == self._key and serial == self._text_serial and self._selection is not None:
            self._selection_text = text
            self.selection_changed.emit(text)

    def _clear_selection(self) -> None:
        had = bool(self._selection_text)
        self._selection, self._selection_text, self._text_serial = None, "", 0
        if had:
            self.selection_changed.emit("")


def _rect(box: Box) -> QRectF:
    x0, y0, x1, y1 = box
    return QRectF(x0, y0, x1 - x0, y1 - y0)


def _bounds(boxes: tuple[Box, ...]) -> QRectF:
    rect = _rect(boxes[0])
    for box in boxes[1:]:
        rect = rect.united(_rect(box))
    return rect
