"""One incident, many sentences: references back ("this operation", "the
blast") and retellings (headline, lead, quote) join the event they tell.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from rasid.extract.counts import vague
from rasid.extract.draft import CROWD, VIOLENT, Draft
from rasid.extract.places_apart import share_a_town, towns_apart
from rasid.extract.quantities import VAGUE_RANGE
from rasid.extract.responsibility import UNNAMED
from rasid.extract.roles import names_actor
from rasid.extract.syntax import determiner, headline
from rasid.records import Actor, Count

_ANAPHOR_DETS = {"this", "that", "these", "those", "the"}


# Words that announce a further incident rather than a retelling.
_NEW_INCIDENT = {"another", "second", "third", "separate", "separately", "also", "meanwhile",
                 "elsewhere", "earlier", "later", "similar", "more"}  # fmt: skip


# Words in the retelling's own sentence that announce another incident.
ANOTHER = re.compile(
    # "another nine soldiers were injured" adds casualties, it tells no other incident
    # "killed one person and wounded another, a passer-by": another person
    r"(?i)\b(?:another(?!\s*[,.;:)])(?!\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|\w+teen|twenty|thirty|forty|fifty|dozen|hundred|few|several))"
    # "Another police official ... said 11 police were killed": another source
    r"(?!\s+(?:\w+\s+)?(?:officials?|sources?|witness(?:es)?|residents?|spokes(?:man|woman|person)"
    r"|officers?|policeman|doctors?|medics?|survivors?|relatives?|villagers?|journalists?"
    # "Two men on another motorcycle opened fire": another thing or person of the same act
    r"|motorcycles?|motorbikes?|cars?|vehicles?|trucks?|bus|man|woman|person|child|boy|girl"
    r"|members?|passengers?|victims?|bod(?:y|ies)|soldiers?|gunm[ae]n|attackers?)\b)"
    # "A soldier was killed and another seriously wounded": another of its victims
    r"(?!\s+(?:\w+ly\s+)?(?:was\s+|were\s+)?(?:wounded|injured|hurt|killed|died|dead)\b)"
    r"|separately|in a separate|elsewhere|meanwhile|in yet another"
    r"|earlier (?:this|last) (?:week|month|year)|last (?:week|month|year)"
    r"|(?:a|two|three|several) (?:days|weeks|months) (?:ago|earlier|before)"
    r"|(?:hours|days|a day|weeks) later|the (?:next|following) day|in the nearby"
    # "Later on Thursday, Israeli artillery shelled ...": another act that day
    r"|\blater on (?:\w+day|the same day)\b"
    # "In neighbouring Ngala LGA", not "in the neighbouring restaurant"
    r"|in neighbou?ring(?= (?-i:[A-Z]))"
    r"|in (?:a|an) (?:similar|unrelated|earlier) (?:incident|attack)"
    # "two more engagements took place in Khyber and Bannu districts"
    r"|(?:\d+|two|three|four|five|several) more (?:\w+ )?(?:engagements?|attacks?|clashes"
    r"|strikes?|operations?|incidents?|raids?|ambush(?:es)?|bombings?|IBOs?))\b"
)

# "The rebels moved on to the villages of Matekelambi and Mabuo, where the death toll
# stands at four": the next place, and its own toll, not an update of the last one's
MOVED_ON = re.compile(r"(?i)\b(?:(?:moved|went|pressed|continued) on to|then moved (?:on )?to)\b")


def happened_before(b: Draft, a: Draft) -> bool:
    """Was ``b`` told for a day before the day of ``a``?  Bodies found on a day before an
    incident happened are not its dead."""
    return bool(
        a.date is not None
        and b.date is not None
        and a.date.start_date is not None
        and b.date.start_date is not None
        and b.date.start_date < a.date.start_date
    )


def tells_another(text: str) -> bool:
    """Does a sentence announce an incident other than those told ("the next day", "the
    rebels moved on to ...")?  "The death toll from last month's bombing rose to 92"
    names another day, and is still the toll of the one told."""
    if MOVED_ON.search(text):
        return True
    return bool(ANOTHER.search(text)) and not _TOLL_UPDATE.search(text)


# "during the operation", "after the clashes": an earlier event as the time or
# setting of a new one, not a retelling of it.
_BACKDROP_PREPS = {"during", "after", "before", "amid", "following", "since", "throughout"}

VIOLENT_FAMILY = VIOLENT | {"territory", "operation", "destroy", "abduct"}


def antecedent(draft: Draft, drafts: list[Draft]) -> Draft | None:
    """The earlier event a sentence refers back to ("this operation", "the blast").

    A demonstrative ("this operation", "these clashes") points at the latest
    event nearby; a definite description of violence ("the attack", "the
    bombing") at the latest violent event of the article with no other date;
    "the raid" at a nearby event told with "a raid".  A referring word of
    another class than its antecedent is removed from ``draft``: it names the
    old event, it does not add a new kind of act to it.
    """
    if not drafts or draft.modality not in ("reported", "claimed") or draft.sub_event_type:
        return None  # a listed strike stands alone at its place
    sent = draft.sents[0]
    coded = [d for d in drafts if d.modality in ("reported", "claimed")]
    if not coded or tells_another(draft.opening()):
        return None  # "two more engagements ... resulting in the killing of three"
    own = {t.cls for t in draft.triggers}
    last = coded[-1]
    if (
        own <= {"kill", "wound"}
        and draft.date is None
        and not draft.places
        and last.classes & VIOLENT
        and sent.start - last.sents[-1].end <= 40
        and not any("\n" in t.text_with_ws for t in sent.doc[last.sents[-1].end - 1 : sent.start])
    ):
        return last  # "Two soldiers were wounded.": the casualties of the incident just told
    for trig in draft.triggers:
        if trig.term.weak and trig.cls not in CROWD:
            # "killed the three gunmen": the people told before, not their attack;
            # "the protesters burned tyres" still goes on with their protest
            continue
        tok = trig.head(sent.doc)
        det = determiner(tok)
        if tok.pos_ != "NOUN" or det not in _ANAPHOR_DETS:
            continue
        if (
            det == "the"
            and not _casualties_of(tok, draft, sent.doc)
            and any(
                not o.term.weak
                and o.start < trig.start
                and o.head(sent.doc).pos_ == "VERB"
                and _compatible({o.cls}, {trig.cls})
                for o in draft.triggers
            )
        ):
            continue  # "attacked Mangazi ... as the army repelled the assault": this one
        if tok.dep_ == "attr" and _this_is(tok.head):
            return coded[-1]  # "This is the third strike in our district this month."
        if any(c.lower_ in _NEW_INCIDENT or c.ent_type_ == "ORDINAL" for c in tok.children):
            continue  # "the third strike in our district": another incident, not this one
        if _backdrop(tok) and not all(_backdrop(t.head(sent.doc)) for t in draft.triggers):
            continue  # "a bomb exploded during the sweep": the sweep is the backdrop
        claimed = _claimed(tok)
        # "the killings of civilians in Dikwa": the incident told in Dikwa, not the
        # latest one, in Monguno; "the strike took place opposite Albu Kamal" with no
        # incident there goes on with the latest
        order = list(reversed(coded))
        there = [p for p in order if share_a_town(p.places, draft.places)]
        for prev in there + [p for p in order if p not in there]:
            if dates_differ(draft, prev):
                continue
            if claimed and prev.actor1 is not None and prev.actor1.type == "state_forces":
                continue  # "X claimed the attack": not the troops' answer to it
            near = sent.start - prev.sents[-1].end <= 60  # about two sentences
            if det != "the" and near:
                return prev
            if det == "the" and _compatible(own, prev.classes) and (near or VIOLENT & own):
                return prev
            if det == "the" and own & CROWD and prev.classes & CROWD:
                return prev  # "saboteurs had infiltrated the protest": the one told
            if det == "the" and near and _names_noun(prev, tok.lemma_):
                # "arrested four in a raid ... seized two rifles in the raid": the
                # raid is the arrest operation named again, not a new attack.
                draft.triggers.remove(trig)
                return prev
    return None


def _casualties_of(tok: Token, draft: Draft, doc: Doc) -> bool:
    """ "seven soldiers were killed in the attack": the dead of the attack named."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("in", "during", "by"):
        return False
    verb = tok.head.head
    return any(t.cls in ("kill", "wound") and t.head(doc).i == verb.i for t in draft.triggers)


def rivals(a: Draft, b: Draft) -> bool:
    """Another named side acting against other foes: "Hezbollah said it fired rockets
    ... in response", "the army said its warplanes struck RSF positions" after the
    RSF shelled a market.  The same two sides told either way round are not rivals."""
    if a.actor1 is None or b.actor1 is None or a.actor1.name == b.actor1.name:
        return False
    if {a.actor1.name, b.actor1.name} & _UNNAMED or a.actor1.type is None or b.actor1.type is None:
        return False  # a side the dictionary does not know ("the group", "Typhoons") may be any
    if {a.actor1.type, b.actor1.type} == {"state_forces", "external_forces"}:
        # "the Kenyan-led MSS mission" and "the police": a mission fights beside the state
        return False
    if _one_state(a.actor1, b.actor1) and toll(a) is not None and toll(a) == toll(b):
        return False  # the army and the counter-terrorism service credited with one toll
    # "the army said it repelled the attack and killed 40 militants" after "Al Shabaab
    # attacked an army base": militants unnamed may be the side just named
    sides_a = {x.name for x in (a.actor1, a.actor2) if x is not None and x.name not in _UNNAMED}
    sides_b = {x.name for x in (b.actor1, b.actor2) if x is not None and x.name not in _UNNAMED}
    return not (sides_a <= sides_b or sides_b <= sides_a)


def _one_state(a: Actor, b: Actor) -> bool:
    return a.type == b.type == "state_forces" and a.country is not None and a.country == b.country


def _also_hurt(d: Draft) -> list[Span]:
    """'were also killed', 'also wounded': the sentences that add casualties to those
    told rather than retell them."""
    heads = {t.head(d.sents[0].doc).i for t in d.triggers if t.cls in ("kill", "wound")}
    return [s for s in d.sents if any(t.lower_ == "also" and t.head.i in heads for t in s)]


def _acts(d: Draft) -> set[str]:
    """The classes of what was done, without those only the people named imply
    ("killed the three gunmen" is no attack of its own)."""
    return {t.cls for t in d.triggers if not t.term.weak}


def _claimed(tok) -> bool:
    """'claimed responsibility for the attack', 'claimed the bombing'."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() == "responsibility":
        head = head.head.head
    elif tok.dep_ != "dobj":
        return False
    return head.lemma_.lower() == "claim"


def _new_incident(tok) -> bool:
    """'another', 'separately', 'killed five more': another incident is told;
    'more than six hours' is only a number's qualifier."""
    if tok.lower_ == "more" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "than":
        return False
    if tok.lower_ == "another" and tok.i + 1 < len(tok.doc) and tok.nbor(1).like_num:
        return False  # "another nine soldiers were injured": more casualties of it
    if tok.lower_ in _COUNTED and tok.head.lemma_.lower() in _PEOPLE:
        return False  # "A third police officer has died": the incident's third victim
    return tok.lower_ in _NEW_INCIDENT


# Ordinals count incidents ("a second attack") or the victims of one ("a third officer").
_COUNTED = {"second", "third", "fourth"}
_PEOPLE = {"officer", "policeman", "soldier", "person", "man", "woman", "child", "victim",
           "civilian", "member", "fighter", "militant", "guard", "worker", "resident",
           "villager", "student", "protester", "body", "casualty", "passenger", "policewoman"}  # fmt: skip


def _this_is(verb) -> bool:
    """A copula whose subject points back: 'This is ...', 'It was ...'."""
    return verb.lemma_ == "be" and any(
        c.dep_ == "nsubj" and c.lower_ in ("this", "it", "that") for c in verb.children
    )


def _backdrop(tok) -> bool:
    return tok.dep_ == "pobj" and tok.head.lower_ in _BACKDROP_PREPS


def _names_noun(draft: Draft, lemma: str) -> bool:
    """The draft's sentences use this noun: "the raid" refers back to "a raid"."""
    return any(t.pos_ == "NOUN" and t.lemma_ == lemma for s in draft.sents for t in s)


def _compatible(new: set[str], old: set[str]) -> bool:
    return bool(new & old) or bool(new & VIOLENT and old & VIOLENT) or "operation" in new


def fuse_restatements(drafts: list[Draft]) -> list[Draft]:
    """One incident told in the headline, the lead and a quote is one event."""
    kept: list[Draft] = []
    for draft in drafts:
        target = next((k for k in reversed(kept) if _same_incident(k, draft)), None)
        if target is not None:
            merge(target, draft)
        else:
            kept.append(draft)
    return kept


def _same_incident(a: Draft, b: Draft) -> bool:
    """Does ``b`` retell ``a``: same kind, same day, and a shared toll, target or place?"""
    coded = ("reported", "claimed")
    if a.modality not in coded or b.modality not in coded:
        return False
    if a.sub_event_type or b.sub_event_type:
        return False  # listed strikes are told once each, at their places
    if _protest_casualties(a, b):
        return True
    if _split_clauses(a, b):
        return False
    if bool(a.classes & VIOLENT_FAMILY) != bool(b.classes & VIOLENT_FAMILY):
        return False
    if not a.classes & VIOLENT_FAMILY and not a.classes & b.classes:
        return False
    words_a, words_b = _place_words(a), _place_words(b)
    places_agree = (
        not words_a or not words_b or bool(words_a & words_b) or bool(_admin1s(a) & _admin1s(b))
    ) and not towns_apart(a.places, b.places)  # two towns of one province are two places
    near = b.sents[0].start - a.sents[-1].end <= 60  # tokens: about two sentences
    if near and a.classes & VIOLENT and bodies_only(b):
        # "Rescuers pulled two bodies from the rubble": the dead of the attack just told
        return not dates_differ(a, b, tolerance=1) and places_agree and not happened_before(b, a)
    shared_target = bool((a.objects & b.objects) - _GENERIC_TARGETS)
    if bomb_beside_fighting(a, b, places_agree):
        return False
    if dates_differ(a, b, tolerance=day_tolerance(a, b)):
        return False
    if any(_new_incident(t) for t in b.sents[0]):
        return False  # only the retelling's own first sentence speaks of another incident
    if tells_another(b.opening()):
        # "The next day, a roadside bomb killed four"; but "the death toll from last
        # month's bombing rose to 92" is the toll of the one told
        return False
    if rivals(a, b):
        return False
    same_target = a.actor2 is not None and b.actor2 is not None and a.actor2.name == b.actor2.name
    toll_a, toll_b = toll(a), toll(b)
    if toll_a is not None and toll_b is not None:
        return _tolls_agree(a, b) and (places_agree or same_target)
    # The next sentence going on about the same kind of act ("The car had been
    # parked near the stalls and was detonated as shoppers gathered").
    next_door = b.sents[0].start - a.sents[-1].end <= 1 and bool(
        (_acts(a) & _acts(b)) - {"kill", "wound"}
    )
    # The same big actor hit again ("ISIS") says little when the retelling has
    # neither a place nor a date of its own and comes paragraphs later.
    if same_target and not words_b and b.date is None and not near:
        same_target = False
    # "CTS units killed 6 ... CTS units destroyed four tunnels": the same force at
    # work in the next sentences, on the same day and in no other place.
    same_actor = a.actor1 is not None and b.actor1 is not None and a.actor1.name == b.actor1.name
    # "A drone strike hit a car ..." then "the car was struck on the road ...".
    return places_agree and (
        same_target or bool(words_a & words_b) or next_door or shared_target or same_actor and near
    )


def bomb_beside_fighting(a: Draft, b: Draft, places_agree: bool = True) -> bool:
    """A roadside bomb during an operation is an incident of its own, unless the two
    share a target or a toll ("Suicide bombers storm Mogadishu hotel, at least 9
    dead" / "militants stormed a hotel ..., killing at least nine")."""
    if _explosive(a) == _explosive(b) or not (_fighting(a) or _fighting(b)):
        return False
    shared_target = bool((a.objects & b.objects) - _GENERIC_TARGETS)
    same_toll = toll(a) is not None and toll(a) == toll(b) and toll(a) >= 2 and places_agree
    return not (shared_target or same_toll)


def _split_clauses(a: Draft, b: Draft) -> bool:
    """Two clauses of one sentence, each naming a place of its own ("Iraqi forces
    push into Tikrit, bombers hit Ramadi"): two incidents, as the sentence split them."""
    if len(a.sents) != 1 or len(b.sents) != 1 or a.sents[0].start != b.sents[0].start:
        return False
    names_a, names_b = {p.name for p in a.places}, {p.name for p in b.places}
    return bool(names_a) and bool(names_b) and not names_a & names_b


def bodies_only(d: Draft) -> bool:
    """Bodies found or pulled out, or a toll put on them, by no one named: the
    aftermath of an attack, not an incident of its own."""
    strong = [t for t in d.triggers if not t.term.weak]
    words = {t.term.words[-1] for t in strong}
    aftermath = words <= {"body", "corpse", "toll"}
    return bool(words & {"body", "corpse"}) and aftermath and d.actor1 is None


def _protest_casualties(a: Draft, b: Draft) -> bool:
    """'Police fired tear gas to disperse the protesters ...' then, a paragraph
    on, 'At least 7 protesters and three police officers were injured' or
    'security forces opened fire on the crowd, killing one': the force and
    toll of the protest just told, on its day and in no other place."""
    return (
        bool((a.classes | a.cues) & CROWD)
        and b.classes <= {"kill", "wound", "attack", "protest"}
        and bool((b.classes | b.cues) & CROWD)
        and b.sents[0].start - a.sents[-1].end <= 60  # tokens: about two sentences
        # two days each told exactly ("on Friday", "On Saturday, traders held a sit-in")
        # are two protests
        and not dates_differ(a, b, tolerance=day_tolerance(a, b))
        and (not b.places or bool(_place_words(a) & _place_words(b)))
    )


# Sides the report does not name: another mention of them may be the same side.
_UNNAMED = UNNAMED | {"Military forces", "Security forces", "Police forces"}
# Nouns too common to show that two sentences tell of the same target.
_GENERIC_TARGETS = {"people", "person", "member", "members", "civilian", "man", "men", "woman",
                    "other", "others", "one", "two", "three", "soldier", "fighter", "militant"}  # fmt: skip


def dates_differ(a: Draft, b: Draft, tolerance: int = 0) -> bool:
    """Two own dates (not announcement dates) more than ``tolerance`` days apart."""
    if a.report_dated or b.report_dated or a.date is None or b.date is None:
        return False
    sa, sb = a.date.start_date, b.date.start_date
    if sa is None or sb is None:
        return False
    ea, eb = a.date.end_date or sa, b.date.end_date or sb
    slack = dt.timedelta(days=tolerance)
    # A span that holds the other's day ("this month" and "on Monday") agrees.
    overlap = sa - slack <= sb <= ea + slack or sb - slack <= sa <= eb + slack
    return not overlap


def day_tolerance(a: Draft, b: Draft) -> int:
    """Two own days told exactly are two days (ACLED: one event per day); a day beside
    a vaguer date ("late on Monday", "at the weekend") may be the next one."""
    exact = all(d.date is not None and not d.report_dated and d.date.precision == 1 for d in (a, b))
    return 0 if exact else 1


def _explosive(d: Draft) -> bool:
    return "explosion" in d.classes


def _fighting(d: Draft) -> bool:
    return bool(d.classes & {"clash", "operation", "territory"})


def _place_words(d: Draft) -> set[str]:
    """Words of the place names, so 'Kirkuk' meets 'the Kirkuk-Salahuddin valley'."""
    return {w for p in d.places for w in re.findall(r"[a-z]{4,}", p.name.lower())} - {
        "province",
        "valley",
    }


def _admin1s(d: Draft) -> set[str]:
    """Governorates of the draft's places: 'Dibis district' meets 'Kirkuk'."""
    return {p.admin1 for p in d.places if p.admin1}


def _tolls_agree(a: Draft, b: Draft) -> bool:
    """The same toll, or a vague one the other fits ("kill dozens" and "killed 33")."""
    if toll(a) == toll(b):
        return True
    for loose, exact in ((a, b), (b, a)):
        words = [c.text.lower() for c in loose.counts if c.kind == "fatalities"]
        if len(words) == 1 and words[0] in VAGUE_RANGE:
            low, high = VAGUE_RANGE[words[0]]
            value = toll(exact)
            return value is not None and low <= value and (high is None or value <= high)
    return False


def toll(d: Draft) -> int | None:
    values = [c.value for c in d.counts if c.kind == "fatalities" and c.value is not None]
    return sum(values) if values else None


def _mentioned_by_others(draft: Draft) -> bool:
    """'The ministry condemned the strike', 'families fled after the attack': the
    event is only the object of someone's words or acts, whose subject and
    object took no part in it."""
    main = draft.main
    if main.pos_ != "NOUN" or main.dep_ not in ("dobj", "pobj"):
        return False
    governor = main.head.head if main.dep_ == "pobj" else main.head
    return governor.pos_ in ("VERB", "AUX")


_TOLL_UPDATE = re.compile(
    r"(?i)\b(?:toll|number of (?:dead|deaths|people killed))\b[^.;]*?\b(?:rose|risen|rises|climbed|"
    r"increased|jumped|reached|stands|stood)\b|\b(?:rose|risen|climbed|increased) to\b"
    # "As of now, 14 people are known to have died": the count as it stands
    r"|\bas of (?:now|this (?:morning|evening))\b|\bso far\b|\bthe latest (?:toll|count)\b"
)


def _updates_toll(draft: Draft, count) -> bool:
    """A precise death toll told in a sentence that says the toll rose."""
    if count.kind != "fatalities" or count.text.lower() in VAGUE_RANGE:
        return False
    sent = next((s for s in draft.sents if s.start_char <= count.start < s.end_char), None)
    return sent is not None and bool(_TOLL_UPDATE.search(sent.text))


def _first_toll(d: Draft) -> float:
    """Where the draft's first precise death toll stands in the text (inf: none)."""
    starts = [c.start for c in d.counts if c.kind == "fatalities" and not vague(c)]
    return min(starts, default=float("inf"))


def merge(target: Draft, draft: Draft) -> None:
    """Add a later mention of the same incident; restated counts are not added twice."""
    target.sents.extend(s for s in draft.sents if s not in target.sents)
    target.triggers.extend(draft.triggers)
    # "kill dozens" in the headline, "killed at least 33" in the lead: the number wins
    precise = {c.kind for c in draft.counts if c.text.lower() not in VAGUE_RANGE}
    # "The death toll rose to 13": the latest toll replaces the one told first
    updated = {"fatalities"} if any(_updates_toll(draft, c) for c in draft.counts) else set()
    # The toll told first in the text is the report's own (the lead's "at least 18
    # dead"), whichever retelling was joined first; a later one is a claim or a part.
    if _first_toll(draft) < _first_toll(target):
        updated.add("fatalities")
    replaced = [c for c in target.counts if c.kind in updated]
    target.counts = [
        c
        for c in target.counts
        if not (c.kind in precise and c.text.lower() in VAGUE_RANGE) and c.kind not in updated
    ]
    known = {
        (c.kind, c.object if c.kind in ("destroyed", "seized") else None) for c in target.counts
    }
    # "Two soldiers were also killed in the exchange of fire": more casualties, told
    # in that sentence only ("left 18 dead ... Our troops also killed 13" adds nothing)
    added = _also_hurt(draft)
    if added and _parts_of_toll(target, draft):
        added = []

    def more(c: Count) -> bool:
        return c.kind in ("fatalities", "wounded") and any(
            s.start_char <= c.start < s.end_char for s in added
        )

    joined = [
        c
        for c in draft.counts
        if (c.kind, c.object if c.kind in ("destroyed", "seized") else None) not in known or more(c)
    ]
    target.counts.extend(joined)
    # the tolls told again, kept beside the one the incident keeps
    target.other_tolls.extend(
        c
        for c in [*replaced, *draft.counts, *draft.other_tolls]
        if c.kind == "fatalities" and c not in joined and c not in target.other_tolls
    )
    # "gunmen ... shot" misparsed as the gunmen shot at: the attackers told, not victims
    target.victims |= {v for v in draft.victims if not names_actor(target.actor1, v)}
    target.objects |= draft.objects
    target.targets |= draft.targets
    target.places.extend(p for p in draft.places if p not in target.places)
    target.unknown.extend(p for p in draft.unknown if p not in target.unknown)
    if _crowd_misread(target, draft):
        # "police fire tear gas ... at protesters" misparsed in a headline, over "police
        # fired live rounds at protesters" in the lead: the crowd was acted on
        target.actor1, target.actor2 = draft.actor1, draft.actor2 or target.actor1
    elif not _mentioned_by_others(draft) and not _same_side(draft.actor1, target.actor2):
        # ("Army engineers cleared two more bombs" after a bomb that hit an army patrol:
        # the side hit did not strike itself)
        target.actor1 = target.actor1 or draft.actor1
        if draft.actor2 is not None and not _same_side(draft.actor2, target.actor1):
            target.actor2 = target.actor2 or draft.actor2
    target.assoc.extend(a for a in draft.assoc if a not in target.assoc)
    if target.date is None or (target.report_dated and draft.date and not draft.report_dated):
        target.date, target.report_dated = draft.date, draft.report_dated
    target.attribution = target.attribution or draft.attribution


_CROWDS = frozenset({"protesters", "rioters", "civilians"})


def _crowd_misread(target: Draft, draft: Draft) -> bool:
    """A headline's crowd as the actor, where the full sentence that retells it has
    the state acting (headlines drop the words a parser needs to find the subject)."""
    return (
        target.actor1 is not None
        and target.actor1.type in _CROWDS
        and headline(target.sents[0])
        and not headline(draft.sents[0])
        and draft.actor1 is not None
        and draft.actor1.type == "state_forces"
        and (draft.actor2 is None or draft.actor2.type in _CROWDS)
    )


def _deaths(d: Draft) -> int:
    """The deaths a mention counts in numbers (words like "dozens" count none)."""
    return sum(c.value or 0 for c in d.counts if c.kind == "fatalities" and not vague(c))


def _parts_of_toll(target: Draft, draft: Draft) -> bool:
    """ "left at least 18 dead ... 'We have lost five soldiers. Our troops have also
    killed 13 militants'": the deaths told "also" complete a part told since the toll
    (5 + 13 = 18); they are the toll's parts, not more deaths."""
    total, more = _deaths(target), _deaths(draft)
    since = _first_toll(target)
    parts = [
        c.value
        for c in target.other_tolls
        if c.kind == "fatalities" and c.value and c.start > since and not vague(c)
    ]
    return total > 0 and any(part + more == total for part in parts)


def _same_side(a: Actor | None, b: Actor | None) -> bool:
    return a is not None and b is not None and a.name == b.name
