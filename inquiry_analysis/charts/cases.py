"""Drawing a risk tool evaluated on a force's own case file, as disclosure control leaves it (AN-21 to AN-26).

Each ``plot_*`` function draws a table that :mod:`inquiry_analysis.exhibits.case_tables` arranged (or the
level × outcome table :func:`inquiry_analysis.disclosure.publishable_cases` suppressed) onto ``ax`` (a new
one if not given) in the house style, labels its axes, places its legend and returns the Axes; one
function finishes each exhibit. Nothing here computes a statistic or decides what may be shown: counts,
rates, intervals, ROC points and the AUC come from
:func:`~inquiry_analysis.metrics.case_files.evaluate_case_file`, what is withheld from
:mod:`inquiry_analysis.disclosure.cases`.

The case file holds records about people, so every exported number is subject to disclosure
control (GSS convention): a suppressed cell is marked ``"[c]"``. The ``plot_*`` functions take the
frames as disclosure control leaves them, with a suppressed cell either as ``"[c]"`` (object
column) or as ``nan`` (float column); what is suppressed is not drawn, and ``"[c]"`` is written
where a bar or point would stand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from inquiry_analysis.charts._base import as_drawn, axes_for
from inquiry_analysis.charts.accuracy import plot_net_benefit_exhibit, plot_predictive_values_exhibit
from inquiry_analysis.disclosure import MARKER, TOTAL
from inquiry_analysis.exhibits.style import PALETTE, drawn_text, house_style
from inquiry_analysis.metrics.auc import AucEstimate

if TYPE_CHECKING:
    import matplotlib.axes

__all__ = [
    "plot_cut_metrics",
    "plot_cut_net_benefit",
    "plot_cut_predictive_values",
    "plot_level_outcomes",
    "plot_level_rates",
    "plot_roc",
]


def _numbers(values: pd.Series, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A column as floats, and where it is suppressed: ``"[c]"`` or missing."""
    out, hidden = np.full(len(values), np.nan), np.zeros(len(values), dtype=bool)
    for i, value in enumerate(values):
        if isinstance(value, str):
            if value.strip() != MARKER:
                raise ValueError(
                    f"column {name!r} must hold numbers or the marker {MARKER!r}, but {value!r} was passed"
                )
            hidden[i] = True
        elif value is None or pd.isna(value):
            hidden[i] = True
        else:
            out[i] = float(value)
    return out, hidden


def plot_level_outcomes(
    shown: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None, outcome_labels: tuple[str, str] | None = None
) -> matplotlib.axes.Axes:
    """Exhibit AN-21: people assessed at each level, with and without the outcome, as grouped bars (seaborn).

    Parameters
    ----------
    shown : pandas.DataFrame
        :func:`inquiry_analysis.disclosure.cases.level_outcome_counts`, possibly after disclosure control
        (``PublishableCases.table.shown``): index the levels, two
        columns (without, then with the outcome); a ``"Total"`` row and column, as
        :func:`inquiry_analysis.disclosure.suppression.suppress` adds, are left out. A suppressed cell,
        ``"[c]"`` or ``nan``, has no bar; ``"[c]"`` is written where it would stand. Other counts
        are written on their bars.
    ax : matplotlib.axes.Axes, optional
        The exhibit's axes; new ones if not given.
    outcome_labels : tuple of (str, str), optional
        Legend text for the two columns; their names by default.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on, labelled, with the legend above the bars.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> shown = pd.DataFrame({"Without outcome": [40, 12], "With outcome": ["[c]", 30]}, index=["Low", "High"])
    >>> ax = plot_level_outcomes(shown)
    >>> [float(bar.get_height()) for bars in ax.containers for bar in bars], [t.get_text() for t in ax.texts]
    ([40.0, 12.0, 30.0], ['40', '12', '[c]', '30'])
    >>> plt.close(ax.figure)
    """
    import seaborn as sns
    from matplotlib.ticker import StrMethodFormatter

    shown = shown.drop(index=TOTAL, errors="ignore").drop(columns=TOTAL, errors="ignore")
    if shown.shape[1] != 2:
        raise ValueError(
            f"`shown` must have two columns (without, then with the outcome), but it has "
            f"{shown.shape[1]}: {list(shown.columns)}"
        )
    labels = [str(c) for c in shown.columns] if outcome_labels is None else list(outcome_labels)
    if len(labels) != 2 or len(set(labels)) != 2:
        raise ValueError(f"`outcome_labels` must be two different labels, but {outcome_labels!r} was passed")
    levels = [str(level) for level in shown.index]
    counts = {label: _numbers(shown[column], str(column)) for label, column in zip(labels, shown.columns)}
    long = pd.DataFrame(
        {
            "level": levels * 2,
            "outcome": [labels[0]] * len(levels) + [labels[1]] * len(levels),
            "count": as_drawn(np.concatenate([counts[labels[0]][0], counts[labels[1]][0]])),
        }
    )
    ax = axes_for(ax)
    with house_style():
        sns.barplot(
            long,
            x="level",
            y="count",
            hue="outcome",
            order=levels,
            hue_order=labels,
            palette=[PALETTE[0], PALETTE[1]],
            errorbar=None,
            width=0.8,
            ax=ax,
        )
        width = 0.8 / 2
        for j, label in enumerate(labels):
            values, hidden = counts[label]
            for i in range(len(levels)):
                x = i + (j - 0.5) * width
                text = MARKER if hidden[i] else f"{values[i]:,.0f}"
                ax.annotate(
                    text,
                    (x, 0 if hidden[i] else as_drawn(values[i])),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=9,
                    color=PALETTE[4] if hidden[i] else "black",
                )
        ax.set_xlabel("Risk level")
        ax.set_ylabel("People assessed")
        # Headroom above the tallest bar and its count holds the legend, so it never covers a bar.
        tallest = max((v for values, hidden in counts.values() for v in values[~hidden]), default=0.0)
        ax.set_ylim(0, 1.3 * tallest if tallest > 0 else 1)
        # seaborn's legend keys are patches labelled with the outcomes; named outright, since matplotlib leaves out of
        # a legend it gathers itself a label starting "_" (the last patch of a label is its key, after the bars).
        keys = {patch.get_label(): patch for patch in ax.patches}
        ax.legend([keys[label] for label in labels], labels, title=None, loc="upper center", ncols=2, frameon=False)
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    return ax


