"""What the referral-trend analysis says: its statements and its exhibits IA-01 and IA-02.

Each function takes the bundled tables and the counts and results the notebook
``01_referral_trend`` already has, and builds every number it states from them, so that a new
figure in ``data/`` changes the words with it. :func:`conflict_statement` says where two of a
producer's publications disagree; :func:`implied_base_statement` what base the "700 per cent" stated
at the hearing needs; :func:`upstream_statement` how the UK figures sit against NCMEC's worldwide
reports and the IWF's; :func:`trend_exhibit` and :func:`world_exhibit` give exhibits IA-01 and
IA-02 (drawn by :mod:`inquiry_analysis.charts.referrals`).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

import pandas as pd

from inquiry_analysis.exhibits._words import cited_by, in_words, listed, month_span, said
from inquiry_analysis.exhibits.exhibit import Exhibit
from inquiry_analysis.io import references
from inquiry_analysis.metrics import conversions, periods, ratios, trend
from inquiry_analysis.metrics.periods import Count
from inquiry_analysis.metrics.tolerance import read_figure
from inquiry_analysis.metrics.trend import ModelEstimate

__all__ = [
    "BASE_CONFLICT",
    "HEARING_CHANGE",
    "LATEST_CHANGE",
    "conflict_statement",
    "implied_base_statement",
    "trend_exhibit",
    "upstream_statement",
    "world_exhibit",
]

#: The "700 per cent" stated at the hearing (figure id in ``referrals.csv``).
HEARING_CHANGE = "ref-hearing-700-percent"
#: The percentage change the 2017 count's source states, with the base year it names.
LATEST_CHANGE = "ref-2017-homeoffice-change"
#: The conflict that records the different base periods the statements of 700 per cent give.
BASE_CONFLICT = "base-of-700-percent"
#: The words in a referral figure's scope that mark it as a subset of NCMEC's reports.
FROM_NCMEC = "from NCMEC"


def _from_ncmec(counts: Sequence[Count], referrals: pd.DataFrame) -> list[Count]:
    """The counts whose every figure is of referrals received from NCMEC, so a part of NCMEC's reports."""
    scopes = referrals["scope"].astype(str)
    return [c for c in counts if c.inputs and all(i in scopes.index and FROM_NCMEC in scopes[i] for i in c.inputs)]


def _since_base(world: Sequence[Count], referrals: pd.DataFrame, latest: Count) -> list[Count]:
    """NCMEC's worldwide counts from the base year the latest count's source names, to the latest count's year."""
    since = int(referrals.loc[LATEST_CHANGE, "base_period"])
    return [c for c in world if since <= c.start.year <= latest.start.year]


def _uk_shares(
    nca: Sequence[Count], uk_indicator: Sequence[Count], world: Sequence[Count], referrals: pd.DataFrame
) -> pd.DataFrame:
    """The UK counts that are parts of NCMEC's reports, each as a share of NCMEC's worldwide reports."""
    return ratios.shares(_from_ncmec(nca, referrals) + list(uk_indicator), world)


def _published(rows: pd.DataFrame, measure: str, period: str, conflict: str) -> tuple[str, pd.Series]:
    """The one figure of ``measure`` for ``period`` among the rows of a conflict, and its id."""
    found = rows[(rows["measure"] == measure) & (rows["period"] == period)]
    if len(found) != 1:
        raise ValueError(f"expected one {measure} figure for {period} under {conflict!r}, but {len(found)} were found")
    return found.index[0], found.iloc[0]


