"""Each figure given at the hearing, recomputed from the published data and given a verdict.

Verdicts come from a fixed vocabulary:

- ``reproduced``: the published data give exactly the figure claimed;
- ``consistent``: they give a value within the rounding the speaker used;
- ``inconsistent``: the published data contradict the figure;
- ``unverifiable``: no public source gives the figure or what it is computed from.

The rounding rule: a figure is read as rounded to the place of its last non-zero digit, so it
stands for anything within half that place ("about 80,000" for 75,000 to 85,000; "3,500" for
3,450 to 3,550; "83.7%" for 83.65% to 83.75%). A reproduced value that comes with an interval
(a model estimate) is consistent when its interval overlaps that range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from . import loaders
from .metrics import alignment, conversions, periods, trend
from .metrics._common import last_nonzero_place

__all__ = [
    "VERDICTS",
    "CheckResult",
    "Verdict",
    "assess",
    "check",
    "check_table",
    "format_check",
    "rounding_range",
    "verdict_for",
]

VERDICTS = ("reproduced", "consistent", "inconsistent", "unverifiable")


@dataclass(frozen=True)
class Verdict:
    """What the published data say about one claim, and why."""

    claim_id: str
    claimed: float
    unit: str
    verdict: str
    reproduced: float | None
    lower: float | None
    upper: float | None
    tolerance: str
    sources: tuple[str, ...]
    reason: str
    notebook: str
    basis: str = "published"

    def __post_init__(self):
        if self.basis not in ("published", "derived", "model estimate, not data"):
            raise ValueError(f"`basis` must be published, derived or 'model estimate, not data', but {self.basis!r} "
                             "was passed")
        if self.verdict not in VERDICTS:
            raise ValueError(f"`verdict` must be one of {', '.join(VERDICTS)}, but {self.verdict!r} was passed")

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.verdict.upper()}. {self.reason}"


def rounding_range(claimed: float) -> tuple[float, float]:
    """The values a figure stands for if it was rounded at its last non-zero digit.

    >>> rounding_range(80000)
    (75000.0, 85000.0)
    >>> rounding_range(3500)
    (3450.0, 3550.0)
    """
    half = last_nonzero_place(claimed) / 2
    return claimed - half, claimed + half


def verdict_for(claimed: float, reproduced: float, lower: float | None = None,
                upper: float | None = None) -> str:
    """``reproduced``, ``consistent`` or ``inconsistent`` by the rounding rule of this module.

    >>> verdict_for(80000, 82109), verdict_for(170, 170), verdict_for(83.7, 75.9)
    ('consistent', 'reproduced', 'inconsistent')
    """
    if math.isclose(claimed, reproduced, rel_tol=1e-12) and lower is None:
        return "reproduced"
    low, high = rounding_range(claimed)
    lower = reproduced if lower is None else lower
    upper = reproduced if upper is None else upper
    return "consistent" if lower <= high and upper >= low else "inconsistent"


def _tolerance_text(claimed: float, unit: str) -> str:
    low, high = rounding_range(claimed)
    suffix = {"percent": "%", "per_month": " a month"}.get(unit, "")
    return (f"{claimed:,g}{suffix} read as rounded to its last non-zero digit: "
            f"{low:,g} to {high:,g}{suffix}")


def _referrals_2017(data) -> Verdict:
    claim = data["claims"].loc["referrals-2017"]
    rows = data["referrals"]
    published = rows[(rows.measure == "referrals") & (rows.period == "2017") & (rows.unit == "count")]
    values = set(published["value"].astype(float))
    if len(values) != 1:
        raise ValueError(f"the 2017 referral counts disagree ({sorted(values)}); decide which to use")
    value = values.pop()
    low, high = rounding_range(claim.value)
    return Verdict(
        "referrals-2017", float(claim.value), "count", verdict_for(claim.value, value), value, None, None,
        _tolerance_text(claim.value, "count"), tuple(dict.fromkeys(published["source_id"])),
        f"{len(published)} sources give {value:,.0f} industry referrals from NCMEC received by the NCA in 2017; "
        f"'about {claim.value:,.0f}' covers {low:,.0f} to {high:,.0f}. (The press said 'referred to Ceop'.)",
        "01_referral_trend.ipynb")


def _referrals_monthly_2016(data) -> Verdict:
    claim = data["claims"].loc["referrals-monthly-2016"]
    rows = data["referrals"]
    annual = rows.loc[["ref-2015-monthly-average", "ref-2016-monthly-average"]]
    counts = periods.counts_from_figures(annual)
    estimate = trend.window_average(counts, claim.period_start, claim.period_end)
    allowed = alignment.align_to_window(counts, claim.period_start, claim.period_end)
    low, high = allowed.lower / allowed.months, allowed.upper / allowed.months
    averages = " and ".join(f"{r.value:,.0f} a month in {r.period}" for r in annual.itertuples())
    inside = "within" if low <= claim.value <= high else "outside"
    # No monthly series is published, so the figure itself cannot be checked; what the published
    # averages allow, and a model estimate, are reported beside the verdict.
    return Verdict(
        "referrals-monthly-2016", float(claim.value), "per_month", "unverifiable", estimate.estimate,
        estimate.lower, estimate.upper, _tolerance_text(claim.value, "per_month"),
        tuple(dict.fromkeys(annual["source_id"])),
        f"No monthly series is published, so the figure cannot be checked. The published averages ({averages}) "
        f"allow {low:,.0f} to {high:,.0f} a month for {estimate.window} if referrals never fell, so "
        f"{claim.value:,.0f} is {inside} what they allow; a log-linear model through them gives {estimate.estimate:,.0f} "
        f"(95% CI {estimate.lower:,.0f} to {estimate.upper:,.0f}, count noise only), a model estimate, not data.",
        "01_referral_trend.ipynb", basis="model estimate, not data")


def _hearing_700_percent(data) -> Verdict:
    rows = data["referrals"]
    statement = rows.loc["ref-hearing-700-percent"]
    latest = rows.loc["ref-2017-homeoffice"]
    stated_bases = rows[rows.conflict == "base-of-700-percent"]["base_period"].tolist()
    # A base would be a published count of the same referrals for one of the base years stated.
    same = rows[(rows.measure == "referrals") & (rows.scope == latest.scope) & (rows.unit == "count")
                & rows.period.isin(["2012", "2013"])]
    if same.empty:
        base = conversions.implied_base(float(latest.value), float(statement.value))
        return Verdict(
            "ref-hearing-700-percent", float(statement.value), "percent", "unverifiable", None, None, None,
            _tolerance_text(statement.value, "percent"), (str(statement.source_id), str(latest.source_id)),
            f"No count of these referrals before 2015 is published, so there is no base to check: "
            f"{latest.value:,.0f} in 2017 would need {base.estimate:,.0f} a year ({base.estimate / 12:,.0f} a month) "
            f"at the start, and the sources give {len(set(stated_bases))} different base periods "
            f"({'; '.join(stated_bases)}).",
            "01_referral_trend.ipynb")
    base_row = same.sort_values("period").iloc[-1]
    change = 100 * (latest.value / base_row.value - 1)
    return Verdict(
        "ref-hearing-700-percent", float(statement.value), "percent", verdict_for(statement.value, change), change,
        None, None, _tolerance_text(statement.value, "percent"),
        (str(statement.source_id), str(latest.source_id), str(base_row.source_id)),
        f"From {base_row.value:,.0f} in {base_row.period} to {latest.value:,.0f} in 2017 is {change:+,.0f}%.",
        "01_referral_trend.ipynb", basis="derived")


def _independent(rows, claim):
    """Rows for the claim's measure and period from a source other than the report of the claim itself."""
    return rows[(rows.measure == claim.measure) & (rows.period_start == claim.period_start)
                & (rows.period_end == claim.period_end) & (rows.source_id != claim.source_id)]