def plot_level_rates(
    table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None, color: str = PALETTE[0]
) -> matplotlib.axes.Axes:
    """Exhibit AN-22: the share with the outcome at each level, points with interval bars; ``"[c]"`` where suppressed.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.exhibits.case_tables.level_rates_table`'s output (columns ``level``,
        ``rate``, ``lower``, ``upper``; a suppressed share is ``"[c]"`` or ``nan``).
    ax : matplotlib.axes.Axes, optional
        The exhibit's axes; new ones if not given.
    color : str, optional
        Colour of the points and bars.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on and labelled.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"level": ["Low", "High"], "assessed": ["[c]", 40], "with_outcome": ["[c]", 30],
    ...                       "rate": ["[c]", 0.75], "lower": ["[c]", 0.6], "upper": ["[c]", 0.86]})
    >>> ax = plot_level_rates(table)
    >>> ax.lines[0].get_xydata().tolist(), [t.get_text() for t in ax.texts]
    ([[1.0, 0.75]], ['[c]'])
    >>> plt.close(ax.figure)
    """
    from matplotlib.ticker import PercentFormatter

    ax = axes_for(ax)
    levels = [str(level) for level in table["level"]]
    rate, hidden = _numbers(table["rate"], "rate")
    lower, upper = _numbers(table["lower"], "lower")[0], _numbers(table["upper"], "upper")[0]
    assessed = _numbers(table["assessed"], "assessed")[0] if "assessed" in table else np.full(len(table), np.nan)
    with house_style():
        shown = [i for i in range(len(levels)) if not hidden[i] and np.isfinite([lower[i], upper[i]]).all()]
        r, lo, hi = (as_drawn(v[shown]) for v in (rate, lower, upper))
        ax.errorbar(
            shown,
            r,
            yerr=[np.subtract(r, lo), np.subtract(hi, r)],
            fmt="o",
            color=color,
            markersize=7,
            capsize=4,
            linestyle="none",
            zorder=3,
        )
        for i in range(len(levels)):
            if hidden[i] and assessed[i] != 0:
                ax.text(
                    i,
                    0.02,
                    MARKER,
                    transform=ax.get_xaxis_transform(),
                    ha="center",
                    va="bottom",
                    fontsize=10,
                    color=PALETTE[4],
                )
        ax.set_xticks(range(len(levels)), labels=[drawn_text(level) for level in levels])
        ax.set_xlim(-0.5, len(levels) - 0.5)
        ax.set_ylim(0, 1 if not shown else min(1.0, 1.1 * max(hi)))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel("Risk level")
        ax.set_ylabel("Share with the outcome")
    return ax


