"""An exhibit's data as a spreadsheet released to the Analysis Function's standard.

The Government Analysis Function's guidance for releasing statistics in spreadsheets, as gptables
implements it: a cover sheet (what the table shows, its source, how to cite it, its date), a
contents sheet, a notes sheet when there are notes, and one table per sheet with readable column
headings, units in round brackets, numbers stored as numbers and dates as dates, each with a number
format (:mod:`._sheet_table`). Cells that do not apply are marked ``[x]`` and withheld ones ``[c]``,
each explained above the table.

Wrapped text on the cover, contents and notes gets the row height it needs, measured as the file is
written (:mod:`._wrapping`): a file stores no line count, and LibreOffice shows a row without a height
one line tall, its lines printed over each other. Those three sheets print one A4 page wide.

Every string is written as a string: none becomes a formula, a link or a number, whatever it starts
with (:mod:`._safe_text`), so a title or cell from a user's file cannot run in the reader's Excel.

The file is byte-reproducible: its only date is the one the caller passes (see
:func:`inquiry_analysis.provenance.source_date`), and where there is none the file carries none.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
import warnings
import zipfile
from pathlib import Path
from unittest import mock

import pandas as pd

from inquiry_analysis.disclosure.suppression import MARKER
from inquiry_analysis.exhibits import _wrapping
from inquiry_analysis.exhibits._sheet_table import readable_header, shown_cells, typed_table
from inquiry_analysis.safe_text import WORKBOOK_OPTIONS

__all__ = ["readable_header", "write_spreadsheet"]


def _instructions(data: pd.DataFrame, has_notes: bool) -> tuple[pd.DataFrame, str]:
    text = "This worksheet contains one table."
    if has_notes:
        text += " The title refers to notes, which can be found on the Notes worksheet."
    blank = data.isna() | data.apply(lambda column: column.map(lambda v: isinstance(v, str) and not v.strip()))
    if blank.any().any():
        # Government statistics convention: a blank cell (missing, or empty text) is marked [x] and the marker
        # explained.
        data = data.astype(object).where(~blank, "[x]")
        text += " Cells marked [x] do not apply to that row."
    if data.isin([MARKER]).any().any():
        text += (
            " Cells marked [c] are withheld to protect confidentiality: small counts, and cells "
            "from which they could be worked out."
        )
    return data, text


def _date_words(date: dt.datetime | None, origin: str) -> str:
    if date is None:
        return (
            f"Date: not recorded. {origin} The file's properties carry no creation date, rather than an invented one."
        )
    return f"Date: {date:%Y-%m-%d}, {origin}"


#: The cover's one column, and the text column of the contents and notes, in characters (Excel's unit): with
#: the sheet names or note numbers beside it, each prints within an A4 page's width in portrait.
COVER_WIDTH = 85
TEXT_COLUMN_WIDTH = 70
#: The widest a table's column is made: longer text wraps within it.
TABLE_COLUMN_WIDEST = 50
# The table's headings row: below the title, the subtitle, the instructions and the source, as gptables writes them.
_HEADINGS_ROW = 4
# gptables' theme: Arial, 12 pt text; the cover's title 16 pt and its headings 14 pt, both bold.
_TEXT, _TITLE, _HEADING = (12, False), (16, True), (14, True)


def _cover_intro(exhibit) -> list[str]:
    return [
        exhibit.subtitle,
        f"What the chart shows: {exhibit.alt_text}",
        f"The {exhibit.exhibit_id} worksheet holds the data the chart plots, as exported; "
        f"the Contents worksheet links to it"
        + (" and the Notes worksheet explains the [note] markers." if exhibit.notes else "."),
    ]


def _cover_about(exhibit, *, date: dt.datetime | None, date_origin: str, version: str) -> list[str]:
    return [
        exhibit.source,
        _date_words(date, date_origin),
        f"Cite as: Exhibit {exhibit.exhibit_id}, {exhibit.title}, inquiry-analysis {version}.",
        (
            f"The chart is {exhibit.exhibit_id}.svg, .pdf and .png beside this file; {exhibit.exhibit_id}.json "
            "names the inputs with their sha256, and manifest.json gives the sha256 of every file."
        ),
    ]


def _cover_rows(lines: list[str]) -> list[str]:
    """The cover's lines, one a row, a line too long for one row of Excel split between its sentences."""
    return [part for line in lines for part in _wrapping.paragraphs(line, width=COVER_WIDTH)]


