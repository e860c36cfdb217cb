"""Small-cell suppression: hand-worked tables, and brute-force checks that share no code with the module.

The module audits suppression by linear programming; the property tests here enumerate whole-number
tables (or count vectors) instead, and judge cut rules by linear algebra over every subset of cuts.
"""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from inquiry_analysis import disclosure
from inquiry_analysis.disclosure.suppression import (
    MARKER,
    check_min_cell,
    feasible_ranges,
    hide,
    publishable_cuts,
    suppress,
)

C = MARKER
LEVELS = ["Low", "Medium", "High", "Very High"]


def table(no, yes, index=LEVELS):
    return pd.DataFrame({"no": no, "yes": yes}, index=index[: len(no)])


def expected(rows, index=LEVELS, columns=("no", "yes", "Total")):
    return pd.DataFrame(rows, index=[*index[: len(rows) - 1], "Total"], columns=list(columns), dtype=object)


# ---------------------------------------------------------------------------------------------------
# Hand-worked tables. Each expected `shown` was worked out on paper from the rules in `suppress`.


def test_one_small_cell_is_protected_by_a_rectangle():
    # Very High/no = 3 < 5. Its row then holds one hidden cell: hide Very High/yes (9). Column "no" holds
    # one: hide its smallest interior cell, High/no (12 < 25 < 40). Row High then holds one: High/yes (14)
    # also completes column "yes". The rectangle's cells can move together: Very High/no is anything in 0..12.
    result = suppress(table([40, 25, 12, 3], [10, 15, 14, 9]), min_cell=5)
    pd.testing.assert_frame_equal(
        result.shown, expected([[40, 10, 50], [25, 15, 40], [C, C, 26], [C, C, 12], [80, 48, 128]])
    )
    assert result.primary.sum().sum() == 1 and result.primary.loc["Very High", "no"]
    assert sorted(result.secondary.stack().loc[lambda s: s].index) == [
        ("High", "no"),
        ("High", "yes"),
        ("Very High", "yes"),
    ]
    ranges = feasible_ranges(result)
    assert ranges["lower"].tolist() == [3, 11, 0, 0]  # High/no = 15 - VH/no, High/yes = 11 + VH/no, ...
    assert ranges["upper"].tolist() == [15, 23, 12, 12]
    assert type(result.shown.loc["Low", "no"]) is int
    assert result.shown.to_csv(lineterminator="\n") == (
        ",no,yes,Total\nLow,40,10,50\nMedium,25,15,40\nHigh,[c],[c],26\nVery High,[c],[c],12\nTotal,80,48,128\n"
    )


def test_zeros_are_suppressed_and_a_zero_sum_rectangle_is_widened():
    # Low/no and Medium/no are 0 (primary); rows Low and Medium then each need a second hidden cell
    # (Low/yes, then Medium/yes, which also completes column "yes"). Now every line has two hidden cells,
    # but column "no" says Low/no + Medium/no = 22 - 10 - 12 = 0, so both are pinned at 0. No single
    # cell frees them (High/no is then pinned by row High), so the first candidate by the rules is hidden,
    # High/no (10, before Very High/no 12), and row High is completed with High/yes.
    result = suppress(table([0, 0, 10, 12], [8, 9, 20, 30]), min_cell=5)
    pd.testing.assert_frame_equal(
        result.shown, expected([[C, C, 8], [C, C, 9], [C, C, 30], [12, 30, 42], [22, 67, 89]])
    )
    assert result.primary.to_numpy().sum() == 2
    ranges = feasible_ranges(result)
    assert (ranges["lower"] < ranges["upper"]).all()
    assert ranges.loc[0].tolist() == ["Low", "no", 0.0, 8.0]


def test_a_small_row_total_hides_the_row_and_a_partner_row():
    # Row A (1, 2, total 3) is all primary. Column "no" then hides C/no (15 < 20), row C hides C/yes, and
    # the Total column, holding A's total alone, hides C's total (40: its row already has hidden cells).
    result = suppress(table([1, 20, 15], [2, 30, 25], index=["A", "B", "C"]), min_cell=5)
    pd.testing.assert_frame_equal(
        result.shown, expected([[C, C, C], [20, 30, 50], [C, C, C], [36, 57, 93]], index=["A", "B", "C"])
    )


