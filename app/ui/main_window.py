"""The expert's main window (主窗口): dossier list, documents, scoring form side by side.

The window is built once; what comes from the store (the list, the documents, the form)
is attached on unlock through :meth:`MainWindow.open_session` and dropped again on lock
through :meth:`MainWindow.close_session`, so a locked window holds nothing confidential.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import Lang, UserError
from app.exchange.package_import import import_package
from app.scoring.search import SearchHit, search
from app.scoring.service import ReviewService
from app.store.store import Store
from app.ui.chair import ChairWindowHost
from app.ui.compare_dialog import CompareDialog
from app.ui.documents import DocumentTabs
from app.ui.dossier_list import DossierList
from app.ui.exchange_actions import ExchangeActions
from app.ui.group import GroupWindowHost
from app.ui.i18n import LanguageSwitcher, render
from app.ui.main_menus import MainMenus
from app.ui.preferences import Preferences
from app.ui.scoring_form import ScoringForm
from app.ui.search_dialog import SearchDialog

log = logging.getLogger(__name__)

LOCKED_PAGE, WORK_PAGE = 0, 1
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Location:
    """Where the expert was: dossier, and document and page within it."""

    dossier_id: str
    document_id: str | None
    page: int


class UnlockedSession:
    """What one unlock opens: the store and the review service over it."""

    def __init__(self, store: Store, service: ReviewService) -> None:
        self.store = store
        self.service = service

    def search(self, query: str) -> list[SearchHit]:
        """Search every assigned dossier's documents."""
        return search(self.store, query, SEARCH_LIMIT)

    def close(self) -> None:
        """Close the store, dropping its keys."""
        self.store.close()


