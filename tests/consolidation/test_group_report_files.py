"""The group report's JSON, PDF and XLSX made from a hand-made table (no store, unsigned)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pymupdf
import pytest

from app.consolidation.report import REPORT_FORMAT, GroupReport, VerificationRow
from app.consolidation.report_pdf import render_report_pdf
from app.consolidation.report_rows import dropped_members
from app.consolidation.report_xlsx import DETAIL, NOTES, SUMMARY, VERIFICATION
from app.consolidation.report_xlsx import write_group_report_xlsx as write_xlsx
from app.consolidation.table import AssignedDossier, GroupTable, ShortlistDecision, consolidate
from app.models.round import Person, Role
from app.sheets.payload import GENESIS
from tests.consolidation.crafted import GROUP, entry, make_round, sheet, spread_evenly
from tests.consolidation.test_group_table import crafted_table

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
REASON = "显效性数据扎实，对标数据完整"
CONSENSUS = "三位专家一致认为该企业的质量管理方法科学、系统，效果数据充分，建议进入答辩。"


@pytest.fixture(scope="module")
def table() -> GroupTable:
    decision = ShortlistDecision("d2", True, REASON, "李明华", "2024-05-02T08:00:00+00:00")
    return crafted_table(
        decisions=[decision], consensus={"d3": CONSENSUS, "d4": "=cmd|' /C calc'!A0"}
    )


@pytest.fixture(scope="module")
def report(table: GroupTable) -> GroupReport:
    rejected = VerificationRow(
        "陈静-评分表.pdf", "", None, "rejected", "untrusted_signer",
        "签名证书不是由本轮评审的 CA 签发的。", "Not issued by this round's CA.",
        "2024-05-02T07:00:00+00:00",
    )  # fmt: skip
    return GroupReport(
        "r1:material:group:g1",
        1,
        GENESIS,
        "2024-05-02T08:00:00+00:00",
        "a" * 64,
        table,
        (rejected,),
    )


def test_the_json_carries_every_figure_and_its_source(report: GroupReport) -> None:
    data = report.to_json()
    assert data["format"] == REPORT_FORMAT and data["revision"] == 1
    assert data["prev_hash"] == GENESIS
    assert data["missing_members"] == ["p-chen"]
    assert data["shortlist"] == ["d3", "d1", "d2"]
    assert data["rule"]["trim_at"] == 5 and data["shortlist_size"] == 2
    sources = {m["id"]: m["sheet"] for m in data["members"]}
    assert sources["p-chen"] is None
    assert sources["p-zhang"]["revision"] == 1
    assert sources["p-zhang"]["content_hash"] == report.table.members[1].sheet.content_hash  # type: ignore[union-attr]
    d2 = next(d for d in data["dossiers"] if d["dossier_id"] == "d2")
    assert [m["total"] for m in d2["members"]] == ["84", "71", "65", None]
    assert [m["state"] for m in d2["members"]] == ["scored", "scored", "scored", "no_sheet"]
    assert d2["group_score"] == "73.33" and d2["spread"] == "19" and d2["rank"] == 3
    assert [(f["aspect"], f["spread"], f["limit"]) for f in d2["flags"]] == [
        (None, "19", "15"),
        ("effect", "13", "12.5"),
    ]
    assert (d2["computed_shortlist"], d2["shortlist"], d2["changed"]) == (False, True, True)
    assert d2["decision"]["reason"] == REASON
    d1 = next(d for d in data["dossiers"] if d["dossier_id"] == "d1")
    assert d1["group_score"] == "82.50" and d1["members"][2]["state"] == "conflict"
    d3 = next(d for d in data["dossiers"] if d["dossier_id"] == "d3")
    assert d3["consensus"] == CONSENSUS
    assert data["agreement"]["measure"] == "kendalls_w_tie_corrected"
    assert data["agreement"]["w"] == round(7 / 9, 4) and data["agreement"]["aid"] is True
    assert data["verification"][0]["code"] == "untrusted_signer"
    assert len(report.content_hash) == 64


def test_the_pdf_embeds_the_cjk_font_and_says_what_matters(report: GroupReport) -> None:
    rendered = render_report_pdf(report)
    with pymupdf.open(stream=rendered.pdf) as doc:
        assert doc[0].rect.width > doc[0].rect.height  # landscape
        fonts = {f[3] for page in doc for f in page.get_fonts()}
        assert any("WenQuanYi" in name for name in fonts), fonts
        assert all(f[1] == "ttf" for page in doc for f in page.get_fonts() if "WenQuanYi" in f[3])
        text = "".join(page.get_text() for page in doc)
        ARTIFACTS.mkdir(exist_ok=True)
        doc[0].get_pixmap(dpi=110).save(ARTIFACTS / "group-report-crafted-p1.png")
        last = doc[rendered.signature_page]
        x1, y1, x2, y2 = rendered.signature_box
        # the box is on the page and nothing is drawn in it (PDF y grows upwards)
        assert 0 < x1 < x2 < last.rect.width and 0 < y1 < y2 < last.rect.height
        box = pymupdf.Rect(x1, last.rect.height - y2, x2, last.rect.height - y1)
        assert last.get_text(clip=box).strip() == ""
    for expected in (
        "专业组评审汇总表",
        "尚未收到以下成员的评分表：陈静",
        "73.33",
        "82.50",
        "回避",
        "未提交",
        "入围（组长调入）",
        f"组长调入（李明华）：{REASON}",
        "总分极差 19 分，超过 15 分（多 4 分）",
        "合议意见：三位专家一致认为",
        "W = 0.78",
        "组长电子签名",
    ):
        assert "".join(expected.split()) in "".join(text.split()), expected


def test_the_xlsx_holds_the_same_numbers(report: GroupReport, tmp_path: Path) -> None:
    path = tmp_path / "汇总表.xlsx"
    write_xlsx(report, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [SUMMARY, DETAIL, VERIFICATION, NOTES]
    summary = book[SUMMARY]
    header = [c.value for c in summary[1]]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in summary.iter_rows(2, values_only=True)}
    assert [rows[seq]["排名"] for seq in (3, 1, 2, 4)] == [1, 2, 3, 4]
    d2 = rows[2]
    assert (d2["李明华"], d2["张伟"], d2["刘芳"], d2["陈静"]) == (84, 71, 65, "未提交")
    assert Decimal(str(d2["组评分"])) == Decimal("73.33") and d2["极差"] == 19
    assert (d2["计算入围"], d2["最终入围"]) == ("否", "是")
    assert REASON in d2["入围说明"] and "总分极差 19 分" in d2["分歧提示"]
    assert rows[1]["刘芳"] == "回避" and Decimal(str(rows[1]["组评分"])) == Decimal("82.5")
    formula_like = next(c for c in summary["R"] if c.value == "=cmd|' /C calc'!A0")
    assert formula_like.data_type == "s"  # kept as text, never a formula
    detail = book[DETAIL]
    dh = [c.value for c in detail[1]]
    lines = [dict(zip(dh, r, strict=True)) for r in detail.iter_rows(2, values_only=True)]
    zhang_d2 = next(x for x in lines if x["序号"] == 2 and x["成员"] == "张伟")
    assert zhang_d2["显效性（25）"] == 11 and zhang_d2["总分"] == 71
    assert len(lines) == 4 * 4  # every dossier × every member, missing ones included
    verification = list(book[VERIFICATION].iter_rows(2, values_only=True))
    assert verification[0][0] == "陈静-评分表.pdf" and verification[0][3] == "拒收"


def test_the_dropped_extremes_are_marked_once_each(tmp_path: Path) -> None:
    people = tuple(
        Person(f"p{i}", name, "单位", Role.EXPERT, GROUP.id)
        for i, name in enumerate(("赵一", "钱二", "孙三", "李四", "周五"))
    )
    totals = (90, 90, 80, 70, 70)
    sheets = [
        sheet(p, [entry("d1", spread_evenly(Decimal(t)))])
        for p, t in zip(people, totals, strict=True)
    ]
    dossier = AssignedDossier("d1", 1, "企业d1", "典型经验")
    table = consolidate(make_round(), GROUP, people, sheets, [dossier])
    line = table.lines[0]
    assert line.dropped == (Decimal(90), Decimal(70))
    assert line.group_score == Decimal("80.00")  # (90 + 80 + 70) / 3
    assert dropped_members(line) == {0, 3}  # the first 90 and the first 70
    report = GroupReport("r1:material:group:g1", 1, GENESIS, "2024-05-02T08:00:00+00:00", "", table)
    with pymupdf.open(stream=render_report_pdf(report).pdf) as doc:
        text = "".join(doc[0].get_text().split())
        ARTIFACTS.mkdir(exist_ok=True)
        doc[0].get_pixmap(dpi=110).save(ARTIFACTS / "group-report-trimmed-p1.png")
    assert "（90）" in text and "（70）" in text and text.count("（90）") == 1
