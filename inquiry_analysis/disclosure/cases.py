"""What of a case file's evaluation may be published: the level × outcome table, the cuts, the levels' rates, the AUC.

A case file holds records about people, so everything shown from it goes through :func:`publishable_cases`,
which decides once, for every table and exhibit of one run:

* **The level × outcome table** (:func:`level_outcome_counts`), with its margins, is suppressed and audited
  by :func:`inquiry_analysis.disclosure.suppression.suppress`: counts below ``min_cell`` and the cells
  from which one could be worked out read ``[c]``.
* **Cuts** ("level or above") publish cumulative counts, so a cut is withheld when those would reveal a
  hidden cell (:meth:`~inquiry_analysis.disclosure.suppression.SuppressedTable.publishable_cuts`, named by
  :func:`unpublishable_cuts`): its metrics, ROC point, predictive values and net benefit are not shown.
* **A level's rate** is built from its cells, so it is withheld when any of them is (:func:`suppressed_levels`).
* **The AUC** is that of the levels merged at the withheld cuts, and is withheld when its interval would
  reveal a hidden total, or when every cut is withheld (:func:`published_auc`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from inquiry_analysis.disclosure.suppression import DEFAULT_MIN_CELL, MARKER, TOTAL, SuppressedTable, suppress
from inquiry_analysis.metrics.auc import AucEstimate
from inquiry_analysis.metrics.case_files import CaseFileEvaluation, auc_at_cuts

__all__ = [
    "OUTCOME_LABELS",
    "PublishableCases",
    "level_outcome_counts",
    "publishable_cases",
    "published_auc",
    "suppressed_levels",
    "unpublishable_cuts",
]

#: Column names of :func:`level_outcome_counts`: people without, then with, the outcome.
OUTCOME_LABELS = ("Without outcome", "With outcome")


def _check_evaluation(evaluation) -> None:
    if not isinstance(evaluation, CaseFileEvaluation):
        raise TypeError(f"expected a CaseFileEvaluation (from evaluate_case_file), got {type(evaluation).__name__}")


def _hidden(values: pd.Series, name: str) -> np.ndarray:
    """Where a column is suppressed: ``"[c]"`` or missing; any other text is refused."""
    hidden = np.zeros(len(values), dtype=bool)
    for i, value in enumerate(values):
        if isinstance(value, str):
            if value.strip() != MARKER:
                raise ValueError(
                    f"column {name!r} must hold numbers or the marker {MARKER!r}, but {value!r} was passed"
                )
            hidden[i] = True
        elif value is None or pd.isna(value):
            hidden[i] = True
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


def suppressed_levels(shown: pd.DataFrame) -> pd.Series:
    """Which levels of a (suppressed) count table have a suppressed cell, so their rate is not shown.

    A level's rate and its interval are built from its cells and its total, so a rate would
    disclose any one of them.

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
    shown = shown.drop(index=TOTAL) if TOTAL in shown.index else shown
    flags = np.zeros(len(shown), dtype=bool)
    for column in shown.columns:
        flags |= _hidden(shown[column], str(column))
    return pd.Series(flags, index=shown.index, name="suppressed")


def published_auc(
    evaluation: CaseFileEvaluation, table: SuppressedTable, *, hidden_cuts: Iterable[str]
) -> AucEstimate | None:
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

    Returns
    -------
    AucEstimate or None
        The AUC of the levels merged at the withheld cuts, at the evaluation's confidence level.
    """
    _check_evaluation(evaluation)
    hidden = list(hidden_cuts)
    if not table.margins or bool(table.suppressed.loc[TOTAL].any()) or len(set(hidden)) >= len(evaluation.cuts):
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


@dataclass(frozen=True, kw_only=True, eq=False)
class PublishableCases:
    """What of a case file's evaluation may be published, decided once for every table and exhibit of a run.

    Attributes
    ----------
    table : SuppressedTable
        The level × outcome table (:func:`level_outcome_counts`) with its margins, suppressed and
        audited; ``table.shown`` is what may be exported.
    hidden_cuts : tuple of str
        The cuts withheld, highest first (:func:`unpublishable_cuts`).
    hidden_levels : pandas.Series of bool
        By level, whether its rate is withheld (:func:`suppressed_levels`).
    auc : AucEstimate or None
        The AUC that may be shown (the levels merged at the withheld cuts), or None where it is
        withheld (:func:`published_auc`).
    min_cell : int
        The smallest count shown.
    """

    table: SuppressedTable
    hidden_cuts: tuple[str, ...]
    hidden_levels: pd.Series
    auc: AucEstimate | None
    min_cell: int


def publishable_cases(evaluation: CaseFileEvaluation, *, min_cell: int = DEFAULT_MIN_CELL) -> PublishableCases:
    """What of ``evaluation`` may be published: the suppressed table, the cuts, the levels' rates, the AUC.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
        From :func:`~inquiry_analysis.metrics.case_files.evaluate_case_file`.
    min_cell : int, default 5
        Counts below this are withheld, and so is every cell, cut, rate or AUC that would reveal one.

    Returns
    -------
    PublishableCases

    Examples
    --------
    >>> from inquiry_analysis.metrics.case_files import evaluate_case_file
    >>> cases = pd.DataFrame({"risk_level": ["Low"] * 12 + ["High"] * 12, "outcome": [False] * 9 + [True] * 15})
    >>> published = publishable_cases(evaluate_case_file(cases, levels=("Low", "High")), min_cell=5)
    >>> published.table.shown.loc["Low"].tolist(), published.hidden_cuts
    (['[c]', '[c]', 12], ('High or above',))
    """
    _check_evaluation(evaluation)
    table = suppress(level_outcome_counts(evaluation), min_cell=min_cell)
    hidden_cuts = unpublishable_cuts(evaluation, table.publishable_cuts())
    return PublishableCases(
        table=table,
        hidden_cuts=tuple(hidden_cuts),
        hidden_levels=suppressed_levels(table.shown),
        auc=published_auc(evaluation, table, hidden_cuts=hidden_cuts),
        min_cell=table.min_cell,
    )
