"""Export, fill in as an expert would, import: the store holds what the form said."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

from app.forms import apply_form, export_form, read_form
from app.scoring.record import DossierStatus, total
from app.scoring.service import ReviewService
from app.store import audit
from app.store.store import Store
from tests.forms.formtools import FilledForm, audit_count, every_cell_text

SECRET = "机密备忘：该企业数据存疑，勿外传"


def test_a_filled_form_comes_back_into_the_store(
    store: Store, service: ReviewService, tmp_path: Path
) -> None:
    first, second, third, *_ = [d for d in service.dossiers()]
    # Before the export: notes on the first, a partial review of the second, 回避 on the third.
    service.save(service.record(first.id).with_notes(SECRET))
    service.save(
        service.record(second.id)
        .with_score("science", Decimal(10))
        .with_score("system", Decimal(12))
        .with_comment(None, "旧的总体评语")
        .with_comment("science_innovation", "方法有依据")
        .with_notes(SECRET)
    )
    service.declare_conflict(third.id, "曾参与该企业项目")
    path = tmp_path / "评审表格.xlsx"
    exported = export_form(store, path)
    assert (exported.dossiers, exported.conflicted) == (6, 1)

    form = FilledForm(path)
    for header, value in [
        ("科学性（", 12.5),
        ("创新性（", 14),
        ("系统性（", 10),
        ("示范性（", 11),
        ("显效性（", " 20.5 "),  # typed as text, spaces and all
        ("发展性（", 12),
    ]:
        form.put(first.seq, header, value)
    form.put(first.seq, "推荐进入答辩", "是")
    form.put(first.seq, "总体评语", "方法成熟，数据充分，可推广。")
    form.put(first.seq, "显效性和发展性评语", "效益数据翔实")
    # The formula cells are the expert's convenience; the app never reads them.
    form.put(first.seq, "科学性和创新性小计", 99)
    form.put(first.seq, "总分", 100)
    form.put(second.seq, "科学性（", None)  # emptied: the expert deleted the score
    form.put(second.seq, "总体评语", "新的总体评语\r\n第二行")
    form.put(second.seq, "推荐进入答辩", "否")
    form.save()
    before = audit_count(store)

    applied = apply_form(store, read_form(store, path))

    assert {d.dossier_id for d in applied.applied} == {first.id, second.id}
    assert {d.dossier_id for d in applied.unchanged} == {d.id for d in service.dossiers()} - {
        first.id,
        second.id,
    }
    one = service.record(first.id)
    assert dict(one.scores) == {
        "science": Decimal("12.5"),
        "innovation": Decimal(14),
        "system": Decimal(10),
        "demonstration": Decimal(11),
        "effect": Decimal("20.5"),
        "development": Decimal(12),
    }
    assert one.recommendation is True
    assert one.overall_comment == "方法成熟，数据充分，可推广。"
    assert dict(one.pair_comments) == {"effect_development": "效益数据翔实"}
    assert one.private_notes == SECRET  # the form never carried them, and kept them
    scheme = service.round().scheme
    assert total(one, scheme) == Decimal(80)  # recomputed, not the 100 typed into 总分
    summary = next(d for d in service.dossiers() if d.id == first.id)
    assert (summary.total, summary.status) == (Decimal(80), DossierStatus.COMPLETE)

    two = service.record(second.id)
    assert dict(two.scores) == {"system": Decimal(12)}  # science cleared, system kept
    assert two.overall_comment == "新的总体评语\n第二行"
    assert dict(two.pair_comments) == {"science_innovation": "方法有依据"}
    assert two.recommendation is False
    assert service.record(third.id).conflict

    assert audit_count(store) == before + 2
    with store.session() as session:
        entries = audit.entries(session, limit=2)
    assert {(e.action, e.subject) for e in entries} == {
        ("record.save", first.id),
        ("record.save", second.id),
    }

    # The same file imported again changes nothing and writes nothing.
    again = apply_form(store, read_form(store, path))
    assert again.applied == () and len(again.unchanged) == 6
    assert audit_count(store) == before + 2


def test_private_notes_never_reach_the_file(
    store: Store, service: ReviewService, tmp_path: Path
) -> None:
    for summary in service.dossiers():
        record = service.record(summary.id).with_score("science", Decimal(9))
        service.save(record.with_comment(None, "可公开的评语").with_notes(SECRET))
    path = tmp_path / "form.xlsx"
    export_form(store, path)
    cells = every_cell_text(path)
    assert "可公开的评语" in cells  # the search does see what was written
    assert SECRET not in cells and "机密备忘" not in cells
    with zipfile.ZipFile(path) as archive:  # nor anywhere in the file's parts
        for name in archive.namelist():
            assert "机密备忘".encode() not in archive.read(name), name


def test_a_form_left_as_exported_changes_nothing(
    store: Store, service: ReviewService, tmp_path: Path
) -> None:
    dossier = service.dossiers()[0]
    service.save(
        service.record(dossier.id)
        .with_score("effect", Decimal("22.5"))
        .with_comment(None, '=HYPERLINK("http://x")  以等号开头的评语')
        .with_recommendation(False)
    )
    path = tmp_path / "form.xlsx"
    export_form(store, path)
    cell = FilledForm(path).cell(dossier.seq, "总体评语")
    assert cell.data_type == "s"  # words stay words, never a formula
    before = audit_count(store)
    applied = apply_form(store, read_form(store, path))
    assert applied.applied == () and len(applied.unchanged) == 6
    assert audit_count(store) == before
