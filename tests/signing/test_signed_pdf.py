"""Signed PDFs with embedded data: signing, and every way verification must refuse."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pymupdf
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.signing import pki
from app.signing.signed_pdf import SignatureRejected, sign_pdf, verify_signed_pdf

NAME = "data.json"
PAYLOAD = '{"评分":"12.5"}'.encode()
BOX = (320.0, 60.0, 570.0, 122.0)


@dataclass(frozen=True)
class Signed:
    authority: pki.RoundAuthority
    person: pki.IssuedIdentity
    data: bytes


def _plain_pdf(pages: int = 2) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for number in range(pages):
        canvas.drawString(72, 760, f"page {number + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _sign(pdf: bytes, authority: pki.RoundAuthority, person: pki.IssuedIdentity) -> bytes:
    return sign_pdf(
        pdf,
        attachment_name=NAME,
        attachment=PAYLOAD,
        certificate_pem=person.certificate_pem,
        private_key_pem=person.private_key_pem,
        ca_certificate_pem=authority.certificate_pem,
        signer_name="张伟",
        box=BOX,
    )


@pytest.fixture(scope="module")
def signed() -> Signed:
    authority = pki.create_round_authority("round-1", "测试轮次", 2024)
    person = pki.issue_person_certificate(
        authority,
        person_id="person-1",
        name="张伟",
        organisation="上海交通大学",
        role="expert",
        group="制造业专业组",
    )
    return Signed(authority, person, _sign(_plain_pdf(), authority, person))


def _code(data: bytes, authority: pki.RoundAuthority, name: str = NAME) -> str:
    with pytest.raises(SignatureRejected) as caught:
        verify_signed_pdf(data, ca_certificate_pem=authority.certificate_pem, attachment_name=name)
    assert caught.value.render("zh") and caught.value.render("en")
    return caught.value.code


def flip_inside_a_stream(data: bytes) -> bytes:
    """One bit changed inside the first stream's bytes: the PDF still parses, the hash not."""
    start = data.index(b"stream", data.index(b"obj")) + len(b"stream\r\n") + 16
    changed = bytearray(data)
    changed[start] ^= 0x01
    return bytes(changed)


def test_a_signed_pdf_validates_with_pyhanko_and_our_verifier(signed: Signed) -> None:
    reader = PdfFileReader(io.BytesIO(signed.data), strict=True)
    [signature] = reader.embedded_signatures
    root = asn1_x509.Certificate.load(
        pki.load_certificate(signed.authority.certificate_pem).public_bytes(
            serialization.Encoding.DER
        )
    )
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[root], allow_fetching=False)
    )
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE

    result = verify_signed_pdf(
        signed.data, ca_certificate_pem=signed.authority.certificate_pem, attachment_name=NAME
    )
    assert result.signer_person_id == "person-1"
    assert result.attachment == PAYLOAD
    assert result.signed_at.tzinfo is not None
    assert pki.load_certificate(result.signer_certificate_pem) == pki.load_certificate(
        signed.person.certificate_pem
    )

    doc = pymupdf.open(stream=signed.data, filetype="pdf")
    widget = next(doc[-1].widgets())  # page=-1: the last page
    assert widget.field_type_string == "Signature"
    assert tuple(round(v) for v in (widget.rect.x0, widget.rect.x1)) == (320, 570)
    stamp = doc[-1].get_text(clip=widget.rect)
    assert "电子签名：张伟" in stamp and "签名时间：" in stamp
    assert list(doc[0].widgets()) == []


def test_a_changed_byte_invalidates_the_signature(signed: Signed) -> None:
    assert _code(flip_inside_a_stream(signed.data), signed.authority) == "signature_invalid"


def test_anything_appended_after_signing_is_refused(signed: Signed) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed.data))
    extra = embed.EmbeddedFileObject.from_file_data(
        writer, data=b"{}", mime_type="application/json"
    )
    embed.embed_file(writer, embed.FileSpec("extra.json", embedded_data=extra))
    out = io.BytesIO()
    writer.write(out)
    appended = out.getvalue()
    assert appended.startswith(signed.data) and len(appended) > len(signed.data)
    assert _code(appended, signed.authority) == "modified_after_signing"


def test_a_second_signature_is_refused(signed: Signed) -> None:
    person = signed.person
    signer = signers.SimpleSigner(
        signing_cert=next(iter(load_certs_from_pemder_data(person.certificate_pem))),
        signing_key=load_private_key_from_pemder_data(person.private_key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs(
            load_certs_from_pemder_data(signed.authority.certificate_pem)
        ),
    )
    twice = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(signed.data)),
        signers.PdfSignatureMetadata(field_name="Second"),
        signer=signer,
    ).getvalue()
    assert _code(twice, signed.authority) == "several_signatures"


def test_a_certificate_of_another_round_is_untrusted(signed: Signed) -> None:
    other = pki.create_round_authority("round-2", "另一轮次", 2024)
    person = pki.issue_person_certificate(
        other, person_id="person-1", name="张伟", organisation="x", role="expert", group=None
    )
    data = _sign(_plain_pdf(), other, person)
    assert _code(data, signed.authority) == "untrusted_signer"
    assert (
        verify_signed_pdf(
            data, ca_certificate_pem=other.certificate_pem, attachment_name=NAME
        ).attachment
        == PAYLOAD
    )


def test_broken_and_unsigned_inputs(signed: Signed) -> None:
    assert _code(b"PK\x03\x04 a zip, not a pdf", signed.authority) == "not_pdf"
    assert _code(b"", signed.authority) == "not_pdf"
    assert _code(signed.data[: len(signed.data) // 2], signed.authority) == "damaged_pdf"
    assert _code(b"%PDF-1.7\n%%EOF garbage", signed.authority) == "damaged_pdf"
    assert _code(_plain_pdf(), signed.authority) == "unsigned"
    assert _code(signed.data, signed.authority, name="other.json") == "no_attachment"
