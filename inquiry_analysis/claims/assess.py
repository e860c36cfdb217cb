"""Each figure given at the hearing, recomputed from the published data and given a verdict.

Every verdict comes from one rule, applied to two things: the range of values the figure stands
for as worded (its *reading*), and what the published data allow for it, one value or a range:

- ``reproduced``: the data give one value, and it is the figure claimed;
- ``consistent``: all that the data allow lies within the reading;
- ``inconsistent``: none of it does;
- ``unverifiable``: the data give nothing for the figure, or allow values both inside and outside
  its reading, so that they neither confirm nor contradict it.

A model estimate is not data and never enters a verdict. It is reported beside one, with the
shape it assumes; an interval from a model is "conditional on" that shape, never a bare CI.

The tolerance rule (how a figure is read) follows the claim's wording, recorded for each claim in
``data/claims.csv`` as ``qualifier`` and ``precision``, with the range they give in
``tolerance_low`` and ``tolerance_high`` (checked against the rule when the claim is assessed).
These columns are the project's reading of the words, not published figures.

1. *Precision*: the unit the figure is read as rounded to. By default the place of its last
   non-zero digit (80,000: 10,000; 3,500: 100; 170: 10; 83.7%: 0.1), or 0 for a figure read as
   exact ("no operations").
2. *Qualifier*: with none, the figure stands for whatever rounds to it, half a unit either side
   ("3,500": 3,450 to 3,550). "About", "around" and "approximately" reach a whole unit either side,
   up to the neighbouring figures at that precision ("about 80,000" is neither 70,000 nor 90,000).
   "Nearly", "almost", "under" and "less than" reach a whole unit below the figure and none above;
   "more than" and "over" a whole unit above and none below; "just under" and "just over" half a
   unit, on their side.
3. *Cap*: no reading reaches further from the figure than 10% of it. A figure given to two
   significant figures or more is never cut by the cap (a whole unit of its second digit is at most
   a tenth of it), so the cap binds only on round figures with one significant digit, which would
   otherwise stretch to ±50% ("100,000": 50,000 to 150,000), or ±100% with "about". They are read
   no more loosely than a figure rounded to two significant figures, the rounding the ONS service
   manual shows for a general reader (264,337 as 260,000). So "about 100,000" stands for 90,000 to
   110,000, "about 80,000" for 72,000 to 88,000, "nearly 10,000" for 9,000 to 10,000 and "more
   than 20,000" for 20,000 to 22,000. Ends are included.

Readings still differ in relative width ("80,000": ±6%; "82,000": ±0.6%): a speaker who gives
more digits claims more precision and is held to it. The verdict is on the figure, not on the
truth of the sentence: "more than 20,000" is true of 30,000, but a speaker who knew of 30,000
would have said so (the granularity implicature of Cummins et al.), so 30,000 is inconsistent
with the figure. The widths and the cap are the project's rule, stated so that they can be argued
with: the works cited describe how round numbers and hedges such as "about", "nearly" and "more
than" are read, but give no single set of widths. The rule is implemented in
:mod:`inquiry_analysis.metrics.tolerance`.

References
----------
Office for National Statistics. *Service manual: Rounding*.
https://service-manual.ons.gov.uk/content/numbers/rounding

Krifka, M. (2009). Approximate interpretations of number words: a case for strategic
communication. In E. Hinrichs and J. Nerbonne (eds.), *Theory and Evidence in Semantics*,
109-132. Stanford: CSLI Publications.

Cummins, C., Sauerland, U. and Solt, S. (2012). Granularity and scalar implicature in numerical
expressions. *Linguistics and Philosophy* 35, 135-169.

Ferson, S. et al. (2015). Natural language of uncertainty: numeric hedge words. *International
Journal of Approximate Reasoning* 57, 19-39.
"""

from __future__ import annotations

import math

import pandas as pd

