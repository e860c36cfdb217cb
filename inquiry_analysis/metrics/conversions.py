"""Conversions between published forms: a monthly average to a total, a total to an average, a base from a rise.

Each returns a :class:`Derived` value, with the range that the rounding of its inputs allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from inquiry_analysis.metrics._common import check_positive, fmt_count

__all__ = ["Derived", "annual_total", "implied_base", "monthly_average"]


@dataclass(frozen=True, kw_only=True)
class Derived:
    """A value computed from published figures, with the range the rounding of its inputs allows.

    Attributes
    ----------
    estimate : float
        The value computed from the figures as published.
    lower, upper : float
        The least and most it can be, given the rounding of the published figures.
    derivation : str
        How it was computed, e.g. "3,545 per month × 12 months".
    inputs : tuple of str
        Figure ids of the published figures used.
    """

    estimate: float
    lower: float
    upper: float
    derivation: str
    inputs: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = f"{fmt_count(self.estimate)} (derived: {self.derivation}"
        if self.lower != self.upper:
            text += f"; {fmt_count(self.lower)} to {fmt_count(self.upper)} allowing for rounding"
        return text + ")"


def annual_total(
    monthly_average: float, *, months: int = 12, rounding: float = 1.0, inputs: tuple[str, ...] = ()
) -> Derived:
    """The total over ``months`` months implied by a published monthly average.

    ``rounding`` is the unit the average was rounded to (1 for a whole number), so the total lies
    within ``months * rounding / 2`` of the estimate.

    Parameters
    ----------
    monthly_average : float
        The published average per month.
    months : int, default 12
        The months the total covers.
    rounding : float, default 1.0
        The unit the average was rounded to.
    inputs : tuple of str, default ()
        The ids of the published figures used.

    Returns
    -------
    Derived
        The total with the range the rounding allows and its derivation.

    Examples
    --------
    >>> print(annual_total(3545))
    42,540 (derived: 3,545 per month × 12 months; 42,534 to 42,546 allowing for rounding)
    """
    check_positive("monthly_average", monthly_average)
    return Derived(
        estimate=monthly_average * months,
        lower=(monthly_average - rounding / 2) * months,
        upper=(monthly_average + rounding / 2) * months,
        derivation=f"{fmt_count(monthly_average)} per month × {months} months",
        inputs=tuple(inputs),
    )


def monthly_average(total: float, *, months: int = 12, rounding: float = 1.0, inputs: tuple[str, ...] = ()) -> Derived:
    """The average per month implied by a published total over ``months`` months.

    Parameters
    ----------
    total : float
        The published total.
    months : int, default 12
        The months the total covers.
    rounding : float, default 1.0
        The unit the total was rounded to.
    inputs : tuple of str, default ()
        The ids of the published figures used.

    Returns
    -------
    Derived
        The average per month with the range the rounding allows and its derivation.

    Examples
    --------
    >>> print(monthly_average(82109))
    6,842 (derived: 82,109 ÷ 12 months; 6,842 to 6,842 allowing for rounding)
    """
    check_positive("total", total)
    return Derived(
        estimate=total / months,
        lower=(total - rounding / 2) / months,
        upper=(total + rounding / 2) / months,
        derivation=f"{fmt_count(total)} ÷ {months} months",
        inputs=tuple(inputs),
    )


def implied_base(
    end_value: float, percent_increase: float, *, percent_rounding: float = 0.0, inputs: tuple[str, ...] = ()
) -> Derived:
    """The starting value that a stated percentage increase to ``end_value`` implies.

    ``percent_rounding`` is the unit the percentage may have been rounded to (e.g. 100 for
    "700 per cent" read as a round figure), giving the range of bases it allows.

    Parameters
    ----------
    end_value : float
        The value the increase reached.
    percent_increase : float
        The stated increase in percent.
    percent_rounding : float, default 0.0
        The unit the percentage may have been rounded to (0: exact).
    inputs : tuple of str, default ()
        The ids of the published figures used.

    Returns
    -------
    Derived
        The implied starting value with the range the rounding allows and its derivation.

    Examples
    --------
    >>> round(implied_base(82109, 700).estimate)
    10264
    """
    check_positive("end_value", end_value)
    if percent_increase <= -100:
        raise ValueError(f"`percent_increase` must be above -100, but {percent_increase!r} was passed")
    low_p, high_p = percent_increase - percent_rounding / 2, percent_increase + percent_rounding / 2
    return Derived(
        estimate=end_value / (1 + percent_increase / 100),
        lower=end_value / (1 + high_p / 100),
        upper=end_value / (1 + low_p / 100),
        derivation=f"{fmt_count(end_value)} ÷ (1 + {percent_increase:g}%)",
        inputs=tuple(inputs),
    )
