"""Throughput of Rasid against bare spaCy, with and without triage, and over two processes.

Run from the repository root::

    python benchmarks/throughput.py                # ../shared/eval + ../shared/samples
    python benchmarks/throughput.py --limit 400 --repeat 2
    python benchmarks/throughput.py --limit 400 --mix   # texts taken from every file in turn
    python benchmarks/throughput.py --texts some/dir other.jsonl

From ONE run over the same texts (same order, same batch size of 32) it measures:

* bare spaCy: ``nlp.pipe`` of the model as spaCy loads it (``spacy.load``, every
  component as shipped), one process: the cost of parsing alone;
* Rasid's pipeline parsing alone (``rasid.nlp.load()``: the same model with Rasid's
  three small components and its exact, faster attribute ruler and lemmatizer,
  ``rasid.fastpipes``), so the parse's share of the gain is seen apart;
* Rasid ``Extractor(triage=True).pipe`` and ``Extractor(triage=False).pipe`` on one
  process, and their ratios to bare spaCy (target >= 1.0: Rasid, rules included, at
  least as fast as parsing with spaCy alone; 1.5 the moonshot), and how much of the
  text triage blanked;
* Rasid ``extract_many(..., processes=2)`` (triage as configured: off unless
  ``RASID_TRIAGE=1``) and its speed-up over the one-process run with the same
  setting (target >= 1.8);
* memory per worker: the peak resident set size of a worker started alone (spawned,
  so it shares nothing with this process) that loads the models and codes the texts.

Before any timing, bare spaCy and Rasid each code every text once: model loading and
the caches that fill on a text's first reading (spaCy's lemmatizer, the gazetteer's
lookups) are not timed, and the first system of a round pays no more than the others.  Each measurement is the best of ``--repeat`` runs, and the
rounds are interleaved (every system once, then again) so slow drift in the
machine's load hits all of them alike.  Words are whitespace-separated tokens.

NOTE: the development machine is noisy (2 cores, shared with other work), so absolute
words/s vary from run to run by a lot; report the RATIOS from a single run of this
script, never numbers combined from different runs.  The two-process speed-up is
only meaningful with at least two idle cores.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BATCH_SIZE = 32
WARMUP_TEXTS = 8
RATIO_TARGET = 1.0
RATIO_MOONSHOT = 1.5
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


def mixed(paths: Sequence[str | Path], limit: int | None) -> list:
    """Articles from every input file in turn, so a limited run sees every kind of text."""
    per_file = [load_articles([p], None) for p in paths]
    out = []
    for k in range(max((len(f) for f in per_file), default=0)):
        out += [f[k] for f in per_file if k < len(f)]
    return out[:limit] if limit else out


def worker_memory(articles: list) -> float:
    """Peak RSS (MiB) of a worker that loads the models and codes ``articles``, started
    alone (spawned) so that nothing of this process is counted in it."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(_code_and_measure, (articles,))


