"""Numbers and their qualifiers: "at least 9", "Eighty-four", "between 3,000 and 5,000".

Pure functions over spaCy tokens.  A `NumberPhrase` is a number with its
qualifier and char offsets; the event extractor decides what it counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_FIXED = {"dozen": 12, "couple": 2, "pair": 2}
# Words "a" counts before: "a dozen", "a hundred", "a thousand", "half a million".
_AFTER_A = ("dozen", "hundred", "thousand", "million")
# Vague quantities: ACLED's fatality methodology codes "several"/"many" as 10,
# "dozens" as 12 and "hundreds" as 100 when no number is given; Rasid keeps
# that conservative value with qualifier "about" and the words as evidence.
VAGUE = {"several": 10, "many": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000}
# What each vague word is consistent with, for telling whether "kill dozens" in a
# headline and "killed at least 33" in the lead can be one toll.
VAGUE_RANGE = {
    "several": (3, 20), "many": (3, None), "dozens": (13, 99), "scores": (20, None),
    "hundreds": (100, 999), "thousands": (1000, None),
}  # fmt: skip

# Words that can stand before a number and qualify it; longest first.
QUALIFIERS = (
    ("at least", "at_least"), ("no fewer than", "at_least"), ("not less than", "at_least"),
    ("a minimum of", "at_least"), ("more than", "more_than"), ("over", "more_than"),
    ("upwards of", "more_than"), ("in excess of", "more_than"), ("about", "about"),
    ("around", "about"), ("nearly", "about"), ("almost", "about"), ("approximately", "about"),
    ("roughly", "about"), ("some", "about"), ("an estimated", "about"), ("estimated", "about"),
    ("close to", "about"), ("up to", "at_most"), ("as many as", "at_most"), ("at most", "at_most"),
    ("fewer than", "at_most"), ("less than", "at_most"), ("no more than", "at_most"),
)  # fmt: skip
_TIME_UNITS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
               "minute", "minutes", "decade", "decades", "-year", "-day", "-hour"}  # fmt: skip
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
           "sep", "sept", "oct", "nov", "dec", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.",
           "dec."}  # fmt: skip
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


@dataclass(frozen=True)
class NumberPhrase:
    """A number (or range) with its qualifier; token span [i, j) includes the qualifier."""

    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    i: int
    j: int
    start: int
    end: int
    text: str


def word_value(word: str) -> int | None:
    """Value of one number word or digit string; None if it is not a number."""
    w = word.lower().replace(",", "") if _DIGITS.match(word) else word.lower()
    if w.isdigit():
        return int(w) if len(w) <= 9 else None
    if w in _UNITS and w not in ("a", "an", "no"):
        return _UNITS[w]
    if w in _TENS:
        return _TENS[w]
    if w in _FIXED:
        return _FIXED[w]
    if "-" in w:
        head, _, tail = w.partition("-")
        if head in _TENS and tail in _UNITS:
            return _TENS[head] + _UNITS[tail]
    return None


def _is_num_token(tok: Token) -> bool:
    low = tok.lower_
    return (
        word_value(low) is not None
        or low in _SCALES
        or (low in ("a", "an") and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ in _AFTER_A)
        or (  # "half a million", "half a dozen"
            low == "half"
            and tok.i + 2 < len(tok.doc)
            and tok.nbor(1).lower_ in ("a", "an")
            and tok.nbor(2).lower_ in _AFTER_A
        )
        or (low == "and" and tok.i > 0 and tok.i + 1 < len(tok.doc) and _tens_join(tok))
        or (low == "-" and tok.i > 0 and tok.nbor(-1).lower_ in _TENS)
    )


def _tens_join(tok: Token) -> bool:
    """'one hundred and twenty': 'and' inside a number."""
    prev, nxt = tok.nbor(-1).lower_, tok.nbor(1).lower_
    return prev in _SCALES and (nxt in _UNITS or nxt in _TENS)


def _combine(words: list[str]) -> int | None:
    """Value of a run of number words: 'thirty five', 'one hundred and twenty', '3,000'."""
    total, current, seen, half = 0, 0, False, False
    for raw in words:
        w = raw.lower()
        if w in ("and", "-"):
            continue
        if w == "half" and not seen:
            half = True
            continue
        if w in ("a", "an"):
            seen = True
            continue
        if w == "dozen":
            current = max(current, 1) * 12
            seen = True
            continue
        if w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
            seen = True
            continue
        v = word_value(w)
        if v is None:
            return None
        if w.isdigit() or "," in w:
            if seen:
                return None
            current = v
        else:
            current += v
        seen = True
    if not seen:
        return None
    return (total + current) // 2 if half else total + current


def numbers(doc: Doc, start: int = 0, end: int | None = None) -> list[NumberPhrase]:
    """Every number phrase in tokens [start, end), qualifiers and ranges included."""
    end = len(doc) if end is None else end
    out: list[NumberPhrase] = []
    i = start
    while i < end:
        tok = doc[i]
        # "as many as 70" is a qualifier; "how many", "so many", "too many" count nothing
        asked = tok.lower_ == "many" and i > 0 and doc[i - 1].lower_ in ("as", "how", "so", "too")
        if tok.lower_ in VAGUE and tok.pos_ in ("NOUN", "ADJ", "DET", "NUM", "PRON") and not asked:
            out.append(_phrase(doc, i, i + 1, VAGUE[tok.lower_], None, None, "about"))
            i += 1
            continue
        if not _is_num_token(tok) or (
            tok.lower_ in ("and", "-", "a", "an") and not _starts_article_num(tok)
        ):
            i += 1
            continue
        j = i
        while j < end and _is_num_token(doc[j]):
            j += 1
        while j > i and doc[j - 1].lower_ in ("and", "-"):
            j -= 1
        value = _combine([t.text for t in doc[i:j]])
        if value is None or _is_not_count(doc, i, j):
            i = j if j > i else i + 1
            continue
        qi, qualifier = _qualifier_before(doc, i)
        low = high = None
        # "between 3,000 and 5,000", "3,000 to 5,000", "3,000-5,000"
        if j + 1 < end and doc[j].lower_ in ("and", "to", "-", "–") and word_value(doc[j + 1].text):
            k = j + 1
            while k < end and _is_num_token(doc[k]) and doc[k].lower_ not in ("and", "-"):
                k += 1
            second = _combine([t.text for t in doc[j + 1 : k]])
            if second is not None and second > value:
                low, high, qualifier = value, second, "range"
                if qi == i and i > 0 and doc[i - 1].lower_ in ("between", "from"):
                    qi = i - 1
                j = k
        if qualifier == "range":
            out.append(_phrase(doc, qi, j, value, low, high, "range"))
        else:
            low = value if qualifier in ("exact", "at_least", "more_than") else None
            high = value if qualifier in ("exact", "at_most") else None
            out.append(_phrase(doc, qi, j, value, low, high, qualifier))
        i = j
    return out


def _starts_article_num(tok: Token) -> bool:
    return tok.lower_ in ("a", "an") and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ in _AFTER_A


def _is_not_count(doc: Doc, i: int, j: int) -> bool:
    """Years, times, ordinals, ages and unit measures are not counts of people or things."""
    first, last = doc[i], doc[j - 1]
    if (
        first.like_num
        and len(first.text) == 4
        and first.text.isdigit()
        and 1900 <= int(first.text) <= 2100
    ):
        return True
    nxt = doc[j].lower_ if j < len(doc) else ""
    prev = doc[i - 1] if i > 0 else None
    if last.ent_type_ in ("TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY"):
        return True
    if nxt in _TIME_UNITS or nxt in _MONTHS or (prev is not None and prev.lower_ in _MONTHS):
        return True  # "two weeks", "12 June", "June 12"
    if first.lower_ == "one" and prev is not None and prev.lower_ == "no":
        return True  # "no one"
    if (
        prev is not None
        and prev.is_title
        and prev.pos_ in ("PROPN", "NOUN")
        and not (j < len(doc) and (doc[j].pos_ in ("NOUN", "PROPN", "ADJ") or doc[j].is_title))
        and first.text.isdigit()
    ):
        return True  # a label: "Highway 1", "Resolution 2254"
    if j < len(doc) and doc[j].lower_ in (
        "-year-old",
        "year-old",
        "%",
        "percent",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "o'clock",
    ):
        return True
    return j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in ("year", "month", "day")


def _qualifier_before(doc: Doc, i: int) -> tuple[int, str]:
    for phrase, qualifier in QUALIFIERS:
        words = phrase.split()
        k = i - len(words)
        if k >= 0 and [t.lower_ for t in doc[k:i]] == words:
            return k, qualifier
    return i, "exact"


def _phrase(doc: Doc, i: int, j: int, value, low, high, qualifier) -> NumberPhrase:
    span = doc[i:j]
    return NumberPhrase(
        value, low, high, qualifier, i, j, span.start_char, span.end_char, span.text
    )
