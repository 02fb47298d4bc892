"""rasid.sources.read: batches of files and directories, and every way input goes bad."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import json
import shutil
import time
from pathlib import Path

import pytest

from rasid.errors import BAD_VALUE, BINARY, EMPTY, TOO_LARGE, UNDECODABLE, UNREADABLE
from rasid.records import Article, Failure
from rasid.sources import read, read_one

DATA = Path(__file__).parent / "data" / "sources"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"  # ../shared from the repo root

STORY = (
    "Gunmen attacked a police checkpoint near Samarra on Monday night, killing two "
    "policemen and wounding three, a security official said.\n"
)


def articles(results: list[Article | Failure]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def failures(results: list[Article | Failure]) -> list[Failure]:
    return [r for r in results if isinstance(r, Failure)]


def file_of(result: Article | Failure) -> str:
    """The file part of an origin such as ``dir/a.jsonl:3`` or ``dir/feed.rss#2``."""
    where = result.origin if isinstance(result, Article) else result.input
    path = Path(str(where).split(":")[0].split("#")[0])
    return path.name if path.parent.name != "sub" else f"sub/{path.name}"


def only_failure(path: Path, **kwargs: object) -> Failure:
    results = read_one(path, **kwargs)
    assert len(results) == 1 and isinstance(results[0], Failure), results
    return results[0]


# --- batches and directories -------------------------------------------------


def test_missing_path_is_a_failure_naming_it_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    missing = tmp_path / "no-such-report.txt"
    results = list(read([missing, good]))
    assert isinstance(results[0], Failure)
    assert results[0].code == UNREADABLE and results[0].input == str(missing)
    assert "no such file" in results[0].message
    assert isinstance(results[1], Article) and results[1].text == STORY


def test_directory_mixing_formats_is_read_in_sorted_order(tmp_path: Path) -> None:
    for name in ("report.txt", "article.html", "articles.jsonl", "reports.csv", "feed.rss"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "sub").mkdir()
    shutil.copy(DATA / "feed.atom", tmp_path / "sub" / "brief.atom")
    (tmp_path / ".draft.txt").write_text("Hidden draft that must not be read")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.txt").write_text(STORY)
    # Unknown extensions are sniffed: HTML, a feed, JSON and plain text.
    (tmp_path / "page.download").write_text(
        f"<!DOCTYPE html><html><head><title>Samarra attack</title></head>"
        f"<body><article><h1>Samarra attack</h1><p>{STORY}</p></article></body></html>"
    )
    (tmp_path / "rss.out").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Tigris Wire</title>'
        f"<item><title>Samarra checkpoint attack</title><description>{STORY}</description>"
        "</item></channel></rss>"
    )
    shutil.copy(DATA / "report.txt", tmp_path / "report-copy.txt")
    (tmp_path / "record.dat").write_text(json.dumps({"id": "dat-1", "text": STORY}))
    (tmp_path / "notes.log").write_text(STORY.replace("Samarra", "Balad"))

    results = list(read([tmp_path]))
    files = [file_of(r) for r in results]
    assert list(dict.fromkeys(files)) == [
        "article.html",
        "articles.jsonl",
        "feed.rss",
        "notes.log",
        "page.download",
        "record.dat",
        "report-copy.txt",
        "report.txt",
        "reports.csv",
        "rss.out",
        "sub/brief.atom",
    ]
    by_file = {file_of(a): a for a in articles(results)}
    assert by_file["page.download"].title == "Samarra attack"
    assert by_file["rss.out"].source == "Tigris Wire"
    assert by_file["record.dat"].id == "dat-1"
    assert "Balad" in by_file["notes.log"].text
    assert by_file["sub/brief.atom"].source == "Horn Security Brief"
    # The same report in two files is yielded once; the copy read second is reported.
    dupes = [f for f in failures(results) if f.code == BAD_VALUE]
    assert [file_of(f) for f in dupes] == ["report.txt"]


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    failure = only_failure(tmp_path)
    assert failure.code == EMPTY and failure.input == str(tmp_path)


def test_a_single_path_string_is_not_iterated_character_by_character() -> None:
    results = list(read(str(DATA / "report.txt")))
    assert len(results) == 1 and isinstance(results[0], Article)


