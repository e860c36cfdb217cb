"""Read a user's own files: a monthly series of referrals or arrests, and a force's KIRAT case file.

``read_*`` functions read an analyst's own CSV (UTF-8) or XLSX file into a typed frame. Its
``attrs`` cite the file as read: ``path``, ``sha256`` of the bytes parsed, and ``input``, an
:class:`~inquiry_analysis.provenance.InputFile` naming the sheet read and the options that shaped
the reading, which exhibits cite in place of a data-package table.

The readers never mislead. A workbook is read to its last row, whatever size the file records for
its sheet; the sheet read by default is the one Excel opens on, and a hidden sheet, a chart or a
cover page there is refused with the name of the sheet that holds the data. Every problem in a file
is reported at once, in one :class:`~inquiry_analysis.DataError` that names, for each, the file,
sheet, row (header = 1) and column and what was expected. Nothing is coerced silently.

The bundled, published figures are loaded by :mod:`inquiry_analysis.io.loaders`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from pathlib import Path

import pandas as pd

from inquiry_analysis import provenance
from inquiry_analysis.errors import DataError, excerpt
from inquiry_analysis.io import _limits
from inquiry_analysis.io._validation import (
    RawTable,
    open_table_file,
    parse_columns,
    read_raw_csv,
    read_raw_xlsx,
    rebase_header,
    xlsx_bytes,
)

__all__ = ["KIRAT_LEVELS", "read_case_file", "read_claims", "read_monthly_arrests", "read_monthly_referrals"]

#: KIRAT's risk levels, lowest first.
KIRAT_LEVELS = ("Low", "Medium", "High", "Very High")


def _read_user_table(
    path: Path, *, sheet, header_row, required: list[str], limits: _limits.Limits
) -> tuple[RawTable, str, int]:
    """The raw table of a user's CSV or XLSX file, and the sha256 and size of the bytes it was parsed from."""
    if header_row is not None and (isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1):
        raise ValueError(f"`header_row` must be a row number (1 or more), but {header_row!r} was passed")
    if sheet is not None and (isinstance(sheet, bool) or not isinstance(sheet, (str, int))):
        raise ValueError(f"`sheet` must be a sheet's name or its position (0 for the first), but {sheet!r} was passed")
    # Refused before it is opened unless it is a regular file within the size limit; then read only
    # through the descriptor opened, so that the bytes hashed are the bytes parsed.
    with open_table_file(path, limits) as opened:
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise DataError(f"expected a .csv or .xlsx file, got '{excerpt(path.suffix) or 'no extension'}'", path=path)
        try:
            if suffix == ".csv":
                digest = hashlib.sha256()
                stream = opened.stream(on_chunk=lambda _, chunk: digest.update(chunk))
                table = read_raw_csv(path, stream, limits=limits)
                sha256 = digest.hexdigest()
            else:
                data = xlsx_bytes(opened, limits)
                table = read_raw_xlsx(path, sheet=sheet, data=data, required=required, limits=limits)
                sha256 = provenance.sha256_bytes(data)
        except OSError as err:  # a network drive gone away, a disk error, ...
            raise DataError(
                f"cannot be read ({type(err).__name__}: {err.strerror or err}); check that the file is still "
                "there and that no other program holds it, then try again",
                path=path,
            ) from None
        size = opened.size
    return (rebase_header(table, header_row) if header_row is not None else table), sha256, size


def _cite(frame: pd.DataFrame, path: Path, sha256: str, size: int, table: RawTable, options: dict) -> pd.DataFrame:
    """Set ``attrs`` to the path, the sha256 of the bytes parsed, and the :class:`InputFile` exhibits cite."""
    frame.attrs = {
        "path": str(path),
        "sha256": sha256,
        "input": provenance.InputFile(name=path.name, sha256=sha256, bytes=size, sheet=table.sheet, options=options),
    }
    return frame


def _monthly_fields(count: str) -> list[dict]:
    return [
        {"name": "month", "type": "month", "constraints": {"required": True, "unique": True}},
        {"name": count, "type": "integer", "constraints": {"required": True, "minimum": 0}},
    ]


