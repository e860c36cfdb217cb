"""Measure kinds: how the figures a reading is checked against give what the data allow for the claim.

Each kind takes the figures named in a reading's ``against`` (or found by its ``query``), by role,
and returns an :class:`Allowed`: the least and most the published data allow for the quantity the
claim states, one value when they fix it, and the working in words. A figure stands for the range
its own wording allows (``"nearly 10,000"``: 9,000 up to 10,000); a role given as ``role<=id`` is at
most the figure (down to 0), ``role>=id`` at least (with no upper end). Ranges combine by interval
arithmetic, so a bound in gives a bound out. Every kind is a closed form; none fits a model.

``count``
    The figures are counts of the claimed quantity for the claim's period from different sources:
    the data allow what all of them allow (the sources agree) or, when they disagree, anything
    between them. A figure of another period does not check the count (unverifiable, saying so).
``monthly_average``
    An average a month over the claim's period: a per-month figure for that period, or a count
    for it divided by its months; or, when the period lies inside two published periods that follow
    on, the least and most it can be if the series never fell across them
    (:func:`~inquiry_analysis.metrics.shapes.window_under_shapes`, with the shapes that fit both
    totals as examples, never as evidence).
``rate_per_1000``
    ``1000 * numerator / denominator``; both must cover the same period (a rate across
    mismatched periods is refused as unverifiable, with the periods named).
``percent_change`` and ``multiple``
    ``100 * (to / from - 1)`` and ``to / from``; with no ``from`` published, what base the claim
    implies is said instead.
``proportion_at_cut``
    Overall correct (accuracy) from a confusion panel at one cut: the group sizes (``positives``,
    ``negatives``) and the rates at the cut (``sensitivity``, ``specificity``, in percent) fix the
    whole-number counts each rate allows; one count each gives one value, with its Wilson interval.
``share``
    ``100 * part / whole``.
``none``
    A claim that there were none: each figure found is one instance on record, so the data allow
    at least that many; with none found, an absence cannot be shown from the data.
``direction``
    A rise or fall over a span: the change from the first published figure to the last. "Steadily"
    speaks of every step, month by month: with monthly figures the weakest step between
    consecutive months decides (one fall contradicts "rose steadily"); with figures over longer
    periods the data can show the change overall but not that it was steady (unverifiable).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from inquiry_analysis.claims.figures import Figure, PackageFigures
from inquiry_analysis.claims.file import DIRECTIONS, Claim, Input
from inquiry_analysis.errors import DataError
from inquiry_analysis.metrics import confusion, conversions, periods, shapes

__all__ = ["KINDS", "Allowed", "Given", "allowed", "outward"]


@dataclass(frozen=True, kw_only=True)
class Given:
    """A figure in the role a reading gives it: the range that role can take.

    Attributes
    ----------
    input : Input
        The item of ``against`` (role, figure id, relation); for a query row, role ``value``.
    figure : Figure
        The figure, with the range its own wording stands for.
    """

    input: Input
    figure: Figure

    @property
    def low(self) -> float:
        """The least the role can be: 0 for ``<=``, else the figure's least."""
        return 0.0 if self.input.relation == "<=" else self.figure.low

    @property
    def high(self) -> float:
        """The most the role can be: infinite for ``>=``, else the figure's most."""
        return math.inf if self.input.relation == ">=" else self.figure.high

    @property
    def words(self) -> str:
        """The figure as used: ``82,109``; ``at most 18,887``."""
        bound = {"<=": "at most ", ">=": "at least "}.get(self.input.relation, "")
        return f"{bound}{self.figure.said}"


@dataclass(frozen=True, kw_only=True)
class Allowed:
    """What the data allow for the quantity a claim states, under one reading.

    Attributes
    ----------
    low, high : float or None
        The least and most the data allow (``high`` may be infinite: a bound); both None when the
        data give nothing.
    value : float or None
        The one value the data give, when ``low == high``; None otherwise.
    basis : str
        ``published`` when ``low`` and ``high`` are published figures as they stand, ``derived``
        when computed from them.
    allowed_if : str
        The assumption under which the data allow ``low`` to ``high``; "" for none.
    lower, upper : float or None
        A 95% confidence interval for ``value`` where one applies; never used by the verdict.
    working : str
        How the figures give it, in a clause the verdict's words follow.
    aside : str
        What else the figures show, said after the verdict (shapes that fit, tables that match); "" for none.
    sources : tuple of str
        The source ids of the figures used.
    """

    low: float | None
    high: float | None
    basis: str = "published"
    allowed_if: str = ""
    lower: float | None = None
    upper: float | None = None
    working: str = ""
    aside: str = ""
    sources: tuple[str, ...] = ()
    value: float | None = field(init=False)

    def __post_init__(self):
        one = self.low is not None and self.low == self.high
        object.__setattr__(self, "value", float(self.low) if one else None)


