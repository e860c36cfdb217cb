"""Charts fit to put in evidence: house style, exhibit frame, deterministic export and manifest.

An :class:`Exhibit` says what a chart shows (a headline title that states the finding, a
subtitle with measure, place and period, a source line, notes and alt text) and carries the
plotted data. :func:`new_figure` draws that frame around empty axes in the house style;
:func:`export_exhibit` writes SVG, PDF, PNG (300 dpi), the data as CSV and as an accessible
spreadsheet, and a JSON sidecar, then rebuilds ``manifest.json`` for the folder. Two exports of
the same exhibit on the same machine give byte-identical files. The SVG and PDF carry the title and
alt text where assistive technology reads them; the spreadsheet follows the Analysis Function's
guidance for releasing statistics in spreadsheets (:mod:`._spreadsheet`).

The house style is the UK Government Analysis Function's (afcharts), with one pinned font
(DejaVu Sans, which ships with matplotlib) so that exports do not depend on the fonts installed.
It is applied in a context, never by changing global settings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import math
import os
import re
import subprocess
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from . import provenance
from ._safe_text import csv_frame

__all__ = [
    "Exhibit",
    "ExportedExhibit",
    "PALETTE",
    "default_figures_dir",
    "export_exhibit",
    "house_style",
    "package_versions",
    "new_figure",
    "write_manifest",
]

#: Analysis Function categorical palette (dark blue, turquoise, dark pink, orange, dark grey, light purple).
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")

FORMATS = ("svg", "pdf", "png")
PNG_DPI = 300
FONT = "DejaVu Sans"
WIDTH_IN = 8.0
AXES_HEIGHT_IN = 3.6
MARGIN_IN = 0.25
LEFT_IN, RIGHT_IN, XAXIS_IN = 1.0, 0.3, 0.75
TITLE_PT, SUBTITLE_PT, FOOT_PT = 15, 11.5, 9
LINE_SPACING = 1.35
#: The language of every exhibit's text, declared in the SVG and PDF for screen readers.
LANGUAGE = "en-GB"
#: The Reproducible Builds convention's variable: a build's date, in whole seconds since 1970-01-01 UTC.
SOURCE_DATE_ENV = "SOURCE_DATE_EPOCH"
# Two capitals, a hyphen, two or more digits: IA-nn for the hearing's exhibits, AN-nn for a user's analyses.
_ID = re.compile(r"[A-Z]{2}-\d{2,}")

_STYLE_OVERRIDES = {
    "font.family": "sans-serif",
    # DejaVu Sans ships with matplotlib, so drawing always uses it; the rest only name what an SVG viewer
    # without it should use: Bitstream Vera Sans has its metrics, the others are narrower, so that text
    # laid out for DejaVu Sans never overruns the frame.
    "font.sans-serif": [FONT, "Bitstream Vera Sans", "Arial", "Helvetica", "Liberation Sans"],
    "font.size": 10.5,
    "axes.titlesize": 11,
    "axes.labelsize": 10.5,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "svg.hashsalt": "inquiry-analysis",
    # Text stays text in the SVG (<text> elements), so that screen readers, search and copying see it.
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "savefig.dpi": PNG_DPI,
    "savefig.facecolor": "white",
    "figure.facecolor": "white",
}


@contextlib.contextmanager
def house_style():
    """Apply the house style (afcharts, pinned font) within a ``with`` block only.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with house_style():
    ...     plt.rcParams["font.sans-serif"][0]
    'DejaVu Sans'
    """
    import matplotlib.pyplot as plt

    # Start from matplotlib's defaults, so that no matplotlibrc or earlier style leaks into an exhibit.
    with plt.style.context(["default", "afcharts.afcharts", _STYLE_OVERRIDES]):
        yield


@dataclass(frozen=True, eq=False)
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
    source : str
        ``Source: <document> from <producer>`` (several documents separated by ``;``).
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
    """

    exhibit_id: str
    title: str
    subtitle: str
    source: str
    alt_text: str
    data: pd.DataFrame
    notes: tuple[str, ...] = ()
    inputs: tuple = field(default=())
    decimals: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.exhibit_id, str) or not _ID.fullmatch(self.exhibit_id):
            raise ValueError(f"`exhibit_id` must look like 'IA-01' (two capitals, a hyphen, digits), but {self.exhibit_id!r} was passed")
        for name in ("title", "subtitle", "alt_text"):
            if not str(getattr(self, name)).strip():
                raise ValueError(f"`{name}` must not be empty: an exhibit states what it shows")
        if not self.source.startswith("Source: "):
            raise ValueError(f"`source` must read 'Source: <document> from <producer>', but {self.source!r} "
                             "was passed")
        if not isinstance(self.data, pd.DataFrame) or self.data.empty:
            raise ValueError("`data` must be a non-empty DataFrame of the plotted values")
        object.__setattr__(self, "notes", tuple(self.notes))
        object.__setattr__(self, "inputs", tuple(_as_input(item) for item in self.inputs))
        object.__setattr__(self, "decimals", {**self.data.attrs.get("decimals", {}), **dict(self.decimals)})
        for column in self.data.columns:
            places = self.decimals.get(column)
            if places is not None and (isinstance(places, bool) or not isinstance(places, int) or places < 0):
                raise ValueError(f"`decimals` for column {column!r} must be a whole number of places, at least 0, "
                                 f"but {places!r} was passed")
            fractional = pd.api.types.is_float_dtype(self.data[column]) or (
                self.data[column].dtype == object
                and any(isinstance(v, float) and not isinstance(v, bool) for v in self.data[column]))
            if places is None and fractional:
                raise ValueError(f"column {column!r} of `data` holds floating-point numbers but has no stated precision; "
                                 f"pass decimals={{{column!r}: n}}, the decimal places a reader uses")

    def exported_data(self) -> pd.DataFrame:
        """``data`` as exported: each fractional column rounded to its stated decimal places.

        Columns rounded to 0 places become whole numbers (blank where a value is missing); periods
        (a month, a year) become their labels, ``2016-06`` or ``2016``.
        """
        data = self.data.reset_index(drop=True).copy()
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


