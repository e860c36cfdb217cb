"""A referral log's file before DuckDB reads it: a Parquet footer checked against the file, NUL bytes found by row."""

import duckdb
import pytest

from inquiry_analysis.errors import DataError
from inquiry_analysis.io import _limits
from inquiry_analysis.io._log_files import (
    NulWatch,
    check_parquet_footer,
    check_parquet_metadata,
    engine_message,
    open_log,
)


@pytest.fixture
def log_parquet(tmp_path):
    path = tmp_path / "log.parquet"
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT 'R' || i AS referral_id, DATE '2016-01-01' AS received FROM range(4321) t(i)) "
            f"TO '{path}' (FORMAT parquet)"
        )
    return path


def _checked(path):
    with open_log(path, _limits.DEFAULT) as opened, duckdb.connect() as con:
        check_parquet_metadata(con, opened, opened.engine_path(), check_parquet_footer(opened))


def test_a_good_footer_passes(log_parquet):
    _checked(log_parquet)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda data: data[:10], "it is 10 bytes, too short to be a Parquet file"),
        (lambda data: b"PAR0" + data[4:], "it does not start with PAR1"),
        (lambda data: data[:-1], "it does not end with PAR1"),
        (lambda data: data[:-8] + (len(data)).to_bytes(4, "little") + b"PAR1", "its footer claims"),
    ],
)
def test_a_footer_that_does_not_fit_the_file_is_refused(log_parquet, edit, message):
    log_parquet.write_bytes(edit(log_parquet.read_bytes()))
    with pytest.raises(DataError, match=message):
        _checked(log_parquet)


def test_a_footer_whose_rows_its_row_groups_do_not_hold_is_refused(log_parquet):
    data = log_parquet.read_bytes()
    length = int.from_bytes(data[-8:-4], "little")
    footer = data[-8 - length : -8]
    # The file's count of rows (FileMetaData field 3, an i64: 0x16 then zigzag varint of 4321) comes first.
    count = b"\x16" + bytes([0xC2, 0x43])
    assert count in footer
    forged = footer.replace(count, b"\x16" + bytes([0xC4, 0x43]), 1)  # 4322
    log_parquet.write_bytes(data[: -8 - length] + forged + data[-8:])
    with pytest.raises(DataError, match="its footer claims 4,322 rows, but its row groups hold 4,321"):
        _checked(log_parquet)


@pytest.mark.parametrize("step", [1, 5, 1000])
@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
def test_nul_bytes_are_found_by_row_and_column_across_chunks(tmp_path, step, end):
    path = tmp_path / "log.csv"
    data = end.join([b"referral_id,received,source", b"A1,2016-01-01,x", b"A2,2016-01-02,ab\x00c", b""])
    path.write_bytes(data)
    with open_log(path, _limits.DEFAULT) as opened:
        watch = NulWatch(opened, ["referral_id", "received", "source"])
        with pytest.raises(DataError) as caught:
            for start in range(0, len(data), step):
                watch(start, data[start : start + step])
    assert str(caught.value).startswith("log.csv, row 3, column 'source': holds a NUL byte (\\x00)")


def test_duckdb_s_messages_name_the_file_not_its_descriptor(tmp_path):
    err = duckdb.InvalidInputException("No magic bytes found at end of file '/proc/self/fd/17'\nmore" + "x" * 200)
    assert engine_message(err, tmp_path / "log.parquet") == "No magic bytes found at end of file 'log.parquet'"
    long = duckdb.ConversionException("Could not convert string '" + "s" * 500 + "'")
    assert engine_message(long, tmp_path / "log.parquet").endswith("... (527 characters)")
