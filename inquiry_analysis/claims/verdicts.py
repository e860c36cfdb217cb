"""A claim's verdict and the check of it against the verdict expected: the results :mod:`.assess` builds."""

from __future__ import annotations

from dataclasses import dataclass, field

from inquiry_analysis.metrics.tolerance import VERDICTS, Reading, verdict_for

__all__ = ["BASES", "VERDICTS", "CheckResult", "Verdict"]

BASES = ("published", "derived")


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """What the published data say about one claim, and why.

    Attributes
    ----------
    claim_id : str
        The claim's id in ``data/claims.csv`` (or a figure id of a hearing statement).
    claimed : float
        The figure as said.
    unit : str
        ``count``, ``per_month`` or ``percent``.
    reading : Reading
        The range the figure stands for, by the tolerance rule of this module.
    reproduced : float or None
        The one value the published data give for the figure (published, or derived exactly from
        published figures); None when they give none, or only a range.
    low, high : float or None
        The least and most the published data allow for the figure: both equal to ``reproduced``
        when they give one value; a range when they fix it only within bounds (``allowed_if``
        says on what assumption); None when they give nothing.
    allowed_if : str
        The assumption on which the data allow ``lower`` to ``upper``; "" when none is needed.
    lower, upper : float or None
        A 95% confidence interval for ``reproduced``, reported beside it; never used by the verdict.
    sources : tuple of str
        Source ids of the figures used.
    reason : str
        The working, in a sentence or three.
    notebook : str
        The notebook that works the claim through.
    basis : str
        ``published`` when ``lower`` to ``upper`` are published figures, ``derived`` when they are
        computed from them.
    verdict : str
        Not passed: computed from ``reading``, ``lower`` and ``upper`` by :func:`verdict_for`.
    """

    claim_id: str
    claimed: float
    unit: str
    reading: Reading
    reproduced: float | None
    low: float | None
    high: float | None
    sources: tuple[str, ...]
    reason: str
    notebook: str
    basis: str = "published"
    allowed_if: str = ""
    lower: float | None = None
    upper: float | None = None
    verdict: str = field(init=False)

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

    @property
    def tolerance(self) -> str:
        """The reading in words: ``'about 80,000' read as 72,000 to 88,000: ...``."""
        return str(self.reading)

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.verdict.upper()}. {self.reason}"


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    """A claim's verdict now, against the verdict data/claims.csv records as expected.

    Attributes
    ----------
    verdict : Verdict
        The verdict the published data give now.
    expected : str
        The verdict claims.csv records as expected (``expected_verdict``).
    claim : str
        The words reported.
    qualifier : str
        The claim's qualifier, "" for none.
    """

    verdict: Verdict
    expected: str
    claim: str
    qualifier: str

    @property
    def ok(self) -> bool:
        """Whether the verdict is the one expected."""
        return self.verdict.verdict == self.expected
