"""Limits on how much work reading one file may take: far above real use, each one raisable.

A user's file is refused, before it is parsed or as soon as a limit is passed, when it is larger
than any real monthly series or case file: a zip bomb, a runaway export, a file that is not what
it says. Each refusal is one :class:`~inquiry_analysis.DataError` line that names the file, the
limit passed and how to raise it: ``limits={'max_rows': 10000000}`` to a reader.

The limits, and the keys of ``limits``:

``max_file_bytes``
    A monthly series' or case file's size, checked on the open file before a byte is read
    (:data:`MAX_FILE_BYTES`).
``max_log_bytes``
    A referral log's size, checked in the same way (:data:`MAX_LOG_BYTES`).
``max_line_bytes``
    A line of a CSV file: a log's header, or any line of a series or case file, each read up to
    this many bytes and refused past it (:data:`MAX_LINE_BYTES`).
``max_rows``
    Rows of a CSV or a worksheet, counted as a spreadsheet numbers them (header and blank rows
    included); reading stops at the first row past the limit (:data:`MAX_ROWS`).
``max_columns``
    Fields in a CSV record; the last non-blank cell of a worksheet row, as a workbook may hold
    empty formatted cells far to the right; a log's columns (:data:`MAX_COLUMNS`).
``max_xlsx_bytes``, ``max_xlsx_parts``, ``max_xlsx_ratio``
    A workbook's total unpacked size, its number of parts, and the compression ratio of any part
    over :data:`XLSX_RATIO_FLOOR` bytes (:data:`MAX_XLSX_BYTES`, :data:`MAX_XLSX_PARTS`,
    :data:`MAX_XLSX_RATIO`). They are read from the zip's central directory before anything is
    unpacked. The directory can understate a part's size, but :mod:`zipfile` never unpacks more
    of a part than the directory states (it stops there, and the part then fails its CRC check),
    so these limits also bound what openpyxl unpacks.

Every file is first opened by :func:`inquiry_analysis.io._files.open_regular`, which refuses what is
not a regular file, and anything under ``/proc``, ``/sys``, ``/dev`` or ``/etc``, before opening it.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass, fields, replace
from pathlib import Path

from inquiry_analysis.errors import DataError, excerpt

__all__ = [
    "DEFAULT",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "MAX_LOG_BYTES",
    "MAX_ROWS",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_PARTS",
    "MAX_XLSX_RATIO",
    "XLSX_RATIO_FLOOR",
    "XLSX_SLACK",
    "Limits",
    "check_xlsx",
    "limits_from",
    "raise_with",
    "too_large",
    "too_many_columns",
    "too_many_rows",
]

#: A file's size: a monthly series is a few kilobytes, a force's case file a few megabytes.
MAX_FILE_BYTES = 1_000_000_000
#: A referral log's size: a national log of 100 million referrals is a few GB, in Parquet or CSV.
MAX_LOG_BYTES = 20_000_000_000
#: A CSV line (a log's header; any line of a series or case file): a header of 1,000 columns fits in 64 KB.
MAX_LINE_BYTES = 1_048_576
#: Rows of a CSV or worksheet (Excel itself holds 1,048,576).
MAX_ROWS = 5_000_000
#: Columns of a CSV or worksheet (the readers need two).
MAX_COLUMNS = 1_000
#: A workbook's parts, unpacked, all together (a workbook of a million rows unpacks to ~50 MB).
MAX_XLSX_BYTES = 200_000_000
#: A workbook's parts (a workbook has a dozen or so; one per sheet, chart and image).
MAX_XLSX_PARTS = 10_000
#: Unpacked to packed size of any part over XLSX_RATIO_FLOOR bytes (real sheets pack some 5-20 to 1).
MAX_XLSX_RATIO = 100
#: Parts up to this size may pack as tightly as they like.
XLSX_RATIO_FLOOR = 1_000_000
#: Bytes of a workbook that may belong to no part (its directory's end and comment, and a margin).
XLSX_SLACK = 1_000_000


@dataclass(frozen=True, kw_only=True)
class Limits:
    """The limits in force for one reading; build with :func:`limits_from`.

    Attributes
    ----------
    max_file_bytes : int
        The largest monthly series or case file, in bytes (default :data:`MAX_FILE_BYTES`).
    max_rows : int
        The most rows of a CSV or worksheet, header and blank rows included (default :data:`MAX_ROWS`).
    max_columns : int
        The most fields in a CSV record, or the furthest column of a worksheet holding a value
        (default :data:`MAX_COLUMNS`).
    max_xlsx_bytes : int
        The most bytes a workbook's parts unpack to, all together (default :data:`MAX_XLSX_BYTES`).
    max_xlsx_parts : int
        The most parts in a workbook (default :data:`MAX_XLSX_PARTS`).
    max_xlsx_ratio : int
        The highest ratio of unpacked to packed size of a part over :data:`XLSX_RATIO_FLOOR`
        bytes (default :data:`MAX_XLSX_RATIO`).
    max_log_bytes : int
        The largest referral log, in bytes (default :data:`MAX_LOG_BYTES`).
    max_line_bytes : int
        The longest line of a CSV file read by Python, in bytes (default :data:`MAX_LINE_BYTES`).
    """

    max_file_bytes: int = MAX_FILE_BYTES
    max_rows: int = MAX_ROWS
    max_columns: int = MAX_COLUMNS
    max_xlsx_bytes: int = MAX_XLSX_BYTES
    max_xlsx_parts: int = MAX_XLSX_PARTS
    max_xlsx_ratio: int = MAX_XLSX_RATIO
    max_log_bytes: int = MAX_LOG_BYTES
    max_line_bytes: int = MAX_LINE_BYTES


#: The limits when a reader is given none.
DEFAULT = Limits()
_NAMES = tuple(f.name for f in fields(Limits))


def limits_from(limits: dict | None) -> Limits:
    """The :class:`Limits` for a reader's ``limits`` option: None for the defaults, or a dict raising some.

    Parameters
    ----------
    limits : dict or None
        Limits by name (the fields of :class:`Limits`), each a whole number, 1 or more; the others
        keep their defaults.

    Returns
    -------
    Limits
        :data:`DEFAULT`, with the limits given replaced.

    Raises
    ------
    ValueError
        If ``limits`` is not a dict, names no limit, or gives one a value that is not a whole number, 1 or more.

    Examples
    --------
    >>> limits_from({"max_rows": 10}).max_rows, limits_from(None).max_columns
    (10, 1000)
    """
    if limits is None:
        return DEFAULT
    if not isinstance(limits, dict):
        raise ValueError(f"`limits` must be a dict such as {{'max_rows': 10000000}}, but {limits!r} was passed")
    for key, value in limits.items():
        if key not in _NAMES:
            raise ValueError(f"`limits` has no limit {key!r}; the limits are {', '.join(_NAMES)}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"`limits['{key}']` must be a whole number, 1 or more, but {value!r} was passed")
    return replace(DEFAULT, **limits)


def raise_with(**needed: int) -> str:
    """How to raise limits, in Python and on the command line.

    Parameters
    ----------
    **needed : int
        Each limit to raise, and the value it needs.

    Returns
    -------
    str
        The advice, ending "to read it".

    Examples
    --------
    >>> raise_with(max_rows=10)
    "pass limits={'max_rows': 10} (--limit max_rows=10 on the command line) to read it"
    """
    flags = " ".join(f"--limit {key}={value}" for key, value in needed.items())
    return f"pass limits={needed!r} ({flags} on the command line) to read it"


def too_large(size: int, limits: Limits, key: str = "max_file_bytes") -> str:
    """The reason a file of ``size`` bytes is refused under the limit ``key``.

    Parameters
    ----------
    size : int
        The file's size.
    limits : Limits
        The limits in force.
    key : {'max_file_bytes', 'max_log_bytes'}
        The limit passed.

    Returns
    -------
    str
        The reason, with how to raise the limit to ``size``.

    Examples
    --------
    >>> too_large(26, limits_from({"max_file_bytes": 10}))[:54]
    "is 26 bytes, more than 10, the limit on a file's size;"
    """
    what = "a referral log's size" if key == "max_log_bytes" else "a file's size"
    return f"is {size:,} bytes, more than {getattr(limits, key):,}, the limit on {what}; " + raise_with(**{key: size})


def check_xlsx(path: Path, data, limits: Limits) -> None:
    """Refuse a workbook whose zip directory states more parts, bytes or compression than the limits.

    Reads only the central directory (sizes as stated there), never a part's contents. Bytes that
    are not a zip pass unchecked: openpyxl refuses them with its own message.

    Parameters
    ----------
    path : Path
        The workbook's file, named in the error.
    data : bytes or binary file
        The workbook's bytes, or the open workbook (seekable), of which only the directory is read.
    limits : Limits
        The limits in force; ``max_xlsx_parts``, ``max_xlsx_bytes`` and ``max_xlsx_ratio`` apply.

    Raises
    ------
    DataError
        Naming every limit the workbook passes and how to raise each; or if more than
        :data:`XLSX_SLACK` of its bytes belong to none of its parts.
    """
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
        size = source.seek(0, io.SEEK_END)
    except Exception:  # not a zip, or a damaged one: nothing to unpack, and openpyxl names the damage
        return
    # Each part's bytes, its two headers (30 and 46 bytes, with its name twice) and a data descriptor.
    used = sum(p.compress_size + 100 + 2 * len(p.filename) + len(p.extra) + len(p.comment) for p in parts)
    if size > used + XLSX_SLACK:
        raise DataError(
            f"holds {size - used:,} bytes that belong to none of its parts, which a workbook saved by Excel does "
            "not; it is damaged or more than a workbook: open and save it in Excel, or save it as CSV UTF-8",
            path=path,
        )
    reasons, needed = [], {}
    if len(parts) > limits.max_xlsx_parts:
        reasons.append(
            f"has {len(parts):,} parts, more than {limits.max_xlsx_parts:,}, the limit on a workbook's parts"
        )
        needed["max_xlsx_parts"] = len(parts)
    total = sum(p.file_size for p in parts)
    if total > limits.max_xlsx_bytes:
        reasons.append(
            f"unpacks to {total:,} bytes, more than {limits.max_xlsx_bytes:,}, the limit on a workbook's unpacked size"
        )
        needed["max_xlsx_bytes"] = total
    ratios = [(p.file_size / max(p.compress_size, 1), p) for p in parts if p.file_size > XLSX_RATIO_FLOOR]
    ratio, part = max(ratios, key=lambda pair: pair[0], default=(0, None))
    if ratio > limits.max_xlsx_ratio:
        reasons.append(
            f"part '{excerpt(part.filename)}' unpacks {part.file_size:,} bytes from {part.compress_size:,} "
            f"({ratio:,.0f} to 1), more than {limits.max_xlsx_ratio:,} to 1, the limit on a part's "
            "compression"
        )
        needed["max_xlsx_ratio"] = math.ceil(ratio)
    if reasons:
        raise DataError(
            "; ".join(reasons) + " (it may be a zip bomb); if you trust the file, " + raise_with(**needed), path=path
        )


def too_many_rows(limits: Limits) -> str:
    """The reason a file or sheet with more than ``max_rows`` rows is refused.

    Parameters
    ----------
    limits : Limits
        The limits in force.

    Returns
    -------
    str
        The reason, with how to raise the limit (to twice the present one, at least 10).
    """
    return f"has more than {limits.max_rows:,} rows, the limit; " + raise_with(max_rows=max(2 * limits.max_rows, 10))


def too_many_columns(width: int, limits: Limits, *, last_value: bool = False) -> str:
    """The reason a row of ``width`` columns (or, for a sheet, with its last value in column ``width``) is refused.

    Parameters
    ----------
    width : int
        The row's columns, or the column of its last value.
    limits : Limits
        The limits in force.
    last_value : bool
        Whether ``width`` is the column of a worksheet row's last value rather than a CSV record's fields.

    Returns
    -------
    str
        The reason, with how to raise the limit to ``width``.
    """
    found = f"has a value in column {width:,}" if last_value else f"has {width:,} columns"
    return f"{found}, more than {limits.max_columns:,}, the limit on columns; " + raise_with(max_columns=width)
