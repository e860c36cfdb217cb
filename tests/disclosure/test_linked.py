"""The linked-table audit: hand-worked cases, and a property test judged by a dense LP written here.

The module solves sparse LPs on the component of each hidden cell; the check here solves the whole
problem densely with every constraint, so a component wrongly cut off would show as a narrower range.
"""

import math

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from inquiry_analysis.disclosure.linked import LinkedTables, feasible_range, protect


def dense_range(cells, values, hidden, target):
    """Least and greatest of cell ``target`` over every x >= 0 matching the shown cells (dense HiGHS)."""
    cells = np.asarray(cells, dtype=float)
    shown = ~np.asarray(hidden)
    out = []
    for sense in (1, -1):
        kwargs = {"A_eq": cells[shown], "b_eq": np.asarray(values, dtype=float)[shown]} if shown.any() else {}
        result = linprog(sense * cells[target], bounds=(0, None), method="highs", **kwargs)
        assert result.status in (0, 3)
        out.append(math.inf if result.status == 3 else sense * result.fun)
    return out


def values_taken(low, high):
    return math.inf if high == math.inf else math.floor(high + 1e-7) - math.ceil(low - 1e-7) + 1


def tables_of(cells, x):
    cells = np.asarray(cells)
    return LinkedTables(
        cells=sp.csr_matrix(cells),
        values=cells @ x,
        equal=sp.csr_matrix((0, cells.shape[1])),
        floors=np.zeros(len(cells)),
    )


def test_a_two_by_two_table_with_margins_is_protected():
    # x = [[3, 9], [10, 20]] with row and column totals: the 3 is primary, pinned by its row and column
    x = np.array([3, 9, 10, 20])
    cells = [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
        [1, 1, 0, 0],
        [0, 0, 1, 1],
        [1, 0, 1, 0],
        [0, 1, 0, 1],
    ]
    tables = tables_of(cells, x)
    assert feasible_range(tables, np.arange(8) == 0, 0) == pytest.approx((3, 3))  # 12 - 9
    hidden = protect(tables, tables.values < 5, min_cell=5)
    assert hidden[0] and not hidden.all()
    for target in np.flatnonzero(hidden):
        low, high = dense_range(cells, tables.values, hidden, target)
        assert values_taken(low, high) >= 5
        assert feasible_range(tables, hidden, target) == pytest.approx((low, high))


def test_a_range_of_fewer_than_min_cell_values_is_widened():
    # a + b = 10 shown, a = 2 hidden: b shown pins it
    tables = tables_of([[1, 0], [0, 1], [1, 1]], np.array([2, 8]))
    hidden = protect(tables, np.array([True, False, False]), min_cell=5)
    assert hidden.tolist() == [True, True, False]  # b, the smaller; a is then 0 to 10


def test_a_hidden_total_hides_its_group():
    tables = tables_of([[1, 1], [1, 0]], np.array([2, 1]))
    tables = LinkedTables(
        cells=tables.cells, values=tables.values, equal=tables.equal, floors=tables.floors, groups={0: [1]}
    )
    assert protect(tables, np.array([True, False]), min_cell=5).tolist() == [True, True]


@settings(deadline=None, max_examples=25)
@given(
    x=st.lists(st.integers(0, 12), min_size=3, max_size=7),
    masks=st.lists(st.integers(1, 127), min_size=3, max_size=9),
    min_cell=st.integers(2, 6),
)
def test_every_hidden_cell_takes_at_least_min_cell_values(x, masks, min_cell):
    x = np.array(x)
    cells = np.array([[(mask >> k) & 1 for k in range(len(x))] for mask in masks])
    cells = cells[cells.any(axis=1)]
    if not len(cells):
        return
    tables = tables_of(cells, x)
    hidden = protect(tables, tables.values < min_cell, min_cell=min_cell)
    assert hidden[tables.values < min_cell].all()
    for target in np.flatnonzero(hidden):
        low, high = dense_range(cells, tables.values, hidden, target)
        assert values_taken(low, high) >= min_cell, (cells.tolist(), x.tolist(), target, low, high)
