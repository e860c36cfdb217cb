r"""Checking every value of a referral log opened in DuckDB (:mod:`._log_checks`), in one scan.

One scan counts every kind of problem; only when something fails does a second scan fetch the first
few rows with each (their row, referral id and the value at fault). What passes becomes the view
``checked``: ids as text, dates as DATE, a source or force as text.

The values are checked as a careful analyst would, since each slip below gives a wrong count without
a word:

- A referral id is text or a whole number, with no blank or invisible character at either end
  (a space, tab, no-break space, ideographic space, zero-width space, byte-order mark) and no
  control or invisible formatting character in it: ``'A1\t'`` and ``'A1'`` would be two referrals
  that look like one. A list, struct, map, bytes or a number with a point is no id; a source or
  force is text or a whole number too.
- No text holds a NUL byte.
- A date is a day: ``infinity`` and ``-infinity`` are refused, and so is any date before
  ``earliest_month`` (itself no earlier than :data:`FIRST_DATE`) or after today (after
  :data:`LAST_DATE` when future dates are allowed): the span the monthly readers accept. A column
  of another type (a list, a time of day) is no date.
- Every date is a day on the clock of one time zone (:data:`TIMEZONE` unless another is given): a
  date, a text date and time without an offset, and a Parquet TIMESTAMP without a zone are read as
  written (wall-clock time there); a text date and time with an offset (``Z``, ``+01:00``) and a
  Parquet TIMESTAMP WITH TIME ZONE are instants, converted to that zone before the day is taken. So
  the same instant falls on the same day, and in the same month, whatever the file's format and
  whatever the machine's own zone: 2016-05-31 23:30 UTC is 1 June in London.

A source or force is compared without the blank or invisible characters at its ends, as spaces
there always were.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from pathlib import Path
from typing import NamedTuple

from inquiry_analysis.errors import DataError, excerpt
from inquiry_analysis.io._log_checks import LOG_COLUMNS, LogSummary, read_errors

__all__ = ["EXAMPLES", "FIRST_DATE", "LAST_DATE", "TIMEZONE", "check_rows", "check_timezone", "today_in"]

_DATES = ("received", "disseminated", "arrested")
_EVENT = {"received": "receipt", "disseminated": "dissemination", "arrested": "arrest"}  # for messages
#: Examples of referral ids named per problem.
EXAMPLES = 5
#: The time zone a log's dates are read in unless another is given: the one a UK force counts its months in.
TIMEZONE = "Europe/London"
#: The first day ``earliest_month`` may be, and the last day a log may hold with future dates allowed: the
#: years the monthly readers accept.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
_IS_NUL = "contains({}, chr(0))"

_WHOLE = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
_WHOLE |= {"UHUGEINT"}
# RE2 classes. Blank or invisible: separators (every space Python's str.isspace knows but the controls,
# and the ideographic space), controls (tab, line breaks, NUL), formatting characters (zero-width space,
# byte-order mark, bidirectional controls) and the Hangul fillers, which are drawn as nothing.
_BLANK = r"[\p{Z}\p{Cc}\p{Cf}\x{115F}\x{1160}\x{3164}\x{FFA0}]"
_UNSEEN = r"[\p{Cc}\p{Cf}]"  # not to be inside an id either
# Text dates: a day, then optionally a time, then optionally (after a time) an offset from UTC. A year of
# more than four digits is read, to be refused as too late rather than as unreadable.
_DAY = r"[0-9]{4,6}-[0-9]{2}-[0-9]{2}"
_TIME = r"[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?"
_OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)"


@functools.cache
def _engine_zones() -> frozenset:
    """The time zones DuckDB's ICU knows (it converts the instants)."""
    import duckdb

    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    with duckdb.connect(":memory:", config=config) as con:
        return frozenset(name for (name,) in con.execute("SELECT name FROM pg_timezone_names()").fetchall())


