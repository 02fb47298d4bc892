"""Check alert rules against the store, remember what fired, and deliver it.

An alert is keyed by (rule, unit, period): it fires once, is stored in the
``alerts`` table, and is delivered to every sink of its rule.  A rerun finds
it stored and does not send it again -- except to the sinks that failed last
time, which are retried.  Alerts carry their evidence: the incidents that made
them fire, with their sources' outlets, days and links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from rasid.store.engine import retrying, write_transaction
from rasid.store.models import AlertRow, ClusterActorRow, ClusterRow, utcnow
from rasid.store.queries import cluster_conditions
from rasid.store.store import Store

from . import periods, trends
from .evidence import incidents
from .rules import Rule
from .sinks import Delivery

EVIDENCE_LIMIT = 20  # incidents an alert carries (the most deadly first)
C = ClusterRow.__table__.c


@dataclass
class RunReport:
    fired: list[dict[str, Any]] = field(default_factory=list)
    already: int = 0  # fired before, every delivery done
    retried: int = 0  # fired before, a failed delivery tried again
    failed: list[Delivery] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{len(self.fired)} alert(s) fired, {self.already} already sent"
        if self.retried:
            text += f", {self.retried} resent to a sink that had failed"
        if self.failed:
            text += f"; {len(self.failed)} delivery(ies) failed"
        return text


def evaluate(conn: Connection, rules: Sequence[Rule], as_of: dt.date) -> list[dict[str, Any]]:
    """Every alert the rules raise on ``as_of`` (nothing stored, nothing sent)."""
    computed: dict[trends.Options, trends.Trends] = {}
    out: list[dict[str, Any]] = []
    for rule in rules:
        if rule.method == "threshold":
            out += _threshold(conn, rule, as_of)
            continue
        options = trends.Options(
            by=rule.options.by,
            period=rule.options.period,
            as_of=as_of,
            baseline=rule.options.baseline,
            filters=rule.options.filters,
        )
        if options not in computed:
            computed[options] = trends.compute(conn, options)
        out += _from_trends(conn, rule, computed[options])
    return out


def _from_trends(conn: Connection, rule: Rule, result: trends.Trends) -> Iterator[dict[str, Any]]:
    period = result.latest
    if rule.method == "emerging-actor":
        for e in result.emerging:
            if not rule.repeat and e.first < period.start:
                continue  # announced in the week of its first incident
            where = e.country or "an unknown country"
            message = (
                f"emerging actor {e.actor} ({e.type}) in {where}: {e.events} violent "
                f"incident(s) since {e.first.isoformat()}, none in the year before"
            )
            unit = f"{e.country or '-'}/{e.actor}"
            yield _alert(conn, rule, unit, period, "emerging actor", message, e.incidents, {})
        return
    for u in result.units:
        level = _fires(rule, u)
        if level is None:
            continue
        what = f"{u.events} violent incident(s) in {u.unit} in {period.label(rule.options.period)}"
        message = f"{what}: {level} ({_because(rule, u)})"
        numbers = u.to_dict()
        numbers.pop("incidents")
        yield _alert(conn, rule, u.unit, period, level, message, u.incidents, numbers)


def _fires(rule: Rule, u: trends.UnitTrend) -> str | None:
    """The level an alert of ``rule`` says for unit ``u``, or None when it does not fire
    (or fired the period before and the rule does not repeat)."""
    level = _flag(rule, u)
    if level is None or rule.repeat:
        return level
    if rule.method == "change-level":
        before = u.previous_events >= rule.min_events and rule.fires_at(u.previous_level)
    else:
        before = _PREVIOUS[rule.method] in u.previous
    return None if before else level


_PREVIOUS = {"surge": "surge", "threat": "threat", "detector": "detector", "cusum": "cusum"}


def _flag(rule: Rule, u: trends.UnitTrend) -> str | None:
    if rule.method == "change-level":
        return u.level if u.events >= rule.min_events and rule.fires_at(u.level) else None
    if rule.method == "surge":
        return "surge" if u.surge else None
    if rule.method == "threat":
        return "threat" if u.threat else None
    if rule.method == "detector":
        return "above expected" if u.detector.alarm else None
    if rule.method == "cusum":
        return "sustained rise" if u.cusum else None
    return None


def _because(rule: Rule, u: trends.UnitTrend) -> str:
    if rule.method == "detector":
        return u.detector.reason
    if rule.method == "cusum":
        return f"cumulative excess over a baseline of {u.baseline:.1f} per period"
    weeks = u.weekly
    if rule.method == "surge" and len(weeks) >= 5:
        return f"{weeks[-1]:.0f} violent this week vs a 4-week mean of {sum(weeks[-5:-1]) / 4:.1f}"
    if rule.method == "threat" and len(weeks) >= 56:
        month, year = sum(weeks[-4:]) / 4, sum(weeks[-56:-4]) / 52
        return f"a 4-week mean of {month:.1f} violent a week vs {year:.1f} in the year before"
    change = "new" if u.change is None else f"{u.change:+.0%}"
    return f"{change} on a baseline of {u.baseline:.1f} per period"


def _threshold(conn: Connection, rule: Rule, as_of: dt.date) -> Iterator[dict[str, Any]]:
    start = as_of - dt.timedelta(days=rule.days - 1)
    window = periods.Period(start, as_of)
    where = [C.date_start >= start, C.date_start <= as_of]
    where += cluster_conditions(conn, rule.options.filters)
    if rule.fatalities:
        query = select(C.id, C.date_start, C.fatalities, C.location, C.admin1).where(
            *where, C.fatalities >= rule.fatalities
        )
        for cid, day, killed, location, admin1 in conn.execute(query.order_by(C.date_start)):
            place = ", ".join(p for p in (location, admin1) if p) or "an unknown place"
            message = f"{killed} killed in one incident in {place} on {day.isoformat()}"
            incident_day = periods.Period(day, day)
            yield _alert(conn, rule, f"incident {cid}", incident_day, "threshold", message,
                         (cid,), {"fatalities": killed})  # fmt: skip
    if rule.events or rule.total_fatalities:
        unit_column = trends.unit_column(rule.options.by)
        source = ClusterRow.__table__
        if rule.options.by == "actor":
            source = source.join(ClusterActorRow.__table__, ClusterActorRow.cluster_id == C.id)
        query = (
            select(unit_column, func.count(), func.coalesce(func.sum(C.fatalities), 0))
            .select_from(source)
            .where(*where)
            .group_by(unit_column)
        )
        for unit, n, killed in conn.execute(query).all():
            if (rule.events and n >= rule.events) or (
                rule.total_fatalities and killed >= rule.total_fatalities
            ):
                ids = conn.execute(
                    select(C.id)
                    .select_from(source)
                    .where(*where, unit_column == unit)
                    .order_by(C.fatalities.desc(), C.id)
                ).scalars()
                message = (
                    f"{n} incident(s), {killed} killed in {unit} in the {rule.days} days "
                    f"to {as_of.isoformat()}"
                )
                yield _alert(conn, rule, unit, window, "threshold", message, list(ids),
                             {"events": n, "fatalities": int(killed)})  # fmt: skip


def _alert(
    conn: Connection,
    rule: Rule,
    unit: str,
    period: periods.Period,
    level: str,
    message: str,
    ids: Sequence[int],
    numbers: dict[str, Any],
) -> dict[str, Any]:
    return {
        "rule": rule.name,
        "unit": unit,
        "period": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "method": rule.method,
        "level": level,
        "message": message,
        "values": numbers,
        "incidents": len(ids),
        "evidence": incidents(conn, list(ids)[:EVIDENCE_LIMIT]),
    }


def run(
    store: Store, rules: Sequence[Rule], as_of: dt.date | None = None, *, dry_run: bool = False
) -> RunReport:
    """Evaluate ``rules`` as of a day, store what fired and deliver it (unless ``dry_run``)."""
    day = as_of or dt.date.today()
    with store.connect() as conn:
        candidates = evaluate(conn, rules, day)
    report = RunReport()
    by_name = {r.name: r for r in rules}
    for alert in candidates:
        alert["as_of"] = day.isoformat()
        if dry_run:
            report.fired.append(alert)
            continue
        stored = retrying(lambda a=alert: _claim(store, a, day))
        rule = by_name[alert["rule"]]
        if stored is None:  # new: send everywhere
            targets = list(rule.send)
            report.fired.append(alert)
        else:
            done = {d["sink"] for d in stored if d.get("ok")}
            targets = [s for s in rule.send if s.describe() not in done]
            if not targets:
                report.already += 1
                continue
            report.retried += 1
        deliveries = [sink.deliver(alert) for sink in targets]
        report.failed += [d for d in deliveries if not d.ok]
        retrying(lambda a=alert, d=deliveries: _record(store, a, d))
    return report


def _claim(store: Store, alert: dict[str, Any], day: dt.date) -> list[dict[str, Any]] | None:
    """Store a new alert and return None, or return the deliveries of the stored one."""
    key = (AlertRow.rule == alert["rule"], AlertRow.unit == alert["unit"][:256])
    with write_transaction(store.engine) as conn:
        found = conn.execute(
            select(AlertRow.deliveries).where(*key, AlertRow.period == alert["period"])
        ).first()
        if found is not None:
            return list(found[0] or [])
        conn.execute(
            insert(AlertRow),
            {
                "rule": alert["rule"],
                "unit": alert["unit"][:256],
                "period": alert["period"],
                "method": alert["method"],
                "level": alert["level"],
                "message": alert["message"],
                "as_of": day,
                "fired_at": utcnow(),
                "data": alert,
                "deliveries": [],
            },
        )
    return None


def _record(store: Store, alert: dict[str, Any], deliveries: list[Delivery]) -> None:
    """Keep, per sink, the latest outcome of delivering ``alert``."""
    key = (
        AlertRow.rule == alert["rule"],
        AlertRow.unit == alert["unit"][:256],
        AlertRow.period == alert["period"],
    )
    with write_transaction(store.engine) as conn:
        old = conn.execute(select(AlertRow.deliveries).where(*key)).scalar() or []
        latest = {d["sink"]: d for d in old}
        for d in deliveries:
            latest[d.sink] = {"sink": d.sink, "ok": d.ok, "attempts": d.attempts, "error": d.error}
        conn.execute(update(AlertRow).where(*key).values(deliveries=list(latest.values())))


def stored(
    conn: Connection, *, as_of: dt.date | None = None, since: dt.date | None = None
) -> list[dict[str, Any]]:
    """Stored alerts, newest period first; ``as_of``: those of periods begun by that day."""
    query = select(AlertRow.__table__).order_by(
        AlertRow.period.desc(), AlertRow.rule, AlertRow.unit
    )
    if as_of:
        query = query.where(AlertRow.period <= as_of.isoformat())
    if since:
        query = query.where(AlertRow.period >= since.isoformat())
    out = []
    for row in conn.execute(query).mappings():
        data = dict(row["data"] or {})
        out.append(
            {
                "rule": row["rule"],
                "unit": row["unit"],
                "period": row["period"],
                "method": row["method"],
                "level": row["level"],
                "message": row["message"],
                "as_of": row["as_of"].isoformat(),
                "fired_at": row["fired_at"].isoformat(timespec="seconds"),
                "incidents": data.get("incidents", 0),
                "delivered": all(d.get("ok") for d in row["deliveries"] or []),
                "deliveries": row["deliveries"],
                "evidence": data.get("evidence", []),
            }
        )
    return out
