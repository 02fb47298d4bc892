"""Official strike releases: one air strike per listed place, by the issuing force;
the day's totals, country subtotals and the definition of a strike are no events."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.extract.releases import strike_release
from rasid.records import Article

RELEASE = """Military Strikes Continue Against ISIS Terrorists in Syria, Iraq

SOUTHWEST ASIA, June 14, 2017 - U.S. and coalition military forces continued to attack the Islamic State of Iraq and Syria terrorists yesterday, conducting 23 strikes consisting of 45 engagements against ISIS targets in Syria and Iraq, Combined Joint Task Force Operation Inherent Resolve officials reported today.

Strikes in Syria

In Syria, coalition military forces conducted 14 strikes consisting of 20 engagements against ISIS targets:

-- Near Abu Kamal, a strike destroyed an ISIS oil well.

-- Near Dayr Az Zawr, four strikes engaged an ISIS tactical unit and destroyed two fighting positions and a vehicle.

-- Near Raqqa, nine strikes engaged eight ISIS tactical units and destroyed 12 fighting positions and a weapons cache.

Strikes in Iraq

In Iraq, coalition military forces conducted nine strikes consisting of 25 engagements against ISIS targets:

-- Near Mosul, six strikes engaged four ISIS tactical units and destroyed eight rocket-propelled grenade systems and a mortar system.

-- Near Tal Afar, three strikes engaged an ISIS tactical unit and destroyed a vehicle bomb.

Additionally, 12 strikes consisting of 14 engagements were conducted in Syria and Iraq on June 11-12 that closed within the last 24 hours.

Task force officials define a strike as one or more kinetic engagements that occur in roughly the same geographic location to produce a single or cumulative effect.
"""


@pytest.fixture(scope="module")
def release(extractor):
    return extractor(Article(id="cjtf", text=RELEASE, published=dt.date(2017, 6, 14)))


def test_each_listed_place_is_one_air_strike(release):
    places = [(e.location.name, e.location.country) for e in release.events]
    assert places == [
        ("Abu Kamal", "SY"),
        ("Dayr Az Zawr", "SY"),
        ("Raqqa", "SY"),
        ("Mosul", "IQ"),
        ("Tal Afar", "IQ"),
    ]
    assert {e.sub_event_type for e in release.events} == {"Air/drone strike"}


def test_the_issuing_force_struck_the_group_named(release):
    for event in release.events:
        assert event.actor1.name == "US-led coalition"
        assert event.actor2.name == "Islamic State"


def test_the_items_are_dated_by_the_release(release):
    assert {e.date.start_date for e in release.events} == {dt.date(2017, 6, 13)}


def test_what_each_strike_destroyed_stays_with_its_place(release):
    raqqa = next(e for e in release.events if e.location.name == "Raqqa")
    assert [(c.value, c.object) for c in raqqa.counts if c.kind == "destroyed"][0] == (
        12,
        "fighting positions",
    )


def test_totals_subtotals_and_definitions_are_no_events(release):
    assert len(release.events) == 5
    told = " ".join(m.evidence[0].text for m in release.mentions)
    assert "consisting of 45 engagements" in told and "define a strike" in told
    assert all(m.modality == "generic" for m in release.mentions)


@pytest.mark.parametrize(
    "text",
    [
        "Near Mosul, a strike destroyed an ISIS vehicle, the coalition said.",
        "Police said a strike by teachers closed schools in Basra.",
    ],
)
def test_one_line_is_no_release(text):
    assert strike_release(text, []) is None


SMALL_TOWNS = """Military airstrikes continue against ISIL terrorists in Syria and Iraq

SOUTHWEST ASIA, March 5, 2016 - U.S. and coalition military forces continued to attack ISIL terrorists in Syria and Iraq, Combined Joint Task Force officials reported today.

Strikes in Syria
-- Near Al Hawl, two strikes struck an ISIL tactical unit and destroyed an ISIL fighting position.
-- Near Manbij, four strikes struck four separate ISIL tactical units.

Strikes in Iraq
-- Near Mosul, three strikes struck an ISIL tactical unit and destroyed an ISIL mortar system.
-- Near Ramadi, seven strikes struck four ISIL tactical units and destroyed three ISIL buildings.
"""


def test_a_small_town_of_a_country_the_release_names_is_its_own_item(extractor):
    result = extractor(Article(id="rel-towns", text=SMALL_TOWNS, published=dt.date(2016, 3, 5)))
    assert sorted(e.location.name for e in result.events) == [
        "Al Hawl",
        "Manbij",
        "Mosul",
        "Ramadi",
    ]
    assert {e.location.country for e in result.events if e.location.name == "Al Hawl"} == {"SY"}