def check_timezone(name) -> str:
    """The name of a time zone, checked: one both the IANA database (Python's ``zoneinfo``) and DuckDB know.

    ``'localtime'``, the machine's own zone, is not one: a log would give other months on another machine.

    Parameters
    ----------
    name : str
        Such as ``'Europe/London'`` or ``'UTC'``.

    Returns
    -------
    str
        The name.

    Raises
    ------
    ValueError
        If it is not a time zone's name.

    Examples
    --------
    >>> check_timezone("Europe/London")
    'Europe/London'
    """
    known = isinstance(name, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*", name)
    if known:
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            known = None
    if not known or name not in _engine_zones():
        raise ValueError(
            f"`timezone` must be a time zone such as 'Europe/London', but {excerpt(repr(name))} was passed"
        )
    return name


def today_in(timezone: str) -> dt.date:
    """Today's date on the clock of ``timezone`` (not the machine's).

    Parameters
    ----------
    timezone : str
        A time zone's name (:func:`check_timezone`).

    Returns
    -------
    datetime.date
        Today there.
    """
    return dt.datetime.now(zoneinfo.ZoneInfo(timezone)).date()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _date_sql(value: str, kind: str, timezone: str) -> str:
    """SQL reading ``value`` (of DuckDB type ``kind``; text trimmed) as a DATE in ``timezone``, NULL if unreadable."""
    zone = f"'{timezone}'"  # checked: letters, digits, _ + - /
    if kind == "DATE":
        return value
    if kind.startswith("TIMESTAMP WITH TIME ZONE"):  # an instant: its day in the zone, whatever the machine's
        return f"CAST(timezone({zone}, {value}) AS DATE)"
    if kind.startswith("TIMESTAMP"):  # wall-clock time: its day as written
        return f"CAST({value} AS DATE)"
    if kind != "VARCHAR":  # a list, a time of day, a number...: no date, refused by type
        return "CAST(NULL AS DATE)"
    return (  # a plain date first, the commonest and quickest to match; infinity kept, to be refused as such
        f"CASE WHEN length({value}) = 10 AND regexp_full_match({value}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
        f"THEN TRY_CAST({value} AS DATE) "
        f"WHEN lower({value}) IN ('infinity', '+infinity', '-infinity') THEN CAST(lower({value}) AS DATE) "
        f"WHEN regexp_full_match({value}, '{_DAY}(?:{_TIME})?') "
        f"THEN TRY_CAST(regexp_extract({value}, '^[0-9]+-[0-9]{{2}}-[0-9]{{2}}') AS DATE) "
        f"WHEN regexp_full_match({value}, '{_DAY}{_TIME}{_OFFSET}') "
        f"THEN CAST(timezone({zone}, TRY_CAST({value} AS TIMESTAMPTZ)) AS DATE) END"
    )


def _text_sql(column: str) -> str:
    """A source's or force's text without the blank or invisible characters at its ends; NULL if nothing is left."""
    text = f"CAST({_quoted(column)} AS VARCHAR)"
    plain = f"{text}[1] BETWEEN '!' AND '~' AND {text}[-1] BETWEEN '!' AND '~'"  # quick: no regex for most
    return (
        f"NULLIF(CASE WHEN {plain} THEN {text} ELSE regexp_replace({text}, '^{_BLANK}+|{_BLANK}+$', '', 'g') END, '')"
    )


def _is_text(kind: str) -> bool:
    """Whether a column of this DuckDB type is read as text (a DATE or TIMESTAMP column needs no reading)."""
    return not (kind == "DATE" or kind.startswith("TIMESTAMP"))


def _fits(name: str, kind: str) -> bool:
    """Whether a column of DuckDB type ``kind`` can hold the log's ``name``: text, whole numbers, days."""
    if name == "referral_id":
        return kind in _WHOLE | {"VARCHAR", "UUID"}
    if name in _DATES:
        return kind in ("VARCHAR", "DATE") or kind.startswith("TIMESTAMP")
    return kind in _WHOLE | {"VARCHAR"}


class _Check(NamedTuple):
    """One check of every row, and how the rows failing it are reported."""

    column: str  #: the log's column (standard name) the problem is named in
    condition: str  #: SQL over the view ``checked``, true for a failing row
    message: str  #: the reason, with ``{n}``, ``{have}``, ``{were}``, ``{they}`` and ``{were_}`` to fill in
    value: str | None  #: SQL of the value shown beside each example id, or None for the ids alone


class _Rules(NamedTuple):
    """What the caller asked of the dates."""

    extract_date: dt.date | None  #: the date the log was taken, if given
    allow_future_dates: bool  #: whether dates after today are accepted
    earliest_month: str  #: ``YYYY-MM``: referrals received before it are refused
    timezone: str  #: the time zone dates are read in


class _Totals(NamedTuple):
    """What the checking scan counts besides the failures."""

    rows: int
    first: dt.date | None  #: the earliest ``received``
    last: dt.date | None  #: the latest ``received``
    latest: dt.date | None  #: the latest date of any kind
    hashes: int  #: distinct hashes of the ids
    with_id: int  #: rows with an id


def _create_checked_view(con, found: dict, *, rows: str, timezone: str) -> dict[str, str]:
    """Make the view ``checked`` over ``numbered``: the row, ids as text, dates as DATE, a text date's text beside it.

    A source or force held as text has its value as written beside it, ``<name>_raw``. Returns, for
    each date column, the SQL of the value a problem shows beside its referral id.
    """
    inner, dates, shown = [f"{rows} AS row"], [], {}
    for name, (column, kind) in found.items():
        quoted = _quoted(column)
        if name == "referral_id":
            inner.append(
                f"{quoted} AS referral_id" if kind == "VARCHAR" else f"CAST({quoted} AS VARCHAR) AS referral_id"
            )
        elif name in _DATES and _is_text(kind):  # text to read, or a type that is no date (shown as text)
            inner.append(f"NULLIF(trim(CAST({quoted} AS VARCHAR)), '') AS {name}_text")
            dates.append(f"{_date_sql(name + '_text', kind, timezone)} AS {name}")
            shown[name] = f"{name}_text"
        elif name in _DATES:
            inner.append(f"{quoted} AS {name}_value")
            dates.append(f"{_date_sql(name + '_value', kind, timezone)} AS {name}")
            shown[name] = f"CAST({name} AS VARCHAR)"
        else:
            inner.append(f"{_text_sql(column)} AS {name}")
            if kind == "VARCHAR":  # as the file has it, where a NUL byte is looked for
                inner.append(f"{quoted} AS {name}_raw")
    values = [name + "_value" for name in _DATES if name in found and not _is_text(found[name][1])]
    exclude = f" EXCLUDE ({', '.join(values)})" if values else ""
    con.execute(
        f"CREATE VIEW checked AS SELECT *{exclude}, {', '.join(dates)} FROM (SELECT {', '.join(inner)} FROM numbered)"
    )
    return shown


def _date_checks(name: str, kind: str, shown: str, *, today: dt.date, rules: _Rules) -> list[_Check]:
    """The checks of one date column (of DuckDB type ``kind``): a day, readable, finite, not too late."""
    event, finite = _EVENT[name], f"isfinite({name})"
    if not _fits(name, kind):  # one problem for the column's values, not one per way they fail
        return [
            _Check(
                name,
                f"{name}_text IS NOT NULL",
                f"{{n}} {{have}} a date of {event} of type {excerpt(kind)}, which is no date; store dates as "
                "DATE, TIMESTAMP or text (YYYY-MM-DD)",
                shown,
            )
        ]
    checks = []
    if kind == "VARCHAR":
        nul = _IS_NUL.format(f"{name}_text")
        checks += [
            _Check(
                name, nul, f"{{n}} {{have}} a NUL byte (\\x00) in the date of {event}; the file may be damaged", shown
            ),
            _Check(
                name,
                f"{name} IS NULL AND {name}_text IS NOT NULL AND NOT {nul}",
                f"{{n}} {{have}} a date of {event} that cannot be read; write dates as YYYY-MM-DD (a time may "
                "follow, with an offset if it is an instant: 2016-05-31T23:30:00+01:00)",
                shown,
            ),
        ]
    checks.append(
        _Check(
            name,
            f"NOT {finite}",
            f"{{n}} {{have}} an infinite date of {event}, which is no day; write dates as YYYY-MM-DD",
            shown,
        )
    )
    if not rules.allow_future_dates:
        last = today
        message = (
            f"{{n}} {{have}} a date of {event} after today ({today}); check the year, or pass "
            "allow_future_dates=True (--allow-future-months on the command line)"
        )
    else:
        last = LAST_DATE
        message = (
            f"{{n}} {{have}} a date of {event} after {LAST_DATE}, the latest a log may hold even with future "
            "dates allowed; check the year"
        )
    checks.append(_Check(name, f"{finite} AND {name} > DATE '{last}'", message, shown))
    if rules.extract_date is not None:  # a date after the last one allowed is reported once, as such
        checks.append(
            _Check(
                name,
                f"{finite} AND {name} > DATE '{rules.extract_date}' AND {name} <= DATE '{last}'",
                f"{{n}} {{have}} a date of {event} after the extract date given ({rules.extract_date})",
                shown,
            )
        )
    return checks


def _id_checks(kind: str) -> list[_Check]:
    """The checks of the referral ids, whose column has DuckDB type ``kind`` (duplicates are looked for apart)."""
    checks = [_Check("referral_id", "referral_id IS NULL OR referral_id = ''", "{n} {have} no referral_id", None)]
    if not _fits("referral_id", kind):  # a list, struct, map, bytes, number with a point: no id, whatever its text
        return checks + [
            _Check(
                "referral_id",
                "referral_id IS NOT NULL",
                f"{{n}} {{have}} a referral_id of type {excerpt(kind)}, which is not text; store referral ids as text "
                "(or whole numbers)",
                None,
            )
        ]
    nul = _IS_NUL.format("referral_id") if kind == "VARCHAR" else "false"
    edge = f"regexp_matches(referral_id, '^{_BLANK}|{_BLANK}$')"
    return checks + [
        _Check(
            "referral_id",
            nul,
            "{n} {have} a NUL byte (\\x00) in the referral_id; the file may be damaged",
            "referral_id",
        ),
        # Refused, not trimmed: 'A\t' and 'A' would otherwise be one referral or two depending on the tool.
        _Check(
            "referral_id",
            f"NOT {nul} AND {edge}",
            "{n} {have} spaces or invisible characters (a tab, no-break or zero-width space, say) before or after "
            "the referral_id; remove them",
            "referral_id",
        ),
        _Check(
            "referral_id",
            f"NOT {nul} AND NOT {edge} AND regexp_matches(referral_id, '{_UNSEEN}')",
            "{n} {have} a control or invisible character (a terminal escape, a zero-width space, say) inside the "
            "referral_id; remove it",
            "referral_id",
        ),
    ]


def _text_checks(name: str, kind: str) -> list[_Check]:
    """The checks of a source or force column, of DuckDB type ``kind``."""
    if not _fits(name, kind):
        return [
            _Check(
                name,
                f"{name} IS NOT NULL",
                f"{{n}} {{have}} a {name} of type {excerpt(kind)}, which is not text; store it as text",
                name,
            )
        ]
    if kind != "VARCHAR":
        return []
    return [
        _Check(
            name,
            _IS_NUL.format(f"{name}_raw"),
            f"{{n}} {{have}} a NUL byte (\\x00) in the {name}; the file may be damaged",
            f"{name}_raw",
        )
    ]


def _checks(found: dict, shown: dict, *, rules: _Rules) -> list[_Check]:
    """Every check of the rows, in the order their problems are reported."""
    today = today_in(rules.timezone)
    earliest = f"DATE '{rules.earliest_month}-01'"
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
            checks += _date_checks(name, found[name][1], shown[name], today=today, rules=rules)
    checks.append(
        _Check(
            "received",
            f"isfinite(received) AND received < {earliest}",
            f"{{n}} {{were}} received before {rules.earliest_month}; check the year, or pass "
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
                    f"isfinite({name}) AND {name} < {earliest}",
                    f"{{n}} {{have}} a date of {_EVENT[name]} before {rules.earliest_month}; check the year",
                    shown[name],
                )
            )
            checks.append(
                _Check(
                    name,
                    f"isfinite({name}) AND isfinite(received) AND {name} >= {earliest} AND {name} < received",
                    f"{{n}} {{were}} {name} before {{they}} {{were_}} received",
                    shown[name],
                )
            )
    for name in ("source", "force"):
        if name in found:
            checks += _text_checks(name, found[name][1])
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
    """Example referral ids (or rows, where the id is missing), each with the value it has where the check shows one."""
    shown = []
    for example in examples or []:  # ids and values from the file: cut and escaped
        ident = f"row {example['r']}" if example["i"] is None else excerpt(example["i"])
        if value is None:
            shown.append(ident)
        else:
            shown.append(f"{ident} ('{excerpt(example['v'])}')" if example["v"] is not None else f"{ident} (empty)")
    return ", ".join(shown)


def _failed_problems(con, path: Path, found: dict, failed: list[tuple[_Check, int]], *, by: str) -> list[DataError]:
    """One problem per failed check, naming how many referrals fail it, the first row, and the first few ids."""
    # One more scan: the first few rows (their ids and values) of every failed check at once.
    picks = [
        f"min_by(struct_pack(r := row, i := referral_id, v := {check.value or 'NULL'}), {by}, {EXAMPLES}) "
        f"FILTER ({check.condition})"
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
                row=found_examples[0]["r"] if found_examples else None,
                column=found.get(check.column, (check.column,))[0],
            )
        )
    return problems


