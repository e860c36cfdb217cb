"""Trends in counts: conversions, growth between periods, log-linear trends and model estimates.

Counts are events over whole calendar months (:class:`Count`). A published monthly average becomes
a count only by multiplying it out, and such counts say so (``derived``). The log-linear trend is
the exact maximum-likelihood Poisson fit of the period counts (no optimiser), with quasi-Poisson
standard errors and t intervals when the Poisson fit is overdispersed; the choice and its reason
are part of the result.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._common import (
    check_confidence_level,
    check_count,
    check_positive,
    fmt_count,
    fmt_level,
    fmt_percent,
    poisson_interval,
    rate_ratio_interval,
)

__all__ = [
    "AlignedCount",
    "Count",
    "Derived",
    "Growth",
    "ModelEstimate",
    "Trend",
    "annual_total",
    "counts_from_figures",
    "growth",
    "implied_base",
    "log_linear_trend",
    "monthly_average",
    "rolling_average",
    "select",
    "window_average",
    "align_to_window",
    "year_on_year",
]

MODEL_LABEL = "model estimate, not data"


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _as_date(value) -> dt.date:
    return pd.Timestamp(value).date()


class _MonthSpan:
    """Whole calendar months from ``start`` (the first of a month), ``months`` long."""

    start: dt.date
    months: int

    @property
    def first_month(self) -> int:
        return _month_index(self.start)

    @property
    def end(self) -> dt.date:
        """Last day of the span."""
        return _month_start(self.first_month + self.months) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Count(_MonthSpan):
    """Events counted over ``months`` whole calendar months from ``start`` (the first of a month).

    ``derived`` says how the count was computed when it is not itself a published figure;
    ``published_as`` is ``count`` or ``per_month``, the form the source gave, so that the other
    form is known to be derived; ``rounding`` is how far the true total may lie either side of
    ``count`` because the published figure was rounded (a whole-number monthly average over 12
    months: 6).
    """

    count: int
    start: dt.date
    months: int
    label: str
    inputs: tuple[str, ...] = ()
    derived: str | None = None
    published_as: str = "count"
    rounding: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "count", check_count("count", self.count))
        start = _as_date(self.start)
        if start.day != 1:
            raise ValueError(f"`start` must be the first day of a month, but {start} was passed")
        object.__setattr__(self, "start", start)
        if isinstance(self.months, bool) or not isinstance(self.months, int) or self.months < 1:
            raise ValueError(f"`months` must be a whole number of months, at least 1, but {self.months!r} was passed")
        if self.published_as not in ("count", "per_month"):
            raise ValueError(f"`published_as` must be 'count' or 'per_month', but {self.published_as!r} was passed")

    @property
    def rate(self) -> float:
        """Average per month."""
        return self.count / self.months

    @property
    def midpoint(self) -> dt.date:
        """The middle of the period, for plotting."""
        return self.start + (self.end - self.start) / 2


@dataclass(frozen=True)
class Derived:
    """A value computed from published figures, with the range the rounding of its inputs allows."""

    value: float
    lower: float
    upper: float
    derivation: str
    inputs: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = f"{fmt_count(self.value)} (derived: {self.derivation}"
        if self.lower != self.upper:
            text += f"; {fmt_count(self.lower)} to {fmt_count(self.upper)} allowing for rounding"
        return text + ")"


def annual_total(monthly_average: float, *, months: int = 12, rounding: float = 1.0,
                 inputs: tuple[str, ...] = ()) -> Derived:
    """The total over ``months`` months implied by a published monthly average.

    ``rounding`` is the unit the average was rounded to (1 for a whole number), so the total lies
    within ``months * rounding / 2`` of the estimate.

    Examples
    --------
    >>> print(annual_total(3545))
    42,540 (derived: 3,545 per month × 12 months; 42,534 to 42,546 allowing for rounding)
    """
    check_positive("monthly_average", monthly_average)
    return Derived(monthly_average * months, (monthly_average - rounding / 2) * months,
                   (monthly_average + rounding / 2) * months,
                   f"{fmt_count(monthly_average)} per month × {months} months", tuple(inputs))


def monthly_average(total: float, *, months: int = 12, rounding: float = 1.0,
                    inputs: tuple[str, ...] = ()) -> Derived:
    """The average per month implied by a published total over ``months`` months.

    Examples
    --------
    >>> print(monthly_average(82109))
    6,842 (derived: 82,109 ÷ 12 months; 6,842 to 6,842 allowing for rounding)
    """
    check_positive("total", total)
    return Derived(total / months, (total - rounding / 2) / months, (total + rounding / 2) / months,
                   f"{fmt_count(total)} ÷ {months} months", tuple(inputs))


def implied_base(end_value: float, percent_increase: float, *, percent_rounding: float = 0.0,
                 inputs: tuple[str, ...] = ()) -> Derived:
    """The starting value that a stated percentage increase to ``end_value`` implies.

    ``percent_rounding`` is the unit the percentage may have been rounded to (e.g. 100 for
    "700 per cent" read as a round figure), giving the range of bases it allows.

    Examples
    --------
    >>> round(implied_base(82109, 700).value)
    10264
    """
    check_positive("end_value", end_value)
    if percent_increase <= -100:
        raise ValueError(f"`percent_increase` must be above -100, but {percent_increase!r} was passed")
    low_p, high_p = percent_increase - percent_rounding / 2, percent_increase + percent_rounding / 2
    return Derived(end_value / (1 + percent_increase / 100), end_value / (1 + high_p / 100),
                   end_value / (1 + low_p / 100),
                   f"{fmt_count(end_value)} ÷ (1 + {percent_increase:g}%)", tuple(inputs))


def counts_from_figures(figures: pd.DataFrame) -> list[Count]:
    """Counts from rows of a bundled figure table (as returned by ``load_*``), in period order.

    Rows in ``count`` are taken as they are; rows in ``per_month`` are multiplied out over their
    period and marked as derived. Each period must run over whole calendar months.
    """
    counts = []
    for figure_id, row in figures.sort_values("period_start").iterrows():
        start, end = _as_date(row["period_start"]), _as_date(row["period_end"])
        if row["period_kind"] == "statement_date" and row["unit"] == "per_month":
            # "About 400 arrests a month" said on a date: taken as the rate in that month, and said so.
            month = start.replace(day=1)
            counts.append(Count(int(row["value"]), month, 1, f"{month:%b %Y}", (str(figure_id),),
                                derived=f"{fmt_count(row['value'])} a month as stated on {start:%d %b %Y}, "
                                        "taken as the rate for that month", published_as="per_month"))
            continue
        months = _month_index(end) - _month_index(start) + 1
        if start.day != 1 or (end + dt.timedelta(days=1)).day != 1:
            raise ValueError(f"figure {figure_id} covers {start} to {end}, which is not whole calendar months")
        value = row["value"]
        if row["unit"] == "count":
            counts.append(Count(int(value), start, months, str(row["period"]), (str(figure_id),)))
        elif row["unit"] == "per_month":
            counts.append(Count(int(value) * months, start, months, str(row["period"]), (str(figure_id),),
                                derived=f"{fmt_count(value)} per month × {months} months", published_as="per_month",
                                rounding=months * 0.5))
        else:
            raise ValueError(f"figure {figure_id} is in {row['unit']}, not a count or a monthly average")
    return counts


def select(counts: Sequence[Count], labels) -> list[Count]:
    """The counts whose period label is among ``labels``, in the order of ``counts``.

    >>> [c.label for c in select([Count(1, "2012-01-01", 12, "2012"), Count(2, "2013-01-01", 12, "2013")], ["2013"])]
    ['2013']
    """
    wanted = set(labels)
    return [c for c in counts if c.label in wanted]


@dataclass(frozen=True)
class Growth:
    """Change in the monthly rate between two periods, with a score interval for the rate ratio."""

    start_label: str
    end_label: str
    start_rate: float
    end_rate: float
    factor: float
    factor_lower: float
    factor_upper: float
    years: float
    confidence_level: float
    method: str
    inputs: tuple[str, ...]

    @property
    def percent_change(self) -> tuple[float, float, float]:
        """(estimate, lower, upper) in percent."""
        return tuple(100 * (f - 1) for f in (self.factor, self.factor_lower, self.factor_upper))

    @property
    def annual_growth(self) -> tuple[float, float, float]:
        """Compound growth per year, (estimate, lower, upper) in percent."""
        return tuple(100 * (f ** (1 / self.years) - 1) for f in (self.factor, self.factor_lower, self.factor_upper))

    @property
    def monthly_growth(self) -> tuple[float, float, float]:
        """Compound growth per month, (estimate, lower, upper) in percent."""
        months = 12 * self.years
        return tuple(100 * (f ** (1 / months) - 1) for f in (self.factor, self.factor_lower, self.factor_upper))

    def __str__(self) -> str:
        est, low, high = self.percent_change
        return (f"{est:+,.1f}% from {self.start_label} to {self.end_label} "
                f"({fmt_level(self.confidence_level)} {low:+,.1f}% to {high:+,.1f}%)")


def growth(start: Count, end: Count, *, confidence_level: float = 0.95) -> Growth:
    """Growth of the monthly rate from ``start`` to ``end``.

    The factor is the ratio of the two rates (events per month), with a score interval for a
    ratio of Poisson rates; the compound annual and monthly rates spread it over the time between
    the periods' midpoints.

    Examples
    --------
    >>> g = growth(Count(2269 * 12, "2015-01-01", 12, "2015"), Count(3545 * 12, "2016-01-01", 12, "2016"))
    >>> round(g.percent_change[0], 2)
    56.24
    """
    confidence_level = check_confidence_level(confidence_level)
    years = ((end.first_month + end.months / 2) - (start.first_month + start.months / 2)) / 12
    if years <= 0:
        raise ValueError(f"`end` ({end.label}) must come after `start` ({start.label})")
    if start.count == 0:
        raise ValueError(f"`start` ({start.label}) has no events, so growth from it is undefined")
    low, high = rate_ratio_interval(end.count, end.months, start.count, start.months,
                                    confidence_level=confidence_level)
    return Growth(start.label, end.label, start.rate, end.rate, end.rate / start.rate, low, high, years,
                  confidence_level, "score interval for the ratio of two Poisson rates",
                  start.inputs + end.inputs)


@dataclass(frozen=True)
class Trend:
    """A log-linear trend in the monthly rate: rate(m) = exp(intercept + slope_per_year × m / 12).

    Attributes
    ----------
    annual_growth, lower, upper : float
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

    annual_growth: float
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
        return (f"{fmt_percent(100 * self.annual_growth)} a year ({fmt_level(self.confidence_level)} "
                f"{fmt_percent(100 * self.lower)} to {fmt_percent(100 * self.upper)}; {self.model})")

    def _quantile(self) -> float:
        """The two-sided quantile for ``confidence_level``: t(``interval_df``), or normal."""
        return _quantile(self.confidence_level, self.interval_df)

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
        """Fitted rate per month from ``start`` to ``end`` (dates), with pointwise intervals."""
        q = self._quantile()
        rows = []
        origin = _month_index(self.origin)
        for index in range(_month_index(_as_date(start)), _month_index(_as_date(end)) + 1):
            log_rate, se = self._log_window_mean(index - origin, index - origin)
            rows.append({"month": pd.Period(_month_start(index), freq="M"), "rate": math.exp(log_rate),
                         "lower": math.exp(log_rate - q * se), "upper": _exp(log_rate + q * se)})
        return pd.DataFrame(rows)


