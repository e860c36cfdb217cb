"""inquiry_analysis.io.readers: a user's own files, read whole, cited by sha256, every problem named at once.

Each class of bad input gives a DataError naming file, sheet, row and column; a file with several
problems gives one DataError listing them all. All files here are synthetic, written by the tests;
none is a published figure.
"""

import datetime as dt
import hashlib
import os
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

import inquiry_analysis as ia
from inquiry_analysis import provenance
from inquiry_analysis.io import _files, readers


def write_csv(tmp_path, text, name="synthetic.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path, rows, name="synthetic.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Referrals"
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


GOOD = "month,referrals,note\n2016-06,3400,\n2016-07,3520,revised\n2016-08,3610,\n"


def test_a_good_csv_reads_typed_and_sorted(tmp_path):
    path = write_csv(tmp_path, "month,referrals\n2016-07,3520\n2016-06,3400\nAug 2016,3610\n")
    frame = ia.read_monthly_referrals(path)
    assert frame["month"].astype(str).tolist() == ["2016-06", "2016-07", "2016-08"]
    assert frame["referrals"].tolist() == [3400, 3520, 3610]
    assert str(frame["referrals"].dtype) == "Int64"
    assert frame.attrs["path"] == str(path)


def test_extra_columns_are_kept_as_text(tmp_path):
    frame = ia.read_monthly_referrals(write_csv(tmp_path, GOOD))
    assert frame["note"].tolist()[1] == "revised"
    assert pd.isna(frame["note"].tolist()[0])


def test_headers_match_regardless_of_case_and_spaces(tmp_path):
    frame = ia.read_monthly_arrests(write_csv(tmp_path, " Month , Arrests \n2017-01,12\n"))
    assert frame["arrests"].tolist() == [12]


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("month,count\n2016-06,1\n", 1, "referrals", "missing column 'referrals'"),
        ("month,referals\n2016-06,1\n", 1, "referrals", "'referals' looks like a misspelling of it"),
        ("month,referrals\n2016-06,1\n2016-07,lots\n", 3, "referrals", "expected a whole number, got 'lots'"),
        ("month,referrals\n2016-06,1\n2016-07,2.5\n", 3, "referrals", "expected a whole number, got '2.5'"),
        ("month,referrals\n2016-06,-4\n", 2, "referrals", "must not be negative, but -4 was given"),
        ('month,referrals\n2016-06,"3,500"\n', 2, "referrals", "'3,500', which has a thousands separator"),
        ("month,referrals\n2016-06,3545[a]\n", 2, "referrals", r"ends in the footnote marker '\[a\]'"),
        ("month,referrals\n2016-06,3545 (r)\n", 2, "referrals", r"ends in the footnote marker '\(r\)'"),
        ("month,referrals\n2016-06,\n", 2, "referrals", "is empty; expected a whole number"),
        ("month,referrals\n2016-06,1\n2016-07,2\n2016-06,3\n", 4, "month", r"appears again \(first on row 2\)"),
        ("month,referrals\n2016-06,1\n2016-09,2\n", 3, "month", "gap: 2016-07 to 2016-08 missing between 2016-06"),
        ("month,referrals\n2016 Q2,1\n", 2, "month", "'2016 Q2', which is a quarter"),
        ("month,referrals\n2016-17,1\n", 2, "month", "'2016-17', which is a financial year"),
        ("month,referrals\n2016,1\n", 2, "month", "'2016', which is a calendar year"),
        ("month,referrals\n2016-06-15,1\n", 2, "month", "a date that is not the first of a month"),
        ("Month,Referrals\n2016-06,1\n2016-07,x\n", 3, "Referrals", "got 'x'"),
    ],
)
def test_bad_csv_cells_name_row_and_column(tmp_path, text, row, column, message):
    path = write_csv(tmp_path, text)
    with pytest.raises(ia.DataError, match=message) as err:
        ia.read_monthly_referrals(path)
    assert (err.value.row, err.value.column) == (row, column)
    assert str(err.value).startswith(f"{path}, row {row}, column '{column}': ")


