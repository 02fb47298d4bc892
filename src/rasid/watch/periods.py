"""Reporting periods: ACLED's weeks (Saturday to Friday) and calendar months.

ACLED publishes its data by weeks that run from Saturday to Friday, and its
early-warning rules compare such weeks; using the same weeks is what makes
Rasid's numbers comparable with ACLED's dashboards.  The *latest* period at a
day D is the last complete one: the week that ends on the last Friday on or
before D, or the last month that ends on or before D.  A period is named by
its first day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PERIODS = ("week", "month")
FRIDAY = 4  # date.weekday()


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def name(self) -> str:
        return self.start.isoformat()

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def label(self, kind: str) -> str:
        """How a reader names it: "2014-06-07..2014-06-13" or "2014-06"."""
        if kind == "month":
            return self.start.strftime("%Y-%m")
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def latest(kind: str, as_of: dt.date) -> Period:
    """The last complete period on or before ``as_of``."""
    if kind == "week":
        end = as_of - dt.timedelta(days=(as_of.weekday() - FRIDAY) % 7)
        return Period(end - dt.timedelta(days=6), end)
    if kind == "month":
        following = as_of + dt.timedelta(days=1)
        if following.month != as_of.month:  # as_of is a month's last day
            return _month(as_of.year, as_of.month)
        first = as_of.replace(day=1) - dt.timedelta(days=1)
        return _month(first.year, first.month)
    raise ValueError(f"unknown period {kind!r}; expected one of {', '.join(PERIODS)}")


def back(kind: str, as_of: dt.date, count: int) -> list[Period]:
    """The ``count`` periods that end with the latest one, oldest first."""
    last = latest(kind, as_of)
    out = [last]
    for _ in range(count - 1):
        out.append(previous(kind, out[-1]))
    return out[::-1]


def previous(kind: str, period: Period) -> Period:
    if kind == "week":
        return Period(period.start - dt.timedelta(days=7), period.start - dt.timedelta(days=1))
    before = period.start - dt.timedelta(days=1)
    return _month(before.year, before.month)


def index_of(kind: str, periods: list[Period], day: dt.date) -> int | None:
    """Position of the period holding ``day`` in ``periods`` (consecutive, oldest first)."""
    if not periods or day < periods[0].start or day > periods[-1].end:
        return None
    if kind == "week":
        return (day - periods[0].start).days // 7
    return (day.year - periods[0].start.year) * 12 + day.month - periods[0].start.month


def weeks_per(kind: str) -> float:
    """Weeks in one period, to turn ACLED's weekly windows into periods."""
    return 1.0 if kind == "week" else 52 / 12


def _month(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(start, nxt - dt.timedelta(days=1))
