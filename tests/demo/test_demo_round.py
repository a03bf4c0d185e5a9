"""The whole demo round: batch, workspace, formal review, packages and personal stores."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.demo.batch import build_demo_batch
from app.demo.round import OPENED, PERSONAL_PASSPHRASE, SECRETARIAT_PASSPHRASE, build_demo_round
from app.secretariat.checking import formal_review
from app.store.keyring import cheap_kdf_params
from app.store.schema import ConflictRow, DossierRow, IdentityRow, PersonRow
from app.store.store import Store


def test_demo_round_builds_every_role(tmp_path: Path) -> None:
    steps: list[str] = []
    demo = build_demo_round(
        tmp_path / "demo", say=lambda t: steps.append(t.zh), kdf=cheap_kdf_params()
    )
    assert len(steps) == 8
    expected = build_demo_batch(tmp_path / "expected")

    with Store.open(demo.workspace, SECRETARIAT_PASSPHRASE) as workspace:
        review = formal_review(workspace)
        found = {(f.rule_id, f.enterprise) for f in review.findings}
        assert found == set(expected.defects)
        assert review.dossiers_checked == len(expected.enterprises)
    assert demo.report.stat().st_size > 0
    assert len(list(demo.packages.glob("*.qbrpkg"))) == 9

    for role, person in OPENED.items():
        with Store.open(demo.stores[role], PERSONAL_PASSPHRASE) as store:
            assert store.check().ok
            with store.session() as session:
                owner = session.scalars(select(IdentityRow)).one()
                assert session.get(PersonRow, owner.person_id).name == person  # type: ignore[union-attr]
                dossiers = session.scalars(select(DossierRow)).all()
            expected_count = len(expected.enterprises) if role == "chair" else 6
            assert len(dossiers) == expected_count

    with Store.open(demo.stores["expert"], PERSONAL_PASSPHRASE) as expert, expert.session() as s:
        assert s.scalars(select(ConflictRow)).all() == []  # 张伟 has none; 刘芳 has one


def test_demo_sheets_and_reports_show_the_leader_and_the_chair_their_step(
    tmp_path: Path,
) -> None:
    """The members' sheets verify in the leader's store (the altered copy is refused); both
    groups' reports verify in the chair's, the second group scored harder, and its leader
    changed the list with a reason."""
    from app.chair.ledger import import_reports
    from app.chair.service import ChairService
    from app.scoring.service import ReviewService
    from app.sheets.ledger import import_sheets

    demo = build_demo_round(tmp_path / "demo", kdf=cheap_kdf_params())
    names = sorted(p.name for p in demo.sheets.glob("*.pdf"))
    assert len(names) == 4 and sum("被改动" in n for n in names) == 1
    with Store.open(demo.stores["leader"], PERSONAL_PASSPHRASE) as leader:
        verdicts = {r.file.name: (r.verdict, r.code) for r in import_sheets(leader, [demo.sheets])}
        assert ReviewService(leader).missing_overall() == []  # the leader's own scores are in
    refused = {n: v for n, v in verdicts.items() if v[0] != "applied"}
    assert list(refused.values()) == [("rejected", "signature_invalid")]
    assert "被改动" in next(iter(refused))

    reports = sorted(demo.reports.glob("*.pdf"))
    assert len(reports) == 2 and len(list(demo.reports.glob("*.xlsx"))) == 2
    with Store.open(demo.stores["chair"], PERSONAL_PASSPHRASE) as chair:
        results = import_reports(chair, [demo.reports])
        assert [r.verdict for r in results] == ["applied", "applied"]
        table = ChairService(chair).table()
    assert table.missing_groups == ()
    means = [part.distribution.mean for part in table.groups if part.distribution is not None]
    names = [part.group.name for part in table.groups]
    harder = names.index("服务业与数字化专业组")
    assert means[harder] is not None and means[1 - harder] is not None
    assert means[harder] < means[1 - harder] - 3
    changed = [x.line for x in table.lines if x.line.changed]
    assert len(changed) == 1 and changed[0].decision is not None
    assert changed[0].decision.reason