def test_ties_are_broken_by_position():
    # A/no = 2: row A hides A/yes; column "no" needs a second hidden cell and B/no and C/no are both 10
    # (rows with nothing hidden yet): B comes first; row B is completed by B/yes.
    result = suppress(table([2, 10, 10], [10, 10, 10], index=["A", "B", "C"]), min_cell=5)
    pd.testing.assert_frame_equal(
        result.shown, expected([[C, C, 12], [C, C, 20], [10, 10, 20], [22, 30, 52]], index=["A", "B", "C"])
    )


def test_nothing_small_means_nothing_hidden_and_no_margins_means_no_secondary():
    counts = table([40, 25, 12, 30], [10, 15, 14, 9])
    result = suppress(counts)
    assert not result.suppressed.to_numpy().any()
    assert result.shown.loc["Total"].tolist() == [107, 48, 155]
    bare = suppress(table([40, 0, 12, 3], [10, 15, 14, 9]), margins=False)
    assert bare.shown.to_numpy().tolist() == [[40, 10], [C, 15], [12, 14], [C, 9]]
    assert not bare.secondary.to_numpy().any()
    assert bare.shown.index.tolist() == LEVELS


def test_shown_or_nan_and_str():
    result = suppress(table([40, 25, 12, 3], [10, 15, 14, 9]))
    plot = result.shown_or_nan()
    assert plot.dtypes.tolist() == [np.float64] * 3
    assert np.isnan(plot.loc["High", "no"]) and plot.loc["Low", "yes"] == 10.0
    assert str(result).splitlines()[3].split() == ["High", "[c]", "[c]", "26"]


def test_a_crosstab_of_a_case_file_goes_straight_in():
    cases = pd.DataFrame(
        {
            "risk_level": pd.Categorical(
                ["Low"] * 30 + ["High"] * 8 + ["Very High"] * 3, categories=LEVELS, ordered=True
            ),
            "outcome": [False] * 24 + [True] * 6 + [False] * 2 + [True] * 6 + [True] * 3,
        }
    )
    counts = pd.crosstab(cases["risk_level"], cases["outcome"], dropna=False)
    result = suppress(counts)
    assert result.shown.index.tolist() == [*LEVELS, "Total"]
    assert result.shown.columns.tolist() == [False, True, "Total"]
    assert result.shown.loc["Medium"].tolist() == [C, C, C]  # nobody rated Medium: zeros
    assert result.shown.loc["Total"].tolist() == [26, 15, 41]


# ---------------------------------------------------------------------------------------------------
# Property: every suppressed cell can take two or more values among all tables consistent with what is
# shown, found by enumerating whole-number tables (no linear programming).


def consistent_values(full, hidden, *, extra=()):
    """For each hidden cell of a table with margins, every value it takes over all the non-negative
    whole-number tables that match the shown cells and add up to their totals, the grand total being
    at most its true value (plus 1 when it is hidden). ``extra`` are (column, cut, value) conditions:
    the column's first ``cut`` rows sum to ``value``.

    Exhaustive: the tables are enumerated cell by cell in row-major order, and tables that agree on the
    running column sums and the running row sum are carried as one state (a dynamic programme), so a
    table of thousands of consistent completions costs thousands of states, not their product. A backward
    pass keeps the steps that lead to a complete table; the values on those steps are the answer.
    Bounding the grand total can only make a cell look pinned, never the reverse, so the check is sound.
    """
    rows, columns = full.shape[0] - 1, full.shape[1] - 1
    cap = int(full[-1, -1]) + int(hidden[-1, -1])
    weights = (cap + 2) ** np.arange(columns + 1)  # state: column sums so far, then this row's sum so far
    states, steps = np.zeros((1, columns + 1), dtype=np.int64), []
    for i, j in itertools.product(range(rows), range(columns)):
        if hidden[i, j]:
            room = cap - states[:, :columns].sum(1)
            if not hidden[i, -1]:
                room = np.minimum(room, full[i, -1] - states[:, -1])
            if not hidden[-1, j]:
                room = np.minimum(room, full[-1, j] - states[:, j])
            counts = np.maximum(room + 1, 0)
            source = np.repeat(np.arange(len(states)), counts)
            value = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        else:
            source, value = np.arange(len(states)), np.full(len(states), full[i, j])
        after = states[source]
        after[:, j] += value
        after[:, -1] += value
        row_total = None
        if j == columns - 1:  # end of the row: its total, and any cut below the next row
            ok = np.ones(len(after), dtype=bool) if hidden[i, -1] else after[:, -1] == full[i, -1]
            for column, cut, total in extra:
                if cut == i + 1:
                    ok &= after[:, column] == total
            source, value, after = source[ok], value[ok], after[ok]
            row_total = after[:, -1].copy()
            after[:, -1] = 0
        _, first, target = np.unique(after @ weights, return_index=True, return_inverse=True)
        steps.append(((i, j), len(states), source, value, row_total, target.ravel()))
        states = after[first]
    alive = np.ones(len(states), dtype=bool)
    for j in range(columns):
        if not hidden[-1, j]:
            alive &= states[:, j] == full[-1, j]
    if not hidden[-1, -1]:
        alive &= states[:, :columns].sum(1) == full[-1, -1]
    seen = {(int(i), int(j)): set() for i, j in zip(*np.nonzero(hidden))}
    for j in range(columns):
        if hidden[-1, j]:
            seen[rows, j] = set(states[alive, j].tolist())
    if hidden[-1, -1]:
        seen[rows, columns] = set(states[alive, :columns].sum(1).tolist())
    for (i, j), before, source, value, row_total, target in reversed(steps):
        live = alive[target]
        if hidden[i, j]:
            seen[i, j] = set(value[live].tolist())
        if row_total is not None and hidden[i, -1]:
            seen[i, columns] = set(row_total[live].tolist())
        alive = np.zeros(before, dtype=bool)
        alive[source[live]] = True
    assert alive[0], "the true table itself is consistent"
    return seen


