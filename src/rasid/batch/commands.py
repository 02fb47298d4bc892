"""The batch commands: ``rasid batch`` codes an archive on Dask, ``rasid load`` stores it.

Registered on the main ``rasid`` group by ``rasid.cli``.  Exit codes as for
``rasid ingest``: 3 when some inputs, articles or shards failed, 1 when the
cluster or the store cannot be used, 130 after Ctrl-C.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rasid.cli_options import EXIT_PARTIAL, article_defaults
from rasid.store.commands import clear_errors, db_option

# Kept in step with rasid.batch.shards.SHARD_ARTICLES and run.MAX_TRIES (not imported
# here: `rasid --help` must not import Dask).
SHARD_ARTICLES = 500
MAX_TRIES = 3
EXIT_INTERRUPTED = 130

progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: on a terminal).",
)


def _echo_failure(failure) -> None:
    click.echo(f"rasid: {failure.input}: {failure.message} [{failure.code}]", err=True)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the parts, manifest.json and failed-shards.json (created if needed).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="A running Dask scheduler, e.g. tcp://HOST:8786 (default: a local cluster).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 4096),
    help="Worker processes of the local cluster, one thread each [default: one per core].",
)
@click.option(
    "--shard-articles",
    type=click.IntRange(1, 10_000_000),
    default=SHARD_ARTICLES,
    show_default=True,
    help="Articles per shard; one task codes one shard (about a minute of work per 500).",
)
@click.option(
    "--max-tries",
    type=click.IntRange(1, 100),
    default=MAX_TRIES,
    show_default=True,
    help="Tries of a failing shard before it is given up and listed in failed-shards.json.",
)
@article_defaults
@progress_option
@clear_errors
def batch(
    paths, out, scheduler, workers, shard_articles, max_tries, published, source_name, progress
) -> None:
    """Code the articles in PATHS on a Dask cluster into Parquet parts in OUT.

    PATHS are files, directories or quoted glob patterns ('archive/*.jsonl.gz'):
    every format `rasid extract` reads, JSON lines compressed with gzip or zstd
    (.jsonl.gz, .jsonl.zst) among them, and Parquet files of articles (columns
    id, url, source, title, published, text).  They are cut into shards; each
    is coded by one task and written as one part, so a rerun codes only the
    shards whose part is missing.  Without --scheduler a local cluster of
    --workers processes runs here; with it, the workers of that cluster need the
    same Rasid installed and its gazetteer built.
    `rasid load OUT --db ...` then stores the results.
    """
    from rasid.sources.fields import Options

    from .run import FAILED_SHARDS, connect, dashboard_link, run_batch

    if scheduler and workers:
        raise click.UsageError("--workers sizes a local cluster; leave it out with --scheduler")
    bar = progress if progress is not None else sys.stderr.isatty()
    options = Options(published=published, source=source_name)
    try:
        with connect(scheduler, workers) as client:
            click.echo(f"rasid: Dask cluster {client.scheduler.address}", err=True)
            link = dashboard_link(client)
            if link:
                click.echo(f"rasid: Dask dashboard {link}", err=True)
            report = run_batch(
                paths,
                out,
                client,
                options=options,
                shard_articles=shard_articles,
                max_tries=max_tries,
                progress=bar,
                on_failure=_echo_failure,
            )
    except KeyboardInterrupt:
        click.echo(
            f"rasid: interrupted; the parts written in {out} are kept: run the same command "
            "again to code the rest",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    click.echo(f"{report} -> {out}", err=True)
    for shard in report.failed:
        click.echo(
            f"rasid: shard {shard['index']} ({shard['first']} .. {shard['last']}) failed "
            f"{shard['tries']} times: {shard['error']}",
            err=True,
        )
    if report.failed:
        click.echo(f"rasid: failed shards are listed in {Path(out) / FAILED_SHARDS}", err=True)
    if report.failures or report.failed:
        sys.exit(EXIT_PARTIAL)


@click.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option
@progress_option
@clear_errors
def load(out, db, progress) -> None:
    """Store the results of a `rasid batch` run (its OUT folder) in a store.

    Rows are inserted in bulk (PostgreSQL COPY; SQLite in one transaction per
    part), then the new events are fused into incidents as `rasid ingest` fuses
    them.  Loading again changes nothing: articles already stored with the same
    text and extractor version are skipped, changed ones replace their records.
    Failures in the parts are recorded in the store's failures table (exit code 3,
    also when some shards have no part).
    """
    from rasid.store.store import Store

    from .load import load as run

    bar = progress if progress is not None else sys.stderr.isatty()
    with Store(db) as store:
        report = run(store, out, progress=bar, on_failure=_echo_failure)
        click.echo(f"{report} -> {store.display_url}", err=True)
    if report.missing:
        click.echo(
            f"rasid: {len(report.missing)} shard(s) have no part (failed, or the batch run was "
            "interrupted): rerun `rasid batch` with the same inputs, then load again",
            err=True,
        )
    if report.failed or report.missing:
        sys.exit(EXIT_PARTIAL)


COMMANDS = (batch, load)


def register(group: click.Group) -> None:
    """Add the batch commands to the ``rasid`` group."""
    for command in COMMANDS:
        group.add_command(command)
