"""Opening a referral log in DuckDB: the reading half of :mod:`.referral_log`.

The file is opened as the view ``raw`` (Parquet scanned in place; CSV parsed once, its header read
by Python) and its columns are matched to the log's; :mod:`._log_rows` then checks every row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from inquiry_analysis.errors import DataError, excerpt, excerpts
from inquiry_analysis.io._log_files import engine_message

__all__ = [
    "LOG_COLUMNS",
    "REQUIRED",
    "LogSummary",
    "columns_of",
    "connect",
    "open_raw",
    "read_errors",
]

#: The columns a log may have, the required ones first.
LOG_COLUMNS = ("referral_id", "received", "source", "disseminated", "arrested", "force")
#: The columns a log must have.
REQUIRED = ("referral_id", "received")


@dataclass(frozen=True, kw_only=True)
class LogSummary:
    """What the checks found out about a log that passed them.

    Attributes
    ----------
    rows : int
        Referrals in the log.
    first_received, last_received : datetime.date
        The earliest and latest ``received`` date.
    extract_date : datetime.date
        The date the log was taken: outcomes after it are unknown (right-censored). As given,
        or else the latest date of any kind in the log.
    extract_date_given : bool
        Whether ``extract_date`` was given rather than taken from the log.
    columns : tuple of str
        The log's columns, by their standard names.
    """

    rows: int
    first_received: dt.date
    last_received: dt.date
    extract_date: dt.date
    extract_date_given: bool
    columns: tuple = field(default_factory=tuple)

    def record(self) -> dict:
        """The summary as plain text, numbers and lists (for a notebook parameter); :meth:`from_record` reverses it.

        Returns
        -------
        dict
            ``rows``, ``extract_date_given``, the dates as ``YYYY-MM-DD`` and ``columns`` as a list.
        """
        return {
            "rows": self.rows,
            "first_received": self.first_received.isoformat(),
            "last_received": self.last_received.isoformat(),
            "extract_date": self.extract_date.isoformat(),
            "extract_date_given": self.extract_date_given,
            "columns": list(self.columns),
        }

    @classmethod
    def from_record(cls, record: dict) -> LogSummary:
        """The summary :meth:`record` wrote.

        Parameters
        ----------
        record : dict
            As :meth:`record` returns it.

        Returns
        -------
        LogSummary
            Equal to the summary the record was made from.
        """
        day = dt.date.fromisoformat
        return cls(
            rows=int(record["rows"]),
            first_received=day(record["first_received"]),
            last_received=day(record["last_received"]),
            extract_date=day(record["extract_date"]),
            extract_date_given=bool(record["extract_date_given"]),
            columns=tuple(record["columns"]),
        )


@contextlib.contextmanager
def read_errors(path: Path):
    """DuckDB's errors while reading the file (a damaged page, say) as one line naming the file.

    Every DuckDB error but an interruption becomes a :class:`DataError` of one line: the first line
    of DuckDB's message, cut and escaped (DuckDB quotes the file's content in some), never a traceback.

    Parameters
    ----------
    path : Path
        The file being read in the ``with`` block.

    Yields
    ------
    None

    Raises
    ------
    DataError
        In place of DuckDB's errors in the block.
    """
    import duckdb

    try:
        yield
    except duckdb.InterruptException:
        raise
    except duckdb.OutOfMemoryException as err:
        raise DataError(
            f"cannot be read within the memory DuckDB may use ({engine_message(err, path)}); pass a larger "
            "memory_limit, or free memory, and try again",
            path=path.name,
        ) from None
    except duckdb.Error as err:
        raise DataError(
            f"cannot be read to the end ({engine_message(err, path)}); the file may be damaged or still being written",
            path=path.name,
        ) from None


def connect(memory_limit: str, threads: int | None):
    """A DuckDB connection in memory, spilling to a temporary folder of its own, that installs nothing.

    Parameters
    ----------
    memory_limit : str
        How much memory DuckDB may use before it spills, such as ``'1GB'``.
    threads : int or None
        DuckDB's threads; None for one per core.

    Returns
    -------
    connection : duckdb.DuckDBPyConnection
        The connection.
    scratch : str
        Its temporary folder, for the caller to remove once the connection is closed.

    Raises
    ------
    ValueError
        If DuckDB refuses the options (a ``memory_limit`` it cannot read).
    """
    import duckdb

    scratch = tempfile.mkdtemp(prefix="inquiry-analysis-duckdb-")
    config = {
        "memory_limit": memory_limit,
        "temp_directory": scratch,
        "preserve_insertion_order": False,
        # A log is a local file: nothing is fetched, and no extension is installed on the way.
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    if threads is not None:
        config["threads"] = threads
    try:
        return duckdb.connect(":memory:", config=config), scratch
    except duckdb.Error as err:  # the options given: a traceback of DuckDB's would not say which
        shutil.rmtree(scratch, ignore_errors=True)
        raise ValueError(
            f"`memory_limit` must be an amount of memory such as '1GB', but {memory_limit!r} was passed "
            f"({engine_message(err, Path(scratch))})"
        ) from None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _csv_error(err: Exception, path: Path) -> DataError:
    """DuckDB's CSV error as one line: the line of the file and what is wrong with it."""
    text = str(err)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    where = f"line {line[1]}: " if line else ""
    fields = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if fields:
        reason = (
            f"has {fields[2]} or more fields where the header has {fields[1]}"
            if int(fields[2]) > int(fields[1])
            else f"has {fields[2]} fields where the header has {fields[1]}"
        )
    elif "not utf-8" in text.lower():
        reason = "is not UTF-8 text; save the file as CSV UTF-8"
    else:
        reason = engine_message(err, path)
    return DataError(f"cannot be read as CSV: {where}{reason}", path=path.name)


