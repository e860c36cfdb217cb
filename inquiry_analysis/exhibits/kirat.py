"""What the KIRAT accuracy notebook and its exhibits (IA-04, IA-05, IA-06) say, built from the results.

The Kent Internet Risk Assessment Tool's development study published two percentages of two groups;
:func:`development_matrix` rebuilds the 2×2 table they allow. The ``*_exhibit`` functions return each
:class:`~inquiry_analysis.exhibits.Exhibit` (the title stating the finding, subtitle, source line, alt
text, notes, plotted data and inputs); the other functions return the headline sentences the notebook
prints. Every number stated is taken from the results and figure tables passed in.
"""

from __future__ import annotations

import math

import pandas as pd

from inquiry_analysis.exhibits.exhibit import Exhibit
from inquiry_analysis.io import cited, references
from inquiry_analysis.metrics import confusion, predictive
from inquiry_analysis.metrics.confusion import ClassificationSummary, ConfusionMatrix
from inquiry_analysis.metrics.net_benefit import NetBenefitCrossings, NetBenefitIntervalRanges

__all__ = [
    "DEVELOPMENT_FIGURES",
    "OFFICIAL_BASE_RATE",
    "base_rate_marks",
    "claimed_accuracy",
    "confusion_matrix_exhibit",
    "development_matrix",
    "implied_counts",
    "net_benefit_exhibit",
    "net_benefit_finding",
    "per_1000_at_base_rates",
    "predictive_values_at_base_rates",
    "predictive_values_exhibit",
]

#: The rows of ``kirat.csv`` the development table and the claimed accuracy come from (cited on every exhibit).
DEVELOPMENT_FIGURES = ("kirat-higher-risk", "kirat-hr-high", "kirat-lr-low", "kirat-overall-correct")

#: The base rate IA-05 and IA-06 are read at: about 12% with an official record (Seto, Hanson & Babchishin 2011).
OFFICIAL_BASE_RATE = "base-seto-official-percent"

# (group size, published percentage) of each group, and how the sentences name what it counts.
_GROUPS = {
    "positive": ("kirat-higher-risk", "kirat-hr-high", "Higher-risk rated High or Very High"),
    "negative": ("kirat-lower-risk", "kirat-lr-low", "Lower-risk rated Low or Medium"),
}


def _group(kirat: pd.DataFrame, which: str) -> tuple[int, float, list[int]]:
    size_id, percent_id, _ = _GROUPS[which]
    size, percent = int(kirat.loc[size_id, "value"]), float(kirat.loc[percent_id, "value"])
    return size, percent, confusion.counts_consistent_with(percent, size)


def development_matrix(kirat: pd.DataFrame) -> ConfusionMatrix:
    """The development table at the High cut: the one whole count each published percentage allows.

    Parameters
    ----------
    kirat : pandas.DataFrame
        The KIRAT figures, as :func:`inquiry_analysis.load_kirat` returns them.

    Returns
    -------
    inquiry_analysis.metrics.confusion.ConfusionMatrix
        The higher-risk group as positives, a High or Very High rating as positive.

    Raises
    ------
    ValueError
        If a percentage allows no whole count of its group, or more than one.

    Examples
    --------
    >>> from inquiry_analysis import load_kirat
    >>> development_matrix(load_kirat())
    ConfusionMatrix(tp=166, fn=4, fp=77, tn=127)
    """
    (positives, hr_high, tps), (negatives, lr_low, tns) = _group(kirat, "positive"), _group(kirat, "negative")
    for percent, size, counts in ((hr_high, positives, tps), (lr_low, negatives, tns)):
        if len(counts) != 1:
            raise ValueError(
                f"{percent:g}% of {size} allows {len(counts)} whole counts ({counts}), not one, so the "
                "development table is not fixed; check the percentages and group sizes in the KIRAT figures"
            )
    return ConfusionMatrix(tp=tps[0], fn=positives - tps[0], fp=negatives - tns[0], tn=tns[0])


