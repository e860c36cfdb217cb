"""What the KIRAT notebook and exhibits IA-04 to IA-06 say: every number checked by hand from the published figures.

The expected numbers are computed here from ``ia.load_kirat()`` and ``ia.load_base_rates()`` (a brute-force
search for the counts, Bayes' rule, the decision-curve formulas), or from a small synthetic table; a changed
figure or result must change the wording.
"""

import math

import pytest

import inquiry_analysis as ia
from inquiry_analysis.exhibits import kirat as says
from inquiry_analysis.metrics import confusion, net_benefit, predictive
from inquiry_analysis.metrics.confusion import ConfusionMatrix
from inquiry_analysis.metrics.net_benefit import NetBenefitCrossings, NetBenefitIntervalRanges
from tests.hand import Z95


@pytest.fixture(scope="module")
def figures():
    return ia.load_kirat()


@pytest.fixture(scope="module")
def base_rates():
    return ia.load_base_rates()


@pytest.fixture(scope="module")
def prevalences(base_rates):
    return predictive.prevalences_from_figures(base_rates, shares=predictive.BASE_RATE_SHARES)


def value(figures, figure_id):
    return float(figures.loc[figure_id, "value"])


def counts_giving(percent, n):
    """Every count of n that prints as ``percent`` to one decimal, by trying them all."""
    return [k for k in range(n + 1) if f"{100 * k / n:.1f}" == f"{percent:.1f}"]


@pytest.fixture(scope="module")
def by_hand(figures):
    positives, negatives = int(value(figures, "kirat-higher-risk")), int(value(figures, "kirat-lower-risk"))
    (tp,) = counts_giving(value(figures, "kirat-hr-high"), positives)
    (tn,) = counts_giving(value(figures, "kirat-lr-low"), negatives)
    return {"tp": tp, "fn": positives - tp, "fp": negatives - tn, "tn": tn, "pos": positives, "neg": negatives}


def edited(figures, **values):
    """A copy of the KIRAT figures with some values changed (keyword: figure id with '_' for '-')."""
    copy = figures.copy()
    for name, new in values.items():
        copy.loc[name.replace("_", "-"), "value"] = new
    return copy


def bayes_ppv(sens, spec, prevalence):
    return sens * prevalence / (sens * prevalence + (1 - spec) * (1 - prevalence))


def test_the_development_table_is_the_only_one_the_percentages_allow(figures, by_hand):
    matrix = says.development_matrix(figures)
    assert (matrix.tp, matrix.fn, matrix.fp, matrix.tn) == (by_hand["tp"], by_hand["fn"], by_hand["fp"], by_hand["tn"])
    hr, lr = value(figures, "kirat-hr-high"), value(figures, "kirat-lr-low")
    assert says.implied_counts(figures) == (
        f"Higher-risk rated High or Very High: {hr:g}% of {by_hand['pos']} -> {by_hand['tp']} (the only whole count)\n"
        f"Lower-risk rated Low or Medium: {lr:g}% of {by_hand['neg']} -> {by_hand['tn']} (the only whole count)"
    )


def test_a_percentage_of_a_larger_group_allows_several_counts_and_the_table_is_refused(figures):
    bigger = edited(figures, kirat_higher_risk=3000)  # no count of 3000 falls exactly half-way
    several = counts_giving(value(figures, "kirat-hr-high"), 3000)
    assert len(several) > 1
    first = says.implied_counts(bigger).splitlines()[0]
    assert first.endswith(f"-> {' or '.join(map(str, several))} ({len(several)} whole counts)")
    with pytest.raises(ValueError, match=f"of 3000 allows {len(several)} whole counts"):
        says.development_matrix(bigger)


def test_the_claimed_accuracy_needs_a_count_the_published_table_does_not_give(figures, by_hand):
    claimed = float(ia.load_claims().loc["kirat-accuracy", "value"])
    matrix = says.development_matrix(figures)
    tables = confusion.matrices_consistent_with_accuracy(claimed, matrix.positives, matrix.negatives)
    n, pos, neg = by_hand["pos"] + by_hand["neg"], by_hand["pos"], by_hand["neg"]
    (needed,) = counts_giving(claimed, n)
    tps = [tp for tp in range(pos + 1) if 0 <= needed - tp <= neg]
    kept_tn = needed - by_hand["tp"]
    assert says.claimed_accuracy(claimed, matrix, tables, figures).splitlines() == [
        f"{claimed:g}% of {n} needs {needed} correct; the published percentages give {by_hand['tp'] + by_hand['tn']}.",
        f"{len(tps)} tables with {pos} and {neg} in the groups give {claimed:g}%; sensitivity "
        f"{100 * min(tps) / pos:.1f}% to {100 * max(tps) / pos:.1f}% as specificity falls from "
        f"{100 * (needed - min(tps)) / neg:.1f}% to {100 * (needed - max(tps)) / neg:.1f}%.",
        f"Keeping the published sensitivity ({by_hand['tp']} of {pos}): {kept_tn} of {neg} lower-risk rated Low or "
        f"Medium, {100 * kept_tn / neg:.1f}% against the published {value(figures, 'kirat-lr-low'):g}%.",
    ]


