"""Drawing results onto axes in the house style: published figures, derived values, models, claims.

Each ``plot_*`` function draws onto ``ax`` (a new one if not given) within the house style and
returns the Axes. Published figures are filled markers; values derived from them (a count
divided into a monthly average, a monthly average multiplied into a count) are hollow; model
estimates are dashed lines with shaded intervals; claims made at the hearing are black diamonds.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from inquiry_analysis.charts._base import CLAIM_COLOUR, as_drawn, axes_for, thousands
from inquiry_analysis.exhibits.style import PALETTE, house_style
from inquiry_analysis.metrics.accuracy import ConfusionMatrix
from inquiry_analysis.metrics.periods import Count
from inquiry_analysis.metrics.ratios import Rate
from inquiry_analysis.metrics.trend import Trend

__all__ = [
    "VERDICT_COLOURS",
    "plot_claim",
    "plot_claims_table",
    "plot_confusion_matrix",
    "plot_net_benefit",
    "plot_predictive_values",
    "plot_rates",
    "plot_rates_per_1000",
    "plot_trend",
    "plot_yearly_counts",
]


def plot_rates(
    counts: Sequence[Count], *, ax=None, label: str, color: str = PALETTE[0], confidence_level: float = 0.95
):
    """Average per month over each period, drawn as a level line across the period.

    A rate published as a monthly average has a filled marker; one derived from a published
    count (count ÷ months) has a hollow marker. Exact Poisson intervals are drawn as error bars.
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


def plot_trend(result: Trend, *, start, end, ax=None, label: str, color: str = PALETTE[3]):
    """The fitted monthly rate of a log-linear trend, dashed, with its pointwise interval shaded."""
    ax = axes_for(ax)
    curve = result.curve(start, end)
    days = [
        p.to_timestamp(how="start") + (p.to_timestamp(how="end") - p.to_timestamp(how="start")) / 2
        for p in curve["month"]
    ]
    with house_style():
        ax.fill_between(days, as_drawn(curve["lower"]), as_drawn(curve["upper"]), color=color, alpha=0.25, linewidth=0)
        ax.plot(days, as_drawn(curve["rate"]), linestyle="--", color=color, linewidth=2, label=label)
    return ax


def plot_claim(value: float, start, end, *, ax=None, label: str):
    """A figure claimed at the hearing for a period: a black diamond with a bracket over the period."""
    ax = axes_for(ax)
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    with house_style():
        value = as_drawn(value)
        ax.plot([start, end], [value, value], color=CLAIM_COLOUR, linewidth=1.2)
        ax.plot(
            [start + (end - start) / 2],
            [value],
            marker="D",
            color=CLAIM_COLOUR,
            markersize=8,
            linestyle="none",
            label=label,
            zorder=4,
        )
    return ax


def plot_yearly_counts(
    counts: Sequence[Count], *, ax=None, label: str, color: str = PALETTE[0], marker: str = "o", log_scale: bool = False
):
    """Counts per period at the period's midpoint, joined by a line; derived counts are hollow."""
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
    rates: Sequence[Rate], *, ax=None, label: str, color: str = PALETTE[0], marker: str = "o", log_scale: bool = False
):
    """Rates per 1,000 at their period's midpoint with interval bars.

    A rate on a derived or stand-in denominator has a hollow marker, and the range its derivation
    allows is drawn as a wide pale bar behind the interval. ``log_scale`` suits rates an order of
    magnitude apart, where equal ratios should look equal.
    """
    ax = axes_for(ax)
    with house_style():
        for i, r in enumerate(rates):
            middle = r.start + (r.end - r.start) / 2
            estimate, lower, upper, range_lower, range_upper = as_drawn(
                [r.estimate, r.lower, r.upper, r.range_lower, r.range_upper]
            )
            if (range_lower, range_upper) != (lower, upper):
                ax.plot(
                    [middle, middle],
                    [range_lower, range_upper],
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


def plot_confusion_matrix(
    matrix: ConfusionMatrix, *, ax=None, truth_labels: tuple[str, str], rating_labels: tuple[str, str]
):
    """The 2×2 table as shaded cells: each cell's count and its share of its row (the true group).

    Shading follows the row share, so a tool that sorts well shows a dark diagonal.
    """
    import numpy as np

    ax = axes_for(ax)
    counts = np.array([[matrix.tp, matrix.fn], [matrix.fp, matrix.tn]])
    shares = counts / counts.sum(axis=1, keepdims=True)
    with house_style():
        from matplotlib.colors import LinearSegmentedColormap

        cmap = LinearSegmentedColormap.from_list("af_blue", ["#FFFFFF", PALETTE[0]])
        ax.imshow(shares, cmap=cmap, vmin=0, vmax=1, aspect="auto")
        for (i, j), count in np.ndenumerate(counts):
            ax.text(
                j,
                i,
                f"{count:,}\n{shares[i, j]:.1%} of row",
                ha="center",
                va="center",
                fontsize=12,
                color="white" if shares[i, j] > 0.5 else "black",
                fontweight="bold",
            )
        ax.set_xticks([0, 1], labels=list(rating_labels))
        ax.set_yticks([0, 1], labels=list(truth_labels))
        ax.tick_params(length=0)
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.xaxis.set_label_position("top")
        ax.xaxis.tick_top()
    return ax


def plot_predictive_values(curve: pd.DataFrame, *, ax=None, marks: pd.DataFrame | None = None):
    """PPV and NPV against prevalence, with shaded intervals; ``marks`` labels chosen base rates.

    ``curve`` is :func:`inquiry_analysis.metrics.accuracy.predictive_value_curve`'s table; ``marks``
    has a ``prevalence`` column and a ``label`` column.
    """
    from matplotlib.ticker import PercentFormatter

    ax = axes_for(ax)
    with house_style():
        for column, colour, name in (
            ("ppv", PALETTE[2], "PPV: share of those rated High or Very High who are positive"),
            ("npv", PALETTE[1], "NPV: share of those rated Low or Medium who are negative"),
        ):
            ax.fill_between(
                as_drawn(curve["prevalence"]),
                as_drawn(curve[f"{column}_lower"]),
                as_drawn(curve[f"{column}_upper"]),
                color=colour,
                alpha=0.2,
                linewidth=0,
            )
            ax.plot(as_drawn(curve["prevalence"]), as_drawn(curve[column]), color=colour, label=name)
        if marks is not None:
            for row in marks.itertuples():
                ax.axvline(row.prevalence, color=PALETTE[4], linewidth=1, linestyle=":")
                # On a white ground: a label can fall across a curve or its band.
                ax.text(
                    row.prevalence,
                    0.02,
                    f" {row.label}",
                    rotation=90,
                    va="bottom",
                    ha="right",
                    fontsize=9,
                    color=PALETTE[4],
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},
                )
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylim(0, 1)
        ax.set_xlim(curve["prevalence"].min(), curve["prevalence"].max())
    return ax


