"""`rasid basemap import`: a user's boundaries for the dashboard and the reports' maps."""

from __future__ import annotations

import json

from click.testing import CliRunner
from fastapi.testclient import TestClient

from rasid.cli import main
from rasid.geo import boundaries
from rasid.serve.app import create_app
from rasid.watch import maps

DIYALA = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Diyala"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[44.3, 33.3], [46.0, 33.3], [46.0, 35.1], [44.3, 35.1], [44.3, 33.3]]
                ],  # fmt: skip
            },
        }
    ],
}


def test_imported_boundaries_reach_the_api_and_the_report_maps(tmp_path, monkeypatch):
    monkeypatch.setenv("RASID_GAZETTEER", str(tmp_path / "cache" / "gazetteer.sqlite"))
    (tmp_path / "cache").mkdir()
    source = tmp_path / "diyala.geojson"
    source.write_text(json.dumps(DIYALA), encoding="utf-8")
    with TestClient(create_app(str(tmp_path / "s.db"))) as api:
        assert api.get("/api/basemap/user").json()["features"] == []
        result = CliRunner().invoke(main, ["basemap", "import", str(source)])
        assert result.exit_code == 0, result.output
        assert api.get("/api/basemap/user").json() == DIYALA
    rings = maps.countries_around([{"lat": 33.7, "lon": 44.9}])
    assert [(44.3, 33.3), (46.0, 33.3), (46.0, 35.1), (44.3, 35.1), (44.3, 33.3)] in rings
    assert CliRunner().invoke(main, ["basemap", "reset"]).exit_code == 0
    assert boundaries.user_basemap() is None


def test_a_file_that_is_not_geojson_is_refused_and_nothing_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("RASID_GAZETTEER", str(tmp_path / "gazetteer.sqlite"))
    bad = tmp_path / "roads.geojson"
    bad.write_text('{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}', encoding="utf-8")
    result = CliRunner().invoke(main, ["basemap", "import", str(bad)])
    assert result.exit_code == 1 and "roads.geojson" in result.output
    assert boundaries.user_basemap() is None
