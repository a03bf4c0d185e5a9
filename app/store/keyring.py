"""The store's key file: a random data key wrapped under a passphrase-derived key.

The passphrase goes through Argon2id to a key-encryption key that unwraps (AES-GCM)
a random 256-bit data key. The database keys are derived from the data key with HKDF,
so changing the passphrase only rewrites this small file. A wrong passphrase fails
the AES-GCM tag here, before any database file is touched.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import StoreCorrupt, Text, WrongPassphrase
from app.store.files import write_atomically

KEY_FILE = "key.json"
"""The wrapped data key's file name inside a store folder."""
KEY_FILE_FORMAT = "qbr-store-key/1"
MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters (memory in KiB)."""

    iterations: int = 3
    lanes: int = 4
    memory_kib: int = 128 * 1024

    def check(self) -> None:
        if not (1 <= self.iterations <= 20 and 1 <= self.lanes <= 16):
            raise _corrupt_key_file("unreasonable KDF parameters")
        if not (8 * 1024 <= self.memory_kib <= 1024 * 1024):
            raise _corrupt_key_file("unreasonable KDF memory")


@dataclass(frozen=True)
class DataKey:
    """The unwrapped data key and the store it belongs to."""

    store_id: str
    secret: bytes

    def derive(self, purpose: str) -> bytes:
        """A 256-bit sub-key for one purpose (e.g. one database file)."""
        return HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=self.store_id.encode(),
            info=f"qbr/{purpose}".encode(),
        ).derive(self.secret)


def _corrupt_key_file(detail: str) -> StoreCorrupt:
    return StoreCorrupt(
        Text(
            f"存储的密钥文件 key.json 已损坏（{detail}），无法解锁。请从备份恢复。",
            f"The store's key file key.json is damaged ({detail}); it cannot be unlocked. "
            "Restore it from a backup.",
        )
    )


def derive_wrapping_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The Argon2id key that wraps the data key."""
    return Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(passphrase.encode("utf-8"))


def check_new_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to protect confidential scores."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WrongPassphrase(
            Text(
                f"口令太短：至少需要 {MIN_PASSPHRASE_LENGTH} 个字符。",
                f"The passphrase is too short: it needs at least {MIN_PASSPHRASE_LENGTH} characters.",
            )
        )


def _wrap(key: DataKey, passphrase: str, params: KdfParams) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    aad = f"{KEY_FILE_FORMAT}:{key.store_id}".encode()
    wrapped = AESGCM(derive_wrapping_key(passphrase, salt, params)).encrypt(nonce, key.secret, aad)
    b64 = base64.b64encode
    return {
        "format": KEY_FILE_FORMAT,
        "store_id": key.store_id,
        "kdf": {
            "name": "argon2id",
            "iterations": params.iterations,
            "lanes": params.lanes,
            "memory_kib": params.memory_kib,
            "salt": b64(salt).decode(),
        },
        "nonce": b64(nonce).decode(),
        "wrapped_key": b64(wrapped).decode(),
    }


def create_key_file(path: Path, passphrase: str, params: KdfParams | None = None) -> DataKey:
    """Make a new random data key and write it wrapped under ``passphrase``."""
    check_new_passphrase(passphrase)
    key = DataKey(store_id=secrets.token_hex(16), secret=secrets.token_bytes(32))
    document = _wrap(key, passphrase, params or KdfParams())
    write_atomically(path, json.dumps(document, indent=2).encode())
    return key


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise StoreCorrupt(
            Text(
                f"{path.parent} 不是评审存储（缺少 key.json）。",
                f"{path.parent} is not a review store (key.json is missing).",
            )
        ) from exc
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _corrupt_key_file("not JSON") from exc
    if not isinstance(document, dict) or document.get("format") != KEY_FILE_FORMAT:
        raise _corrupt_key_file("unknown format")
    return document


def unlock_key_file(path: Path, passphrase: str) -> DataKey:
    """Unwrap the data key; a wrong passphrase raises :class:`WrongPassphrase`."""
    document = _read(path)
    try:
        kdf = document["kdf"]
        params = KdfParams(int(kdf["iterations"]), int(kdf["lanes"]), int(kdf["memory_kib"]))
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(document["nonce"], validate=True)
        wrapped = base64.b64decode(document["wrapped_key"], validate=True)
        store_id = str(document["store_id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise _corrupt_key_file("missing fields") from exc
    params.check()
    aad = f"{KEY_FILE_FORMAT}:{store_id}".encode()
    try:
        secret = AESGCM(derive_wrapping_key(passphrase, salt, params)).decrypt(nonce, wrapped, aad)
    except InvalidTag as exc:
        raise WrongPassphrase(
            Text("口令不正确，请重新输入。", "The passphrase is wrong. Please try again.")
        ) from exc
    return DataKey(store_id=store_id, secret=secret)


def rewrap_key_file(path: Path, key: DataKey, new_passphrase: str) -> None:
    """Wrap the same data key under a new passphrase (the databases are untouched)."""
    check_new_passphrase(new_passphrase)
    document = _read(path)
    kdf = document.get("kdf", {})
    params = KdfParams(
        int(kdf.get("iterations", 3)), int(kdf.get("lanes", 4)), int(kdf.get("memory_kib", 131072))
    )
    write_atomically(path, json.dumps(_wrap(key, new_passphrase, params), indent=2).encode())


def cheap_kdf_params() -> KdfParams:
    """Cheap parameters for tests and benchmarks that open many stores (never the default)."""
    return KdfParams(iterations=1, lanes=1, memory_kib=8 * 1024)


__all__ = [
    "DataKey",
    "KdfParams",
    "check_new_passphrase",
    "create_key_file",
    "rewrap_key_file",
    "unlock_key_file",
]