def test_the_claimed_accuracy_sentences_follow_the_claim(figures, by_hand):
    matrix = says.development_matrix(figures)
    # A claim of the table's own accuracy keeps the published specificity.
    own = round(100 * (by_hand["tp"] + by_hand["tn"]) / matrix.n, 1)
    tables = confusion.matrices_consistent_with_accuracy(own, matrix.positives, matrix.negatives)
    last = says.claimed_accuracy(own, matrix, tables, figures).splitlines()[-1]
    assert f": {by_hand['tn']} of {by_hand['neg']} lower-risk" in last
    # A percentage no count of the sample prints as: no table at all.
    impossible = next(p / 10 for p in range(800, 900) if not counts_giving(p / 10, matrix.n))
    none = confusion.matrices_consistent_with_accuracy(impossible, matrix.positives, matrix.negatives)
    assert says.claimed_accuracy(impossible, matrix, none, figures) == (
        f"No table with {by_hand['pos']} and {by_hand['neg']} in the groups gives {impossible:g}%; "
        f"the published percentages give {by_hand['tp'] + by_hand['tn']} of {matrix.n} correct."
    )
    other = confusion.matrices_consistent_with_accuracy(83.5, 100, 100)
    with pytest.raises(ValueError, match="`tables` must have 170 positives and 204 negatives"):
        says.claimed_accuracy(83.7, matrix, other, figures)


def test_predictive_values_and_counts_per_1000_at_each_base_rate(figures, prevalences, by_hand):
    matrix = says.development_matrix(figures)
    sens, spec = by_hand["tp"] / by_hand["pos"], by_hand["tn"] / by_hand["neg"]
    lines = says.predictive_values_at_base_rates(matrix, prevalences).splitlines()
    assert len(lines) == len(prevalences) + 1
    assert lines[0].startswith("about 12%    (base-seto-official-percent): at 12.0% prevalence: ")
    assert f"PPV {100 * bayes_ppv(sens, spec, 0.12):.1f}% (95% CI" in lines[0]
    share = by_hand["pos"] / matrix.n
    assert lines[-1].startswith(f"Sample, {by_hand['pos']} of {matrix.n}: at {100 * share:.1f}% prevalence: ")
    assert f"PPV {100 * bayes_ppv(sens, spec, share):.1f}%" in lines[-1]
    dual, cohort = value(ia.load_base_rates(), "base-goller-dual"), value(ia.load_base_rates(), "base-goller-cohort")
    goller = dual / cohort
    per_1000 = says.per_1000_at_base_rates(matrix, prevalences).splitlines()
    assert per_1000[-1].startswith(
        f"Per 1,000 suspects at {100 * goller:.1f}% ({dual:,.0f} of {cohort:,.0f}): "
        f"{1000 * goller * (1 - sens):.0f} contact offenders rated Low or Medium ("
    )
    assert f"; {1000 * (1 - goller) * (1 - spec):.0f} others rated High or Very High (" in per_1000[-1]
    fewer = says.per_1000_at_base_rates(ConfusionMatrix(tp=50, fn=50, fp=10, tn=90), prevalences).splitlines()
    assert fewer[0].startswith("Per 1,000 suspects at 12.0% (about 12%): 60 contact offenders rated Low or Medium")
    assert "; 88 others rated High or Very High" in fewer[0]


def interval_above_both(sens, spec, pos, neg, prevalence, step=1e-5):
    """The thresholds where the net benefit's lower 95% limit beats both alternatives, on a fine grid."""
    var_s, var_c = sens * (1 - sens) / pos, spec * (1 - spec) / neg
    above = []
    for i in range(1, int(1 / step)):
        t = i * step
        w = t / (1 - t)
        estimate = sens * prevalence - (1 - spec) * (1 - prevalence) * w
        low = estimate - Z95 * math.sqrt(prevalence**2 * var_s + ((1 - prevalence) * w) ** 2 * var_c)
        if low > 0 and low > prevalence - (1 - prevalence) * w:
            above.append(t)
    return min(above), max(above)


