"""How a figure said aloud is read, and the verdict the published data give on it.

This module implements the tolerance rule stated in full in :mod:`inquiry_analysis.claims.assess`:
a figure's wording (its qualifier and the precision it is read at) sets a range of values it
stands for, :func:`read_figure`; what the published data allow, one value or a range, is then
compared with that range, :func:`verdict_for`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from inquiry_analysis.metrics._common import last_nonzero_place

__all__ = ["QUALIFIERS", "RELATIVE_CAP", "VERDICTS", "Reading", "read_figure", "read_published", "verdict_for"]

VERDICTS = ("reproduced", "consistent", "inconsistent", "unverifiable")

#: No reading reaches further from the figure than this fraction of it (the project's rule).
RELATIVE_CAP = 0.10

#: Each qualifier the rule knows: the side(s) of the figure its reading covers, and how many
#: units of precision it reaches ("" is no qualifier: ordinary rounding).
QUALIFIERS = {
    "": ("both", 0.5),
    "about": ("both", 1.0),
    "around": ("both", 1.0),
    "approximately": ("both", 1.0),
    "nearly": ("below", 1.0),
    "almost": ("below", 1.0),
    "under": ("below", 1.0),
    "less than": ("below", 1.0),
    "just under": ("below", 0.5),
    "more than": ("above", 1.0),
    "over": ("above", 1.0),
    "just over": ("above", 0.5),
}

_SUFFIX = {"percent": "%", "per_month": " a month"}


def _number(value: float) -> str:
    """80000 -> '80,000'; 83.65 -> '83.65'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.10g}"


@dataclass(frozen=True, kw_only=True)
class Reading:
    """The range of values a figure stands for, as the project reads its wording.

    A reading, not a published figure: it follows from the figure, its qualifier and the
    precision it is read at, by the rule in :mod:`inquiry_analysis.claims.assess`.

    Attributes
    ----------
    claimed : float
        The figure as said.
    qualifier : str
        Its qualifier ("about", "nearly", "more than", ...), or "" for none.
    precision : float
        The unit the figure is read as rounded to (10,000 for "80,000"; 0 for a figure read as
        exact).
    unit : str
        ``count``, ``per_month``, ``percent`` or ``one_in_n``, for display.
    width : float
        How far the reading reaches from the figure on its open side(s), after the cap.
    capped : bool
        Whether the cap of :data:`RELATIVE_CAP` times the figure set ``width``.
    low, high : float
        The least and most values the figure stands for (both included).
    rule : str
        How ``low`` and ``high`` follow from the wording, in words.

    Examples
    --------
    >>> print(read_figure(80000, qualifier="about"))
    'about 80,000' read as 72,000 to 88,000: a whole unit of 10,000 either side, capped at 10% of the figure
    """

    claimed: float
    qualifier: str
    precision: float
    unit: str
    width: float
    capped: bool
    low: float
    high: float
    rule: str

    @property
    def said(self) -> str:
        """The figure as worded, quoted: ``'about 80,000'``."""
        qualifier = f"{self.qualifier} " if self.qualifier else ""
        return f"'{qualifier}{_number(self.claimed)}{_SUFFIX.get(self.unit, '')}'"

    @property
    def span(self) -> str:
        """The range read, ``72,000 to 88,000`` (one value when the figure is read as exact)."""
        suffix = _SUFFIX.get(self.unit, "")
        if self.low == self.high:
            return f"{_number(self.low)}{suffix}"
        first = _number(self.low) + ("%" if self.unit == "percent" else "")
        return f"{first} to {_number(self.high)}{suffix}"

    def __str__(self) -> str:
        if self.low == self.high:
            return f"{self.said} read as exact: {self.span}"
        return f"{self.said} read as {self.span}: {self.rule}"


def read_figure(claimed: float, *, qualifier: str = "", precision: float | None = None, unit: str = "count") -> Reading:
    """The range a figure stands for, given its qualifier and the precision it is read at.

    Parameters
    ----------
    claimed : float
        The figure as said.
    qualifier : str, default ""
        One of :data:`QUALIFIERS` ("" for none).
    precision : float, optional
        The unit the figure is read as rounded to; 0 reads it as exact. Default: the place of
        its last non-zero digit (3,500: 100; 83.7: 0.1).
    unit : str, default "count"
        For display only.

    Returns
    -------
    Reading

    Raises
    ------
    ValueError
        If ``qualifier`` is not one the rule knows, or ``claimed`` or ``precision`` is not a
        finite number (``precision`` not negative).

    Examples
    --------
    >>> r = read_figure(100000, qualifier="about")
    >>> r.low, r.high, r.capped
    (90000.0, 110000.0, True)
    >>> r = read_figure(3500)
    >>> r.low, r.high
    (3450.0, 3550.0)
    >>> r = read_figure(10000, qualifier="nearly")
    >>> r.low, r.high
    (9000.0, 10000.0)
    """
    if qualifier not in QUALIFIERS:
        known = ", ".join(repr(q) for q in QUALIFIERS)
        raise ValueError(
            f"`qualifier` must be one of {known}, but {qualifier!r} was passed; to read another "
            "hedge, add it to QUALIFIERS with the side and width it stands for"
        )
    if isinstance(claimed, bool) or not math.isfinite(claimed):
        raise ValueError(f"`claimed` must be a finite number, but {claimed!r} was passed")
    claimed = float(claimed)
    if precision is None:
        precision = last_nonzero_place(claimed)
    if isinstance(precision, bool) or not math.isfinite(precision) or precision < 0:
        raise ValueError(f"`precision` must be a finite number, not negative, but {precision!r} was passed")
    precision = float(precision)
    side, units = QUALIFIERS[qualifier]
    uncapped = units * precision
    cap = RELATIVE_CAP * abs(claimed)
    width = min(uncapped, cap)
    capped = cap < uncapped
    # Rounded to a billionth, so that 83.7 - 0.05 reads as 83.65, not 83.65000000000001.
    low = round(claimed - width, 9) if side in ("both", "below") else claimed
    high = round(claimed + width, 9) if side in ("both", "above") else claimed
    amount = "half a unit" if units == 0.5 else "a whole unit"
    where = {"both": "either side", "below": "below it", "above": "above it"}[side]
    rule = f"{amount} of {_number(precision)} {where}"
    rule += (
        f", capped at {RELATIVE_CAP:.0%} of the figure"
        if capped
        else (" (ordinary rounding)" if qualifier == "" else "")
    )
    return Reading(
        claimed=claimed,
        qualifier=qualifier,
        precision=precision,
        unit=unit,
        width=float(width),
        capped=capped,
        low=float(low),
        high=float(high),
        rule=rule,
    )


