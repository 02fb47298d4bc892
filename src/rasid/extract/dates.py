"""Find the date expressions in a news report and resolve them to calendar dates.

News dates are mostly relative to the publication date ("on Sunday",
"yesterday", "Dec. 29"), so every expression is resolved against it with
news-writing conventions: a weekday is the latest one before publication (or
the publication day itself), a day without a year is the latest one on or
before publication.  Hand-written rules resolve the common forms quickly and
predictably; spaCy's DATE entities catch what the rules miss, and dateparser
resolves those that look absolute.  dateparser is the slow part (about 0.5 ms
a call, 100 ms for the first), so it only sees what the rules leave over.

Word lists live in ``rasid/knowledge/data/date_words.yaml``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from dateparser.date import DateDataParser
from spacy.tokens import Doc

from rasid.errors import KnowledgeError
from rasid.extract.doccache import doc_text, entities
from rasid.records import DateMention

Day = dt.date
_ONE = dt.timedelta(days=1)

# Entities whose words are names, not dates ("the Sunday Times", "USA Today").
_NAME_LABELS = {"ORG", "PERSON", "WORK_OF_ART", "FAC", "LAW", "PRODUCT"}
# Longest spaCy DATE entity worth handing to dateparser: long ones are phrases
# ("the first day of the holy month") that it cannot parse anyway.
_MAX_PARSE_CHARS = 40


@dataclass(frozen=True)
class _Cand:
    """A matched span and its resolution.  ``checked`` False: a bare year or
    month that needs context to count.  ``real`` False: a name that looks like a
    date ("Bloody Sunday"): it holds its span against other rules and spaCy's
    DATE tag but is never output."""

    start: int
    end: int
    first: Day | None
    last: Day | None
    precision: int | None
    checked: bool = True
    real: bool = True


def _alt(words: list[str]) -> str:
    """A regex alternation, longest first, with flexible inner whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


@functools.cache
def _words() -> dict[str, Any]:
    """The word lists, loaded once; a broken file is a KnowledgeError."""
    path = resources.files("rasid.knowledge") / "data" / "date_words.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"cannot read date words: {exc}", input=str(path)) from exc
    if not isinstance(data, dict) or "months" not in data:
        raise KnowledgeError("expected a mapping with 'months'", input=str(path))
    data["month_no"] = {
        form: i
        for i, (name, abbrevs) in enumerate(data["months"].items(), start=1)
        for form in [name, *abbrevs]
    }
    data["phrases"] = {**data["fixed"], **data["calendar"]}
    return data


