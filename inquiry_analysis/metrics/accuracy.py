"""Accuracy of a risk tool: confusion-matrix metrics, back-calculated counts, predictive values
at other base rates, AUC bounds, net benefit, and a full evaluation of a case file.

Proportions carry Wilson intervals; likelihood ratios the log method (Simel, Samsa & Matchar
1991); predictive values at another prevalence the logit method of Mercaldo, Lau & Zhou (2007),
which carries the uncertainty of sensitivity and specificity.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from ._common import check_confidence_level, check_count, fmt_level, fmt_percent, wilson_interval

__all__ = [
    "AucBounds",
    "CaseFileEvaluation",
    "ConfusionMatrix",
    "Estimate",
    "ClassificationSummary",
    "PredictiveValues",
    "auc_bounds_from_dichotomy",
    "classification_summary",
    "counts_consistent_with",
    "evaluate_case_file",
    "matrices_consistent_with_accuracy",
    "net_benefit",
    "net_benefit_ranges",
    "per_1000_at_prevalence",
    "predictive_value_curve",
    "predictive_values",
    "prevalences_from_figures",
]


def _z(confidence_level: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence_level / 2))


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
            raise ValueError("a confusion matrix needs at least one positive and one negative case, "
                             f"but got {self.positives} positive and {self.negatives} negative")

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
        return pd.DataFrame({"rated positive": [self.tp, self.fp], "rated negative": [self.fn, self.tn]},
                            index=pd.Index(["positive", "negative"], name="truth"))


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
            return (f"{fmt_percent(100 * self.estimate)} ({fmt_level(self.confidence_level)} "
                    f"{fmt_percent(100 * self.lower)} to {fmt_percent(100 * self.upper)})")
        return f"{self.estimate:.2f} ({fmt_level(self.confidence_level)} {self.lower:.2f} to {self.upper:.2f})"


def _proportion(name: str, k: int, n: int, confidence_level: float) -> Estimate:
    low, high = wilson_interval(k, n, confidence_level=confidence_level)
    return Estimate(name, k / n, low, high, "Wilson score interval", confidence_level, k, n)


def _undefined(name: str, rating: str, confidence_level: float) -> Estimate:
    warnings.warn(f"{name} is undefined because no case was rated {rating}; it is returned as nan. "
                  "Choose a cut at which both ratings occur to estimate it.", RuntimeWarning, stacklevel=3)
    return Estimate(name, math.nan, math.nan, math.nan, f"undefined: no {rating} ratings", confidence_level)


def _mover_mean(name: str, a: Estimate, b: Estimate) -> Estimate:
    """Mean of two independent proportions, interval by MOVER from their Wilson intervals (Zou & Donner 2008)."""
    estimate = (a.estimate + b.estimate) / 2
    low = estimate - math.hypot(a.estimate - a.lower, b.estimate - b.lower) / 2
    high = estimate + math.hypot(a.upper - a.estimate, b.upper - b.estimate) / 2
    return Estimate(name, estimate, low, high, "MOVER from Wilson intervals", a.confidence_level)


def _likelihood_ratio(name: str, hits: int, group: int, false_hits: int, other: int,
                      confidence_level: float) -> Estimate:
    """(hits/group) / (false_hits/other) with the log-method interval; 0.5 added to every cell if one is empty."""
    correction = 0.5 if 0 in (hits, false_hits, group - hits, other - false_hits) else 0.0
    h, g, f, o = hits + correction, group + 2 * correction, false_hits + correction, other + 2 * correction
    ratio = (h / g) / (f / o)
    se = math.sqrt(1 / h - 1 / g + 1 / f - 1 / o)
    z = _z(confidence_level)
    method = "log method (Simel et al. 1991)" + (", 0.5 added to each cell for an empty one" if correction else "")
    return Estimate(name, ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se), method, confidence_level,
                    proportion=False)


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
        return pd.DataFrame({"estimate": [e.estimate for e in rows], "lower": [e.lower for e in rows],
                             "upper": [e.upper for e in rows], "method": [e.method for e in rows]},
                            index=pd.Index([e.name for e in rows], name="metric"))

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
        m, _proportion("accuracy", m.tp + m.tn, m.n, c), sens, spec, ppv, npv,
        _mover_mean("balanced accuracy", sens, spec),
        _likelihood_ratio("LR+", m.tp, m.positives, m.fp, m.negatives, c),
        _likelihood_ratio("LR-", m.fn, m.positives, m.tn, m.negatives, c))


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
    return [k for k in range(max(low, 0), min(high, denominator) + 1)
            if abs(100 * k / denominator - percent) <= half + 1e-9]


def matrices_consistent_with_accuracy(accuracy_percent: float, positives: int, negatives: int, *,
                                      decimals: int = 1) -> pd.DataFrame:
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
            rows.append({"correct": correct, "tp": tp, "fn": positives - tp, "fp": negatives - tn, "tn": tn,
                         "sensitivity": 100 * tp / positives, "specificity": 100 * tn / negatives})
    return pd.DataFrame(rows, columns=["correct", "tp", "fn", "fp", "tn", "sensitivity", "specificity"])


@dataclass(frozen=True)
class PredictiveValues:
    """PPV and NPV at a given prevalence, from a sample's sensitivity and specificity."""

    prevalence: float
    ppv: Estimate
    npv: Estimate

    def __str__(self) -> str:
        return f"at {fmt_percent(100 * self.prevalence)} prevalence: PPV {self.ppv}, NPV {self.npv}"


