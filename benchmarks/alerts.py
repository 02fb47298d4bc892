"""How often each alert method cries wolf, how soon it sees a real rise, and a real backtest.

1. Synthetic: many provinces of quiet Poisson weeks at several rates: false
   alarms per province-year for each method (ACLED's change level, surge and
   threat; the seasonal detector; the CUSUM), then a step rise (x2, x3) and the
   weeks each method takes to flag it.  The methods are the ones ``rasid
   trends`` runs (``rasid.watch.trends.unit_trend``), fed the series directly.
2. Backtest: import ``../shared/data/ucdp-ged-iraq-events.csv`` into a
   temporary store and replay it week by week as if live, with the shipped
   rules: which weeks and provinces each rule flags around the Islamic State
   offensive of June 2014 in Ninawa and Salah ad Din, how soon, and how many
   alerts per province-year each rule raises in quiet years.

    python benchmarks/alerts.py [--units 200] [--years 2004-2018]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from rasid.watch import acled_rules, periods, trends  # noqa: E402
from watchkit import poisson  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "ucdp-ged-iraq-events.csv"
METHODS = ("change-level", "surge", "threat", "detector", "cusum")
HISTORY = trends.HISTORY["week"]


def fired(series: list[int]) -> set[str]:
    """The methods that fire on the last week of ``series`` (weekly, oldest first)."""
    options = trends.Options(by="admin1")
    window = series[-HISTORY:]
    u = trends.unit_trend("x", window, [0] * len(window), {"IQ"}, options, None)
    weeks = [float(v) for v in window[-56:]]
    out = set()
    if u.level == acled_rules.LARGE_INCREASE and u.events >= 6:  # as the shipped rule
        out.add("change-level")
    if acled_rules.surge(weeks):
        out.add("surge")
    if acled_rules.threat(weeks):
        out.add("threat")
    if u.detector.alarm:
        out.add("detector")
    if u.cusum:
        out.add("cusum")
    return out


def synthetic(units: int, seed: int) -> None:
    print("== Synthetic provinces (Poisson weeks), one year judged after three of history:")
    print("   alerts per province-year (a method's alert fires when a province enters its state)")
    print(f"{'rate/week':>9}  " + "  ".join(f"{m:>12}" for m in METHODS))
    rng = random.Random(seed)
    for mean in (0.5, 1.0, 3.0, 10.0, 30.0):
        alarms = Counter()
        for _ in range(units):
            series = [poisson(rng, mean) for _ in range(HISTORY + 52)]
            before = fired(series[:HISTORY])
            for t in range(HISTORY, HISTORY + 52):
                now = fired(series[: t + 1])
                alarms.update(now - before)
                before = now
        cells = "  ".join(f"{alarms[m] / units:>12.2f}" for m in METHODS)
        print(f"{mean:>9}  {cells}   ({units} provinces)")
    print()
    print("== Weeks to flag a step rise (median over provinces; '-' = not within 12 weeks)")
    print(f"{'rise':>14}  " + "  ".join(f"{m:>12}" for m in METHODS))
    for mean, factor in ((1.0, 3.0), (3.0, 2.0), (3.0, 3.0), (10.0, 2.0)):
        delays = defaultdict(list)
        for _ in range(units):
            series = [poisson(rng, mean) for _ in range(HISTORY)]
            seen: dict[str, int] = {}
            for week in range(12):
                series.append(poisson(rng, mean * factor))
                for m in fired(series):
                    seen.setdefault(m, week + 1)
            for m in METHODS:
                delays[m].append(seen.get(m, 99))
        cells = []
        for m in METHODS:
            median = sorted(delays[m])[len(delays[m]) // 2]
            share = sum(d <= 12 for d in delays[m]) / units
            cells.append(f"{'-' if median > 12 else median:>5} ({share:>4.0%})")
        print(f"{mean:>5} -> x{factor:<5}  " + "  ".join(f"{c:>12}" for c in cells))
    print("   (in brackets: share of provinces flagged within 12 weeks)")
    print()


def backtest(first: int, last: int) -> None:
    if not SHARED.exists():
        print(f"== Backtest skipped: {SHARED} is absent (../shared)")
        return
    from rasid.datasets import read
    from rasid.geo import Gazetteer
    from rasid.store.imported import import_incidents
    from rasid.store.store import Store
    from rasid.watch import alerts, rules

    shipped = [r for r in rules.load(None) if r.method != "threshold"]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "ucdp.db") as store:
        t0 = time.perf_counter()
        report = import_incidents(
            store, read(SHARED, "ucdp-ged"), dataset="ucdp-ged",
            admin1_name=Gazetteer.load().canonical_admin1,
        )  # fmt: skip
        print(f"== Backtest: UCDP GED Iraq ({report.added} incidents imported in "
              f"{time.perf_counter() - t0:.1f} s), weekly replay {first}-{last}")  # fmt: skip
        day = periods.latest("week", dt.date(first, 1, 7)).end
        end = dt.date(last, 12, 31)
        by_rule_year: dict[str, Counter] = defaultdict(Counter)
        offensive: dict[tuple[str, str], dt.date] = {}
        weeks = 0
        t0 = time.perf_counter()
        with store.connect() as conn:
            while day <= end:
                for alert in alerts.evaluate(conn, shipped, day):
                    by_rule_year[alert["rule"]][(alert["unit"], day.year)] += 1
                    if dt.date(2014, 5, 1) <= day <= dt.date(2014, 7, 31):
                        offensive.setdefault((alert["rule"], alert["unit"]), day)
                day += dt.timedelta(days=7)
                weeks += 1
        spent = time.perf_counter() - t0
        print(f"   {weeks} weeks replayed in {spent:.1f} s ({spent / weeks * 1000:.0f} ms a week)")
    print("   The offensive (Mosul fell on 2014-06-10; Tikrit on 2014-06-11): first week flagged")
    for province in ("Nineveh", "Salahuddin"):
        flagged = sorted((d, r) for (r, u), d in offensive.items() if u == province)
        text = ", ".join(f"{r} {d.isoformat()}" for d, r in flagged) or "not flagged"
        print(f"   {province:<11} {text}")
    quiet = [y for y in range(first, last + 1) if y not in (2006, 2007, 2014, 2015, 2016, 2017)]
    print(f"   Alerts per province-year in quieter years ({', '.join(map(str, quiet))}):")
    provinces = 18
    for rule in sorted(by_rule_year):
        counts = by_rule_year[rule]
        n = sum(v for (_, year), v in counts.items() if year in quiet)
        per = n / (provinces * len(quiet)) if quiet else 0.0
        busiest = Counter({u: v for (u, year), v in counts.items() if year in quiet})
        top = ", ".join(f"{u} {v}" for u, v in busiest.most_common(3))
        print(f"   {rule:<18} {per:>5.2f} per province-year  (most: {top or '-'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200, help="synthetic provinces per rate")
    parser.add_argument("--years", default="2004-2018", help="backtest years, FIRST-LAST")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-backtest", action="store_true")
    args = parser.parse_args()
    synthetic(args.units, args.seed)
    if not args.skip_backtest:
        first, last = (int(y) for y in args.years.split("-"))
        backtest(first, last)
    return 0


if __name__ == "__main__":
    sys.exit(main())
