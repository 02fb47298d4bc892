"""Link numbers to the triggers they count: "kills at least 14", "Eight soldiers killed".

Headline grammar defeats the dependency parser often enough that the rules
here are surface patterns over tokens, checked in a small window around the
trigger, with the parse used only to find the counted noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Token

from rasid.extract.quantities import QUALIFIERS, VAGUE_RANGE, NumberPhrase, numbers
from rasid.extract.syntax import determiner
from rasid.knowledge.lexicon import TriggerMatch
from rasid.records import Count

# Trigger class -> the count kind it produces.
KIND_OF_CLASS = {
    "kill": "fatalities",
    "wound": "wounded",
    "arrest": "arrested",
    "abduct": "kidnapped",
    "destroy": "destroyed",
}
# Tokens allowed between a number and a following passive trigger:
# "Eight Iraqi soldiers [were] killed", "14 people [have been] killed".
_BRIDGE_POS = {"ADJ", "NOUN", "PROPN", "DET", "PART", "ADV", "AUX", "NUM", "PUNCT", "X", "CCONJ"}
_QUALIFIER_WORDS = {phrase for phrase, _ in QUALIFIERS}
_QUOTES = {'"', "“", "”", "'", "‘", "’"}
_BRIDGE_PUNCT = {"-", "'s", "’s", ",", *_QUOTES}
_TOLL_VERBS = {"rise", "reach", "climb", "top", "hit", "jump", "stand", "be", "mount", "increase"}
_SUBSET_CUES = {"including", "among", "include", "includes", "of whom", "among them"}
_DESTROY_LEMMAS = {"destroy", "demolish", "dismantle", "raze", "blow", "burn", "torch"}
_SEIZE_LEMMAS = {"seize", "confiscate", "capture", "find", "discover", "uncover"}


def link_counts(
    doc: Doc,
    sent_start: int,
    sent_end: int,
    triggers: Iterable[TriggerMatch],
    people: frozenset[str] = frozenset(),
) -> list[Count]:
    """Counts attached to the given triggers within one sentence [sent_start, sent_end).

    ``people`` are nouns for persons ("soldier", "journalist"): a singular one
    killed with no number counts as one death.
    """
    nums = [
        n for n in numbers(doc, sent_start, sent_end) if not _is_subset(doc, n) and not _age(doc, n)
    ]
    counts: list[Count] = []
    used: set[int] = set()
    for trig in triggers:
        kind = KIND_OF_CLASS.get(trig.cls)
        if kind is None:
            continue
        tok = trig.head(doc)
        if trig.cls == "destroy" and tok.lemma_.lower() in _SEIZE_LEMMAS:
            # "discovered and destroyed": the strongest verb of the pair decides.
            later = [c for c in tok.conjuncts if c.i > tok.i]
            destroyed = any(c.lemma_.lower() in _DESTROY_LEMMAS for c in later)
            kind = "destroyed" if destroyed else "seized"
        found = _conjoined(doc, _numbers_for(doc, trig, nums, people), nums)
        for num in found:
            if num.i in used:
                continue
            used.add(num.i)
            counts.append(
                _count(kind, num, _counted_noun(doc, num) if kind != "fatalities" else None)
            )
        if found and kind in ("fatalities", "wounded"):
            # "killed two children and a woman": one more for each person added
            counted = doc[found[-1].i].head if doc[found[-1].i].dep_ == "nummod" else None
            counts.extend(_one(kind, p) for p in _more_people(counted, people))
        if not found:
            single = (
                _single_victim(doc, trig, sent_start) if kind in ("fatalities", "wounded") else None
            )
            if (
                single is not None
                and single.ent_type_ != "PERSON"
                and single.lemma_.lower() not in people
            ):
                single = None
            if single is not None:
                # "killed a commander and his driver": each person named is one;
                # "a woman and her two children": and a number of them counts
                counts.extend(_one(kind, p) for p in (single, *_more_people(single, people)))
                by_token = {n.i: n for n in nums}
                counts.extend(
                    _count(kind, by_token[g.i], None)
                    for c in single.conjuncts
                    if c.i > single.i and c.lemma_.lower() in people
                    for g in c.children
                    if g.dep_ == "nummod" and g.i in by_token and g.i not in used
                )
            elif trig.cls == "destroy":
                counts.extend(_unnumbered_objects(doc, tok, kind))
    return counts


def _counts_things(doc: Doc, num: NumberPhrase, people: frozenset[str]) -> bool:
    """The number counts a noun that is no person ("seven motorbikes")."""
    noun = doc[num.j] if num.j < len(doc) else None
    return (
        bool(people)
        and noun is not None
        and noun.pos_ == "NOUN"
        and (noun.lemma_.lower() not in people)
    )


# "14 people are known to have died", "were reported to have been killed"
_KNOWN_TO_HAVE = re.compile(
    r"^(?:\w+ )?(?:are|were|is|was) (?:known|reported|said|believed|feared|confirmed|thought) "
    r"to have(?: been)?$"
)


def _known_to_have(gap) -> bool:
    """The words between a number and its verb only say how the toll is known."""
    return bool(_KNOWN_TO_HAVE.match(" ".join(t.lower_ for t in gap)))


def _age(doc: Doc, num: NumberPhrase) -> bool:
    """ "Mamadou Bela Balde, 30, was shot": a person's age set off by commas."""
    if num.i < 2 or num.j >= len(doc) or doc[num.i - 1].text != "," or doc[num.j].text != ",":
        return False
    name = doc[num.i - 2]
    return name.ent_type_ == "PERSON" or name.pos_ == "PROPN"


