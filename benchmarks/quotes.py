"""Quotation extraction: Rasid against textacy's ``direct_quotations``, one run.

Run from the repository root (textacy is not a Rasid dependency; install it
beside Rasid first: ``pip install textacy==0.13.0``)::

    python benchmarks/quotes.py                       # ../shared/eval/polnear.jsonl
    python benchmarks/quotes.py --gold other.jsonl --limit 50

Both systems get the very same spaCy docs (parsed once, not timed), so the
times below are each system's own work on top of parsing. Both are scored by
Rasid's quotation scorer (``rasid.evaluation.quotes``): recall by kind, precision,
speaker accuracy. textacy only looks for direct quotations, so its indirect
recall is expected to be near zero; the comparison that matters is direct recall
and what happens to articles with an odd number of quotation marks, where
textacy gives up on the whole article.

NOTE: the machine is noisy; compare the two systems' times from one run only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
_MARKS = '"“”'


def _textacy_statements(doc, direct_quotations) -> list[dict]:
    out = []
    for triple in direct_quotations(doc):
        content = triple.content
        speaker = " ".join(t.text for t in triple.speaker) or None
        out.append(
            {
                "start": content.start_char,
                "end": content.end_char,
                "kind": "direct",
                "quote": content.text,
                "speaker": {"name": speaker},
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "polnear.jsonl")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"skipped: {args.gold} not found (the shared development data is absent)")
        return 0
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        print("textacy is not installed: pip install textacy==0.13.0", file=sys.stderr)
        return 2

    from rasid.evaluation.quotes import QuoteScorer
    from rasid.pipeline import default_extractor

    records = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    records = [r for r in records if r.get("gold", {}).get("quotes") is not None][: args.limit]
    extractor = default_extractor()
    docs = list(extractor.nlp.pipe(r["text"] for r in records))
    words = sum(len(r["text"].split()) for r in records)

    rasid_scorer, textacy_scorer = QuoteScorer(), QuoteScorer()
    rasid_time = textacy_time = 0.0
    gave_up = odd = errors = 0
    for record, doc in zip(records, docs, strict=True):
        t0 = time.perf_counter()
        ours = [s.to_dict() for s in extractor.statements(doc)]
        t1 = time.perf_counter()
        try:
            theirs = _textacy_statements(doc, direct_quotations)
        except ValueError:  # "N quotation marks found, indicating an unclosed quotation"
            theirs, errors = [], errors + 1
        t2 = time.perf_counter()
        rasid_time += t1 - t0
        textacy_time += t2 - t1
        rasid_scorer.add(record, {"statements": ours})
        textacy_scorer.add(record, {"statements": theirs})
        marks = sum(record["text"].count(m) for m in _MARKS)
        has_direct = any(q.get("kind") == "direct" for q in record["gold"]["quotes"])
        if marks % 2:
            odd += 1
            if has_direct and not theirs:
                gave_up += 1

    print(f"{len(records)} articles, {words:,} words, from {args.gold}")
    print(f"articles with an odd number of double quotation marks: {odd}")
    print(f"  of which textacy returned no quote at all though gold has direct quotes: {gave_up}")
    if errors:
        print(
            f"textacy gave up on {errors} whole articles (it raises 'unclosed quotation ... "
            "safest to bail out' when it counts an odd number of quote marks)"
        )
    print()
    header = f"{'system':<10}{'direct':>8}{'indirect':>10}{'mixed':>8}{'precision':>11}"
    header += f"{'speaker':>9}{'articles/s':>12}{'words/s':>10}"
    print(header)
    for name, scorer, secs in (
        ("rasid", rasid_scorer, rasid_time),
        ("textacy", textacy_scorer, textacy_time),
    ):
        m = scorer.result()["metrics"]
        kinds = m["recall_by_kind"]
        row = f"{name:<10}{kinds['direct']['score']:>8.3f}{kinds['indirect']['score']:>10.3f}"
        row += f"{kinds['mixed']['score']:>8.3f}{m['precision']['score']:>11.3f}"
        row += f"{m['speaker_accuracy']['score']:>9.3f}"
        row += f"{len(records) / secs:>12.1f}{words / secs:>10,.0f}"
        print(row)
    print("\n(times: each system's own work on the same parsed docs; parsing not timed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
