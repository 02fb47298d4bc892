"""When a sentence says its act happened, as opposed to when it was told.

"Militants attacked the base on Sunday, the army said on Monday": Sunday dates the
attack; "kills 15 as January toll tops 800": January dates the toll, not the
killing.  The rules read the parse: the date must hang on the act's own clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from rasid.extract.attribution import telling
from rasid.extract.doccache import doc_text
from rasid.extract.syntax import clause_verb, token_at, under
from rasid.knowledge.lexicon import TriggerMatch
from rasid.records import DateMention


def sentence_date(
    sent: Span, dates: Sequence[DateMention], trigs: Sequence[TriggerMatch], main: Token
) -> DateMention | None:
    """The date of the act the sentence tells (``main`` its main trigger): one in its
    own clause, else one of another of its acts; a finer day inside a period named
    with it gives way to the period."""
    inside = [
        d for d in dates if d.start is not None and sent.start_char <= d.start < sent.end_char
    ]
    # A date in another clause dates something else: "kills 15 as January toll tops 800".
    clauses = {id(d): dated_clause(token_at(sent.doc, d.start), d.end) for d in inside}
    own = [
        d
        for d in inside
        if (clause := clauses[id(d)]) is not None
        and (
            under(main, clause)
            # "killed in late December clashes": the date of the act's own noun
            or clause.pos_ == "NOUN"
            and any(t.head(sent.doc).i == clause.i for t in trigs)
            and clause_verb(clause).i == clause_verb(main).i
            # "lost 16 officers in an ambush ..., which occurred on Thursday"
            or clause.dep_ == "relcl"
            and _happened(clause)
        )
    ]
    # "Sunday morning the rebels attacked Mangazi, noting that a rebel was killed as
    # the army repelled the assault": a date of another of the acts told dates them
    inside = own or [
        d
        for d in inside
        if (clause := clauses[id(d)]) is not None
        and d.precision == 1
        and (any(under(t.head(sent.doc), clause) for t in trigs) or _meanwhile(clause, main))
    ]
    if not inside:
        return None
    # "last month, ... during a weekend attack": the weekend is one of last month's, not
    # the last one before publication; a finer day outside the period gives way to it
    periods = [d for d in inside if d.start_date and d.end_date and (d.precision or 1) >= 3]
    inside = [
        d
        for d in inside
        if d in periods
        or d.start_date is None
        or not periods
        or any(p.start_date <= d.start_date <= p.end_date for p in periods)  # type: ignore[operator]
    ]
    anchor = sent.doc[trigs[0].start].idx
    return min(
        inside,
        key=lambda d: (d.start_date is None, reporting_date(sent.doc, d), abs(d.start - anchor)),
    )


def _happened(verb: Token) -> bool:
    """ "which occurred on Thursday", "which took place on Saturday": a clause saying
    when the incident told was."""
    lemma = verb.lemma_.lower()
    return lemma in ("occur", "happen") or (
        lemma == "take" and any(c.lower_ == "place" for c in verb.children)
    )


def _meanwhile(clause: Token, main: Token) -> bool:
    """ "shot dead 15 as thousands took to the streets on Wednesday": a clause of the
    same moment dates the act it hangs on."""
    return (
        clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in ("as", "when", "while") for c in clause.children)
        and under(main, clause.head)
    )


def dated_clause(tok: Token | None, end: int | None = None) -> Token | None:
    """The clause a date dates, widened over coordination and purpose: "arrested
    four and destroyed two tunnels on Monday", "opened fire to disperse them on
    Saturday" date the whole act."""
    if tok is None:
        return None
    owner = next((t for t in (tok, *tok.ancestors) if t.dep_ == "poss"), None)
    if owner is not None and owner.head.pos_ == "NOUN" and owner.head.dep_ == "pobj":
        return owner.head  # "over last month's attack": the attack's date, not the act's
    noun = tok
    while noun.dep_ in ("det", "compound", "nummod", "nmod", "amod") and noun.head.i > noun.i:
        noun = noun.head
    # ("on Friday -Erdogan": a source tag glued to a dash is no noun the date names)
    if noun.pos_ == "NOUN" and end is not None and noun.idx >= end and noun.text[:1].isalpha():
        return noun  # "marching against an October 25 coup": the coup's date
    verb = clause_verb(tok)
    while verb.head.i != verb.i and (
        verb.dep_ in ("conj", "xcomp")
        or verb.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    ):
        verb = verb.head
    return verb


# "JNIM said on Tuesday it had ambushed ... on Monday": the words right before the date
# say it dates the telling, however the parser hung it
_SAID_ON = re.compile(
    r"(?i)\b(?:said|says|told\s+(?:\w+\s+){0,3}?|announced|reported|stated|added|confirmed|"
    r"claimed|tweeted|posted)\s+(?:on\s+|late\s+on\s+|early\s+on\s+)?$"
)


def reporting_date(doc: Doc, date: DateMention) -> bool:
    """The date hangs on a verb of telling (\"the ministry said on Monday\")."""
    if date.start is not None and _SAID_ON.search(
        doc_text(doc)[max(0, date.start - 40) : date.start]
    ):
        return True
    verb = clause_verb(token_at(doc, date.start))
    if any(c.dep_ == "dobj" and c.lemma_.lower() in _TOLL_OBJECTS for c in verb.children):
        return False  # "clashes claimed three lives on 6 and 7 October": the act's day
    if verb.lemma_.lower() in _TOLL_MOVES and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in ("toll", "number", "count") for c in verb.children
    ):
        return True  # "the death toll rose to 21 on Saturday": the day the toll was told
    return telling(verb)


_TOLL_OBJECTS = {"life", "lives", "victim"}
_TOLL_MOVES = {"rise", "climb", "reach", "increase", "jump", "mount", "hit", "stand", "grow"}
