"""Ratios of counts: proportions (Wilson intervals)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from inquiry_analysis.metrics._common import (
    check_confidence_level,
    check_count,
    fmt_level,
    fmt_percent,
    poisson_interval,
    rate_ratio_interval,
    wilson_interval,
)
from inquiry_analysis.metrics.alignment import AlignedCount
from inquiry_analysis.metrics.periods import Count

__all__ = [
    "rates_per_1000_table",
    "PeriodMismatchError",
    "Proportion",
    "Rate",
    "RateRatio",
    "proportion",
    "rate_per_1000",
    "rate_ratio",
    "shares",
]


@dataclass(frozen=True, kw_only=True)
class Proportion:
    """A proportion with its interval.

    Attributes
    ----------
    estimate, lower, upper : float
        The share and its interval, as fractions in [0, 1].
    successes, trials : int
        The counts it came from.
    confidence_level : float
        Level of the interval.
    method : str
        How the interval was computed.
    """

    estimate: float
    lower: float
    upper: float
    successes: int
    trials: int
    confidence_level: float
    method: str = "Wilson score interval"

    def __str__(self) -> str:
        decimals = 2 if self.upper < 0.1 else 1
        return (
            f"{fmt_percent(100 * self.estimate, decimals)} ({fmt_level(self.confidence_level)} "
            f"{fmt_percent(100 * self.lower, decimals)} to {fmt_percent(100 * self.upper, decimals)})"
        )


def proportion(successes: int, trials: int, *, confidence_level: float = 0.95) -> Proportion:
    """The share ``successes / trials`` with a Wilson score interval.

    Parameters
    ----------
    successes : int
        The count of the part.
    trials : int
        The count of the whole, at least ``successes``.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    Proportion
        The share with its Wilson interval.

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
    return Proportion(
        estimate=successes / trials,
        lower=lower,
        upper=upper,
        successes=successes,
        trials=trials,
        confidence_level=confidence_level,
    )


