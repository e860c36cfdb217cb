"""A user's file read and checked once per run, then handed on by identity.

``inquiry-analysis analyse`` reads and checks each file once, before any notebook runs (every problem
in every file reported together). It then saves what the notebooks need into a private folder of the
run with :func:`save_checked`: the checked table as Parquet or, for a referral log, only its aggregate
tables; and it gives each notebook a record as a parameter: the file's identity (name, size, sha256,
sheet, reader options) and where each checked table is, with that table's own sha256. The notebook
opens the record with :func:`open_input`, which checks those hashes and never reads the user's file
again. Run by hand (in JupyterLab, or under papermill), a notebook's parameter is a path instead, and
:func:`open_input` reads and checks that file with the reader for its kind.

Examples
--------
>>> import tempfile
>>> import pandas as pd
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "mine.csv").write_text("month,referrals\\n2016-01,30\\n2016-02,45\\n", encoding="utf-8")
>>> mine = open_input(folder / "mine.csv", kind="monthly_referrals")
>>> record = save_checked(mine, folder / "checked", kind="monthly_referrals")
>>> again = open_input(record, kind="monthly_referrals")
>>> again["referrals"].tolist(), again.attrs["input"] == mine.attrs["input"]
([30, 45], True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from inquiry_analysis import provenance
from inquiry_analysis.io import readers
from inquiry_analysis.io.referral_log import DEFAULT_CAP_DAYS, LogSummary, ReferralLog, read_referral_log

__all__ = ["KINDS", "Checked", "CheckedLog", "capture", "open_input", "public_record", "save_checked"]

#: Each kind of file, and the reader that checks it when a notebook is given a path.
KINDS = {
    "monthly_referrals": readers.read_monthly_referrals,
    "monthly_arrests": readers.read_monthly_arrests,
    "case_file": readers.read_case_file,
    "referral_log": read_referral_log,
}


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"`kind` must be one of {', '.join(KINDS)}, but {kind!r} was passed")


def _write_table(frame: pd.DataFrame, path: Path) -> dict:
    """``frame`` as Parquet at ``path`` (its attrs left out: they are not data), and its sha256."""
    bare = frame.copy()
    bare.attrs = {}
    bare.to_parquet(path, index=False)
    return {"path": str(path), "sha256": provenance.sha256_file(path)}


def _read_table(entry: dict, role: str) -> pd.DataFrame:
    """A table :func:`_write_table` wrote, refused if its bytes are not the ones the record names."""
    path = Path(entry["path"])
    found = provenance.sha256_file(path) if path.is_file() else None
    if found != entry["sha256"]:
        raise ValueError(
            f"the checked {role} table {path.name} is missing or has changed since it was checked "
            f"(sha256 {found or 'none'}, expected {entry['sha256']}); run inquiry-analysis analyse again"
        )
    return pd.read_parquet(path)


@dataclass(frozen=True, kw_only=True)
class Checked:
    """A checked input held in memory: what :func:`capture` took from a reader's result.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    input : InputFile
        The file's identity (name, size, sha256, sheet, reader options).
    tables : dict of str to pandas.DataFrame
        The checked table (``frame``) or, for a referral log, its aggregate tables.
    summary : dict or None
        For a referral log, its :class:`LogSummary` as a record; else None.
    """

    kind: str
    input: provenance.InputFile
    tables: dict
    summary: dict | None = None

    def save(self, folder: str | Path) -> dict:
        """Write the tables into ``folder`` as Parquet and return the record a notebook is given.

        Parameters
        ----------
        folder : str or Path
            A private folder of the run; made if missing, and removed with the run's build folder.

        Returns
        -------
        dict
            ``kind``, ``input`` (the file's identity, as a sidecar cites it) and ``tables`` (each
            table's ``path`` and ``sha256``; a log's ``summary`` too), all plain text and numbers, so
            that it can be a notebook parameter.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        stem = self.kind.replace("_", "-")
        written = {name: _write_table(table, folder / f"{stem}.{name}.parquet") for name, table in self.tables.items()}
        if self.summary is not None:
            written["summary"] = dict(self.summary)
        return {"kind": self.kind, "input": self.input.record(), "tables": written}


