"""The bundle's PDF written: pages drawn with matplotlib, each item in its own marked-content sequence, then tagged.

matplotlib draws the pages (its fonts are embedded as TrueType subsets with Unicode maps). Each item is drawn
by a wrapper artist that writes a marked-content sequence around it: a text line gets an MCID, to be owned
by its structure element; running headers and footers, rules, shading and repeated table headers are
artifacts; each exhibit band is drawn as that exhibit's own PDF (a Form XObject, clipped to the band) inside
a sequence its Figure owns. A second pass with pypdf then adds the structure tree (Document; a Sect for each
part; H1, H2, P, Table with TR/TH/TD, Figure with its alternate text and bounding box, Link), the parent
tree, ``/Lang``, ``/MarkInfo``, ``DisplayDocTitle``, the outline (bookmarks) and the link annotations of
the contents and index (to pages) and the annex (to addresses). No date and no file identifier is written:
two builds of the same layout give the same bytes.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from inquiry_analysis.exhibits.bundle.pdf_exhibit import exhibit_form
from inquiry_analysis.exhibits.bundle.pdf_flow import GREY, LEFT, PAGE_H, PAGE_W, _Elem, _Page, _Style, _width
from inquiry_analysis.exhibits.style import LANGUAGE, house_style

__all__ = ["write_pages"]

PAGINATION = b"/Artifact << /Type /Pagination >> BDC\n"
LAYOUT = b"/Artifact << /Type /Layout >> BDC\n"


@functools.cache
def _marked_class():
    from matplotlib.artist import Artist
    from matplotlib.backends.backend_pdf import PdfFile

    class Marked(Artist):
        """Draws its artist (and raw content) inside the marked-content sequence its opening operator begins."""

        def __init__(self, begin: bytes, artist=None, raw: bytes = b""):
            super().__init__()
            self.begin, self.artist, self.raw = begin, artist, raw

        def draw(self, renderer):
            # Marks and raw content are PDF's own; drawn to another format (a test's SVG), only the artist is.
            file = getattr(renderer, "file", None)
            pdf = isinstance(file, PdfFile)
            if pdf:
                file.write(self.begin)
            if self.artist is not None:
                self.artist.draw(renderer)
            if pdf:
                file.write(self.raw + b"EMC\n")

    return Marked


@functools.cache
def _font(style: _Style):
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=style.family, weight=style.weight, size=style.size)


class _Line:
    """One line of text drawn straight through the renderer, at its baseline: the bundle sets its own lines, so
    the Text artist's layout (a measure of every line, the half of the cost of drawing it) is not needed."""

    def __init__(self, x: float, y: float, text: str, style: _Style, right: bool = False):
        # inches from the page's left and top edges; `right`: x is where the line ends
        self.x, self.y, self.text, self.style = x - (_width(text, style) / 72 if right else 0), y, text, style

    def draw(self, renderer):
        from matplotlib.colors import to_rgb

        gc = renderer.new_gc()
        gc.set_foreground(to_rgb(self.style.color))
        dpi = renderer.points_to_pixels(72)
        renderer.draw_text(gc, self.x * dpi, (PAGE_H - self.y) * dpi, self.text, _font(self.style), 0, ismath=False)
        gc.restore()


