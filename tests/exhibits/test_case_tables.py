"""The plotted data of a case file's exhibits: rates by level, ROC points, metrics at each cut; withheld rows ``[c]``.

Synthetic case file: 36 people, (without, with) the outcome at each level Low (8, 1), Medium (7, 3),
High (4, 5), Very High (2, 6): 15 with the outcome, 21 without. Expected values are worked by hand
or come from scikit-learn and statsmodels.
"""

import pandas as pd
import pytest
from sklearn.metrics import roc_curve
from statsmodels.stats.proportion import proportion_confint

from inquiry_analysis.exhibits import Exhibit
from inquiry_analysis.exhibits import case_tables as ct
from inquiry_analysis.metrics.case_files import evaluate_case_file
from tests.hand import case_file

CELLS = {"Low": (8, 1), "Medium": (7, 3), "High": (4, 5), "Very High": (2, 6)}
LEVELS = tuple(CELLS)
CASES = case_file(CELLS)


@pytest.fixture(scope="module")
def evaluation():
    return evaluate_case_file(CASES, levels=LEVELS)


def _wilson(k, n):
    return proportion_confint(k, n, alpha=0.05, method="wilson")


def test_roc_points_equal_scikit_learns_on_the_level_codes(evaluation):
    fpr, tpr, _ = roc_curve(CASES["outcome"], CASES["risk_level"].cat.codes, drop_intermediate=False)
    table = ct.roc_table(evaluation)
    ours = sorted(zip(table["fpr"], table["tpr"]))
    assert len(ours) == len(fpr) == 5
    assert ours == [pytest.approx(p) for p in sorted(zip(fpr, tpr))]
    assert table.attrs["decimals"] == {"fpr": 4, "tpr": 4}


def test_cut_metrics_match_hand_counts_and_statsmodels_wilson(evaluation):
    table = ct.cut_metrics_table(evaluation)
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
    metrics = ct.cut_metrics_table(evaluation, hidden_cuts=["Very High or above"])
    hidden = metrics[metrics["cut"] == "Very High or above"]
    assert (hidden[["estimate", "lower", "upper", "numerator", "denominator"]] == "[c]").all().all()
    shown = metrics[(metrics["cut"] == "Medium or above") & (metrics["metric"] == "Sensitivity")].iloc[0]
    assert shown["estimate"] == round(14 / 15, 4) and shown["numerator"] == 14
    roc = ct.roc_table(evaluation, hidden_cuts=["High or above"])
    assert roc.set_index("cut").loc["High or above"].tolist() == ["[c]", "[c]"]
    # An exhibit takes the table as it is, and exports the marker and the stated precision.
    exported = Exhibit(
        exhibit_id="IA-99",
        title="Synthetic",
        subtitle="Synthetic",
        source="Source: synthetic from tests",
        alt_text="Synthetic",
        data=metrics,
    ).exported_data()
    assert exported.loc[0, "estimate"] == "[c]" and exported.loc[10, "estimate"] == round(14 / 15, 4)


def test_hidden_cuts_are_checked(evaluation):
    with pytest.raises(ValueError, match=r"`hidden_cuts` names \['Severe or above'\], which are not cuts"):
        ct.roc_table(evaluation, hidden_cuts=["Severe or above"])
    with pytest.raises(TypeError, match=r"must be a collection of cut labels, but the single string"):
        ct.cut_metrics_table(evaluation, hidden_cuts="High or above")
    with pytest.raises(TypeError, match=r"expected a CaseFileEvaluation \(from evaluate_case_file\), got DataFrame"):
        ct.roc_table(CASES)


def test_level_rates_are_the_wilson_shares_and_suppressed_rows_are_marked(evaluation):
    table = ct.level_rates_table(evaluation, suppressed=pd.Series({"Very High": True, "Low": False}))
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
        ct.level_rates_table(evaluation, suppressed=pd.Series({"Severe": True}))
    with pytest.raises(ValueError, match=r"`suppressed` must hold True or False for each level, but values of type"):
        ct.level_rates_table(evaluation, suppressed=pd.Series({"Low": 1, "High": 0}))
