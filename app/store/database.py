"""Opening SQLCipher databases with a raw key through SQLAlchemy.

The key is derived by the keyring and handed to SQLCipher as a raw hex key
(``x'…'``), so no passphrase ever appears in SQL text and SQLCipher's own PBKDF2
is skipped. A driver that is not SQLCipher is refused: a plain SQLite file would
silently store everything in the clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.errors import StoreCorrupt, Text, UserError


@dataclass(frozen=True)
class CipherProfile:
    """Page size and HMAC of one database file (fixed when the file is created)."""

    page_size: int
    hmac: str


MAIN_PROFILE = CipherProfile(page_size=4096, hmac="HMAC_SHA512")
# Document bytes are read in bulk: 64 KB pages with HMAC-SHA256 read ~2.5x faster here
# than the default 4 KB / SHA-512 (see bench/store_bench.py).
DOCUMENTS_PROFILE = CipherProfile(page_size=65536, hmac="HMAC_SHA256")


class NotSqlCipher(UserError):
    """The SQLite driver in use does not encrypt."""


def _raw_key_literal(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("SQLCipher raw keys are 32 bytes")
    return f"\"x'{key.hex()}'\""


def connect_raw(
    path: Path, key: bytes, profile: CipherProfile, *, read_only: bool = False
) -> sqlcipher3.Connection:
    """A DB-API connection to ``path`` keyed and configured for ``profile``."""
    target = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    conn = sqlcipher3.connect(target, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {_raw_key_literal(key)}")
    conn.execute(f"PRAGMA cipher_page_size = {profile.page_size}")
    conn.execute(f"PRAGMA cipher_hmac_algorithm = {profile.hmac}")
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        conn.close()
        raise NotSqlCipher(
            Text(
                "数据库驱动不支持加密（不是 SQLCipher），为保护机密数据，程序拒绝运行。",
                "The database driver is not SQLCipher; refusing to run without encryption.",
            )
        )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise StoreCorrupt(
            Text(
                f"{path.name} 无法解密：文件已损坏或被截断（完整性校验失败）。"
                "未做任何修改。请从备份恢复。",
                f"{path.name} cannot be decrypted: the file is damaged or truncated "
                "(integrity check failed). Nothing was changed. Restore from a backup.",
            )
        ) from exc
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def make_engine(path: Path, key: bytes, profile: CipherProfile) -> Engine:
    """A SQLAlchemy engine whose every pooled connection is keyed like :func:`connect_raw`."""

    def creator() -> Any:
        return connect_raw(path, key, profile)

    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=creator,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
    )

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        # Take the write lock up front so concurrent writers fail fast, not mid-transaction.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "connect")
    def _no_pysqlite_tx(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None

    return engine


def integrity_problems(conn: sqlcipher3.Connection) -> list[str]:
    """Problems found by ``cipher_integrity_check`` and ``integrity_check`` (empty if none)."""
    problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    problems += [str(r[0]) for r in rows if r[0] != "ok"]
    return problems
