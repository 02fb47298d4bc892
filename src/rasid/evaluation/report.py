"""Render an evaluation report as an aligned text table or as JSON.

The table is for people comparing runs at a glance (numerator, denominator and
score side by side); the JSON is the same report for machines and archives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any


def _rows(metrics: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict]]:
    """Flatten metrics; nested groups ("recall_by_kind") become "recall_by_kind: direct"."""
    for name, value in metrics.items():
        if not isinstance(value, dict):
            continue
        if "score" in value:
            yield prefix + name, value
        else:
            yield from _rows(value, f"{prefix}{name}: ")


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _by_metric(entry: dict[str, Any]) -> list[dict]:
    """A dataset's examples grouped in the order its metrics are listed."""
    order = {name: i for i, name in enumerate(entry.get("metrics", {}))}
    return sorted(entry.get("examples", []), key=lambda ex: order.get(ex["metric"], len(order)))


def format_report(report: dict[str, Any]) -> str:
    """A readable table: one row per metric, then a few example misses."""
    lines = [
        f"gold: {report.get('gold')}",
        f"records: {report.get('n_records')}  predictions: {report.get('n_predictions')}  "
        f"missing predictions: {report.get('missing_predictions')}  "
        f"unmatched predictions: {report.get('unmatched_predictions')}",
        "",
    ]
    table: list[tuple[str, str, str, str, str]] = [("dataset", "metric", "correct", "n", "score")]
    datasets: dict[str, dict] = report.get("datasets", {})
    for name, entry in datasets.items():
        count = f"{entry.get('n_records')} records, {entry.get('missing_predictions')} missing"
        if not entry.get("scored"):
            table.append((name, f"not scored ({count})", "", "", ""))
            continue
        table.append((name, f"({count})", "", "", ""))
        for metric, value in _rows(entry.get("metrics", {})):
            cells = (_cell(value.get("correct")), _cell(value.get("n")), _cell(value.get("score")))
            table.append(("", metric, *cells))
    widths = [max(len(row[i]) for row in table) for i in range(5)]
    for row in table:
        left = [row[i].ljust(widths[i]) for i in (0, 1)]
        right = [row[i].rjust(widths[i]) for i in (2, 3, 4)]
        lines.append("  ".join(left + right).rstrip())

    ceilings = [
        f"  {name}  {metric}: {value['unscoreable']} of {value['n']} cannot be right whatever "
        f"is predicted (gold too coarse or without the field); best possible {value['ceiling']:.3f}"
        for name, e in datasets.items()
        for metric, value in _rows(e.get("metrics", {}))
        if value.get("unscoreable")
    ]
    if ceilings:
        lines += ["", "ceilings:", *ceilings]

    missing = [(name, e["missing_ids"]) for name, e in datasets.items() if e.get("missing_ids")]
    if missing:
        lines += ["", "records without a prediction (first few):"]
        lines += [f"  {name}  {', '.join(ids)}" for name, ids in missing]

    examples = [(name, ex) for name, e in datasets.items() for ex in _by_metric(e)]
    if examples:
        lines += ["", "example misses:"]
        for name, ex in examples:
            lines.append(f"  {name}  {ex['metric']}  {ex['id']}  {ex['reason']}")
            if ex.get("text"):
                lines.append(f"      text: {ex['text']}")
    # The headline scores once more at the end, where a glance at the last lines finds them.
    summary = [
        f"  {name}: "
        + ", ".join(
            f"{metric} {_cell(value.get('score'))}"
            for metric, value in [(m, v) for m, v in _rows(e.get("metrics", {})) if ": " not in m][
                :SUMMARY_METRICS
            ]
        )
        for name, e in datasets.items()
        if e.get("scored")
    ]
    if summary and examples:
        lines += ["", "summary:", *summary]
    return "\n".join(lines)


# Metrics repeated in the closing summary (top-level ones; each scorer lists its
# headline ones first).
SUMMARY_METRICS = 7


def report_json(report: dict[str, Any]) -> str:
    """The report as stable, human-diffable JSON."""
    return json.dumps(report, indent=2, ensure_ascii=False, sort_keys=False)
