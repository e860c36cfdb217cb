"""Charts of a risk tool evaluated on a force's own case file, fit for disclosure control.

Each ``*_table`` function arranges part of a :class:`~inquiry_analysis.metrics.case_files.CaseFileEvaluation`
as a plain frame, the plotted data of an exhibit; each ``plot_*`` function draws such a frame onto
``ax`` (a new one if not given) in the house style and returns the Axes. Nothing here computes a
statistic: counts, rates, intervals, ROC points and the AUC all come from
:func:`~inquiry_analysis.metrics.case_files.evaluate_case_file`.

The case file holds records about people, so every exported number is subject to disclosure
control (GSS convention): a suppressed cell is marked ``"[c]"``. The ``plot_*`` functions take the
frames as disclosure control leaves them, with a suppressed cell either as ``"[c]"`` (object
column) or as ``nan`` (float column); what is suppressed is not drawn, and ``"[c]"`` is written
where a bar or point would stand. A table that marks rows ``"[c]"`` holds its remaining numbers
already rounded to ``attrs["decimals"]``, since such a column is no longer of float type and an
export would not round it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from inquiry_analysis.charts._base import as_drawn, axes_for
from inquiry_analysis.disclosure.suppression import MARKER
from inquiry_analysis.disclosure.suppression import TOTAL as _TOTAL
from inquiry_analysis.exhibits.style import PALETTE, house_style
from inquiry_analysis.metrics.auc import AucEstimate
from inquiry_analysis.metrics.case_files import CaseFileEvaluation, auc_at_cuts

__all__ = [
    "OUTCOME_LABELS",
    "cut_metrics_table",
    "level_outcome_counts",
    "level_rates_table",
    "plot_cut_metrics",
    "plot_level_outcomes",
    "plot_level_rates",
    "plot_roc",
    "published_auc",
    "roc_table",
    "suppressed_levels",
    "unpublishable_cuts",
]

#: Column names of :func:`level_outcome_counts`: people without, then with, the outcome.
OUTCOME_LABELS = ("Without outcome", "With outcome")
#: The metrics :func:`cut_metrics_table` reports, as (field of ClassificationSummary, label).
_METRICS = (
    ("sensitivity", "Sensitivity"),
    ("specificity", "Specificity"),
    ("ppv", "PPV"),
    ("npv", "NPV"),
    ("accuracy", "Accuracy"),
)
#: Exported precision: shares as fractions to 4 places, a hundredth of a percentage point.
_SHARE_PLACES = 4


def _check_evaluation(evaluation) -> None:
    if not isinstance(evaluation, CaseFileEvaluation):
        raise TypeError(f"expected a CaseFileEvaluation (from evaluate_case_file), got {type(evaluation).__name__}")


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


def _mark(table: pd.DataFrame, hidden: np.ndarray, columns: Iterable[str]) -> pd.DataFrame:
    """``"[c]"`` in ``columns`` on the hidden rows; floats left in those columns are rounded to their places."""
    if not hidden.any():
        return table
    decimals = table.attrs.get("decimals", {})
    for column in columns:
        places = decimals.get(column)
        table[column] = pd.Series(
            [
                MARKER if h else (round(float(v), places) if places is not None and pd.notna(v) else v)
                for v, h in zip(table[column].tolist(), hidden)
            ],
            index=table.index,
            dtype=object,
        )
    return table


def _hidden_cuts(evaluation: CaseFileEvaluation, hidden_cuts) -> set[str]:
    if isinstance(hidden_cuts, str):
        raise TypeError(
            f"`hidden_cuts` must be a collection of cut labels, but the single string {hidden_cuts!r} "
            "was passed; wrap it in a list"
        )
    hidden = set(hidden_cuts)
    unknown = hidden - set(evaluation.cuts)
    if unknown:
        raise ValueError(
            f"`hidden_cuts` names {sorted(unknown)}, which are not cuts of this evaluation; "
            f"expected some of: {', '.join(evaluation.cuts)}"
        )
    return hidden


def level_outcome_counts(
    evaluation: CaseFileEvaluation, *, outcome_labels: tuple[str, str] = OUTCOME_LABELS
) -> pd.DataFrame:
    """The level × outcome table of counts: the cells disclosure control works on.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
        From :func:`~inquiry_analysis.metrics.case_files.evaluate_case_file`.
    outcome_labels : tuple of (str, str), default ("Without outcome", "With outcome")
        Column names for people without and with the outcome.

    Returns
    -------
    pandas.DataFrame
        Index ``level`` (lowest first), two columns of whole numbers. An exhibit exports its data
        without the index, so pass ``table.reset_index()`` as an exhibit's ``data``.

    Examples
    --------
    >>> from inquiry_analysis.metrics.case_files import evaluate_case_file
    >>> cases = pd.DataFrame({"risk_level": ["Low", "Low", "Low", "High", "High"],
    ...                       "outcome": [False, False, True, True, False]})
    >>> table = level_outcome_counts(evaluate_case_file(cases, levels=("Low", "High")))
    >>> table.to_dict(orient="index")
    {'Low': {'Without outcome': 2, 'With outcome': 1}, 'High': {'Without outcome': 1, 'With outcome': 1}}
    """
    _check_evaluation(evaluation)
    if len(outcome_labels) != 2 or len(set(outcome_labels)) != 2:
        raise ValueError(
            f"`outcome_labels` must be two different labels, without then with the outcome, "
            f"but {outcome_labels!r} was passed"
        )
    levels = evaluation.levels
    without = (levels["assessed"] - levels["with_outcome"]).astype("int64")
    table = pd.DataFrame(
        {outcome_labels[0]: without.to_numpy(), outcome_labels[1]: levels["with_outcome"].astype("int64").to_numpy()},
        index=pd.Index(levels["level"].tolist(), name="level"),
    )
    table.columns.name = "outcome"
    return table


def _without_total_row(shown: pd.DataFrame) -> pd.DataFrame:
    return shown.drop(index=_TOTAL) if _TOTAL in shown.index else shown


def suppressed_levels(shown: pd.DataFrame) -> pd.Series:
    """Which levels of a (suppressed) count table have a suppressed cell, so their rate is not shown.

    A level's rate and its interval are built from its cells and its total, so a rate would
    disclose any one of them. Pass the result as ``suppressed`` to :func:`level_rates_table`.

    Parameters
    ----------
    shown : pandas.DataFrame
        Levels by outcome, suppressed cells ``"[c]"`` or ``nan``; a ``"Total"`` row (as
        :func:`inquiry_analysis.disclosure.suppression.suppress` adds) is left out, a ``"Total"`` column counts.

    Returns
    -------
    pandas.Series of bool
        Indexed by level.

    Examples
    --------
    >>> shown = pd.DataFrame({"Without outcome": [40, 12], "With outcome": ["[c]", 30]}, index=["Low", "High"])
    >>> suppressed_levels(shown).to_dict()
    {'Low': True, 'High': False}
    """
    shown = _without_total_row(shown)
    flags = np.zeros(len(shown), dtype=bool)
    for column in shown.columns:
        flags |= _numbers(shown[column], str(column))[1]
    return pd.Series(flags, index=shown.index, name="suppressed")


def published_auc(evaluation: CaseFileEvaluation, table, *, hidden_cuts: Iterable[str]) -> AucEstimate | None:
    """The AUC that may be shown beside a suppressed table, or None where it would reveal a hidden cell.

    The AUC at the published cuts (:func:`~inquiry_analysis.metrics.case_files.auc_at_cuts`) is built
    from the published cumulative counts only, and its interval from the numbers with and without
    the outcome. So it is withheld when those column totals are hidden (the interval would give
    them away: with every level merged the AUC is 0.5 and its interval depends on nothing else), and
    when every cut is withheld (a scale merged into one level says nothing about the ratings).

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    table : SuppressedTable
        :func:`inquiry_analysis.disclosure.suppression.suppress` of :func:`level_outcome_counts`, with margins.
    hidden_cuts : iterable of str
        The cuts withheld (:func:`unpublishable_cuts`).
    """
    _check_evaluation(evaluation)
    hidden = list(hidden_cuts)
    if not table.margins or bool(table.suppressed.loc[_TOTAL].any()) or len(set(hidden)) >= len(evaluation.cuts):
        return None
    return auc_at_cuts(evaluation, hidden_cuts=hidden, confidence_level=evaluation.auc.confidence_level)


def unpublishable_cuts(evaluation: CaseFileEvaluation, *publishable: Iterable[bool]) -> list[str]:
    """The labels of the cuts that may not be published, for ``hidden_cuts``.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    *publishable : sequences of bool
        One per column of counts whose cumulative sums a cut publishes (e.g. without and with the
        outcome), each as :func:`inquiry_analysis.disclosure.suppression.publishable_cuts` returns it: entry
        ``j - 1`` for the cut "level ``j`` or above", lowest cut first. A cut is hidden if any
        sequence refuses it.

    Returns
    -------
    list of str
        Highest cut first, as in ``evaluation.cuts``.

    Examples
    --------
    >>> from inquiry_analysis.metrics.case_files import evaluate_case_file
    >>> cases = pd.DataFrame({"risk_level": ["Low", "Medium", "High", "Low", "Medium", "High"],
    ...                       "outcome": [False, False, False, True, True, True]})
    >>> result = evaluate_case_file(cases, levels=("Low", "Medium", "High"))
    >>> unpublishable_cuts(result, [True, True], [False, True])
    ['Medium or above']
    """
    _check_evaluation(evaluation)
    lowest_first = list(evaluation.cuts)[::-1]
    hidden = set()
    for flags in publishable:
        flags = [bool(flag) for flag in flags]
        if len(flags) != len(lowest_first):
            raise ValueError(
                f"each of `publishable` must give one True/False per cut ({len(lowest_first)}, "
                f"lowest first), but {len(flags)} values were passed"
            )
        hidden |= {cut for cut, ok in zip(lowest_first, flags) if not ok}
    return [cut for cut in evaluation.cuts if cut in hidden]


def plot_level_outcomes(shown: pd.DataFrame, *, ax=None, outcome_labels: tuple[str, str] | None = None):
    """People assessed at each level, with and without the outcome, as grouped bars (seaborn).

    Parameters
    ----------
    shown : pandas.DataFrame
        :func:`level_outcome_counts`, possibly after disclosure control: index the levels, two
        columns (without, then with the outcome); a ``"Total"`` row and column, as
        :func:`inquiry_analysis.disclosure.suppression.suppress` adds, are left out. A suppressed cell,
        ``"[c]"`` or ``nan``, has no bar; ``"[c]"`` is written where it would stand. Other counts
        are written on their bars.
    ax : matplotlib.axes.Axes, optional
    outcome_labels : tuple of (str, str), optional
        Legend text for the two columns; their names by default.

    Returns
    -------
    matplotlib.axes.Axes

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

    shown = _without_total_row(shown)
    if _TOTAL in shown.columns:
        shown = shown.drop(columns=_TOTAL)
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
        ax.legend(title=None, loc="upper center", ncols=2, frameon=False)
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    return ax