def _rows_of(rows: list) -> str:
    """'rows 2 and 7', 'rows 2, 7, 9 and more'."""
    shown = [str(row) for row in rows[:3] if row is not None]
    if not shown:
        return ""
    more = " and more" if len(rows) > 3 else ""
    listed = ", ".join(shown) + more if more or len(shown) < 2 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return ("row " if len(shown) == 1 and not more else "rows ") + listed


def _duplicate_problems(con, path: Path, id_column: str) -> list[DataError]:
    """The problem of referral ids that appear more than once, naming the first few and their rows; none if none do."""
    with read_errors(path):
        duplicated = con.execute(
            "SELECT referral_id, count(*) AS n, count(*) OVER () AS ids, list(row ORDER BY row)[1:4] AS rows "
            "FROM checked WHERE referral_id IS NOT NULL "
            f"GROUP BY referral_id HAVING count(*) > 1 ORDER BY min(row), referral_id LIMIT {EXAMPLES}"
        ).fetchall()
    if not duplicated:
        return []
    listing = ", ".join(
        f"{excerpt(ident)} ({n} times" + (f", {_rows_of(rows)})" if _rows_of(rows) else ")")
        for ident, n, _, rows in duplicated
    )
    ids = duplicated[0][2]
    which = "1 referral_id appears" if ids == 1 else f"{ids:,} referral_ids appear"
    second = duplicated[0][3][1] if len(duplicated[0][3]) > 1 else None
    return [
        DataError(
            f"{which} more than once: {listing}; each referral must have one row",
            path=path.name,
            row=second,
            column=id_column,
        )
    ]


