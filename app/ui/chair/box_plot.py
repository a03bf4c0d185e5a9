"""The groups' score distributions side by side (校准图), painted as box plots.

A chair comparing groups needs to see at a glance whether one group scored harder or
more narrowly than another before reading any single score against another group's.
Each group gets a box (Q1 to Q3, median line, whiskers to min and max), its mean as a
diamond and every dossier's group score as a dot (green when on the chair's list), on one
shared axis: zoomed to the data with ticks, or the full 0–100. A group whose report has
not arrived keeps its place, marked 未收到. Pointing at a dot names the dossier.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from app.chair.table import ChairLine, ChairTable, GroupPart
from app.ui.group.figures import MUTED, ON_LIST, group_score_text

BOX_FILL = "#dce8f6"
BOX_EDGE = "#2f5f99"
MEAN = "#c55a11"
GRID = "#e2e2e2"
AXIS = "#8a8a8a"
DOT_RADIUS = 4.5
STEPS = (1, 2, 5, 10, 20, 25)
MAX_TICKS = 10
COLUMN_MIN = 150
Scale = Callable[[float], float]
"""A score's height on the plot."""


@dataclass(frozen=True)
class Dot:
    """A dossier's group score as drawn, for the tooltip."""

    centre: QPointF
    line: ChairLine


def axis_range(table: ChairTable | None, full: bool) -> tuple[float, float, float]:
    """The axis' low and high ends and its tick step (zoomed: the data's range, padded)."""
    scores = [
        float(s)
        for part in (table.groups if table is not None else ())
        if part.distribution is not None
        for s in part.distribution.group_scores
    ]
    if full or not scores:
        return 0.0, 100.0, 10.0
    low = max(0.0, math.floor((min(scores) - 2) / 5) * 5)
    high = min(100.0, math.ceil((max(scores) + 2) / 5) * 5)
    if high - low < 10:
        high = min(100.0, low + 10)
        low = high - 10
    step = next((s for s in STEPS if (high - low) / s <= MAX_TICKS), 25)
    return low, high, float(step)


def jitter(index: int, count: int) -> float:
    """A fixed horizontal offset in [-1, 1] for the ``index``-th of ``count`` dots."""
    if count <= 1:
        return 0.0
    return ((index * 7) % count) / (count - 1) * 2 - 1


