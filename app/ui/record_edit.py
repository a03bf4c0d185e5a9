"""An undoable change of a review record, for the scoring form's ``QUndoStack``.

Each command holds the whole record before and after the change (records are small
frozen values), so undo and redo simply show one or the other again. Consecutive
typing in the same text box merges into one step, as in any editor.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.scoring.record import ReviewRecord

NO_MERGE = -1


class RecordEdit(QUndoCommand):
    """Replace the record shown by the form with ``after`` (undo: with ``before``)."""

    def __init__(
        self,
        apply: Callable[[ReviewRecord], None],
        before: ReviewRecord,
        after: ReviewRecord,
        text: str,
        merge_id: int = NO_MERGE,
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self.before = before
        self.after = after
        self._merge_id = merge_id

    def id(self) -> int:
        """Edits of one text field share an id so that typing merges into one step."""
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb the next keystroke in the same field."""
        if not isinstance(other, RecordEdit) or other.id() != self._merge_id:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        """Show (and so save) the record after the change."""
        self._apply(self.after)

    def undo(self) -> None:
        """Show (and so save) the record before the change."""
        self._apply(self.before)
