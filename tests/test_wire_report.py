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


HORN = """Al Shabaab suicide bombers storm Mogadishu hotel, at least 9 dead

MOGADISHU (River Wire) - Al Shabaab militants stormed a hotel near the presidential palace in Mogadishu on Sunday evening, killing at least nine people, police said, in a siege that lasted more than six hours.

Two attackers blew themselves up at the gate before three gunmen entered the building and opened fire on guests, police officer Abdikadir Hassan told River Wire by phone. Security forces killed the three gunmen early on Monday, he said.

The al Qaeda-linked group claimed responsibility for the attack.

In the Lower Shabelle region, the U.S. military said it carried out an air strike near Jilib on Saturday that killed two al Shabaab fighters.

Somali troops recaptured the town of Adan Yabaal from the militants last week, the defence ministry said.
"""


@pytest.fixture(scope="module")
def horn(extractor):
    return extractor(Article(id="so1", text=HORN, published=dt.date(2025, 2, 3)))


def test_the_headline_and_the_lead_with_one_toll_are_one_siege(horn):
    sieges = [e for e in horn.events if e.fatalities and e.fatalities.value == 9]
    assert len(sieges) == 1
    assert sieges[0].actor1.name == "Al-Shabaab"
    assert sieges[0].date.start_date == dt.date(2025, 2, 2)


def test_the_police_of_a_report_from_mogadishu_are_somalias(horn):
    siege = next(e for e in horn.events if e.fatalities and e.fatalities.value == 9)
    assert siege.attribution.organization == "Police Forces of Somalia"  # not of the US


def test_killing_the_gunmen_is_the_security_forces_own_event(horn):
    (clash,) = [e for e in horn.events if e.fatalities and e.fatalities.value == 3]
    assert clash.actor1.name == "Security forces"
    assert clash.actor2.name == "Unidentified armed group"
    # "the al Qaeda-linked group" is not al Qaeda, and claims nothing for it
    assert all(e.actor1 is None or e.actor1.name != "Al-Qaeda" for e in horn.events)


def test_a_strike_that_killed_is_the_strikers(horn):
    strike = next(e for e in horn.events if e.sub_event_type == "Air/drone strike")
    assert strike.actor1.name == "Military Forces of the United States"
    assert strike.actor2.name == "Al-Shabaab" and strike.fatalities.value == 2


def test_an_unknown_town_is_not_replaced_by_the_dateline(horn):
    retaken = next(e for e in horn.events if e.sub_event_type == "Government regains territory")
    assert retaken.location is None or retaken.location.name != "MOGADISHU"
    assert retaken.location is None or retaken.location.name != "Mogadishu"


LEVANT = """Israeli strike kills five in southern Lebanon

BEIRUT (River Wire) - An Israeli air strike on a house in the village of Kfar Kila in southern Lebanon killed five people, including two children, on Friday, Lebanon's health ministry said.

Hezbollah said it fired a barrage of rockets at an Israeli army base in the Upper Galilee in response.

Earlier this month, at least 12 people were killed in a strike on a residential building in the southern city of Tyre, according to the ministry.
"""


@pytest.fixture(scope="module")
def levant(extractor):
    return extractor(Article(id="lb1", text=LEVANT, published=dt.date(2024, 10, 12)))


def test_a_headline_strike_and_the_leads_air_strike_are_one(levant):
    (strike,) = [e for e in levant.events if e.fatalities and e.fatalities.value == 5]
    assert strike.sub_event_type == "Air/drone strike"
    assert strike.actor1.name == "Military Forces of Israel"


def test_rockets_fired_are_the_groups_that_said_it_fired_them(levant):
    (rockets,) = [e for e in levant.events if "rockets" in e.trigger.text]
    assert rockets.sub_event_type == "Shelling/artillery/missile attack"
    assert rockets.actor1.name == "Hezbollah"


def test_a_strike_in_a_report_of_air_strikes_is_one_too(levant):
    (tyre,) = [e for e in levant.events if e.location and e.location.name == "Tyre"]
    assert tyre.sub_event_type == "Air/drone strike"  # not an armed clash
    assert tyre.fatalities.value == 12


