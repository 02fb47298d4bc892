"""CSV and TSV files: a header row, then one article per row.

Spreadsheets exported by analysts name their columns loosely ("Headline",
"Body", "Outlet"), so columns are matched case-insensitively against a few
common names.  Rows are streamed, and a bad row costs only that row.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from pathlib import Path

from rasid.errors import EMPTY, MALFORMED, TOO_LARGE, UNDECODABLE, SourceError
from rasid.records import Article, Failure

from .decode import UTF8_REPAIRED, check_head, detect_encoding, normalize_newlines
from .fields import ALIASES, Options, build_article, check_length, clean, published_from

log = logging.getLogger("rasid.sources")

SNIFF_BYTES = 65536
DELIMITERS = ",;\t|"


def _column_map(header: list[str]) -> dict[str, int]:
    """Field name -> column index, taking the first matching column for each."""
    names = [h.strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_") for h in header]
    found: dict[str, int] = {}
    for field, aliases in ALIASES.items():
        for alias in aliases:
            if alias in names:
                found[field] = names.index(alias)
                break
    return found


def _delimiter(first_line: str, suffix: str) -> str:
    """Tab for .tsv; otherwise whichever candidate the header line uses most."""
    if suffix == ".tsv":
        return "\t"
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _open(path: Path, name: str) -> tuple[str, str]:
    """The file's encoding and first line, refusing binary and empty files."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise SourceError("file is empty, expected a header row and rows", input=name, code=EMPTY)
    check_head(head, name)
    encoding = detect_encoding(head)
    if encoding is None:
        raise SourceError(
            "bytes match no known text encoding; expected UTF-8 CSV", input=name, code=UNDECODABLE
        )
    if encoding == UTF8_REPAIRED:
        log.warning("%s: invalid UTF-8 bytes replaced by U+FFFD", name)
    first = head.decode(_codec(encoding), errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    return encoding, first


def _codec(encoding: str) -> str:
    return "utf-8" if encoding == UTF8_REPAIRED else encoding


def read_csv_file(path: Path, name: str, options: Options) -> Iterator[Article | Failure]:
    """Articles from the rows of a CSV/TSV file."""
    encoding, first_line = _open(path, name)
    # The default limit (131,072 characters) is below a long article; raising
    # it is process-wide but only ever upwards.
    csv.field_size_limit(max(csv.field_size_limit(), options.max_chars + 1))
    # mostly UTF-8: its few broken bytes become U+FFFD, as in text files
    errors = "replace" if encoding == UTF8_REPAIRED else "strict"
    with open(path, encoding=_codec(encoding), newline="", errors=errors) as fh:
        reader = csv.reader(fh, delimiter=_delimiter(first_line, path.suffix.lower()))
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise SourceError(f"header row cannot be read ({exc})", input=name) from exc
        columns = _column_map(header or [])
        if "text" not in columns:
            found = ", ".join(h.strip() for h in header or []) or "none"
            raise SourceError(
                f"no text column (columns: {found}); expected a header naming one of "
                + ", ".join(ALIASES["text"]),
                input=name,
                code=MALFORMED,
            )
        line = reader.line_num
        rows = 0
        while True:
            start = line + 1
            try:
                row = next(reader)
            except StopIteration:
                if not rows:
                    yield Failure(name, EMPTY, "the file has a header and no rows, expected rows")
                return
            except UnicodeDecodeError as exc:
                yield Failure(
                    f"{name}:{start}",
                    UNDECODABLE,
                    f"line {start} onwards is not valid {encoding} ({exc.reason}); "
                    "expected one encoding throughout; the rest of the file was not read",
                )
                return
            except csv.Error as exc:
                code = TOO_LARGE if "field larger" in str(exc) else MALFORMED
                yield Failure(f"{name}:{start}", code, f"row at line {start}: {exc}")
                line = reader.line_num
                continue
            line = reader.line_num
            if any(cell.strip() for cell in row):
                rows += 1
                yield _row_article(row, columns, f"{name}:{start}", start, options)


def _row_article(
    row: list[str], columns: dict[str, int], origin: str, line: int, options: Options
) -> Article | Failure:
    def cell(field: str) -> str | None:
        index = columns.get(field)
        return row[index] if index is not None and index < len(row) else None

    text = normalize_newlines(cell("text") or "")
    if not text.strip():
        return Failure(origin, EMPTY, f"row at line {line} has an empty text column")
    try:
        check_length(text, f"row at line {line}", origin, options)
    except SourceError as exc:
        return Failure(origin, exc.code, exc.message)
    return build_article(
        text,
        origin=origin,
        options=options,
        id=clean(cell("id")),
        title=clean(cell("title")),
        source=clean(cell("source")),
        url=clean(cell("url")),
        published=published_from(cell("published"), origin, options.published),
    )
