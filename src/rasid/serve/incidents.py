"""What the API reads: incidents (clusters) as the dashboard shows them.

Lists are paged in SQL; the map is aggregated in SQL into grid cells whose
size follows the zoom, so the page never downloads every incident; the detail
of one incident gathers its reports, evidence with the words that carry the
trigger, actors, places and counts marked, statements, claims and its review
history.  Every value a reviewer corrected is the reviewer's.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Integer, asc, cast, desc, func, select

from rasid.store import review
from rasid.store.models import (
    ActorRow,
    ArticleRow,
    ClaimRow,
    ClusterMemberRow,
    ClusterRow,
    EventRow,
    EvidenceRow,
    PlaceRow,
    StatementRow,
    TombstoneRow,
)
from rasid.store.queries import Filters, cluster_conditions

C = ClusterRow.__table__.c
E = EventRow.__table__.c
M = ClusterMemberRow.__table__.c
A = ArticleRow.__table__.c
SORTS = {
    "date": (asc(C.date_start), asc(C.id)),
    "-date": (desc(C.date_start), desc(C.id)),
    "fatalities": (asc(func.coalesce(C.fatalities, 0)), asc(C.id)),
    "-fatalities": (desc(func.coalesce(C.fatalities, 0)), desc(C.id)),
    "outlets": (asc(C.n_outlets), asc(C.id)),
    "-outlets": (desc(C.n_outlets), desc(C.id)),
}
COLUMNS = (
    C.id, C.date_start, C.date_end, C.event_type, C.sub_event_type, C.location, C.admin1,
    C.admin2, C.country, C.lat, C.lon, C.location_precision, C.fatalities,
    C.fatalities_reported, C.n_articles, C.n_outlets, C.origin, C.reviewed, C.not_event,
    C.corrected, C.first_reported, C.last_reported, C.updated_at,
)  # fmt: skip


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _leads(conn: Connection, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Actors and confidence of each cluster's most confident report."""
    out: dict[int, dict[str, Any]] = {}
    if not ids:
        return out
    rows = conn.execute(
        select(M.cluster_id, E.actor1, E.actor2, E.confidence)
        .select_from(EventRow.__table__.join(ClusterMemberRow.__table__, M.event_id == E.id))
        .where(M.cluster_id.in_(list(ids)))
        .order_by(M.cluster_id, desc(E.confidence), E.id)
    )
    for cid, a1, a2, confidence in rows:
        out.setdefault(cid, {"actor1": a1, "actor2": a2, "confidence": confidence})
    return out


def shape(row: Any, lead: dict[str, Any] | None) -> dict[str, Any]:
    """One incident as the API gives it (a reviewer's actors win over the machine's)."""
    data = {key: _iso(value) for key, value in row._mapping.items()}
    corrected = data.pop("corrected") or {}
    lead = lead or {}
    data["actor1"] = corrected.get("actor1", lead.get("actor1"))
    data["actor2"] = corrected.get("actor2", lead.get("actor2"))
    data["confidence"] = lead.get("confidence")
    data["reviewed"] = bool(data["reviewed"])
    data["not_event"] = bool(data["not_event"])
    data["corrected"] = sorted(corrected)
    data["fatalities_reported"] = list(data["fatalities_reported"] or [])
    return data


def page(
    conn: Connection, f: Filters, sort: str, number: int, size: int
) -> tuple[int, int, list[dict[str, Any]]]:
    """(incidents matching, their fatalities, one page of them)."""
    where = cluster_conditions(conn, f)
    total, killed = conn.execute(
        select(func.count(), func.coalesce(func.sum(C.fatalities), 0))
        .select_from(ClusterRow)
        .where(*where)
    ).one()
    rows = conn.execute(
        select(*COLUMNS)
        .where(*where)
        .order_by(*SORTS[sort])
        .limit(size)
        .offset((number - 1) * size)
    ).all()
    leads = _leads(conn, [r.id for r in rows])
    return int(total), int(killed), [shape(r, leads.get(r.id)) for r in rows]


