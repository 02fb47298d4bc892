"""Who is speaking: a name, a role, an organisation and the outlet spoken to.

A speaker is read from the subject of a reporting verb ("Ahmed al-Musawi, a
member of the Iraqi parliament's Security and Defense Committee, confirmed")
and later references ("he added", "al-Jubouri said", "added the military
expert") are resolved back to the first full mention, so an analyst sees one
person under one name across the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from rasid.extract.attribution import REPORTING_VERBS
from rasid.extract.doccache import ents_in
from rasid.knowledge.speech import SpeechKnowledge
from rasid.records import Actor, Speaker

PRONOUNS = {"he", "she", "they", "him", "her", "them", "it", "we", "i", "who", "which"}
_PERSONAL = {"he", "she", "him", "her", "who"}
# What an organisation issues: "the statement said" is the organisation speaking.
ISSUED = frozenset({"statement", "communique", "communiqué", "announcement", "release"})
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "another", "his", "her"}
_NAME_PREFIX = re.compile(r"^(?:al|el|ad|as|ar|an|at|az|ash|abu|bin|ibn)[-‑ ]", re.IGNORECASE)
_TITLES = {
    "mr", "mrs", "ms", "dr", "sen", "senator", "rep", "gov", "governor", "president",
    "general", "gen", "lt", "col", "colonel", "major", "maj", "brig", "sheikh", "minister",
    "secretary", "judge", "prof", "professor", "former", "mayor", "speaker", "leader",
    "commander", "spokesman", "spokeswoman", "chief", "prime", "vice", "deputy",
}  # fmt: skip


# How far back "it" may point to an organisation: about two sentences.
ORGANIZATION_REACH = 300


@dataclass(frozen=True)
class Mention:
    """A speaker as written at one statement, before resolution."""

    text: str
    start: int
    end: int
    name: str | None  # a person's name as written, or an organisation's canonical name
    role: str | None
    organization: str | None
    kind: str  # person | organization | pronoun | nominal


def _strip(text: str) -> str:
    return text.strip(" ,;:—–-\n\t\"'“”‘’")


def name_key(name: str) -> str:
    """'Abdul Razaq al-Jubouri' -> 'jubouri': the part later references use."""
    last = re.split(r"\s+", name.strip())[-1]
    return _NAME_PREFIX.sub("", last.replace("’s", "").replace("'s", "")).casefold()


# Dependencies to climb from a participle to the verb whose subject speaks:
# "..., saying that", "followed that by saying, ...", "continued by saying".
_CLIMB = ("advcl", "xcomp", "conj", "ccomp", "acl", "pcomp", "pobj", "prep")


_INDEFINITE = {"anyone", "anybody", "nobody", "everyone", "everybody", "someone", "somebody"}


def subject_of(verb: Token) -> list[Token]:
    """The subject tokens of ``verb``, walking up participles ("..., saying that")."""
    cur = verb
    for _ in range(5):
        subjects = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        subjects = [c for c in subjects if c.dep_ != "expl"]
        if subjects and subjects[0].lower_ in ("who", "that", "which") and cur.dep_ == "relcl":
            return [cur.head]  # "experts who think ...": the experts
        if (
            subjects
            and cur.i != verb.i
            and cur.dep_ == "ccomp"
            and cur.head.lemma_.lower() in REPORTING_VERBS
        ):
            # "the Cell said the strike was carried out ..., adding that ...": the
            # participle hung inside what was said; the one who said it adds
            cur = cur.head
            continue
        if subjects and not (cur.i != verb.i and subjects[0].lower_ in _INDEFINITE):
            return subjects
        # "denied that anyone had been beaten, saying ...": nobody in particular
        # says anything; the participle belongs higher up
        if cur.dep_ in _CLIMB and cur.head.i != cur.i:
            if cur.dep_ == "ccomp" and cur.head.i > cur.i:
                break  # "X happened, he said": X's subject is not the speaker
            cur = cur.head
            continue
        break
    # "..., added the military expert": the speaker follows the verb.
    after = [
        c
        for c in verb.children
        if c.i > verb.i and c.dep_ in ("dobj", "attr", "npadvmod", "nsubj") and c.pos_ != "PRON"
    ]
    after += [c for c in verb.children if c.i > verb.i and c.lower_ in PRONOUNS]
    return after[:1] if verb.i > 0 and verb.nbor(-1).is_punct else []


def mention_from(
    tokens: Sequence[Token], doc: Doc, actors: Sequence[Actor], speech: SpeechKnowledge
) -> Mention | None:
    """Read name, role and organisation from the subject tokens of a cue."""
    if not tokens:
        return None
    head = tokens[0]
    left = min(t.left_edge.i for t in tokens)
    right = max(t.right_edge.i for t in tokens)
    span = doc[left : right + 1]
    if head.lower_ in PRONOUNS and len(span) == 1:
        kind = "pronoun" if head.lower_ in _PERSONAL | {"they", "we", "i"} else "nominal"
        return Mention(head.text, head.idx, head.idx + len(head), None, None, None, kind)
    # Relative clauses and trailing participles are not part of the speaker.
    for tok in span:
        if tok.dep_ in ("relcl", "acl") and tok.head.i in {t.i for t in tokens}:
            right = min(right, tok.left_edge.i - 1)
    span = doc[left : right + 1]
    person = _person(span, speech)
    org = next(
        (
            a
            for a in actors
            if span.start_char <= a.start < span.end_char
            and a.type != "civilians"
            and not _modifier_of_role(doc, a)
        ),
        None,
    )
    organization = org.name if org is not None else _org_entity(span, person, speech)
    if person is not None:
        role = _role(span, person)
        return Mention(
            span.text,
            span.start_char,
            span.end_char,
            _clean_name(person),
            role,
            organization,
            "person",
        )
    text = _strip(span.text)
    if not text:
        return None
    if org is not None and len(text) <= len(org.text) + 12:
        return Mention(
            text, span.start_char, span.end_char, org.name, None, org.name, "organization"
        )
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    nominal = " ".join(words) or text
    if head.pos_ == "PROPN" and not speech.is_outlet(text):
        # A proper name spaCy did not tag ("Al-Hayani added").
        name = _clean_name(_propn_run(head))
        return Mention(text, span.start_char, span.end_char, name, None, organization, "person")
    return Mention(text, span.start_char, span.end_char, None, nominal, organization, "nominal")


def _modifier_of_role(doc: Doc, actor: Actor) -> bool:
    """'Iraqi military expert': the actor words describe a role, not an employer."""
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    return nxt.pos_ == "NOUN" and span[-1].head.i == nxt.i


def _person(span: Span, speech: SpeechKnowledge) -> Span | None:
    people = [
        e
        for e in ents_in(span)
        if e.label_ == "PERSON"
        and not speech.is_outlet(e.text)
        and len(e.text) > 1
        and not _where(e)
    ]
    if not people:
        return None
    # "Zamfara police spokesman Yazid Abubakar": the name at the phrase's head
    root = span.root
    head = next((e for e in people if e.start <= root.i < e.end), None)
    if head is not None:
        return head
    # "Merkel's spokesman, Steffen Seibert", "Sanders's supporters": the owner is
    # not the one speaking, except of what the owner issues ("Ivanka Trump's statement")
    return next((e for e in people if e.root.dep_ != "poss" or e.root.head.lower_ in ISSUED), None)


_LOCATIVE = {"in", "at", "near", "from", "outside"}


def _where(ent: Span) -> bool:
    """'a police officer in Tuz Khurmatu': a name after 'in' is where, not who
    (the small model tags many Iraqi towns PERSON)."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE


