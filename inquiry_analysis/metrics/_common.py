"""Helpers shared by the metric modules: argument checks, intervals and number formatting."""

from __future__ import annotations

import math
import numbers

__all__ = [
    "check_confidence_level",
    "fmt_count",
    "fmt_percent",
    "poisson_interval",
    "rate_ratio_interval",
    "two_sided_quantile",
    "wilson_interval",
]


def check_confidence_level(confidence_level: float) -> float:
    if isinstance(confidence_level, bool) or not (
        isinstance(confidence_level, numbers.Real) and 0 < confidence_level < 1
    ):
        raise ValueError(f"`confidence_level` must be in (0, 1), but {confidence_level!r} was passed")
    return float(confidence_level)


def check_count(name: str, value) -> int:
    if isinstance(value, bool) or not float(value).is_integer() or value < 0:
        raise ValueError(f"`{name}` must be a whole number of events, not negative, but {value!r} was passed")
    return int(value)


def check_positive(name: str, value) -> float:
    if isinstance(value, bool) or not (isinstance(value, numbers.Real) and math.isfinite(value) and value > 0):
        raise ValueError(f"`{name}` must be a positive number, but {value!r} was passed")
    return float(value)


def two_sided_quantile(confidence_level: float, df: int | None = None) -> float:
    """The quantile that leaves ``(1 - confidence_level) / 2`` above it: normal, or t with ``df`` degrees of freedom.

    >>> round(two_sided_quantile(0.95), 4), round(two_sided_quantile(0.95, 2), 4)
    (1.96, 4.3027)
    """
    from scipy.stats import norm, t

    upper = 0.5 + confidence_level / 2
    return float(norm.ppf(upper) if df is None else t.ppf(upper, df))


def poisson_interval(count: int, exposure: float = 1.0, *, confidence_level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson rate ``count / exposure``."""
    from statsmodels.stats.rates import confint_poisson

    low, high = confint_poisson(count, exposure, method="exact-c", alpha=1 - confidence_level)
    return float(low), float(high)


def rate_ratio_interval(
    count1: int, exposure1: float, count2: int, exposure2: float, *, confidence_level: float = 0.95
) -> tuple[float, float]:
    """Interval for the ratio of two Poisson rates, ``(count1/exposure1) / (count2/exposure2)``.

    Given the total ``n = count1 + count2``, ``count1`` is binomial with ``n`` trials and
    probability ``p = R e1 / (R e1 + e2)``, where ``R`` is the rate ratio and ``e1``, ``e2`` the
    exposures. The interval is the Wilson score interval for ``p``, each bound mapped to the ratio
    ``R = p / (1 - p) · e2 / e1``. This is a closed form, and it is the same interval as the score
    interval for a ratio of Poisson rates (Gu et al. 2008, method W2A; statsmodels'
    ``confint_poisson_2indep(method="score", compare="ratio")``), whose statistic
    ``(y1 - y2 q) / sqrt((y1 + y2) q)`` with ``q = R e1 / e2`` equals Wilson's
    ``(y1 - n p) / sqrt(n p (1 - p))``: statsmodels finds its bounds by a numerical search, this
    function writes them down.

    The odds ``p / (1 - p)`` of Wilson's bounds ``p±`` are rearranged so that nothing is
    subtracted: with ``k = count1``, ``h = z sqrt(k (n - k) / n + z²/4)`` and
    ``A = (k + z²/2 + h)(n - k + z²/2 + h) / (1 + z²/n)``, the odds run from ``k² / A`` to
    ``A / (n - k)²``, so both bounds keep full precision and lie strictly either side of the
    estimate ``k / (n - k)``.

    When a count is zero the score interval collapses to a point; there the exact conditional
    interval is used (Clopper-Pearson on ``count1`` out of the total, turned into a ratio), which
    runs from 0, or up to infinity. Both counts zero give ``(nan, nan)``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association* 22, 209-212.

    Gu, K., Ng, H. K. T., Tang, M. L. and Schucany, W. R. (2008). Testing the ratio of two Poisson
    rates. *Biometrical Journal* 50, 283-298.

    Examples
    --------
    >>> low, high = rate_ratio_interval(7268, 1, 55530, 1)
    >>> bool(low < 7268 / 55530 < high)
    True
    >>> rate_ratio_interval(0, 1, 0, 1)
    (nan, nan)
    """
    from scipy.stats import beta

    alpha = 1 - confidence_level
    if count1 and count2:
        k, rest = float(count1), float(count2)
        n = k + rest
        z2 = two_sided_quantile(confidence_level) ** 2
        h = math.sqrt(z2 * (k * rest / n + z2 / 4))
        a = (k + z2 / 2 + h) * (rest + z2 / 2 + h) / (1 + z2 / n)
        scale = exposure2 / exposure1
        return k * k / a * scale, a / (rest * rest) * scale
    total = count1 + count2
    if total == 0:
        return math.nan, math.nan
    share_low = 0.0 if count1 == 0 else float(beta.ppf(alpha / 2, count1, total - count1 + 1))
    share_high = 1.0 if count2 == 0 else float(beta.ppf(1 - alpha / 2, count1 + 1, total - count1))

    def ratio(share):
        return math.inf if share >= 1 else share / (1 - share) * exposure2 / exposure1

    return ratio(share_low), ratio(share_high)


def wilson_interval(successes: int, trials: int, *, confidence_level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion."""
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(successes, trials, alpha=1 - confidence_level, method="wilson")
    # At 0 or all successes the bound is exactly 0 or 1; the formula leaves rounding noise there.
    return (0.0 if successes == 0 else float(low)), (1.0 if successes == trials else float(high))


def last_nonzero_place(value: float) -> float:
    """Place value of the last non-zero significant digit (at most 6 decimals): what a figure was rounded to.

    >>> last_nonzero_place(80000), last_nonzero_place(3500), last_nonzero_place(83.7), last_nonzero_place(170)
    (10000.0, 100.0, 0.1, 10.0)
    """
    if value == 0:
        return 1.0
    for exponent in range(int(math.floor(math.log10(abs(value)))), -7, -1):
        place = 10.0**exponent
        if math.isclose(value / place, round(value / place), rel_tol=0, abs_tol=1e-9):
            return round(place, 6)
    return 1e-6


def fmt_count(value: float) -> str:
    """A count or rate for reading: thousands separated, whole numbers.

    >>> fmt_count(3545.4)
    '3,545'
    """
    return f"{value:,.0f}"


def fmt_percent(value: float, decimals: int = 1) -> str:
    """A percentage given as a number of percent.

    >>> fmt_percent(56.23)
    '56.2%'
    """
    return f"{value:,.{decimals}f}%"


def fmt_level(confidence_level: float) -> str:
    return f"{confidence_level * 100:g}% CI"