def _arrests_2016_17(data) -> Verdict:
    claim = data["claims"].loc["arrests-2016-17"]
    rows = data["arrests"]
    independent = _independent(rows, claim)
    if independent.empty:
        own = rows[(rows.measure == "arrests") & (rows.source_id == claim.source_id)]
        note = f" ({own['note'].iloc[0]})" if not own.empty and own["note"].notna().iloc[0] else ""
        return Verdict(
            "arrests-2016-17", float(claim.value), "count", "unverifiable", None, None, None,
            _tolerance_text(claim.value, "count"), (str(claim.source_id),),
            f"The only record of {claim.value:,.0f} NCA arrests in 2016-17 is the press report of the hearing itself"
            f"{note}; no primary publication of the figure was located.",
            "02_arrest_ratio.ipynb")
    value = float(independent["value"].iloc[0])
    return Verdict(
        "arrests-2016-17", float(claim.value), "count", verdict_for(claim.value, value), value, None, None,
        _tolerance_text(claim.value, "count"), tuple(dict.fromkeys(independent["source_id"])),
        f"{len(independent)} independent source(s) give {value:,.0f} NCA arrests in 2016-17.",
        "02_arrest_ratio.ipynb")


def _no_national_ops(data) -> Verdict:
    claim = data["claims"].loc["no-national-ops"]
    tables = [data["arrests"], data["statements"]]
    independent = [_independent(t, claim) for t in tables]
    operations = data["statements"][data["statements"].scope.str.contains("Operation", na=False)]
    elsewhere = "; ".join(sorted({f"{s.split(':')[0]} (stated {p})" for s, p in
                                  zip(operations.scope, operations.period)}))
    if all(t.empty for t in independent):
        return Verdict(
            "no-national-ops", float(claim.value), "count", "unverifiable", None, None, None,
            "a count of zero admits no rounding", (str(claim.source_id),),
            "No published source counts nationally co-ordinated operations in 2016-17; the national operations "
            f"on record fall outside that year ({elsewhere or 'none'}).",
            "02_arrest_ratio.ipynb")
    found = next(t for t in independent if not t.empty)
    value = float(found["value"].iloc[0])
    return Verdict(
        "no-national-ops", float(claim.value), "count", "reproduced" if value == claim.value else "inconsistent",
        value, None, None, "a count of zero admits no rounding", tuple(dict.fromkeys(found["source_id"])),
        f"A published source gives {value:,.0f} nationally co-ordinated operations in 2016-17.",
        "02_arrest_ratio.ipynb")


