"""Verdicts on the hearing claims, and the tolerance rule they rest on (tested on invented claims)."""

import dataclasses

import pytest

from inquiry_analysis import claims
from inquiry_analysis.metrics.tolerance import read_figure, verdict_for
from tests.hand import wilson


@pytest.mark.parametrize(
    ("claimed", "qualifier", "expected"),
    [
        (3500, "", (3450, 3550)),  # half of 100 either side
        (170, "", (165, 175)),
        (83.7, "", (83.65, 83.75)),
        (80000, "", (75000, 85000)),  # half of 10,000 is 6.25%, under the cap
        (100000, "", (90000, 110000)),  # half of 100,000 would be 50%: capped at 10%
        (80000, "about", (72000, 88000)),  # a whole 10,000 would be 12.5%: capped at 10%
        (100000, "about", (90000, 110000)),
        (82000, "about", (81000, 83000)),  # two significant figures: a whole 1,000, under the cap
        (50, "around", (45, 55)),  # a whole 10 would be 20%
        (10000, "nearly", (9000, 10000)),  # below only, capped at 10%
        (20000, "more than", (20000, 22000)),  # above only, capped at 10%
        (250, "over", (250, 260)),  # a whole 10 above, 4%
        (80000, "just over", (80000, 85000)),  # half of 10,000 above
        (175, "just under", (174.5, 175)),
    ],
)
def test_reading_follows_the_wording(claimed, qualifier, expected):
    reading = read_figure(claimed, qualifier=qualifier)
    assert (reading.low, reading.high) == (pytest.approx(expected[0]), pytest.approx(expected[1]))


@pytest.mark.parametrize("claimed", [10, 12, 25, 99, 1000, 1500, 9900, 82000, 100000, 990000])
def test_the_cap_never_cuts_a_figure_read_at_two_significant_figures(claimed):
    second_digit = 10 ** (len(str(claimed)) - 2)  # the place of the second significant digit
    for qualifier in ("", "about", "nearly", "more than"):
        reading = read_figure(claimed, qualifier=qualifier, precision=second_digit)
        assert not reading.capped
        assert reading.high - reading.low == pytest.approx((2 if qualifier == "about" else 1) * second_digit)


def test_a_figure_read_as_exact():
    reading = read_figure(0, precision=0)
    assert (reading.low, reading.high) == (0, 0)
    assert str(reading) == "'0' read as exact: 0"


@pytest.mark.parametrize(
    ("claimed", "qualifier", "value", "verdict"),
    [
        (100000, "about", 60000, "inconsistent"),
        (80000, "about", 82109, "consistent"),
        (80000, "about", 88000, "consistent"),
        (80000, "about", 88001, "inconsistent"),
        (10000, "nearly", 10400, "inconsistent"),
        (10000, "nearly", 9800, "consistent"),
        (10000, "nearly", 8999, "inconsistent"),
        (20000, "more than", 19000, "inconsistent"),
        (20000, "more than", 21000, "consistent"),
        (20000, "more than", 30000, "inconsistent"),  # true of the sentence, not of the figure
        (83.7, "", 78.3, "inconsistent"),
        (83.7, "", 83.7, "reproduced"),
        (170, "", 181, "inconsistent"),
    ],
)
def test_verdict_rule_on_invented_claims(claimed, qualifier, value, verdict):
    assert verdict_for(read_figure(claimed, qualifier=qualifier), value) == verdict


def test_verdict_rule_on_a_range_the_data_allow():
    reading = read_figure(3500)  # 3,450 to 3,550
    assert verdict_for(reading, 3460, 3540) == "consistent"  # all inside
    assert verdict_for(reading, 3600, 3700) == "inconsistent"  # all outside
    assert verdict_for(reading, 3000, 4000) == "unverifiable"  # some of each
    assert verdict_for(reading, 3500, 3500) == "reproduced"
    assert verdict_for(reading) == "unverifiable"  # nothing published
    with pytest.raises(ValueError, match="must run from a finite `lower` to an `upper` no smaller"):
        verdict_for(reading, 4000, 3000)