def _safe(y: int, m: int, d: int) -> Day | None:
    try:
        return Day(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> Day:
    return Day(y, m, calendar.monthrange(y, m)[1])


def _shift_months(d: Day, n: int) -> Day:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return Day(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _year_no(text: str) -> int:
    """A year; "'98" is 1998 and "'24" 2024 (two digits below 50 are this century)."""
    yy = int(text.lstrip("'’"))
    return yy if yy >= 100 else yy + (2000 if yy < 50 else 1900)


def _num(word: str) -> int:
    return int(word) if word.isdigit() else _words()["numbers"][_norm(word)]


def _c(m: re.Match[str], first: Day | None, last: Day | None, prec: int | None) -> _Cand:
    return _Cand(m.start(), m.end(), first, last, prec if first else None)


# --- handlers: (match, publication date) -> candidate, or None to drop it ---


def _weekday(m: re.Match[str], pub: Day | None) -> _Cand | None:
    w = _words()  # the longest stop words ("telegraph", "agreement") fit in 12-14 chars
    before = m.string[max(0, m.start() - 12) : m.start()].lower().split()
    after = m.string[m.end() : m.end() + 14].lower().split()
    if (before and before[-1] in w["weekday_not_after"]) or (
        after and after[0].strip(".,;:") in w["weekday_not_before"]
    ):
        return _Cand(m.start(), m.end(), None, None, None, real=False)
    if pub is None:
        return _c(m, None, None, None)
    wd = w["weekdays"].index(m["wd"].lower())
    rel = _norm(m["wrel"] or "")
    if rel == "next":
        delta = -((wd - pub.weekday()) % 7 or 7)
    else:
        # Same weekday as publication: the day itself ("on Monday" in Monday's
        # paper), except "last Monday", which then means a week ago.
        delta = (pub.weekday() - wd) % 7
        if delta == 0 and rel in ("last", "past", "this past"):
            delta = 7
    d = pub - delta * _ONE
    return _c(m, d, d, 1)


def _month_day(m: re.Match[str], pub: Day | None) -> _Cand:
    month, d1 = _words()["month_no"][m["mon"].lower()], int(m["day"])
    d2 = int(m["day2"] or d1)
    if m["year"]:
        year = _year_no(m["year"])
    elif pub is None:
        return _c(m, None, None, None)
    else:  # the latest year that puts it on or before publication (Feb 29 too)
        year = pub.year - ((month, d2) > (pub.month, pub.day))
        while _safe(year, month, d2) is None and year > pub.year - 8:
            year -= 1
    first, last = _safe(year, month, d1), _safe(year, month, d2)
    if first is None or last is None or last < first:
        return _c(m, None, None, None)
    return _c(m, first, last, 1 if d1 == d2 else 2)


def _month(m: re.Match[str], pub: Day | None) -> _Cand:
    month, part = _words()["month_no"][m["mon"].lower()], m["part"] or m["edge"]
    rel = _norm(m["rel"] or "")
    checked = bool(m["year"] or part or rel)
    if m["year"]:
        year = _year_no(m["year"])
    elif pub is None:
        return _Cand(m.start(), m.end(), None, None, None, checked)
    elif rel == "next":  # the first such month after publication's
        year = pub.year + (month <= pub.month)
    else:  # the latest such month, not counting publication's own for "last"
        year = pub.year - (month > pub.month or (rel == "last" and month == pub.month))
    first, last, prec = Day(year, month, 1), _month_end(year, month), 3
    if part:
        a, b = _words()["month_parts"][_norm(part)]
        first, last, prec = Day(year, month, a), Day(year, month, min(b, last.day)), 2
    return _Cand(m.start(), m.end(), first, last, prec, checked)


def _year(m: re.Match[str], pub: Day | None) -> _Cand | None:
    """A year, a part of one ("mid-2014"), or a range ("2014-17")."""
    y1 = int(m["year"])
    first, last = Day(y1, 1, 1), Day(y1, 12, 31)
    part = m.groupdict().get("part") or m.groupdict().get("edge")
    if part:
        a, b = _words()["year_parts"][_norm(part)]
        first, last = Day(y1, a, 1), _month_end(y1, b)
    if m.groupdict().get("year2"):
        y2 = int(m["year2"])
        y2 = y2 if y2 >= 100 else y1 // 100 * 100 + y2
        if y2 <= y1:  # "2024/12" is a month: left to dateparser
            return None
        last = Day(y2, 12, 31)
    return _Cand(m.start(), m.end(), first, last, 3, "year2" in m.groupdict() or bool(part))


def _decade(m: re.Match[str], pub: Day | None) -> _Cand:
    dec = int(m["dec"])
    # "'90s" means the 1900s for decades after ...20, the 2000s before.
    century = int(m["cent"]) if m["cent"] else (19 if dec >= 3 else 20)
    a, b = _words()["decade_parts"][_norm(m["part"] or "whole")]
    start = century * 100 + dec * 10
    return _c(m, Day(start + a, 1, 1), Day(start + b, 12, 31), 3)


def _century(m: re.Match[str], pub: Day | None) -> _Cand:
    """'in the 19th century': 1801-1900, its early or late thirds by the decade parts."""
    start = (int(m["nth"]) - 1) * 100
    part = _norm(m["part"] or "whole")
    a, b = {"early": (1, 33), "mid": (34, 66), "late": (67, 100)}.get(part, (1, 100))
    return _c(m, Day(start + a, 1, 1), Day(start + b, 12, 31), 3)


def _numeric(m: re.Match[str], pub: Day | None) -> _Cand:
    """ISO dates, and day-first numeric dates unless only month-first fits."""
    year, a, b = int(m["year"]), int(m["a"]), int(m["b"])
    if m.start("year") < m.start("a"):
        return _c(m, (d := _safe(year, a, b)), d, 1)
    day, month = (b, a) if b > 12 >= a else (a, b)
    return _c(m, (d := _safe(year, month, day)), d, 1)


def _phrase(m: re.Match[str], pub: Day | None) -> _Cand:
    if pub is None:
        return _c(m, None, None, None)
    w, key = _words(), _norm(m["phrase"])
    if key in w["fixed"]:
        a, b, prec = w["fixed"][key]
        return _c(m, pub + a * _ONE, pub + b * _ONE, prec)
    unit, shift = w["calendar"][key]
    if unit == "weekend":  # the latest Saturday, and Sunday unless still ahead
        sat = pub - (pub.weekday() - 5) % 7 * _ONE
        return _c(m, sat, min(sat + _ONE, pub), 2)
    if unit == "year":  # shift 0: the year so far; otherwise a whole year
        first = Day(pub.year + shift, 1, 1)
        last = pub if shift == 0 else Day(first.year, 12, 31)
    else:
        first = _shift_months(pub.replace(day=1), shift)
        last = pub if shift == 0 else _month_end(first.year, first.month)
    return _c(m, first, last, 3)


def _counted(m: re.Match[str], pub: Day | None) -> _Cand | None:
    """Counted periods.  With "ago": that day, or for weeks the 7 days around,
    for months and years the calendar unit.  "The past three weeks": the period
    ending at publication ("the next ..." starts there).  Without either word it
    is a duration ("for three days"), not a date."""
    if not (m["dir"] or m["ago"]):
        return None
    if pub is None:
        return _c(m, None, None, None)
    n, unit = _num(m["n"]), m["unit"]
    months = n * (12 if unit == "year" else 1)
    days = math.ceil(n / 24) if unit == "hour" else n * (7 if unit == "week" else 1)
    if m["dir"] is None:  # "... ago"
        if unit in ("hour", "day"):
            d = pub - (n // 24 if unit == "hour" else n) * _ONE
            return _c(m, d, d, 1)
        if unit == "week":
            mid = pub - days * _ONE
            return _c(m, mid - 3 * _ONE, min(mid + 3 * _ONE, pub), 2)
        s = _shift_months(pub, -months)
        if unit == "year":
            return _c(m, Day(s.year, 1, 1), Day(s.year, 12, 31), 3)
        return _c(m, s.replace(day=1), _month_end(s.year, s.month), 3)
    sign = 1 if m["dir"] in ("next", "coming") else -1
    if unit in ("month", "year"):
        other = _shift_months(pub, sign * months)
    else:
        other = pub + sign * days * _ONE
    return _c(m, min(pub, other), max(pub, other), 3 if unit in ("month", "year") else 2)


# Rules that need no capital letters run case-sensitively on an ASCII-lowered
# copy of the text (same length, so offsets hold): about twice as fast as
# re.IGNORECASE with long alternations (measured: 3 ms against 6 ms a scan of
# a 1,100-word report).  Month rules keep the case of the text.
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_Handler = Callable[[re.Match[str], Day | None], _Cand | None]


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], _Handler, bool]]:
    """Compiled rules, with whether each runs on the lowered text."""
    w = _words()
    forms = sorted(w["month_no"], key=len, reverse=True)
    mon = r"\b(?P<mon>(?-i:" + "|".join(f"{f.title()}|{f.upper()}" for f in forms) + r"))\b\.?"
    wday = _alt(w["weekdays"])
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
    day2 = r"(?:\s*(?:-|–|to|and|through)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b)?"
    year = r"(?P<year>(?:1[89]|20)\d\d)\b"
    yearx = r"(?P<year>(?:1[89]|20)\d\d\b|['’]\d\d\b)"  # also "'24" after a month
    lone = r"(?<![\w$£€.,/-])"  # not part of a bigger number or an amount
    after = r"(?![\w%]|[.,/-]\d)"
    num = r"(?P<n>\d{1,3}|" + _alt(list(w["numbers"])) + r")"
    dayprefix = rf"(?:{wday},?\s+)?(?:the\s+)?"
    edge = r"(?:the\s+)?(?P<edge>end|beginning|start|middle"
    # The leading lookaheads only make failing positions fail sooner (month
    # rules 1.5 ms -> 1.0 ms a scan of a 1,000-word report).
    cased: list[tuple[str, _Handler]] = [
        (rf"(?=[a-z])\b{dayprefix}{mon}\s+(?:the\s+)?{day}{day2}(?:,?\s+{yearx})?", _month_day),
        (
            rf"(?=[a-z\d])\b{dayprefix}{day}{day2}(?:-|\s+)(?:of\s+)?{mon}(?:(?:,?\s+|-){yearx})?",
            _month_day,
        ),
        (
            rf"\b(?=[a-z])(?:(?P<part>early|mid|late)[-\s]+|{edge})\s+of\s+|(?P<rel>last|next|this)\s+)?"
            rf"{mon}(?:,?\s+(?:of\s+)?{yearx})?",
            _month,
        ),
    ]
    lowered: list[tuple[str, _Handler]] = [
        (rf"\b{year}(?P<s>[-/.])(?P<a>\d\d?)(?P=s)(?P<b>\d\d?)\b", _numeric),
        (rf"\b(?P<a>\d\d?)(?P<s>[-/.])(?P<b>\d\d?)(?P=s){year}", _numeric),
        (
            rf"\b(?:(?P<part>early|mid|late)[-\s]+|{edge}|first\s+half|second\s+half)\s+of\s+"
            rf"(?:the\s+year\s+)?){year}",
            _year,
        ),
        (rf"{lone}{year}\s*[-–/]\s*(?P<year2>(?:1[89]|20)\d\d|\d\d){after}", _year),
        (rf"{lone}{year}{after}", _year),
        (
            r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[-\s]+)?(?:(?P<cent>1[89]|20)|['’])"
            r"(?P<dec>\d)0['’]?s\b",
            _decade,
        ),
        (
            r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[-\s]+)?(?P<nth>1?[0-9]|2[01])(?:st|nd|rd|th)"
            r"\s+century\b",  # not "21st-century war", an adjective
            _century,
        ),
        (
            rf"\b(?:(?P<wrel>last|this\s+past|past|this|next)\s+)?(?:(?:early|late)\s+)?"
            rf"(?P<wd>{wday})\b(?:\s+(?:morning|afternoon|evening|night))?",
            _weekday,
        ),
        (rf"\b(?P<phrase>{_alt(list(w['phrases']))})\b", _phrase),
        (
            rf"\b(?:(?:the\s+)?(?P<dir>past|last|previous|next|coming)\s+)?{num}\s+"
            rf"(?P<unit>hour|day|week|month|year)s?\b(?P<ago>\s+ago\b)?",
            _counted,
        ),
    ]
    return [(re.compile(rx, re.I), fn, False) for rx, fn in cased] + [
        (re.compile(rx), fn, True) for rx, fn in lowered
    ]


