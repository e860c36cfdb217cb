"""inquiry_analysis.io._validation: the raw table a reader parses, as read from the file."""

import dataclasses

import pytest

from inquiry_analysis.io._validation import RawTable, read_raw_csv, rebase_header


def test_a_raw_table_is_frozen_and_built_by_keyword(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("title\n\nmonth,referrals\n2016-06,3400\n", encoding="utf-8")
    table = read_raw_csv(path)
    assert (table.header, table.header_row, table.rows, table.sheet) == (
        ["title"],
        1,
        [(3, ["month", "referrals"]), (4, ["2016-06", "3400"])],
        None,
    )
    rebased = rebase_header(table, 3)
    assert (rebased.header, rebased.header_row, rebased.rows) == (["month", "referrals"], 3, [(4, ["2016-06", "3400"])])
    with pytest.raises(TypeError):
        RawTable(path, ["month"], 1, [])
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.header_row = 2