def test_allowed_thousands_separators_and_footnotes_are_read(tmp_path):
    path = write_csv(tmp_path, 'month,referrals\n2016-06,"3,500"\n2016-07,3545[a]\n2016-08,"3,610*"\n')
    frame = ia.read_monthly_referrals(path, thousands=",", strip_footnotes=True)
    assert frame["referrals"].tolist() == [3500, 3545, 3610]


def test_a_malformed_separator_is_not_taken_for_thousands(tmp_path):
    path = write_csv(tmp_path, 'month,referrals\n2016-06,"35,00"\n')
    with pytest.raises(ia.DataError, match="expected a whole number, got '35,00'"):
        ia.read_monthly_referrals(path, thousands=",")


def test_an_empty_file_is_named(tmp_path):
    path = write_csv(tmp_path, "")
    with pytest.raises(ia.DataError, match=r"synthetic\.csv: the file is empty"):
        ia.read_monthly_referrals(path)


def test_a_header_with_no_data_is_named(tmp_path):
    with pytest.raises(ia.DataError, match="has a header on row 1 but no rows of data"):
        ia.read_monthly_referrals(write_csv(tmp_path, "month,referrals\n"))


def test_a_non_utf8_file_names_the_row_and_column_of_the_bad_byte(tmp_path):
    path = write_csv(tmp_path, "month,referrals,note\n2016-06,1,ok\n2016-07,2,cost £5\n", encoding="cp1252")
    with pytest.raises(ia.DataError, match=r"not UTF-8 text \(byte 0xa3.*CSV UTF-8") as err:
        ia.read_monthly_referrals(path)
    assert (err.value.row, err.value.column) == (3, "note")


def test_a_ragged_row_is_named(tmp_path):
    with pytest.raises(ia.DataError, match="has 3 values, but the header on row 1 has 2 columns") as err:
        ia.read_monthly_referrals(write_csv(tmp_path, "month,referrals\n2016-06,3,500\n"))
    assert err.value.row == 2


def test_an_unsupported_extension_is_refused(tmp_path):
    path = write_csv(tmp_path, GOOD, name="synthetic.ods")
    with pytest.raises(ia.DataError, match=r"expected a \.csv or \.xlsx file, got '\.ods'"):
        ia.read_monthly_referrals(path)


def test_invalid_thousands_option_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"`thousands` must be None or ',', but '\.' was passed"):
        ia.read_monthly_referrals(write_csv(tmp_path, GOOD), thousands=".")


def test_a_good_xlsx_with_excel_dates_and_numbers_reads(tmp_path):
    path = write_xlsx(tmp_path, [["month", "arrests"], [dt.datetime(2017, 4, 1), 10.0], ["2017-05", 12]])
    frame = ia.read_monthly_arrests(path)
    assert frame["month"].astype(str).tolist() == ["2017-04", "2017-05"]
    assert frame["arrests"].tolist() == [10, 12]


def test_xlsx_with_a_title_above_the_header_points_to_the_header_row(tmp_path):
    rows = [["Referrals received, synthetic test data"], [], ["month", "referrals"], ["2016-06", 3400]]
    path = write_xlsx(tmp_path, rows)
    with pytest.raises(ia.DataError, match="the header is on row 3, not row 1.*pass header_row=3") as err:
        ia.read_monthly_referrals(path)
    assert err.value.row == 1
    assert ia.read_monthly_referrals(path, header_row=3)["referrals"].tolist() == [3400]


def test_csv_with_a_title_above_the_header_points_to_the_header_row(tmp_path):
    path = write_csv(tmp_path, "Referrals received (synthetic)\n\nmonth,referrals\n2016-06,3400\n")
    with pytest.raises(ia.DataError, match="the header is on row 3, not row 1"):
        ia.read_monthly_referrals(path)
    assert ia.read_monthly_referrals(path, header_row=3)["referrals"].tolist() == [3400]


def test_xlsx_cells_are_named_by_spreadsheet_row(tmp_path):
    path = write_xlsx(tmp_path, [["Title"], ["month", "referrals"], ["2016-06", 3400], ["2016-07", 3400.5]])
    with pytest.raises(ia.DataError, match="expected a whole number, got 3400.5") as err:
        ia.read_monthly_referrals(path, header_row=2)
    assert (err.value.row, err.value.column) == (4, "referrals")


