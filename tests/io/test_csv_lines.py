"""A CSV's lines read a chunk at a time split as Python's own text reader splits them, within bounds."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inquiry_analysis.errors import DataError
from inquiry_analysis.io import _limits
from inquiry_analysis.io._csv_lines import csv_lines, first_line


class Trickle(io.BytesIO):
    """A stream that gives at most ``step`` bytes a read, so that lines and line endings straddle chunks."""

    def __init__(self, data: bytes, step: int):
        super().__init__(data)
        self.step = step

    def read(self, size=-1):
        return super().read(min(size, self.step) if size >= 0 else self.step)


def lines(data: bytes, step: int = 1 << 20, **limits) -> list[str]:
    return list(csv_lines("mine.csv", Trickle(data, step), _limits.limits_from(limits or None)))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.text(alphabet='ab,"é中 \u2028\x85', max_size=8), st.sampled_from(["\n", "\r\n", "\r"]))),
    st.integers(1, 7),
)
def test_lines_are_split_as_python_s_universal_newlines_split_them(rows, step):
    text = "".join(cells + end for cells, end in rows)
    assert lines(text.encode(), step) == list(io.StringIO(text, newline=""))


def test_a_byte_order_mark_is_dropped_only_at_the_start():
    assert lines(b"\xef\xbb\xbfa,b\n\xef\xbb\xbfc\n", step=2) == ["a,b\n", "\ufeffc\n"]


def test_a_line_longer_than_the_limit_is_refused_after_a_bounded_read():
    stream = Trickle(b"month,referrals\n" + b"x" * 10_000 + b"\n2016-06,1\n", 64)
    with pytest.raises(DataError) as caught:
        list(csv_lines("mine.csv", stream, _limits.limits_from({"max_line_bytes": 1000})))
    assert str(caught.value).startswith("mine.csv, row 2: line 2 is longer than 1,000 bytes")
    assert "limits={'max_line_bytes': 2000}" in str(caught.value)
    assert stream.tell() < 1200  # read no further than the limit and a chunk


@pytest.mark.parametrize(
    ("data", "row", "column", "reason"),
    [
        (b"month,note\r\n2016-06,a\x00b\n", 2, "note", "holds a NUL byte (\\x00)"),
        (b"month,note\r2016-06,caf\xe9\n", 2, "note", "is not UTF-8 text (byte 0xe9 cannot be decoded)"),
        (b"\x00" * 5000, 1, None, "holds a NUL byte"),
        (b"\xff\xfem\x00o\x00", 1, None, "is not UTF-8 text (byte 0xff"),  # UTF-16: the first bad byte is named
    ],
)
def test_bytes_that_are_not_text_are_named_by_row_and_column(data, row, column, reason):
    with pytest.raises(DataError) as caught:
        lines(data, step=3)
    assert (caught.value.row, caught.value.column) == (row, column)
    assert reason in caught.value.reason


def test_the_first_line_alone_is_read_and_checked():
    assert first_line("log.csv", b"referral_id,received\nA1,caf\xe9\n", _limits.DEFAULT) == "referral_id,received\n"
    assert first_line("log.csv", b"", _limits.DEFAULT) is None
    with pytest.raises(DataError, match="log.csv, row 1: the header is longer than 10 bytes"):
        first_line("log.csv", b"referral_id,received", _limits.limits_from({"max_line_bytes": 10}))
