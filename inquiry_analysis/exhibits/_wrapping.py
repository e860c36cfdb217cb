"""The lines a wrapped cell takes in a spreadsheet, and the row height that shows them all, measured without one.

An XLSX file stores no line count for wrapped text: a row is as tall as the file says, and where it
says nothing, Excel may fit the row when it opens the file but LibreOffice keeps one line and
prints the lines over each other. So the height is written, measured here: the text is wrapped as
Excel and LibreOffice wrap it (at spaces, a word longer than the line broken where it reaches the
edge) with Helvetica's advance widths from Adobe's font metrics, which matplotlib ships and Arial
and Liberation Sans (LibreOffice's stand-in for Arial) match glyph for glyph. Nothing depends on
the fonts installed, so two builds give the same heights.

The count errs long: characters outside ASCII count as one em (wider than any letter), and the
line is taken a little narrower than the cell, for the pixel rounding of fonts on screen.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

__all__ = ["MAX_ROW_HEIGHT", "column_points", "column_width", "line_count", "paragraphs", "row_height", "table_layout"]

# XlsxWriter's and Excel's column width unit: the width of a digit of the default font (Calibri 11, 7 px)
# plus 5 px of padding; 96 px to the inch, 72 points.
_DIGIT_PX, _PADDING_PX, _POINTS_PER_PX = 7, 5, 0.75
# The cell's own margins and gridline, and a share of the line kept free for screen fonts' pixel rounding.
_MARGIN_PX, _SLACK = 8, 0.95
# Excel's line height for Arial, as its default row heights give it: 15.75 pt for 12 pt text, 20.25 pt for 16 pt.
_LINE_PER_POINT = 1.3125
_ROW_PADDING_PT = 1.5
_UNKNOWN = 1000  # a character without Helvetica metrics: one em, wider than any ASCII glyph
#: Excel's tallest row, in points: a taller one is cut to this.
MAX_ROW_HEIGHT = 409.5


@functools.cache
def _advance_widths(bold: bool) -> dict[str, int]:
    """Helvetica's advance width of each ASCII character, in thousandths of an em (from the AFM file)."""
    import matplotlib

    name = "Helvetica-Bold.afm" if bold else "Helvetica.afm"
    path = Path(matplotlib.get_data_path()) / "fonts" / "pdfcorefonts" / name
    widths = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.startswith("C "):
            continue
        fields = dict(part.strip().split(" ", 1) for part in line.split(";") if part.strip())
        code = int(fields["C"])
        # AdobeStandardEncoding agrees with ASCII from 32 to 126 but for the two quotes at 39 and 96.
        if 32 <= code <= 126 and code not in (39, 96):
            widths[chr(code)] = int(fields["WX"])
    widths["'"] = widths["`"] = widths[","]  # quotesingle and grave: as narrow as a comma or wider, never more than 278
    return widths


def _text_width(text: str, *, font_size: float, bold: bool) -> float:
    """``text``'s width in points, set in Helvetica at ``font_size``."""
    widths = _advance_widths(bold)
    return sum(widths.get(char, _UNKNOWN) for char in text) * font_size / 1000


def column_points(width: float) -> float:
    """The width in points that text has in a column ``width`` characters wide (Excel's unit).

    Parameters
    ----------
    width : float
        The column width as XlsxWriter's ``set_column`` takes it.

    Returns
    -------
    float
        Points, after the cell's margins.

    Examples
    --------
    >>> column_points(85)
    444.0
    """
    pixels = int(width * _DIGIT_PX + 0.5) + _PADDING_PX
    return (pixels - _MARGIN_PX) * _POINTS_PER_PX


