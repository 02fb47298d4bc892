"""The store's schema: Alembic migrations create exactly the models' tables, on both backends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import storekit
from rasid.store import migrate
from rasid.store.engine import StoreError, resolve_url
from rasid.store.models import Base
from rasid.store.store import Store

db_url = storekit.db_url

TABLES = {
    "articles",
    "events",
    "actors",
    "places",
    "evidence",
    "statements",
    "figures",
    "clusters",
    "cluster_members",
    "cluster_actors",
    "failures",
    "claims",
}


def test_migrations_yield_the_models_schema(db_url):
    with Store(db_url) as store, store.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
        assert diff == []
        assert set(inspect(conn).get_table_names()) >= TABLES
        assert migrate.current_revision(conn) == migrate.head_revision()


def test_a_store_made_by_an_older_release_is_upgraded_in_place(db_url):
    """A store at revision 0001 (before claims) keeps its articles and gains claims."""
    from alembic import command
    from sqlalchemy import create_engine

    url = resolve_url(db_url)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0001")
            conn.execute(
                text(
                    "INSERT INTO articles (id, content_hash, extractor_version, n_events, "
                    "ingested_at) VALUES ('old-1', 'x', '0.1.0+r1', 0, '2025-01-01 00:00:00')"
                )
            )
            assert "claims" not in inspect(conn).get_table_names()
    finally:
        engine.dispose()
    with Store(db_url) as store, store.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert "claims" in inspect(conn).get_table_names()
        ids = conn.execute(text("SELECT id FROM articles")).scalars().all()
        assert ids == ["old-1"]


def test_opening_again_is_a_no_op(db_url):
    Store(db_url).close()
    with Store(db_url) as store, store.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        assert versions == [migrate.head_revision()]


def test_migrations_ship_inside_the_package():
    assert migrate.MIGRATIONS.is_dir()
    assert (migrate.MIGRATIONS / "env.py").is_file()
    assert list((migrate.MIGRATIONS / "versions").glob("0001_*.py"))


def test_sqlite_store_uses_wal_and_a_busy_timeout(tmp_path):
    with Store(tmp_path / "rasid.db") as store, store.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert (tmp_path / "rasid.db").is_file()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
        ("data/rasid.db", "sqlite:///data/rasid.db"),
    ],
)
def test_db_urls(given, expected):
    assert resolve_url(given) == expected


def test_default_store_is_rasid_db_or_env(monkeypatch):
    monkeypatch.delenv("RASID_DB", raising=False)
    assert resolve_url(None) == "sqlite:///rasid.db"
    monkeypatch.setenv("RASID_DB", "/tmp/other.db")
    assert resolve_url(None) == "sqlite:////tmp/other.db"


def test_bad_urls_and_unreachable_servers_are_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="unsupported database URL scheme 'mysql'"):
        resolve_url("mysql://root@localhost/x")
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "dir" / "rasid.db")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