def _round_cell(value, places: int):
    if isinstance(value, bool) or not isinstance(value, float) or math.isnan(value):
        return value
    return int(round(value)) if places == 0 else round(value, places)


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


def new_figure(exhibit: Exhibit, *, nrows: int = 1, ncols: int = 1, sharex: bool = False,
               axes_height: float = AXES_HEIGHT_IN):
    """A figure in the house style with the exhibit's title, subtitle, source and notes drawn.

    The frame's size is computed from the text in inches, not fitted to the rendered text, so the
    layout does not depend on the fonts a machine has.

    Returns
    -------
    (matplotlib.figure.Figure, Axes or array of Axes)
    """
    import matplotlib.pyplot as plt

    head = [(line, TITLE_PT, "bold") for line in _wrap(exhibit.title, TITLE_PT, "bold")]
    head += [(line, SUBTITLE_PT, "normal") for line in _wrap(exhibit.subtitle, SUBTITLE_PT)]
    # The source's first lines leave room on the right for the exhibit label.
    foot = [(line, FOOT_PT, "normal") for line in _wrap(exhibit.source, FOOT_PT, width_in=WIDTH_IN - 2 * MARGIN_IN - 1.2)]
    for number, note in enumerate(exhibit.notes, start=1):
        foot += [(line, FOOT_PT, "normal") for line in _wrap(f"Note {number}: {note}", FOOT_PT)]
    # math.fsum, not sum: Python 3.12 changed how sum() adds floats, and the layout must not move with it.
    top = MARGIN_IN + math.fsum(_line_height(p) for _, p, _ in head) + 0.2
    bottom = XAXIS_IN + math.fsum(_line_height(p) for _, p, _ in foot) + MARGIN_IN
    height = top + axes_height + bottom
    with house_style():
        fig, axes = plt.subplots(nrows, ncols, sharex=sharex, figsize=(WIDTH_IN, height))
        fig.subplots_adjust(left=LEFT_IN / WIDTH_IN, right=1 - RIGHT_IN / WIDTH_IN,
                            top=1 - top / height, bottom=bottom / height, hspace=0.45, wspace=0.3)
        y = height - MARGIN_IN
        for line, points, weight in head:
            fig.text(MARGIN_IN / WIDTH_IN, y / height, line, fontsize=points, fontweight=weight,
                     ha="left", va="top", color="black")
            y -= _line_height(points)
        y = MARGIN_IN + math.fsum(_line_height(p) for _, p, _ in foot)
        fig.text(1 - MARGIN_IN / WIDTH_IN, y / height, f"Exhibit {exhibit.exhibit_id}", fontsize=FOOT_PT,
                 fontweight="bold", ha="right", va="top", color="#3D3D3D")
        for line, points, weight in foot:
            fig.text(MARGIN_IN / WIDTH_IN, y / height, line, fontsize=points, fontweight=weight,
                     ha="left", va="top", color="#3D3D3D")
            y -= _line_height(points)
    return fig, axes


