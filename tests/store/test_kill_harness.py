"""Power-cut safety: kill -9 a writer at random moments, many times.

Every write the child acknowledged (printed after commit) must be there after
reopening, and both SQLCipher files must pass integrity_check and
cipher_integrity_check.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.store import audit
from app.store.keyring import cheap_kdf_params
from app.store.store import Store, StoreKind
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
KILLS = 25


@pytest.mark.slow
def test_kill_minus_nine_never_loses_acknowledged_writes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    Store.create(path, PASSPHRASE, StoreKind.PERSONAL, kdf=cheap_kdf_params()).close()
    rng = random.Random(20261121)
    acknowledged: list[int] = []
    next_index = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(KILLS):
        child = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "tests/store/kill_writer.py"),
                str(path),
                PASSPHRASE,
                str(next_index),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # the store is open and writing
        assert first.strip(), "the writer did not start"
        acknowledged.append(int(first))
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        acknowledged += [int(line) for line in out.split()]
        next_index = acknowledged[-1] + 1

        store = Store.open(path, PASSPHRASE)
        try:
            keys = {k for k in store.meta_keys() if k.startswith("ack-")}
            missing = [i for i in acknowledged if f"ack-{i}" not in keys]
            assert not missing, f"acknowledged writes lost: {missing[:5]}"
        finally:
            store.close()

    store = Store.open(path, PASSPHRASE)
    try:
        report = store.check()
        assert report.ok, report.problems
        with store.session() as session:
            assert audit.verify(session) == []
        assert len(acknowledged) > KILLS
    finally:
        store.close()
