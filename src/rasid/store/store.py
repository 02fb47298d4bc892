"""``Store``: an open event store (engine + migrated schema) and its write operations."""

from __future__ import annotations

import os
from collections.abc import Iterable

from sqlalchemy import Connection, exc
from sqlalchemy.engine import make_url

from rasid.errors import first_line
from rasid.records import ArticleResult, Failure

from . import migrate, writer
from .engine import (
    StoreError,
    cannot_write,
    damaged,
    make_engine,
    resolve_url,
    retrying,
    write_transaction,
)


class Store:
    """An event store at ``db`` (a URL or SQLite path; default ``$RASID_DB`` or ./rasid.db).

    Opening creates the store if needed and applies pending migrations.
    """

    def __init__(self, db: str | os.PathLike[str] | None = None, *, readonly: bool = False):
        self.url = resolve_url(db)
        self.readonly = False
        self.engine = make_engine(self.url)
        try:
            retrying(lambda: migrate.upgrade(self.engine))
        except exc.DBAPIError as error:
            self.engine.dispose()
            if readonly and cannot_write(error) and self._open_read_only():
                return
            hint = "; run `rasid check --db ...` for what to do" if damaged(error) else ""
            raise StoreError(
                f"cannot open the store {self.display_url}: {first_line(error)}{hint}"
            ) from error

    def _open_read_only(self) -> bool:
        """Open a SQLite store the user may read but not write (a shared archive, a file
        on read-only media), for reading only; False when that is not possible."""
        url = make_url(self.url)
        path = url.database
        if url.get_backend_name() != "sqlite" or not path or not os.path.isfile(path):
            return False
        # SQLite reads a WAL store it cannot write only as an immutable file
        self.engine = make_engine(f"sqlite:///file:{os.path.abspath(path)}?immutable=1&uri=true")
        try:
            with self.engine.connect() as conn:
                current = migrate.current_revision(conn)
        except exc.DBAPIError:
            self.engine.dispose()
            return False
        if current != migrate.head_revision():
            self.engine.dispose()
            raise StoreError(
                f"cannot open the store {self.display_url}: it is read-only and was made by "
                "another version of Rasid; open it once with write access to upgrade it"
            )
        self.readonly = True
        return True

    @property
    def display_url(self) -> str:
        """The URL without its password."""
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def connect(self) -> Connection:
        """A connection for reading (use as a context manager)."""
        return self.engine.connect()

    def stored_state(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        with self.connect() as conn:
            return writer.stored_state(conn, ids)

    def save(
        self,
        result: ArticleResult,
        *,
        digest: str | None = None,
        version: str | None = None,
    ) -> str:
        """Store one result in its own transaction (retried when it lost a race)."""

        def work() -> str:
            with write_transaction(self.engine) as conn:
                return writer.save_result(conn, result, digest=digest, version=version)

        return retrying(work)

    def record_failure(self, failure: Failure) -> None:
        def work() -> None:
            with write_transaction(self.engine) as conn:
                writer.record_failure(conn, failure)

        retrying(work)
