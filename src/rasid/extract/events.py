"""Events from a parsed article: triggers -> sentence drafts -> incidents -> events.

A sentence gives at most one event per modality and family of act: its
triggers usually tell one incident ("Three car bombs kill nine, wound 29"),
while an arrest or a protest beside a killing is an event of its own.  Which
words count is decided in `triggers`, a sentence's drafts are made in `mentions`;
sentences that point back or retell an incident join it in `coref` and
`incidents`; totals over a period become figures in `totals`; crowd events of one
place and day are merged in `crowd_days`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from rasid.extract.coding import code_incident, read_report
from rasid.extract.coref import MOVED_ON, antecedent, fuse_restatements, merge
from rasid.extract.crowd_days import merge_crowd_days
from rasid.extract.doccache import doc_text, sentences
from rasid.extract.draft import UNVIOLENT, Draft
from rasid.extract.figures import figures_from
from rasid.extract.generic import generic, long_period
from rasid.extract.incidents import group_incidents, setting, the_one_told
from rasid.extract.later import settle_after
from rasid.extract.mentions import one_day, places_in, sentence_mentions
from rasid.extract.releases import StrikeRelease, release_item, strike_release
from rasid.extract.responsibility import assign_claims
from rasid.extract.sides import affiliates_named, own_side, resolve_generic_actors
from rasid.extract.sites import names_the_place, settled, unknown_in
from rasid.extract.syntax import prep_object
from rasid.extract.totals import opens_a_period, split_totals
from rasid.knowledge.lexicon import EventLexicon
from rasid.records import Actor, Count, DateMention, Event, Figure, PlaceMention


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
        new = sentence_mentions(doc, sent, ctx)
        if release is not None:
            new, release_day = _as_release(release, new, sent, ctx, release_day)
        if new and quiet and quiet[-1].end == sent.start:
            for draft in new:
                if (
                    (the_one_told(draft) or _goes_on(quiet[-1], sent, draft))
                    and not draft.places
                    and draft.date is None
                    and one_day(quiet[-1], ctx) is not None
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
    told.places += places_in(sent, ctx)
    told.unknown += unknown_in(sent, ctx)
    if told.date is None or told.report_dated:
        day = one_day(sent, ctx)
        if day is not None:
            told.date, told.report_dated = day, False


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
                any((p.precision or 3) <= 2 for p in places_in(sent, ctx)) or unknown_in(sent, ctx)
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
