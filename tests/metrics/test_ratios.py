import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inquiry_analysis.metrics import ratios
from tests.hand import garwood, wilson


def test_proportion_matches_the_wilson_formula():
    result = ratios.proportion(82109, 10214753)
    low, high = wilson(82109, 10214753)
    assert result.estimate == pytest.approx(82109 / 10214753)
    assert (result.lower, result.upper) == (pytest.approx(low), pytest.approx(high))
    assert str(result) == "0.80% (95% CI 0.80% to 0.81%)"


def test_proportion_refuses_impossible_counts():
    with pytest.raises(ValueError, match=r"`successes` \(5\) must not exceed `trials` \(4\)"):
        ratios.proportion(5, 4)
    with pytest.raises(ValueError, match="`trials` must be at least 1"):
        ratios.proportion(0, 0)


@given(st.integers(min_value=1, max_value=10**6), st.data())
def test_proportion_interval_contains_estimate_within_0_1(n, data):
    k = data.draw(st.integers(min_value=0, max_value=n))
    result = ratios.proportion(k, n)
    assert 0 <= result.lower <= result.estimate <= result.upper <= 1


# Rates per 1,000, rate ratios and period alignment. Counts below are published figures where they
# carry a figure id (CEOP 2007-08: 297 arrests, 5,812 reports), otherwise synthetic.

from inquiry_analysis.metrics.alignment import align_to_window  # noqa: E402
from inquiry_analysis.metrics.periods import Count  # noqa: E402


def fy(year, count, label=None):
    return Count(count=count, start=f"{year}-04-01", months=12, label=label or f"{year}-{(year + 1) % 100:02d}")


def test_rate_per_1000_by_hand():
    rate = ratios.rate_per_1000(fy(2007, 297), fy(2007, 5812))
    low, high = garwood(297)
    assert rate.estimate == pytest.approx(1000 * 297 / 5812)  # 51.10
    assert (rate.lower, rate.upper) == (pytest.approx(1000 * low / 5812), pytest.approx(1000 * high / 5812))
    assert (rate.low, rate.high) == (rate.lower, rate.upper)  # nothing derived


def test_a_ratio_of_mismatched_periods_is_refused():
    calendar_2016 = Count(count=42540, start="2016-01-01", months=12, label="2016")
    with pytest.raises(
        ratios.PeriodMismatchError,
        match=r"numerator covers 2016-17 \(01 Apr 2016 to 31 Mar 2017\) but the denominator covers "
        r"2016 \(01 Jan 2016 to 31 Dec 2016\)",
    ):
        ratios.rate_per_1000(fy(2016, 170), calendar_2016)


def test_a_stated_alignment_is_carried_into_the_result():
    statement = Count(count=400, start="2018-09-01", months=1, label="Sep 2018")
    year = Count(count=82109, start="2017-01-01", months=12, label="2017")
    rate = ratios.rate_per_1000(statement, year, alignment="nearest published year")
    assert rate.estimate == pytest.approx(1000 * 400 / (82109 / 12))  # monthly rate against monthly rate
    assert "periods differ: nearest published year" in str(rate)


def test_a_derived_denominator_range_is_carried_through():
    years = [
        Count(count=27228, start="2015-01-01", months=12, label="2015"),
        Count(count=42540, start="2016-01-01", months=12, label="2016"),
        Count(count=82109, start="2017-01-01", months=12, label="2017"),
    ]
    denominator = align_to_window(years, "2016-04-01", "2017-03-31", label="2016-17")
    rate = ratios.rate_per_1000(fy(2016, 170), denominator)
    low, high = garwood(170)
    assert rate.low == pytest.approx(1000 * low / denominator.upper)
    assert rate.high == pytest.approx(1000 * high / denominator.lower)
    assert rate.low < rate.lower < rate.estimate < rate.upper < rate.high
    assert "over what the rounding and derivation of its inputs allow" in str(rate)


