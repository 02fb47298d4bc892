"""The `rasid` command: a thin Click layer over the library.

Exit codes: 0 everything was processed; 3 some inputs or articles failed
(their errors are in the output and on stderr); 2 bad usage; 1 a fatal error
(for example an unreadable gold file).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import click

from rasid import __version__
from rasid.cli_options import EXIT_PARTIAL, article_defaults, batch_options, triage_option
from rasid.errors import RasidError
from rasid.records import Article, ArticleResult, Failure


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rasid")
def main() -> None:
    """Rasid turns news reports about armed conflict into event data.

    Every value comes with the exact words it was read from.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@article_defaults
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one result per line; json: one list; table: readable summary.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here, not stdout.",
)
@batch_options
def extract(paths, published, source_name, fmt, output, processes, progress, triage) -> None:
    """Extract events from articles in PATHS (files or directories).

    Reads plain text, HTML, JSON lines, CSV and RSS/Atom files.  Articles that
    cannot be read or coded are reported on stderr and in the output's
    ``errors``; the rest of the batch goes on (exit code 3 when any failed).
    """
    from rasid import sources

    stream = _open_output(output) if output else sys.stdout
    items = sources.read(paths, published=published, source=source_name)
    failed = 0
    try:
        results = _results(items, processes, progress, triage)
        collected: list[dict] = []
        for result in results:
            for err in result.errors:
                failed += 1
                click.echo(f"rasid: {err.input}: {err.message} [{err.code}]", err=True)
            data = result.to_dict()
            if fmt == "jsonl":
                stream.write(json_line(data) + "\n")
            elif fmt == "json":
                collected.append(data)
            else:
                stream.write(format_table(result) + "\n")
        if fmt == "json":
            json.dump(collected, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        stream.flush()
    except OSError as error:  # a full disk, a file system gone read-only
        where = output or "standard output"
        raise click.ClickException(
            f"cannot write {where} ({error.strerror or error}); the output is incomplete"
        ) from error
    finally:
        if output:
            with contextlib.suppress(OSError):
                stream.close()
    if failed:
        sys.exit(EXIT_PARTIAL)


# Characters JSON may hold raw but that many line readers (Python's splitlines, editors)
# take as line breaks: escaped, so one result stays one line.
_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(data: object) -> str:
    """One JSON Lines record: UTF-8 text, with no character a reader takes as a line end."""
    return json.dumps(data, ensure_ascii=False).translate(_LINE_BREAKS)


def _open_output(path: Path) -> TextIO:
    """The output file, opened before any work, with a message that says what is wrong."""
    if not path.parent.is_dir():
        raise click.BadParameter(
            f"folder {path.parent} does not exist; create it first", param_hint="'-o'"
        )
    try:
        return open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by the caller
    except OSError as error:
        raise click.BadParameter(
            f"cannot write {path} ({error.strerror or error})", param_hint="'-o'"
        ) from error


def _results(
    items: Iterable[Article | Failure],
    processes: int,
    progress: bool | None,
    triage: bool | None = None,
) -> Iterator[ArticleResult]:
    """Results in input order, read and coded as a stream (memory does not grow with the
    input's size); read failures become results that carry only the error."""
    from collections import deque

    from tqdm import tqdm

    from rasid.pipeline import extract_many

    # what was read, in order: a Failure, or None where an article went to extraction
    order: deque[Failure | None] = deque()

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Failure):
                order.append(item)
            else:
                order.append(None)
                yield item

    def failed(failure: Failure) -> ArticleResult:
        article = Article(id=failure.input, text="", origin=failure.input)
        return ArticleResult(article=article, errors=(failure,))

    bar = tqdm(unit="article", file=sys.stderr, disable=_no_bar(progress))
    with bar:
        for result in extract_many(articles(), processes=processes, triage=triage):
            while order and order[0] is not None:
                yield failed(order.popleft())  # type: ignore[arg-type]
            order.popleft()  # this result's article
            bar.update(1)
            yield result
        while order:
            yield failed(order.popleft())  # type: ignore[arg-type]


def _no_bar(progress: bool | None) -> bool:
    if progress is None:
        return not sys.stderr.isatty()
    return not progress


def format_table(result: ArticleResult) -> str:
    """A readable block per article: events, statements, figures, claims, errors."""
    a = result.article
    head = f"== {a.title or a.id}  [{a.source or 'unknown outlet'}, {a.published or 'no date'}]"
    lines = [head]
    for e in result.events:
        when = e.date.start_date.isoformat() if e.date.start_date else "?"
        if e.date.precision and e.date.precision > 1 and e.date.end_date:
            when += f"..{e.date.end_date.isoformat()}"
        actors = f"{e.actor1.name if e.actor1 else '?'} -> {e.actor2.name if e.actor2 else '?'}"
        fat = e.fatalities.value if e.fatalities and e.fatalities.value is not None else "-"
        where = e.location.name if e.location else "?"
        lines.append(
            f"  {when:<22} {e.event_type} / {e.sub_event_type}\n"
            f"  {'':<22} {actors} | {where} | killed: {fat} | {e.modality} | conf {e.confidence}\n"
            f"  {'':<22} {e.summary}"
        )
    if not result.events and not result.errors:
        lines.append("  (no events)")
    if result.statements:
        lines.append("  -- statements")
    for st in result.statements:
        sp = st.speaker
        parts = [x for x in (sp.name, sp.role) if x]
        if sp.organization and not any(sp.organization.lower() in p.lower() for p in parts):
            parts.append(sp.organization)  # not again after "spokesman for the CTS"
        who = ", ".join(dict.fromkeys(parts)) or "?"
        via = f" (to {st.outlet})" if st.outlet and st.outlet != st.speaker.name else ""
        quote = st.quote if len(st.quote) <= 160 else st.quote[:157] + "..."
        lines.append(f"  {st.kind:<8} {who}{via}:\n  {'':<8} {quote}")
    if result.figures:
        lines.append("  -- figures")
    for f in result.figures:
        by = f.claimant or "unattributed"
        lines.append(
            f"  {f.text:<10} {f.metric} | {f.qualifier} | {f.period or 'no period'} | by {by}"
        )
    if result.claims:
        lines.append("  -- claims")
    for c in result.claims:
        text = c.text if len(c.text) <= 140 else c.text[:137] + "..."
        lines.append(f"  {c.kind:<12} [{c.cue}] {text}")
    for err in result.errors:
        lines.append(f"  ERROR [{err.code}] {err.message}")
    return "\n".join(lines)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, path_type=Path), required=False)
