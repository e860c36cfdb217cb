"""Opening a referral log in DuckDB and checking every row: the reading half of :mod:`.referral_log`.

The file is opened as the view ``raw`` (Parquet scanned in place; CSV parsed once, its header read
by Python), its columns are matched to the log's, and one scan counts every kind of problem; only
when something fails does a second scan fetch example referral ids. What passes becomes the view
``checked``, typed: ids as text, dates as DATE.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from inquiry_analysis.errors import DataError, excerpt, excerpts
from inquiry_analysis.io._log_files import engine_message

__all__ = [
    "EXAMPLES",
    "LATEST_DATE",
    "LOG_COLUMNS",
    "REQUIRED",
    "LogSummary",
    "check_rows",
    "columns_of",
    "connect",
    "open_raw",
    "read_errors",
]

#: The columns a log may have, the required ones first.
LOG_COLUMNS = ("referral_id", "received", "source", "disseminated", "arrested", "force")
#: The columns a log must have.
REQUIRED = ("referral_id", "received")
_DATES = ("received", "disseminated", "arrested")
_EVENT = {"received": "receipt", "disseminated": "dissemination", "arrested": "arrest"}  # for messages
#: Examples of referral ids named per problem.
EXAMPLES = 5


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _date_sql(column: str, kind: str, zone: str) -> str:
    """SQL reading ``column`` (of DuckDB type ``kind``) as a DATE in ``zone``, NULL where it is empty or unreadable.

    The one rule for every format: a date, or a time without an offset, is the wall time in ``zone``
    (taken as written); a time with an offset or zone (text ``...T23:30:00Z``, ``+01:00``, or a
    TIMESTAMPTZ column) is an instant, converted to ``zone`` before its day is taken. So an instant
    falls on the same day whatever the file's format; the connection's TimeZone is set to ``zone``
    (:func:`check_rows`), so the machine's does not count. An infinite value stays infinite, to be refused.
    """
    quoted, where = _quoted(column), _literal(zone)
    if kind == "DATE":
        return quoted
    if kind.startswith(("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ")):
        # Cast directly, infinity would become 9999-12-31: keep it infinite, to be refused as such.
        return (
            f"CASE WHEN isfinite({quoted}) THEN CAST(timezone({where}, {quoted}) AS DATE) "
            f"WHEN {quoted} > TIMESTAMPTZ '2000-01-01 00:00:00+00' THEN DATE 'infinity' ELSE DATE '-infinity' END"
        )
    if kind.startswith("TIMESTAMP"):
        return f"CAST({quoted} AS DATE)"
    # Text: ISO dates, with or without a time; anything else is unreadable and reported. A text with a
    # time (longer than YYYY-MM-DD) whose instant differs from its wall time in the zone has an offset.
    text = f"NULLIF(trim(CAST({quoted} AS VARCHAR)), '')"
    instant = f"TRY_CAST({text} AS TIMESTAMPTZ)"
    wall = f"timezone({where}, TRY_CAST({text} AS TIMESTAMP))"
    return (
        f"CASE WHEN length({text}) > 10 AND {instant} IS DISTINCT FROM {wall} "
        f"THEN CAST(timezone({where}, {instant}) AS DATE) ELSE TRY_CAST({text} AS DATE) END"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text_sql(column: str) -> str:
    return f"NULLIF(trim(CAST({_quoted(column)} AS VARCHAR)), '')"


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


def open_raw(con, path: Path, *, source: str, header: list[str] | None = None) -> None:
    """Make the view ``raw`` over the file: Parquet scanned in place, CSV parsed once into a table.

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

    Raises
    ------
    DataError
        If the file cannot be read as Parquet or as CSV (not UTF-8, a ragged row), naming the line
        where there is one.
    """
    import duckdb

    if path.suffix.lower() == ".parquet":
        try:
            con.read_parquet(source).create_view("raw")
        except (duckdb.Error, OSError) as err:
            raise DataError(f"cannot be read as Parquet ({engine_message(err, path)})", path=path.name) from None
        return
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


def _is_text(kind: str) -> bool:
    """Whether a column of this DuckDB type holds text to parse (a DATE or TIMESTAMP column needs no reading)."""
    return not (kind == "DATE" or kind.startswith("TIMESTAMP"))


class _Check(NamedTuple):
    """One check of every row, and how the rows failing it are reported."""

    column: str  #: the log's column (standard name) the problem is named in
    condition: str  #: SQL over the view ``checked``, true for a failing row
    message: str  #: the reason, with ``{n}``, ``{have}``, ``{were}``, ``{they}`` and ``{were_}`` to fill in
    value: str | None  #: SQL of the value shown beside each example id, or None for the ids alone


class _Totals(NamedTuple):
    """What the checking scan counts besides the failures."""

    rows: int
    first: dt.date | None  #: the earliest ``received``
    last: dt.date | None  #: the latest ``received``
    latest: dt.date | None  #: the latest date of any kind
    hashes: int  #: distinct hashes of the ids
    with_id: int  #: rows with an id


def _create_checked_view(con, found: dict, zone: str) -> dict[str, str]:
    """Make the view ``checked`` over ``raw``: ids as text, dates as DATE in ``zone``, and a text date's text beside it.

    Returns, for each date column, the SQL of the value a problem shows beside its referral id.
    """
    id_column, id_kind = found["referral_id"]
    select = [
        f"{_quoted(id_column)} AS referral_id"
        if id_kind == "VARCHAR"
        else f"CAST({_quoted(id_column)} AS VARCHAR) AS referral_id"
    ]
    shown = {}  # the value a problem shows beside its referral id
    for name in _DATES:
        if name in found:
            column, kind = found[name]
            select.append(f"{_date_sql(column, kind, zone)} AS {name}")
            if _is_text(kind):
                select.append(f"{_text_sql(column)} AS {name}_text")
            shown[name] = f"{name}_text" if _is_text(kind) else f"CAST({name} AS VARCHAR)"
    for name in ("source", "force"):
        if name in found:
            select.append(f"{_text_sql(found[name][0])} AS {name}")
    con.execute(f"CREATE VIEW checked AS SELECT {', '.join(select)} FROM raw")
    return shown


#: The last date a log may hold, even with ``allow_future_dates``: later is a slip of the year (and past what
#: pandas can hold as a time).
LATEST_DATE = dt.date(2199, 12, 31)
#: DuckDB types a referral id may have: text, whole numbers (read as their digits) and UUIDs.
_ID_KINDS = frozenset(
    "VARCHAR TINYINT SMALLINT INTEGER BIGINT HUGEINT UTINYINT USMALLINT UINTEGER UBIGINT UHUGEINT UUID".split()
)
#: White space and invisible characters that may not start or end an id: Unicode separators (spaces such as
#: U+00A0 and U+2000-U+200A, U+3000, line and paragraph separators), ASCII white space, NEL, and the
#: zero-width ones (U+180E, U+200B-U+200D, U+2060, U+FEFF), which no one sees on a screen.
_EDGE = r"[\pZ\t\n\x{0B}\f\r\x{85}\x{180E}\x{200B}-\x{200D}\x{2060}\x{FEFF}]"
_NUL = "contains({}, chr(0))"


def _id_checks(kind: str) -> list[_Check]:
    """The checks of the referral id, whose column has DuckDB type ``kind``."""
    checks = [_Check("referral_id", "referral_id IS NULL OR referral_id = ''", "{n} {have} no referral_id", None)]
    if kind not in _ID_KINDS:  # a list, struct, map, blob, number with a point...: no id, whatever its text
        return checks + [
            _Check(
                "referral_id",
                "referral_id IS NOT NULL",
                f"{{n}} {{have}} a referral_id of type {excerpt(kind)}, which is not text; store referral ids as text "
                "(or whole numbers)",
                None,
            )
        ]
    return checks + [
        _Check(
            "referral_id",
            _NUL.format("referral_id"),
            "{n} {have} a NUL byte (\\x00) in the referral_id; the file may be damaged",
            "referral_id",
        ),
        # Refused, not trimmed: 'A\t' and 'A' would otherwise be one referral or two depending on the tool.
        _Check(
            "referral_id",
            f"regexp_matches(referral_id, '^{_EDGE}|{_EDGE}$')",
            "{n} {have} spaces or invisible characters (a tab, no-break or zero-width space, say) before or after "
            "the referral_id; remove them",
            "referral_id",
        ),
    ]


def _date_checks(
    name: str, kind: str, shown: str, *, today: dt.date, extract_date: dt.date | None, allow_future_dates: bool
) -> list[_Check]:
    """The checks of one date column (of DuckDB type ``kind``): readable, finite, within the plausible span."""
    checks = []
    finite = f"isfinite({name})"
    if _is_text(kind):
        checks += [
            _Check(
                name,
                _NUL.format(f"{name}_text"),
                f"{{n}} {{have}} a NUL byte (\\x00) in the date of {_EVENT[name]}; the file may be damaged",
                shown,
            ),
            _Check(
                name,
                f"{name} IS NULL AND {name}_text IS NOT NULL AND NOT {_NUL.format(f'{name}_text')}",
                f"{{n}} {{have}} a date of {_EVENT[name]} that cannot be read; write dates as YYYY-MM-DD",
                shown,
            ),
        ]
    checks.append(
        _Check(
            name,
            f"NOT {finite}",
            f"{{n}} {{have}} an infinite date of {_EVENT[name]}, which is no day; write dates as YYYY-MM-DD",
            shown,
        )
    )
    if not allow_future_dates:
        checks.append(
            _Check(
                name,
                f"{finite} AND {name} > DATE '{today}'",
                f"{{n}} {{have}} a date of {_EVENT[name]} after today ({today}); check the year, or pass "
                "allow_future_dates=True (--allow-future-months on the command line)",
                shown,
            )
        )
    else:
        checks.append(
            _Check(
                name,
                f"{finite} AND {name} > DATE '{LATEST_DATE}'",
                f"{{n}} {{have}} a date of {_EVENT[name]} after {LATEST_DATE}, the latest a log may hold even with "
                "future dates allowed; check the year",
                shown,
            )
        )
    if extract_date is not None:
        # A date after today (or the latest date allowed) is reported once, as such.
        last = LATEST_DATE if allow_future_dates else today
        later = f"{finite} AND {name} > DATE '{extract_date}' AND {name} <= DATE '{last}'"
        checks.append(
            _Check(
                name,
                later,
                f"{{n}} {{have}} a date of {_EVENT[name]} after the extract date given ({extract_date})",
                shown,
            )
        )
    return checks


def _checks(
    found: dict, shown: dict, *, extract_date: dt.date | None, allow_future_dates: bool, earliest_month: str
) -> list[_Check]:
    """Every check of the rows, in the order their problems are reported."""
    today = dt.date.today()
    earliest = dt.date(int(earliest_month[:4]), int(earliest_month[5:7]), 1)
    checks = _id_checks(found["referral_id"][1])
    checks.append(
        _Check(
            "received",
            "received_text IS NULL" if _is_text(found["received"][1]) else "received IS NULL",
            "{n} {have} no received date (required)",
            None,
        )
    )
    for name in _DATES:
        if name in found:
            checks += _date_checks(
                name,
                found[name][1],
                shown[name],
                today=today,
                extract_date=extract_date,
                allow_future_dates=allow_future_dates,
            )
    checks.append(
        _Check(
            "received",
            f"isfinite(received) AND received < DATE '{earliest}'",
            f"{{n}} {{were}} received before {earliest_month}; check the year, or pass "
            f"earliest_month='YYYY-MM' (--earliest-month on the command line) to accept earlier ones",
            shown["received"],
        )
    )
    for name in ("disseminated", "arrested"):
        if name in found:
            # Before the earliest month is a slip of the year, reported as such rather than as before receipt.
            checks.append(
                _Check(
                    name,
                    f"isfinite({name}) AND {name} < DATE '{earliest}'",
                    f"{{n}} {{have}} a date of {_EVENT[name]} before {earliest_month}; check the year",
                    shown[name],
                )
            )
            checks.append(
                _Check(
                    name,
                    f"isfinite({name}) AND isfinite(received) AND {name} >= DATE '{earliest}' AND {name} < received",
                    f"{{n}} {{were}} {name} before {{they}} {{were_}} received",
                    shown[name],
                )
            )
    for name in ("source", "force"):
        if name in found:
            checks.append(
                _Check(
                    name,
                    _NUL.format(name),
                    f"{{n}} {{have}} a NUL byte (\\x00) in the {name}; the file may be damaged",
                    name,
                )
            )
    return checks


def _scan(con, path: Path, found: dict, checks: list[_Check]) -> tuple[list[int], _Totals]:
    """One scan of the log: the rows failing each check, and the totals."""
    dates = [name for name in _DATES if name in found]
    aggregates = [f"count(*) FILTER ({check.condition})" for check in checks]
    aggregates += [
        "count(*)",
        "min(received)",
        "max(received)",
        f"max(greatest({', '.join(dates)}))",
        # Distinct hashes equal to the ids prove the ids distinct; fewer, and the ids are compared.
        "count(DISTINCT hash(referral_id)) FILTER (referral_id IS NOT NULL)",
        "count(referral_id)",
    ]
    with read_errors(path):
        *failing, rows, first, last, latest, hashes, with_id = con.execute(
            f"SELECT {', '.join(aggregates)} FROM checked"
        ).fetchone()
    return failing, _Totals(rows, first, last, latest, hashes, with_id)


def _reason(message: str, n: int) -> str:
    """A check's message for ``n`` referrals: '1 referral has ...', '3 referrals have ...'."""
    one = n == 1
    return message.format(
        n="1 referral" if one else f"{n:,} referrals",
        have="has" if one else "have",
        were="was" if one else "were",
        they="it" if one else "they",
        were_="was" if one else "were",
    )


