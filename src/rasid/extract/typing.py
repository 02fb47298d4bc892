"""ACLED event type, sub-event type and PLOVER type of one event.

Follows ACLED's codebook: violence between armed, organised groups is a
Battle; bombs, air strikes and shelling are Explosions/Remote violence; an
attack on unarmed people is Violence against civilians; arrests, seizures of
weapons and diplomatic visits are Strategic developments.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rasid.knowledge.lexicon import EventLexicon

ARMED_TYPES = {
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "external_forces",
}
STATE_TYPES = {"state_forces", "external_forces"}
NON_STATE_ARMED = ARMED_TYPES - STATE_TYPES
# Words that set violence in a crowd's protest ("Fifteen killed in Khartoum protests";
# "shot dead 15 people as thousands of demonstrators took to the streets").
CROWD_WORDS = frozenset({"protest", "protester", "demonstration", "demonstrator", "riot", "rioter"})
# Nouns for persons that name no side; see _violence_sub_type.
_PERSONS = {"people", "person", "individual", "man", "woman"}


@dataclass(frozen=True)
class EventType:
    event_type: str
    sub_event_type: str
    plover_type: str


# Sub-event type -> PLOVER event type (PLOVER 2.0 codebook: ASSAULT covers
# one-sided violence and bombings, FIGHT armed clashes and aerial/artillery
# fire, COERCE arrests and seizures, PROTEST protests and riots).
PLOVER = {
    "Armed clash": "FIGHT",
    "Government regains territory": "FIGHT",
    "Non-state actor overtakes territory": "FIGHT",
    "Air/drone strike": "FIGHT",
    "Shelling/artillery/missile attack": "FIGHT",
    "Suicide bomb": "ASSAULT",
    "Remote explosive/landmine/IED": "ASSAULT",
    "Grenade": "ASSAULT",
    "Attack": "ASSAULT",
    "Abduction/forced disappearance": "ASSAULT",
    "Arrests": "COERCE",
    "Disrupted weapons use": "COERCE",
    "Looting/property destruction": "COERCE",
    "Peaceful protest": "PROTEST",
    "Protest with intervention": "PROTEST",
    "Excessive force against protesters": "PROTEST",
    "Violent demonstration": "PROTEST",
    "Mob violence": "PROTEST",
    "Other": "CONSULT",
}

_EVENT_TYPE = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Arrests": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Other": "Strategic developments",
}
_PARTISANS = frozenset({"activist", "supporter", "cadre", "follower", "loyalist"})
_BORNE = re.compile(r" [\w-]+ - (?:borne|bear) ")
# "flown by helicopter to a hospital in Raipur", "a medical helicopter": aircraft
# that carried the wounded, not what struck
_CARRIED = re.compile(
    r" (?:by|aboard|on an?) (?:helicopter|aircraft|plane|air) "
    r"| (?:rescue|medical|medevac|evacuation|ambulance|military) (?:helicopter|aircraft|plane) "
    r"(?=(?:to|carry|fly|take|evacuate|airlift|transport|bring|rush) )"
)
_GUARDS = frozenset({"guard", "security", "watchman"})
_ONE_SIDED = {"execute", "execution", "massacre", "behead", "stone", "murder", "assassinate"}
# Words in a protest's sentence that are themselves an intervention ("to disperse", "tear gas").
_CROWD_CONTROL = ("disperse", "tear gas", "water cannon", "rubber bullet", "baton")
_RECAPTURE = {"recapture", "retake", "liberate", "regain"}
# Territory verbs that say a force went in, not that the place changed hands.
_ENTRY = {"storm", "enter", "surround", "encircle", "besiege", "siege", "advance", "push"}
_TERRITORY_VERBS = _ENTRY | _RECAPTURE | {"seize", "capture", "take", "overrun", "fall", "oust",
                                          "expel", "free", "clear", "secure", "control"}  # fmt: skip
_WEAPON_WORDS = {"weapon", "explosive", "ammunition", "bomb", "ied", "tunnel", "hideout", "cache",
                 "shelter", "belt", "rocket", "mortar", "mine", "depot", "arms", "device", "den",
                 "headquarters", "guesthouse", "base", "camp", "workshop", "vehicle", "rifle",
                 "pistol", "gun", "grenade", "rpg", "missile", "drone", "launcher"}  # fmt: skip


def crowd_scene(lemmas: Iterable[str]) -> bool:
    """Do these words set a scene of crowds: protesters, or the means used on crowds
    ("Tear gas was used to disperse crowds attacking a highway")?"""
    words = list(lemmas)
    text = " " + " ".join(words) + " "
    return bool(CROWD_WORDS.intersection(words)) or any(f" {c} " in text for c in _CROWD_CONTROL)


def crowd_of(lemmas: Iterable[str]) -> bool:
    """Do these words name a crowd: protesters, or a party's supporters?"""
    words = set(lemmas)
    return bool(words & (CROWD_WORDS | _PARTISANS))


