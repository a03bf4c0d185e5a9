"""The review service's lookups, each run inside the caller's unit of work.

Kept apart from the service so that what an expert may see is decided in one place:
every read and write of a dossier goes through :func:`visible_dossier`.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.models.round import Role, Round
from app.scoring.record import ReviewRecord
from app.scoring.views import record_from_row
from app.store.schema import (
    AssignmentRow,
    ConflictRow,
    DossierRow,
    Meta,
    PersonRow,
    ReviewRecordRow,
    RoundRow,
)

NO_PACKAGE = Text(
    "此存储中还没有评审任务。请先导入您的评审任务包（文件 → 导入任务包）。",
    "This store holds no review assignment yet. Import your assignment package first "
    "(File → Import package).",
)


def not_assigned(dossier_id: str) -> InputRefused:
    return InputRefused(
        Text(
            f"申报材料 {dossier_id} 不在您的评审任务中，未做任何修改。",
            f"The dossier {dossier_id} is not among those assigned to you; nothing was changed.",
        )
    )


def _meta(session: Session, key: str) -> Any:
    row = session.get(Meta, key)
    return None if row is None else json.loads(row.value)


def owner_row(session: Session) -> PersonRow:
    """The store's owner, named by the imported package; refused until there is one."""
    owner_id = _meta(session, "owner_person_id")
    owner = session.get(PersonRow, owner_id) if owner_id else None
    if owner is None:
        raise InputRefused(NO_PACKAGE)
    return owner


def round_row(session: Session) -> RoundRow:
    """The round the package brought; refused until there is one."""
    round_id = _meta(session, "round_id")
    row = session.get(RoundRow, round_id) if round_id else None
    if row is None:
        raise InputRefused(NO_PACKAGE)
    return row


def visible_dossiers(owner: PersonRow) -> Select[DossierRow, str]:
    """The owner's dossiers with their group: their group's, or every group's for the chair.

    Only dossiers assigned at the current stage: after the material stage the defense
    package narrows the assignments to the shortlisted dossiers, and the others drop off
    everyone's list (their earlier records stay in the store).
    """
    query = (
        select(DossierRow, AssignmentRow.group_id)
        .join(AssignmentRow, AssignmentRow.dossier_id == DossierRow.id)
        .order_by(DossierRow.seq)
    )
    if owner.role != Role.CHAIR.value:
        query = query.where(AssignmentRow.group_id == owner.group_id)
    return query


def visible_dossier(
    session: Session, owner: PersonRow, dossier_id: str
) -> tuple[DossierRow, str | None]:
    """One of the owner's dossiers and its group id; any other is refused."""
    found = session.execute(visible_dossiers(owner).where(DossierRow.id == dossier_id)).first()
    if found is None:
        raise not_assigned(dossier_id)
    row, group_id = found
    return row, group_id


def load_record(
    session: Session, owner: PersonRow, rnd: Round, dossier_id: str
) -> tuple[ReviewRecord, ReviewRecordRow | None, ConflictRow | None]:
    """The owner's record of a dossier at the current stage, with the rows behind it."""
    row = session.scalars(
        select(ReviewRecordRow).where(
            ReviewRecordRow.stage == rnd.stage.value,
            ReviewRecordRow.dossier_id == dossier_id,
            ReviewRecordRow.person_id == owner.id,
        )
    ).one_or_none()
    conflict = session.get(ConflictRow, (owner.id, dossier_id))
    return record_from_row(dossier_id, rnd.stage, row, conflict), row, conflict


def owner_records(session: Session, owner: PersonRow, rnd: Round) -> dict[str, ReviewRecord]:
    """The owner's records at the current stage, and bare ones for conflicts, by dossier."""
    rows = {
        r.dossier_id: r
        for r in session.scalars(
            select(ReviewRecordRow).where(
                ReviewRecordRow.person_id == owner.id, ReviewRecordRow.stage == rnd.stage.value
            )
        )
    }
    conflicts = {
        c.dossier_id: c
        for c in session.scalars(select(ConflictRow).where(ConflictRow.person_id == owner.id))
    }
    return {
        dossier_id: record_from_row(
            dossier_id, rnd.stage, rows.get(dossier_id), conflicts.get(dossier_id)
        )
        for dossier_id in rows.keys() | conflicts.keys()
    }
