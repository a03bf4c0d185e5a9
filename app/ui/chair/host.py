"""Where the main window keeps the chair's window (see :mod:`app.ui.window_host`).

The window is opened only when the store's owner is the committee chair: only they
settle the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.models.round import Role
from app.ui.chair.chair_window import ChairWindow
from app.ui.window_host import WindowHost

if TYPE_CHECKING:
    from app.ui.main_window import UnlockedSession


class ChairWindowHost(WindowHost[ChairWindow]):
    """Owns at most one :class:`ChairWindow`, a child window of ``parent``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, ChairWindow, ChairWindowHost.chairs)

    @staticmethod
    def chairs(session: UnlockedSession | None) -> bool:
        """Whether ``session``'s owner is the committee chair (only they settle the list)."""
        return session is not None and session.service.owner().role is Role.CHAIR
