"""What of a referral log's tables may be published: small counts, and what would give them away, as ``[c]``.

A referral log is record-level data, so every table made from it is published through
:func:`publishable`, which applies the rules below together, so that one table cannot undo
another's suppression:

* **Referrals by month and source** are one two-way table with its margins (month totals, source
  totals and the grand total), suppressed and audited by :func:`inquiry_analysis.disclosure.suppression.suppress`
  (primary and secondary suppression, checked by linear programming). The monthly series is that
  table's month totals, hidden exactly where the audit hides them.
* **Cohorts by month** (AN-31, AN-32): a month whose total is hidden hides everything of that
  cohort. The count disseminated is hidden below ``min_cell``, and so is it when the referrals
  *not* disseminated are (the difference would give them away). Arrests within each horizon are
  hidden below ``min_cell``, when the referrals not arrested are, and when the arrests added since
  the last horizon shown are (again a difference) but not none; a hidden count hides its share and
  interval.
  The count still followed (``at_risk``) is not published.
* **Years** (AN-33): a year's referrals are hidden when any of its months is (the year's total
  less the months shown would give the hidden ones), and its arrests from the year's referrals
  and within 12 months when any of its months has an arrest count hidden, for the same reason;
  arrests in the year, arrests from the year's referrals, and those within 12 months are hidden
  below ``min_cell``, and the 12-month count also when the arrests after 12 months are (but not
  none); a hidden count hides its rates.

What is not protected: a difference of zero between two counts shown (no arrests between 6 and
12 months, say) is published, as recent cohorts have it merely for want of follow-up; a hidden
cell may still be known to lie in a narrow range; the sha256 of
the log (cited by every exhibit) lets someone holding a candidate file confirm it; and the dates
of the first and last referral are not published, but the months are. Publish a small force's
tables only after your own disclosure review.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from inquiry_analysis.disclosure.suppression import MARKER, TOTAL, check_min_cell, suppress
from inquiry_analysis.metrics import cohorts

__all__ = ["PublishableLog", "publishable"]

_DISSEMINATED = ["disseminated", "disseminated_share", "disseminated_lower", "disseminated_upper"]
_ARRESTED = ["arrested", "share", "lower", "upper"]


@dataclass(frozen=True, kw_only=True)
class PublishableLog:
    """A referral log's tables as they may be published; ``[c]`` where withheld.

    Attributes
    ----------
    monthly : DataFrame
        ``month`` (``Period``) and ``referrals`` (int or ``[c]``): the monthly series.
    by_source : DataFrame
        ``month``, ``source`` and ``referrals`` (int or ``[c]``), every month and source.
    source_totals : dict of str to int or str
        Referrals from each source over the whole log (int or ``[c]``).
    total : int or str
        Referrals in the log (int or ``[c]``).
    conversion : DataFrame
        :meth:`~inquiry_analysis.io.referral_log.ReferralLog.conversion` by month, without ``at_risk``.
    ratios : DataFrame
        :meth:`~inquiry_analysis.io.referral_log.ReferralLog.arrest_ratios`, without
        ``within_12m_arrests``.
    min_cell : int
        The smallest count shown.
    """

    monthly: pd.DataFrame
    by_source: pd.DataFrame
    source_totals: dict
    total: object
    conversion: pd.DataFrame
    ratios: pd.DataFrame
    min_cell: int


def _small(value, min_cell: int) -> bool:
    return value == MARKER or int(value) < min_cell


def _hide(frame: pd.DataFrame, row, columns) -> None:
    for column in columns:
        frame.at[row, column] = MARKER


def _conversion(conversion: pd.DataFrame, hidden_months: set, min_cell: int) -> pd.DataFrame:
    out = (
        conversion.drop(columns=["at_risk"])
        .astype({c: object for c in ["referrals", *_DISSEMINATED, *_ARRESTED]})
        .reset_index(drop=True)
    )
    for cohort, rows in out.groupby("cohort", sort=False).groups.items():
        rows = sorted(rows, key=lambda r: out.at[r, "months"])
        referrals = int(out.at[rows[0], "referrals"])
        if cohort in hidden_months:
            for r in rows:
                _hide(out, r, ["referrals", *_DISSEMINATED, *_ARRESTED])
            continue
        disseminated = int(out.at[rows[0], "disseminated"])
        if disseminated < min_cell or referrals - disseminated < min_cell:
            for r in rows:
                _hide(out, r, _DISSEMINATED)
        last_shown = 0
        for r in rows:
            arrested = int(out.at[r, "arrested"])
            if arrested < min_cell or referrals - arrested < min_cell or 0 < arrested - last_shown < min_cell:
                _hide(out, r, _ARRESTED)
            else:
                last_shown = arrested
    return out


def _ratios(ratios: pd.DataFrame, hidden_months: set, arrests_hidden_years: set, min_cell: int) -> pd.DataFrame:
    rates = {
        "arrests_in_year": ["in_year_per_1000", "in_year_lower", "in_year_upper"],
        "cohort_arrests": ["cohort_per_1000", "cohort_lower", "cohort_upper"],
        "within_12m_arrests": ["within_12m_per_1000", "within_12m_lower", "within_12m_upper"],
    }
    out = ratios.astype({c: object for c in ["referrals", *rates, *sum(rates.values(), [])]}).reset_index(drop=True)
    hidden_years = {month.year for month in hidden_months}
    for r in out.index:
        if out.at[r, "year"].year in hidden_years or _small(out.at[r, "referrals"], min_cell):
            _hide(out, r, ["referrals", *rates, *sum(rates.values(), [])])
            continue
        for count, derived in rates.items():
            if _small(out.at[r, count], min_cell):
                _hide(out, r, [count, *derived])
        if out.at[r, "year"].year in arrests_hidden_years:
            # The year's arrests less its months' arrests shown in the cohort table would give the hidden ones.
            _hide(
                out, r, ["cohort_arrests", "within_12m_arrests", *rates["cohort_arrests"], *rates["within_12m_arrests"]]
            )
        cohort, within = out.at[r, "cohort_arrests"], out.at[r, "within_12m_arrests"]
        if MARKER not in (cohort, within) and 0 < int(cohort) - int(within) < min_cell:
            _hide(out, r, ["within_12m_arrests", *rates["within_12m_arrests"]])
    return out.drop(columns=["within_12m_arrests"])


def publishable(log, *, min_cell: int = 5, confidence_level: float = 0.95) -> PublishableLog:
    """The log's tables with small counts, and what would give them away, withheld (see the module's rules).

    Parameters
    ----------
    log : inquiry_analysis.io.ReferralLog
        The log, open (any object with its ``by_source``, ``follow_up``, ``year_counts`` and ``summary``).
    min_cell : int
        The smallest count shown (default 5).
    confidence_level : float
        Of the intervals in the conversion and ratio tables (default 0.95).

    Returns
    -------
    PublishableLog
    """
    min_cell = check_min_cell(min_cell)
    by_source = log.by_source()
    wide = by_source.pivot(index="month", columns="source", values="referrals").astype("int64")
    table = suppress(wide, min_cell=min_cell)
    shown = table.shown
    months = [m for m in shown.index if m != TOTAL]
    sources = [s for s in shown.columns if s != TOTAL]
    long = pd.DataFrame(
        {
            "month": pd.PeriodIndex([m for m in months for _ in sources], freq="M"),
            "source": pd.array([s for _ in months for s in sources], dtype="string"),
            "referrals": [shown.at[m, s] for m in months for s in sources],
        }
    )
    monthly = pd.DataFrame(
        {"month": pd.PeriodIndex(months, freq="M"), "referrals": [shown.at[m, TOTAL] for m in months]}
    )
    hidden = {m for m in months if shown.at[m, TOTAL] == MARKER}
    ratios = None
    conversion = _conversion(
        cohorts.conversion(log.follow_up(by="month"), confidence_level=confidence_level), hidden, min_cell
    )
    if "arrested" in log.summary.columns:
        withheld = conversion.loc[conversion["arrested"] == MARKER, "cohort"]
        ratios = _ratios(
            cohorts.arrest_ratios(
                log.year_counts(),
                log.follow_up(by="year"),
                first_received=log.summary.first_received,
                extract_date=log.summary.extract_date,
                confidence_level=confidence_level,
            ),
            hidden,
            {month.year for month in withheld},
            min_cell,
        )
    for frame in (monthly, long, conversion, ratios):
        if frame is not None:
            frame.attrs = dict(by_source.attrs)  # each cites the log
    return PublishableLog(
        monthly=monthly,
        by_source=long,
        source_totals={s: shown.at[TOTAL, s] for s in sources},
        total=shown.at[TOTAL, TOTAL],
        conversion=conversion,
        ratios=ratios,
        min_cell=min_cell,
    )
