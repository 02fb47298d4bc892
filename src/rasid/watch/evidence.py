"""The incidents behind an alert or a report line, with their sources, as plain dicts.

Every number an alert or a report gives is traceable: it carries the
incidents (clusters) it counted, and each incident its reports -- outlet,
publication day and link -- or, for an imported incident, its dataset and id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from rasid.store.models import ArticleRow, ClusterMemberRow, ClusterRow, EventRow

C = ClusterRow.__table__.c
E = EventRow.__table__.c
M = ClusterMemberRow.__table__.c
A = ArticleRow.__table__.c


def incidents(conn: Connection, ids: Iterable[int], chunk: int = 500) -> list[dict[str, Any]]:
    """The incidents ``ids`` in the order given, each with its ``sources``."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    found: dict[int, dict[str, Any]] = {}
    for i in range(0, len(wanted), chunk):
        part = wanted[i : i + chunk]
        for row in conn.execute(select(ClusterRow.__table__).where(C.id.in_(part))).mappings():
            found[row["id"]] = _incident(row)
        sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
        query = (
            select(
                M.cluster_id,
                E.actor1,
                E.actor2,
                E.confidence,
                E.summary,
                E.fatalities,
                A.outlet,
                A.url,
                A.published,
                A.dataset,
                A.origin,
                A.id.label("article"),
            )  # fmt: skip
            .select_from(
                EventRow.__table__.join(ClusterMemberRow.__table__, M.event_id == E.id).join(
                    ArticleRow.__table__, A.id == E.article_id
                )
            )
            .where(M.cluster_id.in_(part))
            .order_by(M.cluster_id, A.published, E.id)
        )
        for row in conn.execute(query).mappings():
            sources[row["cluster_id"]].append(dict(row))
        for cid, rows in sources.items():
            if cid in found:
                _add_sources(found[cid], rows)
    return [found[i] for i in wanted if i in found]


def _incident(row: Any) -> dict[str, Any]:
    return {
        "incident": row["id"],
        "date": row["date_start"].isoformat() if row["date_start"] else None,
        "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"],
        "location": row["location"],
        "admin1": row["admin1"],
        "country": row["country"],
        "lat": row["lat"],
        "lon": row["lon"],
        "fatalities": row["fatalities"],
        "fatalities_reported": list(row["fatalities_reported"] or []),
        "origin": row["origin"],
        "n_outlets": row["n_outlets"],
        "actors": [],
        "summary": "",
        "confidence": None,
        "reviewed": False,  # no review workflow yet: every incident is machine-coded
        "sources": [],
        "url": None,
    }


def _add_sources(incident: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    lead = max(rows, key=lambda r: r["confidence"] or 0.0)
    incident["actors"] = [a for a in (lead["actor1"], lead["actor2"]) if a]
    incident["summary"] = lead["summary"] or ""
    incident["confidence"] = lead["confidence"]
    seen: set[str] = set()
    for r in rows:
        if r["article"] in seen:
            continue
        seen.add(r["article"])
        incident["sources"].append(
            {
                "outlet": r["outlet"],
                "published": r["published"].isoformat() if r["published"] else None,
                "url": r["url"],
                "dataset": r["dataset"],
                "reference": r["origin"] if r["dataset"] else None,
                "fatalities": r["fatalities"],
            }
        )
    incident["url"] = next((s["url"] for s in incident["sources"] if s["url"]), None)
