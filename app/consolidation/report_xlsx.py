"""The group report as an XLSX copy for the office (汇总表 habits).

Four sheets: 汇总表 (one row per dossier in rank order), 评分明细 (one row per dossier and
member with every aspect), 核验结果 (the files received and the verdict on each) and 说明
(the rule, the aids and what the figures rest on). Figures are real numbers, so the office
can sort and sum; text is always text, so a name like "=cmd|…" never becomes a formula.
The file is replaced atomically. It is an unsigned convenience copy: the signed PDF is
the record.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.consolidation.report import GroupReport
from app.consolidation.report_rows import (
    aids_text,
    member_text,
    missing_text,
    rule_text,
    shortlist_note,
    when,
)
from app.consolidation.table import DossierLine, GroupTable
from app.store.files import write_with

_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_FLAG_FILL = PatternFill("solid", fgColor="FFF1DC")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_BORDER = Border(bottom=Side(style="thin", color="A0A0A0"))
_SCORE_FORMAT = "0.00"

VERDICTS = {
    "applied": "已采用",
    "kept": "已保存未采用",
    "superseded": "已被取代",
    "duplicate": "重复",
    "conflicting": "冲突",
    "rejected": "拒收",
}
SUMMARY = "汇总表"
DETAIL = "评分明细"
VERIFICATION = "核验结果"
NOTES = "说明"


def write_group_report_xlsx(report: GroupReport, path: Path) -> None:
    """Write the report's XLSX copy to ``path`` (replaced only once complete)."""
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook always has one sheet
    _summary(first, report.table)
    _detail(book.create_sheet(DETAIL), report.table)
    _verification(book.create_sheet(VERIFICATION), report)
    _notes(book.create_sheet(NOTES), report)
    write_with(path, lambda temp: book.save(temp))


def _put(sheet: Worksheet, row: int, column: int, value: object) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
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
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}1"


def _finish(sheet: Worksheet, rows: int, columns: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows, 1) + 1}"


def _ranked(table: GroupTable) -> list[DossierLine]:
    return sorted(table.lines, key=lambda x: (x.rank is None, x.rank or 0, x.dossier.seq))


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _summary(sheet: Worksheet, table: GroupTable) -> None:
    sheet.title = SUMMARY
    names = [m.person.name for m in table.members]
    titles = [
        "排名",
        "序号",
        "申报企业",
        "典型经验",
        *names,
        "组评分",
        "极差",
        "总分中位数",
        "显效性和发展性小计均值",
        "标准化均值（参考）",
        "计算入围",
        "最终入围",
        "入围说明",
        "分歧提示",
        "合议意见",
    ]
    widths = [6, 6, 30, 36, *([9] * len(names)), 9, 7, 9, 12, 10, 8, 8, 36, 40, 50]
    _header(sheet, titles, widths)
    k = table.round.shortlist_size
    for row, line in enumerate(_ranked(table), start=2):
        members = [
            m.total if m.total is not None else member_text(line, i)
            for i, m in enumerate(line.members)
        ]
        values: list[object] = [
            line.rank,
            line.dossier.seq,
            line.dossier.enterprise,
            line.dossier.title,
            *members,
            line.group_score,
            line.spread,
            line.median,
            line.pair_score,
            None if line.normalised is None else round(line.normalised, 2),
            _yes(line.computed),
            _yes(line.effective),
            shortlist_note(line, k) if line.effective or line.changed else "",
            "；".join(f.text.zh for f in line.flags),
            line.consensus,
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
            sheet.cell(row=row, column=column).alignment = _WRAP
        for column in (len(names) + 5, len(names) + 8):
            sheet.cell(row=row, column=column).number_format = _SCORE_FORMAT
        if line.flags:
            sheet.cell(row=row, column=len(titles) - 1).fill = _FLAG_FILL
    _finish(sheet, len(table.lines), len(titles))


def _detail(sheet: Worksheet, table: GroupTable) -> None:
    scheme = table.round.scheme
    titles = [
        "序号",
        "申报企业",
        "成员",
        "状态",
        *(f"{a.name}（{a.points.normalize():f}）" for a in scheme.aspects),
        *(f"{p.name}小计" for p in scheme.pairs),
        "总分",
        "推荐",
        "z 分数（参考）",
    ]
    widths = [6, 30, 10, 8, *([10] * len(scheme.aspects)), *([12] * len(scheme.pairs)), 8, 6, 10]
    _header(sheet, titles, widths)
    row = 2
    for line in table.lines:
        for member, score in zip(table.members, line.members, strict=True):
            values: list[object] = [
                line.dossier.seq,
                line.dossier.enterprise,
                member.person.name,
                score.state.label,
                *(score.scores.get(a.key) for a in scheme.aspects),
                *(score.subtotals.get(p.key) for p in scheme.pairs),
                score.total,
                None if score.recommendation is None else _yes(score.recommendation),
                None if score.z is None else round(score.z, 2),
            ]
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value)
            row += 1
    _finish(sheet, row - 2, len(titles))


def _verification(sheet: Worksheet, report: GroupReport) -> None:
    titles = ["文件", "成员", "修订", "结论", "原因", "接收时间", "原因代码"]
    _header(sheet, titles, [36, 12, 6, 12, 70, 20, 18])
    for row, item in enumerate(report.verification, start=2):
        values = (
            item.file_name,
            item.member,
            item.revision,
            VERDICTS.get(item.verdict, item.verdict),
            item.reason_zh,
            when(item.received_at),
            item.code,
        )
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
            sheet.cell(row=row, column=column).alignment = _WRAP
    _finish(sheet, len(report.verification), len(titles))


def _notes(sheet: Worksheet, report: GroupReport) -> None:
    table, rnd = report.table, report.table.round
    missing = missing_text(table)
    lines: list[tuple[str, object]] = [
        ("评审轮次", f"{rnd.name}（{rnd.stage.label}）"),
        ("专业组", table.group.name),
        ("组长", table.leader.name if table.leader else ""),
        ("报告编号", report.report_id),
        ("修订", report.revision),
        ("生成时间", when(report.created_at)),
        ("已收到评分表", f"{table.received} / {len(table.members)}"),
        ("未收到评分表", missing.zh if missing else "无"),
        ("计算规则", rule_text(rnd)),
        ("参考指标", aids_text(table)),
        ("效力", "本文件是签名 PDF 的便于办公的副本，不带签名；以签名 PDF 为准。"),
    ]
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 110
    for row, (label, value) in enumerate(lines, start=1):
        _put(sheet, row, 1, label)
        sheet.cell(row=row, column=1).font = _BOLD
        _put(sheet, row, 2, value)
        sheet.cell(row=row, column=2).alignment = _WRAP
