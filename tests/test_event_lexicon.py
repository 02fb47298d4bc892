"""The event lexicon: trigger matching in text, user lexicon files, validation errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rasid.errors import KnowledgeError
from rasid.knowledge.lexicon import CLASSES, EventLexicon, default_lexicon, inflections
from rasid.pipeline import Extractor
from rasid.records import Article

# sentence, loose (headline mode), [(matched text, class)] in text order
ROWS = [
    # inflections of one lemma
    ("Insurgents kill two soldiers in Tikrit", False, [("kill", "kill")]),
    ("Insurgents kills two soldiers in Tikrit", False, [("kills", "kill")]),
    ("Militants killed two soldiers near Baiji.", False, [("killed", "kill")]),
    ("Militants are killing civilians in the north.", False, [("killing", "kill")]),
    ("Two policemen were injured near the base.", False, [("injured", "wound")]),
    ("Police detained three suspects.", False, [("detained", "arrest")]),
    # multi-word terms, also with an irregular or inflected verb
    (
        "A car bomb exploded near the market.",
        False,
        [("car bomb", "explosion"), ("exploded", "explosion")],
    ),
    (
        "An air strike hit a militant hideout.",
        False,
        [("air strike", "explosion"), ("hit", "attack")],
    ),
    ("Insurgents blew up a bridge near Samarra.", False, [("blew up", "explosion")]),
    ("Police rounded up dozens of suspects.", False, [("rounded up", "arrest")]),
    ("Fighters exchanged fire with troops.", False, [("exchanged fire", "clash")]),
    (
        "Gunmen opened fire on a checkpoint.",
        False,
        [("Gunmen", "attack"), ("opened fire", "attack")],
    ),
    pytest.param(
        "Militants set off a roadside bomb near Kirkuk.",
        False,
        [("set off", "explosion"), ("roadside bomb", "explosion")],
    ),
    pytest.param(
        "A bomb went off near a school in Mosul.",
        False,
        [("bomb", "explosion"), ("went off", "explosion")],
    ),
    # title-case and all-caps headlines
    (
        "Suicide Bomber Kills 34 At Crowded Checkpoint In Baghdad",
        False,
        [("Suicide Bomber", "explosion"), ("Kills", "kill")],
    ),
    (
        "SUICIDE BOMBER KILLS 34 IN BAGHDAD",
        False,
        [("SUICIDE BOMBER", "explosion"), ("KILLS", "kill")],
    ),
    ("Police Arrest 12 Suspects In Mosul", False, [("Arrest", "arrest")]),
    ("Two Soldiers Wounded In Mosul Blast", False, [("Wounded", "wound"), ("Blast", "explosion")]),
    ("Army Retakes Town From Militants", False, [("Retakes", "territory")]),
    # in headline mode a verb tagged as a plural noun ("Hits") still counts
    (
        "Coalition Air Strike Hits Militant Hideout",
        True,
        [("Air Strike", "explosion"), ("Hits", "attack")],
    ),
    # phrasal verbs that share a word with a trigger but are not events
    ("The army set up a checkpoint near the town.", False, []),
    ("Talks on the budget went on for hours.", False, []),
]


def _first(row) -> str:
    return (row.values if hasattr(row, "values") else row)[0]


@pytest.mark.parametrize(("text", "loose", "expected"), ROWS, ids=[_first(r) for r in ROWS])
def test_find(nlp, text, loose, expected):
    doc = nlp(text)
    found = default_lexicon().find(doc, loose=loose)
    assert [(m.span(doc).text, m.cls) for m in found] == expected


def test_find_in_a_span_stays_inside_it(nlp):
    doc = nlp("Gunmen killed two policemen. Police arrested five suspects.")
    second = list(doc.sents)[1]
    found = default_lexicon().find(second)
    assert [(m.span(doc).text, m.cls) for m in found] == [("arrested", "arrest")]


def test_longest_match_wins(nlp):
    doc = nlp("A roadside bomb went off in Kirkuk.")
    (bomb, *_) = default_lexicon().find(doc)
    assert bomb.span(doc).text == "roadside bomb"
    assert bomb.term.words == ("roadside", "bomb")


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("kill", {"kills", "killed", "killing"}),
        ("detonate", {"detonates", "detonated", "detonating"}),
        ("kidnap", {"kidnapped", "kidnapping"}),
        ("bury", {"buries", "buried"}),
        ("go", {"went", "gone"}),
        ("shoot", {"shot"}),
    ],
)
def test_inflections(lemma, forms):
    assert forms <= inflections(lemma)


# --- user lexicon files -------------------------------------------------------

USER_LEXICON = """\
classes:
  kill:
    terms:
      - {term: slaughter, pos: [VERB]}
  explosion:
    terms:
      - {term: vbied}