def _read_monthly(
    path, count: str, *, sheet, header_row, thousands, strip_footnotes, allow_future_months, earliest_month, limits
) -> pd.DataFrame:
    if thousands not in (None, ","):
        raise ValueError(f"`thousands` must be None or ',', but {thousands!r} was passed")
    for name, value in (("strip_footnotes", strip_footnotes), ("allow_future_months", allow_future_months)):
        if not isinstance(value, bool):
            raise ValueError(f"`{name}` must be True or False, but {value!r} was passed")
    if not isinstance(earliest_month, str) or not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", earliest_month):
        raise ValueError(
            f"`earliest_month` must be a month as 'YYYY-MM', such as '1990-01', but {earliest_month!r} was passed"
        )
    bounds = _limits.limits_from(limits)
    options = {
        "header_row": header_row,
        "thousands": thousands,
        "strip_footnotes": strip_footnotes,
        "allow_future_months": allow_future_months,
        "earliest_month": earliest_month,
    }
    if limits is not None:
        options["limits"] = dict(limits)
    path = Path(path)
    table, sha256, size = _read_user_table(
        path, sheet=sheet, header_row=header_row, required=["month", count], limits=bounds
    )
    problems: list[DataError] = []
    columns = parse_columns(
        table,
        _monthly_fields(count),
        allow_extra=True,
        thousands=thousands,
        strip_footnotes=strip_footnotes,
        problems=problems,
    )
    month_column = next(h for h in table.header if str(h).strip().lower() == "month")
    rows = [number for number, _ in table.rows]

    def problem(reason: str, row: int) -> None:
        problems.append(DataError(reason, path=path, sheet=table.sheet, row=row, column=month_column))

    today = dt.date.today()
    latest, earliest = (today.year, today.month), tuple(int(part) for part in earliest_month.split("-"))
    for row, month in zip(rows, columns["month"]):
        if month is None:
            continue
        label = f"{month[0]:04d}-{month[1]:02d}"
        if month > latest and not allow_future_months:
            problem(
                f"expected a month no later than {latest[0]:04d}-{latest[1]:02d} (the current month), got "
                f"{label}; check the year, or pass allow_future_months=True (--allow-future-months on the command "
                "line) if the file holds forecasts",
                row,
            )
        elif month < earliest:
            problem(
                f"expected a month from {earliest_month} on, got {label}; check the year, or pass "
                f"earliest_month='{label}' (--earliest-month {label}) to read earlier months",
                row,
            )
    # Gaps are looked for once every month reads: a bad or refused month would only echo as a gap.
    if all(m is not None for m in columns["month"]) and not any(p.column == month_column for p in problems):
        months = [pd.Period(year=y, month=m, freq="M") for y, m in columns["month"]]
        order = sorted(range(len(months)), key=months.__getitem__)
        for before, after in itertools.pairwise(order):
            step = (months[after] - months[before]).n
            if step > 1:
                gap = f"{months[before] + 1}" if step == 2 else f"{months[before] + 1} to {months[after] - 1}"
                problem(
                    f"the series has a gap: {gap} missing between {months[before]} (row {rows[before]}) "
                    f"and {months[after]} (row {rows[after]}); a monthly series must have every month",
                    rows[after],
                )
    if problems:
        raise DataError.from_problems(problems)
    months = [pd.Period(year=y, month=m, freq="M") for y, m in columns["month"]]
    order = sorted(range(len(months)), key=months.__getitem__)
    frame = pd.DataFrame({"month": pd.PeriodIndex(months, freq="M"), count: pd.array(columns[count], dtype="Int64")})
    for name, values in columns.items():
        if name not in ("month", count):
            frame[name] = pd.array(values, dtype="string")
    frame = frame.iloc[order].reset_index(drop=True)
    return _cite(frame, path, sha256, size, table, options)


