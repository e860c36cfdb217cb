"""Statistical disclosure control for outputs built from a record-level case file.

A case file holds one row per assessed person, so everything exported from it (CSV, XLSX, JSON,
chart labels, notebook output) is built from counts, and small counts are replaced by the
Government Statistical Service marker ``[c]`` (confidential).

What is protected
-----------------
* **Small cells.** :func:`suppress` hides every published cell of a two-way table, totals
  included, whose count is below ``min_cell`` (primary suppression). Zeros are hidden too: a 0
  beside a shown total says that everyone in that row (or column) shares the other outcome.
* **Recovery by subtraction.** It then hides further cells (secondary suppression) until no hidden
  cell can be worked out exactly from the shown cells, the rows and columns adding up to the
  totals, and counts being non-negative. This is checked by linear programming (an audit): each
  hidden cell is minimised and maximised over every table consistent with what is shown.
* **Cumulative counts at cuts.** :meth:`SuppressedTable.publishable_cuts` chooses the cuts ("High
  or above") whose counts may be published for every column at once, and audits the table with
  them (:func:`feasible_ranges`); :func:`publishable_cuts` is the rule for one column: no hidden
  cell may become the difference of two published numbers.
* **Derived figures.** :func:`hide` replaces rates and intervals built from hidden cells by ``[c]``.

What is not protected
---------------------
* **Narrow ranges.** A hidden cell is safe here when it can take at least two values; a reader may
  still learn that it lies in, say, 0 to 3. No protection interval is demanded.
* **Other outputs.** The audit sees one table (and its cuts). Differencing against another table
  from the same file, an earlier release or a different breakdown is not checked: publish one
  breakdown per file, or audit the combination yourself. (A referral log's tables are audited
  together: :mod:`inquiry_analysis.disclosure.referral_log`, :mod:`inquiry_analysis.disclosure.linked`.)
* **Rates with a hidden denominator**, and anything a caller prints without passing it through here.

References
----------
Government Analysis Function. *Symbols in tables, definitions and footnotes* (``[c]``: confidential).

Hundepool, A., Domingo-Ferrer, J., Franconi, L., Giessing, S., Schulte Nordholt, E., Spicer, K. and
de Wolf, P.-P. (2012). *Statistical Disclosure Control*. Wiley (cell suppression and its audit).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_MIN_CELL",
    "MARKER",
    "TOTAL",
    "SuppressedTable",
    "check_min_cell",
    "feasible_ranges",
    "hide",
    "hide_small",
    "publishable_cuts",
    "suppress",
]

MARKER = "[c]"
"""The GSS marker for a confidential (suppressed) value."""

DEFAULT_MIN_CELL = 5
"""Counts below this are suppressed unless the caller says otherwise."""

TOTAL = "Total"
"""Label of the margin row and column that :func:`suppress` adds."""


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def _is_whole(value, *, least: int) -> bool:
    value = _plain(value)
    return (
        not isinstance(value, bool)
        and isinstance(value, numbers.Real)
        and math.isfinite(value)
        and float(value).is_integer()
        and value >= least
    )


def check_min_cell(min_cell) -> int:
    """``min_cell`` as an ``int``, or ValueError if it is not a whole number of at least 1.

    >>> check_min_cell(10)
    10

    Parameters
    ----------
    min_cell : int
        The smallest count shown.

    Returns
    -------
    int
    """
    if not _is_whole(min_cell, least=1):
        raise ValueError(f"`min_cell` must be a whole number, at least 1, but {_plain(min_cell)!r} was passed")
    return int(min_cell)


@dataclass(frozen=True, kw_only=True, eq=False)
class SuppressedTable:
    """A two-way table of counts with small cells suppressed, as :func:`suppress` returns it.

    Attributes
    ----------
    counts : DataFrame
        The true counts (``int64``), with the ``"Total"`` row and column when built with margins.
        Never export this.
    shown : DataFrame
        What may be exported: object dtype, a Python ``int`` where shown and ``"[c]"`` where suppressed.
    primary : DataFrame
        ``True`` where the count is below ``min_cell`` (zeros included).
    secondary : DataFrame
        ``True`` where a cell is hidden only so that no primary cell can be recovered.
    min_cell : int
        The smallest count shown.
    margins : bool
        Whether the table carries (and publishes) totals.
    """

    counts: pd.DataFrame
    shown: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame
    min_cell: int
    margins: bool

    @property
    def suppressed(self) -> pd.DataFrame:
        """``True`` wherever ``[c]`` is shown (primary or secondary)."""
        return self.primary | self.secondary

    def shown_or_nan(self) -> pd.DataFrame:
        """The counts as floats, NaN where suppressed: for charts, which then leave a gap.

        Returns
        -------
        pandas.DataFrame
        """
        return self.counts.astype(float).mask(self.suppressed)

    def publishable_cuts(self) -> list[bool]:
        """Cuts that may be published for every column at once, audited with the whole table.

        Entry ``j - 1`` covers cut ``j``: rows ``j`` onwards ("level ``j`` or above", rows being
        levels lowest first) against rows ``0 .. j-1``, in each column. Every column, ``"Total"``
        included (the row totals are an ordered column too), goes through :func:`publishable_cuts`
        with its counts, and a cut is kept only where all columns allow it. :func:`feasible_ranges` then audits the
        table with
        those cuts; while a hidden cell is pinned, the lowest cut left is dropped. Cuts need every
        column total shown (otherwise "level ``j`` or above" and "below level ``j``" would say
        different things): without margins, or with a column total hidden, none is published.

        Returns
        -------
        list of bool
            One per cut ``level or above``: True where it may be published.

        Examples
        --------
        >>> counts = pd.DataFrame({"no": [40, 25, 12, 3], "yes": [10, 15, 14, 9]})
        >>> suppress(counts).publishable_cuts()  # a cut between High and Very High gives them away
        [True, True, False]
        """
        rows = self.counts.shape[0] - self.margins
        if not self.margins or self.suppressed.iloc[-1].any():
            return [False] * (rows - 1)
        keep = [True] * (rows - 1)
        for column in self.counts.columns:
            allowed = publishable_cuts(
                self.suppressed[column].iloc[:-1].tolist(), counts=self.counts[column].iloc[:-1].tolist()
            )
            keep = [a and b for a, b in zip(keep, allowed)]
        while True:
            ranges = feasible_ranges(self, cuts={column: keep for column in self.counts.columns[:-1]})
            if not any(keep) or not (ranges["lower"] == ranges["upper"]).any():
                return keep
            keep[keep.index(True)] = False

    def __str__(self) -> str:
        return self.shown.to_string()


def _check_counts(counts, margins: bool) -> np.ndarray:
    if not isinstance(counts, pd.DataFrame):
        raise TypeError(f"`counts` must be a pandas DataFrame of counts, but a {type(counts).__name__} was passed")
    if counts.shape[0] == 0 or counts.shape[1] == 0:
        raise ValueError(f"`counts` must have at least one row and one column, but its shape is {counts.shape}")
    if not (counts.index.is_unique and counts.columns.is_unique):
        raise ValueError("`counts` must have distinct row labels and distinct column labels, but some repeat")
    if margins and (TOTAL in list(counts.index) or TOTAL in list(counts.columns)):
        raise ValueError(
            f"`counts` must not have a {TOTAL!r} row or column when `margins=True`, but it has one: "
            "pass the table without its totals"
        )
    values = counts.to_numpy(dtype=object)
    for (i, j), value in np.ndenumerate(values):
        if not _is_whole(value, least=0):
            raise ValueError(
                f"`counts` must hold whole numbers, not negative, but {_plain(value)!r} was passed "
                f"(row {_plain(counts.index[i])!r}, column {_plain(counts.columns[j])!r})"
            )
    return np.array([[int(v) for v in row] for row in values], dtype=np.int64)


def _lines(shape: tuple[int, int], margins: bool) -> list[list[tuple[int, int, int]]]:
    """Each row and column of a table with margins as (row, column, sign) terms summing to zero."""
    if not margins:
        return []
    rows, columns = shape
    return [[(i, j, 1) for j in range(columns - 1)] + [(i, columns - 1, -1)] for i in range(rows)] + [
        [(i, j, 1) for i in range(rows - 1)] + [(rows - 1, j, -1)] for j in range(columns)
    ]


def _ranges(
    values: np.ndarray,
    hidden: np.ndarray,
    constraints: list,
    *,
    first_exposed: bool = False,
    only: tuple[int, int] | None = None,
) -> dict:
    """Least and greatest value of each hidden cell over all non-negative tables that fit what is shown.

    ``constraints`` are ``(terms, total)`` pairs: the cells ``(row, column, coefficient)`` sum to
    ``total``. Each row or column with its margin, even with cut constraints, is a flow-conservation
    equation, so the constraint matrix is totally unimodular: the optimum of every LP is a whole number
    and the rounding below is exact. With ``first_exposed``, stop at the first cell (in row-major order)
    that can take one value only, settling most cells with one LP (a maximum above the true value);
    with ``only``, look at that cell alone.
    """
    from scipy.optimize import linprog

    cells = [tuple(int(x) for x in cell) for cell in np.argwhere(hidden)]
    index = {cell: n for n, cell in enumerate(cells)}
    matrix, rhs = [], []
    for terms, total in constraints:
        row, b = np.zeros(len(cells)), float(total)
        for i, j, coefficient in terms:
            if hidden[i, j]:
                row[index[i, j]] += coefficient
            else:
                b -= coefficient * float(values[i, j])
        if row.any():
            matrix.append(row)
            rhs.append(b)
    a_eq, b_eq = (np.array(matrix), np.array(rhs)) if matrix else (None, None)

    def optimum(n: int, sense: int) -> float:
        objective = np.zeros(len(cells))
        objective[n] = sense
        result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if result.status == 3:
            return math.inf
        if result.status != 0:
            raise RuntimeError(f"the disclosure audit failed: {result.message}")
        return float(round(sense * result.fun))

    found = {}
    for n, cell in enumerate(cells):
        if only is not None and cell != only:
            continue
        upper = optimum(n, -1)
        if first_exposed and upper > values[cell]:
            continue
        lower = optimum(n, 1)
        found[cell] = (lower, upper)
        if first_exposed and lower == upper:
            return {cell: (lower, upper)}
    return {} if first_exposed else found


def _protect(values: np.ndarray, primary: np.ndarray, margins: bool) -> np.ndarray:
    """Secondary suppression: hide more cells until the audit finds no hidden cell with one possible value."""
    lines = _lines(values.shape, margins)
    constraints = [(line, 0) for line in lines]
    rows, columns = values.shape
    hidden = primary.copy()

    def key(cell, line):
        i, j = cell
        cross = next(other for other in lines if other is not line and any((i, j) == t[:2] for t in other))
        in_cross = sum(hidden[t[0], t[1]] for t in cross)
        # interior before totals; then a cell whose other line holds exactly one hidden cell (hiding it
        # protects that line too), then one whose other line is already protected; then smallest; then position
        return (i == rows - 1 or j == columns - 1, {1: 0, 0: 2}.get(int(in_cross), 1), int(values[i, j]), i, j)

    while True:
        single = next((line for line in lines if sum(hidden[i, j] for i, j, _ in line) == 1), None)
        if single is not None:  # the hidden cell is the line's total minus the rest
            hidden[min((t[:2] for t in single if not hidden[t[0], t[1]]), key=lambda c: key(c, single))] = True
            continue
        exposed = _ranges(values, hidden, constraints, first_exposed=True)
        if not exposed:
            return hidden
        (cell,) = exposed
        own = [line for line in lines if any(cell == t[:2] for t in line)]
        candidates = sorted(
            ((t[:2], line) for line in own for t in line if not hidden[t[0], t[1]]), key=lambda pair: key(*pair)
        )
        if not candidates:  # both its lines are hidden already: look further afield
            candidates = sorted(
                ((t[:2], line) for line in lines[:rows] for t in line if not hidden[t[0], t[1]]),
                key=lambda pair: key(*pair),
            )
        choice = candidates[0][0]
        for candidate, _ in candidates:  # the first that on its own lets the exposed cell vary, if any
            trial = hidden.copy()
            trial[candidate] = True
            if not _ranges(values, trial, constraints, first_exposed=True, only=cell):
                choice = candidate
                break
        hidden[choice] = True


def suppress(counts: pd.DataFrame, *, min_cell: int = DEFAULT_MIN_CELL, margins: bool = True) -> SuppressedTable:
    """Suppress small counts in a two-way table, with secondary suppression, ready to export.

    Primary suppression hides every published cell (totals included) below ``min_cell``, zeros
    too: a 0 beside a shown total tells the reader that everyone in that row has the other outcome.
    Secondary suppression then hides more cells until the audit (see :func:`feasible_ranges`) finds
    no hidden cell that can take only one value. A row or column with exactly one hidden cell is
    completed first, by hiding another cell of it: interior cells before totals; among those, one
    whose other line holds exactly one hidden cell (so one cell protects two lines), then one whose
    other line is already protected, then the smallest count, then the first by position. If the
    audit still finds a cell fixed (zeros and non-negativity can pin cells inside a rectangle of
    hidden cells), a cell of its row or column is hidden by the same order, the first that frees it
    where one does. The result depends only on the counts: no randomness and no solver tolerance.

    Parameters
    ----------
    counts : DataFrame
        Non-negative whole numbers, e.g. risk levels (rows) by outcome (columns), without totals.
    min_cell : int, default 5
        Smallest count that may be shown.
    margins : bool, default True
        Add a ``"Total"`` row and column (and the grand total), published and protected like any
        other cell. With ``margins=False`` no total may be published alongside the table, by anyone.

    Returns
    -------
    SuppressedTable

    Examples
    --------
    >>> counts = pd.DataFrame({"no": [40, 25, 12, 3], "yes": [10, 15, 14, 9]},
    ...                       index=["Low", "Medium", "High", "Very High"])
    >>> print(suppress(counts, min_cell=5))
                no  yes Total
    Low         40   10    50
    Medium      25   15    40
    High       [c]  [c]    26
    Very High  [c]  [c]    12
    Total       80   48   128
    """
    min_cell = check_min_cell(min_cell)
    if not isinstance(margins, bool):
        raise TypeError(f"`margins` must be True or False, but {margins!r} was passed")
    inner = _check_counts(counts, margins)
    index, columns, full = list(counts.index), list(counts.columns), inner
    if margins:
        full = np.zeros((inner.shape[0] + 1, inner.shape[1] + 1), dtype=np.int64)
        full[:-1, :-1] = inner
        full[:-1, -1], full[-1, :-1], full[-1, -1] = inner.sum(axis=1), inner.sum(axis=0), inner.sum()
        index, columns = index + [TOTAL], columns + [TOTAL]
        index = pd.Index(index, name=counts.index.name)
        columns = pd.Index(columns, name=counts.columns.name)
    else:
        index, columns = counts.index, counts.columns
    primary = full < min_cell
    hidden = _protect(full, primary, margins)
    shown = np.empty(full.shape, dtype=object)
    for (i, j), value in np.ndenumerate(full):
        shown[i, j] = MARKER if hidden[i, j] else int(value)

    def frame(data, dtype):
        return pd.DataFrame(data, index=index.copy(), columns=columns.copy(), dtype=dtype)

    return SuppressedTable(
        counts=frame(full, "int64"),
        shown=frame(shown, object),
        primary=frame(primary, bool),
        secondary=frame(hidden & ~primary, bool),
        min_cell=min_cell,
        margins=margins,
    )


def feasible_ranges(table: SuppressedTable, *, cuts: Mapping | None = None) -> pd.DataFrame:
    """What a reader can infer about each suppressed cell: its least and greatest possible value.

    Every non-negative whole-number table that matches the shown cells, adds up to its totals and
    (with ``cuts``) gives the same published cumulative counts is considered; each suppressed cell
    is minimised and maximised by linear programming (scipy's HiGHS). The constraints are
    flow-conservation equations, so the linear and the whole-number ranges coincide. A cell whose
    ``lower`` equals its ``upper`` is disclosed.

    Parameters
    ----------
    table : SuppressedTable
    cuts : mapping, optional
        Column label to published cuts, as :func:`publishable_cuts` returns them for that column
        (``cuts[c][j - 1]`` for the count of rows ``0 .. j - 1`` in column ``c``).

    Returns
    -------
    DataFrame
        One row per suppressed cell, in row-major order: ``row``, ``column``, ``lower``, ``upper``
        (``inf`` when nothing bounds it).

    Examples
    --------
    >>> counts = pd.DataFrame({"no": [40, 25, 12, 3], "yes": [10, 15, 14, 9]},
    ...                       index=["Low", "Medium", "High", "Very High"])
    >>> ranges = feasible_ranges(suppress(counts))  # the High and Very High rows are hidden
    >>> ranges["lower"].tolist(), ranges["upper"].tolist()
    ([3.0, 11.0, 0.0, 0.0], [15.0, 23.0, 12.0, 12.0])
    """
    values = table.counts.to_numpy(dtype=np.int64)
    constraints = [(line, 0) for line in _lines(values.shape, table.margins)]
    rows = values.shape[0] - table.margins
    for column, flags in (cuts or {}).items():
        j = table.counts.columns.get_loc(column) if column in list(table.counts.columns) else None
        if j is None or (table.margins and j == values.shape[1] - 1):
            raise ValueError(f"`cuts` must be keyed by columns of the table's counts, but {column!r} was passed")
        if len(flags) != rows - 1:
            raise ValueError(
                f"`cuts[{column!r}]` must have {rows - 1} entries (one per cut), but {len(flags)} were passed"
            )
        constraints += [
            ([(i, j, 1) for i in range(cut)], int(values[:cut, j].sum())) for cut in range(1, rows) if flags[cut - 1]
        ]
    found = _ranges(values, table.suppressed.to_numpy(dtype=bool), constraints)
    return pd.DataFrame(
        [
            {"row": table.counts.index[i], "column": table.counts.columns[j], "lower": low, "upper": high}
            for (i, j), (low, high) in found.items()
        ],
        columns=["row", "column", "lower", "upper"],
    ).astype({"lower": float, "upper": float})


def publishable_cuts(
    suppressed: Sequence[bool], *, total_shown: bool = True, counts: Sequence[int] | None = None
) -> list[bool]:
    """Which cumulative counts of an ordered column may be published without revealing a hidden cell.

    The cells ``0 .. k-1`` of one column (risk levels, lowest first) have cumulative sums
    ``S_0 = 0 <= S_1 <= ... <= S_k`` (the total). Publishing cut ``j`` means publishing ``S_j``
    (people below level ``j``) or, when the total is shown, ``S_k - S_j`` ("level ``j`` or above"),
    which says the same. Shown cells tie neighbouring sums together, so the sums fall into blocks
    separated by the hidden cells; a block is known as soon as one sum in it is. A hidden cell is
    revealed exactly when the blocks on both sides of it are known, so the rule is: publish whole
    blocks, never two neighbouring ones. The first block is always known (``S_0 = 0``); the last is
    known when ``total_shown``. Among all such choices the one publishing the most cuts is taken
    (a dynamic programme along the blocks, so no rule publishes more); ties go to the choice whose
    highest published block is highest up the scale, and so on downwards.

    With ``counts`` the rule also refuses two published blocks whose hidden cells between them sum to
    0: every one of them would be revealed as 0. When the total is not shown it is treated as hidden:
    no cut that would reveal it is published. To publish "level ``j`` or above" counts beside a hidden
    total, pass the column reversed (highest level first) and reverse the answer.

    Parameters
    ----------
    suppressed : sequence of bool
        For each cell of the column, lowest level first, whether it is hidden.
    total_shown : bool, default True
        Whether the column's total is published.
    counts : sequence of int, optional
        The column's counts, to refuse cuts that would reveal hidden zeros.

    Returns
    -------
    list of bool
        Entry ``j - 1`` (``j = 1 .. k-1``) says whether cut ``j`` ("level ``j`` or above") may be published.

    Raises
    ------
    ValueError
        If a hidden cell (or a hidden total) can be recovered before any cut is published.

    Examples
    --------
    Four levels, the lowest two hidden, total shown: "Medium or above" would give the Low cell.

    >>> publishable_cuts([True, True, False, False])
    [False, True, True]
    """
    flags = [_plain(flag) for flag in suppressed]
    if not flags or not all(isinstance(flag, bool) for flag in flags):
        raise ValueError(f"`suppressed` must be one or more True/False values, but {flags!r} was passed")
    if not isinstance(total_shown, bool):
        raise TypeError(f"`total_shown` must be True or False, but {total_shown!r} was passed")
    k = len(flags)
    if counts is not None:
        counts = [_plain(c) for c in counts]
        if len(counts) != k or not all(_is_whole(c, least=0) for c in counts):
            raise ValueError(f"`counts` must be {k} whole numbers, not negative, but {counts!r} was passed")
    hidden = [j for j in range(k) if flags[j]]
    m = len(hidden)
    # block t holds the sums S_start .. S_end between hidden cells t-1 and t
    blocks = [(0 if t == 0 else hidden[t - 1] + 1, hidden[t] if t < m else k) for t in range(m + 1)]
    weight = [sum(1 for j in range(start, end + 1) if 0 < j < k) for start, end in blocks]

    def allowed(a: int, b: int) -> bool:
        return b - a >= 2 and (counts is None or sum(counts[j] for j in hidden[a:b]) > 0)

    best = [float(weight[0])] + [-math.inf] * m
    for b in range(1, m + 1):
        before = [best[a] for a in range(b) if allowed(a, b)]
        best[b] = weight[b] + max(before, default=-math.inf)
    if total_shown:
        end = m
        if best[m] == -math.inf:
            raise ValueError(
                "`suppressed` leaves a hidden cell recoverable from the shown cells and the total "
                "before any cut is published: apply secondary suppression first (see `suppress`)"
            )
    else:
        if m == 0:
            raise ValueError(
                "`suppressed` hides no cell, so the total is the sum of the shown cells: "
                "pass `total_shown=True` or hide cells first (see `suppress`)"
            )
        end = max(range(m), key=lambda b: (best[b], b))
    chosen = [end]
    while chosen[-1] != 0:
        b = chosen[-1]
        chosen.append(max(a for a in range(b) if allowed(a, b) and best[a] + weight[b] == best[b]))
    published = {j for t in chosen for j in range(blocks[t][0], blocks[t][1] + 1)}
    return [j in published for j in range(1, k)]


def hide(frame: pd.DataFrame, columns, where) -> pd.DataFrame:
    """A copy of ``frame`` with ``columns`` replaced by ``[c]`` on the rows where ``where`` is true.

    For rates and intervals built from suppressed cells. The named columns become object dtype.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table about to be published.
    columns : str or list of str
        The columns to withhold.
    where : sequence of bool
        One per row: True where the row's ``columns`` are withheld.

    Returns
    -------
    pandas.DataFrame
        A copy, ``[c]`` where withheld.

    Examples
    --------
    >>> rates = pd.DataFrame({"level": ["Low", "High"], "rate": [0.2, 0.5]})
    >>> hide(rates, "rate", [False, True])["rate"].tolist()
    [0.2, '[c]']
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"`frame` must be a pandas DataFrame, but a {type(frame).__name__} was passed")
    columns = list(columns) if pd.api.types.is_list_like(columns) else [columns]
    for column in columns:
        if column not in list(frame.columns):
            raise ValueError(f"`columns` must name columns of `frame`, but {column!r} was passed")
    if isinstance(where, pd.Series):
        where = where.reindex(frame.index)
    mask = pd.array(list(where), dtype="boolean")
    if len(mask) != len(frame) or mask.isna().any():
        raise ValueError(
            f"`where` must give True or False for each of the {len(frame)} rows of `frame`, "
            f"but {len(mask)} values were passed" + (" with gaps" if mask.isna().any() else "")
        )
    mask = np.asarray(mask, dtype=bool)
    out = frame.copy()
    for column in columns:
        out[column] = out[column].astype(object).mask(mask, MARKER)
    return out