@click.option(
    "--pred",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Predictions (rasid extract --format jsonl); default: extract from the gold texts now.",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the full report as JSON here.",
)
@click.option(
    "--baseline", is_flag=True, help="Score the one-day keyword baseline instead of Rasid."
)
@click.option("--processes", "-p", default=1, show_default=True, type=click.IntRange(1, 64))
@triage_option
@click.option(
    "--corrections",
    "corrections_db",
    metavar="DB",
    help="Score the extractor against reviewers' corrections in this store instead of GOLD.",
)
def eval_cmd(gold, pred, json_out, baseline, processes, triage, corrections_db) -> None:
    """Score extraction against a gold JSONL file (the ../shared/eval format).

    GOLD may also be a labelled fusion set: a folder with articles.jsonl and
    labels.json (as tests/data/fusion); then cross-article fusion is scored,
    pairwise, against a one-day baseline.  With --corrections DB, the gold is
    what reviewers corrected in a store (`rasid serve`): precision on the
    incidents they reviewed, and how often each field's value stood.
    """
    if corrections_db:
        _eval_corrections(corrections_db, json_out)
        return
    if gold is None:
        raise click.UsageError("give GOLD (a gold JSONL file or a fusion set) or --corrections DB")
    from rasid.evaluation import (
        evaluate,
        evaluate_fusion,
        format_fusion_report,
        format_report,
        keyword_baseline,
        load_gold,
        read_predictions,
    )

    if gold.is_dir():
        if pred is not None or baseline:
            raise click.UsageError("--pred and --baseline apply to gold JSONL files only")
        try:
            report = evaluate_fusion(gold, processes=processes, triage=triage)
        except RasidError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(format_fusion_report(report))
        if json_out:
            json_out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
        return
    try:
        if pred is not None:
            predictions: Iterable[dict] = read_predictions(pred)
        elif baseline:
            predictions = [keyword_baseline(r) for r in load_gold(gold)]
        else:
            predictions = [r.to_dict() for r in _extract_gold(gold, processes, triage)]
        report = evaluate(gold, predictions)
    except RasidError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(format_report(report))
    if json_out:
        json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


def _eval_corrections(db: str, json_out: Path | None) -> None:
    from rasid.evaluation.corrections import format_score, score
    from rasid.store.store import Store

    try:
        with Store(db, readonly=True) as store, store.connect() as conn:
            report = score(conn)
    except RasidError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(format_score(report))
    if json_out:
        json_out.write_text(json.dumps(report, indent=2), encoding="utf-8")


def _extract_gold(gold: Path, processes: int, triage: bool | None) -> list[ArticleResult]:
    from rasid import sources

    return list(_results(sources.read([gold]), processes, None, triage))


@main.command()
@click.argument("text")
def geocode(text: str) -> None:
    """Print the places found in TEXT and how each was resolved."""
    from rasid.geo import format_geocode

    try:
        click.echo(format_geocode(text))
    except RasidError as exc:
        raise click.ClickException(str(exc)) from exc


@main.group()
def gazetteer() -> None:
    """Build the offline gazetteer index, or add GeoNames dumps to it."""


@gazetteer.command("build")
@click.option("--rebuild", is_flag=True, help="Build anew even if the index is up to date.")
def gazetteer_build(rebuild: bool) -> None:
    """Build the index from the packaged data (done once; later runs only check it)."""
    from rasid.geo import Gazetteer

    try:
        gz = Gazetteer.load(rebuild=rebuild)
    except RasidError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"gazetteer ready: {gz.path}")


@gazetteer.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--progress/--no-progress", default=True, help="Progress bar on stderr.")
def gazetteer_import(path: Path, progress: bool) -> None:
    """Merge a GeoNames dump (IQ.txt, allCountries.txt, alternateNamesV2.txt, or their .zip)."""
    from rasid.geo.importer import import_geonames

    try:
        stats = import_geonames(path, progress=progress)
    except RasidError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(stats))  # the skipped rows are logged on stderr as they are met


# The store: ingest, events, stats, show, export (rasid/store/commands.py).
from rasid.store.commands import register as _register_store  # noqa: E402

_register_store(main)

# Watching the store: import, trends, alerts, report (rasid/watch/commands.py).
from rasid.watch.commands import register as _register_watch  # noqa: E402

_register_watch(main)

# The dashboard and its API, and reviewers' tokens (rasid/serve/commands.py).
from rasid.serve.commands import register as _register_serve  # noqa: E402

_register_serve(main)

# Batch coding on Dask and bulk loading: batch, load (rasid/batch/commands.py).
from rasid.batch.commands import register as _register_batch  # noqa: E402

_register_batch(main)


if __name__ == "__main__":  # pragma: no cover
    main()
