"""An exhibit's own vector PDF, read for the bundle: its size, its smallest text, where it may be cut, its drawing.

The bundle shows each exhibit as the PDF :func:`~inquiry_analysis.exhibits.export.export_exhibit` wrote (the file
the manifest hashes), drawn on the bundle's page as a Form XObject: the chart's text stays text, in its own
embedded fonts, at the size the page allows. An exhibit taller than a page (a table of claims) is shown in
bands, cut only where no line of text is crossed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ExhibitPage", "exhibit_form", "read_exhibit_page"]

# matplotlib draws each text as `q <matrix> cm BT /F<n> <size> Tf ...` (pdf.fonttype 42).
_TEXT = re.compile(rb"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) cm\nBT\n/F\d+ ([\d.]+) Tf")
# One whole text drawn (matplotlib escapes a line feed inside a string, so `ET\nQ\n` ends it); group 1: baseline.
_TEXT_BLOCK = re.compile(rb"q\n(?:-?[\d.]+ ){5}(-?[\d.]+) cm\nBT\n.*?\nET\nQ\n", re.DOTALL)
# accessible_pdf wraps the exhibit's whole drawing in one marked-content sequence; the bundle tags it itself.
_WRAPPED = re.compile(rb"\A/Figure << /MCID 0 >> BDC\n(.*)\nEMC\n\Z", re.DOTALL)
# DejaVu Sans reaches 0.93 em above the baseline and 0.24 em below it.
ASCENT, DESCENT = 0.93, 0.24
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


def _drawing(reader):
    page = reader.pages[0]
    data = page.get_contents().get_data()
    wrapped = _WRAPPED.match(data)
    return page, wrapped.group(1) if wrapped else data


@functools.lru_cache(maxsize=64)
def _read(path: Path, digest: str) -> ExhibitPage:
    from pypdf import PdfReader

    page, data = _drawing(PdfReader(path))
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    spans, sizes = [], []
    for match in _TEXT.finditer(data):
        _, b, _, _, _, f, size = (float(v) for v in match.groups())
        sizes.append(size)
        top = height - f
        # A rotated label (an axis title) runs up from its origin; it is never cut through, over 30 em.
        spans.append((top - 30 * size, top + size) if abs(b) > 1e-6 else (top - ASCENT * size, top + DESCENT * size))
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

    page, data = _drawing(reader)
    if band is not None:
        low, high = band
        data = _TEXT_BLOCK.sub(lambda m: m.group(0) if low <= float(m.group(1)) <= high else b"", data)
    form = DecodedStreamObject()
    form.set_data(data)
    form = form.flate_encode(level=6)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    box = [float(v) for v in page.mediabox]
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in box)
    form[NameObject("/Resources")] = page["/Resources"].clone(writer)
    return writer._add_object(form)
