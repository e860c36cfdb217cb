"""What the exhibits of a monthly referral series say: AN-01 (counts, average, trend), AN-02 (change on a year).

Each function takes the results :mod:`inquiry_analysis.metrics.series` gave for the series and
returns the :class:`~inquiry_analysis.exhibits.Exhibit`, every number it states taken from them;
:func:`change_exhibit` returns a :class:`~inquiry_analysis.exhibits.Withheld` when the series is
too short to compare a month with the year before.
"""

from __future__ import annotations

import pandas as pd

from inquiry_analysis.errors import excerpt
from inquiry_analysis.exhibits.exhibit import Exhibit, Withheld
from inquiry_analysis.metrics.series import MonthlyTrend

__all__ = ["average_sentence", "change_exhibit", "counts_exhibit", "describe_series"]


def _span(frame: pd.DataFrame) -> tuple[pd.Period, pd.Period]:
    return frame["month"].iloc[0], frame["month"].iloc[-1]


def describe_series(monthly: pd.DataFrame, *, column: str) -> str:
    """The series read, in two lines: the file (name, sheet, size, sha256), then its months and total.

    Parameters
    ----------
    monthly : pandas.DataFrame
        ``month`` and ``column``, as ``read_monthly_*`` or :func:`inquiry_analysis.io.open_input` return it.
    column : str
        The count column.

    Returns
    -------
    str

    Examples
    --------
    >>> import inquiry_analysis as ia
    >>> frame = pd.DataFrame({"month": pd.period_range("2016-01", periods=3, freq="M"), "referrals": [10, 20, 30]})
    >>> frame.attrs["input"] = ia.provenance.InputFile(name="mine.csv", sha256="ab" * 32, bytes=60)
    >>> print(describe_series(frame, column="referrals").splitlines()[1])
    3 months, Jan 2016 to Mar 2016: 60 referrals
    """
    first, last = _span(monthly)
    return (
        f"{excerpt(monthly.attrs['input'].describe(), limit=None)}\n"  # the file name escaped, as written
        f"{len(monthly)} months, {first:%b %Y} to {last:%b %Y}: {int(monthly[column].sum()):,} {column}"
    )


def _latest_average(table: pd.DataFrame):
    return table.dropna(subset=["average"]).iloc[-1]


def average_sentence(table: pd.DataFrame) -> str:
    """The latest rolling average and its interval: ``Average over the 3 months to Dec 2017: ...``.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.metrics.series.monthly_counts_table`'s output (its ``attrs["window"]``).

    Returns
    -------
    str
    """
    latest, window = _latest_average(table), table.attrs["window"]
    last = pd.Period(table["month"].iloc[-1], freq="M")
    return (
        f"Average over the {window} months to {last:%b %Y}: {latest.average:,.1f} a month "
        f"(95% CI {latest.lower:,.1f} to {latest.upper:,.1f})"
    )


def counts_exhibit(monthly: pd.DataFrame, table: pd.DataFrame, trend: MonthlyTrend) -> Exhibit:
    """AN-01: referrals recorded each month, the rolling average, and the trend where the data support one.

    The title is the trend's headline, or, where no trend is given, the latest average.

    Parameters
    ----------
    monthly : pandas.DataFrame
        The series as read (``month``, ``referrals``; ``attrs["input"]`` names the file).
    table : pandas.DataFrame
        :func:`~inquiry_analysis.metrics.series.monthly_counts_table` of it.
    trend : MonthlyTrend
        :func:`~inquiry_analysis.metrics.series.monthly_trend` of it.

    Returns
    -------
    Exhibit
    """
    first, last = _span(monthly)
    window, source = table.attrs["window"], monthly.attrs["input"]
    latest = _latest_average(table)
    headline = (
        trend.headline or f"Referrals averaged {latest.average:,.0f} a month in the {window} months to {last:%b %Y}"
    )
    return Exhibit(
        exhibit_id="AN-01",
        title=headline,
        subtitle=f"Referrals recorded each month, {first:%b %Y} to {last:%b %Y}, with the {window}-month average"
        + (" and the trend" if trend.supported else ""),
        references=(source,),
        alt_text=f"Monthly referrals from {first:%b %Y} ({int(monthly['referrals'].iloc[0]):,}) to {last:%b %Y} "
        f"({int(monthly['referrals'].iloc[-1]):,}), drawn as points, with a {window}-month average line. "
        f"{trend.statement}",
        data=table,
        notes=(
            trend.statement,
            f"The {window}-month average is drawn at the last of the {window} months it averages; its shaded band is "
            "a 95% exact Poisson interval (count noise only).",
        ),
        inputs=(monthly,),
    )


def change_exhibit(monthly: pd.DataFrame, changes: pd.DataFrame) -> Exhibit | Withheld:
    """AN-02: the change on the same month a year before, or why there is none.

    Parameters
    ----------
    monthly : pandas.DataFrame
        The series as read.
    changes : pandas.DataFrame
        :func:`~inquiry_analysis.metrics.series.year_on_year` of it.

    Returns
    -------
    Exhibit or Withheld
        Withheld when no month has a month a year before it in the series.
    """
    if not len(changes):
        return Withheld(
            exhibit_id="AN-02",
            reason=f"No change on a year before: the series has {len(monthly)} months, and needs 13.",
        )
    _, last = _span(monthly)
    newest = changes.iloc[-1]
    return Exhibit(
        exhibit_id="AN-02",
        title=f"In {last:%b %Y} referrals were {newest.percent_change:+.0f}% on the same month a year before "
        f"(95% CI {newest.lower:+.0f}% to {newest.upper:+.0f}%)",
        subtitle="Change in referrals on the same month a year before, "
        f"{changes['month'].iloc[0]} to {changes['month'].iloc[-1]}",
        references=(monthly.attrs["input"],),
        alt_text=f"Percent change on the same month a year before for {len(changes)} months, from "
        f"{changes.percent_change.min():+.0f}% to {changes.percent_change.max():+.0f}%, with interval bars.",
        data=changes,
        notes=(
            "Bars are 95% score intervals for the ratio of two Poisson counts (count noise only). "
            "A month whose count a year before was zero has no percent change and is left out.",
        ),
        inputs=(monthly,),
    )
