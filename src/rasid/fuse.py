"""Cross-article fusion: the same real-world event reported by many articles becomes one cluster.

Pure functions over small records, no database: the store keeps clusters and
calls `match` once for every newly stored event (incremental), `canonical` to
recompute a cluster's values, and evaluation calls `cluster` (batch = repeated
`match` in `in_match_order`, the order the store should use for one article's
events too, so batch and incremental runs agree as far as arrival order allows).

How two reports are judged to tell one incident (Fellegi-Sunter style: each
field adds agreement weight, subtracts disagreement weight, and adds nothing
when one side does not know it -- reports are incomplete far more often than
they are wrong):

1. **Blocking** (hard rules; a cluster failing them is not a candidate): the
   two events come from different articles (the extractor already fuses within
   an article, so two events of one article are two incidents); dates within
   `BLOCK_DAYS`; same country or one unknown; same governorate, or one unknown,
   or the two points close (`NEAR_KM`, border areas); compatible event types
   (`compatible_types`).
2. **Score** of a sketch against each member: date, place, type, actors,
   fatalities and text evidence (the `W_*` constants). A cluster scores as the
   mean over its compatible members (average link, see `cluster_score`); the
   sketch joins the best cluster scoring at least `MATCH_THRESHOLD`, else it
   starts a new one.

Tuned numbers say where they came from. Weights were set by hand from what
each field means; the threshold and the two choices the comments name were
checked on the dev split of the labelled fusion set (``tests/data/fusion``,
``python benchmarks/fusion.py --sweep``), never picked by test-split scores.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rasid.distance import haversine_km
from rasid.records import Article, Event

# -- blocking ----------------------------------------------------------------

# Candidate clusters have a member dated within +-BLOCK_DAYS. Later reports of
# a toll and relative dates ("on Sunday") resolved against a later publication
# date move an event by a day or two; a repeat attack in the same town a week
# later (dev set: Mutaybija 14 and 21 April) must not even be a candidate.
BLOCK_DAYS = 3

# Two places this close are compatible even across a governorate line (border
# areas, mountain ranges geocoded to one governorate). Geography, not tuned.
NEAR_KM = 40.0

# Event types that outlets code differently for one incident: an air strike
# that "hit militants" is told as a battle, an ambush opened by a roadside bomb
# as a bomb or as a clash, a bomb or gunmen killing civilians as violence
# against civilians. Strategic developments (arrests, seizures, agreements)
# fuse only with the same sub-type: "arrested 5 and seized weapons" are two
# events. Protests and riots turn into each other.
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_UNREST = frozenset({"Protests", "Riots"})

# -- scoring weights (evidence for "same incident"; negative = against) -------
# Set by hand from what each field means, then checked on the dev split with
# `benchmarks/fusion.py --sweep`. The dev split's hard negatives decided two of
# them: W_DATE_NEXT is 0, not positive (a bomb in Muqdadiya the day after a
# market bombing there), and the cluster score is an average (`cluster_score`).
W_SAME_DAY = 1.0  # both dated to the same single day
W_DATE_OVERLAP = 0.5  # date ranges overlap (one of them vaguer than a day)
W_DATE_NEXT = 0.0  # one day apart: as often a relative-date slip as another incident
W_DATE_FAR = -0.5  # 2..BLOCK_DAYS days apart
W_PLACE_SAME = 1.5  # the same place name, or points within SAME_PLACE_KM
W_PLACE_NEAR = 0.5  # points within NEAR_KM, or the same named region (mountains, desert)
W_PLACE_FAR = -2.0  # two specific places further apart: different incidents
W_ADMIN1 = 0.25  # only the governorate is known to agree (one place inside the other)
W_SUBTYPE = 1.0  # same sub-event type
W_TYPE = 0.5  # same event type, different sub-type
W_TYPE_COMPAT = -0.5  # compatible but different event types
W_ACTORS = 1.0  # shared actor words (scaled by their overlap, at least half of it)
W_ACTORS_CLASH = -1.5  # both name actors and no word is shared
W_FAT_SAME = 0.5  # same fatality figure
W_FAT_CLOSE = 0.25  # figures a later toll could revise (ratio >= 1/2 or within 2)
W_FAT_FAR = -1.0  # figures too far apart to be revisions of each other
W_TEXT = 2.0  # times the content-word Jaccard of the evidence sentences
SAME_PLACE_KM = 15.0

# Join a cluster scoring at least this much. Rule: more than the 2.25 that
# "same day, same sub-type, same governorate" alone gives (the one-day
# baseline's evidence, which merges different bombings in one province), so a
# match needs some agreement of place, actors, toll or words too. Dev split
# (benchmarks/fusion.py --sweep): F1 1.0 at 2.25 and 2.5, 0.86 at 2.75, 0.88 at 2.0.
MATCH_THRESHOLD = 2.5


@dataclass(frozen=True)
class EventSketch:
    """What fusion needs to know of one stored event (built by `from_event`).

    ``reported`` (the article's publication date) is optional and lets
    `canonical` give first and last reported dates.
    """

    key: str
    article_id: str
    outlet: str | None
    event_type: str
    sub_event_type: str
    date_start: date | None
    date_end: date | None
    date_precision: int | None
    country: str | None
    admin1: str | None
    location: str | None
    lat: float | None
    lon: float | None
    location_precision: int | None
    actors: tuple[str, ...]
    fatalities: int | None
    text: str
    reported: date | None = None

    @classmethod
    def from_event(cls, key: str, event: Event, article: Article) -> EventSketch:
        loc = event.location
        actors = [a.name for a in (event.actor1, event.actor2, *event.assoc_actors) if a]
        outlet = article.source or (event.attribution.outlet if event.attribution else None)
        return cls(
            key=key,
            article_id=article.id,
            outlet=outlet,
            event_type=event.event_type,
            sub_event_type=event.sub_event_type,
            date_start=event.date.start_date,
            date_end=event.date.end_date or event.date.start_date,
            date_precision=event.date.precision,
            country=loc.country if loc else None,
            admin1=loc.admin1 if loc else None,
            location=loc.name if loc else None,
            lat=loc.lat if loc else None,
            lon=loc.lon if loc else None,
            location_precision=loc.precision if loc else None,
            actors=tuple(dict.fromkeys(actors)),
            fatalities=event.fatalities.value if event.fatalities else None,
            text=" ".join(e.text for e in event.evidence),
            reported=article.published,
        )


@dataclass(frozen=True)
class Canonical:
    """A cluster's values: what one fused event says, with the disagreements kept."""

    event_type: str
    sub_event_type: str
    date_start: date | None
    date_end: date | None
    date_precision: int | None
    location: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    location_precision: int | None
    fatalities: int | None
    fatalities_reported: tuple[int, ...]
    n_articles: int
    n_outlets: int
    first_reported: date | None
    last_reported: date | None


# -- field comparisons --------------------------------------------------------


def related_types(type_a: str, type_b: str) -> bool:
    """Different event types outlets use for one incident (see `_VIOLENT`)."""
    pair = {type_a, type_b}
    return len(pair) == 2 and (pair <= _VIOLENT or pair <= _UNREST)


def compatible_types(a: EventSketch, b: EventSketch) -> bool:
    """Whether two coded types can describe one incident (see `_VIOLENT`)."""
    if a.event_type == b.event_type:
        if a.event_type == "Strategic developments":
            return a.sub_event_type == b.sub_event_type
        return True
    return related_types(a.event_type, b.event_type)


def _span(s: EventSketch) -> tuple[date, date] | None:
    if s.date_start is None:
        return None
    return s.date_start, max(s.date_end or s.date_start, s.date_start)


def date_gap(a: EventSketch, b: EventSketch) -> int | None:
    """Days between the two date ranges (0 when they overlap); None if one is undated."""
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return None
    return max(0, (sb[0] - sa[1]).days, (sa[0] - sb[1]).days)


def distance_km(a: EventSketch, b: EventSketch) -> float | None:
    """Great-circle distance between the two locations, None when one lacks coordinates."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


_PLACE_NOISE = re.compile(
    r"\b(al|el|ad|as|ar|the|district|province|governorate|sub-?district|town|city|village|"
    r"mountains?|range|area|desert|countryside|region)\b|[^a-z0-9 ]"
)


# Scoring compares each new event with every member of its candidate clusters,
# so the same strings are normalised again and again: cache the pure helpers.
_CACHE = 65_536


@functools.lru_cache(maxsize=_CACHE)
def _norm(text: str | None) -> str:
    """A comparable form of a name: lower case, no article or feature word, no punctuation."""
    if not text:
        return ""
    return " ".join(_PLACE_NOISE.sub(" ", text.lower().replace("-", " ")).split())


def _specific(s: EventSketch) -> bool:
    """A location that pins a town or part of a region, not a whole governorate.

    A place named like its governorate ("Kirkuk", "Idlib", "Deir ez-Zor") may
    mean the city or the province, so it only tells the governorate.
    """
    if s.lat is None or s.lon is None or s.location_precision is None:
        return False
    if s.location_precision > 2:
        return False
    return not (s.admin1 and _norm(s.location) == _norm(s.admin1))


def compatible_places(a: EventSketch, b: EventSketch) -> bool:
    """Same country and governorate, one of them unknown, or the two points close."""
    if a.country and b.country and a.country != b.country:
        return False
    if not a.admin1 or not b.admin1 or a.admin1 == b.admin1:
        return True
    d = distance_km(a, b)
    return d is not None and d <= NEAR_KM


_WORD = re.compile(r"[a-z0-9]+")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(re.findall(r"\S+", words))


_STOP = _wordset(
    """a an the of in on at to for from by with and or but as is was were be been being has have
    had it its this that these those their his her they he she them who which said says say told
    according after before during near about more than least at also other others some two three
    four five six seven eight nine ten one people sunday monday tuesday wednesday thursday friday
    saturday today yesterday night morning evening late early official officials source sources
    security statement police local"""
)
# Words that only say "some armed men" or "some forces": they neither agree nor disagree.
_ACTOR_STOP = _wordset(
    """of the forces force military militia militias armed group groups unidentified unknown
    security gunmen men members fighters units unit government"""
)
_ACTOR_ALIASES = {"iraqi": "iraq", "syrian": "syria", "turkish": "turkey", "american": "us"}


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


@functools.lru_cache(maxsize=_CACHE)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words (no stop words, crude plural folding)."""
    return frozenset(_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP)


@functools.lru_cache(maxsize=_CACHE)
def _actor_words(actors: Sequence[str]) -> frozenset[str]:
    words = set()
    for name in actors:
        for w in _WORD.findall(name.lower()):
            w = _ACTOR_ALIASES.get(w, w)
            if w not in _ACTOR_STOP:
                words.add(_stem(w))
    return frozenset(words)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# -- pair and cluster scores --------------------------------------------------


def _fatality_evidence(a: EventSketch, b: EventSketch) -> float:
    """Agreement of two death tolls (nothing when one report gives none).

    A later toll that only grew a little ("two killed", then "three") agrees;
    tolls far apart count against, even though early tolls sometimes rise that
    much: on the dev split (a market bombing told as 3, 10 and 11 killed and a
    bomb killing one policeman there the next day) letting a later, higher
    figure count as neutral merged the two incidents.
    """
    if a.fatalities is None or b.fatalities is None:
        return 0.0
    lo, hi = sorted((a.fatalities, b.fatalities))
    if lo == hi:
        return W_FAT_SAME
    if hi - lo <= 2 or lo * 2 >= hi:
        return W_FAT_CLOSE
    return W_FAT_FAR


def _place_evidence(a: EventSketch, b: EventSketch) -> float:
    """Agreement of two locations.

    The same town or point (same name, or within `SAME_PLACE_KM`) is strong
    evidence and two distinct specific places far apart strong evidence
    against; the same named region (a mountain range, a desert) counts less,
    and a governorate or country in common hardly at all: that is all the
    one-day baseline knows, and it merges different bombings in one province.
    """
    same_name = bool(_norm(a.location)) and _norm(a.location) == _norm(b.location)
    fine = (a.location_precision or 3) <= 2 and (b.location_precision or 3) <= 2
    if same_name and fine:
        return W_PLACE_SAME
    if _specific(a) and _specific(b):
        d = distance_km(a, b)
        if d is not None and d <= SAME_PLACE_KM:
            return W_PLACE_SAME
        if d is not None and d <= NEAR_KM:
            return W_PLACE_NEAR
        return W_PLACE_FAR
    if same_name and a.admin1 and _norm(a.location) != _norm(a.admin1):
        return W_PLACE_NEAR
    if a.admin1 and a.admin1 == b.admin1:
        return W_ADMIN1
    return 0.0


def compatible(a: EventSketch, b: EventSketch) -> bool:
    """The blocking rules: whether ``a`` and ``b`` may be one incident at all."""
    if a.article_id == b.article_id:
        return False
    gap = date_gap(a, b)
    if gap is not None and gap > BLOCK_DAYS:
        return False
    return compatible_places(a, b) and compatible_types(a, b)


def score(a: EventSketch, b: EventSketch) -> float:
    """Evidence that two compatible events are one incident (higher = more likely)."""
    total = 0.0
    gap = date_gap(a, b)
    if gap == 0:
        one_day = a.date_precision == 1 and b.date_precision == 1
        total += W_SAME_DAY if one_day else W_DATE_OVERLAP
    elif gap == 1:
        total += W_DATE_NEXT
    elif gap is not None:
        total += W_DATE_FAR

    total += _place_evidence(a, b)

    if a.event_type == b.event_type:
        total += W_SUBTYPE if a.sub_event_type == b.sub_event_type else W_TYPE
    else:
        total += W_TYPE_COMPAT

    wa, wb = _actor_words(a.actors), _actor_words(b.actors)
    if wa and wb:
        shared = len(wa & wb) / min(len(wa), len(wb))
        total += W_ACTORS * (0.5 + 0.5 * shared) if shared else W_ACTORS_CLASH

    total += _fatality_evidence(a, b)

    total += W_TEXT * _jaccard(content_words(a.text), content_words(b.text))
    return total


def cluster_score(sketch: EventSketch, members: Sequence[EventSketch]) -> float | None:
    """The mean score over the members the sketch is compatible with (average link),
    or None when the cluster is not a candidate.

    Average, not best, member: a report must agree with what the cluster says
    as a whole. With the best member (single link) a bomb that killed one
    policeman the next day joins a market bombing through its first report
    ("at least three killed") although the later reports (10, 11 killed)
    contradict it. A cluster already holding an event of the sketch's article
    is never a candidate: the extractor fuses within an article, so a second
    event there is a second incident.
    """
    if any(m.article_id == sketch.article_id for m in members):
        return None
    scores = [score(sketch, m) for m in members if compatible(sketch, m)]
    return sum(scores) / len(scores) if scores else None


def match(
    sketch: EventSketch,
    clusters: Mapping[str, Sequence[EventSketch]],
    threshold: float = MATCH_THRESHOLD,
) -> str | None:
    """Key of the cluster ``sketch`` joins, or None when it starts a new cluster.

    Called once per new event; ``clusters`` need only hold the candidates
    (members dated within `BLOCK_DAYS`, same or unknown country). Ties go to
    the first cluster in iteration order so repeated runs agree.
    """
    best_key, best = None, threshold
    for key, members in clusters.items():
        s = cluster_score(sketch, members)
        if s is not None and s >= best and (best_key is None or s > best):
            best_key, best = key, s
    return best_key


def _richness(s: EventSketch) -> int:
    """How much an event pins down: a specific place, a death toll, named actors."""
    return _specific(s) + (s.fatalities is not None) + bool(_actor_words(s.actors))


def _report_order(s: EventSketch) -> tuple:
    """Members in the order they were reported (for ties in `canonical`)."""
    return (s.reported or date.max, s.date_start or date.max, s.article_id, s.key)


def _order(s: EventSketch) -> tuple:
    """Order of one article's events for `match`: the most informative first.

    Same as `in_match_order` within one article (kept for callers that sort a
    single article's sketches with it).
    """
    return (-_richness(s), s.date_start or date.max, s.reported or date.max, s.article_id, s.key)


def in_match_order(sketches: Sequence[EventSketch]) -> list[EventSketch]:
    """The order to `match` events in: articles by their first event date, then
    each article's most informative events first.

    A cluster holds at most one event per article, so an article's vague or
    secondary event ("two bombings struck Salahuddin province", a clash the
    extractor read into "died of his wounds") must not take the slot its
    precise event should take. The store should match a new article's events
    in this order too.
    """
    first: dict[str, tuple] = {}
    for s in sketches:
        key = (s.date_start or date.max, s.reported or date.max)
        first[s.article_id] = min(first.get(s.article_id, key), key)
    return sorted(sketches, key=lambda s: (first[s.article_id], s.article_id, _order(s)))


def cluster(sketches: Sequence[EventSketch], threshold: float = MATCH_THRESHOLD) -> list[list[str]]:
    """Batch fusion: `match` each sketch in `in_match_order`; returns lists of keys."""
    clusters: dict[str, list[EventSketch]] = {}
    for s in in_match_order(sketches):
        key = match(s, clusters, threshold)
        clusters.setdefault(key or s.key, []).append(s)
    return [[m.key for m in members] for members in clusters.values()]


# -- canonical values ---------------------------------------------------------


def _mode(values: Sequence, default=None):
    """The most common value, ties to the first seen (members come in report order)."""
    counted = Counter(v for v in values if v is not None)
    if not counted:
        return default
    top = max(counted.values())
    return next(v for v in values if v is not None and counted[v] == top)


def canonical(members: Sequence[EventSketch]) -> Canonical:
    """One cluster's values.

    Type: the type most members give (ties to the earliest report). Date and
    place: the most precise one any member gives (ties to the most common).
    Fatalities: the lowest reported figure, ACLED's most conservative rule,
    with every distinct figure kept in ``fatalities_reported``.
    """
    if not members:
        raise ValueError("a cluster has at least one member")
    ms = sorted(members, key=_report_order)
    event_type = _mode([m.event_type for m in ms])
    sub_event_type = _mode([m.sub_event_type for m in ms if m.event_type == event_type])

    dated = [m for m in ms if m.date_start is not None]
    when = None
    if dated:
        best = min(m.date_precision or 3 for m in dated)
        finest = [m for m in dated if (m.date_precision or 3) == best]
        span = _mode([(m.date_start, m.date_end) for m in finest])
        when = next(m for m in finest if (m.date_start, m.date_end) == span)

    placed = [m for m in ms if m.location or m.admin1 or m.country]
    where = None
    if placed:
        best = min(m.location_precision or 4 for m in placed)
        finest = [m for m in placed if (m.location_precision or 4) == best]
        name = _mode([_norm(m.location) for m in finest])
        where = next(m for m in finest if _norm(m.location) == name)

    figures = sorted({m.fatalities for m in ms if m.fatalities is not None})
    reported = [m.reported for m in ms if m.reported is not None]
    return Canonical(
        event_type=event_type,
        sub_event_type=sub_event_type,
        date_start=when.date_start if when else None,
        date_end=when.date_end if when else None,
        date_precision=when.date_precision if when else None,
        location=where.location if where else None,
        admin1=(where.admin1 if where else None) or _mode([m.admin1 for m in ms]),
        country=(where.country if where else None) or _mode([m.country for m in ms]),
        lat=where.lat if where else None,
        lon=where.lon if where else None,
        location_precision=where.location_precision if where else None,
        fatalities=figures[0] if figures else None,
        fatalities_reported=tuple(figures),
        n_articles=len({m.article_id for m in ms}),
        n_outlets=len({m.outlet.strip().lower() for m in ms if m.outlet}),
        first_reported=min(reported) if reported else None,
        last_reported=max(reported) if reported else None,
    )
