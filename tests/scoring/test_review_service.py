"""The review service on real personal stores filled from the demo round's real packages."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.demo.round import GROUPS, PERSONAL_PASSPHRASE, build_demo_round
from app.errors import InputRefused
from app.exchange.package_import import import_package
from app.models.dossier import DocumentKind
from app.models.round import Role, Stage
from app.scoring.record import DossierStatus, ReviewRecord
from app.scoring.service import ReviewService
from app.store import audit
from app.store.keyring import cheap_kdf_params
from app.store.schema import (
    AssignmentRow,
    AuditRow,
    ConflictRow,
    DossierRow,
    GroupRow,
    ReviewRecordRow,
)
from app.store.store import Store, StoreKind

EXPERT = "刘芳"  # in the first group, with a conflict recorded by the secretariat


@dataclass(frozen=True)
class Stores:
    """Closed template stores; each test works on its own copy."""

    expert: Path
    chair: Path
    conflicted_enterprise: str


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    root = tmp_path_factory.mktemp("review")
    demo = build_demo_round(root / "demo", kdf=cheap_kdf_params())
    listing = (demo.packages / "passphrases.txt").read_text(encoding="utf-8")
    entries = [line.split("\t") for line in listing.splitlines() if "\t" in line]
    file_name, _person, passphrase = next(e for e in entries if e[1] == EXPERT)
    expert = root / "expert"
    with Store.create(expert, PERSONAL_PASSPHRASE, StoreKind.PERSONAL, kdf=cheap_kdf_params()) as s:
        import_package(s, demo.packages / file_name, passphrase)
        with s.session() as session:
            conflicted = session.scalars(select(ConflictRow)).one()
            enterprise = session.get(DossierRow, conflicted.dossier_id).enterprise  # type: ignore[union-attr]
    return Stores(expert, demo.stores["chair"], enterprise)


def _open_copy(template: Path, target: Path) -> Store:
    shutil.copytree(template, target)
    return Store.open(target, PERSONAL_PASSPHRASE)


@pytest.fixture
def store(stores: Stores, tmp_path: Path) -> Iterator[Store]:
    with _open_copy(stores.expert, tmp_path / "expert") as opened:
        yield opened


@pytest.fixture
def service(store: Store) -> ReviewService:
    return ReviewService(store)


def _audit_count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)


def _first_open(service: ReviewService) -> str:
    return next(d.id for d in service.dossiers() if d.status is not DossierStatus.CONFLICT)


def _complete(record: ReviewRecord, service: ReviewService) -> ReviewRecord:
    for aspect in service.round().scheme.aspects:
        record = record.with_score(aspect.key, aspect.points - 2)
    return record.with_comment(None, "方法成熟，数据充分。").with_recommendation(True)


def test_owner_round_group_and_dossier_list(service: ReviewService, stores: Stores) -> None:
    owner = service.owner()
    assert (owner.name, owner.role) == (EXPERT, Role.EXPERT)
    assert service.round().stage is Stage.MATERIAL
    assert service.group_name() == GROUPS[0]
    dossiers = service.dossiers()
    assert len(dossiers) == 6
    assert [d.seq for d in dossiers] == sorted(d.seq for d in dossiers)
    assert {d.group for d in dossiers} == {GROUPS[0]}
    for summary in dossiers:
        if summary.enterprise == stores.conflicted_enterprise:
            assert summary.status is DossierStatus.CONFLICT
            assert summary.documents == 0  # the secretariat did not hand them out
        else:
            assert summary.status is DossierStatus.NOT_STARTED
            assert summary.documents >= 2
        assert summary.total is None and summary.updated_at is None


def test_a_store_without_a_package_asks_for_one(tmp_path: Path) -> None:
    with Store.create(tmp_path / "s", "x" * 12, StoreKind.PERSONAL, kdf=cheap_kdf_params()) as s:
        service = ReviewService(s)
        for call in (service.round, service.owner, service.dossiers):
            with pytest.raises(InputRefused) as caught:
                call()
            assert "任务包" in caught.value.render("zh")
            assert "package" in caught.value.render("en")


def test_saves_move_the_status_and_leave_one_audit_entry_each(
    service: ReviewService, store: Store
) -> None:
    dossier_id = _first_open(service)
    record = service.record(dossier_id)
    assert record == ReviewRecord(dossier_id, Stage.MATERIAL)
    before = _audit_count(store)

    partial = service.save(record.with_score("science", Decimal("12.5")))
    assert partial.scores == {"science": Decimal("12.5")}
    assert partial.updated_at is not None and partial.updated_at.tzinfo is UTC
    summary = next(d for d in service.dossiers() if d.id == dossier_id)
    assert summary.status is DossierStatus.IN_PROGRESS
    assert summary.total == Decimal("12.5")
    assert summary.updated_at == partial.updated_at

    complete = service.save(
        _complete(partial, service).with_comment("science_innovation", "有所创新")
    )
    summary = next(d for d in service.dossiers() if d.id == dossier_id)
    assert summary.status is DossierStatus.COMPLETE
    assert summary.total == Decimal(100 - 2 * 6)
    assert _audit_count(store) == before + 2

    stored = service.record(dossier_id)
    assert stored == complete
    assert stored.pair_comments == {"science_innovation": "有所创新"}
    with store.session() as session:
        last = audit.entries(session, limit=1)[0]
    assert (last.action, last.subject, last.actor) == ("record.save", dossier_id, EXPERT)
    assert "overall_comment" in last.detail["changed"]
    assert "pair_comment:science_innovation" in last.detail["changed"]
    assert last.detail["scores"]["effect"] == "23"
    assert "有所创新" not in json.dumps(last.detail, ensure_ascii=False)


def test_a_save_that_changes_nothing_writes_nothing(service: ReviewService, store: Store) -> None:
    dossier_id = _first_open(service)
    saved = service.save(service.record(dossier_id).with_score("system", Decimal(14)))
    count = _audit_count(store)
    again = service.save(saved)
    assert again == saved and again.updated_at == saved.updated_at
    # Other spellings of the same values are the same record.
    same = replace(
        saved,
        scores={"system": Decimal("14.0")},
        pair_comments={"system_demonstration": ""},
        updated_at=None,
    )
    assert service.save(same).updated_at == saved.updated_at
    assert _audit_count(store) == count


def test_an_untouched_record_saved_empty_writes_nothing(
    service: ReviewService, store: Store
) -> None:
    count = _audit_count(store)
    service.save(ReviewRecord(_first_open(service), Stage.MATERIAL))
    assert _audit_count(store) == count
    with store.session() as session:
        assert session.scalars(select(ReviewRecordRow)).first() is None


@pytest.mark.parametrize(
    ("aspect", "value", "words"),
    [
        ("science", Decimal("13.3"), "0.5"),
        ("effect", Decimal("25.5"), "25"),
        ("innovation", Decimal(-1), "0"),
    ],
)
def test_invalid_scores_are_refused_and_the_store_is_unchanged(
    service: ReviewService, store: Store, aspect: str, value: Decimal, words: str
) -> None:
    dossier_id = _first_open(service)
    kept = service.save(service.record(dossier_id).with_score("system", Decimal(10)))
    count = _audit_count(store)
    with pytest.raises(InputRefused) as caught:
        service.save(kept.with_score(aspect, value).with_comment(None, "不应保存"))
    message = caught.value.render("zh")
    assert message.startswith("未保存") and words in message and str(value) in message
    assert caught.value.render("en").startswith("Not saved")
    assert service.record(dossier_id) == kept
    assert _audit_count(store) == count


def test_a_record_of_another_stage_is_refused(service: ReviewService) -> None:
    record = ReviewRecord(_first_open(service), Stage.DEFENSE, scores={"science": Decimal(1)})
    with pytest.raises(InputRefused):
        service.save(record)


def test_declaring_and_withdrawing_a_conflict(service: ReviewService, store: Store) -> None:
    dossier_id = _first_open(service)
    scored = service.save(
        _complete(service.record(dossier_id), service).with_notes("与该企业总经理是同学")
    )
    count = _audit_count(store)
    declared = service.declare_conflict(dossier_id, "  与该企业负责人有亲属关系 ")
    assert declared.conflict and declared.conflict_reason == "与该企业负责人有亲属关系"
    assert declared.scores == {} and declared.overall_comment == ""
    assert declared.recommendation is None
    assert declared.private_notes == scored.private_notes
    assert service.record(dossier_id) == declared
    summary = next(d for d in service.dossiers() if d.id == dossier_id)
    assert summary.status is DossierStatus.CONFLICT and summary.total is None
    detail = service.dossier(dossier_id)
    assert detail.conflict is not None and detail.conflict.withdrawable
    with store.session() as session:
        row = session.get(ConflictRow, (service.owner().id, dossier_id))
        assert row is not None and row.declared_by == "self"
        entry = audit.entries(session, limit=1)[0]
    assert entry.action == "record.conflict.declare"
    assert "scores" in entry.detail["cleared"]
    assert _audit_count(store) == count + 1
    # Declaring twice changes nothing; scoring under a conflict is refused.
    assert service.declare_conflict(dossier_id, "again") == declared
    assert _audit_count(store) == count + 1
    with pytest.raises(InputRefused):
        service.save(declared.withdrawn_conflict().with_score("science", Decimal(3)))
    with pytest.raises(InputRefused):
        service.save(declared.with_score("science", Decimal(3)))
    # Notes may still be kept under a conflict.
    noted = service.save(declared.with_notes("已回避"))
    assert noted.private_notes == "已回避" and noted.conflict

    withdrawn = service.withdraw_conflict(dossier_id)
    assert not withdrawn.conflict and withdrawn.scores == {}
    summary = next(d for d in service.dossiers() if d.id == dossier_id)
    assert summary.status is DossierStatus.IN_PROGRESS  # the notes are still there
    with store.session() as session:
        assert session.get(ConflictRow, (service.owner().id, dossier_id)) is None
    assert service.save(withdrawn.with_score("science", Decimal(3))).scores == {
        "science": Decimal(3)
    }


def test_a_secretariat_conflict_cannot_be_withdrawn_or_scored(
    service: ReviewService, store: Store, stores: Stores
) -> None:
    summary = next(d for d in service.dossiers() if d.enterprise == stores.conflicted_enterprise)
    record = service.record(summary.id)
    assert record.conflict and record.scores == {}
    count = _audit_count(store)
    with pytest.raises(InputRefused) as caught:
        service.withdraw_conflict(summary.id)
    assert "办公室" in caught.value.render("zh") and "secretariat" in caught.value.render("en")
    with pytest.raises(InputRefused):
        service.save(record.withdrawn_conflict().with_score("science", Decimal(10)))
    detail = service.dossier(summary.id)
    assert detail.conflict is not None and not detail.conflict.withdrawable
    assert detail.documents == ()
    assert _audit_count(store) == count
    assert service.record(summary.id).conflict


def test_a_dossier_of_another_group_is_refused(service: ReviewService, store: Store) -> None:
    with store.session() as session:
        other_group = session.scalars(select(GroupRow).where(GroupRow.name == GROUPS[1])).one()
        own = session.scalars(select(DossierRow)).first()
        assert own is not None
        session.add(
            DossierRow(
                id="f" * 32,
                round_id=own.round_id,
                seq=99,
                enterprise="别组企业有限公司",
                uscc="",
                recommending_unit="",
                industry="",
                industry_code="",
                focus_area="",
                title="别组企业的经验",
                profits="[]",
                content_hash="",
                created_at=datetime.now(UTC),
            )
        )
        session.flush()
        session.add(AssignmentRow(dossier_id="f" * 32, group_id=other_group.id))
    count = _audit_count(store)
    assert "f" * 32 not in {d.id for d in service.dossiers()}
    foreign = ReviewRecord("f" * 32, Stage.MATERIAL, scores={"science": Decimal(10)})
    for call in (
        lambda: service.save(foreign),
        lambda: service.record("f" * 32),
        lambda: service.dossier("f" * 32),
        lambda: service.declare_conflict("f" * 32, ""),
        lambda: service.save(replace(foreign, dossier_id="no-such-dossier")),
    ):
        with pytest.raises(InputRefused) as caught:
            call()
        assert "不在您的评审任务中" in caught.value.render("zh")
    with store.session() as session:
        assert session.scalars(select(ReviewRecordRow)).first() is None
    assert _audit_count(store) == count


def test_dossier_detail_documents_outline_and_bytes(service: ReviewService) -> None:
    dossier_id = _first_open(service)
    detail = service.dossier(dossier_id)
    assert detail.dossier.id == dossier_id and detail.group == GROUPS[0]
    assert len(detail.dossier.profits) == 3
    kinds = [d.kind for d in detail.documents]
    order = list(DocumentKind)
    assert kinds == sorted(kinds, key=order.index)
    assert kinds[:2] == [DocumentKind.APPLICATION, DocumentKind.SUMMARY]
    summary = next(d for d in detail.documents if d.kind is DocumentKind.SUMMARY)
    sections = detail.outlines[summary.id]
    limits = {s.title.split("、")[-1]: s.limit for s in sections if s.limit is not None}
    assert limits == {
        "摘要": 500,
        "企业概况": 500,
        "推进和应用情况": 8000,
        "实施效果": 2000,
    }
    assert all(s.chars > 0 and s.level >= 1 for s in sections)
    for document in detail.documents:
        data = service.document_bytes(document.id)
        assert hashlib.sha256(data).hexdigest() == document.sha256
        assert len(data) == document.size
    assert set(detail.unreadable) <= {d.id for d in detail.documents}
    with pytest.raises(InputRefused):
        service.document_bytes("no-such-document")


def test_private_notes_never_reach_the_audit_log(service: ReviewService, store: Store) -> None:
    dossier_id = _first_open(service)
    record = service.save(service.record(dossier_id).with_notes("机密备忘：企业甲的数据存疑"))
    service.save(record.with_notes("机密备忘：第二稿"))
    service.declare_conflict(dossier_id, "亲属关系")
    with store.session() as session:
        details = [row.detail for row in session.scalars(select(AuditRow))]
    assert not any("机密备忘" in d for d in details)
    assert any('"private_notes"' in d for d in details)


def test_missing_overall_lists_what_each_dossier_lacks(service: ReviewService) -> None:
    scheme_size = len(service.round().scheme.aspects)
    lacking = dict(service.missing_overall())
    open_ids = [d.id for d in service.dossiers() if d.status is not DossierStatus.CONFLICT]
    assert list(lacking) == open_ids
    assert all(len(items) == scheme_size + 2 for items in lacking.values())
    first = open_ids[0]
    service.save(_complete(service.record(first), service))
    second = open_ids[1]
    service.save(service.record(second).with_comment(None, "尚缺评分"))
    lacking = dict(service.missing_overall())
    assert first not in lacking
    assert len(lacking[second]) == scheme_size + 1
    assert lacking[second][0].zh == "科学性：尚未评分"


def test_the_chair_sees_every_group(stores: Stores, tmp_path: Path) -> None:
    with _open_copy(stores.chair, tmp_path / "chair") as chair:
        service = ReviewService(chair)
        assert service.owner().role is Role.CHAIR and service.group_name() is None
        dossiers = service.dossiers()
        assert len(dossiers) == 12
        assert {d.group for d in dossiers} == set(GROUPS)
        saved = service.save(service.record(dossiers[-1].id).with_score("effect", Decimal(20)))
        assert saved.scores == {"effect": Decimal(20)}
