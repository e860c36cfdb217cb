"""What the case-file notebook and exhibits AN-21 to AN-26 say, and when disclosure control withholds one.

Two synthetic case files, (without, with) the outcome at each level: SMALL, Low (8, 1), Medium (7, 3),
High (4, 5), Very High (2, 6), read with min_cell 1 so that nothing is withheld; and EXAMPLE, the
example file of ``analyse``, (24, 6), (15, 9), (3, 11), (2, 10), where min_cell 5 withholds the cut
"Very High or above" and min_cell 30 every cut. Numbers are worked by hand (closed forms, Bayes' rule)
or come from scikit-learn; the published base rate is the bundled table's.
"""

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from inquiry_analysis import disclosure, load_base_rates
from inquiry_analysis.exhibits import cases as ce
from inquiry_analysis.exhibits.case_tables import cut_metrics_table, roc_table
from inquiry_analysis.metrics.case_files import evaluate_case_file
from tests.hand import Z95, case_file

SMALL = {"Low": (8, 1), "Medium": (7, 3), "High": (4, 5), "Very High": (2, 6)}
EXAMPLE = {"Low": (24, 6), "Medium": (15, 9), "High": (3, 11), "Very High": (2, 10)}
# At "High or above" in SMALL: tp = 5 + 6 of 15 with the outcome, fp = 4 + 2 of 21 without.
SENSITIVITY, SPECIFICITY = 11 / 15, 15 / 21
SOURCE = "Source: synthetic_cases.csv (the analyst's own file, sha256 abababababab…)"


def _run(cells, min_cell):
    cases = case_file(cells)
    evaluation = evaluate_case_file(cases, levels=tuple(cells))
    return cases, evaluation, disclosure.publishable_cases(evaluation, min_cell=min_cell)


def _auc(cells, codes):
    """scikit-learn's AUC of the levels, those sharing a code merged."""
    truth = [yes for no, y in cells.values() for yes in [False] * no + [True] * y]
    return roc_auc_score(truth, [code for code, (no, y) in zip(codes, cells.values()) for _ in range(no + y)])


@pytest.fixture(scope="module")
def small():
    return _run(SMALL, 1)


@pytest.fixture(scope="module")
def example():
    return _run(EXAMPLE, 5)


@pytest.fixture(scope="module")
def withheld():
    return _run(EXAMPLE, 30)


@pytest.fixture(scope="module")
def base_rates():
    return load_base_rates()


def test_describe_cases_names_the_file_and_what_is_withheld(small, example):
    cases, _, published = small
    assert ce.describe_cases(cases, published) == (
        f"synthetic_cases.csv: 1,234 bytes, sha256 {'ab' * 32}\n"
        "Counts below 1, and cells from which one could be worked out, are shown as [c]; cuts withheld: none"
    )
    cases, _, published = example
    assert ce.describe_cases(cases, published).endswith(
        "Counts below 5, and cells from which one could be worked "
        "out, are shown as [c]; cuts withheld: Very High or above"
    )
    workbook = case_file(EXAMPLE, sheet="Data")
    assert ce.describe_cases(workbook, published).startswith("synthetic_cases.csv, sheet 'Data': 1,234 bytes")
    with pytest.raises(ValueError, match=r"`cases` must be the case file as read_case_file or open_input returned"):
        ce.describe_cases(pd.DataFrame({"risk_level": ["Low"], "outcome": [True]}), published)


def test_headline_states_the_auc_and_every_metric_at_the_cut(small, example, withheld):
    _, evaluation, published = small
    lines = ce.headline(evaluation, published, positive_from="High").splitlines()
    assert lines[0].startswith(f"AUC of the levels: {_auc(SMALL, [0, 1, 2, 3]):.3f} (95% CI ")
    assert lines[1] == "At 'High or above':"
    assert f"sensitivity: {SENSITIVITY:.1%} (95% CI" in "\n".join(lines)
    assert f"specificity: {SPECIFICITY:.1%} (95% CI" in "\n".join(lines)
    _, evaluation, published = example
    text = ce.headline(evaluation, published, positive_from="Very High")
    assert text.startswith(f"AUC of the levels as published (withheld cuts merged): {_auc(EXAMPLE, [0, 1, 2, 2]):.3f}")
    assert text.endswith(
        "\nThe cut 'Very High or above' is withheld by disclosure control: its metrics, predictive values and "
        "net benefit are not shown."
    )
    _, evaluation, published = withheld
    assert ce.headline(evaluation, published, positive_from="High").splitlines()[0] == (
        "AUC of the levels as published (withheld cuts merged): withheld by disclosure control (it would reveal a "
        "hidden total)"
    )
    with pytest.raises(
        ValueError,
        match=r"`positive_from` must be one of the levels above the lowest \(Medium, High, "
        r"Very High\), but 'Low' was passed",
    ):
        ce.headline(evaluation, published, positive_from="Low")


