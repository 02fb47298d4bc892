"""Small questions asked of the parse: a token's determiner, its clause, a headline."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


def determiner(tok: Token) -> str | None:
    return next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), None)


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def clause_verb(tok: Token) -> Token:
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    return cur


def under(tok: Token | None, ancestor: Token) -> bool:
    return tok is not None and (
        tok.i == ancestor.i or any(a.i == ancestor.i for a in tok.ancestors)
    )


def headline(sent: Span) -> bool:
    text = sent.text.strip()
    return len(sent) <= 30 and not text.endswith((".", "?", "!", ":", '"', "”"))


def prep_object(tok: Token, preps: set[str]) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None