@pytest.fixture(scope="module")
def decision(figures, by_hand):
    matrix = says.development_matrix(figures)
    sens, spec = by_hand["tp"] / by_hand["pos"], by_hand["tn"] / by_hand["neg"]
    p = value(ia.load_base_rates(), "base-seto-official-percent") / 100
    return {
        "matrix": matrix,
        "p": p,
        "all_from": p * (1 - sens) / (p * (1 - sens) + (1 - p) * spec),
        "none_below": sens * p / (sens * p + (1 - spec) * (1 - p)),
        "interval": interval_above_both(sens, spec, by_hand["pos"], by_hand["neg"], p),
        "crossings": net_benefit.net_benefit_crossings(matrix, prevalence=p),
        "supported": net_benefit.net_benefit_interval_ranges(matrix, prevalence=p),
        "benefit": net_benefit.net_benefit(matrix, [t / 100 for t in range(1, 51)], prevalence=p),
    }


def test_the_net_benefit_finding_states_the_exact_and_the_supported_thresholds(decision):
    low, high = decision["interval"]
    assert says.net_benefit_finding(decision["crossings"], decision["supported"]) == (
        f"At {decision['p']:.0%} prevalence (taken as known), prioritising High or Very High beats both alternatives "
        f"for thresholds {decision['all_from']:.1%} to {decision['none_below']:.1%} (point estimates, exact); its 95% "
        f"interval lies above both only for {low:.1%} to {high:.1%}"
    )


def test_the_net_benefit_finding_follows_results_where_nothing_beats_both():
    nowhere = NetBenefitCrossings(
        beats_all_from=0.3, beats_none_below=0.2, beats_both=(), sensitivity=0.5, specificity=0.5, prevalence=0.12
    )
    unsupported = NetBenefitIntervalRanges(
        above_none=(), above_all=(), above_both=(), prevalence=0.12, confidence_level=0.9, method="synthetic"
    )
    assert says.net_benefit_finding(nowhere, unsupported) == (
        "At 12% prevalence (taken as known), prioritising High or Very High beats both alternatives at no threshold "
        "(point estimates, exact); its 90% interval lies above both at no threshold"
    )
    elsewhere = NetBenefitIntervalRanges(
        above_none=(), above_all=(), above_both=(), prevalence=0.2, confidence_level=0.95, method="synthetic"
    )
    with pytest.raises(ValueError, match="computed at 12.0% prevalence but `supported` at 20.0%"):
        says.net_benefit_finding(nowhere, elsewhere)


def test_one_mark_per_measure_and_source(prevalences):
    marks = says.base_rate_marks(prevalences)
    assert list(marks.label) == ["about 12%", "about 55%", "about 1 in 6", "363 of 4,612"]
    assert list(marks.prevalence) == [prevalences.prevalence[i] for i in marks.index]


def test_ia_04_states_the_table_and_the_accuracy_it_gives(figures, by_hand):
    matrix = says.development_matrix(figures)
    summary = confusion.classification_summary(matrix)
    exhibit = says.confusion_matrix_exhibit(summary, 83.7, figures)
    correct = by_hand["tp"] + by_hand["tn"]
    share = correct / matrix.n
    assert exhibit.exhibit_id == "IA-04"
    assert exhibit.title == (
        f"KIRAT rated {by_hand['tp']} of {by_hand['pos']} higher-risk offenders High or Very High but also "
        f"{by_hand['fp']} of {by_hand['neg']} lower-risk ones: {100 * share:.1f}% correct, not the 83.7% stated"
    )
    forces = int(value(figures, "kirat-forces"))
    assert f", {matrix.n} police files from {forces} UK forces, offenders convicted 2001 to 2013:" in exhibit.subtitle
    assert exhibit.alt_text.endswith(f"{correct} of {matrix.n} correct, {100 * share:.1f}%.")
    assert exhibit.notes[0] == "Counts are the only whole numbers that give the published 97.6% and 62.3% (derived)."
    assert exhibit.source == ia.source_line("long-2016-kirat", "kirat-impact-slides")
    assert exhibit.data.values.tolist() == [
        ["positive", by_hand["tp"], by_hand["fn"]],
        ["negative", by_hand["fp"], by_hand["tn"]],
    ]
    assert exhibit.inputs == ("kirat", "claims")


