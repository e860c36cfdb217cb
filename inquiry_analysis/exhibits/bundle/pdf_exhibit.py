"""An exhibit's own vector PDF, read for the bundle: its size, its smallest text, where it may be cut, its drawing.

The bundle shows each exhibit as the PDF :func:`~inquiry_analysis.exhibits.export.export_exhibit` wrote (the file
the manifest hashes), drawn on the bundle's page as a Form XObject: the chart's text stays text, in its own
embedded fonts, at the size the page allows. An exhibit taller than a page (a table of claims) is shown in
bands, cut only where no line of text is crossed.
"""

from __future__ import annotations

import bisect
import functools
import logging
import math
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ExhibitPage", "exhibit_form", "read_exhibit_page"]

# matplotlib draws each text as `q <matrix> cm BT /F<n> <size> Tf ...` (pdf.fonttype 42). A user's file is read
# in linear time: no number is begun inside another (the lookbehind) and none gives back what it took (`++`).
_NUMBER = rb"(-?[\d.]++)"
_TEXT = re.compile(rb"(?<![\d.-])" + rb" ".join([_NUMBER] * 6) + rb" cm\nBT\n/F\d++ ([\d.]++) Tf")
# One whole text drawn runs from its start (group 1: baseline) to the first `ET\nQ\n` after it (matplotlib
# escapes a line feed inside a string, so that ends it). The two are found apart and paired: one pass each.
_TEXT_START = re.compile(rb"q\n(?:-?[\d.]++ ){5}(-?[\d.]++) cm\nBT\n")
_TEXT_END = re.compile(rb"(?=\nET\nQ\n)")
# accessible_pdf wraps the exhibit's whole drawing in one marked-content sequence; the bundle tags it itself.
_WRAPPED = re.compile(rb"\A/Figure << /MCID 0 >> BDC\n(.*)\nEMC\n\Z", re.DOTALL)
# DejaVu Sans reaches 0.93 em above the baseline and 0.24 em below it.
ASCENT, DESCENT = 0.93, 0.24
# A chart's PDF is tens of KB (the project's are 37-46 KB); 5 MB leaves room for a dense scatter of a user's
# while pypdf, which holds the whole file in memory, never reads a large one. Its drawing, decoded, is capped too.
MAX_PDF_BYTES = 5 * 2**20
MAX_DRAWING_BYTES = 16 * 2**20
MAX_SIDE = 14400.0  # points: the largest page PDF allows (200 inches)
MIN_GAP = 3.0  # points of clear space between two lines of text where an exhibit may be cut


@dataclass(frozen=True, kw_only=True)
class ExhibitPage:
    """The page of an exhibit's PDF, as the bundle lays it out.

    Attributes
    ----------
    width, height : float
        The page's size in points.
    smallest : float
        The smallest font size its text is set in, in points (0 if it has no text).
    cuts : tuple of float
        Where the exhibit may be cut into bands (points from its top edge, ascending): just above a line
        of text that has clear space above it; the last is the exhibit's height.
    """

    width: float
    height: float
    smallest: float
    cuts: tuple[float, ...]


def _resources(page):
    """The page's /Resources, its own or inherited from a parent (a bounded walk: a loop of parents ends it)."""
    node = page
    for _ in range(32):
        if "/Resources" in node:
            return node["/Resources"].get_object()
        if "/Parent" not in node:
            break
        node = node["/Parent"].get_object()
    raise ValueError("its page has no /Resources")


def _drawing(reader):
    """The exhibit's one page, its resources and its drawing (decoded), checked: one page, a drawing of bounded size."""
    if len(reader.pages) != 1:
        raise ValueError(f"it has {len(reader.pages)} pages; an exhibit's PDF has exactly one")
    page = reader.pages[0]
    if "/Contents" not in page or page.get_contents() is None:
        raise ValueError("its page has no /Contents")
    data = page.get_contents().get_data()  # pypdf bounds what a stream may inflate to (ZLIB_MAX_OUTPUT_LENGTH)
    if len(data) > MAX_DRAWING_BYTES:
        raise ValueError(f"its drawing is over {MAX_DRAWING_BYTES // 2**20} MB decoded")
    resources = _resources(page)
    wrapped = _WRAPPED.match(data)
    return page, resources, wrapped.group(1) if wrapped else data


