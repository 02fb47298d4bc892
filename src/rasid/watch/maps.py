"""The brief's static figures, drawn offline with matplotlib: a map and a weekly chart (PNG).

The map puts the window's incidents on longitude/latitude axes (equal-aspect
at the map's middle latitude, so a degree east is as long as it is on the
ground there), each a dot sized by its fatalities and coloured by its event
type, and names each admin1 at the centroid of its incidents.  Country
boundaries are Natural Earth's, shipped in a package (``rasid.geo.boundaries``),
or come from a GeoJSON file the user gives (``--basemap``); nothing is fetched.
"""

from __future__ import annotations

import io
import json
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from rasid.errors import RasidError

from .charts import _pyplot

Ring = list[tuple[float, float]]  # (lon, lat) points of one outline

TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Riots": "#6d4c41",
    "Protests": "#2471a3",
    "Strategic developments": "#7f8c8d",
}
OTHER_COLOUR = "#16a085"
LABELLED = 12  # admin1 names written on the map: the busiest
GEOJSON_TYPES = frozenset(
    {"FeatureCollection", "Feature", "GeometryCollection", "Polygon", "MultiPolygon"}
    | {"Point", "MultiPoint", "LineString", "MultiLineString"}
)


def load_basemap(path: Path) -> list[Ring]:
    """The polygon outlines of a GeoJSON file; a RasidError naming the file otherwise."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        message = f"cannot read the basemap ({error.strerror or error})"
        raise RasidError(message, input=str(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RasidError(f"not GeoJSON: not a JSON file ({error})", input=str(path)) from None
    if not isinstance(data, dict) or data.get("type") not in GEOJSON_TYPES:
        raise RasidError(
            "not GeoJSON: expected an object whose type is FeatureCollection, Feature "
            "or a geometry", input=str(path),
        )  # fmt: skip
    try:
        rings = list(_rings(data))
    except (TypeError, ValueError, KeyError, IndexError) as error:
        raise RasidError(f"not GeoJSON: bad coordinates ({error})", input=str(path)) from None
    if not rings:
        raise RasidError("holds no Polygon or MultiPolygon to draw", input=str(path))
    return rings


def _rings(obj: Any) -> Iterator[Ring]:
    if not isinstance(obj, dict):
        return
    kind = obj.get("type")
    if kind == "FeatureCollection":
        for feature in obj.get("features") or []:
            yield from _rings(feature)
    elif kind == "Feature":
        yield from _rings(obj.get("geometry"))
    elif kind == "GeometryCollection":
        for geometry in obj.get("geometries") or []:
            yield from _rings(geometry)
    elif kind in ("Polygon", "MultiPolygon"):
        polygons = obj["coordinates"] if kind == "MultiPolygon" else [obj["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                if len(ring) >= 2:
                    yield [(float(p[0]), float(p[1])) for p in ring]


def countries_around(points: Sequence[dict[str, Any]], margin: float = 4.0) -> list[Ring]:
    """Natural Earth's country outlines around the incidents (all of them with none)."""
    from rasid.geo import boundaries

    extra = boundaries.user_basemap()
    imported = load_basemap(extra) if extra else []  # admin1 outlines a user imported
    if not points:
        return boundaries.rings() + imported
    lons, lats = [p["lon"] for p in points], [p["lat"] for p in points]
    box = (min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin)
    return boundaries.rings(box) + [r for r in imported if boundaries._meets(r, box)]


