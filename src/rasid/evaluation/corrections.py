"""Score the extractor against reviewers' corrections: the gold data a store grows.

The incidents a person touched -- marked reviewed, corrected, or marked not an
event -- are a sample the machine coded and a person checked.  On them:

* precision: the share that are events (not marked "not an event");
* per field (type, sub-type, actor1, actor2, date, place, fatalities): the share
  of those events where the machine's value stood, i.e. no reviewer changed it
  to something else.  The machine's value is the ``old`` of the first
  correction of that field, the reviewer's the ``new`` of the last.

Incidents a reviewer merged or split are counted in ``merged`` and ``split``:
fusion errors, not field errors.  Only incidents Rasid coded are scored.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, or_, select

from rasid.store.models import ClusterMemberRow, ClusterRow, CorrectionRow

FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "date", "place", "fatalities")
C = ClusterRow.__table__.c


def score(conn: Connection) -> dict[str, Any]:
    touched = conn.execute(
        select(C.id, C.not_event).where(
            C.origin == "rasid",
            or_(C.reviewed == 1, C.not_event == 1, C.corrected.is_not(None)),
        )
    ).all()
    members: dict[int, set[str]] = defaultdict(set)
    ids = [t.id for t in touched]
    for i in range(0, len(ids), 500):
        for cid, event in conn.execute(
            select(ClusterMemberRow.cluster_id, ClusterMemberRow.event_id).where(
                ClusterMemberRow.cluster_id.in_(ids[i : i + 500])
            )
        ):
            members[cid].add(event)
    log = conn.execute(select(CorrectionRow.__table__).order_by(CorrectionRow.id)).mappings().all()
    events = [t for t in touched if not t.not_event]
    wrong: dict[str, int] = dict.fromkeys(FIELDS, 0)
    merged = split = 0
    for incident in events:
        mine = [r for r in log if members[incident.id] & set(r["events"] or [])]
        merged += any(r["action"] == "merge" for r in mine)
        split += any(r["action"] == "split" for r in mine)
        first: dict[str, Any] = {}
        last: dict[str, Any] = {}
        for r in mine:
            if r["action"] == "correct" and r["field"] in wrong:
                first.setdefault(r["field"], r["old"])
                last[r["field"]] = r["new"]
        for field, machine in first.items():
            if _differs(machine, last[field]):
                wrong[field] += 1
    n = len(events)
    return {
        "reviewed_incidents": len(touched),
        "not_events": len(touched) - n,
        "precision": (n / len(touched)) if touched else None,
        "fields": {
            f: {"right": n - wrong[f], "of": n, "accuracy": (n - wrong[f]) / n if n else None}
            for f in FIELDS
        },  # fmt: skip
        "merged": merged,
        "split": split,
    }


def _differs(machine: Any, reviewer: Any) -> bool:
    if isinstance(machine, dict) and isinstance(reviewer, dict):  # a place
        return (machine.get("location") or "").lower() != (reviewer.get("name") or "").lower()
    return machine != reviewer


def format_score(report: dict[str, Any]) -> str:
    n = report["reviewed_incidents"]
    if not n:
        return "No reviewed incidents in the store yet: nothing to score against."
    lines = [
        f"Reviewed incidents: {n}; marked not an event: {report['not_events']} "
        f"(precision {report['precision']:.3f})",
        f"Merged by a reviewer: {report['merged']}; split: {report['split']}",
        "Field accuracy on the reviewed events (the machine's value stood):",
    ]
    for field, s in report["fields"].items():
        accuracy = "-" if s["accuracy"] is None else f"{s['accuracy']:.3f}"
        lines.append(f"  {field:<15} {accuracy}  ({s['right']}/{s['of']})")
    return "\n".join(lines)
