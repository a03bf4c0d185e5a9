"""The demo batch and the defect fixture batch: deterministic, well-formed, defects as recorded."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pymupdf
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from app.demo.batch import ZIP_FOLDER, DemoBatch, build_demo_batch, build_demo_zip
from app.demo.defects import DEFAULT_PADDING_BYTES, build_defect_batch, defect_plans
from app.demo.manifest import MANIFEST_HEADERS
from app.demo.uscc import make_uscc
from app.formal.uscc import check_char, is_valid_uscc
from app.formal.uscc import is_valid_uscc as formal_is_valid

mupdf: Any = pymupdf

SECTION_LIMITS = {"摘要": 500, "企业概况": 500, "推进和应用情况": 8000, "实施效果": 2000}
SECTION_TARGETS = {
    "摘要": (300, 480),
    "企业概况": (300, 480),
    "推进和应用情况": (2000, 5000),
    "实施效果": (800, 1800),
}
SUMMARY_DEFECTS = {"summary.section_too_long", "summary.section_missing", "summary.no_data_table"}
DEFECT_RULES = {
    "manifest.missing_folder",
    "manifest.extra_folder",
    "manifest.name_mismatch",
    "uscc.invalid",
    "eligibility.loss",
    "quota.exceeded",
    "industry.out_of_scope",
    "title.too_long",
    "title.pattern",
    "summary.section_missing",
    "summary.section_too_long",
    "summary.no_data_table",
    "file.encrypted",
    "file.corrupt",
    "file.wrong_type",
    "file.empty",
    "file.legacy_doc",
    "file.executable",
    "file.too_large",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoBatch:
    return build_demo_batch(tmp_path_factory.mktemp("demo") / "batch")


@pytest.fixture(scope="module")
def defect(tmp_path_factory: pytest.TempPathFactory) -> DemoBatch:
    return build_defect_batch(tmp_path_factory.mktemp("defects") / "batch")


def manifest(root: Path) -> list[dict[str, Any]]:
    sheet = load_workbook(root / "汇总表.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert "质量标杆" in str(rows[0][0])
    assert tuple(rows[1]) == MANIFEST_HEADERS
    return [dict(zip(MANIFEST_HEADERS, row, strict=True)) for row in rows[2:]]


def folders(root: Path) -> dict[str, Path]:
    """Enterprise folders by the table name they belong to (width and spaces normalised)."""

    def key(name: str) -> str:
        return name.replace("(", "（").replace(")", "）").replace(" ", "")

    return {key(p.name): p for p in root.iterdir() if p.is_dir()}


def blocks(path: Path) -> list[tuple[str, Any]]:
    """(text, paragraph or table) in document order."""
    out: list[tuple[str, Any]] = []
    for item in docx.Document(str(path)).iter_inner_content():
        if isinstance(item, Paragraph):
            out.append((item.text, item))
        elif isinstance(item, Table):
            text = "".join(cell.text for row in item.rows for cell in row.cells)
            out.append((text, item))
    return out


def sections(path: Path) -> dict[str, str]:
    """Body text under each top-level heading 一、… 四、, tables included."""
    found: dict[str, str] = {}
    current: str | None = None
    for text, _ in blocks(path):
        heading = re.match(r"^[一二三四]、(.+)$", text)
        if heading:
            current = heading.group(1)
            found[current] = ""
        elif current is not None:
            found[current] += text
    return found


def chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def defects_by_rule(batch: DemoBatch) -> dict[str, str]:
    rules = Counter(rule for rule, _ in batch.defects)
    assert all(count == 1 for count in rules.values()), rules
    return dict(batch.defects)


def test_uscc_check_character() -> None:
    # A published example code (GB 32100-2015 style) and the generator agree with the formula.
    assert check_char("91350100M000100Y4") == "3"
    code = make_uscc("320412", "71402538")
    assert len(code) == 18 and is_valid_uscc(code) and formal_is_valid(code)
    assert not is_valid_uscc(code[:17] + ("0" if code[17] != "0" else "1"))


def test_demo_is_deterministic(demo: DemoBatch, tmp_path: Path) -> None:
    again = build_demo_batch(tmp_path / "again")
    assert again.enterprises == demo.enterprises and again.defects == demo.defects
    assert manifest(again.root) == manifest(demo.root)
    first, second = folders(demo.root), folders(again.root)
    assert first.keys() == second.keys()
    for name, folder in first.items():
        files = sorted(p.name for p in folder.iterdir())
        assert files == sorted(p.name for p in second[name].iterdir())
        texts = [t for t, _ in blocks(folder / "典型经验材料.docx")]
        assert texts == [t for t, _ in blocks(second[name] / "典型经验材料.docx")]


def test_demo_layout_and_file_types(demo: DemoBatch) -> None:
    rows = manifest(demo.root)
    assert len(rows) == len(demo.enterprises) >= 10
    assert [r["企业名称"] for r in rows] == list(demo.enterprises)
    assert [r["序号"] for r in rows] == list(range(1, len(rows) + 1))
    by_name = folders(demo.root)
    assert set(by_name) == set(demo.enterprises)
    for folder in by_name.values():
        names = {p.name for p in folder.iterdir()}
        assert {"申报书.pdf", "典型经验材料.docx"} <= names
        assert 1 <= len([n for n in names if n.startswith("证明材料")]) <= 2
        for path in folder.iterdir():
            data = path.read_bytes()
            if path.suffix == ".pdf":
                assert data.startswith(b"%PDF-")
            elif path.suffix == ".docx":
                assert zipfile.is_zipfile(path)
                assert "word/document.xml" in zipfile.ZipFile(path).namelist()
            elif path.suffix == ".doc":
                assert data.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
            else:
                pytest.fail(f"unexpected file {path}")


def test_scans_are_images_and_the_form_is_text(demo: DemoBatch) -> None:
    for name, folder in folders(demo.root).items():
        form = mupdf.open(folder / "申报书.pdf")
        assert 2 <= form.page_count <= 4
        text = "".join(page.get_text() for page in form)
        assert name in text and "申报单位承诺" in text
        row = next(r for r in manifest(demo.root) if r["企业名称"] == name)
        assert row["统一社会信用代码"] in text
        for scan in folder.glob("证明材料*.pdf"):
            assert scan.stat().st_size < 1_500_000
            document = mupdf.open(scan)
            assert 1 <= document.page_count <= 3
            for page in document:
                assert page.get_text().strip() == ""
                assert len(page.get_images()) == 1


def test_headings_come_in_both_styles(demo: DemoBatch) -> None:
    styled = bold = 0
    for folder in folders(demo.root).values():
        heading = next(p for t, p in blocks(folder / "典型经验材料.docx") if t == "一、摘要")
        if heading.style.name == "Heading 1":
            styled += 1
        else:
            assert heading.style.name == "Normal"
            assert all(run.bold for run in heading.runs)
            bold += 1
        east_asian = heading.runs[0]._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        assert east_asian in ("宋体", "黑体")
    assert styled >= 3 and bold >= 3


def test_rows_pass_the_rules_except_the_seeded_defects(demo: DemoBatch) -> None:
    seeded = defects_by_rule(demo)
    units = Counter(r["推荐单位"] for r in manifest(demo.root))
    assert max(units.values()) <= 3
    for row in manifest(demo.root):
        name = row["企业名称"]
        assert is_valid_uscc(row["统一社会信用代码"]) == (name != seeded["uscc.invalid"])
        profits = [row[h] for h in MANIFEST_HEADERS if h.endswith("利润总额（万元）")]
        assert all(p > 0 for p in profits) == (name != seeded["eligibility.loss"])
        title = row["典型经验名称"]
        assert (len(title) <= 40) == (name != seeded["title.too_long"])
        assert title.startswith(name) and title.endswith("经验")
        assert re.fullmatch(r"[A-Z]\d{4}", row["行业代码"])
    mismatched = seeded["manifest.name_mismatch"]
    assert mismatched not in {p.name for p in demo.root.iterdir()}


def test_summary_sections_within_limits(demo: DemoBatch) -> None:
    seeded = defects_by_rule(demo)
    for name, folder in folders(demo.root).items():
        found = sections(folder / "典型经验材料.docx")
        assert list(found) == list(SECTION_LIMITS)
        for section, text in found.items():
            count = chars(text)
            if name == seeded["summary.section_too_long"] and section == "摘要":
                assert count > SECTION_LIMITS[section]
                continue
            low, high = SECTION_TARGETS[section]
            assert low <= count <= high, (name, section, count)
        assert all(str(year) in found["实施效果"] for year in (2021, 2022, 2023))


def test_zip_holds_the_same_batch(demo: DemoBatch, tmp_path: Path) -> None:
    batch = build_demo_zip(tmp_path / "demo.zip")
    assert batch.root == tmp_path / "demo.zip"
    assert batch.enterprises == demo.enterprises and batch.defects == demo.defects
    with zipfile.ZipFile(batch.root) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        assert all(i.flag_bits & 0x800 for i in infos)
        names = {i.filename.removeprefix(f"{ZIP_FOLDER}/") for i in infos}
    on_disk = {p.relative_to(demo.root).as_posix() for p in demo.root.rglob("*") if p.is_file()}
    assert names == on_disk


def test_defect_batch_has_one_enterprise_per_defect(defect: DemoBatch) -> None:
    seeded = defects_by_rule(defect)
    assert set(seeded) == DEFECT_RULES
    assert len(set(seeded.values())) == len(seeded), "each defect on its own enterprise"
    rows = manifest(defect.root)
    by_name = {r["企业名称"]: r for r in rows}
    on_disk = folders(defect.root)
    assert seeded["manifest.missing_folder"] in by_name
    assert seeded["manifest.missing_folder"] not in on_disk
    assert seeded["manifest.extra_folder"] in on_disk
    assert seeded["manifest.extra_folder"] not in by_name
    assert seeded["manifest.name_mismatch"] not in {p.name for p in defect.root.iterdir()}
    assert not is_valid_uscc(by_name[seeded["uscc.invalid"]]["统一社会信用代码"])
    assert by_name[seeded["eligibility.loss"]]["2022年利润总额（万元）"] < 0
    assert by_name[seeded["industry.out_of_scope"]]["行业代码"] == "K7010"
    assert len(by_name[seeded["title.too_long"]]["典型经验名称"]) > 40
    free = by_name[seeded["title.pattern"]]["典型经验名称"]
    assert not free.endswith("经验") and seeded["title.pattern"] not in free
    for name, row in by_name.items():
        if name not in seeded.values():
            assert is_valid_uscc(row["统一社会信用代码"]) and len(row["典型经验名称"]) <= 40


def test_defect_batch_quota(defect: DemoBatch) -> None:
    seeded = defects_by_rule(defect)
    rows = manifest(defect.root)
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_unit.setdefault(row["推荐单位"], []).append(row)
    over = [u for u in by_unit.values() if u[0]["推荐单位开展本地区活动"] == "否" and len(u) > 3]
    assert len(over) == 1 and len(over[0]) == 4
    assert over[0][3]["企业名称"] == seeded["quota.exceeded"]
    own = [u for u in by_unit.values() if u[0]["推荐单位开展本地区活动"] == "是" and len(u) == 5]
    assert own, "a unit that ran its own activity recommends five, within its quota"


def test_defect_batch_files(defect: DemoBatch) -> None:
    seeded = defects_by_rule(defect)
    on_disk = folders(defect.root)

    def folder(rule: str) -> Path:
        return on_disk[seeded[rule]]

    encrypted = next(folder("file.encrypted").glob("*专利证书.pdf"))
    assert mupdf.open(encrypted).needs_pass
    corrupt = next(folder("file.corrupt").glob("*型式试验报告.pdf"))
    assert corrupt.read_bytes().startswith(b"%PDF-")
    with pytest.raises(mupdf.FileDataError):
        mupdf.open(corrupt)
    wrong = next(folder("file.wrong_type").glob("*现场照片.pdf"))
    assert wrong.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert next(folder("file.empty").glob("*营业执照.pdf")).stat().st_size == 0
    legacy = next(folder("file.legacy_doc").glob("*.doc"))
    assert legacy.read_bytes().startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    exe = (folder("file.executable") / "附件.exe").read_bytes()
    assert (
        exe.startswith(b"MZ") and exe[int.from_bytes(exe[0x3C:0x40], "little") :][:4] == b"PE\0\0"
    )
    padding = next(folder("file.too_large").glob("*.jpg"))
    assert padding.stat().st_size == DEFAULT_PADDING_BYTES
    assert padding.read_bytes()[:3] == b"\xff\xd8\xff"


def test_defect_batch_summaries(defect: DemoBatch) -> None:
    seeded = defects_by_rule(defect)
    on_disk = folders(defect.root)
    for name, folder in on_disk.items():
        found = sections(folder / "典型经验材料.docx")
        if name == seeded["summary.section_missing"]:
            assert "实施效果" not in found and len(found) == 3
            continue
        assert list(found) == list(SECTION_LIMITS), name
        results = found["实施效果"]
        if name == seeded["summary.no_data_table"]:
            assert not re.search(r"\d", results)
        else:
            assert all(str(year) in results for year in (2021, 2022, 2023))
        too_long = name == seeded["summary.section_too_long"]
        assert (chars(found["推进和应用情况"]) > 8000) == too_long
        for section, limit in SECTION_LIMITS.items():
            if not (too_long and section == "推进和应用情况"):
                assert chars(found[section]) <= limit, (name, section)
    clean_bold = [
        name
        for name, folder in on_disk.items()
        if name not in seeded.values()
        and next(p for t, p in blocks(folder / "典型经验材料.docx") if t == "一、摘要").style.name
        == "Normal"
    ]
    assert clean_bold, "a clean summary with bold-paragraph headings"


def test_padding_size_follows_the_argument() -> None:
    sizes = [e.size for p in defect_plans(12_345) for e in p.extras if e.kind == "padding_jpg"]
    assert sizes == [12_345]
    defaults = [e.size for p in defect_plans() for e in p.extras if e.kind == "padding_jpg"]
    assert defaults == [DEFAULT_PADDING_BYTES]