def open_raw(con, path: Path, *, source: str, header: list[str] | None = None) -> str:
    """Make the view ``raw`` over the file (Parquet scanned in place, CSV parsed once into a table), and ``numbered``.

    ``numbered`` is ``raw`` with the row numbers DuckDB knows, which :func:`~._log_rows.check_rows` names.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The connection to make it in (:func:`connect`).
    path : Path
        A ``.parquet`` file, or a CSV file (any other suffix), as named in errors.
    source : str
        The path DuckDB reads, which names exactly the file checked and hashed, whatever its name
        holds (:meth:`inquiry_analysis.io._files.Opened.engine_path`).
    header : list of str, optional
        A CSV's header, read by :func:`~inquiry_analysis.io._log_files.csv_header` (required for a CSV).

    Returns
    -------
    str
        SQL over ``numbered`` of a row's number as a person counts it: a CSV's header is row 1, a
        Parquet file's first row is row 1; ``'NULL'`` if the file has a column of the name DuckDB
        numbers rows by.

    Raises
    ------
    DataError
        If the file cannot be read as Parquet or as CSV (not UTF-8, a ragged row), naming the line
        where there is one.
    """
    import duckdb

    if path.suffix.lower() == ".parquet":
        try:
            try:
                con.read_parquet(source, file_row_number=True).create_view("numbered")
                con.execute("CREATE VIEW raw AS SELECT * EXCLUDE (file_row_number) FROM numbered")
                return "file_row_number + 1"
            except duckdb.BinderException:  # the file has a column file_row_number: unknown, so refused
                con.read_parquet(source).create_view("raw")
                con.execute("CREATE VIEW numbered AS SELECT * FROM raw")
                return "NULL"
        except (duckdb.Error, OSError) as err:
            raise DataError(f"cannot be read as Parquet ({engine_message(err, path)})", path=path.name) from None
    # In the file's order, so that a row's place in the table is its place in the file.
    con.execute("SET preserve_insertion_order = true")
    try:
        # All text, every row the header's width: dates and ids are checked here, so a bad value is named.
        con.read_csv(
            source,
            auto_detect=False,
            header=False,
            skiprows=1,
            columns={name: "VARCHAR" for name in header},
            delimiter=",",
            quotechar='"',
            escapechar='"',
            strict_mode=True,
            compression="none",  # whatever its name says
        ).create("raw")
    except (duckdb.Error, OSError) as err:
        raise _csv_error(err, path) from None
    finally:
        con.execute("SET preserve_insertion_order = false")
    if any(name.strip().lower() in ("rowid", "file_row_number") for name in header):  # unknown, so refused
        con.execute("CREATE VIEW numbered AS SELECT * FROM raw")
        return "NULL"
    con.execute("CREATE VIEW numbered AS SELECT *, rowid AS file_row_number FROM raw")
    return "file_row_number + 2"


def columns_of(con, path: Path) -> tuple[dict, list[DataError]]:
    """The file's columns by standard name (name in the file, DuckDB type), and problems with them.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection holding the view ``raw`` (:func:`open_raw`).
    path : Path
        The log's file, named in problems.

    Returns
    -------
    found : dict of str to (str, str)
        For each of :data:`LOG_COLUMNS` the file has (matched without regard to case or surrounding
        spaces), its name in the file and its DuckDB type, upper case.
    problems : list of DataError
        A column that appears twice, is unknown, or is required and missing; empty if none.
    """
    with read_errors(path):
        described = con.execute("DESCRIBE raw").fetchall()
    found, problems, seen, unknown = {}, [], {}, []
    for name, kind, *_ in described:
        key = str(name).strip().lower()
        if key in seen:
            problems.append(
                DataError(
                    f"the column appears twice (as '{excerpt(seen[key])}' and '{excerpt(name)}')",
                    path=path.name,
                    column=str(name),
                )
            )
        seen[key] = name
        if key in LOG_COLUMNS:
            found[key] = (name, str(kind).upper())
        else:
            unknown.append(str(name))
    known = f"a referral log has the columns {', '.join(LOG_COLUMNS)}"
    if len(unknown) == 1:
        problems.append(DataError(f"unknown column; {known} (remove or rename it)", path=path.name, column=unknown[0]))
    elif unknown:  # one line for them all: a file that is no log shows no more of its first line than that
        problems.append(
            DataError(
                f"{len(unknown):,} unknown columns ({excerpts(unknown)}); {known} (remove or rename them)",
                path=path.name,
            )
        )
    for name in REQUIRED:
        if name not in found:
            problems.append(
                DataError(
                    f"missing column '{name}' (required); the columns found are {excerpts(seen.values()) or 'none'}",
                    path=path.name,
                )
            )
    return found, problems