def test_xlsx_sheet_by_name_and_a_missing_sheet(tmp_path):
    path = write_xlsx(tmp_path, [["month", "referrals"], ["2016-06", 1]])
    assert ia.read_monthly_referrals(path, sheet="Referrals")["referrals"].tolist() == [1]
    with pytest.raises(ia.DataError, match="has no sheet named 'Data'; its sheets are \\['Referrals'\\]"):
        ia.read_monthly_referrals(path, sheet="Data")


def test_a_csv_renamed_to_xlsx_is_refused_clearly(tmp_path):
    path = write_csv(tmp_path, GOOD, name="synthetic.xlsx")
    with pytest.raises(ia.DataError, match="is not a readable XLSX workbook"):
        ia.read_monthly_referrals(path)


# A force's case file for the KIRAT evaluation (synthetic rows).


def test_a_case_file_reads_levels_and_outcomes_in_any_spelling(tmp_path):
    path = write_csv(tmp_path, "risk_level,outcome,ref\nvery high,Yes,a1\nLOW,no,a2\nMedium,0,a3\nHigh,TRUE,a4\n")
    cases = ia.read_case_file(path)
    assert cases["risk_level"].tolist() == ["Very High", "Low", "Medium", "High"]
    assert cases["outcome"].tolist() == [True, False, False, True]
    assert cases["risk_level"].cat.ordered and cases["ref"].tolist()[0] == "a1"


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("risk_level,outcome\nHigh,yes\nHihg,no\n", 3, "risk_level", "got 'Hihg' \\(did you mean 'High'\\?\\)"),
        ("risk_level,outcome\nHigh,maybe\n", 2, "outcome", "expected yes or no \\(or 1 or 0\\), got 'maybe'"),
        ("risk_level,outcome\nHigh,\n", 2, "outcome", "is empty; expected yes or no"),
        ("level,outcome\nHigh,yes\n", 1, "risk_level", "missing column 'risk_level'"),
    ],
)
def test_bad_case_files_name_row_and_column(tmp_path, text, row, column, message):
    with pytest.raises(ia.DataError, match=message) as err:
        ia.read_case_file(write_csv(tmp_path, text))
    assert (err.value.row, err.value.column) == (row, column)


# Inputs that once escaped as tracebacks from inside csv, pandas or openpyxl.


def test_a_missing_file_and_a_folder_are_named(tmp_path):
    with pytest.raises(ia.DataError, match="nope.csv: no such file"):
        ia.read_monthly_referrals(tmp_path / "nope.csv")
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    with pytest.raises(ia.DataError, match="is a folder, not a file"):
        ia.read_monthly_referrals(folder)


def test_a_csv_module_error_is_a_data_error(tmp_path):
    import csv

    # The csv module refuses fields over its limit (128 KB by default; some libraries raise it).
    previous = csv.field_size_limit(131072)
    try:
        path = write_csv(tmp_path, "month,referrals,note\n2016-06,1," + "x" * 200_000 + "\n")
        with pytest.raises(ia.DataError, match="cannot be read as CSV") as err:
            ia.read_monthly_referrals(path)
    finally:
        csv.field_size_limit(previous)
    assert err.value.row == 2


def test_a_count_too_large_to_hold_is_named(tmp_path):
    path = write_csv(tmp_path, "month,referrals\n2016-06,99999999999999999999999999\n")
    with pytest.raises(ia.DataError, match="too large for a count") as err:
        ia.read_monthly_referrals(path)
    assert (err.value.row, err.value.column) == (2, "referrals")


def test_a_damaged_workbook_is_named(tmp_path):
    import zipfile

    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as archive:  # a zip that is not a workbook
        archive.writestr("[Content_Types].xml", "<not-xml")
    with pytest.raises(ia.DataError, match="is not a readable XLSX workbook"):
        ia.read_monthly_referrals(path)


