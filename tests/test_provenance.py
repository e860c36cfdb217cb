import hashlib

import pytest

from inquiry_analysis import provenance


def test_sha256_matches_hashlib(tmp_path):
    path = tmp_path / "synthetic.bin"
    payload = bytes(range(256)) * 5000  # larger than one read block
    path.write_bytes(payload)
    assert provenance.sha256_file(path) == hashlib.sha256(payload).hexdigest()
    assert provenance.sha256_bytes(payload) == hashlib.sha256(payload).hexdigest()


def test_bundled_package_checks_clean():
    checks = provenance.check_data_package()
    assert len(checks) == len(provenance.read_datapackage()["resources"]) == 9
    assert all(check.ok for check in checks), [str(c) for c in checks if not c.ok]


def test_check_names_a_changed_a_missing_and_an_unlisted_file(data_copy):
    (data_copy / "iwf.csv").write_bytes((data_copy / "iwf.csv").read_bytes() + b" ")
    (data_copy / "kirat.csv").unlink()
    (data_copy / "extra.csv").write_text("synthetic\n", encoding="utf-8")
    bad = {check.path.name: str(check) for check in provenance.check_data_package(data_copy) if not check.ok}
    assert set(bad) == {"iwf.csv", "kirat.csv", "extra.csv"}
    assert "sha256 is" in bad["iwf.csv"] and "but datapackage.json records" in bad["iwf.csv"]
    assert bad["kirat.csv"].endswith(
        "missing (expected sha256 "
        + provenance.expected_sha256(
            next(r for r in provenance.read_datapackage(data_copy)["resources"] if r["name"] == "kirat")
        )
        + ")"
    )
    assert bad["extra.csv"].endswith("present but not listed in datapackage.json")


def test_missing_datapackage_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="datapackage.json not found"):
        provenance.read_datapackage(tmp_path)