def _numbers_for(
    doc: Doc, trig: TriggerMatch, nums: list[NumberPhrase], people: frozenset[str]
) -> list[NumberPhrase]:
    tok = trig.head(doc)
    first = doc[trig.start]
    out: list[NumberPhrase] = []
    # Number after the trigger: "kills 25", "killing at least 14", "bodies of 14",
    # "toll rises to 50", "arrested 5 suspects", 'kills "22"', "kills family of five",
    # "kills ISIS leader, 26 members".
    after = [n for n in nums if n.i >= trig.end]
    if after:
        n = after[0]
        gap = [t for t in doc[trig.end : n.i] if t.text not in _QUOTES]
        lemmas = [t.lemma_.lower() for t in gap]
        if (
            not gap
            or lemmas in (["of"], ["the"])
            or " ".join(lemmas) in _QUALIFIER_WORDS
            or (
                trig.cls == "kill"
                and tok.pos_ == "NOUN"
                and len(gap) <= 6
                and (
                    set(lemmas) & _TOLL_VERBS
                    and (lemmas[-1] in ("to", "at") or gap[-1].pos_ == "VERB")
                )
            )
            or len(gap) <= 3
            and lemmas[-1] == "of"
            and any(t.pos_ == "NOUN" for t in gap[:2])
            or (
                tok.pos_ == "VERB"
                and len(gap) <= 4
                and gap[-1].text == ","
                and all(t.pos_ in ("DET", "ADJ", "NOUN", "PROPN") for t in gap[:-1])
                # "four people killed, seven motorbikes ... torched": not people
                and not _counts_things(doc, n, people)
            )
        ):
            out.append(n)
    if out:
        return out
    # Number before the trigger: "Eight Iraqi soldiers killed", "14 dead", "11 die".
    before = [n for n in nums if n.j <= trig.start]
    # "Twenty militants killed northern Iraq": a headline verb whose "object"
    # is a place or a source is still a passive with its victims on the left.
    intransitive = tok.tag_ in ("VBD", "VBZ", "VBP") and not any(
        c.dep_ == "dobj" and (c.like_num or c.lemma_.lower() in people or trig.cls != "kill")
        for c in tok.children
    )
    if before and (
        intransitive or tok.tag_ in ("VBN", "JJ", "NNS", "NN") or tok.pos_ in ("ADJ", "NOUN")
    ):
        n = before[-1]
        gap = _without_asides(doc[n.j : first.i])
        if (
            len(gap) <= 7
            and all(
                (t.pos_ in _BRIDGE_POS and t.pos_ != "PUNCT")
                or t.text in _BRIDGE_PUNCT
                or (t.tag_ == "VBN" and t.dep_ == "amod")  # "blindfolded bodies"
                or t.lower_ == "of"
                for t in gap
            )
            and not any(t.lemma_.lower() in ("be", "have") and t.pos_ == "VERB" for t in gap)
            and not _counts_a_trigger_noun(doc, n)
        ) or _known_to_have(gap):
            out.append(n)
    return out


def _without_asides(gap) -> list[Token]:
    """ "nine civilians, including two boys, were killed": the part set off by commas
    says who was among them; the number still counts the killed."""
    out: list[Token] = []
    skipping = False
    for k, t in enumerate(gap):
        if skipping:
            skipping = t.text != ","
            continue
        if t.text == "," and k + 1 < len(gap) and gap[k + 1].lower_ in ("including", "among"):
            skipping = True
            continue
        out.append(t)
    return out


def _counts_a_trigger_noun(doc: Doc, num: NumberPhrase) -> bool:
    """'7 bombs hit', 'Three car bombs kill': the number counts weapons, not victims."""
    noun = _counted_noun(doc, num)
    return noun is not None and noun.lower() in {
        "bomb", "bombs", "car bombs", "blasts", "blast", "attacks", "attack", "explosions", "rockets",
        "mortars", "shells", "strikes", "airstrikes", "raids", "bombings", "clashes",
    }  # fmt: skip


