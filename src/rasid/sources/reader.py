"""Walk the inputs, pick a reader per file, and keep the batch going.

A batch of thousands of files must not stop at the first bad one: every
problem becomes a Failure naming the input, and reading goes on.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rasid.errors import BAD_VALUE, EMPTY, MALFORMED, UNDECODABLE, UNREADABLE, SourceError
from rasid.records import Article, Failure

from .compressed import compression_of, read_compressed_jsonl
from .csvfile import read_csv_file
from .decode import HEAD_BYTES, bom_encoding, read_head
from .feed import read_feed_file
from .fields import Options, parse_date
from .html import read_html_file
from .jsonl import read_json_file, read_jsonl_file
from .text import read_text_file

Reader = Callable[[Path, str, Options], Iterator[Article | Failure]]

READERS: dict[str, Reader] = {
    "text": read_text_file,
    "html": read_html_file,
    "jsonl": read_jsonl_file,
    "json": read_json_file,
    "csv": read_csv_file,
    "feed": read_feed_file,
    "compressed-jsonl": read_compressed_jsonl,  # .jsonl.gz, .jsonl.zst
}
EXTENSIONS = {
    **dict.fromkeys((".txt", ".text", ".md"), "text"),
    **dict.fromkeys((".html", ".htm", ".xhtml"), "html"),
    **dict.fromkeys((".jsonl", ".ndjson"), "jsonl"),
    ".json": "json",
    **dict.fromkeys((".csv", ".tsv"), "csv"),
    **dict.fromkeys((".xml", ".rss", ".atom", ".feed"), "feed"),
}
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)[\s>]")
_HTML_TAG = re.compile(r"<(!doctype html|html|head|body|article|div|p)[\s>]")
_JSON_START = re.compile(r"(\{\s*\"|\[\s*[\{\]])")


def sniff_format(head: bytes) -> str:
    """The format of a file with an unknown extension, from its first bytes."""
    encoding = bom_encoding(head) or "utf-8"
    start = head[:HEAD_BYTES].decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if _JSON_START.match(start):
        return "json"
    if start.startswith("<"):
        if _FEED_ROOT.search(start):
            return "feed"
        if _HTML_TAG.search(start):
            return "html"
    return "text"


def format_of(path: Path) -> str:
    """The reader to use for ``path``: by extension, else by content."""
    if compression_of(path):
        return "compressed-jsonl"
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind:
        return kind
    try:
        return sniff_format(read_head(path))
    except OSError:
        return "text"  # the text reader reports why it cannot be read


def _walk(root: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Failure]:
    """Files under ``root`` in sorted order, skipping hidden ones and link loops."""
    try:
        st = root.stat()
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield Failure(str(root), UNREADABLE, f"cannot list directory ({exc.strerror})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = root / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen)
        else:
            yield path


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Each input as files: a file itself, a directory's files, or a Failure."""
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = False
            for result in _walk(path, set()):
                found = True
                yield result
            if not found:
                yield Failure(str(path), EMPTY, "directory holds no (non-hidden) files")
        elif path.exists():
            yield path
        else:
            yield Failure(
                str(path), UNREADABLE, "no such file or directory; expected a file or a directory"
            )


def _read_file(path: Path, options: Options) -> Iterator[Article | Failure]:
    """One file's articles; errors become Failures naming the file."""
    name = str(path)
    if not path.is_file():  # a FIFO or device would block or never end
        yield Failure(name, UNREADABLE, "not a regular file, expected a text file")
        return
    try:
        yield from READERS[format_of(path)](path, name, options)
    except SourceError as exc:
        yield Failure(exc.input or name, exc.code, exc.message)
    except UnicodeError as exc:
        yield Failure(name, UNDECODABLE, f"text cannot be decoded ({exc}); expected UTF-8")
    except OSError as exc:
        yield Failure(name, UNREADABLE, f"cannot read file ({exc.strerror or exc})")
    except Exception as exc:  # noqa: BLE001 - the file boundary: one file never stops a batch
        yield Failure(name, MALFORMED, f"the file could not be read ({type(exc).__name__}: {exc})")


def read(
    paths: Iterable[str | Path],
    *,
    published: dt.date | str | None = None,
    source: str | None = None,
    max_chars: int = 1_000_000,
) -> Iterator[Article | Failure]:
    """Articles from files and directories, in input order, with a Failure per bad input.

    ``published`` and ``source`` fill in for inputs that do not give their own;
    ``max_chars`` bounds one article's text.  Ids are unique in the batch: a
    later article with an id already seen (the same text read twice, or a
    duplicated id) is reported as a BAD_VALUE Failure instead of yielded.
    Bad options raise ValueError at once; bad inputs never raise.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]  # read("a.txt") would otherwise read files "a", ".", ...
    if isinstance(published, str):  # e.g. straight from a command line
        given, published = published, parse_date(published)
        if published is None:
            raise ValueError(f"published={given!r} is not a date; expected e.g. 2024-12-31")
    elif isinstance(published, dt.datetime):
        published = published.date()
    if max_chars < 1:
        raise ValueError(f"max_chars={max_chars} must be a positive number of characters")
    return _read(paths, Options(published=published, source=source, max_chars=max_chars))


def _read(paths: Iterable[str | Path], options: Options) -> Iterator[Article | Failure]:
    first_seen: dict[str, str | None] = {}
    for item in _expand(paths):
        if isinstance(item, Failure):
            yield item
            continue
        for result in _read_file(item, options):
            if isinstance(result, Article):
                if result.id in first_seen:
                    yield Failure(
                        result.origin or str(item),
                        BAD_VALUE,
                        f"id {result.id!r} was already used by {first_seen[result.id]}; "
                        "expected unique ids (a duplicate article is skipped)",
                    )
                    continue
                first_seen[result.id] = result.origin
            yield result


def read_one(path: str | Path, **kwargs: object) -> list[Article | Failure]:
    """Everything one file or directory holds, as a list."""
    return list(read([path], **kwargs))  # type: ignore[arg-type]
