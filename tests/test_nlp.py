"""The shared spaCy pipeline: Rasid's own components before and around the parser."""

from __future__ import annotations

import pytest

from rasid.records import Article


@pytest.mark.parametrize(
    "text",
    [
        "UN says IS killed at least 232 people near Mosul this week",
        "IS kills 26 fighters near Kirkuk",
    ],
)
def test_is_in_mixed_case_is_the_group_not_the_verb(nlp, extractor, text):
    doc = nlp(text)
    (tok,) = [t for t in doc if t.text == "IS"]
    assert tok.pos_ != "AUX" and tok.dep_ not in ("aux", "auxpass")
    (event,) = extractor(Article(id="is", text=text)).events
    assert event.actor1 is not None and event.actor1.name == "Islamic State"


def test_is_inside_capitals_stays_a_word(nlp):
    doc = nlp("WHAT IS HAPPENING IN MOSUL")
    assert doc[1].norm_ == "is"
    assert nlp("Militants said IS fighters withdrew")[2].norm_ == "isis"


def test_a_line_break_ends_a_sentence(nlp):
    doc = nlp("Bomb kills 5 in Baghdad\nPolice said the blast hit a market.")
    assert [s.text.strip() for s in doc.sents][0] == "Bomb kills 5 in Baghdad"


def test_a_semicolon_in_a_headline_ends_a_sentence(nlp):
    doc = nlp(
        "F-16s strike IS hideouts in Anbar; PMF repels attack in Diyala\n\n"
        "Officials met on Monday; they agreed on a plan."
    )
    assert [s.text.strip() for s in doc.sents][:2] == [
        "F-16s strike IS hideouts in Anbar;",
        "PMF repels attack in Diyala",
    ]
    # in body text a semicolon joins clauses of one sentence
    assert doc[-10:].sent.text.strip() == "Officials met on Monday; they agreed on a plan."


def test_a_verb_glued_to_a_groups_name_is_split(nlp, extractor):
    text = "Islamic Statekills 85 more members of Iraqi tribe"
    doc = nlp(text)
    assert doc.text == text
    assert [t.text for t in doc[:3]] == ["Islamic", "State", "kills"]
    (event,) = extractor(Article(id="glued", text=text)).events
    assert event.actor1.name == "Islamic State"
    assert event.fatalities.value == 85
    assert text[event.fatalities.start : event.fatalities.end] == "85"


@pytest.mark.parametrize("word", ["Counterattacks", "Firebombed", "Skills", "Statements"])
def test_words_that_only_end_like_a_verb_stay_whole(nlp, word):
    assert [t.text for t in nlp(f"{word} were reported near Kirkuk")][0] == word
