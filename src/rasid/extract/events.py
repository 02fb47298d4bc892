"""Events from a parsed article: triggers -> sentence drafts -> incidents -> events.

A sentence gives at most one event per modality and family of act: its
triggers usually tell one incident ("Three car bombs kill nine, wound 29"),
while an arrest or a protest beside a killing is an event of its own.  Which
words count is decided in `triggers`; sentences that point back or retell an
incident join it in `coref`; totals over a period become figures in `totals`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from rasid.extract import counts as counts_mod
from rasid.extract import roles, typing
from rasid.extract.attribution import attribution as find_attribution
from rasid.extract.coding import code_incident, read_report
from rasid.extract.coref import MOVED_ON, antecedent, bodies_only, fuse_restatements, merge
from rasid.extract.crowd_days import merge_crowd_days
from rasid.extract.datelines import doc_datelines
from rasid.extract.datelines import inside as dateline_inside
from rasid.extract.doccache import doc_text, sentences
from rasid.extract.draft import FAMILY, PRIORITY, UNVIOLENT, Draft
from rasid.extract.figures import figures_from
from rasid.extract.generic import generic, long_period
from rasid.extract.incidents import group_incidents, setting, the_one_told
from rasid.extract.later import later_by, settle_after, shifted
from rasid.extract.modality import modality as find_modality
from rasid.extract.releases import StrikeRelease, release_item, strike_release
from rasid.extract.responsibility import assign_claims
from rasid.extract.sentence_dates import dated_clause, reporting_date, sentence_date
from rasid.extract.sides import affiliates_named, own_side, resolve_generic_actors
from rasid.extract.sites import (
    names_the_place,
    settled,
    unknown_in,
)
from rasid.extract.syntax import (
    clause_verb,
    headline,
    prep_object,
    token_at,
    under,
)
from rasid.extract.totals import opens_a_period, split_totals
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
from rasid.knowledge.lexicon import EventLexicon, TriggerMatch
from rasid.records import (
    Actor,
    Attribution,
    Count,
    DateMention,
    Event,
    Figure,
    PlaceMention,
)


@dataclass(frozen=True)
class Context:
    """What the event extractor needs besides the doc: passed in, easy to test."""

    article_id: str
    published: dt.date | None
    lexicon: EventLexicon
    actors: Sequence[Actor]
    dates: Sequence[DateMention]
    places: Sequence[PlaceMention]
    lookup: Callable[[str], Actor | None] | None = None
    # Where the report was filed (its dateline), for events whose own
    # sentences name no place.
    filed_at: PlaceMention | None = None


def extract_events(doc: Doc, ctx: Context) -> tuple[list[Event], list[Event], list[Figure]]:
    """Return (coded events, other mentions, aggregate figures) found in the doc."""
    ctx = own_side(doc, ctx)
    ctx = replace(ctx, actors=affiliates_named(doc_text(doc), ctx.actors))
    drafts: list[Draft] = []
    figures: list[Figure] = []
    previous_total = False
    release = strike_release(doc_text(doc), ctx.actors)
    release_day: DateMention | None = None
    quiet: list[Span] = []  # sentences that tell no act of their own
    merged: dict[int, Draft] = {}  # a mention joined to an earlier one -> that one
    for sent in sentences(doc):
        if sent.start > 0 and "\n" in doc[sent.start - 1].text_with_ws:
            previous_total = False  # totals do not carry over a paragraph or headline break
        new = _sentence_drafts(doc, sent, ctx)
        if release is not None:
            new, release_day = _as_release(release, new, sent, ctx, release_day)
        if new and quiet and quiet[-1].end == sent.start:
            for draft in new:
                if (
                    (the_one_told(draft) or _goes_on(quiet[-1], sent, draft))
                    and not draft.places
                    and draft.date is None
                    and _one_day(quiet[-1], ctx) is not None
                ):
                    # "... dealt a deadly blow to the terrorists at Ndakaine ... in May 22.
                    # The hideouts were levelled during the encounter": the sentence
                    # before said where and when "the encounter" was
                    _tell_where(draft, quiet[-1], ctx)
        if not new and drafts and setting(sent):
            # "It took place on the outskirts of Marka": where the incident just told was
            _tell_where(drafts[-1], sent, ctx)
        elif not new:
            quiet.append(sent)
        totals_only = bool(new)
        for draft in new:
            kept, totals = split_totals(doc, sent, draft, ctx, previous_total)
            if totals:
                figures += figures_from(doc, sent, totals, draft.date, draft.attribution)
            if kept is None or _told_as_total(draft, kept, figures):
                continue
            draft.counts = kept
            if draft.modality in ("reported", "claimed") and generic(draft):
                draft.modality = "generic"
            # "Between November 2023 and January 2025, the Houthis targeted more than 100
            # vessels. They sank two ships ...": the next sentence goes on with the period
            totals_only = totals_only and long_period(draft.date)
            if MOVED_ON.search(sent.text):
                _moved_on(draft, drafts)
            settle_after(drafts, merged)
            # an act told as later, whose day is not known yet, is no antecedent
            target = antecedent(draft, [d for d in drafts if d.after is None or d.date])
            if target is not None:
                merge(target, draft)
                merged[id(draft)] = target
            else:
                drafts.append(draft)
        previous_total = (
            totals_only or (previous_total and not new) or (not new and opens_a_period(sent))
        )
    for d in drafts:
        if len(d.sents) == 1 and _told_as_total(d, d.counts, figures):
            # "Troops neutralise 21 terrorists in two weeks" over a lead that gives the
            # 21 as the weeks' sum: the headline tells the sum, not an incident
            d.modality = "generic"
    # "most of its bases have been destroyed": a judgement, not an incident.
    kept = [d for d in drafts if _anchored(d) or not d.classes <= UNVIOLENT]
    # "an IBO was conducted in the general area of Mir Ali": an operation that tells no
    # act of its own may still say where the incident around it was
    dropped = [d for d in drafts if all(d is not k for k in kept) and len(d.sents) == 1]
    quiet = sorted(quiet + [d.sents[0] for d in dropped], key=lambda s: s.start)
    drafts = group_incidents(fuse_restatements(kept))
    _fill_between(drafts, quiet, ctx)
    assign_claims(doc, drafts, ctx.actors)
    resolve_generic_actors(doc, drafts, ctx)
    events: list[Event] = []
    last_town: PlaceMention | None = None
    report = read_report(doc, drafts, ctx)
    for d in drafts:
        own = settled(d)
        # "attacking positions on the outskirts of the city": the city just named
        fallback = last_town if own is None and names_the_place(d) else None
        events += code_incident(d, doc, ctx, fallback, report)
        last_town = own or last_town
    events = merge_crowd_days(events)
    coded = [e for e in events if e.is_reported]
    other = [e for e in events if not e.is_reported]
    return coded, other, figures


def _moved_on(draft: Draft, drafts: list[Draft]) -> None:
    """ "The rebels moved on to the villages of Matekelambi and Mabuo, where the death
    toll stands at four": the next place of the same raid, by the side that moved, on
    the day of the place before unless the sentence gives its own."""
    coded = [d for d in drafts if d.modality in ("reported", "claimed")]
    if draft.date is None and coded and coded[-1].date is not None:
        draft.date, draft.report_dated = coded[-1].date, coded[-1].report_dated
    verb = next(
        (
            t
            for t in draft.sents[0]
            if t.pos_ == "VERB" and t.lemma_.lower() in ("move", "go", "press", "continue")
        ),
        None,
    )
    mover = None
    if verb is not None:
        # where it moved to is what it attacked next: "the villages of ..."
        goal = prep_object(verb, {"to"}) or next(
            (prep_object(c, {"to"}) for c in verb.children if c.dep_ == "prt"), None
        )
        if goal is not None:
            draft.targets.add(goal.lemma_.lower())
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        movers = [a for a in (draft.actor1, draft.actor2) if a is not None]
        if subject is not None:
            lo, hi = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
            mover = next((a for a in movers if lo <= a.start < hi), None)
    if mover is not None and draft.actor1 is None and draft.actor2 is mover:
        draft.actor1, draft.actor2 = mover, None


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


def _goes_on(scene: Span, sent: Span, draft: Draft) -> bool:
    """ "On Saturday 7 March, troops made contact with terrorists at Kawuri. The gallant
    troops neutralised three terrorists": the sentence before, in the same paragraph,
    set the day and place of the act its actors go on to do."""
    text = doc_text(sent.doc)
    return draft.actor1 is not None and "\n" not in text[scene.start_char : sent.start_char].strip()


# Numbers this small recur by chance; a sum told again is a larger one.
_TOTAL_TOLD_MIN = 5


def _told_as_total(draft: Draft, counts: list[Count], figures: list[Figure]) -> bool:
    """ "Troops also neutralised 14 terrorists and arrested 15" after the lead gave 14
    killed and 15 arrested as the two weeks' sums: the same sums told again, in a
    sentence with no day of its own."""
    if not counts or (draft.date is not None and draft.date.precision == 1):
        return False
    sums = {f.value for f in figures if f.value is not None}
    return all(
        c.value is not None and c.value >= _TOTAL_TOLD_MIN and c.value in sums for c in counts
    )


def _tell_where(told: Draft, sent: Span, ctx: Context) -> None:
    """Add a sentence that says where (or when) the incident was, and its places."""
    told.sents.append(sent)
    told.places += _places_in(sent, ctx)
    told.unknown += unknown_in(sent, ctx)
    if told.date is None or told.report_dated:
        day = _one_day(sent, ctx)
        if day is not None:
            told.date, told.report_dated = day, False


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


def _one_day(sent: Span, ctx: Context) -> DateMention | None:
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


def _places_in(sent: Span, ctx: Context) -> list[PlaceMention]:
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


def _fill_between(drafts: list[Draft], quiet: list[Span], ctx: Context) -> None:
    """A sentence with no act of its own told between two sentences of one incident
    goes on telling it ("On Friday one such patrol conducted air strikes in northern
    Iraq. The pair of Typhoons identified Daesh terrorists ... west of Tuz Khurma.
    The aircraft ... used precision guided bombs"): its places are the incident's."""
    # by position, then by draft order (never by object identity: runs must agree)
    told = sorted(
        (
            (s.start, i, d)
            for i, d in enumerate(drafts)
            if d.modality in ("reported", "claimed")
            for s in d.sents
        ),
        key=lambda t: (t[0], t[1]),
    )
    for sent in quiet:
        before = [t for t in told if t[0] < sent.start]
        after = [t for t in told if t[0] > sent.start]
        if before and after and before[-1][1] == after[0][1]:
            _tell_where(before[-1][2], sent, ctx)
        elif (
            after
            and after[0][0] == sent.end
            and not (after[0][2].places or after[0][2].unknown)
            and (
                any((p.precision or 3) <= 2 for p in _places_in(sent, ctx)) or unknown_in(sent, ctx)
            )
        ):
            # "an IBO was conducted in the general area of Mir Ali. 'During the operation,
            # own troops ... three khwarij were sent to hell'": where the next one was, when
            # what came before was a sum, not this incident
            _tell_where(after[0][2], sent, ctx)


def _as_release(
    release: StrikeRelease,
    new: list[Draft],
    sent: Span,
    ctx: Context,
    day: DateMention | None,
) -> tuple[list[Draft], DateMention | None]:
    """A strike release's sentence: a list item is one air strike at its place, on the
    release's day unless it gives its own; any other line (totals, definitions,
    headings) tells no incident.  Returns the drafts and the release's day so far."""
    item = release_item(release, new, sent, ctx.places)
    if item is None:
        for d in new:
            dated = d.date is not None and not d.report_dated and d.date.precision == 1
            day = day or (d.date if dated else None)
            d.modality = "generic" if d.modality in ("reported", "claimed") else d.modality
        return new, day
    if item.date is None:
        item.date = day
    return [item], day


def _sentence_drafts(doc: Doc, sent: Span, ctx: Context) -> list[Draft]:
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
    sent_places = _places_in(sent, ctx)
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


def _anchored(d: Draft) -> bool:
    """A non-violent event needs something concrete: a number, a date, a place, an actor
    or a named person it happened to ("Yamamoto was arrested")."""
    named = any(
        c.dep_ in ("nsubjpass", "dobj") and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN")
        for c in d.main.children
    )
    return bool(
        any(c.value is not None for c in d.counts) or d.date or d.places or d.actor1 or named
    )
