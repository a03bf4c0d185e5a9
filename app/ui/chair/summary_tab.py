"""The 汇总 tab: every group's dossiers in one table, and the chosen one beside it.

A group filter (全部专业组 or one group) sits over the table; the panel on the right of
a splitter shows the dossier chosen and takes the chair's decision on it. The tab keeps
the dossier chosen across reloads, so a change or an import never loses the chair's
place.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.chair.table import ChairLine, ChairTable, GroupPart
from app.ui.chair.chair_model import ENTERPRISE, GROUP, ID_ROLE, ChairTableModel, ChairTableProxy
from app.ui.chair.decision_box import ChangeList
from app.ui.chair.dossier_panel import ChairDossierPanel
from app.ui.looks import sorted_table


class SummaryTab(QWidget):
    """Group filter, the chair's table and the dossier panel, side by side.

    ``list_changed`` (dossier id) follows a change to the chair's list.
    """

    list_changed = Signal(str)

    def __init__(self, change: ChangeList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: ChairTable | None = None
        self.model = ChairTableModel(self)
        self.proxy = ChairTableProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_label = QLabel()
        self.group_filter = QComboBox()
        self.group_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.group_filter.currentIndexChanged.connect(self._filter_chosen)
        self.view = self._table_view()
        self.panel = ChairDossierPanel(change)
        self.panel.list_changed.connect(self.list_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_label)
        filters.addWidget(self.group_filter)
        filters.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([1040, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.retranslate()

    def _table_view(self) -> QTableView:
        view = sorted_table(self.proxy, GROUP, Qt.SortOrder.AscendingOrder, ENTERPRISE)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(False)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        return view

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Apply the current language to the filter and the table's headers."""
        self.filter_label.setText(self.tr("专业组："))
        if self.group_filter.count():
            self.group_filter.setItemText(0, self.tr("全部专业组"))
        self.model.relabel()

    # -- contents --------------------------------------------------------------------

    def show_table(self, table: ChairTable | None) -> None:
        """Show ``table``, keeping the group filter and the dossier chosen where possible."""
        chosen = self.current_id()
        self.table = table
        self._fill_filter(table)
        self.model.set_table(table)
        if table is None:
            self.panel.show_line(None, None)
            return
        if chosen is None or not self.select(chosen):
            self.select(self._first_shown())

    def _fill_filter(self, table: ChairTable | None) -> None:
        group = self.proxy.group
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem(self.tr("全部专业组"), None)
        for part in table.groups if table is not None else ():
            self.group_filter.addItem(part.group.name, part.group.id)
        found = self.group_filter.findData(group) if group is not None else 0
        self.group_filter.setCurrentIndex(max(found, 0))
        self.group_filter.blockSignals(False)
        self.proxy.set_group(group if found > 0 else None)

    def choose_group(self, group_id: str | None) -> None:
        """Show one group's dossiers (``None``: all), as the filter does."""
        found = self.group_filter.findData(group_id) if group_id is not None else 0
        self.group_filter.setCurrentIndex(max(found, 0))

    def _filter_chosen(self, _index: int) -> None:
        chosen = self.current_id()
        value = self.group_filter.currentData()
        self.proxy.set_group(None if value is None else str(value))
        if chosen is None or not self.select(chosen):
            self.select(self._first_shown())

    def current_id(self) -> str | None:
        """The dossier chosen in the table, if any."""
        index = self.view.currentIndex()
        value = index.data(ID_ROLE) if index.isValid() else None
        return None if value is None else str(value)

    def select(self, dossier_id: str | None) -> bool:
        """Choose ``dossier_id`` in the table (if shown) and show it in the panel."""
        row = self.model.row_of(dossier_id) if dossier_id is not None else None
        index = (
            self.proxy.mapFromSource(self.model.index(row, ENTERPRISE))
            if row is not None
            else QModelIndex()
        )
        if not index.isValid():
            self.view.selectionModel().clearSelection()
            self.view.setCurrentIndex(QModelIndex())
            self.panel.show_line(None, None)
            return False
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        self._show(self.model.line(self.proxy.mapToSource(index).row()))
        return True

    def line(self, dossier_id: str) -> ChairLine | None:
        """The dossier's line of the table shown."""
        row = self.model.row_of(dossier_id)
        return None if row is None else self.model.line(row)

    def _first_shown(self) -> str | None:
        index = self.proxy.index(0, 0)
        value = index.data(ID_ROLE) if index.isValid() else None
        return None if value is None else str(value)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        value = current.data(ID_ROLE) if current.isValid() else None
        line = self.line(str(value)) if value is not None else None
        if line is not None:
            self._show(line)

    def _show(self, line: ChairLine) -> None:
        self.panel.show_line(self._part(line), line)

    def _part(self, line: ChairLine) -> GroupPart | None:
        parts = self.table.groups if self.table is not None else ()
        return next((p for p in parts if p.group.id == line.group.id), None)
