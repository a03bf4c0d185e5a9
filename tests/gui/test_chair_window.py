"""The chair's review window (主任委员审核), driven through the real main window.

Copies of the chair's store from the demo round; the groups' real signed reports come in
by the file dialog, as a folder and by a drop, an expert's score sheet among them. The
figures shown are checked against the chair service, changes against a second opening of
the store, and the exported list with the verifier the secretariat's app uses.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.chair.shortlist_verify import verify_shortlist
from app.chair.table import Distribution
from app.demo.round import PERSONAL_PASSPHRASE, DemoRound
from app.store.store import Store
from app.ui.application import make_session
from app.ui.chair import ChairWindow
from app.ui.chair.box_plot import BOX_FILL, GroupBoxPlot
from app.ui.chair.calibration_models import G_MEAN, G_MEDIAN, G_N, G_SD, G_W, R_MEAN, R_NAME
from app.ui.chair.chair_model import (
    ENTERPRISE,
    FLAGS,
    GROUP,
    GROUP_SCORE,
    LEADER,
    LISTED,
    PROPOSED,
    RANK,
    Z,
    chair_z_text,
)
from app.ui.chair.chair_window import CALIBRATION_TAB, SUMMARY_TAB, VERIFICATION_TAB
from app.ui.chair.dialogs import ChairDialogs
from app.ui.chair.report_model import REASON, VERDICT, VERDICT_ROLE
from app.ui.documents import DocumentTabs
from app.ui.documents.renderer import PageRenderer
from app.ui.group.figures import group_score_text
from app.ui.i18n import LanguageSwitcher
from app.ui.main_window import MainWindow
from app.ui.preferences import Preferences
from tests.gui.chair_round import ChairRound, build_chair_round, chair_table, ranked

REASON_TEXT = "该企业数字化质量管控做法在行业内示范性强，与第 3 名差距仅 2.62 分"


@pytest.fixture(scope="module")
def chair_round(demo_round: DemoRound, tmp_path_factory: pytest.TempPathFactory) -> ChairRound:
    return build_chair_round(demo_round, tmp_path_factory.mktemp("chair-window"))


@pytest.fixture
def fresh_store(chair_round: ChairRound, tmp_path: Path) -> Path:
    """The chair's store with no report imported yet."""
    return chair_round.copy(chair_round.fresh, tmp_path / "chair")


@pytest.fixture
def received_store(chair_round: ChairRound, tmp_path: Path) -> Path:
    """The chair's store with both groups' reports applied."""
    return chair_round.copy(chair_round.received, tmp_path / "chair")


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


class Answers(ChairDialogs):
    """The chair's answers to every dialog, given in advance; what was asked and said."""

    def __init__(
        self,
        parent: QWidget,
        files: list[Path] | None = None,
        folder: Path | None = None,
        save: Path | None = None,
        confirm: bool = True,
    ) -> None:
        super().__init__(parent)
        self.files, self.folder, self.save, self.confirms = files or [], folder, save, confirm
        self.asked: list[str] = []
        self.suggested: Path | None = None
        self.confirmed: tuple[str, str] | None = None
        self.said: list[str] = []
        self.warned: list[str] = []

    def open_files(self, title: str, folder: str, filters: str) -> list[Path]:
        self.asked.append("files")
        return self.files

    def open_folder(self, title: str, folder: str) -> Path | None:
        self.asked.append("folder")
        return self.folder

    def save_file(self, title: str, suggested: Path, filters: str) -> Path | None:
        self.asked.append("save")
        self.suggested = suggested
        return self.save

    def confirm(self, title: str, text: str, details: str, accept: str) -> bool:
        self.asked.append("confirm")
        self.confirmed = (text, details)
        return self.confirms

    def inform(self, title: str, text: str) -> None:
        self.said.append(text)

    def warn(self, title: str, text: str) -> None:
        self.warned.append(text)


def open_chair(qtbot: QtBot, main: MainWindow) -> ChairWindow:
    """评审 → 主任委员审核… as the chair chooses it."""
    assert main.menus.chair_review.isVisible() and main.menus.chair_review.isEnabled()
    assert main.menus.chair_review.shortcut().toString() == "Ctrl+Shift+H"
    main.menus.chair_review.trigger()
    window = main.chair.window
    assert isinstance(window, ChairWindow)
    qtbot.waitExposed(window)
    return window


