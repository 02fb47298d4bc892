"""One crowd event per place and day: a report that tells a march, then the clashes it
ended in, then the shots the police fired, tells one demonstration (ACLED codes a
day of protest per location, a riot where the crowd turned violent).

The incident step (``incidents``) joins retellings it can link; the parts of a
protest report often name the place in different words or tell the crowd and the
police as two sides, so after coding, the crowd events of one place and day are
merged here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from rasid.extract.summary import summarise
from rasid.records import Count, Event, PlaceMention

_CROWD_TYPES = ("Protests", "Riots")
# Which telling of the day wins: the crowd's violence makes it a riot; else the
# gravest thing done to the crowd.
_RANK = {
    "Violent demonstration": 4,
    "Mob violence": 4,
    "Excessive force against protesters": 3,
    "Protest with intervention": 2,
    "Peaceful protest": 1,
}


def merge_crowd_days(events: list[Event]) -> list[Event]:
    """Merge the coded Protests and Riots events of one place and day, in reading order."""
    out: list[Event] = []
    by_key: dict[tuple[str, str], int] = {}
    for event in events:
        key = _key(event)
        if key is None or key not in by_key:
            if key is not None:
                by_key[key] = len(out)
            out.append(event)
            continue
        out[by_key[key]] = _merge(out[by_key[key]], event)
    return out


def _key(event: Event) -> tuple[str, str] | None:
    if event.event_type not in _CROWD_TYPES or not event.is_reported:
        return None
    start, end = event.date.start_date, event.date.end_date or event.date.start_date
    if start is None or end is None or (end - start).days > 1 or event.location is None:
        return None  # a day, or a night into the next ("Sunday evening" to the small hours)
    return (_place(event.location), start.isoformat())


def _place(p: PlaceMention) -> str:
    return f"gn:{p.geonames_id}" if p.geonames_id else f"name:{p.name.casefold()}"


def _merge(first: Event, later: Event) -> Event:
    lead = (
        later if _RANK.get(later.sub_event_type, 0) > _RANK.get(first.sub_event_type, 0) else first
    )
    evidence = tuple(sorted(set(first.evidence) | set(later.evidence), key=lambda e: e.start))
    merged = replace(
        first,
        event_type=lead.event_type,
        sub_event_type=lead.sub_event_type,
        plover_type=lead.plover_type,
        actor1=lead.actor1 or first.actor1,
        actor2=lead.actor2 or first.actor2,
        fatalities=_toll(first.fatalities, later.fatalities),
        counts=first.counts + tuple(c for c in later.counts if c not in first.counts),
        evidence=evidence,
        tolls=_tolls(first, later),
        confidence=max(first.confidence, later.confidence),
    )
    return replace(merged, summary=summarise(merged))


def _toll(a: Count | None, b: Count | None) -> Count | None:
    """The day's deaths told twice ("two shot dead", "the two men died in hospital") are
    one toll: the larger telling, never their sum."""
    if a is None or b is None:
        return a or b
    return b if (b.value or 0) > (a.value or 0) else a


def _tolls(first: Event, later: Event) -> tuple[Count, ...]:
    kept = _toll(first.fatalities, later.fatalities)
    others: Iterable[Count | None] = (
        *first.tolls,
        *later.tolls,
        first.fatalities,
        later.fatalities,
    )
    out: list[Count] = []
    for c in others:
        if c is not None and c != kept and c not in out:
            out.append(c)
    return tuple(out)
