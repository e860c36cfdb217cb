"""The claims of the record checked from the claims file: every verdict against a hand computation.

Expected numbers are the published figures (data/*.csv) and arithmetic written out here, never our
own output pasted. The tolerance rule itself is tested in tests/metrics/test_tolerance.py; the
measure kinds on invented claims in tests/claims/test_kinds.py.
"""

import csv
import math
import re
from pathlib import Path

import pytest

from inquiry_analysis import DataError, claims, io, provenance
from inquiry_analysis.claims.file import claims_from_table
from inquiry_analysis.metrics import tolerance
from tests.hand import wilson

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def results(bundled_check):
    return {r.claim.claim_id: r for r in bundled_check}


def _rows():
    with open(provenance.bundled_data_dir() / "claims.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_reading_gets_the_verdict_the_file_expects(results):
    rows = _rows()
    got = {(v.claim_id, v.reading_id): v.verdict for r in results.values() for v in r.readings}
    assert got == {(row["claim_id"], row["reading"]): row["expected_verdict"] for row in rows}
    assert all(r.ok for r in results.values())


def test_the_record_has_fifteen_claims_or_more_each_sourced_and_located(results, seed_article):
    sources = io.load_sources()
    assert len(results) >= 15
    for r in results.values():
        c = r.claim
        assert (
            c.source_id in sources.index and c.locator and c.speaker and re.fullmatch(r"\d{4}-\d\d(-\d\d)?", c.said_on)
        )
        if c.source_id == "seed-article":  # quoted from the press report, abridged at "..." only
            for part in c.words.split("..."):
                assert part.strip() in seed_article.replace("’", "'"), (c.claim_id, part)
    assert {"referrals-2017", "referrals-monthly-2016", "arrests-2016-17", "no-national-ops", "kirat-accuracy"} <= set(
        results
    )
    kinds = {r.claim.kind for r in results.values()}
    assert {"count", "monthly_average", "percent_change", "multiple", "proportion_at_cut", "share", "none"} <= kinds
    assert {"npcc-2018-09-06", "hmicfrs-2023-04-05", "iicsa-transcript-2018-01-24"} <= {
        r.claim.source_id for r in results.values()
    }


def test_every_unverifiable_verdict_says_why(results):
    for r in results.values():
        for v in r.readings:
            if v.verdict == "unverifiable":
                assert len(v.reason) > 40 and v.reason.endswith("."), v.claim_id


def test_no_claim_id_appears_in_library_code():
    ids = sorted({row["claim_id"] for row in _rows()}, key=len, reverse=True)
    any_id = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    for path in (ROOT / "inquiry_analysis").rglob("*.py"):
        assert not any_id.findall(path.read_text(encoding="utf-8")), path


def test_referrals_2017_fits_82109_and_all_referrals_would_make_it_a_lower_bound(results):
    r = results["referrals-2017"]
    principal, broad = r.readings
    assert (principal.verdict, principal.reproduced, principal.reading.low, principal.reading.high) == (
        "consistent",
        82109,
        72000,  # 80,000 - min(10,000, 10% of 80,000)
        88000,
    )
    assert set(principal.sources) == {"ho-pq-214554", "npcc-2018-09-06"}
    # All referrals include NCMEC's 82,109: at least that many, which reaches past 88,000.
    assert (broad.verdict, broad.low, broad.high) == ("unverifiable", 82109, math.inf)
    assert r.verdict is principal and "'ncmec-industry'" in r.why and "'all-referrals'" in r.why


def test_a_range_the_data_allow_is_shown_rounded_outwards(results):
    # 2,268.5 and 4,457.6 a month: shown as 2,268 and 4,458, never inside what the data allow.
    assert "allow 2,268 to 4,458 a month" in results["referrals-monthly-2016"].verdict.reason
    # 7,100 / 12 = 591.7 and 7,300 / 12 = 608.3: 591 to 609, not 592 to 608.
    assert "591 to 609 a month" in results["nca-2020-arrests-a-month"].verdict.reason


def test_the_monthly_claim_is_decided_by_what_the_averages_allow(results):
    v = results["referrals-monthly-2016"].verdict
    # Never-falling bounds for Jun-Aug 2016: 2015's average less its rounding (2,268.5) held until August; or
    # Jan-May 2016 at that level and the most 2016 allows spread over June-December, (42,546 - 5 x 2,268.5) / 7.
    assert (v.reproduced, v.basis, v.verdict) == (None, "derived", "unverifiable")
    assert v.low == pytest.approx(2268.5) and v.high == pytest.approx((42546 - 5 * 2268.5) / 7)
    assert "if the series never fell" in v.reason and "flat within each period 3,545" in v.reason


@pytest.mark.parametrize(
    ("averages", "expected"),
    [
        ((3501, 3501), "consistent"),  # never falling, both years at 3,501: 3,500.5 to about 3,502
        ((3601, 3701), "inconsistent"),  # never falling from 3,600.5: above 3,550 throughout
        ((3500, 3500), "unverifiable"),  # "3,500 a month" published reads 3,450 to 3,550
    ],
)
def test_the_rule_decides_the_monthly_claim_from_other_averages(edit_bundled, data_copy, averages, expected):
    edit_bundled("referrals", ",2269,per_month", f",{averages[0]},per_month")
    edit_bundled("referrals", ",3545,per_month", f",{averages[1]},per_month")
    assert claims.assess("referrals-monthly-2016", data_dir=data_copy).verdict.verdict == expected


def test_a_steady_climb_cannot_be_seen_in_yearly_averages(results):
    v = results["referrals-climbed-since-2015"].verdict
    assert (v.verdict, v.low) == ("unverifiable", None)
    # The least rise the figures allow, 3,544.5 / 2,269.5 - 1 = 56.18%, shown rounded down (a bound rounds outwards).
    least = math.floor(1000 * (3544.5 / 2269.5 - 1)) / 10
    assert "rose" in v.reason and f"a change of {least}% to " in v.reason and least == 56.1


def test_kirat_is_inconsistent_at_the_published_cut_and_open_at_a_very_high_cut(results):
    published, very_high = results["kirat-accuracy"].readings
    # 97.6% of 170 and 62.3% of 204, whole numbers: 166 and 127; 293 of 374 rated correctly.
    assert published.verdict == "inconsistent" and published.reproduced == pytest.approx(100 * 293 / 374)
    low, high = wilson(293, 374)
    assert (published.lower, published.upper) == (pytest.approx(100 * low), pytest.approx(100 * high))
    # A stricter cut: 0 to 166 positives and 127 to 204 negatives rated correctly.
    assert (very_high.low, very_high.high) == (pytest.approx(100 * 127 / 374), pytest.approx(100 * 370 / 374))
    tables = sum(
        1 for tp in range(0, 167) for tn in range(127, 205) if round(100 * (tp + tn) / 374, 1) == 83.7
    )  # brute force over every table the bounds allow
    assert very_high.verdict == "unverifiable" and f"{tables} of the tables" in very_high.reason
    assert tables == 58


def test_700_percent_needs_a_base_no_one_publishes(results):
    plain, bounded = results["hearing-700-percent"].readings
    assert plain.verdict == "unverifiable" and "10,264" in plain.reason  # 82,109 / 8
    # CEOP's 18,887 reports of 2012-13, from every origin, cap the industry referrals then: at least +334.7%.
    assert bounded.low == pytest.approx(100 * (82109 / 18887 - 1)) and bounded.high == math.inf
    assert bounded.verdict == "unverifiable"


def test_a_published_base_would_decide_it(edit_bundled, data_copy):
    # Synthetic: point the claim at a 2013 count, and the verdict is computed from it.
    edit_bundled(
        "referrals",
        "ref-2017-npcc,referrals,NCA: individual industry referrals received from NCMEC,calendar_year,2017-01-01,"
        "2017-12-31,,82109",
        "ref-2017-npcc,referrals,NCA: individual industry referrals received from NCMEC,calendar_year,2013-01-01,"
        "2013-12-31,,10300",
    )
    edit_bundled("claims", ",to=ref-2017-homeoffice,", ",from=ref-2017-npcc; to=ref-2017-homeoffice,")
    v = claims.assess("hearing-700-percent", data_dir=data_copy).verdict
    assert v.reproduced == pytest.approx(100 * (82109 / 10300 - 1)) and v.verdict == "consistent"


def test_later_statements_checked_against_independent_counts(results):
    arrests = results["nca-2020-arrests-a-month"].verdict
    # "approximately 7,200" a year: 7,100 to 7,300, a twelfth a month; "over 500" holds, 18% or more beyond it.
    assert (arrests.low, arrests.high) == (pytest.approx(7100 / 12), pytest.approx(7300 / 12))
    assert arrests.verdict == "consistent as a bound" and arrests.beyond == pytest.approx((7100 / 12 - 500) / 500)
    children = results["nca-2020-children-a-month"].verdict
    assert (children.low, children.high, children.verdict) == (
        pytest.approx(8200 / 12),
        pytest.approx(8400 / 12),
        "consistent",
    )
    double = results["hmicfrs-2023-more-than-double"].verdict
    # "more than 20,000": 20,001 to 22,000; "nearly 10,000": 9,000 to 9,999, whole numbers.
    assert (double.low, double.high) == (pytest.approx(20001 / 9999), pytest.approx(22000 / 9000))
    assert double.verdict == "consistent as a bound"
    assert results["npcc-2018-referrals-2017"].verdict.verdict == "reproduced"
    assert [results[c].verdict.reproduced for c in ("npcc-2015-arrests", "npcc-2015-children")] == [682, 399]


def test_a_claim_with_no_other_source_is_unverifiable_not_checked_against_itself(results):
    assert results["npcc-2018-disseminations-2017"].verdict.verdict == "unverifiable"
    table = io.load_table("claims")
    at = list(table.index.get_level_values("claim_id")).index("npcc-2018-disseminations-2017")
    table.iloc[at, table.columns.get_loc("against")] = "ref-2017-disseminations"  # the release's own figure
    with pytest.raises(
        DataError, match=rf"claims.csv, row {at + 2}, column 'against': checks the claim against its own"
    ):
        claims.check(table)


def _write(path, *lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_unknown_claims_are_named():
    with pytest.raises(KeyError, match="no claim 'nope'"):
        claims.assess("nope")


def test_a_claims_file_of_ones_own_is_read_and_checked(tmp_path):
    path = _write(
        tmp_path / "mine.csv",
        "claim_id,reading,claim,speaker,said_on,source_id,locator,status,kind,measure,scope,period_kind,value,unit,"
        "qualifier,reading_means,against",
        'mine,as-said,"over 80,000 referrals",a witness,2019-03,seed-article,p. 4,quote,count,referrals,NCA,'
        'unspecified,80000,count,over,"NCMEC referrals, 2017",ref-2017-homeoffice',
    )
    [result] = claims.check(path)
    # "over 80,000" read as above 80,000 up to 88,000; 82,109 lies inside.
    assert (result.verdict.verdict, result.verdict.reproduced) == ("consistent", 82109)
    assert result.claim.row == 2 and result.claim.path == str(path)


def test_verdicts_are_computed_never_passed():
    reading = tolerance.read_figure(500, qualifier="over")
    with pytest.raises(TypeError):
        claims.Verdict(
            claim_id="x",
            claimed=500,
            unit="count",
            reading=reading,
            reproduced=None,
            low=None,
            high=None,
            sources=(),
            reason="",
            verdict="consistent",
        )
    v = claims.Verdict(
        claim_id="x",
        claimed=500,
        unit="count",
        reading=reading,
        reproduced=600,
        low=600,
        high=600,
        sources=(),
        reason="",
    )
    assert (v.verdict, v.beyond) == ("consistent as a bound", pytest.approx(0.2))


def test_a_model_estimate_is_not_a_basis():
    with pytest.raises(ValueError, match="a model estimate is not data"):
        claims.Verdict(
            claim_id="x",
            claimed=1,
            unit="count",
            reading=tolerance.read_figure(1),
            reproduced=None,
            low=None,
            high=None,
            sources=(),
            reason="",
            basis="model",
        )


def test_every_verdict_has_a_meaning_and_the_readme_names_them_all():
    from inquiry_analysis.claims.verdicts import MEANINGS, VERDICTS

    assert tuple(MEANINGS) == VERDICTS
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for verdict in VERDICTS:
        assert f"**{verdict}**" in readme, verdict


def test_claims_from_table_reports_every_problem_with_its_place(tmp_path):
    header = (
        "claim_id,reading,claim,speaker,said_on,source_id,locator,status,kind,measure,scope,period_kind,value,unit,"
        "qualifier,reading_means,against,unverifiable_because"
    )
    path = _write(
        tmp_path / "bad.csv",
        header,
        "a,r1,words,me,2020-01,s,p,quote,count,referrals,s,unspecified,5,count,,m,x,",
        "a,r1,other words,me,2020-01,s,p,quote,count,referrals,s,unspecified,5,count,,m,from=x,",
        "b,r1,w,me,2020-01,s,p,quote,direction,referrals,s,unspecified,5,count,,m,,",
        "c,r1,w,me,2020-01,s,p,quote,share,referrals,s,unspecified,5,percent,,m,part=x,",
    )
    with pytest.raises(DataError) as raised:
        claims_from_table(io.read_claims(path))
    lines = str(raised.value).splitlines()
    assert lines[0].endswith("bad.csv: 8 problems")
    expected = [
        "row 3, column 'claim': differs from row 2",
        "row 3, column 'reading': 'r1' is already a reading of a",
        "row 3, column 'against': names the role(s) from, which a count does not take",
        "row 4, column 'qualifier': must say the direction",
        "row 4, column 'value': must be empty for a direction claim",
        "row 4, column 'unverifiable_because': is empty, but against gives no value",
        "row 5, column 'unverifiable_because': is empty, but against gives no whole",
    ]
    for part in expected:
        assert any(part in line for line in lines), part


def test_one_figure_id_in_two_tables_is_refused(edit_bundled, data_copy):
    edit_bundled("arrests", "arr-2007-08,", "ref-2017-homeoffice,")  # the id of a referrals figure
    with pytest.raises(DataError, match="has the figure id 'ref-2017-homeoffice' in both referrals and arrests"):
        claims.check(data_dir=data_copy)


def test_a_claims_file_is_read_by_the_bundled_schema_whatever_package_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("INQUIRY_ANALYSIS_DATA", str(tmp_path))  # a folder with no claims resource
    table = io.read_claims(provenance.bundled_data_dir() / "claims.csv")
    assert len(table) == len(_rows())


def test_a_query_cannot_stand_for_the_roles_of_a_kind_with_several(tmp_path):
    path = _write(
        tmp_path / "q.csv",
        "claim_id,reading,claim,speaker,said_on,source_id,locator,status,kind,measure,scope,period_kind,value,unit,"
        "reading_means,query",
        "x,r,words,me,2020-01,seed-article,p. 1,quote,share,referrals,s,unspecified,50,percent,m,SELECT 1 AS value",
    )
    with pytest.raises(DataError, match=r"row 2, column 'query': cannot give the roles of a share \(part, whole\)"):
        claims.check(path)
