"""The bundle's PDF: a small layout engine (pinned fonts measured with their own metrics, wrapped text, page
flow, tables that continue with their header) and the pages drawn with matplotlib, A4 portrait."""

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
from inquiry_analysis.exhibits.style import FONT, drawn_text, house_style

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


@dataclass
class _Page:
    section: str
    items: list = field(default_factory=list)


class _Flow:
    """Text, tables and images set down a page, onto further pages as they fill."""

    def __init__(self, section: str):
        self.section, self.pages = section, []
        self.new_page()

    def new_page(self):
        self.page = _Page(self.section)
        self.pages.append(self.page)
        self.y = TOP

    def need(self, height: float):
        if self.y + height > BOTTOM and self.y > TOP:
            self.new_page()

    def text(self, text: str, style: _Style = BODY, *, after: float = 0.06, url: str | None = None):
        for line in _wrap(text, style, WIDTH):
            self.need(style.line)
            self.page.items.append(("text", LEFT, self.y + style.ascent, line, style, url))
            self.y += style.line
        self.y += after

    def table(self, widths, header, groups, *, pad=0.045):
        """Rows of cells (each a list of (text, style, url)); a group of rows stays on one page if it can."""

        def measure(row):
            laid = [
                [(line, s, u) for t, s, u in cell if t for line in _wrap(t, s, w - 2 * pad)]
                for w, cell in zip(widths, row)
            ]
            return laid, max(sum(s.line for _, s, _ in lines) for lines in laid) + 2 * pad

        def draw(laid, height, shade=False):
            if shade:
                self.page.items.append(("rect", LEFT, self.y, sum(widths), height, SHADE))
            x = LEFT
            for w, lines in zip(widths, laid):
                y = self.y + pad
                for line, style, url in lines:
                    self.page.items.append(("text", x + pad, y + style.ascent, line, style, url))
                    y += style.line
                x += w
            self.y += height
            self.page.items.append(("rule", LEFT, LEFT + sum(widths), self.y, RULE))

        head = measure([[(h, BOLD_CELL, None)] for h in header]) if header else ([], 0.0)

        def top():
            if header:
                draw(*head, shade=True)

        laid_groups = [[measure(row) for row in group] for group in groups]
        first = laid_groups[0][0][1] if laid_groups and laid_groups[0] else 0
        self.need(head[1] + first)
        top()
        for group in laid_groups:
            total = sum(h for _, h in group)
            if self.y + total > BOTTOM and total <= BOTTOM - TOP - head[1]:
                self.new_page()
                top()
            for laid, height in group:
                if self.y + height > BOTTOM:
                    self.new_page()
                    top()
                draw(laid, height)
        self.y += 0.15


def _cover(folder: BundleFolder, claims, sources, title, version, contents) -> list[_Page]:
    flow = _Flow("")
    flow.y = 1.3
    flow.text(title, _Style(20, "bold"), after=0.3)
    ids = [e.exhibit_id for e in folder.exhibits]
    facts = [
        ("Package", f"inquiry-analysis {version}"),
        ("Code", commits_line(folder)),
        ("Exhibits", f"{len(ids)} ({ids[0]} to {ids[-1]})" if len(ids) > 1 else ids[0]),
        *((("Claims checked", str(len(claims))),) if claims else ()),
        *((("Cited documents", str(len(sources))),) if sources else ()),
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
        [[[[(name, CELL, None)], [(str(page), CELL, None)]]] for name, page in contents],
    )
    return flow.pages


