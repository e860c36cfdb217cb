"""data/datapackage.json is a valid Frictionless Data Package that any Frictionless tool can read."""

import pytest
from frictionless import validate

from inquiry_analysis import provenance


def test_datapackage_validates_with_frictionless():
    report = validate(str(provenance.bundled_data_dir() / "datapackage.json"))
    problems = [e.message for e in report.errors] + [
        f"{task.name}: {e.message}" for task in report.tasks for e in task.errors
    ]
    assert report.valid, problems


def test_frictionless_catches_a_changed_byte(data_copy):
    path = data_copy / "ncmec.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("10214753", "10214754"), encoding="utf-8")
    report = validate(str(data_copy / "datapackage.json"))
    assert not report.valid
    assert any("hash" in e.type for task in report.tasks for e in task.errors)


@pytest.mark.parametrize("resource", provenance.read_datapackage()["resources"], ids=lambda r: r["name"])
def test_every_resource_records_its_origin(resource):
    assert resource["hash"].startswith("sha256:") and resource["bytes"] > 0
    assert resource["schema"]["fields"] and resource["title"] and resource["description"]
    for origin in resource["sources"]:
        assert origin["title"] and origin["accessed"]
