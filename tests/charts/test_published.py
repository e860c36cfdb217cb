"""Charts mark published, derived, modelled and claimed values differently. Synthetic counts."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_rgba

from inquiry_analysis import charts
from inquiry_analysis.metrics import periods, ratios
from inquiry_analysis.metrics.periods import Count
from inquiry_analysis.metrics.trend import log_linear_trend

PUBLISHED_AVERAGE = Count(
    count=2269 * 12,
    start="2015-01-01",
    months=12,
    label="2015",
    inputs=("synthetic-a",),
    derived="2,269 per month × 12 months",
    published_as="per_month",
)
PUBLISHED_COUNT = Count(count=82109, start="2017-01-01", months=12, label="2017", inputs=("synthetic-b",))


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_published_rates_are_filled_and_derived_rates_hollow(ax):
    charts.plot_rates([PUBLISHED_AVERAGE, PUBLISHED_COUNT], ax=ax, label="synthetic", color="#12436D")
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    faces = [to_rgba(line.get_markerfacecolor()) for line in markers]
    assert faces == [to_rgba("#12436D"), to_rgba("white")]
    levels = [line.get_ydata()[0] for line in ax.lines if line.get_marker() in ("None", None, "")]
    assert levels[:2] == [2269, pytest.approx(82109 / 12)]


def test_rates_table_labels_derived_values():
    table = periods.rates_table({"synthetic": [PUBLISHED_AVERAGE, PUBLISHED_COUNT]})
    assert table["derived"].isna().tolist() == [True, False]
    assert table["derived"].tolist()[1] == "82,109 ÷ 12 months"
    assert table["per_month"].tolist() == [2269, pytest.approx(82109 / 12)]
    assert (table["lower"] < table["per_month"]).all() and (table["per_month"] < table["upper"]).all()


def test_trend_is_dashed_with_a_shaded_interval(ax):
    result = log_linear_trend([PUBLISHED_AVERAGE, Count(count=3545 * 12, start="2016-01-01", months=12, label="2016")])
    charts.plot_trend(result, start="2015-01-01", end="2016-12-31", ax=ax, label="model")
    (line,) = ax.lines
    assert line.get_linestyle() == "--" and len(line.get_xdata()) == 24
    (band,) = ax.collections  # the interval band
    # A narrow band must show around the line: the line is thinner than the band's wider end (in points).
    curve = result.curve("2015-01-01", "2016-12-31")
    points_per_unit = ax.bbox.height / (ax.get_ylim()[1] - ax.get_ylim()[0]) * 72 / ax.figure.dpi
    assert line.get_linewidth() < (curve["upper"] - curve["lower"]).max() * points_per_unit


def test_claims_are_hollow_black_diamonds_that_hide_no_point(ax):
    charts.plot_claim(3500, "2016-06-01", "2016-08-31", ax=ax, label="claim")
    diamonds = [line for line in ax.lines if line.get_marker() == "D"]
    assert len(diamonds) == 1 and diamonds[0].get_ydata()[0] == 3500
    assert to_rgba(diamonds[0].get_color()) == to_rgba("black")
    # Hollow, its bracket beneath the data: a published point behind it stays visible (issue 24).
    assert diamonds[0].get_markerfacecolor() == "none"
    (bracket,) = [line for line in ax.lines if line.get_marker() in ("None", "", None)]
    assert bracket.get_zorder() < 2 <= diamonds[0].get_zorder()


def test_yearly_counts_hollow_only_where_derived(ax):
    charts.plot_yearly_counts([PUBLISHED_AVERAGE, PUBLISHED_COUNT], ax=ax, label="synthetic", log_scale=True)
    overlay = ax.lines[1]
    assert list(overlay.get_ydata()) == [2269 * 12]
    assert ax.get_yscale() == "log"
    assert ax.yaxis.get_major_formatter()(10000, 0) == "10,000"


def test_rates_per_1000_mark_derived_denominators_and_their_range(ax):
    from inquiry_analysis.metrics.alignment import align_to_window

    published = ratios.rate_per_1000(
        Count(count=297, start="2007-04-01", months=12, label="2007-08"),
        Count(count=5812, start="2007-04-01", months=12, label="2007-08"),
    )
    years = [
        Count(count=27228, start="2015-01-01", months=12, label="2015"),
        Count(count=42540, start="2016-01-01", months=12, label="2016"),
        Count(count=82109, start="2017-01-01", months=12, label="2017"),
    ]
    derived = ratios.rate_per_1000(
        Count(count=170, start="2016-04-01", months=12, label="2016-17"),
        align_to_window(years, "2016-04-01", "2017-03-31"),
    )
    charts.plot_rates_per_1000([published, derived], ax=ax, label="synthetic", color="#12436D", log_scale=True)
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    assert [to_rgba(m.get_markerfacecolor()) for m in markers] == [to_rgba("#12436D"), to_rgba("white")]
    (range_bar,) = [line for line in ax.lines if line.get_linewidth() == 9]
    assert list(range_bar.get_ydata()) == [pytest.approx(derived.low), pytest.approx(derived.high)]
    assert ax.get_yscale() == "log"
    table = ratios.rates_per_1000_table({"synthetic": [published, derived]})
    assert table["derived"].notna().tolist() == [False, True]


def test_values_that_differ_in_their_last_bits_draw_and_export_the_same_bytes(tmp_path):
    # Another processor or library build may leave the last bits of a float different; the
    # exported files must not notice. Every float is nudged by a few units in the last place.
    import numpy as np

    from inquiry_analysis import exhibits
    from inquiry_analysis.metrics import confusion, net_benefit

    table = net_benefit.net_benefit(
        confusion.ConfusionMatrix(tp=166, fn=4, fp=77, tn=127), [0.05, 0.1, 0.2, 0.3], prevalence=0.12
    )
    nudged = table.copy()
    for column in ("net_benefit", "lower", "upper", "act_on_all"):
        nudged[column] = np.nextafter(np.nextafter(table[column].to_numpy(), np.inf), np.inf)
    assert not nudged.equals(table)
    outputs = []
    for name, frame in (("a", table), ("b", nudged)):
        exhibit = exhibits.Exhibit(
            exhibit_id="IA-90",
            title="Synthetic net benefit",
            subtitle="Synthetic test data",
            source="Source: synthetic test data from the inquiry-analysis tests",
            alt_text="A line.",
            data=frame,
        )
        fig, ax = exhibits.new_figure(exhibit)
        charts.plot_net_benefit(frame, ax=ax, label="rating")
        exhibits.export_exhibit(exhibit, fig, directory=tmp_path / name)
        outputs.append({p.name: p.read_bytes() for p in sorted((tmp_path / name).iterdir())})
    assert outputs[0].keys() == outputs[1].keys()
    assert [n for n in outputs[0] if outputs[0][n] != outputs[1][n]] == []
