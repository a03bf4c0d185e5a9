"""Assignment packages from a workspace into personal stores (real files, real certificates)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from app.demo.defects import build_defect_batch
from app.documents.worker import DocumentWorker
from app.errors import InputRefused, WrongPassphrase
from app.exchange.package_import import import_package
from app.models.round import Role
from app.secretariat import assignment, roster
from app.secretariat.importing import import_batch
from app.secretariat.packaging import IssuedPackages, issue_packages
from app.signing.pki import certificate_person_id, load_certificate, verify_chain
from app.store.keyring import cheap_kdf_params
from app.store.schema import ConflictRow, DocumentRow, DossierRow, IdentityRow, PersonRow, RoundRow
from app.store.store import Store, StoreKind
from tests.conftest import PASSPHRASE


@dataclass(frozen=True)
class Issued:
    root: Path
    packages: IssuedPackages
    enterprises: tuple[str, ...]
    conflicted: str


def _workspace(root: Path, name: str) -> Store:
    store = Store.create(root, PASSPHRASE, StoreKind.WORKSPACE, kdf=cheap_kdf_params())
    roster.init_round(store, name=name, year=2024)
    roster.add_group(store, "甲组")
    roster.add_group(store, "乙组")
    for person, role, group in [
        ("组长甲", Role.LEADER, "甲组"),
        ("专家一", Role.EXPERT, "甲组"),
        ("专家二", Role.EXPERT, "甲组"),
        ("专家三", Role.EXPERT, "乙组"),
        ("主任", Role.CHAIR, None),
    ]:
        roster.add_person(store, name=person, organisation="某研究院", role=role, group=group)
    return store


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Issued]:
    root = tmp_path_factory.mktemp("packages")
    batch = build_defect_batch(root / "batch")
    with _workspace(root / "ws", "测试轮次") as store:
        with DocumentWorker() as worker:
            report = import_batch(store, batch.root, worker)
        enterprises = report.added
        assignment.assign(store, "甲组", list(enterprises[:6]))
        assignment.assign(store, "乙组", list(enterprises[6:]))
        assignment.add_conflict(store, "专家一", enterprises[0])
        packages = issue_packages(store, root / "out")
    yield Issued(root, packages, enterprises, enterprises[0])


def _personal(path: Path) -> Store:
    return Store.create(path, PASSPHRASE, StoreKind.PERSONAL, kdf=cheap_kdf_params())


def _package(issued: Issued, person: str) -> tuple[Path, str]:
    p = next(p for p in issued.packages.packages if p.person == person)
    return p.file, p.passphrase


def test_expert_package_round_trip(issued: Issued, tmp_path: Path) -> None:
    file, passphrase = _package(issued, "专家一")
    with _personal(tmp_path / "s") as store:
        result = import_package(store, file, passphrase)
        assert result.changed and result.dossiers == 6
        with store.session() as session:
            dossiers = {d.enterprise for d in session.scalars(select(DossierRow))}
            assert dossiers == set(issued.enterprises[:6])
            conflicted = session.scalars(
                select(DossierRow).where(DossierRow.enterprise == issued.conflicted)
            ).one()
            assert session.get(ConflictRow, (result_person(session), conflicted.id))
            no_docs = session.scalars(
                select(DocumentRow).where(DocumentRow.dossier_id == conflicted.id)
            ).all()
            assert no_docs == [], "documents of a conflicted dossier must not be handed out"
            identity = session.scalars(select(IdentityRow)).one()
            ca = session.scalars(select(RoundRow)).one().ca_certificate
            assert session.scalars(select(RoundRow)).one().ca_private_key is None
            verify_chain(identity.certificate, ca)
            assert (
                certificate_person_id(load_certificate(identity.certificate)) == identity.person_id
            )
            for doc in session.scalars(select(DocumentRow)):
                assert store.documents.has(doc.sha256)
        again = import_package(store, file, passphrase)
        assert not again.changed
        assert store.check().ok


def result_person(session: object) -> str:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    return session.scalars(select(IdentityRow.person_id)).one()


def test_leader_receives_members_certificates(issued: Issued, tmp_path: Path) -> None:
    file, passphrase = _package(issued, "组长甲")
    with _personal(tmp_path / "s") as store:
        import_package(store, file, passphrase)
        with store.session() as session:
            people = {p.name: p for p in session.scalars(select(PersonRow))}
    assert {"专家一", "专家二", "组长甲"} <= set(people)
    assert "专家三" not in people
    assert all(people[n].certificate for n in ("专家一", "专家二"))


def test_package_holds_no_plaintext(issued: Issued) -> None:
    file, _ = _package(issued, "专家二")
    data = file.read_bytes()
    for enterprise in issued.enterprises[:6]:
        assert enterprise.encode() not in data
        assert enterprise.encode("utf-16-le") not in data
    assert b"%PDF" not in data and b"word/document.xml" not in data


def test_wrong_passphrase_and_foreign_packages_change_nothing(
    issued: Issued, tmp_path: Path
) -> None:
    mine, my_passphrase = _package(issued, "专家二")
    theirs, their_passphrase = _package(issued, "专家三")
    with _personal(tmp_path / "s") as store:
        with pytest.raises(WrongPassphrase):
            import_package(store, mine, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
        import_package(store, mine, my_passphrase)
        head = store.check().audit_head
        with pytest.raises(InputRefused) as caught:
            import_package(store, theirs, their_passphrase)
        assert "专家三" in caught.value.render("zh")
        assert store.check().audit_head == head


def test_package_of_another_round_is_refused(issued: Issued, tmp_path: Path) -> None:
    with _workspace(tmp_path / "ws2", "另一轮次") as other:
        batch = build_defect_batch(tmp_path / "batch2")
        with DocumentWorker() as worker:
            import_batch(other, batch.root, worker)
        assignment.assign(other, "甲组", None)
        foreign = issue_packages(other, tmp_path / "out2")
    mine, my_passphrase = _package(issued, "专家二")
    alien = next(p for p in foreign.packages if p.person == "专家二")
    with _personal(tmp_path / "s") as store:
        import_package(store, mine, my_passphrase)
        with pytest.raises(InputRefused) as caught:
            import_package(store, alien.file, alien.passphrase)
        assert "另一轮次" in caught.value.render("zh")


def test_truncated_package_changes_nothing(issued: Issued, tmp_path: Path) -> None:
    file, passphrase = _package(issued, "专家二")
    cut = tmp_path / "cut.qbrpkg"
    cut.write_bytes(file.read_bytes()[:-5000])
    with _personal(tmp_path / "s") as store:
        with pytest.raises(InputRefused):
            import_package(store, cut, passphrase)
        with store.session() as session:
            assert session.scalars(select(DossierRow)).first() is None
        assert store.meta("owner_person_id") is None


def test_passphrase_list_names_every_package(issued: Issued) -> None:
    listing = issued.packages.passphrase_list.read_text(encoding="utf-8")
    for p in issued.packages.packages:
        assert f"{p.file.name}\t{p.person}\t{p.passphrase}" in listing
    assert json.dumps(issued.packages.to_json(), ensure_ascii=False)
