"""Official strike releases: one air strike per listed place, by the force that issued it.

Military press offices (the counter-ISIS coalition's daily strike reports, and
others written the same way) list their strikes place by place under country
headings::

    Strikes in Syria
    -- Near Raqqa, nine strikes engaged eight ISIS tactical units and destroyed ...
    -- Near Abu Kamal, a strike destroyed an ISIS oil well.

Each item is an incident of its own at its place, an air strike by the issuing
force against the group it names.  The lines around the list are not: the day's
totals ("conducted 23 strikes consisting of 45 engagements"), the country
subtotals, the definition of a strike, the list of participating nations.  Read
sentence by sentence, such a release became armed clashes by unidentified actors
with items merged and totals coded as events.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from rasid.extract.draft import Draft
from rasid.records import Actor, PlaceMention

# "-- Near Raqqa, nine strikes engaged ...", "• West of Tuz Khurmatu, a strike destroyed ..."
_ITEM = re.compile(
    r"^\s*(?:[-–—•*]+\s*)?(?:Near|Northeast of|Northwest of|Southeast of|Southwest of|North of|"
    r"South of|East of|West of|In the vicinity of|Vicinity of)\s+"
    r"(?P<place>[^,:]{2,60})[,:]\s+(?P<rest>.*\bstrikes?\b.*)$",
    re.MULTILINE,
)
# A release lists at least this many places; one "Near X, a strike ..." line in a
# news story is just a sentence.
MIN_ITEMS = 2
SUB_EVENT_TYPE = "Air/drone strike"
# Sides that issue strike releases: the coalition and national militaries.
_ISSUER_TYPES = ("external_forces", "state_forces")


@dataclass(frozen=True)
class StrikeRelease:
    """Where the list items of a strike release are, and which force issued it."""

    items: tuple[tuple[int, int, int, int], ...]  # (line start, line end, place start, place end)
    issuer: Actor | None

    def item_at(self, start: int) -> tuple[int, int, int, int] | None:
        """The item whose line holds the character at ``start``."""
        return next((i for i in self.items if i[0] <= start < i[1]), None)


def strike_release(text: str, actors: Sequence[Actor]) -> StrikeRelease | None:
    """The article read as a strike release, or None when it lists too few strikes."""
    items = tuple(
        (m.start(), m.end(), m.start("place"), m.end("place")) for m in _ITEM.finditer(text)
    )
    if len(items) < MIN_ITEMS:
        return None
    inside = [a for a in actors if any(s <= a.start < e for s, e, _, _ in items)]
    issuers = Counter(a for a in actors if a.type in _ISSUER_TYPES and a not in inside)
    # The force that speaks outside the list: the coalition, not the army of a place.
    issuer = max(issuers, key=lambda a: (a.type == "external_forces", issuers[a]), default=None)
    return StrikeRelease(items, issuer)


def release_item(
    release: StrikeRelease, drafts: list[Draft], sent: Span, places: Sequence[PlaceMention]
) -> Draft | None:
    """One air strike event from the drafts of an item's sentence, at the item's place;
    None when the sentence is no item."""
    item = release.item_at(sent.start_char)
    if item is None or not drafts:
        return None
    first = drafts[0]
    for other in drafts[1:]:
        first.triggers.extend(other.triggers)
        first.counts.extend(c for c in other.counts if c not in first.counts)
    _, _, place_start, place_end = item
    first.places = [p for p in places if place_start <= p.start < place_end]
    target = first.actor2 or first.actor1 or next((d.actor2 for d in drafts if d.actor2), None)
    if target is not None and release.issuer is not None and target.name == release.issuer.name:
        target = None
    first.actor1 = release.issuer
    first.actor2 = target
    first.sub_event_type = SUB_EVENT_TYPE
    first.modality = "reported"
    return first
