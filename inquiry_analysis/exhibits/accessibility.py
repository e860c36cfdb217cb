"""Exhibits that assistive technology can read: title and alt text carried in the SVG and the PDF.

The SVG keeps its text as text and carries the title and alt text as ``<title>`` and ``<desc>`` with
``role="img"`` and ``aria-labelledby``; the PDF is tagged as one Figure whose alternate text is the
alt text, with the title shown as the document's title and its language declared.
"""

from __future__ import annotations

import re
import zlib
from xml.sax.saxutils import escape, quoteattr

from inquiry_analysis.exhibits.exhibit import Exhibit
from inquiry_analysis.exhibits.style import LANGUAGE, drawn_text

__all__ = ["accessible_pdf", "accessible_svg"]

# The root element's start tag, and the <title> matplotlib writes as its first child (without an id).
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
_SVG_TITLE = re.compile(r"\A\s*<title>[^<]*</title>")
# Characters XML 1.0 does not allow, even as character references.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def accessible_svg(svg: bytes, exhibit: Exhibit) -> bytes:
    """The SVG with its title and alt text where assistive technology reads them.

    ``<title>`` and ``<desc>`` become the root's first children, with ids made from the exhibit id
    (so the bytes do not vary); the root gets ``role="img"``, ``aria-labelledby`` naming both, and
    the language. The RDF metadata matplotlib writes is kept.

    Parameters
    ----------
    svg : bytes
        The SVG matplotlib wrote.
    exhibit : Exhibit
        The exhibit drawn (its title and alt text).

    Returns
    -------
    bytes
    """
    text = svg.decode("utf-8")
    root = _SVG_ROOT.search(text)
    if root is None:
        raise ValueError(f"expected matplotlib's SVG to have an <svg> root element, got {text[:200]!r}")
    title_id, desc_id = f"{exhibit.exhibit_id}-title", f"{exhibit.exhibit_id}-desc"
    start = (
        root.group(0)[:-1] + f' xml:lang="{LANGUAGE}" role="img" aria-labelledby={quoteattr(f"{title_id} {desc_id}")}>'
    )
    head = (
        f'\n <title id="{title_id}">{escape(drawn_text(exhibit.title))}</title>'
        f'\n <desc id="{desc_id}">{escape(drawn_text(exhibit.alt_text))}</desc>'
    )
    svg = text[: root.start()] + start + head + _SVG_TITLE.sub("", text[root.end() :], count=1)
    # A character XML cannot hold, in any text drawn from a user's file, would make the whole file unreadable.
    return _NOT_XML.sub(lambda m: drawn_text(m.group(0)), svg).encode("utf-8")


# matplotlib's PDF: one classic cross-reference table (20-byte entries) and trailer at the end.
_PDF_XREF = re.compile(
    rb"xref\n0 (\d+)\n((?:\d{10} \d{5} [fn] \n)+)trailer\n(<<.*?>>)\nstartxref\n(\d+)\n%%EOF\n\Z", re.DOTALL
)
_PDF_CATALOG = re.compile(rb"<< /Type /Catalog /Pages (\d+) 0 R >>")


