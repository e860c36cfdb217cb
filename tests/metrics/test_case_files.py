"""metrics.case_files against hand counts and scikit-learn's AUC of the levels.

The KIRAT matrix (166, 4, 77, 127) is the one the published percentages imply; other matrices and
case files here are synthetic.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

from inquiry_analysis.metrics import auc, case_files

LEVELS = ("Low", "Medium", "High", "Very High")


def test_a_case_file_is_evaluated_at_every_cut():
    # Synthetic case file: 10 people at each level, with 1, 3, 6 and 9 outcomes.
    levels = ("Low", "Medium", "High", "Very High")
    rows = [(level, i < k) for level, k in zip(levels, (1, 3, 6, 9)) for i in range(10)]
    cases = pd.DataFrame(rows, columns=["risk_level", "outcome"])
    result = case_files.evaluate_case_file(cases, levels=levels)
    assert result.levels["rate"].tolist() == [0.1, 0.3, 0.6, 0.9]
    assert list(result.cuts) == ["Very High or above", "High or above", "Medium or above"]
    high = result.cuts["High or above"]
    assert (high.matrix.tp, high.matrix.fn, high.matrix.fp, high.matrix.tn) == (15, 4, 5, 16)
    truth = cases["outcome"].to_numpy()
    score = cases["risk_level"].map({level: i for i, level in enumerate(levels)}).to_numpy()
    assert result.auc.estimate == pytest.approx(skm.roc_auc_score(truth, score))
    assert result.auc.lower < result.auc.estimate < result.auc.upper
    fpr, tpr, _ = skm.roc_curve(truth, score)
    ours = sorted(zip(result.roc["fpr"], result.roc["tpr"]))
    assert np.allclose(ours, sorted(zip(fpr, tpr)))


def test_case_file_levels_are_checked():
    cases = pd.DataFrame({"risk_level": ["Low", "Severe"], "outcome": [False, True]})
    with pytest.raises(ValueError, match=r"risk levels \['Severe'\] are not among `levels`"):
        case_files.evaluate_case_file(cases, levels=("Low", "High"))


def test_a_100000_row_case_file_runs_without_a_table_of_pairs():
    import time
    import tracemalloc

    # Synthetic case file in read_case_file's types: 100,000 people, about 43,000 with the outcome, so a
    # positives × negatives table of float64 would need about 18 GiB.
    rng = np.random.default_rng(3)
    outcome = rng.random(100_000) < 0.43
    level = np.where(
        outcome, rng.choice(4, 100_000, p=[0.05, 0.15, 0.4, 0.4]), rng.choice(4, 100_000, p=[0.35, 0.35, 0.2, 0.1])
    )
    cases = pd.DataFrame(
        {
            "risk_level": pd.Categorical.from_codes(level, LEVELS, ordered=True),
            "outcome": pd.array(outcome, dtype="boolean"),
        }
    )
    continuous = level + rng.random(100_000)  # 100,000 distinct scores
    tracemalloc.start()
    try:
        started = time.perf_counter()
        result = case_files.evaluate_case_file(cases, levels=LEVELS)
        by_string = case_files.evaluate_case_file(cases.astype({"risk_level": str}), levels=LEVELS)
        fine = auc.roc_auc(outcome, continuous)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * 2**20
    assert elapsed < 3
    assert result.auc.estimate == pytest.approx(skm.roc_auc_score(outcome, level), abs=1e-12)
    assert by_string.auc == result.auc
    assert fine.estimate == pytest.approx(skm.roc_auc_score(outcome, continuous), abs=1e-12)
    assert result.auc.lower < result.auc.estimate < result.auc.upper


def test_case_file_rows_without_a_level_or_outcome_are_refused():
    levels = pd.Categorical(["Low", None, "High"], categories=["Low", "High"], ordered=True)
    cases = pd.DataFrame({"risk_level": levels, "outcome": [True, False, True]})
    with pytest.raises(ValueError, match=r"`cases` must have a risk level on every row, but 1 rows have none"):
        case_files.evaluate_case_file(cases, levels=("Low", "High"))
    cases = pd.DataFrame({"risk_level": ["Low", "High"], "outcome": pd.array([True, None], dtype="boolean")})
    with pytest.raises(ValueError, match=r"`outcome` must be true or false for every case, but 1 missing"):
        case_files.evaluate_case_file(cases, levels=("Low", "High"))


def test_auc_at_cuts_is_scikit_learns_auc_of_the_merged_levels():
    from sklearn.metrics import roc_auc_score

    levels = ("Low", "Medium", "High", "Very High")
    rows = [("Low", 24, 6), ("Medium", 15, 9), ("High", 3, 11), ("Very High", 2, 10)]
    cases = pd.DataFrame(
        [(level, outcome) for level, no, yes in rows for outcome in [False] * no + [True] * yes],
        columns=["risk_level", "outcome"],
    )
    result = case_files.evaluate_case_file(cases, levels=levels)
    codes = cases["risk_level"].map({level: i for i, level in enumerate(levels)})
    assert case_files.auc_at_cuts(result).estimate == pytest.approx(roc_auc_score(cases["outcome"], codes), abs=1e-15)
    merged = codes.where(codes != 3, 2)  # the cut "Very High or above" withheld: High and Very High tie
    found = case_files.auc_at_cuts(result, hidden_cuts=["Very High or above"])
    assert found.estimate == pytest.approx(roc_auc_score(cases["outcome"], merged), abs=1e-15)
    assert found.lower < found.estimate < found.upper
    with pytest.raises(ValueError, match=r"`hidden_cuts` must name cuts of the evaluation .* but \['Top'\] was passed"):
        case_files.auc_at_cuts(result, hidden_cuts=["Top"])
