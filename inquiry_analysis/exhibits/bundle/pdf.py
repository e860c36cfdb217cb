"""The bundle's PDF laid out: pinned fonts measured with their own metrics, wrapped text, page flow, tables
that continue with their header, and each exhibit's own vector PDF placed at the text's width.

The layout is a list of pages of items (text lines, rules, shading, exhibit bands), each text line tied to
the structure element it belongs to (a heading, a paragraph, a table cell, a figure), so that the PDF drawn
from it (:mod:`~inquiry_analysis.exhibits.bundle.pdf_write`) is tagged in reading order. The flow keeps a
heading with what follows it, never leaves one or two lines of a paragraph alone at the foot or head of a
page, and says "(continued)" in the running header of every page a section runs onto.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from inquiry_analysis import provenance
from inquiry_analysis.exhibits.bundle.folder import (
    VERDICTS,
    BundledExhibit,
    BundleFolder,
    commits_line,
    inputs_cited,
    safe_link,
    verify_line,
)
from inquiry_analysis.exhibits.bundle.pdf_exhibit import ExhibitPage, read_exhibit_page
from inquiry_analysis.exhibits.style import FONT, drawn_text

# A4 portrait, in inches; text is set in the pinned fonts, measured with their own metrics.
PAGE_W, PAGE_H = 210 / 25.4, 297 / 25.4
LEFT, TOP, BOTTOM = 0.75, 0.85, PAGE_H - 0.85
WIDTH = PAGE_W - 2 * LEFT
INK, GREY, RULE, SHADE, LINK = "#0B0C0C", "#505A5F", "#B1B4B6", "#F3F2F1", "#1D70B8"
MONO = "DejaVu Sans Mono"


class _Style(NamedTuple):
    size: float = 9.0
    weight: str = "normal"
    family: str = FONT
    color: str = INK

    @property
    def line(self) -> float:
        return self.size * 1.3 / 72

    @property
    def ascent(self) -> float:
        return self.size * 0.95 / 72


BODY, SMALL, CELL, HASH = _Style(9), _Style(8), _Style(7.5), _Style(6.5, family=MONO)
BOLD_CELL, NOTE_CELL = CELL._replace(weight="bold"), _Style(6.5, color=GREY)
H1, H2 = _Style(16, "bold"), _Style(12, "bold")


# ---------------------------------------------------------------- PDF: layout, then drawing


@functools.cache
def _face(family: str, weight: str):
    from matplotlib.font_manager import FontProperties, findfont, get_font

    return get_font(findfont(FontProperties(family=family, weight=weight), fallback_to_default=False))


@functools.cache
def _advance(char: str, family: str, weight: str) -> float:
    """A character's advance in em, from the pinned font's own metrics (unhinted).

    A character the font lacks (a name in a script it does not cover, such as ``警察``) is drawn, as
    matplotlib draws it, with the font's missing-glyph box, so it is measured as that box.
    """
    from matplotlib.ft2font import LoadFlags

    face = _face(family, weight)
    face.set_size(1000, 72)
    index = face.get_char_index(ord(char))
    return face.load_glyph(index, flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 1000


def _width(text: str, style: _Style) -> float:
    """Width in points of ``text`` set in ``style`` (kerning left out: the wrap keeps a margin for it)."""
    return math.fsum(_advance(c, style.family, style.weight) for c in text) * style.size


def _pieces(word: str, style: _Style, limit: float) -> list[str]:
    """A word too long for a line, in pieces that fit: after its hyphens and slashes where possible."""
    pieces, piece = [], ""
    for part in re.findall(r"[^-/]+[-/]*|[-/]+", word):
        for char in part if _width(part, style) > limit else [part]:
            if piece and _width(piece + char, style) > limit:
                pieces.append(piece)
                piece = ""
            piece += char
    return pieces + [piece]


def _wrap(text: str, style: _Style, width: float) -> list[str]:
    """Greedy word wrap to ``width`` inches; a line that fits is kept as written (aligned columns stay)."""
    limit = width * 72 * 0.97
    out = []
    # Text from a user's file (a source, a file name) is set as written, what no reader could see shown escaped.
    for paragraph in drawn_text(text).split("\n"):
        if _width(paragraph, style) <= limit:
            out.append(paragraph)
            continue
        line = ""
        for word in paragraph.split():
            for piece in _pieces(word, style, limit) if _width(word, style) > limit else [word]:
                trial = f"{line} {piece}" if line else piece
                if line and _width(trial, style) > limit:
                    out.append(line)
                    line = piece
                else:
                    line = trial
        out.append(line)
    return out


@dataclass(eq=False)
class _Elem:
    """One element of the structure tree (a section, heading, paragraph, table, row, cell or figure)."""

    role: str
    parent: _Elem | None = None
    alt: str | None = None
    kids: list = field(default_factory=list)

    def add(self, role: str, alt: str | None = None) -> _Elem:
        kid = _Elem(role, self, alt)
        self.kids.append(kid)
        return kid


@dataclass
class _Page:
    section: str
    items: list = field(default_factory=list)
    continued: bool = False  # the section began on an earlier page
    bookmark: str = ""  # the outline entry that points at this page, if any

    @property
    def header(self) -> str:
        return f"{self.section} (continued)" if self.continued and self.section else self.section


def _role(style: _Style) -> str:
    return "H1" if style.size >= H1.size else "H2" if style.size >= H2.size and style.weight == "bold" else "P"


KEEP_WHOLE, KEEP_LINES = 4, 2  # a paragraph this short is never broken; a broken one leaves this many each side
MIN_PRINTED = 7.0  # points: no exhibit's text is printed smaller, where the page's width allows


class _Flow:
    """Text, tables and exhibits set down a page, onto further pages as they fill."""

    def __init__(self, section: str, bookmark: str = ""):
        self.section, self.pages = section, []
        self.sect = _Elem("Sect")
        self.new_page()
        self.page.bookmark = bookmark

    def new_page(self):
        self.page = _Page(self.section, continued=bool(self.pages))
        self.pages.append(self.page)
        self.y = TOP

    def need(self, height: float):
        if self.y + height > BOTTOM and self.y > TOP:
            self.new_page()

    def text(self, text: str, style: _Style = BODY, *, after: float = 0.06, url: str | None = None):
        """A paragraph or heading; a heading keeps three lines of what follows with it, and a paragraph that
        must break leaves at least two lines on each page (one of four lines or fewer moves whole)."""
        role = _role(style)
        elem = self.sect.add(role)
        lines = _wrap(text, style, WIDTH)
        room = int((BOTTOM - self.y) / style.line + 1e-9)
        if role != "P":
            self.need(style.line + 3 * BODY.line)
        elif len(lines) > room and self.y > TOP:
            if len(lines) <= KEEP_WHOLE or room < KEEP_LINES:
                self.new_page()
            elif len(lines) - room < KEEP_LINES:
                self.y = BOTTOM - (len(lines) - KEEP_LINES) * style.line  # so that two lines go over
        for line in lines:
            self.need(style.line)
            self.page.items.append(("text", LEFT, self.y + style.ascent, line, style, url, elem))
            self.y += style.line
        self.y += after

    def table(self, widths, header, groups, *, pad=0.045):
        """Rows of cells (each a list of (text, style, url)); a group of rows stays on one page if it can.

        On a page the table runs onto, its header row is repeated, marked as an artifact of pagination.
        """
        table = self.sect.add("Table")

        def measure(row):
            laid = [
                [(line, s, u) for t, s, u in cell if t for line in _wrap(t, s, w - 2 * pad)]
                for w, cell in zip(widths, row)
            ]
            return laid, max(sum(s.line for _, s, _ in lines) for lines in laid) + 2 * pad

        def draw(laid, height, cells, shade=False):
            if shade:
                self.page.items.append(("rect", LEFT, self.y, sum(widths), height, SHADE))
            x = LEFT
            for w, lines, cell in zip(widths, laid, cells):
                y = self.y + pad
                for line, style, url in lines:
                    self.page.items.append(("text", x + pad, y + style.ascent, line, style, url, cell))
                    y += style.line
                x += w
            self.y += height
            self.page.items.append(("rule", LEFT, LEFT + sum(widths), self.y, RULE))

        head = measure([[(h, BOLD_CELL, None)] for h in header]) if header else ([], 0.0)

        def top(cells=None):
            if header:  # repeated on a later page with no cells of the structure: an artifact
                draw(*head, cells or [None] * len(widths), shade=True)

        laid_groups = [[measure(row) for row in group] for group in groups]
        first = laid_groups[0][0][1] if laid_groups and laid_groups[0] else 0
        self.need(head[1] + first)
        if header:
            row = table.add("TR")
            top([row.add("TH") for _ in widths])
        for index, group in enumerate(laid_groups):
            total = sum(h for _, h in group)
            tail = sum(h for g in laid_groups[index:] for _, h in g)
            # The last row never goes over alone: the one before it goes with it.
            alone = index == len(laid_groups) - 2 and self.y + total <= BOTTOM < self.y + tail
            alone = alone and tail <= BOTTOM - TOP - head[1]
            if (alone or self.y + total > BOTTOM) and total <= BOTTOM - TOP - head[1]:
                self.new_page()
                top()
            for laid, height in group:
                if self.y + height > BOTTOM:
                    self.new_page()
                    top()
                row = table.add("TR")
                draw(laid, height, [row.add("TD") for _ in widths])
        self.y += 0.15

    def figure(self, path: Path, page: ExhibitPage, alt: str, caption: list[tuple[str, _Style]]) -> float:
        """An exhibit's PDF at the text's width, with its caption below it on the same page; returns the scale.

        It is shrunk to keep the caption with it, but never so far that its smallest text prints under
        ``MIN_PRINTED``; one taller than that allows is shown in bands across pages, cut between lines of text.
        """
        figure = self.sect.add("Figure", alt)
        full = WIDTH * 72 / page.width
        least = min(full, MIN_PRINTED / page.smallest) if page.smallest else full
        below = 0.12 + sum(len(_wrap(t, s, WIDTH)) * s.line + 0.06 for t, s in caption)
        height = page.height / 72
        room = BOTTOM - self.y
        # At the text's width if it fits; else shrunk, as far as its text allows; else at the text's width, in bands.
        scale = full if height * full + below <= room or height * least + below > room else (room - below) / height
        top = 0.0
        while True:
            room = (BOTTOM - self.y) * 72 / scale  # exhibit points that fit on this page
            rest = page.height - top
            if rest <= room and (top == 0 or rest * scale / 72 + below <= BOTTOM - self.y):
                cut = page.height  # the rest fits (after a cut, with its caption)
            else:
                cuts = [c for c in page.cuts if top < c <= top + room and c < page.height]
                cut = cuts[-1] if cuts else top + room
            band = (cut - top) * scale / 72
            # The band shows the exhibit from `low` to `high` points over its lower edge; None: the whole of it.
            shown = None if top == 0 and cut == page.height else (page.height - cut, page.height - top)
            width = page.width * scale / 72
            self.page.items.append(("figure", LEFT, self.y, width, band, path, figure, scale, page.height, shown))
            self.y += band
            top = cut
            if top >= page.height - 1e-6:
                break
            self.new_page()
        self.y += 0.12
        for text, style in caption:
            self.text(text, style)
        return scale


def _cover(folder: BundleFolder, claims, sources, title, version, contents) -> list[_Page]:
    flow = _Flow("", bookmark="Cover")
    flow.y = 1.3
    flow.text(title, _Style(20, "bold"), after=0.3)
    ids = [e.exhibit_id for e in folder.exhibits]
    facts = [
        ("Package", f"inquiry-analysis {version}"),
        ("Code", commits_line(folder)),
        ("Exhibits", f"{len(ids)} ({ids[0]} to {ids[-1]})" if len(ids) > 1 else ids[0]),
        ("Claims checked", str(len(claims))),
        ("Cited documents", str(len(sources))),
        ("Built from", f"{folder.name}/{provenance.MANIFEST}"),
    ]
    label, value = _Style(9, "bold", color=GREY), _Style(9.5)
    flow.table([1.4, WIDTH - 1.4], None, [[[[(k, label, None)], [(v, value, None)]]] for k, v in facts])
    flow.y += 0.1
    flow.text("How to verify", H2, after=0.08)
    flow.text(verify_line(folder).replace("`", "'"), BODY, after=0.25)
    flow.text("Contents", H2, after=0.08)
    flow.table(
        [WIDTH - 0.6, 0.6],
        ["Section", "Page"],
        [[[[(name, CELL, f"#page={page}")], [(str(page), CELL, f"#page={page}")]]] for name, page in contents],
    )
    return flow.pages


def _index(folder: BundleFolder, first_pages: dict[str, int]) -> list[_Page]:
    flow = _Flow("Index", bookmark="Index of exhibits and files")
    flow.text("Index of exhibits and files", H1, after=0.1)
    flow.text(
        "Each exhibit's exported files, with their size and sha256 as manifest.json records them. The exhibit "
        "pages show each exhibit's PDF, its vector original, as it is.",
        SMALL,
        after=0.15,
    )
    groups = []
    for exhibit in folder.exhibits:
        cell = [(exhibit.sidecar.get("title", ""), BOLD_CELL, None)]
        cell += [(f"{e['path']:<11}{e['bytes']:>9,} bytes  {e['sha256']}", HASH, None) for e in exhibit.files]
        page = first_pages.get(exhibit.exhibit_id, "")
        groups.append(
            [
                [
                    [(exhibit.exhibit_id, BOLD_CELL, None)],
                    cell,
                    [(str(page), CELL, f"#page={page}")],
                ]
            ]
        )
    flow.table([0.65, WIDTH - 1.1, 0.45], ["Exhibit", "Title; each file with its size and sha256", "Page"], groups)
    flow.need(1.5)  # a heading keeps some of its table with it
    flow.text("Data the exhibits cite", H2, after=0.08)
    flow.text(
        "Each input as the sidecars record it; the data package's own hashes are in data/datapackage.json.",
        SMALL,
        after=0.12,
    )
    groups = [
        [
            [
                [(name, CELL, None)],
                [(record.get("path") or record.get("name", ""), CELL, None), (record.get("sha256", ""), HASH, None)],
                [(", ".join(cited), CELL, None)],
            ]
        ]
        for name, record, cited in inputs_cited(folder)
    ]
    flow.table([1.1, WIDTH - 2.3, 1.2], ["Input", "File and sha256", "Cited by"], groups)
    return flow.pages


def _exhibit_pages(folder: BundleFolder, exhibit: BundledExhibit) -> list[_Page]:
    car, name = exhibit.sidecar, exhibit.file("pdf")
    flow = _Flow(f"Exhibit {exhibit.exhibit_id}", bookmark=f"Exhibit {exhibit.exhibit_id}: {car.get('title', '')}")
    flow.text(f"Exhibit {exhibit.exhibit_id}", H1, after=0.04)
    flow.text(
        f"Shown: {name}, the exhibit's own vector PDF, scaled to the page; the index gives its sha256.",
        _Style(7.5, color=GREY),
        after=0.12,
    )
    digest = next((e["sha256"] for e in exhibit.files if e["path"] == name), "")
    page = read_exhibit_page(folder.path / name, digest)
    alt = car.get("alt_text", "")
    flow.figure(folder.path / name, page, alt, [(f"Text alternative: {alt}", SMALL._replace(color=GREY))])
    return flow.pages


def _claims_pages(claims: list[dict], title: str) -> list[_Page]:
    flow = _Flow("Claims", bookmark=title)
    flow.text(title, H1, after=0.1)
    flow.text(VERDICTS, SMALL, after=0.15)
    groups = []
    for c in claims:
        verdict = [(c["verdict"], BOLD_CELL, None)]
        if c.get("expected") and c["expected"] != c["verdict"]:
            verdict.append((f"(expected: {c['expected']})", CELL, None))
        working = [(c.get("tolerance", ""), NOTE_CELL, None), (c.get("reason", ""), CELL, None)]
        if c.get("sources"):
            working.append((f"Sources: {c['sources']}", NOTE_CELL, None))
        groups.append(
            [
                [
                    [(c["claim_id"], BOLD_CELL, None), (c.get("claim", ""), CELL, None)],
                    [(c["claimed"], CELL, None)],
                    [(c["published_data_give"], CELL, None)],
                    verdict,
                    working,
                ]
            ]
        )
    flow.table(
        [1.15, 0.75, 1.2, 0.95, WIDTH - 4.05],
        ["Claim", "Claimed", "Published data give", "Verdict", "How the figure is read, and why"],
        groups,
    )
    return flow.pages


def _sources_pages(sources: list[dict]) -> list[_Page]:
    flow = _Flow("Annex: cited documents", bookmark="Annex: cited documents")
    flow.text("Annex: cited documents", H1, after=0.1)
    flow.text(
        "The documents the exhibits, the data and the claims cite, by source id. A title in square brackets "
        "describes a document whose title is not recorded.",
        SMALL,
        after=0.15,
    )
    groups = []
    for s in sources:
        url = s.get("url", "")
        title = [
            (s["title"], CELL, None),
            (s.get("note", ""), NOTE_CELL, None),
            (url, NOTE_CELL._replace(color=LINK), safe_link(url)),
        ]
        groups.append(
            [
                [
                    [(s["source_id"], BOLD_CELL, None)],
                    title,
                    [(s["producer"], CELL, None)],
                    [(s.get("date_published", ""), CELL, None)],
                ]
            ]
        )
    flow.table([1.7, WIDTH - 4.1, 1.65, 0.75], ["Source id", "Title", "Producer", "Date"], groups)
    return flow.pages


def layout(
    folder: BundleFolder, claims: list[dict], sources: list[dict], title: str, version: str
) -> tuple[list[_Page], dict[str, int]]:
    """Every page of the PDF, cover first, and the first page of each section (by exhibit id, or
    ``cover``, ``index``, ``claims``, ``sources``)."""
    claims_title = "Claims checked against the published data"
    body = {e.exhibit_id: _exhibit_pages(folder, e) for e in folder.exhibits}
    claim_pages, source_pages = _claims_pages(claims, claims_title), _sources_pages(sources)

    def contents(first: dict[str, int]) -> list[tuple[str, int]]:
        return (
            [("Index of exhibits and files", first.get("index", 0))]
            + [
                (f"Exhibit {e.exhibit_id}: {e.sidecar.get('title', '')}", first.get(e.exhibit_id, 0))
                for e in folder.exhibits
            ]
            + [(claims_title, first.get("claims", 0)), ("Annex: cited documents", first.get("sources", 0))]
        )

    # The cover and the index take as many pages whatever numbers they print: lay them out once to count.
    sections = [
        ("cover", len(_cover(folder, claims, sources, title, version, contents({})))),
        ("index", len(_index(folder, {}))),
        *((k, len(v)) for k, v in body.items()),
        ("claims", len(claim_pages)),
        ("sources", len(source_pages)),
    ]
    first, page = {}, 1
    for name, count in sections:
        first[name] = page
        page += count
    cover = _cover(folder, claims, sources, title, version, contents(first))
    index = _index(folder, first)
    return cover + index + [p for pages in body.values() for p in pages] + claim_pages + source_pages, first


def write_pdf(pages: list[_Page], path: Path, *, title: str, version: str, footer: str):
    """Draw the pages and write the tagged PDF (see :func:`~inquiry_analysis.exhibits.bundle.pdf_write.write_pages`).

    Parameters
    ----------
    pages : list
        The pages :func:`layout` gives.
    path : pathlib.Path
        Where to write.
    title, version, footer : str
        The document's title, the package version, and the line at the foot of every page.

    Returns
    -------
    None
    """
    from inquiry_analysis.exhibits.bundle.pdf_write import write_pages

    write_pages(pages, path, title=title, version=version, footer=footer)