def _nationals(lemma: str) -> bool:
    from rasid.knowledge.countries import country_names  # light: a small CSV

    # the plural noun ("two Israelis"), not the adjective of another noun ("Iraqi soldiers")
    names = country_names()
    return lemma.endswith("s") and lemma[:-1] in names and lemma[:-1] not in _COUNTRY_WORDS


# Names in the country table that are countries, not nationalities ("Chad", "Niger")
_COUNTRY_WORDS = frozenset(
    {"chad", "niger", "mali", "israel", "iraq", "iran", "syria", "us", "uk", "congo"}
)


def make(sub_event_type: str) -> EventType:
    return EventType(_EVENT_TYPE[sub_event_type], sub_event_type, PLOVER[sub_event_type])


# "launched 40 drones at", "fired rockets into": weapons sent from afar (lemmas)
_LAUNCHED = re.compile(
    r" (?:launch|fire) (?:[\w-]+ ){0,3}?(drone|missile|rocket|mortar|shell|artillery)s? "
)

# Attacks that arrests in the same sentence were made in: the arrests code them.
RAIDS = frozenset({"raid"})
# Verbs an aircraft strikes with; its words are the Air/drone strike cues.
_AIR_VERBS = {"strike", "hit", "target", "pound", "bomb", "attack"}


def _from_the_air(
    classes: Collection[str], trigger_lemmas: Collection[str], text: str, lexicon: EventLexicon
) -> bool:
    """An attack struck by warplanes or jets named in its sentence is an air strike."""
    if "attack" not in classes or {"clash", "explosion"} & set(classes):
        return False
    if not set(trigger_lemmas) & _AIR_VERBS:
        return False
    return speaks_of_aircraft(text, lexicon)


def speaks_of_aircraft(text: str, lexicon: EventLexicon, *, plurals: bool = False) -> bool:
    """Does the space-padded, lower-case ``text`` name an Air/drone strike cue
    ("warplane", "air strike", "drone"), or with ``plurals`` its plural?"""
    return any(
        f" {c} " in text or (plurals and f" {c}s " in text)
        for sub, cues in lexicon.sub_event_cues
        if sub == "Air/drone strike"
        for c in cues
    )


