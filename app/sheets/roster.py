"""Who may send a group leader score sheets, and for what (the leader's roster).

Built from the leader's own store, which the leader's assignment package filled: the
round and stage, the group's members with their certificates, which dossiers the group
reviews, and the conflicts of interest (回避) the secretariat recorded for members.
A received sheet is checked against exactly this, never against what it says itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sqlalchemy import select

from app.errors import InputRefused, Text
from app.models.round import Role
from app.scoring.queries import owner_row, round_row
from app.store.schema import AssignmentRow, ConflictRow, GroupRow, PersonRow
from app.store.store import Store, StoreKind


@dataclass(frozen=True)
class RosterMember:
    """A member of the leader's group as the secretariat issued them."""

    person_id: str
    name: str
    role: str
    certificate_pem: bytes | None


@dataclass(frozen=True)
class Roster:
    """What a leader's store says about the group's round, members, dossiers and conflicts."""

    round_id: str
    round_name: str
    stage: str
    scheme: Mapping[str, Any]
    group_id: str
    group_names: Mapping[str, str]  # every group of the round, by id
    leader_id: str
    members: Mapping[str, RosterMember]  # the group's people (the leader too), by id
    assignments: Mapping[str, str]  # dossier id → the group that reviews it
    conflicts: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # (person, dossier)

    def __post_init__(self) -> None:
        for name in ("scheme", "group_names", "members", "assignments"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    @property
    def group_name(self) -> str:
        return self.group_names.get(self.group_id, self.group_id)

    def group_dossiers(self) -> set[str]:
        """The dossiers this group reviews."""
        return {d for d, g in self.assignments.items() if g == self.group_id}


NOT_A_LEADER = Text(
    "只有专业组组长的评审存储才能接收组员的评分表；此存储不属于组长。",
    "Only a group leader's store receives the members' score sheets; this store is not a leader's.",
)


def roster_of(store: Store) -> Roster:
    """The roster of the leader who owns ``store``; refused in any other store."""
    if store.kind is not StoreKind.PERSONAL:
        raise InputRefused(NOT_A_LEADER)
    with store.session() as session:
        owner = owner_row(session)
        if owner.role != Role.LEADER.value or owner.group_id is None:
            raise InputRefused(NOT_A_LEADER)
        rnd = round_row(session)
        people = session.scalars(select(PersonRow).where(PersonRow.group_id == owner.group_id))
        members = {
            p.id: RosterMember(p.id, p.name, p.role, p.certificate)
            for p in people
            if p.role in (Role.EXPERT.value, Role.LEADER.value)
        }
        conflicts = frozenset(
            (c.person_id, c.dossier_id)
            for c in session.scalars(
                select(ConflictRow).where(
                    ConflictRow.person_id.in_(list(members)),
                    ConflictRow.declared_by == "secretariat",
                )
            )
        )
        return Roster(
            round_id=rnd.id,
            round_name=rnd.name,
            stage=rnd.stage,
            scheme=json.loads(rnd.scheme),
            group_id=owner.group_id,
            group_names={g.id: g.name for g in session.scalars(select(GroupRow))},
            leader_id=owner.id,
            members=members,
            assignments={a.dossier_id: a.group_id for a in session.scalars(select(AssignmentRow))},
            conflicts=conflicts,
        )


__all__ = ["NOT_A_LEADER", "Roster", "RosterMember", "roster_of"]
