"""The incidents of an article: within one report, a mention joins an incident
already told unless the text marks it as another.

Sentence rules (``coref``) join a mention to an earlier one when they see a
positive sign: a word pointing back, a shared toll, target or place.  Long
articles retell one incident in ways no such sign catches ("The attackers
fled", "Residents said the gunmen came on motorbikes"), and each retelling
became an event of its own.  An ACLED coder reads the other way round: the
headline and lead say which incidents the report is about, and every later
sentence about violence belongs to one of them unless it is set apart by
another day, another place, another pair of sides, another kind of act, or a
word that announces another incident ("another", "separately", "last week").
That is this step.  Across articles the default is the opposite (``fuse``).

Mentions that tell no specific occurrence at all are set aside before this step
(``generic``); a summary ("29 killed in a spate of attacks") is set aside here
when the report goes on to tell the incidents it sums.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from rasid.extract.coref import (
    ANOTHER,
    MOVED_ON,
    dates_differ,
    day_tolerance,
    happened_before,
    merge,
    rivals,
    toll,
)
from rasid.extract.draft import FAMILY, Draft
from rasid.extract.generic import SUMMARY
from rasid.extract.later import settle_after
from rasid.extract.places_apart import places_conflict
from rasid.extract.syntax import determiner, headline
from rasid.extract.typing import NON_STATE_ARMED, crowd_scene
from rasid.records import PlaceMention

CODED = ("reported", "claimed")


def group_incidents(drafts: list[Draft]) -> list[Draft]:
    """Join each coded mention to an incident the article already tells, in reading
    order, unless something in the text sets it apart; return the incidents."""
    _set_aside_summaries(drafts)
    kept: list[Draft] = []
    home: dict[int, Draft] = {}  # each mention's incident
    for draft in drafts:
        settle_after([draft], home)
        target = _incident_of(draft, kept) if draft.modality in CODED else None
        if target is None:
            kept.append(draft)
        else:
            merge(target, draft)
        home[id(draft)] = target or draft
    return kept


def _set_aside_summaries(drafts: list[Draft]) -> None:
    """ "At least 29 killed in a spate of attacks" over a report that then tells each
    attack with its own day or town: the sum of those incidents, not one more.  A
    summary with no such detail ("Wave of bombings kills 27 in Baghdad") is all the
    report says, and stays the event."""
    summaries = [
        d
        for i, d in enumerate(drafts)
        if d.modality in CODED
        # the headline or the lead it was joined with: "killed 14 in attacks on two villages"
        and (any(SUMMARY.search(s.text) for s in d.sents[:2]) or _sums_days(d, drafts[i + 1 :]))
    ]
    # a spate is several incidents: two told with their own days show the report details
    # it; incidents elsewhere (not in the summed area) are not its parts
    # (by the places the gazetteer knows: a village it lacks may lie in the summed area)
    area = [p for d in summaries for p in d.places]
    details = [
        d
        for d in drafts
        if d not in summaries and d.modality in CODED and not places_conflict(area, d.places)
    ]
    if summaries and (sum(map(_dated, details)) >= 2 or _placed_apart(details)):
        # the headline that gives the same sum ("Troops neutralise 7 terrorists" over
        # "neutralised seven terrorists in separate operations") is that sum too
        sums = {toll(d) for d in summaries} - {None}
        last = max(drafts.index(d) for d in summaries)
        summaries += [
            d
            for d in drafts[:last]
            if d not in summaries and d.modality in CODED and not _dated(d) and toll(d) in sums
        ]
        for d in summaries:
            d.modality = "generic"


def _placed_apart(details: list[Draft]) -> bool:
    """Two of the incidents told after a sum happened in places that cannot be one
    ("In another IBO conducted in South Waziristan", "... in Khyber and Bannu")."""
    placed = [p for d in details for p in d.places + d.unknown]
    return any(places_conflict([a], [b]) for i, a in enumerate(placed) for b in placed[i + 1 :])


def _sums_days(d: Draft, later: list[Draft]) -> bool:
    """ "Rebels went on a rampage in villages around Beni at the weekend, killing at least
    eight" over a report that then tells the Friday and the Sunday attacks: a span told
    first, whose days the report goes on to tell one by one, is their sum."""
    span = d.date
    if span is None or d.report_dated or span.precision != 2 or span.start_date is None:
        return False
    # a day either side: "the weekend" takes in Friday night
    first = span.start_date - dt.timedelta(days=1)
    last = (span.end_date or span.start_date) + dt.timedelta(days=1)
    days = {
        x.date.start_date
        for x in later
        if _dated(x) and x.date.precision == 1 and first <= x.date.start_date <= last  # type: ignore[union-attr,operator]
    }
    return len(days) >= 2


def _dated(d: Draft) -> bool:
    """A coded mention with a day or a few days of its own ("On 8 October")."""
    own = d.date is not None and not d.report_dated and d.date.precision in (1, 2)
    return d.modality in CODED and own


def _incident_of(draft: Draft, kept: list[Draft]) -> Draft | None:
    """The incident ``draft`` tells again: one whose place it names, else the latest
    one nothing sets it apart from."""
    candidates = [k for k in kept if k.modality in CODED and not _set_apart(k, draft)]
    if not candidates:
        return None
    named = {p.name.casefold() for p in draft.places}
    by_name = [k for k in candidates if named & {p.name.casefold() for p in k.places}]
    # "Bomb disposal officers found that the device ...": the bomb's incident, not the
    # shooting told after it
    kinds = draft.classes & _KINDS
    by_kind = [k for k in candidates if kinds & k.classes]
    return (by_name or by_kind or candidates)[-1]


# Classes that tell what kind of act an incident was (killing and wounding do not)
_KINDS = frozenset({"explosion", "protest", "riot", "arrest", "abduct", "territory"})


def family(d: Draft) -> str:
    """What kind of occurrence: arrests, talks, a crowd's action, or armed violence."""
    kinds = {FAMILY.get(c, "violence") for c in d.classes}
    crowd = d.cues & {"protest", "riot"} or (
        "explosion" not in d.classes and crowd_scene(t.lemma_.lower() for s in d.sents for t in s)
    )
    if "protest" in kinds or (crowd and "violence" in kinds):
        return "protest"
    if kinds == {"arrest"}:
        return "arrest"
    if kinds == {"consult"}:
        return "consult"
    return "violence" if "violence" in kinds else "/".join(sorted(kinds))


