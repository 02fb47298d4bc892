"""Which trigger words speak of an incident here, and which are notions,
politics, references to other events or words of another sense.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from rasid.extract.draft import FAMILY
from rasid.extract.syntax import accusation, determiner, headline, killed_by, prep_object
from rasid.knowledge.lexicon import TriggerMatch

if TYPE_CHECKING:
    from rasid.extract.events import Context

CONDUCT = {"conduct", "launch", "carry", "begin", "start", "execute", "mount", "continue", "stage",
            "undertake", "complete", "conclude", "perform", "kick", "lead", "implement"}  # fmt: skip


_PLACE_NOUNS = {"town", "city", "village", "area", "district", "neighbourhood", "neighborhood", "base",
                "airport", "building", "checkpoint", "territory", "control", "oilfield", "field", "dam",
                "bridge", "road", "highway", "refinery", "province", "region", "camp", "compound",
                "headquarters", "hq", "outpost", "post", "station", "position", "positions", "hill",
                "enclave", "stronghold", "ground", "land", "centre", "center", "part", "quarter",
                "suburb", "island", "mountain", "valley", "border", "crossing", "prison", "jail"}  # fmt: skip


_VISITORS = {"delegation", "minister", "president", "chief", "envoy", "official", "prime", "king",
             "premier", "ambassador", "secretary", "commander", "emir", "foreign", "leader"}  # fmt: skip


_GENERIC_PREPS = {"against", "on", "for", "of", "in"}


# People who get captured, besides fighters and civilians named in the lexicon.
_PERSON_NOUNS = {"suspect", "brother", "son", "father", "husband", "wife", "man", "woman", "member",
                 "leader", "militant", "fighter", "soldier", "official", "commander", "person",
                 "people", "gunman", "bomber", "attacker", "driver", "journalist", "emir",
                 "officer", "policeman", "troop", "civilian", "child", "resident", "villager",
                 "worker", "personnel", "guard", "policemen"}  # fmt: skip


_ARMED_ACTORS = {"rebel_group", "political_militia", "identity_militia", "external_forces"}


# State actors that govern rather than fight or police.
_CIVIL_STATE = frozenset({"Government", "Ministry of Interior", "Ministry of Defence"})


def civil_state(name: str) -> bool:
    """'Government', 'Government of Syria', 'Ministry of Interior': governing, not fighting."""
    return name in _CIVIL_STATE or name.startswith("Government of ")


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


# Verbs that send weapons and the quantity words of what they send.
_FIRE = {"fire", "lob", "shoot", "hurl", "drop", "rain"}
_VOLLEYS = {"barrage", "volley", "salvo", "hail", "wave", "round", "number", "dozen", "series"}


_LIVES_SPARED = {"save", "spare", "change", "improve", "protect", "transform", "touch"}
_OWNERS = {"its", "their", "his", "her", "our"}
_PAST_KIND = {"similar", "previous", "past", "earlier", "such", "former", "prior", "recent"}


_HAPPEN = {"erupt", "break", "kill", "hit", "rock", "leave", "wound", "injure", "target", "continue",
           "rage", "resume", "occur", "strike", "shake", "claim", "destroy", "damage",
           "intensify", "escalate", "spread", "flare", "take"}  # fmt: skip


_CROWDS = {"protester", "demonstrator", "supporter", "thousand", "hundred", "dozen", "resident",
           "student", "worker", "people", "crowd", "activist", "villager", "teacher", "woman"}  # fmt: skip


_VIOLENT_CAUSES = {"wound", "injury", "gunshot", "shot", "bullet", "blast", "explosion", "attack",
                   "torture", "beating", "stabbing", "shelling", "bombing", "strike", "fire", "burn"}  # fmt: skip


def armed_context(doc: Doc, sent: Span, triggers: Sequence[TriggerMatch], ctx: Context) -> bool:
    """Does the sentence speak of armed people, weapons or bloodshed?"""
    if any(
        t.cls in ("kill", "wound") or (t.cls == "explosion" and t.head(doc).pos_ == "NOUN")
        for t in triggers
    ):
        return True
    if any(
        a.type in _ARMED_ACTORS or (a.type == "state_forces" and not civil_state(a.name))
        for a in ctx.actors
        if sent.start_char <= a.start < sent.end_char
    ):
        return True
    return any(t.lemma_.lower() in ctx.lexicon.armed_nouns | _WEAPONS for t in sent)


def figurative(doc: Doc, trig: TriggerMatch) -> bool:
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


def drop_references(doc: Doc, trigs: list[TriggerMatch]) -> list[TriggerMatch]:
    """'detained in connection with the attack', 'arrested six members who were
    planning bomb attacks': the attack is the reason, not this event."""
    # "police defused a bomb": the bomb is what was disrupted, not an explosion.
    destroyers = {t.head(doc).i for t in trigs if t.cls == "destroy"}
    trigs = [t for t in trigs if not (t.cls == "explosion" and _object_of(t.head(doc), destroyers))]
    heads = [t.head(doc) for t in trigs if FAMILY.get(t.cls, "violence") != "violence"]
    if not heads:
        return trigs

    def referenced(t: TriggerMatch) -> bool:
        tok = t.head(doc)
        return FAMILY.get(t.cls, "violence") == "violence" and any(
            h.i in {a.i for a in tok.ancestors}
            and any(
                a.dep_ in ("prep", "relcl", "acl") and a.i > h.i
                for a in tok.ancestors
                if a.i in range(h.i, tok.i)
            )
            for h in heads
        )

    return [t for t in trigs if not referenced(t)]


