"""A referral log's file, opened for DuckDB within bounds: its size, a CSV's header and NUL bytes, a Parquet footer.

:func:`open_log` opens the file through :func:`inquiry_analysis.io._files.open_regular` (a regular file, not
under a system folder, within ``max_log_bytes``). Before DuckDB scans it, a CSV's header is read by Python
within ``max_line_bytes`` and ``max_columns`` (:func:`csv_header`) and the whole file is hashed, any NUL byte
refused on the way (:class:`NulWatch`); a Parquet file's footer is checked against the file's size
(:func:`check_parquet_footer`), then the row groups it describes (:func:`check_parquet_metadata`): a file of a
few kilobytes cannot hold a billion rows, and a footer that points past the file's end is damaged or forged.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from inquiry_analysis.errors import DataError, excerpt
from inquiry_analysis.io import _files, _limits
from inquiry_analysis.io._csv_lines import first_line

__all__ = [
    "MAX_PARQUET_FOOTER",
    "PARQUET_ROWS_PER_BYTE",
    "NulWatch",
    "check_parquet_footer",
    "check_parquet_metadata",
    "csv_header",
    "engine_message",
    "open_log",
]

#: The largest Parquet footer read (a log of 100 million rows in small row groups has a few megabytes).
MAX_PARQUET_FOOTER = 64 * 1024 * 1024
#: The most rows a Parquet file may claim per byte of its size (a log's unique ids take several bytes a row).
PARQUET_ROWS_PER_BYTE = 1_000
_MAGIC = b"PAR1"


def open_log(path: Path, limits: _limits.Limits) -> _files.Opened:
    """The log's file, open once it is known to be a regular file within ``max_log_bytes``.

    Parameters
    ----------
    path : Path
        The log, as the user gave it.
    limits : Limits
        The limits in force.

    Returns
    -------
    Opened
        The open file; the caller closes it.

    Raises
    ------
    DataError
        If it is missing, not a regular file, under a system folder, or too large; nothing is read.
    """
    return _files.open_regular(
        path,
        max_bytes=limits.max_log_bytes,
        too_large=lambda size: _limits.too_large(size, limits, "max_log_bytes"),
        what="the Parquet or CSV log",
    )


def engine_message(err: BaseException, path: Path) -> str:
    """The first line of a library's error (DuckDB's), cut and escaped, naming the file rather than its descriptor.

    Parameters
    ----------
    err : Exception
        The error.
    path : Path
        The file, whose name replaces ``/proc/self/fd/N`` in the message.

    Returns
    -------
    str
        At most 100 characters of the message's first line (DuckDB may quote the file's content).
    """
    text = str(err).strip()
    first = text.splitlines()[0] if text else type(err).__name__
    return excerpt(re.sub(r"/proc/self/fd/\d+", path.name, first), 100)


def csv_header(opened: _files.Opened, limits: _limits.Limits) -> list[str]:
    """A CSV log's header, read by Python within ``max_line_bytes`` and ``max_columns``.

    DuckDB's sniffer would take a ragged file's later rows for its header, so the header is read
    here; only its first line is read.

    Parameters
    ----------
    opened : Opened
        The log, open.
    limits : Limits
        The limits in force.

    Returns
    -------
    list of str
        The column names as written.

    Raises
    ------
    DataError
        If the first line is longer than ``max_line_bytes``, is not UTF-8, holds a NUL byte, cannot
        be parsed, is empty, has more than ``max_columns`` columns or names a column twice.
    """
    name = opened.path.name
    first = first_line(name, opened.read_at(0, limits.max_line_bytes + 8), limits)  # room for a byte-order mark
    try:
        header = next(csv.reader([first]), None) if first is not None else None
    except csv.Error as err:
        raise DataError(f"its header cannot be read as CSV ({excerpt(err, 100)})", path=name, row=1) from None
    if not header or not any(column.strip() for column in header):
        raise DataError("is empty: it has no header row (referral_id,received,...)", path=name)
    if len(header) > limits.max_columns:
        raise DataError(_limits.too_many_columns(len(header), limits), path=name, row=1)
    seen = {}
    for column in header:
        key = column.strip().lower()
        if key in seen:
            raise DataError(
                f"the column appears twice (as '{excerpt(seen[key])}' and '{excerpt(column)}'); keep one",
                path=name,
                column=column,
            )
        seen[key] = column
    return header


class NulWatch:
    """Watches a CSV log's bytes as they are hashed, and refuses the first NUL byte, naming its row and column.

    A NUL byte is no text, and DuckDB may read past it or stop a value there; so a CSV log holding one
    is refused before DuckDB reads it. The row is the line (the header is row 1); the column is found
    by counting commas before the byte on its line.

    Parameters
    ----------
    opened : Opened
        The log, open.
    header : list of str
        Its header, to name the column.
    """

    def __init__(self, opened: _files.Opened, header: list[str]):
        self._opened = opened
        self._header = header
        self._row = 1
        self._line_start = 0
        self._after_cr = False  # the last chunk ended in '\r': a '\n' starting this one ends no other line

    def __call__(self, offset: int, chunk: bytes) -> None:
        """Look at one chunk, starting at byte ``offset`` of the file; raise at a NUL byte.

        Parameters
        ----------
        offset : int
            Where the chunk starts in the file.
        chunk : bytes
            The chunk.

        Raises
        ------
        DataError
            At the first NUL byte, naming its row and column.
        """
        nul = chunk.find(b"\x00")
        before = chunk if nul < 0 else chunk[:nul]
        lines = (
            before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") - (self._after_cr and before[:1] == b"\n")
        )
        if lines:
            self._row += lines
            self._line_start = offset + max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
        self._after_cr = chunk[-1:] == b"\r"
        if nul < 0:
            return
        at = offset + nul
        start = max(self._line_start, at - _limits.MAX_LINE_BYTES)  # the line up to the byte, within bounds
        field = self._opened.read_at(start, at - start).count(b",")
        raise DataError(
            "holds a NUL byte (\\x00), which no text file holds: it may be damaged, binary or saved as UTF-16; "
            "save it as CSV UTF-8",
            path=self._opened.path.name,
            row=self._row,
            column=self._header[field].strip() if field < len(self._header) else None,
        )


def check_parquet_footer(opened: _files.Opened) -> int:
    """Check a Parquet file's magic bytes at both ends and its footer's length against its size.

    Parameters
    ----------
    opened : Opened
        The file, open.

    Returns
    -------
    int
        The footer's length in bytes.

    Raises
    ------
    DataError
        If the file is too short, does not start or end with ``PAR1``, or states a footer longer
        than the file or than :data:`MAX_PARQUET_FOOTER`.
    """
    name, size = opened.path.name, opened.size
    if size < 12:
        raise DataError(f"cannot be read as Parquet (it is {size} bytes, too short to be a Parquet file)", path=name)
    if opened.read_at(0, 4) != _MAGIC:
        raise DataError("cannot be read as Parquet (it does not start with PAR1, as a Parquet file does)", path=name)
    tail = opened.read_at(-8, 8)
    if tail[4:] != _MAGIC:
        raise DataError(
            "cannot be read as Parquet (it does not end with PAR1, as a Parquet file does): it was cut short "
            "(still being written or copied?) or is damaged",
            path=name,
        )
    footer = int.from_bytes(tail[:4], "little")
    if footer > size - 12 or footer > MAX_PARQUET_FOOTER:
        raise DataError(
            f"cannot be read as Parquet: its footer claims {footer:,} bytes, in a file of {size:,}"
            + (f" (a footer is at most {MAX_PARQUET_FOOTER:,})" if footer <= size - 12 else "")
            + "; it is damaged or forged",
            path=name,
        )
    return footer


def _parquet_metadata(con, source: str) -> tuple:
    """(rows the footer claims, rows its row groups hold, first and last byte of their data) of a Parquet file."""
    ((rows,),) = con.execute("SELECT num_rows FROM parquet_file_metadata(?)", [source]).fetchall()
    ((grouped, start, stop),) = con.execute(
        "SELECT sum(n), min(start), max(stop) FROM (SELECT any_value(row_group_num_rows) AS n, "
        "min(CASE WHEN dictionary_page_offset > 0 THEN least(dictionary_page_offset, data_page_offset) "
        "ELSE data_page_offset END) AS start, "
        "max(CASE WHEN dictionary_page_offset > 0 THEN least(dictionary_page_offset, data_page_offset) "
        "ELSE data_page_offset END + total_compressed_size) AS stop "
        "FROM parquet_metadata(?) GROUP BY row_group_id)",
        [source],
    ).fetchall()
    return rows, grouped, start, stop


def check_parquet_metadata(con, opened: _files.Opened, source: str, footer: int) -> None:
    """Check what a Parquet file's footer says (rows, row groups, where their data are) against its size.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection to read the footer with.
    opened : Opened
        The file, open.
    source : str
        The path DuckDB opens it by (:meth:`Opened.engine_path`).
    footer : int
        The footer's length (:func:`check_parquet_footer`).

    Raises
    ------
    DataError
        If the footer claims more rows than the file can hold (:data:`PARQUET_ROWS_PER_BYTE`), rows
        its row groups do not hold, or data outside the file.
    """
    import duckdb

    name, size = opened.path.name, opened.size
    try:
        rows, grouped, start, stop = _parquet_metadata(con, source)
    except duckdb.InterruptException:
        raise
    except duckdb.Error as err:
        raise DataError(f"cannot be read as Parquet ({engine_message(err, opened.path)})", path=name) from None
    damaged = "; it is damaged or forged"
    if rows > PARQUET_ROWS_PER_BYTE * size:
        raise DataError(
            f"cannot be read as Parquet: its footer claims {rows:,} rows, more than a file of {size:,} bytes can "
            f"hold{damaged}",
            path=name,
        )
    if rows != (grouped or 0):
        raise DataError(
            f"cannot be read as Parquet: its footer claims {rows:,} rows, but its row groups hold {grouped or 0:,}"
            + damaged,
            path=name,
        )
    if start is not None and (start < 4 or stop > size - 8 - footer):
        raise DataError(
            f"cannot be read as Parquet: its footer places data at bytes {start:,} to {stop:,}, outside the "
            f"{size - 12 - footer:,} bytes of data the file holds{damaged}",
            path=name,
        )
