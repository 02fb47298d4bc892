"""Statements: who said what, quoted directly or reported indirectly.

Three sources of statements, merged in text order:

* direct quotations, paired from quotation marks on the raw text (see
  ``quotes``), each attached to the nearest reporting verb outside quotes in
  its sentence ("..., al-Hayani added"; "He added: ..."), or, when a quoted
  paragraph has no verb of its own, to the speaker of the paragraph before;
* indirect speech: the clause complement of a reporting or belief verb
  ("X confirmed that ...", "X told Al-Hurra that ...", "..., saying that ...");
* "according to X, ...": the rest of the sentence is X's.

Speakers are then resolved in reading order, so "he", "al-Jubouri" and "the
military expert" come out under the full name given earlier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from rasid.extract.doccache import doc_text, entities
from rasid.extract.statements.direct import direct_drafts
from rasid.extract.statements.drafts import Draft, quote_index
from rasid.extract.statements.indirect import indirect_drafts
from rasid.extract.statements.quotes import find_quotes
from rasid.extract.statements.speakers import SpeakerResolver
from rasid.knowledge.speech import SpeechKnowledge
from rasid.records import Actor, Statement

__all__ = ["extract_statements"]

# A quote inside an indirect statement is part of that statement ("says the
# movement appeals to the “bad angels” of human nature"; "said that “we need
# more information” about how the FBI came to its conclusion") unless it fills
# nearly all of it ("confirmed that “...”").  On the PolNeAR development file,
# 0.6 -> 0.9 found 91 more mixed quotes (0.648 -> 0.772) at the same precision.
MIXED_SHARE = 0.9
_CLAUSE_OPENING = re.compile(r"^(?:that\b)?[\s\"'“‘]*", re.IGNORECASE)
_MARKS = " \"'“”‘’"


def extract_statements(
    doc: Doc, actors: Sequence[Actor], speech: SpeechKnowledge
) -> list[Statement]:
    """Every statement in ``doc``, with resolved speakers, in text order."""
    text = doc_text(doc)
    quotes = find_quotes(text)
    in_quote = quote_index(doc, quotes)
    indirect = indirect_drafts(doc, actors, speech, in_quote)
    direct = direct_drafts(doc, quotes, in_quote, actors, speech)
    drafts = _combine(text, direct, indirect)
    # A pronoun speaker refers to a person named outside what others said:
    # "... headed by Hamid al-Shatri ...", he said" is not al-Shatri speaking.
    people = [
        (e.start_char, e.text, e.root.dep_ in ("nsubj", "nsubjpass"))
        for e in entities(doc)
        if e.label_ == "PERSON"
        and not speech.is_outlet(e.text)
        and not any(d.start <= e.start_char < d.end for d in drafts)
    ]
    known = [a for a in actors if a.type not in (None, "civilians")]
    organizations = [(a.start, a.name, a.text) for a in known]
    # organisations the actor dictionary does not know, where they act
    # ("Amnesty International published a report ... It said")
    organizations += [
        (e.start_char, e.text, e.text)
        for e in entities(doc)
        if e.label_ == "ORG"
        and e.root.dep_ in ("nsubj", "nsubjpass")
        and not speech.is_outlet(e.text)
        and not any(a.start < e.end_char and e.start_char < a.end for a in known)
    ]
    resolver = SpeakerResolver(people, organizations)
    out: list[Statement] = []
    previous: Statement | None = None
    for d in drafts:
        if d.subject is None:
            if not d.continues or previous is None:
                continue
            speaker, outlet = previous.speaker, d.outlet or previous.outlet
        else:
            saying = d.cue is not None and d.cue.lemma_.lower() in speech.speech_verbs
            speaker, outlet = resolver.resolve(d.subject, saying=saying), d.outlet
        if not (speaker.name or speaker.role):
            continue
        statement = Statement(
            speaker=speaker,
            quote=text[d.start : d.end],
            start=d.start,
            end=d.end,
            kind=d.kind,
            outlet=outlet,
            cue=d.cue.text if d.cue is not None else None,
        )
        out.append(statement)
        previous = statement
    return out


def _combine(text: str, direct: list[Draft], indirect: list[Draft]) -> list[Draft]:
    """One statement per stretch of speech.

    A direct quote inside an indirect statement is a mixed quote and belongs
    to it, also when they share the verb ("said that “we need more
    information” about how ..."); an indirect clause that is nearly all quote
    ("confirmed that “...”"), or lies inside one ("He added: “This ...”"), is
    that direct quotation.
    """
    keep_indirect: list[Draft] = []
    for ind in indirect:
        # the words of the clause, without its "that" and the opening mark
        said = _CLAUSE_OPENING.sub("", text[ind.start : ind.end])
        length = len(said.strip(_MARKS)) or 1
        overlapping = [d for d in direct if min(d.end, ind.end) > max(d.start, ind.start)]
        shared = sum(min(d.end, ind.end) - max(d.start, ind.start) for d in overlapping)
        if overlapping and shared >= MIXED_SHARE * length:
            continue
        keep_indirect.append(ind)
    keep_direct = []
    for d in direct:
        host = next(
            (i for i in keep_indirect if i.start - 2 <= d.start and d.end <= i.end + 2), None
        )
        if host is None:
            keep_direct.append(d)
    drafts = sorted(keep_direct + keep_indirect, key=lambda d: (d.start, -d.end))
    # Nested indirect statements ("X said Y believes Z") are kept both; one
    # clause reached by two cues is kept once.
    out: list[Draft] = []
    seen: set[tuple[int, int]] = set()
    for d in drafts:
        if (d.start, d.end) in seen or any(_restates(o, d) for o in out[-3:]):
            continue
        seen.add((d.start, d.end))
        out.append(d)
    return out


def _restates(outer: Draft, inner: Draft) -> bool:
    """'officials expressed their concerns about reports ...': the concerns and
    the reports are one statement of one speaker, not two."""
    if (
        inner.cue is not None
        and inner.cue.tag_ == "VBG"
        and (outer.cue is None or inner.cue.i != outer.cue.i)
    ):
        return False  # "said A, adding that B": B is said too, in its own words
    return (
        inner.kind == outer.kind == "indirect"
        and outer.start <= inner.start
        and inner.end <= outer.end
        and inner.subject is not None
        and outer.subject is not None
        and inner.subject.start == outer.subject.start
    )