def plot_net_benefit(table: pd.DataFrame, *, ax=None, label: str):
    """Net benefit against threshold probability: the rating (with interval), acting on all, on none.

    ``table`` is :func:`inquiry_analysis.metrics.accuracy.net_benefit`'s output.
    """
    from matplotlib.ticker import PercentFormatter

    ax = axes_for(ax)
    with house_style():
        drawn = {
            column: as_drawn(table[column])
            for column in ("threshold", "lower", "upper", "net_benefit", "act_on_all", "act_on_none")
        }
        x = drawn["threshold"]
        ax.fill_between(x, drawn["lower"], drawn["upper"], color=PALETTE[0], alpha=0.2, linewidth=0)
        ax.plot(x, drawn["net_benefit"], color=PALETTE[0], label=label)
        ax.plot(x, drawn["act_on_all"], color=PALETTE[3], linestyle="--", label="Act on all suspects")
        ax.plot(x, drawn["act_on_none"], color=PALETTE[4], linestyle=":", label="Act on none")
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        top = max(max(drawn["upper"]), max(drawn["act_on_all"]))
        ax.set_ylim(-0.25 * top, 1.1 * top)
        ax.set_xlim(table["threshold"].min(), table["threshold"].max())
    return ax


#: Verdict colours: Analysis Function palette, with the word always printed beside the colour.
VERDICT_COLOURS = {
    "reproduced": PALETTE[1],
    "consistent": PALETTE[1],
    "inconsistent": PALETTE[2],
    "unverifiable": PALETTE[4],
}


def plot_claims_table(table: pd.DataFrame, *, ax=None):
    """The claims check as a table figure: claim, what was claimed, what the data give, verdict.

    ``table`` is :func:`inquiry_analysis.claims.check_table`'s output. Text is wrapped to fixed
    column widths; the verdict is printed in words on a coloured label.
    """
    import textwrap

    ax = axes_for(ax)
    columns = [
        ("claim_id", "Claim", 0.0, 22),
        ("claimed", "Claimed", 0.25, 14),
        ("published_data_give", "Published data give", 0.42, 30),
        ("verdict", "Verdict", 0.80, 14),
    ]
    with house_style():
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        n = len(table)
        ax.set_ylim(n + 0.2, -0.8)
        for _, title, x, _ in columns:
            ax.text(x, -0.5, title, fontweight="bold", va="center", ha="left", fontsize=10.5)
        ax.plot([0, 1], [-0.15, -0.15], color=PALETTE[4], linewidth=1)
        for i, row in enumerate(table.itertuples()):
            for name, _, x, width in columns:
                value = str(getattr(row, name))
                if name == "verdict":
                    ax.text(
                        x,
                        i + 0.35,
                        value,
                        va="center",
                        ha="left",
                        fontsize=10,
                        color="white",
                        fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.3", "facecolor": VERDICT_COLOURS[value], "edgecolor": "none"},
                    )
                else:
                    ax.text(x, i + 0.35, "\n".join(textwrap.wrap(value, width)), va="center", ha="left", fontsize=9.5)
            ax.plot([0, 1], [i + 0.85, i + 0.85], color="#D9D9D9", linewidth=0.8)
    return ax
