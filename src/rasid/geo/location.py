"""Choose an event's location among the places one sentence names.

A sentence often names several places: where it happened ("in Tarmiyah"), a
reference point ("north of Baghdad"), the country ("Iraq's"), a reporter's
base ("told Reuters in Erbil") or a destination ("fled to Erbil").  ACLED codes
the most specific place the event happened in, so places introduced by a
location preposition and of finer precision win, and places after "told" or
"to" lose.  "Between A, B and C" names an area, not any one of them: it becomes
a region-level location spanning them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rasid.distance import haversine_km
from rasid.records import PlaceMention

# A military verb's object is where it happened: "attacked Kirkuk", "shelled the town of Tal Afar".
_STRONG_CUE = re.compile(
    r"(?i)\b(?:in|near|at|outside|around|inside|across|throughout|between|"
    r"(?:attack|shell|bomb|target|raid|storm|besiege|recapture|overrun|overran|liberate|"
    r"capture|seize|retake|retook|enter|strike|struck|hit)(?:s|ed|d)?|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+of|outskirts\s+of|km\s+(?:\w+\s+)?of|miles\s+(?:\w+\s+)?of)"
    r"\s+(?:the\s+)?(?:(?:town|city|village|district|province|governorate|area|region|border\s+areas?)"
    r"\s+of\s+(?:the\s+)?)?$"
)
_WEAK_CUE = re.compile(r"(?i)\b(?:on|from|into|over|of|visited)\s+(?:the\s+)?$")
_AWAY = re.compile(
    r"\b(?:[Tt]o|[Tt]owards?)\s+(?:the\s+)?$"
    # "fled to Gedaref, Kassala and River Nile states": every item of the list
    r"|\b(?:to|towards?)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)*"
    r"(?:,\s*[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)*)*,?\s+(?:and\s+)?$"
)
# Never where it happened: "taken to hospital in Gusau" (where the wounded were
# brought), "a resident of District Kohat", "a native of Mosul" (someone's home).
_NOT_HERE = re.compile(
    r"(?i)\b(?:hospitals?|clinic|morgue|mortuary)\s+(?:in|at)\s+(?:the\s+)?$"
    # "the device was taken to the department firing range in the Bronx": where it went
    r"|\b(?:taken|brought|transferred|moved|flown|rushed|evacuated)\s+to\b[^.;]{0,60}"
    r"\b(?:in|at)\s+(?:the\s+)?$"
    r"|\b(?:resident|native|hometown|inhabitant)s?\s+(?:of|in)\s+(?:the\s+)?$"
    # "said Anahit, 52, a teacher from the Arabkir district": where a witness is from
    r"|\b(?:teacher|student|farmer|trader|shopkeeper|vendor|driver|worker|mother|father|"
    r"man|woman|resident|witness|nurse|doctor|activist|protester)s?\s+from\s+(?:the\s+)?$"
    # "Speaking to local media in the capital Mogadishu": where someone spoke
    r"|\b(?:speaking|talking)\s+(?:to|with)\b[^.;,]*\bin\s+(?:the\s+)?(?:capital\s+)?$"
    r"|\b(?:speaking|talking)\s+(?:in|at|from)\s+(?:the\s+)?$"
    # "a spokeswoman for Lenox Health Greenwich Village": an organisation's name
    r"|\bspokes(?:man|woman|person)\s+for\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,3}$"
    # "a highway connecting Nairobi to the port city of Mombasa": the ends of a route
    r"|\b(?:highway|road|route|railway|railroad|pipeline|corridor)s?\s+"
    r"(?:connecting|linking|joining)\b[^.;,]{0,50}$"
)
# Written with capitals: "Keith Salomon of Delaware" (a person's home), "the Department
# of Homeland Security", "the Governor of Kirkuk" (an office, a job title).
_PERSON_OF = re.compile(r"\b[A-Z][a-z]+\s+([A-Z][a-z'’-]+)\s+of\s+$")
# "the Old City of Mosul", "the West Bank of ...": a part of the place, not a person
_PART_WORDS = frozenset({"City", "Town", "Village", "Quarter", "Province", "District", "State",
                         "Governorate", "Region", "Republic", "Kingdom", "County", "Square",
                         "Port", "Gate", "Bank", "Strip", "Outskirts", "Suburbs", "Centre",
                         "Center", "University", "Airport", "Municipality"})  # fmt: skip
_OFFICE_OF = re.compile(
    r"\b(?:Department|Ministry|Office|Bureau|Secretary|Minister|Governor|Mayor|Council)"
    r"\s+of\s+(?:the\s+)?$"
)
# An officer's area: "the deputy commissioner of the Ramna division", "the police chief of
# Farah province".  Where an officer speaks of an incident, it is often in his area, so
# this only keeps such an area from being one more place the crowds were.
OFFICER_OF = re.compile(
    r"(?i)\b(?:commissioner|superintendent|commander|inspector|director|chief|head)"
    r"\s+of\s+(?:the\s+)?$"
)
_WORD = re.compile(r"[^\W\d_]+")


def _title_case(text: str) -> bool:
    """ "Court Convicts Friend of Boston Bombing Suspect": capitals say nothing here."""
    words = _WORD.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


_BORDER_WITH = re.compile(
    r"\b[Bb]orders?\s+(?:with|of)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)*(?:\s*,\s*|\s+and\s+))*$"
)
_TOLD = re.compile(r"(?i)\b(?:told|tells|telling)\b[^.;]*$")
_BETWEEN = re.compile(
    r"(?i)\bbetween\s+(?:the\s+)?(?:(?:provinces|governorates|towns|cities|villages|"
    r"districts|areas)\s+of\s+(?:the\s+)?)?$"
)
_LIST_GAP = re.compile(r"(?i)^\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?$")
_PROVINCES_TAIL = re.compile(r"(?i)^\s*(?:provinces|governorates)\b")
_POSSESSIVE_AFTER = re.compile(r"^['’]s\s+\w")
# "Iraq's Mosul", "Iraq's northern Nineveh province": whose place it is
_POSSESSIVE_BEFORE = re.compile(
    r"['’]s\s+(?:(?:north|south|east|west|central|(?:north|south)-?(?:east|west))(?:ern)?\s+)?$",
    re.I,
)


def _before(sentence: str, offset: int) -> str:
    return sentence[max(0, offset - 60) : max(0, offset)]


def _score(p: PlaceMention, sentence: str, offset: int, order: int, owner: int | None) -> float:
    """Higher is likelier the event's place.  ``owner`` is where "Iraq's" in "Iraq's
    Mosul" starts: the cue before the owner ("in Iraq's Mosul") belongs to the place."""
    before = _before(sentence, offset if owner is None else owner)
    s = 0.0
    if _STRONG_CUE.search(before):
        s += 3.0
    elif _WEAK_CUE.search(before):
        s += 1.0
    if _AWAY.search(before):
        s -= 3.0
    if _TOLD.search(sentence[: max(0, offset)]):
        s -= 3.0
    if _BORDER_WITH.search(before):
        s -= 2.0  # "near Kamanyola, on the border with Rwanda": beside the country, not in it
    s += 3 - (p.precision or 3)
    if p.kind == "country" or (p.precision == 3 and p.admin1 is None):
        s -= 1.0  # a country is the fallback, never the better answer
    elif p.kind not in ("admin1", "country") and (p.precision or 3) == 3:
        s += 0.5  # a named feature beats the governorate it lies in
    if p.lat is None:
        s -= 5.0
    if _POSSESSIVE_AFTER.match(sentence[offset + (p.end - p.start) :]):
        s -= 2.0  # "Iraq's" only says whose Mosul it is
    return s - 0.01 * order


