"""What the statement finders share: a draft statement and span helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from rasid.extract.attribution import outlet_named_by
from rasid.extract.statements.quotes import QuoteSpan
from rasid.extract.statements.speakers import Mention
from rasid.knowledge.speech import SpeechKnowledge

CUE_POS = ("VERB", "AUX")


@dataclass(frozen=True)
class Draft:
    """A statement before its speaker is resolved; offsets index the article text."""

    start: int
    end: int
    kind: str
    cue: Token | None
    subject: Mention | None
    outlet: str | None
    continues: bool = False


def quote_index(doc: Doc, quotes: Sequence[QuoteSpan]) -> dict[int, QuoteSpan]:
    """Token index -> the quote whose content holds the token."""
    index: dict[int, QuoteSpan] = {}
    for q in quotes:
        span = doc.char_span(q.content_start, q.content_end, alignment_mode="contract")
        if span is None:
            continue
        for tok in span:
            index[tok.i] = q
    return index


def is_cue(tok: Token, speech: SpeechKnowledge) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ not in CUE_POS or lemma not in speech.cue_verbs:
        return False
    if lemma == "point":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    return True


def outlet_of(cue: Token) -> str | None:
    """The outlet named by the cue or the verbs it hangs from ('told Al-Hurra')."""
    cur = cue
    for _ in range(3):
        outlet = outlet_named_by(cur)
        if outlet:
            return outlet
        # "Speaking in an interview with Al Jazeera, X said ..."
        for child in cur.children:
            if child.dep_ == "advcl" and child.i < cur.i and (outlet := outlet_named_by(child)):
                return outlet
        if cur.dep_ not in ("advcl", "xcomp", "conj") or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def trim(span: Span) -> Span | None:
    """The span without surrounding punctuation and conjunctions."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].lower_ in ("and", "but", "but,")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None
