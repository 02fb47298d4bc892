"""Incremental fusion: put each newly stored event into a cluster.

For every new event the store loads, with one blocked query, all members of
the clusters that have a member dated within ``fuse.BLOCK_DAYS`` days in the
same country (or an unknown one), rebuilds their sketches from the events
table, and asks ``rasid.fuse.match`` which cluster the event joins (or none: a
new cluster).  Touched clusters get their canonical values from
``rasid.fuse.canonical`` again; clusters left without members are deleted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, delete, func, insert, or_, select, update

from rasid import fuse

from .acled import EVENT_TYPES
from .models import (
    ArticleRow,
    ClusterActorRow,
    ClusterMemberRow,
    ClusterRow,
    EventRow,
    TombstoneRow,
    utcnow,
)
from .review import overrides_for

_E = EventRow.__table__.c
_M = ClusterMemberRow.__table__.c

# Event columns a sketch is rebuilt from (sketch field -> events column).
SKETCH_COLUMNS = {
    "key": _E.id,
    "article_id": _E.article_id,
    "outlet": _E.outlet,
    "event_type": _E.event_type,
    "sub_event_type": _E.sub_event_type,
    "date_start": _E.date_start,
    "date_end": _E.date_end,
    "date_precision": _E.date_precision,
    "country": _E.country,
    "admin1": _E.admin1,
    "location": _E.location,
    "lat": _E.lat,
    "lon": _E.lon,
    "location_precision": _E.location_precision,
    "actors": _E.sketch_actors,
    "fatalities": _E.fatalities,
    "text": _E.text,
    "reported": ArticleRow.__table__.c.published,  # label "published" in rows
}
# Stored events dated vaguer than this many days are not found as candidates.
MAX_SPAN_DAYS = 31
_FROM = EventRow.__table__.join(ClusterMemberRow.__table__, _M.event_id == _E.id).join(
    ArticleRow.__table__, ArticleRow.id == _E.article_id
)


def sketch_columns(sketch: fuse.EventSketch) -> dict[str, Any]:
    """The events-table values that store ``sketch`` (column name -> value)."""
    out = {
        col.name: getattr(sketch, name)
        for name, col in SKETCH_COLUMNS.items()
        if col.table is EventRow.__table__
    }
    out["sketch_actors"] = list(sketch.actors)
    return out


def _sketch(row: Mapping[str, Any]) -> fuse.EventSketch:
    values = {name: row[col.name] for name, col in SKETCH_COLUMNS.items()}
    values["actors"] = tuple(values["actors"] or ())
    return fuse.EventSketch(**values)


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within the calendar (an article dated 0001-01-01
    or 9999-12-31 still gets a window, not an OverflowError)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


@dataclasses.dataclass(frozen=True)
class Block:
    """The conditions `blocking` puts on a stored event, as values, so that SQL
    (`where`) and Python (`admits`, for events held in memory) apply the same ones."""

    first_start: dt.date  # date_start >= this
    last_start: dt.date  # date_start <= this
    first_end: dt.date  # coalesce(date_end, date_start) >= this
    country: str | None  # same or unknown country; None: any country
    admin1: str | None  # same or unknown admin1, or a point in ``box``; None: any
    box: tuple[float, float, float, float] | None  # lat from, lat to, lon from, lon to
    types: tuple[str, ...]  # event types

    def where(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = [
            _E.date_start >= self.first_start,
            _E.date_start <= self.last_start,
            func.coalesce(_E.date_end, _E.date_start) >= self.first_end,
        ]
        if self.country is not None:
            where.append(or_(_E.country == self.country, _E.country.is_(None)))
        if self.admin1 is not None:
            place = [_E.admin1 == self.admin1, _E.admin1.is_(None)]
            if self.box is not None:
                lat0, lat1, lon0, lon1 = self.box
                place.append(and_(_E.lat.between(lat0, lat1), _E.lon.between(lon0, lon1)))
            where.append(or_(*place))
        where.append(_E.event_type.in_(self.types))
        return where

    def admits(self, event: fuse.EventSketch) -> bool:
        """Whether a stored event (as `_sketch` reads it) meets `where`, NULLs as SQL
        treats them (a comparison with NULL is not true)."""
        start = event.date_start
        if start is None or not self.first_start <= start <= self.last_start:
            return False
        if (event.date_end if event.date_end is not None else start) < self.first_end:
            return False
        if self.country is not None and event.country not in (self.country, None):
            return False
        if self.admin1 is not None and event.admin1 not in (self.admin1, None):
            if self.box is None or event.lat is None or event.lon is None:
                return False
            lat0, lat1, lon0, lon1 = self.box
            if not (lat0 <= event.lat <= lat1 and lon0 <= event.lon <= lon1):
                return False
        return event.event_type in self.types


def block(sketch: fuse.EventSketch) -> Block:
    """What may be compatible with ``sketch``: see `blocking`."""
    assert sketch.date_start is not None
    days = fuse.BLOCK_DAYS
    start = sketch.date_start
    end = max(sketch.date_end or start, start)
    box = None
    if sketch.admin1 is not None and sketch.lat is not None and sketch.lon is not None:
        dlat = fuse.NEAR_KM / 111.0 * 1.1
        dlon = dlat / max(0.1, math.cos(math.radians(min(abs(sketch.lat), 80.0))))
        box = (sketch.lat - dlat, sketch.lat + dlat, sketch.lon - dlon, sketch.lon + dlon)
    types = [t for t in EVENT_TYPES if fuse.related_types(sketch.event_type, t)]
    return Block(
        first_start=_shift(start, -days - MAX_SPAN_DAYS),
        last_start=_shift(end, days),
        first_end=_shift(start, -days),
        country=sketch.country,
        admin1=sketch.admin1,
        box=box,
        types=(sketch.event_type, *types),
    )


def blocking(sketch: fuse.EventSketch) -> list[ColumnElement[bool]]:
    """Conditions on a stored event that may be compatible with ``sketch``.

    A superset of ``fuse.compatible`` (SQL cannot do everything fusion does, and
    must never miss a candidate): date ranges within ``fuse.BLOCK_DAYS`` of each
    other, same or unknown country, same or unknown admin1 or a point within
    ``fuse.NEAR_KM``, and an event type ``fuse.related_types`` allows.  Stored
    dates vaguer than ``MAX_SPAN_DAYS`` are not searched for.
    """
    return block(sketch).where()


def candidates(conn: Connection, sketch: fuse.EventSketch) -> dict[str, list[fuse.EventSketch]]:
    """Every member of every cluster ``sketch`` may join (see `blocking`), by cluster key."""
    if sketch.date_start is None:
        return {}
    found = members_where(conn, blocking(sketch))
    return {str(cluster_id): group for cluster_id, group in found.items()}


def members_where(
    conn: Connection, where: Sequence[ColumnElement[bool]], known: Container[int] = ()
) -> dict[int, list[fuse.EventSketch]]:
    """Every member of every fused (not imported) cluster that has a member meeting
    ``where``, by cluster id, in the order of ids (clusters and events); the clusters
    in ``known`` are left out."""
    blocked = (
        select(_M.cluster_id).select_from(
            EventRow.__table__.join(ClusterMemberRow.__table__, _M.event_id == _E.id).join(
                ClusterRow.__table__, ClusterRow.id == _M.cluster_id
            )
        )
    ).where(*where, ClusterRow.origin == "rasid")  # never an imported incident
    rows = conn.execute(
        select(_M.cluster_id, _E.admin2, ArticleRow.ingested_at, *SKETCH_COLUMNS.values())
        .select_from(_FROM)
        .where(_M.cluster_id.in_(blocked))
        .order_by(_M.cluster_id, _E.id)
    ).mappings()
    out: dict[int, list[fuse.EventSketch]] = defaultdict(list)
    for row in rows:
        if (cluster_id := int(row["cluster_id"])) not in known:
            out[cluster_id].append(_sketch(row))
    return dict(out)


def assign(conn: Connection, sketches: Sequence[fuse.EventSketch]) -> set[int]:
    """Add each (already stored) event to a cluster, in order; returns the touched clusters."""
    touched: set[int] = set()
    # fuse's batch order: within an article the most informative event takes
    # its slot in a cluster first, so batch and incremental fusion agree.
    for sketch in sorted(sketches, key=fuse._order):
        found = _reviewed_match(conn, sketch)
        cluster_id = _new_cluster(conn, sketch) if found is None else int(found)
        conn.execute(insert(ClusterMemberRow), {"event_id": sketch.key, "cluster_id": cluster_id})
        touched.add(cluster_id)
    refresh(conn, touched)
    return touched


def _reviewed_match(conn: Connection, sketch: fuse.EventSketch) -> str | None:
    """The cluster fusion picks, where a reviewer has not decided otherwise."""
    from .review import linked

    same, apart = linked(conn, sketch.key)
    return obey_links(
        sketch, same, apart, lambda: cluster_of(conn, same), lambda: candidates(conn, sketch)
    )


def obey_links(
    sketch: fuse.EventSketch,
    same: set[str],
    apart: set[str],
    joined: Callable[[], str | None],
    found: Callable[[], Mapping[str, Sequence[fuse.EventSketch]]],
) -> str | None:
    """The cluster ``fuse.match`` picks among the candidates ``found()``, where a reviewer
    has not decided otherwise: an event a reviewer merged with (``same``) a stored one
    joins its cluster (``joined()``, the first cluster holding one of them); one split
    from others (``apart``) never joins a cluster holding them."""
    if same:
        cluster = joined()
        if cluster is not None:
            return cluster
    candidates = found()
    if apart:
        candidates = {
            key: group
            for key, group in candidates.items()
            if not any(member.key in apart for member in group)
        }
    return fuse.match(sketch, candidates)


def cluster_of(conn: Connection, events: Iterable[str]) -> str | None:
    """The first stored cluster (by id) holding one of ``events``."""
    row = conn.execute(
        select(_M.cluster_id).where(_M.event_id.in_(sorted(events))).order_by(_M.cluster_id)
    ).first()
    return None if row is None else str(row[0])


def _new_cluster(conn: Connection, sketch: fuse.EventSketch) -> int:
    return new_clusters(conn, [sketch])[0]


def new_clusters(conn: Connection, founders: Sequence[fuse.EventSketch]) -> list[int]:
    """Insert one cluster for each founding event; their ids, in the order given (and
    increasing in it, as one by one: the database numbers the rows in that order)."""
    if not founders:
        return []
    rows = [
        {"event_type": s.event_type, "sub_event_type": s.sub_event_type, "fatalities_reported": []}
        for s in founders
    ]
    if len(rows) == 1:
        return [
            int(conn.execute(insert(ClusterRow).returning(ClusterRow.id), rows[0]).scalar_one())
        ]
    result = conn.execute(
        insert(ClusterRow).returning(ClusterRow.id, sort_by_parameter_order=True), rows
    )
    return [int(row[0]) for row in result]


def clusters_of_article(conn: Connection, article_id: str) -> set[int]:
    rows = conn.execute(
        select(_M.cluster_id)
        .select_from(EventRow.__table__.join(ClusterMemberRow.__table__, _M.event_id == _E.id))
        .where(_E.article_id == article_id)
    )
    return {int(r[0]) for r in rows}


def refresh(conn: Connection, cluster_ids: Iterable[int]) -> None:
    """Recompute canonical values of these clusters; delete the ones with no member left."""
    ids = sorted(set(cluster_ids))
    if not ids:
        return
    rows = conn.execute(
        select(
            _M.cluster_id,
            _E.admin2,
            _E.actor1,
            _E.actor2,
            ArticleRow.ingested_at,
            *SKETCH_COLUMNS.values(),
        )
        .select_from(_FROM)
        .where(_M.cluster_id.in_(ids))
        .order_by(_M.cluster_id, _E.id)
    ).mappings()
    members: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        members[int(row["cluster_id"])].append(row)
    conn.execute(delete(ClusterActorRow).where(ClusterActorRow.cluster_id.in_(ids)))
    empty = [i for i in ids if i not in members]
    if empty:
        conn.execute(delete(ClusterRow).where(ClusterRow.id.in_(empty)))
        bury(conn, empty)
    reviewed = {
        cid: overrides_for(conn, [r["id"] for r in rows_]) for cid, rows_ in members.items()
    }
    actors = [
        {"cluster_id": cluster_id, "name": name}
        for cluster_id, rows_ in members.items()
        for name in _actor_names(rows_, reviewed[cluster_id])
    ]
    if actors:
        conn.execute(insert(ClusterActorRow), actors)
    now = utcnow()
    for cluster_id, rows_ in members.items():
        values = canonical_values([_sketch(r) for r in rows_])
        reported = [r["published"] or r["ingested_at"].date() for r in rows_]
        values["first_reported"] = values.get("first_reported") or min(reported)
        values["last_reported"] = values.get("last_reported") or max(reported)
        values["admin2"] = next(
            (
                r["admin2"]
                for r in rows_
                if r["admin2"]
                and (r["location"], r["admin1"]) == (values["location"], values["admin1"])
            ),
            None,
        )
        values.update(n_events=len(rows_), updated_at=now)
        values.update(_reviewed_values(reviewed[cluster_id]))
        conn.execute(update(ClusterRow).where(ClusterRow.id == cluster_id).values(**values))


def _actor_names(rows: Sequence[Mapping[str, Any]], review: dict[str, Any] | None) -> list[str]:
    """The names a cluster is found by: its members' actors, a reviewer's in their place."""
    fields = (review or {}).get("fields") or {}
    names = {
        r[role] for r in rows for role in ("actor1", "actor2") if r[role] and role not in fields
    }
    names |= {fields[role] for role in ("actor1", "actor2") if fields.get(role)}
    return sorted(names)


def _reviewed_values(review: dict[str, Any] | None) -> dict[str, Any]:
    """Cluster columns a reviewer's corrections set (they win over the machine's)."""
    if review is None:
        return {"reviewed": 0, "not_event": 0, "corrected": None}
    fields = dict(review["fields"])
    out: dict[str, Any] = {
        "reviewed": review["reviewed"],
        "not_event": review["not_event"],
        "corrected": fields or None,
    }
    for key, value in fields.items():
        if key in ("actor1", "actor2"):
            continue  # no cluster column: exports and queries read ``corrected``
        if key in ("date_start", "date_end") and value is not None:
            value = dt.date.fromisoformat(value)
        out[key] = value
    if "fatalities" in fields:
        out["fatalities_reported"] = sorted(
            set(out.get("fatalities_reported") or []) | {fields["fatalities"]}
        )
    return out


def bury(conn: Connection, cluster_ids: Iterable[int]) -> None:
    """Record deleted clusters, so clients syncing by changes learn of the deletion."""
    now = utcnow()
    ids = sorted(set(cluster_ids))
    if ids:
        conn.execute(delete(TombstoneRow).where(TombstoneRow.cluster_id.in_(ids)))
        conn.execute(insert(TombstoneRow), [{"cluster_id": i, "deleted_at": now} for i in ids])


def canonical_values(members: Sequence[fuse.EventSketch]) -> dict[str, Any]:
    """The clusters-table columns of ``fuse.canonical(members)``."""
    out = dataclasses.asdict(fuse.canonical(members))
    out["fatalities_reported"] = sorted(out["fatalities_reported"])
    return out
