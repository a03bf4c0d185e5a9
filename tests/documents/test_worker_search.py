"""Searching and selecting text in the document worker: Chinese text, wrapped lines, rotation."""

from __future__ import annotations

from collections.abc import Iterator

import pymupdf
import pytest

from app.documents.worker import DocumentWorker, WorkerCrashed, WorkerFailed, _search_from_reply
from app.resources import CJK_FONT

GiB = 1024 * 1024 * 1024


@pytest.fixture(scope="module")
def worker() -> Iterator[DocumentWorker]:
    with DocumentWorker(memory_limit=1 * GiB) as running:
        yield running


def _chinese_pdf(rotation: int = 0) -> bytes:
    """Three pages; PyMuPDF maps 量 to the compatibility ideograph U+F97E with this font."""
    document = pymupdf.open()
    lines = (
        ("质量标杆 第一页 Quality", "推进质量管理体系建设"),
        ("第二页没有那个词", "只有别的内容"),
        ("第三页的质", "量在下一行，质量又出现"),
    )
    for first, second in lines:
        page = document.new_page(width=300, height=400)
        page.insert_font(fontname="cjk", fontfile=str(CJK_FONT))
        page.insert_text((30, 60), first, fontname="cjk", fontsize=12)
        page.insert_text((30, 80), second, fontname="cjk", fontsize=12)
        page.set_rotation(rotation)
    return bytes(document.tobytes())


def _open(worker: DocumentWorker, data: bytes) -> int:
    header, _ = worker.request("open", {"filetype": "pdf"}, data)
    return int(header["doc_id"])


def test_search_finds_chinese_across_lines_and_compatibility_forms(worker: DocumentWorker) -> None:
    doc_id = _open(worker, _chinese_pdf())
    result = worker.search(doc_id, "质量")
    assert [hit.page for hit in result.hits] == [0, 0, 2, 2]
    assert result.searched == 3 and not result.truncated
    wrapped = result.hits[2]
    assert len(wrapped.rects) == 2  # "质" ends line one, "量" starts line two
    assert wrapped.rects[0][1] < wrapped.rects[1][1]
    first = result.hits[0].rects[0]
    assert first[0] == pytest.approx(30, abs=1) and 45 < first[1] < first[3] < 65
    assert [hit.page for hit in worker.search(doc_id, "quality").hits] == [0]  # case folded
    assert [hit.page for hit in worker.search(doc_id, "ＱＵＡＬＩＴＹ").hits] == [0]  # width folded
    assert worker.search(doc_id, "质量", first=1, count=1).hits == ()
    assert worker.search(doc_id, "不存在的词").hits == ()


def test_boxes_follow_page_rotation(worker: DocumentWorker) -> None:
    doc_id = _open(worker, _chinese_pdf(rotation=90))
    x0, y0, x1, y1 = worker.search(doc_id, "标杆").hits[0].rects[0]
    # On a page turned a quarter clockwise the line runs top to bottom near the right edge.
    assert 300 < x0 < x1 <= 400 and y1 - y0 > x1 - x0
    assert worker.text_in_rect(doc_id, 0, (x0, y0, x1, y1)) == "标杆"


def test_text_in_rect_joins_wrapped_chinese_and_normalises(worker: DocumentWorker) -> None:
    doc_id = _open(worker, _chinese_pdf())
    assert worker.text_in_rect(doc_id, 0, (25, 45, 80, 65)) == "质量标杆"  # 量 is U+91CF again
    both = worker.text_in_rect(doc_id, 0, (25, 45, 300, 85))
    assert both == "质量标杆 第一页 Quality\n推进质量管理体系建设"  # two blocks
    document = pymupdf.open()
    page = document.new_page(width=300, height=400)
    page.insert_font(fontname="cjk", fontfile=str(CJK_FONT))
    paragraph = "企业推进全面质量管理，建立了覆盖研发、生产和服务全过程的质量管理体系。"
    page.insert_textbox((30, 40, 150, 200), paragraph, fontname="cjk", fontsize=12)
    wrapped = _open(worker, bytes(document.tobytes()))
    assert worker.text_in_rect(wrapped, 0, (0, 0, 300, 400)) == paragraph  # four lines, one block
    assert worker.text_in_rect(doc_id, 0, (200, 300, 250, 350)) == ""
    with pytest.raises(WorkerFailed) as failed:
        worker.text_in_rect(doc_id, 7, (0, 0, 10, 10))
    assert failed.value.problem == "no_page"


def test_refusals_name_their_problem(worker: DocumentWorker) -> None:
    plain = pymupdf.open(stream=_chinese_pdf(), filetype="pdf")
    locked = plain.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(WorkerFailed) as encrypted:
        worker.request("open", {}, locked)
    assert encrypted.value.problem == "encrypted"
    with pytest.raises(WorkerFailed) as garbage:
        worker.request("open", {}, b"%PDF-1.7 garbage")
    assert garbage.value.problem == "unreadable"
    with pytest.raises(WorkerFailed) as gone:
        worker.search(999, "质量")
    assert gone.value.problem == "not_open"
    with pytest.raises(RuntimeError, match="query"):
        worker.search(_open(worker, _chinese_pdf()), "   ")


def test_a_hang_is_told_from_a_crash() -> None:
    with DocumentWorker(allow_test_ops=True) as testing:
        with pytest.raises(WorkerCrashed) as hung:
            testing.request("test_hang", timeout=0.3)
        assert hung.value.timed_out
        with pytest.raises(WorkerCrashed) as crashed:
            testing.request("test_crash")
        assert not crashed.value.timed_out


def test_search_replies_out_of_protocol_are_rejected() -> None:
    reply = {"searched": 2, "truncated": False}
    good = b"[[1, [[1.0, 2.0, 3.0, 4.0]]]]"
    assert _search_from_reply(reply, good, 0) is not None
    for bad in (
        b"[[2, [[1.0, 2.0, 3.0, 4.0]]]]",  # a page outside the range searched
        b"[[1, [[1.0, 2.0, 3.0]]]]",
        b"[[1, []]]",
        b'[[1, [[1.0, 2.0, 3.0, "4"]]]]',
        b"[[1, [[1.0, 2.0, 3.0, 1e999]]]]",
        b'{"hits": []}',
        b"[" * 100_000,
    ):
        assert _search_from_reply(reply, bad, 0) is None
    assert _search_from_reply({"searched": "2", "truncated": False}, good, 0) is None


def test_a_child_answering_nonsense_to_a_search_is_replaced(
    worker: DocumentWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc_id = _open(worker, _chinese_pdf())
    generation = worker.generation
    original = worker.request

    def lying(op: str, *args: object, **kwargs: object) -> tuple[dict[str, object], bytes]:
        header, _ = original(op, *args, **kwargs)  # type: ignore[arg-type]
        return header, b"[[99, [[0, 0, 1, 1]]]]"

    monkeypatch.setattr(worker, "request", lying)
    with pytest.raises(WorkerCrashed):
        worker.search(doc_id, "质量")
    monkeypatch.undo()
    assert worker.pid is None  # killed; the next request starts a fresh child
    _open(worker, _chinese_pdf())
    assert worker.generation == generation + 1
