"""Shared helpers of the store tests: a store URL per backend, and stored example results.

``db_url`` is parametrised over SQLite (a file in tmp_path) and PostgreSQL (a
fresh schema in the server's ``test`` database, dropped afterwards, so reruns
and parallel runs never collide).  Without a reachable PostgreSQL the
PostgreSQL cases skip, saying so -- unless RASID_REQUIRE_POSTGRES=1 (CI sets
it), when they fail.
"""

from __future__ import annotations

import functools
import os
import uuid
from pathlib import Path

import pytest

POSTGRES = os.environ.get(
    "RASID_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "rasid" / "examples"
DATA = Path(__file__).resolve().parent / "data" / "store"
TARMIYAH = DATA / "tarmiyah.jsonl"


@functools.cache
def _postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any reason is reported
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}"
    return None


def postgres_url() -> tuple[str, str]:
    """(URL whose search_path is a new schema, schema name); skips or fails without a server."""
    problem = _postgres_problem()
    if problem is not None:
        message = f"PostgreSQL at {POSTGRES} is not reachable ({problem})"
        if os.environ.get("RASID_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{message}; RASID_REQUIRE_POSTGRES=1 requires it")
        pytest.skip(f"{message}; set RASID_TEST_POSTGRES to test the PostgreSQL store")
    from sqlalchemy import create_engine, text

    schema = f"rasid_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{POSTGRES}?options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty store URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasid.db'}"
        return
    url, schema = postgres_url()
    try:
        yield url
    finally:
        drop_schema(schema)


@pytest.fixture(scope="session")
def example_results(extractor):
    """Extraction results of the bundled examples and the Tarmiyah reports (extracted once)."""
    from rasid import sources
    from rasid.records import Article

    articles = [a for a in sources.read([EXAMPLES, TARMIYAH]) if isinstance(a, Article)]
    return list(extractor.pipe(articles))


def replay(results):
    """An ``extract`` for ``ingest`` that hands back precomputed results (no NLP)."""
    by_id = {r.article.id: r for r in results}

    def extract(articles):
        for article in articles:
            yield by_id[article.id]

    return extract


@pytest.fixture
def example_store(db_url, example_results):
    """A store holding the bundled examples and the Tarmiyah reports, on each backend."""
    from rasid import sources
    from rasid.store.ingest import ingest
    from rasid.store.store import Store

    items = list(sources.read([EXAMPLES, TARMIYAH]))
    with Store(db_url) as store:
        ingest(store, items, extract=replay(example_results))
        yield store
