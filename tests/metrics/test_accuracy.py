"""metrics.accuracy against hand values, scikit-learn on expanded records, and properties.

The KIRAT matrix (166, 4, 77, 127) is the one the published percentages imply; other matrices and
case files here are synthetic.
"""

import math
from decimal import ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

from inquiry_analysis.metrics import accuracy as acc
from tests.hand import Z95, wilson

KIRAT = acc.ConfusionMatrix(tp=166, fn=4, fp=77, tn=127)
LEVELS = ("Low", "Medium", "High", "Very High")


def test_metrics_agree_with_scikit_learn_on_the_expanded_records():
    truth, prediction = KIRAT.records()
    s = acc.classification_summary(KIRAT)
    assert s.accuracy.estimate == pytest.approx(skm.accuracy_score(truth, prediction))
    assert s.sensitivity.estimate == pytest.approx(skm.recall_score(truth, prediction))
    assert s.specificity.estimate == pytest.approx(skm.recall_score(truth, prediction, pos_label=0))
    assert s.ppv.estimate == pytest.approx(skm.precision_score(truth, prediction))
    assert s.npv.estimate == pytest.approx(skm.precision_score(truth, prediction, pos_label=0))
    assert s.balanced_accuracy.estimate == pytest.approx(skm.balanced_accuracy_score(truth, prediction))
    assert s.lr_positive.estimate == pytest.approx(skm.class_likelihood_ratios(truth, prediction)[0])
    assert s.lr_negative.estimate == pytest.approx(skm.class_likelihood_ratios(truth, prediction)[1])


def test_kirat_accuracy_by_hand():
    s = acc.classification_summary(KIRAT)
    assert s.accuracy.estimate == pytest.approx(293 / 374)  # (166 + 127) / 374 = 78.3%
    assert (s.accuracy.lower, s.accuracy.upper) == tuple(pytest.approx(x) for x in wilson(293, 374))
    assert s.lr_positive.estimate == pytest.approx((166 / 170) / (77 / 204))
    se = math.sqrt(1 / 166 - 1 / 170 + 1 / 77 - 1 / 204)  # log method by hand
    assert s.lr_positive.lower == pytest.approx(s.lr_positive.estimate * math.exp(-1.959964 * se), rel=1e-5)
    assert str(s.accuracy) == "78.3% (95% CI 73.9% to 82.2%)"


def test_published_percentages_imply_one_count_each():
    assert acc.counts_consistent_with(97.6, 170) == [166]
    assert acc.counts_consistent_with(62.3, 204) == [127]
    assert acc.counts_consistent_with(83.7, 374) == [313]


def test_grim_finds_impossible_percentages_and_several_counts_for_small_precision():
    assert acc.counts_consistent_with(50.0, 3) == []  # no whole count of 3 is 50.0%
    assert acc.counts_consistent_with(50, 300, decimals=0) == [149, 150, 151]  # 49.67..50.33 round to 50


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=2000), st.data())
def test_every_count_returned_rounds_back_to_the_percentage(n, data):
    k = data.draw(st.integers(min_value=0, max_value=n))
    percent = round(100 * k / n, 1)
    found = acc.counts_consistent_with(percent, n)
    assert k in found

    def rounds_to(c, mode):  # exact decimal arithmetic; a tie may have been rounded either way
        value = Decimal(100 * c) / Decimal(n)
        return value.quantize(Decimal("0.1"), rounding=mode) == Decimal(str(percent))

    assert all(any(rounds_to(c, mode) for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_HALF_DOWN)) for c in found)


def test_tables_that_give_83_7_percent():
    tables = acc.matrices_consistent_with_accuracy(83.7, 170, 204)
    assert set(tables["correct"]) == {313}
    assert (tables["tp"].min(), tables["tp"].max()) == (109, 170)  # tn = 313 - tp must not exceed 204
    with_published_sensitivity = tables[tables.tp == 166].iloc[0]
    assert (with_published_sensitivity.tn, round(with_published_sensitivity.specificity, 1)) == (147, 72.1)


