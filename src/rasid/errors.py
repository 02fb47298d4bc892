"""One exception hierarchy; every message names the input and what was expected.

Codes are stable strings written to the output's ``errors`` and the store's
failure table, so analysts can count failures by kind.
"""

from __future__ import annotations

# Stable failure codes (documented in the README's "Errors" section).
UNREADABLE = "unreadable"  # the file cannot be opened or read
EMPTY = "empty"  # no text at all
BINARY = "binary"  # looks like a binary file, not text
TOO_LARGE = "too_large"  # larger than the configured limit
UNDECODABLE = "undecodable"  # bytes that no text encoding explains
MALFORMED = "malformed"  # a JSON line / CSV row / feed that does not parse
NO_ARTICLE = "no_article"  # HTML with no main text
UNSUPPORTED_LANGUAGE = "unsupported_language"  # not English
BAD_VALUE = "bad_value"  # a field with an unusable value (date, id)
EXTRACTION_FAILED = "extraction_failed"  # the extractor itself failed on this text


class RasidError(Exception):
    """Base class of every error Rasid raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, input: str | None = None, code: str | None = None):
        self.input = input
        if code is not None:
            self.code = code
        super().__init__(f"{input}: {message}" if input else message)
        self.message = message


class SourceError(RasidError):
    """An input could not be read as an article."""

    code = UNREADABLE


class KnowledgeError(RasidError):
    """A knowledge data file (actors, lexicon, gazetteer) is invalid."""

    code = "bad_knowledge_file"


class EvaluationError(RasidError):
    """A gold or prediction file is not in the expected format."""

    code = "bad_gold_file"


class DatasetError(RasidError):
    """An event dataset file (ACLED export, UCDP GED release) cannot be imported."""

    code = "bad_dataset_file"


class AlertError(RasidError):
    """An alert rule or its delivery (sink) configuration is invalid."""

    code = "bad_alert_rules"


def first_line(error: object) -> str:
    """The first line of an error's message (of the driver's error under a
    SQLAlchemy wrapper): database messages run over many lines."""
    cause = getattr(error, "orig", None) or error
    return (str(cause).strip().splitlines() or ["unknown error"])[0]