def shares(parts: Sequence, wholes: Sequence, *, confidence_level: float = 0.95) -> pd.DataFrame:
    """Each part as a share of the whole for the same period, with Wilson intervals.

    ``parts`` and ``wholes`` are :class:`~inquiry_analysis.metrics.periods.Count` objects; only
    periods present in both (same start and length) are compared.

    The Wilson interval treats the part as a binomial draw from the whole, which is what it means
    when the whole is a sample. When both are complete counts (a census, such as NCMEC's own report
    totals), the share has no sampling error: report ``share`` alone.

    Parameters
    ----------
    parts, wholes : sequence of Count
        The parts and the wholes, matched by period.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per shared period: ``period``, ``part``, ``whole``, ``share``, ``lower``, ``upper``,
        ``derived`` and ``inputs``.

    Examples
    --------
    >>> from inquiry_analysis.metrics.periods import Count
    >>> part = [Count(count=5, start="2017-01-01", months=12, label="2017")]
    >>> whole = [Count(count=1000, start="2017-01-01", months=12, label="2017")]
    >>> shares(part, whole)["share"].tolist()
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
        rows.append(
            {
                "period": part.label,
                "part": part.count,
                "whole": whole.count,
                "share": result.estimate,
                "lower": result.lower,
                "upper": result.upper,
                "derived": "; ".join(d for d in (part.derived, whole.derived) if d) or None,
                "inputs": ", ".join(part.inputs + whole.inputs),
            }
        )
    return pd.DataFrame(rows, columns=["period", "part", "whole", "share", "lower", "upper", "derived", "inputs"])


class PeriodMismatchError(ValueError):
    """A ratio whose numerator and denominator cover different periods."""


def _period(item) -> str:
    return f"{item.label} ({item.start:%d %b %Y} to {item.end:%d %b %Y})"


@dataclass(frozen=True, kw_only=True)
class Rate:
    """Events per 1,000 of an exposure (e.g. arrests per 1,000 referrals), with its interval.

    Attributes
    ----------
    estimate : float
        Events per 1,000 of the exposure, both taken as monthly rates.
    lower, upper : float
        The exact Poisson interval for the events, at the central exposure.
    low, high : float
        The widest the inputs allow: the interval widened over what they allow, its lower bound at the
        fewest events the rounding of a stated figure allows and the highest exposure, its upper bound
        at the most events and the lowest exposure. Equal to ``lower`` and ``upper`` when both are
        exact counts.
    events : int
        The events (numerator) as counted or stated.
    events_low, events_high : int
        The fewest and most events the wording of a stated figure allows, by the claims rule ("about
        400": 360 to 440; "over 500": 500 to 550).
    exposure : float
        The exposure (denominator) over the events' months: published, or the central derived value.
    exposure_low, exposure_high : float
        The range a derived exposure allows (equal to ``exposure`` when it is published).
    period : str
        The months compared; says so when another period stands in for the exposure.
    confidence_level : float
        Level of the interval.
    derived : str or None
        What in the rate is not a published count for these months (a derived denominator, a
        stand-in period, a rounded statement), or None.
    inputs : tuple of str
        Figure ids of the numerator and denominator.
    start, end : datetime.date
        The events' period.
    alignment : str or None
        Why another period stands in for the exposure's, when it does.
    method : str
        How the interval was computed.
    """

    estimate: float
    lower: float
    upper: float
    low: float
    high: float
    events: int
    events_low: int
    events_high: int
    exposure: float
    exposure_low: float
    exposure_high: float
    period: str
    confidence_level: float
    derived: str | None
    inputs: tuple[str, ...]
    start: dt.date
    end: dt.date
    alignment: str | None = None
    method: str = "exact Poisson interval for the events, per 1,000 of the exposure"

    def __str__(self) -> str:
        text = (
            f"{self.estimate:,.1f} per 1,000 in {self.period} ({fmt_level(self.confidence_level)} "
            f"{self.lower:,.1f} to {self.upper:,.1f}"
        )
        if self.low != self.lower or self.high != self.upper:
            text += f"; {self.low:,.1f} to {self.high:,.1f} over what the rounding and derivation of its inputs allow"
        if self.alignment:
            text += f"; periods differ: {self.alignment}"
        return text + ")"


def rate_per_1000(events: Count, exposure, *, alignment: str | None = None, confidence_level: float = 0.95) -> Rate:
    """Events per 1,000 of ``exposure``, both as monthly rates, with an exact Poisson interval.

    ``events`` is a :class:`~inquiry_analysis.metrics.periods.Count`; ``exposure`` is a ``Count`` or,
    where the source does not publish the period, an :class:`~inquiry_analysis.metrics.alignment.AlignedCount`
    derived for it, whose range is carried through. A stated, rounded figure for the events ("about
    400 a month", ``Count.low`` 360 and ``Count.high`` 440 by the claims rule) is carried as a range
    too: the interval is widened to the fewest and most events the wording allows. The two must cover the same
    months, unless
    ``alignment`` states why another period stands in (e.g. "nearest published year"); the result
    then carries that statement.

    Parameters
    ----------
    events : Count
        The events counted.
    exposure : Count or AlignedCount
        What the events are per 1,000 of.
    alignment : str, optional
        Why another period stands in when the periods differ.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    Rate
        The rate per 1,000 with its interval and the range the wording allows.

    Raises
    ------
    PeriodMismatchError
        If the periods differ and no ``alignment`` is given, naming both periods.

    Examples
    --------
    >>> arrests = Count(count=297, start="2007-04-01", months=12, label="2007-08")
    >>> reports = Count(count=5812, start="2007-04-01", months=12, label="2007-08")
    >>> print(rate_per_1000(arrests, reports))
    51.1 per 1,000 in 2007-08 (95% CI 45.5 to 57.3)
    """
    confidence_level = check_confidence_level(confidence_level)
    if (events.start, events.months) != (exposure.start, exposure.months) and not alignment:
        raise PeriodMismatchError(
            f"the numerator covers {_period(events)} but the denominator covers {_period(exposure)}; "
            "a ratio needs both over the same months: derive the denominator for the numerator's period "
            "with alignment.align_to_window(...), or pass alignment='...' saying why another period stands in"
        )
    if isinstance(exposure, AlignedCount):
        central, low_x, high_x = exposure.estimate, exposure.lower, exposure.upper
    else:
        central, low_x, high_x = float(exposure.count), exposure.low, exposure.high
    if low_x <= 0:
        raise ValueError(f"the exposure for {exposure.label} must be above zero to divide by it")
    # Both sides as monthly rates, so a monthly statement can stand against an annual count.
    central, low_x, high_x = (x / exposure.months for x in (central, low_x, high_x))
    low, high = poisson_interval(events.count, events.months, confidence_level=confidence_level)
    # An end the wording leaves open ("over 500 a month") is carried as its infimum (500): taken itself here,
    # so the range is if anything a whole event wider than the wording allows, never narrower.
    fewest, most = max(0, math.floor(events.low)), math.ceil(events.high)
    range_low = poisson_interval(fewest, events.months, confidence_level=confidence_level)[0]
    range_high = poisson_interval(most, events.months, confidence_level=confidence_level)[1]
    rate = events.count / events.months
    period = events.label if not alignment else f"{events.label} against {exposure.label}"
    derived = (
        "; ".join(
            d
            for d in (
                exposure.derived and f"denominator {exposure.derived}",
                alignment and f"periods differ: {alignment}",
                events.derived and f"numerator {events.derived}",
            )
            if d
        )
        or None
    )
    return Rate(
        estimate=1000 * rate / central,
        lower=1000 * low / central,
        upper=1000 * high / central,
        low=1000 * range_low / high_x,
        high=1000 * range_high / low_x,
        events=events.count,
        events_low=fewest,
        events_high=most,
        exposure=central * events.months,
        exposure_low=low_x * events.months,
        exposure_high=high_x * events.months,
        period=period,
        confidence_level=confidence_level,
        derived=derived,
        inputs=events.inputs + exposure.inputs,
        start=events.start,
        end=events.end,
        alignment=alignment,
    )


@dataclass(frozen=True, kw_only=True)
class RateRatio:
    """The ratio of two rates (``later`` over ``earlier``), with a score interval and any derived range.

    Attributes
    ----------
    estimate, lower, upper : float
        The ratio and its score interval (closed form), at the central exposures.
    low, high : float
        The widest the inputs allow: the interval widened over the ranges the rates' inputs allow
        (rounded events, derived exposures).
    later, earlier : str
        The two rates' periods.
    confidence_level : float
        Level of the interval.
    method : str
        How the interval was computed.
    """

    estimate: float
    lower: float
    upper: float
    low: float
    high: float
    later: str
    earlier: str
    confidence_level: float
    method: str = "score interval for a ratio of Poisson rates"

    def __str__(self) -> str:
        text = (
            f"{self.estimate:.3g} times the {self.earlier} rate in {self.later} "
            f"({fmt_level(self.confidence_level)} {self.lower:.3g} to {self.upper:.3g}"
        )
        if (self.low, self.high) != (self.lower, self.upper):
            text += f"; {self.low:.3g} to {self.high:.3g} over what the rounding and derivation of the inputs allow"
        return text + ")"


def rate_ratio(later: Rate, earlier: Rate, *, confidence_level: float = 0.95) -> RateRatio:
    """How many times the ``earlier`` rate the ``later`` one is, with a score interval.

    The interval treats each rate's events as Poisson over its exposure: the score interval, in
    closed form (:func:`~inquiry_analysis.metrics._common.rate_ratio_interval`). Where an input is
    a range (a derived denominator, a rounded statement), the interval is recomputed at the ends
    of the ranges and the widest reported as the range.

    Parameters
    ----------
    later, earlier : Rate
        The two rates.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    RateRatio
        The ratio later / earlier with its score interval.

    Examples
    --------
    >>> a = rate_per_1000(Count(count=100, start="2016-04-01", months=12, label="a"),
    ...                   Count(count=10000, start="2016-04-01", months=12, label="a"))
    >>> b = rate_per_1000(Count(count=200, start="2009-04-01", months=12, label="b"),
    ...                   Count(count=10000, start="2009-04-01", months=12, label="b"))
    >>> round(rate_ratio(a, b).estimate, 3)
    0.5
    """
    confidence_level = check_confidence_level(confidence_level)

    def interval(events_later, exposure_later, events_earlier, exposure_earlier):
        return rate_ratio_interval(
            events_later, exposure_later, events_earlier, exposure_earlier, confidence_level=confidence_level
        )

    low, high = interval(later.events, later.exposure, earlier.events, earlier.exposure)
    range_low = interval(later.events_low, later.exposure_high, earlier.events_high, earlier.exposure_low)[0]
    range_high = interval(later.events_high, later.exposure_low, earlier.events_low, earlier.exposure_high)[1]
    return RateRatio(
        estimate=later.estimate / earlier.estimate,
        lower=low,
        upper=high,
        low=min(range_low, low),
        high=max(range_high, high),
        later=later.period,
        earlier=earlier.period,
        confidence_level=confidence_level,
    )


def rates_per_1000_table(series: dict[str, Sequence[Rate]]) -> pd.DataFrame:
    """The rates :func:`inquiry_analysis.charts.plot_rates_per_1000` draws, one row per rate of each named series.

    Parameters
    ----------
    series : dict of str to sequence of Rate
        Each named series' rates.

    Returns
    -------
    pandas.DataFrame
        One row per rate: ``series``, ``period``, ``period_start``, ``period_end``, the rate with
        ``lower`` and ``upper``, ``range_lower`` and
        ``range_upper`` (the rate's ``low`` and ``high``), ``events``, ``denominator``, ``derived``,
        ``alignment`` and ``figure_ids``.
    """
    table = pd.DataFrame(
        [
            {
                "series": name,
                "period": r.period,
                "period_start": r.start.isoformat(),
                "period_end": r.end.isoformat(),
                "per_1000": r.estimate,
                "lower": r.lower,
                "upper": r.upper,
                "range_lower": r.low,
                "range_upper": r.high,
                "events": r.events,
                "denominator": r.exposure,
                "derived": r.derived,
                "alignment": r.alignment,
                "figure_ids": ", ".join(r.inputs),
            }
            for name, rates in series.items()
            for r in rates
        ]
    )
    # Rates per 1,000 to a hundredth (the NCA's are near 3); a derived denominator to a whole referral.
    table.attrs["decimals"] = {
        "per_1000": 2,
        "lower": 2,
        "upper": 2,
        "range_lower": 2,
        "range_upper": 2,
        "denominator": 0,
    }
    return table
