"""Review: people correct what the machine coded, and their work outlives re-ingests.

Every action is appended to ``corrections`` (who, when, field, old, new, note)
and never changed.  The values that win are kept per member event in
``overrides``, because an incident's cluster id changes when its articles are
ingested again, but its events keep their ids; ``clusters.refresh`` applies
them every time it recomputes an incident, so every query and export sees
them.  Merges and splits become ``incident_links`` ("same" / "apart") between
events, which incremental fusion obeys when the events are stored again.

Tokens: ``create_token`` returns a random token once and stores only its
SHA-256; ``token_owner`` names the reviewer a bearer token belongs to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, update

from .acled import EVENT_TYPES
from .engine import StoreError, retrying, write_transaction
from .models import (
    ClusterMemberRow,
    ClusterRow,
    CorrectionRow,
    EventRow,
    IncidentLinkRow,
    OverrideRow,
    TokenRow,
    utcnow,
)

if TYPE_CHECKING:
    from .store import Store

_O = OverrideRow.__table__
FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "date", "fatalities", "place")
PLACE_COLUMNS = ("location", "admin1", "admin2", "country", "lat", "lon", "location_precision")


class ReviewError(StoreError):
    """A review action that cannot be done; ``status`` is the HTTP status it maps to."""

    code = "bad_review"

    def __init__(self, message: str, *, status: int = 422, field: str | None = None):
        super().__init__(message)
        self.status = status
        self.field = field


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, name: str) -> str:
    """A new token for reviewer ``name``; only its hash is stored, so show it now."""
    name = name.strip()
    if not name or len(name) > 128:
        raise ReviewError("a token needs a reviewer name of 1 to 128 characters", field="name")
    token = "rsd_" + secrets.token_urlsafe(32)

    def work() -> None:
        with write_transaction(store.engine) as conn:
            conn.execute(insert(TokenRow), {"name": name, "token_hash": _digest(token)})

    retrying(work)
    return token


def revoke_tokens(store: Store, name: str) -> int:
    def work() -> int:
        with write_transaction(store.engine) as conn:
            result = conn.execute(
                update(TokenRow)
                .where(TokenRow.name == name, TokenRow.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
            return result.rowcount or 0

    return retrying(work)


def token_owner(conn: Connection, token: str | None) -> str | None:
    """The reviewer a token belongs to; None for an unknown or revoked token."""
    if not token:
        return None
    row = conn.execute(
        select(TokenRow.name).where(
            TokenRow.token_hash == _digest(token), TokenRow.revoked_at.is_(None)
        )
    ).first()
    return row[0] if row else None


def members(conn: Connection, cluster_id: int) -> list[str]:
    rows = conn.execute(
        select(ClusterMemberRow.event_id)
        .where(ClusterMemberRow.cluster_id == cluster_id)
        .order_by(ClusterMemberRow.event_id)
    )
    return [r[0] for r in rows]


def _cluster(conn: Connection, cluster_id: int) -> dict[str, Any]:
    row = conn.execute(select(ClusterRow.__table__).where(ClusterRow.id == cluster_id)).first()
    if row is None:
        raise ReviewError(f"no incident {cluster_id}", status=404)
    return dict(row._mapping)


def _lead_actors(conn: Connection, cluster_id: int) -> dict[str, str | None]:
    """actor1 and actor2 as the exports write them: the most confident member's."""
    row = conn.execute(
        select(EventRow.actor1, EventRow.actor2)
        .join(ClusterMemberRow, ClusterMemberRow.event_id == EventRow.id)
        .where(ClusterMemberRow.cluster_id == cluster_id)
        .order_by(EventRow.confidence.desc(), EventRow.id)
    ).first()
    return {"actor1": row[0] if row else None, "actor2": row[1] if row else None}


