"""Read an ACLED export or a UCDP GED file, row by row.

``read`` checks the file before it yields anything: that it can be opened
(gzip-compressed or not), that it is text in one encoding throughout (UTF-8,
else Windows-1252, which spreadsheet programs on Windows still write) and that
its header has the columns the format needs.  A file that fails those checks
raises ``DatasetError`` at once, so nothing is half-imported from a file that
was never going to read.  The encoding is settled by streaming the whole file
through a decoder (UTF-8 first, then Windows-1252): deciding from its first
bytes alone would fail, or misread, on a name with an accent a million rows in.

After that every row becomes an ``ImportedIncident`` or a ``BadRow``: a row
with too few or too many cells, a cell the format cannot use, or a line the
CSV parser rejects costs that row only.  Blank rows are skipped, and so is an
HXL hashtag row ("#event+id", ...) right after the header, which HDX
distributes with both datasets.  Rows are streamed; memory does not grow with
the file.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import IO

from rasid.errors import DatasetError

from . import acled, ucdp
from .records import BadRow, ImportedIncident

FORMATS = ("acled", "ucdp-ged")
_MODULES: dict[str, ModuleType] = {"acled": acled, "ucdp-ged": ucdp}
_NAMES = {"acled": "an ACLED export", "ucdp-ged": "a UCDP GED file"}

_CHUNK = 1 << 20
_ENCODINGS = ("utf-8-sig", "cp1252")
_DELIMITERS = ",;\t"
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"
# What reading a missing file or a damaged or truncated gzip stream raises.
_STREAM_ERRORS = (OSError, EOFError, zlib.error)


def read(path: Path, fmt: str) -> Iterator[ImportedIncident | BadRow]:
    """The incidents and bad rows of a dataset file, in file order.

    Raises ``DatasetError`` now, before any row, when the file cannot be read,
    is empty, is not text, or its header lacks a required column; ValueError
    for a format not in ``FORMATS``.
    """
    if fmt not in _MODULES:
        raise ValueError(f"unknown dataset format {fmt!r}; expected one of {', '.join(FORMATS)}")
    path = Path(path)
    name = str(path)
    compressed, encoding, first_line = _inspect(path, name)
    delimiter = max(_DELIMITERS, key=first_line.count)
    with _open_text(path, compressed, encoding, name) as fh:
        try:
            rows = csv.reader(fh, delimiter=delimiter)
            header = next((row for row in rows if not _blank(row)), None)
        except csv.Error as exc:
            raise DatasetError(f"the header row is not valid CSV ({exc})", input=name) from exc
    if header is None:
        raise DatasetError("the file has no header row; expected CSV with a header", input=name)
    _check_header(header, fmt, name)
    return _rows(path, compressed, encoding, delimiter, fmt)


def _inspect(path: Path, name: str) -> tuple[bool, str, str]:
    """Whether the file is gzip-compressed, its encoding and its first line of text."""
    try:
        with open(path, "rb") as fh:
            compressed = fh.read(2) == _GZIP_MAGIC
        with _open_binary(path, compressed) as fh:
            head = fh.read(_CHUNK)
    except OSError as exc:
        raise DatasetError(f"cannot be read ({exc.strerror or exc})", input=name) from exc
    except _STREAM_ERRORS as exc:
        raise DatasetError(f"cannot be read ({exc})", input=name) from exc
    _check_not_binary(head, name)
    for encoding in _ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        first_line = None
        try:
            with _open_binary(path, compressed) as fh:
                while chunk := fh.read(_CHUNK):
                    text = decoder.decode(chunk)
                    if first_line is None:
                        first_line = next((ln for ln in text.splitlines() if ln.strip()), None)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        except _STREAM_ERRORS as exc:
            raise DatasetError(f"cannot be read ({exc})", input=name) from exc
        if first_line is None:
            raise DatasetError("the file is empty; expected a header row and rows", input=name)
        return compressed, encoding, first_line
    raise DatasetError(
        "the file is neither UTF-8 nor Windows-1252 text; expected CSV saved as UTF-8",
        input=name,
    )


def _check_not_binary(head: bytes, name: str) -> None:
    if head.startswith(_ZIP_MAGIC):
        raise DatasetError(
            "is a ZIP archive (or an Excel workbook), not CSV; unzip it or save the sheet as CSV",
            input=name,
        )
    if b"\x00" in head:
        raise DatasetError(
            "holds NUL bytes: a binary or UTF-16 file, not CSV; save it as UTF-8 CSV", input=name
        )


def _open_binary(path: Path, compressed: bool) -> IO[bytes]:
    return gzip.open(path, "rb") if compressed else open(path, "rb")


def _open_text(path: Path, compressed: bool, encoding: str, name: str) -> IO[str]:
    try:
        return io.TextIOWrapper(_open_binary(path, compressed), encoding=encoding, newline="")
    except OSError as exc:
        raise DatasetError(f"cannot be read ({exc.strerror or exc})", input=name) from exc


def _check_header(header: list[str], fmt: str, name: str) -> None:
    """DatasetError naming the missing columns, and the right format when it is another."""
    columns = {h.strip().lower() for h in header}
    module = _MODULES[fmt]
    missing = [alts for alts in module.REQUIRED if not columns.intersection(alts)]
    if not missing:
        return
    wanted = ", ".join(_describe(alts) for alts in module.REQUIRED)
    message = (
        f"missing column{'s' if len(missing) > 1 else ''} "
        f"{', '.join(_describe(alts) for alts in missing)}; "
        f"expected {_NAMES[fmt]} with columns {wanted}"
    )
    for other, other_module in _MODULES.items():
        if other != fmt and other_module.MARKERS.issubset(columns):
            message += f"; this looks like {_NAMES[other]}; use --format {other}"
    raise DatasetError(message, input=name)


def _describe(alternatives: tuple[str, ...]) -> str:
    first, *others = alternatives
    return first + "".join(f" (or {o})" for o in others)


def _blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _is_hxl(row: list[str]) -> bool:
    """An HXL hashtag row: every filled cell a tag such as "#event+id"."""
    cells = [c.strip() for c in row if c.strip()]
    return bool(cells) and all(c.startswith("#") for c in cells)


# The longest cell a dataset row may hold (ACLED's notes run to a few thousand
# characters); a longer one is a broken row, whatever limit the csv module has
# been given elsewhere in the process.
MAX_CELL = 131_072


def _rows(
    path: Path, compressed: bool, encoding: str, delimiter: str, fmt: str
) -> Iterator[ImportedIncident | BadRow]:
    name = str(path)
    parse = _MODULES[fmt].parse
    header: list[str] | None = None
    first_row = True
    # the csv module's limit is process-wide: keep it above MAX_CELL and check here
    csv.field_size_limit(max(csv.field_size_limit(), 4 * MAX_CELL))
    with _open_text(path, compressed, encoding, name) as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        while True:
            line = reader.line_num + 1  # a row starts on the line after the last one read
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield BadRow(name, line, f"the row is not valid CSV ({exc})")
                continue
            except (UnicodeDecodeError, *_STREAM_ERRORS) as exc:
                # The file changed since it was checked, or the disk failed under it.
                raise DatasetError(f"line {line} cannot be read ({exc})", input=name) from exc
            if _blank(row):
                continue
            if header is None:
                header = [h.strip() for h in row]
                continue
            if first_row:
                first_row = False
                if _is_hxl(row):
                    continue
            longest = max(range(len(row)), key=lambda i: len(row[i]))
            if len(row[longest]) > MAX_CELL:
                yield BadRow(
                    name,
                    line,
                    f"cell {longest + 1} holds {len(row[longest]):,} characters; "
                    f"expected at most {MAX_CELL:,}",
                )
                continue
            if len(row) != len(header):
                yield BadRow(
                    name,
                    line,
                    f"the row has {len(row)} cells but the header has {len(header)} columns; "
                    "expected one cell per column",
                )
                continue
            try:
                yield parse(dict(zip(header, row, strict=True)), line=line)
            except DatasetError as exc:
                yield BadRow(name, line, exc.message)
