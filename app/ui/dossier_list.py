"""The dossier list (申报材料列表): the expert's assigned dossiers with status and total.

A table model over the plain ``DossierSummary`` values the review service returns (never
store rows), a proxy that filters by text and status and sorts, and the widget holding
the filter box, the status filter and the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.scoring.record import DossierStatus
from app.scoring.views import DossierSummary
from app.ui.i18n import current_lang

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
SEQ, ENTERPRISE, TITLE, GROUP, STATUS, TOTAL = range(6)
STATUS_ORDER = list(DossierStatus)
STATUS_COLOURS = {
    DossierStatus.NOT_STARTED: "#6b6b6b",
    DossierStatus.IN_PROGRESS: "#a15c00",
    DossierStatus.COMPLETE: "#1f7a3a",
    DossierStatus.SUBMITTED: "#1b5fa8",
    DossierStatus.CONFLICT: "#8a3ab9",
}


def format_points(value: Decimal | None) -> str:
    """A score as experts write it: ``12.5``, ``85``, or a dash when there is none."""
    if value is None:
        return "—"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def status_text(status: DossierStatus) -> str:
    """The status label in the interface language."""
    return status.label_en if current_lang() == "en" else status.label


class DossierTableModel(QAbstractTableModel):
    """Rows of ``DossierSummary``: 序号, 企业, 典型经验名称, 专业组, 状态, 总分."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DossierSummary] = []

    def set_dossiers(self, dossiers: Sequence[DossierSummary]) -> None:
        """Show ``dossiers``; the same dossiers in the same order only refresh their cells."""
        new = list(dossiers)
        if [d.id for d in new] == [d.id for d in self._rows]:
            self._rows = new
            if new:
                self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, TOTAL))
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def update_dossier(self, dossier: DossierSummary) -> None:
        """Refresh one row (after a save changed its status or total)."""
        for row, held in enumerate(self._rows):
            if held.id == dossier.id:
                self._rows[row] = dossier
                self.dataChanged.emit(self.index(row, 0), self.index(row, TOTAL))
                return

    def dossier(self, row: int) -> DossierSummary:
        """The summary shown in ``row``."""
        return self._rows[row]

    def row_of(self, dossier_id: str) -> int | None:
        """The row showing ``dossier_id``, if any."""
        for row, held in enumerate(self._rows):
            if held.id == dossier_id:
                return row
        return None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of dossiers (a table: no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Six columns; the group column is hidden by the list when all share one group."""
        return 0 if parent.isValid() else TOTAL + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles in the interface language."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            SEQ: self.tr("序号"),
            ENTERPRISE: self.tr("企业"),
            TITLE: self.tr("典型经验名称"),
            GROUP: self.tr("专业组"),
            STATUS: self.tr("状态"),
            TOTAL: self.tr("总分"),
        }
        return titles.get(section)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, a sort key, the id and status, alignment and status colours."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                SEQ: str(d.seq),
                ENTERPRISE: d.enterprise,
                TITLE: d.title,
                GROUP: d.group or "",
                STATUS: status_text(d.status),
                TOTAL: format_points(d.total),
            }.get(column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (ENTERPRISE, TITLE):
            return f"{d.enterprise}\n{d.title}"
        if role == SORT_ROLE:
            return {
                SEQ: d.seq,
                ENTERPRISE: d.enterprise,
                TITLE: d.title,
                GROUP: d.group or "",
                STATUS: STATUS_ORDER.index(d.status),
                TOTAL: -1.0 if d.total is None else float(d.total),
            }.get(column)
        if role == ID_ROLE:
            return d.id
        if role == STATUS_ROLE:
            return d.status.value
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SEQ, TOTAL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return QBrush(QColor(STATUS_COLOURS[d.status]))
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows can be selected, not edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class DossierFilterProxy(QSortFilterProxyModel):
    """Filters by a text (enterprise, title or number) and a status; sorts by typed keys."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._status: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        """Keep the rows whose enterprise, title or number contains ``text``."""
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str | None) -> None:
        """Keep the rows in one status (``DossierStatus`` value), or all for ``None``."""
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        """Match the text against the visible columns and the status exactly."""
        model = self.sourceModel()
        if self._status is not None:
            status = model.data(model.index(source_row, STATUS, source_parent), STATUS_ROLE)
            if status != self._status:
                return False
        if not self._text:
            return True
        for column in (SEQ, ENTERPRISE, TITLE):
            value = model.data(model.index(source_row, column, source_parent))
            if self._text in str(value).casefold():
                return True
        return False


class DossierList(QWidget):
    """The left pane: filter box, status filter and the sortable list of dossiers."""

    dossier_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DossierTableModel(self)
        self.proxy = DossierFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_box = QLineEdit()
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.set_text)
        self.status_filter = QComboBox()
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_filter.currentIndexChanged.connect(self._status_chosen)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(SEQ, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.setColumnHidden(GROUP, True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # The short columns first and the long title last, where it may run off the edge.
        header.moveSection(header.visualIndex(TITLE), TOTAL)
        metrics = self.view.fontMetrics()
        header.resizeSection(SEQ, metrics.horizontalAdvance("序号") + 28)
        header.resizeSection(ENTERPRISE, metrics.horizontalAdvance("某" * 12) + 16)
        header.resizeSection(STATUS, metrics.horizontalAdvance("In progress") + 16)
        header.resizeSection(TOTAL, metrics.horizontalAdvance("100.5") + 28)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_box, 1)
        filters.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """Apply the current language to the filters (the model relabels itself)."""
        self.filter_box.setPlaceholderText(self.tr("筛选：企业、名称或序号"))
        chosen = self.status_filter.currentData()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(self.tr("全部状态"), None)
        for status in DossierStatus:
            self.status_filter.addItem(status_text(status), status.value)
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(chosen)))
        self.status_filter.blockSignals(False)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, TOTAL)
        if self.model.rowCount():
            self.model.dataChanged.emit(
                self.model.index(0, 0), self.model.index(self.model.rowCount() - 1, TOTAL)
            )

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_dossiers(self, dossiers: Sequence[DossierSummary]) -> None:
        """Show the assigned dossiers, keeping the current one selected when it remains."""
        current = self.current_id()
        self.model.set_dossiers(dossiers)
        self.view.setColumnHidden(GROUP, len({d.group for d in dossiers}) <= 1)
        if current is not None:
            self.select(current, notify=False)

    def update_dossier(self, dossier: DossierSummary) -> None:
        """Refresh one dossier's status and total."""
        self.model.update_dossier(dossier)

    def clear(self) -> None:
        """Forget every dossier (when the store locks)."""
        self.model.set_dossiers([])

    def current_id(self) -> str | None:
        """The id of the selected dossier, if any."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        value = index.data(ID_ROLE)
        return str(value) if value is not None else None

    def select(self, dossier_id: str, *, notify: bool = True) -> bool:
        """Select ``dossier_id`` (clearing filters hiding it); ``False`` if it is not listed."""
        row = self.model.row_of(dossier_id)
        if row is None:
            return False
        source = self.model.index(row, 0)
        if not self.proxy.mapFromSource(source).isValid():
            self.filter_box.clear()
            self.status_filter.setCurrentIndex(0)
        index = self.proxy.mapFromSource(source)
        if not notify:
            self.view.selectionModel().blockSignals(True)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if not notify:
            self.view.selectionModel().blockSignals(False)
            self.view.viewport().update()
        self.view.scrollTo(index)
        return True

    def step(self, delta: int) -> None:
        """Select the next (``+1``) or previous (``-1``) dossier in the order shown."""
        rows = self.proxy.rowCount()
        if rows == 0:
            return
        current = self.view.currentIndex()
        row = 0 if not current.isValid() else min(max(current.row() + delta, 0), rows - 1)
        if current.isValid() and row == current.row():
            return
        self.view.selectionModel().setCurrentIndex(
            self.proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _status_chosen(self, _index: int) -> None:
        value = self.status_filter.currentData()
        self.proxy.set_status(None if value is None else str(value))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            value = current.data(ID_ROLE)
            if value is not None:
                self.dossier_selected.emit(str(value))
