"""What the case-file notebook and its exhibits (AN-21 to AN-26) say, built from the evaluation as it may be published.

Every function works from a :class:`~inquiry_analysis.metrics.case_files.CaseFileEvaluation` and what
disclosure control lets out of it (:func:`inquiry_analysis.disclosure.publishable_cases`): no number is
stated from a withheld cell, cut or AUC. The ``*_exhibit`` functions return each
:class:`~inquiry_analysis.exhibits.Exhibit` (the title stating the finding, subtitle, source line, alt
text, notes, plotted data and inputs), or None where disclosure control withholds it
(:func:`withheld_reason` says why); :func:`describe_cases` and :func:`headline` return what the notebook
prints. Every number stated is taken from the results passed in.
"""

from __future__ import annotations

import pandas as pd

from inquiry_analysis import provenance
from inquiry_analysis.disclosure import MARKER, TOTAL, PublishableCases
from inquiry_analysis.disclosure.cases import level_outcome_counts
from inquiry_analysis.exhibits.case_tables import _check_evaluation, cut_metrics_table, level_rates_table, roc_table
from inquiry_analysis.exhibits.exhibit import Exhibit, Withheld
from inquiry_analysis.exhibits.kirat import OFFICIAL_BASE_RATE
from inquiry_analysis.io import cited, references
from inquiry_analysis.metrics import net_benefit, predictive
from inquiry_analysis.metrics.case_files import CaseFileEvaluation

__all__ = [
    "PREVALENCES",
    "THRESHOLDS",
    "base_rate_marks",
    "cut_metrics_exhibit",
    "describe_cases",
    "headline",
    "level_outcomes_exhibit",
    "level_rates_exhibit",
    "net_benefit_exhibit",
    "predictive_values_exhibit",
    "roc_exhibit",
    "withheld_reason",
]

#: The prevalences AN-25 plots, 2% to 80% in steps of one point.
PREVALENCES = tuple(p / 100 for p in range(2, 81))
#: The threshold probabilities AN-26 plots, 1% to 50% in steps of one point.
THRESHOLDS = tuple(t / 100 for t in range(1, 51))

_WITHHELD = {
    "AN-23": "No ROC exhibit: disclosure control withholds every cut, or the totals its AUC interval would reveal.",
    "AN-24": "No metrics at the cuts: disclosure control withholds every cut.",
    "AN-25": "No predictive values: the cut '{cut}' is withheld by disclosure control.",
    "AN-26": "No net benefit: the cut '{cut}' is withheld by disclosure control.",
}


def _input(cases: pd.DataFrame) -> provenance.InputFile:
    record = cases.attrs.get("input") if isinstance(cases, pd.DataFrame) else None
    if not isinstance(record, provenance.InputFile):
        raise ValueError(
            "`cases` must be the case file as read_case_file or open_input returned it (its attrs name the file), "
            f"but {type(cases).__name__} without that record was passed"
        )
    return record


def _check_published(published) -> None:
    if not isinstance(published, PublishableCases):
        raise TypeError(
            f"expected what may be published (PublishableCases, from publishable_cases), got {type(published).__name__}"
        )


def _check(evaluation: CaseFileEvaluation, published: PublishableCases) -> None:
    """An evaluation, and what of it may be published made from it (else a number could come from another file)."""
    _check_evaluation(evaluation)
    _check_published(published)
    counts = published.table.counts.drop(index=TOTAL, columns=TOTAL, errors="ignore")
    if (
        counts.shape != (len(evaluation.levels), 2)
        or (counts.to_numpy() != level_outcome_counts(evaluation).to_numpy()).any()
    ):
        raise ValueError("`published` was not made from `evaluation`: pass publishable_cases(evaluation)")


def _cut(evaluation: CaseFileEvaluation, positive_from: str) -> str:
    cut = f"{positive_from} or above"
    if cut not in evaluation.cuts:
        levels = list(evaluation.levels["level"])[1:]
        raise ValueError(
            f"`positive_from` must be one of the levels above the lowest ({', '.join(levels)}), "
            f"but {positive_from!r} was passed"
        )
    return cut


def _level(evaluation: CaseFileEvaluation) -> float:
    # evaluate_case_file uses one confidence level for every interval it gives: the AUC's, the levels', the cuts'.
    return evaluation.auc.confidence_level