def test_a_repeated_column_is_named(tmp_path):
    with pytest.raises(ia.DataError, match="column 'referrals' appears twice in the header") as err:
        ia.read_monthly_referrals(write_csv(tmp_path, "month,referrals,referrals\n2016-06,1,2\n"))
    assert err.value.row == 1


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("٣٥٠٠", "expected a whole number"),  # Arabic-Indic digits are not read as a count
        ("３５００", "expected a whole number"),  # nor are full-width ones
    ],
)
def test_only_ascii_digits_are_counts(tmp_path, cell, message):
    with pytest.raises(ia.DataError, match=message):
        ia.read_monthly_referrals(write_csv(tmp_path, f"month,referrals\n2016-06,{cell}\n"))


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2016-13", "not a month: months run from 01 to 12"),
        ("0000-06", "not a month"),
        ("2016/17", "a financial year"),
    ],
)
def test_impossible_months_are_named_for_what_they_are(tmp_path, cell, message):
    with pytest.raises(ia.DataError, match=message):
        ia.read_monthly_referrals(write_csv(tmp_path, f"month,referrals\n{cell},1\n"))


def test_bad_options_are_refused(tmp_path):
    path = write_csv(tmp_path, "risk_level,outcome\nHigh,yes\n")
    with pytest.raises(ValueError, match="`levels` must be two or more different labels"):
        ia.read_case_file(path, levels="High")
    with pytest.raises(ValueError, match="`header_row` must be a row number"):
        ia.read_case_file(path, header_row="2")


# The module: readers read a user's files; loaders keep the bundled data.


def test_readers_are_their_own_module_and_the_package_still_gives_them():
    assert ia.read_monthly_referrals is readers.read_monthly_referrals
    assert ia.read_monthly_arrests is readers.read_monthly_arrests
    assert ia.read_case_file is readers.read_case_file
    assert readers.KIRAT_LEVELS == ("Low", "Medium", "High", "Very High")
    moved = {
        "read_monthly_referrals",
        "read_monthly_arrests",
        "read_case_file",
        "KIRAT_LEVELS",
        "_read_user_table",
        "_read_monthly",
        "_monthly_fields",
    }
    assert moved.isdisjoint(vars(ia.io.loaders)) and moved.isdisjoint(ia.io.loaders.__all__)
    assert set(readers.__all__) == {
        "read_monthly_referrals",
        "read_monthly_arrests",
        "read_case_file",
        "read_claims",
        "KIRAT_LEVELS",
    }
    assert ia.errors.DataError is ia.DataError is readers.DataError


# Provenance: every frame cites the bytes it was read from.


def test_a_csv_frame_cites_its_bytes_and_options(tmp_path):
    path = write_csv(tmp_path, 'month,referrals\n2016-06,"3,400"\n2016-07,3520\n')
    frame = ia.read_monthly_referrals(path, thousands=",")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert frame.attrs["path"] == str(path) and frame.attrs["sha256"] == digest
    assert frame.attrs["input"] == provenance.InputFile(
        name="synthetic.csv",
        sha256=digest,
        bytes=len(path.read_bytes()),
        sheet=None,
        options={
            "header_row": None,
            "thousands": ",",
            "strip_footnotes": False,
            "allow_future_months": False,
            "earliest_month": "1990-01",
        },
    )


def test_an_xlsx_frame_names_the_sheet_read(tmp_path):
    path = write_xlsx(tmp_path, [["Title"], ["month", "arrests"], ["2017-04", 10]])
    frame = ia.read_monthly_arrests(path, header_row=2, earliest_month="2000-01")
    record = frame.attrs["input"].record()
    assert record["sheet"] == "Referrals" and record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["options"]["header_row"] == 2 and record["options"]["earliest_month"] == "2000-01"
    assert frame.attrs["input"].source_line().startswith("Source: synthetic.xlsx, sheet 'Referrals' (the analyst's")


