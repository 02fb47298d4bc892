"""Store benchmark: 100,000 synthetic events in SQLite and PostgreSQL; query times and ingest rate.

Run from the repository root::

    python benchmarks/store.py                      # 100,000 events, SQLite + PostgreSQL
    python benchmarks/store.py --events 20000 --no-postgres
    python benchmarks/store.py --pg postgresql://postgres@127.0.0.1:5432/test

The synthetic events follow a realistic mix: event types and sub-types weighted
roughly like ACLED's Middle East data (explosions/remote violence and battles
first, then protests, strategic developments, violence against civilians,
riots), the 18 Iraqi governorates and 14 Syrian ones with uneven weights, dates
over three years (2022-2024), skewed fatalities (most events none, a long
tail), a mix of state forces, rebels, militias, external forces and
civilians, one to three events per article, and about one report in five
repeating an incident another outlet already reported (so clusters hold
several events).  They are bulk-loaded straight into the tables (the load is
timed but is not the ingest path); then, on each backend:

* a filtered list: admin1 + event type + a one-year date range, limit 100
  (``rasid events --admin1 Nineveh --type "Armed clash" --since ... --limit 100``);
* per-week statistics and per-admin1 statistics over the whole store
  (``rasid stats --by week`` / ``--by admin1``: counts and fatalities by cluster);

each the best of ``--repeat`` runs after one warm-up (target: < 200 ms each).
Finally the ingest rate: ``--ingest`` precomputed ArticleResults (extraction
excluded) stored through ``Store.save`` -- one transaction per article, with
incremental fusion against the 100,000 stored events -- in articles/s.

PostgreSQL is skipped, with a message, when the server is unreachable.  The
benchmark uses its own schema there and drops it afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

TARGET_MS = 200.0
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# (event type, weight, [(sub-event type, weight, PLOVER type)])
TYPES = [
    (
        "Explosions/Remote violence",
        0.38,
        [
            ("Shelling/artillery/missile attack", 0.40, "ASSAULT"),
            ("Air/drone strike", 0.35, "ASSAULT"),
            ("Remote explosive/landmine/IED", 0.20, "ASSAULT"),
            ("Grenade", 0.03, "ASSAULT"),
            ("Suicide bomb", 0.02, "ASSAULT"),
        ],
    ),
    (
        "Battles",
        0.22,
        [
            ("Armed clash", 0.90, "FIGHT"),
            ("Government regains territory", 0.05, "FIGHT"),
            ("Non-state actor overtakes territory", 0.05, "FIGHT"),
        ],
    ),
    (
        "Protests",
        0.18,
        [
            ("Peaceful protest", 0.85, "PROTEST"),
            ("Protest with intervention", 0.12, "PROTEST"),
            ("Excessive force against protesters", 0.03, "ASSAULT"),
        ],
    ),
    (
        "Strategic developments",
        0.12,
        [
            ("Disrupted weapons use", 0.35, "SEIZE"),
            ("Arrests", 0.30, "COERCE"),
            ("Looting/property destruction", 0.15, "COERCE"),
            ("Other", 0.10, "OTHER"),
            ("Agreement", 0.05, "AGREE"),
            ("Change to group/activity", 0.05, "MOBILIZE"),
        ],
    ),
    (
        "Violence against civilians",
        0.07,
        [
            ("Attack", 0.75, "ASSAULT"),
            ("Abduction/forced disappearance", 0.20, "ASSAULT"),
            ("Sexual violence", 0.05, "ASSAULT"),
        ],
    ),
    (
        "Riots",
        0.03,
        [("Violent demonstration", 0.60, "PROTEST"), ("Mob violence", 0.40, "ASSAULT")],
    ),
]

# (governorate, weight, lat, lon)
IRAQ = [
    ("Nineveh", 12, 36.34, 43.13),
    ("Anbar", 10, 33.42, 43.30),
    ("Salahuddin", 10, 34.60, 43.68),
    ("Kirkuk", 8, 35.47, 44.39),
    ("Diyala", 8, 33.75, 44.61),
    ("Baghdad", 9, 33.31, 44.37),
    ("Basra", 5, 30.51, 47.78),
    ("Erbil", 4, 36.19, 44.01),
    ("Dohuk", 3, 36.87, 42.99),
    ("Sulaymaniyah", 3, 35.56, 45.44),
    ("Babil", 3, 32.48, 44.42),
    ("Karbala", 2, 32.62, 44.02),
    ("Najaf", 2, 32.03, 44.35),
    ("Wasit", 2, 32.51, 45.82),
    ("Maysan", 2, 31.84, 47.14),
    ("Dhi Qar", 3, 31.05, 46.26),
    ("Muthanna", 1, 31.32, 45.28),
    ("Qadisiyah", 1, 31.99, 44.93),
]
SYRIA = [
    ("Idlib", 14, 35.93, 36.63),
    ("Aleppo", 12, 36.20, 37.16),
    ("Deir ez-Zor", 10, 35.33, 40.14),
    ("Daraa", 8, 32.62, 36.10),
    ("Hama", 6, 35.13, 36.75),
    ("Raqqa", 6, 35.95, 39.01),
    ("Hasakah", 5, 36.50, 40.75),
    ("Homs", 5, 34.73, 36.71),
    ("Rural Damascus", 5, 33.52, 36.50),
    ("Latakia", 3, 35.52, 35.78),
    ("As-Suwayda", 3, 32.71, 36.57),
    ("Damascus", 2, 33.51, 36.29),
    ("Quneitra", 1, 33.13, 35.82),
    ("Tartus", 1, 34.89, 35.89),
]
# (name, type, country, weight)
ACTORS = [
    ("Military Forces of Iraq", "state_forces", "IQ", 14),
    ("Police Forces of Iraq", "state_forces", "IQ", 6),
    ("Popular Mobilization Forces", "political_militia", "IQ", 6),
    ("Peshmerga", "state_forces", "IQ", 3),
    ("Islamic State", "rebel_group", None, 14),
    ("Military Forces of Syria", "state_forces", "SY", 12),
    ("Hayat Tahrir al-Sham", "rebel_group", "SY", 8),
    ("Syrian Democratic Forces", "rebel_group", "SY", 7),
    ("Syrian National Army", "rebel_group", "SY", 5),
    ("Military Forces of Turkey", "external_forces", "TR", 6),
    ("Military Forces of Russia", "external_forces", "RU", 4),
    ("Military Forces of the United States", "external_forces", "US", 2),
    ("Unidentified Armed Group", "political_militia", None, 8),
    ("Civilians", "civilians", None, 10),
    ("Protesters", "protesters", None, 8),
    ("Rioters", "rioters", None, 2),
]
OUTLETS = [
    "Northern Wire",
    "Rafidain Daily",
    "Gulf Press Agency",
    "Euphrates Daily",
    "Tigris Wire",
    "Levant Monitor",
    "Aleppo Today",
    "Deir Post",
    "Kurdistan Herald",
    "Baghdad Observer",
    "Damascus Courier",
    "Regional Desk",
]
START = dt.date(2022, 1, 1)
DAYS = 3 * 365


def pick(rng: random.Random, items: Sequence, weights: Sequence[float]):
    return rng.choices(items, weights=weights, k=1)[0]


class Synth:
    """Draws one synthetic event's values at a time."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)

    def event(self) -> dict:
        rng = self.rng
        etype, _, subs = pick(rng, TYPES, [t[1] for t in TYPES])
        sub, _, plover = pick(rng, subs, [s[1] for s in subs])
        country = "IQ" if rng.random() < 0.45 else "SY"
        places = IRAQ if country == "IQ" else SYRIA
        admin1, _, lat, lon = pick(rng, places, [p[1] for p in places])
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        precision = pick(rng, [1, 2, 3], [0.8, 0.15, 0.05])
        end = day + dt.timedelta(
            days={1: 0, 2: rng.randint(1, 6), 3: rng.randint(7, 27)}[precision]
        )
        a1 = pick(rng, ACTORS, [a[3] for a in ACTORS])
        a2 = pick(rng, ACTORS, [a[3] for a in ACTORS]) if rng.random() < 0.7 else None
        if etype in ("Protests", "Riots"):
            a1 = ACTORS[-2] if etype == "Protests" else ACTORS[-1]
        violent = etype in ("Battles", "Explosions/Remote violence", "Violence against civilians")
        fatalities = None
        if violent and rng.random() < 0.55:
            fatalities = min(300, int(rng.paretovariate(1.2)) - 1 + (rng.random() < 0.5))
        return {
            "event_type": etype,
            "sub_event_type": sub,
            "plover_type": plover,
            "country": country,
            "admin1": admin1,
            "location": f"{admin1} district {rng.randint(1, 40)}",
            "lat": round(lat + rng.uniform(-0.6, 0.6), 5),
            "lon": round(lon + rng.uniform(-0.6, 0.6), 5),
            "location_precision": pick(rng, [1, 2, 3], [0.6, 0.3, 0.1]),
            "date_start": day,
            "date_end": end,
            "date_precision": precision,
            "actor1": a1,
            "actor2": a2,
            "fatalities": fatalities,
        }


