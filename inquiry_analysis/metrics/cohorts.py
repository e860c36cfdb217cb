"""Cohort conversion: the share of a cohort of referrals that led to an arrest within a horizon.

A referral received on day 0 may lead to an arrest months later, and a referral received shortly
before a log was extracted has not had the time to: its outcome is *right-censored* at the extract
date. The Kaplan–Meier (product-limit) estimator uses every referral for as long as it was
followed, so recent cohorts are neither dropped nor counted as failures.

The estimator works on counts, not records: for each cohort, how many referrals were arrested
``days`` after receipt (``events``) and how many were last seen, unarrested, ``days`` after receipt
(``censored``). :meth:`inquiry_analysis.io.ReferralLog.follow_up` has DuckDB make that table, so a log of
any size reaches here as a few thousand rows; :func:`conversion` and :func:`arrest_ratios` compute on it.

Conventions
-----------
* An arrest on day *t* counts before a censoring on day *t* (the usual tie rule): a referral
  censored on the day others are arrested was at risk that day.
* ``share`` is 1 − S(t), with Greenwood's variance and the log(−log) interval for S
  (Kalbfleisch and Prentice 2002, section 1.4), which stays inside 0 to 1.
* With no arrest by the horizon, S = 1 and Greenwood's variance is 0; the upper limit is then the
  exact (Clopper–Pearson) bound for 0 arrests among the referrals still followed at the horizon.
  When S reaches 0 (the last referrals followed were all arrested), the lower limit is likewise
  the exact bound for all of those at risk at the last arrest being arrested.
* A horizon past the longest follow-up in a cohort is not estimable (``share`` is NaN there),
  unless S has reached 0, which no later time can change.

References
----------
Kaplan, E. L. and Meier, P. (1958). Nonparametric estimation from incomplete observations.
*Journal of the American Statistical Association* 53, 457–481.

Kalbfleisch, J. D. and Prentice, R. L. (2002). *The Statistical Analysis of Failure Time Data*,
2nd edition. Wiley.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from inquiry_analysis.metrics._common import (
    check_confidence_level,
    poisson_interval,
    two_sided_quantile,
    wilson_interval,
)

__all__ = ["DAYS_PER_MONTH", "arrest_ratios", "conversion", "horizon_days", "kaplan_meier_at"]

#: Days in an average month of the Gregorian calendar; a horizon of *m* months is round(m × this) days.
DAYS_PER_MONTH = 365.2425 / 12


def horizon_days(months: int) -> int:
    """A horizon in whole days: 3 months is 91 days, 6 is 183, 12 is 365.

    Parameters
    ----------
    months : int
        The horizon in months.

    Returns
    -------
    int
        The horizon in whole days, at 365.2425 days a year (the Gregorian mean), rounded.

    Examples
    --------
    >>> [horizon_days(m) for m in (3, 6, 12)]
    [91, 183, 365]
    """
    if isinstance(months, bool) or not isinstance(months, int | np.integer) or months < 1:
        raise ValueError(f"a horizon must be a whole number of months, at least 1, but {months!r} was passed")
    return round(months * DAYS_PER_MONTH)


def _one_cohort(
    days: np.ndarray, events: np.ndarray, censored: np.ndarray, horizons: list[int], z: float, alpha: float
) -> list[dict]:
    order = np.argsort(days, kind="stable")
    days, events, censored = days[order], events[order], censored[order]
    total = int(events.sum() + censored.sum())
    leaving = events + censored
    at_risk = total - np.concatenate(([0], np.cumsum(leaving)[:-1]))  # at risk at the start of each day
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(at_risk > 0, 1 - events / np.maximum(at_risk, 1), 1.0)
        greenwood = np.where((events > 0) & (at_risk > events), events / (at_risk * (at_risk - events)), 0.0)
    survival = np.cumprod(factor)
    variance_sum = np.cumsum(greenwood)
    longest = int(days.max()) if len(days) else -1
    shortest_censored = int(days[censored > 0].min()) if (censored > 0).any() else math.inf
    rows = []
    for horizon in horizons:
        upto = days <= horizon
        arrested = int(events[upto].sum())
        followed = total - int(leaving[upto].sum()) + int(censored[days == horizon].sum())
        row = {"days": horizon, "arrested": arrested, "at_risk": followed, "complete": shortest_censored >= horizon}
        ended = total > 0 and float(survival[-1]) <= 0.0  # everyone still followed was arrested: S stays 0
        if total == 0 or (horizon > longest and not ended):
            row.update(share=math.nan, lower=math.nan, upper=math.nan)
        elif arrested == 0:
            upper = 1 - (alpha / 2) ** (1 / followed) if followed else math.nan
            row.update(share=0.0, lower=0.0, upper=upper)
        else:
            last = np.flatnonzero(upto)[-1]
            s, g = float(survival[last]), float(variance_sum[last])
            if s <= 0.0:
                # Greenwood's variance is undefined at S = 0; mirror the no-arrest case: the exact bound
                # for all of the referrals at risk at the last arrest being arrested.
                at_last = int(at_risk[np.flatnonzero(events[upto])[-1]])
                row.update(share=1.0, lower=(alpha / 2) ** (1 / at_last), upper=1.0)
            else:
                spread = z * math.sqrt(g) / abs(math.log(s))
                row.update(share=1 - s, lower=1 - s ** math.exp(-spread), upper=1 - s ** math.exp(spread))
        rows.append(row)
    return rows


def kaplan_meier_at(
    table: pd.DataFrame, *, horizons_months=(3, 6, 12), confidence_level: float = 0.95, by: str = "cohort"
) -> pd.DataFrame:
    """The Kaplan–Meier share arrested within each horizon, for each cohort, from counts.

    Parameters
    ----------
    table : DataFrame
        One row per cohort and day: ``by`` (the cohort), ``days`` (whole days from receipt,
        0 or more), ``events`` (referrals arrested that day) and ``censored`` (referrals last seen
        unarrested that day). A (cohort, days) pair may repeat; its counts are added.
    horizons_months : sequence of int
        Horizons in months, each turned into days by :func:`horizon_days`.
    confidence_level : float
        Of the interval (default 0.95).
    by : str
        The name of the cohort column (kept in the result).

    Returns
    -------
    DataFrame
        One row per cohort and horizon, in cohort order then horizon order:

        ``by``
            The cohort.
        ``months``, ``days``
            The horizon.
        ``arrested``
            Referrals seen to be arrested within the horizon.
        ``at_risk``
            Referrals still followed, unarrested, at the horizon.
        ``complete``
            True when every unarrested referral was followed at least to the horizon; ``share`` is
            then the plain proportion ``arrested / referrals``.
        ``share``, ``lower``, ``upper``
            The estimated share arrested within the horizon (1 − S) and its interval; NaN where
            the horizon is past the cohort's longest follow-up.

    Examples
    --------
    Ten referrals: two arrested on day 10, three followed only 50 days, five followed 400 days.

    >>> t = pd.DataFrame({"cohort": ["2016"] * 3, "days": [10, 50, 400], "events": [2, 0, 0],
    ...                   "censored": [0, 3, 5]})
    >>> out = kaplan_meier_at(t, horizons_months=(3, 12))
    >>> out[["months", "arrested", "at_risk", "complete"]].values.tolist()
    [[3, 2, 5, False], [12, 2, 5, False]]
    >>> round(float(out["share"].iloc[0]), 3)
    0.2
    """
    confidence_level = check_confidence_level(confidence_level)
    missing = {by, "days", "events", "censored"} - set(table.columns)
    if missing:
        raise ValueError(f"`table` must have the columns {by}, days, events and censored; missing {sorted(missing)}")
    counts = table[["days", "events", "censored"]].to_numpy()
    if len(table) and (counts.min() < 0 or not np.all(np.mod(counts, 1) == 0)):
        raise ValueError("`table`'s days, events and censored must be whole numbers, not negative")
    months = [int(m) for m in horizons_months]
    horizons = [horizon_days(m) for m in months]
    z = two_sided_quantile(confidence_level)
    summed = table.groupby([by, "days"], sort=True, observed=True)[["events", "censored"]].sum().reset_index()
    rows = []
    for cohort, group in summed.groupby(by, sort=True, observed=True):
        found = _one_cohort(
            group["days"].to_numpy(np.int64),
            group["events"].to_numpy(np.int64),
            group["censored"].to_numpy(np.int64),
            horizons,
            z,
            1 - confidence_level,
        )
        rows += [{by: cohort, "months": m, **row} for m, row in zip(months, found)]
    columns = [by, "months", "days", "arrested", "at_risk", "complete", "share", "lower", "upper"]
    return pd.DataFrame(rows, columns=columns)


def _cohort_keys(follow_up: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """``follow_up`` with its Period cohorts as whole numbers (grouping them is cheaper), and their frequency."""
    if "cohort" not in follow_up.columns or not isinstance(follow_up["cohort"].dtype, pd.PeriodDtype):
        raise ValueError(
            "`follow_up` must be the table ReferralLog.follow_up returns, with a Period column "
            "'cohort', days, events, censored and disseminated"
        )
    freq = follow_up["cohort"].dtype.freq
    table = follow_up.copy()
    table["cohort"] = pd.PeriodIndex(follow_up["cohort"]).asi8
    return table, freq


def conversion(
    follow_up: pd.DataFrame,
    *,
    horizons_months=(3, 6, 12),
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """For each cohort of referrals: the share disseminated, and the share arrested within each horizon.

    The arrest shares are Kaplan–Meier estimates, right-censored at the extract date
    (:func:`kaplan_meier_at`, where the conventions are); the share disseminated by the extract date
    has a Wilson interval.

    Parameters
    ----------
    follow_up : pandas.DataFrame
        The counts :meth:`inquiry_analysis.io.ReferralLog.follow_up` returns: ``cohort`` (a monthly
        or yearly ``Period``), ``days``, ``events``, ``censored`` and ``disseminated``. Its
        ``attrs["cap_days"]``, where given, must reach past the longest horizon.
    horizons_months : sequence of int
        Months within which an arrest counts (3 is 91 days, 6 is 183, 12 is 365).
    confidence_level : float
        Of every interval (default 0.95).

    Returns
    -------
    pandas.DataFrame
        One row per cohort and horizon:

        ``cohort``
            The month or year of receipt (``Period``).
        ``referrals``
            Referrals received in the cohort.
        ``disseminated``, ``disseminated_share``, ``disseminated_lower``, ``disseminated_upper``
            How many were disseminated by the extract date, that share and its Wilson interval
            (a recent cohort's share is still rising).
        ``months``, ``days``, ``arrested``, ``at_risk``, ``complete``, ``share``, ``lower``, ``upper``
            As :func:`kaplan_meier_at` gives them. ``attrs`` are ``follow_up``'s (the log cited).

    Examples
    --------
    >>> t = pd.DataFrame({"cohort": pd.PeriodIndex(["2016-01"] * 2, freq="M"), "days": [10, 400],
    ...                   "events": [2, 0], "censored": [0, 8], "disseminated": [2, 3]})
    >>> out = conversion(t, horizons_months=(3,))
    >>> out[["referrals", "disseminated", "arrested"]].values.tolist(), round(float(out["share"].iloc[0]), 6)
    ([[10, 5, 2]], 0.2)
    """
    table, freq = _cohort_keys(follow_up)
    cap = follow_up.attrs.get("cap_days")
    longest = max(horizon_days(int(m)) for m in horizons_months)
    if cap is not None and cap <= longest:
        raise ValueError(
            f"`follow_up` was cut at {cap} days, which does not reach past the longest horizon "
            f"({longest} days); make it with cap_days={longest + 1} or more"
        )
    km = kaplan_meier_at(table, horizons_months=horizons_months, confidence_level=confidence_level)
    sizes = table.groupby("cohort", sort=True).agg(
        referrals=("events", "sum"), censored=("censored", "sum"), disseminated=("disseminated", "sum")
    )
    sizes["referrals"] += sizes.pop("censored")
    intervals = [
        wilson_interval(int(d), int(n), confidence_level=confidence_level)
        for d, n in zip(sizes["disseminated"], sizes["referrals"])
    ]
    sizes["disseminated_share"] = sizes["disseminated"] / sizes["referrals"]
    sizes["disseminated_lower"] = [low for low, _ in intervals]
    sizes["disseminated_upper"] = [high for _, high in intervals]
    out = sizes.reset_index().merge(km, on="cohort", how="right", validate="one_to_many")
    out["cohort"] = pd.PeriodIndex.from_ordinals(out["cohort"].to_numpy(dtype="int64"), freq=freq)
    out.attrs = dict(follow_up.attrs)
    return out


def arrest_ratios(
    year_counts: pd.DataFrame,
    follow_up_by_year: pd.DataFrame,
    *,
    first_received: dt.date,
    extract_date: dt.date,
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Arrests per 1,000 referrals by calendar year, counted two ways, with the cohort's 12-month share.

    ``in_year`` is the hearing's ratio: arrests made in the year (from referrals of any year)
    over referrals received in the year. In the log's first calendar year it is NaN: that
    year's arrests from referrals received before the log began are not in the log, so the
    ratio would be too low. ``cohort`` counts the arrests, to the extract date, that came from
    the referrals received in the year. ``within_12m`` is 1,000 times the Kaplan–Meier share
    of the year's referrals arrested within 12 months, which does not depend on how long ago
    the year was. Intervals are exact Poisson, the referrals taken as fixed.

    Parameters
    ----------
    year_counts : pandas.DataFrame
        :meth:`inquiry_analysis.io.ReferralLog.year_counts`: ``year`` (int), ``referrals``,
        ``arrests_in_year`` and ``cohort_arrests``. Years with no referrals have no ratio and are left out.
    follow_up_by_year : pandas.DataFrame
        :meth:`inquiry_analysis.io.ReferralLog.follow_up` with ``by="year"``.
    first_received, extract_date : datetime.date
        The log's first date of receipt and its extract date.
    confidence_level : float
        Of every interval (default 0.95).

    Returns
    -------
    pandas.DataFrame
        One row per calendar year of receipt: ``year`` (``Period``), ``referrals``,
        ``full_year`` (True when the log's first referral is in January of the year or
        earlier and it was extracted on 31 December or later), ``arrests_in_year``,
        ``in_year_per_1000``, ``in_year_lower``, ``in_year_upper``, ``cohort_arrests``,
        ``cohort_per_1000``, ``cohort_lower``, ``cohort_upper``, ``within_12m_arrests`` (seen
        arrested within 365 days), ``within_12m_per_1000``, ``within_12m_lower``,
        ``within_12m_upper`` and ``within_12m_complete`` (every referral of the year followed 12
        months). ``attrs`` are ``year_counts``'s (the log cited).
    """
    counts = year_counts[year_counts["referrals"] > 0]
    km = conversion(follow_up_by_year, horizons_months=(12,), confidence_level=confidence_level)
    first_year = first_received.year
    rows = []
    for year, referrals, in_year, cohort in counts[
        ["year", "referrals", "arrests_in_year", "cohort_arrests"]
    ].itertuples(index=False):
        year, referrals, in_year, cohort = int(year), int(referrals), int(in_year), int(cohort)
        in_low, in_high = (
            (math.nan, math.nan)
            if year == first_year
            else poisson_interval(in_year, referrals / 1000, confidence_level=confidence_level)
        )
        co_low, co_high = poisson_interval(cohort, referrals / 1000, confidence_level=confidence_level)
        k = km[km["cohort"] == pd.Period(year=year, freq="Y")].iloc[0]
        rows.append(
            {
                "year": pd.Period(year=year, freq="Y"),
                "referrals": referrals,
                "full_year": first_received <= dt.date(year, 1, 31) and extract_date >= dt.date(year, 12, 31),
                "arrests_in_year": in_year,
                "in_year_per_1000": math.nan if year == first_year else 1000 * in_year / referrals,
                "in_year_lower": in_low,
                "in_year_upper": in_high,
                "cohort_arrests": cohort,
                "cohort_per_1000": 1000 * cohort / referrals,
                "cohort_lower": co_low,
                "cohort_upper": co_high,
                "within_12m_arrests": int(k["arrested"]),
                "within_12m_per_1000": 1000 * k["share"],
                "within_12m_lower": 1000 * k["lower"],
                "within_12m_upper": 1000 * k["upper"],
                "within_12m_complete": bool(k["complete"]),
            }
        )
    out = pd.DataFrame(rows)
    out.attrs = dict(year_counts.attrs)
    return out
