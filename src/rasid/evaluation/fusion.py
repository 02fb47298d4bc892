"""Score cross-article fusion against a labelled set of articles and incidents.

The set is a folder with ``articles.jsonl`` (Rasid's JSONL input) and
``labels.json``: ``incidents`` (id -> split ``dev``/``test``, date, admin1,
event_type, places as written, description) and ``articles`` (article id ->
the incident ids it reports).

**Alignment.** Extracted events are not gold events, so each gold mention (an
article reporting an incident) is aligned to at most one of that article's
reported events: the one whose type is closest to the incident's (same type,
then a type `rasid.fuse.compatible_types` accepts; an event of an incompatible
type is never aligned), then whose location name is one of the incident's
places, then whose governorate and date (+-1 day) agree, then the first in the
text. Each event aligns to at most one incident. Events left over (secondary
acts, e.g. "weapons were seized", or coding noise) are not scored; they are
counted, and ``strays`` counts those fusion put in a cluster with aligned
events, so over-eager merging of noise stays visible.

**Pairwise scores.** Over all pairs of aligned events from different articles:
a pair is gold-same when both align to one incident, predicted-same when
fusion put both in one cluster. Precision, recall and F1 of predicted-same.
Splits: a pair belongs to ``dev`` or ``test`` when both incidents do (fusion
itself always runs over the whole set, so each split sees the other's events
as distractors); ``all`` has every pair.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

from rasid import fuse
from rasid.errors import EvaluationError
from rasid.fuse import EventSketch
from rasid.records import Article, ArticleResult

SPLITS = ("dev", "test", "all")


def load_labels(folder: str | Path) -> dict[str, Any]:
    """``labels.json`` of a fusion set, checked for ids that point nowhere."""
    path = Path(folder) / "labels.json"
    try:
        labels = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"cannot read fusion labels: {exc}", input=str(path)) from exc
    incidents = labels.get("incidents") or {}
    for article_id, ids in (labels.get("articles") or {}).items():
        unknown = [i for i in ids if i not in incidents]
        if unknown:
            raise EvaluationError(
                f"article {article_id!r} names unknown incident(s) {unknown}", input=str(path)
            )
    return labels


def read_articles(folder: str | Path) -> list[Article]:
    """The set's articles through Rasid's own JSONL reader."""
    from rasid import sources

    path = Path(folder) / "articles.jsonl"
    if not path.is_file():
        raise EvaluationError(
            "not a labelled fusion set; expected a folder with articles.jsonl and labels.json",
            input=str(folder),
        )
    items = list(sources.read([path]))
    bad = [i for i in items if not isinstance(i, Article)]
    if bad:
        reasons = "; ".join(f"{f.input}: {f.message}" for f in bad[:5])
        raise EvaluationError(
            f"{len(bad)} unreadable fusion article(s): {reasons}", input=str(path)
        )
    return items  # type: ignore[return-value]


def extract_set(folder: str | Path, processes: int = 1) -> list[ArticleResult]:
    """Run extraction over the set's articles (models load once per process)."""
    return _extract(read_articles(folder), processes)


def _extract(
    articles: list[Article], processes: int, triage: bool | None = None
) -> list[ArticleResult]:
    from rasid.pipeline import extract_many

    return list(extract_many(articles, processes=processes, triage=triage))


def sketches_from(results: Iterable[ArticleResult]) -> list[EventSketch]:
    """One sketch per reported event; key ``article_id#n`` (n = index among its events)."""
    out = []
    for result in results:
        for n, event in enumerate(e for e in result.events if e.is_reported):
            out.append(EventSketch.from_event(f"{result.article.id}#{n}", event, result.article))
    return out


def _type_rank(sketch: EventSketch, event_type: str) -> int:
    if sketch.event_type == event_type:
        return 2
    return 1 if fuse.related_types(sketch.event_type, event_type) else 0


def align(sketches: Sequence[EventSketch], labels: dict[str, Any]) -> dict[str, str]:
    """Event key -> gold incident id, by the rule in the module docstring."""
    incidents = labels["incidents"]
    by_article: dict[str, list[EventSketch]] = {}
    for s in sketches:
        by_article.setdefault(s.article_id, []).append(s)
    aligned: dict[str, str] = {}
    for article_id, incident_ids in labels["articles"].items():
        events = by_article.get(article_id, [])
        for incident_id in incident_ids:
            gold = incidents[incident_id]
            places = {fuse._norm(p) for p in gold.get("places") or []}
            day = dt.date.fromisoformat(gold["date"]) if gold.get("date") else None

            def rank(ie: tuple[int, EventSketch], gold=gold, places=places, day=day) -> tuple:
                i, s = ie
                near = day is not None and s.date_start is not None
                return (
                    _type_rank(s, gold["event_type"]),
                    fuse._norm(s.location) in places,
                    s.admin1 == gold.get("admin1"),
                    near and abs((s.date_start - day).days) <= 1,
                    -i,
                )

            free = [(i, s) for i, s in enumerate(events) if s.key not in aligned]
            if not free:
                continue
            best = max(free, key=rank)
            if rank(best)[0] > 0:
                aligned[best[1].key] = incident_id
    return aligned


