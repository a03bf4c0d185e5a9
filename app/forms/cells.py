"""Reading one dossier's row of a returned form, cell by cell, into what it sets or clears.

Every cell is judged on its own and every problem is kept, so the expert gets the
whole list at once instead of fixing one cell per import. Formula cells (subtotals,
total) are never read: the app recomputes what it can derive.

An empty cell that held something at export means the expert deleted it, and the
value is cleared; an empty cell that was empty then changes nothing. Cells of a
回避 row may only hold the 回避 mark or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.errors import Text
from app.forms.layout import CONFLICT_MARK, NO, SCORES_SHEET, YES, Column, ColumnKind, FormLayout
from app.forms.metadata import MetaDossier
from app.forms.model import FormDossier, FormEntry, FormProblem
from app.models.round import Stage
from app.models.scheme import Scheme

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class RowContext:
    """What judging a row needs besides its cells."""

    scheme: Scheme
    stage: Stage
    layout: FormLayout
    dossier: FormDossier
    exported: MetaDossier
    conflicted: bool  # in the store now


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_row(cells: tuple[Any, ...], context: RowContext) -> tuple[FormEntry, list[FormProblem]]:
    """The entry a row makes, and the problems of its cells (the entry is void if any)."""
    problems: list[FormProblem] = []
    scores: dict[str, Decimal | None] = {}
    comments: dict[str, str] = {}
    overall: str | None = None
    recommendation: bool | None = None
    sets_recommendation = False
    for column in context.layout.inputs:
        cell = cells[column.index - 1]
        found = _judge(cell, column, context)
        if isinstance(found, Text):
            problems.append(FormProblem(found, SCORES_SHEET, cell.row, column.letter))
            continue
        if found is _LEAVE:
            continue
        if column.kind is ColumnKind.SCORE and column.subject is not None:
            scores[column.subject] = None if found is _CLEAR else _checked(found)
        elif column.kind is ColumnKind.RECOMMENDATION:
            sets_recommendation = True
            recommendation = None if found is _CLEAR else found == YES
        elif column.kind is ColumnKind.OVERALL:
            overall = "" if found is _CLEAR else _words(found)
        elif column.kind is ColumnKind.PAIR_COMMENT and column.subject is not None:
            comments[column.subject] = "" if found is _CLEAR else _words(found)
    entry = FormEntry(
        dossier=context.dossier,
        exported_updated_at=context.exported.updated_at,
        scores=scores,
        pair_comments=comments,
        overall_comment=overall,
        recommendation=recommendation,
        sets_recommendation=sets_recommendation,
    )
    return entry, problems


class _Mark:
    """A cell that leaves its field alone, or clears it."""


_LEAVE, _CLEAR = _Mark(), _Mark()


def _judge(cell: Any, column: Column, context: RowContext) -> object:
    """The cell's valid value, ``_LEAVE``, ``_CLEAR``, or the problem with it (a ``Text``)."""
    if cell.data_type == "f":
        return Text(
            "此处应直接填写内容，不能是公式。", "This cell must hold a value, not a formula."
        )
    raw = cell.value
    if isinstance(raw, str) and raw.strip() == CONFLICT_MARK:
        if context.exported.conflict or context.conflicted:
            return _LEAVE
        return Text(
            "表格中不能声明回避；如需回避，请在工作站中“声明回避”，然后重新导出表格。",
            "A conflict cannot be declared in the form; declare it in the workstation and "
            "export the form again.",
        )
    if is_blank(raw):
        if context.conflicted or column.key not in context.exported.filled:
            return _LEAVE
        return _CLEAR
    if context.conflicted:
        return Text(
            "这份申报材料已回避，不能评分、填写评语或推荐意见；请清空此单元格，"
            "或先在工作站中撤销回避。",
            "This dossier is under a declared conflict and cannot be scored, commented on or "
            "recommended; empty this cell, or withdraw the conflict in the workstation first.",
        )
    if column.kind is ColumnKind.SCORE:
        return _score_problem(raw, column, context) or raw
    if column.kind is ColumnKind.RECOMMENDATION:
        answer = unicodedata.normalize("NFKC", raw).strip() if isinstance(raw, str) else None
        if answer in (YES, NO):
            return answer
        question = context.stage.recommendation
        return Text(
            f"“{question}”应填“{YES}”或“{NO}”，而不是“{raw}”。",
            f"Whether to recommend must be “{YES}” (yes) or “{NO}” (no), not “{raw}”.",
        )
    return raw


def _number(raw: object) -> Decimal | None:
    """A score as typed or stored by Excel, or ``None`` when it is not a number."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        value = Decimal(repr(raw))
    elif isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip()
        if not _NUMBER.fullmatch(text):
            return None
        value = Decimal(text)
    else:
        return None
    return value if value.is_finite() else None


def _score_problem(raw: object, column: Column, context: RowContext) -> Text | None:
    aspect = context.scheme.aspect(str(column.subject))
    value = _number(raw)
    if value is None:
        return Text(
            f"{aspect.name}的分数应为数字，而不是“{raw}”。",
            f"{aspect.name_en} must be a number, not “{raw}”.",
        )
    return context.scheme.check_score(aspect.key, value)


def _checked(raw: object) -> Decimal:
    value = _number(raw)
    assert value is not None  # _judge refused anything else
    return value


def _words(raw: object) -> str:
    """A comment as the store keeps it; a number typed into a comment is its text."""
    text = raw if isinstance(raw, str) else str(raw)
    return text.replace("\r\n", "\n").replace("\r", "\n")
