"""A group's claim of an attack names its perpetrator (ACLED's actor1)."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.pipeline import Extractor
from rasid.records import Article

PUBLISHED = dt.date(2024, 10, 10)
BLAST = "A bomb exploded in a market in Baghdad on Monday, killing five people. "


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _first(extractor, text):
    result = extractor(Article(id="claim", text=text, published=PUBLISHED))
    assert result.errors == ()
    return result.events[0]


@pytest.mark.parametrize(
    ("claim", "actor1"),
    [
        ("Islamic State claimed responsibility for the blast in a statement.", "Islamic State"),
        ("The Islamic State group claimed the attack on its Amaq agency.", "Islamic State"),
        ("No group claimed responsibility.", None),
        ("Islamic State did not claim responsibility.", None),
        ("Officials said the Islamic State was behind it.", None),
    ],
)
def test_the_claiming_group_is_the_perpetrator(extractor, claim, actor1):
    event = _first(extractor, BLAST + claim)
    assert (event.actor1.name if event.actor1 else None) == actor1
    if actor1:
        assert event.actor1.start >= len(BLAST)  # the claim is the evidence


def test_a_claim_does_not_override_a_named_perpetrator(extractor):
    text = (
        "Kataib Hezbollah fighters attacked a checkpoint in Baghdad on Monday, "
        "killing two soldiers. Islamic State claimed responsibility for the attack."
    )
    assert _first(extractor, text).actor1.name != "Islamic State"
