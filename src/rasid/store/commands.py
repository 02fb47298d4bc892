"""The store's commands: ``rasid ingest``, ``events``, ``stats``, ``show`` and ``export``.

Registered on the main ``rasid`` group by ``rasid.cli``.  Every command takes
``--db`` (a SQLite path, ``sqlite:///PATH`` or ``postgresql://...``; default
``$RASID_DB`` or ./rasid.db).  Exit codes as for ``rasid extract``: 3 when
some inputs failed, 1 when the store cannot be opened or written.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from rasid.cli_options import EXIT_PARTIAL, article_defaults, batch_options, parse_date
from rasid.errors import RasidError, first_line
from rasid.store import spreadsheet

db_option = click.option(
    "--db",
    envvar="RASID_DB",
    default="rasid.db",
    show_default=True,
    help="Store: a SQLite file, sqlite:///PATH or postgresql://USER@HOST/DB ($RASID_DB).",
)


table_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table: readable; csv: one row per line of the table; json: a JSON list.",
)


# The largest row count a database takes (a signed 64-bit integer).
MAX_LIMIT = 2**63 - 1

csv_formulas = click.option(
    "--csv-formulas",
    "formulas",
    is_flag=True,
    help="In CSV, keep cells that begin with = + - @ exactly as stored (for programs); "
    "by default they get a leading ' so a spreadsheet shows them as text, not formulas.",
)


def filter_options(command: Callable) -> Callable:
    """The filters shared by events, stats and export."""
    options = [
        click.option(
            "--since", callback=parse_date, help="Events on or after this day (YYYY-MM-DD)."
        ),
        click.option(
            "--until", callback=parse_date, help="Events on or before this day (YYYY-MM-DD)."
        ),
        click.option("--country", help="Country name or ISO code (Iraq, IQ, IRQ)."),
        click.option("--admin1", help="Province/governorate, e.g. Kirkuk (any case)."),
        click.option("--actor", help="Actor name or part of it (actor1, actor2 or associated)."),
        click.option("--type", "type_", help="ACLED event type or sub-event type."),
        click.option("--text", help="Words in the summary or evidence sentences."),
        click.option(
            "--min-confidence",
            type=click.FloatRange(0.0, 1.0),
            help="Events whose confidence is at least this (0..1); a cluster "
            "matches when its most confident report does.",
        ),
        click.option(
            "--origin",
            type=click.Choice(["rasid", "acled", "ucdp-ged"]),
            help="Only incidents coded by Rasid, or imported from ACLED or UCDP GED.",
        ),
        click.option(
            "--has-location/--no-location",
            "has_location",
            default=None,
            help="Only events with coordinates / only events without.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(kwargs: dict[str, Any]):
    from .queries import Filters

    return Filters(
        since=kwargs.pop("since"),
        until=kwargs.pop("until"),
        country=kwargs.pop("country"),
        admin1=kwargs.pop("admin1"),
        actor=kwargs.pop("actor"),
        type=kwargs.pop("type_"),
        text=kwargs.pop("text"),
        min_confidence=kwargs.pop("min_confidence"),
        has_location=kwargs.pop("has_location"),
        origin=kwargs.pop("origin"),
    )


def _store(db: str, *, readonly: bool = True):
    """The store for a command; read commands can use a store they cannot write."""
    from .store import Store

    return Store(db, readonly=readonly)


def clear_errors(command: Callable) -> Callable:
    """Library and database errors become one clear line and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except RasidError as exc:
            raise click.ClickException(str(exc)) from exc
        except Exception as exc:
            from sqlalchemy.exc import SQLAlchemyError  # imported late: `rasid` starts fast

            if not isinstance(exc, SQLAlchemyError):
                raise
            from .engine import damaged

            detail = first_line(exc)
            hint = "; run `rasid check --db ...` for what to do" if damaged(exc) else ""
            raise click.ClickException(f"database error: {detail}{hint}") from exc

    return wrapper


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str, int]]) -> str:
    """Rows as fixed-width text: (key, heading, width); the last column is not cut."""
    lines = ["  ".join(f"{h:<{w}}" for _, h, w in columns).rstrip()]
    for row in rows:
        cells = []
        for i, (key, _, width) in enumerate(columns):
            value = row.get(key)
            text = "-" if value is None or value == "" else str(value)
            if i < len(columns) - 1 and len(text) > width:
                text = text[: width - 1] + "…"
            cells.append(f"{text:<{width}}")
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@article_defaults
@batch_options
@click.option(
    "--alerts",
    "alert_rules",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="After storing, check these alert rules (YAML, as `rasid alerts --rules`).",
)
@clear_errors
def ingest(paths, db, published, source_name, processes, progress, triage, alert_rules) -> None:
    """Read, extract and store the articles in PATHS (files or directories).

    Each article is stored in its own transaction and its events are fused
    into clusters with earlier reports of the same incident.  Articles already
    stored with the same text and extractor version are skipped without
    re-extraction, so an interrupted run resumes where it stopped; changed
    articles are re-extracted and replace their old records.  Inputs that fail
    are recorded in the store's failures table (exit code 3).
    """
    from rasid import sources

    from .ingest import ingest as run

    rules = None
    if alert_rules:  # checked before any work, so a bad rules file costs nothing
        from rasid.watch.rules import load

        rules = load(alert_rules)

    def echo_failure(failure) -> None:
        click.echo(f"rasid: {failure.input}: {failure.message} [{failure.code}]", err=True)

    items = list(sources.read(paths, published=published, source=source_name))
    n = sum(1 for i in items if not hasattr(i, "code"))
    bar = progress if progress is not None else (sys.stderr.isatty() and n > 1)
    with _store(db, readonly=False) as store:
        report = run(
            store,
            items,
            processes=processes,
            progress=bar,
            on_failure=echo_failure,
            triage=triage,
        )
        click.echo(f"{report} -> {store.display_url}", err=True)
    delivered = True
    if rules is not None:
        from rasid.watch.commands import check_alerts

        delivered = not check_alerts(db, rules).failed
    if report.failed or not delivered:
        sys.exit(EXIT_PARTIAL)


