"""Forms that must be refused: bad cells, 回避 rows, the wrong origin, broken files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.errors import InputRefused
from app.forms import FormRefused, apply_form, export_form, read_form
from app.forms.layout import META_SHEET, SCORES_SHEET
from app.scoring.service import ReviewService
from app.store.store import Store
from tests.forms.conftest import Templates
from tests.forms.formtools import FilledForm, audit_count, snapshot


@pytest.fixture
def exported(store: Store, tmp_path: Path) -> Path:
    path = tmp_path / "form.xlsx"
    export_form(store, path)
    return path


def _refused_cells(store: Store, path: Path) -> dict[str | None, str]:
    with pytest.raises(FormRefused) as caught:
        read_form(store, path)
    assert all(p.sheet == SCORES_SHEET for p in caught.value.problems)
    return {p.cell: p.text.zh for p in caught.value.problems}


def test_every_bad_cell_is_named_and_nothing_is_applied(
    store: Store, service: ReviewService, exported: Path
) -> None:
    first, second, third, fourth = service.dossiers()[:4]
    service_before = snapshot(service)
    form = FilledForm(exported)
    form.put(first.seq, "科学性（", 12)  # valid, yet must not be applied either
    form.put(first.seq, "总体评语", "不应导入")
    effect = form.put(second.seq, "显效性（", 24.3)
    over = form.put(fourth.seq, "显效性（", 25.3)
    science = form.put(second.seq, "科学性（", 16)
    innovation = form.put(third.seq, "创新性（", "abc")
    recommend = form.put(third.seq, "推荐进入答辩", "可以")
    formula = form.put(third.seq, "系统性（", "=7+7")
    form.save()
    count = audit_count(store)

    with pytest.raises(FormRefused) as caught:
        read_form(store, exported)

    refusal = caught.value
    found = {p.cell: p for p in refusal.problems}
    assert set(found) == {effect, over, science, innovation, recommend, formula}
    assert "24.3" in found[effect].reason.zh and "0.5" in found[effect].reason.zh
    assert "25.3" in found[over].reason.zh and "25 之间" in found[over].reason.zh
    assert "16" in found[science].reason.zh and "15" in found[science].reason.zh
    assert "abc" in found[innovation].reason.zh and "数字" in found[innovation].reason.zh
    assert "可以" in found[recommend].reason.zh and "“是”或“否”" in found[recommend].reason.zh
    assert "公式" in found[formula].reason.zh
    row, column = form.row(second.seq), effect.rstrip("0123456789")
    assert (found[effect].sheet, found[effect].row, found[effect].column) == (
        SCORES_SHEET,
        row,
        column,
    )
    message = refusal.render("zh")
    assert f"工作表“评分”第 {row} 行 {column} 列" in message
    assert "6 处问题" in message and "未导入任何内容" in message
    assert f"Sheet “评分”, row {row}, column {column}" in refusal.render("en")
    assert snapshot(service) == service_before
    assert audit_count(store) == count


def test_a_score_on_a_conflict_row_is_refused(
    conflicted_store: Store, templates: Templates, tmp_path: Path
) -> None:
    service = ReviewService(conflicted_store)
    path = tmp_path / "form.xlsx"
    export_form(conflicted_store, path)
    seq = next(d.seq for d in service.dossiers() if d.id == templates.conflicted_dossier)
    form = FilledForm(path)
    assert form.cell(seq, "科学性（").value == "回避"
    score = form.put(seq, "科学性（", 10)
    comment = form.put(seq, "总体评语", "写在回避行的评语")
    form.save()
    before = snapshot(service)

    cells = _refused_cells(conflicted_store, path)

    assert set(cells) == {score, comment}
    assert all("回避" in text for text in cells.values())
    assert snapshot(service) == before


def test_a_conflict_declared_after_the_export_refuses_the_row(
    store: Store, service: ReviewService, exported: Path
) -> None:
    first, second = service.dossiers()[:2]
    form = FilledForm(exported)
    score = form.put(first.seq, "科学性（", 10)
    mark = form.put(second.seq, "科学性（", "回避")  # not how a conflict is declared
    form.save()
    service.declare_conflict(first.id, "导出后发现有利害关系")

    cells = _refused_cells(store, exported)

    assert set(cells) == {score, mark}
    assert "撤销回避" in cells[score]
    assert "声明回避" in cells[mark]
    assert service.record(first.id).scores == {}


def test_rows_that_cannot_be_placed_are_refused(
    store: Store, service: ReviewService, exported: Path
) -> None:
    dossiers = service.dossiers()
    form = FilledForm(exported)
    unknown_row = form.row(dossiers[0].seq)
    duplicate_row = form.row(dossiers[2].seq)
    form.sheet.protection.sheet = False
    form.sheet.cell(row=unknown_row, column=1).value = 99
    form.sheet.cell(row=duplicate_row, column=1).value = dossiers[1].seq
    form.save()

    with pytest.raises(FormRefused) as caught:
        read_form(store, exported)

    cells = {p.cell: p.text.zh for p in caught.value.problems if p.cell}
    assert "99" in cells[f"A{unknown_row}"]
    assert "重复" in cells[f"A{duplicate_row}"]
    missing = [p.reason.zh for p in caught.value.problems if p.row is None]
    assert len(missing) == 2  # the rows of the first and third dossiers are gone
    assert any(dossiers[0].enterprise in text for text in missing)


def test_a_moved_column_is_refused(store: Store, exported: Path) -> None:
    form = FilledForm(exported)
    form.sheet.insert_cols(4)
    form.save()
    cells = _refused_cells(store, exported)
    assert "D2" in cells and "科学性（15分）" in cells["D2"]


def _tamper_meta(path: Path, key: str, value: str) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[META_SHEET]
    for row in sheet.iter_rows(max_col=2):
        if row[0].value == key:
            row[1].value = value
    book.save(path)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("round_id", "0" * 32, "另一个评审轮次"),
        ("stage", "defense", "在答辩评审阶段导出的，当前为资料评审阶段"),
        ("person_id", "f" * 32, "属于评审专家"),
        ("format", "qbr-form/9", "格式版本"),
        ("exported_at", "yesterday", "元数据已损坏"),
    ],
)
def test_a_form_of_another_origin_is_refused(
    store: Store, service: ReviewService, exported: Path, key: str, value: str, words: str
) -> None:
    form = FilledForm(exported)
    form.put(service.dossiers()[0].seq, "科学性（", 10)
    form.save()
    _tamper_meta(exported, key, value)
    before = snapshot(service)
    with pytest.raises(InputRefused) as caught:
        read_form(store, exported)
    assert not isinstance(caught.value, FormRefused)
    assert words in caught.value.render("zh")
    assert caught.value.render("en")
    assert snapshot(service) == before


def test_a_form_from_another_store_is_refused(exported: Path, conflicted_store: Store) -> None:
    with pytest.raises(InputRefused) as caught:
        read_form(conflicted_store, exported)
    assert "另一个评审存储" in caught.value.render("zh")
    assert "another review store" in caught.value.render("en")


def test_a_form_read_for_one_store_is_not_applied_to_another(
    store: Store, exported: Path, conflicted_store: Store
) -> None:
    form = read_form(store, exported)
    with pytest.raises(InputRefused):
        apply_form(conflicted_store, form)


def _workbook_bytes(exported: Path, drop: str | None = None, rename: str | None = None) -> bytes:
    book = openpyxl.load_workbook(exported)
    if drop:
        book.remove(book[drop])
    if rename:
        book[rename].title = "Sheet1"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip_of(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: b"just some text, not a workbook", "不是 .xlsx"),
        (lambda p: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, ".xls"),
        (lambda p: p.read_bytes()[: len(p.read_bytes()) // 2], "损坏"),
        (lambda p: _zip_of("hello.txt", b"hi"), "不是 Excel 工作簿"),
        (lambda p: _zip_of("xl/workbook.xml", b"<workbook>broken"), "损坏"),
        (
            lambda p: _zip_of(
                "xl/workbook.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
            ),
            "DTD",
        ),
        (lambda p: _workbook_bytes(p, drop=META_SHEET), "元数据"),
        (lambda p: _workbook_bytes(p, rename=SCORES_SHEET), "没有“评分”工作表"),
    ],
    ids=["text", "xls", "truncated", "not-a-workbook", "broken-xml", "dtd", "no-meta", "no-scores"],
)
def test_a_broken_file_is_refused_cleanly(
    store: Store, exported: Path, tmp_path: Path, make: Callable[[Path], bytes], words: str
) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(make(exported))
    with pytest.raises(InputRefused) as caught:
        read_form(store, bad)
    assert words in caught.value.render("zh"), caught.value.render("zh")
    assert caught.value.render("en")


def test_a_missing_file_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputRefused) as caught:
        read_form(store, tmp_path / "nowhere.xlsx")
    assert "无法读取" in caught.value.render("zh")


def test_a_workbook_of_someone_elses_making_is_refused(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SCORES_SHEET
    sheet["A3"], sheet["D3"] = 1, Decimal(10)
    path = tmp_path / "homemade.xlsx"
    book.save(path)
    with pytest.raises(InputRefused) as caught:
        read_form(store, path)
    assert "不是本程序导出的评审表格" in caught.value.render("zh")
