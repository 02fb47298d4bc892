"""Aggregate figures: totals over a period ("84 ISIS members were killed in 2024")
are claims about many events, kept apart from events as figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from rasid.extract.quantities import numbers
from rasid.records import Attribution, Count, DateMention, Figure, Statement

# A date that covers at least this many days turns counts into totals:
# four weeks, so a month ("in December") qualifies and a week ("last week") does not.
AGGREGATE_MIN_DAYS = 27


def is_period(date: DateMention | None) -> bool:
    return bool(
        date is not None
        and date.start_date is not None
        and date.end_date is not None
        and (date.end_date - date.start_date).days >= AGGREGATE_MIN_DAYS
    )


def figures_from(
    doc: Doc, sent: Span, counts: list[Count], date: DateMention | None, source: Attribution | None
) -> list[Figure]:
    """Every number of an aggregate sentence, with what it counts and who claims it."""
    claimant = (source.organization or source.name) if source else None
    period = date.text if date is not None else None
    seen = {c.start for c in counts}
    out = [
        Figure(
            claimant,
            _metric(c),
            c.value,
            c.low,
            c.high,
            c.qualifier,
            period,
            c.text,
            c.start,
            c.end,
        )
        for c in counts
    ]
    for num in numbers(doc, sent.start, sent.end):
        if num.start in seen or num.value is None:
            continue
        noun = _noun_after(doc, num.j)
        if noun is None:
            continue
        out.append(
            Figure(
                claimant,
                noun,
                num.value,
                num.low,
                num.high,
                num.qualifier,
                period,
                num.text,
                num.start,
                num.end,
            )
        )
    return sorted(out, key=lambda f: f.start)


def _metric(count: Count) -> str:
    kind = {"fatalities": "killed"}.get(count.kind, count.kind)
    return f"{kind} {count.object}".strip() if count.object else kind


def _noun_after(doc: Doc, j: int) -> str | None:
    """'341 security operations' -> 'security operations' (up to the phrase's head noun)."""
    words = []
    for tok in doc[j : min(len(doc), j + 4)]:
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN"):
            break
        words.append(tok.text)
        if tok.pos_ == "NOUN" and tok.dep_ not in ("compound", "amod"):
            break
    return " ".join(words) if words and doc[j + len(words) - 1].pos_ == "NOUN" else None


def attribute_figures(figures: Sequence[Figure], statements: Sequence[Statement]) -> list[Figure]:
    """One figure per number, claimed by the speaker whose statement holds it.

    A sentence with several events yields its numbers once per event; the
    duplicates are dropped here, keeping the metric that names what was counted
    ("killed", "arrested others") over a bare following noun.
    """
    best: dict[tuple[int, int], Figure] = {}
    for f in figures:
        old = best.get((f.start, f.end))
        if old is None or _metric_rank(f) > _metric_rank(old):
            best[(f.start, f.end)] = f
    out: list[Figure] = []
    for f in sorted(best.values(), key=lambda f: f.start):
        said = next((s for s in statements if s.start <= f.start < s.end), None)
        if said is not None and said.speaker.name:
            previous = out[-1] if out and said.start <= out[-1].start else None
            f = replace(
                f,
                claimant=said.speaker.name,
                organization=said.speaker.organization or f.claimant,
                outlet=said.outlet,
                # "... in 2024, during which ... 260 headquarters were also
                # destroyed": one statement, one period.
                period=f.period or (previous.period if previous else None),
            )
        out.append(f)
    return out


_COUNTED = ("killed", "wounded", "arrested", "kidnapped", "destroyed", "seized")


def _metric_rank(f: Figure) -> tuple[bool, int]:
    return (f.metric.split()[0] in _COUNTED, len(f.metric))
