"""Whole wire reports from outside Iraq and Syria: several incidents, their sources,
a province named two ways, an organisation speaking as "it", a war's running toll,
a headline's vague toll, an attack nobody claimed and a protest the police broke up."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.records import Article

REPORT = """Saudi-led coalition air strikes kill 14 in Yemen's Hodeidah

ADEN, Yemen (River Wire) - Air strikes by the Saudi-led coalition killed at least 14 people, including six children, in the western province of Hodeidah on Tuesday, medical sources and residents said.

The strikes hit a market in the town of Zabid, about 100 km south of the port city of Hodeidah, residents told River Wire. Another 20 people were wounded, the health office in the province said in a statement.

The coalition did not immediately comment on the report. It has previously denied targeting civilians.

Separately, Houthi forces fired a ballistic missile at the Saudi city of Jizan late on Monday, the coalition said. Saudi air defences intercepted the missile and no one was hurt, it said.

In the southern city of Aden, gunmen on a motorcycle shot dead a senior security official, Colonel Ahmed al-Yafei, as he left a mosque on Wednesday morning, a local official said.

The United Nations says more than 150,000 people have been killed since the war began in 2015.
"""


@pytest.fixture(scope="module")
def report(extractor):
    return extractor(Article(id="ye1", text=REPORT, published=dt.date(2025, 3, 13)))


def test_the_strike_is_coded_at_the_town_the_report_names(report):
    strike = report.events[0]
    assert strike.sub_event_type == "Air/drone strike"
    assert strike.actor1.name == "Saudi-led coalition"  # not the US-led coalition
    # "Yemen's Hodeidah" is the province the lead names; Zabid is where it happened
    assert (strike.location.name, strike.location.admin1) == ("Zabid", "Al Hudaydah")
    assert strike.fatalities.value == 14
    assert strike.date.start_date == dt.date(2025, 3, 11)


def test_residents_who_report_are_not_the_actor_civilians(report):
    strike = report.events[0]
    assert strike.attribution.name == "medical sources and residents"
    assert strike.attribution.organization is None
    assert "Civilians)" not in strike.summary


def test_the_missile_and_what_the_coalition_said_of_it(report):
    missile = next(e for e in report.events if e.location and e.location.name == "Jizan")
    assert missile.actor1.name == "Houthis"
    assert missile.date.start_date == dt.date(2025, 3, 10)
    said = next(s for s in report.statements if "intercepted" in s.quote)
    assert said.speaker.name == "Saudi-led coalition" and said.speaker.text == "it"


def test_a_shooting_the_parser_misreads_still_kills_one(report):
    (shooting,) = [e for e in report.events if e.location and e.location.name == "Aden"]
    assert shooting.actor1.name == "Unidentified armed group"
    assert shooting.fatalities.value == 1


def test_the_wars_running_toll_is_a_figure(report):
    assert all((e.fatalities.value if e.fatalities else 0) < 1000 for e in report.events)
    (figure,) = [f for f in report.figures if f.value == 150000]
    assert figure.claimant == "United Nations" and figure.qualifier == "more_than"


def test_not_commenting_is_no_statement(report):
    assert not any(s.quote == "the report" for s in report.statements)


SAHEL = """Jihadists kill dozens of soldiers in northern Burkina Faso attack

OUAGADOUGOU (River Wire) - Suspected jihadists killed at least 33 soldiers and wounded 12 others in an attack on an army post near Djibo in northern Burkina Faso on Saturday, security sources said on Sunday.

No group has claimed the attack, but the area is a stronghold of the Jama'at Nusrat al-Islam wal-Muslimin (JNIM), al Qaeda's affiliate in the Sahel.

Hundreds of people marched in Ouagadougou on Friday to demand more protection from the government. Police fired tear gas to disperse the protesters when they tried to reach the presidency.
"""


@pytest.fixture(scope="module")
def sahel(extractor):
    return extractor(Article(id="bf1", text=SAHEL, published=dt.date(2025, 6, 16)))


def test_a_vague_headline_toll_and_the_leads_number_are_one_event(sahel):
    (attack,) = [e for e in sahel.events if e.event_type == "Battles"]
    assert attack.fatalities.value == 33 and attack.fatalities.qualifier == "at_least"
    assert attack.location.name == "Djibo"
    assert attack.date.start_date == dt.date(2025, 6, 14)


def test_an_attack_nobody_claimed_is_not_given_to_the_group_named_nearby(sahel):
    (attack,) = [e for e in sahel.events if e.event_type == "Battles"]
    assert attack.actor1.name != "Jama'at Nusrat al-Islam wal-Muslimin"
    assert attack.actor2.name == "Military Forces of Burkina Faso"


def test_the_police_intervened_not_the_government_the_crowd_appealed_to(sahel):
    (protest,) = [e for e in sahel.events if e.event_type == "Protests"]
    assert protest.sub_event_type == "Protest with intervention"
    assert protest.actor1.name == "Protesters"
    assert protest.actor2.name.startswith("Police")
