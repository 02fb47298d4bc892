"""Whole reports: datelines, one incident told several times, politics in war words."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.records import Article

REPORT = """Car bomb kills at least six in Baquba market

BAQUBA, Iraq, May 4, 2025 (River Wire) - A car bomb exploded in a crowded market in Baquba on Sunday, killing at least six people and wounding 20 others, police said.

The car had been parked near a row of fruit stalls and was detonated as shoppers gathered, a police officer said. Two of the wounded were in critical condition.

No group claimed the attack. Islamic State militants have carried out similar bombings in Diyala in the past.
"""


@pytest.fixture(scope="module")
def report(extractor):
    return extractor(Article(id="r1", text=REPORT))


def test_headline_lead_and_retelling_are_one_event(report):
    (event,) = report.events
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.fatalities.value == 6 and event.fatalities.qualifier == "at_least"
    assert [c.value for c in event.counts if c.kind == "wounded"] == [20]
    assert len({ev.start for ev in event.evidence if len(ev.text) > 40}) >= 3


def test_dateline_dates_the_report_but_is_no_actor(report):
    (event,) = report.events
    assert event.date.start_date == dt.date(2025, 5, 4)  # "on Sunday", the dateline's day
    for actor in (event.actor1, event.actor2, *event.assoc_actors):
        assert actor is None or "BAQUBA" not in actor.text


@pytest.mark.parametrize(
    "text",
    [
        "Sanders leveled a scathing attack at Clinton over her emails.",
        "Cruz held a campaign rally in Miami on Wednesday.",
        "He called for barring all Muslims from entering the United States.",
        "The senator's attack on the administration's decision drew applause.",
    ],
)
def test_politics_in_war_words_is_not_an_event(extractor, text):
    result = extractor(Article(id="p", text=text, published=dt.date(2016, 3, 10)))
    assert result.events == ()


@pytest.mark.parametrize(
    "text, sub_event_type",
    [
        ("Gunmen attacked a police checkpoint in Tikrit on Sunday.", "Armed clash"),
        # an armed group's attack on villages, no defender named: ACLED's attack on civilians
        ("Militants launched attacks on two villages near Hawija.", "Attack"),
    ],
)
def test_armed_attacks_still_are(extractor, text, sub_event_type):
    result = extractor(Article(id="a", text=text, published=dt.date(2025, 3, 4)))
    assert [e.sub_event_type for e in result.events][:1] == [sub_event_type]


def _events(extractor, text, published=dt.date(2025, 6, 17)):
    return extractor(Article(id="r", text=text, published=published))


def test_a_bomb_during_an_operation_is_its_own_incident_with_its_own_victims(extractor):
    text = (
        "KIRKUK, Iraq - Counter-Terrorism Service units killed six militants in a raid on "
        "the Wadi al-Shay valley on Sunday, the service said.\n\n"
        "One CTS soldier was wounded when a roadside bomb exploded near his vehicle during "
        "the sweep, a security source said."
    )
    result = _events(extractor, text)
    raid, bomb = sorted(result.events, key=lambda e: e.trigger.start)
    assert raid.fatalities.value == 6 and raid.event_type == "Battles"
    assert bomb.sub_event_type == "Remote explosive/landmine/IED"
    assert bomb.fatalities is None
    assert bomb.actor2 is not None and bomb.actor2.name == "Counter-Terrorism Service"
    assert bomb.actor1 is None  # the bomber is not named


def test_headline_and_lead_with_a_reference_point_are_one_event_at_the_lead_place(extractor):
    text = (
        "Drone strike kills three near Syria-Iraq border crossing\n\n"
        "AL-QAIM, Iraq - A drone strike hit a pickup truck near the Al-Qaim border crossing "
        "late on Monday, killing at least three members of an armed faction, officials said.\n\n"
        "The strike took place opposite the Syrian town of Albu Kamal. He said more than ten "
        "families living near the road had left their homes after the attack."
    )
    (event,) = _events(extractor, text).events
    assert event.location.name == "Al-Qaim" and event.location.country == "IQ"
    assert event.actor2 is None  # the families who fled were not its targets


def test_strikes_over_recent_years_are_background(extractor):
    text = "The border area has been hit by several drone strikes in recent years."
    result = _events(extractor, text)
    assert not result.events
    assert [m.modality for m in result.mentions] == ["historical"]


def test_who_condemned_an_attack_did_not_carry_it_out(extractor):
    text = (
        "SINJAR, Iraq - A Turkish drone strike hit a car in Sinjar on Monday, killing two "
        "fighters.\n\nIraq's foreign ministry condemned the strike."
    )
    (event,) = _events(extractor, text).events
    assert event.actor1.name == "Military Forces of Turkey"


def test_source_named_after_the_casualties_is_the_attribution_not_a_victim(extractor):
    text = (
        "A car bomb exploded in a market in Baghdad on Monday, killing at least 5 people and "
        "wounding 14 others, police and medical sources said."
    )
    (event,) = _events(extractor, text).events
    assert event.attribution is not None and event.attribution.name.startswith("police")
    assert event.actor2 is None or event.actor2.type != "state_forces"


def test_the_target_retold_and_this_is_the_third_strike_are_one_event(extractor):
    text = (
        "SINJAR, Iraq - A Turkish drone strike hit a car in the Sinjar district on Monday, "
        "killing two members of a local armed group, officials said.\n\n"
        "The mayor of Sinjar said the car was struck on the road north of Mount Sinjar. "
        '"This is the third strike in our district this month," he said.'
    )
    (event,) = _events(extractor, text, dt.date(2025, 4, 22)).events
    assert event.sub_event_type == "Air/drone strike"
    assert event.date.start_date == dt.date(2025, 4, 21)


def test_event_with_no_place_of_its_own_is_placed_near_the_dateline_town(extractor):
    text = (
        "BASRA - Police fired tear gas on Friday night to disperse protesters, witnesses "
        "said.\n\nAt least 7 protesters were injured, and police detained about a dozen people."
    )
    result = _events(extractor, text, dt.date(2025, 7, 19))
    assert result.events
    for event in result.events:
        assert event.location is not None and event.location.name == "Basra"
        assert event.location.admin1 == "Basra" and event.location.precision == 2


def test_no_dateline_no_guessed_place(extractor):
    text = "At least 7 protesters were injured, and police detained about a dozen people."
    assert all(e.location is None for e in _events(extractor, text).events)


def test_what_the_raiders_destroyed_next_belongs_to_the_raid(extractor):
    text = (
        "KIRKUK, Iraq - Iraq's Counter-Terrorism Service killed 6 Islamic State militants "
        "during an operation in the Wadi al-Shay valley, the service said on Sunday.\n\n"
        "The operation began before dawn on Saturday with support from army aviation. CTS "
        "units destroyed four tunnels and two hideouts that the militants used."
    )
    (event,) = _events(extractor, text, dt.date(2025, 3, 9)).events
    assert event.fatalities.value == 6
    assert sorted(c.value for c in event.counts if c.kind == "destroyed") == [2, 4]


def test_what_was_seized_in_the_raid_belongs_to_the_raids_arrests(extractor):
    text = (
        "MOSUL - Iraqi security forces arrested four suspected Islamic State members in a raid "
        "on a house in western Mosul on Monday, the Security Media Cell said.\n\n"
        "The suspects were wanted for attacks on checkpoints, the statement said. Forces seized "
        "two rifles and a pistol in the raid."
    )
    (event,) = _events(extractor, text, dt.date(2025, 7, 22)).events
    assert (event.event_type, event.sub_event_type) == ("Strategic developments", "Arrests")
    assert [c.value for c in event.counts if c.kind == "arrested"] == [4]
    assert [c.value for c in event.counts if c.kind == "seized"] == [2]
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Iraq"


def test_bodies_pulled_out_after_the_shelling_are_its_dead(extractor):
    text = (
        "IDLIB, Syria - Syrian government forces shelled villages in Idlib province on "
        "Wednesday, killing seven civilians, rescue workers and a war monitor said.\n\n"
        "Rescuers pulled two bodies from the rubble of a house in Sarmin. A monitoring group "
        "put the death toll at nine.\n\n"
        "More than 1,200 people have been killed in northwest Syria since the start of the "
        "year, according to the monitor."
    )
    result = _events(extractor, text, dt.date(2024, 10, 10))
    (event,) = result.events  # the year's toll is a figure, the bodies the shelling's dead
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert event.fatalities.value == 7
    assert event.attribution.name == "rescue workers and a war monitor"


def test_the_weapon_an_attack_was_made_with_types_it(extractor):
    text = "The group said its fighters targeted army positions near Saraqeb with missiles."
    (event,) = _events(extractor, text, dt.date(2024, 10, 10)).events
    assert event.sub_event_type == "Shelling/artillery/missile attack"


BRIEFS = """World briefs

KABUL - A bomb exploded at a mosque in the northern Afghan city of Pul-e-Khumri during Friday prayers, killing seven worshippers, police said.

BOGOTA - Colombian soldiers killed three members of a FARC dissident group in clashes in the southwestern department of Cauca on Thursday, the army said.

LAGOS - Police in Nigeria's commercial capital arrested 40 people after clashes between rival political supporters on Saturday, a police spokesman said.
"""


def test_a_page_of_datelined_stories_is_coded_story_by_story(extractor):
    result = extractor(Article(id="briefs", text=BRIEFS, published=dt.date(2024, 3, 10)))
    assert sorted(e.location.country for e in result.events) == ["AF", "CO", "NG"]
    bomb = next(e for e in result.events if e.location.country == "AF")
    assert bomb.fatalities.value == 7 and bomb.actor1 is None  # not Colombia's soldiers
    assert bomb.date.start_date == dt.date(2024, 3, 8)  # "during Friday prayers"
    for event in result.events:  # offsets point into the page, not into a story
        for ev in event.evidence:
            assert BRIEFS[ev.start : ev.end] == ev.text
