"""Text as the parser should see it, with every offset still pointing into the text given.

Feeds and dumps carry characters that look like nothing and break words apart
for the parser: zero-width spaces after every space, byte-order marks, soft
hyphens, control characters, lone surrogates from broken JSON escapes, NULs.
Invisible format characters (zero-width spaces and joiners, soft hyphens,
byte-order marks) are removed; controls, NULs and odd spaces become a space,
what no encoding can write becomes U+FFFD, and compatibility forms that stand
for one ordinary character ("Ｇｕｎｍｅｎ") become that character.

The parser reads the normalised text; ``remap`` then moves every ``start`` and
``end`` of a result back onto the article's own text, so offsets always point
into the text the user gave and a value's ``text`` is the words found there
(a lone surrogate, which nothing can write, shown as U+FFFD).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from typing import Any

# Characters kept as they are although their category says "control": line structure.
_KEPT_CONTROLS = frozenset("\t\n\r")
REPLACEMENT = "\ufffd"
_SURROGATES = re.compile("[\ud800-\udfff]")
# Printable ASCII and line structure: most text is only these.
_PLAIN = frozenset(chr(i) for i in range(0x20, 0x7F)) | _KEPT_CONTROLS


@functools.lru_cache(maxsize=4096)
def _replacement(ch: str) -> str | None:
    """What one character becomes ("" to remove it); None to keep it."""
    if ch in _KEPT_CONTROLS:
        return None
    category = unicodedata.category(ch)
    if category == "Cs":
        return REPLACEMENT  # a lone surrogate: no encoding can write it
    if category == "Cf":
        return ""  # zero-width space or joiner, soft hyphen, byte-order mark: not there
    if category == "Cc":
        return " "  # NUL, vertical tab, other controls
    if category in ("Zl", "Zp"):
        return "\n"  # line and paragraph separators
    if category == "Zs" and ch != " ":
        return " "  # no-break and other wide spaces
    if ord(ch) > 0x7F:
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1 and folded != ch and folded.isascii():
            return folded  # "Ｇ" -> "G"; a ligature "ﬁ" (two letters) stays
    return None


@dataclasses.dataclass(frozen=True)
class Normalised:
    """The parser's text, and where each of its characters was in the given text
    (None when the two are the same length and line up one for one)."""

    text: str
    index: tuple[int, ...] | None = None

    def original(self, offset: int, *, end: bool = False) -> int:
        """The given text's offset for the normalised text's ``offset`` (an ``end``
        is placed just after the character before it)."""
        if self.index is None:
            return offset
        if end and offset > 0:
            return self.index[min(offset, len(self.index) - 1) - 1] + 1
        return self.index[min(offset, len(self.index) - 1)]


def normalise(text: str) -> Normalised:
    """``text`` as the parser should read it; see the module's docstring."""
    odd = set(text) - _PLAIN
    if not odd:
        return Normalised(text)
    table = {ord(ch): new for ch in odd if (new := _replacement(ch)) is not None}
    if not table:
        return Normalised(text)
    if all(new != "" for new in table.values()):
        return Normalised(text.translate(table))  # one for one: offsets unchanged
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        new = table.get(ord(ch), ch)
        if new:
            out.append(new)
            index.append(i)
    index.append(len(text))  # the end of the text
    return Normalised("".join(out), tuple(index))


def normalise_text(text: str) -> str:
    return normalise(text).text


def has_words(text: str) -> bool:
    """Anything left to read once invisible characters are set aside."""
    return any(ch.isalnum() for ch in text)


def remap(value: Any, norm: Normalised, given: str) -> Any:
    """``value`` (a result record, or a tuple of them) with every ``start``/``end`` moved
    onto the given text; a ``text`` that was the span itself becomes the given words."""
    if norm.text == given:
        return value
    if isinstance(value, tuple):
        return tuple(remap(v, norm, given) for v in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        if f.name == "article":
            continue  # the article is the given text itself
        old = getattr(value, f.name)
        new = remap(old, norm, given)
        if new is not old:
            changes[f.name] = new
    start, end = getattr(value, "start", None), getattr(value, "end", None)
    if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool):
        span = norm.text[start:end]
        changes["start"] = norm.original(start)
        changes["end"] = max(changes["start"], norm.original(end, end=True))
        for name in ("text", "quote"):
            if span and getattr(value, name, None) == span:
                words = given[changes["start"] : changes["end"]]
                changes[name] = _SURROGATES.sub(REPLACEMENT, words)  # no encoding writes one
    return dataclasses.replace(value, **changes) if changes else value
