"""The calibration figures (校准参考) as two Qt table models: per group and per reviewer.

The box plot shows the shape; these tables give the numbers behind it — each group's
count, mean, spread, five-number summary and Kendall's W, and each reviewer's mean total
— with the distance from the average beside them, so a harsher group or reviewer stands
out without arithmetic. Every figure here is an aid: the official figure is each group's
score under the round's rule.
"""

from __future__ import annotations

import statistics
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.chair.table import ChairTable, GroupPart
from app.ui.group.figures import ALERT, DASH, MUTED, WAITING

ModelIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
(G_GROUP, G_N, G_MEAN, G_SD, G_MIN, G_Q1, G_MEDIAN, G_Q3, G_MAX, G_W, G_OFFSET) = range(11)
R_GROUP, R_NAME, R_MEAN, R_COUNT, R_OFFSET = range(5)
STANDS_OUT = 3.0
"""Points from the average past which a group's or reviewer's mean is marked."""


def number(value: float | None, places: int = 2) -> str:
    """A figure with fixed decimals, or a dash."""
    return DASH if value is None else f"{value:.{places}f}"


def offset_text(value: float | None) -> str:
    """A signed distance from the average: +1.25, −3.40."""
    return DASH if value is None else f"{value:+.2f}".replace("-", "−")


def _offset_style(value: float | None, role: int) -> Any:
    if value is None or abs(value) < STANDS_OUT:
        return None
    if role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(QColor(ALERT if value < 0 else WAITING))
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    return None


class _ReadOnlyTable(QAbstractTableModel):
    """What both calibration tables share: a fixed column count, no editing."""

    columns = 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """The table's fixed columns (a table: no children)."""
        return 0 if parent.isValid() else self.columns

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Cells can be selected and copied, not edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def relabel(self) -> None:
        """Redraw headers and cells in the interface language now in force."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columns - 1)
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, self.columns - 1))


class GroupFiguresModel(_ReadOnlyTable):
    """One row per group: n, mean, SD, five numbers, W and the mean's distance from all."""

    columns = G_OFFSET + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._parts: tuple[GroupPart, ...] = ()
        self._overall: float | None = None

    def set_table(self, table: ChairTable | None) -> None:
        """Show ``table``'s groups (``None``: nothing)."""
        self.beginResetModel()
        self._parts = table.groups if table is not None else ()
        scores = [
            float(s)
            for part in self._parts
            if part.distribution is not None
            for s in part.distribution.group_scores
        ]
        self._overall = statistics.fmean(scores) if scores else None
        self.endResetModel()

    def part(self, row: int) -> GroupPart:
        """The group shown in ``row``."""
        return self._parts[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per group that reviews dossiers."""
        return 0 if parent.isValid() else len(self._parts)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles, and tooltips for the figures that need saying."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columns:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("专业组"),
                "n",
                self.tr("均值"),
                self.tr("标准差"),
                self.tr("最低"),
                "Q1",
                self.tr("中位数"),
                "Q3",
                self.tr("最高"),
                self.tr("肯德尔 W"),
                self.tr("较总体均值"),
            ][section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                G_N: self.tr("有组评分的申报材料份数。"),
                G_SD: self.tr("组评分的总体标准差。"),
                G_W: self.tr("肯德尔和谐系数：各评委排序的一致程度，0 为毫无一致，1 为完全一致。"),
                G_OFFSET: self.tr("本组组评分均值减去各组全部组评分的均值；负值表示评分偏严。"),
            }.get(section)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The figures, right-aligned; a group without a report says so."""
        if not index.isValid() or not 0 <= index.row() < len(self._parts):
            return None
        part = self._parts[index.row()]
        column = index.column()
        d = part.distribution
        offset = None
        if d is not None and d.mean is not None and self._overall is not None:
            offset = d.mean - self._overall
        if role == Qt.ItemDataRole.DisplayRole:
            if column == G_GROUP:
                return part.group.name
            if d is None or part.table is None:
                return self.tr("未收到") if column == G_N else DASH
            q = d.quartiles
            figures = {
                G_N: str(len(d.group_scores)),
                G_MEAN: number(d.mean),
                G_SD: number(d.sd),
                G_W: number(part.table.agreement.w),
                G_OFFSET: offset_text(offset),
            }
            for column_of, at in ((G_MIN, 0), (G_Q1, 1), (G_MEDIAN, 2), (G_Q3, 3), (G_MAX, 4)):
                figures[column_of] = number(q[at] if q is not None else None)
            return figures.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != G_GROUP:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and d is None and column != G_GROUP:
            return QBrush(QColor(ALERT))
        if column == G_OFFSET:
            return _offset_style(offset, role)
        return None


class ReviewerMeansModel(_ReadOnlyTable):
    """One row per reviewer: group, name, mean total, dossiers scored, distance from group."""

    columns = R_OFFSET + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, float, int, float | None]] = []

    def set_table(self, table: ChairTable | None) -> None:
        """Show the reviewers of ``table``'s groups (``None``: nothing)."""
        self.beginResetModel()
        self._rows = []
        for part in table.groups if table is not None else ():
            d = part.distribution
            if d is None:
                continue
            totals = [float(t) for t in d.member_totals]
            average = statistics.fmean(totals) if totals else None
            for name, mean, count in d.reviewer_means:
                offset = None if average is None else mean - average
                self._rows.append((part.group.name, name, mean, count, offset))
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per reviewer who scored at least one dossier."""
        return 0 if parent.isValid() else len(self._rows)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles, and what the distance means."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columns:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("专业组"),
                self.tr("评审专家"),
                self.tr("平均总分"),
                self.tr("评分份数"),
                self.tr("较本组平均"),
            ][section]
        if role == Qt.ItemDataRole.ToolTipRole and section == R_OFFSET:
            return self.tr("该专家平均总分减去本组全部成员总分的平均；负值表示评分偏严。")
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The reviewer's figures; a distance past the mark stands out."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        group, name, mean, count, offset = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                R_GROUP: group,
                R_NAME: name,
                R_MEAN: number(mean),
                R_COUNT: str(count),
                R_OFFSET: offset_text(offset),
            }.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= R_MEAN:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == R_GROUP:
            return QBrush(QColor(MUTED))
        if column == R_OFFSET:
            return _offset_style(offset, role)
        return None