def _exp(x: float, minus_one: bool = False) -> float:
    """``exp(x)`` (or ``expm1(x)``), infinite rather than an OverflowError when a bound is off the scale."""
    try:
        return math.expm1(x) if minus_one else math.exp(x)
    except OverflowError:
        return math.inf


def _quantile(confidence_level: float, df: int | None) -> float:
    from scipy.stats import norm, t

    upper = 0.5 + confidence_level / 2
    return float(norm.ppf(upper) if df is None else t.ppf(upper, df))


class _Periods:
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


def _profile_score(periods: _Periods, observed: np.ndarray, b: float) -> float:
    """d/db of the profile log-likelihood of the monthly slope ``b``, divided by the total count.

    ``observed`` holds each period's share of the total count, ``y_i / Σ y``. The score
    ``Σ y_i t̄_i(b) - Σy · Σ w_i t̄_i / Σ w_i`` over ``Σ y`` is ``Σ (y_i/Σy - π_i(b)) t̄_i(b)``;
    t̄ is centred on the middle of the span first, which changes nothing (the shares differences
    add up to zero) but keeps the sum from cancelling.
    """
    _, mean, share = periods.shares(b)
    centre = (periods.starts[-1] + periods.lengths[-1]) / 2
    return math.fsum((observed - share) * (mean - centre))  # correctly rounded, whatever the library