def conflict_statement(figures: pd.DataFrame, conflict: str) -> str:
    """Where a figure published for a period disagrees with a later figure less the change it states.

    Parameters
    ----------
    figures : pandas.DataFrame
        A bundled figure table (``load_referrals()``), indexed by figure id.
    conflict : str
        The ``conflict`` its rows record, e.g. ``"ceop-2008-09-reports"``.

    Returns
    -------
    str
        One line for each stated change (a ``*_change`` count) under the conflict: the figure published
        for the earlier period, and what the later figure and the change imply for it.

    Examples
    --------
    >>> from inquiry_analysis.io import load_referrals
    >>> print(conflict_statement(load_referrals(), "ceop-2008-09-reports"))  # doctest: +NORMALIZE_WHITESPACE
    CEOP Centre: reports received from all sources, 2008-09: 5,686 as published for that year (ref-2008-09-ceop);
    6,291 published for 2009-10 (ref-2009-10-ceop), with the increase of 880 on 2008-09 it states
    (ref-2009-10-ceop-change), implies 5,411, 275 fewer.
    """
    rows = figures[figures["conflict"] == conflict]
    changes = rows[rows["measure"].str.endswith("_change") & (rows["unit"] == "count")]
    if changes.empty:
        raise ValueError(
            f"no change stated as a count is recorded under the conflict {conflict!r}; "
            "expected a '*_change' row in 'count' with a base_period"
        )
    lines = []
    for change_id, change in changes.iterrows():
        measure = change["measure"].removesuffix("_change")
        base_id, base = _published(rows, measure, change["base_period"], conflict)
        later_id, later = _published(rows, measure, change["period"], conflict)
        implied = later["value"] - change["value"]
        gap = implied - base["value"]
        lines.append(
            f"{base['scope']}, {base['period']}: {base['value']:,.0f} as published for that year ({base_id}); "
            f"{later['value']:,.0f} published for {later['period']} ({later_id}), with the "
            f"{'increase' if change['value'] >= 0 else 'decrease'} of {abs(change['value']):,.0f} on "
            f"{change['base_period']} it states ({change_id}), implies {implied:,.0f}, "
            + ("the same." if gap == 0 else f"{abs(gap):,.0f} {'fewer' if gap < 0 else 'more'}.")
        )
    return "\n".join(lines)


def implied_base_statement(
    referrals: pd.DataFrame, *, ceop: Sequence[Count], nca: Sequence[Count], world: Sequence[Count]
) -> str:
    """What base the percentage increase stated at the hearing needs, and the nearest bases published.

    Parameters
    ----------
    referrals : pandas.DataFrame
        ``load_referrals()``: the increase stated at the hearing (:data:`HEARING_CHANGE`) and the base
        periods its statements give (conflict :data:`BASE_CONFLICT`).
    ceop, nca, world : sequence of Count
        CEOP Centre reports, NCA referrals (the last is the count the increase is stated to), and
        NCMEC's worldwide reports, each in period order.

    Returns
    -------
    str
        The base implied (a year and a month), the growth from the last CEOP Centre figure, and
        NCMEC's growth from each stated base year, one a line.
    """
    stated, latest = referrals.loc[HEARING_CHANGE], nca[-1]
    # The increase is read as a round figure: "700 per cent" to the nearest hundred.
    base = conversions.implied_base(
        latest.count, stated["value"], percent_rounding=100, inputs=(*latest.inputs, HEARING_CHANGE)
    )
    m = latest.months
    lines = [
        f"Base implied by +{stated['value']}% to {latest.count:,} in {latest.label}: {base}",
        f"  as a monthly average: {base.estimate / m:,.0f} a month (range {base.lower / m:,.0f} to "
        f"{base.upper / m:,.0f})",
        f"Nearest published base, CEOP Centre all-source reports: {trend.growth(ceop[-1], latest)}",
    ]
    (world_latest,) = periods.select(world, [latest.label])
    for base_year in periods.select(world, referrals[referrals["conflict"] == BASE_CONFLICT]["base_period"]):
        lines.append(f"NCMEC worldwide reports since {base_year.label}: {trend.growth(base_year, world_latest)}")
    return "\n".join(lines)


