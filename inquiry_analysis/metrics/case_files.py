"""A risk tool evaluated on a case file (one row per assessed person): rates by level, every cut, ROC and AUC."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from inquiry_analysis.errors import InquiryAnalysisWarning
from inquiry_analysis.metrics._common import (
    check_confidence_level,
    wilson_interval,
)
from inquiry_analysis.metrics.auc import AucEstimate, _as_outcome, _auc_from_table
from inquiry_analysis.metrics.confusion import ClassificationSummary, ConfusionMatrix, classification_summary

__all__ = [
    "CaseFileEvaluation",
    "auc_at_cuts",
    "evaluate_case_file",
]


@dataclass(frozen=True, kw_only=True)
class CaseFileEvaluation:
    """A risk tool evaluated on a case file: rates by level, metrics at each cut, ROC and AUC.

    Attributes
    ----------
    levels : pandas.DataFrame
        One row per level: people assessed, with the outcome, the rate and its Wilson interval.
    cuts : dict of str to ClassificationSummary
        Every metric at each cut "level or above", highest cut first.
    roc : pandas.DataFrame
        The ROC points (false and true positive rates) of the cuts, from none to all rated positive.
    auc : AucEstimate
        The AUC of the levels as an ordinal score (see :func:`roc_auc`).
    """

    levels: pd.DataFrame
    cuts: dict[str, ClassificationSummary]
    roc: pd.DataFrame
    auc: AucEstimate

    def cuts_frame(self) -> pd.DataFrame:
        """One row per cut, one column per metric (estimates only).

        Returns
        -------
        pandas.DataFrame
            One row per cut (highest first), one column per metric of :class:`ClassificationSummary`.
        """
        return pd.DataFrame({cut: s.as_frame()["estimate"] for cut, s in self.cuts.items()}).T


def _level_codes(risk: pd.Series, levels: Sequence[str]) -> np.ndarray:
    """The position of each row's level in ``levels``, checked."""
    if isinstance(risk.dtype, pd.CategoricalDtype) and list(risk.cat.categories) == list(levels):
        codes = risk.cat.codes.to_numpy()  # as read_case_file returns: no strings are made
        if (codes >= 0).all():
            return codes.astype(np.int64)
    labels = risk.astype("string")
    missing = int(labels.isna().sum())
    if missing:
        raise ValueError(f"`cases` must have a risk level on every row, but {missing} rows have none")
    unknown = set(labels.unique()) - set(levels)
    if unknown:
        raise ValueError(f"risk levels {sorted(unknown)} are not among `levels` ({', '.join(levels)})")
    return labels.map({level: i for i, level in enumerate(levels)}).to_numpy(dtype=np.int64)


