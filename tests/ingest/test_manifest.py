"""Reading real .xlsx 汇总表 files written with openpyxl, and pairing rows with folders."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal

import openpyxl
import pytest

from app.errors import InputRefused
from app.ingest import manifest
from app.ingest.manifest import (
    ManifestRow,
    match_folders,
    normalise_name,
    parse_amount,
    read_manifest,
)

HEADER = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "推荐单位",
    "推荐单位开展本地区活动",
    "所属行业",
    "行业代码",
    "聚焦领域",
    "典型经验名称",
    "2021年利润总额（万元）",
    "2022年利润总额（万元）",
    "2023年利润总额（万元）",
    "联系人",
    "联系电话",
]


def xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    """A real workbook with ``rows`` on its first sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def haier_row(seq: object = 1) -> list[object]:
    return [
        seq,
        "青岛海尔股份有限公司",
        "91370200163562681G",
        "青岛市工业和信息化局",
        "是",
        "家用电力器具制造",
        "C3851",
        "推动质量管理体系升级",
        "青岛海尔股份有限公司基于人单合一模式的质量管理经验",
        1200,
        "1,350.5",
        "2,000万元",
        "张三",
        "0532-88888888",
    ]


def test_reads_title_row_and_all_fields() -> None:
    data = xlsx([["2024年全国质量标杆推荐汇总表"], HEADER, haier_row()])
    result = read_manifest(data)
    assert result.header_row == 2
    assert result.profit_years == (2021, 2022, 2023)
    assert result.problems == ()
    (row,) = result.rows
    assert row.row_number == 3
    assert row.seq == 1
    assert row.enterprise == "青岛海尔股份有限公司"
    assert row.uscc == "91370200163562681G"
    assert row.recommending_unit == "青岛市工业和信息化局"
    assert row.unit_ran_own_activity is True
    assert row.industry == "家用电力器具制造"
    assert row.industry_code == "C3851"
    assert row.focus_area == "推动质量管理体系升级"
    assert row.title.startswith("青岛海尔")
    assert row.profits == (
        (2021, Decimal(1200)),
        (2022, Decimal("1350.5")),
        (2023, Decimal(2000)),
    )
    assert (row.contact, row.phone) == ("张三", "0532-88888888")


def test_a_title_row_mentioning_the_name_column_is_not_the_header() -> None:
    data = xlsx([["2024年质量标杆推荐汇总表（按企业名称笔画排序）"], [], HEADER, haier_row()])
    result = read_manifest(data)
    assert result.header_row == 3
    assert [r.row_number for r in result.rows] == [4]


def test_columns_in_another_order_with_full_width_and_spaced_headers() -> None:
    order = [8, 13, 2, 1, 11, 10, 9, 6, 3, 0, 4, 5, 7, 12]
    header = [HEADER[i] for i in order]
    header[header.index("企业名称")] = "企业　名称"  # U+3000 inside
    header[header.index("统一社会信用代码")] = "统一社会信用代码（18位）"
    header[header.index("推荐单位开展本地区活动")] = "推荐单位开展本地区活动（是/否）"
    values = haier_row()
    values[1] = "青岛海尔（集团）有限公司"
    values[4] = "√"
    data = xlsx([header, [values[i] for i in order]])
    (row,) = read_manifest(data).rows
    assert row.enterprise == "青岛海尔（集团）有限公司"
    assert row.uscc == "91370200163562681G"
    assert row.recommending_unit == "青岛市工业和信息化局"
    assert row.unit_ran_own_activity is True
    assert row.industry_code == "C3851"
    assert row.profits[1] == (2022, Decimal("1350.5"))


def test_blank_rows_are_skipped_and_a_row_without_a_name_is_a_problem() -> None:
    nameless = haier_row(3)
    nameless[1] = "  "
    data = xlsx([HEADER, haier_row(1), [None] * 5, ["", "", ""], nameless])
    result = read_manifest(data)
    assert [r.seq for r in result.rows] == [1]
    assert [(p.row_number, p.kind) for p in result.problems] == [(5, "missing_enterprise")]


