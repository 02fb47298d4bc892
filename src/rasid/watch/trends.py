"""Trends per unit (admin1, admin2, actor, type or country): the latest period against its
baseline, with ACLED's change level, surge and threat, a statistical detector
with a stated false-alarm rate, and coverage normalisation.

Everything counts incidents (clusters), so an attack reported by ten outlets
counts once.  Counts come from one query over the window the methods need
(three years of weeks for the seasonal detector), grouped in Python: a
100,000-incident store answers in well under a second.

Coverage: Rasid knows how many articles it was fed per period.  When the
selection holds only incidents Rasid coded from articles, each unit also gets
its latest count *at baseline coverage* (the count times the baseline's mean
articles per period over the latest period's articles), so a week in which the
feed doubled is not read as a week in which violence doubled.  Imported
datasets have no article counts; then the normalised columns are empty.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, func, select

from rasid.store.models import ArticleRow, ClusterActorRow, ClusterRow
from rasid.store.queries import Filters, cluster_conditions

from . import acled_rules, detectors, periods

BY = ("admin1", "admin2", "actor", "type", "country")
EVENTS = ("violent", "all")
C = ClusterRow.__table__.c
CA = ClusterActorRow.__table__.c
A = ArticleRow.__table__.c
# History loaded: three seasons and the half-window the seasonal detector reads.
HISTORY = {"week": 3 * 52 + 4, "month": 3 * 12 + 1}
SEASON = {"week": 52, "month": 12}
# CUSUM's in-control run length: one false alarm per unit per decade.
ARL0 = {"week": 520.0, "month": 120.0}
DEFAULT_BASELINE = {"week": 4, "month": 12}
ALPHA = 0.01  # the statistical detector's false-alarm rate per unit and period
CUSUM_WINDOW = 8  # periods the CUSUM accumulates over, after its baseline


@dataclass(frozen=True)
class Options:
    """What ``rasid trends`` computes; ``baseline`` is in periods (None: 4 weeks or 12 months)."""

    by: str = "admin1"
    period: str = "week"
    as_of: dt.date | None = None
    baseline: int | None = None
    events: str = "violent"
    filters: Filters = field(default_factory=Filters)

    @property
    def baseline_periods(self) -> int:
        return self.baseline or DEFAULT_BASELINE[self.period]


@dataclass(frozen=True)
class UnitTrend:
    unit: str
    country: str | None
    events: int
    fatalities: int
    baseline: float  # mean events per period over the baseline periods
    fatalities_baseline: float
    change: float | None
    level: str
    surge: bool | None  # ACLED's rules (admin1 units with weekly periods only)
    threat: bool | None
    detector: detectors.Detection
    cusum: bool
    normalised_events: float | None
    normalised_change: float | None
    series: tuple[int, ...]  # events per period, oldest first, the latest last
    weekly: tuple[float, ...]  # violent incidents per week, the 56 weeks surge/threat read
    # The period before: its count, change level, and the methods that flagged it
    # ("surge", "threat", "detector", "cusum"), so an alert can fire only on entry.
    previous_events: int
    previous_level: str
    previous: frozenset[str]
    incidents: tuple[int, ...]  # clusters of the latest period, most fatalities first

    def to_dict(self) -> dict[str, Any]:
        d = self.detector
        return {
            "unit": self.unit,
            "country": self.country,
            "events": self.events,
            "fatalities": self.fatalities,
            "baseline": round(self.baseline, 2),
            "fatalities_baseline": round(self.fatalities_baseline, 2),
            "change": None if self.change is None else round(self.change, 3),
            "level": self.level,
            "surge": self.surge,
            "threat": self.threat,
            "expected": round(d.expected, 2),
            "upper": d.upper,
            "alarm": d.alarm,
            "detector": d.reason,
            "cusum": self.cusum,
            "normalised_events": _round(self.normalised_events),
            "normalised_change": _round(self.normalised_change, 3),
            "incidents": list(self.incidents),
        }


@dataclass(frozen=True)
class EmergingActor:
    actor: str
    type: str | None
    country: str | None
    events: int
    first: dt.date
    incidents: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "first": self.first.isoformat(), "incidents": list(self.incidents)}


@dataclass(frozen=True)
class Trends:
    options: Options
    as_of: dt.date
    latest: periods.Period
    units: tuple[UnitTrend, ...]
    emerging: tuple[EmergingActor, ...]
    articles: int | None  # articles coded in the latest period (None: not normalised)
    articles_baseline: float | None
    last_data: dt.date | None  # the newest incident date in the selection

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.options.by,
            "period": self.options.period,
            "events": self.options.events,
            "as_of": self.as_of.isoformat(),
            "latest": {"start": self.latest.start.isoformat(), "end": self.latest.end.isoformat()},
            "baseline_periods": self.options.baseline_periods,
            "articles": self.articles,
            "articles_baseline": _round(self.articles_baseline),
            "last_data": self.last_data.isoformat() if self.last_data else None,
            "units": [u.to_dict() for u in self.units],
            "emerging_actors": [e.to_dict() for e in self.emerging],
        }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def compute(conn: Connection, options: Options) -> Trends:
    """Trends of every unit with an incident in the latest period or its baseline."""
    kind = options.period
    as_of = options.as_of or dt.date.today()
    window = periods.back(kind, as_of, HISTORY[kind])
    rows = _incidents(conn, options, window[0].start, window[-1].end)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(window))
    deaths: dict[str, list[int]] = defaultdict(lambda: [0] * len(window))
    countries: dict[str, set[str | None]] = defaultdict(set)
    latest_ids: dict[str, list[tuple[int, int]]] = defaultdict(list)
    imported = False
    for cid, day, unit, country, fatalities, origin in rows:
        i = periods.index_of(kind, window, day)
        if i is None:
            continue
        counts[unit][i] += 1
        deaths[unit][i] += fatalities or 0
        countries[unit].add(country)
        imported = imported or origin != "rasid"
        if i == len(window) - 1:
            latest_ids[unit].append((-(fatalities or 0), cid))
    coverage = None if imported else _coverage(conn, kind, window)
    weekly = _weekly_counts(conn, options, as_of) if _acled_weekly(options) else {}
    units = [
        unit_trend(unit, counts[unit], deaths[unit], countries[unit], options, coverage)
        for unit in counts
    ]
    units = [
        replace(
            u,
            surge=acled_rules.surge(weekly.get(u.unit, [])) if weekly else None,
            threat=acled_rules.threat(weekly.get(u.unit, [])) if weekly else None,
            weekly=tuple(weekly.get(u.unit, ())),
            previous=u.previous | _acled_before(weekly.get(u.unit, [])),
            incidents=tuple(cid for _, cid in sorted(latest_ids[u.unit])),
        )
        for u in units
        if u.events or u.baseline
    ]
    units.sort(key=lambda u: (-u.events, -(u.change or 0.0), u.unit))
    n_base = options.baseline_periods
    return Trends(
        options=replace(options, as_of=as_of),
        as_of=as_of,
        latest=window[-1],
        units=tuple(units),
        emerging=tuple(emerging_actors(conn, options, as_of)),
        articles=coverage[-1] if coverage else None,
        articles_baseline=sum(coverage[-1 - n_base : -1]) / n_base if coverage else None,
        last_data=_last_day(conn, options),
    )


def _acled_before(weeks: list[float]) -> frozenset[str]:
    """ACLED's flags the week before the latest."""
    flags = {"surge": acled_rules.surge(weeks[:-1]), "threat": acled_rules.threat(weeks[:-1])}
    return frozenset(name for name, on in flags.items() if on)


