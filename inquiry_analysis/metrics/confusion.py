"""A two-way classification's counts and every standard metric of them, with intervals.

A :class:`ConfusionMatrix` and its :func:`classification_summary`: accuracy, sensitivity, specificity,
PPV and NPV with Wilson intervals, balanced accuracy by MOVER (Zou & Donner 2008) and likelihood ratios
by the log method (Simel, Samsa & Matchar 1991); and the counts (and tables) a published percentage of
a known whole can come from (the GRIM idea of Brown & Heathers 2016).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from inquiry_analysis.errors import InquiryAnalysisWarning
from inquiry_analysis.metrics._common import (
    check_confidence_level,
    check_count,
    fmt_level,
    fmt_percent,
    two_sided_quantile,
    wilson_interval,
)

__all__ = [
    "ClassificationSummary",
    "ConfusionMatrix",
    "Estimate",
    "classification_summary",
    "counts_consistent_with",
    "matrices_consistent_with_accuracy",
]


@dataclass(frozen=True, kw_only=True)
class ConfusionMatrix:
    """Counts of a two-way classification: true/false positives and negatives.

    "Positive" is the condition the tool looks for (for KIRAT: the higher-risk group, with contact
    offending) and a positive rating is the cut the tool is used at (High or Very High).

    Attributes
    ----------
    tp : int
        True positives: positive cases rated positive.
    fn : int
        False negatives: positive cases rated negative.
    fp : int
        False positives: negative cases rated positive.
    tn : int
        True negatives: negative cases rated negative.

    Examples
    --------
    >>> m = ConfusionMatrix(tp=166, fn=4, fp=77, tn=127)
    >>> m.positives, m.negatives, m.n
    (170, 204, 374)
    """

    tp: int
    fn: int
    fp: int
    tn: int

    def __post_init__(self):
        for f in fields(self):
            object.__setattr__(self, f.name, check_count(f.name, getattr(self, f.name)))
        if self.positives == 0 or self.negatives == 0:
            raise ValueError(
                "a confusion matrix needs at least one positive and one negative case, "
                f"but got {self.positives} positive and {self.negatives} negative"
            )

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def negatives(self) -> int:
        return self.fp + self.tn

    @property
    def n(self) -> int:
        return self.positives + self.negatives

    def records(self) -> tuple[np.ndarray, np.ndarray]:
        """(truth, prediction) as one row per case, for cross-checks against other libraries.

        Returns
        -------
        truth, prediction : numpy.ndarray
            Two arrays of 0/1, one element per case.
        """
        truth = np.repeat([1, 1, 0, 0], [self.tp, self.fn, self.fp, self.tn])
        prediction = np.repeat([1, 0, 1, 0], [self.tp, self.fn, self.fp, self.tn])
        return truth, prediction

    def as_frame(self) -> pd.DataFrame:
        """The table as it is usually printed: truth in rows, rating in columns.

        Returns
        -------
        pandas.DataFrame
            Counts with truth (positive, negative) in rows and rating in columns.
        """
        return pd.DataFrame(
            {"rated positive": [self.tp, self.fp], "rated negative": [self.fn, self.tn]},
            index=pd.Index(["positive", "negative"], name="truth"),
        )


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """One metric with its interval; proportions are fractions in [0, 1].

    Attributes
    ----------
    name : str
        The metric's name as printed ("sensitivity", "PPV", "LR+").
    estimate : float
        The point estimate; nan where the metric is undefined.
    lower, upper : float
        The confidence interval's limits; nan where the metric is undefined.
    method : str
        How the interval was computed (or why the metric is undefined).
    confidence_level : float
        Of the interval.
    numerator, denominator : int or None
        The counts a proportion came from; None for a metric that is not one count over another.
    proportion : bool
        Whether the metric is a proportion, printed in percent; otherwise (a likelihood ratio) it is
        printed to two decimal places.
    """

    name: str
    estimate: float
    lower: float
    upper: float
    method: str
    confidence_level: float
    numerator: int | None = None
    denominator: int | None = None
    proportion: bool = True

    def __str__(self) -> str:
        if self.proportion:
            return (
                f"{fmt_percent(100 * self.estimate)} ({fmt_level(self.confidence_level)} "
                f"{fmt_percent(100 * self.lower)} to {fmt_percent(100 * self.upper)})"
            )
        return f"{self.estimate:.2f} ({fmt_level(self.confidence_level)} {self.lower:.2f} to {self.upper:.2f})"


def _proportion(name: str, k: int, n: int, confidence_level: float) -> Estimate:
    low, high = wilson_interval(k, n, confidence_level=confidence_level)
    return Estimate(
        name=name,
        estimate=k / n,
        lower=low,
        upper=high,
        method="Wilson score interval",
        confidence_level=confidence_level,
        numerator=k,
        denominator=n,
    )


def _undefined(name: str, rating: str, confidence_level: float) -> Estimate:
    warnings.warn(
        f"{name} is undefined because no case was rated {rating}; it is returned as nan. "
        "Choose a cut at which both ratings occur to estimate it.",
        InquiryAnalysisWarning,
        stacklevel=3,
    )
    return Estimate(
        name=name,
        estimate=math.nan,
        lower=math.nan,
        upper=math.nan,
        method=f"undefined: no {rating} ratings",
        confidence_level=confidence_level,
    )


def _mover_mean(name: str, a: Estimate, b: Estimate) -> Estimate:
    """Mean of two independent proportions, interval by MOVER from their Wilson intervals (Zou & Donner 2008)."""
    estimate = (a.estimate + b.estimate) / 2
    low = estimate - math.hypot(a.estimate - a.lower, b.estimate - b.lower) / 2
    high = estimate + math.hypot(a.upper - a.estimate, b.upper - b.estimate) / 2
    return Estimate(
        name=name,
        estimate=estimate,
        lower=low,
        upper=high,
        method="MOVER from Wilson intervals",
        confidence_level=a.confidence_level,
    )


def _likelihood_ratio(
    name: str, hits: int, group: int, false_hits: int, other: int, confidence_level: float
) -> Estimate:
    """(hits/group) / (false_hits/other) with the log-method interval; 0.5 added to every cell if one is empty."""
    correction = 0.5 if 0 in (hits, false_hits, group - hits, other - false_hits) else 0.0
    h, g, f, o = hits + correction, group + 2 * correction, false_hits + correction, other + 2 * correction
    ratio = (h / g) / (f / o)
    se = math.sqrt(1 / h - 1 / g + 1 / f - 1 / o)
    z = two_sided_quantile(confidence_level)
    method = "log method (Simel et al. 1991)" + (", 0.5 added to each cell for an empty one" if correction else "")
    return Estimate(
        name=name,
        estimate=ratio,
        lower=ratio * math.exp(-z * se),
        upper=ratio * math.exp(z * se),
        method=method,
        confidence_level=confidence_level,
        proportion=False,
    )


@dataclass(frozen=True, kw_only=True)
class ClassificationSummary:
    """Every standard metric of a confusion matrix, each with its interval.

    Attributes
    ----------
    matrix : ConfusionMatrix
        The table the metrics come from.
    accuracy : Estimate
        Correct ratings over all cases, (tp + tn) / n, with its Wilson interval.
    sensitivity : Estimate
        Positives rated positive, tp / (tp + fn), with its Wilson interval.
    specificity : Estimate
        Negatives rated negative, tn / (fp + tn), with its Wilson interval.
    ppv : Estimate
        Positive predictive value in the sample, tp / (tp + fp), with its Wilson interval; nan with
        a warning when no case was rated positive.
    npv : Estimate
        Negative predictive value in the sample, tn / (tn + fn), with its Wilson interval; nan with
        a warning when no case was rated negative.
    balanced_accuracy : Estimate
        The mean of sensitivity and specificity, with the MOVER interval from their Wilson intervals.
    lr_positive : Estimate
        The positive likelihood ratio, sensitivity / (1 − specificity), with the log-method interval.
    lr_negative : Estimate
        The negative likelihood ratio, (1 − sensitivity) / specificity, with the log-method interval.
    """

    matrix: ConfusionMatrix
    accuracy: Estimate
    sensitivity: Estimate
    specificity: Estimate
    ppv: Estimate
    npv: Estimate
    balanced_accuracy: Estimate
    lr_positive: Estimate
    lr_negative: Estimate

    def as_frame(self) -> pd.DataFrame:
        """Every metric as a table, for display and export.

        Returns
        -------
        pandas.DataFrame
            One row per metric (indexed by name): ``estimate``, ``lower``, ``upper`` and ``method``.
        """
        rows = [getattr(self, f.name) for f in fields(self) if f.name != "matrix"]
        return pd.DataFrame(
            {
                "estimate": [e.estimate for e in rows],
                "lower": [e.lower for e in rows],
                "upper": [e.upper for e in rows],
                "method": [e.method for e in rows],
            },
            index=pd.Index([e.name for e in rows], name="metric"),
        )

    def __str__(self) -> str:
        return "\n".join(f"{e.name}: {e}" for e in (getattr(self, f.name) for f in fields(self) if f.name != "matrix"))


def classification_summary(matrix: ConfusionMatrix, *, confidence_level: float = 0.95) -> ClassificationSummary:
    """Accuracy, sensitivity, specificity, PPV, NPV, balanced accuracy and likelihood ratios.

    PPV and NPV here are those of the sample itself, so they depend on its mix of positives and
    negatives; see :func:`predictive_values` for other base rates.

    Parameters
    ----------
    matrix : ConfusionMatrix
        The table of counts.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    ClassificationSummary
        Every metric with its interval.

    Examples
    --------
    >>> print(classification_summary(ConfusionMatrix(tp=166, fn=4, fp=77, tn=127)).accuracy)
    78.3% (95% CI 73.9% to 82.2%)
    """
    c = check_confidence_level(confidence_level)
    m = matrix
    sens = _proportion("sensitivity", m.tp, m.positives, c)
    spec = _proportion("specificity", m.tn, m.negatives, c)
    ppv = _proportion("PPV", m.tp, m.tp + m.fp, c) if m.tp + m.fp else _undefined("PPV", "positive", c)
    npv = _proportion("NPV", m.tn, m.tn + m.fn, c) if m.tn + m.fn else _undefined("NPV", "negative", c)
    return ClassificationSummary(
        matrix=m,
        accuracy=_proportion("accuracy", m.tp + m.tn, m.n, c),
        sensitivity=sens,
        specificity=spec,
        ppv=ppv,
        npv=npv,
        balanced_accuracy=_mover_mean("balanced accuracy", sens, spec),
        lr_positive=_likelihood_ratio("LR+", m.tp, m.positives, m.fp, m.negatives, c),
        lr_negative=_likelihood_ratio("LR-", m.fn, m.positives, m.tn, m.negatives, c),
    )


def counts_consistent_with(percent: float, denominator: int, *, decimals: int = 1) -> list[int]:
    """Every whole count out of ``denominator`` that rounds to ``percent`` at ``decimals`` places.

    The GRIM idea (Brown & Heathers 2016): a percentage of a known whole number can only take
    certain values. A count exactly half-way between two reported values is kept, as a tie may have
    been rounded either way.

    Parameters
    ----------
    percent : float
        The published percentage.
    denominator : int
        The whole the percentage is of, at least 1.
    decimals : int, default 1
        The places the percentage was published to.

    Returns
    -------
    list of int
        The counts, smallest first; empty if none rounds to ``percent``.

    Examples
    --------
    >>> counts_consistent_with(97.6, 170), counts_consistent_with(62.3, 204)
    ([166], [127])
    >>> counts_consistent_with(50.0, 3)
    []
    """
    denominator = check_count("denominator", denominator)
    if denominator == 0:
        raise ValueError("`denominator` must be at least 1")
    half = 0.5 * 10 ** (-decimals)
    low = math.ceil((percent - half) * denominator / 100 - 1e-9)
    high = math.floor((percent + half) * denominator / 100 + 1e-9)
    return [
        k for k in range(max(low, 0), min(high, denominator) + 1) if abs(100 * k / denominator - percent) <= half + 1e-9
    ]


def matrices_consistent_with_accuracy(
    accuracy_percent: float, positives: int, negatives: int, *, decimals: int = 1
) -> pd.DataFrame:
    """Every confusion matrix with these class sizes whose accuracy rounds to ``accuracy_percent``.

    Returns one row per matrix: tp, fn, fp, tn and its sensitivity and specificity in percent.

    Parameters
    ----------
    accuracy_percent : float
        The published accuracy in percent.
    positives, negatives : int
        The class sizes.
    decimals : int, default 1
        The places the accuracy was published to.

    Returns
    -------
    pandas.DataFrame
        Columns ``correct``, ``tp``, ``fn``, ``fp``, ``tn``, ``sensitivity`` and ``specificity``
        (percent); no rows if no table gives the accuracy.

    Examples
    --------
    >>> tables = matrices_consistent_with_accuracy(83.7, 170, 204)
    >>> int(tables["correct"].iloc[0]), len(tables)
    (313, 62)
    """
    n = positives + negatives
    rows = []
    for correct in counts_consistent_with(accuracy_percent, n, decimals=decimals):
        for tp in range(max(0, correct - negatives), min(positives, correct) + 1):
            tn = correct - tp
            rows.append(
                {
                    "correct": correct,
                    "tp": tp,
                    "fn": positives - tp,
                    "fp": negatives - tn,
                    "tn": tn,
                    "sensitivity": 100 * tp / positives,
                    "specificity": 100 * tn / negatives,
                }
            )
    return pd.DataFrame(rows, columns=["correct", "tp", "fn", "fp", "tn", "sensitivity", "specificity"])
