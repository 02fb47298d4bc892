"""Score quotation extraction against PolNeAR attribution relations.

Quote boundaries are fuzzy (with or without the quotation marks, the trailing
clause, the "that"), so a gold quote counts as found when a predicted statement
covers at least half of its content, and a prediction counts as right when at
least half of it lies inside some gold quote. Speakers are matched by name
loosely ("Trump" vs "Donald Trump") because titles and first names come and go,
and only where the gold names one: a bare pronoun with no resolved name is not
scored.
"""

from __future__ import annotations

import re
from typing import Any

from rasid.evaluation.common import Examples, Tally, as_dict
from rasid.evaluation.gold import content_spans

DATASET = "polnear"
MIN_SHARE = 0.5
KINDS = ("direct", "indirect", "mixed")

_POSSESSIVE = re.compile(r"['’]s\b")
_WORD = re.compile(r"\w+")


def _span(obj: Any) -> tuple[int, int] | None:
    obj = as_dict(obj)
    start, end = obj.get("start"), obj.get("end")
    if isinstance(start, int) and isinstance(end, int) and start <= end:
        return start, end
    return None


def _shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _tokens(name: Any) -> list[str]:
    if not isinstance(name, str):
        return []
    return _WORD.findall(_POSSESSIVE.sub("", name.casefold()))


def names_match(predicted: Any, gold: Any) -> bool:
    """Case-insensitive; equal, or one name contains the other's last word."""
    a, b = _tokens(predicted), _tokens(gold)
    if not a or not b:
        return False
    return a == b or a[-1] in b or b[-1] in a


# Gold speakers that are bare pronouns name nobody; with no resolved name to
# compare against they are left out of speaker accuracy, which is measured on
# named speakers (a pronoun counts through its resolved name).
PRONOUNS = {
    "he", "she", "they", "we", "i", "you", "it", "who", "which", "that", "him", "her",
    "them", "us", "me", "his", "hers", "their", "its", "one",
}  # fmt: skip


def named_speaker(quote: dict) -> bool:
    """Whether the gold names a speaker to score against."""
    speaker = quote.get("speaker")
    if not speaker:
        return False
    if quote.get("speaker_resolved"):
        return True
    return not set(_tokens(speaker)) <= PRONOUNS


# The statement target counts indirect speech a reader would call reported
# speech or belief: a named source and a cue that is itself a verb of saying or
# believing, with at most auxiliaries and adverbs before it ("has said", "also
# warned"). PolNeAR also annotates acts ("criticized", "voted for", "claimed
# responsibility for", "believe in"); those are not statements, so a cue with
# anything after its verb is left out of this measure (it stays in "indirect").
SAYING = frozenset(
    {"say", "tell", "believe", "warn", "note", "announce", "report", "claim", "acknowledge",
     "add", "explain", "argue", "deny", "think", "write", "reveal", "insist", "predict",
     "state", "declare", "assert", "contend", "maintain", "admit", "confirm", "stress",
     "emphasize", "emphasise", "recall", "vow", "pledge", "promise", "urge", "estimate",
     "feel", "fear", "worry", "doubt", "suspect", "expect", "conclude", "remark", "reply",
     "comment", "observe", "allege", "concede", "testify", "tweet", "suggest"}
)  # fmt: skip
_IRREGULAR = {"said": "say", "told": "tell", "thought": "think", "wrote": "write",
              "written": "write", "felt": "feel"}  # fmt: skip
_BEFORE_CUE = frozenset(
    {"has", "have", "had", "also", "still", "later", "previously", "first", "was", "were",
     "is", "are", "be", "been", "being", "will", "would", "could", "may", "might",
     "reportedly", "publicly", "privately", "repeatedly", "once", "then", "now"}
)  # fmt: skip