from inquiry_analysis.claims.verdicts import CheckResult, Verdict
from inquiry_analysis.io import loaders
from inquiry_analysis.metrics import conversions, periods, shapes
from inquiry_analysis.metrics.tolerance import Reading, read_figure, verdict_for

__all__ = ["assess", "check"]


def _reading(claim: pd.Series) -> Reading:
    """A claims.csv row's reading, checked against the range the file records for it."""
    qualifier = "" if pd.isna(claim["qualifier"]) else str(claim["qualifier"])
    reading = read_figure(
        float(claim["value"]), qualifier=qualifier, precision=float(claim["precision"]), unit=str(claim["unit"])
    )
    recorded = float(claim["tolerance_low"]), float(claim["tolerance_high"])
    if not (
        math.isclose(reading.low, recorded[0], rel_tol=1e-9, abs_tol=1e-9)
        and math.isclose(reading.high, recorded[1], rel_tol=1e-9, abs_tol=1e-9)
    ):
        raise ValueError(
            f"claims.csv reads {claim.name} as {recorded[0]:,.10g} to {recorded[1]:,.10g}, but the "
            f"tolerance rule gives {reading.low:,.10g} to {reading.high:,.10g} for {reading.said} at "
            f"precision {reading.precision:g}; update tolerance_low and tolerance_high there on purpose, "
            "or the rule"
        )
    return reading


def _where(reading: Reading, low: float | None, high: float | None = None) -> str:
    """Where what the data allow falls against the reading, in words."""
    verdict = verdict_for(reading, low, high)
    if verdict == "reproduced":
        return f"exactly {reading.said}"
    if verdict == "consistent":
        return f"within what {reading.said} stands for ({reading.span})"
    if verdict == "inconsistent":
        return f"outside what {reading.said} stands for ({reading.span})"
    return (
        f"a range reaching both inside and outside what {reading.said} stands for ({reading.span}), so they "
        "neither confirm nor contradict it"
    )


def _referrals_2017(data) -> Verdict:
    claim = data["claims"].loc["referrals-2017"]
    reading = _reading(claim)
    rows = data["referrals"]
    published = rows[(rows.measure == "referrals") & (rows.period == "2017") & (rows.unit == "count")]
    values = set(published["value"].astype(float))
    if len(values) != 1:
        raise ValueError(f"the 2017 referral counts disagree ({sorted(values)}); decide which to use")
    value = values.pop()
    return Verdict(
        claim_id="referrals-2017",
        claimed=reading.claimed,
        unit="count",
        reading=reading,
        reproduced=value,
        low=value,
        high=value,
        sources=tuple(dict.fromkeys(published["source_id"])),
        reason=f"{len(published)} sources give {value:,.0f} industry referrals from NCMEC received by the NCA in 2017, "
        f"{_where(reading, value)}. (The press said 'referred to Ceop'.)",
        notebook="01_referral_trend.ipynb",
    )


def _referrals_monthly_2016(data) -> Verdict:
    claim = data["claims"].loc["referrals-monthly-2016"]
    reading = _reading(claim)
    rows = data["referrals"]
    annual = rows.loc[["ref-2015-monthly-average", "ref-2016-monthly-average"]]
    counts = periods.counts_from_figures(annual)
    fits = shapes.window_under_shapes(counts, claim.period_start, claim.period_end)
    averages = " and ".join(f"{r.value:,.0f} a month in {r.period}" for r in annual.itertuples())
    years = " and ".join(c.label for c in counts)
    # No monthly series is published: what the annual averages allow is a range, and the verdict
    # comes from that range; the shapes that fit both totals are examples, not evidence.
    return Verdict(
        claim_id="referrals-monthly-2016",
        claimed=reading.claimed,
        unit="per_month",
        reading=reading,
        reproduced=None,
        low=fits.lower,
        high=fits.upper,
        basis="derived",
        allowed_if=f"if referrals never fell across {years}",
        sources=tuple(dict.fromkeys(annual["source_id"])),
        reason=f"No monthly series is published. The published averages ({averages}) allow {fits.lower:,.0f} to "
        f"{fits.upper:,.0f} a month for {fits.label} if referrals never fell, "
        f"{_where(reading, fits.lower, fits.upper)}. Shapes that match both annual totals exactly give "
        f"different values: a flat year gives {fits.flat:,.0f}, a straight line {fits.linear:,.0f}, a "
        f"log-linear curve {fits.log_linear:,.0f} ({fits.confidence_level:.0%} interval "
        f"{fits.log_linear_lower:,.0f} to {fits.log_linear_upper:,.0f} conditional on a log-linear shape, "
        "count noise only); which shape held is not in the data.",
        notebook="01_referral_trend.ipynb",
    )


