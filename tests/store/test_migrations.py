"""Schema migrations: a new store is at head and matches the ORM metadata."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.store import migrate
from app.store.schema import Base, include_name
from app.store.store import Store


def test_new_store_is_at_head(store: Store) -> None:
    assert migrate.current_revision(store.engine) == migrate.head_revision()


def test_migrations_produce_the_declared_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent(store: Store) -> None:
    migrate.upgrade(store.engine)
    assert migrate.current_revision(store.engine) == migrate.head_revision()
