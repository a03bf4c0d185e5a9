"""The unlock dialog: retry after a wrong passphrase, and the first-run path to a working store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from app.demo.round import PERSONAL_PASSPHRASE, DemoRound
from app.store.keyring import cheap_kdf_params
from app.store.store import Store
from app.ui.unlock_dialog import CREATE, IMPORT, UNLOCK, UnlockDialog


def visible_texts(dialog: UnlockDialog) -> str:
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    fields = [w.text() for w in dialog.findChildren(QLineEdit) if w.isVisible()]
    return "\n".join(labels + fields)


def package_of(demo: DemoRound, person: str) -> tuple[Path, str]:
    for line in (demo.packages / "passphrases.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            file_name, name, passphrase = line.split("\t")
            if name == person:
                return demo.packages / file_name, passphrase
    raise LookupError(person)


def test_wrong_passphrase_says_so_and_the_right_one_unlocks(
    qtbot: QtBot, expert_store: Path, demo_round: DemoRound, artifacts: Path
) -> None:
    dialog = UnlockDialog(expert_store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.pages.currentIndex() == UNLOCK
    qtbot.keyClicks(dialog.passphrase, "not-the-passphrase")
    dialog.grab().save(str(artifacts / "unlock.png"))
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.unlock_error.isVisible()
    assert "口令" in dialog.unlock_error.text()
    assert dialog.passphrase.text() == ""
    assert dialog.isVisible() and dialog.store() is None
    dialog.grab().save(str(artifacts / "unlock-wrong-passphrase.png"))
    enterprises = [d.name for d in demo_round.batch.iterdir() if d.is_dir()]
    assert enterprises and not any(e in visible_texts(dialog) for e in enterprises)
    qtbot.keyClicks(dialog.passphrase, PERSONAL_PASSPHRASE)
    with qtbot.waitSignal(dialog.unlocked) as unlocked:
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    store = unlocked.args[0]
    assert isinstance(store, Store)
    assert store.meta("round_id") is not None
    store.close()


def test_first_run_creates_a_store_and_imports_the_package(
    qtbot: QtBot, tmp_path: Path, demo_round: DemoRound, artifacts: Path
) -> None:
    target = tmp_path / "我的评审存储"
    dialog = UnlockDialog(None, kdf=cheap_kdf_params(), default_folder=target)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.pages.currentIndex() == CREATE
    assert dialog.folder.text() == str(target)
    qtbot.keyClicks(dialog.new_passphrase, "short")
    qtbot.keyClicks(dialog.repeat_passphrase, "short")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "至少" in dialog.create_error.text()
    dialog.new_passphrase.clear()
    dialog.repeat_passphrase.clear()
    qtbot.keyClicks(dialog.new_passphrase, "a long passphrase")
    qtbot.keyClicks(dialog.repeat_passphrase, "a long passphrase!")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "不一致" in dialog.create_error.text()
    assert not target.exists()
    qtbot.keyClicks(dialog.repeat_passphrase, "a long passphrase")
    dialog.grab().save(str(artifacts / "first-run-create.png"))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == IMPORT
    package, one_time = package_of(demo_round, "张伟")
    dialog.package.setText(str(package))
    qtbot.keyClicks(dialog.package_passphrase, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.import_error.isVisible()
    dialog.grab().save(str(artifacts / "first-run-import.png"))
    dialog.package_passphrase.clear()
    qtbot.keyClicks(dialog.package_passphrase, one_time)
    with qtbot.waitSignal(dialog.unlocked) as unlocked:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    store = unlocked.args[0]
    assert isinstance(store, Store)
    store.close()
    with Store.open(target, "a long passphrase") as reopened:
        assert reopened.meta("round_id") is not None


def test_the_lock_screen_offers_only_the_same_store(qtbot: QtBot, expert_store: Path) -> None:
    dialog = UnlockDialog(expert_store, locked=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.heading.text() == "已锁定"
    assert not dialog.choose_store_button.isVisible()
    assert not dialog.new_store_button.isVisible()
