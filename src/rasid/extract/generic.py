"""Mentions that tell no specific occurrence: habits, trends, running tolls, the
course of a war, accusations in general.

"Bandits regularly attack villages", "the war has killed tens of thousands",
"have been arrested and at least 2,000 killed since then", "rights groups accuse
the military of extrajudicial killings": the words of violence, and no incident
an analyst could date and place.  They are marked ``generic`` as soon as they are
found, before anything can join them, and kept as mentions, not coded.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from rasid.extract.draft import Draft
from rasid.extract.syntax import clause_verb, determiner, headline, prep_object
from rasid.records import DateMention

# Words that make a sentence tell a habit or a trend, not one occurrence.
_HABITUAL = re.compile(
    r"(?i)\b(?:every (?:day|night|week)|daily|routinely|regularly|often|frequently|repeatedly"
    r"|increasingly|usually|sometimes|in some (?:cases|regions|areas|places)|continues? to"
    r"|have skyrocketed|on the rise|time and again"
    # "destroyed more than 600 IEDs throughout the Anbar province": everywhere in it, a sum
    r"|throughout (?:the )?(?:(?-i:[A-Z])\w+|country|province|region|state|governorate)"
    # "were involved in such attacks in the past": before, not when (a past week is when)
    r"|in the past(?=\s*(?:[.,;:)]|and\b|but\b|$))"
    r"|(?:a|the) record (?:number|level|high) of"
    # (the words are joined by spaces, hyphens too: "long - running")
    r"|long\s?-\s?running|decades\s?-\s?long|years\s?-\s?long|protracted|ongoing"
    # "which has been battling the Houthis for more than four years": a course, not an act
    r"|for (?:more than |over |nearly |almost |about |the (?:past|last) )?(?:\w+ )?"
    r"(?:years|months|decades)"
    # "in recent years, seizing roads", "had spent three and a half years fighting"
    r"|in recent (?:years|months|decades)|spent (?:[\w-]+ ){0,4}(?:years|months|decades))\b"
)
# Headlines of analysis, opinion and explainers: they ask or argue, they tell no incident
_VIEW_HEADLINE = re.compile(
    r"(?i)\s*(?:(?:analysis|opinion|explainer|comment|commentary|editorial|q&a|insight|"
    r"viewpoint|perspective)\s*[:|-]|(?:why|how|what|who|is|are|can|will|should)\b[^:]*\?$"
    r"|(?:why|how)\s)"
)
_MULTITUDE = re.compile(r"(?i)\b(?:tens|hundreds) of thousands\b")
# A summary of several incidents, headline or not: "29 killed in spate of armed attacks".
# "neutralised seven terrorists in separate operations", "killed during intelligence-based
# operations": the acts told as several, which the report may go on to tell one by one.
SUMMARY = re.compile(
    r"(?i)\b(?:an? )?(?:series|spate|wave|string) of\b"
    r"|\b(?:in|during) (?:\w+[- ]){0,2}?(?:separate|several|multiple|different|various|two|three|"
    r"four|five) (?:\w+[- ])?(?:operations|attacks|incidents|clashes|raids|engagements)\b"
    r"|\bduring (?:\w+[- ]){0,2}?(?:operations|raids)\b"
    # "Israeli air strikes killed at least 22 Palestinians across the Gaza Strip"
    r"|\b(?:strikes|attacks|raids|bombings|airstrikes)\b[^.;]{0,80}?\bacross\b"
    # "killed 14 civilians in overnight attacks on two villages"
    r"|\b(?:attacks|raids|strikes|assaults) on (?:two|three|four|five|six|several|multiple) "
    r"(?:villages|towns|communities|localities|sites|camps|districts)\b"
)
# Long-running processes: "the war has killed", "the protests have seen 22 killed".
_PROCESSES = {"war", "conflict", "insurgency", "crisis", "violence", "fighting", "protest",
              "unrest", "campaign", "uprising", "bloodshed"}  # fmt: skip
# Verbs that hold a kind of act as a topic, not an occurrence: "accuse the military
# of killings", "is facing resistance", "resorting to artillery strikes".
_TOPIC_VERBS = {"accuse", "face", "resort", "grapple", "blame", "prove", "fear", "fuel",
                "escalate", "intensify", "worsen", "struggle", "crush"}  # fmt: skip
# A period this long is a trend or a total, not the date of one incident.
LONG_PERIOD_DAYS = 31


# A general staff's tally of a front: attacks counted per sector ("direction", "axis"),
# or "combat engagements" counted for the whole front.
_TALLY = re.compile(
    r"(?i)\b(?:\d[\d,]*|[a-z]+) (?:times\b|(?:enemy |unsuccessful )?(?:attacks|assaults|"
    r"shellings|clashes|attempts|combat engagements|engagements|offensive actions)\b)"
)
# "in the Kupiansk direction", "in this direction", "on the Zaporizhzhia axis"
_SECTOR = re.compile(
    r"(?i)\b(?:in|on) (?:the|this|that) (?:[A-Z][\w-]*(?:,? (?:and )?[A-Z][\w-]*)* )?"
    r"(?:directions?|axis|axes|sectors?)\b"
)
_ENGAGEMENTS = re.compile(r"(?i)\bcombat engagements\b")
# "launched 71 air strikes", "carried out 3,104 shellings": acts counted by the score
# (from 50: "destroyed 29 of 31 drones launched overnight" is one night's attack)
_MANY_ACTS = re.compile(
    r"(?i)\b(\d{1,3}(?:,\d{3})+|[5-9]\d|\d{3,}|hundreds of|thousands of) (?:[a-z-]+ ){0,4}"
    r"(?:strikes|airstrikes|shellings|attacks|"
    r"assaults|bombs|drones|missiles|rockets|shells)\b"
)


_DAILY = re.compile(r"(?i)\s*(?:over|during|in) the (?:past|last) (?:day|24 hours|night)\b")


def _front_tally(d: Draft, text: str) -> bool:
    """ "In the Kupiansk direction, the enemy attacked 9 times", "Yesterday, the enemy
    launched 71 air strikes": a general staff's daily tally of a front, no incident."""
    if _TALLY.search(text) and (_SECTOR.search(text) or _ENGAGEMENTS.search(text)):
        return True
    if _SECTOR.search(text) and not d.places:
        return True  # "112 occupiers were neutralised in this direction yesterday"
    if _DAILY.match(text) and not d.places:
        return True  # "Over the past day, artillery hit 11 areas of concentration ..."
    return bool(_MANY_ACTS.search(text)) and not d.places


