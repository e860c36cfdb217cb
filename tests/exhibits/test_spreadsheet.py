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
        "Average\n(a month)",
        "Lower 95% limit\n(a month)",
        "Upper 95% limit\n(a month)",
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
        ("per_month", "Average"),
        ("per_1000", "Arrest rate"),
        ("referrals_per_month", "Referrals a month"),
        ("in_year_per_1000", "Arrests in the year"),
        ("in_year_lower", "Arrests in the year, lower 95% limit"),
        ("disseminated_upper", "Share disseminated, upper 95% limit"),
        ("within_12m_arrests", "Arrested within 12 months"),
        ("cohort_per_1000_at_base", "Cohort per 1,000 at base"),
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


# A second table shape: years, months, mixed period labels, whole and fractional values of one measure,
# counts, a code of the package's own and columns named with shorthand. Long cover and note text, one
# note holding an address longer than a line, so rows must wrap.
SHAPES = pd.DataFrame(
    {
        "year": ["2015", "2016", "2017"],
        "month": ["2016-05", "2016-06", "[c]"],
        "period": ["2015-16", "2016", "2017"],
        "per_month": [2269.0, 6842.416666, 3545.0],
        "referrals": [27228, 82109, 42540],
        "published_as": ["per_month", "count", "per_month"],
        "arrests_in_year": [1132, 1617, 1200],
        "in_year_per_1000": [41.5, 38.254, 40.0],
        "in_year_lower": [39.1, 36.0, 38.2],
        "within_12m_complete": [True, False, True],
    }
)
LONG = (
    "Synthetic referrals counted by the tests in a made-up series, with every month's count, its rolling "
    "average and the interval of that average, none of them a published figure. "
) * 4
ADDRESS = "https://example.org/" + "a-very-long-path-segment/" * 12 + "end"


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    exhibit = rates_exhibit(
        data=SHAPES,
        decimals={"per_month": 1, "in_year_per_1000": 2, "in_year_lower": 2},
        alt_text=LONG,
        notes=(LONG, f"Read at {ADDRESS}.", "Short."),
    )
    path = tmp_path_factory.mktemp("shapes") / "IA-98.xlsx"
    exhibits.export._write_spreadsheet(exhibit, path)
    return openpyxl.load_workbook(path)


def table_rows(sheet, first_header):
    rows = list(sheet.iter_rows())
    start = next(i for i, row in enumerate(rows) if row[0].value == first_header)
    return [c.value for c in rows[start]], rows[start + 1 :]


def column(sheet, first_header, header):
    headers, rows = table_rows(sheet, first_header)
    return [row[headers.index(header)] for row in rows]


def test_years_are_numbers_shown_without_a_thousands_separator(shapes):
    years = column(shapes["IA-98"], "Year", "Year")
    assert [(c.value, c.data_type, c.number_format) for c in years] == [(y, "n", "0") for y in (2015, 2016, 2017)]


def test_months_are_dates_shown_as_written_and_periods_of_mixed_kinds_stay_labels(shapes):
    months = column(shapes["IA-98"], "Year", "Month")
    assert [c.value for c in months] == [dt.datetime(2016, 5, 1), dt.datetime(2016, 6, 1), "[c]"]
    assert months[0].is_date and months[0].number_format == "yyyy-mm"
    # "2015-16" is a financial year: the column is a label, each cell text, "2016" included.
    assert [c.value for c in column(shapes["IA-98"], "Year", "Period")] == ["2015-16", "2016", "2017"]


def test_whole_numbers_show_whole_and_others_to_the_stated_places(shapes):
    average = column(shapes["IA-98"], "Year", "Average\n(a month)")
    assert [(c.value, c.data_type, c.number_format) for c in average] == [
        (2269, "n", "#,##0"),
        (6842.4, "n", "#,##0.0"),
        (3545, "n", "#,##0"),
    ]
    referrals = column(shapes["IA-98"], "Year", "Referrals")
    assert [(c.value, c.number_format) for c in referrals] == [(27228, "#,##0"), (82109, "#,##0"), (42540, "#,##0")]
    # A count named for a year, between 1000 and 9999, stays a count.
    arrests = column(shapes["IA-98"], "Year", "Arrests in the year")
    assert [(c.value, c.number_format) for c in arrests] == [(1132, "#,##0"), (1617, "#,##0"), (1200, "#,##0")]
    rate = column(shapes["IA-98"], "Year", "Arrests in the year\n(per 1,000 referrals)")
    assert [(c.value, c.number_format) for c in rate] == [(41.5, "#,##0.00"), (38.25, "#,##0.00"), (40, "#,##0")]


