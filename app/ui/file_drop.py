"""Files and folders dropped on a review window, handed to the window's import.

The leader's and the chair's windows both take signed files the way a file manager gives
them: dragged out of it and dropped anywhere on the window. Only local files and folders
count (a link from a browser is not a file that can be verified), and the import runs
after the drop has returned, so the file manager is not held while the files are checked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget


class FileDrop(QObject):
    """Makes ``window`` take drops of local files and folders and hands them to ``take``.

    An event filter rather than overridden drag handlers, so each window states in one
    line what a drop does instead of repeating the three handlers.
    """

    def __init__(self, window: QWidget, take: Callable[[Sequence[Path]], object]) -> None:
        super().__init__(window)
        self._take = take
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Answer the drag (local files only) and import on the drop; pass other events."""
        if not isinstance(event, QDropEvent):  # drag enter and drag move events are drop events
            return False
        kind = event.type()
        paths = dropped_paths(event)
        if kind == QEvent.Type.DragEnter:
            if paths:
                event.acceptProposedAction()
            else:
                event.ignore()
        elif kind == QEvent.Type.DragMove:
            if paths:  # keep accepting over every part of the window
                event.acceptProposedAction()
        elif kind == QEvent.Type.Drop:
            if not paths:
                event.ignore()
                return True
            event.acceptProposedAction()
            QTimer.singleShot(0, self, lambda: self._take(paths))
        else:
            return False
        return True


def dropped_paths(event: QDropEvent) -> list[Path]:
    """The local files and folders an event carries; none unless every one is local."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    urls = mime.urls()
    if not urls or not all(url.isLocalFile() for url in urls):
        return []
    return [Path(url.toLocalFile()) for url in urls]
