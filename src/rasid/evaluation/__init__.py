"""Score Rasid's output against gold data, so changes are judged by numbers.

``evaluate(gold_path, predictions)`` matches result dicts (the output contract)
to gold records by ``id`` and scores each record with its dataset's rules
(UCDP GED Iraq, WikiEvents, PolNeAR); ``format_report`` renders the report.
Only ``events`` with modality reported/claimed count; ``mentions`` never do.
"""

from rasid.evaluation.baseline import keyword_baseline
from rasid.evaluation.fusion import evaluate_fusion, format_fusion_report
from rasid.evaluation.gold import load_gold, read_predictions
from rasid.evaluation.report import format_report, report_json
from rasid.evaluation.runner import SCORERS, evaluate

__all__ = [
    "SCORERS",
    "evaluate",
    "evaluate_fusion",
    "format_fusion_report",
    "format_report",
    "keyword_baseline",
    "load_gold",
    "read_predictions",
    "report_json",
]
