"""The exact Poisson maximum-likelihood fit of a log-linear monthly rate to counts over periods.

Private to :mod:`trend`: no optimiser, a bisection on the profile score to full precision.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from inquiry_analysis.metrics.periods import Count


class Periods:
    """The months of each period, as offsets from the first month of the first period.

    For a monthly slope ``b`` it gives each period's log weight ``log w_i(b)``, where
    ``w_i(b) = Σ exp(b k)`` over the period's months ``k``, and its mean month ``t̄_i(b)``
    weighted by ``exp(b k)``. Each period's sums are taken relative to its largest term, so
    nothing overflows or underflows to zero whatever ``b`` is.
    """

    def __init__(self, counts: Sequence[Count]):
        origin = counts[0].first_month
        self.starts = np.array([c.first_month - origin for c in counts], dtype=float)
        self.lengths = np.array([c.months for c in counts], dtype=float)
        self.period = np.repeat(np.arange(len(counts)), [c.months for c in counts])
        self.within = np.concatenate([np.arange(c.months, dtype=float) for c in counts])

    def moments(self, b: float) -> tuple[np.ndarray, np.ndarray]:
        """(log w_i(b), t̄_i(b)) for every period."""
        top = np.maximum(b * (self.lengths - 1), 0.0)  # the largest b·j within each period
        terms = np.exp(b * self.within - top[self.period])
        size = len(self.starts)
        total = np.bincount(self.period, terms, minlength=size)
        moment = np.bincount(self.period, terms * self.within, minlength=size)
        return b * self.starts + top + np.log(total), self.starts + moment / total

    def shares(self, b: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(log w_i, t̄_i, π_i): π_i = w_i / Σ w_j, each period's share of the expected total."""
        log_w, mean = self.moments(b)
        top = log_w.max()
        weight = np.exp(log_w - top)
        return log_w, mean, weight / weight.sum()


def _profile_score(periods: Periods, observed: np.ndarray, b: float) -> float:
    """d/db of the profile log-likelihood of the monthly slope ``b``, divided by the total count.

    ``observed`` holds each period's share of the total count, ``y_i / Σ y``. The score
    ``Σ y_i t̄_i(b) - Σy · Σ w_i t̄_i / Σ w_i`` over ``Σ y`` is ``Σ (y_i/Σy - π_i(b)) t̄_i(b)``;
    t̄ is centred on the middle of the span first, which changes nothing (the shares differences
    add up to zero) but keeps the sum from cancelling.
    """
    _, mean, share = periods.shares(b)
    centre = (periods.starts[-1] + periods.lengths[-1]) / 2
    return math.fsum((observed - share) * (mean - centre))  # correctly rounded, whatever the library


def slope_mle(periods: Periods, observed: np.ndarray) -> float:
    """The maximum-likelihood monthly slope: the root of the profile score, found by bisection.

    The score is positive for slopes low enough and negative for slopes high enough whenever some
    events fall outside the first period and some outside the last. The bracket starts at ±1 a
    month and is doubled outwards until it holds a change of sign; it is then halved until it
    holds two adjacent floating-point numbers, or the score is exactly zero. No start value,
    tolerance or library routine can move the answer.
    """
    lo, hi = -1.0, 1.0
    score_lo, score_hi = _profile_score(periods, observed, lo), _profile_score(periods, observed, hi)
    for _ in range(64):
        if score_lo > 0:
            break
        if score_lo == 0:
            return lo
        lo, hi, score_hi = 2 * lo, lo, score_lo
        score_lo = _profile_score(periods, observed, lo)
    for _ in range(64):
        if score_hi < 0:
            break
        if score_hi == 0:
            return hi
        lo, hi, score_lo = hi, 2 * hi, score_hi
        score_hi = _profile_score(periods, observed, hi)
    if not (score_lo > 0 > score_hi):
        raise RuntimeError("no change of sign of the profile score was found; please report this series")
    while True:
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            return lo if abs(score_lo) <= abs(score_hi) else hi
        score = _profile_score(periods, observed, mid)
        if score == 0:
            return mid
        if score > 0:
            lo, score_lo = mid, score
        else:
            hi, score_hi = mid, score
