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
import subprocess
import sys
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

ROOT = Path(__file__).resolve().parent.parent
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


def bench_viewer(work: Path, quick: bool) -> dict[str, Any]:
    """Viewing and search through the real main window, in a process of its own."""
    from bench.viewer_data import build_viewer_data

    data = build_viewer_data(
        work / "viewer",
        text_pages=100 if quick else 500,
        scan_mb=20 if quick else 150,
        dossiers=30 if quick else 36,
    )
    spec = work / "viewer.json"
    spec.write_text(json.dumps(data.to_json()), encoding="utf-8")
    command = [sys.executable, "-m", "bench.viewer", str(spec)] + (["--quick"] if quick else [])
    out = subprocess.run(command, capture_output=True, text=True, env=_gui_env(work), cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"the viewer benchmark failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _gui_env(work: Path) -> dict[str, str]:
    """Offscreen Qt, and preferences in the work folder rather than the user's own."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(work / "cfg")}


def bench_cold_start(work: Path, store: Path, runs: int) -> dict[str, Any]:
    """Process start → unlock dialog shown, by ``qbr gui``; beside a bare Qt dialog's start."""
    bare = (
        "import json, sys, time\n"
        "from PySide6.QtWidgets import QApplication, QDialog\n"
        "app = QApplication(sys.argv[:1]); d = QDialog(); d.show(); app.processEvents()\n"
        "print(json.dumps({'shown_ns': time.time_ns()}))\n"
    )

    def once(command: list[str]) -> tuple[float, dict[str, Any]]:
        start = time.time_ns()
        out = subprocess.run(
            command, capture_output=True, text=True, check=True, env=_gui_env(work), cwd=ROOT
        )
        report: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
        return (report["shown_ns"] - start) / 1e6, report

    app_runs = [once([sys.executable, "-m", "bench.cold_start", str(store)]) for _ in range(runs)]
    raw_runs = [once([sys.executable, "-c", bare])[0] for _ in range(runs)]
    app_times = [t for t, _ in app_runs]
    return {
        "cold_start_ms": _summary([t / 1000 for t in app_times]),
        "raw_qt_dialog_ms": _summary([t / 1000 for t in raw_runs]),
        "heavy_libraries_loaded_before_dialog": app_runs[-1][1]["heavy_loaded"],
    }


GOALS = {
    ("viewer", "text", "flip_ratio"): ("≤ 1.3× raw render (next page)", 1.3),
    ("viewer", "text", "jump_ratio"): ("≤ 1.3× raw render (far page)", 1.3),
    ("viewer", "scan", "jump_ratio"): ("≤ 1.3× raw render (far page)", 1.3),
    ("viewer", "scan", "app_first_page_ms"): ("≤ 800 ms", 800.0),
    ("viewer", "text", "app_flip_ms"): ("p95 ≤ 50 ms", 50.0),
    ("viewer", "search", "search_ms"): ("≤ 50 ms", 50.0),
    ("cold_start", "cold_start_ms"): ("≤ 1000 ms", 1000.0),
}


def _goal_lines(results: dict[str, Any]) -> list[str]:
    lines = []
    for path, (goal, limit) in GOALS.items():
        node: Any = results["benchmarks"]
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        statistic = "p95" if "p95" in goal else "median"
        value = node.get(statistic) if isinstance(node, dict) else node
        if value is None:
            continue
        verdict = "met" if value <= limit else "NOT met"
        lines.append(f"  {'.'.join(path[1:]):<40} {value:>10} {goal:<36} {verdict}")
    return lines


def _print_figures(name: str, figures: dict[str, Any], indent: str = "  ") -> None:
    for key, value in figures.items():
        if isinstance(value, dict) and "median" in value:
            extra = f", p95 {value['p95']}" if "p95" in value else ""
            value = f"{value['median']} (min {value['min']}, max {value['max']}{extra})"
        elif isinstance(value, dict):
            print(f"{indent}{key}")
            _print_figures(key, value, indent + "  ")
            continue
        print(f"{indent}{key:<40} {value}")


def _print(results: dict[str, Any]) -> None:
    for section, figures in results["benchmarks"].items():
        print(f"\n{section}")
        _print_figures(section, figures)
    print("\ngoals (reported, never asserted)")
    for line in _goal_lines(results):
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller data, for a smoke run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qbr-bench-"))
    try:
        results: dict[str, Any] = {
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
        viewer = bench_viewer(work, args.quick)
        results["benchmarks"]["viewer"] = viewer
        from bench import exchange

        results["benchmarks"]["exchange"] = exchange.run(work / "exchange", args.quick)
        results["benchmarks"]["cold_start"] = bench_cold_start(
            work, work / "viewer" / "viewer-store", 3 if args.quick else 9
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    _print(results)
    print(f"\nwritten to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