def classify(
    classes: Collection[str],
    lemmas: Iterable[str],
    victims: Collection[str],
    actor1_type: str | None,
    actor2_type: str | None,
    lexicon: EventLexicon,
    trigger_lemmas: Collection[str] = (),
    objects: Collection[str] = (),
    cues: Collection[str] = (),
    main: tuple[str, str] | None = None,
    targets: Collection[str] = (),
) -> EventType | None:
    """Pick the type from the trigger classes of one event and its context.

    ``cues`` are classes named only by weak words ("protesters").
    ``lemmas`` are the lower-case lemmas of the event's sentence(s), used for
    sub-type cues; ``victims`` the lemmas of the nouns counted as killed or
    attacked; ``objects`` the lemmas of destroyed or seized things.  ``main`` is
    the class and lemma of the main trigger: a place taken ("liberated the town ...
    despite their use of improvised explosive devices") is the territory's change of
    hands, whatever weapons the sentence names (ACLED); a place stormed is not taken.
    """
    lemma_set = set(lemmas)
    # "a helicopter-borne raid": troops brought by helicopter, no strike from the air
    text = _CARRIED.sub(" carried ", _BORNE.sub(" borne ", " " + " ".join(lemmas) + " "))
    violent = bool({"kill", "wound", "clash", "attack", "explosion"} & set(classes))
    protesters = (
        "protest" in cues
        or "protesters" in (actor1_type, actor2_type)
        or actor1_type == "rioters"  # "rioters attacked a police station with fireworks"
        or (crowd_scene(lemmas) and "explosion" not in classes)
    )
    crowd = protesters or "protest" in classes
    if (
        "clash" in classes
        and lemma_set & _PARTISANS
        and not ({actor1_type, actor2_type} & NON_STATE_ARMED)
    ):
        # "activists of the two student wings clashed ... hurling brickbats": party
        # supporters fighting each other are rioters, whatever crude bombs went off
        return make("Mob violence")
    if crowd and main is not None and main[0] == "clash" and "explosion" not in classes:
        # "police battled youths protesting against the killing": a crowd that fights
        return make("Violent demonstration")
    if protesters and "protest" not in classes and "explosion" not in classes:
        if actor1_type in ("protesters", "rioters") and (
            violent or {"territory", "destroy"} & set(classes)
        ):
            # "protesters stormed the council building", "set fire to tyres"
            return make("Violent demonstration")
        if violent and actor1_type in STATE_TYPES | {None}:
            sub = (
                "Excessive force against protesters"
                if "kill" in classes
                else "Protest with intervention"
            )
            return make(sub)
    if "riot" in classes or ("protest" in classes and violent and actor1_type not in STATE_TYPES):
        return make("Mob violence" if "mob" in lemma_set else "Violent demonstration")
    if "protest" in classes:
        # "police dispersed the protest": the state acting in a protest intervenes
        if (
            violent
            or actor2_type in STATE_TYPES
            or actor1_type in STATE_TYPES
            or any(f" {c} " in text for c in _CROWD_CONTROL)
        ):
            return make(
                "Excessive force against protesters"
                if "kill" in classes
                else "Protest with intervention"
            )
        return make("Peaceful protest")
    if main is not None and main[0] == "territory" and main[1] not in _ENTRY:
        return _territory(trigger_lemmas, actor1_type)
    if _from_the_air(classes, trigger_lemmas, text, lexicon):
        return make("Air/drone strike")  # "jets struck a camp", "warplanes hit the town"
    launched = _LAUNCHED.search(text)
    if (
        launched
        and "clash" not in classes
        and {"kill", "wound", "attack", "destroy"} & set(classes)
    ):
        # "Russia launched 40 drones at Kharkiv, killing two civilians": ACLED codes the
        # weapon, remote violence, whoever it hit
        weapon = launched.group(1)
        return make(
            "Air/drone strike" if weapon == "drone" else "Shelling/artillery/missile attack"
        )
    if "explosion" in classes:
        for sub, cues in lexicon.sub_event_cues:
            if any(f" {c} " in text for c in cues):
                return make(sub)
        return make("Remote explosive/landmine/IED")
    entry_only = set(trigger_lemmas) & _TERRITORY_VERBS <= _ENTRY
    if "territory" in classes and not (entry_only and {"kill", "wound", "attack"} & set(classes)):
        # "Gunmen stormed the village, killing two men": the storming is the attack
        return _territory(trigger_lemmas, actor1_type)
    if "clash" in classes:
        return make("Armed clash")
    weapons = any(o in _WEAPON_WORDS for o in objects)
    if (
        "destroy" in classes
        and weapons
        and not set(classes) & {"kill", "wound", "clash", "explosion", "arrest"}
    ):
        # "forces seized two rifles in the raid"; a raid that also arrested
        # people is coded as the arrests, the seizure going with them.
        return make("Disrupted weapons use")
    if "abduct" in classes and not {"kill", "wound"} & set(classes):
        return make("Abduction/forced disappearance")  # "abducted 40 villagers in a raid"
    raid_only = set(trigger_lemmas) & lexicon.class_words.get("attack", frozenset()) == RAIDS
    if "arrest" in classes and raid_only and not {"kill", "wound"} & set(classes):
        # "raided a hideout and arrested three": the raid is how the arrests were made
        return make(
            "Abduction/forced disappearance" if actor1_type in NON_STATE_ARMED else "Arrests"
        )
    if {"kill", "attack", "wound"} & set(classes):
        one_sided = bool(set(trigger_lemmas) & _ONE_SIDED)
        return make(
            _violence_sub_type(victims, actor1_type, actor2_type, lexicon, one_sided, targets)
        )
    if "abduct" in classes:
        return make("Abduction/forced disappearance")
    if "arrest" in classes:
        # Only the state arrests; armed groups seizing people abduct them.
        armed_captor = actor1_type in NON_STATE_ARMED
        return make("Abduction/forced disappearance" if armed_captor else "Arrests")
    if "destroy" in classes:
        if actor1_type in STATE_TYPES or any(o in _WEAPON_WORDS for o in objects):
            return make("Disrupted weapons use")
        return make("Looting/property destruction")
    if "operation" in classes and actor1_type in STATE_TYPES:
        return make("Armed clash" if actor2_type in ARMED_TYPES else "Other")
    if "consult" in classes:
        return make("Other")
    return None


