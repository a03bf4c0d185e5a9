"""Run the benchmarks and print a table; also writes bench/results/latest.json.

    ./dev bench            (or: python -m bench.run [--quick])

Each figure stands next to a raw baseline measured in the same run on the same data,
so the ratio says what the product's own layers cost on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from app.store.database import MAIN_PROFILE, connect_raw
from app.store.keyring import cheap_kdf_params
from app.store.store import Store, StoreKind

RESULTS = Path(__file__).resolve().parent / "results"
PASSPHRASE = "benchmark passphrase"


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _summary(times: list[float], scale: float = 1000.0) -> dict[str, float]:
    return {
        "median": round(statistics.median(times) * scale, 2),
        "min": round(min(times) * scale, 2),
        "max": round(max(times) * scale, 2),
    }


def bench_unlock(work: Path) -> dict[str, Any]:
    """Store.open with the production Argon2id cost, against the bare KDF and SQLCipher open."""
    from app.store.keyring import KdfParams, derive_wrapping_key

    path = work / "unlock-store"
    Store.create(path, PASSPHRASE, StoreKind.PERSONAL).close()
    opened = _timed(lambda: Store.open(path, PASSPHRASE).close(), 5)
    kdf = _timed(lambda: derive_wrapping_key(PASSPHRASE, b"0" * 16, KdfParams()), 5)
    return {"unlock_ms": _summary(opened), "raw_argon2id_ms": _summary(kdf)}


def bench_document_read(work: Path, megabytes: int) -> dict[str, Any]:
    """Reading a stored document back, against a plain file and SQLCipher's default pages."""
    payload = os.urandom(1 << 20) * megabytes
    size_mb = len(payload) / 1e6
    store = Store.create(work / "doc-store", PASSPHRASE, StoreKind.PERSONAL, kdf=cheap_kdf_params())
    sha = store.documents.put(payload)
    app_times = _timed(lambda: store.documents.get(sha), 5)
    stream_times = _timed(lambda: sum(len(c) for c in store.documents.iter_chunks(sha)), 5)
    store.close()

    plain = work / "plain.bin"
    plain.write_bytes(payload)
    plain_times = _timed(plain.read_bytes, 5)

    default = work / "default-profile.db"
    conn = connect_raw(default, os.urandom(32), MAIN_PROFILE)
    conn.execute("CREATE TABLE chunks (seq INTEGER PRIMARY KEY, data BLOB)")
    conn.execute("BEGIN")
    for seq, start in enumerate(range(0, len(payload), 1 << 20)):
        conn.execute("INSERT INTO chunks VALUES (?, ?)", (seq, payload[start : start + (1 << 20)]))
    conn.execute("COMMIT")

    def read_default() -> bytes:
        return b"".join(r[0] for r in conn.execute("SELECT data FROM chunks ORDER BY seq"))

    default_times = _timed(read_default, 5)
    conn.close()
    return {
        "document_mb": round(size_mb, 1),
        "app_read_mb_s": round(size_mb / statistics.median(app_times), 1),
        "app_stream_mb_s": round(size_mb / statistics.median(stream_times), 1),
        "raw_file_read_mb_s": round(size_mb / statistics.median(plain_times), 1),
        "sqlcipher_default_pages_mb_s": round(size_mb / statistics.median(default_times), 1),
    }


def bench_import(work: Path) -> dict[str, Any]:
    """Importing the demo batch (inspection in the worker included), against reading it."""
    from app.demo.batch import build_demo_batch
    from app.documents.worker import DocumentWorker
    from app.secretariat import roster
    from app.secretariat.importing import import_batch

    batch = build_demo_batch(work / "batch")
    files = [p for p in batch.root.rglob("*") if p.is_file()]
    raw = _timed(lambda: [p.read_bytes() for p in files], 3)
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    store = Store.create(work / "ws", PASSPHRASE, StoreKind.WORKSPACE, kdf=cheap_kdf_params())
    roster.init_round(store, name="bench", year=2024)
    with DocumentWorker() as worker:
        report = import_batch(store, batch.root, worker)
        rerun = import_batch(store, batch.root, worker)
    store.close()
    return {
        "batch_mb": round(size_mb, 1),
        "dossiers": len(report.added),
        "import_mb_s": round(report.bytes / 1e6 / report.seconds, 1),
        "import_seconds": round(report.seconds, 2),
        "reimport_unchanged_seconds": round(rerun.seconds, 2),
        "raw_read_mb_s": round(size_mb / statistics.median(raw), 1),
    }


def _print(results: dict[str, Any]) -> None:
    for section, figures in results["benchmarks"].items():
        print(f"\n{section}")
        for key, value in figures.items():
            if isinstance(value, dict):
                value = f"{value['median']} (min {value['min']}, max {value['max']})"
            print(f"  {key:<32} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller data, for a smoke run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qbr-bench-"))
    try:
        results = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "sqlcipher": sqlcipher3.sqlite_version,
            },
            "benchmarks": {
                "unlock": bench_unlock(work),
                "document_read": bench_document_read(work, 16 if args.quick else 200),
                "import": bench_import(work),
            },
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    _print(results)
    print(f"\nwritten to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