def describe_cases(cases: pd.DataFrame, published: PublishableCases) -> str:
    """The case file read, and what disclosure control withholds, in two lines.

    Parameters
    ----------
    cases : pandas.DataFrame
        The case file, as :func:`inquiry_analysis.read_case_file` returned it (its ``attrs["input"]``).
    published : PublishableCases
        What of its evaluation may be published.

    Returns
    -------
    str
        ``cases.csv: 773 bytes, sha256 ...``, then the smallest count shown and the cuts withheld.
    """
    _check_published(published)
    source = _input(cases)
    sheet = f", sheet {source.sheet!r}" if source.sheet else ""
    withheld = ", ".join(published.hidden_cuts) or "none"
    return (
        f"{source.name}{sheet}: {source.bytes:,} bytes, sha256 {source.sha256}\n"
        f"Counts below {published.min_cell}, and cells from which one could be worked out, are shown as {MARKER}; "
        f"cuts withheld: {withheld}"
    )


def headline(evaluation: CaseFileEvaluation, published: PublishableCases, *, positive_from: str) -> str:
    """The AUC as published, then every metric at the cut "``positive_from`` or above" unless it is withheld.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
        From :func:`~inquiry_analysis.metrics.case_files.evaluate_case_file`.
    published : PublishableCases
        What of it may be published.
    positive_from : str
        The lowest level rated positive at the cut the notebook reports.

    Returns
    -------
    str
        ``AUC of the levels: 0.777 (95% CI ...)``, then ``At 'High or above':`` and the metrics, one a line.
    """
    _check(evaluation, published)
    cut = _cut(evaluation, positive_from)
    merged = " as published (withheld cuts merged)" if published.hidden_cuts else ""
    auc = (
        str(published.auc)
        if published.auc is not None
        else "withheld by disclosure control (it would reveal a hidden total)"
    )
    lines = [f"AUC of the levels{merged}: {auc}"]
    if cut in published.hidden_cuts:
        lines.append(
            f"The cut '{cut}' is withheld by disclosure control: its metrics, predictive values and net benefit "
            "are not shown."
        )
    else:
        lines += [f"At '{cut}':", str(evaluation.cuts[cut])]
    return "\n".join(lines)


def withheld_reason(exhibit_id: str, *, positive_from: str | None = None) -> str:
    """Why an exhibit of the case file is not made: the reason its ``*_exhibit`` function's ``Withheld`` gives.

    Parameters
    ----------
    exhibit_id : str
        ``AN-23`` to ``AN-26`` (AN-21 and AN-22 are always made, with ``[c]`` where cells are withheld).
    positive_from : str, optional
        The lowest level rated positive at the cut of AN-25 and AN-26.

    Returns
    -------
    str

    Examples
    --------
    >>> withheld_reason("AN-25", positive_from="High")
    "No predictive values: the cut 'High or above' is withheld by disclosure control."
    """
    if exhibit_id not in _WITHHELD:
        raise ValueError(f"`exhibit_id` must be one of {', '.join(_WITHHELD)}, but {exhibit_id!r} was passed")
    if "{cut}" in _WITHHELD[exhibit_id] and positive_from is None:
        raise ValueError(f"{exhibit_id} is withheld with its cut: pass `positive_from`")
    return _WITHHELD[exhibit_id].format(cut=f"{positive_from} or above")


def level_outcomes_exhibit(published: PublishableCases, *, cases: pd.DataFrame) -> Exhibit:
    """Exhibit AN-21: people assessed by risk level and outcome, as disclosure control leaves the table.

    Parameters
    ----------
    published : PublishableCases
        What of the evaluation may be published; its ``table.shown`` is the plotted data.
    cases : pandas.DataFrame
        The case file, as :func:`inquiry_analysis.read_case_file` returned it (for the source line and inputs).

    Returns
    -------
    inquiry_analysis.exhibits.Exhibit
    """
    _check_published(published)
    shown, min_cell = published.table.shown, published.min_cell
    counts = "; ".join(
        f"{level}: {row.iloc[0]} without, {row.iloc[1]} with" for level, row in shown.drop(index=TOTAL).iterrows()
    )
    return Exhibit(
        exhibit_id="AN-21",
        title=f"{shown.loc[TOTAL, shown.columns[1]]} of {shown.loc[TOTAL, TOTAL]} people assessed had the outcome: "
        "how they were rated, level by level",
        subtitle=f"People assessed by risk level and outcome; counts below {min_cell}, and cells that would reveal "
        f"them, shown as {MARKER}",
        references=(_input(cases),),
        alt_text=f"Bars of the number of people at each risk level without and with the outcome: {counts}.",
        data=shown.reset_index(),
        notes=(
            f"{MARKER}: withheld to protect confidentiality (a count below {min_cell}, or a cell from which one "
            "could be worked out).",
        ),
        inputs=(cases,),
    )