def test_a_hedged_statement_is_carried_as_the_range_the_claims_rule_reads():
    # "About 400 arrests a month" stands for 360 to 440 by the claims rule (a whole unit of 100 either
    # side, capped at 10% of the figure; the same reading as in the chain and in the verdicts): the
    # range of the rate runs from the exact Poisson lower bound at 360 to the upper bound at 440 (by hand).
    import inquiry_analysis as ia
    from inquiry_analysis.metrics.periods import counts_from_figures

    (stated,) = counts_from_figures(ia.load_statements().loc[["stm-2018-09-06-arrests"]])
    assert (stated.count, stated.low, stated.high) == (400, 360, 440)
    referrals = Count(count=82109, start="2017-01-01", months=12, label="2017")
    rate = ratios.rate_per_1000(stated, referrals, alignment="no 2018 count is published")
    monthly = 82109 / 12
    assert (rate.events_low, rate.events_high) == (360, 440)
    assert rate.low == pytest.approx(1000 * garwood(360)[0] / monthly)
    assert rate.high == pytest.approx(1000 * garwood(440)[1] / monthly)
    assert (round(rate.low, 1), round(rate.high, 1)) == (47.3, 70.6)
    assert rate.low < rate.lower and rate.upper < rate.high
    assert "read as 360 to 440 a month by the claims rule" in rate.derived


def test_a_one_sided_hedge_is_carried_one_sided():
    # "Over 500 a month" never stands for less than 500: 500 to 550 (a whole unit of 100 above, capped at 10%).
    import inquiry_analysis as ia
    from inquiry_analysis.metrics.periods import counts_from_figures

    (over,) = counts_from_figures(ia.load_statements().loc[["stm-2018-09-06-children"]])
    assert (over.count, over.low, over.high) == (500, 500, 550)
    rate = ratios.rate_per_1000(
        over, Count(count=82109, start="2017-01-01", months=12, label="2017"), alignment="stand-in"
    )
    assert (rate.events_low, rate.events_high) == (500, 550)
    assert rate.low == pytest.approx(1000 * garwood(500)[0] / (82109 / 12))


def test_rate_ratio_matches_the_log_scale_approximation():
    later = ratios.rate_per_1000(fy(2016, 1700), fy(2016, 500000))
    earlier = ratios.rate_per_1000(fy(2009, 4170), fy(2009, 62910))
    result = ratios.rate_ratio(later, earlier)
    assert result.estimate == pytest.approx((1700 / 500000) / (4170 / 62910))
    half = 1.959964 * math.sqrt(1 / 1700 + 1 / 4170)  # independent: Wald on the log scale
    assert result.lower == pytest.approx(result.estimate * math.exp(-half), rel=2e-3)
    assert result.upper == pytest.approx(result.estimate * math.exp(half), rel=2e-3)


def test_doubling_both_counts_narrows_the_interval():
    small = ratios.rate_per_1000(fy(2007, 297), fy(2007, 5812))
    large = ratios.rate_per_1000(fy(2007, 594), fy(2007, 11624))
    assert large.estimate == pytest.approx(small.estimate)
    assert large.upper - large.lower < small.upper - small.lower


@given(st.integers(min_value=0, max_value=10**5), st.integers(min_value=1, max_value=10**7))
def test_rate_interval_contains_its_estimate(events, exposure):
    rate = ratios.rate_per_1000(fy(2010, events), fy(2010, exposure))
    assert rate.low <= rate.lower <= rate.estimate <= rate.upper <= rate.high


# The interval for a ratio of two Poisson rates (used by rate_ratio, growth and year_on_year).

from scipy.stats import norm  # noqa: E402

from inquiry_analysis.metrics._common import rate_ratio_interval  # noqa: E402

ORDINARY = [
    (297, 5812, 4170, 62910),
    (12, 1, 30, 1),
    (50, 1.5, 40, 2.0),
    (1700, 500, 4170, 62.91),
    (3, 2, 7, 1),
    (100000, 1, 99000, 1),
    (170, 52464, 297, 5812),
]  # synthetic, or published counts against each other

