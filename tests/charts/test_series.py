"""series_charts draws the series tables: recorded counts filled, derived averages as lines, trends dashed.

Synthetic 30-month series throughout.
"""

import math

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from scipy.stats import chi2

from inquiry_analysis.charts import series as series_charts
from inquiry_analysis.exhibits import Exhibit, new_figure
from inquiry_analysis.metrics import lags, series

MONTHS = pd.period_range("2015-01", periods=30, freq="M")
# 2% growth a month with a 10% seasonal swing: a steady trend the data support.
COUNTS = [round(2000 * 1.02**m * (1 + 0.1 * math.sin(2 * math.pi * m / 12))) for m in range(30)]
REFERRALS = pd.DataFrame({"month": MONTHS, "referrals": pd.array(COUNTS, dtype="Int64")})
ARRESTS = pd.DataFrame({"month": MONTHS, "arrests": pd.array([8 + m % 5 for m in range(30)], dtype="Int64")})


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_monthly_counts_table_has_the_recorded_count_and_a_derived_average():
    table = series.monthly_counts_table(REFERRALS, column="referrals")
    assert len(table) == 30 and table["count"].tolist() == COUNTS
    assert set(table["count_status"]) == {"recorded"}
    assert table["average"][:2].isna().all() and table["average_status"][:2].isna().all()
    assert table["average"][2] == pytest.approx(sum(COUNTS[:3]) / 3)
    total = sum(COUNTS[27:30])  # the last window, Apr to Jun 2017: exact Poisson interval for its total
    assert table["lower"][29] == pytest.approx(chi2.ppf(0.025, 2 * total) / 2 / 3)
    assert table["upper"][29] == pytest.approx(chi2.ppf(0.975, 2 * total + 2) / 2 / 3)
    assert table["average_status"][29] == (
        "derived: mean of the 3 months 2017-04 to 2017-06; 95% exact Poisson interval"
    )
    assert (table["month"][0], table["period_start"][0], table["period_end"][1]) == (
        "2015-01",
        "2015-01-01",
        "2015-02-28",
    )
    assert table.attrs["decimals"] == {"average": 1, "lower": 1, "upper": 1}
    Exhibit(exhibit_id="IA-99", title="t", subtitle="s", source="Source: x", alt_text="a", data=table)  # exportable


def test_monthly_counts_are_filled_points_with_an_average_and_a_dashed_trend(ax):
    table = series.monthly_counts_table(REFERRALS, column="referrals")
    trend = series.monthly_trend(REFERRALS, column="referrals")
    assert trend.supported
    series_charts.plot_monthly_counts(table, ax=ax, label="Referrals recorded each month", trend=trend)
    points = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(points) == 1 and len(points[0].get_ydata()) == 30
    assert to_rgba(points[0].get_markerfacecolor()) == to_rgba(points[0].get_color())  # filled: recorded
    assert list(points[0].get_ydata()) == COUNTS
    (average,) = [line for line in ax.lines if line.get_label().startswith("3-month average")]
    assert len(average.get_xdata()) == 28  # from the first full window
    assert average.get_ydata()[0] == float(f"{sum(COUNTS[:3]) / 3:.6g}")  # drawn to six significant digits
    (dashed,) = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed.get_xdata()) == 30
    growth = 100 * trend.trend.estimate
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "Referrals recorded each month",
        "3-month average, 95% interval",
        f"Trend: {growth:+,.1f}% a year (log-linear fit), 95% interval",
    ]
    assert ax.get_ylabel() == "Referrals a month"
    assert ax.xaxis.get_major_formatter()(mdates.date2num(pd.Timestamp("2016-01-01")), 0) == "Jan 2016"


