"""What the exhibits of arrests per 1,000 referrals at an assumed lag say: AN-11 (month), AN-12 (year), AN-13 (lag).

Each function takes the tables :mod:`inquiry_analysis.metrics.lags` gave for a user's two monthly
series and returns the :class:`~inquiry_analysis.exhibits.Exhibit`, every number it states taken
from them; :func:`yearly_exhibit` returns a :class:`~inquiry_analysis.exhibits.Withheld` when no
calendar year is complete in both files at the lag.
"""

from __future__ import annotations

import pandas as pd

from inquiry_analysis import provenance
from inquiry_analysis.exhibits.exhibit import Exhibit, Withheld

__all__ = ["by_lag_exhibit", "describe_inputs", "lag_words", "monthly_exhibit", "ratio_sentences", "yearly_exhibit"]

_INTERVAL_NOTE = "Bars are 95% exact Poisson intervals for the arrests, with referrals taken as fixed."


def lag_words(lag_months: int) -> str:
    """When arrests are counted, in words: ``in the same month`` or ``2 months later``.

    Parameters
    ----------
    lag_months : int
        The assumed lag.

    Returns
    -------
    str

    Examples
    --------
    >>> lag_words(0), lag_words(1), lag_words(2)
    ('in the same month', '1 month later', '2 months later')
    """
    return "in the same month" if lag_months == 0 else f"{lag_months} month{'s' if lag_months != 1 else ''} later"


def describe_inputs(referrals: pd.DataFrame, arrests: pd.DataFrame) -> str:
    """Each file read, a line each: its name, months, total and sha256.

    Parameters
    ----------
    referrals, arrests : pandas.DataFrame
        The two series as read (``attrs["input"]`` names each file).

    Returns
    -------
    str
    """
    lines = []
    for frame, column in ((referrals, "referrals"), (arrests, "arrests")):
        record, months = frame.attrs["input"], frame["month"]
        lines.append(
            f"{record.name}: {len(frame)} months, {months.iloc[0]:%b %Y} to {months.iloc[-1]:%b %Y}, "
            f"{int(frame[column].sum()):,} {column}; sha256 {record.sha256}"
        )
    return "\n".join(lines)


def _references(referrals: pd.DataFrame, arrests: pd.DataFrame) -> tuple[provenance.Reference, ...]:
    return (referrals.attrs["input"].reference(), arrests.attrs["input"].reference())


def _extremes(by_lag: pd.DataFrame):
    return by_lag.loc[by_lag.per_1000.idxmin()], by_lag.loc[by_lag.per_1000.idxmax()]


def ratio_sentences(yearly: pd.DataFrame, by_lag: pd.DataFrame, *, lag_months: int) -> str:
    """The headline: each complete year's ratio with its interval, then how far the lag moves it.

    Parameters
    ----------
    yearly : pandas.DataFrame
        :func:`~inquiry_analysis.metrics.lags.arrests_per_1000` by year.
    by_lag : pandas.DataFrame
        :func:`~inquiry_analysis.metrics.lags.ratio_by_lag` over common months.
    lag_months : int
        The assumed lag.

    Returns
    -------
    str
    """
    lines = [
        f"{row.period}: {row.arrests:,} arrests per {row.referrals:,} referrals = {row.per_1000:.2f} per 1,000 "
        f"(95% CI {row.lower:.2f} to {row.upper:.2f}), arrests counted {lag_words(lag_months)}"
        for row in yearly.itertuples()
    ]
    low, high = _extremes(by_lag)
    lines.append(
        f"Over lags of 0 to {int(by_lag.lag_months.max())} months the ratio runs from {low.per_1000:.2f} "
        f"(lag {low.lag_months}) to {high.per_1000:.2f} per 1,000 (lag {high.lag_months})."
    )
    return "\n".join(lines)


