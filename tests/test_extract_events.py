"""One-sentence reports through the whole extractor: type, fatalities, modality, date.

Each row is a headline or a body sentence as a wire would write it, with what
an ACLED coder would record for its first event.  Rows Rasid gets wrong today
are marked ``xfail(strict=True)`` with the reason; they pass once fixed.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from rasid.records import Article, ArticleResult

D = dt.date
PUBLISHED = D(2024, 12, 31)  # a Tuesday: "Sunday" is 29 December, "Monday" 30, "Friday" 27

BATTLE = ("Battles", "Armed clash")
VAC = ("Violence against civilians", "Attack")
ABDUCTION = ("Violence against civilians", "Abduction/forced disappearance")
ARRESTS = ("Strategic developments", "Arrests")
SUICIDE = ("Explosions/Remote violence", "Suicide bomb")
IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
AIR = ("Explosions/Remote violence", "Air/drone strike")
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
GRENADE = ("Explosions/Remote violence", "Grenade")
PEACEFUL = ("Protests", "Peaceful protest")
EXCESSIVE = ("Protests", "Excessive force against protesters")
RIOT = ("Riots", "Violent demonstration")
RECAPTURE = ("Battles", "Government regains territory")
DISRUPTED = ("Strategic developments", "Disrupted weapons use")

_counter = itertools.count()


def run(extractor, text: str, published: dt.date | None = PUBLISHED) -> ArticleResult:
    article = Article(id=f"t{next(_counter)}", text=text, published=published)
    result = extractor(article)
    assert result.errors == ()
    return result


def xfail(reason: str):
    return pytest.mark.xfail(raises=AssertionError, reason=reason, strict=True)


# text, (event type, sub-event type), fatalities, details of the first event:
#   qualifier: of the fatality count; counts: {kind: value} of its other counts;
#   date: resolved event day; modality: "reported" unless given.
CODED = [
    # explosions and remote violence
    ("Suicide bomber kills 34 at crowded checkpoint in Baghdad", SUICIDE, 34, {}),
    ("Suicide Bomber Kills 34 At Crowded Checkpoint In Baghdad", SUICIDE, 34, {}),
    (
        "Thirty five people were killed in a suicide attack in Baghdad on Monday.",
        SUICIDE,
        35,
        {"date": D(2024, 12, 30)},
    ),
    (
        "Air strikes killed at least 14 militants near Hit.",
        AIR,
        14,
        {"qualifier": "at_least"},
    ),
    ("Turkish drone strike kills two PKK fighters in northern Iraq", AIR, 2, {}),
    ("Three car bombs kill nine, wound 29 in Baghdad", IED, 9, {"counts": {"wounded": 29}}),
    ("A car bomb went off in a busy market in Baghdad, killing 12 people.", IED, 12, {}),
    ("Roadside bomb kills two soldiers in Salahuddin", IED, 2, {}),
    ("Nearly 40 killed in Baghdad bombings", IED, 40, {"qualifier": "about"}),
    (
        "Two policemen were wounded when a bomb exploded in Kirkuk.",
        IED,
        None,
        {"counts": {"wounded": 2}},
    ),
    ("Shelling killed 6 civilians in Tal Afar on Monday.", SHELLING, 6, {"date": D(2024, 12, 30)}),
    ("Rocket attack kills 3 near Baghdad airport", SHELLING, 3, {}),
    pytest.param(
        "Mortar rounds killed four civilians in Diyala on Sunday.",
        SHELLING,
        4,
        {},
    ),
    pytest.param(
        "Militants set off a roadside bomb in Kirkuk on Sunday, killing three soldiers.",
        IED,
        3,
        {"date": D(2024, 12, 29)},
    ),
    pytest.param(
        "A grenade attack wounded four policemen in Mosul on Sunday.",
        GRENADE,
        None,
        {"counts": {"wounded": 4}},
    ),
    # battles
    ("Eight soldiers killed in Anbar fighting", BATTLE, 8, {}),
    (
        "Clashes between Kurdish forces and Islamic State fighters killed 25 on Monday.",
        BATTLE,
        25,
        {"date": D(2024, 12, 30)},
    ),
    (
        "Iraqi troops clashed with Islamic State militants near Fallujah on Sunday.",
        BATTLE,
        None,
        {"date": D(2024, 12, 29)},
    ),
    # a vague word gives no number to add up, only the range it is consistent with
    (
        "Security forces killed dozens of militants in Anbar.",
        BATTLE,
        None,
        {"vague": (13, 99)},
    ),
    (
        "Between 20 and 30 militants were killed in the fighting on Sunday.",
        BATTLE,
        20,
        {"qualifier": "range"},
    ),
    ("A dozen soldiers were killed in an ambush near Tikrit.", BATTLE, 12, {}),
    (
        "Islamic State claimed that its fighters killed 30 soldiers.",
        BATTLE,
        30,
        {"modality": "claimed"},
    ),
    ("Iraqi forces recaptured the town of Tikrit from Islamic State.", RECAPTURE, None, {}),
    # violence against civilians
    ("Gunmen kill 5 civilians in Diyala", VAC, 5, {}),
    ("Islamic State militants executed 20 civilians in Mosul.", VAC, 20, {}),
    ("Gunmen killed one hundred and twenty villagers in Sinjar.", VAC, 120, {}),
    ("Militants kidnapped a journalist in Mosul on Sunday.", ABDUCTION, None, {}),
    pytest.param(
        "Gunmen shot dead a journalist in Basra on Monday.",
        VAC,
        1,
        {"date": D(2024, 12, 30)},
    ),
    pytest.param(
        "Gunmen stormed a house in Diyala on Sunday, killing a family of five.",
        VAC,
        5,
        {},
    ),
    pytest.param(
        "Gunmen abducted five engineers in Kirkuk on Sunday.",
        ABDUCTION,
        None,
        {"counts": {"kidnapped": 5}},
    ),
    # strategic developments
    (
        "Police arrested 12 suspects in Mosul on Sunday.",
        ARRESTS,
        None,
        {"counts": {"arrested": 12}, "date": D(2024, 12, 29)},
    ),
    ("Police Arrest 12 Suspects In Mosul", ARRESTS, None, {"counts": {"arrested": 12}}),
    (
        "More than 200 suspects were detained in Mosul on Sunday.",
        ARRESTS,
        None,
        {"counts": {"arrested": 200}},
    ),
    pytest.param(
        "Police defused a bomb in Kirkuk on Sunday.",
        DISRUPTED,
        None,
        {},
    ),
    # protests and riots
    (
        "Hundreds of people protested in Basra on Friday over power cuts.",
        PEACEFUL,
        None,
        {"date": D(2024, 12, 27)},
    ),
    pytest.param(
        "Protesters rallied in Basra on Friday.",
        PEACEFUL,
        None,
        {"date": D(2024, 12, 27)},
    ),
    pytest.param(
        "Security forces opened fire on protesters in Nasiriyah, killing 4.",
        EXCESSIVE,
        4,
        {},
    ),
    pytest.param(
        "Protesters stormed the provincial council building in Basra on Friday.",
        RIOT,
        None,
        {},
    ),
    # an attack by aircraft named in the sentence comes from the air
    ("Jets struck militant positions near Idlib on Saturday.", AIR, None, {}),
    (
        "The air force said its jets struck a camp in the forest, killing dozens of fighters.",
        AIR,
        None,
        {"vague": (13, 99)},
    ),
    # the dead said of the victims after the verb
    ("A bombing in Mosul left 12 people dead on Monday.", IED, 12, {}),
    (
        "Militants attacked a base on Friday in fighting that left at least 14 soldiers "
        "and 30 militants dead.",
        BATTLE,
        44,
        {"qualifier": "at_least"},
    ),
    # one victim named without a number, in headline grammar
    ("Iraqi journalist killed in Mosul", VAC, 1, {}),
    # one wounded person named without a number; with an object, "wound" has an agent
    (
        "A farmer was wounded when a bomb went off near his house in Tikrit.",
        IED,
        None,
        {"counts": {"wounded": 1}},
    ),
    ("Gunmen wounded a journalist in Basra on Monday.", VAC, None, {"counts": {"wounded": 1}}),
    ("Policeman shot dead in Kirkuk", BATTLE, 1, {}),
    ("A drone strike hit a car near Idlib, killing a farmer.", AIR, 1, {}),
    ("Bomb kills a policeman in Kirkuk", IED, 1, {}),
    # "X among N killed": N is the whole toll, X part of it
    ("TV presenter among 19 killed in Baghdad bombings", IED, 19, {}),
    ("Bombs kill 12 in Baghdad, among them five policemen", IED, 12, {}),
    # an armed group killing people of no named side attacks civilians
    ("Islamic State militants killed 30 people near Mosul", VAC, 30, {}),
    # a headline's source tag is who said it, not who was killed
    ("Attacks kill four in Diyala: officials", BATTLE, 4, {}),
    # crowd-control weapons name the intervention, even in a purpose clause
    (
        "Police fired tear gas on Friday to disperse hundreds of protesters in Basra.",
        ("Protests", "Protest with intervention"),
        None,
        {"date": D(2024, 12, 27)},
    ),
    ("Attacks kill four civilians in Diyala: officials", VAC, 4, {}),
    # coordinated victim groups add up; a second verb's number does not
    ("A car bomb killed five soldiers and two civilians in Kirkuk.", IED, 7, {}),
    ("Five soldiers and two civilians were killed when a bomb exploded in Kirkuk.", IED, 7, {}),
    ("Car bomb kills six, wounds 30 near Mosul", IED, 6, {"counts": {"wounded": 30}}),
    ("A bomb killed a police commander and his driver in Kirkuk.", IED, 2, {}),
    ("Shelling killed two children and a woman near Idlib.", SHELLING, 3, {}),
    # what a raid or a storming did decides, not the raid
    ("Gunmen abducted 40 villagers in a raid near Kirkuk on Sunday.", ABDUCTION, None, {}),
    ("Gunmen stormed a village near Kirkuk on Sunday, killing two farmers.", VAC, 2, {}),
    # the weapons seized and the attacks that were the reason are not the event
    (
        "Security forces arrested 12 people and seized rocket launchers in Baghdad on Friday.",
        ARRESTS,
        None,
        {"counts": {"arrested": 12}, "date": D(2024, 12, 27)},
    ),
    (
        "Police arrested 12 people in Baghdad on Friday over rocket attacks on the Green Zone.",
        ARRESTS,
        None,
        {"counts": {"arrested": 12}},
    ),
    # the raid the arrests were made in is part of them
    (
        "Police raided a house in Mosul on Monday and arrested four suspects.",
        ARRESTS,
        None,
        {"counts": {"arrested": 4}},
    ),
    (
        "Police arrested six suspected militants in Baghdad who were planning bomb attacks.",
        ARRESTS,
        None,
        {"counts": {"arrested": 6}},
    ),
    # a date in the second of two coordinated clauses dates both
    (
        "Troops arrested four suspects and destroyed two tunnels near Kirkuk on Friday.",
        ARRESTS,
        None,
        {"date": D(2024, 12, 27)},
    ),
    # protesters who burn things riot; a force sent to disperse them intervenes
    ("Protesters set fire to tyres in Basra on Friday.", RIOT, None, {}),
    (
        "Police beat protesters to disperse a demonstration in Basra on Friday.",
        ("Protests", "Protest with intervention"),
        None,
        {},
    ),
    # a month's toll in another clause is not the day's toll
    ("A bomb killed 15 in Baghdad as the December toll topped 800.", IED, 15, {}),
    # a gerund's object that is a place-like word ("positions") is still shelled
    ("HTS fighters responded by shelling army positions near Saraqeb.", SHELLING, None, {}),
    # a headline's present tense the small model tags as a bare verb
    ("Gunmen kill Sunni cleric in Basra", VAC, 1, {}),
    # one victim and a number of others coordinated with it
    ("Shelling killed a woman and her two children near Idlib on Monday.", SHELLING, 3, {}),
    # a push into or toward a place is an advance; pushing for or on with something is not
    ("Iraqi troops push toward Mosul airport", RECAPTURE, None, {}),
    ("Iraqi forces pushed into Tikrit on Sunday.", RECAPTURE, None, {"date": D(2024, 12, 29)}),
    # a side's own dead, told by their side; whoever ambushed them is the attacker
    (
        "The police lost 16 officers in an ambush by bandits near Kirkuk.",
        BATTLE,
        16,
        {"actor1": "Unidentified armed group"},
    ),
    # villagers and soldiers killed in an attack on a village: the target decides (ACLED);
    # the weekend is one of last month's, and one attack's dead are no monthly total
    (
        "Last month, at least 100 villagers and soldiers were killed during a weekend "
        "attack on a village near Kaya.",
        VAC,
        100,
        {"qualifier": "at_least", "month": (2024, 11)},
    ),
    # lives a fight claimed are its dead
    ("Clashes between militias claimed 14 lives near Kirkuk on Sunday.", BATTLE, 14, {}),
    # a relative clause saying when it took place dates it
    (
        "Troops killed five militants near Kirkuk, which took place on Thursday, "
        "December 19, 2024.",
        BATTLE,
        5,
        {"date": D(2024, 12, 19)},
    ),
    # an attack aimed at villages, with no armed side among the dead, is on civilians
    (
        "At least 12 people were killed in attacks on villages in Maru district on Monday.",
        VAC,
        12,
        {"date": D(2024, 12, 30), "qualifier": "at_least"},
    ),
    # a strike carried out "against" a group is an occurrence, not the notion of a fight
    (
        "Two RAF jets conducted an air strike against Islamic State fighters near Mosul on Monday.",
        AIR,
        None,
        {"date": D(2024, 12, 30)},
    ),
    # a place taken decides, whatever weapons the defenders used; an armed group took it
    (
        "The Syrian Democratic Forces liberated the town of Hajin despite the use of "
        "improvised explosive devices.",
        ("Battles", "Non-state actor overtakes territory"),
        None,
        {},
    ),
]


def _first(row) -> str:
    return (row.values if hasattr(row, "values") else row)[0]


@pytest.mark.parametrize(
    ("text", "types", "fatalities", "details"), CODED, ids=[_first(r) for r in CODED]
)
def test_coded_event(extractor, text, types, fatalities, details):
    result = run(extractor, text)
    assert result.events, f"no event; mentions: {[e.modality for e in result.mentions]}"
    event = result.events[0]
    assert (event.event_type, event.sub_event_type) == types
    assert event.modality == details.get("modality", "reported")
    if "vague" in details:
        f = event.fatalities
        assert (f.value, f.low, f.high, f.qualifier) == (None, *details["vague"], "vague")
    elif fatalities is None:
        assert event.fatalities is None
    else:
        assert event.fatalities is not None
        assert event.fatalities.value == fatalities
        assert event.fatalities.qualifier == details.get("qualifier", "exact")
    for kind, value in details.get("counts", {}).items():
        assert [c.value for c in event.counts if c.kind == kind] == [value]
    if "date" in details:
        assert (event.date.start_date, event.date.end_date) == (details["date"], details["date"])
    if "month" in details:
        assert (event.date.start_date.year, event.date.start_date.month) == details["month"]
    if "actor1" in details:
        assert event.actor1 is not None and event.actor1.name == details["actor1"]


# text, published, modality of the mention it leaves (None: no mention at all)
NOT_CODED = [
    # a period hung on the last of coordinated verbs makes all of them totals
    (
        "Numan said CTS units had killed 65 IS members and arrested 140 others since the "
        "beginning of the year.",
        PUBLISHED,
        None,
    ),
    # securing the scene is police work, not territory
    ("Police arrived quickly and secured the area.", PUBLISHED, None),
    # aircraft seen are no strike
    ("Syrian warplanes were seen over Idlib on Saturday.", PUBLISHED, None),
    # negation
    ("Police said the gunmen did not kill anyone.", PUBLISHED, "negated"),
    ("The army said its troops had not killed any civilians.", PUBLISHED, "negated"),
    # hypotheses, fears and threats
    (
        "If prisoners are released, they may attack towns, officials said.",
        PUBLISHED,
        "hypothetical",
    ),
    ("Officials fear militants could launch attacks on the capital.", PUBLISHED, "hypothetical"),
    ("Militants will attack the city, a commander warned.", PUBLISHED, "threatened"),
    # denials
    ("The army denied that its troops killed civilians.", PUBLISHED, "denied"),
    # background from years ago
    ("The group seized the city in 2014.", PUBLISHED, "historical"),
    ("The rebels captured the town in 2017, residents recalled.", PUBLISHED, "historical"),
    # a yearly total is a figure, not an event
    ("84 militants were killed in 2024, the agency said.", D(2025, 1, 5), None),
    # casualties nobody reported
    ("The army did not mention civilian casualties.", PUBLISHED, "negated"),
    # attacks that are only possible or coming
    ("Such devices give little indication of an impending attack.", PUBLISHED, "hypothetical"),
    ("Officials warned of possible strikes on the capital.", PUBLISHED, "hypothetical"),
    # a kind of weapon, a century ago, words of war in other senses
    ("Instructions for building such bombs are online.", PUBLISHED, None),
    (
        "Imam Shamil led fierce resistance by tribesmen in the 19th century.",
        PUBLISHED,
        "historical",
    ),
    ("The figures demonstrate that this is often not the case.", PUBLISHED, None),
    ("Reports added to the mystery surrounding the incident.", PUBLISHED, None),
    # a toll counted from the start of a war or an offensive is a running total
    ("More than 150,000 people have been killed since the war began in 2015.", PUBLISHED, None),
    ("At least 20 soldiers have been killed since the start of the offensive.", PUBLISHED, None),
    # pushing for something, or on with it, is politics
    ("Trump pushes on with tax plan", PUBLISHED, None),
    ("The party pushed for reform in Baghdad on Monday.", PUBLISHED, None),
    # a record number of people killed is a trend, not an incident
    (
        "The situation has worsened, with a record number of civilians killed by fighters.",
        PUBLISHED,
        "generic",
    ),
    # a conflict's course and blame for many acts
    (
        "Herders, who have had a long-running battle with farmers, are blamed for it.",
        PUBLISHED,
        "generic",
    ),
    (
        "Officials say bandits are responsible for the kidnappings in the northwest.",
        PUBLISHED,
        "generic",
    ),
    # a side's acts in general
    ("The Kremlin declared a state of war, justifying its offensives.", PUBLISHED, None),
    # lives saved are no deaths
    ("The rescue operation in Mosul saved 40 lives on Monday.", PUBLISHED, None),
    # a court's sentence is no killing
    ("A court in Baghdad sentenced three men to death on Monday.", PUBLISHED, None),
    # attacks of a kind, before now
    (
        "No group claimed the bombing, but Baloch separatists and the Taliban militants were "
        "involved in such attacks in the past.",
        PUBLISHED,
        "generic",
    ),
    # an act going on alongside one that will be done is still to come
    (
        "We will continue to support them as they free northeast Syria from the grip of ISIS.",
        PUBLISHED,
        "planned",
    ),
    # what was done everywhere in a province over a week is a sum
    (
        "In Iraq, coalition and partner forces destroyed more than 600 IEDs throughout "
        "the Anbar province.",
        PUBLISHED,
        "generic",
    ),
    # a course of action, going on, with no toll: no incident
    (
        "The group, which holds Sanaa and most of Yemen's big cities, denies being a proxy "
        "of Iran and says it is fighting a corrupt system.",
        PUBLISHED,
        "generic",
    ),
    # the sums of the weeks before the report, however the parser hangs the period
    (
        "The army said troops had, in the past two weeks, neutralised 21 terrorists and "
        "arrested 17 others across the North-East.",
        PUBLISHED,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "published", "modality"), NOT_CODED, ids=[_first(r) for r in NOT_CODED]
)
def test_not_coded(extractor, text, published, modality):
    result = run(extractor, text, published)
    assert result.events == ()
    if modality is None:
        assert result.mentions == ()
    else:
        assert [e.modality for e in result.mentions][:1] == [modality]


def test_yearly_total_is_kept_as_a_figure(extractor):
    result = run(extractor, "84 militants were killed in 2024, the agency said.", D(2025, 1, 5))
    assert [(f.value, f.qualifier) for f in result.figures] == [(84, "exact")]
    assert "2024" in result.figures[0].period


def test_monthly_toll_is_a_figure_and_the_days_deaths_an_event(extractor):
    text = "Bombings in Diyala kill 15 as January toll tops 800"
    result = run(extractor, text, D(2014, 2, 1))
    (event,) = result.events
    assert event.fatalities.value == 15
    assert [f.value for f in result.figures] == [800]
    assert result.figures[0].text == "800"


@pytest.mark.parametrize("published", [D(2014, 2, 1), D(2024, 12, 31)])
def test_toll_period_is_not_the_date_of_the_days_event(extractor, published):
    result = run(extractor, "Bombings in Diyala kill 15 as January toll tops 800", published)
    assert len(result.events) == 1, [e.modality for e in result.mentions]
    event = result.events[0]
    assert event.date.text != "January"
    assert event.date.end_date == published


def test_weekday_resolves_against_publication(extractor):
    (event,) = run(extractor, "Police arrested 12 suspects in Mosul on Sunday.").events
    assert event.date.start_date == event.date.end_date == D(2024, 12, 29)
    assert event.date.precision == 1
    assert event.date.text == "Sunday"


def test_undated_report_is_dated_to_publication_or_day_before(extractor):
    (event,) = run(extractor, "Gunmen kill 5 civilians in Diyala").events
    assert (event.date.start_date, event.date.end_date) == (D(2024, 12, 30), PUBLISHED)


ALL_TEXTS = sorted({_first(r) for r in CODED + NOT_CODED})


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_every_offset_points_into_the_article_text(extractor, text):
    result = run(extractor, text)
    for event in result.events + result.mentions:
        spans = [*event.evidence, event.trigger]
        spans += [c for c in (*event.counts, event.fatalities) if c is not None]
        spans += [a for a in (event.actor1, event.actor2, *event.assoc_actors) if a is not None]
        for span in spans:
            assert text[span.start : span.end] == span.text, span
        for place in event.places:
            assert text[place.start : place.end] == place.name
        if event.date.start is not None:
            assert text[event.date.start : event.date.end] == event.date.text
    for figure in result.figures:
        assert text[figure.start : figure.end] == figure.text


def test_every_wounded_group_is_counted(extractor):
    text = "A bomb exploded in Basra. At least 7 civilians and three police officers were injured."
    (event,) = run(extractor, text).events
    wounded = [(c.value, c.qualifier, c.object) for c in event.counts if c.kind == "wounded"]
    assert wounded == [(7, "at_least", "civilians"), (3, "exact", "police officers")]


def test_one_toll_for_several_places_is_one_event_per_place(extractor):
    """ACLED codes one event per location and divides a summarised toll evenly."""
    text = "Bombs killed 7 people in Tikrit and Samarra on Monday."
    events = run(extractor, text).events
    assert [e.location.name for e in events] == ["Tikrit", "Samarra"]
    assert [e.fatalities.value for e in events] == [4, 3]
    assert all(e.fatalities.shared_by == 2 for e in events)
    assert all(text[e.fatalities.start : e.fatalities.end] == "7" for e in events)
    assert len({e.event_id for e in events}) == 2
    assert all(e.event_type == "Explosions/Remote violence" for e in events)


def test_two_clauses_with_places_of_their_own_are_two_events(extractor):
    """ACLED codes one event per location, also when each clause names its own."""
    events = run(extractor, "Iraqi forces push into Tikrit, bombers hit Ramadi").events
    assert [e.location.name for e in events] == ["Tikrit", "Ramadi"]
    assert events[0].actor1.name == "Military Forces of Iraq"
    text = "Militants attacked a checkpoint in Hit, and a car bomb killed two in Ramadi."
    events = run(extractor, text).events
    assert [(e.location.name, e.fatalities and e.fatalities.value) for e in events] == [
        ("Hit", None),
        ("Ramadi", 2),
    ]
    assert events[1].event_type == "Explosions/Remote violence"


def test_a_clause_without_a_place_stays_with_the_incident(extractor):
    (event,) = run(extractor, "IS attacked Ramadi and troops repelled the attack.").events
    assert event.location.name == "Ramadi"


def test_one_place_keeps_its_whole_toll(extractor):
    (event,) = run(extractor, "Bombs killed 7 people in Tal Afar, Nineveh province.").events
    assert event.fatalities.value == 7 and event.fatalities.shared_by is None


def test_protesters_are_actor1_of_a_protest_the_police_broke_up(extractor):
    text = "Police dispersed hundreds of protesters outside the governorate building in Basra."
    (event,) = run(extractor, text).events
    assert (event.event_type, event.sub_event_type) == ("Protests", "Protest with intervention")
    # Basra is in Iraq: its police are Iraq's
    assert (event.actor1.name, event.actor2.name) == ("Protesters", "Police Forces of Iraq")
    assert "faced intervention by Police Forces of Iraq" in event.summary


def test_the_protests_casualties_told_later_belong_to_it(extractor):
    text = (
        "Police fired tear gas on Friday to disperse hundreds of protesters in Basra.\n\n"
        "The protesters blocked a main road. At least 7 protesters and three police officers "
        "were injured, according to a local health official, and police detained about a dozen "
        "people."
    )
    events = run(extractor, text).events
    protest = [e for e in events if e.event_type in ("Protests", "Riots")]
    assert len(protest) == 1
    assert sorted(c.value for c in protest[0].counts if c.kind == "wounded") == [3, 7]
    # the arrests at the protest are its intervention (ACLED), not an event of their own
    assert [c.value for c in protest[0].counts if c.kind == "arrested"] == [12]
    assert not [e for e in events if e.sub_event_type == "Arrests"]


def test_arrests_on_another_day_of_a_protest_report_stay_arrests(extractor):
    text = (
        "Police fired tear gas on Friday to disperse hundreds of protesters in Basra.\n\n"
        "On Sunday police arrested two organisers of the protest in Nasiriyah."
    )
    events = run(extractor, text).events
    assert sorted(e.event_type for e in events) == ["Protests", "Strategic developments"]


def test_where_the_source_sits_is_not_where_it_happened(extractor):
    far = "Russia's defence ministry said its aircraft hit militant positions on Monday."
    (event,) = run(extractor, far).events
    assert event.location is None  # not Russia
    two = "The interior ministry in Damascus said gunmen killed two farmers near Hama on Monday."
    (event,) = run(extractor, two).events
    assert event.location.name == "Hama"
    local = "A roadside bomb killed two soldiers on Monday, Anbar police said."
    (event,) = run(extractor, local).events
    assert event.location.admin1 == "Anbar"  # local police report from their province


def test_where_the_attackers_come_from_is_not_where_it_happened(extractor):
    text = (
        "Russian warplanes struck the town of Ariha in Idlib province on Tuesday, killing "
        "five civilians, a war monitor said."
    )
    strike = run(extractor, text).events[0]
    assert (strike.actor1.name, strike.location.name, strike.location.country) == (
        "Military Forces of Russia",
        "Ariha",
        "SY",
    )


def test_who_launched_it_and_where_from_are_not_where_it_happened(extractor):
    text = "Ukraine's air force said it had destroyed 29 of 31 drones launched by Russia overnight."
    (event,) = run(extractor, text).events
    assert event.location is None or event.location.country == "UA"
    text = (
        "Students clashed with police in Bangladesh on Tuesday over quotas for veterans of "
        "the war of independence from Pakistan."
    )
    assert [e.location.name for e in run(extractor, text).events] == ["Bangladesh"]


def test_a_countrys_army_named_in_the_strike_is_the_attacker(extractor):
    text = "A Malian army drone strike killed at least 12 people at a wedding in Mopti on Sunday."
    (event,) = run(extractor, text).events
    assert (event.actor1.name, event.actor1.country) == ("Military Forces of Mali", "ML")
    assert event.sub_event_type == "Air/drone strike"


def test_a_nationality_on_the_strike_names_the_attacker(extractor):
    text = "An Israeli airstrike on a house in Nabatieh killed five people on Tuesday."
    (event,) = run(extractor, text).events
    assert event.actor1.name == "Military Forces of Israel"
    # written as a place, the neighbour's town is found by its everyday name
    assert (event.location.name, event.location.country) == ("Nabatieh", "LB")
    # a country's name says where, not who
    (event,) = run(extractor, "Baghdad Shiites hit as Iraq attacks kill 34").events
    assert event.actor1 is None or event.actor1.name != "Military Forces of Iraq"


def test_a_headline_source_tag_is_the_source_not_the_event(extractor):
    text = "Five soldiers killed in IS ambush in Iraq's Salahuddin, security sources say"
    (event,) = run(extractor, text).events
    assert event.attribution.name == "security sources"
    assert event.fatalities.value == 5


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Car bomb in Baghdad's Sadr City kills 12, wounds 30 - police", "Police Forces of Iraq"),
        ("Baghdad bombing attacks kill at least 21: police", "Police Forces of Iraq"),
        ("Attacks kill 12 south of Baghdad: officials", "officials"),
        ("Some 236 militants killed in Iraq's Mosul, Anbar - website", "website"),
    ],
)
def test_a_verbless_headline_tag_is_the_source_not_a_side(extractor, text, source):
    events = run(extractor, text).events
    assert events and all(e.attribution.name == source for e in events)
    assert all(e.actor2 is None or not e.actor2.name.startswith("Police") for e in events)
    if "Anbar" in text:  # the places before the tag are still the events' places
        assert [e.location.name for e in events] == ["Mosul", "Anbar"]


def test_people_named_like_towns_do_not_place_events(extractor):
    text = (
        "WASHINGTON - A bomb exploded outside a police station on Saturday, injuring three "
        "officers, J. Peter Donald, a police spokesman, said. Donald said the bomber fled."
    )
    (event,) = run(extractor, text).events
    assert event.location is None or event.location.name not in ("Donald", "Peter")


def test_protest_sides_the_parse_did_not_link(extractor):
    text = "Police opened fire to disperse protesters in Basra on Friday."
    (event,) = run(extractor, text).events
    assert (event.actor1.name, event.actor2.name) == ("Protesters", "Police Forces of Iraq")
    assert event.date.start_date == D(2024, 12, 27)


def test_the_city_just_named_places_the_next_event(extractor):
    text = (
        "ADEN, Yemen - Houthi forces shelled Taiz on Thursday, killing two children.\n"
        "Government forces responded by attacking Houthi positions on the outskirts of the "
        "city, and clashes continued into the night."
    )
    events = run(extractor, text, D(2025, 5, 16)).events
    clash = next(e for e in events if e.event_type == "Battles")
    assert clash.location.name == "Taiz"  # not Aden, where the report was filed
    assert clash.actor1 is not None and clash.actor2.name == "Houthis"


def test_a_strike_in_a_headline_whose_next_line_says_air_strike_is_one(extractor):
    text = (
        "Two senior IS leaders killed in Iraq strike: Pentagon\n"
        "Air strike kills two Islamic State commanders: Pentagon"
    )
    (event,) = run(extractor, text).events
    assert event.sub_event_type == "Air/drone strike" and event.fatalities.value == 2


def test_the_protesters_told_again_go_on_with_their_protest(extractor):
    text = (
        "Police fired tear gas on Friday night to disperse hundreds of protesters in Basra.\n"
        "The protesters burned tyres and blocked a main road.\n"
    )
    (event,) = run(extractor, text).events  # one protest, not a second one
    assert event.event_type in ("Protests", "Riots") and event.actor1.name == "Protesters"


def test_a_riot_its_repression_and_its_retelling_are_one_event(extractor):
    text = (
        "Hundreds of protesters set fire to tyres and stormed a government building in Basra "
        "on Friday, witnesses said.\n"
        "Security forces opened fire to disperse the crowd, killing one protester and wounding "
        "four, a medical source said.\n"
        "The council said in a statement that saboteurs had infiltrated the protest."
    )
    (event,) = run(extractor, text).events
    assert (event.event_type, event.sub_event_type) == RIOT
    assert (event.actor1.name, event.actor2.name) == ("Protesters", "Military Forces of Iraq")
    assert event.fatalities.value == 1


def test_a_bombing_at_a_rally_is_no_protest(extractor):
    text = "A suicide bombing at a religious rally in Quetta killed eight people on Monday."
    result = run(extractor, text, PUBLISHED)
    assert [e.event_type for e in result.events] == ["Explosions/Remote violence"]


def test_who_condemns_an_attack_did_not_carry_it_out(extractor):
    (event,) = run(extractor, "UNAMA condemns suicide attack on mosque in Kunduz").events
    assert event.actor1 is None or event.actor1.name != "UNAMA"
    # who claims it did
    (event,) = run(extractor, "Islamic State claimed the attack on a mosque in Kunduz.").events
    assert event.actor1.name == "Islamic State"


def test_a_part_set_off_by_commas_does_not_cut_the_toll_from_its_verb(extractor):
    text = "At least nine civilians, including two boys, were killed in a bombing on Friday."
    (event,) = run(extractor, text).events
    assert event.fatalities.value == 9


def test_a_count_after_a_sentence_that_opens_a_period_is_a_running_total(extractor):
    text = (
        "A roadside bomb wounded two rangers in Narathiwat on Tuesday.\n\n"
        "The region has been gripped by a separatist insurgency since January 2004. More than "
        "7,500 people have been killed, according to Deep South Watch."
    )
    (event,) = run(extractor, text).events
    assert event.fatalities is None
    text = (
        "Between 1 January and 15 May, UNAMA documented 412 civilian casualties. Explosive "
        "remnants continued to kill children, with 89 child casualties recorded in the same period."
    )
    assert all(
        (e.fatalities.value if e.fatalities else 0) != 89 for e in run(extractor, text).events
    )


def test_a_place_and_the_district_it_lies_in_are_one_place(extractor):
    text = (
        "Security forces conducted an intelligence based operation in general area Kulachi, "
        "Dera Ismail Khan District, on Monday and killed three militants."
    )
    (event,) = run(extractor, text).events
    assert event.location.name == "Kulachi"


def test_a_weapon_recovered_or_cleared_is_no_explosion(extractor):
    text = (
        "Troops recovered an M16 rifle, magazines and ammunition, an improvised explosive "
        "device and personal belongings at the encounter site."
    )
    assert [e.event_type for e in run(extractor, text).events] != ["Explosions/Remote violence"]
    text = "Gunmen planted a bomb that exploded near the market on Monday, killing two."
    (event,) = run(extractor, text).events
    assert event.event_type == "Explosions/Remote violence"


def test_an_analysis_headline_and_its_backdrop_are_no_incidents(extractor):
    text = (
        "Analysis: Why American bombs have not stopped the Houthis in the Red Sea\n\n"
        "Seventeen months later, the group has survived hundreds of US and British air "
        "strikes. Between November 2023 and January 2025, the Houthis targeted more than 100 "
        "merchant vessels. They sank two ships and killed at least four seafarers. They have "
        "also dispersed launchers across the mountainous north."
    )
    assert run(extractor, text).events == ()


def test_years_of_fighting_are_no_battle(extractor):
    text = (
        "The Russian mercenaries had spent three and a half years fighting alongside the "
        "Malian armed forces against jihadist groups."
    )
    assert run(extractor, text).events == ()


def test_the_guard_of_a_house_shot_dead_is_a_civilian(extractor):
    text = (
        "Two gunmen on a motorbike opened fire at the home of a former Taliban leader late "
        "Friday, killing a security guard."
    )
    (event,) = run(extractor, text).events
    assert event.event_type == "Violence against civilians"


def test_where_a_thing_was_taken_afterwards_is_not_where_it_happened(extractor):
    text = (
        "A bomb exploded on a street in Manhattan on Saturday night, wounding 29 people. A "
        "second device was removed and taken to the department firing range in the Bronx."
    )
    (event,) = run(extractor, text).events
    assert event.location.name == "Manhattan"


def test_a_precision_strike_that_killed_an_armed_groups_official_is_an_air_strike_on_it(extractor):
    text = (
        "On Nov. 13, U.S. Central Command forces conducted a precision strike in northwest "
        "Syria, killing a senior ISIS official."
    )
    (event,) = run(extractor, text).events
    assert (event.sub_event_type, event.actor2.name) == ("Air/drone strike", "Islamic State")


def test_a_helicopter_borne_raid_is_a_raid_not_an_air_strike(extractor):
    text = (
        "On Nov. 12, US forces conducted a helicopter-borne raid near the town of Dhiban, "
        "targeting an ISIS cell. Several weapons and explosive materials were recovered."
    )
    (event,) = run(extractor, text).events
    assert event.event_type == "Battles"


def test_forces_stretched_thin_battling_extremists_is_background(extractor):
    text = (
        "Gunmen killed 12 worshippers in a church in Benue state on Sunday. Nigeria's security "
        "forces are stretched thin, battling Islamic extremists in the northeast and armed "
        "gangs in the northwest."
    )
    (event,) = run(extractor, text).events
    assert event.event_type == "Violence against civilians"


def test_a_gunman_killing_people_named_by_nationality_is_an_attack_on_civilians(extractor):
    text = (
        "A Palestinian gunman opened fire at a bus stop at a West Bank junction on Monday, "
        "killing two Israelis."
    )
    (event,) = run(extractor, text).events
    assert event.event_type == "Violence against civilians"
    # an adjective of nationality names whose soldiers, not civilians
    text = "Insurgents killed three Iraqi soldiers in an ambush near Kirkuk on Monday."
    (event,) = run(extractor, text).events
    assert event.event_type == "Battles"


def test_an_incident_told_without_a_place_is_in_the_reports_country(extractor):
    text = (
        "Police in Bangladesh fired tear gas at students in Dhaka on Monday.\n\n"
        "The protests turned violent on Sunday when thousands of protesters clashed with "
        "supporters of the ruling party across Bangladesh's towns."
    )
    events = run(extractor, text).events
    sunday = next(e for e in events if str(e.date.start_date) == "2024-12-29")
    assert (sunday.location.name, sunday.location.precision) == ("Bangladesh", 3)


def test_the_sentence_before_sets_the_day_and_place_of_the_act(extractor):
    text = (
        "Similarly, on Saturday 28 December 2024, troops on clearance operations made contact "
        "with terrorists at Kawuri in Konduga LGA of Borno State. The gallant troops "
        "neutralised three terrorists and recovered two AK-47 rifles."
    )
    (event,) = run(extractor, text).events
    assert (str(event.date.start_date), event.location.name) == ("2024-12-28", "Kawuri")
    assert event.fatalities.value == 3


@pytest.mark.parametrize(
    "text",
    [
        "Since 1 December, monitors have recorded 134 civilians killed and 251 injured in "
        "Khyber Pakhtunkhwa.",
        "Monitors documented 27 incidents affecting civilians across the province during the "
        "month, in which at least 41 civilians were killed and 76 injured.",
        "TROOPS NEUTRALISE 46 TERRORISTS, RESCUE 37 KIDNAPPED HOSTAGES IN ONE WEEK",
        # acts summed over a period named as their measure
        "After a year of gains, the Arakan Army's hardest battles may still lie ahead",
        "After months of fighting, the army and the rebels hold the same lines as in 2023.",
    ],
)
def test_a_reports_own_period_totals_and_sums_are_no_incidents(extractor, text):
    assert run(extractor, text).events == ()


def test_a_rivals_claimed_toll_is_kept_beside_the_reported_one_not_added(extractor):
    text = (
        "Seven soldiers were killed when jihadist fighters attacked an army post near Tera on "
        "Monday, the defence ministry said, while the Islamic State group claimed to have "
        "killed more than 20 soldiers."
    )
    (event,) = run(extractor, text).events
    assert event.fatalities.value == 7
    assert [t.value for t in event.tolls] == [20]


def test_a_running_count_hung_on_a_participle_is_still_a_total(extractor):
    text = (
        "Three Maoists were killed in an encounter with security forces near Korcholi "
        "village in Bijapur district of Chhattisgarh on Monday, police said.\n\n"
        "With Monday's encounter, 146 Maoists have been killed in separate encounters in the "
        "Bastar division, comprising seven districts including Bijapur and Sukma, so far "
        "this year, according to police figures."
    )
    (event,) = run(extractor, text).events
    assert event.fatalities.value == 3


def test_the_toll_of_those_clashes_is_the_episodes_not_one_strikes(extractor):
    text = (
        "Israel carried out airstrikes on government forces in the province during a week of "
        "fighting in July. The Observatory says more than 1,400 people were killed in those "
        "clashes, many of them Druze civilians."
    )
    events = run(extractor, text, D(2025, 11, 18)).events
    assert all(e.fatalities is None or e.fatalities.value < 1400 for e in events)


@pytest.mark.parametrize(
    "text, actor1, sub_event_type",
    [
        (
            "Russia launched 40 drones at Kharkiv overnight on Monday, killing two civilians.",
            "Military Forces of Russia",
            "Air/drone strike",
        ),
        (
            "Israel carried out airstrikes on Hezbollah positions near Nabatieh on Monday, "
            "killing three fighters.",
            "Military Forces of Israel",
            "Air/drone strike",
        ),
    ],
)
def test_a_state_named_as_the_one_that_struck_is_its_military(
    extractor, text, actor1, sub_event_type
):
    (event,) = run(extractor, text).events
    assert (event.actor1.name, event.sub_event_type) == (actor1, sub_event_type)


def test_a_country_that_celebrates_a_month_of_protests_is_no_armed_side(extractor):
    text = "Colombia marked a month of protests on Friday with marches in Cali and Bogota."
    assert all(
        e.actor1 is None or "Military" not in e.actor1.name for e in run(extractor, text).events
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        # the helicopter that carried the wounded did not strike
        (
            "Maoist rebels blew up a police vehicle with a roadside bomb near Hiroli in "
            "Chhattisgarh on Monday, killing six officers. Two other officers were wounded and "
            "flown by helicopter to a hospital in Raipur.",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        # bomb parts found after a shootout are no explosion
        (
            "Two gunmen opened fire on security forces and were killed in the ensuing shootout "
            "in the village of Manaskent on Monday. Assault rifles, a pistol and components for "
            "an improvised explosive device were found in the house.",
            BATTLE,
        ),
        # a group of young men fired on are civilians
        (
            "Gunmen opened fire on a group of young men drinking outside a shop in Guayaquil "
            "on Monday, killing eight of them.",
            VAC,
        ),
    ],
)
def test_the_kind_of_act_is_read_from_what_did_it_and_to_whom(extractor, text, expected):
    (event,) = run(extractor, text).events
    assert (event.event_type, event.sub_event_type) == expected
