"""A user's own monthly series: rolling averages, change on a year before, and a trend where one fits.

Every function takes the frames :func:`inquiry_analysis.read_monthly_referrals` and
:func:`inquiry_analysis.read_monthly_arrests` return: a ``month`` column of monthly periods and a
count column, one row for every month from the first to the last.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from inquiry_analysis.metrics._common import check_confidence_level, fmt_level, poisson_interval, rate_ratio_interval
from inquiry_analysis.metrics.periods import Count
from inquiry_analysis.metrics.trend import Trend, log_linear_trend

__all__ = ["MonthlyTrend", "monthly_counts", "monthly_counts_table", "monthly_trend", "rolling_average", "year_on_year"]

#: Decimal places a reader uses: events a month to a tenth, percentages to a tenth.
_PER_MONTH_DECIMALS = {"average": 1, "lower": 1, "upper": 1}
_PERCENT_DECIMALS = {"percent_change": 1, "lower": 1, "upper": 1}


def monthly_counts(monthly: pd.DataFrame, column: str, name: str = "monthly") -> pd.Series:
    """The counts indexed by month, checked: every month once, whole numbers, none missing or negative.

    Parameters
    ----------
    monthly : pandas.DataFrame
        A ``month`` column and the count column, as ``read_monthly_*`` returns.
    column : str
        The count column.
    name : str, default "monthly"
        What to call ``monthly`` in an error message.

    Returns
    -------
    pandas.Series
        The counts as int64, indexed by monthly Period, in order.
    """
    if not isinstance(monthly, pd.DataFrame):
        raise ValueError(
            f"`{name}` must be a DataFrame with the columns 'month' and '{column}', as "
            f"read_monthly_* returns, but {type(monthly).__name__} was passed"
        )
    if "month" not in monthly.columns or column not in monthly.columns:
        raise ValueError(
            f"`{name}` must have the columns 'month' and '{column}', as read_monthly_* returns, "
            f"but a frame with the columns {', '.join(map(str, monthly.columns)) or '(none)'} was passed"
        )
    if monthly.empty:
        raise ValueError(f"`{name}` must have at least one month, but an empty frame was passed")
    try:
        index = pd.PeriodIndex(monthly["month"], freq="M")
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"`{name}['month']` must hold months (pandas monthly periods or 'YYYY-MM'), "
            f"but {monthly['month'].iloc[0]!r} was passed ({error})"
        ) from None
    if index.hasnans:
        raise ValueError(f"`{name}['month']` has missing values; every row needs a month")
    values = list(monthly[column])
    order = sorted(range(len(index)), key=index.__getitem__)
    index, values = index[order], [values[i] for i in order]
    for before, after in zip(index, index[1:]):
        if after == before:
            raise ValueError(
                f"`{name}` must have exactly one row for every month from the first to the last, "
                f"but {after} appears more than once"
            )
        if (after - before).n > 1:
            missing = f"{before + 1}" if (after - before).n == 2 else f"{before + 1} to {after - 1}"
            raise ValueError(
                f"`{name}` must have exactly one row for every month from the first to the last, "
                f"but {missing} is missing"
            )
    counts = []
    for month, value in zip(index, values):
        if value is None or value is pd.NA or (isinstance(value, numbers.Real) and math.isnan(value)):
            raise ValueError(f"`{name}['{column}']` has a missing value in {month}; every month needs a count")
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not float(value).is_integer() or value < 0:
            raise ValueError(
                f"`{name}['{column}']` must hold whole numbers of events, not negative, "
                f"but {value!r} was passed for {month}"
            )
        counts.append(int(value))
    return pd.Series(counts, index=index, dtype="int64")


def rolling_average(
    monthly: pd.DataFrame, *, column: str, window: int = 3, confidence_level: float = 0.95
) -> pd.DataFrame:
    """Rolling ``window``-month average per month, with an exact Poisson interval (derived values).

    ``monthly`` has a ``month`` column and a count column, as :func:`inquiry_analysis.read_monthly_referrals`
    returns. Rows start at the first full window; each row is labelled by the window's last month
    (``month``, as text ``YYYY-MM``, so that the table exports as it is).
    The interval is the exact (Garwood) Poisson interval for the window's total, divided by
    ``window``. ``attrs["decimals"]`` gives the places to export (a tenth of an event a month);
    ``attrs["confidence_level"]`` the level of the interval.

    Parameters
    ----------
    monthly : pandas.DataFrame
        A ``month`` column and a count column.
    column : str
        The count column.
    window : int, default 3
        The months averaged.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per full window: ``month``, ``average``, ``lower``, ``upper`` and ``derived``.

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
    series = monthly_counts(monthly, column)
    if len(series) < window:
        raise ValueError(f"`monthly` has {len(series)} months, fewer than one window of {window}")
    # Window sums in Python integers, which cannot overflow (int64 sums of huge counts wrap round).
    counts = [int(value) for value in series]
    sums, total = [], sum(counts[: window - 1])
    for first, last in zip(counts, counts[window - 1 :]):
        total += last
        sums.append(total)
        total -= first
    bounds = [poisson_interval(total, window, confidence_level=confidence_level) for total in sums]
    months = series.index[window - 1 :]
    table = pd.DataFrame(
        {
            "month": [str(m) for m in months],
            "window": [f"{(m - window + 1)} to {m}" for m in months],
            "average": [total / window for total in sums],
            "lower": [b[0] for b in bounds],
            "upper": [b[1] for b in bounds],
            "derived": f"{window}-month rolling average of {column}",
        }
    ).reset_index(drop=True)
    table.attrs["decimals"] = dict(_PER_MONTH_DECIMALS)
    table.attrs["confidence_level"] = confidence_level
    return table


