"""Sources: read news articles from files and directories, never crashing on bad input.

``read(paths)`` yields an :class:`~rasid.records.Article` for every report it
can read and a :class:`~rasid.records.Failure` (with a code from
:mod:`rasid.errors`) for every file, JSON line, CSV row or feed entry it
cannot, so one bad input never stops a batch.  Formats are chosen by
extension (.txt/.md, .html, .jsonl/.json, .csv/.tsv, .xml/.rss/.atom, and
JSON lines compressed with gzip or zstd: .jsonl.gz/.jsonl.zst) or, for other
names, by sniffing the content.
"""

from __future__ import annotations

from .fields import parse_date
from .language import detect_language
from .reader import read, read_one

__all__ = ["detect_language", "parse_date", "read", "read_one"]
