"""The round's certificate authority (评审 CA) and the signing certificates it issues.

The secretariat creates one CA per round; its private key lives only in the secretariat's
encrypted store. Each person gets an ECDSA P-256 key and a certificate naming them, their
organisation, role and group, delivered inside their encrypted assignment package. Verifiers
trust exactly one root — the round CA from their own package — so a certificate from another
round, a look-alike self-signed certificate or the system's trust store never counts.

Path validation is delegated to pyhanko-certvalidator, the same engine pyHanko uses to check PDF
signatures, so a certificate accepted here is accepted when it signs a score sheet.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator import errors as cv_errors
from pyhanko_certvalidator.validate import validate_usage

from app.errors import InputRefused, Text

OFFICE = "质量标杆评审委员会办公室"
"""The organisation named in every round CA."""

CA_LIFETIME = timedelta(days=3 * 365 + 1)
"""Three years: a round, its appeals and its archive review fit well inside."""

BACKDATE = timedelta(days=1)
"""Certificates start a day early so a laptop whose clock runs slow still accepts them."""

DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
"""id-kp-documentSigning (RFC 9336), the key purpose meant for signing human-readable documents."""

SIGNING_KEY_USAGE = frozenset({"digital_signature", "non_repudiation"})
"""What a person's certificate must allow; pyHanko's default signer policy asks for
non-repudiation, and digital signature is what generic CMS verifiers look for."""

_NAME_BYTES = 64
"""RFC 5280's upper bound for name attributes, which cryptography enforces in UTF-8 bytes."""


@dataclass(frozen=True)
class RoundAuthority:
    """A round's CA: its certificate and its (unencrypted PKCS#8) key, kept in the store."""

    certificate_pem: bytes
    private_key_pem: bytes


@dataclass(frozen=True)
class IssuedIdentity:
    """One person's signing key and certificate, as delivered in their assignment package."""

    person_id: str
    certificate_pem: bytes
    private_key_pem: bytes


def create_round_authority(
    round_id: str, round_name: str, year: int, *, now: datetime | None = None
) -> RoundAuthority:
    """Create the self-signed CA of one round.

    The round id goes into the subject's UID so certificates of two rounds with the same name
    are never mistaken for each other; the year goes into the OU for the human reading it.
    ``pathlen 0`` means the CA can issue people's certificates but no further CAs.
    """
    start = _utc(now)
    key = ec.generate_private_key(ec.SECP256R1())
    suffix = " 评审 CA"
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, OFFICE),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{year}年度"),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(round_name, reserve=suffix) + suffix),
            x509.NameAttribute(NameOID.USER_ID, _fit(round_id, strict=True)),
        ]
    )
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start - BACKDATE)
        .not_valid_after(start + CA_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            _key_usage(key_cert_sign=True, crl_sign=True),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    return RoundAuthority(
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
        private_key_pem=_private_pem(key),
    )


def issue_person_certificate(
    authority: RoundAuthority,
    *,
    person_id: str,
    name: str,
    organisation: str,
    role: str,
    group: str | None,
    now: datetime | None = None,
) -> IssuedIdentity:
    """Issue a signing certificate for one person of the round.

    Extended key usage: documentSigning (RFC 9336) says what the key is for; emailProtection is
    added because it is the purpose widely deployed PDF readers (Adobe Acrobat among them)
    recognise for signatures, so a sheet opened outside this app is not flagged as signed with
    a certificate "not valid for signing". pyHanko's default signer policy checks only the
    non-repudiation key usage and accepts any extended key usage, so neither purpose hinders it;
    :func:`verify_chain` requires documentSigning explicitly.
    """
    start = _utc(now)
    ca_cert = load_certificate(authority.certificate_pem)
    ca_key = serialization.load_pem_private_key(authority.private_key_pem, password=None)
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise ValueError("the round CA key is not an EC key")
    not_before = max(start - BACKDATE, ca_cert.not_valid_before_utc)
    not_after = min(start + CA_LIFETIME, ca_cert.not_valid_after_utc)
    if not_before >= not_after:
        raise ValueError("the round CA is not valid at the requested issue time")

    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation or "—"))]
    if group:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, _fit(group)))
    attributes += [
        x509.NameAttribute(NameOID.TITLE, _fit(role)),
        x509.NameAttribute(NameOID.COMMON_NAME, _fit(name)),
        x509.NameAttribute(NameOID.USER_ID, _fit(person_id, strict=True)),
    ]
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            _key_usage(digital_signature=True, content_commitment=True),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return IssuedIdentity(
        person_id=person_id,
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
        private_key_pem=_private_pem(key),
    )


