"""The claims check written out: typed JSON and CSV beside the display strings, on the bundled data.

Expected numbers are the published figures (data/referrals.csv, data/kirat.csv) and the readings
worked out by hand from the tolerance rule (READINGS in test_claims.py), never pasted output.
"""

import csv
import io
import json
import math
import re

import pytest

from inquiry_analysis import claims, cli
from inquiry_analysis import io as ia_io
from inquiry_analysis.claims.file import claims_from_table
from inquiry_analysis.claims.report import CSV_FIELDS, DISPLAY_FIELDS, FIELDS
from inquiry_analysis.metrics import tolerance
from tests.hand import wilson

NUMBER_FIELDS = (
    "claimed_value",
    "precision",
    "tolerance_low",
    "tolerance_high",
    "data_value",
    "data_low",
    "data_high",
    "ci_lower",
    "ci_upper",
)

# claim: (claimed, unit, qualifier, precision, tolerance low, tolerance high), from the wording by hand
READINGS = {
    "referrals-2017": (80000, "count", "about", 10000, 72000, 88000),  # 80,000 ± min(10,000, 8,000)
    "referrals-monthly-2016": (3500, "per_month", "", 100, 3450, 3550),
    "arrests-2016-17": (170, "count", "", 10, 165, 175),
    "no-national-ops": (0, "count", "", 0, 0, 0),
    "kirat-accuracy": (83.7, "percent", "", 0.1, 83.65, 83.75),  # percent on the 0-100 scale
}
NOTHING_PUBLISHED = ("arrests-2016-17", "no-national-ops")


@pytest.fixture(scope="module")
def results(bundled_check):
    return list(bundled_check)


@pytest.fixture(scope="module")
def records(results):
    return {r["claim_id"]: r for r in json.loads(claims.format_check(results, "json"))}


@pytest.fixture(scope="module")
def rows(results):
    return {r["claim_id"]: r for r in csv.DictReader(io.StringIO(claims.format_check(results, "csv")))}


def test_json_gives_the_claimed_figure_and_its_reading_as_numbers(records):
    assert list(records)[: len(READINGS) + 1] == [*READINGS][:2] + ["referrals-climbed-since-2015"] + [*READINGS][2:]
    for claim_id, (claimed, unit, qualifier, precision, low, high) in READINGS.items():
        r = records[claim_id]
        assert (r["claimed_value"], r["unit"], r["qualifier"]) == (pytest.approx(claimed), unit, qualifier)
        assert r["precision"] == pytest.approx(precision)
        assert (r["tolerance_low"], r["tolerance_high"]) == (pytest.approx(low), pytest.approx(high))
        assert r["expected"] == r["verdict"] and r["ok"] is True


def test_json_referrals_2017_gives_the_published_82109(records):
    r = records["referrals-2017"]
    assert (r["claimed"], r["claimed_value"], r["tolerance_low"], r["tolerance_high"]) == (
        "about 80,000",
        80000,
        72000,
        88000,
    )
    # 82,109: Home Office PQ 214554 and NPCC, 6 September 2018 (data/referrals.csv), one value, so a range of one.
    assert (r["published_data_give"], r["data_value"], r["data_low"], r["data_high"]) == (
        "82,109",
        82109,
        82109,
        82109,
    )
    assert (r["ci_lower"], r["ci_upper"], r["basis"], r["allowed_if"]) == (None, None, "published", "")
    assert r["source_ids"] == ["ho-pq-214554", "npcc-2018-09-06"] and r["sources"] == "ho-pq-214554, npcc-2018-09-06"
    assert r["verdict"] == "consistent"
    assert r["claim"].startswith("About 80,000 potential cases of online child abuse")


def test_json_kirat_accuracy_gives_percent_with_its_wilson_interval(records):
    r = records["kirat-accuracy"]
    # 97.6% of 170 and 62.3% of 204 fix 166 and 127 correct: 293 of 374, in percent (0-100), not a fraction.
    assert r["unit"] == "percent"
    assert r["data_value"] == r["data_low"] == r["data_high"] == pytest.approx(100 * 293 / 374)
    assert round(r["data_value"], 1) == 78.3
    low, high = wilson(293, 374)
    assert (r["ci_lower"], r["ci_upper"]) == (pytest.approx(100 * low), pytest.approx(100 * high))
    assert (round(r["ci_lower"], 1), round(r["ci_upper"], 1)) == (73.9, 82.2)
    assert r["published_data_give"] == "78.3% (derived; 95% CI 73.9 to 82.2%)"
    assert (r["basis"], r["verdict"]) == ("derived", "inconsistent")
    assert r["data_high"] < r["tolerance_low"]  # 78.3 below 83.65: why it is inconsistent


def test_json_monthly_claim_gives_a_range_and_no_single_value(records):
    r = records["referrals-monthly-2016"]
    # Never-falling bounds from the annual averages 2,269 and 3,545 a month (see test_claims.py).
    assert r["data_value"] is None
    assert (r["data_low"], r["data_high"]) == (pytest.approx(2268.5), pytest.approx((42546 - 5 * 2268.5) / 7))
    assert (r["basis"], r["allowed_if"]) == ("derived", "if the series never fell across 2015 and 2016")
    assert (r["ci_lower"], r["ci_upper"], r["verdict"]) == (None, None, "unverifiable")


@pytest.mark.parametrize("claim_id", NOTHING_PUBLISHED)
def test_json_claims_with_no_published_figure_have_null_values(records, claim_id):
    r = records[claim_id]
    assert [r[k] for k in ("data_value", "data_low", "data_high", "ci_lower", "ci_upper", "basis")] == [None] * 6
    assert (r["published_data_give"], r["verdict"]) == ("no published figure", "unverifiable")
    assert r["source_ids"] == [] and r["sources"] == ""  # no figure was used


