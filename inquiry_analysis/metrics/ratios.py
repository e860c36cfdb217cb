"""Ratios of counts: proportions (Wilson intervals)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ._common import (
    check_confidence_level,
    check_count,
    fmt_level,
    fmt_percent,
    poisson_interval,
    rate_ratio_interval,
    wilson_interval,
)
from .trend import AlignedCount, Count

__all__ = ["PeriodMismatchError", "Proportion", "Rate", "RateRatio", "proportion", "rate_per_1000", "rate_ratio",
           "shares"]


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


class PeriodMismatchError(ValueError):
    """A ratio whose numerator and denominator cover different periods."""


def _period(item) -> str:
    return f"{item.label} ({item.start:%d %b %Y} to {item.end:%d %b %Y})"


@dataclass(frozen=True)
class Rate:
    """Events per 1,000 of an exposure (e.g. arrests per 1,000 referrals), with its interval.

    ``lower`` and ``upper`` are the exact Poisson interval at the central exposure. When the
    exposure is itself a derived range, ``range_lower`` and ``range_upper`` widen it to cover both:
    the lower bound of the interval at the highest exposure, the upper at the lowest.
    """

    estimate: float
    lower: float
    upper: float
    range_lower: float
    range_upper: float
    events: int
    exposure: float
    exposure_lower: float
    exposure_upper: float
    period: str
    confidence_level: float
    exposure_derived: str | None
    inputs: tuple[str, ...]
    start: dt.date
    end: dt.date
    alignment: str | None = None
    method: str = "exact Poisson interval for the events, per 1,000 of the exposure"

    @property
    def derived(self) -> bool:
        """Whether the denominator was derived or stands in for another period."""
        return bool(self.exposure_derived or self.alignment)

    def __str__(self) -> str:
        text = (f"{self.estimate:,.1f} per 1,000 in {self.period} ({fmt_level(self.confidence_level)} "
                f"{self.lower:,.1f} to {self.upper:,.1f}")
        if self.range_lower != self.lower or self.range_upper != self.upper:
            text += f"; {self.range_lower:,.1f} to {self.range_upper:,.1f} over the range of the derived denominator"
        if self.alignment:
            text += f"; periods differ: {self.alignment}"
        return text + ")"


def rate_per_1000(events: Count, exposure, *, alignment: str | None = None,
                  confidence_level: float = 0.95) -> Rate:
    """Events per 1,000 of ``exposure``, both as monthly rates, with an exact Poisson interval.

    ``events`` is a :class:`~inquiry_analysis.metrics.trend.Count`; ``exposure`` is a ``Count`` or,
    where the source does not publish the period, an :class:`~inquiry_analysis.metrics.trend.AlignedCount`
    derived for it, whose range is carried through. The two must cover the same months, unless
    ``alignment`` states why another period stands in (e.g. "nearest published year"); the result
    then carries that statement.

    Raises
    ------
    PeriodMismatchError
        If the periods differ and no ``alignment`` is given, naming both periods.

    Examples
    --------
    >>> arrests = Count(297, "2007-04-01", 12, "2007-08")
    >>> reports = Count(5812, "2007-04-01", 12, "2007-08")
    >>> print(rate_per_1000(arrests, reports))
    51.1 per 1,000 in 2007-08 (95% CI 45.5 to 57.3)
    """
    confidence_level = check_confidence_level(confidence_level)
    if (events.start, events.months) != (exposure.start, exposure.months) and not alignment:
        raise PeriodMismatchError(
            f"the numerator covers {_period(events)} but the denominator covers {_period(exposure)}; "
            "a ratio needs both over the same months: derive the denominator for the numerator's period "
            "with trend.align_to_window(...), or pass alignment='...' saying why another period stands in")
    if isinstance(exposure, AlignedCount):
        central, low_x, high_x, derived = exposure.central, exposure.lower, exposure.upper, exposure.derived
    else:
        central = low_x = high_x = float(exposure.count)
        derived = exposure.derived
    if low_x <= 0:
        raise ValueError(f"the exposure for {exposure.label} must be above zero to divide by it")
    # Both sides as monthly rates, so a monthly statement can stand against an annual count.
    central, low_x, high_x = (x / exposure.months for x in (central, low_x, high_x))
    low, high = poisson_interval(events.count, events.months, confidence_level=confidence_level)
    rate = events.count / events.months
    period = events.label if not alignment else f"{events.label} against {exposure.label}"
    return Rate(1000 * rate / central, 1000 * low / central, 1000 * high / central, 1000 * low / high_x,
                1000 * high / low_x, events.count, central * events.months, low_x * events.months,
                high_x * events.months, period, confidence_level, derived, events.inputs + exposure.inputs,
                events.start, events.end, alignment=alignment)


@dataclass(frozen=True)
class RateRatio:
    """The ratio of two rates (``later`` over ``earlier``), with a score interval and any derived range."""

    estimate: float
    lower: float
    upper: float
    range_lower: float
    range_upper: float
    later: str
    earlier: str
    confidence_level: float
    method: str = "score interval for a ratio of Poisson rates"

    def __str__(self) -> str:
        text = (f"{self.estimate:.3g} times the {self.earlier} rate in {self.later} "
                f"({fmt_level(self.confidence_level)} {self.lower:.3g} to {self.upper:.3g}")
        if (self.range_lower, self.range_upper) != (self.lower, self.upper):
            text += f"; {self.range_lower:.3g} to {self.range_upper:.3g} over the range of derived denominators"
        return text + ")"


def rate_ratio(later: Rate, earlier: Rate, *, confidence_level: float = 0.95) -> RateRatio:
    """How many times the ``earlier`` rate the ``later`` one is, with a score interval.

    The interval treats each rate's events as Poisson over its exposure (statsmodels
    ``confint_poisson_2indep``, score method). Where a denominator is a derived range, the ratio
    is recomputed at its bounds and the widest interval reported as the range.

    Examples
    --------
    >>> a = rate_per_1000(Count(100, "2016-04-01", 12, "a"), Count(10000, "2016-04-01", 12, "a"))
    >>> b = rate_per_1000(Count(200, "2009-04-01", 12, "b"), Count(10000, "2009-04-01", 12, "b"))
    >>> round(rate_ratio(a, b).estimate, 3)
    0.5
    """
    confidence_level = check_confidence_level(confidence_level)

    def interval(exposure_later, exposure_earlier):
        return rate_ratio_interval(later.events, exposure_later, earlier.events, exposure_earlier,
                                   confidence_level=confidence_level)

    low, high = interval(later.exposure, earlier.exposure)
    range_low = interval(later.exposure_upper, earlier.exposure_lower)[0]
    range_high = interval(later.exposure_lower, earlier.exposure_upper)[1]
    return RateRatio(later.estimate / earlier.estimate, low, high, min(range_low, low), max(range_high, high),
                     later.period, earlier.period, confidence_level)
