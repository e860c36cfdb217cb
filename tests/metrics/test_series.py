"""metrics.series against hand-worked values, scipy's chi-squared quantiles and statsmodels' Poisson GLM.

Every series here is synthetic.
"""

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.stats import chi2, f, norm, t

from inquiry_analysis.metrics import series
from tests.hand import monthly

# --- rolling average and change on a year before (moved from test_metrics_trend) ------------------


def test_rolling_average_uses_exact_poisson_intervals():
    result = series.rolling_average(monthly("referrals", [30, 60, 90, 120, 0]), column="referrals")
    assert result["average"].tolist() == [60.0, 90.0, 70.0]
    assert result["month"].tolist() == ["2016-03", "2016-04", "2016-05"]
    assert result["window"].tolist() == ["2016-01 to 2016-03", "2016-02 to 2016-04", "2016-03 to 2016-05"]
    assert result["lower"][0] == pytest.approx(chi2.ppf(0.025, 360) / 2 / 3)
    assert result["upper"][0] == pytest.approx(chi2.ppf(0.975, 362) / 2 / 3)
    assert result.attrs["decimals"] == {"average": 1, "lower": 1, "upper": 1}


def test_year_on_year_change():
    result = series.year_on_year(monthly("referrals", [100] * 12 + [150, 50], "2015-01"), column="referrals")
    assert result["percent_change"].tolist() == [50.0, -50.0]
    assert result["month"].tolist() == ["2016-01", "2016-02"]
    assert (result["lower"] < result["percent_change"]).all() and (result["percent_change"] < result["upper"]).all()
    assert result.attrs["decimals"] == {"percent_change": 1, "lower": 1, "upper": 1}


def test_rolling_average_of_huge_counts_does_not_overflow():
    # 5e18 twice sums past int64's 9.2e18; the average must still be 5e18, not negative.
    frame = pd.DataFrame({"month": pd.period_range("2016-01", periods=2, freq="M"), "referrals": [5 * 10**18] * 2})
    result = series.rolling_average(frame, column="referrals", window=2)
    assert result["average"].tolist() == [5e18]
    assert 0 < result["lower"].iloc[0] < 5e18 < result["upper"].iloc[0]


@pytest.mark.parametrize(
    ("months", "counts", "message"),
    [
        (
            ["2016-01", "2016-03", "2016-04"],
            [1, 2, 3],
            r"`monthly` must have exactly one row for every month from the first to the last, but 2016-02 is missing",
        ),
        (["2016-01", "2016-05"], [1, 2], r"but 2016-02 to 2016-04 is missing"),
        # A repeat and a gap of the same size must not cancel out.
        (["2016-01", "2016-01", "2016-03"], [1, 2, 3], r"but 2016-01 appears more than once"),
        (
            ["2016-01", "2016-02"],
            [1, -2],
            r"`monthly\['referrals'\]` must hold whole numbers of events, not negative, "
            r"but -2 was passed for 2016-02",
        ),
        (["2016-01", "2016-02"], [1, 2.5], r"but 2.5 was passed for 2016-02"),
        (["2016-01", "2016-02"], [1, None], r"`monthly\['referrals'\]` has a missing value in 2016-02"),
    ],
)
def test_monthly_tools_refuse_bad_series(months, counts, message):
    frame = pd.DataFrame({"month": pd.PeriodIndex(months, freq="M"), "referrals": counts})
    with pytest.raises(ValueError, match=message):
        series.rolling_average(frame, column="referrals", window=1)


def test_monthly_tools_name_missing_columns():
    frame = pd.DataFrame({"month": pd.period_range("2016-01", periods=3, freq="M"), "count": [1, 2, 3]})
    with pytest.raises(
        ValueError,
        match=r"`monthly` must have the columns 'month' and 'referrals', as read_monthly_\* "
        r"returns, but a frame with the columns month, count was passed",
    ):
        series.year_on_year(frame, column="referrals")


# --- monthly trend ---------------------------------------------------------------------------------


def seasonal(months=30, growth=0.27, level=2000.0, seed=3):
    """Poisson counts with 27% growth a year and a 15% seasonal swing: overdispersed about a straight line."""
    rng = np.random.default_rng(seed)
    m = np.arange(months)
    return rng.poisson(level * np.exp(growth * m / 12) * (1 + 0.15 * np.sin(2 * np.pi * m / 12))).tolist()


def glm(counts, scale=None):
    m = np.arange(len(counts), dtype=float)
    return sm.GLM(np.array(counts, dtype=float), sm.add_constant(m), family=sm.families.Poisson()).fit(scale=scale)


def test_monthly_trend_agrees_with_statsmodels_quasi_poisson_glm():
    counts = seasonal()
    result = series.monthly_trend(monthly("referrals", counts, "2015-01"), column="referrals")
    assert result.supported and result.trend.model.startswith("quasi-Poisson")
    fit = glm(counts, scale="X2")  # Pearson chi-squared dispersion, as quasi-Poisson
    slope, se = 12 * fit.params[1], 12 * fit.bse[1]
    q = t.ppf(0.975, len(counts) - 2)
    assert result.trend.estimate == pytest.approx(math.expm1(slope), rel=1e-8)
    assert result.trend.lower == pytest.approx(math.expm1(slope - q * se), rel=1e-6)
    assert result.trend.upper == pytest.approx(math.expm1(slope + q * se), rel=1e-6)
    assert (result.months, str(result.first), str(result.last)) == (30, "2015-01-01", "2017-06-01")