@settings(max_examples=25)
@given(st.lists(st.lists(st.integers(0, 4), min_size=2, max_size=2), min_size=2, max_size=2), st.integers(3, 5))
def test_the_enumeration_agrees_with_a_naive_one(cells, min_cell):
    # the helper above against every assignment of 0..cap to the hidden interior cells, checked one by one
    result = suppress(pd.DataFrame(cells), min_cell=min_cell)
    full, hidden = result.counts.to_numpy(), result.suppressed.to_numpy()
    cap = full[-1, -1] + hidden[-1, -1]
    free = [(i, j) for i in range(2) for j in range(2) if hidden[i, j]]
    assignments = np.array(list(itertools.product(range(cap + 1), repeat=len(free))), dtype=int)
    tables_ = np.repeat(full[None], len(assignments), axis=0)
    for n, (i, j) in enumerate(free):
        tables_[:, i, j] = assignments[:, n]
    tables_[:, :2, 2] = tables_[:, :2, :2].sum(2)
    tables_[:, 2, :2] = tables_[:, :2, :2].sum(1)
    tables_[:, 2, 2] = tables_[:, :2, :2].sum((1, 2))
    ok = (tables_[:, 2, 2] <= cap) & (tables_[:, ~hidden] == full[~hidden]).all(1)
    naive = {(int(i), int(j)): set(tables_[ok, i, j].tolist()) for i, j in zip(*np.nonzero(hidden))}
    assert consistent_values(full, hidden) == naive


def grids(rows, columns, largest):
    return st.integers(*rows).flatmap(
        lambda r: st.integers(*columns).flatmap(
            lambda c: st.lists(st.lists(st.integers(0, largest), min_size=c, max_size=c), min_size=r, max_size=r)
        )
    )


@settings(max_examples=60)
@given(grids((2, 4), (2, 3), 12), st.integers(3, 5))
def test_no_suppressed_cell_is_determined_by_brute_force(cells, min_cell):
    counts = pd.DataFrame(cells)
    result = suppress(counts, min_cell=min_cell)
    full = result.counts.to_numpy()
    hidden = result.suppressed.to_numpy()
    inner = np.array(cells)
    assert (full[:-1, :-1] == inner).all() and (full[:-1, -1] == inner.sum(1)).all()
    assert (full[-1, :-1] == inner.sum(0)).all() and full[-1, -1] == inner.sum()
    assert (result.primary.to_numpy() == (full < min_cell)).all()  # every small cell, zeros and totals too
    assert not (result.primary & result.secondary).to_numpy().any()
    shown = result.shown.to_numpy()
    assert all(shown[i, j] == C for i, j in zip(*np.nonzero(full < min_cell)))
    assert all(shown[i, j] == (C if hidden[i, j] else full[i, j]) for i, j in np.ndindex(full.shape))
    for cell, values in consistent_values(full, hidden).items():
        assert full[cell] in values
        assert len(values) >= 2, f"cell {cell} is pinned at {values}"


