"""The demo's scoring: members of the first group score their dossiers and send signed sheets.

So that the leader's side of the demo has something real to merge: 张伟, 刘芳 and 陈静 each
score in a store of their own (made from their own package, then thrown away), with
scores that differ the way real reviewers do — one stricter, one kinder, one dossier
they disagree on — and export a signed score sheet into ``sheets/``. One copy of a sheet
is altered after signing, so importing the folder shows a rejection with its reason.
The leader's own store gets his scores too, not yet exported: exporting his sheet
(Ctrl+E) is his first step in the demo.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from app.scoring.citations import citation_text
from app.scoring.service import ReviewService
from app.store.keyring import KdfParams
from app.store.store import Store, StoreKind

# Each reviewer's leaning: added to every aspect's share of its points. The second group
# scores harder than the first, which the chair's calibration view shows.
LEANING = {
    "张伟": Decimal("-0.04"),
    "刘芳": Decimal("0.03"),
    "赵磊": Decimal("-0.06"),
    "孙丽": Decimal("-0.03"),
    "周强": Decimal("-0.09"),
    "吴敏": Decimal("-0.01"),
}
# How good each dossier (by position in the group) is, as a share of the points.
QUALITY = (Decimal("0.86"), Decimal("0.78"), Decimal("0.9"), Decimal("0.66"), Decimal("0.82"))
DISPUTED = 3  # the dossier 陈静 rates far above the others: the demo's disagreement flag

OVERALL = {
    True: "方法体系完整，实施多年且数据充分，与行业标杆对比清晰，经验可复制推广。",
    False: "方法有一定特色，但系统性论证和三年对比数据不足，示范价值有限。",
}


def _score(points: Decimal, share: Decimal, step: Decimal) -> Decimal:
    raw = max(Decimal(0), min(points, points * share))
    return (raw / step).to_integral_value() * step


def score_all(store: Store, reviewer: str) -> int:
    """Score every dossier the store's owner may score; how many were scored."""
    service = ReviewService(store)
    scheme = service.round().scheme
    scored = 0
    for position, summary in enumerate(service.dossiers()):
        record = service.record(summary.id)
        if record.conflict:
            continue
        share = QUALITY[position % len(QUALITY)] + LEANING.get(reviewer, Decimal(0))
        if reviewer == "陈静" and position == DISPUTED:
            share += Decimal("0.25")
        for number, aspect in enumerate(scheme.aspects):
            wobble = Decimal((number * 7 + position * 3 + len(reviewer)) % 5 - 2) / 100
            record = record.with_score(
                aspect.key, _score(aspect.points, share + wobble, scheme.step)
            )
        detail = service.dossier(summary.id)
        recommended = share >= Decimal("0.8")
        comment = OVERALL[recommended]
        if detail.documents:
            comment += citation_text(detail.documents[0].name, 1)
        record = record.with_comment(None, comment).with_recommendation(recommended)
        service.save(record)
        scored += 1
    return scored


def send_sheets(
    packages: list[tuple[str, Path, str]], sheets: Path, *, kdf: KdfParams | None
) -> list[Path]:
    """Each (person, package, passphrase) scores in a scratch store and exports a signed sheet."""
    from app.exchange.package_import import import_package
    from app.sheets.export import export_sheet

    sheets.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="qbr-demo-") as scratch:
        for person, package, passphrase in packages:
            with Store.create(
                Path(scratch) / person, "demo scratch store", StoreKind.PERSONAL, kdf=kdf
            ) as store:
                import_package(store, package, passphrase)
                score_all(store, person)
                stage = ReviewService(store).round().stage.label
                target = sheets / f"评分表-{person}-{stage}.pdf"
                export_sheet(store, target)
                written.append(target)
    return written


def send_report(
    leader: tuple[str, Path, str],
    member_sheets: list[Path],
    reports: Path,
    *,
    kdf: KdfParams | None,
    change: str | None = None,
) -> Path:
    """A leader scores in a scratch store, takes in the members' sheets and signs the report.

    ``change`` is a reason with which the leader puts the best dossier below the cut on
    the group's list, so the chair sees a leader's change.
    """
    from app.consolidation.export import export_group_report
    from app.consolidation.service import GroupService
    from app.exchange.package_import import import_package
    from app.sheets.export import export_sheet
    from app.sheets.ledger import import_sheets

    person, package, passphrase = leader
    reports.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="qbr-demo-") as scratch,
        Store.create(
            Path(scratch) / "store", "demo scratch store", StoreKind.PERSONAL, kdf=kdf
        ) as store,
    ):
        import_package(store, package, passphrase)
        score_all(store, person)
        export_sheet(store, Path(scratch) / "own.pdf")
        import_sheets(store, member_sheets)
        service = GroupService(store)
        table = service.table()
        if change is not None:
            below = sorted(
                (x for x in table.lines if x.rank is not None and not x.computed),
                key=lambda x: x.rank or 0,
            )
            if below:
                service.change_shortlist(below[0].dossier.id, True, change)
                table = service.table()
        stage = ReviewService(store).round().stage.label
        target = reports / f"汇总表-{table.group.name}-{stage}.pdf"
        export_group_report(store, target, target.with_suffix(".xlsx"))
    return target


def tampered_copy(sheet: Path) -> Path:
    """A copy of a signed sheet with one byte changed inside the signed range."""
    data = bytearray(sheet.read_bytes())
    marker = data.find(b"/Contents", len(data) // 3)
    spot = len(data) // 2 if marker < 0 else marker // 2
    data[spot] ^= 0x20
    target = sheet.with_name(sheet.stem + "（被改动）.pdf")
    target.write_bytes(bytes(data))
    return target
