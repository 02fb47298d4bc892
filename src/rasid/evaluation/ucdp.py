"""Score UCDP GED Iraq headlines: detection, fatalities, date, type, geocoding.

A headline is only one of the sources UCDP coders used, so each metric is
scored only on records where the headline itself carries the answer (the
number appears in it, the place is named in it, the date is exact). These
rules mirror how the held-out split is scored; change them only together.
"""

from __future__ import annotations

import re
from typing import Any

from rasid.distance import haversine_km
from rasid.evaluation.common import Examples, Tally, as_dict, iso_date, number, reported_events
from rasid.evaluation.geo import governorate, same_admin1

DATASET = "ucdp-ged-iraq"
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
DISTANCE_KM = 50.0
MAX_GOLD_LOCATION_PRECISION = 3
METRICS = ("detection", "fatalities", "date", "type", "admin1", "distance_50km")
# UCDP's type of violence: one-sided violence is violence against civilians.
ONE_SIDED = "one-sided violence"
ARMED_SIDES = frozenset({"state-based conflict", "non-state conflict"})

_SUM_NOTE = re.compile(r"sum of best over the \d+ events = \d+ appears in text: (\w+)")


def _gold_total_in_text(record: dict, events: list[dict]) -> int | None:
    """The gold death toll when the one-line headline states it, else None."""
    if "\n" in record["text"] or not events:
        return None
    totals = [as_dict(e.get("fatalities")).get("total") for e in events]
    if not all(isinstance(t, int) and not isinstance(t, bool) for t in totals):
        return None
    if len(events) == 1:
        seen = as_dict(events[0].get("text_checks")).get("best_in_text")
    else:
        match = _SUM_NOTE.search(record.get("notes") or "")
        seen = match.group(1) if match else None
    if seen is None or seen == "no":
        return None
    return sum(totals)


def _predicted_total(events: list[dict]) -> int:
    total = 0
    for event in events:
        value = as_dict(event.get("fatalities")).get("total")
        if isinstance(value, int) and not isinstance(value, bool):
            total += value
    return total


def _point(location: Any) -> tuple[float, float] | None:
    loc = as_dict(location)
    lat, lon = number(loc.get("lat")), number(loc.get("lon"))
    return (lat, lon) if lat is not None and lon is not None else None


