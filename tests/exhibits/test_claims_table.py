"""What the claims check says (the verdict count and IA-07), against the verdicts claims.csv expects."""

import collections
import csv
import dataclasses

import pytest

import inquiry_analysis as ia
from inquiry_analysis import provenance
from inquiry_analysis.exhibits import claims_table
from tests.exhibits.test_referrals import raw


@pytest.fixture(scope="module")
def results(bundled_check):
    return list(bundled_check)


def principal_rows():
    """The first row of each claim in claims.csv: its principal reading."""
    with open(provenance.bundled_data_dir() / "claims.csv", encoding="utf-8") as f:
        rows = {}
        for row in csv.DictReader(f):
            rows.setdefault(row["claim_id"], row)
    return rows


def expected_counts():
    """Verdicts as claims.csv records them: most common first, ties in the order the claims give them."""
    verdicts = [row["expected_verdict"] for row in principal_rows().values()]
    counts = collections.Counter(verdicts)
    return sorted(counts.items(), key=lambda item: (-item[1], verdicts.index(item[0])))


def test_verdict_summary_counts_the_verdicts_claims_csv_expects(results):
    counted = ", ".join(f"{n} {verdict}" for verdict, n in expected_counts())
    assert claims_table.verdict_summary(results) == f"{counted}\nall verdicts as expected"


def test_verdict_summary_says_when_a_verdict_differs(results):
    first = results[0]
    principal = dataclasses.replace(first.claim.readings[0], expected="inconsistent")
    claim = dataclasses.replace(first.claim, readings=(principal, *first.claim.readings[1:]))
    changed = [dataclasses.replace(first, claim=claim), *results[1:]]
    assert claims_table.verdict_summary(changed).endswith("\na verdict differs from the one expected")


def test_ia07_title_counts_what_the_data_support_contradict_and_cannot_check(results):
    counts = dict(expected_counts())
    exhibit = claims_table.check_exhibit(results, claims=ia.load_claims())
    fit = counts.get("consistent", 0) + counts.get("reproduced", 0)
    assert exhibit.title == (
        f"Of {sum(counts.values())} figures checked, {fit} fit the published data, "
        f"{counts['consistent as a bound']} hold only as a bound, {counts.get('inconsistent', 0)} is contradicted by "
        f"them and {counts.get('unverifiable', 0)} cannot be checked"
    )
    years = sorted({row["said_on"][:4] for row in principal_rows().values()})
    assert exhibit.subtitle.startswith(f"Figures stated from {years[0]} to {years[-1]}")
    assert exhibit.alt_text.startswith("A table of the 20 claims. referrals-2017: claimed about 80,000,")
    assert "at most 10% either side" in exhibit.notes[0]
    # Every verdict's sources, and the press report each claim is known from.
    press = raw("sources", "source_id")["seed-article"]
    assert f"{press['title']} from {press['producer']}" in exhibit.source
    assert "Home Office" in exhibit.source  # referrals-2017's source
    assert exhibit.data["claim_id"].tolist() == list(principal_rows())


def test_ia07_wording_follows_the_verdicts(results):
    exhibit = claims_table.check_exhibit(results[:2], claims=ia.load_claims())
    assert exhibit.title == (
        "Of 2 figures checked, 1 fits the published data, 0 are contradicted by them and 1 cannot be checked"
    )
    assert exhibit.alt_text.startswith("A table of the two claims. ")


def test_ia07_data_carry_the_numbers_behind_the_words(results):
    """The claimed figure, the range its wording allows and what the data give, as numbers in the claim's unit."""
    exhibit = claims_table.check_exhibit(results, claims=ia.load_claims())
    rows = exhibit.data.set_index("claim_id")
    claim, published = principal_rows()["referrals-2017"], raw("referrals")["ref-2017-homeoffice"]
    first = rows.loc["referrals-2017"]
    # "about 80,000": a whole unit of 10,000 either side, capped at 10% of the figure: 80,000 ± 8,000.
    assert (first["unit"], first["claimed_value"]) == (claim["unit"], float(claim["value"]))
    assert (first["tolerance_low"], first["tolerance_high"]) == (72_000, 88_000)
    assert first["data_low"] == first["data_high"] == float(published["value"].replace(",", "")) == 82_109
    # A claim the published data cannot check gives no number, never a zero.
    assert rows.loc["npcc-2018-700-percent", ["data_low", "data_high"]].isna().all()
    numbers = exhibit.exported_data()[list(claims_table.NUMBER_COLUMNS[1:])]
    assert all(dtype.kind == "f" for dtype in numbers.dtypes)
