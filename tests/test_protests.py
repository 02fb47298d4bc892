"""Demonstrations as ACLED codes them: every protest or riot has its crowd as a side,
a sit-in is a protest, and a protest that "held" a rally is an act, not a report."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.records import Article

MARCH = """Police arrest 23 after clashes at Karachi rally

KARACHI (River Wire) - Police arrested 23 supporters of a banned religious party on Friday after they clashed with officers who tried to stop a march toward the provincial assembly, officials said.

Several hundred supporters threw stones and set fire to two police vehicles on Shahrah-e-Faisal, police spokesman Arif Rana said. Officers responded with tear gas and batons.

On Saturday, about 200 traders held a peaceful sit-in outside the Karachi Press Club to demand lower electricity tariffs, organisers said.
"""


@pytest.fixture(scope="module")
def march(extractor):
    return extractor(Article(id="pk-march", text=MARCH, published=dt.date(2023, 5, 16)))


def test_a_sit_in_is_a_protest_on_its_own_day(march):
    saturday = [e for e in march.events if e.date.start_date == dt.date(2023, 5, 13)]
    assert [e.event_type for e in saturday] == ["Protests"]
    assert saturday[0].location.name == "Karachi"


def test_a_crowd_the_text_calls_traders_is_protesters(march):
    (sit_in,) = [e for e in march.events if e.date.start_date == dt.date(2023, 5, 13)]
    assert sit_in.actor1 is not None and sit_in.actor1.type == "protesters"
    # its evidence is the words that tell the protest
    assert MARCH[sit_in.actor1.start : sit_in.actor1.end] == sit_in.actor1.text


def test_holding_a_rally_is_the_act_not_a_report_of_it(march):
    (sit_in,) = [e for e in march.events if e.date.start_date == dt.date(2023, 5, 13)]
    assert sit_in.attribution is not None
    assert sit_in.attribution.name == "organisers"


def test_the_friday_clash_does_not_take_the_saturday_sit_in(march):
    friday = [e for e in march.events if e.date.start_date == dt.date(2023, 5, 12)]
    assert friday, "the clashes of Friday are coded"
    assert all("sit-in" not in ev.text for e in friday for ev in e.evidence)


MARCHES = """Thousands march in Chile against pension reform; police fire tear gas in Santiago

SANTIAGO, Aug 24 (River Wire) - Tens of thousands of people marched in cities across Chile on Thursday to demand an end to the private pension system, and police fired tear gas and water cannon at protesters who threw stones near the presidential palace in Santiago.

In Valparaiso, about 5,000 people marched peacefully to Congress, local media reported. Smaller marches took place in Concepcion and Antofagasta.
"""


def test_a_crowd_of_tens_of_thousands_is_a_protest_not_a_trend(extractor):
    result = extractor(Article(id="cl-marches", text=MARCHES, published=dt.date(2023, 8, 25)))
    (santiago,) = [e for e in result.events if e.location.name == "Santiago"]
    assert santiago.date.start_date == dt.date(2023, 8, 24)  # the lead's Thursday


def test_marches_told_as_a_noun_are_protests_one_per_town(extractor):
    result = extractor(Article(id="cl-marches", text=MARCHES, published=dt.date(2023, 8, 25)))
    towns = {e.location.name for e in result.events if e.event_type == "Protests"}
    assert {"Valparaiso", "Concepcion", "Antofagasta"} <= towns


SPREAD = """Police kill two protesters as demonstrations spread in Nigeria

ABUJA, Aug 2 (River Wire) - Nigerian police shot dead two protesters in the northern city of Kano on Thursday as demonstrations against the rising cost of living spread across the country, witnesses said.

