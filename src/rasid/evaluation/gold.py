"""Read gold files and prediction files, failing loudly on malformed lines.

Gold data is hand-made and predictions come from other tools, so a silent skip
would quietly change every score; instead each problem raises
``EvaluationError`` naming ``file:line`` and what was expected there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rasid.errors import EvaluationError


def _where(path: Path, line_no: int) -> str:
    return f"{path}:{line_no}"


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield (line number, parsed JSON) for each non-blank line of a JSONL file."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise EvaluationError(f"cannot open: {exc.strerror or exc}", input=str(path)) from exc
    with handle:
        try:
            for line_no, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield line_no, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvaluationError(
                        f"not valid JSON ({exc.msg} at column {exc.colno})",
                        input=_where(path, line_no),
                    ) from exc
        except UnicodeDecodeError as exc:
            raise EvaluationError("not UTF-8 text", input=str(path)) from exc


def _need(cond: bool, where: str, what: str) -> None:
    if not cond:
        raise EvaluationError(what, input=where)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_span(obj: dict, text_len: int, where: str, label: str) -> None:
    """A span must be ints with 0 <= start <= end <= len(text)."""
    start, end = obj.get("start"), obj.get("end")
    _need(
        _is_int(start) and _is_int(end) and 0 <= start <= end <= text_len,
        where,
        f"{label}: expected integer start/end within the text, got {start!r}..{end!r}",
    )


def _check_events(events: Any, text_len: int, where: str) -> None:
    if events is None:
        return
    _need(isinstance(events, list), where, "gold.events must be a list or null")
    for i, event in enumerate(events):
        label = f"gold.events[{i}]"
        _need(isinstance(event, dict), where, f"{label} must be an object")
        trigger = event.get("trigger")
        if trigger is not None:
            _need(isinstance(trigger, dict), where, f"{label}.trigger must be an object or null")
            _check_span(trigger, text_len, where, f"{label}.trigger")
        for key in ("location", "fatalities", "text_checks"):
            value = event.get(key)
            _need(
                value is None or isinstance(value, dict), where, f"{label}.{key} must be an object"
            )


def _check_quotes(quotes: Any, text_len: int, where: str) -> None:
    if quotes is None:
        return
    _need(isinstance(quotes, list), where, "gold.quotes must be a list or null")
    for i, quote in enumerate(quotes):
        label = f"gold.quotes[{i}]"
        _need(isinstance(quote, dict), where, f"{label} must be an object")
        _check_span(quote, text_len, where, label)
        for j, span in enumerate(quote.get("content_spans") or []):
            pair = _span_pair(span)
            _need(
                pair is not None and 0 <= pair[0] <= pair[1] <= text_len,
                where,
                f"{label}.content_spans[{j}]: expected [start, end] within the text",
            )


def _span_pair(span: Any) -> tuple[int, int] | None:
    """Accept a span as ``[start, end]`` or ``{"start", "end"}``."""
    if isinstance(span, dict):
        span = (span.get("start"), span.get("end"))
    if isinstance(span, (list, tuple)) and len(span) == 2 and all(_is_int(v) for v in span):
        return int(span[0]), int(span[1])
    return None


def content_spans(quote: dict) -> list[tuple[int, int]]:
    """The characters a gold quote's content occupies (fragments when discontinuous)."""
    spans = [p for p in map(_span_pair, quote.get("content_spans") or []) if p is not None]
    return spans or [(quote["start"], quote["end"])]


def validate_gold_record(record: Any, where: str) -> dict:
    """Check one gold record's shape; return it unchanged."""
    _need(isinstance(record, dict), where, "expected a JSON object per line")
    for key in ("id", "dataset", "text"):
        _need(isinstance(record.get(key), str), where, f"missing or non-string {key!r}")
    gold = record.get("gold")
    _need(isinstance(gold, dict), where, "missing 'gold' object")
    notes = record.get("notes")
    _need(notes is None or isinstance(notes, str), where, "'notes' must be a string or null")
    text_len = len(record["text"])
    _check_events(gold.get("events"), text_len, where)
    _check_quotes(gold.get("quotes"), text_len, where)
    return record


def load_gold(path: str | Path) -> list[dict]:
    """Load and validate a gold JSONL file; ids must be unique within it."""
    path = Path(path)
    records: list[dict] = []
    seen: dict[str, int] = {}
    for line_no, obj in _json_lines(path):
        where = _where(path, line_no)
        record = validate_gold_record(obj, where)
        first = seen.setdefault(record["id"], line_no)
        _need(first == line_no, where, f"duplicate id {record['id']!r} (first on line {first})")
        records.append(record)
    if not records:
        raise EvaluationError("no gold records in file", input=str(path))
    return records


def read_predictions(path: str | Path) -> Iterator[dict]:
    """Yield result dicts from a predictions JSONL file (``rasid extract`` output)."""
    path = Path(path)
    for line_no, obj in _json_lines(path):
        where = _where(path, line_no)
        _need(isinstance(obj, dict), where, "expected a JSON object per line")
        _need(isinstance(obj.get("id"), str), where, "prediction without a string 'id'")
        yield obj


def index_predictions(predictions: Iterable[dict]) -> dict[str, dict]:
    """Map id -> prediction; two predictions for one id is a caller bug, so refuse it."""
    by_id: dict[str, dict] = {}
    for n, pred in enumerate(predictions, start=1):
        where = f"prediction #{n}"
        _need(isinstance(pred, dict), where, "expected a result dict")
        pid = pred.get("id")
        _need(isinstance(pid, str), where, "prediction without a string 'id'")
        _need(pid not in by_id, where, f"duplicate prediction id {pid!r}")
        for key in ("events", "statements"):
            value = pred.get(key)
            _need(
                value is None or isinstance(value, list),
                f"{where} ({pid})",
                f"{key!r} must be a list",
            )
        by_id[pid] = pred
    return by_id
