"""The store's tables, as typed SQLAlchemy 2 models.

One row per article, event, actor mention, place mention, evidence span,
statement, figure and claim; event clusters (the same real-world event reported by
several articles) with their canonical values, and cluster membership; and a
log of the inputs that failed.  Events keep the fields fusion needs
(``rasid.fuse.EventSketch``) so candidate clusters can be rebuilt from one
blocked query, and the full JSON of the extracted event for exports.

The Alembic migrations in ``migrations/versions`` must create exactly these
tables: ``tests/test_store_schema.py`` compares the two.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class ArticleRow(Base):
    """One ingested article; re-extracted when its content or the extractor changes."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(512), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(256), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    origin: Mapped[str | None] = mapped_column(Text)
    # The dataset an imported incident came from ("acled", "ucdp-ged"); NULL for an
    # article Rasid coded (0003).
    dataset: Mapped[str | None] = mapped_column(String(32), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(64))
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EventRow(Base):
    """One coded event of one article (ACLED's fields plus fusion's sketch)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_admin1_type_date", "admin1", "event_type", "date_start"),
        Index("ix_events_admin1_subtype_date", "admin1", "sub_event_type", "date_start"),
        Index("ix_events_country_date", "country", "date_start"),
        Index("ix_events_type_date", "event_type", "date_start"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)  # order within the article
    outlet: Mapped[str | None] = mapped_column(String(256))
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    plover_type: Mapped[str | None] = mapped_column(String(32))
    date_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[int | None] = mapped_column(Integer)
    date_text: Mapped[str | None] = mapped_column(Text)
    actor1: Mapped[str | None] = mapped_column(String(256))
    actor1_type: Mapped[str | None] = mapped_column(String(32))
    actor1_country: Mapped[str | None] = mapped_column(String(16))
    actor2: Mapped[str | None] = mapped_column(String(256))
    actor2_type: Mapped[str | None] = mapped_column(String(32))
    actor2_country: Mapped[str | None] = mapped_column(String(16))
    assoc_actors: Mapped[str | None] = mapped_column(Text)  # "; "-joined names
    location: Mapped[str | None] = mapped_column(String(256))
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin2: Mapped[str | None] = mapped_column(String(128))
    country: Mapped[str | None] = mapped_column(String(16))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[int | None] = mapped_column(Integer)
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_qualifier: Mapped[str | None] = mapped_column(String(16))
    modality: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float)
    summary: Mapped[str] = mapped_column(Text)
    # Fusion's sketch: canonical actor names and the evidence sentences.
    sketch_actors: Mapped[list[str]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the event as extracted


class ActorRow(Base):
    """An actor of an event: role actor1, actor2 or assoc."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(256), index=True)
    type: Mapped[str | None] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class PlaceRow(Base):
    """A place an event's sentence names; ``is_location`` marks where it happened."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    is_location: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(256))
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin2: Mapped[str | None] = mapped_column(String(128))
    country: Mapped[str | None] = mapped_column(String(16))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[int | None] = mapped_column(Integer)
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(32))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class EvidenceRow(Base):
    """An evidence span of an event: ``sentence`` or ``trigger``."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class StatementRow(Base):
    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    speaker: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[str | None] = mapped_column(String(256))
    organization: Mapped[str | None] = mapped_column(String(256))
    quote: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    outlet: Mapped[str | None] = mapped_column(String(256))
    cue: Mapped[str | None] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    # The speaker as written at this statement ("he", "the military expert");
    # ``speaker`` is the resolved name. Added in revision 0002.
    speaker_text: Mapped[str | None] = mapped_column(String(256))


class FigureRow(Base):
    """An aggregate number someone claimed ("84 killed in 2024"), not an event."""

    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    claimant: Mapped[str | None] = mapped_column(String(256))
    metric: Mapped[str] = mapped_column(String(64))
    value: Mapped[int | None] = mapped_column(Integer)
    low: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(16))
    period: Mapped[str | None] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    # The claimant's organisation and the outlet the figure was given to (0002).
    organization: Mapped[str | None] = mapped_column(String(256))
    outlet: Mapped[str | None] = mapped_column(String(256))


