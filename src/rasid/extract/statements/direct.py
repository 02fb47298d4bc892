"""Direct quotations: quoted stretches attached to the verb and speaker that
introduce them ("..., al-Hayani added"; "He added: ..."), or, for a quoted
paragraph with no verb of its own, to the speaker of the paragraph before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from rasid.extract.doccache import doc_text, sent_of
from rasid.extract.statements.drafts import Draft, is_cue, outlet_of
from rasid.extract.statements.quotes import QuoteSpan
from rasid.extract.statements.speakers import Mention, mention_from, subject_of
from rasid.knowledge.speech import SpeechKnowledge
from rasid.records import Actor

# A quote with no reporting verb near it is a statement only when it is at
# least this long; shorter ones are titles, slogans or scare quotes.
MIN_UNCUED_WORDS = 5
# Quotes shorter than this that do not end as speech does are scare quotes.
SCARE_WORDS = 4
# The longest stretch between two quotes of one interrupted quotation
# ("“...,” said X, a spokesman for Y. “...”"), in characters; longer gaps in
# the development articles held a second, unrelated remark.
MAX_INTERRUPTION = 200


def direct_drafts(
    doc: Doc,
    quotes: Sequence[QuoteSpan],
    in_quote: dict[int, QuoteSpan],
    actors: Sequence[Actor],
    speech: SpeechKnowledge,
) -> list[Draft]:
    text = doc_text(doc)
    out: list[Draft] = []
    for q in quotes:
        inner = doc.char_span(q.content_start, q.content_end, alignment_mode="contract")
        if inner is None or not inner.text.strip():
            continue
        if _scare_quote(text, q):
            continue
        cue = _nearest_cue(doc, q, inner, in_quote, speech)
        if cue is not None:
            subject = mention_from(subject_of(cue), doc, actors, speech)
            out.append(Draft(q.start, q.end, "direct", cue, subject, outlet_of(cue)))
            continue
        opens_paragraph = q.start == 0 or text[: q.start].rstrip(" \t").endswith("\n")
        lead = _colon_lead(doc, q, actors, speech)
        long_enough = q.words(text) >= MIN_UNCUED_WORDS
        # Uncued quotes are kept for now: one may be the second half of an
        # interrupted quotation; the rest are dropped after merging.
        out.append(
            Draft(
                q.start,
                q.end,
                "direct",
                None,
                lead,
                None,
                continues=(opens_paragraph or lead is not None) and long_enough,
            )
        )
    merged = _merge_interrupted(text, out)
    return [d for d in merged if d.cue is not None or d.continues]


def _scare_quote(text: str, q: QuoteSpan) -> bool:
    """'a new “caliphate”', 'called the system “rigged”': a few words in marks,
    not ending as speech does, are a term the writer distances, not a quotation."""
    content = text[q.content_start : q.content_end].rstrip()
    return q.words(text) < SCARE_WORDS and not content.endswith((",", ".", "!", "?", "…"))


def _colon_lead(
    doc: Doc, q: QuoteSpan, actors: Sequence[Actor], speech: SpeechKnowledge
) -> Mention | None:
    """'Jeremy Lott, author: "..."' / 'Bush: "..."': the speaker named before a colon."""
    text = doc_text(doc)
    before = text[: q.start].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    start = colon.start
    while (
        start > 0
        and sent_of(doc[start - 1]) == sent_of(colon[0])
        and not doc[start - 1].is_sent_end
    ):
        if doc[start - 1].text in ".!?\n" or "\n" in doc[start - 1].text:
            break
        start -= 1
    lead = doc[start : colon.start]
    if not lead or len(lead) > 25:
        return None
    roots = [t for t in lead if t.head.i < lead.start or t.head.i >= lead.end or t.head.i == t.i]
    if any(t.pos_ in ("VERB", "AUX") for t in roots):
        return None  # "He delivered a message to Trump:" has a verb; handled as a cue
    return mention_from(roots[:1], doc, actors, speech)


def _nearest_cue(
    doc: Doc, q: QuoteSpan, inner: Span, in_quote: dict[int, QuoteSpan], speech: SpeechKnowledge
) -> Token | None:
    first, last = inner[0], inner[-1]
    lo, hi = sent_of(first).start, sent_of(last).end
    # '"...," he said.' can be split off as a sentence of its own, and
    # 'He added:' can end the sentence before the quote.
    if hi < len(doc) and doc[hi - 1].idx < q.end and len(sent_of(doc[hi])) <= 12:
        hi = sent_of(doc[hi]).end
    before = doc[lo - 1] if lo > 0 else None
    if before is not None and (before.text in (":", ",") or before.idx >= q.start - 1):
        lo = sent_of(before).start
    # The verb must be in the quote's own paragraph(s).
    text = doc_text(doc)
    para_start = text.rfind("\n", 0, q.start) + 1
    para_end = text.find("\n", q.end)
    para_end = len(text) if para_end < 0 else para_end
    best: tuple[int, Token] | None = None
    for tok in doc[lo:hi]:
        if tok.i in in_quote or not is_cue(tok, speech):
            continue
        if q.start <= tok.idx < q.end or not para_start <= tok.idx < para_end:
            continue
        distance = q.start - tok.idx if tok.idx < q.start else tok.idx - q.end
        if best is None or distance < best[0]:
            best = (distance, tok)
    if best is not None:
        return best[1]
    return _adjacent_verb(doc, q, para_end)


def _adjacent_verb(doc: Doc, q: QuoteSpan, para_end: int) -> Token | None:
    """Any verb in the speech-tag shape right by the quote, for verbs no list
    holds: '“...!” Cruz quipped', 'then boomed, “...”', 'She went on: “...”'."""
    text = doc_text(doc)
    inner_end = text[q.content_start : q.content_end].rstrip()
    if inner_end.endswith((",", "!", "?", "…", "-", "—")):
        after = doc.char_span(q.end, min(para_end, q.end + 80), alignment_mode="contract")
        for tok in after or ():
            if tok.is_sent_start and tok.idx > q.end + 1 or tok.text in ("“", '"', "”"):
                break
            if tok.pos_ == "VERB":
                return tok
    lead = text[max(0, q.start - 40) : q.start]
    stripped = lead.rstrip()
    if stripped.endswith((",", ":")):
        span = doc.char_span(q.start - len(lead), q.start, alignment_mode="contract")
        verbs = [t for t in span or () if t.pos_ == "VERB"]
        if verbs and all(
            t.is_punct or t.pos_ in ("ADP", "PART", "ADV") for t in doc[verbs[-1].i + 1 : span.end]
        ):
            return verbs[-1]
    return None


def _merge_interrupted(text: str, drafts: list[Draft]) -> list[Draft]:
    """'“...,” he said, “...”' is one statement from the first mark to the last."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.cue is not None
            and (d.cue is None or d.cue == prev.cue)
            and 0 <= d.start - prev.end <= MAX_INTERRUPTION
            and prev.end <= prev.cue.idx < d.start
            and "\n" not in text[prev.end : d.start]
        ):
            out[-1] = replace(prev, end=d.end)
            continue
        out.append(d)
    return out
