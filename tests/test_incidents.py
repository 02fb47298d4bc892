"""Incidents of a whole report: one event per incident, however often it is retold;
tolls updated, not added; habits, running totals and summaries are no events."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.records import Article

RAID = """Gunmen kill 11 in attack on village in northwest Nigeria

GUSAU, Nigeria (River Wire) - Gunmen on motorcycles killed 11 villagers in an attack on Tungar Kwana village in the Bakura district of Zamfara state on Saturday, police said.

The attackers arrived at dusk and opened fire on residents as they gathered for evening prayers, police spokesman Yazid Abubakar said. "They shot people as they tried to flee into the bush," resident Sani Musa told River Wire.

Six other villagers were wounded and taken to hospital in Gusau, he said. The death toll rose to 13 on Sunday after two of them died, a hospital official said.

Separately, troops killed four bandits in a raid on a forest hideout near Tsafe on Sunday, the army said.

Bandits regularly attack villages in the region, forcing farmers to abandon their fields.

Armed groups have killed more than 2,000 people in Zamfara since 2011, according to Amnesty International.
"""


@pytest.fixture(scope="module")
def raid(extractor):
    return extractor(Article(id="ng-raid", text=RAID, published=dt.date(2025, 3, 10)))


def _at(result, name):
    return [e for e in result.events if e.location and e.location.name == name]


def test_the_raid_retold_in_four_paragraphs_is_one_event(raid):
    (attack,) = _at(raid, "Tungar Kwana")
    assert attack.sub_event_type == "Attack"
    assert attack.date.start_date == dt.date(2025, 3, 8)  # Saturday, not the toll's Sunday
    assert len([ev for ev in attack.evidence if len(ev.text) > 40]) >= 4


def test_the_latest_toll_wins_and_the_wounded_stay_wounded(raid):
    (attack,) = _at(raid, "Tungar Kwana")
    assert attack.fatalities.value == 13
    assert [c.value for c in attack.counts if c.kind == "wounded"] == [6]


def test_the_first_toll_is_kept_beside_the_one_it_rose_to(raid):
    (attack,) = _at(raid, "Tungar Kwana")
    assert 11 in [t.value for t in attack.tolls]
    assert attack.to_dict()["tolls"][0]["text"] in RAID


def test_a_village_the_gazetteer_lacks_is_placed_at_its_district(raid):
    (attack,) = _at(raid, "Tungar Kwana")
    assert attack.location.admin1 == "Zamfara"
    assert attack.location.precision == 2 and attack.location.lat is not None


def test_the_hospital_the_wounded_were_taken_to_is_no_incident(raid):
    assert not _at(raid, "Gusau")


def test_a_separate_raid_elsewhere_is_its_own_incident(raid):
    (clash,) = _at(raid, "Tsafe")
    assert clash.event_type == "Battles"
    assert clash.date.start_date == dt.date(2025, 3, 9)
    assert clash.fatalities.value == 4


def test_habits_and_running_totals_are_no_events(raid):
    assert len(raid.events) == 2
    assert sum(e.fatalities.value for e in raid.events if e.fatalities) == 17
    assert any(m.modality == "generic" for m in raid.mentions)
    assert [f.value for f in raid.figures] == [2000]


BULLETIN = """CENTRAL AFRICAN REPUBLIC

AT LEAST 20 KILLED IN SPATE OF ATTACKS

At least 20 people have been killed in a spate of attacks across the country in the past week. On 4 March, armed men attacked a village outside Bambari town, killing nine people. On 6 March, clashes between two armed groups in Kouango town killed eleven fighters.
"""


@pytest.fixture(scope="module")
def bulletin(extractor):
    return extractor(Article(id="cf-bulletin", text=BULLETIN, published=dt.date(2025, 3, 12)))


def test_a_summary_gives_way_to_the_incidents_it_sums(bulletin):
    assert sorted(e.fatalities.value for e in bulletin.events) == [9, 11]
    assert {e.date.start_date for e in bulletin.events} == {
        dt.date(2025, 3, 4),
        dt.date(2025, 3, 6),
    }


def test_a_summary_that_is_all_the_report_says_stays_an_event(extractor):
    text = "Wave of bombings kills 27 in Baghdad"
    (event,) = extractor(Article(id="h1", text=text, published=dt.date(2014, 1, 15))).events
    assert event.fatalities.value == 27


def test_where_it_took_place_joins_the_incident(extractor):
    text = (
        "Militants storm army base in Somalia\n\n"
        "Al-Shabaab militants stormed a military base in southern Somalia on Sunday, "
        "killing five soldiers, officials said. It took place on the outskirts of Marka."
    )
    (event,) = extractor(Article(id="so", text=text, published=dt.date(2019, 9, 23))).events
    assert event.location.name == "Marka"


def test_a_town_named_in_another_province_than_the_gazetteers_is_that_province(extractor):
    text = (
        "A military jet dropped three bombs on Nyaung Kone village in the northern Sagaing "
        "region on Tuesday, killing ten civilians, residents said."
    )
    (event,) = extractor(Article(id="mm", text=text, published=dt.date(2023, 6, 28))).events
    assert event.location.admin1 != "Yangon"
    assert event.location.precision == 3


PROTEST_DAY = """Thousands protest against fuel prices in Kenya

