"""Database URLs, engines and write transactions for SQLite and PostgreSQL.

SQLite is the default: one file, WAL journal (readers never wait for the
writer), a busy timeout, foreign keys on, and write transactions that take the
write lock up front (``BEGIN IMMEDIATE``) so two writers queue instead of
failing half-way.  On PostgreSQL (psycopg 3) write transactions take one
transaction-level advisory lock, so concurrent ingests serialise their cluster
updates the same way.  ``retrying`` re-runs a unit of work that lost a race
(``database is locked``, a unique-constraint clash with a concurrent writer).
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

from rasid.errors import RasidError

DEFAULT_DB = "rasid.db"
ENV_DB = "RASID_DB"
BUSY_TIMEOUT_MS = 60_000
WRITE_LOCK_KEY = 0x52415349  # "RASI": the advisory lock of Rasid's writers
T = TypeVar("T")


class StoreError(RasidError):
    """The store cannot be opened, migrated or written."""

    code = "store_error"


# Driver messages that say the database itself is broken or cannot be written at all,
# whatever article is being stored: SQLite's and PostgreSQL's.
_DAMAGE = (
    "database disk image is malformed",
    "file is not a database",
    "disk i/o error",
    "database or disk is full",
    "no space left on device",
    "attempt to write a readonly database",
    "could not extend file",
    "read-only transaction",
)


def _said(error: BaseException) -> str:
    """The driver's message under a SQLAlchemy wrapper, in lower case."""
    return str(getattr(error, "orig", None) or error).lower()


def damaged(error: BaseException) -> bool:
    """Does ``error`` say the store is damaged, full or read-only (stop writing), rather
    than that it refused one article's records (record that, and go on)?"""
    return any(m in _said(error) for m in _DAMAGE)


def cannot_write(error: BaseException) -> bool:
    """Does ``error`` say the user may not write the store (it may still be read)?"""
    text = _said(error)
    return "readonly" in text or "read-only" in text or "unable to open" in text


def resolve_url(db: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from ``--db``: a URL, a file path, or None (``$RASID_DB`` or ./rasid.db).

    ``postgresql://`` and ``postgres://`` are rewritten to use psycopg 3.
    """
    raw = os.fspath(db) if db is not None else os.environ.get(ENV_DB) or DEFAULT_DB
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser()}"
    scheme, rest = raw.split("://", 1)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg2"):
        return f"postgresql+psycopg://{rest}"
    if scheme.startswith(("sqlite", "postgresql+psycopg")):
        return raw
    raise StoreError(
        f"unsupported database URL scheme {scheme!r}; expected sqlite:///PATH or postgresql://..."
    )


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (already resolved) with Rasid's connection settings."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as e:
        raise StoreError(f"{url!r} is not a database URL ({e})") from e
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            raise StoreError(f"cannot create the store {database}: folder {folder} does not exist")
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy's BEGIN below decide when transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        # A fresh file another process is creating may be locked: its opener sets WAL.
        with contextlib.suppress(sqlite3.OperationalError):
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("rasid_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction holding the store's write lock; commits on success."""
    with engine.connect() as conn:
        conn.execution_options(rasid_write=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
            yield conn


def is_retryable(error: BaseException) -> bool:
    """Errors another writer caused, which a second try resolves."""
    if isinstance(error, exc.IntegrityError):
        return True
    if isinstance(error, exc.OperationalError):
        text = str(error.orig).lower()
        return "locked" in text or "busy" in text or "deadlock" in text
    if isinstance(error, exc.DBAPIError):
        name = type(error.orig).__name__
        return name in ("SerializationFailure", "DeadlockDetected", "LockNotAvailable")
    return False


def retrying(work: Callable[[], T], attempts: int = 8) -> T:
    """``work()``, tried again (with a short random back-off) when it lost a race."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except exc.DBAPIError as error:
            if attempt == attempts or not is_retryable(error):
                raise
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("unreachable")