def test_an21_counts_people_by_level_and_outcome_as_shown(example, withheld):
    cases, _, published = example
    exhibit = ce.level_outcomes_exhibit(published, cases=cases)
    assert exhibit.exhibit_id == "AN-21" and exhibit.source == SOURCE
    assert exhibit.title == "36 of 80 people assessed had the outcome: how they were rated, level by level"
    assert exhibit.alt_text == (
        "Bars of the number of people at each risk level without and with the outcome: Low: 24 without, 6 with; "
        "Medium: 15 without, 9 with; High: [c] without, [c] with; Very High: [c] without, [c] with."
    )
    assert "counts below 5" in exhibit.subtitle and "a count below 5" in exhibit.notes[0]
    assert exhibit.data.columns.tolist() == ["level", "Without outcome", "With outcome", "Total"]
    assert exhibit.data["level"].tolist() == [*EXAMPLE, "Total"]
    assert exhibit.inputs == (cases.attrs["input"],)
    # The totals stay shown when every cell is withheld.
    cases, _, published = withheld
    assert ce.level_outcomes_exhibit(published, cases=cases).title.startswith("36 of 80 people")


def test_an22_states_the_lowest_and_highest_rate_shown(small, example, withheld):
    cases, evaluation, published = small
    exhibit = ce.level_rates_exhibit(evaluation, published, cases=cases)
    assert exhibit.title == "The share with the outcome at each risk level: from 11% at Low to 75% at Very High"
    assert (
        exhibit.alt_text
        == "Points with interval bars, one per risk level: Low: 11%; Medium: 30%; High: 56%; Very High: 75%."
    )
    assert exhibit.subtitle.endswith("with 95% Wilson intervals") and exhibit.data["rate"].tolist() == pytest.approx(
        [1 / 9, 3 / 10, 5 / 9, 6 / 8]
    )
    cases, evaluation, published = example
    exhibit = ce.level_rates_exhibit(evaluation, published, cases=cases)
    assert exhibit.title.endswith(f": from 20% at Low to {9 / 24:.0%} at Medium")
    assert exhibit.alt_text.endswith("High: withheld; Very High: withheld.")
    assert "one below 5" in exhibit.notes[0]
    cases, evaluation, published = withheld
    exhibit = ce.level_rates_exhibit(evaluation, published, cases=cases)
    assert exhibit.title == "The share with the outcome at each risk level (withheld where counts are small)"


def test_an23_states_the_auc_of_the_curve_as_drawn(small, example, withheld):
    cases, evaluation, published = small
    exhibit = ce.roc_exhibit(evaluation, published, cases=cases)
    auc = _auc(SMALL, [0, 1, 2, 3])
    assert exhibit.title.startswith(f"The ratings' AUC is {auc:.2f} (95% CI ")
    assert exhibit.title.endswith(": better than chance") and published.auc.lower > 0.5
    assert exhibit.alt_text.startswith(
        "ROC curve through the cuts Very High or above, High or above, Medium or above, above the chance diagonal"
    )
    assert exhibit.notes[0] == "The AUC is the area under the curve through every cut."
    assert exhibit.notes[1] == f"AUC interval: {published.auc.method}."
    pd.testing.assert_frame_equal(exhibit.data, roc_table(evaluation))
    cases, evaluation, published = example
    exhibit = ce.roc_exhibit(evaluation, published, cases=cases)
    assert exhibit.title.startswith(f"The ratings' AUC is {_auc(EXAMPLE, [0, 1, 2, 2]):.2f} ")
    assert "through the cuts High or above, Medium or above," in exhibit.alt_text
    assert exhibit.notes[0].startswith("Cuts withheld by disclosure control (Very High or above) are not drawn")
    assert exhibit.data.set_index("cut").loc["Very High or above"].tolist() == ["[c]", "[c]"]
    cases, evaluation, published = withheld
    assert str(ce.roc_exhibit(evaluation, published, cases=cases)) == ce.withheld_reason("AN-23")


