"""The tolerance rule: how a figure's wording is read, and the verdict the data give on it.

Expected values are worked by hand from the rule's text, or come from a brute-force route written here
independently of the module (the qualifiers' meanings typed from the rule, membership tested point by point).
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import inquiry_analysis as ia
from inquiry_analysis.claims.verdicts import VERDICTS, beyond, verdict_for
from inquiry_analysis.metrics.tolerance import QUALIFIERS, read_figure, read_published

INF = math.inf

# --- the statistician's examples -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "qualifier", "value"),
    [(170, "more than", 170), (500, "over", 500), (10000, "under", 10000), (10000, "less than", 10000)],
)
def test_a_one_sided_bound_is_not_reproduced_by_its_own_figure(claimed, qualifier, value):
    assert verdict_for(read_figure(claimed, qualifier=qualifier), value) == "inconsistent"


@pytest.mark.parametrize("qualifier", ["more than", "over", "under", "less than", "nearly", "almost"])
def test_every_open_qualifier_leaves_the_figure_out(qualifier):
    assert verdict_for(read_figure(500, qualifier=qualifier), 500) == "inconsistent"
    assert not read_figure(500, qualifier=qualifier).contains(500)


@pytest.mark.parametrize("qualifier", ["just over", "just under"])
def test_just_over_and_just_under_leave_the_figure_out(qualifier):
    assert verdict_for(read_figure(1600, qualifier=qualifier), 1600) == "inconsistent"


@pytest.mark.parametrize(
    ("claimed", "qualifier", "value", "past"),
    [
        (500, "over", 600, 0.2),  # (600 - 500) / 500
        (20000, "more than", 30000, 0.5),  # (30,000 - 20,000) / 20,000: true, and understated by half
        (10000, "under", 8000, 0.2),  # (10,000 - 8,000) / 10,000
        (500, "at least", 700, 0.4),
        (500, "at most", 400, 0.2),
        (500, "up to", 420, 0.16),
    ],
)
def test_a_bound_that_holds_but_understates_is_consistent_as_a_bound(claimed, qualifier, value, past):
    reading = read_figure(claimed, qualifier=qualifier)
    assert verdict_for(reading, value) == "consistent as a bound"
    assert beyond(reading, value) == pytest.approx(past, rel=1e-12)


def test_closed_bounds_include_their_figure():
    for qualifier in ("at least", "at most", "up to"):
        reading = read_figure(500, qualifier=qualifier)
        assert reading.contains(500) and reading.bound
        assert verdict_for(reading, 500) == "reproduced"
    assert (read_figure(500, qualifier="at least").low, read_figure(500, qualifier="at least").high) == (500, 550)
    assert (read_figure(500, qualifier="at most").low, read_figure(500, qualifier="up to").high) == (450, 500)
    assert verdict_for(read_figure(500, qualifier="at least"), 499) == "inconsistent"
    assert verdict_for(read_figure(500, qualifier="at most"), 501) == "inconsistent"


def test_an_approximation_is_no_bound():
    assert verdict_for(read_figure(10000, qualifier="nearly"), 5000) == "inconsistent"
    assert verdict_for(read_figure(80000, qualifier="about"), 120000) == "inconsistent"
    assert verdict_for(read_figure(1600, qualifier="just over"), 2000) == "inconsistent"
    assert beyond(read_figure(1600, qualifier="just over"), 2000) is None


def test_verdicts_list_every_verdict_the_rule_gives():
    assert VERDICTS == ("reproduced", "consistent", "consistent as a bound", "inconsistent", "unverifiable")


# --- readings (copied from tests/claims/test_assess.py, with the open ends added) ---------------------------------


@pytest.mark.parametrize(
    ("claimed", "qualifier", "expected", "opens"),
    [
        (3500, "", (3450, 3550), (False, False)),  # half of 100 either side
        (170, "", (165, 175), (False, False)),
        (83.7, "", (83.65, 83.75), (False, False)),
        (80000, "", (75000, 85000), (False, False)),  # half of 10,000 is 6.25%, under the cap
        (100000, "", (90000, 110000), (False, False)),  # half of 100,000 would be 50%: capped at 10%
        (80000, "about", (72000, 88000), (False, False)),  # a whole 10,000 would be 12.5%: capped at 10%
        (100000, "about", (90000, 110000), (False, False)),
        (82000, "about", (81000, 83000), (False, False)),  # two significant figures: a whole 1,000
        (50, "around", (45, 55), (False, False)),  # a whole 10 would be 20%
        (10000, "nearly", (9000, 10000), (False, True)),  # below only, capped at 10%; 10,000 itself out
        (20000, "more than", (20000, 22000), (True, False)),  # above only, capped at 10%; 20,000 itself out
        (250, "over", (250, 260), (True, False)),  # a whole 10 above, 4%
        (80000, "just over", (80000, 85000), (True, False)),  # half of 10,000 above
        (175, "just under", (174.5, 175), (False, True)),
        (500, "at least", (500, 550), (False, False)),  # a whole 100 above, capped at 50; 500 itself in
        (500, "at most", (450, 500), (False, False)),
        (500, "up to", (450, 500), (False, False)),
    ],
)
def test_reading_follows_the_wording(claimed, qualifier, expected, opens):
    reading = read_figure(claimed, qualifier=qualifier)
    assert (reading.low, reading.high) == (pytest.approx(expected[0]), pytest.approx(expected[1]))
    assert (reading.low_open, reading.high_open) == opens


@pytest.mark.parametrize("claimed", [10, 12, 25, 99, 1000, 1500, 9900, 82000, 100000, 990000])
def test_the_cap_never_cuts_a_figure_read_at_two_significant_figures(claimed):
    second_digit = 10 ** (len(str(claimed)) - 2)  # the place of the second significant digit
    for qualifier in ("", "about", "nearly", "more than", "at least", "up to"):
        reading = read_figure(claimed, qualifier=qualifier, precision=second_digit)
        assert not reading.capped
        assert reading.high - reading.low == pytest.approx((2 if qualifier == "about" else 1) * second_digit)


OLD_WIDTHS = {  # qualifier: (side, units), the rule as it stood before bounds and open ends (main at ef0a58c)
    "": ("both", 0.5),
    "about": ("both", 1.0),
    "around": ("both", 1.0),
    "approximately": ("both", 1.0),
    "nearly": ("below", 1.0),
    "almost": ("below", 1.0),
    "under": ("below", 1.0),
    "less than": ("below", 1.0),
    "just under": ("below", 0.5),
    "more than": ("above", 1.0),
    "over": ("above", 1.0),
    "just over": ("above", 0.5),
}


def test_every_qualifier_keeps_its_side_and_width_and_says_if_it_is_a_bound():
    for qualifier, (side, units) in OLD_WIDTHS.items():
        assert (QUALIFIERS[qualifier].side, QUALIFIERS[qualifier].units) == (side, units), qualifier
    bounds = {"more than", "over", "under", "less than", "at least", "at most", "up to"}
    assert {q for q, rule in QUALIFIERS.items() if rule.bound} == bounds
    assert {q for q, rule in QUALIFIERS.items() if rule.open} == set(OLD_WIDTHS) - {
        "",
        "about",
        "around",
        "approximately",
    }


def test_a_figure_read_as_exact():
    reading = read_figure(0, precision=0)
    assert (reading.low, reading.high) == (0, 0)
    assert str(reading) == "'0' read as exact: 0"


# --- wording ------------------------------------------------------------------------------------------------------


def test_an_open_end_is_worded_for_a_reader():
    more = read_figure(170, qualifier="more than")
    assert more.span == "above 170, up to 180"
    assert str(more) == (
        "'more than 170' read as above 170, up to 180: a whole unit of 10 above it; "
        "a bound, true of any value above 170"
    )
    assert read_figure(10000, qualifier="nearly").span == "9,000 up to but not including 10,000"
    assert str(read_figure(10000, qualifier="nearly")).endswith("capped at 10% of the figure, not 10,000 itself")
    assert read_published(500, qualifier="over", unit="per_month").span == "above 500, up to 550 a month"
    assert read_figure(84, qualifier="just under", unit="percent").span == "83.5% up to but not including 84%"
    assert read_figure(500, qualifier="at least").span == "500 to 550"
    assert str(read_figure(500, qualifier="at least")).endswith("a bound, true of any value at or above 500")
    assert str(read_figure(10000, qualifier="under")).endswith("a bound, true of any value below 10,000")


def test_an_open_reading_with_no_width_stands_for_nothing():
    none = read_figure(0, qualifier="more than")  # the 10% cap of 0 leaves no width
    assert none.empty and none.span == "no value" and not none.contains(0)
    assert verdict_for(none, 0) == "inconsistent"
    assert verdict_for(none, 3) == "consistent as a bound"
    assert beyond(none, 3) == INF


# --- what the data allow: ranges, open ends, infinities --------------------------------------------------------


def test_verdict_rule_on_a_range_the_data_allow():
    reading = read_figure(3500)  # 3,450 to 3,550
    assert verdict_for(reading, 3460, 3540) == "consistent"  # all inside
    assert verdict_for(reading, 3600, 3700) == "inconsistent"  # all outside
    assert verdict_for(reading, 3000, 4000) == "unverifiable"  # some of each
    assert verdict_for(reading, 3500, 3500) == "reproduced"
    assert verdict_for(reading, low=3500) == verdict_for(reading, high=3500) == "reproduced"
    assert verdict_for(reading) == "unverifiable"  # nothing published


def test_an_open_end_is_honoured_at_its_edge():
    nearly = read_figure(10000, qualifier="nearly")  # 9,000 up to but not including 10,000
    assert verdict_for(nearly, 9000, 9999.5) == "consistent"
    assert verdict_for(nearly, 9000, 10000) == "unverifiable"  # reaches 10,000, which is outside
    assert verdict_for(nearly, 10000, 10400) == "inconsistent"  # touches the open end only
    over = read_figure(500, qualifier="over")  # above 500, up to 550
    assert verdict_for(over, 450, 500) == "inconsistent"  # touches the open end only
    assert verdict_for(over, 490, 520) == "unverifiable"
    assert verdict_for(over, 501, 549) == "consistent"
    assert verdict_for(over, 520, 600) == "consistent as a bound"  # all above 500, not all within the reading
    assert beyond(over, 520, 600) == pytest.approx(0.04)  # the least value allowed, 520, is 4% past 500


def test_infinite_ranges_from_data_that_give_only_a_bound():
    at_least = (82109, INF)  # e.g. the data give "at least 82,109"
    assert verdict_for(read_figure(80000, qualifier="about"), *at_least) == "unverifiable"
    assert verdict_for(read_figure(20000, qualifier="more than"), *at_least) == "consistent as a bound"
    assert beyond(read_figure(20000, qualifier="more than"), *at_least) == pytest.approx(62109 / 20000)
    assert verdict_for(read_figure(100000, qualifier="about"), 120000, INF) == "inconsistent"
    assert verdict_for(read_figure(80000, qualifier="about"), -INF, INF) == "unverifiable"
    under = read_figure(10000, qualifier="under")
    assert verdict_for(under, -INF, 9500) == "consistent as a bound"  # every value below 10,000
    assert beyond(under, -INF, 9500) == pytest.approx(0.05)
    assert verdict_for(under, -INF, 10000) == "unverifiable"


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        (4000, 3000, "must run from `low` to a `high` no smaller"),
        (INF, INF, "must run from `low` to a `high` no smaller"),
        (-INF, -INF, "must run from `low` to a `high` no smaller"),
        (math.nan, 3000, "must run from `low` to a `high` no smaller"),
        (INF, None, "one value the data give must be a finite number, but inf was passed"),
    ],
)
def test_what_the_data_allow_is_checked(low, high, message):
    with pytest.raises(ValueError, match=message):
        verdict_for(read_figure(3500), low, high)


def test_reading_refuses_what_it_cannot_read():
    with pytest.raises(ValueError, match="`qualifier` must be one of '', 'about'.*but 'roughly' was passed"):
        read_figure(100, qualifier="roughly")
    with pytest.raises(ValueError, match="`precision` must be a finite number, not negative, but -1 was passed"):
        read_figure(100, precision=-1)


@pytest.mark.parametrize(
    ("claimed", "qualifier", "value", "verdict"),
    [  # copied from tests/claims/test_assess.py; the 30,000 line now reads as the statement's truth
        (100000, "about", 60000, "inconsistent"),
        (80000, "about", 82109, "consistent"),
        (80000, "about", 88000, "consistent"),
        (80000, "about", 88001, "inconsistent"),
        (10000, "nearly", 10400, "inconsistent"),
        (10000, "nearly", 9800, "consistent"),
        (10000, "nearly", 8999, "inconsistent"),
        (20000, "more than", 19000, "inconsistent"),
        (20000, "more than", 21000, "consistent"),
        (20000, "more than", 30000, "consistent as a bound"),  # true of the sentence: a bound, understated
        (83.7, "", 78.3, "inconsistent"),
        (83.7, "", 83.7, "reproduced"),
        (170, "", 181, "inconsistent"),
    ],
)
def test_verdict_rule_on_invented_claims(claimed, qualifier, value, verdict):
    assert verdict_for(read_figure(claimed, qualifier=qualifier), value) == verdict


# --- published figures: a count narrows to whole numbers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "qualifier", "unit", "expected", "opens"),
    [
        (680, "more than", "count", (681, 690), (False, False)),  # above 680, up to 690: whole, 681 to 690
        (10000, "nearly", "count", (9000, 9999), (False, False)),
        (1600, "just over", "count", (1601, 1650), (False, False)),
        (20000, "more than", "count", (20001, 22000), (False, False)),
        (500, "at least", "count", (500, 550), (False, False)),
        (500, "over", "per_month", (500, 550), (True, False)),  # a rate keeps its open end
        (84, "under", "percent", (83, 84), (False, True)),
    ],
)
def test_a_published_count_narrows_to_whole_numbers(value, qualifier, unit, expected, opens):
    reading = read_published(value, qualifier=qualifier, unit=unit)
    assert (reading.low, reading.high) == expected
    assert (reading.low_open, reading.high_open) == opens
    if unit == "count":  # the whole numbers the claims rule's reading contains, one by one
        claims_rule = read_figure(value, qualifier=qualifier)
        whole = [n for n in range(value // 2, 2 * value) if claims_rule.contains(n)]
        assert (whole[0], whole[-1]) == expected


def test_a_narrowed_count_keeps_its_bound():
    reading = read_published(680, qualifier="more than")
    assert str(reading) == (
        "'more than 680' read as 681 to 690: a whole unit of 10 above it, in whole numbers; "
        "a bound, true of any value above 680"
    )
    assert [verdict_for(reading, v) for v in (680, 681, 700)] == ["inconsistent", "consistent", "consistent as a bound"]
    assert beyond(reading, 700) == pytest.approx(20 / 680)
    with pytest.raises(ValueError, match="holds no whole number"):
        read_published(0, qualifier="more than")


def test_a_count_whose_wording_excludes_its_figure_still_makes_a_count():
    from inquiry_analysis.metrics.periods import counts_from_figures

    (count,) = counts_from_figures(ia.load_referrals().loc[["ref-2017-disseminations"]])  # "nearly 10,000"
    assert (count.count, count.low, count.high) == (10000, 9000, 10000)  # reaches its figure, the supremum


# --- properties, against a brute-force route -------------------------------------------------------------------

# The rule typed again from its text: qualifier -> (side, units, bound, open at the figure).
BY_HAND = {
    "": ("both", 0.5, False, False),
    "about": ("both", 1, False, False),
    "around": ("both", 1, False, False),
    "approximately": ("both", 1, False, False),
    "nearly": ("below", 1, False, True),
    "almost": ("below", 1, False, True),
    "just under": ("below", 0.5, False, True),
    "just over": ("above", 0.5, False, True),
    "under": ("below", 1, True, True),
    "less than": ("below", 1, True, True),
    "at most": ("below", 1, True, False),
    "up to": ("below", 1, True, False),
    "more than": ("above", 1, True, True),
    "over": ("above", 1, True, True),
    "at least": ("above", 1, True, False),
}


def brute_verdict(claimed, qualifier, precision, low, high):
    """The verdict found point by point on a grid of eighths (every end here is a multiple of a half)."""
    side, units, bound, opened = BY_HAND[qualifier]
    width = min(units * precision, claimed / 10)
    a = claimed - width if side != "above" else claimed
    b = claimed + width if side != "below" else claimed

    def inside(x):
        if side == "above" and opened:
            return a < x <= b
        if side == "below" and opened:
            return a <= x < b
        return a <= x <= b

    def true_of(x):
        strict = {("above", True): x > claimed, ("above", False): x >= claimed}
        strict |= {("below", True): x < claimed, ("below", False): x <= claimed}
        return strict.get((side, opened), False)

    finite = [x for x in (low, high) if math.isfinite(x)]
    edge_low, edge_high = min(a, *finite) - 4, max(b, *finite) + 4
    first, last = max(low, edge_low), min(high, edge_high)  # past the edge, every point is like the edge
    points = [k / 8 for k in range(math.ceil(8 * first), math.floor(8 * last) + 1)]
    ins = [inside(x) for x in points]
    if low == high == claimed and inside(claimed):
        return "reproduced"
    if all(ins):
        return "consistent"
    if bound and all(true_of(x) for x in points):
        return "consistent as a bound"
    if not any(ins):
        return "inconsistent"
    return "unverifiable"


figures = st.integers(min_value=1, max_value=40).map(lambda n: 10 * n)  # the cap, a tenth, is a whole number
precisions = st.sampled_from([0, 1, 2, 5, 10, 20])
qualifiers = st.sampled_from(sorted(BY_HAND))
offsets = st.integers(min_value=-60, max_value=60)


@st.composite
def allowed(draw, claimed):
    """What the data allow: one value, or a range either end of which may be infinite."""
    a, b = sorted((claimed + draw(offsets), claimed + draw(offsets)))
    kind = draw(st.sampled_from(["one", "range", "at least", "at most"]))
    return {"one": (a, a), "range": (a, b), "at least": (a, INF), "at most": (-INF, b)}[kind]


@settings(max_examples=200, deadline=None)
@given(data=st.data(), claimed=figures, precision=precisions, qualifier=qualifiers)
def test_the_verdict_matches_a_brute_force_route(data, claimed, precision, qualifier):
    low, high = data.draw(allowed(claimed))
    reading = read_figure(claimed, qualifier=qualifier, precision=precision)
    verdict = verdict_for(reading, low, high)
    assert verdict == brute_verdict(claimed, qualifier, precision, low, high)
    if verdict == "consistent as a bound":
        past = (low - claimed) if BY_HAND[qualifier][0] == "above" else (claimed - high)
        assert beyond(reading, low, high) == pytest.approx(past / claimed)
    else:
        assert beyond(reading, low, high) is None


@settings(max_examples=200, deadline=None)
@given(claimed=figures, precision=precisions, qualifier=qualifiers, v=offsets)
def test_the_figure_is_inside_iff_two_sided_or_closed_and_one_value_agrees_with_contains(
    claimed, precision, qualifier, v
):
    reading = read_figure(claimed, qualifier=qualifier, precision=precision)
    side, _, _, opened = BY_HAND[qualifier]
    assert reading.contains(claimed) == (side == "both" or not opened)
    value = claimed + v / 4
    assert (verdict_for(reading, value) in ("consistent", "reproduced")) == reading.contains(value)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), claimed=figures, precision=precisions, qualifier=qualifiers)
def test_widening_what_the_data_allow_never_settles_an_unverifiable_verdict(data, claimed, precision, qualifier):
    low, high = data.draw(allowed(claimed))
    wider_low = low - data.draw(st.sampled_from([0, 1, 7, 30, INF]))
    wider_high = high + data.draw(st.sampled_from([0, 1, 7, 30, INF]))
    reading = read_figure(claimed, qualifier=qualifier, precision=precision)
    if verdict_for(reading, low, high) == "unverifiable":
        assert verdict_for(reading, wider_low, wider_high) == "unverifiable"


def test_a_reading_with_no_width_speaks_of_no_unit():
    # A direction is read as a change above 0% (claims.assess.reading_of): "a whole unit of 0" would say nothing.
    reading = read_figure(0.0, qualifier="more than", precision=0.0, unit="percent")
    assert reading.rule == "a bound, true of any value above 0"
    assert read_figure(170, qualifier="more than").rule.startswith("a whole unit of 10 above it; a bound")
