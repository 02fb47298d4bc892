"""Direct quotations found from quotation marks alone, before any parsing.

Pairing marks is done on the raw text, paragraph by paragraph, so one stray
mark costs at most the quote it belongs to and never the rest of the article
(a whole-article parity check, as some tools do, loses every quote when one
mark is missing).  The journalistic convention for quotes running over several
paragraphs is honoured: the quote is reopened at the start of each paragraph
and closed only at the end of the last one.  Single marks, which are also
apostrophes, count only in the one shape headlines give speech ("Iraqi PM:
‘Victory is near’").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
MARKS = OPENING + CLOSING + STRAIGHT
_MARK = re.compile(f"[{re.escape(MARKS)}]|''|``")
_PARAGRAPH = re.compile(r"\n\s*")
# Characters after which a straight mark opens a quote, and before which it closes one.
_BEFORE_OPEN = set(" \t\n([{—–-:/")
_AFTER_CLOSE = set(" \t\n)]}.,;:!?—–-/")
# The longest quote accepted when it runs over paragraphs: a larger span is a
# missing closing mark, not a speech (the longest multi-paragraph quote in the
# development articles is about 1,400 characters).
MAX_SPAN = 3000


@dataclass(frozen=True)
class QuoteSpan:
    """A stretch of text inside quotation marks; ``start``/``end`` include the marks."""

    start: int
    end: int
    content_start: int
    content_end: int
    paragraphs: int = 1

    def words(self, text: str) -> int:
        return len(text[self.content_start : self.content_end].split())


def _role(text: str, pos: int, mark: str) -> str:
    """'open', 'close' or 'either' for the mark at ``pos``."""
    if mark in OPENING or mark == "``":
        # An opening glyph used as a closing one ("“It's unusual,“ said X").
        before = text[pos - 1] if pos > 0 else "\n"
        after = text[pos + 1] if pos + 1 < len(text) else "\n"
        if before.strip() and before not in _BEFORE_OPEN and after in _AFTER_CLOSE:
            return "close"
        return "open"
    if mark in CLOSING:
        # A closing glyph used as an opening one ("”Yes,” he said") is common in
        # scraped text: trust the spacing when it clearly disagrees.
        before = text[pos - 1] if pos > 0 else "\n"
        after = text[pos + 1] if pos + 1 < len(text) else "\n"
        if before in _BEFORE_OPEN and after not in _AFTER_CLOSE and after.strip():
            return "open"
        return "close"
    before = text[pos - 1] if pos > 0 else "\n"
    end = pos + len(mark)
    after = text[end] if end < len(text) else "\n"
    opens = before in _BEFORE_OPEN and after.strip() != ""
    closes = after in _AFTER_CLOSE and before.strip() != ""
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every quoted stretch of ``text``, robust to stray and mismatched marks."""
    out: list[QuoteSpan] = []
    para_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
    marks = [(m.start(), m.group()) for m in _MARK.finditer(text)]
    open_at: int | None = None
    open_len = 1
    open_para = -1
    paragraphs = 1
    para = 0
    for pos, mark in marks:
        while para + 1 < len(para_starts) and para_starts[para + 1] <= pos:
            para += 1
        role = _role(text, pos, mark)
        if open_at is not None and para != open_para:
            # The open quote reached the end of its paragraph unclosed: it goes
            # on only if this paragraph reopens it right at its start.
            continued = (
                role != "close"
                and para == open_para + 1
                and pos == para_starts[para]
                and _opens_speech(text, open_at)
            )
            if continued and pos - open_at <= MAX_SPAN:
                open_para = para
                paragraphs += 1
                continue
            out.extend(_unclosed(text, open_at, open_len, para_starts[open_para + 1], paragraphs))
            open_at = None
        if open_at is None:
            if role in ("open", "either"):
                open_at, open_len, open_para, paragraphs = pos, len(mark), para, 1
            continue  # a stray closing mark: ignored
        if role == "open":
            # Two openings in a row: the first was stray.
            open_at, open_len, open_para, paragraphs = pos, len(mark), para, 1
            continue
        end = pos + len(mark)
        out.append(QuoteSpan(open_at, end, open_at + open_len, pos, paragraphs))
        open_at = None
    if open_at is not None:
        next_para = para_starts[open_para + 1] if open_para + 1 < len(para_starts) else len(text)
        out.extend(_unclosed(text, open_at, open_len, next_para, paragraphs))
    out += _single_quoted_lines(text, out)
    return sorted(out, key=lambda q: q.start)


# Single marks are apostrophes too ("Trump’s", "voters' views"), so they are
# read as quotation marks only in the shape headlines use for speech: after a
# colon, running to the end of the line ("Iraqi PM: ‘Victory is near’").
_SINGLE_LINE = re.compile(
    r"(?m)^[^\n]{2,200}?:[ \t]+(?P<open>[‘'])(?P<content>\S[^\n]{0,400}?\S)(?P<close>[’'])[.!?]?[ \t]*$"
)


def _single_quoted_lines(text: str, taken: list[QuoteSpan]) -> list[QuoteSpan]:
    out = []
    for m in _SINGLE_LINE.finditer(text):
        start, end = m.start("open"), m.end("close")
        if any(q.start < end and start < q.end for q in taken):
            continue  # the line's double marks already made a quote
        if len(m.group("content").split()) < 2:
            continue
        out.append(QuoteSpan(start, end, m.start("content"), m.end("content")))
    return out


def _opens_speech(text: str, pos: int) -> bool:
    """A mark at the start of its paragraph or after 'said:' / 'said,' opens speech."""
    line_start = text.rfind("\n", 0, pos) + 1
    lead = text[line_start:pos].rstrip()
    return not lead or lead.endswith((":", ","))


def _unclosed(
    text: str, open_at: int, open_len: int, next_para: int, paragraphs: int
) -> list[QuoteSpan]:
    """A quote whose closing mark is missing runs to the end of its paragraph when
    it reads like one: opened at the paragraph's start or after 'said:' / 'said,',
    and ending a sentence."""
    end = len(text[:next_para].rstrip())
    if not _opens_speech(text, open_at):
        return []
    if end <= open_at + open_len or text[end - 1] not in ".!?…":
        return []
    return [QuoteSpan(open_at, end, open_at + open_len, end, paragraphs)]


def iter_content(text: str, quote: QuoteSpan) -> Iterator[tuple[int, int]]:
    """The quote's content pieces, without the marks that reopen continued paragraphs."""
    start = quote.content_start
    for m in _PARAGRAPH.finditer(text, quote.content_start, quote.content_end):
        yield start, m.start()
        start = m.end()
        if start < quote.content_end and text[start] in MARKS:
            start += 1
    yield start, quote.content_end