class GroupBoxPlot(QWidget):
    """One box per group that reviews dossiers, on a shared score axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table: ChairTable | None = None
        self._full = False
        self._dots: list[Dot] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(300)

    def set_table(self, table: ChairTable | None) -> None:
        """Draw ``table``'s groups (``None``: an empty axis)."""
        self._table = table
        self.updateGeometry()
        self.update()

    def set_full_scale(self, full: bool) -> None:
        """Show the whole 0–100 axis instead of the data's range."""
        self._full = full
        self.update()

    @property
    def full_scale(self) -> bool:
        """Whether the axis runs 0–100."""
        return self._full

    def sizeHint(self) -> QSize:
        """Room for every group's box and its name."""
        groups = len(self._table.groups) if self._table is not None else 2
        return QSize(max(520, 80 + COLUMN_MIN * groups), 380)

    def minimumSizeHint(self) -> QSize:
        """Still legible when the splitter squeezes it."""
        return QSize(360, 300)

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the legend and the 未收到 marks in the new language."""
        if event.type() == QEvent.Type.LanguageChange:
            self.update()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        """Name the dossier under the pointer."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            dot = self.dot_at(QPointF(event.pos()))
            if dot is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.dot_text(dot.line), self)
            return True
        return super().event(event)

    def dot_at(self, point: QPointF) -> Dot | None:
        """The dot drawn nearest ``point``, if within reach."""
        near = [d for d in self._dots if (d.centre - point).manhattanLength() <= DOT_RADIUS * 2.5]
        return min(near, key=lambda d: (d.centre - point).manhattanLength(), default=None)

    def dot_text(self, line: ChairLine) -> str:
        """What a dot's tooltip says."""
        group_line = line.line
        listed = self.tr("在名单上") if line.included else self.tr("不在名单上")
        return (
            f"{group_line.dossier.seq}. {group_line.dossier.enterprise}\n"
            + self.tr("组评分 {score}").format(score=group_score_text(group_line.group_score))
            + f" · {listed}"
        )

    # -- painting ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Axis, grid, one box per group, names underneath and the legend on top."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = QFontMetricsF(self.font())
        line_height = metrics.height()
        low, high, step = axis_range(self._table, self._full)
        tick_width = metrics.horizontalAdvance("100") + 10
        plot = QRectF(
            tick_width + 8,
            line_height * 2.4,
            max(self.width() - tick_width - 24, 10),
            max(self.height() - line_height * 5.2, 10),
        )

        def y_of(value: float) -> float:
            return plot.bottom() - (value - low) / (high - low) * plot.height()

        self._paint_axis(painter, plot, low, high, step, y_of)
        self._paint_legend(painter, metrics, plot)
        self._dots = []
        parts = self._table.groups if self._table is not None else ()
        if not parts:
            painter.setPen(QColor(MUTED))
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("尚无专业组"))
            painter.end()
            return
        column = plot.width() / len(parts)
        for number, part in enumerate(parts):
            area = QRectF(plot.left() + number * column, plot.top(), column, plot.height())
            self._paint_group(painter, part, area, y_of)
            self._paint_name(painter, metrics, part, area)
        painter.end()

    def _paint_axis(
        self,
        painter: QPainter,
        plot: QRectF,
        low: float,
        high: float,
        step: float,
        y_of: Scale,
    ) -> None:
        text = self.palette().text().color()
        value = low
        while value <= high + 1e-9:
            y = y_of(value)
            painter.setPen(QPen(QColor(GRID), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = QRectF(0, y - 10, plot.left() - 6, 20)
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:g}"
            )
            value += step
        painter.setPen(QPen(QColor(AXIS), 1))
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())

    def _paint_legend(self, painter: QPainter, metrics: QFontMetricsF, plot: QRectF) -> None:
        text = self.palette().text().color()
        y = metrics.height() * 0.9
        painter.setPen(text)
        painter.drawText(QPointF(4, y + metrics.ascent() / 2 - 1), self.tr("组评分"))
        items = [
            ("dot_on", self.tr("名单上")),
            ("dot_off", self.tr("未列入")),
            ("mean", self.tr("均值")),
            ("median", self.tr("中位数")),
            ("box", self.tr("四分位区间")),
        ]
        x = plot.right()
        for kind, label in reversed(items):
            x -= metrics.horizontalAdvance(label) + 8
            painter.setPen(text)
            painter.drawText(QPointF(x, y + metrics.ascent() / 2 - 1), label)
            x -= 18
            self._paint_symbol(painter, kind, QPointF(x + 8, y))
            x -= 10

    def _paint_symbol(self, painter: QPainter, kind: str, at: QPointF) -> None:
        if kind in ("dot_on", "dot_off"):
            _dot(painter, at, ON_LIST if kind == "dot_on" else MUTED)
        elif kind == "mean":
            _diamond(painter, at)
        elif kind == "median":
            painter.setPen(QPen(QColor(BOX_EDGE), 2.5))
            painter.drawLine(QPointF(at.x() - 8, at.y()), QPointF(at.x() + 8, at.y()))
        else:
            painter.setPen(QPen(QColor(BOX_EDGE), 1.2))
            painter.setBrush(QColor(BOX_FILL))
            painter.drawRect(QRectF(at.x() - 8, at.y() - 5, 16, 10))

    def _paint_group(self, painter: QPainter, part: GroupPart, area: QRectF, y_of: Scale) -> None:
        d = part.distribution
        centre = area.center().x()
        if d is None or d.quartiles is None:
            painter.setPen(QPen(QColor(MUTED), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            box = QRectF(
                centre - area.width() * 0.3, area.top() + 8, area.width() * 0.6, area.height() - 16
            )
            painter.drawRect(box)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.tr("未收到"))
            return
        low, q1, median, q3, high = d.quartiles
        half = min(area.width() * 0.2, 48)
        painter.setPen(QPen(QColor(BOX_EDGE), 1.2))
        painter.drawLine(QPointF(centre, y_of(high)), QPointF(centre, y_of(q3)))
        painter.drawLine(QPointF(centre, y_of(q1)), QPointF(centre, y_of(low)))
        for end in (low, high):
            painter.drawLine(
                QPointF(centre - half / 2, y_of(end)), QPointF(centre + half / 2, y_of(end))
            )
        painter.setBrush(QColor(BOX_FILL))
        painter.drawRect(QRectF(QPointF(centre - half, y_of(q3)), QPointF(centre + half, y_of(q1))))
        painter.setPen(QPen(QColor(BOX_EDGE), 2.5))
        painter.drawLine(QPointF(centre - half, y_of(median)), QPointF(centre + half, y_of(median)))
        scored = [x for x in part.lines if x.line.group_score is not None]
        for index, line in enumerate(scored):
            score = float(line.line.group_score or 0)
            at = QPointF(centre + half + 14 + jitter(index, len(scored)) * 6, y_of(score))
            _dot(painter, at, ON_LIST if line.included else MUTED)
            self._dots.append(Dot(at, line))
        if d.mean is not None:
            _diamond(painter, QPointF(centre, y_of(d.mean)))

    def _paint_name(
        self, painter: QPainter, metrics: QFontMetricsF, part: GroupPart, area: QRectF
    ) -> None:
        painter.setPen(self.palette().text().color())
        top = area.bottom() + 6
        name = metrics.elidedText(part.group.name, Qt.TextElideMode.ElideMiddle, area.width() - 8)
        painter.drawText(
            QRectF(area.left(), top, area.width(), metrics.height()),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            name,
        )
        d = part.distribution
        if d is None:
            caption = self.tr("未收到汇总表")
        else:
            caption = self.tr("n = {n} · 均值 {mean}").format(
                n=len(d.group_scores), mean="—" if d.mean is None else f"{d.mean:.2f}"
            )
        painter.setPen(QColor(MUTED))
        painter.drawText(
            QRectF(area.left(), top + metrics.height(), area.width(), metrics.height()),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            caption,
        )


def _dot(painter: QPainter, at: QPointF, colour: str) -> None:
    painter.setPen(QPen(QColor("#ffffff"), 1))
    painter.setBrush(QBrush(QColor(colour)))
    painter.drawEllipse(at, DOT_RADIUS, DOT_RADIUS)


def _diamond(painter: QPainter, at: QPointF) -> None:
    size = 6.0
    painter.setPen(QPen(QColor("#ffffff"), 1))
    painter.setBrush(QBrush(QColor(MEAN)))
    painter.drawPolygon(
        [
            QPointF(at.x(), at.y() - size),
            QPointF(at.x() + size, at.y()),
            QPointF(at.x(), at.y() + size),
            QPointF(at.x() - size, at.y()),
        ]
    )
