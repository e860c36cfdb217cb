"""Any claims file checked against any data package: a verdict for every reading of every claim, by one rule.

No claim has code of its own. Each row of a claims file (:mod:`inquiry_analysis.claims.file`)
says what its reading is checked against; its measure kind (:mod:`inquiry_analysis.claims.kinds`)
turns those figures into what the data allow; the tolerance rule
(:mod:`inquiry_analysis.metrics.tolerance`, where it is stated in full) reads the figure's wording
as a range; and :func:`~inquiry_analysis.claims.verdicts.verdict_for` compares the two:

- ``reproduced``: the data give one value, and it is the figure claimed;
- ``consistent``: all that the data allow lies within the reading;
- ``consistent as a bound``: the claim states a bound ("more than 500") that all the data allow
  satisfies, though they lie beyond what the figure stands for: true, but understated (the
  verdict says by how much);
- ``inconsistent``: none of it does;
- ``unverifiable``: the data give nothing for the figure (the reason is said), or allow values
  both inside and outside its reading.

A claim can have more than one honest reading; each gets a verdict, and the claim's verdict is that
of its principal reading (the first in the file: the one that takes the words as the published
sources define them), with the others said beside it. A model estimate is not data and never
enters a verdict.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd

from inquiry_analysis.claims import kinds
from inquiry_analysis.claims.figures import PackageFigures
from inquiry_analysis.claims.file import DIRECTIONS, Claim, ClaimReading, Input, claims_from_table
from inquiry_analysis.claims.verdicts import CheckResult, Verdict, beyond, verdict_for
from inquiry_analysis.errors import DataError
from inquiry_analysis.io import load_table, read_claims
from inquiry_analysis.metrics.tolerance import QUALIFIERS, Reading, read_figure

__all__ = ["assess", "check", "load_claim_objects", "reading_of"]


def reading_of(claim: Claim) -> Reading:
    """The range the claim's figure stands for: its wording by the tolerance rule, or a direction's side of 0.

    A direction is read as a percent change: "rose" as above 0, "fell" as below it.

    Parameters
    ----------
    claim : Claim
        The claim.

    Returns
    -------
    Reading
        The values its words stand for.

    Raises
    ------
    DataError
        If the claims file gives a qualifier or precision the rule cannot read, naming its row.
    """
    if claim.kind == "direction":
        up = DIRECTIONS[claim.qualifier] == "up"
        base = read_figure(0.0, qualifier="more than" if up else "under", precision=0.0, unit="percent")
        return dataclasses.replace(base, high=math.inf) if up else dataclasses.replace(base, low=-100.0)
    try:
        return read_figure(claim.value, qualifier=claim.qualifier, precision=claim.precision, unit=claim.unit)
    except ValueError as err:
        raise DataError(str(err), path=claim.path, row=claim.row, column="qualifier") from None


def _given(claim: Claim, reading: ClaimReading, figures: PackageFigures) -> dict[str, list[kinds.Given]]:
    if reading.query:
        found = figures.query(reading.query, path=claim.path, row=reading.row)
        return {"value": [kinds.Given(input=Input(role="value", figure_id=f.figure_id), figure=f) for f in found]}
    given: dict[str, list[kinds.Given]] = {}
    problems = []
    for item in reading.inputs:
        if item.figure_id not in figures:
            problems.append(
                DataError(
                    f"names the figure '{item.figure_id}', which no figure table of the data package "
                    f"({', '.join(figures.tables)}) holds",
                    path=claim.path,
                    row=reading.row,
                    column="against",
                )
            )
            continue
        figure = figures.get(item.figure_id)
        if figure.source_id == claim.source_id and figure.value == claim.value and figure.unit == claim.unit:
            problems.append(
                DataError(
                    f"checks the claim against its own statement ('{item.figure_id}', from {claim.source_id}); "
                    "a claim is checked against other figures",
                    path=claim.path,
                    row=reading.row,
                    column="against",
                )
            )
            continue
        given.setdefault(item.role, []).append(kinds.Given(input=item, figure=figure))
    if problems:
        raise DataError.from_problems(problems)
    return given


def _where(verdict: str, reading: Reading, low, high, far) -> str:
    """Where what the data allow falls against the reading, in words."""
    if verdict == "reproduced":
        return f"exactly {reading.said}"
    if verdict == "consistent":
        return f"within what {reading.said} stands for ({reading.span})"
    if verdict == "consistent as a bound":
        above = QUALIFIERS[reading.qualifier].side == "above"
        if (low > reading.high) if above else (high < reading.low):
            return (
                f"so {reading.said} holds as a bound but understates them: they lie {abs(far):.0%} or more "
                f"{'above' if above else 'below'} the figure, beyond what it stands for ({reading.span})"
            )
        return (
            f"so {reading.said} holds as a bound: all the data allow is {'above' if above else 'below'} the figure, "
            f"though they reach beyond what it stands for ({reading.span}), so it may understate them"
        )
    if verdict == "inconsistent":
        return f"outside what {reading.said} stands for ({reading.span})"
    return (
        f"a range reaching both inside and outside what {reading.said} stands for ({reading.span}), so they neither "
        "confirm nor contradict it"
    )


def _verdict(claim: Claim, reading: ClaimReading, figures: PackageFigures) -> Verdict:
    stands_for = reading_of(claim)
    allowed = kinds.allowed(claim, _given(claim, reading, figures), figures)
    sources = tuple(dict.fromkeys(allowed.sources))
    if allowed.low is None:
        parts = [p for p in (allowed.working, reading.unverifiable_because) if p]
        reason = ". ".join(p[0].upper() + p[1:] for p in parts) if parts else "No figure in the data checks it"
        reason += "."
    else:
        verdict = verdict_for(stands_for, allowed.low, allowed.high)
        far = None
        if verdict == "consistent as a bound":
            far = beyond(stands_for, allowed.low, allowed.high)
        reason = f"{allowed.working}, {_where(verdict, stands_for, allowed.low, allowed.high, far)}."
        reason = reason[0].upper() + reason[1:] + (f" {allowed.aside}" if allowed.aside else "")
    return Verdict(
        claim_id=claim.claim_id,
        reading_id=reading.reading_id,
        means=reading.means,
        claimed=claim.value,
        unit="percent" if claim.kind == "direction" else claim.unit,
        reading=stands_for,
        reproduced=allowed.value,
        low=allowed.low,
        high=allowed.high,
        basis=allowed.basis,
        allowed_if=allowed.allowed_if,
        lower=allowed.lower,
        upper=allowed.upper,
        sources=sources,
        reason=reason,
        notebook=claim.notebook,
    )


def load_claim_objects(claims=None, *, data_dir=None) -> tuple[Claim, ...]:
    """The claims to check: a claims file's path, a claims table, or (None) the data package's own claims.

    Parameters
    ----------
    claims : str, Path, pandas.DataFrame or None
        A claims file (CSV or XLSX with the columns of the bundled ``claims`` resource), a table as
        ``load_claims`` returns it, or None for the ``claims`` resource of ``data_dir``.
    data_dir : str or Path, optional
        The data package (default: the bundled one).

    Returns
    -------
    tuple of Claim
    """
    if claims is None:
        table = load_table("claims", data_dir=data_dir)
    elif isinstance(claims, pd.DataFrame):
        table = claims
    else:
        table = read_claims(Path(claims))
    return claims_from_table(table)


def check(claims=None, *, data_dir=None) -> list[CheckResult]:
    """Every reading of every claim given a verdict, in file order.

    Parameters
    ----------
    claims : str, Path, pandas.DataFrame or None
        As for :func:`load_claim_objects`: default, the data package's own claims.
    data_dir : str or Path, optional
        The data package to check against (default: the bundled one).

    Returns
    -------
    list of CheckResult
        One per claim, in file order.

    Raises
    ------
    DataError
        Naming every problem of the claims file with its row and column: an unknown figure id, a
        claim checked against its own statement, a query that is not one bounded SELECT, and so on.

    Examples
    --------
    >>> results = check()
    >>> len(results) >= 15
    True
    >>> sorted({r.verdict.verdict for r in results})  # doctest: +NORMALIZE_WHITESPACE
    ['consistent', 'consistent as a bound', 'inconsistent', 'reproduced', 'unverifiable']
    """
    figures = PackageFigures(data_dir)
    results, problems = [], []
    for claim in load_claim_objects(claims, data_dir=figures.package.folder):
        try:
            verdicts = tuple(_verdict(claim, reading, figures) for reading in claim.readings)
        except DataError as err:
            problems += err.problems
            continue
        results.append(CheckResult(claim=claim, readings=verdicts))
    if problems:
        raise DataError.from_problems(problems)
    return results


def assess(claim_id: str, claims=None, *, data_dir=None) -> CheckResult:
    """One claim of a claims file checked: the verdict on each of its readings.

    Parameters
    ----------
    claim_id : str
        A ``claim_id`` of the claims file.
    claims, data_dir
        As for :func:`check`.

    Returns
    -------
    CheckResult
    """
    figures = PackageFigures(data_dir)
    every = load_claim_objects(claims, data_dir=figures.package.folder)
    for claim in every:
        if claim.claim_id == claim_id:
            return CheckResult(claim=claim, readings=tuple(_verdict(claim, r, figures) for r in claim.readings))
    raise KeyError(f"no claim '{claim_id}' in the claims file; it has {', '.join(c.claim_id for c in every)}")
