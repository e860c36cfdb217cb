"""A user's own monthly files: each class of bad input gives one DataError naming file, row and column.

All files here are synthetic, written by the tests; none is a published figure.
"""

import datetime as dt

import openpyxl
import pandas as pd
import pytest

import inquiry_analysis as ia


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


@pytest.mark.parametrize(("text", "row", "column", "message"), [
    ("risk_level,outcome\nHigh,yes\nHihg,no\n", 3, "risk_level", "got 'Hihg' \\(did you mean 'High'\\?\\)"),
    ("risk_level,outcome\nHigh,maybe\n", 2, "outcome", "expected yes or no \\(or 1 or 0\\), got 'maybe'"),
    ("risk_level,outcome\nHigh,\n", 2, "outcome", "is empty; expected yes or no"),
    ("level,outcome\nHigh,yes\n", 1, "risk_level", "missing column 'risk_level'"),
])
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


@pytest.mark.parametrize(("cell", "message"), [
    ("٣٥٠٠", "expected a whole number"),  # Arabic-Indic digits are not read as a count
    ("３５００", "expected a whole number"),  # nor are full-width ones
])
def test_only_ascii_digits_are_counts(tmp_path, cell, message):
    with pytest.raises(ia.DataError, match=message):
        ia.read_monthly_referrals(write_csv(tmp_path, f"month,referrals\n2016-06,{cell}\n"))


@pytest.mark.parametrize(("cell", "message"), [
    ("2016-13", "not a month: months run from 01 to 12"),
    ("0000-06", "not a month"),
    ("2016/17", "a financial year"),
])
def test_impossible_months_are_named_for_what_they_are(tmp_path, cell, message):
    with pytest.raises(ia.DataError, match=message):
        ia.read_monthly_referrals(write_csv(tmp_path, f"month,referrals\n{cell},1\n"))


def test_bad_options_are_refused(tmp_path):
    path = write_csv(tmp_path, "risk_level,outcome\nHigh,yes\n")
    with pytest.raises(ValueError, match="`levels` must be two or more different labels"):
        ia.read_case_file(path, levels="High")
    with pytest.raises(ValueError, match="`header_row` must be a row number"):
        ia.read_case_file(path, header_row="2")
