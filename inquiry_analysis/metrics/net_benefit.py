"""Net benefit of acting on a rating (decision curve analysis, Vickers & Elkin 2006) and its exact crossings.

The net benefit on a grid of thresholds with its normal-approximation interval, the runs of the grid where
the rating beats the alternatives, and the exact thresholds (closed forms) where the estimate and where its
interval cross acting on everyone and on no one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from inquiry_analysis.metrics._common import (
    check_confidence_level,
    fmt_level,
    fmt_percent,
    two_sided_quantile,
)
from inquiry_analysis.metrics.confusion import ConfusionMatrix

__all__ = [
    "NetBenefitCrossings",
    "NetBenefitIntervalRanges",
    "net_benefit",
    "net_benefit_crossings",
    "net_benefit_interval_ranges",
    "net_benefit_ranges",
]


def _net_benefit_parts(matrix: ConfusionMatrix, prevalence: float | None) -> tuple[float, float, float, float, float]:
    """Prevalence, sensitivity, specificity and the binomial variances of the last two."""
    m = matrix
    pi = m.positives / m.n if prevalence is None else prevalence
    if isinstance(pi, bool) or not 0 < pi < 1:
        raise ValueError(f"`prevalence` must be in (0, 1), but {prevalence!r} was passed")
    sens, spec = m.tp / m.positives, m.tn / m.negatives
    return float(pi), sens, spec, sens * (1 - sens) / m.positives, spec * (1 - spec) / m.negatives


def net_benefit(
    matrix: ConfusionMatrix,
    thresholds: Sequence[float],
    *,
    prevalence: float | None = None,
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Net benefit of acting on a positive rating, against acting on everyone or on no one.

    Decision curve analysis (Vickers & Elkin 2006): at a threshold probability p_t, a false positive
    costs p_t / (1 − p_t) of a true positive, and net benefit = sensitivity·π − (1 − specificity)·(1 − π)·p_t/(1 − p_t),
    with π the prevalence (by default the sample's). "Act on all" has π − (1 − π)·p_t/(1 − p_t);
    "act on none" has 0. The interval is the normal approximation from the binomial variances of
    sensitivity and specificity.

    The table is evaluated at the given thresholds only; :func:`net_benefit_crossings` and
    :func:`net_benefit_interval_ranges` give the exact thresholds where the curves cross.

    Parameters
    ----------
    matrix : ConfusionMatrix
        The table of counts.
    thresholds : sequence of float
        Threshold probabilities, each in (0, 1).
    prevalence : float, optional
        The share of positive cases where the rating is used, in (0, 1); by default the
        sample's own, positives / n.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per threshold: ``threshold``, ``net_benefit``, ``lower``, ``upper``, ``act_on_all``
        and ``act_on_none``; ``attrs["decimals"]`` gives the places to export.

    References
    ----------
    Vickers, A. J. and Elkin, E. B. (2006). Decision curve analysis: a novel method for evaluating
    prediction models. *Medical Decision Making* 26, 565-574.

    Examples
    --------
    >>> table = net_benefit(ConfusionMatrix(tp=166, fn=4, fp=77, tn=127), [0.1], prevalence=0.12)
    >>> round(float(table["net_benefit"].iloc[0]), 4)  # 166/170 · 0.12 − 77/204 · 0.88 / 9
    0.0803
    """
    c = check_confidence_level(confidence_level)
    pi, sens, spec, var_sens, var_spec = _net_benefit_parts(matrix, prevalence)
    z = two_sided_quantile(c)
    rows = []
    for t in thresholds:
        if not 0 < t < 1:
            raise ValueError(f"thresholds must be in (0, 1), but {t!r} was passed")
        w = t / (1 - t)
        value = sens * pi - (1 - spec) * (1 - pi) * w
        se = math.sqrt(pi**2 * var_sens + ((1 - pi) * w) ** 2 * var_spec)
        rows.append(
            {
                "threshold": t,
                "net_benefit": value,
                "lower": value - z * se,
                "upper": value + z * se,
                "act_on_all": pi - (1 - pi) * w,
                "act_on_none": 0.0,
            }
        )
    table = pd.DataFrame(rows)
    # Exported precision: net benefit (true positives per suspect) and thresholds to 4 places.
    table.attrs["decimals"] = dict.fromkeys(table.columns, 4)
    return table


