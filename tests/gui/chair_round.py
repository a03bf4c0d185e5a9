"""The chair's store ready for review, made from the GUI tests' demo round.

王建国 (chair) has his own store from his assignment package; both groups' leaders have
signed their reports (the 服务业与数字化专业组's leader moved one dossier onto the list
with a reason), and the reports wait as files in ``demo.reports``. One template store has
nothing imported yet; another has both reports applied through the core, so tests of the
table need not import them again. The demo's own stores stay untouched.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from app.chair.ledger import import_reports
from app.chair.service import ChairService
from app.chair.table import ChairLine, ChairTable
from app.demo.round import PERSONAL_PASSPHRASE, DemoRound
from app.scoring.queries import round_row
from app.store.store import Store


@dataclass(frozen=True)
class ChairRound:
    """Closed templates of the chair's store and the files the chair receives."""

    fresh: Path  # the chair's store with no report imported
    received: Path  # the chair's store with both groups' reports applied
    reports: Path  # both groups' signed reports (PDF + XLSX)
    sheet: Path  # an expert's signed score sheet: the chair must refuse it
    ca_pem: bytes  # the round CA: the only trust root of the signed list

    def copy(self, template: Path, target: Path) -> Path:
        """A fresh copy of one of the templates, for one test to change."""
        shutil.copytree(template, target)
        return target


def build_chair_round(demo: DemoRound, root: Path) -> ChairRound:
    """Copy the chair's store twice and import the reports into the second copy."""
    fresh = shutil.copytree(demo.stores["chair"], root / "fresh")
    received = shutil.copytree(demo.stores["chair"], root / "received")
    with Store.open(received, PERSONAL_PASSPHRASE) as store:
        results = import_reports(store, [demo.reports])
        assert [r.verdict for r in results] == ["applied", "applied"]
        with store.session() as session:
            ca = round_row(session).ca_certificate
    sheet = next(p for p in sorted(demo.sheets.glob("*.pdf")) if "被改动" not in p.name)
    return ChairRound(Path(fresh), Path(received), demo.reports, sheet, ca)


def chair_table(store_path: Path) -> ChairTable:
    """What a second, independent opening of the store holds."""
    with Store.open(store_path, PERSONAL_PASSPHRASE) as store:
        return ChairService(store).table()


def ranked(table: ChairTable, group_number: int, rank: int) -> ChairLine:
    """The dossier ranked ``rank`` in the ``group_number``-th group (name order)."""
    part = table.groups[group_number]
    return next(x for x in part.lines if x.line.rank == rank)