class MainWindow(QMainWindow):
    """List left, documents centre, form right; menus, shortcuts and the save indicator."""

    lock_requested = Signal()
    idle_minutes_changed = Signal(int)

    def __init__(
        self,
        documents: DocumentTabs,
        preferences: Preferences,
        languages: LanguageSwitcher,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.documents = documents
        self.preferences = preferences
        self.languages = languages
        self.session: UnlockedSession | None = None
        self.form: ScoringForm | None = None
        self.search_dialog: SearchDialog | None = None
        self._heading = ""
        self.dossiers = DossierList()
        self.dossiers.dossier_selected.connect(self.open_dossier)
        documents.citation_requested.connect(self._cite)
        self.form_holder = QWidget()
        self.form_layout = QVBoxLayout(self.form_holder)
        self.form_layout.setContentsMargins(4, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.dossiers)
        self.splitter.addWidget(documents)
        self.splitter.addWidget(self.form_holder)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([420, 680, 440])
        self.locked_label = QLabel()
        self.locked_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.locked_label.setStyleSheet("font-size: 16pt; color: palette(placeholder-text);")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.locked_label)
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)
        self.session_label = QLabel()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved_label")
        self.statusBar().addWidget(self.session_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)
        self.menus = MainMenus(self, preferences.idle_minutes())
        self.menus.import_package.triggered.connect(self.import_package)
        self.exchange = ExchangeActions(self, lambda: self.session, self._flush_form)
        self.exchange.records_changed.connect(self.reload_session)
        self.menus.export_sheet.triggered.connect(lambda: self.exchange.export_sheet())
        self.menus.export_draft.triggered.connect(lambda: self.exchange.export_sheet(draft=True))
        self.menus.export_form.triggered.connect(lambda: self.exchange.export_form())
        self.menus.import_form.triggered.connect(lambda: self.exchange.import_form())
        self.menus.lock.triggered.connect(self.lock_requested)
        self.menus.quit.triggered.connect(self.close)
        self.menus.find.triggered.connect(self.find_in_document)
        self.menus.search_all.triggered.connect(self.show_search)
        self.menus.compare.triggered.connect(self.show_compare)
        self.group = GroupWindowHost(self)
        self.menus.group_review.triggered.connect(lambda: self.group.show(self.session))
        self.chair = ChairWindowHost(self)
        self.menus.chair_review.triggered.connect(lambda: self.chair.show(self.session))
        self.menus.next_dossier.triggered.connect(lambda: self.dossiers.step(1))
        self.menus.previous_dossier.triggered.connect(lambda: self.dossiers.step(-1))
        self.menus.aspect_chosen.connect(self._focus_aspect)
        self.menus.language_chosen.connect(self.set_language)
        self.menus.idle_minutes_chosen.connect(self._idle_minutes_chosen)
        self.menus.check_language(languages.lang)
        geometry = preferences.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1520, 920)
        splitter = preferences.splitter()
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.retranslate()
        self.pages.setCurrentIndex(LOCKED_PAGE)

    # -- texts -----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Apply the current language to the window's own texts."""
        self.locked_label.setText(self.tr("工作站已锁定"))
        self.menus.retranslate(self.form.scheme if self.form is not None else None)
        self._show_title()
        self._show_session()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        """Switch the interface language now and remember it for the next start."""
        chosen: Lang = "en" if lang == "en" else "zh"
        self.languages.set_language(chosen)
        self.preferences.set_language(chosen)
        self.menus.check_language(chosen)

    def _show_title(self) -> None:
        title = self.tr("质量标杆评审工作站")
        self.setWindowTitle(f"{self._heading} — {title}" if self._heading else title)

    def _show_session(self) -> None:
        if self.session is None:
            self.session_label.setText("")
            return
        service = self.session.service
        round_ = service.round()
        stage = {"material": self.tr("资料评审"), "defense": self.tr("答辩评审")}
        self.session_label.setText(
            " · ".join(
                part
                for part in (
                    service.owner().name,
                    service.group_name() or "",
                    round_.name,
                    stage.get(round_.stage.value, round_.stage.value),
                )
                if part
            )
        )

    # -- session ---------------------------------------------------------------------

    def open_session(self, session: UnlockedSession) -> None:
        """Show the store's dossiers and a form for its round (after unlocking)."""
        self.session = session
        round_ = session.service.round()
        self.form = ScoringForm(round_.scheme, round_.stage)
        self.form.attach(session.service)
        self.form.saved.connect(self._saved)
        self.form.citation_opened.connect(self.documents.open_page)
        self.form_layout.addWidget(self.form)
        self.menus.attach_undo(self.form.undo_stack)
        self.menus.retranslate(round_.scheme)
        self.menus.set_session_actions_enabled(True)
        self.menus.show_group_review(self.group.leads(session))
        self.menus.show_chair_review(self.chair.chairs(session))
        self.dossiers.set_dossiers(session.service.dossiers())
        self.saved_label.setText("")
        self._show_session()
        self.pages.setCurrentIndex(WORK_PAGE)
        if self.dossiers.current_id() is None:
            self.dossiers.step(1)

    def close_session(self) -> Location | None:
        """Save, remember where the expert was, clear everything shown and close the store."""
        location = self.location()
        self.group.close()  # before the store closes: it saves the comment being typed
        self.chair.close()
        self.close_session_widgets()
        if self.session is not None:
            self.session.close()
            self.session = None
        self._show_session()
        return location

    def close_session_widgets(self) -> None:
        """Save what is pending and clear every widget showing the store's contents."""
        if self.search_dialog is not None:
            self.search_dialog.close()
            self.search_dialog.deleteLater()
            self.search_dialog = None
        if self.form is not None:
            self.form.detach()
            self.menus.attach_undo(None)
            self.form.setParent(None)
            self.form.deleteLater()
            self.form = None
        self.documents.clear()
        self.dossiers.clear()
        self._heading = ""
        self._show_title()
        self.pages.setCurrentIndex(LOCKED_PAGE)
        self.menus.set_session_actions_enabled(False)
        self.saved_label.setText("")

    def location(self) -> Location | None:
        """The dossier, document and page the expert is at."""
        dossier_id = self.dossiers.current_id()
        if dossier_id is None:
            return None
        where = self.documents.current_location()
        if where is None:
            return Location(dossier_id, None, 0)
        return Location(dossier_id, where[0], where[1])

    def restore_location(self, location: Location) -> None:
        """Go back to ``location`` (after unlocking)."""
        if self.dossiers.select(location.dossier_id) and location.document_id is not None:
            self.documents.open_page(location.document_id, location.page)

    # -- dossiers --------------------------------------------------------------------

    def open_dossier(self, dossier_id: str) -> None:
        """Show a dossier's documents and its scoring form (saving the previous one first)."""
        if self.session is None or self.form is None:
            return
        service = self.session.service
        detail = service.dossier(dossier_id)
        self.documents.show_dossier(detail.documents, service.document_bytes)
        self.form.load(detail)
        dossier = detail.dossier
        self._heading = f"{dossier.seq}. {dossier.enterprise}"
        self._show_title()

    def _saved(self, dossier_id: str, at: object) -> None:
        assert isinstance(at, datetime)
        self.saved_label.setText(self.tr("已保存 {time}").format(time=at.strftime("%H:%M:%S")))
        if self.session is not None:
            for summary in self.session.service.dossiers():
                if summary.id == dossier_id:
                    self.dossiers.update_dossier(summary)

    def _cite(self, document_id: str, page: int, quote: str) -> None:
        if self.form is not None:
            self.form.cite(document_id, page, quote)

    def _focus_aspect(self, number: int) -> None:
        if self.form is not None:
            self.form.focus_aspect(number)

    def _idle_minutes_chosen(self, minutes: int) -> None:
        self.preferences.set_idle_minutes(minutes)
        self.idle_minutes_changed.emit(minutes)

    def import_package(self) -> None:
        """File → Import package: load a further assignment package (e.g. the defense stage)."""
        if self.session is None:
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择任务包"), "", self.tr("评审任务包 (*.qbrpkg);;所有文件 (*)")
        )
        if not chosen:
            return
        passphrase, ok = QInputDialog.getText(
            self,
            self.tr("导入任务包"),
            self.tr("请输入随任务包另行发给您的一次性口令："),
        )
        if not ok:
            return
        if self.form is not None:
            self.form.flush()
        try:
            result = import_package(self.session.store, Path(chosen), passphrase.strip())
        except UserError as exc:
            QMessageBox.warning(self, self.tr("未导入任务包"), render(exc.text))
            return
        QMessageBox.information(self, self.tr("导入任务包"), render(result.message))
        if result.changed:
            self.reload_session()

    def reload_session(self) -> None:
        """Show the store afresh (after an import changed it), back where the expert was."""
        session, location = self.session, self.location()
        if session is None:
            return
        self.close_session_widgets()
        self.open_session(session)
        if location is not None:
            self.restore_location(location)
        self.group.refresh()
        self.chair.refresh()

    def _flush_form(self) -> None:
        if self.form is not None:
            self.form.flush()

    # -- finding ---------------------------------------------------------------------

    def find_in_document(self) -> None:
        """Ctrl+F: find within the document shown (the document tabs own the find bar)."""
        self.documents.start_find()

    def show_search(self) -> None:
        """Ctrl+Shift+F: search every assigned dossier."""
        if self.session is None:
            return
        if self.search_dialog is None:
            self.search_dialog = SearchDialog(self.session.search, self)
            self.search_dialog.hit_chosen.connect(self.open_hit)
        self.search_dialog.show()
        self.search_dialog.raise_()
        self.search_dialog.activateWindow()
        self.search_dialog.focus_query()

    def show_compare(self) -> CompareDialog | None:
        """Open the current dossier beside another one, to calibrate scores between them."""
        current = self.dossiers.current_id()
        if self.session is None or current is None:
            return None
        dialog = CompareDialog(self.documents.renderer, self.session.service, current, self)
        dialog.view.citation_requested.connect(self._cite)
        dialog.show()
        return dialog

    def open_hit(self, dossier_id: str, document_id: str, page: int, query: str) -> None:
        """Open a search hit: its dossier, document and page, with the hit highlighted."""
        if self.dossiers.current_id() != dossier_id:
            self.dossiers.select(dossier_id)
        self.documents.open_page(document_id, page, highlight=query)

    # -- closing ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save everything pending, remember the layout, close the store."""
        self.preferences.set_geometry(self.saveGeometry())
        self.preferences.set_splitter(self.splitter.saveState())
        self.preferences.sync()
        self.close_session()
        super().closeEvent(event)


__all__ = ["Location", "MainWindow", "UnlockedSession"]
