"""How a figure said aloud is read, and the verdict the published data give on it: the tolerance rule.

Every verdict on a figure comes from one rule, applied to two things: the range of values the
figure stands for as worded (its *reading*, :func:`read_figure`), and what the published data allow
for it, one value or a range from ``low`` to ``high``
(:func:`inquiry_analysis.claims.verdicts.verdict_for`). The verdicts, in the order the rule tries them:

- ``reproduced``: the data give one value, it is the figure claimed, and the reading contains the
  figure ("170" against 170; never "more than 170" against 170);
- ``consistent``: all that the data allow lies within the reading;
- ``consistent as a bound``: the figure is worded as a bound ("more than", "over", "under", "less
  than", "at least", "at most", "up to"), all that the data allow satisfies the bound as literally
  stated, but not all of it lies within the reading: the statement is true, and understates how far
  beyond its figure the value lies (:func:`inquiry_analysis.claims.verdicts.beyond` says by how much);
- ``inconsistent``: nothing the data allow lies within the reading;
- ``unverifiable``: the data give nothing for the figure, or allow values both inside and outside
  its reading, so that they neither confirm nor contradict it.

A model estimate is not data and never enters a verdict. It is reported beside one, with the shape
it assumes; an interval from a model is "conditional on" that shape, never a bare CI.

The reading of a figure follows its wording: a qualifier and the precision it is read at. For a
hearing claim they are recorded in the claims file; they are the project's reading of the words,
not published figures.

1. *Precision*: the unit the figure is read as rounded to. By default the place of its last
   non-zero digit (80,000: 10,000; 3,500: 100; 170: 10; 83.7%: 0.1), or 0 for a figure read as
   exact ("no operations").
2. *Qualifier* (:data:`QUALIFIERS`): with none, the figure stands for whatever rounds to it, half a
   unit either side ("3,500": 3,450 to 3,550). "About", "around" and "approximately" reach a whole
   unit either side, up to the neighbouring figures at that precision ("about 80,000" is neither
   70,000 nor 90,000). These include both ends.

   A one-sided reading reaches from the figure to one side only. "Nearly" and "almost" reach a
   whole unit below the figure, "just under" half a unit below and "just over" half a unit above;
   these are approximations that fall short of, or just pass, the figure, so the figure itself is
   outside them ("nearly 10,000" is not 10,000). The bounds "more than" and "over" reach a whole
   unit above, and "under" and "less than" a whole unit below, the figure itself excluded, as the
   words say ("more than 170" is not 170; Nouwen's class A, comparative modifiers). "At least"
   reaches a whole unit above, and "at most" and "up to" a whole unit below, the figure included
   (class B, superlative modifiers).
3. *Cap*: no reading reaches further from the figure than 10% of it. A figure given to two
   significant figures or more is never cut by the cap (a whole unit of its second digit is at most
   a tenth of it), so the cap binds only on round figures with one significant digit, which would
   otherwise stretch to ±50% ("100,000": 50,000 to 150,000), or ±100% with "about". They are read
   no more loosely than a figure rounded to two significant figures, the rounding the ONS service
   manual shows for a general reader (264,337 as 260,000). So "about 100,000" stands for 90,000 to
   110,000, "about 80,000" for 72,000 to 88,000, "nearly 10,000" for 9,000 up to but not including
   10,000, and "more than 20,000" for above 20,000, up to 22,000.
4. *Whole numbers*: a published count is a whole number, so :func:`read_published` narrows a
   count's reading to the whole numbers in it, and an open end becomes the next whole number inside
   (published "more than 680" arrests: 681 to 690; "nearly 10,000": 9,000 to 9,999, both ends
   included). A rate a month or a percentage need not be whole, and keeps its open ends ("over 500
   a month": above 500, up to 550).

Readings still differ in relative width ("80,000": ±6%; "82,000": ±0.6%): a speaker who gives
more digits claims more precision and is held to it. The reading of a bound is where a speaker who
chose that figure would usually put the value: one who knew of 30,000 would not normally say "more
than 20,000" (the granularity implicature of Cummins et al.). But an implicature is not what the
words say, and can be cancelled: "more than 20,000" is true of 30,000. So a bound the data satisfy,
beyond its reading, is not contradicted: its verdict is ``consistent as a bound``, and
:func:`inquiry_analysis.claims.verdicts.beyond` gives how far the data lie past the figure, as a fraction
of it (30,000 is 50% above 20,000, five times the 10% the reading reaches: true, and understated by
half). An approximation ("about", "nearly", "just over", or no qualifier) states no bound, and a value
outside its reading is inconsistent with it ("nearly 10,000" against 10,400, or against 5,000).

The widths, the cap and which words are bounds are the project's rule, stated so that they can be
argued with: the works cited describe how round numbers and hedges such as "about", "nearly" and
"more than" are read, but give no single set of widths.

References
----------
Office for National Statistics. *Service manual: Rounding*.
https://service-manual.ons.gov.uk/content/numbers/rounding

Krifka, M. (2009). Approximate interpretations of number words: a case for strategic
communication. In E. Hinrichs and J. Nerbonne (eds.), *Theory and Evidence in Semantics*,
109-132. Stanford: CSLI Publications.

Cummins, C., Sauerland, U. and Solt, S. (2012). Granularity and scalar implicature in numerical
expressions. *Linguistics and Philosophy* 35, 135-169.

Nouwen, R. (2010). Two kinds of modified numerals. *Semantics and Pragmatics* 3, article 3, 1-41.

Ferson, S. et al. (2015). Natural language of uncertainty: numeric hedge words. *International
Journal of Approximate Reasoning* 57, 19-39.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from inquiry_analysis.metrics._common import last_nonzero_place

__all__ = [
    "QUALIFIERS",
    "RELATIVE_CAP",
    "Qualifier",
    "Reading",
    "read_figure",
    "read_published",
]

#: No reading reaches further from the figure than this fraction of it (the project's rule).
RELATIVE_CAP = 0.10


@dataclass(frozen=True, kw_only=True)
class Qualifier:
    """How one qualifier is read: which side(s) of the figure, how far, and whether it states a bound.

    Attributes
    ----------
    side : {"both", "below", "above"}
        The side(s) of the figure the reading covers.
    units : float
        How many units of precision the reading reaches on that side (before the cap).
    bound : bool
        Whether the words state a bound, which stays true however far beyond it the value lies
        ("more than", "at least"), rather than an approximation ("about", "nearly").
    open : bool
        Whether the figure itself is excluded ("more than 170" is not 170; "at least 170" may be).
    """

    side: str
    units: float
    bound: bool = False
    open: bool = False


def _q(side: str, units: float, *, bound: bool = False, open: bool = False) -> Qualifier:
    return Qualifier(side=side, units=units, bound=bound, open=open)


#: Each qualifier the rule knows ("" is no qualifier: ordinary rounding), read as in the module's rule.
QUALIFIERS = {
    "": _q("both", 0.5),
    "about": _q("both", 1.0),
    "around": _q("both", 1.0),
    "approximately": _q("both", 1.0),
    "nearly": _q("below", 1.0, open=True),
    "almost": _q("below", 1.0, open=True),
    "just under": _q("below", 0.5, open=True),
    "just over": _q("above", 0.5, open=True),
    "under": _q("below", 1.0, bound=True, open=True),
    "less than": _q("below", 1.0, bound=True, open=True),
    "at most": _q("below", 1.0, bound=True),
    "up to": _q("below", 1.0, bound=True),
    "more than": _q("above", 1.0, bound=True, open=True),
    "over": _q("above", 1.0, bound=True, open=True),
    "at least": _q("above", 1.0, bound=True),
}

_SUFFIX = {"percent": "%", "per_month": " a month"}


def _number(value: float) -> str:
    """80000 -> '80,000'; 83.65 -> '83.65'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.10g}"


