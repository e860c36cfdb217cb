"""Cohort conversion: the share of a cohort of referrals that led to an arrest within a horizon.

A referral received on day 0 may lead to an arrest months later, and a referral received shortly
before a log was extracted has not had the time to: its outcome is *right-censored* at the extract
date. The Kaplan–Meier (product-limit) estimator uses every referral for as long as it was
followed, so recent cohorts are neither dropped nor counted as failures.

The estimator works on counts, not records: for each cohort, how many referrals were arrested
``days`` after receipt (``events``) and how many were last seen, unarrested, ``days`` after receipt
(``censored``). :mod:`inquiry_analysis.referral_log` has DuckDB make that table, so a log of any
size reaches here as a few thousand rows.

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

import math

import numpy as np
import pandas as pd

from ._common import check_confidence_level, two_sided_quantile

__all__ = ["DAYS_PER_MONTH", "horizon_days", "kaplan_meier_at"]

#: Days in an average month of the Gregorian calendar; a horizon of *m* months is round(m × this) days.
DAYS_PER_MONTH = 365.2425 / 12


def horizon_days(months: int) -> int:
    """A horizon in whole days: 3 months is 91 days, 6 is 183, 12 is 365.

    >>> [horizon_days(m) for m in (3, 6, 12)]
    [91, 183, 365]
    """
    if isinstance(months, bool) or not isinstance(months, int | np.integer) or months < 1:
        raise ValueError(f"a horizon must be a whole number of months, at least 1, but {months!r} was passed")
    return round(months * DAYS_PER_MONTH)


def _one_cohort(days: np.ndarray, events: np.ndarray, censored: np.ndarray, horizons: list[int],
                z: float, alpha: float) -> list[dict]:
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


def kaplan_meier_at(table: pd.DataFrame, *, horizons_months=(3, 6, 12), confidence_level: float = 0.95,
                    by: str = "cohort") -> pd.DataFrame:
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
        found = _one_cohort(group["days"].to_numpy(np.int64), group["events"].to_numpy(np.int64),
                            group["censored"].to_numpy(np.int64), horizons, z, 1 - confidence_level)
        rows += [{by: cohort, "months": m, **row} for m, row in zip(months, found)]
    columns = [by, "months", "days", "arrested", "at_risk", "complete", "share", "lower", "upper"]
    return pd.DataFrame(rows, columns=columns)