def one(conn: Connection, cluster_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(*COLUMNS).where(C.id == cluster_id)).first()
    if row is None:
        return None
    return shape(row, _leads(conn, [cluster_id]).get(cluster_id))


def cell_degrees(zoom: int) -> float:
    """Grid cell size: about 48 screen pixels at this Leaflet zoom (256-pixel tiles)."""
    return 360.0 / (2**zoom) * (48 / 256)


def map_cells(
    conn: Connection, f: Filters, zoom: int, box: tuple[float, float, float, float] | None
) -> dict[str, Any]:
    """Incidents with coordinates, counted per grid cell (one incident: its id)."""
    size = cell_degrees(zoom)
    where = cluster_conditions(conn, f) + [C.lat.is_not(None), C.lon.is_not(None)]
    if box is not None:
        west, south, east, north = box
        where += [C.lat >= south, C.lat <= north]
        if west <= east:
            where += [C.lon >= west, C.lon <= east]
    # shifted to be positive, so a cast truncates as floor does (SQLite may lack floor)
    gx = cast((C.lon + 180.0) / size, Integer)
    gy = cast((C.lat + 90.0) / size, Integer)
    rows = conn.execute(
        select(
            gx.label("gx"),
            gy.label("gy"),
            C.event_type,
            func.count().label("n"),
            func.coalesce(func.sum(C.fatalities), 0).label("killed"),
            func.avg(C.lat).label("lat"),
            func.avg(C.lon).label("lon"),
            func.min(C.id).label("id"),
        )  # fmt: skip
        .where(*where)
        .group_by(gx, gy, C.event_type)
    ).all()
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    weights: dict[tuple[int, int], list[tuple[float, float, int]]] = defaultdict(list)
    for r in rows:
        key = (int(r.gx), int(r.gy))
        cell = cells.setdefault(key, {"count": 0, "fatalities": 0, "types": {}, "id": None})
        cell["count"] += r.n
        cell["fatalities"] += int(r.killed)
        cell["types"][r.event_type] = r.n
        cell["id"] = r.id
        weights[key].append((float(r.lat), float(r.lon), r.n))
    out = []
    for key, cell in cells.items():
        n = sum(w for _, _, w in weights[key])
        cell["lat"] = round(sum(lat * w for lat, _, w in weights[key]) / n, 5)
        cell["lon"] = round(sum(lon * w for _, lon, w in weights[key]) / n, 5)
        if cell["count"] != 1:
            cell["id"] = None
        out.append(cell)
    out.sort(key=lambda c: -c["count"])
    everywhere = cluster_conditions(conn, f) + [C.lat.is_not(None), C.lon.is_not(None)]
    south, north, west, east = conn.execute(
        select(func.min(C.lat), func.max(C.lat), func.min(C.lon), func.max(C.lon)).where(
            *everywhere
        )
    ).one()
    extent = None if south is None else [west, south, east, north]
    return {
        "cells": out,
        "total": sum(c["count"] for c in out),
        "cell_degrees": size,
        "extent": extent,  # of every matching incident, wherever the view is
    }