def read_published(value: float, *, qualifier: str = "", unit: str = "count", status: str = "") -> Reading:
    """The range a published figure (a row of a bundled table) stands for: the claims rule, applied to its wording.

    This is the one route from a published figure to a range, so that one hedge has one meaning
    wherever it is used (a rate, a chain of stages, a verdict). A hedged figure, a rate or average
    (``per_month``, never a whole number by nature) and a figure known only as said aloud
    (``status`` ``press``, the same reading its claim gets) are read at the precision of their last
    non-zero digit; an unhedged count printed by its producer is read as exact (precision 0), as a
    printed count is not a rounding. A count is a whole number, so a count's range is narrowed to
    whole numbers.

    Parameters
    ----------
    value : float
        The published figure.
    qualifier : str, default ""
        Its hedge ("about", "nearly", "over"), or empty.
    unit : str, default "count"
        Its unit (``count``, ``per_month``, ``percent``, ...).
    status : str, default ""
        How it is known (``press`` for a figure only said aloud).

    Returns
    -------
    Reading
        The range the figure stands for and the rule's reasoning.

    Raises
    ------
    ValueError
        If ``qualifier`` is ``range_low`` or ``range_high`` (one end of a stated range: read the
        two ends as a pair, not as a figure standing alone), or one the rule does not know.

    Examples
    --------
    >>> r = read_published(400, qualifier="about", unit="per_month")
    >>> r.low, r.high
    (360.0, 440.0)
    >>> r = read_published(500, qualifier="over", unit="per_month")
    >>> r.low, r.high
    (500.0, 550.0)
    >>> read_published(82109).span, read_published(170, status="press").span
    ('82,109', '165 to 175')
    """
    if qualifier in ("range_low", "range_high"):
        raise ValueError(f"{value:g} is one end of a stated range ({qualifier}); pass a figure that stands alone")
    rounded = bool(qualifier) or unit != "count" or status == "press"
    reading = read_figure(value, qualifier=qualifier, precision=None if rounded else 0.0, unit=unit)
    if unit == "count":
        reading = dataclasses.replace(reading, low=float(math.ceil(reading.low)), high=float(math.floor(reading.high)))
    return reading


def verdict_for(reading: Reading, lower: float | None = None, upper: float | None = None) -> str:
    """The verdict on a figure, from its reading and what the published data allow.

    ``lower`` and ``upper`` are the least and most the published data allow (pass one value
    as ``lower`` alone, or both equal); both None when they give nothing.

    Returns ``reproduced`` if the data give one value equal to the figure; ``consistent`` if
    all they allow lies within the reading; ``inconsistent`` if none of it does; and
    ``unverifiable`` if they give nothing, or allow values both inside and outside the reading.

    Parameters
    ----------
    reading : Reading
        The figure's reading.
    lower, upper : float, optional
        The least and most the published data allow.

    Returns
    -------
    str
        ``reproduced``, ``consistent``, ``inconsistent`` or ``unverifiable``.

    Examples
    --------
    >>> about = read_figure(80000, qualifier="about")
    >>> verdict_for(about, 82109), verdict_for(about, 60000), verdict_for(about, 70000, 90000)
    ('consistent', 'inconsistent', 'unverifiable')
    >>> verdict_for(read_figure(170), 170), verdict_for(read_figure(170))
    ('reproduced', 'unverifiable')
    """
    if lower is None and upper is None:
        return "unverifiable"
    if lower is None or upper is None:
        lower = upper = lower if upper is None else upper
    lower, upper = float(lower), float(upper)
    if not (math.isfinite(lower) and math.isfinite(upper)) or lower > upper:
        raise ValueError(
            f"what the data allow must run from a finite `lower` to an `upper` no smaller, "
            f"but {lower!r} to {upper!r} was passed"
        )
    if lower == upper and math.isclose(lower, reading.claimed, rel_tol=1e-12, abs_tol=0.0):
        return "reproduced"
    if reading.low <= lower and upper <= reading.high:
        return "consistent"
    if upper < reading.low or lower > reading.high:
        return "inconsistent"
    return "unverifiable"
