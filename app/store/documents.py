"""Document bytes, content-addressed, in the store's second SQLCipher file.

Documents are large (up to 200 MB per enterprise) and read in bulk, so they live in
``documents.db`` with 64 KB pages and HMAC-SHA256, in 1 MiB chunks: the same
encryption and per-page authentication as the main store at about 2.5x the read
throughput. Bytes are keyed by SHA-256, so importing the same file twice stores it
once, and an interrupted import leaves at most an unreferenced blob behind.

The chunk table keeps its rowid on purpose: 1 MiB blobs in a WITHOUT ROWID table read
back at a fraction of the speed (see bench/run.py).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from app.errors import Text, UserError
from app.store.database import DOCUMENTS_PROFILE, connect_raw, integrity_problems

CHUNK = 1 << 20
SCHEMA_VERSION = 1


class DocumentMissing(UserError):
    """A document's bytes are not in the store."""


class DocumentStore:
    """Put and get document bytes by SHA-256."""

    def __init__(self, path: Path, key: bytes) -> None:
        self._lock = threading.Lock()
        self._conn = connect_raw(path, key, DOCUMENTS_PROFILE)
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self._conn.executescript(
                "BEGIN IMMEDIATE;"
                "CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL);"
                "CREATE TABLE IF NOT EXISTS chunks (sha256 TEXT NOT NULL, seq INTEGER NOT NULL,"
                " data BLOB NOT NULL, PRIMARY KEY (sha256, seq));"
                f"PRAGMA user_version = {SCHEMA_VERSION};"
                "COMMIT;"
            )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def has(self, sha256: str) -> bool:
        with self._lock:
            row = self._conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def put(self, data: bytes) -> str:
        """Store ``data`` (once) and return its SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        if self.has(digest):
            return digest
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for seq, start in enumerate(range(0, max(len(data), 1), CHUNK)):
                    self._conn.execute(
                        "INSERT OR IGNORE INTO chunks VALUES (?, ?, ?)",
                        (digest, seq, data[start : start + CHUNK]),
                    )
                self._conn.execute("INSERT OR IGNORE INTO blobs VALUES (?, ?)", (digest, len(data)))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return digest

    def put_stream(self, chunks: Iterable[bytes], expected_sha256: str | None = None) -> str:
        """Store bytes arriving in pieces (e.g. from a package) and return their SHA-256.

        The pieces are hashed while stored under a provisional name and renamed at the
        end in the same transaction, so a large document never sits whole in memory.
        """
        hasher = hashlib.sha256()
        provisional = f"partial-{threading.get_ident()}"
        size = 0
        buffer = bytearray()
        seq = 0
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute("DELETE FROM chunks WHERE sha256 = ?", (provisional,))
                for piece in chunks:
                    hasher.update(piece)
                    size += len(piece)
                    buffer += piece
                    while len(buffer) >= CHUNK:
                        self._conn.execute(
                            "INSERT INTO chunks VALUES (?, ?, ?)",
                            (provisional, seq, bytes(buffer[:CHUNK])),
                        )
                        del buffer[:CHUNK]
                        seq += 1
                if buffer or seq == 0:
                    self._conn.execute(
                        "INSERT INTO chunks VALUES (?, ?, ?)", (provisional, seq, bytes(buffer))
                    )
                digest = hasher.hexdigest()
                if expected_sha256 is not None and digest != expected_sha256:
                    raise ValueError("document bytes do not match their declared SHA-256")
                exists = self._conn.execute(
                    "SELECT 1 FROM blobs WHERE sha256 = ?", (digest,)
                ).fetchone()
                if exists:
                    self._conn.execute("DELETE FROM chunks WHERE sha256 = ?", (provisional,))
                else:
                    self._conn.execute(
                        "UPDATE chunks SET sha256 = ? WHERE sha256 = ?", (digest, provisional)
                    )
                    self._conn.execute("INSERT INTO blobs VALUES (?, ?)", (digest, size))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return digest

    def iter_chunks(self, sha256: str) -> Iterator[bytes]:
        """The document's bytes in 1 MiB pieces."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT seq FROM chunks WHERE sha256 = ? ORDER BY seq", (sha256,)
            ).fetchall()
        if not rows:
            raise DocumentMissing(
                Text("文档内容不在存储中。", "The document's contents are not in the store.")
            )
        for (seq,) in rows:
            with self._lock:
                row = self._conn.execute(
                    "SELECT data FROM chunks WHERE sha256 = ? AND seq = ?", (sha256, seq)
                ).fetchone()
            yield bytes(row[0])

    def get(self, sha256: str) -> bytearray:
        """The whole document (for the worker, which needs it in memory anyway)."""
        # One buffer of the final size, each chunk copied in and dropped at once: keeping
        # every chunk alive until a join would touch twice the memory, fresh, and halve the speed.
        with self._lock:
            row = self._conn.execute(
                "SELECT size FROM blobs WHERE sha256 = ?", (sha256,)
            ).fetchone()
            if row is None:
                raise DocumentMissing(
                    Text("文档内容不在存储中。", "The document's contents are not in the store.")
                )
            buffer = bytearray(row[0])
            view = memoryview(buffer)
            offset = 0
            for (piece,) in self._conn.execute(
                "SELECT data FROM chunks WHERE sha256 = ? ORDER BY seq", (sha256,)
            ):
                view[offset : offset + len(piece)] = piece
                offset += len(piece)
            view.release()
        if offset != len(buffer):
            raise DocumentMissing(
                Text("文档内容不完整。", "The document's contents in the store are incomplete.")
            )
        return buffer

    def total_bytes(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT coalesce(sum(size), 0) FROM blobs").fetchone()[0])

    def integrity_problems(self) -> list[str]:
        with self._lock:
            return integrity_problems(self._conn)

    def backup_to(self, target: Path, key: bytes) -> None:
        """Copy the whole file, still encrypted, to ``target``."""
        dest = connect_raw(target, key, DOCUMENTS_PROFILE)
        try:
            with self._lock:
                self._conn.backup(dest)
        finally:
            dest.close()