def _kirat_accuracy(data) -> Verdict:
    from .metrics import accuracy

    claim = data["claims"].loc["kirat-accuracy"]
    kirat = data["kirat"]
    positives = int(kirat.loc["kirat-higher-risk", "value"])
    negatives = int(kirat.loc["kirat-lower-risk", "value"])
    sensitivity = float(kirat.loc["kirat-hr-high", "value"])
    specificity = float(kirat.loc["kirat-lr-low", "value"])
    tps = accuracy.counts_consistent_with(sensitivity, positives)
    tns = accuracy.counts_consistent_with(specificity, negatives)
    sources = tuple(dict.fromkeys(kirat.loc[["kirat-higher-risk", "kirat-hr-high", "kirat-lr-low"], "source_id"]))
    stated = kirat[(kirat.measure == "overall_correct") & (kirat.value == claim.value)]
    stated_in = (", ".join(f"{row.source_id} ({row.status}, {row.locator})" for row in stated.itertuples())
                 if not stated.empty else "the press report")
    sources += tuple(s for s in stated["source_id"] if s not in sources)
    if len(tps) != 1 or len(tns) != 1:
        return Verdict(
            "kirat-accuracy", float(claim.value), "percent", "unverifiable", None, None, None,
            _tolerance_text(claim.value, "percent"), sources,
            f"The published percentages do not fix the counts ({len(tps)} and {len(tns)} possibilities).",
            "03_kirat_accuracy.ipynb")
    matrix = accuracy.ConfusionMatrix(tps[0], positives - tps[0], negatives - tns[0], tns[0])
    overall = accuracy.classification_summary(matrix).accuracy
    needed = accuracy.counts_consistent_with(float(claim.value), matrix.n)
    detail = ""
    if needed:
        tn_needed = needed[0] - matrix.tp
        detail = (f"; {claim.value:g}% needs {needed[0]} correct, which with {matrix.tp} true positives means "
                  f"{tn_needed} of {negatives} lower-risk offenders rated Low or Medium "
                  f"({100 * tn_needed / negatives:.1f}%, not {specificity:g}%)")
    return Verdict(
        "kirat-accuracy", float(claim.value), "percent", verdict_for(claim.value, 100 * overall.estimate),
        100 * overall.estimate, 100 * overall.lower, 100 * overall.upper, _tolerance_text(claim.value, "percent"),
        sources,
        f"The published {sensitivity:g}% of {positives} higher-risk and {specificity:g}% of {negatives} lower-risk "
        f"offenders imply {matrix.tp} and {matrix.tn} rated correctly: {matrix.tp + matrix.tn} of {matrix.n}, "
        f"{100 * overall.estimate:.1f}% (95% CI {100 * overall.lower:.1f}% to {100 * overall.upper:.1f}%){detail}. "
        f"The {claim.value:g}% itself appears only in {stated_in}, for the same sample.",
        "03_kirat_accuracy.ipynb", basis="derived")


_ASSESSMENTS = {
    "referrals-2017": _referrals_2017,
    "referrals-monthly-2016": _referrals_monthly_2016,
    "ref-hearing-700-percent": _hearing_700_percent,
    "arrests-2016-17": _arrests_2016_17,
    "no-national-ops": _no_national_ops,
    "kirat-accuracy": _kirat_accuracy,
}