def _draw(fig, page: _Page, number: int, total: int, footer: str, forms: dict) -> list[tuple]:
    """Draw one page; return what each MCID on it holds: (element, link target or None, box in points)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    marks = []

    def add(begin, artist=None, raw=b""):
        if artist is not None and not isinstance(artist, _Line):
            artist.set_figure(fig)
            artist.set_transform(fig.transFigure)
        fig.add_artist(_marked_class()(begin, artist, raw))

    def at(x, y):
        return x / PAGE_W, 1 - y / PAGE_H

    def text(x, y, s, style, ha="left"):
        return _Line(x, y, s, style, right=ha == "right")

    def tagged(elem, url, box):
        marks.append((elem, url, box))
        return b"/%s << /MCID %d >> BDC\n" % (elem.role.encode(), len(marks) - 1)

    small = _Style(7.5, color=GREY)
    for x, y, s, ha in [(LEFT, 0.55, "Evidence bundle", "left"), (PAGE_W - LEFT, 0.55, page.header, "right")][
        : 2 if page.section else 0
    ] + [(LEFT, PAGE_H - 0.5, footer, "left"), (PAGE_W - LEFT, PAGE_H - 0.5, f"Page {number} of {total}", "right")]:
        add(PAGINATION, text(x, y, s, small, ha))
    for item in page.items:
        kind = item[0]
        if kind == "text":
            _, x, y, line, style, url, elem = item
            box = (x * 72, (PAGE_H - y) * 72 - style.size * 0.24, _width(line, style), style.size * 1.17)
            add(PAGINATION if elem is None else tagged(elem, url, box), text(x, y, line, style))
        elif kind == "rule":
            _, x0, x1, y, color = item
            add(LAYOUT, Line2D([x0 / PAGE_W, x1 / PAGE_W], [1 - y / PAGE_H] * 2, color=color, linewidth=0.5))
        elif kind == "rect":
            _, x, y, w, h, color = item
            add(LAYOUT, Rectangle(at(x, y + h), w / PAGE_W, h / PAGE_H, facecolor=color, edgecolor="none"))
        elif kind == "figure":
            _, x, y, w, h, path, elem, scale, height, band = item
            above = band[1] if band else height
            name = forms.setdefault((path, band), f"Exhibit{len(forms) + 1}")
            box = (x * 72, (PAGE_H - y - h) * 72, w * 72, h * 72)
            # Clipped to the band; the exhibit's point `above` over its lower edge sits at the band's upper edge.
            raw = b"q %.3f %.3f %.3f %.3f re W n %.6f 0 0 %.6f %.3f %.3f cm /%s Do Q\n" % (
                *box,
                scale,
                scale,
                box[0],
                (PAGE_H - y) * 72 - scale * above,
                name.encode(),
            )
            add(tagged(elem, None, box), raw=raw)
    return marks


def _render(pages: list[_Page], footer: str) -> tuple[bytes, list[list[tuple]], dict]:
    """The pages drawn by matplotlib: the PDF's bytes, what each page's MCIDs hold, and the forms named."""
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    out, marks, forms = io.BytesIO(), [], {}
    with house_style(), PdfPages(out, metadata={"CreationDate": None, "ModDate": None}) as pdf:
        for number, page in enumerate(pages, start=1):
            fig = Figure(figsize=(PAGE_W, PAGE_H))
            fig.patch.set_visible(False)  # a white page needs no painting, and would be untagged content
            marks.append(_draw(fig, page, number, len(pages), footer, forms))
            pdf.savefig(fig)
    return out.getvalue(), marks, forms


def write_pages(pages: list[_Page], path: Path, *, title: str, version: str, footer: str) -> None:
    """Draw the laid-out pages and write them as one tagged PDF, with bookmarks and links.

    Parameters
    ----------
    pages : list
        The pages :func:`~inquiry_analysis.exhibits.bundle.pdf.layout` gives.
    path : pathlib.Path
        Where to write.
    title, version, footer : str
        The document's title, the package version, and the line at the foot of every page.

    Returns
    -------
    None
    """
    import matplotlib
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    raw, marks, forms = _render(pages, footer)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    writer.pdf_header = b"%PDF-1.7"
    xobjects = writer.pages[0]["/Resources"]["/XObject"].get_object()  # matplotlib shares one among its pages
    readers = {}
    for (file, band), name in forms.items():
        reader = readers.setdefault(file, PdfReader(file))
        xobjects[NameObject(f"/{name}")] = exhibit_form(writer, reader, band)
    _tag(writer, pages, marks)
    writer._info = None  # matplotlib's information dictionary is replaced whole, with no dates
    writer.add_metadata(
        {
            "/Title": title,
            "/Subject": "Exhibits and file hashes, with the claims checked and documents cited where there are any",
            "/Creator": f"inquiry-analysis {version}",
            "/Producer": f"inquiry-analysis {version} (matplotlib {matplotlib.__version__})",
        }
    )
    with open(path, "wb") as handle:
        writer.write(handle)


def _dict(**entries):
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    def value(v):
        if type(v) is dict:  # a plain dict of this module's; pypdf's own objects pass as they are
            return _dict(**v)
        if type(v) is list:
            return ArrayObject(value(x) for x in v)
        return v

    return DictionaryObject({NameObject(f"/{k}"): value(v) for k, v in entries.items()})


def _array(items):
    from pypdf.generic import ArrayObject

    return ArrayObject(items)


def _tag(writer, pages: list[_Page], marks: list[list[tuple]]) -> None:
    """The structure tree, parent tree, link annotations, outline and catalog entries of a tagged PDF."""
    from pypdf.generic import BooleanObject, FloatObject, NameObject, NumberObject, create_string_object

    add, page_refs = writer._add_object, [p.indirect_reference for p in writer.pages]
    content, sections = {}, []
    for index, page_marks in enumerate(marks):
        for mcid, (elem, url, box) in enumerate(page_marks):
            content.setdefault(elem, []).append((index, mcid, url, box))
            while elem.parent is not None:
                elem = elem.parent
            if elem not in sections:
                sections.append(elem)
    parents = [[None] * len(m) for m in marks]
    links = []  # (page index, annotation reference, Link element reference)
    tree = add(_dict(Type=NameObject("/StructTreeRoot")))
    document = add(_dict(Type=NameObject("/StructElem"), S=NameObject("/Document"), P=tree))

    def element(elem: _Elem, parent):
        ref = add(_dict(Type=NameObject("/StructElem"), S=NameObject(f"/{elem.role}"), P=parent))
        obj, kids = ref.get_object(), [element(kid, ref) for kid in elem.kids]
        if elem.alt is not None:
            obj[NameObject("/Alt")] = create_string_object(elem.alt)
        if elem.role == "TH":
            obj[NameObject("/A")] = _dict(O=NameObject("/Table"), Scope=NameObject("/Column"))
        for index, mcid, url, box in content.get(elem, []):
            mcr = _dict(Type=NameObject("/MCR"), Pg=page_refs[index], MCID=NumberObject(mcid))
            parents[index][mcid] = ref
            if _leads_somewhere(url, len(page_refs)):
                link = add(_dict(Type=NameObject("/StructElem"), S=NameObject("/Link"), P=ref))
                annotation = _link(writer, page_refs, index, box, url, len(marks) + len(links))
                objr = _dict(Type=NameObject("/OBJR"), Obj=annotation, Pg=page_refs[index])
                link.get_object()[NameObject("/K")] = _array([mcr, objr])
                parents[index][mcid] = link
                links.append((index, annotation, link))
                mcr = link
            kids.append(mcr)
        if elem.role == "Figure" and elem in content:
            index, _, _, (x, y, w, h) = content[elem][0]
            obj[NameObject("/Pg")] = page_refs[index]
            bbox = [FloatObject(round(v, 3)) for v in (x, y, x + w, y + h)]
            obj[NameObject("/A")] = _dict(O=NameObject("/Layout"), Placement=NameObject("/Block"), BBox=bbox)
        obj[NameObject("/K")] = _array(kids)
        return ref

    document.get_object()[NameObject("/K")] = _array([element(s, document) for s in sections])
    nums = [v for i, refs in enumerate(parents) for v in (NumberObject(i), _array(refs))]
    nums += [v for key, (_, _, link) in enumerate(links, start=len(marks)) for v in (NumberObject(key), link)]
    tree.get_object().update(
        _dict(K=document, ParentTree=_dict(Nums=nums), ParentTreeNextKey=NumberObject(len(marks) + len(links)))
    )
    for index, page in enumerate(writer.pages):
        page[NameObject("/StructParents")] = NumberObject(index)
        page[NameObject("/Tabs")] = NameObject("/S")
        annotations = [a for i, a, _ in links if i == index]
        if annotations:
            page[NameObject("/Annots")] = _array(annotations)
    writer._root_object.update(
        _dict(
            StructTreeRoot=tree,
            MarkInfo={"Marked": BooleanObject(True)},
            Lang=create_string_object(LANGUAGE),
            ViewerPreferences={"DisplayDocTitle": BooleanObject(True)},
            PageMode=NameObject("/UseOutlines"),
        )
    )
    for index, page in enumerate(pages):
        if page.bookmark:
            writer.add_outline_item(title=page.bookmark, page_number=index)


def _leads_somewhere(url: str | None, pages: int) -> bool:
    """An address, or a page of this document (a part left out, or not yet numbered, names none)."""
    if not url:
        return False
    if url.startswith("#page="):
        number = url.removeprefix("#page=")
        return number.isdigit() and 1 <= int(number) <= pages
    return True


def _link(writer, page_refs, index: int, box, url: str, key: int):
    """A link annotation over ``box`` (x, y, width, height in points): to a page (``#page=N``) or an address."""
    from pypdf.generic import FloatObject, NameObject, NumberObject, create_string_object

    x, y, w, h = box
    entries = {
        "Type": NameObject("/Annot"),
        "Subtype": NameObject("/Link"),
        "Rect": [FloatObject(round(v, 3)) for v in (x, y, x + w, y + h)],
        "Border": [NumberObject(0), NumberObject(0), NumberObject(0)],
        "P": page_refs[index],
        "StructParent": NumberObject(key),
    }
    if url.startswith("#page="):
        target = int(url.removeprefix("#page=")) - 1
        entries["Dest"] = [
            page_refs[target],
            NameObject("/XYZ"),
            NumberObject(0),
            FloatObject(PAGE_H * 72),
            NumberObject(0),
        ]
        entries["Contents"] = create_string_object(f"Go to page {target + 1}")
    else:
        entries["A"] = {"S": NameObject("/URI"), "URI": create_string_object(url)}
        entries["Contents"] = create_string_object(f"Open {url}")
    return writer._add_object(_dict(**entries))
