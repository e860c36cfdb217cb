"""Accuracy of a risk tool: confusion-matrix metrics, back-calculated counts, predictive values
at other base rates, AUC bounds, net benefit and its exact crossings, the AUC with DeLong's
variance, and a full evaluation of a case file.

Proportions carry Wilson intervals; likelihood ratios the log method (Simel, Samsa & Matchar
1991); predictive values at another prevalence the logit method of Mercaldo, Lau & Zhou (2007),
which carries the uncertainty of sensitivity and specificity; the AUC DeLong's variance on the
logit scale, or Newcombe's (2006) score interval where that variance is 0 or undefined.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from inquiry_analysis.metrics._common import (
    check_confidence_level,
    check_count,
    fmt_level,
    fmt_percent,
    two_sided_quantile,
    wilson_interval,
)

__all__ = [
    "BASE_RATE_SHARES",
    "AucBounds",
    "AucEstimate",
    "CaseFileEvaluation",
    "ClassificationSummary",
    "ConfusionMatrix",
    "Estimate",
    "NetBenefitCrossings",
    "NetBenefitIntervalRanges",
    "PredictiveValues",
    "auc_at_cuts",
    "auc_bounds_from_dichotomy",
    "classification_summary",
    "counts_consistent_with",
    "evaluate_case_file",
    "matrices_consistent_with_accuracy",
    "net_benefit",
    "net_benefit_crossings",
    "net_benefit_interval_ranges",
    "net_benefit_ranges",
    "per_1000_at_prevalence",
    "predictive_value_curve",
    "predictive_values",
    "prevalences_from_figures",
    "roc_auc",
]


@dataclass(frozen=True)
class ConfusionMatrix:
    """Counts of a two-way classification: true/false positives and negatives.

    "Positive" is the condition the tool looks for (for KIRAT: the higher-risk group, with contact
    offending) and a positive rating is the cut the tool is used at (High or Very High).
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
        """(truth, prediction) as one row per case, for cross-checks against other libraries."""
        truth = np.repeat([1, 1, 0, 0], [self.tp, self.fn, self.fp, self.tn])
        prediction = np.repeat([1, 0, 1, 0], [self.tp, self.fn, self.fp, self.tn])
        return truth, prediction

    def as_frame(self) -> pd.DataFrame:
        """The table as it is usually printed: truth in rows, rating in columns."""
        return pd.DataFrame(
            {"rated positive": [self.tp, self.fp], "rated negative": [self.fn, self.tn]},
            index=pd.Index(["positive", "negative"], name="truth"),
        )


@dataclass(frozen=True)
class Estimate:
    """One metric with its interval; proportions are fractions in [0, 1]."""

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
    return Estimate(name, k / n, low, high, "Wilson score interval", confidence_level, k, n)


def _undefined(name: str, rating: str, confidence_level: float) -> Estimate:
    warnings.warn(
        f"{name} is undefined because no case was rated {rating}; it is returned as nan. "
        "Choose a cut at which both ratings occur to estimate it.",
        RuntimeWarning,
        stacklevel=3,
    )
    return Estimate(name, math.nan, math.nan, math.nan, f"undefined: no {rating} ratings", confidence_level)


def _mover_mean(name: str, a: Estimate, b: Estimate) -> Estimate:
    """Mean of two independent proportions, interval by MOVER from their Wilson intervals (Zou & Donner 2008)."""
    estimate = (a.estimate + b.estimate) / 2
    low = estimate - math.hypot(a.estimate - a.lower, b.estimate - b.lower) / 2
    high = estimate + math.hypot(a.upper - a.estimate, b.upper - b.estimate) / 2
    return Estimate(name, estimate, low, high, "MOVER from Wilson intervals", a.confidence_level)


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
        name, ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se), method, confidence_level, proportion=False
    )


@dataclass(frozen=True)
class ClassificationSummary:
    """Every standard metric of a confusion matrix, each with its interval."""

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
        m,
        _proportion("accuracy", m.tp + m.tn, m.n, c),
        sens,
        spec,
        ppv,
        npv,
        _mover_mean("balanced accuracy", sens, spec),
        _likelihood_ratio("LR+", m.tp, m.positives, m.fp, m.negatives, c),
        _likelihood_ratio("LR-", m.fn, m.positives, m.tn, m.negatives, c),
    )


def counts_consistent_with(percent: float, denominator: int, *, decimals: int = 1) -> list[int]:
    """Every whole count out of ``denominator`` that rounds to ``percent`` at ``decimals`` places.

    The GRIM idea (Brown & Heathers 2016): a percentage of a known whole number can only take
    certain values. A count exactly half-way between two reported values is kept, as a tie may have
    been rounded either way.

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


@dataclass(frozen=True)
class PredictiveValues:
    """PPV and NPV at a given prevalence, from a sample's sensitivity and specificity."""

    prevalence: float
    ppv: Estimate
    npv: Estimate

    def __str__(self) -> str:
        return f"at {fmt_percent(100 * self.prevalence)} prevalence: PPV {self.ppv}, NPV {self.npv}"