def level_rates_exhibit(evaluation: CaseFileEvaluation, published: PublishableCases, *, cases: pd.DataFrame) -> Exhibit:
    """Exhibit AN-22: the share with the outcome at each level, withheld where the level's counts are.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    published : PublishableCases
        What of it may be published (the levels whose rates are withheld).
    cases : pandas.DataFrame
        The case file, as :func:`inquiry_analysis.read_case_file` returned it.

    Returns
    -------
    inquiry_analysis.exhibits.Exhibit
        Its data is :func:`~inquiry_analysis.exhibits.case_tables.level_rates_table`.
    """
    _check(evaluation, published)
    rates = level_rates_table(evaluation, suppressed=published.hidden_levels)
    shown = rates[rates["rate"].astype(str) != MARKER]
    if len(shown) > 1:
        first, last = shown.iloc[0], shown.iloc[-1]
        finding = f": from {first.rate:.0%} at {first.level} to {last.rate:.0%} at {last.level}"
    else:
        finding = " (withheld where counts are small)"
    each = "; ".join(
        f"{r.level}: " + (f"{r.rate:.0%}" if str(r.rate) != MARKER else "withheld") for r in rates.itertuples()
    )
    return Exhibit(
        exhibit_id="AN-22",
        title=f"The share with the outcome at each risk level{finding}",
        subtitle=f"Share of people assessed at each level who had the outcome, with "
        f"{_level(evaluation):.0%} Wilson intervals",
        references=(_input(cases),),
        alt_text=f"Points with interval bars, one per risk level: {each}.",
        data=rates,
        notes=(
            f"{MARKER}: withheld because the level's counts include one below {published.min_cell} or one that "
            "would reveal it.",
        ),
        inputs=(cases,),
    )


def roc_exhibit(
    evaluation: CaseFileEvaluation, published: PublishableCases, *, cases: pd.DataFrame
) -> Exhibit | Withheld:
    """Exhibit AN-23: the ROC through the published cuts and its AUC, or None where the AUC is withheld.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    published : PublishableCases
        What of it may be published (the cuts withheld, the AUC of the levels merged at them).
    cases : pandas.DataFrame
        The case file, as :func:`inquiry_analysis.read_case_file` returned it.

    Returns
    -------
    inquiry_analysis.exhibits.Exhibit or Withheld
        Its data is :func:`~inquiry_analysis.exhibits.case_tables.roc_table`.
    """
    _check(evaluation, published)
    auc, hidden = published.auc, published.hidden_cuts
    if auc is None:
        return Withheld(exhibit_id="AN-23", reason=withheld_reason("AN-23"))
    better = "better than chance" if auc.lower > 0.5 else "not clearly better than chance"
    drawn = ", ".join(cut for cut in evaluation.cuts if cut not in hidden)
    side = "above" if auc.estimate > 0.5 else "on or below"
    how = (
        f"Cuts withheld by disclosure control ({', '.join(hidden)}) are not drawn, and the AUC treats the levels "
        "either side of them as one: it is the area under the curve as drawn."
        if hidden
        else "The AUC is the area under the curve through every cut."
    )
    return Exhibit(
        exhibit_id="AN-23",
        title=f"The ratings' AUC is {auc.estimate:.2f} ({auc.confidence_level:.0%} CI {auc.lower:.2f} to "
        f"{auc.upper:.2f}): {better}",
        subtitle="ROC of the risk levels: true against false positive rate at each cut 'level or above'",
        references=(_input(cases),),
        alt_text=f"ROC curve through the cuts {drawn}, {side} the chance diagonal; AUC {auc}.",
        data=roc_table(evaluation, hidden_cuts=hidden),
        notes=(how, f"AUC interval: {auc.method}."),
        inputs=(cases,),
    )


