"""Who reported an event: "the Counter-Terrorism Service announced ...",
"according to police", "X told Al-Hurra that ...".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from rasid.extract.doccache import sent_of
from rasid.extract.summary import summarise
from rasid.extract.syntax import headline_tag
from rasid.records import Actor, Attribution, Event, Statement

REPORTING_VERBS = {
    "say", "announce", "report", "confirm", "state", "tell", "add", "claim", "declare",
    "reveal", "note", "stress", "emphasize", "emphasise", "explain", "indicate", "disclose",
    "hold", "assert", "affirm", "mention", "inform", "acknowledge", "admit", "deny", "allege",
    "accuse", "warn", "write", "post", "publish", "quote", "cite", "believe", "suspect", "think",
}  # fmt: skip
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}


def telling(verb: Token) -> bool:
    """A verb of telling: "police said", "the ministry holds that ..."; but "traders
    held a sit-in", "held a rally" is the act itself, not a report of it."""
    lemma = verb.lemma_.lower()
    if lemma not in REPORTING_VERBS:
        return False
    return lemma != "hold" or not any(c.dep_ == "dobj" for c in verb.children)


def _blamed(verb: Token) -> bool:
    """ "Soldiers were accused of killing ...": the passive subject is the accused, not
    who tells it."""
    return verb.lemma_.lower() in ("accuse", "allege", "blame", "suspect")


def attribution(trigger: Token, sent: Span, actors: Sequence[Actor]) -> Attribution | None:
    """The source that reports the event triggered by ``trigger``, if the sentence names one."""
    cur = trigger
    while cur.head.i != cur.i:
        cur = cur.head
        if telling(cur) and cur.pos_ in ("VERB", "AUX"):
            # "Five soldiers killed in ambush, security sources say": a subject
            # holding the event itself is the parser's mistake, not the source
            subj = next(
                (
                    c
                    for c in cur.children
                    if (c.dep_ == "nsubj" or c.dep_ == "nsubjpass" and not _blamed(cur))
                    and not c.left_edge.i <= trigger.i <= c.right_edge.i
                ),
                None,
            )
            if subj is None:
                subj = _trailing_source(cur)
            if subj is not None and not nobody(subj):
                return _make(subj, cur, actors)
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            pobj = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
            if pobj is not None and not _later_clause(tok, pobj, trigger):
                return _make(pobj, None, actors)
    tag = headline_tag(sent)
    if tag is not None and trigger.i < tag.start and tag.root.lemma_.lower() not in _NOT_SOURCES:
        # "Car bomb kills 12 - police": the tag's own words, whatever the parser
        # hung on them ("... in Mosul, Anbar - website")
        org = next((a for a in actors if tag.start_char <= a.start < tag.end_char), None)
        if org is not None and org.type == "civilians":
            org = None
        named = org is not None and len(tag.text) <= len(org.text) + 12
        return Attribution(
            name=org.name if named else tag.text,
            organization=org.name if org is not None else None,
            outlet=None,
            start=tag.start_char,
            end=tag.end_char,
        )
    return None


# Words after a headline's colon that are no source: "39 killed in bombings: new toll".
_NOT_SOURCES = {"toll", "update", "updates", "live", "timeline", "analysis", "photos", "video"}


def _later_clause(according: Token, source: Token, trigger: Token) -> bool:
    """'A were injured, according to a health official, and police detained B':
    the source vouches for the clause it follows, not the one coordinated after it."""
    doc = trigger.doc
    end = source.right_edge.i + 1
    return (
        according.i > sent_of(trigger).start
        and trigger.i > end
        and any(t.dep_ == "cc" for t in doc[end : trigger.i])
    )


_SOURCE_WORDS = ("NOUN", "PROPN", "ADJ", "CCONJ", "DET", "PUNCT")