_SETTING_PREPS = {"at", "during", "on", "near", "outside"}


def drop_settings(doc: Doc, trigs: list[TriggerMatch]) -> list[TriggerMatch]:
    """ "A suicide bombing at a religious rally": the rally is where the bomb went off,
    the crowd its victims; no protest of its own."""
    violent = {t.head(doc).i for t in trigs if FAMILY.get(t.cls, "violence") == "violence"}
    if not violent:
        return trigs

    def setting(t: TriggerMatch) -> bool:
        tok = t.head(doc)
        return (
            t.cls == "protest"
            and tok.dep_ == "pobj"
            and tok.head.lower_ in _SETTING_PREPS
            and tok.head.head.i in violent
        )

    return [t for t in trigs if not setting(t)]


def _object_of(tok: Token, heads: set[int]) -> bool:
    while tok.head.i != tok.i:
        # "seized rocket launchers": the launchers were seized; "recovered a rifle,
        # magazines and an improvised explosive device": each thing listed was;
        # "components for an improvised explosive device were found": their parts were
        if tok.dep_ in ("compound", "conj", "appos", "amod"):
            tok = tok.head
        elif (
            tok.dep_ == "pobj" and tok.head.lower_ in ("for", "of") and tok.head.head.pos_ == "NOUN"
        ):
            tok = tok.head.head
        else:
            break
    return tok.dep_ in ("dobj", "nsubjpass") and (
        tok.head.i in heads or tok.head.lemma_.lower() in _FOUND
    )


# Verbs whose object is a weapon found or made safe, not set off
_FOUND = {"recover", "seize", "find", "confiscate", "discover", "uncover", "defuse", "dismantle",
          "retrieve", "collect", "plant", "smuggle", "possess", "store", "hide", "clear",
          "remove", "deactivate", "disarm", "neutralise", "neutralize", "detect"}  # fmt: skip


def resolve_terms(doc: Doc, trig: TriggerMatch) -> TriggerMatch | None:
    """Choose between terms that share words ("seize" a town / weapons / a person)."""
    tok = trig.head(doc)
    if len(trig.terms) == 1 and trig.term.object is None:
        return _check(doc, trig, tok)
    if all(t.object is None for t in trig.terms):
        # "shelling" and "shell": two entries of one word, neither asking for an object
        term = next((t for t in trig.terms if not t.pos or tok.pos_ in t.pos), trig.terms[0])
        return _check(doc, TriggerMatch(trig.start, trig.end, (term,)), tok)
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


_CROWD_ROUNDS = {"gas", "teargas", "tear-gas", "smoke", "rubber", "stun", "pepper", "firework",
                 "fireworks", "firecracker", "flare", "flash"}  # fmt: skip


def _crowd_object(tok: Token) -> bool:
    """Is what was dispersed a crowd ("dispersed the protesters", "to disperse them")?"""
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None:
        return True  # "police moved in to disperse": the crowd is told elsewhere
    words = {t.lemma_.lower() for t in obj.subtree}
    return obj.tag_ == "PRP" or bool(words & _CROWDS) or obj.lemma_.lower() in _GATHERINGS


_GATHERINGS = {"crowd", "protest", "rally", "demonstration", "march", "gathering", "sit-in",
               "mob", "procession", "student", "youth", "worker", "people", "group"}  # fmt: skip
_RIOT_GEAR = {"police", "policeman", "officer", "squad", "unit", "gear", "shield", "control",
              "force", "troop", "helmet", "van", "act"}  # fmt: skip


