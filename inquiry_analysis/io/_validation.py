"""Reading raw rows and checking them against a table schema, with errors that name the place.

Row numbers are as a person counts them in a spreadsheet: the header is row 1.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import difflib
import io
import os
import re
import shlex
import struct
from dataclasses import dataclass
from pathlib import Path

from inquiry_analysis.errors import DataError, excerpt, excerpts
from inquiry_analysis.io import _files, _limits
from inquiry_analysis.io._csv_lines import csv_lines

__all__ = [
    "RawTable",
    "check_periods",
    "match_header",
    "open_table_file",
    "parse_columns",
    "read_raw_csv",
    "read_raw_xlsx",
    "rebase_header",
    "sheet_choice",
    "xlsx_bytes",
]


@dataclass(frozen=True, kw_only=True)
class RawTable:
    """Cells as read, before any typing.

    Attributes
    ----------
    path : Path
        The file read.
    header : list of str
        The header row's cells, as text.
    header_row : int
        The header's row number, as a spreadsheet counts (1 for the file's first row).
    rows : list of (int, list)
        Each non-blank row below the header: its number, counted as ``header_row`` is, and its
        cells (text from a CSV; from a workbook, as openpyxl gives them: numbers stay numbers).
    sheet : str or None
        For a workbook, the name of the sheet read; None for a CSV.
    """

    path: Path
    header: list[str]
    header_row: int
    rows: list[tuple[int, list]]
    sheet: str | None = None


# A footnote or revision marker at the end of a figure: 3545[a], 3545*, 3545†, 3545 (r), 3545¹.
# ASCII digits only ([0-9], not \d, which also matches Arabic-Indic and full-width digits).
_FOOTNOTE = re.compile(
    r"^(?P<body>.*?[0-9])\s*(?P<marker>\[[^\]]*\]|\((?:[a-zA-Z]|[0-9]{1,2})\)|[*†‡§¶#]+|[⁰¹²³⁴-⁹]+)$"
)
_THOUSANDS = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
_INTEGER = re.compile(r"^-?[0-9]+(\.0*)?$")  # 1900.0, as a spreadsheet writes a whole number, is 1900
_NUMBER = re.compile(r"^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LARGEST = 2**63 - 1  # what a nullable integer column holds


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def open_table_file(path: Path, limits: _limits.Limits) -> _files.Opened:
    """A monthly series' or case file's file, open once it is known to be a regular file within ``max_file_bytes``.

    Parameters
    ----------
    path : Path
        The file, as the user gave it.
    limits : Limits
        The limits in force.

    Returns
    -------
    Opened
        The open file (:func:`inquiry_analysis.io._files.open_regular`); the caller closes it.

    Raises
    ------
    DataError
        If it is missing, not a regular file, under a system folder, or too large; nothing is read.
    """
    return _files.open_regular(
        path,
        max_bytes=limits.max_file_bytes,
        too_large=lambda size: _limits.too_large(size, limits),
        what="the CSV or XLSX file",
    )


def read_raw_csv(path: str | Path, data=None, *, limits: _limits.Limits | None = None) -> RawTable:
    """Split a UTF-8 CSV into header and rows; blank rows are skipped but keep their numbers.

    The file is read a chunk at a time (:func:`~inquiry_analysis.io._csv_lines.csv_lines`), so that
    a line past ``max_line_bytes``, bytes that are not UTF-8, a NUL byte or a row past ``max_rows``
    stop the reading there.

    Parameters
    ----------
    path : str or Path
        The CSV file, named in errors.
    data : bytes or binary stream, optional
        The file's bytes, or a stream of them (so that what is hashed is what is parsed); by
        default the file is opened (:func:`open_table_file`) and read.
    limits : Limits, optional
        The limits in force (default :data:`_limits.DEFAULT`): the file's size, its lines' length,
        its rows (reading stops at the first row past the limit) and the fields of any record.

    Returns
    -------
    RawTable
        The first non-blank row as header and the non-blank rows below it, cells stripped of
        surrounding spaces.

    Raises
    ------
    DataError
        If the file is empty, is not UTF-8, holds a NUL byte, cannot be parsed as CSV, or passes a
        limit, naming the row (and, for a byte that is not text, the column).
    """
    path = Path(path)
    limits = limits or _limits.DEFAULT
    if data is None:
        with open_table_file(path, limits) as opened:
            return _parse_csv(path, opened.stream(), limits)
    return _parse_csv(path, io.BytesIO(data) if isinstance(data, bytes) else data, limits)


def _parse_csv(path: Path, stream, limits: _limits.Limits) -> RawTable:
    reader = csv.reader(csv_lines(path, stream, limits))
    records = []
    try:
        for record in reader:
            if len(records) == limits.max_rows:
                raise DataError(_limits.too_many_rows(limits), path=path)
            if len(record) > limits.max_columns:
                raise DataError(_limits.too_many_columns(len(record), limits), path=path, row=len(records) + 1)
            records.append(record)
    except csv.Error as err:  # e.g. one field of more than 128 KB, or a quote left open at the end
        raise DataError(
            f"cannot be read as CSV ({excerpt(err, 100)}); check that it is a plain-text CSV file",
            path=path,
            row=reader.line_num,
        ) from None
    numbered = [(i, [c.strip() for c in r]) for i, r in enumerate(records, start=1)]
    numbered = [(i, r) for i, r in numbered if any(c != "" for c in r)]
    if not numbered:
        raise DataError("the file is empty; expected a header row and at least one row of data", path=path)
    (header_row, header), body = numbered[0], numbered[1:]
    return RawTable(path=path, header=header, header_row=header_row, rows=body)


_SCAN_ROWS = 30  # how far down a sheet a header is looked for
_ZIP_END_SIZE = 22  # a zip's end-of-directory record, without its comment


def sheet_choice(name: str) -> str:
    """How to choose a sheet, phrased for the library and the command line alike.

    Parameters
    ----------
    name : str
        The sheet's name.

    Returns
    -------
    str
        The option, for a reader and for the command line, the name quoted for a shell.

    Examples
    --------
    >>> sheet_choice("Monthly data")
    "sheet='Monthly data' (--sheet 'Monthly data' on the command line)"
    """
    shown = excerpt(name)  # a name from the file: cut and escaped if it is long or holds control characters
    return f"sheet={shown!r} (--sheet {shlex.quote(shown)} on the command line)"


def _sheet_list(names: list[str]) -> str:
    """A workbook's sheet names as a list, each cut and escaped, the first few of many."""
    return "[" + excerpts(names, quote="'") + "]"


