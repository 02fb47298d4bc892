"""`rasid ingest`: read -> extract -> store, idempotent, replacing changed articles, fusing reports."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import storekit
from rasid import sources
from rasid.cli import main
from rasid.records import Article
from rasid.store import queries, writer
from rasid.store.ingest import ingest
from rasid.store.models import ArticleRow, ClusterMemberRow, ClusterRow, EventRow, EvidenceRow
from rasid.store.store import Store

db_url = storekit.db_url
example_results = storekit.example_results


def _count(store, table) -> int:
    with store.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _no_extraction(articles):
    assert not list(articles), "unchanged articles must not be extracted again"
    return iter(())


def test_ingest_stores_every_article_once(db_url, example_results):
    items = list(sources.read([storekit.EXAMPLES, storekit.TARMIYAH]))
    with Store(db_url) as store:
        first = ingest(store, items, extract=storekit.replay(example_results))
        assert first.stored == len(example_results) and first.failed == 0
        n_events = sum(len(r.events) for r in example_results)
        assert first.events == n_events == _count(store, EventRow)
        second = ingest(store, items, extract=_no_extraction)
        assert (second.stored, second.replaced, second.skipped) == (0, 0, len(example_results))
        assert _count(store, ArticleRow) == len(example_results)
        assert _count(store, EventRow) == n_events
        assert _count(store, ClusterMemberRow) == n_events  # every event in one cluster
        assert _count(store, EvidenceRow) > n_events


def test_same_incident_from_three_outlets_is_one_cluster(db_url, example_results):
    items = list(sources.read([storekit.TARMIYAH]))
    with Store(db_url) as store:
        ingest(store, items, extract=storekit.replay(example_results))
        with Session(store.engine) as session, store.connect() as conn:
            (cluster,) = session.scalars(select(ClusterRow).where(ClusterRow.n_articles > 1))
            assert cluster.n_articles == 3 and cluster.n_outlets == 3
            assert cluster.admin1 == "Baghdad" and cluster.location == "Tarmiyah"
            assert cluster.fatalities == 3  # the most conservative figure
            assert cluster.fatalities_reported == [3, 4]  # the disagreement stays visible
            assert str(cluster.first_reported) == "2025-02-11"
            assert str(cluster.last_reported) == "2025-02-12"
            assert queries.summary(conn)["clusters"] == 2


def test_changed_article_is_re_extracted_and_replaces_its_records(db_url, example_results):
    items = [i for i in sources.read([storekit.TARMIYAH]) if isinstance(i, Article)]
    with Store(db_url) as store:
        ingest(store, items, extract=storekit.replay(example_results))
        before = _count(store, EventRow)
        # Rafidain Daily corrects its story: now it is a protest, not a bomb.
        changed = dataclasses.replace(
            items[1], text="Hundreds of residents protested in Tarmiyah on Monday over power cuts."
        )
        report = ingest(store, [changed])  # real extraction of the one changed article
        assert (report.replaced, report.skipped) == (1, 0)
        with Session(store.engine) as session:
            types = session.scalars(
                select(EventRow.event_type).where(EventRow.article_id == changed.id)
            )
            assert set(types) == {"Protests"}
            bomb = session.scalars(
                select(ClusterRow).where(ClusterRow.event_type == "Explosions/Remote violence")
            ).one()
            assert bomb.n_articles == 2 and bomb.fatalities_reported == [3]
            assert bomb.fatalities == 3
        assert _count(store, EventRow) == before  # one event replaced by one event


def test_new_extractor_version_re_extracts(db_url, example_results, monkeypatch):
    items = list(sources.read([storekit.TARMIYAH]))
    with Store(db_url) as store:
        ingest(store, items, extract=storekit.replay(example_results))
        monkeypatch.setattr(writer, "EXTRACTOR_VERSION", writer.EXTRACTOR_VERSION + "-next")
        report = ingest(store, items, extract=storekit.replay(example_results))
        assert report.replaced == 4 and report.skipped == 0
        assert _count(store, ArticleRow) == 4
        with store.connect() as conn:
            versions = set(conn.execute(select(ArticleRow.extractor_version)).scalars())
            assert versions == {writer.EXTRACTOR_VERSION}
            assert conn.execute(select(func.count()).select_from(ClusterRow)).scalar_one() == 2


def test_cli_ingest_examples_then_summary(tmp_path):
    db = tmp_path / "rasid.db"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(storekit.EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "11 article(s) stored" in result.stderr
    again = runner.invoke(main, ["ingest", str(storekit.EXAMPLES), "--db", str(db)])
    assert again.exit_code == 0
    assert "11 unchanged (skipped)" in again.stderr
    summary = runner.invoke(main, ["stats", "--db", str(db)])
    assert summary.exit_code == 0
    assert "articles: 11" in summary.output
    assert "clusters (distinct incidents)" in summary.output


def test_cli_ingest_records_failures_and_exits_3(tmp_path):
    (tmp_path / "in").mkdir()
    good = {
        "id": "g1",
        "text": "Gunmen killed two farmers near Tuz Khurmatu on Sunday, police said.",
    }
    (tmp_path / "in" / "a.jsonl").write_text(
        json.dumps({**good, "published": "2025-05-05"}) + "\n{broken\n", encoding="utf-8"
    )
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "rasid.db"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "in"), "--db", str(db)])
    assert result.exit_code == 3, result.output
    assert "a.jsonl:2" in result.stderr
    with Store(db) as store, store.connect() as conn:
        failures = {(f["input"].split("/")[-1], f["code"]) for f in queries.failures(conn)}
        assert failures == {("a.jsonl:2", "malformed"), ("empty.txt", "empty")}
        assert queries.summary(conn)["articles"] == 1


@pytest.mark.slow
def test_incremental_fusion_in_the_store_matches_batch_fusion(tmp_path, extractor):
    """The labelled fusion set ingested article by article scores like `fuse.cluster` in batch."""
    from rasid import fuse
    from rasid.evaluation import fusion as ev

    folder = storekit.DATA.parent / "fusion"
    labels = ev.load_labels(folder)
    results = list(extractor.pipe(ev.read_articles(folder)))
    sketches = ev.sketches_from(results)
    gold = ev.align(sketches, labels)
    with Store(tmp_path / "rasid.db") as store:
        report = ingest(store, [r.article for r in results], extract=storekit.replay(results))
        assert report.failed == 0
        with store.connect() as conn:
            rows = conn.execute(
                select(EventRow.article_id, EventRow.position, ClusterMemberRow.cluster_id).join(
                    ClusterMemberRow, ClusterMemberRow.event_id == EventRow.id
                )
            ).all()
    cluster_of = {(a, p): c for a, p, c in rows}
    stored: dict[int, list[str]] = {}
    for result in results:
        reported = [i for i, e in enumerate(result.events) if e.is_reported]
        for n, position in enumerate(reported):
            key = f"{result.article.id}#{n}"
            stored.setdefault(cluster_of[(result.article.id, position)], []).append(key)
    incremental = ev.pair_scores(list(stored.values()), gold, sketches)
    batch = ev.pair_scores(fuse.cluster(sketches), gold, sketches)
    print(f"\nstore (incremental, ingest order): {incremental}\nfuse.cluster (batch): {batch}")
    assert incremental["precision"] >= batch["precision"] - 0.05
    assert incremental["recall"] >= batch["recall"] - 0.05