def validate(field: str, value: Any, current: dict[str, Any]) -> dict[str, Any]:
    """The stored columns a correction of ``field`` to ``value`` sets."""
    if field not in FIELDS:
        raise ReviewError(f"cannot correct {field!r}; expected one of {', '.join(FIELDS)}",
                          field="field")  # fmt: skip
    if field == "event_type":
        subs = EVENT_TYPES.get(value) if isinstance(value, str) else None
        if subs is None:
            raise ReviewError(f"unknown event type {value!r}", field="value")
        if current.get("sub_event_type") not in subs:
            raise ReviewError(
                f"the sub-event type {current.get('sub_event_type')!r} is not one of {value}'s; "
                "correct sub_event_type instead (it sets the event type too)",
                field="value",
            )
        return {"event_type": value}
    if field == "sub_event_type":
        parent = next((t for t, subs in EVENT_TYPES.items() if value in subs), None)
        if parent is None:
            raise ReviewError(f"unknown sub-event type {value!r}", field="value")
        return {"event_type": parent, "sub_event_type": value}
    if field in ("actor1", "actor2"):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ReviewError("expected an actor's name, or null to remove it", field="value")
        if isinstance(value, str) and len(value) > 256:
            raise ReviewError("an actor's name has at most 256 characters", field="value")
        return {field: value.strip() if isinstance(value, str) else None}
    if field == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            raise ReviewError(
                f"expected a day as YYYY-MM-DD, got {value!r}", field="value"
            ) from None
        return {"date_start": day.isoformat(), "date_end": day.isoformat(), "date_precision": 1}
    if field == "fatalities":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ReviewError("expected a whole number of people killed, 0 or more", field="value")
        return {"fatalities": value}
    return _place(value)