def detail(conn: Connection, cluster_id: int) -> dict[str, Any] | None:
    """An incident with every report, its evidence marked, statements, claims, history."""
    incident = one(conn, cluster_id)
    if incident is None:
        return None
    reports = conn.execute(
        select(
            E.id,
            E.article_id,
            E.summary,
            E.fatalities,
            E.confidence,
            E.data,
            A.outlet,
            A.published,
            A.url,
            A.title,
            A.dataset,
        )  # fmt: skip
        .select_from(
            EventRow.__table__.join(ClusterMemberRow.__table__, M.event_id == E.id).join(
                ArticleRow.__table__, A.id == E.article_id
            )
        )
        .where(M.cluster_id == cluster_id)
        .order_by(A.published, E.id)
    ).all()
    ids = [r.id for r in reports]
    spans = _spans(conn, ids, {r.id: r.data for r in reports})
    sentences: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for ev in conn.execute(
        select(EvidenceRow.event_id, EvidenceRow.start, EvidenceRow.end, EvidenceRow.text)
        .where(EvidenceRow.event_id.in_(ids), EvidenceRow.kind == "sentence")
        .order_by(EvidenceRow.event_id, EvidenceRow.start)
    ):
        sentences[ev.event_id].append((ev.start, ev.end, ev.text))
    for event_id, found in list(sentences.items()):
        sentences[event_id], words = _sentences_and_words(found)
        spans[event_id] += [(s, e, "word") for s, e in words]
    incident["reports"] = [
        {
            "event_id": r.id,
            "article_id": r.article_id,
            "outlet": r.outlet,
            "published": _iso(r.published),
            "url": r.url,
            "title": r.title,
            "dataset": r.dataset,
            "summary": r.summary,
            "fatalities": r.fatalities,
            "confidence": r.confidence,
            "evidence": [_marked(s, spans[r.id]) for s in sentences[r.id]],
        }
        for r in reports
    ]
    reported = [(x["outlet"], x["fatalities"]) for x in incident["reports"] if x["fatalities"]]
    incident["figures_reported"] = [{"outlet": o, "fatalities": n} for o, n in reported]
    articles = sorted({r.article_id for r in reports})
    incident["statements"] = [
        dict(s._mapping)
        for s in conn.execute(
            select(
                StatementRow.speaker, StatementRow.role, StatementRow.organization,
                StatementRow.quote, StatementRow.kind, StatementRow.outlet,
                StatementRow.article_id,
            ).where(StatementRow.article_id.in_(articles)).order_by(StatementRow.id)
        )
    ]  # fmt: skip
    incident["claims"] = [
        dict(c._mapping)
        for c in conn.execute(
            select(ClaimRow.kind, ClaimRow.text, ClaimRow.cue, ClaimRow.article_id)
            .where(ClaimRow.article_id.in_(articles))
            .order_by(ClaimRow.id)
        )
    ]
    incident["history"] = [
        {k: h[k] for k in ("action", "field", "old", "new", "note", "author", "created_at")}
        for h in review.history(conn, cluster_id)
    ]
    return _json_safe(incident)


def _spans(
    conn: Connection, ids: list[str], data: dict[str, Any]
) -> dict[str, list[tuple[int, int, str]]]:
    """Article offsets of each event's trigger, actors, places and counts."""
    out: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for ev in conn.execute(
        select(EvidenceRow.event_id, EvidenceRow.start, EvidenceRow.end).where(
            EvidenceRow.event_id.in_(ids), EvidenceRow.kind == "trigger"
        )
    ):
        out[ev.event_id].append((ev.start, ev.end, "trigger"))
    for a in conn.execute(
        select(ActorRow.event_id, ActorRow.start, ActorRow.end).where(ActorRow.event_id.in_(ids))
    ):
        out[a.event_id].append((a.start, a.end, "actor"))
    for p in conn.execute(
        select(PlaceRow.event_id, PlaceRow.start, PlaceRow.end).where(PlaceRow.event_id.in_(ids))
    ):
        out[p.event_id].append((p.start, p.end, "place"))
    for event_id, values in data.items():
        for count in _counts(values or {}):
            out[event_id].append((count["start"], count["end"], "count"))
    return out