def capture(data, *, kind: str) -> Checked:
    """Take what the notebooks need from a reader's result, so that the file is never read again.

    Parameters
    ----------
    data : pandas.DataFrame or ReferralLog
        What the reader for ``kind`` returned: a frame whose ``attrs["input"]`` names the file, or an
        open referral log (its aggregate tables are computed now; the log may be closed after).
    kind : str
        One of :data:`KINDS`.

    Returns
    -------
    Checked
        The file's identity and its checked table (``frame``) or, for a log, its aggregate tables
        (``monthly``, ``by_source``, ``follow_up_month``, ``follow_up_year`` and, with an
        ``arrested`` column, ``year_counts``) and summary.

    Raises
    ------
    ValueError
        If ``kind`` is unknown, or ``data`` is not what the reader for ``kind`` returns.
    """
    _check_kind(kind)
    if kind == "referral_log":
        if not isinstance(data, ReferralLog):
            raise ValueError(
                f"a referral log must be the ReferralLog read_referral_log returns, got {type(data).__name__}"
            )
        tables = {
            "monthly": data.monthly(),
            "by_source": data.by_source(),
            "follow_up_month": data.follow_up(by="month"),
            "follow_up_year": data.follow_up(by="year"),
        }
        if "arrested" in data.summary.columns:
            tables["year_counts"] = data.year_counts()
        return Checked(kind=kind, input=data.input, tables=tables, summary=data.summary.record())
    if not isinstance(data, pd.DataFrame) or not isinstance(data.attrs.get("input"), provenance.InputFile):
        raise ValueError(f"the data must be the frame the {kind} reader returned, with attrs['input']")
    return Checked(kind=kind, input=data.attrs["input"], tables={"frame": data})


def save_checked(data, folder: str | Path, *, kind: str) -> dict:
    """:func:`capture` then :meth:`Checked.save`: the record a notebook is given for ``data``.

    Parameters
    ----------
    data : pandas.DataFrame or ReferralLog
        What the reader for ``kind`` returned.
    folder : str or Path
        A private folder of the run.
    kind : str
        One of :data:`KINDS`.

    Returns
    -------
    dict
        As :meth:`Checked.save` returns it.
    """
    return capture(data, kind=kind).save(folder)


def public_record(value) -> object:
    """A parameter as a stored notebook shows it: a checked input by its identity, without the run's private paths.

    Parameters
    ----------
    value : object
        A notebook parameter: a record :func:`save_checked` returned, or any other value.

    Returns
    -------
    object
        For a record, its ``kind`` and ``input`` only; any other value as it is.
    """
    if isinstance(value, dict) and "tables" in value and "input" in value:
        return {"kind": value["kind"], "input": value["input"]}
    return value


def _identity(record: dict) -> provenance.InputFile:
    found = record["input"]
    return provenance.InputFile(
        name=found["name"],
        sha256=found["sha256"],
        bytes=found["bytes"],
        sheet=found.get("sheet"),
        options=dict(found.get("options") or {}),
    )


