"""Shared fixtures: real stores on disk with cheap key derivation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.store.keyring import cheap_kdf_params
from app.store.store import Store, StoreKind

PASSPHRASE = "correct horse battery"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    opened = Store.create(store_path, PASSPHRASE, StoreKind.PERSONAL, kdf=cheap_kdf_params())
    yield opened
    opened.close()
