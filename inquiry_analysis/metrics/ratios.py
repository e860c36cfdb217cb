"""Ratios of counts: proportions (Wilson intervals)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ._common import check_confidence_level, check_count, fmt_level, fmt_percent, wilson_interval

__all__ = ["Proportion", "proportion", "shares"]


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


def shares(parts: Sequence, wholes: Sequence, *, confidence_level: float = 0.95) -> pd.DataFrame:
    """Each part as a share of the whole for the same period, with Wilson intervals.

    ``parts`` and ``wholes`` are :class:`~inquiry_analysis.metrics.trend.Count` objects; only
    periods present in both (same start and length) are compared.

    Examples
    --------
    >>> from inquiry_analysis.metrics.trend import Count
    >>> shares([Count(5, "2017-01-01", 12, "2017")], [Count(1000, "2017-01-01", 12, "2017")])["share"].tolist()
    [0.005]
    """
    confidence_level = check_confidence_level(confidence_level)
    by_period = {(w.start, w.months): w for w in wholes}
    rows = []
    for part in parts:
        whole = by_period.get((part.start, part.months))
        if whole is None:
            continue
        result = proportion(part.count, whole.count, confidence_level=confidence_level)
        rows.append({"period": part.label, "part": part.count, "whole": whole.count, "share": result.estimate,
                     "lower": result.lower, "upper": result.upper,
                     "derived": "; ".join(d for d in (part.derived, whole.derived) if d) or None,
                     "inputs": ", ".join(part.inputs + whole.inputs)})
    return pd.DataFrame(rows, columns=["period", "part", "whole", "share", "lower", "upper", "derived", "inputs"])