@dataclass(frozen=True, kw_only=True)
class Reading:
    """The range of values a figure stands for, as the project reads its wording.

    A reading, not a published figure: it follows from the figure, its qualifier and the
    precision it is read at, by the rule in :mod:`inquiry_analysis.metrics.tolerance`.

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
        How far the reading reaches from the figure on its side(s), after the cap.
    capped : bool
        Whether the cap of :data:`RELATIVE_CAP` times the figure set ``width``.
    low, high : float
        The least and most values the figure stands for: its ends, included unless ``low_open`` or
        ``high_open`` says otherwise (then the infimum or supremum, not itself a value it stands for).
    low_open, high_open : bool
        Whether ``low`` or ``high`` is excluded ("more than 170": above 170, so ``low_open``).
    bound : bool
        Whether the wording states a bound, true of any value beyond the figure on its side
        (:data:`QUALIFIERS`).
    rule : str
        How ``low`` and ``high`` follow from the wording, in words.

    Examples
    --------
    >>> print(read_figure(80000, qualifier="about"))
    'about 80,000' read as 72,000 to 88,000: a whole unit of 10,000 either side, capped at 10% of the figure
    >>> r = read_figure(170, qualifier="more than")
    >>> print(r)
    'more than 170' read as above 170, up to 180: a whole unit of 10 above it; a bound, true of any value above 170
    >>> r.contains(170), r.contains(175), r.contains(180)
    (False, True, True)
    """

    claimed: float
    qualifier: str
    precision: float
    unit: str
    width: float
    capped: bool
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    bound: bool = False
    rule: str

    def contains(self, value: float) -> bool:
        """Whether the figure, as worded, stands for ``value`` (an open end excluded).

        Parameters
        ----------
        value : float
            A value the data may give.

        Returns
        -------
        bool
            True if ``value`` lies within the reading.

        Examples
        --------
        >>> nearly = read_figure(10000, qualifier="nearly")
        >>> nearly.contains(9000), nearly.contains(9999.5), nearly.contains(10000)
        (True, True, False)
        """
        value = float(value)
        above_low = value > self.low if self.low_open else value >= self.low
        below_high = value < self.high if self.high_open else value <= self.high
        return above_low and below_high

    @property
    def empty(self) -> bool:
        """Whether the reading stands for no value at all (an open end with no width: "more than 0")."""
        return self.low > self.high or (self.low == self.high and (self.low_open or self.high_open))

    @property
    def said(self) -> str:
        """The figure as worded, quoted: ``'about 80,000'``."""
        qualifier = f"{self.qualifier} " if self.qualifier else ""
        return f"'{qualifier}{_number(self.claimed)}{_SUFFIX.get(self.unit, '')}'"

    @property
    def span(self) -> str:
        """The range read, in words for a reader: ``72,000 to 88,000``, ``above 170, up to 180``.

        An open end is worded so that it cannot be taken for a qualifier: "above 170, up to 180" (not
        "just over 170"), "9,000 up to but not including 10,000". One value when the figure is read as
        exact.
        """
        suffix = _SUFFIX.get(self.unit, "")
        if self.empty:
            return "no value"
        if self.low == self.high:
            return f"{_number(self.low)}{suffix}"
        first = _number(self.low) + ("%" if self.unit == "percent" else "")
        last = f"{_number(self.high)}{suffix}"
        if math.isinf(self.high):  # a bound with no upper end (a rise: any change above 0%)
            return f"{'above' if self.low_open else 'at or above'} {_number(self.low)}{suffix}"
        if math.isinf(self.low):
            return f"{'below' if self.high_open else 'at or below'} {last}"
        if self.low_open and self.high_open:
            return f"above {first}, below {last}"
        if self.low_open:
            return f"above {first}, up to {last}"
        if self.high_open:
            return f"{first} up to but not including {last}"
        return f"{first} to {last}"

    def __str__(self) -> str:
        if self.low == self.high and not self.empty:
            return f"{self.said} read as exact: {self.span}"
        return f"{self.said} read as {self.span}: {self.rule}"


