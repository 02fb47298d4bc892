"""Claims: what the outlet asserts with no source, and what is only hedged.

An analyst must tell "the CTS announced it killed 7 fighters" (a sourced
report) from "the US was backing ISIS" (the outlet's own allegation) and from
"there are reports of airdrops" (a hedge). Sentences are marked, not dropped:

* ``hedged``: a hedge phrase from the speech knowledge file ("reports say",
  "it is likely", "are estimated") outside anyone's direct quotation;
* ``unattributed``: outside every statement, with no "according to", either
  telling a coded event with no attribution, or alleging one actor's hand in
  another's doings (an alleging verb with a named actor as subject).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span

from rasid.extract.doccache import doc_text, sentences
from rasid.knowledge.speech import SpeechKnowledge
from rasid.records import Actor, Claim, Event, Statement

_SUBJECTS = ("nsubj", "nsubjpass")
_NAMED = ("GPE", "NORP", "ORG", "PERSON")


def find_claims(
    doc: Doc,
    statements: Sequence[Statement],
    events: Sequence[Event],
    actors: Sequence[Actor],
    speech: SpeechKnowledge,
) -> list[Claim]:
    """Hedged and unattributed sentences of ``doc``, in text order."""
    direct = [(s.start, s.end) for s in statements if s.kind == "direct"]
    spoken = [(s.start, s.end) for s in statements]
    article = doc_text(doc)  # a sentence's text, sliced once (Span.text joins its tokens)
    out: list[Claim] = []
    for sent in sentences(doc):
        if len(sent) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in sent):
            continue  # headings and fragments assert nothing
        raw = article[sent.start_char : sent.end_char]
        text = raw.strip()
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        end = start + len(text)
        ids = tuple(e.event_id for e in events if start <= e.trigger.start < end)
        hedge = next(_hedges(raw, sent.start_char, direct, speech), None)
        if hedge is not None:
            out.append(Claim("hedged", text, start, end, hedge, ids))
            continue
        if _covered(start, end, spoken) or any(t.lower_ == "according" for t in sent):
            continue
        unsourced = [e for e in events if start <= e.trigger.start < end and e.attribution is None]
        if unsourced:
            cue = unsourced[0].trigger.text
            out.append(Claim("unattributed", text, start, end, cue, ids))
            continue
        verb = _allegation(sent, actors, speech)
        if verb is not None:
            out.append(Claim("unattributed", text, start, end, verb, ids))
    return out


def _hedges(
    text: str, offset: int, direct: Sequence[tuple[int, int]], speech: SpeechKnowledge
) -> Iterator[str]:
    """Hedge phrases in a sentence's ``text`` (at ``offset``) outside direct quotes."""
    for m in speech.hedge_pattern.finditer(text):
        pos = offset + m.start()
        if not any(a <= pos < b for a, b in direct):
            yield m.group()


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """At least half of the sentence is someone's statement."""
    shared = sum(max(0, min(end, b) - max(start, a)) for a, b in spans)
    return shared * 2 >= end - start


def _allegation(sent: Span, actors: Sequence[Actor], speech: SpeechKnowledge) -> str | None:
    named = [(a.start, a.end) for a in actors if a.type]
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in speech.allegation_verbs:
            continue
        for subj in (c for c in tok.children if c.dep_ in _SUBJECTS):
            s, e = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
            if any(s <= a < e for a, _ in named) or subj.ent_type_ in _NAMED:
                return tok.text
    return None
