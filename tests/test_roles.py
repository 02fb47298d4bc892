"""Who acted and who suffered, on the headline grammar that trips the parser."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.records import Article

ROWS = [
    # a transitive verb with a subject and no object lost its "was"
    ("Senior Islamic State leader killed in Anbar", None, "Islamic State"),
    ("Iraqi soldier killed in clashes near Tikrit", None, "Military Forces of Iraq"),
    # the plain active sentence still has its agent
    ("Iraqi forces killed 12 militants near Tikrit", "Military Forces of Iraq", None),
    # the object of an infinitive after the bomb's verb was hit
    (
        "A roadside bomb appeared to target a police patrol near Baquba, killing two officers.",
        None,
        "Police Forces of Iraq",  # Baquba is in Iraq
    ),
    # "its forces": the side of whoever said so
    (
        "Iraq's defence ministry said its forces killed two militants near Kirkuk.",
        "Iraqi Ministry of Defence",
        None,
    ),
    # a place spaCy tagged as an organisation is no side
    ("Gunmen killed Nayef Khalaf, mayor of Sinjar, on Monday.", "Unidentified armed group", None),
    # the counted victims are the side hit when the verb's object is a thing
    (
        "Russian warplanes struck a market near Idlib, killing at least 11 civilians.",
        "Military Forces of Russia",
        "Civilians",
    ),
    # unnamed fighters of a named group are that group; their target is not
    (
        "Gunmen from the Kataib Hezbollah militia attacked a checkpoint in Baghdad.",
        "Kataib Hezbollah",
        None,
    ),
    (
        "Gunmen attacked a checkpoint of the Kataib Hezbollah militia in Baghdad.",
        "Unidentified armed group",
        "Kataib Hezbollah",
    ),
    # the side named in the event noun's own modifiers
    ("Insurgent attacks in Baghdad kill at least 16 people", "Militants", None),
    # the attack launched is the act; the dead it left are its victims
    (
        "Bandits launched an attack on Magami village, leaving 17 people dead.",
        "Unidentified armed group",
        "Civilians",
    ),
    (
        "Gunmen went on a rampage in a village near Maiduguri, leaving 17 people dead.",
        "Unidentified armed group",
        "Civilians",
    ),
    # "to death": the verb's subject did it, its object suffered it
    ("Islamic State militants stoned a woman to death in Mosul.", "Islamic State", "Civilians"),
    ("Gunmen beat a shopkeeper to death in Mosul.", "Unidentified armed group", None),
    ("Islamic State militants put 12 men to death in Mosul.", "Islamic State", "Civilians"),
    # whoever spoke the day it came did not carry it out
    (
        "The bombing came the same day UN Secretary-General Antonio Guterres, who is in "
        "Pakistan, called the security situation remarkable.",
        None,
        None,
    ),
    # an adjective a recogniser took for an organisation is no side
    ("Communal clashes kill 20 in South Sudan's Warrap state", None, None),
    # the side the fight was with, when the verb names only the side that suffered
    (
        "Two militants were killed in a gunfight with security forces in Kulgam on Tuesday.",
        "Security forces",
        "Militants",
    ),
    # the accused did it, not the accuser; a blamed act with its toll is an event
    (
        "A rights group on Sunday accused soldiers of killing at least 156 civilians in "
        "the village of Karma in northern Burkina Faso on Thursday.",
        "Military Forces of Burkina Faso",
        "Civilians",
    ),
    (
        "Soldiers were accused of killing at least 156 civilians in the village of Karma "
        "in northern Burkina Faso on Thursday, a rights group said.",
        "Military Forces of Burkina Faso",
        "Civilians",
    ),
    (
        "Rights group accuses Burkina army of Karma massacre",
        "Military Forces of Burkina Faso",
        None,
    ),
    # another mention of the side that suffered is not the side that struck
    (
        "Islamic State commander killed in Anbar\nIS leader in Anbar killed in air strike",
        None,
        "Islamic State",
    ),
]


@pytest.mark.parametrize(("text", "actor1", "actor2"), ROWS, ids=[r[0] for r in ROWS])
def test_first_event_roles(extractor, text, actor1, actor2):
    events = extractor(Article(id="roles", text=text)).events
    assert events, "no event"
    first = events[0]
    assert (first.actor1.name if first.actor1 else None) == actor1
    if actor2 is not None:
        assert first.actor2 is not None and first.actor2.name == actor2


def test_a_place_tagged_as_an_organisation_is_not_the_victim(extractor):
    text = "Gunmen killed Nayef Khalaf, mayor of Sinjar, on Monday."
    (event,) = extractor(Article(id="roles", text=text)).events
    assert event.actor2 is None or event.actor2.name != "Sinjar"
    # the apposition says the victim was a civilian official
    assert event.event_type == "Violence against civilians"


@pytest.mark.parametrize(
    "text",
    [
        "Bomb blast in Baghdad kills at least seven: police and medical sources",
        "Police: 36 killed as inmates escape in Iraq prison break",
    ],
)
def test_a_headlines_source_tag_is_no_side(extractor, text):
    (event,) = extractor(Article(id="tag", text=text)).events
    assert event.actor1 is None and event.actor2 is None  # the police told it


def test_an_accusation_is_a_claim_told_by_the_accuser(extractor):
    text = (
        "OUAGADOUGOU (River Wire) - Soldiers were accused of killing at least 156 civilians "
        "in the village of Karma in northern Burkina Faso on Thursday, a rights group said."
    )
    (event,) = extractor(Article(id="accused", text=text, published=dt.date(2023, 4, 23))).events
    assert event.modality == "claimed"
    assert event.attribution is not None and event.attribution.name.endswith("rights group")
    assert event.date.start_date == dt.date(2023, 4, 20)  # the Thursday, not the report's day
    assert event.fatalities is not None and event.fatalities.value == 156
    # a village the gazetteer lacks in Burkina Faso is not Karmah in Iraq
    assert event.location is not None and event.location.country == "BF"


def test_the_side_hit_is_not_made_the_attacker_by_a_later_sentence(extractor):
    text = (
        "RAMADI, Iraq - A roadside bomb struck an Iraqi army patrol near Rutba on Wednesday, "
        "killing one soldier, an army officer said.\n\nArmy engineers cleared two more bombs "
        "from the same stretch of road later that day, the officer said."
    )
    (bomb,) = extractor(Article(id="rutba", text=text, published=dt.date(2025, 10, 2))).events
    assert bomb.actor2 is not None and bomb.actor2.name == "Military Forces of Iraq"
    assert bomb.actor1 is None or bomb.actor1.name != bomb.actor2.name