def _names_by_row(rows) -> list[set[str]]:
    """The normalised non-blank cells of each of the first rows that have any."""
    found = []
    for cells in rows:
        names = {_normalise(c) for c in cells if not _is_blank(c)}
        if names:
            found.append(names)
            if len(found) >= _SCAN_ROWS:
                break
    return found


def _has_columns(rows: list[set[str]], required: list[str]) -> bool:
    return any(set(required) <= names for names in rows)


def _other_sheets_with(book, required: list[str], current: str, max_rows: int = _limits.MAX_ROWS) -> str | None:
    """Which other worksheets have the ``required`` columns, and how to choose one; None if none do.

    Each is scanned no further than row ``max_rows``, however far down its rows are.
    """
    others = []
    for ws in book.worksheets:
        if ws.title == current:
            continue
        try:
            ws.reset_dimensions()
            rows = _names_by_row(ws.iter_rows(max_row=max_rows, values_only=True))
        except Exception:  # a damaged sheet is no candidate
            continue
        if _has_columns(rows, required):
            others.append(ws)
    if not others:
        return None
    others.sort(key=lambda ws: ws.sheet_state != "visible")  # visible sheets first
    labels = [f"'{excerpt(ws.title)}'" + ("" if ws.sheet_state == "visible" else " (hidden)") for ws in others]
    if len(labels) > 3:  # the first few, visible first: one is enough to choose
        labels = labels[:2] + [f"{len(labels) - 2:,} more"]
    if len(others) == 1:
        return f"sheet {labels[0]} has them: choose it with {sheet_choice(others[0].title)}"
    listed = ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"sheets {listed} have them: choose one with {sheet_choice(others[0].title)}"


def _chosen_sheet(book, sheet: str | int | None, path: Path):
    """(sheet object, how it was chosen) for ``sheet``: a name, a position from 0, or None for the active sheet."""
    names = book.sheetnames
    if not names:  # its list of sheets is missing or damaged (openpyxl drops sheets it cannot find)
        raise DataError(
            "has no sheets that can be read (its list of sheets is missing or damaged); open and save "
            "it in Excel, or save it as CSV UTF-8",
            path=path,
        )
    if sheet is None:
        active = book.active
        return (active if active is not None else book[names[0]]), "the workbook's active sheet, read by default"
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise DataError(f"has no sheet number {sheet}; its sheets are {_sheet_list(names)}", path=path)
        return book[names[sheet]], f"sheet number {sheet}, counting from 0"
    if sheet not in names:
        raise DataError(f"has no sheet named '{excerpt(sheet)}'; its sheets are {_sheet_list(names)}", path=path)
    return book[sheet], "the sheet asked for"


