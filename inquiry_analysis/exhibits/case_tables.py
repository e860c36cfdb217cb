"""The plotted data of a case file's exhibits: rates by level (AN-22), the ROC (AN-23), metrics at each cut (AN-24).

Each ``*_table`` function arranges part of a :class:`~inquiry_analysis.metrics.case_files.CaseFileEvaluation`
as a plain frame, the data an exhibit exports and :mod:`inquiry_analysis.charts.cases` draws. Nothing
here computes a statistic: counts, rates, intervals and ROC points all come from
:func:`~inquiry_analysis.metrics.case_files.evaluate_case_file`. What is withheld is decided by
:func:`inquiry_analysis.disclosure.publishable_cases` (the levels and cuts passed in), and marked
``"[c]"`` (GSS convention). A table that marks rows ``"[c]"`` holds its remaining numbers already
rounded to ``attrs["decimals"]``, since such a column is no longer of float type and an export would
not round it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from inquiry_analysis.disclosure import MARKER
from inquiry_analysis.metrics.case_files import CaseFileEvaluation

__all__ = ["cut_metrics_table", "level_rates_table", "roc_table"]

#: The metrics :func:`cut_metrics_table` reports, as (field of ClassificationSummary, label).
_METRICS = (
    ("sensitivity", "Sensitivity"),
    ("specificity", "Specificity"),
    ("ppv", "PPV"),
    ("npv", "NPV"),
    ("accuracy", "Accuracy"),
)
#: Exported precision of shares: fractions to 4 places, a hundredth of a percentage point.
_SHARE_PLACES = 4


def _check_evaluation(evaluation) -> None:
    """TypeError unless ``evaluation`` is a :class:`~inquiry_analysis.metrics.case_files.CaseFileEvaluation`."""
    if not isinstance(evaluation, CaseFileEvaluation):
        raise TypeError(f"expected a CaseFileEvaluation (from evaluate_case_file), got {type(evaluation).__name__}")


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


def level_rates_table(evaluation: CaseFileEvaluation, *, suppressed: pd.Series | None = None) -> pd.DataFrame:
    """The share with the outcome at each level, with its Wilson interval: the data of AN-22.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    suppressed : pandas.Series of bool, optional
        Indexed by level (e.g. :func:`inquiry_analysis.disclosure.cases.suppressed_levels`); a level
        flagged ``True`` has its counts, rate and interval shown as ``"[c]"``. Levels not in the index are shown.

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
        if not pd.api.types.is_bool_dtype(suppressed.dtype):
            raise ValueError(
                f"`suppressed` must hold True or False for each level, but values of type {suppressed.dtype} were "
                "passed"
            )
        hidden = suppressed.reindex(table["level"].tolist(), fill_value=False).to_numpy(dtype=bool)
    return _mark(table.reset_index(drop=True), hidden, ("assessed", "with_outcome", "rate", "lower", "upper"))


def cut_metrics_table(evaluation: CaseFileEvaluation, *, hidden_cuts: Iterable[str] = ()) -> pd.DataFrame:
    """Sensitivity, specificity, PPV, NPV and accuracy at each cut, with intervals, in long form: the data of AN-24.

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


def roc_table(evaluation: CaseFileEvaluation, *, hidden_cuts: Iterable[str] = ()) -> pd.DataFrame:
    """The ROC points of the cuts, from none to all rated positive: the data of AN-23.

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
