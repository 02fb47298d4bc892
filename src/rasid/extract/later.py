"""Acts a sentence tells as coming later than the others ("... and a rocket struck
Uvira a day later", "clashed with the militants two days later").

Wire leads pack two incidents into one sentence: the attack, then what followed
on another day.  The parser often hangs both verbs on one clause ("Insurgents
linked to the Islamic State group beheaded ... and troops clashed ... two days
later"), so the clause split by place misses them; the time phrase itself says
the second act is another incident, on a day the first one's date gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from rasid.extract.quantities import word_value
from rasid.records import DateMention

if TYPE_CHECKING:
    from rasid.extract.draft import Draft

_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
_NEXT = {"next", "following"}


def _amount(unit: Token) -> int | None:
    amount = next((c for c in unit.children if c.dep_ in ("nummod", "det")), None)
    if amount is None:
        return None
    if amount.lower_ in ("a", "one"):
        return 1
    n = word_value(amount.lower_)
    if n is None and amount.text.isdigit():
        n = int(amount.text)
    return n


def _days_after(head: Token) -> int | None:
    """ "a day after <this>": the unit and amount hung on the word that says "after"."""
    for c in head.children:
        if c.dep_ == "npadvmod" and c.lower_ in _UNITS and (n := _amount(c)) is not None:
            return n * _UNITS[c.lower_]
    return None


def later_by(tok: Token) -> int | None:
    """Days after the sentence's other acts that the act at ``tok`` came, when its own
    words say so ("two days later", "a day later", "the next day"); negative for an act
    told as coming before them ("a day after a suicide car bombing killed five"); else
    None."""
    if any(c.lower_ == "after" and c.dep_ == "mark" for c in tok.children):
        n = _days_after(tok)  # "..., a day after a car bombing killed five soldiers"
        if n is not None:
            return -n
    if tok.dep_ == "pobj" and tok.head.lower_ == "after":
        n = _days_after(tok.head)  # "a day after the bombing"
        if n is not None:
            return -n
    for child in tok.children:
        if child.lower_ == "later" and child.dep_ == "advmod":
            n = _days_after(child)  # "two days later": the unit hung on "later"
            if n is not None:
                return n
        if (
            child.lower_ in ("day", "morning")
            and child.dep_ == "npadvmod"
            and any(c.lower_ in _NEXT for c in child.children)
        ):
            return 1
    return None


def shifted(date: DateMention | None, days: int) -> DateMention | None:
    """The sentence's day moved on by ``days``; None when it has no single day."""
    if date is None or date.precision != 1 or date.start_date is None:
        return None
    day = date.start_date + dt.timedelta(days=days)
    return replace(date, start_date=day, end_date=day)


def settle_after(drafts: Iterable[Draft], home: Mapping[int, Draft]) -> None:
    """Give each act told as later ("and clashed with them two days later") the day
    after the day its first act has by now; ``home`` maps a merged mention to the
    incident it joined."""
    for d in drafts:
        if d.date is None and d.after is not None:
            first, days = d.after
            base = home.get(id(first), first)
            d.date = None if base.report_dated else shifted(base.date, days)
