"""Claims: the outlet's own unsourced allegations and hedged reports are marked."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.records import Article


@pytest.fixture(scope="module")
def claims_of(extractor):
    def run(text: str):
        return extractor(Article(id="t", text=text, published=dt.date(2024, 12, 31))).claims

    return run


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Reports say the militants moved their families to the border villages.", "hedged"),
        ("It is likely that the group will try to regroup in the desert.", "hedged"),
        # number agreement as translated copy gets it wrong
        ("There is even reports that the militants moved south.", "hedged"),
        ("Its fighters are estimated at between 2,000 and 3,000.", "hedged"),
        ("The Turkish army was backing the militants against the Kurdish forces.", "unattributed"),
    ],
)
def test_claim_kinds(claims_of, text, kind):
    found = claims_of(text)
    assert [c.kind for c in found] == [kind]
    assert text.startswith(found[0].text)


def test_sourced_statement_is_not_an_unattributed_claim(claims_of):
    text = "The Interior Ministry said the Turkish army was backing the militants."
    assert not [c for c in claims_of(text) if c.kind == "unattributed"]