def line_count(text: str, *, width: float, font_size: float = 12, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide.

    Parameters
    ----------
    text : str
        The cell's text; a line feed starts a new line.
    width : float
        The column width, in Excel's unit (characters).
    font_size : float
        In points.
    bold : bool
        Whether the text is bold (wider).

    Returns
    -------
    int
        At least 1.

    Examples
    --------
    >>> line_count("Source", width=85), line_count("word " * 200, width=85)
    (1, 15)
    """
    room = column_points(width) * _SLACK + 1e-9  # a line exactly as wide as the room fits, whatever the rounding
    space = _text_width(" ", font_size=font_size, bold=bold)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            size = _text_width(word, font_size=font_size, bold=bold)
            if used and used + space + size <= room:
                used += space + size
                continue
            if used:  # the word starts a new line
                lines += 1
            used = 0.0
            for char in word:  # a word longer than the line is broken where it reaches the edge
                step = _text_width(char, font_size=font_size, bold=bold)
                if used and used + step > room:
                    lines += 1
                    used = 0.0
                used += step
    return max(lines, 1)


def row_height(lines: int, *, font_size: float = 12) -> float:
    """The height in points of a row showing ``lines`` lines of text at ``font_size``.

    Parameters
    ----------
    lines : int
        From :func:`line_count`.
    font_size : float
        In points.

    Returns
    -------
    float
        Points, a whole number of pixels (0.75 pt each), as Excel stores heights; at most
        :data:`MAX_ROW_HEIGHT` (split a longer text with :func:`paragraphs`).

    Examples
    --------
    >>> row_height(1), row_height(3)
    (17.25, 48.75)
    """
    points = lines * font_size * _LINE_PER_POINT + _ROW_PADDING_PT
    return min(math.ceil(points / _POINTS_PER_PX) * _POINTS_PER_PX, MAX_ROW_HEIGHT)


def column_width(points: float) -> float:
    """The narrowest column width, in Excel's unit, in which a line ``points`` wide fits on one line.

    Parameters
    ----------
    points : float
        The line's width, from Helvetica's metrics.

    Returns
    -------
    float
        Characters, a whole number of pixels; :func:`line_count` puts the line on one line at this width.

    Examples
    --------
    >>> column_width(column_points(20) * _SLACK), column_width(100.0)
    (20.0, 20.5714)
    """
    # Excel stores a width as whole pixels: round up to the next, then back to its unit.
    pixels = math.ceil(points / _SLACK / _POINTS_PER_PX + _MARGIN_PX)
    return round((pixels - _PADDING_PX) / _DIGIT_PX, 4)


def table_layout(
    cells: list[list[str]], *, widest: float, narrowest: float = 14, bold_rows: int = 1, font_size: float = 12
) -> tuple[list[float], list[float]]:
    """Column widths and row heights for a table of text as shown: each column as wide as its longest line,
    up to ``widest``, so that only text longer than that wraps; each row as tall as its tallest cell.

    Parameters
    ----------
    cells : list of list of str
        The table's rows, each cell's text as a reader sees it; the first ``bold_rows`` are headings,
        whose longest word, not line, sets the least width (headings wrap at their spaces).
    widest : float
        The widest a column is made, in Excel's unit.
    narrowest : float
        The narrowest a column with a longer heading is made, in Excel's unit, so that a heading
        over a column of short numbers wraps to a few lines, not one word a line.
    bold_rows : int
        How many rows at the top are bold.
    font_size : float
        In points.

    Returns
    -------
    tuple of (list of float, list of float)
        A width for each column (Excel's unit), a height for each row (points).

    Examples
    --------
    >>> widths, heights = table_layout([["Count", "Text"], ["1,234", "word " * 40]], widest=30)
    >>> widths[0] < 10 < widths[1] == 30, heights[0] == row_height(1), heights[1] > row_height(5)
    (True, True, True)
    """
    columns = max(len(row) for row in cells)
    needed, heading = [0.0] * columns, [0.0] * columns
    for index, row in enumerate(cells):
        bold = index < bold_rows
        for column, text in enumerate(row):
            parts = text.split() if bold else text.split("\n")
            widths = [_text_width(part, font_size=font_size, bold=bold) for part in parts] or [0.0]
            needed[column] = max(needed[column], *widths)
            if bold:
                lines = [_text_width(line, font_size=font_size, bold=True) for line in text.split("\n")]
                heading[column] = max(heading[column], *lines)
    # A heading longer than its column's cells wraps, but in no fewer than `narrowest` characters.
    least = [min(narrowest, column_width(points)) for points in heading]
    widths = [min(widest, max(column_width(points), least[c], 1.0)) for c, points in enumerate(needed)]
    heights = [
        row_height(
            max(
                (
                    line_count(text, width=widths[c], font_size=font_size, bold=i < bold_rows)
                    for c, text in enumerate(row)
                ),
                default=1,
            ),
            font_size=font_size,
        )
        for i, row in enumerate(cells)
    ]
    return widths, heights


def paragraphs(text: str, *, width: float, font_size: float = 12, bold: bool = False) -> list[str]:
    """``text`` in parts each short enough for one row of Excel (:data:`MAX_ROW_HEIGHT`), split between sentences.

    Parameters
    ----------
    text : str
        A cell's text.
    width : float
        The column width, in Excel's unit.
    font_size : float
        In points.
    bold : bool
        Whether the text is bold.

    Returns
    -------
    list of str
        ``[text]`` when it fits one row; else consecutive runs of its sentences, joined again by
        the spaces between them. A single sentence too long for a row stays whole.

    Examples
    --------
    >>> parts = paragraphs("A sentence of a few words. " * 400, width=85)
    >>> len(parts) > 1, all(row_height(line_count(p, width=85)) < MAX_ROW_HEIGHT for p in parts)
    (True, True)
    """
    most = int((MAX_ROW_HEIGHT - _ROW_PADDING_PT) // (font_size * _LINE_PER_POINT))
    parts: list[str] = []
    for sentence in re.split(r"(?<=[.;:])\s+", text.strip()):
        joined = f"{parts[-1]} {sentence}" if parts else sentence
        if parts and line_count(joined, width=width, font_size=font_size, bold=bold) <= most:
            parts[-1] = joined
        else:
            parts.append(sentence)
    return parts or [text]