def test_defaults_fill_in_only_what_the_input_lacks() -> None:
    day = dt.date(2020, 5, 1)
    text, jsonl, *_ = read(
        [DATA / "report.txt", DATA / "articles.jsonl"], published=day, source="Desk"
    )
    assert isinstance(text, Article) and (text.published, text.source) == (day, "Desk")
    assert isinstance(jsonl, Article)
    assert (jsonl.published, jsonl.source) == (dt.date(2017, 6, 12), "Levant Wire")


def test_published_option_may_be_a_date_string() -> None:
    (article,) = read([DATA / "report.txt"], published="2024-03-03")
    assert isinstance(article, Article) and article.published == dt.date(2024, 3, 3)
    with pytest.raises(ValueError, match="not a date"):
        read([DATA / "report.txt"], published="last week")  # at once, not when iterated


def test_ids_are_stable_across_runs_and_unique_in_a_batch(tmp_path: Path) -> None:
    first = [a.id for a in articles(read_one(DATA))]
    second = [a.id for a in articles(read_one(DATA))]
    assert first == second and len(set(first)) == len(first)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY)
    results = read_one(tmp_path)
    assert isinstance(results[0], Article) and results[0].id.startswith("sha1:")
    assert isinstance(results[1], Failure) and results[1].code == BAD_VALUE
    assert str(tmp_path / "a.txt") in results[1].message


# --- bad files ----------------------------------------------------------------


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x00\x01\x02\x03IHDR" * 200)
    failure = only_failure(path)
    assert failure.code == BINARY and failure.input == str(path)
    assert failure.message.startswith("looks like a binary file (")
    assert failure.message.endswith("expected text")


def test_compressed_file_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    path.write_bytes(gzip.compress(json.dumps({"text": STORY}).encode()))
    failure = only_failure(path)
    assert failure.code == BINARY and "gzip" in failure.message


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n", codecs.BOM_UTF8])
def test_empty_or_blank_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert only_failure(path).code == EMPTY


@pytest.mark.parametrize("name", ["empty.jsonl", "empty.csv", "empty.rss", "empty.html"])
def test_empty_file_of_any_format_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\n")
    assert only_failure(path).code == EMPTY


def test_huge_text_file_is_refused_quickly_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    block = STORY.encode() * 1000
    with open(path, "wb") as fh:
        for _ in range(50 * 2**20 // len(block) + 1):
            fh.write(block)
    start = time.perf_counter()
    failure = only_failure(path)
    assert time.perf_counter() - start < 0.5
    assert failure.code == TOO_LARGE and "MiB" in failure.message


def test_text_longer_than_max_chars_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(STORY * 3)
    failure = only_failure(path, max_chars=len(STORY) * 2)
    assert failure.code == TOO_LARGE and "characters" in failure.message


def test_undecodable_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(b"Gunmen killed " + bytes(range(0x80, 0x100)) * 20)
    failure = only_failure(path)
    assert failure.code == UNDECODABLE
    assert "expected UTF-8" in failure.message


def test_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    text = "A bomb near a café in Mosul killed “at least” four people — police.\n"
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252") * 3)
    (article,) = read_one(path)
    assert isinstance(article, Article) and article.text == text * 3


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks_are_stripped(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(STORY.encode(encoding))
    (article,) = read_one(path)
    assert isinstance(article, Article) and article.text == STORY


def test_unreadable_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(STORY)
    path.chmod(0)
    try:
        results = read_one(path)
    finally:
        path.chmod(0o644)
    if isinstance(results[0], Article):
        pytest.skip("running as root: file permissions are not enforced")
    assert results[0].code == UNREADABLE and results[0].input == str(path)


# --- the shared development data ---------------------------------------------


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason=f"shared gold data not at {SHARED}")
def test_gold_ucdp_file_reads_with_ids_and_texts_unchanged() -> None:
    path = SHARED / "eval" / "ucdp-ged-iraq.jsonl"
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    results = list(read([path]))
    assert len(results) == 786 and all(isinstance(r, Article) for r in results)
    assert [a.id for a in results] == [g["id"] for g in gold]
    assert [a.text for a in results] == [g["text"] for g in gold]
    assert [a.published.isoformat() for a in results] == [g["published"] for g in gold]
    assert sum(a.language == "en" for a in results) >= 780  # headlines stay English
    assert not any(a.language not in ("en", None) for a in results)