def upstream_statement(
    referrals: pd.DataFrame,
    *,
    world: Sequence[Count],
    nca: Sequence[Count],
    uk_indicator: Sequence[Count],
    iwf_reports: Sequence[Count],
) -> str:
    """The trends upstream (NCMEC) and beside (the IWF), and the UK's share of NCMEC's reports.

    Parameters
    ----------
    referrals : pandas.DataFrame
        ``load_referrals()``: which NCA counts are of referrals from NCMEC, and the base year the
        latest count's source names (:data:`LATEST_CHANGE`).
    world, nca, uk_indicator, iwf_reports : sequence of Count
        NCMEC's worldwide reports, NCA referrals, NCMEC's reports with a UK indicator and the IWF's
        reports processed, each in period order.

    Returns
    -------
    str
        The log-linear trend of NCMEC's reports over all years and since the base year, and of the
        IWF's; each UK share of NCMEC's reports (a census: no interval); each NCA count that is not a
        part of NCMEC's reports against them, as a ratio. One a line.
    """
    since = _since_base(world, referrals, nca[-1])
    lines = [
        f"NCMEC worldwide reports, {world[0].label} to {world[-1].label}: {trend.log_linear_trend(world)}",
        f"NCMEC worldwide reports, {since[0].label} to {since[-1].label}: {trend.log_linear_trend(since)}",
        f"IWF reports processed, {iwf_reports[0].label} to {iwf_reports[-1].label}: "
        f"{trend.log_linear_trend(iwf_reports)}",
    ]
    for row in _uk_shares(nca, uk_indicator, world, referrals).itertuples():
        lines.append(
            f"UK share of NCMEC worldwide reports, {row.period}: {row.share:.2%} "
            "(complete counts, not a sample: no sampling error, so no interval)"
        )
    parts = [c for c in nca if c not in _from_ncmec(nca, referrals)]
    for part, whole in zip(parts, periods.select(world, [c.label for c in parts])):
        lines.append(
            f"NCA industry reports against NCMEC worldwide reports, {part.label}: {part.count / whole.count:.2%} "
            f"(a ratio, not a share: the NCA's {part.label} count includes industry reports from outside NCMEC)"
        )
    return "\n".join(lines)


