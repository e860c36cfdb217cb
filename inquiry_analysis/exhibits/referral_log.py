"""What the exhibits of a record-level referral log say: AN-30 (by source), AN-31 (disseminated), AN-32 (arrested
within 3, 6 and 12 months) and AN-33 (arrests per 1,000 referrals, three ways).

Every function works from the tables as they may be published
(:func:`inquiry_analysis.disclosure.publishable`): a withheld count reads ``[c]`` and no number is
stated from it. Where the log lacks the column an exhibit needs, the function returns a
:class:`~inquiry_analysis.exhibits.Withheld` saying so.
"""

from __future__ import annotations

import pandas as pd

from inquiry_analysis.disclosure import MARKER, PublishableLog
from inquiry_analysis.errors import excerpt
from inquiry_analysis.exhibits.exhibit import Exhibit, Withheld

__all__ = [
    "RATIO_KEYS",
    "arrest_ratio_exhibit",
    "conversion_exhibit",
    "describe_log",
    "dissemination_exhibit",
    "ratio_lines",
    "ratio_text",
    "SOURCES_SHOWN",
    "source_exhibit",
    "sources_shown",
]

#: The most sources a chart, its spreadsheet and its text name one by one (the palette's six colours):
#: past this, the largest ``SOURCES_SHOWN - 1`` are shown and the rest as one, and the CSV holds every one.
SOURCES_SHOWN = 6

#: The three ways arrests per 1,000 referrals are counted (columns ``<key>_per_1000``, ``_lower``, ``_upper``).
RATIO_KEYS = ("in_year", "cohort", "within_12m")


def _months(summary) -> str:
    return f"{summary.first_received:%b %Y} to {summary.last_received:%b %Y}"


def _extract(summary) -> str:
    # A default extract date is one referral's date, so only its month is published.
    if summary.extract_date_given:
        return f"{summary.extract_date}"
    return f"the latest date in the log, in {summary.extract_date:%b %Y}"


def _total(published: PublishableLog) -> str:
    return published.total if published.total == MARKER else f"{published.total:,}"


def describe_log(log, published: PublishableLog) -> str:
    """The log read, in three lines: the file, the referrals and months (small totals ``[c]``), the extract date.

    Parameters
    ----------
    log : ReferralLog or CheckedLog
        The log (its ``input`` and ``summary``).
    published : PublishableLog
        Its tables as they may be published.

    Returns
    -------
    str
    """
    summary = log.summary
    return (
        f"{excerpt(log.input.describe(), limit=None)}\n"  # the file name escaped: a notebook shows it as written
        f"{_total(published)} referrals received {_months(summary)}; columns: {', '.join(summary.columns)}\n"
        f"Extract date: {_extract(summary)}. Outcomes after it are unknown, so follow-up is censored there."
    )


def ratio_text(row, key: str) -> str:
    """One ratio of AN-33 in words: ``'41.0 (36.0 to 46.5)'``, ``'[c]'`` or ``'not available'``.

    Parameters
    ----------
    row : mapping
        A row of the published ratios table (:func:`inquiry_analysis.metrics.cohorts.arrest_ratios`, after
        disclosure control).
    key : str
        One of :data:`RATIO_KEYS`.

    Returns
    -------
    str

    Examples
    --------
    >>> ratio_text({"cohort_per_1000": 41.04, "cohort_lower": 36.0, "cohort_upper": 46.52}, "cohort")
    '41.0 (36.0 to 46.5)'
    >>> ratio_text({"within_12m_per_1000": float("nan")}, "within_12m")
    'not available'
    """
    if key not in RATIO_KEYS:
        raise ValueError(f"`key` must be one of {', '.join(RATIO_KEYS)}, but {key!r} was passed")
    value = row[f"{key}_per_1000"]
    if isinstance(value, str):
        return value  # "[c]"
    if value != value:  # NaN: not followed long enough, or the log's first year (see arrest_ratios)
        return "not available"
    return f"{value:.1f} ({row[f'{key}_lower']:.1f} to {row[f'{key}_upper']:.1f})"


def _three_ways(row) -> tuple[str, str, str]:
    return tuple(ratio_text(row, key) for key in RATIO_KEYS)


