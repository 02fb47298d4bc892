"""RSS and Atom feeds saved to disk: one article per entry.

Feeds usually carry a summary rather than the full story; it is still worth
reading, and a headline-only entry is read as a headline (wire headlines
alone carry many events).  Nothing is fetched from the network.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rasid.errors import EMPTY, MALFORMED, SourceError
from rasid.records import Article, Failure

from .decode import check_head, read_bytes
from .fields import Options, build_article, check_length, clean, parse_date
from .html import fragment_text

DOCUMENT_LIMIT = 256 * 2**20  # a feed parsed whole, in memory, is at most this large
# Feeds larger than this are read item by item (``stream_feed``), in bounded memory: a
# 100 MB archive feed parsed whole took 410 MB before any extraction.
STREAM_BYTES = 8 * 2**20


def _text(detail: Any) -> str:
    """Plain text of a feedparser content/summary detail."""
    value = detail.get("value") or ""
    if detail.get("type") == "text/plain":
        return "\n".join(" ".join(line.split()) for line in value.splitlines() if line.strip())
    return fragment_text(value)


def _entry_text(entry: Any) -> str:
    """The fullest text an entry offers: its longest content, else its summary."""
    best = ""
    for content in entry.get("content") or []:
        text = _text(content)
        if len(text) > len(best):
            best = text
    if not best and entry.get("summary"):
        best = _text(entry.get("summary_detail") or {"value": entry.get("summary")})
    return best


def _entry_date(entry: Any, default: dt.date | None) -> dt.date | None:
    """The date as the feed wrote it (local day), else feedparser's UTC parse."""
    for key in ("published", "updated", "created"):
        date = parse_date(entry.get(key))
        if date:
            return date
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return default


def _entry_article(
    entry: Any, origin: str, number: int, feed_title: str | None, options: Options
) -> Article | Failure:
    title = clean(fragment_text(entry.get("title") or ""))
    text = _entry_text(entry) or title
    if not text:
        return Failure(origin, EMPTY, f"entry {number} has no title, summary or content")
    try:
        check_length(text, f"entry {number}", origin, options)
    except SourceError as exc:
        return Failure(origin, exc.code, exc.message)
    source = clean((entry.get("source") or {}).get("title")) or feed_title  # e.g. Google News
    return build_article(
        text,
        origin=origin,
        options=options,
        id=clean(entry.get("id")) or clean(entry.get("link")),
        title=title,
        source=source,
        url=clean(entry.get("link")),
        published=_entry_date(entry, options.published),
    )


def read_feed_file(path: Path, name: str, options: Options) -> Iterator[Article | Failure]:
    """Articles from the entries of an RSS or Atom file; a large one is streamed."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(f"cannot open file ({exc.strerror})", input=name) from exc
    if size > STREAM_BYTES:
        yield from stream_feed(path, name, options)
        return
    data = read_bytes(path, name, DOCUMENT_LIMIT)
    if not data.strip():
        raise SourceError("file is empty, expected an RSS or Atom feed", input=name, code=EMPTY)
    check_head(data, name)
    import feedparser  # only needed for feeds

    parsed = feedparser.parse(io.BytesIO(data))  # bytes, never a URL: no fetching
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no feed elements"
        raise SourceError(
            f"not an RSS or Atom feed ({reason}); expected an <rss>, <feed> or <rdf:RDF> document",
            input=name,
            code=MALFORMED,
        )
    if not parsed.entries:
        raise SourceError("feed has no entries, expected at least one item", input=name, code=EMPTY)
    feed_title = clean(parsed.feed.get("title"))
    entries = list(parsed.entries)
    cut = _cut_off(data, parsed)
    if cut is not None:
        entries.pop()  # its text stops mid-sentence, or mid-word: not the item as published
    for number, entry in enumerate(entries, 1):
        yield _entry_article(entry, f"{name}#{number}", number, feed_title, options)
    if cut is not None:
        number = len(entries) + 1
        yield Failure(
            f"{name}#{number}",
            MALFORMED,
            f"the feed is cut off inside entry {number} ({cut}); the {len(entries)} entries "
            "before it were read, the rest of the feed is missing: fetch it again",
        )


# How a complete feed ends.
_CLOSINGS = (b"</rss>", b"</feed>", b"</rdf:rdf>")


def _cut_off(data: bytes, parsed: Any) -> str | None:
    """Why the feed looks cut off mid-file (the XML parser stopped early and the root
    element is never closed), or None when it is whole."""
    if not parsed.get("bozo") or not parsed.entries:
        return None
    tail = data[-64:].rstrip().lower()
    if any(tail.endswith(c) for c in _CLOSINGS):
        return None
    return str(parsed.get("bozo_exception") or "the document ends early")


# Elements of one entry, by local name (RSS 2.0, RSS 1.0/RDF, Atom; any namespace).
_ENTRY_TAGS = frozenset({"item", "entry"})
_DATE_TAGS = ("pubDate", "published", "updated", "date", "created")
_BODY_TAGS = ("encoded", "content", "description", "summary")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def stream_feed(path: Path, name: str, options: Options) -> Iterator[Article | Failure]:
    """Entries of a large RSS/Atom file, parsed one at a time and then dropped, so memory
    stays bounded whatever the file's size.  A feed cut off mid-file ends with a
    ``malformed`` failure for the entry it stops in, as ``read_feed_file`` does."""
    from lxml import etree

    with open(path, "rb") as fh:
        check_head(fh.read(8192), name)
    feed_title: str | None = None
    number = 0
    parser = etree.iterparse(str(path), events=("end",), huge_tree=True, resolve_entities=False)
    try:
        for _, element in parser:
            tag = _local(element.tag)
            if (
                tag == "title"
                and feed_title is None
                and _local(element.getparent().tag)
                in (
                    "channel",
                    "feed",
                )
            ):
                feed_title = clean(element.text)
            if tag not in _ENTRY_TAGS:
                continue
            number += 1
            yield _streamed_entry(element, f"{name}#{number}", number, feed_title, options)
            element.clear()  # and drop what came before it: the memory stays bounded
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        yield Failure(
            f"{name}#{number + 1}",
            MALFORMED,
            f"the feed breaks off after entry {number} ({exc}); the {number} entries before "
            "it were read, the rest of the feed is missing or malformed",
        )
        return
    if number == 0:
        raise SourceError("feed has no entries, expected at least one item", input=name, code=EMPTY)


def _streamed_entry(
    element: Any, origin: str, number: int, feed_title: str | None, options: Options
) -> Article | Failure:
    fields: dict[str, str] = {}
    for child in element:
        tag = _local(child.tag)
        if tag == "link" and child.get("href"):
            fields.setdefault("link", child.get("href"))
        value = "".join(child.itertext()).strip()
        if value:
            fields.setdefault(tag, value)
    body = next((fields[t] for t in _BODY_TAGS if t in fields), "")
    entry = {
        "title": fields.get("title"),
        "id": fields.get("guid") or fields.get("id"),
        "link": fields.get("link"),
        "summary": body,
        "summary_detail": {"value": body, "type": "text/html"},
        "published": next((fields[t] for t in _DATE_TAGS if t in fields), None),
    }
    return _entry_article(entry, origin, number, feed_title, options)
