"""ACLED export rows -> ``ImportedIncident``.

ACLED's own columns (codebook 2023; older exports add data_id, iso3 and
event_id_no_cnty, and some write the names in upper case).  ACLED's event
types, time precision (1 day, 2 week, 3 month) and geo precision (1 the place,
2 near it, 3 a wider region) already are Rasid's, so they map one to one.

Actor types come from ``inter1``/``inter2``: the numeric codes 1..8 of older
exports or the text labels of newer ones.  Code 8 ("External/Other forces")
becomes ``external_forces``; 0 or empty means no type.

The country is read from ``country`` (a name), then ``iso`` (ISO numeric; 0 for
Kosovo), then ``iso3`` of older exports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rasid.errors import DatasetError
from rasid.store.acled import EVENT_TYPES

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

DATASET = "acled"
# Each entry is one required column; a tuple lists columns that can stand in for each other.
REQUIRED = (
    ("event_id_cnty",),
    ("event_date",),
    ("event_type",),
    ("sub_event_type",),
    ("country", "iso"),
    ("fatalities",),
)
# Columns only an ACLED export has: a header with all of them is ACLED's.
MARKERS = frozenset({"event_id_cnty", "event_type", "sub_event_type"})

INTER_TYPES = {
    1: "state_forces",
    2: "rebel_group",
    3: "political_militia",
    4: "identity_militia",
    5: "rioters",
    6: "protesters",
    7: "civilians",
    8: "external_forces",
}
_INTER_LABELS = {
    "state forces": 1,
    "rebel group": 2,
    "political militia": 3,
    "identity militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other forces": 8,
    "external forces": 8,
    "other forces": 8,
}
_EVENT_TYPES = {name.lower(): name for name in EVENT_TYPES}
_SUB_EVENT_TYPES = {name: {sub.lower(): sub for sub in subs} for name, subs in EVENT_TYPES.items()}
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")
_PRECISIONS = (1, 2, 3)


def event_date(value: str) -> dt.date:
    """ACLED's event_date in any of the spellings its exports have used."""
    value = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise DatasetError(f"event_date {value!r} is not a date (YYYY-MM-DD or '15 January 2024')")


def actor_type(cells: Mapping[str, str], column: str) -> str | None:
    """The Rasid actor type of an inter code or label; None for 0 or empty."""
    value = cells.get(column, "").strip()
    if not value or value in ("0", "0.0"):
        return None
    if value[0].isdigit():
        code = integer(cells, column)
    else:
        code = _INTER_LABELS.get(" ".join(value.lower().split()))
    if code not in INTER_TYPES:
        raise DatasetError(
            f"{column} {value!r} is not an ACLED actor type "
            "(expected a code 0..8 or a label such as 'State forces')"
        )
    return INTER_TYPES[code]


def event_types(cells: Mapping[str, str]) -> tuple[str, str]:
    """The canonical spelling of the row's event type and sub-event type."""
    raw_type = one_line(cells.get("event_type", ""))
    event_type = _EVENT_TYPES.get(raw_type.lower())
    if event_type is None:
        raise DatasetError(
            f"event_type {raw_type!r} is not an ACLED event type "
            f"(expected one of: {', '.join(EVENT_TYPES)})"
        )
    raw_sub = one_line(cells.get("sub_event_type", ""))
    sub_event_type = _SUB_EVENT_TYPES[event_type].get(raw_sub.lower())
    if sub_event_type is None:
        raise DatasetError(
            f"sub_event_type {raw_sub!r} is not a sub-event type of {event_type} "
            f"(expected one of: {', '.join(EVENT_TYPES[event_type])})"
        )
    return event_type, sub_event_type


def precision(cells: Mapping[str, str], column: str) -> int | None:
    """A 1..3 precision code, which Rasid shares with ACLED; None when empty."""
    value = integer(cells, column)
    if value is not None and value not in _PRECISIONS:
        raise DatasetError(f"{column} {value} is not a precision code (expected 1, 2 or 3)")
    return value


def country(cells: Mapping[str, str]) -> str:
    """ISO alpha-2 from the country name, else from the iso (numeric) or iso3 column."""
    name = text(cells, "country")
    found = country_by_name(name) if name else None
    for column in ("iso", "iso3"):
        code = text(cells, column)
        if found is None and code:
            found = country_by_code(code)
    if found is None:
        given = ", ".join(
            f"{c} {cells[c].strip()!r}" for c in ("country", "iso", "iso3") if c in cells
        )
        raise DatasetError(f"no known country in {given}; expected an English country name")
    return found


def assoc_actors(cells: Mapping[str, str]) -> tuple[str, ...]:
    """Associated actors of both sides, in order, each once ("A; B" lists several)."""
    names = (
        name.strip()
        for column in ("assoc_actor_1", "assoc_actor_2")
        for name in cells.get(column, "").split(";")
    )
    return tuple(dict.fromkeys(name for name in names if name))


def parse(row: Mapping[str, str], *, line: int = 0) -> ImportedIncident:
    """One ACLED row (column name -> cell) as an incident; DatasetError when it is bad."""
    cells = lower_keys(row)
    source_id = text(cells, "event_id_cnty")
    if source_id is None:
        raise DatasetError("event_id_cnty is empty; expected ACLED's event id (e.g. 'IRQ12345')")
    event_type, sub_event_type = event_types(cells)
    date = event_date(cells.get("event_date", ""))
    lat, lon = coordinates(cells)
    geo_precision = precision(cells, "geo_precision")
    if geo_precision is None and lat is not None:
        geo_precision = 3  # a point of unknown precision: the widest, as Rasid's export does
    actor1, actor2 = text(cells, "actor1"), text(cells, "actor2")
    return ImportedIncident(
        dataset=DATASET,
        source_id=source_id,
        line=line,
        digest=digest(row),
        event_type=event_type,
        sub_event_type=sub_event_type,
        date_start=date,
        date_end=date,
        # no recorded precision: the widest, rather than claim a day
        date_precision=precision(cells, "time_precision") or 3,
        actor1=actor1,
        actor1_type=actor_type(cells, "inter1") if actor1 else None,
        actor2=actor2,
        actor2_type=actor_type(cells, "inter2") if actor2 else None,
        assoc_actors=assoc_actors(cells),
        country=country(cells),
        admin1=text(cells, "admin1"),
        admin2=text(cells, "admin2"),
        location=text(cells, "location"),
        lat=lat,
        lon=lon,
        location_precision=geo_precision if lat is not None else None,
        fatalities=count(cells, "fatalities", required=True),
        notes=one_line(cells.get("notes", "")),
        source=text(cells, "source"),
        data=dict(row),
    )
