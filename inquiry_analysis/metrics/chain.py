"""From referral to arrest: how many of one stage of the chain reach the next.

A referral reaches the NCA; the NCA disseminates some cases to police forces as packages; forces
(and the NCA) make arrests. The stages are published for different years and scopes, several as
hedged figures ("nearly 10,000"), so each stage is the range its wording stands for, read by the
claims rule (:func:`inquiry_analysis.metrics.tolerance.read_published`, the reading every other use of a
published figure gets), and each ratio between stages is the range those allow, never a point
picked from inside it. A ratio of two stages is a ratio of totals, not the share of one stage
that reached the next: a dissemination is a package that may bundle several referrals, or come
from referrals the earlier stage does not count.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from inquiry_analysis.metrics._common import check_confidence_level, fmt_count, fmt_level, poisson_interval
from inquiry_analysis.metrics.periods import as_date, month_index
from inquiry_analysis.metrics.ratios import PeriodMismatchError

__all__ = ["Stage", "StageRatio", "stage_from_figure", "stage_ratio"]

_RANGE_ENDS = ("range_low", "range_high")


@dataclass(frozen=True, kw_only=True)
class Stage:
    """One stage of the chain: a published figure as the range its wording stands for.

    Attributes
    ----------
    name : str
        What is counted ("referrals", "disseminations", "arrests").
    stated : str
        The figure as worded, quoted (``'nearly 10,000'``).
    low, high : float
        The least and most the wording allows, in the figure's own unit (a count over ``months``
        months, or a rate for one month). Equal for an exact count. A count's are whole numbers, both
        included ("more than 680": 681 to 690); a rate's end that the wording leaves open ("over 500 a
        month": above 500) is its infimum or supremum, which is what the range arithmetic needs.
    months : int
        The months the figure covers: 12 for a year, 1 for a rate "a month".
    label : str
        Its period, as the data label it.
    start : datetime.date
        First day of its period (for a statement, the first of the month it was made in).
    inputs : tuple of str
        The figure id it came from.
    """

    name: str
    stated: str
    low: float
    high: float
    months: int
    label: str
    start: dt.date
    inputs: tuple[str, ...]

    @property
    def monthly_low(self) -> float:
        return self.low / self.months

    @property
    def monthly_high(self) -> float:
        return self.high / self.months

    def per_year(self) -> tuple[float, float]:
        """The range as a count a year (derived when the figure covers another length of time).

        Returns
        -------
        tuple of (float, float)
            The least and most the stage's figure allows, as a count a year.
        """
        return 12 * self.monthly_low, 12 * self.monthly_high

    def __str__(self) -> str:
        span = fmt_count(self.low) if self.low == self.high else f"{fmt_count(self.low)} to {fmt_count(self.high)}"
        return f"{self.name} {self.label}: {self.stated} ({span})"


def stage_from_figure(figure_id: str, row: pd.Series, *, name: str) -> Stage:
    """A stage from one row of a bundled figure table (a ``count`` over whole years or a ``per_month`` rate).

    The range is the claims rule's reading of the figure's wording
    (:func:`inquiry_analysis.metrics.tolerance.read_published`): a hedge ("nearly", "just over", "about") and
    a figure known only as said at the hearing (status ``press``: 170 is 165 to 175, as its claim is
    read) at the precision of the last non-zero digit; an unhedged count printed by its producer
    exactly. A one-sided hedge excludes the figure itself, so a count's range stops at the next whole
    number inside ("nearly 10,000": 9,000 to 9,999). A year the source names without saying calendar or
    financial (``year_unstated``) counts as 12 months.

    Parameters
    ----------
    figure_id : str
        The row's figure id, cited in the stage.
    row : pandas.Series
        The row, with ``value``, ``unit``, ``qualifier``, ``status`` and the period columns.
    name : str
        The stage's name ("referrals", "arrests").

    Returns
    -------
    Stage
        The stage with the range its wording allows.

    Examples
    --------
    >>> row = pd.Series({"value": 10000, "unit": "count", "qualifier": "nearly", "period_kind": "year_unstated",
    ...                  "status": "quote",
    ...                  "period_start": pd.Timestamp("2017-01-01"), "period_end": pd.Timestamp("2018-03-31"),
    ...                  "period": "2017 (calendar or financial)"})
    >>> s = stage_from_figure("f", row, name="disseminations")
    >>> s.low, s.high, s.months
    (9000.0, 9999.0, 12)
    """
    from inquiry_analysis.metrics.tolerance import (
        read_published,  # here, not at the top: tolerance itself imports the metrics package
    )

    value = float(row["value"])
    qualifier = "" if pd.isna(row["qualifier"]) else str(row["qualifier"])
    if qualifier in _RANGE_ENDS:
        raise ValueError(f"figure {figure_id} is one end of a stated range; pass a figure that stands alone")
    start, end = as_date(row["period_start"]), as_date(row["period_end"])
    if row["unit"] == "per_month":
        months, start = 1, start.replace(day=1)
    elif row["unit"] == "count":
        months = 12 if row["period_kind"] == "year_unstated" else month_index(end) - month_index(start) + 1
    else:
        raise ValueError(f"figure {figure_id} is in {row['unit']}, not a count or a rate a month")
    reading = read_published(value, qualifier=qualifier, unit=str(row["unit"]), status=str(row["status"]))
    return Stage(
        name=name,
        stated=reading.said,
        low=reading.low,
        high=reading.high,
        months=months,
        label=str(row["period"]),
        start=start,
        inputs=(str(figure_id),),
    )


@dataclass(frozen=True, kw_only=True)
class StageRatio:
    """How many of a later stage there are per one of an earlier stage, both as monthly rates.

    Attributes
    ----------
    low, high : float
        The least and most the stated figures allow: the fewest of the later stage over the most of
        the earlier, and the most over the fewest.
    lower, upper : float or None
        The same range widened by the exact (Garwood) Poisson interval of the later stage's count at
        each end; None where both stages are complete counts with no counting noise to speak of.
    later, earlier : Stage
        The two stages.
    as_percent : bool
        Whether the ratio is shown as a percentage of the earlier stage ("disseminations equal to
        11.0% to 12.2% of referrals"). Still a ratio of totals, not a share passed on: the later
        stage need not be a part of the earlier.
    alignment : str or None
        Why the two periods may be set side by side when they differ.
    confidence_level : float
        Level of the Poisson interval.
    method : str
        How the range and interval were found.
    per : str
        One of the earlier stage, in words, for display ("dissemination").
    """

    low: float
    high: float
    lower: float | None
    upper: float | None
    later: Stage
    earlier: Stage
    as_percent: bool
    alignment: str | None
    confidence_level: float
    method: str = "interval arithmetic over the ranges the wording allows; exact Poisson interval for the later count"

    @property
    def inputs(self) -> tuple[str, ...]:
        return self.later.inputs + self.earlier.inputs

    def _fmt(self, value: float) -> str:
        return f"{100 * value:.1f}%" if self.as_percent else f"{value:.2g}"

    per: str = ""

    def __str__(self) -> str:
        span = f"{self._fmt(self.low)} to {self._fmt(self.high)}"
        if self.as_percent:
            text = (
                f"{self.later.name} equal to {span} of the {self.earlier.name} "
                f"({self.later.stated} against {self.earlier.stated}"
            )
        else:
            text = (
                f"{span} {self.later.name} per {self.per or 'one of the ' + self.earlier.name} "
                f"({self.later.stated} against {self.earlier.stated}"
            )
        if self.lower is not None:
            text += (
                f"; {fmt_level(self.confidence_level)} {self._fmt(self.lower)} to {self._fmt(self.upper)} "
                "with counting noise"
            )
        if self.alignment:
            text += f"; periods differ: {self.alignment}"
        return text + ")"


def stage_ratio(
    later: Stage,
    earlier: Stage,
    *,
    as_percent: bool = False,
    counting_noise: bool = True,
    alignment: str | None = None,
    per: str = "",
    confidence_level: float = 0.95,
) -> StageRatio:
    """The later stage per one of the earlier, over the range their stated figures allow.

    Parameters
    ----------
    later, earlier : Stage
    as_percent : bool, default False
        Show as a percentage of the earlier stage (disseminations against referrals). A display choice:
        the ratio is still one of totals, not a share of the earlier stage passed on.
    counting_noise : bool, default True
        Widen the range by the exact Poisson interval of the later stage's count. Pass False for a
        ratio of two complete counts, which has no sampling error.
    alignment : str, optional
        Why periods that differ may be compared (e.g. "nearest year published"); required when they
        differ, and carried into the result.
    per : str, optional
        One of the earlier stage, in words, for display ("dissemination").
    confidence_level : float, default 0.95

    Returns
    -------
    StageRatio
        The ratio's range, its interval where the counting noise is included, and how it was reached.

    Raises
    ------
    PeriodMismatchError
        If the two stages cover different periods and no ``alignment`` is given.

    Examples
    --------
    >>> day = dt.date(2017, 1, 1)
    >>> referrals = Stage(name="referrals", stated="'82,109'", low=82109, high=82109, months=12, label="2017",
    ...                   start=day, inputs=("r",))
    >>> sent = Stage(name="disseminations", stated="'nearly 10,000'", low=9000, high=10000, months=12, label="2017",
    ...              start=day, inputs=("d",))
    >>> print(stage_ratio(sent, referrals, as_percent=True, counting_noise=False))
    disseminations equal to 11.0% to 12.2% of the referrals ('nearly 10,000' against '82,109')
    """
    c = check_confidence_level(confidence_level)
    if (later.label, later.start, later.months) != (earlier.label, earlier.start, earlier.months) and not alignment:
        raise PeriodMismatchError(
            f"{later.name} cover {later.label} ({later.months} months from {later.start:%d %b %Y}) but {earlier.name} "
            f"cover {earlier.label} ({earlier.months} months from {earlier.start:%d %b %Y}); pass alignment='...' "
            "saying why one may stand beside the other"
        )
    if earlier.monthly_low <= 0:
        raise ValueError(f"the {earlier.name} of {earlier.label} must be above zero to divide by them")
    # An end a rate's wording leaves open ("over 500 a month") is its infimum or supremum: the ratio's range
    # then runs to the same infimum or supremum, never reached, as the interval arithmetic requires.
    lower, upper = later.monthly_low / earlier.monthly_high, later.monthly_high / earlier.monthly_low
    ci_lower = ci_upper = None
    if counting_noise:
        # Whole counts around the range; at an open end (a rate: "over 500 a month") the infimum 500 itself is
        # taken, one more than the wording allows, so the interval is if anything a little wider.
        fewest, most = math.floor(later.low), math.ceil(later.high)
        ci_lower = poisson_interval(fewest, later.months, confidence_level=c)[0] / earlier.monthly_high
        ci_upper = poisson_interval(most, later.months, confidence_level=c)[1] / earlier.monthly_low
    return StageRatio(
        low=float(lower),
        high=float(upper),
        lower=ci_lower,
        upper=ci_upper,
        later=later,
        earlier=earlier,
        as_percent=as_percent,
        alignment=alignment,
        confidence_level=c,
        per=per,
    )