def predictive_values(
    matrix: ConfusionMatrix, prevalence: float, *, confidence_level: float = 0.95
) -> PredictiveValues:
    """Predictive values if the tool were used where ``prevalence`` of cases are positive (Bayes' rule).

    The intervals use the logit method of Mercaldo, Lau & Zhou (2007), whose variance combines the
    binomial uncertainty of sensitivity and of specificity; 0.5 is added to the cells when one is empty.

    Examples
    --------
    >>> pv = predictive_values(ConfusionMatrix(tp=90, fn=10, fp=20, tn=80), 0.5)
    >>> round(pv.ppv.estimate, 4)  # 0.9 * 0.5 / (0.9 * 0.5 + 0.2 * 0.5)
    0.8182
    """
    c = check_confidence_level(confidence_level)
    if not 0 < prevalence < 1:
        raise ValueError(f"`prevalence` must be in (0, 1), but {prevalence!r} was passed")
    m = matrix
    correction = 0.5 if 0 in (m.tp, m.fn, m.fp, m.tn) else 0.0
    tp, fn, fp, tn = (x + correction for x in (m.tp, m.fn, m.fp, m.tn))
    sens, spec = tp / (tp + fn), tn / (tn + fp)
    n1, n0 = tp + fn, tn + fp
    z = two_sided_quantile(c)
    method = "logit method (Mercaldo, Lau & Zhou 2007)" + (", 0.5 added to each cell" if correction else "")

    def bounded(name, logit, variance):
        se = math.sqrt(variance)
        expit = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
        return Estimate(name, expit(logit), expit(logit - z * se), expit(logit + z * se), method, c)

    odds = math.log(prevalence / (1 - prevalence))
    ppv = bounded("PPV", math.log(sens / (1 - spec)) + odds, (1 - sens) / (sens * n1) + spec / ((1 - spec) * n0))
    npv = bounded("NPV", math.log(spec / (1 - sens)) - odds, sens / ((1 - sens) * n1) + (1 - spec) / (spec * n0))
    return PredictiveValues(prevalence, ppv, npv)


def predictive_value_curve(
    matrix: ConfusionMatrix, prevalences: Sequence[float], *, confidence_level: float = 0.95
) -> pd.DataFrame:
    """PPV and NPV with their intervals at each prevalence, for a chart."""
    rows = []
    for p in prevalences:
        pv = predictive_values(matrix, p, confidence_level=confidence_level)
        rows.append(
            {
                "prevalence": p,
                "ppv": pv.ppv.estimate,
                "ppv_lower": pv.ppv.lower,
                "ppv_upper": pv.ppv.upper,
                "npv": pv.npv.estimate,
                "npv_lower": pv.npv.lower,
                "npv_upper": pv.npv.upper,
            }
        )
    table = pd.DataFrame(rows)
    # Exported precision: fractions to 4 places, a hundredth of a percentage point.
    table.attrs["decimals"] = dict.fromkeys(table.columns, 4)
    return table


#: The bundled base rates given as a count of a group (part's figure id: the group's figure id): the Swiss
#: cohort's 363 offenders with a contact offence, of its 4,612 (base_rates.csv).
BASE_RATE_SHARES = {"base-goller-dual": "base-goller-cohort"}


