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

from inquiry_analysis.errors import DataError

#: The columns a log may have, the required ones first.
LOG_COLUMNS = ("referral_id", "received", "source", "disseminated", "arrested", "force")
REQUIRED = ("referral_id", "received")
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
    """DuckDB's errors while scanning the file (a damaged page, say) as one line naming the file."""
    import duckdb

    try:
        yield
    except (duckdb.IOException, duckdb.InvalidInputException) as err:  # not our SQL's errors: those are bugs
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise DataError(
            f"cannot be read to the end ({first}); the file may be damaged or still being written", path=path.name
        ) from None


def connect(memory_limit: str, threads: int | None):
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
    except Exception:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _csv_header(path: Path) -> list[str]:
    """The CSV's header, read by Python: DuckDB's sniffer would take a ragged file's later rows for its header."""
    import csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError:
        raise DataError(
            "is not UTF-8 text; save it as CSV UTF-8 (in Excel: Save As, CSV UTF-8)", path=path.name
        ) from None
    if not header or not any(name.strip() for name in header):
        raise DataError("is empty: it has no header row (referral_id,received,...)", path=path.name)
    seen = {}
    for name in header:
        key = name.strip().lower()
        if key in seen:
            raise DataError(
                f"the column appears twice (as '{seen[key]}' and '{name}'); keep one", path=path.name, column=name
            )
        seen[key] = name
    return header


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
        reason = text.strip().splitlines()[0] if text.strip() else type(err).__name__
    return DataError(f"cannot be read as CSV: {where}{reason}", path=path.name)


def open_raw(con, path: Path) -> None:
    """Make the view ``raw`` over the file: Parquet scanned in place, CSV parsed once into a table."""
    import duckdb

    if path.suffix.lower() == ".parquet":
        try:
            con.read_parquet(str(path)).create_view("raw")
        except (duckdb.Error, OSError) as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise DataError(f"cannot be read as Parquet ({first})", path=path.name) from None
        return
    header = _csv_header(path)
    try:
        # All text, every row the header's width: dates and ids are checked here, so a bad value is named.
        con.read_csv(
            str(path),
            auto_detect=False,
            header=False,
            skiprows=1,
            columns={name: "VARCHAR" for name in header},
            delimiter=",",
            quotechar='"',
            escapechar='"',
            strict_mode=True,
        ).create("raw")
    except (duckdb.Error, OSError) as err:
        raise _csv_error(err, path) from None


def columns_of(con, path: Path) -> tuple[dict, list[DataError]]:
    """The file's columns by standard name (name in the file, DuckDB type), and problems with them."""
    described = con.execute("DESCRIBE raw").fetchall()
    found, problems, seen = {}, [], {}
    for name, kind, *_ in described:
        key = str(name).strip().lower()
        if key in seen:
            problems.append(
                DataError(f"the column appears twice (as '{seen[key]}' and '{name}')", path=path.name, column=str(name))
            )
        seen[key] = name
        if key in LOG_COLUMNS:
            found[key] = (name, str(kind).upper())
        else:
            problems.append(
                DataError(
                    f"unknown column; a referral log has the columns {', '.join(LOG_COLUMNS)} (remove or rename it)",
                    path=path.name,
                    column=str(name),
                )
            )
    for name in REQUIRED:
        if name not in found:
            problems.append(
                DataError(
                    f"missing column '{name}' (required); the columns found are "
                    f"{', '.join(map(str, seen.values())) or 'none'}",
                    path=path.name,
                )
            )
    return found, problems


def _is_text(kind: str) -> bool:
    """Whether a column of this DuckDB type holds text to parse (a DATE or TIMESTAMP column needs no reading)."""
    return not (kind == "DATE" or kind.startswith("TIMESTAMP"))