Protesters in Lagos blocked a major highway but were peaceful, a River Wire reporter saw.
"""


def test_protesters_blocking_a_road_are_a_protest_though_no_word_says_protest(extractor):
    result = extractor(Article(id="ng-spread", text=SPREAD, published=dt.date(2024, 8, 2)))
    (lagos,) = [e for e in result.events if e.location.name == "Lagos"]
    assert (lagos.event_type, lagos.sub_event_type) == ("Protests", "Peaceful protest")


def test_riot_police_breaking_up_a_rally_is_a_protest_with_intervention(extractor):
    text = (
        "Riot police in Tbilisi used water cannon and pepper spray late on Thursday to break "
        "up a rally of thousands of people outside parliament."
    )
    (event,) = extractor(Article(id="riot-police", text=text, published=dt.date(2025, 3, 7))).events
    assert (event.event_type, event.sub_event_type) == ("Protests", "Protest with intervention")


def test_police_battling_protesting_youths_is_a_riot_with_the_crowd_as_actor1(extractor):
    text = (
        "Two people were shot dead in Nairobi's Mathare estate on Wednesday as police battled "
        "youths protesting against the killing of a hawker by a police officer."
    )
    (event,) = extractor(Article(id="battled", text=text, published=dt.date(2025, 3, 7))).events
    assert (event.event_type, event.sub_event_type) == ("Riots", "Violent demonstration")
    assert event.actor1.name.startswith("Rioters")
    assert event.fatalities.value == 2


def test_party_activists_clashing_are_rioters_whatever_crude_bombs_went_off(extractor):
    text = (
        "A student activist was killed on Sunday as activists of two rival student wings "
        "clashed in the Dhaka University area, hurling brickbats, and four crude bombs went "
        "off near the hospital gate, said the deputy commissioner of the Ramna division."
    )
    events = extractor(Article(id="bd", text=text, published=dt.date(2025, 5, 12))).events
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Riots", "Mob violence")]


def test_arrests_told_with_the_protest_in_one_headline_are_its_intervention(extractor):
    text = "Police fire teargas, arrest 38 as opposition supporters protest in Kampala"
    events = extractor(Article(id="ug", text=text, published=dt.date(2025, 7, 15))).events
    assert [e.event_type for e in events] == ["Protests"]


def test_tear_gas_shells_are_crowd_control_and_stone_pelting_a_riot(extractor):
    text = (
        "The convoy was stopped early on Tuesday near the Attock bridge. Police fired tear gas "
        "shells as marchers tried to remove the containers, and workers pelted officers with "
        "stones."
    )
    events = extractor(Article(id="pk", text=text, published=dt.date(2025, 10, 8))).events
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Riots", "Violent demonstration")
    ]


def test_rioters_attacking_with_fireworks_mortars_are_a_riot(extractor):
    text = (
        "In Aulnay-sous-Bois, rioters set fire to an annex of the town hall on Monday night "
        "and attacked a police station with fireworks mortars."
    )
    events = extractor(Article(id="fr", text=text, published=dt.date(2025, 2, 18))).events
    assert [e.event_type for e in events] == ["Riots"]


def test_arrests_of_marchers_anywhere_on_the_protest_day_are_its_intervention(extractor):
    text = (
        "Thousands of opposition supporters marched on Islamabad on Tuesday and clashed with "
        "police at a highway interchange, throwing bricks.\n\nThe interior ministry said 350 "
        "people had been arrested in Islamabad and Rawalpindi."
    )
    events = extractor(Article(id="pk2", text=text, published=dt.date(2025, 10, 8))).events
    assert "Strategic developments" not in [e.event_type for e in events]


def test_a_rally_of_opposition_supporters_clashing_with_riot_police_is_a_riot(extractor):
    text = (
        "YEREVAN - Police detained 47 people on Sunday evening after clashes broke out between "
        "riot police and opposition supporters outside the government building in central "
        'Yerevan. "The grenades started exploding," said Anahit, 52, a teacher from the '
        "Arabkir district."
    )
    events = extractor(Article(id="am", text=text, published=dt.date(2025, 10, 13))).events
    assert [(e.event_type, e.location.name) for e in events] == [("Riots", "Yerevan")]


def test_a_rally_and_the_clashes_it_ended_in_are_one_riot_that_day(probe_events):
    # the project's own report of a Yerevan rally: the march, the clashes and the
    # detentions of Sunday are one riot in Yerevan (ACLED: a day of protest per place)
    events = probe_events("probe:f-am-yerevan-opposition-rally")
    sunday = [e for e in events if e.date.start_date == dt.date(2025, 10, 12)]
    assert [(e.event_type, e.location.name) for e in sunday] == [("Riots", "Yerevan")]
