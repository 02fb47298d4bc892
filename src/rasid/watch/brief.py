"""The weekly situation brief (CrisisWatch style), assembled from the store as plain data.

``build`` reads the store and returns a frozen ``Brief``; ``brief_render``
only formats it.  Every number is counted from incidents (clusters) in the
store, an area keeps the ids of the incidents it counted, and every incident
listed carries its sources (``evidence.incidents``).

The window is ``since..until`` (any length).  Headline numbers compare it with
the window of the same length just before; each area's arrow compares its
violent incidents with the mean of the 4 windows of the same length before it,
with ACLED's change levels (``acled_rules.change_level``) as ``rasid trends``
does: a large or moderate increase has *deteriorated*, a large decrease has
*improved*, anything else is *unchanged*; an area whose fatalities more than
doubled to at least ``DOUBLED_FLOOR`` has deteriorated too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any

import pycountry
from sqlalchemy import Connection, Select, func, select

from rasid.errors import RasidError
from rasid.store import queries
from rasid.store.imported import DATASET_NAMES
from rasid.store.models import ArticleRow, ClusterMemberRow, ClusterRow, EventRow, FigureRow
from rasid.store.queries import Filters, cluster_conditions

from . import acled_rules, evidence

C = ClusterRow.__table__.c
E = EventRow.__table__.c
M = ClusterMemberRow.__table__.c
A = ArticleRow.__table__.c
F = FigureRow.__table__.c

BY = ("admin1", "country")
BASELINE_WINDOWS = 4  # an area's window against the mean of this many windows before it
HISTORY_WEEKS = 12  # weeks before the window on the weekly chart
DOUBLED_FLOOR = 10  # fatalities more than doubled *and* at least this many: deteriorated
TOP_INCIDENTS = 10
TOP_SPEAKERS = 8
QUOTES_PER_SPEAKER = 2
LISTED = 20  # figures, disputed tolls and claims listed; the rest are counted
DETERIORATED, IMPROVED, UNCHANGED = "deteriorated", "improved", "unchanged"
ARROWS = (DETERIORATED, IMPROVED, UNCHANGED)
MACHINE_CODED = "machine-coded, unreviewed"
UNKNOWN = "(unknown)"


@dataclass(frozen=True)
class Window:
    since: dt.date
    until: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def back(self, n: int) -> Window:
        """The window of the same length ``n`` windows earlier."""
        shift = dt.timedelta(days=n * self.days)
        return Window(self.since - shift, self.until - shift)

    def label(self) -> str:
        return f"{self.since.isoformat()}..{self.until.isoformat()}"

    def per(self) -> str:
        """How a rate over windows of this length is said: "per week", "per 10 days"."""
        weeks, days = divmod(self.days, 7)
        if not days:
            return "per week" if weeks == 1 else f"per {weeks} weeks"
        return "per day" if self.days == 1 else f"per {self.days} days"


@dataclass(frozen=True)
class Number:
    """A headline number of the window and of the window before it."""

    name: str
    value: int
    previous: int


@dataclass(frozen=True)
class Brief:
    title: str
    window: Window
    by: str
    filters: str  # the filters in effect, as the options that set them
    store: str
    generated_at: dt.datetime
    numbers: tuple[Number, ...]
    # Per area: name, country, arrow (one of ARROWS), level (ACLED's, of violent
    # incidents), violent, fatalities, their baselines (means per window over the
    # BASELINE_WINDOWS before), incidents (all types), reason, ids (most fatalities first).
    areas: tuple[dict[str, Any], ...]
    # Incidents and fatalities per 7 days ending on the window's last day, oldest
    # first: starts, incidents, fatalities, first_in_window (the first week overlapping it).
    weekly: dict[str, Any]
    points: tuple[dict[str, Any], ...]  # the window's incidents with coordinates, for the map
    serious: tuple[dict[str, Any], ...]  # evidence.incidents dicts, with mark and dispute
    disputes: tuple[dict[str, Any], ...]  # every disputed toll, as ``serious``
    # What the window's articles said: articles (how many were read), speakers (the
    # most quoted: name, about, statements, quotes), figures and claims.  Disputes,
    # figures and claims are complete: the renderers list LISTED and count the rest.
    said: dict[str, Any]
    incidents: int  # in the window
    machine_coded: int  # of them, coded by Rasid and not reviewed
    origins: tuple[tuple[str, int], ...]  # incidents of the window per origin


def build(
    conn: Connection,
    *,
    since: dt.date,
    until: dt.date,
    by: str = "admin1",
    filters: Filters | None = None,
    title: str | None = None,
    store: str = "",
    now: dt.datetime | None = None,
) -> Brief:
    """The brief of the window ``since..until`` (inclusive), by admin1 or country, of the
    incidents ``filters`` select (their own since and until are ignored)."""
    if since > until:
        raise RasidError(f"the window starts ({since}) after it ends ({until})")
    if by not in BY:
        raise RasidError(f"cannot group the brief by {by!r}; expected admin1 or country")
    window = Window(since, until)
    base = replace(filters or Filters(), since=None, until=None)
    weeks = -(-window.days // 7) + HISTORY_WEEKS
    first = min(window.back(BASELINE_WINDOWS).since, until - dt.timedelta(weeks * 7 - 1))
    rows = _rows(conn, replace(base, since=first, until=until))
    current = [r for r in rows if r["date_start"] >= window.since]
    before = window.back(1)
    earlier = [r for r in rows if before.since <= r["date_start"] <= before.until]
    reports = Number("reports", _reports(conn, base, window), _reports(conn, base, before))
    numbers = (*_numbers(current, earlier), reports)
    disputed = [r for r in current if len(set(r["fatalities_reported"] or [])) > 1]
    disputed.sort(key=_severity)
    origins = Counter(r["origin"] for r in current)
    return Brief(
        title=title or _title(base, rows),
        window=window,
        by=by,
        filters=filter_words(base),
        store=store,
        generated_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        numbers=numbers,
        areas=tuple(_areas(rows, window, by)),
        weekly=_weekly(rows, window, weeks),
        points=tuple(r for r in current if r["lat"] is not None and r["lon"] is not None),
        serious=tuple(
            _marked(conn, [r["id"] for r in sorted(current, key=_severity)][:TOP_INCIDENTS])
        ),
        disputes=tuple(_marked(conn, [r["id"] for r in disputed])),
        said=_said(conn, window, base),
        incidents=len(current),
        machine_coded=origins.get("rasid", 0),
        origins=tuple(sorted(origins.items())),
    )


def filter_words(f: Filters) -> str:
    """The filters in effect as the options that set them ("" when none)."""
    named = {k: v for k, v in vars(f).items() if v is not None and k != "has_location"}
    words = [f"--{k.replace('_', '-')} {v}" for k, v in named.items()]
    if f.has_location is not None:
        words.append("--has-location" if f.has_location else "--no-location")
    return " ".join(words)


def mark(origin: str) -> str:
    """How an incident's origin is shown: coded by Rasid, or the dataset it came from."""
    if origin == "rasid":
        return MACHINE_CODED
    return f"imported from {DATASET_NAMES.get(origin, origin)}"