EVENT_COLUMNS = [
    ("id", "event", 19),
    ("cluster_id", "cluster", 7),
    ("date_start", "date", 10),
    ("sub_event_type", "type", 24),
    ("actor1", "actor1", 22),
    ("actor2", "actor2", 22),
    ("location", "location", 20),
    ("admin1", "admin1", 14),
    ("fatalities", "killed", 6),
    ("outlet", "outlet", 20),
]


@click.command()
@db_option
@filter_options
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(0, MAX_LIMIT),
    help="0: all.",
)
@table_format
@csv_formulas
@clear_errors
def events(db, limit, fmt, formulas, **kwargs) -> None:
    """List stored events (one per reporting article), newest first, with filters.

    Each event shows its cluster: `rasid show EVENT_ID` prints the cluster with
    every article that reported the same incident.
    """
    from . import queries

    f = _filters(kwargs)
    with _store(db) as store, store.connect() as conn:
        rows = queries.list_events(conn, f, limit=limit or None)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=_json_default))
    elif fmt == "csv":
        columns = list(rows[0]) if rows else [k for k, _, _ in EVENT_COLUMNS]
        writer = spreadsheet.DictWriter(
            sys.stdout, fieldnames=columns, lineterminator="\n", formulas=formulas
        )
        writer.writeheader()
        writer.writerows(rows)
    else:
        click.echo(_table(rows, EVENT_COLUMNS))
        click.echo(f"({len(rows)} event(s){'; --limit 0 for all' if len(rows) == limit else ''})")


def _filter_words(f: Any) -> str:
    """The filters in effect, as the options that set them ("" when none)."""
    words = []
    for name, value in vars(f).items():
        if value is None:
            continue
        if name == "has_location":
            words.append("--has-location" if value else "--no-location")
        else:
            words.append(f"--{name.replace('_', '-')} {value}")
    return " ".join(words)


def format_summary(s: dict[str, Any], url: str, filters: str = "") -> str:
    lines = [
        f"store: {url}" + (f"   filtered: {filters}" if filters else ""),
        f"articles: {s['articles']}   events: {s['events']}   "
        f"clusters (distinct incidents): {s['clusters']} "
        f"({s['multi_source_clusters']} reported by more than one article)",
        f"event dates: {s['first_date'] or '-'} .. {s['last_date'] or '-'}",
        "failures: "
        + (
            f"{s['failures']} ("
            + ", ".join(f"{c}: {n}" for c, n in s["failures_by_code"].items())
            + ")"
            if s["failures"]
            else "0"
        ),
        "top event types: " + (", ".join(f"{k} ({n})" for k, n in s["top_types"]) or "-"),
        "top admin1: " + (", ".join(f"{k} ({n})" for k, n in s["top_admin1"]) or "-"),
    ]
    return "\n".join(lines)