def test_a_case_file_cites_its_levels(tmp_path):
    path = write_csv(tmp_path, "risk_level,outcome\nhigh,yes\nlow,no\n")
    cases = ia.read_case_file(path, levels=("Low", "High"))
    assert cases.attrs["input"].options == {"header_row": None, "levels": ["Low", "High"]}
    assert cases.attrs["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


# Workbooks: read whole, from the sheet Excel opens on, never a chart, hidden sheet or cover page.


def rewrite_in_zip(path, member, old, new):
    """Replace text in one part of a zip (an XLSX), as another exporter might have written it."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == member:
                text, count = re.subn(old, new, data.decode("utf-8"))
                assert count == 1, f"{old!r} not in {member}"
                data = text.encode("utf-8")
            archive.writestr(info, data)


def test_a_workbook_whose_recorded_size_is_stale_is_read_whole(tmp_path):
    rows = [["month", "referrals"]] + [[f"2016-{m:02d}", 3000 + m] for m in range(1, 13)]
    path = write_xlsx(tmp_path, rows)
    rewrite_in_zip(path, "xl/worksheets/sheet1.xml", r'<dimension ref="[A-Z0-9:]+"\s*/>', '<dimension ref="A1:B2"/>')
    # The fixture is stale as intended: openpyxl's read-only mode, trusting it, sees two rows.
    book = openpyxl.load_workbook(path, read_only=True)
    assert len(list(book.active.iter_rows(values_only=True))) == 2
    book.close()
    frame = ia.read_monthly_referrals(path)
    assert frame["referrals"].tolist() == [3000 + m for m in range(1, 13)]
    assert str(frame["month"].iloc[-1]) == "2016-12"


def write_book(tmp_path, sheets, *, active, hidden=(), name="book.xlsx"):
    """A workbook of several sheets (name -> rows); ``active`` is the sheet Excel opens on."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = "hidden" if title in hidden else "visible"
    book.active = list(sheets).index(active)
    path = tmp_path / name
    book.save(path)
    return path


DATA = [["month", "referrals"], ["2016-06", 3400], ["2016-07", 3520]]
COVER = [["Referrals by month (synthetic)"], ["See the sheet Data."]]


def test_the_default_sheet_is_the_active_one_not_the_first(tmp_path):
    path = write_book(tmp_path, {"Notes": [["month", "referrals"], ["2016-01", 1]], "Data": DATA}, active="Data")
    frame = ia.read_monthly_referrals(path)
    assert frame["referrals"].tolist() == [3400, 3520] and frame.attrs["input"].sheet == "Data"
    assert ia.read_monthly_referrals(path, sheet=0)["referrals"].tolist() == [1]


def test_a_cover_page_as_the_active_sheet_points_to_the_data(tmp_path):
    path = write_book(tmp_path, {"Cover": COVER, "Data": DATA}, active="Cover")
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path)
    assert str(err.value) == (
        f"{path}, sheet 'Cover': expected the columns month, referrals, got a sheet without them (the workbook's "
        "active sheet, read by default); sheet 'Data' has them: choose it with sheet='Data' "
        "(--sheet Data on the command line)"
    )
    assert ia.read_monthly_referrals(path, sheet="Data")["referrals"].tolist() == [3400, 3520]


def test_a_chart_sheet_as_the_active_sheet_points_to_the_data(tmp_path):
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.Workbook()
    data = book.active
    data.title = "Monthly data"
    for row in DATA:
        data.append(row)
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    book.create_chartsheet("Chart").add_chart(chart)
    book.active = 1
    path = tmp_path / "charted.xlsx"
    book.save(path)
    with pytest.raises(
        ia.DataError,
        match=re.escape(
            "sheet 'Chart': expected a worksheet with the columns month, referrals, got a chart sheet (the "
            "workbook's active sheet, read by default); sheet 'Monthly data' has them: choose it with "
            "sheet='Monthly data' (--sheet 'Monthly data' on the command line)"
        ),
    ):
        ia.read_monthly_referrals(path)
    with pytest.raises(ia.DataError, match="got a chart sheet \\(the sheet asked for\\)"):
        ia.read_monthly_referrals(path, sheet="Chart")


def test_a_hidden_active_sheet_is_not_read_by_default(tmp_path):
    old = [["month", "referrals"], ["2015-01", 9]]
    path = write_book(tmp_path, {"Data": DATA, "Old": old}, active="Data", hidden={"Old"})
    # openpyxl never saves a hidden sheet as active; other writers do.
    rewrite_in_zip(path, "xl/workbook.xml", r'activeTab="0"', 'activeTab="1"')
    with pytest.raises(
        ia.DataError,
        match=re.escape(
            "sheet 'Old': expected a visible worksheet with the columns month, referrals, got a hidden sheet "
            "(the workbook's active sheet, read by default), which is read only when asked for by name; "
            "sheet 'Data' has them: choose it with sheet='Data'"
        ),
    ):
        ia.read_monthly_referrals(path)
    assert ia.read_monthly_referrals(path, sheet="Old")["referrals"].tolist() == [9]


