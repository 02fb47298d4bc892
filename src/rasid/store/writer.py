"""Write one article's extraction result, replacing what an older extraction left.

Everything here runs inside the caller's write transaction (one per article),
so an article is stored whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select

from rasid import __version__, fuse
from rasid.records import Article, ArticleResult, Event, Failure

from . import clusters
from .models import (
    ActorRow,
    ArticleRow,
    ClaimRow,
    ClusterMemberRow,
    EventRow,
    EvidenceRow,
    FailureRow,
    FigureRow,
    PlaceRow,
    StatementRow,
    utcnow,
)

# Bump when extraction changes in a way that should re-code stored articles
# without a new release: stored articles with another version are re-extracted.
# 10: protests (sit-ins, marches, the unnamed crowd, another day), bodies found later,
# accusations, sums "in separate operations", habits in the present, both sides'
# accounts of one attack, every country's actors, far namesakes, camps, places at sea,
# pages of datelined stories, the day a toll rose, days inside the act's clause;
# 9: sums of the past weeks, a statement's own side, two towns two incidents;
# 8: crowd days, places' and days' own tolls, sides; 7: incidents, releases
EXTRACTION_REVISION = 10
EXTRACTOR_VERSION = f"{__version__}+r{EXTRACTION_REVISION}"

STORED, REPLACED, UNCHANGED = "stored", "replaced", "unchanged"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def content_hash(article: Article) -> str:
    """A digest of everything about an article that extraction reads."""
    fields = [
        article.text,
        article.title,
        article.source,
        article.url,
        article.published.isoformat() if article.published else None,
        article.language,
    ]
    data = json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def stored_state(conn: Connection, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(content hash, extractor version) of the stored articles among ``ids``."""
    ids = list(ids)
    out: dict[str, tuple[str, str]] = {}
    for i in range(0, len(ids), 500):
        rows = conn.execute(
            select(ArticleRow.id, ArticleRow.content_hash, ArticleRow.extractor_version).where(
                ArticleRow.id.in_(ids[i : i + 500])
            )
        )
        out.update({r[0]: (r[1], r[2]) for r in rows})
    return out


def save_result(
    conn: Connection,
    result: ArticleResult,
    *,
    digest: str | None = None,
    version: str | None = None,
) -> str:
    """Store ``result`` (its article, events, statements, figures) and cluster its events.

    Returns ``unchanged`` when the same content was already stored by the same
    extractor version (a concurrent writer got there first), ``replaced`` when an
    older version of the article was removed first, else ``stored``.
    """
    article = result.article
    digest = digest or content_hash(article)
    version = version or EXTRACTOR_VERSION
    old = conn.execute(
        select(ArticleRow.content_hash, ArticleRow.extractor_version).where(
            ArticleRow.id == article.id
        )
    ).first()
    if old is not None and tuple(old) == (digest, version):
        return UNCHANGED
    stale: set[int] = set()
    if old is not None:
        stale = clusters.clusters_of_article(conn, article.id)
        delete_article(conn, article.id)
    row = article_values(article, digest, version, len(result.events))
    conn.execute(insert(ArticleRow), fit(ArticleRow, {**row, "ingested_at": utcnow()}))
    sketches = _insert_events(conn, article, result.events)
    _insert_statements(conn, article.id, result)
    conn.execute(
        delete(FailureRow).where(
            or_(FailureRow.input == article.id, FailureRow.input == (article.origin or article.id))
        )
    )
    touched = clusters.assign(conn, sketches)
    clusters.refresh(conn, stale - touched)
    return STORED if old is None else REPLACED


def article_values(article: Article, digest: str, version: str, n_events: int) -> dict[str, Any]:
    """The articles-table row of a coded article (``ingest`` and ``batch`` write the same)."""
    return {
        "id": article.id,
        "url": article.url,
        "outlet": article.source,
        "title": article.title,
        "published": article.published,
        "language": article.language,
        "origin": article.origin,
        "content_hash": digest,
        "extractor_version": version,
        "n_events": n_events,
    }


def delete_article(conn: Connection, article_id: str) -> None:
    """Remove an article and everything extracted from it (children first, for any backend)."""
    event_ids = select(EventRow.id).where(EventRow.article_id == article_id)
    for table in (ClusterMemberRow, ActorRow, PlaceRow, EvidenceRow):
        conn.execute(delete(table).where(table.event_id.in_(event_ids)))
    for table in (EventRow, StatementRow, FigureRow, ClaimRow):
        conn.execute(delete(table).where(table.article_id == article_id))
    conn.execute(delete(ArticleRow).where(ArticleRow.id == article_id))


