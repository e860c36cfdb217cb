"""Bounded work: a zip bomb, a runaway export or a file far larger than any real one is refused, quickly.

Each refusal is one line naming the file, the limit passed and how to raise it. All files here are
synthetic, written by the tests.
"""

import csv
import io
import struct
import time
import zipfile

import openpyxl
import pytest

import inquiry_analysis as ia
from inquiry_analysis.io import _limits

ROWS = [["month", "referrals"], ["2016-06", 3400], ["2016-07", 3520]]


def workbook_bytes(rows=ROWS):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_parts(data, extra=(), replace=None):
    """The workbook ``data`` with parts added (name, bytes) or replaced ({name: bytes})."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, body in extra:
            target.writestr(name, body)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb():
    """A real workbook plus a part of 300 MB of zeros, packed some 230 to 1 into 1.4 MB."""
    out = io.BytesIO(with_parts(workbook_bytes()))
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/media/image1.bin", "w") as part,
    ):
        chunk = bytes(2**20)
        for _ in range(300):
            part.write(chunk)
    return out.getvalue()


def read_quickly(reader, path, **options):
    start = time.perf_counter()
    with pytest.raises(ia.DataError) as err:
        reader(path, **options)
    return str(err.value), time.perf_counter() - start


def test_a_zip_bomb_is_refused_from_its_directory_in_well_under_a_second(tmp_path, bomb):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    message, elapsed = read_quickly(ia.read_monthly_referrals, path)
    assert elapsed < 1, f"took {elapsed:.2f} s"
    assert "\n" not in message and message.startswith(f"{path}: ")
    assert "unpacks to 314,5" in message and "more than 200,000,000, the limit on a workbook's unpacked size" in message
    assert "part 'xl/media/image1.bin' unpacks 314,572,800 bytes from" in message
    assert "more than 100 to 1, the limit on a part's compression" in message
    assert "if you trust the file, pass limits={'max_xlsx_bytes': 3145" in message
    assert "'max_xlsx_ratio': " in message


def test_a_case_file_reader_refuses_the_bomb_too(tmp_path, bomb):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    message, elapsed = read_quickly(ia.read_case_file, path)
    assert elapsed < 1 and "zip bomb" in message


def test_raising_the_named_limits_lets_a_trusted_file_through(tmp_path, bomb):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    frame = ia.read_monthly_referrals(path, limits={"max_xlsx_bytes": 400_000_000, "max_xlsx_ratio": 1000})
    assert frame["referrals"].tolist() == [3400, 3520]
    assert frame.attrs["input"].options["limits"] == {"max_xlsx_bytes": 400_000_000, "max_xlsx_ratio": 1000}


def test_a_part_that_packs_too_tightly_is_refused_by_itself(tmp_path):
    path = tmp_path / "tight.xlsx"
    path.write_bytes(with_parts(workbook_bytes(), [("xl/media/zeros.bin", bytes(5_000_000))]))
    with pytest.raises(
        ia.DataError,
        match=r"part 'xl/media/zeros.bin' unpacks 5,000,000 bytes from [0-9,]+ "
        r"\([0-9,]+ to 1\), more than 100 to 1, .*pass limits=\{'max_xlsx_ratio': ",
    ):
        ia.read_monthly_referrals(path)
    small = tmp_path / "small.xlsx"  # a part under 1 MB may pack as tightly as it likes
    small.write_bytes(with_parts(workbook_bytes(), [("xl/media/zeros.bin", bytes(900_000))]))
    assert len(ia.read_monthly_referrals(small)) == 2


def test_too_many_parts_are_refused(tmp_path):
    path = tmp_path / "parts.xlsx"
    path.write_bytes(with_parts(workbook_bytes(), [(f"xl/media/p{i}.bin", b"x") for i in range(20)]))
    with pytest.raises(
        ia.DataError,
        match=r"has [0-9]+ parts, more than 10, the limit on a workbook's parts .*"
        r"pass limits=\{'max_xlsx_parts': [0-9]+\} \(--limit max_xlsx_parts=[0-9]+ on the command line\) to read it",
    ):
        ia.read_monthly_referrals(path, limits={"max_xlsx_parts": 10})
    assert len(ia.read_monthly_referrals(path)) == 2


def _understate(data, name, size):
    """``data`` with the central directory stating ``size`` as the unpacked size of part ``name``."""
    data = bytearray(data)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            struct.pack_into("<I", data, at + 24, size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} not in the zip")


def test_a_directory_that_understates_a_part_unpacks_no_more_than_it_states(tmp_path):
    # A sheet of 200,000 rows (some 10 MB unpacked) whose directory claims 2,000 bytes: zipfile stops at
    # 2,000 and the part fails its CRC check, so the limits read from the directory hold.
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>2016-06</t></is></c></row>' for i in range(1, 200_001)
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{rows}</sheetData></worksheet>"
    ).encode()
    assert len(sheet) > 10_000_000
    data = with_parts(workbook_bytes(), replace={"xl/worksheets/sheet1.xml": sheet})
    path = tmp_path / "liar.xlsx"
    path.write_bytes(_understate(data, "xl/worksheets/sheet1.xml", 2_000))
    with zipfile.ZipFile(path) as archive, archive.open("xl/worksheets/sheet1.xml") as part:
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"):
            part.read()
        assert part.tell() == 2_000  # nothing past the stated size was unpacked
    message, elapsed = read_quickly(ia.read_monthly_referrals, path)
    assert elapsed < 1 and "\n" not in message and "Bad CRC-32 for file 'xl/worksheets/sheet1.xml'" in message


def test_a_csv_with_more_rows_than_the_limit_is_refused_naming_it(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("month,referrals\n" + "".join(f"20{10 + i // 12}-{i % 12 + 1:02d},{i}\n" for i in range(60)))
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path, limits={"max_rows": 50})
    assert (
        str(err.value) == f"{path}: has more than 50 rows, the limit; pass limits={{'max_rows': 100}} "
        "(--limit max_rows=100 on the command line) to read it"
    )
    frame = ia.read_monthly_referrals(path, limits={"max_rows": 61})
    assert len(frame) == 60 and frame.attrs["input"].options["limits"] == {"max_rows": 61}


def test_the_csv_row_limit_stops_reading_early(tmp_path, monkeypatch):
    path = tmp_path / "long.csv"
    path.write_text("risk_level,outcome\n" + "High,yes\n" * 10_000)
    real, parsed = csv.reader, []

    def counting(*args, **kwargs):
        for record in real(*args, **kwargs):
            parsed.append(record)
            yield record

    monkeypatch.setattr(csv, "reader", counting)
    with pytest.raises(ia.DataError, match="more than 3 rows"):
        ia.read_case_file(path, limits={"max_rows": 3})
    assert len(parsed) == 4  # the three allowed and the one past the limit, not 10,001


def test_a_csv_with_too_many_columns_is_refused_naming_the_row(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("month,referrals\n2016-06,1\n2016-07,2" + ",x" * 10 + "\n")
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path, limits={"max_columns": 5})
    assert str(err.value) == (
        f"{path}, row 3: has 12 columns, more than 5, the limit on columns; "
        "pass limits={'max_columns': 12} (--limit max_columns=12 on the command line) to read it"
    )


def test_an_xlsx_with_too_many_columns_is_refused_naming_sheet_and_row(tmp_path):
    path = tmp_path / "wide.xlsx"
    path.write_bytes(workbook_bytes(ROWS + [["2016-08", 3610] + [None] * 6 + ["note"]]))
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path, limits={"max_columns": 4})
    assert str(err.value) == (
        f"{path}, sheet 'Sheet', row 4: has a value in column 9, more than 4, the limit on "
        "columns; pass limits={'max_columns': 9} (--limit max_columns=9 on the command line) to read it"
    )


def test_empty_formatted_cells_far_right_do_not_count_as_columns(tmp_path):
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    book.active.cell(row=2, column=2000).number_format = "0.00"  # formatted, empty
    path = tmp_path / "formatted.xlsx"
    book.save(path)
    assert ia.read_monthly_referrals(path)["referrals"].tolist() == [3400, 3520]


def test_an_xlsx_with_too_many_rows_is_refused_even_with_a_row_far_down(tmp_path):
    far = workbook_bytes()
    with zipfile.ZipFile(io.BytesIO(far)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(
        b"</sheetData>", b'<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )
    path = tmp_path / "far.xlsx"
    path.write_bytes(with_parts(far, replace={"xl/worksheets/sheet1.xml": sheet}))
    message, elapsed = read_quickly(ia.read_monthly_referrals, path, limits={"max_rows": 1000})
    assert elapsed < 1
    assert message == (
        f"{path}, sheet 'Sheet': has more than 1,000 rows, the limit; pass limits={{'max_rows': 2000}} "
        "(--limit max_rows=2000 on the command line) to read it"
    )


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_text("month,referrals\n2016-06,1\n")
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(ia.DataError) as err:
        ia.read_monthly_referrals(path, limits={"max_file_bytes": 10})
    assert str(err.value) == (
        f"{path}: is 26 bytes, more than 10, the limit on a file's size; "
        "pass limits={'max_file_bytes': 26} (--limit max_file_bytes=26 on the command line) to read it"
    )


def test_the_defaults_are_far_above_real_use_and_documented():
    assert (_limits.MAX_ROWS, _limits.MAX_COLUMNS, _limits.MAX_FILE_BYTES) == (5_000_000, 1_000, 1_000_000_000)
    assert (_limits.MAX_XLSX_BYTES, _limits.MAX_XLSX_PARTS, _limits.MAX_XLSX_RATIO) == (200_000_000, 10_000, 100)
    assert _limits.XLSX_RATIO_FLOOR == 1_000_000
    # A referral log may be far larger than a series: a national log of 100 million rows is a few GB.
    assert (_limits.MAX_LOG_BYTES, _limits.MAX_LINE_BYTES) == (20_000_000_000, 1_048_576)


def test_limits_are_recorded_only_when_given(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("risk_level,outcome\nHigh,yes\nLow,no\n")
    assert "limits" not in ia.read_case_file(path).attrs["input"].options
    assert ia.read_case_file(path, limits={"max_rows": 10}).attrs["input"].options["limits"] == {"max_rows": 10}


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"rows": 10}, "`limits` has no limit 'rows'; the limits are max_file_bytes, max_rows"),
        ({"max_rows": 0}, r"`limits\['max_rows'\]` must be a whole number, 1 or more, but 0 was passed"),
        ({"max_rows": 1.5}, "must be a whole number"),
        ({"max_rows": True}, "must be a whole number"),
        (10, r"`limits` must be a dict such as \{'max_rows': 10000000\}, but 10 was passed"),
    ],
)
def test_bad_limits_are_refused(tmp_path, limits, message):
    path = tmp_path / "cases.csv"
    path.write_text("risk_level,outcome\nHigh,yes\n")
    with pytest.raises(ValueError, match=message) as err:
        ia.read_case_file(path, limits=limits)
    assert not isinstance(err.value, ia.DataError)
    with pytest.raises(ValueError, match=message):
        ia.read_monthly_arrests(path, limits=limits)


def test_limits_are_frozen_and_built_by_keyword():
    limits = _limits.limits_from({"max_rows": 10})
    assert limits == _limits.Limits(max_rows=10)
    with pytest.raises(TypeError):
        _limits.Limits(10)
    with pytest.raises(AttributeError):
        limits.max_rows = 20
