"""Read the store: filtered event lists, statistics by cluster, one event in full, a summary.

Lists are of events (one per article that reported it); statistics count
clusters (one per real-world event), so an attack reported by ten outlets is
counted once, with its canonical (most conservative) fatality figure.

Filters mean the same for events and clusters.  Date, country, admin1, type
and location are an event's own values and a cluster's canonical ones ("has a
location": coordinates, what the exports write as latitude and longitude).
Actor, text and confidence are the event's own; a cluster matches when one of
its member events does, so a cluster's confidence is its most confident
member's -- the member whose actors the exports write (``acled.lead_event``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pycountry
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    desc,
    exists,
    func,
    literal,
    or_,
    select,
)

from .acled import EVENT_TYPES
from .engine import StoreError
from .models import (
    ArticleRow,
    ClaimRow,
    ClusterActorRow,
    ClusterMemberRow,
    ClusterRow,
    EventRow,
    EvidenceRow,
    FailureRow,
    StatementRow,
)

E = EventRow.__table__.c
C = ClusterRow.__table__.c
M = ClusterMemberRow.__table__.c
A = ArticleRow.__table__.c
STATS_BY = ("week", "month", "admin1", "actor", "type", "origin")
# Where incidents come from: coded by Rasid from articles, or imported from a dataset.
ORIGINS = ("rasid", "acled", "ucdp-ged")


@dataclass(frozen=True)
class Filters:
    """The filters ``rasid events``, ``stats`` and ``export`` share; None means any."""

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    type: str | None = None
    text: str | None = None
    min_confidence: float | None = None  # confidence >= this
    has_location: bool | None = None  # True: with coordinates; False: without
    origin: str | None = None  # one of ORIGINS
    reviewed: bool | None = None  # True: reviewed by a person; False: machine-coded only
    min_fatalities: int | None = None  # a cluster's (canonical) fatalities >= this
    min_outlets: int | None = None  # reported by at least this many outlets
    not_events: bool = False  # include incidents a reviewer marked as not an event


def country_code(value: str) -> str:
    """ISO 3166-1 alpha-2 code of a country code or name ("IQ", "IRQ", "Iraq")."""
    try:
        found = pycountry.countries.lookup(value.strip())
    except LookupError:
        raise StoreError(f"unknown country {value!r}; expected a name or ISO code") from None
    return found.alpha_2


def _stored_values(conn: Connection, column: Any, wanted: str) -> list[str]:
    """Stored spellings of ``wanted`` in ``column``, compared without case.

    Tries the usual spellings with index look-ups first; scans the column's
    distinct values only when none of them is stored.
    """
    wanted = wanted.strip()
    guesses = list(dict.fromkeys([wanted, wanted.title(), wanted.capitalize(), wanted.upper()]))
    found = conn.execute(select(column).where(column.in_(guesses)).limit(1)).scalar()
    if found is not None:
        return [found]
    values = conn.execute(
        select(column).distinct().where(func.lower(column) == wanted.lower())
    ).scalars()
    return list(values) or [wanted]


def _type_condition(conn: Connection, t: Any, wanted: str) -> ColumnElement[bool]:
    """An ACLED event type or sub-event type, in any case."""
    key = wanted.strip().lower()
    for event_type, subs in EVENT_TYPES.items():
        if event_type.lower() == key:
            return t.event_type == event_type
        for sub in subs:
            if sub.lower() == key:
                return t.sub_event_type == sub
    types = _stored_values(conn, t.event_type, wanted)
    subs = _stored_values(conn, t.sub_event_type, wanted)
    return or_(t.event_type.in_(types), t.sub_event_type.in_(subs))


def _like(column: Any, text: str) -> ColumnElement[bool]:
    return func.lower(column).contains(text.strip().lower(), autoescape=True)


def event_conditions(conn: Connection, f: Filters, t: Any = E) -> list[ColumnElement[bool]]:
    """WHERE conditions on an events-like table ``t`` (events or clusters)."""
    where: list[ColumnElement[bool]] = []
    if f.since:
        where.append(t.date_start >= f.since)
    if f.until:
        where.append(t.date_start <= f.until)
    if f.country:
        where.append(t.country == country_code(f.country))
    if f.admin1:
        where.append(t.admin1.in_(_stored_values(conn, t.admin1, f.admin1)))
    if f.type:
        where.append(_type_condition(conn, t, f.type))
    if f.has_location is True:
        where.append(and_(t.lat.is_not(None), t.lon.is_not(None)))
    elif f.has_location is False:
        where.append(or_(t.lat.is_(None), t.lon.is_(None)))
    if f.origin:
        where.append(_origin_condition(t, f.origin))
    return where


def _origin_condition(t: Any, origin: str) -> ColumnElement[bool]:
    """Clusters by their origin; events by the dataset of their article (none: Rasid's)."""
    if origin not in ORIGINS:
        raise StoreError(f"unknown origin {origin!r}; expected one of {', '.join(ORIGINS)}")
    if t is C:
        return C.origin == origin
    article = ArticleRow.__table__.alias("origin_article")
    imported = select(literal(1)).where(
        article.c.id == t.article_id, article.c.dataset.is_not(None)
    )
    if origin == "rasid":
        return ~exists(imported)
    return exists(imported.where(article.c.dataset == origin))


def member_conditions(f: Filters) -> list[ColumnElement[bool]]:
    """Conditions on an event's own actors, words and confidence (not a cluster's)."""
    where: list[ColumnElement[bool]] = []
    if f.actor:
        where.append(_actor_condition(f.actor))
    if f.text:
        where.append(_text_condition(f.text))
    if f.min_confidence is not None:
        where.append(E.confidence >= f.min_confidence)
    return where


def _actor_condition(actor: str) -> ColumnElement[bool]:
    return or_(_like(E.actor1, actor), _like(E.actor2, actor), _like(E.assoc_actors, actor))


def _text_condition(text: str) -> ColumnElement[bool]:
    return or_(_like(E.summary, text), _like(E.text, text))


def list_events(conn: Connection, f: Filters, limit: int | None = 50) -> list[dict[str, Any]]:
    """Events matching ``f``, newest first, with their cluster and article."""
    where = event_conditions(conn, f) + member_conditions(f)
    query = (
        select(
            E.id,
            M.cluster_id,
            E.date_start,
            E.date_end,
            E.date_precision,
            E.event_type,
            E.sub_event_type,
            E.actor1,
            E.actor2,
            E.location,
            E.admin1,
            E.country,
            E.lat,
            E.lon,
            E.fatalities,
            E.modality,
            E.confidence,
            E.summary,
            E.article_id,
            A.outlet,
            A.published,
            A.url,
        )
        .select_from(
            EventRow.__table__.join(ArticleRow.__table__, A.id == E.article_id).outerjoin(
                ClusterMemberRow.__table__, M.event_id == E.id
            )
        )
        .where(*where)
        .order_by(desc(E.date_start), E.id)
    )
    if limit:
        query = query.limit(limit)
    return [dict(r) for r in conn.execute(query).mappings()]


def cluster_conditions(conn: Connection, f: Filters) -> list[ColumnElement[bool]]:
    """WHERE conditions on clusters: canonical values (a reviewer's where corrected), and a
    member's text and confidence; actors are the cluster's (``cluster_actors``, which
    holds a reviewer's actors in place of the machine's)."""
    where = event_conditions(conn, f, C)
    member = member_conditions(replace(f, actor=None))
    if member:
        where.append(
            exists(
                select(literal(1))
                .select_from(
                    EventRow.__table__.join(ClusterMemberRow.__table__, M.event_id == E.id)
                )
                .where(M.cluster_id == C.id, *member)
            )
        )
    if f.actor:
        CA = ClusterActorRow.__table__.c
        where.append(
            or_(
                exists(select(literal(1)).where(CA.cluster_id == C.id, _like(CA.name, f.actor))),
                exists(
                    select(literal(1))
                    .select_from(
                        EventRow.__table__.join(ClusterMemberRow.__table__, M.event_id == E.id)
                    )
                    .where(M.cluster_id == C.id, _like(E.assoc_actors, f.actor))
                ),
            )
        )
    if not f.not_events:
        where.append(C.not_event == 0)
    if f.reviewed is not None:
        where.append(C.reviewed == (1 if f.reviewed else 0))
    if f.min_fatalities is not None:
        where.append(func.coalesce(C.fatalities, 0) >= f.min_fatalities)
    if f.min_outlets is not None:
        where.append(C.n_outlets >= f.min_outlets)
    return where


def _period(conn: Connection, by: str) -> Any:
    if conn.dialect.name == "postgresql":
        if by == "week":
            return func.to_char(func.date_trunc("week", C.date_start), "YYYY-MM-DD")
        return func.to_char(C.date_start, "YYYY-MM")
    if by == "week":  # the Monday of the week
        return func.date(C.date_start, "weekday 0", "-6 days")
    return func.strftime("%Y-%m", C.date_start)


def stats(conn: Connection, by: str, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Clusters (real-world events), their fatalities and reporting articles per group."""
    if by not in STATS_BY:
        raise StoreError(f"cannot group by {by!r}; expected one of {', '.join(STATS_BY)}")
    where = cluster_conditions(conn, f)
    if by == "actor":
        CA = ClusterActorRow.__table__.c
        query: Select = (
            select(
                CA.name.label("key"),
                func.count().label("events"),
                func.coalesce(func.sum(C.fatalities), 0).label("fatalities"),
                func.coalesce(func.sum(C.n_articles), 0).label("articles"),
            )
            .select_from(
                ClusterActorRow.__table__.join(ClusterRow.__table__, C.id == CA.cluster_id)
            )
            .where(*where)
            .group_by(CA.name)
            .order_by(desc("events"), CA.name)
        )
        return [dict(r) for r in conn.execute(query).mappings()]
    if by in ("week", "month"):
        key = _period(conn, by)
        order: list[Any] = [key]
        where.append(C.date_start.is_not(None))
    elif by == "admin1":
        key = func.coalesce(C.admin1, "(unknown)")
        order = [desc("events"), key]
    elif by == "origin":
        key = C.origin
        order = [key]
    else:
        key = C.event_type
        order = [desc("events"), key]
    query = (
        select(
            key.label("key"),
            func.count().label("events"),
            func.coalesce(func.sum(C.fatalities), 0).label("fatalities"),
            func.coalesce(func.sum(C.n_articles), 0).label("articles"),
        )
        .where(*where)
        .group_by(key)
        .order_by(*order)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def find_cluster(conn: Connection, ident: str) -> int:
    """The cluster of an event id (``ev-...``) or a cluster id (``12``, ``C12``, ``IRQ12``)."""
    row = conn.execute(select(M.cluster_id).where(M.event_id == ident)).first()
    if row is not None:
        return int(row[0])
    numbered = re.fullmatch(r"[A-Za-z]{0,3}(\d+)", ident.strip())
    if numbered:
        found = conn.execute(select(C.id).where(C.id == int(numbered.group(1)))).first()
        if found is not None:
            return int(found[0])
    raise StoreError(f"no event or cluster {ident!r} in the store; `rasid events` lists ids")


def show(conn: Connection, ident: str) -> dict[str, Any]:
    """A cluster with every member event, its article and its evidence sentences."""
    cluster_id = find_cluster(conn, ident)
    cluster = dict(
        conn.execute(select(ClusterRow.__table__).where(C.id == cluster_id)).mappings().one()
    )
    members = [
        dict(r)
        for r in conn.execute(
            select(
                E.id,
                E.event_type,
                E.sub_event_type,
                E.date_start,
                E.date_end,
                E.actor1,
                E.actor2,
                E.location,
                E.admin1,
                E.fatalities,
                E.fatalities_qualifier,
                E.modality,
                E.confidence,
                E.summary,
                A.id.label("article_id"),
                A.title,
                A.outlet,
                A.published,
                A.url,
                A.origin,
            )
            .select_from(
                EventRow.__table__.join(ClusterMemberRow.__table__, M.event_id == E.id).join(
                    ArticleRow.__table__, A.id == E.article_id
                )
            )
            .where(M.cluster_id == cluster_id)
            .order_by(A.published, E.id)
        ).mappings()
    ]
    ids = [m["id"] for m in members]
    evidence: dict[str, list[str]] = {i: [] for i in ids}
    for row in conn.execute(
        select(EvidenceRow.event_id, EvidenceRow.text)
        .where(EvidenceRow.event_id.in_(ids), EvidenceRow.kind == "sentence")
        .order_by(EvidenceRow.event_id, EvidenceRow.start)
    ):
        evidence[row[0]].append(row[1])
    for m in members:
        m["evidence"] = evidence[m["id"]]
    cluster["members"] = members
    return cluster


def _count(conn: Connection, table: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def summary(conn: Connection, f: Filters = Filters(), top: int = 5) -> dict[str, Any]:
    """Counts, date range and the most frequent types and admin1s of the store.

    With filters, ``clusters``, dates and top values are of the clusters that
    match (as ``stats`` counts them), ``events`` and ``articles`` of the events
    that match (as ``list_events`` lists them).  ``failures`` are always the
    whole store's (inputs, not events).
    """
    where = cluster_conditions(conn, f)
    first, last = conn.execute(
        select(func.min(C.date_start), func.max(C.date_start)).where(*where)
    ).one()
    failures = conn.execute(
        select(FailureRow.code, func.count()).group_by(FailureRow.code).order_by(FailureRow.code)
    ).all()

    def top_of(column: Any) -> list[tuple[str, int]]:
        rows = conn.execute(
            select(column, func.count().label("n"))
            .where(column.is_not(None), *where)
            .group_by(column)
            .order_by(desc("n"), column)
            .limit(top)
        ).all()
        return [(r[0], int(r[1])) for r in rows]

    if f != Filters():
        n_events, n_articles = conn.execute(
            select(func.count(), func.count(E.article_id.distinct()))
            .select_from(EventRow.__table__)
            .where(*event_conditions(conn, f), *member_conditions(f))
        ).one()
        n_clusters = int(
            conn.execute(
                select(func.count()).select_from(ClusterRow.__table__).where(*where)
            ).scalar_one()
        )
    else:
        n_articles = _count(conn, ArticleRow.__table__)
        n_events = _count(conn, EventRow.__table__)
        n_clusters = int(  # not counting incidents a reviewer said are not events
            conn.execute(
                select(func.count()).select_from(ClusterRow.__table__).where(*where)
            ).scalar_one()
        )
    return {
        "articles": int(n_articles),
        "events": int(n_events),
        "clusters": n_clusters,
        "multi_source_clusters": int(
            conn.execute(
                select(func.count())
                .select_from(ClusterRow.__table__)
                .where(C.n_articles > 1, *where)
            ).scalar_one()
        ),
        "failures": sum(int(n) for _, n in failures),
        "failures_by_code": {code: int(n) for code, n in failures},
        "first_date": first,
        "last_date": last,
        "top_types": top_of(C.event_type),
        "top_admin1": top_of(C.admin1),
    }


def failures(conn: Connection, limit: int | None = None) -> Sequence[dict[str, Any]]:
    query = select(FailureRow.__table__).order_by(FailureRow.created_at, FailureRow.id)
    if limit:
        query = query.limit(limit)
    return [dict(r) for r in conn.execute(query).mappings()]


__all__ = ["STATS_BY", "Filters", "list_events", "show", "stats", "summary"]


def clusters(
    conn: Connection, f: Filters = Filters(), chunk: int = 500
) -> Iterator[dict[str, Any]]:
    """Clusters matching ``f`` in date order, each with ``members``: its events and articles."""
    ids = list(
        conn.execute(
            select(C.id).where(*cluster_conditions(conn, f)).order_by(C.date_start, C.id)
        ).scalars()
    )
    for i in range(0, len(ids), chunk):
        part = ids[i : i + chunk]
        rows = {
            r["id"]: dict(r, members=[])
            for r in conn.execute(select(ClusterRow.__table__).where(C.id.in_(part))).mappings()
        }
        members = conn.execute(
            select(
                M.cluster_id,
                EventRow.__table__,
                A.title,
                A.published,
                A.url,
                A.outlet.label("article_outlet"),
            )
            .select_from(
                EventRow.__table__.join(ClusterMemberRow.__table__, M.event_id == E.id).join(
                    ArticleRow.__table__, A.id == E.article_id
                )
            )
            .where(M.cluster_id.in_(part))
            .order_by(M.cluster_id, A.published, E.id)
        ).mappings()
        for m in members:
            rows[m["cluster_id"]]["members"].append(dict(m))
        for cluster_id in part:
            yield rows[cluster_id]


def _published_between(f: Filters) -> list[ColumnElement[bool]]:
    """Statements and claims are dated by their article's publication."""
    where: list[ColumnElement[bool]] = []
    if f.since:
        where.append(A.published >= f.since)
    if f.until:
        where.append(A.published <= f.until)
    return where


def statements(conn: Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Statements of articles published in the filters' date range, with their article."""
    S = StatementRow.__table__.c
    where = _published_between(f)
    if f.text:
        where.append(_like(S.quote, f.text))
    if f.actor:
        where.append(or_(_like(S.speaker, f.actor), _like(S.organization, f.actor)))
    query = (
        select(
            S.article_id,
            A.published,
            A.outlet.label("article_outlet"),
            A.url,
            S.speaker,
            S.role,
            S.organization,
            S.quote,
            S.kind,
            S.outlet,
            S.cue,
            S.start,
            S.end,
            S.speaker_text,
        )
        .select_from(StatementRow.__table__.join(ArticleRow.__table__, A.id == S.article_id))
        .where(*where)
        .order_by(A.published, S.article_id, S.start)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def claims(conn: Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Unattributed and hedged sentences of articles published in the filters' range."""
    C = ClaimRow.__table__.c
    where = _published_between(f)
    if f.text:
        where.append(_like(C.text, f.text))
    query = (
        select(
            C.article_id,
            A.published,
            A.outlet,
            A.url,
            C.kind,
            C.cue,
            C.text,
            C.start,
            C.end,
            C.events,
        )
        .select_from(ClaimRow.__table__.join(ArticleRow.__table__, A.id == C.article_id))
        .where(*where)
        .order_by(A.published, C.article_id, C.start)
    )
    return [dict(r) for r in conn.execute(query).mappings()]
