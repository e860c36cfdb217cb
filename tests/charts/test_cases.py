"""Case-file charts: each exhibit's table drawn with suppressed cells left out, labelled and with its legend placed.

Synthetic case file: 36 people, (without, with) the outcome at each level Low (8, 1), Medium (7, 3),
High (4, 5), Very High (2, 6): 15 with the outcome, 21 without. Expected values are worked by hand.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from inquiry_analysis.charts import cases as cc
from inquiry_analysis.disclosure.cases import level_outcome_counts
from inquiry_analysis.exhibits.case_tables import cut_metrics_table, level_rates_table, roc_table
from inquiry_analysis.metrics.case_files import evaluate_case_file
from inquiry_analysis.metrics.confusion import ConfusionMatrix
from inquiry_analysis.metrics.net_benefit import net_benefit
from inquiry_analysis.metrics.predictive import predictive_value_curve
from tests.hand import case_file

CELLS = {"Low": (8, 1), "Medium": (7, 3), "High": (4, 5), "Very High": (2, 6)}
LEVELS = tuple(CELLS)


@pytest.fixture(scope="module")
def evaluation():
    return evaluate_case_file(case_file(CELLS), levels=LEVELS)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_plot_level_rates_leaves_out_suppressed_levels(evaluation, ax):
    table = level_rates_table(evaluation, suppressed=pd.Series({"Medium": True}))
    cc.plot_level_rates(table, ax=ax)
    (points,) = [line for line in ax.lines if line.get_marker() == "o"]
    assert points.get_xdata().tolist() == [0, 2, 3]
    assert points.get_ydata().tolist() == pytest.approx([1 / 9, 5 / 9, 6 / 8], abs=5e-5)
    assert [(t.get_text(), t.get_position()[0]) for t in ax.texts] == [("[c]", 1)]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(LEVELS)


@pytest.mark.parametrize("form", ["marker", "nan"])
def test_bars_are_drawn_for_shown_cells_only(evaluation, ax, form):
    shown = level_outcome_counts(evaluation)
    if form == "marker":
        shown = shown.astype(object)
        shown.loc["Low", "With outcome"] = shown.loc["Very High", "Without outcome"] = "[c]"
    else:
        shown = shown.astype(float)
        shown.loc["Low", "With outcome"] = shown.loc["Very High", "Without outcome"] = math.nan
    cc.plot_level_outcomes(shown, ax=ax)
    bars = [(bar.get_x() + bar.get_width() / 2, bar.get_height()) for bars in ax.containers for bar in bars]
    # Without outcome at offset -0.2 from each level, with outcome at +0.2 (seaborn's dodge of 2 in 0.8).
    assert bars == [pytest.approx(b) for b in [(-0.2, 8), (0.8, 7), (1.8, 4), (1.2, 3), (2.2, 5), (3.2, 6)]]
    marked = [t.xy for t in ax.texts if t.get_text() == "[c]"]
    assert marked == [pytest.approx((3 - 0.2, 0)), pytest.approx((0 + 0.2, 0))]
    written = sorted(t.get_text() for t in ax.texts if t.get_text() != "[c]")
    assert written == sorted(["8", "7", "4", "3", "5", "6"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Without outcome", "With outcome"]
    assert ax.get_ylabel() == "People assessed"


def test_level_outcomes_refuse_other_shapes_and_markers(evaluation):
    shown = level_outcome_counts(evaluation)
    with pytest.raises(ValueError, match=r"`shown` must have two columns .* but it has 3"):
        cc.plot_level_outcomes(shown.assign(Unknown=shown.sum(axis=1)))
    with pytest.raises(ValueError, match=r"column 'With outcome' must hold numbers or the marker '\[c\]', but 'n/a'"):
        cc.plot_level_outcomes(shown.astype(object).assign(**{"With outcome": "n/a"}))


def test_a_table_with_margins_is_drawn_without_them(evaluation, ax):
    # As disclosure control returns it: object cells, a Total row and column, both hidden cells' lines hidden.
    shown = pd.DataFrame(
        {
            "Without outcome": [8, 7, "[c]", "[c]", 21],
            "With outcome": ["[c]", "[c]", 5, 6, 15],
            "Total": [9, 10, 9, 8, 36],
        },
        index=[*LEVELS, "Total"],
        dtype=object,
    )
    cc.plot_level_outcomes(shown, ax=ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(LEVELS)
    assert sorted(float(bar.get_height()) for bars in ax.containers for bar in bars) == [5, 6, 7, 8]


def test_roc_skips_hidden_cuts_and_states_the_auc(evaluation, ax):
    table = roc_table(evaluation, hidden_cuts=["High or above"])
    cc.plot_roc(table, evaluation.auc, ax=ax)
    chance, curve, markers, hidden_entry = ax.lines
    assert len(hidden_entry.get_xdata()) == 0
    assert chance.get_linestyle() == ":" and chance.get_xydata().tolist() == [[0, 0], [1, 1]]
    # (fpr, tpr) of the shown cuts by hand: Very High or above 2/21, 6/15; Medium or above 13/21, 14/15.
    assert curve.get_xydata().tolist() == [
        [0, 0],
        pytest.approx([2 / 21, 6 / 15], abs=5e-5),
        pytest.approx([13 / 21, 14 / 15], abs=5e-5),
        [1, 1],
    ]
    assert markers.get_marker() == "o" and len(markers.get_xdata()) == 2
    hidden_point = (round(6 / 21, 4), round(11 / 15, 4))
    assert all(tuple(np.round(p, 4)) != hidden_point for line in ax.lines for p in line.get_xydata())
    assert [t.get_text() for t in ax.texts] == ["Very High or above", "Medium or above"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(str(evaluation.auc) in text for text in legend)
    assert legend[-1] == "High or above: [c]"
    assert ax.get_xlabel() == "False positive rate (1 − specificity)"
    assert ax.get_ylabel() == "True positive rate (sensitivity)"
    assert ax.get_aspect() == 1


def test_roc_with_every_cut_hidden_draws_no_curve(evaluation, ax):
    cc.plot_roc(roc_table(evaluation, hidden_cuts=list(evaluation.cuts)), evaluation.auc, ax=ax)
    assert len(ax.lines[1].get_xdata()) == 0 and not ax.texts
    assert len(ax.get_legend().get_texts()) == 2 + 3


def test_roc_accepts_suppression_as_nan(evaluation, ax):
    table = roc_table(evaluation).astype({"fpr": float, "tpr": float})
    table.loc[table["cut"] == "Medium or above", ["fpr", "tpr"]] = math.nan
    cc.plot_roc(table, evaluation.auc, ax=ax)
    assert len(ax.lines[1].get_xdata()) == 4 and [t.get_text() for t in ax.texts] == [
        "Very High or above",
        "High or above",
    ]


def test_cut_metrics_plot_draws_shown_cuts_and_names_hidden_ones(evaluation, ax):
    table = cut_metrics_table(evaluation, hidden_cuts=["Very High or above"])
    cc.plot_cut_metrics(table, ax=ax)
    points = [line for line in ax.lines if line.get_marker() == "o"]
    assert [len(line.get_xdata()) for line in points] == [0, 5, 5]
    assert points[1].get_xdata().tolist() == pytest.approx([11 / 15, 15 / 21, 11 / 17, 15 / 19, 26 / 36], abs=5e-5)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Very High or above: [c]",
        "High or above",
        "Medium or above",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Sensitivity", "Specificity", "PPV", "NPV", "Accuracy"]


def test_style_is_applied_in_a_context_only(evaluation):
    before = plt.rcParams["font.sans-serif"].copy()
    ax = cc.plot_roc(roc_table(evaluation), evaluation.auc)
    plt.close(ax.figure)
    assert plt.rcParams["font.sans-serif"] == before


def _legend_corners(ax):
    """The legend's lower-left and upper-right corners as drawn, in axes fractions."""
    ax.figure.canvas.draw()
    box = ax.get_legend().get_window_extent().transformed(ax.transAxes.inverted())
    return (box.x0, box.y0), (box.x1, box.y1)


