"""The verification table (核验结果): every signed file offered and what became of it.

Both review windows take in signed files — the leader the members' score sheets, the
chair the groups' reports — and show the ledger's plain rows the same way: which file,
who sent it, which revision, the verdict in words, the reason in the interface language,
and when. A refused file (a broken signature, a file sent to the wrong person) is
highlighted so the receiver sees at once whose file must be sent again. The windows
differ only in who the sender is (a member, a group) and where that column stands, so a
subclass names those and nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableView

from app.sheets.ledger import ImportResult
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
from app.ui.looks import sorted_table

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 2
REVISION, VERDICT, REASON, RECEIVED = range(2, 6)
"""The columns after the file and its sender (the first two, in the subclass's order)."""
REFUSED = ("rejected", "conflicting")
VERDICT_COLOURS = {
    "applied": ON_LIST,
    "kept": WAITING,
    "duplicate": MUTED,
    "conflicting": CHANGED,
    "rejected": ALERT,
}


class ReceivedFile(Protocol):
    """A ledger's row about one file offered (the leader's and the chair's rows fit)."""

    @property
    def file_name(self) -> str:
        """The file's name as offered."""

    @property
    def revision(self) -> int | None:
        """The revision it carries, if it could be read."""

    @property
    def verdict(self) -> str:
        """What became of it: applied, kept, duplicate, conflicting or rejected."""

    @property
    def reason_zh(self) -> str:
        """Why, in Chinese."""

    @property
    def reason_en(self) -> str:
        """Why, in English."""

    @property
    def received_at(self) -> datetime:
        """When it was offered (UTC)."""


R = TypeVar("R", bound=ReceivedFile)


class ReceivedFilesModel(QAbstractTableModel, Generic[R]):
    """Rows of ``R``, in the order the files were offered.

    The file and its sender stand in ``file_column`` and ``sender_column`` (0 and 1, in
    either order); a subclass says who the sender is (:meth:`sent_by`) and what the
    column is called (:meth:`sent_by_title`).
    """

    def __init__(self, file_column: int, sender_column: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file_column = file_column
        self.sender_column = sender_column
        self._rows: list[R] = []

    def sent_by(self, item: R) -> str:
        """Who sent the file (empty when the signer is not known)."""
        raise NotImplementedError

    def sent_by_title(self) -> str:
        """The sender column's title in the interface language."""
        raise NotImplementedError

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show ``rows`` (empty: nothing, as when the store locks)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> R:
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

    def reason(self, item: R) -> str:
        """Why the file was taken or refused, in the interface language."""
        return in_language(item.reason_zh, item.reason_en)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per file offered (a table: no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """文件 and its sender, 版本, 结论, 原因, 时间."""
        return 0 if parent.isValid() else RECEIVED + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles in the interface language."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            self.file_column: self.tr("文件"),
            self.sender_column: self.sent_by_title(),
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
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.file_column, REASON):
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

    def _text(self, item: R, column: int) -> str | None:
        texts = {
            self.file_column: item.file_name,
            self.sender_column: self.sent_by(item) or DASH,
            REVISION: DASH if item.revision is None else str(item.revision),
            VERDICT: self.verdict_text(item.verdict),
            REASON: self.reason(item),
            RECEIVED: item.received_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
        }
        return texts.get(column)

    def _sort_key(self, item: R, row: int, column: int) -> Any:
        keys: dict[int, Any] = {
            self.file_column: item.file_name,
            self.sender_column: self.sent_by(item),
            REVISION: -1 if item.revision is None else item.revision,
            VERDICT: list(VERDICT_COLOURS).index(item.verdict)
            if item.verdict in VERDICT_COLOURS
            else len(VERDICT_COLOURS),
            REASON: self.reason(item),
            RECEIVED: row,  # the ledger's order is the order of arrival
        }
        return keys.get(column)


def received_files_view(
    model: ReceivedFilesModel[Any], parent: QObject, file_width: int
) -> QTableView:
    """The table over ``model``: newest first, reasons wrapped in full.

    The file column starts ``file_width`` characters wide (names can be long; the user
    may widen it); ``parent`` owns the sorting proxy (the window, like the model).
    """
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = sorted_table(proxy, RECEIVED, Qt.SortOrder.DescendingOrder, REASON)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(model.file_column, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(model.file_column, view.fontMetrics().horizontalAdvance("某" * file_width))
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


def verdict_tally(results: Sequence[ImportResult]) -> str:
    """One line: how many files were checked, and how many taken, kept, repeated or refused."""
    counts = Counter(r.verdict for r in results)
    return QCoreApplication.translate(
        "ReceivedFilesModel",
        "已核验 {n} 个文件：采用 {applied} 个，旧版本已保留 {kept} 个，"
        "重复 {duplicate} 个，被拒 {refused} 个。",
    ).format(
        n=len(results),
        applied=counts["applied"],
        kept=counts["kept"],
        duplicate=counts["duplicate"],
        refused=sum(counts[verdict] for verdict in REFUSED),
    )
