"""Queries: `rasid events` filters and formats, `rasid stats` by cluster, `rasid show`, the summary."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

import storekit
from rasid.cli import main
from rasid.store import queries
from rasid.store.engine import StoreError
from rasid.store.queries import Filters

db_url = storekit.db_url
example_results = storekit.example_results


store = storekit.example_store


def _n_events(results) -> int:
    return sum(len(r.events) for r in results)


def test_filters_narrow_the_event_list(store, example_results):
    with store.connect() as conn:
        everything = queries.list_events(conn, Filters(), limit=None)
        assert len(everything) == _n_events(example_results)
        assert [e["date_start"] for e in everything] == sorted(
            (e["date_start"] for e in everything), reverse=True
        )
        baghdad = queries.list_events(conn, Filters(admin1="BAGHDAD"), limit=None)
        assert {e["admin1"] for e in baghdad} == {"Baghdad"} and len(baghdad) == 4
        bombs = queries.list_events(
            conn,
            Filters(
                admin1="baghdad",
                type="Remote explosive/landmine/IED",
                since=dt.date(2025, 2, 1),
                until=dt.date(2025, 2, 28),
            ),
            limit=None,
        )
        assert len(bombs) == 3 and len({e["cluster_id"] for e in bombs}) == 1
        assert {e["outlet"] for e in bombs} == {
            "Northern Wire",
            "Rafidain Daily",
            "Gulf Press Agency",
        }
        battles = queries.list_events(conn, Filters(type="battles"), limit=None)
        assert battles and {e["event_type"] for e in battles} == {"Battles"}
        isis = queries.list_events(conn, Filters(actor="islamic state"), limit=None)
        assert isis and all("Islamic State" in (e["actor1"], e["actor2"]) for e in isis)
        iraq = queries.list_events(conn, Filters(country="Iraq"), limit=None)
        assert iraq and {e["country"] for e in iraq} == {"IQ"}
        assert queries.list_events(conn, Filters(country="IQ"), limit=None) == iraq
        # a country by name or code, and none when nothing happened there
        assert queries.list_events(conn, Filters(country="Syria"), limit=None) == []
        tarmiyah = queries.list_events(conn, Filters(text="TARMIYAH"), limit=None)
        assert len(tarmiyah) == 3
        assert len(queries.list_events(conn, Filters(), limit=5)) == 5
        with pytest.raises(StoreError, match="unknown country"):
            queries.list_events(conn, Filters(country="Atlantis"))


def test_stats_count_clusters_not_reports(store):
    with store.connect() as conn:
        by_admin1 = {r["key"]: r for r in queries.stats(conn, "admin1")}
        # Tarmiyah: three reports, one incident, the lowest toll (3) counted once.
        baghdad = by_admin1["Baghdad"]
        assert baghdad["events"] == 2  # the Tarmiyah bomb and the July car bomb
        assert baghdad["fatalities"] == 3 + 5
        assert baghdad["articles"] == 4
        weeks = queries.stats(conn, "week")
        assert [w["key"] for w in weeks] == sorted(w["key"] for w in weeks)
        assert all(dt.date.fromisoformat(w["key"]).weekday() == 0 for w in weeks)
        total = queries.summary(conn)["clusters"]
        assert sum(w["events"] for w in weeks) == total
        months = {r["key"]: r for r in queries.stats(conn, "month")}
        assert months["2025-02"]["events"] == 2
        types = {r["key"]: r["events"] for r in queries.stats(conn, "type")}
        assert sum(types.values()) == total
        actors = {r["key"]: r for r in queries.stats(conn, "actor")}
        assert actors["Islamic State"]["events"] >= 3
        filtered = queries.stats(conn, "admin1", Filters(since=dt.date(2025, 7, 1)))
        assert "Baghdad" in {r["key"] for r in filtered}
        assert {r["key"]: r["fatalities"] for r in filtered}["Baghdad"] == 5


def test_show_gives_every_report_with_its_evidence(store):
    with store.connect() as conn:
        (event,) = [
            e
            for e in queries.list_events(conn, Filters(text="tarmiyah"), limit=None)
            if e["outlet"] == "Gulf Press Agency"
        ]
        cluster = queries.show(conn, event["id"])
        assert cluster["n_articles"] == 3
        assert {m["outlet"] for m in cluster["members"]} == {
            "Northern Wire",
            "Rafidain Daily",
            "Gulf Press Agency",
        }
        assert all(m["evidence"] for m in cluster["members"])
        assert queries.show(conn, str(cluster["id"]))["id"] == cluster["id"]
        with pytest.raises(StoreError, match="no event or cluster"):
            queries.show(conn, "ev-nonexistent")


def test_summary(store, example_results):
    with store.connect() as conn:
        s = queries.summary(conn)
    assert (s["articles"], s["events"]) == (15, _n_events(example_results))
    assert s["clusters"] == s["events"] - 2 and s["multi_source_clusters"] == 1
    assert s["first_date"] == dt.date(2025, 2, 10)
    # the most frequent type first, counted by cluster (incidents, not reports)
    by_type: dict[str, set] = {}
    for r in example_results:
        for e in r.events:
            by_type.setdefault(e.event_type, set()).add(e.event_id)
    counts = [n for _, n in s["top_types"]]
    assert counts == sorted(counts, reverse=True)
    assert s["top_types"][0][0] in {t for t, ids in by_type.items() if len(ids) >= counts[0]}


def test_cli_queries(store, example_results):
    runner = CliRunner()
    db = ["--db", store.url]
    table = runner.invoke(main, ["events", *db, "--admin1", "Baghdad"])
    assert table.exit_code == 0, table.output
    assert "Tarmiyah" in table.output and "(4 event(s))" in table.output
    as_json = runner.invoke(main, ["events", *db, "--format", "json", "--limit", "0"])
    assert len(json.loads(as_json.output)) == _n_events(example_results)
    as_csv = runner.invoke(main, ["events", *db, "--format", "csv", "--type", "Battles"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert rows and {r["event_type"] for r in rows} == {"Battles"}
    stats = runner.invoke(main, ["stats", *db, "--by", "admin1", "--format", "json"])
    assert {r["key"]: r["fatalities"] for r in json.loads(stats.output)}["Baghdad"] == 8
    weekly = runner.invoke(main, ["stats", *db, "--by", "week"])
    assert weekly.exit_code == 0 and "2025-02-10" in weekly.output
    show = runner.invoke(main, ["show", rows[0]["id"], *db])
    assert show.exit_code == 0 and "> " in show.output
    missing = runner.invoke(main, ["show", "ev-missing", *db])
    assert missing.exit_code == 1 and "no event or cluster 'ev-missing'" in missing.output
    bad = runner.invoke(main, ["events", *db, "--since", "last week"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_cli_store_that_cannot_be_opened_is_a_clear_error():
    result = CliRunner().invoke(
        main, ["stats", "--db", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"]
    )
    assert result.exit_code == 1
    assert "cannot open the store postgresql+psycopg://nobody@127.0.0.1:1/none" in result.output
    assert "Traceback" not in result.output