def _hearing_700_percent(data) -> Verdict:
    rows = data["referrals"]
    statement = rows.loc["ref-hearing-700-percent"]
    qualifier = "" if pd.isna(statement.qualifier) else str(statement.qualifier)
    reading = read_figure(float(statement.value), qualifier=qualifier, unit="percent")
    latest = rows.loc["ref-2017-homeoffice"]
    stated_bases = rows[rows.conflict == "base-of-700-percent"]["base_period"].tolist()
    # A base would be a published count of the same referrals for one of the base years stated.
    same = rows[
        (rows.measure == "referrals")
        & (rows.scope == latest.scope)
        & (rows.unit == "count")
        & rows.period.isin(["2012", "2013"])
    ]
    if same.empty:
        base = conversions.implied_base(float(latest.value), float(statement.value))
        return Verdict(
            claim_id="ref-hearing-700-percent",
            claimed=reading.claimed,
            unit="percent",
            reading=reading,
            reproduced=None,
            low=None,
            high=None,
            sources=(str(statement.source_id), str(latest.source_id)),
            reason=f"No count of these referrals before 2015 is published, so there is no base to check: "
            f"{latest.value:,.0f} in 2017 would need {base.estimate:,.0f} a year ({base.estimate / 12:,.0f} a "
            f"month) at the start, and the sources give {len(set(stated_bases))} different base periods "
            f"({'; '.join(stated_bases)}).",
            notebook="01_referral_trend.ipynb",
        )
    base_row = same.sort_values("period").iloc[-1]
    change = float(100 * (latest.value / base_row.value - 1))
    return Verdict(
        claim_id="ref-hearing-700-percent",
        claimed=reading.claimed,
        unit="percent",
        reading=reading,
        reproduced=change,
        low=change,
        high=change,
        basis="derived",
        sources=(str(statement.source_id), str(latest.source_id), str(base_row.source_id)),
        reason=f"From {base_row.value:,.0f} in {base_row.period} to {latest.value:,.0f} in 2017 is {change:+,.0f}%, "
        f"{_where(reading, change)}.",
        notebook="01_referral_trend.ipynb",
    )


def _independent(rows, claim):
    """Rows for the claim's measure and period from a source other than the report of the claim itself."""
    return rows[
        (rows.measure == claim.measure)
        & (rows.period_start == claim.period_start)
        & (rows.period_end == claim.period_end)
        & (rows.source_id != claim.source_id)
    ]


