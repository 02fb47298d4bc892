"""Totals over a period ("84 killed in 2024") are figures, not events."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from rasid.extract.draft import Draft
from rasid.extract.figures import is_period
from rasid.extract.syntax import clause_verb, determiner, token_at, under
from rasid.records import Count, DateMention

if TYPE_CHECKING:
    from rasid.extract.events import Context


def split_totals(
    doc: Doc, sent: Span, draft: Draft, ctx: Context, previous_total: bool
) -> tuple[list[Count] | None, list[Count]]:
    """Separate totals over a period from the event's own counts.

    A count is a total when it sits in the clause of a period date ("in 2024")
    or of an aggregate cue ("as January toll tops 800"), or continues a
    sentence of totals without a date of its own.  Returns (the event's
    counts, or None when the whole draft is a total; the totals).
    """
    anchors = []
    if (
        is_period(draft.date)
        and draft.date is not None
        and draft.date.start is not None
        and not _one_act(draft, doc)
    ):
        anchors.append(token_at(doc, draft.date.start))
    # "troops had, in the past two weeks, neutralised 21 terrorists and arrested 17
    # others": the weeks before the report, however the parser hung the date
    recent = [
        at
        for d in ctx.dates
        if d.start is not None
        and sent.start_char <= d.start < sent.end_char
        and _recent_weeks(d)
        and (at := token_at(doc, d.start)) is not None
    ]
    if recent and not _one_act(draft, doc):
        if any(under(draft.main, _coordination(_full_verb(clause_verb(a)))) for a in recent):
            return None, draft.counts
        anchors += recent
    if not draft.counts:
        return draft.counts, []
    low = sent.text.lower()
    for cue in ctx.lexicon.aggregate_cues:
        # whole words: "during the week" is not "during the weekend"
        found = re.search(rf"\b{re.escape(cue)}\b", low) if cue in low else None
        if found is not None:
            anchors.append(token_at(doc, sent.start_char + found.start()))
    anchors += _since_start(sent)
    anchors = [a for a in anchors if a is not None]
    # A period named in another clause carves out its own counts ("killed 15 as
    # the January toll topped 800"); it never makes the whole event a total.
    for d in ctx.dates:
        at = token_at(doc, d.start) if d.start is not None else None
        inside = at is not None and sent.start <= at.i < sent.end
        if inside and is_period(d) and not under(draft.main, clause_verb(at)):
            anchors.append(at)
    if not anchors:
        if previous_total and draft.date is None:
            return None, draft.counts
        return draft.counts, []
    clauses = [_coordination(_up_from_participle(clause_verb(a))) for a in anchors]
    if any(under(draft.main, v) for v in clauses):
        return None, draft.counts
    totals = [c for c in draft.counts if any(under(token_at(doc, c.start), v) for v in clauses)]
    return [c for c in draft.counts if c not in totals], totals


# "in the past two weeks", "over the last ten days": the weeks up to the report
_RECENT = re.compile(r"(?i)\b(?:past|last|previous)\s+(?:\w+\s+){0,2}(?:days|weeks)\b")
# Longer than a week: a week's news may tell one incident by its week ("last week").
_WEEK = 7


def _recent_weeks(date: DateMention | None) -> bool:
    """ "had, in the past two weeks, eliminated 14 terrorists and arrested 15 others":
    what was done over the weeks before the report is a sum, not one incident."""
    return bool(
        date is not None
        and date.text
        and _RECENT.search(date.text)
        and date.start_date is not None
        and date.end_date is not None
        and (date.end_date - date.start_date).days > _WEEK
    )


def _full_verb(verb: Token) -> Token:
    """ "troops had, in the past two weeks, neutralised ...": the parser makes "had" a
    verb of its own beside "neutralised"; an objectless "have" helps the clause above."""
    if (
        verb.lemma_.lower() == "have"
        and verb.head.i != verb.i
        and not any(c.dep_ in ("dobj", "xcomp") for c in verb.children)
    ):
        return verb.head
    return verb


def _one_act(draft: Draft, doc: Doc) -> bool:
    """ "Last month, 100 villagers were killed during a weekend attack on a village": the
    deaths of one attack, told with the month it happened in, are no monthly total."""
    return any(
        tok.pos_ == "NOUN" and tok.tag_ == "NN" and determiner(tok) in ("a", "an", "the")
        for tok in (t.head(doc) for t in draft.triggers if not t.term.weak)
    )


# What a running toll counts from: "since the war began", "since the start of the
# conflict", "since 2015".
_STARTS = {"begin", "start", "erupt", "break", "outbreak", "beginning", "war", "conflict",
           "uprising", "revolution", "invasion", "offensive", "campaign", "insurgency"}  # fmt: skip


def _since_start(sent: Span) -> list[Token]:
    """The words a "since <start>" hangs on: what follows counts from then."""
    out = []
    for tok in sent:
        if tok.lower_ != "since" or tok.head.i == tok.i:
            continue
        if tok.dep_ == "mark" and tok.head.lemma_.lower() in _STARTS:
            out.append(tok.head.head)  # "killed since the war began"
        elif tok.dep_ == "prep":
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None and (
                obj.lemma_.lower() in _STARTS
                or (obj.ent_type_ == "DATE" and (obj.like_num or _has_year(obj)))
                # "Since 1 January, monitors have recorded 134 civilians killed"
                or (obj.ent_type_ == "DATE" and tok.head.pos_ in ("VERB", "AUX"))
            ):
                out.append(tok.head)  # "killed since 2015", "since the start of the war"
    return out


def _has_year(tok: Token) -> bool:
    """ "since January 2004": the month's year is the start of the count."""
    return any(c.like_num and len(c.text) == 4 for c in tok.subtree)


def opens_a_period(sent: Span) -> bool:
    """ "The deep South has been gripped by an insurgency since January 2004.": what the
    next sentence counts ("More than 7,500 people have been killed") counts from then."""
    return bool(_since_start(sent))


def _up_from_participle(verb: Token) -> Token:
    """ "documented 27 incidents affecting civilians ... during the month, in which 41 were
    killed": a period hung on a participle qualifying the counted thing dates the whole
    count the sentence makes."""
    if verb.dep_ == "acl" and verb.head.pos_ == "NOUN" and verb.head.head.pos_ in ("VERB", "AUX"):
        return verb.head.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX"):
        # "146 Maoists have been killed ..., comprising seven districts ..., so far this
        # year": the parser hangs the period on the participle
        return verb.head
    return verb


def _coordination(verb: Token) -> Token:
    """ "had killed 65 and arrested 140 since the beginning of the year": the period
    the parser hung on the last verb covers all the coordinated ones."""
    while verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    return verb
