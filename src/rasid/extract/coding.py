"""Incidents -> events: the slots of each incident coded as ACLED would.

The incidents of an article (``incidents``) carry their sentences, triggers,
sides, counts and places; this step decides the event type in the report's
context (a report of air strikes, a report of a protest), the sides a protest
or riot is coded with, the place or places, the toll and the confidence, and
writes one ``Event`` per place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from rasid.extract import counts as counts_mod
from rasid.extract import roles, typing
from rasid.extract.doccache import doc_text, sentences
from rasid.extract.draft import Draft
from rasid.extract.quantities import word_value
from rasid.extract.sites import crowd_sites, event_sites, share, site_tolls
from rasid.extract.summary import summarise
from rasid.extract.syntax import determiner, headline
from rasid.extract.triggers import civil_state
from rasid.knowledge.lexicon import EventLexicon
from rasid.records import Actor, Count, DateMention, Event, Evidence, PlaceMention

if TYPE_CHECKING:
    from rasid.extract.events import Context


@dataclass(frozen=True)
class Report:
    """What the whole report says about each of its incidents' coding."""

    air_war: bool = False  # it speaks of air strikes: "killed in a strike" is one
    crowds: bool = False  # it leads with a protest: violence with no armed side is a riot
    period: DateMention | None = None  # the span its lead reports on, for undated items


def read_report(doc: Doc, drafts: Sequence[Draft], ctx: Context) -> Report:
    period = report_period(doc, drafts, ctx) or _span_told(drafts, ctx.published)
    return Report(air_war(doc, ctx.lexicon), crowd_report(drafts), period)


# A report whose dated incidents all lie this far back is no news of the day.
_BACK_DAYS = 7


def _span_told(drafts: Sequence[Draft], published: dt.date | None) -> DateMention | None:
    """An update whose incidents all have days of their own weeks back ("between late May
    and early June", "on 16 June", published 6 July): an incident it tells with no day
    happened in the span it covers, not on the eve of publication."""
    if published is None:
        return None
    days = [
        d.date
        for d in drafts
        if d.modality in ("reported", "claimed")
        and d.date is not None
        and not d.report_dated
        and d.date.start_date is not None
    ]
    if not days or any(
        (published - (x.end_date or x.start_date)).days <= _BACK_DAYS  # type: ignore[operator]
        for x in days
    ):
        return None
    first = min(x.start_date for x in days)  # type: ignore[type-var]
    return DateMention(first, published, 3, None, None, None)


# A report's own period is at most this long: a week's or a month's update.
_PERIOD_DAYS = 31
# Its lead: the sentences this far into the text.
_LEAD_SENTENCES = 3


def report_period(doc: Doc, drafts: Sequence[Draft], ctx: Context) -> DateMention | None:
    """ "... supported partner forces ... between Dec. 30, 2018, - Jan. 6, 2019": a span
    of days the lead reports on, in a sentence that tells no incident of its own.  The
    incidents the report then tells with no day of their own happened in it."""
    lead = [s for s in sentences(doc) if not headline(s)][:_LEAD_SENTENCES]
    told = {s.start for d in drafts if d.modality in ("reported", "claimed") for s in d.sents}
    for sent in lead:
        if sent.start in told:
            continue
        for date in ctx.dates:
            if (
                date.start is not None
                and sent.start_char <= date.start < sent.end_char
                and date.start_date is not None
                and date.end_date is not None
                and 0 < (date.end_date - date.start_date).days <= _PERIOD_DAYS
            ):
                return date
    return None


def crowd_report(drafts: Sequence[Draft]) -> bool:
    """Does the report lead with a protest ("Multiple deaths in Kenya during clashes with
    police at banned protest")? Its first reported incident says what the report is about."""
    lead = next((d for d in drafts if d.modality == "reported"), None)
    if lead is None:
        return False
    words = [t.lemma_.lower() for s in lead.sents for t in s]
    return bool(lead.classes & {"protest", "riot"}) or typing.crowd_scene(words)


def air_war(doc: Doc, lexicon: EventLexicon) -> bool:
    """Does the report speak of air strikes anywhere ("air strikes", "warplanes")?"""
    # one space between words, so a cue opening a line counts ("...\nAir strike kills two")
    words = " ".join(doc_text(doc).lower().split())
    return typing.speaks_of_aircraft(f" {words} ", lexicon, plurals=True)