def predictive_values(matrix: ConfusionMatrix, prevalence: float, *,
                      confidence_level: float = 0.95) -> PredictiveValues:
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
    z = _z(c)
    method = "logit method (Mercaldo, Lau & Zhou 2007)" + (", 0.5 added to each cell" if correction else "")

    def bounded(name, logit, variance):
        se = math.sqrt(variance)
        expit = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
        return Estimate(name, expit(logit), expit(logit - z * se), expit(logit + z * se), method, c)

    odds = math.log(prevalence / (1 - prevalence))
    ppv = bounded("PPV", math.log(sens / (1 - spec)) + odds,
                  (1 - sens) / (sens * n1) + spec / ((1 - spec) * n0))
    npv = bounded("NPV", math.log(spec / (1 - sens)) - odds,
                  sens / ((1 - sens) * n1) + (1 - spec) / (spec * n0))
    return PredictiveValues(prevalence, ppv, npv)


def predictive_value_curve(matrix: ConfusionMatrix, prevalences: Sequence[float], *,
                           confidence_level: float = 0.95) -> pd.DataFrame:
    """PPV and NPV with their intervals at each prevalence, for a chart."""
    rows = []
    for p in prevalences:
        pv = predictive_values(matrix, p, confidence_level=confidence_level)
        rows.append({"prevalence": p, "ppv": pv.ppv.estimate, "ppv_lower": pv.ppv.lower, "ppv_upper": pv.ppv.upper,
                     "npv": pv.npv.estimate, "npv_lower": pv.npv.lower, "npv_upper": pv.npv.upper})
    table = pd.DataFrame(rows)
    # Exported precision: fractions to 4 places, a hundredth of a percentage point.
    table.attrs["decimals"] = dict.fromkeys(table.columns, 4)
    return table


def prevalences_from_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """Base rates as fractions from rows of a bundled table (``percent`` or ``one_in_n``).

    "One in six" becomes 1/6, a derived value, and is marked so; "about" is kept.
    """
    rows = []
    for figure_id, row in figures.iterrows():
        value = float(row["value"])
        if row["unit"] == "percent":
            fraction, derived = value / 100, None
        elif row["unit"] == "one_in_n":
            fraction, derived = 1 / value, f"one in {value:g} = {1 / value:.1%}"
        else:
            raise ValueError(f"figure {figure_id} is in {row['unit']}, not a percentage or 'one in n'")
        qualifier = "" if pd.isna(row["qualifier"]) else f"{row['qualifier']} "
        rows.append({"figure_id": figure_id, "measure": row["measure"], "scope": row["scope"],
                     "stated": f"{qualifier}{value:g}%" if row["unit"] == "percent" else f"{qualifier}1 in {value:g}",
                     "prevalence": fraction, "derived": derived, "source_id": row["source_id"]})
    return pd.DataFrame(rows).set_index("figure_id")