def _fit_left_margin(fig) -> None:
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


def _checkout() -> Path | None:
    """The repository this package runs from, if it runs from a source checkout."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "inquiry_analysis").is_dir() else None


#: The folder exports go to when no folder is named (git-ignored in a checkout).
DEFAULT_EXPORTS = "exports"


def default_figures_dir() -> Path:
    """Where exhibits go when no folder is named.

    ``$INQUIRY_ANALYSIS_FIGURES`` (set by ``inquiry-analysis reproduce`` and ``analyse`` for the
    notebooks they run), else ``exports/`` in the checkout (git-ignored), else ``./exports``. Never
    the repository's ``figures/``: only ``reproduce`` writes there, by swapping in a whole run.
    """
    if os.environ.get(provenance.FIGURES_ENV):
        return Path(os.environ[provenance.FIGURES_ENV])
    return (_checkout() or Path.cwd()) / DEFAULT_EXPORTS


def _check_not_committed_figures(folder: Path) -> None:
    root = _checkout()
    committed = None if root is None else (root / "figures").resolve()
    if committed is not None and (folder.resolve() == committed or committed in folder.resolve().parents):
        raise ValueError(f"{folder} holds the committed exhibits, and only `inquiry-analysis reproduce` writes "
                         f"there; export to a folder of your own (directory=...), or leave it out to use "
                         f"{root / DEFAULT_EXPORTS}")


def _git(*args: str) -> str | None:
    root = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


#: What an exhibit is made from, in the repository: the library, the data and the locked environment.
_CODE_PATHS = ("inquiry_analysis", "data", "pyproject.toml", "requirements.lock")


def _code_version() -> dict:
    """The commit that last changed the library, the data or the locked environment, and whether they have since.

    Only those paths count, so re-running unchanged analyses in a later commit writes the same sidecar.
    """
    commit = _git("log", "-1", "--format=%H", "--", *_CODE_PATHS)
    if not commit:
        return {"git_commit": None, "git_modified": None}
    return {"git_commit": commit, "git_modified": bool(_git("status", "--porcelain", "--", *_CODE_PATHS))}


def _source_date() -> tuple[dt.datetime | None, str]:
    """The date an exported file carries (naive UTC), and where it came from, in words.

    The Reproducible Builds convention: ``$SOURCE_DATE_EPOCH`` if set; else the time of the last
    git commit that changed the library, the data or the locked environment (the commit the
    sidecar names); else None: no date at all, rather than an invented one. Never the current
    time, which would make two exports differ.

    References
    ----------
    .. [1] Reproducible Builds, "SOURCE_DATE_EPOCH specification",
       https://reproducible-builds.org/specs/source-date-epoch/
    """
    value = os.environ.get(SOURCE_DATE_ENV, "").strip()
    if value:
        try:
            if not value.isdigit():
                raise ValueError
            date = dt.datetime.fromtimestamp(int(value), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"expected {SOURCE_DATE_ENV} to be a whole number of seconds since 1970-01-01 UTC, "
                             f"got {value!r}; unset it to date files by the last commit") from None
        return date.replace(tzinfo=None), f"the build date set by {SOURCE_DATE_ENV}."
    stamp = _git("log", "-1", "--format=%ct", "--", *_CODE_PATHS)
    if stamp and stamp.isdigit():
        date = dt.datetime.fromtimestamp(int(stamp), dt.UTC).replace(tzinfo=None)
        return date, ("when the package, its data or its locked environment last changed (the time of that "
                      "git commit, which the exhibit's .json file names).")
    return None, (f"{SOURCE_DATE_ENV} was not set and no git history of the package was found, so there is no "
                  "date to give that two exports would share.")


#: The installed packages whose versions shape an exhibit's bytes: its numbers, drawing and files.
SHAPING_PACKAGES = ("numpy", "scipy", "pandas", "statsmodels", "scikit-learn", "matplotlib", "seaborn", "afcharts",
                    "gptables", "XlsxWriter", "fonttools", "pillow")


def package_versions() -> dict[str, str | None]:
    """Installed version of each of :data:`SHAPING_PACKAGES` (None where one is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in SHAPING_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _as_input(item) -> str | provenance.InputFile:
    """A table name or a user's file, from what ``Exhibit(inputs=...)`` was given."""
    if isinstance(item, pd.DataFrame):
        if isinstance(item.attrs.get("input"), provenance.InputFile):
            return item.attrs["input"]
        if item.attrs.get("resource"):
            return item.attrs["resource"]
        raise ValueError("`inputs` was given a frame that does not say where it came from; pass the frame a "
                         "load_* or read_* function returned (its attrs name the table or file)")
    if isinstance(item, (str, provenance.InputFile)):
        return item
    raise ValueError(f"`inputs` takes table names, frames from load_* or read_*, or InputFile records, "
                     f"but {type(item).__name__} was passed")


def _input_records(inputs: tuple) -> dict:
    package = provenance.DataPackage.open()
    out = {}
    for item in inputs:
        if isinstance(item, provenance.InputFile):
            out[item.name] = item.record()
            continue
        try:
            out[item] = package.input_record(item)
        except KeyError:
            raise ValueError(f"`inputs` names '{item}', which is not a table of the data package in "
                             f"{package.folder}; expected one of {', '.join(r['name'] for r in package.resources)}, "
                             "or a frame read from your own file") from None
    return out


def _write_spreadsheet(exhibit: Exhibit, path: Path) -> None:
    """The data as a spreadsheet to the Analysis Function's standard (see :mod:`._spreadsheet`)."""
    from . import __version__
    from ._spreadsheet import write_spreadsheet

    date, origin = _source_date()
    write_spreadsheet(exhibit, path, date=date, date_origin=origin, version=__version__)


# The root element's start tag, and the <title> matplotlib writes as its first child (without an id).
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
_SVG_TITLE = re.compile(r"\A\s*<title>[^<]*</title>")


def _accessible_svg(svg: bytes, exhibit: Exhibit) -> bytes:
    """The SVG with its title and alt text where assistive technology reads them.

    ``<title>`` and ``<desc>`` become the root's first children, with ids made from the exhibit id
    (so the bytes do not vary); the root gets ``role="img"``, ``aria-labelledby`` naming both, and
    the language. The RDF metadata matplotlib writes is kept.
    """
    text = svg.decode("utf-8")
    root = _SVG_ROOT.search(text)
    if root is None:
        raise ValueError(f"expected matplotlib's SVG to have an <svg> root element, got {text[:200]!r}")
    title_id, desc_id = f"{exhibit.exhibit_id}-title", f"{exhibit.exhibit_id}-desc"
    start = (root.group(0)[:-1] + f' xml:lang="{LANGUAGE}" role="img" '
             f'aria-labelledby={quoteattr(f"{title_id} {desc_id}")}>')
    head = (f'\n <title id="{title_id}">{escape(exhibit.title)}</title>'
            f'\n <desc id="{desc_id}">{escape(exhibit.alt_text)}</desc>')
    return (text[:root.start()] + start + head + _SVG_TITLE.sub("", text[root.end():], count=1)).encode("utf-8")


# matplotlib's PDF: one classic cross-reference table (20-byte entries) and trailer at the end.
_PDF_XREF = re.compile(rb"xref\n0 (\d+)\n((?:\d{10} \d{5} [fn] \n)+)trailer\n(<<.*?>>)\nstartxref\n(\d+)\n%%EOF\n\Z",
                       re.DOTALL)
_PDF_CATALOG = re.compile(rb"<< /Type /Catalog /Pages (\d+) 0 R >>")


def _accessible_pdf(pdf: bytes, exhibit: Exhibit) -> bytes:
    """The PDF tagged: its page is one Figure whose alternate text is the exhibit's alt text.

    matplotlib writes no structure, so the file is rewritten object by object: the catalog gains
    ``/Lang``, ``/MarkInfo``, a structure tree (Document, then one Figure with ``/Alt`` and a
    bounding box) and ``/ViewerPreferences /DisplayDocTitle`` (readers show the title, not the file
    name); the page's content is wrapped in one marked-content sequence the Figure owns. The text
    drawn in the chart stays real text (embedded TrueType with Unicode maps), but is not tagged
    element by element: a screen reader announces the figure and reads its alt text.
    """
    from matplotlib.backends.backend_pdf import Name, Reference, pdfRepr

    end = _PDF_XREF.search(pdf)
    if end is None or int(end.group(4)) != end.start():
        raise ValueError("expected matplotlib's PDF to end in one cross-reference table, got "
                         f"{pdf[-300:]!r}; check the matplotlib version against requirements.lock")
    size = int(end.group(1))
    lines = end.group(2).split(b" \n")[:-1]
    offsets = {number: int(line[:10]) for number, line in enumerate(lines) if number and line.endswith(b"n")}
    order = sorted(offsets, key=offsets.get)
    bounds = [offsets[n] for n in order] + [end.start()]
    chunks = {n: pdf[start:stop] for n, start, stop in zip(order, bounds, bounds[1:])}

    def body(number: int) -> bytes:
        chunk = chunks[number]
        head = b"%d 0 obj\n" % number
        if not chunk.startswith(head) or not chunk.endswith(b"endobj\n"):
            raise ValueError(f"expected PDF object {number} at its recorded offset, got {chunk[:40]!r}")
        return chunk[len(head):-len(b"endobj\n")]

    def put(number: int, content: bytes) -> None:
        chunks[number] = b"%d 0 obj\n" % number + content + b"\nendobj\n"

    root = int(re.search(rb"/Root (\d+) 0 R", end.group(3)).group(1))
    catalog = _PDF_CATALOG.fullmatch(body(root).strip())
    if catalog is None:
        raise ValueError(f"expected matplotlib's catalog to name only its pages, got {body(root)!r}")
    kids = re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[([^\]]*)\]", body(int(catalog.group(1)))).group(1))
    if len(kids) != 1:
        raise ValueError(f"expected a one-page PDF, got {len(kids)} pages")
    page_number = int(kids[0])
    page = body(page_number).strip()
    contents = int(re.search(rb"/Contents (\d+) 0 R", page).group(1))
    box = [float(v) for v in re.search(rb"/MediaBox \[([^\]]*)\]", page).group(1).split()]

    # The page's drawing, wrapped in one marked-content sequence (MCID 0) that the Figure owns.
    stream = body(contents)
    header, _, rest = stream.partition(b"\nstream\n")
    data = rest[:-len(b"\nendstream\n")]
    compressed = b"/FlateDecode" in header
    drawing = zlib.decompress(data) if compressed else data
    tagged = b"/Figure << /MCID 0 >> BDC\n" + drawing + b"\nEMC\n"
    if compressed:
        import matplotlib as mpl

        packer = zlib.compressobj(mpl.rcParams["pdf.compression"])
        tagged = packer.compress(tagged) + packer.flush()
    length = re.search(rb"/Length (\d+) 0 R", header)
    if length is None:
        raise ValueError(f"expected the page's content stream to give its length by reference, got {header!r}")
    put(contents, header + b"\nstream\n" + tagged + b"\nendstream")
    put(int(length.group(1)), b"%d" % len(tagged))

    tree, document, figure, parents = range(size, size + 4)
    put(page_number, page[:-2].rstrip() + b" /StructParents 0 /Tabs /S >>")
    put(root, pdfRepr({"Type": Name("Catalog"), "Pages": Reference(int(catalog.group(1))), "Lang": LANGUAGE,
                       "MarkInfo": {"Marked": True}, "StructTreeRoot": Reference(tree),
                       "ViewerPreferences": {"DisplayDocTitle": True}}))
    put(tree, pdfRepr({"Type": Name("StructTreeRoot"), "K": Reference(document), "ParentTree": Reference(parents),
                       "ParentTreeNextKey": 1}))
    put(document, pdfRepr({"Type": Name("StructElem"), "S": Name("Document"), "P": Reference(tree),
                           "K": [Reference(figure)]}))
    put(figure, pdfRepr({"Type": Name("StructElem"), "S": Name("Figure"), "P": Reference(document),
                         "Pg": Reference(page_number), "K": 0, "Alt": exhibit.alt_text,
                         "A": {"O": Name("Layout"), "Placement": Name("Block"), "BBox": box}}))
    put(parents, pdfRepr({"Nums": [0, [Reference(figure)]]}))

    out = bytearray(pdf[:bounds[0]])
    positions = {}
    for number in [*order, tree, document, figure, parents]:
        positions[number] = len(out)
        out += chunks[number]
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (size + 4)
    out += b"".join(b"%010d 00000 n \n" % positions[n] for n in range(1, size + 4))
    trailer = re.sub(rb"/Size \d+", b"/Size %d" % (size + 4), end.group(3))
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