def _listing(examples: list[dict] | None, value: str | None) -> str:
    """Example referral ids, each with the value it has where the check shows one."""
    return ", ".join(  # ids and values from the file: cut and escaped
        excerpt(example["i"])
        if value is None
        else f"{excerpt(example['i'])} ('{excerpt(example['v'])}')"
        if example["v"] is not None
        else f"{excerpt(example['i'])} (empty)"
        for example in examples or []
    )


def _failed_problems(con, path: Path, found: dict, failed: list[tuple[_Check, int]]) -> list[DataError]:
    """One problem per failed check, naming how many referrals fail it and the first few of their ids."""
    # One more scan: the first few referral ids (and values) of every failed check at once.
    picks = [
        f"min_by(struct_pack(i := referral_id, v := {check.value or 'NULL'}), referral_id, {EXAMPLES}) "
        f"FILTER (({check.condition}) AND referral_id IS NOT NULL)"
        for check, _ in failed
    ]
    with read_errors(path):
        examples = con.execute(f"SELECT {', '.join(picks)} FROM checked").fetchone()
    problems = []
    for (check, n), found_examples in zip(failed, examples):
        reason = _reason(check.message, n)
        listing = _listing(found_examples, check.value)
        problems.append(
            DataError(
                f"{reason}: {listing}" if listing else reason,
                path=path.name,
                column=found.get(check.column, (check.column,))[0],
            )
        )
    return problems


