"""The output contract's JSON Schema accepts real results and names what is wrong."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from jsonschema import Draft202012Validator

from rasid.records import (
    Actor,
    Article,
    ArticleResult,
    Attribution,
    Count,
    DateMention,
    Event,
    Evidence,
    Failure,
    Figure,
    PlaceMention,
    Speaker,
    Statement,
)
from rasid.schema import SCHEMA, ResultSchemaError, validate_result

TEXT = 'Gunmen killed 4 soldiers in Tikrit on Monday. "We will win," the governor told Reuters.'


def valid_result() -> dict:
    """A full result written by hand, every field filled once."""
    return {
        "id": "doc-1",
        "article": {
            "id": "doc-1",
            "title": "Attack in Tikrit",
            "source": "Test Wire",
            "url": None,
            "published": "2024-12-03",
            "language": "en",
        },
        "events": [
            {
                "event_id": "doc-1#1",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "plover_type": "FIGHT",
                "date": {
                    "start": "2024-12-02",
                    "end": "2024-12-02",
                    "precision": 1,
                    "text": "on Monday",
                    "offset_start": 35,
                    "offset_end": 44,
                },
                "actor1": {
                    "name": "Unidentified Armed Group",
                    "type": "political militia",
                    "country": None,
                    "text": "Gunmen",
                    "start": 0,
                    "end": 6,
                },
                "actor2": None,
                "assoc_actors": [],
                "location": {
                    "name": "Tikrit",
                    "admin1": "Salah ad Din",
                    "admin2": None,
                    "country": "IQ",
                    "lat": 34.6,
                    "lon": 43.68,
                    "precision": 1,
                    "geonames_id": 89933,
                    "text": "Tikrit",
                    "start": 28,
                    "end": 34,
                },
                "places": [],
                "fatalities": {
                    "total": 4,
                    "low": 4,
                    "high": 4,
                    "qualifier": "exact",
                    "text": "4",
                    "start": 14,
                    "end": 15,
                },
                "counts": [
                    {
                        "count": None,
                        "kind": "wounded",
                        "object": None,
                        "low": None,
                        "high": None,
                        "qualifier": "unknown",
                        "text": None,
                        "start": None,
                        "end": None,
                    }
                ],
                "modality": "reported",
                "attribution": None,
                "confidence": 0.8,
                "evidence": [{"start": 0, "end": 45, "text": TEXT[:45]}],
                "trigger": {"start": 7, "end": 13, "text": "killed"},
                "summary": "Gunmen killed 4 soldiers in Tikrit.",
            }
        ],
        "mentions": [],
        "statements": [
            {
                "speaker": {
                    "name": None,
                    "role": "governor",
                    "organization": None,
                    "start": 67,
                    "end": 79,
                },
                "quote": '"We will win,"',
                "start": 47,
                "end": 61,
                "kind": "direct",
                "outlet": "Reuters",
                "cue": "told",
            }
        ],
        "figures": [],
        "errors": [{"code": "bad_value", "message": "odd date", "input": "doc-1"}],
    }


def test_schema_is_valid_draft_2020_12():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def test_valid_results_pass():
    result = valid_result()
    validate_result(result)
    result["mentions"] = [dict(result["events"][0], modality="hypothetical")]
    result["events"][0]["extra_field"] = {"anything": True}  # extra keys are allowed
    del result["mentions"][0]["trigger"]  # optional extras
    validate_result(result)
    minimal = {"id": "x", "article": valid_result()["article"], "events": [], "statements": []}
    validate_result({**minimal, "figures": [], "errors": [{"code": "empty", "message": "no text"}]})


def test_records_to_dict_follow_the_schema():
    """The dataclasses in rasid.records serialise to a schema-valid result."""
    span = Evidence(0, 6, "Gunmen")
    event = Event(
        event_id="e1",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        plover_type="ASSAULT",
        date=DateMention(dt.date(2024, 12, 2), dt.date(2024, 12, 2), 1, "on Monday", 35, 44),
        actor1=Actor("Gunmen", None, None, "Gunmen", 0, 6),
        actor2=None,
        assoc_actors=(),
        location=PlaceMention("Tikrit", 28, 34, admin1="Salah ad Din", country="IQ"),
        places=(PlaceMention("Tikrit", 28, 34),),
        fatalities=Count("fatalities", 4, 4, 4, "exact", "7", 14, 15, shared_by=2),
        counts=(Count("wounded", 2, 2, 2, "exact", "two", 20, 23),),
        modality="reported",
        attribution=Attribution("the governor", None, "Reuters", 63, 75),
        confidence=0.7,
        evidence=(span,),
        trigger=span,
        summary="Gunmen attacked civilians in Tikrit.",
    )
    result = ArticleResult(
        article=Article("doc-2", TEXT, published=dt.date(2024, 12, 3)),
        events=(event,),
        statements=(
            Statement(Speaker(None, None, None, None, None), "x", 0, 1, "indirect", None, None),
        ),
        figures=(Figure(None, "operations", 341, None, None, "exact", "2024", "341", 0, 3),),
        mentions=(event,),
        errors=(Failure("doc-2", "empty", "no text"),),
    )
    validate_result(result.to_dict())
    assert result.to_dict()["events"][0]["fatalities"]["shared_by"] == 2
    shared = result.to_dict()
    shared["events"][0]["fatalities"]["shared_by"] = 1  # one place shares nothing
    with pytest.raises(ResultSchemaError, match="shared_by"):
        validate_result(shared)


def _break(path, value):
    """A copy of the valid result with one value replaced (path of keys/indices)."""
    result = valid_result()
    target = result
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return result


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("events", 0, "modality"), "maybe", "events[0].modality"),
        (("events", 0, "date", "precision"), 4, "events[0].date.precision"),
        (("events", 0, "date", "start"), "2 Dec 2024", "events[0].date.start"),
        (("events", 0, "event_type"), "Shooting", "events[0].event_type"),
        (("events", 0, "sub_event_type"), "Suicide bomb", "events[0].sub_event_type"),
        (("events", 0, "fatalities", "qualifier"), "roughly", "events[0].fatalities.qualifier"),
        (("events", 0, "fatalities", "total"), "four", "events[0].fatalities.total"),
        (("events", 0, "counts", 0, "kind"), "fatalities", "events[0].counts[0].kind"),
        (("events", 0, "location", "precision"), 5, "events[0].location.precision"),
        (("events", 0, "location", "country"), "Iraq", "events[0].location.country"),
        (("events", 0, "confidence"), 1.5, "events[0].confidence"),
        (("events", 0, "evidence", 0, "start"), -1, "events[0].evidence[0].start"),
        (("events", 0, "summary"), KeyError, "events[0]"),
        (("statements", 0, "kind"), "mixed", "statements[0].kind"),
        (("errors", 0, "input"), 3, "errors[0].input"),
        (("article", "published"), "yesterday", "article.published"),
        (("figures",), KeyError, "(top level)"),
    ],
)
def test_invalid_results_name_the_problem(path, value, where):
    with pytest.raises(ResultSchemaError) as err:
        validate_result(_break(path, value))
    assert f"{where}:" in str(err.value)
    assert "'doc-1'" in str(err.value)  # names the result
    assert err.value.problems


def test_mentions_use_the_event_schema():
    result = valid_result()
    bad = copy.deepcopy(result["events"][0])
    bad["modality"] = "rumoured"
    result["mentions"] = [bad]
    with pytest.raises(ResultSchemaError, match=r"mentions\[0\]\.modality"):
        validate_result(result)


def test_non_objects_are_refused():
    with pytest.raises(ResultSchemaError, match="not of type 'object'"):
        validate_result([])
