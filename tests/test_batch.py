"""`rasid batch` on Dask and `rasid load`: the same store as `rasid ingest`, resumable runs,
failing shards, bad inputs, idempotent loads, SQLite and PostgreSQL.

The Dask tests share one small LocalCluster: one worker, one thread, in this
process (``processes=False``), because a worker process takes seconds to start
and load spaCy; a real process cluster runs in the slow CLI test.
"""

from __future__ import annotations

import gzip
import json
import shutil

import pyarrow as pa
import pytest
from sqlalchemy import select, text

import storekit
from rasid import sources
from rasid.batch import commands, parts, run, shards
from rasid.batch.load import load
from rasid.batch.run import BatchError
from rasid.records import Article
from rasid.sources.fields import Options
from rasid.store import writer
from rasid.store.ingest import ingest
from rasid.store.models import Base
from rasid.store.store import Store

db_url = storekit.db_url
example_results = storekit.example_results
INPUTS = [storekit.EXAMPLES, storekit.TARMIYAH]
SHARD = 4  # 15 example articles: four shards, one of them across two files


@pytest.fixture(scope="module")
def client():
    with run.connect(workers=1, processes=False) as c:
        yield c


@pytest.fixture(scope="module")
def coded(client, tmp_path_factory):
    """A batch run over the bundled examples and the Tarmiyah reports: (OUT, report)."""
    out = tmp_path_factory.mktemp("batch") / "coded"
    report = run.run_batch(INPUTS, out, client, shard_articles=SHARD)
    return out, report


def snapshot(url: str) -> dict:
    """Everything a store holds, without what the database numbers or stamps: rows by
    natural key, clusters by the set of their events."""
    stamped = {"id", "ingested_at", "created_at", "updated_at", "joined_at"}
    store = Store(url)
    with store.connect() as conn:
        tables = {
            t.name: [dict(r) for r in conn.execute(select(t)).mappings()]
            for t in Base.metadata.sorted_tables
        }
    store.close()

    def rows(name, keep_id=False):
        return sorted(
            json.dumps(
                {k: v for k, v in r.items() if keep_id or k not in stamped},
                sort_keys=True,
                default=str,
            )
            for r in tables[name]
        )

    members: dict[int, set[str]] = {}
    for m in tables["cluster_members"]:
        members.setdefault(m["cluster_id"], set()).add(m["event_id"])
    clusters = {}
    for c in tables["clusters"]:
        values = {k: v for k, v in c.items() if k not in stamped}
        actors = sorted(a["name"] for a in tables["cluster_actors"] if a["cluster_id"] == c["id"])
        clusters[frozenset(members[c["id"]])] = json.dumps([values, actors], default=str)
    return {
        "articles": rows("articles"),
        "events": rows("events", keep_id=True),
        **{t: rows(t) for t in ("actors", "places", "evidence", "statements", "figures")},
        "claims": rows("claims"),
        "failures": rows("failures"),
        "clusters": clusters,
    }


def _ingested(tmp_path, results, items=None) -> str:
    url = f"sqlite:///{tmp_path / 'ingested.db'}"
    with Store(url) as store:
        ingest(store, items or list(sources.read(INPUTS)), extract=storekit.replay(results))
    return url


def test_batch_and_load_give_the_store_ingest_gives(db_url, coded, example_results, tmp_path):
    out, report = coded
    assert (report.shards, report.coded, report.articles, report.failures) == (4, 4, 15, 0)
    with Store(db_url) as store:
        loaded = load(store, out)
    assert (loaded.parts, loaded.stored, loaded.failed, loaded.missing) == (4, 15, 0, [])
    expected = snapshot(_ingested(tmp_path, example_results))
    got = snapshot(db_url)
    assert got == expected
    assert len(got["events"]) == 16  # the Basra protest's arrests are its intervention
    assert any(len(members) == 3 for members in got["clusters"])  # Tarmiyah, three outlets


def test_loading_twice_changes_nothing(db_url, coded):
    out, _ = coded
    with Store(db_url) as store:
        load(store, out)
    before = snapshot(db_url)
    with Store(db_url) as store:
        again = load(store, out)
    assert (again.stored, again.replaced, again.skipped, again.rows) == (0, 0, 15, 0)
    assert snapshot(db_url) == before


