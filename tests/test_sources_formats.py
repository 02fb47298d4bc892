"""One test group per input format: what a user gets from a good file and a bad one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import random
import time
from pathlib import Path

import pyarrow as pa
import pytest

from rasid.errors import BAD_VALUE, BINARY, EMPTY, MALFORMED, NO_ARTICLE, TOO_LARGE, UNDECODABLE
from rasid.records import Article, Failure
from rasid.sources import detect_language, read, read_one

DATA = Path(__file__).parent / "data" / "sources"


def by_origin(results: list[Article | Failure]) -> dict[str, Article | Failure]:
    return {
        (r.origin if isinstance(r, Article) else r.input).rsplit("/", 1)[-1]: r for r in results
    }


# --- plain text ---------------------------------------------------------------


def test_text_file_is_one_article_kept_exactly() -> None:
    path = DATA / "report.txt"
    (article,) = read_one(path)
    assert isinstance(article, Article)
    assert article.text == path.read_text(encoding="utf-8")
    assert article.title == "Roadside bomb kills four soldiers near Kirkuk"
    assert article.text.startswith(article.title)  # the headline stays in the text
    assert article.id.startswith("sha1:") and len(article.id) == 21
    assert (article.origin, article.url, article.language) == (str(path), None, "en")


def test_text_newlines_are_normalised_and_nothing_else() -> None:
    (article,) = read_one(DATA / "windows.txt")
    assert isinstance(article, Article)
    assert "\r" not in article.text
    assert article.text == (DATA / "windows.txt").read_bytes().decode().replace("\r\n", "\n")


def test_first_line_is_a_title_only_when_it_reads_like_one(tmp_path: Path) -> None:
    path = tmp_path / "lede.txt"
    path.write_text("Gunmen killed two policemen in Samarra on Monday, officials said.\nMore.\n")
    (article,) = read_one(path)
    assert isinstance(article, Article) and article.title is None


def test_non_english_article_is_kept_with_its_language() -> None:
    (article,) = read_one(DATA / "rapport.md")
    assert isinstance(article, Article)
    assert article.language == "fr"
    assert article.title == "Attentat à la voiture piégée à Bagdad"


# --- HTML ---------------------------------------------------------------------


def test_html_article_text_and_metadata() -> None:
    (article,) = read_one(DATA / "article.html")
    assert isinstance(article, Article)
    assert article.text.startswith("Car bomb kills 12 in Baghdad market")
    assert "killing at least 12 people" in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.title == "Car bomb kills 12 in Baghdad market"
    assert article.source == "Tigris Daily"
    assert article.url == "https://tigrisdaily.example/2024/03/14/car-bomb-baghdad-market"
    assert article.published == dt.date(2024, 3, 14)


def test_html_without_an_article_is_reported() -> None:
    path = DATA / "nav_only.html"
    (failure,) = read_one(path)
    assert isinstance(failure, Failure)
    assert failure.code == NO_ARTICLE and failure.input == str(path)
    assert "expected a page with a news article" in failure.message


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><p>Gunmen attacked a police post near Kirkuk, killing four <b><i>officers"
        "</p></div></span><<<>>> &bogus; <p>Police said",
        "<div>" * 50_000 + "Deep nesting",
        "<?xml version='1.0' encoding='latin-1'?><html><body><p>x</p></body></html>",
        "<html><script>var a = '<p>';</script><style>p {}</style></html>",
    ],
)
def test_broken_html_gives_an_article_or_a_failure_never_a_crash(
    tmp_path: Path, markup: str
) -> None:
    path = tmp_path / "broken.html"
    path.write_text(markup)
    (result,) = read_one(path)
    assert isinstance(result, (Article, Failure))


def test_html_in_a_legacy_encoding_uses_its_meta_charset(tmp_path: Path) -> None:
    story = "Une voiture piégée a tué douze personnes à Bagdad, selon la police irakienne."
    markup = f'<html><head><meta charset="windows-1252"></head><body><p>{story}</p></body></html>'
    path = tmp_path / "page.htm"
    path.write_bytes(markup.encode("cp1252"))
    (article,) = read_one(path)
    assert isinstance(article, Article) and article.text == story


# --- JSON lines and JSON ------------------------------------------------------


def test_jsonl_records_become_articles() -> None:
    results = read_one(DATA / "articles.jsonl")
    assert all(isinstance(r, Article) for r in results)
    first, second, from_html, no_id = results
    assert isinstance(first, Article) and first.id == "wire-001"
    assert (first.url, first.source, first.title) == (
        "https://wire.example/1",
        "Levant Wire",
        "Air strike hits Raqqa suburb",
    )
    assert first.origin.endswith("articles.jsonl:1")
    assert second.published == dt.date(2017, 6, 13)  # RFC 822
    assert from_html.id == "3" and from_html.title == "Shelling in Idlib"
    assert from_html.text.startswith("Artillery shelling struck the town")
    assert from_html.origin.endswith(":4")  # the blank line 3 is skipped but counted
    assert no_id.id.startswith("sha1:") and no_id.published is None  # "not a date"


def test_malformed_jsonl_lines_fail_alone(tmp_path: Path) -> None:
    good = {"id": "ok-1", "text": "Militants shelled a village near Sinjar, killing two."}
    lines = [
        json.dumps(good),
        '{"id": "bad", "text": "unterminated',
        "[1, 2, 3]",
        '{"id": "no-text", "title": "Headline only"}',
        '{"id": "blank", "text": "   "}',
        '{"id": ["a"], "text": "A list as an id."}',
        "",
        json.dumps({**good, "id": "ok-2"}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    results = by_origin(read_one(path))
    assert [k for k, v in results.items() if isinstance(v, Article)] == [
        "mixed.jsonl:1",
        "mixed.jsonl:8",
    ]
    bad = results["mixed.jsonl:2"]
    assert isinstance(bad, Failure) and bad.code == MALFORMED
    assert bad.message.startswith("line 2 is not valid JSON (")
    assert bad.message.endswith("expected one JSON object per line")
    assert results["mixed.jsonl:3"].code == MALFORMED
    assert "a JSON list" in results["mixed.jsonl:3"].message
    assert results["mixed.jsonl:4"].code == MALFORMED
    assert '"text"' in results["mixed.jsonl:4"].message
    assert results["mixed.jsonl:5"].code == EMPTY
    assert results["mixed.jsonl:6"].code == BAD_VALUE


def test_jsonl_line_that_is_not_utf8_or_too_long_fails_alone(tmp_path: Path) -> None:
    good = json.dumps({"text": "Gunmen killed a judge in Basra on Sunday."}).encode()
    long = json.dumps({"text": "x" * 5000}).encode()
    path = tmp_path / "rough.jsonl"
    path.write_bytes(b"\n".join([b'{"text": "caf\xe9 bombing"}', long, good]) + b"\n")
    results = read_one(path, max_chars=200)
    assert [getattr(r, "code", "article") for r in results] == [UNDECODABLE, TOO_LARGE, "article"]
    assert results[0].input.endswith("rough.jsonl:1")


def test_json_list_and_single_object(tmp_path: Path) -> None:
    listing = tmp_path / "batch.json"
    listing.write_text(
        json.dumps(
            [
                {"id": "a", "text": "A mortar round hit a market in Aleppo, killing six."},
                "not an object",
            ],
            indent=2,
        )
    )
    first, second = read_one(listing)
    assert isinstance(first, Article) and first.origin == f"{listing}#1"
    assert isinstance(second, Failure) and second.input == f"{listing}#2"
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"id": "b", "text": "Two soldiers died in a mine blast."}))
    (article,) = read_one(single)
    assert isinstance(article, Article) and article.id == "b"


def test_json_file_holding_json_lines_and_loosely_named_fields(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    rows = [
        {
            "doc_id": "x1",
            "headline": "Mine blast",
            "body": "A mine killed two herders.",
            "date": "2021-03-02",
        },
        {
            "doc_id": "x2",
            "content": "Gunmen burned a school near Kidal.",
            "outlet": "Sahel Monitor",
        },
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows))
    first, second = read_one(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.title, first.text) == ("x1", "Mine blast", "A mine killed two herders.")
    assert first.published == dt.date(2021, 3, 2) and first.origin == f"{path}:1"
    assert (second.id, second.source) == ("x2", "Sahel Monitor")


def test_huge_jsonl_is_streamed_not_loaded(tmp_path: Path) -> None:
    detect_language("Warm the language model up before timing anything.")
    path = tmp_path / "archive.jsonl"
    line = json.dumps({"text": "Gunmen killed a shepherd near Kirkuk, police said."}) + "\n"
    path.write_text(line * 200_000)  # about 12 MB
    start = time.perf_counter()
    first = next(read([path]))
    assert time.perf_counter() - start < 1.0
    assert isinstance(first, Article) and first.origin == f"{path}:1"


def test_json_that_does_not_parse_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "a", "text": "Gunmen"')
    (failure,) = read_one(path)
    assert isinstance(failure, Failure) and failure.code == MALFORMED
    assert "not valid JSON" in failure.message


# --- CSV ----------------------------------------------------------------------


def test_csv_rows_become_articles_with_loosely_named_columns() -> None:
    results = read_one(DATA / "reports.csv")
    first, second, empty = results
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.title, first.source, first.published) == (
        "Gunmen kill two in Mosul",
        "Nineveh Post",
        dt.date(2018, 2, 9),
    )
    assert first.url == "https://nineveh.example/a1"
    assert second.text.endswith("Officials said the fighting lasted two hours.")
    assert second.published == dt.date(2018, 2, 10)  # "February 10, 2018"
    # The quoted body spans lines 3-4, so the empty row is on line 5.
    assert isinstance(empty, Failure) and empty.code == EMPTY
    assert empty.input.endswith("reports.csv:5")


def test_csv_without_a_text_column_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "casualties.csv"
    path.write_text("date,place,killed\n2019-01-01,Mosul,3\n2019-01-02,Hit,1\n")
    (failure,) = read_one(path)
    assert isinstance(failure, Failure) and failure.code == MALFORMED
    assert "no text column" in failure.message and "date, place, killed" in failure.message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("reports.tsv", "ID\tHEADLINE\tCONTENT\nt1\tBlast in Hilla\tA blast in Hilla killed 3.\n"),
        ("reports.csv", "Id;Headline;Content\nt1;Blast in Hilla;A blast in Hilla killed 3.\n"),
    ],
)
def test_tsv_and_semicolon_csv(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    (article,) = read_one(path)
    assert isinstance(article, Article)
    assert (article.id, article.title, article.text) == (
        "t1",
        "Blast in Hilla",
        "A blast in Hilla killed 3.",
    )


# --- feeds --------------------------------------------------------------------


def test_rss_entries_become_articles() -> None:
    path = DATA / "feed.rss"
    first, headline_only = read_one(path)
    assert isinstance(first, Article) and isinstance(headline_only, Article)
    assert first.title == "Attack on army post kills 11 in northern Burkina Faso"
    assert first.text == (
        "Suspected jihadists attacked an army post near Djibo on Sunday, killing 11 soldiers, "
        "security sources said.\nThe army said it killed several assailants."
    )
    assert (first.source, first.published) == ("Sahel Monitor", dt.date(2023, 5, 22))
    assert first.url == "https://sahel.example/2023/05/army-post-attack"
    assert first.origin == f"{path}#1"
    assert headline_only.text == "Explosive device hits convoy near Menaka"


def test_atom_entry_keeps_the_day_it_was_published_locally() -> None:
    (entry,) = read_one(DATA / "feed.atom")
    assert isinstance(entry, Article)
    assert entry.published == dt.date(2022, 8, 19)  # 23:30 +03:00, not the UTC day
    assert entry.id == "urn:uuid:5f1c2b7e-0001" and entry.source == "Horn Security Brief"
    assert entry.text.endswith("At least 20 people were killed.")


def test_xml_that_is_not_a_feed_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "config.xml"
    path.write_text('<?xml version="1.0"?><settings><timeout>30</timeout></settings>')
    (failure,) = read_one(path)
    assert isinstance(failure, Failure) and failure.code == MALFORMED
    assert "not an RSS or Atom feed" in failure.message


# --- compressed JSON lines ----------------------------------------------------


def compress(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path``, gzip- or zstd-compressed as its name says."""
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    else:
        with pa.output_stream(str(path), compression="zstd") as out:
            out.write(data)
    return path