def test_unreadable_cells_are_noted_and_profit_is_none() -> None:
    row = haier_row("一")
    row[4] = "待定"
    row[10] = "亏损"
    row[11] = None
    result = read_manifest(xlsx([HEADER, row]))
    (parsed,) = result.rows
    assert parsed.seq == 1  # falls back to the ordinal
    assert parsed.unit_ran_own_activity is False
    assert parsed.profits == ((2021, Decimal(1200)), (2022, None), (2023, None))
    noted = {(p.kind, p.column, p.value) for p in result.problems}
    assert noted == {
        ("unparseable", "序号", "一"),
        ("unparseable", "推荐单位开展本地区活动", "待定"),
        ("unparseable", "2022年利润", "亏损"),
    }


def test_duplicate_enterprise_is_noted() -> None:
    twin = haier_row(2)
    twin[1] = "青岛海尔股份有限公司 "
    result = read_manifest(xlsx([HEADER, haier_row(1), twin]))
    assert len(result.rows) == 2
    assert [(p.kind, p.row_number) for p in result.problems] == [("duplicate", 3)]


@pytest.mark.parametrize(
    ("dropped", "zh", "en"),
    [
        ("统一社会信用代码", "统一社会信用代码", "USCC"),
        ("行业代码", "行业代码", "industry code"),
        ("典型经验名称", "典型经验名称", "experience title"),
    ],
)
def test_missing_column_is_refused_naming_it(dropped: str, zh: str, en: str) -> None:
    index = HEADER.index(dropped)
    header = HEADER[:index] + HEADER[index + 1 :]
    values = haier_row()
    values = values[:index] + values[index + 1 :]
    with pytest.raises(InputRefused) as caught:
        read_manifest(xlsx([header, values]))
    assert zh in caught.value.text.zh
    assert "缺少" in caught.value.text.zh
    assert en in caught.value.text.en


def test_missing_profit_columns_are_refused() -> None:
    header = [h for h in HEADER if "利润" not in h]
    with pytest.raises(InputRefused) as caught:
        read_manifest(xlsx([header, ["1", "某公司"]]))
    assert "利润" in caught.value.text.zh
    assert "profit" in caught.value.text.en


def test_no_header_row_is_refused() -> None:
    with pytest.raises(InputRefused) as caught:
        read_manifest(xlsx([["名单"], ["甲", "乙"]]))
    assert "企业名称" in caught.value.text.zh


@pytest.mark.parametrize("rows", [[], [HEADER]])
def test_empty_table_is_refused(rows: Sequence[Sequence[object]]) -> None:
    with pytest.raises(InputRefused) as caught:
        read_manifest(xlsx(rows))
    assert "空" in caught.value.text.zh or "没有企业" in caught.value.text.zh


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"plain text, not a workbook", "not an .xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), ".xls"),
        (b"PK\x03\x04 truncated", "damaged"),
    ],
)
def test_not_an_xlsx_is_refused(data: bytes, needle: str) -> None:
    with pytest.raises(InputRefused) as caught:
        read_manifest(data)
    assert needle in caught.value.text.en


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputRefused) as caught:
        read_manifest(buffer.getvalue())
    assert "not an Excel workbook" in caught.value.text.en


