import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inquiry_analysis.metrics import ratios


def wilson_by_hand(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_proportion_matches_the_wilson_formula():
    result = ratios.proportion(82109, 10214753)
    low, high = wilson_by_hand(82109, 10214753)
    assert result.estimate == pytest.approx(82109 / 10214753)
    assert (result.lower, result.upper) == (pytest.approx(low), pytest.approx(high))
    assert str(result) == "0.80% (95% CI 0.80% to 0.81%)"


def test_proportion_refuses_impossible_counts():
    with pytest.raises(ValueError, match=r"`successes` \(5\) must not exceed `trials` \(4\)"):
        ratios.proportion(5, 4)
    with pytest.raises(ValueError, match="`trials` must be at least 1"):
        ratios.proportion(0, 0)


@given(st.integers(min_value=1, max_value=10**6), st.data())
def test_proportion_interval_contains_estimate_within_0_1(n, data):
    k = data.draw(st.integers(min_value=0, max_value=n))
    result = ratios.proportion(k, n)
    assert 0 <= result.lower <= result.estimate <= result.upper <= 1
