"""Parquet parts: what one shard's coding gave, as the rows the store will hold.

A part is a folder ``parts/<shard key>/`` with one Parquet file per table:
articles, events, actors, places, evidence, statements, figures, claims and
failures.  Columns are the store's own (``rasid.store.models``), less the
surrogate ids the database assigns and the times it stamps when it stores;
JSON columns hold JSON text, as the store writes it.  Events carry one more
column, ``sketch``: the event as fusion sees it (``rasid.fuse.EventSketch``, as
JSON), so ``rasid load`` fuses exactly what ``rasid ingest`` fuses.  Rows are
in input order.

The rows are made by the store's own writer (``writer._insert_events`` and
``writer._insert_statements`` write into a recorder instead of a database), so
a part holds what ``rasid ingest`` would write, value for value.  A part is
written into a temporary folder and renamed into place: it exists whole or not
at all.  Any Parquet reader can query the parts, e.g. every ``events.parquet``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, Date, DateTime, Float, Integer

from rasid import fuse
from rasid.records import ArticleResult, Failure
from rasid.store import writer
from rasid.store.models import (
    ActorRow,
    ArticleRow,
    ClaimRow,
    EventRow,
    EvidenceRow,
    FailureRow,
    FigureRow,
    PlaceRow,
    StatementRow,
)

# Part tables in the order they are inserted (parents before children).
TABLES: dict[str, Any] = {
    "articles": ArticleRow,
    "events": EventRow,
    "actors": ActorRow,
    "places": PlaceRow,
    "evidence": EvidenceRow,
    "statements": StatementRow,
    "figures": FigureRow,
    "claims": ClaimRow,
    "failures": FailureRow,
}
SKETCH = "sketch"  # the event as fusion sees it (events only)
ARTICLE = "article"  # the article's position in the part (all tables but failures)
EXTRA = frozenset({SKETCH, ARTICLE})
_STAMPED = frozenset({"ingested_at", "created_at", "dataset"})  # set when stored, not coded
_TMP = ".tmp-"


def columns(table: str) -> list[Column]:
    """The store columns a part table keeps."""
    return [
        c
        for c in TABLES[table].__table__.columns
        if not (c.primary_key and isinstance(c.type, Integer)) and c.key not in _STAMPED
    ]


def json_columns(table: str) -> frozenset[str]:
    return frozenset(c.key for c in columns(table) if isinstance(c.type, JSON))


def _arrow_type(column: Column) -> Any:
    import pyarrow as pa

    kind = column.type
    if isinstance(kind, JSON):
        return pa.string()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, DateTime):
        return pa.timestamp("us")
    if isinstance(kind, Date):
        return pa.date32()
    return pa.string()


def schema(table: str) -> Any:
    import pyarrow as pa

    fields = [pa.field(c.key, _arrow_type(c)) for c in columns(table)]
    if table != "failures":
        fields.append(pa.field(ARTICLE, pa.int64()))
    if table == "events":
        fields.append(pa.field(SKETCH, pa.string()))
    return pa.schema(fields)


class _Recorder:
    """Stands in for a database connection: keeps the rows the writer inserts."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def execute(self, statement: Any, rows: list[dict[str, Any]]) -> None:
        self.rows[statement.table.name].extend(rows)


class PartBuilder:
    """Collects a shard's results and failures, in input order, as part rows."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}

    def add_failure(self, failure: Failure) -> None:
        self.rows["failures"].append(
            {"input": failure.input, "code": failure.code, "message": failure.message}
        )

    def add_result(self, result: ArticleResult) -> None:
        """An article's records as ``writer.save_result`` writes them (its failures
        when it could not be coded)."""
        if result.errors:
            for failure in result.errors:
                self.add_failure(failure)
            return
        article = result.article
        recorder = _Recorder()
        sketches = writer._insert_events(recorder, article, result.events)  # type: ignore[arg-type]
        writer._insert_statements(recorder, article.id, result)  # type: ignore[arg-type]
        row = writer.article_values(
            article, writer.content_hash(article), writer.EXTRACTOR_VERSION, len(result.events)
        )
        position = len(self.rows["articles"])
        self.rows["articles"].append({**writer.fit(ArticleRow, row), ARTICLE: position})
        by_key = {s.key: s for s in sketches}
        for event in recorder.rows["events"]:
            event[SKETCH] = sketch_json(by_key[event["id"]])
        for table, rows in recorder.rows.items():
            self.rows[table].extend({**r, ARTICLE: position} for r in rows)

    def to_parquet(self) -> dict[str, bytes]:
        """Each table as the bytes of a Parquet file."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        out = {}
        for table, rows in self.rows.items():
            encoded = json_columns(table)
            if encoded:
                rows = [{**r, **{k: json.dumps(r.get(k)) for k in encoded}} for r in rows]
            sink = pa.BufferOutputStream()
            pq.write_table(
                pa.Table.from_pylist(rows, schema=schema(table)), sink, compression="zstd"
            )
            out[table] = sink.getvalue().to_pybytes()
        return out


def sketch_json(sketch: fuse.EventSketch) -> str:
    values = dataclasses.asdict(sketch)
    for name in ("date_start", "date_end", "reported"):
        if values[name] is not None:
            values[name] = values[name].isoformat()
    return json.dumps(values, ensure_ascii=False)


def sketch_from_json(text: str) -> fuse.EventSketch:
    values = json.loads(text)
    for name in ("date_start", "date_end", "reported"):
        if values[name] is not None:
            values[name] = dt.date.fromisoformat(values[name])
    values["actors"] = tuple(values["actors"])
    return fuse.EventSketch(**values)


# -- files ---------------------------------------------------------------------------


def path(parts_dir: Path, key: str) -> Path:
    return parts_dir / key


def exists(parts_dir: Path, key: str) -> bool:
    folder = path(parts_dir, key)
    return all((folder / f"{table}.parquet").is_file() for table in TABLES)


def write(parts_dir: Path, key: str, tables: dict[str, bytes]) -> Path:
    """Write a part whole (files synced, then the folder renamed into place)."""
    final = path(parts_dir, key)
    tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP}{key[:16]}-", dir=parts_dir))
    try:
        for table in TABLES:
            with open(tmp / f"{table}.parquet", "wb") as fh:
                fh.write(tables[table])
                fh.flush()
                os.fsync(fh.fileno())
        if final.exists():  # an older, incomplete part of the same key
            shutil.rmtree(final)
        os.rename(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def remove_leftovers(parts_dir: Path) -> None:
    """Remove the temporary folders of writes a killed run left behind."""
    for entry in parts_dir.glob(f"{_TMP}*"):
        shutil.rmtree(entry, ignore_errors=True)


def read(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """A part's tables as rows (JSON columns as JSON text), in input order."""
    import pyarrow.parquet as pq

    return {t: pq.read_table(folder / f"{t}.parquet").to_pylist() for t in TABLES}