def test_an_empty_active_sheet_points_to_the_data(tmp_path):
    path = write_book(tmp_path, {"Sheet1": [], "Data": DATA}, active="Sheet1")
    with pytest.raises(
        ia.DataError,
        match="sheet 'Sheet1': expected the columns month, referrals, got an empty sheet .*; sheet 'Data' has them",
    ):
        ia.read_monthly_referrals(path)


def test_a_sheet_without_the_columns_and_no_other_sheet_gets_the_usual_message(tmp_path):
    path = write_book(tmp_path, {"Cover": COVER, "Other": [["a", "b"], [1, 2]]}, active="Cover")
    with pytest.raises(
        ia.DataError, match=re.escape(f"{path}, sheet 'Cover', row 1, column 'month': missing column 'month'")
    ):
        ia.read_monthly_referrals(path)


def test_every_xlsx_message_names_the_sheet(tmp_path):
    path = write_xlsx(tmp_path, [["month", "referrals"], ["2016-06", "lots"]])
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path)
    assert (
        str(err.value) == f"{path}, sheet 'Referrals', row 2, column 'referrals': expected a whole number, got 'lots'"
    )
    assert err.value.sheet == "Referrals"
    with pytest.raises(ia.DataError, match=re.escape(f"{path}, sheet 'Referrals': row 9 is blank")):
        ia.read_monthly_referrals(path, header_row=9)


def test_a_bad_sheet_option_is_refused(tmp_path):
    with pytest.raises(
        ValueError,
        match=r"`sheet` must be a sheet's name or its position \(0 for the first\), "
        r"but 1\.5 was passed",
    ):
        ia.read_monthly_referrals(write_xlsx(tmp_path, DATA), sheet=1.5)


# A file that cannot be opened is one line, not a traceback.


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a file whatever its mode")
def test_an_unreadable_file_is_one_line(tmp_path):
    path = write_csv(tmp_path, GOOD)
    path.chmod(0)
    try:
        with pytest.raises(ia.DataError, match=r"synthetic\.csv: cannot be opened \(PermissionError: "):
            ia.read_monthly_referrals(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(16, "Device or resource busy")])
def test_an_error_on_reading_is_one_line(tmp_path, monkeypatch, error):
    path = write_xlsx(tmp_path, DATA)
    monkeypatch.setattr(_files.os, "open", lambda *args, **kwargs: (_ for _ in ()).throw(error))
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path)
    assert str(err.value) == (
        f"{path}: cannot be opened ({type(error).__name__}: {error.strerror}); check that you may read it and "
        "that no other program (such as Excel) holds it open, then try again"
    )
    assert "\n" not in str(err.value)


# Every problem in one go.


def test_every_problem_is_listed_at_once_by_row(tmp_path):
    text = "month,referrals,note\n2016-06,lots,\n2016-07,-4,\n2016-07,3,\n2016-08,1,a\n2016-09,\nJully 2016,5,\n"
    path = write_csv(tmp_path, text)
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path)
    assert str(err.value).splitlines() == [
        f"{path}: 5 problems",
        f"  {path}, row 2, column 'referrals': expected a whole number, got 'lots'",
        f"  {path}, row 3, column 'referrals': must not be negative, but -4 was given",
        f"  {path}, row 4, column 'month': '2016-07' appears again (first on row 3); each must be unique",
        (
            f"  {path}, row 6: has 2 values, but the header on row 1 has 3 columns; check for an unquoted comma "
            "or a missing value"
        ),
        (
            f"  {path}, row 7, column 'month': got 'Jully 2016', which is not a recognisable month; this file takes "
            "one row per calendar month, given as YYYY-MM (e.g. 2016-06)"
        ),
    ]
    assert [(p.row, p.column) for p in err.value.problems] == [
        (2, "referrals"),
        (3, "referrals"),
        (4, "month"),
        (6, None),
        (7, "month"),
    ]
    assert all(isinstance(p, ia.DataError) and p.problems == [p] for p in err.value.problems)
    assert (err.value.path, err.value.row, err.value.column) == (str(path), None, None)


