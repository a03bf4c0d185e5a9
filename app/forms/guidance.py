"""The form's 说明 (guidance) sheet: the criteria, the bands, and how to fill in and return it.

Experts fill the form away from the workstation, so the sheet carries what the
scoring form shows beside each aspect (SPEC §5) and the rules the import applies.
Chinese first, English beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from app.forms.layout import (
    FIRST_ROW,
    NO,
    SCORES_SHEET,
    YES,
    ColumnKind,
    FormLayout,
    points_text,
    step_formula,
)
from app.models.round import Stage
from app.models.scheme import Band, Scheme
from app.scoring.record import band_range

_TITLE_FONT = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_BORDER = Border(*(Side(style="thin", color="A0A0A0"),) * 4)
_WRAP = Alignment(wrap_text=True, vertical="top")
# 评价准则, 评分要素, 分值, 评分标准, four bands, English.
_WIDTHS = (18, 11, 7, 46, 11, 11, 11, 11, 60)
_ZH_SPAN, _EN_SPAN = (1, 4), (5, 9)  # columns of a paragraph's Chinese and English halves


@dataclass(frozen=True)
class FormHeading:
    """Who and what the form is for, as its sheets title it."""

    round_name: str
    stage: Stage
    group: str | None
    person_name: str
    exported_at: datetime

    @property
    def local_time(self) -> str:
        return self.exported_at.astimezone().strftime("%Y-%m-%d %H:%M")


def write_guidance(sheet: Any, scheme: Scheme, layout: FormLayout, heading: FormHeading) -> None:
    """Fill the 说明 sheet."""
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(_WIDTHS))
    title = sheet.cell(
        row=1, column=1, value="评审表格填写说明 · How to fill in and return this form"
    )
    title.font = _TITLE_FONT
    sheet.row_dimensions[1].height = 26
    row = 3
    for zh, en in _about(scheme, heading):
        row = _paragraph(sheet, row, zh, en)
    row = _heading(sheet, row + 1, "填写与交回", "Filling in and returning the form")
    for number, (zh, en) in enumerate(_steps(scheme, layout, heading.stage), start=1):
        row = _paragraph(sheet, row, f"{number}. {zh}", f"{number}. {en}")
    row = _heading(sheet, row + 1, "评分要素与评分标准", "Aspects and criteria")
    _criteria(sheet, row, scheme)
    sheet.sheet_view.showGridLines = False


def _about(scheme: Scheme, heading: FormHeading) -> list[tuple[str, str]]:
    group = heading.group or "—"
    return [
        (f"评审轮次：{heading.round_name}", f"Round: {heading.round_name}"),
        (
            f"评审阶段：{heading.stage.label}",
            f"Stage: {heading.stage.value}",
        ),
        (f"专业组：{group}", f"Group: {group}"),
        (f"评审专家：{heading.person_name}", f"Expert: {heading.person_name}"),
        (f"导出时间：{heading.local_time}", f"Exported: {heading.local_time}"),
        (
            f"评分方案：{scheme.name}（满分 {points_text(scheme.total)} 分）",
            f"Scheme: {scheme.name_en} ({points_text(scheme.total)} points)",
        ),
    ]


def _steps(scheme: Scheme, layout: FormLayout, stage: Stage) -> list[tuple[str, str]]:
    step = points_text(scheme.step)
    first = f"{layout.of_kind(ColumnKind.SCORE)[0].letter}{FIRST_ROW}"
    formula = "=" + step_formula(first, scheme.step)
    return [
        (
            f"在“{SCORES_SHEET}”工作表中逐行填写：各评分要素的分数、“{stage.recommendation}”"
            f"（下拉选择“{YES}”或“{NO}”）、总体评语（必填）和各评价准则的评语（选填）。"
            "只有浅黄色单元格可以填写。",
            f"On the “{SCORES_SHEET}” sheet fill in each row: the aspects' scores, whether to "
            f"recommend (“{YES}” yes or “{NO}” no, from the drop-down), the overall comment "
            "(required) and a comment per criterion pair (optional). Only the pale yellow cells "
            "can be edited.",
        ),
        (
            f"分数在 0 到该要素的分值之间，以 {step} 分为单位。Excel 的数据验证无法直接表示"
            f"“以 {step} 分为单位”，因此分数单元格用一个公式同时检查范围和步长，"
            f"其中步长部分为 {formula}（以 {first} 单元格为例）。导入时程序还会逐格再检查一遍。",
            f"Scores run from 0 to the aspect's points in steps of {step}. Excel's data "
            "validation has no notion of a step, so each score cell is checked by a formula "
            f"for both the range and the step, the step part being {formula} (for cell "
            f"{first}). The workstation checks every cell again on import.",
        ),
        (
            "小计和总分由公式自动计算，仅供参考；导入时程序根据各项分数重新计算，不读取这些单元格。",
            "Subtotals and the total are formulas for your convenience; on import the "
            "workstation recomputes them from the scores and never reads those cells.",
        ),
        (
            "清空一个导出时已有内容的单元格，导入后该项即被删除；导出时为空、仍然为空的单元格不作修改。",
            "Emptying a cell that held something when the form was exported deletes that value "
            "on import; a cell that was empty then and is still empty changes nothing.",
        ),
        (
            "灰色、写有“回避”的行是您已回避的申报材料，不能填写。回避只能在工作站中声明或撤销。",
            "Grey rows marked “回避” are dossiers under a declared conflict of interest and "
            "cannot be filled in. Conflicts are declared or withdrawn in the workstation only.",
        ),
        (
            "请勿重命名工作表，勿插入、删除或移动行列，勿修改序号。隐藏的元数据用于核对表格的来源。",
            "Do not rename sheets, insert, delete or move rows or columns, or change the 序号 "
            "numbers. Hidden metadata confirms where the form came from.",
        ),
        (
            "填好后保存为 .xlsx 文件，在工作站中导入（命令行：qbr form import 存储 表格.xlsx）。"
            "导入前会先检查整张表格：只要有一处问题，就一项也不导入，并逐一指出问题所在的单元格。",
            "Save it as .xlsx and import it in the workstation (command line: qbr form import "
            "STORE FORM.xlsx). The whole form is checked first: if anything is wrong, nothing is "
            "imported and every problem is named by its cell.",
        ),
        (
            "如果导出之后又在工作站中修改了同一份申报材料，导入时会列出这些材料，经您确认后才以表格内容覆盖。",
            "If you changed a dossier in the workstation after exporting the form, the import "
            "lists those dossiers and overwrites them with the form only when you confirm.",
        ),
        (
            "私人笔记不会写入此表格。此文件未加密，请妥善保管，导入后即可删除。",
            "Private notes are never written to this form. The file is not encrypted: keep it "
            "safe, and delete it once imported.",
        ),
    ]


def _band_header(band: Band, bands: list[Band]) -> str:
    if band.low > 0:
        return f"{band.label}（≥{_percent(band.low)}）"
    higher = [b.low for b in bands if b.low > 0]
    return f"{band.label}（<{_percent(min(higher))}）" if higher else band.label


def _percent(fraction: Decimal) -> str:
    return f"{points_text(fraction * 100)}%"


def _criteria(sheet: Any, row: int, scheme: Scheme) -> None:
    bands = sorted(scheme.bands, key=lambda b: b.low, reverse=True)[:4]
    titles = ["评价准则", "评分要素", "分值", "评分标准"]
    titles += [_band_header(b, bands) for b in bands]
    titles += [""] * (4 - len(bands)) + ["English"]
    for column, text in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEADER_FILL, _BORDER, _WRAP
    for pair in scheme.pairs:
        for aspect in pair.aspects:
            row += 1
            ranges = []
            for band in bands:
                low, high = band_range(scheme, aspect.key, band.key)
                ranges.append(f"{points_text(low)}–{points_text(high)}" if low <= high else "—")
            values = [pair.name, aspect.name, points_text(aspect.points), aspect.guidance]
            values += ranges + [""] * (4 - len(bands))
            values.append(
                f"{pair.name_en} / {aspect.name_en} ({points_text(aspect.points)} points): "
                f"{aspect.guidance_en}"
            )
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.data_type = "s"
                cell.border, cell.alignment = _BORDER, _WRAP
    row += 1
    note_zh = "各档对应的分数范围按该要素分值的比例计算，并取到评分步长上。"
    note_en = "Each band's score range is its share of the aspect's points, on the scoring step."
    _paragraph(sheet, row + 1, note_zh, note_en)


def _heading(sheet: Any, row: int, zh: str, en: str) -> int:
    for (column, _end), text in ((_ZH_SPAN, zh), (_EN_SPAN, en)):
        sheet.cell(row=row, column=column, value=text).font = _BOLD
    return row + 1


def _paragraph(sheet: Any, row: int, zh: str, en: str) -> int:
    """Chinese and English side by side, each merged over its half; the row sized to fit."""
    lines = 1
    for (start, end), text in ((_ZH_SPAN, zh), (_EN_SPAN, en)):
        sheet.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
        cell = sheet.cell(row=row, column=start, value=text)
        cell.data_type = "s"
        cell.alignment = _WRAP
        width = sum(_WIDTHS[start - 1 : end])
        lines = max(lines, math.ceil(_display_width(text) / (width * 0.95)))
    sheet.row_dimensions[row].height = 15 * lines + 3
    return row + 1


def _display_width(text: str) -> int:
    """Roughly how many character widths ``text`` takes: CJK characters count double."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
