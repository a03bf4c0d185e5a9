"""The chair's decision on one dossier (主任委员调整): on or off the list, and why.

The list starts as what the groups sent. The chair may put a dossier on or take it off,
but only with a written reason that travels in the signed list; undoing a change needs
no reason. The button says what it will do (列入名单 / 调出名单 / 撤销调整), so there is
no check box to misread, and a refusal is shown in place, in the current language, with
nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.chair.table import ChairLine
from app.errors import UserError
from app.ui.group.figures import ALERT, CHANGED, ON_LIST
from app.ui.i18n import render
from app.ui.looks import embolden

ChangeList = Callable[[str, bool, str], ChairLine]
"""Puts a dossier on or off the chair's list with a reason (``ChairService.change``)."""


class ChairDecisionBox(QWidget):
    """Where the dossier stands, the reason box and the one button that changes it.

    ``changed`` carries the dossier id after a decision was stored or withdrawn.
    """

    changed = Signal(str)

    def __init__(self, change: ChangeList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._change = change
        self._line: ChairLine | None = None
        self._said: tuple[Callable[[], str], str] | None = None  # the message, its colour
        self.caption = QLabel()
        embolden(self.caption)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAcceptDrops(False)  # files dropped here are reports for the window
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4 + 12)
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self.apply)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.state)
        layout.addWidget(self.reason)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.show_line(None)

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Apply the current language (a message shown is re-rendered too)."""
        self.caption.setText(self.tr("主任委员决定"))
        line = self._line
        self.reason.setPlaceholderText(
            self.tr("调整理由（必填，将写入签署的名单）")
            if line is None or not line.changed
            else self.tr("撤销调整无需理由")
        )
        self.apply_button.setText(self.action_text())
        self.state.setText(self._state_text())
        if self._said is not None:
            text, colour = self._said
            self.message.setText(text())
            self.message.setStyleSheet(f"color: {colour};")

    def action_text(self) -> str:
        """What the button will do to the dossier shown."""
        line = self._line
        if line is not None and line.changed:
            return self.tr("撤销调整")
        if line is not None and line.included:
            return self.tr("调出名单")
        return self.tr("列入名单")

    def show_line(self, line: ChairLine | None) -> None:
        """Show the decision on ``line``; a message about the same dossier stays up."""
        same = (
            line is not None and self._line is not None and line.dossier_id == self._line.dossier_id
        )
        self._line = line
        if not same:
            self._said = None
            self.message.hide()
            decision = line.decision if line is not None and line.changed else None
            self.reason.setPlainText(decision.reason if decision is not None else "")
        for widget in (self.reason, self.apply_button):
            widget.setEnabled(line is not None)
        self.reason.setReadOnly(line is not None and line.changed)
        self.retranslate()

    def apply(self) -> None:
        """Do what the button says; a refusal is shown here and changes nothing."""
        line = self._line
        if line is None:
            return
        if line.changed:
            included, reason = line.proposed, ""
        else:
            included, reason = not line.included, self.reason.toPlainText()
        try:
            after = self._change(line.dossier_id, included, reason)
        except UserError as exc:
            refusal = exc.text
            self._say(lambda: render(refusal), ALERT)
            return
        if after.changed:
            self._say(lambda: self.tr("已记录调整及理由，将写入签署的名单。"), CHANGED)
        else:
            self.reason.setPlainText("")
            self._say(lambda: self.tr("已撤销调整，恢复为该组报送的结果。"), ON_LIST)
        self.changed.emit(line.dossier_id)

    def _state_text(self) -> str:
        line = self._line
        if line is None:
            return ""
        proposed = (
            self.tr("该组报送：在名单上。") if line.proposed else self.tr("该组报送：不在名单上。")
        )
        if not line.changed or line.decision is None:
            return proposed
        done = (
            self.tr("主任委员已调入：{reason}")
            if line.included
            else self.tr("主任委员已调出：{reason}")
        )
        return proposed + " " + done.format(reason=line.decision.reason)

    def _say(self, text: Callable[[], str], colour: str) -> None:
        self._said = (text, colour)
        self.message.show()
        self.retranslate()