def monthly_exhibit(
    monthly: pd.DataFrame, referrals: pd.DataFrame, arrests: pd.DataFrame, *, lag_months: int
) -> Exhibit:
    """AN-11: arrests per 1,000 referrals by month of referral, at the assumed lag.

    Parameters
    ----------
    monthly : pandas.DataFrame
        :func:`~inquiry_analysis.metrics.lags.arrests_per_1000` by month.
    referrals, arrests : pandas.DataFrame
        The two series as read, which the exhibit cites.
    lag_months : int
        The assumed lag.

    Returns
    -------
    Exhibit
    """
    words = lag_words(lag_months)
    return Exhibit(
        exhibit_id="AN-11",
        title=f"Arrests ran at {monthly.per_1000.min():.1f} to {monthly.per_1000.max():.1f} per 1,000 referrals a "
        f"month, counting arrests {words}",
        subtitle=f"Arrests per 1,000 referrals by month of referral, {monthly.period.iloc[0]} to "
        f"{monthly.period.iloc[-1]}; assumed lag {lag_months} months",
        references=_references(referrals, arrests),
        alt_text=f"Arrests per 1,000 referrals for {len(monthly)} months, between {monthly.per_1000.min():.1f} and "
        f"{monthly.per_1000.max():.1f}, with interval bars.",
        data=monthly,
        notes=(
            f"Arrests are counted {words} than the referrals they are set against; the files do not link "
            "arrests to referrals, so the lag is an assumption (AN-13 shows other lags).",
            _INTERVAL_NOTE,
        ),
        inputs=(referrals, arrests),
    )


def yearly_exhibit(
    yearly: pd.DataFrame, referrals: pd.DataFrame, arrests: pd.DataFrame, *, lag_months: int
) -> Exhibit | Withheld:
    """AN-12: arrests per 1,000 referrals by calendar year, or why no year is shown.

    Parameters
    ----------
    yearly : pandas.DataFrame
        :func:`~inquiry_analysis.metrics.lags.arrests_per_1000` by year.
    referrals, arrests : pandas.DataFrame
        The two series as read.
    lag_months : int
        The assumed lag.

    Returns
    -------
    Exhibit or Withheld
        Withheld when no calendar year is complete in both files at this lag.
    """
    if not len(yearly):
        return Withheld(
            exhibit_id="AN-12",
            reason="No calendar year is complete in both files at this lag, so no yearly ratio is shown.",
        )
    return Exhibit(
        exhibit_id="AN-12",
        title="Arrests per 1,000 referrals by year: "
        + ", ".join(f"{r.period} {r.per_1000:.1f}" for r in yearly.itertuples()),
        subtitle=f"Arrests per 1,000 referrals by calendar year of referral; arrests counted {lag_words(lag_months)}",
        references=_references(referrals, arrests),
        alt_text="Arrests per 1,000 referrals by year: "
        + "; ".join(
            f"{r.period}, {r.per_1000:.2f} (95% CI {r.lower:.2f} to {r.upper:.2f})" for r in yearly.itertuples()
        )
        + ".",
        data=yearly,
        notes=(
            "Only calendar years with all twelve months of referrals, and of the arrests the lag pairs with them, "
            "are shown.",
            _INTERVAL_NOTE,
        ),
        inputs=(referrals, arrests),
    )


def by_lag_exhibit(by_lag: pd.DataFrame, referrals: pd.DataFrame, arrests: pd.DataFrame, *, lag_months: int) -> Exhibit:
    """AN-13: the ratio at every lag over the same referral months, the assumed lag marked.

    Parameters
    ----------
    by_lag : pandas.DataFrame
        :func:`~inquiry_analysis.metrics.lags.ratio_by_lag` over common months.
    referrals, arrests : pandas.DataFrame
        The two series as read.
    lag_months : int
        The assumed lag.

    Returns
    -------
    Exhibit
    """
    low, high = _extremes(by_lag)
    return Exhibit(
        exhibit_id="AN-13",
        title=f"The assumed lag moves the ratio between {low.per_1000:.1f} and {high.per_1000:.1f} arrests per 1,000 "
        "referrals",
        subtitle=f"Arrests per 1,000 referrals at lags of 0 to {int(by_lag.lag_months.max())} months, over the same "
        f"referral months ({by_lag['first'].iloc[0]} to {by_lag['last'].iloc[0]})",
        references=_references(referrals, arrests),
        alt_text="Arrests per 1,000 referrals at each lag: "
        + "; ".join(f"{r.lag_months} months, {r.per_1000:.2f}" for r in by_lag.itertuples())
        + f". The assumed lag is {lag_months} months.",
        data=by_lag,
        notes=(
            "Every lag uses the same referral months, so the lags differ only in which arrests they count.",
            _INTERVAL_NOTE,
        ),
        inputs=(referrals, arrests),
    )