def _rule_in_words(qualifier: str, precision: float, capped: bool, claimed: float, *, whole: bool = False) -> str:
    """How the reading follows from the wording, in words (``whole``: narrowed to whole numbers)."""
    q = QUALIFIERS[qualifier]
    amount = "half a unit" if q.units == 0.5 else "a whole unit"
    where = {"both": "either side", "below": "below it", "above": "above it"}[q.side]
    # A figure read with no width (a direction read as "more than 0%") has no unit to speak of.
    rule = f"{amount} of {_number(precision)} {where}" if precision else ""
    if capped:
        rule += f", capped at {RELATIVE_CAP:.0%} of the figure"
    elif qualifier == "" and precision:
        rule += " (ordinary rounding)"
    if whole:
        rule += ", in whole numbers"
    if q.bound:
        relation = {("above", True): "above", ("above", False): "at or above"}
        relation |= {("below", True): "below", ("below", False): "at or below"}
        rule += f"; a bound, true of any value {relation[q.side, q.open]} {_number(claimed)}"
    elif q.open:
        rule += f", not {_number(claimed)} itself"
    return rule.lstrip(",; ") or "read as exact"


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
    >>> r.low, r.high, r.high_open, r.span
    (9000.0, 10000.0, True, '9,000 up to but not including 10,000')
    >>> read_figure(500, qualifier="at least").span
    '500 to 550'
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
    q = QUALIFIERS[qualifier]
    uncapped = q.units * precision
    cap = RELATIVE_CAP * abs(claimed)
    width = min(uncapped, cap)
    capped = cap < uncapped
    # Rounded to a billionth, so that 83.7 - 0.05 reads as 83.65, not 83.65000000000001.
    low = round(claimed - width, 9) if q.side in ("both", "below") else claimed
    high = round(claimed + width, 9) if q.side in ("both", "above") else claimed
    return Reading(
        claimed=claimed,
        qualifier=qualifier,
        precision=precision,
        unit=unit,
        width=float(width),
        capped=capped,
        low=float(low),
        high=float(high),
        # A one-sided reading has the figure at one end; an open qualifier leaves that end out.
        low_open=q.open and q.side == "above",
        high_open=q.open and q.side == "below",
        bound=q.bound,
        rule=_rule_in_words(qualifier, precision, capped, claimed),
    )


