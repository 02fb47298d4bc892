"""Property-based tests: whatever bytes, text, dates or cuts come in, every reader and
the extractor answer with results or recorded failures, never an exception.

Bounded (a few dozen examples each, no deadline) so the suite stays fast;
``benchmarks/fuzz.py`` runs ten thousand generated and mutated inputs through
the command line.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasid import sources
from rasid.normalise import normalise, remap
from rasid.records import Article, ArticleResult, Failure

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters that break naive code: controls, invisible ones, surrogates, wide forms.
NASTY = st.sampled_from(
    ["\x00", "\x0b", "\x1b", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2028", "\ud800",
     "\udfff", "\ufffd", "\u00a0", "Ｇ", "ﬁ", "\u202e", "\r", "\t", "é", "“", "”", "—"]
)  # fmt: skip
WORDS = st.sampled_from(
    ["Gunmen", "killed", "five", "people", "in", "Kano", "on", "Monday", ",", ".", "police",
     "said", "A", "car", "bomb", "exploded", "near", "Baghdad", "wounding", "12", "\n\n",
     '"', "the", "army", "clashes", "with", "militants", "2024", "-", "at least"]
)  # fmt: skip
TEXT = st.lists(st.one_of(WORDS, NASTY, st.text(max_size=5)), max_size=60).map(" ".join)
DATES = st.one_of(st.none(), st.dates(min_value=dt.date.min, max_value=dt.date.max))


@FUZZ
@given(text=st.text(max_size=200) | TEXT)
def test_normalised_offsets_map_back_inside_the_given_text(text):
    norm = normalise(text)
    for i in range(len(norm.text) + 1):
        assert 0 <= norm.original(i) <= len(text)
        assert 0 <= norm.original(i, end=True) <= len(text)
    if norm.index is None:
        assert len(norm.text) == len(text)


def _offsets_hold(result: ArticleResult, text: str) -> None:
    writable = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    for event in result.events:
        for ev in (*event.evidence, event.trigger):
            assert 0 <= ev.start <= ev.end <= len(text)
            assert writable[ev.start : ev.end] == ev.text


@FUZZ
@given(text=TEXT, published=DATES)
def test_extract_codes_or_records_a_reason_for_any_text(extractor, text, published):
    article = Article(id="fuzz", text=text, published=published)
    result = extractor(article)
    assert isinstance(result, ArticleResult)
    if result.errors:
        assert all(e.code and e.message for e in result.errors)
    else:
        _offsets_hold(result, text)
    from rasid.cli import json_line

    json_line(result.to_dict()).encode("utf-8")  # the output can always be written


SAMPLES = {
    "report.txt": b"Car bomb kills six in Baquba\n\nA car bomb exploded in a market in Baquba "
    b"on Sunday, killing six people, police said.\n",
    "page.html": b"<html><head><meta charset='utf-8'><title>Attack</title></head><body><article>"
    b"<h1>Gunmen kill five</h1><p>Gunmen killed five people in Kano on Monday, police said."
    b"</p><p>Residents fled.</p></article></body></html>",
    "dump.jsonl": b'{"id": "a", "text": "Gunmen killed five people in Kano on Monday.", '
    b'"published": "2024-01-10"}\n{"id": "b", "text": "Troops repelled an attack in Maiduguri."}\n',
    "rows.csv": b"id,published,text\n1,2024-01-10,Gunmen killed five people in Kano on Monday.\n"
    b'2,2024-01-11,"Troops repelled an attack, the army said."\n',
    "feed.xml": b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
    b"<title>Attack</title><guid>g1</guid><description>Gunmen killed five people in Kano."
    b"</description></item><item><title>Clash</title><guid>g2</guid><description>Troops "
    b"clashed with militants.</description></item></channel></rss>",
}


def _read_all(path) -> list[Article | Failure]:
    items = list(sources.read([path]))
    for item in items:
        assert isinstance(item, (Article, Failure))
        if isinstance(item, Failure):
            assert item.code and item.message and item.input
    return items


@pytest.mark.parametrize("name", sorted(SAMPLES))
@FUZZ
@given(data=st.data())
def test_every_format_cut_anywhere_is_read_or_refused_with_a_reason(tmp_path, name, data):
    whole = SAMPLES[name]
    cut = data.draw(st.integers(min_value=0, max_value=len(whole)))
    path = tmp_path / name
    path.write_bytes(whole[:cut])
    _read_all(path)


@pytest.mark.parametrize("name", sorted(SAMPLES))
@FUZZ
@given(data=st.data())
def test_every_format_with_bytes_flipped_is_read_or_refused(tmp_path, name, data):
    raw = bytearray(SAMPLES[name])
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        at = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
        raw[at] = data.draw(st.integers(min_value=0, max_value=255))
    path = tmp_path / name
    path.write_bytes(bytes(raw))
    _read_all(path)


@FUZZ
@given(
    raw=st.binary(max_size=400),
    suffix=st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".xml", ""]),
)
def test_random_bytes_under_any_name_are_read_or_refused(tmp_path, raw, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(raw)
    _read_all(path)


@FUZZ
@given(text=TEXT, published=DATES)
def test_a_jsonl_line_of_any_text_and_date_reaches_a_result(tmp_path, extractor, text, published):
    import json

    path = tmp_path / "line.jsonl"
    row = {"id": "x", "text": text, "published": published.isoformat() if published else None}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    for item in _read_all(path):
        if isinstance(item, Article):
            assert isinstance(extractor(item), ArticleResult)


def test_remap_leaves_results_of_plain_text_untouched(extractor):
    article = Article(id="plain", text="Gunmen killed five people in Kano on Monday.")
    result = extractor(article)
    assert remap(result, normalise(article.text), article.text) is result
