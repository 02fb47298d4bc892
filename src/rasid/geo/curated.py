"""Load and validate ``data/curated.yaml``: Rasid's own places, governorates and countries.

The file is knowledge analysts edit, so every entry is checked at load and a
mistake fails loudly with the file and entry named (a latitude typed as 433.5
must not quietly put the Hamrin Mountains in the sea).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rasid.errors import KnowledgeError

SHIPPED = Path(__file__).parent / "data" / "curated.yaml"
SUPPORTED_VERSIONS = frozenset({1})

# Every kind a place can have, and the precision it gets unless the entry says otherwise
# (1 an exact place, 2 part of a region or near a town, 3 a province or wider).
KIND_PRECISION: dict[str, int] = {
    "country": 3,
    "admin1": 3,
    "region": 3,
    "district": 2,
    "town": 1,
    "neighbourhood": 1,
    "mountain": 2,
    "desert": 3,
    "valley": 2,
    "river": 3,
    "lake": 2,
    "dam": 1,
    "border": 3,
    "base": 1,  # a military base or air base
}
_PLACE_KEYS = frozenset(
    {"name", "kind", "country", "admin1", "admin2", "lat", "lon", "precision", "aliases"}
    | {"spans", "source"}
)
_ADMIN_KEYS = frozenset({"geonames", "iso", "capital", "lat", "lon", "aliases"})
_COUNTRY_KEYS = frozenset({"lat", "lon", "aliases", "source"})


@dataclass(frozen=True)
class Admin1:
    """One governorate: canonical English name and the codes other data uses for it."""

    name: str
    country: str
    geonames: str
    iso: str
    capital: str
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CuratedPlace:
    name: str
    kind: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    precision: int
    source: str
    admin2: str | None = None
    aliases: tuple[str, ...] = ()
    spans: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountryPoint:
    iso2: str
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()


@dataclass
class Curated:
    """The validated contents of one curated file."""

    path: str
    admin1: dict[str, dict[str, Admin1]] = field(default_factory=dict)
    places: list[CuratedPlace] = field(default_factory=list)
    countries: dict[str, CountryPoint] = field(default_factory=dict)

    def admin1_by_code(self, country: str, code: str) -> str | None:
        """Canonical governorate name for a GeoNames admin1 code ("IQ", "18" -> Salahuddin)."""
        for adm in self.admin1.get(country, {}).values():
            if adm.geonames == code:
                return adm.name
        return None


def _fail(path: str, where: str, message: str) -> KnowledgeError:
    return KnowledgeError(f"{where}: {message}", input=path)


def _point(path: str, where: str, entry: dict[str, Any]) -> tuple[float, float]:
    lat, lon = entry.get("lat"), entry.get("lon")
    if isinstance(lat, bool) or isinstance(lon, bool) or not isinstance(lat, (int, float)):
        raise _fail(path, where, f"lat must be a number, got {lat!r}")
    if not isinstance(lon, (int, float)):
        raise _fail(path, where, f"lon must be a number, got {lon!r}")
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise _fail(path, where, f"coordinates out of range: lat={lat}, lon={lon}")
    return float(lat), float(lon)


def _strings(path: str, where: str, value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, where, f"{what} must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _mapping(path: str, where: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, where, f"expected a mapping, got {type(value).__name__}")
    return value


def _admin1(path: str, data: Any) -> dict[str, dict[str, Admin1]]:
    out: dict[str, dict[str, Admin1]] = {}
    for country, table in _mapping(path, "admin1", data).items():
        rows: dict[str, Admin1] = {}
        for name, entry in _mapping(path, f"admin1.{country}", table).items():
            where = f"admin1.{country}.{name}"
            entry = _mapping(path, where, entry)
            if unknown := set(entry) - _ADMIN_KEYS:
                raise _fail(path, where, f"unknown keys {sorted(unknown)}")
            for k in ("geonames", "iso", "capital"):
                if not isinstance(entry.get(k), str) or not entry[k].strip():
                    raise _fail(path, where, f"{k} must be a non-empty string")
            lat, lon = _point(path, where, entry)
            aliases = _strings(path, where, entry.get("aliases"), "aliases")
            rows[name] = Admin1(
                str(name), str(country), entry["geonames"], entry["iso"], entry["capital"],
                lat, lon, aliases,
            )  # fmt: skip
        out[str(country)] = rows
    return out


def _place(path: str, i: int, entry: Any, admin1: dict[str, dict[str, Admin1]]) -> CuratedPlace:
    where = f"places[{i}]"
    entry = _mapping(path, where, entry)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, where, "name must be a non-empty string")
    where = f"places[{i}] ({name})"
    if unknown := set(entry) - _PLACE_KEYS:
        raise _fail(path, where, f"unknown keys {sorted(unknown)}")
    kind = entry.get("kind")
    if kind not in KIND_PRECISION:
        raise _fail(path, where, f"kind must be one of {sorted(KIND_PRECISION)}, got {kind!r}")
    country = entry.get("country")
    if not isinstance(country, str) or len(country) != 2 or not country.isupper():
        raise _fail(path, where, f"country must be an ISO2 code, got {country!r}")
    adm = entry.get("admin1")
    known = admin1.get(country, {})
    if adm is not None and (not isinstance(adm, str) or (known and adm not in known)):
        raise _fail(path, where, f"admin1 {adm!r} is not a canonical governorate of {country}")
    spans = _strings(path, where, entry.get("spans"), "spans")
    if bad := [s for s in spans if known and s not in known]:
        raise _fail(path, where, f"spans names unknown governorates {bad}")
    precision = entry.get("precision", KIND_PRECISION[kind])
    if precision not in (1, 2, 3):
        raise _fail(path, where, f"precision must be 1, 2 or 3, got {precision!r}")
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _fail(path, where, "source must say where the coordinates come from")
    lat, lon = _point(path, where, entry)
    admin2 = entry.get("admin2")
    if admin2 is not None and not isinstance(admin2, str):
        raise _fail(path, where, f"admin2 must be a string, got {admin2!r}")
    aliases = _strings(path, where, entry.get("aliases"), "aliases")
    return CuratedPlace(
        name.strip(), kind, country, adm, lat, lon, precision, source, admin2, aliases, spans
    )


def load_curated(path: str | Path | None = None) -> Curated:
    """Read and validate a curated gazetteer file (the shipped one by default)."""
    path = Path(path) if path is not None else SHIPPED
    label = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KnowledgeError(f"cannot read the gazetteer data ({exc})", input=label) from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"not valid YAML ({exc})", input=label) from exc
    data = _mapping(label, "file", data)
    if data.get("version") not in SUPPORTED_VERSIONS:
        raise _fail(label, "version", f"unsupported version {data.get('version')!r}")
    if unknown := set(data) - {"version", "countries", "admin1", "places"}:
        raise _fail(label, "file", f"unknown sections {sorted(unknown)}")
    out = Curated(label, admin1=_admin1(label, data.get("admin1") or {}))
    for iso2, entry in _mapping(label, "countries", data.get("countries") or {}).items():
        where = f"countries.{iso2}"
        entry = _mapping(label, where, entry)
        if unknown := set(entry) - _COUNTRY_KEYS:
            raise _fail(label, where, f"unknown keys {sorted(unknown)}")
        lat, lon = _point(label, where, entry)
        aliases = _strings(label, where, entry.get("aliases"), "aliases")
        out.countries[str(iso2)] = CountryPoint(str(iso2), lat, lon, aliases)
    places = data.get("places") or []
    if not isinstance(places, list):
        raise _fail(label, "places", "expected a list of places")
    out.places = [_place(label, i, e, out.admin1) for i, e in enumerate(places)]
    return out
