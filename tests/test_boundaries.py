"""Country outlines for maps come from the installed package, offline, and are cached."""

from __future__ import annotations

from shapely.geometry import Point, shape

from rasid.geo import boundaries


def _country(iso2: str):
    (feature,) = [f for f in boundaries.countries()["features"] if f["properties"]["iso2"] == iso2]
    return shape(feature["geometry"])


def test_countries_hold_the_places_inside_them():
    assert _country("IQ").contains(Point(44.36, 33.31))  # Baghdad
    assert _country("SY").contains(Point(36.29, 33.51))  # Damascus
    assert not _country("IQ").contains(Point(36.29, 33.51))
    assert len(boundaries.countries()["features"]) > 200


def test_rings_are_cut_to_the_box_asked_for():
    near_iraq = boundaries.rings((38.0, 29.0, 49.0, 38.0))
    assert 5 <= len(near_iraq) < len(boundaries.rings()) / 5


def test_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("RASID_GAZETTEER", str(tmp_path / "gazetteer.sqlite"))
    boundaries.countries.cache_clear()
    try:
        cache = boundaries._cache_path()
        cache.write_text('{"type": "FeatureColl', encoding="utf-8")
        assert boundaries.countries()["features"]
        assert cache.read_text(encoding="utf-8").startswith('{"type":"FeatureCollection"')
    finally:
        boundaries.countries.cache_clear()
