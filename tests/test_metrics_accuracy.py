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

from hand import wilson

KIRAT = acc.ConfusionMatrix(tp=166, fn=4, fp=77, tn=127)




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
    splits = [((0, 4, 60, 106), (60, 67, 50, 27)), ((4, 0, 100, 66), (127, 0, 0, 77)), ((2, 2, 10, 156), (0, 127, 77, 0))]
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


def test_delong_standard_error_agrees_with_a_bootstrap():
    # Synthetic ordinal scores; the bootstrap is an independent (if noisy) estimate of the same error.
    rng = np.random.default_rng(42)
    levels = ("Low", "Medium", "High", "Very High")
    positives = rng.choice(4, size=120, p=[0.05, 0.15, 0.4, 0.4])
    negatives = rng.choice(4, size=150, p=[0.35, 0.35, 0.2, 0.1])
    cases = pd.DataFrame({"risk_level": [levels[i] for i in np.r_[positives, negatives]],
                          "outcome": [True] * 120 + [False] * 150})
    auc = acc.evaluate_case_file(cases, levels=levels).auc
    boot = []
    for _ in range(2000):
        p, n = rng.choice(positives, 120), rng.choice(negatives, 150)
        boot.append(skm.roc_auc_score(np.r_[np.ones(120), np.zeros(150)], np.r_[p, n]))
    # Width of the 95% interval against the bootstrap's 2.5-97.5 percentile range, within 15%.
    assert (auc.upper - auc.lower) == pytest.approx(np.percentile(boot, 97.5) - np.percentile(boot, 2.5), rel=0.15)


def test_an_undefined_predictive_value_warns_and_is_nan():
    with pytest.warns(RuntimeWarning, match="PPV is undefined because no case was rated positive"):
        summary = acc.classification_summary(acc.ConfusionMatrix(tp=0, fn=5, fp=0, tn=5))
    assert math.isnan(summary.ppv.estimate)


def test_per_1000_refuses_an_impossible_prevalence():
    with pytest.raises(ValueError, match=r"`prevalence` must be in \(0, 1\), but 1.5 was passed"):
        acc.per_1000_at_prevalence(KIRAT, 1.5)
