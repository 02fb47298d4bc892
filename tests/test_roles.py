"""Who acted and who suffered, on the headline grammar that trips the parser."""

from __future__ import annotations

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
