"""An event while it is being assembled from one or more sentences."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from rasid.knowledge.lexicon import TriggerMatch
from rasid.records import Actor, Attribution, Count, DateMention, PlaceMention

# Triggers of one family in a sentence make one event; an arrest, a protest or
# a visit next to a killing is a separate event ("died in a shootout, while his
# brother was captured a day later").
FAMILY = {"arrest": "arrest", "protest": "protest", "riot": "protest", "consult": "consult"}


PRIORITY = ("protest", "riot", "explosion", "territory", "clash", "kill", "attack", "wound",
             "abduct", "arrest", "destroy", "operation", "consult")  # fmt: skip


VIOLENT = {"kill", "wound", "clash", "attack", "explosion"}


UNVIOLENT = {"destroy", "arrest", "operation", "consult"}


# Classes of a crowd's acts: a protest, a riot.
CROWD = frozenset({"protest", "riot"})


@dataclass
class Draft:
    """An event while it is being assembled from one or more sentences."""

    sents: list[Span]
    triggers: list[TriggerMatch]
    main: Token
    modality: str
    date: DateMention | None
    counts: list[Count] = field(default_factory=list)
    # Death tolls told again that the incident does not add up: other sources'
    # figures, a toll that was later revised
    other_tolls: list[Count] = field(default_factory=list)
    # The date belongs to the announcement ("the ministry said on Monday"), not
    # to the act: good enough to date the event, not to tell two incidents apart.
    report_dated: bool = False
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc: list[Actor] = field(default_factory=list)
    victims: set[str] = field(default_factory=set)
    objects: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)  # what the act was aimed at
    places: list[PlaceMention] = field(default_factory=list)
    # Places named that the gazetteer does not know ("Mingala area"): no coordinates
    unknown: list[PlaceMention] = field(default_factory=list)
    attribution: Attribution | None = None
    # The type a document-level reader already knows ("Air/drone strike" for an item
    # of an official strike release); None lets the words decide.
    sub_event_type: str | None = None
    # Character ranges of the first sentence that tell its other acts (another clause,
    # or an act told as later: "and troops clashed with them two days later"): they say
    # nothing of this act's kind, and their "later" does not set this one apart
    aside: tuple[tuple[int, int], ...] = ()
    # The act of the same sentence this one came after, and by how many days, when the
    # sentence gave that act no day of its own yet ("two days later")
    after: tuple[Draft, int] | None = None
    # Days after the sentence's other act this one was told to come ("a day later"):
    # that phrase sets it apart from the other act only, not from later retellings
    told_later: int = 0

    # (triggers seen, strong classes, weak classes): asked for thousands of times while
    # an incident grows, the classes are counted again only when the triggers change
    _known: tuple[tuple[int, int], frozenset[str], frozenset[str]] | None = field(
        default=None, repr=False, compare=False
    )

    def _trigger_classes(self) -> tuple[frozenset[str], frozenset[str]]:
        key = (id(self.triggers), len(self.triggers))
        if self._known is None or self._known[0] != key:
            strong = frozenset(t.cls for t in self.triggers if not t.term.weak)
            weak = frozenset(t.cls for t in self.triggers if t.term.weak)
            self._known = (key, strong, weak)
        return self._known[1], self._known[2]

    def opening(self) -> str:
        """The first sentence's text, without the words that tell another act."""
        sent = self.sents[0]
        text = sent.text
        for lo, hi in self.aside:
            lo, hi = max(0, lo - sent.start_char), max(0, hi - sent.start_char)
            text = text[:lo] + " " * (hi - lo) + text[hi:]
        return text

    def own_words(self, tok: Token) -> bool:
        """Is the token of the first sentence one of this act's words (not another's)?"""
        return not any(lo <= tok.idx < hi for lo, hi in self.aside)

    @property
    def classes(self) -> set[str]:
        """Classes of the strong triggers; weak ones ("gunmen") only refine violence."""
        strong, weak = self._trigger_classes()
        return set(strong) | (weak & {"attack"} if strong & VIOLENT else set())

    @property
    def cues(self) -> set[str]:
        """Classes only weak triggers name ("protesters" in "fired on protesters")."""
        return set(self._trigger_classes()[1])
