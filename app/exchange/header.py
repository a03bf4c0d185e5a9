"""The clear header of an envelope: what it is, whose it is, and how its key is derived.

Every field is checked before anything expensive runs, so a hostile file cannot make the app
spend gigabytes of memory or minutes of CPU in Argon2id. The header bytes become the associated
data of every chunk, so any edit to them — the public label included — is detected.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import struct
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from app.errors import InputRefused, WrongPassphrase
from app.exchange import messages
from app.exchange.passphrase import normalise_passphrase

MAGIC = b"QBRENV1\n"
FORMAT_VERSION = 1
CIPHER = "aes-256-gcm-stream"
CHUNK_SIZE = 1 << 20
"""Plaintext per chunk: large enough for full disk speed, small enough to verify before use."""

MAX_HEADER = 64 * 1024
MAX_MEMORY_KIB = 1 << 20  # 1 GiB
MAX_ITERATIONS = 20
MAX_LANES = 64
CHUNK_RANGE = (64, 16 << 20)
U32 = struct.Struct(">I")


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; the default needs 64 MiB and about 0.12–0.18 s on a 2-core machine."""

    memory_cost_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4


DEFAULT_KDF = KdfParams()


@dataclass(frozen=True)
class EnvelopeHeader:
    """A parsed and range-checked header."""

    raw: bytes  # magic, length and JSON: the associated data of every chunk
    kind: str
    label: dict[str, str]
    kdf: KdfParams
    salt: bytes
    key_check: bytes
    nonce_prefix: bytes
    chunk_size: int


def new_header(
    passphrase: str, *, kind: str, label: dict[str, str], kdf: KdfParams, chunk_size: int
) -> tuple[EnvelopeHeader, bytes]:
    """A fresh header (new salt and nonce prefix) and the content key it goes with."""
    salt, prefix = os.urandom(16), os.urandom(7)
    fields: dict[str, object] = {
        "format": FORMAT_VERSION,
        "kind": kind,
        "label": dict(label),
        "kdf": {
            "algorithm": "argon2id",
            "salt": _b64(salt),
            "memory_cost_kib": kdf.memory_cost_kib,
            "iterations": kdf.iterations,
            "lanes": kdf.lanes,
        },
        "key_check": _b64(bytes(16)),  # a placeholder until the settings are known to be sane
        "cipher": CIPHER,
        "nonce_prefix": _b64(prefix),
        "chunk_size": chunk_size,
    }
    _encode(fields, kind)  # the writer obeys the limits its readers enforce
    key, check = derive_keys(passphrase, salt, kdf)
    fields["key_check"] = _b64(check)
    return _encode(fields, kind), key


def _encode(fields: dict[str, object], kind: str) -> EnvelopeHeader:
    header_bytes = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
    if len(header_bytes) > MAX_HEADER:
        raise ValueError("the envelope label is too large")
    try:
        return parse_header(MAGIC + U32.pack(len(header_bytes)) + header_bytes, kind)
    except InputRefused as refused:
        raise ValueError(f"envelope settings out of range: {refused.text.en}") from None


def read_header(file: BinaryIO, kind: str | None, size: int) -> EnvelopeHeader:
    """Read and check the header at the start of ``file`` (of ``size`` bytes)."""
    name = messages.noun(kind)
    magic = file.read(len(MAGIC))
    if magic != MAGIC:
        if magic and size < len(MAGIC) and MAGIC.startswith(magic):
            raise InputRefused(messages.say(messages.INCOMPLETE, noun=name))
        raise InputRefused(messages.say(messages.NOT_ENVELOPE, noun=name))
    raw_length = file.read(U32.size)
    if len(raw_length) < U32.size:
        raise InputRefused(messages.say(messages.INCOMPLETE, noun=name))
    (length,) = U32.unpack(raw_length)
    if not 0 < length <= MAX_HEADER:
        raise InputRefused(messages.say(messages.DAMAGED, noun=name))
    header_bytes = file.read(length)
    if len(header_bytes) < length:
        raise InputRefused(messages.say(messages.INCOMPLETE, noun=name))
    return parse_header(MAGIC + raw_length + header_bytes, kind)