def net_benefit_ranges(table: pd.DataFrame) -> list[tuple[float, float]]:
    """The runs of grid thresholds where acting on the rating beats both acting on all and on none.

    ``table`` is :func:`net_benefit`'s output; each run is (first threshold, last threshold) of the
    rows in it, compared on the point estimates.

    This reads a grid, so each end of a run is only as fine as the grid: the true crossing lies
    somewhere between the reported end and the next grid point, and a crossing outside the grid is
    reported as the grid's own end (for the KIRAT table at 12% prevalence the lower crossing is at
    0.51%, below a grid that starts at 1%). Use :func:`net_benefit_crossings` for the exact
    thresholds, and :func:`net_benefit_interval_ranges` for where the interval, not only the
    estimate, lies above the alternatives.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`net_benefit`'s output (``threshold``, ``net_benefit``, ``act_on_all``, ``act_on_none``).

    Returns
    -------
    list of (float, float)
        Each run's first and last grid threshold, in order; empty if there is none.

    Examples
    --------
    >>> table = pd.DataFrame({"threshold": [0.1, 0.2, 0.3, 0.4], "net_benefit": [0.1, 0.0, 0.2, 0.1],
    ...                       "act_on_all": [0.0, 0.1, -0.1, -0.2], "act_on_none": [0.0, 0.0, 0.0, 0.0]})
    >>> net_benefit_ranges(table)
    [(0.1, 0.1), (0.3, 0.4)]
    """
    better = ((table["net_benefit"] > table["act_on_all"]) & (table["net_benefit"] > table["act_on_none"])).tolist()
    thresholds = table["threshold"].tolist()
    runs, start = [], None
    for i, good in enumerate(better + [False]):
        if good and start is None:
            start = i
        elif not good and start is not None:
            runs.append((float(thresholds[start]), float(thresholds[i - 1])))
            start = None
    return runs


def _fmt_ranges(ranges: tuple[tuple[float, float], ...]) -> str:
    return " and ".join(f"{fmt_percent(100 * low)} to {fmt_percent(100 * high)}" for low, high in ranges) or "none"


@dataclass(frozen=True, kw_only=True)
class NetBenefitCrossings:
    """The exact thresholds at which acting on a positive rating overtakes acting on everyone or on no one.

    With w = t / (1 − t) the odds of the threshold probability t, sensitivity s, specificity c and
    prevalence π, the rating's net benefit s·π − (1 − c)(1 − π)·w is above zero (acting on no one)
    while w < s·π / ((1 − c)(1 − π)), and above acting on everyone, π − (1 − π)·w, while
    w > π(1 − s) / ((1 − π)·c). Point estimates only; see :class:`NetBenefitIntervalRanges`.

    Attributes
    ----------
    beats_all_from : float
        The threshold above which the rating beats acting on everyone, π(1 − s) / (π(1 − s) + (1 − π)c):
        0 when sensitivity is 1; 1 (never) when specificity is 0.
    beats_none_below : float
        The threshold below which the rating beats acting on no one, s·π / (s·π + (1 − c)(1 − π)):
        1 (always) when specificity is 1; 0 (never) when sensitivity is 0.
    beats_both : tuple of (float, float)
        The open range (``beats_all_from``, ``beats_none_below``) where the rating beats both, as a
        one-element tuple, or empty if the first is not below the second.
    sensitivity, specificity : float
        Of the matrix, as fractions.
    prevalence : float
        The prevalence used (the sample's unless one was given).
    """

    beats_all_from: float
    beats_none_below: float
    beats_both: tuple[tuple[float, float], ...]
    sensitivity: float
    specificity: float
    prevalence: float

    def __str__(self) -> str:
        return (
            f"at {fmt_percent(100 * self.prevalence)} prevalence, acting on the rating beats acting on everyone "
            f"above a threshold of {fmt_percent(100 * self.beats_all_from, 2)} and acting on no one below "
            f"{fmt_percent(100 * self.beats_none_below, 2)}"
        )