def test_predictive_values_by_bayes_rule():
    pv = acc.predictive_values(KIRAT, 0.12)
    sens, spec = 166 / 170, 127 / 204
    assert pv.ppv.estimate == pytest.approx(sens * 0.12 / (sens * 0.12 + (1 - spec) * 0.88))
    assert pv.npv.estimate == pytest.approx(spec * 0.88 / (spec * 0.88 + (1 - sens) * 0.12))
    at_sample = acc.predictive_values(KIRAT, 170 / 374)
    assert at_sample.ppv.estimate == pytest.approx(166 / 243)  # the sample's own PPV


def test_predictive_value_interval_is_the_logit_method_by_hand():
    sens, spec = 166 / 170, 127 / 204
    logit = math.log(sens * 0.12 / ((1 - spec) * 0.88))
    se = math.sqrt((1 - sens) / (sens * 170) + spec / ((1 - spec) * 204))
    expit = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    pv = acc.predictive_values(KIRAT, 0.12)
    assert pv.ppv.lower == pytest.approx(expit(logit - 1.959964 * se), rel=1e-5)
    assert pv.ppv.upper == pytest.approx(expit(logit + 1.959964 * se), rel=1e-5)


def test_per_1000_at_a_base_rate_by_hand():
    table = acc.per_1000_at_prevalence(KIRAT, 0.12)
    assert table["count"].iloc[0] == pytest.approx(1000 * 0.12 * 4 / 170)  # 2.8 contact offenders missed
    assert table["count"].iloc[1] == pytest.approx(1000 * 0.88 * 77 / 204)  # 332 false alarms
    assert table["count"].sum() == pytest.approx(1000)


def test_auc_bounds_contain_the_auc_of_any_ordinal_split():
    # Synthetic four-level ratings that give the KIRAT dichotomy at High or above, split three ways.
    splits = [
        ((0, 4, 60, 106), (60, 67, 50, 27)),
        ((4, 0, 100, 66), (127, 0, 0, 77)),
        ((2, 2, 10, 156), (0, 127, 77, 0)),
    ]
    bounds = acc.auc_bounds_from_dichotomy(KIRAT)
    for positives, negatives in splits:
        score = np.repeat(np.tile(np.arange(4), 2), positives + negatives)
        truth = np.repeat([1, 0], [170, 204])
        auc = skm.roc_auc_score(truth, score)
        assert bounds.lower - 1e-12 <= auc <= bounds.upper + 1e-12
    truth, prediction = KIRAT.records()
    assert bounds.dichotomised == pytest.approx(skm.roc_auc_score(truth, prediction))
    assert (bounds.lower, bounds.upper) == (pytest.approx(166 / 170 * 127 / 204), pytest.approx(1 - 4 / 170 * 77 / 204))


def test_net_benefit_by_hand():
    table = acc.net_benefit(KIRAT, [0.1], prevalence=0.12)
    sens, spec = 166 / 170, 127 / 204
    assert table["net_benefit"][0] == pytest.approx(sens * 0.12 - (1 - spec) * 0.88 / 9)
    assert table["act_on_all"][0] == pytest.approx(0.12 - 0.88 / 9)
    assert table["act_on_none"][0] == 0
    assert table["lower"][0] < table["net_benefit"][0] < table["upper"][0]