Police fired tear gas at protesters in Nairobi on Wednesday as thousands marched against a new finance law, while demonstrators blocked roads in Kisumu and Mombasa, police officers said.

A highway connecting Nairobi to the port city of Mombasa was closed for hours.
"""


def test_a_day_of_protest_is_one_event_per_town_the_crowds_were_in(extractor):
    result = extractor(Article(id="ke", text=PROTEST_DAY, published=dt.date(2023, 7, 20)))
    towns = sorted(e.location.name for e in result.events)
    assert towns == ["Kisumu", "Mombasa", "Nairobi"]
    assert {e.event_type for e in result.events} == {"Protests"}


AIR_PATROL = """UK jets strike Daesh fighters in Iraq

On Friday, a patrol of two Typhoons conducted air strikes in northern Iraq, the Ministry of Defence said.

The jets identified Daesh fighters occupying fortified buildings west of Tuz Khurmatu.

The aircraft then used precision guided bombs to destroy the buildings.
"""


def test_a_sentence_between_two_of_an_incident_places_it(extractor):
    result = extractor(Article(id="raf", text=AIR_PATROL, published=dt.date(2020, 4, 25)))
    (strike,) = result.events
    assert strike.sub_event_type == "Air/drone strike"
    assert (strike.location.name, strike.location.precision) == ("Tuz Khurmatu", 2)
    assert strike.date.start_date == dt.date(2020, 4, 24)


RIOT_DAY = """Four killed as fuel protests turn violent in Ghana

ACCRA (Coast Wire) - Four people were killed on Tuesday in clashes between police and demonstrators protesting against a rise in fuel prices, police said.

Police fired tear gas at crowds blocking a highway linking Accra to the port city of Takoradi, with deaths recorded in Kasoa and Winneba.

"We have three deaths in Kasoa, where youths burned tyres on the road, and one in Winneba," a police officer said.

"There was a confrontation with officers sent to restore order and some people were shot," he said.
"""


@pytest.fixture(scope="module")
def riot_day(extractor):
    return extractor(Article(id="gh-riot", text=RIOT_DAY, published=dt.date(2024, 5, 8)))


def test_each_town_of_a_riot_keeps_the_toll_told_for_it(riot_day):
    tolls = {e.location.name: e.fatalities.value for e in riot_day.events if e.fatalities}
    assert tolls == {"Kasoa": 3, "Winneba": 1}  # not four shared evenly


def test_a_confrontation_with_police_in_a_protest_report_is_the_riot(riot_day):
    # no armed group is named: the crowd fought the police, which is no battle
    assert {e.event_type for e in riot_day.events} == {"Riots"}
    assert all(e.date.start_date == dt.date(2024, 5, 7) for e in riot_day.events)


def test_the_ends_of_a_road_are_not_where_the_crowds_were(riot_day):
    towns = {e.location.name for e in riot_day.events}
    assert "Takoradi" not in towns


MISSILE = """Rebels fire missile at army base in Marib, killing five soldiers

Rebel fighters fired a missile at an army base in the city of Marib on Wednesday, killing at least five soldiers, local officials said.

There was no immediate comment from the army, which has been battling the rebels for more than four years. A television channel said seven soldiers were killed in the attack.
"""


def test_the_dead_of_the_attack_named_again_join_it(extractor):
    result = extractor(Article(id="ye", text=MISSILE, published=dt.date(2019, 11, 14)))
    (strike,) = result.events  # the war's course is no event, the channel's toll is this one
    assert strike.location.name == "Marib"
    assert strike.fatalities.value == 5  # the most conservative figure
    assert 7 in [t.value for t in strike.tolls]  # the other figure kept beside it


BASE_RAID = """Militants storm army base in southern Somalia

A pre-dawn raid by militants on a military base near Kismayo has left at least 18 people dead, officials said on Sunday.

"We have lost five soldiers in this attack. Our troops have also killed 13 militants," an army officer said.
"""


def test_the_parts_of_a_toll_told_later_are_not_added_to_it(extractor):
    result = extractor(Article(id="so", text=BASE_RAID, published=dt.date(2019, 9, 22)))
    (raid,) = result.events
    assert raid.fatalities.value == 18  # five soldiers and 13 militants are the 18


TWO_DAYS = """Analysis: militants regroup in Iraq and Syria

