"""The SYNTHETIC claims example (examples/claims): a valid data package of its own, labelled as invented throughout."""

import csv
import json

import jsonschema
import pytest
from frictionless import validate

from inquiry_analysis import cli, provenance
from inquiry_analysis.io import load_table
from tests.claims.test_claimreview import CLAIM_REVIEW_SCHEMA, URL_BASE

EXAMPLE = provenance.bundled_data_dir().parent / "examples" / "claims"
PACKAGE = json.loads((EXAMPLE / "data" / "datapackage.json").read_text(encoding="utf-8"))
BUNDLED_CLAIMS = provenance.DataPackage.open(provenance.bundled_data_dir()).resource("claims")


def test_the_example_package_validates_with_frictionless():
    report = validate(str(EXAMPLE / "data" / "datapackage.json"))
    problems = [e.message for e in report.errors] + [
        f"{task.name}: {e.message}" for task in report.tasks for e in task.errors
    ]
    assert report.valid, problems


def test_the_example_is_labelled_synthetic_everywhere():
    assert "SYNTHETIC" in (EXAMPLE / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert "SYNTHETIC" in PACKAGE["title"] and "SYNTHETIC" in PACKAGE["description"]
    for resource in PACKAGE["resources"]:
        assert "SYNTHETIC" in resource["title"] and "SYNTHETIC" in resource["description"], resource["name"]
    sources = load_table("sources", data_dir=EXAMPLE / "data")
    assert sources["title"].str.startswith("[SYNTHETIC]").all()
    assert sources["note"].str.startswith("SYNTHETIC").all()
    assert sources["url"].isna().all()  # invented documents have no address


@pytest.mark.parametrize("resource", PACKAGE["resources"], ids=lambda r: r["name"])
def test_every_resource_is_hashed_documented_and_loads(resource):
    assert resource["hash"].startswith("sha256:") and resource["bytes"] > 0
    assert all(field.get("description") for field in resource["schema"]["fields"])
    table = load_table(resource["name"], data_dir=EXAMPLE / "data")
    assert len(table) > 0


def test_the_claims_file_has_the_bundled_columns_and_an_expected_verdict_on_every_row():
    with open(EXAMPLE / "claims.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == [f["name"] for f in BUNDLED_CLAIMS["schema"]["fields"]]
    assert all(row["expected_verdict"] for row in rows)
    cited = {row["source_id"] for row in rows}
    assert cited <= set(load_table("sources", data_dir=EXAMPLE / "data").index)


def test_the_command_checks_the_example_against_its_own_package(capsys):
    args = ["check", "--claims", str(EXAMPLE / "claims.csv"), "--data", str(EXAMPLE / "data")]
    assert cli.main([*args, "--format", "json"]) == 0  # 0: every reading gets the verdict its row expects
    records = json.loads(capsys.readouterr().out)
    with open(EXAMPLE / "claims.csv", encoding="utf-8", newline="") as handle:
        principal = {}
        for row in csv.DictReader(handle):
            principal.setdefault(row["claim_id"], row["expected_verdict"])
    assert {r["claim_id"]: r["verdict"] for r in records} == principal


def test_the_examples_reviews_validate_and_cite_its_own_invented_sources(capsys):
    args = ["check", "--claims", str(EXAMPLE / "claims.csv"), "--data", str(EXAMPLE / "data")]
    assert cli.main([*args, "--format", "claimreview", "--url-base", URL_BASE]) == 0
    reviews = json.loads(capsys.readouterr().out)
    assert len(reviews) == 14
    validator = jsonschema.Draft202012Validator(CLAIM_REVIEW_SCHEMA)  # the fields the fact-check guidance requires
    assert [e.message for r in reviews for e in validator.iter_errors(r)] == []
    first = reviews[0]["itemReviewed"]["firstAppearance"]
    assert first["identifier"] == "fernholm-council-2024-02-07" and first["name"].startswith("[SYNTHETIC]")