def _check(doc: Doc, trig: TriggerMatch, tok: Token) -> TriggerMatch | None:
    """Per-word sanity checks the lexicon format cannot express."""
    lemma = tok.lemma_.lower()
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if trig.cls in ("wound", "kill") and determiner(tok) == "the" and tok.tag_ in ("JJ", "VBN"):
        return None  # "the wounded were taken to hospital": the victims, not an event
    if lemma in _NEEDS_TARGET and not any(
        c.dep_ == "prep" and c.lower_ in _NEEDS_TARGET[lemma] for c in tok.children
    ):
        return None  # a "push" or a "victory" is military only against someone somewhere
    if lemma == "demonstrate" and any(c.dep_ in ("ccomp", "dobj") for c in tok.children):
        return None  # "figures demonstrate that ...", "demonstrated its strength": showing
    if lemma == "take" and any(c.lower_ == "part" for c in tok.children):
        return None  # "took part in the protest"
    if lemma == "life" and tok.head.lemma_.lower() in _LIVES_SPARED:
        return None  # "the operation saved 40 lives"
    if lemma in ("secure", "cordon") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in ("area", "scene", "site") for c in tok.children
    ):
        return None  # "secured the area" after an attack: police work, not territory
    if (
        lemma in ("hit", "top", "reach")
        and subj is not None
        and subj.lemma_.lower() in ("toll", "number")
    ):
        return None
    if trig.cls == "kill" and lemma in ("die", "dead") and tok.pos_ != "NOUN":
        cause = prep_object(tok, {"of", "from"})
        if cause is not None and cause.lemma_.lower() not in _VIOLENT_CAUSES:
            return None  # "died of the disease": not conflict
    if trig.cls == "operation":
        if not (tok.head.lemma_.lower() in CONDUCT or determiner(tok) in ("this", "the", "that")):
            return None
        if tok.tag_ == "NNS" and not any(c.like_num for c in tok.children):
            return None
    if trig.cls == "explosion" and {c.lemma_.lower() for c in tok.subtree} & _CROWD_ROUNDS:
        return None  # "fired tear gas shells", "rubber bullets": crowd control, no blast
    if lemma == "disperse" and not _crowd_object(tok):
        return None  # "dispersed launchers across the north": spread out, no crowd
    if (
        trig.cls == "riot"
        and tok.dep_ in ("compound", "amod")
        and tok.head.lemma_.lower() in _RIOT_GEAR
    ):
        return None  # "riot police used water cannon": a kind of police, not a riot
    if trig.cls == "protest" and tok.pos_ == "VERB" and lemma == "rally":
        crowd = {t.lemma_.lower() for t in subj.subtree} if subj is not None else set()
        if not crowd & _CROWDS:
            return None  # "the leader rallied fighters": no protest
    if trig.cls == "consult":
        subj_words = {t.lemma_.lower() for t in subj.subtree} if subj is not None else set()
        if not subj_words & _VISITORS:
            return None
    return trig


def modifier(doc: Doc, trig: TriggerMatch) -> bool:
    """'bombing suspects', 'mortar rounds', 'grenade attack': a trigger word modifying a
    noun; 'targeted army positions with missiles': the weapon an attack was made with."""
    tok = trig.head(doc)
    if trig.cls == "explosion" and _instrument(tok):
        return True
    if trig.cls == "explosion" and _fired(tok):
        return False  # "fired mortar rounds at the compound": the firing is the act
    return (
        trig.cls != "clash"  # "combat vehicles", "battle tanks": gear, not a kind of event
        and tok.dep_ in ("compound", "amod")
        and tok.head.pos_ in ("NOUN", "PROPN")
        and tok.head.i >= trig.end
    )


def _fired(tok: Token) -> bool:
    """ "fired mortar rounds at the compound": the weapon of rounds someone fired."""
    return (
        tok.dep_ == "compound"
        and tok.head.lemma_.lower() in ("round", "shell", "barrage", "salvo")
        and tok.head.dep_ == "dobj"
        and tok.head.head.lemma_.lower() in CONDUCT | _FIRE
    )