def year_on_year(monthly: pd.DataFrame, *, column: str, confidence_level: float = 0.95) -> pd.DataFrame:
    """Change on the same month a year before, in percent, with a score interval (derived values).

    Rows start twelve months into the series, ``month`` as text ``YYYY-MM``; a month whose
    year-before count is zero has no defined change and is left out. The interval is the score interval for the
    ratio of two
    Poisson counts (see :func:`~inquiry_analysis.metrics._common.rate_ratio_interval`), as a
    percent change. ``attrs["decimals"]`` gives the places to export (a tenth of a percent);
    ``attrs["confidence_level"]`` the level of the interval.

    Parameters
    ----------
    monthly : pandas.DataFrame
        A ``month`` column and a count column.
    column : str
        The count column.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per month with a year-before count: ``month``, ``count``, ``count_year_before``,
        ``percent_change``, ``lower``, ``upper`` and ``derived``.

    Examples
    --------
    >>> frame = pd.DataFrame({"month": pd.period_range("2015-01", periods=13, freq="M"),
    ...                       "referrals": [100] * 12 + [150]})
    >>> year_on_year(frame, column="referrals")["percent_change"].tolist()
    [50.0]
    """
    confidence_level = check_confidence_level(confidence_level)
    series = monthly_counts(monthly, column)
    rows = []
    counts = [int(value) for value in series]
    for month, now, before in zip(series.index[12:], counts[12:], counts):
        if before == 0:
            continue
        low, high = rate_ratio_interval(now, 1, before, 1, confidence_level=confidence_level)
        rows.append(
            {
                "month": str(month),
                "count": now,
                "count_year_before": before,
                "percent_change": 100 * (now / before - 1),
                "lower": 100 * (low - 1),
                "upper": 100 * (high - 1),
                "derived": f"{column} on the same month a year before",
            }
        )
    table = pd.DataFrame(
        rows, columns=["month", "count", "count_year_before", "percent_change", "lower", "upper", "derived"]
    )
    table.attrs["decimals"] = dict(_PERCENT_DECIMALS)
    table.attrs["confidence_level"] = confidence_level
    return table


# --- Trend ----------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MonthlyTrend:
    """Whether a monthly series supports a steady-rate (log-linear) trend, and the trend if it does.

    Attributes
    ----------
    trend : Trend or None
        The log-linear trend fitted to one count per month (:func:`~.trend.log_linear_trend`),
        whenever it could be estimated (enough months, not all zero, not every event at one end).
        When ``supported`` is False because the steady-rate model does not fit, it is kept for
        inspection only: report ``statement``, not this.
    supported : bool
        Whether the data support reporting the trend (see :func:`monthly_trend` for the rule).
    statement : str
        A plain sentence for a reader: the growth a year with its interval, or why no trend is given.
    headline : str or None
        The growth a year with its interval, without the method, for a chart's title; None when no
        trend is given.
    reason : str
        Which part of the rule decided, with the numbers.
    column : str
        The count column the trend is of.
    months : int
        Number of months in the series.
    first, last : datetime.date
        First day of the first and of the last month.
    curvature_statistic : float or None
        The score statistic for curvature in the log rate, ``U² / (φ V)`` (None when no trend was
        fitted).
    curvature_p : float or None
        Its p-value: χ²(1) when the Poisson fit is not overdispersed, F(1, n - 2) when it is
        (quasi-Poisson, with the Pearson dispersion φ of the straight-line fit).
    curvature_level : float
        The p-value below which the steady-rate model is taken not to fit.
    min_months : int
        The fewest months for which a trend is given.
    confidence_level : float
        Level of the interval.
    """

    trend: Trend | None
    supported: bool
    statement: str
    headline: str | None = None
    reason: str
    column: str
    months: int
    first: dt.date
    last: dt.date
    curvature_statistic: float | None
    curvature_p: float | None
    curvature_level: float
    min_months: int
    confidence_level: float

    def __str__(self) -> str:
        return self.statement


