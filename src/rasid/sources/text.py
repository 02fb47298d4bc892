"""Plain-text and Markdown files: one file, one article, text kept as written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rasid.records import Article

from .decode import read_text
from .fields import Options, build_article, guess_title


def read_text_file(path: Path, name: str, options: Options) -> Iterator[Article]:
    """The whole file is the article; a headline-like first line is also the title.

    The title stays inside the text: headlines carry events too, and offsets
    must index the file as written.
    """
    text, encoding = read_text(path, name, options.max_chars)
    yield build_article(
        text,
        origin=name,
        options=options,
        title=guess_title(text),
        published=options.published,
        encoding=encoding,
    )
