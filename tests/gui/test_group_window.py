"""The leader's consolidation window (专家组合议), driven through the real main window.

A copy of the leader's store with his own signed sheet; the members' real signed sheets
come in by the file dialog, by a drop and as a folder, one tampered copy among them. The
figures shown are checked against the group service, edits against a second opening of
the store, and the exported report with pyHanko's own validator.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.consolidation.service import GroupService
from app.consolidation.table import GroupTable
from app.demo.round import PERSONAL_PASSPHRASE, DemoRound
from app.sheets.ledger import import_sheets
from app.store.store import Store
from app.ui.application import make_session
from app.ui.documents import DocumentTabs
from app.ui.documents.renderer import PageRenderer
from app.ui.group import GroupWindow
from app.ui.group.figures import group_score_text, member_text
from app.ui.group.group_window import SUMMARY_TAB, VERIFICATION_TAB
from app.ui.group.summary_model import ENTERPRISE, GROUP_SCORE, RANK, SHORTLIST
from app.ui.group.verification_model import REASON, VERDICT, VERDICT_ROLE
from app.ui.i18n import LanguageSwitcher
from app.ui.main_window import MainWindow
from app.ui.preferences import Preferences
from tests.gui.group_round import GroupSheets, build_group_sheets

TypeText = Callable[[QWidget, str], None]
REASON_TEXT = "与第 3 名差距很小，答辩中再作比较"


@pytest.fixture(scope="module")
def group_sheets(demo_round: DemoRound, tmp_path_factory: pytest.TempPathFactory) -> GroupSheets:
    return build_group_sheets(demo_round, tmp_path_factory.mktemp("group-window"))


@pytest.fixture
def leader_store(group_sheets: GroupSheets, tmp_path: Path) -> Path:
    """A fresh copy of the leader's store: his own sheet signed, no member's sheet in."""
    target = tmp_path / "leader"
    shutil.copytree(group_sheets.leader, target)
    return target


@pytest.fixture
def consolidated_store(leader_store: Path, group_sheets: GroupSheets) -> Path:
    """The leader's store with both members' sheets imported (through the core)."""
    with Store.open(leader_store, PERSONAL_PASSPHRASE) as store:
        results = import_sheets(store, group_sheets.sheets.values())
        assert [r.verdict for r in results] == ["applied", "applied"]
    return leader_store


@pytest.fixture
def main_over(
    qtbot: QtBot, preferences: Preferences, languages: LanguageSwitcher
) -> Iterator[Callable[[Path], MainWindow]]:
    """Opens the main window over a store, as unlocking does; closes it after the test."""
    opened: list[tuple[MainWindow, PageRenderer]] = []

    def open_main(store_path: Path) -> MainWindow:
        renderer = PageRenderer()
        main = MainWindow(DocumentTabs(renderer), preferences, languages)
        qtbot.addWidget(main)
        main.open_session(make_session(Store.open(store_path, PERSONAL_PASSPHRASE)))
        main.show()
        qtbot.waitExposed(main)
        opened.append((main, renderer))
        return main

    yield open_main
    for main, renderer in opened:
        main.close_session()
        renderer.shutdown()


@pytest.fixture
def main(main_over: Callable[[Path], MainWindow], leader_store: Path) -> MainWindow:
    return main_over(leader_store)


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the windows told the user (information and warning boxes, answered at once)."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    return messages


def open_group(qtbot: QtBot, main: MainWindow) -> GroupWindow:
    """评审 → 专家组合议… as the leader chooses it."""
    assert main.menus.group_review.isVisible() and main.menus.group_review.isEnabled()
    main.menus.group_review.trigger()
    window = main.group.window
    assert isinstance(window, GroupWindow)
    qtbot.waitExposed(window)
    return window


def independent_table(store_path: Path) -> GroupTable:
    """What a second, independent opening of the store holds."""
    with Store.open(store_path, PERSONAL_PASSPHRASE) as store:
        return GroupService(store).table()


def drop(widget: QWidget, paths: list[Path]) -> bool:
    """Drag ``paths`` from a file manager and drop them on ``widget``; whether it accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = widget.rect().center()
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def tampered_copy(source: Path, target: Path) -> Path:
    """The signed sheet with one byte in its middle changed."""
    data = bytearray(source.read_bytes())
    data[len(data) // 2] ^= 0x5A
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(data))
    return target


def shown_text(window: GroupWindow, dossier_id: str, column: int) -> str:
    row = window.model.row_of(dossier_id)
    assert row is not None
    return str(window.model.index(row, column).data())


