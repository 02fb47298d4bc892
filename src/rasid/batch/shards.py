"""Split batch inputs into shards: runs of articles in input order, each with a content hash.

The client only cuts the inputs; the workers parse them.  JSON lines (plain,
``.jsonl.gz``, ``.jsonl.zst``) travel as their raw lines and Parquet files of
articles as their rows, so the costly part of reading (JSON, dates, language
detection) runs on the workers and the client keeps up with a large cluster.  Every other format
(text, HTML, CSV, feeds, JSON documents) is read on the client by
``rasid.sources.read``, one file at a time, and travels as articles.

Articles come out as ``rasid ingest`` reads them: the same walk of directories,
the same line numbers and origins (``path:line``; ``path#row`` for Parquet), the
same failures.  Ids that repeat across files are left to ``rasid load``, which
keeps the first as ``rasid.sources.read`` does.

A shard's key is a SHA-256 over everything its coding depends on: the inputs'
names, line numbers and content, the reading options and the extractor version.
A part written under that key is the coding of exactly that input, so a rerun
skips it.
"""

from __future__ import annotations

import glob
import hashlib
import itertools
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasid import sources
from rasid.errors import EMPTY, MALFORMED, UNREADABLE, SourceError
from rasid.records import Article, Failure
from rasid.sources.compressed import compressed_lines, compression_of
from rasid.sources.decode import HEAD_BYTES, bom_encoding, check_head
from rasid.sources.fields import ALIASES, Options
from rasid.sources.jsonl import _byte_lines, line_limit, parse_lines, record_article
from rasid.sources.reader import _expand, format_of
from rasid.store.writer import EXTRACTOR_VERSION, content_hash

# Articles per shard.  spaCy's advice for multiprocessing holds for Dask too: a task
# should run for minutes, not for one article, or scheduling, transfer and result
# writing cost more than the work.  One core codes about 3,000 words a second
# (benchmarks/batch.py on the development machine), about 6 news articles of 500
# words, so 500 articles are one to two minutes of work: long enough that a task's
# overhead (tens of milliseconds) is lost in it, short enough that a killed worker
# loses little and the progress bar moves, and 1,000,000 articles still make 2,000
# tasks to spread evenly over a large cluster.  Its part is about 1.5 MB of Parquet.
SHARD_ARTICLES = 500

# Version of the shard and part layout; part of every key, so a change re-codes.
PART_FORMAT = 1

_PARQUET = (".parquet", ".pq")
# Parquet columns read as article fields (any of their aliases); the rest are ignored.
_PARQUET_FIELDS = frozenset(itertools.chain(*ALIASES.values(), ("html", "language")))
_ROW_BATCH = 1024

# One unit of input, in input order: ("line", name, number, text | SourceError),
# ("row", name, number, dict) or ("item", Article | Failure).
Unit = tuple[Any, ...]


@dataclass(frozen=True)
class Shard:
    """A run of inputs coded by one task; ``key`` names its part."""

    index: int
    key: str
    units: tuple[Unit, ...]
    options: Options

    @property
    def articles(self) -> int:
        """How many articles the shard holds (a line or row counts as one)."""
        return sum(1 for u in self.units if u[0] != "item" or isinstance(u[1], Article))

    @property
    def first(self) -> str:
        return _where(self.units[0]) if self.units else ""

    @property
    def last(self) -> str:
        return _where(self.units[-1]) if self.units else ""

    def entry(self) -> dict[str, Any]:
        """What the manifest keeps of the shard."""
        return {
            "index": self.index,
            "key": self.key,
            "articles": self.articles,
            "first": self.first,
            "last": self.last,
        }


def _where(unit: Unit) -> str:
    if unit[0] == "line":
        return f"{unit[1]}:{unit[2]}"
    if unit[0] == "row":
        return f"{unit[1]}#{unit[2]}"
    item = unit[1]
    return item.input if isinstance(item, Failure) else (item.origin or item.id)


def make_shards(
    paths: Iterable[str | Path], options: Options, size: int = SHARD_ARTICLES
) -> Iterator[Shard]:
    """The shards of ``paths`` (files, directories, glob patterns), in input order.

    Inputs are read lazily: memory holds one shard at a time."""
    if size < 1:
        raise ValueError(f"shard size {size} must be at least one article")
    units: list[Unit] = []
    count = 0
    index = 0
    for unit in _units(paths, options):
        units.append(unit)
        count += unit[0] != "item" or isinstance(unit[1], Article)
        if count >= size:
            yield _shard(index, units, options)
            index, units, count = index + 1, [], 0
    if units:
        yield _shard(index, units, options)


def _shard(index: int, units: list[Unit], options: Options) -> Shard:
    digest = hashlib.sha256()
    head = [PART_FORMAT, EXTRACTOR_VERSION, options.published, options.source, options.max_chars]
    digest.update(json.dumps(head, default=str).encode())
    for unit in units:
        digest.update(_fingerprint(unit))
    return Shard(index, digest.hexdigest(), tuple(units), options)


