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
    assert len(got["events"]) == 17
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
    (archive / "c.jsonl.zst").write_bytes(b"\x28\xb5\x2f\xfd")
    (archive / "d.jsonl.gz").write_bytes(gzip.compress(data.encode())[:-12])  # no stream end
    out = tmp_path / "coded"
    missing = str(tmp_path / "nothing-*.jsonl")
    run.run_batch([archive / "*.jsonl*", missing], out, client, shard_articles=2)
    failures = {(r["input"], r["code"]) for r in _part_rows(out, "failures")}

    # a plain file fails line by line exactly as `rasid ingest` reads it, a gzipped one too
    a, b, c, d = (str(archive / n) for n in ("a.jsonl", "b.jsonl.gz", "c.jsonl.zst", "d.jsonl.gz"))
    plain = {(f.input, f.code) for f in sources.read([a]) if not isinstance(f, Article)}
    assert plain == {(f"{a}:3", "malformed"), (f"{a}:4", "malformed"), (f"{a}:5", "empty")}
    assert {f for f in failures if f[0].startswith(a)} == plain
    assert {(i.replace(b, a), code) for i, code in failures if i.startswith(b)} == plain
    assert (c, "unreadable") in failures  # zstd: not supported, said so
    assert (d, "malformed") in failures  # the damaged stream, after the lines it gave
    assert (missing, "unreadable") in failures  # a pattern that matches nothing
    coded = [r["origin"] for r in _part_rows(out, "articles")]
    assert coded == [f"{a}:1", f"{b}:1", f"{d}:1"]

    # loaded, every failure is in the store, and d.jsonl.gz's first line, whose id
    # a.jsonl used first, is a duplicate as `rasid ingest` reports one
    url = f"sqlite:///{tmp_path / 'rasid.db'}"
    with Store(url) as store:
        report = load(store, out)
        with store.connect() as conn:
            stored = set(conn.execute(text("SELECT input, code FROM failures")).all())
    assert report.stored == 2
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