def _set_apart(k: Draft, d: Draft) -> bool:
    """Does the text mark ``d`` as an incident other than ``k``?"""
    families = (family(k), family(d))
    if families == ("protest", "arrest") and not ANOTHER.search(d.opening()):
        # "Police detained 27 people" in a protest report: the arrests at the protest are
        # its intervention (ACLED), unless another day sets them apart ("350 people were
        # arrested in Islamabad and Rawalpindi": the marchers, wherever they were held)
        return dates_differ(k, d, tolerance=day_tolerance(k, d))
    if k.sub_event_type != d.sub_event_type:
        return True
    if families[0] != families[1] and not (
        set(families) == {"protest", "violence"}
        and _crowd_violence(d if families[1] == "violence" else k)
    ):
        return True
    if MOVED_ON.search(d.sents[0].text):
        return True  # "The rebels moved on to the villages of ...": the next place
    if _two_headline_acts(k, d) and not aftermath(d):
        return True  # "M23 rebels seize town in South Kivu; rocket kills civilians in Uvira"
    if aftermath(d) and not ANOTHER.search(d.opening()):
        return False  # "The death toll rose to 13 on Sunday": the day the toll was told
    if d.classes <= {"operation"} and the_one_told(d) and not ANOTHER.search(d.opening()):
        return False  # "The search operation was concluded on Tuesday": the one launched
    if _bodies_found(d) and not ANOTHER.search(d.opening()):
        # "13 bodies had been recovered by Tuesday morning": the attack's dead, counted
        # the next day, unless found somewhere else, or before the incident happened
        return happened_before(d, k) or places_conflict(k.places + k.unknown, d.places + d.unknown)
    if dates_differ(k, d, tolerance=day_tolerance(k, d)):
        return True
    if ANOTHER.search(d.opening()) and not d.told_later:
        return True
    if (rivals(k, d) and not _one_crowd_scene(k, d)) or _set_against(k, d):
        return True
    # "killed six terrorists, among them a leader responsible for attacks on villages in
    # Dibis district": the same toll is the same story, whatever place a clause about
    # someone names
    shared = toll(k)
    if shared is not None and shared >= 2 and shared == toll(d):
        return False
    if _lead_of(k, d) and not places_conflict(_headline_places(k), d.places + d.unknown):
        # "TPNPB attack on Hitadipa army post kills soldier; residents flee to Sugapa" over
        # a lead that tells the attack with its district and where the wounded were flown:
        # the lead tells the headline's incident unless the headline's own act is placed
        # apart ("strikes Houthi targets at Sanaa" over a missile intercepted near Tel Aviv)
        return False
    return places_conflict(k.places + k.unknown, d.places + d.unknown)


