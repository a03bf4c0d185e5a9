"""The signed group report exported from a real leader's store, checked like the chair will."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pymupdf
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from app.consolidation.export import export_group_report
from app.consolidation.report import ATTACHMENT_NAME, REPORT_FORMAT, REPORT_KIND
from app.consolidation.report_xlsx import SUMMARY, VERIFICATION
from app.consolidation.service import GroupService
from app.errors import InputRefused
from app.sheets.payload import GENESIS
from app.signing.pki import create_round_authority
from app.signing.signed_pdf import verify_signed_pdf
from app.store import audit
from app.store.schema import SignedRevisionRow
from app.store.store import Store
from tests.consolidation.conftest import GroupStores, open_copy

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
REASON = "对标数据充分，与第 3 名仅差 0.33 分"


def _trust(pem: bytes) -> ValidationContext:
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], allow_fetching=False)


def _status(data: bytes, context: ValidationContext) -> object:
    signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert len(signatures) == 1
    return validate_pdf_signature(signatures[0], context)


@pytest.fixture
def exported(leader_store: Store, group_stores: GroupStores, tmp_path: Path) -> tuple[Path, Path]:
    service = GroupService(leader_store)
    service.set_consensus(
        group_stores.dossiers[3], "三位专家一致认为方法科学系统、效果数据充分，同意进入答辩。"
    )
    service.change_shortlist(group_stores.dossiers[6], True, REASON)
    pdf, xlsx = tmp_path / "out" / "汇总表.pdf", tmp_path / "out" / "汇总表.xlsx"
    result = export_group_report(leader_store, pdf, xlsx)
    assert (result.revision, result.reissued, result.missing) == (1, False, ("陈静",))
    return pdf, xlsx


def test_the_signature_is_valid_trusted_by_the_round_ca_only_and_covers_the_file(
    exported: tuple[Path, Path], group_stores: GroupStores
) -> None:
    data = exported[0].read_bytes()
    status = _status(data, _trust(group_stores.ca_pem))
    assert status.intact and status.valid and status.trusted  # type: ignore[attr-defined]
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE  # type: ignore[attr-defined]
    other = create_round_authority("another-round", "另一轮评审", 2024)
    assert not _status(data, _trust(other.certificate_pem)).trusted  # type: ignore[attr-defined]
    appended = data + b"\n% appended after signing\n"
    tampered = _status(appended, _trust(group_stores.ca_pem))
    assert tampered.coverage != SignatureCoverageLevel.ENTIRE_FILE  # type: ignore[attr-defined]


def test_the_embedded_json_is_the_table_and_the_stored_revision(
    exported: tuple[Path, Path], leader_store: Store, group_stores: GroupStores
) -> None:
    signed = verify_signed_pdf(
        exported[0].read_bytes(),
        ca_certificate_pem=group_stores.ca_pem,
        attachment_name=ATTACHMENT_NAME,
    )
    data = json.loads(signed.attachment)
    table = GroupService(leader_store).table()
    assert signed.signer_person_id == table.leader.id  # type: ignore[union-attr]
    assert data["format"] == REPORT_FORMAT and (data["revision"], data["prev_hash"]) == (1, GENESIS)
    assert data["leader"]["name"] == "李明华" and data["group"]["name"] == "制造业专业组"
    assert data["missing_members"] == [p.id for p in table.missing_members]
    assert data["shortlist"] == [line.dossier.id for line in table.shortlist]
    assert len(data["shortlist"]) == 4  # K = 3 plus the leader's addition
    for line, item in zip(table.lines, data["dossiers"], strict=True):
        assert item["dossier_id"] == line.dossier.id
        assert Decimal(item["group_score"]) == line.group_score
        assert item["rank"] == line.rank and item["shortlist"] == line.effective
        assert [m["total"] for m in item["members"]] == [
            None if m.total is None else format(m.total.normalize(), "f") for m in line.members
        ]
        assert item["consensus"] == line.consensus
    added = next(d for d in data["dossiers"] if d["dossier_id"] == group_stores.dossiers[6])
    assert added["decision"]["reason"] == REASON and added["computed_shortlist"] is False
    members = {m["name"]: m["sheet"] for m in data["members"]}
    assert members["陈静"] is None and members["张伟"]["revision"] == 1
    assert [row["verdict"] for row in data["verification"]] == ["applied", "applied"]
    with leader_store.session() as session:
        row = session.scalars(
            select(SignedRevisionRow).where(SignedRevisionRow.kind == REPORT_KIND)
        ).one()
        assert row.payload.encode() == signed.attachment and row.state == "own"
        assert row.document_id == data["report_id"] and row.signer_id == table.leader.id  # type: ignore[union-attr]
        assert bytes(leader_store.documents.get(row.file_sha256)) == exported[0].read_bytes()
        assert audit.entries(session, limit=1)[0].action == "group.report.export"


def test_the_pdf_embeds_the_cjk_font_and_the_first_page_reads_well(
    exported: tuple[Path, Path],
) -> None:
    with pymupdf.open(exported[0]) as doc:
        fonts = [f for page in doc for f in page.get_fonts()]
        assert any("WenQuanYi" in f[3] and f[1] == "ttf" for f in fonts), fonts
        text = "".join(doc[0].get_text().split())
        for expected in (
            "专业组评审汇总表",
            "制造业专业组",
            "尚未收到以下成员的评分表：陈静",
            "82.50",
            "回避",
        ):
            assert expected in text
        ARTIFACTS.mkdir(exist_ok=True)
        doc[0].get_pixmap(dpi=110).save(ARTIFACTS / "group-report-p1.png")
        doc[-1].get_pixmap(dpi=110).save(ARTIFACTS / "group-report-last.png")


def test_the_xlsx_has_the_tables_numbers(exported: tuple[Path, Path], leader_store: Store) -> None:
    table = GroupService(leader_store).table()
    book = openpyxl.load_workbook(exported[1])
    sheet = book[SUMMARY]
    header = [c.value for c in sheet[1]]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    for line in table.lines:
        row = rows[line.dossier.seq]
        assert Decimal(str(row["组评分"])) == line.group_score
        assert row["排名"] == line.rank and row["最终入围"] == ("是" if line.effective else "否")
        for member, score in zip(table.members, line.members, strict=True):
            value = row[member.person.name]
            assert value == (score.state.label if score.total is None else int(score.total))
    assert [r[3] for r in book[VERIFICATION].iter_rows(2, values_only=True)] == ["已采用", "已采用"]


def test_exporting_again_unchanged_reissues_and_a_change_makes_a_new_revision(
    leader_store: Store, group_stores: GroupStores, tmp_path: Path
) -> None:
    first = export_group_report(leader_store, tmp_path / "a.pdf")
    again = export_group_report(leader_store, tmp_path / "b.pdf")
    assert again.reissued and again.revision == first.revision == 1
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    GroupService(leader_store).set_consensus(group_stores.dossiers[1], "同意。")
    second = export_group_report(leader_store, tmp_path / "c.pdf")
    assert (second.revision, second.reissued) == (2, False)
    signed = verify_signed_pdf(
        (tmp_path / "c.pdf").read_bytes(),
        ca_certificate_pem=group_stores.ca_pem,
        attachment_name=ATTACHMENT_NAME,
    )
    assert json.loads(signed.attachment)["prev_hash"] == first.content_hash


def test_no_report_before_any_sheet(group_stores: GroupStores, tmp_path: Path) -> None:
    with (
        open_copy(group_stores.bare_leader, tmp_path / "bare") as store,
        pytest.raises(InputRefused) as refused,
    ):
        export_group_report(store, tmp_path / "r.pdf")
    assert "尚未收到任何评分表" in refused.value.text.zh
    assert not (tmp_path / "r.pdf").exists()