def code_incident(
    d: Draft,
    doc: Doc,
    ctx: Context,
    fallback: PlaceMention | None = None,
    report: Report = Report(),
) -> list[Event]:
    etype = (
        typing.make(d.sub_event_type)
        if d.sub_event_type
        else typing.classify(
            d.classes,
            [t.lemma_.lower() for s in d.sents for t in s if d.own_words(t)],
            d.victims,
            d.actor1.type if d.actor1 else None,
            d.actor2.type if d.actor2 else None,
            ctx.lexicon,
            trigger_lemmas=[w for t in d.triggers for w in {t.term.words[0], t.term.words[-1]}],
            cues=d.cues,
            objects=d.objects,
            targets=d.targets,
            main=next(
                ((t.cls, d.main.lemma_.lower()) for t in d.triggers if t.head(doc).i == d.main.i),
                None,
            ),
        )
    )
    if etype is None:
        return []
    if (
        report.air_war
        and etype.sub_event_type == "Armed clash"
        and d.classes <= {"kill", "wound", "attack"}
        and any(t.head(doc).lemma_.lower() == "strike" for t in d.triggers)
    ):
        # "killed in a strike on a residential building" in a report of air strikes
        etype = typing.make("Air/drone strike")
    if (
        report.crowds
        and etype.sub_event_type == "Armed clash"
        and not any(
            a is not None and a.type in typing.NON_STATE_ARMED for a in (d.actor1, d.actor2)
        )
    ):
        # "There was a confrontation with police officers" in a report of a protest:
        # the crowd fought the police, a riot; a battle needs two organised armed sides
        etype = typing.make("Violent demonstration")
    date = (
        d.date
        if d.date is not None and d.date.start_date is not None
        else report.period or _default_date(ctx.published)
    )
    # doc.text is rebuilt from every token on each access: slice the article once.
    # The article's text, not the tokens', is quoted: with triage a sentence that
    # only says where the incident was may have been blanked for the parse.
    text = doc_text(doc)
    span = doc[min(x.start for x in d.sents) : max(x.end for x in d.sents)]
    fatalities = counts_mod.total_fatalities(
        d.counts, text[span.start_char : span.end_char], span.start_char
    )
    fatalities = counts_mod.as_reported(fatalities)
    others = tuple(counts_mod.as_reported(c) for c in d.counts if c.kind != "fatalities")
    main = doc[d.main.i : d.main.i + 1]
    evidence = tuple(
        Evidence(s.start_char, s.end_char, text[s.start_char : s.end_char]) for s in d.sents
    )
    for t in d.triggers:
        start, end = doc[t.start].idx, doc[t.end - 1].idx + len(doc[t.end - 1])
        evidence += (Evidence(start, end, text[start:end]),)
    actor1, actor2 = d.actor1, d.actor2
    if etype.event_type == "Battles":
        actor1, actor2 = _fighting_side(actor1), _fighting_side(actor2)
    if etype.event_type in ("Protests", "Riots"):
        actor1, actor2 = _protest_sides(etype, actor1, actor2, d, ctx)
    else:
        armed = ctx.lexicon.armed_nouns
        actor2 = actor2 or roles.civilian_target(d, etype.sub_event_type, ctx.lookup, armed)
    location, sites = event_sites(d, ctx, fallback)
    actor1, actor2 = _forces_of(actor1, location, ctx), _forces_of(actor2, location, ctx)
    if etype.event_type in ("Protests", "Riots"):
        sites = crowd_sites(d, location) or sites
    key = f"{ctx.article_id}:{d.sents[0].start_char}:{d.main.idx}:{etype.sub_event_type}"
    event = Event(
        event_id="ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        event_type=etype.event_type,
        sub_event_type=etype.sub_event_type,
        plover_type=etype.plover_type,
        date=date,
        actor1=actor1,
        actor2=actor2,
        assoc_actors=tuple(d.assoc),
        location=location,
        places=tuple(d.places),
        fatalities=fatalities,
        counts=others,
        modality=d.modality,
        attribution=d.attribution,
        confidence=_confidence(d, fatalities, location),
        evidence=evidence,
        trigger=Evidence(main.start_char, main.end_char, main.text),
        summary="",
        tolls=_other_tolls(d, fatalities),
    )
    days = _listed_days(date, doc)
    if len(sites) < 2 and days:
        dated = [replace(date, start_date=day, end_date=day, precision=1) for day in days]
        return _one_each(event, dated, fatalities, others)
    attacks = _attacks_told(d, doc)
    over_days = date.text is not None and date.end_date != date.start_date
    if len(sites) < 2 and attacks > 1 and over_days:
        # attacks on one place the text dates over several days (ACLED: one event per
        # place and day; bombs on one day in one town stay one event)
        return _one_each(event, [date] * attacks, fatalities, others)
    if len(sites) < 2:
        return [replace(event, summary=summarise(event))]
    out = []
    own = site_tolls(d, sites)
    told = fatalities.value if fatalities is not None else None
    if own is not None and told is not None and sum(c.value or 0 for c in own if c) > told:
        own = None  # the places' tolls are more than the toll told: not these deaths
    for i, site in enumerate(sites):
        one = replace(
            event,
            event_id=event.event_id if i == 0 else f"{event.event_id}-{i}",
            location=site,
            fatalities=own[i] if own is not None else share(fatalities, i, len(sites)),
            counts=tuple(c for c in (share(c, i, len(sites)) for c in others) if c is not None),
        )
        out.append(replace(one, summary=summarise(one)))
    return out


