"""Drawing a risk tool's accuracy: its 2×2 table, predictive values at other base rates, net benefit.

The ``plot_*`` functions draw a result or a table from :mod:`inquiry_analysis.metrics.confusion`,
:mod:`~inquiry_analysis.metrics.predictive` or :mod:`~inquiry_analysis.metrics.net_benefit` onto ``ax``
(a new one if not given) within the house style and return the Axes. The ``plot_kirat_*`` functions finish
one exhibit each (IA-04, IA-05, IA-06): which drawing, the axis labels and the legend, onto the Axes
:func:`inquiry_analysis.exhibits.new_figure` made. Nothing here computes a statistic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from inquiry_analysis.charts._base import as_drawn, axes_for
from inquiry_analysis.exhibits.style import PALETTE, house_style
from inquiry_analysis.metrics.confusion import ConfusionMatrix

if TYPE_CHECKING:
    import matplotlib.axes

__all__ = [
    "KIRAT_RATINGS",
    "KIRAT_GROUPS",
    "plot_confusion_matrix",
    "plot_kirat_confusion_matrix",
    "plot_net_benefit_exhibit",
    "plot_predictive_values_exhibit",
    "plot_net_benefit",
    "plot_predictive_values",
]

#: KIRAT's two groups (the truth) and its rating at the High cut, as the exhibits label them.
KIRAT_GROUPS = ("Higher-risk group", "Lower-risk group")
KIRAT_RATINGS = ("Rated High or Very High", "Rated Low or Medium")


def plot_confusion_matrix(
    matrix: ConfusionMatrix,
    *,
    ax: matplotlib.axes.Axes | None = None,
    truth_labels: tuple[str, str],
    rating_labels: tuple[str, str],
) -> matplotlib.axes.Axes:
    """The 2×2 table as shaded cells: each cell's count and its share of its row (the true group).

    Shading follows the row share, so a tool that sorts well shows a dark diagonal.

    Parameters
    ----------
    matrix : inquiry_analysis.metrics.confusion.ConfusionMatrix
        The table: positives in the first row, a positive rating in the first column.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new Axes if not given).
    truth_labels, rating_labels : tuple of (str, str)
        Labels of the rows (positive, negative) and of the columns (rated positive, rated negative).

    Returns
    -------
    matplotlib.axes.Axes
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


def plot_predictive_values(
    curve: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None, marks: pd.DataFrame | None = None
) -> matplotlib.axes.Axes:
    """PPV and NPV against prevalence, with shaded intervals; ``marks`` labels chosen base rates.

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`inquiry_analysis.metrics.predictive.predictive_value_curve`'s table.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new Axes if not given).
    marks : pandas.DataFrame, optional
        Base rates to mark with a dotted line: a ``prevalence`` column and a ``label`` column.

    Returns
    -------
    matplotlib.axes.Axes
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


def plot_net_benefit(
    table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None, label: str
) -> matplotlib.axes.Axes:
    """Net benefit against threshold probability: the rating (with interval), acting on all, on none.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.metrics.net_benefit.net_benefit`'s output.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new Axes if not given).
    label : str
        The legend's name for acting on the rating.

    Returns
    -------
    matplotlib.axes.Axes
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


# The labels and legends below are set after the house-style block of the drawing they finish, as the
# exhibits were first made: moving them inside it would restyle the legend and change the exported files.


def plot_kirat_confusion_matrix(matrix: ConfusionMatrix, *, ax: matplotlib.axes.Axes) -> matplotlib.axes.Axes:
    """Exhibit IA-04: KIRAT's development table at the High cut, groups in rows, ratings in columns.

    Parameters
    ----------
    matrix : inquiry_analysis.metrics.confusion.ConfusionMatrix
        The table: the higher-risk group as positives, a High or Very High rating as positive.
    ax : matplotlib.axes.Axes
        The exhibit's axes.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on.
    """
    return plot_confusion_matrix(matrix, ax=ax, truth_labels=KIRAT_GROUPS, rating_labels=KIRAT_RATINGS)


def plot_predictive_values_exhibit(
    curve: pd.DataFrame, *, marks: pd.DataFrame | None = None, ax: matplotlib.axes.Axes
) -> matplotlib.axes.Axes:
    """Exhibit IA-05: PPV and NPV of a High or Very High rating against prevalence, base rates marked.

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`inquiry_analysis.metrics.predictive.predictive_value_curve`'s table.
    marks : pandas.DataFrame, optional
        Base rates to mark (``prevalence``, ``label``), as
        :func:`inquiry_analysis.exhibits.kirat.base_rate_marks` chooses them.
    ax : matplotlib.axes.Axes
        The exhibit's axes.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on, labelled, with the legend low on the right, clear of the curves.
    """
    plot_predictive_values(curve, ax=ax, marks=marks)
    ax.set_xlabel("Share of assessed suspects with contact offending (prevalence)")
    ax.set_ylabel("Predictive value")
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 0.2))
    return ax


def plot_net_benefit_exhibit(
    table: pd.DataFrame, *, rating: str = "High or Very High", ax: matplotlib.axes.Axes
) -> matplotlib.axes.Axes:
    """Exhibit IA-06: net benefit of acting on a rating, on everyone and on no one, against the threshold.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.metrics.net_benefit.net_benefit`'s output.
    rating : str
        The ratings acted on, as the legend names them ("Act on High or Very High").
    ax : matplotlib.axes.Axes
        The exhibit's axes.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on, labelled, with the legend top right.
    """
    plot_net_benefit(table, ax=ax, label=f"Act on {rating}")
    ax.set_xlabel("Threshold probability")
    ax.set_ylabel("Net benefit")
    ax.legend(loc="upper right")
    return ax
