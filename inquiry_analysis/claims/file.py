"""The claims file: one row per reading of a claim, turned into :class:`Claim` objects and checked as a whole.

A claims file is a table with the columns of the ``claims`` resource in the bundled
``data/datapackage.json`` (each column's meaning is documented there). Rows with the same
``claim_id`` are readings of one claim: the words, speaker, source, figure and wording are the
claim's and must be the same on each of its rows; ``reading``, ``against``, ``query``,
``reading_means``, ``unverifiable_because`` and ``expected_verdict`` belong to the reading. The
first row of a claim is its principal reading, whose verdict is the claim's.

``against`` names what a reading is checked against, as ``[role]op figure_id`` items separated by
``"; "``: ``op`` is ``=`` (the role's value is the figure), ``<=`` (at most the figure) or ``>=`` (at
least); a bare figure id is ``value=id``. Every problem in the file is reported at once, each naming
the file, row (header = 1) and column, as pandera collects its failures before it reports them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import pandas as pd

from inquiry_analysis.errors import DataError, excerpt

__all__ = ["CLAIM_COLUMNS", "DIRECTIONS", "KIND_ROLES", "Claim", "ClaimReading", "Input", "claims_from_table"]

#: The columns that belong to the claim, not to one reading of it: the same on every row of a claim.
CLAIM_COLUMNS = (
    "claim",
    "speaker",
    "said_on",
    "source_id",
    "locator",
    "status",
    "kind",
    "measure",
    "scope",
    "period_kind",
    "period_start",
    "period_end",
    "value",
    "unit",
    "qualifier",
    "precision",
    "notebook",
)

#: Each measure kind's inputs: the roles it needs, and the roles it may take. ``value`` is the role of a bare id.
KIND_ROLES = {
    "count": (("value",), ()),
    "monthly_average": (("value",), ()),
    "rate_per_1000": (("numerator", "denominator"), ()),
    "percent_change": (("from", "to"), ()),
    "multiple": (("from", "to"), ()),
    "proportion_at_cut": (("positives", "negatives", "sensitivity", "specificity"), ()),
    "share": (("part", "whole"), ()),
    "none": ((), ("value",)),
    "direction": (("value",), ()),
}

#: The qualifiers a direction claim takes, and the direction each says.
DIRECTIONS = {"rose": "up", "fell": "down", "rose steadily": "up", "fell steadily": "down"}

_ITEM = re.compile(r"(?:(?P<role>[a-z][a-z_]*)?\s*(?P<op><=|>=|=)\s*)?(?P<figure>[A-Za-z0-9][A-Za-z0-9_.-]*)")


@dataclass(frozen=True, kw_only=True)
class Input:
    """One item of a reading's ``against``: a figure, the role it plays, and how it bounds that role.

    Attributes
    ----------
    role : str
        The input of the measure kind it gives (``value`` for a bare figure id; ``from``, ``to``,
        ``positives``, ...).
    figure_id : str
        A figure id of one of the data package's figure tables.
    relation : str
        ``=`` when the role's value is the figure, ``<=`` when it is at most the figure, ``>=`` when
        at least.
    """

    role: str
    figure_id: str
    relation: str = "="

    def __str__(self) -> str:
        """As written in ``against``: ``kirat-lr-low``, ``>=ref-2017``, ``from<=ref-2012``."""
        role = "" if self.role == "value" else self.role
        relation = "" if not role and self.relation == "=" else self.relation
        return f"{role}{relation}{self.figure_id}"


@dataclass(frozen=True, kw_only=True)
class ClaimReading:
    """One honest reading of a claim's words, and what it is checked against.

    Attributes
    ----------
    reading_id : str
        Its id, unique within the claim.
    means : str
        What it takes the words to mean (for the principal reading, also why it decides).
    inputs : tuple of Input
        The figures it is checked against, from ``against``; empty when ``query`` is given or nothing is.
    query : str
        A DuckDB SELECT over the data package's tables that finds the figures, or "".
    unverifiable_because : str
        Why the data cannot check it when no figure is found, or "".
    expected : str
        The verdict it is expected to get, or "" when the file records none.
    row : int
        Its row in the file (header = 1).
    """

    reading_id: str
    means: str
    inputs: tuple[Input, ...]
    query: str
    unverifiable_because: str
    expected: str
    row: int

    def role(self, name: str) -> tuple[Input, ...]:
        """The inputs that give role ``name``, in file order.

        Parameters
        ----------
        name : str
            A role (``value``, ``from``, ``positives``, ...).

        Returns
        -------
        tuple of Input
        """
        return tuple(i for i in self.inputs if i.role == name)


@dataclass(frozen=True, kw_only=True)
class Claim:
    """A figure someone said or published, with where, and every reading of its words.

    Attributes
    ----------
    claim_id : str
        Its id in the claims file.
    words : str
        The words said, as reported (``claim`` in the file).
    speaker, said_on, source_id, locator, status : str
        Who said it, when (``YYYY-MM-DD`` or ``YYYY-MM``), the document it is taken from (a
        ``source_id``), where in it, and how the words are known (``press``, ``quote``, ...).
    kind : str
        Its measure kind (a key of :data:`KIND_ROLES`).
    measure, scope : str
        What is counted, and who counted what, as the words say.
    period_kind : str
        ``calendar_year``, ``financial_year``, ``span``, ``statement_date``, ...
    period_start, period_end : datetime.date or None
        The period the claim speaks of; None when unspecified.
    value : float or None
        The figure claimed, in ``unit``; None for a direction.
    unit : str
        ``count``, ``per_month``, ``percent``, ``multiple``, ``per_1000`` or ``one_in_n``.
    qualifier : str
        The hedge said with the figure ("about", "more than"), or the direction said; "" for none.
    precision : float or None
        The unit the figure is read as rounded to; None for the rule's default.
    notebook : str
        The notebook that works the claim through, or "".
    readings : tuple of ClaimReading
        Its readings, the principal first.
    path : str
        The claims file it was read from.
    row : int
        The row of its principal reading (header = 1).
    """

    claim_id: str
    words: str
    speaker: str
    said_on: str
    source_id: str
    locator: str
    status: str
    kind: str
    measure: str
    scope: str
    period_kind: str
    period_start: dt.date | None
    period_end: dt.date | None
    value: float | None
    unit: str
    qualifier: str
    precision: float | None
    notebook: str
    readings: tuple[ClaimReading, ...]
    path: str
    row: int

    @property
    def principal(self) -> ClaimReading:
        """The reading whose verdict is the claim's: the first in the file."""
        return self.readings[0]

    @property
    def period(self) -> str:
        """The period in words: ``2017``, ``2016-17``, ``2016-06-01 to 2016-08-31``, or ""."""
        if self.period_start is None or self.period_end is None:
            return ""
        start, end = self.period_start, self.period_end
        if self.period_kind == "calendar_year":
            return str(start.year)
        if self.period_kind == "financial_year":
            return f"{start.year}-{(start.year + 1) % 100:02d}"
        if start == end:
            return start.isoformat()
        return f"{start.isoformat()} to {end.isoformat()}"


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _date(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def parse_against(text: str) -> tuple[list[Input], list[str]]:
    """The inputs of an ``against`` cell, and a problem for each item that cannot be read."""
    inputs, problems = [], []
    for item in (part.strip() for part in text.split(";")):
        if not item:
            continue
        match = _ITEM.fullmatch(item)
        if match is None:
            problems.append(f"cannot read '{excerpt(item)}'; write a figure id, or role=id, role<=id or role>=id")
            continue
        role, op = match["role"], match["op"]
        inputs.append(Input(role=role or "value", figure_id=match["figure"], relation=op or "="))
    return inputs, problems


def _reading_problems(claim_kind: str, inputs: list[Input], query: str, because: str) -> list[tuple[str, str]]:
    """(column, problem) for one reading's inputs against its kind's roles."""
    required, optional = KIND_ROLES[claim_kind]
    problems = []
    if inputs and query:
        problems.append(("query", "is given as well as against; a reading is checked against one or the other"))
    if query and set(required) - {"value"}:  # a query's rows are figures of one role
        problems.append(
            ("query", f"cannot give the roles of a {claim_kind} ({', '.join(required)}); name them in against")
        )
    unknown = sorted({i.role for i in inputs} - set(required) - set(optional))
    if unknown:
        roles = ", ".join(required + optional) or "none"
        problems.append(
            (
                "against",
                f"names the role(s) {', '.join(unknown)}, which a {claim_kind} does not take (it takes {roles})",
            )
        )
    for role in {i.role for i in inputs}:
        if role != "value" and len([i for i in inputs if i.role == role]) > 1:
            problems.append(("against", f"gives the role {role} more than once"))
    missing = [r for r in required if not any(i.role == r for i in inputs)]
    if not query and missing and not because:
        problems.append(
            (
                "unverifiable_because",
                f"is empty, but against gives no {', '.join(missing)}; say why the data cannot check this reading",
            )
        )
    return problems


def _claim_problems(first: pd.Series) -> list[tuple[str, str]]:
    kind, qualifier, value = str(first["kind"]), _text(first["qualifier"]), _number(first["value"])
    problems = []
    if kind == "direction":
        if qualifier not in DIRECTIONS:
            problems.append(
                ("qualifier", f"must say the direction of a direction claim: one of {', '.join(DIRECTIONS)}")
            )
        if value is not None:
            problems.append(("value", "must be empty for a direction claim, which states no figure"))
    else:
        if qualifier in DIRECTIONS:
            problems.append(("qualifier", f"'{qualifier}' is a direction; only a direction claim takes it"))
        if value is None:
            problems.append(("value", f"is empty, but a {kind} claim states a figure"))
        elif not math.isfinite(value):
            problems.append(("value", "must be a finite number"))
    if kind == "none" and value not in (None, 0.0):
        problems.append(("value", f"must be 0 for a claim of none, but is {value:g}"))
    start, end = first.get("period_start"), first.get("period_end")
    if (pd.isna(start)) != (pd.isna(end)):
        problems.append(("period_end" if pd.isna(end) else "period_start", "is empty, but the other end is given"))
    return problems


def _problem(path: str, row: int, column: str, message: str) -> DataError:
    return DataError(message, path=path, row=row, column=column)


def claims_from_table(table: pd.DataFrame) -> tuple[Claim, ...]:
    """The claims of a claims table (one row per reading, as ``load_claims`` or ``read_claims`` return it).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per reading, in file order (indexed by ``claim_id`` and ``reading``, or with them as
        columns), with the columns of the ``claims`` resource; its
        ``attrs["path"]`` names the file for errors.

    Returns
    -------
    tuple of Claim
        In file order of their principal readings.

    Raises
    ------
    DataError
        Naming every problem at once, each with file, row and column: a reading id repeated within a
        claim, a claim column that differs between a claim's rows, an ``against`` item that cannot be
        read or names a role its kind does not take, no figure and no reason why, a direction claim
        with a figure, and so on.

    Examples
    --------
    >>> from inquiry_analysis.io import load_table
    >>> claims = claims_from_table(load_table("claims"))
    >>> len(claims) >= 15, all(c.readings for c in claims)
    (True, True)
    """
    path = str(table.attrs.get("path", "claims file"))
    rows = table.reset_index()
    numbered = table.attrs.get("rows")  # each row's number in its file, where the reader kept them
    problems: list[DataError] = []
    claims = []
    for claim_id, group in rows.groupby("claim_id", sort=False):
        numbers = [int(numbered[i]) if numbered else int(i) + 2 for i in group.index]  # header = 1
        first = group.iloc[0]
        for column, message in _claim_problems(first):
            problems.append(_problem(path, numbers[0], column, message))
        readings, seen = [], {}
        for number, (_, row) in zip(numbers, group.iterrows(), strict=True):
            for column in CLAIM_COLUMNS:
                if column in row.index and _text(row[column]) != _text(first[column]):
                    problems.append(
                        _problem(
                            path,
                            number,
                            column,
                            f"differs from row {numbers[0]}, the first of claim {claim_id}; the words, figure and "
                            "wording are the claim's, the same on each of its readings",
                        )
                    )
            reading_id = _text(row["reading"])
            if reading_id in seen:
                problems.append(
                    _problem(
                        path,
                        number,
                        "reading",
                        f"'{reading_id}' is already a reading of {claim_id} (row {seen[reading_id]})",
                    )
                )
            seen[reading_id] = number
            inputs, bad = parse_against(_text(row["against"]))
            problems += [_problem(path, number, "against", message) for message in bad]
            query, because = _text(row["query"]).strip(), _text(row["unverifiable_because"])
            for column, message in _reading_problems(str(first["kind"]), inputs, query, because):
                problems.append(_problem(path, number, column, message))
            readings.append(
                ClaimReading(
                    reading_id=reading_id,
                    means=_text(row["reading_means"]),
                    inputs=tuple(inputs),
                    query=query,
                    unverifiable_because=because,
                    expected=_text(row["expected_verdict"]),
                    row=number,
                )
            )
        claims.append(
            Claim(
                claim_id=str(claim_id),
                words=_text(first["claim"]),
                speaker=_text(first["speaker"]),
                said_on=_text(first["said_on"]),
                source_id=_text(first["source_id"]),
                locator=_text(first["locator"]),
                status=_text(first["status"]),
                kind=str(first["kind"]),
                measure=_text(first["measure"]),
                scope=_text(first["scope"]),
                period_kind=_text(first["period_kind"]),
                period_start=_date(first["period_start"]),
                period_end=_date(first["period_end"]),
                value=_number(first["value"]),
                unit=str(first["unit"]),
                qualifier=_text(first["qualifier"]),
                precision=_number(first["precision"]),
                notebook=_text(first.get("notebook")),
                readings=tuple(readings),
                path=path,
                row=numbers[0],
            )
        )
    if problems:
        raise DataError.from_problems(problems)
    return tuple(claims)
