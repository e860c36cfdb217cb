"""Drawing a user's own monthly series: counts, rolling average, change on a year before, arrests per 1,000.

Each ``plot_*`` function draws a table from :mod:`inquiry_analysis.metrics.series` (or
:func:`inquiry_analysis.metrics.series.monthly_counts_table`) onto ``ax`` (a new one if not given) within the house
style and
returns the Axes; it computes no statistics of its own. Counts as recorded are filled markers;
the rolling average, a value derived from them, is a line with its interval shaded; a fitted
trend is dashed. Every value is drawn through :func:`inquiry_analysis.charts._base.drawn` (six
significant digits), so exported files do not move with floating-point noise, and months run
along the x-axis as dates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from inquiry_analysis.charts._base import (
    as_drawn,
    axes_for,
    check_table,
    interval_words,
    month_axis,
    month_middles,
    per_1000_axis,
    thousands,
    top_left_legend,
)
from inquiry_analysis.charts.published import plot_trend
from inquiry_analysis.exhibits.style import PALETTE, house_style
from inquiry_analysis.metrics.series import MonthlyTrend

if TYPE_CHECKING:
    import matplotlib.axes

__all__ = ["plot_arrests_per_1000", "plot_monthly_counts", "plot_ratio_by_lag", "plot_year_on_year"]

RECORDED_COLOUR, AVERAGE_COLOUR, TREND_COLOUR, ASSUMED_COLOUR = PALETTE[0], PALETTE[1], PALETTE[3], PALETTE[3]


def plot_monthly_counts(
    table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None, label: str, trend: MonthlyTrend | None = None
) -> matplotlib.axes.Axes:
    """Counts recorded each month as filled points, their rolling average with its interval, and a trend.

    ``table`` is :func:`inquiry_analysis.metrics.series.monthly_counts_table`'s. The recorded counts are filled
    markers (never
    the hollow style of derived values) labelled ``label``, e.g. "Referrals recorded each month";
    the rolling average is a line over its shaded interval. When ``trend`` is given and
    :attr:`~inquiry_analysis.metrics.series.MonthlyTrend.supported`, its fitted rate is drawn
    dashed with its pointwise interval (:func:`inquiry_analysis.charts.published.plot_trend`); an
    unsupported trend is not drawn (say ``trend.statement`` in the exhibit's notes). The legend
    sits top left over a band kept free of data; the y-axis starts at zero.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.metrics.series.monthly_counts_table`'s output.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's axes if not given.
    label : str
        Legend text for the recorded counts.
    trend : MonthlyTrend, optional
        :func:`inquiry_analysis.metrics.series.monthly_trend`'s result for the same series.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> frame = pd.DataFrame({"month": pd.period_range("2016-01", periods=6, freq="M"),
    ...                       "referrals": [30, 60, 90, 120, 90, 60]})
    >>> from inquiry_analysis.metrics.series import monthly_counts_table
    >>> ax = plot_monthly_counts(monthly_counts_table(frame, column="referrals"),
    ...                          label="Referrals recorded each month")
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('Referrals a month', ['Referrals recorded each month', '3-month average, 95% interval'])
    >>> plt.close(ax.figure)
    """
    from matplotlib.ticker import MaxNLocator

    check_table(
        table, "monthly counts", ("series", "month", "count", "average", "lower", "upper"), "monthly_counts_table"
    )
    ax = axes_for(ax)
    months = [pd.Period(m, freq="M") for m in table["month"]]
    x = month_middles(months)
    merge = {}
    with house_style():
        ax.plot(
            x,
            as_drawn(table["count"]),
            linestyle="none",
            marker="o",
            markersize=5,
            color=RECORDED_COLOUR,
            markerfacecolor=RECORDED_COLOUR,
            markeredgecolor=RECORDED_COLOUR,
            label=label,
            zorder=3,
        )
        full = table["average"].notna().to_numpy()
        if full.any():
            xs = [day for day, keep in zip(x, full) if keep]
            band = ax.fill_between(
                xs,
                as_drawn(table["lower"][full]),
                as_drawn(table["upper"][full]),
                color=AVERAGE_COLOUR,
                alpha=0.25,
                linewidth=0,
            )
            window = table.attrs.get("window")
            name = f"{window}-month average" if window else "Rolling average"
            (line,) = ax.plot(
                xs,
                as_drawn(table["average"][full]),
                color=AVERAGE_COLOUR,
                linewidth=2,
                label=f"{name}, {interval_words(table)}",
                zorder=2,
            )
            merge[id(line)] = (band, line)
        if trend is not None and trend.supported:
            before = set(map(id, ax.collections))
            plot_trend(
                trend.trend,
                start=trend.first,
                end=trend.last,
                ax=ax,
                color=TREND_COLOUR,
                label=f"Trend: {100 * trend.trend.estimate:+,.1f}% a year (log-linear fit), "
                f"{100 * trend.confidence_level:g}% interval",
            )
            trend_band = next(c for c in ax.collections if id(c) not in before)
            merge[id(ax.lines[-1])] = (trend_band, ax.lines[-1])
        series = str(table["series"].iloc[0]).replace("_", " ")
        ax.set_ylabel(f"{series[:1].upper()}{series[1:]} a month")
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 2.5, 5, 10]))  # counts: whole, round ticks
        thousands(ax)
        month_axis(ax, months[0], months[-1])
        top_left_legend(ax, merge)
    return ax


def plot_year_on_year(table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
    """Percent change on the same month a year before, with interval bars and a line at no change.

    ``table`` is :func:`inquiry_analysis.metrics.series.year_on_year`'s. The points are filled:
    each change is computed directly from two recorded counts, not converted or modelled.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.metrics.series.year_on_year`'s output, at least one row.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's axes if not given.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from inquiry_analysis.metrics.series import year_on_year
    >>> frame = pd.DataFrame({"month": pd.period_range("2015-01", periods=14, freq="M"),
    ...                       "referrals": [100] * 12 + [150, 50]})
    >>> ax = plot_year_on_year(year_on_year(frame, column="referrals"))
    >>> points = next(line for line in ax.lines if line.get_marker() == "o")
    >>> list(points.get_ydata()), ax.yaxis.get_major_formatter()(50, 0)
    ([50.0, -50.0], '+50%')
    >>> plt.close(ax.figure)
    """
    check_table(table, "year-on-year", ("month", "percent_change", "lower", "upper"), "year_on_year")
    from matplotlib.ticker import FuncFormatter

    ax = axes_for(ax)
    months = [pd.Period(m, freq="M") for m in table["month"]]
    estimate, lower, upper = (as_drawn(table[c]) for c in ("percent_change", "lower", "upper"))
    with house_style():
        ax.axhline(0, color=PALETTE[4], linewidth=1, zorder=1)
        ax.errorbar(
            month_middles(months),
            estimate,
            yerr=[[e - lo for e, lo in zip(estimate, lower)], [hi - e for e, hi in zip(estimate, upper)]],
            fmt="o",
            color=RECORDED_COLOUR,
            markerfacecolor=RECORDED_COLOUR,
            markersize=5,
            capsize=2,
            elinewidth=1,
            label=f"Change on the same month a year before, {interval_words(table)}",
            zorder=3,
        )
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:+,.0f}%" if value else "0%"))
        ax.set_ylabel("Change on a year before")
        month_axis(ax, months[0], months[-1])
        top_left_legend(ax)
    return ax


def _lag_words(lag: int) -> str:
    return "in the same month" if lag == 0 else f"{lag} month{'s' if lag != 1 else ''} later"


def plot_arrests_per_1000(
    table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None, label: str
) -> matplotlib.axes.Axes:
    """Arrests per 1,000 referrals by referral month or year, with interval bars.

    ``table`` is :func:`inquiry_analysis.metrics.lags.arrests_per_1000`'s, by month (a point at
    each month) or by year (a level line across each year, its interval at mid-year). The lag
    assumed between referral and arrest is stated in the x-axis label.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.metrics.lags.arrests_per_1000`'s output, one lag, at least one row.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's axes if not given.
    label : str
        Legend text, e.g. "Arrests per 1,000 referrals".

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from inquiry_analysis.metrics.lags import arrests_per_1000
    >>> months = pd.period_range("2016-01", periods=4, freq="M")
    >>> referrals = pd.DataFrame({"month": months, "referrals": [1000, 2000, 4000, 500]})
    >>> arrests = pd.DataFrame({"month": months, "arrests": [10, 20, 30, 40]})
    >>> ax = plot_arrests_per_1000(arrests_per_1000(referrals, arrests, lag_months=2),
    ...                            label="Arrests per 1,000 referrals")
    >>> ax.get_xlabel()
    'Month of referral; arrests counted 2 months later'
    >>> plt.close(ax.figure)
    """
    check_table(
        table,
        "arrests per 1,000",
        ("period_start", "period_end", "per_1000", "lower", "upper", "lag_months"),
        "arrests_per_1000",
    )
    lags = sorted(set(table["lag_months"]))
    if len(lags) != 1:
        raise ValueError(f"`table` must hold one lag, but rows with lags {', '.join(map(str, lags))} were passed")
    ax = axes_for(ax)
    starts = [pd.Period(d, freq="M") for d in table["period_start"]]
    ends = [pd.Period(d, freq="M") for d in table["period_end"]]
    yearly = any(end != start for start, end in zip(starts, ends))
    estimate, lower, upper = (as_drawn(table[c]) for c in ("per_1000", "lower", "upper"))
    with house_style():
        if yearly:
            middles = [s.start_time + ((e + 1).start_time - s.start_time) / 2 for s, e in zip(starts, ends)]
            for start, end, value in zip(starts, ends, estimate):
                ax.plot(
                    [start.start_time, (end + 1).start_time],
                    [value, value],
                    color=RECORDED_COLOUR,
                    linewidth=2.5,
                    solid_capstyle="butt",
                )
        else:
            middles = month_middles(starts)
        ax.errorbar(
            middles,
            estimate,
            yerr=[[e - lo for e, lo in zip(estimate, lower)], [hi - e for e, hi in zip(estimate, upper)]],
            fmt="o",
            color=RECORDED_COLOUR,
            markerfacecolor=RECORDED_COLOUR,
            markersize=6 if yearly else 5,
            capsize=3 if yearly else 2,
            elinewidth=1,
            label=f"{label}, {interval_words(table)}",
            zorder=3,
        )
        ax.set_ylabel("Arrests per 1,000 referrals")
        ax.set_xlabel(f"{'Year' if yearly else 'Month'} of referral; arrests counted {_lag_words(lags[0])}")
        ax.set_ylim(bottom=0)
        per_1000_axis(ax)
        month_axis(ax, starts[0], ends[-1])
        top_left_legend(ax)
    return ax


def plot_ratio_by_lag(
    table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None, assumed_lag: int
) -> matplotlib.axes.Axes:
    """Arrests per 1,000 referrals at each lag from referral to arrest, the assumed lag highlighted.

    ``table`` is :func:`inquiry_analysis.metrics.lags.ratio_by_lag`'s. Every lag is a point with
    its interval; the lag assumed elsewhere in the analysis is drawn larger, in another colour,
    and labelled.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.metrics.lags.ratio_by_lag`'s output.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's axes if not given.
    assumed_lag : int
        The lag used elsewhere in the analysis; one of the table's lags.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from inquiry_analysis.metrics.lags import ratio_by_lag
    >>> months = pd.period_range("2016-01", periods=6, freq="M")
    >>> referrals = pd.DataFrame({"month": months, "referrals": [1000] * 6})
    >>> arrests = pd.DataFrame({"month": months, "arrests": [5, 6, 7, 8, 9, 10]})
    >>> ax = plot_ratio_by_lag(ratio_by_lag(referrals, arrests, lags=range(4)), assumed_lag=1)
    >>> ax.get_legend().get_texts()[1].get_text()
    'Assumed lag, 1 month: 8.00 per 1,000'
    >>> plt.close(ax.figure)
    """
    check_table(table, "ratio by lag", ("lag_months", "per_1000", "lower", "upper"), "ratio_by_lag")
    lags = [int(lag) for lag in table["lag_months"]]
    if isinstance(assumed_lag, bool) or assumed_lag not in lags:
        raise ValueError(
            f"`assumed_lag` must be one of the lags in `table` ({', '.join(map(str, lags))}), "
            f"but {assumed_lag!r} was passed"
        )
    ax = axes_for(ax)
    estimate, lower, upper = (as_drawn(table[c]) for c in ("per_1000", "lower", "upper"))
    chosen = lags.index(assumed_lag)
    with house_style():
        others = [i for i in range(len(lags)) if i != chosen]
        if others:
            ax.errorbar(
                [lags[i] for i in others],
                [estimate[i] for i in others],
                yerr=[[estimate[i] - lower[i] for i in others], [upper[i] - estimate[i] for i in others]],
                fmt="o",
                color=RECORDED_COLOUR,
                markerfacecolor=RECORDED_COLOUR,
                markersize=5,
                capsize=2,
                elinewidth=1,
                label=f"Other lags, {interval_words(table)}",
                zorder=3,
            )
        ax.errorbar(
            [assumed_lag],
            [estimate[chosen]],
            yerr=[[estimate[chosen] - lower[chosen]], [upper[chosen] - estimate[chosen]]],
            fmt="D",
            color=ASSUMED_COLOUR,
            markerfacecolor=ASSUMED_COLOUR,
            markersize=8,
            capsize=3,
            elinewidth=1.5,
            label=f"Assumed lag, {assumed_lag} month{'s' if assumed_lag != 1 else ''}: "
            f"{table['per_1000'].iloc[chosen]:,.2f} per 1,000",
            zorder=4,
        )
        ax.annotate(
            "assumed",
            (assumed_lag, upper[chosen]),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
            color=ASSUMED_COLOUR,
            fontweight="bold",
        )
        ax.set_xticks(lags)
        ax.set_xlabel("Months from referral to arrest (lag)")
        ax.set_ylabel("Arrests per 1,000 referrals")
        ax.set_ylim(bottom=0)
        per_1000_axis(ax)
        top_left_legend(ax, extra_points=15)
    return ax