def _code_and_measure(articles: list) -> float:
    from rasid.pipeline import extract_many

    for _ in extract_many(articles, batch_size=BATCH_SIZE):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


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
    parser.add_argument(
        "--mix", action="store_true", help="take texts from each input file in turn"
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the worker memory measurement"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or (args.limit is not None and args.limit < 1):
        parser.error("--repeat and --limit must be positive")

    inputs = args.texts or default_inputs()
    if inputs is None:
        print(f"skipped: ../shared not found ({SHARED}); pass --texts PATH... to benchmark")
        return 0

    import spacy

    from rasid import nlp as nlp_mod
    from rasid import triage as triage_mod
    from rasid.pipeline import Extractor, default_extractor, extract_many

    articles = mixed(inputs, args.limit) if args.mix else load_articles(inputs, args.limit)
    if not articles:
        print("error: no codable English texts in the inputs", file=sys.stderr)
        return 1
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    n = len(texts)
    triage_default = triage_mod.enabled()

    # Load and warm up everything before any timing.
    bare = spacy.load(os.environ.get("RASID_SPACY_MODEL") or nlp_mod.DEFAULT_MODEL)
    nlp = nlp_mod.load()
    with_triage = Extractor(triage=True)
    without = Extractor(triage=False)
    assert with_triage.nlp is nlp and without.nlp is nlp, "one pipeline object for all"
    warm = articles[:WARMUP_TEXTS]
    for _ in bare.pipe(texts, batch_size=BATCH_SIZE):
        pass
    for _ in without.pipe(articles, batch_size=BATCH_SIZE):  # fills the caches all share
        pass
    for _ in with_triage.pipe(warm, batch_size=BATCH_SIZE):
        pass
    # extract_many forks its workers from the parent's default extractor: warm that one
    # in the parent so the children start warm, then run the pool once.
    for _ in default_extractor().pipe(warm, batch_size=BATCH_SIZE):
        pass
    for _ in extract_many(warm, processes=2, batch_size=BATCH_SIZE):
        pass
    triage = with_triage.triage
    assert triage is not None
    dropped_words = sum(len(t[s:e].split()) for t in texts for s, e in triage.drop(t))

    def run_spacy() -> int:
        return sum(1 for _ in bare.pipe(texts, batch_size=BATCH_SIZE))

    def run_parse() -> int:
        return sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE))

    def run_rasid() -> int:
        return sum(1 for _ in with_triage.pipe(articles, batch_size=BATCH_SIZE))

    def run_rasid_off() -> int:
        return sum(1 for _ in without.pipe(articles, batch_size=BATCH_SIZE))

    def run_rasid2() -> int:
        return sum(1 for _ in extract_many(articles, processes=2, batch_size=BATCH_SIZE))

    systems = {
        "spacy": run_spacy,
        "parse": run_parse,
        "rasid": run_rasid,
        "rasid_off": run_rasid_off,
        "rasid_2p": run_rasid2,
    }
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
    load_after = os.getloadavg()[0]
    memory = None if args.no_memory else worker_memory(articles)

    wps = {k: words / min(v) for k, v in times.items()}
    ratio = wps["rasid"] / wps["spacy"]
    ratio_off = wps["rasid_off"] / wps["spacy"]
    one_process = wps["rasid"] if triage_default else wps["rasid_off"]
    speedup = wps["rasid_2p"] / one_process

    rows = [
        ("bare spaCy nlp.pipe (spacy.load), 1 process", wps["spacy"], ""),
        (
            "Rasid pipeline, parse only, 1 process",
            wps["parse"],
            f"{wps['parse'] / wps['spacy']:.2f} x bare spaCy",
        ),
        (
            "Rasid Extractor.pipe, triage on, 1 process",
            wps["rasid"],
            f"ratio to spaCy {ratio:.2f} (target >= {RATIO_TARGET}, moonshot {RATIO_MOONSHOT})",
        ),
        (
            "Rasid Extractor.pipe, triage off, 1 process",
            wps["rasid_off"],
            f"ratio to spaCy {ratio_off:.2f} (target >= {RATIO_TARGET})",
        ),
        (
            f"Rasid extract_many, triage {'on' if triage_default else 'off'}, 2 processes",
            wps["rasid_2p"],
            f"speed-up {speedup:.2f} (target >= {SPEEDUP_TARGET})",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{n} texts, {words:,} words; best of {args.repeat} runs each")
    print(f"{'system':<{width}}  {'words/s':>10}  note")
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>10,.0f}  {note}".rstrip())
    share = dropped_words / words
    print(f"triage blanked sentences of {dropped_words:,} of {words:,} words ({share:.2%})")
    if memory is not None:
        print(f"memory per worker: peak RSS {memory:,.0f} MiB (a worker started alone)")
    summary = {
        "texts": n,
        "words": words,
        "batch_size": BATCH_SIZE,
        "repeat": args.repeat,
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2),
        "load_average_after_timing": round(load_after, 2),
        "spacy_words_per_s": round(wps["spacy"]),
        "parse_words_per_s": round(wps["parse"]),
        "rasid_words_per_s": round(wps["rasid"]),
        "rasid_no_triage_words_per_s": round(wps["rasid_off"]),
        "rasid_vs_spacy": round(ratio, 3),
        "rasid_no_triage_vs_spacy": round(ratio_off, 3),
        "rasid_2p_words_per_s": round(wps["rasid_2p"]),
        "speedup_2p": round(speedup, 3),
        "triage_default": triage_default,
        "triage_blanked_words": dropped_words,
        "worker_peak_rss_mib": round(memory) if memory is not None else None,
        "ratio_target_met": (ratio if triage_default else ratio_off) >= RATIO_TARGET,
        "speedup_target_met": speedup >= SPEEDUP_TARGET,
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
