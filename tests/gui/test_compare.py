"""Two dossiers side by side: both read independently, the same kind of document follows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.models.dossier import DocumentKind
from app.ui.documents import CompareView
from app.ui.documents.compare import CompareSide
from app.ui.documents.docx_view import DocxPane
from app.ui.documents.pdf_pane import PdfPane
from app.ui.documents.renderer import PageRenderer
from tests.gui.document_samples import (
    Shelf,
    chinese_pdf,
    experience_docx,
    running_renderer,
    screenshot,
)


@pytest.fixture
def renderer(qapp: QApplication) -> Iterator[PageRenderer]:
    with running_renderer() as running:
        yield running


def _side(
    tmp_path: Path, prefix: str, pages: int, long_abstract: bool
) -> tuple[Shelf, CompareSide]:
    folder = tmp_path / prefix
    folder.mkdir()
    shelf = Shelf()
    shelf.add(f"{prefix}-form", "申报书.pdf", DocumentKind.APPLICATION, chinese_pdf(pages))
    company = "qiheng" if prefix == "a" else "huilan"
    summary = experience_docx(folder, long_abstract=long_abstract, company=company)
    shelf.add(f"{prefix}-summary", "典型经验材料.docx", DocumentKind.SUMMARY, summary)
    title = "1. 常州启衡精密机械股份有限公司" if prefix == "a" else "2. 无锡汇澜电子电路有限公司"
    return shelf, CompareSide(title, shelf.documents, shelf.load)


def test_two_dossiers_side_by_side(qtbot: QtBot, renderer: PageRenderer, tmp_path: Path) -> None:
    _, left = _side(tmp_path, "a", 6, long_abstract=True)
    _, right = _side(tmp_path, "b", 3, long_abstract=False)
    view = CompareView(renderer)
    qtbot.addWidget(view)
    view.resize(1600, 900)
    view.show()
    qtbot.waitExposed(view)
    view.show_pair(left, right)
    assert view.left_title.text().startswith("1. ") and view.right_title.text().startswith("2. ")
    left_form, right_form = view.left.content("a-form"), view.right.content("b-form")
    assert isinstance(left_form, PdfPane) and isinstance(right_form, PdfPane)
    qtbot.waitUntil(
        lambda: left_form.view.has_image(0) and right_form.view.has_image(0), timeout=15000
    )
    assert (left_form.view.page_count(), right_form.view.page_count()) == (6, 3)
    left_form.view.go_to_page(4)
    assert right_form.view.current_page() == 0  # each side reads on its own

    assert view.link_box.isChecked()
    view.left.tabs.setCurrentIndex(1)  # the left's 典型经验材料 brings up the right's
    assert view.right.tabs.currentIndex() == 1
    left_summary, right_summary = view.left.content("a-summary"), view.right.content("b-summary")
    assert isinstance(left_summary, DocxPane) and isinstance(right_summary, DocxPane)
    qtbot.waitUntil(lambda: left_summary.is_open() and right_summary.is_open(), timeout=15000)
    assert left_summary.outline()[0].over_limit and not right_summary.outline()[0].over_limit
    screenshot(view, "compare.png")

    with qtbot.waitSignal(view.citation_requested) as cited:
        right_form.view.cite_page(2)
    assert cited.args == ["b-form", 3, ""]

    view.link_box.setChecked(False)
    view.right.tabs.setCurrentIndex(0)
    assert view.left.tabs.currentIndex() == 1  # unlinked: the left stays
    view.clear()
    assert view.left.tabs.count() == 0 and view.right.tabs.count() == 0
    assert view.left_title.text() == ""
