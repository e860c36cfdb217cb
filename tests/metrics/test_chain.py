"""The chain referral -> dissemination -> arrest, checked against closed forms and scipy."""

import datetime as dt
from fractions import Fraction

import pytest
from scipy.stats import chi2

import inquiry_analysis as ia
from inquiry_analysis import claims
from inquiry_analysis.metrics import chain, predictive
from inquiry_analysis.metrics.ratios import PeriodMismatchError


def _stage(figure_id, table, name):
    return chain.stage_from_figure(figure_id, table.loc[figure_id], name=name)


def test_hedged_stages_carry_the_claims_rule_range():
    referrals = ia.load_referrals()
    assert (
        _stage("ref-2017-disseminations", referrals, "d").low,
        _stage("ref-2017-disseminations", referrals, "d").high,
    ) == (9000, 9999)  # 'nearly 10,000' excludes 10,000 itself; a count is whole
    just_over = _stage("ref-2014-disseminations", referrals, "d")
    assert (just_over.low, just_over.high, just_over.months) == (1601, 1650, 12)
    exact = _stage("ref-2017-homeoffice", referrals, "r")
    assert exact.low == exact.high == 82109
    about = _stage("stm-2018-09-06-arrests", ia.load_statements(), "a")
    assert (about.low, about.high, about.months) == (360, 440, 1)  # 'about 400': +-10% cap of the rule


def test_ratio_and_arrests_per_dissemination_match_closed_forms_and_scipy():
    referrals, statements = ia.load_referrals(), ia.load_statements()
    sent = _stage("ref-2017-disseminations", referrals, "disseminations")
    share = chain.stage_ratio(
        sent,
        _stage("ref-2017-homeoffice", referrals, "referrals"),
        as_percent=True,
        counting_noise=False,
        alignment="stated",
    )
    assert share.low == pytest.approx(float(Fraction(9000, 82109)), rel=1e-12)
    assert share.high == pytest.approx(float(Fraction(9999, 82109)), rel=1e-12)
    assert share.lower is None and "periods differ: stated" in str(share)
    # A ratio of totals shown as a percentage, not a share passed on (a dissemination may bundle referrals).
    assert str(share).startswith("disseminations equal to 11.0% to 12.2% of the referrals ('nearly 10,000' against")
    per = chain.stage_ratio(_stage("stm-2018-09-06-arrests", statements, "arrests"), sent, alignment="stand-in")
    assert (per.low, per.high) == pytest.approx((360 / (9999 / 12), 440 / (9000 / 12)), rel=1e-12)
    # Garwood limits from the chi-square quantiles, an independent route to statsmodels' exact-c.
    assert per.lower == pytest.approx(chi2.ppf(0.025, 2 * 360) / 2 / (9999 / 12), rel=1e-9)
    assert per.upper == pytest.approx(chi2.ppf(0.975, 2 * 441) / 2 / (9000 / 12), rel=1e-9)


def test_stages_of_different_periods_need_a_stated_alignment():
    day = dt.date(2017, 1, 1)
    a = chain.Stage(
        name="disseminations",
        stated="'10'",
        low=10,
        high=10,
        months=12,
        label="2017 (calendar or financial)",
        start=day,
        inputs=("a",),
    )
    b = chain.Stage(
        name="referrals", stated="'100'", low=100, high=100, months=12, label="2017", start=day, inputs=("b",)
    )
    with pytest.raises(
        PeriodMismatchError, match=r"disseminations cover 2017 \(calendar or financial\).*referrals cover 2017"
    ):
        chain.stage_ratio(a, b)
    with pytest.raises(ValueError, match="one end of a stated range"):
        _stage("stm-2020-03-arrests-low", ia.load_statements(), "a")


def test_swiss_base_rate_is_derived_from_its_two_counts():
    rates = predictive.prevalences_from_figures(ia.load_base_rates(), shares={"base-goller-dual": "base-goller-cohort"})
    row = rates.loc["base-goller-dual"]
    assert row.prevalence == pytest.approx(float(Fraction(363, 4612)), rel=1e-12)
    assert (row.stated, row.derived) == ("363 of 4,612", "363 / 4,612 = 7.9%")
    assert "base-goller-cohort" not in rates.index
    with pytest.raises(ValueError, match="a count enters only as part of a group"):
        predictive.prevalences_from_figures(ia.load_base_rates())


HEDGED_BY_HAND = {  # figure id: the range the claims rule gives its wording, worked by hand
    "stm-2018-09-06-arrests": (360, 440),  # about 400: a whole 100 either side, capped at 10% (40)
    "stm-2018-09-06-children": (500, 550),  # over 500 a month: a whole 100 above, capped at 50; above 500, open
    "stm-2020-04-03-arrests": (500, 550),
    "stm-2022-10-arrests": (800, 880),  # over 800: 100 above, capped at 80
    "stm-2026-02-17-arrests": (900, 1100),  # about 1,000: a whole 1,000 either side, capped at 100
    "stm-2019-20-arrests": (7100, 7300),  # approximately 7,200: a whole 100 either side
    "stm-2015-12-10-arrests-release": (681, 690),  # more than 680 arrests: a whole 10 above, 680 excluded, whole
    "stm-2015-12-10-children-release": (360, 399),  # nearly 400 children: a whole 100 below, capped at 40, 400 excluded
}


def test_one_hedge_has_one_meaning_in_the_chain_the_rates_and_the_verdicts():
    from inquiry_analysis.metrics.periods import counts_from_figures
    from inquiry_analysis.metrics.tolerance import read_figure

    statements = ia.load_statements()
    for figure_id, expected in HEDGED_BY_HAND.items():
        row = statements.loc[figure_id]
        stage = chain.stage_from_figure(figure_id, row, name="x")
        # A dated count (e.g. nine months to a statement) is not a whole-month period: the rates take only the others.
        (count,) = (
            counts_from_figures(statements.loc[[figure_id]])
            if row.unit == "per_month" or row.period_kind != "statement_date"
            else (None,)
        )
        per = count.months if count is not None and row.unit == "per_month" else 1
        claims_rule = read_figure(float(row.value), qualifier=row.qualifier)  # as a claim with this wording is read
        assert (stage.low, stage.high) == expected, figure_id
        if row.unit == "count":  # the whole numbers the claim's reading contains, found one by one
            whole = [n for n in range(int(row.value) - 200, int(row.value) + 200) if claims_rule.contains(n)]
            assert (whole[0], whole[-1]) == expected, figure_id
        else:
            assert (claims_rule.low, claims_rule.high) == expected, figure_id
        if count is not None:
            assert (count.low / per, count.high / per) == expected, figure_id


def test_the_170_reads_as_its_claim_does():
    # The same sentence of the press report is both the data row and the claim: one reading, 165 to 175.
    stage = _stage("arr-2016-17-nca", ia.load_arrests(), "NCA arrests")
    claim = claims.assess("arrests-2016-17").verdict.reading
    assert (stage.low, stage.high) == (claim.low, claim.high) == (165, 175)
    # A count printed by its producer, unhedged, stays exact.
    exact = _stage("ref-2017-homeoffice", ia.load_referrals(), "r")
    assert (exact.low, exact.high) == (82109, 82109)
