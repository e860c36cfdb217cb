"""Load the bundled published figures, and read a user's own monthly series.

``load_*`` functions return the bundled tables of ``data/`` after checking each file's sha256
against ``data/datapackage.json`` and every cell against the package's table schema.
``read_monthly_*`` functions read an analyst's own CSV or XLSX file. Either way, bad input raises
:class:`DataError` naming the file, the row (header = 1), the column and what was expected.
Nothing here writes to ``data/``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import provenance
from ._validation import (
    DataError,
    RawTable,
    check_periods,
    parse_columns,
    read_raw_csv,
    read_raw_xlsx,
    rebase_header,
)

__all__ = [
    "DataError",
    "load_arrests",
    "load_base_rates",
    "load_claims",
    "load_iwf",
    "load_kirat",
    "load_ncmec",
    "load_referrals",
    "load_sources",
    "load_statements",
    "load_table",
    "read_case_file",
    "read_monthly_arrests",
    "read_monthly_referrals",
    "source",
    "source_line",
]

_ID_COLUMN = {"sources": "source_id", "claims": "claim_id"}
_LEADING = ["value", "unit", "period", "measure", "qualifier", "status"]


def _resource(package: dict, name: str, folder: Path) -> dict:
    for resource in package.get("resources", []):
        if resource.get("name") == name:
            return resource
    names = [r.get("name") for r in package.get("resources", [])]
    raise DataError(f"has no resource named '{name}'; it has {', '.join(map(str, names))}",
                    path=folder / provenance.DATAPACKAGE)


def _verified_table(name: str, folder: Path, package: dict) -> tuple[RawTable, dict, str]:
    resource = _resource(package, name, folder)
    path = folder / resource["path"]
    if not path.is_file():
        raise DataError(f"is missing; {provenance.DATAPACKAGE} lists it as resource '{name}'", path=path)
    data = path.read_bytes()  # hash and parse the same bytes
    expected = provenance.expected_sha256(resource)
    actual = provenance.sha256_bytes(data)
    if expected != actual:
        raise DataError(
            f"does not match {provenance.DATAPACKAGE}: expected sha256 {expected}, got {actual}. "
            "The bundled figures have been changed; restore the file (e.g. git checkout) or, if the change "
            "is deliberate and sourced, record the new hash with tools/update_data_hashes.py",
            path=path)
    return read_raw_csv(path, data), resource, actual


def _period_label(kind: str, start, end) -> str | None:
    if kind == "calendar_year":
        return f"{start.year}"
    if kind == "financial_year":
        return f"{start.year}-{(start.year + 1) % 100:02d}"
    if kind == "month" or (kind == "statement_date" and start != end):
        return f"{start:%Y-%m}"
    if kind == "statement_date":
        return start.isoformat()
    if kind == "span":
        return f"{start.isoformat()} to {end.isoformat()}"
    return None


def _frame(columns: dict[str, list], fields: list[dict]) -> pd.DataFrame:
    series = {}
    for field in fields:
        name, values = field["name"], columns[field["name"]]
        enum = field.get("constraints", {}).get("enum")
        if field["type"] == "integer":
            series[name] = pd.array(values, dtype="Int64")
        elif field["type"] == "number":
            series[name] = pd.array(values, dtype="Float64")
        elif field["type"] == "date":
            series[name] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif enum is not None:
            series[name] = pd.Categorical(values, categories=enum)
        else:
            series[name] = pd.array(values, dtype="string")
    return pd.DataFrame(series)


def load_table(name: str, *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """One bundled table by its data-package name, verified and typed.

    Parameters
    ----------
    name : str
        Resource name in ``datapackage.json``: ``sources``, ``referrals``, ``arrests``,
        ``statements``, ``ncmec``, ``iwf``, ``kirat``, ``base_rates`` or ``claims``.
    data_dir : path, optional
        A folder holding a data package of the same shape; default the bundled ``data/``.

    Returns
    -------
    pandas.DataFrame
        Indexed by the table's id column. Counts are nullable ``Int64`` (``Float64`` where a
        table mixes percentages), dates ``datetime64``, coded columns categorical. Figure tables
        gain a ``period`` label (``2017``, ``2016-17`` for a financial year, ``2016-06``, ...).
        ``attrs`` holds the file path and its sha256.

    Raises
    ------
    DataError
        If the file's sha256 differs from the data package, or a cell breaks the schema.

    Examples
    --------
    >>> ncmec = load_table("ncmec")
    >>> int(ncmec.loc["ncmec-2017-world", "value"])
    10214753
    """
    folder = Path(data_dir) if data_dir is not None else provenance.bundled_data_dir()
    package = provenance.read_datapackage(folder)
    table, resource, digest = _verified_table(name, folder, package)
    fields = resource["schema"]["fields"]
    columns = parse_columns(table, fields)
    if "period_kind" in columns:
        check_periods(table, columns)
    for key in resource["schema"].get("foreignKeys", []):
        target = key["reference"]
        other, _, _ = _verified_table(target["resource"], folder, package)
        known = set(parse_columns(other, _resource(package, target["resource"], folder)["schema"]["fields"])
                    [target["fields"][0]])
        column = key["fields"][0]
        for (number, _), value in zip(table.rows, columns[column]):
            if value not in known:
                raise DataError(f"unknown {column} '{value}'; it must be a {target['fields'][0]} in "
                                f"{target['resource']}.csv", path=table.path, row=number, column=column)
    frame = _frame(columns, fields)
    if "period_kind" in columns:
        labels = [_period_label(k, s, e) for k, s, e in
                  zip(columns["period_kind"], columns["period_start"], columns["period_end"])]
        frame.insert(1, "period", pd.array(labels, dtype="string"))
    frame = frame.set_index(_ID_COLUMN.get(name, "figure_id"))
    if "value" in frame.columns:
        # A narrow print shows the first and last columns: the figure, then its source.
        first = [c for c in _LEADING if c in frame.columns]
        frame = frame[first + [c for c in frame.columns if c not in first and c != "source_id"] + ["source_id"]]
    frame.attrs = {"resource": name, "path": str(table.path), "sha256": digest}
    return frame


def load_sources(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The cited documents (``data/sources.csv``), indexed by ``source_id``."""
    return load_table("sources", data_dir=data_dir)


