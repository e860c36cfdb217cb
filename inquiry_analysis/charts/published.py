"""Drawing results onto axes in the house style: published figures, derived values, models, claims.

Each ``plot_*`` function draws onto ``ax`` (a new one if not given) within the house style and
returns the Axes. Published figures are filled markers; values derived from them (a count
divided into a monthly average, a monthly average multiplied into a count) are hollow; model
estimates are dashed lines with shaded intervals; claims made at the hearing are black diamonds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from inquiry_analysis.charts._base import CLAIM_COLOUR, as_drawn, axes_for, thousands
from inquiry_analysis.exhibits.style import PALETTE, house_style
from inquiry_analysis.metrics.periods import Count
from inquiry_analysis.metrics.ratios import Rate
from inquiry_analysis.metrics.trend import Trend

if TYPE_CHECKING:
    import matplotlib.axes

__all__ = [
    "VERDICT_COLOURS",
    "claims_table_height",
    "plot_claim",
    "plot_claims_table",
    "plot_rates",
    "plot_rates_per_1000",
    "plot_trend",
    "plot_yearly_counts",
]


def plot_rates(
    counts: Sequence[Count],
    *,
    ax: matplotlib.axes.Axes | None = None,
    label: str,
    color: str = PALETTE[0],
    confidence_level: float = 0.95,
) -> matplotlib.axes.Axes:
    """Average per month over each period, drawn as a level line across the period.

    A rate published as a monthly average has a filled marker; one derived from a published
    count (count ÷ months) has a hollow marker. Exact Poisson intervals are drawn as error bars.

    Parameters
    ----------
    counts : sequence of Count
        The periods' counts.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).
    label : str
        The legend entry.
    color : str
        The series' colour.
    confidence_level : float
        Of the error bars (default 0.95).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.
    """
    ax = axes_for(ax)
    with house_style():
        for i, c in enumerate(counts):
            low, high = as_drawn(c.rate_interval(confidence_level=confidence_level))
            rate = as_drawn(c.rate)
            published = c.published_as == "per_month"
            ax.plot(
                [c.start, c.end],
                [rate, rate],
                color=color,
                linewidth=2.5,
                solid_capstyle="butt",
                label=label if i == 0 else None,
            )
            ax.errorbar(
                [c.midpoint],
                [rate],
                yerr=[[rate - low], [high - rate]],
                fmt="o",
                color=color,
                markerfacecolor=color if published else "white",
                markeredgewidth=1.5,
                markersize=7,
                capsize=3,
                zorder=3,
            )
        thousands(ax)
    return ax


def plot_trend(
    result: Trend, *, start, end, ax: matplotlib.axes.Axes | None = None, label: str, color: str = PALETTE[3]
) -> matplotlib.axes.Axes:
    """The fitted monthly rate of a log-linear trend, dashed, with its pointwise interval shaded.

    Parameters
    ----------
    result : Trend
        A log-linear trend.
    start, end : date-like
        The months to draw it over.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).
    label : str
        The legend entry.
    color : str
        The line's colour.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.
    """
    ax = axes_for(ax)
    curve = result.curve(start, end)
    days = [
        p.to_timestamp(how="start") + (p.to_timestamp(how="end") - p.to_timestamp(how="start")) / 2
        for p in curve["month"]
    ]
    with house_style():
        # The interval of a model fitted to large counts is narrow (a few points wide): the band is drawn
        # stronger and the dashed line thin, so that the band shows around the line and between its dashes.
        ax.fill_between(
            days, as_drawn(curve["lower"]), as_drawn(curve["upper"]), facecolor=color, alpha=0.4, edgecolor="none"
        )
        ax.plot(days, as_drawn(curve["rate"]), linestyle="--", color=color, linewidth=1.0, label=label)
    return ax


def plot_claim(value: float, start, end, *, ax: matplotlib.axes.Axes | None = None, label: str) -> matplotlib.axes.Axes:
    """A figure claimed at the hearing for a period: a hollow black diamond with a bracket over the period.

    Hollow, and its bracket drawn beneath the data, so that it never hides a published point or its interval.

    Parameters
    ----------
    value : float
        The figure claimed.
    start, end : date-like
        The period it was claimed for.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).
    label : str or None
        The legend entry (None for none).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.
    """
    ax = axes_for(ax)
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    with house_style():
        value = as_drawn(value)
        ax.plot([start, end], [value, value], color=CLAIM_COLOUR, linewidth=1.2, linestyle=":", zorder=1.5)
        ax.plot(
            [start + (end - start) / 2],
            [value],
            marker="D",
            color=CLAIM_COLOUR,
            markerfacecolor="none",
            markeredgewidth=1.8,
            markersize=10,
            linestyle="none",
            label=label,
            zorder=4,
        )
    return ax


def plot_yearly_counts(
    counts: Sequence[Count],
    *,
    ax: matplotlib.axes.Axes | None = None,
    label: str,
    color: str = PALETTE[0],
    marker: str = "o",
    log_scale: bool = False,
) -> matplotlib.axes.Axes:
    """Counts per period at the period's midpoint, joined by a line; derived counts are hollow.

    Parameters
    ----------
    counts : sequence of Count
        The periods' counts.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).
    label : str
        The legend entry.
    color : str
        The series' colour.
    marker : str
        The marker.
    log_scale : bool
        Whether the y-axis is logarithmic.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.
    """
    ax = axes_for(ax)
    with house_style():
        ax.plot(
            [c.midpoint for c in counts],
            [c.count for c in counts],
            color=color,
            linewidth=1.5,
            marker=marker,
            markersize=6,
            label=label,
        )
        derived = [c for c in counts if c.derived]
        ax.plot(
            [c.midpoint for c in derived],
            [c.count for c in derived],
            color=color,
            marker=marker,
            markersize=6,
            markeredgewidth=1.5,
            markerfacecolor="white",
            linestyle="none",
            zorder=3,
        )
        if log_scale:
            ax.set_yscale("log")
        thousands(ax)
    return ax


def plot_rates_per_1000(
    rates: Sequence[Rate],
    *,
    ax: matplotlib.axes.Axes | None = None,
    label: str,
    color: str = PALETTE[0],
    marker: str = "o",
    log_scale: bool = False,
) -> matplotlib.axes.Axes:
    """Rates per 1,000 at their period's midpoint with interval bars.

    A rate on a derived or stand-in denominator has a hollow marker, and the range its derivation
    allows is drawn as a wide pale bar behind the interval. ``log_scale`` suits rates an order of
    magnitude apart, where equal ratios should look equal.

    Parameters
    ----------
    rates : sequence of Rate
        Rates per 1,000, each over its period.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).
    label : str
        The legend entry.
    color : str
        The series' colour.
    marker : str
        The marker.
    log_scale : bool
        Whether the y-axis is logarithmic.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.
    """
    ax = axes_for(ax)
    with house_style():
        for i, r in enumerate(rates):
            middle = r.start + (r.end - r.start) / 2
            estimate, lower, upper, low, high = as_drawn([r.estimate, r.lower, r.upper, r.low, r.high])
            if (low, high) != (lower, upper):
                ax.plot(
                    [middle, middle],
                    [low, high],
                    color=color,
                    alpha=0.3,
                    linewidth=9,
                    solid_capstyle="butt",
                )
            ax.errorbar(
                [middle],
                [estimate],
                yerr=[[estimate - lower], [upper - estimate]],
                fmt=marker,
                color=color,
                markerfacecolor="white" if r.derived else color,
                markeredgewidth=1.5,
                markersize=8,
                capsize=4,
                label=label if i == 0 else None,
                zorder=3,
            )
        if log_scale:
            from matplotlib.ticker import LogLocator

            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        thousands(ax)
    return ax


#: Verdict colours: Analysis Function palette, with the word always printed beside the colour.
VERDICT_COLOURS = {
    "reproduced": PALETTE[1],
    "consistent": PALETTE[1],
    "consistent as a bound": PALETTE[0],
    "inconsistent": PALETTE[2],
    "unverifiable": PALETTE[4],
}


#: The claims table's columns: field, heading, left edge (axes fraction) and wrap width (characters).
_TABLE_COLUMNS = (
    ("claim_id", "Claim", 0.0, 22),
    ("claimed", "Claimed", 0.27, 12),
    ("published_data_give", "Published data give", 0.44, 30),
    ("verdict", "Verdict", 0.78, 14),
)
#: Height of one line of the claims table, in inches (9.5 pt text at the house line spacing); rows are padded by
#: :data:`_ROW_PAD` lines, and the header takes :data:`_HEADER_LINES`.
TABLE_LINE_IN = 0.19
_ROW_PAD, _HEADER_LINES = 0.9, 1.6


def _wrapped(table: pd.DataFrame) -> list[dict[str, str]]:
    import textwrap

    return [
        {name: "\n".join(textwrap.wrap(str(getattr(row, name)), width)) or " " for name, _, _, width in _TABLE_COLUMNS}
        for row in table.itertuples()
    ]


def _row_lines(cells: dict[str, str]) -> float:
    return max(text.count("\n") + 1 for text in cells.values()) + _ROW_PAD


def claims_table_height(table: pd.DataFrame) -> float:
    """The axes height, in inches, that :func:`plot_claims_table` needs for ``table``: each row as tall as its text.

    Parameters
    ----------
    table : pandas.DataFrame
        The check as :func:`inquiry_analysis.claims.check_table` gives it.

    Returns
    -------
    float
        Inches.
    """
    return TABLE_LINE_IN * (_HEADER_LINES + sum(_row_lines(cells) for cells in _wrapped(table)))


def plot_claims_table(table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
    """The claims check as a table figure: claim, what was claimed, what the data give, verdict.

    ``table`` is :func:`inquiry_analysis.claims.check_table`'s output. Text is wrapped to fixed
    column widths and each row is as tall as its longest cell (:func:`claims_table_height` gives the
    axes height that fits); the verdict is printed in words on a coloured label.

    Parameters
    ----------
    table : pandas.DataFrame
        The check as :func:`inquiry_analysis.claims.check_table` gives it.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.
    """
    ax = axes_for(ax)
    rows = _wrapped(table)
    total = _HEADER_LINES + sum(_row_lines(cells) for cells in rows)
    with house_style():
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        ax.set_ylim(total, 0)  # in lines, top down
        for _, title, x, _ in _TABLE_COLUMNS:
            ax.text(x, _HEADER_LINES / 2, title, fontweight="bold", va="center", ha="left", fontsize=10.5)
        ax.plot([0, 1], [_HEADER_LINES, _HEADER_LINES], color=PALETTE[4], linewidth=1)
        top = _HEADER_LINES
        for cells in rows:
            middle = top + _row_lines(cells) / 2
            for name, _, x, _ in _TABLE_COLUMNS:
                if name == "verdict":
                    ax.text(
                        x,
                        middle,
                        cells[name].replace("\n", " "),
                        va="center",
                        ha="left",
                        fontsize=9,
                        color="white",
                        fontweight="bold",
                        bbox={
                            "boxstyle": "round,pad=0.3",
                            "facecolor": VERDICT_COLOURS[cells[name].replace("\n", " ")],
                            "edgecolor": "none",
                        },
                    )
                else:
                    ax.text(x, middle, cells[name], va="center", ha="left", fontsize=9.5)
            top += _row_lines(cells)
            ax.plot([0, 1], [top, top], color="#D9D9D9", linewidth=0.8)
    return ax
