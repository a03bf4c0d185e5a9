"""The printed sheet stays whole whatever the reviewer wrote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pymupdf

from app.sheets.build import build_sheet
from app.sheets.render import render_sheet
from app.store.store import Store
from tests.sheets.conftest import EXPERT, complete_all, with_entry


def test_long_comments_and_markup_flow_over_pages(open_store: Callable[[str], Store]) -> None:
    store = open_store(EXPERT)
    complete_all(store)
    sheet = build_sheet(store)
    long = "该企业的质量管理方法体系完整，推进过程有清楚的目标、组织和资源保障。\n" * 150
    odd = "<b>不是标记</b> & 1 < 2"
    changed = with_entry(
        sheet, 0, overall_comment=long + odd, pair_comments={"science_innovation": odd}
    )
    many = replace(changed, entries=changed.entries * 4)  # 24 dossiers
    rendered = render_sheet(many, content_hash=many.content_hash)
    doc = pymupdf.open(stream=rendered.pdf, filetype="pdf")
    assert doc.page_count > 10
    assert rendered.signature_page == doc.page_count - 1
    text = "".join(page.get_text() for page in doc)
    assert "<b>不是标记</b> & 1 < 2" in text
    assert f"第 {doc.page_count} 页 / 共 {doc.page_count} 页" in doc[-1].get_text()
    x1, y1, x2, y2 = rendered.signature_box
    assert 0 < x1 < x2 <= 595 and 0 < y1 < y2 <= 842
