"""What the words around a name found in a text say of it: a person's name or title,
an organisation's, an operation's code name, a part of the world, or a name the text
has already called a province; hints that spread along a list.

The resolver (``resolve``) asks these before it looks a name up, so a place is never
chosen for a name the text does not use as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rasid.geo import names as nm
from rasid.geo.gazetteer import Candidate
from rasid.geo.textscan import ARTICLE_PREFIX, Span

# A rank or a title and up to two more names before a name: a person ("Lieutenant
# Colonel Sani Uba"), even where the tagger saw none.
_TITLE_BEFORE = re.compile(
    r"\b(?:Lieutenant|Lt\.?|Colonel|Col\.?|General|Gen\.?|Major|Maj\.?|Captain|Capt\.?|"
    r"Brigadier|Commander|Sergeant|Sgt\.?|Corporal|Admiral|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sheikh|"
    r"President|Minister|Governor|Senator|Imam|Mullah)\s+(?:[A-Z][\w'’-]+\s+){0,2}$"
)


def titled(text: str, span: Span) -> bool:
    return span.hint is None and bool(
        _TITLE_BEFORE.search(text[max(0, span.start - 60) : span.start])
    )


def as_people(
    text: str, spans: list[Span], people: Sequence[tuple[int, int]], tagged: set[str]
) -> list[Span]:
    """Drop names inside a longer person's name, and a full name's last word met
    on its own ("J. Peter Donald ... Donald, the police spokesman"); mark a
    whole person's name as weak evidence.

    A name the text also uses as a place (a recogniser's place mention, or
    after "in", "near" ...) is a place wherever it occurs: Title Case headlines
    make persons of "Deadly Baghdad".
    """
    people = [(a, b) for a, b in people if 0 <= a < b <= len(text)]
    if not people:
        return spans
    placed = tagged | {s.text for s in spans if s.cued}
    surnames = {
        words[-1] for a, b in people if len(words := text[a:b].split()) > 1
    }  # fmt: skip
    surnames |= {ARTICLE_PREFIX.sub("", n) for n in surnames}  # "al-Numan" said as "Numan"
    # a person's surname is a place only where written as one, not as his own
    # ("Edgar Prado ... a block away from Prado's garage")
    placed -= {
        n
        for n in surnames
        if not any(s.text == n and (s.cued or s.ner) and not owned(text, s) for s in spans)
    }
    out = []
    for s in spans:
        if (
            s.text in placed
            or s.hint in ("admin1", "region", "district")
            or UNIT_AFTER.match(text, s.end)
        ):
            out.append(s)  # "in eastern Aj Jazirah State" tagged a person: the state says place
            continue
        around = [(a, b) for a, b in people if a <= s.start and s.end <= b]
        if any(b - a > s.end - s.start for a, b in around):
            continue
        if s.text in surnames and s.hint is None:
            continue
        out.append(replace(s, common=True) if around else s)
    return out


_OWNED = re.compile(r"^['’]s\s+[a-z]")


def owned(text: str, span: Span) -> bool:
    """ "Prado's garage": the name owns a thing, as a person does."""
    return bool(_OWNED.match(text[span.end : span.end + 5]))


_THE_BEFORE = re.compile(r"(?i)\bthe\s+$")
# "Bama LGA", "Kirkuk province": a unit word makes the name a place, whatever the
# recogniser calls the phrase
UNIT_AFTER = re.compile(r"\s+(?:LGA|[Dd]istrict|[Pp]rovince|[Gg]overnorate|[Cc]ounty)\b")
# "troops of Operation Hadin Kai", "Operation Inherent Resolve": an operation's code name
_OPERATION_BEFORE = re.compile(r"\bOperations?\s+(?:[A-Z][\w'’-]*\s+){0,2}$")


def codename(text: str, span: Span) -> bool:
    """A name in an operation's code name ("Operation Hadin Kai") is no place: Kai,
    Yamanashi is not where the troops of Operation Hadin Kai fought."""
    return span.hint is None and bool(
        _OPERATION_BEFORE.search(text[max(0, span.start - 60) : span.start])
    )


# "the Jammu and Kashmir Police", "the Punjab Rangers": a force named for its province
_FORCE_AFTER = re.compile(
    r"(?:\s+and\s+[A-Z][\w'’-]+)?\s+(?:Police|Rangers|Rifles|Constabulary|Regiment|Scouts|Levies)\b"
)


def force_name(text: str, span: Span) -> bool:
    """A name in a force's name, in running text, is no place of the event: troops "in a
    joint operation with the Jammu and Kashmir Police" fought in Kupwara.  In a Title Case
    headline ("Bomb Kills 3, Anbar Police Say") every word is capitalised, so the rule
    stays out of lines whose words mostly are."""
    if span.hint is not None or not _FORCE_AFTER.match(text, span.end):
        return False
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    words = text[start : end if end >= 0 else len(text)].split()
    capitals = sum(w[:1].isupper() for w in words)
    return capitals * 2 < len(words)


# "the city's Prymorskyi district", "the capital's Kalundu neighbourhood"; "the Las Heras
# neighborhood of Irapuato": a part of a town the text names, whatever far town shares
# the part's name
_TOWN_OWNS = re.compile(r"(?i)\b(?:city|capital|town)['’]s\s+$")
_PART_OF_NEXT = re.compile(
    r"\s+(?:neighbou?rhood|quarter|suburb|district|area)\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|capital)\s+of\s+)?[A-Z]"
)
_STATE_AFTER = re.compile(r"\s*[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?\s+(?:state|province|region)\b")


def owned_by_town(text: str, span: Span) -> bool:
    """ "the city's Prymorskyi district": a part of the town the text just named."""
    return bool(_TOWN_OWNS.search(text[max(0, span.start - 12) : span.start]))


# "Lanao del Sur", "Agusan del Norte", "Mindoro Occidental": the gazetteer knows only
# the first word of a longer name (a province), and that word alone is a town elsewhere
_NAME_GOES_ON = re.compile(
    r"\s+(?:del|de la|de)\s+(?:Sur|Norte|Oro)\b|\s+(?:Occidental|Oriental)\b"
)


def name_goes_on(text: str, span: Span) -> bool:
    """The name read is the head of a longer name the text goes on with."""
    return bool(_NAME_GOES_ON.match(text, span.end))


def part_of_next(text: str, span: Span) -> bool:
    """ "the Las Heras neighborhood of Irapuato": a part of the town named next, which
    places it (whatever far town shares the part's name)."""
    m = _PART_OF_NEXT.match(text, span.end)
    # "the Maradun district of Zamfara state" is a district of a state: a place of its own
    return m is not None and not _STATE_AFTER.match(text, m.end() - 1)


def compass_region(text: str, span: Span) -> bool:
    """ "the West", "the North": a part of the world or of a country, not West, Illinois."""
    words = span.text.lower().split()
    return all(w in nm.DIRECTIONS for w in words) and bool(
        _THE_BEFORE.search(text[max(0, span.start - 6) : span.start])
    )


_CITY_AROUND = re.compile(r"(?i)(?:\bcity of\s+$)|(?:^\s+city\b)")


def spread_admin_hint(text: str, spans: list[Span]) -> None:
    """ "Saturday's attack in Guanajuato state ... the attack is Guanajuato's second mass
    shooting": a name the text calls a state or province is that state where it comes
    again uncued; "in Kirkuk", "the city of Kirkuk" still name the city."""
    states = {s.key for s in spans if s.hint == "admin1"}
    for i, s in enumerate(spans):
        if s.key not in states or s.hint is not None or s.cued:
            continue
        around = text[max(0, s.start - 8) : s.start] + "|" + text[s.end : s.end + 6]
        before, after = around.split("|", 1)
        if _CITY_AROUND.search(before) or _CITY_AROUND.match(after):
            continue
        spans[i] = replace(s, hint="admin1")


def spread_plural_hint(text: str, spans: list[Span]) -> None:
    """ "Kirkuk and Diyala provinces": the plural unit word applies to every name listed."""
    for i in range(len(spans) - 1, 0, -1):
        later, earlier = spans[i], spans[i - 1]
        if later.hint not in ("admin1", "district") or earlier.hint is not None:
            continue
        if not re.search(r"(?i)(?:provinces|governorates|districts)$", later.text):
            continue
        if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[earlier.end : later.start]):
            spans[i - 1] = replace(earlier, hint=later.hint)


_LIST_GAP = re.compile(r"(?i)\s*(?:,|and|,\s*and|&)\s*")


def list_hints(text: str, found: list[tuple[Span, list[Candidate]]]) -> None:
    """ "Salahuddin, Kirkuk and Diyala": in a list with a governorate, Kirkuk is one too."""
    groups: list[list[int]] = []
    for i in range(len(found)):
        if i and _LIST_GAP.fullmatch(text[found[i - 1][0].end : found[i][0].start]):
            groups[-1].append(i)
        else:
            groups.append([i])
    for group in groups:
        if len(group) < 2:
            continue
        kinds = [{c.kind for c in found[i][1]} for i in group]
        if not any(k == {"admin1"} for k in kinds):
            continue
        for i, k in zip(group, kinds, strict=True):
            span, cands = found[i]
            if "admin1" in k and span.hint is None:
                found[i] = (replace(span, hint="admin1"), cands)
