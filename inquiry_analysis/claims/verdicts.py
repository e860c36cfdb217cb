"""A claim's verdicts, one per reading, and the check of each against the verdict the claims file expects."""

from __future__ import annotations

from dataclasses import dataclass, field

from inquiry_analysis.claims.file import Claim
from inquiry_analysis.metrics.tolerance import VERDICTS, Reading, beyond, verdict_for

__all__ = ["BASES", "MEANINGS", "VERDICTS", "CheckResult", "Verdict"]

BASES = ("published", "derived")

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
        :func:`~inquiry_analysis.metrics.tolerance.verdict_for`.
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
