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
from inquiry_analysis.exhibits.style import FONT, PALETTE, house_style
from inquiry_analysis.metrics.confusion import ConfusionMatrix

if TYPE_CHECKING:
    import matplotlib.axes

__all__ = [
    "KIRAT_RATINGS",
    "KIRAT_GROUPS",
    "mark_base_rates",
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
#: The ratings KIRAT counts positive and negative at its High cut, as the predictive values' curves name them.
RATED = ("High or Very High", "Low or Medium")


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
    curve: pd.DataFrame,
    *,
    ax: matplotlib.axes.Axes | None = None,
    marks: pd.DataFrame | None = None,
    rated: tuple[str, str] = RATED,
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
    rated : tuple of (str, str)
        The ratings counted positive and negative, as the curves' names give them ("PPV: share of those
        rated <positive> who are positive"); KIRAT's at its High cut by default.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.ticker import PercentFormatter

    ax = axes_for(ax)
    with house_style():
        for column, colour, name in (
            ("ppv", PALETTE[2], f"PPV: share of those rated {rated[0]} who are positive"),
            ("npv", PALETTE[1], f"NPV: share of those rated {rated[1]} who are negative"),
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
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylim(0, 1)
        ax.set_xlim(curve["prevalence"].min(), curve["prevalence"].max())
    if marks is not None:
        mark_base_rates(curve, marks, ax=ax)
    return ax


#: Mark labels' size, and the clearance (points) they keep from curves, bands, the legend and the frame.
MARK_PT, CLEARANCE_PT = 9, 4


def mark_base_rates(curve: pd.DataFrame, marks: pd.DataFrame, *, ax: matplotlib.axes.Axes) -> matplotlib.axes.Axes:
    """Dotted lines at chosen base rates, each labelled along its line where nothing else is drawn.

    A label runs up beside its line from the lowest gap, over the label's width, that the curves and
    their shaded bands, the other marks' lines, the legend (if the axes have one) and labels already
    placed leave it, :data:`CLEARANCE_PT` clear of each and of the frame: left of its line, else right
    of it. Where no such gap is wide enough, the bands are let through (the label then has no white
    ground, so the band shows through it); where none is even then, the largest gap takes it. Call it
    once the y-axis runs from 0 to 1 and the legend is in place; sizes are measured with the pinned
    font, so the layout is the same on every machine.

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`inquiry_analysis.metrics.predictive.predictive_value_curve`'s table, as drawn on ``ax``.
    marks : pandas.DataFrame
        A ``prevalence`` and a ``label`` column.
    ax : matplotlib.axes.Axes
        The axes the curve is drawn on.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, with a dotted line and a label for each mark.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    fig, position = ax.figure, ax.get_position()
    x_low, x_high = ax.get_xlim()
    # Data units a point takes along x, and the share of the axes' height a point takes.
    per_pt = (
        (x_high - x_low) / (position.width * fig.get_figwidth() * 72),
        1 / (position.height * fig.get_figheight() * 72),
    )
    font = FontProperties(family=FONT, size=MARK_PT)
    taken = _legend_box(ax)
    for row in marks.itertuples():
        text = f" {row.label}"
        length, across, _ = TextToPath().get_text_width_height_descent(text, font, ismath=False)
        # A label is a line of text plus its 1-point box on each side, and keeps clear across as well as along.
        size = ((across + 2 + CLEARANCE_PT) * per_pt[0], (length + 2) * per_pt[1])
        others = [x for x in marks["prevalence"] if x != row.prevalence]
        side, low, clear_of_bands = _label_spot(
            curve, row.prevalence, size, taken + [(x, x, 0, 1) for x in others], per_pt
        )
        x0, x1 = (
            (row.prevalence - size[0], row.prevalence) if side == "left" else (row.prevalence, row.prevalence + size[0])
        )
        taken.append((x0, x1, low, low + size[1]))
        with house_style():
            ax.axvline(row.prevalence, color=PALETTE[4], linewidth=1, linestyle=":")
            ax.text(
                row.prevalence,
                as_drawn(low + per_pt[1]),
                text,
                rotation=90,
                va="bottom",
                ha="right" if side == "left" else "left",
                fontsize=MARK_PT,
                color=PALETTE[4],
                transform=ax.get_xaxis_transform(),
                # On a white ground where it is clear of the bands, so that a grid line does not cross it.
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85 if clear_of_bands else 0, "pad": 1},
            )
    return ax


def _label_spot(curve, x: float, size, taken, per_pt) -> tuple[str, float, bool]:
    """The side of its line a label takes, where it starts (share of the axes' height), if it is clear of bands."""
    import numpy as np

    width, needed = size
    for with_bands in (True, False):
        for side in ("left", "right"):
            left, right = (x - width, x) if side == "left" else (x, x + width)
            blocked = [(low, high) for x0, x1, low, high in taken if x0 <= right and x1 >= left]
            inside = (curve["prevalence"] > left) & (curve["prevalence"] < right)
            for column in ("ppv", "npv"):
                # The curve (and its band) over the label's width: the points within it and where its edges cut them.
                drawn = [column, f"{column}_lower", f"{column}_upper"] if with_bands else [column]
                edges = [np.interp([left, right], curve["prevalence"], curve[name]) for name in drawn]
                values = np.concatenate([*edges, curve.loc[inside, drawn].to_numpy().ravel()])
                blocked.append((float(values.min()), float(values.max())))
            low = _lowest_gap(blocked, needed, clearance=CLEARANCE_PT * per_pt[1])
            if low is not None:
                return side, low, with_bands
    return "left", _lowest_gap(blocked, needed, clearance=CLEARANCE_PT * per_pt[1], largest=True), False


def _legend_box(ax) -> list[tuple[float, float, float, float]]:
    """The legend's extent (x in data, y as a share of the axes' height), as a list of one box, or none."""
    legend = ax.get_legend()
    if legend is None:
        return []
    box = legend.get_window_extent()
    (x0, _), (x1, _) = ax.transData.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
    (_, y0), (_, y1) = ax.transAxes.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
    return [(x0, x1, y0, y1)]


def _lowest_gap(blocked, needed: float, *, clearance: float, largest: bool = False) -> float | None:
    """Where a run of ``needed`` starts in the lowest gap of [0, 1] that ``blocked`` leaves, ``clearance`` from each.

    None if no gap is wide enough; with ``largest``, the start of the largest gap instead.

    >>> [_lowest_gap([(0.1, 0.3)], needed, clearance=0.02) for needed in (0.2, 0.05, 0.9)]
    [0.32, 0.02, None]
    """
    start, gaps = clearance, []
    for low, high in sorted(blocked):
        gaps.append((start, low - clearance))
        start = max(start, high + clearance)
    gaps.append((start, 1 - clearance))
    fitting = [low for low, high in gaps if high - low >= needed]
    if largest and not fitting:
        return max(gaps, key=lambda gap: gap[1] - gap[0])[0]
    return fitting[0] if fitting else None


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
    curve: pd.DataFrame,
    *,
    marks: pd.DataFrame | None = None,
    ax: matplotlib.axes.Axes,
    rated: tuple[str, str] = RATED,
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
    rated : tuple of (str, str)
        The ratings counted positive and negative (:func:`plot_predictive_values`); KIRAT's by default.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on, labelled, with the legend low on the right, clear of the curves.
    """
    plot_predictive_values(curve, ax=ax, rated=rated)
    ax.set_xlabel("Share of assessed suspects with contact offending (prevalence)")
    ax.set_ylabel("Predictive value")
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 0.2))
    if marks is not None:
        # After the legend, so that the labels keep clear of it too.
        mark_base_rates(curve, marks, ax=ax)
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
