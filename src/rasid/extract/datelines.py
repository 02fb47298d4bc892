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

from spacy.tokens import Doc

from rasid.extract.dates import resolve
from rasid.extract.doccache import doc_text

_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z'’.]+(?:[ \-][A-Z][A-Z'’.]+)*"
    # "Beirut (AFP) - ", "Kinshasa (dpa) -": a town in Title Case, then an outlet
    r"|[A-Z][a-z'’.]+(?:[ \-][A-Z][a-z'’.]+){0,2})"
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


# A line of its own that gives where and when a release was issued: "Rawalpindi - April
# 22, 2025", "KABUL, 21 May 2024"
_PLACE_DATE_LINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Za-z'’.]+(?:[ \-][A-Z][A-Za-z'’.]+){0,2})\s*[-–—,]\s*"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})|(?:\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}))"
    r"[ \t]*$"
)


def find_datelines(text: str) -> list[Dateline]:
    """Every dateline at the start of a line of the text."""
    out = []
    for m in _PLACE_DATE_LINE.finditer(text):
        mention = resolve(m.group("date"), None)
        date = mention.start_date if mention is not None and mention.precision == 1 else None
        out.append(Dateline(m.start("place"), m.end(), m.group("place"), date))
    for m in _DATELINE.finditer(text):
        if len(m.group("place")) < 3:
            continue
        if not m.group("place").isupper() and not m.group("outlet"):
            continue  # "Police said - ..." in Title Case is no dateline without its outlet
        date = None
        if m.group("date"):
            mention = resolve(m.group("date"), None)
            date = mention.start_date if mention is not None and mention.precision == 1 else None
        if not any(d.start <= m.start("place") < d.end for d in out):
            out.append(Dateline(m.start("place"), m.end(), m.group("place"), date))
    return sorted(out, key=lambda d: d.start)


_DATELINES = "rasid.datelines"


def doc_datelines(doc: Doc) -> list[Dateline]:
    """``find_datelines`` of the doc's text, found once per doc (the pipeline and the
    rules that date an act both ask)."""
    found = doc.user_data.get(_DATELINES)
    if found is None:
        found = doc.user_data[_DATELINES] = find_datelines(doc_text(doc))
    return found


def inside(start: int | None, datelines: list[Dateline]) -> bool:
    return start is not None and any(d.start <= start < d.end for d in datelines)


def stories(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each story of a text that holds several, each opening with its
    own dateline ("KABUL - A bomb ...", "BOGOTA - Colombian soldiers ..." in a page of
    world briefs); [] for a text of one story.  Stories are coded apart: an incident in
    Kabul is not retold in Bogota, and each has its own country.  Whatever comes before
    the second story's dateline (a title, the first story) is the first story."""
    starts = [d.start for d in find_datelines(text) if _opens_paragraph(text, d.start)]
    if len(starts) < 2:
        return []
    bounds = [0, *starts[1:], len(text)]
    return list(zip(bounds, bounds[1:], strict=False))


def _opens_paragraph(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before.endswith("\n\n") or before.endswith("\n\r\n")