def _notes_table(notes: tuple[str, ...], refs: list[str]) -> pd.DataFrame | None:
    """The notes sheet's table: a reference and a text a row (gptables numbers them in the order cited).

    A column added here (a link, say) is written by gptables as a further column of the notes sheet.
    """
    if not notes:
        return None
    return pd.DataFrame({"Note reference": refs, "Note text": list(notes)})


def _theme():
    """gptables' own theme, with wrapped text set at the top of its cell and headings at the foot of theirs.

    A row measured a line long leaves its spare space below the text, where it reads as a gap, not
    above it.
    """
    import copy

    import gptables

    theme = copy.deepcopy(gptables.gptheme)
    updates = (theme.update_cover_title_format, theme.update_cover_subtitle_format, theme.update_cover_text_format)
    for update in updates + (theme.update_data_format, theme.update_index_1_format, theme.update_index_2_format):
        update({"valign": "top"})
    # A table's headings stand on the rule beneath them, however many lines the tallest one takes.
    theme.update_column_heading_format({"valign": "bottom"})
    return theme


def _fit_rows(worksheet, rows: list[tuple[str, tuple[float, bool]]], *, width: float) -> None:
    """Give each row, from the first, the height its text needs, wrapped in a column ``width`` characters wide."""
    for row, (text, (size, bold)) in enumerate(rows):
        lines = _wrapping.line_count(text, width=width, font_size=size, bold=bold)
        worksheet.set_row(row, _wrapping.row_height(lines, font_size=size))


def _lay_out_for_reading(book, cover, notes: pd.DataFrame | None, description: str) -> None:
    """Row heights for the wrapped text of the cover, contents and notes; each printed one page wide (A4, portrait).

    The rows are those gptables writes: the cover's title, a heading and its lines for each part;
    on the contents and notes sheets a title, the instructions (one line, not wrapped) and the
    table's headings, then the table: the exhibit's ``description`` (title and subtitle) on the
    contents, a note a row on the notes.
    """
    sheet = book.get_worksheet_by_name("Cover")
    rows = [(cover.title, _TITLE)]
    for heading, lines in (("Introductory information", cover.intro), ("About these data", cover.about)):
        rows += [(heading, _HEADING)] + [(line, _TEXT) for line in lines]
    _fit_rows(sheet, rows, width=COVER_WIDTH)
    sheets = [sheet]
    texts = {"Contents": [description]}
    if notes is not None:
        texts["Notes"] = list(notes["Note text"])
    for name, cells in texts.items():
        sheet = book.get_worksheet_by_name(name)
        sheet.set_column(1, 1, TEXT_COLUMN_WIDTH)
        rows = [("", _TITLE), ("", _TEXT), ("", (12, True))] + [(text, _TEXT) for text in cells]
        _fit_rows(sheet, rows, width=TEXT_COLUMN_WIDTH)
        sheets.append(sheet)
    for sheet in sheets:
        sheet.set_paper(9)  # A4
        sheet.set_portrait()
        sheet.fit_to_pages(1, 0)


def _fit_table(sheet, widths: list[float], heights: list[float]) -> None:
    """Each table column as wide as its longest line (up to :data:`TABLE_COLUMN_WIDEST`), each row as tall as its text.

    gptables sizes columns for Calibri 11, narrower than the Arial 12 it writes in, so a cell of one
    line could wrap with no room for its second (in LibreOffice, over the row below).
    """
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    for row, height in enumerate(heights, start=_HEADINGS_ROW):
        sheet.set_row(row, height)