def map_png(
    points: Sequence[dict[str, Any]], *, basemap: list[Ring] | None = None, title: str = ""
) -> bytes:
    """The incidents ``points`` (lat, lon, fatalities, event_type, admin1) as a PNG map."""
    plt = _pyplot()
    from matplotlib import patheffects
    from matplotlib.collections import LineCollection

    fig, ax = plt.subplots(figsize=(7.2, 4.8), dpi=150)
    try:
        if basemap:
            outlines = LineCollection(basemap, colors="#9aa5ad", linewidths=0.6, zorder=1)
            ax.add_collection(outlines, autolim=False)
        lons = [p["lon"] for p in points]
        lats = [p["lat"] for p in points]
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for p in points:
            by_type[p["event_type"]].append(p)
        for kind in sorted(by_type, key=lambda k: -len(by_type[k])):
            group = by_type[kind]
            ax.scatter(
                [p["lon"] for p in group], [p["lat"] for p in group],
                s=[_size(p["fatalities"]) for p in group],
                c=TYPE_COLOURS.get(kind, OTHER_COLOUR), alpha=0.7, edgecolors="white",
                linewidths=0.5, zorder=3,
            )  # fmt: skip
        _frame(ax, lons, lats, basemap)
        _label_areas(ax, points, patheffects)
        if by_type:
            _legends(ax, {kind: len(group) for kind, group in by_type.items()})
        else:
            ax.text(0.5, 0.5, "no incidents with coordinates in this window", ha="center",
                    va="center", transform=ax.transAxes, color="#555", fontsize=10)  # fmt: skip
        if not basemap:
            ax.text(0.99, 0.01, "no boundaries loaded", ha="right", va="bottom",
                    transform=ax.transAxes, color="#777", fontsize=7, style="italic")  # fmt: skip
        ax.set_title(title, fontsize=10, loc="left")
        ax.set_xlabel("longitude (°E)", fontsize=8)
        ax.set_ylabel("latitude (°N)", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.2, zorder=0)
        fig.tight_layout()
        return _png(fig)
    finally:
        plt.close(fig)


def _size(fatalities: int | None) -> float:
    """Marker area (points²): a dot for none; the area grows with the square root of the toll."""
    return 14 + 22 * math.sqrt(fatalities or 0)


def _frame(ax: Any, lons: list[float], lats: list[float], basemap: list[Ring] | None) -> None:
    """Limits around the incidents (or the basemap), a degree of longitude drawn cos(lat)
    as long as one of latitude; the shorter side is widened to fill the axes."""
    if not lons and basemap:
        lons = [x for ring in basemap for x, _ in ring]
        lats = [y for ring in basemap for _, y in ring]
    if not lons:
        lons, lats = [0.0], [0.0]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x, pad_y = max((east - west) * 0.12, 0.3), max((north - south) * 0.12, 0.3)
    ax.set_autoscale_on(True)
    ax.margins(0)
    ax.ignore_existing_data_limits = True  # the basemap may reach far beyond the incidents
    ax.update_datalim([(west - pad_x, south - pad_y), (east + pad_x, north + pad_y)])
    ax.autoscale_view()
    middle = math.radians((south + north) / 2)
    ax.set_aspect(1 / max(math.cos(middle), 0.1), adjustable="datalim")
    ax.apply_aspect()


