"""The leader's consolidation window (专家组合议窗口).

A separate, non-modal window over the leader's own store: import the members' signed
score sheets (buttons or drag and drop), check the verification table, read the group
table with its flags and ranks, discuss one dossier at a time (scores per aspect, the
consensus comment, the shortlist decision) and export the signed group report. It shows
plain values from the group service and the ledger and reloads them after every change;
closing it (the main window does so on lock) saves what is typed and drops everything.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.consolidation.service import GroupService
from app.consolidation.table import DossierLine, GroupTable
from app.errors import UserError
from app.sheets.received import verification_table
from app.store.store import Store
from app.ui.file_drop import FileDrop
from app.ui.group.dossier_panel import DossierPanel
from app.ui.group.figures import ALERT
from app.ui.group.group_actions import GroupActions
from app.ui.group.group_header import GroupHeader
from app.ui.group.summary_model import ENTERPRISE, ID_ROLE, RANK, GroupTableModel, GroupTableProxy
from app.ui.group.verification_model import VerificationModel
from app.ui.i18n import render
from app.ui.looks import sorted_table
from app.ui.received_files_model import received_files_view
from app.ui.window_host import ReviewWindow

SUMMARY_TAB, VERIFICATION_TAB = 0, 1


class GroupWindow(ReviewWindow):
    """Header, import and export buttons, the 汇总 and 核验结果 tabs; accepts dropped files."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = GroupService(store)
        self._store: Store | None = store
        self.table: GroupTable | None = None
        self.header = GroupHeader()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ALERT};")
        self.problem.hide()
        self.exchange = GroupActions(self, store, self._flush, self._report_name)
        self.exchange.imported.connect(self._after_import)
        # Dropped sheet files and folders are imported as 导入评分表 would.
        self.drop = FileDrop(self, self.exchange.import_paths)
        self.import_files = QPushButton()
        self.import_files.clicked.connect(self.exchange.choose_files)
        self.import_folder = QPushButton()
        self.import_folder.clicked.connect(self.exchange.choose_folder)
        self.drop_hint = QLabel()
        self.drop_hint.setStyleSheet("color: palette(placeholder-text);")
        self.export_report = QPushButton()
        self.export_report.clicked.connect(lambda: self.exchange.export_report())
        self.model = GroupTableModel(self)
        self.proxy = GroupTableProxy(self)
        self.proxy.setSourceModel(self.model)
        self.summary = self._summary_view()
        self.panel = DossierPanel(self._save_consensus, self._change_shortlist)
        self.panel.consensus_saved.connect(self._consensus_saved)
        self.panel.shortlist_changed.connect(lambda _id: self.refresh())
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.summary)
        self.splitter.addWidget(self.panel)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 460])
        self.verification_model = VerificationModel(self)
        self.verification = received_files_view(self.verification_model, self, file_width=16)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, "")
        self.tabs.addTab(self.verification, "")
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_files)
        buttons.addWidget(self.import_folder)
        buttons.addWidget(self.drop_hint, 1)
        buttons.addWidget(self.export_report)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        self.resize(1440, 900)
        self._fitted = False
        self.retranslate()
        self.refresh()

    def _summary_view(self) -> QTableView:
        view = sorted_table(self.proxy, RANK, Qt.SortOrder.AscendingOrder, ENTERPRISE)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        return view

    def showEvent(self, event: QShowEvent) -> None:
        """Once laid out for the first time, size the group table to its rows."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self._fit_summary()

    def _fit_summary(self) -> None:
        """Give the group table the height of its rows (up to half the window)."""
        view = self.summary
        rows = view.verticalHeader().length() + view.horizontalHeader().height()
        wanted = rows + 2 * view.frameWidth() + view.horizontalScrollBar().sizeHint().height()
        total = sum(self.splitter.sizes()) or self.height()
        top = min(wanted, total // 2)
        self.splitter.setSizes([top, max(total - top, 1)])

    # -- texts -----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Apply the current language to the window's own texts (the parts do theirs)."""
        group = self.table.group.name if self.table is not None else ""
        self.setWindowTitle(self.tr("专家组合议 — {group}").format(group=group))
        self.import_files.setText(self.tr("导入评分表…"))
        self.import_folder.setText(self.tr("导入文件夹…"))
        self.drop_hint.setText(self.tr("也可以把成员发来的评分表文件或文件夹拖到此窗口。"))
        self.export_report.setText(self.tr("导出组评审报告…"))
        self.export_report.setToolTip(
            self.tr("用您的证书签名，生成交给主任委员的 PDF，并在旁边另存一份 Excel 副本。")
        )
        self.tabs.setTabText(SUMMARY_TAB, self.tr("汇总"))
        self.tabs.setTabText(VERIFICATION_TAB, self.tr("核验结果"))
        self.model.relabel()
        self.verification_model.relabel()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- contents --------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the ledger and the group table again, keeping the dossier chosen."""
        if self._store is None:
            return
        self.panel.flush()
        chosen = self.current_id()
        try:
            table = self.service.table()
            rows = verification_table(self._store)
        except UserError as exc:
            self.problem.setText(render(exc.text))
            self.problem.show()
            return
        self.problem.hide()
        self.table = table
        self.header.show_table(table)
        self.model.set_table(table)
        self.verification_model.set_rows(rows)
        self.retranslate()
        self.select(chosen if chosen is not None else self._first_shown())

    def current_id(self) -> str | None:
        """The dossier chosen in the group table, if any."""
        index = self.summary.currentIndex()
        value = index.data(ID_ROLE) if index.isValid() else None
        return None if value is None else str(value)

    def select(self, dossier_id: str | None) -> bool:
        """Choose ``dossier_id`` in the group table and show it in the panel."""
        row = self.model.row_of(dossier_id) if dossier_id is not None else None
        if row is None:
            self.panel.show_line(self.table, None)
            return False
        index = self.proxy.mapFromSource(self.model.index(row, ENTERPRISE))
        self.summary.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.summary.scrollTo(index)
        self.panel.show_line(self.table, self.model.line(row))
        return True

    def line(self, dossier_id: str) -> DossierLine | None:
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
            self.panel.show_line(self.table, line)

    def _after_import(self, refused: bool) -> None:
        """Show the new figures; if a file was refused, show why (the 核验结果 tab)."""
        self.refresh()
        if refused:
            self.tabs.setCurrentIndex(VERIFICATION_TAB)

    # -- edits -----------------------------------------------------------------------

    def _save_consensus(self, dossier_id: str, text: str) -> str:
        return self.service.set_consensus(dossier_id, text)

    def _change_shortlist(self, dossier_id: str, included: bool, reason: str) -> DossierLine:
        return self.service.change_shortlist(dossier_id, included, reason)

    def _consensus_saved(self, dossier_id: str, text: str) -> None:
        """Keep the table shown in step with the comment stored (no reload while typing)."""
        line = self.line(dossier_id)
        if line is not None:
            self.table = self.model.replace_line(replace(line, consensus=text))

    def _flush(self) -> None:
        self.panel.flush()

    def _report_name(self) -> str:
        if self.table is None:
            return "组评审报告.pdf"
        return f"组评审报告-{self.table.group.name}-{self.table.round.stage.label}.pdf"

    # -- closing ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the comment being typed, then drop everything shown (the store stays open)."""
        self.panel.flush()
        self.panel.show_line(None, None)
        self.model.set_table(None)
        self.verification_model.set_rows([])
        self.header.show_table(None)
        self.table = None
        self._store = None
        super().closeEvent(event)
