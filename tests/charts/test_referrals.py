"""charts.referrals draws exhibits IA-01 and IA-02: each series, the axis label, limits and legend. Synthetic counts."""

import datetime as dt

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from inquiry_analysis.charts import referrals as referral_charts
from inquiry_analysis.metrics.periods import Count
from inquiry_analysis.metrics.trend import log_linear_trend

CEOP = [
    Count(count=6000, start="2007-04-01", months=12, label="2007-08", inputs=("c1",)),
    Count(count=18000, start="2012-04-01", months=12, label="2012-13", inputs=("c2",)),
]
NCA = [
    Count(
        count=24000,
        start="2015-01-01",
        months=12,
        label="2015",
        inputs=("n1",),
        derived="2,000 per month × 12 months",
        published_as="per_month",
    ),
    Count(
        count=36000,
        start="2016-01-01",
        months=12,
        label="2016",
        inputs=("n2",),
        derived="3,000 per month × 12 months",
        published_as="per_month",
    ),
    Count(count=72000, start="2017-01-01", months=12, label="2017", inputs=("n3",)),
]
# Figures stated at the hearing: 3,500 a month over three months, and 80,000 in a year.
STATED = [
    Count(count=10500, start="2016-06-01", months=3, label="Jun to Aug 2016", inputs=("s1",), published_as="per_month"),
    Count(count=80000, start="2017-01-01", months=12, label="2017", inputs=("s2",)),
]


def yearly(first_year, counts):
    """Counts for calendar years from ``first_year`` on."""
    return [
        Count(count=n, start=f"{first_year + i}-01-01", months=12, label=str(first_year + i), inputs=(f"y{i}",))
        for i, n in enumerate(counts)
    ]


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_trend_exhibit_draws_both_series_the_model_and_each_figure_stated(ax):
    model = log_linear_trend(NCA[:2])
    assert referral_charts.plot_trend_exhibit(CEOP, NCA, model, stated=STATED, ax=ax) is ax
    assert ax.get_ylabel() == "Referrals or reports a month"
    assert ax.get_ylim()[0] == 0
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "CEOP Centre reports (all sources)",
        "NCA industry referrals",
        "Log-linear model, 2015-2016 (narrow interval if that shape)",
        "Stated at the hearing",
    ]
    diamonds = [line for line in ax.lines if line.get_marker() == "D"]
    # The count for a year is shown as its average a month.
    assert [line.get_ydata()[0] for line in diamonds] == [3500, pytest.approx(80000 / 12, rel=1e-5)]
    # Each over its own period: a bracket from its first day to its last.
    brackets = [line for line in ax.lines if len(line.get_xdata()) == 2 and line.get_color() == diamonds[0].get_color()]
    spans = [tuple(pd.Timestamp(x).date().isoformat() for x in line.get_xdata()) for line in brackets]
    assert spans == [("2016-06-01", "2016-08-31"), ("2017-01-01", "2017-12-31")]
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1 and len(dashed[0].get_xdata()) == 24  # the model over the 24 months it was fitted to
    # The interval's band spans the model's pointwise interval.
    curve = model.curve(NCA[0].start, NCA[1].end)
    (band,) = [c for c in ax.collections if len(c.get_paths()[0].vertices) > 24]
    heights = band.get_paths()[0].vertices[:, 1]
    assert (heights.min(), heights.max()) == (
        pytest.approx(curve["lower"].min(), rel=1e-5),
        pytest.approx(curve["upper"].max(), rel=1e-5),
    )
    level_lines = [line for line in ax.lines if line.get_marker() in ("None", None, "") and line.get_linewidth() == 2.5]
    assert len(level_lines) == len(CEOP) + len(NCA)


def test_trend_exhibit_draws_the_model_over_its_own_periods_only(ax):
    model = log_linear_trend(NCA[1:])
    referral_charts.plot_trend_exhibit(CEOP, NCA, model, stated=STATED[:1], ax=ax)
    (dashed,) = [line for line in ax.lines if line.get_linestyle() == "--"]
    first, last = pd.Timestamp(dashed.get_xdata()[0]), pd.Timestamp(dashed.get_xdata()[-1])
    assert (first.year, first.month, last.year, last.month) == (2016, 1, 2017, 12)
    assert "Log-linear model, 2016-2017 (narrow interval if that shape)" in [
        t.get_text() for t in ax.get_legend().get_texts()
    ]


def test_world_exhibit_draws_four_yearly_series_on_a_log_axis(ax):
    world = yearly(2013, [500_000, 1_100_000, 4_400_000, 8_300_000, 10_200_000])
    iwf = yearly(2013, [51_000, 74_000])
    uk = yearly(2019, [74_000, 75_000])
    assert referral_charts.plot_world_exhibit(world, NCA, uk, iwf, ax=ax) is ax
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "Reports or referrals a year (log scale)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "NCMEC reports, worldwide",
        "NCA industry referrals",
        "NCMEC reports, UK indicator",
        "IWF reports processed",
    ]
    joined = [line for line in ax.lines if line.get_label() in {t.get_text() for t in ax.get_legend().get_texts()}]
    assert [len(line.get_xdata()) for line in joined] == [5, 3, 2, 2]
    assert [m.get_marker() for m in joined] == ["o", "s", "^", "v"]
    hollow = [line for line in ax.lines if line.get_markerfacecolor() == "white" and len(line.get_xdata())]
    assert [len(line.get_xdata()) for line in hollow] == [2]  # the two NCA counts derived from averages
    assert pd.Timestamp(hollow[0].get_xdata()[0]).date() == dt.date(2015, 7, 2)
