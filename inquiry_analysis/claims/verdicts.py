"""The verdict rule, and a claim's verdicts: one per reading, each checked against the verdict the file expects.

:func:`verdict_for` compares a figure's reading (:mod:`inquiry_analysis.metrics.tolerance`, where the
rule is stated in full) with what the data allow; :func:`beyond` says how far a true bound understates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from inquiry_analysis.claims.file import Claim
from inquiry_analysis.metrics.tolerance import QUALIFIERS, Reading

__all__ = ["BASES", "MEANINGS", "VERDICTS", "CheckResult", "Verdict", "beyond", "verdict_for"]

BASES = ("published", "derived")

#: Every verdict the rule gives, in the order it tries them (but ``unverifiable``, which comes first
#: when the data give nothing).
VERDICTS = ("reproduced", "consistent", "consistent as a bound", "inconsistent", "unverifiable")

#: What each verdict means, in the words every output (README, bundle, exhibit notes) uses.
MEANINGS = {
    "reproduced": "the data give one value, the figure claimed",
    "consistent": "all the data allow lies within what the figure, as worded, stands for",
    "consistent as a bound": "the figure states a bound ('more than 500') that all the data allow satisfies, "
    "though they reach beyond what it stands for: true, but it may understate them (the reason says by how much)",
    "inconsistent": "none of what the data allow lies within what the figure stands for",
    "unverifiable": "the data give nothing for the figure (the reason says why), or allow values both inside "
    "and outside what it stands for",
}


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """What the published data say about one reading of a claim, and why.

    Attributes
    ----------
    claim_id : str
        The claim's id in the claims file.
    reading_id : str
        The reading's id (the ``reading`` column).
    means : str
        What the reading takes the words to mean.
    claimed : float or None
        The figure as said (None for a direction).
    unit : str
        The unit of ``claimed`` and of every number here (``count``, ``per_month``, ``percent``,
        ``multiple``, ``per_1000``); a direction is checked as a ``percent`` change.
    reading : Reading
        The range the figure stands for, by the tolerance rule
        (:mod:`inquiry_analysis.metrics.tolerance`).
    reproduced : float or None
        The one value the data give (published, or derived exactly from published figures); None
        when they give none, or only a range.
    low, high : float or None
        The least and most the data allow: both ``reproduced`` when they give one value; a range
        when they fix it only within bounds (``high`` infinite when they give only a lower bound);
        None when they give nothing.
    allowed_if : str
        The assumption on which the data allow ``low`` to ``high``; "" when none is needed.
    lower, upper : float or None
        A 95% confidence interval for ``reproduced``, beside it; never used by the verdict.
    sources : tuple of str
        Source ids of the figures used.
    reason : str
        The working, in a sentence or three.
    notebook : str
        The notebook that works the claim through, or "".
    basis : str
        ``published`` when ``low`` to ``high`` are published figures, ``derived`` when computed from them.
    verdict : str
        Not passed: one of :data:`VERDICTS`, from ``reading``, ``low`` and ``high`` by
        :func:`verdict_for`.
    beyond : float or None
        Not passed: for ``consistent as a bound``, how far what the data allow lies beyond the figure,
        as a fraction of it (0.18: 18% beyond); None otherwise.
    """

    claim_id: str
    reading_id: str = ""
    means: str = ""
    claimed: float | None
    unit: str
    reading: Reading
    reproduced: float | None
    low: float | None
    high: float | None
    sources: tuple[str, ...]
    reason: str
    notebook: str = ""
    basis: str = "published"
    allowed_if: str = ""
    lower: float | None = None
    upper: float | None = None
    verdict: str = field(init=False)
    beyond: float | None = field(init=False)

    def __post_init__(self):
        if self.basis not in BASES:
            raise ValueError(
                f"`basis` must be one of {', '.join(BASES)}, but {self.basis!r} was passed; a model "
                "estimate is not data, so it belongs in `reason`, not in `low` and `high`"
            )
        if self.reproduced is not None and not (self.low == self.high == self.reproduced):
            raise ValueError(
                f"`low` and `high` must both equal `reproduced` ({self.reproduced!r}) when the data "
                f"give one value, but {self.low!r} and {self.high!r} were passed"
            )
        object.__setattr__(self, "verdict", verdict_for(self.reading, self.low, self.high))
        far = beyond(self.reading, self.low, self.high) if self.verdict == "consistent as a bound" else None
        object.__setattr__(self, "beyond", far)

    @property
    def tolerance(self) -> str:
        """The reading in words: ``'about 80,000' read as 72,000 to 88,000: ...``."""
        return str(self.reading)

    def __str__(self) -> str:
        return f"{self.claim_id} ({self.reading_id}): {self.verdict.upper()}. {self.reason}"


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    """One claim checked: a verdict for each of its readings, the principal reading's being the claim's.

    Attributes
    ----------
    claim : Claim
        The claim, as the claims file gives it.
    readings : tuple of Verdict
        One per reading, in file order: the principal first.
    """

    claim: Claim
    readings: tuple[Verdict, ...]

    @property
    def verdict(self) -> Verdict:
        """The principal reading's verdict: the claim's."""
        return self.readings[0]

    @property
    def expected(self) -> str:
        """The verdict the claims file expects for the principal reading ("" when it records none)."""
        return self.claim.principal.expected

    @property
    def qualifier(self) -> str:
        """The claim's qualifier, "" for none."""
        return self.claim.qualifier

    @property
    def differs(self) -> tuple[tuple[Verdict, str], ...]:
        """Each reading whose verdict is not the one the file expects, with the verdict expected."""
        return tuple(
            (v, r.expected)
            for v, r in zip(self.readings, self.claim.readings, strict=True)
            if r.expected and v.verdict != r.expected
        )

    @property
    def ok(self) -> bool:
        """Whether every reading has the verdict the file expects (where it records one)."""
        return not self.differs

    @property
    def why(self) -> str:
        """Which reading decides the claim's verdict and why, and what the other readings give."""
        principal = self.verdict
        if len(self.readings) == 1:
            return f"Read as {self.claim.principal.means}." if self.claim.principal.means else ""
        text = f"Decided by the reading '{principal.reading_id}', the principal one: {self.claim.principal.means}."
        others = [
            f"read as '{v.reading_id}' ({r.means}), {v.verdict}"
            for v, r in zip(self.readings[1:], self.claim.readings[1:], strict=True)
        ]
        if others:
            listed = "; ".join(others)
            text += f" {listed[0].upper()}{listed[1:]}."
        return text

    def __str__(self) -> str:
        return f"{self.claim.claim_id}: {self.verdict.verdict.upper()}. {self.verdict.reason} {self.why}"