def read_monthly_referrals(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    thousands: str | None = None,
    strip_footnotes: bool = False,
    allow_future_months: bool = False,
    earliest_month: str = "1990-01",
    limits: dict | None = None,
) -> pd.DataFrame:
    """Read a monthly referral series from a user's CSV or XLSX file.

    The file needs a header with the columns ``month`` and ``referrals`` (a whole number, not
    negative; ``1900.0`` is read as 1900); other columns are kept as text. A month may be written
    ``2016-06``, ``Jun 2016``, ``Sept 2016``, ``June 2016`` or as the first of the month (a date
    cell, ``2016-06-01`` or ``2016-06-01 00:00:00``). Every month from the first to the last must
    appear exactly once.

    Parameters
    ----------
    path : path
        A ``.csv`` (UTF-8) or ``.xlsx`` file.
    sheet : str or int, optional
        For XLSX, the sheet's name or its position (0 for the first). By default the workbook's
        active sheet, the one Excel opens on; if that is hidden, a chart, empty or a cover page
        while another sheet has the columns, the error names that sheet.
    header_row : int, optional
        Row of the header, as numbered in the file (default the first non-blank row).
    thousands : {None, ','}
        Pass ``','`` to accept counts written as ``3,500``; by default they are refused.
    strip_footnotes : bool
        Drop footnote markers such as ``[a]``, ``*``, ``(r)`` after a count; by default they are refused.
    allow_future_months : bool
        Accept months after the current one (forecasts, targets); by default they are refused as
        a likely slip of the year.
    earliest_month : str
        The earliest month accepted, as ``YYYY-MM`` (default ``'1990-01'``); earlier months are
        refused as a likely slip of the year.
    limits : dict, optional
        Raise any of the limits on the work one file may take, far above real use: ``max_rows``
        (5,000,000), ``max_columns`` (1,000), ``max_file_bytes`` (1 GB), ``max_line_bytes`` (1 MiB,
        for a CSV) and, for a workbook, ``max_xlsx_bytes`` (200 MB unpacked), ``max_xlsx_parts``
        (10,000) and ``max_xlsx_ratio`` (100 to 1 for a part over 1 MB). A file past one is refused
        with a message naming it, e.g. ``limits={'max_rows': 10000000}``. Recorded in
        ``input.options`` when given. Whatever the limits, only a regular file is read: a folder,
        pipe, socket or device, and anything under ``/proc``, ``/sys``, ``/dev`` or ``/etc`` (links
        resolved), is refused before it is opened.

    Returns
    -------
    pandas.DataFrame
        ``month`` (monthly ``Period``) and ``referrals`` (``Int64``), sorted by month. ``attrs``
        holds ``path``, ``sha256`` of the bytes read and ``input``, the
        :class:`~inquiry_analysis.provenance.InputFile` (sheet read and the options above).

    Raises
    ------
    DataError
        Listing every problem in the file, each naming the file, sheet, row and column; its
        ``problems`` attribute holds them one by one.
    ValueError
        If an option is not one of the values described above.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.csv"
    >>> _ = path.write_text("month,referrals\\n2016-06,3400\\nJul 2016,3520\\n")
    >>> mine = read_monthly_referrals(path)
    >>> mine["referrals"].tolist(), mine["month"].astype(str).tolist()
    ([3400, 3520], ['2016-06', '2016-07'])
    >>> mine.attrs["input"].name, mine.attrs["input"].sheet, mine.attrs["input"].options["thousands"]
    ('mine.csv', None, None)

    Every problem is reported at once:

    >>> _ = path.write_text("month,referrals\\n2016-06,lots\\n2016-07,-4\\n")
    >>> try:
    ...     read_monthly_referrals(path)
    ... except DataError as err:
    ...     print("\\n".join(f"row {p.row}: {p.reason}" for p in err.problems))
    row 2: expected a whole number, got 'lots'
    row 3: must not be negative, but -4 was given
    """
    return _read_monthly(
        path,
        "referrals",
        sheet=sheet,
        header_row=header_row,
        thousands=thousands,
        strip_footnotes=strip_footnotes,
        allow_future_months=allow_future_months,
        earliest_month=earliest_month,
        limits=limits,
    )


