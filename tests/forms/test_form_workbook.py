"""The exported workbook itself: layout, checks Excel applies while typing, locks, metadata."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.errors import InputRefused
from app.forms import export_form
from app.forms.layout import GUIDE_SHEET, META_SHEET, SCORES_SHEET
from app.scoring.service import ReviewService
from app.store.store import Store
from tests.forms.conftest import Templates
from tests.forms.formtools import FilledForm

ASPECTS = [  # header, points, column
    ("科学性（15分）", 15, "D"),
    ("创新性（15分）", 15, "E"),
    ("系统性（15分）", 15, "F"),
    ("示范性（15分）", 15, "G"),
    ("显效性（25分）", 25, "H"),
    ("发展性（15分）", 15, "I"),
]


@pytest.fixture
def conflicted_form(conflicted_store: Store, tmp_path: Path) -> Path:
    path = tmp_path / "form.xlsx"
    export_form(conflicted_store, path)
    return path


def _conflict_row(form: FilledForm, conflicted_store: Store, templates: Templates) -> int:
    service = ReviewService(conflicted_store)
    seq = next(d.seq for d in service.dossiers() if d.id == templates.conflicted_dossier)
    return form.row(seq)


def test_headers_formulas_and_current_values(
    store: Store, service: ReviewService, tmp_path: Path
) -> None:
    dossier = service.dossiers()[1]
    service.save(
        service.record(dossier.id)
        .with_score("effect", Decimal("22.5"))
        .with_comment("system_demonstration", "体系完整")
        .with_recommendation(True)
    )
    path = tmp_path / "form.xlsx"
    export_form(store, path)
    form = FilledForm(path)
    sheet = form.sheet
    headers = [c.value for c in sheet[2]]
    assert headers[:3] == ["序号", "企业名称", "典型经验名称"]
    assert headers[3:9] == [h for h, _points, _column in ASPECTS]
    assert "科学性和创新性小计（30分）" in headers and "总分（100分）" in headers
    assert "推荐进入答辩（是/否）" in headers and "总体评语（必填）" in headers
    row = form.row(dossier.seq)
    assert sheet[f"B{row}"].value == dossier.enterprise
    assert sheet[f"C{row}"].value == dossier.title
    assert sheet[f"H{row}"].value == 22.5
    assert form.cell(dossier.seq, "推荐进入答辩").value == "是"
    assert form.cell(dossier.seq, "系统性和示范性评语").value == "体系完整"
    assert sheet[f"J{row}"].value == f'=IF(COUNT(D{row}:E{row})=0,"",SUM(D{row}:E{row}))'
    assert (
        form.cell(dossier.seq, "总分").value == f'=IF(COUNT(D{row}:I{row})=0,"",SUM(D{row}:I{row}))'
    )
    assert sheet.freeze_panes == "D3"
    assert sheet.protection.sheet
    assert not sheet[f"D{row}"].protection.locked  # yours to fill in
    assert sheet[f"B{row}"].protection.locked and sheet[f"J{row}"].protection.locked
    assert sheet.column_dimensions["O"].width >= 40
    assert sheet[f"O{row}"].alignment.wrap_text


def test_score_cells_check_range_and_step_and_the_recommendation_is_a_choice(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "form.xlsx"
    export_form(store, path)
    sheet = openpyxl.load_workbook(path)[SCORES_SHEET]
    rules = {str(dv.sqref).split()[0][0]: dv for dv in sheet.data_validations.dataValidation}
    for _header, points, column in ASPECTS:
        rule = rules[column]
        assert str(rule.sqref) == " ".join(f"{column}{n}" for n in range(3, 9))
        assert rule.type == "custom" and rule.allow_blank
        assert f"{column}3>=0" in rule.formula1 and f"{column}3<={points}" in rule.formula1
        assert f"MOD({column}3*2,1)=0" in rule.formula1  # the 0.5 step
        assert rule.showErrorMessage and rule.showInputMessage
        assert str(points) in rule.error and "0.5" in rule.error and "0.5" in rule.prompt
    choice = rules["N"]
    assert choice.type == "list" and choice.formula1 == '"是,否"'
    assert str(choice.sqref) == " ".join(f"N{n}" for n in range(3, 9))


def test_a_conflict_row_is_grey_locked_marked_and_unchecked(
    conflicted_store: Store, templates: Templates, conflicted_form: Path
) -> None:
    form = FilledForm(conflicted_form)
    row = _conflict_row(form, conflicted_store, templates)
    for column in ("D", "E", "F", "G", "H", "I", "N"):
        cell = form.sheet[f"{column}{row}"]
        assert cell.value == "回避"
        assert cell.protection.locked
        assert cell.fill.fgColor.rgb.endswith("D9D9D9")
    assert form.sheet[f"O{row}"].protection.locked
    for rule in form.sheet.data_validations.dataValidation:
        rows = {int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for cell in str(rule.sqref).split()}
        assert row not in rows and len(rows) == 5


def test_guidance_sheet_and_hidden_metadata(
    store: Store, service: ReviewService, tmp_path: Path
) -> None:
    path = tmp_path / "form.xlsx"
    exported = export_form(store, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [SCORES_SHEET, GUIDE_SHEET, META_SHEET]
    assert book.active.title == SCORES_SHEET
    guide = "\n".join(
        str(v) for row in book[GUIDE_SHEET].iter_rows(values_only=True) for v in row if v
    )
    scheme = service.round().scheme
    for aspect in scheme.aspects:
        assert aspect.guidance in guide and aspect.guidance_en in guide
    assert "=MOD(D3*2,1)=0" in guide  # the step check, said out loud
    assert "22.5–25" in guide and "19–22" in guide  # 显效性 优 and 良
    assert "优（≥90%）" in guide and "差（<60%）" in guide
    assert "qbr form import" in guide and "私人笔记不会写入" in guide

    meta = book[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    values = {row[0]: row[1] for row in meta.iter_rows(max_row=8, max_col=2, values_only=True)}
    assert values["format"] == "qbr-form/1"
    assert values["store_id"] == store.store_id
    assert values["round_id"] == service.round().id
    assert values["stage"] == "material"
    assert values["person_id"] == service.owner().id
    assert values["exported_at"] == exported.exported_at.isoformat()
    table = list(meta.iter_rows(min_row=11, values_only=True))
    assert [(r[0], r[1]) for r in table] == [(d.id, d.seq) for d in service.dossiers()]


def test_export_is_atomic_and_only_to_xlsx(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "out" / "form.xlsx"
    export_form(store, path)
    first = path.read_bytes()
    export_form(store, path)  # replaces the old one whole
    assert path.read_bytes() != first
    assert [p.name for p in path.parent.iterdir()] == ["form.xlsx"]  # no temp file left
    with pytest.raises(InputRefused) as caught:
        export_form(store, tmp_path / "form.csv")
    assert ".xlsx" in caught.value.render("zh")
    assert not (tmp_path / "form.csv").exists()
