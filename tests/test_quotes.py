"""Pairing quotation marks: every quote survives stray, mismatched and missing marks."""

from __future__ import annotations

import pytest

from rasid.extract.statements.quotes import find_quotes, iter_content


def _quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we will win,” and left.", ["“we will win,”"]),
        ('He said "we will win," and left.', ['"we will win,"']),
        # a stray opening mark loses only itself, not the quotes after it
        ('A "stray mark. Then “one,” he said, and “two.”', ["“one,”", "“two.”"]),
        # a stray closing mark is ignored
        ('The end." Later "three," she said.', ['"three,"']),
        # a curly opening closed by a straight mark
        ('“Mixed marks here." he said.', ['“Mixed marks here."']),
        # quotes spanning sentences
        ("“One. Two. Three,” he said.", ["“One. Two. Three,”"]),
        # NYT-style doubled apostrophes
        ("''This guy's shame has no limits,'' he said.", ["''This guy's shame has no limits,''"]),
        # headline speech in single marks, apostrophes inside
        ("Iraqi PM: ‘We won’t let them return’", ["‘We won’t let them return’"]),
        ("Iraqi PM: 'Victory is near.'", ["'Victory is near.'"]),
        # single marks elsewhere are apostrophes, not quotes
        ("The fighters' families fled, the mayor's aide said.", []),
        ("Police: 'calm'", []),
        # no quotes at all
        ("Nothing quoted here.", []),
        ("", []),
    ],
)
def test_pairs(text, expected):
    assert _quoted(text) == expected


def test_quote_running_over_paragraphs_is_one_quote():
    text = "He said:\n“First paragraph of the speech.\n“Second paragraph,” he added."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end].startswith("“First")
    assert text[quote.start : quote.end].endswith("paragraph,”")
    assert quote.paragraphs == 2
    pieces = [text[a:b] for a, b in iter_content(text, quote)]
    assert pieces == ["First paragraph of the speech.", "Second paragraph,"]


def test_unclosed_quote_ends_with_its_paragraph():
    text = 'He added: "This will end badly. We warned them.\nThe minister left.'
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == '"This will end badly. We warned them.'


def test_unclosed_mark_mid_sentence_is_not_a_quote():
    assert _quoted('The so-called "peace plan was rejected by all\nNext day.') == []


@pytest.mark.parametrize("text", ['\x00\x01"', '"' * 1000, "“" * 50 + "”" * 50, '\n\n"\n"'])
def test_odd_input_never_crashes(text):
    for q in find_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
