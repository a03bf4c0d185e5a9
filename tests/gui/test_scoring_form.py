"""The scoring form on a real store: keyboard and mouse scoring, refusals, autosave, undo."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.demo.round import PERSONAL_PASSPHRASE
from app.scoring.record import ReviewRecord
from app.scoring.service import ReviewService
from app.store.store import Store
from app.ui.scoring_form import SAVE_DELAY_MS, ScoringForm


@pytest.fixture
def service(expert_store: Path) -> Iterator[ReviewService]:
    store = Store.open(expert_store, PERSONAL_PASSPHRASE)
    yield ReviewService(store)
    store.close()


@pytest.fixture
def form(qtbot: QtBot, service: ReviewService) -> ScoringForm:
    round_ = service.round()
    widget = ScoringForm(round_.scheme, round_.stage)
    qtbot.addWidget(widget)
    widget.attach(service)
    widget.resize(460, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def stored(store_path: Path, dossier_id: str) -> ReviewRecord:
    """What a second, independent opening of the store holds."""
    with Store.open(store_path, PERSONAL_PASSPHRASE) as store:
        return ReviewService(store).record(dossier_id)


def type_score(qtbot: QtBot, form: ScoringForm, aspect: str, text: str) -> None:
    entry = form.rows[aspect].entry
    entry.setFocus()
    entry.selectAll()
    qtbot.keyClicks(entry, text)
    qtbot.keyClick(entry, Qt.Key.Key_Tab)


def click_band(qtbot: QtBot, form: ScoringForm, aspect: str, band: str) -> None:
    button = form.rows[aspect].band_buttons[band]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def test_scoring_by_keyboard_and_mouse_is_saved_within_a_second(
    qtbot: QtBot, form: ScoringForm, service: ReviewService, expert_store: Path
) -> None:
    dossier = service.dossiers()[0]
    form.load(service.dossier(dossier.id))
    type_score(qtbot, form, "science", "13.5")
    type_score(qtbot, form, "innovation", "12")
    type_score(qtbot, form, "system", "11.5")
    click_band(qtbot, form, "demonstration", "excellent")  # top of 优: 15
    click_band(qtbot, form, "effect", "good")  # top of 良 for 25 points: 22
    click_band(qtbot, form, "development", "fair")  # top of 中 for 15 points: 11
    assert form.total_label.text() == "总分 85 / 100"
    assert "小计 25.5 / 30" in form.pair_boxes["science_innovation"].title()
    with qtbot.waitSignal(form.saved, timeout=SAVE_DELAY_MS + 400):
        pass
    held = stored(expert_store, dossier.id)
    assert held.scores == {
        "science": Decimal("13.5"),
        "innovation": Decimal(12),
        "system": Decimal("11.5"),
        "demonstration": Decimal(15),
        "effect": Decimal(22),
        "development": Decimal(11),
    }


def test_an_off_step_entry_is_refused_with_the_reason_and_not_stored(
    qtbot: QtBot, form: ScoringForm, service: ReviewService, expert_store: Path
) -> None:
    dossier = service.dossiers()[1]
    form.load(service.dossier(dossier.id))
    type_score(qtbot, form, "science", "12")
    type_score(qtbot, form, "innovation", "7.3")
    row = form.rows["innovation"]
    assert row.error.isVisible()
    assert "0.5" in row.error.text()
    assert row.entry.text() == ""
    type_score(qtbot, form, "effect", "26")
    assert "0 到 25" in form.rows["effect"].error.text()
    form.flush()
    held = stored(expert_store, dossier.id)
    assert held.scores == {"science": Decimal(12)}
    type_score(qtbot, form, "innovation", "7.5")
    assert not row.error.isVisible()


def test_comments_recommendation_notes_and_the_missing_list(
    qtbot: QtBot,
    form: ScoringForm,
    service: ReviewService,
    expert_store: Path,
    type_text: Callable[[QWidget, str], None],
) -> None:
    dossier = service.dossiers()[2]
    form.load(service.dossier(dossier.id))
    assert "科学性：尚未评分" in form.missing_list.text()
    assert form.missing_summary.text() == "尚缺 8 项"
    for aspect, band in [
        ("science", "excellent"),
        ("innovation", "good"),
        ("system", "good"),
        ("demonstration", "fair"),
        ("effect", "excellent"),
        ("development", "poor"),
    ]:
        click_band(qtbot, form, aspect, band)
    form.overall.setFocus()
    type_text(form.overall, "方法系统，数据充分。")
    type_text(form.pair_comments["effect_development"], "对比数据见申报书第3页。")
    type_text(form.notes, "答辩时追问成本数据")
    qtbot.mouseClick(form.recommend_yes, Qt.MouseButton.LeftButton)
    assert form.missing_summary.text() == "✓ 已填写完整"
    form.flush()
    held = stored(expert_store, dossier.id)
    assert held.overall_comment == "方法系统，数据充分。"
    assert held.pair_comments == {"effect_development": "对比数据见申报书第3页。"}
    assert held.private_notes == "答辩时追问成本数据"
    assert held.recommendation is True
    assert next(d for d in service.dossiers() if d.id == dossier.id).status.label == "已完成"


def test_undo_and_redo_step_through_edits_and_are_saved(
    qtbot: QtBot,
    form: ScoringForm,
    service: ReviewService,
    expert_store: Path,
    type_text: Callable[[QWidget, str], None],
) -> None:
    dossier = service.dossiers()[3]
    form.load(service.dossier(dossier.id))
    type_score(qtbot, form, "science", "10")
    click_band(qtbot, form, "science", "excellent")
    type_text(form.overall, "初稿")
    type_text(form.overall, "评语")
    assert form.undo_stack.count() == 3  # typing in one box merges into one step
    form.undo_stack.undo()
    assert form.overall.toPlainText() == ""
    form.undo_stack.undo()
    assert form.rows["science"].entry.text() == "10"
    with qtbot.waitSignal(form.saved, timeout=SAVE_DELAY_MS + 400):
        pass
    assert stored(expert_store, dossier.id).scores == {"science": Decimal(10)}
    form.undo_stack.redo()
    form.undo_stack.redo()
    assert form.overall.toPlainText() == "初稿评语"
    form.flush()
    held = stored(expert_store, dossier.id)
    assert held.scores == {"science": Decimal(15)}
    assert held.overall_comment == "初稿评语"


def test_declaring_a_conflict_clears_and_disables_scoring(
    qtbot: QtBot,
    form: ScoringForm,
    service: ReviewService,
    expert_store: Path,
    monkeypatch: pytest.MonkeyPatch,
    type_text: Callable[[QWidget, str], None],
) -> None:
    dossier = service.dossiers()[4]
    form.load(service.dossier(dossier.id))
    type_score(qtbot, form, "science", "9")
    type_text(form.notes, "私人笔记")
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: next(answers))
    type_text(form.conflict_box.reason, "曾为该企业提供咨询")
    qtbot.mouseClick(form.conflict_box.declare_button, Qt.MouseButton.LeftButton)
    assert form.rows["science"].isEnabled()  # the expert said no
    qtbot.mouseClick(form.conflict_box.declare_button, Qt.MouseButton.LeftButton)
    assert not form.rows["science"].isEnabled()
    assert not form.overall.isEnabled()
    assert form.rows["science"].entry.text() == ""
    assert "曾为该企业提供咨询" in form.conflict_box.state.text()
    held = stored(expert_store, dossier.id)
    assert held.conflict and held.scores == {} and held.private_notes == "私人笔记"
    assert next(d for d in service.dossiers() if d.id == dossier.id).status.label == "回避"
    qtbot.mouseClick(form.conflict_box.withdraw_button, Qt.MouseButton.LeftButton)
    assert form.rows["science"].isEnabled()
    assert not stored(expert_store, dossier.id).conflict


def test_up_and_down_step_the_score(
    qtbot: QtBot, form: ScoringForm, service: ReviewService
) -> None:
    form.load(service.dossier(service.dossiers()[5].id))
    entry = form.rows["development"].entry
    entry.setFocus()
    qtbot.keyClick(entry, Qt.Key.Key_Up)
    qtbot.keyClick(entry, Qt.Key.Key_Up)
    assert entry.text() == "1"
    qtbot.keyClick(entry, Qt.Key.Key_Down)
    record = form.record()
    assert record is not None and record.scores == {"development": Decimal("0.5")}


def test_a_citation_goes_into_the_comment_used_last_and_opens_its_page(
    qtbot: QtBot, form: ScoringForm, service: ReviewService, expert_store: Path
) -> None:
    detail = service.dossier(service.dossiers()[0].id)
    form.load(detail)
    document = detail.documents[0]
    comment = form.pair_comments["effect_development"]
    comment.setFocus()
    form.cite(document.id, 3, "近三年一次交检合格率由 96.1% 提升至 99.2%")
    expected = f"〔{document.name} 第3页：“近三年一次交检合格率由 96.1% 提升至 99.2%”〕"
    assert comment.toPlainText() == expected
    form.flush()
    assert stored(expert_store, detail.dossier.id).pair_comments["effect_development"] == expected
    cursor_rect = comment.cursorRect(comment.textCursor())
    with qtbot.waitSignal(form.citation_opened) as opened:
        qtbot.mouseClick(
            comment.viewport(), Qt.MouseButton.LeftButton, pos=cursor_rect.center() - QPoint(20, 0)
        )
    assert opened.args == [document.id, 3]