def parse_header(raw: bytes, expected_kind: str | None) -> EnvelopeHeader:
    """Check every field of ``raw`` (magic, length, JSON); refuse before any costly work."""
    name = messages.noun(expected_kind)
    damaged = InputRefused(messages.say(messages.DAMAGED, noun=name))
    fields = json_object(raw[len(MAGIC) + U32.size :])
    if fields is None:
        raise damaged
    version = fields.get("format")
    if version != FORMAT_VERSION:
        text = messages.say(messages.UNKNOWN_VERSION, noun=name, version=str(version)[:20])
        raise InputRefused(text)
    kind, label, kdf = fields.get("kind"), fields.get("label"), fields.get("kdf")
    if not isinstance(kind, str) or not 0 < len(kind) <= 64:
        raise damaged
    if expected_kind is not None and kind != expected_kind:
        actual = messages.noun(kind) if kind in messages.NOUNS else kind
        raise InputRefused(messages.say(messages.WRONG_KIND, expected=name, actual=actual))
    if not isinstance(label, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in label.items()
    ):
        raise damaged
    if not isinstance(kdf, dict) or kdf.get("algorithm") != "argon2id":
        raise damaged
    if fields.get("cipher") != CIPHER:
        raise damaged
    memory, iterations, lanes = (
        _int(kdf.get(k)) for k in ("memory_cost_kib", "iterations", "lanes")
    )
    chunk_size = _int(fields.get("chunk_size"))
    if memory is None or iterations is None or lanes is None or chunk_size is None:
        raise damaged
    if not (
        1 <= lanes <= MAX_LANES
        and 1 <= iterations <= MAX_ITERATIONS
        and 8 * lanes <= memory <= MAX_MEMORY_KIB
    ):
        raise InputRefused(messages.say(messages.HOSTILE_KDF, noun=name))
    if not CHUNK_RANGE[0] <= chunk_size <= CHUNK_RANGE[1]:
        raise damaged
    salt = _unb64(kdf.get("salt"), 16)
    key_check = _unb64(fields.get("key_check"), 16)
    prefix = _unb64(fields.get("nonce_prefix"), 7)
    if salt is None or key_check is None or prefix is None:
        raise damaged
    params = KdfParams(memory_cost_kib=memory, iterations=iterations, lanes=lanes)
    return EnvelopeHeader(raw, kind, label, params, salt, key_check, prefix, chunk_size)


def unlock(header: EnvelopeHeader, passphrase: str) -> bytes:
    """The content key, or :class:`WrongPassphrase` if the passphrase check does not match."""
    key, check = derive_keys(passphrase, header.salt, header.kdf)
    if not hmac.compare_digest(check, header.key_check):
        raise WrongPassphrase(
            messages.say(messages.WRONG_PASSPHRASE, noun=messages.noun(header.kind))
        )
    return key


def derive_keys(passphrase: str, salt: bytes, kdf: KdfParams) -> tuple[bytes, bytes]:
    """Argon2id, then two independent sub-keys: the content key and the passphrase check.

    The check lets a reader tell a wrong passphrase from a modified file; it costs an attacker
    nothing extra, since trying a passphrase against the first chunk costs the same Argon2id.
    """
    master = Argon2id(
        salt=salt,
        length=32,
        iterations=kdf.iterations,
        lanes=kdf.lanes,
        memory_cost=kdf.memory_cost_kib,
    ).derive(normalise_passphrase(passphrase).encode())
    key = HKDFExpand(hashes.SHA256(), 32, b"qbr-envelope/1 content key").derive(master)
    check = HKDFExpand(hashes.SHA256(), 16, b"qbr-envelope/1 passphrase check").derive(master)
    return key, check


def json_object(data: bytes) -> dict[str, object] | None:
    """A JSON object, or None for anything else (bad UTF-8, bad JSON, hostile nesting)."""
    try:
        value = json.loads(data.decode())
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(value: object, size: int) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        data = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return data if len(data) == size else None
