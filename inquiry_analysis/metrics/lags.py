"""Arrests per 1,000 referrals from a user's monthly series, at a stated lag and at other lags.

The files do not link an arrest to the referral it came from, so arrests in month m + lag are set
against referrals received in month m; the lag is an assumption, stated with every result, and
:func:`ratio_by_lag` shows how much it matters.
"""

from __future__ import annotations

import numbers
import warnings

import pandas as pd

from inquiry_analysis.errors import InquiryAnalysisWarning
from inquiry_analysis.metrics._common import check_confidence_level, poisson_interval
from inquiry_analysis.metrics.series import monthly_counts

__all__ = ["arrests_per_1000", "ratio_by_lag"]

#: Rates per 1,000 to a hundredth (a reader's precision).
_PER_1000_DECIMALS = {"per_1000": 2, "lower": 2, "upper": 2}


def _check_lag(name: str, lag) -> int:
    if isinstance(lag, bool) or not isinstance(lag, numbers.Integral) or lag < 0:
        raise ValueError(
            f"`{name}` must be a whole number of months, 0 or more (arrests counted that many months "
            f"after the referrals), but {lag!r} was passed"
        )
    return int(lag)


def _pairs(referrals: pd.Series, arrests: pd.Series, lag: int) -> list[tuple[pd.Period, int, int]]:
    """(referral month, referrals, arrests ``lag`` months later) for every month both series cover."""
    found = dict(zip(arrests.index, arrests))
    return [
        (month, int(count), int(found[month + lag]))
        for month, count in zip(referrals.index, referrals)
        if month + lag in found
    ]


def _coverage(referrals: pd.Series, arrests: pd.Series, lag: int) -> str:
    return (
        f"referrals cover {referrals.index[0]} to {referrals.index[-1]} and arrests {arrests.index[0]} to "
        f"{arrests.index[-1]}, so at a lag of {lag} month{'s' if lag != 1 else ''} arrests would need to "
        f"include months from {referrals.index[0] + lag} to {referrals.index[-1] + lag}"
    )


def _lag_text(lag: int) -> str:
    return "same month" if lag == 0 else f"{lag} month{'s' if lag != 1 else ''} later"


def _per_1000_row(arrests: int, referrals: int, confidence_level: float) -> dict:
    low, high = poisson_interval(arrests, referrals / 1000, confidence_level=confidence_level)
    return {
        "referrals": referrals,
        "arrests": arrests,
        "per_1000": 1000 * arrests / referrals,
        "lower": low,
        "upper": high,
    }


_RATE_COLUMNS = [
    "period",
    "period_start",
    "period_end",
    "arrest_period",
    "referrals",
    "arrests",
    "per_1000",
    "lower",
    "upper",
    "lag_months",
    "derived",
]


