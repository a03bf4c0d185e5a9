"""The document worker process: crashes, hangs and memory exhaustion stay in the child."""

from __future__ import annotations

import io
import json
import os
import signal
import time
from collections.abc import Iterator

import pymupdf
import pytest
from PIL import Image

from app.documents.worker import (
    DocumentWorker,
    WorkerCrashed,
    WorkerFailed,
    _inspection_from_reply,
)
from app.models.inspection import FileStatus

GiB = 1024 * 1024 * 1024


@pytest.fixture(scope="module")
def worker() -> Iterator[DocumentWorker]:
    with DocumentWorker(memory_limit=1 * GiB, allow_test_ops=True) as running:
        yield running


def _pdf(width: float = 200, height: float = 300, pages: int = 1) -> bytes:
    document = pymupdf.open()
    for index in range(pages):
        document.new_page(width=width, height=height).insert_text((20, 40), f"Page {index + 1}")
    return bytes(document.tobytes())


def test_inspect_in_the_child(worker: DocumentWorker) -> None:
    result = worker.inspect("申报书.pdf", _pdf(pages=3))
    assert result.status is FileStatus.OK and result.pages == 3
    assert worker.pid is not None and worker.pid != os.getpid()


def test_crash_is_reported_and_the_next_call_works(worker: DocumentWorker) -> None:
    worker.inspect("a.pdf", _pdf())
    generation = worker.generation
    with pytest.raises(WorkerCrashed) as crashed:
        worker.request("test_crash")
    assert crashed.value.reason == "the document worker stopped (signal 6)"
    assert "信号 6" in crashed.value.text.zh
    assert worker.inspect("a.pdf", _pdf()).status is FileStatus.OK
    assert worker.generation == generation + 1


def test_hang_times_out_and_the_worker_restarts(worker: DocumentWorker) -> None:
    worker.inspect("a.pdf", _pdf())
    hung_pid = worker.pid
    with pytest.raises(WorkerCrashed, match=r"timed out after 0\.5 s"):
        worker.request("test_hang", timeout=0.5)
    assert hung_pid is not None and not _alive(hung_pid)
    assert worker.inspect("a.pdf", _pdf()).status is FileStatus.OK
    assert worker.pid != hung_pid


def test_inspect_that_times_out_becomes_a_crashed_result(worker: DocumentWorker) -> None:
    result = worker.inspect("大文件.pdf", _pdf(pages=200), timeout=0.001)
    assert result.status is FileStatus.CRASHED
    assert result.reason == "timed out after 0.001 s"
    assert worker.inspect("a.pdf", _pdf()).status is FileStatus.OK


def test_a_child_that_died_while_idle_is_replaced(worker: DocumentWorker) -> None:
    worker.inspect("a.pdf", _pdf())
    assert worker.pid is not None
    os.kill(worker.pid, signal.SIGKILL)  # e.g. the kernel's out-of-memory killer
    deadline = time.monotonic() + 10
    while worker.pid is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert worker.inspect("a.pdf", _pdf()).status is FileStatus.OK


def test_memory_limit_fails_cleanly(worker: DocumentWorker) -> None:
    worker.inspect("a.pdf", _pdf())
    pid = worker.pid
    with pytest.raises(WorkerFailed) as failed:
        worker.request("test_alloc", {"bytes": 4 * GiB})
    assert failed.value.out_of_memory
    assert worker.pid == pid  # the child survived its MemoryError
    header, _ = worker.request("test_alloc", {"bytes": 64 * 1024 * 1024})
    assert header["allocated"] == 64 * 1024 * 1024


def test_test_operations_need_the_constructor_flag() -> None:
    with DocumentWorker() as plain, pytest.raises(RuntimeError, match="unknown operation"):
        plain.request("test_crash")


def test_open_render_and_close(worker: DocumentWorker) -> None:
    header, _ = worker.request("open", {"filetype": "pdf"}, _pdf(200, 300, pages=2))
    assert header["page_count"] == 2 and header["page_sizes"] == [[200.0, 300.0]] * 2
    doc_id = header["doc_id"]
    png_header, png = worker.request("render_page", {"doc_id": doc_id, "page": 1, "zoom": 2.0})
    assert (png_header["width"], png_header["height"]) == (400, 600)
    assert Image.open(io.BytesIO(png)).size == (400, 600)
    raw_header, raw = worker.request(
        "render_page", {"doc_id": doc_id, "page": 0, "zoom": 0.5, "format": "rgb"}
    )
    assert (raw_header["width"], raw_header["height"]) == (100, 150)
    assert raw_header["stride"] >= 300 and len(raw) == raw_header["stride"] * 150
    _, text = worker.request("page_text", {"doc_id": doc_id, "page": 1})
    assert "Page 2" in text.decode("utf-8")
    with pytest.raises(WorkerFailed, match="no page 3"):
        worker.request("render_page", {"doc_id": doc_id, "page": 2})
    assert worker.request("close", {"doc_id": doc_id})[0]["closed"] is True
    with pytest.raises(WorkerFailed, match="no such open document"):
        worker.request("render_page", {"doc_id": doc_id, "page": 0})


def test_open_refuses_encrypted_and_garbage(worker: DocumentWorker) -> None:
    document = pymupdf.open(stream=_pdf(), filetype="pdf")
    locked = document.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(WorkerFailed, match="password"):
        worker.request("open", {}, locked)
    with pytest.raises(WorkerFailed, match="cannot open"):
        worker.request("open", {}, b"not a pdf at all")


def test_inspect_many_reports_progress(worker: DocumentWorker) -> None:
    seen: list[tuple[int, int, str]] = []
    files = [("a.pdf", _pdf()), ("b.pdf", b""), ("c.exe", b"MZ" + bytes(10))]
    results = worker.inspect_many(files, progress=lambda *step: seen.append(step))
    assert [r.status for r in results] == [FileStatus.OK, FileStatus.EMPTY, FileStatus.EXECUTABLE]
    assert seen == [(1, 3, "a.pdf"), (2, 3, "b.pdf"), (3, 3, "c.exe")]


def test_replies_out_of_protocol_are_rejected() -> None:
    good = {
        "status": "ok",
        "detected_type": "pdf",
        "reason": "",
        "pages": 1,
        "page_texts": ["x"],
        "sections": [],
        "title": "",
    }
    assert _inspection_from_reply(json.dumps(good).encode()) is not None
    for bad in (
        {**good, "pages": "1"},
        {**good, "status": "pwned"},
        {**good, "sections": [{"title": "t", "__class__": "x"}]},
        [good],
    ):
        assert _inspection_from_reply(json.dumps(bad).encode()) is None
    assert _inspection_from_reply(b"[" * 100_000) is None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
