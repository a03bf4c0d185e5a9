"""The formal-review rules on hand-built batches: each rule fires where it should, only there."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

import openpyxl
import pytest

from app.formal.findings import RULES, Finding
from app.formal.rules import CheckedDossier, CheckedFile, CheckInput, RuleLimits, run_checks
from app.formal.rules_summary import find_sections
from app.formal.rules_title import title_pattern_problems
from app.formal.uscc import check_char
from app.ingest.manifest import ManifestProblem, ManifestRow, match_folders, read_manifest
from app.models.inspection import FileStatus, Inspection, Section

HAIER = "青岛海尔股份有限公司"
UNIT = "山东省工业和信息化厅"


def uscc(n: int) -> str:
    body = f"913702000{n:08d}"
    return body + check_char(body)


def row(seq: int = 1, enterprise: str = HAIER, **changes: object) -> ManifestRow:
    base = ManifestRow(
        row_number=seq + 2,
        seq=seq,
        enterprise=enterprise,
        uscc=uscc(seq),
        recommending_unit=UNIT,
        unit_ran_own_activity=False,
        industry="家用电力器具制造",
        industry_code="C3851",
        focus_area="推动质量管理体系升级",
        title=f"{enterprise}基于人单合一模式的质量管理经验",
        profits=((2021, Decimal(1200)), (2022, Decimal("1350.5")), (2023, Decimal(2000))),
        contact="张三",
        phone="0532-88888888",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


SECTIONS = (
    Section("一、摘要", 1, 420, False),
    Section("二、企业概况", 1, 480, False),
    Section("三、典型经验推进和应用情况", 1, 7600, False),
    Section("（一）推进目标", 2, 900, False),
    Section("四、实施效果", 1, 1800, True),
)


def ok(detected: str, sections: tuple[Section, ...] = ()) -> Inspection:
    return Inspection(FileStatus.OK, detected, pages=8, sections=sections)


def summary(
    sections: tuple[Section, ...] = SECTIONS, name: str = "典型经验材料.docx"
) -> CheckedFile:
    return CheckedFile(name, 240_000, ok("docx", sections), "summary")


APPLICATION = CheckedFile("申报书.pdf", 310_000, ok("pdf"), "application")
EVIDENCE = CheckedFile("证明材料.pdf", 5_200_000, ok("pdf"), "evidence")
FILES = (APPLICATION, summary(), EVIDENCE)


def batch(
    *rows: ManifestRow,
    folders: list[str] | None = None,
    files: Mapping[str, tuple[CheckedFile, ...]] | None = None,
    problems: tuple[ManifestProblem, ...] = (),
    limits: RuleLimits | None = None,
) -> CheckInput:
    """A batch as the import would assemble it: one folder per row unless told otherwise."""
    files = files or {}
    match = match_folders(rows, [r.enterprise for r in rows] if folders is None else folders)
    dossiers = [CheckedDossier(m.row, m.folder, files.get(m.folder, FILES)) for m in match.matches]
    dossiers += [CheckedDossier(r, None) for r in match.missing_folders]
    dossiers += [CheckedDossier(None, f, files.get(f, FILES)) for f in match.extra_folders]
    return CheckInput(tuple(dossiers), match, limits or RuleLimits(), problems)


def ids(findings: list[Finding]) -> list[str]:
    return [f.rule_id for f in findings]


def only(findings: list[Finding], rule_id: str) -> Finding:
    assert ids(findings) == [rule_id], [f.message.zh for f in findings]
    return findings[0]


def test_a_clean_batch_has_no_findings() -> None:
    rows = [row(1), row(2, "珠海格力电器股份有限公司"), row(3, "华为技术有限公司")]
    assert run_checks(batch(*rows)) == []


def test_every_finding_uses_a_catalogued_rule_and_its_severity() -> None:
    findings = run_checks(batch(row(1, uscc="123", industry_code="K7010", title="实践")))
    assert findings
    for f in findings:
        assert RULES[f.rule_id].severity == f.severity


# --- the 汇总表 and the folders ---------------------------------------------------


def test_missing_folder() -> None:
    f = only(run_checks(batch(row(1), row(2, "华为技术有限公司"), folders=[HAIER])),
             "manifest.missing_folder")  # fmt: skip
    assert (f.enterprise, f.seq, f.file) == ("华为技术有限公司", 2, None)
    assert "华为技术有限公司" in f.message.zh and "no folder" in f.message.en


def test_extra_folder() -> None:
    f = only(
        run_checks(batch(row(1), folders=[HAIER, "某某科技有限公司"])), "manifest.extra_folder"
    )
    assert (f.enterprise, f.seq) == ("某某科技有限公司", None)
    assert "某某科技有限公司" in f.message.zh


def test_name_mismatch_names_both_spellings() -> None:
    table = "上海电气（集团）有限公司"
    folder = "上海电气 (集团) 有限公司"
    f = only(run_checks(batch(row(1, table), folders=[folder])), "manifest.name_mismatch")
    assert f.severity == "warning"
    assert f.enterprise == table
    assert table in f.message.zh and folder in f.message.zh
    assert table in f.message.en and folder in f.message.en
    assert f.details == {"table_name": table, "folder": folder}


def test_row_incomplete_lists_the_empty_cells() -> None:
    f = only(run_checks(batch(row(1, uscc="", recommending_unit=" "))), "manifest.row_incomplete")
    assert f.enterprise == HAIER
    assert f.details["columns"] == ["统一社会信用代码", "推荐单位"]
    assert "统一社会信用代码、推荐单位" in f.message.zh


def test_row_without_a_name_is_incomplete() -> None:
    problem = ManifestProblem(7, "missing_enterprise", "企业名称", "")
    f = only(run_checks(batch(row(1), problems=(problem,))), "manifest.row_incomplete")
    assert f.enterprise is None
    assert "第 7 行" in f.message.zh


def test_duplicate_row_and_unreadable_cell() -> None:
    problems = (
        ManifestProblem(4, "duplicate", "企业名称", HAIER),
        ManifestProblem(3, "unparseable", "推荐单位开展本地区活动", "待定"),
    )
    findings = run_checks(batch(row(1), problems=problems))
    assert sorted(ids(findings)) == ["manifest.cell_unparseable", "manifest.duplicate_row"]
    cell = next(f for f in findings if f.rule_id == "manifest.cell_unparseable")
    assert (cell.enterprise, cell.severity) == (HAIER, "warning")
    assert "待定" in cell.message.zh


# --- eligibility -------------------------------------------------------------------


def test_uscc_invalid() -> None:
    code = uscc(1)[:-1] + ("0" if uscc(1)[-1] != "0" else "1")
    f = only(run_checks(batch(row(1, uscc=code))), "uscc.invalid")
    assert f.enterprise == HAIER
    assert code in f.message.zh and "校验码" in f.message.zh
    assert "check character" in f.message.en


def test_loss_names_the_years_and_amounts() -> None:
    profits = ((2021, Decimal(10)), (2022, Decimal("-50.00")), (2023, Decimal(0)))
    f = only(run_checks(batch(row(1, profits=profits))), "eligibility.loss")
    assert "2022年 -50 万元" in f.message.zh and "2023年 0 万元" in f.message.zh
    assert f.details["profits"] == {"2022": "-50.00", "2023": "0"}


def test_profit_missing_when_a_cell_is_empty() -> None:
    profits = ((2021, Decimal(10)), (2022, None), (2023, Decimal(30)))
    f = only(run_checks(batch(row(1, profits=profits))), "eligibility.profit_missing")
    assert f.details["years"] == [2022]
    assert "2022年" in f.message.zh


def test_profit_missing_when_the_table_has_too_few_years() -> None:
    profits = ((2022, Decimal(10)), (2023, Decimal(30)))
    f = only(run_checks(batch(row(1, profits=profits))), "eligibility.profit_missing")
    assert f.details["years"] == [2021]


def _unit_rows(count: int, own: bool = False) -> list[ManifestRow]:
    names = [f"{city}精工机械有限公司" for city in "甲乙丙丁戊己庚辛"]
    return [row(i + 1, names[i], unit_ran_own_activity=own) for i in range(count)]


@pytest.mark.parametrize(("count", "own"), [(3, False), (5, True)])
def test_quota_reached_exactly_is_fine(count: int, own: bool) -> None:
    assert run_checks(batch(*_unit_rows(count, own))) == []


@pytest.mark.parametrize(("count", "own", "quota"), [(4, False, 3), (6, True, 5)])
def test_quota_exceeded_names_each_row_beyond_it(count: int, own: bool, quota: int) -> None:
    rows = _unit_rows(count, own)
    f = only(run_checks(batch(*reversed(rows))), "quota.exceeded")  # 序号 order, not row order
    assert f.enterprise == rows[-1].enterprise and f.seq == count
    assert f.details == {"recommending_unit": UNIT, "quota": quota, "count": count, "place": count}
    assert f"名额为 {quota} 项" in f.message.zh and f"推荐了 {count} 项" in f.message.zh


def test_quota_counts_per_unit_and_follows_the_limits() -> None:
    rows = _unit_rows(4)
    rows[3] = replace(rows[3], recommending_unit="江苏省工业和信息化厅")
    assert run_checks(batch(*rows)) == []
    findings = run_checks(batch(*rows, limits=RuleLimits(quota=2)))
    assert [(f.rule_id, f.seq) for f in findings] == [("quota.exceeded", 3)]


@pytest.mark.parametrize(
    "code",
    ["C3825", "3825", "38", "C", "c38", "C38 电气机械和器材制造业", "Ｃ３８２５", "B0610", "D4411",
     "G5810", "I6510", "J6620", "L7211", "M7320", "F5179"],
)  # fmt: skip
def test_industry_in_scope(code: str) -> None:
    assert run_checks(batch(row(1, industry_code=code))) == []


@pytest.mark.parametrize(
    ("code", "division"),
    [
        ("K7010", "70"),
        ("H6110", "61"),
        ("8411", "84"),
        ("E4710", "47"),
        ("A0111", "01"),
        ("K", None),
    ],
)
def test_industry_out_of_scope(code: str, division: str | None) -> None:
    f = only(run_checks(batch(row(1, industry_code=code))), "industry.out_of_scope")
    assert f.details["division"] == division
    assert code in f.message.zh and "06–46" in f.message.zh


@pytest.mark.parametrize("code", ["制造业", "A38", "C3825X", "U12", "3", "C123456", "99", "F"])
def test_industry_code_unreadable_has_its_own_message(code: str) -> None:
    f = only(run_checks(batch(row(1, industry_code=code))), "industry.code_invalid")
    assert f.enterprise == HAIER
    assert "行业代码" in f.message.zh


# --- the title ----------------------------------------------------------------------


def test_title_of_exactly_the_limit_is_fine_and_one_more_is_too_long() -> None:
    fits = HAIER + "基" * 28 + "经验"
    assert len(fits) == 40
    assert run_checks(batch(row(1, title=fits))) == []
    assert run_checks(batch(row(1, title=" ".join(fits)))) == []  # spaces do not count
    f = only(run_checks(batch(row(1, title=HAIER + "基" * 29 + "经验"))), "title.too_long")
    assert f.details == {"chars": 41, "limit": 40}
    assert "41 字" in f.message.zh


@pytest.mark.parametrize(
    ("enterprise", "title"),
    [
        (HAIER, "青岛海尔股份有限公司基于人单合一模式的质量管理经验"),
        (HAIER, "海尔基于人单合一模式的质量管理经验"),
        (HAIER, "青岛海尔实施全流程质量追溯的经验"),
        ("珠海格力电器股份有限公司", "格力电器实施完美质量管理模式的经验"),
        ("中国石油化工股份有限公司", "中国石化推进卓越绩效管理的经验"),
        ("上海市质量科技有限公司", "质量科技实施六西格玛设计的经验"),
        ("腾讯科技（深圳）有限公司", "腾讯科技有限公司构建敏捷质量体系的经验"),
        ("华为技术有限公司", "“华为技术有限公司实施集成产品开发的经验”"),
    ],
)
def test_good_titles_pass_the_pattern(enterprise: str, title: str) -> None:
    assert title_pattern_problems(title, enterprise) == []


@pytest.mark.parametrize(
    ("title", "reasons"),
    [
        ("六西格玛管理实践", ["经验", "单位名称"]),
        ("基于人单合一模式的质量管理经验", ["单位名称"]),
        ("青岛海尔股份有限公司基于人单合一模式的质量管理实践", ["经验"]),
        ("青岛海尔股份有限公司的经验", ["典型方法技术"]),
    ],
)
def test_bad_titles_fail_the_pattern(title: str, reasons: list[str]) -> None:
    problems = title_pattern_problems(title, HAIER)
    assert len(problems) == len(reasons)
    for problem, word in zip(problems, reasons, strict=True):
        assert word in problem.zh


def test_title_pattern_finding() -> None:
    f = only(run_checks(batch(row(1, title="六西格玛管理实践"))), "title.pattern")
    assert (f.enterprise, f.severity) == (HAIER, "warning")
    assert "六西格玛管理实践" in f.message.zh and "单位名称＋典型方法技术＋经验" in f.message.zh


# --- the summary and the application form --------------------------------------------


def test_summary_missing() -> None:
    files = {HAIER: (APPLICATION, EVIDENCE)}
    f = only(run_checks(batch(row(1), files=files)), "summary.missing")
    assert f.enterprise == HAIER and f.file is None


def test_summary_unreadable_skips_the_section_rules() -> None:
    locked = CheckedFile(
        "典型经验材料.docx", 1000, Inspection(FileStatus.ENCRYPTED, "docx", "password"), "summary"
    )
    findings = run_checks(batch(row(1), files={HAIER: (APPLICATION, locked)}))
    assert ids(findings) == ["file.encrypted", "summary.unreadable"]
    assert {f.file for f in findings} == {"典型经验材料.docx"}
    assert "未检查其章节" in findings[1].message.zh


@pytest.mark.parametrize(
    "titles",
    [
        ("摘要", "企业概况", "推进和应用情况", "实施效果"),
        ("一、摘要", "二、企业概况", "三、典型经验推进和应用情况", "（四）实施效果"),
        ("摘 要", "二．单位概况", "3. 管理方法（技术）的推进与应用情况",
         "第四部分 管理方法（技术）的实施效果"),
        ("【摘要】", "(二)公司简介", "三、六西格玛设计推进及应用情况", "四、应用成效"),
    ],
)  # fmt: skip
def test_sections_are_found_under_varied_headings(titles: tuple[str, ...]) -> None:
    sections = tuple(Section(t, 1, 100, True) for t in titles)
    assert set(find_sections(sections)) == {"abstract", "overview", "progress", "results"}
    assert run_checks(batch(row(1), files={HAIER: (APPLICATION, summary(sections))})) == []


def test_section_missing_names_the_section_and_file() -> None:
    sections = tuple(s for s in SECTIONS if "概况" not in s.title)
    findings = run_checks(batch(row(1), files={HAIER: (APPLICATION, summary(sections))}))
    f = only(findings, "summary.section_missing")
    assert (f.enterprise, f.file, f.details["section"]) == (HAIER, "典型经验材料.docx", "企业概况")


def test_the_outer_heading_counts_when_a_subheading_repeats_the_name() -> None:
    sections = (*SECTIONS, Section("（三）实施效果分析", 2, 9000, False))
    assert run_checks(batch(row(1), files={HAIER: (APPLICATION, summary(sections))})) == []


@pytest.mark.parametrize(("index", "limit"), [(0, 500), (1, 500), (2, 8000), (4, 2000)])
def test_section_too_long(index: int, limit: int) -> None:
    at_limit = list(SECTIONS)
    at_limit[index] = replace(SECTIONS[index], chars=limit)
    files = {HAIER: (APPLICATION, summary(tuple(at_limit)))}
    assert run_checks(batch(row(1), files=files)) == []
    over = list(SECTIONS)
    over[index] = replace(SECTIONS[index], chars=limit + 1)
    files = {HAIER: (APPLICATION, summary(tuple(over)))}
    f = only(run_checks(batch(row(1), files=files)), "summary.section_too_long")
    assert f.details["chars"] == limit + 1 and f.details["limit"] == limit
    assert f"{limit + 1} 字" in f.message.zh


def test_results_without_a_year_table() -> None:
    sections = (*SECTIONS[:4], replace(SECTIONS[4], has_year_table=False))
    f = only(
        run_checks(batch(row(1), files={HAIER: (APPLICATION, summary(sections))})),
        "summary.no_data_table",
    )
    assert (f.file, f.severity) == ("典型经验材料.docx", "warning")


def test_application_missing_is_a_warning() -> None:
    f = only(run_checks(batch(row(1), files={HAIER: (summary(), EVIDENCE)})), "application.missing")
    assert (f.enterprise, f.severity) == (HAIER, "warning")


# --- the files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "rule_id"),
    [
        (FileStatus.ENCRYPTED, "file.encrypted"),
        (FileStatus.CORRUPT, "file.corrupt"),
        (FileStatus.WRONG_TYPE, "file.wrong_type"),
        (FileStatus.EMPTY, "file.empty"),
        (FileStatus.LEGACY_DOC, "file.legacy_doc"),
        (FileStatus.EXECUTABLE, "file.executable"),
        (FileStatus.UNSUPPORTED, "file.unsupported"),
        (FileStatus.HOSTILE, "file.hostile"),
        (FileStatus.CRASHED, "file.unreadable"),
    ],
)
def test_each_file_status_has_its_rule(status: FileStatus, rule_id: str) -> None:
    bad = CheckedFile("证书扫描件.pdf", 1000, Inspection(status, "exe", "because"), "evidence")
    f = only(run_checks(batch(row(1), files={HAIER: (*FILES, bad)})), rule_id)
    assert (f.enterprise, f.file, f.seq) == (HAIER, "证书扫描件.pdf", 1)
    assert "证书扫描件.pdf" in f.message.zh and "because" in f.message.zh
    assert "证书扫描件.pdf" in f.message.en
    assert f.details["status"] == status.value


def test_dossier_too_large() -> None:
    limit = RuleLimits().dossier_bytes
    fits = (APPLICATION, summary(), replace(EVIDENCE, size=limit - 550_000))
    assert run_checks(batch(row(1), files={HAIER: fits})) == []
    big = (APPLICATION, summary(), replace(EVIDENCE, size=limit))
    f = only(run_checks(batch(row(1), files={HAIER: big})), "file.too_large")
    assert f.details["bytes"] == limit + 550_000
    assert "200.5 MB" in f.message.zh and "200 MB" in f.message.en


# --- order --------------------------------------------------------------------------


def test_findings_are_sorted_by_seq_then_rule() -> None:
    rows = [
        row(2, "华为技术有限公司", uscc="1", title="实践"),
        row(1, industry_code="K7010", profits=((2021, None), (2022, None), (2023, Decimal(1)))),
    ]
    findings = run_checks(batch(*rows, folders=[HAIER, "华为技术有限公司", "某某科技有限公司"]))
    keys = [(f.seq, f.rule_id) for f in findings]
    assert keys == [
        (1, "eligibility.profit_missing"),
        (1, "industry.out_of_scope"),
        (2, "title.pattern"),
        (2, "uscc.invalid"),
        (None, "manifest.extra_folder"),
    ]


def test_a_table_read_from_xlsx_flows_into_the_rules() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2024年全国质量标杆推荐汇总表"])
    sheet.append(
        [
            "序号",
            "企业名称",
            "统一社会信用代码",
            "推荐单位",
            "行业代码",
            "典型经验名称",
            "2021年利润总额（万元）",
            "2022年利润总额（万元）",
            "2023年利润总额（万元）",
        ]
    )
    sheet.append(
        [
            1,
            "青岛海尔（集团）股份有限公司",
            uscc(1),
            UNIT,
            "C3851",
            "海尔基于人单合一模式的质量管理经验",
            "1,200",
            "1,300",
            "亏损",
        ]
    )
    sheet.append([2, "", "", UNIT])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_manifest(buffer.getvalue())
    match = match_folders(table.rows, ["青岛海尔(集团)股份有限公司", "__MACOSX"])
    dossiers = tuple(CheckedDossier(m.row, m.folder, FILES) for m in match.matches)
    findings = run_checks(CheckInput(dossiers, match, problems=table.problems))
    assert sorted(ids(findings)) == [
        "eligibility.profit_missing",
        "manifest.cell_unparseable",
        "manifest.name_mismatch",
        "manifest.row_incomplete",
    ]