def test_a_case_file_is_evaluated_at_every_cut():
    # Synthetic case file: 10 people at each level, with 1, 3, 6 and 9 outcomes.
    levels = ("Low", "Medium", "High", "Very High")
    rows = [(level, i < k) for level, k in zip(levels, (1, 3, 6, 9)) for i in range(10)]
    cases = pd.DataFrame(rows, columns=["risk_level", "outcome"])
    result = acc.evaluate_case_file(cases, levels=levels)
    assert result.levels["rate"].tolist() == [0.1, 0.3, 0.6, 0.9]
    assert list(result.cuts) == ["Very High or above", "High or above", "Medium or above"]
    high = result.cuts["High or above"]
    assert (high.matrix.tp, high.matrix.fn, high.matrix.fp, high.matrix.tn) == (15, 4, 5, 16)
    truth = cases["outcome"].to_numpy()
    score = cases["risk_level"].map({level: i for i, level in enumerate(levels)}).to_numpy()
    assert result.auc.estimate == pytest.approx(skm.roc_auc_score(truth, score))
    assert result.auc.lower < result.auc.estimate < result.auc.upper
    fpr, tpr, _ = skm.roc_curve(truth, score)
    ours = sorted(zip(result.roc["fpr"], result.roc["tpr"]))
    assert np.allclose(ours, sorted(zip(fpr, tpr)))


def test_case_file_levels_are_checked():
    cases = pd.DataFrame({"risk_level": ["Low", "Severe"], "outcome": [False, True]})
    with pytest.raises(ValueError, match=r"risk levels \['Severe'\] are not among `levels`"):
        acc.evaluate_case_file(cases, levels=("Low", "High"))


@settings(deadline=None, max_examples=60)
@given(st.integers(1, 300), st.integers(0, 300), st.integers(0, 300), st.integers(1, 300))
def test_metrics_lie_in_0_1_and_intervals_contain_estimates(tp, fn, fp, tn):
    s = acc.classification_summary(acc.ConfusionMatrix(tp, fn, fp, tn))
    for e in (s.accuracy, s.sensitivity, s.specificity, s.ppv, s.npv, s.balanced_accuracy):
        assert 0 <= e.lower <= e.estimate <= e.upper <= 1
    for e in (s.lr_positive, s.lr_negative):
        assert 0 < e.lower <= e.estimate <= e.upper


def test_an_undefined_predictive_value_warns_and_is_nan():
    with pytest.warns(RuntimeWarning, match="PPV is undefined because no case was rated positive"):
        summary = acc.classification_summary(acc.ConfusionMatrix(tp=0, fn=5, fp=0, tn=5))
    assert math.isnan(summary.ppv.estimate)


def test_per_1000_refuses_an_impossible_prevalence():
    with pytest.raises(ValueError, match=r"`prevalence` must be in \(0, 1\), but 1.5 was passed"):
        acc.per_1000_at_prevalence(KIRAT, 1.5)


# --- AUC: DeLong's variance without the table of pairs, and intervals at the boundary -----------------


def pairwise_delong(positive_scores, negative_scores):
    """AUC and DeLong's variance straight from DeLong, DeLong & Clarke-Pearson (1988), over all P × N pairs.

    psi(X, Y) = 1 if X > Y, 1/2 if X = Y, 0 otherwise; V10(X_i) and V01(Y_j) are its row and column
    means; S10 and S01 their sample variances; var(AUC) = S10/m + S01/n.
    """
    x, y = np.asarray(positive_scores, float)[:, None], np.asarray(negative_scores, float)[None, :]
    psi = (x > y) + 0.5 * (x == y)
    auc = psi.mean()
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    m, n = psi.shape
    return auc, np.sum((v10 - auc) ** 2) / (m - 1) / m + np.sum((v01 - auc) ** 2) / (n - 1) / n


def newcombe_roots(auc, m, n, z=Z95):
    """Newcombe's (2006) method 5 by another route: the real roots in [0, 1] of his quartic.

    (θ̂ − θ)² = z² θ(1 − θ)[1 + N*(1 − θ)/(2 − θ) + N* θ/(1 + θ)] / (mn), N* = (m + n)/2 − 1, times
    (2 − θ)(1 + θ)·mn, is a polynomial of degree 4; the interval's limits are its roots either side of θ̂.
    """
    P = np.polynomial.Polynomial
    theta, one = P([0, 1]), P([1])
    n_star = (m + n) / 2 - 1
    quartic = (auc - theta) ** 2 * (2 - theta) * (1 + theta) * (m * n) - z * z * theta * (1 - theta) * (
        (2 - theta) * (1 + theta) + n_star * (1 - theta) * (1 + theta) + n_star * theta * (2 - theta) * one
    )
    roots = [r.real for r in quartic.roots() if abs(r.imag) < 1e-9 and -1e-9 <= r.real <= 1 + 1e-9]
    below = [r for r in roots if r < auc - 1e-9]
    above = [r for r in roots if r > auc + 1e-9]
    return (max(below) if below else 0.0), (min(above) if above else 1.0)


