"""Throughput of Rasid against bare spaCy, and of Rasid over two processes.

Run from the repository root::

    python benchmarks/throughput.py                # ../shared/eval + ../shared/samples
    python benchmarks/throughput.py --limit 300 --repeat 1
    python benchmarks/throughput.py --texts some/dir other.jsonl

From ONE run over the same texts (same order, same batch size of 32) it measures:

* bare spaCy ``nlp.pipe`` on the very pipeline object ``rasid.nlp.load()`` returns,
  one process;
* Rasid ``Extractor().pipe`` on one process, and its ratio to bare spaCy
  (target >= 0.75: Rasid's own rules should cost at most a third on top of parsing);
* Rasid ``extract_many(..., processes=2)`` and its speed-up over the one-process
  Rasid run (target >= 1.8).

Each system is warmed up once on a few texts first (model loading and first-call
costs are not timed).  Each measurement is the best of ``--repeat`` runs, and the
rounds are interleaved (spaCy, Rasid, Rasid x2, then again) so slow drift in the
machine's load hits all three alike.  Words are whitespace-separated tokens.

NOTE: the development machine is noisy (2 cores, shared with other work), so absolute
words/s vary from run to run by a lot; report the RATIOS from a single run of this
script, never numbers combined from different runs.  The two-process speed-up is
only meaningful with at least two idle cores.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BATCH_SIZE = 32
WARMUP_TEXTS = 8
RATIO_TARGET = 0.75
SPEEDUP_TARGET = 1.8


def default_inputs() -> list[Path] | None:
    """The shared development texts, or None when ../shared is absent."""
    if not SHARED.is_dir():
        return None
    return sorted((SHARED / "eval").glob("*.jsonl")) + sorted((SHARED / "samples").glob("*.txt"))


def load_articles(paths: Sequence[str | Path], limit: int | None) -> list:
    """Articles Rasid would code (so both systems parse exactly the same texts)."""
    from rasid import nlp as nlp_mod
    from rasid.records import Article
    from rasid.sources import read

    articles = []
    skipped = 0
    for item in read(paths):
        if (
            isinstance(item, Article)
            and item.text.strip()
            and len(item.text) <= nlp_mod.MAX_CHARS
            and item.language in (None, "en")
        ):
            articles.append(item)
        else:
            skipped += 1
    if skipped:
        print(
            f"note: {skipped} input(s) unreadable or not coded by Rasid, left out", file=sys.stderr
        )
    return articles[:limit] if limit else articles


def timed(run: Callable[[], int], expected: int) -> float:
    """Seconds one call of ``run`` takes; checks it handled every text."""
    gc.collect()
    start = time.perf_counter()
    n = run()
    elapsed = time.perf_counter() - start
    if n != expected:
        raise SystemExit(f"error: a run handled {n} texts, expected {expected}")
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--texts", nargs="+", metavar="PATH", help="files or directories to read instead"
    )
    parser.add_argument("--limit", type=int, default=None, help="use only the first N texts")
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or (args.limit is not None and args.limit < 1):
        parser.error("--repeat and --limit must be positive")

    inputs = args.texts or default_inputs()
    if inputs is None:
        print(f"skipped: ../shared not found ({SHARED}); pass --texts PATH... to benchmark")
        return 0

    from rasid import nlp as nlp_mod
    from rasid.pipeline import Extractor, default_extractor, extract_many

    articles = load_articles(inputs, args.limit)
    if not articles:
        print("error: no codable English texts in the inputs", file=sys.stderr)
        return 1
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    n = len(texts)

    # Load and warm up everything before any timing.
    nlp = nlp_mod.load()
    extractor = Extractor()
    assert extractor.nlp is nlp, "Extractor must use the same pipeline object"
    warm = articles[:WARMUP_TEXTS]
    for _ in nlp.pipe((a.text for a in warm), batch_size=BATCH_SIZE):
        pass
    for _ in extractor.pipe(warm, batch_size=BATCH_SIZE):
        pass
    # extract_many forks its workers from the parent's default extractor: warm that one
    # in the parent so the children start warm, then run the pool once.
    for _ in default_extractor().pipe(warm, batch_size=BATCH_SIZE):
        pass
    for _ in extract_many(warm, processes=2, batch_size=BATCH_SIZE):
        pass

    def run_spacy() -> int:
        return sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE))

    def run_rasid() -> int:
        return sum(1 for _ in extractor.pipe(articles, batch_size=BATCH_SIZE))

    def run_rasid2() -> int:
        return sum(1 for _ in extract_many(articles, processes=2, batch_size=BATCH_SIZE))

    systems = {"spacy": run_spacy, "rasid": run_rasid, "rasid_2p": run_rasid2}
    times: dict[str, list[float]] = {k: [] for k in systems}
    print(
        f"{n} texts, {words:,} words, batch size {BATCH_SIZE}, best of {args.repeat}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}",
        file=sys.stderr,
    )
    for r in range(args.repeat):
        for name, run in systems.items():
            t = timed(run, n)
            times[name].append(t)
            print(f"  round {r + 1}: {name:<9} {t:8.2f} s", file=sys.stderr)

    wps = {k: words / min(v) for k, v in times.items()}
    ratio = wps["rasid"] / wps["spacy"]
    speedup = wps["rasid_2p"] / wps["rasid"]

    rows = [
        ("bare spaCy nlp.pipe, 1 process", wps["spacy"], ""),
        (
            "Rasid Extractor.pipe, 1 process",
            wps["rasid"],
            f"ratio to spaCy {ratio:.2f} (target >= {RATIO_TARGET})",
        ),
        (
            "Rasid extract_many, 2 processes",
            wps["rasid_2p"],
            f"speed-up {speedup:.2f} (target >= {SPEEDUP_TARGET})",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{n} texts, {words:,} words; best of {args.repeat} runs each")
    print(f"{'system':<{width}}  {'words/s':>10}  note")
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>10,.0f}  {note}".rstrip())
    summary = {
        "texts": n,
        "words": words,
        "batch_size": BATCH_SIZE,
        "repeat": args.repeat,
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2),
        "spacy_words_per_s": round(wps["spacy"]),
        "rasid_words_per_s": round(wps["rasid"]),
        "rasid_vs_spacy": round(ratio, 3),
        "rasid_2p_words_per_s": round(wps["rasid_2p"]),
        "speedup_2p": round(speedup, 3),
        "ratio_target_met": ratio >= RATIO_TARGET,
        "speedup_target_met": speedup >= SPEEDUP_TARGET,
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
