"""``rasid load``: insert the parts of a batch run into a store in bulk, then fuse.

Parts are loaded one at a time in the manifest's order (input order), each in
one write transaction, so memory holds one part (and the ids seen so far)
whatever the size of the run, and an interrupted load keeps what it committed.
Rows go in by the fastest plain route of each backend: on PostgreSQL by
``COPY ... FROM STDIN`` (psycopg 3 ``cursor.copy``), elsewhere (SQLite) by
``executemany`` inside the part's transaction.

Fusion then runs over the part's new events exactly as ``rasid ingest`` runs it:
article by article in input order, each article's events in ``fuse._order``,
every event matched against the clusters of the events fused before it (events
not yet fused belong to no cluster, so they are not candidates), obeying
reviewers' merges and splits.  It runs in memory (``rasid.batch.fusing``): the
candidates of the part's events are read with one query per country and time
window, not one per event, and the new clusters and memberships are inserted in
bulk.  Canonical values are computed once per part rather than once per article:
fusion never reads them, so the clusters come out the same as ``ingest``'s.

Idempotent like ``ingest``: an article stored with the same content hash and
extractor version is skipped; a changed one replaces its old records, at its
place in the input order.  An id already loaded from an earlier article of the
run is a ``bad_value`` failure, as ``rasid.sources.read`` reports it.  Failures
in the parts go to the store's failures table; an article the database refuses
is a ``store_failed`` failure (the part is then stored article by article).
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, exc, insert

from rasid import fuse
from rasid.errors import BAD_VALUE, first_line
from rasid.records import Failure
from rasid.store import clusters, writer
from rasid.store.engine import StoreError, damaged, retrying, write_transaction
from rasid.store.ingest import STORE_FAILED
from rasid.store.models import FailureRow, utcnow
from rasid.store.store import Store

from . import fusing, parts
from .run import MANIFEST, BatchError
from .shards import PART_FORMAT

_CHUNK = 500  # ids per IN (...) list


@dataclass
class LoadReport:
    """What one load did."""

    parts: int = 0
    missing: list[dict[str, Any]] = field(default_factory=list)  # shards without a part
    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    events: int = 0
    rows: int = 0  # rows inserted into the article tables
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    insert_s: float = 0.0  # of which inserting rows
    fuse_s: float = 0.0  # and fusing events into clusters

    @property
    def failed(self) -> int:
        return len(self.failures)

    def __str__(self) -> str:
        missing = f", {len(self.missing)} shard(s) without a part" if self.missing else ""
        return (
            f"{self.parts} part(s) loaded{missing}: {self.stored} article(s) stored, "
            f"{self.replaced} replaced, {self.skipped} unchanged (skipped), {self.failed} "
            f"failure(s) recorded; {self.events} event(s) stored"
        )


@dataclass
class _Counts:
    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    events: int = 0
    rows: int = 0
    insert_s: float = 0.0
    fuse_s: float = 0.0

    def add_to(self, report: LoadReport) -> None:
        for name in ("stored", "replaced", "skipped", "events", "rows", "insert_s", "fuse_s"):
            setattr(report, name, getattr(report, name) + getattr(self, name))


def read_manifest(out: Path) -> dict[str, Any]:
    path = Path(out) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BatchError(
            f"{path} not found: OUT must be the --out folder of a finished `rasid batch` "
            "run (rerun `rasid batch` to finish an interrupted one)"
        ) from None
    except (OSError, ValueError) as error:
        raise BatchError(f"{path} cannot be read ({error})") from error
    if manifest.get("format") != PART_FORMAT:
        raise BatchError(
            f"{path} was written by another version of Rasid (part format "
            f"{manifest.get('format')!r}, expected {PART_FORMAT}); rerun `rasid batch`"
        )
    return manifest


def load(
    store: Store,
    out: Path,
    *,
    progress: bool = False,
    on_failure: Callable[[Failure], None] | None = None,
) -> LoadReport:
    """Load every part listed in ``out``'s manifest into ``store``, in input order."""
    from tqdm import tqdm

    started = time.perf_counter()
    manifest = read_manifest(out)
    parts_dir = Path(out) / "parts"
    report = LoadReport()
    seen: dict[str, str | None] = {}  # id -> origin of its first article in this load
    total = sum(e["articles"] for e in manifest["shards"])
    with tqdm(total=total, unit="article", file=sys.stderr, disable=not progress) as bar:
        for entry in manifest["shards"]:
            if not parts.exists(parts_dir, entry["key"]):
                report.missing.append(entry)
            else:
                part = _Part(parts.read(parts.path(parts_dir, entry["key"])))
                for failure in _load_part(store, part, seen, report):
                    report.failures.append(failure)
                    if on_failure:
                        on_failure(failure)
                report.parts += 1
            bar.update(entry["articles"])
    report.seconds = time.perf_counter() - started
    return report