def _load(data_dir) -> dict:
    return {name: loaders.load_table(name, data_dir=data_dir)
            for name in ("claims", "referrals", "arrests", "statements", "kirat")}


def assess(claim_id: str, *, data_dir=None) -> Verdict:
    """The verdict on one claim (a ``claim_id`` of claims.csv, or a figure id of a hearing statement).

    Examples
    --------
    >>> assess("referrals-2017").verdict
    'consistent'
    """
    if claim_id not in _ASSESSMENTS:
        raise KeyError(f"no assessment for '{claim_id}'; assessed so far: {', '.join(_ASSESSMENTS)}")
    return _ASSESSMENTS[claim_id](_load(data_dir))


@dataclass(frozen=True)
class CheckResult:
    """A claim's verdict now, against the verdict data/claims.csv records as expected."""

    verdict: Verdict
    expected: str
    claim: str
    qualifier: str

    @property
    def ok(self) -> bool:
        return self.verdict.verdict == self.expected


def check(*, data_dir=None) -> list[CheckResult]:
    """Assess every claim in claims.csv, in file order, beside its expected verdict.

    Examples
    --------
    >>> [r.verdict.verdict for r in check()]
    ['consistent', 'unverifiable', 'unverifiable', 'unverifiable', 'inconsistent']
    """
    data = _load(data_dir)
    results = []
    for claim_id, row in data["claims"].iterrows():
        if claim_id not in _ASSESSMENTS:
            raise KeyError(f"claims.csv has the claim '{claim_id}', which no function in inquiry_analysis.claims "
                           "assesses; add one to _ASSESSMENTS")
        qualifier = "" if row.isna()["qualifier"] else str(row["qualifier"])
        results.append(CheckResult(_ASSESSMENTS[claim_id](data), str(row["expected_verdict"]), str(row["claim"]),
                                   qualifier))
    return results


def _show(value: float | None, unit: str, qualifier: str = "", *, bare: bool = False) -> str:
    if value is None:
        return "no published figure"
    text = f"{value:,.1f}" if unit == "percent" else f"{value:,.0f}"
    if not bare:
        text += {"percent": "%", "per_month": " a month"}.get(unit, "")
    return f"{qualifier} {text}".strip()


def check_table(results: list[CheckResult]) -> pd.DataFrame:
    """One row per claim: what was claimed, what the published data give, the verdict and why."""
    rows = []
    for r in results:
        v = r.verdict
        given = _show(v.reproduced, v.unit)
        notes = [] if v.basis == "published" or v.reproduced is None else [v.basis]
        if v.reproduced is not None and v.lower is not None:
            notes.append(f"95% CI {_show(v.lower, v.unit, bare=True)} to {_show(v.upper, v.unit)}")
        if notes:
            given += f" ({'; '.join(notes)})"
        rows.append({"claim_id": v.claim_id, "claimed": _show(v.claimed, v.unit, r.qualifier), "published_data_give": given,
                     "verdict": v.verdict, "expected": r.expected, "tolerance": v.tolerance,
                     "sources": ", ".join(v.sources), "reason": v.reason, "notebook": v.notebook})
    return pd.DataFrame(rows)


def format_check(results: list[CheckResult], fmt: str = "text") -> str:
    """The check as ``text`` (for a terminal), ``markdown``, ``csv`` or ``json``."""
    table = check_table(results)
    if fmt == "csv":
        return table.to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        return table.to_json(orient="records", indent=2, force_ascii=False) + "\n"
    if fmt == "markdown":
        lines = ["| claim | claimed | published data give | verdict | why | detail |", "|---|---|---|---|---|---|"]
        for row in table.itertuples():
            reason = row.reason.replace("|", "\\|")
            lines.append(f"| `{row.claim_id}` | {row.claimed} | {row.published_data_give} | **{row.verdict}** | "
                         f"{reason} | `notebooks/{row.notebook}` |")
        return "\n".join(lines) + "\n"
    if fmt == "text":
        blocks = []
        for row, result in zip(table.itertuples(), results):
            flag = "" if result.ok else f"   <-- expected {row.expected}"
            blocks.append(f"{row.claim_id:<24}{row.verdict.upper():<14}claimed {row.claimed}; published data: "
                          f"{row.published_data_give}{flag}\n{'':<24}{row.reason}\n{'':<24}"
                          f"tolerance: {row.tolerance}; sources: {row.sources}; detail: notebooks/{row.notebook}")
        return "\n\n".join(blocks) + "\n"
    raise ValueError(f"`fmt` must be one of text, markdown, csv, json, but {fmt!r} was passed")