def _decimals(value: float, unit: str) -> int:
    """The decimals a figure in ``unit`` is shown to: 1 for a percent, 2 for a multiple, else whole above 100."""
    if unit == "percent":
        return 1
    if unit == "multiple":
        return 2
    return 0 if abs(value) >= 100 or float(value).is_integer() else 1


def outward(value: float, decimals: int, side: str) -> float:
    """``value`` rounded away from what it bounds: down for a least value (``low``), up for a most (``high``).

    A bound rounded to nearest can cross its own figure (2,268.5 to 2,269 would claim more than the data
    allow); rounded outwards it never claims more. The billionth keeps a float's last bits from moving it.

    Parameters
    ----------
    value : float
        The bound.
    decimals : int
        The decimals shown.
    side : {"low", "high"}
        Which end of a range it is.

    Returns
    -------
    float
        The bound, rounded outwards.

    Examples
    --------
    >>> outward(2268.5, 0, "low"), outward(4457.64, 0, "high"), outward(55.00000000000001, 1, "high")
    (2268.0, 4458.0, 55.0)
    """
    scale = 10**decimals
    if side == "low":
        return math.floor(value * scale + 1e-9) / scale
    return math.ceil(value * scale - 1e-9) / scale


def _n(value: float, unit: str = "count", side: str | None = None) -> str:
    if math.isinf(value):
        return "no limit"
    decimals = _decimals(value, unit)
    if side is not None:
        value = outward(value, decimals, side)
    if unit == "percent":
        return f"{value:,.1f}%"
    if unit == "multiple":
        return f"{value:,.2f} times"
    text = f"{value:,.{decimals}f}"
    return text + {"per_month": " a month", "per_1000": " per 1,000"}.get(unit, "")


def _range(low: float, high: float, unit: str) -> str:
    """A range the data allow, in words, each end rounded outwards: ``2,268 to 4,458 a month``."""
    if low == high:
        return _n(low, unit)
    if math.isinf(high):
        return f"at least {_n(low, unit, 'low')}"
    first = _n(low, unit if unit == "percent" else "count", "low")  # "592 to 608 a month", "2.00 to 2.44 times"
    if unit == "multiple":
        first = f"{outward(low, 2, 'low'):,.2f}"
    return f"{first} to {_n(high, unit, 'high')}"


def _sources(*groups) -> tuple[str, ...]:
    return tuple(dict.fromkeys(g.figure.source_id for group in groups for g in group if g.figure.source_id))


def _listed(given: list[Given]) -> str:
    return "; ".join(f"{g.words} ({g.figure.figure_id or g.figure.source_id})" for g in given)


def _nothing(working: str, *groups) -> Allowed:
    return Allowed(low=None, high=None, working=working, sources=_sources(*groups))


def _months(claim: Claim) -> int | None:
    if claim.period_start is None or claim.period_end is None:
        return None
    return periods.month_index(claim.period_end) - periods.month_index(claim.period_start) + 1


def _same_period(figure: Figure, claim: Claim) -> bool:
    return (figure.period_start, figure.period_end) == (claim.period_start, claim.period_end)


def _count(claim: Claim, given: dict[str, list[Given]], figures: PackageFigures) -> Allowed:
    found = given.get("value", [])
    if not found:
        return _nothing("")
    other = [g for g in found if g.figure.period_start is not None and claim.period_start is not None]
    other = [g for g in other if not _same_period(g.figure, claim)]
    if other:  # a count is of one period: a figure of another is no check of it
        return _nothing(
            f"The figure {other[0].figure.figure_id} covers {other[0].figure.period_start} to "
            f"{other[0].figure.period_end}, not the claim's {claim.period}, so it does not check the count",
            found,
        )
    low, high = max(g.low for g in found), min(g.high for g in found)
    derived = any(g.input.relation != "=" for g in found)
    if low <= high:
        agree = f"{len(found)} sources agree: " if len(found) > 1 else ""
        return Allowed(
            low=low,
            high=high,
            basis="derived" if derived else "published",
            working=f"{agree}{_listed(found)}",
            sources=_sources(found),
        )
    low, high = min(g.low for g in found), max(g.high for g in found)
    return Allowed(
        low=low,
        high=high,
        basis="published",
        working=f"The sources disagree ({_listed(found)}), so the data allow anything between them",
        sources=_sources(found),
    )


