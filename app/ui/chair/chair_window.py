"""The chair's review window (主任委员审核窗口).

A separate, non-modal window over the chair's own store: import the groups' signed
reports (toolbar, buttons or drag and drop), check each verified or refused, compare the
groups in one table and side by side as distributions, settle the list with a reason for
every change, and sign and export it. It shows plain values from the chair service and
reloads them after every import and change; closing it (the main window does so on
lock) drops everything it showed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStatusBar,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.chair.service import ChairService
from app.chair.table import ChairLine, ChairTable
from app.errors import UserError
from app.store.store import Store
from app.ui.chair.calibration_tab import CalibrationTab
from app.ui.chair.chair_actions import ChairActions
from app.ui.chair.chair_header import ChairHeader
from app.ui.chair.report_model import ReportVerificationModel
from app.ui.chair.summary_tab import SummaryTab
from app.ui.file_drop import FileDrop
from app.ui.group.figures import ALERT
from app.ui.i18n import render
from app.ui.looks import embolden
from app.ui.received_files_model import received_files_view
from app.ui.window_host import ReviewWindow

VERIFICATION_TAB, SUMMARY_TAB, CALIBRATION_TAB = 0, 1, 2
TAB_NAMES = ("verification", "summary", "calibration")
"""Stable, language-free names of the tabs in order (screenshots, logs)."""


class ChairWindow(ReviewWindow):
    """Toolbar, header, the 报告核验 / 汇总 / 校准 tabs and a status line; takes drops."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = ChairService(store)
        self._store: Store | None = store
        self.table: ChairTable | None = None
        self.exchange = ChairActions(self, store)
        # Dropped report files and folders are imported as 导入汇总表 would.
        self.drop = FileDrop(self, self.exchange.import_paths)
        self.exchange.imported.connect(self._after_import)
        self.exchange.exported.connect(self.refresh)
        self.import_action = self._action("Ctrl+O", self.exchange.choose_files)
        self.folder_action = self._action("Ctrl+Shift+O", self.exchange.choose_folder)
        self.export_action = self._action("Ctrl+E", self.exchange.export_list)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.import_action, self.folder_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.export_action)
        self.header = ChairHeader()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ALERT};")
        self.problem.hide()
        self.export_button = QPushButton()
        self.export_button.setDefault(False)
        self.export_button.clicked.connect(lambda: self.exchange.export_list())
        embolden(self.export_button)
        self.summary = SummaryTab(self.service.change)
        self.summary.list_changed.connect(lambda _id: self.refresh())
        self.calibration = CalibrationTab()
        self.verification_model = ReportVerificationModel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._verification_page(), "")
        self.tabs.addTab(self.summary, "")
        self.tabs.addTab(self.calibration, "")
        self.status = QStatusBar()
        self.status.setSizeGripEnabled(False)
        self.status_line = QLabel()
        self.status.addWidget(self.status_line, 1)
        self.exchange.said.connect(self.say)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setMenuBar(self.toolbar)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.resize(1480, 900)
        self.retranslate()
        self.refresh()
        received = self.table is not None and len(self.table.missing_groups) < len(
            self.table.groups
        )
        self.tabs.setCurrentIndex(SUMMARY_TAB if received else VERIFICATION_TAB)

    def _action(self, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _verification_page(self) -> QWidget:
        self.import_files = QPushButton()
        self.import_files.clicked.connect(lambda: self.exchange.choose_files())
        self.import_folder = QPushButton()
        self.import_folder.clicked.connect(lambda: self.exchange.choose_folder())
        self.drop_hint = QLabel()
        self.drop_hint.setStyleSheet("color: palette(placeholder-text);")
        self.verification = received_files_view(self.verification_model, self, file_width=26)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_files)
        buttons.addWidget(self.import_folder)
        buttons.addWidget(self.drop_hint, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.verification, 1)
        return page

    # -- texts -----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Apply the current language to the window's own texts (the parts do theirs)."""
        name = self.table.round.name if self.table is not None else ""
        self.setWindowTitle(self.tr("主任委员审核 — {round}").format(round=name))
        self.import_action.setText(self.tr("导入汇总表…"))
        self.import_action.setToolTip(self.tr("导入各专业组组长签署的汇总表 (Ctrl+O)"))
        self.folder_action.setText(self.tr("导入文件夹…"))
        self.export_action.setText(self.tr("签署并导出名单…"))
        self.export_action.setToolTip(
            self.tr("用您的证书签署名单，生成交给评审办公室的 PDF 和 Excel 副本 (Ctrl+E)")
        )
        self.import_files.setText(self.tr("导入汇总表…"))
        self.import_folder.setText(self.tr("导入文件夹…"))
        self.drop_hint.setText(self.tr("也可以把各组发来的汇总表文件或文件夹拖到此窗口。"))
        self.export_button.setText(self.tr("签署并导出名单…"))
        self.export_button.setToolTip(self.export_action.toolTip())
        self.tabs.setTabText(VERIFICATION_TAB, self.tr("报告核验"))
        self.tabs.setTabText(SUMMARY_TAB, self.tr("汇总"))
        self.tabs.setTabText(CALIBRATION_TAB, self.tr("校准"))
        self.verification_model.relabel()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def tab_names() -> tuple[str, ...]:
        """The tabs' stable names, in tab order (``verification``, ``summary`` …)."""
        return TAB_NAMES

    def say(self, text: str) -> None:
        """Show ``text`` in the status line (the whole of it as a tooltip)."""
        self.status_line.setText(text)
        self.status_line.setToolTip(text)

    # -- contents --------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the table and the ledger again, keeping the dossier chosen."""
        if self._store is None:
            return
        try:
            table = self.service.table()
            rows = self.service.verification()
        except UserError as exc:
            self.problem.setText(render(exc.text))
            self.problem.show()
            return
        self.problem.hide()
        self.table = table
        self.header.show_table(table)
        self.summary.show_table(table)
        self.calibration.show_table(table)
        self.verification_model.set_rows(rows)
        self.retranslate()

    def current_id(self) -> str | None:
        """The dossier chosen in the 汇总 table, if any."""
        return self.summary.current_id()

    def select(self, dossier_id: str | None) -> bool:
        """Choose ``dossier_id`` in the 汇总 table and show it in the panel."""
        return self.summary.select(dossier_id)

    def line(self, dossier_id: str) -> ChairLine | None:
        """The dossier's line of the table shown."""
        return self.summary.line(dossier_id)

    def _after_import(self, refused: bool) -> None:
        """Show the new figures; if a file was refused, show why (the 报告核验 tab)."""
        self.refresh()
        if refused:
            self.tabs.setCurrentIndex(VERIFICATION_TAB)

    # -- closing ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Drop everything shown (the store stays open: it is the main window's)."""
        self.summary.show_table(None)
        self.calibration.show_table(None)
        self.verification_model.set_rows([])
        self.header.show_table(None)
        self.table = None
        self._store = None
        super().closeEvent(event)
