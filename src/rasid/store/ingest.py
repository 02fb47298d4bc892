"""``ingest``: read -> extract -> store, one transaction per article, resumable.

Articles already stored with the same content and extractor version are
skipped before extraction (an interrupted run, rerun, picks up where it
stopped); changed articles and articles coded by an older extractor are
re-extracted and replace their old records.  Inputs and articles that fail are
logged in the store's failures table and the run goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exc

from rasid.errors import first_line
from rasid.records import Article, ArticleResult, Failure

from . import writer
from .engine import StoreError, damaged
from .store import Store

STORE_FAILED = "store_failed"  # the database refused an article's records


@dataclass
class IngestReport:
    """What one ingest run did."""

    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def __str__(self) -> str:
        return (
            f"{self.stored} article(s) stored, {self.replaced} replaced, "
            f"{self.skipped} unchanged (skipped), {self.failed} failed; {self.events} event(s) stored"
        )


Extract = Callable[[list[Article]], Iterator[ArticleResult]]


def ingest(
    store: Store,
    items: Iterable[Article | Failure],
    *,
    processes: int = 1,
    progress: bool = False,
    extract: Extract | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    triage: bool | None = None,
) -> IngestReport:
    """Store the results of every article in ``items``; log every Failure.

    ``extract`` (default: ``rasid.pipeline.extract_many``, with ``triage``)
    turns the articles that need coding into results, in order.
    """
    report = IngestReport()

    def fail(failure: Failure) -> None:
        report.failures.append(failure)
        store.record_failure(failure)
        if on_failure:
            on_failure(failure)

    if extract is None:
        from rasid.pipeline import extract_many

        def extract(batch: list[Article]) -> Iterator[ArticleResult]:
            if processes > 1:  # forked workers must not inherit open database connections
                store.engine.dispose()
            return extract_many(batch, processes=processes, triage=triage)

    from tqdm import tqdm

    # Inputs are read and stored a chunk at a time: memory stays bounded whatever the
    # size of the inputs (a feed of 100,000 items, a dump of millions of lines).
    with tqdm(unit="article", file=sys.stderr, disable=not progress) as bar:
        for chunk in _chunks(items, CHUNK):
            articles: list[Article] = []
            for item in chunk:
                if isinstance(item, Failure):
                    fail(item)
                else:
                    articles.append(item)
            _store_chunk(store, articles, extract, report, fail, bar)
    return report


# Articles read, extracted and stored together; see ``ingest``.
CHUNK = 1000


def _chunks(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    chunk: list[Article | Failure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _store_chunk(
    store: Store,
    articles: list[Article],
    extract: Extract,
    report: IngestReport,
    fail: Callable[[Failure], None],
    bar: Any,
) -> None:
    """Extract and store the articles of one chunk that are not stored already."""
    digests = {a.id: writer.content_hash(a) for a in articles}
    state = store.stored_state(digests)
    todo = [a for a in articles if state.get(a.id) != (digests[a.id], writer.EXTRACTOR_VERSION)]
    report.skipped += len(articles) - len(todo)

    for result in extract(todo):
        bar.update(1)
        if result.errors:
            for failure in result.errors:
                fail(failure)
            continue
        try:
            outcome = store.save(result, digest=digests[result.article.id])
        except exc.SQLAlchemyError as error:
            if damaged(error):
                # writing on would spread the damage: stop, and say what to do
                raise StoreError(
                    f"the store is damaged or cannot be written ({first_line(error)}); "
                    f"nothing more was written. Run `rasid check --db ...` for what to do",
                    input=store.display_url,
                ) from error
            detail = first_line(error)
            fail(_store_failed(result, f"the store refused this article ({detail})"))
            continue
        except Exception as error:  # noqa: BLE001 - the article boundary
            # A bug in fusion or the writer must not lose the rest of the run;
            # the article's transaction was rolled back, so nothing of it is stored.
            message = f"storing failed ({type(error).__name__}: {error})"
            fail(_store_failed(result, message))
            continue
        if outcome == writer.UNCHANGED:
            report.skipped += 1
        else:
            report.events += len(result.events)
            if outcome == writer.REPLACED:
                report.replaced += 1
            else:
                report.stored += 1


def _store_failed(result: ArticleResult, message: str) -> Failure:
    return Failure(result.article.origin or result.article.id, STORE_FAILED, message)
