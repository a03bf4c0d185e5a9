"""The group's consensus comment (合议意见) on one dossier, saved without a save button.

Like the expert's comments, the text reaches the store shortly after the last keystroke
and at once when the field loses focus, another dossier is chosen or the window closes,
so nothing typed during the group's discussion waits for the leader to remember saving.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.errors import UserError
from app.ui.group.figures import ALERT
from app.ui.i18n import render
from app.ui.looks import embolden

SAVE_DELAY_MS = 800
SaveConsensus = Callable[[str, str], str]
"""Stores a dossier's consensus text and returns it as kept (``GroupService.set_consensus``)."""


class ConsensusEditor(QWidget):
    """A caption, the text box and a line saying whether it is saved.

    ``saved`` carries the dossier id and the text as stored.
    """

    saved = Signal(str, str)

    def __init__(self, save: SaveConsensus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._dossier_id: str | None = None
        self._stored = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.flush)
        self.caption = QLabel()
        embolden(self.caption)
        self.box = QPlainTextEdit()
        self.box.setTabChangesFocus(True)
        self.box.setAcceptDrops(False)  # files dropped here are sheets for the window
        self.box.textChanged.connect(self._edited)
        self.box.installEventFilter(self)
        self.state = QLabel()
        self.state.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.box, 1)
        layout.addWidget(self.state)
        self.retranslate()
        self.show_dossier(None, "")

    def retranslate(self) -> None:
        """Apply the current language."""
        self.caption.setText(self.tr("合议意见"))
        self.box.setPlaceholderText(
            self.tr("全组讨论后形成的意见，写入组评审报告；输入后自动保存。")
        )

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_dossier(self, dossier_id: str | None, text: str) -> None:
        """Edit ``dossier_id``'s comment (saving the one shown before); ``None``: nothing."""
        if dossier_id == self._dossier_id and self.box.toPlainText() != self._stored:
            return  # the same dossier redrawn mid-edit: keep what is being typed
        self.flush()
        self._dossier_id, self._stored = dossier_id, text
        self.box.blockSignals(True)
        self.box.setPlainText(text)
        self.box.blockSignals(False)
        self.box.setEnabled(dossier_id is not None)
        self._say("")

    def flush(self) -> None:
        """Save the text now if it differs from what is stored."""
        self.timer.stop()
        if self._dossier_id is None:
            return
        text = self.box.toPlainText()
        if text.strip() == self._stored.strip():
            return
        try:
            kept = self._save(self._dossier_id, text)
        except UserError as exc:
            self._say(render(exc.text), error=True)
            return
        self._stored = kept
        stamp = datetime.now().strftime("%H:%M:%S")
        self._say(self.tr("已保存 {time}").format(time=stamp))
        self.saved.emit(self._dossier_id, kept)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leaving the text box saves at once."""
        if watched is self.box and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def _edited(self) -> None:
        self._say(self.tr("正在编辑…"))
        self.timer.start()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.state.setText(text)
        self.state.setStyleSheet(
            f"color: {ALERT};" if error else "color: palette(placeholder-text);"
        )