def test_a_changed_article_replaces_its_records_at_its_place(client, tmp_path, example_results):
    """Load the Tarmiyah reports, then a batch where one of them was corrected: the store
    is the one ingest leaves after the same two runs."""
    lines = storekit.TARMIYAH.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["text"] = "Hundreds of residents protested in Tarmiyah on Monday over power cuts."
    changed = tmp_path / "tarmiyah.jsonl"
    changed.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    original = storekit.TARMIYAH

    url = f"sqlite:///{tmp_path / 'loaded.db'}"
    with Store(url) as store:
        for name, path in (("a", original), ("b", changed)):
            out = tmp_path / name
            run.run_batch([path], out, client, shard_articles=2)
            report = load(store, out)
    assert (report.stored, report.replaced, report.skipped) == (0, 1, 3)

    reference = f"sqlite:///{tmp_path / 'ingested.db'}"
    with Store(reference) as store:
        ingest(store, list(sources.read([original])), extract=storekit.replay(example_results))
        ingest(store, list(sources.read([changed])))
    assert snapshot(url) == snapshot(reference)


def test_a_rerun_codes_only_the_shards_without_a_part(client, coded, tmp_path):
    done, _ = coded
    out = tmp_path / "coded"
    shutil.copytree(done, out)
    manifest = json.loads((out / run.MANIFEST).read_text())
    lost = manifest["shards"][2]["key"]
    kept = parts.read(out / "parts" / lost)
    shutil.rmtree(out / "parts" / lost)

    report = run.run_batch(INPUTS, out, client, shard_articles=SHARD)
    assert (report.shards, report.coded, report.skipped) == (4, 1, 3)
    assert report.articles == manifest["shards"][2]["articles"]
    assert parts.read(out / "parts" / lost) == kept
    assert json.loads((out / run.MANIFEST).read_text())["shards"] == manifest["shards"]


def test_a_shard_that_always_fails_is_reported_and_the_rest_goes_on(client, tmp_path, monkeypatch):
    tries = []
    code_shard = run.code_shard

    def broken(shard):
        if shard.index == 1:
            tries.append(shard.index)
            raise MemoryError("this shard cannot be coded")
        return code_shard(shard)

    monkeypatch.setattr(run, "code_shard", broken)
    out = tmp_path / "coded"
    report = run.run_batch(INPUTS, out, client, shard_articles=SHARD, max_tries=2)
    assert (report.shards, report.coded, len(report.failed)) == (4, 3, 1)
    assert tries == [1, 1]  # tried twice, then given up
    (failed,) = json.loads((out / run.FAILED_SHARDS).read_text())
    assert failed["index"] == 1 and failed["tries"] == 2
    assert "MemoryError: this shard cannot be coded" in failed["error"]
    assert failed["first"].endswith("reports.csv:2")

    with Store(f"sqlite:///{tmp_path / 'rasid.db'}") as store:
        loaded = load(store, out)
    assert loaded.parts == 3 and [m["index"] for m in loaded.missing] == [1]
    assert loaded.stored == 15 - failed["articles"]


def _part_rows(out, table):
    manifest = json.loads((out / run.MANIFEST).read_text())
    return [
        row
        for shard in manifest["shards"]
        for row in parts.read(out / "parts" / shard["key"])[table]
    ]


