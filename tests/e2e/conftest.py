"""The end-to-end test's tools: ``qbr`` run in this process, cheap store keys, a GUI expert.

All of them are module-scoped, because the whole cycle is built once per module and
several test functions read what it left behind.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

import app.store.store as store_module
from app.cli.main import main
from app.store.keyring import KdfParams, cheap_kdf_params, create_key_file
from app.store.store import Store
from app.ui.application import make_session
from app.ui.documents import DocumentTabs
from app.ui.documents.renderer import PageRenderer
from app.ui.i18n import LanguageSwitcher
from app.ui.main_window import MainWindow
from app.ui.preferences import Preferences
from app.ui.scoring_form import ScoringForm
from tests.e2e.independent import ASPECTS, plain, total


@pytest.fixture(scope="module")
def patched() -> Iterator[pytest.MonkeyPatch]:
    """One MonkeyPatch for the module, with every new store's key made cheaply.

    ``qbr store init`` and ``qbr round init`` call ``Store.create`` without KDF
    parameters, so ``create_key_file`` falls back to the production Argon2id cost
    (128 MiB, three passes). Ten stores and about a hundred unlocks at that cost would
    take minutes on two cores and measure nothing this test is about, so the name
    ``app.store.store`` calls is replaced by one that passes the cheap test parameters
    when none were given. Unlocking reads the parameters from each key file, so every
    later ``Store.open`` is cheap too; the package envelopes keep their real cost.
    """

    def cheap_key_file(path: Path, passphrase: str, params: KdfParams | None = None) -> Any:
        return create_key_file(path, passphrase, params or cheap_kdf_params())

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store_module, "create_key_file", cheap_key_file)
        mp.delenv("QBR_LANG", raising=False)
        yield mp


@dataclass(frozen=True)
class Run:
    """What one ``qbr`` command printed."""

    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Qbr:
    """``qbr`` called through ``app.cli.main.main`` in this process, its exit code checked.

    Secrets go through the environment, as a script would pass them: ``QBR_PASSPHRASE``
    for the store or workspace, ``QBR_PACKAGE_PASSPHRASE`` for a package.
    """

    def __init__(self, mp: pytest.MonkeyPatch) -> None:
        self.mp = mp

    def __call__(
        self,
        *argv: object,
        passphrase: str | None = None,
        package_passphrase: str | None = None,
        code: int = 0,
    ) -> Run:
        for name, value in (
            ("QBR_PASSPHRASE", passphrase),
            ("QBR_PACKAGE_PASSPHRASE", package_passphrase),
        ):
            if value is None:
                self.mp.delenv(name, raising=False)
            else:
                self.mp.setenv(name, value)
        args = [str(a) for a in argv]
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            got = main(args)
        shown = " ".join(args)
        said = f"{out.getvalue()[:3000]}\n{err.getvalue()}"
        assert got == code, f"qbr {shown} exited {got}, not {code}:\n{said}"
        assert "Traceback" not in err.getvalue() and "内部错误" not in err.getvalue()
        return Run(out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def qbr(patched: pytest.MonkeyPatch) -> Qbr:
    return Qbr(patched)


# -- the GUI expert -----------------------------------------------------------------------


@dataclass(frozen=True)
class GuiReview:
    """What one dossier gets in the scoring form."""

    scores: Mapping[str, Decimal]
    comment: str
    recommended: bool


GuiScorer = Callable[[Path, str, Mapping[int, GuiReview], Path], list[str]]


def commit_text(widget: QWidget, text: str) -> None:
    """Type text the way a Chinese input method delivers it, one committed character at a time."""
    for char in text:
        event = QInputMethodEvent("", [])
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


def type_score(qtbot: QtBot, form: ScoringForm, aspect: str, text: str) -> None:
    entry = form.rows[aspect].entry
    entry.setFocus()
    entry.selectAll()
    qtbot.keyClicks(entry, text)
    qtbot.keyClick(entry, Qt.Key.Key_Tab)


@pytest.fixture(scope="module")
def gui_scorer(
    qapp: QApplication, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GuiScorer]:
    """Score every dossier through the real main window and export the sheet from 文件 menu.

    pytest-qt's ``qtbot`` fixture is function-scoped and the cycle is built once per
    module, so the fixture makes its own :class:`QtBot` over this module's request; the
    window it opens is closed here, not by pytest-qt's per-test cleanup.
    """
    qtbot = QtBot(request)
    languages = LanguageSwitcher(qapp)
    languages.set_language("zh")
    folder = tmp_path_factory.mktemp("gui")
    preferences = Preferences(
        QSettings(str(folder / "preferences.ini"), QSettings.Format.IniFormat)
    )

    def score(
        store_path: Path, passphrase: str, reviews: Mapping[int, GuiReview], sheet: Path
    ) -> list[str]:
        renderer = PageRenderer()
        window = MainWindow(DocumentTabs(renderer), preferences, languages)
        window.open_session(make_session(Store.open(store_path, passphrase)))
        window.resize(1500, 900)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # focus moves (and a score is taken) only in the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        said: list[str] = []
        try:
            assert window.session is not None and window.form is not None
            form = window.form
            for summary in window.session.service.dossiers():
                review = reviews[summary.seq]
                assert window.dossiers.select(summary.id)
                assert form.dossier_id() == summary.id
                for aspect in ASPECTS:
                    type_score(qtbot, form, aspect, plain(review.scores[aspect]))
                form.overall.setFocus()
                commit_text(form.overall, review.comment)
                button = form.recommend_yes if review.recommended else form.recommend_no
                qtbot.mouseClick(
                    button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2)
                )
                assert form.total_label.text() == f"总分 {plain(total(review.scores))} / 100"
                assert form.missing_summary.text() == "✓ 已填写完整"
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(sheet), ""))
                mp.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
                mp.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
                window.menus.export_sheet.trigger()
        finally:
            window.close_session()
            window.close()
            window.deleteLater()
            renderer.shutdown()
        return said

    yield score
    languages.deleteLater()
