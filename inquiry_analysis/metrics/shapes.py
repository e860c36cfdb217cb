"""A window's average per month under each monthly shape that fits two published totals exactly.

Two published totals for periods that follow on (two annual averages, say) fix how many events
fell in each period and nothing about how the months ran within it. A log-linear curve through
them fits both totals exactly, and so do other shapes: a flat rate within each period (a step at
the boundary) and a monthly rate that is a straight line in time. An average for a window inside
the periods therefore rests on the shape assumed, not on the data; what the data themselves
allow is a range, which :func:`~inquiry_analysis.metrics.alignment.align_to_window` gives under
the one assumption that the series never fell. :func:`window_under_shapes` reports both.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from inquiry_analysis.errors import InquiryAnalysisWarning
from inquiry_analysis.metrics._common import check_confidence_level, fmt_count, fmt_level
from inquiry_analysis.metrics.alignment import align_to_window
from inquiry_analysis.metrics.periods import Count, MonthSpan, as_date, month_index, month_start
from inquiry_analysis.metrics.trend import log_linear_trend, window_average

__all__ = ["WindowShapes", "window_under_shapes"]


@dataclass(frozen=True, kw_only=True)
class WindowShapes(MonthSpan):
    """A window's average per month under shapes that each match both published totals exactly.

    Every value here is derived from the totals and a shape assumed within them; none is data.

    Attributes
    ----------
    lower, upper : float
        The least and most average per month over the window if the monthly series never fell,
        each period's total within the rounding of its published figure (the bounds of
        :func:`~inquiry_analysis.metrics.alignment.align_to_window` divided by ``months``); nan,
        with a warning, when the totals fall, so that no never-falling series fits them.
    flat : float
        The window's average if each period's monthly rate was constant within it (a step at
        the boundary between periods).
    linear : float
        The window's average if the monthly rate was a straight line in time, through both
        periods' averages (each placed at its period's middle month); nan, with a warning, if
        that line falls below zero within the periods.
    log_linear : float
        The window's average under the log-linear trend through both totals
        (:func:`~inquiry_analysis.metrics.trend.window_average`).
    log_linear_lower, log_linear_upper : float
        Its interval, conditional on the log-linear shape and reflecting Poisson count noise
        only: with two periods the curve fits them exactly, so nothing in the data tests it.
    confidence_level : float
        Level of that interval.
    start : datetime.date
        First day of the window.
    months : int
        Its length in months.
    label : str
        Its name, e.g. "Jun 2016 to Aug 2016".
    span_start : datetime.date
        First day of the first period: month 0 of the paths below.
    flat_path, linear_path, log_linear_path : tuple of float
        Each shape's monthly counts, month by month from ``span_start`` to the end of the second
        period; summed over each period, each gives that period's total.
    lower_assumption, upper_assumption : str
        The monthly paths that reach ``lower`` and ``upper``.
    inputs : tuple of str
        Figure ids of the two counts.
    derived : str
        Says that every value is derived, for every display of it.

    Examples
    --------
    >>> years = [Count(count=27228, start="2015-01-01", months=12, label="2015", rounding=6),
    ...          Count(count=42540, start="2016-01-01", months=12, label="2016", rounding=6)]
    >>> print(window_under_shapes(years, "2016-06-01", "2016-08-31"))  # doctest: +NORMALIZE_WHITESPACE
    Jun 2016 to Aug 2016: 2,268 to 4,458 a month if the series never fell; shapes matching both totals
    give 3,545 (flat within each period), 3,598 (straight line), 3,584 (log-linear; 95% interval 3,549
    to 3,618 conditional on a log-linear shape, count noise only)
    """

    lower: float
    upper: float
    flat: float
    linear: float
    log_linear: float
    log_linear_lower: float
    log_linear_upper: float
    confidence_level: float
    start: dt.date
    months: int
    label: str
    span_start: dt.date
    flat_path: tuple[float, ...]
    linear_path: tuple[float, ...]
    log_linear_path: tuple[float, ...]
    lower_assumption: str
    upper_assumption: str
    inputs: tuple[str, ...]
    derived: str = "derived from two totals and a shape assumed within them; the shape is not in the data"

    def __str__(self) -> str:
        level = fmt_level(self.confidence_level).replace(" CI", "")
        return (
            f"{self.label}: {fmt_count(self.lower)} to {fmt_count(self.upper)} a month if the series never fell; "
            f"shapes matching both totals give {fmt_count(self.flat)} (flat within each period), "
            f"{fmt_count(self.linear)} (straight line), {fmt_count(self.log_linear)} (log-linear; {level} interval "
            f"{fmt_count(self.log_linear_lower)} to {fmt_count(self.log_linear_upper)} conditional on a log-linear "
            "shape, count noise only)"
        )


def window_under_shapes(
    counts: Sequence[Count], start, end, *, confidence_level: float = 0.95, label: str | None = None
) -> WindowShapes:
    """The average per month over the months from ``start`` to ``end`` under each shape that fits ``counts``.

    ``counts`` are two periods that follow on without a gap. Three shapes match both totals
    exactly: flat within each period; a straight line in time, ``r1 + (r2 - r1)(m - c1) / (c2 - c1)``
    in month ``m``, where ``r1``, ``r2`` are the periods' averages per month and ``c1``, ``c2``
    their middle months (a line's average over a period is its value at the period's middle
    month); and the log-linear trend of :func:`~inquiry_analysis.metrics.trend.log_linear_trend`,
    which with two periods fits both totals exactly. Beside them, the range the totals allow if
    the series never fell (:func:`~inquiry_analysis.metrics.alignment.align_to_window`), which is
    what the data support without a shape.

    Parameters
    ----------
    counts : sequence of Count
        Exactly two periods that follow on.
    start, end : date or str
        First and last day (any day of the month) of the window; it must lie within the periods.
    confidence_level : float, default 0.95
        For the log-linear shape's interval.
    label : str, optional
        Name of the window; default "Jun 2016 to Aug 2016" style.

    Returns
    -------
    WindowShapes

    Raises
    ------
    ValueError
        If ``counts`` does not hold two periods that follow on, or the window is not inside them.

    Examples
    --------
    >>> years = [Count(count=27228, start="2015-01-01", months=12, label="2015", rounding=6),
    ...          Count(count=42540, start="2016-01-01", months=12, label="2016", rounding=6)]
    >>> shapes = window_under_shapes(years, "2016-06-01", "2016-08-31")
    >>> round(shapes.flat), round(shapes.linear, 1), round(shapes.log_linear)
    (3545, 3598.2, 3584)
    """
    confidence_level = check_confidence_level(confidence_level)
    counts = sorted(counts, key=lambda c: c.first_month)
    if len(counts) != 2:
        raise ValueError(
            f"`counts` must hold exactly two periods, but {len(counts)} were passed: with more, a "
            "straight line or a log-linear curve no longer matches every total, so the shapes would not "
            "fit the data equally well"
        )
    first, second = counts
    if second.first_month != first.first_month + first.months:
        raise ValueError(f"periods {first.label} and {second.label} must follow on without a gap or overlap")
    span_first, span_last = first.first_month, second.first_month + second.months - 1
    w_first, w_last = month_index(as_date(start)), month_index(as_date(end))
    if w_last < w_first:
        raise ValueError(f"`end` ({end}) must not come before `start` ({start})")
    if w_first < span_first or w_last > span_last:
        raise ValueError(
            f"the window {month_start(w_first):%b %Y} to {month_start(w_last):%b %Y} is not inside the "
            f"periods given ({first.label} to {second.label}); outside them no shape is pinned by a total"
        )
    months = w_last - w_first + 1
    label = label or f"{month_start(w_first):%b %Y} to {month_start(w_last):%b %Y}"
    window = slice(w_first - span_first, w_last - span_first + 1)
    m = np.arange(span_last - span_first + 1, dtype=float)

    flat_path = np.where(m < first.months, first.rate, second.rate)

    middle1, middle2 = (first.months - 1) / 2, first.months + (second.months - 1) / 2
    linear_path = first.rate + (second.rate - first.rate) * (m - middle1) / (middle2 - middle1)
    linear = float(linear_path[window].mean())
    if linear_path.min() < 0:
        warnings.warn(
            f"a straight line through the averages of {first.label} ({fmt_count(first.rate)} a month) and "
            f"{second.label} ({fmt_count(second.rate)} a month) falls below zero within them, so it is not a "
            "possible monthly series; `linear` is nan. The flat and log-linear shapes still apply.",
            InquiryAnalysisWarning,
            stacklevel=2,
        )
        linear = float("nan")

    trend = log_linear_trend(counts, confidence_level=confidence_level)
    log_linear_path = np.exp(trend.intercept + trend.slope_per_year * m / 12)
    model = window_average(counts, month_start(w_first), month_start(w_last), confidence_level=confidence_level)

    try:
        aligned = align_to_window(counts, month_start(w_first), month_start(w_last))
    except ValueError as error:
        if "never falls" not in str(error):
            raise
        warnings.warn(
            f"the totals fall from {first.label} to {second.label}, so no monthly series that never falls "
            "fits them; `lower` and `upper` are nan. The shapes still apply.",
            InquiryAnalysisWarning,
            stacklevel=2,
        )
        lower = upper = float("nan")
        lower_assumption = upper_assumption = "no never-falling series fits the totals"
    else:
        lower, upper = aligned.lower / months, aligned.upper / months
        lower_assumption, upper_assumption = aligned.lower_assumption, aligned.upper_assumption

    return WindowShapes(
        lower=float(lower),
        upper=float(upper),
        flat=float(flat_path[window].mean()),
        linear=linear,
        log_linear=float(model.estimate),
        log_linear_lower=float(model.lower),
        log_linear_upper=float(model.upper),
        confidence_level=confidence_level,
        start=month_start(w_first),
        months=months,
        label=label,
        span_start=month_start(span_first),
        flat_path=tuple(float(x) for x in flat_path),
        linear_path=tuple(float(x) for x in linear_path),
        log_linear_path=tuple(float(x) for x in log_linear_path),
        lower_assumption=lower_assumption,
        upper_assumption=upper_assumption,
        inputs=tuple(i for c in counts for i in c.inputs),
    )
