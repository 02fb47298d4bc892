"""Synthetic stores for the watch tests: Poisson weekly incidents per province, with an
injected surge whose week is known, stored as imported ACLED rows."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator

from rasid.datasets import ImportedIncident
from rasid.datasets.records import digest

# A Friday: ACLED weeks run Saturday..Friday, so the week of the surge is
# SURGE_WEEK_END - 6 .. SURGE_WEEK_END.
SURGE_WEEK_END = dt.date(2024, 6, 14)
QUIET = ("Basra", "Erbil", "Dohuk")  # provinces with steady weekly rates
SURGING = "Nineveh"


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's sampler for the small means of weekly counts; a normal approximation
    above 30 keeps large means fast."""
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def incident(
    n: int,
    day: dt.date,
    admin1: str,
    *,
    actor1: str = "Islamic State",
    actor1_type: str = "rebel_group",
    event_type: str = "Explosions/Remote violence",
    sub_event_type: str = "Remote explosive/landmine/IED",
    fatalities: int = 1,
    country: str = "IQ",
) -> ImportedIncident:
    cells = {"id": str(n), "day": day.isoformat(), "admin1": admin1, "actor": actor1}
    return ImportedIncident(
        dataset="acled",
        source_id=f"T{n}",
        line=n + 1,
        digest=digest(cells),
        event_type=event_type,
        sub_event_type=sub_event_type,
        date_start=day,
        date_end=day,
        date_precision=1,
        actor1=actor1,
        actor1_type=actor1_type,
        actor2="Civilians (Iraq)",
        actor2_type="civilians",
        assoc_actors=(),
        country=country,
        admin1=admin1,
        admin2=None,
        location=f"{admin1} town",
        lat=36.0,
        lon=43.0,
        location_precision=1,
        fatalities=fatalities,
        notes=f"Synthetic incident {n} in {admin1}.",
        source="Test",
        data=cells,
    )


def weekly_store_rows(
    *,
    weeks: int = 160,
    quiet_mean: float = 3.0,
    surge_mean: float = 3.0,
    surge_count: int = 14,
    seed: int = 7,
    noise: bool = True,
) -> Iterator[ImportedIncident]:
    """``weeks`` ACLED weeks up to SURGE_WEEK_END of Poisson incidents in every province
    (without ``noise``: exactly the mean every week); in SURGING the last week has
    ``surge_count`` incidents (the injected surge)."""
    rng = random.Random(seed)
    n = 0
    for w in range(weeks):
        end = SURGE_WEEK_END - dt.timedelta(days=7 * (weeks - 1 - w))
        for admin1 in (*QUIET, SURGING):
            mean = surge_mean if admin1 == SURGING else quiet_mean
            count = poisson(rng, mean) if noise else round(mean)
            if admin1 == SURGING and w == weeks - 1:
                count = surge_count
            for _ in range(count):
                n += 1
                day = end - dt.timedelta(days=rng.randrange(7))
                yield incident(n, day, admin1)
