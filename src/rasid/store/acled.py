"""ACLED's export format: its columns, in its order, with its meanings.

One row per cluster (one real-world event however many articles reported it):
canonical date, place and the most conservative fatality figure; the actors of
the most confident member event; every outlet in ``source``, joined by "; ";
the summary in ``notes``, followed by the other fatality figures when the
sources disagree.  Column list and codes follow ACLED's codebook (2023
columns: disorder_type, civilian_targeting and tags, no data_id/iso3).

Inter codes (``inter1``, ``inter2``): ACLED's 1..8 from the actor's type in
the actor dictionary (``INTER``).  An actor the dictionary lacks (stored with
its text as name and no type) still gets a code, as ACLED codes actors it
cannot name (``UNTYPED``): protesters (6) or rioters (5) when it acts in a
protest or riot, civilians (7) when it is the target of violence against
civilians, and otherwise an unidentified armed group, which ACLED codes as a
political militia (3).  Only an absent actor has code 0, as in ACLED for an
event with no actor2.  ``interaction`` is ACLED's two-digit code, the lower
code first ("12", "37"); one actor alone is its code and 0 ("10", "70").

``event_id_cnty`` is the country's ISO alpha-3 code and the cluster id
("IRQ17").  When the cluster has no country, it is taken from the places its
reports name, then from its actors' countries (the most frequent; ties go to
actor2, the side acted upon, which is usually where it happened); ``country``,
``iso`` and ``region`` then say that country too, and when it came from the
actors ``notes`` says so.  With no country anywhere, the id is the bare cluster
id ("17", which ``rasid show 17`` opens), never an invented country code.
Kosovo, which ISO 3166 lacks, is "XKX" as in ACLED.

An event without coordinates says so: empty ``latitude``, ``longitude`` and
``geo_precision`` (ACLED has no precision for a place it does not have; its
codes 1..3 all describe a point); an event with coordinates but no recorded
precision gets 3, the widest.

Where Rasid knows less than ACLED codes: associated actors are not tied to
actor1 or actor2, so all go to ``assoc_actor_1``; ``admin3``, ``source_scale``
and ``tags`` stay empty; ``timestamp`` is when the cluster last changed.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from types import SimpleNamespace
from typing import Any

import pycountry

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# ACLED's event types and their sub-event types (codebook 2023).
EVENT_TYPES = {
    "Battles": (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    ),
    "Protests": (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

# ACLED's 'inter' codes by Rasid actor type (knowledge/data/actors.yaml).
INTER = {
    "state_forces": 1,
    "rebel_group": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external_forces": 8,
    "other": 8,
}

_POLITICAL_VIOLENCE = "Political violence"
_DEMONSTRATIONS = "Demonstrations"
_BOTH = "Political violence; Demonstrations"
DISORDER_BY_TYPE = {
    "Battles": _POLITICAL_VIOLENCE,
    "Explosions/Remote violence": _POLITICAL_VIOLENCE,
    "Violence against civilians": _POLITICAL_VIOLENCE,
    "Protests": _DEMONSTRATIONS,
    "Riots": _DEMONSTRATIONS,
    "Strategic developments": "Strategic developments",
}
DISORDER_BY_SUBTYPE = {
    "Excessive force against protesters": _BOTH,
    "Mob violence": _POLITICAL_VIOLENCE,
}

# ACLED's regions for the countries Rasid's knowledge covers best; others are left blank.
REGIONS = {
    **dict.fromkeys(
        ["IQ", "SY", "IR", "TR", "LB", "JO", "IL", "PS", "SA", "YE", "OM", "AE", "QA", "BH", "KW"],
        "Middle East",
    ),
    **dict.fromkeys(["EG", "LY", "TN", "DZ", "MA", "SD"], "Northern Africa"),
    **dict.fromkeys(["AF", "PK", "IN", "BD", "LK", "NP"], "South Asia"),
    **dict.fromkeys(["UA", "RU", "BY", "MD", "GE", "AM", "AZ"], "Europe"),
    **dict.fromkeys(["ML", "NE", "BF", "NG", "TD", "CM", "SN", "MR"], "Western Africa"),
    **dict.fromkeys(["SO", "ET", "KE", "SS", "UG", "ER", "DJ"], "Eastern Africa"),
}


# ACLED's code for an actor of no known type, by event type and role; any other: 3,
# an unidentified armed group (ACLED codes those as political militias).
UNTYPED = {
    ("Protests", "actor1"): 6,
    ("Riots", "actor1"): 5,
    ("Violence against civilians", "actor2"): 7,
}
UNIDENTIFIED_ARMED_GROUP = 3


def actor_inter(
    name: str | None, actor_type: str | None, event_type: str, role: str = "actor1"
) -> int:
    """The inter code of an event's actor1 or actor2: 0 only when there is no actor.

    A typed actor gets its type's code (``INTER``); an actor the dictionary
    does not know gets the code ACLED would give it in this role (``UNTYPED``).
    """
    if not name:
        return 0
    if actor_type in INTER:
        return INTER[actor_type]
    return UNTYPED.get((event_type, role), UNIDENTIFIED_ARMED_GROUP)


def interaction(inter1: int, inter2: int) -> int:
    """The joint code, lowest first ("13"); a sole actor's code times ten ("10")."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return 0
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def disorder_type(event_type: str, sub_event_type: str) -> str:
    return DISORDER_BY_SUBTYPE.get(sub_event_type) or DISORDER_BY_TYPE.get(event_type, "")