def towards(sentence: str, offset: int) -> bool:
    """Is the place at ``offset`` of ``sentence`` named as a destination ("to Mombasa")?"""
    return bool(_AWAY.search(_before(sentence, offset)))


def not_here(sentence: str, offset: int) -> bool:
    """Is the place at ``offset`` of ``sentence`` someone's home, a hospital the wounded
    were taken to, where someone spoke or an end of a road: never where the incident
    happened?"""
    before = _before(sentence, offset)
    if _NOT_HERE.search(before) or _OFFICE_OF.search(before):
        return True
    person = _PERSON_OF.search(before)
    return person is not None and person.group(1) not in _PART_WORDS and not _title_case(sentence)


def _between_region(
    places: Sequence[PlaceMention], sentence: str, base: int
) -> PlaceMention | None:
    """ "between Salahuddin, Kirkuk and Diyala" -> one area named after all of them."""
    ordered = sorted((p for p in places if p.lat is not None), key=lambda p: p.start)
    for i, first in enumerate(ordered):
        if not _BETWEEN.search(_before(sentence, first.start - base)):
            continue
        group = [first]
        for nxt in ordered[i + 1 :]:
            if not _joined(group[-1], nxt, sentence, base):
                break
            group.append(nxt)
        if len(group) < 2:
            continue
        admins = [p.admin1 for p in group if p.admin1]
        wide = all(p.kind == "admin1" or (p.precision or 3) == 3 for p in group)
        lat = sum(p.lat for p in group) / len(group)  # type: ignore[misc]
        lon = sum(p.lon for p in group) / len(group)  # type: ignore[misc]
        end = group[-1].end
        tail = _PROVINCES_TAIL.match(sentence[end - base :])
        if tail:
            end += tail.end()
        countries = {p.country for p in group}
        return PlaceMention(
            name=sentence[first.start - base : end - base], start=first.start, end=end,
            admin1=admins[0] if admins else None, admin2=None,
            country=first.country if len(countries) == 1 else None,
            lat=round(lat, 6), lon=round(lon, 6), precision=3 if wide else 2,
            geonames_id=None, kind="region", admin1s=tuple(dict.fromkeys(admins)),
        )  # fmt: skip
    return None