civilian_nouns: [herder]
"""


@pytest.fixture
def user_lexicon(tmp_path) -> Path:
    path = tmp_path / "my_lexicon.yaml"
    path.write_text(USER_LEXICON, encoding="utf-8")
    return path


def test_user_file_adds_terms(nlp, user_lexicon):
    doc = nlp("Militants slaughtered 20 herders after a VBIED exploded in Sinjar.")
    shipped = [(m.span(doc).text, m.cls) for m in default_lexicon().find(doc)]
    merged = [(m.span(doc).text, m.cls) for m in EventLexicon.load([user_lexicon]).find(doc)]
    assert ("slaughtered", "kill") not in shipped
    assert merged == [
        ("slaughtered", "kill"),
        ("VBIED", "explosion"),
        ("exploded", "explosion"),
    ]


def test_user_file_keeps_shipped_terms_and_names_its_origin(user_lexicon):
    merged = EventLexicon.load([user_lexicon])
    shipped = default_lexicon()
    assert set(shipped.terms) < set(merged.terms)
    assert "herder" in merged.civilian_nouns and "civilian" in merged.civilian_nouns
    assert str(user_lexicon) in merged.origin


def test_user_terms_reach_the_coded_events(nlp, user_lexicon):
    extractor = Extractor(nlp=nlp, lexicon=EventLexicon.load([user_lexicon]))
    article = Article(
        id="user-lexicon",
        text="Militants slaughtered 20 herders in Sinjar on Sunday.",
        published=dt.date(2024, 12, 31),
    )
    (event,) = extractor(article).events
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.fatalities.value == 20


# --- invalid files ------------------------------------------------------------


# file content (str, bytes, or None for a missing file), words the message must contain
BAD_FILES = [
    ("classes:\n  looting:\n    terms:\n      - {term: loot}\n", "unknown event class 'looting'"),
    ("classes:\n  kill:\n    terms:\n      - slaughter\n", "bad term 'slaughter'"),
    ("classes:\n  kill:\n    terms:\n      - {term: slaughter, colour: red}\n", "bad term"),
    ("classes:\n  kill:\n    terms:\n      - {pos: [VERB]}\n", "bad term"),
    ("classes:\n  destroy:\n    terms:\n      - {term: wreck, object: vehicle}\n", "bad object"),
    ("classes:\n  kill:\n    terms:\n      - {term: kill}\n", "listed twice"),
    ("classes:\n  kill:\n    terms: [{term: slaughter\n", "not valid YAML"),
    ("classes:\n\tkill: []\n", "not valid YAML"),
    ("- kill\n- wound\n", "expected a mapping"),
    ("classes: [kill, wound]\n", "expected a mapping"),
    ("sub_event_cues:\n  - {any: [vbied]}\n", "bad sub_event_cues"),
    pytest.param(None, "cannot read", id="missing-file"),
    pytest.param(b"\xff\xfeclasses: {}\n", "cannot read", id="not-utf8"),
    pytest.param(
        "armed_nouns: herder\n",
        "armed_nouns",
        id="noun-list-is-a-string",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_bad_file_raises_knowledge_error_naming_it(tmp_path, content, message):
    path = tmp_path / "bad_lexicon.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        EventLexicon.load([path])
    assert str(path) in str(info.value)
    assert message in info.value.message
    assert info.value.code == "bad_knowledge_file"


def test_user_file_with_an_empty_class_loads(tmp_path):
    path = tmp_path / "empty_class.yaml"
    path.write_text("classes:\n  kill:\n", encoding="utf-8")
    assert set(EventLexicon.load([path]).terms) == set(default_lexicon().terms)


def test_every_shipped_class_is_known():
    assert {t.cls for t in default_lexicon().terms} == set(CLASSES)