def _acled_weekly(options: Options) -> bool:
    """Surge and threat are ACLED's rules for admin1 units, on weekly violent counts."""
    return options.by == "admin1"


def unit_trend(
    unit: str,
    series: list[int],
    deaths: list[int],
    countries: set[str | None],
    options: Options,
    coverage: list[int] | None,
) -> UnitTrend:
    kind, n = options.period, options.baseline_periods
    latest, history = series[-1], series[:-1]
    base = sum(history[-n:]) / n
    detection = detectors.farrington(history, latest, season=SEASON[kind], alpha=ALPHA)
    # CUSUM: a baseline from the year before the last CUSUM_WINDOW periods, then
    # accumulate over those periods; an alarm in the latest period is reported.
    before = history[: -CUSUM_WINDOW + 1] if len(history) >= CUSUM_WINDOW else []
    reference = before[-SEASON[kind] :]
    cusum = previous_cusum = False
    if len(reference) >= SEASON[kind] // 2:
        mean = sum(reference) / len(reference)
        result = detectors.cusum(series[-CUSUM_WINDOW:], mean, arl0=ARL0[kind])
        cusum = CUSUM_WINDOW - 1 in result.alarms
        previous_cusum = CUSUM_WINDOW - 2 in result.alarms
    earlier = history[:-1]
    previous_base = sum(earlier[-n:]) / n if earlier else 0.0
    previous_alarm = (
        bool(history)
        and detectors.farrington(earlier, history[-1], season=SEASON[kind], alpha=ALPHA).alarm
    )
    normalised = normalised_change = None
    if coverage is not None and coverage[-1] > 0:
        at_baseline = sum(coverage[-1 - n : -1]) / n
        if at_baseline > 0:
            normalised = latest * at_baseline / coverage[-1]
            normalised_change = acled_rules.change(normalised, base)
    known = sorted(c for c in countries if c)
    return UnitTrend(
        unit=unit,
        country=known[0] if len(known) == 1 else None,
        events=latest,
        fatalities=deaths[-1],
        baseline=base,
        fatalities_baseline=sum(deaths[-1 - n : -1]) / n,
        change=acled_rules.change(latest, base),
        level=acled_rules.change_level(latest, base),
        surge=None,
        threat=None,
        detector=detection,
        cusum=cusum,
        normalised_events=normalised,
        normalised_change=normalised_change,
        series=tuple(series),
        weekly=(),
        incidents=(),
        previous_events=history[-1] if history else 0,
        previous_level=acled_rules.change_level(history[-1] if history else 0, previous_base),
        previous=frozenset(
            name for name, on in (("detector", previous_alarm), ("cusum", previous_cusum)) if on
        ),
    )