def ratio_lines(published: PublishableLog) -> str:
    """The headline: each full year's arrests per 1,000 referrals, three ways, or why there are none.

    Parameters
    ----------
    published : PublishableLog
        The log's tables as they may be published.

    Returns
    -------
    str
    """
    if published.ratios is None:
        return "The log has no 'arrested' column, so no arrest is counted: AN-32 and AN-33 are not made."
    lines = []
    for _, row in published.ratios[published.ratios["full_year"]].iterrows():
        same, cohort, within = _three_ways(row)
        lines.append(
            f"{row['year']}, arrests per 1,000 referrals: same year {same}; to date from the year's referrals "
            f"{cohort}; within 12 months {within}"
        )
    return "\n".join(lines)


def _ranked(totals: dict) -> list:
    """Sources, largest total first (a withheld total last), ties in the order given."""
    return sorted(totals, key=lambda name: -totals[name] if totals[name] != MARKER else 1)


def _rest_label(names, count: int) -> str:
    """The name of the row standing for the sources not shown one by one, unlike any source's name."""
    label = f"all {count:,} other sources"
    while label in names:
        label += " (together)"
    return label


def _rest_cell(rest: pd.Series, total, shown: pd.Series):
    """The sources not shown, together: their sum, or the total less those shown, or ``[c]``.

    The second route publishes nothing new: the total and every source shown are published already.
    """
    if not (rest == MARKER).any():
        return int(pd.to_numeric(rest).sum())
    if total != MARKER and not (shown == MARKER).any():
        return int(total) - int(pd.to_numeric(shown).sum())
    return MARKER


def sources_shown(published: PublishableLog) -> tuple[pd.DataFrame, dict]:
    """The by-source table and source totals, with at most :data:`SOURCES_SHOWN` sources.

    Parameters
    ----------
    published : PublishableLog
        The log's tables as they may be published.

    Returns
    -------
    table : pandas.DataFrame
        ``published.by_source`` itself when it has at most :data:`SOURCES_SHOWN` sources; otherwise
        the largest ``SOURCES_SHOWN - 1`` and one row a month for all the others together (their
        sum, or the month's total less the sources shown, or ``[c]`` when neither is published).
    totals : dict of str to int or str
        Each source's total over the log, in the same way.
    """
    totals = published.source_totals
    if len(totals) <= SOURCES_SHOWN:
        return published.by_source, dict(totals)
    kept = _ranked(totals)[: SOURCES_SHOWN - 1]
    label = _rest_label(set(totals), len(totals) - len(kept))
    table = published.by_source
    is_kept = table["source"].isin(kept)
    month_totals = dict(zip(published.monthly["month"], published.monthly["referrals"]))
    rest = [
        {
            "month": month,
            "source": label,
            "referrals": _rest_cell(
                group.loc[~is_kept[group.index], "referrals"],
                month_totals.get(month, MARKER),
                group.loc[is_kept[group.index], "referrals"],
            ),
        }
        for month, group in table.groupby("month", sort=True)
    ]
    shown = pd.concat([table[is_kept], pd.DataFrame(rest, columns=table.columns)], ignore_index=True)
    order = {name: i for i, name in enumerate([*kept, label])}
    shown = shown.sort_values(
        ["month", "source"], key=lambda c: c.map(order) if c.name == "source" else c, kind="stable"
    )
    others = pd.Series([totals[name] for name in totals if name not in kept], dtype=object)
    kept_totals = pd.Series([totals[name] for name in kept], dtype=object)
    rest_total = _rest_cell(others, published.total, kept_totals)
    return shown.reset_index(drop=True), {**{name: totals[name] for name in kept}, label: rest_total}


def source_exhibit(log, published: PublishableLog) -> Exhibit:
    """AN-30: referrals received each month, by source.

    Parameters
    ----------
    log : ReferralLog or CheckedLog
        The log (its ``input`` and ``summary``).
    published : PublishableLog
        Its tables as they may be published.

    Returns
    -------
    Exhibit
    """
    table, shown_totals = sources_shown(published)
    totals = "; ".join(f"{name}, {n if n == MARKER else f'{n:,}'}" for name, n in shown_totals.items())
    return Exhibit(
        exhibit_id="AN-30",
        title=f"Referrals by source, {_months(log.summary)}",
        subtitle="Referrals received each month, by who made them",
        references=(log.input,),
        alt_text=f"Referrals received each month by source, in all: {totals}.",
        data=table,
        complete_data=None if table is published.by_source else published.by_source,
        notes=(
            f"Counted from {_total(published)} referrals in the log. Counts below {published.min_cell}, and those that "
            "would give one away with the totals, show as [c] in the table and are left out of the chart.",
        )
        + (
            ()
            if table is published.by_source
            else (
                f"The chart and spreadsheet show the {SOURCES_SHOWN - 1} largest of the log's "
                f"{len(published.source_totals):,} sources one by one and the rest together; "
                "the CSV lists every source.",
            )
        ),
        inputs=(log.input,),
    )