def country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)
    return getattr(found, "common_name", found.name) if found else code


def _title(f: Filters, rows: list[dict[str, Any]]) -> str:
    """The title: the admin1 and the country selected, as the store spells them."""
    admin1 = next((r["admin1"] for r in rows if r["admin1"]), f.admin1) if f.admin1 else None
    country = country_name(queries.country_code(f.country)) if f.country else None
    where = ", ".join(w for w in (admin1, country) if w)
    return f"Situation brief: {where}" if where else "Situation brief"


def _rows(conn: Connection, f: Filters) -> list[dict[str, Any]]:
    query = select(
        C.id, C.date_start, C.admin1, C.country, C.location, C.lat, C.lon, C.fatalities,
        C.fatalities_reported, C.event_type, C.sub_event_type, C.origin,
    ).where(*cluster_conditions(conn, f))  # fmt: skip
    return [dict(r) for r in conn.execute(query).mappings()]


def _severity(row: dict[str, Any]) -> tuple[int, bool, int, int]:
    """Most fatalities first, violence before other types, then the latest."""
    violent = acled_rules.is_violent(row["event_type"], row["sub_event_type"])
    return (-(row["fatalities"] or 0), not violent, -row["date_start"].toordinal(), row["id"])


def _numbers(current: list[dict[str, Any]], earlier: list[dict[str, Any]]) -> list[Number]:
    def counts(rows: list[dict[str, Any]]) -> tuple[int, int, int]:
        violent = sum(acled_rules.is_violent(r["event_type"], r["sub_event_type"]) for r in rows)
        return len(rows), violent, sum(r["fatalities"] or 0 for r in rows)

    now, then = counts(current), counts(earlier)
    names = ("incidents", "violent incidents", "fatalities")
    return [Number(n, a, b) for n, a, b in zip(names, now, then, strict=True)]