def expand(positives_at, negatives_at):
    """Records (outcome, ordinal score) from counts per level."""
    levels = np.arange(len(positives_at))
    score = np.r_[np.repeat(levels, positives_at), np.repeat(levels, negatives_at)]
    return np.r_[np.ones(sum(positives_at), bool), np.zeros(sum(negatives_at), bool)], score


@settings(deadline=None, max_examples=80)
@given(st.integers(2, 25), st.integers(2, 25), st.integers(1, 6), st.randoms(use_true_random=False))
def test_auc_and_delong_variance_agree_with_the_pairwise_formulas(m, n, distinct, rnd):
    # Synthetic scores; few distinct values make many ties.
    positives = [rnd.randrange(distinct) + rnd.random() * (distinct == 6) for _ in range(m)]
    negatives = [rnd.randrange(distinct) for _ in range(n)]
    result = acc.roc_auc(np.r_[np.ones(m), np.zeros(n)], np.r_[positives, negatives])
    auc, variance = pairwise_delong(positives, negatives)
    assert result.estimate == pytest.approx(auc, abs=1e-12)
    assert result.standard_error == pytest.approx(math.sqrt(variance), abs=1e-12)
    assert (result.positives, result.negatives) == (m, n)
    if 0 < auc < 1 and variance > 0:  # logit-scale interval by hand
        half = Z95 * math.sqrt(variance) / (auc * (1 - auc))
        logit = math.log(auc / (1 - auc))
        low, high = (1 / (1 + math.exp(-(logit + sign * half))) for sign in (-1, 1))
        assert (result.lower, result.upper) == (pytest.approx(low), pytest.approx(high))
        assert result.method == "DeLong variance, logit-scale interval"
    assert result.lower < result.upper
    assert result.lower <= result.estimate <= result.upper


def test_auc_agrees_with_scikit_learn_on_continuous_and_tied_scores():
    rng = np.random.default_rng(7)
    truth = rng.random(3000) < 0.3
    continuous = rng.normal(size=3000) + truth
    tied = np.round(continuous)  # about 7 distinct values
    for score in (continuous, tied, -continuous):
        assert acc.roc_auc(truth, score).estimate == pytest.approx(skm.roc_auc_score(truth, score), abs=1e-12)
    assert acc.roc_auc(truth.astype(int), tied).estimate == pytest.approx(skm.roc_auc_score(truth, tied), abs=1e-12)


def test_delong_standard_error_agrees_with_a_bootstrap():
    # Synthetic ordinal scores; the bootstrap is an independent (if noisy) estimate of the same error, and
    # scipy's Mann-Whitney U (ranks along each resample) computes each resample's AUC.
    from scipy.stats import mannwhitneyu

    rng = np.random.default_rng(42)
    positives = rng.choice(4, size=120, p=[0.05, 0.15, 0.4, 0.4])
    negatives = rng.choice(4, size=150, p=[0.35, 0.35, 0.2, 0.1])
    cases = pd.DataFrame(
        {"risk_level": [LEVELS[i] for i in np.r_[positives, negatives]], "outcome": [True] * 120 + [False] * 150}
    )
    auc = acc.evaluate_case_file(cases, levels=LEVELS).auc
    draws = 4000
    p = positives[rng.integers(0, 120, size=(draws, 120))]
    n = negatives[rng.integers(0, 150, size=(draws, 150))]
    boot = mannwhitneyu(p, n, axis=1, method="asymptotic").statistic / (120 * 150)
    # The sd of a bootstrap of 4,000 has a relative error of about 1%; the bootstrap's own n rather than n - 1
    # divisor shrinks it by about 0.4%.
    assert auc.standard_error == pytest.approx(np.std(boot, ddof=1), rel=0.05)
    # Width of the 95% interval against the bootstrap's 2.5-97.5 percentile range, within 15%.
    assert (auc.upper - auc.lower) == pytest.approx(np.percentile(boot, 97.5) - np.percentile(boot, 2.5), rel=0.15)


