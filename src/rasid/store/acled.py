"""ACLED's export format: its columns, in its order, with its meanings.

One row per cluster (one real-world event however many articles reported it):
canonical date, place and the most conservative fatality figure; the actors of
the most confident member event; every outlet in ``source``, joined by "; ";
the summary in ``notes``, followed by the other fatality figures when the
sources disagree.  Column list and codes follow ACLED's codebook (2023
columns: disorder_type, civilian_targeting and tags, no data_id/iso3).

Where Rasid knows less than ACLED codes: associated actors are not tied to
actor1 or actor2, so all go to ``assoc_actor_1``; an actor whose type the actor
dictionary does not know gets inter code 0, like a missing actor; ``admin3``,
``source_scale`` and ``tags`` stay empty; ``event_id_cnty`` is the ISO alpha-3
code and the cluster id (``XXX`` when the country is unknown); ``timestamp`` is
when the cluster last changed.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator, Mapping
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


def inter(actor_type: str | None) -> int:
    """ACLED's inter code of an actor type; 0 when there is no such actor."""
    if actor_type is None:
        return 0
    return INTER.get(actor_type, 8)


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


def _country(code: str | None) -> Any:
    if not code:
        return None
    return pycountry.countries.get(alpha_2=code)


def lead_event(members: Iterable[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The member whose actors represent the cluster: the most confident, then earliest."""
    ranked = max(enumerate(members), key=lambda im: (im[1]["confidence"], -im[0]))
    return ranked[1]


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
    lead = lead_event(members)
    country = _country(cluster["country"])
    inter1, inter2 = inter(lead["actor1_type"]), inter(lead["actor2_type"])
    date = cluster["date_start"]
    notes = lead["summary"]
    reported = cluster["fatalities_reported"] or []
    if len(reported) > 1:
        notes += (
            f" Sources report {', '.join(map(str, reported))} fatalities;"
            f" the lowest ({cluster['fatalities']}) is coded."
        )
    updated = cluster["updated_at"]
    return {
        "event_id_cnty": f"{country.alpha_3 if country else 'XXX'}{cluster['id']}",
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
        "region": REGIONS.get(cluster["country"] or "", ""),
        "country": country.name if country else (cluster["country"] or ""),
        "admin1": cluster["admin1"] or "",
        "admin2": cluster["admin2"] or "",
        "admin3": "",
        "location": cluster["location"] or "",
        "latitude": cluster["lat"] if cluster["lat"] is not None else "",
        "longitude": cluster["lon"] if cluster["lon"] is not None else "",
        "geo_precision": cluster["location_precision"] or 3,
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
