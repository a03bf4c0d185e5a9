"""File menu exports and imports through the real main window: the offline form and the sheet."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.demo.round import PERSONAL_PASSPHRASE
from app.scoring.record import DossierStatus, ReviewRecord
from app.scoring.service import ReviewService
from app.store.store import Store
from app.ui.application import make_session
from app.ui.documents import DocumentTabs
from app.ui.documents.renderer import PageRenderer
from app.ui.i18n import LanguageSwitcher
from app.ui.main_window import MainWindow
from app.ui.preferences import Preferences


@pytest.fixture
def window(
    qtbot: QtBot, expert_store: Path, preferences: Preferences, languages: LanguageSwitcher
) -> Iterator[MainWindow]:
    renderer = PageRenderer()
    main = MainWindow(DocumentTabs(renderer), preferences, languages)
    qtbot.addWidget(main)
    main.open_session(make_session(Store.open(expert_store, PERSONAL_PASSPHRASE)))
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close_session()
    renderer.shutdown()


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the window told the user (its information and warning boxes, answered at once)."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    return messages


def click_in_next_box(button_text: str, seen: list[str]) -> None:
    """Press a button of the next message box that opens modally (its text kept in ``seen``)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text() + "\n" + box.detailedText())
            for button in box.buttons():
                if button.text().startswith(button_text):
                    button.click()
                    return
        QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def fill_form(path: Path, seq: int, scores: list[float], comment: str) -> None:
    """Fill one dossier's row of the exported workbook as an expert would in Excel."""
    book = openpyxl.load_workbook(path)
    sheet = book["评分"]
    for row in sheet.iter_rows(min_row=3):
        if row[0].value == seq:
            for cell, value in zip(row[3:9], scores, strict=True):
                cell.value = value
            break
    else:
        raise AssertionError(f"no row for 序号 {seq}")
    header = [c.value for c in sheet[2]]
    for row in sheet.iter_rows(min_row=3):
        if row[0].value == seq:
            verdict = next(i for i, h in enumerate(header) if str(h).startswith("推荐进入答辩"))
            overall = next(i for i, h in enumerate(header) if str(h).startswith("总体评语"))
            row[verdict].value = "是"
            row[overall].value = comment
    book.save(path)


def stored(store_path: Path, dossier_id: str) -> ReviewRecord:
    with Store.open(store_path, PERSONAL_PASSPHRASE) as store:
        return ReviewService(store).record(dossier_id)


def test_the_offline_form_round_trip_from_the_file_menu(
    window: MainWindow,
    expert_store: Path,
    tmp_path: Path,
    said: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    form = tmp_path / "离线评分表.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(form), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(form), ""))
    window.menus.export_form.trigger()
    assert form.is_file() and "已导出" in said[-1]
    first = window.dossiers.current_id()
    assert first is not None and window.session is not None
    seq = window.session.service.dossier(first).dossier.seq
    fill_form(form, seq, [13, 12.5, 12, 11.5, 21, 12], "方法成熟，数据充分。")
    window.menus.import_form.trigger()
    record = stored(expert_store, first)
    assert record.scores["science"] == Decimal(13) and record.overall_comment.startswith("方法成熟")
    shown = window.form.record() if window.form is not None else None
    assert shown is not None and shown.scores == record.scores
    assert window.dossiers.current_id() == first  # the window reloaded, back where it was
    summary = next(s for s in window.session.service.dossiers() if s.id == first)
    assert summary.status is DossierStatus.COMPLETE


def test_a_bad_cell_is_named_and_nothing_is_stored(
    window: MainWindow,
    expert_store: Path,
    tmp_path: Path,
    said: list[str],
) -> None:
    form = tmp_path / "form.xlsx"
    assert window.exchange.export_form(form) == form
    first = window.dossiers.current_id()
    assert first is not None and window.session is not None
    seq = window.session.service.dossier(first).dossier.seq
    fill_form(form, seq, [13, 12.5, 12, 11.5, 25.3, 12], "")
    assert window.exchange.import_form(form) is False
    assert "H" in said[-1] and "未导入" in said[-1]
    assert stored(expert_store, first).scores == {}


def test_an_incomplete_review_offers_the_draft(
    window: MainWindow,
    tmp_path: Path,
    said: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = tmp_path / "评分表-草稿.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(draft), ""))
    seen: list[str] = []
    click_in_next_box("取消", seen)
    window.menus.export_sheet.trigger()
    assert not draft.exists() and "没有评完" in seen[0] and "尚未评分" in seen[0]
    click_in_next_box("导出草稿", seen)
    window.menus.export_sheet.trigger()
    assert draft.is_file() and draft.read_bytes().startswith(b"%PDF")


def _score_everything(window: MainWindow, scores: Callable[[int], list[str]]) -> None:
    assert window.session is not None
    service = window.session.service
    scheme = service.round().scheme
    for number, summary in enumerate(service.dossiers()):
        if summary.status is DossierStatus.CONFLICT:
            continue
        record = service.record(summary.id)
        for aspect, value in zip(scheme.aspects, scores(number), strict=True):
            record = record.with_score(aspect.key, Decimal(value))
        record = record.with_comment(None, f"第{number + 1}份：经验可复制。")
        service.save(record.with_recommendation(number % 2 == 0))


def test_a_complete_review_exports_a_signed_sheet_and_marks_it_submitted(
    window: MainWindow, tmp_path: Path, said: list[str]
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    _score_everything(window, lambda n: ["13", "12", "12.5", "11", "21", str(10 + n % 5)])
    window.reload_session()
    sheet = tmp_path / "评分表.pdf"
    assert window.exchange.export_sheet(sheet) == sheet
    with sheet.open("rb") as handle:
        assert len(PdfFileReader(handle).embedded_signatures) == 1
    assert window.session is not None
    statuses = {s.status for s in window.session.service.dossiers()}
    assert DossierStatus.SUBMITTED in statuses and DossierStatus.COMPLETE not in statuses
    assert "签名" in said[-1] or "已导出" in said[-1]
