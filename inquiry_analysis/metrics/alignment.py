"""A count for a window no source publishes (e.g. a financial year), from counts of other periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from inquiry_analysis.metrics._common import fmt_count
from inquiry_analysis.metrics.periods import Count, MonthSpan, as_date, month_index, month_start
from inquiry_analysis.metrics.trend import window_average

__all__ = ["AlignedCount", "align_to_window"]


@dataclass(frozen=True, kw_only=True)
class AlignedCount(MonthSpan):
    """A count for a window no source publishes, derived from counts of other periods.

    Attributes
    ----------
    estimate : float
        The log-linear trend of the periods' counts, summed over the window's months.
    lower, upper : float
        The least and most the window can hold if the monthly series never fell across the
        periods given, each period's total within the rounding of its published figure.
    start : datetime.date
        First day of the window.
    months : int
        Its length in months.
    label : str
        Its name, e.g. "2016-17".
    method : str
        How ``estimate`` was computed.
    lower_assumption, upper_assumption : str
        The monthly path that reaches each bound.
    inputs : tuple of str
        Figure ids of the counts it was derived from.
    derived : str
        Says that it is derived, for every display of it.
    """

    estimate: float
    lower: float
    upper: float
    start: dt.date
    months: int
    label: str
    method: str
    lower_assumption: str
    upper_assumption: str
    inputs: tuple[str, ...]
    derived: str = "derived from counts of other periods"

    def __str__(self) -> str:
        return (
            f"{fmt_count(self.estimate)} in {self.label} (derived; range {fmt_count(self.lower)} to "
            f"{fmt_count(self.upper)} if the monthly series never fell)"
        )


def _describe_path(path: np.ndarray, first: int) -> str:
    """'2,269 a month Jan 2015 to Mar 2016; 3,970 a month Apr 2016 to Dec 2016; ...'"""
    pieces, start = [], 0
    for i in range(1, len(path) + 1):
        if i == len(path) or abs(path[i] - path[start]) > 0.5:
            first_label = f"{month_start(first + start):%b %Y}"
            last_label = f"{month_start(first + i - 1):%b %Y}"
            span = first_label if i - 1 == start else f"{first_label} to {last_label}"
            pieces.append(f"{fmt_count(path[start])} a month {span}")
            start = i
    return "; ".join(pieces)


def align_to_window(counts: Sequence[Count], start, end, *, label: str | None = None) -> AlignedCount:
    """The count for the months from ``start`` to ``end`` (e.g. a financial year) from calendar-period counts.

    The estimate sums the log-linear trend of ``counts`` over the window. The bounds are
    exact under one stated assumption: the monthly series never fell across the span of
    ``counts``, each period's total staying within the rounding of its published figure
    (``Count.low`` to ``Count.high``). They are found by linear programming over the monthly values, and the
    monthly paths that reach them are described.

    Parameters
    ----------
    counts : sequence of Count
        Consecutive calendar-period counts whose span covers the window.
    start, end : date or str
        The first and the last day of the window (whole months).
    label : str, optional
        The window's label; by default built from its months.

    Returns
    -------
    AlignedCount
        The estimate for the window with its exact bounds and the monthly paths that reach them.

    Examples
    --------
    >>> years = [Count(count=27228, start="2015-01-01", months=12, label="2015"),
    ...          Count(count=42540, start="2016-01-01", months=12, label="2016"),
    ...          Count(count=82109, start="2017-01-01", months=12, label="2017")]
    >>> fy = align_to_window(years, "2016-04-01", "2017-03-31")
    >>> round(fy.lower), round(fy.upper)
    (42540, 56260)
    >>> years[1] = Count(count=42540, start="2016-01-01", months=12, label="2016", rounding=6)  # 3,545 a month, rounded
    >>> round(align_to_window(years, "2016-04-01", "2017-03-31").lower)
    42534
    """
    from scipy.optimize import linprog

    counts = sorted(counts, key=lambda c: c.first_month)
    first = counts[0].first_month
    last = counts[-1].first_month + counts[-1].months - 1
    w_first, w_last = month_index(as_date(start)), month_index(as_date(end))
    if w_first < first or w_last > last:
        raise ValueError(
            f"the window {month_start(w_first):%b %Y} to {month_start(w_last):%b %Y} is not inside "
            f"the periods given ({counts[0].label} to {counts[-1].label}); it would be an extrapolation"
        )
    for earlier, later in zip(counts, counts[1:]):
        if later.first_month != earlier.first_month + earlier.months:
            raise ValueError(f"periods {earlier.label} and {later.label} must follow on without a gap or overlap")
    n = last - first + 1
    sums = np.zeros((len(counts), n))
    for row, c in enumerate(counts):
        sums[row, c.first_month - first : c.first_month - first + c.months] = 1
    # Each period's total lies within the range its published figure's wording allows. An end the wording leaves
    # open ("over 500 a month": above 500) enters as its infimum or supremum, so the bounds found are the infimum
    # and supremum of the window's count, the same as over the closed range.
    highest = np.array([c.high for c in counts], dtype=float)
    lowest = np.array([c.low for c in counts], dtype=float)
    rising = np.zeros((n - 1, n))  # x[m] - x[m + 1] <= 0: the series never falls
    rising[np.arange(n - 1), np.arange(n - 1)] = 1
    rising[np.arange(n - 1), np.arange(1, n)] = -1
    constraints = np.vstack([rising, sums, -sums])
    limits = np.concatenate([np.zeros(n - 1), highest, -lowest])
    objective = np.zeros(n)
    objective[w_first - first : w_last - first + 1] = 1
    paths = []
    for sign in (1, -1):
        result = linprog(sign * objective, A_ub=constraints, b_ub=limits, bounds=(0, None), method="highs")
        if result.status != 0:
            raise ValueError(
                "the totals fall between periods, so no monthly series that never falls fits them; "
                "the bounds of this method do not apply"
            )
        paths.append(result.x)
    low_path, high_path = paths
    months = w_last - w_first + 1
    label = label or f"{month_start(w_first):%b %Y} to {month_start(w_last):%b %Y}"
    central = window_average(counts, month_start(w_first), month_start(w_last))
    return AlignedCount(
        estimate=central.estimate * months,
        lower=float(objective @ low_path),
        upper=float(objective @ high_path),
        start=month_start(w_first),
        months=months,
        label=label,
        method=f"{central.method}, summed over {months} months",
        lower_assumption=f"lowest if the monthly counts ran {_describe_path(low_path, first)}",
        upper_assumption=f"highest if they ran {_describe_path(high_path, first)}",
        inputs=tuple(i for c in counts for i in c.inputs),
    )
