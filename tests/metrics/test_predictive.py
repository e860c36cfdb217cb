"""metrics.predictive against Bayes' rule and the logit method worked by hand.

The KIRAT matrix (166, 4, 77, 127) is the one the published percentages imply; other matrices and
case files here are synthetic.
"""

import math

import pytest

from inquiry_analysis.metrics import confusion, predictive

KIRAT = confusion.ConfusionMatrix(tp=166, fn=4, fp=77, tn=127)


def test_predictive_values_by_bayes_rule():
    pv = predictive.predictive_values(KIRAT, 0.12)
    sens, spec = 166 / 170, 127 / 204
    assert pv.ppv.estimate == pytest.approx(sens * 0.12 / (sens * 0.12 + (1 - spec) * 0.88))
    assert pv.npv.estimate == pytest.approx(spec * 0.88 / (spec * 0.88 + (1 - sens) * 0.12))
    at_sample = predictive.predictive_values(KIRAT, 170 / 374)
    assert at_sample.ppv.estimate == pytest.approx(166 / 243)  # the sample's own PPV


def test_predictive_value_interval_is_the_logit_method_by_hand():
    sens, spec = 166 / 170, 127 / 204
    logit = math.log(sens * 0.12 / ((1 - spec) * 0.88))
    se = math.sqrt((1 - sens) / (sens * 170) + spec / ((1 - spec) * 204))
    expit = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    pv = predictive.predictive_values(KIRAT, 0.12)
    assert pv.ppv.lower == pytest.approx(expit(logit - 1.959964 * se), rel=1e-5)
    assert pv.ppv.upper == pytest.approx(expit(logit + 1.959964 * se), rel=1e-5)


def test_per_1000_at_a_base_rate_by_hand():
    table = predictive.per_1000_at_prevalence(KIRAT, 0.12)
    assert table["count"].iloc[0] == pytest.approx(1000 * 0.12 * 4 / 170)  # 2.8 contact offenders missed
    assert table["count"].iloc[1] == pytest.approx(1000 * 0.88 * 77 / 204)  # 332 false alarms
    assert table["count"].sum() == pytest.approx(1000)


def test_per_1000_refuses_an_impossible_prevalence():
    with pytest.raises(ValueError, match=r"`prevalence` must be in \(0, 1\), but 1.5 was passed"):
        predictive.per_1000_at_prevalence(KIRAT, 1.5)