def load_referrals(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Referrals and reports received by the CEOP Centre and the NCA, with the changes stated.

    >>> referrals = load_referrals()
    >>> int(referrals.loc["ref-2017-homeoffice", "value"])
    82109
    """
    return load_table("referrals", data_dir=data_dir)


def load_arrests(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Annual arrests and children safeguarded (CEOP Centre; NCA 2016-17), by financial year."""
    return load_table("arrests", data_dir=data_dir)


def load_statements(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Dated statements on UK-wide arrests; each has its own scope, and they are not a series."""
    return load_table("statements", data_dir=data_dir)


def load_ncmec(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """NCMEC CyberTipline reports: all countries 1998-2023, United Kingdom indicator 2019-2023."""
    return load_table("ncmec", data_dir=data_dir)


def load_iwf(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Internet Watch Foundation reports processed and confirmed child sexual abuse URLs."""
    return load_table("iwf", data_dir=data_dir)


def load_kirat(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Published KIRAT development and validation figures.

    >>> kirat = load_kirat()
    >>> int(kirat.loc["kirat-sample", "value"])
    374
    """
    return load_table("kirat", data_dir=data_dir)


def load_base_rates(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Published base rates of contact offending among online offenders."""
    return load_table("base_rates", data_dir=data_dir)


def load_claims(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The five figures given at the hearing, indexed by ``claim_id``."""
    return load_table("claims", data_dir=data_dir)


def source(source_id: str, *, data_dir: str | Path | None = None) -> provenance.Source:
    """The cited document ``source_id`` as a :class:`~inquiry_analysis.provenance.Source`.

    >>> source("ho-pq-214554").producer
    'Home Office, UK Parliament written answer'
    """
    sources = load_sources(data_dir=data_dir)
    if source_id not in sources.index:
        raise KeyError(f"no source '{source_id}' in sources.csv")
    row = sources.loc[source_id]
    text = {k: ("" if pd.isna(v) else str(v)) for k, v in row.items()}
    return provenance.Source(source_id=source_id, **text)


def source_line(*source_ids: str, data_dir: str | Path | None = None) -> str:
    """An exhibit's source line: ``Source: <title> from <producer>``, documents grouped by producer.

    >>> source_line("ho-pq-214554")
    'Source: Offences against Children: Internet (written question 214554) from Home Office, UK Parliament written answer'
    >>> source_line("iwf-ar-2020", "iwf-ar-2021")
    'Source: IWF Annual Report 2020 and IWF Annual Report 2021 from Internet Watch Foundation'
    """
    by_producer: dict[str, list[str]] = {}
    for record in (source(i, data_dir=data_dir) for i in dict.fromkeys(source_ids)):
        by_producer.setdefault(record.producer, []).append(record.title)
    parts = []
    for producer, titles in by_producer.items():
        listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
        parts.append(f"{listed} from {producer}")
    return "Source: " + "; ".join(parts)


def _monthly_fields(count: str) -> list[dict]:
    return [{"name": "month", "type": "month", "constraints": {"required": True, "unique": True}},
            {"name": count, "type": "integer", "constraints": {"required": True, "minimum": 0}}]


def _read_user_table(path, *, sheet, header_row) -> RawTable:
    path = Path(path)
    if not path.exists():
        raise DataError("no such file; check the path and the name", path=path)
    if path.is_dir():
        raise DataError("is a folder, not a file; give the path of the CSV or XLSX file inside it", path=path)
    if header_row is not None and (isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1):
        raise ValueError(f"`header_row` must be a row number (1 or more), but {header_row!r} was passed")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = read_raw_csv(path)
    elif suffix == ".xlsx":
        table = read_raw_xlsx(path, sheet=0 if sheet is None else sheet)
    else:
        raise DataError(f"expected a .csv or .xlsx file, got '{path.suffix or 'no extension'}'", path=path)
    return rebase_header(table, header_row) if header_row is not None else table


def _read_monthly(path, count: str, *, sheet, header_row, thousands, strip_footnotes) -> pd.DataFrame:
    path = Path(path)
    table = _read_user_table(path, sheet=sheet, header_row=header_row)
    if thousands not in (None, ","):
        raise ValueError(f"`thousands` must be None or ',', but {thousands!r} was passed")
    columns = parse_columns(table, _monthly_fields(count), allow_extra=True,
                            thousands=thousands, strip_footnotes=strip_footnotes)
    rows = [number for number, _ in table.rows]
    months = [pd.Period(year=y, month=m, freq="M") for y, m in columns["month"]]
    order = sorted(range(len(months)), key=months.__getitem__)
    month_column = next(h for h in table.header if str(h).strip().lower() == "month")
    for before, after in zip(order, order[1:]):
        step = (months[after] - months[before]).n
        if step > 1:
            gap = f"{months[before] + 1}" if step == 2 else f"{months[before] + 1} to {months[after] - 1}"
            raise DataError(f"the series has a gap: {gap} missing between {months[before]} (row {rows[before]}) "
                            f"and {months[after]} (row {rows[after]}); a monthly series must have every month",
                            path=path, row=rows[after], column=month_column)
    frame = pd.DataFrame({"month": pd.PeriodIndex(months, freq="M"),
                          count: pd.array(columns[count], dtype="Int64")})
    for name, values in columns.items():
        if name not in ("month", count):
            frame[name] = pd.array(values, dtype="string")
    frame = frame.iloc[order].reset_index(drop=True)
    frame.attrs = {"path": str(path), "sha256": provenance.sha256_file(path)}
    return frame


def read_monthly_referrals(path: str | Path, *, sheet: str | int | None = None, header_row: int | None = None,
                           thousands: str | None = None, strip_footnotes: bool = False) -> pd.DataFrame:
    """Read a monthly referral series from a user's CSV or XLSX file.

    The file needs a header with the columns ``month`` (``YYYY-MM``, ``Jun 2016`` or a date on the
    first of the month) and ``referrals`` (a whole number, not negative); other columns are kept
    as text. Every month from the first to the last must appear exactly once.

    Parameters
    ----------
    path : path
        A ``.csv`` (UTF-8) or ``.xlsx`` file.
    sheet : str or int, optional
        For XLSX, the sheet name or its position (default the first sheet).
    header_row : int, optional
        Row of the header, as numbered in the file (default the first non-blank row).
    thousands : {None, ','}
        Pass ``','`` to accept counts written as ``3,500``; by default they are refused.
    strip_footnotes : bool
        Drop footnote markers such as ``[a]``, ``*``, ``(r)`` after a count; by default they are refused.

    Returns
    -------
    pandas.DataFrame
        ``month`` (monthly ``Period``) and ``referrals`` (``Int64``), sorted by month;
        ``attrs`` holds the path and the file's sha256.

    Raises
    ------
    DataError
        Naming the file, row and column, for any cell or column that does not fit.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.csv"
    >>> _ = path.write_text("month,referrals\\n2016-06,3400\\n2016-07,3520\\n")
    >>> read_monthly_referrals(path)["referrals"].sum()
    np.int64(6920)
    """
    return _read_monthly(path, "referrals", sheet=sheet, header_row=header_row, thousands=thousands,
                         strip_footnotes=strip_footnotes)


def read_monthly_arrests(path: str | Path, *, sheet: str | int | None = None, header_row: int | None = None,
                         thousands: str | None = None, strip_footnotes: bool = False) -> pd.DataFrame:
    """Read a monthly arrest series from a user's CSV or XLSX file.

    As :func:`read_monthly_referrals`, with the count column ``arrests``.
    """
    return _read_monthly(path, "arrests", sheet=sheet, header_row=header_row, thousands=thousands,
                         strip_footnotes=strip_footnotes)


#: KIRAT's risk levels, lowest first.
KIRAT_LEVELS = ("Low", "Medium", "High", "Very High")


def read_case_file(path: str | Path, *, levels: tuple[str, ...] = KIRAT_LEVELS, sheet: str | int | None = None,
                   header_row: int | None = None) -> pd.DataFrame:
    """Read a force's case file: one row per assessed suspect, with the rating and the outcome.

    Columns: ``risk_level`` (one of ``levels``, in any case) and ``outcome`` (yes/no, true/false or
    1/0: whether the suspect is in the higher-risk group, e.g. has convictions or allegations of
    contact offending). Other columns are kept as text. The result feeds
    :func:`inquiry_analysis.metrics.accuracy.evaluate_case_file`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "cases.csv"
    >>> _ = path.write_text("risk_level,outcome\\nHigh,yes\\nlow,no\\nVery High,1\\n")
    >>> read_case_file(path)["risk_level"].tolist()
    ['High', 'Low', 'Very High']
    """
    if (isinstance(levels, str) or len(levels) < 2 or len(set(levels)) != len(levels)
            or not all(isinstance(level, str) and level.strip() for level in levels)):
        raise ValueError(f"`levels` must be two or more different labels, lowest first, but {levels!r} was passed")
    path = Path(path)
    table = _read_user_table(path, sheet=sheet, header_row=header_row)
    fields = [{"name": "risk_level", "type": "level", "constraints": {"required": True, "enum": list(levels)}},
              {"name": "outcome", "type": "boolean", "constraints": {"required": True}}]
    columns = parse_columns(table, fields, allow_extra=True)
    frame = pd.DataFrame({"risk_level": pd.Categorical(columns["risk_level"], categories=list(levels), ordered=True),
                          "outcome": pd.array(columns["outcome"], dtype="boolean")})
    for name, values in columns.items():
        if name not in ("risk_level", "outcome"):
            frame[name] = pd.array(values, dtype="string")
    frame.attrs = {"path": str(path), "sha256": provenance.sha256_file(path)}
    return frame