def _instrument(tok: Token) -> bool:
    """'with missiles', 'using drones': what a verb's act was done with."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "with" and head.head.pos_ == "VERB":
        return True
    return tok.dep_ == "dobj" and head.lemma_.lower() == "use" and head.tag_ == "VBG"


def _accused_of(gerund: Token) -> bool:
    """ "Soldiers were accused of killing at least 156 civilians in Karma on Thursday":
    a told occurrence someone is blamed for (its victims counted or its day given), not
    the notion of killing; the accusation makes it a claim."""
    if accusation(gerund) is None:
        return False
    return any(t.like_num or t.ent_type_ == "DATE" for t in gerund.subtree if t.i != gerund.i)


def eventive(doc: Doc, trig: TriggerMatch, sent: Span) -> bool:
    """Is the trigger about an occurrence, not a generic notion ("the fight against ISIS")?"""
    tok = trig.head(doc)
    if headline(sent):
        return True
    if tok.pos_ in ("VERB", "AUX"):
        gerund = tok
        while gerund.tag_ == "VBG" and gerund.dep_ == "conj" and gerund.head.tag_ == "VBG":
            gerund = gerund.head
        if (
            gerund.tag_ == "VBG"
            and gerund.dep_ in ("pcomp", "pobj", "csubj")
            and gerund.head.lower_ in ("for", "of", "in", "against", "at", "from", "since")
            and not _accused_of(gerund)
        ):
            return False
        if tok.tag_ != "VB":
            return True
        # A bare infinitive ("to thwart ISIS plans") is a purpose, not an occurrence,
        # unless an auxiliary makes it finite ("did not kill", "will attack").
        return any(c.dep_ == "aux" and c.tag_ != "TO" for c in tok.children) or (
            tok.dep_ == "conj" and tok.head.tag_ in ("VBD", "VBZ", "VBN")
        )
    if any(c.dep_ in ("amod", "det", "predet") and c.lower_ in _PAST_KIND for c in tok.children):
        return False  # "similar bombings", "previous attacks": a kind of event, not this one
    if any(
        c.dep_ == "prep" and c.lower_ == "as" and any(g.lower_ == "such" for g in c.children)
        for c in tok.children
    ):
        return False  # "an attack such as the one in eastern Syria": a kind, by example
    if (
        tok.tag_ == "NNS"
        and tok.dep_ in ("dobj", "pobj")
        and any(c.dep_ == "poss" and c.lower_ in _OWNERS for c in tok.children)
        and not any(c.dep_ == "nummod" for c in tok.children)
        and tok.head.lemma_.lower() not in CONDUCT | _FIRE
    ):
        return False  # "justifying its offensives": a side's acts in general
    if tok.dep_ == "pobj" and tok.head.lower_ in ("since", "before", "until", "despite"):
        return False  # "since the liberation": a point of reference in time
    if tok.dep_ == "dobj" and tok.head.dep_ == "pcomp" and tok.head.head.lower_ == "since":
        return False  # "since launching a cross-border offensive on May 10": likewise
    if tok.head.lower_ in _GENERIC_PREPS and tok.head.head.lemma_.lower() in (
        "war",
        "fight",
        "campaign",
        "struggle",
    ):
        return False
    carried_out = (
        tok.dep_ == "dobj"
        and tok.head.lemma_.lower() in CONDUCT | _FIRE
        and (determiner(tok) in ("a", "an") or any(c.dep_ == "nummod" for c in tok.children))
    )  # "conducted an air strike against IS fighters", "launched two attacks against ..."
    if (
        tok.dep_ in ("pobj", "dobj")
        and not carried_out
        and any(c.dep_ == "prep" and c.lower_ == "against" for c in tok.children)
    ):
        return False  # "in the fight against ISIS": the notion, not an incident
    if tok.pos_ == "ADJ":
        # "left 12 people dead", "30 militants dead": said of the victims; "gunmen
        # on a motorcycle shot dead ..." where the parser made "dead" the predicate
        return tok.dep_ in ("oprd", "acomp", "ROOT", "conj", "ccomp", "advcl", "parataxis") or (
            tok.dep_ == "amod" and tok.head.i < tok.i
        )
    if killed_by(tok) is not None:
        return True  # "gunmen beat a shopkeeper to death", not "sentenced to death"
    if trig.cls == "explosion" and _fired(tok):
        return True
    has_det = determiner(tok) is not None or any(
        c.dep_ in ("nummod", "compound", "amod") for c in tok.children
    )
    if has_det:
        return True
    if tok.tag_ == "NNS":
        # A bare plural is a kind of thing ("attacks on security forces have fallen")
        # unless something happens to it: "clashes erupted", "bombings killed 12".
        head = tok.head.lemma_.lower()
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in _VOLLEYS:
            # "fired a barrage of rockets at the base": what was fired
            volley = tok.head.head
            return volley.dep_ == "dobj" and volley.head.lemma_.lower() in CONDUCT | _FIRE
        return (tok.dep_ in ("nsubj", "nsubjpass") and head in _HAPPEN) or (
            tok.dep_ == "dobj" and head in CONDUCT | _FIRE  # "launched attacks", "fired rockets"
        )
    return tok.dep_ in ("nsubj", "nsubjpass", "dobj")
