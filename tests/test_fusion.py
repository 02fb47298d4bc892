"""Cross-article fusion: match/canonical on hand-built sketches, the scorer, the labelled set."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from rasid import fuse
from rasid.evaluation.fusion import align, evaluate_fusion, format_fusion_report, pair_scores
from rasid.fuse import EventSketch
from rasid.records import Actor, Article, Count, DateMention, Event, Evidence, PlaceMention

FUSION_SET = Path(__file__).parent / "data" / "fusion"
D = dt.date(2025, 3, 9)

# Places (coordinates as the gazetteer gives them).
TARMIYAH = {"location": "Tarmiyah", "admin1": "Baghdad", "lat": 33.6744, "lon": 44.3958}
YUSUFIYA = {"location": "Yusufiya", "admin1": "Baghdad", "lat": 33.08, "lon": 44.24}
TIKRIT = {"location": "Tikrit", "admin1": "Salahuddin", "lat": 34.6158, "lon": 43.6786}
HAWIJA = {"location": "Hawija", "admin1": "Kirkuk", "lat": 35.3259, "lon": 43.7727}
KIRKUK = {"location": "Kirkuk", "admin1": "Kirkuk", "lat": 35.4681, "lon": 44.3922}
COUNTRY_ONLY = {"location": "Iraq", "admin1": None, "lat": None, "lon": None}


def sk(key: str, **kw) -> EventSketch:
    """A sketch of an IED on an army patrol in Tarmiyah on D, overridable field by field."""
    place = kw.pop("place", TARMIYAH)
    values = {
        "key": key,
        "article_id": key.split("#")[0],
        "outlet": f"outlet-{key.split('#')[0]}",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Remote explosive/landmine/IED",
        "date_start": D,
        "date_end": D,
        "date_precision": 1,
        "country": "IQ",
        "location_precision": 1 if place.get("lat") is not None else 3,
        "actors": ("Military Forces of Iraq",),
        "fatalities": 2,
        "text": "A roadside bomb struck an army patrol in Tarmiyah, killing two soldiers.",
        "reported": D,
        **place,
    }
    values.update(kw)
    return EventSketch(**values)


def joined(new: EventSketch, *members: EventSketch) -> bool:
    return fuse.match(new, {"c1": list(members)}) == "c1"


MATCH_CASES = {
    "same attack, later higher toll, other words": (
        sk("b#0", fatalities=3, reported=D + dt.timedelta(days=1),
           text="Three Iraqi soldiers were killed when an IED hit their patrol in Tarmiyah."),
        [sk("a#0")],
        True,
    ),
    "same attack, one report has no place but the country": (
        sk("b#0", place=COUNTRY_ONLY, fatalities=3, actors=(),
           text="Three soldiers died when a bomb went off north of Baghdad, the army said."),
        [sk("a#0")],
        True,
    ),
    "same attack, town vs a district 60 km away in the same governorate": (
        sk("b#0", event_type="Strategic developments", sub_event_type="Arrests", fatalities=None,
           actors=("Counter-Terrorism Service", "Islamic State"), place=HAWIJA,
           text="Counter-terrorism forces captured the Islamic State wali of Kirkuk in Hawija."),
        [sk("a#0", event_type="Strategic developments", sub_event_type="Arrests", fatalities=None,
            actors=("Counter-Terrorism Service", "Islamic State"), place=KIRKUK,
            text="The Counter-Terrorism Service arrested the Islamic State wali of Kirkuk.")],
        True,
    ),
    "air strike told as a battle by one outlet": (
        sk("b#0", event_type="Battles", sub_event_type="Armed clash",
           actors=("Iraqi Air Force", "Islamic State"), fatalities=5,
           text="Iraqi F-16 jets struck Islamic State hideouts in Tarmiyah, killing five."),
        [sk("a#0", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
            actors=("Military Forces of Iraq", "Islamic State"), fatalities=7,
            text="An Iraqi air strike on Tarmiyah killed seven members of Daesh.")],
        True,
    ),
    "a day apart (relative date resolved against a later publication date)": (
        sk("b#0", date_start=D + dt.timedelta(days=1), date_end=D + dt.timedelta(days=1),
           text="An IED blast targeted an army patrol in Tarmiyah, killing two soldiers."),
        [sk("a#0")],
        True,
    ),
    "same day, same governorate, other town, other victims": (
        sk("b#0", place=YUSUFIYA, actors=("Civilians",), fatalities=1,
           text="A bomb exploded near a farm in Yusufiya, killing a farmer."),
        [sk("a#0")],
        False,
    ),
    "same day, other governorate": (sk("b#0", place=TIKRIT), [sk("a#0")], False),
    "same article is never merged": (sk("a#1"), [sk("a#0")], False),
    "same kind of attack in the same town a week later": (
        sk("b#0", date_start=D + dt.timedelta(days=7), date_end=D + dt.timedelta(days=7)),
        [sk("a#0")],
        False,
    ),
    "same town and day, other perpetrators and type": (
        sk("b#0", event_type="Battles", sub_event_type="Armed clash",
           actors=("Sinjar Resistance Units",), fatalities=None,
           text="Army troops clashed with Sinjar Resistance Units at a checkpoint."),
        [sk("a#0", sub_event_type="Air/drone strike", actors=("Military Forces of Turkey",),
            text="A Turkish drone strike hit a vehicle.")],
        False,
    ),
    "arrests and a weapons seizure are two events": (
        sk("b#0", event_type="Strategic developments", sub_event_type="Disrupted weapons use",
           fatalities=None),
        [sk("a#0", event_type="Strategic developments", sub_event_type="Arrests", fatalities=None)],
        False,
    ),
    "toll far from every report of the cluster (average link)": (
        sk("d#0", fatalities=1, date_start=D + dt.timedelta(days=1),
           date_end=D + dt.timedelta(days=1), actors=(),
           text="A policeman was killed by a bomb under his car in Tarmiyah."),
        [sk("a#0", fatalities=3, actors=()), sk("b#0", fatalities=10, actors=()),
         sk("c#0", fatalities=11, actors=())],
        False,
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("new", "members", "expected"), MATCH_CASES.values(), ids=MATCH_CASES.keys()
)
def test_match(new, members, expected):
    assert joined(new, *members) is expected


def test_match_picks_best_cluster_and_none_below_threshold():
    near = [sk("a#0")]
    other = [sk("c#0", place=YUSUFIYA, actors=("Civilians",), fatalities=1)]
    assert fuse.match(sk("b#0"), {"other": other, "near": near}) == "near"
    assert fuse.match(sk("b#0"), {"other": other}) is None
    assert fuse.match(sk("b#0"), {}) is None


def test_canonical_keeps_conflicting_tolls_and_most_precise_values():
    early = sk("a#0", fatalities=2, place=COUNTRY_ONLY, date_precision=2,
               date_end=D + dt.timedelta(days=1))  # fmt: skip
    late = sk("b#0", fatalities=3, reported=D + dt.timedelta(days=1), outlet="Tigris Wire")
    again = sk("c#0", fatalities=3, reported=D + dt.timedelta(days=2), outlet="tigris wire")
    c = fuse.canonical([late, again, early])
    assert c.fatalities == 2  # the most conservative figure (ACLED)
    assert c.fatalities_reported == (2, 3)
    assert (c.location, c.admin1, c.location_precision) == ("Tarmiyah", "Baghdad", 1)
    assert (c.date_start, c.date_end, c.date_precision) == (D, D, 1)
    assert (c.n_articles, c.n_outlets) == (3, 2)
    assert (c.first_reported, c.last_reported) == (D, D + dt.timedelta(days=2))
    assert c.event_type == "Explosions/Remote violence"


def test_canonical_type_is_the_majority_and_unknowns_stay_unknown():
    battle = sk("a#0", event_type="Battles", sub_event_type="Armed clash", fatalities=None)
    c = fuse.canonical([battle, sk("b#0", fatalities=None), sk("c#0", fatalities=None)])
    assert (c.event_type, c.sub_event_type) == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    assert c.fatalities is None and c.fatalities_reported == ()
    with pytest.raises(ValueError):
        fuse.canonical([])


def test_cluster_batch_and_informative_event_first():
    vague = sk("r#0", place={"location": "Baghdad province", "admin1": "Baghdad", "lat": 33.3,
                             "lon": 44.4}, location_precision=3, fatalities=None, actors=(),
               text="Two bombings struck Baghdad province on Sunday.")  # fmt: skip
    precise = sk("r#1", fatalities=2)
    other = sk("y#0", place=YUSUFIYA, actors=("Civilians",), fatalities=1)
    assert fuse.in_match_order([vague, precise])[0] is precise
    groups = fuse.cluster([sk("a#0"), vague, precise, other, sk("b#0", fatalities=3)])
    as_sets = sorted(sorted(g) for g in groups)
    assert ["a#0", "b#0", "r#1"] in as_sets
    assert ["y#0"] in as_sets


def test_from_event_keeps_what_fusion_needs():
    text = "A roadside bomb killed two soldiers in Tarmiyah on Sunday."
    actor = Actor("Military Forces of Iraq", "state forces", "IQ", "soldiers", 35, 43)
    place = PlaceMention("Tarmiyah", 47, 55, admin1="Baghdad", country="IQ", lat=33.67,
                         lon=44.39, precision=1)  # fmt: skip
    event = Event(
        event_id="e1",
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        plover_type="ASSAULT",
        date=DateMention(D, None, 1, "on Sunday", 56, 65),
        actor1=None,
        actor2=actor,
        assoc_actors=(),
        location=place,
        places=(place,),
        fatalities=Count("fatalities", 2, 2, 2, "exact", "two", 27, 30),
        counts=(),
        modality="reported",
        attribution=None,
        confidence=0.8,
        evidence=(Evidence(0, len(text), text),),
        trigger=Evidence(2, 15, "roadside bomb"),
        summary="",
    )
    article = Article(id="a1", text=text, source="Tigris Wire", published=D)
    s = EventSketch.from_event("a1#0", event, article)
    assert (s.article_id, s.outlet, s.reported) == ("a1", "Tigris Wire", D)
    assert (s.date_start, s.date_end, s.date_precision) == (D, D, 1)
    assert (s.location, s.admin1, s.country, s.location_precision) == (
        "Tarmiyah",
        "Baghdad",
        "IQ",
        1,
    )
    assert s.actors == ("Military Forces of Iraq",) and s.fatalities == 2 and s.text == text


def test_pair_scores_count_only_pairs_across_articles():
    sketches = [sk("a#0"), sk("a#1"), sk("b#0"), sk("c#0")]
    gold = {"a#0": "I1", "a#1": "I2", "b#0": "I1", "c#0": "I2"}
    r = pair_scores([["a#0", "b#0", "c#0"], ["a#1"]], gold, sketches)
    # pairs: a0-b0 (same, said), a0-c0 (diff, said), a1-b0 (diff), a1-c0 (same, missed), b0-c0
    assert (r["pairs"], r["tp"], r["fp"], r["fn"]) == (5, 1, 2, 1)
    assert r["precision"] == pytest.approx(1 / 3) and r["recall"] == pytest.approx(1 / 2)


def test_align_multi_incident_article_by_type_then_place():
    labels = {
        "incidents": {
            "T": {"date": "2025-03-09", "admin1": "Baghdad", "places": ["Tarmiyah"],
                  "event_type": "Explosions/Remote violence"},
            "Y": {"date": "2025-03-09", "admin1": "Baghdad", "places": ["Yusufiya"],
                  "event_type": "Explosions/Remote violence"},
        },
        "articles": {"r": ["T", "Y"], "s": ["T"]},
    }  # fmt: skip
    sketches = [
        sk("r#0", place={**TARMIYAH, "location": "Baghdad province"}, location_precision=3),
        sk("r#1", place=YUSUFIYA),
        sk("r#2"),
        sk("s#0", event_type="Strategic developments", sub_event_type="Arrests"),
        sk("s#1", event_type="Battles", sub_event_type="Armed clash"),
    ]
    assert align(sketches, labels) == {"r#2": "T", "r#1": "Y", "s#1": "T"}


def test_labelled_set_is_well_formed():
    labels = json.loads((FUSION_SET / "labels.json").read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in (FUSION_SET / "articles.jsonl").open(encoding="utf-8")]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) >= 40
    assert set(ids) == set(labels["articles"])
    for r in rows:
        assert {"id", "url", "source", "title", "published", "text"} <= set(r)
    incidents = labels["incidents"]
    assert {i["split"] for i in incidents.values()} == {"dev", "test"}
    reported = [i for ids_ in labels["articles"].values() for i in ids_]
    multi = [i for i in incidents if reported.count(i) >= 2]
    assert len(multi) >= 15
    assert all(reported.count(i) >= 1 for i in incidents)


@pytest.mark.slow
def test_fusion_on_the_labelled_set(extractor):
    results = [extractor(a) for a in _articles()]
    assert all(r.events for r in results), "every article of the set gives an event"
    report = evaluate_fusion(FUSION_SET, results)
    print(format_fusion_report(report))
    assert report["aligned"] == report["gold_mentions"]
    for split in ("dev", "test", "all"):
        fused, base = report["fusion"][split], report["baseline"][split]
        # Measured (benchmarks/fusion.py): dev 1.0/1.0, test 1.0/0.943, all 1.0/0.965.
        assert fused["precision"] >= 0.9, (split, fused)
        assert fused["recall"] >= 0.9, (split, fused)
        assert fused["f1"] > base["f1"], (split, fused, base)


def _articles() -> list[Article]:
    from rasid.evaluation.fusion import read_articles

    return read_articles(FUSION_SET)


def test_sketch_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        sk("a#0").fatalities = 3  # type: ignore[misc]


def test_eval_command_rejects_a_folder_that_is_not_a_fusion_set(tmp_path):
    from click.testing import CliRunner

    from rasid.cli import main

    out = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert out.exit_code == 1
    assert "not a labelled fusion set" in out.output


@pytest.mark.slow
def test_eval_command_scores_the_fusion_set():
    from click.testing import CliRunner

    from rasid.cli import main

    folder = Path(__file__).parent / "data" / "fusion"
    out = CliRunner().invoke(main, ["eval", str(folder)])
    assert out.exit_code == 0, out.output
    assert "fusion     all" in out.output and "baseline   all" in out.output
