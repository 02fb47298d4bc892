"""Civilians as the target of blind explosions and attacks, ACLED's civilian_targeting."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.records import Article


def _only(extractor, text):
    (event,) = extractor(Article(id="t", text=text, published=dt.date(2016, 5, 12))).events
    return event


@pytest.mark.parametrize(
    ("text", "civilians"),
    [
        ("A car bomb killed 12 people in a crowded market in Baghdad on Wednesday.", True),
        ("Gunmen killed five villagers in Diyala province on Wednesday.", True),
        ("A suicide bomber killed seven at a police checkpoint in Samarra on Wednesday.", False),
        ("A roadside bomb killed three soldiers near Tikrit on Wednesday.", False),
    ],
)
def test_who_a_bomb_or_an_attack_hit(extractor, text, civilians):
    event = _only(extractor, text)
    target = event.actor2
    assert (target is not None and target.type == "civilians") == civilians


def test_the_civilians_evidence_is_the_words_that_count_them(extractor):
    text = "A car bomb killed 12 people in a crowded market in Baghdad on Wednesday."
    event = _only(extractor, text)
    assert event.actor2.name.startswith("Civilians")
    assert text[event.actor2.start : event.actor2.end] == event.actor2.text
    assert "12" in event.actor2.text


def test_a_community_that_fights_is_its_armed_men_not_civilians(extractor):
    # ACLED's battles are between armed groups: Kurds who take back land fight
    event = _only(extractor, "Kurds took back ten villages from Islamic State near Kirkuk.")
    assert event.event_type == "Battles"
    assert event.actor1.name == "Kurds" and event.actor1.type == "identity_militia"
    assert all(a is None or a.type != "civilians" for a in (event.actor1, event.actor2))


def test_civilians_caught_in_fighting_are_no_side_of_it(extractor):
    event = _only(extractor, "Iraq civilians killed fleeing ISIL clashes in Ramadi")
    assert event.event_type == "Battles"  # a battle is never civilian targeting
    assert all(a is None or a.type != "civilians" for a in (event.actor1, event.actor2))
