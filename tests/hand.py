"""Textbook formulas written out by hand, as independent checks of the library's intervals."""

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
    """Exact Poisson interval for a count (Garwood 1936)."""
    return chi2.ppf((1 - level) / 2, 2 * k) / 2, chi2.ppf(1 - (1 - level) / 2, 2 * k + 2) / 2