def load_certificate(pem: bytes) -> x509.Certificate:
    """Parse a PEM certificate, refusing anything unreadable with a user-facing message."""
    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError as error:
        raise InputRefused(_UNREADABLE) from error


def certificate_fingerprint(cert: x509.Certificate) -> str:
    """The SHA-256 of the DER encoding, lowercase hex: what people compare by eye."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def certificate_person_id(cert: x509.Certificate) -> str | None:
    """The person id (UID) a person's certificate names, or None for a CA or a foreign cert."""
    return None if _is_ca(cert) else _uid(cert)


def certificate_round_id(ca_cert: x509.Certificate) -> str | None:
    """The round id (UID) a round CA names, or None if this is not a CA certificate."""
    return _uid(ca_cert) if _is_ca(ca_cert) else None


def verify_chain(cert_pem: bytes, ca_pem: bytes, *, at: datetime | None = None) -> None:
    """Check that a person's certificate was issued by this round's CA and may sign now.

    The round CA is the only trust root: no system roots, no fetching of issuers or revocation
    data (the workstation is offline and the round has no CRL). Runs its own event loop, so it
    must not be called from inside a running asyncio loop.
    """
    moment = _utc(at)
    end_entity = _to_asn1(load_certificate(cert_pem))
    ca_cert = load_certificate(ca_pem)
    if not _is_ca(ca_cert):
        raise ValueError("the trust root given to verify_chain is not a CA certificate")
    context = ValidationContext(
        trust_roots=[_to_asn1(ca_cert)],
        moment=moment,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    validator = CertificateValidator(end_entity, validation_context=context)
    try:
        asyncio.run(validator.async_validate_path())
    except cv_errors.ExpiredError as error:
        raise InputRefused(_EXPIRED) from error
    except cv_errors.NotYetValidError as error:
        raise InputRefused(_NOT_YET_VALID) from error
    except (  # InvalidCertificateError here means "self-signed", not "wrong usage"
        cv_errors.PathBuildingError,
        cv_errors.PathValidationError,
        cv_errors.InvalidCertificateError,
    ) as error:
        raise InputRefused(_NOT_THIS_ROUND) from error
    except ValueError as error:  # asn1crypto met something it cannot parse
        raise InputRefused(_UNREADABLE) from error
    try:
        validate_usage(
            end_entity,
            set(SIGNING_KEY_USAGE),
            {DOCUMENT_SIGNING.dotted_string},
            False,  # the extended key usage extension must be present
        )
    except cv_errors.InvalidCertificateError as error:
        raise InputRefused(_NOT_FOR_SIGNING) from error


_UNREADABLE = Text("证书无法读取（格式损坏）。", "The certificate cannot be read (malformed).")
_NOT_THIS_ROUND = Text(
    "证书不是由本轮评审的 CA 签发的：它可能来自另一轮评审，或是伪造的。",
    "The certificate was not issued by this round's CA: it may belong to another round or be "
    "forged.",
)
_EXPIRED = Text(
    "证书已过期。如果本机时钟不准，请先校正时间；否则请联系评审办公室。",
    "The certificate has expired. If this computer's clock is wrong, correct it; otherwise "
    "contact the secretariat.",
)
_NOT_YET_VALID = Text(
    "证书尚未生效。请检查本机的日期和时间是否正确。",
    "The certificate is not valid yet. Check this computer's date and time.",
)
_NOT_FOR_SIGNING = Text(
    "该证书不允许用于签署评审文件。",
    "This certificate may not be used to sign review documents.",
)


def _utc(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("certificate times must be timezone-aware")
    return moment.astimezone(UTC)


def _fit(value: str, *, reserve: str = "", strict: bool = False) -> str:
    """Shorten a display value to fit a name attribute; identifiers must fit as they are."""
    room = _NAME_BYTES - len(reserve.encode())
    if not value:
        raise ValueError("certificate name attributes must not be empty")
    if len(value.encode()) <= room:
        return value
    if strict:
        raise ValueError(f"identifier too long for a certificate: {value!r}")
    ellipsis = "…"
    while len((value + ellipsis).encode()) > room:
        value = value[:-1]
    return value + ellipsis


def _key_usage(
    *,
    digital_signature: bool = False,
    content_commitment: bool = False,
    key_cert_sign: bool = False,
    crl_sign: bool = False,
) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=content_commitment,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=key_cert_sign,
        crl_sign=crl_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _private_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except (x509.ExtensionNotFound, ValueError):
        return False
    return constraints.ca


def _uid(cert: x509.Certificate) -> str | None:
    values = cert.subject.get_attributes_for_oid(NameOID.USER_ID)
    if len(values) != 1 or not isinstance(values[0].value, str):
        return None
    return values[0].value


def _to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
