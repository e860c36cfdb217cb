import hashlib
import re

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


# A small sources table in the shape of data/sources.csv: two documents from one agency (one without a
# link), a journal article with co-authors, a web page whose producer carries an aside.
SOURCES = [
    {
        "source_id": "nca-2020-04-03",
        "title": "A press release",
        "producer": "National Crime Agency",
        "date_published": "2020-04-03",
        "url": "https://www.nationalcrimeagency.gov.uk/news/a-very-long-address-that-would-wrap-on-any-chart-footer",
        "kind": "press_release",
    },
    {
        "source_id": "nca-ara-2016-17",
        "title": "[Annual report 2016-17]",
        "producer": "National Crime Agency",
        "date_published": "2017",
        "url": "",
        "kind": "annual_report",
    },
    {
        "source_id": "seto-2011",
        "title": "Contact sexual offending",
        "producer": "Seto, Hanson & Babchishin, Sexual Abuse 23(1), 124-145",
        "date_published": "2011",
        "url": "",
        "kind": "journal_article",
        "doi": "10.1177/1079063210369013",
    },
    {
        "source_id": "drake-2017-03-15",
        "title": "Slides",
        "producer": "Jonathan Drake (police slide deck; data attributed to the NCA)",
        "date_published": "2017-03-15",
        "url": "https://slideplayer.example/slide/1",
        "kind": "slide_deck",
    },
]


def _references():
    return [provenance.Source(**row).reference() for row in SOURCES]


def test_the_short_source_line_names_producers_and_keys_the_full_line_titles_and_links():
    refs = _references()
    # Written out by hand from the table above: producers shortened (acronym only where the key starts with it,
    # first author et al., no asides), keys grouped under their producer in order of first mention.
    assert provenance.short_source_line([*refs, refs[0]]) == (
        "Source: NCA [nca-2020-04-03, nca-ara-2016-17]; Seto et al. [seto-2011]; Jonathan Drake [drake-2017-03-15]"
    )
    assert provenance.full_source_line(refs[:3]) == (
        f"Source: A press release ({SOURCES[0]['url']}) and [Annual report 2016-17] from National Crime Agency; "
        "Contact sexual offending (doi:10.1177/1079063210369013) from Seto, Hanson & Babchishin, Sexual Abuse 23(1), "
        "124-145"
    )
    assert [r.record() for r in refs[2:3]] == [
        {
            "key": "seto-2011",
            "title": "Contact sexual offending",
            "producer": "Seto, Hanson & Babchishin, Sexual Abuse 23(1), 124-145",
            "url": "doi:10.1177/1079063210369013",
            "kind": "journal_article",
        }
    ]


def test_every_bundled_document_is_keyed_by_its_source_id_and_no_link_reaches_the_short_line():
    import csv

    with open(provenance.bundled_data_dir() / "sources.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    from inquiry_analysis.io import references

    refs = references(*(row["source_id"] for row in rows))
    line = provenance.short_source_line(refs)
    # A key is listed after "[" or ", " and ends at "," or "]" (a producer may itself be "[issuer not located]").
    keys = re.findall(r"(?:\[|, )([^\s,\[\]]+)(?=[,\]])", line)
    assert sorted(keys) == sorted(row["source_id"] for row in rows)
    assert not re.search(r"https?:|doi:|www\.", line)
    # The producers a reader sees: words of the producer sources.csv records, or the capitals that start it.
    for row, reference in zip(rows, refs, strict=True):
        short = reference.short_producer.removesuffix(" et al.")
        capitals = "".join(c for c in row["producer"] if c.isupper())
        words = set(re.findall(r"[^\s,;()]+", row["producer"]))
        assert set(short.split()) <= words or capitals.startswith(short), short


def test_a_users_file_is_named_with_its_sha256_in_both_lines():
    mine = provenance.InputFile(name="referrals.xlsx", sha256="0123456789ab" + "f" * 52, bytes=10, sheet="Data")
    line = "Source: referrals.xlsx, sheet 'Data' (the analyst's own file, sha256 0123456789ab…)"
    assert provenance.short_source_line([mine.reference()]) == line == provenance.full_source_line([mine.reference()])
    assert mine.source_line() == line
    assert mine.reference().record()["sha256"] == mine.sha256 and mine.reference().key == "referrals.xlsx"
