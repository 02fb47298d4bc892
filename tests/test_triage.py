"""Triage blanks only sentences that cannot matter, and never changes a result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasid import nlp as nlp_mod
from rasid import sources
from rasid.cli import main
from rasid.pipeline import Extractor
from rasid.records import Article
from rasid.triage import enabled

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "rasid" / "examples"

# Background that tells nothing: no trigger, no cue of speech, no number, no name.
FILLER = (
    "The valley has green fields and small farms. Its soil is rich and its rivers are "
    "clean. Most homes have a garden with fruit trees and a low stone wall. "
    "The roads between the villages are narrow and wind along the hills.\n"
)

LONG = "".join(
    [
        "Gunmen kill five in Mosul market attack\n\n",
        "MOSUL, Iraq (Reuters) - Gunmen killed five people at a market in Mosul on Monday, "
        "police said.\n",
        FILLER * 4,
        "The attackers fled in two cars towards the west of the city, a police officer said.\n",
        FILLER * 3,
        "\u201cWe will find them and bring them to justice,\u201d the governor told reporters.\n",
        FILLER * 2,
        "In a separate attack, a roadside bomb killed three soldiers near Tikrit on Tuesday, "
        "according to the army.\n",
        FILLER,
    ]
)

# The actor is named only in a paragraph before the incident's.
EARLIER_ACTOR = "".join(
    [
        "Somalia: clashes near Marka\n\n",
        "MOGADISHU - Al-Shabaab has held the farmland around Marka for most of the year.\n",
        FILLER * 2,
        "The militants attacked a police station on the edge of the town overnight, killing "
        "four officers, a local elder said.\n",
        FILLER,
    ]
)

# A paragraph that is only a quotation, with no event word and no verb of saying.
QUOTE_ONLY = "".join(
    [
        "Governor speaks after Kirkuk bombing\n\n",
        "KIRKUK - A car bomb killed 12 people in Kirkuk on Sunday, the governor said.\n",
        FILLER,
        "\u201cThe city is calm now. The markets will open again and the schools as well.\u201d\n",
        FILLER * 2,
        "He said the wounded had been taken to the main hospital.\n",
    ]
)

CRAFTED = {"long": LONG, "earlier_actor": EARLIER_ACTOR, "quote_only": QUOTE_ONLY}


@pytest.fixture(scope="module")
def triaged():
    return Extractor(triage=True)


@pytest.fixture(scope="module")
def untriaged():
    return Extractor(triage=False)


def _articles(path: Path) -> list[Article]:
    return [a for a in sources.read([path]) if isinstance(a, Article)]


def _spans(obj, out: list) -> list:
    """Every (start, end, text) a result holds, wherever it is nested."""
    if isinstance(obj, dict):
        for a, b in (("start", "end"), ("offset_start", "offset_end")):
            if isinstance(obj.get(a), int) and isinstance(obj.get(b), int):
                out.append((obj[a], obj[b], obj.get("text") or obj.get("quote")))
        for value in obj.values():
            _spans(value, out)
    elif isinstance(obj, list):
        for value in obj:
            _spans(value, out)
    return out


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_articles_come_out_the_same_with_triage(name, triaged, untriaged):
    article = Article(id=name, text=CRAFTED[name])
    assert triaged.triage.drop(article.text), "the filler should be blanked"
    on, off = triaged(article).to_dict(), untriaged(article).to_dict()
    assert _spans(on, []) == _spans(off, [])
    assert on == off


@pytest.mark.parametrize("path", sorted(EXAMPLES.iterdir()), ids=lambda p: p.name)
def test_bundled_examples_come_out_the_same_with_triage(path, triaged, untriaged):
    for article in _articles(path):
        on, off = triaged(article).to_dict(), untriaged(article).to_dict()
        assert _spans(on, []) == _spans(off, [])
        assert on == off


def test_evidence_is_the_articles_text(triaged):
    """Sentences told between two of one incident's are quoted from the article,
    never from the blanked copy the parser saw."""
    article = Article(id="long", text=LONG)
    result = triaged(article)
    assert result.events
    for event in result.events:
        for ev in event.evidence:
            assert ev.text == LONG[ev.start : ev.end]
            assert ev.text.strip(), "no blank evidence"


def test_the_earlier_paragraph_naming_the_actor_is_parsed(triaged):
    spans = triaged.triage.drop(EARLIER_ACTOR)
    named_at = EARLIER_ACTOR.index("Al-Shabaab")
    assert not any(s <= named_at < e for s, e in spans)


def test_a_quotation_paragraph_is_never_blanked(triaged, untriaged):
    spans = triaged.triage.drop(QUOTE_ONLY)
    quote = QUOTE_ONLY.index("\u201cThe city")
    assert not any(s <= quote + 20 < e for s, e in spans)
    article = Article(id="q", text=QUOTE_ONLY)
    assert triaged(article).statements == untriaged(article).statements


def test_blanking_keeps_length_line_breaks_and_sentence_edges(triaged):
    blanked, spans = triaged.triage.blank(LONG)
    assert spans
    assert len(blanked) == len(LONG)
    assert [i for i, c in enumerate(blanked) if c == "\n"] == [
        i for i, c in enumerate(LONG) if c == "\n"
    ]
    for start, end in spans:
        first = LONG[start:end].split()[0]
        assert blanked[start:end].split() == [first, LONG[end - 1]]
    doc = triaged.parse(LONG)
    starts = {s.start_char for s in doc.sents}
    ends = {s.end_char for s in doc.sents}
    for start, end in spans:
        assert start in starts
        assert end in ends or LONG[end] == "\n"  # a line break stays with its sentence


def _tells(doc, start: int, end: int, extractor: Extractor) -> list[str]:
    """Trigger words and cues of speech the full parse finds in [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    speech = extractor.speech
    cues = speech.all_cue_words | speech.speech_verbs | speech.belief_verbs
    found = [doc[m.start : m.end].text for m in extractor.lexicon.find(span)]
    found += [t.text for t in span if t.lemma_.lower() in cues]
    return found


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_what_is_blanked_has_no_trigger_and_no_cue(name, triaged, untriaged):
    text = CRAFTED[name]
    doc = untriaged.parse(text)
    for start, end in triaged.triage.drop(text):
        assert _tells(doc, start, end, untriaged) == [], text[start:end]


@pytest.mark.slow
def test_what_is_blanked_in_the_development_files_has_no_trigger_and_no_cue(
    shared, triaged, untriaged
):
    checked = 0
    for name in ("polnear.jsonl", "wikievents.jsonl", "realnews-dev.jsonl", "re3d.jsonl"):
        with open(shared / "eval" / name, encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f]
        for text in texts:
            spans = triaged.triage.drop(text)
            if not spans:
                continue
            doc = untriaged.parse(text)
            for start, end in spans:
                assert _tells(doc, start, end, untriaged) == [], text[start:end]
                checked += 1
    assert checked


def test_the_switch(monkeypatch):
    monkeypatch.setenv("RASID_TRIAGE", "0")
    assert not enabled()
    assert enabled(True)
    monkeypatch.setenv("RASID_TRIAGE", "1")
    assert enabled()
    assert not enabled(False)
    monkeypatch.delenv("RASID_TRIAGE")
    assert not enabled()  # off unless asked for: it pays nothing on the development files
    assert Extractor(nlp=nlp_mod.load(), triage=False).triage is None
    assert Extractor(nlp=nlp_mod.load(), triage=True).triage is not None


def test_cli_no_triage_gives_the_same_output(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(LONG, encoding="utf-8")
    runner = CliRunner()
    on = runner.invoke(main, ["extract", str(path), "--triage"])
    off = runner.invoke(main, ["extract", str(path), "--no-triage"])
    assert on.exit_code == 0 and off.exit_code == 0, on.output + off.output
    assert on.output == off.output
    assert json.loads(on.output)["events"]


@pytest.mark.parametrize("command", ["extract", "ingest", "eval"])
def test_every_coding_command_has_the_switch(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "--no-triage" in result.output