def _reporting(conn: Connection, f: Filters) -> Select:
    """The reports (articles, or dataset rows) of the incidents matching ``f``."""
    return (
        select(E.article_id)
        .select_from(EventRow.__table__.join(ClusterMemberRow.__table__, M.event_id == E.id))
        .where(M.cluster_id.in_(select(C.id).where(*cluster_conditions(conn, f))))
    )


def _reports(conn: Connection, f: Filters, window: Window) -> int:
    reports = _reporting(conn, replace(f, since=window.since, until=window.until))
    reports = reports.distinct().subquery()
    return int(conn.execute(select(func.count()).select_from(reports)).scalar_one())


def _said(conn: Connection, window: Window, f: Filters) -> dict[str, Any]:
    """Statements, figures and claims of the articles Rasid coded that were published in
    the window; with filters on incidents, of those that reported an incident selected."""
    read = select(A.id).where(
        A.dataset.is_(None), A.published >= window.since, A.published <= window.until
    )
    if filter_words(f):
        read = read.where(A.id.in_(_reporting(conn, f)))
    articles = set(conn.execute(read).scalars())
    published = Filters(since=window.since, until=window.until)
    quoted = [s for s in queries.statements(conn, published) if s["article_id"] in articles]
    claims = [c for c in queries.claims(conn, published) if c["article_id"] in articles]
    figures = _figures(conn, read)
    for r in claims + figures:
        r["published"] = _iso(r["published"])
    return dict(articles=len(articles), speakers=_speakers(quoted), figures=figures, claims=claims)


def _areas(rows: list[dict[str, Any]], window: Window, by: str) -> list[dict[str, Any]]:
    """Each area's violent incidents and fatalities against its BASELINE_WINDOWS before."""
    n = BASELINE_WINDOWS + 1
    violent: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    deaths: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    countries: dict[str, set[str]] = defaultdict(set)
    now: dict[str, list[dict[str, Any]]] = defaultdict(list)  # the window's incidents
    for r in rows:
        back = (window.until - r["date_start"]).days // window.days
        if back >= n:
            continue
        unit = (r["country"] if by == "country" else r["admin1"]) or UNKNOWN
        if r["country"]:
            countries[unit].add(r["country"])
        violent[unit][back] += acled_rules.is_violent(r["event_type"], r["sub_event_type"])
        deaths[unit][back] += r["fatalities"] or 0
        if back == 0:
            now[unit].append(r)
    out = []
    for unit in violent:
        v, d = violent[unit], deaths[unit]
        v_base, d_base = sum(v[1:]) / BASELINE_WINDOWS, sum(d[1:]) / BASELINE_WINDOWS
        if not (now[unit] or v_base or d_base):
            continue
        level = acled_rules.change_level(v[0], v_base)
        doubled = d[0] >= DOUBLED_FLOOR and d[0] > 2 * d_base
        if level in (acled_rules.LARGE_INCREASE, acled_rules.MODERATE_INCREASE) or doubled:
            arrow = DETERIORATED
        elif level == acled_rules.LARGE_DECREASE:
            arrow = IMPROVED
        else:
            arrow = UNCHANGED
        known = sorted(countries[unit])
        out.append(
            {
                "name": country_name(unit) if by == "country" and unit != UNKNOWN else unit,
                "country": known[0] if len(known) == 1 else None,
                "arrow": arrow,
                "level": level,
                "violent": v[0],
                "violent_baseline": v_base,
                "fatalities": d[0],
                "fatalities_baseline": d_base,
                "incidents": len(now[unit]),
                "reason": _reason(level, v[0], v_base, d[0], d_base, doubled, window),
                "ids": [r["id"] for r in sorted(now[unit], key=_severity)],
            }
        )
    out.sort(key=lambda a: (ARROWS.index(a["arrow"]), -a["violent"], -a["fatalities"], a["name"]))
    return out


