"""UCDP GED rows -> ``ImportedIncident``.

UCDP GED codes one event per row and per dyad (side_a against side_b), with
deaths as a low, best and high estimate; Rasid keeps ``best`` as the
fatalities and names the others in the notes.  Both the HDX country files
(with ``iso3``, without the source columns) and UCDP's full release files
(with ``source_*`` and ``geom_wkt``) are read.

Mapping to ACLED's terms:

* type_of_violence 1 (state-based) and 2 (non-state) -> Battles / Armed clash;
  3 (one-sided) -> Violence against civilians / Attack.
* Actor types: a side named "Government of ..." is ``state_forces`` and
  "Civilians" is ``civilians``.  UCDP does not type non-state groups, so the
  rest follows a convention: a ``rebel_group`` in state-based conflict (it
  fights a government) and in one-sided violence (UCDP counts only governments
  and organised armed groups there), a ``political_militia`` in non-state
  conflict, where neither side is a state.
* date_prec 1 (the day) -> 1; 2 and 3 (two to six days, a week) -> 2;
  4 and 5 (a month, a year) -> 3.
* where_prec 1 (the place) -> 1; 2 and 3 (within 25 km, a second-order
  administrative unit) -> 2; 4 and above (a province, a region, the country,
  international waters) -> 3.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from rasid.errors import DatasetError

from .records import (
    ImportedIncident,
    coordinates,
    count,
    country_by_code,
    country_by_name,
    digest,
    integer,
    lower_keys,
    one_line,
    text,
)

DATASET = "ucdp-ged"
# Each entry is one required column; a tuple lists columns that can stand in for each other.
REQUIRED = (
    ("id",),
    ("type_of_violence",),
    ("side_a",),
    ("side_b",),
    ("date_prec",),
    ("date_start",),
    ("date_end",),
    ("best",),
    ("country", "iso3"),
)
# Columns only a UCDP GED file has: a header with all of them is UCDP's.
MARKERS = frozenset({"type_of_violence", "side_a", "side_b", "best"})

EVENT_TYPES = {
    1: ("Battles", "Armed clash"),
    2: ("Battles", "Armed clash"),
    3: ("Violence against civilians", "Attack"),
}
DATE_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
GOVERNMENT = "Government of "
CIVILIANS = "Civilians"

# "2014-01-24", or with the time some releases append ("2014-01-24 00:00:00.000").
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T][\d:.]+)?")
_PARENTHESISED = re.compile(r"\s*\([^)]*\)")


def actor_type(side: str, violence: int) -> str:
    """The Rasid actor type of a UCDP side (see the module docstring)."""
    if side.startswith(GOVERNMENT):
        return "state_forces"
    if side == CIVILIANS:
        return "civilians"
    return "political_militia" if violence == 2 else "rebel_group"


def violence_type(cells: Mapping[str, str]) -> int:
    value = integer(cells, "type_of_violence", required=True)
    if value not in EVENT_TYPES:
        raise DatasetError(
            f"type_of_violence {value} is not a UCDP type "
            "(expected 1 state-based, 2 non-state or 3 one-sided)"
        )
    return value


def date(cells: Mapping[str, str], column: str) -> dt.date:
    value = cells.get(column, "").strip()
    match = _DATE.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise DatasetError(f"{column} {value!r} is not a date (YYYY-MM-DD)") from None


def date_precision(cells: Mapping[str, str]) -> int:
    value = integer(cells, "date_prec", required=True)
    if value not in DATE_PRECISION:
        raise DatasetError(f"date_prec {value} is not a UCDP date precision (expected 1 to 5)")
    return DATE_PRECISION[value]


def location_precision(cells: Mapping[str, str]) -> int | None:
    value = integer(cells, "where_prec")
    if value is None:
        return None
    if value < 1:
        raise DatasetError(f"where_prec {value} is not a UCDP place precision (expected 1 to 7)")
    return 1 if value == 1 else 2 if value <= 3 else 3


def country(cells: Mapping[str, str]) -> str:
    """ISO alpha-2 of the country name ("Yemen (North Yemen)": its part outside the
    brackets), else of the iso3 column of HDX files."""
    name = text(cells, "country")
    found = country_by_name(_PARENTHESISED.sub("", name)) if name else None
    code = text(cells, "iso3")
    if found is None and code:
        found = country_by_code(code)
    if found is None:
        given = ", ".join(f"{c} {cells[c].strip()!r}" for c in ("country", "iso3") if c in cells)
        raise DatasetError(f"no known country in {given}; expected an English country name")
    return found


def summary(cells: Mapping[str, str], side_a: str, side_b: str, best: int | None) -> str:
    """A one-line note: "Government of Iraq - IS: 8 killed (low 8, high 8) in Falluja"."""
    dyad = one_line(cells.get("dyad_name", "")) or f"{side_a} - {side_b}"
    low, high = count(cells, "low"), count(cells, "high")
    estimates = f" (low {low}, high {high})" if low is not None and high is not None else ""
    where = one_line(cells.get("where_coordinates", ""))
    return f"{dyad}: {best} killed{estimates}" + (f" in {where}" if where else "")


def parse(row: Mapping[str, str], *, line: int = 0) -> ImportedIncident:
    """One UCDP GED row (column name -> cell) as an incident; DatasetError when it is bad."""
    cells = lower_keys(row)
    source_id = text(cells, "id")
    if source_id is None:
        raise DatasetError("id is empty; expected UCDP's event id (e.g. '114064')")
    violence = violence_type(cells)
    event_type, sub_event_type = EVENT_TYPES[violence]
    side_a, side_b = text(cells, "side_a"), text(cells, "side_b")
    if side_a is None or side_b is None:
        raise DatasetError(f"{'side_a' if side_a is None else 'side_b'} is empty; expected a name")
    start, end = date(cells, "date_start"), date(cells, "date_end")
    if end < start:
        raise DatasetError(f"date_end {end} is before date_start {start}")
    best = count(cells, "best", required=True)
    lat, lon = coordinates(cells)
    return ImportedIncident(
        dataset=DATASET,
        source_id=source_id,
        line=line,
        digest=digest(row),
        event_type=event_type,
        sub_event_type=sub_event_type,
        date_start=start,
        date_end=end,
        date_precision=date_precision(cells),
        actor1=side_a,
        actor1_type=actor_type(side_a, violence),
        actor2=side_b,
        actor2_type=actor_type(side_b, violence),
        assoc_actors=(),
        country=country(cells),
        admin1=text(cells, "adm_1"),
        admin2=text(cells, "adm_2"),
        location=text(cells, "where_coordinates"),
        lat=lat,
        lon=lon,
        location_precision=location_precision(cells),
        fatalities=best,
        notes=summary(cells, side_a, side_b, best),
        source=text(cells, "source_office"),
        data=dict(row),
    )
