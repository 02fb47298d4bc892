"""Shared fixtures; slow end-to-end tests run only when asked (CI asks)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow") or os.environ.get("RASID_RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow test: run with --run-slow or RASID_RUN_SLOW=1 (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared development data folder (../shared), or a skip saying it is absent."""
    if not SHARED.is_dir():
        pytest.skip(
            f"{SHARED} not found: the shared development data is not checked out beside the repo"
        )
    return SHARED


@pytest.fixture(scope="session")
def extractor():
    from rasid.pipeline import Extractor

    return Extractor()


PROBES = Path(__file__).resolve().parent / "data" / "eval" / "realnews-probes.jsonl"


@pytest.fixture(scope="session")
def probe_events(extractor):
    """The coded events of one report of the project's own probe set, by its id."""
    import datetime as dt
    import json

    from rasid.records import Article

    records = {
        (r := json.loads(line))["id"]: r
        for line in PROBES.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }

    def events(key: str):
        record = records[key]
        published = dt.date.fromisoformat(record["published"])
        return extractor(Article(id=key, text=record["text"], published=published)).events

    return events


@pytest.fixture(scope="session")
def nlp():
    """The shared spaCy pipeline, loaded once per test session."""
    from rasid import nlp as nlp_mod

    return nlp_mod.load()
