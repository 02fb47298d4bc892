"""Review: a reviewer's corrections win in every query and export, are logged, and outlive
re-ingesting the articles; merges and splits hold when the events are stored again."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from rasid.cli import main
from rasid.store import exports, queries, review
from rasid.store.models import ClusterMemberRow, ClusterRow, CorrectionRow, TokenRow
from storekit import db_url, example_results, example_store  # noqa: F401 - fixtures


def _clusters(store) -> dict[int, set[str]]:
    with store.connect() as conn:
        rows = conn.execute(select(ClusterMemberRow.cluster_id, ClusterMemberRow.event_id))
        out: dict[int, set[str]] = {}
        for cid, eid in rows:
            out.setdefault(cid, set()).add(eid)
    return out


def _incident_of(store, event_id: str) -> int:
    return next(cid for cid, events in _clusters(store).items() if event_id in events)


def _acled_rows(store, tmp_path, f: queries.Filters | None = None):
    out = tmp_path / "x.csv"
    with store.connect() as conn:
        exports.export(conn, "acled", f or queries.Filters(), out)
    with open(out, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _reingest(store, results) -> None:
    """Store every article again as a newer extractor would: events deleted, re-clustered."""
    for result in results:
        store.save(result, version="0.0.0+reingest")


def _multi(store) -> tuple[int, set[str]]:
    return next((cid, ev) for cid, ev in sorted(_clusters(store).items()) if len(ev) > 1)


def test_a_correction_wins_everywhere_and_survives_reingest(
    example_store,  # noqa: F811
    example_results,  # noqa: F811
    tmp_path,
):
    cid, events = _multi(example_store)
    review.correct(example_store, cid, "fatalities", 99, "hospital toll", "amal")
    review.correct(example_store, cid, "actor1", "Zindani Brigade", "claimed it", "amal")
    with example_store.connect() as conn:
        assert (
            conn.execute(select(ClusterRow.fatalities).where(ClusterRow.id == cid)).scalar() == 99
        )
        by_actor = {r["key"] for r in queries.stats(conn, "actor")}
        found = queries.stats(conn, "type", queries.Filters(actor="zindani"))
    assert "Zindani Brigade" in by_actor and sum(r["events"] for r in found) == 1
    row = next(r for r in _acled_rows(example_store, tmp_path) if r["fatalities"] == "99")
    assert row["actor1"] == "Zindani Brigade" and "Corrected by a reviewer" in row["notes"]
    _reingest(example_store, example_results)
    again = _incident_of(example_store, sorted(events)[0])
    with example_store.connect() as conn:
        values = conn.execute(
            select(ClusterRow.fatalities, ClusterRow.corrected).where(ClusterRow.id == again)
        ).one()
    assert values[0] == 99 and values[1]["actor1"] == "Zindani Brigade"


def test_every_action_is_logged_with_its_author(example_store, tmp_path):  # noqa: F811
    cid, _ = _multi(example_store)
    review.correct(example_store, cid, "sub_event_type", "Air/drone strike", "", "amal")
    review.mark(example_store, cid, "review", "checked the sources", "omar")
    with example_store.connect() as conn:
        log = review.history(conn, cid)
        cluster = conn.execute(
            select(ClusterRow.event_type, ClusterRow.reviewed).where(ClusterRow.id == cid)
        ).one()
    assert [(h["action"], h["author"]) for h in log] == [("correct", "amal"), ("review", "omar")]
    assert log[0]["new"] == "Air/drone strike" and log[0]["old"] != "Air/drone strike"
    assert cluster.event_type == "Explosions/Remote violence"  # set by its sub-event type
    assert cluster.reviewed == 1
    out = tmp_path / "corrections.json"
    result = CliRunner().invoke(
        main, ["export", str(out), "--format", "corrections", "--db", example_store.url]
    )
    assert result.exit_code == 0, result.output
    assert [r["author"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["amal", "omar"]


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("event_type", "Riots", "correct sub_event_type instead"),
        ("event_type", "Picnic", "unknown event type"),
        ("fatalities", -1, "0 or more"),
        ("date", "last Tuesday", "YYYY-MM-DD"),
        ("place", {"name": "X", "lat": 95, "lon": 10}, "place.lat"),
        ("colour", "red", "cannot correct"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(example_store, field, value, says):  # noqa: F811
    cid, _ = _multi(example_store)
    with pytest.raises(review.ReviewError, match=says):
        review.correct(example_store, cid, field, value, "", "amal")
    with example_store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(CorrectionRow)).scalar() == 0


def test_not_an_event_leaves_counts_and_exports(example_store, tmp_path):  # noqa: F811
    cid, _ = _multi(example_store)
    before = len(_acled_rows(example_store, tmp_path))
    review.mark(example_store, cid, "not_event", "a commemoration, not an attack", "amal")
    assert len(_acled_rows(example_store, tmp_path)) == before - 1
    shown = _acled_rows(example_store, tmp_path, queries.Filters(not_events=True))
    assert len(shown) == before
    review.mark(example_store, cid, "event", "it was an attack after all", "omar")
    assert len(_acled_rows(example_store, tmp_path)) == before


def test_merge_and_split_hold_after_reingest(example_store, example_results):  # noqa: F811
    clusters = sorted(_clusters(example_store).items())
    (a, first), (b, second) = clusters[0], clusters[1]
    kept = review.merge(example_store, a, b, "the same raid", "amal")
    assert _clusters(example_store)[kept] == first | second
    _reingest(example_store, example_results)
    assert _clusters(example_store)[_incident_of(example_store, sorted(first)[0])] == first | second
    event = sorted(second)[0]
    merged = _incident_of(example_store, event)
    old, new = review.split(example_store, merged, event, "another day", "omar")
    assert _clusters(example_store)[new] == {event}
    _reingest(example_store, example_results)
    assert _clusters(example_store)[_incident_of(example_store, event)] == {event}


def test_tokens_are_stored_hashed_and_can_be_revoked(example_store):  # noqa: F811
    secret = review.create_token(example_store, "amal")
    with example_store.connect() as conn:
        assert review.token_owner(conn, secret) == "amal"
        assert review.token_owner(conn, secret + "x") is None
        stored = conn.execute(select(TokenRow.token_hash)).scalars().all()
    assert secret not in stored and len(stored[0]) == 64
    assert review.revoke_tokens(example_store, "amal") == 1
    with example_store.connect() as conn:
        assert review.token_owner(conn, secret) is None


def test_eval_scores_the_extractor_against_corrections(example_store):  # noqa: F811
    clusters = sorted(_clusters(example_store))
    review.correct(example_store, clusters[0], "fatalities", 1234, "", "amal")
    review.mark(example_store, clusters[1], "review", "right as coded", "amal")
    review.mark(example_store, clusters[2], "not_event", "an anniversary", "amal")
    result = CliRunner().invoke(main, ["eval", "--corrections", example_store.url])
    assert result.exit_code == 0, result.output
    assert "Reviewed incidents: 3; marked not an event: 1 (precision 0.667)" in result.stdout
    assert "fatalities      0.500  (1/2)" in result.stdout
    assert "event_type      1.000  (2/2)" in result.stdout
