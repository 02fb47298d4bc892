"""Where an incident happened: the event's place among those its sentences name.

The first sentence that places the incident at a town or near one decides;
villages the gazetteer lacks keep their names, at the area named around them;
the dateline's town is a last resort for a report that names no place, and
only when the text does not name a place the gazetteer lacks.  A toll told for
several places listed together is shared among one event per place (ACLED).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from rasid.extract.doccache import doc_text
from rasid.extract.draft import Draft
from rasid.extract.quantities import word_value
from rasid.geo import choose_location, listed_with
from rasid.geo.location import OFFICER_OF, not_here, towards
from rasid.geo.unknown import listed_together, part_of_town, place_unknown, unknown_places
from rasid.records import Count, PlaceMention

if TYPE_CHECKING:
    from rasid.extract.events import Context


def event_sites(
    d: Draft, ctx: Context, fallback: PlaceMention | None = None
) -> tuple[PlaceMention | None, list[PlaceMention]]:
    """The incident's location and, where the text lists several, every listed place."""
    found = _location(d)
    unknown = _unknown_sites(d, ctx, found)
    location = unknown[0] if unknown else found
    if location is not None and location.kind == "country" and names_the_place(d):
        # "one of ten people killed in the city ... in Peru": the city told before
        city = fallback or _filed_at(d, ctx)
        if city is not None and city.country == location.country:
            location = city
    if location is not None and location.kind == "country" and not d.unknown:
        home = _home_country(ctx)
        if home is not None and location.country != home:
            # "a rally demanding the prime minister's resignation over concessions to
            # Azerbaijan": a country the report speaks of, not where the crowd was
            location = fallback or _filed_at(d, ctx) or location
    if location is None and not _unknown_place(d):
        location = fallback or _filed_at(d, ctx) or _country_of(d, ctx)
    location = location or fallback
    sites = unknown if len(unknown) > 1 else _listed_sites(d, location)
    return location, sites


def settled(d: Draft) -> PlaceMention | None:
    """The incident's own town-level place, if any: later incidents may be "in the city"."""
    own = _location(d)
    return own if own is not None and (own.precision or 3) <= 2 else None


_THE_PLACE = re.compile(r"\b(?:the|that)\s+(?:city|town|village|area|district)\b(?!\s+of\b)", re.I)


_NAMED_PLACE = re.compile(
    r"\b(?:town|city|village|district|area|region) of ([A-Z][\w'’-]+)"
    r"|\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*) (?:district|province|region|governorate)\b"
)


def _unknown_place(d: Draft) -> bool:
    """'recaptured the town of Adan Yabaal', 'a raid in the North Waziristan
    district': the report names where, and the gazetteer does not know it; the
    dateline's town would be a wrong guess."""
    for s in d.sents:
        for m in _NAMED_PLACE.finditer(s.text):
            at = s.start_char + m.start(1 if m.group(1) else 2)
            if not any(p.start <= at < p.end for p in d.places):
                return True
    return False


def names_the_place(d: Draft) -> bool:
    return any(_THE_PLACE.search(s.text) for s in d.sents)


def _listed_sites(d: Draft, location: PlaceMention | None) -> list[PlaceMention]:
    """The places listed with the event's location in its sentence (one event each)."""
    if location is None:
        return []
    for s in d.sents:
        if s.start_char <= location.start < s.end_char:
            return listed_with(d.places, location, s.text, s.start_char)
    return [location]


def crowd_sites(d: Draft, location: PlaceMention | None) -> list[PlaceMention]:
    """The towns a protest or riot report names where crowds were, one event each
    (ACLED codes a day of protest per location): "Protesters marched across
    Khartoum and in Bahri and Omdurman".  A destination ("a highway connecting
    Nairobi to Mombasa") is no such place; the event's own location leads."""
    if location is None or (location.precision or 3) > 2:
        return []
    towns: dict[str, PlaceMention] = {_town_key(location.name): location}
    for p in sorted(d.places, key=lambda p: p.start):
        if (p.precision or 3) > 2 or p.kind in ("country", "admin1") or p.lat is None:
            continue
        sent = next((s for s in d.sents if s.start_char <= p.start < s.end_char), None)
        if sent is None or towards(sent.text, p.start - sent.start_char):
            continue
        at = p.start - sent.start_char
        if not_here(sent.text, at) or OFFICER_OF.search(sent.text[max(0, at - 40) : at]):
            continue  # "the deputy commissioner of the Ramna division": an office's area
        if _PART_OF.search(sent.text[: p.start - sent.start_char]):
            continue  # "the Delmas neighbourhood of Port-au-Prince": one place, and its city
        if _PART_WORD_AFTER.match(sent.text, p.end - sent.start_char):
            continue  # "in Cosa, another Conakry suburb": whose suburb, not a second place
        towns.setdefault(_town_key(p.name), p)
    return list(towns.values()) if len(towns) > 1 else []