def choose_location(
    places: Sequence[PlaceMention], sentence_text: str, sentence_start: int
) -> PlaceMention | None:
    """The event's location among ``places`` (offsets into the article) in one sentence.

    ``sentence_text`` is the sentence, starting at ``sentence_start`` in the article;
    places outside it are ignored.  Returns None when the sentence names no place.
    A "between A, B and C" list becomes a region (precision 3 for governorates,
    2 for towns) whose ``name`` is the listed text and whose admin1 is the first's.
    """
    if not places or not isinstance(sentence_text, str):
        return None
    end = sentence_start + len(sentence_text)
    inside = [
        p
        for p in places
        if isinstance(p, PlaceMention)
        and sentence_start <= p.start < end
        and not not_here(sentence_text, p.start - sentence_start)
    ]
    if not inside:
        return None
    region = _between_region(inside, sentence_text, sentence_start)
    pool = list(inside)
    if region is not None:
        pool = [p for p in pool if not (region.start <= p.start < region.end)] + [region]
    ends = {p.end - sentence_start: p.start - sentence_start for p in pool}

    def owner(p: PlaceMention) -> int | None:
        m = _POSSESSIVE_BEFORE.search(sentence_text[: max(0, p.start - sentence_start)])
        return ends.get(m.start()) if m else None

    ranked = sorted(
        enumerate(pool),
        key=lambda ip: _score(
            ip[1], sentence_text, ip[1].start - sentence_start, ip[0], owner(ip[1])
        ),
        reverse=True,
    )
    return ranked[0][1]


