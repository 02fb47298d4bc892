"""The mentions of one sentence: its triggers grouped into drafts, one per modality,
family of act and clause, each with its own day, counts, places and sides.

This is the first stage of event extraction (``events``): mentions here, then
incidents (``incidents``), then each incident's slots (``coding``).  Which words
count is decided in ``triggers``; a rival's claimed toll is set beside the told one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from rasid.extract import counts as counts_mod
from rasid.extract import roles, typing
from rasid.extract.attribution import attribution as find_attribution
from rasid.extract.coref import bodies_only
from rasid.extract.datelines import doc_datelines
from rasid.extract.datelines import inside as dateline_inside
from rasid.extract.doccache import doc_text
from rasid.extract.draft import FAMILY, PRIORITY, Draft
from rasid.extract.later import later_by, shifted
from rasid.extract.modality import modality as find_modality
from rasid.extract.sentence_dates import dated_clause, reporting_date, sentence_date
from rasid.extract.sites import unknown_in
from rasid.extract.syntax import clause_verb, headline, token_at, under
from rasid.extract.triggers import (
    CONDUCT,
    armed_context,
    drop_references,
    drop_settings,
    eventive,
    figurative,
    modifier,
    resolve_terms,
)
from rasid.geo.location import not_here
from rasid.knowledge.lexicon import TriggerMatch
from rasid.records import Attribution, Count, DateMention, PlaceMention

if TYPE_CHECKING:
    from rasid.extract.events import Context


def _claimed_tolls(
    doc: Doc,
    sent: Span,
    trigs: list[TriggerMatch],
    counts: list[Count],
    modality_at: dict[int, str],
    main: Token,
    ctx: Context,
) -> list[Count]:
    """ "Seven soldiers were killed ..., the ministry said, while the Islamic State group
    claimed to have killed more than 20": the claim's toll is another figure for the
    same deaths, kept beside the reported one, not added to it."""
    if modality_at.get(main.i) != "reported":
        return []
    claimed = [t for t in trigs if modality_at.get(t.head(doc).i) == "claimed"]
    if not claimed or len(claimed) == len(trigs):
        return []
    told = counts_mod.link_counts(doc, sent.start, sent.end, claimed, ctx.lexicon.people)
    return [c for c in counts if c.kind == "fatalities" and c in told]


# Nouns a day names the time of, not another act's: "during Friday prayers".
_TIMES_OF_DAY = frozenset({"prayer", "prayers", "mass", "service", "morning", "evening", "night",
                           "afternoon", "rush", "market"})  # fmt: skip


def _as_act(trig: TriggerMatch) -> TriggerMatch:
    """A weak trigger that tells the act after all, as a strong one."""
    return TriggerMatch(trig.start, trig.end, tuple(replace(t, weak=False) for t in trig.terms))


def _crowd_acting(doc: Doc, trig: TriggerMatch) -> bool:
    """ "Protesters in Lagos blocked a major highway": demonstrators doing something, in
    the past, is their protest, though no word of the sentence says protest."""
    if not trig.term.weak or trig.cls != "protest":
        return False
    tok = trig.head(doc)
    verb = tok.head
    return (
        tok.dep_ == "nsubj"
        and verb.tag_ == "VBD"
        and verb.lemma_.lower() in _CROWD_ACTS
        and not any(c.dep_ == "neg" for c in verb.children)
    )


# What crowds do when they protest (acts of violence have triggers of their own).
_CROWD_ACTS = frozenset({"block", "barricade", "gather", "assemble", "converge", "rally", "chant",
                         "occupy", "stage", "hold", "carry", "wave", "sit", "shout", "demand",
                         "denounce", "congregate", "parade"})  # fmt: skip


def _day_within(main: Token, sent: Span, ctx: Context) -> DateMention | None:
    """Failing a date the parse hangs on the act, the one day named inside the act's
    clause ("a mob beat two men accused of stealing a motorcycle ... on Sunday",
    "abducted 20 passengers travelling on the highway on Sunday evening, police said on
    Monday"): not the day it was told, not a dateline's, not another noun's ("the
    Dec. 7 ouster")."""
    doc = sent.doc
    clause = {t.idx for t in clause_verb(main).subtree}
    candidates = [
        d
        for d in ctx.dates
        if d.start is not None
        and d.start in clause
        and d.precision == 1
        and d.start_date is not None
        and (ctx.published is None or d.start_date <= ctx.published)
        and not reporting_date(doc, d)
    ]
    if not candidates:
        return None
    lines = doc_datelines(doc)
    days = []
    for d in candidates:
        if dateline_inside(d.start, lines):
            continue
        owner = dated_clause(token_at(doc, d.start), d.end)
        if owner is not None and (
            owner.pos_ != "NOUN" or owner.i == main.i or owner.lemma_.lower() in _TIMES_OF_DAY
        ):
            days.append(d)
    return days[0] if len(days) == 1 else None


def one_day(sent: Span, ctx: Context) -> DateMention | None:
    """The one past day a sentence names, unless it dates a report: "identified
    terrorists ... west of Tuz Khurma on 10 April" dates the strike it goes on telling."""
    days = [
        d
        for d in ctx.dates
        if d.start is not None
        and sent.start_char <= d.start < sent.end_char
        and d.precision == 1
        and d.start_date is not None
        and (ctx.published is None or d.start_date <= ctx.published)
    ]
    if len(days) != 1:
        return None
    day = days[0]
    # "the PMF said in a statement on Tuesday that ..." dates the telling; "He said
    # troops, on 14 March, dealt a blow" (the parser hangs the date on "said" too)
    # dates the act the commas set it in
    if reporting_date(sent.doc, day) and not _set_off(doc_text(sent.doc), day):
        return None
    return day


def _set_off(text: str, day: DateMention) -> bool:
    """The date stands between commas: ", on 14 March,"."""
    if day.start is None or day.end is None:
        return False
    before = text[max(0, day.start - 6) : day.start].rstrip()
    after = text[day.end : day.end + 2].lstrip()
    return before.endswith((",", ", on", ",on")) and after.startswith(",")


def places_in(sent: Span, ctx: Context) -> list[PlaceMention]:
    """The sentence's places that can be where something happened (no one's home,
    no hospital the wounded were taken to, no place where someone spoke)."""
    return [
        p
        for p in ctx.places
        if sent.start_char <= p.start < sent.end_char
        and not not_here(sent.text, p.start - sent.start_char)
        and not (p.kind == "country" and _BY.search(sent.text[: p.start - sent.start_char]))
    ]


# "drones launched by Russia", "an attack carried out by Israel": who acted, not where;
# "independence from Pakistan", "rockets fired from Lebanon": an origin, not where
_BY = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$")


def sentence_mentions(doc: Doc, sent: Span, ctx: Context) -> list[Draft]:
    is_headline = headline(sent)
    triggers = [resolve_terms(doc, t) for t in ctx.lexicon.find(sent, loose=is_headline)]
    triggers = [t for t in triggers if t is not None]
    if triggers and not armed_context(doc, sent, triggers, ctx):
        # "Trump attacked Clinton", "entering the race", "a campaign rally":
        # the words of war used for politics.
        triggers = [t for t in triggers if not figurative(doc, t)]
    if not triggers:
        return []
    counts = counts_mod.link_counts(doc, sent.start, sent.end, triggers, ctx.lexicon.people)
    triggers = [t for t in triggers if not t.term.needs_number or _counted(t, doc, counts)]
    # In headlines the parser often reads verbs as modifiers ("IS executes journalist").
    modifiers = [t for t in triggers if not t.term.weak and not is_headline and modifier(doc, t)]
    strong = [
        t for t in triggers if not t.term.weak and t not in modifiers and eventive(doc, t, sent)
    ] or [_as_act(t) for t in triggers if _crowd_acting(doc, t)]
    if not strong:
        return []
    # "arrested 12 over rocket attacks", "seized rocket launchers": neither the
    # reason nor the seized weapon tells what kind of event this is
    kept = drop_settings(doc, drop_references(doc, strong + modifiers))
    strong = [t for t in strong if t in kept]
    modifiers = [t for t in modifiers if t in kept]
    if not strong:
        return []
    main = _main_trigger(doc, strong)
    date = sentence_date(sent, ctx.dates, strong, main)
    if date is None or reporting_date(doc, date):
        date = _day_within(main, sent, ctx) or date
    buckets: dict[tuple[str, str], list[TriggerMatch]] = {}
    modality_at: dict[int, str] = {}  # token index -> modality of that trigger
    for trig in strong:
        mod = find_modality(trig.head(doc), date, ctx.published)
        modality_at[trig.head(doc).i] = mod
        key = ("reported" if mod == "claimed" else mod, FAMILY.get(trig.cls, "violence"))
        buckets.setdefault(key, []).append(trig)
    for mod, _ in list(buckets):
        # "arrested 12 people and seized rocket launchers", "raided a hideout and
        # arrested three": ACLED codes the seizure or raid with the arrests it
        # came with, as one event
        seized = buckets.get((mod, "violence"), [])
        if (mod, "arrest") in buckets and seized and all(_arrest_work(t) for t in seized):
            buckets[(mod, "arrest")] += buckets.pop((mod, "violence"))
        clash = [t for t in buckets.get((mod, "violence"), []) if t.cls == "clash"]
        if (mod, "arrest") in buckets and clash and typing.crowd_of(t.lemma_ for t in sent):
            # "Police detained 47 people after clashes broke out between riot police and
            # opposition supporters": the crowd's clash and its arrests are one riot
            buckets[(mod, "violence")] += buckets.pop((mod, "arrest"))
        if (mod, "arrest") in buckets and (mod, "protest") in buckets:
            arrests = [t.head(doc) for t in buckets[(mod, "arrest")]]
            told = [
                t for t in buckets[(mod, "protest")]
                if not any(_named_in(t.head(doc), a) for a in arrests)
            ]  # fmt: skip
            if not told:
                # "arrested two organisers of the protest": the protest only says who
                del buckets[(mod, "protest")]
            else:
                # "Police fire teargas, arrest 38 as NUP supporters protest": the arrests
                # are the protest's intervention, one event
                buckets[(mod, "protest")] += buckets.pop((mod, "arrest"))
    drafts = []
    sent_actors = [a for a in ctx.actors if sent.start_char <= a.start < sent.end_char]
    sent_places = places_in(sent, ctx)
    unknown = unknown_in(sent, ctx)
    # Weak triggers ("gunmen") and modifiers ("mortar rounds", "grenade attack")
    # do not make an event, but say what kind of event the sentence tells.
    context = [t for t in triggers if t.term.weak] + modifiers
    groups = [
        (part, places, 0)
        for trigs in buckets.values()
        for part, places in _clauses(doc, trigs, sent_places)
    ]
    groups = [split for g in groups for split in _later_apart(doc, *g, alone=len(groups) == 1)]
    for trigs, clause_places, days in groups:
        main = _main_trigger(doc, trigs)
        told = date if not days else shifted(date, days)
        if not days and len(groups) > 1 and _inside_later(doc, date, groups):
            told = None  # "two days later" dates the act it goes with, not this one
        attribution = find_attribution(main, sent, sent_actors)
        # the words of the sentence's other acts say nothing of this one's kind or place
        aside = _aside(doc, sent, trigs, groups, days)
        counts = counts_mod.link_counts(doc, sent.start, sent.end, trigs, ctx.lexicon.people)
        claims = _claimed_tolls(doc, sent, trigs, counts, modality_at, main, ctx)
        draft = Draft(
            sents=[sent],
            triggers=trigs + [t for t in context if not _within(t.head(doc).idx, aside)],
            main=main,
            modality=modality_at[main.i],
            date=told,
            report_dated=told is not None and not days and reporting_date(doc, told),
            counts=[c for c in counts if c not in claims],
            other_tolls=claims,
            places=_outside_source(clause_places, attribution),
            unknown=[p for p in unknown if not _within(p.start, aside)],
            attribution=attribution,
            aside=aside,
        )
        if days and len(groups) > 1:
            draft.told_later = days
            if told is None and drafts:
                draft.after = (drafts[0], days)
        roles.assign(draft, doc, sent_actors, ctx.lookup)
        if draft.date is not None and bodies_only(draft):
            # "the bodies of two more people were found on Saturday": the day they were
            # found, not the day the attack happened
            draft.report_dated = True
        drafts.append(draft)
    return drafts


def _later_apart(
    doc: Doc, trigs: list[TriggerMatch], places: list[PlaceMention], days: int, *, alone: bool
) -> list[tuple[list[TriggerMatch], list[PlaceMention], int]]:
    """The acts told as coming later ("and clashed with them two days later near the
    town of X") apart from the rest, each with the days it came after and the places
    in its own words; the rest keep the others."""
    later = {id(t): n for t in trigs if (n := later_by(t.head(doc))) is not None}
    for t in trigs:
        # "a roadside bomb killed four children the next day": the bomb is in the clause
        # the later day goes with
        owner = next((u for u in trigs if id(u) in later and under(t.head(doc), u.head(doc))), None)
        if owner is not None:
            later[id(t)] = later[id(owner)]
    if len(later) == len(trigs) and not alone:
        # a clause of its own, told as later than the sentence's other clause
        return [(trigs, places, min(later.values()))]
    if not later or len(later) == len(trigs):
        return [(trigs, places, days)]
    out = [([t for t in trigs if id(t) not in later], [], days)]
    for t in trigs:
        if id(t) in later:
            head = t.head(doc)
            lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
            out.append(([t], [p for p in places if lo <= p.start < hi], later[id(t)]))
    taken = {id(p) for _, ps, _ in out[1:] for p in ps}
    out[0] = (out[0][0], [p for p in places if id(p) not in taken], days)
    return out


def _aside(
    doc: Doc,
    sent: Span,
    trigs: list[TriggerMatch],
    groups: list[tuple[list[TriggerMatch], list, int]],
    days: int,
) -> tuple[tuple[int, int], ...]:
    """The character ranges of the sentence that tell its other acts: the clauses of the
    other groups, and the words of an act told as later ("and troops clashed with them
    two days later"); for a later act, all but its own clause."""
    if len(groups) < 2:
        return ()
    roots = [_clause_head(g[0][0].head(doc)) for g in groups]
    mine = _clause_head(trigs[0].head(doc)).i
    out: list[tuple[int, int]] = []
    for tok in sent:
        owner = _innermost(tok, roots)
        if owner is not None and owner.i != mine:
            lo, hi = tok.idx, tok.idx + len(tok.text_with_ws)
            if out and out[-1][1] == lo:
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
    if days:
        lo, hi = _clause_words(doc, trigs)
        out += [(sent.start_char, lo), (hi, sent.end_char)]
    elif words := _later_words(doc, groups):
        out.append(words)
    return tuple(out)


def _within(at: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= at < hi for lo, hi in ranges)


def _innermost(tok: Token | None, roots: Sequence[Token]) -> Token | None:
    """The innermost of the clause heads above the token."""
    inner = [r for r in roots if under(tok, r)]
    return max(inner, key=lambda r: sum(1 for _ in r.ancestors)) if inner else None


def _clause_head(tok: Token) -> Token:
    """The nearest head above the token that has a subject of its own."""
    while tok.head.i != tok.i and not (
        tok.dep_ in _CLAUSES and any(c.dep_ in _SUBJECTS for c in tok.children)
    ):
        tok = tok.head
    return tok


def _later_words(
    doc: Doc, groups: list[tuple[list[TriggerMatch], list, int]]
) -> tuple[int, int] | None:
    """The characters of the acts told as later in the sentence."""
    later = [t for trigs, _, days in groups if days for t in trigs]
    return _clause_words(doc, later) if later else None


def _clause_words(doc: Doc, trigs: list[TriggerMatch]) -> tuple[int, int]:
    """The characters from the first to the last word of the triggers' clauses."""
    heads = [t.head(doc) for t in trigs]
    lo = min(h.left_edge.idx for h in heads)
    hi = max(h.right_edge.idx + len(h.right_edge) for h in heads)
    return lo, hi


def _inside_later(
    doc: Doc, date: DateMention | None, groups: list[tuple[list[TriggerMatch], list, int]]
) -> bool:
    """Is the sentence's date phrase part of an act told as later ("two days later")?"""
    if date is None or date.start is None:
        return False
    for trigs, _, days in groups:
        for t in trigs if days else ():
            head = t.head(doc)
            if head.left_edge.idx <= date.start <= head.right_edge.idx:
                return True
    return False


_SUBJECTS = ("nsubj", "nsubjpass")


_CLAUSES = ("ROOT", "conj", "ccomp", "advcl", "parataxis")


def _clauses(
    doc: Doc, trigs: list[TriggerMatch], places: list[PlaceMention]
) -> list[tuple[list[TriggerMatch], list[PlaceMention]]]:
    """One group per clause that has its own subject, acts and place.

    ACLED codes one event per location: "Iraqi forces push into Tikrit,
    bombers hit Ramadi" tells two.  Only clauses that each name a place of
    their own are split; a clause without one ("IS attacked Ramadi and troops
    repelled the attack") stays with the incident it tells.
    """
    heads = {id(t): _clause_head(t.head(doc)) for t in trigs}
    roots = {h.i: h for h in heads.values()}
    if len(roots) < 2:
        return [(trigs, places)]

    def owner(tok: Token | None) -> int | None:
        inner = _innermost(tok, list(roots.values()))
        return inner.i if inner is not None else None

    where = {id(p): owner(token_at(doc, p.start)) for p in places}
    own = {i: [p for p in places if where[id(p)] == i and p.kind != "country"] for i in roots}
    for i in [i for i in roots if not own[i]]:
        # "Two rangers were wounded when a roadside bomb went off in Rueso district": the
        # clause of the harm, with no place of its own, goes with the act it says "when" of
        when = [c for c in roots[i].children if c.dep_ == "advcl" and c.i in roots and own[c.i]]
        if len(when) == 1:
            for t in trigs:
                if heads[id(t)].i == i:
                    heads[id(t)] = when[0]
            del roots[i], own[i]
    if len(roots) < 2 or not all(own.values()):
        return [(trigs, places)]
    rest = [p for p in places if where[id(p)] not in roots or p.kind == "country"]
    return [([t for t in trigs if heads[id(t)].i == i], own[i] + rest) for i in sorted(roots)]


def _outside_source(places: list[PlaceMention], source: Attribution | None) -> list[PlaceMention]:
    """Where the source sits is not where the event happened ("Russia's defence
    ministry said ...", "the ministry in Damascus said ..."), unless the sentence
    names no other place: "Anbar police said" mostly reports from Anbar, though
    a country's ministry says nothing of where."""
    if source is None or source.start is None or source.end is None:
        return places
    outside = [p for p in places if not source.start <= p.start < source.end]
    return outside or [p for p in places if p.kind != "country"]


def _main_trigger(doc: Doc, trigs: Sequence[TriggerMatch]) -> Token:
    def rank(t: TriggerMatch) -> tuple[int, int]:
        tok = t.head(doc)
        # "launched an attack on X, leaving 17 dead": the attack launched is the act,
        # told as firmly as a finite verb; the dead are its outcome
        if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in CONDUCT:
            tok = tok.head
        finite = 0 if tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBZ", "VBP", "VBN") else 1
        return (finite, PRIORITY.index(t.cls))

    return min(trigs, key=rank).head(doc)


def _named_in(tok: Token, verb: Token) -> bool:
    """Is ``tok`` inside a noun phrase the verb takes ("arrested the organisers of the
    protest", "detained over the protest"), rather than a clause of its own ("as
    supporters protest")?"""
    cur = tok
    while cur.i != verb.i and cur.head.i != cur.i:
        if cur.dep_ in ("dobj", "nsubjpass", "pobj"):
            return under(cur, verb)
        cur = cur.head
    return False


def _arrest_work(trig: TriggerMatch) -> bool:
    """A seizure or a raid, which arrests in the same sentence were made in."""
    return trig.cls == "destroy" or (
        len(trig.term.words) == 1 and trig.term.words[0] in typing.RAIDS
    )


def _counted(trig: TriggerMatch, doc: Doc, counts: Sequence[Count]) -> bool:
    span = doc[trig.start : trig.end]
    return any(abs(c.start - span.start_char) < 40 for c in counts)