def news_lines(count: int) -> bytes:
    """``count`` JSON lines of distinct reports, about 1 KB each."""
    rng = random.Random(7)
    towns = ["Mosul", "Kirkuk", "Tikrit", "Baiji", "Samarra", "Fallujah", "Ramadi", "Hit"]
    lines = []
    for number in range(1, count + 1):
        text = " ".join(
            f"Gunmen killed {rng.randint(1, 40)} people near {rng.choice(towns)} on day "
            f"{rng.randint(1, 28)}, police said."
            for _ in range(20)
        )
        lines.append(json.dumps({"id": f"r-{number}", "text": text}))
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("name", ["articles.jsonl.gz", "articles.jsonl.zst", "articles.NDJSON.ZST"])
def test_compressed_jsonl_reads_as_the_plain_file(tmp_path: Path, name: str) -> None:
    plain = DATA / "articles.jsonl"
    path = compress(tmp_path / name, plain.read_bytes())
    expected = read_one(plain)
    got = read_one(path)
    assert [r.origin for r in got] == [r.origin.replace(str(plain), str(path)) for r in expected]
    assert [dataclasses.replace(r, origin=None) for r in got] == [
        dataclasses.replace(r, origin=None) for r in expected
    ]


@pytest.mark.parametrize("name", ["archive.jsonl.gz", "archive.jsonl.zst"])
def test_damaged_compressed_jsonl_keeps_the_lines_before_it(tmp_path: Path, name: str) -> None:
    path = compress(tmp_path / name, news_lines(400))  # zstd: three blocks of 128 KiB
    path.write_bytes(path.read_bytes()[:-50])  # cut off inside the last block
    *articles, failure = read_one(path)
    assert 0 < len(articles) < 400
    assert [a.origin for a in articles] == [f"{path}:{n}" for n in range(1, len(articles) + 1)]
    assert isinstance(failure, Failure) and (failure.input, failure.code) == (str(path), MALFORMED)
    assert f"stream is damaged after line {len(articles)} (" in failure.message