def bulk_load(store, n_events: int, seed: int = 7) -> tuple[float, int]:
    """Insert ``n_events`` synthetic events (with articles, actors, evidence, clusters); seconds."""
    from sqlalchemy import insert, select

    from rasid.store.engine import write_transaction
    from rasid.store.models import (
        ActorRow,
        ArticleRow,
        ClusterActorRow,
        ClusterMemberRow,
        ClusterRow,
        EventRow,
        EvidenceRow,
    )

    synth = Synth(seed)
    rng = synth.rng
    now = dt.datetime(2025, 1, 1)
    clusters: list[dict] = []
    recent: dict[str, list[int]] = {}  # admin1 -> indexes of its latest clusters
    start = time.perf_counter()
    made = 0
    article_no = 0
    chunk = 5000
    while made < n_events:
        articles, events, actors, evidence, members = [], [], [], [], []
        cluster_actors: set[tuple[int, str]] = set()
        new_clusters: list[dict] = []
        while made < n_events and len(events) < chunk:
            article_no += 1
            outlet = rng.choice(OUTLETS)
            article_id = f"bench-{article_no:07d}"
            k = min(n_events - made, pick(rng, [1, 2, 3], [0.6, 0.3, 0.1]))
            published = None
            for position in range(k):
                e = synth.event()
                near = recent.get(e["admin1"], [])
                if near and rng.random() < 0.2:  # another outlet's report of a known incident
                    cid = rng.choice(near[-5:])
                    c = clusters[cid - 1]
                    e.update(
                        {key: c[key] for key in ("event_type", "sub_event_type", "date_start")}
                    )
                    e["date_end"] = e["date_start"]
                    c["n_events"] += 1
                    c["n_articles"] += 1
                else:
                    cid = len(clusters) + 1
                    c = {
                        "id": cid,
                        "event_type": e["event_type"],
                        "sub_event_type": e["sub_event_type"],
                        "date_start": e["date_start"],
                        "date_end": e["date_end"],
                        "date_precision": e["date_precision"],
                        "location": e["location"],
                        "admin1": e["admin1"],
                        "admin2": None,
                        "country": e["country"],
                        "lat": e["lat"],
                        "lon": e["lon"],
                        "location_precision": e["location_precision"],
                        "fatalities": e["fatalities"],
                        "fatalities_reported": [e["fatalities"]] if e["fatalities"] else [],
                        "n_events": 1,
                        "n_articles": 1,
                        "n_outlets": 1,
                        "first_reported": e["date_end"],
                        "last_reported": e["date_end"],
                        "updated_at": now,
                    }
                    clusters.append(c)
                    new_clusters.append(c)
                    recent.setdefault(e["admin1"], []).append(cid)
                published = published or e["date_end"] + dt.timedelta(days=rng.randint(0, 2))
                key = f"ev-{article_no:07d}-{position}"
                a1, a2 = e.pop("actor1"), e.pop("actor2")
                killed = e["fatalities"]
                summary = (
                    f"On {e['date_start']}, {a1[0]} {e['sub_event_type'].lower()} "
                    f"{'against ' + a2[0] + ' ' if a2 else ''}in {e['location']}, {e['admin1']}"
                    f"{f'; {killed} killed' if killed else ''}."
                )
                sentence = f"{summary} Officials said the situation was under control."
                events.append(
                    {
                        **e,
                        "id": key,
                        "article_id": article_id,
                        "position": position,
                        "outlet": outlet,
                        "date_text": None,
                        "actor1": a1[0],
                        "actor1_type": a1[1],
                        "actor1_country": a1[2],
                        "actor2": a2[0] if a2 else None,
                        "actor2_type": a2[1] if a2 else None,
                        "actor2_country": a2[2] if a2 else None,
                        "assoc_actors": None,
                        "admin2": None,
                        "geonames_id": None,
                        "fatalities_qualifier": "exact" if killed is not None else None,
                        "modality": "reported",
                        "confidence": round(rng.uniform(0.35, 0.95), 2),
                        "summary": summary,
                        "sketch_actors": [a1[0]] + ([a2[0]] if a2 else []),
                        "text": sentence,
                        "data": {"event_id": key, "summary": summary, "evidence": [sentence]},
                    }
                )
                for role, actor in (("actor1", a1), ("actor2", a2)):
                    if actor:
                        actors.append(
                            {
                                "event_id": key,
                                "role": role,
                                "name": actor[0],
                                "type": actor[1],
                                "country": actor[2],
                                "text": actor[0],
                                "start": 0,
                                "end": len(actor[0]),
                            }
                        )
                evidence.append(
                    {
                        "event_id": key,
                        "kind": "sentence",
                        "start": 0,
                        "end": len(sentence),
                        "text": sentence,
                    }
                )
                members.append({"event_id": key, "cluster_id": cid, "joined_at": now})
                cluster_actors.update((cid, a[0]) for a in (a1, a2) if a)
                made += 1
            articles.append(
                {
                    "id": article_id,
                    "url": f"https://{outlet.lower().replace(' ', '')}.example/{article_id}",
                    "outlet": outlet,
                    "title": f"Report {article_no}",
                    "published": published,
                    "language": "en",
                    "origin": "benchmark",
                    "content_hash": uuid.uuid4().hex,
                    "extractor_version": "bench",
                    "n_events": k,
                    "ingested_at": now,
                }
            )
        with write_transaction(store.engine) as conn:
            if new_clusters:
                conn.execute(insert(ClusterRow), new_clusters)
            conn.execute(insert(ArticleRow), articles)
            conn.execute(insert(EventRow), events)
            conn.execute(insert(ActorRow), actors)
            conn.execute(insert(EvidenceRow), evidence)
            conn.execute(insert(ClusterMemberRow), members)
            known = set(
                conn.execute(
                    select(ClusterActorRow.cluster_id, ClusterActorRow.name).where(
                        ClusterActorRow.cluster_id.in_({c for c, _ in cluster_actors})
                    )
                ).all()
            )
            rows = [{"cluster_id": c, "name": n} for c, n in cluster_actors - known]
            if rows:
                conn.execute(insert(ClusterActorRow), rows)
    # Repeat reports changed their clusters' counts: write those back.
    from sqlalchemy import bindparam, update

    grown = [
        {"cid": c["id"], "n_events": c["n_events"], "n_articles": c["n_articles"]}
        for c in clusters
        if c["n_events"] > 1
    ]
    with write_transaction(store.engine) as conn:
        if grown:
            conn.execute(
                update(ClusterRow)
                .where(ClusterRow.id == bindparam("cid"))
                .values(
                    n_events=bindparam("n_events"),
                    n_articles=bindparam("n_articles"),
                    n_outlets=bindparam("n_articles"),
                ),
                grown,
            )
        if store.dialect == "postgresql":  # clusters got explicit ids: move the sequence on
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('clusters', 'id'), (SELECT max(id) FROM clusters))"
            )
    _analyze(store)
    return time.perf_counter() - start, len(clusters)


