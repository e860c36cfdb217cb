"""Textbook formulas written out by hand, as independent checks of the library's intervals; and synthetic inputs."""

import math

from scipy.stats import chi2

Z95 = 1.959963984540054


def wilson(k, n, z=Z95):
    """Wilson score interval (Wilson 1927)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def garwood(k, level=0.95):
    """Exact Poisson interval for a count (Garwood 1936); the lower limit of a zero count is 0."""
    low = 0.0 if k == 0 else chi2.ppf((1 - level) / 2, 2 * k) / 2
    return low, chi2.ppf(1 - (1 - level) / 2, 2 * k + 2) / 2


def garwood_per_1000(events, exposure, level=0.95):
    """Garwood's interval for ``events`` as a rate per 1,000 of ``exposure`` (taken as fixed)."""
    return tuple(1000 * limit / exposure for limit in garwood(events, level))


def monthly(column, counts, start="2016-01"):
    """A synthetic monthly series, as the readers return one: ``month`` periods and an Int64 count column."""
    import pandas as pd

    return pd.DataFrame(
        {"month": pd.period_range(start, periods=len(counts), freq="M"), column: pd.array(counts, dtype="Int64")}
    )