def answer(window: ChairWindow, **answers: object) -> Answers:
    dialogs = Answers(window, **answers)  # type: ignore[arg-type]
    window.exchange.dialogs = dialogs
    return dialogs


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


def shown(window: ChairWindow, dossier_id: str, column: int) -> str:
    row = window.summary.model.row_of(dossier_id)
    assert row is not None
    return str(window.summary.model.index(row, column).data())


def colours(image: QImage) -> set[int]:
    """The distinct colours of ``image``, sampled on a grid."""
    step = 3
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def test_only_the_chairs_store_has_the_chairs_review(
    main_over: Callable[[Path], MainWindow], expert_store: Path
) -> None:
    main = main_over(expert_store)
    assert not main.menus.chair_review.isVisible()
    assert not main.menus.chair_review.isEnabled()
    main.menus.chair_review.trigger()
    assert main.chair.window is None


def test_reports_come_in_by_dialog_folder_and_drop_and_a_score_sheet_is_refused(
    qtbot: QtBot,
    qtmodeltester: object,
    main_over: Callable[[Path], MainWindow],
    fresh_store: Path,
    chair_round: ChairRound,
    artifacts: Path,
) -> None:
    window = open_chair(qtbot, main_over(fresh_store))
    header = window.header
    assert window.tabs.currentIndex() == VERIFICATION_TAB  # nothing received yet
    assert "已收到汇总表 0/2" in header.received.text()
    assert header.missing.isVisible()
    assert (
        "制造业专业组" in header.missing.text() and "服务业与数字化专业组" in header.missing.text()
    )
    assert "入围答辩名单" in header.title.text() and "资料评审" in header.title.text()

    dialogs = answer(window, files=[chair_round.sheet])
    qtbot.mouseClick(window.import_files, Qt.MouseButton.LeftButton)
    verification = window.verification_model
    assert verification.rowCount() == 1
    refused = verification.row(0)
    assert refused.verdict == "rejected" and "评分表" in refused.reason_zh
    assert verification.index(0, VERDICT).data() == "被拒"
    assert verification.index(0, REASON).data() == refused.reason_zh
    assert verification.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "被拒 1 个" in window.status_line.text()
    assert refused.reason_zh in window.status_line.text()
    assert window.tabs.currentIndex() == VERIFICATION_TAB

    dialogs.folder = chair_round.reports
    qtbot.mouseClick(window.import_folder, Qt.MouseButton.LeftButton)
    assert dialogs.asked == ["files", "folder"]
    assert "采用 2 个" in window.status_line.text()
    verdicts = [verification.index(r, VERDICT).data(VERDICT_ROLE) for r in range(3)]
    assert verdicts == ["rejected", "applied", "applied"]
    assert {verification.row(r).group for r in (1, 2)} == {"制造业专业组", "服务业与数字化专业组"}
    assert "已收到汇总表 2/2" in header.received.text() and not header.missing.isVisible()
    assert "名单 7 项" in header.listed.text()
    assert window.summary.model.rowCount() == 12

    pdfs = sorted(chair_round.reports.glob("*.pdf"))
    assert drop(window, pdfs)
    qtbot.waitUntil(lambda: verification.rowCount() == 5)
    assert "重复 2 个" in window.status_line.text()  # the same files again change nothing
    qtmodeltester.check(verification)  # type: ignore[attr-defined]

    window.activateWindow()
    window.tabs.setCurrentIndex(VERIFICATION_TAB)
    qtbot.wait(50)
    window.grab().save(str(artifacts / "chair-window-verification.png"))


