"""The value checks of a referral log: blanks against Python's own idea of whitespace, rows as a person counts them."""

import csv
import datetime as dt
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import inquiry_analysis as ia
from inquiry_analysis.io._log_rows import FIRST_DATE, LAST_DATE, check_timezone, today_in

#: Every character Python's str.isspace knows, and the invisible ones it does not.
BLANKS = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()] + ["\u200b", "\ufeff", "\u2060"]


def _problems(path, **options):
    with pytest.raises(ia.DataError) as caught:
        ia.read_referral_log(path, **options).close()
    return caught.value.problems


def test_every_blank_python_knows_is_refused_at_either_end_of_an_id(tmp_path):
    path = tmp_path / "log.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)  # a bare CR would end a row
        writer.writerow(["referral_id", "received"])
        writer.writerow(["A", "2016-01-04"])
        for i, blank in enumerate(BLANKS):
            writer.writerow([f"B{i}{blank}", "2016-01-04"])
            writer.writerow([f"{blank}C{i}", "2016-01-04"])
        writer.writerow(["REF 001", "2016-01-04"])  # a space inside an id is part of it
    (problem,) = _problems(path)
    assert problem.column == "referral_id" and problem.row == 3
    assert problem.reason.startswith(f"{2 * len(BLANKS)} referrals have spaces or invisible characters")


def test_ids_may_be_whole_numbers(tmp_path):
    path = tmp_path / "log.parquet"
    pq.write_table(pa.table({"referral_id": [7, 8, 9], "received": [dt.date(2016, 1, 4)] * 3}), path)
    with ia.read_referral_log(path) as log:
        assert log.monthly()["referrals"].tolist() == [3]


def test_a_row_is_named_as_a_person_counts_it_in_a_long_csv_read_on_several_threads(tmp_path):
    path = tmp_path / "log.csv"
    rows = [f"R{i},2016-01-{1 + i % 28:02d}" for i in range(200_000)]
    rows[180_000] = "R180000,2016-13-01"  # row 180,002 of the file: the header is row 1
    path.write_text("referral_id,received\n" + "\n".join(rows) + "\n")
    (problem,) = _problems(path, threads=2)
    assert (problem.row, problem.column) == (180_002, "received")


def test_a_parquet_files_rows_are_counted_from_1_across_row_groups(tmp_path):
    path = tmp_path / "log.parquet"
    received = [dt.date(2016, 1, 4)] * 5000
    received[4321] = dt.date(1850, 1, 1)
    table = pa.table({"referral_id": [f"R{i}" for i in range(5000)], "received": received})
    pq.write_table(table, path, row_group_size=1000)
    (problem,) = _problems(path)
    assert (problem.row, problem.column) == (4322, "received")
    assert problem.reason.endswith(": R4321 ('1850-01-01')")


def test_a_column_named_as_duckdb_numbers_rows_is_unknown_and_named(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("referral_id,received,rowid\nA,2016-01-04,x\nB,2016-13-01,y\n")
    problems = {p.column: p for p in _problems(path)}
    assert problems["rowid"].reason.startswith("unknown column")
    assert problems["received"].row is None and problems["received"].reason.endswith(": B ('2016-13-01')")


def test_a_time_zone_is_checked_against_the_iana_names():
    assert check_timezone("UTC") == "UTC" and check_timezone("America/Argentina/Buenos_Aires")
    for bad in ["", "Europe/Londres", "localtime", "../etc/passwd", "/etc/localtime", 5, None, "Europe/London\x00"]:
        with pytest.raises(ValueError, match="`timezone` must be a time zone such as 'Europe/London'"):
            check_timezone(bad)


def test_today_is_taken_in_the_zone_and_the_span_is_the_monthly_readers():
    assert abs((today_in("Pacific/Kiritimati") - today_in("Pacific/Pago_Pago")).days) in (1, 2)
    assert (FIRST_DATE, LAST_DATE) == (dt.date(1900, 1, 1), dt.date(2199, 12, 31))