def implied_counts(kirat: pd.DataFrame) -> str:
    """What each group's published percentage says of its count, one line a group.

    Parameters
    ----------
    kirat : pandas.DataFrame
        The KIRAT figures, as :func:`inquiry_analysis.load_kirat` returns them.

    Returns
    -------
    str
        ``Higher-risk rated High or Very High: 97.6% of 170 -> 166 (the only whole count)``, then the
        lower-risk group's line.
    """
    lines = []
    for which, (_, _, words) in _GROUPS.items():
        size, percent, counts = _group(kirat, which)
        if len(counts) == 1:
            found = f"{counts[0]} (the only whole count)"
        elif counts:
            found = f"{' or '.join(map(str, counts))} ({len(counts)} whole counts)"
        else:
            found = "no whole count"
        lines.append(f"{words}: {percent:g}% of {size} -> {found}")
    return "\n".join(lines)


def claimed_accuracy(claimed: float, matrix: ConfusionMatrix, tables: pd.DataFrame, kirat: pd.DataFrame) -> str:
    """Whether a claimed accuracy can come from the table: the count it needs and the tables that give it.

    Parameters
    ----------
    claimed : float
        The claimed accuracy in percent (83.7).
    matrix : inquiry_analysis.metrics.confusion.ConfusionMatrix
        The table the published percentages give (:func:`development_matrix`).
    tables : pandas.DataFrame
        :func:`inquiry_analysis.metrics.confusion.matrices_consistent_with_accuracy` for ``claimed`` and
        the table's group sizes.
    kirat : pandas.DataFrame
        The KIRAT figures (for the published specificity).

    Returns
    -------
    str
        Three sentences: the correct count needed and the one published; the range of tables giving the
        claim; the specificity needed to keep the published sensitivity.
    """
    pos, neg = matrix.positives, matrix.negatives
    if not tables.empty and not ((tables.tp + tables.fn == pos) & (tables.fp + tables.tn == neg)).all():
        raise ValueError(f"`tables` must have {pos} positives and {neg} negatives, as `matrix` has")
    if tables.empty:
        return (
            f"No table with {pos} and {neg} in the groups gives {claimed:g}%; "
            f"the published percentages give {matrix.tp + matrix.tn} of {matrix.n} correct."
        )
    correct = ", ".join(map(str, sorted(set(tables.correct))))
    kept = tables[tables.tp == matrix.tp]
    published = f"{float(kirat.loc['kirat-lr-low', 'value']):g}%"
    sentences = [
        f"{claimed:g}% of {matrix.n} needs {correct} correct; the published percentages give {matrix.tp + matrix.tn}.",
        f"{len(tables)} tables with {pos} and {neg} in the groups give {claimed:g}%; "
        f"sensitivity {tables.sensitivity.min():.1f}% to {tables.sensitivity.max():.1f}% as specificity falls from "
        f"{tables.specificity.max():.1f}% to {tables.specificity.min():.1f}%.",
        f"Keeping the published sensitivity ({matrix.tp} of {pos}): "
        + (
            f"{' or '.join(map(str, kept.tn))} of {neg} lower-risk rated Low or Medium, "
            f"{' or '.join(f'{s:.1f}%' for s in kept.specificity)} against the published {published}."
            if not kept.empty
            else f"no table gives {claimed:g}%."
        ),
    ]
    return "\n".join(sentences)


def predictive_values_at_base_rates(matrix: ConfusionMatrix, prevalences: pd.DataFrame) -> str:
    """PPV and NPV at each published base rate, then at the sample's own mix, one line each.

    Parameters
    ----------
    matrix : inquiry_analysis.metrics.confusion.ConfusionMatrix
        The development table.
    prevalences : pandas.DataFrame
        :func:`inquiry_analysis.metrics.predictive.prevalences_from_figures`'s table.

    Returns
    -------
    str
        ``about 12%     (base-seto-official-percent): at 12.0% prevalence: PPV 26.1% (95% CI ...), NPV ...``
    """
    width = max(len(s) for s in prevalences.stated)
    lines = [
        f"{row.stated:<{width}} ({figure_id}): {predictive.predictive_values(matrix, row.prevalence)}"
        for figure_id, row in prevalences.iterrows()
    ]
    sample = predictive.predictive_values(matrix, matrix.positives / matrix.n)
    return "\n".join([*lines, f"Sample, {matrix.positives} of {matrix.n}: {sample}"])


