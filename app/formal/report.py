"""The formal-review report: a JSON document for scripts and an XLSX for the office.

The JSON shape is what ``qbr round check --json`` prints, so keys and rule ids are
stable. The XLSX follows the office's 汇总表 habits (one row per finding, filter,
frozen header) and is written atomically, because a half-written report in a
shared folder is worse than none.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from app.errors import Lang, Text
from app.formal.findings import RULES, Finding

_SEVERITY = {"error": Text("错误", "error"), "warning": Text("警告", "warning")}
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_HEADER_FONT = Font(bold=True)
_THIN = Side(style="thin", color="A0A0A0")
_HEADER_BORDER = Border(bottom=_THIN)


def report_json(
    findings: Sequence[Finding], lang: Lang = "zh", *, dossiers_checked: int | None = None
) -> dict[str, Any]:
    """The report as plain JSON data, messages rendered in ``lang``."""
    by_rule = Counter(f.rule_id for f in findings)
    by_severity = Counter(f.severity for f in findings)
    return {
        "summary": {
            "dossiers_checked": dossiers_checked,
            "findings": len(findings),
            "by_severity": {s: by_severity.get(s, 0) for s in ("error", "warning")},
            "by_rule": dict(sorted(by_rule.items())),
        },
        "findings": [
            {
                "rule": f.rule_id,
                "severity": f.severity,
                "seq": f.seq,
                "enterprise": f.enterprise,
                "file": f.file,
                "message": f.message.render(lang),
                "details": f.details,
            }
            for f in findings
        ],
    }


def write_report_xlsx(
    findings: Sequence[Finding],
    path: Path | str,
    lang: Lang = "zh",
    *,
    dossiers_checked: int | None = None,
) -> None:
    """Write the report to ``path`` (replacing it only once the new file is complete)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    _findings_sheet(sheet, findings, lang)
    _summary_sheet(book.create_sheet(), findings, lang, dossiers_checked)
    _save_atomically(book, Path(path))


def _t(zh: str, en: str, lang: Lang) -> str:
    return Text(zh, en).render(lang)


def _put(sheet: Worksheet, row: int, column: int, value: object) -> None:
    """Set a cell; text is always text, so a name like "=cmd|..." never becomes a formula."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"


def _header(sheet: Worksheet, titles: Sequence[str], widths: Sequence[int]) -> None:
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        _put(sheet, 1, column, title)
        cell = sheet.cell(row=1, column=column)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


def _findings_sheet(sheet: Worksheet, findings: Sequence[Finding], lang: Lang) -> None:
    sheet.title = _t("形式审查结果", "Findings", lang)
    titles = (
        _t("序号", "No.", lang),
        _t("规则", "Rule", lang),
        _t("级别", "Severity", lang),
        _t("企业", "Enterprise", lang),
        _t("文件", "File", lang),
        _t("说明", "Message", lang),
    )
    _header(sheet, titles, (8, 28, 8, 36, 30, 90))
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, f in enumerate(findings, start=1):
        values = (
            number,
            f.rule_id,
            _SEVERITY[f.severity].render(lang),
            f.enterprise or "",
            f.file or "",
            f.message.render(lang),
        )
        for column, value in enumerate(values, start=1):
            _put(sheet, number + 1, column, value)
            sheet.cell(row=number + 1, column=column).alignment = wrap
    sheet.auto_filter.ref = f"A1:F{max(len(findings), 1) + 1}"


def _summary_sheet(
    sheet: Worksheet, findings: Sequence[Finding], lang: Lang, dossiers_checked: int | None
) -> None:
    sheet.title = _t("汇总", "Summary", lang)
    by_rule = Counter(f.rule_id for f in findings)
    errors = sum(1 for f in findings if f.severity == "error")
    _header(
        sheet,
        (_t("规则", "Rule", lang), _t("说明", "Description", lang), _t("级别", "Severity", lang),
         _t("数量", "Count", lang)),
        (28, 40, 8, 8),
    )  # fmt: skip
    row = 2
    for rule_id, count in sorted(by_rule.items()):
        rule = RULES.get(rule_id)
        title = rule.title.render(lang) if rule is not None else ""
        severity = _SEVERITY[rule.severity].render(lang) if rule is not None else ""
        for column, value in enumerate((rule_id, title, severity, count), start=1):
            _put(sheet, row, column, value)
        row += 1
    row += 1
    totals = (
        (_t("检查的申报材料", "Dossiers checked", lang), dossiers_checked),
        (_t("错误", "Errors", lang), errors),
        (_t("警告", "Warnings", lang), len(findings) - errors),
    )
    for label, value in totals:
        _put(sheet, row, 1, label)
        sheet.cell(row=row, column=1).font = _HEADER_FONT
        _put(sheet, row, 2, "" if value is None else value)
        row += 1


def _save_atomically(book: Workbook, path: Path) -> None:
    """Temp file in the same folder, fsync, then rename over the target."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            book.save(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
