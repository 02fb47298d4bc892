"""Document-level scoring of real articles: one event per incident, duplicates are false."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.evaluation import evaluate, format_report
from rasid.evaluation.realnews import match_one_to_one, same_incident

GOLD = Path(__file__).parent / "data" / "eval" / "realnews.jsonl"


def event(event_type="Violence against civilians", day="2024-05-10", name="Kadisau",
          lat=12.3, lon=6.2, total=None, modality="reported", evidence=()):  # fmt: skip
    return {
        "event_type": event_type,
        "modality": modality,
        "date": {"start": day, "end": day},
        "location": {"name": name, "lat": lat, "lon": lon},
        "fatalities": None if total is None else {"total": total},
        "evidence": [{"start": s, "end": e, "text": ""} for s, e in evidence],
    }


def result(rid, *events):
    return {"id": rid, "events": list(events), "statements": []}


def metrics(*wire_events, analysis=()):
    preds = [result("realnews:wire-1", *wire_events), result("realnews:analysis-1", *analysis)]
    return evaluate(GOLD, preds)["datasets"]["realnews"]["metrics"]


def score(metric):
    return metric["correct"], metric["n"]


def test_the_incident_found_once_is_precise_and_complete():
    m = metrics(event(total=12))
    assert score(m["precision"]) == (1, 1)
    assert score(m["recall"]) == (1, 1)
    assert score(m["fatalities_coded_over_gold"]) == (12, 12)


def test_a_second_event_for_the_same_incident_is_a_false_duplicate():
    m = metrics(event(total=12), event(day="2024-05-11", total=12))
    assert score(m["precision"]) == (1, 2)
    assert score(m["duplicate_share"]) == (1, 1)
    # the store would add both tolls up: the ratio shows it
    assert m["fatalities_coded_over_gold"]["score"] == 2.0


def test_an_event_for_an_optional_context_incident_is_neither_right_nor_wrong():
    m = metrics(event(total=12), event(day="2024-05-04", name="Dansadau", lat=11.75, lon=6.3))
    assert score(m["precision"]) == (1, 1)


@pytest.mark.parametrize(
    ("pred", "found"),
    [
        (event(), True),
        (event(day="2024-05-11"), True),  # a day either side
        (event(day="2024-05-12"), False),
        (event(event_type="Battles"), False),
        (event(name="Kadisau village", lat=None, lon=None), True),  # the name, without a point
        (event(name="Gusau", lat=12.17, lon=6.66), False),  # about 50 km away
        (event(name="Zamfara", lat=12.3, lon=6.4), True),  # within 40 km
        (event(modality="hypothetical"), False),
    ],
)
def test_what_finds_the_incident(pred, found):
    assert score(metrics(pred)["recall"]) == (int(found), 1)


def test_events_from_an_analysis_piece_count_against_precision_by_genre():
    m = metrics(event(total=12), analysis=[event(day="2024-05-11", name="Sahel")])
    assert score(m["genre analysis"]["precision"]) == (0, 1)
    assert score(m["genre wire"]["precision"]) == (1, 1)


def test_a_false_event_whose_evidence_holds_the_incidents_trigger_is_a_duplicate():
    other_type = event(event_type="Battles", evidence=[(56, 120)])
    m = metrics(event(total=12), other_type)
    assert score(m["duplicate_share"]) == (1, 1)


def test_required_incidents_win_the_only_event_that_fits_both():
    gold = [{"required": False, "type": "X"}, {"required": True, "type": "X"}]
    preds = [{"event_type": "X"}]
    assert match_one_to_one(preds, gold, lambda p, g: True) == {1: 0}


def test_same_incident_needs_no_place_when_the_text_names_none():
    gold = {"type": "Battles", "date_start": "2024-05-10", "date_end": None, "location": None}
    assert same_incident(event(event_type="Battles", name=None, lat=None, lon=None), gold)


def test_the_report_shows_the_document_level_rows():
    text = format_report(evaluate(GOLD, [result("realnews:wire-1", event(total=12))]))
    for row in ("precision", "recall", "duplicate_share", "fatalities_coded_over_gold"):
        assert row in text


def test_the_report_ends_with_the_headline_scores():
    preds = [result("realnews:wire-1", event(total=12), event(day="2024-05-12"))]
    last = format_report(evaluate(GOLD, preds)).splitlines()[-1]
    assert last.startswith("  realnews: precision 0.500, recall 1.000")