# At "High or above": tp = 5 + 6, fn = 1 + 3, fp = 4 + 2, tn = 8 + 7.
AT_HIGH = ConfusionMatrix(tp=11, fn=4, fp=6, tn=15)


def test_predictive_values_are_labelled_with_the_legend_low_on_the_right(ax):
    curve = predictive_value_curve(AT_HIGH, [p / 100 for p in range(2, 81)])
    marks = pd.DataFrame({"prevalence": [0.12], "label": ["about 12%"]})
    assert cc.plot_cut_predictive_values(curve, positive_from="High", marks=marks, ax=ax) is ax
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "PPV: share of those rated High or above who are positive",
        "NPV: share of those rated below High who are negative",
    ]
    assert ax.get_xlabel() == "Share of assessed suspects with contact offending (prevalence)"
    assert ax.get_ylabel() == "Predictive value"
    low, high = _legend_corners(ax)
    assert high[0] == pytest.approx(1, abs=0.05) and 0.2 <= low[1] < 0.3  # lower right, raised to 20% of the height
    assert [t.get_text() for t in ax.texts] == [" about 12%"]
    # PPV at 12% by Bayes' rule from sensitivity 11/15 and specificity 15/21.
    ppv = next(line for line in ax.lines if line.get_label().startswith("PPV"))
    sens, fpr = 11 / 15, 6 / 21
    assert ppv.get_ydata()[10] == pytest.approx(sens * 0.12 / (sens * 0.12 + fpr * 0.88), abs=5e-6)


def test_net_benefit_names_the_cut_and_places_the_legend_top_right(ax):
    table = net_benefit(AT_HIGH, [t / 100 for t in range(1, 51)], prevalence=0.12)
    assert cc.plot_cut_net_benefit(table, positive_from="High", ax=ax) is ax
    assert ax.get_xlabel() == "Threshold probability" and ax.get_ylabel() == "Net benefit"
    assert _legend_corners(ax)[1] == pytest.approx((1, 1), abs=0.05)  # top right
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Act on High or above",
        "Act on all suspects",
        "Act on none",
    ]
    # Acting on all at a 1% threshold: 0.12 - 0.88 * 0.01 / 0.99.
    act_on_all = next(line for line in ax.lines if line.get_label() == "Act on all suspects")
    assert act_on_all.get_ydata()[0] == pytest.approx(0.12 - 0.88 / 99, abs=5e-6)