def check_rows(
    con,
    path: Path,
    found: dict,
    *,
    rows: str = "NULL",
    extract_date: dt.date | None,
    allow_future_dates: bool,
    earliest_month: str,
    timezone: str = TIMEZONE,
) -> tuple[LogSummary | None, list[DataError]]:
    """Check every value in one scan; a second scan finds example rows only when something failed.

    Makes the view ``checked`` over ``numbered`` (ids as text, dates as DATE in ``timezone``), which
    the caller keeps for the log's queries once the checks pass.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection holding the view ``numbered`` (:func:`~inquiry_analysis.io._log_checks.open_raw`).
    path : Path
        The log's file, named in problems.
    found : dict
        The log's columns by standard name, as :func:`~inquiry_analysis.io._log_checks.columns_of`
        returns them; ``referral_id`` and ``received`` must be among them.
    rows : str
        SQL over ``numbered`` giving a row's number as a person counts it, as ``open_raw`` returns it;
        ``'NULL'`` if the rows cannot be numbered.
    extract_date : datetime.date or None
        The date the log was taken, if given: a later date in the log is a problem.
    allow_future_dates : bool
        Whether dates after today (in ``timezone``) are accepted.
    earliest_month : str
        ``YYYY-MM``, from 1900-01: a date (of receipt, dissemination or arrest) before it is a problem.
    timezone : str
        The time zone dates are read in (checked by :func:`check_timezone`); see the module's notes.
        The connection's TimeZone is set to it.

    Returns
    -------
    summary : LogSummary or None
        What the checks found out about the log, or None if it has problems.
    problems : list of DataError
        One per kind of problem, naming the column, the first row with it, how many referrals have
        it and the first few of their ids; empty if the log passed.

    Raises
    ------
    DataError
        If DuckDB cannot read the file to its end.
    """
    rules = _Rules(extract_date, allow_future_dates, earliest_month, check_timezone(timezone))
    # Every time zone in the SQL is named; the connection's is set too, so that nothing the machine's zone
    # says can slip in (DuckDB starts in the machine's).
    con.execute(f"SET TimeZone = '{timezone}'")
    shown = _create_checked_view(con, found, rows=rows, timezone=timezone)
    checks = _checks(found, shown, rules=rules)
    failing, totals = _scan(con, path, found, checks)
    failed = [(check, n) for check, n in zip(checks, failing) if n]
    by = "referral_id" if rows == "NULL" else "row"
    problems = _failed_problems(con, path, found, failed, by=by) if failed else []
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
