"""The leader's ledger: verdicts, revisions, replays, conflicts and the verification table."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from sqlalchemy import func, select

from app.errors import InputRefused
from app.scoring.service import ReviewService
from app.sheets.export import export_sheet
from app.sheets.ledger import (
    applied_sheets,
    import_sheets,
    received_sheets,
    verification_table,
)
from app.store.schema import AuditRow, SignedRevisionRow
from app.store.store import Store
from tests.sheets.conftest import EXPERT, LEADER, OTHER_MEMBER, OUTSIDER, complete_all


def _rows(store: Store) -> list[tuple[int, str]]:
    with store.session() as session:
        rows = session.scalars(
            select(SignedRevisionRow)
            .where(SignedRevisionRow.state != "own")
            .order_by(SignedRevisionRow.id)
        )
        return [(r.revision, r.state) for r in rows]


def _audit_count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)


def _rescore(store: Store, delta: Decimal) -> None:
    service = ReviewService(store)
    first = service.dossiers()[0].id
    record = service.record(first)
    service.save(record.with_score("science", record.scores["science"] - delta))


@pytest.fixture
def two_revisions(open_store: Callable[[str], Store], tmp_path: Path) -> tuple[Path, Path]:
    """张伟's revisions 1 and 2, exported from his store."""
    expert = open_store(EXPERT)
    complete_all(expert)
    export_sheet(expert, tmp_path / "zw-r1.pdf")
    _rescore(expert, Decimal("0.5"))
    export_sheet(expert, tmp_path / "zw-r2.pdf")
    return tmp_path / "zw-r1.pdf", tmp_path / "zw-r2.pdf"


def test_a_newer_revision_supersedes_and_an_older_one_is_kept(
    open_store: Callable[[str], Store], two_revisions: tuple[Path, Path], tmp_path: Path
) -> None:
    r1, r2 = two_revisions
    leader = open_store(LEADER)
    [first] = import_sheets(leader, [r1])
    assert (first.verdict, first.code, first.revision) == ("applied", "applied", 1)
    assert first.signer_name == EXPERT
    [second] = import_sheets(leader, [r2])
    assert (second.verdict, second.code) == ("applied", "applied")
    assert "取代第 1 版" in second.reason.zh
    assert _rows(leader) == [(1, "superseded"), (2, "applied")]
    [applied] = [s for s in applied_sheets(leader) if s.expert_name == EXPERT]
    assert applied.revision == 2

    # A replayed older revision, in a fresh ledger that already applied revision 2.
    other = open_store(LEADER)
    results = import_sheets(other, [r2, r1])
    assert [(r.verdict, r.code) for r in results] == [
        ("applied", "applied"),
        ("kept", "kept_older"),
    ]
    assert _rows(other) == [(2, "applied"), (1, "kept")]
    assert [s.revision for s in applied_sheets(other)] == [2]

    table = verification_table(other)
    assert [(t.member, t.revision, t.verdict) for t in table] == [
        (EXPERT, 2, "applied"),
        (EXPERT, 1, "kept"),
    ]
    assert "旧" in table[1].reason_zh and "older" in table[1].reason_en
    held = received_sheets(other)
    assert [(h.member, h.revision, h.state) for h in held] == [
        (EXPERT, 1, "kept"),
        (EXPERT, 2, "applied"),
    ]


def test_the_identical_file_twice_is_a_duplicate(
    open_store: Callable[[str], Store], two_revisions: tuple[Path, Path]
) -> None:
    r1, _ = two_revisions
    leader = open_store(LEADER)
    import_sheets(leader, [r1])
    rows, audits = _rows(leader), _audit_count(leader)
    copy = r1.with_name("另存为.pdf")
    shutil.copyfile(r1, copy)
    [again] = import_sheets(leader, [copy])
    assert (again.verdict, again.code, again.revision) == ("duplicate", "duplicate", 1)
    assert _rows(leader) == rows
    assert _audit_count(leader) == audits + 1  # one audit entry per offered file
    assert [t.verdict for t in verification_table(leader)] == ["applied", "duplicate"]


def test_two_different_files_with_the_same_revision_conflict(
    open_store: Callable[[str], Store], demo_round: object, tmp_path: Path
) -> None:
    first, second = open_store(EXPERT), open_store(EXPERT)  # two copies of one store
    complete_all(first)
    complete_all(second, shift=Decimal(1))
    export_sheet(first, tmp_path / "a.pdf")
    export_sheet(second, tmp_path / "b.pdf")
    leader = open_store(LEADER)
    results = import_sheets(leader, [tmp_path / "a.pdf", tmp_path / "b.pdf"])
    assert [(r.verdict, r.revision) for r in results] == [("applied", 1), ("conflicting", 1)]
    assert not results[1].accepted and "冲突" in results[1].reason.zh
    assert _rows(leader) == [(1, "applied")]

    # The same store then goes on from its own revision 1: the chain forks from the
    # leader's revision 1, which is noted, and the newer revision applies.
    _rescore(second, Decimal(1))
    export_sheet(second, tmp_path / "b2.pdf")
    [forked] = import_sheets(leader, [tmp_path / "b2.pdf"])
    assert (forked.verdict, forked.code) == ("applied", "applied_fork")
    assert "核实" in forked.reason.zh