def _arrests_2016_17(data) -> Verdict:
    claim = data["claims"].loc["arrests-2016-17"]
    reading = _reading(claim)
    rows = data["arrests"]
    independent = _independent(rows, claim)
    if independent.empty:
        own = rows[(rows.measure == "arrests") & (rows.source_id == claim.source_id)]
        note = f" ({own['note'].iloc[0]})" if not own.empty and own["note"].notna().iloc[0] else ""
        return Verdict(
            claim_id="arrests-2016-17",
            claimed=reading.claimed,
            unit="count",
            reading=reading,
            reproduced=None,
            low=None,
            high=None,
            sources=(str(claim.source_id),),
            reason=f"The only record of {claim.value:,.0f} NCA arrests in 2016-17 is the press report of the hearing "
            f"itself{note}; no primary publication of the figure was located.",
            notebook="02_arrest_ratio.ipynb",
        )
    value = float(independent["value"].iloc[0])
    return Verdict(
        claim_id="arrests-2016-17",
        claimed=reading.claimed,
        unit="count",
        reading=reading,
        reproduced=value,
        low=value,
        high=value,
        sources=tuple(dict.fromkeys(independent["source_id"])),
        reason=f"{len(independent)} independent source(s) give {value:,.0f} NCA arrests in 2016-17, "
        f"{_where(reading, value)}.",
        notebook="02_arrest_ratio.ipynb",
    )


def _no_national_ops(data) -> Verdict:
    claim = data["claims"].loc["no-national-ops"]
    reading = _reading(claim)
    tables = [data["arrests"], data["statements"]]
    independent = [_independent(t, claim) for t in tables]
    operations = data["statements"][data["statements"].scope.str.contains("Operation", na=False)]
    elsewhere = "; ".join(
        sorted({f"{s.split(':')[0]} (stated {p})" for s, p in zip(operations.scope, operations.period)})
    )
    if all(t.empty for t in independent):
        return Verdict(
            claim_id="no-national-ops",
            claimed=reading.claimed,
            unit="count",
            reading=reading,
            reproduced=None,
            low=None,
            high=None,
            sources=(str(claim.source_id),),
            reason="No published source counts nationally co-ordinated operations in 2016-17; the national operations "
            f"on record fall outside that year ({elsewhere or 'none'}).",
            notebook="02_arrest_ratio.ipynb",
        )
    found = next(t for t in independent if not t.empty)
    value = float(found["value"].iloc[0])
    return Verdict(
        claim_id="no-national-ops",
        claimed=reading.claimed,
        unit="count",
        reading=reading,
        reproduced=value,
        low=value,
        high=value,
        sources=tuple(dict.fromkeys(found["source_id"])),
        reason=f"A published source gives {value:,.0f} nationally co-ordinated operations in 2016-17, "
        f"{_where(reading, value)}.",
        notebook="02_arrest_ratio.ipynb",
    )


def _kirat_accuracy(data) -> Verdict:
    from inquiry_analysis.metrics import confusion

    claim = data["claims"].loc["kirat-accuracy"]
    reading = _reading(claim)
    kirat = data["kirat"]
    positives = int(kirat.loc["kirat-higher-risk", "value"])
    negatives = int(kirat.loc["kirat-lower-risk", "value"])
    sensitivity = float(kirat.loc["kirat-hr-high", "value"])
    specificity = float(kirat.loc["kirat-lr-low", "value"])
    tps = confusion.counts_consistent_with(sensitivity, positives)
    tns = confusion.counts_consistent_with(specificity, negatives)
    sources = tuple(dict.fromkeys(kirat.loc[["kirat-higher-risk", "kirat-hr-high", "kirat-lr-low"], "source_id"]))
    stated = kirat[(kirat.measure == "overall_correct") & (kirat.value == claim.value)]
    stated_in = (
        ", ".join(f"{row.source_id} ({row.status}, {row.locator})" for row in stated.itertuples())
        if not stated.empty
        else "the press report"
    )
    sources += tuple(s for s in stated["source_id"] if s not in sources)
    if len(tps) != 1 or len(tns) != 1:
        return Verdict(
            claim_id="kirat-accuracy",
            claimed=reading.claimed,
            unit="percent",
            reading=reading,
            reproduced=None,
            low=None,
            high=None,
            sources=sources,
            reason=f"The published percentages do not fix the counts ({len(tps)} and {len(tns)} possibilities).",
            notebook="03_kirat_accuracy.ipynb",
        )
    matrix = confusion.ConfusionMatrix(tp=tps[0], fn=positives - tps[0], fp=negatives - tns[0], tn=tns[0])
    overall = confusion.classification_summary(matrix).accuracy
    value = float(100 * overall.estimate)
    needed = confusion.counts_consistent_with(float(claim.value), matrix.n)
    detail = ""
    if needed:
        tn_needed = needed[0] - matrix.tp
        detail = (
            f"; {claim.value:g}% needs {needed[0]} correct, which with {matrix.tp} true positives means "
            f"{tn_needed} of {negatives} lower-risk offenders rated Low or Medium "
            f"({100 * tn_needed / negatives:.1f}%, not {specificity:g}%)"
        )
    return Verdict(
        claim_id="kirat-accuracy",
        claimed=reading.claimed,
        unit="percent",
        reading=reading,
        reproduced=value,
        low=value,
        high=value,
        lower=float(100 * overall.lower),
        upper=float(100 * overall.upper),
        sources=sources,
        basis="derived",
        reason=f"The published {sensitivity:g}% of {positives} higher-risk and {specificity:g}% of {negatives} "
        f"lower-risk offenders imply {matrix.tp} and {matrix.tn} rated correctly: {matrix.tp + matrix.tn} of "
        f"{matrix.n}, {value:.1f}% (95% CI {100 * overall.lower:.1f}% to {100 * overall.upper:.1f}%), "
        f"{_where(reading, value)}{detail}. The {claim.value:g}% itself appears only in {stated_in}, for the "
        "same sample.",
        notebook="03_kirat_accuracy.ipynb",
    )