# Inputs where statsmodels' numerical inversion of the score test (a Nelder-Mead search) returned
# an interval that missed or collapsed onto its own estimate.
SEARCH_FAILURES = (
    [(k, 55530) for k in range(7250, 7351)]
    + [(k, 20000) for k in range(9450, 9551)]
    + [(k, 10**6) for k in (*range(5850, 5951), *range(6400, 6501))]
)


def score_statistic(count1, exposure1, count2, exposure2, ratio):
    """Score statistic for H0: rate ratio = ``ratio`` (Gu et al. 2008, W2A), written out by hand."""
    q = ratio * exposure1 / exposure2
    return (count1 - count2 * q) / math.sqrt((count1 + count2) * q)


@pytest.mark.parametrize("count1, exposure1, count2, exposure2", ORDINARY)
def test_rate_ratio_interval_matches_the_statsmodels_score_interval(count1, exposure1, count2, exposure2):
    from statsmodels.stats.rates import confint_poisson_2indep

    expected = confint_poisson_2indep(count1, exposure1, count2, exposure2, method="score", compare="ratio")
    assert rate_ratio_interval(count1, exposure1, count2, exposure2) == pytest.approx(tuple(expected), rel=1e-6)


@pytest.mark.parametrize(
    "count1, exposure1, count2, exposure2", ORDINARY + [(7268, 1, 55530, 1), (5900, 1, 10**6, 1), (9500, 1, 20000, 1)]
)
@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_the_binomial_route_bounds_are_where_the_score_test_gives_p_alpha(count1, exposure1, count2, exposure2, level):
    low, high = rate_ratio_interval(count1, exposure1, count2, exposure2, confidence_level=level)
    for bound in (low, high):
        p_value = 2 * norm.sf(abs(score_statistic(count1, exposure1, count2, exposure2, bound)))
        assert p_value == pytest.approx(1 - level, rel=1e-7)
    assert score_statistic(count1, exposure1, count2, exposure2, low) > 0
    assert score_statistic(count1, exposure1, count2, exposure2, high) < 0
    # The same bounds from Wilson's interval for count1 out of the total (tests/hand.py), as odds.
    p_low, p_high = wilson(count1, count1 + count2, z=norm.ppf(0.5 + level / 2))
    odds = exposure2 / exposure1
    assert (low, high) == (
        pytest.approx(p_low / (1 - p_low) * odds, rel=1e-9),
        pytest.approx(p_high / (1 - p_high) * odds, rel=1e-9),
    )


def test_where_the_numerical_search_failed_the_interval_brackets_its_estimate():
    low, high = rate_ratio_interval(7268, 1, 55530, 1)
    assert low < 7268 / 55530 < high  # the search gave a lower bound of 0.1341, above the estimate 0.1309
    # Second route: Wilson's interval for 7,268 out of 62,798 (tests/hand.py), as odds.
    p_low, p_high = wilson(7268, 7268 + 55530, z=norm.ppf(0.975))
    assert (low, high) == (pytest.approx(p_low / (1 - p_low), rel=1e-9), pytest.approx(p_high / (1 - p_high), rel=1e-9))
    for count1, count2 in SEARCH_FAILURES:
        low, high = rate_ratio_interval(count1, 1, count2, 1)
        assert low < count1 / count2 < high


@given(
    st.integers(min_value=1, max_value=10**7),
    st.integers(min_value=1, max_value=10**7),
    st.floats(min_value=1e-3, max_value=1e7),
    st.floats(min_value=1e-3, max_value=1e7),
    st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.999]),
)
def test_every_rate_ratio_interval_is_ordered_around_its_estimate(count1, count2, exposure1, exposure2, level):
    low, high = rate_ratio_interval(count1, exposure1, count2, exposure2, confidence_level=level)
    estimate = (count1 / exposure1) / (count2 / exposure2)
    assert 0 < low < estimate < high < math.inf