@settings(max_examples=40)
@given(grids((2, 3), (2, 3), 6), st.integers(3, 5), st.data())
def test_feasible_ranges_match_enumeration_exactly(cells, min_cell, data):
    result = suppress(pd.DataFrame(cells), min_cell=min_cell)
    full, hidden = result.counts.to_numpy(), result.suppressed.to_numpy()
    assume(not hidden[-1, -1])  # a shown grand total bounds every table: the enumeration is then complete
    rows = len(cells)
    cuts = {j: data.draw(st.lists(st.booleans(), min_size=rows - 1, max_size=rows - 1)) for j in range(len(cells[0]))}
    extra = [
        (j, cut, int(full[:cut, j].sum())) for j, flags in cuts.items() for cut in range(1, rows) if flags[cut - 1]
    ]
    ranges = feasible_ranges(result, cuts=cuts)
    values = consistent_values(full, hidden, extra=extra)
    assert len(ranges) == len(values) == hidden.sum()
    for row in ranges.itertuples():
        cell = (list(result.counts.index).index(row.row), list(result.counts.columns).index(row.column))
        assert full[cell] in values[cell]
        assert (row.lower, row.upper) == (min(values[cell]), max(values[cell]))


# ---------------------------------------------------------------------------------------------------
# Cuts. Judged by linear algebra: a hidden cell is recoverable exactly when its unit vector lies in the
# span of what is published (prefix sums at the published cuts, shown cells, the total if shown).


def recoverable(vector, known):
    if not known:
        return not np.any(vector)
    matrix = np.array(known, dtype=float)
    return np.linalg.matrix_rank(np.vstack([matrix, vector])) == np.linalg.matrix_rank(matrix)


def safe(pattern, cuts, total_shown):
    k = len(pattern)
    known = [np.arange(k) < j for j in cuts] + [np.eye(k)[j] for j in range(k) if not pattern[j]]
    if total_shown:
        known.append(np.ones(k))
    hidden = [np.eye(k)[j] for j in range(k) if pattern[j]]
    return not any(recoverable(v, known) for v in hidden + ([] if total_shown else [np.ones(k)]))


def subsets(k):
    return [s for n in range(k) for s in itertools.combinations(range(1, k), n)]


@pytest.mark.parametrize("k", range(1, 7))
def test_publishable_cuts_are_safe_and_as_many_as_any_rule_allows(k):
    for pattern in itertools.product([False, True], repeat=k):
        for total_shown in (True, False):
            safe_sizes = [len(s) for s in subsets(k) if safe(pattern, s, total_shown)]
            if not safe(pattern, (), total_shown):
                with pytest.raises(ValueError, match="recoverable|the total is the sum"):
                    publishable_cuts(pattern, total_shown=total_shown)
                continue
            got = publishable_cuts(list(pattern), total_shown=total_shown)
            assert len(got) == k - 1
            chosen = [j for j in range(1, k) if got[j - 1]]
            assert safe(pattern, chosen, total_shown), (pattern, total_shown, chosen)
            assert len(chosen) == max(safe_sizes), (pattern, total_shown, chosen)


def test_publishable_cuts_by_hand():
    # Blocks of sums: {S0, S1, S2} | {S3} | {S4}, split by the hidden High and Very High cells.
    assert publishable_cuts([False, False, True, True]) == [True, True, False]
    # Hidden Low, Medium: {S0} | {S1} | {S2, S3, S4}: S1 sits between two known blocks.
    assert publishable_cuts([True, True, False, False]) == [False, True, True]
    # Nothing hidden: all cuts.
    assert publishable_cuts([False] * 4) == [True] * 3
    # Total hidden, three hidden cells: {S0} | {S1} | {S2} | {S3, S4}; S2 (not S1, which touches S0)
    # is best; the top block would reveal the total.
    assert publishable_cuts([True, True, True, False], total_shown=False) == [False, True, False]
    # Ties go up the scale: {S0} | {S1} | {S2} | {S3} | {S4} with the total shown allows only S2.
    # With the total hidden, S2 or S3 (one cut either way): S3 is taken.
    assert publishable_cuts([True] * 4, total_shown=False) == [False, False, True]
    # Reversed for "or above" counts with a hidden total.
    # Low shown, the rest hidden: "High or above" is the sum of two hidden cells, safe; "Medium or above"
    # and "Very High" would each give a hidden cell next to a known sum (the 0 above the top).
    assert publishable_cuts([False, True, True, True][::-1], total_shown=False)[::-1] == [False, True, False]