def arrests_per_1000(
    referrals: pd.DataFrame,
    arrests: pd.DataFrame,
    *,
    lag_months: int = 0,
    by: str = "month",
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Arrests per 1,000 referrals, arrests counted ``lag_months`` after the referrals, by month or year.

    Arrests in month ``m + lag_months`` are set against referrals received in month ``m``: the lag
    is the assumed time from a referral to the arrest it leads to, and is stated on every row.
    The interval is the exact (Garwood) Poisson interval for the arrests, with the referrals as a
    fixed exposure: ``chi2.ppf(α/2, 2a) / 2`` to ``chi2.ppf(1 - α/2, 2a + 2) / 2`` arrests per
    referral, times 1,000.

    Parameters
    ----------
    referrals, arrests : pandas.DataFrame
        As :func:`inquiry_analysis.read_monthly_referrals` and
        :func:`inquiry_analysis.read_monthly_arrests` return (``month`` and ``referrals``;
        ``month`` and ``arrests``).
    lag_months : int
        Months from referral to arrest, 0 or more.
    by : {"month", "year"}
        ``"month"``: one row for each referral month for which the arrests ``lag_months`` later
        are in ``arrests``. ``"year"``: one row for each calendar year of referral months with
        all twelve months of referrals and all twelve lagged months of arrests; a year with any
        month missing from either series is left out, never pro-rated.
    confidence_level : float
        Level of the interval.

    Returns
    -------
    pandas.DataFrame
        ``period`` (the referral month ``YYYY-MM`` or year ``YYYY``), ``period_start`` and
        ``period_end`` (ISO dates of the referral period), ``arrest_period`` (the arrest months),
        ``referrals``, ``arrests``, ``per_1000``, ``lower``, ``upper``, ``lag_months`` and
        ``derived`` (what was divided by what). A month with no referrals has no defined rate (any
        number of arrests per zero referrals) and is left out, with a warning naming it; a year
        with no referrals likewise. ``attrs["decimals"]`` gives the places to export (per 1,000 to
        a hundredth); ``attrs["left_out"]`` lists the periods left out for no referrals.

    Raises
    ------
    ValueError
        For a frame without its columns, a gap or repeat in its months, a count that is missing,
        negative or fractional, a negative lag, an unknown ``by``, or series that share no month
        at the lag.

    Examples
    --------
    >>> months = pd.period_range("2016-01", periods=4, freq="M")
    >>> referrals = pd.DataFrame({"month": months, "referrals": [1000, 2000, 4000, 500]})
    >>> arrests = pd.DataFrame({"month": months, "arrests": [10, 20, 30, 40]})
    >>> table = arrests_per_1000(referrals, arrests, lag_months=2)
    >>> table[["period", "arrest_period", "per_1000"]].values.tolist()
    [['2016-01', '2016-03', 30.0], ['2016-02', '2016-04', 20.0]]
    """
    confidence_level = check_confidence_level(confidence_level)
    lag = _check_lag("lag_months", lag_months)
    if by not in ("month", "year"):
        raise ValueError(f"`by` must be 'month' or 'year', but {by!r} was passed")
    referred = monthly_counts(referrals, "referrals", "referrals")
    arrested = monthly_counts(arrests, "arrests", "arrests")
    pairs = _pairs(referred, arrested, lag)
    if not pairs:
        raise ValueError(
            f"`referrals` and `arrests` must share months at a lag of {lag_months}, but "
            f"{_coverage(referred, arrested, lag)}; pass series that overlap, or a shorter lag"
        )
    rows, left_out = [], []
    if by == "month":
        groups = [(str(month), month, month, [(r, a)]) for month, r, a in pairs]
    else:
        years: dict[int, list] = {}
        for month, r, a in pairs:
            years.setdefault(month.year, []).append((month, r, a))
        groups = [
            (str(year), items[0][0], items[-1][0], [(r, a) for _, r, a in items])
            for year, items in years.items()
            if len(items) == 12
        ]
    for label, first, last, counts in groups:
        referral_total, arrest_total = sum(r for r, _ in counts), sum(a for _, a in counts)
        arrest_period = str(first + lag) if first == last else f"{first + lag} to {last + lag}"
        if referral_total == 0:
            left_out.append(label)
            continue
        referral_period = label if first == last else f"{first} to {last}"
        rows.append(
            {
                "period": label,
                "period_start": first.start_time.date().isoformat(),
                "period_end": last.end_time.date().isoformat(),
                "arrest_period": arrest_period,
                **_per_1000_row(arrest_total, referral_total, confidence_level),
                "lag_months": lag,
                "derived": f"arrests in {arrest_period} per 1,000 referrals in {referral_period} "
                f"(arrests {_lag_text(lag)}): {arrest_total:,} ÷ {referral_total:,} × 1,000",
            }
        )
    if left_out:
        warnings.warn(
            f"no arrests per 1,000 referrals for {', '.join(left_out)}: no referrals were recorded "
            "there, so the rate is undefined; those rows are left out",
            InquiryAnalysisWarning,
            stacklevel=2,
        )
    if by == "year" and not groups:
        warnings.warn(
            f"no calendar year has all 12 months of referrals and of arrests {_lag_text(lag)} "
            f"({_coverage(referred, arrested, lag)}); the yearly table is empty: use by='month'",
            InquiryAnalysisWarning,
            stacklevel=2,
        )
    table = pd.DataFrame(rows, columns=_RATE_COLUMNS)
    table = table.astype(
        {
            "referrals": "int64",
            "arrests": "int64",
            "per_1000": "float64",
            "lower": "float64",
            "upper": "float64",
            "lag_months": "int64",
        }
    )
    table.attrs["decimals"] = dict(_PER_1000_DECIMALS)
    table.attrs["confidence_level"] = confidence_level
    table.attrs["left_out"] = left_out
    return table


def ratio_by_lag(
    referrals: pd.DataFrame,
    arrests: pd.DataFrame,
    *,
    lags=range(0, 13),
    confidence_level: float = 0.95,
    common_months: bool = False,
) -> pd.DataFrame:
    """Arrests per 1,000 referrals over the whole series, at each lag from referral to arrest.

    For each lag, the arrests ``lag`` months after each referral month are totalled over every
    referral month for which both counts are available, and set against the total referrals of
    those months, with the exact Poisson interval for the arrest total (referrals a fixed
    exposure). It shows how much the ratio hangs on the lag assumed.

    By default each lag uses every month both series cover at that lag, so longer lags drop
    referral months from the end (and, when arrests start later than referrals, add them at the
    start): ``months``, ``first`` and ``last`` say which. With ``common_months=True`` every lag
    uses the same referral months, those covered at all the lags, so that the ratios differ only
    by the lag and not by the months compared.

    Parameters
    ----------
    referrals, arrests : pandas.DataFrame
        As :func:`arrests_per_1000`.
    lags : iterable of int
        Lags in months, each 0 or more, without repeats; default 0 to 12.
    confidence_level : float
        Level of the interval.
    common_months : bool
        Use the same referral months at every lag.

    Returns
    -------
    pandas.DataFrame
        One row per lag: ``lag_months``, ``months`` (referral months used), ``first`` and ``last``
        (first and last referral month, ``YYYY-MM``), ``referrals``, ``arrests``, ``per_1000``,
        ``lower``, ``upper`` and ``derived``. A lag at which the series share no month, or share
        only months with no referrals, is left out with a warning; ``attrs["left_out"]`` lists such
        lags. ``attrs["decimals"]`` gives the places to export (per 1,000 to a hundredth).

    Raises
    ------
    ValueError
        As :func:`arrests_per_1000`, for empty or repeated ``lags``, or when no lag has a month
        both series cover.

    Examples
    --------
    >>> months = pd.period_range("2016-01", periods=3, freq="M")
    >>> referrals = pd.DataFrame({"month": months, "referrals": [1000, 1000, 2000]})
    >>> arrests = pd.DataFrame({"month": months, "arrests": [5, 10, 20]})
    >>> table = ratio_by_lag(referrals, arrests, lags=[0, 1])
    >>> table["months"].tolist(), table["per_1000"].tolist()
    ([3, 2], [8.75, 15.0])
    """
    confidence_level = check_confidence_level(confidence_level)
    if isinstance(lags, (str, bytes)) or not hasattr(lags, "__iter__"):
        raise ValueError(f"`lags` must be whole numbers of months, e.g. range(0, 13), but {lags!r} was passed")
    lags = [_check_lag("lags", lag) for lag in lags]
    if not lags:
        raise ValueError("`lags` must name at least one lag, but an empty sequence was passed")
    repeated = sorted({lag for lag in lags if lags.count(lag) > 1})
    if repeated:
        raise ValueError(f"`lags` must not repeat a lag, but {', '.join(map(str, repeated))} was passed more than once")
    referred = monthly_counts(referrals, "referrals", "referrals")
    arrested = monthly_counts(arrests, "arrests", "arrests")
    by_lag = {lag: _pairs(referred, arrested, lag) for lag in lags}
    if common_months:
        shared = set.intersection(*({month for month, _, _ in pairs} for pairs in by_lag.values()))
        by_lag = {lag: [p for p in pairs if p[0] in shared] for lag, pairs in by_lag.items()}
    rows, left_out = [], []
    for lag, pairs in by_lag.items():
        referral_total, arrest_total = sum(r for _, r, _ in pairs), sum(a for _, _, a in pairs)
        if referral_total == 0:
            left_out.append(lag)
            continue
        first, last = pairs[0][0], pairs[-1][0]
        rows.append(
            {
                "lag_months": lag,
                "months": len(pairs),
                "first": str(first),
                "last": str(last),
                **_per_1000_row(arrest_total, referral_total, confidence_level),
                "derived": f"arrests in {first + lag} to {last + lag} per 1,000 referrals in {first} to {last} "
                f"(arrests {_lag_text(lag)}): {arrest_total:,} ÷ {referral_total:,} × 1,000",
            }
        )
    if not rows:
        raise ValueError(
            f"`referrals` and `arrests` must share a month with referrals at one of the lags "
            f"{', '.join(map(str, lags))} at least, but they do not: referrals cover "
            f"{referred.index[0]} to {referred.index[-1]} and arrests {arrested.index[0]} to "
            f"{arrested.index[-1]}"
            + ("; with common_months=True no month is covered at every lag" if common_months else "")
        )
    if left_out:
        warnings.warn(
            f"no ratio at lag{'s' if len(left_out) > 1 else ''} {', '.join(map(str, left_out))}: the "
            "series share no month with referrals there, so the ratio is undefined; left out. Pass "
            "lags the series can cover.",
            InquiryAnalysisWarning,
            stacklevel=2,
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "lag_months",
            "months",
            "first",
            "last",
            "referrals",
            "arrests",
            "per_1000",
            "lower",
            "upper",
            "derived",
        ],
    )
    table.attrs["decimals"] = dict(_PER_1000_DECIMALS)
    table.attrs["confidence_level"] = confidence_level
    table.attrs["left_out"] = left_out
    return table
