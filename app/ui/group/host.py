"""Where the main window keeps its consolidation window: open once, refresh, close on lock.

The main window's session belongs to the main window; this small holder opens the group
window over that session's store only for a group leader, brings the same window back
when asked again, has it read the store afresh after the main window changed it (the
leader's own sheet exported), and closes it before the store locks, so the window never
outlives the keys it reads with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.models.round import Role
from app.ui.group.group_window import GroupWindow

if TYPE_CHECKING:
    from app.ui.main_window import UnlockedSession


class GroupWindowHost(QObject):
    """Owns at most one :class:`GroupWindow`, a child window of ``parent``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.window: GroupWindow | None = None

    @staticmethod
    def leads(session: UnlockedSession | None) -> bool:
        """Whether ``session``'s owner leads a group (only they consolidate)."""
        if session is None:
            return False
        owner = session.service.owner()
        return owner.role is Role.LEADER and owner.group_id is not None

    def show(self, session: UnlockedSession | None) -> GroupWindow | None:
        """Open (or bring forward) the group window over ``session``'s store."""
        if session is None or not self.leads(session):
            return None
        if self.window is None:
            window = GroupWindow(session.store, self._parent)
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
        """Close the window: it saves what is typed and forgets what it showed."""
        window, self.window = self.window, None
        if window is not None:
            window.close()

    def _forget(self, window: GroupWindow) -> None:
        """The user closed the window (it deletes itself): open a new one next time."""
        if self.window is window:
            self.window = None
