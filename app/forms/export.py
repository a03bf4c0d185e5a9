"""Export the offline form (评审表格): the expert's dossiers as an Excel workbook to fill in.

Many experts would rather score in Excel on a train than in the app. The workbook
makes that safe to bring back: scores are checked by data validation as they are
typed, fixed cells are locked, 回避 rows cannot be filled, and a hidden sheet says
where the form came from. Private notes never go into it: the file leaves the
encrypted store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from app.errors import InputRefused, Text
from app.forms.guidance import FormHeading, write_guidance
from app.forms.layout import (
    CONFLICT_MARK,
    FIRST_ROW,
    GUIDE_SHEET,
    HEADER_ROW,
    NO,
    SCORES_SHEET,
    TITLE_ROW,
    YES,
    Column,
    ColumnKind,
    FormLayout,
    form_layout,
    points_text,
    printable,
    step_formula,
)
from app.forms.metadata import FormMeta, MetaDossier, write_meta
from app.forms.model import ExportedForm
from app.models.round import Round
from app.models.scheme import Scheme
from app.scoring.record import ReviewRecord
from app.scoring.service import ReviewService
from app.scoring.views import DossierSummary, score_text
from app.store.files import write_with
from app.store.store import Store

_THIN = Side(style="thin", color="A0A0A0")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")  # pale yellow: yours to fill in
_COMPUTED_FILL = PatternFill("solid", fgColor="F2F2F2")
_CONFLICT_FILL = PatternFill("solid", fgColor="D9D9D9")
_CONFLICT_FONT = Font(color="808080", italic=True)
_UNLOCKED = Protection(locked=False)
_TOP = Alignment(vertical="top", wrap_text=True)
_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)


@dataclass(frozen=True)
class _Row:
    summary: DossierSummary
    record: ReviewRecord


def export_form(store: Store, target: Path) -> ExportedForm:
    """Write the owner's form to ``target`` (an .xlsx), replacing it only once complete."""
    if target.suffix.lower() != ".xlsx":
        raise InputRefused(
            Text(
                f"评审表格须保存为 .xlsx 文件，而不是“{target.name}”。",
                f"The review form must be saved as an .xlsx file, not “{target.name}”.",
            )
        )
    service = ReviewService(store)
    owner, rnd = service.owner(), service.round()
    rows = [_Row(s, service.record(s.id)) for s in service.dossiers()]
    exported_at = datetime.now(UTC)
    heading = FormHeading(rnd.name, rnd.stage, service.group_name(), owner.name, exported_at)
    layout = form_layout(rnd.scheme, rnd.stage)

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    filled = _scores_sheet(sheet, layout, rnd, rows, heading)
    write_guidance(book.create_sheet(GUIDE_SHEET), rnd.scheme, layout, heading)
    meta = FormMeta(
        store_id=store.store_id,
        round_id=rnd.id,
        round_name=rnd.name,
        stage=rnd.stage,
        person_id=owner.id,
        person_name=owner.name,
        exported_at=exported_at,
        dossiers=tuple(
            MetaDossier(
                r.summary.id, r.summary.seq, r.record.updated_at, r.record.conflict, filled[i]
            )
            for i, r in enumerate(rows)
        ),
    )
    write_meta(book.create_sheet(), meta)
    book.active = 0
    book.properties.title = f"{rnd.name} · {rnd.stage.label} · {owner.name}"
    book.properties.creator = "qbr"
    try:
        write_with(target, book.save)
    except OSError as exc:
        raise InputRefused(
            Text(
                f"无法写入评审表格 {target}（{exc.strerror or exc}）。",
                f"Cannot write the review form {target} ({exc.strerror or exc}).",
            )
        ) from exc
    conflicted = sum(1 for r in rows if r.record.conflict)
    return ExportedForm(target, len(rows), conflicted, exported_at)