@settings(max_examples=80)
@given(
    st.integers(1, 5).flatmap(
        lambda k: st.tuples(
            st.lists(st.integers(0, 3), min_size=k, max_size=k), st.lists(st.booleans(), min_size=k, max_size=k)
        )
    ),
    st.booleans(),
)
def test_publishable_cuts_with_counts_never_pin_a_cell(column, total_shown):
    # Every vector of counts 0..4 consistent with what is published. With true counts at most 3 this is
    # exact: a cell that can move can move by 1 (another hidden cell of its gap gives or takes 1).
    values, pattern = column
    k = len(values)
    grid = np.array(list(itertools.product(range(5), repeat=k)))
    prefix = np.cumsum(grid, axis=1)
    hidden = [j for j in range(k) if pattern[j]]

    def pinned(cuts):
        ok = np.all(
            grid[:, [j for j in range(k) if not pattern[j]]] == [values[j] for j in range(k) if not pattern[j]], axis=1
        )
        for j in cuts:
            ok &= prefix[:, j - 1] == sum(values[:j])
        if total_shown:
            ok &= prefix[:, -1] == sum(values)
        if any(len(set(grid[ok, j])) < 2 for j in hidden):
            return True
        return not total_shown and len(set(prefix[ok, -1])) < 2

    if pinned(()):
        with pytest.raises(ValueError, match="recoverable|the total is the sum"):
            publishable_cuts(pattern, total_shown=total_shown, counts=values)
        return
    got = publishable_cuts(pattern, total_shown=total_shown, counts=values)
    chosen = [j for j in range(1, k) if got[j - 1]]
    assert not pinned(chosen)
    assert len(chosen) == max(len(s) for s in subsets(k) if not pinned(s))


def test_a_table_publishes_cuts_that_survive_the_joint_audit():
    result = suppress(table([40, 25, 12, 3], [10, 15, 14, 9]))
    assert result.publishable_cuts() == [True, True, False]
    ranges = feasible_ranges(result, cuts={"no": [True, True, True], "yes": [True, True, True]})
    assert ranges.set_index(["row", "column"]).loc[("Very High", "no")].tolist() == [3.0, 3.0]  # pinned
    assert suppress(table([1, 20, 15], [2, 30, 25]), margins=False).publishable_cuts() == [False, False]


def test_row_totals_are_a_column_for_cuts_too():
    # Primary: 1/a, 2/b, 3/a, 3/b, 3/Total, 4/a. Rows 1, 2 and 4 each hide their other cell (every
    # candidate's column already holds hidden cells); the Total column then holds row 3's total alone and
    # hides row 2's (9: rows 1, 2, 4 have hidden cells, and 9 < 10 < 13).
    result = suppress(pd.DataFrame({"a": [7, 0, 9, 3, 3, 13], "b": [5, 10, 0, 0, 10, 10]}), min_cell=5)
    pd.testing.assert_frame_equal(
        result.shown,
        expected(
            [[7, 5, 12], [C, C, 10], [C, C, C], [C, C, C], [C, C, 13], [13, 10, 23], [35, 35, 70]],
            index=list(range(6)),
            columns=("a", "b", "Total"),
        ),
    )
    # Column a hides rows 1-4 (0, 9, 3, 3): blocks {S0, S1} {S2} {S3} {S4} {S5, S6}; the ends are known,
    # and {S3} is the best block between (gaps 0 + 9 and 3 + 3 are not zero). Column b (10, 0, 0, 10) alike.
    assert publishable_cuts([False, True, True, True, True, False], counts=[7, 0, 9, 3, 3, 13]) == [
        True,
        False,
        True,
        False,
        True,
    ]
    assert publishable_cuts([False, True, True, True, True, False], counts=[5, 10, 0, 0, 10, 10]) == [
        True,
        False,
        True,
        False,
        True,
    ]
    # With S3 published in both, rows 3-4 total 3 + 13 in all, so row 3's hidden total (and row 2's) is out.
    per_column = [True, False, True, False, True]
    ranges = feasible_ranges(result, cuts={"a": per_column, "b": per_column})
    assert ranges.set_index(["row", "column"]).loc[(2, "Total")].tolist() == [9.0, 9.0]
    # The Total column (rows 2 and 3 hidden) forbids S3, so the table publishes S1 and S5 only.
    assert result.publishable_cuts() == [True, False, False, False, True]


