"""Wire datelines: "KIRKUK, Iraq, March 9, 2025 (Tigris Wire) - ...".

A dateline says where a story was filed and when, not who acted: its words
must not become actors, its date must not become an event's date, and its
place is where the reporter was, not necessarily where the event happened.
Its date does stand in for a publication date the input lacks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rasid.extract.dates import resolve

_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z'’.]+(?:[ \-][A-Z][A-Z'’.]+)*)"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z .'-]{1,30}?))?"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?))?"
    r"\s*(?:\((?P<outlet>[^()\n]{1,40})\))?"
    r"\s*[-–—:]{1,2}\s+"
)


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int
    place: str
    date: dt.date | None


def find_datelines(text: str) -> list[Dateline]:
    """Every dateline at the start of a line of the text."""
    out = []
    for m in _DATELINE.finditer(text):
        if len(m.group("place")) < 3:
            continue
        date = None
        if m.group("date"):
            mention = resolve(m.group("date"), None)
            date = mention.start_date if mention is not None and mention.precision == 1 else None
        out.append(Dateline(m.start("place"), m.end(), m.group("place"), date))
    return out


def inside(start: int | None, datelines: list[Dateline]) -> bool:
    return start is not None and any(d.start <= start < d.end for d in datelines)