def _monthly_average(claim: Claim, given: dict[str, list[Given]], figures: PackageFigures) -> Allowed:
    found = given.get("value", [])
    if not found:
        return _nothing("")
    months = _months(claim)
    if all(_same_period(g.figure, claim) for g in found) and months:
        per = [(g.low, g.high) if g.figure.unit == "per_month" else (g.low / months, g.high / months) for g in found]
        low, high = max(p[0] for p in per), min(p[1] for p in per)
        if low > high:  # the sources disagree: anything between them
            low, high = min(p[0] for p in per), max(p[1] for p in per)
        divided = [g for g in found if g.figure.unit != "per_month"]
        how = f", divided by the period's {months} months" if divided else ""
        return Allowed(
            low=low,
            high=high,
            basis="derived" if divided else "published",
            working=f"{_listed(found)}{how}: {_range(low, high, 'per_month')}",
            sources=_sources(found),
        )
    if len(found) == 2 and all(g.input.relation == "=" and g.figure.table != "query" for g in found):
        rows = figures.rows([g.figure.figure_id for g in found])
        counts = periods.counts_from_figures(rows)
        try:
            fits = shapes.window_under_shapes(counts, claim.period_start, claim.period_end)
        except ValueError as err:
            raise DataError(
                f"the figures do not surround the claim's period: {err}",
                path=claim.path,
                row=claim.row,
                column="against",
            ) from None
        years = " and ".join(c.label for c in counts)
        return Allowed(
            low=fits.lower,
            high=fits.upper,
            basis="derived",
            allowed_if=f"if the series never fell across {years}",
            working=f"No figure for the period itself is published; the figures for {years} ({_listed(found)}) allow "
            f"{_range(fits.lower, fits.upper, 'per_month')} for {fits.label} if the series never fell",
            aside="Shapes that match both totals exactly give different values: flat within each period "
            f"{fits.flat:,.0f}, a straight line "
            f"{fits.linear:,.0f}, a log-linear curve {fits.log_linear:,.0f} ({fits.confidence_level:.0%} interval "
            f"{fits.log_linear_lower:,.0f} to {fits.log_linear_upper:,.0f} conditional on that shape, count noise "
            "only); which shape held is not in the data.",
            sources=_sources(found),
        )
    raise DataError(
        "the figures cover neither the claim's period nor two periods that follow on around it",
        path=claim.path,
        row=claim.row,
        column="against",
    )


def _ratio(top: Given, bottom: Given) -> tuple[float, float]:
    low = top.low / bottom.high if bottom.high > 0 and not math.isinf(bottom.high) else 0.0
    high = math.inf if bottom.low <= 0 else top.high / bottom.low
    return low, high


def _quotient(claim: Claim, given, top: str, bottom: str, scale: float, shift: float, unit: str, missing_says: str):
    tops, bottoms = given.get(top, []), given.get(bottom, [])
    if not tops or not bottoms:
        return None, tops, bottoms
    low, high = _ratio(tops[0], bottoms[0])
    low, high = scale * low + shift, (high if math.isinf(high) else scale * high + shift)
    exact = all(g.input.relation == "=" for g in (tops[0], bottoms[0]))
    return (
        Allowed(
            low=low,
            high=high,
            basis="derived",
            working=f"{tops[0].words} ({tops[0].figure.figure_id}) against {bottoms[0].words} "
            f"({bottoms[0].figure.figure_id}): {_range(low, high, unit)}" + ("" if exact else ", a bound"),
            sources=_sources(tops, bottoms),
        ),
        tops,
        bottoms,
    )


