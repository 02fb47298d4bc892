"""Store incidents imported from other event datasets (ACLED exports, UCDP GED releases).

An imported row is an incident already coded by people, so it is stored as one
article (the row), one event and one cluster of its own with ``origin`` = the
dataset: it never fuses with incidents Rasid coded from articles, nor with
other rows (each row is already one incident), and every query, trend, alert,
report and export sees it beside Rasid's own.

Re-importing is idempotent: a row whose cells did not change is skipped (its
digest is the stored content hash), a changed row replaces its old version, and
rows of the same dataset that a newer release no longer holds are removed --
only within the countries and the date span the file covers, so importing
ACLED's Iraq file does not remove its Syria rows, and only when no row of the
file was bad (a bad row may be a stored incident's new version; it is kept).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from rasid.datasets import BadRow, ImportedIncident

from . import clusters, writer
from .engine import retrying, write_transaction
from .models import (
    ActorRow,
    ArticleRow,
    ClusterActorRow,
    ClusterMemberRow,
    ClusterRow,
    EventRow,
    utcnow,
)
from .store import Store

# Rows written per transaction: large enough that a 100,000-row file imports in
# seconds, small enough that an interrupted import loses little.
CHUNK = 2000
DATASET_NAMES = {"acled": "ACLED", "ucdp-ged": "UCDP GED"}


@dataclass
class ImportReport:
    """What one import did; ``bad`` holds every row that was skipped, with its line."""

    dataset: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept_missing: bool = False
    bad: list[BadRow] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.added} incident(s) added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed; {len(self.bad)} bad row(s) skipped"
        )
        if self.kept_missing:
            text += " (stored rows missing from this file were kept because some rows were bad)"
        return text


@dataclass
class _Scope:
    """The countries and the date span an import file covers."""

    countries: set[str | None] = field(default_factory=set)
    first: dt.date | None = None
    last: dt.date | None = None

    def add(self, item: ImportedIncident) -> None:
        self.countries.add(item.country)
        self.first = min(self.first or item.date_start, item.date_start)
        self.last = max(self.last or item.date_start, item.date_start)


AdminNames = Callable[[str | None, str | None], str | None]


_UNIT = re.compile(
    r"\s+(?:province|governorate|state|region|district|county|department|prefecture"
    r"|division|oblast|wilaya|muhafazat)\s*$",
    re.IGNORECASE,
)


def plain_admin(name: str | None, country: str | None = None) -> str | None:
    """An admin area's name without its unit word ("Al Anbār province" -> "Al Anbār")."""
    if not name or not name.strip():
        return None
    return _UNIT.sub("", name.strip()) or name.strip()


def import_incidents(
    store: Store,
    items: Iterable[ImportedIncident | BadRow],
    *,
    dataset: str,
    source: str = "",
    admin1_name: AdminNames | None = None,
    remove_missing: bool = True,
    on_bad: Callable[[BadRow], None] | None = None,
) -> ImportReport:
    """Store ``items`` (from ``rasid.datasets.read``) as incidents of ``dataset``.

    ``source`` names the file in the messages of bad rows.
    ``admin1_name`` maps a file's admin1 to the store's spelling (the gazetteer's
    canonical governorate names, so "Şalāḩ ad Dīn province" and Rasid's
    "Salahuddin" count as one unit); without it the unit word is dropped.
    """
    canonical = admin1_name or plain_admin
    report = ImportReport(dataset=dataset)
    scope = _Scope()
    seen: set[str] = set()
    chunk: list[ImportedIncident] = []

    def flush() -> None:
        if chunk:
            retrying(lambda: _write_chunk(store, chunk, dataset, canonical, report))
            chunk.clear()

    for item in items:
        if isinstance(item, BadRow):
            report.bad.append(item)
            if on_bad:
                on_bad(item)
            continue
        key = _key(dataset, item.source_id)
        if key in seen:
            report.bad.append(
                BadRow(
                    source, item.line, f"id {item.source_id!r} was already given on an earlier row"
                )
            )
            continue
        seen.add(key)
        scope.add(item)
        chunk.append(item)
        if len(chunk) >= CHUNK:
            flush()
    flush()
    if remove_missing and report.bad:
        report.kept_missing = True
    elif remove_missing and scope.first is not None:
        report.removed = retrying(lambda: _remove_missing(store, dataset, scope, seen))
    return report


def _key(dataset: str, source_id: str) -> str:
    return f"{dataset}:{source_id}"


def _write_chunk(
    store: Store,
    items: list[ImportedIncident],
    dataset: str,
    canonical: AdminNames,
    report: ImportReport,
) -> None:
    keys = [_key(dataset, i.source_id) for i in items]
    with write_transaction(store.engine) as conn:
        stored = writer.stored_state(conn, keys)
        fresh: list[ImportedIncident] = []
        added = updated = unchanged = 0
        for key, item in zip(keys, items, strict=True):
            old = stored.get(key)
            if old is not None and old[0] == item.digest:
                unchanged += 1
                continue
            if old is not None:
                _delete(conn, [key])
                updated += 1
            else:
                added += 1
            fresh.append(item)
        _insert(conn, fresh, dataset, canonical)
    # counted only once the transaction committed (a retried chunk is not counted twice)
    report.added += added
    report.updated += updated
    report.unchanged += unchanged


