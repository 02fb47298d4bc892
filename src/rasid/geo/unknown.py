"""Places the text names that the gazetteer does not know.

Many incidents happen in villages that no packaged city list holds ("armed
raiders attacked a village in Mingala area", "Magami village in the Maradun
district").  Dropping the name loses the one word an analyst needs, and a
guess elsewhere (the dateline's town, the capital) is worse.  The name is kept
as the event's place, placed at the smallest area the same sentence names
around it (a district, a province) with that area's coarser precision, or left
without coordinates, saying so, where the text names none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from rasid.knowledge.countries import country_names
from rasid.records import PlaceMention

# Capitalised words, or an Arabic article joined to one ("Wadi al-Sakran")
_WORD = r"(?:[A-Z][\w'’-]*|(?:al|el|ad|an|ar|as|at|ash|ad-din)-[\w'’-]+)"
_NAME = r"(?<![\w-])(" + _WORD + r"(?: " + _WORD + r"){0,2})"
# "the village of Ndakaine", "Mingala area", "Magami village", "North Waziristan district"
_NAMED = re.compile(
    r"\b(?:towns?|city|villages?|districts?|areas?|locality|communit(?:y|ies)|hamlets?|"
    r"settlements?|suburbs?|neighbou?rhoods?) of " + _NAME
    + r"|\b" + _NAME + r" (?:village|town|area|district|community|locality|LGA|settlement|axis|"
    r"hamlet|suburb|neighbourhood|neighborhood"
    # "the Maghazi refugee camp", "Abu Shouk camp": camps are where many incidents are
    r"|(?:(?:refugee|displacement|IDP|displaced persons|displaced people)\s+)?camp)\b"
    # "then moved on to nearby Mausa": the raid's next place
    + r"|\b(?:moved|went|pressed) on to (?:the )?(?:nearby |neighbou?ring )?" + _NAME
    # "took over Hawadley, a strategic village that links ..."
    + r"|\b" + _NAME + r",\s+an?\s+(?:[a-z-]+\s+){0,2}(?:village|town|district|"
    r"settlement|community|locality)\b"
)  # fmt: skip
# "the Metina and Hakurk regions", "Khyber and Bannu districts": a list, then its kind
_ITEM = re.compile(_WORD + r"(?: " + _WORD + r"){0,2}")
_LISTED_KIND = re.compile(
    r"\b(" + _WORD + r"(?: " + _WORD + r"){0,2}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)" + _WORD
    + r"(?: " + _WORD + r"){0,2})+)\s+(?:districts|regions|villages|areas|towns|provinces|"
    r"states|governorates|counties|localities|communities)\b"
)  # fmt: skip
# "the villages of Mbingi and Mapasana", "of A, B and C": each a place of its own
_MORE = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)" + _NAME)
_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+)$")
# Capitalised words that open a sentence or a title and name nothing.
_NOT_NAMES = {"the", "a", "an", "this", "that", "these", "those", "each", "every", "one", "our",
              "their", "his", "her", "its", "in", "on", "at", "local", "rural", "border",
              "northern", "southern", "eastern", "western", "central", "government",
              "idp", "idps", "un", "refugee", "military", "army", "training"}  # fmt: skip


# Parts of a town: "the district of Wanidara", "a suburb of the capital".
_PART_OF_TOWN = re.compile(r"(?i)\b(?:district|neighbou?rhood|suburb|quarter) of\s*$|"
                           r"^\s*(?:neighbou?rhood|suburb|quarter)\b")  # fmt: skip


def part_of_town(text: str, start: int, end: int) -> bool:
    """Is the unknown name at text[start:end] named as a part of a town?"""
    return bool(_PART_OF_TOWN.search(text[max(0, start - 20) : start])) or bool(
        _PART_OF_TOWN.match(text[end : end + 20])
    )


def unknown_places(
    sentences: Iterable[tuple[int, str]],
    known: Sequence[PlaceMention],
    taken: Sequence[tuple[int, int]] = (),
) -> list[tuple[str, int, int]]:
    """Names of places in (offset, text) sentences that no resolved place covers.

    ``taken`` are spans already read as something else (actors, people).
    """
    out: list[tuple[str, int, int]] = []
    demonyms = country_names()
    spans = [(p.start, p.end) for p in known] + list(taken)
    for offset, text in sentences:
        for found in _named_lists(text):
            if len(found) > 1 and any(
                a < offset + hi and offset + lo < b for _, lo, hi in found for a, b in spans
            ):
                continue  # a list with known towns in it: the towns place the event
            for name, lo, hi in found:
                words = name.split()
                while words and words[0].lower() in _NOT_NAMES:
                    words.pop(0)
                if not words or words[0].lower() in demonyms:
                    continue  # "Iraqi town": whose town, not which
                start, end = offset + lo + (len(name) - len(" ".join(words))), offset + hi
                if not any(a < end and start < b for a, b in spans):
                    out.append((" ".join(words), start, end))
    return out


def _named_lists(text: str) -> Iterator[list[tuple[str, int, int]]]:
    """Each name, or list of names, the text gives as places, with their offsets."""
    for m in _NAMED.finditer(text):
        group = next(g for g in range(1, _NAMED.groups + 1) if m.group(g))
        found = [(m.group(group), m.start(group), m.end(group))]
        at = m.end(group)
        while group == 1 and (more := _MORE.match(text, at)):
            found.append((more.group(1), more.start(1), more.end(1)))
            at = more.end(1)
        yield found
    for m in _LISTED_KIND.finditer(text):
        # "in the Metina and Hakurk regions": each name is one of the kind
        yield [
            (n.group(0), m.start(1) + n.start(), m.start(1) + n.end())
            for n in _ITEM.finditer(m.group(1))
        ]


def listed_together(
    first: PlaceMention, others: Sequence[PlaceMention], text: str
) -> list[PlaceMention]:
    """``first`` and the unknown places listed right after it ("Mbingi and Mapasana")."""
    chain = [first]
    for p in sorted(others, key=lambda p: p.start):
        if p.start > chain[-1].end and _LIST_GAP.match(text[chain[-1].end : p.start]):
            chain.append(p)
    return chain


def place_unknown(
    name: str, start: int, end: int, around: PlaceMention | None, country: str | None
) -> PlaceMention:
    """The unknown place, at the area ``around`` it (precision 2 at a town or district,
    3 at a province), or with no coordinates at all."""
    if around is None or around.kind == "country":
        return PlaceMention(name=name, start=start, end=end, country=country, kind="unresolved")
    return replace(
        around,
        name=name,
        start=start,
        end=end,
        precision=max(around.precision or 3, 2),
        geonames_id=None,
        kind="unresolved",
    )