def civilian_targeting(event_type: str, actor2_type: str | None) -> str:
    """ACLED marks events whose target was civilians."""
    if event_type == "Violence against civilians" or actor2_type == "civilians":
        return "Civilian targeting"
    return ""


# Countries ACLED codes that ISO 3166 (and so pycountry) lacks.
_NOT_IN_ISO = {"XK": SimpleNamespace(alpha_2="XK", alpha_3="XKX", name="Kosovo", numeric="0")}


def _country(code: str | None) -> Any:
    if not code:
        return None
    return _NOT_IN_ISO.get(code) or pycountry.countries.get(alpha_2=code)


def _most_common(codes: Iterable[str | None]) -> str | None:
    """The most frequent known country code (ties: the first seen), or None."""
    counts = Counter(c for c in codes if c and _country(c) is not None)
    return counts.most_common(1)[0][0] if counts else None


def event_country(cluster: Mapping[str, Any]) -> tuple[str | None, str]:
    """The cluster's country (ISO alpha-2) and where it came from.

    ``"location"``: the cluster's place; ``"places"``: the places its reports
    name; ``"actors"``: its actors' countries; ``""``: none anywhere.
    """
    if _country(cluster["country"]) is not None:
        return cluster["country"], "location"
    members = cluster["members"]
    named = _most_common(
        place.get("country")
        for m in members
        for place in ((m.get("data") or {}).get("places") or ())
        if isinstance(place, Mapping)
    )
    if named:
        return named, "places"
    actors = _most_common(
        code for m in members for code in (m.get("actor2_country"), m.get("actor1_country"))
    )
    if actors:
        return actors, "actors"
    return None, ""


def lead_event(members: Iterable[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The member whose actors represent the cluster: the most confident, then earliest."""
    ranked = max(enumerate(members), key=lambda im: (im[1]["confidence"], -im[0]))
    return ranked[1]


def corrected_lead(cluster: Mapping[str, Any], lead: Mapping[str, Any]) -> Mapping[str, Any]:
    """The lead member with a reviewer's actors in place of the machine's (their type is
    then unknown: ``actor_inter`` codes them as ACLED codes an actor it cannot type)."""
    corrected = cluster.get("corrected") or {}
    roles = [r for r in ("actor1", "actor2") if r in corrected]
    if not roles:
        return lead
    out = dict(lead)
    for role in roles:
        out[role] = corrected[role]
        out[f"{role}_type"] = None
    return out


def outlets(members: Iterable[Mapping[str, Any]]) -> list[str]:
    """Distinct outlets of the members, first reporter first (unknown outlets left out)."""
    seen: dict[str, None] = {}
    for m in members:
        outlet = m.get("article_outlet") or m.get("outlet")
        if outlet:
            seen.setdefault(outlet, None)
    return list(seen)


def row(cluster: Mapping[str, Any]) -> dict[str, Any]:
    """One ACLED row from a cluster with its members (``queries.clusters``)."""
    members = cluster["members"]
    lead = corrected_lead(cluster, lead_event(members))
    code, country_from = event_country(cluster)
    country = _country(code)
    event_type = cluster["event_type"]
    inter1 = actor_inter(lead["actor1"], lead["actor1_type"], event_type, "actor1")
    inter2 = actor_inter(lead["actor2"], lead["actor2_type"], event_type, "actor2")
    date = cluster["date_start"]
    notes = lead["summary"]
    reported = cluster["fatalities_reported"] or []
    if len(reported) > 1:
        notes += (
            f" Sources report {', '.join(map(str, reported))} fatalities;"
            f" the lowest ({cluster['fatalities']}) is coded."
        )
    if country_from == "actors":
        notes += " No place given; the country is the actors'."
    if cluster.get("corrected"):
        notes += f" Corrected by a reviewer: {', '.join(sorted(cluster['corrected']))}."
    elif cluster.get("reviewed"):
        notes += " Reviewed by a person."
    located = cluster["lat"] is not None and cluster["lon"] is not None
    updated = cluster["updated_at"]
    return {
        "event_id_cnty": f"{country.alpha_3}{cluster['id']}" if country else str(cluster["id"]),
        "event_date": date.isoformat() if date else "",
        "year": date.year if date else "",
        "time_precision": cluster["date_precision"] or 3,
        "disorder_type": disorder_type(cluster["event_type"], cluster["sub_event_type"]),
        "event_type": cluster["event_type"],
        "sub_event_type": cluster["sub_event_type"],
        "actor1": lead["actor1"] or "",
        "assoc_actor_1": lead["assoc_actors"] or "",
        "inter1": inter1,
        "actor2": lead["actor2"] or "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": civilian_targeting(cluster["event_type"], lead["actor2_type"]),
        "iso": int(country.numeric) if country else "",
        "region": REGIONS.get(code or "", ""),
        "country": country.name if country else (cluster["country"] or ""),
        "admin1": cluster["admin1"] or "",
        "admin2": cluster["admin2"] or "",
        "admin3": "",
        "location": cluster["location"] or "",
        "latitude": cluster["lat"] if located else "",
        "longitude": cluster["lon"] if located else "",
        "geo_precision": (cluster["location_precision"] or 3) if located else "",
        "source": "; ".join(outlets(members)),
        "source_scale": "",
        "notes": notes,
        "fatalities": cluster["fatalities"] or 0,
        "tags": "",
        "timestamp": calendar.timegm(updated.timetuple()) if updated else "",
    }


def rows(clusters: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    for cluster in clusters:
        yield row(cluster)
