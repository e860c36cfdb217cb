"""metrics.net_benefit against hand values, root finding (scipy) and fine grids.

The KIRAT matrix (166, 4, 77, 127) is the one the published percentages imply; other matrices and
case files here are synthetic.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inquiry_analysis.metrics import confusion, net_benefit

KIRAT = confusion.ConfusionMatrix(tp=166, fn=4, fp=77, tn=127)


def test_net_benefit_by_hand():
    table = net_benefit.net_benefit(KIRAT, [0.1], prevalence=0.12)
    sens, spec = 166 / 170, 127 / 204
    assert table["net_benefit"][0] == pytest.approx(sens * 0.12 - (1 - spec) * 0.88 / 9)
    assert table["act_on_all"][0] == pytest.approx(0.12 - 0.88 / 9)
    assert table["act_on_none"][0] == 0
    assert table["lower"][0] < table["net_benefit"][0] < table["upper"][0]


# --- Net benefit: exact crossings ----------------------------------------------------------------------


def test_net_benefit_crossings_for_kirat_by_hand_and_by_root_finding():
    from scipy.optimize import brentq

    x = net_benefit.net_benefit_crossings(KIRAT, prevalence=0.12)
    s, c = 166 / 170, 127 / 204
    w_none, w_all = s * 0.12 / ((1 - c) * 0.88), 0.12 * (1 - s) / (0.88 * c)
    assert x.beats_none_below == pytest.approx(w_none / (1 + w_none), rel=1e-12)
    assert x.beats_all_from == pytest.approx(w_all / (1 + w_all), rel=1e-12)
    assert (round(x.beats_all_from, 3), round(x.beats_none_below, 3)) == (0.005, 0.261)  # the review's 0.5% and 26.1%
    assert x.beats_both == ((x.beats_all_from, x.beats_none_below),)

    def column(name, other):
        return lambda t: float(
            net_benefit.net_benefit(KIRAT, [t], prevalence=0.12)[name].iloc[0]
            - net_benefit.net_benefit(KIRAT, [t], prevalence=0.12)[other].iloc[0]
        )

    assert brentq(column("net_benefit", "act_on_none"), 0.1, 0.5, xtol=1e-15) == pytest.approx(
        x.beats_none_below, rel=1e-9
    )
    assert brentq(column("net_benefit", "act_on_all"), 1e-6, 0.1, xtol=1e-15) == pytest.approx(
        x.beats_all_from, rel=1e-9
    )


def test_net_benefit_crossings_against_a_fine_grid():
    grid = np.arange(1, 50_000) / 100_000  # 0.00001 to 0.49999
    table = net_benefit.net_benefit(KIRAT, grid, prevalence=0.12)
    x = net_benefit.net_benefit_crossings(KIRAT, prevalence=0.12)
    beats_none = table["net_benefit"] > table["act_on_none"]
    beats_all = table["net_benefit"] > table["act_on_all"]
    assert grid[beats_none].max() < x.beats_none_below < grid[~beats_none].min()
    assert grid[~beats_all].max() < x.beats_all_from < grid[beats_all].min()
    # The grid function's runs end within one step of the exact crossings inside the grid.
    ((low, high),) = net_benefit.net_benefit_ranges(table)
    assert x.beats_all_from <= low < x.beats_all_from + 1e-5 and x.beats_none_below - 1e-5 < high <= x.beats_none_below


def test_net_benefit_crossings_at_the_extremes():
    perfect = net_benefit.net_benefit_crossings(confusion.ConfusionMatrix(tp=10, fn=0, fp=0, tn=10))
    assert (perfect.beats_all_from, perfect.beats_none_below) == (0.0, 1.0)
    useless = net_benefit.net_benefit_crossings(confusion.ConfusionMatrix(tp=0, fn=10, fp=0, tn=10))
    assert (useless.beats_none_below, useless.beats_both) == (0.0, ())
    everyone = net_benefit.net_benefit_crossings(confusion.ConfusionMatrix(tp=10, fn=0, fp=10, tn=0))
    assert (everyone.beats_all_from, everyone.beats_both) == (1.0, ())


def test_net_benefit_interval_ranges_for_kirat_against_root_finding_and_a_grid():
    from scipy.optimize import brentq

    r = net_benefit.net_benefit_interval_ranges(KIRAT, prevalence=0.12)

    def margin(other):
        def f(t):
            row = net_benefit.net_benefit(KIRAT, [t], prevalence=0.12).iloc[0]
            return float(row["lower"] - row[other])

        return f

    top = brentq(margin("act_on_none"), 0.1, 0.5, xtol=1e-15)
    bottom = brentq(margin("act_on_all"), 1e-6, 0.1, xtol=1e-15)
    assert r.above_none == ((0.0, pytest.approx(top, rel=1e-9)),)
    assert r.above_all == ((pytest.approx(bottom, rel=1e-9), 1.0),)
    assert r.above_both == ((r.above_all[0][0], r.above_none[0][1]),)
    assert round(top, 4) == 0.2304  # on the notebook's 1% grid, the interval first includes zero at 24%
    grid = np.arange(1, 10_000) / 10_000
    table = net_benefit.net_benefit(KIRAT, grid, prevalence=0.12)
    above = table["lower"] > 0
    assert grid[above].max() < top < grid[~above].min() and above[: int(top * 10_000)].all()


@settings(deadline=None, max_examples=60)
@given(
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.floats(0.01, 0.99),
    st.sampled_from([0.8, 0.95, 0.99]),
)
def test_net_benefit_interval_ranges_match_the_table_on_either_side_of_each_end(tp, fn, fp, tn, prevalence, level):
    if tp + fn == 0 or fp + tn == 0:
        return
    matrix = confusion.ConfusionMatrix(tp=tp, fn=fn, fp=fp, tn=tn)
    r = net_benefit.net_benefit_interval_ranges(matrix, prevalence=prevalence, confidence_level=level)
    probes = np.r_[
        np.linspace(0.001, 0.999, 41),
        [
            t * (1 + d)
            for ranges in (r.above_none, r.above_all)
            for pair in ranges
            for t in pair
            for d in (-1e-6, 1e-6)
            if 0 < t * (1 + d) < 1
        ],
    ]
    table = net_benefit.net_benefit(matrix, probes, prevalence=prevalence, confidence_level=level)
    for name, ranges in (("act_on_none", r.above_none), ("act_on_all", r.above_all)):
        inside = np.zeros(len(probes), bool)
        for low, high in ranges:
            inside |= (probes > low) & (probes < high)
        margin = (table["lower"] - table[name]).to_numpy()
        assert np.all(margin[inside] > -1e-12) and np.all(margin[~inside] < 1e-12)


def test_net_benefit_refuses_an_impossible_prevalence():
    with pytest.raises(ValueError, match=r"`prevalence` must be in \(0, 1\), but 0 was passed"):
        net_benefit.net_benefit_crossings(KIRAT, prevalence=0)
    with pytest.raises(ValueError, match=r"`confidence_level` must be in \(0, 1\), but 1.5 was passed"):
        net_benefit.net_benefit_interval_ranges(KIRAT, confidence_level=1.5)


def test_net_benefit_interval_ranges_of_a_rating_that_acts_on_everyone_or_no_one():
    # Synthetic extremes with no sampling variance: rating everyone positive is acting on all, whose net
    # benefit π − (1 − π)·t/(1 − t) is above zero exactly for t < π; rating no one is acting on none.
    everyone = net_benefit.net_benefit_interval_ranges(
        confusion.ConfusionMatrix(tp=6, fn=0, fp=37, tn=0), prevalence=0.3
    )
    assert everyone.above_none == ((0.0, pytest.approx(0.3, rel=1e-12)),) and everyone.above_all == ()
    no_one = net_benefit.net_benefit_interval_ranges(confusion.ConfusionMatrix(tp=0, fn=1, fp=0, tn=23), prevalence=0.3)
    assert no_one.above_all == ((pytest.approx(0.3, rel=1e-12), 1.0),) and no_one.above_none == ()
