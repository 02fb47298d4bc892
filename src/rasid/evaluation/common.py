"""Pieces every scorer shares: counting metrics, picking scorable events, spans.

Each metric keeps its numerator and denominator (not just a ratio) so reports
from several runs or files can be compared and summed honestly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# Modalities that make an event count as a real, current occurrence.
REPORTED_MODALITIES = frozenset({"reported", "claimed"})
# Longest evidence span that may earn credit: stops "the whole article" evidence.
MAX_EVIDENCE_CHARS = 500
# Example misses kept per metric, enough to point development at a pattern.
EXAMPLES_PER_METRIC = 3


@dataclass
class Tally:
    """A correct/n counter that renders as ``{"correct", "n", "score"}``."""

    correct: int = 0
    n: int = 0
    unscoreable: int = 0  # counted in n, but no prediction could be right

    def add(self, ok: bool, scoreable: bool = True) -> bool:
        self.n += 1
        self.correct += int(ok)
        self.unscoreable += int(not scoreable)
        return ok

    def as_dict(self) -> dict[str, Any]:
        score = round(self.correct / self.n, 4) if self.n else None
        out: dict[str, Any] = {"correct": self.correct, "n": self.n, "score": score}
        if self.unscoreable:
            out["unscoreable"] = self.unscoreable
            out["ceiling"] = round((self.n - self.unscoreable) / self.n, 4)
        return out


def f1(precision: Tally, recall: Tally) -> dict[str, Any]:
    """F1 of two tallies; null when either side is undefined."""
    if not precision.n or not recall.n:
        return {"score": None}
    p, r = precision.correct / precision.n, recall.correct / recall.n
    return {"score": round(2 * p * r / (p + r), 4) if p + r else 0.0}


@dataclass
class Examples:
    """Collects a few misses per metric, in gold order, to drive development."""

    limit: int = EXAMPLES_PER_METRIC
    items: list[dict[str, str]] = field(default_factory=list)
    _per_metric: dict[str, int] = field(default_factory=dict)

    def miss(self, record_id: str, metric: str, reason: str, text: str | None = None) -> None:
        """Keep this miss if its metric has fewer than ``limit`` so far."""
        count = self._per_metric.get(metric, 0)
        if count < self.limit:
            self._per_metric[metric] = count + 1
            item = {"id": record_id, "metric": metric, "reason": reason[:200]}
            if text is not None:
                item["text"] = " ".join(text.split())[:120]
            self.items.append(item)


def reported_events(prediction: dict | None) -> list[dict]:
    """Events in ``events`` that claim a real occurrence; ``mentions`` never count."""
    if not prediction:
        return []
    return [
        e
        for e in prediction.get("events") or []
        if isinstance(e, dict) and e.get("modality") in REPORTED_MODALITIES
    ]


def as_dict(value: Any) -> dict:
    """A sub-object that may be null or missing, as a dict to ``.get`` from."""
    return value if isinstance(value, dict) else {}


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """True when half-open spans [a_start, a_end) and [b_start, b_end) share a character."""
    return a_start < b_end and b_start < a_end


def evidence_spans(event: dict) -> list[tuple[int, int]]:
    """An event's evidence spans short enough to earn credit."""
    spans = []
    for ev in event.get("evidence") or []:
        start, end = as_dict(ev).get("start"), as_dict(ev).get("end")
        if (
            isinstance(start, int)
            and isinstance(end, int)
            and start <= end <= start + MAX_EVIDENCE_CHARS
        ):
            spans.append((start, end))
    return spans


def iso_date(value: Any) -> dt.date | None:
    """The day a gold or predicted "YYYY-MM-DD..." string names, or None."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def number(value: Any) -> float | None:
    """A real number or None (bools and strings are not numbers here)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None
