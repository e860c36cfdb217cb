"""metrics.lags (arrests per 1,000 referrals at a lag) against hand-worked values and scipy's chi-squared quantiles.

Every series here is synthetic.
"""

import math
import warnings

import pytest

from inquiry_analysis.errors import InquiryAnalysisWarning
from inquiry_analysis.metrics import lags as lags_module  # "lags" is a parameter name below
from tests.hand import garwood_per_1000, monthly

# --- arrests per 1,000 referrals -------------------------------------------------------------------


REFERRALS = monthly("referrals", [1000, 2000, 4000, 500, 800])
ARRESTS = monthly("arrests", [10, 20, 30, 40, 50])


def test_a_lag_of_two_pairs_january_referrals_with_march_arrests():
    table = lags_module.arrests_per_1000(REFERRALS, ARRESTS, lag_months=2)
    assert table["period"].tolist() == ["2016-01", "2016-02", "2016-03"]
    assert table["arrest_period"].tolist() == ["2016-03", "2016-04", "2016-05"]
    assert table["referrals"].tolist() == [1000, 2000, 4000]
    assert table["arrests"].tolist() == [30, 40, 50]
    assert table["per_1000"].tolist() == [30.0, 20.0, 12.5]  # 30/1000, 40/2000, 50/4000, times 1,000
    assert table["period_start"].tolist()[0] == "2016-01-01" and table["period_end"].tolist()[1] == "2016-02-29"
    assert table["lag_months"].tolist() == [2, 2, 2]
    assert table["derived"][0] == (
        "arrests in 2016-03 per 1,000 referrals in 2016-01 (arrests 2 months later): 30 ÷ 1,000 × 1,000"
    )
    assert table.attrs["decimals"] == {"per_1000": 2, "lower": 2, "upper": 2}


def test_per_1000_intervals_are_exact_poisson_from_chi_squared_quantiles():
    table = lags_module.arrests_per_1000(REFERRALS, ARRESTS, lag_months=0, confidence_level=0.9)
    for row in table.itertuples():
        low, high = garwood_per_1000(row.arrests, row.referrals, level=0.9)
        assert (row.lower, row.upper) == (pytest.approx(low, rel=1e-10), pytest.approx(high, rel=1e-10))


def test_no_arrests_give_an_interval_from_zero_to_minus_log_alpha_over_two():
    # With no events the exact upper bound is -log(alpha/2) events: 3.689 for 95%.
    table = lags_module.arrests_per_1000(monthly("referrals", [2000]), monthly("arrests", [0]))
    assert table["per_1000"][0] == 0 and table["lower"][0] == 0
    assert table["upper"][0] == pytest.approx(-math.log(0.025) / 2, rel=1e-10)


def test_months_without_referrals_are_left_out_with_a_warning():
    referrals = monthly("referrals", [1000, 0, 500])
    with pytest.warns(
        InquiryAnalysisWarning, match=r"no arrests per 1,000 referrals for 2016-02: no referrals were recorded"
    ):
        table = lags_module.arrests_per_1000(referrals, monthly("arrests", [3, 4, 5]))
    assert table["period"].tolist() == ["2016-01", "2016-03"]
    assert table.attrs["left_out"] == ["2016-02"]


def test_years_are_given_only_where_all_twelve_months_of_both_are_present():
    # Referrals and arrests Jan 2015 to Feb 2017. At a lag of 2 months, 2015 (arrests Mar 2015 to
    # Feb 2016) and 2016 (arrests Mar 2016 to Feb 2017) are complete, 2017 is not; at a lag of 3,
    # 2016 would need arrests in Mar 2017, so only 2015 is given.
    referral_counts = [1000 + 10 * i for i in range(26)]
    arrest_counts = [5 + i % 7 for i in range(26)]
    referrals, arrests = monthly("referrals", referral_counts, "2015-01"), monthly("arrests", arrest_counts, "2015-01")
    table = lags_module.arrests_per_1000(referrals, arrests, lag_months=2, by="year")
    assert table["period"].tolist() == ["2015", "2016"]
    assert table["period_start"].tolist() == ["2015-01-01", "2016-01-01"]
    assert table["period_end"].tolist() == ["2015-12-31", "2016-12-31"]
    assert table["arrest_period"].tolist() == ["2015-03 to 2016-02", "2016-03 to 2017-02"]
    assert table["referrals"].tolist() == [sum(referral_counts[0:12]), sum(referral_counts[12:24])]
    assert table["arrests"].tolist() == [sum(arrest_counts[2:14]), sum(arrest_counts[14:26])]
    assert table["per_1000"][1] == pytest.approx(1000 * sum(arrest_counts[14:26]) / sum(referral_counts[12:24]))
    low, high = garwood_per_1000(sum(arrest_counts[2:14]), sum(referral_counts[0:12]))
    assert (table["lower"][0], table["upper"][0]) == (pytest.approx(low), pytest.approx(high))
    assert lags_module.arrests_per_1000(referrals, arrests, lag_months=3, by="year")["period"].tolist() == ["2015"]


