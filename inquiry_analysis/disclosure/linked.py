"""An exact audit of linked tables: what a reader can infer about each ``[c]`` cell from everything published.

Tables published from one data set share their cells: a month's total is the sum of its sources, a
year's arrests the sum of its months' arrests, and so on. Each published count is written here as a
sum of unknown non-negative counts of the finest partition the tables are made from (a
:class:`LinkedTables`); the shown cells fix their sums, and each hidden cell is minimised and
maximised over every partition consistent with them by linear programming (SciPy's HiGHS, sparse).
The linear relaxation's range contains every whole-number solution, so a cell whose relaxed range
holds at least ``min_cell`` whole numbers holds at most that many possibilities for a reader who
also uses integrality: the rule here, ``floor(high) - ceil(low) + 1 >= min_cell``, is demanded of
the relaxed range, which is the attacker's best linear knowledge. :func:`protect` hides more cells
(the smallest shown cell that frees the exposed one) until every hidden cell satisfies it.

This audit is the one the tau-ARGUS and sdcTable tools run on linked tables (Hundepool et al. 2012,
section 4.3); the relaxation is exact for a single two-way table but may be wider than the
whole-number range for linked tables, which is why a range of ``min_cell`` values, not two, is asked.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

__all__ = ["LinkedTables", "feasible_range", "protect"]


@dataclass(frozen=True, kw_only=True, eq=False)
class LinkedTables:
    """Published counts as sums of unknown non-negative counts, with what a reader knows besides.

    Attributes
    ----------
    cells : scipy.sparse.csr_matrix
        One row per published count, one column per unknown count: the count is the row times the unknowns.
    values : numpy.ndarray
        The true value of each published count (``int64``).
    equal : scipy.sparse.csr_matrix
        Identities the unknowns always satisfy, each row times the unknowns being 0 (e.g. a month's
        referrals counted by source and by outcome); may have no rows.
    floors : numpy.ndarray
        A least value a reader knows for each count even when hidden (1 for a source that is listed).
    groups : dict of int to list of int
        Cells hidden whenever the key cell is (a total and the counts whose rates it is the denominator of).
    """

    cells: sp.csr_matrix
    values: np.ndarray
    equal: sp.csr_matrix
    floors: np.ndarray
    groups: dict = field(default_factory=dict)


def _bounds(tables: LinkedTables, hidden: np.ndarray, target: int, sense: int) -> float:
    """The least (``sense`` 1) or greatest (-1) value of cell ``target`` given the shown cells."""
    from scipy.optimize import linprog

    shown = np.flatnonzero(~hidden)
    a_eq = sp.vstack([tables.cells[shown], tables.equal]).tocsr()
    b_eq = np.concatenate([tables.values[shown].astype(float), np.zeros(tables.equal.shape[0])])
    hid = np.flatnonzero(hidden & (tables.floors > 0))
    a_ub = -tables.cells[hid] if hid.size else None
    b_ub = -tables.floors[hid].astype(float) if hid.size else None
    # Only the unknowns linked to the target through the constraints matter: solve on that component.
    keep = _component(a_eq if a_ub is None else sp.vstack([a_eq, a_ub]).tocsr(), tables.cells[target])
    rows_eq = np.flatnonzero(a_eq[:, keep].getnnz(axis=1))
    objective = sense * tables.cells[target][:, keep].toarray().ravel()
    kwargs = {"A_eq": a_eq[rows_eq][:, keep], "b_eq": b_eq[rows_eq]} if rows_eq.size else {}
    if a_ub is not None:
        rows_ub = np.flatnonzero(a_ub[:, keep].getnnz(axis=1))
        if rows_ub.size:
            kwargs.update(A_ub=a_ub[rows_ub][:, keep], b_ub=b_ub[rows_ub])
    result = linprog(objective, bounds=(0, None), method="highs", **kwargs)
    if result.status == 3:
        return math.inf
    if result.status != 0:
        raise RuntimeError(f"the disclosure audit failed: {result.message}")
    return float(sense * result.fun)


def _component(constraints: sp.csr_matrix, target: sp.csr_matrix) -> np.ndarray:
    """The unknowns reachable from the target's through shared constraints (a breadth-first search)."""
    by_row = constraints.tocsr()
    by_column = constraints.tocsc()
    seen = np.zeros(constraints.shape[1], dtype=bool)
    frontier = np.unique(target.indices)
    seen[frontier] = True
    done_rows = np.zeros(constraints.shape[0], dtype=bool)
    while frontier.size:
        rows = np.unique(
            np.concatenate([by_column.indices[by_column.indptr[j] : by_column.indptr[j + 1]] for j in frontier])
        )
        rows = rows[~done_rows[rows]]
        done_rows[rows] = True
        if not rows.size:
            break
        columns = np.unique(np.concatenate([by_row.indices[by_row.indptr[i] : by_row.indptr[i + 1]] for i in rows]))
        frontier = columns[~seen[columns]]
        seen[frontier] = True
    return np.flatnonzero(seen)


