"""The figures a claim is checked against: looked up by id in a data package, or found by a query over it.

A data package's *figure tables* are its resources with a ``figure_id`` and a ``value`` column (the
bundled ``referrals``, ``arrests``, ``statements``, ``kirat``, ...; any package of the same shape
will do). :class:`PackageFigures` loads them once, verified against the package's hashes and
schemas, and gives each figure with the range its own wording stands for
(:func:`~inquiry_analysis.metrics.tolerance.read_published`).

A reading's ``query`` is one DuckDB ``SELECT`` over the package's tables (AggChecker maps a claim
to a query the same way). A claims file may come from anyone, so the query runs in a connection
of its own with no file or network access (``enable_external_access`` off, then the configuration
locked), one thread, a memory cap, a time limit and a row limit; any other statement is refused.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from inquiry_analysis import provenance
from inquiry_analysis.errors import DataError, excerpt
from inquiry_analysis.io import load_table
from inquiry_analysis.metrics.tolerance import read_published

__all__ = ["QUERY_LIMITS", "Figure", "PackageFigures"]

#: Bounds on a claims file's query: seconds, rows returned, memory DuckDB may use.
QUERY_LIMITS = {"seconds": 10.0, "rows": 1000, "memory": "512MB"}


@dataclass(frozen=True, kw_only=True)
class Figure:
    """One published figure, and the range its wording stands for.

    Attributes
    ----------
    figure_id : str
        Its id in its table ("" for a query row that gives none).
    table : str
        The data package resource it comes from ("query" for a query row).
    value : float
        The figure as published.
    unit : str
        Its unit (``count``, ``per_month``, ``percent``, ...).
    qualifier : str
        Its published hedge ("more than", "nearly"), "" for none.
    status : str
        How it is known (``table``, ``quote``, ``secondary``, ``press``).
    source_id : str
        The document it comes from.
    measure, scope : str
        What it counts, and whose count it is ("" when not given).
    period_start, period_end : datetime.date or None
        The period it covers.
    low, high : float
        The least and most its wording allows (:func:`read_published`): both ``value`` for a
        figure printed exactly.
    low_open, high_open : bool
        Whether ``low`` / ``high`` themselves are excluded ("over 500 a month").
    """

    figure_id: str
    table: str
    value: float
    unit: str
    qualifier: str
    status: str
    source_id: str
    measure: str
    scope: str
    period_start: dt.date | None
    period_end: dt.date | None
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    @property
    def said(self) -> str:
        """The figure as worded: ``more than 20,000``, ``82,109``, ``97.6%``."""
        number = f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,.10g}"
        suffix = {"percent": "%", "per_month": " a month"}.get(self.unit, "")
        return f"{self.qualifier} {number}{suffix}".strip()


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _date(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _figure(figure_id: str, table: str, row: dict) -> Figure:
    value = float(row["value"])
    qualifier, unit, status = _text(row.get("qualifier")), _text(row.get("unit")) or "count", _text(row.get("status"))
    if qualifier in ("range_low", "range_high"):  # one end of a stated range: that end, as said
        reading = None
    else:
        reading = read_published(value, qualifier=qualifier, unit=unit, status=status)
    return Figure(
        figure_id=figure_id,
        table=table,
        value=value,
        unit=unit,
        qualifier=qualifier,
        status=status,
        source_id=_text(row.get("source_id")),
        measure=_text(row.get("measure")),
        scope=_text(row.get("scope")),
        period_start=_date(row.get("period_start")),
        period_end=_date(row.get("period_end")),
        low=value if reading is None else reading.low,
        high=value if reading is None else reading.high,
        low_open=False if reading is None else bool(getattr(reading, "low_open", False)),
        high_open=False if reading is None else bool(getattr(reading, "high_open", False)),
    )


class PackageFigures:
    """The figure tables of one data package, loaded once and verified, to look figures up and query.

    Parameters
    ----------
    data_dir : str or Path, optional
        A folder holding a ``datapackage.json`` (default: the bundled data package).

    Examples
    --------
    >>> figures = PackageFigures()
    >>> figures.get("ref-2017-homeoffice").value
    82109.0
    """

    def __init__(self, data_dir: str | Path | None = None):
        self.package = provenance.DataPackage.open(data_dir)
        self.tables: dict[str, pd.DataFrame] = {}
        self._where: dict[str, str] = {}
        for resource in self.package.resources:
            names = {f.get("name") for f in resource.get("schema", {}).get("fields", [])}
            if resource.get("name") == "claims" or not {"figure_id", "value"} <= names:
                continue
            name = str(resource["name"])
            frame = load_table(name, data_dir=self.package.folder)
            self.tables[name] = frame
            for figure_id in frame.index:
                if str(figure_id) in self._where:  # one id, one figure: a claim could not say which it means
                    raise DataError(
                        f"has the figure id '{figure_id}' in both {self._where[str(figure_id)]} and {name}; "
                        "a figure id must name one figure",
                        path=self.package.folder / provenance.DATAPACKAGE,
                    )
                self._where[str(figure_id)] = name

    def __contains__(self, figure_id: str) -> bool:
        return figure_id in self._where

    def get(self, figure_id: str) -> Figure:
        """The figure ``figure_id``, from whichever figure table holds it.

        Parameters
        ----------
        figure_id : str
            A figure id of one of the package's figure tables.

        Returns
        -------
        Figure

        Raises
        ------
        KeyError
            If no figure table of the package has it.
        """
        if figure_id not in self._where:
            raise KeyError(figure_id)
        table = self._where[figure_id]
        row = self.tables[table].loc[figure_id]
        return _figure(figure_id, table, row.to_dict())

    def rows(self, figure_ids) -> pd.DataFrame:
        """The rows of one figure table for ``figure_ids``, as ``load_table`` gives them.

        Parameters
        ----------
        figure_ids : sequence of str
            Figure ids, all of one table.

        Returns
        -------
        pandas.DataFrame
            Their rows, in the order given.
        """
        tables = {self._where[f] for f in figure_ids}
        if len(tables) != 1:
            raise ValueError(f"the figures {', '.join(figure_ids)} are not all in one table")
        return self.tables[tables.pop()].loc[list(figure_ids)]

    def query(self, sql: str, *, path=None, row: int | None = None) -> list[Figure]:
        """The figures one ``SELECT`` over the package's tables finds, in bounded time, memory and rows.

        Parameters
        ----------
        sql : str
            One DuckDB ``SELECT``; the tables are named by resource, with the id as a column. Its
            rows must have a ``value`` column (a number); ``figure_id``, ``source_id``,
            ``qualifier``, ``unit``, ``status``, ``measure``, ``scope``, ``period_start`` and
            ``period_end`` are used where present.
        path, row : optional
            The claims file and row the query comes from, named in errors (column ``query``).

        Returns
        -------
        list of Figure
            One per row, in the order returned.

        Raises
        ------
        DataError
            If it is not a single SELECT, fails, runs past :data:`QUERY_LIMITS`, or returns no number
            in ``value``.
        """
        import duckdb

        con = duckdb.connect(
            ":memory:",
            config={"enable_external_access": False, "threads": 1, "memory_limit": QUERY_LIMITS["memory"]},
        )
        try:
            for name, frame in self.tables.items():
                con.register(name, frame.reset_index())
            con.execute("SET lock_configuration = true")
            try:
                statements = con.extract_statements(sql)
            except duckdb.Error as err:
                raise DataError(
                    f"cannot be read as SQL ({_one_line(err)})", path=path, row=row, column="query"
                ) from None
            if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
                raise DataError("must be one SELECT statement, and nothing else", path=path, row=row, column="query")
            timer = threading.Timer(QUERY_LIMITS["seconds"], con.interrupt)
            timer.start()
            try:
                result = con.execute(sql)
                columns = [d[0] for d in result.description]
                records = result.fetchmany(QUERY_LIMITS["rows"] + 1)
            except duckdb.InterruptException:
                raise DataError(
                    f"stopped after {QUERY_LIMITS['seconds']:g} s; narrow the query", path=path, row=row, column="query"
                ) from None
            except duckdb.Error as err:
                raise DataError(f"failed ({_one_line(err)})", path=path, row=row, column="query") from None
            finally:
                timer.cancel()
        finally:
            con.close()
        if len(records) > QUERY_LIMITS["rows"]:
            raise DataError(
                f"returned more than {QUERY_LIMITS['rows']} rows; a claim needs a few figures",
                path=path,
                row=row,
                column="query",
            )
        if "value" not in columns and records:
            raise DataError(
                f"returns no column named value (it returns {excerpt(', '.join(columns))})",
                path=path,
                row=row,
                column="query",
            )
        found = []
        for number, record in enumerate(records, start=1):
            found_row = dict(zip(columns, record, strict=True))  # not `row`: that is the claims file's row
            value = found_row.get("value")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(float(value)):
                raise DataError(
                    f"row {number} of its result has value {excerpt(repr(value))}, not a number",
                    path=path,
                    row=row,
                    column="query",
                )
            found.append(_figure(_text(found_row.get("figure_id")), "query", found_row))
        return found


def _one_line(err: Exception) -> str:
    return excerpt(str(err).splitlines()[0] if str(err) else type(err).__name__, 120)