class UcdpScorer:
    """Accumulates UCDP metrics over (gold record, prediction) pairs."""

    dataset = DATASET

    def __init__(self) -> None:
        self.tallies = {name: Tally() for name in METRICS}
        # ACLED's civilian_targeting against UCDP's type of violence, per side
        self.targeting = {"one-sided": Tally(), "armed sides": Tally()}
        self.examples = Examples()
        self._text = ""
        self._predicted = True

    def _score(self, metric: str, rid: str, ok: bool, reason: str, scoreable: bool = True) -> None:
        # Missing predictions are listed by the runner; examples show real misses.
        if not self.tallies[metric].add(ok, scoreable) and self._predicted:
            self.examples.miss(rid, metric, reason, self._text)

    def add(self, record: dict, prediction: dict | None) -> None:
        rid = record["id"]
        self._text = record["text"]
        self._predicted = prediction is not None
        gold = [e for e in record["gold"].get("events") or [] if isinstance(e, dict)]
        pred = reported_events(prediction)
        pred_types = [e.get("event_type") for e in pred]

        ok = any(t in VIOLENT_TYPES for t in pred_types)
        self._score("detection", rid, ok, f"reported event types {pred_types}")

        gold_total = _gold_total_in_text(record, gold)
        if gold_total is not None:
            got = _predicted_total(pred)
            self._score("fatalities", rid, got == gold_total, f"predicted {got}, gold {gold_total}")

        if ok:
            self._add_targeting(rid, gold, pred)
        self._add_date(rid, gold, pred)
        self._add_type(rid, gold, pred_types)
        self._add_geo(rid, gold, pred)

    def _add_targeting(self, rid: str, gold: list[dict], pred: list[dict]) -> None:
        """Does Rasid see civilians targeted where UCDP coded one-sided violence, and
        armed sides where UCDP coded a conflict?  An event targets civilians when it is
        Violence against civilians or its actor2 is civilians (ACLED's
        civilian_targeting: a market bombing is Explosions/Remote violence against
        civilians)."""
        kinds = {e.get("type") for e in gold}
        if kinds == {ONE_SIDED}:
            side = "one-sided"
        elif kinds and kinds <= ARMED_SIDES:
            side = "armed sides"
        else:
            return
        targeted = any(_targets_civilians(e) for e in pred if e.get("event_type") in VIOLENT_TYPES)
        ok = targeted == (side == "one-sided")
        if not self.targeting[side].add(ok) and self._predicted:
            self.examples.miss(
                rid, f"civilian_targeting: {side}", f"targeted={targeted}", self._text
            )

    def _add_date(self, rid: str, gold: list[dict], pred: list[dict]) -> None:
        gold_dates = [
            d
            for e in gold
            if e.get("date_precision") == 1 and (d := iso_date(e.get("date_start"))) is not None
        ]
        if not gold_dates:
            return
        got = [d for e in pred if (d := iso_date(as_dict(e.get("date")).get("start"))) is not None]
        ok = any(abs((p - g).days) <= 1 for p in got for g in gold_dates)
        shown = ", ".join(sorted({d.isoformat() for d in got})) or "none"
        gold_shown = ", ".join(sorted({d.isoformat() for d in gold_dates}))
        self._score("date", rid, ok, f"predicted {shown}, gold {gold_shown}")

    def _add_type(self, rid: str, gold: list[dict], types: list) -> None:
        gold_types = {e.get("acled_type") for e in gold}
        if len(gold_types) != 1 or None in gold_types:
            return
        (want,) = gold_types
        first = types[0] if types else None
        self._score("type", rid, first == want, f"first reported {first}, gold {want}")

    def _add_geo(self, rid: str, gold: list[dict], pred: list[dict]) -> None:
        named = [
            e for e in gold if as_dict(e.get("text_checks")).get("location_name_in_text") is True
        ]
        if not named:
            return
        gold_admin1 = [as_dict(e.get("location")).get("admin1") for e in named]
        pred_admin1 = [as_dict(e.get("location")).get("admin1") for e in pred]
        ok = any(same_admin1(p, g) for p in pred_admin1 for g in gold_admin1)
        # "northern Iraq": the gold place has no governorate to match
        scoreable = any(governorate(g) for g in gold_admin1)
        self._score("admin1", rid, ok, f"predicted {pred_admin1}, gold {gold_admin1}", scoreable)

        gold_points = [
            p
            for e in named
            if (prec := number(as_dict(e.get("location")).get("precision"))) is not None
            and prec <= MAX_GOLD_LOCATION_PRECISION
            and (p := _point(e.get("location"))) is not None
        ]
        pred_points = [p for e in pred if (p := _point(e.get("location"))) is not None]
        distances = [haversine_km(*p, *g) for p in pred_points for g in gold_points]
        ok = any(d <= DISTANCE_KM for d in distances)
        if not gold_points:
            reason = "gold place too coarse (precision > 3): cannot be scored correct"
        elif not distances:
            reason = "no predicted coordinates"
        else:
            reason = f"nearest predicted point {min(distances):.0f} km away"
        self._score("distance_50km", rid, ok, reason, scoreable=bool(gold_points))

    def result(self) -> dict[str, Any]:
        metrics: dict[str, Any] = {name: tally.as_dict() for name, tally in self.tallies.items()}
        metrics["civilian_targeting"] = {k: t.as_dict() for k, t in self.targeting.items()}
        rates = [t.correct / t.n for t in self.targeting.values() if t.n]
        balanced = round(sum(rates) / len(rates), 4) if len(rates) == 2 else None
        metrics["civilian_targeting_balanced"] = {"score": balanced}
        return {"metrics": metrics, "examples": self.examples.items}


def _targets_civilians(event: dict) -> bool:
    if event.get("event_type") == "Violence against civilians":
        return True
    actor2 = as_dict(event.get("actor2"))
    return actor2.get("type") == "civilians" or str(actor2.get("name") or "").startswith(
        "Civilians"
    )
