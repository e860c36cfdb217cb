"""Window averages under shapes that fit two totals exactly, checked against closed forms by hand."""

import math

import pytest

from inquiry_analysis.errors import InquiryAnalysisWarning
from inquiry_analysis.metrics import shapes
from inquiry_analysis.metrics.periods import Count

# The published averages: 2,269 a month in 2015 and 3,545 in 2016, each a whole number (rounding 6 a year).
Y2015 = Count(
    count=2269 * 12, start="2015-01-01", months=12, label="2015", inputs=("ref-2015-monthly-average",), rounding=6
)
Y2016 = Count(
    count=3545 * 12, start="2016-01-01", months=12, label="2016", inputs=("ref-2016-monthly-average",), rounding=6
)
JUN_AUG_2016 = ("2016-06-01", "2016-08-31")  # months 17, 18 and 19 counted from January 2015


@pytest.fixture(scope="module")
def summer():
    return shapes.window_under_shapes([Y2015, Y2016], *JUN_AUG_2016)


def geometric_window(total1, total2, n, window):
    """Log-linear monthly counts a g^m through two equal periods of n months, in closed form, averaged over window."""
    g = (total2 / total1) ** (1 / n)  # the second period is the first times g^n
    a = total1 * (g - 1) / (g**n - 1)  # a (1 + g + ... + g^(n-1)) = total1
    return sum(a * g**m for m in window) / len(window)


def test_flat_is_the_2016_average(summer):
    assert summer.flat == pytest.approx(3545)


def test_linear_is_the_2016_average_plus_half_a_month_of_slope(summer):
    # The line's average over a year is its value at the year's middle (month 5.5, 17.5); Jun-Aug 2016
    # averages month 18, half a month after 2016's middle, and the slope is (3,545 - 2,269) / 12 a month.
    assert summer.linear == pytest.approx(3545 + 0.5 * (3545 - 2269) / 12)
    assert round(summer.linear, 1) == 3598.2


def test_log_linear_matches_the_geometric_closed_form(summer):
    assert summer.log_linear == pytest.approx(geometric_window(2269 * 12, 3545 * 12, 12, [17, 18, 19]), rel=1e-10)
    assert round(summer.log_linear) == 3584
    assert summer.log_linear_lower < summer.log_linear < summer.log_linear_upper


@pytest.mark.parametrize("path", ["flat_path", "linear_path", "log_linear_path"])
def test_every_shape_reproduces_both_published_totals(summer, path):
    months = getattr(summer, path)
    assert len(months) == 24
    assert math.fsum(months[:12]) == pytest.approx(2269 * 12, rel=1e-10)
    assert math.fsum(months[12:]) == pytest.approx(3545 * 12, rel=1e-10)


def test_the_shapes_average_the_window_of_their_own_paths(summer):
    for name in ("flat", "linear", "log_linear"):
        path = getattr(summer, f"{name}_path")
        assert getattr(summer, name) == pytest.approx(sum(path[17:20]) / 3, rel=1e-10)


def test_never_falling_range_by_hand(summer):
    # Lowest: 2015's total at its least, (27,228 - 6) / 12 = 2,268.5 a month, held through August 2016.
    # Highest: Jan-May 2016 at that level, and the most 2016 allows, 42,546, less those five months,
    # spread evenly over June-December: (42,546 - 5 x 2,268.5) / 7.
    assert summer.lower == pytest.approx((27228 - 6) / 12)
    assert summer.upper == pytest.approx((42546 - 5 * (27228 - 6) / 12) / 7)
    assert "2,268 to 4,458 a month if the series never fell" in str(summer)


def test_the_model_interval_is_labelled_conditional_on_its_shape(summer):
    text = str(summer)
    assert "conditional on a log-linear shape, count noise only" in text
    assert "CI" not in text


def test_fields_are_plain_python_numbers(summer):
    for name in ("lower", "upper", "flat", "linear", "log_linear", "log_linear_lower", "log_linear_upper"):
        assert type(getattr(summer, name)) is float
    assert all(type(x) is float for x in summer.linear_path)
    assert (summer.months, summer.label, str(summer.span_start)) == (3, "Jun 2016 to Aug 2016", "2015-01-01")
    assert summer.inputs == ("ref-2015-monthly-average", "ref-2016-monthly-average")


def test_periods_of_unequal_length():
    # A year, then six months: a line's middles are months 5.5 and 14.5; each shape still gives each total.
    year, half = (
        Count(count=1200, start="2015-01-01", months=12, label="2015"),
        Count(count=900, start="2016-01-01", months=6, label="H1 2016"),
    )
    result = shapes.window_under_shapes([half, year], "2016-03-01", "2016-03-31")  # order does not matter
    assert result.flat == pytest.approx(150)
    assert result.linear == pytest.approx(100 + (150 - 100) * (14 - 5.5) / (14.5 - 5.5))
    for path in (result.flat_path, result.linear_path, result.log_linear_path):
        assert (math.fsum(path[:12]), math.fsum(path[12:])) == (pytest.approx(1200), pytest.approx(900))


def test_a_line_below_zero_is_not_a_monthly_series():
    # 100 a month, then 5: the line reaches 5 - 95 / 12 x 5.5 < 0 by December of the second year,
    # and the totals fall, so no never-falling series fits them either.
    falling = [
        Count(count=1200, start="2015-01-01", months=12, label="2015"),
        Count(count=60, start="2016-01-01", months=12, label="2016"),
    ]
    with pytest.warns(
        InquiryAnalysisWarning, match=r"falls below zero within them|no monthly series that never falls"
    ) as caught:
        result = shapes.window_under_shapes(falling, "2016-01-01", "2016-03-31")
    messages = [str(w.message) for w in caught]
    assert any("falls below zero within them" in m and "`linear` is nan" in m for m in messages)
    assert any("`lower` and `upper` are nan" in m for m in messages)
    assert math.isnan(result.linear) and math.isnan(result.lower)
    assert result.flat == pytest.approx(5)


def test_needs_exactly_two_periods_that_follow_on():
    y2017 = Count(count=82109, start="2017-01-01", months=12, label="2017")
    with pytest.raises(ValueError, match="`counts` must hold exactly two periods, but 3 were passed"):
        shapes.window_under_shapes([Y2015, Y2016, y2017], *JUN_AUG_2016)
    with pytest.raises(ValueError, match="periods 2015 and 2017 must follow on without a gap"):
        shapes.window_under_shapes([Y2015, y2017], *JUN_AUG_2016)


def test_refuses_a_window_outside_the_periods():
    with pytest.raises(ValueError, match="the window Dec 2016 to Feb 2017 is not inside the periods given"):
        shapes.window_under_shapes([Y2015, Y2016], "2016-12-01", "2017-02-28")
    with pytest.raises(ValueError, match=r"`end` \(2016-05-31\) must not come before `start`"):
        shapes.window_under_shapes([Y2015, Y2016], "2016-06-01", "2016-05-31")
