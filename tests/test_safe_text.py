"""No formula from text: strings a user controls are written to CSV and XLSX as text, never run.

Hostile strings are planted in every route a user's text takes into an export (title, subtitle,
notes, source, alt text, a text column and column headers) of one synthetic exhibit, made up by
the tests and labelled as such.
"""

import csv
import dataclasses
import io
import math
import re

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest

from inquiry_analysis import claims, exhibits
from inquiry_analysis import io as ia_io
from inquiry_analysis.claims.file import claims_from_table
from inquiry_analysis.claims.report import CSV_FIELDS, _csv
from inquiry_analysis.metrics import tolerance
from inquiry_analysis.safe_text import csv_frame, csv_text

PLANTED = ("=1+1 title", '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\t=1", "\r=1")
# Headers keep their own words in the spreadsheet (no underscores, nothing stripped), so these read back as planted.
HEADERS = PLANTED[:5]
LINK = "[click here](http://example.com/x)"  # gptables' markdown for a link: text here, never a link


def _neutral(text: str) -> str:
    """What the CSV should hold for planted text: a carriage return as a line feed, then a leading quote."""
    return "'" + text.replace("\r", "\n")


def _excel_text(value):
    """A cell's text as Excel reads it.

    openpyxl leaves OOXML's escapes (``_x000D_`` for a carriage return) as written.
    """
    if not isinstance(value, str):
        return value
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def planted_exhibit():
    data = pd.DataFrame(
        {
            "label": [*PLANTED, LINK],
            "value": [-3.5, 0.25, 1.0, 2.0, -0.75, 4.0, 5.0, 6.0],
            "mixed": [-4, "[c]", -2.5, 1, "[c]", 3, 7, 0],  # numbers beside the withheld-cell marker
            **{header: [-1, 0, 1, 2, 3, 4, 5, 6] for header in HEADERS},
        }
    )
    return exhibits.Exhibit(
        exhibit_id="AN-90",
        title=PLANTED[0],
        subtitle=PLANTED[1],
        source="Source: " + PLANTED[2],
        alt_text=PLANTED[3] + " synthetic test data made up by the tests",
        data=data,
        notes=PLANTED,
        decimals={"value": 2, "mixed": 1},
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted")
    exhibit = planted_exhibit()
    fig, _ = exhibits.new_figure(exhibit)
    exhibits.export_exhibit(exhibit, fig, directory=folder)
    plt.close("all")
    return folder


@pytest.fixture(scope="module")
def book(exported):
    return openpyxl.load_workbook(exported / "AN-90.xlsx")  # not data_only: formulas would show as formulas


@pytest.fixture(scope="module")
def rows(exported):
    with open(exported / "AN-90.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _texts(sheet):
    return [_excel_text(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def test_no_cell_of_any_sheet_is_a_formula_or_a_link_made_from_text(book):
    assert book.sheetnames == ["Cover", "Contents", "Notes", "AN-90"]
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.hyperlink is not None:  # only gptables' own link from the contents to the table
                    assert (sheet.title, cell.value, cell.hyperlink.location) == ("Contents", "AN-90", "'AN-90'!A1")


def test_every_planted_string_is_text_in_the_spreadsheet(book):
    cover = _texts(book["Cover"])
    for planted in (PLANTED[0], PLANTED[2], PLANTED[3]):  # title, source, alt text: inside the cover's sentences
        assert any(planted in text for text in cover), planted
    assert PLANTED[1] in cover  # the subtitle has a line of its own
    assert any(PLANTED[0] in text and PLANTED[1] in text for text in _texts(book["Contents"]))
    assert set(PLANTED) <= set(_texts(book["Notes"]))
    table = book["AN-90"]
    texts = _texts(table)
    assert texts[0].startswith(PLANTED[0] + " [note 1]")
    assert PLANTED[1] in texts and "Source: " + PLANTED[2] in texts
    assert set(PLANTED) | set(HEADERS) | {LINK} <= set(texts)


def test_numbers_stay_numbers_in_the_spreadsheet(book):
    values = [[c.value for c in row] for row in book["AN-90"].iter_rows()]
    header = next(i for i, row in enumerate(values) if row[0] == "Label")
    body = values[header + 1 :]
    assert [row[1] for row in body] == [-3.5, 0.25, 1, 2, -0.75, 4, 5, 6]
    assert [row[2] for row in body] == [-4, "[c]", -2.5, 1, "[c]", 3, 7, 0]
    assert [row[3] for row in body] == [-1, 0, 1, 2, 3, 4, 5, 6]


def test_planted_text_in_the_csv_starts_with_a_quote_and_numbers_stay_numbers(rows):
    header, body = rows[0], rows[1:]
    assert header == ["label", "value", "mixed", *(_neutral(h) for h in HEADERS)]
    assert len(body) == len(PLANTED) + 1  # a carriage return did not split a row
    assert [row[0] for row in body] == [*(_neutral(p) for p in PLANTED), LINK]
    assert [row[1] for row in body] == ["-3.5", "0.25", "1.0", "2.0", "-0.75", "4.0", "5.0", "6.0"]
    assert [row[2] for row in body] == ["-4", "[c]", "-2.5", "1", "[c]", "3", "7", "0"]
    assert [row[3] for row in body] == ["-1", "0", "1", "2", "3", "4", "5", "6"]


def test_csv_text_leaves_numbers_and_plain_text_alone():
    for value in (-3.5, -4, 0, None, math.nan, True, "Per 1,000 referrals", "[c]", "2016-01", "a + b = c", ""):
        assert csv_text(value) is value
    assert csv_text("a\r\nb") == "a\nb" and csv_text("\r\n=1") == "'\n=1"


def test_csv_frame_keeps_number_dtypes_and_the_frame_it_was_given():
    data = pd.DataFrame(
        {
            "n": [-1.5, 2.0],
            "k": pd.array([-1, None], dtype="Int64"),
            "s": pd.array(["=x", None], dtype="string"),
            "c": pd.Categorical(["-a", "b"]),
        }
    )
    out = csv_frame(data)
    assert list(out.columns) == ["n", "k", "s", "c"]
    assert out["n"].tolist() == [-1.5, 2.0] and out["n"].dtype == data["n"].dtype
    assert out["k"].dtype == data["k"].dtype
    assert out["s"].tolist()[0] == "'=x" and pd.isna(out["s"].tolist()[1])
    assert out["c"].tolist() == ["'-a", "b"]
    assert data["s"].tolist()[0] == "=x"  # the caller's frame is untouched


def test_check_csv_neutralises_text_fields_but_not_numbers():
    reading = tolerance.read_figure(80000, qualifier="about")
    verdict = claims.Verdict(
        claim_id="=1+1",
        claimed=80000,
        unit="count",
        reading=reading,
        reproduced=-3.5,
        low=-3.5,
        high=-3.5,
        sources=("@SUM(A1)",),
        reason="-2+3",
        notebook="\r=1",
    )
    first = claims_from_table(ia_io.load_table("claims"))[0]
    claim = dataclasses.replace(first, words=PLANTED[1], readings=first.readings[:1])
    result = claims.CheckResult(claim=claim, readings=(verdict,))
    text = claims.format_check([result], "csv")
    assert text == _csv(claims.check_records([result]))
    [row] = csv.DictReader(io.StringIO(text, newline=""))
    assert list(row) == list(CSV_FIELDS)
    assert (row["claim_id"], row["claim"], row["sources"], row["reason"], row["notebook"]) == (
        "'=1+1",
        "'" + PLANTED[1],
        "'@SUM(A1)",
        "'-2+3",
        "'\n=1",
    )
    assert (row["data_value"], row["data_low"], row["data_high"]) == ("-3.5", "-3.5", "-3.5")
    assert row["claimed"] == "about 80,000" and row["ok"] in ("true", "false")
