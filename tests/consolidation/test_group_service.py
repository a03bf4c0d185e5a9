"""The leader's group service on a real, scored demo group."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.consolidation.service import GroupService
from app.consolidation.table import MemberState
from app.errors import InputRefused
from app.store import audit
from app.store.schema import ConsensusRow, ShortlistDecisionRow
from app.store.store import Store
from tests.consolidation.conftest import TOTALS, GroupStores, open_copy

D = Decimal


def test_the_table_from_the_ledger_holds_every_sheet_and_names_the_missing(
    leader_store: Store, group_stores: GroupStores
) -> None:
    table = GroupService(leader_store).table()
    assert [m.person.name for m in table.members] == ["李明华", "刘芳", "张伟", "陈静"]
    assert [p.name for p in table.missing_members] == ["陈静"]
    assert all(m.sheet is not None and m.sheet.revision == 1 for m in table.members[:3])
    by_seq = {line.dossier.seq: line for line in table.lines}
    assert set(by_seq) == set(TOTALS)
    for seq, (lead, zhang, liu) in TOTALS.items():
        line = by_seq[seq]
        totals = {table.members[i].person.name: m.total for i, m in enumerate(line.members)}
        assert totals == {
            "李明华": D(lead),
            "张伟": D(zhang),
            "刘芳": None if liu is None else D(liu),
            "陈静": None,
        }
    first = by_seq[1]
    assert first.members[1].state is MemberState.CONFLICT  # 刘芳
    assert first.group_score == D("82.50")
    assert by_seq[2].group_score == D("81.33")
    assert [f.aspect_key for f in by_seq[2].flags][:1] == [None]  # totals spread 18
    assert {seq: by_seq[seq].rank for seq in TOTALS} == {1: 2, 2: 3, 3: 1, 4: 5, 5: 6, 6: 4}
    assert [line.dossier.seq for line in table.shortlist] == [3, 1, 2]  # K = 3
    assert table.agreement.reviewers == 3 and table.agreement.dossiers == 5


def test_a_consensus_comment_is_stored_and_audited(
    leader_store: Store, group_stores: GroupStores
) -> None:
    service = GroupService(leader_store)
    dossier = group_stores.dossiers[3]
    with leader_store.session() as session:
        before = audit.count(session)
    assert service.set_consensus(dossier, "  一致同意推荐进入答辩。 ") == "一致同意推荐进入答辩。"
    assert service.set_consensus(dossier, "一致同意推荐进入答辩。") == "一致同意推荐进入答辩。"
    with leader_store.session() as session:
        row = session.scalars(select(ConsensusRow)).one()
        assert (row.dossier_id, row.text) == (dossier, "一致同意推荐进入答辩。")
        entries = audit.entries(session, limit=5)
        assert audit.count(session) == before + 1  # the unchanged second call wrote nothing
        assert (entries[-1].action, entries[-1].subject) == ("group.consensus", dossier)
        assert entries[-1].actor == "李明华"
        assert audit.verify(session) == []
    assert service.table().line(dossier).consensus == "一致同意推荐进入答辩。"
    service.set_consensus(dossier, "")
    with leader_store.session() as session:
        assert session.scalars(select(ConsensusRow)).first() is None


def test_a_shortlist_change_needs_a_reason(leader_store: Store, group_stores: GroupStores) -> None:
    service = GroupService(leader_store)
    fourth = group_stores.dossiers[6]  # rank 4: just off the list
    with leader_store.session() as session:
        before = audit.count(session)
    for blank in ("", "   \n"):
        with pytest.raises(InputRefused) as refused:
            service.change_shortlist(fourth, True, blank)
        assert "须写明理由" in refused.value.text.zh and "reason" in refused.value.text.en
    with leader_store.session() as session:
        assert session.scalars(select(ShortlistDecisionRow)).first() is None
        assert audit.count(session) == before


def test_a_shortlist_change_with_a_reason_applies_and_a_change_back_removes_it(
    leader_store: Store, group_stores: GroupStores
) -> None:
    service = GroupService(leader_store)
    fourth, third = group_stores.dossiers[6], group_stores.dossiers[2]
    line = service.change_shortlist(fourth, True, "对标数据充分，与第 3 名仅差 0.33 分")
    assert line.effective and line.changed and not line.computed
    line = service.change_shortlist(third, False, "总分分歧大，建议不进入答辩")
    assert not line.effective and line.changed
    table = service.table()
    assert [x.dossier.seq for x in table.shortlist] == [3, 1, 6]
    with leader_store.session() as session:
        rows = {r.dossier_id: r for r in session.scalars(select(ShortlistDecisionRow))}
        assert rows[fourth].included and rows[fourth].decided_by == "李明华"
        assert rows[fourth].scope.startswith("group:")
        actions = [e.action for e in audit.entries(session, limit=2)]
        assert actions == ["group.shortlist.change", "group.shortlist.change"]
    back = service.change_shortlist(fourth, False, "")  # where the rule puts it: no reason needed
    assert not back.changed and back.decision is None
    with leader_store.session() as session:
        assert set(r.dossier_id for r in session.scalars(select(ShortlistDecisionRow))) == {third}
        assert audit.entries(session, limit=1)[0].action == "group.shortlist.revert"


def test_a_dossier_of_another_group_is_refused(leader_store: Store) -> None:
    with pytest.raises(InputRefused) as refused:
        GroupService(leader_store).change_shortlist("0" * 32, True, "理由")
    assert "不在您的评审任务中" in refused.value.text.zh
    with pytest.raises(InputRefused):
        GroupService(leader_store).set_consensus("0" * 32, "意见")


def test_an_experts_store_is_refused(group_stores: GroupStores, tmp_path: Path) -> None:
    with open_copy(group_stores.expert, tmp_path / "expert") as store:
        service = GroupService(store)
        for call in (
            service.table,
            lambda: service.set_consensus(group_stores.dossiers[1], "意见"),
            lambda: service.change_shortlist(group_stores.dossiers[1], False, "理由"),
        ):
            with pytest.raises(InputRefused) as refused:
                call()
            assert "只有专业组组长" in refused.value.text.zh
            assert "张伟" in refused.value.text.zh and "expert" in refused.value.text.en