def cut_metrics_exhibit(
    evaluation: CaseFileEvaluation, published: PublishableCases, *, cases: pd.DataFrame
) -> Exhibit | Withheld:
    """Exhibit AN-24: five metrics at each published cut, or None where every cut is withheld.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    published : PublishableCases
        What of it may be published (the cuts withheld).
    cases : pandas.DataFrame
        The case file, as :func:`inquiry_analysis.read_case_file` returned it.

    Returns
    -------
    inquiry_analysis.exhibits.Exhibit or Withheld
        Its data is :func:`~inquiry_analysis.exhibits.case_tables.cut_metrics_table`.
    """
    _check(evaluation, published)
    hidden = published.hidden_cuts
    if len(set(hidden)) >= len(evaluation.cuts):
        return Withheld(exhibit_id="AN-24", reason=withheld_reason("AN-24"))
    each = "; ".join(
        f"{cut}: sensitivity {s.sensitivity.estimate:.0%}, specificity {s.specificity.estimate:.0%}"
        for cut, s in evaluation.cuts.items()
        if cut not in hidden
    )
    return Exhibit(
        exhibit_id="AN-24",
        title="Each cut trades sensitivity against specificity",
        subtitle="Sensitivity, specificity, PPV, NPV and accuracy at each cut 'level or above', with "
        f"{_level(evaluation):.0%} Wilson intervals",
        references=(_input(cases),),
        alt_text=f"Points with interval bars for five metrics at each cut: {each}.",
        data=cut_metrics_table(evaluation, hidden_cuts=hidden),
        notes=("PPV and NPV here are the case file's own; at other base rates see AN-25.",),
        inputs=(cases,),
    )


def _prevalences(base_rates: pd.DataFrame) -> pd.DataFrame:
    return predictive.prevalences_from_figures(base_rates, shares=predictive.BASE_RATE_SHARES)


def base_rate_marks(base_rates: pd.DataFrame) -> pd.DataFrame:
    """The published base rates AN-25 marks, one a prevalence, labelled as stated.

    Parameters
    ----------
    base_rates : pandas.DataFrame
        As :func:`inquiry_analysis.load_base_rates` returns them.

    Returns
    -------
    pandas.DataFrame
        :func:`inquiry_analysis.metrics.predictive.prevalences_from_figures`'s table, the first row of
        each prevalence, with a ``label`` column.
    """
    return _prevalences(base_rates).drop_duplicates(subset="prevalence").assign(label=lambda t: t.stated)


def _at_cut(evaluation, published: PublishableCases, positive_from: str, base_rates: pd.DataFrame, cases):
    """The cut, its 2×2 table, the official base rate and the references (file, then documents); None if withheld."""
    _check(evaluation, published)
    cut = _cut(evaluation, positive_from)
    if cut in published.hidden_cuts:
        return None
    prevalences = _prevalences(base_rates)
    # Each base rate's document and the third parties it came through, and the figures a share was taken of, as IA-05.
    wholes = [whole for part, whole in predictive.BASE_RATE_SHARES.items() if part in prevalences.index]
    cited_refs = (_input(cases).reference(), *references(*cited(base_rates.loc[[*prevalences.index, *wholes]])))
    return cut, evaluation.cuts[cut].matrix, prevalences, cited_refs


def predictive_values_exhibit(
    evaluation: CaseFileEvaluation,
    published: PublishableCases,
    base_rates: pd.DataFrame,
    *,
    positive_from: str,
    cases: pd.DataFrame,
) -> Exhibit | Withheld:
    """Exhibit AN-25: what a rating at the cut would mean at other base rates, or None where the cut is withheld.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    published : PublishableCases
        What of it may be published (the cuts withheld).
    base_rates : pandas.DataFrame
        The published base rates, as :func:`inquiry_analysis.load_base_rates` returns them.
    positive_from : str
        The lowest level rated positive: the cut is "``positive_from`` or above".
    cases : pandas.DataFrame
        The case file, as :func:`inquiry_analysis.read_case_file` returned it.

    Returns
    -------
    inquiry_analysis.exhibits.Exhibit or Withheld
        Its data is :func:`inquiry_analysis.metrics.predictive.predictive_value_curve` at :data:`PREVALENCES`,
        from the sensitivity and specificity at the cut.
    """
    found = _at_cut(evaluation, published, positive_from, base_rates, cases)
    if found is None:
        return Withheld(exhibit_id="AN-25", reason=withheld_reason("AN-25", positive_from=positive_from))
    cut, matrix, prevalences, cited_refs = found
    official = prevalences.loc[OFFICIAL_BASE_RATE, "prevalence"]
    at_official = predictive.predictive_values(matrix, official, confidence_level=_level(evaluation))
    marked = "; ".join(
        f"{r.stated}" + (f" ({r.derived}, derived)" if isinstance(r.derived, str) else "")
        for r in base_rate_marks(base_rates).itertuples()
    )
    return Exhibit(
        exhibit_id="AN-25",
        title=f"Where {official:.0%} of suspects have a known contact offence, about {at_official.ppv.estimate:.0%} "
        f"of those rated {cut} would have one",
        subtitle=f"Predictive values of a rating of {cut} against the share of suspects with a contact offence",
        references=cited_refs,
        alt_text=f"PPV rises and NPV falls as the base rate rises; at {official:.0%}: {at_official}.",
        data=predictive.predictive_value_curve(matrix, PREVALENCES, confidence_level=_level(evaluation)),
        notes=(
            f"Sensitivity and specificity from the case file. Base rates marked, from the published figures: {marked}.",
        ),
        inputs=(cases, base_rates),
    )