def _org_entity(span: Span, person: Span | None, speech: SpeechKnowledge) -> str | None:
    for e in ents_in(span):
        apart = person is None or e.start >= person.end or e.end <= person.start
        if e.label_ == "ORG" and apart and not speech.is_outlet(e.text):
            return _strip(e.text)
    return None


def _propn_run(tok: Token) -> Span:
    doc = tok.doc
    start = tok.i
    while start > 0 and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].text in "-‑"):
        start -= 1
    end = tok.i + 1
    while end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].text in "-‑"):
        end += 1
    return doc[start:end]


def _clean_name(person: Span) -> str:
    words = _strip(person.text).split()
    while len(words) > 1 and words[0].rstrip(".").lower() in _TITLES:
        words = words[1:]
    name = " ".join(words)
    return re.sub(r"[’']s$", "", name)


def _role(span: Span, person: Span) -> str | None:
    """'a member of the ... Committee' (apposition) or 'Iraqi military expert' (pre-modifier)."""
    after = span.doc[person.end : span.end]
    if after and after[0].text == ",":
        role = _strip(after.text)
        if role:
            return role
    before = span.doc[span.start : person.start]
    words = [t for t in before if t.pos_ in ("ADJ", "NOUN", "PROPN", "ADP", "DET", "PART")]
    if words:
        role = _strip(span.doc[words[0].i : person.start].text)
        first, *rest = role.split() or [""]
        if first.lower() in ("the", "a", "an") and rest:
            role = " ".join(rest)
        return role or None
    return None