#: The follow-up, in days from a month's last day to the extract date, after which its dissemination share is
#: taken as complete: three months, the shortest horizon of AN-32 (a share can still rise after it).
FOLLOW_UP_DAYS = 91


def _share_span(shares: pd.Series) -> str:
    values = shares.astype(float)
    low, high = 100 * values.min(), 100 * values.max()
    return f"{low:.0f}%" if round(low) == round(high) else f"{low:.0f}% to {high:.0f}%"


def dissemination_exhibit(log, published: PublishableLog) -> Exhibit | Withheld:
    """AN-31: the share of each month's referrals disseminated to a force by the extract date.

    Parameters
    ----------
    log : ReferralLog or CheckedLog
        The log.
    published : PublishableLog
        Its tables as they may be published.

    Returns
    -------
    Exhibit or Withheld
        Withheld when the log has no ``disseminated`` column.
    """
    if "disseminated" not in log.summary.columns:
        return Withheld(exhibit_id="AN-31", reason="No dissemination shares: the log has no 'disseminated' column.")
    cohorts = published.conversion.drop_duplicates("cohort")
    shown_rows = cohorts[cohorts["disseminated_share"] != MARKER]
    # A month followed for less than FOLLOW_UP_DAYS to the extract date is still filling: its share is shown
    # apart, never ranked with months whose follow-up is complete.
    # A default extract date is one referral's date, of which only the month is published: count from its first day.
    summary = log.summary
    extract = summary.extract_date if summary.extract_date_given else summary.extract_date.replace(day=1)
    followed = [
        (extract - pd.Period(str(c), freq="M").end_time.date()).days >= FOLLOW_UP_DAYS for c in shown_rows["cohort"]
    ]
    complete = shown_rows["disseminated_share"][followed].astype(float)
    filling = shown_rows[[not f for f in followed]]
    spread = f"{100 * complete.min():.0f}% to {100 * complete.max():.0f}%" if len(complete) else None
    still = (
        f"; the {len(filling)} latest month{'s' if len(filling) != 1 else ''}, followed for less, "
        f"{'stand' if len(filling) != 1 else 'stands'} at {_share_span(filling['disseminated_share'])} so far"
        if len(filling)
        else ""
    )
    # No month followed in full: either every month is still filling, or every one is withheld.
    if len(filling):
        fallback = (
            f"every month shown is still filling, followed for less than {FOLLOW_UP_DAYS} days: "
            f"{_share_span(filling['disseminated_share'])} so far"
        )
    else:
        fallback = None
    shown = (
        f"from {100 * complete.min():.1f}% to {100 * complete.max():.1f}% in months followed for "
        f"{FOLLOW_UP_DAYS} days or more{still}, with the 95% interval shaded."
        if spread
        else f"{fallback}."
        if fallback
        else "every month is withheld to protect small counts."
    )
    columns = ["cohort", "referrals", "disseminated", "disseminated_share", "disseminated_lower", "disseminated_upper"]
    return Exhibit(
        exhibit_id="AN-31",
        title=(
            f"{spread} of each month's referrals were disseminated to a force, in months followed for three "
            f"months or more{still}"
            if spread
            else f"{_share_span(filling['disseminated_share'])} of each month's referrals disseminated to a force so "
            f"far; every month shown is still filling, followed for less than {FOLLOW_UP_DAYS} days"
            if fallback
            else "The share of each month's referrals disseminated to a force (withheld: small counts)"
        ),
        subtitle="Share of each month's referrals disseminated by the extract date",
        references=(log.input,),
        alt_text=f"The share of each month's referrals disseminated to a force, {_months(log.summary)}: {shown}",
        data=cohorts[columns],
        decimals={"disseminated_share": 4, "disseminated_lower": 4, "disseminated_upper": 4},
        notes=(
            f"Disseminated by the extract date ({_extract(log.summary)}). A month followed for less than "
            f"{FOLLOW_UP_DAYS} days from its last day to the extract date is still filling; its share is a floor, "
            "not ranked with the others.",
            "The shaded band is the 95% Wilson interval.",
        ),
        inputs=(log.input,),
    )