def _slope_mle(periods: _Periods, observed: np.ndarray) -> float:
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


def log_linear_trend(counts: Sequence[Count], *, confidence_level: float = 0.95,
                     overdispersion_level: float = 0.05) -> Trend:
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
    ``_slope_mle``), so the estimate depends on no optimiser's start values or tolerance.

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

    References
    ----------
    McCullagh, P. and Nelder, J. A. (1989). *Generalized Linear Models*, 2nd ed., sections 6.2
    and 4.5 (Poisson log-linear models; quasi-likelihood, dispersion from Pearson's χ²).

    Examples
    --------
    >>> series = [Count(1000, "2015-01-01", 12, "2015"), Count(2000, "2016-01-01", 12, "2016"),
    ...           Count(4000, "2017-01-01", 12, "2017")]
    >>> result = log_linear_trend(series)
    >>> round(result.annual_growth, 6), result.model
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
            raise ValueError(f"the trend is not estimable: the counts {others} are all zero, so the best-fitting "
                             f"slope is infinite (every event falls in {counts[end].label}); a log-linear trend needs "
                             "events in more than one period, and not only at one end")
    periods = _Periods(counts)
    b = _slope_mle(periods, y / total)
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
    var_slope, cov_ab, var_a = 1 / spread, -centre / spread, 1 / information + centre ** 2 / spread

    df = len(counts) - 2
    dispersion = p_value = interval_df = None
    scale, model = 1.0, "Poisson GLM"
    if df == 0:
        reason = ("two periods: the model fits them exactly, so overdispersion cannot be checked and the "
                  "interval reflects Poisson count noise only")
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            pearson = math.fsum(np.where(fitted > 0, (y - fitted) ** 2 / fitted, np.where(y > 0, np.inf, 0.0)))
        dispersion = pearson / df
        p_value = float(chi2.sf(pearson, df))
        if p_value < overdispersion_level:
            scale, interval_df = dispersion, df
            model = f"quasi-Poisson GLM (Pearson dispersion, t({df}) intervals)"
            reason = (f"the Poisson fit was overdispersed (Pearson χ²/df = {dispersion:,.1f}, p = {p_value:.2g}), "
                      f"so the Poisson estimate was kept, its standard errors were scaled by √{dispersion:,.1f} "
                      f"and intervals use t quantiles with {df} degree{'s' if df > 1 else ''} of freedom")
        else:
            reason = (f"no overdispersion detected (Pearson χ²/df = {dispersion:.2f}, p = {p_value:.2g}), so Poisson "
                      "standard errors and normal quantiles were used")
    q = _quantile(confidence_level, interval_df)
    slope = 12 * b
    se = math.sqrt(scale * var_slope)
    return Trend(annual_growth=math.expm1(slope), lower=math.expm1(slope - q * se), upper=_exp(slope + q * se, True),
                 model=model, reason=reason, dispersion=dispersion, overdispersion_p=p_value, scale=float(scale),
                 interval_df=interval_df, n_periods=len(counts), origin=_month_start(counts[0].first_month),
                 intercept=float(intercept), slope_per_year=float(slope),
                 covariance=((scale * var_a, scale * cov_ab), (scale * cov_ab, scale * var_slope)),
                 confidence_level=confidence_level, inputs=tuple(i for c in counts for i in c.inputs))


@dataclass(frozen=True)
class ModelEstimate:
    """An average per month over a window, estimated from a model: not data."""

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
        return (f"{fmt_count(self.estimate)} a month in {self.window} ({fmt_level(self.confidence_level)} "
                f"{fmt_count(self.lower)} to {fmt_count(self.upper)}; {self.label})")


def window_average(counts: Sequence[Count], start, end, *, confidence_level: float = 0.95) -> ModelEstimate:
    """Model estimate of the average per month over the months from ``start`` to ``end``.

    With one period the rate is taken as constant over it (an exact Poisson interval); with more,
    the log-linear trend of :func:`log_linear_trend` is averaged over the window's months, with a
    delta-method interval on the log scale, using the trend's quantile (t(n - 2) when the trend is
    quasi-Poisson, normal otherwise). A window outside the data is flagged as extrapolated.

    Examples
    --------
    >>> one_year = [Count(42540, "2016-01-01", 12, "2016")]
    >>> round(window_average(one_year, "2016-01-01", "2016-12-31").estimate)
    3545
    """
    confidence_level = check_confidence_level(confidence_level)
    first, last = _month_index(_as_date(start)), _month_index(_as_date(end))
    if last < first:
        raise ValueError(f"`end` ({end}) must not come before `start` ({start})")
    window = f"{_month_start(first):%b %Y} to {_month_start(last):%b %Y}"
    counts = sorted(counts, key=lambda c: c.first_month)
    span = (counts[0].first_month, counts[-1].first_month + counts[-1].months - 1)
    extrapolated = first < span[0] or last > span[1]
    inputs = tuple(i for c in counts for i in c.inputs)
    if len(counts) == 1:
        (only,) = counts
        low, high = poisson_interval(only.count, only.months, confidence_level=confidence_level)
        return ModelEstimate(only.rate, low, high, window,
                             f"the {only.label} average, taken as constant (exact Poisson interval)",
                             extrapolated, confidence_level, inputs)
    trend = log_linear_trend(counts, confidence_level=confidence_level)
    log_mean, se = trend._log_window_mean(first - span[0], last - span[0])
    q = trend._quantile()
    method = f"log-linear trend over {counts[0].label} to {counts[-1].label} ({trend.model}; {trend.reason})"
    return ModelEstimate(math.exp(log_mean), math.exp(log_mean - q * se), _exp(log_mean + q * se), window,
                         method, extrapolated, confidence_level, inputs)


def _monthly_counts(monthly: pd.DataFrame, column: str) -> pd.Series:
    if "month" not in monthly.columns or column not in monthly.columns:
        raise ValueError(f"`monthly` must have the columns 'month' and '{column}', as read_monthly_* returns; "
                         f"got {', '.join(map(str, monthly.columns))}")
    series = pd.Series(monthly[column].to_numpy(), index=pd.PeriodIndex(monthly["month"], freq="M"))
    series = series.sort_index()
    full = pd.period_range(series.index.min(), series.index.max(), freq="M")
    if len(full) != len(series):
        raise ValueError("`monthly` must have exactly one row for every month from the first to the last")
    if series.isna().any():
        raise ValueError(f"`{column}` has missing values; every month needs a count")
    return series.astype(int)


def rolling_average(monthly: pd.DataFrame, *, column: str, window: int = 3,
                    confidence_level: float = 0.95) -> pd.DataFrame:
    """Rolling ``window``-month average per month, with an exact Poisson interval (derived values).

    ``monthly`` has a ``month`` column and a count column, as :func:`inquiry_analysis.read_monthly_referrals`
    returns. Rows start at the first full window; each row is labelled by the window's last month.

    Examples
    --------
    >>> frame = pd.DataFrame({"month": pd.period_range("2016-01", periods=4, freq="M"),
    ...                       "referrals": [30, 60, 90, 120]})
    >>> rolling_average(frame, column="referrals")["average"].tolist()
    [60.0, 90.0]
    """
    confidence_level = check_confidence_level(confidence_level)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"`window` must be a whole number of months, at least 1, but {window!r} was passed")
    series = _monthly_counts(monthly, column)
    if len(series) < window:
        raise ValueError(f"`monthly` has {len(series)} months, fewer than one window of {window}")
    sums = series.rolling(window).sum().dropna().astype(int)
    bounds = [poisson_interval(int(total), window, confidence_level=confidence_level) for total in sums]
    return pd.DataFrame({
        "month": sums.index,
        "window": [f"{(m - window + 1)} to {m}" for m in sums.index],
        "average": (sums / window).to_numpy(dtype=float),
        "lower": [b[0] for b in bounds],
        "upper": [b[1] for b in bounds],
        "derived": f"{window}-month rolling average of {column}",
    }).reset_index(drop=True)


