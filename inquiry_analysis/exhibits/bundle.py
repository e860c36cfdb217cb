"""One evidence bundle: every exhibit of a folder, with its hashes, the claims and the cited documents.

:func:`write_bundle` reads an exported folder (the sidecars, ``manifest.json`` and the PNG and
SVG files) and writes two documents that say the same things:

- a PDF (A4 portrait, house style, pinned fonts): a cover, an index of every exported file with
  its size and sha256, each exhibit on its own page (its 300 dpi PNG, with the source line,
  notes and alt text as text), the claims table and an annex of the cited documents, with
  "Page n of N" on every page;
- an HTML file beside it, self-contained (no scripts, no external files): the same index, each
  exhibit as inline SVG with its alt text in a visible caption, the claims table and the annex.

Nothing is re-computed: the folder's files are checked against its manifest and shown as they
are. Two builds from the same folder and tables give byte-identical files.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from inquiry_analysis import provenance
from inquiry_analysis.exhibits.style import FONT, house_style

__all__ = ["DEFAULT_TITLE", "write_bundle"]

DEFAULT_TITLE = "Evidence bundle: the IICSA internet hearing's figures reproduced from cited public data"
VERIFY = (
    "Every file named here is listed, with its sha256, in the folder's manifest.json. To check that the "
    "exhibits, and the data they were drawn from, are still the ones described, run `inquiry-analysis verify` "
    "in a checkout at the commit above: it re-hashes the data against data/datapackage.json and the exhibits "
    "against {manifest}, and names any file that differs."
)
VERDICTS = (
    "Verdicts: reproduced (the data give one value, the figure claimed); consistent (all the data allow lies "
    "within what the figure, as worded, stands for); inconsistent (none of it does); unverifiable (the data "
    "give nothing for the figure, or allow values both inside and outside its reading). The reading of each "
    "figure follows the tolerance rule documented in inquiry_analysis.claims.assess."
)
_ID = re.compile(r"([A-Z]{2})-(\d{2,})")
CLAIM_COLUMNS = ("claim_id", "claimed", "published_data_give", "verdict")
SOURCE_COLUMNS = ("title", "producer")

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


# ---------------------------------------------------------------- reading the folder


@dataclass(frozen=True)
class _Exhibit:
    exhibit_id: str
    sidecar: dict
    files: list[dict]  # manifest entries: path, sha256, bytes

    def file(self, fmt: str) -> str:
        return self.sidecar.get("files", {}).get(fmt) or f"{self.exhibit_id}.{fmt}"


@dataclass
class _Folder:
    path: Path
    manifest: dict
    exhibits: list[_Exhibit]
    commits: list[str] = field(default_factory=list)
    name: str = ""  # as the bundle names the folder: never a path, which would differ between machines


def _id_key(exhibit_id: str) -> tuple:
    match = _ID.fullmatch(exhibit_id)
    return (match.group(1), int(match.group(2))) if match else (exhibit_id, 0)


def _read_folder(folder: Path, manifest: dict | None = None) -> _Folder:
    if manifest is None:
        if not (folder / provenance.MANIFEST).is_file():
            raise ValueError(
                f"{folder} has no {provenance.MANIFEST}; bundle a folder of exported exhibits "
                "(write_manifest writes it when the last exhibit is exported)"
            )
        manifest = provenance.read_manifest(folder)
    entries = [e for e in manifest.get("files", []) if e.get("exhibit")]
    changed = [
        e["path"]
        for e in entries
        if not (folder / e["path"]).is_file() or provenance.sha256_file(folder / e["path"]) != e["sha256"]
    ]
    if changed:
        raise ValueError(
            f"{', '.join(changed)} in {folder} differ from {provenance.MANIFEST} or are missing; run "
            "`inquiry-analysis verify`, and re-export before bundling"
        )
    exhibits, commits = [], []
    for exhibit_id in sorted({e["exhibit"] for e in entries}, key=_id_key):
        files = sorted((e for e in entries if e["exhibit"] == exhibit_id), key=lambda e: e["path"])
        names = {e["path"] for e in files}
        if f"{exhibit_id}.json" not in names:
            raise ValueError(f"{exhibit_id} in {folder} has no sidecar {exhibit_id}.json in the manifest")
        sidecar = json.loads((folder / f"{exhibit_id}.json").read_text(encoding="utf-8"))
        exhibit = _Exhibit(exhibit_id, sidecar, files)
        missing = [exhibit.file(fmt) for fmt in ("png", "svg") if exhibit.file(fmt) not in names]
        if missing:
            raise ValueError(f"{exhibit_id} in {folder} lacks {' and '.join(missing)}; re-export it")
        commit = sidecar.get("git_commit") or "not recorded"
        commit += ", with uncommitted changes" if sidecar.get("git_modified") else ""
        if commit not in commits:
            commits.append(commit)
        exhibits.append(exhibit)
    if not exhibits:
        raise ValueError(f"{folder}/{provenance.MANIFEST} lists no exhibits; export some first")
    return _Folder(folder, manifest, exhibits, commits, folder.name)


def _verify(folder: _Folder) -> str:
    return VERIFY.format(manifest=f"{folder.name}/{provenance.MANIFEST}")


def _commits(folder: _Folder) -> str:
    return (
        "; ".join(f"git commit {c}" for c in folder.commits)
        + " (the last commit to change the library, the data or the lock file when the exhibits were exported)"
    )


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _claim_rows(claims: pd.DataFrame) -> list[dict]:
    if not isinstance(claims, pd.DataFrame):
        raise TypeError(
            f"`claims` must be a DataFrame (claims.check_table's output), but {type(claims).__name__} was passed"
        )
    missing = [c for c in CLAIM_COLUMNS if c not in claims.columns]
    if missing:
        raise ValueError(f"`claims` lacks the column(s) {', '.join(missing)}; pass claims.check_table(claims.check())")
    return [{k: _text(v) for k, v in row.items()} for row in claims.to_dict("records")]


def _source_rows(sources: pd.DataFrame) -> list[dict]:
    if not isinstance(sources, pd.DataFrame):
        raise TypeError(f"`sources` must be a DataFrame (load_sources()), but {type(sources).__name__} was passed")
    frame = sources if "source_id" in sources.columns else sources.rename_axis("source_id").reset_index()
    missing = [c for c in SOURCE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"`sources` lacks the column(s) {', '.join(missing)}; pass loaders.load_sources()")
    rows = [{k: _text(v) for k, v in row.items()} for row in frame.to_dict("records")]
    return sorted(rows, key=lambda r: r["source_id"])


def _link(url: str) -> str | None:
    return url if re.match(r"https?://", url) else None


# ---------------------------------------------------------------- PDF: layout, then drawing


@functools.cache
def _face(family: str, weight: str):
    from matplotlib.font_manager import FontProperties, findfont, get_font

    return get_font(findfont(FontProperties(family=family, weight=weight), fallback_to_default=False))


@functools.cache
def _advance(char: str, family: str, weight: str) -> float:
    """A character's advance in em, from the pinned font's own metrics (unhinted)."""
    from matplotlib.ft2font import LoadFlags

    face = _face(family, weight)
    face.set_size(1000, 72)
    return face.load_char(ord(char), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 1000


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
    for paragraph in str(text).split("\n"):
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


def _cover(folder: _Folder, claims, sources, title, version, contents) -> list[_Page]:
    flow = _Flow("")
    flow.y = 1.3
    flow.text(title, _Style(20, "bold"), after=0.3)
    ids = [e.exhibit_id for e in folder.exhibits]
    facts = [
        ("Package", f"inquiry-analysis {version}"),
        ("Code", _commits(folder)),
        ("Exhibits", f"{len(ids)} ({ids[0]} to {ids[-1]})" if len(ids) > 1 else ids[0]),
        ("Claims checked", str(len(claims))),
        ("Cited documents", str(len(sources))),
        ("Built from", f"{folder.name}/{provenance.MANIFEST}"),
    ]
    label, value = _Style(9, "bold", color=GREY), _Style(9.5)
    flow.table([1.4, WIDTH - 1.4], None, [[[[(k, label, None)], [(v, value, None)]]] for k, v in facts])
    flow.y += 0.1
    flow.text("How to verify", H2, after=0.08)
    flow.text(_verify(folder).replace("`", "'"), BODY, after=0.25)
    flow.text("Contents", H2, after=0.08)
    flow.table(
        [WIDTH - 0.6, 0.6],
        ["Section", "Page"],
        [[[[(name, CELL, None)], [(str(page), CELL, None)]]] for name, page in contents],
    )
    return flow.pages


def _index(folder: _Folder, first_pages: dict[str, int]) -> list[_Page]:
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
        for name, record, cited in _inputs(folder)
    ]
    flow.table([1.1, WIDTH - 2.3, 1.2], ["Input", "File and sha256", "Cited by"], groups)
    return flow.pages


def _inputs(folder: _Folder) -> list[tuple[str, dict, list[str]]]:
    """The inputs the sidecars cite, then any table of the data package that none of them cites."""
    rows, seen = [], set()
    for name, record in sorted(folder.manifest.get("inputs", {}).items()):
        cited = [e.exhibit_id for e in folder.exhibits if name in e.sidecar.get("inputs", {})]
        rows.append((name, record, cited))
        seen.add(record.get("sha256"))
    for name, digest in sorted(folder.manifest.get("data_package", {}).items()):
        if digest not in seen:
            rows.append((name, {"path": f"{name} (data package)", "sha256": digest or ""}, ["no exhibit"]))
    return rows


def _exhibit_pages(folder: _Folder, exhibit: _Exhibit) -> list[_Page]:
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
            (url, NOTE_CELL._replace(color=LINK), _link(url)),
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


def _layout(
    folder: _Folder, claims: list[dict], sources: list[dict], title: str, version: str
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


def _write_pdf(pages: list[_Page], path: Path, *, title: str, version: str, footer: str):
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    metadata = {
        "Title": title,
        "Subject": "Exhibits, file hashes, claims and cited documents",
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


# ---------------------------------------------------------------- HTML

_CSS = """\
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:"DejaVu Sans",Verdana,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#0b0c0c;\
background:#fff;-webkit-text-size-adjust:100%}
.page{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.75rem;line-height:1.25;margin:1rem 0 .75rem}
h2{font-size:1.35rem;line-height:1.3;margin:2.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
a{color:#1d70b8}
a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
.meta,.subtitle{color:#505a5f}
nav ol{padding-left:1.5rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.875rem}
caption{text-align:left;font-weight:bold;font-size:1rem;padding:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #b1b4b6}
thead th{border-bottom:2px solid #0b0c0c}
tbody th{font-weight:normal}
code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:.8rem}
.hash{word-break:break-all}
.id{font-weight:bold;white-space:nowrap}
figure{margin:1rem 0;max-width:54rem}
figure svg{display:block;width:100%;height:auto;border:1px solid #b1b4b6}
figcaption{margin-top:.5rem;padding:.5rem .75rem;background:#f3f2f1}
.notes li{margin-bottom:.25rem}
.verdict{font-weight:bold}
@media print{
nav{display:none}
body{font-size:10pt}
.page{max-width:none;padding:0}
.exhibit{break-before:page;page-break-before:always}
figure,tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
a{color:inherit}
}
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _code(text: str) -> str:
    """Escaped text, with `backticked` words set as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _scope_css(css: str, root: str) -> str:
    """Rules of an SVG's stylesheet limited to that SVG (plain rule lists only; at-rules are left as they are)."""
    if "@" in css:
        return css
    css = css.replace("<![CDATA[", "").replace("]]>", "")
    return re.sub(r"([^{}]+)\{", lambda m: ", ".join(f"#{root} {s.strip()}" for s in m.group(1).split(",")) + " {", css)


def _inline_svg(text: str, exhibit: _Exhibit) -> str:
    """An exported SVG fit to sit in HTML beside others: no prolog, ids and style scoped to this exhibit."""
    svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->|<metadata\b.*?</metadata>", "", text, flags=re.DOTALL)
    prefix = f"{exhibit.exhibit_id}-"
    # ids the export already scoped to its exhibit (IA-01-title) stay as they are
    ids = {i for i in re.findall(r'\bid="([^"]+)"', svg) if not i.startswith(prefix)}
    svg = re.sub(
        r'(\bid="|href="#|url\(#)([^")]+)',
        lambda m: m.group(1) + (prefix + m.group(2) if m.group(2) in ids else m.group(2)),
        svg,
    )
    svg = re.sub(
        r'(\baria-(?:labelledby|describedby)=")([^"]*)',
        lambda m: m.group(1) + " ".join(prefix + t if t in ids else t for t in m.group(2).split()),
        svg,
    )
    start = svg.index("<svg")
    end = svg.index(">", start)
    root = svg[start:end]
    found = re.search(r'\bid="([^"]+)"', root)
    root_id = found.group(1) if found else f"{prefix}svg"
    root += "" if found else f' id="{root_id}"'
    root += "" if re.search(r"\brole=", root) else ' role="img"'
    head = "" if re.search(r"<title\b", svg) else f"<title>{_e(exhibit.sidecar.get('title', ''))}</title>"
    svg = svg[:start] + root + svg[end : end + 1] + head + svg[end + 1 :]
    svg = re.sub(
        r"(<style\b[^>]*>)(.*?)(</style>)",
        lambda m: m.group(1) + _scope_css(m.group(2), root_id) + m.group(3),
        svg,
        flags=re.DOTALL,
    )
    return svg.strip()


def _head(*columns: str) -> str:
    return "<thead><tr>" + "".join(f'<th scope="col">{_e(c)}</th>' for c in columns) + "</tr></thead>"


def _source_links(text: str, known: set[str]) -> str:
    return ", ".join(
        f'<a href="#source-{_e(s)}">{_e(s)}</a>' if s in known else _e(s)
        for s in (part.strip() for part in text.split(","))
        if s
    )


def _html(
    folder: _Folder, claims: list[dict], sources: list[dict], title: str, version: str, pages: dict[str, int]
) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{_CSS}</style>",
        "</head>",
        "<body>",
        '<div class="page">',
        "<header>",
        '<p class="meta">Evidence bundle</p>',
        f"<h1>{_e(title)}</h1>",
        (
            f'<p class="meta">inquiry-analysis {_e(version)}; '
            f"{_e(_commits(folder))}; {len(folder.exhibits)} exhibits; "
            f"built from {_e(folder.name)}/{provenance.MANIFEST}. The PDF of the same name beside this file "
            "carries the same content.</p>"
        ),
        f"<p>{_code(_verify(folder))}</p>",
        "</header>",
        '<nav aria-labelledby="contents">',
        '<h2 id="contents">Contents</h2>',
        '<ol><li><a href="#index">Index of exhibits and files</a></li>',
    ]
    out += [
        f'<li><a href="#{e.exhibit_id}">Exhibit {e.exhibit_id}: {_e(e.sidecar.get("title", ""))}</a></li>'
        for e in folder.exhibits
    ]
    out += [
        '<li><a href="#claims">Claims checked against the published data</a></li>',
        '<li><a href="#sources">Annex: cited documents</a></li></ol>',
        "</nav>",
        "<main>",
    ]
    # Index
    out += [
        '<section aria-labelledby="index">',
        '<h2 id="index">Index of exhibits and files</h2>',
        '<div class="scroll"><table>',
        (
            f"<caption>Each exhibit's exported files, with their size and sha256 as {provenance.MANIFEST} records "
            "them</caption>"
        ),
        _head("Exhibit", "File", "Bytes", "sha256", "PDF page"),
    ]
    for exhibit in folder.exhibits:
        n = len(exhibit.files)
        out.append("<tbody>")
        for i, entry in enumerate(exhibit.files):
            lead = (
                (
                    f'<th scope="rowgroup" rowspan="{n}"><a class="id" href="#{exhibit.exhibit_id}">'
                    f"{exhibit.exhibit_id}</a><br>{_e(exhibit.sidecar.get('title', ''))}</th>"
                )
                if i == 0
                else ""
            )
            tail = f'<td rowspan="{n}">{pages.get(exhibit.exhibit_id, "")}</td>' if i == 0 else ""
            out.append(
                f"<tr>{lead}<td><code>{_e(entry['path'])}</code></td><td>{entry['bytes']:,}</td>"
                f'<td><code class="hash">{_e(entry["sha256"])}</code></td>{tail}</tr>'
            )
        out.append("</tbody>")
    out += [
        "</table></div>",
        '<div class="scroll"><table>',
        "<caption>Data the exhibits cite, as their sidecars record them</caption>",
        _head("Input", "File", "sha256", "Cited by"),
        "<tbody>",
    ]
    for name, record, cited in _inputs(folder):
        where = record.get("path") or record.get("name", "")
        out.append(
            f'<tr><th scope="row">{_e(name)}</th><td>{_e(where)}</td><td><code class="hash">'
            f"{_e(record.get('sha256', ''))}</code></td><td>{_e(', '.join(cited))}</td></tr>"
        )
    out += ["</tbody></table></div>", "</section>"]
    # Exhibits
    for exhibit in folder.exhibits:
        car, eid = exhibit.sidecar, exhibit.exhibit_id
        svg = _inline_svg((folder.path / exhibit.file("svg")).read_text(encoding="utf-8"), exhibit)
        out += [
            f'<section class="exhibit" id="{eid}" aria-labelledby="{eid}-heading">',
            f'<h2 id="{eid}-heading">Exhibit {eid}: {_e(car.get("title", ""))}</h2>',
            f'<p class="subtitle">{_e(car.get("subtitle", ""))}</p>',
            "<figure>",
            svg,
            f"<figcaption><strong>Text alternative:</strong> {_e(car.get('alt_text', ''))}</figcaption>",
            "</figure>",
            f"<p>{_e(car.get('source', ''))}</p>",
        ]
        if car.get("notes"):
            out += ["<h3>Notes</h3>", '<ol class="notes">', *(f"<li>{_e(n)}</li>" for n in car["notes"]), "</ol>"]
        out.append(
            f'<p class="meta">Shown: <code>{_e(exhibit.file("svg"))}</code>. Vector original: '
            f"<code>{_e(exhibit.file('pdf'))}</code>; plotted data: <code>{_e(exhibit.file('csv'))}</code>"
            f' and <code>{_e(exhibit.file("xlsx"))}</code>. Their sha256 are in the <a href="#index">index</a>.'
            "</p>"
        )
        out.append("</section>")
    # Claims
    known = {s["source_id"] for s in sources}
    out += [
        '<section aria-labelledby="claims">',
        '<h2 id="claims">Claims checked against the published data</h2>',
        f"<p>{_e(VERDICTS)}</p>",
        '<div class="scroll"><table>',
        "<caption>Each figure given at the hearing, what the published data give for it, and the verdict</caption>",
        _head("Claim", "Claimed", "Published data give", "Verdict", "How the figure is read, and why", "Sources"),
        "<tbody>",
    ]
    for c in claims:
        words = f"<br>{_e(c['claim'])}" if c.get("claim") else ""
        expected = f"<br>(expected: {_e(c['expected'])})" if c.get("expected") and c["expected"] != c["verdict"] else ""
        working = "".join(f"<p>{_e(c[k])}</p>" for k in ("tolerance", "reason") if c.get(k))
        out.append(
            f'<tr><th scope="row" id="claim-{_e(c["claim_id"])}"><code>{_e(c["claim_id"])}</code>{words}</th>'
            f"<td>{_e(c['claimed'])}</td><td>{_e(c['published_data_give'])}</td>"
            f'<td><span class="verdict">{_e(c["verdict"])}</span>{expected}</td><td>{working}</td>'
            f"<td>{_source_links(c.get('sources', ''), known)}</td></tr>"
        )
    out += ["</tbody></table></div>", "</section>"]
    # Sources
    out += [
        '<section aria-labelledby="sources">',
        '<h2 id="sources">Annex: cited documents</h2>',
        '<div class="scroll"><table>',
        (
            "<caption>The documents the exhibits, the data and the claims cite, by source id; a title in square "
            "brackets describes a document whose title is not recorded</caption>"
        ),
        _head("Source id", "Title", "Producer", "Date", "Note"),
        "<tbody>",
    ]
    for s in sources:
        url = s.get("url", "")
        link = f'<br><a href="{_e(url)}">{_e(url)}</a>' if _link(url) else (f"<br>{_e(url)}" if url else "")
        out.append(
            f'<tr><th scope="row" id="source-{_e(s["source_id"])}"><code>{_e(s["source_id"])}</code></th>'
            f"<td>{_e(s['title'])}{link}</td><td>{_e(s['producer'])}</td>"
            f"<td>{_e(s.get('date_published', ''))}</td><td>{_e(s.get('note', ''))}</td></tr>"
        )
    out += ["</tbody></table></div>", "</section>", "</main>", "</div>", "</body>", "</html>", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- the public function


def _write_atomically(target: Path, write) -> None:
    """Write beside ``target`` (a dot-file, which manifests skip) and move into place: never a half-written file."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def write_bundle(
    figures: str | Path,
    pdf_path: str | Path,
    *,
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    title: str = DEFAULT_TITLE,
    version: str | None = None,
    folder_name: str | None = None,
    manifest: dict | None = None,
) -> tuple[Path, Path]:
    """Write the evidence bundle of a folder of exported exhibits: a PDF, and an HTML file beside it.

    Parameters
    ----------
    figures : path
        A folder :func:`~inquiry_analysis.exhibits.export.export_exhibit` wrote: sidecars, PNG and SVG
        files and ``manifest.json``. Every exhibit file is checked against the manifest first.
    pdf_path : path
        Where to write the PDF (``.pdf``); the HTML goes beside it with the same stem.
    claims : pandas.DataFrame
        The claims table, as :func:`inquiry_analysis.claims.check_table` returns it (columns
        ``claim_id``, ``claimed``, ``published_data_give``, ``verdict``; ``expected``, ``tolerance``,
        ``reason``, ``sources`` and ``claim`` are shown where present).
    sources : pandas.DataFrame
        The cited documents, as :func:`inquiry_analysis.io.loaders.load_sources` returns them.
    title : str
        The bundle's title, on the cover and in the HTML header.
    version : str, optional
        The package version to state; default the installed ``inquiry_analysis.__version__``.
    folder_name : str, optional
        How the bundle names the folder (default its name): ``reproduce`` builds in a temporary
        folder that becomes ``figures``, and says ``figures``.
    manifest : dict, optional
        The folder's manifest, as :func:`~inquiry_analysis.exhibits.manifest.build_manifest` gives it,
        to check the exhibits against (``reproduce`` writes ``manifest.json`` once, after the bundle);
        default: the folder's ``manifest.json``.

    Returns
    -------
    (pathlib.Path, pathlib.Path)
        The PDF and the HTML file. Both are byte-identical from one build to the next.

    Examples
    --------
    >>> import inquiry_analysis as ia
    >>> from inquiry_analysis import claims
    >>> pdf, page = write_bundle("figures", "bundle.pdf", claims=claims.check_table(claims.check()),
    ...                          sources=ia.load_sources())  # doctest: +SKIP
    """
    from inquiry_analysis import __version__

    folder, pdf_path = Path(figures), Path(pdf_path)
    if pdf_path.suffix.lower() != ".pdf":
        raise ValueError(f"`pdf_path` must end in .pdf, but {str(pdf_path)!r} was passed")
    if not str(title).strip():
        raise ValueError("`title` must not be empty")
    version = version or __version__
    found = _read_folder(folder, manifest)
    found.name = folder_name or folder.name
    claim_rows, source_rows = _claim_rows(claims), _source_rows(sources)
    pages, first = _layout(found, claim_rows, source_rows, title, version)
    html_path = pdf_path.with_suffix(".html")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    footer = f"inquiry-analysis {version}; " + "; ".join(f"commit {c[:12]}" for c in found.commits)
    _write_atomically(pdf_path, lambda path: _write_pdf(pages, path, title=title, version=version, footer=footer))
    text = _html(found, claim_rows, source_rows, title, version, first)
    _write_atomically(html_path, lambda path: path.write_text(text, encoding="utf-8", newline="\n"))
    return pdf_path, html_path
