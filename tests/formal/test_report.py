"""The formal-review report: JSON for ``qbr round check --json`` and the office's XLSX."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.errors import Text
from app.formal.findings import Finding, finding
from app.formal.report import report_json, write_report_xlsx
from app.formal.rules import CheckedDossier, CheckInput, RuleLimits, run_checks
from app.ingest.manifest import ManifestRow, match_folders


def _row(seq: int, name: str, **changes: object) -> ManifestRow:
    values: dict[str, object] = {
        "row_number": seq + 2,
        "seq": seq,
        "enterprise": name,
        "uscc": "91370200163562681G",
        "recommending_unit": "山东省工业和信息化厅",
        "unit_ran_own_activity": False,
        "industry": "",
        "industry_code": "C38",
        "focus_area": "",
        "title": f"{name}实施六西格玛设计的经验",
        "profits": ((2021, Decimal(1)), (2022, Decimal(2)), (2023, Decimal(3))),
        "contact": "",
        "phone": "",
    }
    values.update(changes)
    return ManifestRow(**values)  # type: ignore[arg-type]


@pytest.fixture
def findings() -> list[Finding]:
    rows = [
        _row(1, "青岛海尔股份有限公司", uscc="91370200163562681H"),
        _row(2, '=HYPERLINK("http://x")有限公司', title="实践"),
    ]
    match = match_folders(rows, [rows[0].enterprise, "某某科技有限公司"])
    dossiers = (CheckedDossier(rows[0], rows[0].enterprise), CheckedDossier(rows[1], None))
    return run_checks(CheckInput(dossiers, match, RuleLimits()))


def test_json_shape(findings: list[Finding]) -> None:
    data = report_json(findings, "zh", dossiers_checked=2)
    assert set(data) == {"summary", "findings"}
    summary = data["summary"]
    assert summary["dossiers_checked"] == 2
    assert summary["findings"] == len(findings)
    assert summary["by_severity"]["error"] + summary["by_severity"]["warning"] == len(findings)
    assert summary["by_rule"]["uscc.invalid"] == 1
    assert list(summary["by_rule"]) == sorted(summary["by_rule"])
    first = data["findings"][0]
    assert set(first) == {"rule", "severity", "seq", "enterprise", "file", "message", "details"}
    assert [f["rule"] for f in data["findings"]] == [f.rule_id for f in findings]
    json.dumps(data, ensure_ascii=False)  # plain JSON all the way down


def test_messages_follow_the_language(findings: list[Finding]) -> None:
    zh = report_json(findings, "zh")["findings"]
    en = report_json(findings, "en")["findings"]
    assert [m["message"] for m in zh] == [f.message.zh for f in findings]
    assert [m["message"] for m in en] == [f.message.en for f in findings]
    uscc = next(m for m in en if m["rule"] == "uscc.invalid")
    assert uscc["message"].startswith("The unified social credit code")
    assert "无效" not in uscc["message"]


def test_xlsx_holds_the_findings_and_a_summary(findings: list[Finding], tmp_path: Path) -> None:
    path = tmp_path / "形式审查报告.xlsx"
    write_report_xlsx(findings, path, "zh", dossiers_checked=2)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["形式审查结果", "汇总"]
    sheet = book["形式审查结果"]
    header = [c.value for c in sheet[1]]
    assert header == ["序号", "规则", "级别", "企业", "文件", "说明"]
    assert sheet[1][0].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:F{len(findings) + 1}"
    assert sheet.column_dimensions["F"].width >= 60
    body = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in body] == list(range(1, len(findings) + 1))
    assert [r[1] for r in body] == [f.rule_id for f in findings]
    assert [r[5] for r in body] == [f.message.zh for f in findings]
    assert "错误" in [r[2] for r in body]
    summary = book["汇总"]
    cells = [c.value for r in summary.iter_rows() for c in r]
    assert "uscc.invalid" in cells and "统一社会信用代码无效" in cells
    assert "检查的申报材料" in cells and 2 in cells


def test_text_that_looks_like_a_formula_stays_text(findings: list[Finding], tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    write_report_xlsx(findings, path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    names = [c for c in sheet["D"][1:] if str(c.value).startswith("=")]
    assert names
    assert all(c.data_type == "s" for c in names)


def test_xlsx_in_english(findings: list[Finding], tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    write_report_xlsx(findings, path, "en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Findings", "Summary"]
    sheet = book["Findings"]
    assert [c.value for c in sheet[1]] == [
        "No.",
        "Rule",
        "Severity",
        "Enterprise",
        "File",
        "Message",
    ]
    assert [r[5].value for r in sheet.iter_rows(min_row=2)] == [f.message.en for f in findings]


def test_xlsx_replaces_an_old_report_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"old")
    one = finding("file.empty", Text("空", "empty"), enterprise="甲", file="a.pdf", status="empty")
    write_report_xlsx([one], path)
    assert openpyxl.load_workbook(path).worksheets[0]["B2"].value == "file.empty"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_empty_report(tmp_path: Path) -> None:
    assert report_json([], "en") == {
        "summary": {
            "dossiers_checked": None,
            "findings": 0,
            "by_severity": {"error": 0, "warning": 0},
            "by_rule": {},
        },
        "findings": [],
    }
    write_report_xlsx([], tmp_path / "empty.xlsx")
    assert openpyxl.load_workbook(tmp_path / "empty.xlsx").worksheets[0].max_row == 1
