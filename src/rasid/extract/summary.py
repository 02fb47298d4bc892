"""One ACLED-style sentence per event, built only from the event's own fields."""

from __future__ import annotations

from rasid.records import Event

# Sub-event type -> (verb phrase, preposition before the target).
_VERBS = {
    "Armed clash": ("clashed", "with"),
    "Government regains territory": ("regained territory", "from"),
    "Non-state actor overtakes territory": ("took territory", "from"),
    "Air/drone strike": ("carried out an air/drone strike", "on"),
    "Shelling/artillery/missile attack": ("shelled", ""),
    "Suicide bomb": ("carried out a suicide bombing", "against"),
    "Remote explosive/landmine/IED": ("detonated an explosive device", "against"),
    "Grenade": ("threw a grenade", "at"),
    "Attack": ("attacked", ""),
    "Abduction/forced disappearance": ("abducted", ""),
    "Arrests": ("arrested", ""),
    "Disrupted weapons use": ("seized or destroyed weapons or positions", "of"),
    "Looting/property destruction": ("destroyed property", "of"),
    "Peaceful protest": ("protested", "against"),
    "Protest with intervention": ("protested and faced intervention", "by"),
    "Excessive force against protesters": ("used force against protesters", ""),
    "Violent demonstration": ("rioted", "against"),
    "Mob violence": ("engaged in mob violence", "against"),
    "Other": ("held a strategic engagement", "with"),
}


def summarise(event: Event) -> str:
    """'On 2024-12-29, Iraqi army clashed with Islamic State in Hamrin Mountains; 1 killed.'"""
    date = event.date
    when = f"On {date.start_date.isoformat()}" if date.start_date else "On an unknown date"
    if date.precision and date.precision > 1 and date.end_date:
        when = f"Between {date.start_date} and {date.end_date}"
    actor1 = event.actor1.name if event.actor1 else "Unidentified actors"
    verb, prep = _VERBS.get(event.sub_event_type, ("were involved in an event", "with"))
    target = f" {prep} {event.actor2.name}".replace("  ", " ") if event.actor2 else ""
    where = f" in {event.location.name}" if event.location else ""
    parts = [f"{when}, {actor1} {verb}{target}{where}"]
    if event.fatalities and event.fatalities.value is not None:
        parts.append(f"{_qualified(event.fatalities)} killed")
    for count in event.counts:
        if count.value is not None:
            what = f" {count.object}" if count.object else ""
            parts.append(f"{_qualified(count)}{what} {count.kind}")
    sentence = "; ".join(parts)
    if event.attribution and (event.attribution.organization or event.attribution.name):
        sentence += f" (reported by {event.attribution.organization or event.attribution.name})"
    return sentence + "."


def _qualified(count) -> str:
    prefix = {
        "at_least": "at least ",
        "more_than": "more than ",
        "about": "about ",
        "at_most": "up to ",
    }.get(count.qualifier, "")
    if count.qualifier == "range" and count.low is not None and count.high is not None:
        return f"{count.low}-{count.high}"
    return f"{prefix}{count.value}"
