"""Trends in counts: conversions, growth between periods, log-linear trends and model estimates.

Counts are events over whole calendar months (:class:`Count`). A published monthly average becomes
a count only by multiplying it out, and such counts say so (``derived``). The log-linear trend is
a Poisson GLM of the period counts, switched to a negative binomial model when the Poisson fit is
overdispersed; the choice and its reason are part of the result.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
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

    ``m`` counts months from ``origin``. ``annual_growth`` and its bounds are fractions (0.56 for
    56% a year).
    """

    annual_growth: float
    lower: float
    upper: float
    model: str
    reason: str
    dispersion: float | None
    overdispersion_p: float | None
    alpha: float | None
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
        from scipy.stats import norm

        z = norm.ppf(0.5 + self.confidence_level / 2)
        rows = []
        origin = _month_index(self.origin)
        for index in range(_month_index(_as_date(start)), _month_index(_as_date(end)) + 1):
            log_rate, se = self._log_window_mean(index - origin, index - origin)
            rows.append({"month": pd.Period(_month_start(index), freq="M"), "rate": math.exp(log_rate),
                         "lower": math.exp(log_rate - z * se), "upper": math.exp(log_rate + z * se)})
        return pd.DataFrame(rows)


def _design(counts: Sequence[Count], origin: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Design matrix on time in years, centred so the optimiser sees uncorrelated parameters."""
    years = np.array([(c.first_month - origin) / 12 for c in counts], dtype=float)
    centre = float(years.mean())
    return (np.column_stack([np.ones(len(counts)), years - centre]),
            np.array([c.count for c in counts], dtype=float), centre)


def _offsets(counts: Sequence[Count], slope_per_year: float) -> np.ndarray:
    # Expected count of a period = rate at its first month × sum of exp(b k) over its months.
    b = slope_per_year / 12
    return np.array([math.log(np.exp(b * np.arange(c.months)).sum()) for c in counts])


def _fit(counts: Sequence[Count], origin: int, family: str, start=None):
    """Fit with offsets recomputed at the fitted slope until it settles.

    For periods of equal length the offsets are constant and this is the maximum-likelihood fit.
    For unequal periods it is a fixed-point approximation to it (the offsets' dependence on the
    slope is left out of the likelihood), close when the periods are not very unequal.

    Returns (params, covariance) for (log rate at ``origin``, slope per year) and, for the
    negative binomial, the dispersion α.
    """
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    exog, endog, centre = _design(counts, origin)
    slope, result = 0.0 if start is None else start[1], None
    for _ in range(50):
        offset = _offsets(counts, slope)
        if family == "poisson":
            result = sm.GLM(endog, exog, family=sm.families.Poisson(), offset=offset).fit()
        else:
            model = sm.NegativeBinomial(endog, exog, offset=offset, loglike_method="nb2")
            first = start if result is None else result.params
            for method in ("bfgs", "nm"):  # Newton steps can leave the valid region for α
                with warnings.catch_warnings():
                    # Convergence is checked here, and a failed optimiser is replaced by the next.
                    warnings.filterwarnings("ignore", category=ConvergenceWarning)
                    result = model.fit(start_params=first, method=method, maxiter=5000, disp=0)
                if result.mle_retvals.get("converged", False) and np.isfinite(result.params).all():
                    break
            else:
                raise RuntimeError("the negative binomial fit did not converge; the series may be too short "
                                   "or too irregular for a log-linear trend")
        settled = abs(result.params[1] - slope) < 1e-10
        slope = float(result.params[1])
        if settled:
            break
    params = np.asarray(result.params, dtype=float)
    # Move the intercept from the centre of the data back to the origin month.
    shift = np.array([[1.0, -centre], [0.0, 1.0]])
    covariance = shift @ np.asarray(result.cov_params(), dtype=float)[:2, :2] @ shift.T
    return result, shift @ params[:2], covariance, (float(params[2]) if family != "poisson" else None)


def log_linear_trend(counts: Sequence[Count], *, confidence_level: float = 0.95,
                     overdispersion_level: float = 0.05) -> Trend:
    """Growth per year of a series of counts, from a log-linear model of the monthly rate.

    Each period's expected count is the monthly rate summed over its months, so periods of
    different lengths can be mixed (see ``_fit`` for how exact that is). A Poisson GLM is fitted
    first. With three or more periods its Pearson χ² is tested against
    its residual degrees of freedom; if the test rejects at ``overdispersion_level``, a negative
    binomial (NB2) model with estimated dispersion is used instead. With two periods the model
    fits exactly and overdispersion cannot be checked, which ``reason`` says.

    Examples
    --------
    >>> series = [Count(1000, "2015-01-01", 12, "2015"), Count(2000, "2016-01-01", 12, "2016"),
    ...           Count(4000, "2017-01-01", 12, "2017")]
    >>> round(log_linear_trend(series).annual_growth, 6)
    1.0
    """
    from scipy.stats import chi2, norm

    confidence_level = check_confidence_level(confidence_level)
    counts = sorted(counts, key=lambda c: c.first_month)
    if len(counts) < 2:
        raise ValueError(f"a trend needs at least two periods, but {len(counts)} was passed")
    for earlier, later in zip(counts, counts[1:]):
        if later.first_month < earlier.first_month + earlier.months:
            raise ValueError(f"periods {earlier.label} and {later.label} overlap; a trend needs separate periods")
    origin = counts[0].first_month
    df = len(counts) - 2
    if all(c.count == 0 for c in counts):
        raise ValueError("every period has a count of zero, so there is no rate to trend")
    with warnings.catch_warnings():
        from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

        # statsmodels warns of "perfect prediction" whenever the fitted counts equal the observed
        # ones: a series exactly log-linear, or any two periods. With some count above zero the
        # Poisson log-linear parameters are still identified, so the warning does not apply.
        warnings.filterwarnings("ignore", category=PerfectSeparationWarning)
        if df == 0:
            # Two periods, two parameters: statsmodels divides by the zero residual degrees of
            # freedom. The dispersion is reported as not estimable instead.
            warnings.filterwarnings("ignore", category=RuntimeWarning, message="divide by zero")
            warnings.filterwarnings("ignore", category=RuntimeWarning, message="invalid value")
        poisson, params, cov, alpha = _fit(counts, origin, "poisson")
    dispersion = p_value = None
    model = "Poisson GLM"
    if df == 0:
        reason = ("two periods: the model fits them exactly, so overdispersion cannot be checked and the "
                  "interval reflects Poisson count noise only")
    else:
        dispersion = float(poisson.pearson_chi2 / df)
        p_value = float(chi2.sf(poisson.pearson_chi2, df))
        if p_value < overdispersion_level:
            # Start from the Poisson fit, with α from Var = μ + α μ² matched to the Pearson dispersion.
            start = np.r_[poisson.params, max((dispersion - 1) / float(np.mean(poisson.fittedvalues)), 1e-6)]
            _, params, cov, alpha = _fit(counts, origin, "negbin", start=start)
            model = "negative binomial (NB2) GLM"
            reason = (f"the Poisson fit was overdispersed (Pearson χ²/df = {dispersion:,.1f}, "
                      f"p = {p_value:.2g}), so the dispersion was estimated (α = {alpha:.3g})")
        else:
            reason = f"no overdispersion detected (Pearson χ²/df = {dispersion:.2f}, p = {p_value:.2g})"
    z = norm.ppf(0.5 + confidence_level / 2)
    slope, se = float(params[1]), math.sqrt(float(cov[1, 1]))
    return Trend(math.expm1(slope), math.expm1(slope - z * se), math.expm1(slope + z * se), model, reason,
                 dispersion, p_value, alpha, len(counts), _month_start(origin), float(params[0]), slope,
                 ((float(cov[0, 0]), float(cov[0, 1])), (float(cov[1, 0]), float(cov[1, 1]))),
                 confidence_level, tuple(i for c in counts for i in c.inputs))


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
    delta-method interval on the log scale. A window outside the data is flagged as extrapolated.

    Examples
    --------
    >>> one_year = [Count(42540, "2016-01-01", 12, "2016")]
    >>> round(window_average(one_year, "2016-01-01", "2016-12-31").estimate)
    3545
    """
    from scipy.stats import norm

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
    z = norm.ppf(0.5 + confidence_level / 2)
    method = f"log-linear trend over {counts[0].label} to {counts[-1].label} ({trend.model}; {trend.reason})"
    return ModelEstimate(math.exp(log_mean), math.exp(log_mean - z * se), math.exp(log_mean + z * se), window,
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
