"""Helpers of the dashboard's browser tests: a seeded store, the API served by uvicorn in
a thread, and a Chromium page that records what it asked for and what went wrong.

The browser is Debian's Chromium (``/usr/bin/chromium``), driven by Playwright, which
cannot download its own browser here.  Without Chromium the tests skip -- unless CI is
set, when they fail: CI must run them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("RASID_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
VIEWPORT = {"width": 1400, "height": 1000}

# An article written to attack the page: markup and a script URL in its title, outlet,
# event sentence and quote.  The page must show all of it as text.
PWN = "window.__pwned=1"
SCRIPT_TAG = f"<script>{PWN}</script>"
IMG_TAG = f'<img src=x onerror="{PWN}">'
HOSTILE_ID = "hostile-kirkuk-2025-10-06"
HOSTILE_TEXT = (
    f"KIRKUK, Iraq - A car bomb {SCRIPT_TAG} exploded near a market {IMG_TAG} in Kirkuk "
    "on Sunday, killing five civilians, police said.\n\n"
    f'"The attackers {IMG_TAG} wanted a massacre {SCRIPT_TAG}," police spokesman '
    "Ahmed Karim told the Kirkuk Observer."
)


def require_chromium() -> str:
    """The Chromium executable; a skip without it (or without Playwright), a failure in CI."""
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "Playwright is not installed: pip install -e '.[test]'"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        problem = f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)"
    if problem is None:
        return str(CHROMIUM)
    if os.environ.get("CI"):
        pytest.fail(f"{problem}; CI runs the browser tests", pytrace=False)
    pytest.skip(f"{problem} to run the browser tests")


def hostile_article():
    from rasid.records import Article

    return Article(
        id=HOSTILE_ID,
        text=HOSTILE_TEXT,
        title=f"Car bomb in Kirkuk {SCRIPT_TAG}{IMG_TAG}",
        source="Kirkuk <b>Observer</b>",
        url="javascript:alert(1)",
        published=dt.date(2025, 10, 6),
    )


def seed_store(path: Path, example_results: list, extractor: Any) -> str:
    """A SQLite store at ``path``: the bundled examples (stored results, no NLP) and the
    hostile article (coded now, so its evidence holds its markup).  Returns its URL."""
    from rasid import sources
    from rasid.store.ingest import ingest
    from rasid.store.store import Store
    from storekit import EXAMPLES, TARMIYAH, replay

    url = f"sqlite:///{path}"
    hostile = hostile_article()
    with Store(url) as store:
        ingest(store, list(sources.read([EXAMPLES, TARMIYAH])), extract=replay(example_results))
        ingest(store, [hostile], extract=replay(list(extractor.pipe([hostile]))))
    return url


def copy_store(source: Path, target: Path) -> str:
    """A copy of a closed SQLite store (with its WAL, if one is left), as a URL."""
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{source}{suffix}")
        if src.exists():
            shutil.copyfile(src, f"{target}{suffix}")
    return f"sqlite:///{target}"


@contextmanager
def live_server(db: str, **options: Any) -> Iterator[str]:
    """Serve ``create_app(db)`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    import uvicorn

    from rasid.serve.app import create_app

    app = create_app(db, **options)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the dashboard's server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def fetch(url: str, *, token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_json(url: str, **kwargs: Any) -> Any:
    status, body = fetch(url, **kwargs)
    assert status == 200, f"GET {url}: {status} {body[:300]!r}"
    return json.loads(body)


def query(**params: Any) -> str:
    return urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})


class Dash:
    """A browser page on the dashboard, logging every request and every error."""

    def __init__(self, page: Any, base: str):
        self.page = page
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on(
            "console",
            lambda msg: (
                self.errors.append(f"console {msg.type}: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )

    def open(self, path: str = "/") -> None:
        self.page.goto(f"{self.base}{path}")
        self.wait_idle()

    def wait_idle(self) -> None:
        """Wait until the data of the view on show has arrived and is drawn."""
        self.page.wait_for_function(
            """() => {
                if (document.querySelector('[data-loading]')) return false;
                const statements = document.getElementById('statements-view');
                if (!statements.hidden) return document.getElementById('statements').children.length > 0;
                const panel = document.getElementById('incident-panel');
                if (!panel.hidden && !panel.dataset.id) return false;
                const map = document.getElementById('map');
                return document.getElementById('counts').dataset.total !== undefined
                    && map.dataset.markers !== undefined && map.dataset.basemap === 'loaded';
            }""",
            timeout=15000,
        )

    def api(self, path: str, **kwargs: Any) -> Any:
        return get_json(f"{self.base}{path}", **kwargs)

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def foreign_requests(self) -> list[str]:
        origin = urllib.parse.urlsplit(self.base)
        return [
            url
            for url in self.requests
            if urllib.parse.urlsplit(url)[:2] != origin[:2] and not url.startswith("data:")
        ]

    def assert_clean(self, *, refused: int = 0) -> None:
        """No request left the server, nothing failed in the page, no script was injected.

        ``refused``: how many answers the test made the server refuse (Chromium logs each
        4xx answer to a fetch as a console error)."""
        foreign = self.foreign_requests()
        assert not foreign, f"requests to other hosts: {foreign}"
        http = [e for e in self.errors if "Failed to load resource: the server responded" in e]
        others = [e for e in self.errors if e not in http]
        assert not others, f"errors in the page: {others}"
        assert len(http) == refused, f"refused requests: {http}"
        pwned = self.page.evaluate("() => typeof window.__pwned")
        assert pwned == "undefined", "a script from an article ran"
