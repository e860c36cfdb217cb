"""Load the bundled published figures, verified against the data package.

``load_*`` functions return the bundled tables of ``data/`` after checking each file's sha256
against ``data/datapackage.json`` and every cell against the package's table schema. Bad input
raises :class:`DataError` naming the file, the row (header = 1), the column and what was expected,
for every problem in the table at once. Nothing here writes to ``data/``.

A user's own files are read by :mod:`inquiry_analysis.io.readers`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from inquiry_analysis import provenance
from inquiry_analysis.errors import DataError
from inquiry_analysis.io import _limits
from inquiry_analysis.io._validation import RawTable, check_periods, open_table_file, parse_columns, read_raw_csv

__all__ = [
    "DataError",
    "cited",
    "for_reading",
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
    "references",
    "source",
    "source_line",
]

_ID_COLUMN = {"sources": "source_id", "claims": "claim_id"}
_LEADING = ["value", "unit", "period", "measure", "qualifier", "status"]


def _resource(package: provenance.DataPackage, name: str) -> dict:
    try:
        return package.resource(name)
    except KeyError:
        raise DataError(
            f"has no resource named '{name}'; it has {', '.join(str(r.get('name')) for r in package.resources)}",
            path=package.folder / provenance.DATAPACKAGE,
        ) from None


def _verified_table(name: str, package: provenance.DataPackage) -> tuple[RawTable, dict, str]:
    resource = _resource(package, name)
    path = package.folder / resource["path"]
    if not path.is_file():
        raise DataError(f"is missing; {provenance.DATAPACKAGE} lists it as resource '{name}'", path=path)
    with open_table_file(path, _limits.DEFAULT) as opened:  # a regular file, within bounds
        data = opened.read()  # hash and parse the same bytes
    expected = provenance.expected_sha256(resource)
    actual = provenance.sha256_bytes(data)
    if expected != actual:
        raise DataError(
            f"does not match {provenance.DATAPACKAGE}: expected sha256 {expected}, got {actual}. "
            "The bundled figures have been changed; restore the file (e.g. git checkout) or, if the change "
            "is deliberate and sourced, record the new hash with tools/update_data_hashes.py",
            path=path,
        )
    return read_raw_csv(path, data), resource, actual


def _period_label(kind: str, start, end) -> str | None:
    if kind == "calendar_year":
        return f"{start.year}"
    if kind == "financial_year":
        return f"{start.year}-{(start.year + 1) % 100:02d}"
    if kind == "year_unstated":
        return f"{start.year} (calendar or financial)"
    if kind == "month" or (kind == "statement_date" and start != end):
        return f"{start:%Y-%m}"
    if kind == "statement_date":
        return start.isoformat()
    if kind == "span":
        return f"{start.isoformat()} to {end.isoformat()}"
    return None


def frame_from_columns(columns: dict[str, list], fields: list[dict]) -> pd.DataFrame:
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


def _check_via(table: RawTable, columns: dict[str, list], package: provenance.DataPackage) -> None:
    """A secondary figure names the third party it was seen through, in sources.csv; no other figure names one."""
    sources, _, _ = _verified_table("sources", package)
    known = set(parse_columns(sources, _resource(package, "sources")["schema"]["fields"])["source_id"])
    found = []
    for (number, _), status, via in zip(table.rows, columns["status"], columns["via"]):
        if status == "secondary" and not via:
            found.append(
                DataError(
                    "is empty, but a secondary figure must name the third party it was seen through "
                    "(a source_id in sources.csv)",
                    path=table.path,
                    row=number,
                    column="via",
                )
            )
        elif via and status != "secondary":
            found.append(
                DataError(
                    f"names '{via}', but only a secondary figure is seen through a third party; this one is {status}",
                    path=table.path,
                    row=number,
                    column="via",
                )
            )
        for source_id in via.split("; ") if via else []:
            if source_id not in known:
                found.append(
                    DataError(
                        f"unknown source_id '{source_id}'; each must be a source_id in sources.csv",
                        path=table.path,
                        row=number,
                        column="via",
                    )
                )
    if found:
        raise DataError.from_problems(found)


def load_table(name: str, *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """One bundled table by its data-package name, verified and typed.

    Parameters
    ----------
    name : str
        Resource name in ``datapackage.json``: ``sources``, ``referrals``, ``arrests``,
        ``statements``, ``ncmec``, ``iwf``, ``kirat``, ``base_rates`` or ``claims``.
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape. Default: the bundled ``data/``, unless
        ``$INQUIRY_ANALYSIS_DATA`` names another (as ``inquiry-analysis reproduce --data-dir`` does
        for the notebooks it runs).

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
    package = provenance.DataPackage.open(data_dir)
    table, resource, digest = _verified_table(name, package)
    fields = resource["schema"]["fields"]
    columns = parse_columns(table, fields)
    if "period_kind" in columns:
        check_periods(table, columns)
    for key in resource["schema"].get("foreignKeys", []):
        target = key["reference"]
        other, _, _ = _verified_table(target["resource"], package)
        known = set(
            parse_columns(other, _resource(package, target["resource"])["schema"]["fields"])[target["fields"][0]]
        )
        column = key["fields"][0]
        for (number, _), value in zip(table.rows, columns[column]):
            if value not in known:
                raise DataError(
                    f"unknown {column} '{value}'; it must be a {target['fields'][0]} in {target['resource']}.csv",
                    path=table.path,
                    row=number,
                    column=column,
                )
    if "via" in columns:
        _check_via(table, columns, package)
    frame = frame_from_columns(columns, fields)
    if "period_kind" in columns:
        labels = [
            _period_label(k, s, e)
            for k, s, e in zip(columns["period_kind"], columns["period_start"], columns["period_end"])
        ]
        frame.insert(1, "period", pd.array(labels, dtype="string"))
    key = resource["schema"].get("primaryKey")
    frame = frame.set_index(key if isinstance(key, list) and len(key) > 1 else _ID_COLUMN.get(name, "figure_id"))
    if "value" in frame.columns and "source_id" in frame.columns:
        # A narrow print shows the first and last columns: the figure, then its source.
        first = [c for c in _LEADING if c in frame.columns]
        frame = frame[first + [c for c in frame.columns if c not in first and c != "source_id"] + ["source_id"]]
    frame.attrs = {"resource": name, "path": str(table.path), "sha256": digest}
    return frame


