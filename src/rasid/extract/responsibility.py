"""Who claimed an attack: "Islamic State claimed responsibility for the attack".

ACLED codes the group that claims an attack as its actor1 when the report
names no other perpetrator ("a suicide bomber", "gunmen").  The claim is
evidence, so the actor keeps the words of the claim sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from rasid.extract.attribution import nobody
from rasid.extract.draft import VIOLENT, Draft
from rasid.extract.typing import ARMED_TYPES
from rasid.records import Actor

# Dictionary names that stand for "some armed group" rather than a named one.
GENERIC_ACTORS = frozenset({"Militants", "Rebels"})
# Perpetrators the report leaves unnamed: a claim names them.
UNNAMED = GENERIC_ACTORS | {"Unidentified armed group"}
# What a group claims when it claims an attack.
_CLAIMED = frozenset({"responsibility", "attack", "bombing", "blast", "assault", "killing"})


def _claims(doc: Doc) -> list[Token]:
    """The tokens whose lemma is "claim".  Most articles have none: reading the lemma
    column spares making a token object for every word (twice an article)."""
    if not len(doc):
        return []
    lemmas = doc.to_array([LEMMA]).tolist()
    strings = doc.vocab.strings
    wanted = {h for h in set(lemmas) if strings[h].lower() == "claim"}
    return [doc[i] for i, h in enumerate(lemmas) if h in wanted] if wanted else []


def assign_claims(doc: Doc, drafts: Sequence[Draft], actors: Sequence[Actor]) -> None:
    """Make the claiming group actor1 of the latest violent event told before its claim."""
    for verb in _claims(doc):
        claimant = _claimant(verb, actors)
        if claimant is None:
            continue
        told = [d for d in drafts if d.sents[0].start <= verb.i and d.classes & VIOLENT]
        if not told:
            continue
        target = max(told, key=lambda d: d.sents[0].start)
        if target.actor1 is None or target.actor1.name in UNNAMED:
            target.actor1 = claimant


def disclaimed(doc: Doc, drafts: Sequence[Draft]) -> list[Draft]:
    """Events the report says nobody claimed ("No group has claimed the attack"):
    their perpetrator is unknown, whatever groups the article names elsewhere."""
    out = []
    for verb in _claims(doc):
        if verb.lemma_.lower() != "claim" or verb.pos_ != "VERB":
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or not nobody(subject):
            continue
        told = [d for d in drafts if d.sents[0].start <= verb.i and d.classes & VIOLENT]
        if told:
            out.append(max(told, key=lambda d: d.sents[0].start))
    return out


def _claimant(verb: Token, actors: Sequence[Actor]) -> Actor | None:
    """The armed group that is the subject of "claimed responsibility", if any."""
    if verb.lemma_.lower() != "claim" or verb.pos_ != "VERB":
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "did not claim"
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in _CLAIMED for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or nobody(subject):
        return None  # "No group has claimed responsibility"
    lo = subject.left_edge.idx
    hi = subject.right_edge.idx + len(subject.right_edge)
    return next(
        (
            a
            for a in actors
            if lo <= a.start < hi and a.type in ARMED_TYPES and a.name not in UNNAMED
        ),
        None,
    )