@pytest.mark.parametrize("name", ["empty.jsonl.zst", "empty.jsonl.gz"])
def test_empty_compressed_jsonl_is_reported(tmp_path: Path, name: str) -> None:
    empty = tmp_path / name
    empty.write_bytes(b"")  # not even a compressed stream
    blank = compress(tmp_path / f"blank-{name}", b"\n\n")  # a stream of nothing but newlines
    for path in (empty, blank):
        (failure,) = read_one(path)
        assert isinstance(failure, Failure) and (failure.input, failure.code) == (str(path), EMPTY)


def test_a_file_named_compressed_that_is_not_says_so(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.zst"
    path.write_text(json.dumps({"text": "Gunmen killed a judge in Basra on Sunday."}) + "\n")
    (failure,) = read_one(path)
    assert isinstance(failure, Failure) and (failure.input, failure.code) == (str(path), MALFORMED)
    assert failure.message.startswith("the zstd stream is damaged at its start (")


def test_a_compressed_line_over_the_limit_fails_alone(tmp_path: Path) -> None:
    """A line is bounded as in a plain file, so a small file that inflates to gigabytes
    (a zip bomb) costs one failure, not the memory to hold it."""
    long = json.dumps({"text": "x" * 5000})
    good = json.dumps({"text": "Gunmen killed a judge in Basra on Sunday."})
    path = compress(tmp_path / "bomb.jsonl.zst", f"{long}\n{good}\n".encode())
    too_long, article = read_one(path, max_chars=200)
    assert isinstance(too_long, Failure) and too_long.code == TOO_LARGE
    assert too_long.input == f"{path}:1"
    assert isinstance(article, Article) and article.origin == f"{path}:2"


@pytest.mark.parametrize(
    ("name", "advice"),
    [("reports.json.gz", "gunzip it, or name it .jsonl.gz"), ("reports.txt.zst", "zstd -d")],
)
def test_other_compressed_files_say_what_to_do(tmp_path: Path, name: str, advice: str) -> None:
    path = compress(tmp_path / name, json.dumps([{"text": "Gunmen killed a judge."}]).encode())
    (failure,) = read_one(path)
    assert isinstance(failure, Failure) and (failure.input, failure.code) == (str(path), BINARY)
    assert advice in failure.message
