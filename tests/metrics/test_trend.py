"""metrics.trend against hand-computed values, independent formulas and properties.

Series built here are synthetic unless they come from a load_* call.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2, norm, t

import inquiry_analysis as ia
from inquiry_analysis.metrics import alignment, conversions, periods, trend
from inquiry_analysis.metrics.periods import Count


def year(y, count):
    return Count(count=count, start=f"{y}-01-01", months=12, label=str(y))


def test_annual_total_and_monthly_average_are_labelled_derived():
    total = conversions.annual_total(3545, inputs=("ref-2016-monthly-average",))
    assert (total.estimate, total.lower, total.upper) == (42540, 42534, 42546)
    assert "derived" in str(total) and total.inputs == ("ref-2016-monthly-average",)
    average = conversions.monthly_average(82109)
    assert average.estimate == pytest.approx(6842.4167, abs=1e-4)  # 82,109 / 12 by hand


def test_implied_base_of_700_percent():
    base = conversions.implied_base(82109, 700, percent_rounding=100)
    assert base.estimate == pytest.approx(10263.625)  # 82,109 / 8
    assert base.lower == pytest.approx(82109 / 8.5) and base.upper == pytest.approx(82109 / 7.5)


def test_growth_from_2269_to_3545_a_month():
    g = trend.growth(year(2015, 2269 * 12), year(2016, 3545 * 12))
    assert g.estimate == pytest.approx(3545 / 2269)
    assert g.percent_change[0] == pytest.approx(56.2362, abs=1e-4)
    assert g.years == 1
    assert g.annual_percent_change[0] == pytest.approx(g.percent_change[0])
    assert g.monthly_percent_change[0] == pytest.approx(100 * ((3545 / 2269) ** (1 / 12) - 1))
    # Independent check of the interval: for counts this large the score interval for a rate ratio
    # agrees with the log-scale normal approximation exp(±z √(1/a + 1/b)) to about 0.1%.
    half = norm.ppf(0.975) * math.sqrt(1 / (2269 * 12) + 1 / (3545 * 12))
    assert g.lower == pytest.approx(g.estimate * math.exp(-half), rel=1e-3)
    assert g.upper == pytest.approx(g.estimate * math.exp(half), rel=1e-3)
    assert str(g).startswith("+56.2% from 2015 to 2016 (95% CI +53.9% to +58.6%)")


def test_growth_spreads_the_factor_over_the_years_between_midpoints():
    g = trend.growth(year(2013, 1000), year(2017, 8000))
    assert g.years == 4
    assert g.annual_percent_change[0] == pytest.approx(100 * (8**0.25 - 1))


def test_growth_refuses_periods_in_the_wrong_order():
    with pytest.raises(ValueError, match=r"`end` \(2015\) must come after `start` \(2016\)"):
        trend.growth(year(2016, 10), year(2015, 10))


def test_counts_from_figures_multiplies_out_monthly_averages_and_says_so():
    referrals = ia.load_referrals()
    counts = periods.counts_from_figures(referrals.loc[["ref-2016-monthly-average", "ref-2012-13-ceop"]])
    ceop, nca = counts  # sorted by period start
    assert (ceop.count, ceop.months, ceop.start.isoformat(), ceop.derived) == (18887, 12, "2012-04-01", None)
    assert (nca.count, nca.derived) == (42540, "3,545 per month × 12 months")
    with pytest.raises(ValueError, match="is in percent, not a count"):
        periods.counts_from_figures(referrals.loc[["ref-2017-homeoffice-change"]])


def test_a_doubling_series_grows_100_percent_a_year():
    result = trend.log_linear_trend([year(2015, 1000), year(2016, 2000), year(2017, 4000)])
    assert result.estimate == pytest.approx(1.0, abs=1e-9)
    assert result.model == "Poisson GLM" and result.dispersion == pytest.approx(0, abs=1e-9)


def test_a_constant_series_has_zero_growth():
    result = trend.log_linear_trend([year(y, 5000) for y in range(2010, 2016)])
    assert result.estimate == pytest.approx(0, abs=1e-9)
    assert result.lower < 0 < result.upper


def test_two_periods_fit_exactly_and_say_overdispersion_cannot_be_checked():
    result = trend.log_linear_trend([year(2015, 2269 * 12), year(2016, 3545 * 12)])
    assert result.estimate == pytest.approx(3545 / 2269 - 1)
    assert result.dispersion is None and "cannot be checked" in result.reason


def test_the_slope_is_exact_for_periods_of_unequal_length():
    # Synthetic counts from rate(m) = 1e6 · exp(0.03 m): six months, then twelve, then twelve.
    def total(first, months):
        return round(sum(1e6 * math.exp(0.03 * m) for m in range(first, first + months)))

    series = [
        Count(count=total(0, 6), start="2015-01-01", months=6, label="H1 2015"),
        Count(count=total(6, 12), start="2015-07-01", months=12, label="Jul 15-Jun 16"),
        Count(count=total(18, 12), start="2016-07-01", months=12, label="Jul 16-Jun 17"),
    ]
    result = trend.log_linear_trend(series)
    assert result.slope_per_year == pytest.approx(12 * 0.03, abs=1e-6)
    assert math.exp(result.intercept) == pytest.approx(1e6, rel=1e-5)


def test_overdispersed_counts_switch_to_quasi_poisson_matching_statsmodels():
    # Independent route: statsmodels' Poisson GLM with the dispersion from Pearson's χ² (scale="X2")
    # and t intervals on its residual degrees of freedom. Twelve-month periods, so the offset log 12
    # is exact and only the intercept differs (see the equal-period test below).
    import statsmodels.api as sm

    rng = np.random.default_rng(2018)
    values = rng.negative_binomial(5, 5 / (5 + 2000 * 1.3 ** np.arange(10)))  # synthetic, very noisy
    series = [year(2010 + i, int(v)) for i, v in enumerate(values)]
    result = trend.log_linear_trend(series)
    assert result.model == "quasi-Poisson GLM (Pearson dispersion, t(8) intervals)"
    assert result.overdispersion_p < 0.05 and "overdispersed" in result.reason and "t quantiles" in result.reason
    glm = sm.GLM(
        values,
        sm.add_constant(np.arange(10, dtype=float)),
        family=sm.families.Poisson(),
        offset=np.full(10, math.log(12)),
    ).fit(scale="X2", use_t=True, tol=1e-14)
    assert result.slope_per_year == pytest.approx(glm.params[1], rel=1e-9)
    assert result.dispersion == pytest.approx(glm.pearson_chi2 / 8, rel=1e-9)
    assert result.scale == pytest.approx(glm.scale, rel=1e-9) and result.interval_df == 8
    assert math.sqrt(result.covariance[1][1]) == pytest.approx(glm.bse[1], rel=1e-8)
    low, high = glm.conf_int(alpha=0.05)[1]  # t(8) quantiles
    assert (result.lower, result.upper) == (
        pytest.approx(math.expm1(low), rel=1e-8),
        pytest.approx(math.expm1(high), rel=1e-8),
    )
    z = norm.ppf(0.975)  # normal quantiles would give a narrower interval
    assert result.upper - result.lower > math.expm1(glm.params[1] + z * glm.bse[1]) - math.expm1(
        glm.params[1] - z * glm.bse[1]
    )


def test_quasi_poisson_window_average_uses_t_quantiles_and_the_glm_covariance():
    # The log mean rate over Jun-Aug 2014 as a function of statsmodels' own parameters
    # (c0 = log expected count of the first year, slope per year), its gradient by central differences,
    # the quasi-Poisson covariance from statsmodels, and the t(n - 2) quantile.
    import statsmodels.api as sm

    values = np.array([1200, 1900, 2100, 4300, 4400, 7900])  # synthetic, overdispersed
    series = [year(2010 + i, int(v)) for i, v in enumerate(values)]
    glm = sm.GLM(values, sm.add_constant(np.arange(6, dtype=float)), family=sm.families.Poisson()).fit(
        scale="X2", tol=1e-14
    )

    def log_mean(params):
        c0, slope = params
        b = slope / 12
        a = c0 - math.log(np.exp(b * np.arange(12)).sum())  # log rate in Jan 2010
        return a + math.log(np.exp(b * np.arange(53, 56)).mean())  # Jun-Aug 2014: months 53-55

    step = 1e-6
    gradient = np.array(
        [(log_mean(glm.params + step * e) - log_mean(glm.params - step * e)) / (2 * step) for e in np.eye(2)]
    )
    se = math.sqrt(gradient @ glm.cov_params() @ gradient)
    q = t.ppf(0.975, 4)
    estimate = trend.window_average(series, "2014-06-01", "2014-08-31")
    assert "quasi-Poisson" in estimate.method
    assert estimate.estimate == pytest.approx(math.exp(log_mean(glm.params)), rel=1e-9)
    assert estimate.lower == pytest.approx(math.exp(log_mean(glm.params) - q * se), rel=1e-7)
    assert estimate.upper == pytest.approx(math.exp(log_mean(glm.params) + q * se), rel=1e-7)
    curve = trend.log_linear_trend(series).curve("2014-07-01", "2014-07-31")
    assert curve["lower"][0] < curve["rate"][0] < curve["upper"][0]


@pytest.mark.parametrize(
    "counts, months, gaps",
    [
        ([1000, 1500, 2600], 12, 0),
        ([27228, 42540, 82109], 12, 0),
        ([4170, 5812, 6291, 18887], 12, 1),  # a gap of a year between the third and fourth periods
        ([310, 290, 350, 420, 380, 460, 500, 610], 3, 0),  # quarters
        ([5000, 5110, 5190, 5330], 12, 0),  # not overdispersed: Poisson standard errors, normal quantiles
        ([101, 95, 130, 118, 140, 151], 1, 0),  # months, not overdispersed
    ],
)
def test_equal_periods_match_the_statsmodels_poisson_glm(counts, months, gaps):
    # For periods of equal length the sum of exp(b k) over a period is exp(b × its first month)
    # times one constant W(b), which the GLM's intercept absorbs: c0 = a + log W(b). So the GLM
    # with fixed offsets is exact; its covariance is carried to (a, slope) by the Jacobian.
    import statsmodels.api as sm

    starts, month = [], 0
    for i in range(len(counts)):
        starts.append(month)
        month += months + (12 * gaps if i == 2 else 0)
    series = [
        Count(count=c, start=periods.month_start(24000 + s), months=months, label=f"p{i}")
        for i, (c, s) in enumerate(zip(counts, starts))
    ]
    result = trend.log_linear_trend(series)
    exog = sm.add_constant(np.array(starts, dtype=float) / 12)
    glm = sm.GLM(np.array(counts), exog, family=sm.families.Poisson()).fit(tol=1e-14)
    c0, slope = glm.params
    within = np.arange(months)
    weights = np.exp(slope / 12 * within)
    jacobian = np.array([[1.0, -(weights * within).sum() / weights.sum() / 12], [0.0, 1.0]])
    assert result.slope_per_year == pytest.approx(slope, rel=1e-9, abs=1e-12)
    assert result.intercept == pytest.approx(c0 - math.log(weights.sum()), rel=1e-9)
    df = len(counts) - 2
    quasi = chi2.sf(glm.pearson_chi2, df) < 0.05  # the Pearson test, from statsmodels' χ²
    scale = glm.pearson_chi2 / df if quasi else 1.0
    assert result.dispersion == pytest.approx(glm.pearson_chi2 / df, rel=1e-8)
    assert (result.interval_df, result.model.startswith("quasi-Poisson")) == ((df, True) if quasi else (None, False))
    assert np.array(result.covariance) == pytest.approx(scale * jacobian @ glm.cov_params() @ jacobian.T, rel=1e-8)
    z = t.ppf(0.975, df) if quasi else norm.ppf(0.975)
    se = math.sqrt(scale) * glm.bse[1]
    assert (result.lower, result.upper) == (
        pytest.approx(math.expm1(slope - z * se), rel=1e-8),
        pytest.approx(math.expm1(slope + z * se), rel=1e-8),
    )


@pytest.mark.parametrize("counts", [[1000, 1500, 2600], [27228, 42540, 82109], [5000, 4000, 4100], [7, 0, 3]])
def test_three_equal_periods_solve_the_score_equations_in_closed_form(counts):
    # Years at t = -1, 0, 1 with expected counts A r^t: Σy = A (1/r + 1 + r) and y3 - y1 = A (r - 1/r),
    # so d = D/T = (r - 1/r) / (1/r + 1 + r): (1 - d) r² - d r - (1 + d) = 0.
    y1, y2, y3 = counts
    d = (y3 - y1) / (y1 + y2 + y3)
    r = (d + math.sqrt(4 - 3 * d * d)) / (2 * (1 - d))
    level = (y1 + y2 + y3) / (1 / r + 1 + r)  # expected count of the middle year
    result = trend.log_linear_trend([year(2015, y1), year(2016, y2), year(2017, y3)])
    assert math.exp(result.slope_per_year) == pytest.approx(r, rel=1e-12)
    b = result.slope_per_year / 12
    assert math.exp(result.intercept) * np.exp(b * np.arange(12, 24)).sum() == pytest.approx(level, rel=1e-12)


def _profile_loglik(counts, slope_per_year):
    """Σ y_i log(w_i / Σ w): the Poisson log-likelihood with the intercept at its best, up to a constant."""
    origin = counts[0].first_month
    w = np.array(
        [sum(math.exp(slope_per_year / 12 * (c.first_month - origin + k)) for k in range(c.months)) for c in counts]
    )
    return float(sum(c.count * math.log(wi / w.sum()) for c, wi in zip(counts, w) if c.count))


UNEQUAL = [
    # six months, then twelve, then eighteen, following on
    [
        Count(count=5400, start="2015-01-01", months=6, label="H1 2015"),
        Count(count=13900, start="2015-07-01", months=12, label="Jul 15-Jun 16"),
        Count(count=31200, start="2016-07-01", months=18, label="Jul 16-Dec 17"),
    ],
    # a quarter, a gap, a year, a month, with a gap before the last
    [
        Count(count=800, start="2012-01-01", months=3, label="Q1 2012"),
        Count(count=4100, start="2012-07-01", months=12, label="Jul 12-Jun 13"),
        Count(count=290, start="2013-07-01", months=1, label="Jul 2013"),
        Count(count=5200, start="2014-01-01", months=12, label="2014"),
    ],
]


@pytest.mark.parametrize("series", UNEQUAL)
def test_unequal_periods_give_the_maximum_of_the_likelihood(series):
    # Independent routes: the profile likelihood maximised by scipy's bounded Brent search (a
    # different algorithm, its own precision about 1e-8), the intercept's score equation, and the
    # expected information from finite differences of the expected counts summed month by month.
    from scipy.optimize import minimize_scalar

    result = trend.log_linear_trend(series)
    best = minimize_scalar(
        lambda s: -_profile_loglik(series, s), bounds=(-3, 3), method="bounded", options={"xatol": 1e-12}
    )
    assert result.slope_per_year == pytest.approx(best.x, abs=1e-6)
    for nearby in (result.slope_per_year - 1e-5, result.slope_per_year + 1e-5):
        assert _profile_loglik(series, result.slope_per_year) > _profile_loglik(series, nearby)
    origin = series[0].first_month

    def expected(params):
        a, slope = params
        return np.array(
            [sum(math.exp(a + slope / 12 * (c.first_month - origin + k)) for k in range(c.months)) for c in series]
        )

    mu = expected((result.intercept, result.slope_per_year))
    assert mu.sum() == pytest.approx(sum(c.count for c in series), rel=1e-12)
    step = 1e-6
    jac = np.column_stack(
        [
            (
                expected((result.intercept, result.slope_per_year) + step * e)
                - expected((result.intercept, result.slope_per_year) - step * e)
            )
            / (2 * step)
            for e in np.eye(2)
        ]
    )
    covariance = result.scale * np.linalg.inv(jac.T @ np.diag(1 / mu) @ jac)
    assert np.array(result.covariance) == pytest.approx(covariance, rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=24),
            st.integers(min_value=0, max_value=6),
            st.integers(min_value=0, max_value=10**6),
        ),
        min_size=2,
        max_size=6,
    )
)
def test_the_estimate_beats_nearby_slopes_for_any_periods(spec):
    series, month = [], 24000
    for i, (months, gap, count) in enumerate(spec):
        month += gap
        series.append(Count(count=count, start=periods.month_start(month), months=months, label=f"p{i}"))
        month += months
    counts = [c.count for c in series]
    if sum(counts) == 0 or counts[0] == sum(counts) or counts[-1] == sum(counts):
        with pytest.raises(ValueError):
            trend.log_linear_trend(series)
        return
    result = trend.log_linear_trend(series)
    top = _profile_loglik(series, result.slope_per_year)
    for nearby in (result.slope_per_year - 1e-3, result.slope_per_year + 1e-3):
        assert top >= _profile_loglik(series, nearby) - 1e-9 * abs(top)
    assert result.lower <= result.estimate <= result.upper


@pytest.mark.parametrize(
    "counts, message",
    [
        ([0, 10], "the counts before 2016 are all zero"),
        ([10, 0], "the counts after 2015 are all zero"),
        ([0, 0, 10], "the counts before 2017 are all zero"),
        ([4, 0, 0], "the counts after 2015 are all zero"),
    ],
)
def test_a_series_with_every_event_at_one_end_is_refused(counts, message):
    series = [year(2015 + i, c) for i, c in enumerate(counts)]
    with pytest.raises(
        ValueError,
        match=rf"^the trend is not estimable: {message}, so the best-fitting slope is "
        r"infinite \(every event falls in 20\d\d\)",
    ):
        trend.log_linear_trend(series)


def test_events_only_in_the_middle_still_give_a_trend():
    result = trend.log_linear_trend([year(2015, 0), year(2016, 10), year(2017, 0)])
    assert result.slope_per_year == pytest.approx(0, abs=1e-12)


def test_the_same_series_gives_bit_identical_results():
    referrals = ia.load_referrals()
    nca = periods.counts_from_figures(
        referrals.loc[["ref-2015-monthly-average", "ref-2016-monthly-average", "ref-2017-homeoffice"]]
    )
    first, second = trend.log_linear_trend(nca), trend.log_linear_trend(list(reversed(nca)))
    assert first == second
    fields = ("estimate", "lower", "upper", "intercept", "slope_per_year", "dispersion", "scale")
    assert [getattr(first, f).hex() for f in fields] == [getattr(second, f).hex() for f in fields]
    assert all(type(getattr(first, f)) is float for f in fields)
    assert all(type(v) is float for row in first.covariance for v in row)
    a, b = (alignment.align_to_window(nca, "2016-04-01", "2017-03-31") for _ in range(2))
    assert a.estimate.hex() == b.estimate.hex()


def test_poisson_like_counts_keep_the_poisson_model():
    rng = np.random.default_rng(7)
    values = rng.poisson(1000 * 1.1 ** np.arange(8))  # synthetic
    result = trend.log_linear_trend([year(2010 + i, int(v)) for i, v in enumerate(values)])
    assert result.model == "Poisson GLM" and result.overdispersion_p >= 0.05


def test_the_model_estimate_of_a_whole_year_from_a_one_year_series_is_that_year():
    estimate = trend.window_average([year(2016, 42540)], "2016-01-01", "2016-12-31")
    assert estimate.estimate == pytest.approx(3545)
    assert estimate.label == "model estimate, not data" and not estimate.extrapolated
    # Garwood exact interval by hand, divided by 12 months
    assert estimate.lower == pytest.approx(chi2.ppf(0.025, 2 * 42540) / 2 / 12)
    assert estimate.upper == pytest.approx(chi2.ppf(0.975, 2 * 42540 + 2) / 2 / 12)


def test_the_model_estimate_of_each_published_year_returns_that_year():
    series = [year(2015, 2269 * 12), year(2016, 3545 * 12)]
    assert trend.window_average(series, "2015-01-01", "2015-12-31").estimate == pytest.approx(2269)
    assert trend.window_average(series, "2016-01-01", "2016-12-31").estimate == pytest.approx(3545)


def test_the_summer_2016_estimate_by_hand():
    # Exponential monthly rate through the 2015 and 2016 averages: b = ln(3545/2269)/12 a month;
    # the 2016 average is the mean of exp(a + b m) over m = 12..23.
    b = math.log(3545 / 2269) / 12
    a = math.log(3545 / np.mean(np.exp(b * np.arange(12, 24))))
    expected = np.mean(np.exp(a + b * np.arange(17, 20)))  # June, July, August 2016
    estimate = trend.window_average([year(2015, 2269 * 12), year(2016, 3545 * 12)], "2016-06-01", "2016-08-31")
    assert estimate.estimate == pytest.approx(expected)
    assert estimate.window == "Jun 2016 to Aug 2016"
    assert estimate.lower < estimate.estimate < estimate.upper


def test_the_summer_2016_interval_by_the_delta_method_on_the_two_counts():
    # With two periods the fit is exact, so the window mean is a function of the two counts alone;
    # its log has variance Σ (∂ log g / ∂y_i)² y_i for Poisson counts (derivatives by central differences).
    def log_g(y1, y2):
        b = math.log(y2 / y1) / 12
        a = math.log(y2 / np.sum(np.exp(b * np.arange(12, 24))))
        return math.log(np.mean(np.exp(a + b * np.arange(17, 20))))

    y1, y2, step = 2269 * 12, 3545 * 12, 1e-3
    d1 = (log_g(y1 + step, y2) - log_g(y1 - step, y2)) / (2 * step)
    d2 = (log_g(y1, y2 + step) - log_g(y1, y2 - step)) / (2 * step)
    se = math.sqrt(d1 * d1 * y1 + d2 * d2 * y2)
    estimate = trend.window_average([year(2015, y1), year(2016, y2)], "2016-06-01", "2016-08-31")
    assert estimate.lower == pytest.approx(math.exp(log_g(y1, y2) - norm.ppf(0.975) * se), rel=1e-7)
    assert estimate.upper == pytest.approx(math.exp(log_g(y1, y2) + norm.ppf(0.975) * se), rel=1e-7)


def test_a_window_beyond_the_data_is_flagged_as_extrapolated():
    estimate = trend.window_average([year(2015, 100), year(2016, 200)], "2017-01-01", "2017-03-31")
    assert estimate.extrapolated


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1])
def test_confidence_level_is_checked(level):
    with pytest.raises(ValueError, match=rf"`confidence_level` must be in \(0, 1\), but {level} was passed"):
        trend.log_linear_trend([year(2015, 1), year(2016, 2)], confidence_level=level)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=10**7), min_size=2, max_size=8))
def test_intervals_contain_their_estimates(values):
    series = [year(2000 + i, v) for i, v in enumerate(values)]
    result = trend.log_linear_trend(series)
    assert result.lower <= result.estimate <= result.upper
    estimate = trend.window_average(series, "2000-06-01", "2000-08-31")
    assert estimate.lower <= estimate.estimate <= estimate.upper
    g = trend.growth(series[0], series[-1])
    assert g.lower <= g.estimate <= g.upper


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_growth_intervals_contain_their_estimates_including_zero_counts(start, end):
    g = trend.growth(year(2015, start), year(2016, end))
    assert g.lower <= g.estimate <= g.upper


def test_financial_year_bounds_by_hand():
    # If monthly referrals never fell: at least the 2016 total (2016 flat, Jan-Mar 2017 at the same
    # level); at most 2016 less a quarter of 2015 plus a quarter of 2017: 42,540 - 6,807 + 20,527.25.
    years = [year(2015, 27228), year(2016, 42540), year(2017, 82109)]
    aligned = alignment.align_to_window(years, "2016-04-01", "2017-03-31", label="2016-17")
    assert aligned.lower == pytest.approx(42540, abs=1e-6)
    assert aligned.upper == pytest.approx(42540 - 27228 / 4 + 82109 / 4, abs=1e-6)
    assert aligned.lower <= aligned.estimate <= aligned.upper
    assert "never fell" in str(aligned) and aligned.months == 12


def test_a_quarter_of_a_single_year_by_hand():
    # Never falling within 2016: April-June can be empty (everything after June), or at most
    # three ninths of the year (nothing before April, then flat): 0 to 400 of 1,200.
    aligned = alignment.align_to_window([year(2016, 1200)], "2016-04-01", "2016-06-30")
    assert aligned.lower == pytest.approx(0, abs=1e-6) and aligned.upper == pytest.approx(400)
    assert aligned.estimate == pytest.approx(300)


def test_alignment_refuses_extrapolation_and_falling_totals():
    with pytest.raises(ValueError, match="is not inside the periods given"):
        alignment.align_to_window([year(2016, 100)], "2016-04-01", "2017-03-31")
    with pytest.raises(ValueError, match="the totals fall between periods"):
        alignment.align_to_window([year(2016, 1000), year(2017, 100)], "2016-04-01", "2017-03-31")


def test_a_monthly_statement_becomes_a_one_month_count():
    statements = ia.load_statements()
    (count,) = periods.counts_from_figures(statements.loc[["stm-2018-09-06-arrests"]])
    assert (count.count, count.months, count.start.isoformat()) == (400, 1, "2018-09-01")
    assert "as stated on 06 Sep 2018" in count.derived


def test_published_financial_year_bounds_allow_for_rounded_averages():
    # 2015 and 2016 are whole-number monthly averages, so their totals may be 6 either side:
    # lowest 42,540 - 6; highest (42,540 + 6) - (27,228 - 6) / 4 + 82,109 / 4.
    referrals = ia.load_referrals()
    years = periods.counts_from_figures(
        referrals.loc[["ref-2015-monthly-average", "ref-2016-monthly-average", "ref-2017-homeoffice"]]
    )
    aligned = alignment.align_to_window(years, "2016-04-01", "2017-03-31")
    assert aligned.lower == pytest.approx(42534, abs=1e-6)
    assert aligned.upper == pytest.approx(42546 - 27222 / 4 + 82109 / 4, abs=1e-6)


def test_growth_from_or_to_zero_has_an_interval_that_contains_it():
    to_zero = trend.growth(year(2015, 10), year(2016, 0))
    assert to_zero.percent_change[0] == -100 and to_zero.lower == 0 and to_zero.upper > 0
    from_tiny = trend.growth(year(2015, 3), year(2016, 0))
    assert from_tiny.lower <= from_tiny.estimate <= from_tiny.upper


def _bootstrap_sd(counts, statistic, *, replicates=250, seed=20180124, dispersion=1.0):
    """SD of ``statistic`` over counts redrawn from the fitted model: Poisson, or negative binomial
    with variance ``dispersion`` × mean (a parametric bootstrap; a route independent of the delta method)."""
    rng = np.random.default_rng(seed)
    fitted = trend.log_linear_trend(counts)
    means = []
    for c in counts:  # the fitted count of each period: the monthly rate summed over its months
        months = np.arange(c.first_month, c.first_month + c.months) - counts[0].first_month
        means.append(math.exp(fitted.intercept) * np.exp(fitted.slope_per_year / 12 * months).sum())
    means = np.array(means)
    values = []
    for _ in range(replicates):
        if dispersion == 1.0:
            drawn = rng.poisson(means)
        else:
            size = means / (dispersion - 1)
            drawn = rng.negative_binomial(size, size / (size + means))
        values.append(
            statistic(
                [Count(count=int(y), start=c.start, months=c.months, label=c.label) for y, c in zip(drawn, counts)]
            )
        )
    return float(np.std(values, ddof=1))


@pytest.mark.parametrize(
    "window", [("2016-06-01", "2016-08-31"), ("2016-12-01", "2016-12-31"), ("2015-01-01", "2015-03-31")]
)
def test_window_intervals_agree_with_a_seeded_parametric_bootstrap(window):
    # The shipped Jun-Aug 2016 model estimate, and the months the review found wrong (Dec 2016 too
    # wide, Jan-Mar 2015 too narrow), through the two published annual averages.
    counts = [year(2015, 2269 * 12), year(2016, 3545 * 12)]
    shipped = trend.window_average(counts, *window)
    delta_se = math.log(shipped.upper / shipped.estimate) / norm.ppf(0.975)
    boot_se = _bootstrap_sd(counts, lambda cs: math.log(trend.window_average(cs, *window).estimate))
    assert delta_se == pytest.approx(boot_se, rel=0.1)


def test_trend_slope_standard_errors_agree_with_a_seeded_parametric_bootstrap():
    # Poisson case (six years, not overdispersed) and quasi-Poisson case (NB draws with dispersion 30):
    # the slope's bootstrap SD against the model's standard error (scaled by the true dispersion).
    counts = [year(2010 + i, v) for i, v in enumerate([1000, 1130, 1290, 1450, 1660, 1880])]
    fitted = trend.log_linear_trend(counts)
    se = math.sqrt(fitted.covariance[1][1])
    slope = lambda cs: trend.log_linear_trend(cs).slope_per_year  # noqa: E731
    assert se == pytest.approx(_bootstrap_sd(counts, slope), rel=0.1)
    poisson_se = se / math.sqrt(fitted.scale)
    assert math.sqrt(30) * poisson_se == pytest.approx(_bootstrap_sd(counts, slope, dispersion=30.0), rel=0.12)
