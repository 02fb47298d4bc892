"""Speed of trends and of a one-country weekly report on a large store.

Builds a SQLite store of N synthetic incidents (default 100,000: three years,
five countries, 18 provinces each, Poisson weekly counts) through the real
import path, then times ``rasid.watch.trends.compute`` (by admin1, by actor,
monthly) and a one-country weekly report (Markdown), each the best of 3 runs.
Target: under 2 s each at 100,000 incidents.

    python benchmarks/watch_speed.py [--incidents 100000] [--db PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from rasid.store.imported import import_incidents  # noqa: E402
from rasid.store.queries import Filters  # noqa: E402
from rasid.store.store import Store  # noqa: E402
from rasid.watch import trends  # noqa: E402
from watchkit import incident  # noqa: E402

AS_OF = dt.date(2024, 6, 16)
COUNTRIES = ("IQ", "SY", "YE", "SO", "ML")
TYPES = (
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
)
ACTORS = [f"Armed Group {i}" for i in range(60)]


def rows(n: int, seed: int = 3):
    rng = random.Random(seed)
    days = 3 * 365
    for i in range(n):
        day = AS_OF - dt.timedelta(days=rng.randrange(days))
        event_type, sub = rng.choice(TYPES)
        yield incident(
            i,
            day,
            f"Province {rng.randrange(18)}",
            actor1=rng.choice(ACTORS),
            event_type=event_type,
            sub_event_type=sub,
            fatalities=rng.choice((0, 0, 1, 2, 5)),
            country=rng.choice(COUNTRIES),
        )


def best_of(label: str, work, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    best = min(times)
    print(f"{label:<48} {best:6.2f} s (best of {runs})")
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--db", help="store to build (default: a temporary file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "speed.db"
        with Store(path) as store:
            t0 = time.perf_counter()
            report = import_incidents(store, rows(args.incidents), dataset="acled")
            spent = time.perf_counter() - t0
            print(f"import: {report.added} incidents in {spent:.1f} s "
                  f"({report.added / spent:,.0f} rows/s)")  # fmt: skip
            with store.connect() as conn:

                def compute(**kw):
                    return lambda: trends.compute(conn, trends.Options(as_of=AS_OF, **kw))

                worst = max(
                    best_of("trends by admin1, weeks (all countries)", compute()),
                    best_of("trends by admin1, weeks, one country", compute(
                        filters=Filters(country="IQ"))),
                    best_of("trends by actor, weeks", compute(by="actor")),
                    best_of("trends by admin1, months", compute(period="month")),
                )  # fmt: skip
                worst = max(worst, _report(conn))
        print(f"slowest: {worst:.2f} s (target: under 2 s)")
    return 0


def _report(conn) -> float:
    from rasid.watch import brief, brief_render, maps

    since, until = AS_OF - dt.timedelta(days=6), AS_OF

    def markdown():
        data = brief.build(conn, since=since, until=until, filters=Filters(country="IQ"))
        brief_render.markdown(data)

    def html():
        data = brief.build(conn, since=since, until=until, filters=Filters(country="IQ"))
        weekly = maps.weekly_png(data.weekly)
        drawn = maps.map_png(data.points, basemap=None, title="Incidents")
        brief_render.html_page(data, weekly_png=weekly, map_png=drawn)

    return max(
        best_of("one-country weekly report: the brief (Markdown)", markdown),
        best_of("one-country weekly report: HTML with chart and map", html),
    )


if __name__ == "__main__":
    sys.exit(main())
