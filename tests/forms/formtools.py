"""Filling in an exported form the way an expert would, and looking at a store's state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import func, select

from app.forms.layout import FIRST_ROW, HEADER_ROW, SCORES_SHEET
from app.scoring.record import ReviewRecord
from app.scoring.service import ReviewService
from app.store.schema import AuditRow
from app.store.store import Store


class FilledForm:
    """An exported form opened with openpyxl, addressed by 序号 and header text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = openpyxl.load_workbook(path)
        self.sheet = self.book[SCORES_SHEET]

    def column(self, header_start: str) -> str:
        """The letter of the column whose header starts with ``header_start``."""
        for cell in self.sheet[HEADER_ROW]:
            if isinstance(cell.value, str) and cell.value.startswith(header_start):
                return str(cell.column_letter)
        raise KeyError(header_start)

    def row(self, seq: int) -> int:
        for number in range(FIRST_ROW, self.sheet.max_row + 1):
            if self.sheet.cell(row=number, column=1).value == seq:
                return number
        raise KeyError(seq)

    def cell(self, seq: int, header_start: str) -> Any:
        return self.sheet[f"{self.column(header_start)}{self.row(seq)}"]

    def put(self, seq: int, header_start: str, value: object) -> str:
        """Type ``value`` into a cell; its coordinate comes back."""
        cell = self.cell(seq, header_start)
        cell.value = value
        return str(cell.coordinate)

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        self.book.save(target)
        return target


def audit_count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)


def snapshot(service: ReviewService) -> dict[str, ReviewRecord]:
    """Every record of the owner's dossiers, to compare before and after a refusal."""
    return {d.id: service.record(d.id) for d in service.dossiers()}


def every_cell_text(path: Path) -> str:
    """All cell values of all sheets, hidden ones included, as one string."""
    book = openpyxl.load_workbook(path)
    parts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(value) for value in row if value is not None)
    return "\n".join(parts)
