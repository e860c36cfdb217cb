"""Growth between periods, log-linear trends and model estimates for windows.

The log-linear trend is the exact maximum-likelihood Poisson fit of the period counts (no
optimiser; see :mod:`._loglinear`), with quasi-Poisson standard errors and t intervals when the
Poisson fit is overdispersed; the choice and its reason are part of the result.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from inquiry_analysis.metrics._common import (
    check_confidence_level,
    fmt_count,
    fmt_level,
    fmt_percent,
    poisson_interval,
    rate_ratio_interval,
    two_sided_quantile,
)
from inquiry_analysis.metrics._loglinear import Periods, slope_mle
from inquiry_analysis.metrics.periods import Count, as_date, month_index, month_start

__all__ = ["Growth", "ModelEstimate", "Trend", "growth", "log_linear_trend", "window_average"]

MODEL_LABEL = "model estimate, not data"


@dataclass(frozen=True, kw_only=True)
class Growth:
    """Change in the monthly rate between two periods, with a score interval for the rate ratio.

    Attributes
    ----------
    start_label, end_label : str
        The two periods' labels.
    start_rate, end_rate : float
        Events per month in each.
    estimate : float
        The rate ratio, ``end_rate / start_rate``.
    lower, upper : float
        Its interval (the score interval for a ratio of Poisson rates, in closed form; see
        :func:`~inquiry_analysis.metrics._common.rate_ratio_interval`).
    years : float
        Time between the periods' midpoints, in years.
    confidence_level : float
        Level of the interval.
    method : str
        How the interval was computed.
    inputs : tuple of str
        Figure ids of the two counts.
    """

    start_label: str
    end_label: str
    start_rate: float
    end_rate: float
    estimate: float
    lower: float
    upper: float
    years: float
    confidence_level: float
    method: str
    inputs: tuple[str, ...]

    @property
    def percent_change(self) -> tuple[float, float, float]:
        """(estimate, lower, upper) in percent."""
        return tuple(100 * (f - 1) for f in (self.estimate, self.lower, self.upper))

    @property
    def annual_percent_change(self) -> tuple[float, float, float]:
        """Compound growth per year, (estimate, lower, upper) in percent."""
        return tuple(100 * (f ** (1 / self.years) - 1) for f in (self.estimate, self.lower, self.upper))

    @property
    def monthly_percent_change(self) -> tuple[float, float, float]:
        """Compound growth per month, (estimate, lower, upper) in percent."""
        months = 12 * self.years
        return tuple(100 * (f ** (1 / months) - 1) for f in (self.estimate, self.lower, self.upper))

    def __str__(self) -> str:
        est, low, high = self.percent_change
        return (
            f"{est:+,.1f}% from {self.start_label} to {self.end_label} "
            f"({fmt_level(self.confidence_level)} {low:+,.1f}% to {high:+,.1f}%)"
        )


def growth(start: Count, end: Count, *, confidence_level: float = 0.95) -> Growth:
    """Growth of the monthly rate from ``start`` to ``end``.

    The factor is the ratio of the two rates (events per month), with a score interval for a
    ratio of Poisson rates; the compound annual and monthly rates spread it over the time between
    the periods' midpoints.

    Parameters
    ----------
    start, end : Count
        The earlier and the later count.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    Growth
        The ratio of the monthly rates with its interval.

    Examples
    --------
    >>> g = growth(Count(count=2269 * 12, start="2015-01-01", months=12, label="2015"),
    ...            Count(count=3545 * 12, start="2016-01-01", months=12, label="2016"))
    >>> round(g.percent_change[0], 2)
    56.24
    """
    confidence_level = check_confidence_level(confidence_level)
    years = ((end.first_month + end.months / 2) - (start.first_month + start.months / 2)) / 12
    if years <= 0:
        raise ValueError(f"`end` ({end.label}) must come after `start` ({start.label})")
    if start.count == 0:
        raise ValueError(f"`start` ({start.label}) has no events, so growth from it is undefined")
    low, high = rate_ratio_interval(end.count, end.months, start.count, start.months, confidence_level=confidence_level)
    return Growth(
        start_label=start.label,
        end_label=end.label,
        start_rate=start.rate,
        end_rate=end.rate,
        estimate=end.rate / start.rate,
        lower=low,
        upper=high,
        years=years,
        confidence_level=confidence_level,
        method="score interval for the ratio of two Poisson rates",
        inputs=start.inputs + end.inputs,
    )


@dataclass(frozen=True, kw_only=True)
class Trend:
    """A log-linear trend in the monthly rate: rate(m) = exp(intercept + slope_per_year × m / 12).

    Attributes
    ----------
    estimate, lower, upper : float
        Growth per year, ``exp(slope_per_year) - 1``, and its interval, as fractions (0.56 for
        56% a year).
    model : str
        ``"Poisson GLM"``, or ``"quasi-Poisson GLM (Pearson dispersion, t(k) intervals)"`` with
        ``k = n_periods - 2`` when the Poisson fit was overdispersed.
    reason : str
        What was done about overdispersion, and why.
    dispersion : float or None
        Pearson χ² of the Poisson fit over its residual degrees of freedom (``n_periods - 2``);
        None with two periods, where it cannot be estimated.
    overdispersion_p : float or None
        p-value of the Pearson χ² test of the Poisson fit; None with two periods.
    scale : float
        The dispersion the covariance was multiplied by: 1.0 for the Poisson model, ``dispersion``
        for the quasi-Poisson one.
    interval_df : int or None
        Degrees of freedom of the t quantile used for every interval from this trend (growth,
        :meth:`curve`, :func:`window_average`); None when normal quantiles are used.
    n_periods : int
        Number of periods fitted.
    origin : datetime.date
        First month of the first period; ``m`` counts months from it.
    intercept : float
        Log of the fitted rate per month at ``origin``.
    slope_per_year : float
        Change in the log rate per year (12 months).
    covariance : tuple of tuple of float
        Covariance of (``intercept``, ``slope_per_year``): the inverse of the expected (Fisher)
        information of the Poisson likelihood at the estimate, times ``scale``.
    confidence_level : float
        Level of the intervals.
    inputs : tuple of str
        Figure ids of the counts.
    """

    estimate: float
    lower: float
    upper: float
    model: str
    reason: str
    dispersion: float | None
    overdispersion_p: float | None
    scale: float
    interval_df: int | None
    n_periods: int
    origin: dt.date
    intercept: float
    slope_per_year: float
    covariance: tuple[tuple[float, float], tuple[float, float]]
    confidence_level: float
    inputs: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{fmt_percent(100 * self.estimate)} a year ({fmt_level(self.confidence_level)} "
            f"{fmt_percent(100 * self.lower)} to {fmt_percent(100 * self.upper)}; {self.model})"
        )

    def _quantile(self) -> float:
        """The two-sided quantile for ``confidence_level``: t(``interval_df``), or normal."""
        return two_sided_quantile(self.confidence_level, self.interval_df)

    def _log_window_mean(self, first: int, last: int) -> tuple[float, float]:
        """log of the mean monthly rate over months [first, last] from origin, and its standard error."""
        months = np.arange(first, last + 1, dtype=float)
        b = self.slope_per_year / 12
        weights = np.exp(b * (months - months.mean()))
        log_mean = self.intercept + b * months.mean() + math.log(weights.mean())
        gradient = np.array([1.0, (weights * months).sum() / weights.sum() / 12])
        variance = float(gradient @ np.array(self.covariance) @ gradient)
        return log_mean, math.sqrt(max(variance, 0.0))

    def curve(self, start, end) -> pd.DataFrame:
        """Fitted rate per month from ``start`` to ``end`` (dates), with pointwise intervals.

        Parameters
        ----------
        start, end : date or str
            The first and last months to draw.

        Returns
        -------
        pandas.DataFrame
            One row per month: ``month``, ``rate``, ``lower`` and ``upper``.
        """
        q = self._quantile()
        rows = []
        origin = month_index(self.origin)
        for index in range(month_index(as_date(start)), month_index(as_date(end)) + 1):
            log_rate, se = self._log_window_mean(index - origin, index - origin)
            rows.append(
                {
                    "month": pd.Period(month_start(index), freq="M"),
                    "rate": math.exp(log_rate),
                    "lower": math.exp(log_rate - q * se),
                    "upper": _exp(log_rate + q * se),
                }
            )
        return pd.DataFrame(rows)


def _exp(x: float, minus_one: bool = False) -> float:
    """``exp(x)`` (or ``expm1(x)``), infinite rather than an OverflowError when a bound is off the scale."""
    try:
        return math.expm1(x) if minus_one else math.exp(x)
    except OverflowError:
        return math.inf


def log_linear_trend(
    counts: Sequence[Count], *, confidence_level: float = 0.95, overdispersion_level: float = 0.05
) -> Trend:
    """Growth per year of a series of counts, from a log-linear model of the monthly rate.

    The monthly rate is ``exp(a + b m)``, ``m`` counting months from the first month; a period's
    expected count is that rate summed over its months, ``exp(a) w_i(b)`` with
    ``w_i(b) = Σ exp(b k)`` over its months ``k``, so periods of different lengths, and gaps
    between them, are allowed. The counts are taken as Poisson and the fit is the exact maximum
    likelihood, for periods of unequal length too (the slope's effect on each period's sum over
    its months is part of the likelihood, not held fixed at a previous fit). Given ``b`` the best
    ``a`` is ``log(Σ y / Σ w_i(b))``, and the best ``b`` is the root of the profile score
    ``Σ y_i t̄_i(b) - Σ y · Σ w_i t̄_i(b) / Σ w_i(b)``, where ``t̄_i(b)`` is period ``i``'s mean
    month weighted by ``exp(b k)``. The root is found by bisection to full double precision (see
    ``slope_mle``), so the estimate depends on no optimiser's start values or tolerance.

    The root is unique where it exists. The derivative of the score is
    ``Σ y_i v_i(b) - Σ y · v(b)``, where ``v_i`` is the ``exp(b k)``-weighted variance of the
    month within period ``i`` and ``v`` that over all the periods' months. For periods of equal
    length, with or without gaps, all ``v_i`` are equal, the derivative is ``-Σ y`` times the
    weighted variance of the ``t̄_i`` between periods, and the score falls strictly (the model is
    then the Poisson GLM of the counts on time). For periods of unequal length that follow on
    without gaps each ``v_i`` is at most ``v`` (the weighted months form a truncated geometric
    distribution, whose variance grows with its length), so the score falls there too. For
    periods of unequal length separated by gaps the score need not fall everywhere; we know of no
    proof that its root is unique there, though a randomised search found no series with two.

    The covariance of ``(a, slope per year)`` is the inverse of the expected (Fisher) information
    ``Σ μ_i g_i g_iᵀ``, ``g_i = (1, t̄_i(b) / 12)``, at the estimate; for periods of equal length
    it equals the observed information. With three or more periods the Pearson χ² of the Poisson
    fit is tested against ``n - 2`` degrees of freedom. If the test rejects at
    ``overdispersion_level``, the model becomes quasi-Poisson: the same estimate, the covariance
    multiplied by the Pearson dispersion χ²/(n - 2), and intervals from t(n - 2) quantiles instead
    of normal ones, for the growth here and for :meth:`Trend.curve` and :func:`window_average`.
    With two periods the model fits them exactly, overdispersion cannot be checked, and the
    interval reflects Poisson count noise only, which ``reason`` says.

    Raises ``ValueError`` when every event falls in the first period or every event in the last
    (e.g. counts 0, 0, 10): the likelihood then rises without limit as the slope goes to plus or
    minus infinity, and no trend can be estimated.

    Parameters
    ----------
    counts : sequence of Count
        At least two counts over non-overlapping periods.
    confidence_level : float, default 0.95
        Of the intervals.
    overdispersion_level : float, default 0.05
        The level of the Pearson χ² test at which overdispersion is taken as shown and the model
        becomes quasi-Poisson.

    Returns
    -------
    Trend
        The fitted growth per year with its interval and the model's checks.

    References
    ----------
    McCullagh, P. and Nelder, J. A. (1989). *Generalized Linear Models*, 2nd ed., sections 6.2
    and 4.5 (Poisson log-linear models; quasi-likelihood, dispersion from Pearson's χ²).

    Examples
    --------
    >>> series = [Count(count=1000, start="2015-01-01", months=12, label="2015"),
    ...           Count(count=2000, start="2016-01-01", months=12, label="2016"),
    ...           Count(count=4000, start="2017-01-01", months=12, label="2017")]
    >>> result = log_linear_trend(series)
    >>> round(result.estimate, 6), result.model
    (1.0, 'Poisson GLM')
    """
    from scipy.stats import chi2

    confidence_level = check_confidence_level(confidence_level)
    counts = sorted(counts, key=lambda c: c.first_month)
    if len(counts) < 2:
        raise ValueError(f"a trend needs at least two periods, but {len(counts)} was passed")
    for earlier, later in zip(counts, counts[1:]):
        if later.first_month < earlier.first_month + earlier.months:
            raise ValueError(f"periods {earlier.label} and {later.label} overlap; a trend needs separate periods")
    y = np.array([c.count for c in counts], dtype=float)
    total = float(y.sum())
    if total == 0:
        raise ValueError("every period has a count of zero, so there is no rate to trend")
    for end, others in ((0, f"after {counts[0].label}"), (-1, f"before {counts[-1].label}")):
        if y[end] == total:
            raise ValueError(
                f"the trend is not estimable: the counts {others} are all zero, so the best-fitting "
                f"slope is infinite (every event falls in {counts[end].label}); a log-linear trend needs "
                "events in more than one period, and not only at one end"
            )
    periods = Periods(counts)
    b = slope_mle(periods, y / total)
    log_w, mean, share = periods.shares(b)
    top = float(log_w.max())
    intercept = math.log(total) - top - math.log(math.fsum(np.exp(log_w - top)))
    fitted = total * share

    # Expected information of (intercept at the origin, slope per year), inverted in closed form
    # about the information-weighted mean time c, where the two are uncorrelated.
    years = mean / 12
    information = math.fsum(fitted)
    centre = math.fsum(fitted * years) / information
    spread = math.fsum(fitted * (years - centre) ** 2)
    var_slope, cov_ab, var_a = 1 / spread, -centre / spread, 1 / information + centre**2 / spread

    df = len(counts) - 2
    dispersion = p_value = interval_df = None
    scale, model = 1.0, "Poisson GLM"
    if df == 0:
        reason = (
            "two periods: the model fits them exactly, so overdispersion cannot be checked and the "
            "interval reflects Poisson count noise only"
        )
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            pearson = math.fsum(np.where(fitted > 0, (y - fitted) ** 2 / fitted, np.where(y > 0, np.inf, 0.0)))
        dispersion = pearson / df
        p_value = float(chi2.sf(pearson, df))
        if p_value < overdispersion_level:
            scale, interval_df = dispersion, df
            model = f"quasi-Poisson GLM (Pearson dispersion, t({df}) intervals)"
            reason = (
                f"the Poisson fit was overdispersed (Pearson χ²/df = {dispersion:,.1f}, p = {p_value:.2g}), "
                f"so the Poisson estimate was kept, its standard errors were scaled by √{dispersion:,.1f} "
                f"and intervals use t quantiles with {df} degree{'s' if df > 1 else ''} of freedom"
            )
        else:
            reason = (
                f"no overdispersion detected (Pearson χ²/df = {dispersion:.2f}, p = {p_value:.2g}), so Poisson "
                "standard errors and normal quantiles were used"
            )
    q = two_sided_quantile(confidence_level, interval_df)
    slope = 12 * b
    se = math.sqrt(scale * var_slope)
    return Trend(
        estimate=math.expm1(slope),
        lower=math.expm1(slope - q * se),
        upper=_exp(slope + q * se, True),
        model=model,
        reason=reason,
        dispersion=dispersion,
        overdispersion_p=p_value,
        scale=float(scale),
        interval_df=interval_df,
        n_periods=len(counts),
        origin=month_start(counts[0].first_month),
        intercept=float(intercept),
        slope_per_year=float(slope),
        covariance=((scale * var_a, scale * cov_ab), (scale * cov_ab, scale * var_slope)),
        confidence_level=confidence_level,
        inputs=tuple(i for c in counts for i in c.inputs),
    )


@dataclass(frozen=True, kw_only=True)
class ModelEstimate:
    """An average per month over a window, estimated from a model: not data.

    Attributes
    ----------
    estimate, lower, upper : float
        The model's average per month over the window, and its interval.
    window : str
        The months averaged over, e.g. "Jun 2016 to Aug 2016".
    method : str
        The model and how its interval was computed.
    extrapolated : bool
        Whether the window reaches outside the periods the model was fitted to.
    confidence_level : float
        Level of the interval.
    inputs : tuple of str
        Figure ids of the counts the model was fitted to.
    label : str
        "model estimate, not data", for every display of it.
    """

    estimate: float
    lower: float
    upper: float
    window: str
    method: str
    extrapolated: bool
    confidence_level: float
    inputs: tuple[str, ...]
    label: str = MODEL_LABEL

    def __str__(self) -> str:
        return (
            f"{fmt_count(self.estimate)} a month in {self.window} ({fmt_level(self.confidence_level)} "
            f"{fmt_count(self.lower)} to {fmt_count(self.upper)}; {self.label})"
        )


def window_average(counts: Sequence[Count], start, end, *, confidence_level: float = 0.95) -> ModelEstimate:
    """Model estimate of the average per month over the months from ``start`` to ``end``.

    With one period the rate is taken as constant over it (an exact Poisson interval); with more,
    the log-linear trend of :func:`log_linear_trend` is averaged over the window's months, with a
    delta-method interval on the log scale, using the trend's quantile (t(n - 2) when the trend is
    quasi-Poisson, normal otherwise). A window outside the data is flagged as extrapolated.

    Parameters
    ----------
    counts : sequence of Count
        The counts the trend is fitted to.
    start, end : date or str
        The first and last day of the window (whole months).
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    ModelEstimate
        The model's average per month over the window, with its interval.

    Examples
    --------
    >>> one_year = [Count(count=42540, start="2016-01-01", months=12, label="2016")]
    >>> round(window_average(one_year, "2016-01-01", "2016-12-31").estimate)
    3545
    """
    confidence_level = check_confidence_level(confidence_level)
    first, last = month_index(as_date(start)), month_index(as_date(end))
    if last < first:
        raise ValueError(f"`end` ({end}) must not come before `start` ({start})")
    window = f"{month_start(first):%b %Y} to {month_start(last):%b %Y}"
    counts = sorted(counts, key=lambda c: c.first_month)
    span = (counts[0].first_month, counts[-1].first_month + counts[-1].months - 1)
    extrapolated = first < span[0] or last > span[1]
    inputs = tuple(i for c in counts for i in c.inputs)
    if len(counts) == 1:
        (only,) = counts
        low, high = poisson_interval(only.count, only.months, confidence_level=confidence_level)
        return ModelEstimate(
            estimate=only.rate,
            lower=low,
            upper=high,
            window=window,
            method=f"the {only.label} average, taken as constant (exact Poisson interval)",
            extrapolated=extrapolated,
            confidence_level=confidence_level,
            inputs=inputs,
        )
    trend = log_linear_trend(counts, confidence_level=confidence_level)
    log_mean, se = trend._log_window_mean(first - span[0], last - span[0])
    q = trend._quantile()
    method = f"log-linear trend over {counts[0].label} to {counts[-1].label} ({trend.model}; {trend.reason})"
    return ModelEstimate(
        estimate=math.exp(log_mean),
        lower=math.exp(log_mean - q * se),
        upper=_exp(log_mean + q * se),
        window=window,
        method=method,
        extrapolated=extrapolated,
        confidence_level=confidence_level,
        inputs=inputs,
    )