def _allowed(low: float | None, high: float | None) -> tuple[float, float] | None:
    """What the data allow as a closed range (either end may be infinite), or None for nothing."""
    if low is None and high is None:
        return None
    if low is None or high is None:
        single = float(low if high is None else high)
        if not math.isfinite(single):
            raise ValueError(f"one value the data give must be a finite number, but {single!r} was passed")
        return single, single
    low, high = float(low), float(high)
    if math.isnan(low) or math.isnan(high) or low > high or low == math.inf or high == -math.inf:
        raise ValueError(
            f"what the data allow must run from `low` to a `high` no smaller (either may be infinite: "
            f"-inf for no least value, inf for no most), but {low!r} to {high!r} was passed"
        )
    return low, high


def _bound_holds(reading: Reading, low: float, high: float) -> bool:
    """Whether every value from ``low`` to ``high`` makes the bound, as literally worded, true."""
    q = QUALIFIERS[reading.qualifier]
    if not q.bound:
        return False
    if q.side == "above":
        return low > reading.claimed if q.open else low >= reading.claimed
    return high < reading.claimed if q.open else high <= reading.claimed


def verdict_for(reading: Reading, low: float | None = None, high: float | None = None) -> str:
    """The verdict on a figure, from its reading and what the published data allow.

    ``low`` and ``high`` are the least and most the published data allow (pass one value
    as ``low`` alone, or both equal; either may be infinite when the data give only a bound, as
    "at least 82,109" does); both None when they give nothing. The rule, tried in order (the rule is stated in
    :mod:`inquiry_analysis.metrics.tolerance`):

    - nothing given: ``unverifiable``;
    - one value, equal to the figure, and the reading contains the figure: ``reproduced``;
    - all the data allow lies within the reading (an open end excluded): ``consistent``;
    - the reading is a bound, and all the data allow satisfies it as worded: ``consistent as a bound``;
    - nothing the data allow lies within the reading: ``inconsistent``;
    - otherwise (the data reach both inside and outside the reading): ``unverifiable``.

    Parameters
    ----------
    reading : Reading
        The figure's reading.
    low, high : float, optional
        The least and most the published data allow.

    Returns
    -------
    str
        One of :data:`VERDICTS`.

    Raises
    ------
    ValueError
        If ``low`` is above ``high``, a single value is not finite, or an end is NaN or infinite on
        the wrong side.

    Examples
    --------
    >>> from inquiry_analysis.metrics.tolerance import read_figure
    >>> about = read_figure(80000, qualifier="about")
    >>> verdict_for(about, 82109), verdict_for(about, 60000), verdict_for(about, 70000, 90000)
    ('consistent', 'inconsistent', 'unverifiable')
    >>> verdict_for(read_figure(170), 170), verdict_for(read_figure(170))
    ('reproduced', 'unverifiable')
    >>> more = read_figure(170, qualifier="more than")
    >>> verdict_for(more, 170), verdict_for(more, 175), verdict_for(more, 300), verdict_for(more, 160, 300)
    ('inconsistent', 'consistent', 'consistent as a bound', 'unverifiable')
    >>> verdict_for(read_figure(20000, qualifier="more than"), 82109, float("inf"))
    'consistent as a bound'
    """
    allowed = _allowed(low, high)
    if allowed is None:
        return "unverifiable"
    low, high = allowed
    if low == high and math.isclose(low, reading.claimed, rel_tol=1e-12, abs_tol=0.0) and reading.contains(low):
        return "reproduced"
    # The data allow a closed range, and a reading is an interval, so both ends inside puts it all inside.
    if reading.contains(low) and reading.contains(high):
        return "consistent"
    if _bound_holds(reading, low, high):
        return "consistent as a bound"
    below = high < reading.low or (high == reading.low and reading.low_open)
    above = low > reading.high or (low == reading.high and reading.high_open)
    if below or above or reading.empty:
        return "inconsistent"
    return "unverifiable"


