"""The package's error and warning: what a user's file or a call got wrong, and what to do.

Every other module imports these; this one imports only the standard library.
"""

from __future__ import annotations

__all__ = ["DataError", "InquiryAnalysisWarning"]


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
        place = [
            p
            for p in (
                self.path,
                None if sheet is None else f"sheet '{sheet}'",
                None if row is None else f"row {row}",
                None if column is None else f"column '{column}'",
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
