"""Per-document values spaCy recomputes on every access, computed once.

``Doc.text`` joins every token, ``Token.sent`` walks the document, and
``Span.ents`` scans all entities: called per quote or per cue they made
statement finding quadratic in article length. The values are kept in the
doc's ``user_data`` under Rasid's own keys.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

_SENT_STARTS = "rasid.sentence_starts"
_TEXT = "rasid.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def sent_of(tok: Token) -> Span:
    """``tok.sent``."""
    doc = tok.doc
    starts = doc.user_data.get(_SENT_STARTS)
    if starts is None:
        starts = [s.start for s in doc.sents]
        doc.user_data[_SENT_STARTS] = starts
    k = bisect_right(starts, tok.i) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return doc[starts[k] : end]


_ENTS = "rasid.entities"


def ents_in(span: Span) -> list[Span]:
    """``span.ents``: the document's entities that lie inside ``span``."""
    doc = span.doc
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = (list(doc.ents), [e.start for e in doc.ents])
    spans, starts = ents
    lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return [e for e in spans[lo:hi] if e.end <= span.end]
