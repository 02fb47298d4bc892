"""`rasid trends`: ACLED's change levels, surge and threat, the statistical detectors and
coverage normalisation, on synthetic stores whose surge week is known."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from rasid.cli import main
from rasid.store.imported import import_incidents
from rasid.store.store import Store
from rasid.watch import acled_rules, periods, trends
from storekit import db_url  # noqa: F401 - fixture
from watchkit import QUIET, SURGE_WEEK_END, SURGING, incident, weekly_store_rows

SURGE_WEEK = periods.Period(SURGE_WEEK_END - dt.timedelta(days=6), SURGE_WEEK_END)


def _store(tmp_path_factory, name: str, **kw) -> str:
    path = tmp_path_factory.mktemp("trends") / f"{name}.db"
    with Store(path) as store:
        import_incidents(store, weekly_store_rows(**kw), dataset="acled")
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def steady_store(tmp_path_factory):
    """Three incidents a week in every province for three years, then 14 in one."""
    return _store(tmp_path_factory, "steady", noise=False)


@pytest.fixture(scope="module")
def surge_store(tmp_path_factory):
    """The same with Poisson noise: quiet weeks vary as real ones do."""
    return _store(tmp_path_factory, "surge")


def _compute(url: str, as_of: dt.date, **kw) -> trends.Trends:
    with Store(url) as store, store.connect() as conn:
        return trends.compute(conn, trends.Options(as_of=as_of, **kw))


@pytest.mark.parametrize(
    ("latest", "baseline", "level"),
    [
        (10, 4.0, acled_rules.LARGE_INCREASE),
        (5, 2.0, acled_rules.LIMITED_CHANGE),  # small baseline, few events: limited change
        (5, 4.0, acled_rules.MODERATE_INCREASE),  # +25 % exactly
        (12, 10.0, acled_rules.MODERATE_INCREASE),  # +20 %
        (11, 10.0, acled_rules.MODERATE_INCREASE),  # +10 % exactly
        (10, 10.0, acled_rules.LIMITED_CHANGE),
        (75, 100.0, acled_rules.LIMITED_CHANGE),  # -25 % exactly
        (7, 10.0, acled_rules.LARGE_DECREASE),
        (6, 0.0, acled_rules.LARGE_INCREASE),  # from nothing to more than 5
        (3, 0.0, acled_rules.LIMITED_CHANGE),
    ],
)
def test_acled_change_levels(latest, baseline, level):
    assert acled_rules.change_level(latest, baseline) == level


def test_acled_weeks_run_saturday_to_friday():
    week = periods.latest("week", dt.date(2024, 6, 16))  # a Sunday
    assert (week.start.weekday(), week.end) == (5, dt.date(2024, 6, 14))
    assert periods.latest("week", dt.date(2024, 6, 14)).end == dt.date(2024, 6, 14)
    assert periods.latest("month", dt.date(2024, 6, 30)).label("month") == "2024-06"
    assert periods.latest("month", dt.date(2024, 6, 29)).label("month") == "2024-05"


def _fired(u: trends.UnitTrend) -> list[str]:
    flags = {
        "change level": u.level == acled_rules.LARGE_INCREASE,
        "surge": bool(u.surge),
        "threat": bool(u.threat),
        "detector": u.detector.alarm,
        "cusum": u.cusum,
    }
    return [name for name, fired in flags.items() if fired]


def test_every_rule_fires_in_the_surge_week_and_in_no_quiet_week(steady_store):
    result = _compute(steady_store, SURGE_WEEK_END)
    assert result.latest == SURGE_WEEK
    by_unit = {u.unit: u for u in result.units}
    assert by_unit[SURGING].events == 14
    assert _fired(by_unit[SURGING]) == ["change level", "surge", "detector", "cusum"]
    assert not any(_fired(by_unit[name]) for name in QUIET)
    for back in range(1, 53):  # the year of quiet weeks before
        quiet = _compute(steady_store, SURGE_WEEK_END - dt.timedelta(days=7 * back))
        assert not [(u.unit, _fired(u)) for u in quiet.units if _fired(u)], back


def test_under_poisson_noise_the_surge_is_found_and_false_alarms_are_rare(surge_store):
    result = _compute(surge_store, SURGE_WEEK_END)
    surging = next(u for u in result.units if u.unit == SURGING)
    assert surging.surge and surging.detector.alarm and surging.level == "large increase"
    weeks = 26
    alarms = sum(
        u.detector.alarm
        for back in range(1, weeks + 1)
        for u in _compute(surge_store, SURGE_WEEK_END - dt.timedelta(days=7 * back)).units
    )
    # the detector's stated rate is 1 % per unit and week: 4 units x 26 weeks
    assert alarms <= 3


def test_counts_are_the_stores_own(surge_store):
    result = _compute(surge_store, SURGE_WEEK_END, events="all")
    total = sum(u.events for u in result.units)
    with Store(surge_store) as store, store.connect() as conn:
        from sqlalchemy import func, select

        from rasid.store.models import ClusterRow

        stored = conn.execute(
            select(func.count())
            .select_from(ClusterRow)
            .where(ClusterRow.date_start.between(SURGE_WEEK.start, SURGE_WEEK.end))
        ).scalar_one()
    assert total == stored
    surging = next(u for u in result.units if u.unit == SURGING)
    assert len(surging.incidents) == surging.events  # every count has its incidents


def test_threat_needs_a_month_well_above_the_year(tmp_path):
    rows, n = [], 0
    start = SURGE_WEEK_END - dt.timedelta(days=7 * 60)
    for w in range(61):
        day = start + dt.timedelta(days=7 * w)
        per_week = 1 if w < 57 else 4  # a year at 1 a week, then 4 weeks at 4
        for _ in range(per_week):
            n += 1
            rows.append(incident(n, day, "Diyala"))
    with Store(tmp_path / "t.db") as store:
        import_incidents(store, rows, dataset="acled")
    result = _compute(f"sqlite:///{tmp_path / 't.db'}", SURGE_WEEK_END)
    (diyala,) = result.units
    assert diyala.threat is True
    assert diyala.surge is False  # 4 this week on a 4-week mean of 3.25: not doubled


def test_emerging_actor_is_new_to_the_country(tmp_path):
    rows = [
        incident(1, SURGE_WEEK_END - dt.timedelta(days=200), "Kirkuk", actor1="Old Brigade"),
        incident(2, SURGE_WEEK_END - dt.timedelta(days=3), "Kirkuk", actor1="Old Brigade"),
        incident(3, SURGE_WEEK_END - dt.timedelta(days=10), "Kirkuk", actor1="New Front"),
        incident(4, SURGE_WEEK_END - dt.timedelta(days=2), "Kirkuk", actor1="Iraqi Army",
                 actor1_type="state_forces"),
    ]  # fmt: skip
    with Store(tmp_path / "e.db") as store:
        import_incidents(store, rows, dataset="acled")
    result = _compute(f"sqlite:///{tmp_path / 'e.db'}", SURGE_WEEK_END)
    assert [e.actor for e in result.emerging] == ["New Front"]


def test_coverage_normalisation_reads_a_doubled_feed_as_no_change(db_url):  # noqa: F811
    """Rasid-coded incidents: a week with twice the articles and twice the incidents is
    'no change' at baseline coverage."""
    from sqlalchemy import insert, update

    from rasid.store.models import ArticleRow, ClusterRow

    rows, n = [], 0
    for w in range(5):
        end = SURGE_WEEK_END - dt.timedelta(days=7 * (4 - w))
        per_week = 6 if w < 4 else 12
        for _ in range(per_week):
            n += 1
            rows.append(incident(n, end, "Basra"))
    with Store(db_url) as store:
        import_incidents(store, rows, dataset="acled")
        with store.engine.begin() as conn:  # make them look coded from articles
            conn.execute(update(ClusterRow).values(origin="rasid"))
            conn.execute(update(ArticleRow).values(dataset=None))
            articles = [
                {
                    "id": f"feed-{w}-{i}",
                    "published": SURGE_WEEK_END - dt.timedelta(days=7 * (4 - w)),
                }
                | {"content_hash": "x", "extractor_version": "x", "n_events": 0}
                for w in range(5)
                for i in range(40 if w < 4 else 80)
            ]
            conn.execute(insert(ArticleRow), articles)
        with store.connect() as conn:
            result = trends.compute(conn, trends.Options(as_of=SURGE_WEEK_END))
    (basra,) = result.units
    assert basra.change == pytest.approx(12 / 6 - 1, abs=0.01)  # raw: doubled
    assert result.articles == 80 + 12 and result.articles_baseline == pytest.approx(46)
    assert basra.normalised_events == pytest.approx(12 * 46 / 92)
    assert abs(basra.normalised_change) < 0.05


def test_cli_trends_formats_and_chart(surge_store, tmp_path):
    runner = CliRunner()
    args = ["trends", "--db", surge_store, "--as-of", SURGE_WEEK_END.isoformat()]
    table = runner.invoke(main, args)
    assert table.exit_code == 0, table.output
    assert SURGING in table.stdout and "large increase" in table.stdout
    data = json.loads(runner.invoke(main, [*args, "--format", "json"]).stdout)
    assert data["latest"] == {"start": SURGE_WEEK.start.isoformat(), "end": "2024-06-14"}
    assert data["units"][0]["unit"] == SURGING
    csv_out = runner.invoke(main, [*args, "--format", "csv"]).stdout.splitlines()
    assert csv_out[0].startswith("unit,country,events") and len(csv_out) == 1 + len(data["units"])
    chart = tmp_path / "trend.png"
    drawn = runner.invoke(main, [*args, "--plot", str(chart), "--period", "month"])
    assert drawn.exit_code == 0, drawn.output
    assert chart.read_bytes()[:4] == b"\x89PNG"
    bad = runner.invoke(main, [*args, "--plot", str(tmp_path / "trend.gif")])
    assert bad.exit_code == 1 and ".png or .svg" in bad.output


def test_trends_on_an_empty_window_say_where_the_data_is(surge_store):
    result = CliRunner().invoke(main, ["trends", "--db", surge_store, "--as-of", "2030-01-01"])
    assert result.exit_code == 0
    assert "No violent incidents" in result.stdout and "--as-of" in result.stdout
