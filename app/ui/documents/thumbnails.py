"""A side strip of page thumbnails: see the shape of a dossier, click to jump to a page.

Thumbnails are rendered at a low zoom behind everything the main view asks for, and only
for the thumbnails in sight, so a 500-page evidence file costs nothing until scrolled.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from app.ui.documents.renderer import PageRenderer, zoom_key

THUMB_WIDTH = 96
THUMB_HEIGHT = 136
NEARBY = 4
CHANNEL = "thumbnails"


class ThumbnailList(QListWidget):
    """One small picture per page, numbered; the current page is selected."""

    page_activated = Signal(int)  # 0-based

    def __init__(self, renderer: PageRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self._key = ""
        self._sizes: tuple[tuple[float, float], ...] = ()
        self._done: set[int] = set()
        self._placeholders: dict[tuple[int, int], QIcon] = {}
        self._syncing = False
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setIconSize(QSize(THUMB_WIDTH, THUMB_HEIGHT))
        self.setSpacing(4)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedWidth(THUMB_WIDTH + 44)
        self._request_timer = QTimer(self)
        self._request_timer.setSingleShot(True)
        self._request_timer.setInterval(0)
        self._request_timer.timeout.connect(self._request)
        self.verticalScrollBar().valueChanged.connect(self._request_timer.start)
        self.itemClicked.connect(self._clicked)
        self.currentRowChanged.connect(self._row_changed)
        renderer.page_rendered.connect(self._on_rendered)

    def set_document(self, key: str, sizes: tuple[tuple[float, float], ...]) -> None:
        """Fill the strip with numbered placeholders shaped like the pages."""
        self._key, self._sizes = key, sizes
        self._done.clear()
        self._syncing = True
        self.clear()
        for page, size in enumerate(sizes):
            item = QListWidgetItem(self._placeholder(size), str(page + 1))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.addItem(item)
        self.setCurrentRow(0)
        self._syncing = False
        self._request_timer.start()

    def set_current_page(self, page: int) -> None:
        """Follow the main view without jumping it back."""
        if 0 <= page < self.count() and page != self.currentRow():
            self._syncing = True
            self.setCurrentRow(page)
            self.scrollToItem(self.item(page), QListView.ScrollHint.PositionAtCenter)
            self._syncing = False

    def has_thumbnail(self, page: int) -> bool:
        """Whether the page's picture has arrived."""
        return page in self._done

    def showEvent(self, event: QShowEvent) -> None:
        """Thumbnails are only asked for while the strip is shown."""
        super().showEvent(event)
        self._request_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """More thumbnails may be in sight."""
        super().resizeEvent(event)
        self._request_timer.start()

    def _zoom(self) -> float:
        widest = max((w for w, _ in self._sizes), default=1.0)
        return zoom_key(THUMB_WIDTH * self.devicePixelRatioF() / widest)

    def _request(self) -> None:
        if not self._key or not self.count() or not self.isVisible():
            return
        viewport = self.viewport().rect()
        top = self.indexAt(QPoint(viewport.center().x(), viewport.top() + 2)).row()
        bottom = self.indexAt(QPoint(viewport.center().x(), viewport.bottom() - 2)).row()
        first = max(top, 0)
        last = bottom if bottom >= 0 else self.count() - 1
        zoom = self._zoom()
        visible = [p for p in range(first, last + 1) if p not in self._done]
        nearby = [
            p
            for p in (*range(last + 1, last + 1 + NEARBY), *range(first - NEARBY, first))
            if 0 <= p < self.count() and p not in self._done
        ]
        for page in visible + nearby:
            image = self._renderer.cached(self._key, page, zoom)
            if image is not None:
                self._show(page, image)
        self._renderer.request_pages(
            self._key, zoom, visible, nearby, channel=CHANNEL, background=True
        )

    def _on_rendered(self, key: str, page: int, zoom: float, image: QImage) -> None:
        if key == self._key and zoom == self._zoom() and 0 <= page < self.count():
            self._show(page, image)

    def _show(self, page: int, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        _frame(pixmap)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.item(page).setIcon(_untinted(pixmap))
        self._done.add(page)

    def _placeholder(self, size: tuple[float, float]) -> QIcon:
        """A blank page of the right shape (shared between pages of one size)."""
        width, height = size
        scale = min(THUMB_WIDTH / width, THUMB_HEIGHT / height)
        shape = (max(round(width * scale), 8), max(round(height * scale), 8))
        icon = self._placeholders.get(shape)
        if icon is None:
            pixmap = QPixmap(*shape)
            pixmap.fill(Qt.GlobalColor.white)
            _frame(pixmap)
            icon = self._placeholders[shape] = _untinted(pixmap)
        return icon

    def _clicked(self, item: QListWidgetItem) -> None:
        self.page_activated.emit(self.row(item))

    def _row_changed(self, row: int) -> None:
        if not self._syncing and row >= 0:
            self.page_activated.emit(row)


def _frame(pixmap: QPixmap) -> None:
    """A thin edge, so a white page stands out from the white list."""
    painter = QPainter(pixmap)
    painter.setPen(QColor(0, 0, 0, 70))
    painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
    painter.end()


def _untinted(pixmap: QPixmap) -> QIcon:
    """An icon that looks the same when its item is selected (the label shows the selection)."""
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon
