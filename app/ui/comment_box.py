"""A comment box (评语框) that holds evidence citations and opens them on a click.

Citations are plain text (``app.scoring.citations``); the box recognises them again, so
a click inside one opens that page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QMouseEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.scoring.citations import citation_at, citation_text

__all__ = ["CommentBox", "citation_at", "citation_text"]


class CommentBox(QPlainTextEdit):
    """Plain-text comment entry: Tab moves on, Ctrl+Z belongs to the form, citations open.

    ``focused`` tells the form which comment a new citation goes into;
    ``citation_clicked`` carries the cited document's name and page (1-based).
    """

    focused = Signal()
    citation_clicked = Signal(str, int)

    def __init__(self, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)  # the form's undo stack owns Ctrl+Z
        self.setFixedHeight(height)  # the box scrolls; the form around it stays put

    def set_text_quietly(self, text: str) -> None:
        """Show ``text`` from the record without announcing it as an edit."""
        if self.toPlainText() != text:
            self.blockSignals(True)
            self.setPlainText(text)
            self.moveCursor(self.textCursor().MoveOperation.End)
            self.blockSignals(False)

    def insert_citation(self, document_name: str, page: int, quote: str) -> None:
        """Insert a citation at the cursor (an ordinary, undoable edit)."""
        self.insertPlainText(citation_text(document_name, page, quote))

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Remember this box as the one citations go into."""
        self.focused.emit()
        super().focusInEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click (not a selection) inside a citation asks to open the cited page."""
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        cursor = self.cursorForPosition(event.position().toPoint())
        found = citation_at(cursor.block().text(), cursor.positionInBlock())
        if found is not None:
            self.citation_clicked.emit(*found)
