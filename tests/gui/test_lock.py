"""Locking: Ctrl+L and the idle timeout close the store and hide everything; unlocking returns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from app.demo.round import PERSONAL_PASSPHRASE
from app.ui.application import Workstation
from app.ui.i18n import LanguageSwitcher
from app.ui.lock import Locker
from app.ui.main_window import LOCKED_PAGE, WORK_PAGE, MainWindow
from app.ui.preferences import Preferences


@pytest.fixture
def window(
    qtbot: QtBot,
    qapp: QApplication,
    preferences: Preferences,
    languages: LanguageSwitcher,
    expert_store: Path,
) -> Iterator[MainWindow]:
    workstation = Workstation(qapp, preferences, languages)
    dialog = workstation.start(expert_store)
    qtbot.keyClicks(dialog.passphrase, PERSONAL_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert workstation.window is not None
    opened = workstation.window
    qtbot.waitExposed(opened)
    opened.resize(1500, 900)
    opened.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is opened, timeout=2000)
    yield opened
    opened.close()
    workstation.shutdown()
    qapp.aboutToQuit.disconnect(workstation.shutdown)


def test_ctrl_l_locks_and_unlocking_returns_to_the_same_place(
    qtbot: QtBot, window: MainWindow, artifacts: Path
) -> None:
    locker = window.findChild(Locker)
    assert isinstance(locker, Locker)
    window.dossiers.step(1)
    window.dossiers.step(1)
    dossier = window.dossiers.current_id()
    assert dossier is not None
    evidence = window.documents._entries[2].document.id
    window.documents.open_page(evidence, 1)
    assert window.form is not None
    window.form.rows["science"].entry.setText("9.5")
    window.form.rows["science"].entry.commit()  # typed, not yet saved
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert locker.is_locked and locker.dialog is not None
    assert window.pages.currentIndex() == LOCKED_PAGE
    assert window.session is None and window.form is None
    assert window.dossiers.model.rowCount() == 0
    assert window.documents.tabs.count() == 0
    assert "常州" not in window.windowTitle()
    qtbot.waitExposed(locker.dialog)
    shot = window.grab()
    painter = QPainter(shot)
    dialog_shot = locker.dialog.grab()
    corner = QPoint(
        (shot.width() - dialog_shot.width()) // 2, (shot.height() - dialog_shot.height()) // 3
    )
    painter.fillRect(dialog_shot.rect().translated(corner), locker.dialog.palette().window())
    painter.setPen(locker.dialog.palette().dark().color())
    painter.drawRect(dialog_shot.rect().translated(corner).adjusted(-1, -1, 0, 0))
    painter.drawPixmap(corner, dialog_shot)
    painter.end()
    shot.save(str(artifacts / "locked.png"))
    qtbot.keyClicks(locker.dialog.passphrase, "wrong")
    qtbot.keyClick(locker.dialog.passphrase, Qt.Key.Key_Return)
    assert locker.is_locked and locker.dialog.unlock_error.isVisible()
    qtbot.keyClicks(locker.dialog.passphrase, PERSONAL_PASSPHRASE)
    qtbot.keyClick(locker.dialog.passphrase, Qt.Key.Key_Return)
    assert not locker.is_locked
    assert window.pages.currentIndex() == WORK_PAGE
    assert window.dossiers.current_id() == dossier
    assert window.form is not None and window.form.rows["science"].entry.text() == "9.5"
    qtbot.waitUntil(lambda: window.documents.current_location() == (evidence, 1), timeout=5000)


def test_the_idle_timeout_locks(qtbot: QtBot, window: MainWindow) -> None:
    locker = window.findChild(Locker)
    assert isinstance(locker, Locker)
    assert locker.idle_timer.interval() == 10 * 60_000  # the default: ten minutes
    locker.idle_timer.setInterval(300)
    locker.idle_timer.start()
    with qtbot.waitSignal(locker.locked, timeout=2000):
        pass
    assert window.session is None and window.pages.currentIndex() == LOCKED_PAGE
    assert locker.dialog is not None
    qtbot.keyClicks(locker.dialog.passphrase, PERSONAL_PASSPHRASE)
    qtbot.keyClick(locker.dialog.passphrase, Qt.Key.Key_Return)
    assert window.session is not None


def test_the_idle_time_is_configurable_and_remembered(
    window: MainWindow, preferences: Preferences, monkeypatch: pytest.MonkeyPatch
) -> None:
    locker = window.findChild(Locker)
    assert isinstance(locker, Locker)
    monkeypatch.setattr(QInputDialog, "getInt", lambda *_a: (3, True))
    window.menus.idle_lock.trigger()
    assert locker.idle_timer.interval() == 3 * 60_000
    assert preferences.idle_minutes() == 3