def read_published(value: float, *, qualifier: str = "", unit: str = "count", status: str = "") -> Reading:
    """The range a published figure (a row of a bundled table) stands for: the claims rule, applied to its wording.

    This is the one route from a published figure to a range, so that one hedge has one meaning
    wherever it is used (a rate, a chain of stages, a verdict). A hedged figure, a rate or average
    (``per_month``, never a whole number by nature) and a figure known only as said aloud
    (``status`` ``press``, the same reading its claim gets) are read at the precision of their last
    non-zero digit; an unhedged count printed by its producer is read as exact (precision 0), as a
    printed count is not a rounding. A count is a whole number, so a count's range is narrowed to
    the whole numbers in it, both ends then included: an open end becomes the next whole number
    inside ("more than 680": 681 to 690). Any other unit keeps its open ends.

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
        two ends as a pair, not as a figure standing alone), or one the rule does not know, or if a
        count's reading holds no whole number.

    Examples
    --------
    >>> r = read_published(400, qualifier="about", unit="per_month")
    >>> r.low, r.high
    (360.0, 440.0)
    >>> print(read_published(500, qualifier="over", unit="per_month").span)
    above 500, up to 550 a month
    >>> read_published(82109).span, read_published(170, status="press").span
    ('82,109', '165 to 175')
    >>> read_published(680, qualifier="more than").span, read_published(10000, qualifier="nearly").span
    ('681 to 690', '9,000 to 9,999')
    """
    if qualifier in ("range_low", "range_high"):
        raise ValueError(f"{value:g} is one end of a stated range ({qualifier}); pass a figure that stands alone")
    rounded = bool(qualifier) or unit != "count" or status == "press"
    reading = read_figure(value, qualifier=qualifier, precision=None if rounded else 0.0, unit=unit)
    if unit != "count":
        return reading
    low = math.floor(reading.low) + 1 if reading.low_open else math.ceil(reading.low)
    high = math.ceil(reading.high) - 1 if reading.high_open else math.floor(reading.high)
    if low > high:
        raise ValueError(f"{reading.said} is read as {reading.span}, which holds no whole number: read it as a rate")
    narrowed = (low, high) != (reading.low, reading.high)
    rule = _rule_in_words(qualifier, reading.precision, reading.capped, reading.claimed, whole=narrowed)
    return dataclasses.replace(reading, low=float(low), high=float(high), low_open=False, high_open=False, rule=rule)
