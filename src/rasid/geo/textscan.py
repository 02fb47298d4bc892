"""Find place-name spans in raw text by gazetteer n-gram lookup.

spaCy's small model misses or mis-tags many Iraqi toponyms ("Tarmiyah",
"Jurf al-Sakhar", "Hamrin mountains"), so the resolver also scans the text
itself: runs of capitalised words (with Arabic articles inside, a direction word
before, or a unit/feature word after) are looked up longest first.  Everyday
words that are also places ("Hit", "Surprise") and given names ("Ali") count
only after a location cue and away from a sentence start, so headlines in Title
Case and verbs at sentence starts do not turn into towns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rasid.geo import names as nm

MAX_WORDS = 6
MAX_TEXT_CHARS = 200_000  # scan at most this much of one text
_TOKEN = re.compile(r"[^\W\d_]+(?:['’‘ʿʾ`\-‐][^\W\d_]+)*(?:['’]s\b)?")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”|]\s*$|^\s*$")
_JOINER = re.compile(r"^[ \t]*(?:[-‐–—][ \t]*)?$")  # words of one name: spaces or a dash
ARTICLE_PREFIX = re.compile(r"(?i)^(?:al|el|ar|as|ash|ad|at|an|az)[-‐]")
ALLCAPS_OK = frozenset({"US", "UK", "USA", "UAE", "KRI", "DRC", "DR"})  # "DR Congo"

# A location cue right before a name: it is a place, not a verb or a person.
CUE = re.compile(
    r"(?i)(?:\b(?:in|near|at|outside|around|inside|across|throughout|between|into|from|"
    r"toward|towards|via|through|entered|captured|seized|recaptured|retook|liberated|"
    r"stormed|shelled|bombed|raided|(?:north|south|east|west)(?:ern|-?east|-?west)?\s+of|"
    r"outskirts\s+of|km\s+(?:\w+\s+)?of)"
    r"\s+(?:the\s+)?(?:(?:town|city|village|district|province|governorate|area|region|"
    r"outskirts|suburbs?|center|centre)\s+of\s+(?:the\s+)?)?"
    # "secured the town of Hit": the unit word says place whatever the verb
    r"|\b(?:town|city|village|district|province|governorate)\s+of\s+(?:the\s+)?)$"
)
# Articles that may start a name written with a space ("Ar Rutbah", "Al Qaim"); "As",
# "At", "An" and "Ad" are English words in Title Case headlines, so they may not.
_LEADING_ARTICLES = frozenset({"al", "el", "ar", "ash", "az"})
# Lower-case words inside Portuguese, Spanish, French and Italian names
_NAME_JOINERS = frozenset({"da", "de", "do", "dos", "das", "del", "di", "du", "des"})


class Token(NamedTuple):
    """A word of the text (a tuple: tens of thousands are made per article batch)."""

    text: str
    start: int
    end: int  # possessive "'s" excluded
    lower: str


@dataclass(frozen=True)
class Span:
    """A gazetteer name found in the text, before resolution."""

    start: int
    end: int
    text: str
    key: str
    hint: str | None  # kind asked for by a unit/feature word
    common: bool  # an everyday word or given name: weak evidence
    ner: bool = False  # passed in by a named-entity recogniser, not found by the scan
    initial: bool = False  # starts a sentence (capitalisation says nothing)
    cued: bool = False  # after "in", "near", "the town of": written as a place
    names_a_site: bool = False  # before "market", "hospital", "camp": a site named for it
    # the first words of a longer capitalised name the gazetteer does not know
    # ("Mwembe Tayari", a market square of Mombasa, is not Mwembe in Tanzania)
    opens_longer: bool = False


@functools.lru_cache(maxsize=4)  # the scan and the country vote read the same text
def tokens(text: str) -> tuple[Token, ...]:
    out = []
    for m in _TOKEN.finditer(text[:MAX_TEXT_CHARS]):
        word = m.group()
        if "'" in word or "’" in word:
            word = nm.strip_possessive(word)
        start = m.start()
        out.append(Token(word, start, start + len(word), word.lower()))
    return tuple(out)


def is_acronym(word: str) -> bool:
    """ "IS", "PKK", "ISF": a group's acronym, not a place ("US", "UK" are places)."""
    return word.isupper() and len(word) <= 3 and word not in ALLCAPS_OK


@functools.lru_cache(maxsize=65536)  # the same words recur across a batch
def _role(t: str) -> str:
    """CAP (name word), ART (article), UNIT (unit/feature word), DIR, or '' (other)."""
    low = t.lower()
    if low in nm.ARTICLES:
        return "ART"
    if t in _NAME_JOINERS:
        return "JOIN"  # "Mocimboa da Praia", "Rio de Janeiro"
    if t[0].isupper():
        if is_acronym(t):
            return ""  # IS, PKK, ISF: acronyms, not places
        return "CAP"
    if ARTICLE_PREFIX.match(t) and t[ARTICLE_PREFIX.match(t).end()].isupper():
        return "CAP"  # al-Sakhar
    if low in nm.UNIT_WORDS or low in nm.FEATURE_WORDS:
        return "UNIT"
    if low in nm.DIRECTIONS:
        return "DIR"
    return ""


def sentence_initial(text: str, start: int) -> bool:
    """True when nothing but a sentence boundary precedes ``start``."""
    before = text[max(0, start - 3) : start]
    if start == 0 or _SENTENCE_END.search(text[max(0, start - 40) : start]):
        return True
    return before.endswith(("'", "‘", "(")) and start < 4