def _curvature_score_test(trend: Trend, counts: list[int]) -> tuple[float, float]:
    """Rao's score test for adding a quadratic in the month to the log-linear fit: (statistic, p).

    At the maximum-likelihood straight-line fit ``μ``, the score for a quadratic term ``q`` is
    ``U = Σ (y - μ) r`` and its variance ``V = Σ μ r²``, where ``r`` is the residual of ``q`` from
    its ``μ``-weighted least-squares regression on (1, month). The statistic ``U² / (φ V)`` is
    referred to χ²(1) (φ = 1) for the Poisson model and to F(1, n - 2) for the quasi-Poisson one.
    Every step is a closed-form sum of the exact fit; nothing is iterated.
    """
    from scipy.stats import chi2, f

    months = np.arange(len(counts), dtype=float)
    y = np.array(counts, dtype=float)
    mu = np.exp(trend.intercept + trend.slope_per_year * months / 12)
    weight = math.fsum(mu)
    centred = months - math.fsum(mu * months) / weight
    square = centred**2
    square = square - math.fsum(mu * square) / weight
    beta = math.fsum(mu * centred * square) / math.fsum(mu * centred**2)
    residual = square - beta * centred
    score = math.fsum((y - mu) * residual)
    variance = math.fsum(mu * residual**2)
    statistic = score * score / (trend.scale * variance)
    if trend.interval_df is None:
        return statistic, float(chi2.sf(statistic, 1))
    return statistic, float(f.sf(statistic, 1, trend.interval_df))


def _noun(column: str) -> str:
    return column.replace("_", " ")


def _fmt_p(p: float) -> str:
    """A p-value for reading: two significant digits, or "p < 0.001".

    >>> _fmt_p(0.0561), _fmt_p(0.9999), _fmt_p(2e-6)
    ('p = 0.056', 'p = 1.0', 'p < 0.001')
    """
    if p < 0.001:
        return "p < 0.001"
    text = f"{p:.2g}"
    return f"p = {'1.0' if text == '1' else text}"


def _pct(value: float) -> str:
    return f"{100 * value:,.1f}%"


def _unfittable(series: pd.Series, *, noun: str, span: str, min_months: int) -> tuple[str, str] | None:
    """Why no trend can be fitted to the monthly ``series`` (statement, reason), or None if one can."""
    counts = [int(v) for v in series]
    if len(counts) < min_months:
        return (
            f"No trend is given: the series has {len(counts)} month{'s' if len(counts) != 1 else ''}, "
            f"fewer than the {min_months} needed to separate a trend from the seasons.",
            f"{len(counts)} months, fewer than min_months={min_months}",
        )
    total = sum(counts)
    if total == 0:
        return (
            f"No trend is given: the counts of {noun} are all zero from {span}, so there is no rate to trend.",
            "every count is zero",
        )
    for end, where in ((0, "first"), (-1, "last")):
        if counts[end] == total:
            month = series.index[end].strftime("%b %Y")
            return (
                f"No trend is given: it cannot be estimated, because every one of the {total:,} {noun} "
                f"from {span} falls in the {where} month ({month}), so the best-fitting rate of change "
                "is infinite.",
                f"every event in the {where} month",
            )
    return None


def _change(trend, level: str) -> str:
    """The growth a year in words: grew or fell where the interval excludes no change, else changed."""
    if trend.lower > 0:
        return f"grew by {_pct(trend.estimate)} a year ({level} {_pct(trend.lower)} to {_pct(trend.upper)})"
    if trend.upper < 0:
        return (
            f"fell by {_pct(-trend.estimate)} a year ({level} a fall of {_pct(-trend.upper)} to {_pct(-trend.lower)})"
        )
    return (
        f"changed by {100 * trend.estimate:+,.1f}% a year ({level} {100 * trend.lower:+,.1f}% to "
        f"{100 * trend.upper:+,.1f}%, which includes no change)"
    )


