"""Per-document values spaCy recomputes on every access, computed once.

``Doc.text`` joins every token, ``Token.sent`` walks the document, and
``Span.ents`` scans all entities: called per quote or per cue they made
statement finding quadratic in article length.  ``Doc.ents`` and ``Doc.sents``
build a new ``Span`` for every entity or sentence on each access (a dozen times
an article: a tenth of the rules' time).  The values are kept in the doc's
``user_data`` under Rasid's own keys; a doc is not changed after parsing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

_SENT_STARTS = "rasid.sentence_starts"
_TEXT = "rasid.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, or the article's own text where triage blanked sentences of
    the parsed one (``keep_text``): what the rules read and quote."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Have the rules read ``text`` as the doc's text: the text the doc was parsed
    from (spaCy's ``doc.text`` rebuilds it token by token, 2 ms an article), or the
    article of which the parse saw a copy with sentences blanked (``rasid.triage``).
    It must have the doc's length, so every offset means the same character."""
    length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if len(text) != length:
        raise ValueError("the text must have the doc's length, offset for offset")
    doc.user_data[_TEXT] = text


_SENTS = "rasid.sentences"
_DOC_ENTS = "rasid.doc_entities"


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``."""
    sents = doc.user_data.get(_SENTS)
    if sents is None:
        sents = doc.user_data[_SENTS] = list(doc.sents)
    return sents


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``."""
    ents = doc.user_data.get(_DOC_ENTS)
    if ents is None:
        ents = doc.user_data[_DOC_ENTS] = doc.ents
    return ents


def sent_of(tok: Token) -> Span:
    """``tok.sent``."""
    doc = tok.doc
    starts = doc.user_data.get(_SENT_STARTS)
    if starts is None:
        starts = [s.start for s in sentences(doc)]
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
        ents = doc.user_data[_ENTS] = (list(entities(doc)), [e.start for e in entities(doc)])
    spans, starts = ents
    lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return [e for e in spans[lo:hi] if e.end <= span.end]
