"""Exporting an expert's score sheet from a real store: signed, draft, refused, revised."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pymupdf
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import func, select

from app.errors import InputRefused
from app.scoring.record import DossierStatus
from app.scoring.service import ReviewService
from app.sheets.export import export_sheet
from app.sheets.payload import ATTACHMENT_NAME, GENESIS, ScoreSheet
from app.signing.pki import load_certificate
from app.store.schema import AuditRow, SignedRevisionRow
from app.store.store import Store
from tests.sheets.conftest import ARTIFACTS, CHAIR, EXPERT, PRIVATE_NOTE, DemoRound, complete_all


def _embedded_json(data: bytes) -> bytes:
    doc = pymupdf.open(stream=data, filetype="pdf")
    assert doc.embfile_names() == [ATTACHMENT_NAME]
    return bytes(doc.embfile_get(ATTACHMENT_NAME))


def _revisions(store: Store) -> list[SignedRevisionRow]:
    with store.session() as session:
        return list(session.scalars(select(SignedRevisionRow).order_by(SignedRevisionRow.id)))


def _audit_count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)


def test_a_signed_sheet_passes_pyhankos_own_validation(
    open_store: Callable[[str], Store], demo_round: DemoRound, tmp_path: Path
) -> None:
    store = open_store(EXPERT)
    complete_all(store)
    target = tmp_path / "out" / "评分表.pdf"
    result = export_sheet(store, target)
    data = target.read_bytes()
    assert (result.revision, result.draft, result.reissued, result.dossiers) == (1, False, False, 6)

    # pyHanko's validator, with the round CA as the only trust root.
    reader = PdfFileReader(io.BytesIO(data), strict=True)
    [signature] = reader.embedded_signatures
    ca = asn1_x509.Certificate.load(
        load_certificate(demo_round.ca_pem).public_bytes(serialization.Encoding.DER)
    )
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[ca], allow_fetching=False)
    )
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == EXPERT

    # The embedded JSON is what the store keeps for this revision.
    [row] = _revisions(store)
    embedded = _embedded_json(data)
    assert embedded.decode() == row.payload
    sheet = ScoreSheet.from_json(json.loads(embedded))
    assert (row.revision, row.state, row.content_hash) == (1, "own", sheet.content_hash)
    assert sheet.revision == 1 and sheet.prev_hash == GENESIS and not sheet.draft
    assert bytes(store.documents.get(row.file_sha256)) == data
    assert [e.seq for e in sheet.entries] == sorted(e.seq for e in sheet.entries)
    first = sheet.entries[0]
    assert first.total == sum(first.scores.values()) and len(first.scores) == 6
    assert first.citations[0].document == "申报书.pdf" and first.citations[0].page == 3

    # The font is embedded; private notes appear nowhere.
    doc = pymupdf.open(stream=data, filetype="pdf")
    fonts = {f[3] for page in doc for f in page.get_fonts() if f[1] == "ttf"}
    assert any("WenQuanYiMicroHei" in name for name in fonts), fonts
    text = "".join(page.get_text() for page in doc)
    assert "评分表（资料评审）" in text and sheet.entries[0].enterprise in text
    assert "私人笔记" not in text and "私人笔记" not in embedded.decode()
    assert PRIVATE_NOTE not in row.payload
    widget = next(doc[-1].widgets())
    assert widget.field_type_string == "Signature"
    assert EXPERT in doc[-1].get_text(clip=widget.rect)

    ARTIFACTS.mkdir(exist_ok=True)
    doc[0].get_pixmap(dpi=110).save(ARTIFACTS / "score-sheet-first-page.png")
    doc[-1].get_pixmap(dpi=110).save(ARTIFACTS / "score-sheet-last-page.png")


def test_submitted_status_and_revisions(open_store: Callable[[str], Store], tmp_path: Path) -> None:
    store = open_store(EXPERT)
    service = ReviewService(store)
    complete_all(store)
    assert {d.status for d in service.dossiers()} == {DossierStatus.COMPLETE}
    export_sheet(store, tmp_path / "r1.pdf")
    assert {d.status for d in service.dossiers()} == {DossierStatus.SUBMITTED}

    # Nothing changed: the same signed file again, no new revision.
    audit_before = _audit_count(store)
    again = export_sheet(store, tmp_path / "again.pdf")
    assert again.reissued and again.revision == 1
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "r1.pdf").read_bytes()
    assert len(_revisions(store)) == 1 and _audit_count(store) == audit_before + 1

    # A private note changes nothing that was signed.
    first = service.dossiers()[0].id
    service.save(service.record(first).with_notes("另一条笔记"))
    assert service.dossiers()[0].status is DossierStatus.SUBMITTED

    # Editing a score makes the record complete (not submitted) again …
    record = service.record(first)
    service.save(record.with_score("science", record.scores["science"] - Decimal("0.5")))
    statuses = [d.status for d in service.dossiers()]
    assert statuses[0] is DossierStatus.COMPLETE
    assert set(statuses[1:]) == {DossierStatus.SUBMITTED}

    # … and the next export is revision 2, chained to revision 1.
    second = export_sheet(store, tmp_path / "r2.pdf")
    rows = _revisions(store)
    assert second.revision == 2 and not second.reissued
    assert (
        rows[1].prev_hash
        == rows[0].content_hash
        == ScoreSheet.from_json(json.loads(rows[0].payload)).content_hash
    )
    assert {d.status for d in service.dossiers()} == {DossierStatus.SUBMITTED}
    assert [(r.revision, r.state) for r in rows] == [(1, "own"), (2, "own")]


def test_incomplete_records_block_a_signed_export(
    open_store: Callable[[str], Store], tmp_path: Path
) -> None:
    store = open_store(EXPERT)
    service = ReviewService(store)
    complete_all(store)
    dossiers = service.dossiers()
    service.save(service.record(dossiers[1].id).with_score("effect", None).with_comment(None, ""))
    count = _audit_count(store)
    with pytest.raises(InputRefused) as caught:
        export_sheet(store, tmp_path / "sheet.pdf")
    zh, en = caught.value.render("zh"), caught.value.render("en")
    assert dossiers[1].enterprise in zh and "显效性：尚未评分" in zh and "总体评语：尚未填写" in zh
    assert dossiers[0].enterprise not in zh
    assert "not complete" in en and "Overall comment: not written" in en
    assert not (tmp_path / "sheet.pdf").exists()
    assert _revisions(store) == [] and _audit_count(store) == count


def test_a_draft_exports_unsigned_and_watermarked(
    open_store: Callable[[str], Store], tmp_path: Path
) -> None:
    store = open_store(EXPERT)
    service = ReviewService(store)
    first = service.dossiers()[0]
    service.save(service.record(first.id).with_score("science", Decimal("12.5")))  # incomplete
    count = _audit_count(store)
    result = export_sheet(store, tmp_path / "draft.pdf", draft=True)
    data = (tmp_path / "draft.pdf").read_bytes()
    assert result.draft and result.revision == 0
    assert list(PdfFileReader(io.BytesIO(data), strict=True).embedded_signatures) == []
    doc = pymupdf.open(stream=data, filetype="pdf")
    assert doc.page_count >= 2
    for page in doc:
        text = page.get_text()
        assert "草稿" in text and "未签名草稿 · 不能作为正式评分表" in text
    assert _revisions(store) == [] and _audit_count(store) == count
    assert service.dossiers()[0].status is DossierStatus.IN_PROGRESS


def test_the_chair_has_no_score_sheet(open_store: Callable[[str], Store], tmp_path: Path) -> None:
    with pytest.raises(InputRefused) as caught:
        export_sheet(open_store(CHAIR), tmp_path / "chair.pdf", draft=True)
    assert "专业组" in caught.value.render("zh")
    assert not (tmp_path / "chair.pdf").exists()


def test_a_store_without_its_signing_key_says_so(
    open_store: Callable[[str], Store], tmp_path: Path
) -> None:
    from app.store.schema import IdentityRow

    store = open_store(EXPERT)
    complete_all(store)
    with store.session() as session:
        session.execute(IdentityRow.__table__.delete())
    with pytest.raises(InputRefused) as caught:
        export_sheet(store, tmp_path / "sheet.pdf")
    assert "没有您的签名证书，不能签署评分表" in caught.value.render("zh")
    assert "the sheet cannot be signed" in caught.value.render("en")
    assert not (tmp_path / "sheet.pdf").exists() and _revisions(store) == []
