"""Whether two sets of places named for two mentions can be one location.

Both the sentence rules (``coref``) and the document-level grouping
(``incidents``) ask it: a town and the province around it agree, two towns
farther apart than a town and its outskirts do not.
"""

from __future__ import annotations

import re

from rasid.distance import haversine_km
from rasid.records import PlaceMention

# Two towns this far apart are two places (ACLED: one event per location); a
# town and the village beside it, or its outskirts, are one. 25 km keeps the
# villages of one district apart in the DR Congo and Kenya reports of the
# development set while joining a town to its airport or base.
SAME_PLACE_KM = 25.0


def places_conflict(a: list[PlaceMention], b: list[PlaceMention]) -> bool:
    """Two sets of places that cannot be one location.

    A place and one inside it agree (Zamfara state and the village of Magami;
    Nigeria and Zamfara), so a headline's country and the lead's town tell one
    incident; two towns far apart, two provinces or two countries do not.  Each
    side is judged by its finest places: "Yemen's Hodeidah ... the town of
    Zabid" is not in Aden because Aden is in Yemen too.
    """
    a, b = _finest(a), _finest(b)
    if not a or not b:
        return False
    return not any(_one_place(p, q) for p in a for q in b)


def _finest(places: list[PlaceMention]) -> list[PlaceMention]:
    order = {"town": 0, "admin1": 1, "country": 2}
    if not places:
        return []
    best = min(order[_coarseness(p)] for p in places)
    return [p for p in places if order[_coarseness(p)] == best]


# Words that say what kind of place a name is, not which: "Nyaung Kone village".
_KIND_WORDS = re.compile(r"(?i)\s+(?:village|town|city|district|area|region|province|state)$")


def _same_name(p: PlaceMention, q: PlaceMention) -> bool:
    return _KIND_WORDS.sub("", p.name).casefold() == _KIND_WORDS.sub("", q.name).casefold()


def _one_place(p: PlaceMention, q: PlaceMention) -> bool:
    if _same_name(p, q):
        return True
    if "unresolved" in (p.kind, q.kind):
        # a village the gazetteer lacks: another town or village named is another
        # place; a province or a country may hold it
        other = q if p.kind == "unresolved" else p
        return other.kind != "unresolved" and _coarseness(other) != "town"
    if {p.kind, q.kind} & _CROSSING:
        return True  # "villages east of the Euphrates": a river runs through countries
    if p.country and q.country and p.country != q.country:
        return False
    coarse_p, coarse_q = _coarseness(p), _coarseness(q)
    if coarse_p == "country" or coarse_q == "country":
        return True  # same country (or one unknown): the country holds the other
    if coarse_p == "admin1" or coarse_q == "admin1":
        return _same_admin1(p, q)
    if None in (p.lat, p.lon, q.lat, q.lon):
        return _same_admin1(p, q)
    return haversine_km(p.lat, p.lon, q.lat, q.lon) <= SAME_PLACE_KM  # type: ignore[arg-type]


_CROSSING = frozenset({"river", "lake"})


def _coarseness(p: PlaceMention) -> str:
    if p.kind == "unresolved":
        return "town"
    if p.kind == "country":
        return "country"
    if p.kind == "admin1" or (p.precision or 3) >= 3:
        return "admin1"
    return "town"


def _same_admin1(p: PlaceMention, q: PlaceMention) -> bool:
    """Same province, or no province known for one of them (nothing says otherwise)."""
    first = {x.casefold() for x in (p.admin1s or (p.admin1,)) if x}
    second = {x.casefold() for x in (q.admin1s or (q.admin1,)) if x}
    return not first or not second or bool(first & second)


def towns_apart(a: list[PlaceMention], b: list[PlaceMention]) -> bool:
    """Both name towns, and no town of one is (near) a town of the other: Ngala and
    Banki, two towns of one province some 80 km apart, are two places."""
    a = [p for p in a if p.kind != "unresolved" and _coarseness(p) == "town"]
    b = [p for p in b if p.kind != "unresolved" and _coarseness(p) == "town"]
    if not a or not b:
        return False
    return not any(_one_place(p, q) for p in a for q in b)


def share_a_town(a: list[PlaceMention], b: list[PlaceMention]) -> bool:
    """A town of one is a town of the other, or beside it: "the killings of civilians
    in Dikwa" and "two attacks in Dikwa LGA"."""
    a = [p for p in a if _coarseness(p) == "town"]
    b = [p for p in b if _coarseness(p) == "town"]
    return any(_one_place(p, q) for p in a for q in b)