def conversion_exhibit(log, published: PublishableLog) -> Exhibit | Withheld:
    """AN-32: the Kaplan–Meier share of each month's referrals arrested within 3, 6 and 12 months.

    Parameters
    ----------
    log : ReferralLog or CheckedLog
        The log.
    published : PublishableLog
        Its tables as they may be published.

    Returns
    -------
    Exhibit or Withheld
        Withheld when the log has no ``arrested`` column.
    """
    if "arrested" not in log.summary.columns:
        return Withheld(exhibit_id="AN-32", reason="No conversion to arrest: the log has no 'arrested' column.")
    conversion = published.conversion
    known = conversion[(conversion["share"] != MARKER) & conversion["share"].notna()]
    latest = {m: known[known["months"] == m].iloc[-1] for m in (3, 6, 12) if (known["months"] == m).any()}
    described = (
        "Latest estimates: "
        + "; ".join(f"within {m} months, {100 * float(r['share']):.1f}% for {r['cohort']}" for m, r in latest.items())
        + "."
        if latest
        else "Every estimate is withheld to protect small counts."
    )
    columns = ["cohort", "months", "days", "referrals", "arrested", "complete", "share", "lower", "upper"]
    return Exhibit(
        exhibit_id="AN-32",
        title="Share of each month's referrals arrested within 3, 6 and 12 months",
        subtitle="Kaplan–Meier estimates by month of receipt, censored at the extract date",
        references=(log.input,),
        alt_text=f"The share of each month's referrals that led to an arrest within 3, 6 and 12 months. {described}",
        data=conversion[columns],
        decimals={"share": 4, "lower": 4, "upper": 4},
        notes=(
            "Kaplan–Meier estimates: each referral counts for as long as it was followed, to its arrest or to the "
            f"extract date ({_extract(log.summary)}); a month not yet followed for a horizon has no estimate there.",
            "Hollow markers: not every referral of the month has been followed for the whole horizon.",
            "Bands: 95% intervals (Greenwood, log(−log) transform). 3, 6 and 12 months are 91, 183 and 365 days.",
        ),
        inputs=(log.input,),
    )


def _headline_year(ratios: pd.DataFrame):
    """The first full year with both ratios shown (the log's first year has no same-year ratio), or None."""
    shown = ratios["in_year_per_1000"].map(lambda v: isinstance(v, float) and v == v)
    both = ratios[ratios["full_year"] & shown & ratios["cohort_per_1000"].map(lambda v: isinstance(v, float))]
    return both.iloc[0] if len(both) else None


def arrest_ratio_exhibit(log, published: PublishableLog) -> Exhibit | Withheld:
    """AN-33: arrests per 1,000 referrals by calendar year, counted three ways.

    Parameters
    ----------
    log : ReferralLog or CheckedLog
        The log.
    published : PublishableLog
        Its tables as they may be published.

    Returns
    -------
    Exhibit or Withheld
        Withheld when the log has no ``arrested`` column.
    """
    ratios = published.ratios
    if ratios is None:
        return Withheld(exhibit_id="AN-33", reason="No arrest ratios: the log has no 'arrested' column.")
    first = _headline_year(ratios)
    years = "; ".join(
        "{}: same-year {}, to date from the year's referrals {}, within 12 months {}".format(
            row["year"], *_three_ways(row)
        )
        for _, row in ratios.iterrows()
    )
    return Exhibit(
        exhibit_id="AN-33",
        title=(
            f"For {first['year']}'s referrals, the same-year ratio gives {first['in_year_per_1000']:.0f} arrests per "
            f"1,000; the year's own referrals led to {first['cohort_per_1000']:.0f}"
            if first is not None
            else "Arrests per 1,000 referrals, counted by cohort and by year"
        ),
        subtitle="Arrests per 1,000 referrals by calendar year, counted three ways",
        references=(log.input,),
        alt_text=f"Arrests per 1,000 referrals by year: {years}.",
        data=ratios,
        decimals={f"{key}_{part}": 2 for key in RATIO_KEYS for part in ("per_1000", "lower", "upper")},
        notes=(
            "Same-year: arrests made in the year (from referrals of any year) over referrals received in it, as "
            "published yearly ratios are counted. To date: arrests, up to the extract date, that came from the "
            "year's referrals; recent years "
            "have had less time. Within 12 months: Kaplan–Meier, comparable across years once a year is followed for "
            "12 months.",
            "Bars: 95% intervals (exact Poisson with the referrals taken as fixed; Kaplan–Meier for within 12 months).",
            "The log's first year has no same-year ratio: its arrests from referrals received before the log began "
            "are not in the log. A year only partly in the log is shown, marked as not a full year in the table.",
        ),
        inputs=(log.input,),
    )