def _open_workbook(path: Path, data: bytes):
    """The workbook in ``data``, opened read-only with its cells' stored values; refused if damaged."""
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises zip, XML, key and value errors for damaged files
        raise DataError(
            f"is not a readable XLSX workbook ({type(err).__name__}: {excerpt(err, 100)}); save it from Excel as "
            ".xlsx, or as CSV UTF-8",
            path=path,
        ) from None


def _wanted(required: list[str] | None) -> str:
    return f"the columns {', '.join(required)}" if required else "a header row and data"


def _wrong_sheet(
    book, ws, reason: str, otherwise: str, *, path: Path, required: list[str] | None, limits: _limits.Limits
) -> DataError:
    """The error for a sheet that is not the data: the sheet that has the ``required`` columns, else ``otherwise``."""
    pointer = _other_sheets_with(book, required, ws.title, limits.max_rows) if required else None
    return DataError(f"{reason}; {pointer or otherwise}", path=path, sheet=ws.title)


def _check_sheet_kind(
    book, ws, role: str, sheet: str | int | None, *, path: Path, required: list[str] | None, limits: _limits.Limits
) -> None:
    """Refuse a chart sheet, and a hidden sheet not asked for, before reading a row."""
    from openpyxl.chartsheet import Chartsheet

    wanted = _wanted(required)
    if isinstance(ws, Chartsheet):
        worksheets = [w.title for w in book.worksheets]
        raise _wrong_sheet(
            book,
            ws,
            f"expected a worksheet with {wanted}, got a chart sheet ({role})",
            f"its worksheets are {_sheet_list(worksheets)}: choose one with sheet='NAME' "
            "(--sheet NAME on the command line)"
            if worksheets
            else "the workbook has no worksheets",
            path=path,
            required=required,
            limits=limits,
        )
    if sheet is None and ws.sheet_state != "visible":
        raise _wrong_sheet(
            book,
            ws,
            f"expected a visible worksheet with {wanted}, got a hidden sheet ({role}), which is read "
            "only when asked for by name",
            f"if it is the sheet you mean, choose it with {sheet_choice(ws.title)}",
            path=path,
            required=required,
            limits=limits,
        )


def _sheet_rows(ws, path: Path, limits: _limits.Limits) -> list[tuple[int, list]]:
    """The sheet's non-blank rows with their numbers, text stripped; refused at the first row or column past a limit."""
    ws.reset_dimensions()  # the recorded size may be stale: read to the last row the sheet holds
    numbered, beyond = [], None
    try:  # to one row past the limit, however far down the sheet's last row is
        for number, cells in enumerate(ws.iter_rows(min_row=1, max_row=limits.max_rows + 1, values_only=True), start=1):
            if number > limits.max_rows:
                beyond = DataError(_limits.too_many_rows(limits), path=path, sheet=ws.title)
                break
            cells = [c.strip() if isinstance(c, str) else c for c in cells]
            if any(not _is_blank(c) for c in cells):
                width = max(i + 1 for i, c in enumerate(cells) if not _is_blank(c))
                if width > limits.max_columns:
                    beyond = DataError(
                        _limits.too_many_columns(width, limits, last_value=True),
                        path=path,
                        sheet=ws.title,
                        row=number,
                    )
                    break
                numbered.append((number, cells))
    except Exception as err:  # a damaged sheet part, or a cell whose stored type does not match its value
        raise DataError(
            f"cannot be read after row {len(numbered)} ({type(err).__name__}: {excerpt(err, 100)}); open and "
            "save it in Excel, or save it as CSV UTF-8",
            path=path,
            sheet=ws.title,
        ) from None
    if beyond is not None:
        raise beyond
    return numbered


def _check_sheet_data(
    book, ws, role: str, numbered: list, *, path: Path, required: list[str] | None, limits: _limits.Limits
) -> None:
    """Refuse an empty sheet, and one without the ``required`` columns while another sheet has them."""
    if not numbered:
        raise _wrong_sheet(
            book,
            ws,
            f"expected {_wanted(required)}, got an empty sheet ({role})",
            "add a header row and at least one row of data",
            path=path,
            required=required,
            limits=limits,
        )
    if required and not _has_columns(_names_by_row(cells for _, cells in numbered), required):
        pointer = _other_sheets_with(book, required, ws.title, limits.max_rows)
        if pointer:  # a cover or notes page; otherwise the header check names what is missing
            raise DataError(
                f"expected the columns {', '.join(required)}, got a sheet without them ({role}); {pointer}",
                path=path,
                sheet=ws.title,
            )