def test_ia_04_follows_the_figures_and_the_claim(figures, by_hand):
    changed = edited(figures, kirat_hr_high=95.3)
    (tp,) = counts_giving(95.3, by_hand["pos"])
    summary = confusion.classification_summary(says.development_matrix(changed))
    exhibit = says.confusion_matrix_exhibit(summary, 83.7, changed)
    assert exhibit.title.startswith(f"KIRAT rated {tp} of {by_hand['pos']} higher-risk offenders")
    assert "published 95.3% and 62.3%" in exhibit.notes[0]
    own = round(100 * (tp + by_hand["tn"]) / summary.matrix.n, 1)
    assert says.confusion_matrix_exhibit(summary, own, changed).title.endswith(f"{own:.1f}% correct, as stated")
    with pytest.raises(ValueError, match="not of the table the KIRAT figures give"):
        says.confusion_matrix_exhibit(summary, 83.7, figures)


def test_ia_05_states_the_ppv_at_the_official_base_rate(figures, base_rates, prevalences, by_hand):
    matrix = says.development_matrix(figures)
    sens, spec = by_hand["tp"] / by_hand["pos"], by_hand["tn"] / by_hand["neg"]
    curve = predictive.predictive_value_curve(matrix, [0.02, 0.5, 0.8])
    exhibit = says.predictive_values_exhibit(curve, matrix, prevalences, kirat=figures, base_rates=base_rates)
    ppv = bayes_ppv(sens, spec, 0.12)
    assert exhibit.title == (
        f"Where 12% of suspects have a known contact offence, about {ppv:.0%} of those KIRAT rates High or Very High "
        "would have one"
    )
    npv = [spec * (1 - p) / (spec * (1 - p) + (1 - sens) * p) for p in (0.02, 0.8)]
    assert exhibit.alt_text == (
        f"Two curves against prevalence. PPV rises from {bayes_ppv(sens, spec, 0.02):.0%} at 2% to "
        f"{bayes_ppv(sens, spec, 0.8):.0%} at 80%; NPV falls from {npv[0]:.0%} to {npv[1]:.0%}. At 12% the PPV is "
        f"{ppv:.0%}."
    )
    assert "shown as 16.7% (derived); 363 of 4,612 'illegal pornography'" in exhibit.notes[1]
    assert f"(Goller et al. 2016), {363 / 4612:.1%} (derived;" in exhibit.notes[1]
    assert exhibit.notes[2] == f"The development sample had {by_hand['pos'] / matrix.n:.0%} in the higher-risk group."
    for source_id in ("long-2016-kirat", "seto-2011", "wolak-2011", "goller-2016", "mountainskye-blog"):
        assert ia.source(source_id).producer in exhibit.source
    assert exhibit.data is curve and exhibit.inputs == ("kirat", "base_rates")
    other = ConfusionMatrix(tp=90, fn=10, fp=20, tn=80)
    changed = says.predictive_values_exhibit(curve, other, prevalences, kirat=figures, base_rates=base_rates)
    assert f"about {bayes_ppv(0.9, 0.8, 0.12):.0%} of those" in changed.title
    assert changed.notes[2] == "The development sample had 50% in the higher-risk group."


def test_ia_06_states_where_the_interval_supports_acting_on_the_rating(figures, base_rates, decision):
    low, high = decision["interval"]
    exhibit = says.net_benefit_exhibit(
        decision["benefit"], decision["crossings"], decision["supported"], kirat=figures, base_rates=base_rates
    )
    assert exhibit.title == (
        "At a 12% base rate, prioritising High or Very High ratings beats investigating everyone or no one with 95% "
        f"confidence only for thresholds {low:.0%} to {high:.0%}"
    )
    everyone = 0.12 - 0.88 * 0.01 / 0.99
    assert exhibit.alt_text.endswith(
        f"from 1% to 50%, compared with acting on all suspects (falling from {everyone:.3f}) and on none (zero)."
    )
    assert exhibit.notes[1].startswith(
        f"Point estimates beat both alternatives from {decision['all_from']:.1%} to {decision['none_below']:.1%} "
    )
    assert exhibit.source == ia.source_line("long-2016-kirat", "kirat-impact-slides", "seto-2011", "mountainskye-blog")
    unsupported = NetBenefitIntervalRanges(
        above_none=(), above_all=(), above_both=(), prevalence=0.12, confidence_level=0.95, method="synthetic"
    )
    changed = says.net_benefit_exhibit(
        decision["benefit"], decision["crossings"], unsupported, kirat=figures, base_rates=base_rates
    )
    assert changed.title.endswith("with 95% confidence at no threshold")
    elsewhere = net_benefit.net_benefit_crossings(decision["matrix"], prevalence=0.3)
    at_30 = net_benefit.net_benefit_interval_ranges(decision["matrix"], prevalence=0.3)
    with pytest.raises(ValueError, match="computed at 30.0% prevalence, but IA-06 cites the official-record base"):
        says.net_benefit_exhibit(decision["benefit"], elsewhere, at_30, kirat=figures, base_rates=base_rates)
