"""Rasid's data model: frozen records that flow from sources to the store.

Every record is immutable and turns into plain JSON with ``to_dict``; the JSON
shape is the output contract (``rasid/schema/result.schema.json``).  Character
offsets (``start``, ``end``) always index into ``Article.text``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any


def _plain(value: Any) -> Any:
    """Turn records, dates and tuples into JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.to_dict()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Record:
    """Mixin giving frozen dataclasses a JSON form."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class Article(_Record):
    """One news report as read from a source.

    ``origin`` names where it came from (a path, ``path:line`` for JSONL/CSV
    rows, ``path#item`` for feed entries) so errors can point at the input.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None
    origin: str | None = None
    # How the file's bytes were decoded ("utf-8", "cp1252", "utf-8 (invalid bytes
    # replaced)"); None for text that came as text (a JSON string, a feed item).
    encoding: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
        }
        if self.origin is not None:
            out["origin"] = self.origin  # the file, "file:line" or "feed#item" it came from
        if self.encoding is not None:
            out["encoding"] = self.encoding
        return out


@dataclass(frozen=True)
class Failure(_Record):
    """An input that could not be read or processed, with a coded reason."""

    input: str
    code: str
    message: str


@dataclass(frozen=True)
class Evidence(_Record):
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor(_Record):
    """An actor as normalised through the actor dictionary.

    ``name`` is canonical ("Islamic State"), ``text`` is as written ("Daesh").
    Actors the dictionary lacks keep their text as name and a null type.
    """

    name: str
    type: str | None
    country: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Count(_Record):
    """A number of people or things, with its qualifier.

    ``kind`` is ``fatalities``, ``wounded``, ``arrested``, ``kidnapped``,
    ``destroyed``, ``seized`` or ``other``; ``value`` is the point value
    (the lower bound for "at least", the midpoint-free low end for ranges).
    ``shared_by`` is set when the text gave one number for several places:
    the number was divided evenly among that many events, and ``text`` is
    still the words of the whole number.
    """

    kind: str
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    text: str
    start: int
    end: int
    object: str | None = None
    shared_by: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.kind == "fatalities":
            out = {"total": self.value, **out}
        else:
            out = {"count": self.value, "kind": self.kind, "object": self.object, **out}
        if self.shared_by:
            out["shared_by"] = self.shared_by
        return out


@dataclass(frozen=True)
class DateMention(_Record):
    """A date expression resolved against the publication date.

    precision: 1 = a day, 2 = a week or a range of days, 3 = a month or vaguer.
    """

    start_date: dt.date | None
    end_date: dt.date | None
    precision: int | None
    text: str | None
    start: int | None
    end: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start_date.isoformat() if self.start_date else None,
            "end": self.end_date.isoformat() if self.end_date else None,
            "precision": self.precision,
            "text": self.text,
            "offset_start": self.start,
            "offset_end": self.end,
        }


@dataclass(frozen=True)
class PlaceMention(_Record):
    """A place named in the text; geocoding fills coordinates and admin areas."""

    name: str
    start: int
    end: int
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None
    geonames_id: int | None = None
    kind: str | None = None
    # Every governorate a region-level place spans ("the border areas between
    # Salahuddin, Kirkuk and Diyala"); admin1 is the first of them.
    admin1s: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "admin1": self.admin1,
            "admin1s": list(self.admin1s) or ([self.admin1] if self.admin1 else []),
            "admin2": self.admin2,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "geonames_id": self.geonames_id,
            "kind": self.kind,
            "text": self.name,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Attribution(_Record):
    """Who announced or reported an event, and in which outlet."""

    name: str | None
    organization: str | None
    outlet: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Event(_Record):
    event_id: str
    event_type: str
    sub_event_type: str
    plover_type: str
    date: DateMention
    actor1: Actor | None
    actor2: Actor | None
    assoc_actors: tuple[Actor, ...]
    location: PlaceMention | None
    places: tuple[PlaceMention, ...]
    fatalities: Count | None
    counts: tuple[Count, ...]
    modality: str
    attribution: Attribution | None
    confidence: float
    evidence: tuple[Evidence, ...]
    trigger: Evidence
    summary: str
    # Every other death toll the article gives for this incident (another source's,
    # the first before it rose), beside the one in ``fatalities``.
    tolls: tuple[Count, ...] = ()

    @property
    def is_reported(self) -> bool:
        """True for current, real occurrences an analyst would code."""
        return self.modality in ("reported", "claimed")

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["date"] = self.date.to_dict()
        return out


@dataclass(frozen=True)
class Speaker(_Record):
    """Who made a statement; ``name`` is resolved ("he" -> the full name),
    ``text`` is the mention as written at this statement."""

    name: str | None
    role: str | None
    organization: str | None
    start: int | None
    end: int | None
    text: str | None = None


@dataclass(frozen=True)
class Statement(_Record):
    speaker: Speaker
    quote: str
    start: int
    end: int
    kind: str
    outlet: str | None
    cue: str | None


@dataclass(frozen=True)
class Figure(_Record):
    """An aggregate number claimed by someone, kept apart from events."""

    claimant: str | None
    metric: str
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    period: str | None
    text: str
    start: int
    end: int
    # The claimant's organisation and the outlet the figure was given to,
    # when the figure sits in someone's statement.
    organization: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Claim(_Record):
    """A sentence the outlet asserts without a source, or a hedged report.

    kind: ``unattributed`` (an allegation or event told with no source) or
    ``hedged`` ("reports say", "it is likely", "estimated"); ``cue`` is the
    hedge or the alleging verb; ``events`` lists the ids of events it carries.
    """

    kind: str
    text: str
    start: int
    end: int
    cue: str | None
    events: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleResult(_Record):
    """Everything Rasid extracted from one article: the output contract."""

    article: Article
    events: tuple[Event, ...] = ()
    statements: tuple[Statement, ...] = ()
    figures: tuple[Figure, ...] = ()
    mentions: tuple[Event, ...] = field(default=())
    claims: tuple[Claim, ...] = ()
    errors: tuple[Failure, ...] = ()

    @property
    def id(self) -> str:
        return self.article.id

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.article.id,
            "article": self.article.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "mentions": [e.to_dict() for e in self.mentions],
            "statements": [s.to_dict() for s in self.statements],
            "figures": [f.to_dict() for f in self.figures],
            "claims": [c.to_dict() for c in self.claims],
            "errors": [
                {"code": f.code, "message": f.message, "input": f.input} for f in self.errors
            ],
        }