def _checked(path: Path, read):
    """``read(reader)`` on the PDF at ``path``, with its size capped first and any error of pypdf's a ValueError."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    path = Path(path)
    if path.stat().st_size > MAX_PDF_BYTES:
        raise ValueError(
            f"{path.name} in {path.parent}: over {MAX_PDF_BYTES // 2**20} MB; an exhibit's PDF is a one-page chart"
        )
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # pypdf's warnings quote the file's bytes; strict reading refuses instead
    try:
        return read(PdfReader(path, strict=True))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, zlib.error) as err:
        # pypdf's message may quote a few of the file's bytes: what it quotes is left out, the rest cut to one line
        what = re.sub(r"b?'[^']*'|b?\"[^\"]*\"", "…", (str(err).splitlines() or [type(err).__name__])[0])[:160]
        raise ValueError(
            f"{path.name} in {path.parent}: not a one-page exhibit PDF the bundle can show ({what})"
        ) from None
    finally:
        quiet.setLevel(level)


def _text_blocks(data: bytes):
    """Each whole text drawn: (start, end, baseline), in order, found in linear time."""
    ends = [m.start() + len(b"\nET\nQ\n") for m in _TEXT_END.finditer(data)]
    starts = [m.start() for m in _TEXT_END.finditer(data)]
    reach = 0
    for match in _TEXT_START.finditer(data):
        if match.start() < reach:
            continue
        i = bisect.bisect_left(starts, match.end())
        if i == len(starts):
            return  # no text after this one is finished either
        reach = ends[i]
        yield match.start(), reach, _number(match.group(1))  # NaN: in no band


def _number(text: bytes) -> float:
    """A number of the drawing; NaN where it is none (``1.2.3``) or beyond any page (a text there is skipped)."""
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if abs(value) <= 1e6 else math.nan


def _spans(data: bytes, height: float):
    spans, sizes = [], []
    for match in _TEXT.finditer(data):
        _, b, _, _, _, f, size = numbers = [_number(v) for v in match.groups()]
        if any(math.isnan(v) for v in numbers):
            continue
        sizes.append(size)
        top = height - f
        # A rotated label (an axis title) runs up from its origin; it is never cut through, over 30 em.
        spans.append((top - 30 * size, top + size) if abs(b) > 1e-6 else (top - ASCENT * size, top + DESCENT * size))
    return spans, sizes


@functools.lru_cache(maxsize=64)
def _read(path: Path, digest: str) -> ExhibitPage:
    def read(reader):
        page, _, data = _drawing(reader)
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
            raise ValueError(f"its page is {width:.6g} by {height:.6g} points")
        return width, height, *_spans(data, height)

    width, height, spans, sizes = _checked(path, read)
    cuts, reach = [], 0.0
    for start, end in sorted(spans):
        if start - reach >= MIN_GAP and reach > 0:
            cuts.append(start - MIN_GAP / 2)
        reach = max(reach, end)
    return ExhibitPage(width=width, height=height, smallest=min(sizes, default=0.0), cuts=(*cuts, height))


def read_exhibit_page(path: Path, digest: str) -> ExhibitPage:
    """The size, smallest text and possible cuts of an exhibit's one-page PDF.

    Parameters
    ----------
    path : pathlib.Path
        The exhibit's PDF.
    digest : str
        Its sha256, as the manifest records it (read once per content).

    Returns
    -------
    ExhibitPage
    """
    return _read(Path(path), digest)


def exhibit_form(writer, reader, band: tuple[float, float] | None = None):
    """The exhibit's page as a Form XObject added to ``writer``: its drawing, resources and bounding box.

    Parameters
    ----------
    writer : pypdf.PdfWriter
        The bundle being written; the exhibit's fonts and resources are copied into it.
    reader : pypdf.PdfReader
        The exhibit's PDF, read (the bands of one exhibit, read once, share its fonts in the bundle).
    band : (float, float), optional
        For an exhibit shown in bands: the band's lower and upper edge (points over the exhibit's lower
        edge). The form then holds only the text lines whose baseline lies in the band, so that the text
        clipped away on one page is not found there by search, copying or text extraction.

    Returns
    -------
    pypdf.generic.IndirectObject
        The form, to name in a page's resources.
    """
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    page, resources, data = _drawing(reader)  # read_exhibit_page checked this file when the bundle was laid out
    if band is not None:
        low, high = band
        kept, at = [], 0
        for start, end, baseline in _text_blocks(data):
            kept.append(data[at:start])
            if low <= baseline <= high:
                kept.append(data[start:end])
            at = end
        data = b"".join([*kept, data[at:]])
    form = DecodedStreamObject()
    form.set_data(data)
    form = form.flate_encode(level=6)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    box = [float(v) for v in page.mediabox]
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in box)
    form[NameObject("/Resources")] = resources.clone(writer)
    return writer._add_object(form)