def cue_before(text: str, start: int) -> bool:
    """True when a location cue ("in", "near", "north of", "the town of") precedes."""
    return bool(CUE.search(text[max(0, start - 60) : start]))


# Feature words that open a name ("Lake Chad", "Mount Sinjar", "Jebel Bishri").
_FEATURE_PREFIXES = frozenset({"lake", "mount", "mt", "jebel", "jabal", "wadi", "river"})


def _after_feature_prefix(text: str, toks: Sequence[Token], i: int) -> bool:
    if i == 0 or toks[i - 1].lower not in _FEATURE_PREFIXES or not toks[i - 1].text[:1].isupper():
        return False
    return text[toks[i - 1].end : toks[i].start] == " "


# Sites often named after a far place ("the Naivasha market", "the Kuwait hospital").
_SITES = frozenset({"market", "hospital", "camp", "school", "mosque", "church", "hotel", "street",
                    "road", "square", "neighbourhood", "neighborhood", "quarter", "bridge"})  # fmt: skip

_UNIT_OF = re.compile(
    r"\b(province|governorate|district|region)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)


def _region_word_after(
    text: str, toks: Sequence[Token], j: int, words: tuple[str, ...] = ("region", "regions")
) -> bool:
    """True for "Mopti region", "the Kirkuk region": a name the gazetteer knows
    only without the word, which asks for the wider area."""
    if j + 1 >= len(toks) or toks[j + 1].lower not in words:
        return False
    return bool(_JOINER.match(text[toks[j].end : toks[j + 1].start]))


def scan(text: str, known: Callable[[str], bool]) -> Iterator[Span]:
    """Gazetteer names in ``text``, longest match first, left to right.

    ``known(surface)`` says whether the gazetteer has a place of that name.
    """
    toks = tokens(text)
    roles = [_role(t.text) for t in toks]
    i = 0
    while i < len(toks):
        if roles[i] not in ("CAP", "DIR") and not (
            roles[i] == "ART" and toks[i].text[0].isupper() and toks[i].lower in _LEADING_ARTICLES
        ):
            i += 1
            continue
        if _after_feature_prefix(text, toks, i):
            i += 1  # "Lake Chad", "Mount Sinjar" unknown as a whole: not Chad the country
            continue
        found = None
        last = i
        while last + 1 < len(toks) and last + 1 - i < MAX_WORDS:
            gap = text[toks[last].end : toks[last + 1].start]
            pair = (
                toks[last - 1].lower if last > i else "",
                toks[last].lower,
                toks[last + 1].lower,
            )
            republic_of = pair[1:] == ("republic", "of") or pair == ("republic", "of", "the")
            joined = roles[last + 1] == "JOIN" and last + 2 < len(toks) and roles[last + 2] == "CAP"
            if not republic_of and (
                (roles[last + 1] not in ("CAP", "ART", "UNIT") and not joined)
                or not _JOINER.match(gap)
            ):
                break  # ("the Democratic Republic of Congo" is one name)
            last += 1
        for j in range(last, i - 1, -1):
            if roles[j] not in ("CAP", "UNIT") or (j == i and roles[i] == "DIR"):
                continue
            if not any(r == "CAP" for r in roles[i : j + 1]):
                continue
            if roles[j] == "UNIT" and re.match(r"\s+of\b", text[toks[j].end :]):
                continue  # "Iraq town of Khalis": the unit word starts the next name
            surface = text[toks[i].start : toks[j].end]
            if not known(surface):  # most runs are not places: ask before splitting units
                continue
            words, hint = nm.split_units(surface)
            k = " ".join(words)
            if k:
                found = (j, surface, k, hint)
                break
        if found is None:
            i += 1
            continue
        j, surface, k, hint = found
        if hint is None and _region_word_after(text, toks, j):
            hint = "region"  # "the Mopti region": the area around, at province level
        if hint is None and _region_word_after(text, toks, j, ("state",)):
            hint = "admin1"  # "in Guanajuato state", "Zamfara State": the state, not its capital
        if hint is None and (
            unit := _UNIT_OF.search(text, max(0, toks[i].start - 30), toks[i].start)
        ):
            # "the western province of Hodeidah", "the district of Sinjar"
            hint = nm.UNIT_WORDS.get(unit.group(1).lower())
        start, end = toks[i].start, toks[j].end
        if nm.is_not_place(surface):
            i = j + 1
            continue
        # "Al-Baghdadi town": a unit word says place as clearly as a preposition does
        common = hint is None and (
            nm.is_common_word(surface)
            or (toks[i].text.isupper() and len(toks[i].text) <= 3 and j == i)
        )
        initial, cued = sentence_initial(text, start), cue_before(text, start)
        if common and (initial or not cued or j < last):
            # "in Middle Shabelle region": an everyday word opening a longer name
            i += 1
            continue
        site = (
            j + 1 < len(toks)
            and toks[j + 1].lower in _SITES
            and text[end : toks[j + 1].start] == " "
        )
        longer = j < last and roles[j + 1] == "CAP" and not toks[j + 1].text.isupper()
        yield Span(
            start, end, surface, k, hint, common, initial=initial, cued=cued,
            names_a_site=site, opens_longer=longer,
        )  # fmt: skip
        i = j + 1
