"""What the claims check says: the count of verdicts, and exhibit IA-07, the table of every claim's verdict.

Both take the results of :func:`inquiry_analysis.claims.check`, so the words follow the verdicts:
a new source that changes one changes the title with it. The table is drawn by
:func:`inquiry_analysis.charts.plot_claims_table`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inquiry_analysis.claims import check_records, check_table
from inquiry_analysis.claims.verdicts import MEANINGS
from inquiry_analysis.exhibits._words import in_words
from inquiry_analysis.exhibits.exhibit import Exhibit
from inquiry_analysis.io import references
from inquiry_analysis.metrics.tolerance import RELATIVE_CAP

if TYPE_CHECKING:
    import pandas as pd

    from inquiry_analysis.claims import CheckResult

__all__ = ["NUMBER_COLUMNS", "check_exhibit", "verdict_summary"]


def verdict_summary(results: list[CheckResult]) -> str:
    """How many claims have each verdict, most common first, and whether each is the verdict expected.

    Parameters
    ----------
    results : list of CheckResult
        From :func:`inquiry_analysis.claims.check`.

    Returns
    -------
    str
        Two lines: ``3 unverifiable, 1 consistent, 1 inconsistent`` (verdicts tied in number in the
        order the claims first give them), then ``all verdicts as expected`` or ``a verdict differs
        from the one expected``.
    """
    counts = check_table(results)["verdict"].value_counts()
    expected = "all verdicts as expected" if all(r.ok for r in results) else "a verdict differs from the one expected"
    return ", ".join(f"{n} {verdict}" for verdict, n in counts.items()) + "\n" + expected


#: The numbers behind the table's words, as :func:`inquiry_analysis.claims.check_records` gives them, in the
#: claim's ``unit``: the figure as said, the range its wording allows, and the range the published data allow
#: (both ends equal where they give one value; blank where they give none, the upper end blank where they give
#: only a lower bound).
NUMBER_COLUMNS = ("unit", "claimed_value", "tolerance_low", "tolerance_high", "data_low", "data_high")


def _with_numbers(table: pd.DataFrame, results: list[CheckResult]) -> pd.DataFrame:
    """``table`` with :data:`NUMBER_COLUMNS` after its words: a spreadsheet stores them as numbers."""
    import pandas as pd

    records = pd.DataFrame(check_records(results), columns=list(NUMBER_COLUMNS))
    for column in NUMBER_COLUMNS[1:]:
        records[column] = records[column].astype(float)
    return pd.concat([table.reset_index(drop=True), records], axis=1)


def check_exhibit(results: list[CheckResult], *, claims: pd.DataFrame) -> Exhibit:
    """Exhibit IA-07: each claim checked, what the published data give and the verdict.

    Parameters
    ----------
    results : list of CheckResult
        From :func:`inquiry_analysis.claims.check`.
    claims : pandas.DataFrame
        ``load_claims()``: the report each claim is known from is cited beside the verdicts' sources.

    Returns
    -------
    Exhibit
        Title (how many figures the data support, hold only as bounds, contradict and cannot check),
        subtitle (when they were stated), source,
        alt text (every row read out), notes and data (:func:`inquiry_analysis.claims.check_table`, then
        the numbers behind it, :data:`NUMBER_COLUMNS`).
    """
    table = check_table(results)
    counts = table["verdict"].value_counts()
    supported = counts.get("consistent", 0) + counts.get("reproduced", 0)
    bounds = counts.get("consistent as a bound", 0)
    contradicted, unchecked = counts.get("inconsistent", 0), counts.get("unverifiable", 0)
    verdict_sources = dict.fromkeys(s for r in results for s in r.verdict.sources)
    parts = [f"{supported} {'fits' if supported == 1 else 'fit'} the published data"]
    if bounds:
        parts.append(f"{bounds} {'holds' if bounds == 1 else 'hold'} only as a bound")
    parts.append(f"{contradicted} {'is' if contradicted == 1 else 'are'} contradicted by them")
    years = sorted({r.claim.said_on[:4] for r in results})
    stated = f"in {years[0]}" if len(years) == 1 else f"from {years[0]} to {years[-1]}"
    return Exhibit(
        exhibit_id="IA-07",
        title=f"Of {len(table)} figures checked, " + ", ".join(parts) + f" and {unchecked} cannot be checked",
        subtitle=f"Figures stated {stated}, each against the published figures that can check it",
        references=references(*verdict_sources, *dict.fromkeys(claims["source_id"])),
        alt_text=f"A table of the {in_words(len(table))} claims. "
        + " ".join(
            f"{row.claim_id}: claimed {row.claimed}, published data give {row.published_data_give}: {row.verdict}."
            for row in table.itertuples()
        ),
        data=_with_numbers(table, results),
        decimals=dict.fromkeys(NUMBER_COLUMNS[1:], 2),
        notes=(
            "A claimed figure stands for the range its wording allows (its precision and qualifier, at most "
            f"{RELATIVE_CAP:.0%} either side; a one-sided wording such as 'more than' excludes the figure itself). "
            + "; ".join(f"{verdict.capitalize()}: {meaning}" for verdict, meaning in MEANINGS.items())
            + ". A model estimate never decides a verdict.",
            "Reasons and the full working are in the notebooks named in the data file, and in "
            "`inquiry-analysis check`.",
        ),
        inputs=("claims", "referrals", "arrests", "statements", "kirat"),
    )
