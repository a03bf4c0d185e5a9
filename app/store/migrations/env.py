"""Alembic environment: always runs on a connection handed in by the store."""

from __future__ import annotations

from alembic import context

from app.store.schema import Base, include_name

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable when alembic is run by hand
    raise RuntimeError("migrations run through app.store.migrate, on an unlocked store")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