def _territory(trigger_lemmas: Collection[str], actor1_type: str | None) -> EventType:
    """Who took the place: the state (or a recapture by a side not named), or an armed
    group ("the Syrian Democratic Forces liberated the town": a non-state actor)."""
    if actor1_type in STATE_TYPES or (
        set(trigger_lemmas) & _RECAPTURE and actor1_type not in NON_STATE_ARMED
    ):
        return make("Government regains territory")
    return make("Non-state actor overtakes territory")


def _violence_sub_type(
    victims,
    actor1_type,
    actor2_type,
    lexicon: EventLexicon,
    one_sided: bool,
    targets: Collection[str] = (),
) -> str:
    """Attack on civilians, or a fight between armed groups?

    Only victims named as unarmed make Violence against civilians, or an act
    that is one-sided by nature (an execution, a massacre).  "Attacks kill 17"
    in a war zone names no side; coders of the development data (UCDP GED
    Iraq) put such reports with the fighting, so the default is a Battle.
    An armed group killing "people" is an attack on civilians, as ACLED codes
    victims of a non-state group who are not said to be fighters.
    """
    armed = any(v in lexicon.armed_nouns for v in victims) or actor2_type in ARMED_TYPES
    civilian = any(v in lexicon.civilian_nouns for v in victims) or actor2_type == "civilians"
    # "opened fire at the home of a former leader, killing a security guard": the guards
    # of a house or a shop are no armed side
    guards = bool(set(victims) & _GUARDS) and not any(
        v in lexicon.armed_nouns and v not in _GUARDS for v in victims
    )
    if (armed and civilian or guards) and any(t in lexicon.civilian_nouns for t in targets):
        # "100 villagers and soldiers were killed during an attack on a village": the
        # attack's target says who it was aimed at (ACLED codes by the primary target)
        return "Attack"
    if armed:
        return "Armed clash"
    # "killed in attacks on communities": an attack aimed at a village or its homes,
    # with no armed side named among the dead, is one on civilians (a camp may be an
    # army's, so it does not say so alone)
    aimed_at_civilians = any(t in lexicon.civilian_nouns and t != "camp" for t in targets)
    if civilian or one_sided or aimed_at_civilians:
        return "Attack"
    if actor1_type in NON_STATE_ARMED and any(v in _PERSONS or _nationals(v) for v in victims):
        # "IS killed at least 232 people", "a gunman killed two Israelis": an armed group
        # and people with no side
        return "Attack"
    return "Armed clash"
