"""A CSV file's lines, read a chunk at a time within bounds: text (UTF-8, no NUL byte), no line longer than a limit.

The monthly series and case file readers parse every line through :func:`csv_lines`; the referral log
reader reads its header through it (DuckDB parses the rows). So a file that is one long line (a header
of a million columns, a binary file with no line break, a sparse file of NUL bytes) is refused after at
most ``max_line_bytes`` are read, never read whole into memory. Each chunk's whole lines are checked
and decoded at once, and split as :class:`io.StringIO` splits them (``\\n``, ``\\r\\n`` and ``\\r``
end a line), so that the bounds cost little.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from inquiry_analysis.errors import DataError
from inquiry_analysis.io import _limits

__all__ = ["CHUNK", "csv_lines", "first_line"]

#: Bytes read at a time.
CHUNK = 1 << 16
_BOM = b"\xef\xbb\xbf"


def _ends(data: bytes) -> int:
    """How many lines end in ``data``: each ``\\n``, ``\\r\\n`` and lone ``\\r``."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _first_end(data: bytes) -> int:
    """The offset just past the first line's end (``\\r\\n`` included) in ``data``, or -1 if it has none."""
    found = [i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0]
    if not found:
        return -1
    end = min(found) + 1
    return end + 1 if data[end - 1 : end + 1] == b"\r\n" else end


def _last_end(data: bytes, stop: int) -> int:
    """The offset just past the last line's end in ``data[:stop]``, or 0 if it has none."""
    return max(data.rfind(b"\n", 0, stop), data.rfind(b"\r", 0, stop)) + 1


class _Checker:
    """Checks blocks of whole lines, counting lines so that a problem names its row (the header is row 1)."""

    def __init__(self, path, limits: _limits.Limits):
        self.path = path
        self.limits = limits
        self.lines = 0  # lines before the block being checked
        self.header: list[str] = []

    def _where(self, block: bytes, offset: int) -> dict:
        """The row and column of byte ``offset`` of ``block`` (the column by counting commas before it)."""
        before = block[:offset]
        row = self.lines + _ends(before) + 1
        field = before[_last_end(before, len(before)) :].count(b",")
        column = self.header[field].strip() if row > 1 and field < len(self.header) else None
        return {"path": self.path, "row": row, "column": column}

    def nul(self, block: bytes, offset: int) -> DataError:
        return DataError(
            "holds a NUL byte (\\x00), which no text file holds: it may be a spreadsheet, database or other "
            "binary file, or text saved as UTF-16; save it as CSV UTF-8",
            **self._where(block, offset),
        )

    def too_long(self, block: bytes, start: int) -> DataError:
        """The line starting at byte ``start`` of ``block`` is longer than the limit (or holds a NUL byte)."""
        nul = block.find(b"\x00", start, start + self.limits.max_line_bytes + 1)
        if nul >= 0:  # a binary file, or a sparse one: say so, rather than that its line is long
            return self.nul(block, nul)
        where = self._where(block, start)
        which = "the header" if where["row"] == 1 else f"line {where['row']}"
        return DataError(
            f"{which} is longer than {self.limits.max_line_bytes:,} bytes (no line break within them); it may not "
            "be a CSV file, or may have lost its line breaks. If it is right, "
            + _limits.raise_with(max_line_bytes=2 * self.limits.max_line_bytes),
            path=self.path,
            row=where["row"],
        )

    def text(self, block: bytes) -> str:
        """``block`` (whole lines) decoded, once known to be UTF-8 without a NUL byte or an overlong first line."""
        first = _first_end(block)
        if (len(block) if first < 0 else first) > self.limits.max_line_bytes:
            raise self.too_long(block, 0)
        if self.lines == 0:  # the header, to name a column in errors
            self.header = block[: len(block) if first < 0 else first].decode("utf-8", "replace").rstrip("\r\n")
            self.header = self.header.split(",")
        nul = block.find(b"\x00")
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError as err:
            if nul < 0 or err.start < nul:
                raise DataError(
                    f"is not UTF-8 text (byte 0x{block[err.start]:02x} cannot be decoded); save it as UTF-8, "
                    "e.g. in Excel with Save As > 'CSV UTF-8'",
                    **self._where(block, err.start),
                ) from None
        if nul >= 0:
            raise self.nul(block, nul)
        return text


def csv_lines(path, stream, limits: _limits.Limits) -> Iterator[str]:
    r"""The lines of a CSV file as text, each with its line ending (``\n``, ``\r\n`` or ``\r``), for :mod:`csv`.

    Parameters
    ----------
    path : Path or str
        The file, as named in errors.
    stream : binary file
        The file's bytes, read from the start (``read(n)``), :data:`CHUNK` bytes at a time (or
        ``max_line_bytes``, if fewer).
    limits : Limits
        ``max_line_bytes`` applies to every line.

    Yields
    ------
    str
        Each line, decoded; a byte-order mark before the first is dropped.

    Raises
    ------
    DataError
        Naming the line (as row; the header is row 1), and the column where there is one, if a line
        is longer than ``max_line_bytes``, is not UTF-8 or holds a NUL byte.

    Examples
    --------
    >>> list(csv_lines("mine.csv", io.BytesIO(b"\xef\xbb\xbfmonth,referrals\r\n2016-06,1\r2016-07,2"), _limits.DEFAULT))
    ['month,referrals\r\n', '2016-06,1\r', '2016-07,2']
    """
    checker = _Checker(path, limits)
    size = min(CHUNK, limits.max_line_bytes)  # so that only a block's first line can pass the limit
    pending, start = b"", True
    while True:
        chunk = stream.read(size)
        data = pending + chunk
        if start:
            if chunk and len(data) < len(_BOM) and _BOM.startswith(data):
                pending = data  # too short yet to tell a byte-order mark
                continue
            data, start = (data[len(_BOM) :] if data.startswith(_BOM) else data), False
        # Whole lines only; a '\r' at the very end may be followed by '\n' in the next chunk.
        end = len(data) if not chunk else _last_end(data, len(data) - (data[-1:] == b"\r"))
        block, pending = data[:end], data[end:]
        if len(pending) > limits.max_line_bytes:
            checker.lines += _ends(block)
            raise checker.too_long(pending, 0)
        if block:
            yield from io.StringIO(checker.text(block), newline="")
            checker.lines += _ends(block)
        if not chunk:
            return


def first_line(path, head: bytes, limits: _limits.Limits) -> str | None:
    r"""The first line of a file, decoded and checked as :func:`csv_lines` checks it, from the file's first bytes.

    Parameters
    ----------
    path : Path or str
        The file, as named in errors.
    head : bytes
        The file's first bytes: at least ``max_line_bytes`` and a few more, or the whole file.
    limits : Limits
        ``max_line_bytes`` applies.

    Returns
    -------
    str or None
        The first line, with its ending; None for an empty file.

    Raises
    ------
    DataError
        If the line is longer than ``max_line_bytes``, is not UTF-8 or holds a NUL byte.

    Examples
    --------
    >>> first_line("log.csv", b"referral_id,received\r\nA1,2016-01-01\n", _limits.DEFAULT)
    'referral_id,received\r\n'
    """
    end = _first_end(head)
    return next(csv_lines(path, io.BytesIO(head if end < 0 else head[:end]), limits), None)
