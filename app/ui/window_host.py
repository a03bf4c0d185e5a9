"""Where the main window keeps a review window: open once, refresh, close on lock.

The main window's session belongs to the main window; a host opens its review window
(the leader's consolidation, the chair's review) over that session's store only for the
role the window is for, brings the same window back when asked again, has it read the
store afresh after the main window changed it, and closes it before the store locks, so
the window never outlives the keys it reads with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.main_window import UnlockedSession


class ReviewWindow(QWidget):
    """A separate window over the main window's store that a :class:`WindowHost` keeps.

    It deletes itself when closed — the host learns of it from ``destroyed`` and opens a
    new one next time — and reads the store again on :meth:`refresh`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def refresh(self) -> None:
        """Read the store again (each window knows what it shows)."""
        raise NotImplementedError


W = TypeVar("W", bound=ReviewWindow)


class WindowHost(QObject, Generic[W]):
    """Owns at most one window made by ``open_window``, a child window of ``parent``.

    ``admits`` says whether a session's owner is the one the window is for.
    """

    def __init__(
        self,
        parent: QWidget,
        open_window: Callable[[Store, QWidget], W],
        admits: Callable[[UnlockedSession | None], bool],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._open_window = open_window
        self._admits = admits
        self.window: W | None = None

    def show(self, session: UnlockedSession | None) -> W | None:
        """Open (or bring forward) the window over ``session``'s store."""
        if session is None or not self._admits(session):
            return None
        if self.window is None:
            window = self._open_window(session.store, self._parent)
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
        """Close the window: it forgets what it showed (the leader's saves the comment first)."""
        window, self.window = self.window, None
        if window is not None:
            window.close()

    def _forget(self, window: W) -> None:
        """The user closed the window (it deletes itself): open a new one next time."""
        if self.window is window:
            self.window = None
