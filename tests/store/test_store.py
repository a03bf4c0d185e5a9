"""The encrypted store: unlock, wrong passphrase, corruption, canary, backups."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.errors import StoreCorrupt, WrongPassphrase
from app.store import audit, database, migrate
from app.store.keyring import cheap_kdf_params
from app.store.schema import Meta
from app.store.store import Store, StoreExists, StoreKind
from tests.conftest import PASSPHRASE

CANARY = "机密评语-CANARY-7f3a9c"


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _all_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_canary_never_reaches_disk_in_plaintext(store: Store, store_path: Path) -> None:
    with store.session() as session:
        session.add(Meta(key="canary", value=f'"{CANARY}"'))
        audit.record(session, actor="t", action="canary", subject=CANARY, detail={"c": CANARY})
    store.documents.put(CANARY.encode() * 1000)
    store.backup()
    store.close()
    disk = _all_bytes(store_path)
    for encoding in ("utf-8", "utf-16-le", "gbk"):
        assert CANARY.encode(encoding, errors="ignore") not in disk
    assert b"CANARY" not in disk
    reopened = Store.open(store_path, PASSPHRASE)
    assert reopened.meta("canary") == CANARY
    reopened.close()


def test_wrong_passphrase_is_refused_and_leaves_files_identical(
    store: Store, store_path: Path
) -> None:
    store.close()
    before = _tree_digest(store_path)
    with pytest.raises(WrongPassphrase) as caught:
        Store.open(store_path, "not the passphrase")
    assert "口令不正确" in caught.value.render("zh")
    assert "wrong" in caught.value.render("en")
    assert _tree_digest(store_path) == before


@pytest.mark.parametrize("damage", ["flip", "truncate", "zero-page"])
def test_corrupted_store_is_detected_and_not_written(
    store: Store, store_path: Path, damage: str
) -> None:
    with store.session() as session:
        for i in range(200):
            session.add(Meta(key=f"k{i}", value='"' + "x" * 500 + '"'))
    store.close()
    db = store_path / "store.db"
    data = bytearray(db.read_bytes())
    assert len(data) > 8 * 4096
    if damage == "flip":
        data[5 * 4096 + 100] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) // 2 + 1000]
    else:
        data[4096 : 2 * 4096] = bytes(4096)
    db.write_bytes(bytes(data))
    for extra in ("store.db-wal", "store.db-shm"):
        (store_path / extra).unlink(missing_ok=True)
    before = db.read_bytes()
    with pytest.raises(StoreCorrupt) as caught:
        Store.open(store_path, PASSPHRASE)
    assert "损坏" in caught.value.render("zh")
    assert db.read_bytes() == before


def test_missing_key_file_is_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreCorrupt) as caught:
        Store.open(tmp_path / "empty", PASSPHRASE)
    assert "key.json" in caught.value.render("en")


def test_create_refuses_existing_store(store: Store, store_path: Path) -> None:
    with pytest.raises(StoreExists):
        Store.create(store_path, PASSPHRASE, kdf=cheap_kdf_params())


def test_short_passphrase_refused(tmp_path: Path) -> None:
    with pytest.raises(WrongPassphrase) as caught:
        Store.create(tmp_path / "s", "short", kdf=cheap_kdf_params())
    assert "至少" in caught.value.render("zh")


def test_change_passphrase(store: Store, store_path: Path) -> None:
    store.change_passphrase("a brand new passphrase")
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.open(store_path, PASSPHRASE)
    reopened = Store.open(store_path, "a brand new passphrase")
    assert reopened.kind is StoreKind.PERSONAL
    assert reopened.check().ok
    reopened.close()


def test_backup_opens_with_the_passphrase(store: Store, store_path: Path) -> None:
    with store.session() as session:
        session.add(Meta(key="before", value='"1"'))
    sha = store.documents.put(b"%PDF-1.7 document bytes")
    folder = store.backup()
    copy = Store.open(folder, PASSPHRASE)
    assert copy.meta("before") == "1"
    assert copy.documents.get(sha) == b"%PDF-1.7 document bytes"
    copy.close()


def test_rolling_backups_are_pruned(store: Store) -> None:
    for _ in range(8):
        store.backup(automatic=True, reason="rolling")
    autos = [p for p in store.backups() if p.name.startswith("auto-")]
    assert len(autos) == 5


def test_check_reports_clean_store(store: Store) -> None:
    report = store.check()
    assert report.ok, report.problems
    assert report.schema_revision == migrate.head_revision()
    assert report.audit_entries == 1


def test_audit_log_refuses_edits_and_detects_tampering(store: Store) -> None:
    with store.session() as session:
        audit.record(session, actor="expert", action="score", subject="d1", detail={"v": 1})
        audit.record(session, actor="expert", action="score", subject="d1", detail={"v": 2})
    with pytest.raises(Exception, match="append-only"), store.session() as session:
        session.execute(text("UPDATE audit_log SET detail = '{}' WHERE seq = 2"))
    with pytest.raises(Exception, match="append-only"), store.session() as session:
        session.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    # Someone with the key who drops the trigger still cannot rewrite history unseen.
    with store.session() as session:
        session.execute(text("DROP TRIGGER audit_log_no_update"))
        session.execute(text("UPDATE audit_log SET detail = '{\"v\": 9}' WHERE seq = 2"))
    with store.session() as session:
        problems = audit.verify(session)
    assert any("entry 2 was altered" in p for p in problems)


def test_driver_without_encryption_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class PlainSqlite:
        DatabaseError = sqlite3.DatabaseError

        @staticmethod
        def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
            return sqlite3.connect(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database, "sqlcipher3", PlainSqlite)
    with pytest.raises(database.NotSqlCipher) as caught:
        database.connect_raw(tmp_path / "plain.db", bytes(32), database.MAIN_PROFILE)
    assert "SQLCipher" in caught.value.render("en")


def test_documents_are_content_addressed_and_streamed(store: Store) -> None:
    payload = bytes(range(256)) * 20_000  # ~5 MB, several chunks
    sha = store.documents.put(payload)
    assert store.documents.put(payload) == sha
    pieces = [payload[i : i + 333_333] for i in range(0, len(payload), 333_333)]
    assert store.documents.put_stream(iter(pieces)) == sha
    assert store.documents.get(sha) == payload
    assert b"".join(store.documents.iter_chunks(sha)) == payload
    assert store.documents.total_bytes() == len(payload)
    other = store.documents.put_stream(iter([b"abc", b"def"]))
    assert store.documents.get(other) == b"abcdef"