@click.command()
@db_option
@click.option(
    "--by",
    type=click.Choice(["week", "month", "admin1", "actor", "type", "origin"]),
    help="Group by week (its Monday), month, admin1, actor, event type or origin "
    "(Rasid's own incidents beside imported ACLED or UCDP GED ones); "
    "without --by, print a summary of the store.",
)
@filter_options
@table_format
@csv_formulas
@clear_errors
def stats(db, by, fmt, formulas, **kwargs) -> None:
    """Event counts and fatalities, counted BY CLUSTER.

    An incident reported by several articles is one cluster and counts once,
    with its most conservative (lowest) fatality figure; `articles` is how many
    reports it had.  Filters apply to the clusters' canonical date, place, type
    and coordinates (--has-location), and to their member events' actors, text
    and confidence (a cluster's confidence is its most confident report's).
    Without --by, a summary of what matches the filters: clusters as counted
    here, events and articles as `rasid events` lists them.
    """
    from . import queries

    f = _filters(kwargs)
    with _store(db) as store, store.connect() as conn:
        if by is None:
            summary = queries.summary(conn, f)
            url = store.display_url
        else:
            rows = queries.stats(conn, by, f)
    if by is None:
        if fmt == "json":
            click.echo(json.dumps(summary, indent=1, default=_json_default))
        else:
            click.echo(format_summary(summary, url, _filter_words(f)))
        return
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=_json_default))
    elif fmt == "csv":
        writer = spreadsheet.DictWriter(
            sys.stdout,
            fieldnames=["key", "events", "fatalities", "articles"],
            lineterminator="\n",
            formulas=formulas,
        )
        writer.writeheader()
        writer.writerows(rows)
    else:
        width = max([len(str(r["key"])) for r in rows] + [len(by)])
        columns = [("key", by, width), ("events", "events", 7), ("fatalities", "killed", 7)]
        click.echo(_table(rows, columns + [("articles", "articles", 8)]))


@click.command()
@click.argument("event_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@clear_errors
def show(event_id, db, fmt) -> None:
    """Show an event's cluster: canonical values, then every report with its evidence.

    EVENT_ID is an event id from `rasid events` (ev-...) or a cluster id.
    """
    from . import queries

    with _store(db) as store, store.connect() as conn:
        cluster = queries.show(conn, event_id)
    if fmt == "json":
        click.echo(json.dumps(cluster, ensure_ascii=False, indent=1, default=_json_default))
        return
    c = cluster
    when = f"{c['date_start']}" + (
        f"..{c['date_end']}" if c["date_end"] and c["date_end"] != c["date_start"] else ""
    )
    place = ", ".join(str(x) for x in (c["location"], c["admin1"], c["country"]) if x)
    reported = ", ".join(map(str, c["fatalities_reported"] or [])) or "none"
    lines = [
        f"cluster {c['id']}: {c['event_type']} / {c['sub_event_type']}",
        f"  date: {when} (precision {c['date_precision']})   place: {place or '-'}"
        + (f" ({c['lat']}, {c['lon']})" if c["lat"] is not None else ""),
        f"  fatalities: {c['fatalities'] if c['fatalities'] is not None else '-'}"
        f" (reported: {reported})",
        f"  reports: {c['n_articles']} article(s) from {c['n_outlets']} outlet(s), "
        f"{c['first_reported']} .. {c['last_reported']}",
    ]
    for m in c["members"]:
        lines.append("")
        lines.append(
            f"- {m['id']}  [{m['outlet'] or 'unknown outlet'}, {m['published'] or 'no date'}] "
            f"{m['title'] or m['article_id']}"
        )
        if m["url"]:
            lines.append(f"  {m['url']}")
        lines.append(f"  {m['summary']}")
        for sentence in m["evidence"]:
            lines.append(f"  > {sentence}")
    click.echo("\n".join(lines))


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(
        ["acled", "geojson", "parquet", "plover", "statements", "claims", "corrections"]
    ),
    required=True,
    help="acled: ACLED's CSV columns; geojson; parquet; plover: PLOVER JSON; "
    "statements, claims (unattributed and hedged sentences), corrections (reviewers' "
    "audit log): CSV, or JSON when OUT ends in .json/.jsonl.",
)
@db_option
@filter_options
@csv_formulas
@clear_errors
def export(out, fmt, db, formulas, **kwargs) -> None:
    """Export the store's events (one record per cluster), statements or claims to OUT."""
    from .exports import export as run

    f = _filters(kwargs)
    with _store(db) as store, store.connect() as conn:
        n = run(conn, fmt, f, out, formulas=formulas)
    click.echo(f"wrote {n} record(s) to {out}", err=True)


@click.command()
@db_option
def check(db) -> None:
    """Check a store: is every page whole, is its schema this Rasid's, does every event
    belong to an article?  Says what to do about each problem (exit code 1).  Nothing
    is written."""
    from .health import OK, check_store

    findings = check_store(db)
    for f in findings:
        mark = "ok     " if f.status == OK else "PROBLEM"
        click.echo(f"{mark}  {f.check}: {f.detail}")
        if f.advice:
            click.echo(f"         what to do: {f.advice}")
    if any(f.status != OK for f in findings):
        sys.exit(1)


COMMANDS = (ingest, events, stats, show, export, check)


def register(group: click.Group) -> None:
    """Add the store's commands to the ``rasid`` group."""
    for command in COMMANDS:
        group.add_command(command)