def test_sheets_come_in_by_dialog_drop_and_folder_and_the_table_shows_the_groups_figures(
    qtbot: QtBot,
    qtmodeltester: object,
    main: MainWindow,
    leader_store: Path,
    group_sheets: GroupSheets,
    said: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    artifacts: Path,
) -> None:
    window = open_group(qtbot, main)
    assert "已收到评分表 1/4" in window.header.received.text()  # the leader's own
    assert "张伟" in window.header.missing.text() and "陈静" in window.header.missing.text()
    zhang, liu = group_sheets.sheets["张伟"], group_sheets.sheets["刘芳"]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a: ([str(zhang)], ""))
    qtbot.mouseClick(window.import_files, Qt.MouseButton.LeftButton)
    assert "采用 1 个" in said[-1] and "被拒 0 个" in said[-1]
    assert "已收到评分表 2/4" in window.header.received.text()

    tampered = tampered_copy(liu, tmp_path / "改过的" / "刘芳-改.pdf")
    assert drop(window, [tampered, liu])
    qtbot.waitUntil(lambda: len(said) == 2)
    assert "采用 1 个" in said[-1] and "被拒 1 个" in said[-1] and "刘芳-改.pdf" in said[-1]
    assert window.tabs.currentIndex() == VERIFICATION_TAB  # where the refusal is explained
    verification = window.verification_model
    verdicts = [verification.index(r, VERDICT).data(VERDICT_ROLE) for r in range(3)]
    assert verdicts == ["applied", "rejected", "applied"]
    rejected = verification.row(1)
    assert rejected.file_name == "刘芳-改.pdf" and rejected.reason_zh
    assert verification.index(1, REASON).data() == rejected.reason_zh
    assert verification.index(1, VERDICT).data() == "被拒"
    assert verification.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert rejected.reason_zh in said[-1]

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a: str(zhang.parent))
    qtbot.mouseClick(window.import_folder, Qt.MouseButton.LeftButton)
    assert "重复 2 个" in said[-1]  # importing the same files again changes nothing

    table = independent_table(leader_store)
    assert table.received == 3 and [p.name for p in table.missing_members] == ["陈静"]
    model = window.model
    assert model.rowCount() == len(table.lines) == 6
    names = [model.headerData(c, Qt.Orientation.Horizontal) for c in model.member_columns()]
    assert names == [m.person.name for m in table.members]
    for line in table.lines:
        row = model.row_of(line.dossier.id)
        assert row is not None
        members = [model.index(row, c).data() for c in model.member_columns()]
        assert members == [member_text(m) for m in line.members]
        assert model.index(row, model.trailing(GROUP_SCORE)).data() == group_score_text(
            line.group_score
        )
        assert model.index(row, RANK).data() == str(line.rank)
    first_row = model.row_of(group_sheets.dossiers[1])
    shown = {
        name: model.index(first_row or 0, c).data()
        for name, c in zip(names, model.member_columns(), strict=True)
    }
    assert shown == {"李明华": "85", "张伟": "80", "刘芳": "回避", "陈静": "未提交"}
    assert shown_text(window, group_sheets.dossiers[2], model.trailing(GROUP_SCORE)) == "81.33"
    assert "总分" in shown_text(window, group_sheets.dossiers[2], model.trailing(2))  # the flag
    in_view = [window.proxy.index(r, ENTERPRISE).data() for r in range(window.proxy.rowCount())]
    by_rank = sorted(table.lines, key=lambda x: x.rank or 99)
    assert in_view == [line.dossier.enterprise for line in by_rank]  # sorted by rank
    qtmodeltester.check(window.model)  # type: ignore[attr-defined]
    qtmodeltester.check(window.proxy)  # type: ignore[attr-defined]
    qtmodeltester.check(window.verification_model)  # type: ignore[attr-defined]

    window.activateWindow()
    window.select(group_sheets.dossiers[2])
    window.tabs.setCurrentIndex(SUMMARY_TAB)
    qtbot.wait(50)
    window.grab().save(str(artifacts / "group-window-summary.png"))
    window.tabs.setCurrentIndex(VERIFICATION_TAB)
    qtbot.wait(50)
    window.grab().save(str(artifacts / "group-window-verification.png"))


def test_the_consensus_comment_is_saved_while_typing_and_on_leaving_the_field(
    qtbot: QtBot,
    consolidated_store: Path,
    main_over: Callable[[Path], MainWindow],
    group_sheets: GroupSheets,
    type_text: TypeText,
) -> None:
    main = main_over(consolidated_store)
    window = open_group(qtbot, main)
    dossier = group_sheets.dossiers[3]
    assert window.select(dossier)
    editor = window.panel.consensus
    window.activateWindow()
    editor.box.setFocus()
    qtbot.waitUntil(editor.box.hasFocus, timeout=2000)
    with qtbot.waitSignal(editor.saved, timeout=3000):
        type_text(editor.box, "三位专家一致认为方法科学系统")
    assert editor.state.text().startswith("已保存")
    assert (
        independent_table(consolidated_store).line(dossier).consensus
        == "三位专家一致认为方法科学系统"
    )
    type_text(editor.box, "，同意进入答辩。")
    window.panel.shortlist.reason.setFocus()  # leaving the field saves at once
    qtbot.waitUntil(lambda: not editor.box.hasFocus(), timeout=2000)
    assert not editor.timer.isActive()
    expected = "三位专家一致认为方法科学系统，同意进入答辩。"
    assert independent_table(consolidated_store).line(dossier).consensus == expected
    window.select(group_sheets.dossiers[1])
    assert editor.box.toPlainText() == ""
    window.select(dossier)
    assert editor.box.toPlainText() == expected


