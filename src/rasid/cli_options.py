"""Click options shared by the commands that read articles (extract, ingest, eval)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import click

EXIT_PARTIAL = 3  # some inputs failed; the rest were processed


def parse_date(ctx, param, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option value, or a usage error naming the value."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date; expected YYYY-MM-DD") from exc


def _stack(*options: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def apply(f: Any) -> Any:
        for option in reversed(options):
            f = option(f)
        return f

    return apply


# --published and --source: what an input lacks.
article_defaults = _stack(
    click.option(
        "--published",
        callback=parse_date,
        help="Publication date (YYYY-MM-DD) for inputs that lack one.",
    ),
    click.option("--source", "source_name", help="Outlet name for inputs that lack one."),
)

# --triage/--no-triage: blank the sentences that cannot matter before the parse
# (see rasid.triage); the default comes from RASID_TRIAGE (off).
triage_option = click.option(
    "--triage/--no-triage",
    default=None,
    help="Skip parsing sentences that cannot matter (default: RASID_TRIAGE, off).",
)

# -p/--processes, --progress/--no-progress and --triage/--no-triage: how a batch runs.
batch_options = _stack(
    click.option(
        "--processes",
        "-p",
        default=1,
        show_default=True,
        type=click.IntRange(1, 64),
        help="Worker processes for extraction.",
    ),
    click.option(
        "--progress/--no-progress",
        default=None,
        help="Progress bar on stderr (default: on a terminal).",
    ),
    triage_option,
)
