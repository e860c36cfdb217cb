import math

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inquiry_analysis.metrics import ratios

from hand import garwood, wilson




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

from inquiry_analysis.metrics.trend import Count, align_to_window  # noqa: E402


def fy(year, count, label=None):
    return Count(count, f"{year}-04-01", 12, label or f"{year}-{(year + 1) % 100:02d}")




def test_rate_per_1000_by_hand():
    rate = ratios.rate_per_1000(fy(2007, 297), fy(2007, 5812))
    low, high = garwood(297)
    assert rate.estimate == pytest.approx(1000 * 297 / 5812)  # 51.10
    assert (rate.lower, rate.upper) == (pytest.approx(1000 * low / 5812), pytest.approx(1000 * high / 5812))
    assert (rate.range_lower, rate.range_upper) == (rate.lower, rate.upper)  # nothing derived


def test_a_ratio_of_mismatched_periods_is_refused():
    calendar_2016 = Count(42540, "2016-01-01", 12, "2016")
    with pytest.raises(ratios.PeriodMismatchError,
                       match=r"numerator covers 2016-17 \(01 Apr 2016 to 31 Mar 2017\) but the denominator covers "
                             r"2016 \(01 Jan 2016 to 31 Dec 2016\)"):
        ratios.rate_per_1000(fy(2016, 170), calendar_2016)


def test_a_stated_alignment_is_carried_into_the_result():
    statement = Count(400, "2018-09-01", 1, "Sep 2018")
    year = Count(82109, "2017-01-01", 12, "2017")
    rate = ratios.rate_per_1000(statement, year, alignment="nearest published year")
    assert rate.estimate == pytest.approx(1000 * 400 / (82109 / 12))  # monthly rate against monthly rate
    assert "periods differ: nearest published year" in str(rate)


def test_a_derived_denominator_range_is_carried_through():
    years = [Count(27228, "2015-01-01", 12, "2015"), Count(42540, "2016-01-01", 12, "2016"),
             Count(82109, "2017-01-01", 12, "2017")]
    denominator = align_to_window(years, "2016-04-01", "2017-03-31", label="2016-17")
    rate = ratios.rate_per_1000(fy(2016, 170), denominator)
    low, high = garwood(170)
    assert rate.range_lower == pytest.approx(1000 * low / denominator.upper)
    assert rate.range_upper == pytest.approx(1000 * high / denominator.lower)
    assert rate.range_lower < rate.lower < rate.estimate < rate.upper < rate.range_upper
    assert "over the range of the derived denominator" in str(rate)


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
    assert rate.range_lower <= rate.lower <= rate.estimate <= rate.upper <= rate.range_upper
