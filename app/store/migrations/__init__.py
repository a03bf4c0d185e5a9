"""Alembic migrations of the store schema (run programmatically by ``app.store.migrate``)."""