@pytest.mark.parametrize(
    "positives_at, negatives_at, why",
    [
        ((0, 0, 0, 30), (15, 15, 0, 0), "DeLong's variance is 0 at AUC = 1"),
        ((30, 0, 0, 0), (0, 0, 0, 30), "DeLong's variance is 0 at AUC = 0"),
        ((0, 0, 30, 0), (0, 0, 30, 0), "every case has the same score"),
        ((0, 0, 1, 0), (20, 20, 5, 5), "there are 1 and 50"),
        ((10, 20, 5, 5), (0, 1, 0, 0), "there are 40 and 1"),
        ((0, 0, 0, 1), (1, 0, 0, 0), "there are 1 and 1"),
    ],
)
def test_the_auc_interval_at_the_boundary_is_newcombes_and_not_a_point(positives_at, negatives_at, why):
    # Synthetic tables: perfect, perfectly wrong, all tied, one positive, one negative.
    truth, score = expand(positives_at, negatives_at)
    auc = acc.evaluate_case_file(
        pd.DataFrame({"risk_level": [LEVELS[i] for i in score], "outcome": truth}), levels=LEVELS
    ).auc
    assert auc.estimate == pytest.approx(skm.roc_auc_score(truth, score))
    assert auc.lower < auc.upper
    assert auc.lower <= auc.estimate <= auc.upper
    assert auc.method.startswith("Newcombe (2006) method 5 score interval") and why in auc.method
    low, high = newcombe_roots(auc.estimate, sum(positives_at), sum(negatives_at))
    assert (auc.lower, auc.upper) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
    if min(sum(positives_at), sum(negatives_at)) < 2:
        assert math.isnan(auc.standard_error)
    else:
        assert auc.standard_error == 0


def test_at_auc_1_the_lower_limit_falls_as_the_sample_shrinks():
    # Synthetic perfect separation: 5 + 5 cases prove less than 200 + 200.
    small, large = (acc.roc_auc(np.r_[np.ones(k), np.zeros(k)], np.r_[np.ones(k), np.zeros(k)]) for k in (5, 200))
    assert small.lower < large.lower < 1 == small.upper == large.upper


@settings(deadline=None, max_examples=60)
@given(st.lists(st.integers(0, 40), min_size=4, max_size=4), st.lists(st.integers(0, 40), min_size=4, max_size=4))
def test_every_ordinal_table_gives_an_interval_around_the_auc(positives_at, negatives_at):
    if sum(positives_at) == 0 or sum(negatives_at) == 0:
        return
    truth, score = expand(positives_at, negatives_at)
    auc = acc.roc_auc(truth, score)
    assert 0 <= auc.lower < auc.upper <= 1
    assert auc.lower <= auc.estimate <= auc.upper
    assert auc.estimate == pytest.approx(skm.roc_auc_score(truth, score), abs=1e-12)


