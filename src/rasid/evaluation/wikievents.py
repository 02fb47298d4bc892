"""Score WikiEvents articles: mention-level event typing anchored on triggers.

Credit needs evidence that points at the trigger, not just a right label
somewhere in the article: a predicted event is tied to a gold mention only
through an evidence span (at most 500 characters) overlapping its trigger.
"""

from __future__ import annotations

from typing import Any

from rasid.evaluation.common import (
    Examples,
    Tally,
    as_dict,
    evidence_spans,
    f1,
    overlaps,
    reported_events,
)

DATASET = "wikievents"
# KAIROS types whose mentions a conflict-event extractor may rightly report.
CONFLICT_PREFIXES = (
    "Conflict.",
    "Life.Die",
    "Life.Injure",
    "Justice.ArrestJailDetain",
    "ArtifactExistence.DamageDestroy",
)


def _trigger(event: dict) -> tuple[int, int] | None:
    trig = as_dict(event.get("trigger"))
    start, end = trig.get("start"), trig.get("end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def _hits(event: dict, span: tuple[int, int]) -> bool:
    return any(overlaps(s, e, *span) for s, e in evidence_spans(event))


class WikiEventsScorer:
    """Accumulates micro-averaged trigger recall and evidence precision."""

    dataset = DATASET

    def __init__(self) -> None:
        self.recall = Tally()
        self.precision = Tally()
        self.by_type: dict[str, Tally] = {}
        self.examples = Examples()

    def add(self, record: dict, prediction: dict | None) -> None:
        rid, text = record["id"], record["text"]
        gold = [e for e in record["gold"].get("events") or [] if isinstance(e, dict)]
        pred = reported_events(prediction)

        for event in gold:
            acled, span = event.get("acled_type"), _trigger(event)
            if acled is None or span is None:
                continue
            ok = any(p.get("event_type") == acled and _hits(p, span) for p in pred)
            self.by_type.setdefault(acled, Tally()).add(ok)
            if not self.recall.add(ok) and prediction is not None:
                word = text[span[0] : span[1]]
                self.examples.miss(rid, "recall", f"{acled} at {word!r} {span}")

        relevant = [
            span
            for e in gold
            if str(e.get("type") or "").startswith(CONFLICT_PREFIXES)
            and (span := _trigger(e)) is not None
        ]
        for p in pred:
            if not self.precision.add(any(_hits(p, span) for span in relevant)):
                shown = [text[s:e][:60] for s, e in evidence_spans(p)] or "no short evidence"
                self.examples.miss(rid, "precision", f"{p.get('event_type')} from {shown}")

    def result(self) -> dict[str, Any]:
        return {
            "metrics": {
                "recall": self.recall.as_dict(),
                "precision": self.precision.as_dict(),
                "f1": f1(self.precision, self.recall),
                "recall_by_type": {k: t.as_dict() for k, t in sorted(self.by_type.items())},
            },
            "examples": self.examples.items,
        }
