"""The exhibit spreadsheet: cover, contents, notes and table to the Analysis Function's standard, and its date.

The tables here are synthetic, made up by the tests in the shapes this package's tables take.
Only the spreadsheet is written (no chart is drawn), so these tests are quick.
"""

import datetime as dt
import subprocess
import zipfile

import openpyxl
import pandas as pd
import pytest

from inquiry_analysis import __version__, exhibits, provenance
from inquiry_analysis.exhibits.spreadsheet import readable_header

RATES = pd.DataFrame(
    {
        "series": ["Synthetic reports", "Synthetic reports"],
        "period": ["2015-16", "2016"],
        "period_start": ["2015-04-01", "2016-01-01"],
        "period_end": ["2016-03-31", "2016-12-31"],
        "per_month": [484.3333333333333, 1573.91666],
        "lower": [472.04, 1551.5],
        "upper": [496.94, 1596.52],
        "derived": ["5,812 ÷ 12 months", None],
    }
)
RATES.attrs["decimals"] = {"per_month": 1, "lower": 1, "upper": 1}


def rates_exhibit(**changes):
    fields = {
        "exhibit_id": "IA-98",
        "title": "Synthetic reports more than tripled",
        "subtitle": "Synthetic test data: reports a month, 2015-16 and 2016",
        "source": "Source: synthetic test data from the inquiry-analysis test suite",
        "alt_text": "Two levels: 484 a month in 2015-16 and 1,574 in 2016.",
        "data": RATES,
        "notes": ("Made up by the tests; not a published figure.", "A second note."),
    }
    fields.update(changes)
    return exhibits.Exhibit(**fields)


