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


# Handmade events for what the bundled examples lack: no place, no country,
# actors the dictionary does not know.  Each is its own article and incident
# (months apart), so each is one cluster.
HANDMADE = {
    # located in Kirkuk; known actors
    "placed": dict(
        day="2024-01-05",
        type=("Battles", "Armed clash"),
        actor1=("Military Forces of Iraq", "state_forces", "IQ"),
        actor2=("Islamic State", "rebel_group", None),
        location=("Kirkuk", "Kirkuk", "IQ", 35.468, 44.392, 1),
        confidence=0.9,
    ),
    # no place at all; an actor the dictionary lacks; the victims' country is known
    "actors_only": dict(
        day="2024-03-10",
        type=("Violence against civilians", "Attack"),
        actor1=("Zindani Brigade", None, None),
        actor2=("Civilians", "civilians", "SY"),
        confidence=0.6,
    ),
    # no location chosen, but the sentence names a place in Yemen (not geocoded)
    "named_place": dict(
        day="2024-05-20",
        type=("Explosions/Remote violence", "Air/drone strike"),
        places=(("Marib", None, "YE", None, None, None),),
        confidence=0.7,
    ),
    # no country anywhere; protesters the dictionary lacks
    "nowhere": dict(
        day="2024-07-01",
        type=("Protests", "Peaceful protest"),
        actor1=("Teachers of the Valley", None, None),
        confidence=0.5,
    ),
}


def handmade_results():
    """One ArticleResult per HANDMADE event (article id = event id = the key)."""
    import datetime as dt

    from rasid.records import (
        Actor,
        Article,
        ArticleResult,
        DateMention,
        Event,
        Evidence,
        PlaceMention,
    )

    def actor(spec):
        if spec is None:
            return None
        name, kind, country = spec
        return Actor(name, kind, country, name, 0, len(name))

    def place(spec):
        name, admin1, country, lat, lon, precision = spec
        return PlaceMention(name, 0, len(name), admin1, None, country, lat, lon, precision)

    results = []
    for key, spec in HANDMADE.items():
        text = f"Report {key}: something happened."
        day = dt.date.fromisoformat(spec["day"])
        location = place(spec["location"]) if "location" in spec else None
        places = tuple(place(p) for p in spec.get("places", ())) + ((location,) if location else ())
        sentence = Evidence(0, len(text), text)
        event = Event(
            event_id=key,
            event_type=spec["type"][0],
            sub_event_type=spec["type"][1],
            plover_type="ASSAULT",
            date=DateMention(day, day, 1, None, None, None),
            actor1=actor(spec.get("actor1")),
            actor2=actor(spec.get("actor2")),
            assoc_actors=(),
            location=location,
            places=places,
            fatalities=None,
            counts=(),
            modality="reported",
            attribution=None,
            confidence=spec["confidence"],
            evidence=(sentence,),
            trigger=sentence,
            summary=text,
        )
        article = Article(id=key, text=text, source="Handmade Wire", published=day)
        results.append(ArticleResult(article=article, events=(event,)))
    return results


@pytest.fixture
def handmade_store(db_url):
    """A store holding the HANDMADE events, on each backend."""
    from rasid.store.ingest import ingest
    from rasid.store.store import Store

    results = handmade_results()
    with Store(db_url) as store:
        ingest(store, [r.article for r in results], extract=replay(results))
        yield store
