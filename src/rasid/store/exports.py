"""Write the store out: ACLED CSV, GeoJSON, Parquet, PLOVER JSON, statements and claims.

Every format but statements has one record per cluster (one real-world event),
filtered like ``rasid events``; statements are one row per quote.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from . import acled, queries, spreadsheet
from .engine import StoreError

FORMATS = ("acled", "geojson", "parquet", "plover", "statements", "claims", "corrections")

# PLOVER modes for ACLED sub-event types (Rasid's PLOVER type is on each event).
PLOVER_MODES = {
    "Air/drone strike": "aerial",
    "Shelling/artillery/missile attack": "explosion",
    "Remote explosive/landmine/IED": "explosion",
    "Suicide bomb": "explosion",
    "Grenade": "explosion",
    "Chemical weapon": "CBRN",
    "Abduction/forced disappearance": "abduct",
    "Sexual violence": "sexual",
    "Armed clash": "firearms",
    "Arrests": "arrest",
    "Peaceful protest": "demonstrate",
    "Violent demonstration": "riot",
}


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _extras(cluster: dict[str, Any]) -> dict[str, Any]:
    """What Rasid knows beyond ACLED's columns."""
    return {
        "cluster_id": cluster["id"],
        "n_events": cluster["n_events"],
        "n_articles": cluster["n_articles"],
        "n_outlets": cluster["n_outlets"],
        "fatalities_reported": list(cluster["fatalities_reported"] or []),
        "first_reported": cluster["first_reported"],
        "last_reported": cluster["last_reported"],
        "event_ids": [m["id"] for m in cluster["members"]],
        "urls": [m["url"] for m in cluster["members"] if m["url"]],
        "origin": cluster.get("origin", "rasid"),
        "reviewed": bool(cluster.get("reviewed")),
        "corrected": sorted(cluster.get("corrected") or {}),
    }


def write_acled(conn: Connection, f: queries.Filters, out: Path, formulas: bool = False) -> int:
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = spreadsheet.DictWriter(fh, fieldnames=acled.COLUMNS, formulas=formulas)
        writer.writeheader()
        for row in acled.rows(queries.clusters(conn, f)):
            writer.writerow(row)
            n += 1
    return n


def write_geojson(conn: Connection, f: queries.Filters, out: Path) -> int:
    features = []
    for cluster in queries.clusters(conn, f):
        geometry = None
        if cluster["lat"] is not None and cluster["lon"] is not None:
            geometry = {"type": "Point", "coordinates": [cluster["lon"], cluster["lat"]]}
        properties = {**acled.row(cluster), **_extras(cluster)}
        features.append(
            {"type": "Feature", "id": cluster["id"], "geometry": geometry, "properties": properties}
        )
    collection = {"type": "FeatureCollection", "features": features}
    out.write_text(
        json.dumps(collection, ensure_ascii=False, default=_json_default), encoding="utf-8"
    )
    return len(features)


