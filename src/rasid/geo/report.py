"""Plain-text geocoding report for ``rasid geocode "TEXT"``.

Shows every place found, the rule that resolved it and the event location
``choose_location`` would pick, so an analyst can see why Rasid put an event
where it did and fix the curated data when it is wrong.
"""

from __future__ import annotations

from functools import lru_cache

from rasid.geo.gazetteer import Gazetteer
from rasid.geo.location import choose_location
from rasid.geo.resolve import Geocoder


@lru_cache(maxsize=1)
def default_geocoder() -> Geocoder:
    """One shared geocoder over the default index (built on first use)."""
    return Geocoder(Gazetteer.load())


def format_geocode(text: str, geocoder: Geocoder | None = None) -> str:
    """Human-readable report for ``rasid geocode "TEXT"``: each place and how it was resolved."""
    geo = geocoder or default_geocoder()
    found = geo.explain(text)
    if not found:
        return "no places found"
    lines = []
    for r in found:
        p = r.place
        lines.append(
            f"{p.name!r} [{p.start}:{p.end}] -> {p.kind}, admin1={p.admin1 or '-'}, "
            f"country={p.country or '-'}, lat/lon={p.lat:.4f},{p.lon:.4f}, precision={p.precision}"
            f"\n    rule: {r.rule} ({r.candidates} candidate{'s' if r.candidates != 1 else ''})"
        )
    loc = choose_location([r.place for r in found], text, 0)
    if loc is not None:
        lines.append(
            f"event location: {loc.name!r}, admin1={loc.admin1 or '-'}, country={loc.country or '-'}, "
            f"precision={loc.precision}"
        )
    return "\n".join(lines)
