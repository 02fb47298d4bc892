"""``rasid serve``: the dashboard's API over a store, and the page itself.

Read endpoints need nothing; write endpoints (review) need ``Authorization:
Bearer <token>`` with a token from ``rasid token create NAME`` (stored hashed;
the audit log names its owner).  No cookie is ever read, so a page on another
site cannot make a reviewer's browser write (no CSRF).  Every response carries
a Content-Security-Policy that allows only this server's own scripts, styles
and data, so text from an article can never run as script, and the page makes
no request to any other host.  The OpenAPI description is at ``/docs``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Connection
from starlette.background import BackgroundTask

from rasid import __version__
from rasid.store import exports, queries, review
from rasid.store.acled import EVENT_TYPES
from rasid.store.store import Store

from . import incidents
from .errors import ApiError, install
from .params import filters
from .writes import router as write_router

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
EXPORT_TYPES = {
    "acled": ("text/csv; charset=utf-8", "incidents.csv"),
    "geojson": ("application/geo+json", "incidents.geojson"),
    "parquet": ("application/vnd.apache.parquet", "incidents.parquet"),
}
Filters = Annotated[queries.Filters, Depends(filters)]


def create_app(db: str, *, readonly: bool = False) -> FastAPI:
    """The API and page over the store at ``db``; ``readonly`` refuses every write."""
    store = Store(db, readonly=readonly)
    app = FastAPI(
        title="Rasid",
        version=__version__,
        description="Conflict incidents coded from news, with their sources and reviews.",
    )
    app.state.store = store
    app.state.readonly = readonly or store.readonly
    install(app)
    app.add_middleware(GZipMiddleware, minimum_size=2048)  # the basemap, long lists

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    _static(app)
    _routes(app)
    app.include_router(write_router, prefix="/api")
    app.router.on_shutdown.append(store.close)
    return app


def connection(request: Request):
    with request.app.state.store.connect() as conn:
        yield conn


Conn = Annotated[Connection, Depends(connection)]


def _static(app: FastAPI) -> None:
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as markercluster

    static = resources.files("rasid.serve").joinpath("static")
    app.mount("/static/vendor/leaflet", StaticFiles(directory=leaflet.BASE_DIR), "leaflet")
    app.mount(
        "/static/vendor/markercluster",
        StaticFiles(directory=markercluster.BASE_DIR),
        "markercluster",
    )
    app.mount("/static", StaticFiles(directory=str(static), check_dir=False), "static")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = static.joinpath("index.html")
        if not page.is_file():
            return JSONResponse({"api": "/docs"})
        return FileResponse(str(page), media_type="text/html; charset=utf-8")


def _routes(app: FastAPI) -> None:  # noqa: C901 - one function per endpoint, registered here
    @app.get("/api/incidents", summary="Incidents matching the filters, paged")
    def list_incidents(
        conn: Conn,
        f: Filters,
        sort: Literal[
            "date", "-date", "fatalities", "-fatalities", "outlets", "-outlets"
        ] = "-date",
        page: Annotated[int, Query(ge=1, le=10**6)] = 1,
        per_page: Annotated[int, Query(ge=1, le=500)] = 50,
        format: Literal["json", "geojson"] = "json",  # noqa: A002
    ) -> Any:
        total, killed, rows = incidents.page(conn, f, sort, page, per_page)
        if format == "geojson":
            return {
                "type": "FeatureCollection",
                "total": total,
                "fatalities": killed,
                "features": [_feature(r) for r in rows],
            }
        return {"total": total, "fatalities": killed, "page": page, "per_page": per_page,
                "incidents": rows}  # fmt: skip

    @app.get("/api/incidents/{incident_id}", summary="One incident with its reports")
    def get_incident(conn: Conn, incident_id: int) -> Any:
        found = incidents.detail(conn, incident_id)
        if found is None:
            raise ApiError(404, "not_found", f"no incident {incident_id}", field="incident_id")
        return found

    @app.get("/api/map", summary="Incidents with coordinates, counted per grid cell")
    def map_cells(
        conn: Conn,
        f: Filters,
        zoom: Annotated[int, Query(ge=0, le=18)] = 5,
        west: Annotated[float | None, Query(ge=-360, le=360)] = None,
        south: Annotated[float | None, Query(ge=-90, le=90)] = None,
        east: Annotated[float | None, Query(ge=-360, le=360)] = None,
        north: Annotated[float | None, Query(ge=-90, le=90)] = None,
    ) -> Any:
        sides = (west, south, east, north)
        box = None if any(v is None for v in sides) else sides
        return incidents.map_cells(conn, f, zoom, box)  # type: ignore[arg-type]

    @app.get("/api/stats", summary="Incidents, fatalities and reports per group")
    def stats(
        conn: Conn,
        f: Filters,
        by: Literal["week", "month", "admin1", "actor", "type", "origin"] = "week",
    ) -> Any:
        return [{k: incidents._iso(v) for k, v in r.items()} for r in queries.stats(conn, by, f)]

    @app.get("/api/articles/{article_id:path}", summary="One article and what was coded from it")
    def get_article(conn: Conn, article_id: str) -> Any:
        found = incidents.article(conn, article_id)
        if found is None:
            raise ApiError(404, "not_found", f"no article {article_id!r}", field="article_id")
        return found

    @app.get("/api/statements", summary="Who said what, paged")
    def list_statements(
        conn: Conn,
        speaker: Annotated[str | None, Query(max_length=256)] = None,
        organization: Annotated[str | None, Query(max_length=256)] = None,
        outlet: Annotated[str | None, Query(max_length=256)] = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        page: Annotated[int, Query(ge=1, le=10**6)] = 1,
        per_page: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> Any:
        total, rows = incidents.statements(
            conn, speaker=speaker, organization=organization, outlet=outlet, since=since,
            until=until, number=page, size=per_page,
        )  # fmt: skip
        return {"total": total, "page": page, "per_page": per_page, "statements": rows}

    @app.get("/api/export", summary="The filtered incidents as ACLED CSV, GeoJSON or Parquet")
    def export(conn: Conn, f: Filters, format: Literal["acled", "geojson", "parquet"]) -> Any:  # noqa: A002
        media, name = EXPORT_TYPES[format]
        folder = tempfile.mkdtemp(prefix="rasid-export-")
        out = Path(folder) / name
        exports.export(conn, format, f, out)
        return FileResponse(
            str(out), media_type=media, filename=name,
            background=BackgroundTask(_remove, Path(folder)),
        )  # fmt: skip

    @app.get("/api/changes", summary="Incidents created, changed or deleted since a time")
    def changes(
        conn: Conn,
        since: dt.datetime,
        limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
    ) -> Any:
        moment = since.astimezone(dt.UTC).replace(tzinfo=None) if since.tzinfo else since
        return incidents.changes(conn, moment, limit)

    @app.get("/api/types", summary="ACLED event types and their sub-event types")
    def types() -> Any:
        return {k: list(v) for k, v in EVENT_TYPES.items()}

    @app.get("/api/places", summary="Places in the gazetteer matching a name")
    def places(q: Annotated[str, Query(min_length=2, max_length=128)]) -> Any:
        from rasid.geo import Gazetteer

        return [
            {"name": c.name, "admin1": c.admin1, "admin2": c.admin2, "country": c.country,
             "lat": c.lat, "lon": c.lon, "geonames_id": c.geonames_id, "kind": c.kind}
            for c in Gazetteer.load().lookup(q)[:20]
        ]  # fmt: skip

    @app.get("/api/basemap", summary="Country outlines (Natural Earth) for the map")
    def basemap() -> Response:
        return Response(_basemap(), media_type="application/geo+json")

    @app.get(
        "/api/basemap/user",
        summary="Boundaries imported with rasid basemap import (empty when none)",
    )
    def user_basemap() -> Response:
        from rasid.geo.boundaries import user_basemap as found

        path = found()
        if path is None:
            return JSONResponse({"type": "FeatureCollection", "features": []},
                                media_type="application/geo+json")  # fmt: skip
        return FileResponse(str(path), media_type="application/geo+json")

    @app.get("/api/me", summary="The reviewer a bearer token belongs to")
    def me(conn: Conn, authorization: Annotated[str | None, Header()] = None) -> Any:
        from .writes import bearer

        name = review.token_owner(conn, bearer(authorization))
        if name is None:
            raise ApiError(401, "unauthorized", "no valid token: Authorization: Bearer <token>")
        return {"name": name, "can_write": not app.state.readonly}


def _feature(row: dict[str, Any]) -> dict[str, Any]:
    located = row["lat"] is not None and row["lon"] is not None
    geometry = {"type": "Point", "coordinates": [row["lon"], row["lat"]]} if located else None
    return {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": row}


def _remove(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink(missing_ok=True)
    folder.rmdir()


@cache
def _basemap() -> bytes:
    """The world's countries, coarser than the report's (a map of the world needs less)."""
    import json

    from shapely.geometry import mapping, shape

    from rasid.geo import boundaries

    features = []
    for feature in boundaries.countries()["features"]:
        simple = shape(feature["geometry"]).simplify(0.08, preserve_topology=True)
        features.append({**feature, "geometry": boundaries._rounded(mapping(simple))})
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")
