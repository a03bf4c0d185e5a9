"""Signed PDFs that carry their own data: score sheets, group reports, shortlists.

A document travels as one PDF that people read and print, with the machine-readable
content embedded as a file and both covered by one PAdES signature (pyHanko) made with
the signer's round certificate. The signature field is visible, so a printed copy
shows who signed and when.

Verification trusts the round CA and nothing else, and is strict on purpose: the file
must parse cleanly, hold exactly one signature, and that signature must cover every
byte of the file. Any other outcome is a :class:`SignatureRejected` with a stable code
the ledger records and a message the person reads.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fontTools.ttLib.scaleUpem import scale_upem  # type: ignore[import-untyped]
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.font.api import FontEngine, FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.errors import InputRefused, Text
from app.resources import CJK_FONT, CJK_FONT_FACE
from app.signing.pki import certificate_person_id, load_certificate, verify_chain

SIGNATURE_FIELD = "Signature1"
STAMP_TEXT = "电子签名：%(signer)s\n签名时间：%(ts)s"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S (UTC%z)"
STAMP_CHARACTERS = "0123456789-:+() UTC"
"""What the signing time can put into the stamp besides the fixed text."""
PDF_UNITS_PER_EM = 1000
ATTACHMENT_LIMIT = 32 << 20
"""The largest embedded data accepted (a sheet of hundreds of dossiers is well below 1 MB)."""


class SignatureRejected(InputRefused):
    """A signed PDF failed verification; ``code`` names the reason for the ledger.

    ``attachments`` names the embedded files found when the expected one was not among
    them, so a caller can say what the file is instead (a sheet sent as a report).
    """

    def __init__(self, code: str, text: Text) -> None:
        super().__init__(text)
        self.code = code
        self.attachments: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignedPdf:
    """What a verified PDF proves: who signed it, when they said, and the data they signed."""

    signer_certificate_pem: bytes
    signer_person_id: str
    signed_at: datetime
    attachment: bytes


class _StampFont(FontEngineFactory):
    """pyHanko's OpenType engine over the bundled CJK face, cut down to the stamp's text.

    Two things keep pyHanko from using the bundled font as it is: it is a TrueType
    collection (.ttc), which pyHanko opens without choosing a face, and its glyphs are
    drawn on a 2048-unit em while pyHanko writes glyph widths as if every font used
    PDF's 1000 units (the text would come out spread over twice its width). So the
    face is taken out of the collection, subset to the characters the stamp can show
    (which keeps this fast) and rescaled to 1000 units per em.
    """

    def __init__(self, text: str, font_size: int) -> None:
        self.text = text
        self.font_size = font_size

    def create_font_engine(self, writer: BasePdfFileWriter, obj_stream: Any = None) -> FontEngine:
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(_stamp_face(self.text)),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


@functools.lru_cache(maxsize=8)
def _stamp_face(text: str) -> bytes:
    """The bundled CJK face holding only ``text``'s characters, at 1000 units per em.

    Cached: one person signs again and again with the same characters in the stamp.
    """
    font = TTFont(str(CJK_FONT), fontNumber=CJK_FONT_FACE)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    scale_upem(font, PDF_UNITS_PER_EM)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _stamp_style(signer_name: str) -> TextStampStyle:
    shown = STAMP_TEXT + signer_name + STAMP_CHARACTERS
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        timestamp_format=TIME_FORMAT,
        text_box_style=TextBoxStyle(font=_StampFont(shown, 10), font_size=10, leading=16),
        border_width=1,
        background=None,
    )


def sign_pdf(
    pdf: bytes,
    *,
    attachment_name: str,
    attachment: bytes,
    certificate_pem: bytes,
    private_key_pem: bytes,
    ca_certificate_pem: bytes,
    signer_name: str,
    box: tuple[float, float, float, float],
    page: int = -1,
    reason: str = "质量标杆评审文件签名",
) -> bytes:
    """Embed ``attachment`` and sign, in one incremental update, with a visible signature.

    ``box`` is (x1, y1, x2, y2) in PDF points on ``page`` (negative counts from the end).
    The chain in the signature carries the round CA, so a verifier needs nothing but it.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=True)
    stream = embed.EmbeddedFileObject.from_file_data(
        writer,
        data=attachment,
        mime_type="application/json",
        params=embed.EmbeddedFileParams(embed_size=True, embed_checksum=True),
    )
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=attachment_name,
            file_name=attachment_name,
            embedded_data=stream,
            description="signed machine-readable content",
        ),
    )
    pages = int(writer.root["/Pages"]["/Count"])
    on_page = page if page >= 0 else pages + page
    chain = SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
        load_certs_from_pemder_data(ca_certificate_pem)
    )
    signer = signers.SimpleSigner(
        signing_cert=next(iter(load_certs_from_pemder_data(certificate_pem))),
        signing_key=load_private_key_from_pemder_data(private_key_pem, passphrase=None),
        cert_registry=chain,
    )
    x1, y1, x2, y2 = (round(v) for v in box)
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            name=signer_name,
        ),
        signer=signer,
        stamp_style=_stamp_style(signer_name),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=SIGNATURE_FIELD,
            on_page=on_page,
            box=(x1, y1, x2, y2),
        ),
    )
    out = pdf_signer.sign_pdf(writer, appearance_text_params={"signer": signer_name})
    return bytes(out.getvalue())


