"""Pairwise precision and recall of cross-article fusion on the labelled fusion set.

Run from the repository root::

    python benchmarks/fusion.py                  # tests/data/fusion, table for dev/test/all
    python benchmarks/fusion.py --sweep          # F1 on dev over match thresholds (tuning)
    python benchmarks/fusion.py --orders 8       # also: articles arriving in 8 random orders
    python benchmarks/fusion.py --json out.json  # also write the full report

Extracts every article of the set with Rasid's extractor, fuses the reported
events with ``rasid.fuse.cluster`` and scores same-event decisions pairwise
(see ``rasid.evaluation.fusion``). The same run scores a one-day baseline
(same start date + governorate + event type = same event) for comparison.
``--orders`` replays incremental fusion as ``rasid ingest`` does it, one
article at a time in a random arrival order, to show how much order matters.

Targets: precision >= 0.9 and recall >= 0.9 on every split.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SET = REPO / "tests" / "data" / "fusion"
SWEEP = [0.5, 1.0, 1.5, 2.0, 2.25, 2.5, 2.75, 3.0, 3.5, 4.0]


def arrival_order(folder: Path, results: list, seed: int) -> dict:
    """Pairwise scores when articles arrive one by one in a shuffled order."""
    import random

    from rasid import fuse
    from rasid.evaluation.fusion import align, load_labels, pair_scores, sketches_from

    sketches = sketches_from(results)
    gold = align(sketches, load_labels(folder))
    articles = sorted({s.article_id for s in sketches})
    random.Random(seed).shuffle(articles)
    clusters: dict[str, list] = {}
    for article in articles:
        mine = fuse.in_match_order([s for s in sketches if s.article_id == article])
        for s in mine:
            key = fuse.match(s, clusters)
            clusters.setdefault(key or s.key, []).append(s)
    groups = [[m.key for m in members] for members in clusters.values()]
    return pair_scores(groups, gold, sketches)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set", type=Path, default=SET, help="folder with articles.jsonl, labels.json"
    )
    parser.add_argument("--sweep", action="store_true", help="F1 per threshold on dev (and test)")
    parser.add_argument("--orders", type=int, default=0, help="random arrival orders to replay")
    parser.add_argument("--json", type=Path, help="write the full report here")
    args = parser.parse_args()

    from rasid.evaluation.fusion import evaluate_fusion, extract_set, format_fusion_report

    t0 = time.perf_counter()
    results = extract_set(args.set)
    t1 = time.perf_counter()
    report = evaluate_fusion(args.set, results)
    t2 = time.perf_counter()
    print(format_fusion_report(report))
    print(f"extraction {t1 - t0:.1f} s, alignment + fusion + scoring {t2 - t1:.2f} s")
    if args.sweep:
        print("\nthreshold  dev P/R/F1            test P/R/F1")
        for th in SWEEP:
            r = evaluate_fusion(args.set, results, threshold=th)["fusion"]
            d, t = r["dev"], r["test"]
            print(
                f"{th:>9}  {d['precision']:.3f} {d['recall']:.3f} {d['f1']:.3f}"
                f"    {t['precision']:.3f} {t['recall']:.3f} {t['f1']:.3f}"
            )
    if args.orders:
        print("\narrival order  all P/R (incremental, one article at a time)")
        for seed in range(args.orders):
            r = arrival_order(args.set, results, seed)
            print(f"seed {seed:<9} {r['precision']:.3f} {r['recall']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
