"""A referral log's monthly series, written as the CSV ``read_monthly_referrals`` reads, small months ``[c]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from inquiry_analysis.disclosure.referral_log import publishable
from inquiry_analysis.exhibits.export import check_not_committed_figures, out_folder

if TYPE_CHECKING:
    from inquiry_analysis.io import ReferralLog

__all__ = ["MONTHLY_SERIES", "write_monthly_series", "written_sentence"]

#: The file :func:`write_monthly_series` writes (with a ``.json`` note beside it).
MONTHLY_SERIES = "referrals_by_month.csv"


def write_monthly_series(log: ReferralLog, directory: str | Path | None = None, *, min_cell: int = 5) -> Path:
    """Write the log's monthly series as ``referrals_by_month.csv``, with a note citing the log by sha256.

    The CSV has the columns ``month`` (``YYYY-MM``) and ``referrals``, the format
    :func:`~inquiry_analysis.read_monthly_referrals` reads, so the series can be analysed, shared
    or set beside other series. It is the month totals of the by-source table as
    :func:`inquiry_analysis.disclosure.referral_log.publishable` suppresses it, so a month reads ``[c]``
    exactly where the exhibits withhold it. ``referrals_by_month.json`` beside it records the log
    it was made from (name, sha256, bytes, options), the extract month (the date too, when given)
    and the months withheld.

    Parameters
    ----------
    log : inquiry_analysis.io.ReferralLog
        The log, open.
    directory : path, optional
        Where to write (default: where exhibits go, :func:`~inquiry_analysis.exhibits.default_figures_dir`).
    min_cell : int
        Counts below this are withheld (default 5).

    Returns
    -------
    Path
        The CSV written.
    """
    folder = out_folder(directory)
    check_not_committed_figures(folder)
    folder.mkdir(parents=True, exist_ok=True)
    monthly = publishable(log, min_cell=min_cell).monthly
    shown = monthly.assign(month=monthly["month"].astype(str))
    target = folder / MONTHLY_SERIES
    shown.to_csv(target, index=False, lineterminator="\n")
    s = log.summary
    extract = (
        {"extract_date": str(s.extract_date)}
        if s.extract_date_given
        else {"extract_month": f"{s.extract_date:%Y-%m}", "extract_date": "the latest date in the log (not published)"}
    )
    note = {
        "file": MONTHLY_SERIES,
        "what": "Referrals received each month, counted from a record-level referral log",
        "format": "month (YYYY-MM), referrals; read it with inquiry_analysis.read_monthly_referrals",
        "derived_from": log.input.record(),
        **extract,
        "min_cell": min_cell,
        "months_withheld": int((shown["referrals"] == "[c]").sum()),
    }
    target.with_suffix(".json").write_text(
        json.dumps(note, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )
    return target


def written_sentence(written: Path, published) -> str:
    """What :func:`write_monthly_series` wrote, in a line: the file, its months and how many are withheld.

    Parameters
    ----------
    written : Path
        The CSV written.
    published : PublishableLog
        The log's tables as they may be published (its ``monthly`` series was written).

    Returns
    -------
    str
    """
    withheld = (published.monthly["referrals"] == "[c]").sum()
    return f"Wrote {written.name}: {len(published.monthly)} months, {withheld} withheld"
