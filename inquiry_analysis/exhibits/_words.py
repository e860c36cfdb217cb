"""What the exhibit modules share: the documents a result's figures cite, lists and small numbers in words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from inquiry_analysis.io import cited

__all__ = ["cited_by", "in_words", "listed", "month_span", "said"]

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def cited_by(results: Iterable, figures: pd.DataFrame) -> tuple[str, ...]:
    """The documents cited by the rows of ``figures`` that ``results`` (anything with ``inputs``) were built from.

    Rows are taken in the order the results name them, each row's source, then its third parties
    (:func:`inquiry_analysis.io.cited`); figure ids not in ``figures`` are left to another table.

    >>> from inquiry_analysis.io import load_arrests
    >>> from inquiry_analysis.metrics.periods import counts_from_figures
    >>> cited_by(counts_from_figures(load_arrests().loc[["arr-2007-08"]]), load_arrests())
    ('ceop-results-2008-04', 'cyberlaw-2008-04-27')
    """
    ids = [i for result in results for i in result.inputs if i in figures.index]
    return cited(figures.loc[ids])


def listed(items: Sequence[str], conjunction: str = "and") -> str:
    """Items as a reader lists them: ``a``, ``a and b``, ``a, b and c``.

    >>> listed(["2013", "2014"], "or"), listed(["a", "b", "c"])
    ('2013 or 2014', 'a, b and c')
    """
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def in_words(number: int) -> str:
    """A whole number up to ten in words, a larger one in figures, as prose writes them.

    >>> in_words(5), in_words(12)
    ('five', '12')
    """
    return _WORDS[number] if 0 <= number < len(_WORDS) else f"{number:,}"


def month_span(start, end) -> str:
    """The months from ``start`` to ``end`` in words: ``June to August 2016``, ``December 2016 to March 2017``.

    >>> month_span("2016-06-01", "2016-08-31")
    'June to August 2016'
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}" if start.month != end.month else f"{end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def said(row: pd.Series) -> str:
    """A figure as its row of a bundled table words it, in quotes: ``'about 80,000'``, ``'3,500'``.

    >>> said(pd.Series({"value": 80000.0, "qualifier": "about"}))
    "'about 80,000'"
    """
    qualifier = "" if pd.isna(row["qualifier"]) else f"{row['qualifier']} "
    return f"'{qualifier}{row['value']:,.0f}'"