def _scores_sheet(
    sheet: Any, layout: FormLayout, rnd: Round, rows: list[_Row], heading: FormHeading
) -> list[frozenset[str]]:
    """Fill the 评分 sheet; for each row, the keys of the input cells written with a value."""
    sheet.title = SCORES_SHEET
    last = layout.last
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last.index)
    group = f" · {heading.group}" if heading.group else ""
    title = sheet.cell(
        row=TITLE_ROW,
        column=1,
        value=f"{heading.round_name} · {heading.stage.label}{group} · 评审专家：{heading.person_name}"
        f"（导出于 {heading.local_time}，填写说明见“{GUIDE_SHEET}”工作表）",
    )
    title.data_type = "s"
    title.font = Font(bold=True, size=13)
    title.alignment = Alignment(vertical="center")
    sheet.row_dimensions[TITLE_ROW].height = 24
    for column in layout.columns:
        cell = sheet.cell(row=HEADER_ROW, column=column.index, value=column.header)
        cell.font, cell.fill, cell.border, cell.alignment = (
            Font(bold=True),
            _HEADER_FILL,
            _BORDER,
            Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        sheet.column_dimensions[column.letter].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 48

    filled: list[frozenset[str]] = []
    open_rows: list[int] = []
    for number, row in enumerate(rows, start=FIRST_ROW):
        if row.record.conflict:
            _conflict_row(sheet, layout, number, row)
            filled.append(frozenset())
        else:
            filled.append(_open_row(sheet, layout, rnd, number, row))
            open_rows.append(number)
    _validations(sheet, layout, rnd.scheme, open_rows)

    sheet.freeze_panes = f"{layout.of_kind(ColumnKind.SCORE)[0].letter}{FIRST_ROW}"
    sheet.protection.sheet = True  # no password: it guards against slips, not people
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False
    sheet.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return filled


def _fixed_cells(sheet: Any, layout: FormLayout, number: int, row: _Row) -> None:
    values = {
        ColumnKind.SEQ: row.summary.seq,
        ColumnKind.ENTERPRISE: row.summary.enterprise,
        ColumnKind.TITLE: row.summary.title,
    }
    for kind, value in values.items():
        cell = sheet.cell(row=number, column=layout.one(kind).index, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # an enterprise name is never a formula
        cell.border = _BORDER
        cell.alignment = _CENTRE if kind is ColumnKind.SEQ else _TOP


def _conflict_row(sheet: Any, layout: FormLayout, number: int, row: _Row) -> None:
    """Grey, locked, and 回避 where scores and the recommendation would go."""
    _fixed_cells(sheet, layout, number, row)
    for column in layout.columns:
        cell = sheet.cell(row=number, column=column.index)
        if column.kind in (ColumnKind.SCORE, ColumnKind.RECOMMENDATION):
            cell.value = CONFLICT_MARK
            cell.alignment = _CENTRE
        cell.fill, cell.font, cell.border = _CONFLICT_FILL, _CONFLICT_FONT, _BORDER


def _open_row(sheet: Any, layout: FormLayout, rnd: Round, number: int, row: _Row) -> frozenset[str]:
    _fixed_cells(sheet, layout, number, row)
    record, scheme = row.record, rnd.scheme
    filled: set[str] = set()
    for column in layout.columns:
        if column.kind in (ColumnKind.SEQ, ColumnKind.ENTERPRISE, ColumnKind.TITLE):
            continue
        value: object
        if column.kind is ColumnKind.SUBTOTAL:
            pair = next(p for p in scheme.pairs if p.key == column.subject)
            value = _sum_formula(layout, number, [a.key for a in pair.aspects])
        elif column.kind is ColumnKind.TOTAL:
            value = _sum_formula(layout, number, [a.key for a in scheme.aspects])
        else:
            value = _value(column, record)
        cell = sheet.cell(row=number, column=column.index, value=value)
        cell.border = _BORDER
        if column.kind.is_input:
            cell.protection, cell.fill = _UNLOCKED, _INPUT_FILL
            if isinstance(value, str) and column.kind is not ColumnKind.RECOMMENDATION:
                cell.data_type = "s"  # a comment starting with "=" stays words
            if value not in (None, ""):
                filled.add(column.key)
        else:
            cell.fill = _COMPUTED_FILL
        wide = column.kind in (ColumnKind.OVERALL, ColumnKind.PAIR_COMMENT)
        cell.alignment = _TOP if wide else _CENTRE
    return frozenset(filled)


def _value(column: Column, record: ReviewRecord) -> object:
    """What the store holds for an input cell (``None`` when nothing)."""
    if column.kind is ColumnKind.SCORE and column.subject is not None:
        score = record.scores.get(column.subject)
        return None if score is None else _number(score)
    if column.kind is ColumnKind.RECOMMENDATION:
        return None if record.recommendation is None else (YES if record.recommendation else NO)
    if column.kind is ColumnKind.OVERALL:
        return printable(record.overall_comment) or None
    if column.kind is ColumnKind.PAIR_COMMENT and column.subject is not None:
        return printable(record.pair_comments.get(column.subject, "")) or None
    return None


def _number(value: Decimal) -> int | float:
    """A score as a worksheet number (steps like 0.5 are exact in binary)."""
    return int(value) if value == value.to_integral_value() else float(score_text(value))


def _sum_formula(layout: FormLayout, number: int, aspect_keys: list[str]) -> str:
    letters = [layout.score(key).letter for key in aspect_keys]
    span = f"{letters[0]}{number}:{letters[-1]}{number}"
    return f'=IF(COUNT({span})=0,"",SUM({span}))'


def _validations(sheet: Any, layout: FormLayout, scheme: Scheme, rows: list[int]) -> None:
    """Range and step on each score cell, 是/否 on the recommendation, as Excel checks them.

    A cell takes one validation rule only, so range and step are one custom formula.
    The import checks everything again: validation is bypassed by pasting.
    """
    if not rows:
        return
    step = points_text(scheme.step)
    for column in layout.of_kind(ColumnKind.SCORE):
        aspect = scheme.aspect(str(column.subject))
        points = points_text(aspect.points)
        cell = f"{column.letter}{rows[0]}"
        rule = DataValidation(
            type="custom",
            formula1=f"AND(ISNUMBER({cell}),{cell}>=0,{cell}<={points},"
            f"{step_formula(cell, scheme.step)})",
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=True,
            promptTitle=aspect.name,
            prompt=f"0–{points} 分，以 {step} 分为单位",
            errorTitle="分数无效",
            error=f"{aspect.name}的分数应为 0 到 {points} 之间的数，并以 {step} 分为单位"
            f"（如 {points_text(aspect.points - scheme.step)}）。",
        )
        for number in rows:
            rule.add(f"{column.letter}{number}")
        sheet.add_data_validation(rule)
    column = layout.one(ColumnKind.RECOMMENDATION)
    choice = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        promptTitle="推荐意见",
        prompt=f"请选择“{YES}”或“{NO}”",
        errorTitle="推荐意见无效",
        error=f"推荐意见只能是“{YES}”或“{NO}”。",
    )
    for number in rows:
        choice.add(f"{column.letter}{number}")
    sheet.add_data_validation(choice)