def read_monthly_arrests(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    thousands: str | None = None,
    strip_footnotes: bool = False,
    allow_future_months: bool = False,
    earliest_month: str = "1990-01",
    limits: dict | None = None,
) -> pd.DataFrame:
    """Read a monthly arrest series from a user's CSV or XLSX file.

    As :func:`read_monthly_referrals`, with the count column ``arrests``.

    Parameters
    ----------
    path : path
        A ``.csv`` (UTF-8) or ``.xlsx`` file with the columns ``month`` and ``arrests``.
    sheet : str or int, optional
        For XLSX, the sheet's name or its position (0 for the first); by default the workbook's
        active sheet, as for :func:`read_monthly_referrals`.
    header_row : int, optional
        Row of the header, as numbered in the file (default the first non-blank row).
    thousands : {None, ','}
        Pass ``','`` to accept counts written as ``3,500``; by default they are refused.
    strip_footnotes : bool
        Drop footnote markers such as ``[a]``, ``*``, ``(r)`` after a count; by default they are refused.
    allow_future_months : bool
        Accept months after the current one; by default they are refused as a likely slip of the year.
    earliest_month : str
        The earliest month accepted, as ``YYYY-MM`` (default ``'1990-01'``).
    limits : dict, optional
        Raise the limits on the work one file may take, as for :func:`read_monthly_referrals`.

    Returns
    -------
    pandas.DataFrame
        ``month`` (monthly ``Period``) and ``arrests`` (``Int64``), sorted by month; ``attrs`` holds
        ``path``, ``sha256`` and ``input``, as for :func:`read_monthly_referrals`.

    Raises
    ------
    DataError
        Listing every problem in the file, each naming the file, sheet, row and column.
    ValueError
        If an option is not one of the values described above.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "arrests.csv"
    >>> _ = path.write_text("month,arrests\\nSept 2016,41\\n2016-10-01 00:00:00,38.0\\n")
    >>> read_monthly_arrests(path)["arrests"].tolist()
    [41, 38]
    """
    return _read_monthly(
        path,
        "arrests",
        sheet=sheet,
        header_row=header_row,
        thousands=thousands,
        strip_footnotes=strip_footnotes,
        allow_future_months=allow_future_months,
        earliest_month=earliest_month,
        limits=limits,
    )


