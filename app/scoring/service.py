"""The review service (评审服务): the expert's dossiers and records, read and written safely.

Every call is one unit of work on the store and returns plain data, so the UI can
call it from its single store worker and keep the results anywhere. Saving is the
autosave path: it refuses anything invalid before writing, writes nothing when
nothing changed, and otherwise leaves exactly one audit entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.formal.model import RuleLimits
from app.models.round import Person, Round
from app.scoring.queries import (
    NO_PACKAGE,
    load_record,
    owner_records,
    owner_row,
    round_row,
    visible_dossier,
    visible_dossiers,
)
from app.scoring.record import ReviewRecord, missing, status, total, validate
from app.scoring.views import (
    SELF,
    DeclaredConflict,
    DossierDetail,
    DossierSummary,
    OutlineEntry,
    conflict_from_row,
    document_from_row,
    document_order,
    dossier_from_row,
    fill_row,
    outline,
    record_from_row,
    unreadable_reason,
)
from app.scoring.views import changes as record_changes
from app.secretariat.roster import person_from_row, round_from_row
from app.store import audit
from app.store.schema import (
    ConflictRow,
    DocumentRow,
    DossierRow,
    GroupRow,
    PersonRow,
    ReviewRecordRow,
)
from app.store.store import Store


class ReviewService:
    """The expert's view of their store: owner, round, dossiers, records and conflicts."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- who and what ----------------------------------------------------------------

    def owner(self) -> Person:
        """The person this store belongs to (from their imported package)."""
        with self._store.session() as session:
            return person_from_row(owner_row(session))

    def round(self) -> Round:
        """The round and stage the store holds; refused until a package is imported."""
        with self._store.session() as session:
            return round_from_row(round_row(session))

    def group_name(self) -> str | None:
        """The owner's specialty group, or ``None`` for the chair."""
        with self._store.session() as session:
            owner = owner_row(session)
            group = session.get(GroupRow, owner.group_id) if owner.group_id else None
            return group.name if group is not None else None

    # -- dossiers --------------------------------------------------------------------

    def dossiers(self) -> list[DossierSummary]:
        """The owner's dossiers in 序号 order, each with its status for the current stage."""
        with self._store.session() as session:
            owner, rnd = owner_row(session), round_from_row(round_row(session))
            records = owner_records(session, owner, rnd)
            counts: dict[str, int] = {
                dossier_id: count
                for dossier_id, count in session.execute(
                    select(DocumentRow.dossier_id, func.count()).group_by(DocumentRow.dossier_id)
                )
            }
            groups = {g.id: g.name for g in session.scalars(select(GroupRow))}
            out: list[DossierSummary] = []
            for row, group_id in session.execute(visible_dossiers(owner)):
                record = records.get(row.id) or ReviewRecord(row.id, rnd.stage)
                scored = bool(record.scores) and not record.conflict
                out.append(
                    DossierSummary(
                        id=row.id,
                        seq=row.seq,
                        enterprise=row.enterprise,
                        title=row.title,
                        group=groups.get(group_id) if group_id else None,
                        status=status(record, rnd.scheme),
                        total=total(record, rnd.scheme) if scored else None,
                        documents=counts.get(row.id, 0),
                        updated_at=record.updated_at,
                    )
                )
            return out

    def dossier(self, dossier_id: str) -> DossierDetail:
        """A dossier opened for review: documents in tab order with their outlines."""
        with self._store.session() as session:
            owner = owner_row(session)
            row, group_id = visible_dossier(session, owner, dossier_id)
            group = session.get(GroupRow, group_id) if group_id else None
            documents = sorted(
                session.scalars(select(DocumentRow).where(DocumentRow.dossier_id == row.id)),
                key=document_order,
            )
            limits = RuleLimits()
            unreadable = {d.id: why for d in documents if (why := unreadable_reason(d)) is not None}
            return DossierDetail(
                dossier=dossier_from_row(row),
                group=group.name if group is not None else None,
                documents=tuple(document_from_row(d) for d in documents),
                outlines={d.id: outline(d, limits) for d in documents},
                unreadable=unreadable,
                conflict=conflict_from_row(session.get(ConflictRow, (owner.id, row.id))),
            )

    def document_bytes(self, document_id: str) -> bytearray:
        """A document's bytes, decrypted into memory only (never written to disk).

        A ``bytearray`` because that is what the document store assembles: copying a
        150 MB scan into ``bytes`` would cost time on every open for nothing.
        """
        with self._store.session() as session:
            owner = owner_row(session)
            doc = session.get(DocumentRow, document_id)
            if doc is None:
                raise InputRefused(
                    Text(
                        f"存储中没有文档 {document_id}。",
                        f"The store holds no document {document_id}.",
                    )
                )
            visible_dossier(session, owner, doc.dossier_id)
            sha256 = doc.sha256
        return self._store.documents.get(sha256)

    # -- records ---------------------------------------------------------------------

    def record(self, dossier_id: str) -> ReviewRecord:
        """The owner's record of a dossier at the current stage (empty when none is stored)."""
        with self._store.session() as session:
            owner, rnd = owner_row(session), round_from_row(round_row(session))
            visible_dossier(session, owner, dossier_id)
            return load_record(session, owner, rnd, dossier_id)[0]

    def save(self, record: ReviewRecord) -> ReviewRecord:
        """Store a record edited in the form; the stored record comes back.

        Refused, with nothing written, when a score is out of range or off the step,
        the dossier is not the owner's, the record is of another stage, or it would
        change a conflict declaration (that is :meth:`declare_conflict`'s business).
        """
        with self._store.session() as session:
            owner, rnd = owner_row(session), round_from_row(round_row(session))
            return _save_record(session, owner, rnd, record, datetime.now(UTC))

    def save_all(self, records: Sequence[ReviewRecord]) -> list[ReviewRecord]:
        """Store several records in one unit of work: all of them, or none.

        Each record gets :meth:`save`'s checks, and an audit entry of its own when it
        changes anything. An offline form brings many records back at once, and half
        of them stored would leave the expert unsure which half.
        """
        ids = [r.dossier_id for r in records]
        if len(set(ids)) != len(ids):
            raise ValueError("save_all was given the same dossier twice")
        with self._store.session() as session:
            owner, rnd = owner_row(session), round_from_row(round_row(session))
            now = datetime.now(UTC)
            saved: list[ReviewRecord] = []
            for record in records:
                try:
                    saved.append(_save_record(session, owner, rnd, record, now))
                except InputRefused as exc:
                    if len(records) == 1:
                        raise
                    raise _naming_dossier(session, record.dossier_id, exc) from exc
            return saved

    def declare_conflict(self, dossier_id: str, reason: str) -> ReviewRecord:
        """Declare a conflict of interest (回避): scores, comments and recommendation go.

        Private notes stay. Declaring again changes nothing.
        """
        reason = reason.strip()
        with self._store.session() as session:
            owner, rnd = owner_row(session), round_from_row(round_row(session))
            visible_dossier(session, owner, dossier_id)
            stored, row, conflict = load_record(session, owner, rnd, dossier_id)
            if conflict is not None:
                return stored
            now = datetime.now(UTC)
            conflict = ConflictRow(
                person_id=owner.id,
                dossier_id=dossier_id,
                declared_by=SELF,
                reason=reason,
                created_at=now,
            )
            session.add(conflict)
            cleared = stored.declared_conflict(reason)
            if row is None:
                row = ReviewRecordRow(
                    stage=rnd.stage.value, dossier_id=dossier_id, person_id=owner.id
                )
                session.add(row)
            fill_row(row, cleared, now)
            row.submitted_revision = None
            audit.record(
                session,
                actor=owner.name,
                action="record.conflict.declare",
                subject=dossier_id,
                detail={
                    "stage": rnd.stage.value,
                    "reason": reason,
                    "cleared": record_changes(stored, cleared).get("changed", []),
                },
            )
            return record_from_row(dossier_id, rnd.stage, row, conflict)

    def withdraw_conflict(self, dossier_id: str) -> ReviewRecord:
        """Withdraw one's own conflict declaration; those the secretariat recorded stand."""
        with self._store.session() as session:
            owner, rnd = owner_row(session), round_from_row(round_row(session))
            visible_dossier(session, owner, dossier_id)
            stored, row, conflict = load_record(session, owner, rnd, dossier_id)
            if conflict is None:
                return stored
            if conflict.declared_by != SELF:
                raise InputRefused(
                    Text(
                        "此回避由评审办公室登记，不能在此撤销；如有误，请联系评审办公室。",
                        "This conflict was recorded by the secretariat and cannot be withdrawn "
                        "here; contact the secretariat if it is wrong.",
                    )
                )
            session.delete(conflict)
            if row is not None:
                row.conflict = False
                row.updated_at = datetime.now(UTC)
                row.submitted_revision = None
            audit.record(
                session,
                actor=owner.name,
                action="record.conflict.withdraw",
                subject=dossier_id,
                detail={"stage": rnd.stage.value},
            )
            return record_from_row(dossier_id, rnd.stage, row, None)

    def missing_overall(self) -> list[tuple[str, list[Text]]]:
        """Each of the owner's dossiers that is not complete yet, with what it lacks."""
        with self._store.session() as session:
            owner, rnd = owner_row(session), round_from_row(round_row(session))
            records = owner_records(session, owner, rnd)
            out: list[tuple[str, list[Text]]] = []
            for row, _group in session.execute(visible_dossiers(owner)):
                record = records.get(row.id) or ReviewRecord(row.id, rnd.stage)
                lacking = missing(record, rnd.scheme, rnd.stage)
                if lacking:
                    out.append((row.id, lacking))
            return out