def _duplicate_problems(con, path: Path, id_column: str) -> list[DataError]:
    """The problem of referral ids that appear more than once, naming the first few; none if none do."""
    with read_errors(path):
        duplicated = con.execute(
            "SELECT referral_id, count(*) AS n, count(*) OVER () AS ids FROM checked WHERE referral_id IS NOT NULL "
            f"GROUP BY ALL HAVING count(*) > 1 ORDER BY referral_id LIMIT {EXAMPLES}"
        ).fetchall()
    if not duplicated:
        return []
    listing = ", ".join(f"{excerpt(ident)} ({n} times)" for ident, n, _ in duplicated)
    ids = duplicated[0][2]
    which = "1 referral_id appears" if ids == 1 else f"{ids:,} referral_ids appear"
    return [
        DataError(
            f"{which} more than once: {listing}; each referral must have one row",
            path=path.name,
            column=id_column,
        )
    ]


def _set_zone(con, zone: str) -> None:
    """Set the connection's TimeZone to ``zone``: a text time without an offset is read in it, not the machine's."""
    import duckdb

    try:
        con.execute(f"SET TimeZone = {_literal(zone)}")
    except duckdb.Error:
        raise ValueError(f"`timezone` must be a time zone such as 'Europe/London', but {zone!r} was passed") from None