def test_a_single_problem_is_the_one_line_it_always_was(tmp_path):
    path = write_csv(tmp_path, "month,referrals\n2016-06,1\n2016-07,lots\n")
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path)
    assert str(err.value) == f"{path}, row 3, column 'referrals': expected a whole number, got 'lots'"
    assert err.value.problems == [err.value]


def test_more_than_twenty_problems_are_counted_and_all_kept(tmp_path):
    rows = "".join(f"2016-{m:02d},n{m}\n" for m in range(1, 13)) + "".join(f"2017-{m:02d},-1\n" for m in range(1, 13))
    path = write_xlsx(tmp_path, [["month", "referrals"]] + [line.split(",") for line in rows.splitlines()])
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path)
    lines = str(err.value).splitlines()
    assert lines[0] == f"{path}, sheet 'Referrals': 24 problems"
    assert lines[1] == f"  {path}, sheet 'Referrals', row 2, column 'referrals': expected a whole number, got 'n1'"
    assert (
        lines[20] == f"  {path}, sheet 'Referrals', row 21, column 'referrals': must not be negative, but -1 was given"
    )
    assert lines[21:] == ["  ... and 4 more problems"]
    assert len(err.value.problems) == 24 and err.value.problems[-1].row == 25
    assert err.value.sheet == "Referrals"


def test_every_gap_is_named(tmp_path):
    path = write_csv(tmp_path, "month,referrals\n2016-01,1\n2016-03,1\n2016-04,1\n2016-08,1\n")
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path)
    assert [p.reason for p in err.value.problems] == [
        (
            "the series has a gap: 2016-02 missing between 2016-01 (row 2) and 2016-03 (row 3); "
            "a monthly series must have every month"
        ),
        (
            "the series has a gap: 2016-05 to 2016-07 missing between 2016-04 (row 4) and 2016-08 (row 5); "
            "a monthly series must have every month"
        ),
    ]


def test_a_bad_month_is_not_echoed_as_a_gap(tmp_path):
    path = write_csv(tmp_path, "month,referrals\n2016-01,1\nFebruray 2016,1\n2016-03,1\n")
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path)
    assert [p.row for p in err.value.problems] == [3]


def test_a_case_file_lists_every_problem(tmp_path):
    path = write_csv(tmp_path, "risk_level,outcome\nHihg,yes\nLow,maybe\nMedium,\n")
    with pytest.raises(ia.DataError, match="3 problems") as err:
        ia.read_case_file(path)
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "risk_level"), (3, "outcome"), (4, "outcome")]


def test_bundled_tables_list_every_problem_too(edit_bundled, data_copy):
    edit_bundled("iwf", ",57335,", ",-57335,")
    edit_bundled("iwf", ",78589,", ",78589*,")
    with pytest.raises(ia.DataError, match="2 problems") as err:
        ia.load_iwf(data_dir=data_copy)
    assert [(p.row, p.column) for p in err.value.problems] == [(12, "value"), (15, "value")]
    edit_bundled("arrests", "2007-04-01,2008-03-31", "2007-04-01,2007-12-31", count=2)
    with pytest.raises(ia.DataError, match="2 problems") as err:
        ia.load_arrests(data_dir=data_copy)
    assert [(p.row, p.column) for p in err.value.problems] == [(3, "period_end"), (4, "period_end")]


# Months that are surely a slip of the year, unless allowed.


def _next_month(today):
    return dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)