def test_the_summary_lists_every_groups_dossiers_with_their_figures(
    qtbot: QtBot,
    qtmodeltester: object,
    main_over: Callable[[Path], MainWindow],
    received_store: Path,
    artifacts: Path,
) -> None:
    window = open_chair(qtbot, main_over(received_store))
    assert window.tabs.currentIndex() == SUMMARY_TAB
    table = chair_table(received_store)
    summary = window.summary
    model = summary.model
    assert model.rowCount() == len(table.lines) == 12
    for line in table.lines:
        dossier = line.dossier_id
        assert shown(window, dossier, GROUP) == line.group.name
        assert shown(window, dossier, ENTERPRISE) == line.line.dossier.enterprise
        assert shown(window, dossier, GROUP_SCORE) == group_score_text(line.line.group_score)
        assert shown(window, dossier, RANK) == str(line.line.rank)
        assert shown(window, dossier, Z) == chair_z_text(line.z)
        assert shown(window, dossier, PROPOSED).startswith("是") == line.proposed
        assert shown(window, dossier, LISTED) == ("是" if line.included else "—")
    flagged = next(x for x in table.lines if x.line.flags)
    row = model.row_of(flagged.dossier_id)
    assert shown(window, flagged.dossier_id, FLAGS).startswith("⚠")
    tip = model.index(row or 0, FLAGS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == flagged.line.flags[0].text.zh
    moved = next(x for x in table.lines if x.line.changed)  # the leader's change
    assert shown(window, moved.dossier_id, LEADER) == "调入"
    leader_tip = model.index(model.row_of(moved.dossier_id) or 0, LEADER).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert moved.line.decision is not None and moved.line.decision.reason in leader_tip
    listed = next(x for x in table.lines if x.included)
    assert (
        model.index(model.row_of(listed.dossier_id) or 0, GROUP).data(
            Qt.ItemDataRole.BackgroundRole
        )
        is not None
    )
    order = [summary.proxy.index(r, ENTERPRISE).data() for r in range(12)]
    by_group = sorted(
        table.lines,
        key=lambda x: (
            x.group.name != table.groups[0].group.name,
            x.line.rank or 99,
            x.line.dossier.seq,
        ),
    )
    assert order == [x.line.dossier.enterprise for x in by_group]
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    qtmodeltester.check(summary.proxy)  # type: ignore[attr-defined]

    second = table.groups[1].group
    summary.choose_group(second.id)
    assert summary.group_filter.currentText() == second.name
    assert summary.proxy.rowCount() == 6
    names = {summary.proxy.index(r, GROUP).data() for r in range(6)}
    assert names == {second.name}
    assert window.line(window.current_id() or "") is not None  # a dossier stays chosen
    summary.choose_group(None)
    assert summary.group_filter.currentText() == "全部专业组"
    assert summary.proxy.rowCount() == 12

    top = ranked(table, 0, 1)
    assert window.select(top.dossier_id)
    panel = window.summary.panel
    assert top.line.dossier.enterprise in panel.heading.text()
    assert group_score_text(top.line.group_score) in panel.figures.text()
    assert panel.decision.apply_button.text() == "调出名单"
    window.activateWindow()
    qtbot.wait(50)
    window.grab().save(str(artifacts / "chair-window-summary.png"))


def test_a_change_needs_a_reason_then_changes_the_list_and_can_be_undone(
    qtbot: QtBot,
    main_over: Callable[[Path], MainWindow],
    received_store: Path,
) -> None:
    window = open_chair(qtbot, main_over(received_store))
    fourth = ranked(chair_table(received_store), 0, 4)  # just off the 制造业专业组's list
    dossier = fourth.dossier_id
    assert not fourth.included and window.select(dossier)
    box = window.summary.panel.decision
    assert box.apply_button.text() == "列入名单"
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    assert box.message.isVisible() and "须写明理由" in box.message.text()
    assert "#b3261e" in box.message.styleSheet()
    assert chair_table(received_store).line(dossier).decision is None
    assert shown(window, dossier, LISTED) == "—"

    box.reason.setPlainText(REASON_TEXT)
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    line = chair_table(received_store).line(dossier)
    assert line.included and line.changed
    assert line.decision is not None and line.decision.reason == REASON_TEXT
    assert window.current_id() == dossier  # the chair's place is kept
    assert shown(window, dossier, LISTED) == "✓ 调入"
    row = window.summary.model.row_of(dossier) or 0
    tip = window.summary.model.index(row, LISTED).data(Qt.ItemDataRole.ToolTipRole)
    assert REASON_TEXT in tip
    assert "名单 8 项" in window.header.listed.text()
    assert "主任委员调整 1 项" in window.header.changes.text()
    assert box.apply_button.text() == "撤销调整" and "已记录" in box.message.text()
    assert REASON_TEXT in box.state.text()

    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    line = chair_table(received_store).line(dossier)
    assert not line.included and line.decision is None
    assert shown(window, dossier, LISTED) == "—"
    assert "名单 7 项" in window.header.listed.text() and not window.header.changes.isVisible()
    assert box.apply_button.text() == "列入名单" and "已撤销" in box.message.text()


def test_the_calibration_shows_each_groups_distribution(
    qtbot: QtBot,
    qtmodeltester: object,
    main_over: Callable[[Path], MainWindow],
    received_store: Path,
    artifacts: Path,
) -> None:
    window = open_chair(qtbot, main_over(received_store))
    window.tabs.setCurrentIndex(CALIBRATION_TAB)
    window.activateWindow()
    qtbot.wait(50)
    calibration = window.calibration
    table = chair_table(received_store)
    groups = calibration.groups_model
    assert groups.rowCount() == 2
    for row, part in enumerate(table.groups):
        d = part.distribution
        assert d is not None and d.quartiles is not None and part.table is not None
        assert groups.index(row, G_N).data() == str(len(d.group_scores))
        assert groups.index(row, G_MEAN).data() == f"{d.mean:.2f}"
        assert groups.index(row, G_SD).data() == f"{d.sd:.2f}"
        assert groups.index(row, G_MEDIAN).data() == f"{d.quartiles[2]:.2f}"
        assert groups.index(row, G_W).data() == f"{part.table.agreement.w:.2f}"
    reviewers = calibration.reviewers_model
    means = [
        (name, f"{mean:.2f}")
        for part in table.groups
        if part.distribution is not None
        for name, mean, _n in part.distribution.reviewer_means
    ]
    assert [
        (reviewers.index(r, R_NAME).data(), reviewers.index(r, R_MEAN).data())
        for r in range(reviewers.rowCount())
    ] == means
    qtmodeltester.check(groups)  # type: ignore[attr-defined]
    qtmodeltester.check(reviewers)  # type: ignore[attr-defined]
    assert "仅供参考" in calibration.caption.text()

    image = calibration.plot.grab().toImage()
    assert image.width() > 400 and image.height() > 250
    assert len(colours(image)) > 20  # not blank: axis, boxes, dots, names
    assert QColor(BOX_FILL).rgb() in colours(image)
    window.grab().save(str(artifacts / "chair-window-calibration.png"))
    calibration.full_scale.setChecked(True)
    assert calibration.plot.full_scale

    # A group with a single dossier and a group whose report has not arrived.
    first, second = table.groups
    assert first.table is not None
    single = dataclasses.replace(first.table, lines=first.table.lines[:1])
    odd = dataclasses.replace(
        table,
        groups=(
            dataclasses.replace(
                first, table=single, lines=first.lines[:1], distribution=Distribution.of(single)
            ),
            dataclasses.replace(second, report=None, table=None, lines=(), distribution=None),
        ),
    )
    plot = GroupBoxPlot()
    qtbot.addWidget(plot)
    plot.set_table(odd)
    plot.resize(640, 400)
    picture = plot.grab().toImage()
    assert len(colours(picture)) > 10
    picture.save(str(artifacts / "chair-window-calibration-odd.png"))
    calibration.show_table(odd)
    assert groups.index(1, G_N).data() == "未收到"
    assert groups.index(0, G_N).data() == "1"


def test_the_list_cannot_be_signed_while_a_report_is_missing(
    qtbot: QtBot,
    main_over: Callable[[Path], MainWindow],
    fresh_store: Path,
    chair_round: ChairRound,
) -> None:
    window = open_chair(qtbot, main_over(fresh_store))
    manufacturing = next(chair_round.reports.glob("汇总表-制造业*.pdf"))
    dialogs = answer(window, files=[manufacturing], save=fresh_store.parent / "名单.pdf")
    window.import_action.trigger()
    assert "已收到汇总表 1/2" in window.header.received.text()
    assert "服务业与数字化专业组" in window.header.missing.text()
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    assert dialogs.asked == ["files"]  # neither confirmed nor asked where
    assert len(dialogs.warned) == 1 and "服务业与数字化专业组" in dialogs.warned[0]
    assert not (fresh_store.parent / "名单.pdf").exists()


def test_the_signed_list_is_exported_with_its_excel_copy(
    qtbot: QtBot,
    main_over: Callable[[Path], MainWindow],
    received_store: Path,
    chair_round: ChairRound,
    tmp_path: Path,
) -> None:
    window = open_chair(qtbot, main_over(received_store))
    fourth = ranked(chair_table(received_store), 0, 4)
    window.select(fourth.dossier_id)
    box = window.summary.panel.decision
    box.reason.setPlainText(REASON_TEXT)
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "出" / "名单.pdf"
    target.parent.mkdir()

    dialogs = answer(window, save=target, confirm=False)
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    assert dialogs.asked == ["confirm"] and not target.exists()  # the chair said no

    dialogs.confirms = True
    window.export_action.trigger()
    assert dialogs.asked == ["confirm", "confirm", "save"]
    assert dialogs.confirmed is not None
    text, details = dialogs.confirmed
    assert "共 8 项" in text and "调整 1 项" in text
    assert fourth.line.dossier.enterprise in details and REASON_TEXT in details
    assert dialogs.suggested is not None
    assert dialogs.suggested.name == "入围答辩名单-2024年全国质量标杆遴选（演示）.pdf"
    assert target.is_file() and target.with_suffix(".xlsx").is_file()
    assert dialogs.warned == [] and str(target) in dialogs.said[-1]
    verified = verify_shortlist(target.read_bytes(), ca_certificate_pem=chair_round.ca_pem)
    listed = [d.dossier_id for d in verified.shortlist.listed]
    assert len(listed) == 8 and fourth.dossier_id in listed
    assert verified.shortlist.revision == 1
    assert "第 1 版" in window.status_line.text()


def test_the_window_speaks_english_after_a_switch(
    qtbot: QtBot,
    main_over: Callable[[Path], MainWindow],
    received_store: Path,
    artifacts: Path,
) -> None:
    main = main_over(received_store)
    window = open_chair(qtbot, main)
    table = chair_table(received_store)
    fourth = ranked(table, 0, 4)
    window.select(fourth.dossier_id)
    box = window.summary.panel.decision
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)  # refused: no reason
    main.set_language("en")  # the change reaches widgets as a posted event
    qtbot.waitUntil(lambda: window.tabs.tabText(SUMMARY_TAB) == "Summary")
    assert window.tabs.tabText(CALIBRATION_TAB) == "Calibration"
    assert window.tabs.tabText(VERIFICATION_TAB) == "Report check"
    model = window.summary.model
    assert model.headerData(GROUP, Qt.Orientation.Horizontal) == "Group"
    assert window.summary.group_filter.itemText(0) == "All groups"
    assert box.apply_button.text() == "Put on the list"
    assert "needs a written reason" in box.message.text()  # the refusal, re-rendered
    assert "Reports received 2/2" in window.header.received.text()
    assert "Defense shortlist" in window.header.title.text()
    assert window.export_button.text() == "Sign and export the list…"
    assert main.menus.chair_review.text().replace("&", "") == "Chair's review…"
    qtbot.wait(50)  # the labels' new sizes are laid out by posted events
    window.grab().save(str(artifacts / "chair-window-en.png"))
    main.set_language("zh")
    qtbot.waitUntil(lambda: window.tabs.tabText(SUMMARY_TAB) == "汇总")


def test_locking_closes_the_window_and_drops_what_it_showed(
    qtbot: QtBot, main_over: Callable[[Path], MainWindow], received_store: Path
) -> None:
    main = main_over(received_store)
    window = open_chair(qtbot, main)
    assert window.summary.model.rowCount() == 12
    main.close_session()  # what the locker does on Ctrl+L and when idle
    assert main.chair.window is None and not window.isVisible()
    assert window.summary.model.rowCount() == 0 and window.verification_model.rowCount() == 0
    assert window.calibration.groups_model.rowCount() == 0 and window.table is None
    assert not main.menus.chair_review.isEnabled()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=2000)
