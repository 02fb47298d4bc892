"""Batch benchmark: `rasid batch` on 1 and 2 Dask workers, its overhead, and `rasid load`.

Run from the repository root::

    python benchmarks/batch.py                       # 500 articles
    python benchmarks/batch.py --articles 3000 --shard-articles 100
    python benchmarks/batch.py --no-postgres

The archive is generated from the texts of ``../shared/eval/*.jsonl`` (read from
there, never copied into the project): the texts are repeated and shuffled
(fixed seed) into ``--articles`` articles with ids of their own, written as two
``.jsonl.gz`` files in a temporary folder.  Then, on this machine:

* ``extract_many`` (the engine of ``rasid ingest``) on one and on two processes,
  over the same articles read from the same files, each run in a fresh process as
  cold as a new Dask worker: the baseline;
* ``rasid batch`` (``run_batch`` on a ``LocalCluster`` of one-thread worker
  processes) with 1 and 2 workers: words/s and articles/s, the scaling efficiency
  (rate with 2 workers / twice the rate with 1; target >= 0.9), Dask's overhead
  against the baseline with as many processes, and the peak memory (maximum
  resident set) of each worker process.  Starting the cluster and loading the
  models in the workers is timed apart: it is paid once per run, whatever its size.
  Shards are small by default (25 articles) so that a short run still gives each
  worker many tasks; the tail, one worker finishing the last shard alone, still
  weighs on short runs;
* how fast the client cuts the archive into shards (it reads for every worker);
* ``rasid load`` of the 2-worker run into SQLite and PostgreSQL: rows/s (rows of
  the article tables, fusion included), articles/s, and the rate of the bulk insert
  alone (fusion: a few queries per part, matching in memory, most of the rest).

Finally the wall time of 1,000,000 articles of 500 words is projected, on this
machine and on 32 cores, from the measured words/s (the method is printed).  The
development machine is shared and noisy: compare numbers from one run only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from store import drop_schema, postgres_schema  # noqa: E402 - benchmarks/store.py

SHARED = REPO.parent / "shared"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PROJECTED_ARTICLES = 1_000_000
PROJECTED_WORDS = 500
BIG_MACHINE = 32
EFFICIENCY_TARGET = 0.9


def make_archive(folder: Path, n: int, seed: int) -> tuple[list[Path], int]:
    """Two .jsonl.gz files of ``n`` articles drawn from the shared texts; (paths, words)."""
    records = []
    for path in sorted((SHARED / "eval").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if isinstance(r.get("text"), str) and r["text"].strip():
                    records.append(r)
    rng = random.Random(seed)
    chosen = []
    while len(chosen) < n:
        batch = records[:]
        rng.shuffle(batch)
        chosen.extend(batch[: n - len(chosen)])
    paths = [folder / "archive-1.jsonl.gz", folder / "archive-2.jsonl.gz"]
    half = (n + 1) // 2
    words = 0
    for path, rows in ((paths[0], chosen[:half]), (paths[1], chosen[half:])):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            for i, r in enumerate(rows, start=1 if path is paths[0] else half + 1):
                article = {
                    "id": f"bench-{i:07d}",
                    "text": r["text"],
                    "published": r.get("published") or "2020-01-01",
                    "source": r.get("source") or r.get("dataset"),
                }
                fh.write(json.dumps(article, ensure_ascii=False) + "\n")
                words += len(r["text"].split())
    return paths, words


def baseline(paths: list[Path], processes: int) -> dict:
    """Read the archive and code it with ``extract_many``, in a fresh process (models
    loaded before the clock starts, caches as cold as a new worker's)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:  # its process may fork workers
        return pool.submit(_baseline, paths, processes).result()


def _baseline(paths: list[Path], processes: int) -> dict:
    from rasid.batch.shards import make_shards, read_shard
    from rasid.pipeline import default_extractor, extract_many
    from rasid.records import Article
    from rasid.sources.fields import Options

    default_extractor()
    start = time.perf_counter()
    articles = [
        item
        for shard in make_shards(paths, Options())
        for item in read_shard(shard)
        if isinstance(item, Article)
    ]
    read_s = time.perf_counter() - start
    coded = sum(1 for _ in extract_many(articles, processes=processes))
    total = time.perf_counter() - start
    return {"articles": coded, "read_s": read_s, "seconds": total}


def batch(paths: list[Path], out: Path, workers: int, shard_articles: int) -> dict:
    from rasid.batch.run import PLUGIN, ExtractorPlugin, connect, run_batch

    start = time.perf_counter()
    with connect(workers=workers) as client:
        client.register_plugin(ExtractorPlugin(), name=PLUGIN)  # models loaded in the workers
        startup = time.perf_counter() - start
        report = run_batch(paths, out, client, shard_articles=shard_articles)
    return {
        "startup_s": startup,
        "seconds": report.seconds,
        "articles": report.articles,
        "words": report.words,
        "shards": report.shards,
        "failures": report.failures,
        "peak_rss_mb": sorted(round(v / 2**20) for v in report.peak_rss.values()),
    }


def cut_rate(paths: list[Path], shard_articles: int) -> float:
    """Articles per second the client cuts into shards (no parsing, no coding)."""
    from rasid.batch.shards import make_shards
    from rasid.sources.fields import Options

    start = time.perf_counter()
    n = sum(s.articles for s in make_shards(paths, Options(), shard_articles))
    return n / (time.perf_counter() - start)


def load_into(url: str, out: Path) -> dict:
    from rasid.batch.load import load
    from rasid.store.store import Store

    with Store(url) as store:
        report = load(store, out)
    return {
        "rows": report.rows,
        "articles": report.stored,
        "events": report.events,
        "seconds": report.seconds,
        "rows_per_s": report.rows / report.seconds,
        "articles_per_s": report.stored / report.seconds,
        "insert_rows_per_s": report.rows / report.insert_s,
        "fuse_s": report.fuse_s,
    }


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:,.1f} h"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="articles (default 500)")
    parser.add_argument(
        "--shard-articles", type=int, default=25, help="articles per shard (default 25)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg", default=os.environ.get("RASID_TEST_POSTGRES", DEFAULT_PG))
    parser.add_argument("--no-postgres", action="store_true", help="load into SQLite only")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.shard_articles < 1:
        parser.error("--articles and --shard-articles must be positive")
    if not (SHARED / "eval").is_dir():
        print(f"skipped: {SHARED / 'eval'} not found; the benchmark draws its texts from there")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths, words = make_archive(folder, args.articles, args.seed)
        n = args.articles
        print(
            f"{n} articles, {words:,} words ({words / n:.0f} an article), shards of "
            f"{args.shard_articles}, {os.cpu_count()} CPUs, load average "
            f"{os.getloadavg()[0]:.2f}",
            file=sys.stderr,
        )
        base: dict[int, dict] = {}
        runs: dict[int, dict] = {}
        for k in (1, 2):
            print(f"extract_many, {k} process(es) ...", file=sys.stderr)
            base[k] = baseline(paths, k)
            print(f"rasid batch, {k} worker(s) ...", file=sys.stderr)
            runs[k] = batch(paths, folder / f"coded-{k}", k, args.shard_articles)
        cut = cut_rate(paths, args.shard_articles)
        loads: dict[str, dict | str] = {}
        print("rasid load into SQLite ...", file=sys.stderr)
        loads["SQLite"] = load_into(f"sqlite:///{folder / 'load.db'}", folder / "coded-2")
        if args.no_postgres:
            loads["PostgreSQL"] = "skipped (--no-postgres)"
        else:
            made = postgres_schema(args.pg)
            if isinstance(made, str):
                loads["PostgreSQL"] = f"skipped: {args.pg} is not reachable ({made})"
            else:
                url, schema = made
                print("rasid load into PostgreSQL ...", file=sys.stderr)
                try:
                    loads["PostgreSQL"] = load_into(url, folder / "coded-2")
                finally:
                    drop_schema(args.pg, schema)

    wps = {k: words / r["seconds"] for k, r in runs.items()}
    aps = {k: n / r["seconds"] for k, r in runs.items()}
    efficiency = wps[2] / (2 * wps[1])
    overhead = {k: runs[k]["seconds"] / base[k]["seconds"] - 1 for k in (1, 2)}

    print(f"\n{n} articles, {words:,} words; {os.cpu_count()} CPUs")
    print(f"{'run':<34} {'seconds':>8} {'words/s':>9} {'articles/s':>10}  note")
    for k in (1, 2):
        b = base[k]
        print(
            f"{f'extract_many, {k} process(es)':<34} {b['seconds']:>8.1f} "
            f"{words / b['seconds']:>9,.0f} {n / b['seconds']:>10.1f}  "
            f"reading {b['read_s']:.1f} s of it"
        )
    for k in (1, 2):
        r = runs[k]
        note = f"Dask overhead {overhead[k]:+.0%}; startup {r['startup_s']:.1f} s apart"
        if k == 2:
            note += f"; scaling efficiency {efficiency:.2f} (target >= {EFFICIENCY_TARGET})"
        print(
            f"{f'rasid batch, {k} worker(s)':<34} {r['seconds']:>8.1f} "
            f"{wps[k]:>9,.0f} {aps[k]:>10.1f}  {note}"
        )
    for k in (1, 2):
        print(f"peak memory per worker, {k} worker(s): {runs[k]['peak_rss_mb']} MB")
    print(f"client cutting the archive into shards: {cut:,.0f} articles/s")
    for backend, result in loads.items():
        if isinstance(result, str):
            print(f"rasid load into {backend}: {result}")
        else:
            print(
                f"rasid load into {backend}: {result['rows']:,} rows ({result['articles']} "
                f"articles, {result['events']} events) in {result['seconds']:.1f} s: "
                f"{result['rows_per_s']:,.0f} rows/s, {result['articles_per_s']:,.0f} articles/s "
                f"(inserting alone {result['insert_rows_per_s']:,.0f} rows/s; fusion "
                f"{result['fuse_s']:.1f} s)"
            )

    # Projection: coding time scales with words; a worker's words/s is the 1-worker rate,
    # and N workers give N x that x the measured 2-worker efficiency (assumed to hold).
    total_words = PROJECTED_ARTICLES * PROJECTED_WORDS
    cores = os.cpu_count() or 1
    here = total_words / (wps[1] * cores * efficiency)
    big = total_words / (wps[1] * BIG_MACHINE * efficiency)
    fed = BIG_MACHINE * wps[1] * efficiency / PROJECTED_WORDS  # articles/s 32 workers need
    print(
        f"\nprojected wall time of {PROJECTED_ARTICLES:,} articles of {PROJECTED_WORDS} words"
        f" ({total_words:,} words):\n"
        f"  method: words / (1-worker words/s {wps[1]:,.0f} x workers x efficiency "
        f"{efficiency:.2f}); cluster startup and article length effects left out\n"
        f"  this machine ({cores} workers): {_hours(here)}\n"
        f"  {BIG_MACHINE} cores ({BIG_MACHINE} workers): {_hours(big)}; they need "
        f"{fed:,.0f} articles/s from the client, which cuts {cut:,.0f}/s"
    )
    pg = loads.get("PostgreSQL")
    rows_per_article = None
    if isinstance(pg, dict) and pg["articles"]:
        rows_per_article = pg["rows"] / pg["articles"]
        load_s = PROJECTED_ARTICLES * rows_per_article / pg["rows_per_s"]
        print(
            f"  then rasid load into PostgreSQL (one writer, {rows_per_article:.0f} rows an "
            f"article at {pg['rows_per_s']:,.0f} rows/s): {_hours(load_s)}; fusion's cost per "
            "event grows with the events already stored near it, so take this as a floor"
        )
    summary = {
        "articles": n,
        "words": words,
        "shard_articles": args.shard_articles,
        "cpus": cores,
        "batch_words_per_s": {k: round(v) for k, v in wps.items()},
        "batch_articles_per_s": {k: round(v, 2) for k, v in aps.items()},
        "scaling_efficiency": round(efficiency, 3),
        "dask_overhead": {k: round(v, 3) for k, v in overhead.items()},
        "startup_s": {k: round(r["startup_s"], 1) for k, r in runs.items()},
        "peak_rss_mb": {k: r["peak_rss_mb"] for k, r in runs.items()},
        "client_cut_articles_per_s": round(cut),
        "load": {
            b: {k: round(v, 1) for k, v in r.items()} if isinstance(r, dict) else r
            for b, r in loads.items()
        },
        "projected_hours_here": round(here / 3600, 2),
        "projected_hours_32_cores": round(big / 3600, 2),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