def write_spreadsheet(exhibit, path: Path, *, date: dt.datetime | None, date_origin: str, version: str) -> None:
    """Write ``exhibit``'s data as ``path`` (``.xlsx``): cover, contents, notes and the table.

    Parameters
    ----------
    exhibit : inquiry_analysis.exhibits.export.Exhibit
        The exhibit; its :meth:`~inquiry_analysis.exhibits.export.Exhibit.exported_data` is the table.
    path : pathlib.Path
        Where to write.
    date : datetime.datetime or None
        The file's date (UTC), written as its Created and Modified properties and on the cover; None
        leaves both properties out.
    date_origin : str
        Where ``date`` came from, in words, for the cover.
    version : str
        The package version, for the citation.
    """
    import gptables

    level = exhibit.data.attrs.get("confidence_level", 0.95)
    # Dates first, while blanks are still blank; then blanks become [x].
    raw = exhibit.data.reset_index(drop=True)
    table, formatting = typed_table(exhibit.exported_data(), exhibit.decimals, level, raw=raw)
    table, instructions = _instructions(table, bool(exhibit.notes))
    shown = _wrapping.table_layout(shown_cells(table, formatting), widest=TABLE_COLUMN_WIDEST)
    table, symbols = _symbols_only(table)
    refs = [f"note{i}" for i in range(1, len(exhibit.notes) + 1)]
    notes = _notes_table(exhibit.notes, refs)
    sheet = gptables.GPTable(
        table=table,
        table_name=exhibit.exhibit_id.replace("-", "_"),
        title=exhibit.title + (" " if refs else "") + "".join(_NOTE_MARK.format(ref) for ref in refs),
        subtitles=[exhibit.subtitle],
        source=exhibit.source,
        instructions=instructions,
        additional_formatting=formatting,
    )
    cover = gptables.Cover(
        title=f"Exhibit {exhibit.exhibit_id}: {exhibit.title}",
        intro=_cover_rows(_cover_intro(exhibit)),
        about=_cover_rows(_cover_about(exhibit, date=date, date_origin=date_origin, version=version)),
        width=COVER_WIDTH,
    )
    with warnings.catch_warnings(), _text_stays_text(symbols):
        # An exhibit without notes needs no notes sheet; gptables warns that it made none.
        warnings.filterwarnings("ignore", message="No note text provided", category=UserWarning)
        book = gptables.produce_workbook(
            str(path),
            {exhibit.exhibit_id: sheet},
            cover=cover,
            contentsheet_label="Contents",
            notes_table=notes,
            contentsheet_options={"additional_elements": ["subtitles"]},
            workbook_options=dict(WORKBOOK_OPTIONS),
            theme=_theme(),
        )
    properties = {
        "title": exhibit.title,
        "subject": exhibit.subtitle,
        "comments": exhibit.alt_text,
        "keywords": exhibit.exhibit_id,
    }
    if date is not None:
        # XlsxWriter writes this as both Created and Modified; with no date it would write the current time.
        properties["created"] = date
    book.set_properties(properties)
    _lay_out_for_reading(book, cover, notes, f"{exhibit.title}\n{exhibit.subtitle}")
    _fit_table(book.get_worksheet_by_name(exhibit.exhibit_id), *shown)
    book.close()
    if date is None:
        _drop_core_dates(path)


_GPTABLES_LOCK = threading.Lock()

# gptables reads ``$$name$$`` anywhere in a title, subtitle, source or column heading as a reference to
# a note, and drops it from the text; a file name or source may hold one. This package marks its own
# references with NUL characters, which no reader accepts in a file and no spreadsheet can hold, and
# gptables is made to read only those.
_NOTE_MARK = "$$\x00{}\x00$$"
_NOTE_REF = re.compile(r"\$\$\x00(.*?)\x00\$\$")


def _references(text: str) -> list[str]:
    return _NOTE_REF.findall(text)


def _replace_references(text: str, reference_order: list) -> str:
    """As gptables' own: each reference dropped, and ``[note n]`` added at the end in the order found."""
    marks = "".join(f"[note {reference_order.index(ref) + 1}]" for ref in _NOTE_REF.findall(text))
    return _NOTE_REF.sub("", text) + marks