def test_the_current_month_is_read_and_the_next_is_refused(tmp_path):
    today = dt.date.today()
    this, following = f"{today:%Y-%m}", f"{_next_month(today):%Y-%m}"
    assert ia.read_monthly_referrals(write_csv(tmp_path, f"month,referrals\n{this},1\n"))["referrals"].tolist() == [1]
    path = write_csv(tmp_path, f"month,referrals\n{this},1\n{following},2\n", name="ahead.csv")
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path)
    assert str(err.value) == (
        f"{path}, row 3, column 'month': expected a month no later than {this} (the current month), got {following}; "
        "check the year, or pass allow_future_months=True (--allow-future-months on the command line) if the file "
        "holds forecasts"
    )
    frame = ia.read_monthly_referrals(path, allow_future_months=True)
    assert frame["referrals"].tolist() == [1, 2] and frame.attrs["input"].options["allow_future_months"] is True


def test_a_month_far_ahead_is_refused(tmp_path):
    with pytest.raises(ia.DataError, match="got 2150-01; check the year, or pass allow_future_months=True"):
        ia.read_monthly_referrals(write_csv(tmp_path, "month,referrals\n2150-01,1\n"))


def test_a_month_before_1990_is_refused_unless_allowed(tmp_path):
    path = write_csv(tmp_path, "month,referrals\n1989-12,1\n1990-01,2\n")
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path)
    assert str(err.value) == (
        f"{path}, row 2, column 'month': expected a month from 1990-01 on, got 1989-12; check the year, "
        "or pass earliest_month='1989-12' (--earliest-month 1989-12) to read earlier months"
    )
    assert ia.read_monthly_referrals(path, earliest_month="1989-12")["referrals"].tolist() == [1, 2]
    with pytest.raises(ia.DataError, match="expected a month from 2000-01 on, got 1990-01"):
        ia.read_monthly_arrests(
            write_csv(tmp_path, "month,arrests\n1990-01,1\n", name="a.csv"), earliest_month="2000-01"
        )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("earliest_month", "1990", r"`earliest_month` must be a month as 'YYYY-MM', such as '1990-01', but '1990'"),
        ("earliest_month", "1990-13", r"but '1990-13' was passed"),
        ("allow_future_months", "yes", r"`allow_future_months` must be True or False, but 'yes' was passed"),
    ],
)
def test_bad_month_options_are_refused(tmp_path, option, value, message):
    with pytest.raises(ValueError, match=message):
        ia.read_monthly_referrals(write_csv(tmp_path, GOOD), **{option: value})


# Unambiguous spellings that were once refused.


@pytest.mark.parametrize(
    ("cell", "month"),
    [
        ("Sept 2015", "2015-09"),
        ("SEPT 2015", "2015-09"),
        ("Sept. 2015", "2015-09"),
        ("2015 Sept", "2015-09"),
        ("June 2015", "2015-06"),
        ("Jun 2015", "2015-06"),
        ("Jun-2015", "2015-06"),
        ("2015-01-01 00:00:00", "2015-01"),
        ("2015-01-01T00:00:00", "2015-01"),
        ("2015-01-01T00:00", "2015-01"),
    ],
)
def test_common_month_spellings_are_read(tmp_path, cell, month):
    frame = ia.read_monthly_referrals(write_csv(tmp_path, f"month,referrals\n{cell},7\n"))
    assert frame["month"].astype(str).tolist() == [month]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2015-01-01 12:00:00", "a date and time that is not midnight on the first of a month"),
        ("2015-01-15 00:00:00", "a date that is not the first of a month"),
        ("Sep 15", "not a recognisable month"),  # a two-digit year could be a day
    ],
)
def test_dates_with_times_that_are_not_a_month_are_refused(tmp_path, cell, message):
    with pytest.raises(ia.DataError, match=message):
        ia.read_monthly_referrals(write_csv(tmp_path, f"month,referrals\n{cell},7\n"))


def test_a_whole_number_written_with_a_decimal_point_is_read(tmp_path):
    path = write_csv(tmp_path, 'month,referrals\n2016-06,1900.0\n2016-07,"3,545.00"\n2016-08,12.\n')
    assert ia.read_monthly_referrals(path, thousands=",")["referrals"].tolist() == [1900, 3545, 12]
    with pytest.raises(ia.DataError, match="row 2, column 'referrals': expected a whole number, got '1900.5'"):
        ia.read_monthly_referrals(write_csv(tmp_path, "month,referrals\n2016-06,1900.5\n", name="half.csv"))
