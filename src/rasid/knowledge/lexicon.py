"""The event lexicon: trigger words by class, validated at load.

Matching is done on tokens by lower-case form, lemma or a generated inflected
form, so headline capitalisation ("Suicide Bomber Kills 34") and spaCy
lemmatiser slips on title-case words do not hide a trigger.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span

from rasid.errors import KnowledgeError

CLASSES = (
    "kill", "wound", "clash", "attack", "explosion", "arrest", "abduct",
    "destroy", "territory", "operation", "protest", "riot", "consult",
)  # fmt: skip
_NOT_TRIGGERS = {"DATE", "TIME"}
_HEADS = "rasid.trigger_heads"  # doc.user_data key: (start, end) -> the phrase's root
_TERM_KEYS = {"term", "pos", "object", "weak", "needs_number"}
_OBJECTS = {None, "person", "thing", "place"}

# Irregular forms the suffix rules below cannot derive.
_IRREGULAR = {
    "go": {"went", "gone", "goes", "going"},
    "shoot": {"shot", "shooting", "shoots"},
    "fight": {"fought", "fighting", "fights"},
    "strike": {"struck", "striking", "strikes"},
    "hit": {"hit", "hits", "hitting"},
    "set": {"set", "sets", "setting"},
    "blow": {"blew", "blown", "blows", "blowing"},
    "die": {"died", "dies", "dying"},
    "take": {"took", "taken", "takes", "taking"},
    "fall": {"fell", "fallen", "falls", "falling"},
    "hold": {"held", "holds", "holding"},
    "lose": {"lost", "loses", "losing"},
    "meet": {"met", "meets", "meeting"},
    "slay": {"slew", "slain", "slays"},
    "overrun": {"overran", "overruns", "overrunning"},
    "hurt": {"hurt", "hurts", "hurting"},
    "mine": {"mines"},
    "body": {"bodies"},
    "casualty": {"casualties"},
    "fatality": {"fatalities"},
    "injury": {"injuries"},
    "gunman": {"gunmen"},
    "man": {"men"},
    "their": {"their"},
}


def inflections(word: str) -> frozenset[str]:
    """Regular English inflections of a lemma: kill -> kills, killed, killing."""
    forms = {word, word + "s", word + "es", word + "ed", word + "ing", word + "d"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word + "d", word + "s"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if (
        len(word) >= 3
        and word[-1] not in "aeiouwxy"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
    ):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return frozenset(forms | _IRREGULAR.get(word, set()))


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    cls: str
    pos: frozenset[str] = frozenset()
    object: str | None = None
    weak: bool = False
    needs_number: bool = False


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger found in a doc: the tokens [i, j) and the term that matched."""

    start: int
    end: int
    terms: tuple[Term, ...]

    @property
    def term(self) -> Term:
        return self.terms[0]

    @property
    def cls(self) -> str:
        return self.terms[0].cls

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]

    def head(self, doc: Doc):
        """The phrase's syntactic head: 'shot' in 'shot dead', 'bomb' in 'car bomb'.

        Asked many times for each trigger (modality, roles, coreference), so
        remembered on the doc: a span's root is a walk up the tree."""
        heads = doc.user_data.setdefault(_HEADS, {})
        key = (self.start, self.end)
        root = heads.get(key)
        if root is None:
            root = heads[key] = doc[self.start : self.end].root
        return root


