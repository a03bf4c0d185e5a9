"""The scrolling surface that lays out and paints the pages of one open document.

It paints what the renderer has delivered and a sized placeholder for the rest, so
scrolling never waits on rendering. After every scroll, resize or zoom it tells the
renderer which pages are in sight and which come next, and keeps the images of those
pages only. :class:`~app.ui.documents.pdf_view.PdfView` adds search hits, selection and
citations on top.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from app.ui.documents.page_layout import (
    MAX_ZOOM,
    MIN_ZOOM,
    PAGE_GAP,
    PageLayout,
    ZoomMode,
    step_zoom,
)
from app.ui.documents.renderer import PageRenderer, zoom_key

KEEP_AROUND = 3  # pages kept beyond those prefetched, for quick scrolling back


class PageCanvas(QAbstractScrollArea):
    """Continuous scroll through the pages of one document, at a zoom or fitted."""

    current_page_changed = Signal(int)  # 0-based
    zoom_changed = Signal(float)

    def __init__(self, renderer: PageRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self._key = ""
        self._layout = PageLayout((), 1.0)
        self._mode = ZoomMode.FIT_WIDTH
        self._images: dict[int, tuple[float, QImage]] = {}  # page -> (render zoom, image)
        self._failed_pages: set[int] = set()
        self._current = 0
        self._pinned: tuple[int, int] | None = None  # (page, scroll value) after a jump
        self._request_timer = QTimer(self)
        self._request_timer.setSingleShot(True)
        self._request_timer.setInterval(0)
        self._request_timer.timeout.connect(self._request_pages)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Always shown, so fitting the width never makes it appear and change the fit.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.verticalScrollBar().setSingleStep(40)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        renderer.page_rendered.connect(self._on_page_rendered)
        renderer.page_failed.connect(self._on_page_failed)

    def set_document(self, key: str, sizes: tuple[tuple[float, float], ...]) -> None:
        """Show an opened document from its first page."""
        self._key = key
        self._images.clear()
        self._failed_pages.clear()
        self._layout = PageLayout(sizes, self._layout.zoom)
        self._relayout(self._zoom_for(self._mode, self._layout.zoom), keep_position=False)
        self.go_to_page(0)

    def page_count(self) -> int:
        """Pages in the document (0 before one is set)."""
        return len(self._layout.sizes)

    def zoom(self) -> float:
        """The zoom now in force (1.0 is printed size)."""
        return self._layout.zoom

    def zoom_mode(self) -> ZoomMode:
        """Whether the zoom follows the pane's size."""
        return self._mode

    def current_page(self) -> int:
        """The page at the top of the view (0-based)."""
        return self._current

    def has_image(self, page: int) -> bool:
        """Whether a rendered image of the page at the current zoom is shown."""
        held = self._images.get(page)
        return held is not None and held[0] == self._render_zoom()

    def visible_pages(self) -> range:
        """The pages overlapping the viewport now."""
        top = self.verticalScrollBar().value()
        return self._layout.pages_between(top, top + self.viewport().height())

    def map_from_page(self, page: int, point: QPointF) -> QPointF:
        """A point in page points as viewport coordinates (where to click on it)."""
        return self._viewport_box(page, QRectF(point, point)).topLeft()

    def go_to_page(self, page: int, y: float | None = None) -> None:
        """Scroll a page to the top of the view, or a height on it (points) to a third down."""
        if not self._layout.sizes:
            return
        page = min(max(page, 0), self.page_count() - 1)
        top = self._layout.tops[page] - PAGE_GAP / 2
        if y is not None:
            top = self._layout.tops[page] + y * self._layout.scale - self.viewport().height() / 3
        bar = self.verticalScrollBar()
        bar.setValue(round(top))
        self._pinned = (page, bar.value()) if y is None else None
        self._scrolled()

    def set_zoom(self, zoom: float) -> None:
        """Zoom to a fixed factor (clamped to 50–400 %)."""
        self._mode = ZoomMode.CUSTOM
        self._relayout(min(max(zoom, MIN_ZOOM), MAX_ZOOM))

    def set_zoom_mode(self, mode: ZoomMode) -> None:
        """Fit width, fit page, or keep the current zoom (CUSTOM)."""
        self._mode = mode
        self._relayout(self._zoom_for(mode, self._layout.zoom))

    def zoom_in(self) -> None:
        """One step up (the steps run 50–400 %)."""
        self.set_zoom(step_zoom(self._layout.zoom, 1))

    def zoom_out(self) -> None:
        """One step down."""
        self.set_zoom(step_zoom(self._layout.zoom, -1))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Pages in sight: the image (or a placeholder), then what subclasses draw over it."""
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Mid))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for page in self.visible_pages():
            rect = self._viewport_rect(page)
            painter.fillRect(rect, Qt.GlobalColor.white)
            held = self._images.get(page)
            if held is not None:  # possibly at an older zoom, scaled until the new one comes
                painter.drawImage(rect, held[1])
            else:
                painter.setPen(QColor(150, 150, 150))
                label = (
                    self.tr("第 {page} 页无法显示")
                    if page in self._failed_pages
                    else self.tr("第 {page} 页")
                )
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label.format(page=page + 1))
            painter.setPen(QColor(0, 0, 0, 60))
            painter.drawRect(rect.adjusted(-0.5, -0.5, 0.5, 0.5))
            self._paint_over(painter, page)
        painter.end()

    def _paint_over(self, painter: QPainter, page: int) -> None:
        """Draw marks over a painted page (hits, selection); nothing here."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fitted zooms follow the pane's size."""
        super().resizeEvent(event)
        self._relayout(self._zoom_for(self._mode, self._layout.zoom))

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms around the pointer; the plain wheel scrolls."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        steps = event.angleDelta().y()
        if steps:
            self._mode = ZoomMode.CUSTOM
            zoom = step_zoom(self._layout.zoom, 1 if steps > 0 else -1)
            self._relayout(zoom, event.position())
        event.accept()

    def _zoom_for(self, mode: ZoomMode, zoom: float) -> float:
        if mode is ZoomMode.CUSTOM:
            return zoom
        viewport = self.viewport()
        return PageLayout.fit_zoom(self._layout.sizes, mode, viewport.width(), viewport.height())

    def _relayout(
        self, zoom: float, anchor: QPointF | None = None, keep_position: bool = True
    ) -> None:
        """Apply a zoom, keeping the point under ``anchor`` (or the view's top) in place."""
        sizes = self._layout.sizes
        # Without a pointer to zoom around, keep the top of the view and its middle in place.
        point = anchor if anchor is not None else QPointF(self.viewport().width() / 2, 0)
        held = self._page_under(point, clamp=True) if keep_position else None
        changed = abs(zoom - self._layout.zoom) > 1e-6
        self._layout = PageLayout(sizes, zoom)
        self._update_scroll_ranges()
        if held is not None:
            page, at = held
            target = self._layout.from_page(page, QRectF(at, at), self._content_width())
            self.verticalScrollBar().setValue(round(target.top() - point.y()))
            self.horizontalScrollBar().setValue(round(target.left() - point.x()))
        if changed:
            self.zoom_changed.emit(zoom)
        self._scrolled()

    def _update_scroll_ranges(self) -> None:
        viewport = self.viewport()
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, round(self._layout.height - viewport.height())))
        vbar.setPageStep(viewport.height())
        hbar.setRange(0, max(0, round(self._layout.width - viewport.width())))
        hbar.setPageStep(viewport.width())

    def _scrolled(self) -> None:
        self._update_current()
        self._request_timer.start()
        self.viewport().update()

    def _update_current(self) -> None:
        if not self._layout.sizes:
            return
        bar = self.verticalScrollBar()
        if self._pinned is not None and self._pinned[1] == bar.value():
            page = self._pinned[0]
        else:
            self._pinned = None
            page = self._layout.page_at(bar.value() + PAGE_GAP)
            if bar.value() >= bar.maximum() > 0:
                page = self.visible_pages()[-1]  # the end: the last page cannot reach the top
        if page != self._current:
            self._current = page
            self.current_page_changed.emit(page)

    def _request_pages(self) -> None:
        """Tell the renderer what is in sight and what is next; drop images far away."""
        visible = list(self.visible_pages()) if self._key else []
        if not visible:
            return
        reach = 1 if self._layout.zoom > 2 else 2
        count = self.page_count()
        nearby = [
            p
            for d in range(1, reach + 1)
            for p in (visible[-1] + d, visible[0] - d)
            if 0 <= p < count
        ]
        zoom = self._render_zoom()
        for page in visible + nearby:
            image = self._renderer.cached(self._key, page, zoom)
            if image is not None:
                self._images[page] = (zoom, image)
        keep = range(visible[0] - reach - KEEP_AROUND, visible[-1] + reach + KEEP_AROUND + 1)
        for page in [p for p in self._images if p not in keep]:
            del self._images[page]
        self._renderer.request_pages(self._key, zoom, visible, nearby)

    def _render_zoom(self) -> float:
        return zoom_key(self._layout.render_zoom(self.viewport().devicePixelRatioF()))

    def _on_page_rendered(self, key: str, page: int, zoom: float, image: QImage) -> None:
        if key != self._key or zoom != self._render_zoom():
            return
        self._images[page] = (zoom, image)
        self._failed_pages.discard(page)
        if page in self.visible_pages():
            self.viewport().update(self._viewport_rect(page).toAlignedRect())

    def _on_page_failed(self, key: str, page: int, zoom: float, problem: object) -> None:
        if key == self._key:
            self._failed_pages.add(page)
            self.viewport().update()

    def _content_width(self) -> float:
        return max(self._layout.width, float(self.viewport().width()))

    def _to_document(self, point: QPointF) -> QPointF:
        return QPointF(
            point.x() + self.horizontalScrollBar().value(),
            point.y() + self.verticalScrollBar().value(),
        )

    def _page_top(self, page: int) -> float:
        return self._layout.tops[page] - PAGE_GAP / 2 if self._layout.sizes else 0.0

    def _viewport_rect(self, page: int) -> QRectF:
        return self._viewport_box(page, QRectF(0, 0, *self._layout.sizes[page]))

    def _viewport_box(self, page: int, box: QRectF) -> QRectF:
        """A rectangle in page points as viewport coordinates."""
        rect = self._layout.from_page(page, box, self._content_width())
        return rect.translated(
            -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        )

    def _page_under(self, point: QPointF, clamp: bool = False) -> tuple[int, QPointF] | None:
        """The page under a viewport point and that point in page points."""
        if not self._layout.sizes:
            return None
        document = self._to_document(point)
        page = self._layout.page_at(document.y())
        at = self._layout.to_page(page, document, self._content_width())
        width, height = self._layout.sizes[page]
        if not clamp and not (0 <= at.x() <= width and 0 <= at.y() <= height):
            return None
        return page, at