def _scan(text: str, pub: Day | None) -> list[_Cand]:
    """All rule matches; one whose arithmetic leaves the calendar (a publication
    date near year 1 or 9999) stays in, unresolved, instead of raising."""
    low, out = text.translate(_LOWER), []
    for rx, fn, lowered in _patterns():
        for m in rx.finditer(low if lowered else text):
            try:
                c = fn(m, pub)
            except (ValueError, OverflowError):
                c = _c(m, None, None, None)
            if c is not None:
                out.append(c)
    return out


def _select(cands: list[_Cand], size: int) -> list[_Cand]:
    """Longest matches first, then leftmost; drop any that overlap a chosen one."""
    taken = bytearray(size)
    chosen = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if not any(taken[c.start : c.end]):
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


# "between Dec. 30, 2018, - Jan. 6, 2019": a comma may close the first date
_JOIN = re.compile(r"\s*,?\s*(?:-|–|—|to|until|till|through|and)\s*", re.I)
_LEAD = re.compile(r"\b(?:from|between)\s+$", re.I)


def _merge(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Join "from X to Y", "between X and Y", "X - Y" into one range."""
    out: list[_Cand] = []
    for c in cands:
        a = out[-1] if out else None
        if a and a.first and a.last and c.first and c.last and a.first <= c.last:
            gap = text[a.end : c.start]
            lead = _LEAD.search(text, max(0, a.start - 10), a.start)
            if _JOIN.fullmatch(gap) and (lead or "and" not in gap.lower()):
                prec = max(a.precision or 1, c.precision or 1, 2)
                prec = 3 if (c.last - a.first).days > 31 else prec
                start = lead.start() if lead else a.start
                out[-1] = _Cand(start, c.end, a.first, c.last, prec)
                continue
        out.append(c)
    return out


# A batch seldom spans more than a few dozen publication dates, and building
# a parser is cheap (40 µs measured), so these cache sizes are not critical.
@functools.lru_cache(maxsize=64)
def _dateparser(pub: Day | None) -> DateDataParser:
    """One parser per publication date (constructing one is cheap, parsing is not).

    Only the absolute-date parsers run (relative phrases are the rules' job,
    "timestamp" would read digit runs as Unix times); English only, so no
    language detection model is ever needed or downloaded.  Without a
    publication date a year is required: dateparser would otherwise take it
    from today's clock.
    """
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "PARSERS": ["custom-formats", "absolute-time"],
    }
    if pub is None:
        settings["REQUIRE_PARTS"] = ["year"]
    else:
        settings["RELATIVE_BASE"] = dt.datetime(pub.year, pub.month, pub.day)
    return DateDataParser(languages=["en"], settings=settings)


@functools.lru_cache(maxsize=4096)
def _parse(text: str, pub: Day | None) -> tuple[Day | None, Day | None, int | None]:
    try:
        data = _dateparser(pub).get_date_data(text)
    except (ValueError, OverflowError):  # its own arithmetic, near year 1 or 9999
        return None, None, None
    if data.date_obj is None:
        return None, None, None
    d = data.date_obj.date()
    if data.period == "year":
        return Day(d.year, 1, 1), Day(d.year, 12, 31), 3
    if data.period == "month":
        return d.replace(day=1), _month_end(d.year, d.month), 3
    return d, d, 1


@functools.cache
def _not_a_date() -> re.Pattern[str]:
    """Durations, ages, frequencies and bare numbers that spaCy tags DATE."""
    nums = _alt(list(_words()["numbers"]))
    mods = r"for|about|around|nearly|almost|over|under|more\s+than|less\s+than|up\s+to|some|at"
    mods += r"|least|another|only|just|the|a|an|whole|entire|full|several|few|many|couple|of"
    return re.compile(
        rf"(?:(?:{mods})\s+)*(?:(?:[\d,.]+|{nums})(?:\s+and\s+a\s+half)?[\s-]*)?"
        r"(?:(?:hour|day|night|week|month|year|decade|minute|second)s?|century|centuries)"
        r"(?:[\s-]+(?:old|long)(?:'s)?)?|daily|weekly|monthly|annual(?:ly)?|yearly|nightly"
        r"|ages?d?\s+\d+|\d[\d,]*(?:\.\d+)?",
        re.I,
    )


_LOOKS_ABSOLUTE = re.compile(r"\d{1,4}\s*[-/.]\s*\d|['’]\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?\b")


def _fallback(text: str, pub: Day | None) -> tuple[Day | None, Day | None, int | None] | None:
    """Resolve what the rules did not match: None when it is not a date at all."""
    if _not_a_date().fullmatch(text):
        return None
    if len(text) <= _MAX_PARSE_CHARS and _LOOKS_ABSOLUTE.search(text):
        return _parse(text, pub)
    return None, None, None


_CUE_WORD = re.compile(r"([a-z]+)[\s-]*$", re.I)


def _accept(doc: Doc, text: str, c: _Cand, dated: bytearray) -> bool:
    """A bare year or month is a date unless it counts a plural noun ("2000
    troops", "in 2000 attacks"), and if spaCy tags it DATE or a cue word
    ("in", "since") comes before it."""
    if c.checked:
        return True
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is not None and span.end < len(doc) and doc[span.end].tag_ in ("NNS", "NNPS"):
        return False
    cue = _CUE_WORD.search(text, max(0, c.start - 12), c.start)  # cue words: <= 10 letters
    return any(dated[c.start : c.end]) or bool(cue and cue[1].lower() in _words()["cues"])


def _mention(text: str, start: int, end: int, first: Any, last: Any, prec: Any) -> DateMention:
    return DateMention(first, last, prec, text[start:end], start, end)


def find_dates(doc: Doc, published: Day | None) -> list[DateMention]:
    """Every date expression in ``doc``, resolved against ``published``, by offset.

    Rule matches come first; a spaCy DATE entity that no rule match touches is
    kept too (resolved by dateparser, or with null dates so callers see it),
    unless it is a duration, an age or a plain number.  TIME entities count only
    through the rules ("last night"): a clock time alone says nothing of the
    day.  A rule match inside a name (an ORG such as "the Sunday Times") is
    dropped, and a bare month or year needs spaCy's DATE tag or a cue word
    before it.
    """
    text = doc_text(doc)
    names, dated = bytearray(len(text)), bytearray(len(text))
    for e in entities(doc):
        mask = names if e.label_ in _NAME_LABELS else dated if e.label_ == "DATE" else None
        if mask is not None:
            mask[e.start_char : e.end_char] = b"\x01" * (e.end_char - e.start_char)
    keep = [
        c
        for c in _scan(text, published)
        if not any(names[c.start : c.end]) and _accept(doc, text, c, dated)
    ]
    chosen = _merge(text, _select(keep, len(text)))
    covered = bytearray(len(text))
    for c in chosen:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    out = [_mention(text, c.start, c.end, c.first, c.last, c.precision) for c in chosen if c.real]
    for e in entities(doc):
        if e.label_ == "DATE" and not any(covered[e.start_char : e.end_char]):
            found = _fallback(e.text, published)
            if found is not None:
                out.append(_mention(text, e.start_char, e.end_char, *found))
    return sorted(out, key=lambda m: (m.start, m.end))


def resolve(expression: str, published: Day | None) -> DateMention | None:
    """Resolve one expression (offsets into it): its longest rule match, or what
    dateparser makes of the whole; None when nothing in it reads as a date."""
    chosen = _merge(expression, _select(_scan(expression, published), len(expression)))
    chosen = [c for c in chosen if c.real]
    if chosen:
        c = max(chosen, key=lambda c: (c.end - c.start, -c.start))
        return _mention(expression, c.start, c.end, c.first, c.last, c.precision)
    stripped = expression.strip()
    found = _fallback(stripped, published) if stripped else None
    if found is None or found[0] is None:
        return None
    start = expression.index(stripped)
    return _mention(expression, start, start + len(stripped), *found)
