"""Match predictions to gold records by id and dispatch them to per-dataset scorers.

A gold file may mix datasets; each record goes to the scorer for its own
``dataset`` field. A gold record without a prediction is scored as a miss
(every metric it belongs to counts it wrong) and counted, so a crash that
drops articles cannot raise a score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from rasid.evaluation.gold import index_predictions, load_gold
from rasid.evaluation.quotes import QuoteScorer
from rasid.evaluation.realnews import RealNewsScorer
from rasid.evaluation.ucdp import UcdpScorer
from rasid.evaluation.wikievents import WikiEventsScorer


class Scorer(Protocol):
    dataset: str

    def add(self, record: dict, prediction: dict | None) -> None: ...

    def result(self) -> dict[str, Any]: ...


# Ids of records without a prediction listed per dataset, to find what crashed.
MISSING_IDS_SHOWN = 5

SCORERS: dict[str, Callable[[], Scorer]] = {
    UcdpScorer.dataset: UcdpScorer,
    WikiEventsScorer.dataset: WikiEventsScorer,
    QuoteScorer.dataset: QuoteScorer,
    RealNewsScorer.dataset: RealNewsScorer,
}


def evaluate(gold_path: str | Path, predictions: Iterable[dict]) -> dict[str, Any]:
    """Score result dicts (the output contract) against a gold JSONL file.

    Returns the report: per dataset ``n_records``, ``missing_predictions``, the
    first few ``missing_ids`` and, for scored datasets, ``metrics`` (each
    ``{"correct", "n", "score"}``) and a few ``examples`` of misses; datasets
    without a scorer say ``scored: False``.
    """
    gold = load_gold(gold_path)
    by_id = index_predictions(predictions)
    scorers: dict[str, Scorer] = {}
    datasets: dict[str, dict[str, Any]] = {}
    for record in gold:
        name = record["dataset"]
        prediction = by_id.get(record["id"])
        entry = datasets.setdefault(
            name, {"n_records": 0, "missing_predictions": 0, "missing_ids": []}
        )
        entry["n_records"] += 1
        if prediction is None:
            entry["missing_predictions"] += 1
            if len(entry["missing_ids"]) < MISSING_IDS_SHOWN:
                entry["missing_ids"].append(record["id"])
        if name in SCORERS:
            if name not in scorers:
                scorers[name] = SCORERS[name]()
            scorers[name].add(record, prediction)

    for name, entry in datasets.items():
        if name in scorers:
            entry.update({"scored": True, **scorers[name].result()})
        else:
            entry.update({"scored": False, "reason": "no scorer for this dataset"})

    gold_ids = {r["id"] for r in gold}
    return {
        "gold": str(gold_path),
        "n_records": len(gold),
        "n_predictions": len(by_id),
        "missing_predictions": sum(e["missing_predictions"] for e in datasets.values()),
        "unmatched_predictions": sum(1 for pid in by_id if pid not in gold_ids),
        "datasets": datasets,
    }