def test_reading_refuses_what_it_cannot_read():
    with pytest.raises(ValueError, match="`qualifier` must be one of '', 'about'.*but 'roughly' was passed"):
        read_figure(100, qualifier="roughly")
    with pytest.raises(ValueError, match="`precision` must be a finite number, not negative, but -1 was passed"):
        read_figure(100, precision=-1)


READINGS = {  # claim: (qualifier, precision, low, high), each worked out by hand from the rule
    "referrals-2017": ("about", 10000, 72000, 88000),  # 80,000 ± min(10,000, 8,000)
    "referrals-monthly-2016": ("", 100, 3450, 3550),
    "arrests-2016-17": ("", 10, 165, 175),
    "no-national-ops": ("", 0, 0, 0),  # "no operations": exact
    "kirat-accuracy": ("", 0.1, 83.65, 83.75),
}


def test_claims_csv_records_the_readings_the_rule_gives():
    import inquiry_analysis as ia

    table = ia.load_claims()
    for claim_id, (qualifier, precision, low, high) in READINGS.items():
        row = table.loc[claim_id]
        recorded_qualifier = "" if row.isna()["qualifier"] else row["qualifier"]
        assert (recorded_qualifier, row["precision"]) == (qualifier, pytest.approx(precision))
        assert (row["tolerance_low"], row["tolerance_high"]) == (pytest.approx(low), pytest.approx(high))
        reading = claims.assess(claim_id).reading
        assert (reading.low, reading.high) == (pytest.approx(low), pytest.approx(high))


def test_the_schema_admits_exactly_the_qualifiers_the_rule_reads():
    from inquiry_analysis import provenance
    from inquiry_analysis.metrics.tolerance import QUALIFIERS

    resource = next(r for r in provenance.read_datapackage()["resources"] if r["name"] == "claims")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "qualifier")
    assert set(field["constraints"]["enum"]) == set(QUALIFIERS) - {""}  # an empty cell is no qualifier


def test_a_recorded_reading_that_disagrees_with_the_rule_is_refused(edit_bundled, data_copy):
    edit_bundled("claims", "about,10000,72000,88000", "about,10000,75000,85000")
    with pytest.raises(
        ValueError,
        match="claims.csv reads referrals-2017 as 75,000 to 85,000, but the tolerance rule gives 72,000 to 88,000",
    ):
        claims.assess("referrals-2017", data_dir=data_copy)


def test_verdicts_are_computed_never_passed():
    reading = read_figure(80000, qualifier="about")
    verdict = claims.Verdict(
        claim_id="x",
        claimed=80000,
        unit="count",
        reading=reading,
        reproduced=None,
        low=None,
        high=None,
        sources=(),
        reason="",
        notebook="",
    )
    assert verdict.verdict == "unverifiable"
    with pytest.raises(TypeError):
        claims.Verdict(
            claim_id="x",
            claimed=80000,
            unit="count",
            reading=reading,
            reproduced=None,
            low=None,
            high=None,
            sources=(),
            reason="",
            notebook="",
            verdict="consistent",
        )
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.verdict = "consistent"


def test_a_model_estimate_is_not_a_basis():
    with pytest.raises(ValueError, match="`basis` must be one of published, derived, but 'model estimate, not data'"):
        claims.Verdict(
            claim_id="x",
            claimed=3500,
            unit="per_month",
            reading=read_figure(3500),
            reproduced=3584,
            low=3584,
            high=3584,
            sources=(),
            reason="",
            notebook="",
            basis="model estimate, not data",
        )
    with pytest.raises(ValueError, match="`low` and `high` must both equal `reproduced`"):
        claims.Verdict(
            claim_id="x",
            claimed=3500,
            unit="per_month",
            reading=read_figure(3500),
            reproduced=3584,
            low=3549,
            high=3618,
            sources=(),
            reason="",
            notebook="",
        )