def _reason(
    level: str, v: int, v_base: float, d: int, d_base: float, doubled: bool, window: Window
) -> str:
    """What decided the arrow, then the numbers compared:
    "large increase: 12 violent incidents vs 4.5 per week before (+167%); 48 killed vs 9"."""
    noun = "violent incident" if v == 1 else "violent incidents"
    if v_base:
        change = acled_rules.change(v, v_base)
        said = f"{v} {noun} vs {_num(v_base)} {window.per()} before ({change:+.0%})"
    else:
        days = BASELINE_WINDOWS * window.days
        span = f"{days // 7} weeks" if days % 7 == 0 else f"{days} days"
        said = f"{v} {noun} vs none in the {span} before"
    said += f"; {d} killed vs {_num(d_base)}"
    if not doubled:
        return f"{level}: {said}"
    if level in (acled_rules.LARGE_INCREASE, acled_rules.MODERATE_INCREASE):
        return f"{level}: {said} (fatalities more than doubled)"
    return f"fatalities more than doubled: {said} ({level} in violent incidents)"


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _weekly(rows: list[dict[str, Any]], window: Window, weeks: int) -> dict[str, Any]:
    starts = [window.until - dt.timedelta(days=7 * (weeks - i) - 1) for i in range(weeks)]
    incidents, deaths = [0] * weeks, [0] * weeks
    for r in rows:
        i = weeks - 1 - (window.until - r["date_start"]).days // 7
        if 0 <= i < weeks:
            incidents[i] += 1
            deaths[i] += r["fatalities"] or 0
    first = weeks - -(-window.days // 7)
    return dict(starts=starts, incidents=incidents, fatalities=deaths, first_in_window=first)


def _marked(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Incidents with their sources, how they were coded, and their disputed tolls."""
    out = []
    for incident in evidence.incidents(conn, ids):
        reported = sorted(set(incident["fatalities_reported"]))
        kept = "none" if incident["fatalities"] is None else incident["fatalities"]
        figures = ", ".join(str(n) for n in reported)
        dispute = f"sources disagree: {figures}; {kept} kept" if len(reported) > 1 else None
        out.append(incident | {"mark": mark(incident["origin"]), "dispute": dispute})
    return out


def _speakers(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The speakers quoted most often in the window, each with up to two quotes (direct first)."""
    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if name := r["speaker"] or r["organization"]:
            by_name[name].append(r)
    out = []
    for name, said in sorted(by_name.items(), key=lambda i: (-len(i[1]), i[0]))[:TOP_SPEAKERS]:
        roles = Counter(r["role"] for r in said if r["role"])
        orgs = Counter(r["organization"] for r in said if r["organization"] not in (None, name))
        about = ", ".join(c.most_common(1)[0][0] for c in (roles, orgs) if c)
        chosen: list[dict[str, Any]] = []
        for r in sorted(said, key=lambda r: (r["kind"] != "direct", r["published"], r["start"])):
            if len(chosen) == QUOTES_PER_SPEAKER:
                break
            if all(r["quote"] != c["quote"] for c in chosen):
                chosen.append(
                    {"quote": r["quote"], "kind": r["kind"], "outlet": r["article_outlet"]}
                    | {"published": _iso(r["published"]), "url": r["url"]}
                )
        out.append({"name": name, "about": about, "statements": len(said), "quotes": chosen})
    return out


def _figures(conn: Connection, articles: Select) -> list[dict[str, Any]]:
    """Aggregate figures claimed in the window's articles, largest first."""
    query = (
        select(FigureRow.__table__, A.outlet.label("article_outlet"), A.published, A.url)
        .select_from(FigureRow.__table__.join(ArticleRow.__table__, A.id == F.article_id))
        .where(A.id.in_(articles))
    )
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return sorted(rows, key=lambda r: (-(r["value"] or r["high"] or 0), r["id"]))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
