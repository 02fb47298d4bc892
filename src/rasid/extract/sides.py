"""Which side the generic words of a report mean: "our forces" in a group's own
statement, "the militants" in a report about one named group.

Read once per report, from every actor it names: a sentence alone cannot tell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from rasid.extract import typing
from rasid.extract.draft import Draft
from rasid.extract.responsibility import GENERIC_ACTORS, disclaimed
from rasid.extract.syntax import token_at
from rasid.records import Actor

if TYPE_CHECKING:
    from rasid.extract.events import Context


def most_named(doc: Doc, actors: Sequence[Actor]) -> Actor | None:
    """The actor named in the most sentences (two at least, and no tie)."""
    sentences: dict[str, set[int]] = {}
    for a in actors:
        at = token_at(doc, a.start)
        sentences.setdefault(a.name, set()).add(at.sent.start if at is not None else a.start)
    if not sentences:
        return None
    counts = {name: len(s) for name, s in sentences.items()}
    top, n = max(counts.items(), key=lambda kv: kv[1])
    if n < 2 or len([k for k, v in counts.items() if v == n]) > 1:
        return None
    return next(a for a in actors if a.name == top)


def own_side(doc: Doc, ctx: Context) -> Context:
    """ "our forces confronted them", "three of our fighters": in a statement an armed
    group issues, its own side, the armed side the report names most, not the
    country's army the words would be read as elsewhere."""
    ours = [a for a in ctx.actors if a.text.lower().startswith("our ")]
    if not ours:
        return ctx
    armed = [
        a
        for a in ctx.actors
        if a.type in typing.ARMED_TYPES and a.name not in GENERIC_ACTORS and a not in ours
    ]
    model = most_named(doc, armed)
    if model is None:
        return ctx
    side = {"name": model.name, "type": model.type, "country": model.country}
    return replace(ctx, actors=[replace(a, **side) if a in ours else a for a in ctx.actors])


# "Al Qaeda's Sahel affiliate JNIM", "the Islamic State's local branch": the group named
# after the possessive is the side; the one owning it is who it belongs to
_AFFILIATE = re.compile(
    r"\s*['’]s?\s+(?:[\w-]+\s+){0,2}(?:affiliate|branch|wing|arm|faction|offshoot|franchise|"
    r"ally|allies|proxy|proxies)\s+"
)


def affiliates_named(text: str, actors: Sequence[Actor]) -> list[Actor]:
    """The actors without those named only as owner of the affiliate told next."""
    starts = {a.start for a in actors}
    kept = []
    for a in actors:
        m = _AFFILIATE.match(text, a.end)
        if m is not None and m.end() in starts:
            continue
        kept.append(a)
    return kept


def resolve_generic_actors(doc: Doc, drafts: list[Draft], ctx: Context) -> None:
    """'terrorist elements', 'militants' in an article about one armed group mean that
    group: one named in two sentences or more, more often than any other.  An event
    the report says nobody claimed keeps its unnamed perpetrator."""
    named = [a for a in ctx.actors if a.type == "rebel_group" and a.name not in GENERIC_ACTORS]
    # "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)" is one mention, not two
    model = most_named(doc, named)
    if model is None:
        return
    unclaimed = {id(d) for d in disclaimed(doc, drafts)}
    for d in drafts:
        if id(d) in unclaimed:
            continue
        for role, other in (("actor1", d.actor2), ("actor2", d.actor1)):
            actor = getattr(d, role)
            if other is not None and other.name == model.name:
                continue  # "militants attacked a Taliban checkpoint": not the Taliban
            if actor is not None and actor.name in GENERIC_ACTORS:
                setattr(
                    d, role, replace(actor, name=model.name, type=model.type, country=model.country)
                )