def test_referrals_2017_is_consistent_with_82109():
    verdict = claims.assess("referrals-2017")
    assert (verdict.verdict, verdict.reproduced, verdict.claimed) == ("consistent", 82109, 80000)
    assert set(verdict.sources) == {"ho-pq-214554", "npcc-2018-09-06"}


def test_referrals_monthly_2016_leads_with_what_the_averages_allow():
    verdict = claims.assess("referrals-monthly-2016")
    # Never-falling bounds for Jun-Aug 2016, a month: 2015's average less its rounding (2,268.5) held
    # until August; or Jan-May 2016 at that level and the most 2016 allows spread over June-December,
    # (42,546 - 5 x 2,268.5) / 7 = 4,457.6.
    assert (verdict.reproduced, verdict.basis) == (None, "derived")
    assert verdict.low == pytest.approx(2268.5) and verdict.high == pytest.approx((42546 - 5 * 2268.5) / 7)
    # 3,450 to 3,550 lies inside 2,268.5 to 4,457.6, which also reaches outside it: the rule says unverifiable.
    assert verdict.verdict == "unverifiable"
    assert verdict.reason.startswith(
        "No monthly series is published. The published averages (2,269 a month in 2015 "
        "and 3,545 a month in 2016) allow 2,268 to 4,458 a month for Jun 2016 to Aug 2016"
    )
    assert "neither confirm nor contradict it" in verdict.reason
    # Shapes that fit both totals (hand values in test_metrics_shapes): 3,545 flat, 3,545 + 0.5 x 1,276 / 12 linear.
    assert "a flat year gives 3,545, a straight line 3,598, a log-linear curve 3,584" in verdict.reason
    assert "conditional on a log-linear shape, count noise only" in verdict.reason
    assert "CI" not in verdict.reason and verdict.lower is None


@pytest.mark.parametrize(
    ("averages", "expected"),
    [
        # Averages not ending in 0: each reads +-0.5 by the claims rule (a published "3,500 a month" would read
        # 3,450 to 3,550).
        (
            (3501, 3501),
            "consistent",
        ),  # never falling, both years at 3,501: 3,500.5 to about 3,502, inside 3,450 to 3,550
        ((3601, 3701), "inconsistent"),  # never falling from 3,600.5: above 3,550 throughout
        (
            (3500, 3500),
            "unverifiable",
        ),  # "3,500 a month" published reads 3,450 to 3,550: reaches outside the claim's range
    ],
)
def test_the_rule_decides_the_monthly_claim_from_what_the_averages_allow(edit_bundled, data_copy, averages, expected):
    edit_bundled("referrals", ",2269,per_month", f",{averages[0]},per_month")
    edit_bundled("referrals", ",3545,per_month", f",{averages[1]},per_month")
    assert claims.assess("referrals-monthly-2016", data_dir=data_copy).verdict == expected


def test_700_percent_is_unverifiable_and_names_the_base_it_would_need():
    verdict = claims.assess("ref-hearing-700-percent")
    assert verdict.verdict == "unverifiable" and verdict.reproduced is None
    assert "10,264 a year (855 a month)" in verdict.reason  # 82,109 / 8, and / 12
    assert "3 different base periods" in verdict.reason


def test_a_published_base_would_be_used(edit_bundled, data_copy):
    # Synthetic: give the package a 2013 count of the same referrals, and the verdict is computed from it.
    edit_bundled(
        "referrals",
        "ref-2017-npcc,referrals,NCA: individual industry referrals received from NCMEC,"
        "calendar_year,2017-01-01,2017-12-31,,82109",
        "ref-2017-npcc,referrals,NCA: individual industry referrals received from NCMEC,"
        "calendar_year,2013-01-01,2013-12-31,,10300",
    )
    verdict = claims.assess("ref-hearing-700-percent", data_dir=data_copy)
    assert verdict.verdict == "consistent"
    assert verdict.reproduced == pytest.approx(100 * (82109 / 10300 - 1))


