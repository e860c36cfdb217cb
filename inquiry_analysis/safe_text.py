r"""Text written to CSV and XLSX stays text: no formula, link or number is made from a string.

A spreadsheet program opening a CSV reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a tab or carriage return before one hides it; so a title, label or cell from a user's
file could run a formula on the reader's machine. OWASP's remedy is applied to every text cell the
package writes to CSV: such a cell is prefixed with a single quote, which spreadsheet programs
show as text [1]_. Numbers are not text and stay as they are, negative ones included.

A carriage return inside a text cell is written as a line feed. Python's CSV writer, ending lines
in ``\n`` as this package's files do, quotes a cell holding a line feed but not one holding a bare
carriage return, which readers take as the end of the row: ``"'\r=1"`` would start a new row with
``=1``. As a line feed the cell is quoted and stays one cell; the line break it shows is the same.

In XLSX the cell type says what a cell is, so strings are written as strings: :data:`WORKBOOK_OPTIONS`
stop XlsxWriter from turning strings that look like formulas, links or numbers into them.

References
----------
.. [1] OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import pandas as pd

__all__ = ["CSV_TRIGGERS", "WORKBOOK_OPTIONS", "csv_frame", "csv_text"]

#: The first characters that make a spreadsheet program read a CSV cell as a formula (OWASP's list), and
#: the line feed a carriage return is written as.
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")

#: XlsxWriter's workbook options that write every string as a string.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def csv_text(value):
    r"""A CSV cell's value, neutralised if it is text a spreadsheet would read as a formula.

    Only strings change: one starting with any of :data:`CSV_TRIGGERS` gains a leading ``'``, and
    carriage returns become line feeds (``\r\n`` one line feed). Numbers (negative ones too), None
    and missing values are returned as they are.

    Parameters
    ----------
    value : object
        A cell's value.

    Returns
    -------
    object
        The value, neutralised if it is text that starts like a formula.

    Examples
    --------
    >>> csv_text("=1+1"), csv_text("-2+3"), csv_text("\r=1"), csv_text("Per 1,000"), csv_text(-3.5)
    ("'=1+1", "'-2+3", "'\n=1", 'Per 1,000', -3.5)
    """
    if not isinstance(value, str):
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if value.startswith(CSV_TRIGGERS) else value


def csv_frame(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with every text cell and column header passed through :func:`csv_text`, numbers untouched.

    Columns of numbers, dates or booleans are left as they are (and keep their dtype); columns that
    may hold text (object, string or categorical) have their string cells neutralised, whatever
    else (numbers beside markers such as ``[c]``) they hold kept as it is.

    Parameters
    ----------
    data : pandas.DataFrame
        A table about to be written to CSV.

    Returns
    -------
    pandas.DataFrame
        A copy, text neutralised; the caller's frame is untouched.
    """
    out = data.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype(object)
        elif not (pd.api.types.is_object_dtype(column.dtype) or pd.api.types.is_string_dtype(column.dtype)):
            continue
        if any(isinstance(v, str) and (v.startswith(CSV_TRIGGERS) or "\r" in v) for v in column):
            out.isetitem(position, column.map(csv_text))
    out.columns = [csv_text(name) for name in out.columns]
    return out
