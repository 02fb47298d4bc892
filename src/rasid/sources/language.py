"""Language of an article, tuned so short English headlines stay English.

py3langid alone calls about one in ten English wire headlines Nigerian Pidgin,
Walloon or Swedish: a few words carry little evidence.  The extractor is
English-only, so calling English text foreign would silently drop events.
Short texts therefore take English whenever the model ranks it close behind
the winner, and texts too short to judge get None rather than a guess.
"""

from __future__ import annotations

import functools
from typing import Any

MIN_LETTERS = 12  # "Mosul", "Gunmen kill": too little to tell a language
SHORT_CHARS = 300  # below this, English wins when it is close behind
ENGLISH_RATIO = 0.25  # "close": at least this share of the winner's probability
MIN_CONFIDENCE = 0.3  # a short text's winner below this is a guess: None
SAMPLE_CHARS = 20_000  # enough to decide; keeps very long texts cheap
NO_LANGUAGE = {"zxx", "und"}
# English-based creoles the model prefers for terse English: in a short text
# there is no evidence to tell them apart, so English (far likelier in news) wins.
ENGLISH_LOOKALIKES = {"pcm"}


@functools.cache
def _identifier() -> Any:
    """The py3langid model with normalised probabilities, loaded once (~0.5 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639 code of ``text`` (e.g. "en", "ar"); None if it cannot be told."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    ranking = _identifier().rank(sample)
    best, best_p = ranking[0]
    short = len(sample.strip()) < SHORT_CHARS
    if short and best != "en":
        english = next((p for lang, p in ranking[:5] if lang == "en"), 0.0)
        if english >= ENGLISH_RATIO * best_p or (english and best in ENGLISH_LOOKALIKES):
            return "en"
        if best_p < MIN_CONFIDENCE:
            return None
    if best in NO_LANGUAGE:
        return None
    return best