def check_rows(
    con,
    path: Path,
    found: dict,
    *,
    extract_date: dt.date | None,
    allow_future_dates: bool,
    earliest_month: str,
    timezone: str = "Europe/London",
) -> tuple[LogSummary | None, list[DataError]]:
    """Check every row in one scan; a second scan finds example ids only when something failed.

    Makes the view ``checked`` over ``raw`` (ids as text, dates as DATE), which the caller keeps
    for the log's queries once the checks pass.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection holding the view ``raw`` (:func:`open_raw`).
    path : Path
        The log's file, named in problems.
    found : dict
        The log's columns by standard name, as :func:`columns_of` returns them; ``referral_id`` and
        ``received`` must be among them.
    extract_date : datetime.date or None
        The date the log was taken, if given: a later date in the log is a problem.
    allow_future_dates : bool
        Whether dates after today are accepted.
    earliest_month : str
        ``YYYY-MM``: a referral received (or disseminated, or arrested) before it is a problem.
    timezone : str
        The IANA time zone whose days and months the log is counted in (default ``'Europe/London'``):
        the connection's TimeZone is set to it, and times with an offset are converted to it.

    Returns
    -------
    summary : LogSummary or None
        What the checks found out about the log, or None if it has problems.
    problems : list of DataError
        One per kind of problem, naming the column, how many referrals have it and the first few
        of their ids; empty if the log passed.

    Raises
    ------
    DataError
        If DuckDB cannot read the file to its end.
    ValueError
        If DuckDB does not know ``timezone``.
    """
    _set_zone(con, timezone)
    shown = _create_checked_view(con, found, timezone)
    checks = _checks(
        found, shown, extract_date=extract_date, allow_future_dates=allow_future_dates, earliest_month=earliest_month
    )
    failing, totals = _scan(con, path, found, checks)
    failed = [(check, n) for check, n in zip(checks, failing) if n]
    problems = _failed_problems(con, path, found, failed) if failed else []
    if totals.hashes < totals.with_id:
        problems += _duplicate_problems(con, path, found["referral_id"][0])
    if totals.rows == 0:
        problems.append(DataError("the log has no rows", path=path.name))
    if problems:
        return None, problems
    summary = LogSummary(
        rows=int(totals.rows),
        first_received=totals.first,
        last_received=totals.last,
        extract_date=extract_date or totals.latest,
        extract_date_given=extract_date is not None,
        columns=tuple(name for name in LOG_COLUMNS if name in found),
    )
    return summary, []