def _delete(conn: Connection, keys: list[str]) -> None:
    """Remove imported incidents (their article, event and cluster)."""
    query = select(ClusterMemberRow.cluster_id).where(ClusterMemberRow.event_id.in_(keys))
    ids = [r[0] for r in conn.execute(query)]
    for key in keys:
        writer.delete_article(conn, key)
    if ids:
        conn.execute(delete(ClusterActorRow).where(ClusterActorRow.cluster_id.in_(ids)))
        conn.execute(delete(ClusterRow).where(ClusterRow.id.in_(ids)))
        clusters.bury(conn, ids)


def _insert(
    conn: Connection, items: list[ImportedIncident], dataset: str, canonical: AdminNames
) -> None:
    if not items:
        return
    now = utcnow()
    name = DATASET_NAMES.get(dataset, dataset)
    articles, events, actors, incidents = [], [], [], []
    for item in items:
        key = _key(dataset, item.source_id)
        admin1 = canonical(item.admin1, item.country) or plain_admin(item.admin1)
        outlet = item.source or name
        articles.append(
            writer.fit(
                ArticleRow,
                {
                    "id": key,
                    "url": None,
                    "outlet": outlet,
                    "title": item.notes,
                    "published": item.date_end,
                    "language": None,
                    "origin": f"{name} {item.source_id}",
                    "dataset": dataset,
                    "content_hash": item.digest,
                    "extractor_version": f"import:{dataset}",
                    "n_events": 1,
                    "ingested_at": now,
                },
            )
        )
        place = {
            "event_type": item.event_type,
            "sub_event_type": item.sub_event_type,
            "date_start": item.date_start,
            "date_end": item.date_end,
            "date_precision": item.date_precision,
            "location": item.location,
            "admin1": admin1,
            "admin2": plain_admin(item.admin2),
            "country": item.country,
            "lat": item.lat,
            "lon": item.lon,
            "location_precision": item.location_precision,
            "fatalities": item.fatalities,
        }
        names = [n for n in (item.actor1, item.actor2) if n]
        events.append(writer.fit(EventRow, _event(key, item, outlet, place, names)))
        roles = [
            ("actor1", item.actor1, item.actor1_type),
            ("actor2", item.actor2, item.actor2_type),
        ]
        roles += [("assoc", a, None) for a in item.assoc_actors]
        actors += [
            writer.fit(
                ActorRow,
                {"event_id": key, "role": role, "name": actor, "type": kind, "text": actor}
                | {"country": None, "start": 0, "end": 0},
            )
            for role, actor, kind in roles
            if actor
        ]
        reported = [item.fatalities] if item.fatalities is not None else []
        incidents.append(
            writer.fit(
                ClusterRow,
                place
                | {
                    "fatalities_reported": reported,
                    "n_events": 1,
                    "n_articles": 1,
                    "n_outlets": 1,
                    "first_reported": item.date_end,
                    "last_reported": item.date_end,
                    "updated_at": now,
                    "origin": dataset,
                },
            )
        )
    conn.execute(insert(ArticleRow), articles)
    conn.execute(insert(EventRow), events)
    if actors:
        conn.execute(insert(ActorRow), actors)
    cluster_ids = list(_insert_clusters(conn, incidents))
    conn.execute(
        insert(ClusterMemberRow),
        [
            {"event_id": e["id"], "cluster_id": cid, "joined_at": now}
            for e, cid in zip(events, cluster_ids, strict=True)
        ],
    )
    members = [
        {"cluster_id": cid, "name": n}
        for e, cid in zip(events, cluster_ids, strict=True)
        for n in sorted(set(e["sketch_actors"]))
    ]
    if members:
        conn.execute(insert(ClusterActorRow), [writer.fit(ClusterActorRow, m) for m in members])


def _insert_clusters(conn: Connection, rows: list[dict[str, Any]]) -> Iterator[int]:
    """Insert clusters and yield their ids in the order given."""
    result = conn.execute(
        insert(ClusterRow).returning(ClusterRow.id, sort_by_parameter_order=True), rows
    )
    for row in result:
        yield int(row[0])


def _event(
    key: str, item: ImportedIncident, outlet: str, place: dict[str, Any], names: list[str]
) -> dict[str, Any]:
    return place | {
        "id": key,
        "article_id": key,
        "position": 0,
        "outlet": outlet,
        "plover_type": None,
        "date_text": None,
        "actor1": item.actor1,
        "actor1_type": item.actor1_type,
        "actor1_country": None,
        "actor2": item.actor2,
        "actor2_type": item.actor2_type,
        "actor2_country": None,
        "assoc_actors": "; ".join(item.assoc_actors) or None,
        "geonames_id": None,
        "fatalities_qualifier": None,
        "modality": "reported",
        "confidence": 1.0,
        "summary": item.notes,
        "sketch_actors": names,
        "text": item.notes,
        "data": {
            "dataset": item.dataset,
            "source_id": item.source_id,
            "line": item.line,
            "row": item.data,
        },
    }


def _remove_missing(store: Store, dataset: str, scope: _Scope, seen: set[str]) -> int:
    """Remove stored rows of ``dataset`` in the file's scope that the file no longer holds."""
    countries = [c for c in scope.countries if c is not None]
    with write_transaction(store.engine) as conn:
        query = (
            select(EventRow.id, EventRow.country)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id)
            .where(
                ArticleRow.dataset == dataset,
                EventRow.date_start >= scope.first,
                EventRow.date_start <= scope.last,
            )
        )
        gone = [
            key
            for key, country in conn.execute(query)
            if key not in seen
            and (country in countries or (country is None and None in scope.countries))
        ]
        for i in range(0, len(gone), 500):
            _delete(conn, gone[i : i + 500])
    return len(gone)
