"""Assigning dossiers to groups (分组) and recording conflicts of interest (回避)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.models.round import Role
from app.secretariat.roster import SECRETARIAT, find_group, find_person, round_row
from app.store import audit
from app.store.schema import AssignmentRow, ConflictRow, DossierRow, PersonRow
from app.store.store import Store


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


def assign(store: Store, group: str, dossiers: list[str] | None) -> AssignmentResult:
    """Assign the given dossiers (or all, when ``None``) to ``group``."""
    with store.session() as session:
        round_row(session)
        group_row = find_group(session, group)
        if dossiers is None:
            rows = list(session.scalars(select(DossierRow).order_by(DossierRow.seq)))
        else:
            rows = [find_dossier(session, ref) for ref in dossiers]
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
