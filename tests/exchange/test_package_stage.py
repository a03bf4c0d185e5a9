"""Packages of the defense stage: only the shortlisted dossiers, and the store follows them."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from app.demo.round import GROUPS, PERSONAL_PASSPHRASE, SECRETARIAT_PASSPHRASE
from app.errors import InputRefused
from app.exchange.envelope import read_label
from app.exchange.package import PACKAGE_KIND
from app.exchange.package_import import import_package
from app.models.round import Stage
from app.scoring.record import ReviewRecord
from app.scoring.service import ReviewService
from app.secretariat.next_stage import advance_stage
from app.secretariat.packaging import IssuedPackage, IssuedPackages, issue_packages
from app.store.schema import AssignmentRow, ReviewRecordRow
from app.store.store import Store
from tests.secretariat.signed_lists import Workspace, build_workspace, make_shortlist, write_list

EXPERT = "张伟"  # the demo's opened expert, of its first group


@dataclass(frozen=True)
class Issued:
    ws: Workspace
    defense: IssuedPackages  # after the round moved on
    material: IssuedPackages  # a fresh issue from the workspace as it was


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    root = tmp_path_factory.mktemp("package-stage")
    ws = build_workspace(root / "demo")
    shortlist = write_list(root / "list.pdf", ws.demo.stores["chair"], make_shortlist(ws))
    advanced, before = root / "advanced", root / "before"
    shutil.copytree(ws.demo.workspace, advanced)
    shutil.copytree(ws.demo.workspace, before)
    with Store.open(advanced, SECRETARIAT_PASSPHRASE) as store:
        assert advance_stage(store, shortlist).stage == "defense"
        defense = issue_packages(store, root / "defense-packages")
    with Store.open(before, SECRETARIAT_PASSPHRASE) as store:
        material = issue_packages(store, root / "material-packages")
    return Issued(ws, defense, material)


def _package(packages: IssuedPackages, person: str) -> IssuedPackage:
    return next(p for p in packages.packages if p.person == person)


def _expert_group(ws: Workspace) -> str:
    return next(g for g, name in ws.groups.items() if name == GROUPS[0])


def test_defense_packages_carry_only_the_shortlisted_dossiers(issued: Issued) -> None:
    ws = issued.ws
    for package in issued.defense.packages:
        assert read_label(package.file, kind=PACKAGE_KIND)["stage"] == "defense"
        if package.role == "chair":
            assert package.dossiers == len(ws.on_list)
        else:
            assert package.dossiers == len(ws.on_list) // len(ws.groups)
    assert _package(issued.material, EXPERT).dossiers > _package(issued.defense, EXPERT).dossiers


def test_a_defense_package_narrows_the_experts_store_and_keeps_the_earlier_records(
    issued: Issued, tmp_path: Path
) -> None:
    ws = issued.ws
    path = tmp_path / "expert"
    shutil.copytree(ws.demo.stores["expert"], path)
    group = _expert_group(ws)
    mine = [d for d, g in ws.assignments.items() if g == group]
    with Store.open(path, PERSONAL_PASSPHRASE) as store:
        service = ReviewService(store)
        assert {d.id for d in service.dossiers()} == set(mine)
        for dossier_id in mine:  # a material-stage comment on each, on the list or not
            service.save(
                ReviewRecord(
                    dossier_id, Stage.MATERIAL, overall_comment=f"资料评审评语 {dossier_id[:6]}"
                )
            )

        package = _package(issued.defense, EXPERT)
        result = import_package(store, package.file, package.passphrase)

        assert result.changed and result.stage == "defense"
        assert result.dossiers == len(ws.listed(group))
        service = ReviewService(store)
        assert service.round().stage is Stage.DEFENSE
        assert [d.id for d in service.dossiers()] == ws.listed(group)
        with store.session() as s:
            assigned = {a.dossier_id: a.group_id for a in s.scalars(select(AssignmentRow))}
            kept = {
                r.dossier_id: r.overall_comment
                for r in s.scalars(
                    select(ReviewRecordRow).where(ReviewRecordRow.stage == Stage.MATERIAL.value)
                )
            }
        assert assigned == {d: group for d in ws.listed(group)}
        assert set(kept) == set(mine)  # the material stage's records all stay
        assert all(text.startswith("资料评审评语") for text in kept.values())

        again = import_package(store, package.file, package.passphrase)
        assert not again.changed
        older = _package(issued.material, EXPERT)
        with pytest.raises(InputRefused) as caught:
            import_package(store, older.file, older.passphrase)
        assert "更旧" in caught.value.render("zh")
        assert ReviewService(store).round().stage is Stage.DEFENSE
        assert [d.id for d in ReviewService(store).dossiers()] == ws.listed(group)
