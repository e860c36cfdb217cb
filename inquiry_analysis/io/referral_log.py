"""Record-level referral logs: one row per referral, read and aggregated by DuckDB.

A referral log holds, for each referral, the date it was received and, where they happened, the
dates it was disseminated to a police force and led to an arrest. With it the arrest ratio can be
built cohort by cohort (the arrests that came from the referrals received in a period) instead of
dividing a year's arrests by the same year's referrals, which mixes cohorts.

Logs run to tens of millions of rows, so the log is never loaded into pandas: DuckDB (embedded,
out of core, on every core) scans the file and only aggregates leave it, a few thousand rows
whatever the log's size. A Parquet file is scanned in place; a CSV file is parsed once into
DuckDB's own columnar store (spilling to a temporary folder beyond ``memory_limit``).

The columns
-----------
``referral_id`` (required)
    Text, unique, not empty.
``received`` (required)
    The date the referral was received.
``source`` (optional)
    Who made the referral (e.g. NCMEC, another industry body); empty is read as "not recorded".
``disseminated``, ``arrested`` (optional)
    The date the referral was sent to a force, and the date it led to an arrest; empty if it has
    not (yet).
``force`` (optional)
    The force it was sent to.

Column names are matched without regard to case or surrounding spaces.

Values
------
``referral_id`` is text (or a whole number), with no space, tab or other blank or invisible
character (a no-break space, a zero-width space) at either end and no control character in it; no
text holds a NUL byte. Dates are ``YYYY-MM-DD``, optionally followed by a time
(``2016-05-31 23:30:00``) and, after a time, an offset from UTC (``Z``, ``+01:00``); or, in Parquet,
DATE or TIMESTAMP columns. ``infinity`` is refused, and so is any date outside the years 1900 to
2199, whatever the options. A ``source`` or ``force`` is read without the blank or invisible
characters at its ends, so ``'NCMEC'`` and ``'NCMEC\\t'`` are one source.

Time zones
----------
Every date is a day in one time zone, ``timezone`` (default ``'Europe/London'``, the zone a UK force
counts its months in). A date, a text time without an offset and a Parquet TIMESTAMP without a zone
are read as wall-clock time there: their day is the day written. A text time with an offset and a
Parquet TIMESTAMP WITH TIME ZONE are instants, converted to that zone before their day is taken. So
one instant falls on the same day and in the same month whatever the file's format and whatever the
machine's own zone: ``2016-05-31T23:30:00Z`` is 1 June in London, as is ``2016-06-01 00:30`` and a
TIMESTAMP WITH TIME ZONE of that instant. The zone is recorded in ``input.options``, which the
exhibits cite.

Every problem in the log is reported at once in one :class:`~inquiry_analysis.DataError`: one line
per kind of problem, naming the column, the first row with it (a CSV's header is row 1; a Parquet
file's first row is row 1), how many referrals have it and up to five of their ``referral_id`` s,
with the value at fault cut short and escaped (a 10-million-row log with three bad rows names those
three).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import weakref
from pathlib import Path

import pandas as pd

from inquiry_analysis import provenance
from inquiry_analysis.errors import DataError, excerpt
from inquiry_analysis.io import _files, _limits
from inquiry_analysis.io._log_checks import (
    LOG_COLUMNS,
    REQUIRED,
    LogSummary,
    columns_of,
    connect,
    open_raw,
    read_errors,
)
from inquiry_analysis.io._log_files import (
    NulWatch,
    check_parquet_footer,
    check_parquet_metadata,
    csv_header,
    open_log,
)
from inquiry_analysis.io._log_rows import FIRST_DATE, LAST_DATE, TIMEZONE, check_rows, check_timezone, today_in

__all__ = ["DEFAULT_CAP_DAYS", "LOG_COLUMNS", "LogSummary", "ReferralLog", "read_referral_log"]

#: Days of follow-up kept by default: a year and a day, enough for a 12-month horizon (365 days).
DEFAULT_CAP_DAYS = 366
#: How a missing ``source`` is shown.
NOT_RECORDED = "(not recorded)"


class ReferralLog:
    """A checked referral log, open in DuckDB; build it with :func:`read_referral_log`.

    Attributes
    ----------
    summary : LogSummary
        Rows, first and last dates, extract date and columns.
    input : InputFile
        The file as read (name, sha256, bytes, options), which exhibits cite.

    Every method returns a small pandas frame of aggregates; use the log in a ``with`` block, or
    call :meth:`close`, to free DuckDB's memory and temporary folder.
    """

    def __init__(
        self,
        connection,
        *,
        summary: LogSummary,
        input: provenance.InputFile,
        path: Path,
        scratch: str | None,
        source: _files.Opened | None = None,
    ):
        self._con = connection
        self._scratch = scratch
        # A log dropped without close() (a notebook cell re-run, a test) still removes its scratch folder,
        # when it is collected or, at the latest, when the interpreter exits.
        self._forget_scratch = weakref.finalize(self, shutil.rmtree, scratch, ignore_errors=True) if scratch else None
        self._source = source  # the file, open: DuckDB reads it through this descriptor's path
        self._tables: dict[int, pd.DataFrame] = {}  # follow-up tables by cap, each from one scan
        self._path = path
        self.summary = summary
        self.input = input

    def __enter__(self) -> ReferralLog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the DuckDB connection and remove its temporary folder; closing again does nothing."""
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._source is not None:  # after the connection: DuckDB reads through the descriptor
            self._source.close()
            self._source = None
        if self._forget_scratch is not None:
            self._forget_scratch()  # removes the folder, once
            self._scratch = None

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<ReferralLog {self.input.name}: {s.rows:,} referrals received {s.first_received} to "
            f"{s.last_received}, extract date {s.extract_date}>"
        )

    def _query(self, sql: str, parameters=None) -> pd.DataFrame:
        if self._con is None:
            raise ValueError("the referral log is closed; read it again with read_referral_log")
        with read_errors(self._path):
            result = self._con.execute(sql, parameters or []).df()
        if self._source is not None:  # the bytes read must be the bytes hashed, which the exhibits cite
            self._source.check_unchanged()
        return result

    def _cite(self, frame: pd.DataFrame) -> pd.DataFrame:
        frame.attrs = {"path": str(self._path), "sha256": self.input.sha256, "input": self.input}
        return frame

    def _months(self) -> pd.PeriodIndex:
        s = self.summary
        return pd.period_range(pd.Period(s.first_received, freq="M"), pd.Period(s.last_received, freq="M"), freq="M")

    def monthly(self) -> pd.DataFrame:
        """Referrals received by month: the frame :func:`~inquiry_analysis.read_monthly_referrals` returns.

        Returns
        -------
        DataFrame
            ``month`` (monthly ``Period``) and ``referrals`` (``Int64``), every month from the first
            to the last referral (a month with none is 0), sorted; ``attrs`` cite the log
            (``path``, ``sha256``, ``input``), so every analysis of a monthly series applies.

        Raises
        ------
        ValueError
            If the log was closed before its follow-up table was first computed.
        """
        table = self._follow_up(DEFAULT_CAP_DAYS)  # one scan serves the series and cohort conversion
        by_key = (table["events"] + table["censored"]).groupby(table["cohort"]).sum()
        months = self._months()
        values = [int(by_key.get(p.year * 12 + p.month - 1, 0)) for p in months]
        frame = pd.DataFrame({"month": months, "referrals": pd.array(values, dtype="Int64")})
        return self._cite(frame)

    def by_source(self) -> pd.DataFrame:
        """Referrals received by month and source.

        Returns
        -------
        DataFrame
            ``month`` (``Period``), ``source`` (text; an empty source is ``"(not recorded)"``) and
            ``referrals`` (``Int64``), every month and source (0 where none), sorted by month then
            source. Without a ``source`` column, every referral is ``"(not recorded)"``.

        Raises
        ------
        ValueError
            If the log is closed.
        """
        source = "coalesce(source, ?)" if "source" in self.summary.columns else "?"
        counts = self._query(
            f"SELECT year(received) * 12 + month(received) - 1 AS m, {source} AS source, "
            "count(*) AS n FROM log GROUP BY ALL",
            [NOT_RECORDED],
        )
        months = self._months()
        sources = sorted(counts["source"].unique())
        grid = pd.MultiIndex.from_product([[p.year * 12 + p.month - 1 for p in months], sources], names=["m", "source"])
        n = counts.set_index(["m", "source"])["n"].reindex(grid, fill_value=0).to_numpy()
        frame = pd.DataFrame(
            {
                "month": pd.PeriodIndex([p for p in months for _ in sources], freq="M"),
                "source": pd.array([s for _ in months for s in sources], dtype="string"),
                "referrals": pd.array(n, dtype="Int64"),
            }
        )
        return self._cite(frame)

    def _follow_up(self, cap: int) -> pd.DataFrame:
        """Per monthly cohort (``year * 12 + month - 1``) and day: events, censored, disseminated; one scan, kept."""
        if cap not in self._tables:
            dissem = "disseminated IS NOT NULL" if "disseminated" in self.summary.columns else "false"
            if "arrested" in self.summary.columns:
                event = f"arrested IS NOT NULL AND arrested - received <= {cap}"
                days = f"least(coalesce(arrested, CAST(? AS DATE)) - received, {cap})"
            else:
                event, days = "false", f"least(CAST(? AS DATE) - received, {cap})"
            table = self._query(
                f"SELECT year(received) * 12 + month(received) - 1 AS cohort, {days} AS days, "
                f"count(*) FILTER ({event}) AS events, count(*) FILTER (NOT ({event})) AS censored, "
                f"count(*) FILTER ({dissem}) AS disseminated FROM log GROUP BY ALL ORDER BY cohort, days",
                [self.summary.extract_date],
            )
            self._tables[cap] = table.astype("int64")
        return self._tables[cap]

    def follow_up(self, *, by: str = "month", cap_days: int = DEFAULT_CAP_DAYS) -> pd.DataFrame:
        """Counts for cohort conversion: per cohort and day, referrals arrested and referrals last seen unarrested.

        A referral is followed from ``received`` to ``arrested`` (an event) or, unarrested, to the
        extract date (censored). Follow-up past ``cap_days`` is cut there as censored, which
        changes no estimate up to ``cap_days``; it keeps the table small.

        Parameters
        ----------
        by : {'month', 'year'}
            Cohorts by month or by calendar year of receipt.
        cap_days : int
            Days of follow-up kept (default :data:`DEFAULT_CAP_DAYS`), at least 1.

        Returns
        -------
        DataFrame
            ``cohort`` (a monthly or yearly ``Period``), ``days``, ``events``, ``censored`` and
            ``disseminated`` (of the referrals in the row, how many were disseminated by the
            extract date), one row per cohort and day, sorted; ``attrs`` cite the log and give
            ``cap_days``.

        Raises
        ------
        ValueError
            If ``by`` or ``cap_days`` is not of the form described, or the log was closed before
            this table was first computed.
        """
        if by not in ("month", "year"):
            raise ValueError(f"`by` must be 'month' or 'year', but {by!r} was passed")
        if isinstance(cap_days, bool) or not isinstance(cap_days, int) or cap_days < 1:
            raise ValueError(f"`cap_days` must be a whole number of days, at least 1, but {cap_days!r} was passed")
        table = self._by_cohort(by, cap_days)
        table["cohort"] = _periods(table["cohort"], by)
        table = self._cite(table)
        table.attrs["cap_days"] = cap_days
        return table

    def _by_cohort(self, by: str, cap: int) -> pd.DataFrame:
        """The follow-up table with the cohort as a whole number: months since year 0, or the year."""
        table = self._follow_up(cap).copy()
        if by == "year":
            table["cohort"] //= 12
            table = table.groupby(["cohort", "days"], as_index=False, sort=True).sum()
        return table.reset_index(drop=True)

    def year_counts(self) -> pd.DataFrame:
        """Referrals received, arrests made, and arrests from the year's own referrals, by calendar year.

        Returns
        -------
        pandas.DataFrame
            One row per calendar year with a referral received or an arrest made, sorted: ``year``
            (int), ``referrals`` (received in the year), ``arrests_in_year`` (made in the year, from
            referrals of any year) and ``cohort_arrests`` (to the extract date, from the referrals
            received in the year). What :func:`inquiry_analysis.metrics.cohorts.arrest_ratios` reads.

        Raises
        ------
        ValueError
            If the log has no ``arrested`` column, or is closed.
        """
        if "arrested" not in self.summary.columns:
            raise ValueError(f"{self.input.name} has no 'arrested' column, so arrests cannot be counted")
        counts = self._query(
            "SELECT y AS year, sum(received_n) AS referrals, sum(arrested_n) AS arrests_in_year, "
            "sum(cohort_n) AS cohort_arrests "
            "FROM (SELECT year(received) AS y, count(*) AS received_n, 0 AS arrested_n, count(arrested) AS cohort_n "
            "      FROM log GROUP BY ALL "
            "      UNION ALL SELECT year(arrested), 0, count(*), 0 FROM log WHERE arrested IS NOT NULL GROUP BY ALL) "
            "GROUP BY y ORDER BY y"
        )
        return self._cite(counts.astype("int64"))


