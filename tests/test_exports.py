"""Exports: ACLED CSV (exact columns and order), GeoJSON, Parquet, PLOVER JSON, statements."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

import storekit
from rasid import knowledge
from rasid.cli import main
from rasid.store import acled, queries

db_url = storekit.db_url
example_results = storekit.example_results

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


store = storekit.example_store


@pytest.fixture
def n_clusters(store) -> int:
    with store.connect() as conn:
        return queries.summary(conn)["clusters"]


def _export(store, fmt, out, *extra):
    result = CliRunner().invoke(
        main, ["export", "--format", fmt, "--db", store.url, *extra, str(out)]
    )
    assert result.exit_code == 0, result.output
    return result


def test_acled_csv_has_acleds_columns_in_acleds_order(store, tmp_path, n_clusters):
    out = tmp_path / "acled.csv"
    _export(store, "acled", out)
    df = pd.read_csv(out)
    assert list(df.columns) == ACLED_COLUMNS
    assert len(df) == n_clusters  # one row per cluster, not per report
    tarmiyah = df[df["location"] == "Tarmiyah"].iloc[0]
    assert tarmiyah["event_id_cnty"].startswith("IRQ")
    assert tarmiyah["event_date"] == "2025-02-10" and tarmiyah["year"] == 2025
    assert tarmiyah["disorder_type"] == "Political violence"
    assert tarmiyah["fatalities"] == 3
    assert tarmiyah["source"].split("; ") == [
        "Northern Wire",
        "Rafidain Daily",
        "Gulf Press Agency",
    ]
    assert "3, 4" in tarmiyah["notes"]
    assert tarmiyah["iso"] == 368 and tarmiyah["region"] == "Middle East"
    assert tarmiyah["inter2"] == 1  # Iraqi army: state forces
    assert tarmiyah["admin1"] == "Baghdad" and tarmiyah["country"] == "Iraq"
    assert set(df["time_precision"]) <= {1, 2, 3} and set(df["geo_precision"]) <= {1, 2, 3}
    vac = df[df["event_type"] == "Violence against civilians"]
    assert (vac["civilian_targeting"] == "Civilian targeting").all()


def test_acled_export_takes_filters(store, tmp_path):
    out = tmp_path / "kirkuk.csv"
    _export(store, "acled", out, "--admin1", "kirkuk")
    df = pd.read_csv(out)
    assert len(df) >= 1 and set(df["admin1"]) == {"Kirkuk"}


@pytest.mark.parametrize(
    ("t1", "t2", "code"),
    [
        ("state_forces", "rebel_group", 12),
        ("civilians", "political_militia", 37),
        ("civilians", "state_forces", 17),  # the lower code first
        ("rebel_group", "rebel_group", 22),
        ("external_forces", "protesters", 68),
        ("state_forces", None, 10),
        (None, None, 0),
    ],
)
def test_interaction_codes(t1, t2, code):
    codes = [
        acled.actor_inter(t and "Some actor", t, "Battles", r)
        for t, r in ((t1, "actor1"), (t2, "actor2"))
    ]
    assert acled.interaction(*codes) == code


# ACLED's inter codes (codebook): what each actor type of the dictionary means to ACLED.
ACLED_INTER = {
    "state_forces": 1,
    "rebel_group": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external_forces": 8,
    "other": 8,
}
ACTORS_YAML = Path(knowledge.__file__).parent / "data" / "actors.yaml"
# Read from the dictionary itself: a new type with no ACLED code fails here.
DICTIONARY_TYPES = sorted(
    {a["type"] for a in yaml.safe_load(ACTORS_YAML.read_text(encoding="utf-8"))["actors"]}
)


@pytest.mark.parametrize("actor_type", DICTIONARY_TYPES)
def test_every_actor_type_of_the_dictionary_has_its_acled_inter_code(actor_type):
    code = acled.actor_inter("Some actor", actor_type, "Battles")
    assert code == ACLED_INTER.get(actor_type) and 1 <= code <= 8


@pytest.mark.parametrize(
    ("event_type", "role", "code"),
    [
        ("Protests", "actor1", 6),
        ("Riots", "actor1", 5),
        ("Violence against civilians", "actor2", 7),
        ("Violence against civilians", "actor1", 3),  # an unidentified armed group
        ("Battles", "actor1", 3),
        ("Battles", "actor2", 3),
        ("Explosions/Remote violence", "actor1", 3),
        ("Strategic developments", "actor2", 3),
    ],
)
def test_an_actor_the_dictionary_lacks_still_has_a_code(event_type, role, code):
    assert acled.actor_inter("Zindani Brigade", None, event_type, role) == code


@pytest.mark.parametrize("name", [None, ""])
def test_no_actor_has_code_0(name):
    assert acled.actor_inter(name, None, "Battles", "actor2") == 0


handmade_store = storekit.handmade_store


def _handmade_rows(store, tmp_path) -> dict[str, dict[str, str]]:
    """The ACLED CSV of the handmade store as written, by handmade event (from notes)."""
    out = tmp_path / "handmade.csv"
    _export(store, "acled", out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["notes"].split(":")[0].removeprefix("Report "): r for r in rows}


def _cluster_ids(store) -> dict[str, int]:
    with store.connect() as conn:
        events = queries.list_events(conn, queries.Filters(), limit=None)
    return {e["article_id"]: e["cluster_id"] for e in events}


def test_acled_codes_every_actor_that_exists(handmade_store, tmp_path):
    rows = _handmade_rows(handmade_store, tmp_path).values()
    coded = [
        (r["actor1"] != "", r["inter1"] != "0", r["actor2"] != "", r["inter2"] != "0") for r in rows
    ]
    assert coded and all(a1 == i1 and a2 == i2 for a1, i1, a2, i2 in coded)


def test_acled_interaction_of_handmade_events(handmade_store, tmp_path):
    rows = _handmade_rows(handmade_store, tmp_path)
    assert {k: (r["inter1"], r["inter2"], r["interaction"]) for k, r in rows.items()} == {
        "placed": ("1", "2", "12"),
        "actors_only": ("3", "7", "37"),  # an unknown armed group attacks civilians
        "named_place": ("0", "0", "0"),  # no actors at all
        "nowhere": ("6", "0", "60"),  # unknown protesters, alone
    }


def test_acled_ids_are_a_real_country_code_or_the_bare_cluster_id(handmade_store, tmp_path):
    rows = _handmade_rows(handmade_store, tmp_path)
    ids = _cluster_ids(handmade_store)
    assert {k: r["event_id_cnty"] for k, r in rows.items()} == {
        "placed": f"IRQ{ids['placed']}",  # the location's country
        "named_place": f"YEM{ids['named_place']}",  # a place the report names
        "actors_only": f"SYR{ids['actors_only']}",  # the actors' country
        "nowhere": str(ids["nowhere"]),  # no country anywhere: never XXX
    }


def test_acled_country_from_the_actors_says_so(handmade_store, tmp_path):
    row = _handmade_rows(handmade_store, tmp_path)["actors_only"]
    assert (row["iso"], row["notes"].endswith("the country is the actors'.")) == ("760", True)


def test_acled_event_without_coordinates_has_no_geo_precision(handmade_store, tmp_path):
    rows = _handmade_rows(handmade_store, tmp_path)
    assert {k: (r["latitude"], r["longitude"], r["geo_precision"]) for k, r in rows.items()} == {
        "placed": ("35.468", "44.392", "1"),
        "actors_only": ("", "", ""),
        "named_place": ("", "", ""),
        "nowhere": ("", "", ""),
    }


def test_parquet_event_without_coordinates_has_null_geo_precision(handmade_store, tmp_path):
    out = tmp_path / "handmade.parquet"
    _export(handmade_store, "parquet", out)
    df = pq.read_table(out).to_pandas()
    located = df["latitude"].notna()
    assert df.loc[~located, "geo_precision"].isna().all() and located.sum() == 1


def test_disorder_types():
    assert acled.disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert acled.disorder_type("Protests", "Excessive force against protesters") == (
        "Political violence; Demonstrations"
    )
    assert acled.disorder_type("Strategic developments", "Arrests") == "Strategic developments"


def test_geojson_is_a_feature_collection(store, tmp_path, n_clusters):
    out = tmp_path / "events.geojson"
    _export(store, "geojson", out)
    data = json.loads(out.read_text())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == n_clusters
    located = [f for f in data["features"] if f["geometry"]]
    assert located
    for feature in located:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["latitude"] == lat
    tarmiyah = next(f for f in located if f["properties"]["location"] == "Tarmiyah")
    assert tarmiyah["properties"]["n_articles"] == 3
    assert tarmiyah["properties"]["fatalities_reported"] == [3, 4]


def test_parquet_is_typed(store, tmp_path, n_clusters):
    out = tmp_path / "events.parquet"
    _export(store, "parquet", out)
    table = pq.read_table(out)
    assert table.num_rows == n_clusters
    assert table.column_names[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    df = table.to_pandas()
    assert str(table.schema.field("event_date").type) == "date32[day]"
    assert df["fatalities"].sum() > 0
    row = df[df["location"] == "Tarmiyah"].iloc[0]
    assert list(row["fatalities_reported"]) == [3, 4]


def test_plover_json(store, tmp_path, n_clusters):
    out = tmp_path / "plover.json"
    _export(store, "plover", out)
    records = json.loads(out.read_text())
    assert len(records) == n_clusters
    assert {"id", "date", "event", "mode", "actor", "recipient", "country"} <= set(records[0])
    bomb = next(r for r in records if r["location"] == "Tarmiyah")
    assert bomb["event"] == "ASSAULT" and bomb["mode"] == "explosion"
    assert bomb["date"] == "2025-02-10"


def test_statements_as_csv_and_json(store, tmp_path):
    _export(store, "statements", tmp_path / "statements.csv")
    df = pd.read_csv(tmp_path / "statements.csv")
    assert len(df) > 0 and {"speaker", "quote", "article_id", "published"} <= set(df.columns)
    _export(store, "statements", tmp_path / "statements.json")
    rows = json.loads((tmp_path / "statements.json").read_text())
    assert len(rows) == len(df)
    assert all(r["quote"] for r in rows)


def test_claims_keep_the_words_and_the_events_they_carry(store, tmp_path, example_results):
    expected = sum(len(r.claims) for r in example_results)
    assert expected > 0
    _export(store, "claims", tmp_path / "claims.json")
    rows = json.loads((tmp_path / "claims.json").read_text())
    assert len(rows) == expected
    texts = {r.article.id: r.article.text for r in example_results}
    for row in rows:
        assert row["kind"] in ("unattributed", "hedged")
        assert texts[row["article_id"]][row["start"] : row["end"]] == row["text"]
        assert isinstance(row["events"], list)
    _export(store, "claims", tmp_path / "claims.csv")
    assert len(pd.read_csv(tmp_path / "claims.csv")) == expected


def test_unwritable_output_is_a_clear_error(store, tmp_path):
    result = CliRunner().invoke(
        main, ["export", "--format", "acled", "--db", store.url, str(tmp_path / "no" / "x.csv")]
    )
    assert result.exit_code == 1 and "cannot write" in result.output
