"""Drawing what a record-level referral log shows: referrals by source, and cohort conversion.

Each ``plot_*`` function draws a table from :class:`inquiry_analysis.io.referral_log.ReferralLog`
(after :func:`inquiry_analysis.disclosure.suppression.hide_small`, whose ``[c]`` cells are left out) onto
``ax`` (a new one if not given) in the house style, and returns the Axes; none computes a
statistic. Estimates are lines or points with their intervals shaded or barred; values are drawn
through :func:`inquiry_analysis.charts._base.drawn`, so exported files do not move with floating-point
noise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from inquiry_analysis.charts._base import (
    as_drawn,
    axes_for,
    check_table,
    month_axis,
    month_middles,
    per_1000_axis,
    thousands,
    top_left_legend,
)
from inquiry_analysis.exhibits.style import PALETTE, drawn_text, house_style

if TYPE_CHECKING:
    import matplotlib.axes

__all__ = [
    "MOST_SOURCES",
    "RATIO_LABELS",
    "plot_arrest_ratios",
    "plot_conversion",
    "plot_dissemination",
    "plot_referrals_by_source",
]


#: The most sources one chart draws, each in its own colour of the house palette.
MOST_SOURCES = len(PALETTE)


def _numbers(column: pd.Series) -> list[float]:
    """A column as floats, ``[c]`` and missing values as NaN (not drawn)."""
    return as_drawn(pd.to_numeric(column.where(column != "[c]"), errors="coerce").astype(float))


def plot_referrals_by_source(table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
    """Referrals received each month, one line per source, largest source first in the legend.

    ``table`` is :meth:`~inquiry_analysis.io.referral_log.ReferralLog.by_source`'s.

    Parameters
    ----------
    table : pandas.DataFrame
        Referrals by month and source as :func:`inquiry_analysis.disclosure.publishable` publishes them.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> months = pd.period_range("2016-01", periods=3, freq="M")
    >>> table = pd.DataFrame({"month": list(months) * 2, "source": ["A"] * 3 + ["B"] * 3,
    ...                       "referrals": [5, 9, 7, 100, 120, 130]})
    >>> ax = plot_referrals_by_source(table)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['B', 'A']
    >>> plt.close(ax.figure)
    """
    check_table(table, "referrals by source", ("month", "source", "referrals"), "ReferralLog.by_source")
    sources = table["source"].nunique()
    if sources > MOST_SOURCES:
        raise ValueError(
            f"`table` has {sources:,} sources, more than the {MOST_SOURCES} a chart can tell apart; pass the table "
            "inquiry_analysis.exhibits.referral_log.sources_shown returns (the largest, and the rest together)"
        )
    ax = axes_for(ax)
    totals = (
        table.assign(n=pd.to_numeric(table["referrals"].where(table["referrals"] != "[c]"), errors="coerce"))
        .groupby("source")["n"]
        .sum()
        .sort_values(ascending=False, kind="stable")
    )
    months = sorted(set(table["month"]))
    entries = []
    with house_style():
        for i, source in enumerate(totals.index):
            rows = table[table["source"] == source].sort_values("month")
            (line,) = ax.plot(
                month_middles(list(rows["month"])),
                _numbers(rows["referrals"]),
                color=PALETTE[i % len(PALETTE)],
                linewidth=1.8,
                marker="o",
                markersize=2.5,
            )
            entries.append((line, drawn_text(source)))  # named outright: a label set on the line may start with "_"
        ax.set_ylabel("Referrals received in the month")
        ax.set_xlabel("Month of receipt")
        ax.set_ylim(bottom=0)
        thousands(ax)
        month_axis(ax, months[0], months[-1])
        top_left_legend(ax, entries=entries)
    return ax


def _cohort_times(cohorts) -> list:
    periods = list(cohorts)
    if all(p.freqstr.startswith("M") for p in periods):
        return month_middles(periods)
    return [p.start_time + (p.end_time - p.start_time) / 2 for p in periods]


def plot_dissemination(table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
    """The share of each cohort disseminated to a force by the extract date, with its interval shaded.

    ``table`` is :meth:`~inquiry_analysis.io.referral_log.ReferralLog.conversion`'s (one row per
    cohort is drawn; the horizons repeat the same share).

    Parameters
    ----------
    table : pandas.DataFrame
        The conversion table as :func:`inquiry_analysis.disclosure.publishable` publishes it.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.
    """
    check_table(
        table,
        "conversion",
        ("cohort", "disseminated_share", "disseminated_lower", "disseminated_upper"),
        "ReferralLog.conversion",
    )
    ax = axes_for(ax)
    rows = table.drop_duplicates("cohort").sort_values("cohort")
    x = _cohort_times(rows["cohort"])
    share, lower, upper = (
        _numbers(100 * pd.to_numeric(rows[c].where(rows[c] != "[c]"), errors="coerce"))
        for c in ("disseminated_share", "disseminated_lower", "disseminated_upper")
    )
    with house_style():
        band = ax.fill_between(x, lower, upper, color=PALETTE[1], alpha=0.25, linewidth=0)
        (line,) = ax.plot(
            x,
            share,
            color=PALETTE[1],
            linewidth=2,
            marker="o",
            markersize=3,
            label="Share disseminated by the extract date, 95% interval",
        )
        ax.set_ylabel("Share of the cohort's referrals (%)")
        ax.set_xlabel("Month of receipt (cohort)")
        ax.set_ylim(0, 100)
        months = list(rows["cohort"])
        month_axis(ax, months[0].asfreq("M", "start"), months[-1].asfreq("M", "end"))
        top_left_legend(ax, {id(line): (line, band)})
    return ax


def plot_conversion(table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
    """The share of each cohort arrested within each horizon, one line per horizon, intervals shaded.

    ``table`` is :meth:`~inquiry_analysis.io.referral_log.ReferralLog.conversion`'s. A cohort not yet
    followed for a horizon (NaN) or withheld (``[c]``) leaves a gap; a cohort not every member of
    which has been followed that long is drawn with a hollow marker.

    Parameters
    ----------
    table : pandas.DataFrame
        The conversion table as :func:`inquiry_analysis.disclosure.publishable` publishes it.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"cohort": list(pd.period_range("2016-01", periods=2, freq="M")) * 2,
    ...                   "months": [3, 3, 12, 12], "share": [0.02, 0.03, 0.05, float("nan")],
    ...                   "lower": [0.01, 0.02, 0.04, float("nan")], "upper": [0.03, 0.04, 0.06, float("nan")],
    ...                   "complete": [True, False, False, False]})
    >>> ax = plot_conversion(t)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Within 3 months, 95% interval', 'Within 12 months, 95% interval']
    >>> plt.close(ax.figure)
    """
    check_table(
        table, "conversion", ("cohort", "months", "share", "lower", "upper", "complete"), "ReferralLog.conversion"
    )
    ax = axes_for(ax)
    merge = {}
    cohorts = sorted(set(table["cohort"]))
    with house_style():
        for i, months in enumerate(sorted(set(table["months"]))):
            rows = table[table["months"] == months].sort_values("cohort")
            x = _cohort_times(rows["cohort"])
            share, lower, upper = (
                _numbers(100 * pd.to_numeric(rows[c].where(rows[c] != "[c]"), errors="coerce"))
                for c in ("share", "lower", "upper")
            )
            colour = PALETTE[(0, 2, 3, 5, 4)[i % 5]]
            band = ax.fill_between(x, lower, upper, color=colour, alpha=0.2, linewidth=0)
            (line,) = ax.plot(x, share, color=colour, linewidth=1.8, label=f"Within {months} months, 95% interval")
            complete = list(rows["complete"].astype(bool))
            ax.plot(
                [t for t, c in zip(x, complete) if c],
                [s for s, c in zip(share, complete) if c],
                "o",
                color=colour,
                markersize=3,
            )
            ax.plot(
                [t for t, c in zip(x, complete) if not c],
                [s for s, c in zip(share, complete) if not c],
                "o",
                color=colour,
                markerfacecolor="white",
                markersize=3.5,
            )
            merge[id(line)] = (line, band)
        ax.set_ylabel("Share of the cohort's referrals arrested (%)")
        ax.set_xlabel("Month of receipt (cohort); hollow markers: not yet followed for the whole horizon")
        ax.set_ylim(bottom=0)
        month_axis(ax, cohorts[0].asfreq("M", "start"), cohorts[-1].asfreq("M", "end"))
        top_left_legend(ax, merge)
    return ax


#: How :func:`plot_arrest_ratios` names each way of counting, in the order drawn.
RATIO_LABELS = {
    "in_year": "Arrests in the year ÷ referrals in the year (as published ratios count)",
    "cohort": "Arrests to date from the year's referrals",
    "within_12m": "Arrested within 12 months (Kaplan–Meier)",
}


def plot_arrest_ratios(table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
    """Arrests per 1,000 referrals by year of receipt, counted three ways side by side, with interval bars.

    ``table`` is :meth:`~inquiry_analysis.io.referral_log.ReferralLog.arrest_ratios`'s.

    Parameters
    ----------
    table : pandas.DataFrame
        The ratios as :func:`inquiry_analysis.disclosure.publishable` publishes them (``[c]`` where
        withheld).
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.
    """
    check_table(
        table,
        "arrest ratios",
        ("year", "in_year_per_1000", "cohort_per_1000", "within_12m_per_1000"),
        "ReferralLog.arrest_ratios",
    )
    ax = axes_for(ax)
    years = [int(p.year) for p in table["year"]]
    width = 0.25
    with house_style():
        for i, (key, label) in enumerate(RATIO_LABELS.items()):
            estimate, lower, upper = (_numbers(table[f"{key}_{part}"]) for part in ("per_1000", "lower", "upper"))
            x = [year + (i - 1) * width for year in years]
            colour = PALETTE[(3, 0, 1)[i]]
            ax.errorbar(
                x,
                estimate,
                yerr=[[e - lo for e, lo in zip(estimate, lower)], [hi - e for e, hi in zip(estimate, upper)]],
                fmt=("s", "o", "D")[i],
                color=colour,
                markerfacecolor=colour,
                markersize=6,
                capsize=3,
                elinewidth=1,
                label=label,
                zorder=3,
            )
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlabel("Calendar year of receipt (for the same-year ratio, also the year the arrests were made)")
        ax.set_ylabel("Arrests per 1,000 referrals")
        ax.set_ylim(bottom=0)
        per_1000_axis(ax)
        top_left_legend(ax)
    return ax
