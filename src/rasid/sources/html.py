"""HTML pages: the main article text and its metadata, via trafilatura.

Navigation, comments and footers are boilerplate that would produce false
events, so only the text trafilatura recognises as the article is kept; a page
where it finds none is reported rather than read as an empty article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from rasid.errors import MALFORMED, NO_ARTICLE, SourceError
from rasid.records import Article

from .decode import decode_as, read_bytes
from .fields import Options, build_article, check_length, clean, parse_date

MIN_LETTERS = 20  # fewer letters than this is a menu or a stub, not an article

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BLOCKS = frozenset(
    ("p", "div", "br", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "hr")
    + ("h1", "h2", "h3", "h4", "h5", "h6", "article", "section")
)


def declared_charset(head: bytes) -> str | None:
    """The encoding a page's ``<meta charset>`` declares, if any."""
    match = _CHARSET.search(head[:4096])
    return match.group(1).decode("ascii") if match else None


def extract_article(
    markup: str,
    *,
    origin: str,
    options: Options,
    url: str | None = None,
    encoding: str | None = None,
) -> Article:
    """The article in an HTML page; metadata from the page fills what it can.

    Raises SourceError NO_ARTICLE when the page has no article text, MALFORMED
    when the markup defeats the parser, TOO_LARGE over ``options.max_chars``.
    """
    import trafilatura  # heavy import; only needed for HTML
    from lxml.etree import LxmlError

    try:
        doc = trafilatura.bare_extraction(
            markup, url=url, with_metadata=True, include_comments=False
        )
    except (ValueError, TypeError, LookupError, RecursionError, LxmlError) as exc:
        raise SourceError(
            f"HTML could not be parsed ({type(exc).__name__}: {exc}); expected an HTML page",
            input=origin,
            code=MALFORMED,
        ) from exc
    text = (getattr(doc, "text", None) or "").strip()
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        raise SourceError(
            "no article text found in the HTML (only navigation or boilerplate); "
            "expected a page with a news article",
            input=origin,
            code=NO_ARTICLE,
        )
    check_length(text, "article", origin, options)
    published = parse_date(doc.date) or options.published
    return build_article(
        text,
        origin=origin,
        options=options,
        title=clean(doc.title),
        source=clean(doc.sitename) or clean(doc.hostname),
        url=clean(doc.url) or url,
        published=published,
        encoding=encoding,
    )


def read_html_file(path: Path, name: str, options: Options) -> Iterator[Article]:
    """One HTML file, one article."""
    data = read_bytes(path, name, options.max_chars * 4)
    markup, encoding = decode_as(data, name, prefer=declared_charset(data))
    yield extract_article(markup, origin=name, options=options, encoding=encoding)


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed summary), one line per block.

    Feed summaries are short fragments, not pages, so trafilatura's article
    detection would discard them; lxml's text with block breaks keeps them.
    """
    if "<" not in markup:
        return "\n".join(" ".join(line.split()) for line in markup.splitlines() if line.strip())
    from lxml import etree, html

    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.LxmlError, ValueError):
        return ""
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
