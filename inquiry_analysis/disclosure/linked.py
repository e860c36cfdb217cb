"""An audit of linked tables: what a reader can infer about each ``[c]`` cell from everything published.

Tables published from one data set share their cells: a month's total is the sum of its sources, a
year's arrests the sum of its months' arrests, and so on. Each published count is written here as a
sum of unknown non-negative counts of the finest partition the tables are made from (a
:class:`LinkedTables`); the shown cells fix their sums, and each hidden cell is minimised and
maximised over every partition consistent with them by linear programming (SciPy's HiGHS, sparse).
The rule, ``floor(high) - ceil(low) + 1 >= min_cell``, is demanded of the linear relaxation's range:
the attacker's best linear knowledge. That range contains every whole-number solution, so a reader
who also uses integrality can sometimes narrow a cell further than the audit sees; this audit is
exact for linear inference, not for whole-number inference (a mixed-integer check would be).
:func:`protect` hides more cells (shown cells the exposed one's bound rests on) until every hidden
cell satisfies the rule.

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


@dataclass(frozen=True, kw_only=True, eq=False)
class _Shown:
    """The constraints for one set of hidden cells, prepared once for every cell audited under it."""

    shown: np.ndarray  #: the shown cells, in the order of the first rows of ``a_eq``
    a_eq: sp.csr_matrix  #: shown cells, then identities
    b_eq: np.ndarray  #: their values
    a_ub: sp.csr_matrix  #: minus each hidden cell with a floor
    b_ub: np.ndarray  #: minus the floors
    label: np.ndarray  #: each unknown's connected component through the constraints


def _prepare(tables: LinkedTables, hidden: np.ndarray) -> _Shown:
    from scipy.sparse.csgraph import connected_components

    shown = np.flatnonzero(~hidden)
    a_eq = sp.vstack([tables.cells[shown], tables.equal]).tocsr()
    b_eq = np.concatenate([tables.values[shown].astype(float), np.zeros(tables.equal.shape[0])])
    floored = np.flatnonzero(hidden & (tables.floors > 0))
    a_ub = (-tables.cells[floored]).tocsr()
    links = sp.vstack([a_eq, a_ub]).tocsr()
    n, k = links.shape[1], links.shape[0]
    graph = sp.bmat([[None, links.T], [links, None]], format="csr", dtype=float) if k else sp.csr_matrix((n, n))
    _, label = connected_components(graph, directed=False)
    return _Shown(shown=shown, a_eq=a_eq, b_eq=b_eq, a_ub=a_ub, b_ub=-tables.floors[floored], label=label[:n])


def _bounds(tables: LinkedTables, state: _Shown, target: int, sense: int) -> tuple[float, np.ndarray]:
    """The least (``sense`` 1) or greatest (-1) value of cell ``target``, and the shown cells it rests on.

    Only the unknowns linked to the target through the constraints matter, so the LP is solved on
    their component. The second result lists the shown cells with a non-zero dual value: hiding
    none of them leaves this bound where it is.
    """
    from scipy.optimize import linprog

    keep = np.flatnonzero(np.isin(state.label, state.label[tables.cells[target].indices]))
    rows_eq = np.flatnonzero(state.a_eq[:, keep].getnnz(axis=1))
    rows_ub = np.flatnonzero(state.a_ub[:, keep].getnnz(axis=1))
    if not rows_eq.size and sense == -1:
        return math.inf, np.array([], dtype=int)  # nothing shown bounds it from above
    kwargs = {"A_eq": state.a_eq[rows_eq][:, keep], "b_eq": state.b_eq[rows_eq]} if rows_eq.size else {}
    if rows_ub.size:
        kwargs.update(A_ub=state.a_ub[rows_ub][:, keep], b_ub=state.b_ub[rows_ub])
    objective = sense * tables.cells[target][:, keep].toarray().ravel()
    result = linprog(objective, bounds=(0, None), method="highs", **kwargs)
    if result.status == 3:
        return math.inf, np.array([], dtype=int)
    if result.status != 0:
        raise RuntimeError(f"the disclosure audit failed: {result.message}")
    duals = np.asarray(result.eqlin.marginals) if rows_eq.size else np.zeros(0)
    resting = rows_eq[(np.abs(duals) > 1e-9) & (rows_eq < state.shown.size)]
    return float(sense * result.fun), state.shown[resting]


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
    state = _prepare(tables, np.asarray(hidden, dtype=bool))
    return _bounds(tables, state, target, 1)[0], _bounds(tables, state, target, -1)[0]


def _values(tables: LinkedTables, state: _Shown, target: int, min_cell: int) -> tuple[float, np.ndarray]:
    """How many whole values the target can take (``min_cell`` or more is enough), and the cells pinning it."""
    high, resting = _bounds(tables, state, target, -1)
    if high == math.inf:
        return math.inf, resting
    low = int(tables.values[target])  # the least value is at most the true one: often no need to look
    if math.floor(high + 1e-7) - low + 1 < min_cell:
        low, below = _bounds(tables, state, target, 1)
        resting = np.union1d(resting, below)
    return math.floor(high + 1e-7) - math.ceil(low - 1e-7) + 1, resting


def _with_group(tables: LinkedTables, hidden: np.ndarray, cell: int) -> np.ndarray:
    out = hidden.copy()
    out[cell] = True
    out[tables.groups.get(cell, [])] = True
    return out


def protect(tables: LinkedTables, hidden, *, min_cell: int, tries: int = 12) -> np.ndarray:
    """Hide further cells until every hidden cell's relaxed range holds at least ``min_cell`` whole values.

    Each hidden cell is audited (:func:`feasible_range`); one that is too narrow gets a shown cell
    hidden: of the shown cells its bound rests on (those with a non-zero dual value in the LP), the
    smallest ``tries``, the first that frees it, else the one that widens it most, and it is audited again.
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
    state = _prepare(tables, hidden)
    while pending:
        target = pending.popleft()
        taken, resting = _values(tables, state, target, min_cell)
        if taken >= min_cell:
            continue
        if not resting.size:
            continue  # nothing shown pins it: what a reader knows of it is structural
        # The shown cells the bound rests on (non-zero duals), smallest first: the first that frees the
        # target, else the one that widens it most (ties to the smallest), is hidden.
        candidates = sorted(resting.tolist(), key=lambda c: (int(tables.values[c]), c))[:tries]
        best = None
        for candidate in candidates:
            trial = _with_group(tables, hidden, candidate)
            wider = _values(tables, _prepare(tables, trial), target, min_cell)[0]
            if best is None or wider > best[0]:
                best = (wider, candidate, trial)
            if wider >= min_cell:
                break
        pending.extend(np.flatnonzero(best[2] & ~hidden).tolist())
        hidden = best[2]
        state = _prepare(tables, hidden)
        pending.append(target)
    return hidden