def _periods(keys: pd.Series, by: str) -> pd.PeriodIndex:
    """Whole-number cohorts (``year * 12 + month - 1``, or the year) as monthly or yearly Periods."""
    ordinals = keys.to_numpy(dtype="int64") - (1970 * 12 if by == "month" else 1970)  # Periods count from 1970
    return pd.PeriodIndex.from_ordinals(ordinals, freq="M" if by == "month" else "Y")


def read_referral_log(
    path: str | Path,
    *,
    extract_date: str | dt.date | None = None,
    allow_future_dates: bool = False,
    earliest_month: str = "1990-01",
    timezone: str = TIMEZONE,
    memory_limit: str = "1GB",
    threads: int | None = None,
    limits: dict | None = None,
) -> ReferralLog:
    """Read and check a record-level referral log (Parquet or CSV), and open it for aggregation.

    Parameters
    ----------
    path : path
        A ``.parquet`` or ``.csv`` (UTF-8, comma-separated, with a header) file; the columns are
        described in :mod:`inquiry_analysis.io.referral_log`.
    extract_date : str or date, optional
        The date the log was taken, as ``YYYY-MM-DD``: what happened after it is unknown, so
        follow-up is censored there. By default the latest date of any kind in the log (which
        may be a little before the real extract date; give it if you know it). A date in the log
        after a given extract date is a problem.
    allow_future_dates : bool
        Accept dates after today (in ``timezone``), up to the end of 2199; by default they are
        refused as a likely slip of the year.
    earliest_month : str
        Refuse referrals received before this month, ``YYYY-MM`` (default ``'1990-01'``), from 1900-01 on.
    timezone : str
        The time zone every date is a day in (default ``'Europe/London'``): dates and times without
        an offset are wall-clock time there, and instants (a text time with an offset, a Parquet
        TIMESTAMP WITH TIME ZONE) are converted to it; see the module's notes. Recorded in
        ``input.options``.
    memory_limit : str
        How much memory DuckDB may use before it spills to a temporary folder (default ``'1GB'``).
    threads : int, optional
        DuckDB's threads (default: one per core).
    limits : dict, optional
        Raise the limits on the file, far above real use: ``max_log_bytes`` (20 GB),
        ``max_line_bytes`` (a CSV's header, 1 MiB) and ``max_columns`` (1,000), e.g.
        ``limits={'max_log_bytes': 50000000000}``. Recorded in ``input.options`` when given.
        Whatever the limits, only a regular file is read: a folder, pipe, socket or device, and
        anything under ``/proc``, ``/sys``, ``/dev`` or ``/etc`` (links resolved), is refused before
        it is opened; and DuckDB reads exactly the file named, whatever characters its path holds.

    Returns
    -------
    ReferralLog
        Open on the log: :meth:`~ReferralLog.monthly`, :meth:`~ReferralLog.by_source`,
        :meth:`~ReferralLog.follow_up` and :meth:`~ReferralLog.year_counts`.

    Raises
    ------
    DataError
        Every problem in the log, one line each, naming the first row, the column and up to five referral ids.
    ValueError
        If an option is not of the form described.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
    >>> _ = path.write_text("referral_id,received,arrested\\nA1,2016-06-03,2016-09-01\\nA2,2016-06-20,\\n"
    ...                     "A3,2016-07-02,\\n")
    >>> with read_referral_log(path) as log:
    ...     log.monthly()["referrals"].tolist(), str(log.summary.extract_date)
    ([2, 1], '2016-09-01')

    Every problem at once:

    >>> _ = path.write_text("referral_id,received,arrested,colour\\nA1,2016-06-03,2016-05-01,red\\n"
    ...                     "A1,2016-06-20,,blue\\nA3,2016-13-02,,\\n")
    >>> try:
    ...     read_referral_log(path)
    ... except DataError as err:
    ...     print(err)  # doctest: +ELLIPSIS
    log.csv: 4 problems
      log.csv, column 'colour': unknown column; a referral log has the columns referral_id, received, ...
      log.csv, row 2, column 'arrested': 1 referral was arrested before it was received: A1 ('2016-05-01')
      log.csv, row 3, column 'referral_id': 1 referral_id appears more than once: A1 (2 times, rows 2 and 3); ...
      log.csv, row 4, column 'received': 1 referral has a date of receipt that cannot be read; ...: A3 ('2016-13-02')
    """
    path = Path(path)
    for name, value in (("allow_future_dates", allow_future_dates),):
        if not isinstance(value, bool):
            raise ValueError(f"`{name}` must be True or False, but {value!r} was passed")
    if (
        not isinstance(earliest_month, str)
        or not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", earliest_month)
        or not FIRST_DATE.isoformat() <= earliest_month + "-01" <= LAST_DATE.isoformat()
    ):
        raise ValueError(
            f"`earliest_month` must be a month as 'YYYY-MM', from {FIRST_DATE:%Y-%m} to {LAST_DATE:%Y-%m}, "
            f"but {earliest_month!r} was passed"
        )
    timezone = check_timezone(timezone)
    if extract_date is not None and not isinstance(extract_date, dt.date):
        try:
            extract_date = dt.date.fromisoformat(str(extract_date))
        except ValueError:
            raise ValueError(
                f"`extract_date` must be a date as 'YYYY-MM-DD', but {extract_date!r} was passed"
            ) from None
    if extract_date is not None and not FIRST_DATE <= extract_date <= LAST_DATE:
        raise ValueError(f"`extract_date` must be from {FIRST_DATE} to {LAST_DATE}, but {extract_date} was passed")
    if extract_date is not None and extract_date > today_in(timezone) and not allow_future_dates:
        raise ValueError(
            f"`extract_date` {extract_date} is after today; a log cannot have been taken in the future "
            "(pass allow_future_dates=True if the dates are meant so)"
        )
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int) or threads < 1):
        raise ValueError(f"`threads` must be a whole number, at least 1, but {threads!r} was passed")
    bounds = _limits.limits_from(limits)
    options = {
        "extract_date": None if extract_date is None else str(extract_date),
        "allow_future_dates": allow_future_dates,
        "earliest_month": earliest_month,
        "timezone": timezone,
    }
    if limits is not None:
        options["limits"] = dict(limits)
    opened, record, header, footer = _open_log(path, bounds, options)
    try:
        source = opened.engine_path()
        con, scratch = connect(memory_limit, threads)
    except BaseException:
        opened.close()
        raise
    try:
        with read_errors(path):  # whatever DuckDB raises, one line
            if footer is not None:
                check_parquet_metadata(con, opened, source, footer)
            rows = open_raw(con, path, source=source, header=header)
            found, problems = columns_of(con, path)
            summary = None
            if all(name in found for name in REQUIRED):
                summary, more = check_rows(
                    con,
                    path,
                    found,
                    rows=rows,
                    extract_date=extract_date,
                    allow_future_dates=allow_future_dates,
                    earliest_month=earliest_month,
                    timezone=timezone,
                )
                problems += more
            if problems:
                raise DataError.from_problems(problems)
            opened.check_unchanged()  # what DuckDB checked is what was hashed
            con.execute("CREATE VIEW log AS SELECT * FROM checked")
        return ReferralLog(con, summary=summary, input=record, path=path, scratch=scratch, source=opened)
    except BaseException:
        con.close()
        opened.close()
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _open_log(path: Path, limits: _limits.Limits, options: dict):
    """The log, open, and what is known of it before DuckDB reads it: its identity, a CSV's header, a footer's length.

    Refused before it is opened unless it is a regular file within ``max_log_bytes``; a CSV's header is
    read within bounds, and a Parquet file's footer checked against its size; then it is hashed
    through the open descriptor (a CSV's NUL bytes refused on the way).
    """
    opened = open_log(path, limits)
    try:
        if path.suffix.lower() not in (".parquet", ".csv"):
            raise DataError(
                f"expected a .parquet or .csv file, got '{excerpt(path.suffix) or 'no extension'}'", path=path
            )
        header = footer = None
        try:
            if path.suffix.lower() == ".parquet":
                footer = check_parquet_footer(opened)
                digest = opened.sha256()
            else:
                header = csv_header(opened, limits)
                digest = opened.sha256(on_chunk=NulWatch(opened, header))
        except OSError as err:
            raise DataError(
                f"cannot be read ({type(err).__name__}: {err.strerror or err}); check that the file is still there, "
                "then try again",
                path=path,
            ) from None
        record = provenance.InputFile(name=path.name, sha256=digest, bytes=opened.size, options=options)
    except BaseException:
        opened.close()
        raise
    return opened, record, header, footer
