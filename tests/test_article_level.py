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
        ("Militants launched attacks on two villages near Hawija.", "Armed clash"),
    ],
)
def test_armed_attacks_still_are(extractor, text, sub_event_type):
    result = extractor(Article(id="a", text=text, published=dt.date(2025, 3, 4)))
    assert [e.sub_event_type for e in result.events][:1] == [sub_event_type]
