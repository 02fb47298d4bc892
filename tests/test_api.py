"""The REST API of `rasid serve`, on SQLite and PostgreSQL: reads, filters, errors, the map's
aggregation, incremental sync, and review writes with tokens."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from fastapi.testclient import TestClient

from rasid.serve.app import create_app
from rasid.store import review
from storekit import db_url, example_results, example_store  # noqa: F401 - fixtures


@pytest.fixture
def api(example_store):  # noqa: F811
    with TestClient(create_app(example_store.url)) as client:
        yield client


@pytest.fixture
def token(example_store):  # noqa: F811
    return review.create_token(example_store, "amal")


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_incidents_are_paged_sorted_and_filtered(api):
    everything = api.get("/api/incidents", params={"per_page": 500}).json()
    total = everything["total"]
    assert total == len(everything["incidents"]) > 3
    assert everything["fatalities"] == sum(i["fatalities"] or 0 for i in everything["incidents"])
    first = api.get("/api/incidents", params={"per_page": 2, "sort": "-fatalities"}).json()
    second = api.get("/api/incidents", params={"per_page": 2, "page": 2, "sort": "-fatalities"})
    killed = [i["fatalities"] or 0 for i in first["incidents"] + second.json()["incidents"]]
    assert killed == sorted(killed, reverse=True) and first["total"] == total
    deadly = api.get("/api/incidents", params={"min_fatalities": 3, "per_page": 500}).json()
    assert all(i["fatalities"] >= 3 for i in deadly["incidents"]) and deadly["total"] < total
    iraq = api.get("/api/incidents", params={"country": "Iraq", "since": "2025-01-01"}).json()
    assert all(i["country"] == "IQ" and i["date_start"] >= "2025-01-01" for i in iraq["incidents"])
    geo = api.get("/api/incidents", params={"format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection" and geo["total"] == total


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"min_fatalities": -1}, "min_fatalities"),
        ({"country": "Narnia"}, "country"),
        ({"sort": "colour"}, "sort"),
        ({"per_page": 100000}, "per_page"),
        ({"origin": "gdelt"}, "origin"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(api, params, field):
    response = api.get("/api/incidents", params=params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == field and error["code"] == "bad_parameter" and error["message"]


def test_filter_values_never_reach_sql_text(api):
    hostile = "x'; DROP TABLE clusters; --"
    for key in ("actor", "text", "admin1", "type"):
        assert api.get("/api/incidents", params={key: hostile}).json()["total"] == 0
    assert api.get("/api/incidents").json()["total"] > 0


def test_map_is_aggregated_and_counts_every_located_incident(api):
    located = [
        i for i in api.get("/api/incidents", params={"per_page": 500}).json()["incidents"]
        if i["lat"] is not None
    ]  # fmt: skip
    world = api.get("/api/map", params={"zoom": 1}).json()
    assert world["total"] == len(located) and len(world["cells"]) < len(located)
    west, south, east, north = world["extent"]
    assert south == min(i["lat"] for i in located) and east == max(i["lon"] for i in located)
    close = api.get("/api/map", params={"zoom": 12}).json()
    assert close["total"] == len(located) and len(close["cells"]) >= len(world["cells"])
    single = next(c for c in close["cells"] if c["count"] == 1)
    assert api.get(f"/api/incidents/{single['id']}").status_code == 200


def test_incident_detail_marks_its_evidence(api):
    first = api.get("/api/incidents", params={"sort": "-outlets"}).json()["incidents"][0]
    detail = api.get(f"/api/incidents/{first['id']}").json()
    assert len(detail["reports"]) == first["n_articles"] >= 1
    marks = [
        (e["text"][h["start"] : h["end"]], h["kind"])
        for r in detail["reports"]
        for e in r["evidence"]
        for h in e["highlights"]
    ]
    assert {"trigger", "place"} <= {kind for _, kind in marks}
    assert all(text.strip() for text, _ in marks)
    assert api.get("/api/incidents/999999").json()["error"]["code"] == "not_found"


def test_writes_need_a_token_and_are_refused_when_read_only(api, token, example_store):  # noqa: F811
    incident = api.get("/api/incidents").json()["incidents"][0]["id"]
    url = f"/api/incidents/{incident}/review"
    assert api.post(url, json={"note": "x"}).status_code == 401
    assert api.post(url, json={"note": "x"}, headers=_auth("rsd_wrong")).status_code == 401
    assert api.get("/api/me", headers=_auth(token)).json()["name"] == "amal"
    with TestClient(create_app(example_store.url, readonly=True)) as reader:
        assert reader.post(url, json={"note": "x"}, headers=_auth(token)).status_code == 403
    done = api.post(url, json={"note": "checked"}, headers=_auth(token))
    assert done.status_code == 200 and done.json()["reviewed"] is True
    assert done.json()["history"][-1]["author"] == "amal"


def test_a_correction_through_the_api_is_in_the_export(api, token):
    incident = api.get("/api/incidents").json()["incidents"][0]["id"]
    body = {"field": "fatalities", "value": 41, "note": "morgue count"}
    fixed = api.post(f"/api/incidents/{incident}/corrections", json=body, headers=_auth(token))
    assert fixed.status_code == 200 and fixed.json()["fatalities"] == 41
    assert fixed.json()["corrected"] == ["fatalities"]
    rows = list(csv.DictReader(io.StringIO(api.get("/api/export?format=acled").text)))
    assert "41" in [r["fatalities"] for r in rows]
    bad = api.post(f"/api/incidents/{incident}/corrections",
                   json={"field": "fatalities", "value": "many"}, headers=_auth(token))  # fmt: skip
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "value"


def test_changes_report_merges_as_a_change_and_a_tombstone(api, token):
    start = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).isoformat()
    listed = api.get("/api/incidents", params={"sort": "date"}).json()["incidents"]
    keep, other = listed[0]["id"], listed[1]["id"]
    merged = api.post(
        f"/api/incidents/{keep}/merge", json={"other": other, "note": "same"}, headers=_auth(token)
    )
    assert merged.status_code == 200
    changes = api.get("/api/changes", params={"since": start}).json()
    assert keep in [c["id"] for c in changes["changed"]] and other in changes["deleted"]
    assert api.get(f"/api/incidents/{other}").status_code == 404
    again = api.post(f"/api/incidents/{keep}/merge", json={"other": keep}, headers=_auth(token))
    assert again.status_code == 422


def test_responses_carry_a_strict_content_security_policy(api):
    response = api.get("/api/incidents")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert api.get("/docs").status_code == 200


def test_statements_stats_types_and_places(api):
    said = api.get("/api/statements", params={"per_page": 5}).json()
    assert said["total"] >= len(said["statements"]) > 0
    weekly = api.get("/api/stats", params={"by": "week"}).json()
    assert sum(r["events"] for r in weekly) == api.get("/api/incidents").json()["total"]
    assert "Armed clash" in api.get("/api/types").json()["Battles"]
    kirkuk = api.get("/api/places", params={"q": "Kirkuk"}).json()
    assert kirkuk and kirkuk[0]["country"] == "IQ"