def verify_signed_pdf(data: bytes, *, ca_certificate_pem: bytes, attachment_name: str) -> SignedPdf:
    """Check a signed PDF against the round CA and return what it proves.

    Raises :class:`SignatureRejected` for anything short of: a well-formed PDF with exactly
    one intact, valid signature by a person certified by this round's CA, covering the
    whole file, with the named attachment inside.
    """
    if not data.startswith(b"%PDF-"):
        raise _rejected("not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        raise _rejected("damaged_pdf") from exc
    if not signatures:
        raise _rejected("unsigned")
    if len(signatures) > 1:
        raise _rejected("several_signatures")
    embedded = signatures[0]
    context = ValidationContext(
        trust_roots=[_asn1(ca_certificate_pem)],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context, skip_diff=True)
    except Exception as exc:  # malformed CMS, unsupported algorithms, broken byte ranges …
        raise _rejected("signature_invalid") from exc
    if not (status.intact and status.valid):
        raise _rejected("signature_invalid")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        raise _rejected("modified_after_signing")
    try:
        signer_pem = _pem(status.signing_cert)
    except Exception as exc:
        raise _rejected("signature_invalid") from exc
    if not status.trusted:
        raise _rejected("untrusted_signer")
    try:
        verify_chain(signer_pem, ca_certificate_pem)
    except InputRefused as exc:
        raise SignatureRejected("untrusted_signer", exc.text) from exc
    person_id = certificate_person_id(load_certificate(signer_pem))
    if person_id is None:
        raise _rejected("signer_unnamed")
    signed_at = status.signer_reported_dt
    if signed_at is None:
        raise _rejected("signature_invalid")
    try:
        attachment = _attachment(reader, embedded.signed_revision, attachment_name)
    except SignatureRejected:
        raise
    except Exception as exc:
        raise _rejected("no_attachment") from exc
    return SignedPdf(signer_pem, person_id, signed_at, attachment)


def _attachment(reader: PdfFileReader, revision: int, name: str) -> bytes:
    """The named embedded file as the signed revision has it (flat name trees only)."""
    root = reader.get_historical_root(revision)
    if "/Names" not in root or "/EmbeddedFiles" not in root["/Names"]:
        raise _rejected("no_attachment")
    tree = root["/Names"]["/EmbeddedFiles"]
    if "/Names" not in tree:
        raise _rejected("no_attachment")
    entries = tree["/Names"]
    names = [
        _pdf_text(entries[i])
        for i in range(0, len(entries) - 1, 2)
        if isinstance(entries[i], generic.TextStringObject | generic.ByteStringObject)
    ]
    found = [
        entries[i + 1].get_object()
        for i in range(0, len(entries) - 1, 2)
        if isinstance(entries[i], generic.TextStringObject | generic.ByteStringObject)
        and _pdf_text(entries[i]) == name
    ]
    if len(found) != 1:
        missing = _rejected("no_attachment")
        missing.attachments = tuple(names)
        raise missing
    stream = found[0]["/EF"]["/F"].get_object()
    if not isinstance(stream, generic.StreamObject):
        raise _rejected("no_attachment")
    content = bytes(stream.data)
    if len(content) > ATTACHMENT_LIMIT:
        raise _rejected("no_attachment")
    return content


def _pdf_text(value: generic.TextStringObject | generic.ByteStringObject) -> str:
    if isinstance(value, generic.TextStringObject):
        return str(value)
    return bytes(value).decode("latin-1")


def _asn1(pem: bytes) -> asn1_x509.Certificate:
    cert = load_certificate(pem)
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _pem(cert: asn1_x509.Certificate) -> bytes:
    return x509.load_der_x509_certificate(cert.dump()).public_bytes(serialization.Encoding.PEM)


REASONS: dict[str, Text] = {
    "not_pdf": Text(
        "这不是 PDF 文件。请确认选择的是对方发来的已签名 PDF。",
        "This is not a PDF file. Check that you chose the signed PDF you were sent.",
    ),
    "damaged_pdf": Text(
        "PDF 文件已损坏或不完整（可能在传输中被截断），无法核验。请让对方重新发送。",
        "The PDF is damaged or incomplete (perhaps cut short in transfer) and cannot be "
        "verified. Ask the sender to send it again.",
    ),
    "unsigned": Text(
        "此 PDF 没有电子签名（可能是未签名的草稿），不能作为正式文件接收。",
        "This PDF carries no digital signature (perhaps an unsigned draft); it cannot be "
        "accepted as a formal document.",
    ),
    "several_signatures": Text(
        "此 PDF 含有多个签名，而正式文件只应有签署人的一个签名，不予接收。",
        "This PDF holds several signatures, but a formal document carries only its "
        "signer's one; refused.",
    ),
    "signature_invalid": Text(
        "签名无效：文件内容与签名不符（文件在签名后被改动或已损坏）。",
        "The signature is invalid: the content does not match it (the file was changed "
        "after signing, or is damaged).",
    ),
    "modified_after_signing": Text(
        "文件在签名之后又被追加了内容，签名没有覆盖整个文件，不予接收。",
        "Content was added to the file after it was signed, so the signature does not "
        "cover the whole file; refused.",
    ),
    "untrusted_signer": Text(
        "签名证书不是由本轮评审的 CA 签发的：可能来自另一轮评审，或是伪造的。",
        "The signing certificate was not issued by this round's CA: it may belong to "
        "another round, or be forged.",
    ),
    "signer_unnamed": Text(
        "签名证书没有标明评审人员，不是本轮为个人签发的证书。",
        "The signing certificate names no person of the round; it is not one issued to a reviewer.",
    ),
    "no_attachment": Text(
        "签名文件中缺少内嵌的评审数据，无法核对内容。",
        "The signed file lacks its embedded review data, so its content cannot be checked.",
    ),
}


def _rejected(code: str) -> SignatureRejected:
    return SignatureRejected(code, REASONS[code])


__all__ = ["REASONS", "SignatureRejected", "SignedPdf", "sign_pdf", "verify_signed_pdf"]
