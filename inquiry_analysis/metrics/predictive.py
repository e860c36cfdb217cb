"""Predictive values at another base rate: Bayes' rule with the logit interval of Mercaldo, Lau & Zhou (2007).

PPV and NPV at a prevalence, their curve over prevalences, the base rates as fractions from published
figures, and what a rating does to 1,000 assessed people at a base rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from inquiry_analysis.metrics._common import (
    check_confidence_level,
    fmt_percent,
    two_sided_quantile,
)
from inquiry_analysis.metrics.confusion import ConfusionMatrix, Estimate, classification_summary

__all__ = [
    "BASE_RATE_SHARES",
    "PredictiveValues",
    "per_1000_at_prevalence",
    "predictive_value_curve",
    "predictive_values",
    "prevalences_from_figures",
]


@dataclass(frozen=True, kw_only=True)
class PredictiveValues:
    """PPV and NPV at a given prevalence, from a sample's sensitivity and specificity.

    Attributes
    ----------
    prevalence : float
        The share of cases that are positive where the tool is used, a fraction in (0, 1).
    ppv : Estimate
        The positive predictive value at that prevalence, with the logit-method interval.
    npv : Estimate
        The negative predictive value at that prevalence, with the logit-method interval.
    """

    prevalence: float
    ppv: Estimate
    npv: Estimate

    def __str__(self) -> str:
        return f"at {fmt_percent(100 * self.prevalence)} prevalence: PPV {self.ppv}, NPV {self.npv}"


def predictive_values(
    matrix: ConfusionMatrix, prevalence: float, *, confidence_level: float = 0.95
) -> PredictiveValues:
    """Predictive values if the tool were used where ``prevalence`` of cases are positive (Bayes' rule).

    The intervals use the logit method of Mercaldo, Lau & Zhou (2007), whose variance combines the
    binomial uncertainty of sensitivity and of specificity; 0.5 is added to the cells when one is empty.

    Parameters
    ----------
    matrix : ConfusionMatrix
        The table of counts.
    prevalence : float
        The share of positive cases where the tool is used, in (0, 1).
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    PredictiveValues
        PPV and NPV at ``prevalence`` with their intervals.

    Examples
    --------
    >>> pv = predictive_values(ConfusionMatrix(tp=90, fn=10, fp=20, tn=80), 0.5)
    >>> round(pv.ppv.estimate, 4)  # 0.9 * 0.5 / (0.9 * 0.5 + 0.2 * 0.5)
    0.8182
    """
    c = check_confidence_level(confidence_level)
    if not 0 < prevalence < 1:
        raise ValueError(f"`prevalence` must be in (0, 1), but {prevalence!r} was passed")
    m = matrix
    correction = 0.5 if 0 in (m.tp, m.fn, m.fp, m.tn) else 0.0
    tp, fn, fp, tn = (x + correction for x in (m.tp, m.fn, m.fp, m.tn))
    sens, spec = tp / (tp + fn), tn / (tn + fp)
    n1, n0 = tp + fn, tn + fp
    z = two_sided_quantile(c)
    method = "logit method (Mercaldo, Lau & Zhou 2007)" + (", 0.5 added to each cell" if correction else "")

    def bounded(name, logit, variance):
        se = math.sqrt(variance)
        expit = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
        return Estimate(
            name=name,
            estimate=expit(logit),
            lower=expit(logit - z * se),
            upper=expit(logit + z * se),
            method=method,
            confidence_level=c,
        )

    odds = math.log(prevalence / (1 - prevalence))
    ppv = bounded("PPV", math.log(sens / (1 - spec)) + odds, (1 - sens) / (sens * n1) + spec / ((1 - spec) * n0))
    npv = bounded("NPV", math.log(spec / (1 - sens)) - odds, sens / ((1 - sens) * n1) + (1 - spec) / (spec * n0))
    return PredictiveValues(prevalence=prevalence, ppv=ppv, npv=npv)


def predictive_value_curve(
    matrix: ConfusionMatrix, prevalences: Sequence[float], *, confidence_level: float = 0.95
) -> pd.DataFrame:
    """PPV and NPV with their intervals at each prevalence, for a chart.

    Parameters
    ----------
    matrix : ConfusionMatrix
        The table of counts.
    prevalences : sequence of float
        The prevalences, each in (0, 1).
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per prevalence: ``prevalence``, ``ppv``, ``ppv_lower``, ``ppv_upper``, ``npv``,
        ``npv_lower``, ``npv_upper``; ``attrs["decimals"]`` gives the places to export.
    """
    rows = []
    for p in prevalences:
        pv = predictive_values(matrix, p, confidence_level=confidence_level)
        rows.append(
            {
                "prevalence": p,
                "ppv": pv.ppv.estimate,
                "ppv_lower": pv.ppv.lower,
                "ppv_upper": pv.ppv.upper,
                "npv": pv.npv.estimate,
                "npv_lower": pv.npv.lower,
                "npv_upper": pv.npv.upper,
            }
        )
    table = pd.DataFrame(rows)
    # Exported precision: fractions to 4 places, a hundredth of a percentage point.
    table.attrs["decimals"] = dict.fromkeys(table.columns, 4)
    return table


#: The bundled base rates given as a count of a group (part's figure id: the group's figure id): the Swiss
#: cohort's 363 offenders with a contact offence, of its 4,612 (base_rates.csv).
BASE_RATE_SHARES = {"base-goller-dual": "base-goller-cohort"}


def prevalences_from_figures(figures: pd.DataFrame, *, shares: dict[str, str] | None = None) -> pd.DataFrame:
    """Base rates as fractions from rows of a bundled table (``percent``, ``one_in_n``, or a part of a count).

    "One in six" becomes 1/6, a derived value, and is marked so; "about" is kept. ``shares`` maps the
    figure id of a count that is part of a group to the figure id of the group's count ("363 dual
    offenders" of "4,612 offenders"): the share is derived here, at run time, and marked so; each
    count used in a share must be named in ``shares``, and only there.

    Parameters
    ----------
    figures : pandas.DataFrame
        Rows of the bundled base-rate table, indexed by figure id.
    shares : dict of str to str, optional
        Figure id of a count that is part of a group to the figure id of the group's count
        (:data:`BASE_RATE_SHARES` for the bundled table).

    Returns
    -------
    pandas.DataFrame
        Indexed by figure id: ``measure``, ``scope``, ``stated``, ``prevalence`` (a fraction),
        ``derived`` (None for a published percentage) and ``source_id``.

    Examples
    --------
    >>> rows = pd.DataFrame({"value": [363, 4612], "unit": ["count", "count"], "qualifier": [None, None],
    ...                      "measure": ["dual", "all"], "scope": ["s", "s"], "source_id": ["x", "x"]},
    ...                     index=["part", "whole"])
    >>> prevalences_from_figures(rows, shares={"part": "whole"})[["stated", "derived"]].values.tolist()
    [['363 of 4,612', '363 / 4,612 = 7.9%']]
    """
    shares = dict(shares or {})
    wholes = set(shares.values())
    for part, whole in shares.items():
        for figure_id in (part, whole):
            if figure_id not in figures.index or figures.loc[figure_id, "unit"] != "count":
                raise ValueError(f"`shares` names {figure_id!r}, which is not a count among the figures passed")
        if figures.loc[part, "value"] > figures.loc[whole, "value"]:
            raise ValueError(f"{part} ({figures.loc[part, 'value']}) is more than the group {whole} it is part of")
    rows = []
    for figure_id, row in figures.iterrows():
        value = float(row["value"])
        qualifier = "" if pd.isna(row["qualifier"]) else f"{row['qualifier']} "
        if row["unit"] == "percent":
            fraction, derived, stated = value / 100, None, f"{qualifier}{value:g}%"
        elif row["unit"] == "one_in_n":
            fraction, derived, stated = 1 / value, f"one in {value:g} = {1 / value:.1%}", f"{qualifier}1 in {value:g}"
        elif row["unit"] == "count" and figure_id in shares:
            whole = float(figures.loc[shares[figure_id], "value"])
            fraction = value / whole
            derived = f"{value:,.0f} / {whole:,.0f} = {fraction:.1%}"
            stated = f"{qualifier}{value:,.0f} of {whole:,.0f}"
        elif row["unit"] == "count" and figure_id in wholes:
            continue
        else:
            raise ValueError(
                f"figure {figure_id} is in {row['unit']}, not a percentage or 'one in n'; a count "
                "enters only as part of a group, through `shares`"
            )
        rows.append(
            {
                "figure_id": figure_id,
                "measure": row["measure"],
                "scope": row["scope"],
                "stated": stated,
                "prevalence": fraction,
                "derived": derived,
                "source_id": row["source_id"],
            }
        )
    return pd.DataFrame(rows).set_index("figure_id")


def per_1000_at_prevalence(
    matrix: ConfusionMatrix, prevalence: float, *, confidence_level: float = 0.95
) -> pd.DataFrame:
    """Out of 1,000 assessed suspects at ``prevalence``: positives rated negative, and negatives rated positive.

    Each count is monotone in one proportion (sensitivity or specificity), so its interval is that
    proportion's Wilson interval carried through.

    Parameters
    ----------
    matrix : ConfusionMatrix
        The table of counts.
    prevalence : float
        The share of positive cases, in (0, 1).
    confidence_level : float, default 0.95
        Of the intervals.

    Returns
    -------
    pandas.DataFrame
        Four rows (missed, false alarms, positives and negatives rated correctly), with ``count``,
        ``lower`` and ``upper`` per 1,000 assessed.
    """
    c = check_confidence_level(confidence_level)
    if not 0 < prevalence < 1:
        raise ValueError(f"`prevalence` must be in (0, 1), but {prevalence!r} was passed")
    summary = classification_summary(matrix, confidence_level=c)
    sens, spec = summary.sensitivity, summary.specificity
    positives, negatives = 1000 * prevalence, 1000 * (1 - prevalence)
    return pd.DataFrame(
        {
            "count": [
                positives * (1 - sens.estimate),
                negatives * (1 - spec.estimate),
                positives * sens.estimate,
                negatives * spec.estimate,
            ],
            "lower": [
                positives * (1 - sens.upper),
                negatives * (1 - spec.upper),
                positives * sens.lower,
                negatives * spec.lower,
            ],
            "upper": [
                positives * (1 - sens.lower),
                negatives * (1 - spec.lower),
                positives * sens.upper,
                negatives * spec.upper,
            ],
        },
        index=pd.Index(
            [
                "positives rated negative (missed)",
                "negatives rated positive (false alarms)",
                "positives rated positive",
                "negatives rated negative",
            ],
            name=f"per 1,000 at {prevalence:.1%}",
        ),
    )