def check_rows(
    con, path: Path, found: dict, *, extract_date: dt.date | None, allow_future_dates: bool, earliest_month: str
) -> tuple[LogSummary | None, list[DataError]]:
    """Check every row in one scan; a second scan finds example ids only when something failed."""
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

    today = dt.date.today()
    earliest = dt.date(int(earliest_month[:4]), int(earliest_month[5:7]), 1)
    # Each check: (column, SQL condition, message, value to show with the ids or None for ids only).
    checks = [
        ("referral_id", "referral_id IS NULL OR referral_id = ''", "{n} {have} no referral_id", None),
        # Refused, not trimmed: ' A' and 'A' would otherwise be one referral or two depending on the tool.
        (
            "referral_id",
            "referral_id LIKE ' %' OR referral_id LIKE '% '",
            "{n} {have} spaces before or after the referral_id; remove them",
            "referral_id",
        ),
    ]
    received_kind = found["received"][1]
    checks.append(
        (
            "received",
            "received_text IS NULL" if _is_text(received_kind) else "received IS NULL",
            "{n} {have} no received date (required)",
            None,
        )
    )
    for name in _DATES:
        if name not in found:
            continue
        if _is_text(found[name][1]):
            checks.append(
                (
                    name,
                    f"{name} IS NULL AND {name}_text IS NOT NULL",
                    f"{{n}} {{have}} a date of {_EVENT[name]} that cannot be read; write dates as YYYY-MM-DD",
                    shown[name],
                )
            )
        if not allow_future_dates:
            checks.append(
                (
                    name,
                    f"{name} > DATE '{today}'",
                    f"{{n}} {{have}} a date of {_EVENT[name]} after today ({today}); check the year, or pass "
                    "allow_future_dates=True (--allow-future-months on the command line)",
                    shown[name],
                )
            )
        if extract_date is not None:
            # A date after today is reported once, as such.
            later = f"{name} > DATE '{extract_date}'" + ("" if allow_future_dates else f" AND {name} <= DATE '{today}'")
            checks.append(
                (
                    name,
                    later,
                    f"{{n}} {{have}} a date of {_EVENT[name]} after the extract date given ({extract_date})",
                    shown[name],
                )
            )
    checks.append(
        (
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
                (name, f"{name} < received", f"{{n}} {{were}} {name} before {{they}} {{were_}} received", shown[name])
            )
    dates = [name for name in _DATES if name in found]
    aggregates = [f"count(*) FILTER ({condition})" for _, condition, _, _ in checks]
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

    problems = []
    failed = [(check, n) for check, n in zip(checks, failing) if n]
    if failed:
        # One more scan: the first few referral ids (and values) of every failed check at once.
        picks = [
            f"min_by(struct_pack(i := referral_id, v := {value or 'NULL'}), referral_id, {EXAMPLES}) "
            f"FILTER (({condition}) AND referral_id IS NOT NULL)"
            for (_, condition, _, value), _ in failed
        ]
        with read_errors(path):
            examples = con.execute(f"SELECT {', '.join(picks)} FROM checked").fetchone()
        for ((column, _, message, value), n), found_examples in zip(failed, examples):
            one = n == 1
            reason = message.format(
                n="1 referral" if one else f"{n:,} referrals",
                have="has" if one else "have",
                were="was" if one else "were",
                they="it" if one else "they",
                were_="was" if one else "were",
            )
            listing = ", ".join(
                example["i"]
                if value is None
                else f"{example['i']} ({example['v']!r})"
                if example["v"] is not None
                else f"{example['i']} (empty)"
                for example in found_examples or []
            )
            problems.append(
                DataError(
                    f"{reason}: {listing}" if listing else reason,
                    path=path.name,
                    column=found.get(column, (column,))[0],
                )
            )
    if hashes < with_id:
        with read_errors(path):
            duplicated = con.execute(
                "SELECT referral_id, count(*) AS n, count(*) OVER () AS ids FROM checked WHERE referral_id IS NOT NULL "
                f"GROUP BY ALL HAVING count(*) > 1 ORDER BY referral_id LIMIT {EXAMPLES}"
            ).fetchall()
        if duplicated:
            listing = ", ".join(f"{ident} ({n} times)" for ident, n, _ in duplicated)
            ids = duplicated[0][2]
            which = "1 referral_id appears" if ids == 1 else f"{ids:,} referral_ids appear"
            problems.append(
                DataError(
                    f"{which} more than once: {listing}; each referral must have one row",
                    path=path.name,
                    column=id_column,
                )
            )
    if rows == 0:
        problems.append(DataError("the log has no rows", path=path.name))
    if problems:
        return None, problems
    summary = LogSummary(
        rows=int(rows),
        first_received=first,
        last_received=last,
        extract_date=extract_date or latest,
        extract_date_given=extract_date is not None,
        columns=tuple(name for name in LOG_COLUMNS if name in found),
    )
    return summary, []