def _conjoined(doc: Doc, found: list[NumberPhrase], nums: list[NumberPhrase]) -> list[NumberPhrase]:
    """Numbers coordinated with the found ones count the same thing:
    'destroyed 22 shelters and 5 tunnels', 'killed five soldiers and two
    civilians', 'At least 7 protesters and three police officers were injured'."""
    if not found:
        return found
    out = list(found)
    for step in (1, -1):
        last = out[-1] if step == 1 else out[0]
        for n in nums if step == 1 else reversed(nums):
            if (n.i - last.i) * step <= 0:
                continue
            if not _coordinated(doc, *((last, n) if step == 1 else (n, last))):
                break
            if step == 1:
                out.append(n)
            else:
                out.insert(0, n)
            last = n
    return out


def _coordinated(doc: Doc, left: NumberPhrase, right: NumberPhrase) -> bool:
    """'5 soldiers and 2 civilians', '3 shelters, 2 tunnels': the first number's
    noun and a conjunction between.  Without that noun it is another count:
    'kills six, wounds 30', 'One dead, three wounded'; and '12 people, 5 of
    them soldiers' is a part, not more."""
    gap = list(doc[left.j : right.i])
    after = doc[right.j] if right.j < len(doc) else None
    cut = next((k for k, t in enumerate(gap) if t.lower_ in ("and", ",")), None)
    if cut is None or len(gap) > 4 or (after is not None and after.lower_ == "of"):
        return False
    noun, joint = gap[:cut], gap[cut:]
    return (
        any(t.pos_ in ("NOUN", "PROPN") for t in noun)
        and all(t.pos_ in ("NOUN", "ADJ", "PROPN") for t in noun)
        and all(t.pos_ in ("CCONJ", "PUNCT") for t in joint)
    )


def _counted_noun(doc: Doc, num: NumberPhrase) -> str | None:
    """The noun a number counts: '22 terrorist shelters' -> 'terrorist shelters'."""
    k = num.j
    words = []
    while (
        k < len(doc)
        and k < num.j + 4
        and doc[k].pos_ in ("ADJ", "NOUN", "PROPN")
        and doc[k].text not in ",."
    ):
        words.append(doc[k].text)
        if doc[k].pos_ == "NOUN" and (k + 1 >= len(doc) or doc[k + 1].pos_ != "NOUN"):
            break
        k += 1
    return " ".join(words) or None


def _is_subset(doc: Doc, num: NumberPhrase) -> bool:
    """'kills 12, including 5 policemen': the 5 are part of the 12.

    "Journalist among 19 killed" is the other way round: the number straight
    before the participle is the whole toll.
    """
    prev = [t.lower_ for t in doc[max(0, num.i - 2) : num.i]]
    if not (set(prev) & _SUBSET_CUES or " ".join(prev) in _SUBSET_CUES):
        return False
    after = doc[num.j] if num.j < len(doc) else None
    return not (prev[-1:] == ["among"] and after is not None and after.tag_ in ("VBN", "JJ"))


def _single_victim(doc: Doc, trig: TriggerMatch, s0: int) -> Token | None:
    """'its soldier ... was killed', 'a policeman was shot dead': one named or singular victim."""
    tok = trig.head(doc)
    if tok.pos_ == "ADJ" and len(trig.term.words) > 1:
        # "gunmen on a motorcycle shot dead a senior official": the parser read
        # "shot" as a noun and made "dead" the predicate, with the victim as object
        return next((c for c in tok.children if c.dep_ == "dobj" and c.tag_ == "NN"), None)
    # headline present tense the small model tags as a bare form ("Gunmen kill Sunni
    # cleric"): a subject and no auxiliary make it finite
    finite_vb = (
        tok.tag_ == "VB"
        and any(c.dep_ == "nsubj" for c in tok.children)
        and not any(c.dep_ == "aux" for c in tok.children)
    )
    if tok.pos_ not in ("VERB", "AUX") or (
        tok.tag_ not in ("VBN", "VBD", "VBG", "VBZ", "VBP") and not finite_vb
    ):
        return None  # "killed", "killing a farmer", "kills a policeman"; not "to kill"
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.tag_ in ("NN", "NNP"):
        return tok.head  # "Iraqi journalist killed in Mosul"
    passive_form = tok.tag_ in ("VBN", "VBD")
    if (
        trig.cls == "kill"
        and passive_form
        and not any(c.dep_ in ("dobj", "auxpass") for c in tok.children)
    ):
        # Headline grammar: "Policeman shot dead in Kirkuk", "Turkish soldier dies".
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.tag_ in ("NN", "NNP") and determiner(subj) != "no":
            return subj
    if any(c.dep_ == "auxpass" for c in tok.children) and not any(
        c.dep_ == "nsubjpass" for c in tok.children
    ):
        # The parser lost the passive subject ("its soldier named X ... was killed"):
        # take the nearest singular subject noun to the left in the sentence.
        for left in reversed(doc[max(s0, tok.i - 15) : tok.i]):
            if left.dep_ in ("nsubj", "nsubjpass") and left.tag_ == "NN":
                return left
        return None
    for child in tok.children:
        if (
            child.dep_ in ("nsubjpass", "dobj")
            and child.tag_ in ("NN", "NNP")
            and child.ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC")
        ):
            if (
                child.dep_ == "dobj"
                and child.tag_ == "NN"
                and child.lower_ in ("one", "anyone", "anybody")
            ):
                return None
            if not any(
                c.dep_ == "det" and c.lower_ in ("no", "every", "each") for c in child.children
            ):
                return child
    return None


