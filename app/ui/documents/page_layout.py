"""Where each page of a continuously scrolled document sits, and the zoom choices.

Kept apart from the widget so the geometry (which page is at a height, how wide "fit
width" is) is plain arithmetic on the page sizes the worker reported, computed before a
single page has been rendered: placeholders have the right size from the start, and
the scroll bar does not jump as pages arrive.
"""

from __future__ import annotations

import bisect
from enum import Enum

from PySide6.QtCore import QPointF, QRectF

PT_TO_PX = 96 / 72  # at 100 % a page shows at its printed size on a standard screen
PAGE_GAP = 12.0
MARGIN = 12.0
ZOOM_STEPS = (0.5, 0.67, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
MIN_FIT_ZOOM = 0.1  # fitting a page into a small pane may go below the smallest step
MAX_RENDER_PIXELS = 24_000_000  # per page; beyond this, 400 % on HiDPI renders a bit softer


class ZoomMode(Enum):
    """Whether the zoom follows the pane's size or was chosen by the user."""

    FIT_WIDTH = "fit_width"
    FIT_PAGE = "fit_page"
    CUSTOM = "custom"


def step_zoom(zoom: float, direction: int) -> float:
    """The next zoom step above (direction 1) or below (-1) the current zoom."""
    if direction > 0:
        return next((step for step in ZOOM_STEPS if step > zoom + 1e-3), MAX_ZOOM)
    return next((step for step in reversed(ZOOM_STEPS) if step < zoom - 1e-3), MIN_ZOOM)


class PageLayout:
    """Pages stacked top to bottom with gaps, centred horizontally, at one zoom."""

    def __init__(self, sizes: tuple[tuple[float, float], ...], zoom: float) -> None:
        self.sizes = sizes
        self.zoom = zoom
        self.scale = zoom * PT_TO_PX  # logical pixels per point
        self.tops: list[float] = []
        y = MARGIN
        for _, height in sizes:
            self.tops.append(y)
            y += height * self.scale + PAGE_GAP
        self.height = y - PAGE_GAP + MARGIN if sizes else 0.0
        widest = max((width for width, _ in sizes), default=0.0)
        self.width = widest * self.scale + 2 * MARGIN

    @staticmethod
    def fit_zoom(
        sizes: tuple[tuple[float, float], ...], mode: ZoomMode, width: float, height: float
    ) -> float:
        """The zoom that fits the widest page's width (or a whole page) into a viewport."""
        if not sizes:
            return 1.0
        widest = max(w for w, _ in sizes)
        zoom = (width - 2 * MARGIN) / (widest * PT_TO_PX)
        if mode is ZoomMode.FIT_PAGE:
            tallest = max(h for _, h in sizes)
            zoom = min(zoom, (height - 2 * MARGIN) / (tallest * PT_TO_PX))
        return min(max(zoom, MIN_FIT_ZOOM), MAX_ZOOM)

    def render_zoom(self, device_pixel_ratio: float) -> float:
        """Device pixels per point for the worker, capped so no page gets too many pixels."""
        zoom = self.scale * device_pixel_ratio
        largest = max((w * h for w, h in self.sizes), default=0.0)
        if largest * zoom * zoom > MAX_RENDER_PIXELS:
            zoom = (MAX_RENDER_PIXELS / largest) ** 0.5
        return zoom

    def page_rect(self, page: int, content_width: float) -> QRectF:
        """Where a page sits in document coordinates (logical pixels)."""
        width, height = self.sizes[page]
        w, h = width * self.scale, height * self.scale
        x = max(MARGIN, (content_width - w) / 2)
        return QRectF(x, self.tops[page], w, h)

    def page_at(self, y: float) -> int:
        """The page at a document height (the one above, when y falls into a gap)."""
        if not self.tops:
            return 0
        return max(bisect.bisect_right(self.tops, y) - 1, 0)

    def pages_between(self, top: float, bottom: float) -> range:
        """The pages that overlap the band between two document heights."""
        if not self.tops:
            return range(0)
        first = self.page_at(top)
        if self.tops[first] + self.sizes[first][1] * self.scale < top:
            first += 1  # top falls into the gap below ``first``
        last = self.page_at(bottom)
        return range(min(first, len(self.tops) - 1), last + 1)

    def to_page(self, page: int, point: QPointF, content_width: float) -> QPointF:
        """A point in document coordinates as page points."""
        rect = self.page_rect(page, content_width)
        return QPointF((point.x() - rect.x()) / self.scale, (point.y() - rect.y()) / self.scale)

    def from_page(self, page: int, rect: QRectF, content_width: float) -> QRectF:
        """A rectangle in page points as document coordinates."""
        origin = self.page_rect(page, content_width)
        return QRectF(
            origin.x() + rect.x() * self.scale,
            origin.y() + rect.y() * self.scale,
            rect.width() * self.scale,
            rect.height() * self.scale,
        )
