"""Country names and demonyms -> ISO 3166-1 alpha-2, for an article's country context."""

from __future__ import annotations

import csv
import functools
import io
from collections import Counter
from importlib import resources

import pycountry

from rasid.errors import KnowledgeError

FILE_NAME = "countries.csv"

# Codes ACLED uses that ISO 3166-1 leaves to its users ("user-assigned"): Kosovo.
USER_ASSIGNED = frozenset({"XK"})


@functools.lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(code, English name, other names and demonyms) per row of countries.csv."""
    text = (resources.files("rasid.knowledge") / "data" / FILE_NAME).read_text(encoding="utf-8")
    return parse_countries(text)


def parse_countries(
    text: str, source: str = FILE_NAME
) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The rows of a country table (``iso2,name,aliases``, aliases split by ``|``).

    Raises KnowledgeError, naming ``source`` and the row, for a code that is
    not ISO 3166-1 alpha-2 (nor a user-assigned code ACLED uses, as XK), a
    country listed twice, a row without a name, and a name or alias that two
    countries claim: a nationality word must point to one country.
    """
    rows: list[tuple[str, str, tuple[str, ...]]] = []
    claimed: dict[str, tuple[str, int]] = {}  # lower-case name -> (code, line)
    rows_of: dict[str, int] = {}  # code -> line
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        line = reader.line_num
        code = (row.get("iso2") or "").strip()
        name = (row.get("name") or "").strip()
        where = f"row {line} ({code},{name})"
        if code not in USER_ASSIGNED and (
            len(code) != 2 or not code.isupper() or pycountry.countries.get(alpha_2=code) is None
        ):
            raise KnowledgeError(
                f"{where}: bad iso2 code {code!r}; expected an ISO 3166-1 alpha-2 code "
                f"(or one of {', '.join(sorted(USER_ASSIGNED))})",
                input=source,
            )
        if not name:
            raise KnowledgeError(
                f"{where}: no name; expected the country's English name", input=source
            )
        if code in rows_of:
            raise KnowledgeError(
                f"{where}: {code} is listed again (first at row {rows_of[code]}); "
                "expected one row per country",
                input=source,
            )
        rows_of[code] = line
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        for alias in (name, *aliases):
            other = claimed.setdefault(alias.lower(), (code, line))
            if other[0] != code:
                raise KnowledgeError(
                    f"{where}: {alias!r} already names {other[0]} at row {other[1]}; "
                    "expected each name or demonym to name one country",
                    input=source,
                )
        rows.append((code, name, aliases))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lower-case name or demonym -> ISO alpha-2 code."""
    return {n.lower(): code for code, name, aliases in _rows() for n in (name, *aliases) if n}


def country_label(code: str | None) -> str | None:
    """The English short name of a country code ("ML" -> "Mali"), where listed."""
    return _labels().get(code or "")


@functools.lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return {code: name for code, name, _ in _rows() if name}


def main_country(names: list[str]) -> str | None:
    """The country an article is about: the one its place and group names cite most."""
    table = country_names()
    votes = Counter(table[n.lower()] for n in names if n.lower() in table)
    return votes.most_common(1)[0][0] if votes else None
