"""What of a case file's evaluation may be published: the table, the cuts, the levels' rates, the AUC.

Two synthetic case files: the small one of the chart tests (without, with the outcome) Low (8, 1),
Medium (7, 3), High (4, 5), Very High (2, 6); and the example file of ``analyse`` (24, 6), (15, 9),
(3, 11), (2, 10). Expected values are worked by hand or come from pandas and scikit-learn.
"""

import math

import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from inquiry_analysis import disclosure
from inquiry_analysis.disclosure import cases as dc
from inquiry_analysis.metrics.case_files import evaluate_case_file
from tests.hand import case_file

SMALL = {"Low": (8, 1), "Medium": (7, 3), "High": (4, 5), "Very High": (2, 6)}
EXAMPLE = {"Low": (24, 6), "Medium": (15, 9), "High": (3, 11), "Very High": (2, 10)}
LEVELS = tuple(SMALL)
C = disclosure.MARKER


def _evaluate(cells):
    return evaluate_case_file(case_file(cells), levels=tuple(cells))


@pytest.fixture(scope="module")
def evaluation():
    return _evaluate(SMALL)


def test_two_way_counts_equal_the_crosstab_of_the_cases(evaluation):
    cases = case_file(SMALL)
    table = dc.level_outcome_counts(evaluation)
    expected = pd.crosstab(cases["risk_level"], cases["outcome"])
    assert table.index.tolist() == list(LEVELS) == expected.index.tolist()
    assert table.columns.tolist() == ["Without outcome", "With outcome"]
    assert table.to_numpy().tolist() == expected.reindex(columns=[False, True]).to_numpy().tolist()
    assert all(pd.api.types.is_integer_dtype(t) for t in table.dtypes)


def test_suppressed_levels_flag_rows_with_any_suppressed_cell():
    shown = pd.DataFrame(
        {"Without outcome": [8.0, math.nan, 4.0], "With outcome": ["[c]", 3, 5]}, index=["Low", "Medium", "High"]
    )
    assert dc.suppressed_levels(shown).tolist() == [True, True, False]
    with pytest.raises(ValueError, match=r"column 'With outcome' must hold numbers or the marker '\[c\]', but 'n/a'"):
        dc.suppressed_levels(shown.assign(**{"With outcome": "n/a"}))


def test_suppressed_levels_leave_out_the_total_row_and_count_the_total_column():
    # As disclosure control returns it: object cells, a Total row and column, both hidden cells' lines hidden.
    shown = pd.DataFrame(
        {
            "Without outcome": [8, 7, C, C, 21],
            "With outcome": [C, C, 5, 6, 15],
            "Total": [9, 10, 9, 8, 36],
        },
        index=[*LEVELS, "Total"],
        dtype=object,
    )
    assert dc.suppressed_levels(shown).to_dict() == dict.fromkeys(LEVELS, True)
    shown.loc["Low", "With outcome"], shown.loc["Medium", "Total"] = 1, C
    assert dc.suppressed_levels(shown).to_dict() == {"Low": False, "Medium": True, "High": True, "Very High": True}


def test_unpublishable_cuts_are_named_highest_first(evaluation):
    # Flags lowest cut first: Medium, High, Very High or above.
    assert dc.unpublishable_cuts(evaluation, [True, False, True], [True, True, False]) == [
        "Very High or above",
        "High or above",
    ]
    assert dc.unpublishable_cuts(evaluation) == []
    with pytest.raises(ValueError, match=r"one True/False per cut \(3, lowest first\), but 2 values"):
        dc.unpublishable_cuts(evaluation, [True, True])


def _merged_auc(cells, codes):
    """scikit-learn's AUC of the levels with levels sharing a code merged."""
    truth = [yes for no, y in cells.values() for yes in [False] * no + [True] * y]
    scores = [code for code, (no, y) in zip(codes, cells.values()) for _ in range(no + y)]
    return roc_auc_score(truth, scores)


def test_the_auc_is_withheld_where_its_interval_would_reveal_a_hidden_total():
    # 3 people with the outcome: that column's total is hidden, and Newcombe's interval of the merged
    # scale (0.5) would give it away (3 is the only count whose interval is 0.213 to 0.787).
    small = _evaluate({"Low": (6, 1), "Medium": (5, 1), "High": (6, 1), "Very High": (0, 0)})
    table = disclosure.suppress(dc.level_outcome_counts(small), min_cell=5)
    assert table.shown.loc["Total", "With outcome"] == C
    hidden = dc.unpublishable_cuts(small, table.publishable_cuts())
    assert dc.published_auc(small, table, hidden_cuts=hidden) is None
    # The example's totals are shown and two cuts are published: the AUC of the levels merged at the
    # withheld cut is shown, and equals scikit-learn's AUC of the merged scores.
    example = _evaluate(EXAMPLE)
    table = disclosure.suppress(dc.level_outcome_counts(example), min_cell=5)
    hidden = dc.unpublishable_cuts(example, table.publishable_cuts())
    assert hidden == ["Very High or above"]
    auc = dc.published_auc(example, table, hidden_cuts=hidden)
    assert auc.estimate == pytest.approx(_merged_auc(EXAMPLE, [0, 1, 2, 2]))


def test_publishable_cases_decides_every_table_of_the_run_at_once():
    # At min_cell 5 the example's High and Very High cells without the outcome (3, 2) are small; their row
    # totals (14, 12) are shown, so the cells with the outcome beside them are hidden too, and the cut
    # "Very High or above" (which would publish Very High's column cells) is withheld.
    published = disclosure.publishable_cases(_evaluate(EXAMPLE), min_cell=5)
    shown = published.table.shown
    assert shown.loc[["High", "Very High"], ["Without outcome", "With outcome"]].eq(C).all().all()
    assert shown.loc["Low"].tolist() == [24, 6, 30] and shown.loc["Total"].tolist() == [44, 36, 80]
    assert published.hidden_cuts == ("Very High or above",)
    assert published.hidden_levels.to_dict() == {"Low": False, "Medium": False, "High": True, "Very High": True}
    assert published.auc.estimate == pytest.approx(_merged_auc(EXAMPLE, [0, 1, 2, 2]))
    assert published.min_cell == published.table.min_cell == 5
    # With nothing small, nothing is withheld and the AUC is that of the full scale.
    everything = disclosure.publishable_cases(_evaluate(EXAMPLE), min_cell=1)
    assert everything.hidden_cuts == () and not everything.hidden_levels.any()
    assert everything.auc.estimate == pytest.approx(_merged_auc(EXAMPLE, [0, 1, 2, 3]))


def test_publishable_cases_withholds_every_cut_and_the_auc_of_a_small_file():
    published = disclosure.publishable_cases(_evaluate(EXAMPLE), min_cell=30)
    assert published.hidden_cuts == ("Very High or above", "High or above", "Medium or above")
    assert published.auc is None and published.hidden_levels.all()
    with pytest.raises(TypeError, match=r"expected a CaseFileEvaluation \(from evaluate_case_file\), got DataFrame"):
        disclosure.publishable_cases(case_file(EXAMPLE))
    with pytest.raises(ValueError, match=r"`min_cell` must be a whole number, at least 1, but 0 was passed"):
        disclosure.publishable_cases(_evaluate(EXAMPLE), min_cell=0)