def _trimmed(numbered: list[tuple[int, list]]) -> list[tuple[int, list]]:
    """Every row cut or padded to the widest non-blank cell of any row."""
    # Worksheets report trailing empty cells; trim to the widest non-blank cell of any row.
    width = max(i + 1 for _, cells in numbered for i, c in enumerate(cells) if not _is_blank(c))
    return [(n, list(cells[:width]) + [None] * (width - len(cells))) for n, cells in numbered]


def read_raw_xlsx(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    data: bytes | None = None,
    required: list[str] | None = None,
    limits: _limits.Limits | None = None,
) -> RawTable:
    """Rows of one worksheet of an XLSX workbook, cells as openpyxl gives them (numbers stay numbers).

    The sheet is read to its last row, whatever size the file records for it (many exporters
    record it before they add the rows). The workbook's unpacked size, parts and compression are
    checked from its zip directory before anything is unpacked, and the sheet's rows and columns
    as it is read.

    Parameters
    ----------
    path : str or Path
        The workbook's file, named in errors.
    sheet : str or int, optional
        A sheet's name, its position (0 for the first) or None for the workbook's active sheet,
        the one Excel opens on.
    data : bytes, optional
        The file's bytes, if already read (by :func:`xlsx_bytes`); by default the file is opened
        (:func:`open_table_file`) and read by :func:`xlsx_bytes`.
    required : list of str, optional
        The columns the caller needs: when the sheet is a chart, is hidden (and was not asked for
        by name), is empty or lacks those columns while another sheet has them, the error names
        that sheet and how to choose it.
    limits : Limits, optional
        The limits in force (default :data:`_limits.DEFAULT`).

    Returns
    -------
    RawTable
        The first non-blank row as header, the non-blank rows below it, every row as wide as the
        widest non-blank cell; ``sheet`` names the sheet read.

    Raises
    ------
    DataError
        If the file is empty, damaged or past a limit, or the sheet is missing, a chart, hidden,
        empty or (while another sheet has them) without the ``required`` columns.
    """
    path = Path(path)
    limits = limits or _limits.DEFAULT
    if data is None:
        with open_table_file(path, limits) as opened:
            data = xlsx_bytes(opened, limits)
    if len(data) == 0:
        raise DataError("the file is empty; expected a workbook with a header row and data", path=path)
    _limits.check_xlsx(path, data, limits)  # from the zip's directory, before anything is unpacked
    book = _open_workbook(path, data)
    try:
        ws, role = _chosen_sheet(book, sheet, path)
        _check_sheet_kind(book, ws, role, sheet, path=path, required=required, limits=limits)
        numbered = _sheet_rows(ws, path, limits)
        _check_sheet_data(book, ws, role, numbered, path=path, required=required, limits=limits)
        title = ws.title
    finally:
        book.close()
    (header_row, header), *body = _trimmed(numbered)
    return RawTable(
        path=path, header=["" if c is None else str(c) for c in header], header_row=header_row, rows=body, sheet=title
    )


def _zip_directory(opened: _files.Opened) -> tuple[int, int] | None:
    """(parts, bytes) of a zip's central directory as its end record states them; None if it has no end record."""
    tail = opened.read_at(-(_ZIP_END_SIZE + 65_535), _ZIP_END_SIZE + 65_535)  # the record, and a comment
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _ZIP_END_SIZE:
        return None
    parts, size = struct.unpack("<HI", tail[at + 10 : at + 16])
    locator = tail[max(at - 20, 0) : at]
    if (parts == 0xFFFF or size == 0xFFFFFFFF) and locator[:4] == b"PK\x06\x07":  # Zip64: the counts are there
        record = opened.read_at(struct.unpack("<Q", locator[8:16])[0], 56)
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            parts, size = struct.unpack("<QQ", record[32:48])
    return parts, size


