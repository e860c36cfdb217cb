"""charts.arrests draws exhibits IA-03 and IA-08: every series, the axis label, limits and legend. Synthetic figures."""

import datetime as dt

import matplotlib.pyplot as plt
import pytest

from inquiry_analysis.charts import arrests as arrest_charts
from inquiry_analysis.exhibits.arrests import chain_table
from inquiry_analysis.exhibits.style import PALETTE
from inquiry_analysis.metrics import ratios
from inquiry_analysis.metrics.chain import Stage, stage_ratio
from inquiry_analysis.metrics.periods import Count


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def rate(arrests, referrals, year, **options):
    start = f"{year}-04-01"
    return ratios.rate_per_1000(
        Count(count=arrests, start=start, months=12, label=str(year)),
        Count(count=referrals, start=start, months=12, label=str(year)),
        **options,
    )


def test_ratio_exhibit_draws_three_series_between_powers_of_ten(ax):
    ceop = [rate(300, 6000, 2007), rate(330, 5500, 2008)]
    assert arrest_charts.plot_ratio_exhibit(ceop, rate(170, 50000, 2016), rate(400, 7000, 2018), ax=ax) is ax
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "Arrests per 1,000 referrals (log scale)"
    assert ax.get_ylim() == (1, 100)  # 3.4 per 1,000 at the least, 57 at the most
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "CEOP Centre (reports from all sources)",
        "NCA alone",
        "NCA and UK police",
    ]
    assert len(ax.containers) == 4  # one interval bar a rate


def test_ratio_exhibit_limits_follow_the_rates(ax):
    ceop = [rate(300, 6000, 2007)]
    arrest_charts.plot_ratio_exhibit(ceop, rate(5, 50000, 2016), rate(700, 1000, 2018), ax=ax)
    bottom, top = ax.get_ylim()
    assert (bottom, top) == (0.01, 1000)  # 0.1 per 1,000 (interval down to 0.03) and 700 (up to 750)


def stage(name, low, high, year, *, months=12, stated="'x'"):
    start = dt.date(year, 1, 1)
    return Stage(name=name, stated=stated, low=low, high=high, months=months, label=str(year), start=start, inputs=())


def test_chain_exhibit_draws_each_period_and_writes_the_latest_ratios(ax):
    received, sent = stage("referrals", 80000, 80000, 2017), stage("disseminations", 9000, 10000, 2017)
    arrested = stage("arrests", 360, 440, 2017, months=1)
    earlier = stage("disseminations", 1600, 1650, 2014)
    table = chain_table({"2014": [None, earlier, None], "2017": [received, sent, arrested]}, stages=["R", "D", "A"])
    disseminated = stage_ratio(sent, received, as_percent=True, counting_noise=False)
    per = stage_ratio(arrested, sent, per="dissemination", alignment="a stand-in")
    assert (
        arrest_charts.plot_chain_exhibit(table, disseminated=disseminated, arrests_per_dissemination=per, ax=ax) is ax
    )
    assert ax.get_ylabel() == "Count a year (log scale)"
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "Year"
    assert [t.get_text() for t in legend.get_texts()] == ["2014", "2017"]
    assert [h.get_color() for h in legend.legend_handles] == [PALETTE[1], PALETTE[0]]  # the latest year first colour
    texts = [t.get_text() for t in ax.texts]
    assert f"{100 * 9000 / 80000:.1f}% to {100 * 10000 / 80000:.1f}%\ndisseminations, as a\n% of referrals" in texts
    assert f"{360 / (10000 / 12):.2g} to {440 / (9000 / 12):.2g}\narrests per dissemination" in texts


def test_chain_labels_stay_inside_the_frame():
    # The last stage's label sat past the right edge of IA-08 (issue 24): every label is drawn inside the axes.
    from inquiry_analysis import exhibits

    received, sent = stage("referrals", 82109, 82109, 2017), stage("disseminations", 9000, 9999, 2017)
    arrested = stage("arrests", 360, 440, 2017, months=1, stated="'about 400 a month'")  # IA-08's longest label
    earlier = stage("disseminations", 1601, 1650, 2014)
    table = chain_table({"2014": [None, earlier, None], "2017": [received, sent, arrested]}, stages=["R", "D", "A"])
    disseminated = stage_ratio(sent, received, as_percent=True, counting_noise=False)
    per = stage_ratio(arrested, sent, per="dissemination", alignment="a stand-in")
    exhibit = exhibits.Exhibit(
        exhibit_id="IA-99", title="t", subtitle="s", source="Source: s", alt_text="a", data=table
    )
    fig, ax = exhibits.new_figure(exhibit)
    arrest_charts.plot_chain_exhibit(table, disseminated=disseminated, arrests_per_dissemination=per, ax=ax)
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, text.get_text()
    plt.close(fig)
