"""Looks the review windows share: bold titles and captions, read-only sorted tables.

The leader's and the chair's windows are used side by side in the same review, often by
the same people; setting these looks in one place keeps a title, a caption or a table
looking the same in both.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def embolden(widget: QWidget, scale: float = 1.0) -> None:
    """Draw ``widget``'s text bold, ``scale`` times the size (a title: a little larger)."""
    font = widget.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)


def sorted_table(
    model: QAbstractItemModel, column: int, order: Qt.SortOrder, stretch: int
) -> QTableView:
    """A read-only table of whole rows, sorted by ``column``; ``stretch`` takes the spare width.

    The other columns fit their contents; the row numbers are hidden, since a row is a
    dossier or a file, not a position.
    """
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(column, order)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