def _change(claim: Claim, given: dict[str, list[Given]], figures: PackageFigures) -> Allowed:
    percent = claim.kind == "percent_change"
    result, tops, bottoms = _quotient(
        claim,
        given,
        "to",
        "from",
        100.0 if percent else 1.0,
        -100.0 if percent else 0.0,
        "percent" if percent else "multiple",
        "",
    )
    if result is not None:
        return result
    if tops and claim.value is not None and not bottoms:
        end = tops[0].figure.value
        if percent:
            base = conversions.implied_base(end, claim.value).estimate
        else:
            base = end / claim.value if claim.value else math.inf
        return _nothing(
            f"The end figure is {tops[0].words} ({tops[0].figure.figure_id}); the claim would need a base of about "
            f"{base:,.0f}",
            tops,
        )
    return _nothing("", tops, bottoms)


def _rate(claim: Claim, given: dict[str, list[Given]], figures: PackageFigures) -> Allowed:
    tops, bottoms = given.get("numerator", []), given.get("denominator", [])
    if tops and bottoms:
        a, b = tops[0].figure, bottoms[0].figure
        if (a.period_start, a.period_end) != (b.period_start, b.period_end):
            return _nothing(
                f"The numerator ({a.figure_id}) covers {a.period_start} to {a.period_end} and the denominator "
                f"({b.figure_id}) {b.period_start} to {b.period_end}; a rate needs one period for both",
                tops,
                bottoms,
            )
    result, tops, bottoms = _quotient(claim, given, "numerator", "denominator", 1000.0, 0.0, "per_1000", "")
    return result if result is not None else _nothing("", tops, bottoms)


def _share(claim: Claim, given: dict[str, list[Given]], figures: PackageFigures) -> Allowed:
    result, tops, bottoms = _quotient(claim, given, "part", "whole", 100.0, 0.0, "percent", "")
    if result is not None:
        return Allowed(
            low=result.low,
            high=min(result.high, 100.0),
            basis="derived",
            working=result.working,
            sources=result.sources,
        )
    return _nothing(f"The part is {_listed(tops)}, and no whole is published" if tops else "", tops, bottoms)


def _whole_counts(rate: Given, n: int) -> tuple[int, int]:
    """The fewest and most of ``n`` that a rate in percent allows, as whole numbers."""
    low = math.ceil(round(rate.low * n / 100, 9))
    high = n if math.isinf(rate.high) else math.floor(round(rate.high * n / 100, 9))
    return max(low, 0), min(high, n)


def _proportion_at_cut(claim: Claim, given: dict[str, list[Given]], figures: PackageFigures) -> Allowed:
    if claim.measure not in ("overall_correct", "accuracy"):
        raise DataError(
            f"a proportion_at_cut claim here is of overall correct (accuracy), not {claim.measure}",
            path=claim.path,
            row=claim.row,
            column="measure",
        )
    roles = {r: given.get(r, []) for r in ("positives", "negatives", "sensitivity", "specificity")}
    if not all(roles.values()):
        return _nothing("", *roles.values())
    pos, neg = roles["positives"][0], roles["negatives"][0]
    if pos.low != pos.high or neg.low != neg.high:
        return _nothing("The group sizes are not published exactly", *roles.values())
    p, n = int(pos.low), int(neg.low)
    tp, tn = _whole_counts(roles["sensitivity"][0], p), _whole_counts(roles["specificity"][0], n)
    if tp[0] > tp[1] or tn[0] > tn[1]:
        return _nothing("No whole count of either group gives the published rates", *roles.values())
    low, high = 100 * (tp[0] + tn[0]) / (p + n), 100 * (tp[1] + tn[1]) / (p + n)
    sens, spec = roles["sensitivity"][0], roles["specificity"][0]
    rates = f"{sens.words} of {p} positives and {spec.words} of {n} negatives"
    if tp[0] == tp[1] and tn[0] == tn[1]:
        matrix = confusion.ConfusionMatrix(tp=tp[0], fn=p - tp[0], fp=n - tn[0], tn=tn[0])
        accuracy = confusion.classification_summary(matrix).accuracy
        return Allowed(
            low=low,
            high=high,
            basis="derived",
            lower=100 * accuracy.lower,
            upper=100 * accuracy.upper,
            working=f"{rates} rated correctly imply {tp[0]} and {tn[0]}: {tp[0] + tn[0]} of {p + n}, {low:.1f}% "
            f"(95% CI {100 * accuracy.lower:.1f}% to {100 * accuracy.upper:.1f}%, Wilson)",
            sources=_sources(*roles.values()),
        )
    aside = ""
    working = (
        f"{rates} allow {tp[0]} to {tp[1]} and {tn[0]} to {tn[1]} rated correctly: {low:.1f}% to {high:.1f}% overall"
    )
    if claim.value is not None:
        tables = confusion.matrices_consistent_with_accuracy(claim.value, p, n)
        inside = tables[tables.tp.between(*tp) & tables.tn.between(*tn)] if len(tables) else tables
        aside = f"{len(inside)} of the tables these counts allow give exactly {claim.value:g}%."
    return Allowed(low=low, high=high, basis="derived", working=working, aside=aside, sources=_sources(*roles.values()))