def test_bad_inputs_become_failures_in_the_parts(client, tmp_path):
    good = json.loads(storekit.TARMIYAH.read_text(encoding="utf-8").splitlines()[0])
    lines = [
        json.dumps(good),
        "",
        "{not json",
        json.dumps({"id": "no-text", "title": "no text"}),
        json.dumps({**good, "id": "empty", "text": "   "}),
    ]
    data = "\n".join(lines) + "\n"
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.jsonl").write_text(data, encoding="utf-8")
    with gzip.open(archive / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(data.replace('"nw-', '"gz-'))
    write_zstd(archive / "c.jsonl.zst", data.replace('"nw-', '"zs-').encode())
    (archive / "d.jsonl.gz").write_bytes(gzip.compress(data.encode())[:-12])  # no stream end
    out = tmp_path / "coded"
    missing = str(tmp_path / "nothing-*.jsonl")
    run.run_batch([archive / "*.jsonl*", missing], out, client, shard_articles=2)
    failures = {(r["input"], r["code"]) for r in _part_rows(out, "failures")}

    # a plain file fails line by line exactly as `rasid ingest` reads it, a compressed one too
    a, b, c, d = (str(archive / n) for n in ("a.jsonl", "b.jsonl.gz", "c.jsonl.zst", "d.jsonl.gz"))
    plain = {(f.input, f.code) for f in sources.read([a]) if not isinstance(f, Article)}
    assert plain == {(f"{a}:3", "malformed"), (f"{a}:4", "malformed"), (f"{a}:5", "empty")}
    assert {f for f in failures if f[0].startswith(a)} == plain
    assert {(i.replace(b, a), code) for i, code in failures if i.startswith(b)} == plain
    assert {(i.replace(c, a), code) for i, code in failures if i.startswith(c)} == plain
    assert (d, "malformed") in failures  # the damaged stream, after the lines it gave
    assert (missing, "unreadable") in failures  # a pattern that matches nothing
    coded = [r["origin"] for r in _part_rows(out, "articles")]
    assert coded == [f"{a}:1", f"{b}:1", f"{c}:1", f"{d}:1"]

    # loaded, every failure is in the store, and d.jsonl.gz's first line, whose id
    # a.jsonl used first, is a duplicate as `rasid ingest` reports one
    url = f"sqlite:///{tmp_path / 'rasid.db'}"
    with Store(url) as store:
        report = load(store, out)
        with store.connect() as conn:
            stored = set(conn.execute(text("SELECT input, code FROM failures")).all())
    assert report.stored == 3
    assert stored == failures | {(f"{d}:1", "bad_value")}
    (duplicate,) = [f for f in report.failures if f.input == f"{d}:1"]
    assert f"already used by {a}:1" in duplicate.message


def test_parquet_articles_are_read_as_the_json_lines_are(client, coded, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [json.loads(line) for line in storekit.TARMIYAH.read_text().splitlines()]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "tarmiyah.parquet")
    out = tmp_path / "coded"
    report = run.run_batch([tmp_path / "tarmiyah.parquet"], out, client)
    assert (report.articles, report.failures) == (4, 0)
    got = _part_rows(out, "articles")
    assert [r["origin"] for r in got] == [
        f"{tmp_path / 'tarmiyah.parquet'}#{n}" for n in range(1, 5)
    ]
    expected = [a for a in sources.read([storekit.TARMIYAH]) if isinstance(a, Article)]
    assert [(r["id"], r["content_hash"]) for r in got] == [
        (a.id, writer.content_hash(a)) for a in expected
    ]
    # the same events as from the JSON lines of the batch over the examples
    ids = {a.id for a in expected}

    def events(folder):
        rows = [e for e in _part_rows(folder, "events") if e["article_id"] in ids]
        return [{k: v for k, v in e.items() if k != parts.ARTICLE} for e in rows]

    assert events(out) == events(coded[0]) and len(events(out)) == 4


def test_shard_keys_follow_the_content_and_options(tmp_path):
    source = tmp_path / "a.jsonl"
    shutil.copy(storekit.TARMIYAH, source)
    keys = [s.key for s in shards.make_shards([source], Options(), 2)]
    assert keys == [s.key for s in shards.make_shards([source], Options(), 2)]
    assert len(set(keys)) == 2
    dated = [s.key for s in shards.make_shards([source], Options(source="Wire"), 2)]
    assert set(dated).isdisjoint(keys)
    lines = source.read_text().splitlines()
    fixed = lines[3].replace('"title": "', '"title": "Update: ')
    source.write_text("\n".join([*lines[:3], fixed]) + "\n")
    changed = [s.key for s in shards.make_shards([source], Options(), 2)]
    assert changed[0] == keys[0] and changed[1] != keys[1]


def write_zstd(path, data: bytes) -> None:
    with pa.output_stream(str(path), compression="zstd") as out:
        out.write(data)


def _worked(path):
    """What the workers make of a file's shards, read here without a cluster."""
    return [item for s in shards.make_shards([path], Options(), 2) for item in shards.read_shard(s)]


def test_a_zstd_archive_gives_the_articles_its_plain_file_gives(tmp_path):
    plain = tmp_path / "tarmiyah.jsonl"
    shutil.copy(storekit.TARMIYAH, plain)
    archive = tmp_path / "tarmiyah.jsonl.zst"
    write_zstd(archive, plain.read_bytes())
    expected, got = _worked(plain), _worked(archive)
    assert len(got) == 4 and all(isinstance(a, Article) for a in got)
    assert [a.origin for a in got] == [a.origin.replace(str(plain), str(archive)) for a in expected]
    hashes = [(a.id, writer.content_hash(a)) for a in got]
    assert hashes == [(a.id, writer.content_hash(a)) for a in expected]


def test_a_truncated_zstd_archive_gives_the_lines_before_and_says_it_is_damaged(tmp_path):
    rows = [json.loads(line) for line in storekit.TARMIYAH.read_text().splitlines()]
    data = "".join(json.dumps({**rows[n % 4], "id": f"t-{n}"}) + "\n" for n in range(700))
    archive = tmp_path / "archive.jsonl.zst"
    write_zstd(archive, data.encode())  # about 300 KB: three zstd blocks
    archive.write_bytes(archive.read_bytes()[:-10])  # the last block cut short
    *articles, failure = _worked(archive)
    assert 0 < len(articles) < 700
    assert [a.origin for a in articles] == [f"{archive}:{n}" for n in range(1, len(articles) + 1)]
    assert (failure.input, failure.code) == (str(archive), "malformed")
    assert f"the zstd stream is damaged after line {len(articles)} (" in failure.message


def test_an_empty_zstd_archive_is_reported(tmp_path):
    archive = tmp_path / "empty.jsonl.zst"
    archive.write_bytes(b"")
    (failure,) = _worked(archive)
    assert (failure.input, failure.code) == (str(archive), "empty")


def test_load_needs_a_finished_batch_run(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'rasid.db'}") as store, pytest.raises(BatchError):
        load(store, tmp_path)


def test_the_commands_defaults_are_the_modules():
    assert commands.SHARD_ARTICLES == shards.SHARD_ARTICLES
    assert commands.MAX_TRIES == run.MAX_TRIES


@pytest.mark.slow
def test_batch_and_load_commands_on_a_process_cluster(tmp_path):
    """The commands as a user runs them: a local cluster of one worker process."""
    from click.testing import CliRunner

    from rasid.cli import main

    out, db = tmp_path / "coded", tmp_path / "rasid.db"
    runner = CliRunner()
    result = runner.invoke(
        main, ["batch", str(storekit.TARMIYAH), "--out", str(out), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "1 shard(s): 1 coded" in result.output
    result = runner.invoke(main, ["load", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "4 article(s) stored" in result.output
    with Store(db) as store, store.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM clusters WHERE n_articles = 3")).scalar() == 1
        )
    result = runner.invoke(
        main, ["batch", str(storekit.TARMIYAH), "--out", str(out), "--workers", "1"]
    )
    assert "1 already done" in result.output


# -- fusion by partitions (rasid.batch.fusing) --------------------------------------


def _write_run(out, chunks):
    """A finished batch run made of ``chunks`` of results, one part each (no Dask)."""
    entries = []
    for n, results in enumerate(chunks):
        builder = parts.PartBuilder()
        for result in results:
            builder.add_result(result)
        (out / "parts").mkdir(parents=True, exist_ok=True)
        parts.write(out / "parts", f"part-{n}", builder.to_parquet())
        entries.append({"key": f"part-{n}", "articles": len(results)})
    manifest = {"format": shards.PART_FORMAT, "shards": entries}
    (out / run.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return out


def _moved(result, n, day, *, country="keep", span=0):
    """Article ``n``: ``result`` told on another ``day`` (its events dated ``day``, over
    ``span`` more days; None: undated), optionally in another country (None: unknown)."""
    import dataclasses
    import datetime as dt

    def event(e):
        end = day + dt.timedelta(days=span) if day else None
        date = dataclasses.replace(e.date, start_date=day, end_date=end, precision=1 + (span > 0))
        location = e.location
        if location is not None and country != "keep":
            location = dataclasses.replace(location, country=country)
        return dataclasses.replace(e, event_id=f"{e.event_id}-{n}", date=date, location=location)

    article = dataclasses.replace(result.article, id=f"a{n:03d}-{result.article.id}", published=day)
    return dataclasses.replace(result, article=article, events=tuple(map(event, result.events)))


def _cluster_ids(url):
    """Cluster id by the set of its events."""
    with Store(url) as store, store.connect() as conn:
        rows = conn.execute(text("SELECT cluster_id, event_id FROM cluster_members")).all()
    members: dict[int, set[str]] = {}
    for cluster_id, event_id in rows:
        members.setdefault(cluster_id, set()).add(event_id)
    return {frozenset(events): cluster_id for cluster_id, events in members.items()}


def _load_equals_ingest(db_url, tmp_path, chunks):
    """Load ``chunks`` as parts and ingest the same results: the same store, the same
    cluster ids (new clusters numbered in the same order)."""
    out = _write_run(tmp_path / "coded", chunks)
    with Store(db_url) as store:
        load(store, out)
    results = [r for chunk in chunks for r in chunk]
    ingested = _ingested(tmp_path, results, [r.article for r in results])
    assert snapshot(db_url) == snapshot(ingested)
    assert _cluster_ids(db_url) == _cluster_ids(ingested)
    return snapshot(db_url)["clusters"]


def _tarmiyah(example_results):
    """The three reports of the Tarmiyah bombing, and the Basra protest."""
    ids = {a.id for a in sources.read([storekit.TARMIYAH]) if isinstance(a, Article)}
    return [r for r in example_results if r.article.id in ids]


def test_incidents_across_a_window_edge_are_one_cluster_each(db_url, example_results, tmp_path):
    """Reports of one incident on both sides of a window's first day, in one part and
    across parts, the stored ones before the edge or after it: one cluster, as ingest."""
    import datetime as dt

    from rasid.batch import fusing

    edge = dt.date.fromordinal(fusing.window(dt.date(2025, 2, 10)) * fusing.WINDOW_DAYS)
    later = edge + dt.timedelta(days=2 * fusing.WINDOW_DAYS)
    assert fusing.window(edge - dt.timedelta(days=1)) != fusing.window(edge)

    def day(base, n):
        return base + dt.timedelta(days=n)

    a, b, c, protest = _tarmiyah(example_results)
    chunks = [
        [_moved(a, 1, day(edge, -1)), _moved(protest, 2, edge), _moved(b, 3, later)],
        [_moved(b, 4, edge), _moved(c, 5, day(later, -1))],
        [_moved(c, 6, day(edge, -2)), _moved(a, 7, day(later, 1))],
    ]
    found = _load_equals_ingest(db_url, tmp_path, chunks)
    numbers = sorted(sorted(int(e.rsplit("-", 1)[1]) for e in events) for events in found)
    assert numbers == [[1, 4, 6], [2], [3, 5, 7]]


def test_new_reports_are_compared_as_the_store_holds_them(db_url, example_results, tmp_path):
    """A place name too long for its column is stored cut: a report fused after another
    of its part compares with the cut name, as it does with a stored report."""
    import dataclasses
    import datetime as dt

    a, b, _, _ = _tarmiyah(example_results)
    name = "Tarmiyah " + "district " * 40

    def far_named(result, n, when):
        moved = _moved(result, n, when)
        (event,) = moved.events
        place = dataclasses.replace(event.location, name=name, lat=None, lon=None, precision=1)
        return dataclasses.replace(moved, events=(dataclasses.replace(event, location=place),))

    day = dt.date(2025, 2, 10)
    chunks = [[far_named(a, 1, day), far_named(b, 2, day + dt.timedelta(days=2))]]
    found = _load_equals_ingest(db_url, tmp_path, chunks)
    assert len(found) == 2  # the cut name is not the same place; two days apart


def test_events_of_unknown_country_fuse_as_ingest_fuses_them(db_url, example_results, tmp_path):
    import datetime as dt

    a, b, c, protest = _tarmiyah(example_results)
    day = dt.date(2025, 2, 10)
    next_day = day + dt.timedelta(days=1)
    later = day + dt.timedelta(days=40)
    chunks = [
        [_moved(a, 1, day, country=None), _moved(protest, 2, day, country=None)],
        [_moved(b, 3, next_day), _moved(c, 4, day, country="SY"), _moved(a, 5, day)],
        [_moved(c, 6, next_day, country=None), _moved(b, 7, day, country="SY", span=3)],
        [_moved(a, 8, later, country="IQ")],
        [_moved(c, 9, later, country=None)],  # alone in its part: meets the Iraqi report
    ]
    found = _load_equals_ingest(db_url, tmp_path, chunks)
    unknown = {e for events in found for e in events if e.endswith(("-1", "-6"))}
    assert any(len(events) > 1 and unknown & events for events in found)
    assert any({e.rsplit("-", 1)[1] for e in events} == {"8", "9"} for events in found)


def test_many_events_scattered_over_windows_fuse_as_ingest_fuses_them(
    db_url, example_results, tmp_path
):
    import datetime as dt
    import random

    from rasid.batch import fusing

    rng = random.Random(11)
    edge = dt.date.fromordinal(fusing.window(dt.date(2025, 2, 10)) * fusing.WINDOW_DAYS)
    templates = [r for r in example_results if r.events]
    results = [
        _moved(
            rng.choice(templates),
            n,
            rng.choice([edge + dt.timedelta(days=rng.randint(-8, 8))] * 9 + [None]),
            country=rng.choice(["keep", "keep", "keep", None, "SY"]),
            span=rng.choice([0, 0, 0, 0, 2, 9]),
        )
        for n in range(60)
    ]
    found = _load_equals_ingest(db_url, tmp_path, [results[:25], results[25:45], results[45:]])
    assert sum(len(events) > 1 for events in found) >= 5


def test_load_obeys_reviewers_merges_and_splits_as_ingest_does(
    db_url, coded, example_results, tmp_path
):
    from rasid.store import review

    out, _ = coded
    ingested = _ingested(tmp_path, example_results)
    with Store(db_url) as store:
        load(store, out)
    tarmiyah = next(e for e in snapshot(db_url)["clusters"] if len(e) == 3)
    alone = sorted(tarmiyah)[0]
    syria, iraq = None, None
    for url in (db_url, ingested):
        ids = _cluster_ids(url)
        singles = sorted((sorted(e)[0], i) for e, i in ids.items() if len(e) == 1)
        (syria, first), (iraq, second) = singles[0], singles[-1]
        with Store(url) as store:
            review.merge(store, first, second, "one incident", "amal")
            review.split(store, ids[tarmiyah], alone, "another bomb", "omar")
            with store.connect() as conn, conn.begin():
                conn.execute(text("UPDATE articles SET content_hash = 'stale'"))
    with Store(db_url) as store:
        again = load(store, out)
    with Store(ingested) as store:
        ingest(store, list(sources.read(INPUTS)), extract=storekit.replay(example_results))
    assert again.replaced == 15
    got = snapshot(db_url)["clusters"]
    assert got == snapshot(ingested)["clusters"]
    assert snapshot(db_url) == snapshot(ingested)
    assert frozenset({syria, iraq}) in got and frozenset({alone}) in got
    assert tarmiyah - {alone} in got


def test_a_reviewers_merge_holds_when_a_report_moves_away(db_url, example_results, tmp_path):
    """A report merged by a reviewer with an incident its blocking does not reach any more
    (now dated weeks later) still joins that incident, in load as in ingest."""
    import datetime as dt

    from rasid.store import review

    a, b, _, protest = _tarmiyah(example_results)
    day = dt.date(2025, 2, 10)
    first = [[_moved(a, 1, day), _moved(protest, 2, day)], [_moved(b, 3, day, country="SY")]]
    later = [[_moved(a, 1, day + dt.timedelta(days=60)), _moved(protest, 4, day)]]
    loaded = [_write_run(tmp_path / f"coded-{n}", run_) for n, run_ in enumerate((first, later))]
    with Store(db_url) as store:
        load(store, loaded[0])
    results = [r for chunk in first for r in chunk]
    ingested = _ingested(tmp_path, results, [r.article for r in results])
    for url in (db_url, ingested):
        ids = _cluster_ids(url)
        (bombing,) = [i for e, i in ids.items() if any(x.endswith("-1") for x in e)]
        (syrian,) = [i for e, i in ids.items() if any(x.endswith("-3") for x in e)]
        assert bombing != syrian
        with Store(url) as store:
            review.merge(store, syrian, bombing, "the same bomb, misplaced", "amal")
    with Store(db_url) as store:
        assert load(store, loaded[1]).replaced == 1
    _ingested(tmp_path, later[0], [r.article for r in later[0]])
    got = snapshot(db_url)
    assert got == snapshot(ingested)
    assert any({e.rsplit("-", 1)[1] for e in events} == {"1", "3"} for events in got["clusters"])


def test_a_replaced_report_is_fused_without_its_old_self(db_url, example_results, tmp_path):
    """A report stored again (its article changed) no longer meets its old record, which
    the store deleted: it rejoins its incident, as ingest does."""
    import datetime as dt

    a, b, c, _ = _tarmiyah(example_results)
    day = dt.date(2025, 2, 10)
    first = [[_moved(a, 1, day), _moved(b, 2, day)], [_moved(c, 3, day)]]
    again = [[_moved(b, 4, day), _moved(a, 1, day + dt.timedelta(days=1))]]
    results = [r for chunk in first for r in chunk]
    ingested = _ingested(tmp_path, results, [r.article for r in results])
    _ingested(tmp_path, again[0], [r.article for r in again[0]])
    with Store(db_url) as store:
        for n, run_ in enumerate((first, again)):
            report = load(store, _write_run(tmp_path / f"coded-{n}", run_))
    assert (report.stored, report.replaced) == (1, 1)
    got = snapshot(db_url)
    assert got == snapshot(ingested)
    numbers = sorted(sorted(int(e.rsplit("-", 1)[1]) for e in events) for events in got["clusters"])
    assert numbers == [[1, 2, 3, 4]]


def test_a_stored_report_vaguer_than_the_search_is_no_candidate(db_url, example_results, tmp_path):
    """A stored report dated over more than ``MAX_SPAN_DAYS`` is not searched for, though
    fusion would find it compatible: load leaves it out of the candidates as ingest does."""
    import datetime as dt

    from rasid.store.clusters import MAX_SPAN_DAYS

    a, b, c, _ = _tarmiyah(example_results)
    day = dt.date(2025, 2, 10)
    vague = dt.timedelta(days=MAX_SPAN_DAYS + 8)
    chunks = [[_moved(a, 1, day - vague, span=vague.days)], [_moved(b, 2, day), _moved(c, 3, day)]]
    found = _load_equals_ingest(db_url, tmp_path, chunks)
    numbers = sorted(sorted(int(e.rsplit("-", 1)[1]) for e in events) for events in found)
    assert numbers == [[1], [2, 3]]


def test_a_tie_goes_to_the_older_incident_as_in_ingest(db_url, example_results, tmp_path):
    """A report of unknown country that scores the same against a stored incident and a
    new one of its part joins the stored one (lower id), as ingest decides ties."""
    import datetime as dt

    a, _, _, _ = _tarmiyah(example_results)
    day = dt.date(2025, 2, 10)
    chunks = [
        [_moved(a, 1, day, country="IQ")],
        [_moved(a, 2, day, country="SY"), _moved(a, 3, day, country=None)],
    ]
    found = _load_equals_ingest(db_url, tmp_path, chunks)
    numbers = sorted(sorted(int(e.rsplit("-", 1)[1]) for e in events) for events in found)
    assert numbers == [[1, 3], [2]]
