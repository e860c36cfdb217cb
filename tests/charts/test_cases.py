"""Case-file charts: tables arranged from an evaluation, drawn with suppressed cells left out.

Synthetic case file: 36 people, (without, with) the outcome at each level Low (8, 1), Medium (7, 3),
High (4, 5), Very High (2, 6): 15 with the outcome, 21 without. Expected values are worked by hand
or come from pandas, scikit-learn and statsmodels.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_curve
from statsmodels.stats.proportion import proportion_confint

from inquiry_analysis.charts import cases as cc
from inquiry_analysis.exhibits import Exhibit
from inquiry_analysis.metrics.case_files import evaluate_case_file

LEVELS = ("Low", "Medium", "High", "Very High")
CELLS = {"Low": (8, 1), "Medium": (7, 3), "High": (4, 5), "Very High": (2, 6)}
# Shuffled, so nothing depends on the rows arriving grouped.
_ROWS = [
    (level, outcome)
    for level, (without, with_) in CELLS.items()
    for outcome, n in ((False, without), (True, with_))
    for _ in range(n)
]
CASES = pd.DataFrame(
    [_ROWS[i] for i in np.random.default_rng(7).permutation(len(_ROWS))], columns=["risk_level", "outcome"]
)
CASES["risk_level"] = pd.Categorical(CASES["risk_level"], categories=LEVELS, ordered=True)


@pytest.fixture(scope="module")
def evaluation():
    return evaluate_case_file(CASES, levels=LEVELS)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def _wilson(k, n):
    return proportion_confint(k, n, alpha=0.05, method="wilson")


def test_two_way_counts_equal_the_crosstab_of_the_cases(evaluation):
    table = cc.level_outcome_counts(evaluation)
    expected = pd.crosstab(CASES["risk_level"], CASES["outcome"])
    assert table.index.tolist() == list(LEVELS) == expected.index.tolist()
    assert table.columns.tolist() == ["Without outcome", "With outcome"]
    assert table.to_numpy().tolist() == expected.reindex(columns=[False, True]).to_numpy().tolist()
    assert all(pd.api.types.is_integer_dtype(t) for t in table.dtypes)


def test_roc_points_equal_scikit_learns_on_the_level_codes(evaluation):
    fpr, tpr, _ = roc_curve(CASES["outcome"], CASES["risk_level"].cat.codes, drop_intermediate=False)
    table = cc.roc_table(evaluation)
    ours = sorted(zip(table["fpr"], table["tpr"]))
    assert len(ours) == len(fpr) == 5
    assert ours == [pytest.approx(p) for p in sorted(zip(fpr, tpr))]
    assert table.attrs["decimals"] == {"fpr": 4, "tpr": 4}


def test_cut_metrics_match_hand_counts_and_statsmodels_wilson(evaluation):
    table = cc.cut_metrics_table(evaluation)
    assert table["cut"].unique().tolist() == ["Very High or above", "High or above", "Medium or above"]
    assert table["metric"].unique().tolist() == ["Sensitivity", "Specificity", "PPV", "NPV", "Accuracy"]
    # At "High or above": tp = 5 + 6, fn = 1 + 3, fp = 4 + 2, tn = 8 + 7.
    at_high = table[table["cut"] == "High or above"].set_index("metric")
    for metric, (k, n) in {
        "Sensitivity": (11, 15),
        "Specificity": (15, 21),
        "PPV": (11, 17),
        "NPV": (15, 19),
        "Accuracy": (26, 36),
    }.items():
        row = at_high.loc[metric]
        assert (row["numerator"], row["denominator"]) == (k, n)
        assert [row["estimate"], row["lower"], row["upper"]] == pytest.approx([k / n, *_wilson(k, n)], abs=1e-12)


def test_hidden_cuts_are_marked_in_the_tables_and_the_rest_rounded(evaluation):
    metrics = cc.cut_metrics_table(evaluation, hidden_cuts=["Very High or above"])
    hidden = metrics[metrics["cut"] == "Very High or above"]
    assert (hidden[["estimate", "lower", "upper", "numerator", "denominator"]] == "[c]").all().all()
    shown = metrics[(metrics["cut"] == "Medium or above") & (metrics["metric"] == "Sensitivity")].iloc[0]
    assert shown["estimate"] == round(14 / 15, 4) and shown["numerator"] == 14
    roc = cc.roc_table(evaluation, hidden_cuts=["High or above"])
    assert roc.set_index("cut").loc["High or above"].tolist() == ["[c]", "[c]"]
    # An exhibit takes the table as it is, and exports the marker and the stated precision.
    exported = Exhibit(
        "IA-99", "Synthetic", "Synthetic", "Source: synthetic from tests", "Synthetic", metrics
    ).exported_data()
    assert exported.loc[0, "estimate"] == "[c]" and exported.loc[10, "estimate"] == round(14 / 15, 4)


def test_hidden_cuts_are_checked(evaluation):
    with pytest.raises(ValueError, match=r"`hidden_cuts` names \['Severe or above'\], which are not cuts"):
        cc.roc_table(evaluation, hidden_cuts=["Severe or above"])
    with pytest.raises(TypeError, match=r"must be a collection of cut labels, but the single string"):
        cc.cut_metrics_table(evaluation, hidden_cuts="High or above")


def test_level_rates_are_the_wilson_shares_and_suppressed_rows_are_marked(evaluation):
    table = cc.level_rates_table(evaluation, suppressed=pd.Series({"Very High": True, "Low": False}))
    assert table["level"].tolist() == list(LEVELS)
    assert table.iloc[3, 1:].tolist() == ["[c]"] * 5
    for i, level in enumerate(LEVELS[:3]):
        without, with_ = CELLS[level]
        n = without + with_
        assert table.loc[i, ["assessed", "with_outcome"]].tolist() == [n, with_]
        assert table.loc[i, "rate"] == round(with_ / n, 4)
        assert table.loc[i, "lower"] == round(_wilson(with_, n)[0], 4)
    assert table.attrs["decimals"] == {"rate": 4, "lower": 4, "upper": 4}
    with pytest.raises(ValueError, match=r"`suppressed` flags levels \['Severe'\], which are not levels"):
        cc.level_rates_table(evaluation, suppressed=pd.Series({"Severe": True}))


def test_plot_level_rates_leaves_out_suppressed_levels(evaluation, ax):
    table = cc.level_rates_table(evaluation, suppressed=pd.Series({"Medium": True}))
    cc.plot_level_rates(table, ax=ax)
    (points,) = [line for line in ax.lines if line.get_marker() == "o"]
    assert points.get_xdata().tolist() == [0, 2, 3]
    assert points.get_ydata().tolist() == pytest.approx([1 / 9, 5 / 9, 6 / 8], abs=5e-5)
    assert [(t.get_text(), t.get_position()[0]) for t in ax.texts] == [("[c]", 1)]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(LEVELS)


@pytest.mark.parametrize("form", ["marker", "nan"])
def test_bars_are_drawn_for_shown_cells_only(evaluation, ax, form):
    shown = cc.level_outcome_counts(evaluation)
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
    shown = cc.level_outcome_counts(evaluation)
    with pytest.raises(ValueError, match=r"`shown` must have two columns .* but it has 3"):
        cc.plot_level_outcomes(shown.assign(Unknown=shown.sum(axis=1)))
    with pytest.raises(ValueError, match=r"column 'With outcome' must hold numbers or the marker '\[c\]', but 'n/a'"):
        cc.plot_level_outcomes(shown.astype(object).assign(**{"With outcome": "n/a"}))


def test_suppressed_levels_flag_rows_with_any_suppressed_cell():
    shown = pd.DataFrame(
        {"Without outcome": [8.0, math.nan, 4.0], "With outcome": ["[c]", 3, 5]}, index=["Low", "Medium", "High"]
    )
    assert cc.suppressed_levels(shown).tolist() == [True, True, False]


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
    assert cc.suppressed_levels(shown).to_dict() == dict.fromkeys(LEVELS, True)


def test_unpublishable_cuts_are_named_highest_first(evaluation):
    # Flags lowest cut first: Medium, High, Very High or above.
    assert cc.unpublishable_cuts(evaluation, [True, False, True], [True, True, False]) == [
        "Very High or above",
        "High or above",
    ]
    assert cc.unpublishable_cuts(evaluation) == []
    with pytest.raises(ValueError, match=r"one True/False per cut \(3, lowest first\), but 2 values"):
        cc.unpublishable_cuts(evaluation, [True, True])


def test_roc_skips_hidden_cuts_and_states_the_auc(evaluation, ax):
    table = cc.roc_table(evaluation, hidden_cuts=["High or above"])
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
    cc.plot_roc(cc.roc_table(evaluation, hidden_cuts=list(evaluation.cuts)), evaluation.auc, ax=ax)
    assert len(ax.lines[1].get_xdata()) == 0 and not ax.texts
    assert len(ax.get_legend().get_texts()) == 2 + 3


def test_roc_accepts_suppression_as_nan(evaluation, ax):
    table = cc.roc_table(evaluation).astype({"fpr": float, "tpr": float})
    table.loc[table["cut"] == "Medium or above", ["fpr", "tpr"]] = math.nan
    cc.plot_roc(table, evaluation.auc, ax=ax)
    assert len(ax.lines[1].get_xdata()) == 4 and [t.get_text() for t in ax.texts] == [
        "Very High or above",
        "High or above",
    ]


def test_cut_metrics_plot_draws_shown_cuts_and_names_hidden_ones(evaluation, ax):
    table = cc.cut_metrics_table(evaluation, hidden_cuts=["Very High or above"])
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
    ax = cc.plot_roc(cc.roc_table(evaluation), evaluation.auc)
    plt.close(ax.figure)
    assert plt.rcParams["font.sans-serif"] == before


def _cases(rows, levels=("Low", "Medium", "High", "Very High")):
    frame = pd.DataFrame(
        [(level, outcome) for level, no, yes in rows for outcome in [False] * no + [True] * yes],
        columns=["risk_level", "outcome"],
    )
    return evaluate_case_file(frame, levels=levels)


def test_the_auc_is_withheld_where_its_interval_would_reveal_a_hidden_total():
    from inquiry_analysis import disclosure

    # 3 people with the outcome: that column's total is hidden, and Newcombe's interval of the merged
    # scale (0.5) would give it away (3 is the only count whose interval is 0.213 to 0.787).
    small = _cases([("Low", 6, 1), ("Medium", 5, 1), ("High", 6, 1), ("Very High", 0, 0)])
    table = disclosure.suppress(cc.level_outcome_counts(small), min_cell=5)
    assert table.shown.loc["Total", "With outcome"] == "[c]"
    hidden = cc.unpublishable_cuts(small, table.publishable_cuts())
    assert cc.published_auc(small, table, hidden_cuts=hidden) is None
    # The synthetic example's totals are shown and two cuts are published: the AUC of the levels merged at
    # the withheld cut is shown, and equals scikit-learn's AUC of the merged scores.
    example = _cases([("Low", 24, 6), ("Medium", 15, 9), ("High", 3, 11), ("Very High", 2, 10)])
    table = disclosure.suppress(cc.level_outcome_counts(example), min_cell=5)
    hidden = cc.unpublishable_cuts(example, table.publishable_cuts())
    assert hidden == ["Very High or above"]
    from sklearn.metrics import roc_auc_score

    truth = [
        yes
        for _, no, y in [("Low", 24, 6), ("Medium", 15, 9), ("High", 3, 11), ("Very High", 2, 10)]
        for yes in [False] * no + [True] * y
    ]
    merged = [code for code, (no, y) in zip([0, 1, 2, 2], [(24, 6), (15, 9), (3, 11), (2, 10)]) for _ in range(no + y)]
    assert cc.published_auc(example, table, hidden_cuts=hidden).estimate == pytest.approx(roc_auc_score(truth, merged))