def read_case_file(
    path: str | Path,
    *,
    levels: tuple[str, ...] = KIRAT_LEVELS,
    sheet: str | int | None = None,
    header_row: int | None = None,
    limits: dict | None = None,
) -> pd.DataFrame:
    """Read a force's case file: one row per assessed suspect, with the rating and the outcome.

    Columns: ``risk_level`` (one of ``levels``, in any case) and ``outcome`` (yes/no, true/false or
    1/0: whether the suspect is in the higher-risk group, e.g. has convictions or allegations of
    contact offending). Other columns are kept as text. The result feeds
    :func:`inquiry_analysis.metrics.case_files.evaluate_case_file`.

    Parameters
    ----------
    path : path
        A ``.csv`` (UTF-8) or ``.xlsx`` file.
    levels : tuple of str
        The rating's levels, lowest first (default :data:`KIRAT_LEVELS`).
    sheet : str or int, optional
        For XLSX, the sheet's name or its position (0 for the first); by default the workbook's
        active sheet, as for :func:`read_monthly_referrals`.
    header_row : int, optional
        Row of the header, as numbered in the file (default the first non-blank row).
    limits : dict, optional
        Raise the limits on the work one file may take, as for :func:`read_monthly_referrals`.

    Returns
    -------
    pandas.DataFrame
        ``risk_level`` (ordered categorical over ``levels``) and ``outcome`` (nullable boolean),
        in the file's order. ``attrs`` holds ``path``, ``sha256`` and ``input``, as for
        :func:`read_monthly_referrals`.

    Raises
    ------
    DataError
        Listing every problem in the file, each naming the file, sheet, row and column.
    ValueError
        If ``levels``, ``sheet``, ``header_row`` or ``limits`` is not of the form described above.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "cases.csv"
    >>> _ = path.write_text("risk_level,outcome\\nHigh,yes\\nlow,no\\nVery High,1\\n")
    >>> cases = read_case_file(path)
    >>> cases["risk_level"].tolist(), cases["outcome"].tolist()
    (['High', 'Low', 'Very High'], [True, False, True])
    >>> cases.attrs["input"].options
    {'header_row': None, 'levels': ['Low', 'Medium', 'High', 'Very High']}
    """
    if (
        isinstance(levels, str)
        or len(levels) < 2
        or len(set(levels)) != len(levels)
        or not all(isinstance(level, str) and level.strip() for level in levels)
    ):
        raise ValueError(f"`levels` must be two or more different labels, lowest first, but {levels!r} was passed")
    bounds = _limits.limits_from(limits)
    path = Path(path)
    table, sha256, size = _read_user_table(
        path, sheet=sheet, header_row=header_row, required=["risk_level", "outcome"], limits=bounds
    )
    fields = [
        {"name": "risk_level", "type": "level", "constraints": {"required": True, "enum": list(levels)}},
        {"name": "outcome", "type": "boolean", "constraints": {"required": True}},
    ]
    columns = parse_columns(table, fields, allow_extra=True)
    frame = pd.DataFrame(
        {
            "risk_level": pd.Categorical(columns["risk_level"], categories=list(levels), ordered=True),
            "outcome": pd.array(columns["outcome"], dtype="boolean"),
        }
    )
    for name, values in columns.items():
        if name not in ("risk_level", "outcome"):
            frame[name] = pd.array(values, dtype="string")
    options = {"header_row": header_row, "levels": list(levels)}
    if limits is not None:
        options["limits"] = dict(limits)
    return _cite(frame, path, sha256, size, table, options)


def read_claims(path: str | Path, *, sheet: str | int | None = None, limits: dict | None = None) -> pd.DataFrame:
    """Read a claims file of one's own: the columns of the bundled ``claims`` resource, one row per reading.

    The columns and what each means are those of the ``claims`` resource in the bundled
    ``data/datapackage.json``; optional columns may be left out. The rows are checked as a whole by
    :func:`inquiry_analysis.claims.file.claims_from_table` when the claims are checked.

    Parameters
    ----------
    path : path
        A ``.csv`` (UTF-8) or ``.xlsx`` file.
    sheet : str or int, optional
        For XLSX, the sheet to read (default: the one Excel opens on).
    limits : dict, optional
        Raise the limits on the work one file may take, as for :func:`read_monthly_referrals`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``claim_id`` and ``reading``, in file order, typed as
        ``load_table("claims")`` types the bundled file. ``attrs`` holds ``path``, ``sha256``, ``input`` (as for
        :func:`read_monthly_referrals`) and ``rows``, each row's number in the file (header = 1).

    Raises
    ------
    DataError
        Listing every problem in the file, each naming the file, sheet, row and column.
    """
    from inquiry_analysis.io._validation import check_periods
    from inquiry_analysis.io.loaders import frame_from_columns

    bounds = _limits.limits_from(limits)
    path = Path(path)
    # The bundled package's schema, whatever $INQUIRY_ANALYSIS_DATA names: it defines a claims file.
    fields = provenance.DataPackage.open(provenance.bundled_data_dir()).resource("claims")["schema"]["fields"]
    required = [f["name"] for f in fields if f.get("constraints", {}).get("required")]
    table, sha256, size = _read_user_table(path, sheet=sheet, header_row=None, required=required, limits=bounds)
    columns = parse_columns(table, fields)  # a required column missing is named; an optional one reads as empty
    check_periods(table, columns)
    frame = frame_from_columns(columns, fields).set_index(["claim_id", "reading"])
    options = {"sheet": sheet}
    if limits is not None:
        options["limits"] = dict(limits)
    _cite(frame, path, sha256, size, table, options)
    frame.attrs["rows"] = [number for number, _ in table.rows]
    return frame
