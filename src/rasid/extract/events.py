"""Events from a parsed article: triggers -> sentence groups -> coded events.

One sentence gives at most one event per modality: the triggers of a
sentence usually describe one incident ("Three car bombs kill nine, wound 29").
A later sentence that points back ("in this operation", "these clashes")
adds its evidence, counts and actors to the event it points at instead of
starting a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from rasid.extract import counts as counts_mod
from rasid.extract import roles, typing
from rasid.extract.attribution import REPORTING_VERBS
from rasid.extract.attribution import attribution as find_attribution
from rasid.extract.figures import figures_from, is_period
from rasid.extract.modality import modality as find_modality
from rasid.extract.summary import summarise
from rasid.knowledge.lexicon import EventLexicon, TriggerMatch
from rasid.records import (
    Actor,
    Attribution,
    Count,
    DateMention,
    Event,
    Evidence,
    Figure,
    PlaceMention,
)

_CONDUCT = {"conduct", "launch", "carry", "begin", "start", "execute", "mount", "continue", "stage",
            "undertake", "complete", "conclude", "perform", "kick", "lead", "implement"}  # fmt: skip
_ANAPHOR_DETS = {"this", "that", "these", "those", "the"}
_PLACE_NOUNS = {"town", "city", "village", "area", "district", "neighbourhood", "neighborhood", "base",
                "airport", "building", "checkpoint", "territory", "control", "oilfield", "field", "dam",
                "bridge", "road", "highway", "refinery", "province", "region", "camp", "compound",
                "headquarters", "hq", "outpost", "post", "station", "position", "positions", "hill",
                "enclave", "stronghold", "ground", "land", "centre", "center", "part", "quarter",
                "suburb", "island", "mountain", "valley", "border", "crossing", "prison", "jail"}  # fmt: skip
_VISITORS = {"delegation", "minister", "president", "chief", "envoy", "official", "prime", "king",
             "premier", "ambassador", "secretary", "commander", "emir", "foreign", "leader"}  # fmt: skip
# Dictionary names that stand for "some armed group" rather than a named one.
GENERIC_ACTORS = {"Militants", "Rebels"}
_GENERIC_PREPS = {"against", "on", "for", "of", "in"}
# Triggers of one family in a sentence make one event; an arrest, a protest or
# a visit next to a killing is a separate event ("died in a shootout, while his
# brother was captured a day later").
_FAMILY = {"arrest": "arrest", "protest": "protest", "riot": "protest", "consult": "consult"}
_PRIORITY = ("protest", "riot", "explosion", "territory", "clash", "kill", "attack", "wound",
             "abduct", "arrest", "destroy", "operation", "consult")  # fmt: skip


@dataclass
class _Draft:
    """An event while it is being assembled from one or more sentences."""

    sents: list[Span]
    triggers: list[TriggerMatch]
    main: Token
    modality: str
    date: DateMention | None
    counts: list[Count] = field(default_factory=list)
    # The date belongs to the announcement ("the ministry said on Monday"), not
    # to the act: good enough to date the event, not to tell two incidents apart.
    report_dated: bool = False
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc: list[Actor] = field(default_factory=list)
    victims: set[str] = field(default_factory=set)
    objects: set[str] = field(default_factory=set)
    places: list[PlaceMention] = field(default_factory=list)
    attribution: Attribution | None = None

    @property
    def classes(self) -> set[str]:
        """Classes of the strong triggers; weak ones ("gunmen") only refine violence."""
        strong = {t.cls for t in self.triggers if not t.term.weak}
        return strong | (self.cues & {"attack"} if strong & _VIOLENT else set())

    @property
    def cues(self) -> set[str]:
        """Classes only weak triggers name ("protesters" in "fired on protesters")."""
        return {t.cls for t in self.triggers if t.term.weak}


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


def extract_events(doc: Doc, ctx: Context) -> tuple[list[Event], list[Event], list[Figure]]:
    """Return (coded events, other mentions, aggregate figures) found in the doc."""
    drafts: list[_Draft] = []
    figures: list[Figure] = []
    previous_total = False
    for sent in doc.sents:
        if "\n" in doc.text[max(0, sent.start_char - 2) : sent.start_char + 1]:
            previous_total = False  # totals do not carry over a paragraph or headline break
        new = _sentence_drafts(doc, sent, ctx)
        totals_only = bool(new)
        for draft in new:
            kept, totals = _split_totals(doc, sent, draft, ctx, previous_total)
            if totals:
                figures += figures_from(doc, sent, totals, draft.date, draft.attribution)
            if kept is None:
                continue
            totals_only = False
            draft.counts = kept
            target = _antecedent(draft, drafts)
            if target is not None:
                _merge(target, draft)
            else:
                drafts.append(draft)
        previous_total = totals_only or (previous_total and not new)
    # "most of its bases have been destroyed": a judgement, not an incident.
    drafts = [d for d in drafts if _anchored(d) or not d.classes <= _UNVIOLENT]
    drafts = _fuse_restatements(drafts)
    _resolve_generic_actors(drafts, ctx)
    events = [_finish(d, doc, ctx) for d in drafts]
    events = [e for e in events if e is not None]
    coded = [e for e in events if e.is_reported]
    other = [e for e in events if not e.is_reported]
    return coded, other, figures


def _split_totals(
    doc: Doc, sent: Span, draft: _Draft, ctx: Context, previous_total: bool
) -> tuple[list[Count] | None, list[Count]]:
    """Separate totals over a period from the event's own counts.

    A count is a total when it sits in the clause of a period date ("in 2024")
    or of an aggregate cue ("as January toll tops 800"), or continues a
    sentence of totals without a date of its own.  Returns (the event's
    counts, or None when the whole draft is a total; the totals).
    """
    if not draft.counts:
        return draft.counts, []
    anchors = []
    if is_period(draft.date) and draft.date.start is not None:
        anchors.append(_token_at(doc, draft.date.start))
    low = sent.text.lower()
    for cue in ctx.lexicon.aggregate_cues:
        at = low.find(cue)
        if at >= 0:
            anchors.append(_token_at(doc, sent.start_char + at))
    anchors = [a for a in anchors if a is not None]
    if not anchors:
        if previous_total and draft.date is None:
            return None, draft.counts
        return draft.counts, []
    clauses = [_clause_verb(a) for a in anchors]
    if any(_under(draft.main, v) for v in clauses):
        return None, draft.counts
    totals = [c for c in draft.counts if any(_under(_token_at(doc, c.start), v) for v in clauses)]
    return [c for c in draft.counts if c not in totals], totals


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _clause_verb(tok: Token) -> Token:
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    return cur


def _under(tok: Token | None, ancestor: Token) -> bool:
    return tok is not None and (
        tok.i == ancestor.i or any(a.i == ancestor.i for a in tok.ancestors)
    )


def _resolve_generic_actors(drafts: list[_Draft], ctx: Context) -> None:
    """'terrorist elements', 'militants' in an article about one armed group mean that group."""
    named = [a for a in ctx.actors if a.type == "rebel_group" and a.name not in GENERIC_ACTORS]
    if not named:
        return
    counts: dict[str, int] = {}
    for a in named:
        counts[a.name] = counts.get(a.name, 0) + 1
    top, n = max(counts.items(), key=lambda kv: kv[1])
    if n < 2 or len([k for k, v in counts.items() if v == n]) > 1:
        return
    model = next(a for a in named if a.name == top)
    for d in drafts:
        for role in ("actor1", "actor2"):
            actor = getattr(d, role)
            if actor is not None and actor.name in GENERIC_ACTORS:
                setattr(
                    d, role, replace(actor, name=model.name, type=model.type, country=model.country)
                )


def _sentence_drafts(doc: Doc, sent: Span, ctx: Context) -> list[_Draft]:
    triggers = [_resolve(doc, t) for t in ctx.lexicon.find(sent, loose=_headline(sent))]
    triggers = [t for t in triggers if t is not None]
    if triggers and not _armed_context(doc, sent, triggers, ctx):
        # "Trump attacked Clinton", "entering the race", "a campaign rally":
        # the words of war used for politics.
        triggers = [t for t in triggers if not _figurative(doc, t)]
    if not triggers:
        return []
    counts = counts_mod.link_counts(doc, sent.start, sent.end, triggers, ctx.lexicon.people)
    triggers = [t for t in triggers if not t.term.needs_number or _counted(t, doc, counts)]
    # In headlines the parser often reads verbs as modifiers ("IS executes journalist").
    headline = _headline(sent)
    modifiers = [t for t in triggers if not t.term.weak and not headline and _modifier(doc, t)]
    strong = [
        t for t in triggers if not t.term.weak and t not in modifiers and _eventive(doc, t, sent)
    ]
    if not strong:
        return []
    strong = _drop_references(doc, strong)
    date = _sentence_date(sent, ctx.dates, strong)
    buckets: dict[tuple[str, str], list[TriggerMatch]] = {}
    modality_at: dict[int, str] = {}  # token index -> modality of that trigger
    for trig in strong:
        mod = find_modality(trig.head(doc), date, ctx.published)
        modality_at[trig.head(doc).i] = mod
        key = ("reported" if mod == "claimed" else mod, _FAMILY.get(trig.cls, "violence"))
        buckets.setdefault(key, []).append(trig)
    drafts = []
    sent_actors = [a for a in ctx.actors if sent.start_char <= a.start < sent.end_char]
    sent_places = [p for p in ctx.places if sent.start_char <= p.start < sent.end_char]
    # Weak triggers ("gunmen") and modifiers ("mortar rounds", "grenade attack")
    # do not make an event, but say what kind of event the sentence tells.
    context = [t for t in triggers if t.term.weak] + modifiers
    for trigs in buckets.values():
        main = _main_trigger(doc, trigs)
        draft = _Draft(
            sents=[sent],
            triggers=trigs + context,
            main=main,
            modality=modality_at[main.i],
            date=date,
            report_dated=date is not None and _reporting_date(doc, date),
            counts=counts_mod.link_counts(doc, sent.start, sent.end, trigs, ctx.lexicon.people),
            places=sent_places,
            attribution=find_attribution(main, sent, sent_actors),
        )
        roles.assign(draft, doc, sent_actors, ctx.lookup)
        drafts.append(draft)
    return drafts


def _armed_context(doc: Doc, sent: Span, triggers: Sequence[TriggerMatch], ctx: Context) -> bool:
    """Does the sentence speak of armed people, weapons or bloodshed?"""
    if any(
        t.cls in ("kill", "wound") or (t.cls == "explosion" and t.head(doc).pos_ == "NOUN")
        for t in triggers
    ):
        return True
    if any(
        a.type in _ARMED_ACTORS or (a.type == "state_forces" and a.name not in _CIVIL_STATE)
        for a in ctx.actors
        if sent.start_char <= a.start < sent.end_char
    ):
        return True
    return any(t.lemma_.lower() in ctx.lexicon.armed_nouns | _WEAPONS for t in sent)


def _figurative(doc: Doc, trig: TriggerMatch) -> bool:
    """A trigger that, without armed context, is politics: verbal attacks, races, rallies."""
    tok = trig.head(doc)
    if trig.cls == "territory":
        return tok.lemma_.lower() in _LOOSE_TERRITORY  # "entering the race", "poll gains"
    if trig.cls == "protest" and tok.lemma_.lower() == "rally":
        return any(
            c.lemma_.lower() in _CAMPAIGN or c.ent_type_ == "PERSON" for c in tok.children
        )  # "a Trump rally", "a campaign rally"
    if trig.cls not in ("attack", "clash", "explosion") or tok.pos_ not in ("VERB", "NOUN"):
        return False
    if any(c.dep_ == "amod" and c.lemma_.lower() in _VERBAL for c in tok.children):
        return True  # "dishonest attacks", "a scathing attack"
    around = [tok, *(c for c in tok.children if c.dep_ == "relcl")]
    parties = [
        c for t in around for c in t.children if c.dep_ in ("nsubj", "dobj", "poss", "compound")
    ]
    parties += [
        g
        for t in around
        for c in t.children
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "with", "at")
        for g in c.children
    ]
    return any(
        p.ent_type_ in ("PERSON", "NORP")
        or p.lower_ in ("he", "she", "him", "her")
        or p.lemma_.lower() in _CAMPAIGN
        for p in parties
    )


def _drop_references(doc: Doc, trigs: list[TriggerMatch]) -> list[TriggerMatch]:
    """'detained in connection with the attack': the attack is the reason, not this event."""
    # "police defused a bomb": the bomb is what was disrupted, not an explosion.
    destroyers = {t.head(doc).i for t in trigs if t.cls == "destroy"}
    trigs = [t for t in trigs if not (t.cls == "explosion" and _object_of(t.head(doc), destroyers))]
    heads = [t.head(doc) for t in trigs if _FAMILY.get(t.cls, "violence") != "violence"]
    if not heads:
        return trigs

    def referenced(t: TriggerMatch) -> bool:
        tok = t.head(doc)
        return _FAMILY.get(t.cls, "violence") == "violence" and any(
            h.i in {a.i for a in tok.ancestors}
            and any(
                a.dep_ == "prep" and a.i > h.i for a in tok.ancestors if a.i in range(h.i, tok.i)
            )
            for h in heads
        )

    return [t for t in trigs if not referenced(t)]


def _object_of(tok: Token, heads: set[int]) -> bool:
    return tok.dep_ in ("dobj", "nsubjpass") and tok.head.i in heads


def _resolve(doc: Doc, trig: TriggerMatch) -> TriggerMatch | None:
    """Choose between terms that share words ("seize" a town / weapons / a person)."""
    tok = trig.head(doc)
    if len(trig.terms) == 1 and trig.term.object is None:
        return _check(doc, trig, tok)
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if tok.lemma_.lower() == "fall":
        obj = tok if any(c.lower_ == "to" for c in tok.children) else None
        wanted = (
            "place"
            if obj is not None
            and any(
                c.dep_ == "nsubj"
                and (c.ent_type_ in ("GPE", "LOC", "FAC") or c.lemma_.lower() in _PLACE_NOUNS)
                for c in tok.children
            )
            else None
        )
    elif obj is None:
        wanted = "thing"
    elif obj.ent_type_ in ("GPE", "LOC", "FAC") or obj.lemma_.lower() in _PLACE_NOUNS:
        wanted = "place"
    elif (
        obj.ent_type_ in ("PERSON", "NORP", "ORG")
        or obj.pos_ == "PROPN"
        or obj.tag_ == "PRP"
        or obj.lemma_.lower() in _PERSON_NOUNS
    ):
        wanted = "person"
    else:
        wanted = "thing"
    for term in trig.terms:
        if term.object == wanted or (term.object is None and wanted != "place"):
            return _check(doc, TriggerMatch(trig.start, trig.end, (term,)), tok)
    if wanted == "person" and tok.lemma_.lower() in ("capture", "seize"):
        arrest = next((t for t in trig.terms if t.cls == "arrest"), None)
        if arrest is not None:
            return TriggerMatch(trig.start, trig.end, (arrest,))
    return None


def _check(doc: Doc, trig: TriggerMatch, tok: Token) -> TriggerMatch | None:
    """Per-word sanity checks the lexicon format cannot express."""
    lemma = tok.lemma_.lower()
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if trig.cls in ("wound", "kill") and _determiner(tok) == "the" and tok.tag_ in ("JJ", "VBN"):
        return None  # "the wounded were taken to hospital": the victims, not an event
    if lemma in _NEEDS_TARGET and not any(
        c.dep_ == "prep" and c.lower_ in _NEEDS_TARGET[lemma] for c in tok.children
    ):
        return None  # a "push" or a "victory" is military only against someone somewhere
    if lemma == "take" and any(c.lower_ == "part" for c in tok.children):
        return None  # "took part in the protest"
    if (
        lemma in ("hit", "top", "reach")
        and subj is not None
        and subj.lemma_.lower() in ("toll", "number")
    ):
        return None
    if trig.cls == "kill" and lemma in ("die", "dead") and tok.pos_ != "NOUN":
        cause = roles.prep_object(tok, {"of", "from"})
        if cause is not None and cause.lemma_.lower() not in _VIOLENT_CAUSES:
            return None  # "died of the disease": not conflict
    if trig.cls == "operation":
        if not (tok.head.lemma_.lower() in _CONDUCT or _determiner(tok) in ("this", "the", "that")):
            return None
        if tok.tag_ == "NNS" and not any(c.like_num for c in tok.children):
            return None
    if trig.cls == "protest" and tok.pos_ == "VERB" and lemma == "rally":
        crowd = {t.lemma_.lower() for t in subj.subtree} if subj is not None else set()
        if not crowd & _CROWDS:
            return None  # "the leader rallied fighters": no protest
    if trig.cls == "consult":
        subj_words = {t.lemma_.lower() for t in subj.subtree} if subj is not None else set()
        if not subj_words & _VISITORS:
            return None
    return trig


# People who get captured, besides fighters and civilians named in the lexicon.
_PERSON_NOUNS = {"suspect", "brother", "son", "father", "husband", "wife", "man", "woman", "member",
                 "leader", "militant", "fighter", "soldier", "official", "commander", "person",
                 "people", "gunman", "bomber", "attacker", "driver", "journalist", "emir"}  # fmt: skip
_ARMED_ACTORS = {"rebel_group", "political_militia", "identity_militia", "external_forces"}
_CIVIL_STATE = {"Government", "Ministry of Interior", "Ministry of Defence"}
_WEAPONS = {"gun", "rifle", "weapon", "bomb", "explosive", "missile", "rocket", "mortar", "drone",
            "grenade", "bullet", "gunfire", "artillery", "tank", "airstrike"}  # fmt: skip
_LOOSE_TERRITORY = {"enter", "gain", "take", "advance", "push", "victory", "secure", "clear", "free",
                    "surround", "close", "make", "lose", "foothold", "siege", "besiege"}  # fmt: skip
_VERBAL = {"dishonest", "personal", "negative", "political", "partisan", "verbal", "scathing",
           "blistering", "sharp", "bitter", "vicious", "rhetorical", "sustained"}  # fmt: skip
_CAMPAIGN = {"decision", "handling", "statement", "view", "claim", "campaign", "election", "electoral", "candidate", "nominee", "rival", "opponent",
             "policy", "plan", "remark", "comment", "record", "debate", "race", "primary", "poll",
             "voter", "republican", "democrat", "media", "press", "party", "senator", "congress"}  # fmt: skip
_NEEDS_TARGET = {
    "push": {"on", "into", "toward", "towards", "against"},
    "victory": {"over", "against"},
}
_PAST_KIND = {"similar", "previous", "past", "earlier", "such", "former", "prior", "recent"}
_HAPPEN = {"erupt", "break", "kill", "hit", "rock", "leave", "wound", "injure", "target", "continue",
           "rage", "resume", "occur", "strike", "shake", "claim", "destroy", "damage",
           "intensify", "escalate", "spread", "flare", "take"}  # fmt: skip
_CROWDS = {"protester", "demonstrator", "supporter", "thousand", "hundred", "dozen", "resident",
           "student", "worker", "people", "crowd", "activist", "villager", "teacher", "woman"}  # fmt: skip
_VIOLENT_CAUSES = {"wound", "injury", "gunshot", "shot", "bullet", "blast", "explosion", "attack",
                   "torture", "beating", "stabbing", "shelling", "bombing", "strike", "fire", "burn"}  # fmt: skip


def _determiner(tok: Token) -> str | None:
    return next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), None)


def _modifier(doc: Doc, trig: TriggerMatch) -> bool:
    """'bombing suspects', 'mortar rounds', 'grenade attack': a trigger word modifying a noun."""
    tok = trig.head(doc)
    return (
        tok.dep_ in ("compound", "amod")
        and tok.head.pos_ in ("NOUN", "PROPN")
        and tok.head.i >= trig.end
    )


def _eventive(doc: Doc, trig: TriggerMatch, sent: Span) -> bool:
    """Is the trigger about an occurrence, not a generic notion ("the fight against ISIS")?"""
    tok = trig.head(doc)
    if _headline(sent):
        return True
    if tok.pos_ in ("VERB", "AUX"):
        gerund = tok
        while gerund.tag_ == "VBG" and gerund.dep_ == "conj" and gerund.head.tag_ == "VBG":
            gerund = gerund.head
        if (
            gerund.tag_ == "VBG"
            and gerund.dep_ in ("pcomp", "pobj", "csubj")
            and gerund.head.lower_ in ("for", "of", "in", "against", "at", "from")
        ):
            return False
        if tok.tag_ != "VB":
            return True
        # A bare infinitive ("to thwart ISIS plans") is a purpose, not an occurrence,
        # unless an auxiliary makes it finite ("did not kill", "will attack").
        return any(c.dep_ == "aux" and c.tag_ != "TO" for c in tok.children) or (
            tok.dep_ == "conj" and tok.head.tag_ in ("VBD", "VBZ", "VBN")
        )
    if any(c.dep_ == "amod" and c.lower_ in _PAST_KIND for c in tok.children):
        return False  # "similar bombings", "previous attacks": a kind of event, not this one
    if tok.dep_ == "pobj" and tok.head.lower_ in ("since", "before", "until", "despite"):
        return False  # "since the liberation": a point of reference in time
    if tok.head.lower_ in _GENERIC_PREPS and tok.head.head.lemma_.lower() in (
        "war",
        "fight",
        "campaign",
        "struggle",
    ):
        return False
    if tok.dep_ in ("pobj", "dobj") and any(
        c.dep_ == "prep" and c.lower_ == "against" for c in tok.children
    ):
        return False  # "in the fight against ISIS": the notion, not an incident
    has_det = _determiner(tok) is not None or any(
        c.dep_ in ("nummod", "compound", "amod") for c in tok.children
    )
    if has_det:
        return True
    if tok.tag_ == "NNS":
        # A bare plural is a kind of thing ("attacks on security forces have fallen")
        # unless something happens to it: "clashes erupted", "bombings killed 12".
        head = tok.head.lemma_.lower()
        return (tok.dep_ in ("nsubj", "nsubjpass") and head in _HAPPEN) or (
            tok.dep_ == "dobj" and head in _CONDUCT  # "militants launched attacks"
        )
    return tok.dep_ in ("nsubj", "nsubjpass", "dobj")


def _headline(sent: Span) -> bool:
    text = sent.text.strip()
    return len(sent) <= 30 and not text.endswith((".", "?", "!", ":", '"', "”"))


def _sentence_date(
    sent: Span, dates: Sequence[DateMention], trigs: Sequence[TriggerMatch]
) -> DateMention | None:
    inside = [
        d for d in dates if d.start is not None and sent.start_char <= d.start < sent.end_char
    ]
    # A date in another clause dates something else: "kills 15 as January toll tops 800".
    main = _main_trigger(sent.doc, trigs)
    inside = [d for d in inside if _under(main, _clause_verb(_token_at(sent.doc, d.start)))]
    if not inside:
        return None
    anchor = sent.doc[trigs[0].start].idx
    return min(
        inside,
        key=lambda d: (d.start_date is None, _reporting_date(sent.doc, d), abs(d.start - anchor)),
    )


def _reporting_date(doc: Doc, date: DateMention) -> bool:
    return _clause_verb(_token_at(doc, date.start)).lemma_.lower() in REPORTING_VERBS


def _main_trigger(doc: Doc, trigs: Sequence[TriggerMatch]) -> Token:
    def rank(t: TriggerMatch) -> tuple[int, int]:
        tok = t.head(doc)
        finite = 0 if tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBZ", "VBP", "VBN") else 1
        return (finite, _PRIORITY.index(t.cls))

    return min(trigs, key=rank).head(doc)


def _counted(trig: TriggerMatch, doc: Doc, counts: Sequence[Count]) -> bool:
    span = doc[trig.start : trig.end]
    return any(abs(c.start - span.start_char) < 40 for c in counts)


def _antecedent(draft: _Draft, drafts: list[_Draft]) -> _Draft | None:
    """The earlier event a sentence refers back to ("this operation", "the blast").

    A demonstrative ("this operation", "these clashes") points at the latest
    event nearby; a definite description of violence ("the attack", "the
    bombing") at the latest violent event of the article with no other date.
    """
    if not drafts or draft.modality not in ("reported", "claimed"):
        return None
    sent = draft.sents[0]
    coded = [d for d in drafts if d.modality in ("reported", "claimed")]
    if not coded:
        return None
    own = {t.cls for t in draft.triggers}
    last = coded[-1]
    if (
        own <= {"kill", "wound"}
        and draft.date is None
        and not draft.places
        and last.classes & _VIOLENT
        and sent.start - last.sents[-1].end <= 40
        and "\n" not in sent.doc.text[last.sents[-1].end_char : sent.start_char]
    ):
        return last  # "Two soldiers were wounded.": the casualties of the incident just told
    for trig in draft.triggers:
        tok = trig.head(sent.doc)
        det = _determiner(tok)
        if tok.pos_ != "NOUN" or det not in _ANAPHOR_DETS:
            continue
        for prev in reversed(coded):
            if _dates_differ(draft, prev):
                continue
            near = sent.start - prev.sents[-1].end <= 60  # about two sentences
            if det != "the" and near:
                return prev
            if det == "the" and _compatible(own, prev.classes) and (near or _VIOLENT & own):
                return prev
    return None


_VIOLENT = {"kill", "wound", "clash", "attack", "explosion"}
_UNVIOLENT = {"destroy", "arrest", "operation", "consult"}


def _compatible(new: set[str], old: set[str]) -> bool:
    return bool(new & old) or bool(new & _VIOLENT and old & _VIOLENT) or "operation" in new


def _fuse_restatements(drafts: list[_Draft]) -> list[_Draft]:
    """One incident told in the headline, the lead and a quote is one event."""
    kept: list[_Draft] = []
    for draft in drafts:
        target = next((k for k in reversed(kept) if _same_incident(k, draft)), None)
        if target is not None:
            _merge(target, draft)
        else:
            kept.append(draft)
    return kept


# Words that announce a further incident rather than a retelling.
_NEW_INCIDENT = {"another", "second", "third", "separate", "separately", "also", "meanwhile",
                 "elsewhere", "earlier", "later", "similar", "more"}  # fmt: skip
_VIOLENT_FAMILY = _VIOLENT | {"territory", "operation", "destroy", "abduct"}


def _same_incident(a: _Draft, b: _Draft) -> bool:
    """Does ``b`` retell ``a``: same kind, same day, and a shared toll, target or place?"""
    coded = ("reported", "claimed")
    if a.modality not in coded or b.modality not in coded:
        return False
    if bool(a.classes & _VIOLENT_FAMILY) != bool(b.classes & _VIOLENT_FAMILY):
        return False
    if not a.classes & _VIOLENT_FAMILY and not a.classes & b.classes:
        return False
    if _explosive(a) != _explosive(b) and (_fighting(a) or _fighting(b)):
        return False  # a roadside bomb during an operation is an incident of its own
    if _dates_differ(a, b, tolerance=1):
        return False
    if any(t.lower_ in _NEW_INCIDENT for s in b.sents for t in s):
        return False
    words_a, words_b = _place_words(a), _place_words(b)
    places_agree = not words_a or not words_b or bool(words_a & words_b)
    same_target = a.actor2 is not None and b.actor2 is not None and a.actor2.name == b.actor2.name
    toll_a, toll_b = _toll(a), _toll(b)
    if toll_a is not None and toll_b is not None:
        return toll_a == toll_b and (places_agree or same_target)
    # The next sentence going on about the same kind of act ("The car had been
    # parked near the stalls and was detonated as shoppers gathered").
    next_door = b.sents[0].start - a.sents[-1].end <= 1 and bool(
        (a.classes & b.classes) - {"kill", "wound"}
    )
    return places_agree and (same_target or bool(words_a & words_b) or next_door)


def _dates_differ(a: _Draft, b: _Draft, tolerance: int = 0) -> bool:
    """Two own dates (not announcement dates) more than ``tolerance`` days apart."""
    if a.report_dated or b.report_dated or a.date is None or b.date is None:
        return False
    sa, sb = a.date.start_date, b.date.start_date
    return sa is not None and sb is not None and abs((sa - sb).days) > tolerance


def _explosive(d: _Draft) -> bool:
    return "explosion" in d.classes


def _fighting(d: _Draft) -> bool:
    return bool(d.classes & {"clash", "operation", "territory"})


def _place_words(d: _Draft) -> set[str]:
    """Words of the place names, so 'Kirkuk' meets 'the Kirkuk-Salahuddin valley'."""
    return {w for p in d.places for w in re.findall(r"[a-z]{4,}", p.name.lower())} - {
        "province",
        "valley",
    }


def _toll(d: _Draft) -> int | None:
    values = [c.value for c in d.counts if c.kind == "fatalities" and c.value is not None]
    return sum(values) if values else None


def _merge(target: _Draft, draft: _Draft) -> None:
    """Add a later mention of the same incident; restated counts are not added twice."""
    target.sents.extend(s for s in draft.sents if s not in target.sents)
    target.triggers.extend(draft.triggers)
    known = {
        (c.kind, c.object if c.kind in ("destroyed", "seized") else None) for c in target.counts
    }
    target.counts.extend(
        c
        for c in draft.counts
        if (c.kind, c.object if c.kind in ("destroyed", "seized") else None) not in known
    )
    target.victims |= draft.victims
    target.objects |= draft.objects
    target.places.extend(p for p in draft.places if p not in target.places)
    target.actor1 = target.actor1 or draft.actor1
    target.actor2 = target.actor2 or draft.actor2
    target.assoc.extend(a for a in draft.assoc if a not in target.assoc)
    if target.date is None or (target.report_dated and draft.date and not draft.report_dated):
        target.date, target.report_dated = draft.date, draft.report_dated
    target.attribution = target.attribution or draft.attribution


def _finish(d: _Draft, doc: Doc, ctx: Context) -> Event | None:
    etype = typing.classify(
        d.classes,
        [t.lemma_.lower() for s in d.sents for t in s],
        d.victims,
        d.actor1.type if d.actor1 else None,
        d.actor2.type if d.actor2 else None,
        ctx.lexicon,
        trigger_lemmas=[t.term.words[-1] for t in d.triggers],
        cues=d.cues,
        objects=d.objects,
    )
    if etype is None:
        return None
    date = (
        d.date
        if d.date is not None and d.date.start_date is not None
        else _default_date(ctx.published)
    )
    fatalities = counts_mod.total_fatalities(d.counts, doc.text)
    others = tuple(c for c in d.counts if c.kind != "fatalities")
    main = doc[d.main.i : d.main.i + 1]
    evidence = tuple(Evidence(s.start_char, s.end_char, s.text) for s in d.sents)
    evidence += tuple(
        Evidence(
            doc[t.start].idx, doc[t.end - 1].idx + len(doc[t.end - 1]), doc[t.start : t.end].text
        )
        for t in d.triggers
    )
    location = _location(d.places)
    key = f"{ctx.article_id}:{d.sents[0].start_char}:{d.main.idx}:{etype.sub_event_type}"
    event = Event(
        event_id="ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        event_type=etype.event_type,
        sub_event_type=etype.sub_event_type,
        plover_type=etype.plover_type,
        date=date,
        actor1=d.actor1,
        actor2=d.actor2,
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
    )
    return replace(event, summary=summarise(event))


def _anchored(d: _Draft) -> bool:
    """A non-violent event needs something concrete: a number, a date, a place, an actor
    or a named person it happened to ("Yamamoto was arrested")."""
    named = any(
        c.dep_ in ("nsubjpass", "dobj") and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN")
        for c in d.main.children
    )
    return bool(
        any(c.value is not None for c in d.counts) or d.date or d.places or d.actor1 or named
    )


def _default_date(published: dt.date | None) -> DateMention:
    """No date in the text: news reports events of the day of publication or the day before."""
    if published is None:
        return DateMention(None, None, None, None, None, None)
    return DateMention(published - dt.timedelta(days=1), published, 2, None, None, None)


def _location(places: Sequence[PlaceMention]) -> PlaceMention | None:
    return places[0] if places else None


def _confidence(d: _Draft, fatalities: Count | None, location: PlaceMention | None) -> float:
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
