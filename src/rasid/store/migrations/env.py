"""Alembic environment: always run on the connection Rasid hands over (online only)."""

from __future__ import annotations

from alembic import context

from rasid.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - Rasid always passes a connection
    raise RuntimeError("Rasid's migrations run through rasid.store.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
