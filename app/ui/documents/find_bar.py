"""The find bar (Ctrl+F) under a document: a query, previous/next and an "3/17" counter.

It only collects what the user wants and shows where the search stands; the pane that
owns it runs the search (in the worker for PDFs, in the text document for Word files).
Typing searches after a short pause, so each keystroke does not start a search.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

DEBOUNCE_MS = 250


class FindBar(QWidget):
    """Query field, previous/next buttons, counter and close button."""

    query_changed = Signal(str)  # after the user paused typing ("" clears)
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(180)
        self.previous_button = QToolButton()
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.counter = QLabel()
        self.counter.setMinimumWidth(72)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.counter)
        layout.addWidget(self.close_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit_query)
        self._last = ""
        self.field.textChanged.connect(self._text_edited)
        self.field.installEventFilter(self)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.close_button.clicked.connect(self.close_bar)
        self._retranslate()

    def query(self) -> str:
        """The text searched for, trimmed."""
        return self.field.text().strip()

    def open_bar(self, text: str | None = None) -> None:
        """Show the bar with the query selected, ready to type over."""
        self.show()
        if text is not None and text != self.field.text():
            self.field.setText(text)
            self._emit_query()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        """Hide the bar; the owner clears the highlights."""
        self.hide()
        self.closed.emit()

    def set_status(self, current: int, total: int, searching: bool) -> None:
        """Show "3/17" (current is 0-based, -1 for none), "…" while searching, or no hits."""
        if not self.query():
            self.counter.setText("")
        elif total == 0:
            self.counter.setText(self.tr("正在查找…") if searching else self.tr("无结果"))
        else:
            suffix = "…" if searching else ""
            self.counter.setText(f"{current + 1 if current >= 0 else 0}/{total}{suffix}")
        self.previous_button.setEnabled(total > 0)
        self.next_button.setEnabled(total > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter finds the next hit, Shift+Enter the previous, Esc closes."""
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._emit_query()
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previous_requested.emit()
                else:
                    self.next_requested.emit()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.matches(QKeySequence.StandardKey.FindNext):
                self.next_requested.emit()
                return True
            if event.matches(QKeySequence.StandardKey.FindPrevious):
                self.previous_requested.emit()
                return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("在本文件中查找"))
        self.previous_button.setToolTip(self.tr("上一个（Shift+Enter）"))
        self.next_button.setToolTip(self.tr("下一个（Enter）"))
        self.close_button.setToolTip(self.tr("关闭查找（Esc）"))

    def _text_edited(self, text: str) -> None:
        self._timer.start()

    def _emit_query(self) -> None:
        """Emit the query if it changed since the last time (Enter does not restart it)."""
        self._timer.stop()
        query = self.query()
        if query != self._last:
            self._last = query
            self.query_changed.emit(query)