def _town_key(name: str) -> str:
    """ "Gulu City" and "Gulu" are one town."""
    return _TOWN_WORD.sub("", name).casefold()


_TOWN_WORD = re.compile(r"(?i)\s+(?:city|town)$")
_PART_WORD_AFTER = re.compile(r"(?i)\s+(?:suburb|neighbou?rhood|district|quarter|township)s?\b")
_PART_OF = re.compile(
    r"(?i)\b(?:neighbou?rhood|suburb|district|quarter|outskirts|area|part|centre|center)"
    r"\s+of\s+(?:the\s+)?(?:city\s+of\s+|capital\s+)?$"
)


# "three deaths in Mlolongo, ... two others in Kitengela and one in Emali": a number, a
# few words of what it counts, then the town. A number told for a list of towns
# ("six deaths in Mlolongo and Kitengela") is no town's own.
_TOLL_AT = re.compile(
    r"(?i)\b([\w-]+)\s+(?:(?:more|other|others|deaths?|dead|people|persons|bodies|were|was|"
    r"killed|died|recorded|reported|confirmed)\s+){0,3}(?:in|at)\s+(?:the\s+)?"
    # "13 others in the village of Abu Hardoub"
    r"(?:(?:town|village|city|district|hamlet|suburb|neighbourhood|neighborhood)\s+of\s+)?$"
)
_LISTED_NEXT = re.compile(r"^\s*(?:,|and\b|&)\s*[A-Z]")


def site_tolls(d: Draft, sites: list[PlaceMention]) -> list[Count | None] | None:
    """Each place's own death toll where the text gives the places theirs, in order of
    ``sites``; None when it gives none (the toll is then shared).  Of several mentions
    of a place the last that counts its dead wins: a quote details what a lead sums."""
    tolls: list[Count | None] = []
    for site in sites:
        found = None
        for p in d.places:
            if p.name.casefold() != site.name.casefold():
                continue
            sent = next((x for x in d.sents if x.start_char <= p.start < x.end_char), None)
            if sent is None:
                continue
            text, at = sent.text, p.start - sent.start_char
            window = text[max(0, at - 60) : at]
            match = _TOLL_AT.search(window)
            if match is None or _LISTED_NEXT.match(text[p.end - sent.start_char :]):
                continue
            word, value = match.group(1), word_value(match.group(1))
            if value is None:
                continue
            start = p.start - len(window) + match.start(1)
            found = Count(
                "fatalities", value, value, value, "exact", word, start, start + len(word)
            )
        tolls.append(found)
    return tolls if any(t is not None for t in tolls) else None


def share(count: Count | None, i: int, n: int) -> Count | None:
    """Event ``i``'s part of a number reported for ``n`` places together.

    ACLED divides a toll summarised over several locations evenly among their
    events; here the remainder goes to the first ones, and a part of 0 leaves
    no count.
    """
    if count is None or count.value is None:
        return count

    def part(v: int | None) -> int | None:
        return None if v is None else v // n + (1 if i < v % n else 0)

    value = part(count.value)
    if not value:
        return None
    return replace(count, value=value, low=part(count.low), high=part(count.high), shared_by=n)


def _filed_at(d: Draft, ctx: Context) -> PlaceMention | None:
    """The dateline's town for an event whose sentences name no place.

    Local wires file from where things happen, but not always, so the place
    is kept no finer than precision 2 (near the town). Background and
    hypothetical mentions get no such guess.
    """
    place = ctx.filed_at
    if place is None or d.modality not in ("reported", "claimed"):
        return None
    return replace(place, precision=max(place.precision or 3, 2))


