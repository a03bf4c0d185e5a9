"""The chair's list as an XLSX copy for the secretariat (办公室 habits).

Four sheets: 名单 (the list as printed), 全部申报材料 (every dossier the chair considered,
with the group's proposal, the decision and both reasons), 依据 (the signed group reports
it rests on, with full hashes) and 说明 (what the list is and how to read the aids).
Figures are real numbers, so the office can sort and sum; text is always text, so a name
like "=cmd|…" never becomes a formula. The file is replaced atomically. It is an unsigned
convenience copy: the signed PDF is the record.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.chair.shortlist import ListedDossier, Shortlist
from app.chair.shortlist_pdf import AID_NOTE_ZH, adjustments, group_names, listed_note
from app.consolidation.report_rows import when
from app.models.round import Stage
from app.store.files import write_with

_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_FLAG_FILL = PatternFill("solid", fgColor="FFF1DC")
_CHANGED_FILL = PatternFill("solid", fgColor="E3F1E0")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_BORDER = Border(bottom=Side(style="thin", color="A0A0A0"))
_SCORE_FORMAT = "0.00"

LISTED = "名单"
ALL = "全部申报材料"
BASIS = "依据"
NOTES = "说明"


def write_shortlist_xlsx(shortlist: Shortlist, path: Path) -> None:
    """Write the list's XLSX copy to ``path`` (replaced only once complete)."""
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook always has one sheet
    first.title = LISTED
    _listed(first, shortlist)
    _all(book.create_sheet(ALL), shortlist)
    _basis(book.create_sheet(BASIS), shortlist)
    _notes(book.create_sheet(NOTES), shortlist)
    write_with(path, lambda temp: book.save(temp))


def _put(sheet: Worksheet, row: int, column: int, value: object) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.alignment = _WRAP
    if isinstance(value, str):
        cell.data_type = "s"


def _header(sheet: Worksheet, titles: Sequence[str], widths: Sequence[int]) -> None:
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        _put(sheet, 1, column, title)
        cell = sheet.cell(row=1, column=column)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _finish(sheet: Worksheet, rows: int, columns: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows, 1) + 1}"


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _z(d: ListedDossier) -> float | None:
    return None if d.z_in_group is None else round(d.z_in_group, 2)


def _listed(sheet: Worksheet, shortlist: Shortlist) -> None:
    names = group_names(shortlist)
    titles = [
        "序号",
        "申报序号",
        "企业名称",
        "典型经验题目",
        "专业组",
        "组评分",
        "组内排名",
        "组内标准分（参考）",
        "说明",
    ]
    _header(sheet, titles, [6, 8, 32, 40, 16, 9, 8, 10, 50])
    for row, d in enumerate(shortlist.listed, start=2):
        values: list[object] = [
            row - 1,
            d.seq,
            d.enterprise,
            d.title,
            names.get(d.group_id, d.group_id),
            d.group_score,
            d.rank,
            _z(d),
            listed_note(d) or None,
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
        sheet.cell(row=row, column=6).number_format = _SCORE_FORMAT
        sheet.cell(row=row, column=8).number_format = _SCORE_FORMAT
        if d.changed or d.leader_reason:
            sheet.cell(row=row, column=len(titles)).fill = _CHANGED_FILL
        elif d.flagged:
            sheet.cell(row=row, column=len(titles)).fill = _FLAG_FILL
    _finish(sheet, len(shortlist.listed), len(titles))


def _all(sheet: Worksheet, shortlist: Shortlist) -> None:
    names = group_names(shortlist)
    titles = [
        "专业组",
        "申报序号",
        "企业名称",
        "典型经验题目",
        "组评分",
        "组内排名",
        "组内标准分（参考）",
        "评分分歧",
        "组报送",
        "列入名单",
        "组长调整理由",
        "主任委员调整理由",
    ]
    _header(sheet, titles, [16, 8, 32, 40, 9, 8, 10, 8, 8, 8, 40, 40])
    for row, d in enumerate(shortlist.dossiers, start=2):
        values: list[object] = [
            names.get(d.group_id, d.group_id),
            d.seq,
            d.enterprise,
            d.title,
            d.group_score,
            d.rank,
            _z(d),
            _yes(d.flagged),
            _yes(d.proposed),
            _yes(d.included),
            d.leader_reason or None,
            d.chair_reason or None,
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
        sheet.cell(row=row, column=5).number_format = _SCORE_FORMAT
        sheet.cell(row=row, column=7).number_format = _SCORE_FORMAT
        if d.flagged:
            sheet.cell(row=row, column=8).fill = _FLAG_FILL
        if d.changed:
            sheet.cell(row=row, column=10).fill = _CHANGED_FILL
    _finish(sheet, len(shortlist.dossiers), len(titles))


def _basis(sheet: Worksheet, shortlist: Shortlist) -> None:
    titles = ["专业组", "组长", "汇总表编号", "版本", "内容哈希", "文件 SHA-256"]
    _header(sheet, titles, [16, 10, 36, 6, 68, 68])
    for row, g in enumerate(shortlist.groups, start=2):
        values: list[object] = [
            g.name,
            g.leader_name,
            g.report_id,
            g.report_revision,
            g.report_content_hash,
            g.report_file_sha256,
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
    _finish(sheet, len(shortlist.groups), len(titles))


def _notes(sheet: Worksheet, shortlist: Shortlist) -> None:
    changes = adjustments(shortlist)
    lines: list[tuple[str, object]] = [
        ("名单", shortlist.title.zh),
        ("评审轮次", f"{shortlist.round_name}（{Stage(shortlist.stage).label}）"),
        ("主任委员", shortlist.chair_name),
        ("名单编号", shortlist.shortlist_id),
        ("版本", shortlist.revision),
        ("生成时间", when(shortlist.created_at)),
        ("列入名单", len(shortlist.listed)),
        ("审核申报材料", len(shortlist.dossiers)),
        ("调整", f"{len(changes)} 项" if changes else "无调整"),
        ("参考指标", AID_NOTE_ZH),
        ("效力", "本文件是签名 PDF 的便于办公的副本，不带签名；以签名 PDF 为准。"),
    ]
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 110
    for row, (label, value) in enumerate(lines, start=1):
        _put(sheet, row, 1, label)
        sheet.cell(row=row, column=1).font = _BOLD
        _put(sheet, row, 2, value)
