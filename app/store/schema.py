"""The store's tables (SQLAlchemy 2 declarative mapping).

Rows stay inside the store's services: callers get plain dataclasses from
``app.models``. The schema is created and evolved only by Alembic migrations
(``app/store/migrations``); ``metadata`` here is what they must produce.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the store schema."""


# The full-text index (migration 0002) is an FTS5 virtual table that SQLite backs with
# shadow tables of its own; no mapped class can describe them, so schema comparisons
# leave them out (see ``include_name``).
SEARCH_TABLES = frozenset(
    ["page_search"]
    + [f"page_search_{part}" for part in ("data", "idx", "content", "docsize", "config")]
)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's name filter: compare every table except the search index's."""
    return not (type_ == "table" and name in SEARCH_TABLES)


class Meta(Base):
    """Facts about the store itself: its kind, owner and round (key → JSON value)."""

    __tablename__ = "store_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RoundRow(Base):
    """A review round at one stage; ``scheme`` and ``rule`` are JSON."""

    __tablename__ = "rounds"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(16))
    scheme: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(Text)
    shortlist_size: Mapped[int] = mapped_column(Integer)
    ca_certificate: Mapped[bytes] = mapped_column(LargeBinary)
    ca_private_key: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class RecommendingUnitRow(Base):
    """A recommending unit (推荐单位) and whether it ran its own regional activity."""

    __tablename__ = "recommending_units"
    __table_args__ = (UniqueConstraint("round_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"))
    name: Mapped[str] = mapped_column(String(200))
    ran_own_activity: Mapped[bool] = mapped_column(Boolean, default=False)


class GroupRow(Base):
    """A specialty group (专业组)."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("round_id", "name"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"))
    name: Mapped[str] = mapped_column(String(100))


class PersonRow(Base):
    """A person of the round; ``certificate`` once packages are issued."""

    __tablename__ = "people"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"))
    name: Mapped[str] = mapped_column(String(100))
    organisation: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    group_id: Mapped[str | None] = mapped_column(ForeignKey("groups.id"), nullable=True)
    certificate: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class IdentityRow(Base):
    """The store owner's own signing key and certificate (a personal store only)."""

    __tablename__ = "identity"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), primary_key=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    certificate: Mapped[bytes] = mapped_column(LargeBinary)


class DossierRow(Base):
    """An enterprise's dossier (申报材料) as listed in the 汇总表."""

    __tablename__ = "dossiers"
    __table_args__ = (UniqueConstraint("round_id", "enterprise"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"))
    seq: Mapped[int] = mapped_column(Integer)
    enterprise: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(32))
    recommending_unit: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str] = mapped_column(String(200))
    industry_code: Mapped[str] = mapped_column(String(16))
    focus_area: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(400))
    profits: Mapped[str] = mapped_column(Text)  # JSON [[year, "123.4" | null], ...]
    folder: Mapped[str | None] = mapped_column(String(400), nullable=True)
    contact: Mapped[str] = mapped_column(String(100), default="")
    manifest_row: Mapped[str] = mapped_column(Text, default="{}")  # the 汇总表 row as read
    content_hash: Mapped[str] = mapped_column(String(64))  # row + files, for re-runs
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DocumentRow(Base):
    """A file of a dossier; its bytes are in documents.db under ``sha256``."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("dossier_id", "name"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(400))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    detected_type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    inspection: Mapped[str] = mapped_column(Text)  # JSON of Inspection without page texts


class PageTextRow(Base):
    """Extracted text of one page (or of a whole Word document as page 1)."""

    __tablename__ = "page_texts"
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    page: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class AssignmentRow(Base):
    """Which group reviews a dossier."""

    __tablename__ = "assignments"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("groups.id"))


class ConflictRow(Base):
    """A declared conflict of interest (回避): the person does not score the dossier."""

    __tablename__ = "conflicts"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)
    declared_by: Mapped[str] = mapped_column(String(16))  # secretariat | self
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class PackageRow(Base):
    """An assignment package issued (workspace) or imported (personal store)."""

    __tablename__ = "packages"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    stage: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(8))  # issued | imported
    at: Mapped[datetime] = mapped_column(DateTime)


class ReviewRecordRow(Base):
    """One person's review of one dossier at one stage (filled by the scoring form)."""

    __tablename__ = "review_records"
    __table_args__ = (UniqueConstraint("stage", "dossier_id", "person_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    stage: Mapped[str] = mapped_column(String(16))
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    scores: Mapped[str] = mapped_column(Text, default="{}")  # JSON aspect → "12.5"
    pair_comments: Mapped[str] = mapped_column(Text, default="{}")
    overall_comment: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    private_notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SignedRevisionRow(Base):
    """A signed revision this store made or accepted: a score sheet, group report or shortlist.

    ``document_id`` is the sheet's or report's stable id; revisions of one document chain
    by ``prev_hash`` (the previous revision's ``content_hash``). The signed PDF itself is
    kept in documents.db under ``file_sha256``. Rows are never edited except ``state``.
    """

    __tablename__ = "signed_revisions"
    __table_args__ = (UniqueConstraint("kind", "document_id", "revision", "content_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # score_sheet | group_report | shortlist
    document_id: Mapped[str] = mapped_column(String(128))
    signer_id: Mapped[str] = mapped_column(String(32))
    round_id: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(16))
    group_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    revision: Mapped[int] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    file_sha256: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # the signed JSON, as embedded
    state: Mapped[str] = mapped_column(String(16))  # own | applied | superseded | kept
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReceivedFileRow(Base):
    """One file offered for import and the verdict on it (the verification table)."""

    __tablename__ = "received_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(400))
    file_sha256: Mapped[str] = mapped_column(String(64))
    signer_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    document_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    verdict: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[str] = mapped_column(String(48))
    reason_zh: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime)


class ConsensusRow(Base):
    """A group's consensus comment (合议意见) on a dossier, written by the leader."""

    __tablename__ = "consensus_comments"
    stage: Mapped[str] = mapped_column(String(16), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ShortlistDecisionRow(Base):
    """A change to a computed shortlist, with its required reason.

    ``scope`` is ``group:<group id>`` for a leader's list and ``chair`` for the chair's.
    """

    __tablename__ = "shortlist_decisions"
    stage: Mapped[str] = mapped_column(String(16), primary_key=True)
    scope: Mapped[str] = mapped_column(String(48), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)
    included: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AuditRow(Base):
    """One entry of the append-only, hash-chained audit log (审计日志)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