def _place(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or not str(value.get("name") or "").strip():
        raise ReviewError("expected a place: an object with at least a name", field="value")
    lat, lon = value.get("lat"), value.get("lon")
    for name, number, limit in (("lat", lat, 90), ("lon", lon, 180)):
        if number is not None and (
            isinstance(number, bool)
            or not isinstance(number, int | float)
            or not math.isfinite(number)
            or abs(number) > limit
        ):
            raise ReviewError(f"place.{name}: expected degrees within ±{limit}", field="value")
    if (lat is None) != (lon is None):
        raise ReviewError("place: give both lat and lon, or neither", field="value")
    country = value.get("country")
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        raise ReviewError("place.country: expected an ISO 3166 alpha-2 code", field="value")
    precision = value.get("precision", 1 if lat is not None else None)
    return {
        "location": str(value["name"]).strip()[:256],
        "admin1": value.get("admin1"),
        "admin2": value.get("admin2"),
        "country": country.upper() if country else None,
        "lat": float(lat) if lat is not None else None,
        "lon": float(lon) if lon is not None else None,
        "location_precision": precision,
    }


def _old(conn: Connection, cluster: dict[str, Any], field: str) -> Any:
    if field in ("actor1", "actor2"):
        corrected = cluster.get("corrected") or {}
        return corrected.get(field, _lead_actors(conn, cluster["id"])[field])
    if field == "date":
        return cluster["date_start"].isoformat() if cluster["date_start"] else None
    if field == "place":
        return {c: cluster[c] for c in PLACE_COLUMNS}
    return cluster[field]


def _log(
    conn: Connection, cluster_id: int, events: list[str], action: str, author: str, note: str,
    field: str | None = None, old: Any = None, new: Any = None,
) -> None:  # fmt: skip
    conn.execute(
        insert(CorrectionRow),
        {
            "cluster_id": cluster_id,
            "events": events,
            "action": action,
            "field": field,
            "old": old,
            "new": new,
            "note": note or "",
            "author": author,
            "created_at": utcnow(),
        },
    )


def _override(conn: Connection, events: Iterable[str], **change: Any) -> None:
    """Merge ``change`` (fields / reviewed / not_event) into each event's override row."""
    now = utcnow()
    for event_id in events:
        row = conn.execute(select(_O).where(_O.c.event_id == event_id)).mappings().first()
        fields = dict(row["fields"] or {}) if row else {}
        fields.update(change.get("fields") or {})
        values = {
            "fields": fields,
            "reviewed": change.get("reviewed", row["reviewed"] if row else 0),
            "not_event": change.get("not_event", row["not_event"] if row else 0),
            "updated_at": now,
        }
        if row:
            conn.execute(update(OverrideRow).where(OverrideRow.event_id == event_id).values(values))
        else:
            conn.execute(insert(OverrideRow), {"event_id": event_id, **values})


def _refresh(conn: Connection, ids: Iterable[int]) -> None:
    from . import clusters

    clusters.refresh(conn, ids)


def correct(store: Store, cluster_id: int, field: str, value: Any, note: str, author: str) -> int:
    """Correct one field of an incident; returns its id."""

    def work() -> int:
        with write_transaction(store.engine) as conn:
            cluster = _cluster(conn, cluster_id)
            columns = validate(field, value, cluster)
            events = members(conn, cluster_id)
            old = _old(conn, cluster, field)
            _log(conn, cluster_id, events, "correct", author, note, field, old, value)
            _override(conn, events, fields=columns)
            _refresh(conn, [cluster_id])
            return cluster_id

    return retrying(work)


def mark(store: Store, cluster_id: int, action: str, note: str, author: str) -> int:
    """``review`` (a person checked it), ``not_event`` or ``event`` (undo not_event)."""
    flags = {"review": {"reviewed": 1}, "not_event": {"not_event": 1}, "event": {"not_event": 0}}
    if action not in flags:
        raise ReviewError(f"unknown action {action!r}", field="action")

    def work() -> int:
        with write_transaction(store.engine) as conn:
            cluster = _cluster(conn, cluster_id)
            events = members(conn, cluster_id)
            (key, new), = flags[action].items()  # fmt: skip
            _log(conn, cluster_id, events, action, author, note, key, cluster[key], new)
            _override(conn, events, **flags[action])
            _refresh(conn, [cluster_id])
            return cluster_id

    return retrying(work)


def merge(store: Store, keep: int, other: int, note: str, author: str) -> int:
    """Put ``other``'s reports into ``keep``; the two stay one incident after re-ingests."""
    if keep == other:
        raise ReviewError("an incident cannot be merged with itself", field="other")

    def work() -> int:
        with write_transaction(store.engine) as conn:
            a, b = _cluster(conn, keep), _cluster(conn, other)
            if a["origin"] != b["origin"]:
                raise ReviewError(
                    f"incident {other} comes from {b['origin']} and {keep} from {a['origin']}; "
                    "only incidents of one origin are merged", status=409, field="other",
                )  # fmt: skip
            mine, theirs = members(conn, keep), members(conn, other)
            _log(conn, keep, mine + theirs, "merge", author, note, None, other, keep)
            links = [{"kind": "same", "event_a": x, "event_b": y, "created_at": utcnow()}
                     for x in mine for y in theirs]  # fmt: skip
            conn.execute(
                delete(IncidentLinkRow).where(
                    IncidentLinkRow.kind == "apart",
                    IncidentLinkRow.event_a.in_(mine + theirs),
                    IncidentLinkRow.event_b.in_(mine + theirs),
                )
            )
            if links:
                conn.execute(insert(IncidentLinkRow), links)
            conn.execute(
                update(ClusterMemberRow)
                .where(ClusterMemberRow.cluster_id == other)
                .values(cluster_id=keep)
            )
            carried = conn.execute(select(_O).where(_O.c.event_id.in_(mine))).mappings()
            o = max(carried, key=lambda r: r["updated_at"], default=None)
            if o is not None:  # the kept incident's review covers the reports it gained
                _override(conn, theirs, fields=o["fields"], reviewed=o["reviewed"],
                          not_event=o["not_event"])  # fmt: skip
            _refresh(conn, [keep, other])
            return keep

    return retrying(work)


def split(store: Store, cluster_id: int, event_id: str, note: str, author: str) -> tuple[int, int]:
    """Take one report out of an incident into a new one; returns (old id, new id)."""

    def work() -> tuple[int, int]:
        with write_transaction(store.engine) as conn:
            cluster = _cluster(conn, cluster_id)
            events = members(conn, cluster_id)
            if event_id not in events:
                raise ReviewError(f"{event_id} is not a report of incident {cluster_id}",
                                  status=404, field="event_id")  # fmt: skip
            if len(events) == 1:
                raise ReviewError("an incident with one report cannot be split", status=409,
                                  field="event_id")  # fmt: skip
            others = [e for e in events if e != event_id]
            conn.execute(
                delete(IncidentLinkRow).where(
                    IncidentLinkRow.kind == "same",
                    ((IncidentLinkRow.event_a == event_id) & IncidentLinkRow.event_b.in_(others))
                    | ((IncidentLinkRow.event_b == event_id) & IncidentLinkRow.event_a.in_(others)),
                )
            )
            conn.execute(
                insert(IncidentLinkRow),
                [{"kind": "apart", "event_a": event_id, "event_b": o, "created_at": utcnow()}
                 for o in others],
            )  # fmt: skip
            conn.execute(delete(OverrideRow).where(OverrideRow.event_id == event_id))
            new_id = conn.execute(
                insert(ClusterRow).returning(ClusterRow.id),
                {"event_type": cluster["event_type"], "sub_event_type": cluster["sub_event_type"],
                 "fatalities_reported": [], "origin": cluster["origin"]},
            ).scalar_one()  # fmt: skip
            conn.execute(
                update(ClusterMemberRow)
                .where(ClusterMemberRow.event_id == event_id)
                .values(cluster_id=new_id)
            )
            _log(conn, cluster_id, events, "split", author, note, "event_id", event_id, new_id)
            _refresh(conn, [cluster_id, new_id])
            return cluster_id, int(new_id)

    return retrying(work)


def overrides_for(conn: Connection, events: Iterable[str]) -> dict[str, Any] | None:
    """The review state of an incident with these member events (latest change wins)."""
    rows = conn.execute(select(_O).where(_O.c.event_id.in_(list(events)))).mappings()
    found = sorted(rows, key=lambda r: r["updated_at"])
    if not found:
        return None
    fields: dict[str, Any] = {}
    for row in found:
        fields.update(row["fields"] or {})
    last = found[-1]
    return {"fields": fields, "reviewed": last["reviewed"], "not_event": last["not_event"]}


def linked(conn: Connection, event_id: str) -> tuple[set[str], set[str]]:
    """Events a reviewer put in one incident with ``event_id``, and those kept apart."""
    rows = conn.execute(
        select(IncidentLinkRow.kind, IncidentLinkRow.event_a, IncidentLinkRow.event_b).where(
            (IncidentLinkRow.event_a == event_id) | (IncidentLinkRow.event_b == event_id)
        )
    )
    same: set[str] = set()
    apart: set[str] = set()
    for kind, a, b in rows:
        other = b if a == event_id else a
        (same if kind == "same" else apart).add(other)
    return same, apart


def history(conn: Connection, cluster_id: int) -> list[dict[str, Any]]:
    """Every action on this incident or on any of its reports, oldest first."""
    events = set(members(conn, cluster_id))
    rows = conn.execute(select(CorrectionRow.__table__).order_by(CorrectionRow.id)).mappings()
    out = []
    for row in rows:
        if row["cluster_id"] == cluster_id or events & set(row["events"] or []):
            item = dict(row)
            item["created_at"] = row["created_at"].isoformat(timespec="seconds")
            out.append(item)
    return out


def all_corrections(conn: Connection) -> list[dict[str, Any]]:
    """The whole audit log, oldest first (``rasid export --format corrections``)."""
    rows = conn.execute(select(CorrectionRow.__table__).order_by(CorrectionRow.id)).mappings()
    return [dict(r) for r in rows]
