"""ACLED's published early-warning rules, exactly, so Rasid's numbers compare with ACLED's.

* **Change level** (ACLED's Conflict Alert/Trend dashboards): the latest
  week's count against the mean weekly count of the previous 4 weeks (or 52);
  change = (week - baseline) / baseline.  Above +25 % is a *large increase*,
  +10 % to +25 % a *moderate increase*, -25 % to +10 % *limited change*, below
  -25 % a *large decrease*.  A unit with a baseline of at most 2 and at most 5
  events in the latest week is *limited change* whatever the percentage (a
  province going from 1 event to 3 has not seen a trend).  The boundaries:
  exactly +25 % is moderate, exactly +10 % is moderate, exactly -25 % is
  limited change.
* **Surge**: the latest week's violent events are at least +100 % over the
  weekly mean of the 4 weeks before it.
* **Threat**: the weekly mean of violent events over the latest 4 weeks is
  at least +100 % over the weekly mean of the 52 weeks before them.
  Surge and threat apply only to admin1 units whose 4-week mean is at least 1.
* **Emerging actor**: a non-state armed actor active in violence in the
  latest 4 weeks and in no violent event in the same country in the 52 weeks
  before (see ``rasid.watch.trends.emerging_actors``).

"Violence" is ACLED's political violence: Battles, Explosions/Remote
violence, Violence against civilians, Riots, and the Excessive force against
protesters sub-event of Protests.
"""

from __future__ import annotations

VIOLENT_TYPES = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
)
VIOLENT_SUB_TYPES = frozenset({"Excessive force against protesters"})
# Actor types ACLED counts as non-state armed actors (inter codes 2, 3 and 4).
NON_STATE_ARMED = frozenset({"rebel_group", "political_militia", "identity_militia"})

LARGE_INCREASE, MODERATE_INCREASE = "large increase", "moderate increase"
LIMITED_CHANGE, LARGE_DECREASE = "limited change", "large decrease"
LEVELS = (LARGE_INCREASE, MODERATE_INCREASE, LIMITED_CHANGE, LARGE_DECREASE)

SMALL_BASELINE, SMALL_LATEST = 2.0, 5  # at or under both: limited change
SURGE_RATIO = THREAT_RATIO = 2.0  # "+100 % or more"
MIN_MONTH_MEAN = 1.0  # surge and threat need a 4-week mean of at least one event a week


def is_violent(event_type: str | None, sub_event_type: str | None) -> bool:
    return event_type in VIOLENT_TYPES or sub_event_type in VIOLENT_SUB_TYPES


def change(latest: float, baseline: float) -> float | None:
    """(latest - baseline) / baseline; None when there is no baseline to compare with."""
    return None if baseline <= 0 else (latest - baseline) / baseline


def change_level(latest: float, baseline: float) -> str:
    """ACLED's change level of ``latest`` against ``baseline`` (both events per week)."""
    if baseline <= SMALL_BASELINE and latest <= SMALL_LATEST:
        return LIMITED_CHANGE
    ratio = change(latest, baseline)
    if ratio is None or ratio > 0.25:
        return LARGE_INCREASE
    if ratio >= 0.10:
        return MODERATE_INCREASE
    if ratio >= -0.25:
        return LIMITED_CHANGE
    return LARGE_DECREASE


def surge(weeks: list[float]) -> bool | None:
    """ACLED's surge on weekly violent counts (oldest first; the last is the latest week).

    None when there are fewer than 5 weeks or the 4-week mean is under one a week.
    """
    if len(weeks) < 5:
        return None
    month = sum(weeks[-5:-1]) / 4
    if month < MIN_MONTH_MEAN:
        return None
    return weeks[-1] >= SURGE_RATIO * month


def threat(weeks: list[float]) -> bool | None:
    """ACLED's threat: the latest 4 weeks' mean against the 52 weeks before them.

    None without 56 weeks of history or when the 4-week mean is under one a week.
    """
    if len(weeks) < 56:
        return None
    month = sum(weeks[-4:]) / 4
    if month < MIN_MONTH_MEAN:
        return None
    year = sum(weeks[-56:-4]) / 52
    return month >= THREAT_RATIO * year if year > 0 else True