Late last month, a column of militants in armoured vehicles mounted a fierce assault on army outposts near Deir ez-Zor.

The next day, in Iraq's northern Nineveh province, a roadside bomb killed four children as they travelled to school.

An attack such as the one near Deir ez-Zor reinforced a view widely held among officials.
"""


def test_the_next_day_tells_another_incident_and_an_example_none(extractor):
    result = extractor(Article(id="two", text=TWO_DAYS, published=dt.date(2018, 12, 21)))
    kinds = sorted(e.event_type for e in result.events)
    assert kinds == ["Battles", "Explosions/Remote violence"]  # the comparison is no third
    (bomb,) = [e for e in result.events if e.event_type == "Explosions/Remote violence"]
    assert bomb.fatalities.value == 4
    assert bomb.location.admin1 == "Nineveh"  # "Iraq's northern Nineveh province", not Iraq


OPERATIONS = """A soldier and eight militants killed in northwest Pakistan operations

A soldier was killed and at least eight militants were killed during operations in Khyber Pakhtunkhwa, the military said on Monday.

An operation was conducted in the general area of Datta Khel of North Waziristan district, the military said.

"During the operation, troops engaged the militants' hideout and five militants were killed," it added.

Another military official said six militants were killed.

The military further said that two more engagements took place in Bannu and Lakki Marwat, resulting in the killing of three militants.
"""


@pytest.fixture(scope="module")
def operations(extractor):
    return extractor(Article(id="pk-ops", text=OPERATIONS, published=dt.date(2025, 5, 6)))


def test_two_more_engagements_are_incidents_of_their_own(operations):
    tolls = {e.location.name: e.fatalities.value for e in operations.events[1:]}
    assert tolls == {"Bannu": 2, "Lakki Marwat": 1}  # their three dead, shared


def _first(result):
    return min(result.events, key=lambda e: e.evidence[0].start)


def test_another_officials_figure_is_the_same_incident(operations):
    assert len(operations.events) == 3  # the operation, Bannu and Lakki Marwat
    assert 6 in [t.value for t in _first(operations).tolls]  # kept beside its toll


SWEEP = """A soldier and eight militants killed in northwest Pakistan operations

A soldier was killed and at least eight militants were killed during operations in Khyber Pakhtunkhwa, the military said on Monday.

An operation was conducted in the general area of Spinwam, the military said.

"During the operation, troops engaged the militants' hideout and five militants were killed," it added.
"""


def test_an_operation_sentence_says_where_the_incident_was(extractor):
    # the sentence tells no act of its own, but places the incident told around it at
    # a village the gazetteer lacks, inside the province the lead named
    (sweep,) = extractor(Article(id="pk", text=SWEEP, published=dt.date(2025, 5, 6))).events
    assert (sweep.location.name, sweep.location.admin1) == ("Spinwam", "Khyber Pakhtunkhwa")


def test_two_days_named_are_one_event_each(extractor):
    # ACLED codes one event per day; a range of days stays one event
    text = (
        "On 6 and 7 October, clashes between militias in Kaga-Bandoro claimed three lives.\n\n"
        "Between 27 and 30 September, clashes in Kouango claimed 14 lives."
    )
    events = extractor(Article(id="cf", text=text, published=dt.date(2019, 10, 16))).events
    days = sorted((e.date.start_date, e.fatalities.value) for e in events)
    assert days == [
        (dt.date(2019, 9, 27), 14),
        (dt.date(2019, 10, 6), 2),
        (dt.date(2019, 10, 7), 1),
    ]


SITREP = """Attacks on civilians raise protection concerns

The killing of 12 civilians by armed groups in Dikwa on 20 May underlines serious protection concerns.

In neighbouring Ngala, a roadside bomb exploded near a camp, wounding four children.
"""


def test_in_neighbouring_town_tells_another_incident(extractor):
    result = extractor(Article(id="ng", text=SITREP, published=dt.date(2022, 7, 6)))
    towns = sorted((e.location.name, e.event_type) for e in result.events)
    assert towns == [
        ("Dikwa", "Violence against civilians"),
        ("Ngala", "Explosions/Remote violence"),
    ]


def test_attacks_summed_over_days_are_one_event_each(extractor):
    # ACLED: one event per place and day; bombs of one day in one town stay one event
    text = (
        "The killing of 60 civilians by armed groups in two attacks in Dikwa between late "
        "May and early June underlines serious protection concerns."
    )
    events = extractor(Article(id="ng", text=text, published=dt.date(2022, 7, 6))).events
    assert [e.fatalities.value for e in events] == [30, 30]
    one_day = "Three car bombs killed nine people in Baghdad on Monday."
    (bombs,) = extractor(Article(id="iq", text=one_day, published=dt.date(2022, 7, 6))).events
    assert bombs.fatalities.value == 9


WEEKLY = """Coalition, partner forces press militants in the valley