class _Part:
    """A part's rows, grouped by article."""

    def __init__(self, tables: dict[str, list[dict[str, Any]]]):
        self.articles = tables["articles"]
        self.failures = [Failure(r["input"], r["code"], r["message"]) for r in tables["failures"]]
        self.rows: dict[str, dict[int, list[dict[str, Any]]]] = {}
        for table in parts.TABLES:
            if table in ("articles", "failures"):
                continue
            grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for row in tables[table]:
                grouped[row[parts.ARTICLE]].append(row)
            self.rows[table] = grouped

    def of(self, table: str, articles: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        if table == "articles":
            return list(articles)
        grouped = self.rows[table]
        return [r for a in articles for r in grouped.get(a[parts.ARTICLE], ())]

    def sketches(self, article: dict[str, Any]) -> list[fuse.EventSketch]:
        events = self.rows["events"].get(article[parts.ARTICLE], ())
        return [parts.sketch_from_json(e[parts.SKETCH]) for e in events]


def _load_part(
    store: Store, part: _Part, seen: dict[str, str | None], report: LoadReport
) -> list[Failure]:
    """Store one part; the failures it recorded."""
    failures = list(part.failures)
    articles = []
    for row in part.articles:
        if row["id"] in seen:
            message = (
                f"id {row['id']!r} was already used by {seen[row['id']]}; "
                "expected unique ids (a duplicate article is skipped)"
            )
            failures.append(Failure(row["origin"] or row["id"], BAD_VALUE, message))
            continue
        seen[row["id"]] = row["origin"]
        articles.append(row)
    try:
        counts = retrying(lambda: _store(store, part, articles, failures))
    except exc.SQLAlchemyError as error:
        _stop_if_damaged(store, error)
        # which article the database refused is found by storing them one at a time
        counts = retrying(lambda: _store(store, part, [], failures))
        refused = []
        for row in articles:
            try:
                retrying(lambda row=row: _store(store, part, [row], [])).add_to(report)
            except exc.SQLAlchemyError as refusal:
                _stop_if_damaged(store, refusal)
                message = f"the store refused this article ({first_line(refusal)})"
                refused.append(Failure(row["origin"] or row["id"], STORE_FAILED, message))
        if refused:
            retrying(lambda: _store(store, part, [], refused))
        failures += refused
    counts.add_to(report)
    return failures


def _stop_if_damaged(store: Store, error: exc.SQLAlchemyError) -> None:
    if damaged(error):  # writing on would spread the damage
        raise StoreError(
            f"the store is damaged or cannot be written ({first_line(error)}); nothing more "
            "was written. Run `rasid check --db ...` for what to do",
            input=store.display_url,
        ) from error


def _store(
    store: Store, part: _Part, articles: list[dict[str, Any]], failures: list[Failure]
) -> _Counts:
    """One transaction: record ``failures``, then store and fuse ``articles``."""
    counts = _Counts()
    with write_transaction(store.engine) as conn:
        for failure in failures:  # first, as ingest records an input's failures before its articles
            writer.record_failure(conn, failure)
        if not articles:
            return counts
        state = writer.stored_state(conn, [a["id"] for a in articles])
        todo = []
        for row in articles:
            old = state.get(row["id"])
            if old == (row["content_hash"], row["extractor_version"]):
                counts.skipped += 1
            else:
                todo.append((row, old is not None))
        start = time.perf_counter()
        counts.rows += _insert(conn, part, [row for row, replaced in todo if not replaced])
        _clear_failures(conn, [row for row, _ in todo])
        counts.insert_s += time.perf_counter() - start
        stale: set[int] = set()
        sketches = {row["id"]: part.sketches(row) for row, _ in todo}
        replaced_ids = [row["id"] for row, replaced in todo if replaced]
        fusion = fusing.PartFusion(conn, list(sketches.items()), replaced_ids)
        for row, replaced in todo:
            if replaced:  # at its place in the order, as ingest replaces it
                stale |= clusters.clusters_of_article(conn, row["id"])
                fusion.forget(row["id"])
                writer.delete_article(conn, row["id"])
                counts.rows += _insert(conn, part, [row])
            fusion.fuse(row["id"], sketches[row["id"]])
            counts.replaced += replaced
            counts.stored += not replaced
            counts.events += row["n_events"]
        clusters.refresh(conn, fusion.commit() | stale)
        counts.fuse_s += time.perf_counter() - start - counts.insert_s
    return counts


def _clear_failures(conn: Connection, articles: list[dict[str, Any]]) -> None:
    """Forget the failures of earlier runs of these articles, now stored."""
    names = sorted({a["id"] for a in articles} | {a["origin"] for a in articles if a["origin"]})
    for i in range(0, len(names), _CHUNK):
        conn.execute(delete(FailureRow).where(FailureRow.input.in_(names[i : i + _CHUNK])))


def _insert(conn: Connection, part: _Part, articles: list[dict[str, Any]]) -> int:
    """Insert the articles' rows in every table; how many rows."""
    if not articles:
        return 0
    now = utcnow()
    n = 0
    for table, model in parts.TABLES.items():
        if table == "failures":
            continue
        rows = part.of(table, articles)
        if not rows:
            continue
        names = [c.key for c in parts.columns(table)]
        if table == "articles":
            names.append("ingested_at")
            rows = [{**r, "ingested_at": now} for r in rows]
        if conn.dialect.name == "postgresql":
            _copy(conn, model.__tablename__, names, rows)
        else:
            encoded = parts.json_columns(table)
            values = [{k: json.loads(r[k]) if k in encoded else r[k] for k in names} for r in rows]
            conn.execute(insert(model), values)
        n += len(rows)
    return n


def _copy(conn: Connection, table: str, names: list[str], rows: list[dict[str, Any]]) -> None:
    """``COPY table (names) FROM STDIN`` on the transaction's own connection (JSON
    columns go in as the JSON text the part holds)."""
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(n) for n in names)
    )
    raw = conn.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row([row[n] for n in names])
