"""Date finding and resolution against the publication date (news conventions)."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid import nlp
from rasid.extract.dates import find_dates, resolve

D = dt.date
TUE = D(2024, 12, 31)  # a Tuesday, the last day of a (leap) year
SUN = D(2024, 6, 9)  # a Sunday
MAR = D(2025, 3, 3)  # a Monday early in the year: dates without a year fall back to 2024


@pytest.fixture(scope="module")
def pipeline():
    return nlp.load()


# expression, published, start_date, end_date, precision, matched text (None: whole expression)
ROWS = [
    # weekdays: latest before publication, or publication day itself
    ("Sunday", TUE, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("on Sunday", TUE, D(2024, 12, 29), D(2024, 12, 29), 1, "Sunday"),
    ("Monday", TUE, D(2024, 12, 30), D(2024, 12, 30), 1, None),
    ("Tuesday", TUE, TUE, TUE, 1, None),
    ("Wednesday", TUE, D(2024, 12, 25), D(2024, 12, 25), 1, None),
    ("last Sunday", TUE, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("last Sunday", SUN, D(2024, 6, 2), D(2024, 6, 2), 1, None),  # "last" on that day: a week ago
    ("Monday's attack", TUE, D(2024, 12, 30), D(2024, 12, 30), 1, "Monday"),
    ("late Sunday night", TUE, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("Sunday, December 29", TUE, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("Bloody Sunday", TUE, None, None, None, "not a date"),
    # days around publication
    ("today", TUE, TUE, TUE, 1, None),
    ("this morning", TUE, TUE, TUE, 1, None),
    ("tonight", TUE, TUE, TUE, 1, None),
    ("earlier today", TUE, TUE, TUE, 1, None),
    ("yesterday", TUE, D(2024, 12, 30), D(2024, 12, 30), 1, None),
    ("last night", MAR, D(2025, 3, 2), D(2025, 3, 2), 1, None),
    ("overnight", MAR, D(2025, 3, 2), D(2025, 3, 2), 1, None),
    ("the day before yesterday", MAR, D(2025, 3, 1), D(2025, 3, 1), 1, None),
    # vague recent periods
    ("a few days ago", TUE, D(2024, 12, 24), D(2024, 12, 30), 2, None),
    ("in recent days", TUE, D(2024, 12, 24), D(2024, 12, 30), 2, "recent days"),
    ("over the past few days", TUE, D(2024, 12, 24), D(2024, 12, 30), 2, "the past few days"),
    ("days ago", TUE, D(2024, 12, 24), D(2024, 12, 30), 2, None),
    ("two days ago", TUE, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("last week", TUE, D(2024, 12, 24), D(2024, 12, 30), 2, None),
    ("this week", TUE, D(2024, 12, 25), TUE, 2, None),
    ("earlier this week", TUE, D(2024, 12, 25), D(2024, 12, 30), 2, None),
    ("the past week", TUE, D(2024, 12, 25), TUE, 2, None),
    ("last month", MAR, D(2025, 2, 1), D(2025, 2, 28), 3, None),
    ("last month", D(2025, 1, 15), D(2024, 12, 1), D(2024, 12, 31), 3, None),
    ("earlier this month", D(2024, 12, 10), D(2024, 12, 1), D(2024, 12, 10), 3, None),
    ("this month", D(2024, 12, 10), D(2024, 12, 1), D(2024, 12, 10), 3, None),
    ("recently", TUE, D(2024, 12, 1), TUE, 3, None),
    ("last year", MAR, D(2024, 1, 1), D(2024, 12, 31), 3, None),
    ("over the weekend", TUE, D(2024, 12, 28), D(2024, 12, 29), 2, "the weekend"),
    # periods counted back from publication
    ("in the past three weeks", TUE, D(2024, 12, 10), TUE, 2, "the past three weeks"),
    ("the past 24 hours", TUE, D(2024, 12, 30), TUE, 2, None),
    ("the last two years", TUE, D(2022, 12, 31), TUE, 3, None),
    ("two months ago", TUE, D(2024, 10, 1), D(2024, 10, 31), 3, None),
    # absolute days: a missing year is the latest one on or before publication
    ("December 29", TUE, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("Dec. 29", MAR, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("29 December", MAR, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("the 3rd of March", MAR, D(2025, 3, 3), D(2025, 3, 3), 1, None),
    ("March 4", MAR, D(2024, 3, 4), D(2024, 3, 4), 1, None),  # the day after: last year's
    ("Sept. 17", TUE, D(2024, 9, 17), D(2024, 9, 17), 1, None),
    ("on Dec 5", TUE, D(2024, 12, 5), D(2024, 12, 5), 1, "Dec 5"),
    ("Feb. 29", MAR, D(2024, 2, 29), D(2024, 2, 29), 1, None),
    ("December 29, 2024", MAR, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("2024-12-29", MAR, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("29/12/2024", MAR, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("12/29/2024", MAR, D(2024, 12, 29), D(2024, 12, 29), 1, None),  # only month-first fits
    ("December 1-5", TUE, D(2024, 12, 1), D(2024, 12, 5), 2, None),
    ("29-Dec-2024", MAR, D(2024, 12, 29), D(2024, 12, 29), 1, None),
    ("1 Jan. '25", MAR, D(2025, 1, 1), D(2025, 1, 1), 1, None),
    ("the 12th", TUE, D(2024, 12, 12), D(2024, 12, 12), 1, None),  # via dateparser
    ("Feb 30", TUE, None, None, None, None),  # nonsense: kept, unresolved
    # months
    ("December 2024", MAR, D(2024, 12, 1), D(2024, 12, 31), 3, None),
    ("in December", MAR, D(2024, 12, 1), D(2024, 12, 31), 3, "December"),
    ("in May", TUE, D(2024, 5, 1), D(2024, 5, 31), 3, "May"),
    ("early December", TUE, D(2024, 12, 1), D(2024, 12, 10), 2, None),
    ("may", TUE, None, None, None, "not a date"),
    # years and ranges of years
    ("in 2024", TUE, D(2024, 1, 1), D(2024, 12, 31), 3, "2024"),
    ("from 2014 to 2017", TUE, D(2014, 1, 1), D(2017, 12, 31), 3, None),
    ("between 2014 and 2017", TUE, D(2014, 1, 1), D(2017, 12, 31), 3, None),
    # a comma closing the first date of a release's range
    ("between Dec. 30, 2018, - Jan. 6, 2019", TUE, D(2018, 12, 30), D(2019, 1, 6), 2, None),
    ("2014-2017", TUE, D(2014, 1, 1), D(2017, 12, 31), 3, None),
    ("2014–17", TUE, D(2014, 1, 1), D(2017, 12, 31), 3, None),
    ("from December 2023 to February 2024", TUE, D(2023, 12, 1), D(2024, 2, 29), 3, None),
    ("the 1990s", TUE, D(1990, 1, 1), D(1999, 12, 31), 3, None),
    ("mid-2014", TUE, D(2014, 5, 1), D(2014, 8, 31), 3, None),
    ("the end of 2014", TUE, D(2014, 10, 1), D(2014, 12, 31), 3, None),
    ("the late 1980s", TUE, D(1986, 1, 1), D(1989, 12, 31), 3, None),
    ("the 19th century", TUE, D(1801, 1, 1), D(1900, 12, 31), 3, None),
    ("earlier in the week", TUE, D(2024, 12, 25), D(2024, 12, 30), 2, None),
    ("the 21st-century war", TUE, None, None, None, "not a date"),
    # durations, ages and numbers are not dates
    ("for three days", TUE, None, None, None, "not a date"),
    ("three weeks", TUE, None, None, None, "not a date"),
    ("two years", TUE, None, None, None, "not a date"),
    ("24 hours", TUE, None, None, None, "not a date"),
    ("28-year-old", TUE, None, None, None, "not a date"),
    ("341", TUE, None, None, None, "not a date"),
    ("Resolution 2254", TUE, None, None, None, "not a date"),
]


@pytest.mark.parametrize(("expr", "published", "first", "last", "precision", "text"), ROWS)
def test_resolve(expr, published, first, last, precision, text):
    m = resolve(expr, published)
    if text == "not a date":
        assert m is None
        return
    assert m is not None
    assert (m.start_date, m.end_date, m.precision) == (first, last, precision)
    assert m.text == (text or expr)
    assert expr[m.start : m.end] == m.text


def test_relative_without_publication_date_is_kept_unresolved():
    for expr in ["Sunday", "yesterday", "a few days ago", "Dec. 29", "last month", "in December"]:
        m = resolve(expr, None)
        assert m is not None and m.text in expr
        assert (m.start_date, m.end_date, m.precision) == (None, None, None)


def test_absolute_without_publication_date_resolves():
    assert resolve("December 29, 2024", None).start_date == D(2024, 12, 29)
    assert resolve("from 2014 to 2017", None).end_date == D(2017, 12, 31)


def test_dateparser_handles_what_the_rules_miss():
    m = resolve("29.12.24", TUE)  # two-digit year: no rule, dateparser's day-first reading
    assert (m.start_date, m.precision, m.text) == (D(2024, 12, 29), 1, "29.12.24")
    m = resolve("2024/12", None)
    assert (m.start_date, m.end_date, m.precision) == (D(2024, 12, 1), D(2024, 12, 31), 3)


def test_publication_dates_at_the_ends_of_the_calendar_do_not_raise():
    assert resolve("a few days ago", D(1, 1, 2)).start_date is None
    assert resolve("next month", D(9999, 12, 30)).start_date is None
    assert resolve("5 pm", D(1, 1, 1)) is None


REPORT = (
    "BAGHDAD (Reuters) - Iraq's Counter-Terrorism Service announced on Monday that it killed 7 "
    "Islamic State fighters in an air strike in the Hamrin mountains. The service said it carried "
    "out 341 security operations in 2024. A 28-year-old officer was wounded on Dec. 29, and two "
    "civilians died overnight when a roadside bomb hit their car near Tuz Khurmatu. The group held "
    "the city from 2014 to 2017 and attacked a checkpoint a few days ago, police said. Fighting in "
    "mid-2014 lasted for three days, and 2000 troops were sent to the area in the past three "
    "weeks. The Sunday Times reported that the army's Sunday offensive ended on 29/12/2024."
)

EXPECTED = [
    ("Monday", D(2024, 12, 30), D(2024, 12, 30), 1),
    ("2024", D(2024, 1, 1), D(2024, 12, 31), 3),
    ("Dec. 29", D(2024, 12, 29), D(2024, 12, 29), 1),
    ("overnight", D(2024, 12, 30), D(2024, 12, 30), 1),
    ("from 2014 to 2017", D(2014, 1, 1), D(2017, 12, 31), 3),
    ("a few days ago", D(2024, 12, 24), D(2024, 12, 30), 2),
    ("mid-2014", D(2014, 5, 1), D(2014, 8, 31), 3),
    ("the past three weeks", D(2024, 12, 10), TUE, 2),
    ("Sunday", D(2024, 12, 29), D(2024, 12, 29), 1),
    ("29/12/2024", D(2024, 12, 29), D(2024, 12, 29), 1),
]


def test_find_dates_in_a_report(pipeline):
    doc = pipeline(REPORT)
    found = find_dates(doc, TUE)
    for m in found:
        assert doc.text[m.start : m.end] == m.text
    got = [(m.text, m.start_date, m.end_date, m.precision) for m in found]
    # Not dates: 341 operations, the 28-year-old, three days, 2000 troops, the Sunday Times.
    assert got == EXPECTED
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert found[0].start == REPORT.index("Monday")


def test_find_dates_without_publication_date(pipeline):
    found = find_dates(pipeline(REPORT), None)
    assert [m.text for m in found] == [e[0] for e in EXPECTED]
    resolved = {m.text: m.start_date for m in found if m.start_date}
    assert resolved == {
        "2024": D(2024, 1, 1),
        "from 2014 to 2017": D(2014, 1, 1),
        "mid-2014": D(2014, 5, 1),
        "29/12/2024": D(2024, 12, 29),
    }


def test_names_and_counts_are_not_dates(pipeline):
    text = "In 2000 attacks were recorded. In 2000 the war began. Bloody Sunday was recalled."
    found = find_dates(pipeline(text), TUE)
    assert [(m.text, m.start) for m in found] == [("2000", text.index("2000 the"))]


def test_spacy_dates_the_rules_miss_are_kept_unresolved(pipeline):
    doc = pipeline("The same day, during Ramadan, militants attacked a convoy.")
    found = find_dates(doc, TUE)
    assert found and all(m.start_date is None for m in found)
    assert all(doc.text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1" * 10_000,
        "٢٠٢٤/١٢/٢٩ قتل ٧ مسلحين 🙂 on Sunday — “Dec. 29” ½ 2024-13-45",
        "\x00\ufeff",
    ],
)
def test_odd_input_does_not_crash(pipeline, text):
    doc = pipeline(text)
    for published in (TUE, None):
        for m in find_dates(doc, published):
            assert doc.text[m.start : m.end] == m.text
    resolve(text, TUE)