class EventLexicon:
    """Trigger terms plus the cue lists that refine types, loaded from YAML."""

    def __init__(self, data: dict, origin: str):
        self.origin = origin
        self.terms = tuple(_parse_terms(data, origin))
        self.sub_event_cues = tuple(_parse_cues(data.get("sub_event_cues", []), origin))
        self.armed_nouns = frozenset(w.lower() for w in _word_list(data, "armed_nouns", origin))
        self.civilian_nouns = frozenset(
            w.lower() for w in _word_list(data, "civilian_nouns", origin)
        )
        self.people = self.armed_nouns | self.civilian_nouns
        self.aggregate_cues = tuple(w.lower() for w in _word_list(data, "aggregate_cues", origin))
        # The last words of each class's strong terms ("raid" for attack)
        self.class_words: dict[str, frozenset[str]] = {}
        for term in self.terms:
            if not term.weak:
                words = self.class_words.get(term.cls, frozenset())
                self.class_words[term.cls] = words | {term.words[-1]}
        self._by_last: dict[str, list[tuple[Term, tuple[frozenset[str], ...]]]] = {}
        for term in self.terms:
            word_forms = tuple(inflections(w) for w in term.words)
            if term.pos and set(term.pos) <= {"NOUN", "PROPN"}:
                # a noun has no verb forms: the mine is no "mining"
                last = term.words[-1]
                nouns = {f for f in word_forms[-1] if f == last or not f.endswith(("ing", "ed"))}
                word_forms = (*word_forms[:-1], frozenset(nouns))
            for form in word_forms[-1]:
                self._by_last.setdefault(form, []).append((term, word_forms))

    @classmethod
    def load(cls, paths: Sequence[Path] | None = None) -> EventLexicon:
        """Load the shipped lexicon, then merge user files (their terms are added)."""
        shipped = resources.files("rasid.knowledge") / "data" / "event_lexicon.yaml"
        data = _read_yaml(shipped.read_text(encoding="utf-8"), "event_lexicon.yaml")
        for path in paths or ():
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise KnowledgeError(
                    f"cannot read the lexicon file ({exc})", input=str(path)
                ) from exc
            extra = _read_yaml(text, str(path))
            for name, spec in (extra.get("classes") or {}).items():
                terms = (spec or {}).get("terms") or []
                data["classes"].setdefault(name, {"terms": []})["terms"] += terms
            for key in _WORD_LISTS:
                data[key] = list(data.get(key, [])) + _word_list(extra, key, str(path))
            data["sub_event_cues"] = list(extra.get("sub_event_cues", [])) + data["sub_event_cues"]
        return cls(data, "event_lexicon.yaml" if not paths else ", ".join(map(str, paths)))

    def find(self, tokens: Iterable, *, loose: bool = False) -> list[TriggerMatch]:
        """All trigger matches in a doc or span, longest match first at each end token.

        ``loose`` lets a verb term match a token tagged as a noun: in headlines
        ("IS executes journalist") the tagger often reads the verb as a plural.
        """
        tokens = list(tokens)
        if not tokens:
            return []
        doc = tokens[0].doc
        found: list[TriggerMatch] = []
        taken: set[int] = set()
        for tok in tokens:
            if tok.ent_type_ in _NOT_TRIGGERS:
                continue  # "March 9" is a date, not a march
            candidates = self._by_last.get(tok.lower_, []) + [
                c
                for c in self._by_last.get(tok.lemma_.lower(), [])
                if tok.lemma_.lower() != tok.lower_
            ]
            best: TriggerMatch | None = None
            for term, word_forms in candidates:
                n = len(term.words)
                first = tok.i - n + 1
                if first < tokens[0].i or tok.i in taken:
                    continue
                if any(
                    doc[first + k].lower_ not in word_forms[k]
                    and doc[first + k].lemma_.lower() != term.words[k]
                    for k in range(n - 1)
                ):
                    continue
                if (
                    n == 1  # a phrase ("set off", "car bomb") is specific enough
                    and term.pos
                    and tok.pos_ not in term.pos
                    and tok.pos_ != "PROPN"
                    and not (loose and "VERB" in term.pos and tok.pos_ == "NOUN")
                ):
                    continue
                if best is None or n > best.end - best.start:
                    best = TriggerMatch(first, tok.i + 1, (term,))
                elif n == best.end - best.start and term not in best.terms:
                    best = TriggerMatch(first, tok.i + 1, (*best.terms, term))
            if best is not None:
                found = [m for m in found if m.end <= best.start]
                found.append(best)
                taken.update(range(best.start, best.end))
        return found

    def has_cue(self, text: str, cues: Iterable[str]) -> bool:
        low = f" {text.lower()} "
        return any(f" {c} " in low or f" {c}s " in low or f" {c}," in low for c in cues)


_WORD_LISTS = ("armed_nouns", "civilian_nouns", "aggregate_cues")


def _word_list(data: dict, key: str, origin: str) -> list[str]:
    """A list of words, or a KnowledgeError: a bare string would be read letter by letter."""
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise KnowledgeError(f"{key!r} must be a list of words, not {value!r}", input=origin)
    return value


def _read_yaml(text: str, origin: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"not valid YAML ({exc})", input=origin) from exc
    if not isinstance(data, dict) or not isinstance(data.get("classes", {}), dict):
        raise KnowledgeError("expected a mapping with a 'classes' mapping", input=origin)
    data.setdefault("classes", {})
    data.setdefault("sub_event_cues", [])
    return data


_TERM_WORDS = re.compile(r"[^\s-]+|-")


def _parse_terms(data: dict, origin: str) -> Iterable[Term]:
    seen: dict[tuple[str, ...], str] = {}
    for cls, spec in data["classes"].items():
        if cls not in CLASSES:
            raise KnowledgeError(
                f"unknown event class {cls!r}; expected one of {CLASSES}", input=origin
            )
        for entry in (spec or {}).get("terms", []):
            if not isinstance(entry, dict) or not entry.get("term") or set(entry) - _TERM_KEYS:
                raise KnowledgeError(
                    f"bad term {entry!r} in class {cls!r}; expected {{term, pos?, object?, weak?}}",
                    input=origin,
                )
            if entry.get("object") not in _OBJECTS:
                raise KnowledgeError(
                    f"bad object in {entry!r}; expected one of {_OBJECTS}", input=origin
                )
            # spaCy splits "sit-in" into "sit", "-", "in": so must the term
            words = tuple(_TERM_WORDS.findall(str(entry["term"]).lower()))
            key = (*words, entry.get("object") or "")
            if key in seen and seen[key] == cls:
                raise KnowledgeError(
                    f"term {entry['term']!r} listed twice in {cls!r}", input=origin
                )
            seen[key] = cls
            yield Term(
                words=words,
                cls=cls,
                pos=frozenset(entry.get("pos") or ()),
                object=entry.get("object"),
                weak=bool(entry.get("weak")),
                needs_number=bool(entry.get("needs_number")),
            )


def _parse_cues(entries: list, origin: str) -> Iterable[tuple[str, tuple[str, ...]]]:
    for entry in entries:
        if not isinstance(entry, dict) or "sub_event_type" not in entry or "any" not in entry:
            raise KnowledgeError(f"bad sub_event_cues entry {entry!r}", input=origin)
        yield entry["sub_event_type"], tuple(w.lower() for w in entry["any"])


@functools.lru_cache(maxsize=1)
def default_lexicon() -> EventLexicon:
    return EventLexicon.load()