def monthly_trend(
    monthly: pd.DataFrame,
    *,
    column: str,
    min_months: int = 24,
    confidence_level: float = 0.95,
    curvature_level: float = 0.01,
) -> MonthlyTrend:
    """The growth a year of a monthly series, if the data support a steady-rate trend; else why not.

    A log-linear trend (:func:`~inquiry_analysis.metrics.trend.log_linear_trend`: exact Poisson
    maximum likelihood, quasi-Poisson standard errors and t intervals when the counts are
    overdispersed, as monthly counts with seasons usually are) is fitted to one count per month.
    It is reported only when all of these hold:

    1. **At least ``min_months`` months** (default 24). Monthly referrals and arrests have seasons;
       over less than two full years a seasonal rise at one end of the series cannot be told from
       a trend (a series from a January trough to a following-spring peak "grows" with no trend at
       all). With two or more years every calendar month appears at least twice.
    2. **Estimable.** Not every count zero, and not every event in the first month or every event
       in the last, where the best-fitting slope is infinite.
    3. **A steady rate of change fits.** A single growth figure claims the log rate moves along a
       straight line. The check is Rao's score test for adding a quadratic in the month to the
       log rate (curvature: growth that speeds up, slows down, or turns), computed at the
       straight-line fit. The score test needs only that fit, which is exact, so the statistic is
       a closed-form sum: no second model is fitted, and no optimiser's start value or tolerance
       can move a series from one side of the decision to the other. When the counts are
       overdispersed the statistic is divided by the Pearson dispersion of the straight-line fit
       and referred to F(1, n - 2), matching the trend's t(n - 2) intervals; otherwise to χ²(1).
       The dispersion is estimated under the straight line, which errs towards keeping the trend
       (curvature inflates it); and the level, ``curvature_level`` = 0.01, asks for clear
       evidence, so that a steady series is refused a trend in one run out of a hundred, not one
       in twenty. Below that level the trend is withheld and the statement says why.

    The months are fitted as given: a series that does not run over whole years weights some
    calendar months more than others, which seasons can tilt slightly; the statement gives the
    months fitted.

    Parameters
    ----------
    monthly : pandas.DataFrame
        ``month`` (monthly periods) and the count ``column``, every month once.
    column : str
        The count column, e.g. ``"referrals"``.
    min_months : int
        Fewest months for which a trend is given, at least 3.
    confidence_level : float
        Level of the interval for the growth a year.
    curvature_level : float
        p-value of the curvature test below which a steady rate is taken not to fit.

    Returns
    -------
    MonthlyTrend

    References
    ----------
    Rao, C. R. (1948). Large sample tests of statistical hypotheses concerning several parameters
    with applications to problems of estimation. *Proc. Cambridge Philosophical Society* 44, 50-57.

    McCullagh, P. and Nelder, J. A. (1989). *Generalized Linear Models*, 2nd ed., sections 4.5 and 9.2.

    Examples
    --------
    >>> frame = pd.DataFrame({"month": pd.period_range("2015-01", periods=14, freq="M"),
    ...                       "referrals": range(100, 114)})
    >>> print(monthly_trend(frame, column="referrals"))  # doctest: +NORMALIZE_WHITESPACE
    No trend is given: the series has 14 months, fewer than the 24 needed to separate a trend from
    the seasons.
    >>> frame = pd.DataFrame({"month": pd.period_range("2015-01", periods=36, freq="M"),
    ...                       "referrals": [round(1000 * 1.02 ** m) for m in range(36)]})
    >>> result = monthly_trend(frame, column="referrals")
    >>> result.supported, f"{result.trend.estimate:.1%} a year"
    (True, '26.8% a year')
    """
    confidence_level = check_confidence_level(confidence_level)
    if isinstance(min_months, bool) or not isinstance(min_months, int) or min_months < 3:
        raise ValueError(f"`min_months` must be a whole number of months, at least 3, but {min_months!r} was passed")
    if isinstance(curvature_level, bool) or not (isinstance(curvature_level, numbers.Real) and 0 < curvature_level < 1):
        raise ValueError(f"`curvature_level` must be in (0, 1), but {curvature_level!r} was passed")
    curvature_level = float(curvature_level)
    series = monthly_counts(monthly, column)
    counts = [int(v) for v in series]
    first, last = series.index[0], series.index[-1]
    span = f"{first.strftime('%b %Y')} to {last.strftime('%b %Y')}"
    common = {
        "column": column,
        "months": len(counts),
        "first": first.start_time.date(),
        "last": last.start_time.date(),
        "curvature_level": curvature_level,
        "min_months": min_months,
        "confidence_level": confidence_level,
    }
    noun = _noun(column)

    def withheld(statement, reason, trend=None, statistic=None, p=None):
        return MonthlyTrend(
            trend=trend,
            supported=False,
            statement=statement,
            reason=reason,
            curvature_statistic=statistic,
            curvature_p=p,
            **common,
        )

    refusal = _unfittable(series, noun=noun, span=span, min_months=min_months)
    if refusal is not None:
        return withheld(*refusal)
    trend = log_linear_trend(
        [Count(count=n, start=m.start_time.date(), months=1, label=str(m)) for m, n in zip(series.index, counts)],
        confidence_level=confidence_level,
    )
    statistic, p = _curvature_score_test(trend, counts)
    test = f"score test for curvature in the log rate, {_fmt_p(p)}"
    detail = (
        f"{test}, referred to F(1, {trend.interval_df}) with the Pearson dispersion {trend.scale:,.1f}"
        if trend.interval_df is not None
        else f"{test}, referred to χ²(1)"
    )
    if p < curvature_level:
        return withheld(
            f"No trend is given: a steady rate of change does not fit {noun} from {span} "
            f"({test}, below {curvature_level:g}); the rate of change itself changed, so one "
            "growth figure a year would mislead. The monthly counts, their rolling average and "
            "the change on a year before describe the series instead.",
            f"{len(counts)} months; {detail}, below {curvature_level:g}",
            trend,
            statistic,
            p,
        )
    level = fmt_level(confidence_level)
    headline = f"{noun[:1].upper()}{noun[1:]} {_change(trend, level)} from {span}"
    statement = (
        f"{headline}: a log-linear trend fitted to {len(counts)} monthly counts by a {trend.model}. "
        f"A steady rate of change fits ({test})."
    )
    return MonthlyTrend(
        trend=trend,
        supported=True,
        statement=statement,
        headline=headline,
        reason=f"{len(counts)} months, at least {min_months}; {detail}, not below {curvature_level:g}",
        curvature_statistic=statistic,
        curvature_p=p,
        **common,
    )