def year_on_year(monthly: pd.DataFrame, *, column: str, confidence_level: float = 0.95) -> pd.DataFrame:
    """Change on the same month a year before, in percent, with a score interval (derived values).

    Rows start twelve months into the series; a month whose year-before count is zero has no
    defined change and is left out.

    Examples
    --------
    >>> frame = pd.DataFrame({"month": pd.period_range("2015-01", periods=13, freq="M"),
    ...                       "referrals": [100] * 12 + [150]})
    >>> year_on_year(frame, column="referrals")["percent_change"].tolist()
    [50.0]
    """
    confidence_level = check_confidence_level(confidence_level)
    series = _monthly_counts(monthly, column)
    rows = []
    for month in series.index[12:]:
        now, before = int(series[month]), int(series[month - 12])
        if before == 0:
            continue
        low, high = rate_ratio_interval(now, 1, before, 1, confidence_level=confidence_level)
        rows.append({"month": month, "count": now, "count_year_before": before,
                     "percent_change": 100 * (now / before - 1), "lower": 100 * (low - 1), "upper": 100 * (high - 1),
                     "derived": f"{column} on the same month a year before"})
    return pd.DataFrame(rows, columns=["month", "count", "count_year_before", "percent_change", "lower", "upper",
                                       "derived"])