def test_an23_says_so_when_the_ratings_are_not_clearly_better_than_chance():
    cases, evaluation, published = _run({"Low": (6, 6), "High": (6, 6)}, 1)
    exhibit = ce.roc_exhibit(evaluation, published, cases=cases)
    assert exhibit.title.startswith("The ratings' AUC is 0.50 ") and exhibit.title.endswith(
        "not clearly better than chance"
    )
    assert "on or below the chance diagonal" in exhibit.alt_text


def test_an24_states_sensitivity_and_specificity_at_each_cut_shown(small, example, withheld):
    cases, evaluation, published = small
    exhibit = ce.cut_metrics_exhibit(evaluation, published, cases=cases)
    assert f"High or above: sensitivity {SENSITIVITY:.0%}, specificity {SPECIFICITY:.0%}" in exhibit.alt_text
    assert exhibit.subtitle.endswith("with 95% Wilson intervals")
    cases, evaluation, published = example
    exhibit = ce.cut_metrics_exhibit(evaluation, published, cases=cases)
    assert "Very High or above" not in exhibit.alt_text
    assert exhibit.alt_text.endswith(f"Medium or above: sensitivity {30 / 36:.0%}, specificity {24 / 44:.0%}.")
    pd.testing.assert_frame_equal(exhibit.data, cut_metrics_table(evaluation, hidden_cuts=["Very High or above"]))
    cases, evaluation, published = withheld
    assert str(ce.cut_metrics_exhibit(evaluation, published, cases=cases)) == ce.withheld_reason("AN-24")


def _ppv(prevalence, sensitivity=SENSITIVITY, specificity=SPECIFICITY):
    """Bayes' rule."""
    hits = sensitivity * prevalence
    return hits / (hits + (1 - specificity) * (1 - prevalence))


def test_an25_states_the_ppv_at_the_official_base_rate(small, example, base_rates):
    cases, evaluation, published = small
    official = base_rates.loc[ce.OFFICIAL_BASE_RATE, "value"] / 100
    exhibit = ce.predictive_values_exhibit(evaluation, published, base_rates, positive_from="High", cases=cases)
    assert exhibit.title == (
        f"Where {official:.0%} of suspects have a known contact offence, about {_ppv(official):.0%} of those rated "
        "High or above would have one"
    )
    assert (
        exhibit.subtitle
        == "Predictive values of a rating of High or above against the share of suspects with a contact offence"
    )
    assert exhibit.source.startswith(SOURCE + "; ") and exhibit.inputs == (cases.attrs["input"], "base_rates")
    assert exhibit.data["prevalence"].tolist() == pytest.approx(np.arange(2, 81) / 100)
    assert exhibit.data["ppv"].tolist() == pytest.approx([_ppv(p / 100) for p in range(2, 81)])
    marks = ce.base_rate_marks(base_rates)
    assert marks["prevalence"].is_unique and (marks["label"] == marks["stated"]).all()
    assert all(stated in exhibit.notes[0] for stated in marks["stated"])
    # Every base rate marked is cited by its document and the third party it came through, after the case file.
    rows = base_rates.loc[marks.index]
    keys = [r.key for r in exhibit.references]
    assert keys[0] == cases.attrs["input"].name
    via = {party for parties in rows["via"].dropna() for party in parties.split("; ")}
    assert set(rows["source_id"]) | via <= set(keys[1:])
    cases, evaluation, published = example
    withheld = ce.predictive_values_exhibit(evaluation, published, base_rates, positive_from="Very High", cases=cases)
    assert not withheld and str(withheld) == ce.withheld_reason("AN-25", positive_from="Very High")


def _above_both(sensitivity, specificity, positives, negatives, prevalence):
    """Thresholds (steps of 0.01 points) where the net benefit's lower 95% limit beats acting on all and on none."""
    variance_s = sensitivity * (1 - sensitivity) / positives
    variance_c = specificity * (1 - specificity) / negatives
    kept = []
    for t in np.arange(1, 10_000) / 10_000:
        w = t / (1 - t)
        lower = (
            sensitivity * prevalence
            - (1 - specificity) * (1 - prevalence) * w
            - Z95 * math.sqrt(prevalence**2 * variance_s + (1 - prevalence) ** 2 * w**2 * variance_c)
        )
        if lower > 0 and lower > prevalence - (1 - prevalence) * w:
            kept.append(t)
    return kept


