"""Gzip- and zstd-compressed JSON lines, decompressed while they are read.

News archives are kept compressed (``.jsonl.gz``, ``.jsonl.zst``), and making a
user decompress one to disk first would double the space it takes.  The stream
is read line by line, each line no longer than plain JSON lines may be
(``line_limit``), so memory stays bounded whatever the file inflates to: a
small file that decompresses to gigabytes (a zip bomb) costs time, never
memory.  zstd is pyarrow's codec: pyarrow is already installed for Parquet, so
zstd needs no package of its own.

A damaged stream (cut short, corrupted) does not lose the lines before the
damage: they are read, and the damage is one ``malformed`` failure naming the
file and the last line read, as a feed cut off mid-file keeps its whole items.
``rasid ingest`` and ``rasid batch`` both read compressed files through here,
so they number lines and report damage the same way.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from rasid.errors import MALFORMED, UNDECODABLE, SourceError
from rasid.records import Article, Failure

from .decode import HEAD_BYTES, bom_encoding, check_head
from .fields import Options
from .jsonl import _byte_lines, line_limit, parse_lines

JSONL_SUFFIXES = (".jsonl", ".ndjson")
_CODECS = {".gz": "gzip", ".zst": "zstd"}
# What a damaged stream raises while it is read.  gzip: a cut stream is EOFError, a
# corrupt one zlib.error or BadGzipFile (a bad header or CRC).  pyarrow's zstd codec
# raises OSError (pyarrow.ArrowIOError is OSError) for both: "Truncated compressed
# stream", "ZSTD decompress failed: Data corruption detected" or "Unknown frame
# descriptor" (not zstd at all).
_DAMAGE: dict[str, tuple[type[BaseException], ...]] = {
    "gzip": (EOFError, zlib.error, gzip.BadGzipFile),
    "zstd": (OSError,),
}


def compression_of(path: str | Path) -> str | None:
    """``"gzip"`` or ``"zstd"`` for compressed JSON lines (``a.jsonl.gz``,
    ``a.ndjson.zst``), None for any other name."""
    lower = os.fspath(path).lower()
    for suffix, codec in _CODECS.items():
        if lower.endswith(tuple(f"{s}{suffix}" for s in JSONL_SUFFIXES)):
            return codec
    return None


def _open(path: Path, codec: str) -> gzip.GzipFile | io.BufferedReader:
    if codec == "gzip":
        return gzip.GzipFile(path, "rb")
    import pyarrow as pa  # slow to import; only zstd needs it

    # pyarrow's stream has no readline: the buffer gives it one that stops at a limit
    return io.BufferedReader(pa.input_stream(os.fspath(path), compression="zstd"))


def compressed_lines(path: Path, name: str, limit: int) -> Iterator[tuple[int, str | SourceError]]:
    """Numbered lines of a compressed JSON-lines file, as ``_byte_lines`` numbers a
    plain one; damage ends them with a SourceError naming the file.

    A file that cannot be opened raises OSError (unreadable, not damaged); text that
    is not UTF-8 JSON lines once decompressed raises SourceError."""
    codec = compression_of(path)
    if codec is None:
        raise ValueError(f"{name} is not named as compressed JSON lines")
    last = 0
    with _open(path, codec) as fh:
        try:
            _check_head(fh.peek(HEAD_BYTES)[:HEAD_BYTES], name)
            for number, line in _byte_lines(fh, limit):
                last = number
                yield number, line
        except _DAMAGE[codec] as exc:
            if last:
                message = (
                    f"the {codec} stream is damaged after line {last} ({exc}); "
                    "the lines before were read"
                )
            else:
                message = (
                    f"the {codec} stream is damaged at its start ({exc}); nothing could "
                    f"be read: expected JSON lines compressed with {codec}"
                )
            yield last + 1, SourceError(message, input=name, code=MALFORMED)


def _check_head(head: bytes, name: str) -> None:
    """Refuse what is not UTF-8 text once decompressed: binary content, and UTF-16/32,
    whose lines cannot be cut as bytes."""
    check_head(head, name)
    encoding = bom_encoding(head)
    if encoding in ("utf-16", "utf-32"):
        raise SourceError(
            f"decompressed, it is {encoding.upper()} text; compressed JSON lines are read "
            "as UTF-8: decompress it and read the plain file, or recompress it as UTF-8",
            input=name,
            code=UNDECODABLE,
        )


def read_compressed_jsonl(path: Path, name: str, options: Options) -> Iterator[Article | Failure]:
    """Stream a gzip- or zstd-compressed JSON-lines file."""
    yield from parse_lines(compressed_lines(path, name, line_limit(options)), name, options)