def hide_small(
    frame: pd.DataFrame, counts: Mapping[str, Sequence[str]], *, min_cell: int = DEFAULT_MIN_CELL
) -> pd.DataFrame:
    """A copy of ``frame`` with each count below ``min_cell`` (zeros included) and what is built from it as ``[c]``.

    Primary suppression for tables of counts that have no margins to audit, such as a referral
    log's cohorts: ``counts`` maps each count column to the columns derived from it (rates,
    intervals), which are hidden on the same rows. Differences between rows or tables are not
    audited (see the module's "What is not protected").

    Parameters
    ----------
    frame : pandas.DataFrame
        A table about to be published.
    counts : mapping of str to sequence of str
        Each count column and the columns built from it (withheld with it).
    min_cell : int
        The smallest count shown (default 5).

    Returns
    -------
    pandas.DataFrame
        A copy, ``[c]`` where withheld.

    Examples
    --------
    >>> t = pd.DataFrame({"arrested": [40, 3, 0], "share": [0.04, 0.003, 0.0]})
    >>> hide_small(t, {"arrested": ["share"]}, min_cell=5).values.tolist()
    [[40, 0.04], ['[c]', '[c]'], ['[c]', '[c]']]
    """
    min_cell = check_min_cell(min_cell)
    out = frame
    for column, derived in counts.items():
        if column not in list(frame.columns):
            raise ValueError(f"`counts` must name columns of `frame`, but {column!r} was passed")
        shown = out[column].astype(object)
        small = pd.to_numeric(shown.where(shown != MARKER), errors="coerce").lt(min_cell)
        out = hide(
            out, [column, *derived], (small | shown.eq(MARKER)).astype(bool)
        )  # hidden already: so is all it built
    return out
