"""The chain referral -> dissemination -> arrest, checked against closed forms and scipy."""

import datetime as dt
from fractions import Fraction

import pytest
from scipy.stats import chi2

import inquiry_analysis as ia
from inquiry_analysis.metrics import accuracy, chain
from inquiry_analysis.metrics.ratios import PeriodMismatchError


def _stage(figure_id, table, name):
    return chain.stage_from_figure(figure_id, table.loc[figure_id], name=name)


def test_hedged_stages_carry_the_claims_rule_range():
    referrals = ia.load_referrals()
    assert (_stage("ref-2017-disseminations", referrals, "d").low, _stage("ref-2017-disseminations", referrals, "d").high) == (9000, 10000)
    just_over = _stage("ref-2014-disseminations", referrals, "d")
    assert (just_over.low, just_over.high, just_over.months) == (1600, 1650, 12)
    exact = _stage("ref-2017-homeoffice", referrals, "r")
    assert exact.low == exact.high == 82109
    about = _stage("stm-2018-09-06-arrests", ia.load_statements(), "a")
    assert (about.low, about.high, about.months) == (360, 440, 1)  # 'about 400': +-10% cap of the rule


def test_share_and_arrests_per_dissemination_match_closed_forms_and_scipy():
    referrals, statements = ia.load_referrals(), ia.load_statements()
    sent = _stage("ref-2017-disseminations", referrals, "disseminations")
    share = chain.stage_ratio(sent, _stage("ref-2017-homeoffice", referrals, "referrals"), share=True,
                              counting_noise=False, alignment="stated")
    assert share.lower == pytest.approx(float(Fraction(9000, 82109)), rel=1e-12)
    assert share.upper == pytest.approx(float(Fraction(10000, 82109)), rel=1e-12)
    assert share.ci_lower is None and "periods differ: stated" in str(share)
    per = chain.stage_ratio(_stage("stm-2018-09-06-arrests", statements, "arrests"), sent, alignment="stand-in")
    assert (per.lower, per.upper) == pytest.approx((360 / (10000 / 12), 440 / (9000 / 12)), rel=1e-12)
    # Garwood limits from the chi-square quantiles, an independent route to statsmodels' exact-c.
    assert per.ci_lower == pytest.approx(chi2.ppf(0.025, 2 * 360) / 2 / (10000 / 12), rel=1e-9)
    assert per.ci_upper == pytest.approx(chi2.ppf(0.975, 2 * 441) / 2 / (9000 / 12), rel=1e-9)


def test_stages_of_different_periods_need_a_stated_alignment():
    day = dt.date(2017, 1, 1)
    a = chain.Stage(name="disseminations", stated="'10'", low=10, high=10, months=12, label="2017 (calendar or financial)",
                    start=day, inputs=("a",))
    b = chain.Stage(name="referrals", stated="'100'", low=100, high=100, months=12, label="2017", start=day, inputs=("b",))
    with pytest.raises(PeriodMismatchError, match=r"disseminations cover 2017 \(calendar or financial\).*referrals cover 2017"):
        chain.stage_ratio(a, b)
    with pytest.raises(ValueError, match="one end of a stated range"):
        _stage("stm-2020-03-arrests-low", ia.load_statements(), "a")


def test_swiss_base_rate_is_derived_from_its_two_counts():
    rates = accuracy.prevalences_from_figures(ia.load_base_rates(), shares={"base-goller-dual": "base-goller-cohort"})
    row = rates.loc["base-goller-dual"]
    assert row.prevalence == pytest.approx(float(Fraction(363, 4612)), rel=1e-12)
    assert (row.stated, row.derived) == ("363 of 4,612", "363 / 4,612 = 7.9%")
    assert "base-goller-cohort" not in rates.index
    with pytest.raises(ValueError, match="a count enters only as part of a group"):
        accuracy.prevalences_from_figures(ia.load_base_rates())
