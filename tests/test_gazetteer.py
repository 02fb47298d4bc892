"""The gazetteer index: build and load, name keys, governorates, curated places, dump import.

The full index is built once (about 20 s) into the user cache and reused; every
test here then runs on lookups that take microseconds.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from rasid.errors import KnowledgeError
from rasid.geo import Gazetteer, Geocoder
from rasid.geo import names as nm
from rasid.geo.admin1 import load_world_admin1
from rasid.geo.build import haversine_km
from rasid.geo.curated import load_curated
from rasid.geo.importer import import_geonames

DATA = Path(__file__).parent / "data" / "geo"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


# -- the index ---------------------------------------------------------------------


def test_built_index_loads_fast(gazetteer):
    start = time.perf_counter()
    again = Gazetteer.load(gazetteer.path)
    assert time.perf_counter() - start < 2.0
    assert again.lookup("Mosul")


def test_candidates_carry_all_fields(gazetteer):
    (mosul,) = [c for c in gazetteer.lookup("Mosul") if c.country == "IQ"]
    assert mosul.kind == "town" and mosul.admin1 == "Nineveh"
    assert mosul.population > 1_000_000 and mosul.geonames_id and mosul.precision == 1
    assert haversine_km(mosul.lat, mosul.lon, 36.34, 43.13) < 10


# -- names --------------------------------------------------------------------------

SAME_KEY = [
    ["Ramadi", "Ar Ramadi", "Al-Ramadi", "al Ramadi", "Ramādī"],
    ["Rutba", "Al-Rutba", "Ar Rutba", "ar-Rutba"],
    ["Jurf al-Sakhar", "Jurf as Sakhar", "Jurf Sakhar"],
    ["Kirkuk", "Kirkuk province", "Kirkuk governorate", "KIRKUK"],
]
SAME_LOOSE = [
    ["Fallujah", "Falluja", "Fallouja", "Al-Fallujah"],
    ["Baiji", "Bayji"],
    ["Rutba", "Ar Rutbah", "Al-Rutbah"],
    ["Basra", "Basrah"],
    ["Sulaymaniyah", "Sulaimaniya", "Sulaymaniya"],
    ["Diyala", "Diyalá", "Diyalah"],
    ["Tal Afar", "Tall ‘Afar", "Tal-Afar"],
]


@pytest.mark.parametrize("group", SAME_KEY, ids=lambda g: g[0])
def test_spellings_share_a_key(group):
    assert len({nm.key(n) for n in group}) == 1


@pytest.mark.parametrize("group", SAME_LOOSE, ids=lambda g: g[0])
def test_transliterations_share_a_loose_key(group):
    assert len({nm.loose_key(n) for n in group}) == 1


def test_unit_words_are_stripped_but_hint_the_kind():
    assert nm.key("Anbar province") == "anbar" and nm.kind_hint("Anbar province") == "admin1"
    assert nm.kind_hint("Sinjar district") == "district"
    assert nm.kind_hint("Tikrit city") == "town"
    assert nm.key("Hamrin Mountains") == "hamrin mountains"
    assert nm.kind_hint("Hamrin Mountains") == "mountain"


def test_possessive_and_odd_input():
    assert nm.strip_possessive("Iraq's") == "Iraq" and nm.key("Samarra’s") == "samarra"
    assert nm.key("") == "" and nm.key(None) == ""  # type: ignore[arg-type]
    assert len(nm.key("Mosul " * 5000)) <= nm.MAX_NAME_CHARS
    assert nm.key("\u202e\u0000☃🙂") == ""


# -- governorates --------------------------------------------------------------------

GOVERNORATES = {
    "Anbar": ["Anbar", "Al Anbar", "Al-Anbar", "Anbar province", "Al Anbār Governorate"],
    "Basra": ["Basra", "Basrah", "Al Basrah province"],
    "Muthanna": ["Muthanna", "Al Muthanná", "Muthanna governorate"],
    "Qadisiyah": ["Qadisiyah", "Al-Qadisiyyah", "Diwaniyah province"],
    "Sulaymaniyah": ["Sulaymaniyah", "Sulaimaniya", "Slemani", "As Sulaymānīyah Governorate"],
    "Babil": ["Babil", "Babylon province", "Bābil Governorate"],
    "Baghdad": ["Baghdad", "Baghdad province", "Baghdād Governorate"],
    "Dohuk": ["Dohuk", "Duhok", "Dahuk", "Dahūk Governorate"],
    "Dhi Qar": ["Dhi Qar", "Thi Qar", "Dhī Qār Governorate"],
    "Diyala": ["Diyala", "Diyalá", "Diyālá province"],
    "Erbil": ["Erbil", "Arbil", "Irbil", "Hawler", "Arbīl Governorate"],
    "Karbala": ["Karbala", "Kerbala", "Karbalā’ Governorate"],
    "Kirkuk": ["Kirkuk", "Tamim", "At-Ta'mim", "Kirkūk province"],
    "Maysan": ["Maysan", "Missan", "Maysān Governorate"],
    "Nineveh": ["Nineveh", "Ninawa", "Ninewa", "Nīnawá province"],
    "Wasit": ["Wasit", "Wāsiţ Governorate"],
    "Najaf": ["Najaf", "An Najaf province"],
    "Salahuddin": [
        "Salahuddin",
        "Salah ad Din",
        "Saladin",
        "Salah al-Din",
        "Şalāḩ ad Dīn province",
    ],
    "Halabja": ["Halabja", "Halabjah province"],
}


def test_all_nineteen_iraqi_governorates_are_indexed(gazetteer):
    assert {name for (country, name) in gazetteer.admin1_points if country == "IQ"} == set(
        GOVERNORATES
    )


@pytest.mark.parametrize("canonical", sorted(GOVERNORATES))
def test_governorate_variants_normalise(gazetteer, canonical):
    for variant in GOVERNORATES[canonical]:
        assert gazetteer.canonical_admin1(variant, "IQ") == canonical, variant


def test_syrian_governorates(gazetteer):
    names = {name for (country, name) in gazetteer.admin1_points if country == "SY"}
    assert len(names) == 14
    for variant, canonical in [
        ("Deir al-Zour", "Deir ez-Zor"),
        ("Dayr az Zawr Province", "Deir ez-Zor"),
        ("Rural Damascus", "Rif Dimashq"),
        ("Ḩalab Province", "Aleppo"),
        ("Hasakeh", "Hasakah"),
    ]:
        assert gazetteer.canonical_admin1(variant, "SY") == canonical


def test_governorate_point_is_its_capital(gazetteer):
    anbar = gazetteer.admin1_points[("IQ", "Anbar")]
    assert haversine_km(anbar.lat, anbar.lon, 33.42, 43.30) < 10  # Ramadi
    assert anbar.clat is not None and haversine_km(anbar.clat, anbar.clon, 33.0, 42.0) < 50


# -- curated places -------------------------------------------------------------------

CURATED = load_curated()


def test_curated_file_is_rich_enough():
    assert len(CURATED.places) >= 60
    for p in CURATED.places:
        assert p.source and p.country in ("IQ", "SY")


@pytest.mark.parametrize("place", CURATED.places, ids=lambda p: p.name)
def test_curated_place_resolves_by_name_and_aliases(gazetteer, place):
    for name in (place.name, *place.aliases):
        hits = [c for c in gazetteer.lookup(name) if c.name == place.name]
        assert hits, f"{name!r} does not find {place.name}"
        assert hits[0].kind == place.kind and hits[0].admin1 == place.admin1


@pytest.fixture(scope="module")
def geocoder(gazetteer) -> Geocoder:
    return Geocoder(gazetteer)


@pytest.mark.parametrize("place", CURATED.places, ids=lambda p: p.name)
def test_curated_place_resolves_in_a_sentence(geocoder, place):
    text = f"Security sources said fighting broke out in {place.name} on Tuesday."
    found = [p for p in geocoder.resolve(text) if p.name == place.name]
    assert found, text
    assert found[0].kind == place.kind and found[0].admin1 == place.admin1
    assert haversine_km(found[0].lat, found[0].lon, place.lat, place.lon) < 25


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "curated.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_curated_errors_name_file_and_entry(tmp_path):
    bad_lat = "version: 1\nplaces:\n  - {name: Nowhere, kind: town, country: IQ, admin1: null, lat: 433.5, lon: 44, source: x}\n"
    with pytest.raises(
        KnowledgeError, match=r"curated\.yaml.*places\[0\] \(Nowhere\).*out of range"
    ):
        load_curated(_write(tmp_path, bad_lat))
    bad_kind = "version: 1\nplaces:\n  - {name: Hill 7, kind: hill, country: IQ, lat: 33, lon: 44, source: x}\n"
    with pytest.raises(KnowledgeError, match=r"Hill 7.*kind"):
        load_curated(_write(tmp_path, bad_kind))
    no_source = "version: 1\nplaces:\n  - {name: X, kind: town, country: IQ, lat: 33, lon: 44}\n"
    with pytest.raises(KnowledgeError, match="source"):
        load_curated(_write(tmp_path, no_source))
    with pytest.raises(KnowledgeError, match="version"):
        load_curated(_write(tmp_path, "version: 9\n"))
    with pytest.raises(KnowledgeError, match="YAML"):
        load_curated(_write(tmp_path, "places: [\n"))


def test_unknown_admin1_in_curated_is_rejected(tmp_path):
    text = (
        "version: 1\nadmin1:\n  IQ:\n    Anbar: {geonames: '01', iso: IQ-AN, capital: Ramadi, "
        "lat: 33, lon: 42}\nplaces:\n  - {name: X, kind: town, country: IQ, admin1: Anbr, "
        "lat: 33, lon: 44, source: x}\n"
    )
    with pytest.raises(KnowledgeError, match="Anbr"):
        load_curated(_write(tmp_path, text))


# -- GeoNames dump import ----------------------------------------------------------------


@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> Path:
    """A small index (cities of 15,000+) to import into; built in a few seconds."""
    path = tmp_path_factory.mktemp("gz") / "small.sqlite"
    Gazetteer.load(path, min_population=15000)
    return path


def test_import_geoname_table(small_index):
    stats = import_geonames(DATA / "IQ-sample.txt", small_index, progress=False)
    assert (stats.rows, stats.added, stats.malformed) == (11, 5, 4)
    assert stats.skipped == 1  # the country row
    assert any("IQ-sample.txt:6:" in e and "columns" in e for e in stats.errors)
    assert any("IQ-sample.txt:7:" in e and "latitude" in e for e in stats.errors)
    assert any("IQ-sample.txt:8:" in e and "out of range" in e for e in stats.errors)
    gz = Gazetteer.load(small_index)
    (village,) = gz.lookup("Zawiya Rasid")
    assert (village.kind, village.admin1, village.country) == ("town", "Anbar", "IQ")
    (wadi,) = gz.lookup("Wadi al-Rasid")
    assert (wadi.kind, wadi.precision) == ("valley", 2)
    assert [c.name for c in gz.lookup("Heet")] == ["Hīt"]  # a name added to a known place
    (airfield,) = gz.lookup("Rasid Airfield")
    assert (airfield.kind, airfield.precision) == ("base", 1)  # GeoNames AIRB
    (syrian,) = [c for c in gz.lookup("Qaryat Rasid") if c.country == "SY"]
    assert (syrian.name, syrian.admin1) == ("Qaryat Rasid", "Deir ez-Zor")


def test_import_alternate_names(small_index):
    import_geonames(DATA / "IQ-sample.txt", small_index, progress=False)
    stats = import_geonames(DATA / "alternateNamesV2-sample.txt", small_index, progress=False)
    assert stats.malformed == 2 and stats.names_added == 2
    assert stats.skipped == 3  # Arabic script, a link, an unknown place
    gz = Gazetteer.load(small_index)
    assert [c.name for c in gz.lookup("Zawiyah Rasid")] == ["Zawiyat Rasid"]
    assert [c.name for c in gz.lookup("Hayt")] == ["Hīt"]


def test_imports_survive_a_rebuild(small_index):
    import_geonames(DATA / "IQ-sample.txt", small_index, progress=False)
    gz = Gazetteer.load(small_index, rebuild=True)
    assert [c.name for c in gz.lookup("Zawiyat Rasid")] == ["Zawiyat Rasid"]


def test_import_of_a_missing_file_names_it(small_index, tmp_path):
    with pytest.raises(KnowledgeError, match="no-such-dump.txt"):
        import_geonames(tmp_path / "no-such-dump.txt", small_index, progress=False)


def test_index_without_key_filters_still_answers(small_index, tmp_path):
    """An index written before key filters existed is read the slow way, not wrongly."""
    import shutil
    import sqlite3

    old = tmp_path / "old.sqlite"
    shutil.copy(small_index, old)
    with sqlite3.connect(old) as db:
        db.execute("DROP TABLE key_filters")
    gz = Gazetteer(old)
    assert any(c.admin1 == "Anbar" for c in gz.lookup("Falluja"))
    assert gz.lookup("Qwertyville") == []


def test_key_filters_answer_like_the_index(small_index):
    """Every name the index holds passes its filter (no false 'unknown')."""
    import sqlite3

    gz = Gazetteer(small_index)
    with sqlite3.connect(small_index) as db:
        keys = [k for (k,) in db.execute("SELECT key FROM names ORDER BY random() LIMIT 2000")]
    assert keys and all(gz.lookup(k, loose=False) for k in keys)


def test_world_admin1_names_load_and_are_validated(tmp_path):
    names = load_world_admin1()
    assert names[("NG", "27")] == "Borno"
    assert len(names) > 3000
    bad = tmp_path / "admin1.csv"
    bad.write_text("country,code,name,cities\nng,27,,3\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="line 2"):
        load_world_admin1(bad)
    bad.write_text("cc,code\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="header"):
        load_world_admin1(bad)


@pytest.mark.slow  # three builds of the small index: some 20 s
def test_a_damaged_index_is_rebuilt_and_a_killed_builds_leftovers_removed(tmp_path, caplog):
    path = tmp_path / "gz.sqlite"
    Gazetteer.load(path, min_population=15000)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 3])  # a copy cut short
    leftover = tmp_path / "gz.sqlite.999999999.abc.tmp"  # of a build killed with -9
    leftover.write_bytes(b"half an index")
    gz = Gazetteer.load(path, min_population=15000)
    assert [c.country for c in gz.lookup("Baghdad") if c.kind == "town"][:1] == ["IQ"]
    assert "damaged" in caplog.text
    assert not leftover.exists()
    # an index overwritten by something else entirely
    path.write_bytes(b"this is not a database" * 100)
    assert Gazetteer.load(path, min_population=15000).lookup("Mosul")