def _sentences_and_words(
    found: list[tuple[int, int, str]],
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Evidence as sentences; an evidence span inside another (the word of a retelling
    that fusion merged in) is marked inside its sentence instead of shown alone."""
    kept: list[tuple[int, int, str]] = []
    words: list[tuple[int, int]] = []
    for start, end, text in sorted(found, key=lambda x: (x[0], -x[1])):
        if any(ks <= start and end <= ke for ks, ke, _ in kept):
            words.append((start, end))
        else:
            kept.append((start, end, text))
    return kept, words


def _counts(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for key in ("fatalities", "wounded", "counts"):
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            if (
                isinstance(item, dict)
                and isinstance(item.get("start"), int)
                and isinstance(item.get("end"), int)
            ):
                found.append(item)
    return found


def _marked(sentence: tuple[int, int, str], spans: list[tuple[int, int, str]]) -> dict[str, Any]:
    """A sentence and the spans inside it, as offsets into the sentence (no overlaps: the
    trigger first, then counts, actors, places, and the words of retellings)."""
    start, end, text = sentence
    rank = {"trigger": 0, "count": 1, "actor": 2, "place": 3, "word": 4}
    inside = sorted(
        {(s - start, e - start, k) for s, e, k in spans if start <= s < e <= end},
        key=lambda x: (rank[x[2]], x[0]),
    )
    chosen: list[tuple[int, int, str]] = []
    for s, e, k in inside:
        if e <= len(text) and all(e <= cs or s >= ce for cs, ce, _ in chosen):
            chosen.append((s, e, k))
    chosen.sort()
    kinds = {"word": "trigger"}  # a retelling's word of the event reads as its trigger
    return {
        "text": text,
        "highlights": [{"start": s, "end": e, "kind": kinds.get(k, k)} for s, e, k in chosen],
    }


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return _iso(value)


def changes(conn: Connection, since: dt.datetime, limit: int) -> dict[str, Any]:
    """Incidents created or changed after ``since`` (oldest change first) and the ids of
    those deleted since; ``next`` is the time to ask from for the rest."""
    rows = conn.execute(
        select(*COLUMNS).where(C.updated_at > since).order_by(C.updated_at, C.id).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    leads = _leads(conn, [r.id for r in rows])
    current = select(C.id)
    deleted = conn.execute(
        select(TombstoneRow.cluster_id)
        .where(TombstoneRow.deleted_at > since, TombstoneRow.cluster_id.not_in(current))
        .order_by(TombstoneRow.cluster_id)
    ).scalars()
    return {
        "changed": [shape(r, leads.get(r.id)) for r in rows],
        "deleted": list(deleted),
        "more": more,
        "next": _iso(rows[-1].updated_at) if more else None,
    }


def statements(
    conn: Connection, *, speaker: str | None, organization: str | None, outlet: str | None,
    since: dt.date | None, until: dt.date | None, number: int, size: int,
) -> tuple[int, list[dict[str, Any]]]:  # fmt: skip
    S = StatementRow.__table__.c
    where = []
    for column, value in ((S.speaker, speaker), (S.organization, organization),
                          (S.outlet, outlet)):  # fmt: skip
        if value:
            where.append(func.lower(column).contains(value.lower(), autoescape=True))
    if since:
        where.append(A.published >= since)
    if until:
        where.append(A.published <= until)
    source = StatementRow.__table__.join(ArticleRow.__table__, A.id == S.article_id)
    total = conn.execute(select(func.count()).select_from(source).where(*where)).scalar_one()
    rows = conn.execute(
        select(
            S.id,
            S.speaker,
            S.role,
            S.organization,
            S.quote,
            S.kind,
            S.outlet,
            A.published,
            S.article_id,
            A.url,
        )  # fmt: skip
        .select_from(source)
        .where(*where)
        .order_by(desc(A.published), S.id)
        .limit(size)
        .offset((number - 1) * size)
    ).all()
    return int(total), [{k: _iso(v) for k, v in r._mapping.items()} for r in rows]


def article(conn: Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(ArticleRow.__table__).where(A.id == article_id)).first()
    if row is None:
        return None
    data = {k: _iso(v) for k, v in row._mapping.items() if k != "content_hash"}
    data["incidents"] = [
        {"event_id": r.id, "incident": r.cluster_id, "summary": r.summary}
        for r in conn.execute(
            select(E.id, M.cluster_id, E.summary)
            .select_from(EventRow.__table__.join(ClusterMemberRow.__table__, M.event_id == E.id))
            .where(E.article_id == article_id)
            .order_by(E.position)
        )
    ]
    data["statements"] = [
        {k: v for k, v in s._mapping.items()}
        for s in conn.execute(
            select(
                StatementRow.speaker,
                StatementRow.organization,
                StatementRow.quote,
                StatementRow.kind,
            ).where(StatementRow.article_id == article_id)  # fmt: skip
        )
    ]
    return data
