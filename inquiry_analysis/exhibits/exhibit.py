"""The :class:`Exhibit`: what one chart shows and where its numbers come from, and the frame drawn around it.

:func:`new_figure` draws the exhibit's title, subtitle, source and notes around empty axes in the
house style. The frame's size is computed from the text in inches, so the layout does not depend on
the fonts a machine has.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from inquiry_analysis import provenance
from inquiry_analysis.exhibits.style import (
    AXES_HEIGHT_IN,
    FONT,
    FOOT_PT,
    LEFT_IN,
    LINE_SPACING,
    MARGIN_IN,
    RIGHT_IN,
    SUBTITLE_PT,
    TITLE_PT,
    WIDTH_IN,
    XAXIS_IN,
    drawn_text,
    house_style,
)

__all__ = ["EXHIBIT_ID", "Exhibit", "Withheld", "new_figure"]

#: Two capitals, a hyphen, two or more digits: IA-nn for the hearing's exhibits, AN-nn for a user's analyses.
EXHIBIT_ID = re.compile(r"[A-Z]{2}-\d{2,}")


@dataclass(frozen=True, eq=False, kw_only=True)
class Exhibit:
    """What one chart shows and where its numbers come from.

    Parameters
    ----------
    exhibit_id : str
        ``IA-01``, ``IA-02``, ... for the hearing's figures; ``AN-01``, ... for analyses of a user's
        own files (two capitals, a hyphen, two or more digits); names the exported files.
    title : str
        A headline that states the finding, not the topic.
    subtitle : str
        Measure, place and period.
    source : str, optional
        The full source line, ``Source: <document> (<link>) from <producer>`` (several documents
        separated by ``;``), as the sidecar, the spreadsheet and the bundle print it; by default
        built from ``references`` (:func:`~inquiry_analysis.provenance.full_source_line`). One of
        ``source`` and ``references`` must be given.
    alt_text : str
        What a reader who cannot see the chart needs to know from it.
    data : pandas.DataFrame
        The plotted data, exported as CSV and spreadsheet.
    notes : tuple of str
        Caveats and definitions, printed under the chart.
    inputs : tuple
        What the data were drawn from, each cited by name and sha256 in the sidecar and manifest:
        a data-package table by name (``"referrals"``) or as the frame ``load_*`` returned; a
        user's own file as the frame a ``read_*`` function returned, or its
        :class:`~inquiry_analysis.provenance.InputFile`.
    decimals : dict of str to int
        Decimal places to export for each column of ``data`` that holds fractional numbers (counts
        0, rates per month 1, rates per 1,000 2, shares as fractions 4). A table built by this
        package states its own in ``data.attrs["decimals"]``; entries here take precedence. Every
        fractional column needs one, so that no exported byte hangs on the last bits of
        floating-point arithmetic.
    complete_data : pandas.DataFrame, optional
        Every row, when ``data`` shows only part of a table too large to draw or read (the largest
        sources and the rest as one): the CSV holds these rows, with ``data``'s columns and
        precision, while the chart, the spreadsheet and the text show ``data``. None: the CSV holds
        ``data``.
    references : tuple of Reference
        What the exhibit cites, each under its key (a document's ``source_id``, a user's file's name):
        :class:`~inquiry_analysis.provenance.Reference`, or the
        :class:`~inquiry_analysis.provenance.Source` or
        :class:`~inquiry_analysis.provenance.InputFile` to make one from. The chart prints the
        short line they give (:attr:`short_source`); the sidecar lists them in full.
    """

    exhibit_id: str
    title: str
    subtitle: str
    source: str = ""
    alt_text: str
    data: pd.DataFrame
    notes: tuple[str, ...] = ()
    inputs: tuple = field(default=())
    decimals: dict[str, int] = field(default_factory=dict)
    complete_data: pd.DataFrame | None = None
    references: tuple = field(default=())

    def __post_init__(self):
        if not isinstance(self.exhibit_id, str) or not EXHIBIT_ID.fullmatch(self.exhibit_id):
            raise ValueError(
                "`exhibit_id` must look like 'IA-01' (two capitals, a hyphen, digits), "
                f"but {self.exhibit_id!r} was passed"
            )
        for name in ("title", "subtitle", "alt_text"):
            if not str(getattr(self, name)).strip():
                raise ValueError(f"`{name}` must not be empty: an exhibit states what it shows")
        object.__setattr__(self, "references", tuple(as_reference(item) for item in self.references))
        if not self.source:
            if not self.references:
                raise ValueError("`source` or `references` must be given: an exhibit says where its numbers come from")
            object.__setattr__(self, "source", provenance.full_source_line(self.references))
        if not self.source.startswith("Source: "):
            raise ValueError(f"`source` must read 'Source: <document> from <producer>', but {self.source!r} was passed")
        if not isinstance(self.data, pd.DataFrame) or self.data.empty:
            raise ValueError("`data` must be a non-empty DataFrame of the plotted values")
        if self.complete_data is not None and (
            not isinstance(self.complete_data, pd.DataFrame)
            or list(self.complete_data.columns) != list(self.data.columns)
        ):
            raise ValueError("`complete_data` must be a DataFrame with the columns of `data`, or None")
        object.__setattr__(self, "notes", tuple(self.notes))
        object.__setattr__(self, "inputs", tuple(as_input(item) for item in self.inputs))
        object.__setattr__(self, "decimals", {**self.data.attrs.get("decimals", {}), **dict(self.decimals)})
        for column in self.data.columns:
            places = self.decimals.get(column)
            if places is not None and (isinstance(places, bool) or not isinstance(places, int) or places < 0):
                raise ValueError(
                    f"`decimals` for column {column!r} must be a whole number of places, at least 0, "
                    f"but {places!r} was passed"
                )
            fractional = pd.api.types.is_float_dtype(self.data[column]) or (
                self.data[column].dtype == object
                and any(isinstance(v, float) and not isinstance(v, bool) for v in self.data[column])
            )
            if places is None and fractional:
                raise ValueError(
                    f"column {column!r} of `data` holds floating-point numbers but has no stated precision; "
                    f"pass decimals={{{column!r}: n}}, the decimal places a reader uses"
                )

    @property
    def short_source(self) -> str:
        """The source line the chart prints: producers and reference keys, no titles or web addresses.

        :func:`~inquiry_analysis.provenance.short_source_line` of ``references``; ``source`` itself for an
        exhibit given no references.
        """
        return provenance.short_source_line(self.references) if self.references else self.source

    def exported_data(self, *, complete: bool = False) -> pd.DataFrame:
        """``data`` as exported: each fractional column rounded to its stated decimal places.

        Columns rounded to 0 places become whole numbers (blank where a value is missing); periods
        (a month, a year) become their labels, ``2016-06`` or ``2016``.

        Parameters
        ----------
        complete : bool
            Export ``complete_data`` instead, where the exhibit has it (as the CSV does).

        Returns
        -------
        pandas.DataFrame
        """
        source = self.complete_data if complete and self.complete_data is not None else self.data
        data = source.reset_index(drop=True).copy()
        for column in data.columns:
            if isinstance(data[column].dtype, pd.PeriodDtype):
                data[column] = data[column].astype(str)
        for column, places in self.decimals.items():
            if column not in data.columns:
                continue
            if pd.api.types.is_float_dtype(data[column]):
                rounded = data[column].round(places)
                data[column] = rounded.astype("Int64") if places == 0 else rounded
            elif data[column].dtype == object:
                # Numbers beside markers such as "[c]" (suppressed): round the numbers, keep the markers.
                data[column] = [_round_cell(value, places) for value in data[column]]
        return data


@dataclass(frozen=True, kw_only=True)
class Withheld:
    """An exhibit not made, and why: the data do not allow it, or disclosure control withholds it.

    False in a test, so that a notebook reads ``if exhibit: ... else: print(exhibit)``; printed, it is
    the reason.

    Attributes
    ----------
    exhibit_id : str
        The exhibit that is not made.
    reason : str
        Why, in a sentence a reader of the notebook understands.
    """

    exhibit_id: str
    reason: str

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return self.reason


def _round_cell(value, places: int):
    if isinstance(value, bool) or not isinstance(value, float) or math.isnan(value):
        return value
    return int(round(value)) if places == 0 else round(value, places)


def as_input(item) -> str | provenance.InputFile:
    """A table name or a user's file, from what ``Exhibit(inputs=...)`` was given."""
    if isinstance(item, pd.DataFrame):
        if isinstance(item.attrs.get("input"), provenance.InputFile):
            return item.attrs["input"]
        if item.attrs.get("resource"):
            return item.attrs["resource"]
        raise ValueError(
            "`inputs` was given a frame that does not say where it came from; pass the frame a "
            "load_* or read_* function returned (its attrs name the table or file)"
        )
    if isinstance(item, (str, provenance.InputFile)):
        return item
    raise ValueError(
        f"`inputs` takes table names, frames from load_* or read_*, or InputFile records, "
        f"but {type(item).__name__} was passed"
    )


def as_reference(item) -> provenance.Reference:
    """A reference, from what ``Exhibit(references=...)`` was given."""
    if isinstance(item, provenance.Reference):
        return item
    if isinstance(item, (provenance.Source, provenance.InputFile)):
        return item.reference()
    raise ValueError(f"`references` takes Reference, Source or InputFile records, but {type(item).__name__} was passed")


def _wrap(text: str, points: float, weight: str = "normal", width_in: float = WIDTH_IN - 2 * MARGIN_IN) -> list[str]:
    """Greedy word wrap measured with the pinned font's own metrics, so lines never overrun the frame."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(family=FONT, weight=weight, size=points)
    measure = TextToPath()
    limit = width_in * 72
    lines, line = [], ""
    words = []
    for word in text.split():
        # A word wider than the line (a long web address) is broken after its slashes.
        if measure.get_text_width_height_descent(word, font, ismath=False)[0] > limit:
            pieces = [piece for piece in re.split(r"(?<=/)", word) if piece]
            words += [(piece, i > 0) for i, piece in enumerate(pieces)]
        else:
            words.append((word, False))
    for word, joined in words:
        trial = (f"{line}{word}" if joined else f"{line} {word}") if line else word
        if line and measure.get_text_width_height_descent(trial, font, ismath=False)[0] > limit:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line] if line else lines or [""]


def _line_height(points: float) -> float:
    return points * LINE_SPACING / 72


def new_figure(
    exhibit: Exhibit, *, nrows: int = 1, ncols: int = 1, sharex: bool = False, axes_height: float = AXES_HEIGHT_IN
):
    """A figure in the house style with the exhibit's title, subtitle, short source line and notes drawn.

    The frame's size is computed from the text in inches, not fitted to the rendered text, so the
    layout does not depend on the fonts a machine has.

    Returns
    -------
    (matplotlib.figure.Figure, Axes or array of Axes)

    Parameters
    ----------
    exhibit : Exhibit
        What the figure shows.
    nrows, ncols : int
        The grid of axes (default one).
    sharex : bool
        Whether the axes share the x-axis.
    axes_height : float
        Height of the axes in inches.
    """
    import matplotlib.pyplot as plt

    # Drawn as written (a file name in the source line may hold anything): no mathtext (the house style's
    # text.parse_math), and what no reader could see shown as escapes.
    head = [(line, TITLE_PT, "bold") for line in _wrap(drawn_text(exhibit.title), TITLE_PT, "bold")]
    head += [(line, SUBTITLE_PT, "normal") for line in _wrap(drawn_text(exhibit.subtitle), SUBTITLE_PT)]
    # The source's first lines leave room on the right for the exhibit label.
    foot = [
        (line, FOOT_PT, "normal")
        for line in _wrap(drawn_text(exhibit.short_source), FOOT_PT, width_in=WIDTH_IN - 2 * MARGIN_IN - 1.2)
    ]
    for number, note in enumerate(exhibit.notes, start=1):
        foot += [(line, FOOT_PT, "normal") for line in _wrap(drawn_text(f"Note {number}: {note}"), FOOT_PT)]
    # math.fsum, not sum: Python 3.12 changed how sum() adds floats, and the layout must not move with it.
    top = MARGIN_IN + math.fsum(_line_height(p) for _, p, _ in head) + 0.2
    bottom = XAXIS_IN + math.fsum(_line_height(p) for _, p, _ in foot) + MARGIN_IN
    height = top + axes_height + bottom
    with house_style():
        fig, axes = plt.subplots(nrows, ncols, sharex=sharex, figsize=(WIDTH_IN, height))
        fig.subplots_adjust(
            left=LEFT_IN / WIDTH_IN,
            right=1 - RIGHT_IN / WIDTH_IN,
            top=1 - top / height,
            bottom=bottom / height,
            hspace=0.45,
            wspace=0.3,
        )
        y = height - MARGIN_IN
        for line, points, weight in head:
            fig.text(
                MARGIN_IN / WIDTH_IN,
                y / height,
                line,
                fontsize=points,
                fontweight=weight,
                ha="left",
                va="top",
                color="black",
            )
            y -= _line_height(points)
        y = MARGIN_IN + math.fsum(_line_height(p) for _, p, _ in foot)
        fig.text(
            1 - MARGIN_IN / WIDTH_IN,
            y / height,
            f"Exhibit {exhibit.exhibit_id}",
            fontsize=FOOT_PT,
            fontweight="bold",
            ha="right",
            va="top",
            color="#3D3D3D",
        )
        for line, points, weight in foot:
            fig.text(
                MARGIN_IN / WIDTH_IN,
                y / height,
                line,
                fontsize=points,
                fontweight=weight,
                ha="left",
                va="top",
                color="#3D3D3D",
            )
            y -= _line_height(points)
    return fig, axes


def fit_left_margin(fig) -> None:
    """Set the left margin to fit the y-axis labels as drawn, plus the frame's margin.

    Measured with the pinned font, so the layout is the same on every machine (unlike
    ``bbox_inches="tight"``, which fits the whole figure to whatever fonts are installed).
    """
    if not fig.axes:
        return
    renderer = fig.canvas.get_renderer()
    width = fig.get_figwidth() * fig.dpi
    overhang = max(ax.get_position().x0 * width - ax.get_tightbbox(renderer).x0 for ax in fig.axes)
    fig.subplots_adjust(left=MARGIN_IN / WIDTH_IN + overhang / width)
