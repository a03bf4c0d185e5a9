"""A whole expert session through the real main window, and a killed process losing nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.demo.round import PERSONAL_PASSPHRASE, DemoRound
from app.scoring.record import ReviewRecord
from app.scoring.service import ReviewService
from app.store.store import Store
from app.ui.application import Workstation
from app.ui.dossier_list import STATUS
from app.ui.i18n import LanguageSwitcher
from app.ui.main_window import MainWindow
from app.ui.preferences import Preferences
from app.ui.scoring_form import SAVE_DELAY_MS

ROOT = Path(__file__).resolve().parents[2]
TypeText = Callable[[QWidget, str], None]


def stored(store_path: Path, dossier_id: str) -> ReviewRecord:
    """What a second, independent opening of the store holds."""
    with Store.open(store_path, PERSONAL_PASSPHRASE) as store:
        return ReviewService(store).record(dossier_id)


def unlock(qtbot: QtBot, workstation: Workstation, store_path: Path) -> MainWindow:
    """Start as ``run`` does: a wrong passphrase first, then the right one."""
    dialog = workstation.start(store_path)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.passphrase, "wrong passphrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.unlock_error.isVisible() and workstation.window is None
    qtbot.keyClicks(dialog.passphrase, PERSONAL_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    window = workstation.window
    assert window is not None
    qtbot.waitExposed(window)
    window.resize(1500, 900)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    return window


@pytest.fixture
def workstation(
    qapp: QApplication, preferences: Preferences, languages: LanguageSwitcher
) -> Iterator[Workstation]:
    running = Workstation(qapp, preferences, languages)
    yield running
    if running.window is not None:
        running.window.close()
    running.shutdown()
    qapp.aboutToQuit.disconnect(running.shutdown)


def click_band(qtbot: QtBot, window: MainWindow, aspect: str, band: str) -> None:
    assert window.form is not None
    button = window.form.rows[aspect].band_buttons[band]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def test_an_expert_session(
    qtbot: QtBot,
    workstation: Workstation,
    expert_store: Path,
    preferences: Preferences,
    type_text: TypeText,
    monkeypatch: pytest.MonkeyPatch,
    artifacts: Path,
) -> None:
    window = unlock(qtbot, workstation, expert_store)
    dossiers = window.dossiers
    first = dossiers.current_id()
    assert first is not None and window.form is not None
    assert window.documents.tabs.count() >= 3
    window.documents.tabs.setCurrentIndex(1)
    form = window.form
    # keyboard: Ctrl+1 jumps to the first score, typing and Tab go from field to field
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is form.rows["science"].entry
    for text in ("13.5", "12"):
        qtbot.keyClicks(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    comment = form.pair_comments["science_innovation"]
    assert QApplication.focusWidget() is comment  # the pair's comment follows its scores
    type_text(comment, "方法遵循PDCA循环。")
    qtbot.keyClick(comment, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.rows["system"].entry
    qtbot.keyClicks(form.rows["system"].entry, "11.5")
    qtbot.keyClick(form.rows["system"].entry, Qt.Key.Key_Tab)
    assert form.rows["system"].entry.text() == "11.5"
    # mouse: the band quick-picks
    click_band(qtbot, window, "demonstration", "excellent")
    click_band(qtbot, window, "effect", "good")
    click_band(qtbot, window, "development", "good")
    form.overall.setFocus()
    type_text(form.overall, "方法成熟，数据翔实，对比充分。")
    qtbot.mouseClick(form.recommend_yes, Qt.MouseButton.LeftButton)
    assert form.total_label.text() == "总分 87 / 100"
    # undo and redo from the keyboard
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not form.recommend_yes.isChecked()
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert form.recommend_yes.isChecked()
    with qtbot.waitSignal(form.saved, timeout=SAVE_DELAY_MS + 400):
        pass
    assert window.saved_label.text().startswith("已保存 ")
    held = stored(expert_store, first)
    assert held.scores["effect"] == Decimal(22) and held.recommendation is True
    assert held.overall_comment == "方法成熟，数据翔实，对比充分。"
    assert held.pair_comments == {"science_innovation": "方法遵循PDCA循环。"}
    assert dossiers.view.currentIndex().siblingAtColumn(STATUS).data() == "已完成"
    # 引用到评语: a citation from the documents lands in the comment used last
    cited = window.documents.current_document()
    assert cited is not None
    window.documents.citation_requested.emit(cited.id, 2, "三年数据")
    assert form.overall.toPlainText().endswith(f"〔{cited.name} 第2页：“三年数据”〕")
    # next dossier from the keyboard; declare a conflict there
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    second = dossiers.current_id()
    assert second is not None and second != first
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(form.conflict_box.declare_button, Qt.MouseButton.LeftButton)
    assert stored(expert_store, second).conflict
    assert dossiers.view.currentIndex().siblingAtColumn(STATUS).data() == "回避"
    assert not form.rows["science"].isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert dossiers.current_id() == first
    qtbot.wait(300)
    window.grab().save(str(artifacts / "main-window.png"))


def test_search_all_opens_the_hit(
    qtbot: QtBot, workstation: Workstation, expert_store: Path, type_text: TypeText, artifacts: Path
) -> None:
    window = unlock(qtbot, workstation, expert_store)
    qtbot.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.search_dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.query, "六西格玛")
    qtbot.waitUntil(lambda: dialog.results.count() > 0, timeout=2000)
    hit = dialog.hits()[0]
    other = next(d for d in window.dossiers.model._rows if d.id != hit.dossier_id)
    window.dossiers.select(other.id)
    assert window.dossiers.current_id() == other.id
    dialog.grab().save(str(artifacts / "search-dialog.png"))
    dialog.results.setCurrentRow(0)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert window.dossiers.current_id() == hit.dossier_id
    qtbot.waitUntil(  # the page shows once the worker has opened the document
        lambda: window.documents.current_location() == (hit.document_id, hit.page), timeout=5000
    )
    assert window.form is not None and window.form.dossier_id() == hit.dossier_id


def test_language_switch_relabels_the_window_and_is_remembered(
    qtbot: QtBot, workstation: Workstation, expert_store: Path, preferences: Preferences
) -> None:
    window = unlock(qtbot, workstation, expert_store)
    assert window.menus.file_menu.title() == "文件(&F)"
    window.menus.english.trigger()
    qtbot.waitUntil(  # Qt delivers the language change as an event to every widget
        lambda: window.windowTitle().endswith("Quality Benchmark Reviewer Workstation")
    )
    assert window.menus.file_menu.title() == "&File"
    assert window.form is not None
    assert window.form.total_label.text().startswith("Total ")
    assert window.form.rows["science"].name.text() == "Scientific soundness (max. 15)"
    assert window.dossiers.model.headerData(1, Qt.Orientation.Horizontal) == "Enterprise"
    assert window.dossiers.view.model().index(0, STATUS).data() == "Not started"
    assert preferences.language() == "en"
    qtbot.wait(500)  # let the relabelled widgets lay themselves out again
    window.grab().save(str(ROOT / "test-artifacts" / "main-window-en.png"))
    window.menus.chinese.trigger()
    qtbot.waitUntil(lambda: window.menus.file_menu.title() == "文件(&F)")
    assert preferences.language() == "zh"


def test_window_layout_is_remembered(
    qtbot: QtBot, workstation: Workstation, expert_store: Path, preferences: Preferences
) -> None:
    window = unlock(qtbot, workstation, expert_store)
    window.splitter.setSizes([300, 700, 500])
    sizes = window.splitter.sizes()
    window.close()
    assert preferences.splitter() is not None and preferences.geometry() is not None
    workstation.window = None
    again = Workstation(QApplication.instance(), preferences, workstation.languages)  # type: ignore[arg-type]
    second = unlock(qtbot, again, expert_store)
    assert second.splitter.sizes() == sizes
    second.close()
    again.shutdown()


KILLED_SESSION = textwrap.dedent(
    """
    import sys
    from decimal import Decimal
    from pathlib import Path

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from app.store.store import Store
    from app.ui.application import make_session
    from app.ui.documents import DocumentTabs, PageRenderer
    from app.ui.i18n import LanguageSwitcher
    from app.ui.main_window import MainWindow
    from app.ui.preferences import Preferences


    def edit() -> None:
        form = window.form
        entry = form.rows["science"].entry
        entry.setText("12.5")
        entry.commit()
        form.overall.setFocus()
        for char in "被强行结束前写下的评语":
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QApplication.sendEvent(form.overall, event)
        print("EDITED", window.dossiers.current_id(), flush=True)


    if __name__ == "__main__":
        app = QApplication([])
        preferences = Preferences(QSettings(sys.argv[2], QSettings.Format.IniFormat))
        window = MainWindow(DocumentTabs(PageRenderer()), preferences, LanguageSwitcher(app))
        window.open_session(make_session(Store.open(Path(sys.argv[1]), sys.argv[3])))
        window.show()
        QTimer.singleShot(500, edit)
        app.exec()
    """
)


@pytest.mark.slow
def test_a_killed_process_keeps_what_was_typed(expert_store: Path, tmp_path: Path) -> None:
    script = tmp_path / "session.py"
    script.write_text(KILLED_SESSION, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [
            sys.executable,
            str(script),
            str(expert_store),
            str(tmp_path / "p.ini"),
            PERSONAL_PASSPHRASE,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("EDITED "), line
        dossier_id = line.split()[1]
        time.sleep(1.2)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    assert process.returncode == -signal.SIGKILL
    held = stored(expert_store, dossier_id)
    assert held.scores == {"science": Decimal("12.5")}
    assert held.overall_comment == "被强行结束前写下的评语"


def test_importing_a_package_from_the_file_menu(
    qtbot: QtBot,
    workstation: Workstation,
    expert_store: Path,
    demo_round: DemoRound,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = unlock(qtbot, workstation, expert_store)
    lines = (demo_round.packages / "passphrases.txt").read_text(encoding="utf-8").splitlines()
    file_name, _name, one_time = next(line.split("\t") for line in lines if "\t张伟\t" in line)
    said: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a: (str(demo_round.packages / file_name), "")
    )
    answers = iter([("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", True), (one_time, True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a: next(answers))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    window.menus.import_package.trigger()
    window.menus.import_package.trigger()
    assert "口令" in said[0]
    assert "未做任何修改" in said[1]  # the same package again changes nothing
    assert window.dossiers.model.rowCount() > 0


def test_compare_from_the_review_menu(
    qtbot: QtBot, workstation: Workstation, expert_store: Path, artifacts: Path
) -> None:
    from app.ui.documents.pdf_pane import PdfPane

    window = unlock(qtbot, workstation, expert_store)
    current = window.dossiers.current_id()
    assert current is not None and window.menus.compare.isEnabled()
    dialog = window.show_compare()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    view = dialog.view
    assert view.left_title.text().startswith("1. ")
    assert dialog.other.count() == len(window.session.service.dossiers()) - 1  # type: ignore[union-attr]
    dialog.other.setCurrentIndex(1)
    assert view.right_title.text() == dialog.other.currentText()
    service = window.session.service  # type: ignore[union-attr]
    other = dialog.other.currentData()
    left = view.left.content(service.dossier(current).documents[0].id)
    right = view.right.content(service.dossier(other).documents[0].id)
    panes = [w for w in (left, right) if isinstance(w, PdfPane)]
    assert len(panes) == 2
    qtbot.waitUntil(lambda: all(p.view.has_image(0) for p in panes), timeout=15000)
    dialog.grab().save(str(artifacts / "compare-dialog.png"))
    dialog.close()