def _unnumbered_objects(doc: Doc, tok: Token, kind: str) -> list[Count]:
    """'seized large amounts of explosives and suicide belts': counted, number unknown."""
    out = []
    for child in tok.children:
        if child.dep_ not in ("dobj", "nsubjpass"):
            continue
        heads = [child, *[c for c in child.conjuncts]]
        for head in heads:
            noun = head
            if head.lemma_.lower() in ("amount", "quantity", "number", "lot", "cache") and any(
                c.dep_ == "prep" and c.lower_ == "of" for c in head.children
            ):
                pobj = [
                    g
                    for c in head.children
                    if c.lower_ == "of"
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
                noun = pobj[0] if pobj else head
                heads += [c for c in noun.conjuncts if c not in heads]
            span = (
                doc[noun.left_edge.i : noun.i + 1]
                if noun.left_edge.i >= head.left_edge.i
                else doc[noun.i : noun.i + 1]
            )
            obj = " ".join(t.text for t in span if t.pos_ in ("NOUN", "ADJ", "PROPN"))
            out.append(
                Count(
                    kind,
                    None,
                    None,
                    None,
                    "unknown",
                    span.text,
                    span.start_char,
                    span.end_char,
                    obj or noun.text,
                )
            )
    return out


def _more_people(head: Token | None, people: frozenset[str]) -> list[Token]:
    """Single persons coordinated after ``head`` with no number of their own."""
    if head is None:
        return []
    return [
        c
        for c in head.conjuncts
        if c.i > head.i
        and c.tag_ in ("NN", "NNP")
        and (c.lemma_.lower() in people or c.ent_type_ == "PERSON")
        and not any(g.dep_ == "nummod" for g in c.children)
    ]


def _one(kind: str, person: Token) -> Count:
    return Count(kind, 1, 1, 1, "exact", person.text, person.idx, person.idx + len(person.text))


def _count(kind: str, num: NumberPhrase, obj: str | None) -> Count:
    return Count(
        kind, num.value, num.low, num.high, num.qualifier, num.text, num.start, num.end, obj
    )


def total_fatalities(counts: list[Count], text: str, offset: int = 0) -> Count | None:
    """Fold fatality counts of one event into one Count (sum; the conservative qualifier)."""
    fat = [c for c in counts if c.kind == "fatalities"]
    # "kill dozens" beside "killed at least 33": the number is the toll
    fat = [c for c in fat if not vague(c)] or fat
    if not fat:
        return None
    if len(fat) == 1:
        return fat[0]
    if any(c.value is None for c in fat):
        return fat[0]
    total = sum(c.value for c in fat)
    qualifier = "exact" if all(c.qualifier == "exact" for c in fat) else "at_least"
    first, last = min(fat, key=lambda c: c.start), max(fat, key=lambda c: c.end)
    return Count(
        "fatalities",
        total,
        total,
        total if qualifier == "exact" else None,
        qualifier,
        text[first.start - offset : last.end - offset],
        first.start,
        last.end,
    )


def vague(count: Count) -> bool:
    """A count told by a word, not a number ("dozens", "several")."""
    return count.text.lower() in VAGUE_RANGE


def as_reported(count: Count | None) -> Count | None:
    """The count as an analyst may add it up: a vague word gives no number, only the
    range it is consistent with ("dozens": 13 to 99) and the qualifier "vague"; the
    article's own tolls are what ACLED-style sums compare with."""
    if count is None or not vague(count):
        return count
    low, high = VAGUE_RANGE[count.text.lower()]
    return replace(count, value=None, low=low, high=high, qualifier="vague")