_ASSESSMENTS = {
    "referrals-2017": _referrals_2017,
    "referrals-monthly-2016": _referrals_monthly_2016,
    "ref-hearing-700-percent": _hearing_700_percent,
    "arrests-2016-17": _arrests_2016_17,
    "no-national-ops": _no_national_ops,
    "kirat-accuracy": _kirat_accuracy,
}


def _load(data_dir) -> dict:
    return {
        name: loaders.load_table(name, data_dir=data_dir)
        for name in ("claims", "referrals", "arrests", "statements", "kirat")
    }


def assess(claim_id: str, *, data_dir=None) -> Verdict:
    """The verdict on one claim (a ``claim_id`` of claims.csv, or a figure id of a hearing statement).

    Parameters
    ----------
    claim_id : str
        A claim id of ``data/claims.csv``, or a figure id of a hearing statement.
    data_dir : str or Path, optional
        The data package to read (default the bundled one).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> assess("referrals-2017").verdict
    'consistent'
    """
    if claim_id not in _ASSESSMENTS:
        raise KeyError(f"no assessment for '{claim_id}'; assessed so far: {', '.join(_ASSESSMENTS)}")
    return _ASSESSMENTS[claim_id](_load(data_dir))


def check(*, data_dir=None) -> list[CheckResult]:
    """Assess every claim in claims.csv, in file order, beside its expected verdict.

    Parameters
    ----------
    data_dir : str or Path, optional
        The data package to read (default the bundled one).

    Returns
    -------
    list of CheckResult
        One per claim, in file order.

    Examples
    --------
    >>> [r.verdict.verdict for r in check()]
    ['consistent', 'unverifiable', 'unverifiable', 'unverifiable', 'inconsistent']
    """
    data = _load(data_dir)
    results = []
    for claim_id, row in data["claims"].iterrows():
        if claim_id not in _ASSESSMENTS:
            raise KeyError(
                f"claims.csv has the claim '{claim_id}', which no function in inquiry_analysis.claims.assess "
                "assesses; add one to _ASSESSMENTS"
            )
        qualifier = "" if row.isna()["qualifier"] else str(row["qualifier"])
        results.append(
            CheckResult(
                verdict=_ASSESSMENTS[claim_id](data),
                expected=str(row["expected_verdict"]),
                claim=str(row["claim"]),
                qualifier=qualifier,
            )
        )
    return results