def test_a_shortlist_change_needs_a_reason_and_is_then_stored_and_marked(
    qtbot: QtBot,
    consolidated_store: Path,
    main_over: Callable[[Path], MainWindow],
    group_sheets: GroupSheets,
    artifacts: Path,
) -> None:
    main = main_over(consolidated_store)
    window = open_group(qtbot, main)
    dossier = group_sheets.dossiers[6]  # rank 4: just off the computed list (K = 3)
    window.select(dossier)
    box = window.panel.shortlist
    assert not box.included.isChecked() and "不在前 3 名内" in box.rule.text()
    box.included.setChecked(True)
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    assert box.message.isVisible() and "须写明理由" in box.message.text()
    assert "#b3261e" in box.message.styleSheet()
    line = independent_table(consolidated_store).line(dossier)
    assert line.decision is None and not line.effective
    assert shown_text(window, dossier, window.model.trailing(SHORTLIST)) == ""

    box.reason.setText(REASON_TEXT)
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    line = independent_table(consolidated_store).line(dossier)
    assert line.decision is not None and line.decision.reason == REASON_TEXT
    assert line.effective and line.changed
    assert shown_text(window, dossier, window.model.trailing(SHORTLIST)) == "✓ 组长调入"
    assert box.message.isVisible() and "已记录" in box.message.text()
    assert "入围名单 4 项" in window.header.shortlist.text()
    assert window.current_id() == dossier
    window.grab().save(str(artifacts / "group-window-shortlist.png"))


def test_the_group_report_is_exported_signed_with_its_excel_copy(
    qtbot: QtBot,
    consolidated_store: Path,
    main_over: Callable[[Path], MainWindow],
    group_sheets: GroupSheets,
    said: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    main = main_over(consolidated_store)
    window = open_group(qtbot, main)
    target = tmp_path / "报告" / "组评审报告.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    qtbot.mouseClick(window.export_report, Qt.MouseButton.LeftButton)
    assert target.is_file() and target.with_suffix(".xlsx").is_file()
    assert str(target) in said[-1] and "陈静" in said[-1]
    der = x509.load_pem_x509_certificate(group_sheets.ca_pem).public_bytes(
        serialization.Encoding.DER
    )
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], allow_fetching=False)
    signatures = PdfFileReader(io.BytesIO(target.read_bytes())).embedded_signatures
    assert len(signatures) == 1
    status = validate_pdf_signature(signatures[0], context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "李明华" in str(status.signing_cert.subject.human_friendly)


def test_locking_closes_the_window_and_drops_what_it_showed(
    qtbot: QtBot, main: MainWindow, group_sheets: GroupSheets
) -> None:
    window = open_group(qtbot, main)
    window.select(group_sheets.dossiers[1])
    assert window.model.rowCount() == 6
    main.close_session()  # what the locker does on Ctrl+L and when idle
    assert main.group.window is None and not window.isVisible()
    assert window.model.rowCount() == 0 and window.verification_model.rowCount() == 0
    assert window.table is None and window.panel.consensus.box.toPlainText() == ""
    assert not main.menus.group_review.isEnabled()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=2000)


def test_an_experts_store_has_no_consolidation(
    main_over: Callable[[Path], MainWindow], expert_store: Path
) -> None:
    main = main_over(expert_store)
    assert not main.menus.group_review.isVisible()
    main.menus.group_review.trigger()
    assert main.group.window is None


def test_the_window_speaks_english_after_a_switch(
    qtbot: QtBot,
    consolidated_store: Path,
    main_over: Callable[[Path], MainWindow],
    group_sheets: GroupSheets,
    artifacts: Path,
) -> None:
    main = main_over(consolidated_store)
    window = open_group(qtbot, main)
    window.select(group_sheets.dossiers[2])
    main.set_language("en")  # the change reaches widgets as a posted event
    qtbot.waitUntil(lambda: window.tabs.tabText(SUMMARY_TAB) == "Summary")
    assert window.import_files.text() == "Import score sheets…"
    assert window.model.headerData(RANK, Qt.Orientation.Horizontal) == "Rank"
    assert "Sheets received 3/4" in window.header.received.text()
    liu = next(
        c
        for c in window.model.member_columns()
        if window.model.headerData(c, Qt.Orientation.Horizontal) == "刘芳"
    )
    assert shown_text(window, group_sheets.dossiers[1], liu) == "conflict"
    assert window.panel.shortlist.apply_button.text() == "Apply"
    qtbot.wait(50)  # the labels' new sizes are laid out by posted events
    window.grab().save(str(artifacts / "group-window-summary-en.png"))
    main.set_language("zh")
    qtbot.waitUntil(lambda: window.tabs.tabText(SUMMARY_TAB) == "汇总")