_ONE_DAY_OF = re.compile(r"(?i)\b(?:a|one|another) (?:new )?day of\b")
_PERIOD_NOUNS = {"year", "month", "week", "decade"}  # "a day of protests" is one day


def _over_a_period(main: Token) -> bool:
    """ "a year of gains", "months of fighting", "two weeks of clashes": acts summed over
    a period named as their measure, no one incident."""
    if main.pos_ != "NOUN" or main.dep_ != "pobj" or main.head.lower_ != "of":
        return False
    period = main.head.head
    return period.lemma_.lower() in _PERIOD_NOUNS and (
        period.tag_ == "NNS" or any(c.lower_ in ("a", "one") for c in period.children)
    )


def long_period(date: DateMention | None) -> bool:
    """A date that spans more than a month: a period, no day of one act."""
    return bool(
        date is not None
        and date.start_date
        and date.end_date
        and (date.end_date - date.start_date).days > LONG_PERIOD_DAYS
    )


def generic(d: Draft) -> bool:
    """The mention tells no specific occurrence: a habit, a trend, the toll of a whole
    war, an accusation in general.  A headline is never generic here."""
    sent = d.sents[0]
    doc = sent.doc
    if all(_over_a_period(t.head(doc)) for t in d.triggers if not t.term.weak) and not (
        _ONE_DAY_OF.search(sent.text)  # "closed a month of protests with a day of violence"
    ):
        return True  # "After a year of gains, the Arakan Army's hardest battles may lie ahead"
    if headline(sent):
        # "Analysis: Why American bombs have not stopped the Houthis": a piece's question
        return bool(_VIEW_HEADLINE.match(sent.text))
    if not d.report_dated and long_period(d.date):
        return True  # "more than 300 air strikes in the last year"
    clause = clause_verb(d.main)
    words = (
        " ".join(t.text for t in clause.subtree) if clause.pos_ in ("VERB", "AUX") else sent.text
    )
    if clause.dep_ in ("xcomp", "advcl", "pcomp") and clause.head.pos_ in ("VERB", "AUX"):
        # "had spent three and a half years fighting alongside ...": the verb it hangs on
        words = " ".join(t.text for t in clause.head.subtree)
    if d.main.dep_ == "acl":
        # "with a record number of civilians killed": the phrase the participle counts in
        phrase = d.main.head
        while phrase.head.i != phrase.i and phrase.head.pos_ in ("ADP", "NOUN", "PROPN"):
            phrase = phrase.head
        words += " " + " ".join(t.text for t in phrase.subtree)
    if _HABITUAL.search(words):
        return True
    if _front_tally(d, sent.text):
        return True
    if _MULTITUDE.search(words) and "protest" not in d.classes:
        # "the war has killed tens of thousands"; but "tens of thousands marched" is a crowd
        return True
    if _present_in_prose(d.main, sent) or (_ongoing_in_prose(d.main, sent) and not d.counts):
        return True  # "as cartels fight over drug routes": a report tells its acts in the past
    if d.date is None and d.main.tag_ == "NNS" and _present_perfect(clause) and _prose(sent):
        return True  # "Benin and Togo have already suffered deadly attacks": a record, undated
    if any(_process_tells(v) for v in (clause, clause.head)):
        return True  # "the war has killed tens of thousands", "protests have seen 22 killed"
    if _running_toll(clause):
        return True
    if _episode_toll(d):
        return True
    if any(c.dep_ == "det" and c.lower_ in ("every", "each", "any") for c in d.main.children):
        return True  # "Every missile, every strike drone proves that ...": any, not one
    if d.main.tag_ == "NNS" and any(c.lower_ == "such" for c in d.main.children):
        return True  # "were involved in such attacks": attacks of that kind, not these
    return d.main.pos_ == "NOUN" and _topic_of(d.main)


