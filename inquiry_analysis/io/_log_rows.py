"""Checking every row of a referral log opened in DuckDB (:mod:`._log_checks`), in one scan.

One scan counts every kind of problem; only when something fails does a second scan fetch example
referral ids. What passes becomes the view ``checked``, typed: ids as text, dates as DATE.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from inquiry_analysis.errors import DataError, excerpt
from inquiry_analysis.io._log_checks import LOG_COLUMNS, LogSummary, read_errors

__all__ = ["EXAMPLES", "check_rows"]

_DATES = ("received", "disseminated", "arrested")
_EVENT = {"received": "receipt", "disseminated": "dissemination", "arrested": "arrest"}  # for messages
#: Examples of referral ids named per problem.
EXAMPLES = 5


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _date_sql(column: str, kind: str) -> str:
    """SQL reading ``column`` (of DuckDB type ``kind``) as a DATE, NULL where it is empty or unreadable."""
    quoted = _quoted(column)
    if kind == "DATE":
        return quoted
    if kind.startswith("TIMESTAMP WITH TIME ZONE"):
        # Its date in UTC: casting directly would use the machine's time zone, so a log would give
        # other months on another machine.
        return f"CAST(make_timestamp(epoch_us({quoted})) AS DATE)"
    if kind.startswith("TIMESTAMP"):
        return f"CAST({quoted} AS DATE)"
    # Text: ISO dates, with or without a time; anything else is unreadable and reported.
    return f"TRY_CAST(NULLIF(trim(CAST({quoted} AS VARCHAR)), '') AS DATE)"


def _text_sql(column: str) -> str:
    return f"NULLIF(trim(CAST({_quoted(column)} AS VARCHAR)), '')"


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


def _create_checked_view(con, found: dict) -> dict[str, str]:
    """Make the view ``checked`` over ``raw``: ids as text, dates as DATE, and a text date's text beside it.

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
            select.append(f"{_date_sql(column, kind)} AS {name}")
            if _is_text(kind):
                select.append(f"{_text_sql(column)} AS {name}_text")
            shown[name] = f"{name}_text" if _is_text(kind) else f"CAST({name} AS VARCHAR)"
    for name in ("source", "force"):
        if name in found:
            select.append(f"{_text_sql(found[name][0])} AS {name}")
    con.execute(f"CREATE VIEW checked AS SELECT {', '.join(select)} FROM raw")
    return shown


def _date_checks(
    name: str, kind: str, shown: str, *, today: dt.date, extract_date: dt.date | None, allow_future_dates: bool
) -> list[_Check]:
    """The checks of one date column (of DuckDB type ``kind``): readable, not in the future, not after the extract."""
    checks = []
    if _is_text(kind):
        checks.append(
            _Check(
                name,
                f"{name} IS NULL AND {name}_text IS NOT NULL",
                f"{{n}} {{have}} a date of {_EVENT[name]} that cannot be read; write dates as YYYY-MM-DD",
                shown,
            )
        )
    if not allow_future_dates:
        checks.append(
            _Check(
                name,
                f"{name} > DATE '{today}'",
                f"{{n}} {{have}} a date of {_EVENT[name]} after today ({today}); check the year, or pass "
                "allow_future_dates=True (--allow-future-months on the command line)",
                shown,
            )
        )
    if extract_date is not None:
        # A date after today is reported once, as such.
        later = f"{name} > DATE '{extract_date}'" + ("" if allow_future_dates else f" AND {name} <= DATE '{today}'")
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
    checks = [
        _Check("referral_id", "referral_id IS NULL OR referral_id = ''", "{n} {have} no referral_id", None),
        # Refused, not trimmed: ' A' and 'A' would otherwise be one referral or two depending on the tool.
        _Check(
            "referral_id",
            "referral_id LIKE ' %' OR referral_id LIKE '% '",
            "{n} {have} spaces before or after the referral_id; remove them",
            "referral_id",
        ),
        _Check(
            "received",
            "received_text IS NULL" if _is_text(found["received"][1]) else "received IS NULL",
            "{n} {have} no received date (required)",
            None,
        ),
    ]
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
            f"received < DATE '{earliest}'",
            f"{{n}} {{were}} received before {earliest_month}; check the year, or pass "
            f"earliest_month='YYYY-MM' (--earliest-month on the command line) to accept earlier ones",
            shown["received"],
        )
    )
    for name in ("disseminated", "arrested"):
        if name in found:
            checks.append(
                _Check(
                    name, f"{name} < received", f"{{n}} {{were}} {name} before {{they}} {{were_}} received", shown[name]
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


def check_rows(
    con, path: Path, found: dict, *, extract_date: dt.date | None, allow_future_dates: bool, earliest_month: str
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
        ``YYYY-MM``: a referral received before it is a problem.

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
    """
    shown = _create_checked_view(con, found)
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