def evaluate_case_file(
    cases: pd.DataFrame, *, levels: Sequence[str], confidence_level: float = 0.95
) -> CaseFileEvaluation:
    """Evaluate an ordinal risk rating against an outcome, one row per assessed person.

    ``cases`` has a ``risk_level`` column (one of ``levels``, lowest first) and a boolean ``outcome``
    column (as :func:`inquiry_analysis.read_case_file` returns). Everything is computed from the
    level × outcome table, counted in one pass: the rate at each level (Wilson intervals); for each
    cut "at or above level k" the full :func:`classification_summary`; the ROC joining the cuts; and
    the AUC of the levels as an ordinal score with DeLong's variance (:func:`roc_auc`, whose
    Newcombe interval takes over at the boundary). Time and memory grow linearly with the rows.

    Parameters
    ----------
    cases : pandas.DataFrame
        One row per assessed person, with ``risk_level`` and boolean ``outcome`` columns.
    levels : sequence of str
        The risk levels, lowest first.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    CaseFileEvaluation
        Rates by level, every metric at each cut, the ROC points and the AUC.

    References
    ----------
    DeLong, E. R., DeLong, D. M. and Clarke-Pearson, D. L. (1988). Comparing the areas under two or more
    correlated receiver operating characteristic curves: a nonparametric approach. *Biometrics* 44, 837-845.

    Newcombe, R. G. (2006). Confidence intervals for an effect size measure based on the Mann-Whitney
    statistic. Part 2: asymptotic methods and evaluation. *Statistics in Medicine* 25, 559-573.

    Examples
    --------
    >>> cases = pd.DataFrame({"risk_level": ["Low", "Low", "High", "High", "Low", "High"],
    ...                       "outcome": [False, False, True, True, True, False]})
    >>> result = evaluate_case_file(cases, levels=("Low", "High"))
    >>> result.auc.estimate  # (2 · 2 pairs ordered + (2 · 1 + 1 · 2) tied pairs / 2) / (3 · 3) pairs
    0.6666666666666666
    """
    c = check_confidence_level(confidence_level)
    if not {"risk_level", "outcome"} <= set(cases.columns):
        raise ValueError("`cases` must have the columns 'risk_level' and 'outcome', as read_case_file returns")
    score = _level_codes(cases["risk_level"], levels)
    outcome = _as_outcome(cases["outcome"], "outcome")
    if outcome.all() or not outcome.any():
        raise ValueError("the case file needs people with and without the outcome to measure accuracy")
    k = len(levels)
    table = np.bincount(2 * score + outcome, minlength=2 * k).reshape(k, 2)
    negatives_at, positives_at = table[:, 0].tolist(), table[:, 1].tolist()
    rows = []
    for i, level in enumerate(levels):
        hits, n = positives_at[i], positives_at[i] + negatives_at[i]
        low, high = wilson_interval(hits, n, confidence_level=c) if n else (math.nan, math.nan)
        rows.append(
            {
                "level": level,
                "assessed": n,
                "with_outcome": hits,
                "rate": hits / n if n else math.nan,
                "lower": low,
                "upper": high,
            }
        )
    cuts, roc = {}, [{"cut": "none rated positive", "fpr": 0.0, "tpr": 0.0}]
    for i in range(k - 1, 0, -1):
        matrix = ConfusionMatrix(
            tp=sum(positives_at[i:]), fn=sum(positives_at[:i]), fp=sum(negatives_at[i:]), tn=sum(negatives_at[:i])
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InquiryAnalysisWarning)
            summary = classification_summary(matrix, confidence_level=c)
        label = f"{levels[i]} or above"
        cuts[label] = summary
        roc.append({"cut": label, "fpr": 1 - summary.specificity.estimate, "tpr": summary.sensitivity.estimate})
    roc.append({"cut": "all rated positive", "fpr": 1.0, "tpr": 1.0})
    auc = _auc_from_table(table[:, 1], table[:, 0], c)
    return CaseFileEvaluation(levels=pd.DataFrame(rows), cuts=cuts, roc=pd.DataFrame(roc), auc=auc)


def auc_at_cuts(
    evaluation: CaseFileEvaluation, *, hidden_cuts: Sequence[str] = (), confidence_level: float = 0.95
) -> AucEstimate:
    """The AUC of the levels with the cuts in ``hidden_cuts`` removed: the area under the ROC as drawn.

    Removing the cut "level j or above" merges level j with the level below it, so people on
    either side of it tie. Where disclosure control withholds a cut, the AUC of the full scale
    would depend on the hidden cells (with the published totals fixed, each possible value of a
    hidden cell gives a different AUC, so the AUC could reveal it); the AUC of the merged scale
    depends only on the cuts published, and it is the area under the ROC drawn through them. With
    no cut hidden it is ``evaluation.auc``. Interval and method as :func:`roc_auc`.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
        From :func:`evaluate_case_file`.
    hidden_cuts : sequence of str, default ()
        Cuts ("High or above") to remove, merging each level with the one below it.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    AucEstimate
        The AUC of the merged levels with its interval.

    Examples
    --------
    >>> cases = pd.DataFrame({"risk_level": ["Low", "Low", "High", "High", "Medium", "High"],
    ...                       "outcome": [False, False, True, True, True, False]})
    >>> result = evaluate_case_file(cases, levels=("Low", "Medium", "High"))
    >>> result.auc.estimate  # (2 + 2·2 + 2·1/2) / 9 pairs
    0.7777777777777778
    >>> auc_at_cuts(result, hidden_cuts=["High or above"]).estimate  # Medium and High tie: (3·2 + 3·1/2) / 9
    0.8333333333333334
    """
    c = check_confidence_level(confidence_level)
    labels = list(evaluation.levels["level"])
    known = {f"{level} or above": i for i, level in enumerate(labels) if i > 0}
    unknown = [cut for cut in hidden_cuts if cut not in known]
    if unknown:
        raise ValueError(
            f"`hidden_cuts` must name cuts of the evaluation ({', '.join(known)}), but {unknown!r} was passed"
        )
    merged_into = list(range(len(labels)))
    for i in sorted(known[cut] for cut in hidden_cuts):
        merged_into[i] = merged_into[i - 1]
    positives = np.bincount(merged_into, weights=evaluation.levels["with_outcome"].to_numpy(dtype=float))
    negatives = np.bincount(
        merged_into, weights=(evaluation.levels["assessed"] - evaluation.levels["with_outcome"]).to_numpy(dtype=float)
    )
    keep = sorted(set(merged_into))
    return _auc_from_table(positives[keep].astype(np.int64), negatives[keep].astype(np.int64), c)