def test_unknown_claims_are_named():
    with pytest.raises(KeyError, match="no assessment for 'nope'"):
        claims.assess("nope")


def test_arrests_2016_17_rests_only_on_the_press_report():
    verdict = claims.assess("arrests-2016-17")
    assert verdict.verdict == "unverifiable" and verdict.sources == ("seed-article",)
    assert "only record of 170 NCA arrests" in verdict.reason


def test_an_independent_arrest_count_would_be_judged(edit_bundled, data_copy):
    # Synthetic: an arrests row for 2016-17 from another source (the 2009-10 row, moved and changed).
    edit_bundled(
        "arrests",
        "arr-2009-10,arrests,CEOP Centre: arrests in response to its disseminations,"
        "financial_year,2009-04-01,2010-03-31,,417",
        "arr-2009-10,arrests,CEOP Centre: arrests in response to its disseminations,"
        "financial_year,2016-04-01,2017-03-31,,181",
    )
    verdict = claims.assess("arrests-2016-17", data_dir=data_copy)
    assert (verdict.verdict, verdict.reproduced) == ("inconsistent", 181)  # outside 165 to 175


def test_no_national_ops_is_unverifiable_and_names_what_is_on_record():
    verdict = claims.assess("no-national-ops")
    assert verdict.verdict == "unverifiable"
    assert "Operation Notarise (stated 2014-07-16)" in verdict.reason


def test_kirat_accuracy_is_inconsistent_with_the_published_table():
    verdict = claims.assess("kirat-accuracy")
    assert verdict.verdict == "inconsistent"
    assert verdict.reproduced == pytest.approx(100 * 293 / 374)  # (166 + 127) / 374
    assert "147 of 204 lower-risk offenders" in verdict.reason  # 313 - 166
    assert verdict.sources == ("long-2016-kirat", "kirat-impact-slides")
    assert "appears only in kirat-impact-slides (secondary, slide 3)" in verdict.reason
    low, high = wilson(293, 374)  # reported beside the verdict, not used by it
    assert (verdict.lower, verdict.upper) == (pytest.approx(100 * low), pytest.approx(100 * high))
    assert verdict.low == verdict.high == verdict.reproduced


EXPECTED = {  # claim: (verdict, reproduced value), each worked out by hand in the tests above
    "referrals-2017": ("consistent", 82109),
    "referrals-monthly-2016": ("unverifiable", None),  # a range, not one value
    "arrests-2016-17": ("unverifiable", None),
    "no-national-ops": ("unverifiable", None),
    "kirat-accuracy": ("inconsistent", pytest.approx(100 * 293 / 374)),
}


def test_check_gives_every_claim_its_expected_verdict():
    results = claims.check()
    assert [r.verdict.claim_id for r in results] == list(EXPECTED)
    for r in results:
        assert (r.verdict.verdict, r.verdict.reproduced) == EXPECTED[r.verdict.claim_id]
        assert r.ok and r.expected == r.verdict.verdict


def test_check_formats():
    import io
    import json

    import pandas as pd

    results = claims.check()
    table = pd.read_csv(io.StringIO(claims.format_check(results, "csv")))
    assert table["verdict"].tolist() == [v for v, _ in EXPECTED.values()]
    records = json.loads(claims.format_check(results, "json"))
    assert records[1]["published_data_give"] == (
        "2,268 to 4,458 a month (derived; if referrals never fell across 2015 and 2016)"
    )
    assert records[0]["tolerance"] == (
        "'about 80,000' read as 72,000 to 88,000: a whole unit of 10,000 either side, capped at 10% of the figure"
    )
    assert records[4]["published_data_give"] == "78.3% (derived; 95% CI 73.9 to 82.2%)"
    markdown = claims.format_check(results, "markdown").splitlines()
    assert len(markdown) == 2 + 5 and "**inconsistent**" in markdown[-1]
    with pytest.raises(ValueError, match="`fmt` must be one of text, markdown, csv, json"):
        claims.format_check(results, "html")