def _analyze(store) -> None:
    """Refresh the planner's statistics, as after any large load."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()


def synthetic_results(n: int, seed: int = 11) -> list:
    """``n`` precomputed ArticleResults (1-3 events each), like extraction gives."""
    from rasid.records import (
        Actor,
        Article,
        ArticleResult,
        Count,
        DateMention,
        Event,
        Evidence,
        PlaceMention,
    )

    synth = Synth(seed)
    rng = synth.rng
    out = []
    for i in range(n):
        events = []
        published = None
        for j in range(pick(rng, [1, 2, 3], [0.6, 0.3, 0.1])):
            e = synth.event()
            published = published or e["date_end"] + dt.timedelta(days=1)
            a1, a2 = e["actor1"], e["actor2"]
            sentence = (
                f"{a1[0]} and {a2[0] if a2 else 'unknown attackers'} were involved in an "
                f"incident near {e['location']} in {e['admin1']}."
            )
            ev = Evidence(0, len(sentence), sentence)
            place = PlaceMention(
                name=e["location"],
                start=0,
                end=len(e["location"]),
                admin1=e["admin1"],
                country=e["country"],
                lat=e["lat"],
                lon=e["lon"],
                precision=e["location_precision"],
            )
            fat = None
            if e["fatalities"] is not None:
                fat = Count("fatalities", e["fatalities"], None, None, "exact", "killed", 0, 6)
            events.append(
                Event(
                    event_id=f"ev-ingest-{i}-{j}",
                    event_type=e["event_type"],
                    sub_event_type=e["sub_event_type"],
                    plover_type=e["plover_type"],
                    date=DateMention(
                        e["date_start"], e["date_end"], e["date_precision"], None, None, None
                    ),
                    actor1=Actor(a1[0], a1[1], a1[2], a1[0], 0, 5),
                    actor2=Actor(a2[0], a2[1], a2[2], a2[0], 6, 9) if a2 else None,
                    assoc_actors=(),
                    location=place,
                    places=(place,),
                    fatalities=fat,
                    counts=(),
                    modality="reported",
                    attribution=None,
                    confidence=0.8,
                    evidence=(ev,),
                    trigger=Evidence(0, 5, sentence[:5]),
                    summary=sentence,
                )
            )
        article = Article(
            id=f"ingest-{i:06d}",
            text=" ".join(e.summary for e in events),
            source=rng.choice(OUTLETS),
            published=published,
            language="en",
        )
        out.append(ArticleResult(article=article, events=tuple(events)))
    return out


def best_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) * 1000)
    return min(times)


def measure(store, n_events: int, n_ingest: int, repeat: int) -> dict:
    from rasid.store import queries

    load_s, n_clusters = bulk_load(store, n_events)
    list_filter = queries.Filters(
        admin1="Nineveh",
        type="Armed clash",
        since=dt.date(2023, 1, 1),
        until=dt.date(2023, 12, 31),
    )
    with store.connect() as conn:
        listed = queries.list_events(conn, list_filter, limit=100)
        results = {
            "filtered list (admin1+type+year, limit 100)": best_ms(
                lambda: queries.list_events(conn, list_filter, limit=100), repeat
            ),
            "stats by week (all clusters)": best_ms(lambda: queries.stats(conn, "week"), repeat),
            "stats by admin1 (all clusters)": best_ms(
                lambda: queries.stats(conn, "admin1"), repeat
            ),
            "stats by month, Iraq 2024": best_ms(
                lambda: queries.stats(
                    conn, "month", queries.Filters(country="IQ", since=dt.date(2024, 1, 1))
                ),
                repeat,
            ),
            "stats by actor (all clusters)": best_ms(lambda: queries.stats(conn, "actor"), repeat),
        }
    ingest = synthetic_results(n_ingest)
    t = time.perf_counter()
    for result in ingest:
        store.save(result)
    ingest_s = time.perf_counter() - t
    return {
        "events": n_events,
        "clusters": n_clusters,
        "listed": len(listed),
        "load_s": load_s,
        "query_ms": results,
        "ingest_articles": n_ingest,
        "ingest_events": sum(len(r.events) for r in ingest),
        "ingest_s": ingest_s,
    }


def postgres_schema(url: str) -> tuple[str, str] | str:
    """(URL bound to a new schema, schema), or the reason PostgreSQL is unusable."""
    from sqlalchemy import create_engine, text

    from rasid.store.engine import resolve_url

    base = resolve_url(url)
    schema = f"rasid_bench_{uuid.uuid4().hex[:10]}"
    try:
        engine = create_engine(base, connect_args={"connect_timeout": 3})
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - report any reason
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}"
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def drop_schema(url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    from rasid.store.engine import resolve_url

    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events (100,000)")
    parser.add_argument("--ingest", type=int, default=300, help="articles for the ingest rate")
    parser.add_argument("--repeat", type=int, default=5, help="best of R query runs (default 5)")
    parser.add_argument("--pg", default=os.environ.get("RASID_TEST_POSTGRES", DEFAULT_PG))
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)

    from rasid.store.store import Store

    runs: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        print(f"loading {args.events:,} events into SQLite ...", file=sys.stderr)
        with Store(Path(tmp) / "bench.db") as store:
            runs["SQLite"] = measure(store, args.events, args.ingest, args.repeat)
    if args.no_postgres:
        print("PostgreSQL: skipped (--no-postgres)")
    else:
        made = postgres_schema(args.pg)
        if isinstance(made, str):
            print(f"PostgreSQL: skipped, {args.pg} is not reachable ({made})")
        else:
            url, schema = made
            try:
                print(f"loading {args.events:,} events into PostgreSQL ...", file=sys.stderr)
                with Store(url) as store:
                    runs["PostgreSQL"] = measure(store, args.events, args.ingest, args.repeat)
            finally:
                drop_schema(args.pg, schema)

    names = list(runs)
    first = runs[names[0]]
    width = max(len(k) for k in first["query_ms"]) + 2
    print(
        f"{args.events:,} synthetic events; query times in ms, best of {args.repeat} "
        f"(target < {TARGET_MS:.0f} ms); {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}"
    )
    print(f"{'':<{width}}" + "".join(f"{n:>14}" for n in names))
    print(f"{'clusters':<{width}}" + "".join(f"{runs[n]['clusters']:>14,}" for n in names))
    print(
        f"{'bulk load, events/s':<{width}}"
        + "".join(f"{runs[n]['events'] / runs[n]['load_s']:>14,.0f}" for n in names)
    )
    ok = True
    for query in first["query_ms"]:
        cells = []
        for n in names:
            ms = runs[n]["query_ms"][query]
            required = not query.startswith(("stats by month", "stats by actor"))
            ok &= ms < TARGET_MS or not required
            cells.append(f"{ms:>12.1f}{'' if ms < TARGET_MS else ' !'}")
        print(f"{query:<{width}}" + "".join(f"{c:>14}" for c in cells))
    print(
        f"{'ingest, articles/s':<{width}}"
        + "".join(f"{runs[n]['ingest_articles'] / runs[n]['ingest_s']:>14.1f}" for n in names)
    )
    print(
        f"{'ingest, events/s':<{width}}"
        + "".join(f"{runs[n]['ingest_events'] / runs[n]['ingest_s']:>14.1f}" for n in names)
    )
    print(
        json.dumps(
            {
                n: {
                    "events": r["events"],
                    "clusters": r["clusters"],
                    "bulk_load_events_per_s": round(r["events"] / r["load_s"]),
                    "query_ms": {k: round(v, 2) for k, v in r["query_ms"].items()},
                    "ingest_articles_per_s": round(r["ingest_articles"] / r["ingest_s"], 1),
                    "ingest_events_per_s": round(r["ingest_events"] / r["ingest_s"], 1),
                }
                for n, r in runs.items()
            }
        )
    )
    print("all required queries under target" if ok else "SOME REQUIRED QUERIES OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