def write_parquet(conn: Connection, f: queries.Filters, out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = []
    for cluster in queries.clusters(conn, f):
        row = {**acled.row(cluster), **_extras(cluster)}
        row["event_date"] = cluster["date_start"]
        for key in ("latitude", "longitude", "geo_precision", "iso", "year", "timestamp"):
            row[key] = row[key] if row[key] != "" else None
        records.append(row)
    types = {
        "event_date": pa.date32(),
        "year": pa.int32(),
        "time_precision": pa.int8(),
        "inter1": pa.int8(),
        "inter2": pa.int8(),
        "interaction": pa.int16(),
        "iso": pa.int16(),
        "latitude": pa.float64(),
        "longitude": pa.float64(),
        "geo_precision": pa.int8(),
        "fatalities": pa.int32(),
        "timestamp": pa.int64(),
        "cluster_id": pa.int64(),
        "n_events": pa.int32(),
        "n_articles": pa.int32(),
        "n_outlets": pa.int32(),
        "fatalities_reported": pa.list_(pa.int32()),
        "first_reported": pa.date32(),
        "last_reported": pa.date32(),
        "event_ids": pa.list_(pa.string()),
        "urls": pa.list_(pa.string()),
        "reviewed": pa.bool_(),
        "corrected": pa.list_(pa.string()),
    }
    names = list(acled.COLUMNS) + [k for k in _extras_keys() if k not in acled.COLUMNS]
    schema = pa.schema([(name, types.get(name, pa.string())) for name in names])
    pq.write_table(pa.Table.from_pylist(records, schema=schema), out)
    return len(records)


def _extras_keys() -> list[str]:
    return [
        "cluster_id",
        "n_events",
        "n_articles",
        "n_outlets",
        "fatalities_reported",
        "first_reported",
        "last_reported",
        "event_ids",
        "urls",
        "origin",
        "reviewed",
        "corrected",
    ]


def plover_record(cluster: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER event record (event, mode, actor, recipient, place, date) of one cluster."""
    lead = acled.lead_event(cluster["members"])
    return {
        "id": f"rasid-{cluster['id']}",
        "date": cluster["date_start"],
        "date_end": cluster["date_end"],
        "date_precision": cluster["date_precision"],
        "event": lead["plover_type"],
        "mode": PLOVER_MODES.get(cluster["sub_event_type"], ""),
        "context": [],
        "actor": lead["actor1"],
        "actor_type": lead["actor1_type"],
        "actor_country": lead["actor1_country"],
        "recipient": lead["actor2"],
        "recipient_type": lead["actor2_type"],
        "recipient_country": lead["actor2_country"],
        "country": cluster["country"],
        "admin1": cluster["admin1"],
        "admin2": cluster["admin2"],
        "location": cluster["location"],
        "lat": cluster["lat"],
        "lon": cluster["lon"],
        "geo_precision": cluster["location_precision"],
        "fatalities": cluster["fatalities"],
        "acled_event_type": cluster["event_type"],
        "acled_sub_event_type": cluster["sub_event_type"],
        "text": lead["summary"],
        "sources": acled.outlets(cluster["members"]),
        **_extras(cluster),
    }


def write_plover(conn: Connection, f: queries.Filters, out: Path) -> int:
    records = [plover_record(c) for c in queries.clusters(conn, f)]
    out.write_text(
        json.dumps(records, ensure_ascii=False, indent=1, default=_json_default), encoding="utf-8"
    )
    return len(records)


def write_statements(
    conn: Connection, f: queries.Filters, out: Path, formulas: bool = False
) -> int:
    """Statements as CSV, or as JSON when ``out`` ends in .json (.jsonl: one per line)."""
    return _write_rows(queries.statements(conn, f), out, formulas)


def write_claims(conn: Connection, f: queries.Filters, out: Path, formulas: bool = False) -> int:
    """Unattributed and hedged sentences, as CSV or JSON like statements."""
    return _write_rows(queries.claims(conn, f), out, formulas)


def write_corrections(
    conn: Connection, f: queries.Filters, out: Path, formulas: bool = False
) -> int:
    """Reviewers' audit log -- who, when, incident, action, field, old, new, note -- as
    CSV, or JSON when ``out`` ends in .json/.jsonl (filters do not apply)."""
    from .review import all_corrections

    rows = all_corrections(conn)
    if out.suffix.lower() not in (".json", ".jsonl"):
        for row in rows:  # nested values as JSON text in a CSV cell
            for key in ("events", "old", "new"):
                row[key] = json.dumps(row[key], ensure_ascii=False, default=_json_default)
    return _write_rows(rows, out, formulas)


def _write_rows(rows: list[dict], out: Path, formulas: bool = False) -> int:
    suffix = out.suffix.lower()
    if suffix == ".json":
        out.write_text(
            json.dumps(rows, ensure_ascii=False, indent=1, default=_json_default), encoding="utf-8"
        )
    elif suffix == ".jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False, default=_json_default) + "\n")
    else:
        columns = list(rows[0]) if rows else ["article_id", "published", "text"]
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = spreadsheet.DictWriter(fh, fieldnames=columns, formulas=formulas)
            writer.writeheader()
            writer.writerows(rows)
    return len(rows)


WRITERS: dict[str, Callable[[Connection, queries.Filters, Path], int]] = {
    "acled": write_acled,
    "geojson": write_geojson,
    "parquet": write_parquet,
    "plover": write_plover,
    "statements": write_statements,
    "claims": write_claims,
    "corrections": write_corrections,
}


_CSV_WRITERS: dict[str, Callable[[Connection, queries.Filters, Path, bool], int]] = {
    "acled": write_acled,
    "statements": write_statements,
    "claims": write_claims,
    "corrections": write_corrections,
}


def export(
    conn: Connection, fmt: str, f: queries.Filters, out: Path, *, formulas: bool = False
) -> int:
    """Write ``fmt`` to ``out``; returns the number of records written.  CSV cells a
    spreadsheet would run as formulas get a leading ``'`` unless ``formulas``."""
    if fmt not in WRITERS:
        raise StoreError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    try:
        if fmt in _CSV_WRITERS:
            return _CSV_WRITERS[fmt](conn, f, out, formulas)
        return WRITERS[fmt](conn, f, out)
    except OSError as error:
        raise StoreError(f"cannot write {out} ({error.strerror or error})") from error