def level_rates_table(evaluation: CaseFileEvaluation, *, suppressed: pd.Series | None = None) -> pd.DataFrame:
    """The share with the outcome at each level, with its Wilson interval, as :func:`plot_level_rates` draws it.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    suppressed : pandas.Series of bool, optional
        Indexed by level (e.g. :func:`suppressed_levels`); a level flagged ``True`` has its counts,
        rate and interval shown as ``"[c]"``. Levels not in the index are shown.

    Returns
    -------
    pandas.DataFrame
        Columns ``level``, ``assessed``, ``with_outcome``, ``rate``, ``lower``, ``upper`` (shares as
        fractions); ``attrs["decimals"]`` gives 4 places for the shares.

    Examples
    --------
    >>> from inquiry_analysis.metrics.case_files import evaluate_case_file
    >>> cases = pd.DataFrame({"risk_level": ["Low"] * 4 + ["High"] * 4,
    ...                       "outcome": [False, False, False, True, True, True, True, False]})
    >>> table = level_rates_table(evaluate_case_file(cases, levels=("Low", "High")),
    ...                           suppressed=pd.Series({"Low": True}))
    >>> table[["level", "rate"]].values.tolist()
    [['Low', '[c]'], ['High', 0.75]]
    """
    _check_evaluation(evaluation)
    table = evaluation.levels[["level", "assessed", "with_outcome", "rate", "lower", "upper"]].copy()
    table.attrs["decimals"] = dict.fromkeys(("rate", "lower", "upper"), _SHARE_PLACES)
    hidden = np.zeros(len(table), dtype=bool)
    if suppressed is not None:
        unknown = set(suppressed.index) - set(table["level"])
        if unknown:
            raise ValueError(
                f"`suppressed` flags levels {sorted(map(str, unknown))}, which are not levels of this "
                f"evaluation; expected some of: {', '.join(table['level'])}"
            )
        flags = suppressed.reindex(table["level"].tolist(), fill_value=False)
        if not pd.api.types.is_bool_dtype(flags.dtype):
            raise ValueError(
                f"`suppressed` must hold True or False for each level, but values of type {flags.dtype} were passed"
            )
        hidden = flags.to_numpy(dtype=bool)
    return _mark(table.reset_index(drop=True), hidden, ("assessed", "with_outcome", "rate", "lower", "upper"))