def listed_with(
    places: Sequence[PlaceMention],
    chosen: PlaceMention,
    sentence_text: str,
    sentence_start: int,
) -> list[PlaceMention]:
    """The places listed together with ``chosen`` ("in Baqubah, Baghdad and Hilla").

    ACLED codes one event per location, so a report of attacks in several
    places is several events.  Only a plain list counts: names joined by
    commas or "and", none a country, and no name the governorate of another
    ("Tal Afar, Nineveh" is one place and its address).  Returns ``[chosen]``
    when there is no such list.
    """
    end = sentence_start + len(sentence_text)
    inside = sorted(
        (
            p
            for p in places
            if sentence_start <= p.start < end and p.lat is not None and p.kind != "country"
        ),
        key=lambda p: p.start,
    )
    if chosen not in inside or chosen.kind == "region":
        return [chosen]
    i = inside.index(chosen)
    lo = hi = i
    while lo > 0 and _joined(inside[lo - 1], inside[lo], sentence_text, sentence_start):
        lo -= 1
    while hi + 1 < len(inside) and _joined(
        inside[hi], inside[hi + 1], sentence_text, sentence_start
    ):
        hi += 1
    group = inside[lo : hi + 1]
    if len(group) == 1:
        # "of Kfar Kila, opposite the Israeli town of Metula, and of Naqoura": the
        # preposition said again joins past the aside (and the place named in it)
        group += [
            p
            for p in inside[i + 1 :]
            if _PREP_AGAIN.match(
                sentence_text[chosen.end - sentence_start : p.start - sentence_start]
            )
        ][:1]
    names = {p.name.casefold() for p in group}
    if len(group) < 2 or len(names) < len(group):
        return [chosen]
    admins = {p.admin1 for p in group if p.kind != "admin1"}
    if any(p.kind == "admin1" and p.admin1 in admins for p in group):
        return [chosen]  # "Tal Afar, Nineveh": a town and its governorate
    if len(group) == 2 and _beside(group[0], group[1], sentence_text, sentence_start):
        return [chosen]  # "in Chelsea, Manhattan": a neighbourhood and its borough
    if any(
        "," in sentence_text[a.end - sentence_start : b.start - sentence_start]
        and (
            _ADDRESS_TAIL.search(b.name)
            or _UNIT_NEXT.match(sentence_text, b.end - sentence_start)
            or (b.kind in ("admin1", "region") and b.admin1 == a.admin1)
        )
        for a, b in zip(group, group[1:], strict=False)
    ):
        # "in general area Kulachi, Dera Ismail Khan District", "Barangay Codcod, San
        # Carlos City": a place and the area it lies in, an address, not a list
        return [chosen]
    return group


# Two places a comma joins this close are one address, not two sites of an incident
_ADDRESS_KM = 15.0


def _beside(a: PlaceMention, b: PlaceMention, sentence_text: str, base: int) -> bool:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    gap = sentence_text[a.end - base : b.start - base].strip()
    near = haversine_km(a.lat, a.lon, b.lat, b.lon) <= _ADDRESS_KM  # type: ignore[arg-type]
    return gap == "," and near


_UNIT_NEXT = re.compile(
    r"(?i)\s+(?:district|province|state|region|oblast|county|division|township|governorate|"
    r"department|LGA)\b"
)
_ADDRESS_TAIL = re.compile(
    r"(?i)\b(?:district|province|state|region|county|division|township|municipality|"
    r"governorate|department|LGA|city)$"
)


def _joined(a: PlaceMention, b: PlaceMention, sentence_text: str, base: int) -> bool:
    return bool(_LIST_GAP.match(sentence_text[a.end - base : b.start - base]))


# "the outskirts of Kfar Kila, opposite the Israeli town of Metula, and of Naqoura": the
# preposition said again after an aside joins the second place to the first
_PREP_AGAIN = re.compile(r"^\s*,\s*[^,.;]{0,60},\s*and\s+(?:of|in|near|around)\s+(?:the\s+)?$")
