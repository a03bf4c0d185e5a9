"""Signed exchange: revisions of signed sheets and reports, received files, group decisions.

``sheet_revisions`` (from 0001, never written) gives way to ``signed_revisions``, which
holds every signed revision a store made or accepted — score sheets, group reports and
final shortlists alike, told apart by ``kind``. ``received_files`` is the verification
ledger: one row per file offered, with its verdict and the reason in both languages.
``consensus_comments`` and ``shortlist_decisions`` hold the leader's and chair's own
words: the group's 合议意见 and each change to a computed shortlist with its reason.
``review_records.submitted_revision`` names the signed sheet revision a record went out
in; an edit afterwards clears it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("sheet_revisions")
    op.create_table(
        "signed_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("document_id", sa.String(length=128), nullable=False),
        sa.Column("signer_id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("group_id", sa.String(length=32), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "document_id", "revision", "content_hash"),
    )
    op.create_table(
        "received_files",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.String(length=400), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("signer_id", sa.String(length=32), nullable=True),
        sa.Column("document_id", sa.String(length=128), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("reason_code", sa.String(length=48), nullable=False),
        sa.Column("reason_zh", sa.Text(), nullable=False),
        sa.Column("reason_en", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "consensus_comments",
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("dossier_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.PrimaryKeyConstraint("stage", "dossier_id"),
    )
    op.create_table(
        "shortlist_decisions",
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=48), nullable=False),
        sa.Column("dossier_id", sa.String(length=32), nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.PrimaryKeyConstraint("stage", "scope", "dossier_id"),
    )
    op.add_column("review_records", sa.Column("submitted_revision", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("review_records", "submitted_revision")
    op.drop_table("shortlist_decisions")
    op.drop_table("consensus_comments")
    op.drop_table("received_files")
    op.drop_table("signed_revisions")
    op.create_table(
        "sheet_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sheet_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sheet_id", "revision", "content_hash"),
    )
