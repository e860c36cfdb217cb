"""The chain from referral to arrest, drawn stage by stage for each period published.

A stage's figure is drawn as the range its wording allows (a bar between the ends, "nearly
10,000": 9,000 to 10,000), an exact count as a filled dot; a count a year derived from a rate a
month is hollow. A stage no source publishes for the period is marked "not published". The table
drawn is :func:`inquiry_analysis.exhibits.arrests.chain_table`'s.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from inquiry_analysis.exhibits.style import LABEL_PT, house_style
from inquiry_analysis.metrics.chain import StageRatio

if TYPE_CHECKING:
    import matplotlib.axes

__all__ = ["plot_chain"]


def _middle(low: float, high: float) -> float:
    return math.sqrt(low * high)  # the middle of a range on a log axis


def _label(ax, row, x: float, color: str, *, last: bool, right_edge: float) -> None:
    """A stage's stated figure beside its mark: to its right, or for the last stage above it, ending at the
    frame's edge, so that it neither runs out of the frame nor meets the line coming in."""
    ax.text(
        right_edge if last else x + 0.06,
        row.high * (1.35 if last else 1.08),
        row.stated.strip("'"),
        fontsize=LABEL_PT,
        color=color,
        ha="right" if last else "left",
        va="bottom",
    )


def plot_chain(
    table: pd.DataFrame,
    *,
    steps: Sequence[tuple[str, int, StageRatio, str]] = (),
    colors: dict,
    ax: matplotlib.axes.Axes | None = None,
) -> matplotlib.axes.Axes:
    """Each period's stages side by side on a log axis, joined where consecutive stages are published.

    ``steps`` labels the join from stage ``order`` to the next for a period: (period, order, ratio,
    words after the ratio's range, e.g. "disseminated"). ``colors`` maps each period to a colour.
    Returns the Axes.

    Parameters
    ----------
    table : pandas.DataFrame
        The chain's stages, as :func:`inquiry_analysis.exhibits.arrests.chain_table` builds them.
    steps : sequence of (str, int, StageRatio, str)
        The steps to join: the period, the stage it starts from, the ratio, its label.
    colors : dict
        A colour for each period.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on (default: new axes in the house style).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        with house_style():
            _, ax = plt.subplots()
    periods = list(dict.fromkeys(table["period"]))
    stages = list(dict.fromkeys(table["stage"]))
    offset = {p: 0.16 * (i - (len(periods) - 1) / 2) for i, p in enumerate(periods)}
    with house_style():
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.set_yscale("log")
        published = table.dropna(subset=["low"])
        bottom = 10 ** math.floor(math.log10(published["low"].min()))
        top = 10 ** math.ceil(math.log10(published["high"].max()))
        for period in periods:
            rows = table[table["period"] == period].sort_values("order")
            color = colors[period]
            drawn = []
            for row in rows.itertuples():
                x = row.order + offset[period]
                if pd.isna(row.low):
                    ax.text(
                        x, bottom * 1.15, "not\npublished", ha="center", va="bottom", fontsize=LABEL_PT, color=color
                    )
                    continue
                hollow = pd.notna(row.derived)
                if row.low != row.high:
                    ax.plot(
                        [x, x],
                        [row.low, row.high],
                        color=color,
                        linewidth=8,
                        alpha=0.45 if hollow else 0.8,
                        solid_capstyle="butt",
                    )
                else:
                    ax.plot(
                        [x],
                        [row.low],
                        "o",
                        color=color,
                        markersize=8,
                        markerfacecolor="white" if hollow else color,
                        markeredgewidth=1.5,
                    )
                drawn.append((row.order, x, _middle(row.low, row.high)))
                _label(ax, row, x, color, last=row.order == len(stages) - 1, right_edge=len(stages) - 0.52)
            ax.plot([], [], color=color, linewidth=8, alpha=0.8, label=period)
            for (order, x, y), (next_order, next_x, next_y) in zip(drawn, drawn[1:]):
                if next_order != order + 1:
                    continue
                ax.plot([x, next_x], [y, next_y], color=color, linewidth=1, linestyle="--")
        for period, order, ratio, words in steps:
            rows = table[(table["period"] == period) & table["order"].isin([order, order + 1])].sort_values("order")
            (x0, x1), (y0, y1) = rows["order"] + offset[period], [_middle(r.low, r.high) for r in rows.itertuples()]
            text = (
                f"{100 * ratio.low:.1f}% to {100 * ratio.high:.1f}%"
                if ratio.as_percent
                else f"{ratio.low:.2g} to {ratio.high:.2g}"
            )
            ax.text(
                (x0 + x1) / 2,
                _middle(y0, y1) * 0.62,
                f"{text}\n{words}",
                ha="center",
                va="top",
                fontsize=LABEL_PT,
                color=colors[period],
                fontweight="bold",
            )
        ax.set_xticks(range(len(stages)), stages)
        ax.set_xlim(-0.5, len(stages) - 0.5)
        ax.set_ylim(bottom, top)
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    return ax