def xlsx_bytes(opened: _files.Opened, limits: _limits.Limits) -> bytes:
    """A workbook's bytes, read only once its zip directory is within the limits (:func:`_limits.check_xlsx`).

    The file must start as a zip does, and its directory is looked at first: its size (a workbook's
    is some hundred bytes a part), its parts, what they unpack to, and the bytes that belong to no
    part. So a file of a gigabyte that is not a workbook is refused without being read.

    Parameters
    ----------
    opened : Opened
        The workbook, open (:func:`open_table_file`).
    limits : Limits
        The limits in force.

    Returns
    -------
    bytes
        The workbook's bytes.

    Raises
    ------
    DataError
        If it is empty, is not a zip file, or its directory passes a limit.
    """
    path = opened.path
    if opened.size == 0:
        raise DataError("the file is empty; expected a workbook with a header row and data", path=path)
    directory = _zip_directory(opened) if opened.read_at(0, 4) == b"PK\x03\x04" else None
    if directory is None:
        raise DataError(
            "is not a readable XLSX workbook (it is not a zip file, as every workbook is); save it from Excel as "
            ".xlsx, or as CSV UTF-8",
            path=path,
        )
    parts, size = directory
    if parts > limits.max_xlsx_parts:
        raise DataError(
            f"has {parts:,} parts, more than {limits.max_xlsx_parts:,}, the limit on a workbook's parts (it may be "
            "a zip bomb); if you trust the file, " + _limits.raise_with(max_xlsx_parts=parts),
            path=path,
        )
    if size > 65_536 + 1_024 * parts:  # names and notes of some hundred bytes a part, at most
        raise DataError(
            f"has a zip directory of {size:,} bytes for {parts:,} parts, far more than a workbook's; it is "
            "damaged or not a workbook: save it from Excel as .xlsx, or as CSV UTF-8",
            path=path,
        )
    with os.fdopen(os.dup(opened.fd), "rb") as handle:  # only the directory is read
        _limits.check_xlsx(path, handle, limits)
    return opened.read()


def rebase_header(table: RawTable, header_row: int) -> RawTable:
    """Take the header from row ``header_row`` (as numbered in the file) instead of the first non-blank row.

    Parameters
    ----------
    table : RawTable
        The table as read.
    header_row : int
        The row holding the header, as numbered in the file.

    Returns
    -------
    RawTable
        With that row's cells as header and only the rows below it.

    Raises
    ------
    DataError
        If that row is blank or beyond the end of the file.
    """
    everything = [(table.header_row, table.header)] + table.rows
    for index, (number, cells) in enumerate(everything):
        if number == header_row:
            header = ["" if c is None else str(c).strip() for c in cells]
            return RawTable(
                path=table.path, header=header, header_row=number, rows=everything[index + 1 :], sheet=table.sheet
            )
    raise DataError(
        f"row {header_row} is blank or beyond the end of the file, so it cannot be the header",
        path=table.path,
        sheet=table.sheet,
    )


def _normalise(name) -> str:
    return str(name).strip().lower()


