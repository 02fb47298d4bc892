"""The analyst's reading of the Alwaght synthesis piece (../shared/samples/README.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.records import Article


@pytest.fixture(scope="module")
def result(shared, extractor):
    path = shared / "samples" / "alwaght-isis-iraq-2024-12.txt"
    article = Article(
        id="alwaght", text=path.read_text(encoding="utf-8"), published=dt.date(2024, 12, 31)
    )
    return extractor(article)


def _event(result, needle: str):
    """The coded event whose evidence contains the words ``needle``."""
    found = [e for e in result.events if any(needle in ev.text for ev in e.evidence)]
    assert found, f"no coded event with evidence containing {needle!r}"
    return found[0]


def test_fallujah_arrests(result):
    e = _event(result, "security forces arrested terrorist elements")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Arrests")
    assert e.actor1.type == "state_forces"
    assert e.actor2.name == "Islamic State"
    assert any(p.name == "Fallujah" for p in e.places)
    # "a few days ago", before 2024-12-31
    assert e.date.start_date < dt.date(2024, 12, 31) and e.date.precision == 2
    # reported by the speaker, under his full name and organisation
    assert e.attribution is not None and e.attribution.name == "Mahmoud al-Hayani"
    assert e.attribution.organization == "Badr Organization"


def test_rutba_heliborne_operation(result):
    e = _event(result, "heliborne operation")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Disrupted weapons use")
    assert e.date.start_date == dt.date(2024, 12, 29) and e.date.precision == 1
    destroyed = [c for c in e.counts if c.kind == "destroyed"]
    assert [(c.value, c.qualifier) for c in destroyed] == [(9, "at_least")]
    assert e.actor2.name == "Islamic State"
    assert (
        any("air force" in a.text.lower() for a in (*e.assoc_actors, e.actor1))
        or e.actor1.type == "state_forces"
    )


def test_cts_border_operation(result):
    e = _event(result, "killed 7 ISIS terrorist fighters")
    assert e.event_type == "Battles"
    assert e.fatalities.value == 7 and e.fatalities.qualifier == "exact"
    assert e.date.start_date == dt.date(2024, 12, 30)
    assert e.actor1.name == "Counter-Terrorism Service"
    assert e.actor2.name == "Islamic State"
    destroyed = {(c.value, c.object) for c in e.counts if c.kind == "destroyed"}
    assert destroyed == {(22, "terrorist shelters"), (5, "tunnels")}
    seized = {c.object for c in e.counts if c.kind == "seized"}
    assert {"explosives", "suicide belts"} <= seized
    assert {p.name for p in e.places} >= {"Salahuddin", "Kirkuk", "Diyala"}


def test_hamrin_clash_kills_one_soldier(result):
    e = _event(result, "Hamrin Mountains, security and military forces launched")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.fatalities.value == 1
    assert e.actor2.name == "Islamic State"
    assert any("killed in these clashes" in ev.text for ev in e.evidence)


def test_damascus_visit_is_a_consultation(result):
    e = _event(result, "visited Damascus")
    assert (e.event_type, e.sub_event_type, e.plover_type) == (
        "Strategic developments",
        "Other",
        "CONSULT",
    )
    assert any(p.name == "Damascus" for p in e.places)


def test_yearly_totals_are_figures_not_events(result):
    assert not [e for e in result.events if e.fatalities and e.fatalities.value == 84]
    by_value = {f.value: f for f in result.figures}
    assert {341, 84, 100, 260} <= set(by_value)
    assert by_value[100].qualifier == "more_than"
    assert by_value[341].qualifier == "about"
    assert by_value[84].period == "2024"
    assert by_value[84].organization == "Counter-Terrorism Service"


@pytest.mark.parametrize(
    "words",
    [
        "from 2014 to 2017",  # background
        "estimated between 3,000 and 5,000",  # membership estimate
        "are released, they may go to the desert",  # hypothetical
        "airdropping weapons",  # the outlet's own unattributed claim
        "most of its bases and growth centers have been destroyed",  # an expert's judgement
        "will not allow terrorists to seize territory",  # a promise
    ],
)
def test_no_event_from_background_hypotheticals_or_claims(result, words):
    for e in result.events:
        for ev in e.evidence:
            assert words not in ev.text, f"{e.sub_event_type} coded from {words!r}"


def test_only_the_analysts_events_are_coded(result):
    assert len(result.events) == 5


def test_every_value_points_at_its_words(result):
    text = result.article.text
    for e in result.events:
        for ev in e.evidence:
            assert text[ev.start : ev.end] == ev.text
        for c in (*e.counts, *([e.fatalities] if e.fatalities else [])):
            assert text[c.start : c.end] == c.text
        for a in (e.actor1, e.actor2, *e.assoc_actors):
            if a is not None and a.start is not None:
                assert text[a.start : a.end] == a.text
        if e.date.text is not None:
            assert text[e.date.start : e.date.end] == e.date.text


# --- statements, figures and claims (what people said) ---------------------------

SPEAKERS = [
    # name, a word of the role, organisation, outlet
    ("Mahmoud al-Hayani", "official", "Badr Organization", None),
    ("Ahmed al-Musawi", "member", None, None),
    ("Ahmed Fawaz al-Wutaifi", "representative", None, None),
    ("Yasser Watut", "member", None, "Shafaq News"),
    ("Abdul Razaq al-Jubouri", "military expert", None, "Al-Hurra"),
    ("Alla al-Nashoo", "security expert", None, "Eram News"),
    ("Safa al-Assam", "security expert", None, "Al-Hurra"),
    ("Sabah al-Numan", "spokesman", "Counter-Terrorism Service", "Al-Hurra"),
]


@pytest.mark.parametrize(("name", "role", "organization", "outlet"), SPEAKERS)
def test_all_eight_speakers(result, name, role, organization, outlet):
    theirs = [s for s in result.statements if s.speaker.name == name]
    assert theirs, f"no statement by {name}"
    assert any(role in (s.speaker.role or "") for s in theirs)
    if organization:
        assert any(s.speaker.organization == organization for s in theirs)
    if outlet:
        assert any((s.outlet or "").startswith(outlet) for s in theirs)


def test_later_references_resolve(result):
    by_text = {(s.speaker.text or "").lower(): s.speaker.name for s in result.statements}
    assert by_text.get("the military expert") == "Abdul Razaq al-Jubouri"
    assert by_text.get("al-hayani") == "Mahmoud al-Hayani"
    assert by_text.get("he") == "Yasser Watut"


def test_yearly_figures_are_claimed_by_the_cts_spokesman(result):
    figures = {f.value: f for f in result.figures}
    for value in (341, 84, 100, 260):
        assert value in figures, f"figure {value} missing"
        f = figures[value]
        assert f.claimant == "Sabah al-Numan"
        assert f.organization == "Counter-Terrorism Service"
        assert f.period == "2024"
    assert figures[100].qualifier == "more_than" and figures[341].qualifier == "about"


def test_outlet_claims_are_flagged(result):
    unattributed = [c.text for c in result.claims if c.kind == "unattributed"]
    hedged = [c.text for c in result.claims if c.kind == "hedged"]
    assert any("was backing ISIS" in t for t in unattributed)
    assert any("airdropping weapons" in t for t in hedged)
    assert any("estimated between 3,000 and 5,000" in t for t in hedged)
