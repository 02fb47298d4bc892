"""No input stops a batch, nothing is silently corrupted, outputs are safe to open.

Each test is one way a real feed or dump goes wrong: a broken JSON escape, a date
at the edge of the calendar, invisible characters, a NUL, a cell a spreadsheet
would run, an output folder that is not there.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import multiprocessing
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

import storekit
from rasid.cli import main
from rasid.normalise import normalise
from rasid.records import Article
from rasid.store.models import ArticleRow, EventRow
from rasid.store.spreadsheet import safe_cell
from rasid.store.store import Store

db_url = storekit.db_url
example_results = storekit.example_results

KANO = "Gunmen killed five people in Kano on Monday, police said."
KADUNA = "Gunmen killed three people in Kaduna on Monday, police said."


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_lone_surrogate_in_a_json_line_fails_nothing(tmp_path):
    # "\ud800" is valid JSON and decodes to a string no encoding can write
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        '{"id": "a", "text": "Gunmen killed five people in Kano \\ud800 on Monday."}\n'
        + json.dumps({"id": "b", "text": KADUNA})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main, ["extract", str(dump), "--published", "2024-01-10", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in _lines(out)}
    assert rows.keys() == {"a", "b"}
    assert all(len(r["events"]) == 1 and r["errors"] == [] for r in rows.values())


def test_the_calendars_first_day_as_publication_date_is_coded_and_stored(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"id": "early", "text": KANO, "published": "0001-01-01"})
        + "\n"
        + json.dumps({"id": "late", "text": KADUNA, "published": "9999-12-31"})
        + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "rasid.db"
    for _ in range(2):  # the rerun is not blocked by what the first run stored
        result = CliRunner().invoke(main, ["ingest", str(dump), "--db", str(db)])
        assert result.exit_code == 0, result.output
    with Store(db) as store, store.connect() as conn:
        stored = set(conn.execute(select(ArticleRow.id)).scalars())
    assert stored == {"early", "late"}


def test_zero_width_characters_after_every_space_change_nothing(extractor):
    dirty = KANO.replace(" ", " \u200b")
    clean_events = extractor(Article(id="c", text=KANO, published=dt.date(2024, 1, 10))).events
    result = extractor(Article(id="d", text=dirty, published=dt.date(2024, 1, 10)))
    assert [e.sub_event_type for e in result.events] == [e.sub_event_type for e in clean_events]
    (event,) = result.events
    assert event.fatalities.value == 5 and event.location.name == "Kano"
    # offsets point into the text as given, invisible characters and all
    assert dirty[event.trigger.start : event.trigger.end] == event.trigger.text


def test_normalising_drops_the_invisible_and_keeps_a_way_back():
    text = "A\u200bB\u00adC\x0bD\x00E\ufeffＦ\u2028G\u00a0H ﬁ"
    norm = normalise(text)
    assert norm.text == "ABC D EF\nG H ﬁ"  # a ligature is two letters: kept
    # every character of the parser's text maps back onto the same one in the given text
    for i, ch in enumerate(norm.text):
        given = text[norm.original(i)]
        assert given == ch or normalise(given).text == ch
    assert norm.original(len(norm.text), end=True) == len(text)
    # without invisible characters, nothing moves
    assert normalise("Kano\x00 \u00a0").index is None


def test_a_file_of_invisible_characters_is_empty(tmp_path):
    (tmp_path / "blank.txt").write_text("\u200b\u200b \ufeff\u2060\n", encoding="utf-8")
    (tmp_path / "news.txt").write_text(KANO, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--published", "2024-01-10"])
    assert result.exit_code == 3  # one input failed, the other was coded
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(err["code"] for r in rows for err in r["errors"]) == ["empty"]
    assert all(r["article"]["title"] is None for r in rows if r["errors"])
    assert sum(len(r["events"]) for r in rows) == 1


def test_a_nul_is_stored_alike_on_both_back_ends(db_url, example_results):
    result = example_results[0]
    title = "Attack\x00 on a checkpoint"
    result = dataclasses.replace(result, article=dataclasses.replace(result.article, title=title))
    with Store(db_url) as store:
        assert store.save(result) == "stored"
        with store.connect() as conn:
            stored = conn.execute(select(ArticleRow.title)).scalar_one()
    assert stored == "Attack\ufffd on a checkpoint"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("-33.51", "-33.51"),  # a number stays a number
        ("Reuters", "Reuters"),
        (-12, -12),
        (None, None),
    ],
)
def test_cells_a_spreadsheet_would_run_are_written_as_text(cell, safe):
    assert safe_cell(cell) == safe


def test_exports_and_listings_neutralise_formulas_unless_asked(tmp_path, example_results):
    result = example_results[0]
    outlet = '=HYPERLINK("http://evil.example","Reuters")'
    result = dataclasses.replace(result, article=dataclasses.replace(result.article, source=outlet))
    db = tmp_path / "rasid.db"
    with Store(db) as store:
        store.save(result)
    out = tmp_path / "acled.csv"
    runner = CliRunner()
    assert (
        runner.invoke(main, ["export", str(out), "--format", "acled", "--db", str(db)]).exit_code
        == 0
    )
    sources = {row["source"] for row in csv.DictReader(out.open(encoding="utf-8"))}
    assert sources and all(not s.startswith("=") for s in sources)
    assert any(s.startswith("'=HYPERLINK") for s in sources)
    listed = runner.invoke(main, ["events", "--db", str(db), "--format", "csv"])
    assert "'=HYPERLINK" in listed.stdout and ",=HYPERLINK" not in listed.stdout
    raw = runner.invoke(main, ["events", "--db", str(db), "--format", "csv", "--csv-formulas"])
    assert '"=HYPERLINK' in raw.stdout or ",=HYPERLINK" in raw.stdout


def test_an_output_folder_that_is_not_there_is_a_usage_error(tmp_path):
    (tmp_path / "news.txt").write_text(KANO, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["extract", str(tmp_path / "news.txt"), "-o", str(tmp_path / "no" / "out.jsonl")]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_a_limit_no_database_can_hold_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(
        main, ["events", "--db", str(tmp_path / "x.db"), "--limit", str(2**70)]
    )
    assert result.exit_code == 2 and "range" in result.output


def test_a_full_disk_is_a_clear_error(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    (tmp_path / "news.txt").write_text(KANO, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "news.txt"), "-o", "/dev/full"])
    assert result.exit_code == 1
    assert "No space left" in result.output and "incomplete" in result.output


def _orphan(parent: int) -> None:
    from rasid.pipeline import _end_with_parent

    _end_with_parent(parent)  # told of a parent that is not its own: it is an orphan


def test_a_worker_whose_parent_is_gone_ends():
    ctx = multiprocessing.get_context("fork")
    worker = ctx.Process(target=_orphan, args=(1,))
    worker.start()
    worker.join(timeout=30)
    assert worker.exitcode == 1


def test_every_event_of_a_stored_article_survives_a_nul_in_its_evidence(tmp_path, extractor):
    text = KANO.replace("five", "five\x00")
    result = extractor(Article(id="nul", text=text, published=dt.date(2024, 1, 10)))
    with Store(tmp_path / "rasid.db") as store:
        assert store.save(result) == "stored"
        with store.connect() as conn:
            assert len(conn.execute(select(EventRow.id)).all()) == len(result.events) == 1


def test_utf8_with_a_few_broken_bytes_stays_utf8(tmp_path, caplog):
    text = "Gunmen killed five people in Kano on Monday. “It was terrible,” a café owner said. "
    data = text.encode("utf-8")
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:40] + b"\xff" + data[40:] * 2)
    from rasid import sources

    (article,) = sources.read([path])
    assert article.encoding == "utf-8 (invalid bytes replaced)"
    assert "“It was terrible,”" in article.text and "café" in article.text
    assert article.text.count("\ufffd") == 1
    assert "invalid UTF-8" in caplog.text and str(path) in caplog.text


def test_latin1_text_is_read_as_western_letters(tmp_path):
    text = "Gunmen killed five people in Kano. The café owner, José García, and Señor López fled."
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    from rasid import sources

    (article,) = sources.read([path])
    assert article.text == text
    assert article.encoding == "cp1252"
    assert article.to_dict()["encoding"] == "cp1252"


def _feed(n: int) -> str:
    items = "".join(
        f"<item><title>Attack {i}</title><guid>item-{i}</guid><description>Gunmen killed "
        f"{i + 2} people in Kano on Monday, police said.</description></item>"
        for i in range(n)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


def test_a_feed_cut_off_mid_item_says_so_and_keeps_the_whole_items(tmp_path):
    full = _feed(5)
    cut = tmp_path / "cut.xml"
    cut.write_text(full[: full.index("<item><title>Attack 3") + 60], encoding="utf-8")
    from rasid import sources

    items = list(sources.read([cut]))
    articles = [i for i in items if isinstance(i, Article)]
    (failure,) = [i for i in items if not isinstance(i, Article)]
    assert [a.id for a in articles] == ["item-0", "item-1", "item-2"]
    assert failure.code == "malformed" and "cut off inside entry 4" in failure.message
    # the complete copy of the feed read after it is not shadowed by the cut item
    whole = tmp_path / "whole.xml"
    whole.write_text(full, encoding="utf-8")
    again = [i for i in sources.read([cut, whole]) if isinstance(i, Article)]
    assert {a.id for a in again} == {f"item-{i}" for i in range(5)}
    assert next(a for a in again if a.id == "item-3").text.endswith("police said.")


def test_a_text_longer_than_any_report_is_coded_in_sections(extractor, monkeypatch):
    from rasid import pipeline
    from rasid.pipeline import sections

    SECTION_CHARS = 2_000  # the real size (30,000) in small: the same cuts, faster
    monkeypatch.setattr(pipeline, "SECTION_CHARS", SECTION_CHARS)
    report = (
        "Gunmen killed {n} people in Kano on Monday, police said.\n\n"
        "Residents said the attackers came on motorcycles.\n\n"
    )
    text = "".join(report.format(n=n) for n in range(2, 2 + 3 * SECTION_CHARS // len(report)))
    cuts = sections(text, SECTION_CHARS)
    assert len(cuts) >= 3 and cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:], strict=False))
    assert all(text[end - 1] == "\n" for _, end in cuts[:-1])  # cut at paragraph breaks
    result = extractor(Article(id="dump", text=text, published=dt.date(2024, 1, 10)))
    assert result.errors == () and len(result.events) >= len(cuts)
    assert len({e.event_id for e in result.events}) == len(result.events)
    for event in result.events:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text


def test_a_large_feed_is_streamed_with_the_same_articles(tmp_path, monkeypatch):
    from rasid import sources
    from rasid.sources import feed

    path = tmp_path / "archive.xml"
    path.write_text(_feed(6), encoding="utf-8")
    whole = [a for a in sources.read([path]) if isinstance(a, Article)]
    monkeypatch.setattr(feed, "STREAM_BYTES", 100)  # stream even this small one
    streamed = [a for a in sources.read([path]) if isinstance(a, Article)]
    assert [(a.id, a.title, a.text) for a in streamed] == [(a.id, a.title, a.text) for a in whole]
    # cut off mid-file, the stream keeps what came whole and says where it broke
    text = _feed(6)
    path.write_text(text[: text.index("<item><title>Attack 4") + 40], encoding="utf-8")
    items = list(sources.read([path]))
    assert [a.id for a in items if isinstance(a, Article)][:4] == [f"item-{i}" for i in range(4)]
    assert any(not isinstance(i, Article) and i.code == "malformed" for i in items)


def test_a_large_json_list_is_streamed_with_the_same_articles(tmp_path, monkeypatch):
    from rasid import sources
    from rasid.sources import jsonl

    rows = [{"id": f"a{i}", "text": f"Gunmen killed {i + 2} people in Kano."} for i in range(5)]
    path = tmp_path / "list.json"
    path.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    whole = [(a.id, a.text) for a in sources.read([path]) if isinstance(a, Article)]
    monkeypatch.setattr(jsonl, "STREAM_BYTES", 10)
    monkeypatch.setattr(jsonl, "_CHUNK_CHARS", 16)  # items span chunks
    assert [(a.id, a.text) for a in sources.read([path]) if isinstance(a, Article)] == whole
    text = json.dumps(rows)
    path.write_text(text[: text.index('{"id": "a3"') + 12], encoding="utf-8")  # cut in item 4
    items = list(sources.read([path]))
    assert [a.id for a in items if isinstance(a, Article)] == ["a0", "a1", "a2"]
    (broken,) = [i for i in items if not isinstance(i, Article)]
    assert broken.code == "malformed" and broken.input.endswith("#4")


def test_a_control_character_in_a_feed_items_html_spoils_nothing(tmp_path):
    feed_xml = _feed(2).replace("Gunmen killed 2 people", "Gunmen\x0b killed 2 people")
    feed_xml = feed_xml.replace("<description>Gunmen\x0b", "<description>&lt;p&gt;Gunmen\x0b")
    (tmp_path / "feed.xml").write_text(feed_xml, encoding="utf-8")
    (tmp_path / "news.txt").write_text(KANO, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--published", "2024-01-10"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert sum(1 for r in rows if r["events"]) == 3  # both items and the text file