def for_reading(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for people to read: whole numbers in number columns shown without ``.0``.

    A table that mixes counts and percentages holds them in one floating-point column, which
    pandas prints as ``374.0`` beside ``97.6``. Here each such column shows whole values as whole
    numbers and others as they are; the values themselves are unchanged. For display only.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any frame, such as one :func:`load_table` returns.

    Returns
    -------
    pandas.DataFrame
        A copy, each floating-point column as objects: whole values as ``int``, others as they are.

    Examples
    --------
    >>> for_reading(pd.DataFrame({"value": pd.array([374.0, 97.6], dtype="Float64")}))["value"].tolist()
    [374, 97.6]
    """
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            values = out[column].astype(object)
            shown = [v if pd.isna(v) or not float(v).is_integer() else int(v) for v in values]
            out[column] = pd.Series(shown, index=out.index, dtype=object)
    return out


def load_sources(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The cited documents (``data/sources.csv``), indexed by ``source_id``.

    Parameters
    ----------
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``), as
        for :func:`load_table`.

    Returns
    -------
    pandas.DataFrame
        One row per document (``title``, ``producer``, ``date_published``, ``url``, ``doi``, ``kind``,
        ``note``), as :func:`load_table` types them.

    Raises
    ------
    DataError
        If the file's sha256 differs from the data package, or a cell breaks the schema.
    """
    return load_table("sources", data_dir=data_dir)


def load_referrals(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Referrals and reports received by the CEOP Centre and the NCA, with the changes stated.

    Parameters
    ----------
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``), as
        for :func:`load_table`.

    Returns
    -------
    pandas.DataFrame
        One row per published figure, indexed by ``figure_id``, as :func:`load_table` types them.

    Raises
    ------
    DataError
        If the file's sha256 differs from the data package, or a cell breaks the schema.

    Examples
    --------
    >>> referrals = load_referrals()
    >>> int(referrals.loc["ref-2017-homeoffice", "value"])
    82109
    """
    return load_table("referrals", data_dir=data_dir)


def load_arrests(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Annual arrests and children safeguarded (CEOP Centre; NCA 2016-17), by financial year.

    Parameters
    ----------
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``), as
        for :func:`load_table`.

    Returns
    -------
    pandas.DataFrame
        One row per published figure, indexed by ``figure_id``, as :func:`load_table` types them.

    Raises
    ------
    DataError
        If the file's sha256 differs from the data package, or a cell breaks the schema.
    """
    return load_table("arrests", data_dir=data_dir)


def load_statements(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Dated statements on UK-wide arrests; each has its own scope, and they are not a series.

    Parameters
    ----------
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``), as
        for :func:`load_table`.

    Returns
    -------
    pandas.DataFrame
        One row per statement, indexed by ``figure_id``, as :func:`load_table` types them.

    Raises
    ------
    DataError
        If the file's sha256 differs from the data package, or a cell breaks the schema.
    """
    return load_table("statements", data_dir=data_dir)


def load_ncmec(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """NCMEC CyberTipline reports: all countries 1998-2023, United Kingdom indicator 2019-2023.

    Parameters
    ----------
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``), as
        for :func:`load_table`.

    Returns
    -------
    pandas.DataFrame
        One row per published figure, indexed by ``figure_id``, as :func:`load_table` types them.

    Raises
    ------
    DataError
        If the file's sha256 differs from the data package, or a cell breaks the schema.
    """
    return load_table("ncmec", data_dir=data_dir)


def load_iwf(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Internet Watch Foundation reports processed and confirmed child sexual abuse URLs.

    Parameters
    ----------
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``), as
        for :func:`load_table`.

    Returns
    -------
    pandas.DataFrame
        One row per published figure, indexed by ``figure_id``, as :func:`load_table` types them.

    Raises
    ------
    DataError
        If the file's sha256 differs from the data package, or a cell breaks the schema.
    """
    return load_table("iwf", data_dir=data_dir)


