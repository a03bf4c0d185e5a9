"""The store: unlock, unit of work, integrity check, passphrase change, backups."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.errors import StoreCorrupt, Text, UserError
from app.store import audit, migrate
from app.store.database import MAIN_PROFILE, connect_raw, integrity_problems, make_engine
from app.store.documents import DocumentStore
from app.store.keyring import (
    KEY_FILE,
    DataKey,
    KdfParams,
    create_key_file,
    rewrap_key_file,
    unlock_key_file,
)
from app.store.schema import Meta

MAIN_DB = "store.db"
DOCUMENTS_DB = "documents.db"
BACKUPS = "backups"
AUTO_BACKUPS_KEPT = 5
AUTO_BACKUP_EVERY = timedelta(hours=1)


class StoreKind(StrEnum):
    """Whose store it is: the secretariat's workspace or one person's."""

    WORKSPACE = "workspace"
    PERSONAL = "personal"


class StoreExists(UserError):
    """Refusing to create a store over an existing one."""


@dataclass(frozen=True)
class CheckReport:
    """What ``qbr store check`` found."""

    problems: tuple[str, ...]
    schema_revision: str | None
    audit_entries: int
    audit_head: str
    document_bytes: int

    @property
    def ok(self) -> bool:
        return not self.problems


def _main_key(key: DataKey) -> bytes:
    return key.derive("store.db")


def _documents_key(key: DataKey) -> bytes:
    return key.derive("documents.db")


class Store:
    """An unlocked store. Use :meth:`create` or :meth:`open`; close when done."""

    def __init__(self, path: Path, key: DataKey) -> None:
        self.path = path
        self._key = key
        self.engine: Engine = make_engine(path / MAIN_DB, _main_key(key), MAIN_PROFILE)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.documents = DocumentStore(path / DOCUMENTS_DB, _documents_key(key))

    # -- lifecycle -------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        kind: StoreKind = StoreKind.PERSONAL,
        *,
        kdf: KdfParams | None = None,
    ) -> Store:
        """Create a new, empty store folder at ``path``."""
        if (path / KEY_FILE).exists() or (path / MAIN_DB).exists():
            raise StoreExists(
                Text(
                    f"{path} 已经是一个评审存储，未做任何修改。",
                    f"{path} already holds a review store; nothing was changed.",
                )
            )
        if path.exists() and any(path.iterdir()):
            raise StoreExists(
                Text(
                    f"{path} 不是空文件夹，请选择新的位置。",
                    f"{path} is not an empty folder; choose a new location.",
                )
            )
        path.mkdir(parents=True, exist_ok=True)
        key = create_key_file(path / KEY_FILE, passphrase, kdf)
        store = cls(path, key)
        migrate.upgrade(store.engine)
        with store.session() as session:
            session.add(Meta(key="kind", value=json.dumps(kind.value)))
            session.add(Meta(key="created_at", value=json.dumps(datetime.now(UTC).isoformat())))
            audit.record(session, actor="store", action="store.create", subject=kind.value)
        return store

    @classmethod
    def open(cls, path: Path, passphrase: str) -> Store:
        """Unlock an existing store. Nothing is written unless it is intact."""
        key = unlock_key_file(path / KEY_FILE, passphrase)
        _verify_read_only(path, key)
        store = cls(path, key)
        try:
            current = migrate.current_revision(store.engine)
            head = migrate.head_revision()
            if current != head:
                _refuse_newer(current, head)
                store.backup(automatic=True, reason="before-migration")
                migrate.upgrade(store.engine)
            store._maybe_auto_backup()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Drop the connections (and with them the keys SQLCipher holds)."""
        self.documents.close()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- units of work ---------------------------------------------------------------

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit at the end, roll back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def meta(self, key: str) -> object:
        with self.session() as session:
            row = session.get(Meta, key)
            return None if row is None else json.loads(row.value)

    def meta_keys(self) -> list[str]:
        with self.session() as session:
            return list(session.scalars(select(Meta.key)))

    @property
    def kind(self) -> StoreKind:
        return StoreKind(str(self.meta("kind")))

    @property
    def store_id(self) -> str:
        return self._key.store_id

    # -- maintenance -----------------------------------------------------------------

    def check(self) -> CheckReport:
        """Full integrity check of both database files and the audit chain."""
        problems: list[str] = []
        conn = connect_raw(self.path / MAIN_DB, _main_key(self._key), MAIN_PROFILE)
        try:
            problems += [f"store.db: {p}" for p in integrity_problems(conn)]
        finally:
            conn.close()
        problems += [f"documents.db: {p}" for p in self.documents.integrity_problems()]
        with self.session() as session:
            problems += audit.verify(session)
            head = audit.head(session)
            count = audit.count(session)
        revision = migrate.current_revision(self.engine)
        if revision != migrate.head_revision():
            problems.append(f"schema at {revision}, expected {migrate.head_revision()}")
        return CheckReport(tuple(problems), revision, count, head, self.documents.total_bytes())

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-wrap the data key; the databases are not rewritten."""
        self.backup(automatic=True, reason="before-passphrase-change")
        rewrap_key_file(self.path / KEY_FILE, self._key, new_passphrase)
        with self.session() as session:
            audit.record(session, actor="store", action="store.passphrase", subject=self.store_id)

    def backup(
        self, target: Path | None = None, *, automatic: bool = False, reason: str = "manual"
    ) -> Path:
        """An encrypted copy of the store (still needing the passphrase).

        Manual backups copy both databases; automatic ones copy the main database only,
        because document bytes are never changed or deleted once stored.
        """
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        prefix = "auto" if automatic else "backup"
        folder = target or self.path / BACKUPS / f"{prefix}-{stamp}-{reason}"
        folder.mkdir(parents=True, exist_ok=False)
        shutil.copy2(self.path / KEY_FILE, folder / KEY_FILE)
        dest = connect_raw(folder / MAIN_DB, _main_key(self._key), MAIN_PROFILE)
        source = self.engine.raw_connection()
        try:
            source.driver_connection.backup(dest)  # type: ignore[union-attr]
        finally:
            source.close()
            dest.close()
        if not automatic:
            self.documents.backup_to(folder / DOCUMENTS_DB, _documents_key(self._key))
        if automatic:
            self._prune_auto_backups()
        return folder

    def backups(self) -> list[Path]:
        """Backup folders inside the store, oldest first."""
        root = self.path / BACKUPS
        return sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []

    def _prune_auto_backups(self) -> None:
        autos = [p for p in self.backups() if p.name.startswith("auto-")]
        for old in autos[:-AUTO_BACKUPS_KEPT]:
            shutil.rmtree(old)

    def _maybe_auto_backup(self) -> None:
        autos = [p for p in self.backups() if p.name.startswith("auto-")]
        if autos:
            stamp = autos[-1].name.split("-")[1]
            last = datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            if datetime.now(UTC) - last < AUTO_BACKUP_EVERY:
                return
        self.backup(automatic=True, reason="rolling")


def _verify_read_only(path: Path, key: DataKey) -> None:
    """Check the main database read-only before anything may write to it."""
    if not (path / MAIN_DB).exists():
        raise StoreCorrupt(
            Text(
                f"{path} 中缺少 {MAIN_DB}，存储不完整。",
                f"{MAIN_DB} is missing from {path}; the store is incomplete.",
            )
        )
    conn = connect_raw(path / MAIN_DB, _main_key(key), MAIN_PROFILE, read_only=True)
    try:
        problems = integrity_problems(conn)
    except Exception as exc:
        problems = [str(exc)]
    finally:
        conn.close()
    if problems:
        raise StoreCorrupt(
            Text(
                f"存储文件已损坏（{problems[0]}），未做任何修改。请从 backups 中的备份恢复。",
                f"The store file is damaged ({problems[0]}); nothing was changed. "
                "Restore from a backup in the backups folder.",
            )
        )


def _refuse_newer(current: str | None, head: str) -> None:
    if current is not None and current > head:
        raise StoreCorrupt(
            Text(
                f"此存储由更新版本的程序创建（架构 {current}），请升级程序。",
                f"This store was made by a newer version (schema {current}); upgrade the app.",
            )
        )


__all__ = ["CheckReport", "Store", "StoreExists", "StoreKind"]
