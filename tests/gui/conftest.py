"""GUI fixtures: one real demo round per session, a fresh copy of the expert's store per test.

Every widget works on real SQLCipher stores; preferences go to a file of the test's own,
never to the user's settings.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.demo.round import DemoRound, build_demo_round
from app.store.keyring import cheap_kdf_params
from app.ui.fonts import install_bundled_font
from app.ui.i18n import LanguageSwitcher, compile_translations
from app.ui.preferences import Preferences

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def demo_round(tmp_path_factory: pytest.TempPathFactory) -> DemoRound:
    """The demo round (batch, secretariat, packages, personal stores), built once."""
    return build_demo_round(tmp_path_factory.mktemp("demo") / "round", kdf=cheap_kdf_params())


@pytest.fixture
def expert_store(demo_round: DemoRound, tmp_path: Path) -> Path:
    """A fresh copy of 张伟's store, so each test starts from the same state."""
    target = tmp_path / "expert-store"
    shutil.copytree(demo_round.stores["expert"], target)
    return target


@pytest.fixture(scope="session", autouse=True)
def bundled_font(qapp: QApplication) -> str:
    """The app's font, as ``run`` registers it (screenshots show what users see)."""
    return install_bundled_font(qapp)


@pytest.fixture(scope="session")
def compiled_translations() -> list[Path]:
    """The .qm catalogues, built as ``./dev`` builds them."""
    return compile_translations()


@pytest.fixture
def preferences(tmp_path: Path) -> Preferences:
    """Interface preferences in a file of this test's own."""
    return Preferences(QSettings(str(tmp_path / "preferences.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def languages(qapp: QApplication, compiled_translations: list[Path]) -> Iterator[LanguageSwitcher]:
    """The language switcher, Chinese at the start and again at the end of each test."""
    switcher = LanguageSwitcher(qapp)
    switcher.set_language("zh")
    yield switcher
    switcher.set_language("zh")
    switcher.deleteLater()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots of the main screens are kept for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def commit_text(widget: QWidget, text: str) -> None:
    """Type ``text`` the way a Chinese input method delivers it: one committed character
    at a time (QTest's key clicks only know ASCII)."""
    for char in text:
        event = QInputMethodEvent("", [])
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


@pytest.fixture
def type_text() -> Callable[[QWidget, str], None]:
    """Type any text, Chinese included, into a focused text widget."""
    return commit_text
