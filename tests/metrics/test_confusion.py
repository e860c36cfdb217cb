"""metrics.confusion against hand values, scikit-learn on expanded records, GRIM by Decimal rounding, and properties.

The KIRAT matrix (166, 4, 77, 127) is the one the published percentages imply; other matrices and
case files here are synthetic.
"""

import math
from decimal import ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

from inquiry_analysis.errors import InquiryAnalysisWarning
from inquiry_analysis.metrics import confusion
from tests.hand import wilson

KIRAT = confusion.ConfusionMatrix(tp=166, fn=4, fp=77, tn=127)


def test_metrics_agree_with_scikit_learn_on_the_expanded_records():
    truth, prediction = KIRAT.records()
    s = confusion.classification_summary(KIRAT)
    assert s.accuracy.estimate == pytest.approx(skm.accuracy_score(truth, prediction))
    assert s.sensitivity.estimate == pytest.approx(skm.recall_score(truth, prediction))
    assert s.specificity.estimate == pytest.approx(skm.recall_score(truth, prediction, pos_label=0))
    assert s.ppv.estimate == pytest.approx(skm.precision_score(truth, prediction))
    assert s.npv.estimate == pytest.approx(skm.precision_score(truth, prediction, pos_label=0))
    assert s.balanced_accuracy.estimate == pytest.approx(skm.balanced_accuracy_score(truth, prediction))
    assert s.lr_positive.estimate == pytest.approx(skm.class_likelihood_ratios(truth, prediction)[0])
    assert s.lr_negative.estimate == pytest.approx(skm.class_likelihood_ratios(truth, prediction)[1])


def test_kirat_accuracy_by_hand():
    s = confusion.classification_summary(KIRAT)
    assert s.accuracy.estimate == pytest.approx(293 / 374)  # (166 + 127) / 374 = 78.3%
    assert (s.accuracy.lower, s.accuracy.upper) == tuple(pytest.approx(x) for x in wilson(293, 374))
    assert s.lr_positive.estimate == pytest.approx((166 / 170) / (77 / 204))
    se = math.sqrt(1 / 166 - 1 / 170 + 1 / 77 - 1 / 204)  # log method by hand
    assert s.lr_positive.lower == pytest.approx(s.lr_positive.estimate * math.exp(-1.959964 * se), rel=1e-5)
    assert str(s.accuracy) == "78.3% (95% CI 73.9% to 82.2%)"


def test_published_percentages_imply_one_count_each():
    assert confusion.counts_consistent_with(97.6, 170) == [166]
    assert confusion.counts_consistent_with(62.3, 204) == [127]
    assert confusion.counts_consistent_with(83.7, 374) == [313]


def test_grim_finds_impossible_percentages_and_several_counts_for_small_precision():
    assert confusion.counts_consistent_with(50.0, 3) == []  # no whole count of 3 is 50.0%
    assert confusion.counts_consistent_with(50, 300, decimals=0) == [149, 150, 151]  # 49.67..50.33 round to 50


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=2000), st.data())
def test_every_count_returned_rounds_back_to_the_percentage(n, data):
    k = data.draw(st.integers(min_value=0, max_value=n))
    percent = round(100 * k / n, 1)
    found = confusion.counts_consistent_with(percent, n)
    assert k in found

    def rounds_to(c, mode):  # exact decimal arithmetic; a tie may have been rounded either way
        value = Decimal(100 * c) / Decimal(n)
        return value.quantize(Decimal("0.1"), rounding=mode) == Decimal(str(percent))

    assert all(any(rounds_to(c, mode) for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_HALF_DOWN)) for c in found)


def test_tables_that_give_83_7_percent():
    tables = confusion.matrices_consistent_with_accuracy(83.7, 170, 204)
    assert set(tables["correct"]) == {313}
    assert (tables["tp"].min(), tables["tp"].max()) == (109, 170)  # tn = 313 - tp must not exceed 204
    with_published_sensitivity = tables[tables.tp == 166].iloc[0]
    assert (with_published_sensitivity.tn, round(with_published_sensitivity.specificity, 1)) == (147, 72.1)


@settings(deadline=None, max_examples=60)
@given(st.integers(1, 300), st.integers(0, 300), st.integers(0, 300), st.integers(1, 300))
def test_metrics_lie_in_0_1_and_intervals_contain_estimates(tp, fn, fp, tn):
    s = confusion.classification_summary(confusion.ConfusionMatrix(tp=tp, fn=fn, fp=fp, tn=tn))
    for e in (s.accuracy, s.sensitivity, s.specificity, s.ppv, s.npv, s.balanced_accuracy):
        assert 0 <= e.lower <= e.estimate <= e.upper <= 1
    for e in (s.lr_positive, s.lr_negative):
        assert 0 < e.lower <= e.estimate <= e.upper


def test_an_undefined_predictive_value_warns_and_is_nan():
    with pytest.warns(InquiryAnalysisWarning, match="PPV is undefined because no case was rated positive"):
        summary = confusion.classification_summary(confusion.ConfusionMatrix(tp=0, fn=5, fp=0, tn=5))
    assert math.isnan(summary.ppv.estimate)
