"""Speech knowledge: reporting and belief verbs, outlets, hedges.

Kept as a data file (``data/speech.yaml``) so users can extend it for their
outlets and sources; validated at load so a typo fails with the file's name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from rasid.errors import KnowledgeError

_LISTS = (
    "speech_verbs",
    "belief_verbs",
    "attitude_verbs",
    "intention_verbs",
    "allegation_verbs",
    "statement_nouns",
    "outlet_words",
    "outlets",
    "hedges",
)
_OPTIONAL_LISTS = ("attitude_adjectives", "raising_verbs")


@dataclass(frozen=True)
class SpeechKnowledge:
    speech_verbs: frozenset[str]
    belief_verbs: frozenset[str]
    attitude_verbs: frozenset[str]
    intention_verbs: frozenset[str]
    allegation_verbs: frozenset[str]
    statement_nouns: frozenset[str]
    outlet_words: frozenset[str]
    outlets: frozenset[str]
    hedges: tuple[str, ...]
    attitude_adjectives: frozenset[str] = frozenset()
    raising_verbs: frozenset[str] = frozenset()

    @functools.cached_property
    def cue_verbs(self) -> frozenset[str]:
        return self.speech_verbs | self.belief_verbs

    @functools.cached_property
    def all_cue_words(self) -> frozenset[str]:
        """Every lemma that can introduce a statement (verbs and owned nouns)."""
        return (
            self.cue_verbs
            | self.attitude_verbs
            | self.intention_verbs
            | self.statement_nouns
            | self.attitude_adjectives
        )

    def is_outlet(self, name: str) -> bool:
        """'Shafaq News', 'Al-Hurra news', 'AFP': a news outlet's name."""
        words = name.replace("’", "'").split()
        if not words:
            return False
        folded = _fold(name)
        if folded in self._outlet_keys or _fold(" ".join(words[:-1])) in self._outlet_keys:
            return True
        if any(_fold(w) in self._outlet_keys for w in words if len(w) > 3):
            return True
        return words[-1][:1].isupper() and words[-1] in self.outlet_words and len(words) > 1

    @functools.cached_property
    def _outlet_keys(self) -> frozenset[str]:
        return frozenset(_fold(o) for o in self.outlets)

    @functools.cached_property
    def hedge_pattern(self) -> re.Pattern[str]:
        alternatives = sorted(self.hedges, key=len, reverse=True)
        body = "|".join(_loose(h) for h in alternatives)
        return re.compile(rf"\b(?:{body})\b", re.IGNORECASE)


# Number agreement is often wrong in translated copy ("There are even report of
# ..."), so a hedge's verb and nouns match in either number.
_EITHER_NUMBER = {
    "is": "(?:is|are)",
    "are": "(?:is|are)",
    "was": "(?:was|were)",
    "were": "(?:was|were)",
}


def _loose(phrase: str) -> str:
    words = []
    for word in phrase.split():
        if word.lower() in _EITHER_NUMBER:
            words.append(_EITHER_NUMBER[word.lower()])
        elif word.isalpha() and len(word) > 4 and word.endswith("s"):
            words.append(re.escape(word[:-1]) + "s?")  # "reports" also matches "report"
        else:
            words.append(re.escape(word))
    return r"\s+".join(words)


def _fold(text: str) -> str:
    text = re.sub(r"^(the)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"[\s\-]+", " ", text).casefold()


def load_speech(path: str | Path | None = None) -> SpeechKnowledge:
    """Load and validate a speech knowledge file (the shipped one by default)."""
    if path is None:
        ref = resources.files("rasid.knowledge") / "data" / "speech.yaml"
        name, raw = "speech.yaml", ref.read_text(encoding="utf-8")
    else:
        name = str(path)
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise KnowledgeError(f"cannot read speech file ({exc})", input=name) from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"not valid YAML ({exc})", input=name) from exc
    if not isinstance(data, dict):
        raise KnowledgeError("expected a mapping with keys " + ", ".join(_LISTS), input=name)
    values = {}
    for key in _LISTS:
        items = data.get(key)
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            raise KnowledgeError(f"{key!r} must be a list of non-empty strings", input=name)
        values[key] = items
    # Optional, so files written before they existed still load.
    for key in _OPTIONAL_LISTS:
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            raise KnowledgeError(f"{key!r} must be a list of non-empty strings", input=name)
        values[key] = items
    return SpeechKnowledge(
        speech_verbs=frozenset(v.lower() for v in values["speech_verbs"]),
        belief_verbs=frozenset(v.lower() for v in values["belief_verbs"]),
        attitude_verbs=frozenset(v.lower() for v in values["attitude_verbs"]),
        intention_verbs=frozenset(v.lower() for v in values["intention_verbs"]),
        allegation_verbs=frozenset(v.lower() for v in values["allegation_verbs"]),
        statement_nouns=frozenset(v.lower() for v in values["statement_nouns"]),
        outlet_words=frozenset(values["outlet_words"]),
        outlets=frozenset(values["outlets"]),
        hedges=tuple(dict.fromkeys(values["hedges"])),
        attitude_adjectives=frozenset(a.lower() for a in values["attitude_adjectives"]),
        raising_verbs=frozenset(v.lower() for v in values["raising_verbs"]),
    )


@functools.lru_cache(maxsize=1)
def default_speech() -> SpeechKnowledge:
    return load_speech()
