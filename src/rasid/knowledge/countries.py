"""Country names and demonyms -> ISO 3166-1 alpha-2, for an article's country context."""

from __future__ import annotations

import csv
import functools
import io
from collections import Counter
from importlib import resources

from rasid.errors import KnowledgeError


@functools.lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(code, English name, other names and demonyms) per row of countries.csv."""
    text = (resources.files("rasid.knowledge") / "data" / "countries.csv").read_text(
        encoding="utf-8"
    )
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        code = (row.get("iso2") or "").strip()
        if len(code) != 2 or not code.isupper():
            raise KnowledgeError(
                f"bad iso2 code {code!r}; expected two capital letters", input="countries.csv"
            )
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        rows.append((code, (row.get("name") or "").strip(), aliases))
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