def plot_level_rates(table: pd.DataFrame, *, ax=None, color: str = PALETTE[0]):
    """The share with the outcome at each level: points with their interval bars; ``"[c]"`` where suppressed.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`level_rates_table`'s output (columns ``level``, ``rate``, ``lower``, ``upper``; a
        suppressed share is ``"[c]"`` or ``nan``).
    ax : matplotlib.axes.Axes, optional
    color : str, optional

    Returns
    -------
    matplotlib.axes.Axes

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
        ax.set_xticks(range(len(levels)), labels=levels)
        ax.set_xlim(-0.5, len(levels) - 0.5)
        ax.set_ylim(0, 1 if not shown else min(1.0, 1.1 * max(hi)))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel("Risk level")
        ax.set_ylabel("Share with the outcome")
    return ax


def cut_metrics_table(evaluation: CaseFileEvaluation, *, hidden_cuts: Iterable[str] = ()) -> pd.DataFrame:
    """Sensitivity, specificity, PPV, NPV and accuracy at each cut, with intervals, in long form.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    hidden_cuts : collection of str
        Cuts (keys of ``evaluation.cuts``, e.g. "High or above") whose numbers disclosure control
        withholds: shown as ``"[c]"``.

    Returns
    -------
    pandas.DataFrame
        One row per cut and metric, highest cut first: ``cut``, ``metric``, ``estimate``, ``lower``,
        ``upper`` (fractions; Wilson intervals, as in
        :func:`~inquiry_analysis.metrics.confusion.classification_summary`), ``numerator`` and
        ``denominator``. An undefined PPV or NPV (no one rated on that side) is ``nan``.

    Examples
    --------
    >>> from inquiry_analysis.metrics.case_files import evaluate_case_file
    >>> cases = pd.DataFrame({"risk_level": ["Low"] * 4 + ["High"] * 4,
    ...                       "outcome": [False, False, False, True, True, True, True, False]})
    >>> table = cut_metrics_table(evaluate_case_file(cases, levels=("Low", "High")))
    >>> table.loc[table["metric"] == "Sensitivity", ["cut", "numerator", "denominator"]].values.tolist()
    [['High or above', 3, 4]]
    """
    _check_evaluation(evaluation)
    hidden = _hidden_cuts(evaluation, hidden_cuts)
    rows = []
    for cut, summary in evaluation.cuts.items():
        for field, label in _METRICS:
            e = getattr(summary, field)
            rows.append(
                {
                    "cut": cut,
                    "metric": label,
                    "estimate": e.estimate,
                    "lower": e.lower,
                    "upper": e.upper,
                    "numerator": e.numerator,
                    "denominator": e.denominator,
                }
            )
    table = pd.DataFrame(rows)
    for column in ("numerator", "denominator"):
        table[column] = table[column].astype("Int64")
    table.attrs["decimals"] = dict.fromkeys(("estimate", "lower", "upper"), _SHARE_PLACES)
    return _mark(
        table, table["cut"].isin(hidden).to_numpy(), ("estimate", "lower", "upper", "numerator", "denominator")
    )


def plot_cut_metrics(table: pd.DataFrame, *, ax=None):
    """Each metric at each cut: a row per metric, a coloured point with its interval per cut.

    Cuts are told apart by colour (in the table's order, highest first) and named in a legend
    below the points; a cut whose numbers are ``"[c]"`` (or ``nan``) is not drawn and is named in
    the legend with ``[c]``.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`cut_metrics_table`'s output.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
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


def roc_table(evaluation: CaseFileEvaluation, *, hidden_cuts: Iterable[str] = ()) -> pd.DataFrame:
    """The ROC points of the cuts, from none to all rated positive, as :func:`plot_roc` draws them.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    hidden_cuts : collection of str
        Cuts whose point disclosure control withholds: ``fpr`` and ``tpr`` shown as ``"[c]"``. The
        end points (0, 0) and (1, 1) disclose nothing and are always shown.

    Returns
    -------
    pandas.DataFrame
        Columns ``cut``, ``fpr`` (1 − specificity), ``tpr`` (sensitivity), fractions to 4 places
        in ``attrs["decimals"]``.

    Examples
    --------
    >>> from inquiry_analysis.metrics.case_files import evaluate_case_file
    >>> cases = pd.DataFrame({"risk_level": ["Low"] * 4 + ["High"] * 4,
    ...                       "outcome": [False, False, False, True, True, True, True, False]})
    >>> roc_table(evaluate_case_file(cases, levels=("Low", "High"))).values.tolist()
    [['none rated positive', 0.0, 0.0], ['High or above', 0.25, 0.75], ['all rated positive', 1.0, 1.0]]
    """
    _check_evaluation(evaluation)
    hidden = _hidden_cuts(evaluation, hidden_cuts)
    table = evaluation.roc[["cut", "fpr", "tpr"]].copy().reset_index(drop=True)
    table.attrs["decimals"] = dict.fromkeys(("fpr", "tpr"), _SHARE_PLACES)
    return _mark(table, table["cut"].isin(hidden).to_numpy(), ("fpr", "tpr"))


def plot_roc(table: pd.DataFrame, auc: AucEstimate, *, ax=None, label: str = "Risk levels", color: str = PALETTE[0]):
    """The ROC of the levels: the cuts' points joined from (0, 0) to (1, 1), each marked and named.

    Hidden points (``"[c]"`` or ``nan``) are skipped and the line joins the shown ones, so the
    drawn polygon may differ from the curve; each hidden cut is named in the legend with ``[c]``,
    and if every cut is hidden no curve is drawn. The AUC in the legend is ``auc`` as given: computed
    from every case by :func:`~inquiry_analysis.metrics.auc.roc_auc` (as in
    :func:`~inquiry_analysis.metrics.case_files.evaluate_case_file`), not from the drawn points.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`roc_table`'s output, lowest false positive rate first.
    auc : AucEstimate
        ``evaluation.auc``; ``str(auc)`` is written in the legend.
    ax : matplotlib.axes.Axes, optional
    label : str, default "Risk levels"
        Legend text of the curve, before the AUC.
    color : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
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
        ax.plot([0, 1], [0, 1], color=PALETTE[4], linestyle=":", linewidth=1.2, label="Chance (AUC 0.5)")
        marked = shown & ~ends
        # With every cut hidden, a line from (0, 0) to (1, 1) would read as chance: draw none.
        if not marked.any():
            x, y = [], []
        # Two lines keep the legend narrow enough to sit below the chance line, clear of the curve.
        ax.plot(x, y, color=color, linewidth=2, label=f"{label}\nAUC {auc}")
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
            ax.plot([], [], linestyle="none", label=f"{cut}: {MARKER}")
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel("False positive rate (1 − specificity)")
        ax.set_ylabel("True positive rate (sensitivity)")
        ax.legend(loc="lower right", frameon=False)
    return ax