By Task Force Public Affairs

The coalition continued supporting partner forces with precision air strikes and coordinated fires in the river valley between Dec. 30, 2018, - Jan. 6, 2019.

In Syria, partner forces liberated the town of Hajin, defeating militants despite their use of booby-trapped buildings.
"""


def test_items_of_a_weekly_release_happened_in_its_period(extractor):
    result = extractor(Article(id="wk", text=WEEKLY, published=dt.date(2019, 1, 15)))
    (town,) = [e for e in result.events if e.location and e.location.name == "Hajin"]
    # not the day before publication: the week the release reports on
    assert (town.date.start_date, town.date.end_date) == (
        dt.date(2018, 12, 30),
        dt.date(2019, 1, 6),
    )


UPDATE = """Attacks on displaced people raise protection concerns in Borno

Gunmen killed 14 farmers in an attack on Kashimri village near Gwoza on 2 June, community leaders said.

In neighbouring Bama LGA, a mortar bomb found by children outside a camp for displaced people exploded, killing two of them.

In the town of Konduga, armed men fired rockets into a camp for displaced people on 18 June. The attack wounded nine women.

The killings of the farmers near Gwoza were condemned by the state governor.
"""


@pytest.fixture(scope="module")
def update(extractor):
    return extractor(Article(id="ocha-update", text=UPDATE, published=dt.date(2025, 7, 8)))


def test_each_town_of_an_update_is_its_own_incident(update):
    places = sorted(e.location.name for e in update.events if e.location)
    assert places == ["Bama", "Kashimri", "Konduga"]


def test_an_undated_item_of_an_update_happened_in_the_weeks_it_covers(update):
    (bomb,) = [e for e in update.events if e.location and e.location.name == "Bama"]
    # not the eve of publication (7 July): the update tells incidents from 2 June on
    assert bomb.date.start_date == dt.date(2025, 6, 2)
    assert bomb.date.end_date == dt.date(2025, 7, 8)


def test_the_killings_named_with_their_place_join_that_incident(update):
    (farmers,) = [e for e in update.events if e.location and e.location.name == "Kashimri"]
    assert any("condemned" in ev.text for ev in farmers.evidence)
    assert farmers.fatalities.value == 14


RELEASE = """Troops neutralise 21 terrorists in two weeks

The Defence Headquarters said troops of Operation Hadin Kai had, in the past two weeks, neutralised 21 terrorists and arrested 17 others across the North-East.

The Director of Defence Media Operations said this on Thursday while briefing journalists in Abuja.

He said troops, on 14 March, dealt a heavy blow to the terrorists at Bita and Chikide in the Gwoza Local Government Area of Borno State.

Several hideouts were destroyed during the encounter, he said.

"Troops also neutralised 21 terrorists and arrested 17 suspected collaborators," he said.
"""


def test_a_release_sums_its_weeks_and_tells_one_encounter(extractor):
    result = extractor(Article(id="dhq", text=RELEASE, published=dt.date(2025, 3, 27)))
    (event,) = result.events
    assert event.event_type == "Battles"
    assert event.date.start_date == dt.date(2025, 3, 14)  # the day the sentence before gave
    assert event.location.admin1 == "Borno"
    # the two weeks' sums are figures, however often they are told
    assert {f.value for f in result.figures} >= {21, 17}


STATEMENT = """Kurdish-led forces repel attack on villages east of the Euphrates

The Syrian Democratic Forces (SDF) said on Sunday that gunmen backed by the Syrian government attacked the village of Dhiban at dawn, and that the SDF repelled them after hours of fighting.

"Our forces confronted the attackers and killed eleven of them," the SDF said in a statement. "Two of our fighters were killed during the clashes."
"""


def test_our_forces_in_an_armed_groups_statement_are_that_group(extractor):
    result = extractor(Article(id="sdf", text=STATEMENT, published=dt.date(2023, 11, 5)))
    (event,) = result.events
    sides = {a.name for a in (event.actor1, event.actor2) if a is not None}
    assert "Syrian Democratic Forces" in sides
    assert "Military Forces of Syria" not in {a.name for a in (event.actor1,) if a}


def test_the_day_in_a_sentence_between_two_of_a_strike_dates_it(extractor):
    text = (
        "Two RAF jets conducted an air strike against Islamic State fighters in northern Iraq, "
        "the Ministry of Defence said.\n\n"
        "The aircraft located a group of fighters in caves south of Makhmour on 3 May.\n\n"
        "The jets then used guided bombs to destroy the caves."
    )
    (event,) = extractor(Article(id="raf", text=text, published=dt.date(2024, 5, 17))).events
    assert event.date.start_date == dt.date(2024, 5, 3)


RAMPAGE = """Rebels kill eight in villages near Oicha

