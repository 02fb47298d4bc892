"""Modality: is this a current, real occurrence, or a claim, denial, plan,
hypothesis, negation or piece of background?

Only ``reported`` and ``claimed`` events are coded; the others are kept as
mentions so an analyst can see why they were left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Token

from rasid.records import DateMention

_MODALS = {"may", "might", "could", "would", "should", "can"}
_HYPOTHETICAL_MARKS = {"if", "unless", "whether", "lest"}
_HYPOTHETICAL_HEADS = {"fear", "risk", "threat", "possibility", "danger", "prospect", "chance", "likely",
                       "unlikely", "possible", "scenario", "potential", "worry", "concern", "prevent",
                       "thwart", "avert", "avoid", "foil", "deter"}  # fmt: skip
_UNREAL_KINDS = {"impending", "imminent", "possible", "potential", "future", "hypothetical",
                 "eventual"}  # fmt: skip
_HYPOTHETICAL_HEADS = _HYPOTHETICAL_HEADS | {"prevention", "indication"}
_PLAN_HEADS = {"plan", "intend", "prepare", "aim", "seek", "vow", "pledge", "promise", "want", "ready",
               "order", "call", "urge", "decide", "expect", "going", "able", "capable"}  # fmt: skip
_THREAT_HEADS = {"threaten", "warn"}
_DENY_HEADS = {"deny", "dismiss", "reject", "refute"}
_CLAIM_HEADS = {"claim", "allege", "accuse", "boast"}
_NEGATORS = {"no", "not", "never", "n't", "neither", "nor", "without"}
# Verbs whose negation says the event was not there ("did not cause casualties"),
# unlike "did not stop the attacks", which happened.
_NOT_HAD = {"mention", "report", "cause", "record", "suffer", "sustain", "inflict", "see",
            "confirm", "result"}  # fmt: skip
_NOBODY = {"nobody", "anyone", "anybody", "none"}

# An event dated this many days before publication is background, not news.
# Wires report events of the last days; synthesis pieces look back weeks.
# 180 days keeps "earlier this year" news and drops "from 2014 to 2017".
HISTORICAL_DAYS = 180


def modality(trigger: Token, date: DateMention | None, published: dt.date | None) -> str:
    """The modality of the event whose main trigger token is ``trigger``."""
    if _negated(trigger):
        return "negated"
    if (
        date is not None
        and published is not None
        and date.end_date is not None
        and (published - date.end_date).days > HISTORICAL_DAYS
    ):
        return "historical"
    chain = list(_governors(trigger))
    if _over_the_years(chain):
        return "historical"
    lemmas = {t.lemma_.lower() for t in chain}
    if lemmas & _DENY_HEADS:
        return "denied"
    if _hypothetical(trigger, chain):
        return "hypothetical"
    if lemmas & _THREAT_HEADS:
        return "threatened"
    if _future(chain) or lemmas & _PLAN_HEADS and _nonfinite(trigger):
        return "planned"
    claims = [t for t in chain if t.lemma_.lower() in _CLAIM_HEADS and not _took_lives(t)]
    if claims or any(t.lower_ == "allegedly" for t in trigger.children):
        return "claimed"
    return "reported"


def _took_lives(verb: Token) -> bool:
    """ "clashes claimed three lives": the deaths they caused, nobody's claim."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in ("life", "live") for c in verb.children)


# "hit by several strikes in recent years": a pattern over years, not one event.
_YEARS_SPAN = re.compile(
    r"(?i)\b(?:in|over|during|for)\s+(?:the\s+)?(?:recent|past|previous|last)\s+"
    r"(?:few\s+|several\s+|two\s+|three\s+|\d+\s+)?(?:years|decades?)\b|\bover\s+the\s+years\b"
    r"|\bfor\s+years\b"
)


def _over_the_years(chain: list[Token]) -> bool:
    """The clause of the trigger is dated by a span of years."""
    clause = next((t for t in chain if t.pos_ in ("VERB", "AUX")), chain[-1])
    words = " ".join(t.text for t in clause.subtree)
    return bool(_YEARS_SPAN.search(words))


def _governors(tok: Token):
    """The trigger and the heads above it, up to the head of its own clause.

    A coordinated or adverbial clause is a fact of its own: in "forces thwart
    an attack, kill 60" the killing is not thwarted, and in "PM warns of war
    as 148 killed" the killing is not a warning.
    """
    yield tok
    cur = tok
    while cur.head.i != cur.i:
        if cur.dep_ in ("conj", "advcl") and cur.pos_ in ("VERB", "AUX"):
            return
        cur = cur.head
        yield cur


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if (
        tok.pos_ == "NOUN"
        and tok.dep_ == "dobj"
        and tok.head.lemma_.lower() in _NOT_HAD
        and any(c.dep_ == "neg" for c in tok.head.children)
    ):
        return True  # "the army did not mention/cause any casualties": none asserted
    # "no one was killed", "no casualties": a negative subject or object.
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
            child.lower_ in _NOBODY
            and any(c.dep_ == "neg" for c in tok.children)
            or child.lower_ in ("nobody", "none")
            or any(c.dep_ == "det" and c.lower_ == "no" for c in child.children)
        ):
            return True
    return False


def _hypothetical(tok: Token, chain: Sequence[Token]) -> bool:
    for t in chain:
        if any(c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL_MARKS for c in t.children):
            return True
        if t.dep_ in ("ccomp", "ROOT", "conj") and t.i != tok.i:
            break
    shared = [tok.head] if tok.dep_ == "conj" else []  # "may attack and kill"
    for t in [*chain[:3], *shared]:
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in t.children):
            return True
    if any(c.dep_ == "amod" and c.lower_ in _UNREAL_KINDS for c in tok.children):
        return True  # "an impending attack", "possible strikes": not (yet) real
    return any(t.lemma_.lower() in _HYPOTHETICAL_HEADS for t in chain[1:4])


def _future(chain: Sequence[Token]) -> bool:
    for t in chain[:2]:
        if _will(t):
            return True
    return _alongside_future(chain[0])


def _will(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in tok.children)


def _alongside_future(tok: Token) -> bool:
    """ "we will continue to support them as they free northeast Syria": an act told as
    going on while something that will be done is, is still to come."""
    if tok.dep_ != "advcl" or not any(
        c.dep_ == "mark" and c.lower_ in ("as", "while") for c in tok.children
    ):
        return False
    head = tok.head
    return _will(head) or (head.dep_ == "xcomp" and _will(head.head))


def _nonfinite(tok: Token) -> bool:
    return tok.tag_ in ("VB", "VBG", "NN", "NNS") and tok.dep_ in (
        "xcomp",
        "pobj",
        "dobj",
        "ccomp",
        "advcl",
    )