def _named(s: Speaker) -> bool:
    """A speaker with a name of its own, not a bare noun ("police said") whose
    name is only its words: such a speaker is no antecedent for "he said"."""
    return bool(s.name) and (s.text or "") != (s.name or "").lower()


def _other_first_name(a: str, b: str) -> bool:
    """'Sani Abubakar' and 'Yazid Abubakar' share a surname, not a person."""
    wa, wb = a.split(), b.split()
    return len(wa) > 1 and len(wb) > 1 and wa[0].casefold() != wb[0].casefold()


class SpeakerResolver:
    """Resolves later references to speakers already introduced in the article."""

    def __init__(
        self,
        people: Sequence[tuple[int, str, bool]],
        organizations: Sequence[tuple[int, str, str]] = (),
    ):
        # (character offset, name, is a subject) of every PERSON named outside
        # what others said: a pronoun speaker refers to the latest of these,
        # preferring the latest subject ("Bob met with Stevens ... he said": Bob).
        self.people = sorted(people)
        # (character offset, canonical name, text) of the organisations the
        # article names: "the service said" after "the Counter-Terrorism Service".
        self.organizations = sorted(organizations)
        self.known: list[tuple[int, Speaker]] = []

    def resolve(self, mention: Mention, *, saying: bool = False) -> Speaker:
        """The speaker a mention names, remembered for later references.  With
        ``saying`` (a verb of saying), "It said ..." is the organisation that
        spoke or acted just before."""
        speaker = Speaker(
            name=mention.name,
            role=mention.role,
            organization=mention.organization,
            start=mention.start,
            end=mention.end,
            text=mention.text,
        )
        org = None
        if (
            mention.kind in ("person", "organization")
            and len(mention.text.split()) == 2
            and mention.text.casefold().startswith("the ")
        ):
            # "the Cell said", "the Service added": a name's head word, capitalised
            org = self._organization(mention)
        if org is not None:
            speaker = replace(speaker, name=org, role=None, organization=org)
        elif mention.kind == "person" and mention.name:
            full = self._by_name(mention.name)
            if full is not None:
                speaker = replace(
                    speaker,
                    name=full.name if len(full.name or "") > len(mention.name) else mention.name,
                    role=speaker.role or full.role,
                    organization=speaker.organization or full.organization,
                )
        elif mention.kind == "pronoun":
            speaker = self._pronoun(mention, speaker)
        elif mention.kind == "nominal" and mention.role:
            earlier = self._by_role(mention.role)
            if earlier is not None:
                speaker = replace(
                    speaker,
                    name=earlier.name,
                    role=earlier.role,
                    organization=speaker.organization or earlier.organization,
                )
            elif (org := self._organization(mention)) is not None:
                speaker = replace(speaker, name=org, role=None, organization=org)
            else:
                speaker = replace(speaker, name=mention.role, role=None)
        elif saying and mention.text.lower() == "it":
            # "The ministry issued a statement. It said ...": the organisation
            speaker = self._organization_before(mention) or speaker
        self.known.append((mention.start, speaker))
        return speaker

    def _organization_before(self, mention: Mention) -> Speaker | None:
        """'It said ...': the organisation that spoke last or, failing that, the one
        named last, in this sentence or the one before (about ORGANIZATION_REACH
        characters back), or None."""
        for pos, s in reversed(self.known):
            if pos < mention.start - ORGANIZATION_REACH:
                break
            if pos < mention.start and s.name and s.name == s.organization:
                return replace(s, start=mention.start, end=mention.end, text=mention.text)
        named = [
            (pos, name)
            for pos, name, _ in self.organizations
            if mention.start - ORGANIZATION_REACH < pos < mention.start
        ]
        if not named:
            return None
        name = named[-1][1]
        return Speaker(
            name=name,
            role=None,
            organization=name,
            start=mention.start,
            end=mention.end,
            text=mention.text,
        )

    def _by_name(self, name: str) -> Speaker | None:
        """The fullest earlier speaker with the same surname ("al-Hayani" -> "Mahmoud al-Hayani")."""
        key = name_key(name)
        same = [
            s
            for _, s in reversed(self.known)
            if s.name and name_key(s.name) == key and not _other_first_name(s.name, name)
        ]
        fuller = (s for s in same if len(s.name or "") > len(name) or s.role)
        return next(fuller, same[0] if same else None)

    def _by_role(self, role: str) -> Speaker | None:
        """'the military expert' -> the earlier speaker with that role; 'the source'
        -> the earlier unnamed 'security source in Diyala'."""
        head = role.split()[-1].casefold()
        for _, s in reversed(self.known):
            if s.name and s.role and head in s.role.casefold().split():
                return s
            unnamed = s.name and not s.role and s.text and s.name.casefold() != role.casefold()
            if unnamed and head in _strip(s.text).casefold().split():
                return s
        return None

    def _organization(self, mention: Mention) -> str | None:
        """'the service', 'the ministry': the latest organisation named before
        whose name has that word; 'the statement': the latest organisation
        that spoke."""
        words = mention.text.casefold().split()
        if words[:1] in (["the"], ["a"]):
            words = words[1:]
        if (
            len(words) == 4
            and words[0] in ISSUED
            and words[1:3] in (["from", "the"], ["by", "the"])
        ):
            words = words[3:]  # "a statement from the service": the service
        elif len(words) != 1 or not mention.text.casefold().startswith("the "):
            return None
        head = words[0]
        earlier = [(p, s) for p, s in reversed(self.known) if p < mention.start]
        if head in ISSUED:
            # the organisation that spoke last ("the Cell said in a statement ...
            # the statement said"); after anyone else, nobody can tell
            last = earlier[0][1] if earlier else None
            return last.name if last is not None and last.name == last.organization else None
        named = [(s.organization, s.organization) for _, s in earlier if s.organization]
        named += [
            (name, text) for pos, name, text in reversed(self.organizations) if pos < mention.start
        ]
        return next(
            (name for name, text in named if head in f"{name} {text}".casefold().split()), None
        )

    def _pronoun(self, mention: Mention, speaker: Speaker) -> Speaker:
        if mention.text.lower() not in _PERSONAL:
            # "they", "we": a group; only an organisation speaking just before.
            last = self.known[-1][1] if self.known else None
            if last is not None and last.name and last.name == last.organization:
                return replace(speaker, name=last.name, organization=last.organization)
            return speaker
        before = [(pos, name) for pos, name, _ in self.people if pos < mention.start]
        subjects = [
            (pos, name)
            for pos, name, subject in self.people
            if subject and mention.start - 600 < pos < mention.start
        ]
        last_person = subjects[-1] if subjects else (before[-1] if before else None)
        last_speaker = next(
            ((pos, s) for pos, s in reversed(self.known) if pos < mention.start and _named(s)),
            None,
        )
        if last_speaker is not None and (
            last_person is None
            or last_speaker[0] >= last_person[0]
            or name_key(last_speaker[1].name or "") == name_key(last_person[1])
        ):
            s = last_speaker[1]
            return replace(speaker, name=s.name, role=s.role, organization=s.organization)
        if last_person is not None:
            full = self._by_name(last_person[1])
            if full is not None:
                return replace(
                    speaker, name=full.name, role=full.role, organization=full.organization
                )
            return replace(speaker, name=last_person[1])
        return speaker
