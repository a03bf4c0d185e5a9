"""Locking (锁定): on request (Ctrl+L) or after a spell without input.

Locking saves what is pending, closes the store (its connections hold the only copies
of the keys), clears every widget showing confidential text, and asks for the
passphrase again. Unlocking reopens the store and goes back to the same dossier,
document and page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from app.store.keyring import KdfParams
from app.store.store import Store
from app.ui.main_window import Location, MainWindow, UnlockedSession
from app.ui.unlock_dialog import UnlockDialog

log = logging.getLogger(__name__)

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class Locker(QObject):
    """Watches for input, locks the main window when idle or asked, and unlocks it.

    ``make_session`` turns an unlocked store into the session the window works on (the
    composition root decides what that holds). ``locked``/``unlocked`` tell the rest.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        app: QCoreApplication,
        window: MainWindow,
        store_path: Path,
        make_session: Callable[[Store], UnlockedSession],
        *,
        idle_minutes: int,
        kdf: KdfParams | None = None,
    ) -> None:
        super().__init__(window)
        self._app = app
        self._window = window
        self._store_path = store_path
        self._make_session = make_session
        self._kdf = kdf
        self._location: Location | None = None
        self.dialog: UnlockDialog | None = None
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.set_idle_minutes(idle_minutes)
        window.lock_requested.connect(self.lock)
        window.idle_minutes_changed.connect(self.set_idle_minutes)
        app.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        """Whether the store is closed and the passphrase is being asked for."""
        return self.dialog is not None

    def set_idle_minutes(self, minutes: int) -> None:
        """Lock after ``minutes`` without keyboard or mouse input."""
        self.idle_timer.setInterval(max(1, minutes) * 60_000)
        if not self.is_locked:
            self.idle_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input restarts the idle countdown (input is never consumed here)."""
        if event.type() in INPUT_EVENTS and not self.is_locked:
            self.idle_timer.start()
        return False

    def lock(self) -> None:
        """Save, close the store, hide everything confidential and ask for the passphrase."""
        if self.is_locked:
            return
        self.idle_timer.stop()
        self._location = self._window.close_session()
        log.info("workstation locked")
        self.dialog = UnlockDialog(
            self._store_path, locked=True, kdf=self._kdf, parent=self._window
        )
        self.dialog.unlocked.connect(self._unlocked)
        self.dialog.rejected.connect(self._window.close)
        self.locked.emit()
        self.dialog.open()

    def _unlocked(self, store: object) -> None:
        assert isinstance(store, Store)
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self._window.open_session(self._make_session(store))
        if self._location is not None:
            self._window.restore_location(self._location)
        self.idle_timer.start()
        self.unlocked.emit()

    def shutdown(self) -> None:
        """Stop watching input (the application is closing)."""
        self.idle_timer.stop()
        self._app.removeEventFilter(self)