Rebels went on a rampage in villages around the town of Oicha at the weekend, killing at least eight people, local officials said.

The first attack came on Friday night in the village of Kalunguta, where three people were killed.

On Sunday the rebels attacked the village of Mamove, killing two farmers. The rebels moved on to the village of Ntoma, where the death toll stands at three.
"""


def test_a_weekend_told_first_and_then_day_by_day_is_their_sum(extractor):
    result = extractor(Article(id="rampage", text=RAMPAGE, published=dt.date(2021, 10, 11)))
    places = sorted(e.location.name for e in result.events if e.location)
    assert places == ["Kalunguta", "Mamove", "Ntoma"]  # no fourth event for the weekend


def test_the_next_village_the_raiders_moved_on_to_is_its_own_incident(extractor):
    result = extractor(Article(id="rampage", text=RAMPAGE, published=dt.date(2021, 10, 11)))
    (ntoma,) = [e for e in result.events if e.location and e.location.name == "Ntoma"]
    assert ntoma.date.start_date == dt.date(2021, 10, 10)  # Sunday, as the village before
    assert ntoma.fatalities.value == 3 and ntoma.event_type == "Violence against civilians"
    (mamove,) = [e for e in result.events if e.location and e.location.name == "Mamove"]
    assert mamove.fatalities.value == 2  # Ntoma's dead are not added to Mamove's


def test_the_day_a_statement_was_made_does_not_redate_the_incident(extractor):
    # the bundled page: a strike late on Monday, a statement about it on Tuesday
    from pathlib import Path

    from rasid import sources

    page = Path(__file__).parents[1] / "src" / "rasid" / "examples" / "syria-border.html"
    (article,) = sources.read([page])
    (event,) = extractor(article).events
    assert event.location.name == "Al-Qaim"
    assert event.date.start_date == dt.date(2025, 6, 16)


BODIES = """Gunmen kill 11 villagers in central Nigeria

JOS, Nigeria (River Wire) - Gunmen killed 11 people in an overnight attack on Kwall village in Plateau state, police said on Tuesday.

The attackers stormed the village late on Monday, shooting residents and burning houses, police spokesman Alabo Alfred said. Six other people were wounded.

A resident, Daniel Bulus, said 13 bodies had been recovered by Tuesday morning. "They came on motorcycles and started shooting," he said.
"""


def test_bodies_counted_the_next_morning_are_the_attacks_dead(extractor):
    result = extractor(Article(id="ng-bodies", text=BODIES, published=dt.date(2023, 5, 16)))
    violent = [e for e in result.events if e.event_type != "Strategic developments"]
    assert len(violent) == 1, [e.summary for e in violent]
    (attack,) = violent
    assert attack.date.start_date == dt.date(2023, 5, 15)
    # the police toll is the report's own; the residents' count is kept beside it
    assert attack.fatalities.value == 11
    assert 13 in [t.value for t in attack.tolls]


SEPARATE_OPS = """Troops neutralise 7 terrorists, rescue 12 kidnapped victims in Borno

The Defence Headquarters says troops of Operation Hadin Kai neutralised seven Boko Haram terrorists and rescued 12 kidnapped victims in separate operations in Borno State.

He said that on 14 March, troops made contact with the terrorists at Sabon Gari in Damboa Local Government Area, neutralising four of them and recovering two AK-47 rifles.

In a similar operation on 15 March, troops ambushed the terrorists along the Bama-Banki road, neutralising three and rescuing 12 kidnapped victims.
"""


def test_a_sum_of_separate_operations_is_not_added_to_the_first(extractor):
    result = extractor(Article(id="ng-ops", text=SEPARATE_OPS, published=dt.date(2024, 3, 21)))
    tolls = {e.date.start_date.day: e.fatalities.value for e in result.events if e.fatalities}
    assert tolls == {14: 4, 15: 3}  # not 7 on the first, 3 on the second


PARTY = """Gunmen kill eight at party in Mexico's Guanajuato state

MEXICO CITY, Oct 2 (River Wire) - Gunmen burst into a private party in the central Mexican state of Guanajuato late on Sunday and opened fire, killing eight people and wounding five, local authorities said on Monday.

The attack took place in the municipality of Salvatierra, the state prosecutor's office said.

Guanajuato has for years been the Mexican state with the most homicides, as cartels fight over fuel theft and drug trafficking routes.

Thousands of soldiers have patrolled the state since launching an offensive against the gangs on 10 May.
"""


def test_a_habit_told_in_the_present_does_not_join_or_retype_the_incident(extractor):
    result = extractor(Article(id="mx-party", text=PARTY, published=dt.date(2023, 10, 2)))
    (attack,) = result.events
    assert attack.event_type == "Violence against civilians"  # not a battle of the cartels
    assert not any("cartels fight" in ev.text for ev in attack.evidence)


BOTH_SIDES = """Al Shabaab attacks Somali army base, both sides claim victory