def per_1000_at_base_rates(matrix: ConfusionMatrix, prevalences: pd.DataFrame) -> str:
    """Per 1,000 suspects at each published base rate: contact offenders missed and others flagged.

    Parameters
    ----------
    matrix : inquiry_analysis.metrics.confusion.ConfusionMatrix
        The development table.
    prevalences : pandas.DataFrame
        :func:`inquiry_analysis.metrics.predictive.prevalences_from_figures`'s table.

    Returns
    -------
    str
        One line a base rate, each count with the range its proportion's interval carries through.
    """
    lines = []
    for row in prevalences.itertuples():
        per_1000 = predictive.per_1000_at_prevalence(matrix, row.prevalence)
        missed, alarms = per_1000.iloc[0], per_1000.iloc[1]
        lines.append(
            f"Per 1,000 suspects at {row.prevalence:.1%} ({row.stated}): {missed['count']:.0f} contact offenders "
            f"rated Low or Medium ({missed.lower:.0f} to {missed.upper:.0f}); {alarms['count']:.0f} others rated "
            f"High or Very High ({alarms.lower:.0f} to {alarms.upper:.0f})"
        )
    return "\n".join(lines)


def _ranges(ranges: tuple[tuple[float, float], ...], spec: str) -> str:
    return " and ".join(f"{low:{spec}} to {high:{spec}}" for low, high in ranges)


def _check_same_prevalence(crossings: NetBenefitCrossings, supported: NetBenefitIntervalRanges) -> float:
    if not math.isclose(crossings.prevalence, supported.prevalence):
        raise ValueError(
            f"`crossings` was computed at {crossings.prevalence:.1%} prevalence but `supported` at "
            f"{supported.prevalence:.1%}; compute both at the same prevalence"
        )
    return crossings.prevalence


def net_benefit_finding(crossings: NetBenefitCrossings, supported: NetBenefitIntervalRanges) -> str:
    """Where prioritising High or Very High ratings beats acting on everyone and on no one.

    Parameters
    ----------
    crossings : inquiry_analysis.metrics.net_benefit.NetBenefitCrossings
        The exact crossings of the point estimates.
    supported : inquiry_analysis.metrics.net_benefit.NetBenefitIntervalRanges
        Where the interval lies above both, at the same prevalence.

    Returns
    -------
    str
        One sentence: the thresholds from the point estimates, then those the interval supports.
    """
    prevalence = _check_same_prevalence(crossings, supported)
    if crossings.beats_both:
        point = (
            f"beats both alternatives for thresholds {_ranges(crossings.beats_both, '.1%')} (point estimates, exact)"
        )
    else:
        point = "beats both alternatives at no threshold (point estimates, exact)"
    level = f"{supported.confidence_level:.0%}"
    interval = (
        f"its {level} interval lies above both only for {_ranges(supported.above_both, '.1%')}"
        if supported.above_both
        else f"its {level} interval lies above both at no threshold"
    )
    return f"At {prevalence:.0%} prevalence (taken as known), prioritising High or Very High {point}; {interval}"


def base_rate_marks(prevalences: pd.DataFrame) -> pd.DataFrame:
    """The base rates IA-05 marks: one a measure and source ("about 1 in 8" restates "about 12%"), labelled as stated.

    Parameters
    ----------
    prevalences : pandas.DataFrame
        :func:`inquiry_analysis.metrics.predictive.prevalences_from_figures`'s table.

    Returns
    -------
    pandas.DataFrame
        The first row of each (``measure``, ``source_id``), with a ``label`` column.
    """
    kept = prevalences[~prevalences.duplicated(subset=["measure", "source_id"])]
    return kept.assign(label=kept["stated"])


def _sources(kirat: pd.DataFrame) -> tuple[str, ...]:
    return cited(kirat.loc[list(DEVELOPMENT_FIGURES)])


