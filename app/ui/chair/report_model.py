"""The chair's verification table (报告核验): every group report file offered and its verdict.

A table model over the chair service's plain
:class:`~app.chair.service.ReceivedReportRow` values: which file, which group and report
revision, the verdict in words and the reason in the interface language. A refused file
(a broken signature, a score sheet sent to the chair by mistake) is highlighted so the
chair sees at once which leader must send the report again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.chair.service import ReceivedReportRow
from app.ui.group.figures import (
    ALERT,
    ALERT_BACKGROUND,
    CHANGED,
    DASH,
    INK,
    MUTED,
    ON_LIST,
    WAITING,
    in_language,
)

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 2
FILE, GROUP, REVISION, VERDICT, REASON, RECEIVED = range(6)
REFUSED = ("rejected", "conflicting")
VERDICT_COLOURS = {
    "applied": ON_LIST,
    "kept": WAITING,
    "duplicate": MUTED,
    "conflicting": CHANGED,
    "rejected": ALERT,
}


class ReportVerificationModel(QAbstractTableModel):
    """Rows of ``ReceivedReportRow`` in the order the files were offered."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReceivedReportRow] = []

    def set_rows(self, rows: Sequence[ReceivedReportRow]) -> None:
        """Show ``rows`` (empty: nothing, as when the store locks)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> ReceivedReportRow:
        """The file shown in row ``number``."""
        return self._rows[number]

    def relabel(self) -> None:
        """Redraw headers and cells in the interface language now in force."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, RECEIVED)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, RECEIVED))

    def verdict_text(self, verdict: str) -> str:
        """A verdict of the ledger in words."""
        words = {
            "applied": self.tr("已采用"),
            "kept": self.tr("旧版本已保留"),
            "duplicate": self.tr("重复"),
            "conflicting": self.tr("冲突被拒"),
            "rejected": self.tr("被拒"),
            "superseded": self.tr("已被新版本取代"),
        }
        return words.get(verdict, verdict)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per file offered (a table: no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """文件, 专业组, 版本, 结论, 原因, 时间."""
        return 0 if parent.isValid() else RECEIVED + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles in the interface language."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            FILE: self.tr("文件"),
            GROUP: self.tr("专业组"),
            REVISION: self.tr("版本"),
            VERDICT: self.tr("结论"),
            REASON: self.tr("原因"),
            RECEIVED: self.tr("时间"),
        }
        return titles.get(section)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, the reason in full as a tooltip, sort keys and the highlight."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        refused = item.verdict in REFUSED
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (FILE, REASON):
            return f"{item.file_name}\n{self.reason(item)}"
        if role == SORT_ROLE:
            return self._sort_key(item, index.row(), column)
        if role == VERDICT_ROLE:
            return item.verdict
        if role == Qt.ItemDataRole.TextAlignmentRole and column == REVISION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and refused:
            return QBrush(QColor(ALERT_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == VERDICT:
                return QBrush(QColor(VERDICT_COLOURS.get(item.verdict, INK)))
            if refused:
                return QBrush(QColor(INK))
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows can be selected (and the reason copied), not edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def reason(self, item: ReceivedReportRow) -> str:
        """Why the file was taken or refused, in the interface language."""
        return in_language(item.reason_zh, item.reason_en)

    def _text(self, item: ReceivedReportRow, column: int) -> str | None:
        texts = {
            FILE: item.file_name,
            GROUP: item.group or DASH,
            REVISION: DASH if item.revision is None else str(item.revision),
            VERDICT: self.verdict_text(item.verdict),
            REASON: self.reason(item),
            RECEIVED: item.received_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
        }
        return texts.get(column)

    def _sort_key(self, item: ReceivedReportRow, row: int, column: int) -> Any:
        keys: dict[int, Any] = {
            FILE: item.file_name,
            GROUP: item.group,
            REVISION: -1 if item.revision is None else item.revision,
            VERDICT: list(VERDICT_COLOURS).index(item.verdict)
            if item.verdict in VERDICT_COLOURS
            else len(VERDICT_COLOURS),
            REASON: self.reason(item),
            RECEIVED: row,  # the ledger's order is the order of arrival
        }
        return keys.get(column)