@dataclass(frozen=True)
class AlignedCount(_MonthSpan):
    """A count for a window no source publishes, derived from counts of other periods.

    ``central`` comes from the log-linear trend; ``lower`` and ``upper`` are the least and most
    the window can hold if the monthly series never fell across the periods given (the assumption
    of each bound is spelt out in ``lower_assumption`` and ``upper_assumption``).
    """

    central: float
    lower: float
    upper: float
    start: dt.date
    months: int
    label: str
    central_method: str
    lower_assumption: str
    upper_assumption: str
    inputs: tuple[str, ...]
    derived: str = "derived from counts of other periods"

    def __str__(self) -> str:
        return (f"{fmt_count(self.central)} in {self.label} (derived; range {fmt_count(self.lower)} to "
                f"{fmt_count(self.upper)} if the monthly series never fell)")


def _describe_path(path: np.ndarray, first: int) -> str:
    """'2,269 a month Jan 2015 to Mar 2016; 3,970 a month Apr 2016 to Dec 2016; ...'"""
    pieces, start = [], 0
    for i in range(1, len(path) + 1):
        if i == len(path) or abs(path[i] - path[start]) > 0.5:
            first_label = f"{_month_start(first + start):%b %Y}"
            last_label = f"{_month_start(first + i - 1):%b %Y}"
            span = first_label if i - 1 == start else f"{first_label} to {last_label}"
            pieces.append(f"{fmt_count(path[start])} a month {span}")
            start = i
    return "; ".join(pieces)


