"""Readers for existing event datasets: ACLED exports and UCDP GED files.

The fixtures under tests/data/datasets are small invented files in each
dataset's real layout; the shared UCDP GED Iraq file checks the reader against
the published counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from rasid.datasets import FORMATS, BadRow, DatasetError, ImportedIncident, acled, read, ucdp

DATA = Path(__file__).parent / "data" / "datasets"
ACLED_SAMPLE = DATA / "acled-sample.csv"
UCDP_SAMPLE = DATA / "ucdp-sample.csv"
UCDP_IRAQ = Path(__file__).resolve().parents[2] / "shared" / "data" / "ucdp-ged-iraq-events.csv"


def incidents(items) -> list[ImportedIncident]:
    return [i for i in items if isinstance(i, ImportedIncident)]


def bad_rows(items) -> list[BadRow]:
    return [i for i in items if isinstance(i, BadRow)]


def by_id(items) -> dict[str, ImportedIncident]:
    return {i.source_id: i for i in incidents(items)}


def acled_row(**cells: str) -> dict[str, str]:
    """A valid ACLED row; keyword arguments replace cells."""
    row = {
        "event_id_cnty": "IRQ1",
        "event_date": "2024-01-15",
        "time_precision": "1",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Iraq (2022-)",
        "inter1": "1",
        "actor2": "Islamic State (Iraq)",
        "inter2": "2",
        "iso": "368",
        "country": "Iraq",
        "latitude": "33.3",
        "longitude": "44.4",
        "geo_precision": "1",
        "notes": "Clash.",
        "fatalities": "2",
    }
    row.update(cells)
    return row


def ucdp_row(**cells: str) -> dict[str, str]:
    """A valid UCDP GED row; keyword arguments replace cells."""
    row = {
        "id": "900001",
        "type_of_violence": "1",
        "dyad_name": "Government of Iraq - IS",
        "side_a": "Government of Iraq",
        "side_b": "IS",
        "where_prec": "1",
        "where_coordinates": "Bayjī town",
        "latitude": "34.93",
        "longitude": "43.49",
        "country": "Iraq",
        "iso3": "IRQ",
        "date_prec": "1",
        "date_start": "2014-06-11",
        "date_end": "2014-06-11",
        "low": "4",
        "best": "5",
        "high": "9",
    }
    row.update(cells)
    return row


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


# --- ACLED exports ---------------------------------------------------------------------


def test_acled_sample_keeps_good_rows_and_reports_each_bad_row_by_line():
    items = list(read(ACLED_SAMPLE, "acled"))
    assert [i.source_id for i in incidents(items)] == [
        "IRQ33001",
        "SYR240012",
        "YEM91234",
        "NGA60011",
        "UKR150321",
        "XKX1024",
        "MLI30045",
        "SDN25501",
        "MMR70020",
        "LBN5102",
    ]
    bad = bad_rows(items)
    assert [(b.path, b.line) for b in bad] == [(str(ACLED_SAMPLE), 12), (str(ACLED_SAMPLE), 13)]
    assert bad[0].message.startswith("event_date '2024-02-30' is not a date")
    assert "event_type 'Terrorist attack' is not an ACLED event type" in bad[1].message


def test_acled_line_numbers_are_physical_lines_even_after_a_multiline_note():
    lines = ACLED_SAMPLE.read_text(encoding="utf-8").splitlines()
    for incident in incidents(read(ACLED_SAMPLE, "acled")):
        assert lines[incident.line - 1].startswith(incident.source_id + ",")


def test_acled_multiline_note_becomes_one_line_and_the_raw_cell_is_kept():
    syria = by_id(read(ACLED_SAMPLE, "acled"))["SYR240012"]
    assert "\n" not in syria.notes
    assert "(Al Hasakeh), killing two civilians. The car belonged" in syria.notes
    assert "\n" in syria.data["notes"]


def test_acled_row_in_rasid_terms():
    yemen = by_id(read(ACLED_SAMPLE, "acled"))["YEM91234"]
    assert (yemen.dataset, yemen.event_type, yemen.sub_event_type) == (
        "acled",
        "Violence against civilians",
        "Attack",
    )
    assert (yemen.date_start, yemen.date_end, yemen.date_precision) == (
        dt.date(2024, 1, 20),
        dt.date(2024, 1, 20),
        1,
    )
    assert (yemen.actor1, yemen.actor1_type) == ("Houthi Movement", "rebel_group")
    assert (yemen.actor2, yemen.actor2_type) == ("Civilians (Yemen)", "civilians")
    assert yemen.assoc_actors == ("Muhamasheen Ethnic Group (Yemen)", "Women (Yemen)")
    assert (yemen.country, yemen.admin1, yemen.admin2, yemen.location) == (
        "YE",
        "Taizz",
        "Maqbanah",
        "Al Barh",
    )
    assert (yemen.lat, yemen.lon, yemen.location_precision) == (13.4167, 43.6833, 2)
    assert (yemen.fatalities, yemen.source) == (1, "Yemen Monitor; Al Masdar Online")
    assert yemen.data["event_id_cnty"] == "YEM91234" and len(yemen.data) == 31


def test_acled_sample_precisions_countries_and_missing_coordinates():
    rows = by_id(read(ACLED_SAMPLE, "acled"))
    assert rows["MLI30045"].date_precision == 2  # a week
    assert rows["SDN25501"].date_precision == 3  # a month
    assert rows["SDN25501"].location_precision == 3
    assert rows["XKX1024"].country == "XK"  # Kosovo: ACLED's iso is 0
    lebanon = rows["LBN5102"]
    assert (lebanon.lat, lebanon.lon, lebanon.location_precision) == (None, None, None)
    assert (lebanon.admin1, lebanon.location, lebanon.actor2, lebanon.actor2_type) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "event_date", ["2024-01-15", "15 January 2024", "15-January-2024", "15 Jan 2024"]
)
def test_acled_date_styles_give_the_same_day(event_date):
    incident = acled.parse(acled_row(event_date=event_date))
    assert (incident.date_start, incident.date_end) == (dt.date(2024, 1, 15), dt.date(2024, 1, 15))


@pytest.mark.parametrize(
    ("inter", "actor_type"),
    [
        ("1", "state_forces"),
        ("2", "rebel_group"),
        ("3", "political_militia"),
        ("4", "identity_militia"),
        ("5", "rioters"),
        ("6", "protesters"),
        ("7", "civilians"),
        ("8", "external_forces"),
        ("2.0", "rebel_group"),
        ("State forces", "state_forces"),
        ("Rebel group", "rebel_group"),
        ("Political militia", "political_militia"),
        ("identity militia", "identity_militia"),
        ("Rioters", "rioters"),
        ("Protesters", "protesters"),
        ("Civilians", "civilians"),
        ("External/Other forces", "external_forces"),
        ("0", None),
        ("", None),
    ],
)
def test_acled_inter_codes_and_labels_give_rasid_actor_types(inter, actor_type):
    assert acled.parse(acled_row(inter1=inter)).actor1_type == actor_type


@pytest.mark.parametrize(
    ("cells", "event_type", "sub_event_type"),
    [
        ({"event_type": "battles", "sub_event_type": "ARMED CLASH"}, "Battles", "Armed clash"),
        (
            {"event_type": "explosions/remote violence", "sub_event_type": "air/drone strike"},
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            {"event_type": " Protests ", "sub_event_type": "Peaceful protest"},
            "Protests",
            "Peaceful protest",
        ),
    ],
)
def test_acled_event_types_are_matched_without_case_and_spelled_canonically(
    cells, event_type, sub_event_type
):
    incident = acled.parse(acled_row(**cells))
    assert (incident.event_type, incident.sub_event_type) == (event_type, sub_event_type)


@pytest.mark.parametrize(
    ("cells", "country"),
    [
        ({"country": "Kosovo", "iso": "0"}, "XK"),
        ({"country": "Democratic Republic of Congo", "iso": "180"}, "CD"),
        ({"country": "Democratic Republic of Congo", "iso": ""}, "CD"),
        ({"country": "Palestine", "iso": "275"}, "PS"),
        ({"country": "Some Renamed Country", "iso": "368"}, "IQ"),
        ({"country": "", "iso": "", "iso3": "SYR"}, "SY"),
    ],
)
def test_acled_country_from_name_then_iso_codes(cells, country):
    assert acled.parse(acled_row(**cells)).country == country


def test_acled_upper_case_header_of_older_exports_is_read():
    row = {k.upper(): v for k, v in acled_row().items()}
    incident = acled.parse(row)
    assert (incident.source_id, incident.country, incident.fatalities) == ("IRQ1", "IQ", 2)
    assert incident.data == row


def test_acled_missing_precisions_are_the_widest():
    incident = acled.parse(acled_row(time_precision="", geo_precision=""))
    assert (incident.date_precision, incident.location_precision) == (3, 3)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"event_date": "yesterday"},
            "event_date 'yesterday' is not a date (YYYY-MM-DD or '15 January 2024')",
        ),
        ({"event_id_cnty": " "}, "event_id_cnty is empty"),
        ({"event_type": "Bombing"}, "event_type 'Bombing' is not an ACLED event type"),
        (
            {"sub_event_type": "Peaceful protest"},
            "sub_event_type 'Peaceful protest' is not a sub-event type of Battles",
        ),
        ({"inter1": "9"}, "inter1 '9' is not an ACLED actor type"),
        ({"inter2": "Gang"}, "inter2 'Gang' is not an ACLED actor type"),
        ({"time_precision": "4"}, "time_precision 4 is not a precision code (expected 1, 2 or 3)"),
        ({"geo_precision": "0"}, "geo_precision 0 is not a precision code"),
        ({"latitude": "north"}, "latitude 'north' is not a number of degrees"),
        ({"latitude": "95.0"}, "latitude '95.0' is out of range (-90 to 90)"),
        ({"longitude": ""}, "longitude is empty but latitude is not"),
        ({"fatalities": "many"}, "fatalities 'many' is not a whole number"),
        ({"fatalities": "-1"}, "fatalities -1 is negative"),
        ({"fatalities": ""}, "fatalities is empty; expected a whole number"),
        ({"country": "Narnia", "iso": ""}, "no known country in country 'Narnia', iso ''"),
    ],
)
def test_acled_bad_cells_name_the_column_and_what_was_expected(cells, message):
    with pytest.raises(DatasetError) as caught:
        acled.parse(acled_row(**cells))
    assert message in caught.value.message
    assert caught.value.code == "bad_dataset_file"


def test_digest_tells_a_changed_row_from_an_unchanged_one():
    row = acled_row()
    first, again = acled.parse(row), acled.parse(dict(reversed(list(row.items()))))
    changed = acled.parse(acled_row(fatalities="3"))
    assert first.digest == again.digest != changed.digest
    expected = hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
    assert first.digest == expected


# --- UCDP GED files --------------------------------------------------------------------


def test_ucdp_sample_skips_the_hxl_row_and_reports_the_bad_row():
    items = list(read(UCDP_SAMPLE, "ucdp-ged"))
    assert len(incidents(items)) == 9
    assert [(b.line, b.message) for b in bad_rows(items)] == [
        (
            13,
            "type_of_violence 4 is not a UCDP type (expected 1 state-based, 2 non-state or 3 one-sided)",
        )
    ]
    lines = UCDP_SAMPLE.read_text(encoding="utf-8").splitlines()
    for incident in incidents(items):
        assert lines[incident.line - 1].startswith(incident.source_id + ",")


def test_ucdp_row_in_rasid_terms():
    syria = by_id(read(UCDP_SAMPLE, "ucdp-ged"))["301101"]
    assert (syria.dataset, syria.event_type, syria.sub_event_type) == (
        "ucdp-ged",
        "Battles",
        "Armed clash",
    )
    assert (syria.actor1, syria.actor1_type, syria.actor2, syria.actor2_type) == (
        "Government of Syria",
        "state_forces",
        "IS",
        "rebel_group",
    )
    assert (syria.country, syria.admin1, syria.admin2, syria.location) == (
        "SY",
        "Homs governorate",
        "Tadmur district",
        "Tadmur town",
    )
    assert (syria.lat, syria.lon, syria.location_precision) == (34.560278, 38.267222, 1)
    assert (syria.fatalities, syria.source) == (23, "SANA;Reuters")
    assert syria.notes == "Government of Syria - IS: 23 killed (low 20, high 30) in Tadmur town"
    assert syria.data["source_headline"].startswith("Army advances east of Palmyra,\n")


def test_ucdp_sample_types_countries_and_sources():
    rows = by_id(read(UCDP_SAMPLE, "ucdp-ged"))
    assert Counter(i.event_type for i in rows.values()) == {
        "Battles": 6,
        "Violence against civilians": 3,
    }
    assert rows["303377"].country == "CD"  # "DR Congo (Zaire)"
    assert rows["305521"].country == "YE"  # "Yemen (North Yemen)"
    assert rows["309965"].country == "MM"  # "Myanmar (Burma)"
    assert rows["307743"].source is None  # no source_office
    nigeria = rows["304410"]
    assert (nigeria.date_start, nigeria.date_end, nigeria.date_precision) == (
        dt.date(2018, 4, 1),
        dt.date(2018, 4, 30),
        3,
    )


@pytest.mark.parametrize(
    ("violence", "side_a", "side_b", "expected"),
    [
        ("1", "Government of Iraq", "IS", ("Battles", "state_forces", "rebel_group")),
        ("2", "KDP", "PUK", ("Battles", "political_militia", "political_militia")),
        ("3", "IS", "Civilians", ("Violence against civilians", "rebel_group", "civilians")),
        (
            "3",
            "Government of Iraq",
            "Civilians",
            ("Violence against civilians", "state_forces", "civilians"),
        ),
    ],
)
def test_ucdp_violence_type_and_sides_map_to_acled_terms(violence, side_a, side_b, expected):
    incident = ucdp.parse(ucdp_row(type_of_violence=violence, side_a=side_a, side_b=side_b))
    assert (incident.event_type, incident.actor1_type, incident.actor2_type) == expected
    assert incident.sub_event_type == ("Attack" if violence == "3" else "Armed clash")


@pytest.mark.parametrize(
    ("date_prec", "expected"), [("1", 1), ("2", 2), ("3", 2), ("4", 3), ("5", 3)]
)
def test_ucdp_date_precision(date_prec, expected):
    assert ucdp.parse(ucdp_row(date_prec=date_prec)).date_precision == expected


@pytest.mark.parametrize(
    ("where_prec", "expected"),
    [("1", 1), ("2", 2), ("3", 2), ("4", 3), ("5", 3), ("6", 3), ("7", 3), ("", None)],
)
def test_ucdp_place_precision(where_prec, expected):
    assert ucdp.parse(ucdp_row(where_prec=where_prec)).location_precision == expected


@pytest.mark.parametrize(
    ("cells", "country"),
    [
        ({"country": "Iraq (Kurdistan)"}, "IQ"),
        ({"country": "Russia (Soviet Union)", "iso3": ""}, "RU"),
        ({"country": "Cambodia (Kampuchea)", "iso3": ""}, "KH"),
        ({"country": "Mesopotamia", "iso3": "IRQ"}, "IQ"),
    ],
)
def test_ucdp_country_from_name_without_brackets_then_iso3(cells, country):
    assert ucdp.parse(ucdp_row(**cells)).country == country


def test_ucdp_date_with_a_time_is_read_as_its_day():
    incident = ucdp.parse(ucdp_row(date_start="2014-06-11 00:00:00.000", date_end="2014-06-12"))
    assert (incident.date_start, incident.date_end) == (dt.date(2014, 6, 11), dt.date(2014, 6, 12))


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"date_start": "2014-13-01"}, "date_start '2014-13-01' is not a date (YYYY-MM-DD)"),
        ({"date_end": "2014-06-01"}, "date_end 2014-06-01 is before date_start 2014-06-11"),
        ({"date_prec": "6"}, "date_prec 6 is not a UCDP date precision (expected 1 to 5)"),
        ({"where_prec": "0"}, "where_prec 0 is not a UCDP place precision"),
        ({"best": ""}, "best is empty; expected a whole number"),
        ({"side_b": ""}, "side_b is empty"),
        ({"id": ""}, "id is empty"),
        ({"country": "Atlantis", "iso3": "ZZZ"}, "no known country in country 'Atlantis'"),
    ],
)
def test_ucdp_bad_cells_name_the_column_and_what_was_expected(cells, message):
    with pytest.raises(DatasetError) as caught:
        ucdp.parse(ucdp_row(**cells))
    assert message in caught.value.message


# --- the file itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt", "hint"),
    [
        (UCDP_SAMPLE, "acled", "this looks like a UCDP GED file; use --format ucdp-ged"),
        (ACLED_SAMPLE, "ucdp-ged", "this looks like an ACLED export; use --format acled"),
    ],
)
def test_a_file_read_as_the_other_format_says_which_format_it_is(path, fmt, hint):
    with pytest.raises(DatasetError) as caught:
        read(path, fmt)
    assert caught.value.input == str(path)
    assert "missing columns" in caught.value.message and hint in caught.value.message


def test_missing_columns_are_named(tmp_path):
    header = [c for c in acled_row() if c not in ("fatalities", "country", "iso")]
    path = write_csv(tmp_path / "export.csv", [header])
    with pytest.raises(DatasetError, match=r"missing columns country \(or iso\), fatalities; "):
        read(path, "acled")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b" \r\n\n", "the file is empty"),
        (b"PK\x03\x04\x14\x00\x06\x00", "not CSV"),
        (b"\xff\xfee\x00v\x00", "NUL bytes"),
        (b"event_id_cnty,notes\nIRQ1,caf\xc3\xa9 \x81\x9d\n", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_files_that_cannot_be_imported_raise_before_any_row(tmp_path, content, message):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=message) as caught:
        read(path, "acled")
    assert caught.value.input == str(path)


def test_a_missing_file_raises_naming_it(tmp_path):
    with pytest.raises(DatasetError, match="cannot be read") as caught:
        read(tmp_path / "nowhere.csv", "ucdp-ged")
    assert caught.value.input == str(tmp_path / "nowhere.csv")


def test_a_header_without_rows_gives_nothing(tmp_path):
    path = write_csv(tmp_path / "export.csv", [list(acled_row())])
    assert list(read(path, "acled")) == []


def test_windows_1252_file_is_decoded(tmp_path):
    row = acled_row(country="Ivory Coast", iso="384", location="Bouaké")
    path = tmp_path / "export.csv"
    text = ",".join(row) + "\r\n" + ",".join(row.values()) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    (incident,) = read(path, "acled")
    assert (incident.location, incident.country) == ("Bouaké", "CI")


def test_gzip_file_reads_like_the_plain_one(tmp_path):
    path = tmp_path / "acled-sample.csv.gz"
    path.write_bytes(gzip.compress(ACLED_SAMPLE.read_bytes()))
    assert list(read(path, "acled")) == [
        BadRow(str(path), b.line, b.message) if isinstance(b, BadRow) else b
        for b in read(ACLED_SAMPLE, "acled")
    ]


def test_a_truncated_gzip_file_raises(tmp_path):
    path = tmp_path / "acled-sample.csv.gz"
    path.write_bytes(gzip.compress(ACLED_SAMPLE.read_bytes())[:-40])
    with pytest.raises(DatasetError, match="cannot be read"):
        read(path, "acled")


def test_semicolon_separated_export_is_read(tmp_path):
    row = acled_row(source="Rudaw; Shafaq News")
    path = write_csv(tmp_path / "export.csv", [list(row), list(row.values())], delimiter=";")
    (incident,) = read(path, "acled")
    assert (incident.source_id, incident.source) == ("IRQ1", "Rudaw; Shafaq News")


def test_short_long_and_unparsable_rows_cost_only_themselves(tmp_path):
    row = acled_row()
    header, cells = list(row), list(row.values())
    path = write_csv(
        tmp_path / "export.csv",
        [
            header,
            cells[:-1],
            [*cells, "extra"],
            [*cells[:-2], "x" * 200_000, cells[-1]],
            cells,
        ],
    )
    items = list(read(path, "acled"))
    assert [(b.line, b.message.split(";")[0]) for b in bad_rows(items)] == [
        (2, f"the row has {len(header) - 1} cells but the header has {len(header)} columns"),
        (3, f"the row has {len(header) + 1} cells but the header has {len(header)} columns"),
        (4, f"cell {len(cells) - 1} holds 200,000 characters"),
    ]
    assert [(i.line, i.source_id) for i in incidents(items)] == [(5, "IRQ1")]


def test_formats_and_unknown_format():
    assert FORMATS == ("acled", "ucdp-ged")
    with pytest.raises(ValueError, match="expected one of acled, ucdp-ged"):
        read(ACLED_SAMPLE, "gdelt")


# --- the shared UCDP GED Iraq file -----------------------------------------------------


@pytest.fixture(scope="module")
def iraq() -> list[ImportedIncident | BadRow]:
    if not UCDP_IRAQ.is_file():
        pytest.skip(f"{UCDP_IRAQ} not found: the shared development data is not beside the repo")
    return list(read(UCDP_IRAQ, "ucdp-ged"))


def test_ucdp_iraq_file_reads_every_event(iraq):
    assert len(iraq) == 7473 and not bad_rows(iraq)
    assert len({i.source_id for i in incidents(iraq)}) == 7473
    assert {i.country for i in incidents(iraq)} == {"IQ"}
    assert all(i.date_start <= i.date_end for i in incidents(iraq))


def test_ucdp_iraq_fatalities_and_types_match_the_file(iraq):
    with open(UCDP_IRAQ, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sum(i.fatalities for i in incidents(iraq)) == sum(int(r["best"]) for r in rows)
    one_sided = sum(1 for r in rows if r["type_of_violence"] == "3")
    assert Counter(i.event_type for i in incidents(iraq))["Violence against civilians"] == one_sided


@pytest.mark.parametrize("province", ["Nīnawá", "Şalāḩ ad Dīn"])
def test_ucdp_iraq_june_2014_offensive_shows_in_the_worst_hit_provinces(iraq, province):
    june_2014 = sum(
        i.fatalities
        for i in incidents(iraq)
        if (i.date_start.year, i.date_start.month) == (2014, 6) and province in (i.admin1 or "")
    )
    assert june_2014 > 1000
