"""The claims check written out: a table for people, and typed records for machines.

:func:`check_table` gives the display strings (one row per claim) that the ``text`` and
``markdown`` formats print; :func:`check_records` gives, beside those same strings, the numbers
they were made from, which the ``json`` and ``csv`` formats write. :func:`format_check` chooses
between them. All three are re-exported by :mod:`inquiry_analysis.claims`; see
:func:`check_records` for every field and its unit.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import TYPE_CHECKING

from inquiry_analysis.claims.claimreview import format_claimreview, review_context
from inquiry_analysis.claims.kinds import outward
from inquiry_analysis.safe_text import csv_text

if TYPE_CHECKING:
    import pandas as pd

    from inquiry_analysis.claims.verdicts import CheckResult, Verdict

__all__ = ["CSV_FIELDS", "FIELDS", "check_records", "check_table", "format_check"]

#: The display strings, as ``check_table`` names them (the keys ``check --format json`` always had).
DISPLAY_FIELDS = (
    "claim_id",
    "claimed",
    "published_data_give",
    "verdict",
    "expected",
    "tolerance",
    "sources",
    "reason",
    "notebook",
    "decided_by",
)

#: Every key of a :func:`check_records` record, in the order the JSON and CSV outputs give them.
FIELDS = DISPLAY_FIELDS + (
    "claim",
    "speaker",
    "said_on",
    "source_id",
    "locator",
    "kind",
    "reading",
    "qualifier",
    "claimed_value",
    "unit",
    "precision",
    "tolerance_low",
    "tolerance_high",
    "data_value",
    "data_low",
    "data_high",
    "ci_lower",
    "ci_upper",
    "basis",
    "allowed_if",
    "source_ids",
    "readings",
    "ok",
)

#: The CSV columns: every field but the lists ``source_ids`` (the ``sources`` column joins the same ids) and
#: ``readings`` (``decided_by`` says what the other readings give).
CSV_FIELDS = tuple(f for f in FIELDS if f not in ("source_ids", "readings"))

FORMATS = ("text", "markdown", "csv", "json", "claimreview")


_SUFFIX = {"percent": "%", "per_month": " a month", "multiple": " times", "per_1000": " per 1,000"}


def _show(value: float | None, unit: str, qualifier: str = "", *, bare: bool = False, side: str | None = None) -> str:
    if value is None:
        return "no published figure"
    if side is not None:  # an end of a range the data allow: rounded outwards, never past what they allow
        value = outward(value, 1 if unit == "percent" else 2 if unit == "multiple" else 0, side)
    if side is None and float(value).is_integer() and unit in ("percent", "multiple"):  # as said: "700%", "2 times"
        text = f"{value:,.0f}"
    elif unit == "percent":
        text = f"{value:,.1f}"
    elif unit == "multiple":
        text = f"{value:,.2f}"
    else:
        text = f"{value:,.0f}"
    if not bare:
        text += _SUFFIX.get(unit, "")
    return f"{qualifier} {text}".strip()


def _claimed(r: CheckResult) -> str:
    """The claim as worded, for the table: ``about 80,000``, or the direction said."""
    if r.claim.value is None:
        return r.claim.qualifier
    return _show(r.claim.value, r.claim.unit, r.qualifier)


def _given(v: Verdict) -> str:
    """What the published data give, for the table: a value, a range, or nothing."""
    if v.reproduced is not None:
        text, notes = _show(v.reproduced, v.unit), [] if v.basis == "published" else [v.basis]
        if v.lower is not None:
            notes.append(f"95% CI {_show(v.lower, v.unit, bare=True)} to {_show(v.upper, v.unit)}")
    elif v.low is not None and math.isinf(v.high):
        text = f"at least {_show(v.low, v.unit, side='low')}"
        notes = ([] if v.basis == "published" else [v.basis]) + ([v.allowed_if] if v.allowed_if else [])
    elif v.low is not None:
        text = f"{_show(v.low, v.unit, bare=True, side='low')} to {_show(v.high, v.unit, side='high')}"
        notes = ([] if v.basis == "published" else [v.basis]) + ([v.allowed_if] if v.allowed_if else [])
    else:
        return "no published figure"
    return f"{text} ({'; '.join(notes)})" if notes else text


def _display(r: CheckResult) -> dict:
    v = r.verdict
    return {
        "claim_id": v.claim_id,
        "claimed": _claimed(r),
        "published_data_give": _given(v),
        "verdict": v.verdict,
        "expected": r.expected,
        "tolerance": v.tolerance,
        "sources": ", ".join(v.sources),
        "reason": v.reason,
        "notebook": v.notebook,
        "decided_by": r.why,
    }


def _reading_record(v: Verdict) -> dict:
    """One reading's verdict and numbers, for the ``readings`` list of a JSON record."""
    return {
        "reading": v.reading_id,
        "means": v.means,
        "verdict": v.verdict,
        "published_data_give": _given(v),
        "data_value": _number(v.reproduced),
        "data_low": _number(v.low),
        "data_high": _number(v.high),
        "beyond": _number(v.beyond),
        "reason": v.reason,
    }


