"""Every measure kind on invented claims: each range and verdict worked out by hand, and the claims file's errors.

The fixtures are the SYNTHETIC example of ``examples/claims`` (a fictional fire service; its README
lists each claim) and a small package of invented figures written here. Each expected ``low`` and
``high`` is a closed form written in the test, never the library's own output pasted back.
"""

import csv
import hashlib
import json
import math

import pytest

from inquiry_analysis import provenance
from inquiry_analysis.claims import figures as claim_figures
from inquiry_analysis.claims.assess import check
from inquiry_analysis.claims.file import KIND_ROLES
from inquiry_analysis.errors import DataError
from tests.hand import wilson

EXAMPLE = provenance.bundled_data_dir().parent / "examples" / "claims"
CLAIM_COLUMNS = (
    "claim_id,reading,claim,speaker,said_on,source_id,locator,status,kind,measure,scope,period_kind,period_start,"
    "period_end,value,unit,qualifier,precision,against,query,reading_means,unverifiable_because,notebook,"
    "expected_verdict,note"
).split(",")
FIGURE_COLUMNS = (
    "figure_id,measure,scope,period_kind,period_start,period_end,value,unit,qualifier,status,source_id,locator,note"
).split(",")


def _year(y):
    return {"period_kind": "calendar_year", "period_start": f"{y}-01-01", "period_end": f"{y}-12-31"}


def _month(m, last):
    return {"period_kind": "month", "period_start": f"2024-{m:02d}-01", "period_end": f"2024-{m:02d}-{last}"}


# Invented figures (all of 2023 unless said): id, value, unit, qualifier, period, source.
INVENTED = [
    ("f-170", 170, "count", "", _year(2023), "invented-report"),
    ("f-more-680", 680, "count", "more than", _year(2023), "invented-report"),
    ("f-nearly-10000", 10000, "count", "nearly", _year(2023), "invented-report"),
    ("f-more-20000", 20000, "count", "more than", _year(2027), "invented-report"),
    ("f-events", 37, "count", "", _year(2023), "invented-report"),
    ("f-people", 12400, "count", "", _year(2023), "invented-report"),
    ("f-per-month", 2269, "per_month", "", _year(2023), "invented-report"),
    ("f-part", 300, "count", "", _year(2023), "invented-report"),
    ("f-own", 4200, "count", "", _year(2023), "invented-press"),
    ("f-pos", 50, "count", "", _year(2023), "invented-report"),
    ("f-neg", 50, "count", "", _year(2023), "invented-report"),
    ("f-sens-about-80", 80, "percent", "about", _year(2023), "invented-report"),
    ("f-spec-90", 90, "percent", "", _year(2023), "invented-report"),
    (
        "q1",
        900,
        "count",
        "",
        {"period_kind": "span", "period_start": "2024-01-01", "period_end": "2024-03-31"},
        "invented-report",
    ),
    (
        "q2",
        1200,
        "count",
        "",
        {"period_kind": "span", "period_start": "2024-04-01", "period_end": "2024-06-30"},
        "invented-report",
    ),
] + [  # monthly figures that dip in March
    (f"m-2024-{m:02d}", v, "count", "", _month(m, last), "invented-report")
    for m, v, last in ((1, 100, 31), (2, 110, 29), (3, 105, 31), (4, 120, 30), (5, 130, 31), (6, 140, 30))
]