def test_monthly_trend_agrees_with_statsmodels_poisson_glm_without_overdispersion():
    counts = [round(400 * math.exp(0.2 * m / 12)) for m in range(36)]  # on the curve: no overdispersion
    result = series.monthly_trend(monthly("arrests", counts, "2014-01"), column="arrests")
    assert result.supported and result.trend.model == "Poisson GLM"
    fit = glm(counts)
    slope, se = 12 * fit.params[1], 12 * fit.bse[1]
    assert result.trend.estimate == pytest.approx(math.expm1(slope), rel=1e-8)
    assert result.trend.lower == pytest.approx(math.expm1(slope - norm.ppf(0.975) * se), rel=1e-6)
    growth, low, high = (
        100 * math.expm1(s) for s in (slope, slope - norm.ppf(0.975) * se, slope + norm.ppf(0.975) * se)
    )
    assert result.statement.startswith(
        f"Arrests grew by {growth:.1f}% a year (95% CI {low:.1f}% to {high:.1f}%) "
        "from Jan 2014 to Dec 2016: a log-linear trend fitted to 36 monthly counts by "
        "a Poisson GLM. A steady rate of change fits (score test for curvature in the "
        "log rate, p = "
    )
    assert result.headline == (
        f"Arrests grew by {growth:.1f}% a year (95% CI {low:.1f}% to {high:.1f}%) from Jan 2014 to Dec 2016"
    )


@pytest.mark.parametrize("scale", [None, "X2"])
def test_the_curvature_check_is_statsmodels_score_test_for_a_quadratic(scale):
    counts = seasonal(seed=5) if scale else [round(300 * math.exp(0.1 * m / 12)) + (m % 3) for m in range(30)]
    result = series.monthly_trend(monthly("referrals", counts), column="referrals")
    assert (result.trend.interval_df is None) == (scale is None)  # Poisson, or quasi-Poisson as intended
    m = np.arange(len(counts), dtype=float)
    test = glm(counts, scale=scale).score_test(exog_extra=(m**2)[:, None])
    assert result.curvature_statistic == pytest.approx(float(test.statistic[0]), rel=1e-6)
    if scale:  # quasi-Poisson: F(1, n - 2), matching the trend's t(n - 2) intervals
        assert result.curvature_p == pytest.approx(f.sf(float(test.statistic[0]), 1, len(counts) - 2), rel=1e-5)
    else:
        assert result.curvature_p == pytest.approx(float(test.pvalue[0]), rel=1e-5)


def test_a_series_whose_growth_turns_gets_no_trend():
    # Rising for a year and a half, then falling: a steady rate of change does not fit.
    counts = [round(1000 * math.exp(0.05 * m - 0.0025 * m * m)) for m in range(30)]
    result = series.monthly_trend(monthly("referrals", counts, "2015-01"), column="referrals")
    assert not result.supported and result.curvature_p < 0.01
    assert result.trend is not None and result.headline is None  # kept for inspection, not for a title
    assert result.statement.startswith(
        "No trend is given: a steady rate of change does not fit referrals from "
        "Jan 2015 to Jun 2017 (score test for curvature in the log rate, p < 0.001, "
        "below 0.01); the rate of change itself changed"
    )


def test_below_min_months_the_result_is_a_statement_not_a_trend():
    result = series.monthly_trend(monthly("referrals", list(range(100, 114))), column="referrals")
    assert (result.supported, result.trend, result.months) == (False, None, 14)
    assert str(result) == (
        "No trend is given: the series has 14 months, fewer than the 24 needed to separate a trend from the seasons."
    )
    assert series.monthly_trend(
        monthly("referrals", list(range(100, 114))), column="referrals", min_months=12
    ).supported


def test_all_zero_and_one_ended_series_get_a_statement():
    zero = series.monthly_trend(monthly("referrals", [0] * 24, "2015-01"), column="referrals")
    assert zero.statement == (
        "No trend is given: the counts of referrals are all zero from Jan 2015 to Dec 2016, "
        "so there is no rate to trend."
    )
    last = series.monthly_trend(monthly("referrals", [0] * 23 + [7], "2015-01"), column="referrals")
    assert not last.supported and last.trend is None
    assert last.statement.startswith(
        "No trend is given: it cannot be estimated, because every one of the 7 "
        "referrals from Jan 2015 to Dec 2016 falls in the last month (Dec 2016)"
    )


def test_a_falling_series_says_fell():
    counts = [round(900 * math.exp(-0.15 * m / 12)) for m in range(24)]
    result = series.monthly_trend(monthly("referrals", counts), column="referrals")
    fall = -100 * math.expm1(12 * glm(counts).params[1])
    assert result.statement.startswith(f"Referrals fell by {fall:.1f}% a year (95% CI a fall of ")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_months": 2}, r"`min_months` must be a whole number of months, at least 3, but 2 was passed"),
        ({"min_months": 24.0}, r"but 24.0 was passed"),
        ({"curvature_level": 1.0}, r"`curvature_level` must be in \(0, 1\), but 1.0 was passed"),
        ({"confidence_level": 0}, r"`confidence_level` must be in \(0, 1\), but 0 was passed"),
    ],
)
def test_monthly_trend_refuses_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        series.monthly_trend(monthly("referrals", [1] * 30), column="referrals", **kwargs)
