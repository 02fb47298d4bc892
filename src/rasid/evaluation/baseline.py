"""A keyword baseline: what a one-day script gets, so Rasid's scores mean something.

Rules, per sentence: a bombing word makes an Explosions/Remote violence event;
otherwise a killing word makes Battles (or Violence against civilians when the
sentence names civilians); otherwise an arrest word makes a Strategic
developments / Arrests event. The death toll is the first digit number next to
the killing word, the date is the publication date, and the evidence is the
keyword spans. Its output follows the contract, so it runs through ``evaluate``
exactly like Rasid's.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rasid.errors import BAD_VALUE

_FLAGS = re.IGNORECASE
EXPLOSION = re.compile(
    r"\b(?:car[- ])?(?:bomb(?:s|ed|er|ers|ing|ings)?|blasts?|explosions?|explosives?|"
    r"explode[sd]?|IEDs?)\b",
    _FLAGS,
)
KILL = re.compile(r"\bkill(?:s|ed|ing)?\b", _FLAGS)
ARREST = re.compile(r"\barrest(?:s|ed|ing)?\b", _FLAGS)
CIVILIAN = re.compile(
    r"\b(?:civilians?|villagers?|worshipp?ers?|pilgrims?|shoppers?|students?|children|"
    r"women|family|families|executed|execution|massacre[sd]?)\b",
    _FLAGS,
)
SUICIDE = re.compile(r"\bsuicide\b", _FLAGS)
# A sentence: a run of text up to . ! ? or a line end.
SENTENCE = re.compile(r"[^\n.!?]+[.!?]*")
# Digits before "killed" with up to three words between ("23 Iraqi soldiers killed").
NUMBER_BEFORE = re.compile(r"\b(\d[\d,]*)\s+(?:[^\s\d]+\s+){0,3}$")
# Digits after "kills" ("kills at least 12").
NUMBER_AFTER = re.compile(r"\s+(?:at least\s+|more than\s+|about\s+)?(\d[\d,]*)\b", _FLAGS)

# event type -> (sub-event type, PLOVER type)
TYPES = {
    "Explosions/Remote violence": ("Remote explosive/landmine/IED", "ASSAULT"),
    "Battles": ("Armed clash", "FIGHT"),
    "Violence against civilians": ("Attack", "ASSAULT"),
    "Strategic developments": ("Arrests", "COERCE"),
}


def _toll(text: str, kill: re.Match, lo: int, hi: int) -> dict[str, Any] | None:
    """The first digit number next to a killing word (in its sentence) as a fatalities COUNT."""
    before = NUMBER_BEFORE.search(text, lo, kill.start())
    after = NUMBER_AFTER.match(text, kill.end(), hi)
    if before:
        start, digits = before.start(1), before.group(1)
    elif after:
        start, digits = after.start(1), after.group(1)
    else:
        return None
    value = int(digits.replace(",", ""))
    if len(digits) == 4 and 1900 <= value <= 2100:  # a year, not a toll
        return None
    end = start + len(digits)
    return {
        "total": value,
        "low": value,
        "high": value,
        "qualifier": "exact",
        "text": text[start:end],
        "start": start,
        "end": end,
    }


def _date(published: Any) -> dict[str, Any]:
    if isinstance(published, dt.date):
        published = published.isoformat()
    day = published[:10] if isinstance(published, str) and published else None
    return {
        "start": day,
        "end": day,
        "precision": 1 if day else None,
        "text": None,
        "offset_start": None,
        "offset_end": None,
    }


def _event(
    rid: str, n: int, event_type: str, spans: list[re.Match], date: dict, toll: dict | None
) -> dict[str, Any]:
    sub, plover = TYPES[event_type]
    ordered = sorted(spans, key=lambda m: m.start())
    evidence = [{"start": m.start(), "end": m.end(), "text": m.group(0)} for m in ordered]
    trigger = {"start": spans[0].start(), "end": spans[0].end(), "text": spans[0].group(0)}
    return {
        "event_id": f"{rid}#baseline-{n}",
        "event_type": event_type,
        "sub_event_type": sub,
        "plover_type": plover,
        "date": date,
        "actor1": None,
        "actor2": None,
        "assoc_actors": [],
        "location": None,
        "fatalities": toll,
        "counts": [],
        "modality": "reported",
        "attribution": None,
        "confidence": 0.3,
        "evidence": evidence,
        "trigger": trigger,
        "summary": f"{sub} ({event_type}) reported: keyword {spans[0].group(0)!r}.",
    }


def keyword_baseline(record: dict) -> dict[str, Any]:
    """A contract-shaped result for one article or gold record from keyword rules."""
    rid = str(record.get("id"))
    text = record.get("text")
    article = {
        "id": rid,
        "title": record.get("title"),
        "source": record.get("source"),
        "url": record.get("url"),
        "published": _date(record.get("published"))["start"],
        "language": record.get("language"),
    }
    result: dict[str, Any] = {
        "id": rid,
        "article": article,
        "events": [],
        "mentions": [],
        "statements": [],
        "figures": [],
        "errors": [],
    }
    if not isinstance(text, str):
        result["errors"].append(
            {"code": BAD_VALUE, "message": "record has no 'text' string", "input": rid}
        )
        return result
    date = _date(record.get("published"))
    for sentence in SENTENCE.finditer(text):
        lo, hi = sentence.span()
        bombs = list(EXPLOSION.finditer(text, lo, hi))
        kills = list(KILL.finditer(text, lo, hi))
        arrests = list(ARREST.finditer(text, lo, hi))
        toll = _toll(text, kills[0], lo, hi) if kills else None
        if bombs:
            event_type, spans = "Explosions/Remote violence", bombs + kills
        elif kills:
            civilians = CIVILIAN.search(text, lo, hi)
            event_type = "Violence against civilians" if civilians else "Battles"
            spans = kills
        elif arrests:
            event_type, spans, toll = "Strategic developments", arrests, None
        else:
            continue
        event = _event(rid, len(result["events"]) + 1, event_type, spans, date, toll)
        if event_type == "Explosions/Remote violence" and SUICIDE.search(text, lo, hi):
            event["sub_event_type"] = "Suicide bomb"
        result["events"].append(event)
    return result