def test_hide_replaces_derived_figures():
    rates = pd.DataFrame({"level": LEVELS, "rate": [0.2, 0.375, 0.54, 0.75], "lower": [0.1, 0.2, 0.3, 0.4]})
    where = pd.Series([False, False, True, True], index=rates.index)
    out = hide(rates, ["rate", "lower"], where)
    assert out["rate"].tolist() == [0.2, 0.375, C, C]
    assert out["lower"].tolist() == [0.1, 0.2, C, C]
    assert rates["rate"].dtype == np.float64  # the input is untouched
    assert hide(rates, "level", [True, False, False, False])["level"].tolist() == [C, "Medium", "High", "Very High"]


# ---------------------------------------------------------------------------------------------------
# Errors.


def test_errors_are_worded():
    with pytest.raises(ValueError, match=r"^`min_cell` must be a whole number, at least 1, but 0 was passed$"):
        check_min_cell(0)
    with pytest.raises(ValueError, match=r"`min_cell` must be a whole number, at least 1, but 2\.5 was passed"):
        suppress(table([1], [2]), min_cell=2.5)
    with pytest.raises(ValueError, match=r"`min_cell` must be .*, but True was passed"):
        check_min_cell(True)
    with pytest.raises(
        ValueError,
        match=r"^`counts` must hold whole numbers, not negative, but -1 was passed "
        r"\(row 'High', column 'yes'\)$",
    ):
        suppress(table([1, 2, 3], [4, 5, -1]))
    with pytest.raises(
        ValueError,
        match=r"`counts` must hold whole numbers, not negative, but 2\.5 was passed "
        r"\(row 'Low', column 'no'\)",
    ):
        suppress(table([2.5, 2], [4, 5]))
    with pytest.raises(ValueError, match=r"but nan was passed \(row 'Medium', column 'no'\)"):
        suppress(table([2, np.nan], [4, 5]))
    with pytest.raises(ValueError, match=r"but '3' was passed"):
        suppress(table(["3", "2"], [4, 5]))
    with pytest.raises(ValueError, match=r"`counts` must not have a 'Total' row or column when `margins=True`"):
        suppress(table([1, 2], [3, 4], index=["Low", "Total"]))
    with pytest.raises(
        ValueError,
        match=r"`counts` must have at least one row and one column, but its shape is "
        r"\(0, 2\)",
    ):
        suppress(table([], []))
    with pytest.raises(TypeError, match=r"`counts` must be a pandas DataFrame of counts, but a list was passed"):
        suppress([[1, 2], [3, 4]])
    with pytest.raises(
        ValueError,
        match=r"`suppressed` leaves a hidden cell recoverable .* "
        r"apply secondary suppression",
    ):
        publishable_cuts([False, True, False])
    with pytest.raises(ValueError, match=r"`suppressed` hides no cell, so the total is the sum of the shown cells"):
        publishable_cuts([False, False], total_shown=False)
    with pytest.raises(ValueError, match=r"`counts` must be 2 whole numbers, not negative, but \[1\] was passed"):
        publishable_cuts([True, True], counts=[1])
    with pytest.raises(ValueError, match=r"`columns` must name columns of `frame`, but 'rates' was passed"):
        hide(pd.DataFrame({"rate": [0.5]}), "rates", [True])
    with pytest.raises(ValueError, match=r"`where` must give True or False for each of the 1 rows of `frame`, but 2"):
        hide(pd.DataFrame({"rate": [0.5]}), "rate", [True, False])
    result = suppress(table([40, 25, 12, 3], [10, 15, 14, 9]))
    with pytest.raises(ValueError, match=r"`cuts` must be keyed by columns of the table's counts, but 'Total'"):
        feasible_ranges(result, cuts={"Total": [True] * 3})
    with pytest.raises(ValueError, match=r"`cuts\['no'\]` must have 3 entries \(one per cut\), but 2 were passed"):
        feasible_ranges(result, cuts={"no": [True] * 2})


def test_public_names():
    assert set(disclosure.__all__) == {
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
        "PublishableLog",
        "publishable",
        "PublishableCases",
        "publishable_cases",
    }
    assert (disclosure.MARKER, disclosure.DEFAULT_MIN_CELL) == ("[c]", 5)
