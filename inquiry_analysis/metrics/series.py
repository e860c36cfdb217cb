"""A user's own monthly series: rolling averages and change on the same month a year before."""

from __future__ import annotations

import pandas as pd

from ._common import check_confidence_level, poisson_interval, rate_ratio_interval

__all__ = ["rolling_average", "year_on_year"]


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
    # Window sums in Python integers, which cannot overflow (int64 sums of huge counts wrap round).
    counts = [int(value) for value in series]
    sums, total = [], sum(counts[:window - 1])
    for first, last in zip(counts, counts[window - 1:]):
        total += last
        sums.append(total)
        total -= first
    bounds = [poisson_interval(total, window, confidence_level=confidence_level) for total in sums]
    months = series.index[window - 1:]
    return pd.DataFrame({
        "month": months,
        "window": [f"{(m - window + 1)} to {m}" for m in months],
        "average": [total / window for total in sums],
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
    counts = [int(value) for value in series]
    for month, now, before in zip(series.index[12:], counts[12:], counts):
        if before == 0:
            continue
        low, high = rate_ratio_interval(now, 1, before, 1, confidence_level=confidence_level)
        rows.append({"month": month, "count": now, "count_year_before": before,
                     "percent_change": 100 * (now / before - 1), "lower": 100 * (low - 1), "upper": 100 * (high - 1),
                     "derived": f"{column} on the same month a year before"})
    return pd.DataFrame(rows, columns=["month", "count", "count_year_before", "percent_change", "lower", "upper",
                                       "derived"])