def test_xml_with_a_dtd_is_refused() -> None:
    source = zipfile.ZipFile(io.BytesIO(xlsx([HEADER, haier_row()])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/workbook.xml":
                content = b'<!DOCTYPE lol [<!ENTITY lol "lol">]>' + content
            archive.writestr(entry, content)
    with pytest.raises(InputRefused) as caught:
        read_manifest(buffer.getvalue())
    assert "DTD" in caught.value.text.en


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manifest, "MAX_ROWS", 3)
    rows = [HEADER] + [haier_row(i) for i in range(1, 5)]
    with pytest.raises(InputRefused) as caught:
        read_manifest(xlsx(rows))
    assert "more than 3 rows" in caught.value.text.en
    assert len(read_manifest(xlsx(rows[:4])).rows) == 3


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (1200, Decimal(1200)),
        (1350.5, Decimal("1350.5")),
        ("1,234.5", Decimal("1234.5")),
        ("１，２３４", Decimal(1234)),
        ("2000万元", Decimal(2000)),
        (" -12.5 ", Decimal("-12.5")),
        ("（12）", Decimal(-12)),
        ("−3", Decimal(-3)),
        ("", None),
        (None, None),
        ("亏损", None),
        ("NaN", None),
        ("1.2.3", None),
        (True, None),
    ],
)
def test_parse_amount(cell: object, expected: Decimal | None) -> None:
    assert parse_amount(cell) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("青岛海尔（集团）有限公司", "青岛海尔(集团)有限公司"),
        ("青岛海尔 股份有限公司", "青岛海尔股份有限公司"),
        ("青岛海尔\u3000股份有限公司", "青岛海尔股份有限公司"),
        ("中车【青岛】四方", "中车(青岛)四方"),
        ("ＡＢＢ（中国）有限公司", "abb(中国)有限公司"),
        ("宝钢—湛江钢铁", "宝钢-湛江钢铁"),
        ("爱德华・格林", "爱德华·格林"),
    ],
)
def test_normalise_name(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def _row(number: int, name: str) -> ManifestRow:
    return ManifestRow(
        row_number=number,
        seq=number,
        enterprise=name,
        uscc="",
        recommending_unit="",
        unit_ran_own_activity=False,
        industry="",
        industry_code="",
        focus_area="",
        title="",
        profits=(),
        contact="",
        phone="",
    )


def test_matching_reports_exact_mismatched_missing_and_extra() -> None:
    rows = [
        _row(2, "青岛海尔股份有限公司"),
        _row(3, "上海电气（集团）有限公司"),
        _row(4, "华为技术有限公司"),
        _row(5, "格力电器股份有限公司"),
    ]
    folders = [
        "青岛海尔股份有限公司",
        "上海电气 (集团) 有限公司",
        "03-格力电器股份有限公司",
        "某某科技有限公司",
        "__MACOSX",
        ".DS_Store",
    ]
    result = match_folders(rows, folders)
    assert [(m.row.row_number, m.folder, m.exact) for m in result.matches] == [
        (2, "青岛海尔股份有限公司", True),
        (3, "上海电气 (集团) 有限公司", False),
        (5, "03-格力电器股份有限公司", False),
    ]
    mismatch = {(m.row.enterprise, m.folder) for m in result.name_mismatches}
    assert ("上海电气（集团）有限公司", "上海电气 (集团) 有限公司") in mismatch
    assert [r.enterprise for r in result.missing_folders] == ["华为技术有限公司"]
    assert result.extra_folders == ("某某科技有限公司",)
    assert result.ignored_folders == ("__MACOSX", ".DS_Store")
    assert result.folder_for(rows[1]) == "上海电气 (集团) 有限公司"
    assert result.folder_for(rows[2]) is None


def test_exact_match_wins_over_a_normalised_one() -> None:
    rows = [_row(2, "甲公司（北京）"), _row(3, "甲公司(北京)")]
    result = match_folders(rows, ["甲公司(北京)", "甲公司（北京）"])
    assert all(m.exact for m in result.matches)
    assert {(m.row.row_number, m.folder) for m in result.matches} == {
        (2, "甲公司（北京）"),
        (3, "甲公司(北京)"),
    }


def test_a_folder_serves_one_row_only() -> None:
    rows = [_row(2, "甲公司"), _row(3, "甲公司")]
    result = match_folders(rows, ["甲公司"])
    assert [m.row.row_number for m in result.matches] == [2]
    assert [r.row_number for r in result.missing_folders] == [3]
