"""The round CA, people's certificates, and chain verification against the round CA only."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.pdfgen import canvas

from app.errors import InputRefused
from app.signing.pki import (
    DOCUMENT_SIGNING,
    OFFICE,
    IssuedIdentity,
    RoundAuthority,
    certificate_fingerprint,
    certificate_person_id,
    certificate_round_id,
    create_round_authority,
    issue_person_certificate,
    load_certificate,
    verify_chain,
)

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _issue(authority: RoundAuthority, now: datetime = NOW) -> IssuedIdentity:
    return issue_person_certificate(
        authority,
        person_id="P-007",
        name="张伟",
        organisation="华东理工大学",
        role="评审专家",
        group="第一专业组",
        now=now,
    )


@pytest.fixture(scope="module")
def round_a() -> RoundAuthority:
    return create_round_authority("R-2025-A", "2025年度质量标杆遴选", 2025, now=NOW)


@pytest.fixture(scope="module")
def round_b() -> RoundAuthority:
    return create_round_authority("R-2025-B", "2025年度质量标杆遴选", 2025, now=NOW)


@pytest.fixture(scope="module")
def expert(round_a: RoundAuthority) -> IssuedIdentity:
    return _issue(round_a)


def test_round_ca_is_a_constrained_self_signed_ca(round_a: RoundAuthority) -> None:
    ca = load_certificate(round_a.certificate_pem)
    assert ca.subject == ca.issuer
    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        "2025年度质量标杆遴选 评审 CA"
    )
    assert ca.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == OFFICE
    assert certificate_round_id(ca) == "R-2025-A"
    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca and constraints.value.path_length == 0
    usage = ca.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.key_cert_sign and usage.value.crl_sign
    assert not usage.value.digital_signature
    ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    public_key = ca.public_key()
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    assert public_key.curve.name == "secp256r1"
    assert ca.not_valid_before_utc == NOW - timedelta(days=1)
    assert timedelta(days=3 * 365) <= ca.not_valid_after_utc - NOW <= timedelta(days=3 * 366)
    ca.verify_directly_issued_by(ca)
    key = serialization.load_pem_private_key(round_a.private_key_pem, password=None)
    assert round_a.private_key_pem.startswith(b"-----BEGIN PRIVATE KEY-----")  # PKCS#8
    assert isinstance(key, ec.EllipticCurvePrivateKey)


def test_person_certificate_names_the_person_and_allows_signing_only(
    round_a: RoundAuthority, expert: IssuedIdentity
) -> None:
    ca = load_certificate(round_a.certificate_pem)
    cert = load_certificate(expert.certificate_pem)
    subject = {attr.oid: attr.value for attr in cert.subject}
    assert subject[NameOID.COMMON_NAME] == "张伟"
    assert subject[NameOID.ORGANIZATION_NAME] == "华东理工大学"
    assert subject[NameOID.ORGANIZATIONAL_UNIT_NAME] == "第一专业组"
    assert subject[NameOID.TITLE] == "评审专家"
    assert certificate_person_id(cert) == expert.person_id == "P-007"
    assert cert.issuer == ca.subject
    cert.verify_directly_issued_by(ca)

    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert not constraints.ca
    purposes = list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert purposes == [DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]
    aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ski.digest
    cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    assert ca.not_valid_before_utc <= cert.not_valid_before_utc
    assert cert.not_valid_after_utc <= ca.not_valid_after_utc
    assert certificate_person_id(ca) is None and certificate_round_id(cert) is None


def test_group_is_optional_and_long_names_are_shortened(round_a: RoundAuthority) -> None:
    chair = issue_person_certificate(
        round_a,
        person_id="P-001",
        name="王" * 40,
        organisation="中国质量协会",
        role="主任委员",
        group=None,
        now=NOW,
    )
    cert = load_certificate(chair.certificate_pem)
    assert not cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert isinstance(name, str) and name.endswith("…") and len(name.encode()) <= 64
    verify_chain(chair.certificate_pem, round_a.certificate_pem, at=NOW)


def test_fingerprint_is_sha256_of_der(expert: IssuedIdentity) -> None:
    cert = load_certificate(expert.certificate_pem)
    der = cert.public_bytes(serialization.Encoding.DER)
    assert certificate_fingerprint(cert) == hashlib.sha256(der).hexdigest()


def test_person_of_round_a_verifies_against_ca_a(
    round_a: RoundAuthority, expert: IssuedIdentity
) -> None:
    verify_chain(expert.certificate_pem, round_a.certificate_pem, at=NOW)
    verify_chain(expert.certificate_pem, round_a.certificate_pem)  # and today


def test_certificate_of_another_round_is_refused(
    round_a: RoundAuthority, round_b: RoundAuthority
) -> None:
    other = _issue(round_b)
    with pytest.raises(InputRefused) as refused:
        verify_chain(other.certificate_pem, round_a.certificate_pem, at=NOW)
    assert "另一轮评审" in refused.value.text.zh


def test_self_signed_lookalike_is_refused(round_a: RoundAuthority, expert: IssuedIdentity) -> None:
    genuine = load_certificate(expert.certificate_pem)
    key = ec.generate_private_key(ec.SECP256R1())
    forged = (
        x509.CertificateBuilder()
        .subject_name(genuine.subject)
        .issuer_name(genuine.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(genuine.not_valid_before_utc)
        .not_valid_after(genuine.not_valid_after_utc)
        .add_extension(genuine.extensions.get_extension_for_class(x509.KeyUsage).value, True)
        .add_extension(
            genuine.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value, False
        )
        .sign(key, hashes.SHA256())
    )
    with pytest.raises(InputRefused, match="not issued by this round's CA"):
        verify_chain(forged.public_bytes(serialization.Encoding.PEM), round_a.certificate_pem)


def test_lookalike_ca_with_same_name_and_key_id_is_refused(round_a: RoundAuthority) -> None:
    """A forger copies the round CA's name and key identifier; only the real key counts."""
    genuine = load_certificate(round_a.certificate_pem)
    forger_key = ec.generate_private_key(ec.SECP256R1())
    ski = genuine.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    fake_ca = (
        x509.CertificateBuilder()
        .subject_name(genuine.subject)
        .issuer_name(genuine.subject)
        .public_key(forger_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(genuine.not_valid_before_utc)
        .not_valid_after(genuine.not_valid_after_utc)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(genuine.extensions.get_extension_for_class(x509.KeyUsage).value, True)
        .add_extension(ski, critical=False)
        .sign(forger_key, hashes.SHA256())
    )
    fake_authority = RoundAuthority(
        certificate_pem=fake_ca.public_bytes(serialization.Encoding.PEM),
        private_key_pem=forger_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    forged = _issue(fake_authority)
    verify_chain(forged.certificate_pem, fake_authority.certificate_pem, at=NOW)  # sanity
    with pytest.raises(InputRefused, match="not issued by this round's CA"):
        verify_chain(forged.certificate_pem, round_a.certificate_pem, at=NOW)


def test_expired_and_not_yet_valid_certificates_are_refused() -> None:
    long_ago = datetime.now(UTC) - timedelta(days=5 * 365)
    old_round = create_round_authority("R-2020", "2020年度质量标杆遴选", 2020, now=long_ago)
    old = _issue(old_round, now=long_ago)
    verify_chain(old.certificate_pem, old_round.certificate_pem, at=long_ago)
    with pytest.raises(InputRefused) as refused:
        verify_chain(old.certificate_pem, old_round.certificate_pem)
    assert "过期" in refused.value.text.zh
    with pytest.raises(InputRefused) as refused:
        verify_chain(
            old.certificate_pem, old_round.certificate_pem, at=long_ago - timedelta(days=30)
        )
    assert "尚未生效" in refused.value.text.zh


def test_certificate_without_signing_usage_is_refused(round_a: RoundAuthority) -> None:
    ca = load_certificate(round_a.certificate_pem)
    ca_key = serialization.load_pem_private_key(round_a.private_key_pem, password=None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    encipher_only = x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=True,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "张伟")]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(encipher_only, critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    with pytest.raises(InputRefused) as refused:
        verify_chain(cert.public_bytes(serialization.Encoding.PEM), round_a.certificate_pem, at=NOW)
    assert "不允许用于签署" in refused.value.text.zh


def test_the_ca_itself_cannot_sign_documents(round_a: RoundAuthority) -> None:
    with pytest.raises(InputRefused):
        verify_chain(round_a.certificate_pem, round_a.certificate_pem)


def test_unreadable_certificate_is_refused(round_a: RoundAuthority) -> None:
    with pytest.raises(InputRefused) as refused:
        verify_chain(b"-----BEGIN CERTIFICATE-----\nAAAA\n", round_a.certificate_pem)
    assert "无法读取" in refused.value.text.zh


def _asn1(pem: bytes) -> asn1_x509.Certificate:
    (cert,) = load_certs_from_pemder_data(pem)
    return cert


def _one_page_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Score sheet R-2025-A / P-007")
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_issued_identity_signs_a_pdf_that_pyhanko_trusts_via_the_round_ca(
    round_a: RoundAuthority, round_b: RoundAuthority
) -> None:
    """The certificates are fit for PAdES score sheets, with the round CA as the only root."""
    identity = _issue(round_a, now=datetime.now(UTC))
    ca = _asn1(round_a.certificate_pem)
    signer = signers.SimpleSigner(
        signing_cert=_asn1(identity.certificate_pem),
        signing_key=load_private_key_from_pemder_data(identity.private_key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs([ca]),  # type: ignore[no-untyped-call]
    )
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(_one_page_pdf())),
        signers.PdfSignatureMetadata(field_name="ScoreSheet"),
        signer=signer,
    )
    signature = PdfFileReader(out).embedded_signatures[0]

    trusting_a = ValidationContext(trust_roots=[ca], allow_fetching=False)
    status = validate_pdf_signature(signature, trusting_a)
    assert status.intact and status.valid and status.trusted
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    strict = KeyUsageConstraints(
        key_usage={"non_repudiation"}, extd_key_usage={DOCUMENT_SIGNING.dotted_string}
    )
    assert validate_pdf_signature(signature, trusting_a, key_usage_settings=strict).trusted

    trusting_b = ValidationContext(
        trust_roots=[_asn1(round_b.certificate_pem)], allow_fetching=False
    )
    other = validate_pdf_signature(signature, trusting_b)
    assert other.intact and other.valid and not other.trusted