def _present_in_prose(verb: Token, sent) -> bool:
    """An act in the simple present in a sentence of the report's prose (one that ends
    as a sentence does): "cartels fight over fuel theft", "bandits attack villages".
    Headlines ("Gunmen kill eight", a line with no full stop) tell news in the present."""
    if verb.tag_ not in ("VBP", "VBZ") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    return _prose(sent)


def _ongoing_in_prose(verb: Token, sent) -> bool:
    """ "says it is fighting a corrupt system": an act going on, told with no toll of its
    own, is a course of action, not an incident."""
    if verb.tag_ != "VBG":
        return False
    aux = [c for c in verb.children if c.dep_ == "aux"]
    if not aux and verb.dep_ in ("advcl", "xcomp") and _in_present(verb.head):
        # "security forces are stretched thin, battling extremists in the northeast"
        return _prose(sent)
    return bool(aux) and all(c.tag_ in ("VBZ", "VBP") for c in aux) and _prose(sent)


def _in_present(verb: Token) -> bool:
    """A verb told in the present: "are stretched", "fight", "is"."""
    if verb.tag_ in ("VBP", "VBZ"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBP", "VBZ") for c in verb.children)


def _present_perfect(verb: Token) -> bool:
    return any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children
    )


def _prose(sent) -> bool:
    return sent.text.rstrip().rstrip("\"'’”)").endswith((".", "!"))


def _process_tells(verb: Token) -> bool:
    """A long-running process is the subject of a verb in the present or perfect."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return verb.tag_ in ("VBZ", "VBP", "VBN") and any(
        s.lemma_.lower() in _PROCESSES for s in subjects
    )


def _episode_toll(d: Draft) -> bool:
    """ "More than 1,000 people were killed in that violence": the toll of an episode the
    report told before (weeks of it), no incident of its own."""
    if d.date is not None and d.date.precision == 1:
        return False
    episode = prep_object(d.main, {"in", "during"})
    return (
        episode is not None
        and (
            episode.lemma_.lower() in _PROCESSES
            # "more than 1,400 people were killed in those clashes": many acts summed
            or (episode.tag_ == "NNS" and episode.lemma_.lower() in _ACTS)
        )
        and determiner(episode) in ("that", "this", "those", "these")
        and any((c.value or 0) >= _EPISODE_TOLL for c in d.counts)
    )


_ACTS = {"clash", "attack", "strike", "raid", "killing", "bombing", "massacre", "airstrike"}
# A toll this high told for "that violence" is an episode's, not one act's
_EPISODE_TOLL = 50


def _running_toll(verb: Token) -> bool:
    """ "have been arrested and at least 2,000 killed since then": a count kept since
    some start, in the perfect, is a running total."""
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    if not perfect and verb.dep_ == "conj":
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.head.children)
    return perfect and any(t.lower_ == "since" for t in verb.subtree)


def _topic_of(tok: Token) -> bool:
    """The act is what someone accuses, faces or resorts to, not a thing that happened;
    "the attack", "Saturday's attack" point at one that did."""
    if (
        tok.tag_ == "NNS"
        and tok.dep_ == "pobj"
        and tok.head.lower_ == "for"
        and tok.head.head.lemma_.lower() in ("responsible", "accountable", "blame")
    ):
        return True  # "bandits are responsible for the kidnappings": blame for many acts
    if any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in tok.children):
        return False
    cur = tok
    for _ in range(3):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur.lemma_.lower() in _TOPIC_VERBS
    return False
