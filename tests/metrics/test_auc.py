"""metrics.auc against the pairwise DeLong formulas, scikit-learn, a bootstrap and Newcombe's roots (scipy).

The KIRAT matrix (166, 4, 77, 127) is the one the published percentages imply; other matrices and
case files here are synthetic.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

from inquiry_analysis.metrics import case_files, confusion, net_benefit
from inquiry_analysis.metrics.auc import auc_bounds_from_dichotomy, roc_auc
from tests.hand import Z95

KIRAT = confusion.ConfusionMatrix(tp=166, fn=4, fp=77, tn=127)
LEVELS = ("Low", "Medium", "High", "Very High")


def test_auc_bounds_contain_the_auc_of_any_ordinal_split():
    # Synthetic four-level ratings that give the KIRAT dichotomy at High or above, split three ways.
    splits = [
        ((0, 4, 60, 106), (60, 67, 50, 27)),
        ((4, 0, 100, 66), (127, 0, 0, 77)),
        ((2, 2, 10, 156), (0, 127, 77, 0)),
    ]
    bounds = auc_bounds_from_dichotomy(KIRAT)
    for positives, negatives in splits:
        score = np.repeat(np.tile(np.arange(4), 2), positives + negatives)
        truth = np.repeat([1, 0], [170, 204])
        auc = skm.roc_auc_score(truth, score)
        assert bounds.lower - 1e-12 <= auc <= bounds.upper + 1e-12
    truth, prediction = KIRAT.records()
    assert bounds.dichotomised == pytest.approx(skm.roc_auc_score(truth, prediction))
    assert (bounds.lower, bounds.upper) == (pytest.approx(166 / 170 * 127 / 204), pytest.approx(1 - 4 / 170 * 77 / 204))


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
    result = roc_auc(np.r_[np.ones(m), np.zeros(n)], np.r_[positives, negatives])
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
        assert roc_auc(truth, score).estimate == pytest.approx(skm.roc_auc_score(truth, score), abs=1e-12)
    assert roc_auc(truth.astype(int), tied).estimate == pytest.approx(skm.roc_auc_score(truth, tied), abs=1e-12)


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
    auc = case_files.evaluate_case_file(cases, levels=LEVELS).auc
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
    auc = case_files.evaluate_case_file(
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
    small, large = (roc_auc(np.r_[np.ones(k), np.zeros(k)], np.r_[np.ones(k), np.zeros(k)]) for k in (5, 200))
    assert small.lower < large.lower < 1 == small.upper == large.upper


@settings(deadline=None, max_examples=60)
@given(st.lists(st.integers(0, 40), min_size=4, max_size=4), st.lists(st.integers(0, 40), min_size=4, max_size=4))
def test_every_ordinal_table_gives_an_interval_around_the_auc(positives_at, negatives_at):
    if sum(positives_at) == 0 or sum(negatives_at) == 0:
        return
    truth, score = expand(positives_at, negatives_at)
    auc = roc_auc(truth, score)
    assert 0 <= auc.lower < auc.upper <= 1
    assert auc.lower <= auc.estimate <= auc.upper
    assert auc.estimate == pytest.approx(skm.roc_auc_score(truth, score), abs=1e-12)


def test_auc_arguments_are_checked():
    with pytest.raises(ValueError, match=r"`outcome` must include positive and negative cases, but 0 positive of 3"):
        roc_auc([0, 0, 0], [1, 2, 3])
    with pytest.raises(ValueError, match=r"`score` must be a finite number for every case, but 1 missing"):
        roc_auc([0, 1, 1], [1, np.nan, 3])
    with pytest.raises(ValueError, match=r"lengths 3 and 2 were passed"):
        roc_auc([0, 1, 1], [1, 2])
    with pytest.raises(ValueError, match=r"`outcome` must be true/false or 1/0 for every case"):
        roc_auc([0, 1, 2], [1, 2, 3])


def test_new_results_hold_plain_python_numbers():
    from dataclasses import fields

    truth, score = expand((3, 4, 5, 6), (6, 5, 4, 3))
    results = (
        roc_auc(truth, score),
        roc_auc(truth[:19], score[:19]),
        net_benefit.net_benefit_crossings(KIRAT, prevalence=0.12),
        net_benefit.net_benefit_interval_ranges(KIRAT),
    )
    for result in results:
        for f in fields(result):
            value = getattr(result, f.name)
            flat = [x for pair in value for x in pair] if isinstance(value, tuple) else [value]
            assert all(type(x) in (float, int, str) for x in flat), (type(result).__name__, f.name)
    assert str(results[0]) == (f"{results[0].estimate:.3f} (95% CI {results[0].lower:.3f} to {results[0].upper:.3f})")