def confusion_matrix_exhibit(summary: ClassificationSummary, claimed: float, kirat: pd.DataFrame) -> Exhibit:
    """Exhibit IA-04: the development table the published percentages imply, against the accuracy claimed.

    Parameters
    ----------
    summary : inquiry_analysis.metrics.confusion.ClassificationSummary
        The metrics of the development table (:func:`development_matrix`).
    claimed : float
        The accuracy claimed, in percent.
    kirat : pandas.DataFrame
        The KIRAT figures the table was rebuilt from, as :func:`inquiry_analysis.load_kirat` returns them.

    Returns
    -------
    inquiry_analysis.exhibits.Exhibit

    Raises
    ------
    ValueError
        If ``summary`` is not of the table the KIRAT figures give.
    """
    m = summary.matrix
    if m != development_matrix(kirat):
        raise ValueError(
            f"`summary` is of {m}, not of the table the KIRAT figures give; pass the summary of that table"
        )
    sample = kirat.loc["kirat-sample"]
    forces = int(kirat.loc["kirat-forces", "value"])
    published = [f"{_group(kirat, which)[1]:g}%" for which in _GROUPS]
    share = summary.accuracy.estimate
    against = "as stated" if f"{100 * share:.1f}" == f"{claimed:.1f}" else f"not the {claimed:g}% stated"
    return Exhibit(
        exhibit_id="IA-04",
        title=f"KIRAT rated {m.tp} of {m.positives} higher-risk offenders High or Very High but also {m.fp} of "
        f"{m.negatives} lower-risk ones: {share:.1%} correct, {against}",
        subtitle=f"KIRAT development sample (in-sample figures), {m.n} police files from {forces} UK forces, offenders "
        f"convicted {sample['period_start'].year} to {sample['period_end'].year}: rating at the High cut by group",
        references=references(*_sources(kirat)),
        alt_text=f"A two by two table. Higher-risk group: {m.tp} rated High or Very High, {m.fn} rated Low or Medium. "
        f"Lower-risk group: {m.fp} rated High or Very High, {m.tn} rated Low or Medium. "
        f"{m.tp + m.tn} of {m.n} correct, {share:.1%}.",
        data=m.as_frame().reset_index(),
        notes=(
            f"Counts are the only whole numbers that give the published {published[0]} and {published[1]} (derived).",
            f"Accuracy {summary.accuracy}; sensitivity {summary.sensitivity}; specificity {summary.specificity}.",
            "Higher-risk: convictions or allegations of contact sexual offences against children; lower-risk: neither. "
            "KIRAT's first step scores previous convictions and allegations, so part of the separation is built in.",
        ),
        inputs=(kirat, "claims"),
    )


def predictive_values_exhibit(
    curve: pd.DataFrame,
    matrix: ConfusionMatrix,
    prevalences: pd.DataFrame,
    *,
    kirat: pd.DataFrame,
    base_rates: pd.DataFrame,
) -> Exhibit:
    """Exhibit IA-05: what a High or Very High rating would mean at the published base rates.

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`inquiry_analysis.metrics.predictive.predictive_value_curve` of ``matrix``: the plotted data.
    matrix : inquiry_analysis.metrics.confusion.ConfusionMatrix
        The development table.
    prevalences : pandas.DataFrame
        :func:`inquiry_analysis.metrics.predictive.prevalences_from_figures` of ``base_rates``.
    kirat, base_rates : pandas.DataFrame
        The figure tables, as :func:`inquiry_analysis.load_kirat` and
        :func:`inquiry_analysis.load_base_rates` return them (for the source line and inputs).

    Returns
    -------
    inquiry_analysis.exhibits.Exhibit
    """
    official = prevalences.loc[OFFICIAL_BASE_RATE, "prevalence"]
    ppv = predictive.predictive_values(matrix, official).ppv.estimate
    wholes = [whole for part, whole in predictive.BASE_RATE_SHARES.items() if part in prevalences.index]
    stated, derived = prevalences["stated"], prevalences["prevalence"]
    first, last = curve.iloc[0], curve.iloc[-1]
    return Exhibit(
        exhibit_id="IA-05",
        title=f"Where {official:.0%} of suspects have a known contact offence, about {ppv:.0%} of those KIRAT rates "
        "High or Very High would have one",
        subtitle="Predictive values of a High or Very High rating against the share of suspects with contact "
        "offending, from KIRAT's development table",
        references=references(*_sources(kirat), *cited(base_rates.loc[[*prevalences.index, *wholes]])),
        alt_text=f"Two curves against prevalence. PPV rises from {first.ppv:.0%} at {first.prevalence:.0%} to "
        f"{last.ppv:.0%} at {last.prevalence:.0%}; NPV falls from {first.npv:.0%} to {last.npv:.0%}. "
        f"At {official:.0%} the PPV is {ppv:.0%}.",
        data=curve,
        notes=(
            "Bayes' rule from the development table's sensitivity and specificity (in-sample, likely optimistic); "
            "shaded: 95% intervals (logit method, Mercaldo, Lau & Zhou 2007). Model values, not observed rates.",
            f"Dotted lines: published base rates of contact offending: {stated[OFFICIAL_BASE_RATE]} with an official "
            f"record and {stated['base-seto-self-report']} self-reported (Seto, Hanson & Babchishin 2011); "
            f"{stated['base-wolak-one-in']} possession investigations (Wolak, Finkelhor & Mitchell 2011), shown as "
            f"{derived['base-wolak-one-in']:.1%} (derived); {stated['base-goller-dual']} 'illegal pornography' "
            f"offenders in a Swiss national cohort (Goller et al. 2016), {derived['base-goller-dual']:.1%} "
            "(derived; a broader offence than child sexual abuse images).",
            f"The development sample had {matrix.positives / matrix.n:.0%} in the higher-risk group.",
        ),
        inputs=(kirat, base_rates),
    )


