"""A dossier's documents in tabs: lazy loading, the right viewer per content, reasons, navigation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.errors import Text, UserError
from app.models.dossier import DocumentKind
from app.ui.documents.document_tabs import DocumentTabs
from app.ui.documents.docx_view import DocxPane
from app.ui.documents.pdf_pane import PdfPane
from app.ui.documents.problem_view import ProblemView
from app.ui.documents.problems import ProblemKind
from app.ui.documents.renderer import PageRenderer
from app.ui.i18n import LanguageSwitcher
from tests.gui.document_samples import (
    PHRASE,
    Shelf,
    chinese_pdf,
    encrypted_pdf,
    experience_docx,
    garbage_pdf,
    png_scan,
    running_renderer,
    screenshot,
)


@pytest.fixture
def renderer(qapp: QApplication) -> Iterator[PageRenderer]:
    with running_renderer() as running:
        yield running


@pytest.fixture
def shelf(tmp_path: Path) -> Shelf:
    shelf = Shelf()
    shelf.add("form", "申报书.pdf", DocumentKind.APPLICATION, chinese_pdf(12))
    shelf.add("summary", "典型经验材料.docx", DocumentKind.SUMMARY, experience_docx(tmp_path))
    shelf.add("scan", "营业执照.png", DocumentKind.EVIDENCE, png_scan())
    shelf.add("locked", "质量奖证书.pdf", DocumentKind.EVIDENCE, encrypted_pdf())
    shelf.add("broken", "检测报告.pdf", DocumentKind.EVIDENCE, garbage_pdf())
    shelf.add(
        "old",
        "专利证书.doc",
        DocumentKind.EVIDENCE,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1WordDocument",
    )
    shelf.add("sheet", "汇总表.xlsx", DocumentKind.OTHER, b"PK\x05\x06" + bytes(18))
    return shelf


def _tabs(qtbot: QtBot, renderer: PageRenderer) -> DocumentTabs:
    tabs = DocumentTabs(renderer)
    qtbot.addWidget(tabs)
    tabs.resize(1000, 760)
    tabs.show()
    qtbot.waitExposed(tabs)
    return tabs


def test_documents_load_when_their_tab_is_first_shown(
    qtbot: QtBot, renderer: PageRenderer, shelf: Shelf
) -> None:
    tabs = _tabs(qtbot, renderer)
    assert tabs.current_location() is None
    tabs.show_dossier(shelf.documents, shelf.load)
    assert tabs.tabs.count() == 7 and shelf.loaded == ["form"]
    assert [tabs.tabs.tabText(i) for i in range(3)] == [
        "申报书.pdf",
        "典型经验材料.docx",
        "营业执照.png",
    ]
    assert tabs.tabs.tabToolTip(1) == "典型经验材料：典型经验材料.docx"
    pane = tabs.content("form")
    assert isinstance(pane, PdfPane) and tabs.content("summary") is None
    qtbot.waitUntil(lambda: pane.view.has_image(0), timeout=15000)
    with qtbot.waitSignal(tabs.location_changed) as moved:
        tabs.tabs.setCurrentIndex(2)
    assert moved.args == ["scan", 1]
    scan = tabs.content("scan")
    assert isinstance(scan, PdfPane)  # an image is shown page-wise, rendered by the worker
    qtbot.waitUntil(lambda: scan.view.has_image(0), timeout=15000)
    assert scan.view.page_count() == 1
    tabs.tabs.setCurrentIndex(1)
    summary = tabs.content("summary")
    assert isinstance(summary, DocxPane)
    qtbot.waitUntil(summary.is_open, timeout=15000)
    assert tabs.current_location() == ("summary", 1)
    assert shelf.loaded == ["form", "scan", "summary"]


@pytest.mark.parametrize(
    ("doc_id", "kind", "words"),
    [
        ("locked", ProblemKind.ENCRYPTED, "打开密码"),
        ("broken", ProblemKind.UNREADABLE, "已损坏"),
        ("old", ProblemKind.LEGACY, "Word 97-2003"),
        ("sheet", ProblemKind.UNSUPPORTED, "无法显示这种类型"),
    ],
)
def test_a_document_that_cannot_be_shown_says_why(
    qtbot: QtBot,
    renderer: PageRenderer,
    shelf: Shelf,
    doc_id: str,
    kind: ProblemKind,
    words: str,
) -> None:
    tabs = _tabs(qtbot, renderer)
    tabs.show_dossier(shelf.documents, shelf.load)
    index = [d.id for d in shelf.documents].index(doc_id)
    tabs.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: isinstance(tabs.content(doc_id), ProblemView), timeout=15000)
    shown = tabs.content(doc_id)
    assert isinstance(shown, ProblemView) and shown.problem.kind is kind
    assert words in shown.reason.text()
    assert not tabs.tabs.tabIcon(index).isNull()
    qtbot.waitUntil(shown.isVisible)
    if doc_id == "locked":
        screenshot(tabs, "tab-encrypted.png")
    tabs.tabs.setCurrentIndex(0)  # the others still work
    form = tabs.content("form")
    assert isinstance(form, PdfPane)
    qtbot.waitUntil(lambda: form.view.has_image(0), timeout=15000)


def test_a_document_the_store_cannot_read_says_so(qtbot: QtBot, renderer: PageRenderer) -> None:
    shelf = Shelf()
    shelf.add("form", "申报书.pdf", DocumentKind.APPLICATION, chinese_pdf(1))

    def failing(doc_id: str) -> bytes:
        raise UserError(Text("存储已损坏", "the store is damaged"))

    tabs = _tabs(qtbot, renderer)
    tabs.show_dossier(shelf.documents, failing)
    shown = tabs.content("form")
    assert isinstance(shown, ProblemView) and shown.problem.kind is ProblemKind.NOT_LOADED
    assert shown.detail.text().endswith("the store is damaged")


def test_open_page_goes_to_the_page_and_marks_the_text(
    qtbot: QtBot, renderer: PageRenderer, shelf: Shelf
) -> None:
    tabs = _tabs(qtbot, renderer)
    tabs.show_dossier(shelf.documents, shelf.load)
    tabs.tabs.setCurrentIndex(2)
    with qtbot.waitSignal(tabs.location_changed, timeout=15000) as moved:
        tabs.open_page("form", 8, highlight=PHRASE)
    assert tabs.tabs.currentIndex() == 0
    pane = tabs.content("form")
    assert isinstance(pane, PdfPane)
    qtbot.waitUntil(lambda: pane.current_hit() >= 0 and not pane.searching(), timeout=15000)
    assert moved.args[0] == "form"
    assert pane.hits()[pane.current_hit()].page == 7  # the first hit on page 8 (0-based 7)
    assert tabs.current_location() == ("form", 8)
    assert pane.find_bar.isVisible() and pane.find_bar.query() == PHRASE
    qtbot.waitUntil(lambda: pane.view.has_image(7), timeout=15000)
    screenshot(tabs, "tab-open-page-highlight.png")
    tabs.open_page("summary", 1, highlight="六西格玛")
    summary = tabs.content("summary")
    assert isinstance(summary, DocxPane)
    qtbot.waitUntil(lambda: summary.hit_count() > 0, timeout=15000)
    assert summary.browser.textCursor().selectedText() == "六西格玛"
    tabs.open_page("nope", 1)  # an unknown document changes nothing
    assert tabs.current_location() == ("summary", 1)


def test_clear_closes_the_documents(qtbot: QtBot, renderer: PageRenderer, shelf: Shelf) -> None:
    tabs = _tabs(qtbot, renderer)
    tabs.show_dossier(shelf.documents, shelf.load)
    pane = tabs.content("form")
    assert isinstance(pane, PdfPane)
    qtbot.waitUntil(lambda: pane.view.has_image(0), timeout=15000)
    assert renderer.cache_bytes > 0
    tabs.clear()
    assert tabs.tabs.count() == 0 and tabs.current_location() is None
    assert renderer.cache_bytes == 0
    assert tabs.stack.currentWidget() is tabs.empty_label
    screenshot(tabs, "tab-empty.png")
    tabs.show_dossier(shelf.documents[:1], shelf.load)  # the same dossier again opens fine
    again = tabs.content("form")
    assert isinstance(again, PdfPane)
    qtbot.waitUntil(lambda: again.view.has_image(0), timeout=15000)


def test_the_interface_follows_the_language(
    qtbot: QtBot, renderer: PageRenderer, shelf: Shelf, languages: LanguageSwitcher
) -> None:
    tabs = _tabs(qtbot, renderer)
    tabs.show_dossier(shelf.documents, shelf.load)
    pane = tabs.content("form")
    assert isinstance(pane, PdfPane)
    qtbot.waitUntil(pane.is_open, timeout=15000)
    assert pane.find_action.text() == "查找"
    languages.set_language("en")  # the change reaches widgets as a posted event
    qtbot.waitUntil(lambda: pane.find_action.text() == "Find")
    assert pane.zoom_box.currentText() == "Fit width"
    assert "Ctrl+F" in pane.find_action.toolTip()
    languages.set_language("zh")
    qtbot.waitUntil(lambda: pane.find_action.text() == "查找")
    assert pane.zoom_box.currentText() == "适合宽度"
