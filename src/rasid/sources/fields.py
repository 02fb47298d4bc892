"""Field helpers shared by every reader: ids, titles, dates and the Article itself.

Kept in one place so that an article gets the same id, title and date rules
whether it came from a text file, a JSON line, a CSV row or a feed entry.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any

from rasid.errors import TOO_LARGE, SourceError
from rasid.normalise import REPLACEMENT, has_words
from rasid.records import Article

from .language import detect_language

log = logging.getLogger("rasid.sources")

# Names inputs use for each Article field, matched case-insensitively by the
# CSV reader and as written by the JSON reader; the first present one wins.
ALIASES = {
    "id": ("id", "article_id", "doc_id"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "publisher"),
    "title": ("title", "headline"),
    "published": ("published", "date", "publication_date", "published_at", "pubdate"),
    "text": ("text", "body", "content", "article", "story"),
}

_SURROGATE = re.compile("[\ud800-\udfff]")

TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30


@dataclass(frozen=True)
class Options:
    """What ``read`` was asked for; passed down to every reader."""

    published: dt.date | None = None
    source: str | None = None
    max_chars: int = 1_000_000


def stable_id(text: str) -> str:
    """An id that depends on the text only, so re-reading gives the same id."""
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
    return "sha1:" + digest[:16]


def clean(value: Any) -> str | None:
    """A metadata value as a stripped string; None for missing, empty or non-scalar."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def guess_title(text: str) -> str | None:
    """The first non-blank line when it reads like a headline: short, no final stop."""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        line = line.lstrip("#").strip()  # Markdown heading
        if (
            has_words(line)  # a line of invisible characters is no title
            and len(line) <= TITLE_MAX_CHARS
            and len(line.split()) <= TITLE_MAX_WORDS
            and not line.endswith((".", ",", ";", ":"))
        ):
            return line
        return None
    return None


_NUMERIC = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")


def _numeric_date(match: re.Match[str]) -> dt.date | None:
    """Year-first or day/month dates; None when day and month could swap."""
    a, b, c = (int(g) for g in match.groups())
    if len(match.group(1)) == 4:
        return dt.date(a, b, c)
    if len(match.group(3)) != 4:
        return None  # two-digit years are ambiguous too
    if a <= 12 and b <= 12 and a != b:
        return None  # 04/01/2014: April 1 or 4 January?
    return dt.date(c, b, a) if a > 12 else dt.date(c, a, b)


def parse_date(value: Any) -> dt.date | None:
    """A publication date from what sources write; None when unusable.

    Accepts dates, datetimes, ISO dates and datetimes, RFC 822 feed dates and
    written dates ("December 31, 2024", "31 décembre 2024").  A datetime keeps
    the calendar day it was written in (no conversion to UTC), and numeric
    dates whose day and month could be swapped are refused rather than guessed.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
        try:
            return parse(text)
        except ValueError:
            pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    match = _NUMERIC.fullmatch(text)
    if match:
        try:
            return _numeric_date(match)
        except ValueError:
            return None
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    if not any(ch.isalpha() for ch in text) or len(text) > 60:
        return None
    return _dateparser(text)


# Languages dateparser tries for written dates: those of most conflict news.
# Naming them keeps its first call fast (it otherwise loads every language).
DATE_LANGUAGES = ["en", "fr", "es", "pt", "de", "it", "nl", "ru", "uk", "ar", "fa", "ur", "tr"]
DATE_LANGUAGES += ["id", "sw", "so", "am", "ha", "hi", "bn"]


def _dateparser(text: str) -> dt.date | None:
    """Written dates in many languages; only absolute, complete dates count."""
    import dateparser  # slow to import; most dates are ISO

    settings = {
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["custom-formats", "absolute-time"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        parsed = dateparser.parse(text, languages=DATE_LANGUAGES, settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None
    return parsed.date() if parsed else None


def published_from(value: Any, origin: str, default: dt.date | None) -> dt.date | None:
    """The article's date: its own when usable, the default when it has none.

    A value that is present but unusable gives None (not the default, which
    would silently date the article wrongly) and a logged warning.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    date = parse_date(value)
    if date is None:
        log.warning("%s: published value %r is not a date; left empty", origin, value)
    return date


def build_article(
    text: str,
    *,
    origin: str,
    options: Options,
    id: str | None = None,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
    encoding: str | None = None,
) -> Article:
    """An Article with defaults filled in, a stable id and a detected language.

    A lone surrogate (a broken "\\ud800" escape in JSON) cannot be written in any
    encoding: it becomes U+FFFD, one character for one, so offsets still hold."""
    text = _SURROGATE.sub(REPLACEMENT, text)
    title = _SURROGATE.sub(REPLACEMENT, title) if title else title
    return Article(
        id=id or stable_id(text),
        text=text,
        title=title,
        source=source or options.source,
        url=url,
        published=published,
        language=language or detect_language(text),
        origin=origin,
        encoding=encoding,
    )


def check_length(text: str, where: str, origin: str, options: Options) -> None:
    """Refuse a text over the configured limit, naming where it came from."""
    if len(text) > options.max_chars:
        raise SourceError(
            f"{where}: text is {len(text):,} characters, more than the limit of "
            f"{options.max_chars:,}",
            input=origin,
            code=TOO_LARGE,
        )