def test_an26_states_where_acting_on_the_cut_beats_everyone_and_no_one(small, example, base_rates):
    cases, evaluation, published = small
    official = base_rates.loc[ce.OFFICIAL_BASE_RATE, "value"] / 100
    exhibit = ce.net_benefit_exhibit(evaluation, published, base_rates, positive_from="High", cases=cases)
    kept = _above_both(SENSITIVITY, SPECIFICITY, 15, 21, official)
    assert kept and np.allclose(np.diff(kept), 1e-4)  # one run of thresholds
    title = exhibit.title
    assert title.startswith(
        f"At a {official:.0%} base rate, acting on ratings of High or above beats acting on everyone or no one with "
        "95% confidence for thresholds "
    )
    low, high = (float(x.strip("%")) / 100 for x in title.rsplit(" ", 3)[1::2])
    assert low == pytest.approx(kept[0], abs=0.0051) and high == pytest.approx(kept[-1], abs=0.0051)
    # Closed forms of the point estimates' crossings (Vickers & Elkin 2006).
    s, c, p = SENSITIVITY, SPECIFICITY, official
    beats_all_from = p * (1 - s) / (p * (1 - s) + (1 - p) * c)
    beats_none_below = s * p / (s * p + (1 - c) * (1 - p))
    assert exhibit.notes[1].startswith(
        f"Point estimates beat both alternatives from {beats_all_from:.1%} to {beats_none_below:.1%};"
    )
    assert exhibit.alt_text.endswith(
        f"against thresholds 1% to 50%, compared with acting on all suspects (falling from "
        f"{p - (1 - p) * 0.01 / 0.99:.3f}) and on none (zero)."
    )
    assert exhibit.data["threshold"].tolist() == pytest.approx(np.arange(1, 51) / 100)
    assert (
        exhibit.notes[2]
        == f"Prevalence {official:.0%} (Seto, Hanson & Babchishin 2011, official records), taken as known."
    )
    # It cites the case file and the one base rate it uses (its source, and the third party it came through), not
    # the others AN-25 marks.
    assert [r.key for r in exhibit.references] == [
        cases.attrs["input"].name,
        base_rates.loc[ce.OFFICIAL_BASE_RATE, "source_id"],
        base_rates.loc[ce.OFFICIAL_BASE_RATE, "via"],
    ]
    cases, evaluation, published = example
    assert str(
        ce.net_benefit_exhibit(evaluation, published, base_rates, positive_from="Very High", cases=cases)
    ) == ce.withheld_reason("AN-26", positive_from="Very High")


def test_an26_says_so_when_no_threshold_is_supported(base_rates):
    cases, evaluation, published = _run({"Low": (6, 6), "High": (6, 6)}, 1)
    exhibit = ce.net_benefit_exhibit(evaluation, published, base_rates, positive_from="High", cases=cases)
    assert exhibit.title.endswith(
        "base rate, no threshold makes acting on ratings of High or above clearly better than acting on everyone or "
        "no one"
    )


def test_withheld_reasons():
    assert ce.withheld_reason("AN-23") == (
        "No ROC exhibit: disclosure control withholds every cut, or the totals its AUC interval would reveal."
    )
    assert ce.withheld_reason("AN-24") == "No metrics at the cuts: disclosure control withholds every cut."
    assert ce.withheld_reason("AN-26", positive_from="Medium") == (
        "No net benefit: the cut 'Medium or above' is withheld by disclosure control."
    )
    with pytest.raises(ValueError, match=r"AN-25 is withheld with its cut: pass `positive_from`"):
        ce.withheld_reason("AN-25")
    with pytest.raises(ValueError, match=r"`exhibit_id` must be one of AN-23, AN-24, AN-25, AN-26, but 'AN-21'"):
        ce.withheld_reason("AN-21")


def test_the_results_must_belong_together(small, example):
    cases, evaluation, _ = small
    _, _, other = example
    with pytest.raises(ValueError, match=r"`published` was not made from `evaluation`: pass publishable_cases"):
        ce.roc_exhibit(evaluation, other, cases=cases)
    with pytest.raises(TypeError, match=r"expected what may be published \(PublishableCases, from publishable_cases\)"):
        ce.level_outcomes_exhibit(other.table, cases=cases)
    with pytest.raises(TypeError, match=r"expected a CaseFileEvaluation"):
        ce.cut_metrics_exhibit(cases, other, cases=cases)