MOGADISHU, Sept 5 (River Wire) - Al Shabaab fighters attacked a Somali army base in the town of Bulo Burte in Hiiraan region on Tuesday, sparking hours of fighting, residents and officials said.

The militant group said in a statement on its radio that it had killed 27 soldiers and seized weapons. The army said it repelled the attack and killed 40 militants, while losing five soldiers.
"""


def test_each_sides_account_of_one_attack_is_one_event(extractor):
    result = extractor(Article(id="so-base", text=BOTH_SIDES, published=dt.date(2023, 9, 5)))
    (battle,) = result.events
    assert battle.location.name == "Bulo Burte"
    assert battle.actor1.name == "Al-Shabaab"


TWO_VILLAGES = """ADF rebels kill 14 in eastern Congo villages

BENI, Democratic Republic of Congo, June 9 (River Wire) - Suspected Allied Democratic Forces rebels killed at least 14 civilians in overnight attacks on two villages in North Kivu province, local officials said on Friday.

The attackers struck the village of Mukondi in Beni territory with machetes and guns late on Thursday, killing nine people, then moved on to nearby Mausa, where five more were killed, a civil society leader said.
"""


def test_the_sum_of_attacks_on_two_villages_is_not_one_more_event(extractor):
    result = extractor(Article(id="cd-villages", text=TWO_VILLAGES, published=dt.date(2023, 6, 9)))
    assert sum(e.fatalities.value for e in result.events if e.fatalities) == 14
    assert all(e.location.country == "CD" for e in result.events)


CONVOY = """JNIM claims attack on Mali army convoy that killed 15 soldiers

BAMAKO, July 2 (River Wire) - Al Qaeda's Sahel affiliate JNIM said on Tuesday it had ambushed a Malian army convoy near the town of Boni in the Mopti region on Monday, killing 15 soldiers.
"""


def test_the_day_it_said_is_not_the_day_it_ambushed_and_the_affiliate_is_the_side(extractor):
    result = extractor(Article(id="ml-convoy", text=CONVOY, published=dt.date(2024, 7, 2)))
    (ambush,) = result.events  # the headline and the lead: one ambush
    assert ambush.date.start_date == dt.date(2024, 7, 1)  # Monday, not Tuesday
    assert ambush.actor1.name == "Jama'at Nusrat al-Islam wal-Muslimin"  # not Al-Qaeda


LYNCHING = """Mob lynches two men accused of theft in Haiti's capital

PORT-AU-PRINCE, May 15 (River Wire) - A mob beat and burned to death two men accused of stealing a motorcycle in the Delmas neighbourhood of Port-au-Prince on Sunday, police said.

The United Nations said last week that more than 600 people were killed in gang violence in Haiti in April alone.
"""


def test_a_neighbourhood_of_a_city_is_one_place_on_the_day_the_sentence_names(extractor):
    result = extractor(Article(id="ht-mob", text=LYNCHING, published=dt.date(2023, 5, 15)))
    (mob,) = result.events
    assert mob.location.name == "Delmas" and mob.fatalities.value == 2
    assert mob.date.start_date == dt.date(2023, 5, 14)  # Sunday, not April's total


HIGHWAY = """Gunmen abduct 20 passengers on highway in Nigeria's Kogi state

LOKOJA, Nigeria, Feb 3 (River Wire) - Gunmen abducted at least 20 passengers travelling on the Lokoja-Abuja highway in Kogi state on Sunday evening, police said on Monday.
"""


def test_the_day_inside_the_act_beats_the_day_it_was_told_and_a_road_is_no_side(extractor):
    result = extractor(Article(id="ng-highway", text=HIGHWAY, published=dt.date(2025, 2, 3)))
    (abduction,) = result.events
    assert abduction.date.start_date == dt.date(2025, 2, 2)  # Sunday evening
    assert abduction.actor2 is None or "Lokoja" not in abduction.actor2.name


SAHEL = """Analysis: Sahel juntas bet on Russia as jihadist violence spreads

DAKAR, Feb 20 (River Wire) - In Burkina Faso, jihadists killed more than 8,000 people last year, according to ACLED. In Niger, an attack on a military convoy near the Malian border killed 29 soldiers in October.

Analysts warn that the violence could spill into coastal states. Benin and Togo have already suffered deadly attacks near their northern borders.
"""


def test_a_record_of_attacks_is_no_incident_and_the_army_is_the_countrys_own(extractor):
    result = extractor(Article(id="sahel", text=SAHEL, published=dt.date(2024, 2, 20)))
    (convoy,) = result.events  # Benin and Togo's "have suffered attacks" is a record
    assert convoy.location.country == "NE"
    assert convoy.actor2 is not None and convoy.actor2.name == "Military Forces of Niger"


SIEGE = """Death toll from Mogadishu hotel siege rises to 21