def test_a_100000_row_case_file_runs_without_a_table_of_pairs():
    import time
    import tracemalloc

    # Synthetic case file in read_case_file's types: 100,000 people, about 43,000 with the outcome, so a
    # positives × negatives table of float64 would need about 18 GiB.
    rng = np.random.default_rng(3)
    outcome = rng.random(100_000) < 0.43
    level = np.where(
        outcome, rng.choice(4, 100_000, p=[0.05, 0.15, 0.4, 0.4]), rng.choice(4, 100_000, p=[0.35, 0.35, 0.2, 0.1])
    )
    cases = pd.DataFrame(
        {
            "risk_level": pd.Categorical.from_codes(level, LEVELS, ordered=True),
            "outcome": pd.array(outcome, dtype="boolean"),
        }
    )
    continuous = level + rng.random(100_000)  # 100,000 distinct scores
    tracemalloc.start()
    try:
        started = time.perf_counter()
        result = acc.evaluate_case_file(cases, levels=LEVELS)
        by_string = acc.evaluate_case_file(cases.astype({"risk_level": str}), levels=LEVELS)
        fine = acc.roc_auc(outcome, continuous)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * 2**20
    assert elapsed < 3
    assert result.auc.estimate == pytest.approx(skm.roc_auc_score(outcome, level), abs=1e-12)
    assert by_string.auc == result.auc
    assert fine.estimate == pytest.approx(skm.roc_auc_score(outcome, continuous), abs=1e-12)
    assert result.auc.lower < result.auc.estimate < result.auc.upper


def test_auc_arguments_are_checked():
    with pytest.raises(ValueError, match=r"`outcome` must include positive and negative cases, but 0 positive of 3"):
        acc.roc_auc([0, 0, 0], [1, 2, 3])
    with pytest.raises(ValueError, match=r"`score` must be a finite number for every case, but 1 missing"):
        acc.roc_auc([0, 1, 1], [1, np.nan, 3])
    with pytest.raises(ValueError, match=r"lengths 3 and 2 were passed"):
        acc.roc_auc([0, 1, 1], [1, 2])
    with pytest.raises(ValueError, match=r"`outcome` must be true/false or 1/0 for every case"):
        acc.roc_auc([0, 1, 2], [1, 2, 3])


def test_case_file_rows_without_a_level_or_outcome_are_refused():
    levels = pd.Categorical(["Low", None, "High"], categories=["Low", "High"], ordered=True)
    cases = pd.DataFrame({"risk_level": levels, "outcome": [True, False, True]})
    with pytest.raises(ValueError, match=r"`cases` must have a risk level on every row, but 1 rows have none"):
        acc.evaluate_case_file(cases, levels=("Low", "High"))
    cases = pd.DataFrame({"risk_level": ["Low", "High"], "outcome": pd.array([True, None], dtype="boolean")})
    with pytest.raises(ValueError, match=r"`outcome` must be true or false for every case, but 1 missing"):
        acc.evaluate_case_file(cases, levels=("Low", "High"))


# --- Net benefit: exact crossings ----------------------------------------------------------------------


def test_net_benefit_crossings_for_kirat_by_hand_and_by_root_finding():
    from scipy.optimize import brentq

    x = acc.net_benefit_crossings(KIRAT, prevalence=0.12)
    s, c = 166 / 170, 127 / 204
    w_none, w_all = s * 0.12 / ((1 - c) * 0.88), 0.12 * (1 - s) / (0.88 * c)
    assert x.beats_none_below == pytest.approx(w_none / (1 + w_none), rel=1e-12)
    assert x.beats_all_from == pytest.approx(w_all / (1 + w_all), rel=1e-12)
    assert (round(x.beats_all_from, 3), round(x.beats_none_below, 3)) == (0.005, 0.261)  # the review's 0.5% and 26.1%
    assert x.beats_both == ((x.beats_all_from, x.beats_none_below),)

    def column(name, other):
        return lambda t: float(
            acc.net_benefit(KIRAT, [t], prevalence=0.12)[name].iloc[0]
            - acc.net_benefit(KIRAT, [t], prevalence=0.12)[other].iloc[0]
        )

    assert brentq(column("net_benefit", "act_on_none"), 0.1, 0.5, xtol=1e-15) == pytest.approx(
        x.beats_none_below, rel=1e-9
    )
    assert brentq(column("net_benefit", "act_on_all"), 1e-6, 0.1, xtol=1e-15) == pytest.approx(
        x.beats_all_from, rel=1e-9
    )


