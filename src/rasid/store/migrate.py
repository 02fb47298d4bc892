"""Alembic migrations, configured in code (no alembic.ini) and run when a store opens.

The migration scripts ship inside the package (``rasid/store/migrations``).
Opening a store brings its schema to the newest revision; two processes opening
a fresh store at once take the write lock first, so only one creates it.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from .engine import write_transaction

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration pointing into the package; ``connection`` is used by env.py."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the store's schema to the newest revision (a no-op when it is there)."""
    head = head_revision()
    with engine.connect() as conn:
        if current_revision(conn) == head:
            return
    with write_transaction(engine) as conn:
        if current_revision(conn) != head:  # someone else may have migrated meanwhile
            command.upgrade(alembic_config(conn), "head")
