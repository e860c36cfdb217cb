"""The area under the ROC curve: bounds from one dichotomy, and the AUC of a score with DeLong's variance.

DeLong's variance gives an interval on the logit scale; Newcombe's (2006) score interval takes over where
that variance is 0 or undefined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from inquiry_analysis.metrics._common import (
    check_confidence_level,
    fmt_level,
    two_sided_quantile,
)
from inquiry_analysis.metrics.confusion import ConfusionMatrix, classification_summary

__all__ = [
    "AucBounds",
    "AucEstimate",
    "auc_bounds_from_dichotomy",
    "roc_auc",
]


@dataclass(frozen=True, kw_only=True)
class AucBounds:
    """What the AUC of an ordinal score can be when only one dichotomy of it is known.

    ``lower`` assumes every tie within the two rating groups breaks against the tool, ``upper`` that
    every one breaks for it; ``dichotomised`` is the AUC of the two-level rating itself (ties count
    half), which equals the balanced accuracy. ``lower_limit`` and ``upper_limit`` widen the bounds by
    the Wilson intervals of sensitivity and specificity.

    Attributes
    ----------
    lower : float
        The least the AUC can be, sensitivity × specificity (every tie within a rating group breaks
        against the tool). A bound the table allows, not a confidence limit.
    upper : float
        The most the AUC can be, 1 − (1 − sensitivity)(1 − specificity). A bound, not a confidence limit.
    dichotomised : float
        The AUC of the two-level rating itself (ties count half): the balanced accuracy.
    lower_limit : float
        ``lower`` computed from the lower Wilson limits of sensitivity and specificity.
    upper_limit : float
        ``upper`` computed from the upper Wilson limits of sensitivity and specificity.
    confidence_level : float
        Of the Wilson limits used for ``lower_limit`` and ``upper_limit``.
    """

    lower: float
    upper: float
    dichotomised: float
    lower_limit: float
    upper_limit: float
    confidence_level: float

    def __str__(self) -> str:
        return (
            f"AUC between {self.lower:.3f} and {self.upper:.3f} (dichotomised {self.dichotomised:.3f}; "
            f"outer limits {self.lower_limit:.3f} to {self.upper_limit:.3f} from the "
            f"{self.confidence_level:.0%} Wilson limits of sensitivity and specificity, "
            "not itself an interval of that level)"
        )


def auc_bounds_from_dichotomy(matrix: ConfusionMatrix, *, confidence_level: float = 0.95) -> AucBounds:
    """Bounds on the AUC of a score from the table at one cut (sensitivity a, specificity b).

    Pairs of a positive above the cut and a negative below it are ordered correctly (a·b of all
    pairs); pairs on the same side of the cut may be ordered either way; a positive below and a
    negative above are ordered wrongly. So the AUC lies in [a·b, 1 − (1 − a)(1 − b)].

    Parameters
    ----------
    matrix : ConfusionMatrix
        The table of counts.
    confidence_level : float, default 0.95
        Of the Wilson limits that widen the bounds.

    Returns
    -------
    AucBounds
        The bounds, the dichotomised AUC and the outer limits.

    Examples
    --------
    >>> b = auc_bounds_from_dichotomy(ConfusionMatrix(tp=80, fn=20, fp=40, tn=60))
    >>> round(b.lower, 2), round(b.upper, 2), round(b.dichotomised, 2)
    (0.48, 0.92, 0.7)
    """
    c = check_confidence_level(confidence_level)
    s = classification_summary(matrix, confidence_level=c)
    a, b = s.sensitivity, s.specificity
    return AucBounds(
        lower=a.estimate * b.estimate,
        upper=1 - (1 - a.estimate) * (1 - b.estimate),
        dichotomised=(a.estimate + b.estimate) / 2,
        lower_limit=a.lower * b.lower,
        upper_limit=1 - (1 - a.upper) * (1 - b.upper),
        confidence_level=c,
    )


@dataclass(frozen=True, kw_only=True)
class AucEstimate:
    """The area under the ROC curve with its interval.

    Attributes
    ----------
    estimate : float
        The AUC: the chance that a positive case scores above a negative one, ties counting one half
        (the Mann-Whitney statistic divided by positives × negatives).
    lower, upper : float
        The interval's limits; always lower < upper.
    standard_error : float
        DeLong's standard error of the estimate (0 when every pair is ordered the same way or every
        score ties); nan when there are fewer than two positive or two negative cases, where DeLong's
        variance is not defined.
    method : str
        How the interval was computed, and why, if not by DeLong's variance.
    confidence_level : float
        Of the interval.
    positives, negatives : int
        The numbers of positive and negative cases it came from.
    """

    estimate: float
    lower: float
    upper: float
    standard_error: float
    method: str
    confidence_level: float
    positives: int
    negatives: int

    def __str__(self) -> str:
        return f"{self.estimate:.3f} ({fmt_level(self.confidence_level)} {self.lower:.3f} to {self.upper:.3f})"


def _newcombe_interval(auc: float, positives: int, negatives: int, z: float) -> tuple[float, float]:
    """Newcombe's (2006) method 5: the θ with (θ̂ − θ)² ≤ z²·V(θ), V his variance of the AUC at θ.

    V(θ) = θ(1 − θ)·[1 + N*(1 − θ)/(2 − θ) + N*·θ/(1 + θ)] / (m·n) with N* = (m + n)/2 − 1: Hanley
    and McNeil's (1982) variance with both group sizes replaced by their mean. Each limit is found by
    bisection between a point outside the interval and one inside, to adjacent floating-point numbers.
    """
    n_star = (positives + negatives) / 2 - 1
    pairs = positives * negatives

    def excess(theta: float) -> float:
        v = theta * (1 - theta) * (1 + n_star * (1 - theta) / (2 - theta) + n_star * theta / (1 + theta)) / pairs
        return (auc - theta) ** 2 - z * z * v

    def limit(outside: float, inside: float) -> float:
        while True:
            middle = (outside + inside) / 2
            if middle in (outside, inside):
                return inside
            if excess(middle) > 0:
                outside = middle
            else:
                inside = middle

    return (0.0 if auc == 0 else limit(0.0, auc)), (1.0 if auc == 1 else limit(1.0, auc))


def _auc_from_table(positives_at: np.ndarray, negatives_at: np.ndarray, confidence_level: float) -> AucEstimate:
    """AUC, DeLong variance and interval from the counts of positives and negatives at each distinct score.

    ``positives_at[k]`` and ``negatives_at[k]`` count the cases at the k-th distinct score, lowest first.
    DeLong's placement values are equal for every case at one score: a positive at k outranks the
    negatives below k and ties with those at k, V10 = (N_<k + N_k/2)/n; a negative at k is outranked
    by the positives above and ties with those at k, V01 = (P_>k + P_k/2)/m. Linear in the number of
    distinct scores; nothing of size positives × negatives is built.
    """
    pos = np.asarray(positives_at, dtype=np.int64)
    neg = np.asarray(negatives_at, dtype=np.int64)
    m, n = int(pos.sum()), int(neg.sum())
    neg_below = np.cumsum(neg) - neg
    pos_above = m - np.cumsum(pos)
    # Twice the Mann-Whitney U in whole numbers, so the estimate is the exactly rounded ratio.
    auc = int(pos @ (2 * neg_below + neg)) / (2 * m * n)
    v10 = (neg_below + 0.5 * neg) / n
    v01 = (pos_above + 0.5 * pos) / m
    if m >= 2 and n >= 2:
        s10 = float(pos @ (v10 - auc) ** 2) / (m - 1)
        s01 = float(neg @ (v01 - auc) ** 2) / (n - 1)
        variance = s10 / m + s01 / n
    else:
        variance = math.nan
    z = two_sided_quantile(confidence_level)
    if 0 < auc < 1 and variance > 0:
        logit = math.log(auc / (1 - auc))
        se_logit = math.sqrt(variance) / (auc * (1 - auc))
        low, high = (1 / (1 + math.exp(-(logit + sign * z * se_logit))) for sign in (-1, 1))
        method = "DeLong variance, logit-scale interval"
    else:
        low, high = _newcombe_interval(auc, m, n, z)
        if min(m, n) < 2:
            why = f"DeLong's variance needs two positive and two negative cases, and there are {m} and {n}"
        elif np.count_nonzero(pos + neg) == 1:
            why = "every case has the same score, so DeLong's variance is 0"
        else:
            why = f"DeLong's variance is 0 at AUC = {auc:g}"
        method = f"Newcombe (2006) method 5 score interval ({why})"
    return AucEstimate(
        estimate=auc,
        lower=low,
        upper=high,
        standard_error=math.sqrt(variance),
        method=method,
        confidence_level=confidence_level,
        positives=m,
        negatives=n,
    )


def _as_outcome(values, name: str) -> np.ndarray:
    series = pd.Series(values)
    missing = int(series.isna().sum())
    if missing:
        raise ValueError(f"`{name}` must be true or false for every case, but {missing} missing values were passed")
    if series.dtype == bool or pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(series.dtype) and series.isin([0, 1]).all():
        return series.to_numpy() == 1
    raise ValueError(
        f"`{name}` must be true/false or 1/0 for every case, but values of type {series.dtype} "
        "other than these were passed"
    )


def roc_auc(outcome, score, *, confidence_level: float = 0.95) -> AucEstimate:
    """Area under the ROC curve of a score against a binary outcome, with DeLong's variance.

    The AUC counts ties one half, as scikit-learn's ``roc_auc_score``. It and DeLong's variance come
    from the counts of positives and negatives at each distinct score (sorting once, then cumulative
    counts), so time is O(N log N) and memory O(N) in the number of cases; the positives × negatives
    table of pairs of the textbook formula is never built (Sun & Xu 2014 use midranks to the same end).

    The interval is DeLong's on the logit scale, which keeps it inside (0, 1) (Qin & Hotilovac
    2008). Where DeLong's variance is 0 (AUC of 0 or 1, or every score the same) or undefined (a single
    positive or a single negative case), that interval would be a point; Newcombe's (2006) score-type
    interval (his method 5) is used there instead, which stays an interval at the boundary and with one
    case in a group, and is wide when the data are thin. ``method`` says which was used, and why.

    Parameters
    ----------
    outcome : array-like of bool or 0/1
        Whether each case is positive.
    score : array-like of float
        The score; higher means more likely positive. Ordinal levels may be passed as their ranks.
    confidence_level : float, default 0.95
        Of the interval.

    Returns
    -------
    AucEstimate

    References
    ----------
    DeLong, E. R., DeLong, D. M. and Clarke-Pearson, D. L. (1988). Comparing the areas under two or more
    correlated receiver operating characteristic curves: a nonparametric approach. *Biometrics* 44, 837-845.

    Sun, X. and Xu, W. (2014). Fast implementation of DeLong's algorithm for comparing the areas under
    correlated receiver operating characteristic curves. *IEEE Signal Processing Letters* 21, 1389-1393.

    Qin, G. and Hotilovac, L. (2008). Comparison of non-parametric confidence intervals for the area under
    the ROC curve of a continuous-scale diagnostic test. *Statistical Methods in Medical Research* 17, 207-221.

    Newcombe, R. G. (2006). Confidence intervals for an effect size measure based on the Mann-Whitney
    statistic. Part 2: asymptotic methods and evaluation. *Statistics in Medicine* 25, 559-573.

    Hanley, J. A. and McNeil, B. J. (1982). The meaning and use of the area under a receiver operating
    characteristic (ROC) curve. *Radiology* 143, 29-36.

    Examples
    --------
    >>> r = roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> r.estimate  # 3 of the 4 positive-negative pairs are ordered correctly
    0.75
    >>> perfect = roc_auc([0, 0, 1, 1], [1, 2, 3, 4])
    >>> perfect.estimate, bool(perfect.lower < 1), perfect.method.startswith("Newcombe")
    (1.0, True, True)
    """
    c = check_confidence_level(confidence_level)
    truth = _as_outcome(outcome, "outcome")
    values = np.asarray(score, dtype=float)
    if values.ndim != 1 or truth.ndim != 1 or len(values) != len(truth):
        raise ValueError(
            f"`outcome` and `score` must be one-dimensional and of the same length, but lengths "
            f"{len(truth)} and {values.size} were passed"
        )
    if not np.isfinite(values).all():
        raise ValueError(
            f"`score` must be a finite number for every case, but {int((~np.isfinite(values)).sum())} "
            "missing or infinite values were passed"
        )
    positives = int(truth.sum())
    if positives in (0, len(truth)):
        raise ValueError(
            f"`outcome` must include positive and negative cases, but {positives} positive of {len(truth)} were passed"
        )
    distinct, codes = np.unique(values, return_inverse=True)
    table = np.bincount(2 * codes + truth, minlength=2 * len(distinct)).reshape(-1, 2)
    return _auc_from_table(table[:, 1], table[:, 0], c)
