"""The bundle PDF's layout engine: pinned fonts measured with their own metrics, wrapped text, and a flow that
sets paragraphs, tables and exhibits down A4 pages, each text line tied to its element of the structure tree.

The flow keeps a heading with what follows it, never leaves one or two lines of a paragraph alone at the foot
or head of a page (one of four lines or fewer moves whole), never carries a table's last row over alone,
repeats a table's header on each page it runs onto, and marks each such page "(continued)". An exhibit is
placed at the text's width; shrunk, no further than keeps its smallest text at 7 pt printed, to keep its
caption with it; and one taller than a page runs on in bands cut between its lines of text.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from inquiry_analysis.exhibits.bundle.pdf_exhibit import ExhibitPage
from inquiry_analysis.exhibits.style import FONT, drawn_text

__all__ = ["BODY", "BOTTOM", "PAGE_H", "PAGE_W", "WIDTH"]

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
