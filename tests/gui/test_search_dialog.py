"""Search all dossiers: results follow the typing and a chosen hit names its page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.demo.round import PERSONAL_PASSPHRASE
from app.scoring.search import SearchHit, search
from app.store.store import Store
from app.ui.search_dialog import SearchDialog


@pytest.fixture
def store(expert_store: Path) -> Iterator[Store]:
    opened = Store.open(expert_store, PERSONAL_PASSPHRASE)
    yield opened
    opened.close()


def test_results_follow_typing_and_enter_opens_the_hit(
    qtbot: QtBot, store: Store, type_text: object, artifacts: Path
) -> None:
    dialog = SearchDialog(lambda query: search(store, query, 50))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.focus_query()
    assert callable(type_text)
    type_text(dialog.query, "六西格玛")
    qtbot.waitUntil(lambda: dialog.results.count() > 0, timeout=2000)
    hits = dialog.hits()
    assert all(isinstance(h, SearchHit) and h.hit == "六西格玛" for h in hits)
    assert "找到" in dialog.summary.text()
    label = dialog.results.itemWidget(dialog.results.item(0))
    assert "六西格玛</span>" in label.text()  # type: ignore[attr-defined]
    dialog.grab().save(str(artifacts / "search.png"))
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    chosen = hits[min(1, len(hits) - 1)]
    with qtbot.waitSignal(dialog.hit_chosen) as signal:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert signal.args == [chosen.dossier_id, chosen.document_id, chosen.page, "六西格玛"]


def test_nothing_found_says_so(qtbot: QtBot, store: Store) -> None:
    dialog = SearchDialog(lambda query: search(store, query, 50))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.query, "zzqqxx")
    qtbot.waitUntil(lambda: dialog.summary.text() == "没有找到。", timeout=2000)
    assert dialog.results.count() == 0