def _save_record(
    session: Session, owner: PersonRow, rnd: Round, record: ReviewRecord, now: datetime
) -> ReviewRecord:
    """:meth:`ReviewService.save`'s checks and write, inside the caller's unit of work."""
    problems = validate(record, rnd.scheme)
    if problems:
        raise InputRefused(
            Text(
                "未保存：" + "；".join(p.zh for p in problems),
                "Not saved: " + " ".join(p.en for p in problems),
            )
        )
    if record.stage is not rnd.stage:
        raise InputRefused(
            Text(
                f"此记录属于{record.stage.label}阶段，当前为{rnd.stage.label}阶段，未保存。",
                f"This record is of the {record.stage.value} stage, but the round is at "
                f"the {rnd.stage.value} stage; not saved.",
            )
        )
    visible_dossier(session, owner, record.dossier_id)
    stored, row, conflict = load_record(session, owner, rnd, record.dossier_id)
    if record.conflict and conflict is None:
        raise InputRefused(
            Text(
                "回避须通过“声明回避”办理，未保存。",
                "A conflict is declared with “Declare conflict”; not saved.",
            )
        )
    if conflict is not None and not record.conflict:
        raise InputRefused(
            Text(
                "您已对这份申报材料回避，不能评分；如需评分，请先撤销回避。",
                "You have declared a conflict on this dossier and cannot score it; "
                "withdraw the declaration first.",
            )
        )
    detail = record_changes(stored, record)
    if not detail:
        return stored
    if row is None:
        row = ReviewRecordRow(
            stage=rnd.stage.value, dossier_id=record.dossier_id, person_id=owner.id
        )
        session.add(row)
    fill_row(row, record, now)
    if set(detail["changed"]) - {"private_notes"}:
        row.submitted_revision = None  # what was signed no longer says this
    audit.record(
        session,
        actor=owner.name,
        action="record.save",
        subject=record.dossier_id,
        detail={"stage": rnd.stage.value, **detail},
    )
    return record_from_row(record.dossier_id, rnd.stage, row, conflict)


def _naming_dossier(session: Session, dossier_id: str, exc: InputRefused) -> InputRefused:
    """The refusal of one record among several, saying which dossier it was."""
    row = session.get(DossierRow, dossier_id)
    if row is None:
        return exc
    return InputRefused(
        Text(
            f"序号 {row.seq}（{row.enterprise}）：{exc.text.zh}",
            f"No. {row.seq} ({row.enterprise}): {exc.text.en}",
        )
    )


__all__ = [
    "NO_PACKAGE",
    "DeclaredConflict",
    "DossierDetail",
    "DossierSummary",
    "OutlineEntry",
    "ReviewService",
]