def plot_cut_metrics(table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
    """Exhibit AN-24: each metric at each cut, a row per metric, a coloured point with its interval per cut.

    Cuts are told apart by colour (in the table's order, highest first) and named in a legend
    below the points; a cut whose numbers are ``"[c]"`` (or ``nan``) is not drawn and is named in
    the legend with ``[c]``.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.exhibits.case_tables.cut_metrics_table`'s output.
    ax : matplotlib.axes.Axes, optional
        The exhibit's axes; new ones if not given.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on, labelled, with the legend in a spare row below the metrics.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from inquiry_analysis.exhibits.case_tables import cut_metrics_table
    >>> from inquiry_analysis.metrics.case_files import evaluate_case_file
    >>> cases = pd.DataFrame({"risk_level": ["Low", "Medium", "High"] * 2, "outcome": [False] * 3 + [True] * 3})
    >>> result = evaluate_case_file(cases, levels=("Low", "Medium", "High"))
    >>> ax = plot_cut_metrics(cut_metrics_table(result, hidden_cuts=["High or above"]))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['High or above: [c]', 'Medium or above']
    >>> plt.close(ax.figure)
    """
    from matplotlib.lines import Line2D
    from matplotlib.ticker import PercentFormatter

    ax = axes_for(ax)
    cuts = list(dict.fromkeys(table["cut"]))
    metrics = list(dict.fromkeys(table["metric"]))
    estimate, hidden = _numbers(table["estimate"], "estimate")
    lower, upper = _numbers(table["lower"], "lower")[0], _numbers(table["upper"], "upper")[0]
    step = 0.6 / len(cuts)
    with house_style():
        handles = []
        for j, cut in enumerate(cuts):
            colour = PALETTE[j % len(PALETTE)]
            rows = np.flatnonzero((table["cut"] == cut).to_numpy())
            shown = [k for k in rows if not hidden[k] and np.isfinite([lower[k], upper[k]]).all()]
            y = [metrics.index(table["metric"].iloc[k]) + (j - (len(cuts) - 1) / 2) * step for k in shown]
            e, lo, hi = (as_drawn(v[shown]) for v in (estimate, lower, upper))
            ax.errorbar(
                e,
                as_drawn(y),
                xerr=[np.subtract(e, lo), np.subtract(hi, e)],
                fmt="o",
                color=colour,
                markersize=6,
                capsize=3,
                linestyle="none",
                zorder=3,
            )
            suppressed = bool(hidden[rows].all())
            handles.append(
                Line2D(
                    [],
                    [],
                    color=colour,
                    marker="" if suppressed else "o",
                    linestyle="none",
                    label=f"{cut}: {MARKER}" if suppressed else cut,
                )
            )
        ax.set_yticks(range(len(metrics)), labels=metrics)
        # One spare row below the metrics holds the legend, so it never covers a point.
        ax.set_ylim(len(metrics) + 0.3, -0.6)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel("Estimate (point) and confidence interval (bar)")
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        for i in range(len(metrics) - 1):
            ax.axhline(i + 0.5, color="#D9D9D9", linewidth=0.8, zorder=1)
        ax.legend(
            handles=handles,
            loc="lower center",
            ncols=len(cuts),
            frameon=True,
            facecolor="white",
            edgecolor="none",
            framealpha=1,
            handletextpad=0.3,
            columnspacing=1.5,
        )
    return ax


def plot_roc(
    table: pd.DataFrame,
    auc: AucEstimate,
    *,
    ax: matplotlib.axes.Axes | None = None,
    label: str = "Risk levels",
    color: str = PALETTE[0],
) -> matplotlib.axes.Axes:
    """Exhibit AN-23: the ROC of the levels, the cuts' points joined from (0, 0) to (1, 1), each marked and named.

    Hidden points (``"[c]"`` or ``nan``) are skipped and the line joins the shown ones, so the
    drawn polygon may differ from the curve; each hidden cut is named in the legend with ``[c]``,
    and if every cut is hidden no curve is drawn. The AUC in the legend is ``auc`` as given: computed
    from every case by :func:`~inquiry_analysis.metrics.auc.roc_auc` (as in
    :func:`~inquiry_analysis.metrics.case_files.evaluate_case_file`), not from the drawn points.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.exhibits.case_tables.roc_table`'s output, lowest false positive rate first.
    auc : AucEstimate
        The AUC as published (``PublishableCases.auc``) or ``evaluation.auc``; ``str(auc)`` is written in
        the legend.
    ax : matplotlib.axes.Axes, optional
        The exhibit's axes; new ones if not given.
    label : str, default "Risk levels"
        Legend text of the curve, before the AUC.
    color : str, optional
        Colour of the curve and its points.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on, labelled, square, with the legend low on the right.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from inquiry_analysis.exhibits.case_tables import roc_table
    >>> from inquiry_analysis.metrics.case_files import evaluate_case_file
    >>> cases = pd.DataFrame({"risk_level": ["Low"] * 4 + ["High"] * 4,
    ...                       "outcome": [False, False, False, True, True, True, True, False]})
    >>> result = evaluate_case_file(cases, levels=("Low", "High"))
    >>> ax = plot_roc(roc_table(result), result.auc)
    >>> ax.lines[1].get_xydata().tolist()
    [[0.0, 0.0], [0.25, 0.75], [1.0, 1.0]]
    >>> plt.close(ax.figure)
    """
    if not isinstance(auc, AucEstimate):
        raise TypeError(f"expected an AucEstimate (evaluation.auc) for `auc`, got {type(auc).__name__}")
    ax = axes_for(ax)
    fpr, hidden = _numbers(table["fpr"], "fpr")
    tpr = _numbers(table["tpr"], "tpr")[0]
    shown = ~hidden & np.isfinite(tpr)
    ends = table["cut"].isin(["none rated positive", "all rated positive"]).to_numpy()
    x, y = as_drawn(fpr[shown]), as_drawn(tpr[shown])
    with house_style():
        # The legend's handles are named outright: matplotlib leaves out a label starting "_" that it
        # gathers itself, and a level's name comes from the user's file.
        handles = ax.plot([0, 1], [0, 1], color=PALETTE[4], linestyle=":", linewidth=1.2, label="Chance (AUC 0.5)")
        marked = shown & ~ends
        # With every cut hidden, a line from (0, 0) to (1, 1) would read as chance: draw none.
        if not marked.any():
            x, y = [], []
        # Two lines keep the legend narrow enough to sit below the chance line, clear of the curve.
        handles += ax.plot(x, y, color=color, linewidth=2, label=f"{label}\nAUC {auc}")
        ax.plot(
            as_drawn(fpr[marked]),
            as_drawn(tpr[marked]),
            marker="o",
            color=color,
            markersize=7,
            linestyle="none",
            zorder=3,
        )
        for cut, px, py in zip(table["cut"][marked], fpr[marked], tpr[marked]):
            # Below and to the right of the point, between the curve and the chance line, on white so a line
            # passing behind does not strike through it.
            ax.annotate(
                str(cut),
                (as_drawn(px), as_drawn(py)),
                xytext=(7, -3),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=9,
                color=PALETTE[4],
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )
        for cut in table["cut"][~shown & ~ends]:
            handles += ax.plot([], [], linestyle="none", label=f"{cut}: {MARKER}")
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel("False positive rate (1 − specificity)")
        ax.set_ylabel("True positive rate (sensitivity)")
        ax.legend(handles=handles, loc="lower right", frameon=False)
    return ax


def plot_cut_predictive_values(
    curve: pd.DataFrame, *, positive_from: str, marks: pd.DataFrame | None = None, ax: matplotlib.axes.Axes
) -> matplotlib.axes.Axes:
    """Exhibit AN-25: PPV and NPV at the cut against prevalence, published base rates marked.

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`inquiry_analysis.metrics.predictive.predictive_value_curve`'s table (the exhibit's data).
    positive_from : str
        The lowest level rated positive, as the curves name the cut ("rated High or above", "rated below
        High").
    marks : pandas.DataFrame, optional
        Base rates to mark (``prevalence``, ``label``), as :func:`inquiry_analysis.exhibits.cases.base_rate_marks`
        chooses them.
    ax : matplotlib.axes.Axes
        The exhibit's axes.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on by ``charts.plot_predictive_values``, labelled, with the legend low on the right,
        clear of the curves.
    """
    return plot_predictive_values_exhibit(
        curve, marks=marks, ax=ax, rated=(f"{positive_from} or above", f"below {positive_from}")
    )


def plot_cut_net_benefit(table: pd.DataFrame, *, positive_from: str, ax: matplotlib.axes.Axes) -> matplotlib.axes.Axes:
    """Exhibit AN-26: net benefit of acting on ratings at the cut, on everyone and on no one, against the threshold.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.metrics.net_benefit.net_benefit`'s output (the exhibit's data).
    positive_from : str
        The lowest level acted on, as the legend names it ("Act on High or above").
    ax : matplotlib.axes.Axes
        The exhibit's axes.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn on by ``charts.plot_net_benefit``, labelled, with the legend top right.
    """
    return plot_net_benefit_exhibit(table, rating=f"{positive_from} or above", ax=ax)