def unit_column(by: str) -> Any:
    if by == "admin1":
        return func.coalesce(C.admin1, "(unknown)")
    if by == "admin2":
        return func.coalesce(C.admin2, C.admin1, "(unknown)")
    if by == "type":
        return C.event_type
    if by == "country":
        return func.coalesce(C.country, "(unknown)")
    if by == "actor":
        return CA.name
    raise ValueError(f"cannot group trends by {by!r}; expected one of {', '.join(BY)}")


def _incidents(
    conn: Connection, options: Options, start: dt.date, end: dt.date
) -> Iterable[tuple[int, dt.date, str, str | None, int | None, str]]:
    unit = unit_column(options.by)
    query = select(C.id, C.date_start, unit, C.country, C.fatalities, C.origin).where(
        C.date_start >= start, C.date_start <= end, *cluster_conditions(conn, options.filters)
    )
    if options.by == "actor":
        query = query.select_from(
            ClusterRow.__table__.join(ClusterActorRow.__table__, CA.cluster_id == C.id)
        )
    if options.events == "violent":
        query = query.where(_violent())
    return conn.execute(query).all()


def _violent() -> Any:
    return C.event_type.in_(acled_rules.VIOLENT_TYPES) | C.sub_event_type.in_(
        acled_rules.VIOLENT_SUB_TYPES
    )


def _weekly_counts(conn: Connection, options: Options, as_of: dt.date) -> dict[str, list[float]]:
    """Violent incidents per ACLED week and unit over the 56 weeks threat needs."""
    weeks = periods.back("week", as_of, 56)
    out: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(weeks))
    violent = replace(options, events="violent")
    for _cid, day, unit, *_rest in _incidents(conn, violent, weeks[0].start, weeks[-1].end):
        i = periods.index_of("week", weeks, day)
        if i is not None:
            out[unit][i] += 1
    return dict(out)


def _coverage(conn: Connection, kind: str, window: list[periods.Period]) -> list[int]:
    """Articles Rasid coded per period (by publication day)."""
    counts = [0] * len(window)
    query = (
        select(A.published, func.count())
        .where(A.dataset.is_(None), A.published >= window[0].start, A.published <= window[-1].end)
        .group_by(A.published)
    )
    for day, n in conn.execute(query):
        i = periods.index_of(kind, window, day)
        if i is not None:
            counts[i] += n
    return counts


def _last_day(conn: Connection, options: Options) -> dt.date | None:
    query = select(func.max(C.date_start)).where(*cluster_conditions(conn, options.filters))
    if options.events == "violent":
        query = query.where(_violent())
    return conn.execute(query).scalar()


def emerging_actors(conn: Connection, options: Options, as_of: dt.date) -> list[EmergingActor]:
    """ACLED's emerging actors: non-state armed actors in violence in the latest 4 weeks
    and in no violent incident in the same country in the 52 weeks before."""
    from rasid.store.models import ClusterMemberRow, EventRow

    weeks = periods.back("week", as_of, 56)
    recent_start = weeks[-4].start
    E, M = EventRow.__table__.c, ClusterMemberRow.__table__.c
    seen: dict[tuple[str | None, str], dict[str, Any]] = {}
    before: set[tuple[str | None, str]] = set()
    query = (
        select(C.id, C.date_start, C.country, E.actor1, E.actor1_type, E.actor2, E.actor2_type)
        .select_from(
            ClusterRow.__table__.join(ClusterMemberRow.__table__, M.cluster_id == C.id).join(
                EventRow.__table__, E.id == M.event_id
            )
        )
        .where(
            C.date_start >= weeks[0].start,
            C.date_start <= weeks[-1].end,
            _violent(),
            *cluster_conditions(conn, options.filters),
        )
    )
    for cid, day, country, a1, t1, a2, t2 in conn.execute(query):
        for name, kind in ((a1, t1), (a2, t2)):
            if not name or kind not in acled_rules.NON_STATE_ARMED:
                continue
            key = (country, name)
            if day < recent_start:
                before.add(key)
                continue
            entry = seen.setdefault(key, {"type": kind, "first": day, "ids": set()})
            entry["first"] = min(entry["first"], day)
            entry["ids"].add(cid)
    out = [
        EmergingActor(
            actor=name,
            type=entry["type"],
            country=country,
            events=len(entry["ids"]),
            first=entry["first"],
            incidents=tuple(sorted(entry["ids"])),
        )
        for (country, name), entry in seen.items()
        if (country, name) not in before
    ]
    return sorted(out, key=lambda e: (-e.events, e.actor))