PREVIEW_DPI = 96


@dataclass(frozen=True)
class ExportedExhibit:
    """The files one export wrote; a notebook shows the exhibit as a screen-resolution preview."""

    exhibit_id: str
    files: dict[str, Path]
    preview: bytes = field(repr=False, default=b"")

    def _repr_png_(self) -> bytes:
        # The 300 dpi file would make every notebook megabytes long; the preview is the same drawing.
        return self.preview or self.files["png"].read_bytes()

    def __repr__(self) -> str:
        # Names only: the folder may be a temporary build folder, and notebook outputs must not vary.
        return f"Exhibit {self.exhibit_id} exported: {', '.join(p.name for p in self.files.values())}"

    __str__ = __repr__


def export_exhibit(exhibit: Exhibit, fig, *, directory: str | Path | None = None) -> ExportedExhibit:
    """Write the exhibit in every format, its data, its sidecar, and refresh the folder's manifest.

    Writes ``<id>.svg``, ``<id>.pdf``, ``<id>.png`` (300 dpi), ``<id>.csv`` (the plotted data),
    ``<id>.xlsx`` (the data as an accessible spreadsheet) and ``<id>.json`` (title, subtitle,
    source, notes, alt text, input data hashes, package version, git commit and the versions of the
    packages that shape the files), then rewrites
    ``manifest.json``. The figure is closed; the returned object displays the exported PNG.

    The SVG keeps its text as text and carries the title and alt text as ``<title>`` and ``<desc>``
    with ``role="img"`` and ``aria-labelledby``; the PDF is tagged as one Figure whose alternate
    text is the alt text, with the title shown as the document's title and its language declared.
    The spreadsheet's only date comes from ``$SOURCE_DATE_EPOCH`` or the last commit (see
    :func:`_source_date`).

    With ``$INQUIRY_ANALYSIS_DRAFT_EXPORTS`` set to 1 (:data:`~inquiry_analysis.provenance.DRAFT_ENV`),
    only the CSV and the sidecar (marked ``"draft": true``) are written: rendering every format takes
    most of a notebook's run, and checking what a notebook prints does not need it. ``reproduce``
    and ``analyse`` never draft.
    """
    import matplotlib.pyplot as plt

    from . import __version__

    folder = Path(directory) if directory is not None else default_figures_dir()
    _check_not_committed_figures(folder)
    inputs = _input_records(exhibit.inputs)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / exhibit.exhibit_id
    draft = os.environ.get(provenance.DRAFT_ENV) == "1"
    rendered = () if draft else FORMATS
    files = {fmt: stem.with_suffix(f".{fmt}") for fmt in (*rendered, "csv", *(() if draft else ("xlsx",)), "json")}
    metadata = {
        "svg": {"Title": exhibit.title, "Description": exhibit.alt_text, "Date": None},
        "pdf": {"Title": exhibit.title, "Subject": exhibit.alt_text, "CreationDate": None, "ModDate": None},
        "png": {"Title": exhibit.title, "Description": exhibit.alt_text},
    }
    preview = io.BytesIO()
    # The SVG and PDF are made in memory and rewritten to carry the title and alt text accessibly.
    accessible = {"svg": _accessible_svg, "pdf": _accessible_pdf}
    with house_style():
        _fit_left_margin(fig)
        for fmt in rendered:
            if fmt in accessible:
                drawn = io.BytesIO()
                fig.savefig(drawn, format=fmt, dpi=PNG_DPI, metadata=metadata[fmt])
                files[fmt].write_bytes(accessible[fmt](drawn.getvalue(), exhibit))
            else:
                fig.savefig(files[fmt], format=fmt, dpi=PNG_DPI, metadata=metadata[fmt])
        fig.savefig(preview, format="png", dpi=PREVIEW_DPI, metadata={"Software": None})
    plt.close(fig)
    # Text cells and headers that a spreadsheet would read as a formula are written as text (see ._safe_text).
    csv_frame(exhibit.exported_data()).to_csv(files["csv"], index=False, lineterminator="\n", encoding="utf-8")
    if not draft:
        _write_spreadsheet(exhibit, files["xlsx"])
    sidecar = {
        **({"draft": True} if draft else {}),
        "exhibit_id": exhibit.exhibit_id,
        "title": exhibit.title,
        "subtitle": exhibit.subtitle,
        "source": exhibit.source,
        "notes": list(exhibit.notes),
        "alt_text": exhibit.alt_text,
        "files": {fmt: path.name for fmt, path in files.items() if fmt != "json"},
        "inputs": inputs,
        "package_version": __version__,
        **_code_version(),
        "packages": package_versions(),
    }
    files["json"].write_text(json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n", encoding="utf-8",
                             newline="\n")
    write_manifest(folder)
    return ExportedExhibit(exhibit.exhibit_id, files, preview.getvalue())


