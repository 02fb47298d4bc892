"""``rasid batch``: code shards of articles on a Dask cluster, one Parquet part per shard.

The client cuts the inputs into shards (``shards``), submits one task per shard
and writes each finished part into ``OUT/parts/`` (``parts``); workers need no
access to the inputs or to ``OUT``, only Rasid and its gazetteer.  The
extractor (spaCy pipeline, knowledge, gazetteer) is loaded once per worker
process by ``ExtractorPlugin`` when the worker joins, never sent from the
client.  At most a few shards per worker are in flight, so the client's memory
stays bounded whatever the size of the archive.

Resumable: a shard whose part exists is skipped, so a rerun after a killed
worker, a killed client or Ctrl-C codes only what is missing.  Dask moves the
task of a worker that died to another one; a shard whose task fails
``max_tries`` times is given up, listed in ``OUT/failed-shards.json`` and the
run goes on (a rerun tries it again).  Articles that cannot be read or coded
are failures in their shard's part, as ``rasid ingest`` records them.
``OUT/manifest.json`` lists every shard in input order; ``rasid load`` reads it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import resource
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from rasid.errors import RasidError
from rasid.records import Article, Failure
from rasid.sources.fields import Options
from rasid.store.writer import EXTRACTOR_VERSION

from . import parts, shards

if TYPE_CHECKING:
    from rasid.pipeline import Extractor

MANIFEST = "manifest.json"
FAILED_SHARDS = "failed-shards.json"
PLUGIN = "rasid-extractor"
MAX_TRIES = 3
# Shards in flight per worker: one running, one queued so a worker never waits for
# the client, one more for a slow client; the rest of the archive is not read yet.
IN_FLIGHT_PER_WORKER = 3
_WARM_UP = "Gunmen killed two soldiers in Kirkuk on Monday, police said."


class BatchError(RasidError):
    """A batch run or its output that cannot be used (no cluster, no manifest)."""

    code = "batch_error"


_thread = threading.local()


def thread_extractor() -> Extractor:
    """This thread's extractor, loaded on first use.

    One per thread, not per process: the gazetteer's SQLite connection may only be
    used by the thread that opened it.  Workers run one thread each (``rasid batch``
    starts them so), so a worker process loads one extractor."""
    extractor = getattr(_thread, "extractor", None)
    if extractor is None:
        from rasid.pipeline import Extractor

        extractor = Extractor()
        # first-call costs (the gazetteer index, lazy tables) are paid here, not by a task
        list(extractor.pipe([Article(id="warm-up", text=_WARM_UP)]))
        _thread.extractor = extractor
    return extractor


class ExtractorPlugin(WorkerPlugin):
    """Loads the extractor in each worker when the worker starts.

    Only this small object travels to the workers; the models, knowledge and
    gazetteer are loaded there, in the thread that runs the worker's tasks, so
    the first task finds them ready.  A worker whose Rasid codes differently
    (another extractor version) refuses to start.
    """

    def __init__(self, version: str = EXTRACTOR_VERSION):
        self.version = version

    async def setup(self, worker: Any) -> None:
        if self.version != EXTRACTOR_VERSION:
            raise RuntimeError(
                f"worker {worker.address} has Rasid extractor {EXTRACTOR_VERSION}, the client "
                f"{self.version}; install the same Rasid version on every worker"
            )
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(worker.executors["default"], thread_extractor)


def code_shard(shard: shards.Shard) -> dict[str, Any]:
    """Read and code one shard on a worker; its part's tables and some numbers."""
    items = list(shards.read_shard(shard))
    articles = [i for i in items if isinstance(i, Article)]
    results = thread_extractor().pipe(articles)
    builder = parts.PartBuilder()
    failed = 0
    for item in items:
        result = item if isinstance(item, Failure) else next(results)
        if isinstance(result, Failure):
            builder.add_failure(result)
            failed += 1
        else:
            builder.add_result(result)
            failed += bool(result.errors)
    return {
        "tables": builder.to_parquet(),
        "articles": len(articles),
        "words": sum(len(a.text.split()) for a in articles),
        "failures": failed,
        "worker": _worker_name(),
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,  # Linux: KiB
    }


def _task(shard: shards.Shard) -> dict[str, Any]:
    return code_shard(shard)  # looked up at call time, so a test may replace it


def _worker_name() -> str:
    from distributed import get_worker

    try:
        return str(get_worker().address)
    except ValueError:
        return f"pid {os.getpid()}"


@dataclass
class BatchReport:
    """What one batch run did."""

    shards: int = 0
    coded: int = 0  # shards coded in this run
    skipped: int = 0  # shards whose part was already there
    failed: list[dict[str, Any]] = field(default_factory=list)  # shards given up
    articles: int = 0
    words: int = 0
    failures: int = 0  # articles and inputs that could not be read or coded
    seconds: float = 0.0
    peak_rss: dict[str, int] = field(default_factory=dict)  # worker -> bytes

    def __str__(self) -> str:
        rate = f", {self.articles / self.seconds:.1f} articles/s" if self.seconds else ""
        return (
            f"{self.shards} shard(s): {self.coded} coded, {self.skipped} already done, "
            f"{len(self.failed)} failed; {self.articles} article(s) coded{rate}, "
            f"{self.failures} failure(s)"
        )