def _index(folder: BundleFolder, first_pages: dict[str, int]) -> list[_Page]:
    flow = _Flow("Index")
    flow.text("Index of exhibits and files", H1, after=0.1)
    flow.text(
        "Each exhibit's exported files, with their size and sha256 as manifest.json records them. The exhibit "
        "pages show the 300 dpi PNG; the PDF is the vector original.",
        SMALL,
        after=0.15,
    )
    groups = []
    for exhibit in folder.exhibits:
        cell = [(exhibit.sidecar.get("title", ""), BOLD_CELL, None)]
        cell += [(f"{e['path']:<11}{e['bytes']:>9,} bytes  {e['sha256']}", HASH, None) for e in exhibit.files]
        groups.append(
            [
                [
                    [(exhibit.exhibit_id, BOLD_CELL, None)],
                    cell,
                    [(str(first_pages.get(exhibit.exhibit_id, "")), CELL, None)],
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
    from PIL import Image

    car = exhibit.sidecar
    flow = _Flow(f"Exhibit {exhibit.exhibit_id}")
    flow.text(f"Exhibit {exhibit.exhibit_id}", H1, after=0.04)
    flow.text(
        f"Shown: {exhibit.file('png')}, the exhibit at 300 dpi, scaled to the page. The vector original is "
        f"{exhibit.file('pdf')}; the index gives the sha256 of both.",
        _Style(7.5, color=GREY),
        after=0.12,
    )
    texts = [(car.get("source", ""), SMALL)]
    texts += [(f"Note {n}: {note}", SMALL) for n, note in enumerate(car.get("notes", []), start=1)]
    texts += [(f"Text alternative: {car.get('alt_text', '')}", SMALL._replace(color=GREY))]
    below = sum(len(_wrap(t, s, WIDTH)) * s.line + 0.06 for t, s in texts) + 0.3
    with Image.open(folder.path / exhibit.file("png")) as image:
        pixels_w, pixels_h = image.size
    natural = WIDTH * pixels_h / pixels_w
    height = max(min(natural, BOTTOM - flow.y - below), 0.6 * natural)
    width = height * pixels_w / pixels_h
    flow.page.items.append(
        ("image", LEFT + (WIDTH - width) / 2, flow.y, width, height, folder.path / exhibit.file("png"))
    )
    flow.y += height + 0.15
    flow.text("The source line, notes and text alternative, as text:", _Style(7.5, "bold", color=GREY), after=0.04)
    for text, style in texts:
        flow.text(text, style)
    return flow.pages


def _claims_pages(claims: list[dict], title: str) -> list[_Page]:
    flow = _Flow("Claims")
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
    flow = _Flow("Annex: cited documents")
    flow.text("Annex: cited documents", H1, after=0.1)
    flow.text(
        "The documents the exhibits and the claims cite, by source id. A title in square brackets "
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
    # A claims page only where claims were checked, an annex only where a document is cited.
    claim_pages = _claims_pages(claims, claims_title) if claims else []
    source_pages = _sources_pages(sources) if sources else []

    def contents(first: dict[str, int]) -> list[tuple[str, int]]:
        return (
            [("Index of exhibits and files", first.get("index", 0))]
            + [
                (f"Exhibit {e.exhibit_id}: {e.sidecar.get('title', '')}", first.get(e.exhibit_id, 0))
                for e in folder.exhibits
            ]
            + ([(claims_title, first.get("claims", 0))] if claim_pages else [])
            + ([("Annex: cited documents", first.get("sources", 0))] if source_pages else [])
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


def _draw(fig, page: _Page, number: int, total: int, footer: str):
    import numpy as np
    from PIL import Image

    def at(x, y):
        return x / PAGE_W, 1 - y / PAGE_H

    def text(x, y, s, style, url=None, ha="left"):
        fig.text(
            *at(x, y),
            s,
            fontsize=style.size,
            fontweight=style.weight,
            fontfamily=style.family,
            color=style.color,
            ha=ha,
            va="baseline",
            parse_math=False,
            url=url,
        )

    small = _Style(7.5, color=GREY)
    if page.section:
        text(LEFT, 0.55, "Evidence bundle", small)
        text(PAGE_W - LEFT, 0.55, page.section, small, ha="right")
    text(LEFT, PAGE_H - 0.5, footer, small)
    text(PAGE_W - LEFT, PAGE_H - 0.5, f"Page {number} of {total}", small, ha="right")
    for item in page.items:
        kind = item[0]
        if kind == "text":
            text(*item[1:3], item[3], item[4], item[5])
        elif kind == "rule":
            _, x0, x1, y, color = item
            fig.add_artist(_line(at(x0, y), at(x1, y), color))
        elif kind == "rect":
            from matplotlib.patches import Rectangle

            _, x, y, w, h, color = item
            fig.add_artist(Rectangle(at(x, y + h), w / PAGE_W, h / PAGE_H, facecolor=color, edgecolor="none", zorder=0))
        elif kind == "image":
            _, x, y, w, h, path = item
            with Image.open(path) as image:
                pixels = np.asarray(image.convert("RGB"))
            ax = fig.add_axes((x / PAGE_W, 1 - (y + h) / PAGE_H, w / PAGE_W, h / PAGE_H))
            # "none": the PDF carries the PNG's own pixels, not a resampled copy.
            ax.imshow(pixels, interpolation="none", aspect="auto")
            ax.set_axis_off()
            for y_edge in (y, y + h):
                fig.add_artist(_line(at(x, y_edge), at(x + w, y_edge), RULE))


def _line(start, end, color):
    from matplotlib.lines import Line2D

    # Added with Figure.add_artist, which places an artist without a transform in figure coordinates.
    return Line2D([start[0], end[0]], [start[1], end[1]], color=color, linewidth=0.5)


def write_pdf(pages: list[_Page], path: Path, *, title: str, version: str, footer: str):
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    metadata = {
        "Title": title,
        "Subject": "Exhibits and file hashes, with the claims checked and documents cited where there are any",
        "Creator": f"inquiry-analysis {version}",
        "Producer": f"inquiry-analysis {version} (matplotlib {matplotlib.__version__})",
        "CreationDate": None,
        "ModDate": None,
    }
    with house_style(), PdfPages(path, metadata=metadata) as pdf:
        for number, page in enumerate(pages, start=1):
            fig = Figure(figsize=(PAGE_W, PAGE_H))
            _draw(fig, page, number, len(pages), footer)
            pdf.savefig(fig)
