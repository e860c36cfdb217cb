"""What every chart module shares: axes in the house style, values as drawn, month and rate axes, the legend.

Charts draw results and tables that ``metrics``, ``disclosure`` and ``exhibits`` built; nothing here
computes a statistic.
"""

from __future__ import annotations

import numbers

import pandas as pd

from inquiry_analysis.exhibits.style import house_style

__all__ = [
    "CLAIM_COLOUR",
    "axes_for",
    "check_table",
    "as_drawn",
    "interval_words",
    "top_left_legend",
    "month_middles",
    "month_axis",
    "per_1000_axis",
    "thousands",
]

CLAIM_COLOUR = "black"


def as_drawn(values):
    """Values as drawn: six significant digits.

    Far finer than a chart can show, and coarse enough that the last bits of floating-point
    arithmetic on another processor or library build cannot move a coordinate in an exported file.

    >>> as_drawn(52463.914233429176), as_drawn([0.1 + 0.2, 3])
    (52463.9, [0.3, 3.0])
    """
    if isinstance(values, numbers.Real):
        return float(f"{values:.6g}")
    return [float(f"{v:.6g}") for v in values]


def axes_for(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        with house_style():
            _, ax = plt.subplots()
    return ax


def thousands(ax) -> None:
    """Tick labels as plain numbers with thousands separators, on linear and log axes alike."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}" if value >= 1 else f"{value:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())


def month_middles(months) -> list[pd.Timestamp]:
    """The middle of each month (as :func:`inquiry_analysis.charts.published.plot_trend` places its curve)."""
    periods = [pd.Period(month, freq="M") for month in months]
    return [
        p.to_timestamp(how="start") + (p.to_timestamp(how="end") - p.to_timestamp(how="start")) / 2 for p in periods
    ]


def month_axis(ax, first: pd.Period, last: pd.Period) -> None:
    """Months along the x-axis: ticks on whole months, at most about eight, labelled ``Jan 2016``."""
    import matplotlib.dates as mdates

    span = (last - first).n + 1
    step = next((k for k in (1, 2, 3, 6, 12) if span / k <= 8), 12 * (span // 96 + 1))
    if step <= 12:
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step)))
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator(step // 12))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y" if step < 12 else "%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator())
    ax.set_xlim(first.start_time - pd.Timedelta(days=10), (last + 1).start_time + pd.Timedelta(days=10))


def interval_words(table: pd.DataFrame) -> str:
    level = table.attrs.get("confidence_level")
    return f"{100 * level:g}% interval" if level is not None else "interval"


def check_table(table, name: str, columns: tuple[str, ...], made_by: str) -> None:
    if not isinstance(table, pd.DataFrame) or not set(columns) <= set(table.columns):
        raise ValueError(
            f"`table` must be the table {made_by} returns, with the columns {', '.join(columns)}, but "
            + (
                f"a frame with the columns {', '.join(map(str, table.columns))}"
                if isinstance(table, pd.DataFrame)
                else type(table).__name__
            )
            + " was passed"
        )
    if table.empty:
        raise ValueError(f"`table` must have at least one row to draw, but an empty {name} table was passed")


def per_1000_axis(ax) -> None:
    """Tick labels for rates per 1,000, which are often single figures: 2.5 stays 2.5, 1000 reads 1,000."""
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.6g}"))


def top_left_legend(ax, merge: dict | None = None, *, extra_points: float = 0.0, entries: list | None = None) -> None:
    """A legend in the top left, over a band of the axes kept free of data for it.

    The y-axis is raised so that the band the legend needs (measured in points from the axes'
    height, so it is the same on any machine) lies above everything drawn, and no data point
    hides behind the legend whatever the shape of the series. A line and its shaded interval,
    paired in ``merge``, show as one entry; ``extra_points`` reserves room for a label drawn just
    above the data. ``entries``, pairs of artist and label, names the legend's entries outright:
    matplotlib leaves out of a legend it gathers itself any label that starts with ``_``, which a
    name from a user's file may do.
    """
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    if entries is None:
        handles, labels = ax.get_legend_handles_labels()
    else:
        handles, labels = [h for h, _ in entries], [label for _, label in entries]
    merge = merge or {}
    axes_points = ax.get_position().height * ax.figure.get_figheight() * 72
    fontsize = FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points()
    needed = (len(labels) * 1.5 * fontsize + 0.8 * fontsize + extra_points) / axes_points
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + (high - low) * needed / max(1 - needed, 0.2))
    legend = ax.legend([merge.get(id(h), h) for h in handles], labels, loc="upper left", frameon=False)
    for text in legend.get_texts():
        text.set_parse_math(False)  # text even if the legend is made outside the house style
