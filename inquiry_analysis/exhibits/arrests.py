"""What the arrest-ratio analysis says: the chain from referral to arrest, and exhibits IA-03 and IA-08.

:func:`dissemination_chain` sets the published referrals, disseminations and arrests side by side,
each as the range its wording allows, with the ratios between them and why their periods may be
compared; :func:`chain_table` is the chain as a table, one row per period and stage;
:func:`ratio_exhibit` and :func:`chain_exhibit` give exhibits IA-03 and IA-08 (drawn by
:mod:`inquiry_analysis.charts.arrests`). Every number they state is built from the tables and
results they are given, as the notebook ``02_arrest_ratio`` has them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from inquiry_analysis.exhibits._words import cited_by, in_words, listed
from inquiry_analysis.exhibits.exhibit import Exhibit
from inquiry_analysis.io import cited, references
from inquiry_analysis.metrics import ratios
from inquiry_analysis.metrics.alignment import AlignedCount
from inquiry_analysis.metrics.chain import Stage, StageRatio, stage_from_figure, stage_ratio
from inquiry_analysis.metrics.ratios import Rate

__all__ = [
    "CHAIN_FIGURES",
    "CHAIN_STAGES",
    "LATER_CASES",
    "DisseminationChain",
    "chain_exhibit",
    "chain_table",
    "dissemination_chain",
    "ratio_exhibit",
]

#: The figure (table, figure id) behind each stage of the chain.
CHAIN_FIGURES = {
    "referrals": ("referrals", "ref-2017-homeoffice"),
    "disseminations": ("referrals", "ref-2017-disseminations"),
    "earlier_disseminations": ("referrals", "ref-2014-disseminations"),
    "arrests": ("statements", "stm-2018-09-06-arrests"),
    "nca_arrests": ("arrests", "arr-2016-17-nca"),
}
#: The stages as exhibit IA-08 names them, in order (line breaks where its axis labels wrap).
CHAIN_STAGES = (
    "Referrals received\n(NCA, from NCMEC)",
    "Disseminated\nto police forces",
    "Arrests\n(NCA and UK police)",
)
#: The cases the NCA later sent to forces (HMICFRS), quoted in IA-08's last note.
LATER_CASES = "ref-2021-cases-sent"


@dataclass(frozen=True, kw_only=True)
class DisseminationChain:
    """Referrals, disseminations and arrests as published, and the ratios between them.

    Each stage is the range its figure's wording allows (:class:`~inquiry_analysis.metrics.chain.Stage`);
    each ratio the range those allow (:class:`~inquiry_analysis.metrics.chain.StageRatio`), a ratio of
    totals, not a share passed on.

    Attributes
    ----------
    referrals : Stage
        Referrals the NCA received from NCMEC in the year of the disseminations.
    disseminations, earlier_disseminations : Stage
        The NCA's disseminations to police forces in that year and in the earlier year published.
    arrests : Stage
        Arrests by the NCA and UK police, a rate a month stated later, standing in for the year.
    nca_arrests : Stage
        Arrests made by the NCA itself.
    disseminated : StageRatio
        Disseminations as a percentage of the referrals (counting noise left out: both complete counts).
    arrests_per_dissemination, nca_arrests_per_dissemination : StageRatio
        UK-wide and the NCA's own arrests per dissemination, with counting noise.
    arrests_per_referral : StageRatio
        UK-wide arrests per referral.
    """

    referrals: Stage
    disseminations: Stage
    earlier_disseminations: Stage
    arrests: Stage
    nca_arrests: Stage
    disseminated: StageRatio
    arrests_per_dissemination: StageRatio
    nca_arrests_per_dissemination: StageRatio
    arrests_per_referral: StageRatio

    def __str__(self) -> str:
        stages = (self.earlier_disseminations, self.referrals, self.disseminations, self.arrests)
        per_referral = self.arrests_per_referral
        return "\n".join(
            [
                *map(str, stages),
                f"Disseminations against {self.referrals.label} referrals from NCMEC: {self.disseminated}",
                f"UK-wide arrests per dissemination: {self.arrests_per_dissemination}",
                f"The NCA's own arrests per dissemination: {self.nca_arrests_per_dissemination}",
                f"Together, UK-wide arrests per 1,000 referrals: {1000 * per_referral.low:.1f} to "
                f"{1000 * per_referral.high:.1f}",
            ]
        )


def dissemination_chain(referrals: pd.DataFrame, arrests: pd.DataFrame, statements: pd.DataFrame) -> DisseminationChain:
    """The chain from referral to arrest, from the figures :data:`CHAIN_FIGURES` names.

    Parameters
    ----------
    referrals, arrests, statements : pandas.DataFrame
        ``load_referrals()``, ``load_arrests()`` and ``load_statements()``.

    Returns
    -------
    DisseminationChain
        Its ``str`` lists the stages and the ratios, one a line, each saying why its periods may be
        set side by side where they differ.
    """
    tables = {"referrals": referrals, "arrests": arrests, "statements": statements}
    names = {"referrals": "referrals", "arrests": "arrests", "nca_arrests": "NCA arrests"}
    stage = {
        role: stage_from_figure(figure_id, tables[table].loc[figure_id], name=names.get(role, "disseminations"))
        for role, (table, figure_id) in CHAIN_FIGURES.items()
    }
    received, sent, arrested = stage["referrals"], stage["disseminations"], stage["arrests"]
    year, stated_in = sent.start.year, f"{arrested.start:%B %Y}"
    return DisseminationChain(
        **stage,
        # A ratio of totals shown as a percentage, not a share passed on: a dissemination is a package
        # that may bundle several referrals or come from referrals other than NCMEC's.
        disseminated=stage_ratio(
            sent,
            received,
            as_percent=True,
            counting_noise=False,
            alignment=f"the release says {year}, not whether calendar or financial; referrals are calendar "
            f"{received.label}",
        ),
        arrests_per_dissemination=stage_ratio(
            arrested,
            sent,
            per="dissemination",
            alignment=f"no {year} arrest count is published; the rate stated in {stated_in} stands in",
        ),
        nca_arrests_per_dissemination=stage_ratio(
            stage["nca_arrests"],
            sent,
            per="dissemination",
            alignment=f"the NCA's arrests are for {stage['nca_arrests'].label}, the disseminations for {year}",
        ),
        arrests_per_referral=stage_ratio(
            arrested, received, alignment=f"{stated_in} against {received.label}", counting_noise=False
        ),
    )


def chain_table(chains: dict[str, Sequence[Stage | None]], *, stages: Sequence[str]) -> pd.DataFrame:
    """One row per period and stage: the stated figure and the range it allows as a count a year.

    ``chains`` maps a period's name to its stages in the order of ``stages``, None where the stage
    is not published for it. :func:`inquiry_analysis.charts.chain.plot_chain` draws the table.

    Parameters
    ----------
    chains : dict of str to sequence of Stage or None
        Each period's stages, in ``stages`` order (None where a stage is not published).
    stages : sequence of str
        The stages' names.

    Returns
    -------
    pandas.DataFrame
        One row per period and stage.

    Examples
    --------
    >>> import datetime as dt
    >>> s = Stage(name="disseminations", stated="'nearly 10,000'", low=9000, high=10000, months=12, label="2017",
    ...           start=dt.date(2017, 1, 1), inputs=("d",))
    >>> chain_table({"2017": [None, s]}, stages=["Referrals", "Disseminated"])[["stage", "low", "high"]].values.tolist()
    [['Referrals', nan, nan], ['Disseminated', 9000.0, 10000.0]]
    """
    rows = []
    for period, chain in chains.items():
        if len(chain) != len(stages):
            raise ValueError(f"the chain for {period} has {len(chain)} stages, but {len(stages)} stages are named")
        for order, (stage_name, stage) in enumerate(zip(stages, chain)):
            if stage is None:
                rows.append(
                    {
                        "period": period,
                        "stage": stage_name,
                        "order": order,
                        "stated": "not published",
                        "low": None,
                        "high": None,
                        "derived": None,
                        "figure_ids": "",
                    }
                )
                continue
            low, high = stage.per_year()
            derived = None if stage.months == 12 else f"a year at the rate of {stage.label} ({stage.stated}, times 12)"
            rows.append(
                {
                    "period": period,
                    "stage": stage_name,
                    "order": order,
                    "stated": stage.stated,
                    "low": low,
                    "high": high,
                    "derived": derived,
                    "figure_ids": ", ".join(stage.inputs),
                }
            )
    table = pd.DataFrame(rows, columns=["period", "stage", "order", "stated", "low", "high", "derived", "figure_ids"])
    table.attrs["decimals"] = {"low": 0, "high": 0}
    return table


def _periods_of(result, figures: pd.DataFrame) -> list[str]:
    """The periods of the rows of ``figures`` that ``result`` was built from, in order, once each."""
    return list(dict.fromkeys(figures.loc[[i for i in result.inputs if i in figures.index], "period"]))


def _grown(rate: Rate, ncmec: pd.DataFrame, since: int) -> tuple | None:
    """How NCMEC's reports worldwide grew from ``since`` to the rate's own year, and the rate had referrals grown
    as much (derived: a sensitivity, not data); None where either year's published total is missing.

    Returns the growth factor, the rate divided by it, the figure ids the factor was computed from, and the
    two totals.
    """
    world = ncmec[
        (ncmec["scope"] == "all countries") & (ncmec["status"] == "table") & (ncmec["period_kind"] == "calendar_year")
    ]
    years = {pd.Timestamp(start).year: figure_id for figure_id, start in world["period_start"].items()}
    if since not in years or rate.start.year not in years:
        return None
    before, after = (float(world.loc[years[y], "value"]) for y in (since, rate.start.year))
    return after / before, rate.estimate / (after / before), [years[since], years[rate.start.year]], before, after


def ratio_exhibit(
    ceop_rates: Sequence[Rate],
    nca_rate: Rate,
    uk_rate: Rate,
    *,
    derived: AlignedCount,
    arrests: pd.DataFrame,
    referrals: pd.DataFrame,
    statements: pd.DataFrame,
    ncmec: pd.DataFrame | None = None,
) -> Exhibit:
    """Exhibit IA-03: arrests per 1,000 referrals, CEOP Centre, the NCA alone and UK policing.

    Parameters
    ----------
    ceop_rates : sequence of Rate
        CEOP Centre arrests per 1,000 reports, in period order.
    nca_rate : Rate
        The NCA's own arrests per 1,000 referrals, over ``derived``.
    uk_rate : Rate
        Arrests by the NCA and UK police per 1,000 referrals, a stated rate against another year's
        referrals.
    derived : AlignedCount
        The referrals derived for the NCA's arrest year.
    arrests, referrals, statements : pandas.DataFrame
        The bundled tables the rates came from, cited in the source line.
    ncmec : pandas.DataFrame, optional
        ``load_ncmec()``: where given, the notes say what the stand-in rate would be had referrals grown
        from their year to the rate's as NCMEC's reports worldwide did (derived: a sensitivity, not data),
        since a rate set against an earlier year's referrals overstates a fast-growing series.

    Returns
    -------
    Exhibit
        Title, subtitle, source, alt text, notes and data
        (:func:`~inquiry_analysis.metrics.ratios.rates_per_1000_table`).
    """
    rates = (*ceop_rates, nca_rate, uk_rate)
    ceop_span = f"{ceop_rates[0].period} to {ceop_rates[-1].period}"
    uk_year = uk_rate.start.year
    against = listed(_periods_of(uk_rate, referrals))
    (statement_id,) = [i for i in uk_rate.inputs if i in statements.index]
    statement = statements.loc[statement_id]
    qualifier = "" if pd.isna(statement["qualifier"]) else f"{statement['qualifier']} "
    unit = {"per_month": " a month", "count": ""}[statement["unit"]]
    derived_from = _periods_of(derived, referrals)
    estimates = [r.estimate for r in ceop_rates]
    against_years = _periods_of(uk_rate, referrals)
    one_year = len(against_years) == 1 and str(against_years[0]).isdigit()
    grown = _grown(uk_rate, ncmec, int(against_years[0])) if ncmec is not None and one_year else None
    growth_note = (
        f" NCMEC's reports worldwide {'rose' if grown[0] > 1 else 'fell'} from {grown[3]:,.0f} in {against} to "
        f"{grown[4]:,.0f} in {uk_year}; had UK referrals changed in proportion, the rate would be about "
        f"{grown[1]:.0f} (derived: a sensitivity, not data)."
        if grown
        else ""
    )
    # A count known only from a press report of the hearing is not stated as a fact in the title.
    (nca_id,) = [i for i in nca_rate.inputs if i in arrests.index]
    reported = arrests.loc[nca_id, "status"] == "press"
    nca_words = (
        f"The {float(arrests.loc[nca_id, 'value']):,.0f} NCA arrests reported from the hearing for {nca_rate.period}, "
        f"which no published source confirms, would be about {nca_rate.estimate:.0f} per 1,000 referrals"
        if reported
        else f"The NCA's own arrests were about {nca_rate.estimate:.0f} per 1,000 referrals in {nca_rate.period}"
    )
    return Exhibit(
        exhibit_id="IA-03",
        # No trend across the three scopes: each counts different arrests against different referrals.
        title=f"{nca_words}; the CEOP Centre's, a different count, were {min(estimates):.0f} to "
        f"{max(estimates):.0f} in {ceop_span}",
        subtitle=f"Arrests per 1,000 referrals or reports, log scale: CEOP Centre {ceop_span}, NCA alone "
        f"{nca_rate.period}, NCA and UK police {uk_year}; UK",
        references=references(
            *cited_by(rates, arrests),
            *cited_by(rates, referrals),
            *cited_by(rates, statements),
            *(cited(ncmec.loc[grown[2]]) if grown else ()),
        ),
        alt_text=f"Arrests per 1,000 referrals: CEOP Centre {', '.join(f'{e:.0f}' for e in estimates)} in "
        f"{ceop_span}; the NCA alone {nca_rate.estimate:.1f} in {nca_rate.period} (range {nca_rate.low:.1f} "
        f"to {nca_rate.high:.1f}, as its referral count is derived); a rate stated for UK police and the NCA in "
        f"{uk_year}, set against {against} referrals as no {uk_year} count is published, gives about "
        f"{uk_rate.estimate:.0f}"
        + (f", or about {grown[1]:.0f} had referrals grown as NCMEC's reports did." if grown else "."),
        data=ratios.rates_per_1000_table(
            {"CEOP Centre": list(ceop_rates), "NCA alone": [nca_rate], "NCA and UK police": [uk_rate]}
        ),
        notes=(
            "Bars: exact Poisson 95% intervals. Hollow markers: denominators that are derived or stand in for another "
            "period; the wide pale bar is the range the derivation allows.",
            f"{derived.label} referrals derived from the calendar years {derived_from[0]} to {derived_from[-1]}: "
            f"{derived.estimate:,.0f} (range {derived.lower:,.0f} to {derived.upper:,.0f} if monthly referrals never "
            "fell).",
            f"{uk_year}: '{qualifier}{statement['value']:,.0f} {statement['measure']}{unit}' ({statement['scope']}, "
            f"{pd.Timestamp(statement['period_start']):%B %Y}) against {against} referrals; no {uk_year} count is "
            f"published.{growth_note}",
            "Scopes differ: CEOP Centre reports came from all sources and its arrests include those after its "
            f"disseminations; the {nca_rate.period} figure counts only arrests made by the NCA itself.",
        ),
        inputs=("arrests", "referrals", "statements", *(("ncmec",) if grown else ())),
    )


def chain_exhibit(chain: DisseminationChain, *, referrals: pd.DataFrame, statements: pd.DataFrame) -> Exhibit:
    """Exhibit IA-08: referrals, disseminations and arrests a year, stage by stage, for each year published.

    Parameters
    ----------
    chain : DisseminationChain
        From :func:`dissemination_chain`.
    referrals, statements : pandas.DataFrame
        ``load_referrals()`` and ``load_statements()``: the figures cited in the source line, and
        the later cases (:data:`LATER_CASES`) quoted in the last note.

    Returns
    -------
    Exhibit
        Title, subtitle, source, alt text, notes and data (:func:`chain_table`, its stages
        :data:`CHAIN_STAGES`).
    """
    received, sent, earlier, arrested = (
        chain.referrals,
        chain.disseminations,
        chain.earlier_disseminations,
        chain.arrests,
    )
    disseminated, per_sent = chain.disseminated, chain.arrests_per_dissemination
    year, earlier_year = str(sent.start.year), str(earlier.start.year)
    later = referrals.loc[LATER_CASES]
    share = f"{100 * disseminated.low:.1f}% to {100 * disseminated.high:.1f}%"
    ranges = "; ".join(f"{s.stated}: {s.low:,.0f} to {s.high:,.0f}" for s in (sent, earlier, arrested))
    low, high = arrested.per_year()
    return Exhibit(
        exhibit_id="IA-08",
        # No arrest count is published for the year: the title states no ratio to arrests, and the rate stated
        # later, which stands in on the chart, is named for what it is in the alt text and notes.
        title=f"In {year} the NCA's disseminations to police forces equalled {share} of the referrals it received "
        f"from NCMEC; no arrest count is published for {year} to set against them",
        subtitle="Referrals received from NCMEC, disseminations by the NCA to police forces and arrests by the NCA "
        f"and UK police, a year, log scale; UK, {earlier_year} and {year}",
        # The later cases are cited too: the last note quotes them.
        references=references(
            *cited(referrals.loc[[*received.inputs, *earlier.inputs, *sent.inputs, LATER_CASES]]),
            *cited_by([arrested], statements),
        ),
        alt_text=f"A chain of {in_words(len(CHAIN_STAGES))} stages. {year}: {received.low:,.0f} {received.name}; "
        f"{sent.stated} {sent.name} ({sent.low:,.0f} to {sent.high:,.0f}), equal to {share} of {received.name}; "
        f"{arrested.name} not published for {year}; the rate stated in {arrested.start:%B %Y}, {arrested.stated} "
        f"({low:,.0f} to {high:,.0f} a year), would be {per_sent.low:.2f} to {per_sent.high:.2f} per dissemination. "
        f"{earlier_year}: {earlier.stated} {earlier.name} "
        f"({earlier.low:,.0f} to {earlier.high:,.0f}); {received.name} and {arrested.name} not published.",
        data=chain_table({earlier_year: [None, earlier, None], year: [received, sent, arrested]}, stages=CHAIN_STAGES),
        notes=(
            f"Bars: the range each figure's wording allows by the claims rule (derived: {ranges}); dot: an exact "
            "count. Pale bar: a year derived from a rate a month.",
            f"Periods differ: the release gives disseminations for '{earlier_year}' and '{year}' without saying "
            f"calendar or financial year; referrals are for calendar {received.label}; no arrest count for {year} is "
            f"published, so the rate stated in {arrested.start:%B %Y} stands in: set against {year}'s "
            f"disseminations it gives {per_sent.low:.2g} to {per_sent.high:.2g} arrests per dissemination, more than "
            f"{year}'s own would be if arrests grew from {year} to {arrested.start:%B %Y}.",
            "Arrests are all arrests for online child sexual abuse by the NCA and UK police, not only those after a "
            "dissemination; one dissemination may bundle several referrals, and may come from referrals other than "
            "NCMEC's, so disseminations against referrals is a ratio of totals, not the share of referrals passed on.",
            f"Later: HMICFRS reports '{later['qualifier']} {later['value']:,.0f}' image-related cases sent by the NCA "
            f"to forces in {pd.Timestamp(later['period_start']).year}, 'more than double the number from four years "
            "earlier'.",
        ),
        inputs=("referrals", "statements"),
    )