def cells(sheet):
    return [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """One workbook of the synthetic rates, for the tests that only read it."""
    path = tmp_path_factory.mktemp("spreadsheet") / "IA-98.xlsx"
    exhibits.export._write_spreadsheet(rates_exhibit(), path)
    return openpyxl.load_workbook(path)


def test_a_cover_contents_and_notes_come_before_the_table(book):
    assert book.sheetnames == ["Cover", "Contents", "Notes", "IA-98"]


def test_the_cover_says_what_the_table_shows_its_source_how_to_cite_it_and_its_date(book):
    cover = cells(book["Cover"])
    assert cover[0] == "Exhibit IA-98: Synthetic reports more than tripled"
    assert "What the chart shows: Two levels: 484 a month in 2015-16 and 1,574 in 2016." in cover
    assert "Source: synthetic test data from the inquiry-analysis test suite" in cover
    assert f"Cite as: Exhibit IA-98, Synthetic reports more than tripled, inquiry-analysis {__version__}." in cover
    assert any(str(line).startswith("Date: ") for line in cover)


def test_the_contents_link_to_the_table(book):
    sheet = book["Contents"]
    link = next(c for row in sheet.iter_rows() for c in row if c.value == "IA-98")
    assert link.hyperlink.location == "'IA-98'!A1"
    assert any("Synthetic reports more than tripled" in str(c) for c in cells(sheet))


def test_the_notes_sheet_numbers_the_notes_the_title_refers_to(book):
    assert "Made up by the tests; not a published figure." in cells(book["Notes"])
    assert cells(book["IA-98"])[0] == "Synthetic reports more than tripled [note 1][note 2]"


def header_row(sheet):
    return next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Series")


def test_headings_are_readable_and_the_source_keeps_its_label(book):
    assert header_row(book["IA-98"]) == (
        "Series",
        "Period",
        "Period start",
        "Period end",
        "Average per month",
        "Lower 95% limit",
        "Upper 95% limit",
        "How derived",
    )
    assert "Source: synthetic test data from the inquiry-analysis test suite" in cells(book["IA-98"])


def test_dates_are_dates_and_numbers_are_numbers_rounded_as_exported(book):
    rows = list(book["IA-98"].iter_rows())
    first = next(row for row in rows if row[0].value == "Synthetic reports")
    start, end, rate, lower = first[2], first[3], first[4], first[5]
    assert start.value == dt.datetime(2015, 4, 1) and start.is_date and start.number_format == "yyyy-mm-dd"
    assert end.value == dt.datetime(2016, 3, 31)
    assert rate.value == 484.3 and isinstance(rate.value, float) and rate.number_format == "#,##0.0"
    assert lower.value == 472.0
    second = rows[rows.index(first) + 1]
    assert second[4].value == 1573.9 and second[7].value == "[x]"
    assert any("Cells marked [x] do not apply to that row." in str(c) for c in cells(book["IA-98"]))


def test_withheld_cells_stay_marked_and_explained(tmp_path):
    table = pd.DataFrame({"level": ["Low", "High"], "assessed": ["[c]", 40], "rate": ["[c]", 0.754321]})
    exhibit = rates_exhibit(data=table, decimals={"rate": 4}, notes=())
    exhibits.export._write_spreadsheet(exhibit, tmp_path / "IA-98.xlsx")
    book = openpyxl.load_workbook(tmp_path / "IA-98.xlsx")
    assert book.sheetnames == ["Cover", "Contents", "IA-98"]
    values = [list(row) for row in book["IA-98"].iter_rows(values_only=True)]
    assert ["Risk level", "People assessed", "Share with the outcome\n(proportion)"] in values
    assert ["Low", "[c]", "[c]"] in values and ["High", 40, 0.7543] in values
    assert any("Cells marked [c] are withheld to protect confidentiality" in str(c) for c in cells(book["IA-98"]))


def test_dates_beside_blanks_and_withheld_cells_are_still_dates(tmp_path):
    table = pd.DataFrame(
        {
            "referral_date": ["2017-01-05", "[c]", None],
            "period_end": ["2017-01-31", None, "2017-03-31"],
            "not_a_date_end": ["2017-02-30", "2017-01-01", "2017-01-02"],
            "count": [1, 2, 3],
        }
    )
    exhibits.export._write_spreadsheet(rates_exhibit(data=table, notes=()), tmp_path / "IA-98.xlsx")
    values = [list(row) for row in openpyxl.load_workbook(tmp_path / "IA-98.xlsx")["IA-98"].iter_rows(values_only=True)]
    assert ["Referral date", "Period end", "Not a date end", "Count"] in values
    assert [dt.datetime(2017, 1, 5), dt.datetime(2017, 1, 31), "2017-02-30", 1] in values
    assert ["[c]", "[x]", "2017-01-01", 2] in values and ["[x]", dt.datetime(2017, 3, 31), "2017-01-02", 3] in values


@pytest.mark.parametrize(
    ("column", "header"),
    [
        ("per_month", "Average per month"),
        ("per_1000", "Per 1,000 referrals"),
        ("lower", "Lower 95% limit"),
        ("upper", "Upper 95% limit"),
        ("period_start", "Period start"),
        ("ppv_lower", "Positive predictive value, lower 95% limit"),
        ("rated positive", "Rated positive"),
        ("count_of_things", "Count of things"),
        ("Without outcome", "Without outcome"),
    ],
)
def test_readable_headers(column, header):
    assert readable_header(column) == header


def test_the_interval_heading_states_the_tables_confidence_level():
    assert readable_header("upper", confidence_level=0.9) == "Upper 90% limit"


def core_properties(path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("docProps/core.xml").decode("utf-8")


def test_created_and_modified_are_source_date_epoch_when_it_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    exhibits.export._write_spreadsheet(rates_exhibit(), tmp_path / "IA-98.xlsx")
    book = openpyxl.load_workbook(tmp_path / "IA-98.xlsx")
    assert book.properties.created == book.properties.modified == dt.datetime(2023, 11, 14, 22, 13, 20)
    assert book.properties.created.date() != dt.date(2018, 1, 24)
    assert "Date: 2023-11-14, the build date set by SOURCE_DATE_EPOCH." in cells(book["Cover"])


def test_without_source_date_epoch_the_date_is_the_last_commit_to_the_inputs(tmp_path, monkeypatch):
    root = provenance.checkout()
    if root is None:
        pytest.skip("not running from a checkout")
    done = subprocess.run(
        ["git", "log", "-1", "--format=%cI", "--", "inquiry_analysis", "data", "pyproject.toml", "requirements.lock"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        pytest.skip("no git history")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    exhibits.export._write_spreadsheet(rates_exhibit(), tmp_path / "IA-98.xlsx")
    committed = dt.datetime.fromisoformat(done.stdout.strip()).astimezone(dt.UTC).replace(tzinfo=None)
    assert openpyxl.load_workbook(tmp_path / "IA-98.xlsx").properties.created == committed


def test_with_neither_the_file_carries_no_date_and_stays_reproducible(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(provenance, "_git", lambda *args: None)
    exhibits.export._write_spreadsheet(rates_exhibit(), tmp_path / "a.xlsx")
    exhibits.export._write_spreadsheet(rates_exhibit(), tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    core = core_properties(tmp_path / "a.xlsx")
    assert "<dc:title>Synthetic reports more than tripled</dc:title>" in core
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    cover = cells(openpyxl.load_workbook(tmp_path / "a.xlsx")["Cover"])
    assert any(str(line).startswith("Date: not recorded.") for line in cover)


def test_a_malformed_source_date_epoch_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2018-01-24")
    with pytest.raises(
        ValueError,
        match=r"expected SOURCE_DATE_EPOCH to be a whole number of seconds since "
        r"1970-01-01 UTC, got '2018-01-24'",
    ):
        exhibits.export._write_spreadsheet(rates_exhibit(), tmp_path / "IA-98.xlsx")


def test_empty_text_is_marked_as_not_applying_like_a_missing_value():
    from inquiry_analysis.exhibits import spreadsheet as _spreadsheet

    data, text = _spreadsheet._instructions(pd.DataFrame({"how": ["derived", " ", ""], "n": [1.0, None, 2.0]}), False)
    assert data.values.tolist() == [["derived", 1.0], ["[x]", "[x]"], ["[x]", 2.0]]
    assert text.endswith("Cells marked [x] do not apply to that row.")
