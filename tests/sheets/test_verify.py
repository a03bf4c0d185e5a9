"""Verifying received sheets: each broken rule is refused with its own code.

Crafted sheets are real: built from a real store, changed, rendered and signed with a
real identity of the round, exactly as a dishonest or broken client would produce them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.scoring.service import ReviewService
from app.sheets.build import build_sheet
from app.sheets.payload import sheet_id_for
from app.sheets.roster import Roster, roster_of
from app.sheets.verify import SheetRejected, verify_sheet
from app.signing import pki
from app.store.schema import AssignmentRow, DossierRow, GroupRow
from app.store.store import Store
from tests.sheets.conftest import (
    CONFLICTED,
    EXPERT,
    LEADER,
    OTHER_MEMBER,
    OUTSIDER,
    DemoRound,
    Identity,
    complete_all,
    identity_of,
    signed_sheet,
    with_entry,
)


@pytest.fixture
def roster(open_store: Callable[[str], Store]) -> Roster:
    return roster_of(open_store(LEADER))


def _rejected(data: bytes, demo: DemoRound, roster: Roster | None) -> str:
    with pytest.raises(SheetRejected) as caught:
        verify_sheet(data, ca_certificate_pem=demo.ca_pem, roster=roster)
    assert caught.value.render("zh") and caught.value.render("en")
    return caught.value.code


def test_an_honest_sheet_passes_with_and_without_a_roster(
    open_store: Callable[[str], Store], demo_round: DemoRound, roster: Roster
) -> None:
    store = open_store(EXPERT)
    complete_all(store)
    sheet = build_sheet(store)
    data = signed_sheet(sheet, identity_of(store))
    for with_roster in (None, roster):
        verified = verify_sheet(data, ca_certificate_pem=demo_round.ca_pem, roster=with_roster)
        assert verified.sheet == sheet
        assert verified.sheet.content_hash == sheet.content_hash


def test_content_rules(
    open_store: Callable[[str], Store], demo_round: DemoRound, roster: Roster
) -> None:
    store = open_store(EXPERT)
    complete_all(store)
    sheet = build_sheet(store)
    me = identity_of(store)
    first = sheet.entries[0]

    def code(changed: object, with_roster: Roster | None = None) -> str:
        return _rejected(signed_sheet(changed, me), demo_round, with_roster)  # type: ignore[arg-type]

    off_step = {**first.scores, "science": Decimal("12.3")}
    assert code(with_entry(sheet, 0, scores=off_step)) == "score_off_step"
    too_high = {**first.scores, "effect": Decimal(26)}
    assert code(with_entry(sheet, 0, scores=too_high)) == "score_out_of_range"
    assert code(with_entry(sheet, 0, total=first.total + 1)) == "total_mismatch"  # type: ignore[operator]
    subtotals = {**first.subtotals, "science_innovation": Decimal(1)}
    assert code(with_entry(sheet, 0, subtotals=subtotals)) == "subtotal_mismatch"
    assert code(with_entry(sheet, 0, overall_comment="")) == "incomplete_entry"
    declared = with_entry(sheet, 0, conflict=True, overall_comment="", pair_comments={})
    assert code(declared) == "conflict_scored"  # a declared conflict carrying scores
    assert code(replace(sheet, expert_name="陈静", expert_id="someone-else")) == "signer_mismatch"
    assert code(replace(sheet, revision=0, draft=True)) == "draft"
    assert code(replace(sheet, revision=2)) == "revision_invalid"  # revision 2 after GENESIS
    assert code(with_entry(sheet, 1, dossier_id=first.dossier_id)) == "duplicate_dossier"

    # Against the leader's roster.
    other_round = replace(
        sheet,
        round_id="another-round",
        sheet_id=sheet_id_for("another-round", "material", me.person_id),
    )
    assert code(other_round, roster) == "other_round"
    other_stage = replace(
        sheet, stage="defense", sheet_id=sheet_id_for(sheet.round_id, "defense", me.person_id)
    )
    assert code(other_stage, roster) == "other_stage"
    scheme = dict(sheet.scheme)
    scheme["step"] = "0.25"
    assert code(replace(sheet, scheme=scheme), roster) == "scheme_mismatch"
    assert code(replace(sheet, entries=sheet.entries[1:]), roster) == "dossiers_missing"


def test_a_dossier_not_assigned_to_the_group(
    open_store: Callable[[str], Store], demo_round: DemoRound, roster: Roster
) -> None:
    store = open_store(EXPERT)
    complete_all(store)
    sheet = build_sheet(store)
    foreign = ReviewService(open_store(OUTSIDER)).dossiers()[0]  # the other group's
    assert foreign.id not in roster.group_dossiers()
    extra = replace(
        sheet.entries[0], dossier_id=foreign.id, seq=foreign.seq, enterprise=foreign.enterprise
    )
    data = signed_sheet(replace(sheet, entries=(*sheet.entries, extra)), identity_of(store))
    assert _rejected(data, demo_round, roster) == "not_assigned"
    # On its own the sheet is consistent: only the leader's roster knows the assignment.
    verify_sheet(data, ca_certificate_pem=demo_round.ca_pem)


def test_a_sheet_from_another_group_or_a_non_member(
    open_store: Callable[[str], Store], demo_round: DemoRound, roster: Roster
) -> None:
    outsider = open_store(OUTSIDER)
    complete_all(outsider)
    sheet = build_sheet(outsider)
    signer = identity_of(outsider)
    assert _rejected(signed_sheet(sheet, signer), demo_round, roster) == "other_group"
    # The same person claiming to belong to the leader's group is not a member of it.
    claimed = replace(sheet, group_id=roster.group_id, group_name=roster.group_name)
    assert _rejected(signed_sheet(claimed, signer), demo_round, roster) == "not_a_member"


def test_a_certificate_of_another_round_is_untrusted(
    open_store: Callable[[str], Store], demo_round: DemoRound, roster: Roster
) -> None:
    store = open_store(EXPERT)
    complete_all(store)
    sheet = build_sheet(store)
    me = identity_of(store)
    other_ca = pki.create_round_authority("other-round", "另一轮评审", 2024)
    forged = pki.issue_person_certificate(
        other_ca,
        person_id=me.person_id,
        name=EXPERT,
        organisation="上海交通大学",
        role="expert",
        group="制造业专业组",
    )
    identity = Identity(
        me.person_id, forged.certificate_pem, forged.private_key_pem, other_ca.certificate_pem
    )
    data = signed_sheet(sheet, identity)
    assert _rejected(data, demo_round, roster) == "untrusted_signer"
    assert _rejected(data, demo_round, None) == "untrusted_signer"
    # Against its own CA the file is fine: the round CA alone decides.
    verify_sheet(data, ca_certificate_pem=other_ca.certificate_pem)


def test_scoring_a_dossier_under_a_recorded_conflict(
    open_store: Callable[[str], Store], demo_round: DemoRound, roster: Roster
) -> None:
    store = open_store(CONFLICTED)
    complete_all(store)
    sheet = build_sheet(store)
    index = next(i for i, e in enumerate(sheet.entries) if e.conflict)
    assert (sheet.expert_id, sheet.entries[index].dossier_id) in roster.conflicts
    honest = signed_sheet(sheet, identity_of(store))
    verify_sheet(honest, ca_certificate_pem=demo_round.ca_pem, roster=roster)
    scored_entry = next(e for e in sheet.entries if not e.conflict)
    scored = replace(
        scored_entry,
        dossier_id=sheet.entries[index].dossier_id,
        seq=sheet.entries[index].seq,
        enterprise=sheet.entries[index].enterprise,
    )
    entries = list(sheet.entries)
    entries[index] = scored
    data = signed_sheet(replace(sheet, entries=tuple(entries)), identity_of(store))
    assert _rejected(data, demo_round, roster) == "conflict_scored"


def test_a_stale_certificate_of_a_member(
    open_store: Callable[[str], Store], demo_round: DemoRound
) -> None:
    """A member signing with a certificate the leader's package does not name is refused."""
    leader = open_store(LEADER)
    member = open_store(OTHER_MEMBER)
    complete_all(member)
    sheet = build_sheet(member)
    roster = roster_of(leader)
    stale = replace(
        roster.members[sheet.expert_id],
        certificate_pem=identity_of(open_store(EXPERT)).certificate_pem,
    )
    changed = replace(roster, members={**roster.members, sheet.expert_id: stale})
    data = signed_sheet(sheet, identity_of(member))
    assert _rejected(data, demo_round, changed) == "unknown_certificate"
    verify_sheet(data, ca_certificate_pem=demo_round.ca_pem, roster=roster)


def test_the_roster_reflects_the_leaders_package(open_store: Callable[[str], Store]) -> None:
    leader = open_store(LEADER)
    roster = roster_of(leader)
    names = {m.name for m in roster.members.values()}
    assert {EXPERT, LEADER, CONFLICTED, OTHER_MEMBER} <= names and OUTSIDER not in names
    with leader.session() as session:
        own_group = session.scalars(select(GroupRow).where(GroupRow.id == roster.group_id)).one()
        assigned = session.scalars(
            select(AssignmentRow.dossier_id).where(AssignmentRow.group_id == own_group.id)
        ).all()
        conflicted = next(p for p, m in roster.members.items() if m.name == CONFLICTED)
        [(person, dossier)] = list(roster.conflicts)
        enterprise = session.get(DossierRow, dossier).enterprise  # type: ignore[union-attr]
    assert roster.group_dossiers() == set(assigned) and len(assigned) == 6
    assert person == conflicted and enterprise
    assert ReviewService(leader).owner().name == LEADER