def _verb_base(word: str) -> str:
    """The dictionary form of an inflected verb, where it is one of SAYING."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix in ("ies", "es", "s", "ed", "d", "ing"):
        if not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)]
        candidates = [stem, stem + "e"]
        if suffix == "ies":
            candidates.append(stem + "y")
        if len(stem) > 2 and stem[-1] == stem[-2]:  # "admitted"
            candidates.append(stem[:-1])
        for candidate in candidates:
            if candidate in SAYING:
                return candidate
    return word


def saying_cue(cue: Any) -> bool:
    """Whether a gold cue is a verb of saying or believing ("said", "according to")."""
    if not isinstance(cue, str):
        return False
    words = _WORD.findall(cue.casefold())
    if words[-1:] == ["that"]:  # "adding that"
        words = words[:-1]
    if words[-2:] == ["according", "to"] and len(words) == 2:
        return True
    return bool(words) and _verb_base(words[-1]) in SAYING and set(words[:-1]) <= _BEFORE_CUE


def reported_speech(quote: dict) -> bool:
    """Indirect speech with a named source and a cue of saying or believing."""
    return quote.get("kind") == "indirect" and named_speaker(quote) and saying_cue(quote.get("cue"))


def _speaker_ok(statement: dict, quote: dict) -> bool:
    name = as_dict(statement.get("speaker")).get("name")
    golds = [quote.get("speaker"), quote.get("speaker_resolved")]
    return any(names_match(name, g) for g in golds if g)


class QuoteScorer:
    """Accumulates quote recall (overall, by kind), precision and speaker accuracy."""

    dataset = DATASET

    def __init__(self) -> None:
        self.recall = Tally()
        self.by_kind: dict[str, Tally] = {kind: Tally() for kind in KINDS}
        self.reported = Tally()
        self.precision = Tally()
        self.speaker = Tally()
        self.examples = Examples()

    def add(self, record: dict, prediction: dict | None) -> None:
        quotes = record["gold"].get("quotes")
        if quotes is None:
            return
        rid = record["id"]
        statements = [
            (s, span)
            for s in (prediction or {}).get("statements") or []
            if isinstance(s, dict) and (span := _span(s)) is not None
        ]
        for quote in quotes:
            self._add_quote(rid, quote, statements, prediction is None)

        gold_spans = [(q["start"], q["end"]) for q in quotes]
        for statement, span in statements:
            length = span[1] - span[0]
            best = max((_shared(span, g) for g in gold_spans), default=0)
            if not self.precision.add(length > 0 and best / length >= MIN_SHARE):
                quote = str(statement.get("quote") or "")[:80]
                self.examples.miss(rid, "precision", f"not a gold quote: {quote!r}")

    def _add_quote(
        self, rid: str, quote: dict, statements: list[tuple[dict, tuple[int, int]]], missing: bool
    ) -> None:
        spans = content_spans(quote)
        total = sum(end - start for start, end in spans)
        if total <= 0:
            return
        best: tuple[float, int, dict] | None = None
        for statement, span in statements:
            share = sum(_shared(span, s) for s in spans) / total
            # Prefer the statement covering most; among equals the tightest one,
            # so a long statement enclosing a nested quote does not steal it.
            key = (share, -(span[1] - span[0]), statement)
            if share >= MIN_SHARE and (best is None or key[:2] > best[:2]):
                best = key
        found = best is not None
        kind = quote.get("kind")
        self.recall.add(found)
        if isinstance(kind, str):
            self.by_kind.setdefault(kind, Tally()).add(found)
        if reported_speech(quote):
            self.reported.add(found)
        if not found:
            if not missing:  # the runner lists missing predictions itself
                text = str(quote.get("quote") or "")[:80]
                self.examples.miss(rid, "recall", f"{kind}: {text!r}")
            return
        if named_speaker(quote):
            statement = best[2]
            if not self.speaker.add(_speaker_ok(statement, quote)):
                got = as_dict(statement.get("speaker")).get("name")
                self.examples.miss(rid, "speaker", f"predicted {got!r}, gold {quote['speaker']!r}")

    def result(self) -> dict[str, Any]:
        return {
            "metrics": {
                "recall": self.recall.as_dict(),
                "recall_by_kind": {k: t.as_dict() for k, t in self.by_kind.items()},
                "reported_speech_recall": self.reported.as_dict(),
                "precision": self.precision.as_dict(),
                "speaker_accuracy": self.speaker.as_dict(),
            },
            "examples": self.examples.items,
        }
