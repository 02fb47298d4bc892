"""Reliability: concurrent writers, a run killed with SIGKILL, and bad inputs logged as failures."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

import storekit
from rasid.cli import main
from rasid.store import queries
from rasid.store.ingest import ingest
from rasid.store.models import ArticleRow, ClusterMemberRow, EventRow
from rasid.store.store import Store

example_results = storekit.example_results
db_url = storekit.db_url
RASID = [sys.executable, "-m", "rasid.cli"]

TOWNS = [
    ("Tarmiyah", "Baghdad"),
    ("Baiji", "Salahuddin"),
    ("Hawija", "Kirkuk"),
    ("Muqdadiya", "Diyala"),
    ("Rutba", "Anbar"),
    ("Sinjar", "Nineveh"),
    ("Tuz Khurmatu", "Salahuddin"),
    ("Jalawla", "Diyala"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def wire_reports(n: int) -> list[dict]:
    """``n`` short, distinct wire-style reports of attacks in Iraqi towns."""
    start = dt.date(2025, 1, 6)
    rows = []
    for i in range(n):
        town, province = TOWNS[i % len(TOWNS)]
        published = start + dt.timedelta(days=i)
        killed = 1 + (i * 7) % 9
        day = DAYS[(published.weekday() - 1) % 7]
        rows.append(
            {
                "id": f"wire-{i:04d}",
                "source": ["Northern Wire", "Rafidain Daily", "Gulf Press Agency"][i % 3],
                "published": published.isoformat(),
                "title": f"Gunmen kill {killed} in {town}",
                "text": (
                    f"Gunmen killed {killed} civilians in an attack on a checkpoint in {town}, "
                    f"{province} province, on {day}, a police officer said. "
                    f"Security forces later arrested {i % 4 + 1} suspects in the area."
                ),
            }
        )
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _check_exactly_once(db: Path | str, ids: set[str]) -> None:
    with Store(db) as store, store.connect() as conn:
        stored = list(conn.execute(select(ArticleRow.id)).scalars())
        assert sorted(stored) == sorted(ids)  # nothing lost, nothing twice
        events = conn.execute(select(func.count()).select_from(EventRow)).scalar_one()
        per_article = conn.execute(select(func.sum(ArticleRow.n_events))).scalar_one()
        members = conn.execute(select(func.count()).select_from(ClusterMemberRow)).scalar_one()
        assert events == per_article == members > 0
        assert queries.summary(conn)["failures"] == 0


def _ingest_replayed(db: str, results, barrier) -> None:
    items = [r.article for r in results]
    with Store(db) as store:
        barrier.wait()
        report = ingest(store, items, extract=storekit.replay(results))
    os._exit(0 if report.failed == 0 else 1)


def test_two_writers_at_once_lose_nothing_and_duplicate_nothing(db_url, example_results):
    db = db_url
    Store(db).close()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    procs = [
        ctx.Process(target=_ingest_replayed, args=(str(db), example_results, barrier))
        for _ in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    _check_exactly_once(db, {r.article.id for r in example_results})


@pytest.mark.slow
def test_two_concurrent_ingest_processes_on_one_sqlite_file(tmp_path):
    rows = wire_reports(48)
    src = write_jsonl(tmp_path / "reports.jsonl", rows)
    db = tmp_path / "rasid.db"
    procs = [
        subprocess.Popen(
            [*RASID, "ingest", str(src), "--db", str(db), "--no-progress", "-p", str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)  # one of them extracts with two worker processes
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    _check_exactly_once(db, {r["id"] for r in rows})


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created yet


@pytest.mark.slow
def test_a_run_killed_mid_way_resumes_and_stores_each_article_once(tmp_path):
    rows = wire_reports(160)
    src = write_jsonl(tmp_path / "reports.jsonl", rows)
    db = tmp_path / "rasid.db"
    proc = subprocess.Popen(
        [*RASID, "ingest", str(src), "--db", str(db), "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while _stored(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    at_kill = _stored(db)
    assert 0 < at_kill < len(rows), "the run was not killed mid-way"
    rerun = subprocess.run(
        [*RASID, "ingest", str(src), "--db", str(db), "--no-progress"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{at_kill} unchanged (skipped)" in rerun.stderr
    _check_exactly_once(db, {r["id"] for r in rows})


def test_malformed_inputs_are_recorded_as_failures_with_reasons(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = wire_reports(1)[0]
    (folder / "lines.jsonl").write_text(
        json.dumps(good) + "\n{not json\n" + json.dumps({"id": "no-text"}) + "\n",
        encoding="utf-8",
    )
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "french.txt").write_text(
        "Des hommes armés ont tué trois civils lors d'une attaque contre un poste de contrôle "
        "à Tarmiyah dimanche, a déclaré un officier de police.",
        encoding="utf-8",
    )
    db = tmp_path / "rasid.db"
    args = ["ingest", str(folder), str(tmp_path / "missing.txt"), "--db", str(db)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 3
    second = CliRunner().invoke(main, args)  # a rerun logs each failure once, not twice
    assert second.exit_code == 3
    with Store(db) as store, store.connect() as conn:
        failures = queries.failures(conn)
        articles = queries.summary(conn)["articles"]
    seen = {(Path(f["input"]).name, f["code"]) for f in failures}
    assert {
        ("lines.jsonl:2", "malformed"),
        ("binary.txt", "binary"),
        ("empty.txt", "empty"),
        ("french.txt", "unsupported_language"),
        ("missing.txt", "unreadable"),
    } <= seen
    codes = sorted(f["code"] for f in failures)
    assert {"malformed", "binary", "empty", "unsupported_language", "unreadable"} <= set(codes)
    assert len(failures) == len({(f["input"], f["code"]) for f in failures})
    assert all(f["message"] and f["input"] for f in failures)
    assert any(f["input"].endswith("lines.jsonl:2") for f in failures)
    assert articles == 1


def test_over_long_values_are_cut_not_fatal(db_url, example_results):
    import dataclasses

    from rasid.records import Failure

    result = example_results[0]
    long_outlet = "The " + "Very " * 100 + "Long Outlet"
    result = dataclasses.replace(
        result, article=dataclasses.replace(result.article, source=long_outlet)
    )
    with Store(db_url) as store:
        assert store.save(result) == "stored"
        store.record_failure(Failure("/data/" + "x" * 3000 + ".txt", "empty", "no text"))
        store.record_failure(Failure("/data/" + "x" * 3000 + ".txt", "empty", "no text"))
        with store.connect() as conn:
            (failure,) = queries.failures(conn)
            outlet = conn.execute(select(ArticleRow.outlet)).scalar_one()
    assert len(failure["input"]) == 1024 and failure["input"].endswith("…")
    assert outlet.startswith("The Very") and len(outlet) == 256


def test_an_article_that_fails_to_store_leaves_nothing_and_the_run_goes_on(
    db_url, example_results, monkeypatch
):
    from rasid import fuse

    broken = example_results[1].article.id
    real_match = fuse.match

    def match(sketch, clusters):
        if sketch.article_id == broken:
            raise ValueError("boom")
        return real_match(sketch, clusters)

    monkeypatch.setattr(fuse, "match", match)
    items = [r.article for r in example_results]
    with Store(db_url) as store:
        report = ingest(store, items, extract=storekit.replay(example_results))
        assert report.stored == len(items) - 1
        (failure,) = report.failures
        assert failure.code == "store_failed" and "ValueError: boom" in failure.message
        with store.connect() as conn:
            ids = set(conn.execute(select(ArticleRow.id)).scalars())
            orphans = conn.execute(
                select(func.count()).select_from(EventRow).where(EventRow.article_id == broken)
            ).scalar_one()
            assert [f["code"] for f in queries.failures(conn)] == ["store_failed"]
        assert broken not in ids and orphans == 0
        monkeypatch.setattr(fuse, "match", real_match)
        again = ingest(store, items, extract=storekit.replay(example_results))
        assert (again.stored, again.skipped, again.failed) == (1, len(items) - 1, 0)
        with store.connect() as conn:
            assert queries.failures(conn) == []  # stored at last: its failure is cleared


def test_a_store_that_cannot_be_written_can_still_be_read(tmp_path, example_results, monkeypatch):
    from sqlalchemy import exc as sa_exc

    from rasid.store import migrate
    from rasid.store.engine import StoreError

    db = tmp_path / "archive.db"
    with Store(db) as store:
        for result in example_results:
            store.save(result)
    # what SQLite says of a WAL store in a folder the user may not write (root, who runs
    # the tests, may write anywhere: the driver's refusal is played here)
    real_upgrade = migrate.upgrade

    def refuse(engine):
        if "immutable" not in str(engine.url):
            raise sa_exc.OperationalError(
                "PRAGMA", {}, Exception("attempt to write a readonly database")
            )
        return real_upgrade(engine)

    monkeypatch.setattr(migrate, "upgrade", refuse)
    with pytest.raises(StoreError, match="readonly"):
        Store(db)  # writing commands say why they cannot go on
    with Store(db, readonly=True) as store, store.connect() as conn:
        assert store.readonly
        assert len(queries.list_events(conn, queries.Filters())) == sum(
            len(r.events) for r in example_results
        )
    result = CliRunner().invoke(main, ["stats", "--db", str(db)])
    assert result.exit_code == 0 and "articles:" in result.output


def test_check_finds_a_damaged_store_and_ingest_stops_writing_to_it(tmp_path, example_results):
    db = tmp_path / "rasid.db"
    with Store(db) as store:
        for result in example_results:
            store.save(result)
    runner = CliRunner()
    healthy = runner.invoke(main, ["check", "--db", str(db)])
    assert healthy.exit_code == 0 and "PROBLEM" not in healthy.output
    with open(db, "r+b") as fh:  # pages overwritten in the middle of the file
        fh.seek(4096 * 3)
        fh.write(b"\x00garbage" * 600)
    damaged = runner.invoke(main, ["check", "--db", str(db)])
    assert damaged.exit_code == 1
    assert "PROBLEM  integrity" in damaged.output and "what to do" in damaged.output
    news = tmp_path / "news.txt"
    news.write_text("Gunmen killed five people in Kano on Monday.", encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(news), "--db", str(db)])
    assert result.exit_code == 1
    assert "rasid check" in result.output and "Traceback" not in result.output
