"""The entry of one aspect's score: a spin-box-like field that only ever holds a valid score.

A ``QDoubleSpinBox`` silently clamps or rounds what the expert typed and cannot be empty;
here an entry that is out of range or off the scheme's step is refused with the reason
(from the scheme itself) and the field goes back to the last valid score.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QEvent, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from app.models.scheme import Scheme
from app.ui.i18n import render

UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def format_score(value: Decimal | None) -> str:
    """``12.5``, ``15``; empty for no score."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class ScoreEntry(QLineEdit):
    """Typed score of one aspect; Up/Down step by the scheme's step; empty means no score.

    ``committed`` carries the new valid score (``Decimal`` or ``None``) when the user
    finishes an entry; ``refused`` carries the reason an entry was not taken.
    """

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, scheme: Scheme, aspect_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scheme = scheme
        self._aspect = scheme.aspect(aspect_key)
        self._value: Decimal | None = None
        self.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^\d{0,3}([.,]\d{0,3})?$"), self)
        )
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("000.0") + 24)
        self.setPlaceholderText("—")
        self.editingFinished.connect(self.commit)

    @property
    def aspect_key(self) -> str:
        """The aspect this entry scores."""
        return self._aspect.key

    def score(self) -> Decimal | None:
        """The last valid score held (``None``: not scored yet)."""
        return self._value

    def set_score(self, value: Decimal | None) -> None:
        """Show ``value`` without announcing it (it came from the record, not the user)."""
        self._value = value
        if self.text() != format_score(value):
            self.setText(format_score(value))

    def commit(self) -> None:
        """Take the typed text if it is a valid score; otherwise say why and go back."""
        text = self.text().strip().replace(",", ".")
        if text == format_score(self._value):
            return
        if not text:
            self._value = None
            self.committed.emit(None)
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal(-1)
        problem = self._scheme.check_score(self._aspect.key, value)
        if problem is not None:
            self.setText(format_score(self._value))
            self.refused.emit(render(problem))
            return
        value = value.normalize() if value != value.to_integral() else value.quantize(Decimal(1))
        self._value = value
        self.setText(format_score(value))
        self.committed.emit(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up and Down step the score by the scheme's step, within the aspect's points."""
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = self._scheme.step if event.key() == Qt.Key.Key_Up else -self._scheme.step
            base = self._value if self._value is not None else Decimal(0)
            value = min(max(base + step, Decimal(0)), self._aspect.points)
            self.setText(format_score(value))
            self.commit()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        """Leave Ctrl+Z / Ctrl+Shift+Z to the form's undo stack instead of the line's own."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and any(event.matches(key) for key in UNDO_KEYS)
        ):
            event.ignore()
            return False
        return super().event(event)