def net_benefit_crossings(matrix: ConfusionMatrix, *, prevalence: float | None = None) -> NetBenefitCrossings:
    """Exact thresholds where the net benefit of acting on the rating crosses "act on all" and "act on none".

    Closed forms from the decision-curve net benefit (Vickers & Elkin 2006), see
    :class:`NetBenefitCrossings`; ``prevalence`` defaults to the sample's, as in :func:`net_benefit`.

    Parameters
    ----------
    matrix : ConfusionMatrix
        The table of counts.
    prevalence : float, optional
        The share of positive cases where the rating is used, in (0, 1); by default the
        sample's own, positives / n.

    Returns
    -------
    NetBenefitCrossings
        The two crossing thresholds and the range between them.

    References
    ----------
    Vickers, A. J. and Elkin, E. B. (2006). Decision curve analysis: a novel method for evaluating
    prediction models. *Medical Decision Making* 26, 565-574.

    Examples
    --------
    >>> x = net_benefit_crossings(ConfusionMatrix(tp=166, fn=4, fp=77, tn=127), prevalence=0.12)
    >>> round(x.beats_all_from, 4), round(x.beats_none_below, 4)
    (0.0051, 0.2608)
    """
    pi, s, c, _, _ = _net_benefit_parts(matrix, prevalence)
    gain, harm = s * pi, (1 - c) * (1 - pi)  # per unit of w: benefit of true positives, cost of false ones
    missed, spared = pi * (1 - s), (1 - pi) * c  # against acting on everyone
    beats_none_below = gain / (gain + harm) if gain else 0.0
    beats_all_from = missed / (missed + spared) if spared else 1.0
    both = ((beats_all_from, beats_none_below),) if beats_all_from < beats_none_below else ()
    return NetBenefitCrossings(
        beats_all_from=beats_all_from,
        beats_none_below=beats_none_below,
        beats_both=both,
        sensitivity=s,
        specificity=c,
        prevalence=pi,
    )


def _threshold(odds: float) -> float:
    return 1.0 if odds == math.inf else odds / (1 + odds)


def _where_positive(alpha: float, beta: float, p: float, q: float, z: float) -> tuple[tuple[float, float], ...]:
    """Thresholds t = w / (1 + w), w in (0, ∞), where f(w) = α + β·w − z·√(p + q·w²) > 0.

    f is a line minus a convex function, so concave: the set is one interval or empty. Its ends are
    0, ∞, or roots of the squared equation (β² − z²q)·w² + 2αβ·w + α² − z²p = 0, solved in closed
    form (the stable form of the quadratic formula; when q = 0, f is a line and its root is direct);
    a root of the squared equation that is not one of f only splits a stretch of one sign, which the
    probe between candidates then keeps whole.
    """

    def f(w: float) -> float:
        return alpha + beta * w - z * math.sqrt(p + q * w * w)

    a2, a1, a0 = beta * beta - z * z * q, 2 * alpha * beta, alpha * alpha - z * z * p
    roots: list[float] = []
    if q == 0:  # specificity 0 or 1: f is a line, α − z√p + β·w
        if beta != 0:
            roots = [(z * math.sqrt(p) - alpha) / beta]
    elif a2 == 0:
        if a1 != 0:
            roots = [-a0 / a1]
    else:
        disc = a1 * a1 - 4 * a2 * a0
        if disc >= 0:
            h = -(a1 + math.copysign(math.sqrt(disc), a1)) / 2
            roots = [h / a2, a0 / h] if h != 0 else [0.0]
    edges = [0.0, *sorted({r for r in roots if 0 < r < math.inf}), math.inf]
    kept = [
        (low, high)
        for low, high in itertools.pairwise(edges)
        if f((low + high) / 2 if high < math.inf else 2 * low + 1) > 0
    ]
    if not kept:
        return ()
    return ((_threshold(kept[0][0]), _threshold(kept[-1][1])),)