def test_net_benefit_crossings_against_a_fine_grid():
    grid = np.arange(1, 50_000) / 100_000  # 0.00001 to 0.49999
    table = acc.net_benefit(KIRAT, grid, prevalence=0.12)
    x = acc.net_benefit_crossings(KIRAT, prevalence=0.12)
    beats_none = table["net_benefit"] > table["act_on_none"]
    beats_all = table["net_benefit"] > table["act_on_all"]
    assert grid[beats_none].max() < x.beats_none_below < grid[~beats_none].min()
    assert grid[~beats_all].max() < x.beats_all_from < grid[beats_all].min()
    # The grid function's runs end within one step of the exact crossings inside the grid.
    ((low, high),) = acc.net_benefit_ranges(table)
    assert x.beats_all_from <= low < x.beats_all_from + 1e-5 and x.beats_none_below - 1e-5 < high <= x.beats_none_below


def test_net_benefit_crossings_at_the_extremes():
    perfect = acc.net_benefit_crossings(acc.ConfusionMatrix(tp=10, fn=0, fp=0, tn=10))
    assert (perfect.beats_all_from, perfect.beats_none_below) == (0.0, 1.0)
    useless = acc.net_benefit_crossings(acc.ConfusionMatrix(tp=0, fn=10, fp=0, tn=10))
    assert (useless.beats_none_below, useless.beats_both) == (0.0, ())
    everyone = acc.net_benefit_crossings(acc.ConfusionMatrix(tp=10, fn=0, fp=10, tn=0))
    assert (everyone.beats_all_from, everyone.beats_both) == (1.0, ())


def test_net_benefit_interval_ranges_for_kirat_against_root_finding_and_a_grid():
    from scipy.optimize import brentq

    r = acc.net_benefit_interval_ranges(KIRAT, prevalence=0.12)

    def margin(other):
        def f(t):
            row = acc.net_benefit(KIRAT, [t], prevalence=0.12).iloc[0]
            return float(row["lower"] - row[other])

        return f

    top = brentq(margin("act_on_none"), 0.1, 0.5, xtol=1e-15)
    bottom = brentq(margin("act_on_all"), 1e-6, 0.1, xtol=1e-15)
    assert r.above_none == ((0.0, pytest.approx(top, rel=1e-9)),)
    assert r.above_all == ((pytest.approx(bottom, rel=1e-9), 1.0),)
    assert r.above_both == ((r.above_all[0][0], r.above_none[0][1]),)
    assert round(top, 4) == 0.2304  # on the notebook's 1% grid, the interval first includes zero at 24%
    grid = np.arange(1, 10_000) / 10_000
    table = acc.net_benefit(KIRAT, grid, prevalence=0.12)
    above = table["lower"] > 0
    assert grid[above].max() < top < grid[~above].min() and above[: int(top * 10_000)].all()


@settings(deadline=None, max_examples=60)
@given(
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.floats(0.01, 0.99),
    st.sampled_from([0.8, 0.95, 0.99]),
)
def test_net_benefit_interval_ranges_match_the_table_on_either_side_of_each_end(tp, fn, fp, tn, prevalence, level):
    if tp + fn == 0 or fp + tn == 0:
        return
    matrix = acc.ConfusionMatrix(tp, fn, fp, tn)
    r = acc.net_benefit_interval_ranges(matrix, prevalence=prevalence, confidence_level=level)
    probes = np.r_[
        np.linspace(0.001, 0.999, 41),
        [
            t * (1 + d)
            for ranges in (r.above_none, r.above_all)
            for pair in ranges
            for t in pair
            for d in (-1e-6, 1e-6)
            if 0 < t * (1 + d) < 1
        ],
    ]
    table = acc.net_benefit(matrix, probes, prevalence=prevalence, confidence_level=level)
    for name, ranges in (("act_on_none", r.above_none), ("act_on_all", r.above_all)):
        inside = np.zeros(len(probes), bool)
        for low, high in ranges:
            inside |= (probes > low) & (probes < high)
        margin = (table["lower"] - table[name]).to_numpy()
        assert np.all(margin[inside] > -1e-12) and np.all(margin[~inside] < 1e-12)