def test_json_keys_types_and_order_are_fixed(results):
    text = claims.format_check(results, "json")
    assert text == claims.format_check(claims.check(), "json")  # deterministic
    assert text.endswith("]\n") and "NaN" not in text and "Infinity" not in text

    def refuse(constant):
        raise AssertionError(f"{constant} in the JSON")

    parsed = json.loads(text, parse_constant=refuse)
    for record in parsed:
        assert tuple(record) == FIELDS
        for key in NUMBER_FIELDS:
            assert record[key] is None or (type(record[key]) is float and math.isfinite(record[key])), key
        assert type(record["ok"]) is bool and isinstance(record["source_ids"], list)
        assert isinstance(record["readings"], list) and record["readings"][0]["verdict"] == record["verdict"]
        for key in set(FIELDS) - set(NUMBER_FIELDS) - {"ok", "source_ids", "basis", "readings"}:
            assert isinstance(record[key], str), key
    # Floats are written as Python's repr: the exact double, not a rounded display value.
    assert '"data_value": 82109.0,' in text and '"data_value": 78.3422,' in text  # six significant digits


def test_display_strings_keep_their_keys_and_text(results, records, rows):
    table = claims.check_table(results)
    assert list(table.columns) == list(DISPLAY_FIELDS) == list(FIELDS[: len(DISPLAY_FIELDS)])
    for row in table.to_dict("records"):
        assert {k: records[row["claim_id"]][k] for k in DISPLAY_FIELDS} == row
        assert {k: rows[row["claim_id"]][k] for k in DISPLAY_FIELDS} == row


def test_text_and_markdown_still_print_the_display_strings(results):
    text = claims.format_check(results, "text")
    assert re.match(r"referrals-2017 +CONSISTENT +claimed about 80,000; published data: 82,109\n", text)
    assert "82109" not in text and "72000" not in text
    markdown = claims.format_check(results, "markdown")
    assert "| `referrals-2017` | about 80,000 | 82,109 | **consistent** |" in markdown
    assert "82109" not in markdown and "78.342" not in markdown


def test_csv_gives_the_numbers_unformatted_in_their_own_columns(results, records, rows):
    header = next(csv.reader(io.StringIO(claims.format_check(results, "csv"))))
    assert tuple(header) == CSV_FIELDS and "source_ids" not in header
    r = rows["referrals-2017"]
    assert [
        r[k]
        for k in (
            "claimed_value",
            "tolerance_low",
            "tolerance_high",
            "data_value",
            "data_low",
            "data_high",
            "ci_lower",
            "ci_upper",
        )
    ] == ["80000.0", "72000.0", "88000.0", "82109.0", "82109.0", "82109.0", "", ""]
    assert (r["claimed"], r["published_data_give"], r["unit"], r["ok"]) == ("about 80,000", "82,109", "count", "true")
    k = rows["kirat-accuracy"]
    assert float(k["data_value"]) == pytest.approx(100 * 293 / 374)
    assert (round(float(k["ci_lower"]), 1), round(float(k["ci_upper"]), 1)) == (73.9, 82.2)
    for claim_id in NOTHING_PUBLISHED:
        assert [rows[claim_id][c] for c in ("data_value", "data_low", "data_high", "basis")] == ["", "", "", ""]
    plain = re.compile(r"-?\d+\.\d+(e[+-]\d+)?")  # Python's repr of a float: "." decimal, no separators
    for claim_id, row in rows.items():
        for key in NUMBER_FIELDS:
            cell, value = row[key], records[claim_id][key]
            assert (cell == "") if value is None else (plain.fullmatch(cell) and float(cell) == value), (claim_id, key)


def test_no_nan_reaches_the_output():
    reading = tolerance.read_figure(80000, qualifier="about")
    verdict = claims.Verdict(
        claim_id="x",
        claimed=80000,
        unit="count",
        reading=reading,
        reproduced=82109,
        low=82109,
        high=82109,
        lower=math.nan,
        upper=math.inf,
        sources=(),
        reason="",
        notebook="",
    )
    claim = claims_from_table(ia_io.load_table("claims"))[0]
    result = claims.CheckResult(claim=claim, readings=(verdict, verdict))
    [record] = json.loads(claims.format_check([result], "json"))
    assert (record["ci_lower"], record["ci_upper"], record["data_value"]) == (None, None, 82109)
    [row] = csv.DictReader(io.StringIO(claims.format_check([result], "csv")))
    assert (row["ci_lower"], row["ci_upper"]) == ("", "")


def test_no_claims_give_an_empty_list_and_a_header():
    assert claims.format_check([], "json") == "[]\n"
    assert claims.format_check([], "csv") == ",".join(CSV_FIELDS) + "\n"


def test_every_field_is_documented():
    doc = claims.check_records.__doc__
    for key in FIELDS:
        assert f"``{key}``" in doc, key
    assert "check_records" in claims.format_check.__doc__


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_command_prints_the_typed_records(capsys, fmt):
    assert cli.main(["check", "--format", fmt]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    if fmt == "json":
        got = {r["claim_id"]: r for r in json.loads(out)}
        assert (got["referrals-2017"]["data_value"], got["referrals-2017"]["tolerance_low"]) == (82109, 72000)
        assert got["kirat-accuracy"]["data_value"] == pytest.approx(100 * 293 / 374)
        assert got["arrests-2016-17"]["data_value"] is None
    else:
        got = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(out))}
        assert (got["referrals-2017"]["data_value"], got["arrests-2016-17"]["data_value"]) == ("82109.0", "")
    assert set(READINGS) <= set(got) and len(got) >= 15