def _headline_places(k: Draft) -> list[PlaceMention]:
    """The places named in the headline's first clause, not in what was joined to it."""
    head = k.sents[0]
    return [p for p in k.places + k.unknown if head.start_char <= p.start < head.end_char]


def _lead_of(k: Draft, d: Draft) -> bool:
    """Is ``d`` the first sentence under ``k``'s headline (past a dateline only)?"""
    head, lead = k.sents[0], d.sents[0]
    if not headline(head) or lead.start <= head.start:
        return False
    between = head.doc.text[head.end_char : lead.start_char]
    return "\n" in between and not any(c in between for c in ".!?")


# Sides of a crowd's day: the crowd, the police facing it, bystanders.
_CROWD_SIDES = frozenset({"protesters", "rioters", "state_forces", "civilians"})


def _one_crowd_scene(k: Draft, d: Draft) -> bool:
    """ "police fire tear gas at protesters" over "protesters threw stones at police":
    the crowd and the police it faced are the two sides of one protest, whichever the
    sentence makes the actor."""
    if (family(k), family(d)) != ("protest", "protest"):
        return False
    sides = [a for x in (k, d) for a in (x.actor1, x.actor2) if a is not None]
    return all(a.type in _CROWD_SIDES for a in sides)


def the_one_told(d: Draft) -> bool:
    """The act is named as one already told: "the search operation", "the encounter"."""
    doc = d.main.doc
    return any(
        tok.pos_ == "NOUN" and determiner(tok) == "the"
        for tok in (t.head(doc) for t in d.triggers if not t.term.weak)
    )


def _two_headline_acts(k: Draft, d: Draft) -> bool:
    """Two parts of one headline line: a headline names each incident once."""
    a, b = k.sents[0], d.sents[0]
    if a.start == b.start or not (headline(a) and headline(b)):
        return False
    lo, hi = (a, b) if a.start < b.start else (b, a)
    return "\n" not in a.doc[lo.start : hi.start].text


def _crowd_violence(violence: Draft) -> bool:
    """ "We have three deaths in Kasoa, where youths burned tyres" told beside a protest:
    the deaths of the crowd's day, told with no sides, belong to it. Bombs, kidnappings
    and named armed groups make another incident."""
    sides = (violence.actor1, violence.actor2)
    return violence.classes <= {"kill", "wound", "clash", "attack", "destroy"} and not any(
        a is not None and a.type in NON_STATE_ARMED for a in sides
    )