def test_an_unsupported_trend_is_not_drawn(ax):
    short = REFERRALS.iloc[:14]
    trend = series.monthly_trend(short, column="referrals")
    assert not trend.supported
    series_charts.plot_monthly_counts(
        series.monthly_counts_table(short, column="referrals"),
        ax=ax,
        label="Referrals recorded each month",
        trend=trend,
    )
    assert not [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(ax.get_legend().get_texts()) == 2


def test_the_legend_sits_above_every_point_even_when_the_series_starts_high():
    falling = REFERRALS.assign(referrals=pd.array(COUNTS[::-1], dtype="Int64"))
    fig, ax = new_figure(
        Exhibit(
            exhibit_id="IA-99", title="t", subtitle="s", source="Source: x", alt_text="a", data=pd.DataFrame({"n": [1]})
        )
    )
    series_charts.plot_monthly_counts(
        series.monthly_counts_table(falling, column="referrals"), ax=ax, label="Referrals recorded each month"
    )
    fig.canvas.draw()
    legend_bottom = ax.get_legend().get_window_extent().y0
    highest = max(ax.transData.transform((0, y))[1] for y in COUNTS)
    plt.close(fig)
    assert highest < legend_bottom


def test_year_on_year_has_interval_bars_a_zero_line_and_percent_ticks(ax):
    table = series.year_on_year(REFERRALS, column="referrals")
    series_charts.plot_year_on_year(table, ax=ax)
    (points,) = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(points.get_ydata()) == 18  # 30 months less the first year
    assert points.get_ydata()[0] == float(f"{100 * (COUNTS[12] / COUNTS[0] - 1):.6g}")
    assert any(list(line.get_ydata()) == [0, 0] for line in ax.lines)  # the line at no change
    assert ax.yaxis.get_major_formatter()(10, 0) == "+10%" and ax.yaxis.get_major_formatter()(0, 0) == "0%"
    assert ax.get_legend().get_texts()[0].get_text() == "Change on the same month a year before, 95% interval"


def test_arrests_per_1000_by_month_states_the_lag(ax):
    table = lags.arrests_per_1000(REFERRALS, ARRESTS, lag_months=2)
    series_charts.plot_arrests_per_1000(table, ax=ax, label="Arrests per 1,000 referrals")
    (points,) = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(points.get_ydata()) == 28
    assert points.get_ydata()[0] == float(f"{1000 * ARRESTS['arrests'][2] / COUNTS[0]:.6g}")
    assert ax.get_xlabel() == "Month of referral; arrests counted 2 months later"
    assert ax.get_ylabel() == "Arrests per 1,000 referrals"
    assert ax.yaxis.get_major_formatter()(2.5, 0) == "2.5"


def test_arrests_per_1000_by_year_draws_a_level_across_each_year(ax):
    table = lags.arrests_per_1000(REFERRALS, ARRESTS, lag_months=0, by="year")
    assert table["period"].tolist() == ["2015", "2016"]
    series_charts.plot_arrests_per_1000(table, ax=ax, label="Arrests per 1,000 referrals")
    levels = [
        line
        for line in ax.lines
        if line.get_marker() in ("None", None, "")
        and len(line.get_xdata()) == 2
        and line.get_ydata()[0] == line.get_ydata()[1] != 0
    ]
    assert len(levels) == 2
    assert ax.get_xlabel() == "Year of referral; arrests counted in the same month"


def test_ratio_by_lag_highlights_the_assumed_lag(ax):
    table = lags.ratio_by_lag(REFERRALS, ARRESTS)
    series_charts.plot_ratio_by_lag(table, ax=ax, assumed_lag=2)
    (others,) = [line for line in ax.lines if line.get_marker() == "o"]
    (assumed,) = [line for line in ax.lines if line.get_marker() == "D"]
    assert list(others.get_xdata()) == [0, 1, *range(3, 13)]
    assert list(assumed.get_xdata()) == [2]
    assert to_rgba(assumed.get_color()) != to_rgba(others.get_color())
    expected = 1000 * sum(ARRESTS["arrests"][2:]) / sum(COUNTS[:28])
    assert assumed.get_ydata()[0] == float(f"{expected:.6g}")
    texts = [text.get_text() for text in ax.get_legend().get_texts()]
    assert texts == ["Other lags, 95% interval", f"Assumed lag, 2 months: {expected:,.2f} per 1,000"]
    assert "assumed" in [text.get_text() for text in ax.texts]
    assert list(ax.get_xticks()) == list(range(13))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda ax: series_charts.plot_ratio_by_lag(
                lags.ratio_by_lag(REFERRALS, ARRESTS, lags=[0, 1]), ax=ax, assumed_lag=3
            ),
            r"`assumed_lag` must be one of the lags in `table` \(0, 1\), but 3 was passed",
        ),
        (
            lambda ax: series_charts.plot_year_on_year(
                series.year_on_year(REFERRALS.iloc[:12], column="referrals"), ax=ax
            ),
            r"`table` must have at least one row to draw, but an empty year-on-year table was passed",
        ),
        (
            lambda ax: series_charts.plot_monthly_counts(pd.DataFrame({"x": [1]}), ax=ax, label="x"),
            r"`table` must be the table monthly_counts_table returns, with the columns series, month, count, average, "
            r"lower, upper, but a frame with the columns x was passed",
        ),
    ],
)
def test_charts_refuse_tables_they_cannot_draw(ax, call, message):
    with pytest.raises(ValueError, match=message):
        call(ax)


def test_drawing_does_not_change_global_style():
    before = dict(plt.rcParams)
    fig, ax = plt.subplots()
    series_charts.plot_monthly_counts(
        series.monthly_counts_table(REFERRALS, column="referrals"), ax=ax, label="Referrals recorded each month"
    )
    plt.close(fig)
    assert dict(plt.rcParams) == before


def test_axes_are_made_when_not_given():
    ax = series_charts.plot_year_on_year(series.year_on_year(REFERRALS, column="referrals"))
    assert np.isfinite(ax.get_ylim()).all()
    plt.close(ax.figure)