def _location(d: Draft) -> PlaceMention | None:
    """Where it happened: each sentence's best place, in reading order.

    The first sentence that places the event at a town or near one (precision
    1 or 2) decides: later sentences add reference points ("opposite the Syrian
    town of Albu Kamal") more often than better places. Failing that, the
    finest place of any sentence wins.
    """
    chosen = [choose_location(d.places, s.text, s.start_char) for s in d.sents]
    chosen = [p for p in chosen if p is not None]
    # "Yemen's Hodeidah" in the headline, "the province of Hodeidah" in the lead:
    # the name is the province, and a town the next sentences name is finer.
    provinces = {p.name.casefold() for p in d.places if p.kind == "admin1"}
    for p in chosen:
        if (p.precision or 3) <= 2 and p.name.casefold() not in provinces:
            return p
    # A country is the fallback: "in Iraq" then "in Iraq's Anbar province" is Anbar.
    # Among equals a village the gazetteer lacks, placed at its province, names more.
    return min(chosen, key=_finest) if chosen else None


def _finest(p: PlaceMention) -> tuple[int, bool, bool]:
    return (p.precision or 3, p.kind == "country", p.kind != "unresolved")


def _country_of(d: Draft, ctx: Context) -> PlaceMention | None:
    """ "The protests turned violent this week" in a report about Bangladesh: an
    incident told with no place of its own happened in the report's country (ACLED
    codes such an event to the country, at the coarsest precision)."""
    home = _home_country(ctx)
    if home is None or d.modality not in ("reported", "claimed"):
        return None
    named = [p for p in ctx.places if p.country == home]
    countries = [p for p in named if p.kind == "country"]
    # a report about the country: it names the country twice or a place in it, not
    # only once as whose ministry spoke ("Russia's defence ministry said ...")
    if not countries or len(named) < 2:
        return None
    return countries[0]


def _home_country(ctx: Context) -> str | None:
    """The country most of the report's places are in."""
    countries = Counter(p.country for p in ctx.places if p.country)
    return countries.most_common(1)[0][0] if countries else None


def unknown_in(sent: Span, ctx: Context) -> list[PlaceMention]:
    """Places the sentence names that the gazetteer does not know, without coordinates."""
    taken = [(a.start, a.end) for a in ctx.actors if a.type is not None]
    found = unknown_places([(sent.start_char, sent.text)], ctx.places, taken)
    found += _cued_places(sent, ctx, taken + [(s, e) for _, s, e in found])
    measured = _measured_unknowns(sent.doc, ctx)
    # "in an area west of Yatakala": a name the report placed before, wherever it recurs
    for name in measured:
        for m in re.finditer(rf"\b{re.escape(name)}\b", sent.text):
            at = sent.start_char + m.start()
            if not any(s <= at < e for _, s, e in found):
                found.append((name, at, at + len(name)))
    return [place_unknown(name, start, end, measured.get(name), None) for name, start, end in found]


# "Yatakala, about 40 km northwest of Téra", "Foubé, a village 25 km north of Barsalogho":
# a place the gazetteer lacks, measured from one it knows (that one placed at the
# computed point when a bearing is given)
_MEASURED = re.compile(
    r"\b([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2}),\s+(?:(?:a|the)\s+(?:small\s+)?"
    r"(?:village|town|settlement|locality|hamlet|camp|post)\s+)?(?:(?:some|about|around|"
    r"roughly|nearly|approximately)\s+)?\d+(?:\.\d+)?\s*(?:km|kms|kilometres|kilometers|miles)"
    r"\b[^.;\n]{0,40}?\b(?:of|from)\s+(?:the\s+)?(?:(?:town|city|village|capital)\s+(?:of\s+)?)?"
)
_MEASURED_KEY = "rasid.measured_unknowns"


