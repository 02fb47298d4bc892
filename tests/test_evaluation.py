"""Scoring rules of rasid.evaluation on small hand-written gold fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasid.distance import haversine_km
from rasid.errors import EvaluationError
from rasid.evaluation import evaluate, format_report, load_gold, read_predictions, report_json
from rasid.evaluation.geo import governorate, same_admin1
from rasid.evaluation.quotes import names_match, saying_cue

DATA = Path(__file__).parent / "data" / "eval"
UCDP, WIKI, POLNEAR, MIXED = (
    DATA / f"{n}.jsonl" for n in ("ucdp", "wikievents", "polnear", "mixed")
)


def event(
    event_type="Battles",
    *,
    modality="reported",
    date=None,
    total=None,
    admin1=None,
    lat=None,
    lon=None,
    evidence=(),
):
    """A minimal predicted event: scorers read only these fields."""
    return {
        "event_type": event_type,
        "modality": modality,
        "date": {"start": date, "end": date, "precision": 1 if date else None, "text": None},
        "fatalities": None if total is None else {"total": total},
        "location": {"admin1": admin1, "lat": lat, "lon": lon},
        "evidence": [{"start": s, "end": e, "text": ""} for s, e in evidence],
    }


def result(rid, events=(), statements=(), mentions=()):
    return {
        "id": rid,
        "events": list(events),
        "mentions": list(mentions),
        "statements": list(statements),
        "figures": [],
        "errors": [],
    }


def metrics(report, dataset):
    return report["datasets"][dataset]["metrics"]


def counts(metric):
    return metric["correct"], metric["n"]


# --- UCDP -------------------------------------------------------------------


def perfect_ucdp(record):
    """One reported event per gold event, copied from gold."""
    events = []
    for g in record["gold"]["events"]:
        loc = g["location"] or {}
        events.append(
            event(
                g["acled_type"] or "Explosions/Remote violence",
                date=g["date_start"],
                total=g["fatalities"]["total"],
                admin1=loc.get("admin1"),
                lat=loc.get("lat"),
                lon=loc.get("lon"),
            )
        )
    return result(record["id"], events)


def test_ucdp_perfect_predictions_and_denominators():
    report = evaluate(UCDP, [perfect_ucdp(r) for r in load_gold(UCDP)])
    m = metrics(report, "ucdp-ged-iraq")
    assert counts(m["detection"]) == (5, 5)
    # t1 (digits) and t2 (sum 12 in notes); t3 has two lines, t4/t5 numbers not in text.
    assert counts(m["fatalities"]) == (2, 2)
    # t3's gold date has precision 2.
    assert counts(m["date"]) == (4, 4)
    # t2 has null acled types (bombing), t5 mixes two types.
    assert counts(m["type"]) == (3, 3)
    # t4's place ("Northern Iraq") has no admin1 and precision 5: in the denominator, never right.
    assert counts(m["admin1"]) == (3, 4)
    assert counts(m["distance_50km"]) == (3, 4)
    assert m["detection"]["score"] == 1.0
    assert report["missing_predictions"] == 0
    # ... and the report says so: perfect predictions reach the ceiling, not 1.0.
    assert (m["admin1"]["unscoreable"], m["admin1"]["ceiling"]) == (1, 0.75)
    assert "unscoreable" not in m["detection"]
    assert "admin1: 1 of 4 cannot be right" in format_report(report)


def test_ucdp_rules_on_one_record():
    rid = "ucdp-ged-iraq:t1"
    preds = [
        result(
            rid,
            [
                # 1 day off, admin1 spelled differently, ~33 km from Tikrit.
                event(
                    date="2015-03-02", total=7, admin1="Salahuddin Governorate", lat=34.9, lon=43.68
                ),
                event("Battles", date="2015-03-02", total=None),  # null toll counts 0
                event("Battles", modality="planned", total=5),  # not reported: ignored
            ],
        )
    ]
    m = metrics(evaluate(UCDP, preds), "ucdp-ged-iraq")
    for name in ("detection", "fatalities", "date", "type", "admin1", "distance_50km"):
        assert m[name]["correct"] == 1, name


def test_ucdp_misses():
    rid = "ucdp-ged-iraq:t1"
    preds = [
        result(
            rid,
            [
                event(
                    "Violence against civilians", date="2015-03-03", total=6, lat=35.2, lon=43.68
                ),
                event("Battles", admin1="Anbar", total=0),
            ],
        )
    ]
    report = evaluate(UCDP, preds)
    m = metrics(report, "ucdp-ged-iraq")
    assert m["detection"]["correct"] == 1
    assert m["fatalities"]["correct"] == 0  # 6 + 0 != 7
    assert m["date"]["correct"] == 0  # two days off
    assert m["type"]["correct"] == 0  # the FIRST reported event decides
    assert m["admin1"]["correct"] == 0
    assert m["distance_50km"]["correct"] == 0  # about 67 km away
    assert report["missing_predictions"] == 4
    examples = report["datasets"]["ucdp-ged-iraq"]["examples"]
    assert {"id", "metric", "reason", "text"} <= set(examples[0])
    assert all(ex["id"] == rid for ex in examples)  # missing records are listed apart
    assert report["datasets"]["ucdp-ged-iraq"]["missing_ids"][0] == "ucdp-ged-iraq:t2"
    assert "ucdp-ged-iraq:t2" in format_report(report)


def test_mentions_and_unreported_events_never_count():
    rid = "ucdp-ged-iraq:t1"
    preds = [
        result(
            rid,
            [event("Battles", modality="historical"), event("Battles", modality="denied")],
            mentions=[event("Battles", date="2015-03-01", total=7)],
        )
    ]
    m = metrics(evaluate(UCDP, preds), "ucdp-ged-iraq")
    assert m["detection"]["correct"] == 0
    assert m["fatalities"]["correct"] == 0


def test_claimed_events_count():
    preds = [result("ucdp-ged-iraq:t1", [event("Battles", modality="claimed", total=7)])]
    m = metrics(evaluate(UCDP, preds), "ucdp-ged-iraq")
    assert m["detection"]["correct"] == 1
    assert m["fatalities"]["correct"] == 1


# --- WikiEvents -------------------------------------------------------------


def _span(text, word):
    start = text.index(word)
    return start, start + len(word)


def test_wikievents_recall_precision_f1():
    (record,) = load_gold(WIKI)
    text = record["text"]
    preds = [
        result(
            record["id"],
            [
                event("Explosions/Remote violence", evidence=[_span(text, "car bomb exploded")]),
                event("Battles", evidence=[_span(text, "killing four")]),  # Life.Die: relevant
                event("Strategic developments", evidence=[_span(text, "said")]),  # Contact: not
                event(
                    "Strategic developments", modality="planned", evidence=[_span(text, "arrested")]
                ),
            ],
            mentions=[event("Strategic developments", evidence=[_span(text, "arrested")])],
        )
    ]
    m = metrics(evaluate(WIKI, preds), "wikievents")
    assert counts(m["recall"]) == (1, 2)
    assert counts(m["precision"]) == (2, 3)
    assert m["f1"]["score"] == pytest.approx(4 / 7, abs=1e-4)
    assert counts(m["recall_by_type"]["Explosions/Remote violence"]) == (1, 1)
    assert counts(m["recall_by_type"]["Strategic developments"]) == (0, 1)


def test_wikievents_needs_right_type_and_short_evidence(tmp_path):
    text = "x" * 600 + " A bomb exploded."
    start = text.index("exploded")
    gold = {
        "id": "wikievents:long",
        "dataset": "wikievents",
        "text": text,
        "gold": {
            "events": [
                {
                    "type": "Conflict.Attack.DetonateExplode.Unspecified",
                    "acled_type": "Explosions/Remote violence",
                    "trigger": {"text": "exploded", "start": start, "end": start + 8},
                }
            ],
            "quotes": None,
        },
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")

    def score(*events):
        m = metrics(evaluate(path, [result("wikievents:long", events)]), "wikievents")
        return counts(m["recall"]), counts(m["precision"])

    whole = (0, len(text))
    assert score(event("Explosions/Remote violence", evidence=[whole])) == ((0, 1), (0, 1))
    short = (start - 5, start + 8)
    assert score(event("Explosions/Remote violence", evidence=[whole, short])) == ((1, 1), (1, 1))
    assert score(event("Battles", evidence=[short])) == ((0, 1), (1, 1))


# --- PolNeAR ----------------------------------------------------------------


def statement(text, piece, speaker, *, start=None, end=None):
    if start is None:
        start = text.index(piece)
        end = start + len(piece)
    return {
        "speaker": {"name": speaker},
        "quote": text[start:end],
        "start": start,
        "end": end,
        "kind": "direct",
    }


def test_polnear_recall_precision_speaker():
    (record,) = load_gold(POLNEAR)
    text = record["text"]
    statements = [
        statement(text, '"We will win this state,"', "Hillary Clinton"),
        statement(text, "that the polls were wrong", "Trump"),
        statement(text, '"is stronger than ever"', "He"),  # < half of the mixed quote
        statement(text, '"The numbers," Smith said, "are on our side."', "John Smith"),
        statement(text, "the debate was decisive", "Some"),  # gold has no speaker
        statement(text, "Clinton wins praise", "Clinton"),  # not a quote
    ]
    m = metrics(evaluate(POLNEAR, [result(record["id"], statements=statements)]), "polnear")
    assert counts(m["recall"]) == (4, 6)
    assert counts(m["recall_by_kind"]["direct"]) == (2, 2)
    assert counts(m["recall_by_kind"]["indirect"]) == (2, 3)
    assert counts(m["recall_by_kind"]["mixed"]) == (0, 1)
    # named source and a saying or believing cue: "adding that" found, "believe" missed
    assert counts(m["reported_speech_recall"]) == (1, 2)
    assert counts(m["precision"]) == (5, 6)
    assert counts(m["speaker_accuracy"]) == (2, 3)


def test_polnear_content_spans_and_resolved_speaker():
    (record,) = load_gold(POLNEAR)
    text = record["text"]
    mixed = 'the campaign "is stronger than ever" and that "nothing will stop us."'
    statements = [
        statement(text, '"The numbers,"', "Smith"),  # 14 of 32 content characters
        statement(text, mixed, "Clinton"),  # gold speaker "He", resolved "Hillary Clinton"
    ]
    m = metrics(evaluate(POLNEAR, [result(record["id"], statements=statements)]), "polnear")
    assert counts(m["recall"]) == (1, 6)
    assert counts(m["speaker_accuracy"]) == (1, 1)
    statements = [statement(text, '"are on our side."', "Smith")]  # 18 of 32
    m = metrics(evaluate(POLNEAR, [result(record["id"], statements=statements)]), "polnear")
    assert counts(m["recall_by_kind"]["direct"]) == (1, 2)


@pytest.mark.parametrize(
    ("cue", "counted"),
    [
        ("said", True),
        ("According to", True),
        ("has said", True),
        ("also warned", True),
        ("adding that", True),
        ("believes", True),
        ("admitted", True),
        ("criticized", False),  # an act, not speech
        ("voted for", False),
        ("claimed responsibility for", False),
        ("believe in", False),
        ("did not respond to", False),
        (":", False),
        (None, False),
    ],
)
def test_reported_speech_cues(cue, counted):
    assert saying_cue(cue) is counted


@pytest.mark.parametrize(
    ("predicted", "gold", "ok"),
    [
        ("Trump", "Donald Trump", True),
        ("Donald J. Trump", "Trump", True),
        ("TRUMP", "trump", True),
        ("Trump's campaign", "the campaign", True),
        ("Clinton", "Donald Trump", False),
        (None, "Trump", False),
        ("", "Trump", False),
    ],
)
def test_names_match(predicted, gold, ok):
    assert names_match(predicted, gold) is ok


# --- geography --------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Şalāḩ ad Dīn province", "Salahuddin"),
        ("Salah al-Din Governorate", "Saladin"),
        ("Nīnawá province", "Nineveh Governorate"),
        ("Al Anbār province", "Anbar"),
        ("Arbīl province", "Hawler"),
        ("Kirkūk province", "At-Ta'mim"),
        ("Karbalā’ province", "Karbala"),
        ("Al Başrah  province", "Basrah"),
        ("As Sulaymaniyah", "Sulaimaniya"),
        ("Dahūk province", "Duhok"),
        ("Al-Qadisiyyah", "Diwaniyah"),
        ("Dhī Qār province", "Thi Qar"),
        ("Muhafazat Maysan", "Missan"),
    ],
)
def test_same_governorate(a, b):
    assert same_admin1(a, b)


def test_different_or_unknown_governorates():
    assert not same_admin1("Baghdād province", "Nineveh")
    assert not same_admin1(None, None)
    assert not same_admin1("", "Baghdad")
    assert governorate("Aleppo Governorate") == "aleppo"  # unknown names still compare
    assert same_admin1("Aleppo Governorate", "aleppo")


def test_haversine():
    assert haversine_km(33.34, 44.4, 33.34, 44.4) == 0
    assert haversine_km(33.34, 44.4, 36.34, 43.13) == pytest.approx(350, abs=10)


# --- runner, loader, report ---------------------------------------------------


def test_mixed_file_dispatches_and_reports_not_scored():
    preds = [perfect_ucdp(load_gold(UCDP)[0]), result("nowhere:1")]
    report = evaluate(MIXED, preds)
    assert list(report["datasets"]) == ["ucdp-ged-iraq", "polnear", "re3d"]
    assert report["n_records"] == 3
    assert report["n_predictions"] == 2
    assert report["missing_predictions"] == 2
    assert report["unmatched_predictions"] == 1
    re3d = report["datasets"]["re3d"]
    assert re3d["scored"] is False and re3d["n_records"] == 1
    polnear = report["datasets"]["polnear"]
    assert polnear["missing_predictions"] == 1
    assert counts(polnear["metrics"]["recall"]) == (0, 6)
    table = format_report(report)
    assert "not scored" in table and "re3d" in table
    assert "recall_by_kind: direct" in table
    assert json.loads(report_json(report)) == report


def test_format_report_aligns_columns():
    report = evaluate(UCDP, [perfect_ucdp(r) for r in load_gold(UCDP)])
    lines = format_report(report).splitlines()
    rows = [line for line in lines if line.strip().startswith(("detection", "distance_50km"))]
    assert len(rows) == 2
    assert len({len(row) for row in rows}) == 1  # right-aligned numbers end together


def test_duplicate_prediction_ids_are_refused():
    with pytest.raises(EvaluationError, match="duplicate prediction id"):
        evaluate(UCDP, [result("ucdp-ged-iraq:t1"), result("ucdp-ged-iraq:t1")])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"id": "x:1", "dataset": "x", "gold": {}}', "'text'"),
        ('{"id": "x:1", "dataset": "x", "text": "abc"}', "'gold'"),
        (
            '{"id": "x:1", "dataset": "x", "text": "abc", '
            '"gold": {"events": [{"trigger": {"start": 2, "end": 9}}]}}',
            "trigger",
        ),
        (
            '{"id": "x:1", "dataset": "x", "text": "abc", '
            '"gold": {"quotes": [{"start": 0, "end": 2, "content_spans": [[0, 7]]}]}}',
            "content_spans",
        ),
    ],
)
def test_bad_gold_lines_name_file_and_line(tmp_path, line, message):
    good = json.dumps({"id": "x:0", "dataset": "x", "text": "t", "gold": {}})
    path = tmp_path / "gold.jsonl"
    path.write_text(good + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=message) as err:
        load_gold(path)
    assert f"{path}:3" in str(err.value)


def test_duplicate_gold_ids_and_empty_files(tmp_path):
    line = json.dumps({"id": "x:0", "dataset": "x", "text": "t", "gold": {}})
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="duplicate id 'x:0' \\(first on line 1\\)"):
        load_gold(path)
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="no gold records"):
        load_gold(path)
    with pytest.raises(EvaluationError, match="cannot open"):
        load_gold(tmp_path / "absent.jsonl")


def test_read_predictions(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(result("a:1")) + "\n" + '{"events": []}\n', encoding="utf-8")
    reader = read_predictions(path)
    assert next(reader)["id"] == "a:1"
    with pytest.raises(EvaluationError, match=":2"):
        next(reader)


@pytest.mark.parametrize(
    ("quote", "scored"),
    [
        ({"speaker": "Donald Trump"}, True),
        ({"speaker": "he", "speaker_resolved": "Donald Trump"}, True),
        ({"speaker": "he"}, False),  # a bare pronoun names nobody
        ({"speaker": "who"}, False),
        ({"speaker": None}, False),
        ({"speaker": "the campaign"}, True),
    ],
)
def test_speaker_accuracy_counts_named_speakers_only(quote, scored):
    from rasid.evaluation.quotes import named_speaker

    assert named_speaker(quote) is scored
