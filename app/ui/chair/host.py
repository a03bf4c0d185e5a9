"""Where the main window keeps the chair's window: open once, refresh, close on lock.

The main window's session belongs to the main window; this small holder opens the
chair's window over that session's store only when the store's owner is the committee
chair, brings the same window back when asked again, and closes it before the store
locks, so the window never outlives the keys it reads with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.models.round import Role
from app.ui.chair.chair_window import ChairWindow

if TYPE_CHECKING:
    from app.ui.main_window import UnlockedSession


class ChairWindowHost(QObject):
    """Owns at most one :class:`ChairWindow`, a child window of ``parent``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.window: ChairWindow | None = None

    @staticmethod
    def chairs(session: UnlockedSession | None) -> bool:
        """Whether ``session``'s owner is the committee chair (only they settle the list)."""
        return session is not None and session.service.owner().role is Role.CHAIR

    def show(self, session: UnlockedSession | None) -> ChairWindow | None:
        """Open (or bring forward) the chair's window over ``session``'s store."""
        if session is None or not self.chairs(session):
            return None
        if self.window is None:
            window = ChairWindow(session.store, self._parent)
            window.destroyed.connect(lambda: self._forget(window))
            self.window = window
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window

    def refresh(self) -> None:
        """Have an open window read the store again."""
        if self.window is not None:
            self.window.refresh()

    def close(self) -> None:
        """Close the window: it forgets what it showed."""
        window, self.window = self.window, None
        if window is not None:
            window.close()

    def _forget(self, window: ChairWindow) -> None:
        """The user closed the window (it deletes itself): open a new one next time."""
        if self.window is window:
            self.window = None
