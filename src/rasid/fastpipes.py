"""Exact, faster stand-ins for two spaCy components of the English pipeline.

Profiling ``nlp.pipe`` over the development texts showed two components that do
little work spending much time:

* the attribute ruler (tag -> part of speech and morphology, plus a few word
  exceptions) took 18% of the whole parse: spaCy's ``Matcher`` tries all 179 of
  its patterns at every token (about 25 microseconds a token);
* the rule lemmatizer took 6%: a Python call per token, though its answer
  depends only on the word, its part of speech and its morphology (most of its
  time goes on a word's first reading, which stays as it was).

``FastAttributeRuler`` finds the same matches by looking the token's attributes
up in tables built from the same patterns, and leaves setting them to spaCy's
own code; ``FastLemmatizer`` remembers each (word, part of speech, morphology)
answer and writes the lemmas of a doc in one array.  Both produce exactly what
the stock components produce: every token attribute of the 1,815 development
texts (528,031 tokens) was the same, and ``tests/test_fastpipes.py`` checks it
on the bundled examples; the whole parse of those texts took 15% less time.  A
pattern shape the tables cannot express makes the ruler fall back to spaCy's
matcher, so a user's pipeline with other patterns stays correct.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# Token attributes a pattern may test (what the shipped English patterns use,
# and the other plain attributes of the same kind).
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "POS", "NORM")

# A test on one column of a token's row: (column, operator, value).
_Test = tuple[int, str, Any]


class _Tables:
    """The attribute ruler's patterns compiled to lookups on token attribute rows.

    Each alternative is filed under one equality test of its first token (a tag,
    a word, a dependency label), so a token is tested against the few patterns
    filed under its own values, not against all of them.
    """

    def __init__(self, columns: list[int], groups: list[tuple[int, list[list[list[_Test]]]]]):
        self.columns = columns
        self._index: dict[tuple[int, int], list[tuple[int, list[list[_Test]]]]] = {}
        self._unindexed: list[tuple[int, list[list[_Test]]]] = []
        for k, alternatives in groups:
            for alt in alternatives:
                keys = _index_keys(alt[0])
                if keys is None:
                    self._unindexed.append((k, alt))
                for key in keys or ():
                    self._index.setdefault(key, []).append((k, alt))
        self._index_columns = sorted({c for c, _ in self._index})
        self._first: dict[tuple[int, ...], list[tuple[int, list[list[_Test]]]]] = {}

    def match(self, doc: Doc, strings: Any) -> list[tuple[int, int, int, int]]:
        """The sorted (rule, match id, start, end) list ``AttributeRuler.match`` gives."""
        if not len(doc):
            return []
        table = doc.to_array(self.columns).reshape(len(doc), len(self.columns))
        rows = [tuple(r) for r in table.tolist()]
        if len(self._first) > _ROW_CACHE_SIZE:
            self._first.clear()
        found: set[tuple[int, int, int]] = set()
        for i, row in enumerate(rows):
            starts = self._first.get(row)
            if starts is None:
                starts = self._first[row] = self._starting(row, strings)
            for k, alt in starts:
                n = len(alt)
                if n == 1:
                    found.add((k, i, i + 1))
                elif i + n <= len(rows) and all(
                    _token_ok(alt[j], rows[i + j], strings) for j in range(1, n)
                ):
                    found.add((k, i, i + n))
        # the stock ruler sorts (rule, match id, start, end): later rules win
        return sorted((k, _match_id(k), s, e) for k, s, e in found)

    def _starting(self, row: tuple[int, ...], strings: Any) -> list[tuple[int, list]]:
        """The alternatives whose first token a token with these attributes matches."""
        candidates = list(self._unindexed)
        for c in self._index_columns:
            candidates += self._index.get((c, row[c]), ())
        seen: set[int] = set()
        out = []
        for k, alt in sorted(candidates, key=lambda ka: ka[0]):
            if id(alt) not in seen and _token_ok(alt[0], row, strings):
                seen.add(id(alt))
                out.append((k, alt))
        return out


# Distinct token rows (tag, word, dependency ...) whose matches are remembered.
_ROW_CACHE_SIZE = 200_000


def _index_keys(tests: list[_Test]) -> list[tuple[int, int]] | None:
    """(column, value) keys under which a token spec is filed: the values of its
    first equality or membership test; None when it has neither."""
    for column, op, value in tests:
        if op == "==":
            return [(column, value)]
        if op == "IN":
            return [(column, v) for v in value]
    return None


def _token_ok(tests: list[_Test], row: tuple[int, ...], strings: Any) -> bool:
    return all(_passes(t, row, strings) for t in tests)


def _passes(test: _Test, row: tuple[int, ...], strings: Any) -> bool:
    column, op, value = test
    got = row[column]
    if op == "==":
        return got == value
    if op == "IN":
        return got in value
    if op == "NOT_IN":
        return got not in value
    return bool(value.search(strings[got]))  # REGEX, on the attribute's string


def _match_id(rule: int) -> int:
    return get_string_id(str(rule))


def compile_patterns(patterns: Sequence[dict]) -> _Tables | None:
    """Tables for the ruler's patterns, or None when one uses a shape they cannot
    express (operators such as "OP", fuzzy matching, extension attributes)."""
    columns: list[int] = []
    groups = []
    for k, rule in enumerate(patterns):
        alternatives = []
        for alternative in rule["patterns"]:
            tokens = []
            for spec in alternative:
                tests = _compile_token(spec, columns)
                if tests is None:
                    return None
                tokens.append(tests)
            if not tokens:
                return None
            alternatives.append(tokens)
        groups.append((k, alternatives))
    return _Tables(columns, groups)


def _compile_token(spec: dict, columns: list[int]) -> list[_Test] | None:
    tests: list[_Test] = []
    for name, value in spec.items():
        name = name.upper()
        if name not in _ATTRS:
            return None
        attr = IDS[name]
        if attr not in columns:
            columns.append(attr)
        column = columns.index(attr)
        if isinstance(value, (str, bool, int)):
            tests.append((column, "==", _id(value)))
        elif isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list):
                tests.append((column, op, frozenset(_id(v) for v in arg)))
            elif op == "REGEX" and isinstance(arg, str):
                tests.append((column, "REGEX", re.compile(arg)))
            else:
                return None
        else:
            return None
    return tests


def _id(value: str | bool | int) -> int:
    """The value a token attribute holds when it equals ``value``."""
    if isinstance(value, bool):
        return int(value)
    return get_string_id(value)


class FastAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose matches come from lookup tables (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tables: _Tables | None = None
        self._compiled = False

    def add(self, *args: Any, **kwargs: Any) -> None:
        super().add(*args, **kwargs)
        self._compiled = False

    def clear(self) -> None:
        super().clear()
        self._compiled = False

    def match(self, doc: Doc):  # type: ignore[override]
        if not self._compiled:
            self._tables = compile_patterns(self.patterns)
            self._compiled = True
        if self._tables is None:
            return super().match(doc)
        return self._tables.match(doc, self.vocab.strings)

    def set_annotations(self, doc: Doc, matches) -> None:  # type: ignore[override]
        """As the stock method, without building a ``Span`` per match."""
        targets = []
        for rule, _, start, end in matches:
            index = self.indices[rule]
            i = (start if index >= 0 else end) + index
            if not start <= i < end:
                super().set_annotations(doc, matches)  # raises spaCy's own error
                return
            targets.append((i, self.attrs[rule]))
        for i, attrs in targets:
            set_token_attrs(doc[i], attrs)


@Language.factory(
    "rasid_attribute_ruler",
    default_config={
        "validate": False,
        "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"},
    },
)
def make_fast_attribute_ruler(
    nlp: Language, name: str, validate: bool, scorer: Callable | None
) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


# Distinct (word, part of speech, morphology) answers kept: about 60 MB at most;
# the table is emptied when full (a news archive repeats far fewer).
_LEMMA_CACHE_SIZE = 500_000


class FastLemmatizer(EnglishLemmatizer):
    """The English rule lemmatizer, answering each (word, POS, morphology) once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule" or self.overwrite or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            table = doc.to_array([LEMMA, ORTH, POS, MORPH])
            lemmas = self._lemmas
            if len(lemmas) > _LEMMA_CACHE_SIZE:
                lemmas.clear()
            strings = self.vocab.strings
            out = table[:, 0].copy()
            for i, (lemma, orth, pos, morph) in enumerate(table.tolist()):
                if lemma:
                    continue  # set by the attribute ruler: kept, as the stock component does
                key = (orth, pos, morph)
                found = lemmas.get(key)
                if found is None:
                    found = lemmas[key] = strings.add(self.lemmatize(doc[i])[0])
                out[i] = found
            doc.from_array([LEMMA], out.reshape(-1, 1).astype(numpy.uint64))
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's own handler decides, as in the stock one
            error_handler(self.name, self, [doc], e)
            return doc


@Language.factory(
    "rasid_lemmatizer",
    assigns=["token.lemma"],
    default_config={
        "model": None,
        "mode": "rule",
        "overwrite": False,
        "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"},
    },
)
def make_fast_lemmatizer(
    nlp: Language,
    model: Any,
    name: str,
    mode: str,
    overwrite: bool,
    scorer: Callable | None,
) -> FastLemmatizer:
    return FastLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


def speed_up(nlp: Language) -> Language:
    """Put the fast components in place of the stock ones, with their data.

    Only components of exactly the stock classes are replaced, so a pipeline
    with its own attribute ruler or lemmatizer keeps it.
    """
    for name, component in list(nlp.pipeline):
        if type(component) is AttributeRuler:
            patterns = component.patterns
            nlp.replace_pipe(name, "rasid_attribute_ruler", config={"validate": component.validate})
            nlp.get_pipe(name).add_patterns(patterns)
        elif type(component) is EnglishLemmatizer and component.mode == "rule":
            lookups = component.lookups
            nlp.replace_pipe(name, "rasid_lemmatizer", config={"overwrite": component.overwrite})
            nlp.get_pipe(name).lookups = lookups
    return nlp
