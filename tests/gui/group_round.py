"""A leader's store ready to consolidate, made from the GUI tests' demo round.

李明华 (leader) scores the 制造业专业组's dossiers and exports his own signed sheet; 张伟 and
刘芳 do the same in their own stores, and their signed sheets wait as files for the
leader to import. 陈静 sends nothing. The scores are those of the consolidation tests
(``tests/consolidation/conftest.py``), so the figures are known.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.demo.round import PERSONAL_PASSPHRASE, DemoRound
from app.exchange.package_import import import_package
from app.scoring.queries import round_row
from app.scoring.record import ReviewRecord
from app.scoring.service import ReviewService
from app.sheets.export import export_sheet
from app.store.keyring import cheap_kdf_params
from app.store.store import Store, StoreKind
from tests.consolidation.conftest import SCORERS, TOTALS, proportional


@dataclass(frozen=True)
class GroupSheets:
    """A closed template of the leader's store and the members' signed sheets."""

    leader: Path  # the leader's own sheet signed; no member's sheet imported yet
    sheets: dict[str, Path]  # member's name → signed score sheet (PDF)
    ca_pem: bytes
    dossiers: dict[int, str]  # 序号 → dossier id


def score_and_export(store: Store, column: int, target: Path) -> Path:
    """Score every assigned dossier with the known totals and export the signed sheet."""
    service = ReviewService(store)
    rnd = service.round()
    for dossier in service.dossiers():
        value = TOTALS[dossier.seq][column]
        if value is None:
            continue  # 刘芳's conflict, declared by the secretariat
        service.save(
            ReviewRecord(
                dossier.id,
                rnd.stage,
                scores=proportional(Decimal(value), rnd.scheme),
                overall_comment=f"{SCORERS[column]}对序号 {dossier.seq} 的总体评语。",
                recommendation=value >= 80,
            )
        )
    export_sheet(store, target)
    return target


def build_group_sheets(demo: DemoRound, root: Path) -> GroupSheets:
    """Score in copies of the demo's stores (the demo itself stays untouched)."""
    listing = (demo.packages / "passphrases.txt").read_text(encoding="utf-8")
    entries = {e[1]: e for e in (line.split("\t") for line in listing.splitlines()) if len(e) == 3}
    sheets = root / "sheets"
    shutil.copytree(demo.stores["expert"], root / "zhang")
    with Store.open(root / "zhang", PERSONAL_PASSPHRASE) as zhang:
        zhang_pdf = score_and_export(zhang, 1, sheets / "张伟.pdf")
    file_name, _, passphrase = entries["刘芳"]
    with Store.create(
        root / "liu", PERSONAL_PASSPHRASE, StoreKind.PERSONAL, kdf=cheap_kdf_params()
    ) as liu:
        import_package(liu, demo.packages / file_name, passphrase)
        liu_pdf = score_and_export(liu, 2, sheets / "刘芳.pdf")
    shutil.copytree(demo.stores["leader"], root / "leader")
    with Store.open(root / "leader", PERSONAL_PASSPHRASE) as leader:
        score_and_export(leader, 0, root / "own" / "李明华.pdf")
        dossiers = {d.seq: d.id for d in ReviewService(leader).dossiers()}
        with leader.session() as session:
            ca = round_row(session).ca_certificate
    return GroupSheets(root / "leader", {"张伟": zhang_pdf, "刘芳": liu_pdf}, ca, dossiers)