def _strip_references(text):
    if isinstance(text, str):
        return _NOTE_REF.sub("", text)
    from gptables.core.wrappers import FormatList

    parts = text.list if isinstance(text, FormatList) else text
    stripped = [_NOTE_REF.sub("", part) if isinstance(part, str) else part for part in parts]
    return FormatList(stripped) if isinstance(text, FormatList) else stripped


# gptables' own test of a cell it refuses as "only special characters": exactly those cells are stood in for.
_SYMBOLS_ONLY = re.compile(r"^[^a-zA-Z0-9]*$")


def _symbols_only(table: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """``table`` with each text cell gptables would refuse replaced by a stand-in, and what each stands in for.

    gptables refuses a table with a cell holding no ASCII letter or digit (the Analysis Function's
    rule that a symbol alone explains nothing). A name read from a user's file may be so (``—``,
    ``???``, ``警察``), and is written as it reads: the stand-in (a NUL, which no file's text holds,
    as the readers refuse it) passes the check and is turned back into the name as the cell is
    written (:func:`_text_stays_text`).
    """
    symbols = {}

    def stand_in(value):
        if not isinstance(value, str) or not value.strip() or not _SYMBOLS_ONLY.search(value):
            return value
        key = f"\x00symbols{len(symbols)}"
        symbols[key] = value
        return key

    columns = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])]
    if not columns:
        return table, symbols
    table = table.copy()
    for column in columns:
        table[column] = table[column].map(stand_in)
    return table, symbols


@contextlib.contextmanager
def _text_stays_text(symbols: dict[str, str] | None = None):
    """While gptables writes a workbook, take no markup from text: no link, no note reference.

    gptables turns ``[text](url)`` in a title, subtitle, source, cover line or table cell into a
    link (and refuses a cell with two), and ``$$name$$`` into a note reference; any of those may come
    from a user's file. This package writes no link markup, and the contents sheet's link to the
    table is made by gptables as a link (``write_url``), not parsed from text, so it is unaffected;
    its own note references are marked as no file's text can be. A cell :func:`_symbols_only` stood
    in for is written (and measured for the column's width) as the text in ``symbols``. The
    switches are gptables' own methods, replaced for the call only; the lock keeps two threads of
    this package from interleaving them.
    """
    from gptables.core.gptable import GPTable
    from gptables.core.wrappers import GPWorkbook, GPWorksheet

    symbols = symbols or {}
    smart_write, cell_string = GPWorksheet._smart_write, GPWorksheet._get_cell_string

    def written(value):
        return symbols.get(value, value) if isinstance(value, str) else value

    with (
        _GPTABLES_LOCK,
        mock.patch.object(GPWorksheet, "_replace_url", staticmethod(lambda text: text)),
        mock.patch.object(GPTable, "_get_references", staticmethod(_references)),
        mock.patch.object(GPWorksheet, "_replace_reference", staticmethod(_replace_references)),
        mock.patch.object(GPWorkbook, "_strip_annotation_references", staticmethod(_strip_references)),
        mock.patch.object(
            GPWorksheet,
            "_smart_write",
            lambda self, row, col, data, *rest: smart_write(self, row, col, written(data), *rest),
        ),
        mock.patch.object(GPWorksheet, "_get_cell_string", lambda self, value: cell_string(self, written(value))),
    ):
        yield


_CORE = "docProps/core.xml"
_CORE_DATES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def _drop_core_dates(path: Path) -> None:
    """Remove Created and Modified from the package's core properties (both optional in OPC).

    The zip is rewritten entry by entry with the entries' own names, order, timestamps and
    compression, so the bytes stay reproducible.
    """
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    names = [info.filename for info, _ in entries]
    if _CORE not in names:
        raise ValueError(f"expected {_CORE} in the workbook XlsxWriter wrote, got {names}")
    with zipfile.ZipFile(path, "w") as target:
        for info, content in entries:
            if info.filename == _CORE:
                content = _CORE_DATES.sub(b"", content)
            target.writestr(info, content)
