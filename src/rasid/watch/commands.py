"""The watch commands: ``rasid import``, ``trends``, ``alerts`` and ``report``.

Registered on the main ``rasid`` group by ``rasid.cli``.  Exit codes as for the
store's commands: 1 when the store or an input cannot be used, 3 when an import
skipped bad rows or an alert could not be delivered, 2 for bad usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from rasid.cli_options import EXIT_PARTIAL, parse_date
from rasid.store import spreadsheet
from rasid.store.commands import (
    _filters,
    _store,
    _table,
    clear_errors,
    csv_formulas,
    db_option,
    filter_options,
    table_format,
)

as_of_option = click.option(
    "--as-of",
    callback=parse_date,
    help="Evaluate as if today were this day (YYYY-MM-DD), for backtests; default today.",
)


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["acled", "ucdp-ged"]),
    required=True,
    help="acled: an ACLED export (CSV); ucdp-ged: a UCDP GED release (CSV, .csv.gz).",
)
@db_option
@click.option(
    "--keep-missing",
    is_flag=True,
    help="Keep stored rows of this dataset that the file no longer holds "
    "(default: remove them within the countries and dates the file covers).",
)
@clear_errors
def import_cmd(path, fmt, db, keep_missing) -> None:
    """Import an event dataset into the store, beside the incidents Rasid coded.

    Each row becomes one incident whose origin is the dataset (see
    `rasid stats --by origin`).  Importing the same file again changes nothing;
    a newer release updates changed rows and removes the rows it dropped.  Bad
    rows are reported with their line number and skipped (exit code 3).
    """
    from rasid.datasets import read
    from rasid.geo import Gazetteer
    from rasid.store.imported import import_incidents

    gazetteer = Gazetteer.load()

    def bad(row) -> None:
        click.echo(f"rasid: {row.path}:{row.line}: {row.message}", err=True)

    with _store(db, readonly=False) as store:
        report = import_incidents(
            store,
            read(path, fmt),
            dataset=fmt,
            source=str(path),
            admin1_name=gazetteer.canonical_admin1,
            remove_missing=not keep_missing,
            on_bad=bad,
        )
    click.echo(f"{path}: {report}")
    if report.bad:
        sys.exit(EXIT_PARTIAL)


def trend_options(command):
    """Options shared by trends and alerts --list."""
    for option in reversed(
        [
            click.option(
                "--by",
                type=click.Choice(["admin1", "admin2", "actor", "type", "country"]),
                default="admin1",
                show_default=True,
                help="The unit a trend is computed for.",
            ),
            click.option(
                "--period",
                type=click.Choice(["week", "month"]),
                default="week",
                show_default=True,
                help="ACLED weeks (Saturday to Friday) or calendar months.",
            ),
            as_of_option,
            click.option(
                "--baseline",
                type=click.IntRange(1, 156),
                help="Periods the baseline averages over [default: 4 weeks, 12 months]; "
                "ACLED uses 4 or 52 weeks.",
            ),
            click.option(
                "--events",
                type=click.Choice(["violent", "all"]),
                default="violent",
                show_default=True,
                help="violent: ACLED's political violence (battles, explosions, violence "
                "against civilians, riots, excessive force against protesters); all: every type.",
            ),
        ]
    ):
        command = option(command)
    return command


@click.command()
@db_option
@trend_options
@filter_options
@table_format
@csv_formulas
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the units' series (the 8 busiest) to this .png or .svg file.",
)
@clear_errors
def trends(db, by, period, as_of, baseline, events, fmt, formulas, plot, **kwargs) -> None:
    """Where violence is rising: per unit, the latest period against its baseline.

    For each unit: incidents and fatalities in the latest complete period, the
    baseline (mean per period before it), the change and ACLED's change level;
    for admin1 units ACLED's surge and threat flags; a seasonal statistical
    detector (alarm at a 1 % false-alarm rate per unit and period) and a CUSUM
    for sustained rises; and, for incidents Rasid coded, the count at the
    baseline's article coverage.  Emerging actors follow the table.
    """
    from . import charts
    from . import trends as trends_mod

    if plot:
        charts.check_path(plot)
    options = trends_mod.Options(
        by=by,
        period=period,
        as_of=as_of,
        baseline=baseline,
        events=events,
        filters=_filters(kwargs),
    )
    with _store(db) as store, store.connect() as conn:
        result = trends_mod.compute(conn, options)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        rows = [u.to_dict() for u in result.units]
        _write_csv(rows, [k for k in (rows[0] if rows else _CSV_FIELDS) if k != "incidents"],
                   formulas)  # fmt: skip
    else:
        click.echo(format_trends(result))
    if plot:
        busiest = sorted(result.units, key=lambda u: -sum(u.series[-52:]))[:8]
        starts = [p.start for p in _window(result)]
        lines = {u.unit: u.series for u in busiest}
        what = "violent incidents" if events == "violent" else "incidents"
        charts.series_chart(
            plot, starts, lines, title=f"{what.capitalize()} per {period}, by {by}",
            ylabel=f"{what} per {period}",
        )  # fmt: skip
        click.echo(f"chart: {plot}", err=True)


def _write_csv(rows: list[dict[str, Any]], fields: list[str], formulas: bool) -> None:
    """CSV on stdout, only ``fields``, formula cells neutralised unless ``formulas``."""
    writer = spreadsheet.DictWriter(
        sys.stdout, fieldnames=fields, lineterminator="\n", formulas=formulas,
        extrasaction="ignore",
    )  # fmt: skip
    writer.writeheader()
    writer.writerows(rows)


_CSV_FIELDS = ("unit", "country", "events", "fatalities", "baseline", "change", "level")


def _window(result) -> list:
    from . import periods
    from . import trends as trends_mod

    kind = result.options.period
    return periods.back(kind, result.as_of, trends_mod.HISTORY[kind])


def _percent(value: float | None) -> str:
    return "new" if value is None else f"{value:+.0%}"


def _flag(value: bool | None) -> str:
    return "-" if value is None else ("YES" if value else "no")


def format_trends(result) -> str:
    """The trends table an analyst reads, with what was compared to what."""
    o = result.options
    what = "violent incidents" if o.events == "violent" else "incidents"
    unit = "weeks" if o.period == "week" else "months"
    lines = [
        f"Trends by {o.by}: {what} in {result.latest.label(o.period)} (as of "
        f"{result.as_of.isoformat()}) against the mean of the {o.baseline_periods} {unit} before.",
        "Change levels, surge and threat are ACLED's early-warning rules; 'alarm' is the "
        "seasonal detector (1% false alarms), 'cusum' a sustained rise.",
    ]
    if result.articles is not None:
        lines.append(
            f"Coverage: {result.articles} article(s) coded in the latest period, "
            f"{result.articles_baseline:.1f} per period in the baseline; "
            "'norm' is the count at baseline coverage."
        )
    if not result.units:
        lines.append(f"No {what} in the latest period or its baseline.")
        if result.last_data and result.last_data < result.latest.start:
            lines.append(
                f"The newest incident selected is of {result.last_data.isoformat()}; "
                "use --as-of to look at an earlier period."
            )
        return "\n".join(lines)
    rows: list[dict[str, Any]] = []
    for u in result.units:
        rows.append(
            {
                "unit": u.unit,
                "events": u.events,
                "killed": u.fatalities,
                "baseline": f"{u.baseline:.1f}",
                "change": _percent(u.change),
                "level": u.level,
                "surge": _flag(u.surge),
                "threat": _flag(u.threat),
                "expected": f"{u.detector.expected:.1f}<={u.detector.upper}",
                "alarm": "YES" if u.detector.alarm else "no",
                "cusum": "YES" if u.cusum else "no",
                "norm": "-" if u.normalised_events is None else f"{u.normalised_events:.1f}",
            }
        )
    width = max(len(o.by), *(len(r["unit"]) for r in rows))
    columns = [("unit", o.by, min(width, 40))] + [
        (k, k, w)
        for k, w in (
            ("events", 6), ("killed", 6), ("baseline", 8), ("change", 7), ("level", 17),
            ("surge", 5), ("threat", 6), ("expected", 9), ("alarm", 5), ("cusum", 5), ("norm", 6),
        )
    ]  # fmt: skip
    lines.append(_table(rows, columns))
    if result.emerging:
        lines.append("")
        lines.append("Emerging actors (in violence in the latest 4 weeks, not in the year before):")
        for e in result.emerging:
            lines.append(
                f"  {e.actor} ({e.type}, {e.country or 'unknown country'}): {e.events} "
                f"incident(s) since {e.first.isoformat()}"
            )
    return "\n".join(lines)


@click.command()
@db_option
@click.option(
    "--rules",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Alert rules (YAML); default: the shipped rules (--show-default-rules prints them).",
)
@as_of_option
@click.option("--list", "list_", is_flag=True, help="List the alerts that fired; send nothing.")
@click.option("--since", callback=parse_date, help="With --list: alerts of periods from this day.")
@click.option("--dry-run", is_flag=True, help="Print what would fire; store and send nothing.")
@click.option("--show-default-rules", is_flag=True, help="Print the shipped rules file and exit.")
@table_format
@csv_formulas
@clear_errors
def alerts(db, rules, as_of, list_, since, dry_run, show_default_rules, fmt, formulas) -> None:
    """Check alert rules against the store and send what fires (or --list what fired).

    Each alert fires once per rule, unit and period and is remembered in the
    store, so a rerun does not send it again; a delivery that failed is retried
    at the next run (exit code 3 while any fails).  Alerts carry the incidents
    that triggered them, with their sources' links.
    """
    from . import alerts as alerts_mod
    from . import rules as rules_mod

    if show_default_rules:
        click.echo(rules_mod.default_rules_text(), nl=False)
        return
    if list_:
        with _store(db) as store, store.connect() as conn:
            found = alerts_mod.stored(conn, as_of=as_of, since=since)
        _print_alerts(found, fmt, formulas)
        return
    loaded = rules_mod.load(rules)
    report = check_alerts(db, loaded, as_of, dry_run=dry_run)
    if dry_run:
        _print_alerts(report.fired, fmt, formulas)
    if report.failed:
        sys.exit(EXIT_PARTIAL)


def check_alerts(db: str, rules: list, as_of=None, *, dry_run: bool = False):
    """Run alert rules on a store and say on stderr what happened (ingest --alerts too)."""
    from . import alerts as alerts_mod

    with _store(db, readonly=dry_run) as store:
        report = alerts_mod.run(store, rules, as_of, dry_run=dry_run)
    click.echo(f"alerts: {report}", err=True)
    for d in report.failed:
        click.echo(f"rasid: alert delivery to {d.sink} failed: {d.error}", err=True)
    return report


def _print_alerts(found: list[dict[str, Any]], fmt: str, formulas: bool) -> None:
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    fields = ["period", "rule", "unit", "level", "incidents", "message", "as_of"]
    if fmt == "csv":
        _write_csv(found, fields, formulas)
        return
    if not found:
        click.echo("No alerts.")
        return
    columns = [("period", "period", 10), ("rule", "rule", 18), ("unit", "unit", 22)]
    columns += [("level", "level", 17), ("incidents", "n", 4), ("message", "message", 0)]
    click.echo(_table(found, columns))


def register(group: click.Group) -> None:
    for command in (import_cmd, trends, alerts, report):
        group.add_command(command)


REPORT_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}


@click.command()
@db_option
@filter_options
@click.option(
    "--by",
    type=click.Choice(["admin1", "country"]),
    default="admin1",
    show_default=True,
    help="The areas the brief gives a trend for.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "pdf"]),
    help="md: Markdown, with the chart and map as PNG files beside it; html: one "
    "self-contained page; pdf: that page printed [default: from the file name].",
)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write.",
)
@click.option(
    "--basemap",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Boundaries to draw under the map: a GeoJSON file of polygons (never downloaded).",
)
@click.option("--title", help="The brief's title [default: Situation brief, and the filters].")
@clear_errors
def report(db, by, fmt, out, basemap, title, **kwargs) -> None:
    """The situation brief of a window: what changed, where, and who said what.

    The window is --since..--until (any length; default: the last complete
    ACLED week, Saturday to Friday).  Headline numbers are compared with the
    window of the same length before it; each area (admin1 or country) gets
    an arrow -- deteriorated, improved or unchanged -- from ACLED's change
    levels against the 4 windows before.  Then a weekly chart, a map, the most
    serious incidents with their sources, what officials said, the figures
    they claimed, the tolls sources disagree on, and unattributed or hedged
    claims.  Incidents coded by Rasid are marked machine-coded and unreviewed.
    """
    import datetime as dt

    from . import brief as brief_mod
    from . import brief_render, maps, periods

    f = _filters(kwargs)
    until = f.until or (dt.date.today() if f.since else periods.latest("week", dt.date.today()).end)
    since = f.since or until - dt.timedelta(days=6)
    if since > until:
        raise click.BadParameter(
            f"{since} is after --until {until}; the window must start before it ends",
            param_hint="--since",
        )
    fmt = fmt or REPORT_SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        raise click.BadParameter(
            f"cannot tell the format from {out.name!r}; give --format md, html or pdf",
            param_hint="--format",
        )
    if not out.parent.is_dir():
        raise click.BadParameter(f"folder {out.parent} does not exist", param_hint="--output")
    outlines = maps.load_basemap(basemap) if basemap else None  # a bad file fails first
    with _store(db) as store, store.connect() as conn:
        brief = brief_mod.build(
            conn, since=since, until=until, by=by, filters=f, title=title, store=store.display_url
        )
    if outlines is None:
        outlines = maps.countries_around(brief.points)
    weekly = maps.weekly_png(brief.weekly)
    where = f"{brief.window.label()}, by {by}"
    drawn = maps.map_png(brief.points, basemap=outlines, title=f"Incidents {where}")
    written = [out]
    try:
        if fmt == "md":
            stem = out.with_suffix("")
            images = {"weekly": stem.with_name(f"{stem.name}-weekly.png")}
            images["map"] = stem.with_name(f"{stem.name}-map.png")
            images["weekly"].write_bytes(weekly)
            images["map"].write_bytes(drawn)
            written += list(images.values())
            names = {key: path.name for key, path in images.items()}
            out.write_text(brief_render.markdown(brief, names), encoding="utf-8")
        else:
            page = brief_render.html_page(brief, weekly_png=weekly, map_png=drawn)
            if fmt == "pdf":
                brief_render.write_pdf(page, out)
            else:
                out.write_text(page, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"cannot write {out} ({error.strerror or error})") from error
    click.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)