class ClaimRow(Base):
    """A sentence the outlet asserts with no source, or a hedged report (0002)."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), index=True)
    text: Mapped[str] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(String(128))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    events: Mapped[list[str]] = mapped_column(JSON, default=list)


class ClusterRow(Base):
    """One real-world event: the fusion of member events from one or more articles.

    Canonical values follow ACLED's rules: the most precise date and place, the
    most conservative (lowest) fatality figure; ``fatalities_reported`` keeps
    every distinct figure the sources gave.
    """

    __tablename__ = "clusters"
    __table_args__ = (
        Index("ix_clusters_admin1_type_date", "admin1", "event_type", "date_start"),
        Index("ix_clusters_admin1_subtype_date", "admin1", "sub_event_type", "date_start"),
        Index("ix_clusters_country_date", "country", "date_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    date_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[int | None] = mapped_column(Integer)
    location: Mapped[str | None] = mapped_column(String(256))
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin2: Mapped[str | None] = mapped_column(String(128))
    country: Mapped[str | None] = mapped_column(String(16))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_reported: Mapped[list[int]] = mapped_column(JSON)
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    n_articles: Mapped[int] = mapped_column(Integer, default=0)
    n_outlets: Mapped[int] = mapped_column(Integer, default=0)
    first_reported: Mapped[dt.date | None] = mapped_column(Date)
    last_reported: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # "rasid" for incidents coded from articles, else the dataset imported (0003):
    # imported incidents never fuse with coded ones, so the two can be compared.
    origin: Mapped[str] = mapped_column(String(32), index=True, server_default="rasid")
    # Review (0004): a person looked at it / said it is not an event; ``corrected``
    # maps each corrected field to the value that wins over the machine's (actor1
    # and actor2 live only here; the other fields are also written to their columns).
    reviewed: Mapped[int] = mapped_column(Integer, server_default="0")
    not_event: Mapped[int] = mapped_column(Integer, server_default="0")
    corrected: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class ClusterMemberRow(Base):
    """Which cluster an event belongs to: each event to exactly one."""

    __tablename__ = "cluster_members"

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE"), index=True
    )
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ClusterActorRow(Base):
    """The actors (actor1 and actor2 of any member) of a cluster, for statistics by actor."""

    __tablename__ = "cluster_actors"

    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(256), primary_key=True, index=True)


class AlertRow(Base):
    """An alert that fired: once per rule, unit and period, with its evidence (0003)."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("rule", "unit", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule: Mapped[str] = mapped_column(String(128))
    unit: Mapped[str] = mapped_column(String(256))
    period: Mapped[str] = mapped_column(String(32))  # the period's first day, ISO
    method: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    fired_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # numbers and evidence
    deliveries: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class TokenRow(Base):
    """A reviewer's API token, stored as its SHA-256 (0004)."""

    __tablename__ = "tokens"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class CorrectionRow(Base):
    """One reviewer action, never changed or deleted: who, when, what, old, new, why (0004).

    ``events`` are the incident's member events at the time, which is what ties
    the action to the incident when its cluster is rebuilt under another id."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    cluster_id: Mapped[int] = mapped_column(Integer, index=True)
    events: Mapped[list[str]] = mapped_column(JSON)
    action: Mapped[str] = mapped_column(String(16))  # correct, review, not_event, merge, split
    field: Mapped[str | None] = mapped_column(String(32))
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class OverrideRow(Base):
    """The reviewed values of the incident an event belongs to (one row per member event,
    so they survive re-ingest and re-clustering) (0004)."""

    __tablename__ = "overrides"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    reviewed: Mapped[int] = mapped_column(Integer)
    not_event: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class IncidentLinkRow(Base):
    """A reviewer's decision that two events report one incident ("same") or two
    ("apart"); fusion obeys it whenever the events are stored again (0004)."""

    __tablename__ = "incident_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))
    event_a: Mapped[str] = mapped_column(String(64), index=True)
    event_b: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TombstoneRow(Base):
    """An incident (cluster) that was deleted, and when: for ``/api/changes`` (0004)."""

    __tablename__ = "tombstones"

    cluster_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deleted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class FailureRow(Base):
    """An input or article that could not be read, coded or stored, and why."""

    __tablename__ = "failures"
    __table_args__ = (UniqueConstraint("input", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    input: Mapped[str] = mapped_column(String(1024))
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
