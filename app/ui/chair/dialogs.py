"""The questions the chair's actions ask: which files, where to save, are you sure.

Kept behind one small object so the actions read as the steps they take, and so a test
(or a future non-native dialog) can hand in its own answers instead of a native dialog
that would block: replace the window's ``exchange.dialogs`` with a subclass.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class ChairDialogs(QObject):
    """Native file dialogs and message boxes over ``parent``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent

    def open_files(self, title: str, folder: str, filters: str) -> list[Path]:
        """Files the chair chose (none: cancelled)."""
        chosen, _filter = QFileDialog.getOpenFileNames(self._parent, title, folder, filters)
        return [Path(name) for name in chosen]

    def open_folder(self, title: str, folder: str) -> Path | None:
        """A folder the chair chose, or ``None``."""
        chosen = QFileDialog.getExistingDirectory(self._parent, title, folder)
        return Path(chosen) if chosen else None

    def save_file(self, title: str, suggested: Path, filters: str) -> Path | None:
        """Where to write, or ``None``."""
        chosen, _filter = QFileDialog.getSaveFileName(self._parent, title, str(suggested), filters)
        return Path(chosen) if chosen else None

    def confirm(self, title: str, text: str, details: str, accept: str) -> bool:
        """Whether the chair confirms; ``accept`` names the button that goes ahead."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self._parent)
        box.setInformativeText(details)
        go = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    def inform(self, title: str, text: str) -> None:
        """Say what was done."""
        QMessageBox.information(self._parent, title, text)

    def warn(self, title: str, text: str) -> None:
        """Say why something was not done."""
        QMessageBox.warning(self._parent, title, text)
