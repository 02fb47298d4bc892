"""Publication dates and language detection, as the readers apply them."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.sources import detect_language, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-01-04", dt.date(2014, 1, 4)),
        ("2014-01-04T23:30:00-05:00", dt.date(2014, 1, 4)),  # the day as written
        ("2014-01-04T10:00:00Z", dt.date(2014, 1, 4)),
        ("Sat, 04 Jan 2014 10:00:00 GMT", dt.date(2014, 1, 4)),
        ("Mon, 22 May 2023 18:40:00 +0000", dt.date(2023, 5, 22)),
        ("December 31, 2024", dt.date(2024, 12, 31)),
        ("Dec 31, 2024", dt.date(2024, 12, 31)),
        ("31 December 2024", dt.date(2024, 12, 31)),
        ("31 décembre 2024", dt.date(2024, 12, 31)),
        ("2024/12/31", dt.date(2024, 12, 31)),
        ("31/12/2024", dt.date(2024, 12, 31)),
        (dt.datetime(2020, 2, 29, 23, 59), dt.date(2020, 2, 29)),
        (dt.date(2020, 2, 29), dt.date(2020, 2, 29)),
    ],
)
def test_parse_date_understands_what_sources_write(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "not a date", "yesterday", "2024", "04/01/2014", "2014-02-30", None, 1388793600, []],
)
def test_parse_date_refuses_rather_than_guesses(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "headline",
    [
        "Suicide bomber kills 19 at busy checkpoint near Samarra",
        "Iraqi forces pound Tarmiyah as attacks kill four",
        "Iraqi troops kill 9 Islamic State militants near Rutba",
        "Twin bombs in Basra market kill 21",
        "Peshmerga retake village near Makhmour from Islamic State",
        "IS claims Kirkuk attack",
        "Gunmen kill five",
    ],
)
def test_short_english_headlines_are_english(headline: str) -> None:
    assert detect_language(headline) == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Un kamikaze tue 34 personnes à un point de contrôle en Irak", "fr"),
        ("مقتل 34 شخصا في تفجير انتحاري عند نقطة تفتيش في العراق", "ar"),
        ("Смертник убил 34 человека на блокпосту в Ираке", "ru"),
        ("Atentado suicida deja 34 muertos en un puesto de control en Irak", "es"),
        ("Irak'ta kontrol noktasına intihar saldırısı: 34 ölü", "tr"),
    ],
)
def test_other_languages_are_recognised(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "Mosul", "12 killed", "   \n"])
def test_too_little_text_has_no_language(text: str) -> None:
    assert detect_language(text) is None