# Acts that can be the backdrop of another: "a roadside bomb exploded during the sweep".
_BACKDROP_ACTS = {"operation", "sweep", "raid", "offensive", "clash", "fighting", "battle",
                  "campaign", "assault", "patrol", "siege", "search"}  # fmt: skip
_BACKDROP_PREPS = {"during", "amid", "after", "following", "throughout"}


def _set_against(k: Draft, d: Draft) -> bool:
    """A bomb told against the backdrop of an operation ("a roadside bomb exploded
    near his vehicle during the sweep") is the other side's act, an incident of its
    own; a bomb that opens an assault ("blew themselves up at the gate before the
    gunmen entered") is part of it (ACLED: one complex attack)."""
    if ("explosion" in k.classes) == ("explosion" in d.classes):
        return False
    return any(
        t.dep_ == "pobj" and t.head.lower_ in _BACKDROP_PREPS and t.lemma_.lower() in _BACKDROP_ACTS
        for t in d.sents[0]
        if d.own_words(t)
    )


# Casualties told after the act, with no act of their own: a toll's update, the
# wounded taken to hospital, victims who died of their wounds.
_AFTERMATH = re.compile(
    r"(?i)\b(?:death toll|toll|died (?:of|from) (?:their |his |her )?(?:gunshot |bullet |stab )?(?:wounds|injuries)"
    r"|succumbed|(?:taken|rushed|admitted|evacuated|airlifted|flown) to (?:a |the )?"
    r"(?:[\w-]+ ){0,3}hospitals?"
    # "One of the wounded, a sergeant, died at the clinical hospital on Monday"
    r"|(?:one|two|three|some|several|many) of the (?:wounded|injured)"
    r"|died (?:later )?(?:in|at) (?:a |the )?(?:[\w-]+ ){0,3}hospital)\b"
)


def aftermath(d: Draft) -> bool:
    """Casualties of an incident already told, counted later or elsewhere."""
    return _casualties_only(d, _AFTERMATH, " ".join(s.text for s in d.sents))


def _casualties_only(d: Draft, words: re.Pattern[str], text: str) -> bool:
    # "One soldier sustained gunshot injuries and was evacuated to hospital": the side
    # hurt may stand as the only actor named; no one is told acting on anyone
    unacted = d.actor1 is None or d.actor2 is None
    return d.classes <= {"kill", "wound"} and unacted and bool(words.search(text))


# "13 bodies had been recovered", "rescuers pulled out two bodies"
_BODIES = re.compile(
    r"(?i)\bbod(?:y|ies)\b[^.;]{0,40}?\b(?:recovered|found|retrieved|pulled|collected|brought)\b"
    r"|\b(?:recovered|found|retrieved|pulled(?: out)?|collected)\b[^.;]{0,30}?\bbod(?:y|ies)\b"
)


def _bodies_found(d: Draft) -> bool:
    """The dead of an incident found or counted afterwards, by no one named."""
    return _casualties_only(d, _BODIES, d.sents[0].text)


# Nouns that name the incident just told ("The attack happened near ...").
_INCIDENT_NOUNS = {"incident", "attack", "raid", "assault", "bombing", "blast", "explosion",
                   "shooting", "clash", "ambush", "strike", "violence", "massacre", "killing"}  # fmt: skip


def setting(sent: Span) -> bool:
    """A sentence that only says where or when the incident told was: "It took place
    in Lower Shabelle, on the outskirts of Marka", "The attack happened near ..."."""
    root = sent.root
    lemma = root.lemma_.lower()
    if lemma == "take":
        if not any(c.dep_ == "dobj" and c.lower_ == "place" for c in root.children):
            return False
    elif lemma not in ("happen", "occur"):
        return False
    return any(
        c.dep_ == "nsubj"
        and (c.lower_ in ("it", "this", "that") or c.lemma_.lower() in _INCIDENT_NOUNS)
        for c in root.children
    )
