"""The table sheet's columns: readable headings with their units, and each cell's type and number format.

The Analysis Function's guidance for spreadsheets: headings a reader understands, units in round
brackets, numbers stored as numbers (never text) and dates as dates, each with a number format that
shows it as the table means it. Here:

- a column of years (``2016``) is stored as whole numbers shown without a thousands separator; a
  column of periods that are not all years (``2007-08`` beside ``2015``) stays text, as labels, the
  dates each stands for being in the period start and end columns beside it;
- a column of months (``2016-06``) is stored as dates (the first of the month) shown ``yyyy-mm``, so
  it reads as written and sorts and charts as time;
- numbers are shown with a thousands separator, to the decimal places the exhibit states, except a
  value that is a whole number (a published count, ``2,269`` a month), shown whole;
- codes that are this package's own (``per_month``) are shown in words, and true or false as yes or no.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from inquiry_analysis.disclosure.suppression import MARKER

__all__ = ["DATE_FORMAT", "MONTH_FORMAT", "YEAR_FORMAT", "readable_header", "shown_cells", "typed_table"]


class _Column(NamedTuple):
    header: str
    unit: str | None = None
    count: bool = False  # a whole number of things: shown with thousands separators


_PER_1000 = "per 1,000 referrals"
#: Readable headings for the columns this package's tables use. ``lower`` and ``upper`` take the
#: confidence level of the table and the unit of the measure beside them.
_COLUMNS = {
    # What and when
    "series": _Column("Series"),
    "period": _Column("Period"),
    "period_start": _Column("Period start"),
    "period_end": _Column("Period end"),
    "month": _Column("Month"),
    "arrest_period": _Column("Arrest period"),
    "first": _Column("First month"),
    "last": _Column("Last month"),
    "window": _Column("Window"),
    "year": _Column("Year"),
    "cohort": _Column("Cohort"),
    "full_year": _Column("Full year in the log"),
    # Rates and their intervals
    "per_month": _Column("Average", "a month"),
    "average": _Column("Rolling average", "a month"),
    "per_1000": _Column("Arrest rate", _PER_1000),
    "lower": _Column("Lower {level} limit"),
    "upper": _Column("Upper {level} limit"),
    "range_lower": _Column("Lowest over what the inputs' rounding and derivation allow, with {level} limits"),
    "range_upper": _Column("Highest over what the inputs' rounding and derivation allow, with {level} limits"),
    "percent_change": _Column("Change on a year before", "%"),
    "in_year_per_1000": _Column("Arrests in the year", _PER_1000),
    "cohort_per_1000": _Column("Arrests from the year's referrals", _PER_1000),
    "within_12m_per_1000": _Column("Arrested within 12 months", _PER_1000),
    # Counts
    "count": _Column("Count", count=True),
    "count_year_before": _Column("Count a year before", count=True),
    "events": _Column("Events (numerator)", count=True),
    "denominator": _Column("Denominator", count=True),
    "numerator": _Column("Numerator", count=True),
    "referrals": _Column("Referrals", count=True),
    "arrests": _Column("Arrests", count=True),
    "arrested": _Column("Arrested", count=True),
    "disseminated": _Column("Disseminated", count=True),
    "at_risk": _Column("Still followed", count=True),
    "arrests_in_year": _Column("Arrests in the year", count=True),
    "cohort_arrests": _Column("Arrests from the year's referrals", count=True),
    "within_12m_arrests": _Column("Arrested within 12 months", count=True),
    "assessed": _Column("People assessed", count=True),
    "with_outcome": _Column("People with the outcome", count=True),
    "lag_months": _Column("Lag", "months"),
    "months": _Column("Months compared"),
    "days": _Column("Follow-up", "days"),
    "complete": _Column("Follow-up complete"),
    "within_12m_complete": _Column("Every referral followed 12 months"),
    # Shares and accuracy
    "share": _Column("Share", "proportion"),
    "disseminated_share": _Column("Share disseminated", "proportion"),
    "rate": _Column("Share with the outcome", "proportion"),
    "estimate": _Column("Estimate", "proportion"),
    "prevalence": _Column("Prevalence", "proportion"),
    "ppv": _Column("Positive predictive value", "proportion"),
    "ppv_lower": _Column("Positive predictive value, lower {level} limit", "proportion"),
    "ppv_upper": _Column("Positive predictive value, upper {level} limit", "proportion"),
    "npv": _Column("Negative predictive value", "proportion"),
    "npv_lower": _Column("Negative predictive value, lower {level} limit", "proportion"),
    "npv_upper": _Column("Negative predictive value, upper {level} limit", "proportion"),
    "fpr": _Column("False positive rate", "proportion"),
    "tpr": _Column("True positive rate", "proportion"),
    "threshold": _Column("Threshold probability", "proportion"),
    "net_benefit": _Column("Net benefit per person assessed"),
    "act_on_all": _Column("Net benefit of acting on all"),
    "act_on_none": _Column("Net benefit of acting on none"),
    "truth": _Column("Actual group"),
    "level": _Column("Risk level"),
    "cut": _Column("Cut"),
    "metric": _Column("Measure"),
    # A chain of stages (IA-08)
    "stage": _Column("Stage"),
    "order": _Column("Order in the chain"),
    "stated": _Column("Stated as"),
    "low": _Column("Least the wording allows", count=True),
    "high": _Column("Most the wording allows", count=True),
    # Where figures come from
    "published_as": _Column("Published as"),
    "derived": _Column("How derived"),
    "alignment": _Column("Period alignment"),
    "figure_ids": _Column("Published figure ids"),
    "figure_id": _Column("Published figure id"),
    "source_id": _Column("Source id"),
    "count_status": _Column("Count status"),
    "average_status": _Column("Average status"),
    # Claims
    "claim_id": _Column("Claim"),
    "claimed": _Column("Claimed"),
    "published_data_give": _Column("Published data give"),
    "verdict": _Column("Verdict"),
    "expected": _Column("Expected verdict"),
    "tolerance": _Column("What the wording allows"),
    "sources": _Column("Sources"),
    "reason": _Column("Reason"),
    "notebook": _Column("Notebook"),
    "decided_by": _Column("Decided by"),
    "claimed_value": _Column("Claimed figure"),
    "unit": _Column("Unit"),
    "tolerance_low": _Column("Least the wording allows"),
    "tolerance_high": _Column("Most the wording allows"),
    "data_low": _Column("Least the published data allow"),
    "data_high": _Column("Most the published data allow"),
}
#: Codes of this package's own that a column holds, in words.
_VALUES = {
    "published_as": {"count": "count for the period", "per_month": "average a month"},
    "unit": {"count": "count", "per_month": "a month", "percent": "%", "multiple": "times", "per_1000": "per 1,000"},
}
# An interval's limits are in the unit of the measure they bound: the first of these in the table.
_MEASURES = ("per_month", "average", "per_1000", "percent_change", "share", "rate", "estimate", "net_benefit")
# Words for what is left of a name no entry knows: its underscores, and the shorthand in it.
_SHORTHAND = (("_per_1000", " per 1,000"), ("_per_month", " a month"), ("per_month", "a month"), ("12m", "12 months"))
_LIMITS = (("_lower", "lower"), ("_upper", "upper"))
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"
YEAR_FORMAT = "0"  # a year: whole, no thousands separator (2016, not 2,016)


def _measure_of(name: str) -> str | None:
    """For ``X_lower`` or ``X_upper``: the known column it bounds (``X_per_1000``, ``X_share`` or ``X``)."""
    for suffix, _ in _LIMITS:
        if name.endswith(suffix) and name not in _COLUMNS:
            base = name.removesuffix(suffix)
            return next((c for c in (f"{base}_per_1000", f"{base}_share", base) if c in _COLUMNS), None)
    return None


def readable_header(column, *, confidence_level: float = 0.95) -> str:
    """The heading a reader sees for one of this package's column names, without its unit.

    Known names get their own wording (:data:`_COLUMNS`); ``X_lower`` and ``X_upper`` bound a known
    ``X_per_1000``, ``X_share`` or ``X`` and are worded as its limits; any other has its shorthand
    in words (``per_month`` "a month") and underscores turned to spaces, its first letter capitalised.
    The unit, where there is one, is given beside the heading in round brackets (:func:`typed_table`).

    Parameters
    ----------
    column : str
        A column name of an exhibit's data.
    confidence_level : float
        The level its intervals were computed at.

    Returns
    -------
    str

    Examples
    --------
    >>> readable_header("per_month"), readable_header("lower"), readable_header("in_year_lower")
    ('Average', 'Lower 95% limit', 'Arrests in the year, lower 95% limit')
    >>> readable_header("referrals_per_month")
    'Referrals a month'
    """
    name = str(column)
    level = f"{100 * confidence_level:g}%"
    known = _COLUMNS.get(name)
    if known is not None:
        return known.header.format(level=level)
    measure = _measure_of(name)
    if measure is not None:
        side = next(word for suffix, word in _LIMITS if name.endswith(suffix))
        return f"{readable_header(measure, confidence_level=confidence_level)}, {side} {level} limit"
    text = name
    for short, words in _SHORTHAND:
        text = text.replace(short, words)
    text = " ".join(text.replace("_", " ").split())
    return text[:1].upper() + text[1:]


def _unit(column: str, columns) -> str | None:
    if column in ("lower", "upper", "range_lower", "range_upper"):
        measure = next((c for c in _MEASURES if c in columns), None)
        return _COLUMNS[measure].unit if measure else None
    known = _COLUMNS.get(column) or _COLUMNS.get(_measure_of(column) or "")
    return known.unit if known else None


def _is_date_column(name: str) -> bool:
    return name in ("period_start", "period_end") or name.endswith(("_start", "_end", "date"))


def _blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _as_dates(values: pd.Series, pattern: re.Pattern = _ISO_DATE) -> pd.Series | None:
    """ISO dates (or months, ``YYYY-MM``) as dates, markers and blanks kept; None if any value is something else."""
    out = []
    for value in values:
        if isinstance(value, str):
            if value == MARKER:
                out.append(value)
                continue
            if not pattern.fullmatch(value):
                return None
            try:
                out.append(dt.date.fromisoformat(value if pattern is _ISO_DATE else value + "-01"))
            except ValueError:  # 2017-02-30: not a date, so the column stays as it was written
                return None
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime) and pattern is _ISO_DATE:
            out.append(value)
        elif _blank(value):
            out.append(None)
        else:
            return None
    if all(v is None or v == MARKER for v in out):
        return None
    return pd.Series(out, index=values.index, dtype=object)


def _as_years(name: str, values: pd.Series) -> pd.Series | None:
    """A column of years (``2016`` as text or a number) as whole numbers; None if it is not one.

    Only a column named for a time (``year``, ``cohort``, ``...period``) is read so: a count that happens to
    lie between 1000 and 9999 (``arrests_in_year``) stays a count.
    """
    if name not in ("year", "cohort") and not name.endswith("period"):
        return None
    out = []
    for value in values:
        if isinstance(value, str) and _YEAR.fullmatch(value):
            out.append(int(value))
        elif _is_number(value) and float(value).is_integer() and 1000 <= value <= 9999:
            out.append(int(value))
        elif value == MARKER or _blank(value):
            out.append(None if _blank(value) else value)
        else:
            return None
    if not any(isinstance(v, int) for v in out):
        return None
    return pd.Series(out, index=values.index, dtype=object)


def _number_format(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_) and not _blank(value)


def _typed_column(name: str, values: pd.Series) -> tuple[pd.Series, str | None]:
    """A column's cells as the spreadsheet stores them, and its number format (None: numbers' or none)."""
    if pd.api.types.is_datetime64_dtype(values):
        # Timestamps without a time zone (Excel has none): dates, with the time of day where there is one.
        stamps = [None if pd.isna(v) else v.to_pydatetime() for v in values]
        midnight = all(v.time() == dt.time() for v in stamps if v is not None)
        return pd.Series(
            stamps, index=values.index, dtype=object
        ), DATE_FORMAT if midnight else DATE_FORMAT + " hh:mm:ss"
    if _is_date_column(name) and (dates := _as_dates(values)) is not None:
        return dates, DATE_FORMAT
    if (months := _as_dates(values, _MONTH)) is not None:
        return months, MONTH_FORMAT
    if (years := _as_years(name, values)) is not None:
        return years, YEAR_FORMAT
    flags = [v for v in values if not (_blank(v) or v == MARKER)]
    if flags and all(isinstance(v, bool | np.bool_) for v in flags):
        # TRUE and FALSE read as a formula's result, and LibreOffice shows them as 1 and 0: words instead.
        return values.map(lambda v: ("yes" if v else "no") if isinstance(v, bool | np.bool_) else v).astype(
            object
        ), None
    if name in _VALUES:
        words = _VALUES[name]
        return values.map(lambda v: words.get(v, v) if isinstance(v, str) else v), None
    return values, None


def typed_table(data: pd.DataFrame, decimals: dict, confidence_level: float, *, raw: pd.DataFrame | None = None):
    """Readable headings with their units, dates as dates, years as numbers, and a number format for every number.

    Parameters
    ----------
    data : pandas.DataFrame
        The table as exported (numbers rounded to their stated places).
    decimals : dict of str to int
        The decimal places each column is shown to.
    confidence_level : float
        The level of the table's intervals, for the headings of their limits.
    raw : pandas.DataFrame, optional
        ``data`` before rounding, row for row: a value whole there is shown whole (``2,269``, not
        ``2,269.0``). Without it, the rounded values are looked at.

    Returns
    -------
    tuple
        The table with readable headings, each with its unit, and gptables' ``additional_formatting``
        (a number format per column and per whole-number cell).
    """
    data = data.copy()
    formats, whole = {}, []
    for position, column in enumerate(data.columns):
        name = str(column)
        data[column], fmt = _typed_column(name, data[column])
        if fmt is None and any(_is_number(v) for v in data[column]):
            places = int(decimals.get(name, 0))
            fmt = _number_format(places)
            source = raw[column] if raw is not None and column in raw.columns else data[column]
            if places:
                # gptables' table has its headings as row 0, so the cell of data row i is row i + 1.
                whole += [(i + 1, position) for i, v in enumerate(source) if _is_number(v) and float(v).is_integer()]
        if fmt is not None:
            formats[column] = fmt
    names = [str(c) for c in data.columns]
    headers, seen = {}, set()
    for column in data.columns:
        header, unit = readable_header(column, confidence_level=confidence_level), _unit(str(column), names)
        # The unit in round brackets on a line of its own, as gptables sets units.
        header += f"\n({unit})" if unit else ""
        # Two names with one heading (Excel compares headings ignoring case): the later adds its own name.
        if header.casefold() in seen:
            header = f"{header}: {' '.join(str(column).replace('_', ' ').split())}"
        seen.add(header.casefold())
        headers[column] = header
    formatting = [
        {"column": {"columns": [headers[column]], "format": {"num_format": fmt}, "include_names": False}}
        for column, fmt in formats.items()
    ]
    formatting += [{"cell": {"cells": cell, "format": {"num_format": _number_format(0)}}} for cell in whole]
    return data.rename(columns=headers), formatting


def _shown(value, fmt: str | None) -> str:
    """A cell as a spreadsheet shows it under ``fmt`` (for measuring its width)."""
    if isinstance(value, dt.date):
        pattern = {MONTH_FORMAT: "%Y-%m", DATE_FORMAT: "%Y-%m-%d"}.get(fmt or "", "%Y-%m-%d %H:%M:%S")
        return value.strftime(pattern)
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if _is_number(value):
        if fmt == YEAR_FORMAT:
            return f"{value:.0f}"
        places = len(fmt.partition(".")[2]) if fmt else 6
        return f"{value:,.{places}f}" if fmt else f"{value:g}"
    return "" if _blank(value) else str(value)


def shown_cells(table: pd.DataFrame, formatting: list[dict]) -> list[list[str]]:
    """The headings and every cell of ``table`` as a reader sees them, under the column formats of ``formatting``.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`typed_table` returns it (headings as columns).
    formatting : list of dict
        Its ``additional_formatting``: the column formats are used (a cell's own format only ever
        shows fewer digits).

    Returns
    -------
    list of list of str
        The headings first, then a list a row.
    """
    formats = {
        item["column"]["columns"][0]: item["column"]["format"].get("num_format")
        for item in formatting
        if "column" in item
    }
    rows = [[str(c) for c in table.columns]]
    columns = [(table[c].tolist(), formats.get(c)) for c in table.columns]
    rows += [[_shown(values[i], fmt) for values, fmt in columns] for i in range(len(table))]
    return rows
