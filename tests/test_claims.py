"""Verdicts on the hearing claims assessed so far, and the rounding rule they rest on."""

import pytest

from inquiry_analysis import claims


@pytest.mark.parametrize(("claimed", "expected"), [
    (80000, (75000, 85000)), (3500, (3450, 3550)), (170, (165, 175)), (83.7, (83.65, 83.75)), (700, (650, 750)),
])
def test_rounding_range_is_half_the_last_significant_place(claimed, expected):
    low, high = claims.rounding_range(claimed)
    assert (low, high) == (pytest.approx(expected[0]), pytest.approx(expected[1]))


def test_verdict_rule():
    assert claims.verdict_for(170, 170) == "reproduced"
    assert claims.verdict_for(80000, 84999) == "consistent"
    assert claims.verdict_for(80000, 85001) == "inconsistent"
    assert claims.verdict_for(3500, 3600, 3560, 3640) == "inconsistent"
    assert claims.verdict_for(3500, 3600, 3549, 3640) == "consistent"


def test_referrals_2017_is_consistent_with_82109():
    verdict = claims.assess("referrals-2017")
    assert (verdict.verdict, verdict.reproduced, verdict.claimed) == ("consistent", 82109, 80000)
    assert set(verdict.sources) == {"ho-pq-214554", "npcc-2018-09-06"}


def test_referrals_monthly_2016_cannot_be_checked_but_is_within_what_the_averages_allow():
    verdict = claims.assess("referrals-monthly-2016")
    assert verdict.verdict == "unverifiable" and verdict.basis == "model estimate, not data"
    # The model estimate for Jun-Aug 2016 from the 2015 and 2016 averages (hand value in test_metrics_trend).
    assert verdict.reproduced == pytest.approx(3584, abs=1)
    # Never-falling bounds for Jun-Aug 2016, a month: 2015's average less its rounding (2,268.5) held
    # until August; or Jan-May 2016 at that level and the most 2016 allows spread over June-December,
    # (42,546 - 5 x 2,268.5) / 7 = 4,457.6.
    assert "allow 2,268 to 4,458 a month" in verdict.reason
    assert "3,500 is within what they allow" in verdict.reason


def test_700_percent_is_unverifiable_and_names_the_base_it_would_need():
    verdict = claims.assess("ref-hearing-700-percent")
    assert verdict.verdict == "unverifiable" and verdict.reproduced is None
    assert "10,264 a year (855 a month)" in verdict.reason  # 82,109 / 8, and / 12
    assert "3 different base periods" in verdict.reason


def test_a_published_base_would_be_used(edit_bundled, data_copy):
    # Synthetic: give the package a 2013 count of the same referrals, and the verdict is computed from it.
    edit_bundled("referrals", "ref-2017-npcc,referrals,NCA: individual industry referrals received from NCMEC,"
                 "calendar_year,2017-01-01,2017-12-31,,82109",
                 "ref-2017-npcc,referrals,NCA: individual industry referrals received from NCMEC,"
                 "calendar_year,2013-01-01,2013-12-31,,10300")
    verdict = claims.assess("ref-hearing-700-percent", data_dir=data_copy)
    assert verdict.verdict == "consistent"
    assert verdict.reproduced == pytest.approx(100 * (82109 / 10300 - 1))


def test_unknown_claims_are_named():
    with pytest.raises(KeyError, match="no assessment for 'nope'"):
        claims.assess("nope")


def test_verdicts_come_from_the_vocabulary():
    with pytest.raises(ValueError, match="`verdict` must be one of reproduced, consistent"):
        claims.Verdict("x", 1, "count", "plausible", None, None, None, "", (), "", "")


def test_arrests_2016_17_rests_only_on_the_press_report():
    verdict = claims.assess("arrests-2016-17")
    assert verdict.verdict == "unverifiable" and verdict.sources == ("seed-article",)
    assert "only record of 170 NCA arrests" in verdict.reason


def test_an_independent_arrest_count_would_be_judged(edit_bundled, data_copy):
    # Synthetic: an arrests row for 2016-17 from another source (the 2009-10 row, moved and changed).
    edit_bundled("arrests", "arr-2009-10,arrests,CEOP Centre: arrests in response to its disseminations,"
                 "financial_year,2009-04-01,2010-03-31,,417",
                 "arr-2009-10,arrests,CEOP Centre: arrests in response to its disseminations,"
                 "financial_year,2016-04-01,2017-03-31,,181")
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


EXPECTED = {  # claim: (verdict, reproduced value), each worked out by hand in the tests above
    "referrals-2017": ("consistent", 82109),
    "referrals-monthly-2016": ("unverifiable", pytest.approx(3584, abs=1)),
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
    assert records[4]["published_data_give"] == "78.3% (derived; 95% CI 73.9 to 82.2%)"
    markdown = claims.format_check(results, "markdown").splitlines()
    assert len(markdown) == 2 + 5 and "**inconsistent**" in markdown[-1]
    with pytest.raises(ValueError, match="`fmt` must be one of text, markdown, csv, json"):
        claims.format_check(results, "html")
