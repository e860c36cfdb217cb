"""Ratios of counts: proportions (Wilson intervals)."""

from __future__ import annotations

from dataclasses import dataclass

from ._common import check_confidence_level, check_count, fmt_level, fmt_percent, wilson_interval

__all__ = ["Proportion", "proportion"]


@dataclass(frozen=True)
class Proportion:
    """A proportion with its interval; ``estimate``, ``lower`` and ``upper`` are fractions in [0, 1]."""

    estimate: float
    lower: float
    upper: float
    successes: int
    trials: int
    confidence_level: float
    method: str = "Wilson score interval"

    def __str__(self) -> str:
        decimals = 2 if self.upper < 0.1 else 1
        return (f"{fmt_percent(100 * self.estimate, decimals)} ({fmt_level(self.confidence_level)} "
                f"{fmt_percent(100 * self.lower, decimals)} to {fmt_percent(100 * self.upper, decimals)})")


def proportion(successes: int, trials: int, *, confidence_level: float = 0.95) -> Proportion:
    """The share ``successes / trials`` with a Wilson score interval.

    Examples
    --------
    >>> print(proportion(81, 100))
    81.0% (95% CI 72.2% to 87.5%)
    """
    successes, trials = check_count("successes", successes), check_count("trials", trials)
    confidence_level = check_confidence_level(confidence_level)
    if trials == 0:
        raise ValueError("`trials` must be at least 1: a proportion of nothing is undefined")
    if successes > trials:
        raise ValueError(f"`successes` ({successes}) must not exceed `trials` ({trials})")
    lower, upper = wilson_interval(successes, trials, confidence_level=confidence_level)
    return Proportion(successes / trials, lower, upper, successes, trials, confidence_level)