def write_manifest(directory: str | Path | None = None, *, made_by: str | None = None,
                   data_dir: str | Path | None = None) -> Path:
    """Rewrite ``manifest.json``: sha256 and size of every file in the folder, its exhibit, and the inputs.

    Files are listed by name, sorted; each belongs to the exhibit its name starts with. ``inputs``
    gathers what the folder's sidecars cite (data-package tables and users' files, by sha256);
    ``data_package`` lists the hashes the package in use (``data_dir``, default
    :func:`~inquiry_analysis.provenance.default_data_dir`) records. ``made_by`` names the command
    that made the folder (``analyse`` marks its own output this way).
    """
    from . import __version__

    folder = Path(directory) if directory is not None else default_figures_dir()
    _check_not_committed_figures(folder)
    entries, inputs = [], {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != provenance.MANIFEST and not path.name.startswith("."):
            match = _ID.match(path.name)
            entries.append({"path": path.name, "exhibit": match.group(0) if match else None,
                            "sha256": provenance.sha256_file(path), "bytes": path.stat().st_size})
            if match and path.suffix == ".json":
                inputs.update(json.loads(path.read_text(encoding="utf-8")).get("inputs", {}))
    manifest = {
        **({"made_by": made_by} if made_by else {}),
        "package_version": __version__,
        "data_package": provenance.DataPackage.open(data_dir).expected_hashes(),
        "inputs": dict(sorted(inputs.items())),
        "files": entries,
    }
    target = folder / provenance.MANIFEST
    target.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    return target