def test_refusals_are_recorded_and_change_nothing(
    open_store: Callable[[str], Store], two_revisions: tuple[Path, Path], tmp_path: Path
) -> None:
    r1, _ = two_revisions
    data = r1.read_bytes()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a-not-a-pdf.pdf").write_text("这不是评分表", encoding="utf-8")
    (tmp_path / "in" / "b-truncated.pdf").write_bytes(data[: len(data) // 2])
    flipped = bytearray(data)
    flipped[data.index(b"stream", data.index(b"obj")) + 24] ^= 0x01  # inside a signed stream
    (tmp_path / "in" / "c-flipped.pdf").write_bytes(bytes(flipped))
    writer = IncrementalPdfFileWriter(io.BytesIO(data))  # an annotation added after signing
    annotation = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Text"),
            generic.pdf_name("/Rect"): generic.ArrayObject(
                [generic.NumberObject(v) for v in (10, 10, 30, 30)]
            ),
            generic.pdf_name("/Contents"): generic.TextStringObject("改分：98"),
        }
    )
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Annots"] = generic.ArrayObject([writer.add_object(annotation)])
    writer.update_container(page)
    appended = io.BytesIO()
    writer.write(appended)
    (tmp_path / "in" / "d-annotated.pdf").write_bytes(appended.getvalue())
    (tmp_path / "in" / "notes.txt").write_text("ignored: not a PDF name", encoding="utf-8")
    leader = open_store(LEADER)
    results = import_sheets(leader, [tmp_path / "in"])  # a folder: its PDF files
    assert [(r.file.name, r.verdict) for r in results] == [
        ("a-not-a-pdf.pdf", "rejected"),
        ("b-truncated.pdf", "rejected"),
        ("c-flipped.pdf", "rejected"),
        ("d-annotated.pdf", "rejected"),
    ]
    assert [r.code for r in results] == [
        "not_pdf",
        "damaged_pdf",
        "signature_invalid",
        "modified_after_signing",
    ]
    assert _rows(leader) == []
    table = verification_table(leader)
    assert [t.code for t in table] == [r.code for r in results]
    assert all(t.reason_zh and t.reason_en for t in table)


def test_a_members_sheet_with_the_leaders_own(
    open_store: Callable[[str], Store], tmp_path: Path
) -> None:
    leader = open_store(LEADER)
    complete_all(leader)
    export_sheet(leader, tmp_path / "own.pdf")
    member = open_store(OTHER_MEMBER)
    complete_all(member)
    export_sheet(member, tmp_path / "member.pdf")
    results = import_sheets(leader, [tmp_path / "member.pdf", tmp_path / "own.pdf"])
    assert [(r.verdict, r.code) for r in results] == [
        ("applied", "applied"),
        ("duplicate", "own_sheet"),
    ]
    sheets = applied_sheets(leader)
    assert sorted(s.expert_name for s in sheets) == sorted([LEADER, OTHER_MEMBER])


def test_only_a_leaders_store_takes_sheets(
    open_store: Callable[[str], Store], two_revisions: tuple[Path, Path], tmp_path: Path
) -> None:
    expert = open_store(OTHER_MEMBER)
    with pytest.raises(InputRefused) as caught:
        import_sheets(expert, [two_revisions[0]])
    assert "组长" in caught.value.render("zh")
    leader = open_store(LEADER)
    with pytest.raises(InputRefused) as missing:
        import_sheets(leader, [tmp_path / "nowhere.pdf"])
    assert "找不到" in missing.value.render("zh")
    assert verification_table(leader) == []


def test_a_rejected_sheet_still_names_who_signed_it(
    open_store: Callable[[str], Store], tmp_path: Path
) -> None:
    outsider = open_store(OUTSIDER)
    complete_all(outsider)
    export_sheet(outsider, tmp_path / "other-group.pdf")
    leader = open_store(LEADER)
    [result] = import_sheets(leader, [tmp_path / "other-group.pdf"])
    assert (result.verdict, result.code, result.signer_name) == (
        "rejected",
        "other_group",
        OUTSIDER,
    )
    assert OUTSIDER in result.reason.zh and result.revision == 1
    assert _rows(leader) == []
