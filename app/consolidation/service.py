"""The group service (组长合议服务): the leader's table, consensus comments and shortlist.

Only a group leader's personal store can consolidate: the table is built from the
members' verified sheets the ledger applied (the leader's own included), and every
change the leader makes — a consensus comment, a move on or off the shortlist — is one
unit of work with one audit entry. A change to the computed shortlist needs a written
reason; moving a dossier back to where the rule puts it removes the change instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.consolidation.table import (
    AssignedDossier,
    DossierLine,
    GroupTable,
    ShortlistDecision,
    consolidate,
)
from app.errors import InputRefused, Text
from app.models.round import Group, Role, Round
from app.scoring.queries import not_assigned, owner_row, round_row, visible_dossier
from app.scoring.queries import visible_dossiers as owner_dossiers
from app.secretariat.roster import person_from_row, round_from_row
from app.sheets.ledger import applied_sheets
from app.sheets.payload import ScoreSheet
from app.store import audit
from app.store.schema import ConsensusRow, GroupRow, PersonRow, ShortlistDecisionRow
from app.store.store import Store

SheetSource = Callable[[Store], Sequence[ScoreSheet]]
"""Where the members' verified sheets come from (the ledger's applied revisions)."""

CONSENSUS_LIMIT = 4000
"""The longest consensus comment kept (characters): a paragraph, not a dossier."""


def scope_of(group_id: str) -> str:
    """``ShortlistDecisionRow.scope`` of a group leader's decisions."""
    return f"group:{group_id}"


def record_decision(
    session: Session,
    key: tuple[str, str, str],
    *,
    included: bool,
    default: bool,
    reason: str,
    decided_by: str,
    reason_needed: Callable[[], InputRefused],
) -> str | None:
    """Record a move of a dossier on or off a list (``key``: stage, scope, dossier).

    Moving it back to ``default`` (where the rule, or the group, put it) removes the
    decision and needs no reason; any other move needs one (else ``reason_needed()`` is
    raised). Returns "change" or "revert", or ``None`` when nothing changed.
    """
    row = session.get(ShortlistDecisionRow, key)
    if included == default:
        if row is None:
            return None
        session.delete(row)
        return "revert"
    if not reason:
        raise reason_needed()
    if row is not None and row.included == included and row.reason == reason:
        return None
    if row is None:
        row = ShortlistDecisionRow(stage=key[0], scope=key[1], dossier_id=key[2])
        session.add(row)
    row.included, row.reason = included, reason
    row.decided_by, row.updated_at = decided_by, datetime.now(UTC)
    return "change"


def leader_row(session: Session) -> PersonRow:
    """The store's owner, who must lead a group; anyone else is refused."""
    owner = owner_row(session)
    if owner.role != Role.LEADER.value or owner.group_id is None:
        role = Role(owner.role)
        raise InputRefused(
            Text(
                f"只有专业组组长可以汇总本组评分、填写合议意见和调整入围名单；"
                f"此存储属于{role.label}{owner.name}。",
                f"Only a group leader can consolidate the group's scores, write consensus "
                f"comments and change the shortlist; this store belongs to {owner.name}, "
                f"a {role.value}.",
            )
        )
    return owner


