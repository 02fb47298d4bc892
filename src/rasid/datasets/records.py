"""What the dataset readers yield, and the cell conversions both formats share.

An ``ImportedIncident`` is one row of an existing event dataset (ACLED, UCDP
GED) put into Rasid's terms: ACLED event types, Rasid's actor types and
precision scales, ISO alpha-2 countries.  It keeps the row's own cells
(``data``) so an export can give back exactly what was read, and a digest of
them so a re-import can tell a changed row from an unchanged one.

A row that cannot be read becomes a ``BadRow`` that names the column and what
was expected; one bad row never stops an import.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pycountry

from rasid.errors import DatasetError
from rasid.knowledge.countries import country_names


@dataclass(frozen=True)
class ImportedIncident:
    """One dataset row in Rasid's terms (see the module docstring)."""

    dataset: str  # "acled" or "ucdp-ged"
    source_id: str  # the dataset's own event id ("IRQ12345", "114064")
    line: int  # physical line where the row starts; the header is line 1
    digest: str  # sha256 of the row's cells, to tell a changed row on re-import
    event_type: str  # an ACLED event type (rasid.store.acled.EVENT_TYPES)
    sub_event_type: str
    date_start: dt.date
    date_end: dt.date
    date_precision: int  # 1 a day, 2 a week or a range of days, 3 a month or vaguer
    actor1: str | None
    actor1_type: str | None  # a Rasid actor type ("state_forces", "civilians", ...)
    actor2: str | None
    actor2_type: str | None
    assoc_actors: tuple[str, ...]
    country: str | None  # ISO 3166-1 alpha-2; "XK" for Kosovo
    admin1: str | None  # as written in the file; normalised by the importer
    admin2: str | None
    location: str | None
    lat: float | None
    lon: float | None
    location_precision: int | None  # 1 the place itself, 2 near it, 3 a wider area
    fatalities: int | None
    notes: str  # one line
    source: str | None  # the outlets the row names
    data: dict  # the row's own cells, as read


@dataclass(frozen=True)
class BadRow:
    """A row that could not be read: where it is and what was wrong with it."""

    path: str
    line: int
    message: str


def digest(data: Mapping[str, str]) -> str:
    """A stable fingerprint of a row's cells: equal cells, equal digest."""
    return hashlib.sha256(json.dumps(dict(data), sort_keys=True).encode("ascii")).hexdigest()


def lower_keys(row: Mapping[str, str | None]) -> dict[str, str]:
    """The row keyed by lower-case column names: older ACLED exports use upper case."""
    return dict(zip(_lower(tuple(row)), (v or "" for v in row.values()), strict=True))


@functools.lru_cache(maxsize=16)
def _lower(columns: tuple[str, ...]) -> tuple[str, ...]:
    """Column names compared without case or blanks, worked out once per header."""
    return tuple(str(c).strip().lower() for c in columns)


def text(cells: Mapping[str, str], column: str) -> str | None:
    """A cell's text without surrounding blanks; None when empty or absent."""
    value = cells.get(column, "").strip()
    return value or None


def one_line(value: str) -> str:
    """Runs of whitespace (newlines in a quoted cell included) as single spaces."""
    return " ".join(value.split())


_INTEGRAL = re.compile(r"[+-]?\d+(?:\.0*)?")


def integer(cells: Mapping[str, str], column: str, *, required: bool = False) -> int | None:
    """A whole number; "3.0" is accepted, as spreadsheets write integers that way."""
    value = cells.get(column, "").strip()
    if not value:
        if required:
            raise DatasetError(f"{column} is empty; expected a whole number")
        return None
    if not _INTEGRAL.fullmatch(value):
        raise DatasetError(f"{column} {value!r} is not a whole number")
    return int(float(value)) if "." in value else int(value)


def count(cells: Mapping[str, str], column: str, *, required: bool = False) -> int | None:
    """A whole number that cannot be negative (deaths)."""
    value = integer(cells, column, required=required)
    if value is not None and value < 0:
        raise DatasetError(f"{column} {value} is negative; expected a count of 0 or more")
    return value


def coordinates(
    cells: Mapping[str, str], lat_column: str = "latitude", lon_column: str = "longitude"
) -> tuple[float | None, float | None]:
    """Latitude and longitude in degrees; both or neither, as a point needs both."""
    raw = {lat_column: text(cells, lat_column), lon_column: text(cells, lon_column)}
    if not any(raw.values()):
        return None, None
    values = []
    for (column, value), limit in zip(raw.items(), (90, 180), strict=True):
        if value is None:
            other = lon_column if column == lat_column else lat_column
            raise DatasetError(f"{column} is empty but {other} is not; expected both or neither")
        try:
            number = float(value)
        except ValueError:
            raise DatasetError(f"{column} {value!r} is not a number of degrees") from None
        if not math.isfinite(number) or abs(number) > limit:
            raise DatasetError(f"{column} {value!r} is out of range (-{limit} to {limit})")
        values.append(number)
    return values[0], values[1]


# Names the datasets use that neither pycountry nor Rasid's country table knows.
_COUNTRY_ALIASES = {
    "kosovo": "XK",
    "democratic republic of congo": "CD",
    "dr congo": "CD",
    "republic of congo": "CG",
    "congo": "CG",
    "ivory coast": "CI",
    "bosnia-herzegovina": "BA",
    "bosnia and herzegovina": "BA",
    "cape verde": "CV",
    "macedonia": "MK",
    "micronesia": "FM",
    "brunei": "BN",
    "turkey": "TR",
    "russia": "RU",
    "palestine": "PS",
    "east timor": "TL",
    "vatican city": "VA",
    "bailiwick of guernsey": "GG",
    "bailiwick of jersey": "JE",
}
_NOT_IN_ISO = {"XKX": "XK"}


@functools.lru_cache(maxsize=512)
def country_by_name(name: str) -> str | None:
    """ISO alpha-2 of a country's English name as ACLED or UCDP writes it."""
    key = name.strip()
    if not key:
        return None
    found = _COUNTRY_ALIASES.get(key.lower()) or country_names().get(key.lower())
    if found:
        return found
    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        return None


@functools.lru_cache(maxsize=512)
def country_by_code(code: str) -> str | None:
    """ISO alpha-2 of an alpha-3 ("IRQ", "XKX") or numeric ("368") country code."""
    code = code.strip().upper()
    if code in _NOT_IN_ISO:
        return _NOT_IN_ISO[code]
    if _INTEGRAL.fullmatch(code):
        number = int(float(code))
        found = pycountry.countries.get(numeric=f"{number:03d}") if number > 0 else None
    elif len(code) == 3:
        found = pycountry.countries.get(alpha_3=code)
    else:
        found = None
    return found.alpha_2 if found else None