def check_table(results: list[CheckResult]) -> pd.DataFrame:
    """One row per claim: what was claimed, what the published data give, the verdict and why.

    Display strings only (``"about 80,000"``, ``"82,109"``); for the numbers behind them see
    :func:`check_records`.

    Parameters
    ----------
    results : list of CheckResult
        From :func:`inquiry_analysis.claims.check`.

    Returns
    -------
    pandas.DataFrame
        The display strings, one row per claim.
    """
    import pandas as pd

    return pd.DataFrame([_display(r) for r in results], columns=list(DISPLAY_FIELDS))


def _number(value) -> float | None:
    """A plain float to six significant digits, or None for no value (NaN or infinity is no value either).

    Six digits, as charts draw: far finer than any claim is stated, and coarse enough that the last
    bits of floating-point arithmetic on another machine cannot change the output.
    """
    if value is None:
        return None
    value = float(value)
    return float(f"{value:.6g}") if math.isfinite(value) else None


def check_records(results: list[CheckResult]) -> list[dict]:
    """One record per claim: the display strings of :func:`check_table` and the numbers behind them.

    Every number is a plain ``float`` to six significant digits (never a NumPy scalar); a
    number that does not exist is ``None`` (``null`` in JSON, an empty cell in CSV), never NaN.
    Numbers are in the claim's ``unit``: a ``percent`` is on the 0 to 100 scale (78.3, not
    0.783), a ``per_month`` figure is a count a month.

    Parameters
    ----------
    results : list of CheckResult
        From :func:`inquiry_analysis.claims.assess.check`.

    Returns
    -------
    list of dict
        One dict per claim, in the order of ``results``, with the keys of :data:`FIELDS` in that
        order:

        Display strings, as ``check --format json`` has always given them:

        ``claim_id`` : str
            The claim's id in ``data/claims.csv``.
        ``claimed`` : str
            The figure as worded, for display: ``"about 80,000"``, ``"83.7%"``.
        ``published_data_give`` : str
            What the published data give, for display: ``"82,109"``, ``"2,268 to 4,458 a month
            (derived; ...)"``, or ``"no published figure"``.
        ``verdict`` : str
            ``reproduced``, ``consistent``, ``consistent as a bound``, ``inconsistent`` or
            ``unverifiable``: the principal reading's.
        ``expected`` : str
            The verdict ``data/claims.csv`` records as expected (``expected_verdict``).
        ``tolerance`` : str
            The reading of the figure in words: its range and the rule that gives it.
        ``sources`` : str
            The source ids of the figures used, joined by ``", "``.
        ``reason`` : str
            The working, in a sentence or three.
        ``notebook`` : str
            The notebook that works the claim through, in ``notebooks/`` (the markdown format's
            ``detail`` column); ``""`` for none.
        ``decided_by`` : str
            Which reading decides the verdict and why, and the verdict of each other reading.

        Typed fields:

        ``claim`` : str
            The words reported (``claim`` in the claims file).
        ``speaker``, ``said_on``, ``source_id``, ``locator`` : str
            Who said it, when (``YYYY-MM-DD`` or ``YYYY-MM``), the document the words are taken from
            and where in it.
        ``kind`` : str
            The claim's measure kind (:mod:`inquiry_analysis.claims.kinds`).
        ``reading`` : str
            The id of the principal reading, whose verdict this record gives.
        ``qualifier`` : str
            The qualifier the figure was said with ("about", "nearly", ...); ``""`` for none.
        ``claimed_value`` : float
            The figure as said, in ``unit``: 80000.0 for "about 80,000", 83.7 for "83.7%".
        ``unit`` : str
            The unit of every number in the record: ``count``, ``per_month`` (a count a month) or
            ``percent`` (0 to 100).
        ``precision`` : float
            The unit the figure is read as rounded to, in ``unit`` (10000.0 for "about 80,000");
            0.0 for a figure read as exact.
        ``tolerance_low``, ``tolerance_high`` : float
            The least and most values the figure stands for by the tolerance rule, in ``unit``,
            both included (72000.0 and 88000.0 for "about 80,000"); equal for a figure read as
            exact.
        ``data_value`` : float or None
            The one value the published data give for the figure, published or derived exactly
            from published figures, in ``unit`` (82109.0); None when they give only a range, or
            nothing. (:attr:`Verdict.reproduced <inquiry_analysis.claims.verdicts.Verdict>`.)
        ``data_low``, ``data_high`` : float or None
            The least and most the published data allow for the figure, in ``unit``: both equal
            to ``data_value`` when the data give one value; a range when they fix it only within
            bounds (``allowed_if`` says on what assumption); None when they give nothing, and
            ``data_high`` None when they give only a lower bound ("at least"). The verdict
            compares this range with ``tolerance_low`` to ``tolerance_high``.
        ``ci_lower``, ``ci_upper`` : float or None
            A 95% confidence interval for ``data_value``, in ``unit``, reported beside it and
            never used by the verdict; None when none is computed.
        ``basis`` : str or None
            ``published`` when ``data_low`` to ``data_high`` are published figures,
            ``derived`` when they are computed from them; None when the data give nothing.
        ``allowed_if`` : str
            The assumption on which the data allow ``data_low`` to ``data_high``; ``""`` when
            none is needed.
        ``source_ids`` : list of str
            The source ids of the figures used, as a list (JSON only: the CSV has ``sources``).
        ``readings`` : list of dict
            Every reading's verdict, the principal first (JSON only): ``reading``, ``means``,
            ``verdict``, ``published_data_give``, ``data_value``, ``data_low``, ``data_high`` and
            ``reason`` as above for that reading, and ``beyond``, for ``consistent as a bound``,
            how far what the data allow lies beyond the figure as a fraction of it (else None).
        ``ok`` : bool
            Whether every reading has the verdict the claims file expects (``true``/``false`` in CSV).

    Examples
    --------
    >>> from inquiry_analysis.claims import check
    >>> record = next(r for r in check_records(check()) if r["verdict"] == "consistent as a bound")
    >>> record["data_low"] > record["claimed_value"], record["readings"][0]["beyond"] >= 0
    (True, True)
    """
    records = []
    for r in results:
        v = r.verdict
        given = v.low is not None or v.high is not None
        record = _display(r)
        record.update(
            {
                "claim": r.claim.words,
                "speaker": r.claim.speaker,
                "said_on": r.claim.said_on,
                "source_id": r.claim.source_id,
                "locator": r.claim.locator,
                "kind": r.claim.kind,
                "reading": v.reading_id,
                "qualifier": r.qualifier,
                "claimed_value": _number(v.claimed),
                "unit": v.unit,
                "precision": _number(v.reading.precision),
                "tolerance_low": _number(v.reading.low),
                "tolerance_high": _number(v.reading.high),
                "data_value": _number(v.reproduced),
                "data_low": _number(v.low),
                "data_high": _number(v.high),
                "ci_lower": _number(v.lower),
                "ci_upper": _number(v.upper),
                "basis": v.basis if given else None,
                "allowed_if": v.allowed_if,
                "source_ids": list(v.sources),
                "readings": [_reading_record(each) for each in r.readings],
                "ok": bool(r.ok),
            }
        )
        records.append({key: record[key] for key in FIELDS})
    return records


