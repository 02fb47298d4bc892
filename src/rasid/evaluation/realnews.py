"""Score whole articles coded at document level: one event per incident, place and day.

A gold incident is found by at most one coded event: events are matched to gold
one to one on event type, day (within a day either side of the gold date or
range) and place (within 40 km, or the same name), so a second event for an
incident already found is a false event (a *duplicate*), as it would be in a
count or on a map. Gold events marked ``required: false`` (context incidents,
vague or disputed ones) are neither misses nor false alarms: an event matched to
one is left out of precision. Fatalities are scored as the ratio of what Rasid
coded to the articles' own conservative tolls, over every counted event, which
is the number a store would add up. These rules mirror how the held-out split
is scored; change them only together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from rasid.distance import haversine_km
from rasid.evaluation.common import (
    Examples,
    Tally,
    as_dict,
    evidence_spans,
    f1,
    iso_date,
    number,
    reported_events,
)
from rasid.evaluation.geo import name_key

DATASET = "realnews"
PLACE_KM = 40.0  # the place tolerance: a town and its outskirts or district seat
DAY_SLACK = 1
_GENRE = re.compile(r"genre:\s*([\w/-]+)")
_NAME_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _span(start: Any, end: Any) -> tuple[dt.date, dt.date] | None:
    first = iso_date(start)
    if first is None:
        return None
    last = iso_date(end) or first
    return (first, last) if last >= first else (first, first)


def _days_meet(pred: dict, gold: dict) -> bool:
    """The coded day or range touches the gold day or range, a day either side allowed."""
    got = _span(as_dict(pred.get("date")).get("start"), as_dict(pred.get("date")).get("end"))
    want = _span(gold.get("date_start"), gold.get("date_end"))
    if want is None:
        return True  # gold without a date: the day cannot disagree
    if got is None:
        return False
    slack = dt.timedelta(days=DAY_SLACK)
    return got[0] <= want[1] + slack and want[0] <= got[1] + slack


# Words that say what kind of place a name is, not which: "Kabul city" is Kabul.
_PLACE_WORDS = frozenset({"village", "town", "city", "district", "province", "state", "region",
                          "area", "county", "governorate", "lga", "municipality", "suburb"})  # fmt: skip


def _name_words(name: Any) -> list[str]:
    if not isinstance(name, str):
        return []
    words = [name_key(w) for w in _NAME_WORDS.findall(name)]
    return [w for w in words if w not in _PLACE_WORDS]


def _names_meet(pred_name: Any, gold_name: Any) -> bool:
    """The coded place's name occurs, as whole words, in the gold place's description.

    Gold names describe ("Villa Nueva (near Guamalito), El Carmen", "Gwoza LGA
    (Ndakaine, Jango ...)"), so a coded "El Carmen" or "Gwoza" names the place.
    """
    want, got = _name_words(gold_name), _name_words(pred_name)
    if not got or not want:
        return False
    n = len(got)
    return any(want[i : i + n] == got for i in range(len(want) - n + 1))


def _places_meet(pred: dict, gold: dict) -> bool:
    want = as_dict(gold.get("location"))
    if not want:
        return True  # the text names no place: any place (or none) will do
    got = as_dict(pred.get("location"))
    if _names_meet(got.get("name"), want.get("name")):
        return True
    points = [(number(x.get("lat")), number(x.get("lon"))) for x in (got, want)]
    if any(v is None for p in points for v in p):
        return False
    (plat, plon), (glat, glon) = points
    return haversine_km(plat, plon, glat, glon) <= PLACE_KM  # type: ignore[arg-type]


def same_incident(pred: dict, gold: dict) -> bool:
    """Type, day and place agree, so the coded event can stand for the gold incident."""
    return (
        pred.get("event_type") == gold.get("type")
        and _days_meet(pred, gold)
        and _places_meet(pred, gold)
    )


def match_one_to_one(
    preds: list[dict], golds: list[dict], fits: Callable[[dict, dict], bool]
) -> dict[int, int]:
    """A maximum one-to-one matching of gold to predicted events (gold index -> pred index).

    Required gold events are matched first, so an optional one never takes the
    only event that could find a required one; augmenting paths (Kuhn's method)
    keep every gold event matched once it is.
    """
    edges = [[j for j, p in enumerate(preds) if fits(p, g)] for g in golds]
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for j in edges[g]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = g
                return True
        return False

    order = sorted(range(len(golds)), key=lambda i: not golds[i].get("required", True))
    for g in order:
        augment(g, set())
    return {g: j for j, g in owner.items()}


def _retells(pred: dict, gold: dict) -> bool:
    """A false event tells a gold incident again: it would match it, or its evidence holds
    the incident's trigger word (the same incident with another type or place)."""
    if same_incident(pred, gold):
        return True
    trigger = as_dict(gold.get("trigger"))
    start = trigger.get("start")
    return isinstance(start, int) and any(s <= start < e for s, e in evidence_spans(pred))


def _describe(event: dict, gold: bool) -> str:
    if gold:
        loc = as_dict(event.get("location")).get("name")
        return f"{event.get('type')} {event.get('date_start')} at {loc}"
    loc = as_dict(event.get("location")).get("name")
    return f"{event.get('event_type')} {as_dict(event.get('date')).get('start')} at {loc}"


def _total(fatalities: Any, key: str) -> int:
    value = as_dict(fatalities).get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


class RealNewsScorer:
    """Accumulates document-level precision, recall, duplicates and tolls."""

    dataset = DATASET

    def __init__(self) -> None:
        self.precision, self.recall = Tally(), Tally()
        self.duplicates = Tally()  # of the false events, those that retell a found incident
        self.fatalities = Tally()  # coded deaths over the gold conservative tolls
        self.by_genre: dict[str, tuple[Tally, Tally]] = {}
        self.examples = Examples()

    def add(self, record: dict, prediction: dict | None) -> None:
        rid = record["id"]
        golds = [e for e in record["gold"].get("events") or [] if isinstance(e, dict)]
        preds = reported_events(prediction)
        matched = match_one_to_one(preds, golds, same_incident)
        genre = _GENRE.search(record.get("notes") or "")
        precision, recall = self.by_genre.setdefault(
            genre.group(1) if genre else "unknown", (Tally(), Tally())
        )

        for g, gold in enumerate(golds):
            if not gold.get("required", True):
                continue
            found = g in matched
            recall.add(found)
            if not self.recall.add(found) and prediction is not None:
                self.examples.miss(rid, "recall", "not found: " + _describe(gold, True))
            self.fatalities.n += _total(gold.get("fatalities"), "total")

        to_gold = {j: g for g, j in matched.items()}
        for j, pred in enumerate(preds):
            g = to_gold.get(j)
            if g is not None and not golds[g].get("required", True):
                continue  # an optional incident: neither right nor wrong
            self.fatalities.correct += _total(pred.get("fatalities"), "total")
            ok = g is not None
            precision.add(ok)
            if self.precision.add(ok):
                continue
            duplicate = any(_retells(pred, gold) for gold in golds)
            self.duplicates.add(duplicate)
            kind = "duplicate of a found incident" if duplicate else "no such incident"
            self.examples.miss(rid, "precision", f"{kind}: {_describe(pred, False)}")

    def result(self) -> dict[str, Any]:
        metrics: dict[str, Any] = {
            "precision": self.precision.as_dict(),
            "recall": self.recall.as_dict(),
            "f1": f1(self.precision, self.recall),
            "duplicate_share": self.duplicates.as_dict(),
            "fatalities_coded_over_gold": self.fatalities.as_dict(),
        }
        for genre, (precision, recall) in sorted(self.by_genre.items()):
            metrics[f"genre {genre}"] = {
                "precision": precision.as_dict(),
                "recall": recall.as_dict(),
            }
        return {"metrics": metrics, "examples": self.examples.items}