def prevalences_from_figures(figures: pd.DataFrame, *, shares: dict[str, str] | None = None) -> pd.DataFrame:
    """Base rates as fractions from rows of a bundled table (``percent``, ``one_in_n``, or a part of a count).

    "One in six" becomes 1/6, a derived value, and is marked so; "about" is kept. ``shares`` maps the
    figure id of a count that is part of a group to the figure id of the group's count ("363 dual
    offenders" of "4,612 offenders"): the share is derived here, at run time, and marked so; each
    count used in a share must be named in ``shares``, and only there.

    Examples
    --------
    >>> rows = pd.DataFrame({"value": [363, 4612], "unit": ["count", "count"], "qualifier": [None, None],
    ...                      "measure": ["dual", "all"], "scope": ["s", "s"], "source_id": ["x", "x"]},
    ...                     index=["part", "whole"])
    >>> prevalences_from_figures(rows, shares={"part": "whole"})[["stated", "derived"]].values.tolist()
    [['363 of 4,612', '363 / 4,612 = 7.9%']]
    """
    shares = dict(shares or {})
    wholes = set(shares.values())
    for part, whole in shares.items():
        for figure_id in (part, whole):
            if figure_id not in figures.index or figures.loc[figure_id, "unit"] != "count":
                raise ValueError(f"`shares` names {figure_id!r}, which is not a count among the figures passed")
        if figures.loc[part, "value"] > figures.loc[whole, "value"]:
            raise ValueError(f"{part} ({figures.loc[part, 'value']}) is more than the group {whole} it is part of")
    rows = []
    for figure_id, row in figures.iterrows():
        value = float(row["value"])
        qualifier = "" if pd.isna(row["qualifier"]) else f"{row['qualifier']} "
        if row["unit"] == "percent":
            fraction, derived, stated = value / 100, None, f"{qualifier}{value:g}%"
        elif row["unit"] == "one_in_n":
            fraction, derived, stated = 1 / value, f"one in {value:g} = {1 / value:.1%}", f"{qualifier}1 in {value:g}"
        elif row["unit"] == "count" and figure_id in shares:
            whole = float(figures.loc[shares[figure_id], "value"])
            fraction = value / whole
            derived = f"{value:,.0f} / {whole:,.0f} = {fraction:.1%}"
            stated = f"{qualifier}{value:,.0f} of {whole:,.0f}"
        elif row["unit"] == "count" and figure_id in wholes:
            continue
        else:
            raise ValueError(
                f"figure {figure_id} is in {row['unit']}, not a percentage or 'one in n'; a count "
                "enters only as part of a group, through `shares`"
            )
        rows.append(
            {
                "figure_id": figure_id,
                "measure": row["measure"],
                "scope": row["scope"],
                "stated": stated,
                "prevalence": fraction,
                "derived": derived,
                "source_id": row["source_id"],
            }
        )
    return pd.DataFrame(rows).set_index("figure_id")


def per_1000_at_prevalence(
    matrix: ConfusionMatrix, prevalence: float, *, confidence_level: float = 0.95
) -> pd.DataFrame:
    """Out of 1,000 assessed suspects at ``prevalence``: positives rated negative, and negatives rated positive.

    Each count is monotone in one proportion (sensitivity or specificity), so its interval is that
    proportion's Wilson interval carried through.
    """
    c = check_confidence_level(confidence_level)
    if not 0 < prevalence < 1:
        raise ValueError(f"`prevalence` must be in (0, 1), but {prevalence!r} was passed")
    summary = classification_summary(matrix, confidence_level=c)
    sens, spec = summary.sensitivity, summary.specificity
    positives, negatives = 1000 * prevalence, 1000 * (1 - prevalence)
    return pd.DataFrame(
        {
            "count": [
                positives * (1 - sens.estimate),
                negatives * (1 - spec.estimate),
                positives * sens.estimate,
                negatives * spec.estimate,
            ],
            "lower": [
                positives * (1 - sens.upper),
                negatives * (1 - spec.upper),
                positives * sens.lower,
                negatives * spec.lower,
            ],
            "upper": [
                positives * (1 - sens.lower),
                negatives * (1 - spec.lower),
                positives * sens.upper,
                negatives * spec.upper,
            ],
        },
        index=pd.Index(
            [
                "positives rated negative (missed)",
                "negatives rated positive (false alarms)",
                "positives rated positive",
                "negatives rated negative",
            ],
            name=f"per 1,000 at {prevalence:.1%}",
        ),
    )


@dataclass(frozen=True)
class AucBounds:
    """What the AUC of an ordinal score can be when only one dichotomy of it is known.

    ``lower`` assumes every tie within the two rating groups breaks against the tool, ``upper`` that
    every one breaks for it; ``dichotomised`` is the AUC of the two-level rating itself (ties count
    half), which equals the balanced accuracy. ``lower_limit`` and ``upper_limit`` widen the bounds by
    the Wilson intervals of sensitivity and specificity.
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
        a.estimate * b.estimate,
        1 - (1 - a.estimate) * (1 - b.estimate),
        (a.estimate + b.estimate) / 2,
        a.lower * b.lower,
        1 - (1 - a.upper) * (1 - b.upper),
        c,
    )


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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
        """One row per cut, one column per metric (estimates only)."""
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
            warnings.simplefilter("ignore", RuntimeWarning)
            summary = classification_summary(matrix, confidence_level=c)
        label = f"{levels[i]} or above"
        cuts[label] = summary
        roc.append({"cut": label, "fpr": 1 - summary.specificity.estimate, "tpr": summary.sensitivity.estimate})
    roc.append({"cut": "all rated positive", "fpr": 1.0, "tpr": 1.0})
    auc = _auc_from_table(table[:, 1], table[:, 0], c)
    return CaseFileEvaluation(pd.DataFrame(rows), cuts, pd.DataFrame(roc), auc)


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