def monthly_counts_table(
    monthly: pd.DataFrame, *, column: str, window: int = 3, confidence_level: float = 0.95
) -> pd.DataFrame:
    """Each month's recorded count and its rolling average, as ``charts.series.plot_monthly_counts`` draws them.

    Parameters
    ----------
    monthly : pandas.DataFrame
        ``month`` and the count ``column``, as :func:`inquiry_analysis.read_monthly_referrals` returns.
    column : str
        The count column, e.g. ``"referrals"``.
    window : int
        Months in the rolling average.
    confidence_level : float
        Level of the rolling average's exact Poisson interval.

    Returns
    -------
    pandas.DataFrame
        One row per month: ``series`` (the column's name), ``month`` (``YYYY-MM``),
        ``period_start`` and ``period_end`` (ISO dates), ``count`` and ``count_status``
        (``"recorded"``: the count as the file gives it), ``average``, ``lower`` and ``upper``
        (the rolling average of the ``window`` months to this one and its interval; blank until
        the first full window) and ``average_status`` (``"derived: ..."``, saying from what; blank
        with the average). ``attrs`` holds ``decimals`` (a tenth of an event a month),
        ``window`` and ``confidence_level``.

    Examples
    --------
    >>> frame = pd.DataFrame({"month": pd.period_range("2016-01", periods=4, freq="M"),
    ...                       "referrals": [30, 60, 90, 120]})
    >>> table = monthly_counts_table(frame, column="referrals")
    >>> table["count"].tolist(), table["average"].tolist()
    ([30, 60, 90, 120], [nan, nan, 60.0, 90.0])
    """
    counts = monthly_counts(monthly, column)
    average = rolling_average(monthly, column=column, window=window, confidence_level=confidence_level)
    by_month = dict(zip(average["month"], average.itertuples()))
    level = f"{100 * average.attrs['confidence_level']:g}%"
    rows = []
    for month, count in counts.items():
        row = by_month.get(str(month))
        rows.append(
            {
                "series": column,
                "month": str(month),
                "period_start": month.start_time.date().isoformat(),
                "period_end": month.end_time.date().isoformat(),
                "count": int(count),
                "count_status": "recorded",
                "average": None if row is None else row.average,
                "lower": None if row is None else row.lower,
                "upper": None if row is None else row.upper,
                "average_status": None
                if row is None
                else (f"derived: mean of the {window} months {row.window}; {level} exact Poisson interval"),
            }
        )
    table = pd.DataFrame(rows).astype({"count": "int64", "average": "float64", "lower": "float64", "upper": "float64"})
    table.attrs.update(
        decimals={"average": 1, "lower": 1, "upper": 1},
        window=window,
        confidence_level=average.attrs["confidence_level"],
    )
    return table