def per_1000_at_prevalence(matrix: ConfusionMatrix, prevalence: float, *,
                           confidence_level: float = 0.95) -> pd.DataFrame:
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
    return pd.DataFrame({
        "count": [positives * (1 - sens.estimate), negatives * (1 - spec.estimate), positives * sens.estimate,
                  negatives * spec.estimate],
        "lower": [positives * (1 - sens.upper), negatives * (1 - spec.upper), positives * sens.lower,
                  negatives * spec.lower],
        "upper": [positives * (1 - sens.lower), negatives * (1 - spec.lower), positives * sens.upper,
                  negatives * spec.upper],
    }, index=pd.Index(["positives rated negative (missed)", "negatives rated positive (false alarms)",
                       "positives rated positive", "negatives rated negative"], name=f"per 1,000 at {prevalence:.1%}"))


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
        return (f"AUC between {self.lower:.3f} and {self.upper:.3f} (dichotomised {self.dichotomised:.3f}; "
                f"outer limits {self.lower_limit:.3f} to {self.upper_limit:.3f} from the "
                f"{self.confidence_level:.0%} Wilson limits of sensitivity and specificity, "
                "not itself an interval of that level)")


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
    return AucBounds(a.estimate * b.estimate, 1 - (1 - a.estimate) * (1 - b.estimate),
                     (a.estimate + b.estimate) / 2, a.lower * b.lower, 1 - (1 - a.upper) * (1 - b.upper), c)


def net_benefit(matrix: ConfusionMatrix, thresholds: Sequence[float], *, prevalence: float | None = None,
                confidence_level: float = 0.95) -> pd.DataFrame:
    """Net benefit of acting on a positive rating, against acting on everyone or on no one.

    Decision curve analysis (Vickers & Elkin 2006): at a threshold probability p_t, a false positive
    costs p_t / (1 − p_t) of a true positive, and net benefit = sensitivity·π − (1 − specificity)·(1 − π)·p_t/(1 − p_t),
    with π the prevalence (by default the sample's). "Act on all" has π − (1 − π)·p_t/(1 − p_t);
    "act on none" has 0. The interval is the normal approximation from the binomial variances of
    sensitivity and specificity.
    """
    c = check_confidence_level(confidence_level)
    m = matrix
    pi = m.positives / m.n if prevalence is None else prevalence
    if not 0 < pi < 1:
        raise ValueError(f"`prevalence` must be in (0, 1), but {prevalence!r} was passed")
    sens, spec = m.tp / m.positives, m.tn / m.negatives
    var_sens, var_spec = sens * (1 - sens) / m.positives, spec * (1 - spec) / m.negatives
    z = _z(c)
    rows = []
    for t in thresholds:
        if not 0 < t < 1:
            raise ValueError(f"thresholds must be in (0, 1), but {t!r} was passed")
        w = t / (1 - t)
        value = sens * pi - (1 - spec) * (1 - pi) * w
        se = math.sqrt(pi ** 2 * var_sens + ((1 - pi) * w) ** 2 * var_spec)
        rows.append({"threshold": t, "net_benefit": value, "lower": value - z * se, "upper": value + z * se,
                     "act_on_all": pi - (1 - pi) * w, "act_on_none": 0.0})
    table = pd.DataFrame(rows)
    # Exported precision: net benefit (true positives per suspect) and thresholds to 4 places.
    table.attrs["decimals"] = dict.fromkeys(table.columns, 4)
    return table