FRONTIER = """Suicide bomber kills 12 policemen in northwest Pakistan

PESHAWAR, Pakistan (River Wire) - A suicide bomber rammed an explosives-laden car into a police checkpoint in the Bannu district of Khyber Pakhtunkhwa province on Monday, killing 12 policemen and wounding six, officials said.

The Pakistani Taliban, or Tehreek-e-Taliban Pakistan (TTP), claimed responsibility for the bombing.

Hours later, security forces killed eight militants in a raid on a hideout in the nearby North Waziristan district, the military said. Two soldiers were also killed in the exchange of fire, it said.

Police in Quetta said they had arrested three suspects in connection with last month's attack on a passenger train.
"""


@pytest.fixture(scope="module")
def frontier(extractor):
    return extractor(Article(id="pk1", text=FRONTIER, published=dt.date(2025, 3, 11)))


def test_the_pakistani_taliban_are_not_the_afghan_taliban(frontier):
    bombing = next(e for e in frontier.events if e.sub_event_type == "Suicide bomb")
    assert bombing.actor1.name == "Tehreek-e-Taliban Pakistan"
    assert bombing.fatalities.value == 12


def test_casualties_also_killed_add_to_the_raids_toll(frontier):
    # the military's "security forces" in Pakistan are its army and Frontier Corps
    raid = next(
        e for e in frontier.events if e.actor1 and e.actor1.name == "Military Forces of Pakistan"
    )
    assert raid.fatalities.value == 10  # eight militants and two soldiers
    # North Waziristan is not in the gazetteer: no guess at the dateline's Peshawar
    assert raid.location is None or "peshawar" not in raid.location.name.lower()


def test_an_arrest_over_last_months_attack_is_todays_arrest(frontier):
    arrests = [e for e in frontier.events if e.sub_event_type == "Arrests"]
    assert len(arrests) == 1 and arrests[0].counts[0].value == 3
    assert not frontier.figures


DARFUR = """RSF shelling kills 23 in Sudan's El Fasher, activists say

PORT SUDAN (River Wire) - Artillery shelling by the paramilitary Rapid Support Forces (RSF) killed at least 23 civilians in a crowded market in El Fasher, the capital of North Darfur state, on Saturday, a local activist group said.

The El Fasher Resistance Committee said in a statement that the RSF had "deliberately targeted" the Naivasha market, where displaced families buy food.

The Sudanese army said its warplanes struck RSF positions east of the city, killing dozens of fighters and destroying 15 combat vehicles.
"""


@pytest.fixture(scope="module")
def darfur(extractor):
    return extractor(Article(id="sd1", text=DARFUR, published=dt.date(2025, 5, 4)))


def test_a_market_named_after_a_far_town_is_no_place_and_the_retelling_joins(darfur):
    shelling = [e for e in darfur.events if e.sub_event_type.startswith("Shelling")]
    assert len(shelling) == 1  # the committee's retelling is the same incident
    assert shelling[0].location.name == "El Fasher"
    assert all(p.country != "KE" for e in darfur.events for p in e.places)  # Naivasha, Kenya


def test_warplanes_that_struck_make_an_air_strike_whatever_vehicles_they_hit(darfur):
    strike = next(e for e in darfur.events if e.actor1.name == "Military Forces of Sudan")
    assert strike.sub_event_type == "Air/drone strike"  # "combat vehicles" is no fight
    assert strike.actor2.name == "Rapid Support Forces"
    assert strike.location.name == "El Fasher"  # "east of the city"


def test_a_dateline_in_title_case_with_its_outlet_is_a_dateline():
    from rasid.extract.datelines import find_datelines

    (line,) = find_datelines("Strike kills one\n\nBeirut (AFP) - An Israeli strike killed one.")
    assert line.place == "Beirut"
    (line,) = find_datelines("Mogadishu, Somalia (AP) — Al-Shabaab fired mortars.")
    assert line.place == "Mogadishu"
    # without an outlet, a Title Case line and a dash is prose
    assert find_datelines("Police said - it was calm.") == []


def test_a_release_line_of_place_and_date_is_a_dateline():
    from rasid.extract.datelines import find_datelines

    (line,) = find_datelines("No PR-58/2025-ISPR\nRawalpindi - April 22, 2025\n\nOn the night ...")
    assert (line.place, line.date.isoformat()) == ("Rawalpindi", "2025-04-22")