def _cell(value) -> str:
    """A CSV cell: a float as Python's repr ('.' decimal, no thousands separator), '' for None.

    Text that a spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or
    a carriage return) is prefixed with ``'`` (:func:`._safe_text.csv_text`); numbers never are.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return csv_text(value) if isinstance(value, str) else str(value)


def _csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for record in records:
        writer.writerow([_cell(record[key]) for key in CSV_FIELDS])
    return out.getvalue()


def _markdown(table: pd.DataFrame, results: list[CheckResult]) -> str:
    lines = ["| claim | claimed | published data give | verdict | why | detail |", "|---|---|---|---|---|---|"]
    for row, result in zip(table.itertuples(), results, strict=True):
        # A claim read more than one way says which reading decides, and what the others give.
        why = f"{row.reason} {row.decided_by}" if len(result.readings) > 1 else row.reason
        reason = why.replace("|", "\\|")
        lines.append(
            f"| `{row.claim_id}` | {row.claimed} | {row.published_data_give} | **{row.verdict}** | "
            f"{reason} | {f'`notebooks/{row.notebook}`' if row.notebook else ''} |"
        )
    return "\n".join(lines) + "\n"


def _text(table: pd.DataFrame, results: list[CheckResult]) -> str:
    blocks = []
    width = max([24] + [len(r.verdict.claim_id) + 2 for r in results])
    for row, result in zip(table.itertuples(), results, strict=True):
        flag = "" if result.ok else "   <-- " + "; ".join(f"{v.reading_id} expected {e}" for v, e in result.differs)
        blocks.append(
            f"{row.claim_id:<{width}}{row.verdict.upper():<23}claimed {row.claimed}; published data: "
            f"{row.published_data_give}{flag}\n{'':<{width}}{row.reason}\n{'':<{width}}{row.decided_by}\n{'':<{width}}"
            f"tolerance: {row.tolerance}; sources: {row.sources or 'none'}"
            + (f"; detail: notebooks/{row.notebook}" if row.notebook else "")
        )
    return "\n\n".join(blocks) + "\n"


def format_check(
    results: list[CheckResult],
    fmt: str = "text",
    *,
    data_dir=None,
    url_base: str = "",
    date_reviewed=None,
) -> str:
    """The check as ``text`` (for a terminal), ``markdown``, ``csv``, ``json`` or ``claimreview``.

    ``text`` and ``markdown`` print the display strings of :func:`check_table`. ``json`` and
    ``csv`` write the records of :func:`check_records`, whose docstring lists every field with
    its meaning and unit: display strings and numbers side by side.

    - ``json``: a list of objects, one per claim, keys in the order of :data:`FIELDS`; numbers as
      JSON numbers (floats to six significant digits, as Python's repr), ``null`` where there is none (never NaN);
      indented
      by two spaces, non-ASCII characters written as they are; a final newline.
    - ``csv``: a header row, then one row per claim, columns in the order of :data:`CSV_FIELDS`;
      numbers unformatted (Python's repr: "." decimal, no thousands separator), an empty cell
      where there is none, ``ok`` as ``true``/``false``; lines end in ``\\n``. Text that a
      spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a carriage
      return) is prefixed with ``'``, as OWASP advises against CSV injection.
    - ``claimreview``: schema.org ClaimReview JSON-LD, one object per claim, as
      :func:`inquiry_analysis.claims.claimreview.format_claimreview` writes it, with the documents
      and the date of the data package ``data_dir`` (:func:`~inquiry_analysis.claims.claimreview.review_context`).

    Parameters
    ----------
    results : list of CheckResult
        From :func:`inquiry_analysis.claims.assess.check`.
    fmt : {"text", "markdown", "csv", "json", "claimreview"}, default "text"
    data_dir : str or Path, optional
        ``claimreview`` only: the data package the claims were checked against, whose ``sources``
        table names the documents and whose ``created`` date dates the reviews (default: the
        bundled one, as for :func:`~inquiry_analysis.claims.assess.check`).
    url_base : str, default ""
        ``claimreview`` only: the URL of the page that will host the reviews; each review's ``url``
        is ``url_base#claim_id``.
    date_reviewed : str or datetime.date, optional
        ``claimreview`` only: the reviews' date, instead of the data package's ``created`` date.

    Returns
    -------
    str

    Examples
    --------
    >>> import json
    >>> from inquiry_analysis.claims import check
    >>> record = json.loads(format_check(check(), "json"))[0]
    >>> sorted(record)[:3], type(record["claimed_value"])
    (['allowed_if', 'basis', 'ci_lower'], <class 'float'>)
    """
    if fmt not in FORMATS:
        raise ValueError(f"`fmt` must be one of {', '.join(FORMATS)}, but {fmt!r} was passed")
    if fmt == "claimreview":
        options = review_context(data_dir)
        if date_reviewed is not None:
            options["date_reviewed"] = date_reviewed
        return format_claimreview(results, url_base=url_base, **options)
    if fmt == "json":
        return json.dumps(check_records(results), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if fmt == "csv":
        return _csv(check_records(results))
    table = check_table(results)
    return _markdown(table, results) if fmt == "markdown" else _text(table, results)