@contextlib.contextmanager
def connect(
    scheduler: str | None = None, workers: int | None = None, *, processes: bool = True
) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new local cluster of ``workers``
    single-threaded processes (default: one per core)."""
    if scheduler:
        try:
            client = Client(scheduler)
        except (OSError, TimeoutError) as error:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler} ({error})") from error
        with client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def dashboard_link(client: Client) -> str | None:
    """The address of Dask's dashboard, when the scheduler serves one (its pages need
    bokeh installed with the scheduler)."""
    services = client.scheduler_info().get("services", {})
    return client.dashboard_link if "dashboard" in services else None


def run_batch(
    paths: Iterable[str | Path],
    out: Path,
    client: Client,
    *,
    options: Options | None = None,
    shard_articles: int = shards.SHARD_ARTICLES,
    max_tries: int = MAX_TRIES,
    progress: bool = False,
    on_failure: Callable[[Failure], None] | None = None,
) -> BatchReport:
    """Code every shard of ``paths`` whose part is not in ``out`` yet, on ``client``'s cluster.

    ``on_failure`` hears about the inputs the client itself could not read
    (missing files, unsupported formats); per-article failures are in the parts."""
    from tqdm import tqdm

    started = time.perf_counter()
    paths = list(paths)
    options = options or Options()
    out = Path(out)
    parts_dir = out / "parts"
    parts_dir.mkdir(parents=True, exist_ok=True)
    parts.remove_leftovers(parts_dir)
    try:
        client.register_plugin(ExtractorPlugin(), name=PLUGIN)
    except Exception as error:  # noqa: BLE001 - whatever a worker raised while loading
        raise BatchError(
            f"the Dask workers cannot load Rasid's extractor ({type(error).__name__}: {error}); "
            "every worker needs this version of Rasid installed and its gazetteer built "
            "(`rasid gazetteer build`)"
        ) from error
    report = BatchReport()
    entries: list[dict[str, Any]] = []
    tries: Counter[str] = Counter()
    running: dict[str, shards.Shard] = {}  # future key -> shard
    pending = as_completed()
    source = shards.make_shards(paths, options, shard_articles)

    def submit(shard: shards.Shard) -> None:
        tries[shard.key] += 1
        # a key of its own for every try: a result Dask still holds is never reused
        key = f"rasid-shard-{shard.index}-{uuid.uuid4().hex}"
        future = client.submit(_task, shard, key=key, pure=False)
        running[future.key] = shard
        pending.add(future)

    def top_up(bar: Any) -> None:
        # asked again each time: workers may join or leave a running cluster
        limit = IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))
        while pending.count() < limit:
            shard = next(source, None)
            if shard is None:
                return
            entries.append(shard.entry())
            report.shards += 1
            if on_failure:
                for unit in shard.units:
                    if unit[0] == "item" and isinstance(unit[1], Failure):
                        on_failure(unit[1])
            if parts.exists(parts_dir, shard.key):
                report.skipped += 1
                bar.update(shard.articles)
            else:
                submit(shard)

    with tqdm(unit="article", file=sys.stderr, disable=not progress, smoothing=0.1) as bar:
        top_up(bar)
        for future in pending:
            shard = running.pop(future.key)
            try:
                done = future.result()
            except Exception as exc:  # noqa: BLE001 - the shard boundary: any error of a task
                future.release()
                if tries[shard.key] < max_tries:
                    submit(shard)
                else:
                    report.failed.append(_failed(shard, exc, tries[shard.key]))
                    bar.update(shard.articles)
                top_up(bar)
                continue
            future.release()
            try:
                parts.write(parts_dir, shard.key, done["tables"])
            except OSError as error:
                raise BatchError(f"cannot write a part in {parts_dir} ({error})") from error
            report.coded += 1
            report.articles += done["articles"]
            report.words += done["words"]
            report.failures += done["failures"]
            worker = done["worker"]
            report.peak_rss[worker] = max(report.peak_rss.get(worker, 0), done["peak_rss"])
            bar.update(shard.articles)
            top_up(bar)
    _write_json(out / FAILED_SHARDS, report.failed)
    manifest = {
        "format": shards.PART_FORMAT,
        "extractor_version": EXTRACTOR_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": [os.fspath(p) for p in paths],
        "shards": entries,
    }
    _write_json(out / MANIFEST, manifest)
    report.seconds = time.perf_counter() - started
    return report


def _failed(shard: shards.Shard, exc: BaseException, tries: int) -> dict[str, Any]:
    return {
        **shard.entry(),
        "tries": tries,
        "error": f"{type(exc).__name__}: {exc}".strip().splitlines()[0],
    }


def _write_json(target: Path, data: Any) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, target)
