"""Assigning dossiers to groups (分组) and recording conflicts of interest (回避)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.models.round import Role, Stage
from app.secretariat.roster import SECRETARIAT, find_group, find_person, round_row
from app.store import audit
from app.store.schema import (
    AssignmentRow,
    ConflictRow,
    DossierRow,
    PersonRow,
    RoundRow,
    SignedRevisionRow,
)
from app.store.store import Store

SHORTLIST_KIND = "shortlist"
"""As ``app.chair.shortlist.SHORTLIST_KIND``; not imported from there, which loads pyHanko."""


@dataclass(frozen=True)
class AssignmentResult:
    """What an assign call changed."""

    group: str
    assigned: tuple[str, ...]  # enterprises newly assigned or moved to the group
    unchanged: tuple[str, ...]


def find_dossier(session: Session, ref: str) -> DossierRow:
    """A dossier by 序号, id, or exact enterprise name."""
    ref = ref.strip()
    row: DossierRow | None = None
    if ref.isdigit():
        row = session.scalars(select(DossierRow).where(DossierRow.seq == int(ref))).first()
    row = row or session.get(DossierRow, ref)
    row = row or session.scalars(select(DossierRow).where(DossierRow.enterprise == ref)).first()
    if row is None:
        raise InputRefused(
            Text(
                f"找不到申报材料“{ref}”（可用序号、编号或企业名称）。",
                f"No dossier “{ref}” (use its number, id or enterprise name).",
            )
        )
    return row


def defense_list(session: Session, rnd: RoundRow) -> frozenset[str] | None:
    """The dossiers the chair's list sent to the defense, at the defense stage.

    ``None`` at the material stage, or when the round began at the defense stage without
    a list: then any dossier may be assigned.
    """
    if rnd.stage != Stage.DEFENSE.value:
        return None
    row = session.scalars(
        select(SignedRevisionRow).where(
            SignedRevisionRow.kind == SHORTLIST_KIND,
            SignedRevisionRow.round_id == rnd.id,
            SignedRevisionRow.stage == Stage.MATERIAL.value,
            SignedRevisionRow.state == "applied",
        )
    ).first()
    return None if row is None else frozenset(json.loads(row.payload)["shortlist"])


def _not_on_the_list(row: DossierRow) -> InputRefused:
    return InputRefused(
        Text(
            f"序号 {row.seq}“{row.enterprise}”不在主任委员签署的入围答辩名单上，"
            "答辩评审阶段不能分配给专业组，未做任何修改。",
            f"No. {row.seq} “{row.enterprise}” is not on the chair's signed defense shortlist, "
            "so it cannot be assigned at the defense stage; nothing changed.",
        )
    )


def assign(store: Store, group: str, dossiers: list[str] | None) -> AssignmentResult:
    """Assign the given dossiers (or all, when ``None``) to ``group``.

    At the defense stage only the dossiers on the chair's list are in play: "all" means
    all of those, and naming another is refused.
    """
    with store.session() as session:
        rnd = round_row(session)
        group_row = find_group(session, group)
        in_play = defense_list(session, rnd)
        if dossiers is None:
            rows = list(session.scalars(select(DossierRow).order_by(DossierRow.seq)))
            rows = [r for r in rows if in_play is None or r.id in in_play]
        else:
            rows = [find_dossier(session, ref) for ref in dossiers]
            outside = [r for r in rows if in_play is not None and r.id not in in_play]
            if outside:
                raise _not_on_the_list(outside[0])
        if not rows:
            raise InputRefused(
                Text("还没有导入任何申报材料。", "No dossiers have been imported yet.")
            )
        changed: list[str] = []
        unchanged: list[str] = []
        for row in rows:
            current = session.get(AssignmentRow, row.id)
            if current is not None and current.group_id == group_row.id:
                unchanged.append(row.enterprise)
                continue
            if current is None:
                session.add(AssignmentRow(dossier_id=row.id, group_id=group_row.id))
            else:
                current.group_id = group_row.id
            changed.append(row.enterprise)
        if changed:
            audit.record(
                session,
                actor=SECRETARIAT,
                action="dossier.assign",
                subject=group_row.id,
                detail={"group": group_row.name, "enterprises": changed},
            )
        return AssignmentResult(group_row.name, tuple(changed), tuple(unchanged))


def add_conflict(store: Store, person: str, dossier: str, reason: str = "") -> bool:
    """Record that ``person`` must not score ``dossier``; ``False`` if already recorded."""
    with store.session() as session:
        person_row: PersonRow = find_person(session, person)
        if person_row.role == Role.SECRETARIAT.value:
            raise InputRefused(
                Text("办公室人员不评分，无需回避。", "Secretariat staff do not score.")
            )
        dossier_row = find_dossier(session, dossier)
        if session.get(ConflictRow, (person_row.id, dossier_row.id)) is not None:
            return False
        session.add(
            ConflictRow(
                person_id=person_row.id,
                dossier_id=dossier_row.id,
                declared_by="secretariat",
                reason=reason,
                created_at=datetime.now(UTC),
            )
        )
        audit.record(
            session,
            actor=SECRETARIAT,
            action="conflict.add",
            subject=dossier_row.id,
            detail={"person": person_row.name, "enterprise": dossier_row.enterprise},
        )
        return True