def _fingerprint(unit: Unit) -> bytes:
    kind = unit[0]
    if kind == "line":
        value = unit[3]
        if isinstance(value, SourceError):
            value = [value.code, value.message]
        data: list[Any] = [kind, unit[1], unit[2], value]
    elif kind == "row":
        data = [kind, unit[1], unit[2], unit[3]]
    elif isinstance(unit[1], Failure):
        f = unit[1]
        data = ["failure", f.input, f.code, f.message]
    else:
        a = unit[1]
        data = ["article", a.id, a.origin, a.encoding, content_hash(a)]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return text.encode("utf-8", "surrogatepass") + b"\n"


def read_shard(shard: Shard) -> Iterator[Article | Failure]:
    """The shard's articles and failures, in input order (run on a worker)."""
    options = shard.options
    for (kind, name), group in itertools.groupby(shard.units, key=_group):
        if kind == "line":
            # blank lines were dropped when cutting, so no run looks like an empty file
            yield from parse_lines(((u[2], u[3]) for u in group), name, options)
        elif kind == "row":
            for _, _, number, row in group:
                origin = f"{name}#{number}"
                try:
                    yield record_article(row, where=f"row {number}", origin=origin, options=options)
                except SourceError as exc:
                    yield Failure(exc.input or origin, exc.code, exc.message)
        else:
            for unit in group:
                yield unit[1]


def _group(unit: Unit) -> tuple[str, str | None]:
    return (unit[0], unit[1] if unit[0] != "item" else None)


# -- the inputs ---------------------------------------------------------------------


def expand(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Files in input order: glob patterns matched (sorted), directories walked as
    ``rasid.sources.read`` walks them."""
    for item in paths:
        text = os.fspath(item)
        if not os.path.exists(text) and glob.has_magic(text):
            found = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            if not found:
                yield Failure(text, UNREADABLE, "no file or directory matches this pattern")
            yield from _expand(found)
        else:
            yield from _expand([item])


def _units(paths: Iterable[str | Path], options: Options) -> Iterator[Unit]:
    for path in expand(paths):
        if isinstance(path, Failure):
            yield ("item", path)
            continue
        name = str(path)
        if not path.is_file():  # a FIFO or device would block or never end
            yield ("item", Failure(name, UNREADABLE, "not a regular file, expected a text file"))
            continue
        lower = name.lower()
        try:
            if compression_of(path):  # .jsonl.gz, .jsonl.zst: decompressed as it is cut
                yield from _lines(compressed_lines(path, name, line_limit(options)), name)
            elif lower.endswith(_PARQUET):
                yield from _parquet_rows(path, name)
            elif format_of(path) == "jsonl" and _plain_utf8(path, name):
                with open(path, "rb") as fh:
                    yield from _lines(_byte_lines(fh, line_limit(options)), name)
            else:  # read here, the way `rasid ingest` reads it
                yield from (("item", item) for item in sources.read([path], **_kwargs(options)))
        except SourceError as exc:
            yield ("item", Failure(exc.input or name, exc.code, exc.message))
        except OSError as exc:
            yield ("item", Failure(name, UNREADABLE, f"cannot read file ({exc.strerror or exc})"))


def _kwargs(options: Options) -> dict[str, Any]:
    return {
        "published": options.published,
        "source": options.source,
        "max_chars": options.max_chars,
    }


def _plain_utf8(path: Path, name: str) -> bool:
    """Is this JSON-lines file UTF-8 (cut here), not UTF-16/32 (read whole by the reader)?"""
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    check_head(head, name)
    return bom_encoding(head) not in ("utf-16", "utf-32")


def _lines(lines: Iterable[tuple[int, str | SourceError]], name: str) -> Iterator[Unit]:
    """Numbered lines as units, blank ones dropped, as the JSON-lines reader numbers them;
    a file with none is an ``empty`` failure."""
    seen = False
    for number, line in lines:
        if isinstance(line, str) and not line.strip():
            continue
        seen = True
        yield ("line", name, number, line)
    if not seen:
        yield (
            "item",
            Failure(name, EMPTY, "file has no JSON lines, expected one JSON object per line"),
        )


def _parquet_rows(path: Path, name: str) -> Iterator[Unit]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
        columns = [c for c in table.schema_arrow.names if c in _PARQUET_FIELDS]
        if not any(c in columns for c in (*ALIASES["text"], "html")):
            yield ("item", Failure(name, MALFORMED, _NO_TEXT_COLUMN))
            return
        number = 0
        for batch in table.iter_batches(batch_size=_ROW_BATCH, columns=columns):
            for row in batch.to_pylist():
                number += 1
                yield ("row", name, number, row)
    except (pa.ArrowException, ValueError) as exc:
        message = f"not a readable Parquet file of articles ({exc})"
        yield ("item", Failure(name, MALFORMED, message))
        return
    if number == 0:
        yield ("item", Failure(name, EMPTY, "the Parquet file has no rows"))


_NO_TEXT_COLUMN = (
    "the Parquet file has no text column; expected columns id, url, source, title, published, text"
)
