"""Check the scorers on the shared development gold: perfect answers must score 1.0.

Predictions here are built straight from gold, so any score below 1.0 where the
rules say the answer is recoverable points at a scorer bug, not at Rasid. The
data lives outside the project and is never copied in; without it these skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.evaluation import evaluate, load_gold

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
FILES = ("ucdp-ged-iraq", "wikievents", "polnear", "re3d", "muc4")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not SHARED_EVAL.is_dir(),
        reason=f"shared development gold not found at {SHARED_EVAL}",
    ),
]


def gold_file(name: str) -> Path:
    path = SHARED_EVAL / f"{name}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    return path


def reported(event_type, **extra):
    return {"event_type": event_type, "modality": "reported", **extra}


@pytest.mark.parametrize("name", FILES)
def test_dev_gold_loads(name):
    records = load_gold(gold_file(name))
    assert records and all(r["dataset"] == name for r in records)


def test_ucdp_perfect_predictions():
    path = gold_file("ucdp-ged-iraq")
    gold = load_gold(path)
    preds = []
    for record in gold:
        events = []
        for g in record["gold"]["events"]:
            loc = g["location"] or {}
            events.append(
                reported(
                    # UCDP leaves acled_type null for bombings.
                    g["acled_type"] or "Explosions/Remote violence",
                    date={"start": g["date_start"]},
                    fatalities={"total": (g["fatalities"] or {}).get("total")},
                    location={
                        "admin1": loc.get("admin1"),
                        "lat": loc.get("lat"),
                        "lon": loc.get("lon"),
                    },
                )
            )
        preds.append({"id": record["id"], "events": events, "statements": []})
    m = evaluate(path, preds)["datasets"]["ucdp-ged-iraq"]["metrics"]
    for name in ("detection", "fatalities", "date", "type"):
        assert m[name]["score"] == 1.0, (name, m[name])
    assert m["detection"]["n"] == len(gold)

    # Geocoding: a record in the denominator can only be right when some named
    # gold place has an admin1 (for admin1) or precision <= 3 (for distance).
    def named(record):
        return [e for e in record["gold"]["events"] if e["text_checks"]["location_name_in_text"]]

    scorable = [r for r in gold if named(r)]
    with_admin1 = [r for r in scorable if any(e["location"]["admin1"] for e in named(r))]
    precise = [r for r in scorable if any(e["location"]["precision"] <= 3 for e in named(r))]
    assert m["admin1"]["n"] == m["distance_50km"]["n"] == len(scorable)
    assert m["admin1"]["correct"] == len(with_admin1)
    assert m["distance_50km"]["correct"] == len(precise)


def test_wikievents_perfect_predictions():
    path = gold_file("wikievents")
    preds = []
    for record in load_gold(path):
        events = [
            reported(g["acled_type"], evidence=[dict(g["trigger"])])
            for g in record["gold"]["events"]
            if g["acled_type"] and g["trigger"]
        ]
        preds.append({"id": record["id"], "events": events, "statements": []})
    m = evaluate(path, preds)["datasets"]["wikievents"]["metrics"]
    assert m["recall"]["score"] == 1.0
    assert m["precision"]["score"] == 1.0
    assert all(t["score"] == 1.0 for t in m["recall_by_type"].values())


def test_polnear_perfect_predictions():
    path = gold_file("polnear")
    preds = []
    for record in load_gold(path):
        statements = [
            {"speaker": {"name": q["speaker"]}, "start": q["start"], "end": q["end"]}
            for q in record["gold"]["quotes"] or []
        ]
        preds.append({"id": record["id"], "events": [], "statements": statements})
    m = evaluate(path, preds)["datasets"]["polnear"]["metrics"]
    for name in ("recall", "precision", "speaker_accuracy"):
        assert m[name]["score"] == 1.0, (name, m[name])
    assert all(k["score"] == 1.0 for k in m["recall_by_kind"].values())


@pytest.mark.parametrize("name", ("re3d", "muc4"))
def test_unscored_datasets_are_counted(name):
    path = gold_file(name)
    report = evaluate(path, [])
    entry = report["datasets"][name]
    assert entry["scored"] is False
    assert entry["n_records"] == entry["missing_predictions"] == len(load_gold(path))
