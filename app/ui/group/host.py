"""Where the main window keeps the leader's window (see :mod:`app.ui.window_host`).

The window is opened only for a group leader: only they consolidate their group's
sheets. The main window has it read the store again after changing it (the leader's own
sheet exported) and closes it before locking, which saves the comment being typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.models.round import Role
from app.ui.group.group_window import GroupWindow
from app.ui.window_host import WindowHost

if TYPE_CHECKING:
    from app.ui.main_window import UnlockedSession


class GroupWindowHost(WindowHost[GroupWindow]):
    """Owns at most one :class:`GroupWindow`, a child window of ``parent``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, GroupWindow, GroupWindowHost.leads)

    @staticmethod
    def leads(session: UnlockedSession | None) -> bool:
        """Whether ``session``'s owner leads a group (only they consolidate)."""
        if session is None:
            return False
        owner = session.service.owner()
        return owner.role is Role.LEADER and owner.group_id is not None