def _insert_events(
    conn: Connection, article: Article, events: Iterable[Event]
) -> list[fuse.EventSketch]:
    event_rows: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    place_rows: list[dict[str, Any]] = []
    evidence_rows: list[dict[str, Any]] = []
    sketches: list[fuse.EventSketch] = []
    seen: set[str] = set()
    for position, event in enumerate(events):
        key = event.event_id
        n = 2
        while key in seen:  # never two events of one article under one id
            key, n = f"{event.event_id}-{n}", n + 1
        seen.add(key)
        sketch = fuse.EventSketch.from_event(key, event, article)
        sketches.append(sketch)
        event_rows.append(event_values(key, position, event, sketch))
        actors = [("actor1", event.actor1), ("actor2", event.actor2)]
        actors += [("assoc", a) for a in event.assoc_actors]
        for role, actor in actors:
            if actor is not None:
                actor_rows.append(
                    {"event_id": key, "role": role, **_pick(actor.to_dict(), ActorRow)}
                )
        for place in event.places:
            is_location = event.location is not None and (
                (place.start, place.end) == (event.location.start, event.location.end)
            )
            place_rows.append(
                {
                    "event_id": key,
                    "is_location": int(is_location),
                    **_pick(place.__dict__, PlaceRow),
                }
            )
        for ev in event.evidence:
            evidence_rows.append({"event_id": key, "kind": "sentence", **ev.to_dict()})
        evidence_rows.append({"event_id": key, "kind": "trigger", **event.trigger.to_dict()})
    for table, rows in (
        (EventRow, event_rows),
        (ActorRow, actor_rows),
        (PlaceRow, place_rows),
        (EvidenceRow, evidence_rows),
    ):
        if rows:
            conn.execute(insert(table), [fit(table, r) for r in rows])
    return sketches


def event_values(key: str, position: int, event: Event, sketch: fuse.EventSketch) -> dict[str, Any]:
    """The events-table row of one event (its sketch fields as fusion saw them)."""
    loc = event.location
    a1, a2 = event.actor1, event.actor2
    fat = event.fatalities
    data = event.to_dict()
    data["event_id"] = key
    return {
        "position": position,
        "plover_type": event.plover_type,
        "date_text": event.date.text,
        "actor1": a1.name if a1 else None,
        "actor1_type": a1.type if a1 else None,
        "actor1_country": a1.country if a1 else None,
        "actor2": a2.name if a2 else None,
        "actor2_type": a2.type if a2 else None,
        "actor2_country": a2.country if a2 else None,
        "assoc_actors": "; ".join(a.name for a in event.assoc_actors) or None,
        "admin2": loc.admin2 if loc else None,
        "geonames_id": loc.geonames_id if loc else None,
        "fatalities_qualifier": fat.qualifier if fat else None,
        "modality": event.modality,
        "confidence": event.confidence,
        "summary": event.summary,
        "data": data,
        **clusters.sketch_columns(sketch),
    }


def _insert_statements(conn: Connection, article_id: str, result: ArticleResult) -> None:
    statements = [
        {
            "article_id": article_id,
            "speaker": s.speaker.name,
            "role": s.speaker.role,
            "organization": s.speaker.organization,
            "quote": s.quote,
            "kind": s.kind,
            "outlet": s.outlet,
            "cue": s.cue,
            "start": s.start,
            "end": s.end,
            "speaker_text": s.speaker.text,
        }
        for s in result.statements
    ]
    claims = [
        {
            "article_id": article_id,
            "kind": c.kind,
            "text": c.text,
            "cue": c.cue,
            "start": c.start,
            "end": c.end,
            "events": list(c.events),
        }
        for c in result.claims
    ]
    figures = [{"article_id": article_id, **_pick(f.to_dict(), FigureRow)} for f in result.figures]
    if statements:
        conn.execute(insert(StatementRow), [fit(StatementRow, r) for r in statements])
    if figures:
        conn.execute(insert(FigureRow), [fit(FigureRow, r) for r in figures])
    if claims:
        conn.execute(insert(ClaimRow), [fit(ClaimRow, r) for r in claims])


def fit(
    table: Any, row: dict[str, Any], keep: tuple[str, ...] = ("id", "event_id", "article_id")
) -> dict[str, Any]:
    """``row`` with strings cut to their columns' lengths (names in ``keep`` are not cut:
    an over-long id must fail loudly rather than collide).

    A NUL, which PostgreSQL refuses and SQLite keeps, and a lone surrogate, which no
    encoding writes, become U+FFFD in every string, so both back ends store the same."""
    out = dict(row)
    for column in table.__table__.columns:
        value = out.get(column.key)
        if isinstance(value, str) and _UNSTORABLE.search(value):
            value = out[column.key] = _UNSTORABLE.sub("\ufffd", value)
        limit = getattr(column.type, "length", None)
        if isinstance(value, str) and limit and len(value) > limit and column.key not in keep:
            out[column.key] = value[: limit - 1] + "…"
    return out


def _pick(values: dict[str, Any], table: type) -> dict[str, Any]:
    columns = table.__table__.columns.keys()  # type: ignore[attr-defined]
    return {k: v for k, v in values.items() if k in columns and k not in ("id", "event_id")}


def record_failure(conn: Connection, failure: Failure) -> None:
    """Log a failed input, replacing an older record of the same input and reason."""
    clipped = fit(FailureRow, {"input": failure.input, "code": failure.code})
    conn.execute(
        delete(FailureRow).where(
            FailureRow.input == clipped["input"], FailureRow.code == clipped["code"]
        )
    )
    conn.execute(
        insert(FailureRow),
        fit(
            FailureRow,
            {
                "input": failure.input,
                "code": failure.code,
                "message": failure.message,
                "created_at": utcnow(),
            },
        ),
    )
