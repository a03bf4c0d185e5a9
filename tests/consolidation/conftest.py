"""A real group at the consolidation step, built once: the demo round, scored and signed.

李明华 (leader), 张伟 and 刘芳 score the 制造业专业组's six dossiers in their own stores and
export signed sheets; 李明华's store imports the members' sheets through the ledger. 陈静
sends nothing. 刘芳 has the secretariat's conflict on the first dossier. Each test opens
its own copy of a closed template store.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

import pytest

from app.demo.round import PERSONAL_PASSPHRASE, build_demo_round
from app.exchange.package_import import import_package
from app.models.scheme import Scheme
from app.scoring.queries import round_row
from app.scoring.record import ReviewRecord
from app.scoring.service import ReviewService
from app.sheets.export import export_sheet
from app.sheets.ledger import APPLIED, import_sheets
from app.store.keyring import cheap_kdf_params
from app.store.store import Store, StoreKind

# Totals by 序号 for 李明华, 张伟, 刘芳 (None: 刘芳's conflict). K = 3 in the demo round.
TOTALS: dict[int, tuple[int, int, int | None]] = {
    1: (85, 80, None),  # 82.50, rank 2
    2: (88, 70, 86),  # 81.33, rank 3, totals spread 18 > 15
    3: (92, 90, 91),  # 91.00, rank 1
    4: (75, 78, 72),  # 75.00, rank 5
    5: (60, 65, 62),  # 62.33, rank 6
    6: (80, 82, 81),  # 81.00, rank 4
}
SCORERS = ("李明华", "张伟", "刘芳")


@dataclass(frozen=True)
class GroupStores:
    """Closed template stores and what the tests need to know about them."""

    leader: Path  # all sheets in: the leader's own and the two members' (applied)
    bare_leader: Path  # the leader's store before any sheet
    expert: Path  # 张伟's store
    ca_pem: bytes
    dossiers: dict[int, str]  # 序号 → dossier id
    sheet_files: tuple[Path, ...]


def proportional(total: Decimal, scheme: Scheme) -> dict[str, Decimal]:
    """Aspect scores on the scheme's step that add up to ``total``, in proportion to points."""
    step = scheme.step
    out = {
        a.key: ((a.points * total / scheme.total) / step).to_integral_value(ROUND_FLOOR) * step
        for a in scheme.aspects
    }
    left = total - sum(out.values(), Decimal(0))
    while left > 0:
        for a in scheme.aspects:
            if left > 0 and out[a.key] + step <= a.points:
                out[a.key] += step
                left -= step
    return out


def _score_and_export(store: Store, column: int, target: Path) -> Path:
    service = ReviewService(store)
    rnd = service.round()
    for dossier in service.dossiers():
        value = TOTALS[dossier.seq][column]
        if value is None:
            continue  # the secretariat's conflict: the record is complete as it is
        record = ReviewRecord(
            dossier.id,
            rnd.stage,
            scores=proportional(Decimal(value), rnd.scheme),
            overall_comment=f"{SCORERS[column]}对序号 {dossier.seq} 的总体评语。",
            recommendation=value >= 80,
        )
        service.save(record)
    export_sheet(store, target)
    return target


def _open_new(path: Path, package: Path, passphrase: str) -> Store:
    store = Store.create(path, PERSONAL_PASSPHRASE, StoreKind.PERSONAL, kdf=cheap_kdf_params())
    import_package(store, package, passphrase)
    return store


@pytest.fixture(scope="session")
def group_stores(tmp_path_factory: pytest.TempPathFactory) -> GroupStores:
    root = tmp_path_factory.mktemp("group")
    demo = build_demo_round(root / "demo", kdf=cheap_kdf_params())
    listing = (demo.packages / "passphrases.txt").read_text(encoding="utf-8")
    entries = {e[1]: e for e in (line.split("\t") for line in listing.splitlines()) if len(e) == 3}
    bare = root / "bare-leader"
    shutil.copytree(demo.stores["leader"], bare)
    sheets = root / "sheets"
    with Store.open(demo.stores["expert"], PERSONAL_PASSPHRASE) as zhang:
        zhang_pdf = _score_and_export(zhang, 1, sheets / "张伟.pdf")
    file_name, _, passphrase = entries["刘芳"]
    with _open_new(root / "liu", demo.packages / file_name, passphrase) as liu:
        liu_pdf = _score_and_export(liu, 2, sheets / "刘芳.pdf")
    with Store.open(demo.stores["leader"], PERSONAL_PASSPHRASE) as leader:
        _score_and_export(leader, 0, sheets / "李明华.pdf")
        results = import_sheets(leader, [zhang_pdf, liu_pdf])
        assert [r.verdict for r in results] == [APPLIED, APPLIED], [r.reason for r in results]
        dossiers = {d.seq: d.id for d in ReviewService(leader).dossiers()}
        with leader.session() as session:
            ca = round_row(session).ca_certificate
    return GroupStores(
        demo.stores["leader"], bare, demo.stores["expert"], ca, dossiers, (zhang_pdf, liu_pdf)
    )


def open_copy(template: Path, target: Path) -> Store:
    shutil.copytree(template, target)
    return Store.open(target, PERSONAL_PASSPHRASE)


@pytest.fixture
def leader_store(group_stores: GroupStores, tmp_path: Path) -> Iterator[Store]:
    with open_copy(group_stores.leader, tmp_path / "leader") as store:
        yield store