# "On 6 and 7 October", "October 6 and 7": two days named, not a range ("between 27
# and 30 September", "from 6 to 9 October").
_TWO_DAYS = re.compile(r"^(?:\d{1,2} and \d{1,2} [A-Z][a-z]+|[A-Z][a-z]+ \d{1,2} and \d{1,2})$")
_RANGE_BEFORE = re.compile(r"(?i)\b(?:between|from)\s+$")


def _one_each(
    event: Event, dates: list[DateMention], fatalities: Count | None, others: tuple[Count, ...]
) -> list[Event]:
    """One event per day named, or per attack a report sums ("in two attacks"), the
    counts shared among them as among places."""
    out = []
    for i, date in enumerate(dates):
        one = replace(
            event,
            event_id=event.event_id if i == 0 else f"{event.event_id}-d{i}",
            date=date,
            fatalities=share(fatalities, i, len(dates)),
            counts=tuple(c for c in (share(c, i, len(dates)) for c in others) if c is not None),
        )
        out.append(replace(one, summary=summarise(one)))
    return out


def _attacks_told(d: Draft, doc: Doc) -> int:
    """ "The killing of 60 civilians in two attacks in Dikwa": how many incidents the
    report sums in one place (2 to 5; 1 when it tells one, or names them "the two")."""
    for trig in d.triggers:
        tok = trig.head(doc)
        if trig.term.weak or tok.tag_ != "NNS" or determiner(tok) is not None:
            continue
        number = next((c for c in tok.children if c.dep_ == "nummod"), None)
        value = word_value(number.text) if number is not None else None
        if value is not None and 2 <= value <= 5:
            return value
    return 1


def _listed_days(date: DateMention, doc: Doc) -> list[dt.date]:
    """The days of a date that names two days: ACLED codes one event per day."""
    if (
        date.text is None
        or date.start is None
        or date.start_date is None
        or date.end_date is None
        or not _TWO_DAYS.match(date.text)
        or _RANGE_BEFORE.search(doc_text(doc)[max(0, date.start - 10) : date.start])
    ):
        return []
    return [date.start_date, date.end_date]


_CROWDS = ("protesters", "rioters")


def _fighting_side(actor: Actor | None) -> Actor | None:
    """A side of a battle is armed (ACLED: battles are between organised armed groups).
    A community that fights or takes land ("Iraq Kurds take back land from IS") is its
    armed men, an identity militia; civilians caught in the fighting are no side."""
    if actor is None or actor.type != "civilians":
        return actor
    if actor.name == "Civilians":
        return None
    return replace(actor, type="identity_militia")