def _trailing_source(verb: Token) -> Token | None:
    """'..., killing 5 people, police and medical sources said.': the parser
    hung the source on the clause before; it is the words between the last
    comma and the verb."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].text != "," and verb.i - i <= 7:
        if doc[i].pos_ not in _SOURCE_WORDS or doc[i].text in ".;:":
            return None
        i -= 1
    if i < 0 or doc[i].text != "," or i == verb.i - 1:
        return None
    # the phrase's own head: "workers" in "rescue workers and a war monitor"
    words = doc[i + 1 : verb.i]
    return next((t for t in words if not i < t.head.i < verb.i), doc[i + 1])


def nobody(tok: Token) -> bool:
    """'No one claimed responsibility', 'no group claimed it': nobody reported anything."""
    return (
        tok.lower_ in ("nobody", "none")
        or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)
        or (tok.lower_ == "one" and tok.i > 0 and tok.nbor(-1).lower_ == "no")
    )


def _make(head: Token, verb: Token | None, actors: Sequence[Actor]) -> Attribution:
    span = head.doc[head.left_edge.i : head.right_edge.i + 1]
    person = next((e for e in span.ents if e.label_ == "PERSON"), None)
    org = next((a for a in actors if span.start_char <= a.start < span.end_char), None)
    name = (
        person.text if person is not None else (span.text if head.lower_ not in _PRONOUNS else None)
    )
    if (
        person is None
        and org is not None
        and org.type != "civilians"  # "residents said": the residents, not "Civilians"
        and len(span.text) <= len(org.text) + 12
    ):
        name = org.name
    outlet = outlet_named_by(verb) if verb is not None else None
    return Attribution(
        name=name,
        organization=org.name if org is not None and org.type != "civilians" else None,
        outlet=outlet,
        start=span.start_char,
        end=span.end_char,
    )


def outlet_named_by(verb: Token) -> str | None:
    """'told Al-Hurra', 'in an interview with Eram News', 'to Shafaq News'."""
    for child in verb.children:
        if (
            verb.lemma_.lower() == "tell"
            and child.dep_ in ("dobj", "dative")
            and child.pos_ == "PROPN"
        ):
            return _flat(child)
        if child.dep_ == "prep" and child.lower_ in ("in", "to"):
            for pobj in child.children:
                if pobj.lemma_.lower() == "interview":
                    for p2 in pobj.children:
                        if p2.lower_ == "with":
                            obj = next((g for g in p2.children if g.dep_ == "pobj"), None)
                            if obj is not None:
                                return _flat(obj)
                elif child.lower_ == "to" and pobj.pos_ == "PROPN":
                    return _flat(pobj)
    return None


def _flat(tok: Token) -> str:
    """A proper-noun phrase without trailing clauses: 'Al-Hurra news' -> 'Al-Hurra news'."""
    left = tok.left_edge.i
    words = [t for t in tok.doc[left : tok.i + 1] if t.pos_ in ("PROPN", "NOUN", "PUNCT", "ADJ")]
    return tok.doc[words[0].i : tok.i + 1].text if words else tok.text


def from_statements(events: Sequence[Event], statements: Sequence[Statement]) -> list[Event]:
    """Events told inside someone's statement are reported by that speaker.

    The sentence-level rules above see only the event's own sentence; a quote
    running over several sentences ("... 84 ISIS members were killed ...")
    has its verb of saying elsewhere.
    """
    # An infinitive ("tried to storm the base, killing ...", "plans to ...")
    # states its subject's intention; it does not report what happened.
    reports = [s for s in statements if not (s.kind == "indirect" and s.quote.startswith("to "))]
    out = []
    for event in events:
        said = next((s for s in reports if s.start <= event.trigger.start < s.end), None)
        if said is None or not (said.speaker.name or said.speaker.organization):
            out.append(event)
            continue
        # The statement's speaker is resolved ("Al-Hayani" -> "Mahmoud
        # al-Hayani", with his organisation), so it wins over the sentence's.
        current = event.attribution
        current = Attribution(
            name=said.speaker.name,
            organization=said.speaker.organization,
            outlet=said.outlet or (current.outlet if current else None),
            start=said.speaker.start,
            end=said.speaker.end,
        )
        moved = replace(event, attribution=current)
        out.append(replace(moved, summary=summarise(moved)))
    return out
