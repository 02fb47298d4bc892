"""The fast attribute ruler and lemmatizer give exactly what spaCy's own give."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from rasid import nlp as nlp_mod
from rasid import sources
from rasid.fastpipes import FastAttributeRuler, FastLemmatizer, compile_patterns
from rasid.records import Article

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "rasid" / "examples"

# Words the ruler's exceptions and multi-token patterns are about.
TRICKY = [
    "I ain't gonna say it, y'all, and let's not pretend we gotta wait.",
    "It's what I'd do: you know it, and I told him that it isn't so.",
    "There are 3 suspects; there's no doubt. Nothin' was found, c'mon.",
    "THE ARMY SAID THAT 12 REBELS WERE KILLED IN SAN MIGUEL.",
    "Gunmen  killed\n\nfive people   in Mosul on Monday , police said .",
    "",
    "   \n  ",
]


@pytest.fixture(scope="module")
def stock():
    """The model with spaCy's own components and Rasid's small ones, as before."""
    nlp = spacy.load(nlp_mod.DEFAULT_MODEL)
    nlp.add_pipe("rasid_line_breaks", before="parser")
    nlp.add_pipe("rasid_acronyms", first=True)
    nlp.add_pipe("rasid_glued_words", first=True)
    return nlp


def _texts() -> list[str]:
    out = list(TRICKY)
    for path in sorted(EXAMPLES.iterdir()):
        out += [a.text for a in sources.read([path]) if isinstance(a, Article)]
    return out


def test_rasid_pipeline_uses_the_fast_components(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    nlp("Police said.")
    assert nlp.get_pipe("attribute_ruler")._tables is not None  # the shipped patterns compile


def test_every_token_attribute_is_the_same(stock, nlp):
    texts = _texts()
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    for a, b in zip(stock.pipe(texts), nlp.pipe(texts), strict=True):
        assert (a.to_array(attrs) == b.to_array(attrs)).all(), a.text[:80]
        assert [(t.lemma_, str(t.morph), t.pos_) for t in a] == [
            (t.lemma_, str(t.morph), t.pos_) for t in b
        ]
        assert [(e.start, e.end, e.label_) for e in a.ents] == [
            (e.start, e.end, e.label_) for e in b.ents
        ]


def test_the_matches_are_the_stock_rulers(stock, nlp):
    """The ruler's match list itself, not only its effect."""
    fast = nlp.get_pipe("attribute_ruler")
    ruler = stock.get_pipe("attribute_ruler")
    upstream = [name for name in stock.pipe_names if name not in ("attribute_ruler", "lemmatizer")]
    for text in _texts():
        doc = stock(text, disable=[n for n in stock.pipe_names if n not in upstream])
        assert fast.match(doc) == ruler.match(doc)


def test_a_pattern_shape_the_tables_cannot_express_falls_back():
    assert compile_patterns([{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {}}]) is None
    assert compile_patterns([{"patterns": [[{"_": {"x": 1}}]], "attrs": {}}]) is None
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("rasid_attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "A"})
    doc = nlp("a a b")
    assert [t.lemma_ for t in doc] == ["A", "A", ""]


def test_a_ruler_of_one_attribute_matches_as_spacys():
    nlp = spacy.blank("en")
    fast = nlp.add_pipe("rasid_attribute_ruler")
    fast.add([[{"LOWER": "a"}], [{"LOWER": {"IN": ["b", "c"]}}, {"LOWER": "d"}]], {"LEMMA": "X"})
    stock = spacy.blank("en").add_pipe("attribute_ruler")
    stock.add([[{"LOWER": "a"}], [{"LOWER": {"IN": ["b", "c"]}}, {"LOWER": "d"}]], {"LEMMA": "X"})
    doc = nlp.make_doc("A b d c a")
    assert fast.match(doc) == stock.match(doc)
    assert [t.lemma_ for t in nlp("A b d c a")] == ["X", "X", "", "", "X"]