def accessible_pdf(pdf: bytes, exhibit: Exhibit) -> bytes:
    """The PDF tagged: its page is one Figure whose alternate text is the exhibit's alt text.

    matplotlib writes no structure, so the file is rewritten object by object: the catalog gains
    ``/Lang``, ``/MarkInfo``, a structure tree (Document, then one Figure with ``/Alt`` and a
    bounding box) and ``/ViewerPreferences /DisplayDocTitle`` (readers show the title, not the file
    name); the page's content is wrapped in one marked-content sequence the Figure owns. The text
    drawn in the chart stays real text (embedded TrueType with Unicode maps), but is not tagged
    element by element: a screen reader announces the figure and reads its alt text.

    Parameters
    ----------
    pdf : bytes
        The PDF matplotlib wrote.
    exhibit : Exhibit
        The exhibit drawn (its title and alt text).

    Returns
    -------
    bytes
        The tagged PDF.
    """
    from matplotlib.backends.backend_pdf import Name, Reference, pdfRepr

    end, size, order, bounds, chunks = _objects(pdf)
    root = int(re.search(rb"/Root (\d+) 0 R", end.group(3)).group(1))
    catalog = _PDF_CATALOG.fullmatch(_body(chunks, root).strip())
    if catalog is None:
        raise ValueError(f"expected matplotlib's catalog to name only its pages, got {_body(chunks, root)!r}")
    kids = re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[([^\]]*)\]", _body(chunks, int(catalog.group(1)))).group(1))
    if len(kids) != 1:
        raise ValueError(f"expected a one-page PDF, got {len(kids)} pages")
    page_number = int(kids[0])
    page = _body(chunks, page_number).strip()
    box = [float(v) for v in re.search(rb"/MediaBox \[([^\]]*)\]", page).group(1).split()]
    _tag_drawing(chunks, int(re.search(rb"/Contents (\d+) 0 R", page).group(1)))

    tree, document, figure, parents = range(size, size + 4)
    _put(chunks, page_number, page[:-2].rstrip() + b" /StructParents 0 /Tabs /S >>")
    _put(
        chunks,
        root,
        pdfRepr(
            {
                "Type": Name("Catalog"),
                "Pages": Reference(int(catalog.group(1))),
                "Lang": LANGUAGE,
                "MarkInfo": {"Marked": True},
                "StructTreeRoot": Reference(tree),
                "ViewerPreferences": {"DisplayDocTitle": True},
            }
        ),
    )
    structure = {
        tree: {
            "Type": Name("StructTreeRoot"),
            "K": Reference(document),
            "ParentTree": Reference(parents),
            "ParentTreeNextKey": 1,
        },
        document: {"Type": Name("StructElem"), "S": Name("Document"), "P": Reference(tree), "K": [Reference(figure)]},
        figure: {
            "Type": Name("StructElem"),
            "S": Name("Figure"),
            "P": Reference(document),
            "Pg": Reference(page_number),
            "K": 0,
            "Alt": exhibit.alt_text,
            "A": {"O": Name("Layout"), "Placement": Name("Block"), "BBox": box},
        },
        parents: {"Nums": [0, [Reference(figure)]]},
    }
    for number, content in structure.items():
        _put(chunks, number, pdfRepr(content))
    return _assemble(pdf, end, size, [*order, tree, document, figure, parents], bounds[0], chunks)


def _objects(pdf: bytes):
    """matplotlib's PDF cut into its numbered objects, by the offsets its one cross-reference table records."""
    end = _PDF_XREF.search(pdf)
    if end is None or int(end.group(4)) != end.start():
        raise ValueError(
            "expected matplotlib's PDF to end in one cross-reference table, got "
            f"{pdf[-300:]!r}; check the matplotlib version against requirements.lock"
        )
    size = int(end.group(1))
    lines = end.group(2).split(b" \n")[:-1]
    offsets = {number: int(line[:10]) for number, line in enumerate(lines) if number and line.endswith(b"n")}
    order = sorted(offsets, key=offsets.get)
    bounds = [offsets[n] for n in order] + [end.start()]
    chunks = {n: pdf[start:stop] for n, start, stop in zip(order, bounds, bounds[1:])}
    return end, size, order, bounds, chunks


def _body(chunks: dict, number: int) -> bytes:
    chunk = chunks[number]
    head = b"%d 0 obj\n" % number
    if not chunk.startswith(head) or not chunk.endswith(b"endobj\n"):
        raise ValueError(f"expected PDF object {number} at its recorded offset, got {chunk[:40]!r}")
    return chunk[len(head) : -len(b"endobj\n")]


def _put(chunks: dict, number: int, content: bytes) -> None:
    chunks[number] = b"%d 0 obj\n" % number + content + b"\nendobj\n"


def _tag_drawing(chunks: dict, contents: int) -> None:
    """The page's drawing, wrapped in one marked-content sequence (MCID 0) that the Figure owns."""
    stream = _body(chunks, contents)
    header, _, rest = stream.partition(b"\nstream\n")
    data = rest[: -len(b"\nendstream\n")]
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
    _put(chunks, contents, header + b"\nstream\n" + tagged + b"\nendstream")
    _put(chunks, int(length.group(1)), b"%d" % len(tagged))


def _assemble(pdf: bytes, end, size: int, numbers: list[int], start: int, chunks: dict) -> bytes:
    """The objects written in order after the header, with a new cross-reference table and trailer."""
    out = bytearray(pdf[:start])
    positions = {}
    for number in numbers:
        positions[number] = len(out)
        out += chunks[number]
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (size + 4)
    out += b"".join(b"%010d 00000 n \n" % positions[n] for n in range(1, size + 4))
    trailer = re.sub(rb"/Size \d+", b"/Size %d" % (size + 4), end.group(3))
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