def net_benefit_exhibit(
    benefit: pd.DataFrame,
    crossings: NetBenefitCrossings,
    supported: NetBenefitIntervalRanges,
    *,
    kirat: pd.DataFrame,
    base_rates: pd.DataFrame,
) -> Exhibit:
    """Exhibit IA-06: where prioritising High or Very High ratings pays, at the official-record base rate.

    Parameters
    ----------
    benefit : pandas.DataFrame
        :func:`inquiry_analysis.metrics.net_benefit.net_benefit`'s table: the plotted data.
    crossings, supported : NetBenefitCrossings, NetBenefitIntervalRanges
        The exact crossings of the point estimates, and where the interval lies above both
        alternatives, at the same prevalence as ``benefit``.
    kirat, base_rates : pandas.DataFrame
        The figure tables, as :func:`inquiry_analysis.load_kirat` and
        :func:`inquiry_analysis.load_base_rates` return them (for the source line and inputs).

    Returns
    -------
    inquiry_analysis.exhibits.Exhibit

    Raises
    ------
    ValueError
        If the results were computed at another prevalence than the official-record base rate.
    """
    prevalence = _check_same_prevalence(crossings, supported)
    official = predictive.prevalences_from_figures(base_rates.loc[[OFFICIAL_BASE_RATE]]).prevalence.iloc[0]
    if not math.isclose(prevalence, official):
        raise ValueError(
            f"the net benefit was computed at {prevalence:.1%} prevalence, but IA-06 cites the official-record "
            f"base rate ({official:.1%}); compute it at that prevalence"
        )
    level = f"{supported.confidence_level:.0%}"
    title = (
        f"At a {prevalence:.0%} base rate, prioritising High or Very High ratings beats investigating everyone or no "
        f"one with {level} confidence only for thresholds {_ranges(supported.above_both, '.0%')}"
        if supported.above_both
        else f"At a {prevalence:.0%} base rate, prioritising High or Very High ratings beats investigating everyone "
        f"or no one with {level} confidence at no threshold"
    )
    point = (
        f"Point estimates beat both alternatives from {_ranges(crossings.beats_both, '.1%')} (exact crossings)"
        if crossings.beats_both
        else "Point estimates beat both alternatives at no threshold (exact crossings)"
    )
    return Exhibit(
        exhibit_id="IA-06",
        title=title,
        subtitle="Net benefit per suspect assessed against the threshold probability of contact offending at which "
        f"to investigate; prevalence {prevalence:.0%}",
        references=references(*_sources(kirat), *cited(base_rates.loc[[OFFICIAL_BASE_RATE]])),
        alt_text=f"Net benefit of acting on a High or Very High rating, with its interval, against threshold "
        f"probabilities from {benefit.threshold.min():.0%} to {benefit.threshold.max():.0%}, compared with acting "
        f"on all suspects (falling from {benefit.act_on_all.iloc[0]:.3f}) and on none (zero).",
        data=benefit,
        notes=(
            "Decision curve analysis (Vickers & Elkin 2006): a threshold of p means one missed contact offender is "
            f"worth (1 - p) / p unnecessary investigations. Shaded: {level} interval (normal approximation).",
            f"{point}; the title gives the thresholds where the whole interval does.",
            f"Based on the development table at the High cut (in-sample) and a prevalence of {prevalence:.0%} "
            "(Seto, Hanson & Babchishin 2011, official records), taken as known: its own uncertainty is not in the "
            "interval. Other cuts of the rating are not published.",
        ),
        inputs=(kirat, base_rates),
    )