def _write_csv(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _invented_package(folder):
    """A data package of the example's shape with the INVENTED figures as one table, ``figures``."""
    folder.mkdir()
    template = json.loads((EXAMPLE / "data" / "datapackage.json").read_text(encoding="utf-8"))
    sources, figures = (next(r for r in template["resources"] if r["name"] == n) for n in ("sources", "risk_tool"))
    figures = json.loads(json.dumps(figures))
    figures.update(name="figures", path="figures.csv", title="Invented figures", description="Invented for tests")
    unit = next(f for f in figures["schema"]["fields"] if f["name"] == "unit")
    unit["constraints"]["enum"] = ["count", "per_month", "percent"]
    _write_csv(
        folder / "sources.csv",
        ["source_id", "title", "producer", "kind"],
        [
            {"source_id": s, "title": "Invented", "producer": "Nobody", "kind": "dataset"}
            for s in ("invented-report", "invented-press")
        ],
    )
    rows = [
        {"figure_id": i, "measure": "things", "scope": "invented", "value": v, "unit": u, "qualifier": q}
        | p
        | {"status": "table", "source_id": s, "locator": "table 1"}
        for i, v, u, q, p, s in INVENTED
    ]
    _write_csv(folder / "figures.csv", FIGURE_COLUMNS, rows)
    template["resources"] = [sources, figures]
    for resource in template["resources"]:
        data = (folder / resource["path"]).read_bytes()
        resource["hash"], resource["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    (folder / "datapackage.json").write_text(json.dumps(template), encoding="utf-8")
    return folder


def _claim(claim_id, kind, value, unit, against="", *, qualifier="", precision="", period=None, **more):
    row = {
        "claim_id": claim_id,
        "reading": "as-worded",
        "claim": "invented words",
        "speaker": "an invented speaker",
        "said_on": "2024-01-01",
        "source_id": "invented-press",
        "locator": "para. 1",
        "status": "quote",
        "kind": kind,
        "measure": "things",
        "scope": "invented",
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "precision": precision,
        "against": against,
        "reading_means": "as invented",
    }
    return row | (period or _year(2023)) | more


# Invented claims checked against the invented package, once for the module.
CLAIMS = [
    _claim("more-than-170", "count", 170, "count", "f-170", qualifier="more than"),
    _claim("just-680", "count", 680, "count", "f-more-680"),
    _claim("nearly-700", "count", 700, "count", "f-more-680", qualifier="nearly"),
    _claim("about-10000", "count", 10000, "count", "f-nearly-10000", qualifier="about"),
    _claim("more-than-10000", "count", 10000, "count", "f-nearly-10000", qualifier="more than"),
    _claim("at-most", "count", 200, "count", "<=f-170", qualifier="under"),
    _claim("per-month", "monthly_average", 2300, "per_month", "f-per-month", qualifier="about"),
    _claim("rate-37", "rate_per_1000", 3, "per_1000", "numerator=f-events; denominator=f-people", qualifier="about"),
    _claim(
        "more-than-double", "multiple", 2, "multiple", "from=f-nearly-10000; to=f-more-20000", qualifier="more than"
    ),
    _claim(
        "at-cut",
        "proportion_at_cut",
        85,
        "percent",
        "positives=f-pos; negatives=f-neg; sensitivity=f-sens-about-80; specificity=f-spec-90",
        measure="overall_correct",
        period={"period_kind": "unspecified"},
    ),
    _claim(
        "share-no-whole",
        "share",
        50,
        "percent",
        "part=f-part",
        qualifier="more than",
        unverifiable_because="no whole is published",
    ),
    _claim(
        "june",
        "monthly_average",
        500,
        "per_month",
        "q1; q2",
        period={"period_kind": "span", "period_start": "2024-06-01", "period_end": "2024-06-30"},
    ),
    _claim(
        "at-least-300-percent", "percent_change", 300, "percent", "from<=f-170; to=f-more-680", qualifier="more than"
    ),
    _claim(
        "fell",
        "direction",
        "",
        "count",
        "; ".join(f"m-2024-{m:02d}" for m in range(1, 7)),
        qualifier="fell",
        period={"period_kind": "span", "period_start": "2024-01-01", "period_end": "2024-06-30"},
    ),
    _claim(
        "steadily-with-a-dip",
        "direction",
        "",
        "count",
        "; ".join(f"m-2024-{m:02d}" for m in range(1, 7)),
        qualifier="rose steadily",
        period={"period_kind": "span", "period_start": "2024-01-01", "period_end": "2024-06-30"},
    ),
]


@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    return _invented_package(tmp_path_factory.mktemp("invented") / "data")


@pytest.fixture(scope="module")
def results(invented):
    path = invented.parent / "claims.csv"
    _write_csv(path, CLAIM_COLUMNS, CLAIMS)
    return {r.claim.claim_id: r for r in check(claims=path, data_dir=invented)}


@pytest.fixture(scope="module")
def example():
    return {r.claim.claim_id: r for r in check(claims=EXAMPLE / "claims.csv", data_dir=EXAMPLE / "data")}


def _range(verdict):
    return verdict.low, verdict.high


# --- the example: every reading gets the verdict its row expects ------------------------------------------------------


def test_the_synthetic_example_gets_every_expected_verdict_and_covers_every_kind_and_verdict(example):
    assert all(r.ok for r in example.values()), [str(r) for r in example.values() if not r.ok]
    assert {r.claim.kind for r in example.values()} == set(KIND_ROLES)
    verdicts = {v.verdict for r in example.values() for v in r.readings}
    assert verdicts == {"reproduced", "consistent", "consistent as a bound", "inconsistent", "unverifiable"}
    assert any(len(r.readings) > 1 for r in example.values())


# --- count ----------------------------------------------------------------------------------------------------------


def test_count_reproduced(example):
    verdict = example["incidents-2023"].verdict
    assert _range(verdict) == (4200, 4200) and verdict.verdict == "reproduced"


def test_count_when_sources_disagree_allows_anything_between_them(example):
    verdict = example["incidents-2021"].verdict
    assert _range(verdict) == (3050, 3120)  # the annual report and the national bulletin
    assert verdict.verdict == "consistent"  # 'about 3,000': 3,000 ± min(1,000, 10% of 3,000) = 2,700 to 3,300
    assert "disagree" in verdict.reason


def test_count_at_least_a_figure_is_a_bound_reaching_outside_the_reading(example):
    verdict = example["incidents-2021"].readings[1]  # >=inc-2021
    assert _range(verdict) == (3050, math.inf)
    assert verdict.verdict == "unverifiable"  # 3,050 is inside 2,700 to 3,300, and so is not everything above it


def test_count_at_most_a_figure(results):
    verdict = results["at-most"].verdict  # <=f-170: 0 to 170
    assert _range(verdict) == (0, 170)
    assert verdict.verdict == "consistent as a bound"  # 'under 200' (180 up to 200): true of 0 to 170, below 180


def test_more_than_a_figure_excludes_the_figure_itself(results):
    verdict = results["more-than-170"].verdict
    assert _range(verdict) == (170, 170) and verdict.verdict == "inconsistent"  # 'more than 170' is not 170


def test_a_published_more_than_is_read_as_the_whole_numbers_above_it(results):
    # 'more than 680' published: a whole unit of 10 above, 680 excluded, whole numbers: 681 to 690.
    assert _range(results["just-680"].verdict) == (681, 690)
    assert results["just-680"].verdict.verdict == "unverifiable"  # '680' is 675 to 685: part in, part out
    assert results["nearly-700"].verdict.verdict == "consistent"  # 'nearly 700': 630 up to 700


def test_a_published_nearly_is_read_below_the_figure(results):
    # 'nearly 10,000' published: 10% below at most, 10,000 excluded, whole numbers: 9,000 to 9,999.
    assert _range(results["about-10000"].verdict) == (9000, 9999)
    assert results["about-10000"].verdict.verdict == "consistent"  # 'about 10,000': 9,000 to 11,000
    assert results["more-than-10000"].verdict.verdict == "inconsistent"  # all of it below 10,000


# --- monthly_average ------------------------------------------------------------------------------------------------


def test_monthly_average_of_a_count_for_the_period(example):
    verdict = example["incidents-a-month-2023"].verdict
    assert _range(verdict) == (4200 / 12, 4200 / 12)
    assert verdict.verdict == "consistent as a bound"  # 'over 300 a month' reads up to 330; 350 is beyond
    assert verdict.beyond == pytest.approx((350 - 300) / 300)


def test_monthly_average_of_a_per_month_figure(results):
    verdict = results["per-month"].verdict  # '2,269 a month' published: read to its last digit, ±0.5
    assert _range(verdict) == (pytest.approx(2268.5), pytest.approx(2269.5))
    assert verdict.verdict == "consistent"  # 'about 2,300': 2,200 to 2,400


def test_monthly_average_across_two_quarters_if_the_series_never_fell(example):
    # Quarters of A = 900 (Jan-Mar) and B = 1,200 (Apr-Jun), months never falling. March is the
    # largest month of Q1, so at least A/3; April is the smallest of Q2, so at most B/3; and
    # March <= April. Hence March + April runs from 2 A/3 (both at A/3) to 2 B/3 (both at B/3).
    verdict = example["incidents-spring-2024"].verdict
    assert _range(verdict) == (pytest.approx(2 * 900 / 3 / 2), pytest.approx(2 * 1200 / 3 / 2))  # 300 to 400
    assert verdict.verdict == "inconsistent"  # 'nearly 500 a month': 450 up to 500
    assert verdict.allowed_if and "never fell" in verdict.allowed_if


def test_monthly_average_of_one_month_inside_a_quarter_if_the_series_never_fell(results):
    # June is the largest month of Q2 (B = 1,200), so at least B/3; at most B less April and May,
    # each at least March, itself at least A/3 (A = 900): B - 2 A/3.
    verdict = results["june"].verdict
    assert _range(verdict) == (pytest.approx(1200 / 3), pytest.approx(1200 - 2 * 900 / 3))  # 400 to 600
    assert verdict.verdict == "unverifiable"  # '500 a month' is 450 to 550: inside 400 to 600, not all of it


# --- rate_per_1000 --------------------------------------------------------------------------------------------------


def test_rate_per_1000(results, example):
    verdict = results["rate-37"].verdict
    assert _range(verdict) == (pytest.approx(1000 * 37 / 12400), pytest.approx(1000 * 37 / 12400))  # 2.98
    assert verdict.verdict == "consistent"  # 'about 3 per 1,000': 3 ± 10% = 2.7 to 3.3
    rate = example["incident-rate-2023"].verdict
    assert (rate.reproduced, rate.verdict) == (1000 * 4200 / 350000, "reproduced")


def test_a_rate_across_mismatched_periods_is_refused(example):
    verdict = example["incident-rate-2023"].readings[1]  # incidents of 2023 over a census day of 2021
    assert _range(verdict) == (None, None) and verdict.verdict == "unverifiable"
    assert "2023-01-01 to 2023-12-31" in verdict.reason and "2021-03-21" in verdict.reason


# --- percent_change and multiple ------------------------------------------------------------------------------------


def test_percent_change(example):
    verdict = example["rise-2022-2023"].verdict
    assert verdict.reproduced == pytest.approx(100 * (4200 / 3360 - 1)) and verdict.verdict == "reproduced"


def test_percent_change_with_no_base_says_the_base_it_implies(example):
    verdict = example["rise-since-2015"].verdict
    assert _range(verdict) == (None, None) and verdict.verdict == "unverifiable"
    assert f"base of about {4200 / (1 + 200 / 100):,.0f}" in verdict.reason  # 1,400
    assert "no count of incidents for 2015" in verdict.reason


def test_percent_change_from_at_most_a_figure_is_at_least_a_change(results):
    # From at most 170 to "more than 680" (681 to 690): at least 100 × (681 / 170 - 1) = 300.6%, no upper end.
    verdict = results["at-least-300-percent"].verdict
    assert _range(verdict) == (pytest.approx(100 * (681 / 170 - 1)), math.inf)
    assert verdict.verdict == "consistent as a bound"  # 'more than 300%': true of 300.6% and above


def test_multiple(example):
    verdict = example["times-2018"].verdict
    assert verdict.reproduced == pytest.approx(4200 / 1900)  # 2.21
    assert verdict.verdict == "inconsistent"  # 'nearly 3': 2.7 up to 3


def test_multiple_of_two_hedged_figures(results):
    # 'more than 20,000' (20,001 to 22,000) against 'nearly 10,000' (9,000 to 9,999).
    verdict = results["more-than-double"].verdict
    assert _range(verdict) == (pytest.approx(20001 / 9999), pytest.approx(22000 / 9000))
    assert verdict.verdict == "consistent as a bound"  # all above 2, but up to 2.44, past the 2.2 it reads


# --- proportion_at_cut ----------------------------------------------------------------------------------------------


def test_proportion_at_cut_with_one_count_each(example):
    # 75% of 40 (74.5% to 75.5%: 29.8 to 30.2, so 30) and 92.5% of 160 (147.92 to 148.08, so 148).
    verdict = example["risk-tool-accuracy"].verdict
    assert verdict.reproduced == pytest.approx(100 * (30 + 148) / 200)  # 89%
    low, high = wilson(178, 200)
    assert (verdict.lower, verdict.upper) == (pytest.approx(100 * low), pytest.approx(100 * high))
    assert verdict.verdict == "consistent"  # 'about 90%': 81% to 99%


def test_proportion_at_cut_with_hedged_rates_gives_a_range_of_whole_counts(results):
    # 'about 80%' of 50: 72% to 88%, 36 to 44; '90%' of 50: 85% to 95%, 42.5 to 47.5, so 43 to 47.
    verdict = results["at-cut"].verdict
    assert _range(verdict) == (pytest.approx(100 * (36 + 43) / 100), pytest.approx(100 * (44 + 47) / 100))
    assert verdict.verdict == "unverifiable"  # '85%' (84.5% to 85.5%) lies inside 79% to 91%


# --- share ----------------------------------------------------------------------------------------------------------


def test_share(example):
    verdict = example["false-alarm-share"].verdict
    assert verdict.reproduced == pytest.approx(100 * 2310 / 4200)  # 55%
    assert verdict.verdict == "consistent as a bound"  # 'more than 50%' read to the whole percent: up to 51%


def test_share_with_no_whole(results):
    verdict = results["share-no-whole"].verdict
    assert verdict.verdict == "unverifiable" and "no whole is published" in verdict.reason


# --- none -----------------------------------------------------------------------------------------------------------


def test_none_with_a_row_found(example):
    verdict = example["no-fire-deaths-2023"].verdict  # one figure of fire deaths in 2023
    assert _range(verdict) == (1, math.inf) and verdict.verdict == "inconsistent"


def test_none_with_no_row_found(example):
    verdict = example["no-station-closures-2023"].verdict
    assert _range(verdict) == (None, None) and verdict.verdict == "unverifiable"
    assert "an absence cannot be shown" in verdict.reason


# --- direction ------------------------------------------------------------------------------------------------------


def test_direction_steadily_on_monthly_figures(example):
    verdict = example["visits-rose-steadily-2024"].verdict  # 120, 130, 145, 150, 170, 185: up every month
    # The weakest step decides: the least monthly rise, March to April, 145 to 150.
    assert verdict.reproduced == pytest.approx(100 * (150 / 145 - 1))
    assert verdict.verdict == "consistent" and f"{100 * (185 / 120 - 1):.1f}%" in verdict.reason


def test_direction_steadily_on_yearly_figures_cannot_be_shown(example):
    verdict = example["incidents-rose-steadily"].verdict
    assert _range(verdict) == (None, None) and verdict.verdict == "unverifiable"
    assert f"{100 * (4200 / 3050 - 1):.1f}%" in verdict.reason  # the rise overall is said: 37.7%


def test_direction_steadily_is_false_when_a_month_falls(results):
    verdict = results["steadily-with-a-dip"].verdict  # 100, 110, 105 (a fall), 120, 130, 140
    assert verdict.verdict == "inconsistent"
    fall = 100 * (105 / 110 - 1)  # the one fall decides
    assert (verdict.low, verdict.high) == (pytest.approx(fall), pytest.approx(fall))


# --- the claims file's errors: each named with file, row and column -------------------------------------------------


def _problems(path, data, rows):
    _write_csv(path, CLAIM_COLUMNS, rows)
    with pytest.raises(DataError) as caught:
        check(claims=path, data_dir=data)
    return path, caught.value.problems


def _one(found, row, column, words):
    path, problems = found
    hits = [p for p in problems if (p.path, p.row, p.column) == (str(path), row, column)]
    assert hits and words in hits[0].reason, [str(p) for p in problems]


@pytest.fixture(scope="module")
def file_problems(invented):
    """A claims file with a problem on each row that reading it finds (all reported at once)."""
    rows = [
        _claim("differs", "count", 170, "count", "f-170"),
        _claim("differs", "count", 171, "count", "f-170", reading="other"),  # row 3
        _claim("role", "count", 170, "count", "numerator=f-170"),  # row 4
        _claim("no-reason", "share", 50, "percent", "part=f-part"),  # row 5
    ]
    return _problems(invented.parent / "bad-file.csv", invented, rows)


@pytest.fixture(scope="module")
def check_problems(invented):
    """A claims file with a problem on each row that checking it finds (all reported at once)."""
    rows = [
        _claim("unknown", "count", 170, "count", "f-171"),  # row 2
        _claim("own", "count", 4200, "count", "f-own"),  # row 3
        _claim("delete", "none", 0, "count", query="DELETE FROM figures"),  # row 4
        _claim("two", "none", 0, "count", query="SELECT 1 AS value; SELECT 2 AS value"),  # row 5
        _claim("file", "none", 0, "count", query="SELECT count(*) AS value FROM read_csv('claims.csv')"),  # row 6
    ]
    return _problems(invented.parent / "bad-check.csv", invented, rows)


def test_a_claim_column_that_differs_between_readings(file_problems):
    _one(file_problems, 3, "value", "differs from row 2")


def test_an_unknown_role(file_problems):
    _one(file_problems, 4, "against", "numerator, which a count does not take")


def test_missing_unverifiable_because(file_problems):
    _one(file_problems, 5, "unverifiable_because", "gives no whole")


def test_an_unknown_figure_id(check_problems):
    _one(check_problems, 2, "against", "names the figure 'f-171'")


def test_a_claim_checked_against_its_own_statement(check_problems):
    _one(check_problems, 3, "against", "its own statement")


@pytest.mark.parametrize("row", [4, 5], ids=["delete", "two-statements"])
def test_a_query_that_is_not_one_select(check_problems, row):
    _one(check_problems, row, "query", "must be one SELECT statement")


def test_a_query_reading_a_file_is_refused(check_problems):
    _one(check_problems, 6, "query", "file system operations are disabled")


def test_a_query_that_runs_too_long_is_stopped(tmp_path, invented, monkeypatch):
    monkeypatch.setitem(claim_figures.QUERY_LIMITS, "seconds", 0.05)
    query = "SELECT sum(x % 7) AS value FROM range(10000000000) AS t(x)"  # minutes of work, stopped
    found = _problems(tmp_path / "claims.csv", invented, [_claim("c", "none", 0, "count", query=query)])
    _one(found, 2, "query", "stopped after 0.05 s")