def net_benefit_ranges(table: pd.DataFrame) -> list[tuple[float, float]]:
    """The runs of thresholds where acting on the rating beats both acting on all and on none.

    ``table`` is :func:`net_benefit`'s output; each run is (first threshold, last threshold).

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


@dataclass(frozen=True)
class CaseFileEvaluation:
    """A risk tool evaluated on a case file: rates by level, metrics at each cut, ROC and AUC."""

    levels: pd.DataFrame
    cuts: dict[str, ClassificationSummary]
    roc: pd.DataFrame
    auc: Estimate

    def cuts_frame(self) -> pd.DataFrame:
        """One row per cut, one column per metric (estimates only)."""
        return pd.DataFrame({cut: s.as_frame()["estimate"] for cut, s in self.cuts.items()}).T


def _delong_auc(scores_pos: np.ndarray, scores_neg: np.ndarray, confidence_level: float) -> Estimate:
    """AUC with DeLong's variance, interval on the logit scale (ties count one half)."""
    greater = (scores_pos[:, None] > scores_neg[None, :]).astype(float)
    psi = greater + 0.5 * (scores_pos[:, None] == scores_neg[None, :])
    auc = float(psi.mean())
    m, n = psi.shape
    variance = psi.mean(axis=1).var(ddof=1) / m + psi.mean(axis=0).var(ddof=1) / n if m > 1 and n > 1 else math.nan
    z = _z(confidence_level)
    if 0 < auc < 1 and variance > 0:
        logit = math.log(auc / (1 - auc))
        se = math.sqrt(variance) / (auc * (1 - auc))
        low, high = (1 / (1 + math.exp(-(logit + s * z * se))) for s in (-1, 1))
    else:
        low, high = auc, auc
    return Estimate("AUC", auc, low, high, "DeLong variance, logit-scale interval", confidence_level,
                    proportion=False)


def evaluate_case_file(cases: pd.DataFrame, *, levels: Sequence[str], confidence_level: float = 0.95
                       ) -> CaseFileEvaluation:
    """Evaluate an ordinal risk rating against an outcome, one row per assessed person.

    ``cases`` has a ``risk_level`` column (one of ``levels``, lowest first) and a boolean ``outcome``
    column (as :func:`inquiry_analysis.read_case_file` returns). For each cut "at or above level k"
    the full :func:`classification_summary` is computed; the ROC joins the cuts, and the AUC treats
    the levels as an ordinal score.
    """
    c = check_confidence_level(confidence_level)
    if not {"risk_level", "outcome"} <= set(cases.columns):
        raise ValueError("`cases` must have the columns 'risk_level' and 'outcome', as read_case_file returns")
    unknown = set(cases["risk_level"].astype(str)) - set(levels)
    if unknown:
        raise ValueError(f"risk levels {sorted(unknown)} are not among `levels` ({', '.join(levels)})")
    score = cases["risk_level"].astype(str).map({level: i for i, level in enumerate(levels)}).to_numpy()
    outcome = cases["outcome"].astype(bool).to_numpy()
    if outcome.all() or not outcome.any():
        raise ValueError("the case file needs people with and without the outcome to measure accuracy")
    rows = []
    for i, level in enumerate(levels):
        at_level = score == i
        k, n = int(outcome[at_level].sum()), int(at_level.sum())
        low, high = wilson_interval(k, n, confidence_level=c) if n else (math.nan, math.nan)
        rows.append({"level": level, "assessed": n, "with_outcome": k, "rate": k / n if n else math.nan,
                     "lower": low, "upper": high})
    cuts, roc = {}, [{"cut": "none rated positive", "fpr": 0.0, "tpr": 0.0}]
    for i in range(len(levels) - 1, 0, -1):
        rated = score >= i
        matrix = ConfusionMatrix(int((rated & outcome).sum()), int((~rated & outcome).sum()),
                                 int((rated & ~outcome).sum()), int((~rated & ~outcome).sum()))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            summary = classification_summary(matrix, confidence_level=c)
        label = f"{levels[i]} or above"
        cuts[label] = summary
        roc.append({"cut": label, "fpr": 1 - summary.specificity.estimate, "tpr": summary.sensitivity.estimate})
    roc.append({"cut": "all rated positive", "fpr": 1.0, "tpr": 1.0})
    auc = _delong_auc(score[outcome].astype(float), score[~outcome].astype(float), c)
    return CaseFileEvaluation(pd.DataFrame(rows), cuts, pd.DataFrame(roc), auc)
