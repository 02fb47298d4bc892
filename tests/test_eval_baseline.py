"""The keyword baseline: contract-shaped, rule-following, and beatable."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.evaluation import evaluate, keyword_baseline, load_gold
from rasid.schema import validate_result

DATA = Path(__file__).parent / "data" / "eval"


def run(text, published="2015-06-01"):
    return keyword_baseline({"id": "t:1", "text": text, "published": published})


def only_event(text):
    (event,) = run(text)["events"]
    return event


def test_bombing_with_toll_after_the_verb():
    text = "Suicide bomber kills 23 Iraqi army recruits"
    event = only_event(text)
    assert (event["event_type"], event["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Suicide bomb",
    )
    assert event["fatalities"]["total"] == 23
    assert text[event["fatalities"]["start"] : event["fatalities"]["end"]] == "23"
    assert [e["text"] for e in event["evidence"]] == ["bomber", "kills"]
    for ev in event["evidence"]:
        assert text[ev["start"] : ev["end"]] == ev["text"]
    assert event["date"]["start"] == "2015-06-01" and event["date"]["precision"] == 1
    assert event["modality"] == "reported"


@pytest.mark.parametrize(
    ("text", "event_type", "sub", "toll"),
    [
        ("39 killed in clashes north of Baghdad", "Battles", "Armed clash", 39),
        ("Gunmen killed 5 civilians in Diyala", "Violence against civilians", "Attack", 5),
        ("Five Iraqi soldiers were killed", "Battles", "Armed clash", None),  # words, not digits
        ("Roadside blast hits patrol", "Explosions/Remote violence", None, None),
        ("Police arrested 3 suspects in Basra", "Strategic developments", "Arrests", None),
        ("In 2014 militants killed soldiers", "Battles", "Armed clash", None),  # a year
    ],
)
def test_keyword_rules(text, event_type, sub, toll):
    event = only_event(text)
    assert event["event_type"] == event_type
    if sub:
        assert event["sub_event_type"] == sub
    assert (event["fatalities"] or {}).get("total") == toll


def test_one_event_per_sentence_and_none_without_keywords():
    result = run("A car bomb exploded. Police arrested two men.\nThe weather was fine.")
    assert [e["event_type"] for e in result["events"]] == [
        "Explosions/Remote violence",
        "Strategic developments",
    ]
    assert run("The minister opened a school.")["events"] == []
    assert run("Clashes erupted", published=None)["events"] == []


def test_output_follows_the_contract():
    result = run("A bomb killed 12 people in Mosul on Monday. 40 were arrested.")
    validate_result(result)
    assert result["article"]["published"] == "2015-06-01"
    assert keyword_baseline({"id": "t:2", "text": None})["errors"][0]["code"] == "bad_value"
    validate_result(keyword_baseline({"id": "t:2", "text": None}))
    validate_result(run("Gunmen killed 5", published=None))


def test_baseline_runs_through_evaluate_and_is_not_perfect():
    gold = DATA / "ucdp.jsonl"
    report = evaluate(gold, [keyword_baseline(r) for r in load_gold(gold)])
    m = report["datasets"]["ucdp-ged-iraq"]["metrics"]
    assert report["missing_predictions"] == 0
    assert m["detection"]["correct"] == 3  # t4 "clash" and t5 "execute" have no keyword
    assert m["fatalities"]["correct"] == 2  # "kill 7", "kill 12"
    assert m["admin1"]["correct"] == 0  # no geocoding at all
