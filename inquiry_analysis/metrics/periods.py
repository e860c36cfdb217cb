"""Periods of whole calendar months, and counts of events over them.

A :class:`Count` is events over whole calendar months; :func:`counts_from_figures` builds them
from the bundled tables (a published monthly average becomes a count only by multiplying it out,
and such counts say so in ``derived``). Month arithmetic used by the other metric modules lives
here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from inquiry_analysis.metrics._common import check_count, fmt_count, poisson_interval

__all__ = ["Count", "counts_from_figures", "rates_table", "select", "yearly_counts_table"]


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def as_date(value) -> dt.date:
    return pd.Timestamp(value).date()


class MonthSpan:
    """Whole calendar months from ``start`` (the first of a month), ``months`` long."""

    start: dt.date
    months: int

    @property
    def first_month(self) -> int:
        return month_index(self.start)

    @property
    def end(self) -> dt.date:
        """Last day of the span."""
        return month_start(self.first_month + self.months) - dt.timedelta(days=1)


@dataclass(frozen=True, kw_only=True)
class Count(MonthSpan):
    """Events counted over ``months`` whole calendar months from ``start`` (the first of a month).

    ``derived`` says how the count was computed when it is not itself a published figure;
    ``published_as`` is ``count`` or ``per_month``, the form the source gave, so that the other
    form is known to be derived. ``low`` and ``high`` are the least and most the true total may be,
    given the wording of the published figure as the claims rule reads it (``"over 500 a month"``:
    above 500, up to 550, one-sided; an end the wording leaves open is given as its infimum or
    supremum, 500, which is what the interval arithmetic needs); ``rounding`` is shorthand for a
    symmetric range, ``count`` ± ``rounding`` (a whole-number monthly average over 12 months: 6),
    used when ``low`` and ``high`` are not given.

    Attributes
    ----------
    count : int
        The number of events over the whole period.
    start : datetime.date
        The first day of the period, the first of a month (a string or Timestamp is converted).
    months : int
        How many whole calendar months the period spans, at least 1.
    label : str
        The period as the source names it ("2016", "2016-17", "Sep 2018").
    inputs : tuple of str
        The ids of the published figures the count comes from.
    derived : str or None
        How the count was computed, when it is not itself a published figure; None if it is one.
    published_as : {"count", "per_month"}
        The form the source gave the figure in.
    rounding : float
        Half-width of the range the true total may lie in, used when ``low`` and ``high`` are not given.
    low, high : float
        The least and most the true total may be, given the published figure's wording; after
        construction always set (``count`` ∓ ``rounding`` when not given).

    Examples
    --------
    >>> c = Count(count=42540, start="2016-01-01", months=12, label="2016", rounding=6)
    >>> c.rate, c.end, (c.low, c.high)
    (3545.0, datetime.date(2016, 12, 31), (42534.0, 42546.0))
    """

    count: int
    start: dt.date
    months: int
    label: str
    inputs: tuple[str, ...] = ()
    derived: str | None = None
    published_as: str = "count"
    rounding: float = 0.0
    low: float | None = None
    high: float | None = None

    def __post_init__(self):
        object.__setattr__(self, "count", check_count("count", self.count))
        start = as_date(self.start)
        if start.day != 1:
            raise ValueError(f"`start` must be the first day of a month, but {start} was passed")
        object.__setattr__(self, "start", start)
        if isinstance(self.months, bool) or not isinstance(self.months, int) or self.months < 1:
            raise ValueError(f"`months` must be a whole number of months, at least 1, but {self.months!r} was passed")
        if self.published_as not in ("count", "per_month"):
            raise ValueError(f"`published_as` must be 'count' or 'per_month', but {self.published_as!r} was passed")
        low = self.count - self.rounding if self.low is None else float(self.low)
        high = self.count + self.rounding if self.high is None else float(self.high)
        if not low <= self.count <= high:
            raise ValueError(f"`low` to `high` ({low:g} to {high:g}) must contain the count {self.count}")
        object.__setattr__(self, "low", float(low))
        object.__setattr__(self, "high", float(high))

    @property
    def rate(self) -> float:
        """Average per month."""
        return self.count / self.months

    @property
    def midpoint(self) -> dt.date:
        """The middle of the period, for plotting."""
        return self.start + (self.end - self.start) / 2

    def rate_interval(self, *, confidence_level: float = 0.95) -> tuple[float, float]:
        """The exact Poisson interval for :attr:`rate`, the average per month.

        Parameters
        ----------
        confidence_level : float
            Of the interval (default 0.95).

        Returns
        -------
        tuple of float
            Lower and upper limits, per month.
        """
        return poisson_interval(self.count, self.months, confidence_level=confidence_level)


def counts_from_figures(figures: pd.DataFrame) -> list[Count]:
    """Counts from rows of a bundled figure table (as returned by ``load_*``), in period order.

    Rows in ``count`` are taken as they are; rows in ``per_month`` are multiplied out over their
    period and marked as derived. Each count's ``low`` and ``high`` are the range its wording
    stands for, read by the claims rule (:func:`inquiry_analysis.metrics.tolerance.read_published`), the
    same reading the figure gets everywhere else. Each period must run over whole calendar months.

    Parameters
    ----------
    figures : pandas.DataFrame
        Rows of a bundled figure table, indexed by figure id.

    Returns
    -------
    list of Count
        One count per row, in period order.
    """
    from inquiry_analysis.metrics.tolerance import (
        read_published,  # here, not at the top: tolerance itself imports the metrics package
    )

    counts = []
    for figure_id, row in figures.sort_values("period_start").iterrows():
        start, end = as_date(row["period_start"]), as_date(row["period_end"])
        value = row["value"]
        qualifier = "" if pd.isna(row["qualifier"]) else str(row["qualifier"])
        reading = read_published(float(value), qualifier=qualifier, unit=str(row["unit"]), status=str(row["status"]))
        if row["period_kind"] == "statement_date" and row["unit"] == "per_month":
            # "About 400 arrests a month" said on a date: taken as the rate in that month, and said so.
            month = start.replace(day=1)
            counts.append(
                Count(
                    count=int(value),
                    start=month,
                    months=1,
                    label=f"{month:%b %Y}",
                    inputs=(str(figure_id),),
                    derived=f"{reading.said.strip(chr(39))} as stated on {start:%d %b %Y} "
                    f"(read as {reading.span} by the claims rule), "
                    "taken as the rate for that month",
                    published_as="per_month",
                    low=reading.low,
                    high=reading.high,
                )
            )
            continue
        months = month_index(end) - month_index(start) + 1
        if start.day != 1 or (end + dt.timedelta(days=1)).day != 1:
            raise ValueError(f"figure {figure_id} covers {start} to {end}, which is not whole calendar months")
        if row["unit"] == "count":
            counts.append(
                Count(
                    count=int(value),
                    start=start,
                    months=months,
                    label=str(row["period"]),
                    inputs=(str(figure_id),),
                    # A one-sided hedge excludes its figure ("nearly 10,000": 9,000 to 9,999), which stays the
                    # count: the range then reaches to it, its supremum, a whole number wider at most.
                    low=min(reading.low, float(value)),
                    high=max(reading.high, float(value)),
                )
            )
        elif row["unit"] == "per_month":
            counts.append(
                Count(
                    count=int(value) * months,
                    start=start,
                    months=months,
                    label=str(row["period"]),
                    inputs=(str(figure_id),),
                    derived=f"{fmt_count(value)} per month × {months} months",
                    published_as="per_month",
                    low=reading.low * months,
                    high=reading.high * months,
                )
            )
        else:
            raise ValueError(f"figure {figure_id} is in {row['unit']}, not a count or a monthly average")
    return counts


def select(counts: Sequence[Count], labels) -> list[Count]:
    """The counts whose period label is among ``labels``, in the order of ``counts``.

    Parameters
    ----------
    counts : sequence of Count
        The counts to choose from.
    labels : iterable of str
        The period labels wanted.

    Returns
    -------
    list of Count
        The counts whose label is in ``labels``.

    Examples
    --------
    >>> [c.label for c in select([Count(count=1, start="2012-01-01", months=12, label="2012"),
    ...                           Count(count=2, start="2013-01-01", months=12, label="2013")], ["2013"])]
    ['2013']
    """
    wanted = set(labels)
    return [c for c in counts if c.label in wanted]


def rates_table(series: dict[str, Sequence[Count]], *, confidence_level: float = 0.95) -> pd.DataFrame:
    """The monthly rates :func:`inquiry_analysis.charts.plot_rates` draws, one row per period of each named series.

    Parameters
    ----------
    series : dict of str to sequence of Count
        Each named series' counts.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per period: ``series``, ``period``, ``period_start``, ``period_end``, ``per_month``,
        ``lower``, ``upper`` (exact Poisson interval), ``published_as``, ``derived`` and ``figure_ids``.
    """
    rows = []
    for name, counts in series.items():
        for c in counts:
            low, high = c.rate_interval(confidence_level=confidence_level)
            rows.append(
                {
                    "series": name,
                    "period": c.label,
                    "period_start": c.start.isoformat(),
                    "period_end": c.end.isoformat(),
                    "per_month": c.rate,
                    "lower": low,
                    "upper": high,
                    "published_as": c.published_as,
                    "derived": None if c.published_as == "per_month" else f"{c.count:,} ÷ {c.months} months",
                    "figure_ids": ", ".join(c.inputs),
                }
            )
    table = pd.DataFrame(rows)
    table.attrs["decimals"] = {"per_month": 1, "lower": 1, "upper": 1}  # a tenth of an event a month
    return table


def yearly_counts_table(series: dict[str, Sequence[Count]]) -> pd.DataFrame:
    """The counts :func:`inquiry_analysis.charts.plot_yearly_counts` draws, one row per period of each named series.

    Parameters
    ----------
    series : dict of str to sequence of Count
        Each named series' counts.

    Returns
    -------
    pandas.DataFrame
        One row per period: ``series``, ``period``, ``period_start``, ``period_end``, ``count``,
        ``published_as``, ``derived`` and ``figure_ids``.
    """
    return pd.DataFrame(
        [
            {
                "series": name,
                "period": c.label,
                "period_start": c.start.isoformat(),
                "period_end": c.end.isoformat(),
                "count": c.count,
                "published_as": c.published_as,
                "derived": c.derived,
                "figure_ids": ", ".join(c.inputs),
            }
            for name, counts in series.items()
            for c in counts
        ]
    )