class GroupService:
    """The leader's consolidation on their own store; every call is one unit of work."""

    def __init__(self, store: Store, sheets: SheetSource = applied_sheets) -> None:
        self._store = store
        self._sheets = sheets

    def table(self) -> GroupTable:
        """The group table as it stands, from the sheets applied so far."""
        with self._store.session() as session:
            leader_row(session)
        sheets = self._sheets(self._store)
        with self._store.session() as session:
            return self._table(session, sheets)

    def set_consensus(self, dossier_id: str, text: str) -> str:
        """Store the group's consensus comment (合议意见) on a dossier; blank clears it."""
        text = text.strip()
        if len(text) > CONSENSUS_LIMIT:
            raise InputRefused(
                Text(
                    f"合议意见不能超过 {CONSENSUS_LIMIT} 字（现为 {len(text)} 字），未保存。",
                    f"A consensus comment is limited to {CONSENSUS_LIMIT} characters "
                    f"(this one has {len(text)}); not saved.",
                )
            )
        with self._store.session() as session:
            leader = leader_row(session)
            rnd = round_from_row(round_row(session))
            visible_dossier(session, leader, dossier_id)
            row = session.get(ConsensusRow, (rnd.stage.value, dossier_id))
            before = row.text if row is not None else ""
            if before == text:
                return text
            if not text and row is not None:
                session.delete(row)
            elif row is None:
                session.add(
                    ConsensusRow(
                        stage=rnd.stage.value,
                        dossier_id=dossier_id,
                        text=text,
                        updated_at=datetime.now(UTC),
                    )
                )
            else:
                row.text, row.updated_at = text, datetime.now(UTC)
            audit.record(
                session,
                actor=leader.name,
                action="group.consensus",
                subject=dossier_id,
                detail={"stage": rnd.stage.value, "text": text, "cleared": not text},
            )
            return text

    def change_shortlist(self, dossier_id: str, included: bool, reason: str) -> DossierLine:
        """Put a dossier on (``included``) or off the group's shortlist, giving the reason.

        Putting it where the rule already puts it removes any earlier change (and needs no
        reason); any other change without a written reason is refused.
        """
        reason = reason.strip()
        try:
            line = self.table().line(dossier_id)
        except KeyError:
            raise not_assigned(dossier_id) from None
        with self._store.session() as session:
            leader = leader_row(session)
            rnd = round_from_row(round_row(session))
            key = (rnd.stage.value, scope_of(leader.group_id or ""), dossier_id)
            kind = record_decision(
                session,
                key,
                included=included,
                default=line.computed,
                reason=reason,
                decided_by=leader.name,
                reason_needed=lambda: _reason_needed(line, included),
            )
            if kind is None:
                return line
            audit.record(
                session,
                actor=leader.name,
                action=f"group.shortlist.{kind}",
                subject=dossier_id,
                detail={
                    "stage": rnd.stage.value,
                    "included": included,
                    "computed": line.computed,
                    "rank": line.rank,
                    "reason": reason,
                },
            )
        return self.table().line(dossier_id)

    # -- reading the store -----------------------------------------------------------

    def _table(self, session: Session, sheets: Sequence[ScoreSheet]) -> GroupTable:
        leader = leader_row(session)
        rnd = round_from_row(round_row(session))
        group_row = session.get(GroupRow, leader.group_id)
        group = (
            Group(group_row.id, group_row.name) if group_row else Group(str(leader.group_id), "")
        )
        people = session.scalars(
            select(PersonRow).where(
                PersonRow.group_id == leader.group_id,
                PersonRow.role.in_([Role.LEADER.value, Role.EXPERT.value]),
            )
        )
        members = sorted(
            (person_from_row(p) for p in people),
            key=lambda p: (p.role is not Role.LEADER, p.name, p.id),
        )
        dossiers = [
            AssignedDossier(row.id, row.seq, row.enterprise, row.title)
            for row, _group in session.execute(owner_dossiers(leader))
        ]
        return consolidate(
            rnd,
            group,
            members,
            sheets,
            dossiers,
            _decisions(session, rnd, group),
            _consensus(session, rnd, [d.id for d in dossiers]),
        )


def _decisions(session: Session, rnd: Round, group: Group) -> list[ShortlistDecision]:
    rows = session.scalars(
        select(ShortlistDecisionRow).where(
            ShortlistDecisionRow.stage == rnd.stage.value,
            ShortlistDecisionRow.scope == scope_of(group.id),
        )
    )
    return [
        ShortlistDecision(
            r.dossier_id,
            r.included,
            r.reason,
            r.decided_by,
            r.updated_at.replace(tzinfo=UTC).isoformat(timespec="seconds"),
        )
        for r in rows
    ]


def _consensus(session: Session, rnd: Round, dossier_ids: list[str]) -> dict[str, str]:
    rows = session.scalars(
        select(ConsensusRow).where(
            ConsensusRow.stage == rnd.stage.value, ConsensusRow.dossier_id.in_(dossier_ids)
        )
    )
    return {r.dossier_id: r.text for r in rows}


def _reason_needed(line: DossierLine, included: bool) -> InputRefused:
    name = line.dossier.enterprise
    if included:
        return InputRefused(
            Text(
                f"“{name}”按组评分未进入入围名单；将其列入须写明理由，未做修改。",
                f"“{name}” is not on the computed shortlist; putting it on needs a written "
                "reason. Nothing was changed.",
            )
        )
    return InputRefused(
        Text(
            f"“{name}”按组评分已进入入围名单；将其调出须写明理由，未做修改。",
            f"“{name}” is on the computed shortlist; taking it off needs a written reason. "
            "Nothing was changed.",
        )
    )
