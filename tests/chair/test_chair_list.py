"""The chair's table, changes with reasons, and the signed list (PDF + JSON + XLSX)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from app.chair.export import export_shortlist
from app.chair.ledger import import_reports
from app.chair.service import ChairService
from app.chair.shortlist import ATTACHMENT_NAME, SHORTLIST_FORMAT
from app.chair.shortlist_verify import verify_shortlist
from app.errors import InputRefused
from app.store.store import Store
from tests.chair.conftest import ChairRound

SERVICES = "服务业与数字化专业组"


def _independent(data: bytes, ca_pem: bytes) -> None:
    """pyHanko's own validator, trusting only the round CA: intact, trusted, whole file."""
    der = x509.load_pem_x509_certificate(ca_pem).public_bytes(serialization.Encoding.DER)
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(data))
    [signature] = reader.embedded_signatures
    status = validate_pdf_signature(signature, context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE


def test_the_table_starts_from_the_groups_lists(
    chair_store: Store, chair_round: ChairRound
) -> None:
    service = ChairService(chair_store)
    before = service.table()
    assert {g.name for g in before.missing_groups} == {"制造业专业组", SERVICES}
    import_reports(chair_store, chair_round.reports)
    table = service.table()
    assert table.missing_groups == ()
    for part in table.groups:
        assert part.table is not None and part.distribution is not None
        assert {x.dossier_id for x in part.shortlist} == {
            x.dossier.id for x in part.table.shortlist
        }
        z = [x.z for x in part.lines if x.z is not None]
        assert abs(sum(z)) < 1e-9  # z-scores within a group centre on its mean
    assert len(table.lines) == 12


def test_a_change_needs_a_reason_and_undoing_needs_none(
    chair_store: Store, chair_round: ChairRound
) -> None:
    import_reports(chair_store, chair_round.reports)
    service = ChairService(chair_store)
    off = next(x for x in service.table().lines if not x.proposed)
    with pytest.raises(InputRefused) as caught:
        service.change(off.dossier_id, True, "  ")
    assert "理由" in caught.value.text.zh
    assert not service.table().line(off.dossier_id).included
    line = service.change(off.dossier_id, True, "该企业经验在本行业独有，建议进入答辩。")
    assert line.included and line.changed
    assert line.decision is not None and line.decision.reason.startswith("该企业")
    back = service.change(off.dossier_id, False, "")
    assert not back.included and not back.changed and back.decision is None


def test_signing_is_refused_while_a_group_is_missing(
    chair_store: Store, chair_round: ChairRound, tmp_path: Path
) -> None:
    import_reports(chair_store, [p for p in chair_round.reports if SERVICES not in p.name])
    with pytest.raises(InputRefused) as caught:
        export_shortlist(chair_store, tmp_path / "list.pdf")
    assert SERVICES in caught.value.text.zh
    assert not (tmp_path / "list.pdf").exists()


def test_the_signed_list_verifies_and_says_what_the_chair_decided(
    chair_store: Store, chair_round: ChairRound, tmp_path: Path
) -> None:
    import_reports(chair_store, chair_round.reports)
    service = ChairService(chair_store)
    off = next(x for x in service.table().lines if not x.proposed and x.line.rank is not None)
    reason = "答辩可补充说明三年对比数据。"
    service.change(off.dossier_id, True, reason)
    result = export_shortlist(chair_store, tmp_path / "list.pdf", tmp_path / "list.xlsx")
    assert result.revision == 1 and not result.reissued and result.changes == 1
    data = (tmp_path / "list.pdf").read_bytes()
    _independent(data, chair_round.ca_pem)
    verified = verify_shortlist(data, ca_certificate_pem=chair_round.ca_pem)
    shortlist = verified.shortlist
    assert shortlist.to_json()["format"] == SHORTLIST_FORMAT
    assert shortlist.title.zh == "入围答辩名单"
    listed = [d.dossier_id for d in shortlist.listed]
    assert listed == list(result.listed)
    assert listed == [x.dossier_id for x in service.table().shortlist]
    added = next(d for d in shortlist.dossiers if d.dossier_id == off.dossier_id)
    assert added.included and not added.proposed and added.chair_reason == reason
    assert {g.name for g in shortlist.groups} == {"制造业专业组", SERVICES}
    embedded = json.loads(verified.payload)
    assert embedded["shortlist"] == listed
    book = openpyxl.load_workbook(tmp_path / "list.xlsx")
    names = [row[2] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    enterprises = [d.enterprise for d in shortlist.listed]
    assert [n for n in names if n] == enterprises


def test_exporting_again_unchanged_reissues_the_same_revision(
    chair_store: Store, chair_round: ChairRound, tmp_path: Path
) -> None:
    import_reports(chair_store, chair_round.reports)
    first = export_shortlist(chair_store, tmp_path / "a.pdf")
    again = export_shortlist(chair_store, tmp_path / "b.pdf")
    assert again.reissued and again.revision == first.revision
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    service = ChairService(chair_store)
    off = next(x for x in service.table().lines if x.proposed)
    service.change(off.dossier_id, False, "经复核，该企业三年数据不完整。")
    second = export_shortlist(chair_store, tmp_path / "c.pdf")
    assert second.revision == 2 and not second.reissued
    shortlist = verify_shortlist(
        (tmp_path / "c.pdf").read_bytes(), ca_certificate_pem=chair_round.ca_pem
    ).shortlist
    assert shortlist.prev_hash == first.content_hash
    assert off.dossier_id not in [d.dossier_id for d in shortlist.listed]


def test_a_byte_changed_in_the_list_is_refused(
    chair_store: Store, chair_round: ChairRound, tmp_path: Path
) -> None:
    from app.chair.shortlist_verify import ShortlistRejected

    import_reports(chair_store, chair_round.reports)
    export_shortlist(chair_store, tmp_path / "list.pdf")
    data = bytearray((tmp_path / "list.pdf").read_bytes())
    data[len(data) // 2] ^= 0x01
    with pytest.raises(ShortlistRejected) as caught:
        verify_shortlist(bytes(data), ca_certificate_pem=chair_round.ca_pem)
    assert caught.value.code in {"signature_invalid", "unreadable_pdf", "not_signed"}
    assert ATTACHMENT_NAME == "shortlist.json"