def feasible_range(tables: LinkedTables, hidden, target: int) -> tuple[float, float]:
    """The least and greatest value cell ``target`` can take given the cells not ``hidden``.

    Parameters
    ----------
    tables : LinkedTables
        The published counts and what is known besides.
    hidden : sequence of bool
        One per published count: True where it is withheld.
    target : int
        The published count to bound (its row in ``tables.cells``).

    Returns
    -------
    tuple of float
        ``(low, high)``, ``high`` being ``inf`` when nothing bounds it.

    Examples
    --------
    >>> cells = sp.csr_matrix(np.array([[1, 0], [0, 1], [1, 1]]))  # two counts and their total
    >>> tables = LinkedTables(cells=cells, values=np.array([3, 9, 12]), equal=sp.csr_matrix((0, 2)),
    ...                       floors=np.zeros(3))
    >>> feasible_range(tables, np.array([True, False, False]), 0)  # 12 - 9
    (3.0, 3.0)
    """
    hidden = np.asarray(hidden, dtype=bool)
    return _bounds(tables, hidden, target, 1), _bounds(tables, hidden, target, -1)


def _protected(tables: LinkedTables, hidden: np.ndarray, target: int, min_cell: int) -> bool:
    value = int(tables.values[target])
    high = _bounds(tables, hidden, target, -1)
    if high == math.inf or math.floor(high + 1e-7) - value + 1 >= min_cell:
        return True  # the least value is at most the true one
    low = _bounds(tables, hidden, target, 1)
    return math.floor(high + 1e-7) - math.ceil(low - 1e-7) + 1 >= min_cell


def _with_group(tables: LinkedTables, hidden: np.ndarray, cell: int) -> np.ndarray:
    out = hidden.copy()
    out[cell] = True
    out[tables.groups.get(cell, [])] = True
    return out


def _candidates(tables: LinkedTables, hidden: np.ndarray, target: int) -> list[int]:
    """Shown cells in a constraint with the target, then the rest of its component; smallest first.

    A cell is near when it shares an unknown with the target or with a shown cell or identity that
    does (the other cells of the target's row, say, as well as the row's total).
    """
    support = tables.cells[target].indices
    constraints = sp.vstack([tables.cells[~hidden], tables.equal]).tocsr()
    touching = constraints[np.flatnonzero(constraints[:, support].getnnz(axis=1) > 0)]
    around = np.union1d(support, touching.indices)
    near = np.flatnonzero((tables.cells[:, around].getnnz(axis=1) > 0) & ~hidden)
    reach = _component(constraints, tables.cells[target])
    far = np.setdiff1d(np.flatnonzero((tables.cells[:, reach].getnnz(axis=1) > 0) & ~hidden), near)

    def order(cells):
        return sorted(cells.tolist(), key=lambda c: (int(tables.values[c]), c))

    return order(near) + order(far)


def protect(tables: LinkedTables, hidden, *, min_cell: int, tries: int = 12) -> np.ndarray:
    """Hide further cells until every hidden cell can take at least ``min_cell`` whole values.

    Each hidden cell is audited (:func:`feasible_range`); one that is too narrow gets a shown cell
    hidden beside it: of the smallest shown cells sharing an unknown with it (then of the rest of its
    component), the first of ``tries`` that frees it, else the smallest, and it is audited again.
    Hiding a cell only removes a constraint, so a cell once protected stays protected and the
    loop ends (at worst with every cell of the component hidden).

    Parameters
    ----------
    tables : LinkedTables
        The published counts.
    hidden : sequence of bool
        The cells withheld so far (primary suppression and any rules applied before).
    min_cell : int
        Values a hidden cell must be able to take.
    tries : int
        Candidates tried, at most, for each exposed cell.

    Returns
    -------
    numpy.ndarray
        The cells to withhold: ``hidden`` and those added.
    """
    hidden = np.asarray(hidden, dtype=bool).copy()
    for cell in np.flatnonzero(hidden):
        hidden = _with_group(tables, hidden, cell)
    pending = deque(np.flatnonzero(hidden).tolist())
    while pending:
        target = pending.popleft()
        if _protected(tables, hidden, target, min_cell):
            continue
        candidates = _candidates(tables, hidden, target)
        if not candidates:
            continue  # nothing shown constrains it any more: a reader's knowledge is structural
        choice = candidates[0]
        for candidate in candidates[:tries]:
            if _protected(tables, _with_group(tables, hidden, candidate), target, min_cell):
                choice = candidate
                break
        before = hidden
        hidden = _with_group(tables, hidden, choice)
        pending.extend(np.flatnonzero(hidden & ~before).tolist())
        pending.append(target)
    return hidden
