"""Number phrases: digits, number words, qualifiers, ranges, vague amounts and non-counts.

Each row is a sentence a wire report could contain, with the one number
phrase an analyst would read off it: (text as matched, value, low, high,
qualifier).  ``None`` means the sentence holds no count of people or things.
"""

from __future__ import annotations

import pytest

from rasid.extract.quantities import numbers

# sentence, (matched text, value, low, high, qualifier) or None
ROWS = [
    # digits
    ("Gunmen killed 7 people in Baquba.", ("7", 7, 7, 7, "exact")),
    ("The fighting displaced 3,000 families.", ("3,000", 3000, 3000, 3000, "exact")),
    (
        "The siege left 1,250,000 people without water.",
        ("1,250,000", 1_250_000, 1_250_000, 1_250_000, "exact"),
    ),
    # number words
    ("Eighty-four militants were killed.", ("Eighty-four", 84, 84, 84, "exact")),
    ("Thirty five soldiers died in the ambush.", ("Thirty five", 35, 35, 35, "exact")),
    ("A dozen people were wounded in the blast.", ("A dozen", 12, 12, 12, "exact")),
    ("Two dozen houses were burned.", ("Two dozen", 24, 24, 24, "exact")),
    ("Half a dozen soldiers were killed.", ("Half a dozen", 6, 6, 6, "exact")),
    (
        "More than half a million people have been killed.",
        ("More than half a million", 500_000, 500_000, None, "more_than"),
    ),
    ("A thousand families fled.", ("A thousand", 1000, 1000, 1000, "exact")),
    (
        "One hundred and twenty fighters surrendered.",
        ("One hundred and twenty", 120, 120, 120, "exact"),
    ),
    ("Three hundred militants were killed.", ("Three hundred", 300, 300, 300, "exact")),
    (
        "Two thousand five hundred troops were deployed.",
        ("Two thousand five hundred", 2500, 2500, 2500, "exact"),
    ),
    # qualifiers: a lower bound, an upper bound, or an estimate
    ("At least 14 civilians were killed.", ("At least 14", 14, 14, None, "at_least")),
    ("At least a dozen fighters were killed.", ("At least a dozen", 12, 12, None, "at_least")),
    ("No fewer than 16 bodies were found.", ("No fewer than 16", 16, 16, None, "at_least")),
    ("More than 200 people were arrested.", ("More than 200", 200, 200, None, "more_than")),
    ("About 40 families fled the village.", ("About 40", 40, None, None, "about")),
    ("Nearly 300 protesters gathered.", ("Nearly 300", 300, None, None, "about")),
    ("Some 600 families returned to Ramadi.", ("Some 600", 600, None, None, "about")),
    ("Around twenty soldiers were killed.", ("Around twenty", 20, None, None, "about")),
    ("The militants killed nearly a dozen policemen.", ("nearly a dozen", 12, None, None, "about")),
    ("Up to 50 people may be trapped.", ("Up to 50", 50, None, 50, "at_most")),
    pytest.param(
        "As many as 70 people were killed.",
        ("As many as 70", 70, None, 70, "at_most"),
    ),
    # ranges
    (
        "Between 3,000 and 5,000 fighters remain in the city.",
        ("Between 3,000 and 5,000", 3000, 3000, 5000, "range"),
    ),
    ("Officials said 10 to 15 people were hurt.", ("10 to 15", 10, 10, 15, "range")),
    ("From 40 to 60 people died.", ("From 40 to 60", 40, 40, 60, "range")),
    # vague amounts: ACLED's conservative values, qualified as estimates
    ("Dozens of people were wounded.", ("Dozens", 12, None, None, "about")),
    ("Hundreds of residents fled the town.", ("Hundreds", 100, None, None, "about")),
    ("Several soldiers were injured.", ("Several", 10, None, None, "about")),
    ("Thousands of people marched in Baghdad.", ("Thousands", 1000, None, None, "about")),
    # not counts: years, ages, distances, times, percentages, money, durations
    ("The group seized the city in 2014.", None),
    ("A 28-year-old man was shot at the checkpoint.", None),
    ("A five-year-old boy was among the wounded.", None),
    ("The convoy was hit 5 km north of Mosul.", None),
    ("The shell landed 10 kilometres from the border.", None),
    ("The blast went off at 3 pm local time.", None),
    ("The attack came at 10 a.m. on Monday.", None),
    ("Turnout fell by 40 percent.", None),
    ("Turnout fell to 40% in Basra.", None),
    ("Rebels seized $5 million in cash.", None),
    ("The fighting lasted three days.", None),
    pytest.param("He was killed on 12 June.", None),
    pytest.param("The siege of the town lasted two weeks.", None),
    # a question about a number is no number
    ("Police did not say how many people were killed.", None),
    ("So many people have fled the town.", None),
]


@pytest.mark.parametrize(
    ("text", "expected"), ROWS, ids=[(r.values if hasattr(r, "values") else r)[0] for r in ROWS]
)
def test_number_phrase(nlp, text, expected):
    doc = nlp(text)
    found = numbers(doc)
    if expected is None:
        assert found == [], [p.text for p in found]
        return
    assert len(found) == 1, [p.text for p in found]
    phrase = found[0]
    assert (phrase.text, phrase.value, phrase.low, phrase.high, phrase.qualifier) == expected
    # Offsets index the text; tokens [i, j) are the same span, qualifier included.
    assert text[phrase.start : phrase.end] == phrase.text
    assert doc[phrase.i : phrase.j].text == phrase.text


def test_two_counts_in_one_sentence(nlp):
    doc = nlp("Three car bombs killed 9 people and wounded 29 in Baghdad.")
    assert [(p.text, p.value) for p in numbers(doc)] == [("Three", 3), ("9", 9), ("29", 29)]


def test_window_limits_the_search(nlp):
    doc = nlp("Gunmen killed 7 people. Police arrested 12 suspects.")
    second = list(doc.sents)[1]
    assert [p.value for p in numbers(doc, second.start, second.end)] == [12]
    assert [p.value for p in numbers(doc, 0, second.start)] == [7]