def test_headings_hold_no_code_and_units_stand_in_round_brackets(book, shapes):
    headers, rows = table_rows(shapes["IA-98"], "Year")
    assert "Arrests in the year, lower 95% limit\n(per 1,000 referrals)" in headers
    # A count and a rate of one thing: told apart by the unit.
    assert {"Arrests in the year", "Arrests in the year\n(per 1,000 referrals)"} <= set(headers)
    assert "Every referral followed 12 months" in headers
    for sheet, first in ((book["IA-98"], "Series"), (shapes["IA-98"], "Year")):
        assert not [h for h in table_rows(sheet, first)[0] if "_" in h]
    published_as = [row[headers.index("Published as")].value for row in rows]
    assert published_as == ["average a month", "count for the period", "average a month"]
    # True and false in words: LibreOffice shows a stored TRUE as 1.
    assert [row[headers.index("Every referral followed 12 months")].value for row in rows] == ["yes", "no", "yes"]


def helvetica_width(text: str, size: float, bold: bool = False) -> float:
    """Points, by matplotlib's own reader of Adobe's Helvetica metrics (Arial's widths)."""
    import matplotlib
    from matplotlib import _afm

    name = "Helvetica-Bold.afm" if bold else "Helvetica.afm"
    with open(f"{matplotlib.get_data_path()}/fonts/pdfcorefonts/{name}", "rb") as f:
        font = _afm.AFM(f)
    return font.get_str_bbox_and_descent(text)[2] * size / 1000


@pytest.mark.parametrize(("sheet", "col", "first"), [("Cover", "A", 1), ("Contents", "B", 4), ("Notes", "B", 4)])
def test_cover_contents_and_notes_rows_are_as_tall_as_their_wrapped_lines(shapes, sheet, col, first):
    """Each row holds at least the lines its text needs: its width over the column's, at the least."""
    ws = shapes[sheet]
    # Excel's column width unit: 7 pixels (a digit of Calibri 11) plus 5 of padding; 0.75 points a pixel.
    line = (ws.column_dimensions[col].width * 7 + 5) * 0.75
    rows = [(r, ws[f"{col}{r}"]) for r in range(first, ws.max_row + 1) if ws[f"{col}{r}"].value]
    assert len(rows) >= (1 if sheet == "Contents" else 3)
    for r, cell in rows:
        size, bold = cell.font.sz, cell.font.b
        lines = max(1, -(-helvetica_width(str(cell.value), size, bold) // line))
        height = ws.row_dimensions[r].height
        assert height is not None and ws.row_dimensions[r].customHeight, (sheet, r)
        assert height >= lines * size * 1.15, (sheet, r, cell.value[:40], height, lines)
        assert height <= (lines + 2) * size * 1.5, (sheet, r, cell.value[:40], height, lines)
    if sheet != "Contents":  # the long text spans many lines
        assert max(ws.row_dimensions[r].height for r, _ in rows) >= 8 * 12


def test_cover_contents_and_notes_print_one_page_wide(shapes):
    for name in ("Cover", "Contents", "Notes"):
        setup = shapes[name].page_setup
        # fitToWidth 1 is the default, so XlsxWriter leaves it out.
        assert (setup.fitToWidth or 1, setup.fitToHeight, setup.paperSize) == (1, 0, 9)
        assert shapes[name].sheet_properties.pageSetUpPr.fitToPage


def test_table_columns_fit_their_text_and_rows_their_lines(shapes):
    """gptables sizes columns for Calibri 11; the text is Arial 12: each column must hold its longest line."""
    sheet = shapes["IA-98"]
    headers, rows = table_rows(sheet, "Year")
    for index, _ in enumerate(headers):
        letter = openpyxl.utils.get_column_letter(index + 1)
        points = (sheet.column_dimensions[letter].width * 7 + 5) * 0.75
        texts = [row[index].value for row in rows if isinstance(row[index].value, str)]
        for text in texts:
            assert helvetica_width(text, 12) <= points, (letter, text)
    first = rows[0][0].row
    for number in range(first - 1, first + len(rows)):
        assert sheet.row_dimensions[number].customHeight and sheet.row_dimensions[number].height >= 12 * 1.15
    # "Every referral followed 12 months" wraps at its spaces over a column of yes and no.
    assert sheet.row_dimensions[first - 1].height >= 3 * 12 * 1.15


def test_a_cover_line_too_long_for_one_row_of_excel_runs_on_in_the_next(tmp_path):
    sentences = [f"Sentence {n} of a long description of the chart, as alt text can be." for n in range(60)]
    exhibit = rates_exhibit(alt_text=" ".join(sentences))
    exhibits.export._write_spreadsheet(exhibit, tmp_path / "IA-98.xlsx")
    cover = openpyxl.load_workbook(tmp_path / "IA-98.xlsx")["Cover"]
    parts = [c.value for c in cover["A"] if c.value and "Sentence" in c.value]
    assert len(parts) > 1 and " ".join(parts) == "What the chart shows: " + " ".join(sentences)
    # Excel's tallest row is 409.5 points.
    assert all(cover.row_dimensions[r].height <= 409.5 for r in range(1, cover.max_row + 1))