def align_to_window(counts: Sequence[Count], start, end, *, label: str | None = None) -> AlignedCount:
    """The count for the months from ``start`` to ``end`` (e.g. a financial year) from calendar-period counts.

    The central estimate sums the log-linear trend of ``counts`` over the window. The bounds are
    exact under one stated assumption: the monthly series never fell across the span of
    ``counts``, each period's total staying within the rounding of its published figure
    (``Count.rounding``). They are found by linear programming over the monthly values, and the
    monthly paths that reach them are described.

    Examples
    --------
    >>> years = [Count(27228, "2015-01-01", 12, "2015"), Count(42540, "2016-01-01", 12, "2016"),
    ...          Count(82109, "2017-01-01", 12, "2017")]
    >>> fy = align_to_window(years, "2016-04-01", "2017-03-31")
    >>> round(fy.lower), round(fy.upper)
    (42540, 56260)
    >>> years[1] = Count(42540, "2016-01-01", 12, "2016", rounding=6)  # 3,545 a month, rounded
    >>> round(align_to_window(years, "2016-04-01", "2017-03-31").lower)
    42534
    """
    from scipy.optimize import linprog

    counts = sorted(counts, key=lambda c: c.first_month)
    first = counts[0].first_month
    last = counts[-1].first_month + counts[-1].months - 1
    w_first, w_last = _month_index(_as_date(start)), _month_index(_as_date(end))
    if w_first < first or w_last > last:
        raise ValueError(f"the window {_month_start(w_first):%b %Y} to {_month_start(w_last):%b %Y} is not inside "
                         f"the periods given ({counts[0].label} to {counts[-1].label}); it would be an extrapolation")
    for earlier, later in zip(counts, counts[1:]):
        if later.first_month != earlier.first_month + earlier.months:
            raise ValueError(f"periods {earlier.label} and {later.label} must follow on without a gap or overlap")
    n = last - first + 1
    sums = np.zeros((len(counts), n))
    for row, c in enumerate(counts):
        sums[row, c.first_month - first:c.first_month - first + c.months] = 1
    # Each period's total lies within the rounding of its published figure.
    highest = np.array([c.count + c.rounding for c in counts], dtype=float)
    lowest = np.array([c.count - c.rounding for c in counts], dtype=float)
    rising = np.zeros((n - 1, n))  # x[m] - x[m + 1] <= 0: the series never falls
    rising[np.arange(n - 1), np.arange(n - 1)] = 1
    rising[np.arange(n - 1), np.arange(1, n)] = -1
    constraints = np.vstack([rising, sums, -sums])
    limits = np.concatenate([np.zeros(n - 1), highest, -lowest])
    objective = np.zeros(n)
    objective[w_first - first:w_last - first + 1] = 1
    paths = []
    for sign in (1, -1):
        result = linprog(sign * objective, A_ub=constraints, b_ub=limits, bounds=(0, None), method="highs")
        if result.status != 0:
            raise ValueError("the totals fall between periods, so no monthly series that never falls fits them; "
                             "the bounds of this method do not apply")
        paths.append(result.x)
    low_path, high_path = paths
    months = w_last - w_first + 1
    label = label or f"{_month_start(w_first):%b %Y} to {_month_start(w_last):%b %Y}"
    central = window_average(counts, _month_start(w_first), _month_start(w_last))
    return AlignedCount(
        central.estimate * months, float(objective @ low_path), float(objective @ high_path),
        _month_start(w_first), months, label, f"{central.method}, summed over {months} months",
        f"lowest if the monthly counts ran {_describe_path(low_path, first)}",
        f"highest if they ran {_describe_path(high_path, first)}",
        tuple(i for c in counts for i in c.inputs))