def _none(claim: Claim, given: dict[str, list[Given]], figures: PackageFigures) -> Allowed:
    found = given.get("value", [])
    if not found:
        return _nothing("")
    return Allowed(
        low=float(len(found)),
        high=math.inf,
        working=f"The data record {len(found)}: {_listed(found)}",
        sources=_sources(found),
    )


def _step(a: Given, b: Given) -> tuple[float, float]:
    """The percent change from ``a`` to ``b`` that their ranges allow, least and most."""
    low = 100 * (b.low / a.high - 1) if a.high > 0 and not math.isinf(a.high) else -100.0
    high = math.inf if a.low <= 0 else 100 * (b.high / a.low - 1)
    return low, high


def _direction(claim: Claim, given: dict[str, list[Given]], figures: PackageFigures) -> Allowed:
    found = sorted(given.get("value", []), key=lambda g: g.figure.period_start or claim.period_start)
    if len(found) < 2:
        return _nothing("A direction needs at least two figures", found)
    low, high = _step(found[0], found[-1])
    steps = [b.figure.value - a.figure.value for a, b in zip(found, found[1:])]
    moved = "rose" if all(s > 0 for s in steps) else "fell" if all(s < 0 for s in steps) else "moved both ways"
    working = f"The published figures {moved}: {_listed(found)}, a change of {_range(low, high, 'percent')}"
    if "steadily" not in claim.qualifier:
        return Allowed(low=low, high=high, basis="derived", working=working, sources=_sources(found))
    # "Steadily" speaks of every step, month by month: figures over longer periods cannot show it.
    if any(
        g.figure.period_start is None
        or g.figure.period_end is None
        or periods.month_index(g.figure.period_end) > periods.month_index(g.figure.period_start)
        for g in found
    ):
        return _nothing(
            f"{working}. 'Steadily' speaks of every month, and the figures are not monthly, so the data cannot show "
            "whether the change was steady",
            found,
        )
    # Every step must go the stated way: the claim stands or falls with its weakest step.
    ranges = [_step(a, b) for a, b in zip(found, found[1:])]
    pick = min if DIRECTIONS[claim.qualifier] == "up" else max
    weakest = (pick(r[0] for r in ranges), pick(r[1] for r in ranges))
    return Allowed(
        low=weakest[0],
        high=weakest[1],
        basis="derived",
        working=f"{working}; month by month, the {'least rise' if pick is min else 'least fall'} between "
        f"consecutive figures is {_range(weakest[0], weakest[1], 'percent')}",
        sources=_sources(found),
    )


#: Each measure kind and the function that gives what the data allow for it.
KINDS = {
    "count": _count,
    "monthly_average": _monthly_average,
    "rate_per_1000": _rate,
    "percent_change": _change,
    "multiple": _change,
    "proportion_at_cut": _proportion_at_cut,
    "share": _share,
    "none": _none,
    "direction": _direction,
}


def allowed(claim: Claim, given: dict[str, list[Given]], figures: PackageFigures) -> Allowed:
    """What the data allow for ``claim`` under one reading, from its figures by role.

    Parameters
    ----------
    claim : Claim
        The claim; its ``kind`` chooses the rule.
    given : dict of str to list of Given
        The figures of the reading, by role.
    figures : PackageFigures
        The data package (for the rows a kind needs beyond the figures themselves).

    Returns
    -------
    Allowed
    """
    if claim.kind == "direction" and claim.qualifier not in DIRECTIONS:
        raise DataError(
            "a direction claim needs a direction in qualifier", path=claim.path, row=claim.row, column="qualifier"
        )
    return KINDS[claim.kind](claim, given, figures)