def _intersect(
    a: tuple[tuple[float, float], ...], b: tuple[tuple[float, float], ...]
) -> tuple[tuple[float, float], ...]:
    if not a or not b:
        return ()
    low, high = max(a[0][0], b[0][0]), min(a[0][1], b[0][1])
    return ((low, high),) if low < high else ()


@dataclass(frozen=True, kw_only=True)
class NetBenefitIntervalRanges:
    """Thresholds at which the whole interval of the rating's net benefit lies above an alternative.

    Each range is an open interval of threshold probabilities (low, high), given as a tuple of at most
    one such pair (empty when there is none); 0 and 1 as ends mean the range runs to the lowest or
    highest threshold.

    Attributes
    ----------
    above_none : tuple of (float, float)
        Where the interval's lower limit is above zero (acting on no one).
    above_all : tuple of (float, float)
        Where the lower limit is above the net benefit of acting on everyone.
    above_both : tuple of (float, float)
        Where both hold.
    prevalence : float
        The prevalence used (the sample's unless one was given).
    confidence_level : float
        Of the interval.
    method : str
        How the interval and its crossings were computed.
    """

    above_none: tuple[tuple[float, float], ...]
    above_all: tuple[tuple[float, float], ...]
    above_both: tuple[tuple[float, float], ...]
    prevalence: float
    confidence_level: float
    method: str

    def __str__(self) -> str:
        return (
            f"{fmt_level(self.confidence_level)} of the net benefit above acting on no one for thresholds "
            f"{_fmt_ranges(self.above_none)}; above acting on everyone for {_fmt_ranges(self.above_all)}; "
            f"above both for {_fmt_ranges(self.above_both)}"
        )


def net_benefit_interval_ranges(
    matrix: ConfusionMatrix, *, prevalence: float | None = None, confidence_level: float = 0.95
) -> NetBenefitIntervalRanges:
    """Exact thresholds at which :func:`net_benefit`'s interval lies wholly above "act on none" and "act on all".

    With w = t / (1 − t), the interval's lower limit is s·π − (1 − c)(1 − π)·w − z·√(π²·V_s + (1 − π)²·w²·V_c),
    V_s and V_c the binomial variances of sensitivity and specificity, exactly as :func:`net_benefit`
    computes it. Against zero and against π − (1 − π)·w, the margin is a line minus a hyperbola, a
    concave function of w, so each set of thresholds is one interval; its ends are the roots of a
    quadratic, written down in closed form (no search, no tolerance).

    Parameters
    ----------
    matrix : ConfusionMatrix
        The table of counts.
    prevalence : float, optional
        The share of positive cases where the rating is used, in (0, 1); by default the
        sample's own, positives / n.
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    NetBenefitIntervalRanges
        The thresholds at which the interval lies above each alternative, and both.

    References
    ----------
    Vickers, A. J. and Elkin, E. B. (2006). Decision curve analysis: a novel method for evaluating
    prediction models. *Medical Decision Making* 26, 565-574.

    Examples
    --------
    >>> r = net_benefit_interval_ranges(ConfusionMatrix(tp=166, fn=4, fp=77, tn=127), prevalence=0.12)
    >>> round(r.above_all[0][0], 4), round(r.above_none[0][1], 4)
    (0.0102, 0.2304)
    """
    c = check_confidence_level(confidence_level)
    pi, s, spec, var_sens, var_spec = _net_benefit_parts(matrix, prevalence)
    z = two_sided_quantile(c)
    p, q = pi * pi * var_sens, (1 - pi) ** 2 * var_spec
    above_none = _where_positive(s * pi, -(1 - spec) * (1 - pi), p, q, z)
    above_all = _where_positive(-pi * (1 - s), (1 - pi) * spec, p, q, z)
    return NetBenefitIntervalRanges(
        above_none=above_none,
        above_all=above_all,
        above_both=_intersect(above_none, above_all),
        prevalence=pi,
        confidence_level=c,
        method="normal-approximation interval of net benefit (binomial variances of sensitivity and specificity); "
        "crossings in closed form",
    )
