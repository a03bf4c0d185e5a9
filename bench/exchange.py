"""Signed exchange benchmark: sheet export and signing, verification, and the leader's merge.

- export: a complete expert store exports a signed sheet — the first export in a fresh
  process (imports, font and signer set-up included) and warm ones after an edit each;
  the raw baseline is rendering the same sheet's PDF without signing;
- verify: one signed sheet checked as on import (signature, chain, content rules);
- merge: the group table for 80 members' sheets × 300 dossiers, built in memory from
  sheets as the ledger hands them over; the baseline is one pass summing every total.

Run by ``bench.run``; ``python -m bench.exchange WORK`` prints one JSON document.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _median(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": round(ordered[len(ordered) // 2], 2),
        "min": round(ordered[0], 2),
        "max": round(ordered[-1], 2),
    }


def export_and_verify(work: Path, repeat: int) -> dict[str, Any]:
    from app.demo.round import PERSONAL_PASSPHRASE, build_demo_round
    from app.scoring.service import ReviewService
    from app.sheets.build import build_sheet
    from app.sheets.export import export_sheet
    from app.sheets.render import render_sheet
    from app.sheets.verify import verify_sheet
    from app.store.keyring import cheap_kdf_params
    from app.store.store import Store

    demo = build_demo_round(work / "demo", kdf=cheap_kdf_params())
    with Store.open(demo.stores["leader"], PERSONAL_PASSPHRASE) as store:
        service = ReviewService(store)
        start = time.perf_counter()
        first = export_sheet(store, work / "sheet-1.pdf")
        first_ms = _ms(start)
        warm, render = [], []
        for number in range(repeat):
            summary = service.dossiers()[0]
            record = service.record(summary.id)
            service.save(record.with_comment(None, record.overall_comment + f"（补充{number}）"))
            start = time.perf_counter()
            export_sheet(store, work / f"sheet-{number + 2}.pdf")
            warm.append(_ms(start))
            sheet = build_sheet(store)
            start = time.perf_counter()
            render_sheet(sheet)
            render.append(_ms(start))
        with store.session() as session:
            from app.scoring.queries import round_row

            ca = round_row(session).ca_certificate
    data = first.path.read_bytes()
    checks = []
    for _ in range(repeat):
        start = time.perf_counter()
        verify_sheet(data, ca_certificate_pem=ca)
        checks.append(_ms(start))
    return {
        "dossiers_on_sheet": first.dossiers,
        "first_export_sign_ms": round(first_ms, 1),
        "warm_export_sign_ms": _median(warm),
        "raw_render_unsigned_ms": _median(render),
        "verify_sheet_ms": _median(checks),
    }


def merge(members: int, dossiers: int) -> dict[str, Any]:
    from app.consolidation.table import AssignedDossier, consolidate
    from app.models.round import ConsolidationRule, Group, Person, Role, Round, Stage
    from app.models.scheme import load_scheme
    from app.sheets.payload import GENESIS, ScoreSheet, SheetEntry

    scheme = load_scheme()
    rnd = Round("r", "基准", 2024, Stage.MATERIAL, scheme, 30, ConsolidationRule())
    group = Group("g", "基准组")
    people = [Person(f"p{i}", f"专家{i}", "单位", Role.EXPERT, "g") for i in range(members)]
    assigned = [AssignedDossier(f"d{i}", i + 1, f"企业{i}", "经验") for i in range(dossiers)]
    rng = random.Random(7)
    sheets = []
    for person in people:
        entries = []
        for d in assigned:
            scores = {
                a.key: Decimal(rng.randint(int(a.points), int(a.points) * 2)) / 2
                for a in scheme.aspects
            }
            total = sum(scores.values(), Decimal(0))
            entries.append(
                SheetEntry(d.id, d.seq, d.enterprise, d.title, False, scores=scores, total=total)
            )
        sheets.append(
            ScoreSheet(
                f"r:material:{person.id}", 1, GENESIS, "r", "基准", 2024, "material", "g",
                "基准组", person.id, person.name, "单位", scheme.to_dict(), "", "", tuple(entries),
            )
        )  # fmt: skip
    start = time.perf_counter()
    table = consolidate(rnd, group, people, sheets, assigned)
    merge_ms = _ms(start)
    start = time.perf_counter()
    sum(sum(e.scores.values(), Decimal(0)) for s in sheets for e in s.entries)
    raw_ms = _ms(start)
    return {
        "members": members,
        "dossiers": dossiers,
        "merge_ms": round(merge_ms, 1),
        "raw_sum_all_scores_ms": round(raw_ms, 1),
        "ranked": sum(1 for line in table.lines if line.rank is not None),
    }


def run(work: Path, quick: bool) -> dict[str, Any]:
    """Run in a fresh process, so the first export really is the first."""
    command = [sys.executable, "-m", "bench.exchange", str(work)] + (["--quick"] if quick else [])
    out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"the exchange benchmark failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    work = Path(sys.argv[1])
    quick = "--quick" in sys.argv
    work.mkdir(parents=True, exist_ok=True)
    result = {
        "sheet": export_and_verify(work, 3 if quick else 9),
        "merge": merge(20 if quick else 80, 60 if quick else 300),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