def pair_scores(
    clusters: Sequence[Sequence[str]],
    gold: dict[str, str],
    sketches: Sequence[EventSketch],
    keep: Callable[[str, str], bool] = lambda a, b: True,
) -> dict[str, Any]:
    """Pairwise precision/recall of same-event decisions over aligned events."""
    cluster_of = {k: n for n, members in enumerate(clusters) for k in members}
    article = {s.key: s.article_id for s in sketches}
    keys = sorted(k for k in gold if k in cluster_of)
    tp = fp = fn = n = 0
    for a, b in combinations(keys, 2):
        if article[a] == article[b] or not keep(gold[a], gold[b]):
            continue
        n += 1
        same, said = gold[a] == gold[b], cluster_of[a] == cluster_of[b]
        tp += same and said
        fp += said and not same
        fn += same and not said
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn, "pairs": n}


def baseline_clusters(sketches: Sequence[EventSketch]) -> list[list[str]]:
    """One-day baseline: same start date, governorate and event type = same event."""
    groups: dict[tuple, list[str]] = {}
    for s in sketches:
        key = (s.date_start, s.admin1, s.event_type) if s.date_start and s.admin1 else (s.key,)
        groups.setdefault(key, []).append(s.key)
    return list(groups.values())


def _split_report(
    clusters: Sequence[Sequence[str]],
    gold: dict[str, str],
    sketches: Sequence[EventSketch],
    labels: dict[str, Any],
    split: str,
) -> dict[str, Any]:
    incidents = labels["incidents"]

    def in_split(incident_id: str) -> bool:
        return split == "all" or incidents[incident_id]["split"] == split

    out = pair_scores(clusters, gold, sketches, lambda a, b: in_split(a) and in_split(b))
    mine = {k: i for k, i in gold.items() if in_split(i)}
    cluster_of = {k: n for n, members in enumerate(clusters) for k in members}
    out["events"] = len(mine)
    out["gold_incidents"] = len(set(mine.values()))
    out["clusters"] = len({cluster_of[k] for k in mine})
    return out


def evaluate_fusion(
    folder: str | Path,
    results: Sequence[ArticleResult] | None = None,
    threshold: float = fuse.MATCH_THRESHOLD,
    processes: int = 1,
    triage: bool | None = None,
) -> dict[str, Any]:
    """Fusion and baseline scores per split; extracts the set first unless given results
    (after the articles and labels are read, so a bad set fails before any extraction)."""
    articles = read_articles(folder) if results is None else []
    labels = load_labels(folder)
    if results is None:
        results = _extract(articles, processes, triage)
    sketches = sketches_from(results)
    gold = align(sketches, labels)
    mentions = sum(len(v) for v in labels["articles"].values())
    fused = fuse.cluster(sketches, threshold=threshold)
    cluster_of = {k: n for n, members in enumerate(fused) for k in members}
    with_gold = {cluster_of[k] for k in gold}
    strays = [s.key for s in sketches if s.key not in gold and cluster_of[s.key] in with_gold]
    have = {s.article_id for s in sketches}
    silent = sorted(a for a in labels["articles"] if a not in have)
    base = baseline_clusters(sketches)
    return {
        "set": str(folder),
        "threshold": threshold,
        "articles": len(labels["articles"]),
        "events": len(sketches),
        "gold_mentions": mentions,
        "aligned": len(gold),
        "unaligned_events": len(sketches) - len(gold),
        "strays": len(strays),
        "articles_without_events": silent,
        "fusion": {s: _split_report(fused, gold, sketches, labels, s) for s in SPLITS},
        "baseline": {s: _split_report(base, gold, sketches, labels, s) for s in SPLITS},
        "errors": _errors(fused, gold, sketches),
    }


def _errors(
    clusters: Sequence[Sequence[str]], gold: dict[str, str], sketches: Sequence[EventSketch]
) -> list[str]:
    """Gold incidents split over clusters and clusters mixing incidents, for reading."""
    cluster_of = {k: n for n, members in enumerate(clusters) for k in members}
    out = []
    by_incident: dict[str, set[int]] = {}
    for k, i in gold.items():
        by_incident.setdefault(i, set()).add(cluster_of[k])
    for i, cs in sorted(by_incident.items()):
        if len(cs) > 1:
            parts = [sorted(k for k in clusters[c] if gold.get(k) == i) for c in sorted(cs)]
            out.append(f"split {i}: {parts}")
    for members in clusters:
        incs = {gold[k] for k in members if k in gold}
        if len(incs) > 1:
            out.append(f"mixed {sorted(incs)}: {sorted(members)}")
    return out


def format_fusion_report(report: dict[str, Any]) -> str:
    """The report as a table: method x split, with P, R, F1, pairs and cluster counts."""
    lines = [
        f"Fusion set {report['set']}: {report['articles']} articles, {report['events']} "
        f"reported events, {report['aligned']}/{report['gold_mentions']} gold mentions aligned, "
        f"{report['unaligned_events']} events unaligned ({report['strays']} of them fused "
        f"into a cluster with aligned events); match threshold {report['threshold']}",
        f"{'method':<10} {'split':<5} {'P':>6} {'R':>6} {'F1':>6} {'pairs':>6} "
        f"{'same':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'clusters':>9} {'incidents':>9}",
    ]
    for method in ("fusion", "baseline"):
        for split in SPLITS:
            r = report[method][split]
            lines.append(
                f"{method:<10} {split:<5} {r['precision']:>6.3f} {r['recall']:>6.3f} "
                f"{r['f1']:>6.3f} {r['pairs']:>6} {r['tp'] + r['fn']:>5} {r['tp']:>4} "
                f"{r['fp']:>4} {r['fn']:>4} {r['clusters']:>9} {r['gold_incidents']:>9}"
            )
    if report["articles_without_events"]:
        lines.append(f"articles without events: {report['articles_without_events']}")
    lines += [f"  {e}" for e in report["errors"]]
    return "\n".join(lines)
