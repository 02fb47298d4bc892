"""JSON lines and JSON documents: one article object per line or list item.

JSON lines are streamed line by line so a file of any size can be read, and a
bad line costs only that line.  Texts are kept byte for byte (no newline
normalisation): gold annotations index into them.
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rasid.errors import BAD_VALUE, EMPTY, MALFORMED, TOO_LARGE, UNDECODABLE, SourceError
from rasid.records import Article, Failure

from .decode import bom_encoding, check_head, decode, read_bytes, read_head
from .fields import ALIASES, Options, build_article, check_length, clean, published_from
from .html import extract_article

DOCUMENT_LIMIT = 256 * 2**20  # a whole JSON document is parsed in memory
# A JSON list larger than this is read item by item (``stream_list``), in bounded memory.
STREAM_BYTES = 8 * 2**20
_CHUNK_CHARS = 2**20
LINE_OVERHEAD = 2**20  # room on a line for fields other than the text
LIST_KEYS = ("articles", "items", "data", "results", "documents", "records")
EXPECTED_LINE = "expected one JSON object per line"
EXPECTED_OBJECT = 'expected an article object such as {"id": ..., "text": ...}'


def _kind(value: Any) -> str:
    names = {list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _language(value: Any) -> str | None:
    """A language code given by the input, trusted when it looks like one."""
    code = clean(value)
    return code.lower() if code and code.isalpha() and 2 <= len(code) <= 3 else None


def _record_id(value: Any, where: str, origin: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise SourceError(
            f"{where}: id {value!r} is a {_kind(value)}, expected a string or an integer",
            input=origin,
            code=BAD_VALUE,
        )
    return str(value).strip()


def _get(obj: dict[str, Any], field: str) -> tuple[str, Any]:
    """The first alias of ``field`` the object has (with a value), and that value."""
    for key in ALIASES[field]:
        if obj.get(key) is not None:
            return key, obj[key]
    return field, None


def record_article(obj: Any, *, where: str, origin: str, options: Options) -> Article:
    """The Article one JSON object describes; SourceError when it cannot be one.

    ``text`` (or ``body``/``content``...) is the article as written; ``html``
    is used only when there is no text, and goes through the HTML extractor.
    """
    if not isinstance(obj, dict):
        raise SourceError(
            f"{where} is a JSON {_kind(obj)}; {EXPECTED_OBJECT}", input=origin, code=MALFORMED
        )
    record_id = _record_id(_get(obj, "id")[1], where, origin)
    text_key, text = _get(obj, "text")
    markup = obj.get("html")
    if text is None and markup is None:
        raise SourceError(
            f'{where} has no "text" or "html" field; {EXPECTED_OBJECT}',
            input=origin,
            code=MALFORMED,
        )
    for key, value in ((text_key, text), ("html", markup)):
        if value is not None and not isinstance(value, str):
            raise SourceError(
                f'{where}: "{key}" is a {_kind(value)}, expected a string',
                input=origin,
                code=BAD_VALUE,
            )
    url = clean(_get(obj, "url")[1])
    fields = {
        "id": record_id,
        "title": clean(_get(obj, "title")[1]),
        "source": clean(_get(obj, "source")[1]),
        "url": url,
        "language": _language(obj.get("language")),
    }
    raw_date = _get(obj, "published")[1]
    if text is None or (not text.strip() and markup):
        page = extract_article(markup or "", origin=origin, options=options, url=url)
        given = {key: value for key, value in fields.items() if value is not None}
        if raw_date is not None:
            given["published"] = published_from(raw_date, origin, options.published)
        return dataclasses.replace(page, **given)
    if not text.strip():
        raise SourceError(
            f'{where}: "{text_key}" is empty, expected the article text',
            input=origin,
            code=EMPTY,
        )
    check_length(text, where, origin, options)
    published = published_from(raw_date, origin, options.published)
    return build_article(text, origin=origin, options=options, published=published, **fields)


def _failure(exc: SourceError, origin: str) -> Failure:
    return Failure(input=exc.input or origin, code=exc.code, message=exc.message)


def parse_lines(
    lines: Iterable[tuple[int, str | SourceError]], name: str, options: Options
) -> Iterator[Article | Failure]:
    """Articles from numbered JSON lines; a bad line becomes a Failure for it."""
    seen_any = False
    for number, line in lines:
        origin = f"{name}:{number}"
        if isinstance(line, SourceError):
            seen_any = True
            yield _failure(line, origin)
            continue
        if not line.strip():
            continue
        seen_any = True
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(
                origin,
                MALFORMED,
                f"line {number} is not valid JSON ({exc.msg} at column {exc.colno}); "
                + EXPECTED_LINE,
            )
            continue
        except RecursionError:
            yield Failure(origin, MALFORMED, f"line {number} nests too deeply; {EXPECTED_LINE}")
            continue
        try:
            yield record_article(obj, where=f"line {number}", origin=origin, options=options)
        except SourceError as exc:
            yield _failure(exc, origin)
    if not seen_any:
        yield Failure(name, EMPTY, "file has no JSON lines, expected one JSON object per line")


def line_limit(options: Options) -> int:
    """The most bytes one JSON line (or list item) may take: the text's limit, with
    room for escapes (up to 12 bytes a character) and the other fields."""
    return options.max_chars * 12 + LINE_OVERHEAD


def _byte_lines(fh: io.BufferedIOBase, limit: int) -> Iterator[tuple[int, str | SourceError]]:
    """Numbered UTF-8 lines of a binary stream; over-long lines are skipped whole."""
    number = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                raw = fh.readline(2**20)
            yield (
                number,
                SourceError(
                    f"line {number} is longer than {limit:,} bytes; {EXPECTED_LINE} "
                    "with at most max_chars characters of text",
                    code=TOO_LARGE,
                ),
            )
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield (
                number,
                SourceError(
                    f"line {number} is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at "
                    f"column {exc.start + 1}); {EXPECTED_LINE}, encoded as UTF-8",
                    code=UNDECODABLE,
                ),
            )


def read_jsonl_file(path: Path, name: str, options: Options) -> Iterator[Article | Failure]:
    """Stream a JSON-lines file."""
    head = read_head(path)
    check_head(head, name)
    limit = line_limit(options)
    with open(path, "rb") as fh:
        encoding = bom_encoding(head)
        if encoding in ("utf-16", "utf-32"):
            text = io.TextIOWrapper(fh, encoding=encoding)
            yield from parse_lines(enumerate(text, 1), name, options)
        else:
            yield from parse_lines(_byte_lines(fh, limit), name, options)


def _items(document: Any) -> tuple[list[Any], bool]:
    """The article objects of a JSON document and whether it was a collection."""
    if isinstance(document, list):
        return document, True
    is_article = isinstance(document, dict) and any(
        key in document for key in (*ALIASES["text"], "html")
    )
    if isinstance(document, dict) and not is_article:
        for key in LIST_KEYS:
            if isinstance(document.get(key), list):
                return document[key], True
    return [document], False


def read_json_file(path: Path, name: str, options: Options) -> Iterator[Article | Failure]:
    """A JSON document: a list of article objects, one object, or JSON lines."""
    head = read_head(path)
    check_head(head, name)
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if path.stat().st_size > DOCUMENT_LIMIT and first == b"{":
        yield from read_jsonl_file(path, name, options)  # too big to be one object
        return
    if path.stat().st_size > STREAM_BYTES and first == b"[":
        yield from stream_list(path, name, options)  # a large list: item by item
        return
    text = decode(read_bytes(path, name, DOCUMENT_LIMIT), name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from parse_lines(enumerate(text.split("\n"), 1), name, options)
            return
        raise SourceError(
            f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            "expected a JSON list of article objects, one object, or JSON lines",
            input=name,
            code=MALFORMED,
        ) from exc
    except RecursionError as exc:
        raise SourceError("JSON nests too deeply", input=name, code=MALFORMED) from exc
    items, many = _items(document)
    if many and not items:
        raise SourceError("JSON list is empty, expected article objects", input=name, code=EMPTY)
    for number, obj in enumerate(items, 1):
        origin, where = (f"{name}#{number}", f"item {number}") if many else (name, "the document")
        try:
            yield record_article(obj, where=where, origin=origin, options=options)
        except SourceError as exc:
            yield _failure(exc, origin)


def stream_list(path: Path, name: str, options: Options) -> Iterator[Article | Failure]:
    """The article objects of a large JSON list, decoded one at a time: memory holds one
    item (and a read-ahead chunk), whatever the size of the list.  A broken item ends
    the list with a ``malformed`` failure naming it; the items before it are kept."""
    decoder = json.JSONDecoder()
    limit = line_limit(options)  # one item's most, as for JSON lines
    number = 0
    with open(path, encoding="utf-8-sig") as fh:
        buf, pos, done = fh.read(_CHUNK_CHARS).lstrip(), 1, False  # past the "["
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos >= len(buf) and not done:
                more = fh.read(_CHUNK_CHARS)
                buf, pos, done = buf[pos:] + more, 0, not more
                continue
            if pos < len(buf) and buf[pos] == "]":
                break
            if pos >= len(buf):
                yield Failure(f"{name}#{number + 1}", MALFORMED, "the JSON list is not closed")
                break
            try:
                obj, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                if not done and len(buf) - pos < limit:
                    more = fh.read(_CHUNK_CHARS)  # the item goes on in the next chunk
                    buf, pos, done = buf[pos:] + more, 0, not more
                    continue
                yield Failure(
                    f"{name}#{number + 1}",
                    MALFORMED,
                    f"item {number + 1} is not valid JSON ({exc.msg}); the {number} items "
                    "before it were read, the rest of the list was not",
                )
                break
            number += 1
            origin = f"{name}#{number}"
            try:
                yield record_article(obj, where=f"item {number}", origin=origin, options=options)
            except SourceError as exc:
                yield _failure(exc, origin)
            pos = end
            if pos > _CHUNK_CHARS:
                buf, pos = buf[pos:], 0  # drop what was read
    if number == 0:
        raise SourceError("JSON list is empty, expected article objects", input=name, code=EMPTY)