def _measured_unknowns(doc: Doc, ctx: Context) -> dict[str, PlaceMention]:
    """Each unknown name the report measures from a known place, and that place: every
    later mention of the name ("in an area west of Yatakala") is placed there too."""
    known = doc.user_data.get(_MEASURED_KEY)
    if known is None:
        text = doc_text(doc)
        known = {}
        for m in _MEASURED.finditer(text) if " km " in text or "kilomet" in text else ():
            at = next((p for p in ctx.places if m.end() <= p.start <= m.end() + 2), None)
            named = any(p.start == m.start(1) for p in ctx.places)
            if at is not None and at.lat is not None and not named:
                known.setdefault(m.group(1), at)
        doc.user_data[_MEASURED_KEY] = known
    return known


_NEAR_BEFORE = re.compile(r"(?:\bnear|\boutside)\s+$")
_CUE_BEFORE = re.compile(r"(?:\bin|\bnear|\boutside|\baround|\bat)\s+(?:the\s+)?$")


def _cued_places(
    sent: Span, ctx: Context, taken: list[tuple[int, int]]
) -> list[tuple[str, int, int]]:
    """ "clashed with militiamen near Kamanyola": a name the recogniser calls a place,
    written as a place, that the gazetteer lacks, is still where it happened."""
    names = [
        n for n in _place_names(sent.doc) if sent.start_char <= n[1] < sent.end_char
    ]  # fmt: skip
    if not names:
        return []
    text = doc_text(sent.doc)
    known = [(p.start, p.end) for p in ctx.places] + taken
    # "police fired tear gas at Mondlane" after "candidate Venancio Mondlane": the man
    surnames = {e.text.split()[-1] for e in sent.doc.ents if e.label_ == "PERSON" and " " in e.text}
    out = []
    for name, start, end, label in names:
        if any(a < end and start < b for a, b in known) or name in surnames:
            continue
        # an organisation only after a word of place that no group takes ("near Kamanyola")
        cue = (_NEAR_BEFORE if label == "ORG" else _CUE_BEFORE).search(
            text[max(0, start - 8) : start]
        )
        if cue:
            out.append((name, start, end))
    return out


_PLACE_NAMES = "rasid.place_names"


def _place_names(doc) -> list[tuple[str, int, int, str]]:
    """The recogniser's capitalised place and organisation names of the doc, found once
    per doc (asked for every sentence that tells an act)."""
    found = doc.user_data.get(_PLACE_NAMES)
    if found is None:
        found = doc.user_data[_PLACE_NAMES] = [
            (e.text, e.start_char, e.end_char, e.label_)
            for e in doc.ents
            if e.label_ in ("GPE", "LOC", "ORG") and e.text[:1].isupper() and not e.text.isupper()
        ]
    return found


def _town_beside(d: Draft, part: PlaceMention) -> bool:
    """Does the sentence naming a part of a town name a town the gazetteer knows?"""
    sent = next((s for s in d.sents if s.start_char <= part.start < s.end_char), None)
    return sent is not None and any(
        p.kind == "town" and sent.start_char <= p.start < sent.end_char for p in d.places
    )


def _towns(d: Draft) -> set[str]:
    return {p.name for p in d.places if p.kind == "town"}


def _unknown_sites(d: Draft, ctx: Context, location: PlaceMention | None) -> list[PlaceMention]:
    """Villages the gazetteer lacks, named in the incident's sentences, are its places
    ("the villages of Mbingi and Mapasana": one each), at the area named around them;
    a town found in another sentence of the report stays the place (no sites then)."""
    if not d.unknown:
        return []
    first = min(d.unknown, key=lambda p: p.start)
    text = doc_text(d.main.doc)
    # "in the district of Wanidara" with Conakry told elsewhere: a part of the town
    inside_town = part_of_town(text, first.start, first.end) and location is not None
    if inside_town and _town_beside(d, first) and len(_towns(d)) > 1:
        # "In Nampula, police fired on a crowd in the Namutequeliua neighbourhood" told of
        # a protest in Maputo and Nampula: a part of Nampula, one of the incident's towns
        return []
    if location is not None and (location.precision or 3) <= 2 and not inside_town:
        same = next((s for s in d.sents if s.start_char <= location.start < s.end_char), None)
        if same is None or not same.start_char <= first.start < same.end_char:
            return []
    country = _home_country(ctx)
    return [
        p if p.lat is not None else place_unknown(p.name, p.start, p.end, location, country)
        for p in listed_together(first, d.unknown, text)
    ]