MOGADISHU, Aug 20 (River Wire) - The death toll from an al Shabaab attack on a hotel in the Somali capital Mogadishu rose to 21 on Saturday as security forces ended a 30-hour siege, the health minister said.

Gunmen stormed the Hayat Hotel on Friday evening after two car bombs exploded outside, and fought security forces floor by floor. At least 117 people were wounded.

Earlier on Friday, a roadside bomb killed three soldiers in the Lower Shabelle region, a military officer said.
"""


def test_the_day_a_toll_rose_is_not_the_day_of_the_attack(extractor):
    result = extractor(Article(id="so-siege", text=SIEGE, published=dt.date(2022, 8, 20)))
    places = {e.location.name: e for e in result.events}
    assert set(places) == {"Mogadishu", "Lower Shabelle"}
    siege = places["Mogadishu"]
    assert siege.date.start_date == dt.date(2022, 8, 19) and siege.fatalities.value == 21


def test_an_act_told_as_a_day_later_in_the_lead_is_its_own_incident_on_that_day(extractor):
    text = (
        "Rebels seized the town of Sange in South Kivu province on Monday after heavy "
        "fighting with the army, residents said, and a rocket struck a crowded neighbourhood "
        "of the nearby city of Uvira a day later, killing at least three civilians."
    )
    events = extractor(Article(id="later", text=text, published=dt.date(2025, 6, 11))).events
    rocket = next(e for e in events if e.event_type == "Explosions/Remote violence")
    assert rocket.date.start_date == dt.date(2025, 6, 10)
    assert rocket.location.name == "Uvira"
    assert rocket.fatalities.value == 3
    seized = next(e for e in events if e is not rocket)
    assert seized.date.start_date == dt.date(2025, 6, 9)


def test_the_later_act_takes_its_day_from_the_first_once_the_report_gives_it(extractor):
    text = (
        "Insurgents beheaded at least five villagers in Mozambique's Cabo Delgado province, "
        "officials said, and troops clashed with the militants two days later near the coastal "
        "town of Mocimboa da Praia.\n\n"
        "The attackers arrived in Litamanda village late Friday afternoon and beheaded five men."
    )
    events = extractor(Article(id="later2", text=text, published=dt.date(2025, 2, 25))).events
    days = sorted((e.event_type, e.date.start_date) for e in events)
    assert days == [
        ("Battles", dt.date(2025, 2, 23)),
        ("Violence against civilians", dt.date(2025, 2, 21)),
    ]


def test_two_acts_of_one_headline_are_two_incidents(extractor):
    text = (
        "M23 rebels seize town in South Kivu; rocket kills civilians in Uvira\n\n"
        "Rebels seized the town of Sange on Monday after heavy fighting with the army. On "
        "Tuesday a rocket landed in Uvira, killing three people."
    )
    events = extractor(Article(id="two-acts", text=text, published=dt.date(2025, 6, 11))).events
    assert len(events) == 2


def test_an_act_told_as_a_day_before_in_the_lead_is_its_own_incident(extractor):
    text = (
        "Al-Shabaab jihadists fired mortar rounds at the Halane compound next to Mogadishu's "
        "airport on Wednesday, police said, a day after a suicide car bombing killed at least "
        "five soldiers at a checkpoint in the Lower Shabelle region."
    )
    events = extractor(Article(id="before", text=text, published=dt.date(2024, 2, 8))).events
    kinds = sorted((e.sub_event_type, e.date.start_date) for e in events)
    assert kinds == [
        ("Shelling/artillery/missile attack", dt.date(2024, 2, 7)),
        ("Suicide bomb", dt.date(2024, 2, 6)),
    ]


def test_the_harm_and_the_blast_it_came_from_stay_apart_from_a_shooting_in_one_lead(extractor):
    text = (
        "Two paramilitary rangers were wounded when a roadside bomb went off beside their "
        "foot patrol in Rueso district on Tuesday morning, and a village headman was shot "
        "dead in neighbouring Pattani province later the same day.\n\n"
        "Bomb disposal officers found that the device had been packed into a gas cylinder."
    )
    events = extractor(Article(id="two", text=text, published=dt.date(2024, 6, 19))).events
    types = sorted(e.event_type for e in events)
    assert types == ["Explosions/Remote violence", "Violence against civilians"]


def _report(extractor, text, published=dt.date(2025, 4, 15)):
    return extractor(Article(id="t", text=text, published=published)).events


def test_the_third_victim_of_an_attack_is_not_a_third_incident(extractor):
    text = (
        "Third police officer dies after gunmen attack checkpoint in Dagestan\n\n"
        "MOSCOW (Wire) - A third police officer has died in hospital after gunmen opened "
        "fire on a traffic police checkpoint on the outskirts of Makhachkala on Sunday, "
        "officials said.\n\n"
        "On March 3, two men fired on a police patrol car in the city of Derbent, wounding "
        "an officer."
    )
    events = _report(extractor, text)
    days = sorted(str(e.date.start_date) for e in events if e.event_type == "Battles")
    assert days == ["2025-03-03", "2025-04-13"]  # the headline joins Sunday's attack


def test_one_of_the_wounded_dying_next_day_is_the_same_attack(extractor):
    text = (
        "Gunmen opened fire on a police checkpoint near Makhachkala late on Sunday, killing "
        "two officers and wounding two others. One of the wounded, a 27-year-old sergeant, "
        "died at the republican clinical hospital in Makhachkala on Monday evening."
    )
    (event,) = _report(extractor, text)
    assert str(event.date.start_date) == "2025-04-13"  # the attack's day, not the death's


def test_the_police_and_the_crowd_they_fired_on_are_one_protest(extractor):
    text = (
        "One shot dead as police fire tear gas, live bullets at Gen Z protesters in Nairobi\n\n"
        "NAIROBI (Wire) - One man was shot dead and at least 11 other people were injured on "
        "Thursday as police fired tear gas and live rounds at thousands of young protesters "
        "in Nairobi."
    )
    (event,) = _report(extractor, text, dt.date(2026, 6, 26))
    assert (event.event_type, event.actor1.name) == ("Protests", "Police Forces of Kenya")
    assert event.fatalities.value == 1


def test_the_lead_tells_the_headlines_attack_whatever_else_the_headline_names(extractor):
    text = (
        "TPNPB attack on Hitadipa army post kills soldier; residents flee to Sugapa\n\n"
        "SUGAPA - A soldier was killed and another seriously wounded when members of the "
        "TPNPB attacked a military post in Kampung Hitadipa, Hitadipa district, Intan Jaya "
        "regency, on Sunday morning, military officials said. The wounded soldier was "
        "evacuated by helicopter to Timika.\n\n"
        "Hours after the attack, soldiers pursued the attackers towards Kampung Titigi, about "
        "6 km from Sugapa. The military said troops came under fire near the village and "
        "shot dead one TPNPB member.\n\n"
        "Last Thursday, armed men set fire to the village's school in Sugapa."
    )
    events = _report(extractor, text, dt.date(2025, 11, 18))
    # the headline's attack is Sunday's, not last Thursday's arson
    attacks = [str(e.date.start_date) for e in events if e.event_type == "Battles"]
    assert attacks == ["2025-11-16"]


def test_the_dead_of_gunshot_wounds_in_hospital_are_the_protests_dead(extractor):
    text = (
        "Police fired tear gas and live ammunition at demonstrators in Maputo on Thursday, "
        "killing at least three people.\n\n"
        "Staff at Maputo Central Hospital said three people had died of gunshot wounds.\n\n"
        "The unrest began on Wednesday, when police fired tear gas to disperse small groups "
        "gathering in Maputo; no deaths were reported."
    )
    events = _report(extractor, text, dt.date(2024, 11, 8))
    tolls = {str(e.date.start_date): e.fatalities.value if e.fatalities else 0 for e in events}
    assert tolls == {"2024-11-07": 3, "2024-11-06": 0}


def test_an_operations_end_and_its_wounded_the_next_day_are_the_same_incident(extractor):
    text = (
        "A cordon and search operation was launched by troops in the forest above Kalaroos "
        "village, about 10 km north-east of Kupwara town in India, on Monday morning. As the "
        "search party closed in on a hideout, the hiding terrorists fired upon the troops, "
        "and one terrorist was neutralised. One soldier sustained gunshot injuries and was "
        "evacuated to 92 Base Hospital, Srinagar.\n\n"
        "One AK-56 rifle and three magazines were recovered from the encounter site. As per "
        "police, the killed terrorist has been identified as a Pakistani national who had "
        "been active in the Lolab and Handwara belt since last year, affiliated with a "
        "proscribed outfit that has long operated along the Line of Control. Police have "
        "registered a case and further investigation is in progress, officials said, adding "
        "that the area remained cordoned off overnight as a precaution. The search "
        "operation was concluded on Tuesday morning."
    )
    (event,) = _report(extractor, text, dt.date(2025, 11, 4))
    assert str(event.date.start_date) == "2025-11-03"


def test_a_mission_and_the_police_it_supports_are_no_rival_sides(probe_events):
    # "the Kenyan-led MSS mission" and "neighborhoods retaken by the police": one side
    events = probe_events("probe:e-haiti-mss-gangs-analysis")
    assert len(events) == 1