def beyond(reading: Reading, low: float | None = None, high: float | None = None) -> float | None:
    """How far past a bound's figure the data lie, as a fraction of the figure, when it is consistent as a bound.

    For a bound above ("more than 500") it is the least value the data allow, less the figure; for
    a bound below ("under 10,000") the figure, less the most value the data allow; either divided
    by the figure's size. It says by how much a true bound understates: "more than 20,000" against
    30,000 is 0.5.

    Parameters
    ----------
    reading : Reading
        The figure's reading.
    low, high : float, optional
        The least and most the published data allow, as for :func:`verdict_for`.

    Returns
    -------
    float or None
        The fraction (``inf`` for a bound at 0 the data pass); None unless the verdict is
        ``consistent as a bound``.

    Examples
    --------
    >>> from inquiry_analysis.metrics.tolerance import read_figure
    >>> beyond(read_figure(500, qualifier="over"), 600)
    0.2
    >>> beyond(read_figure(10000, qualifier="under"), float("-inf"), 8000)
    0.2
    >>> beyond(read_figure(500, qualifier="over"), 520) is None  # consistent: within the reading
    True
    """
    if verdict_for(reading, low, high) != "consistent as a bound":
        return None
    low, high = _allowed(low, high)
    past = low - reading.claimed if QUALIFIERS[reading.qualifier].side == "above" else reading.claimed - high
    if reading.claimed == 0:
        return math.inf if past > 0 else 0.0
    return past / abs(reading.claimed)
