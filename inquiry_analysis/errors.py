"""The package's error and warning: what a user's file or a call got wrong, and what to do.

Every other module imports these; this one imports only the standard library.
"""

from __future__ import annotations

__all__ = ["EXCERPT", "LISTED", "DataError", "InquiryAnalysisWarning", "excerpt", "excerpts"]

#: The most characters of any one value from a file (a cell, a column or sheet name, a line) an error message shows.
EXCERPT = 40
#: The most values from a file an error message lists (column names, sheet names).
LISTED = 10
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    # Python's printable: not a control, format (bidirectional override, zero-width), surrogate, private or
    # unassigned character, nor a separator but the plain space (a trailing no-break space is then seen).
    if char.isprintable():
        return char
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by the surrogateescape error handler
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def excerpt(value, limit: int | None = EXCERPT) -> str:
    r"""``value`` as text fit for a one-line message: at most ``limit`` characters of it, control characters escaped.

    A value taken from a user's file (a cell, a column or sheet name, a library's message that may
    quote the file) is shown through this function only: a line break, NUL byte, bidirectional
    override, no-break space or other invisible character is written as its escape (``\n``, ``\x00``,
    ``\u202e``, ``\xa0``),
    so that a message stays one line and shows what the file holds, and a long value is cut, so
    that a message never echoes more than a short excerpt of a file's content.

    Parameters
    ----------
    value : object
        The value (its ``str``).
    limit : int or None
        The most characters of the value shown (default :data:`EXCERPT`); None shows all of it,
        escaped (for a path the user gave).

    Returns
    -------
    str
        The escaped text; when cut, its first ``limit`` characters, an ellipsis and its length.

    Examples
    --------
    >>> print(excerpt("month\x00\nsecret"))
    month\x00\nsecret
    >>> print(excerpt("x" * 100, limit=5))
    xxxxx... (100 characters)
    """
    text = str(value)
    cut = limit is not None and len(text) > limit
    shown = "".join(_escaped(char) for char in (text[:limit] if cut else text))
    return f"{shown}... ({len(text):,} characters)" if cut else shown


def excerpts(values, *, limit: int = EXCERPT, listed: int = LISTED, total: int = 2 * EXCERPT, quote: str = "") -> str:
    """Values from a file as a comma-separated list: the first few, each through :func:`excerpt`, the rest counted.

    Values are shown while there are at most ``listed`` of them and their characters (each cut to
    ``limit``) come to at most ``total``; the first is always shown.

    Parameters
    ----------
    values : iterable
        The values (column names, sheet names, ...).
    limit : int
        The most characters of each value shown.
    listed : int
        The most values shown.
    total : int
        The most characters of all the values shown, together.
    quote : str
        Put before and after each value shown (``"'"`` to quote them).

    Returns
    -------
    str
        Such as ``'a, b and 3 more'``; empty if there are no values.

    Examples
    --------
    >>> excerpts(["month", "referrals"]), excerpts(range(15), listed=3)
    ('month, referrals', '0, 1, 2 and 12 more')
    >>> excerpts(["y" * 40] * 5).endswith("yyy and 3 more")  # two of 40 characters make the total
    True
    """
    values, shown, used = list(values), [], 0
    for value in values[:listed]:
        text = str(value)
        used += min(len(text), limit)
        if shown and used > total:
            break
        shown.append(quote + excerpt(text, limit) + quote)
    more = len(values) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more" if more else "")


class DataError(ValueError):
    """Bad input data: the message names the file, sheet, row (header = 1), column and what was expected.

    A file with several problems raises one ``DataError`` listing them all (the first 20 in its
    message, one line each, by row); ``problems`` holds every one of them, each a ``DataError``
    naming its own place. A single problem is its own one-element list.

    Examples
    --------
    >>> err = DataError("expected a whole number, got 'lots'", path="mine.xlsx", sheet="Data",
    ...                 row=7, column="referrals")
    >>> print(err)
    mine.xlsx, sheet 'Data', row 7, column 'referrals': expected a whole number, got 'lots'
    >>> other = DataError("must not be negative, but -4 was given", path="mine.xlsx", sheet="Data",
    ...                   row=3, column="referrals")
    >>> print(DataError.from_problems([err, other]))
    mine.xlsx, sheet 'Data': 2 problems
      mine.xlsx, sheet 'Data', row 3, column 'referrals': must not be negative, but -4 was given
      mine.xlsx, sheet 'Data', row 7, column 'referrals': expected a whole number, got 'lots'
    """

    __module__ = "inquiry_analysis"  # as users meet it: inquiry_analysis.DataError

    #: How many problems the message of a many-problem error lists; ``problems`` keeps them all.
    SHOWN = 20

    def __init__(
        self,
        reason: str,
        *,
        path=None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        problems: list[DataError] | None = None,
    ):
        self.reason = reason
        self.path = None if path is None else str(path)
        self.sheet = sheet
        self.row = row
        self.column = column
        self.problems = list(problems) if problems else [self]
        place = [  # names that come from the file (sheet, column) are cut and escaped; a path is escaped
            p
            for p in (
                None if self.path is None else excerpt(self.path, None),
                None if sheet is None else f"sheet '{excerpt(sheet)}'",
                None if row is None else f"row {row}",
                None if column is None else f"column '{excerpt(column)}'",
            )
            if p
        ]
        super().__init__(", ".join(place) + ": " + reason if place else reason)

    @classmethod
    def from_problems(cls, problems: list[DataError]) -> DataError:
        """One error for all ``problems``: the problem itself when there is one, else a listing by row.

        The listing's first line names the file (and sheet) and the count; then one line per
        problem, the first :attr:`SHOWN` of them, and ``... and N more problems`` for the rest.
        """
        if not problems:
            raise ValueError("`problems` must hold at least one DataError, but an empty list was passed")
        if len(problems) == 1:
            return problems[0]
        ordered = sorted(problems, key=lambda p: -1 if p.row is None else p.row)  # stable: columns keep order
        paths = {p.path for p in ordered}
        sheets = {p.sheet for p in ordered}
        lines = [f"{len(ordered)} problems"] + [f"  {p}" for p in ordered[: cls.SHOWN]]
        if len(ordered) > cls.SHOWN:
            lines.append(f"  ... and {len(ordered) - cls.SHOWN} more problems")
        return cls(
            "\n".join(lines),
            path=paths.pop() if len(paths) == 1 else None,
            sheet=sheets.pop() if len(sheets) == 1 else None,
            problems=ordered,
        )


class InquiryAnalysisWarning(UserWarning):
    """A result is undefined or partial (a ratio returned as nan, rows left out): what, why and what to do.

    One class for every warning the package gives, so that ``warnings.filterwarnings`` can select them.
    """

    __module__ = "inquiry_analysis"