def _stated_rows(stated: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The claim of a rate a month and the claim of a count a year among ``stated``."""
    found = [stated[stated["unit"] == unit] for unit in ("per_month", "count")]
    if any(len(rows) != 1 for rows in found):
        raise ValueError(
            "`stated` must be the rows of load_claims() for one figure a month and one count, but "
            f"{len(found[0])} a month and {len(found[1])} counts were passed"
        )
    return found[0].iloc[0], found[1].iloc[0]


def _months(row: pd.Series) -> int:
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _against_stated(value: float, stated: pd.Series) -> str:
    """Where ``value`` lies against what a stated figure stands for, by the claims rule: ``above the 3,500 ...``."""
    reading = read_figure(
        float(stated["value"]),
        qualifier="" if pd.isna(stated["qualifier"]) else str(stated["qualifier"]),
        precision=None if pd.isna(stated["precision"]) else float(stated["precision"]),
        unit=str(stated["unit"]),
    )
    where = "within" if reading.contains(value) else "above" if value > reading.high else "below"
    return f"{where} what the {stated['value']:,.0f} stated at the hearing stands for ({reading.span})"


def _interval(estimate: ModelEstimate) -> str:
    """A model's interval in words: ``95% interval 3,549 to 3,618 conditional on that shape``."""
    return (
        f"{estimate.confidence_level:.0%} interval {estimate.lower:,.0f} to {estimate.upper:,.0f} conditional on "
        "that shape"
    )


def trend_exhibit(
    ceop: Sequence[Count],
    nca: Sequence[Count],
    summer: ModelEstimate,
    *,
    stated: pd.DataFrame,
    referrals: pd.DataFrame,
) -> Exhibit:
    """Exhibit IA-01: referrals a month, CEOP Centre then NCA, against what was stated at the hearing.

    Parameters
    ----------
    ceop, nca : sequence of Count
        CEOP Centre reports and NCA referrals, each in period order.
    summer : ModelEstimate
        The model's average a month over the window the monthly claim names
        (:func:`inquiry_analysis.metrics.trend.window_average` of the NCA counts it was fitted to).
    stated : pandas.DataFrame
        The rows of ``load_claims()`` the chart marks: one figure a month (the monthly claim) and one
        count (the annual claim).
    referrals : pandas.DataFrame
        ``load_referrals()``: the figures the counts came from, cited in the source line.

    Returns
    -------
    Exhibit
        Title, subtitle, source, alt text, notes and data (:func:`~inquiry_analysis.metrics.periods.rates_table`).
    """
    monthly, annual = _stated_rows(stated)
    fitted = [c.label for c in nca if set(c.inputs) <= set(summer.inputs)]
    start, end = pd.Timestamp(monthly["period_start"]), pd.Timestamp(monthly["period_end"])
    # A window within May to September of one year is the middle of it, as the title says it.
    when = (
        f"mid-{start.year}"
        if start.year == end.year and 5 <= start.month and end.month <= 9
        else month_span(start, end)
    )
    rates = [f"{c.rate:,.0f}" + (" a month" if i == 0 else "") + f" in {c.label}" for i, c in enumerate(nca)]
    counted = sorted({c.months for c in (*ceop, *nca) if c.published_as == "count"})
    gap = range(ceop[-1].end.year, nca[0].start.year)
    return Exhibit(
        exhibit_id="IA-01",
        title=f"NCA referrals {'rose' if nca[-1].rate >= nca[0].rate else 'fell'} from {nca[0].rate:,.0f} a month "
        f"in {nca[0].label} to {nca[-1].rate:,.0f} in {nca[-1].label}; no monthly series is published to check "
        f"the {monthly['value']:,.0f} a month stated for {when}",
        subtitle=f"Referrals and reports a month: CEOP Centre (all sources) {ceop[0].label} to {ceop[-1].label} and "
        f"NCA (industry referrals) {nca[0].label} to {nca[-1].label}, UK",
        references=references(*cited_by(ceop, referrals), *cited_by(nca, referrals)),
        alt_text=f"Monthly averages of reports to the CEOP Centre, between {min(c.rate for c in ceop):,.0f} and "
        f"{max(c.rate for c in ceop):,.0f} a month from {ceop[0].label} to {ceop[-1].label}, then of industry "
        f"referrals to the NCA: {listed(rates)}. A model line through {listed(fitted)} passes "
        f"{summer.estimate:,.0f} a month in {month_span(start, end)} ({_interval(summer)}), "
        f"{_against_stated(summer.estimate, monthly)}, "
        f"which no published monthly figure confirms; the {said(annual)} for {annual['period']} is "
        f"{annual['value'] / _months(annual):,.0f} a month.",
        data=periods.rates_table({"CEOP Centre reports, all sources": ceop, "NCA industry referrals": nca}),
        notes=(
            f"Filled markers: published monthly averages. Hollow markers: published counts divided by "
            f"{listed(counted, 'or')} (derived). Error bars: exact Poisson 95% intervals, most narrower than the "
            "markers.",
            f"Dashed line: log-linear model through the {listed(fitted)} averages, one of many shapes that match "
            f"both totals; shaded between fine lines: its {summer.confidence_level:.0%} interval conditional on that "
            f"shape, narrow because it holds count noise only ({summer.lower:,.0f} to {summer.upper:,.0f} a month in "
            f"{month_span(start, end)}); a model estimate, not data.",
            "CEOP Centre figures count reports from all sources by financial year; NCA figures count industry "
            f"referrals by calendar year ({listed([c.label for c in _from_ncmec(nca, referrals)])}: from NCMEC "
            f"only). They are not one series. No figures are published for {listed(gap, 'or')}.",
            f"Diamonds: figures given at the hearing ({annual['period']}: {said(annual)}, shown per month).",
        ),
        inputs=("referrals", "claims"),
    )


def world_exhibit(
    world: Sequence[Count],
    nca: Sequence[Count],
    uk_indicator: Sequence[Count],
    iwf_reports: Sequence[Count],
    *,
    referrals: pd.DataFrame,
    ncmec: pd.DataFrame,
    iwf: pd.DataFrame,
) -> Exhibit:
    """Exhibit IA-02: UK referrals and reports a year against NCMEC's worldwide reports, on a log scale.

    Parameters
    ----------
    world, nca, uk_indicator, iwf_reports : sequence of Count
        NCMEC's worldwide reports, NCA referrals, NCMEC's reports with a UK indicator and the IWF's
        reports processed, each in period order.
    referrals, ncmec, iwf : pandas.DataFrame
        The bundled tables the counts came from (``load_referrals()``, ``load_ncmec()``,
        ``load_iwf()``), cited in the source line; ``referrals`` also says which NCA counts are of
        referrals from NCMEC and the base year of the latest count's stated increase.

    Returns
    -------
    Exhibit
        Title (the UK's shares of NCMEC's reports, and NCMEC's growth since the base year), subtitle,
        source, alt text, notes and data (:func:`~inquiry_analysis.metrics.periods.yearly_counts_table`).
    """
    shares = _uk_shares(nca, uk_indicator, world, referrals)
    since = _since_base(world, referrals, nca[-1])
    others = (*nca, *uk_indicator, *iwf_reports)
    everything = (*world, *others)
    by_year = {c.label: c.count for c in world}
    # How far below the worldwide total the UK series run: the typical gap, in whole orders of magnitude.
    orders = round(statistics.median(math.log10(by_year[c.label] / c.count) for c in others if c.label in by_year))
    return Exhibit(
        exhibit_id="IA-02",
        title=f"UK referrals and reports were {shares['share'].min():.1%} to {shares['share'].max():.1%} of NCMEC's "
        f"worldwide reports, which grew {world[-1].count / since[0].count:,.0f}-fold from {since[0].label} to "
        f"{world[-1].label}",
        subtitle="Reports and referrals a year, log scale: NCMEC CyberTipline (worldwide and UK indicator), NCA "
        f"industry referrals and IWF reports, {min(c.start.year for c in everything)} to "
        f"{max(c.end.year for c in everything)}",
        references=references(
            *cited_by(world, ncmec),
            *cited_by(uk_indicator, ncmec),
            *cited_by(nca, referrals),
            *cited_by(iwf_reports, iwf),
        ),
        alt_text=f"On a log scale, NCMEC's worldwide CyberTipline reports rise from {world[0].count:,} in "
        f"{world[0].label} to {world[-1].count:,} in {world[-1].label}. NCA industry referrals ({nca[0].count:,} in "
        f"{nca[0].label} to {nca[-1].count:,} in {nca[-1].label}), NCMEC reports with a UK indicator "
        f"({uk_indicator[0].count:,} in {uk_indicator[0].label} to {uk_indicator[-1].count:,} in "
        f"{uk_indicator[-1].label}) and IWF reports processed run about {in_words(orders)} "
        f"order{'' if orders == 1 else 's'} of magnitude below the worldwide total.",
        data=periods.yearly_counts_table(
            {
                "NCMEC reports, worldwide": world,
                "NCA industry referrals": nca,
                "NCMEC reports, UK indicator": uk_indicator,
                "IWF reports processed": iwf_reports,
            }
        ),
        notes=(
            f"Hollow markers: NCA counts for {listed([c.label for c in nca if c.derived])} derived from published "
            f"monthly averages (× {listed(sorted({c.months for c in nca if c.derived}), 'or')}); they count industry "
            "reports, not only those from NCMEC. Shares in the title: "
            f"{listed([c.label for c in _from_ncmec(nca, referrals)])} NCA referrals from NCMEC and the NCMEC UK "
            f"indicator, {uk_indicator[0].label} to {uk_indicator[-1].label}.",
            "The NCMEC UK indicator is the apparent upload location of a report, not the number of referrals the NCA "
            "received.",
            "IWF reports are made to an independent UK hotline and are not a subset of NCMEC reports.",
        ),
        inputs=("ncmec", "referrals", "iwf"),
    )
