"""``rasid check``: is a store whole, of this version's schema, and consistent?

Each finding says what is wrong and what to do, so a user who met "the store is
damaged" in an ingest knows the next step.  Nothing here writes to the store.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import Connection, create_engine, exc, text
from sqlalchemy.engine import make_url

from rasid.errors import first_line

from . import migrate
from .engine import resolve_url

OK, PROBLEM = "ok", "problem"
# integrity_check lists at most this many damaged pages; more say nothing new.
_MAX_ERRORS = 20


@dataclass(frozen=True)
class Finding:
    check: str
    status: str  # OK or PROBLEM
    detail: str
    advice: str = ""


def check_store(db: str | os.PathLike[str] | None) -> list[Finding]:
    """Check the store at ``db`` without changing it."""
    url = resolve_url(db)
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database and not os.path.isfile(parsed.database):
        return [Finding("file", PROBLEM, f"no store at {parsed.database}", "check --db")]
    if sqlite:
        url = f"sqlite:///file:{os.path.abspath(parsed.database or '')}?mode=ro&uri=true"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return _checks(conn, sqlite)
    except exc.DBAPIError as error:
        return [Finding("open", PROBLEM, first_line(error), _REBUILD)]
    finally:
        engine.dispose()


_REBUILD = (
    "restore the store from a backup; or build a new one from the same inputs with "
    "`rasid ingest INPUTS --db NEW` (every article is coded again); SQLite's "
    "`sqlite3 OLD .recover | sqlite3 NEW` may save what is readable"
)


def _checks(conn: Connection, sqlite: bool) -> list[Finding]:
    out: list[Finding] = []
    if sqlite:
        try:
            rows = [r[0] for r in conn.execute(text(f"PRAGMA integrity_check({_MAX_ERRORS})"))]
        except exc.DBAPIError as error:
            return [Finding("integrity", PROBLEM, first_line(error), _REBUILD)]
        if rows == ["ok"]:
            out.append(Finding("integrity", OK, "every page and index is whole"))
        else:
            shown = "; ".join(rows[:3]) + (" ..." if len(rows) > 3 else "")
            return [Finding("integrity", PROBLEM, f"{len(rows)} problem(s): {shown}", _REBUILD)]
    try:
        current = migrate.current_revision(conn)
    except exc.DBAPIError as error:
        return [*out, Finding("schema", PROBLEM, first_line(error), _REBUILD)]
    head = migrate.head_revision()
    if current is None:
        out.append(
            Finding("schema", PROBLEM, "not a Rasid store (no schema revision)", "check --db")
        )
        return out
    if current != head:
        out.append(
            Finding(
                "schema",
                PROBLEM,
                f"schema revision {current}, this Rasid uses {head}",
                "run any writing command (e.g. `rasid ingest`) to upgrade it",
            )
        )
        return out
    out.append(Finding("schema", OK, f"revision {head}, as this Rasid expects"))
    orphans = conn.execute(
        text(
            "SELECT count(*) FROM events e WHERE NOT EXISTS "
            "(SELECT 1 FROM articles a WHERE a.id = e.article_id)"
        )
    ).scalar_one()
    if orphans:
        out.append(
            Finding(
                "consistency",
                PROBLEM,
                f"{orphans} event(s) belong to no stored article",
                "re-ingest the inputs: each article's events are replaced whole",
            )
        )
    else:
        out.append(Finding("consistency", OK, "every event belongs to a stored article"))
    return out