def _label_areas(ax: Any, points: Sequence[dict[str, Any]], patheffects: Any) -> None:
    """Each admin1's name at the centroid of its incidents (the busiest LABELLED), moved
    down or up a line where it would cover a name already written."""
    places: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in points:
        if p["admin1"]:
            places[p["admin1"]].append(p)
    busiest = sorted(places, key=lambda name: (-len(places[name]), name))[:LABELLED]
    outline = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    to_points = ax.figure.dpi / 72
    taken: list[tuple[float, float, float, float]] = []  # label boxes, in points
    for name in busiest:
        group = places[name]
        lon = sum(p["lon"] for p in group) / len(group)
        lat = sum(p["lat"] for p in group) / len(group)
        x, y = (v / to_points for v in ax.transData.transform((lon, lat)))
        half, height = 2.6 * len(name), 10.0  # a bold 8-point label's half width and height
        for dy in (8, -18, 20, -30, 32, -42, 44, -54):
            box = (x - half, y + dy, x + half, y + dy + height)
            if not any(_overlap(box, other) for other in taken):
                break
        taken.append(box)
        leader = {"arrowstyle": "-", "color": "#7f8c8d", "lw": 0.6} if dy != 8 else None
        ax.annotate(
            name, (lon, lat), xytext=(0, dy), textcoords="offset points", ha="center",
            va="bottom", fontsize=8, fontweight="bold", color="#222", zorder=4,
            path_effects=outline, arrowprops=leader,
        )  # fmt: skip


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legends(ax: Any, counts: dict[str, int]) -> None:
    """The event types and the dot sizes, beside the map (never over an incident)."""
    from matplotlib.lines import Line2D

    def dot(area: float, colour: str) -> Line2D:
        return Line2D([], [], marker="o", linestyle="", markersize=math.sqrt(area),
                      markerfacecolor=colour, markeredgecolor="white", alpha=0.8)  # fmt: skip

    kinds = sorted(counts, key=lambda k: (-counts[k], k))
    types = ax.legend(
        [dot(60, TYPE_COLOURS.get(k, OTHER_COLOUR)) for k in kinds],
        [f"{k} ({counts[k]})" for k in kinds], loc="upper left", bbox_to_anchor=(1.02, 1.0),
        fontsize=7, title="event type (incidents)", title_fontsize=7, frameon=False,
        alignment="left",
    )  # fmt: skip
    ax.add_artist(types)
    sizes = [dot(_size(n), "#aab7b8") for n in (0, 10, 50)]
    ax.legend(sizes, ["0", "10", "50"], loc="lower left", bbox_to_anchor=(1.02, 0.0), fontsize=7,
              title="killed", title_fontsize=7, frameon=False, labelspacing=1.3,
              alignment="left")  # fmt: skip


def weekly_png(weekly: dict[str, Any]) -> bytes:
    """Incidents (bars) and fatalities (line) per week; the window's weeks shaded."""
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator

    starts, incidents, deaths = weekly["starts"], weekly["incidents"], weekly["fatalities"]
    first = weekly["first_in_window"]
    fig, ax = plt.subplots(figsize=(7.2, 2.5), dpi=150)
    try:
        x = list(range(len(starts)))
        colours = ["#2471a3" if i >= first else "#a9c4dc" for i in x]
        ax.bar(x, incidents, color=colours, width=0.75, label="incidents", zorder=2)
        ax.set_ylabel("incidents", fontsize=8, color="#2471a3")
        ax.set_ylim(0, max([*incidents, 1]) * 1.15)
        right = ax.twinx()
        right.plot(x, deaths, color="#c0392b", marker="o", markersize=3, linewidth=1.5,
                   label="killed", zorder=3)  # fmt: skip
        right.set_ylim(0, max([*deaths, 1]) * 1.15)
        right.set_ylabel("killed", fontsize=8, color="#c0392b")
        if first < len(x):
            ax.axvspan(first - 0.5, len(x) - 0.5, color="#f4d03f", alpha=0.22, lw=0, zorder=0)
        step = -(-len(x) // 10)  # at most 10 dates under the bars
        shown = x[::-1][::step][::-1]  # always the window's last week
        ax.set_xticks(shown, [starts[i].strftime("%d %b %y") for i in shown])
        ax.set_xlim(-0.6, len(x) - 0.4)
        for axis in (ax, right):
            axis.tick_params(labelsize=7)
            axis.spines[["top"]].set_visible(False)
        ax.set_title("Incidents and killed per 7 days, in bins ending on the window's last day "
                     "(shaded: the window)", fontsize=8.5, loc="left")  # fmt: skip
        ax.grid(axis="y", alpha=0.25, zorder=0)
        for axis in (ax.yaxis, right.yaxis):
            axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        if not any(incidents):
            ax.text(0.5, 0.5, "no incidents in these weeks", ha="center", va="center",
                    transform=ax.transAxes, color="#555", fontsize=9)  # fmt: skip
        fig.tight_layout()
        return _png(fig)
    finally:
        plt.close(fig)


def _png(fig: Any) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