def load_kirat(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Published KIRAT development and validation figures.

    Parameters
    ----------
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``), as
        for :func:`load_table`.

    Returns
    -------
    pandas.DataFrame
        One row per published figure, indexed by ``figure_id``, as :func:`load_table` types them.

    Raises
    ------
    DataError
        If the file's sha256 differs from the data package, or a cell breaks the schema.

    Examples
    --------
    >>> kirat = load_kirat()
    >>> int(kirat.loc["kirat-sample", "value"])
    374
    """
    return load_table("kirat", data_dir=data_dir)


def load_base_rates(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Published base rates of contact offending among online offenders.

    Parameters
    ----------
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``), as
        for :func:`load_table`.

    Returns
    -------
    pandas.DataFrame
        One row per published figure, indexed by ``figure_id``, as :func:`load_table` types them.

    Raises
    ------
    DataError
        If the file's sha256 differs from the data package, or a cell breaks the schema.
    """
    return load_table("base_rates", data_dir=data_dir)


def load_claims(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The claims checked, one row per claim (its principal reading), indexed by ``claim_id``.

    ``claims.csv`` has a row per reading of a claim; this gives the first row of each claim, the
    principal reading, so that ``.loc[claim_id]`` is one row. ``load_table("claims")`` gives them all,
    indexed by ``claim_id`` and ``reading``.

    Parameters
    ----------
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``), as
        for :func:`load_table`.

    Returns
    -------
    pandas.DataFrame
        One row per claim: what was said (``claim``), by whom and when, where (``source_id``,
        ``locator``), its measure kind, the figure it states with its period, unit and wording
        (``qualifier``, ``precision``), and its principal reading with the ``expected_verdict``.

    Raises
    ------
    DataError
        If the file's sha256 differs from the data package, or a cell breaks the schema.
    """
    table = load_table("claims", data_dir=data_dir).reset_index(level="reading")
    principal = table[~table.index.duplicated(keep="first")]
    principal.attrs = dict(table.attrs)
    return principal


def source(source_id: str, *, data_dir: str | Path | None = None) -> provenance.Source:
    """The cited document ``source_id`` as a :class:`~inquiry_analysis.provenance.Source`.

    Parameters
    ----------
    source_id : str
        A ``source_id`` in ``sources.csv``.
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``).

    Returns
    -------
    Source
        The document's record, every field as text (empty where ``sources.csv`` has none).

    Raises
    ------
    KeyError
        If ``sources.csv`` has no such document.

    Examples
    --------
    >>> source("ho-pq-214554").producer
    'Home Office, UK Parliament written answer'
    """
    return _source(load_sources(data_dir=data_dir), source_id)


def _source(sources: pd.DataFrame, source_id: str) -> provenance.Source:
    if source_id not in sources.index:
        raise KeyError(f"no source '{source_id}' in sources.csv")
    row = sources.loc[source_id]
    text = {k: ("" if pd.isna(v) else str(v)) for k, v in row.items()}
    return provenance.Source(source_id=source_id, **text)


def cited(figures: pd.DataFrame) -> tuple[str, ...]:
    """The documents rows of a figure table cite: each row's ``source_id``, then the third parties in ``via``.

    Parameters
    ----------
    figures : pandas.DataFrame
        Rows of a figure table (:func:`load_table`), with ``source_id`` and perhaps ``via``.

    Returns
    -------
    tuple of str
        Each ``source_id`` once, in order of first mention.

    Examples
    --------
    >>> cited(load_arrests().loc[["arr-2007-08"]])
    ('ceop-results-2008-04', 'cyberlaw-2008-04-27')
    """
    ids = list(figures["source_id"])
    if "via" in figures.columns:
        ids += [i for via in figures["via"].dropna() for i in str(via).split("; ")]
    return tuple(dict.fromkeys(ids))


def references(*source_ids: str, data_dir: str | Path | None = None) -> tuple[provenance.Reference, ...]:
    """The documents ``source_ids`` name, as an exhibit's references: each keyed by its ``source_id``.

    Parameters
    ----------
    *source_ids : str
        The documents cited, each a ``source_id`` in ``sources.csv``; a repeated one is cited once.
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``).

    Returns
    -------
    tuple of Reference
        In order of first mention.

    Raises
    ------
    KeyError
        If a document is not in ``sources.csv``.

    Examples
    --------
    >>> [(r.key, r.short_producer) for r in references("ho-pq-214554", "seto-2011")]
    [('ho-pq-214554', 'Home Office'), ('seto-2011', 'Seto et al.')]
    """
    sources = load_sources(data_dir=data_dir)
    return tuple(_source(sources, i).reference() for i in dict.fromkeys(source_ids))


def source_line(*source_ids: str, data_dir: str | Path | None = None) -> str:
    """The full source line of documents: ``Source: <title> (<link>) from <producer>``, grouped by producer.

    The link is the document's DOI or URL where ``sources.csv`` records one, so that the reader can
    follow the line to the document. (A chart prints the short line,
    :func:`~inquiry_analysis.provenance.short_source_line` of :func:`references`.)

    Parameters
    ----------
    *source_ids : str
        The documents cited, each a ``source_id`` in ``sources.csv``; a repeated one is cited once.
    data_dir : path or DataPackage, optional
        A folder holding a data package of the same shape (default: the bundled ``data/``).

    Returns
    -------
    str
        ``Source:`` then, per producer in order of first mention, its documents and the producer,
        separated by ``;`` (:func:`~inquiry_analysis.provenance.full_source_line`).

    Raises
    ------
    KeyError
        If a document is not in ``sources.csv``.

    Examples
    --------
    >>> source_line("iicsa-internet-report-2020").startswith(
    ...     "Source: The Internet Investigation Report (https://www.iicsa.org.uk/")
    True
    >>> first, second = source_line("iwf-ar-2017", "diaphanous-iwf-csv").split("; ")
    >>> first
    'Source: IWF Annual Report 2017 (https://annualreport.iwf.org.uk/) from Internet Watch Foundation'
    >>> second.startswith("[data/iwf.csv in the GitHub repository apparebit/diaphanous, built from IWF annual-report")
    True
    >>> second.endswith("PDFs] from apparebit/diaphanous (third party)")
    True
    """
    return provenance.full_source_line(references(*source_ids, data_dir=data_dir))
