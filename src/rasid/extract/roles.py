"""Who did what to whom: actor1 (the side that acted), actor2 (the side acted
on) and associated actors, read from the parse around the main trigger.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from spacy.tokens import Doc, Token

from rasid.extract.attribution import REPORTING_VERBS, telling
from rasid.extract.draft import CROWD, Draft
from rasid.extract.responsibility import UNNAMED
from rasid.extract.syntax import (
    accusation,
    accused,
    headline_source,
    headline_tag,
    killed_by,
    prep_object,
)
from rasid.extract.typing import ARMED_TYPES
from rasid.knowledge.actors import ActorInfo
from rasid.knowledge.countries import country_names
from rasid.records import Actor

# Verbs whose subject is the victim: "11 die", "the town fell".
_UNACCUSATIVE = {"die", "fall", "perish", "dead", "injure", "wound", "hurt"}
# Verbs that always take an object: with a subject and none, the headline left
# out "was" ("Senior IS leader killed in Iraq"), and the subject suffered it.
_TRANSITIVE = {"kill", "shoot", "execute", "behead", "assassinate", "murder", "slay",
               "kidnap", "abduct", "arrest", "detain"}  # fmt: skip
_PATIENT_PREPS = {"with", "against", "on", "targeting", "at"}
_ASSOC_PREPS = {"with", "alongside", "backed", "supported", "participation"}
# Heads of noun phrases that name a party even when the dictionary does not
# know it ("the Iraqi security delegation", "a tribal council").
_GROUP_NOUNS = {"delegation", "group", "organization", "organisation", "council", "committee",
                "movement", "brigade", "battalion", "division", "unit", "cell", "faction",
                "militia", "force", "forces", "government", "ministry", "party", "coalition",
                "tribe", "clan", "network", "front", "army", "administration", "authority"}  # fmt: skip
_PRONOUNS = {"it", "they", "he", "she", "we", "them", "its", "their"}


class Lookup(Protocol):
    """The actor dictionary's lookup, for the article's country unless one is given."""

    def __call__(self, text: str, *, country: str | None = ...) -> ActorInfo | None: ...


def assign(
    draft: Draft,
    doc: Doc,
    actors: Sequence[Actor],
    lookup: Lookup | None = None,
) -> None:
    """Fill the draft's actor1, actor2, assoc, victims and objects.

    ``lookup`` turns a noun phrase the actor matcher missed ("security and
    military forces") into an actor, so the side that acted is not lost.
    """
    main = draft.main
    # "Bomb kills seven: police and medical sources", "Police: 36 killed": who told it
    tags = [t for t in (headline_tag(draft.sents[0]), headline_source(draft.sents[0])) if t]
    actors = [a for a in actors if not any(t.start_char <= a.start < t.end_char for t in tags)]
    agent, patient = _agent_patient(main)
    if agent is not None and agent.lower_ in _RELATIVES and main.dep_ == "relcl":
        # "carried out an air strike ... that killed two fighters": whoever struck
        agent = _agent_patient(main.head)[0] or main.head
    if agent is None:
        # "Forces responded by attacking positions, and clashes continued":
        # the noun names the fight, another of its verbs the side that acted
        verbs = [t.head(doc) for t in draft.triggers if not t.term.weak]
        others = (_agent_patient(v) for v in verbs if v.i != main.i and v.pos_ == "VERB")
        found = next((pair for pair in others if pair[0] is not None), None)
        if found is not None:
            agent, patient = found[0], patient or found[1]
    if agent is None:
        # "the police lost 16 officers in an ambush by bandits": whoever ambushed
        nouns = (t.head(doc) for t in draft.triggers if not t.term.weak)
        agent = next(
            (a for n in nouns if n.pos_ == "NOUN" and (a := prep_object(n, {"by"})) is not None),
            None,
        )
    if agent is None and main.pos_ == "NOUN":
        # "it fired a barrage of rockets at the base": whoever fired them
        gov = main.head.head if main.dep_ == "pobj" and main.head.lower_ == "of" else main
        if (
            gov.dep_ == "dobj"
            and gov.head.pos_ == "VERB"
            and gov.head.i != main.i
            and gov.head.lemma_.lower() not in _JUDGING_VERBS
        ):
            agent = _agent_patient(gov.head)[0]
    a1 = None
    if agent is not None and _owned_by_pronoun(agent):
        # "the ministry said its forces killed ...": the ministry's side
        a1 = _actor_in(agent, actors)
        if a1 is None or a1.type is None:
            owner = _antecedent_subject(main)
            a1 = _actor_in(owner, actors) if owner is not None else a1
    if agent is not None and agent.lower_ in _PRONOUNS:
        agent = _antecedent_subject(main) or _governing_subject(main) or agent
    a1 = a1 or _actor_in(agent, actors) or _phrase_actor(agent, lookup)
    if agent is not None and agent.head.i in (main.i, main.head.i) and not draft.classes & CROWD:
        a1 = a1 or _country_acting(agent, lookup)
    # "A Malian army drone strike (killed 12)": the side named in the noun's own
    # modifiers; a verb with an object hung on the noun is the small model's
    # misparse of the noun's own verb ("Senior IS leader killed" has no object).
    # "Israeli strike kills five": the subject is the event noun itself.
    noun = main if main.pos_ == "NOUN" else None
    if main.dep_ == "acl" and any(c.dep_ == "dobj" for c in main.children):
        noun = main.head
    if agent is not None and agent.i in {t.head(doc).i for t in draft.triggers}:
        noun = agent
    if a1 is None and noun is not None and noun.pos_ == "NOUN" and (agent is None or noun is agent):
        lo = noun.doc[noun.left_edge.i].idx
        a1 = next((a for a in actors if lo <= a.start < noun.idx and a.type in ARMED_TYPES), None)
        a1 = a1 or _national_forces(noun, lookup)
    a2 = _actor_in(patient, actors, exclude=a1)
    if a1 is None and a2 is not None:
        a1 = _other_side(draft, doc, actors, a2)
    # Without a parse to go by, only known actors outside the reporting clause
    # ("Diyala police said ...") are placed by position.
    placed = [
        a
        for a in actors
        if a.type is not None
        and not _within(a, draft.attribution)
        and not _holds_clause(a, draft, doc)
    ]
    suffered = [a for a in placed if _suffered(a, doc)]
    if a1 is None and a2 is None and suffered:
        # "One CTS soldier was wounded when a roadside bomb exploded": the
        # soldier's side was hit; the bomber is not named.
        a2 = suffered[0]
        # Another mention of the side that suffered is not the side that struck.
        others = [a for a in placed if a not in suffered and a.name != a2.name]
        a1 = others[0] if others else None
    elif a1 is None and a2 is None and placed:
        left = [a for a in placed if a.end <= main.idx]
        right = [a for a in placed if a.start > main.idx]
        if _victim_first(main):
            a2 = left[-1] if left else None
            a1 = right[0] if right else None
        else:
            a1 = left[0] if left else None
            a2 = right[0] if right and right[0] != a1 else None
    if a2 is None:
        # "struck a market, killing at least 11 civilians": the counted victims
        # are the side hit when the verb's own object is a thing
        a2 = next(
            (
                a
                for n in _counted_heads(draft, doc)
                for a in actors
                if a.start <= n.idx < a.end and a.type is not None and a != a1
            ),
            None,
        )
    if a2 is None:
        # "conducted a precision strike ..., killing a senior ISIS official": whom the
        # killing verb names is the side hit
        a2 = next(
            (
                found
                for t in draft.triggers
                if t.cls in ("kill", "wound") and not t.term.weak
                and t.head(doc).pos_ == "VERB"
                and (obj := _arguments(t.head(doc)).get("dobj")) is not None
                and (found := _named_by(obj, actors, a1)) is not None
            ),
            None,
        )  # fmt: skip
    fights = bool(draft.classes & {"territory", "clash"})  # "Iraq Kurds take back land"
    if (
        a1 is not None
        and a1.type == "civilians"
        and (a2 is None or a2.type != "civilians")
        and not fights
    ):
        a1, a2 = a2, a1  # "Attacks on Shiites kill 18": civilians are the ones acted on
    draft.actor1, draft.actor2 = a1, a2
    if agent is not None:
        lo, hi = _char_span(agent)
        sides = {a.name for a in (a1, a2) if a is not None}
        draft.assoc = [a for a in actors if lo <= a.start < hi and a.name not in sides]
    for head in (patient, *_numbered_nouns(draft, doc)):
        if head is None:
            continue
        head = members(head)
        for tok in (head, *head.conjuncts):
            draft.victims.add(tok.lemma_.lower())
            draft.objects.add(tok.lemma_.lower())
            for child in tok.children:
                # "Nayef Khalaf, mayor of Sinjar": the apposition says who he was;
                # "reaches 30: officials" is the headline's source tag
                tagged = any(t.text in _SOURCE_BREAKS for t in doc[tok.i : child.i])
                if child.dep_ in ("compound", "amod") or child.dep_ == "appos" and not tagged:
                    draft.victims.add(child.lemma_.lower())
    for trig in draft.triggers:
        tok = trig.head(doc)
        if tok.pos_ == "VERB" and trig.cls in ("kill", "wound") and not trig.term.weak:
            # "..., killing a security guard": whom the killing verb names
            obj = _arguments(tok).get("dobj")  # not a headline's source tag ("...: officials")
            if obj is not None:
                draft.victims.update(t.lemma_.lower() for t in (obj, *obj.children)
                                     if t.dep_ in ("dobj", "compound", "amod"))  # fmt: skip
        if trig.term.words[-1] == "fire" and tok.pos_ == "VERB":
            # "opened fire at the home of ...": what the shots were aimed at
            aimed = prep_object(tok, {"at", "on"})
            if aimed is not None:
                draft.targets.add(members(aimed).lemma_.lower())
        if tok.pos_ == "VERB":
            # "were killed in attacks on communities": the attack the killing was in
            tok = prep_object(tok, {"in", "during"}) or tok
        target = prep_object(tok, {"on", "against"}) if tok.pos_ == "NOUN" else None
        if target is not None:
            draft.targets.add(target.lemma_.lower())  # "an attack on a village"
    # "12 dead after gunmen open fire on customers": the attackers are not their victims
    draft.victims = {
        v for v in draft.victims if v not in _ATTACKERS or not names_actor(draft.actor1, v)
    }


def names_actor(actor: Actor | None, lemma: str) -> bool:
    """Does the actor's own text use this noun ("gunmen" for "gunman")?"""
    if actor is None:
        return False
    words = set(re.findall(r"[a-z]+", actor.text.lower()))
    return bool({lemma, lemma + "s", lemma.replace("man", "men")} & words)


_SOURCE_BREAKS = frozenset({":", "-", "–", "—"})
# Nouns that only gather people: "a group of young men", "a crowd of mourners".
_GATHERINGS = {"group", "crowd", "number", "handful", "couple", "band", "gathering"}


def members(tok: Token) -> Token:
    """The people a gathering noun is made of: "opened fire on a group of young men"
    aimed at the men, who say whose side was hit."""
    if tok.lemma_.lower() not in _GATHERINGS:
        return tok
    of = prep_object(tok, {"of"})
    return of if of is not None else tok


# Nouns that name people by what they did to others, never victims of the act they did.
_ATTACKERS = frozenset({"gunman", "attacker", "assailant", "bomber", "raider"})


def _arguments(main: Token) -> dict[str, Token]:
    """The child in each relation (the last, when the parser gave several),
    up to a headline's source tag.

    In "Iraq attacks kill four: officials" the parser hangs "officials" on the
    verb as a second object; words after a colon or dash are who said it.
    """
    kids: dict[str, Token] = {}
    for c in main.children:
        if c.i > main.i and c.dep_ == "punct" and c.text in _SOURCE_BREAKS:
            break
        kids[c.dep_] = c
    return kids


def _agent_patient(main: Token) -> tuple[Token | None, Token | None]:
    kids = _arguments(main)
    lemma = main.lemma_.lower()
    if main.pos_ == "ADJ" and main.dep_ == "oprd" and main.head.lemma_.lower() == "leave":
        # "Gunmen raided the village, leaving 17 people dead": the dead are what was
        # left, and whoever left them so did the act
        leave = main.head
        patient = next((c for c in leave.children if c.dep_ == "dobj"), None)
        agent = next((c for c in leave.children if c.dep_ == "nsubj"), None)
        if agent is None and leave.dep_ in ("advcl", "conj", "xcomp"):
            agent = next((c for c in leave.head.children if c.dep_ == "nsubj"), None)
        return agent, patient
    if main.lemma_.lower() == "lose" and main.pos_ == "VERB":
        return None, kids.get("nsubj")  # "the police lost 16 officers": the police suffered
    if main.pos_ in ("VERB", "AUX", "ADJ"):
        passive = (
            "nsubjpass" in kids or "auxpass" in kids or (main.tag_ == "VBN" and main.dep_ == "acl")
        )
        headline_passive = (
            lemma in _TRANSITIVE
            and main.tag_ in ("VBD", "VBN")
            and "nsubj" in kids
            and not {"dobj", "dative", "ccomp", "xcomp"} & kids.keys()
            and not any(c.dep_ == "aux" for c in main.children)
        )
        # "Gunmen wounded a journalist": with an object, the subject did it
        unaccusative = lemma in _UNACCUSATIVE and "dobj" not in kids
        if passive or headline_passive or unaccusative:
            patient = kids.get("nsubjpass") or kids.get("nsubj")
            if patient is None and main.dep_ in ("acl", "amod"):
                patient = main.head
            agent = next((g for c in main.children if c.dep_ == "agent" for g in c.children), None)
            return agent, patient
        agent = kids.get("nsubj")
        if (
            agent is None
            and main.dep_ in ("xcomp", "conj", "advcl")
            and main.head.i != main.i
            and not (main.dep_ == "xcomp" and main.head.lemma_.lower() in _JUDGING_VERBS)
        ):
            # "forces moved in and killed ...": the subject of the verb it goes with;
            # but who "confirmed fighting" only told of it
            agent = next((c for c in main.head.children if c.dep_ == "nsubj"), None)
        blamed = accusation(main) is not None
        if agent is None and blamed:
            # "a group accused soldiers of killing ...", "soldiers were accused of killing":
            # the accused did it, not the accuser
            agent = accused(main)
        if agent is None and not blamed and main.dep_ == "pcomp" and main.head.dep_ == "prep":
            # "Government forces responded by attacking ...": the responders attacked
            agent = next((c for c in main.head.head.children if c.dep_ == "nsubj"), None)
        patient = kids.get("dobj") or prep_object(main, _PATIENT_PREPS)
        return agent, patient
    verb = killed_by(main)
    if verb is not None:
        # "militants stoned a man to death": the verb's subject and object
        agent = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return agent, next((c for c in verb.children if c.dep_ == "dobj"), None)
    # A noun trigger: "ISIS attack on a checkpoint", "forces launched an operation".
    # "accuses the army of the Karma massacre": the accused, not the place in the name
    agent = accused(main) or next(
        (c for c in main.children if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN"), None
    )
    obj = main.head if main.dep_ == "compound" and main.head.dep_ == "dobj" else main
    if (
        agent is None
        and obj.dep_ in ("dobj", "attr")
        and obj.head.pos_ == "VERB"
        and obj.head.lemma_.lower() not in _JUDGING_VERBS
    ):
        # "launched an attack", "fired mortar rounds at the compound": who did
        agent = next((c for c in obj.head.children if c.dep_ == "nsubj"), None)
    if agent is None:
        agent = prep_object(main, {"by"})
    patient = prep_object(main, _PATIENT_PREPS)
    if main.dep_ in ("nsubj",) and main.head.pos_ == "VERB" and patient is None:
        verb: Token | None = main.head
        while verb is not None and patient is None:
            patient = next((c for c in verb.children if c.dep_ == "dobj"), None)
            # "a bomb appeared to target a patrol": the object of the infinitive
            verb = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    return agent, patient


def _other_side(draft: Draft, doc: Doc, actors: Sequence[Actor], hit: Actor) -> Actor | None:
    """ "Two militants were killed in a gunfight with security forces": the side the
    fight was with, when the one that suffered is all the verb names."""
    for trig in draft.triggers:
        if trig.cls != "clash" or trig.term.weak:
            continue
        side = _actor_in(prep_object(trig.head(doc), {"with"}), actors, exclude=hit)
        if side is not None and side.name != hit.name:
            return side
    return None


def _owned_by_pronoun(tok: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.children)


_RELATIVES = {"that", "which", "who"}


def _antecedent_subject(main: Token) -> Token | None:
    """'The CTS announced that it killed ...': 'it' is the announcer."""
    cur = main
    while cur.head.i != cur.i:
        cur = cur.head
        if telling(cur):
            return next((c for c in cur.children if c.dep_ == "nsubj"), None)
    return None


def _within(actor: Actor, source) -> bool:
    return (
        source is not None and source.start is not None and source.start <= actor.start < source.end
    )


def _governing_subject(main: Token) -> Token | None:
    """'an operation, during which they clashed': 'they' is the operation's subject."""
    cur = main
    while cur.head.i != cur.i:
        cur = cur.head
        subj = next(
            (c for c in cur.children if c.dep_ == "nsubj" and c.lower_ not in _PRONOUNS), None
        )
        if subj is not None:
            return subj
    return None


def _national_forces(noun: Token, lookup: Lookup | None) -> Actor | None:
    """ "An Israeli airstrike", "Russian shelling": a nation's attack is its military's,
    as ACLED codes it.  A country's name says where, not who: "Iraq attacks kill 34"."""
    countries = country_names()
    for mod in noun.children:
        nationality = mod.pos_ == "ADJ" or mod.ent_type_ == "NORP"
        code = (
            countries.get(mod.lower_) if nationality and mod.dep_ in ("amod", "compound") else None
        )
        found = lookup("military", country=code) if code and lookup is not None else None
        if found is not None:
            end = mod.idx + len(mod.text)
            return Actor(found.name, found.type, found.country, mod.text, mod.idx, end)
    return None


def _country_acting(agent: Token | None, lookup: Lookup | None) -> Actor | None:
    """ "Russia launched 40 drones at Kharkiv", "Israel carried out airstrikes": a state
    named as the subject of an act of war acted through its military (ACLED).  Only a
    verb's subject: "Iraq attacks kill 34" names where, not who."""
    if agent is None or lookup is None or agent.dep_ != "nsubj" or agent.head.pos_ != "VERB":
        return None
    name = agent.doc[agent.left_edge.i : agent.i + 1]
    if agent.pos_ != "PROPN" or name[0].lower_ == "the" and len(name) == 1:
        return None
    code = country_names().get(name.text.lower().removeprefix("the "))
    found = lookup("military", country=code) if code else None
    if found is None:
        return None
    return Actor(found.name, found.type, found.country, name.text, name.start_char, name.end_char)


# Heads that add nothing to the kind of group their modifier names
_GENERIC_GROUPS = {"group", "groups", "cell", "cells", "faction", "unit", "band", "gang", "outfit"}


def _phrase_actor(tok: Token | None, lookup: Lookup | None) -> Actor | None:
    """An actor from the head noun of a phrase: 'security and military forces' -> forces."""
    if tok is None or lookup is None or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    countries = country_names()
    span = tok.doc[tok.left_edge.i : tok.i + 1]
    # "And earlier this month organized crime groups massacred ...": the date is no name
    while len(span) > 1 and (
        span[0].pos_ in ("DET", "PRON", "ADV", "CCONJ") or span[0].ent_type_ in ("DATE", "TIME")
    ):
        span = span[1:]
    found = lookup(span.text) or lookup(" ".join(t.text for t in span if t.dep_ != "cc"))
    if found is None:
        compounds = [c for c in tok.children if c.dep_ in ("amod", "compound")]
        for mod in compounds:
            found = found or lookup(f"{mod.text} {tok.text}")
        if found is None and tok.lemma_.lower() in _GENERIC_GROUPS:
            # "an insurgent group", "a jihadist cell": the kind the modifier names
            found = next((f for m in compounds if (f := lookup(m.text)) is not None), None)
    if found is None:
        # Unknown to the dictionary: the phrase itself is the actor, as written.
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.lemma_.lower() not in _GROUP_NOUNS:
            return None  # "Attacks kill 20": the subject is the event, not an actor
        country = next(
            (countries.get(c.lower_) for c in tok.children if c.dep_ in ("amod", "compound")), None
        )
        return Actor(span.text, None, country, span.text, span.start_char, span.end_char)
    return Actor(found.name, found.type, found.country, span.text, span.start_char, span.end_char)


# Verbs whose passive subject was hit: "a soldier was wounded", "two were killed".
_HARMED = {"kill", "wound", "injure", "hurt", "abduct", "kidnap", "target", "attack", "hit"}


def _holds_clause(actor: Actor, draft: Draft, doc: Doc) -> bool:
    """The actor is the subject of a verb of saying or judging that tells none of the
    draft's acts: "the attack came the same day UN Secretary-General Guterres termed
    the situation remarkable" names who spoke that day, not who acted."""
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    while head.dep_ in ("compound", "amod", "poss", "nmod") and head.head.i != head.i:
        head = head.head  # "UN Secretary-General Antonio Guterres": the phrase's head
    verb = head.head
    if head.dep_ != "nsubj" or verb.pos_ not in ("VERB", "AUX"):
        return False
    speaks = verb.lemma_.lower() in _SPEAKING_VERBS
    return speaks and verb.i not in {t.head(doc).i for t in draft.triggers}


# Verbs of telling, and of judging in words: "termed the situation remarkable",
# "condemned the attack".
_SPEAKING_VERBS = REPORTING_VERBS | {"term", "call", "describe", "dub", "label", "praise", "hail",
                                     "condemn", "criticise", "criticize", "welcome", "urge"}  # fmt: skip


# Who condemns, reports or investigates an attack did not carry it out ("UNAMA condemns
# suicide attack on mosque"); who claims it did, so "claim" is not among them.
_JUDGING_VERBS = (_SPEAKING_VERBS - {"claim"}) | {
    "denounce", "deplore", "decry", "mourn", "investigate", "probe", "document", "blame",
    "regret", "lament", "protest", "witness", "survive", "describe", "recall",
}  # fmt: skip


def _suffered(actor: Actor, doc: Doc) -> bool:
    """The actor is (in) the subject of a passive harm verb or of 'die'."""
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(4):
        if tok.dep_ == "nsubjpass" and tok.head.lemma_.lower() in _HARMED:
            return True
        if (
            tok.dep_ == "nsubj"
            and tok.head.lemma_.lower() in _UNACCUSATIVE
            and not any(c.dep_ == "dobj" for c in tok.head.children)
        ):
            return True
        if tok.head.i == tok.i or tok.dep_ in ("nsubj", "nsubjpass", "ROOT"):
            return False
        tok = tok.head
    return False


def _victim_first(main: Token) -> bool:
    return (
        main.lemma_.lower() in _UNACCUSATIVE or main.tag_ == "VBN" or main.pos_ in ("ADJ", "NOUN")
    )


def _char_span(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right)


def _named_by(noun: Token, actors: Sequence[Actor], exclude: Actor | None) -> Actor | None:
    """A known actor named by the noun phrase up to its head ("a senior ISIS official"),
    not by what follows it ("14 others, police and medical sources said")."""
    lo, hi = noun.left_edge.idx, noun.idx + len(noun)
    return next(
        (a for a in actors if lo <= a.start < hi and a.type is not None and a != exclude), None
    )


def _actor_in(
    tok: Token | None, actors: Sequence[Actor], exclude: Actor | None = None
) -> Actor | None:
    if tok is None:
        return None
    # The head word's own phrase first ("Iraqi soldiers"), then its whole subtree.
    head_lo, head_hi = tok.idx, tok.idx + len(tok)
    lo, hi = _char_span(tok)
    for a in actors:
        if (a.start <= head_lo < a.end or head_lo <= a.start < head_hi) and a != exclude:
            if a.name in UNNAMED:
                # "Gunmen from the Kataib Hezbollah militia": the group they belong to
                member = [b for b in actors if lo <= b.start < hi and b.start >= head_hi]
                named = [b for b in member if b.type in ARMED_TYPES and b.name not in UNNAMED]
                if named and _belongs(tok, named[0]):
                    return named[0]
            return a
    inside = [a for a in actors if lo <= a.start < hi and a != exclude]
    known = [a for a in inside if a.type is not None]
    return (known or inside or [None])[0]


def _belongs(tok: Token, group: Actor) -> bool:
    """ "gunmen from / of / belonging to the group": membership, not a target."""
    for prep in tok.children:
        lo, hi = _char_span(prep)
        if prep.lower_ in ("from", "of", "belonging", "affiliated", "linked") and (
            lo <= group.start < hi
        ):
            return True
    return False


def _counted_heads(draft: Draft, doc: Doc) -> list[Token]:
    """The nouns the parser itself says the numbers count ("11 civilians")."""
    heads = []
    for count in draft.counts:
        span = doc.char_span(count.start, count.end, alignment_mode="expand")
        if span is not None and span[-1].dep_ == "nummod":
            head = span[-1].head
            if not (
                draft.attribution and draft.attribution.start <= head.idx < draft.attribution.end
            ):
                heads.append(head)  # "wounds 30 - police": the police said so
    return heads


def _numbered_nouns(draft: Draft, doc: Doc) -> list[Token]:
    """The nouns counted by the event's numbers: '7 ISIS fighters' -> fighters."""
    out = []
    for count in draft.counts:
        span = doc.char_span(count.start, count.end, alignment_mode="expand")
        if span is None:
            continue
        tok = span[-1]
        head = tok.head if tok.dep_ == "nummod" else None
        if tok.dep_ == "pobj" and tok.head.lower_ == "of":
            head = tok.head.head  # "a family of five"
        if head is None and tok.i + 1 < len(doc):
            nxt = doc[tok.i + 1 : min(len(doc), tok.i + 5)]
            for t in nxt:
                if t.text in _SOURCE_BREAKS or t.is_sent_start:
                    break  # "kill four: officials": the source, not the four
                if t.pos_ == "NOUN":
                    head = t
                    break
        if head is not None:
            out.append(head)
    return out


# Bombs, shells and strikes that hurt people named as no side: the victims are
# civilians, as ACLED codes them ("Car bomb kills 12 in Baghdad market"); a fighter,
# a soldier or a policeman among the victims makes it no attack on civilians.
_BLIND_WEAPONS = frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"})
_ON_CIVILIANS = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence"})


def civilian_target(
    draft: Draft, sub_event_type: str, lookup: Lookup | None, armed_nouns: frozenset[str]
) -> Actor | None:
    """Civilians as actor2 of an attack on civilians, or of a blind explosion that hurt
    people the text gives no side, with the words that count them as evidence."""
    if draft.actor2 is not None or lookup is None:
        return None
    if sub_event_type not in _BLIND_WEAPONS | _ON_CIVILIANS:
        return None
    if any(v in armed_nouns for v in draft.victims) or _armed_target(draft, armed_nouns):
        return None
    hurt = [c for c in draft.counts if c.kind in ("fatalities", "wounded", "kidnapped")]
    if sub_event_type in _BLIND_WEAPONS and not hurt:
        return None
    found = lookup("civilians")
    if found is None:
        return None
    if hurt:
        text, start, end = hurt[0].text, hurt[0].start, hurt[0].end
    else:
        main = draft.main
        text, start, end = main.text, main.idx, main.idx + len(main.text)
    return Actor(found.name, found.type, found.country, text, start, end)


def _armed_target(draft: Draft, armed_nouns: frozenset[str]) -> bool:
    """An armed side under the act's words: "a suicide bomb at a police checkpoint",
    "bombings against Iraqi forces" (the attacker's own words aside)."""
    doc = draft.main.doc
    own = (draft.actor1.start, draft.actor1.end) if draft.actor1 is not None else (-1, -1)
    for trig in draft.triggers:
        for tok in trig.head(doc).subtree:
            if (
                tok.lemma_.lower() in armed_nouns
                and not own[0] <= tok.idx < own[1]
                and tok.dep_ not in ("nsubj", "nsubjpass", "agent")
            ):
                return True
    return False
