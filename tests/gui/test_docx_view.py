"""The 典型经验材料 in Word: readable text, outline with lengths and limits, pictures, find, cite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.models.dossier import DocumentKind
from app.ui.documents.document_tabs import DocumentTabs
from app.ui.documents.docx_html import build_docx
from app.ui.documents.docx_view import OVER, DocxPane
from app.ui.documents.problem_view import ProblemView
from app.ui.documents.problems import ProblemKind
from app.ui.documents.renderer import PageRenderer
from tests.gui.document_samples import (
    Shelf,
    experience_docx,
    hostile_docx,
    running_renderer,
    screenshot,
)


@pytest.fixture
def renderer(qapp: QApplication) -> Iterator[PageRenderer]:
    with running_renderer() as running:
        yield running


def _open(qtbot: QtBot, renderer: PageRenderer, data: bytes) -> tuple[DocumentTabs, DocxPane]:
    shelf = Shelf()
    shelf.add("summary", "典型经验材料.docx", DocumentKind.SUMMARY, data)
    tabs = DocumentTabs(renderer)
    qtbot.addWidget(tabs)
    tabs.resize(1100, 780)
    tabs.show()
    qtbot.waitExposed(tabs)
    tabs.show_dossier(shelf.documents, shelf.load)
    pane = tabs.content("summary")
    assert isinstance(pane, DocxPane)
    qtbot.waitUntil(pane.is_open, timeout=15000)
    return tabs, pane


def test_outline_counts_sections_against_their_limits(
    qtbot: QtBot, renderer: PageRenderer, tmp_path: Path
) -> None:
    tabs, pane = _open(qtbot, renderer, experience_docx(tmp_path, long_abstract=True))
    outline = {entry.title: entry for entry in pane.outline()}
    assert outline["一、摘要"].limit == 500 and outline["一、摘要"].over_limit
    assert outline["二、企业概况"].limit == 500 and not outline["二、企业概况"].over_limit
    assert outline["三、推进和应用情况"].limit == 8000
    assert outline["四、实施效果"].limit == 2000
    assert outline["（一）质量水平持续提升"].limit is None
    tree = pane.outline_tree
    assert tree.topLevelItemCount() == 4
    abstract = tree.topLevelItem(0)
    assert abstract is not None and abstract.text(0) == "一、摘要"
    chars = outline["一、摘要"].chars
    assert abstract.text(1) == f"{chars} / 500" and chars > 500
    assert abstract.foreground(1).color() == OVER
    assert abstract.toolTip(1) == "超过 500 字的限制"
    overview = tree.topLevelItem(1)
    assert overview is not None and overview.foreground(1).color() != OVER
    progress = tree.topLevelItem(2)
    assert progress is not None and progress.childCount() == 7  # its （一）…（七）
    text = pane.browser.toPlainText()
    assert "一、摘要" in text and "六西格玛" in text
    html = pane.browser.toHtml()
    assert "<table" in html  # the results' data table
    screenshot(tabs, "docx-outline.png")
    results = tree.topLevelItem(3)
    assert results is not None
    bar = pane.browser.verticalScrollBar()
    before = bar.value()
    rect = tree.visualItemRect(results)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert bar.value() > before  # jumped down to 四、实施效果
    cursor = pane.browser.document().find("主要质量指标及对比")  # the data table's caption
    pane.browser.setTextCursor(cursor)
    pane.browser.ensureCursorVisible()
    screenshot(tabs, "docx-results-table.png")


def test_pictures_are_decoded_by_the_worker(
    qtbot: QtBot, renderer: PageRenderer, tmp_path: Path
) -> None:
    layout = build_docx(experience_docx(tmp_path, picture=True))
    assert not isinstance(layout, type(None)) and hasattr(layout, "images")
    tabs, pane = _open(qtbot, renderer, experience_docx(tmp_path, picture=True))
    document = pane.browser.document()

    def decoded() -> bool:
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl("docx-image-0"))
        return isinstance(image, QImage) and image.size().width() != 320  # not the placeholder

    qtbot.waitUntil(decoded, timeout=15000)
    pane.browser.moveCursor(QTextCursor.MoveOperation.End)
    pane.browser.ensureCursorVisible()
    screenshot(tabs, "docx-picture.png")


def test_find_in_word_and_cite_the_selection(
    qtbot: QtBot, renderer: PageRenderer, tmp_path: Path
) -> None:
    tabs, pane = _open(qtbot, renderer, experience_docx(tmp_path))
    tabs.start_find()
    assert pane.find_bar.isVisible()
    pane.find_bar.field.setText("六西格玛")
    qtbot.waitUntil(lambda: pane.hit_count() > 2, timeout=5000)
    total = pane.hit_count()
    assert pane.find_bar.counter.text() == f"1/{total}"
    qtbot.keyClick(pane.find_bar.field, Qt.Key.Key_Return)
    assert pane.current_hit() == 1 and pane.find_bar.counter.text() == f"2/{total}"
    assert pane.selected_text() == "六西格玛"
    screenshot(tabs, "docx-find.png")
    with qtbot.waitSignal(tabs.citation_requested) as cited:
        pane.cite_action.trigger()
    assert cited.args == ["summary", 1, "六西格玛"]
    cursor = pane.browser.document().find("二、企业概况")
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    pane.browser.setTextCursor(cursor)
    assert pane.cite_action.isEnabled()
    with qtbot.waitSignal(tabs.citation_requested) as paragraph:
        pane.cite_action.trigger()
    document_id, page, quoted = paragraph.args
    assert (document_id, page) == ("summary", 1)
    assert quoted.startswith("二、企业概况\n") and "\u2029" not in quoted
    qtbot.keyClick(pane.find_bar.field, Qt.Key.Key_Escape)
    assert pane.hit_count() == 0 and not pane.find_bar.isVisible()


def test_a_hostile_word_file_is_refused_before_parsing(
    qtbot: QtBot, renderer: PageRenderer, tmp_path: Path
) -> None:
    shelf = Shelf()
    shelf.add("summary", "典型经验材料.docx", DocumentKind.SUMMARY, hostile_docx(tmp_path))
    tabs = DocumentTabs(renderer)
    qtbot.addWidget(tabs)
    tabs.resize(900, 600)
    tabs.show_dossier(shelf.documents, shelf.load)
    qtbot.waitUntil(lambda: isinstance(tabs.content("summary"), ProblemView), timeout=15000)
    shown = tabs.content("summary")
    assert isinstance(shown, ProblemView) and shown.problem.kind is ProblemKind.HOSTILE
    assert "DOCTYPE" in shown.problem.detail and "恶意" in shown.reason.text()
