"""`rasid import`: ACLED and UCDP GED files become incidents of their own origin in the store,
idempotently, beside (never fused with) the incidents Rasid coded."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from rasid.cli import EXIT_PARTIAL, main
from rasid.datasets import read
from rasid.store.imported import import_incidents
from rasid.store.models import ArticleRow, ClusterRow, EventRow
from rasid.store.store import Store
from storekit import (  # noqa: F401 - fixtures
    db_url,  # noqa: F401 - fixture
    example_results,
    example_store,
)

DATA = Path(__file__).resolve().parent / "data" / "datasets"
ACLED = DATA / "acled-sample.csv"
UCDP = DATA / "ucdp-sample.csv"
SHARED_UCDP = Path(__file__).resolve().parents[2] / "shared" / "data" / "ucdp-ged-iraq-events.csv"


def _good_rows(path: Path, fmt: str) -> list:
    return [i for i in read(path, fmt) if not hasattr(i, "message")]


def _clusters(store: Store, origin: str | None = None) -> int:
    query = select(func.count()).select_from(ClusterRow)
    if origin:
        query = query.where(ClusterRow.origin == origin)
    with store.connect() as conn:
        return conn.execute(query).scalar_one()


def test_import_is_idempotent_and_reports_bad_rows_by_line(db_url):  # noqa: F811
    good = _good_rows(ACLED, "acled")
    with Store(db_url) as store:
        first = import_incidents(store, read(ACLED, "acled"), dataset="acled")
        assert first.added == len(good) and first.bad
        assert all(b.line > 1 for b in first.bad)
        again = import_incidents(store, read(ACLED, "acled"), dataset="acled")
        assert (again.added, again.updated, again.unchanged) == (0, 0, len(good))
        assert _clusters(store, "acled") == len(good)
        with store.connect() as conn:
            killed = conn.execute(select(func.sum(ClusterRow.fatalities))).scalar_one()
        assert killed == sum(i.fatalities or 0 for i in good)


def test_a_newer_release_updates_changed_rows_and_removes_dropped_ones(tmp_path):
    rows = list(csv.DictReader(io.StringIO(UCDP.read_text(encoding="utf-8"))))
    data = [r for r in rows if not r["id"].startswith("#")]
    with Store(tmp_path / "r.db") as store:
        good = _good_rows(UCDP, "ucdp-ged")
        kept = sorted(
            (dict(r) for r in data if r["id"] in {i.source_id for i in good}),
            key=lambda r: r["date_start"],
        )
        # release 1 holds one more incident, in a country and on a day the others cover
        dropped = dict(kept[1], id="399999")
        clean = tmp_path / "release1.csv"
        _write(clean, [*kept, dropped])
        first = import_incidents(store, read(clean, "ucdp-ged"), dataset="ucdp-ged")
        assert first.added == len(good) + 1
        # release 2: the first row's toll is revised and the extra incident withdrawn
        kept[0]["best"] = str(int(kept[0]["best"]) + 5)
        newer = tmp_path / "release2.csv"
        _write(newer, kept)
        report = import_incidents(store, read(newer, "ucdp-ged"), dataset="ucdp-ged")
        assert (report.updated, report.removed) == (1, 1)
        with store.connect() as conn:
            ids = set(conn.execute(select(ArticleRow.id)).scalars())
            revised = conn.execute(
                select(EventRow.fatalities).where(EventRow.id == f"ucdp-ged:{kept[0]['id']}")
            ).scalar_one()
        assert f"ucdp-ged:{dropped['id']}" not in ids
        assert revised == int(kept[0]["best"])
        assert _clusters(store) == len(kept)


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_imported_incidents_never_fuse_with_rasids_own(example_store):  # noqa: F811
    before = _clusters(example_store)
    report = import_incidents(example_store, read(ACLED, "acled"), dataset="acled")
    assert _clusters(example_store) == before + report.added
    assert _clusters(example_store, "rasid") == before


def test_articles_ingested_after_an_import_do_not_join_its_incidents(
    example_store,  # noqa: F811
    example_results,  # noqa: F811
    tmp_path,
):
    """The same incidents, imported from an ACLED export first, then coded from the
    articles: two origins side by side, each with all its incidents."""
    from rasid import sources
    from rasid.store.ingest import ingest
    from storekit import EXAMPLES, TARMIYAH, replay

    out = tmp_path / "export.csv"
    CliRunner().invoke(main, ["export", str(out), "--format", "acled", "--db", example_store.url])
    with Store(tmp_path / "both.db") as both:
        imported = import_incidents(both, read(out, "acled"), dataset="acled").added
        items = list(sources.read([EXAMPLES, TARMIYAH]))
        ingest(both, items, extract=replay(example_results))
        assert _clusters(both, "acled") == imported
        assert _clusters(both, "rasid") == _clusters(example_store)


def test_cli_import_and_stats_by_origin(tmp_path):
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(ACLED), "--format", "acled", "--db", db])
    assert result.exit_code == EXIT_PARTIAL  # the sample holds bad rows on purpose
    assert "acled-sample.csv:" in result.stderr and "added" in result.stdout
    result = runner.invoke(main, ["import", str(UCDP), "--format", "ucdp-ged", "--db", db])
    stats = runner.invoke(main, ["stats", "--db", db, "--by", "origin", "--format", "csv"])
    assert stats.exit_code == 0, stats.output
    lines = dict(line.split(",", 1) for line in stats.stdout.strip().splitlines()[1:])
    assert set(lines) == {"acled", "ucdp-ged"}
    assert int(lines["acled"].split(",")[0]) == len(_good_rows(ACLED, "acled"))
    only = runner.invoke(main, ["events", "--db", db, "--origin", "ucdp-ged", "--format", "json"])
    assert only.exit_code == 0
    assert only.stdout.count('"id"') == len(_good_rows(UCDP, "ucdp-ged"))


def test_wrong_format_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(
        main, ["import", str(UCDP), "--format", "acled", "--db", str(tmp_path / "s.db")]
    )
    assert result.exit_code == 1
    assert "ucdp-sample.csv" in result.output and "ucdp-ged" in result.output


def test_acled_export_imports_back_with_the_same_counts(example_store, tmp_path):  # noqa: F811
    out = tmp_path / "export.csv"
    runner = CliRunner()
    url = example_store.url
    result = runner.invoke(main, ["export", str(out), "--format", "acled", "--db", url])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    placed = [r for r in rows if r["country"]]  # a row with no country cannot be imported
    with Store(tmp_path / "copy.db") as copy:
        report = import_incidents(copy, read(out, "acled"), dataset="acled")
        assert (report.added, len(report.bad)) == (len(placed), len(rows) - len(placed))
        with copy.connect() as conn:
            killed = conn.execute(select(func.sum(ClusterRow.fatalities))).scalar_one()
    assert killed == sum(int(r["fatalities"]) for r in placed)


@pytest.mark.skipif(not SHARED_UCDP.exists(), reason=f"{SHARED_UCDP} is absent (../shared)")
def test_real_ucdp_file_imports_whole_with_canonical_provinces(tmp_path):
    with Store(tmp_path / "u.db") as store:
        from rasid.geo import Gazetteer

        report = import_incidents(
            store,
            read(SHARED_UCDP, "ucdp-ged"),
            dataset="ucdp-ged",
            admin1_name=Gazetteer.load().canonical_admin1,
        )
        assert (report.added, len(report.bad)) == (7473, 0)
        with store.connect() as conn:
            provinces = set(conn.execute(select(ClusterRow.admin1).distinct()).scalars())
    # UCDP's "Nīnawá province" and Rasid's geocoder agree on one spelling per governorate
    assert {"Nineveh", "Salahuddin", "Anbar", "Baghdad"} <= provinces
    assert not any(p and p.endswith("province") for p in provinces)