def test_a_year_that_starts_mid_series_is_not_given():
    referrals = monthly("referrals", [100] * 18, "2015-07")  # Jul 2015 to Dec 2016: only 2016 is whole
    table = lags_module.arrests_per_1000(referrals, monthly("arrests", [1] * 18, "2015-07"), by="year")
    assert table["period"].tolist() == ["2016"] and table["referrals"].tolist() == [1200]


def test_no_complete_year_gives_an_empty_table_and_says_why():
    with pytest.warns(InquiryAnalysisWarning, match=r"no calendar year has all 12 months of referrals and of arrests"):
        table = lags_module.arrests_per_1000(REFERRALS, ARRESTS, by="year")
    assert table.empty and "per_1000" in table.columns


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"lag_months": -1},
            r"`lag_months` must be a whole number of months, 0 or more \(arrests counted that many "
            r"months after the referrals\), but -1 was passed",
        ),
        ({"lag_months": 1.5}, r"`lag_months` must be a whole number of months, 0 or more .* but 1.5 was passed"),
        ({"lag_months": True}, r"but True was passed"),
        ({"by": "quarter"}, r"`by` must be 'month' or 'year', but 'quarter' was passed"),
        (
            {"lag_months": 5},
            r"`referrals` and `arrests` must share months at a lag of 5, but referrals cover 2016-01 to "
            r"2016-05 and arrests 2016-01 to 2016-05, so at a lag of 5 months arrests would need to "
            r"include months from 2016-06 to 2016-10",
        ),
        ({"confidence_level": 95}, r"`confidence_level` must be in \(0, 1\), but 95 was passed"),
    ],
)
def test_arrests_per_1000_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        lags_module.arrests_per_1000(REFERRALS, ARRESTS, **kwargs)


def test_arrests_per_1000_names_the_frame_without_its_columns():
    wrong = ARRESTS.rename(columns={"arrests": "referrals"})
    with pytest.raises(ValueError, match=r"`arrests` must have the columns 'month' and 'arrests'"):
        lags_module.arrests_per_1000(REFERRALS, wrong)


def test_ratio_by_lag_values_and_intervals():
    table = lags_module.ratio_by_lag(REFERRALS, ARRESTS, lags=[0, 1, 2])
    # Worked by hand: lag 0 pairs all five months, lag 1 referrals Jan to Apr with arrests Feb to
    # May, lag 2 referrals Jan to Mar with arrests Mar to May.
    assert table["months"].tolist() == [5, 4, 3]
    assert table["referrals"].tolist() == [8300, 7500, 7000]
    assert table["arrests"].tolist() == [150, 140, 120]
    assert table["first"].tolist() == ["2016-01"] * 3 and table["last"].tolist() == ["2016-05", "2016-04", "2016-03"]
    assert table["per_1000"].tolist() == [pytest.approx(150 / 8.3), pytest.approx(140 / 7.5), pytest.approx(120 / 7)]
    for row in table.itertuples():
        low, high = garwood_per_1000(row.arrests, row.referrals)
        assert (row.lower, row.upper) == (pytest.approx(low, rel=1e-10), pytest.approx(high, rel=1e-10))
    assert table.attrs["decimals"] == {"per_1000": 2, "lower": 2, "upper": 2}


def test_ratio_by_lag_on_common_months_compares_the_same_referrals_at_every_lag():
    table = lags_module.ratio_by_lag(REFERRALS, ARRESTS, lags=[0, 1, 2], common_months=True)
    assert table["referrals"].tolist() == [7000] * 3  # Jan to Mar at every lag
    assert table["arrests"].tolist() == [60, 90, 120]  # 10+20+30, 20+30+40, 30+40+50


def test_lags_the_series_cannot_cover_are_left_out_with_a_warning():
    with pytest.warns(
        InquiryAnalysisWarning, match=r"no ratio at lags 5, 6: the series share no month with referrals there"
    ):
        table = lags_module.ratio_by_lag(REFERRALS, ARRESTS, lags=[0, 5, 6])
    assert table["lag_months"].tolist() == [0] and table.attrs["left_out"] == [5, 6]


@pytest.mark.parametrize(
    ("lags", "message"),
    [
        ([], r"`lags` must name at least one lag, but an empty sequence was passed"),
        ([0, 1, 1], r"`lags` must not repeat a lag, but 1 was passed more than once"),
        ([0, -2], r"`lags` must be a whole number of months, 0 or more .* but -2 was passed"),
        ("012", r"`lags` must be whole numbers of months, e.g. range\(0, 13\), but '012' was passed"),
        (
            [7, 8],
            r"`referrals` and `arrests` must share a month with referrals at one of the lags 7, 8 at least, but "
            r"they do not: referrals cover 2016-01 to 2016-05 and arrests 2016-01 to 2016-05",
        ),
    ],
)
def test_ratio_by_lag_refuses_bad_lags(lags, message):
    with pytest.raises(ValueError, match=message):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lags_module.ratio_by_lag(REFERRALS, ARRESTS, lags=lags)
