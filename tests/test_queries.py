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


handmade_store = storekit.handmade_store
HANDMADE = storekit.HANDMADE
# Each handmade event has its own event type, so a count by type names the event.
BY_TYPE = {spec["type"][0]: key for key, spec in HANDMADE.items()}
# ... and each its own week (keyed by its Monday).
BY_WEEK = {
    (day - dt.timedelta(days=day.weekday())).isoformat(): key
    for key, day in ((k, dt.date.fromisoformat(spec["day"])) for k, spec in HANDMADE.items())
}

# (filters, the handmade events they keep): confidence 0.9 placed, 0.7 named_place,
# 0.6 actors_only, 0.5 nowhere; only `placed` has coordinates.
CONFIDENCE_AND_LOCATION = {
    "min 0.7": (Filters(min_confidence=0.7), {"placed", "named_place"}),
    "min 0.9": (Filters(min_confidence=0.9), {"placed"}),
    "min 0": (Filters(min_confidence=0.0), set(HANDMADE)),
    "has location": (Filters(has_location=True), {"placed"}),
    "no location": (Filters(has_location=False), {"actors_only", "named_place", "nowhere"}),
    "no location, min 0.6": (
        Filters(has_location=False, min_confidence=0.6),
        {"actors_only", "named_place"},
    ),
}

# How each command sees which handmade events a filter kept.
SURFACES = {
    "events": lambda conn, f: {e["article_id"] for e in queries.list_events(conn, f, limit=None)},
    "stats --by type": lambda conn, f: {BY_TYPE[r["key"]] for r in queries.stats(conn, "type", f)},
    "stats --by week": lambda conn, f: {BY_WEEK[r["key"]] for r in queries.stats(conn, "week", f)},
    "stats (summary)": lambda conn, f: {
        BY_TYPE[t] for t, _ in queries.summary(conn, f, top=len(HANDMADE))["top_types"]
    },
    "export": lambda conn, f: {
        m["article_id"] for c in queries.clusters(conn, f) for m in c["members"]
    },
}


@pytest.mark.parametrize("surface", SURFACES)
def test_confidence_and_location_filters_mean_the_same_everywhere(handmade_store, surface):
    with handmade_store.connect() as conn:
        kept = {
            name: SURFACES[surface](conn, f) for name, (f, _) in CONFIDENCE_AND_LOCATION.items()
        }
    assert kept == {name: want for name, (_, want) in CONFIDENCE_AND_LOCATION.items()}


def test_a_clusters_confidence_is_its_most_confident_reports(store):
    with store.connect() as conn:
        clusters = list(queries.clusters(conn))
        best = {c["id"]: max(m["confidence"] for m in c["members"]) for c in clusters}
        mixed = next(c for c in clusters if len({m["confidence"] for m in c["members"]}) > 1)
        f = Filters(min_confidence=best[mixed["id"]])
        listed = {
            e["id"]
            for e in queries.list_events(conn, f, limit=None)
            if e["cluster_id"] == mixed["id"]
        }
        counted = {c["id"] for c in queries.clusters(conn, f)}
        by_actor = {r["key"] for r in queries.stats(conn, "actor", f)}
    # the list shows only the reports that pass; the incident counts once all the same
    assert listed == {m["id"] for m in mixed["members"] if m["confidence"] >= f.min_confidence}
    assert counted == {i for i, c in best.items() if c >= f.min_confidence}
    assert by_actor <= {
        m[role]
        for c in clusters
        if c["id"] in counted
        for m in c["members"]
        for role in ("actor1", "actor2")
    }


def test_filtered_summary_counts_events_as_listed_and_clusters_as_counted(store):
    f = Filters(min_confidence=0.9)
    with store.connect() as conn:
        s = queries.summary(conn, f)
        listed = queries.list_events(conn, f, limit=None)
        counted = sum(r["events"] for r in queries.stats(conn, "type", f))
    assert (s["events"], s["articles"], s["clusters"]) == (
        len(listed),
        len({e["article_id"] for e in listed}),
        counted,
    )


def test_summary_without_filters_counts_the_whole_store(handmade_store):
    with handmade_store.connect() as conn:
        s = queries.summary(conn)
    assert (s["articles"], s["events"], s["clusters"]) == (len(HANDMADE),) * 3


# (what the command prints, how to read the handmade events it kept from its output)
CLI_SURFACES = {
    "events": (
        ["events", "--format", "json"],
        lambda out: {e["article_id"] for e in json.loads(out)},
    ),
    "stats --by type": (
        ["stats", "--by", "type", "--format", "json"],
        lambda out: {BY_TYPE[r["key"]] for r in json.loads(out)},
    ),
    "stats": (
        ["stats", "--format", "json"],
        lambda out: {BY_TYPE[t] for t, _ in json.loads(out)["top_types"]},
    ),
}


@pytest.mark.parametrize("surface", CLI_SURFACES)
def test_cli_confidence_and_location_options(handmade_store, surface):
    args, read = CLI_SURFACES[surface]
    options = ["--db", handmade_store.url, "--no-location", "--min-confidence", "0.6"]
    result = CliRunner().invoke(main, [*args, *options])
    assert result.exit_code == 0, result.output
    assert read(result.output) == {"actors_only", "named_place"}


def test_cli_summary_says_it_is_filtered(handmade_store):
    options = ["--db", handmade_store.url, "--has-location", "--min-confidence", "0.5"]
    result = CliRunner().invoke(main, ["stats", *options])
    assert "filtered: --min-confidence 0.5 --has-location" in result.output


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high"])
def test_cli_min_confidence_outside_0_to_1_is_a_usage_error(value):
    result = CliRunner().invoke(main, ["events", "--min-confidence", value])
    assert result.exit_code == 2 and "--min-confidence" in result.output