def test_net_benefit_refuses_an_impossible_prevalence():
    with pytest.raises(ValueError, match=r"`prevalence` must be in \(0, 1\), but 0 was passed"):
        acc.net_benefit_crossings(KIRAT, prevalence=0)
    with pytest.raises(ValueError, match=r"`confidence_level` must be in \(0, 1\), but 1.5 was passed"):
        acc.net_benefit_interval_ranges(KIRAT, confidence_level=1.5)


def test_net_benefit_interval_ranges_of_a_rating_that_acts_on_everyone_or_no_one():
    # Synthetic extremes with no sampling variance: rating everyone positive is acting on all, whose net
    # benefit π − (1 − π)·t/(1 − t) is above zero exactly for t < π; rating no one is acting on none.
    everyone = acc.net_benefit_interval_ranges(acc.ConfusionMatrix(tp=6, fn=0, fp=37, tn=0), prevalence=0.3)
    assert everyone.above_none == ((0.0, pytest.approx(0.3, rel=1e-12)),) and everyone.above_all == ()
    no_one = acc.net_benefit_interval_ranges(acc.ConfusionMatrix(tp=0, fn=1, fp=0, tn=23), prevalence=0.3)
    assert no_one.above_all == ((pytest.approx(0.3, rel=1e-12), 1.0),) and no_one.above_none == ()


def test_new_results_hold_plain_python_numbers():
    from dataclasses import fields

    truth, score = expand((3, 4, 5, 6), (6, 5, 4, 3))
    results = (
        acc.roc_auc(truth, score),
        acc.roc_auc(truth[:19], score[:19]),
        acc.net_benefit_crossings(KIRAT, prevalence=0.12),
        acc.net_benefit_interval_ranges(KIRAT),
    )
    for result in results:
        for f in fields(result):
            value = getattr(result, f.name)
            flat = [x for pair in value for x in pair] if isinstance(value, tuple) else [value]
            assert all(type(x) in (float, int, str) for x in flat), (type(result).__name__, f.name)
    assert str(results[0]) == (f"{results[0].estimate:.3f} (95% CI {results[0].lower:.3f} to {results[0].upper:.3f})")


def test_auc_at_cuts_is_scikit_learns_auc_of_the_merged_levels():
    from sklearn.metrics import roc_auc_score

    levels = ("Low", "Medium", "High", "Very High")
    rows = [("Low", 24, 6), ("Medium", 15, 9), ("High", 3, 11), ("Very High", 2, 10)]
    cases = pd.DataFrame(
        [(level, outcome) for level, no, yes in rows for outcome in [False] * no + [True] * yes],
        columns=["risk_level", "outcome"],
    )
    result = acc.evaluate_case_file(cases, levels=levels)
    codes = cases["risk_level"].map({level: i for i, level in enumerate(levels)})
    assert acc.auc_at_cuts(result).estimate == pytest.approx(roc_auc_score(cases["outcome"], codes), abs=1e-15)
    merged = codes.where(codes != 3, 2)  # the cut "Very High or above" withheld: High and Very High tie
    found = acc.auc_at_cuts(result, hidden_cuts=["Very High or above"])
    assert found.estimate == pytest.approx(roc_auc_score(cases["outcome"], merged), abs=1e-15)
    assert found.lower < found.estimate < found.upper
    with pytest.raises(ValueError, match=r"`hidden_cuts` must name cuts of the evaluation .* but \['Top'\] was passed"):
        acc.auc_at_cuts(result, hidden_cuts=["Top"])
