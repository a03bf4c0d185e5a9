"""Who may send the chair group reports, and for which dossiers (the chair's roster).

Built from the chair's own store, which the chair's assignment package filled: the round
and stage with its scheme and rule, every group with its leader and the leader's
certificate, and which group reviews which dossier. A received report is checked against
exactly this, never against what the report says about itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.models.round import Role, Round
from app.scoring.queries import owner_row, round_row
from app.secretariat.roster import round_from_row
from app.sheets.roster import RosterMember
from app.store.schema import AssignmentRow, DossierRow, GroupRow, PersonRow
from app.store.store import Store, StoreKind

NOT_THE_CHAIR = Text(
    "只有主任委员的评审存储才能接收各专业组的汇总表并确定入围名单；此存储不属于主任委员。",
    "Only the committee chair's store receives the groups' reports and settles the shortlist; "
    "this store is not the chair's.",
)


@dataclass(frozen=True)
class ChairRoster:
    """What the chair's store says about the round, its groups, leaders and dossiers."""

    round: Round
    chair_id: str
    chair_name: str
    group_names: Mapping[str, str]  # group id → name, every group of the round
    leaders: Mapping[str, RosterMember]  # group id → the group's leader
    assignments: Mapping[str, str]  # dossier id → the group that reviews it
    dossier_seq: Mapping[str, int]  # dossier id → 序号

    def __post_init__(self) -> None:
        for name in ("group_names", "leaders", "assignments", "dossier_seq"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def group_dossiers(self, group_id: str) -> set[str]:
        """The dossiers ``group_id`` reviews at this stage."""
        return {d for d, g in self.assignments.items() if g == group_id}

    @property
    def reviewing_groups(self) -> tuple[str, ...]:
        """The groups with dossiers to review, in name order: each owes the chair a report."""
        used = set(self.assignments.values())
        return tuple(sorted((g for g in self.group_names if g in used), key=self._name))

    def _name(self, group_id: str) -> str:
        return self.group_names[group_id]


def chair_row(session: Session) -> PersonRow:
    """The store's owner, who must be the chair; anyone else is refused."""
    owner = owner_row(session)
    if owner.role != Role.CHAIR.value:
        raise InputRefused(NOT_THE_CHAIR)
    return owner


def chair_roster(store: Store) -> ChairRoster:
    """The roster of the chair who owns ``store``; refused in any other store."""
    if store.kind is not StoreKind.PERSONAL:
        raise InputRefused(NOT_THE_CHAIR)
    with store.session() as session:
        return roster_in(session)


def roster_in(session: Session) -> ChairRoster:
    """The chair's roster inside the caller's unit of work."""
    chair = chair_row(session)
    rnd = round_from_row(round_row(session))
    leaders = session.scalars(select(PersonRow).where(PersonRow.role == Role.LEADER.value))
    return ChairRoster(
        round=rnd,
        chair_id=chair.id,
        chair_name=chair.name,
        group_names={g.id: g.name for g in session.scalars(select(GroupRow))},
        leaders={
            p.group_id: RosterMember(p.id, p.name, p.role, p.certificate)
            for p in leaders
            if p.group_id is not None
        },
        assignments={a.dossier_id: a.group_id for a in session.scalars(select(AssignmentRow))},
        dossier_seq={d.id: d.seq for d in session.scalars(select(DossierRow))},
    )


__all__ = ["NOT_THE_CHAIR", "ChairRoster", "chair_roster", "chair_row", "roster_in"]