class CheckedLog:
    """A referral log's aggregate tables as :func:`save_checked` kept them, read as :class:`ReferralLog` reads.

    It answers ``monthly``, ``by_source``, ``follow_up`` (at the default cap) and ``year_counts`` with
    the tables the log gave when it was checked, and carries its ``summary`` and ``input``; nothing
    reads the log again.

    Parameters
    ----------
    record : dict
        A referral log's record from :func:`save_checked`.
    """

    def __init__(self, record: dict):
        self.input = _identity(record)
        self.summary = LogSummary.from_record(record["tables"]["summary"])
        self._tables = {name: entry for name, entry in record["tables"].items() if name != "summary"}

    def __enter__(self) -> CheckedLog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to close (the tables are read as asked for); there for code written for a ReferralLog."""

    def __repr__(self) -> str:
        s = self.summary
        return f"<CheckedLog {self.input.name}: {s.rows:,} referrals, extract date {s.extract_date}>"

    def _table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            raise ValueError(f"{self.input.name} has no 'arrested' column, so arrests cannot be counted")
        frame = _read_table(self._tables[name], name)
        frame.attrs = {"sha256": self.input.sha256, "input": self.input}
        return frame

    def monthly(self) -> pd.DataFrame:
        """Referrals received by month, as :meth:`ReferralLog.monthly` gave them.

        Returns
        -------
        pandas.DataFrame
            ``month`` and ``referrals``; ``attrs`` cite the log (``sha256``, ``input``).

        Raises
        ------
        ValueError
            If the checked table is missing or has changed since it was checked.
        """
        return self._table("monthly")

    def by_source(self) -> pd.DataFrame:
        """Referrals by month and source, as :meth:`ReferralLog.by_source` gave them.

        Returns
        -------
        pandas.DataFrame
            ``month``, ``source`` and ``referrals``; ``attrs`` cite the log.

        Raises
        ------
        ValueError
            If the checked table is missing or has changed since it was checked.
        """
        return self._table("by_source")

    def follow_up(self, *, by: str = "month", cap_days: int = DEFAULT_CAP_DAYS) -> pd.DataFrame:
        """The follow-up counts, as :meth:`ReferralLog.follow_up` gave them at the default cap.

        Parameters
        ----------
        by : {'month', 'year'}
            Cohorts by month or calendar year of receipt.
        cap_days : int
            Must be the default: only that table was kept.

        Returns
        -------
        pandas.DataFrame
            ``cohort``, ``days``, ``events``, ``censored`` and ``disseminated``; ``attrs`` cite the log
            and give ``cap_days``.

        Raises
        ------
        ValueError
            If ``by`` is not ``'month'`` or ``'year'``, ``cap_days`` is not the default, or the checked
            table is missing or has changed since it was checked.
        """
        if by not in ("month", "year"):
            raise ValueError(f"`by` must be 'month' or 'year', but {by!r} was passed")
        if cap_days != DEFAULT_CAP_DAYS:
            raise ValueError(
                f"only the follow-up cut at {DEFAULT_CAP_DAYS} days was kept when the log was checked, but "
                f"cap_days={cap_days!r} was passed; read the log itself with read_referral_log for another cut"
            )
        table = self._table(f"follow_up_{by}")
        table.attrs["cap_days"] = DEFAULT_CAP_DAYS
        return table

    def year_counts(self) -> pd.DataFrame:
        """Referrals and arrests by calendar year, as :meth:`ReferralLog.year_counts` gave them.

        Returns
        -------
        pandas.DataFrame
            ``year``, ``referrals``, ``arrests_in_year`` and ``cohort_arrests``; ``attrs`` cite the log.

        Raises
        ------
        ValueError
            If the log has no ``arrested`` column (so no such table was kept), or the checked table is
            missing or has changed since it was checked.
        """
        return self._table("year_counts")


def open_input(value, *, kind: str, **options):
    """A notebook's input: the checked record ``analyse`` passed, or a path to read and check now.

    Parameters
    ----------
    value : dict or str or Path
        A record from :func:`save_checked` (its tables are checked against their sha256 and loaded;
        the user's file is not read again), or the path of a file to read with the reader for ``kind``.
    kind : str
        One of :data:`KINDS`.
    **options
        For a path: the reader's options (``sheet``, ``thousands``, ``extract_date``, ...). Ignored for
        a record, which was read with the options its ``input`` records.

    Returns
    -------
    pandas.DataFrame or ReferralLog or CheckedLog
        For a table, the frame the reader returns, ``attrs["input"]`` naming the file; for a referral
        log, an object answering ``monthly``, ``by_source``, ``follow_up``, ``year_counts``, ``summary``
        and ``input``.

    Raises
    ------
    DataError
        For a path, if the file does not fit (every problem, one line each).
    ValueError
        If ``kind`` is unknown or is not the record's, ``value`` is neither a record nor a path, or
        a checked table is missing or changed since it was checked.
    """
    _check_kind(kind)
    if isinstance(value, dict):
        if value.get("kind") != kind:
            raise ValueError(f"the input given is a {value.get('kind')!r} record, but a {kind!r} was expected")
        if kind == "referral_log":
            return CheckedLog(value)
        frame = _read_table(value["tables"]["frame"], kind)
        frame.attrs["input"] = _identity(value)
        return frame
    if isinstance(value, (str, Path)):
        return KINDS[kind](value, **options)
    raise ValueError(f"the input must be a path or a record from save_checked, but {type(value).__name__} was passed")
