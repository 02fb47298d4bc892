"""Triage: the sentences of an article that cannot matter to the rules, found before parsing.

The rules read a sentence for an event only when it has a trigger word, for a
statement only when it has a cue of saying or believing or a quotation mark,
for a date only when it has a date word or a digit, and they take names,
places and the main country from capitalised words.  A sentence with none of
these, and not next to one with a trigger, a cue, a date or a quotation (which
it may go on telling: where and when, who "they" are), is blanked before the
parse: it keeps its first word and its last character, the rest turns to
spaces.  The text keeps its length and its line breaks, so every offset still
points at the same character of the article; the parser sees a three-token
sentence with the same start and end, so the rules meet the same sentences as
without triage; and wherever the rules read or quote text they read the
article's own (``doccache.doc_text``).

What triage blanks is measured, not assumed.  On the development files almost
every sentence carries a signal: the cue lists of ``speech.yaml`` hold very
common verbs ("know", "show", "call"), and news sentences name people and
places and give numbers.  Triage blanks 0.04% of PolNeAR's words (style
sheets pasted into articles) and none of realnews-dev, WikiEvents, UCDP, re3d
or MUC-4 (in capitals, where case tells nothing, every sentence is kept);
it costs 0.1-0.7 ms an article, about 0.4% of coding one.  So it is off by
default: it may pay where an archive carries long stretches that tell nothing
(background, comments, boilerplate without names), and ``--triage`` or
``RASID_TRIAGE=1`` turns it on; the development scores and outputs are the same
either way.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from rasid.extract.attribution import REPORTING_VERBS
from rasid.extract.statements.quotes import MARKS, find_quotes
from rasid.knowledge.lexicon import EventLexicon, inflections
from rasid.knowledge.speech import SpeechKnowledge

# Words whose sentences the rules read besides triggers and cues: "It happened
# near the market" says where the incident just told was (``incidents.setting``);
# "according to" attributes a sentence; questions are reported speech too
# ("asked whether", ``statements.indirect``); "succumbed", "rushed to hospital"
# tell the aftermath of an incident (``incidents``).
_SETTING_WORDS = (
    "happen", "occur", "place", "according", "incident", "attack", "raid", "assault",
    "bombing", "blast", "explosion", "shooting", "clash", "ambush", "strike", "violence",
    "massacre", "killing", "inquire", "enquire", "succumb", "hospital", "toll",
)  # fmt: skip
# Words of the date rules (``extract.dates``) that are not capitalised: units of
# counted periods ("two days ago") and the parts of fixed phrases.
_DATE_WORDS = (
    "today", "tonight", "yesterday", "overnight", "morning", "afternoon", "evening", "night",
    "hour", "day", "week", "weekend", "month", "year", "decade", "century", "ago", "recently",
    "recent", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "summer", "winter", "spring", "autumn",
)  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# A unit ends after a full stop, question or exclamation mark that follows a
# lower-case letter or a digit ("U.S.", "Mr." and "Jan." end no unit), before
# the next capital, so a unit that is dropped is a sentence the parser ends too.
_UNIT_END = re.compile(r"(?<=[a-z0-9%][.!?])[)”\"’]*[ \t]+(?=[(“\"‘]?[A-Z])")
_LINE = re.compile(r"[^\n]+")
_MARKED = re.compile("[\\d" + re.escape(MARKS + "‘") + "]")
# The headline and the lead are always parsed: the article's main country, its
# actors and the antecedents of what follows are named there.
LEAD_LINES = 2
# A blanked sentence still costs three tokens (see ``Triage.blank``): shorter
# ones are parsed as they are.
MIN_WORDS = 5


def enabled(flag: bool | None = None) -> bool:
    """Whether triage runs: ``flag`` when given, else ``RASID_TRIAGE`` (default off)."""
    if flag is not None:
        return flag
    return os.environ.get("RASID_TRIAGE", "0").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    line: int


class Triage:
    """Decides, from the raw text alone, which sentences the parse can skip.

    ``lemma_forms`` (lemma -> irregular forms, such as "say" -> "said") and
    ``suffix_rules`` ((old, new) suffix pairs) let a word be checked against
    lemma lists the way spaCy's rule lemmatizer would read it; without them the
    regular inflections alone are checked.
    """

    def __init__(
        self,
        lexicon: EventLexicon,
        speech: SpeechKnowledge,
        lemma_forms: Mapping[str, Iterable[str]] | None = None,
        suffix_rules: Sequence[tuple[str, str]] = (),
    ):
        self._rules = tuple(suffix_rules)
        irregular = lemma_forms or {}

        def forms(word: str) -> frozenset[str]:
            return inflections(word) | frozenset(irregular.get(word, ()))

        words: set[str] = set()
        phrases: list[tuple[frozenset[str], ...]] = []
        for term in lexicon.terms:
            if len(term.words) == 1:
                words |= forms(term.words[0])
            else:
                phrases.append(tuple(forms(w) for w in term.words))
        for cues in (
            speech.all_cue_words,
            speech.speech_verbs,
            speech.allegation_verbs,
            speech.raising_verbs,
            REPORTING_VERBS,
        ):
            for cue in cues:
                words |= forms(cue)
        for word in (*_SETTING_WORDS, *_DATE_WORDS):
            words |= forms(word)
        self.words = frozenset(words)
        # a phrase counts when a form of each of its words is in the sentence
        self._phrases: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for phrase in phrases:
            for form in phrase[-1]:
                self._phrases.setdefault(form, []).append(phrase)
        self._hedges = speech.hedge_pattern
        self._readings = functools.lru_cache(maxsize=65536)(self._readings_uncached)

    @classmethod
    def for_pipeline(cls, nlp: Language, lexicon: EventLexicon, speech: SpeechKnowledge) -> Triage:
        """A triage that reads words as ``nlp``'s lemmatizer would (its exception
        and suffix tables), so a cue such as "said" is known by its lemma "say"."""
        forms: dict[str, set[str]] = {}
        rules: list[tuple[str, str]] = []
        if "lemmatizer" in nlp.pipe_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_exc"):
                for table in lookups.get_table("lemma_exc").values():
                    for form, lemmas in table.items():
                        for lemma in lemmas:
                            forms.setdefault(lemma, set()).add(form)
            if lookups is not None and lookups.has_table("lemma_rules"):
                for table in lookups.get_table("lemma_rules").values():
                    rules += [(old, new) for old, new in table]
        return cls(lexicon, speech, forms, sorted(set(rules)))

    # -- what a word may be read as ------------------------------------------------
    def _readings_uncached(self, word: str) -> frozenset[str]:
        """The word and every lemma a suffix rule could give it."""
        out = {word}
        for old, new in self._rules:
            if word.endswith(old) and len(word) > len(old):
                out.add(word[: len(word) - len(old)] + new)
        return frozenset(out)

    def _cued(self, words: list[str]) -> bool:
        """A trigger, a cue of speech, a date word or a setting word among ``words``."""
        readings: set[str] = set()
        for w in words:
            readings |= self._readings(w.lower())
        if not readings.isdisjoint(self.words):
            return True
        for reading in readings:
            for phrase in self._phrases.get(reading, ()):
                if all(not readings.isdisjoint(part) for part in phrase):
                    return True
        return False

    # -- the plan ----------------------------------------------------------------
    def drop(self, text: str) -> list[tuple[int, int]]:
        """(start, end) spans of ``text`` that the parse can skip, in order."""
        units = _units(text)
        pieces = [text[u.start : u.end] for u in units]
        # most sentences name someone or hold a number: only the rest are looked at
        candidates = [
            k
            for k, (u, piece) in enumerate(zip(units, pieces, strict=True))
            if u.line >= LEAD_LINES and not _marked(piece) and not _named(piece)
        ]
        if not candidates:
            return []
        quoted = [(q.start, q.end) for q in find_quotes(text)]
        strong: dict[int, bool] = {}

        def tells(k: int) -> bool:
            if not 0 <= k < len(units):
                return False
            if k not in strong:
                u = units[k]
                strong[k] = (
                    _marked(pieces[k])
                    or any(a < u.end and u.start < b for a, b in quoted)
                    # claims look for hedges sentence by sentence, as here
                    or self._hedges.search(pieces[k]) is not None
                    or self._cued(_WORD.findall(pieces[k]))
                )
            return strong[k]

        out: list[tuple[int, int]] = []
        for k in candidates:
            # the sentence before or after one that tells something may say where
            # or when it was, or name who "they" are
            if tells(k) or tells(k - 1) or tells(k + 1):
                continue
            # a fragment without a final stop (a caption, a heading) may be joined to
            # the next line by the parser: only whole sentences are blanked
            if len(pieces[k].split()) >= MIN_WORDS and pieces[k][-1] in ".!?":
                out.append((units[k].start, units[k].end))
        return out

    def blank(self, text: str) -> tuple[str, list[tuple[int, int]]]:
        """``text`` with the skippable sentences blanked, and their spans.

        A sentence keeps its first word and its last character, and the rest
        turns to spaces: the parse sees a three-token sentence ("Its      .")
        that starts and ends where the sentence did, so the rules meet the same
        sentences, with the same extents, as without triage.
        """
        spans = self.drop(text)
        if not spans:
            return text, spans
        parts = []
        last = 0
        for start, end in spans:
            first = start + len(text[start:end].split(None, 1)[0])
            parts.append(text[last:first])
            parts.append(" " * (end - 1 - first))
            last = end - 1
        parts.append(text[last:])
        return "".join(parts), spans


def _units(text: str) -> list[_Unit]:
    """The text's sentences as a cheap splitter sees them, line by line."""
    units = []
    lines = 0
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        start = line.start()
        for m in _UNIT_END.finditer(text, line.start(), line.end()):
            units.append(_Unit(start, m.start(), lines))
            start = m.end()
        units.append(_Unit(start, line.end(), lines))
        lines += 1
    # leading and trailing blanks belong to no sentence
    out = []
    for u in units:
        piece = text[u.start : u.end]
        lead = len(piece) - len(piece.lstrip())
        end = u.start + len(piece.rstrip())
        if end > u.start + lead:
            out.append(_Unit(u.start + lead, end, u.line))
    return out


def _marked(piece: str) -> bool:
    """A digit (a date, a count) or a quotation mark."""
    return _MARKED.search(piece) is not None


def _named(piece: str) -> bool:
    """A capitalised word other than a common word opening the sentence: a name
    (a person a pronoun may point back to, a place that votes for the country);
    a sentence in capitals alone is kept, as its case says nothing."""
    if not any(c.islower() for c in piece):
        return True
    words = _WORD.findall(piece)
    if any(w[0].isupper() for w in words[1:]):
        return True
    return bool(words) and words[0][0].isupper() and words[0].lower() not in STOP_WORDS