def _protest_sides(
    etype: typing.EventType, actor1: Actor | None, actor2: Actor | None, d: Draft, ctx: Context
) -> tuple[Actor | None, Actor | None]:
    """ACLED makes the demonstrators actor1 and an intervening force actor2; a
    force that used excessive force against them is actor1.  Sides the parse
    did not link ("Police opened fire to disperse protesters") are taken from
    the sentence."""
    pair = [a for a in (actor1, actor2) if a is not None]
    crowd = next((a for a in pair if a.type in _CROWDS), None)
    force = next((a for a in pair if a.type not in _CROWDS), None)
    if force is not None and civil_state(force.name):
        # "marched to demand protection from the government. Police fired tear
        # gas": the government is what they demand of; the police intervened
        force = None
    if crowd is None or force is None:
        lo, hi = d.sents[0].start_char, d.sents[-1].end_char
        near = [a for a in ctx.actors if lo <= a.start < hi]
        crowd = crowd or next((a for a in near if a.type in _CROWDS), None)
        if etype.sub_event_type != "Peaceful protest":
            force = force or next(
                (a for a in near if a.type in typing.STATE_TYPES and not civil_state(a.name)),
                None,
            )
    crowd = crowd or _unnamed_crowd(etype, d, ctx)
    if etype.sub_event_type == "Excessive force against protesters":
        return force, crowd
    return crowd, force


# Words for a state's forces that carry no nationality of their own.
_BARE_FORCES = frozenset({"military", "army", "troops", "soldiers", "soldier", "police",
                          "policemen", "the army", "the military", "the police"})  # fmt: skip


def _forces_of(actor: Actor | None, location: PlaceMention | None, ctx: Context) -> Actor | None:
    """ "In Niger, an attack on a military convoy" in a report about Burkina Faso: forces
    named with no nationality are the forces of the country the event is in."""
    if (
        actor is None
        or actor.type != "state_forces"
        or ctx.lookup is None
        or location is None
        or location.country in (None, actor.country)
        or actor.text.lower() not in _BARE_FORCES
    ):
        return actor
    found = ctx.lookup(actor.text, country=location.country)
    if found is None or found.type != "state_forces":
        return actor
    return replace(actor, name=found.name, country=found.country)


def _unnamed_crowd(etype: typing.EventType, d: Draft, ctx: Context) -> Actor | None:
    """ "Traders held a sit-in": ACLED's actor of every demonstration is its crowd,
    Protesters (or Rioters) of the country, whoever the text says they were; the
    act's words are the evidence."""
    if ctx.lookup is None:
        return None
    found = ctx.lookup("rioters" if etype.event_type == "Riots" else "protesters")
    if found is None:
        return None
    main = d.main
    return Actor(found.name, found.type, found.country, main.text, main.idx, main.idx + len(main))


def _default_date(published: dt.date | None) -> DateMention:
    """No date in the text: news reports events of the day of publication or the day before."""
    if published is None:
        return DateMention(None, None, None, None, None, None)
    before = published - dt.timedelta(days=1) if published > dt.date.min else published
    return DateMention(before, published, 2, None, None, None)


def _other_tolls(d: Draft, fatalities: Count | None) -> tuple[Count, ...]:
    """The other death tolls told for the incident, each once, as reported."""
    kept = (fatalities.start, fatalities.end) if fatalities is not None else None
    seen: set[tuple[int, int]] = set()
    out = []
    for c in d.other_tolls:
        span = (c.start, c.end)
        if span != kept and span not in seen:
            seen.add(span)
            out.append(counts_mod.as_reported(c))
    return tuple(c for c in out if c is not None)


def _confidence(d: Draft, fatalities: Count | None, location: PlaceMention | None) -> float:
    """A transparent score: how many of the event's slots the text filled.

    Not a calibrated probability; it orders events for review (0.35 base, then
    0.1 for each of actor1, actor2, date, place, a count, and a finite verb).
    """
    score = 0.35
    score += 0.1 * sum(
        bool(x)
        for x in (
            d.actor1,
            d.actor2,
            d.date,
            location,
            fatalities or d.counts,
            d.main.pos_ == "VERB",
        )
    )
    if d.modality == "claimed":
        score -= 0.1
    return round(min(score, 0.95), 2)
