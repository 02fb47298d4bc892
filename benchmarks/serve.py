"""Latency of the dashboard's API on a large store, and the map payload at world zoom.

Loads N synthetic events (default 100,000, with ``benchmarks/store.py``'s
generator) into SQLite and PostgreSQL, then times the calls the page makes --
the map (world zoom and a country zoom), the weekly timeline, a page of the
table with typical filters, and one incident's detail -- through the ASGI app
in-process (no network), each called ``--calls`` times: p50 and p95 in ms.
Target: p95 under 200 ms on this 2-core machine.  Prints the size of the map
payload at world zoom (the page must not download every incident).  With
Chromium installed (``/usr/bin/chromium``), it also serves the SQLite store with
uvicorn and times how long the page takes to be usable (the table filled).

    python benchmarks/serve.py [--events 100000] [--calls 30] [--no-postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store import DEFAULT_PG, bulk_load, drop_schema, postgres_schema  # noqa: E402

CALLS = {
    "map, world (zoom 2)": ("/api/map", {"zoom": 2}),
    "map, Iraq (zoom 6)": (
        "/api/map",
        {"zoom": 6, "west": 38, "south": 29, "east": 49, "north": 38},
    ),  # fmt: skip
    "timeline (weeks, one country)": ("/api/stats", {"by": "week", "country": "IQ"}),
    "table page (filters, by fatalities)": (
        "/api/incidents",
        {"country": "IQ", "since": "2024-01-01", "sort": "-fatalities", "per_page": 50},
    ),
    "table page 20 (no filter)": ("/api/incidents", {"page": 20, "per_page": 50}),
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(url: str, calls: int) -> None:
    from fastapi.testclient import TestClient

    from rasid.serve.app import create_app

    rng = random.Random(5)
    with TestClient(create_app(url)) as client:
        ids = [i["id"] for i in client.get("/api/incidents", params={"per_page": 500}).json()[
            "incidents"]]  # fmt: skip
        world = client.get("/api/map", params={"zoom": 2})
        print(f"  map payload at world zoom: {len(world.content):,} bytes, "
              f"{len(world.json()['cells'])} cells for {world.json()['total']:,} incidents")  # fmt: skip
        calls_made = dict(CALLS)
        calls_made["incident detail"] = ("/api/incidents/{id}", {})
        for name, (path, params) in calls_made.items():
            times = []
            for _ in range(calls):
                target = path.replace("{id}", str(rng.choice(ids)))
                start = time.perf_counter()
                response = client.get(target, params=params)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (name, response.text[:200])
            p50, p95 = statistics.median(times), percentile(times, 0.95)
            print(f"  {name:<38} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")


def page_usable(db: Path) -> None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        print("  page usable: skipped (no /usr/bin/chromium)")
        return
    import socket
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    from rasid.serve.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("table tbody tr", timeout=30_000)
            print(f"  page usable (table filled) in Chromium: "
                  f"{time.perf_counter() - start:.2f} s")  # fmt: skip
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=30, help="calls per endpoint")
    parser.add_argument("--pg", default=os.environ.get("RASID_TEST_POSTGRES", DEFAULT_PG))
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    from rasid.store.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "serve.db"
        with Store(db) as store:
            seconds, _ = bulk_load(store, args.events)
        print(f"SQLite ({args.events:,} events loaded in {seconds:.0f} s)")
        measure(str(db), args.calls)
        page_usable(db)
    if args.no_postgres:
        return 0
    made = postgres_schema(args.pg)
    if isinstance(made, str):
        print(f"PostgreSQL: skipped ({made})")
        return 0
    url, schema = made
    try:
        with Store(url) as store:
            seconds, _ = bulk_load(store, args.events)
        print(f"PostgreSQL ({args.events:,} events loaded in {seconds:.0f} s)")
        measure(url, args.calls)
    finally:
        drop_schema(args.pg, schema)
    return 0


if __name__ == "__main__":
    sys.exit(main())
