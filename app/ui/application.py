"""The composition root of the desktop app: builds every piece and hands it in.

``run`` starts Qt, registers the bundled CJK font, installs the interface language
(Chinese unless English was asked for or chosen last time), and shows the unlock
dialog. Once the store is open, :class:`Workstation` builds the page renderer, the
document tabs, the main window and the locker, and connects them; nothing is global.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import Lang
from app.store.keyring import KdfParams
from app.ui.fonts import install_bundled_font
from app.ui.i18n import LanguageSwitcher
from app.ui.preferences import ORGANISATION, Preferences
from app.ui.unlock_dialog import UnlockDialog

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.documents.renderer import PageRenderer
    from app.ui.lock import Locker
    from app.ui.main_window import MainWindow, UnlockedSession

# What the main window needs and the unlock dialog does not (the store, the documents,
# the scoring form): about a second of imports, done while the user types the passphrase.
AFTER_UNLOCK = (
    "app.store.store",
    "app.scoring.service",
    "app.scoring.search",
    "app.exchange.package_import",
    "app.ui.main_window",
    "app.ui.lock",
    "app.ui.documents.renderer",
)


def preload_after_unlock() -> threading.Thread:
    """Import the main window's modules on a background thread, so the dialog shows at once.

    Only module loading happens there (no widget is created off the UI thread); an import
    on the UI thread that meets a module still loading waits for it under Python's import
    lock, so nothing is ever half-initialised.
    """

    def load() -> None:
        for name in AFTER_UNLOCK:
            importlib.import_module(name)

    thread = threading.Thread(target=load, name="preload", daemon=True)
    thread.start()
    return thread


log = logging.getLogger(__name__)


def default_store_folder() -> Path:
    """Where a first store is suggested: the user's data folder."""
    from platformdirs import user_data_path

    return user_data_path(ORGANISATION) / "store"


def make_session(store: Store) -> UnlockedSession:
    """What the window works on once ``store`` is open."""
    from app.scoring.service import ReviewService
    from app.ui.main_window import UnlockedSession

    return UnlockedSession(store, ReviewService(store))


class Workstation:
    """The running app: unlock first, then the main window with its locker.

    Tests build one with their own preferences file and cheap key derivation and drive
    it exactly as ``run`` does.
    """

    def __init__(
        self,
        app: QApplication,
        preferences: Preferences,
        languages: LanguageSwitcher,
        *,
        kdf: KdfParams | None = None,
    ) -> None:
        self.app = app
        self.preferences = preferences
        self.languages = languages
        self.kdf = kdf
        self.unlock_dialog: UnlockDialog | None = None
        self.renderer: PageRenderer | None = None
        self.window: MainWindow | None = None
        self.locker: Locker | None = None
        app.aboutToQuit.connect(self.shutdown)

    def start(self, store_path: Path | None) -> UnlockDialog:
        """Ask for the passphrase (or guide a first run); the main window follows."""
        dialog = UnlockDialog(
            store_path or self.preferences.last_store(),
            kdf=self.kdf,
            default_folder=default_store_folder(),
        )
        dialog.unlocked.connect(self._unlocked)
        dialog.rejected.connect(self.app.quit)
        self.unlock_dialog = dialog
        dialog.show()
        return dialog

    def _unlocked(self, store: object) -> None:
        from app.store.store import Store
        from app.ui.documents import DocumentTabs
        from app.ui.documents.renderer import PageRenderer
        from app.ui.lock import Locker
        from app.ui.main_window import MainWindow

        assert isinstance(store, Store) and self.unlock_dialog is not None
        store_path = self.unlock_dialog.store_path() or store.path
        self.unlock_dialog.deleteLater()
        self.unlock_dialog = None
        self.preferences.set_last_store(store_path)
        self.renderer = PageRenderer()
        window = MainWindow(DocumentTabs(self.renderer), self.preferences, self.languages)
        self.locker = Locker(
            self.app,
            window,
            store_path,
            make_session,
            idle_minutes=self.preferences.idle_minutes(),
            kdf=self.kdf,
        )
        self.window = window
        window.open_session(make_session(store))
        window.show()

    def shutdown(self) -> None:
        """Stop the locker and the document worker (the window has saved on closing)."""
        if self.window is not None and self.window.session is not None:
            self.window.close_session()
        if self.locker is not None:
            self.locker.shutdown()
        if self.renderer is not None:
            self.renderer.shutdown()
            self.renderer = None


def choose_language(asked: str, preferences: Preferences) -> Lang:
    """English when asked for (``--lang en``), else the language chosen last, else Chinese."""
    if asked == "en":
        return "en"
    return preferences.language() or "zh"


def _log_uncaught(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """A bug: log it with its traceback and tell the user in one line, then carry on."""
    log.error("unexpected error in the desktop app", exc_info=(kind, error, trace))
    QMessageBox.critical(
        None,
        QApplication.translate("Workstation", "内部错误"),
        QApplication.translate(
            "Workstation", "发生了意外错误，已记录在日志中。已保存的内容不受影响。"
        ),
    )


def run(store_path: Path | None, lang: str) -> int:
    """Open the desktop app on ``store_path`` (or the store used last); the exit status."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName("workstation")
    install_bundled_font(app)
    preferences = Preferences.for_user()
    languages = LanguageSwitcher(app)
    languages.set_language(choose_language(lang, preferences))
    sys.excepthook = _log_uncaught
    workstation = Workstation(app, preferences, languages)
    workstation.start(store_path)
    preload_after_unlock()
    return int(app.exec())