def match_header(table: RawTable, names: list[str], *, required: list[str], allow_extra: bool) -> dict[str, int]:
    """Map each schema field to its column index, or raise naming the missing or unexpected column.

    Names are matched without regard to case or surrounding spaces.

    Parameters
    ----------
    table : RawTable
        The table as read.
    names : list of str
        The schema's field names (lower case).
    required : list of str
        The fields that must have a column.
    allow_extra : bool
        Whether columns the schema does not name are allowed.

    Returns
    -------
    dict of str to int
        Each field found and the index of its column, in the order of ``names``.

    Raises
    ------
    DataError
        If a field's column appears twice, a required one is missing (naming the row further down
        that looks like the header, or a column that looks like a misspelling of it), or, without
        ``allow_extra``, a column is not in the schema.
    """
    found: dict[str, int] = {}
    for i, h in enumerate(table.header):
        if _is_blank(h):
            continue
        if _normalise(h) in found and _normalise(h) in names:
            raise DataError(
                f"column '{excerpt(h)}' appears twice in the header (columns {found[_normalise(h)] + 1} and "
                f"{i + 1}); keep one",
                path=table.path,
                sheet=table.sheet,
                row=table.header_row,
                column=str(h),
            )
        found.setdefault(_normalise(h), i)
    missing = [n for n in required if n not in found]
    if missing:
        # A header further down (a title above it, as in many published spreadsheets)?
        for number, cells in table.rows[:30]:
            if all(n in {_normalise(c) for c in cells if not _is_blank(c)} for n in required):
                raise DataError(
                    f"the header is on row {number}, not row {table.header_row}; delete the rows above it, "
                    f"or pass header_row={number}",
                    path=table.path,
                    sheet=table.sheet,
                    row=table.header_row,
                )
        name = missing[0]
        unknown = [h for h in table.header if _normalise(h) not in names and not _is_blank(h)]
        close = difflib.get_close_matches(name, [_normalise(h) for h in unknown], n=1, cutoff=0.6)
        hint = f"; column '{excerpt(close[0])}' looks like a misspelling of it" if close else ""
        raise DataError(
            f"missing column '{name}'{hint}; expected columns {', '.join(names)}, found {excerpts(table.header)}",
            path=table.path,
            sheet=table.sheet,
            row=table.header_row,
            column=name,
        )
    if not allow_extra:
        for h in table.header:
            if _normalise(h) not in names:
                close = difflib.get_close_matches(_normalise(h), names, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise DataError(
                    f"unexpected column '{excerpt(h)}'{hint}; expected columns {', '.join(names)}",
                    path=table.path,
                    sheet=table.sheet,
                    row=table.header_row,
                    column=str(h),
                )
    return {n: found[n] for n in names if n in found}


class _CellError(Exception):
    pass


def _strip_marker(text: str, strip_footnotes: bool) -> str:
    match = _FOOTNOTE.match(text)
    if match and _NUMBER.match(match["body"].replace(",", "")):
        if strip_footnotes:
            return match["body"]
        raise _CellError(
            f"got '{excerpt(text)}', which ends in the footnote marker '{excerpt(match['marker'])}'; "
            "remove it, or pass strip_footnotes=True (--strip-footnotes) to drop such markers"
        )
    return text


def _strip_thousands(text: str, thousands: str | None) -> str:
    if _THOUSANDS.match(text):
        if thousands == ",":
            return text.replace(",", "")
        raise _CellError(
            f"got '{excerpt(text)}', which has a thousands separator; remove it, "
            "or pass thousands=',' (--thousands ,) to allow separators in this file"
        )
    return text


def _parse_integer(value, field, options):
    if isinstance(value, bool):
        raise _CellError(f"expected a whole number, got {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise _CellError(f"expected a whole number, got {value!r}")
        number = int(value)
    else:
        text = _strip_thousands(_strip_marker(str(value), options["strip_footnotes"]), options["thousands"])
        if not _INTEGER.match(text):
            raise _CellError(f"expected a whole number, got '{excerpt(value)}'")
        number = int(text.split(".")[0])
    if abs(number) > _LARGEST:
        raise _CellError(f"got {excerpt(repr(value))}, which is too large for a count; check the cell")
    _check_minimum(number, field)
    return number


def _parse_number(value, field, options):
    if isinstance(value, bool):
        raise _CellError(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = _strip_thousands(_strip_marker(str(value), options["strip_footnotes"]), options["thousands"])
        if not _NUMBER.match(text):
            raise _CellError(f"expected a number, got '{excerpt(value)}'")
        number = float(text)
    _check_minimum(number, field)
    return number


def _check_minimum(number, field):
    minimum = field.get("constraints", {}).get("minimum")
    if minimum is not None and number < minimum:
        what = "must not be negative" if minimum == 0 else f"must be at least {minimum}"
        raise _CellError(f"{what}, but {number} was given")


def _parse_date(value, field, options):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        if not _ISO_DATE.match(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _CellError(f"expected a date as YYYY-MM-DD, got '{excerpt(text)}'") from None


def _parse_string(value, field, options):
    text = str(value)
    constraints = field.get("constraints", {})
    allowed = constraints.get("enum")
    if allowed is not None and text not in allowed:
        close = difflib.get_close_matches(text, allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise _CellError(f"got '{excerpt(text)}'{hint}; expected one of {', '.join(allowed)}")
    pattern = constraints.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, text):
        raise _CellError(f"got '{excerpt(text)}', which does not match the pattern {pattern}")
    return text


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_MONTHS["sept"] = 9  # the one common abbreviation of four letters
# A date at midnight, as a spreadsheet or database exports a month: 2015-01-01 00:00:00, 2015-01-01T00:00.
_MIDNIGHT = r"(?:[ T]00:00(?::00(?:\.0+)?)?)?"


def _parse_month(value, field, options):
    """A calendar month; other period kinds are named in the error so the user knows what they gave."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.day != 1:
            raise _CellError(
                f"got the date {value.isoformat()}; expected a month, given as YYYY-MM "
                "(or a date on the first of the month)"
            )
        return (value.year, value.month)
    text = str(value).strip()
    year_pattern = "((?:19|20|21)[0-9]{2})"
    match = (
        re.fullmatch(rf"{year_pattern}-([0-9]{{1,2}})(?:-01{_MIDNIGHT})?", text)
        or re.fullmatch(rf"{year_pattern}[\s-]+([A-Za-z]+)\.?", text)
        or re.fullmatch(rf"([A-Za-z]+)\.?[\s-]+{year_pattern}", text)
    )
    if match:
        a, b = match.groups()
        year, month = (a, b) if a.isdigit() else (b, a)
        month = int(month) if month.isdigit() else _MONTHS.get(month.lower())
        if month is not None and 1 <= month <= 12:
            return (int(year), month)
    financial = re.fullmatch(r"(?:FY\s*)?([0-9]{4})\s*[-/]\s*([0-9]{2}|[0-9]{4})", text, flags=re.I)
    if re.fullmatch(r"[0-9]{4}", text):
        kind = "a calendar year"
    elif financial and int(financial[2]) % 100 == (int(financial[1]) + 1) % 100:
        kind = "a financial year"
    elif re.fullmatch(r"(Q[1-4]\s*[0-9]{4}|[0-9]{4}\s*Q[1-4])", text, flags=re.I):
        kind = "a quarter"
    elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-01[ T][0-9:.]+", text):
        kind = "a date and time that is not midnight on the first of a month"
    elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9:.]+)?", text):
        kind = "a date that is not the first of a month"
    elif re.fullmatch(r"[0-9]{4}-[0-9]{1,2}", text):
        kind = "not a month: months run from 01 to 12, and years from 1900 to 2199"
    else:
        kind = "not a recognisable month"
    raise _CellError(
        f"got '{excerpt(text)}', which is {kind}; this file takes one row per calendar month, given as YYYY-MM "
        "(e.g. 2016-06)"
    )


_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}


def _parse_boolean(value, field, options):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _CellError(f"expected yes or no (or 1 or 0), got '{excerpt(value)}'")


def _parse_level(value, field, options):
    """One of an ordered set of labels, matched without regard to case or spacing."""
    levels = field["constraints"]["enum"]
    wanted = " ".join(str(value).split()).lower()
    for level in levels:
        if level.lower() == wanted:
            return level
    close = difflib.get_close_matches(wanted, [level.lower() for level in levels], n=1, cutoff=0.6)
    hint = f" (did you mean '{levels[[lv.lower() for lv in levels].index(close[0])]}'?)" if close else ""
    raise _CellError(f"got '{excerpt(value)}'{hint}; expected one of {', '.join(levels)}")


_PARSERS = {
    "integer": _parse_integer,
    "number": _parse_number,
    "date": _parse_date,
    "string": _parse_string,
    "month": _parse_month,
    "boolean": _parse_boolean,
    "level": _parse_level,
}


def parse_columns(
    table: RawTable,
    fields: list[dict],
    *,
    allow_extra: bool = False,
    thousands: str | None = None,
    strip_footnotes: bool = False,
    problems: list[DataError] | None = None,
) -> dict[str, list]:
    """Typed values for each schema field (None where empty), checking types and constraints.

    Every cell is checked, and every problem found. A header that does not fit, or a table with
    no rows, raises at once, since nothing below can be read without it.

    Parameters
    ----------
    table : RawTable
        The table as read.
    fields : list of dict
        Table Schema field descriptors (``name``, ``type``, ``constraints``), plus the types
        ``month`` (a user's monthly series) and ``level`` (one of an ordered set of labels).
    allow_extra : bool
        Whether columns the schema does not name are allowed; they come back as text.
    thousands : {None, ','}
        ``','`` to read ``3,500`` as 3500 in number columns; by default such a value is a problem.
    strip_footnotes : bool
        Whether a footnote marker after a number (``[a]``, ``*``, ``(r)``) is dropped; by default
        it is a problem.
    problems : list of DataError, optional
        Where to append the problems found (the caller checks more and raises once); a cell with
        a problem then reads as None. By default they are raised together.

    Returns
    -------
    dict of str to list
        Each field's values, typed, in the order of ``table.rows`` (None where empty), then any
        extra column's values as text.

    Raises
    ------
    DataError
        If the header does not fit the schema, the table has no rows, or (with ``problems=None``)
        any cell breaks the schema: every such problem, one line each.
    """
    names = [f["name"] for f in fields]
    required = [f["name"] for f in fields if f.get("constraints", {}).get("required")]
    index = match_header(table, names, required=required, allow_extra=allow_extra)
    if not table.rows:
        raise DataError(
            f"has a header on row {table.header_row} but no rows of data below it", path=table.path, sheet=table.sheet
        )
    found: list[DataError] = []

    def problem(reason: str, number: int, column: str | None = None) -> None:
        found.append(DataError(reason, path=table.path, sheet=table.sheet, row=number, column=column))

    ragged = set()
    for number, cells in table.rows:
        if len(cells) != len(table.header):
            ragged.add(number)
            problem(
                f"has {len(cells)} values, but the header on row {table.header_row} has "
                f"{len(table.header)} columns; check for an unquoted comma or a missing value",
                number,
            )
    options = {"thousands": thousands, "strip_footnotes": strip_footnotes}
    columns: dict[str, list] = {}
    for field in fields:
        name = field["name"]
        constraints = field.get("constraints", {})
        parse = _PARSERS[field["type"]]
        column = table.header[index[name]] if name in index else name
        values, first_seen = [], {}
        for number, cells in table.rows:
            raw = cells[index[name]] if name in index and number not in ragged else None
            if _is_blank(raw):
                if constraints.get("required") and number not in ragged:
                    hint = (
                        "; if it holds a formula, open and save the workbook in Excel so its value is stored"
                        if table.path.suffix.lower() == ".xlsx"
                        else ""
                    )
                    problem(f"is empty; expected {_describe(field)}{hint}", number, column)
                values.append(None)
                continue
            try:
                value = parse(raw.strip() if isinstance(raw, str) else raw, field, options)
            except _CellError as err:
                problem(str(err), number, column)
                values.append(None)
                continue
            if constraints.get("unique"):
                if value in first_seen:
                    problem(
                        f"'{excerpt(raw)}' appears again (first on row {first_seen[value]}); each must be unique",
                        number,
                        column,
                    )
                else:
                    first_seen[value] = number
            values.append(value)
        columns[name] = values
    if allow_extra:
        for i, header in enumerate(table.header):
            if _normalise(header) not in names and not _is_blank(header):
                columns[str(header)] = [
                    None if n in ragged or _is_blank(cells[i]) else str(cells[i]) for n, cells in table.rows
                ]
    if problems is not None:
        problems.extend(found)
    elif found:
        raise DataError.from_problems(found)
    return columns


def _describe(field: dict) -> str:
    kind = {
        "integer": "a whole number",
        "number": "a number",
        "date": "a date as YYYY-MM-DD",
        "month": "a month as YYYY-MM",
        "string": "a value",
        "boolean": "yes or no",
        "level": "a risk level",
    }[field["type"]]
    allowed = field.get("constraints", {}).get("enum")
    return f"one of {', '.join(allowed)}" if allowed else kind


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _period_problem(kind: str, start: dt.date | None, end: dt.date | None) -> tuple[str, str] | None:
    """(column, reason) when a period's dates do not fit its kind, else None."""
    if kind == "unspecified":
        if start is not None or end is not None:
            return "period_start", "an unspecified period has no dates; leave period_start and period_end empty"
        return None
    if start is None:
        return "period_start", f"a {kind} needs a start date"
    if end is None:
        return "period_end", f"a {kind} needs an end date"
    if end < start:
        return "period_end", f"ends ({end}) before it starts ({start})"
    expected = {
        "calendar_year": (dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)),
        "financial_year": (dt.date(start.year, 4, 1), dt.date(start.year + 1, 3, 31)),
        "month": (start.replace(day=1), _month_end(start)),
        # Calendar or financial, the source does not say: the dates cover both readings.
        "year_unstated": (dt.date(start.year, 1, 1), dt.date(start.year + 1, 3, 31)),
    }.get(kind)
    if expected is not None:
        if start != expected[0]:
            return "period_start", f"a {kind} starts on {expected[0]:%d %B}, got {start}"
        if end != expected[1]:
            return "period_end", f"a {kind} starting {start} ends on {expected[1]}, got {end}"
    if kind == "statement_date" and start != end and (start.day != 1 or end != _month_end(start)):
        return "period_end", (
            "a statement_date is one day (start = end), or a whole month when only the month "
            f"is known; got {start} to {end}"
        )
    return None


def check_periods(table: RawTable, columns: dict[str, list]) -> None:
    """Raise if any row's period_start/period_end do not fit its period_kind, naming every such row.

    Parameters
    ----------
    table : RawTable
        The table as read, for the rows' numbers.
    columns : dict of str to list
        Its typed values (:func:`parse_columns`), with ``period_kind``, ``period_start`` and ``period_end``.

    Raises
    ------
    DataError
        Every row whose dates do not fit its kind of period (a financial year from 1 April to
        31 March, and so on), one line each.
    """
    found = []
    for i, (number, _) in enumerate(table.rows):
        problem = _period_problem(columns["period_kind"][i], columns["period_start"][i], columns["period_end"][i])
        if problem:
            column, reason = problem
            found.append(DataError(reason, path=table.path, sheet=table.sheet, row=number, column=column))
    if found:
        raise DataError.from_problems(found)