def net_benefit_exhibit(
    evaluation: CaseFileEvaluation,
    published: PublishableCases,
    base_rates: pd.DataFrame,
    *,
    positive_from: str,
    cases: pd.DataFrame,
) -> Exhibit | Withheld:
    """Exhibit AN-26: where acting on ratings at the cut pays, at the official-record base rate; None if withheld.

    Parameters
    ----------
    evaluation : CaseFileEvaluation
    published : PublishableCases
        What of it may be published (the cuts withheld).
    base_rates : pandas.DataFrame
        The published base rates, as :func:`inquiry_analysis.load_base_rates` returns them.
    positive_from : str
        The lowest level rated positive: the cut is "``positive_from`` or above".
    cases : pandas.DataFrame
        The case file, as :func:`inquiry_analysis.read_case_file` returned it.

    Returns
    -------
    inquiry_analysis.exhibits.Exhibit or Withheld
        Its data is :func:`inquiry_analysis.metrics.net_benefit.net_benefit` at :data:`THRESHOLDS` and the
        official-record base rate; the title states where the interval lies above both alternatives
        (:func:`~inquiry_analysis.metrics.net_benefit.net_benefit_interval_ranges`), a note where the point
        estimates do (:func:`~inquiry_analysis.metrics.net_benefit.net_benefit_crossings`).
    """
    found = _at_cut(evaluation, published, positive_from, base_rates, cases)
    if found is None:
        return Withheld(exhibit_id="AN-26", reason=withheld_reason("AN-26", positive_from=positive_from))
    cut, matrix, prevalences, _ = found
    official, level = prevalences.loc[OFFICIAL_BASE_RATE, "prevalence"], _level(evaluation)
    # Only the official-record base rate is used here: the others AN-25 marks are not cited.
    cited_refs = (_input(cases).reference(), *references(*cited(base_rates.loc[[OFFICIAL_BASE_RATE]])))
    benefit = net_benefit.net_benefit(matrix, THRESHOLDS, prevalence=official, confidence_level=level)
    crossings = net_benefit.net_benefit_crossings(matrix, prevalence=official)
    supported = net_benefit.net_benefit_interval_ranges(matrix, prevalence=official, confidence_level=level)
    title = (
        f"At a {official:.0%} base rate, acting on ratings of {cut} beats acting on everyone or no one with "
        f"{level:.0%} confidence for thresholds "
        + " and ".join(f"{low:.0%} to {high:.0%}" for low, high in supported.above_both)
        if supported.above_both
        else f"At a {official:.0%} base rate, no threshold makes acting on ratings of {cut} clearly better than "
        "acting on everyone or no one"
    )
    return Exhibit(
        exhibit_id="AN-26",
        title=title,
        subtitle=f"Net benefit per suspect assessed against the threshold probability at which to act; prevalence "
        f"{official:.0%}",
        references=cited_refs,
        alt_text=f"Net benefit of acting on ratings of {cut}, with its interval, against thresholds "
        f"{benefit.threshold.min():.0%} to {benefit.threshold.max():.0%}, compared with acting on all suspects "
        f"(falling from {benefit.act_on_all.iloc[0]:.3f}) and on none (zero).",
        data=benefit,
        notes=(
            "Decision curve analysis (Vickers & Elkin 2006): a threshold of p means one missed contact offender is "
            f"worth (1 - p) / p unnecessary investigations. Shaded: {level:.0%} interval (normal approximation).",
            f"Point estimates beat both alternatives from {crossings.beats_all_from:.1%} to "
            f"{crossings.beats_none_below:.1%}; the title gives the thresholds where the whole interval does.",
            f"Prevalence {official:.0%} (Seto, Hanson & Babchishin 2011, official records), taken as known.",
        ),
        inputs=(cases, base_rates),
    )
