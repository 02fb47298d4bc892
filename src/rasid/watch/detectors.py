"""Outbreak-style detectors for weekly event counts, with false-alarm rates one can state.

Two rules from public-health surveillance watch one unit's (a country's, a
district's) weekly count of events:

* `farrington` asks whether *this week* is implausibly high against the same
  weeks of earlier years (Farrington et al. 1996, Noufaily et al. 2013),
  simplified for short, noisy conflict series: it catches a one-week surge.
* `cusum` accumulates evidence of a *sustained* rise to `ratio` times a
  baseline (Page 1954; the Poisson CUSUM of Lucas 1985): it catches a
  doubling that no single week shows clearly.

False-alarm rates, per unit-week, while a series is in control:

* `farrington`: at most `alpha` (default 1 %). Exact only when the baseline
  model holds: counts negative-binomial (quasi-Poisson) around the mean of the
  reference weeks, and the reference weeks representative of this week. The
  minimum count of three makes it lower for quiet units; trends and past
  surges inside the reference weeks move it either way.
* `cusum`: about 1/`arl0` (default 1/520: one false alarm per decade per
  unit) when weekly counts are Poisson with the given baseline. Alarms reset
  the statistic, so they form a renewal process with rate 1/ARL; `arl` gives
  the ARL of a threshold from an exact Markov chain (Brook & Evans 1972).
  Counts are discrete and only some ARLs are attainable: the closest is within
  12 % of 520 for baselines up to 3 events a week and within 26 % up to 20;
  from about 45 a week even an alarm on any week above k is rarer than asked.
  Overdispersed counts alarm more often than stated.

Watching many units multiplies these: 200 districts at 1 % give about two
Farrington false alarms a week, which is what the analyst should expect to see.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# -- negative-binomial (quasi-Poisson) tail ------------------------------------


def _log_pmf(mean: float, dispersion: float) -> Iterator[float]:
    """log P(X = x) for x = 0, 1, 2, ... of the NB law with variance dispersion * mean.

    In the (size r, prob p) form, r = mean / (phi - 1) and p = 1 / phi. Successive
    probabilities have the ratio (mean + x (phi - 1)) / (phi (x + 1)), which is
    exactly Poisson's mean / (x + 1) at phi = 1. Walking that ratio in log space
    avoids differences of lgamma values of size r, which lose all precision as
    phi approaches 1 (r grows without bound); the error after 10^4 steps is
    about 1e-9 relative.
    """
    d = dispersion - 1.0
    # log P(0) = -r log(phi) = -mean log1p(d) / d, which tends to -mean as d -> 0.
    log_p = -mean if d < 1e-12 else -mean * math.log1p(d) / d
    x = 0
    while True:
        yield log_p
        log_p += math.log((mean + x * d) / (dispersion * (x + 1)))
        x += 1


def _log_add(a: float, b: float) -> float:
    if a < b:
        a, b = b, a
    return a if b == -math.inf else a + math.log1p(math.exp(b - a))


def _check(mean: float, dispersion: float) -> None:
    if mean < 0 or dispersion < 1:
        raise ValueError(f"need mean >= 0 and dispersion >= 1, got {mean}, {dispersion}")


def nb_cdf(k: float, mean: float, dispersion: float) -> float:
    """P(X <= k) for X negative binomial with E X = mean and Var X = dispersion * mean.

    dispersion == 1 is Poisson. Summed in log space: stable for means of a few
    thousand and k up to about 10^4, where P(X = 0) underflows.
    """
    _check(mean, dispersion)
    if k < 0:
        return 0.0
    if mean == 0:
        return 1.0
    total = -math.inf
    for x, log_p in enumerate(_log_pmf(mean, dispersion)):
        if x > k:
            break
        total = _log_add(total, log_p)
    return min(1.0, math.exp(total))


def nb_upper(mean: float, dispersion: float, alpha: float) -> int:
    """The smallest k with P(X <= k) >= 1 - alpha: the (1 - alpha) upper bound of a count."""
    _check(mean, dispersion)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie in (0, 1), got {alpha}")
    if mean == 0:
        return 0
    target, total = math.log1p(-alpha), -math.inf
    for x, log_p in enumerate(_log_pmf(mean, dispersion)):
        total = _log_add(total, log_p)
        # The second test stops the walk once terms no longer change the sum in
        # double precision (alpha below ~1e-15, where 1 - alpha rounds to 1).
        if total >= target or (x > mean and log_p < total - 40):
            return x
    raise AssertionError("unreachable")


# -- Farrington-style single-week exceedance -----------------------------------


@dataclass(frozen=True)
class Detection:
    """One week judged against its reference weeks.

    With too little history nothing is estimated: expected, dispersion and
    score are nan and upper is -1.
    """

    expected: float
    upper: int
    dispersion: float
    reference_weeks: int
    alarm: bool
    score: float  # (current - expected) / sqrt(dispersion * expected)
    reason: str


def farrington(
    history: Sequence[float],
    current: float,
    *,
    season: int = 52,
    years: int = 3,
    half_window: int = 3,
    recent: int = 12,
    alpha: float = 0.01,
    min_reference: int = 8,
    min_count: int = 3,
) -> Detection:
    """Judge `current` (this week's count) against `history` (earlier weeks, oldest first).

    Reference weeks: the weeks within +-`half_window` of this week in each of the
    last `years` seasons (as far as history goes), as in Farrington et al. (1996).
    When those are fewer than `min_reference` (less than about two years of
    history), the last `recent` weeks stand in, which follow any slow change but
    also absorb the start of a rise.

    Simplifications, deliberately:

    * No trend term. Farrington's log-linear trend, fitted to a few dozen noisy
      weeks of a conflict that escalates and calms in steps, extrapolates wildly;
      the mean of the reference weeks is the expected count.
    * Dispersion is the quasi-Poisson moment estimator phi = max(1, s^2 / mean),
      and the bound is the negative-binomial quantile of Noufaily et al. (2013)
      with that variance, widened by the variance phi * mean / n of the estimated
      mean (a prediction bound, as Farrington's). No down-weighting of past
      surges: a surge inside the reference weeks raises mean and phi, so the
      detector errs towards silence after a bad year.
    * A unit silent in every reference week gets the mean 0.5 / n (half an event
      over the reference period) rather than 0, so a first event after silence
      is judged against a small non-zero rate instead of an impossible one.
    * An alarm needs at least `min_count` events, like Farrington's rule of a
      handful of cases: in a quiet unit two events can clear a tiny bound
      without being news.
    """
    t = len(history)
    reference = [
        history[i]
        for back in range(1, years + 1)
        for i in range(t - back * season - half_window, t - back * season + half_window + 1)
        if 0 <= i < t
    ]
    kind = "seasonal reference weeks"
    if len(reference) < min_reference:
        reference, kind = list(history[max(0, t - recent) :]), "recent weeks"
    n = len(reference)
    if n < min_reference:
        reason = f"too little history: {n} reference weeks, need {min_reference}"
        return Detection(math.nan, -1, math.nan, n, False, math.nan, reason)

    mean = sum(reference) / n
    variance = sum((x - mean) ** 2 for x in reference) / max(n - 1, 1)
    phi = max(1.0, variance / mean) if mean > 0 else 1.0
    expected = mean if mean > 0 else 0.5 / n
    upper = nb_upper(expected, phi * (1 + 1 / n), alpha)
    alarm = current > upper and current >= min_count
    score = (current - expected) / math.sqrt(phi * expected)
    reason = (
        f"{current:g} events vs {expected:.1f} expected "
        f"({100 * (1 - alpha):g}% upper bound {upper}) from {n} {kind}"
    )
    if current > upper and not alarm:
        reason += f"; under the {min_count}-event minimum"
    return Detection(expected, upper, phi, n, alarm, score, reason)


# -- Poisson CUSUM for sustained rises -----------------------------------------

# A unit that saw nothing is watched as if it saw 0.1 events a week (about five
# a year): with a zero baseline the reference value is 0, every event counts
# against it and no finite threshold has a finite in-control run length.
BASELINE_FLOOR = 0.1
# Work budget of one run-length table (multiply-adds, ~0.1 s of pure Python);
# it bounds the lattice denominator m below.
_WORK = 1.5e6


@dataclass(frozen=True)
class Cusum:
    """S_t before any reset (an alarm week shows the value that crossed h), h, k, alarm weeks."""

    values: tuple[float, ...]
    h: float
    k: float
    alarms: tuple[int, ...]


def reference_value(baseline: float, ratio: float) -> float:
    """k = mu (ratio - 1) / ln(ratio): the log-likelihood-ratio step from mu to ratio * mu."""
    if ratio <= 1:
        raise ValueError(f"ratio must exceed 1, got {ratio}")
    return max(baseline, BASELINE_FLOOR) * (ratio - 1) / math.log(ratio)


def _lattice(k: float) -> tuple[int, int]:
    """(m, K) with K / m the closest fraction to k whose table stays within _WORK.

    A table for thresholds up to h = 8 costs about (8 m)^2 (k m) / 2. The error
    |k - K/m| is then under 3 % of the in-control drift k - mu at the baseline
    floor (simulated ARL 496 weeks where the table says 517) and under 0.5 %
    from a baseline of 0.5 up (simulation within its 2 % standard error).
    """
    m_max = max(4, min(100, int((_WORK / (32 * k)) ** (1 / 3))))
    best = min(range(1, m_max + 1), key=lambda m: (abs(k - max(1, round(k * m)) / m), m))
    return best, max(1, round(k * best))


def _poisson_tail(c: int, mean: float) -> float:
    """P(X > c) for X Poisson, summed directly: 1 - cdf underflows for a large baseline."""
    total, x = 0.0, max(c + 1, 0)
    while True:
        p = math.exp(x * math.log(mean) - mean - math.lgamma(x + 1))
        total += p
        if x > mean and p <= 1e-17 * total:
            return total
        x += 1


@functools.lru_cache(maxsize=64)
def _run_lengths(mu: float, ratio: float, n: int) -> tuple[float, ...]:
    """In-control ARL from S = 0 for every lattice threshold H = 0 .. n-1 (alarm when S > H/m).

    With k replaced by K/m, S lives on the lattice {0, 1/m, 2/m, ...} and the
    Markov chain of Brook & Evans (1972) is exact rather than a discretisation,
    as in Lucas's (1985) integer Poisson CUSUM. The states 0..H of threshold H
    are the leading block of the states for any larger threshold, so one LU
    factorisation of (I - R) serves all of them: ARL(H) = sum over j <= H of
    z_j y_j, with L y = 1 and U^T z = e_0 (both forward substitutions).
    """
    m, big_k = _lattice(reference_value(mu, ratio))
    x_max = (n - 1 + big_k) // m + 1
    pmf = [math.exp(x * math.log(mu) - mu - math.lgamma(x + 1)) for x in range(x_max + 1)]
    a = [[0.0] * n for _ in range(n)]
    for i, row in enumerate(a):
        for x, p in enumerate(pmf):
            j = i + m * x - big_k
            if j >= n:
                break
            row[max(j, 0)] -= p
        row[i] += 1.0
    # 1 - P(stay at 0) from the tail, not by subtraction: for a large baseline
    # leaving 0 can be far rarer than double precision resolves.
    a[0][0] = _poisson_tail(big_k // m, mu)
    if a[0][0] == 0:
        return (math.inf,) * n
    # I - R is a non-singular M-matrix: elimination needs no pivoting, and a
    # count of 0 moves down by K only, so the lower bandwidth is K.
    y = [1.0] * n
    for c in range(n):
        pivot = a[c]
        for r in range(c + 1, min(n, c + big_k + 1)):
            f = a[r][c] / pivot[c]
            if f:
                a[r][c:] = [u - f * v for u, v in zip(a[r][c:], pivot[c:], strict=True)]
                y[r] -= f * y[c]
    z, runs, total = [0.0] * n, [], 0.0
    for j in range(n):
        z[j] = (float(j == 0) - sum(a[i][j] * z[i] for i in range(j))) / a[j][j]
        total += z[j] * y[j]
        runs.append(total)
    return tuple(runs)


def arl(baseline: float, ratio: float, h: float) -> float:
    """In-control average run length (weeks to the first alarm from S = 0) of the Poisson CUSUM."""
    mu = max(baseline, BASELINE_FLOOR)
    m, _ = _lattice(reference_value(mu, ratio))
    steps = max(0, math.floor(h * m + 1e-9))
    return _run_lengths(mu, ratio, steps + 1)[steps]


@functools.lru_cache(maxsize=256)
def _threshold(mu: float, ratio: float, arl0: float) -> float:
    m, _ = _lattice(reference_value(mu, ratio))
    n = 8 * m + 1
    while (runs := _run_lengths(mu, ratio, n))[-1] < arl0:
        n *= 2
    # Only some run lengths are attainable (gaps of up to ~25 % below 3 events a
    # week, ~60 % up to 20): take the one closest to arl0 on a log scale, with h
    # halfway between lattice levels so rounding k to K/m cannot move an alarm.
    best = min(range(n), key=lambda i: abs(math.log(runs[i] / arl0)))
    return (best + 0.5) / m


def decision_interval(baseline: float, ratio: float = 2.0, arl0: float = 520.0) -> float:
    """The h whose in-control ARL is about `arl0` weeks; cached per 3-digit baseline."""
    return _threshold(float(f"{max(baseline, BASELINE_FLOOR):.3g}"), float(ratio), float(arl0))


def cusum(
    counts: Sequence[float],
    baseline: float,
    *,
    ratio: float = 2.0,
    h: float | None = None,
    arl0: float = 520.0,
) -> Cusum:
    """Poisson CUSUM for a rise from `baseline` to `ratio` * `baseline` events a week (Lucas 1985).

    S_t = max(0, S_{t-1} + x_t - k) with k from `reference_value`; an alarm at
    every t with S_t > h, after which S restarts from 0, so a long rise gives
    alarms spaced by the time it takes to re-accumulate h rather than one every
    week. Without `h` the decision interval is chosen for an in-control ARL of
    `arl0` weeks (`decision_interval`). The baseline must come from weeks
    before those watched; below BASELINE_FLOOR it is raised to it.
    """
    k = reference_value(baseline, ratio)
    if h is None:
        h = decision_interval(baseline, ratio, arl0)
    s, values, alarms = 0.0, [], []
    for t, x in enumerate(counts):
        s = max(0.0, s + x - k)
        values.append(s)
        if s > h:
            alarms.append(t)
            s = 0.0
    return Cusum(tuple(values), h, k, tuple(alarms))
