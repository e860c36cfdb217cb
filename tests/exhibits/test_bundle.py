"""The evidence bundle: one PDF and one HTML file from a folder of exported exhibits.

The committed figures/ folder is bundled once per module; a small folder of synthetic exhibits
(numbers made up by the tests, labelled as such) carries the checks on reproducibility and
escaping.
"""

import html
import io
import json
import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from inquiry_analysis import claims, exhibits
from inquiry_analysis.exhibits import bundle
from inquiry_analysis.exhibits.bundle import folder as bundle_folder
from inquiry_analysis.exhibits.bundle import html as bundle_html
from inquiry_analysis.exhibits.bundle import pdf as bundle_pdf
from inquiry_analysis.exhibits.bundle import pdf_exhibit, pdf_flow
from inquiry_analysis.exhibits.style import LANGUAGE
from inquiry_analysis.io import loaders

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "figures"
PAGE = re.compile(rb"/Type\s*/Page\b")  # \b: not /Pages

TRICKY = "<b>Fish</b> & \"chips\" 'n' <script>alert(1)</script>"


def page_count(pdf: bytes) -> int:
    return len(PAGE.findall(pdf))


class Parsed(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML document."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def named(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def published():
    return claims.check_table(claims.check()), loaders.load_sources()


@pytest.fixture(scope="module")
def laid_out(published):
    """The committed exhibits laid out as the bundle's pages (no drawing), and each section's first page."""
    folder = bundle_folder.read_folder(FIGURES)
    rows = bundle_folder.rows_of_claims(published[0]), bundle_folder.rows_of_sources(published[1])
    return folder, *bundle_pdf.layout(folder, *rows, bundle.DEFAULT_TITLE, "0")


@pytest.fixture(scope="module")
def committed():
    """The committed bundle of the committed exhibits (reproduce writes it; CI fails if it would now differ)."""
    pdf, page = FIGURES / "evidence-bundle.pdf", FIGURES / "evidence-bundle.html"
    manifest = json.loads((FIGURES / "manifest.json").read_text(encoding="utf-8"))
    # The bundle indexes the exhibits' files; its own two files cannot be in it.
    manifest["files"] = [e for e in manifest["files"] if e["exhibit"]]
    return pdf.read_bytes(), page.read_text(encoding="utf-8"), manifest


def synthetic_exhibit(exhibit_id, title, **changes):
    fields = {
        "exhibit_id": exhibit_id,
        "title": title,
        "subtitle": "Synthetic test data: reports per year, 2014 to 2017",
        "source": "Source: synthetic test data from the inquiry-analysis test suite",
        "alt_text": "A line rising from 100 reports in 2014 to 310 in 2017.",
        "data": pd.DataFrame({"year": [2014, 2015, 2016, 2017], "reports": [100, 150, 260, 310]}),
        "notes": ("Made up by the tests; not a published figure.",),
        "inputs": ("ncmec",),
    }
    fields.update(changes)
    exhibit = exhibits.Exhibit(**fields)
    fig, ax = exhibits.new_figure(exhibit)
    with exhibits.house_style():
        ax.plot(exhibit.data["year"], exhibit.data["reports"], marker="o")
        ax.set_xticks(exhibit.data["year"])
    return exhibit, fig


SYNTHETIC_CLAIMS = pd.DataFrame(
    {
        "claim_id": ["synthetic-1", "synthetic-2"],
        "claimed": ["about 300", TRICKY],
        "published_data_give": ["310", "no published figure"],
        "verdict": ["consistent", "unverifiable"],
        "expected": ["consistent", "consistent"],
        "reason": ["Made up by the tests.", f"Made up by the tests: {TRICKY}"],
        "sources": ["synthetic-a", "synthetic-a, synthetic-b"],
    }
)


def synthetic_sources(n=2):
    rows = {
        "synthetic-a": {
            "title": f"A report on {TRICKY}",
            "producer": "The test suite & friends",
            "date_published": "2018-01",
            "url": "https://example.org/report?a=1&b=2",
            "note": "Made up by the tests.",
        },
        "synthetic-b": {
            "title": "A second report",
            "producer": "The test suite",
            "date_published": pd.NA,
            "url": "javascript:alert(1)",
            "note": pd.NA,
        },
    }
    rows.update(
        {
            f"synthetic-{i:03d}": {
                "title": f"Filler report {i} " + "with a long title " * 4,
                "producer": "The test suite",
                "date_published": "2020",
                "url": f"https://example.org/{'a-very-long-path/' * 8}{i}",
                "note": pd.NA,
            }
            for i in range(n - 2)
        }
    )
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("source_id")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A folder of two synthetic exhibits (one with markup-like text), bundled twice."""
    folder = tmp_path_factory.mktemp("synthetic") / "figures"
    for exhibit, fig in (
        synthetic_exhibit("IA-98", "Synthetic reports tripled in three years"),
        synthetic_exhibit(
            "IA-99", f"Synthetic title with {TRICKY}", alt_text=f"Alt: {TRICKY}", notes=(f"Note: {TRICKY}",)
        ),
    ):
        exhibits.export_exhibit(exhibit, fig, directory=folder)
    exhibits.write_manifest(folder)
    plt.close("all")
    builds = [
        bundle.write_bundle(
            folder,
            folder.parent / name / "bundle.pdf",
            html_path=folder.parent / name / "bundle.html",
            claims=SYNTHETIC_CLAIMS,
            sources=synthetic_sources(),
            title=f"Synthetic bundle: {TRICKY}",
            version="9.9.9",
        )
        for name in ("first", "second")
    ]
    return folder, builds


# ---------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def synthetic_read(synthetic):
    """The first synthetic bundle read back with pypdf, and the text of each page."""
    from pypdf import PdfReader

    reader = PdfReader(synthetic[1][0][0])
    return reader, [page.extract_text() for page in reader.pages]


def synthetic_layout(folder, sources=None):
    rows = bundle_folder.rows_of_claims(SYNTHETIC_CLAIMS), bundle_folder.rows_of_sources(sources or synthetic_sources())
    return bundle_pdf.layout(bundle_folder.read_folder(folder), *rows, "t", "0")


def test_pdf_has_a_page_for_each_laid_out_page_in_order(laid_out, synthetic):
    folder, pages, first = laid_out
    assert page_count(synthetic[1][0][0].read_bytes()) == len(synthetic_layout(synthetic[0])[0])
    ids = [f"IA-{n:02d}" for n in range(1, 9)]
    assert [e.exhibit_id for e in folder.exhibits] == ids
    # cover, index, one page or more per exhibit, claims, annex: in that order
    assert [first[name] for name in ["cover", "index", *ids, "claims", "sources"]] == sorted(first.values())
    assert first["cover"] == 1 and len(pages) >= 1 + 1 + len(ids) + 1 + 1
    for exhibit_id in ids:
        assert pages[first[exhibit_id] - 1].section == f"Exhibit {exhibit_id}"
    assert pages[first["claims"] - 1].section == "Claims"
    # 36 cited documents do not fit on one page: the annex flows on, its header repeated
    annex = pages[first["sources"] - 1 :]
    assert len(annex) >= 2 and all(p.section == "Annex: cited documents" for p in annex)
    assert all(any(item[0] == "text" and item[3] == "Source id" for item in p.items) for p in annex)


def test_no_page_holds_only_a_fragment_and_a_page_run_onto_says_continued(laid_out):
    _, pages, _ = laid_out
    for number, page in enumerate(pages, start=1):
        body = [item for item in page.items if item[0] == "text" and item[6] is not None]
        figures = [item for item in page.items if item[0] == "figure"]
        assert figures or len(body) >= 5, f"page {number} holds {len(body)} lines: {[i[3] for i in body]}"
        assert page.header.endswith("(continued)") == (page.continued and bool(page.section))
    # every exhibit is shown at the text's width, or whole on its page at a size its text can still be read
    for page in pages:
        for _, _, _, width, *_ in (i for i in page.items if i[0] == "figure"):
            assert width == pytest.approx(pdf_flow.WIDTH) or width > 0.75 * pdf_flow.WIDTH


def test_a_paragraph_breaks_leaving_two_lines_on_each_page():
    style = pdf_flow.BODY
    five_lines = "\n".join(["A short line"] * 5)
    for room, expected in ((4, [3, 2]), (3, [3, 2]), (1, [0, 5]), (5, [5])):
        flow = pdf_flow._Flow("Test")
        flow.y = pdf_flow.BOTTOM - room * style.line - 1e-6
        flow.text(five_lines, style)
        lines = [sum(1 for i in p.items if i[0] == "text") for p in flow.pages]
        assert len(pdf_flow._wrap(five_lines, style, pdf_flow.WIDTH)) == 5
        assert [n for n in lines if n] == [n for n in expected if n], room


def test_an_exhibit_taller_than_a_page_is_shown_in_bands_cut_between_lines():
    # 8 in by 18 in, with clear space between lines at every 60 points (as between a table's rows)
    page = pdf_exhibit.ExhibitPage(width=576, height=1296, smallest=9, cuts=(*range(60, 1296, 60), 1296))
    flow = pdf_flow._Flow("Exhibit T")
    flow.figure(Path("t.pdf"), page, "alt", [("Text alternative: alt", pdf_flow.SMALL)])
    bands = [item for p in flow.pages for item in p.items if item[0] == "figure"]
    assert len(bands) == len(flow.pages) >= 2  # the caption on the page of the last band
    shown = [item[9] for item in bands]
    assert shown[0][1] == 1296 and shown[-1][0] == 0
    assert all(upper[0] == lower[1] for upper, lower in zip(shown, shown[1:]))  # no gap, no overlap
    assert all(1296 - low in page.cuts for low, _ in shown)
    scale = pdf_flow.WIDTH * 72 / 576
    for item in bands:
        assert item[7] == pytest.approx(scale) and item[2] + item[4] <= pdf_flow.BOTTOM + 1e-9


def test_every_page_is_numbered_page_n_of_n(synthetic_read):
    _, texts = synthetic_read
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


STRING = re.compile(rb"\((?:\\.|[^\\)])*\)", re.DOTALL)
TOKEN = re.compile(rb"/[^\s/\[\]()<>{}]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+")


def operators(data: bytes):
    """The content stream's operators, each with its operands (strings left out)."""
    operands = []
    for token in TOKEN.findall(STRING.sub(b"()", data)):
        if token[:1] == b"/" or token[:1] in b"+-.0123456789":
            operands.append(token)
        else:
            yield token, operands
            operands = []


def printed_sizes(page):
    """The size each text in an exhibit prints at: its font size times the scale of the matrix it is drawn
    under, through every form the page paints (PDF 32000-1, 8.3.4 and 9.4.4)."""

    def times(m, n):
        a, b, c, d, e, f = m
        return [a * n[0] + b * n[2], a * n[1] + b * n[3], c * n[0] + d * n[2], c * n[1] + d * n[3],
                e * n[0] + f * n[2] + n[4], e * n[1] + f * n[3] + n[5]]  # fmt: skip

    sizes = []

    def run(data, resources, ctm, in_form):
        stack = []
        for op, operands in operators(data):
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop()
            elif op == b"cm":
                ctm = times([float(v) for v in operands], ctm)
            elif op == b"Tf" and in_form:
                sizes.append(float(operands[-1]) * abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) ** 0.5)
            elif op == b"Do":
                form = resources["/XObject"][operands[-1].decode()].get_object()
                matrix = [float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                run(form.get_data(), form.get("/Resources", resources), times(matrix, ctm), True)

    run(page.get_contents().get_data(), page["/Resources"], [1, 0, 0, 1, 0, 0], False)
    return sizes


def test_each_exhibit_is_drawn_from_its_own_vector_pdf_with_text_7_pt_or_more(synthetic, synthetic_read):
    from pypdf import PdfReader

    folder, ((pdf, _), _) = synthetic
    reader, texts = synthetic_read
    assert b"/Subtype /Image" not in pdf.read_bytes()
    for exhibit_id in ("IA-98", "IA-99"):
        page = next(p for p, t in zip(reader.pages, texts) if f"Exhibit {exhibit_id}\n" in t)
        own = PdfReader(folder / f"{exhibit_id}.pdf").pages[0]
        forms = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
        assert [float(v) for v in own.mediabox] in [[float(v) for v in f["/BBox"]] for f in forms]
        own_sizes = sorted({float(v) for v in re.findall(rb"/F\d+ ([\d.]+) Tf", own.get_contents().get_data())})
        sizes = printed_sizes(page)
        assert len(sizes) == len(re.findall(rb" Tf", own.get_contents().get_data()))
        # the exhibit is 8 in wide, placed at the text's width: 10 pt ticks print at 8.5 pt, the 9 pt foot at 7.6
        scale = pdf_flow.WIDTH / 8
        assert sorted({round(s, 3) for s in sizes}) == sorted({round(s * scale, 3) for s in own_sizes})
        assert min(sizes) >= 7


def test_pdf_records_no_dates_and_a_fixed_producer(synthetic):
    from pypdf import PdfReader

    pdf = synthetic[1][0][0].read_bytes()
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf and b"/ID" not in pdf
    assert PdfReader(synthetic[1][0][0]).metadata.producer.startswith("inquiry-analysis 9.9.9 (matplotlib ")


def structure(element, found):
    """Every structure element under ``element`` as (role, alt), and the marked content it owns."""
    kids = element.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and kid.get("/Type") == "/StructElem":
            found.append((kid["/S"], kid.get("/Alt"), kid))
            structure(kid, found)
    return found


def test_pdf_is_tagged_with_a_structure_tree_in_its_language(synthetic):
    from pypdf import PdfReader

    folder, ((pdf, _), _) = synthetic
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == LANGUAGE == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    found = structure(root["/StructTreeRoot"], [])
    roles = [role for role, _, _ in found]
    assert roles[0] == "/Document" and {"/Sect", "/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD", "/Link"} <= set(
        roles
    )
    alts = [alt for role, alt, _ in found if role == "/Figure"]
    sidecars = [json.loads((folder / f"IA-{n}.json").read_text(encoding="utf-8"))["alt_text"] for n in (98, 99)]
    assert alts == sidecars
    assert all(len(e["/A"]["/BBox"]) == 4 for role, _, e in found if role == "/Figure")
    # every mark on every page belongs to an element; nothing is drawn outside a marked sequence
    parents = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    for index, page in enumerate(reader.pages):
        assert page["/StructParents"] == index and parents[2 * index] == index
        depth, mcids = 0, 0
        for op, operands in operators(page.get_contents().get_data()):
            depth += {b"BDC": 1, b"BMC": 1, b"EMC": -1}.get(op, 0)
            mcids += op == b"BDC" and b"/MCID" in operands
            assert depth > 0 or op not in (b"BT", b"Do", b"S", b"f", b"re"), (index, op)
        assert depth == 0 and mcids == len(parents[2 * index + 1]) and None not in parents[2 * index + 1]


def test_bookmarks_and_contents_links_lead_to_the_pages_they_name(synthetic_read):
    reader, texts = synthetic_read
    outline = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    assert list(outline)[0] == "Cover" and list(outline)[-1] == "Annex: cited documents"
    for exhibit_id, title in (("IA-98", "Synthetic reports tripled in three years"), ("IA-99", "Synthetic title")):
        name = next(t for t in outline if t.startswith(f"Exhibit {exhibit_id}: "))
        assert title in name and f"Exhibit {exhibit_id}\n" in texts[outline[name]]
    numbers = {ref.indirect_reference.idnum: n for n, ref in enumerate(reader.pages)}
    placed = []
    reader.pages[0].extract_text(visitor_text=lambda t, cm, tm, *_: placed.append((cm[4] + tm[4], cm[5] + tm[5], t)))
    links = [a.get_object() for a in reader.pages[0]["/Annots"]]
    named = 0
    for link in links:
        x0, y0, x1, y1 = (float(v) for v in link["/Rect"])
        target = numbers[link["/Dest"][0].idnum]
        text = "".join(t for x, y, t in placed if x0 - 0.01 <= x <= x1 and y0 <= y <= y1).strip()
        if text.isdigit():
            assert int(text) == target + 1
            named += 1
        else:
            assert text.split(":")[0] in texts[target], text
    assert named == len(links) / 2 == 1 + 2 + 2  # the index, two exhibits, the claims and the annex


def test_index_prints_every_file_and_its_full_sha256(committed):
    _, _, manifest = committed
    folder = bundle_folder.read_folder(FIGURES)
    index = bundle_pdf._index(folder, {})
    printed = " ".join(item[3] for page in index for item in page.items if item[0] == "text")
    for entry in manifest["files"]:
        assert entry["path"] in printed and entry["sha256"] in printed


def test_two_builds_are_byte_identical(synthetic):
    _, (first, second) = synthetic
    assert first[0].read_bytes() == second[0].read_bytes()
    assert first[1].read_bytes() == second[1].read_bytes()
    assert first[1] == first[0].with_suffix(".html")


def test_only_the_files_named_are_written(synthetic, tmp_path):
    # The PDF alone, with no HTML put beside it, is tested through the command in tests/hostile.
    folder, _ = synthetic
    with pytest.raises(ValueError, match=r"`html_path` must end in \.html, but '.*b\.htm' was passed"):
        bundle.write_bundle(
            folder,
            tmp_path / "c.pdf",
            html_path=tmp_path / "b.htm",
            claims=SYNTHETIC_CLAIMS,
            sources=synthetic_sources(),
        )
    assert list(tmp_path.iterdir()) == []


def test_long_tables_flow_onto_further_pages_with_their_header(synthetic):
    folder = bundle_folder.read_folder(synthetic[0])
    rows = bundle_folder.rows_of_claims(SYNTHETIC_CLAIMS)
    short, _ = bundle_pdf.layout(folder, rows, bundle_folder.rows_of_sources(synthetic_sources(2)), "t", "0")
    long, first = bundle_pdf.layout(folder, rows, bundle_folder.rows_of_sources(synthetic_sources(90)), "t", "0")
    assert len(short) == 1 + 1 + 2 + 1 + 1
    annex = long[first["sources"] - 1 :]
    assert len(annex) >= 3
    for page in annex:
        assert any(item[0] == "text" and item[3] == "Source id" for item in page.items)
        assert all(item[2] <= pdf_flow.BOTTOM for item in page.items if item[0] == "text")


def test_a_tables_last_row_never_goes_over_alone():
    def rows_per_page(n):
        flow = pdf_flow._Flow("Test")
        flow.table([1.0], ["Head"], [[[[("a row", pdf_flow.CELL, None)]]]] * n)
        return [sum(1 for i in p.items if i[0] == "text" and i[6] is not None and i[3] == "a row") for p in flow.pages]

    fit = rows_per_page(200)[0]
    assert rows_per_page(fit) == [fit]
    assert rows_per_page(fit + 1) == [fit - 1, 2]
    assert rows_per_page(fit + 2) == [fit, 2]


def test_a_wrapped_line_never_overruns_its_width():
    style = pdf_flow.CELL
    lines = pdf_flow._wrap("https://example.org/" + "segment-" * 40 + " " + "f" * 200 + " short words", style, 1.5)
    assert len(lines) > 3
    assert all(pdf_flow._width(line, style) <= 1.5 * 72 for line in lines)
    assert "".join(lines).replace(" ", "") == ("https://example.org/" + "segment-" * 40 + "f" * 200 + "shortwords")


# ---------------------------------------------------------------- HTML


def test_html_holds_every_exhibit_hash_claim_and_source(committed, published):
    _, text, manifest = committed
    table, sources = published
    parsed = Parsed(text)
    assert text.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    sections = {a["id"] for a in parsed.named("section") if "exhibit" in a.get("class", "")}
    ids = sorted({e["exhibit"] for e in manifest["files"] if e["exhibit"]})
    assert sorted(sections) == ids
    assert len(parsed.named("svg")) == len(ids) == len(parsed.named("figcaption"))
    digests = (
        [e["sha256"] for e in manifest["files"]]
        + [r["sha256"] for r in manifest["inputs"].values()]
        + list(manifest["data_package"].values())
    )
    assert [d for d in digests if d not in text] == []
    rows = {a.get("id") for a in parsed.named("th") if a.get("scope") == "row"}
    assert {f"claim-{c}" for c in table["claim_id"]} <= rows
    # The annex holds the documents the exhibits' references and the claims name, and no other (issue 24).
    keys = {
        r["key"] for e in ids for r in json.loads((FIGURES / f"{e}.json").read_text(encoding="utf-8"))["references"]
    }
    keys |= {s.strip() for cell in table["sources"] for s in cell.split(",") if s.strip()}
    assert {r[len("source-") :] for r in rows if r and r.startswith("source-")} == keys & set(sources.index)
    assert len(keys & set(sources.index)) < len(sources)
    assert len(parsed.named("caption")) >= 3 and all(a.get("scope") for a in parsed.named("th"))
    assert "@media print" in text and "break-before:page" in text


def test_html_is_self_contained_with_unique_ids(committed):
    _, text, _ = committed
    parsed = Parsed(text)
    assert not parsed.named("script") and not parsed.named("link") and not parsed.named("img")
    assert not any("src" in attrs for _, attrs in parsed.tags)
    for _, attrs in parsed.tags:
        for name in ("href", "xlink:href"):
            if name in attrs:
                assert attrs[name].startswith(("#", "https://", "http://", "data:")), attrs[name]
    ids = [attrs["id"] for _, attrs in parsed.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    assert "<?xml" not in text and "<!DOCTYPE svg" not in text
    # every in-page reference lands on an id
    refs = set(re.findall(r'href="#([^"]+)"', text)) | set(re.findall(r"url\(#([^)]+)\)", text))
    assert refs <= set(ids)


def test_each_svg_keeps_its_title_and_is_scoped_to_its_exhibit(committed):
    _, text, manifest = committed
    for exhibit_id in sorted({e["exhibit"] for e in manifest["files"] if e["exhibit"]}):
        svg = text[text.index(f'<section class="exhibit" id="{exhibit_id}"') :]
        svg = svg[svg.index("<svg") : svg.index("</svg>")]
        title = json.loads((FIGURES / f"{exhibit_id}.json").read_text(encoding="utf-8"))["title"]
        assert re.search(r"<title\b[^>]*>", svg)
        assert 'role="img"' in svg[: svg.index(">")]
        assert all(i.startswith(f"{exhibit_id}-") for i in re.findall(r'\bid="([^"]+)"', svg))
        assert title.replace("'", "&#x27;") in text or title in text


def test_text_is_escaped_everywhere(synthetic):
    _, ((_, page), _) = synthetic
    text = page.read_text(encoding="utf-8")
    parsed = Parsed(text)
    assert not parsed.named("script") and not parsed.named("b")
    assert "<b>" not in text and "<script>" not in text
    assert "&lt;b&gt;Fish&lt;/b&gt; &amp; &quot;chips&quot; &#x27;n&#x27;" in text
    plain = "".join(parsed.text)
    for where in ("Synthetic bundle: ", "Synthetic title with ", "Alt: ", "Note: ", "A report on "):
        assert where + TRICKY in plain
    links = [a["href"] for a in parsed.named("a")]
    assert "https://example.org/report?a=1&b=2" in links  # escaped as &amp; in the file, read back whole
    assert 'href="https://example.org/report?a=1&amp;b=2"' in text
    assert not any(link.startswith("javascript:") for link in links)
    assert "9.9.9" in text


def test_each_table_has_a_print_width_for_every_column_summing_to_the_page(synthetic):
    _, ((_, page), _) = synthetic
    text = page.read_text(encoding="utf-8")
    assert "@page{size:A4;" in text and ".exhibit{break-before:page;" in text
    columns = {}
    for chunk in text.split("<table")[1:]:
        named = re.match(r' class="(\w+)"', chunk)
        section = re.findall(r'<section aria-labelledby="(\w+)">', text[: text.index(chunk)])[-1]
        key = f".{named.group(1)}" if named else f"[aria-labelledby={section}]"
        columns[key] = chunk[chunk.index("<thead>") : chunk.index("</thead>")].count("<th ")
    assert columns == {k: len(w) for k, w in bundle_html.PRINT_COLUMNS.items()}
    assert all(sum(w) == 100 for w in bundle_html.PRINT_COLUMNS.values())
    # each chart has a print height; the synthetic exhibits' short texts leave it more than the least
    heights = [int(h) for h in re.findall(r'<figure style="--figure-height:(\d+)mm">', text)]
    assert len(heights) == 2 and all(bundle_html._FIGURE_MM < h < 271 for h in heights)
    assert 'class="continued"' not in text


CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


def _squash(text: str) -> str:
    """Text as it prints, without the spaces and hyphens where lines were broken."""
    return re.sub(r"[\s\-\u2010]", "", unicodedata.normalize("NFKC", text))


def printed_words(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's words, with their left and right edges (pt), as poppler's pdftotext reads them."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    word = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>')
    return [
        [(float(x0), float(x1), html.unescape(w)) for x0, x1, w in word.findall(page)]
        for page in out.split("<page ")[1:]
    ]


@pytest.mark.skipif(
    not (CHROMIUM and shutil.which("pdftotext")),
    reason="prints with headless Chromium and reads the pages with poppler's pdftotext",
)
def test_html_prints_on_a4_each_exhibit_on_its_page_tables_whole(published, tmp_path):
    from pypdf import PdfReader

    folder = bundle_folder.read_folder(FIGURES)
    claim_rows, source_rows = bundle_folder.rows_of_claims(published[0]), bundle_folder.rows_of_sources(published[1])
    page, pdf = tmp_path / "bundle.html", tmp_path / "printed.pdf"
    page.write_text(bundle_html.html_text(folder, claim_rows, source_rows, "Printed", "0", {}), encoding="utf-8")
    chromium = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"]
    subprocess.run(
        [
            *chromium,
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'p'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    box = PdfReader(pdf).pages[0].mediabox
    assert abs(float(box.width) - 595.28) < 1 and abs(float(box.height) - 841.89) < 1  # A4
    words = printed_words(pdf)
    pages, n = [" ".join(w for _, _, w in page) for page in words], len(words)
    assert [f"Page {i} of {n}" in text for i, text in enumerate(pages, 1)] == [True] * n
    assert all(len(text.split()) > 6 for text in pages)  # no page holds only its number
    # nothing runs past the side margins (13 mm): no column or address is cut at the page's edge
    assert all(13 / 25.4 * 72 - 1 < x0 and x1 < box.width - 13 / 25.4 * 72 + 1 for p in words for x0, x1, _ in p)
    starts, ends = [], []
    for exhibit in folder.exhibits:
        starts.append(next(i for i, t in enumerate(pages) if f"Exhibit {exhibit.exhibit_id}:" in t))
        # heading, chart (between them in the flow) and the whole caption on one page
        caption = _squash("Text alternative: " + exhibit.sidecar["alt_text"])
        assert caption in _squash(pages[starts[-1]]), exhibit.exhibit_id
        # all of it on that page, or on two where its text runs over and the second page says so
        shown = _squash(f"Shown: {exhibit.file('svg')}")
        ends.append(next(i for i in range(starts[-1], n) if shown in _squash(pages[i])))
        continued = f"Exhibit {exhibit.exhibit_id}, continued" in pages[starts[-1] + 1]
        assert ends[-1] - starts[-1] == (1 if continued else 0), exhibit.exhibit_id
    assert starts[0] <= 2 and starts[1:] == [end + 1 for end in ends[:-1]]  # two pages of index; no gaps
    assert n <= len(folder.exhibits) + 12
    index = {w for page in words[: starts[0]] for _, _, w in page}
    assert [f["path"] for e in folder.exhibits for f in e.files if f["sha256"] not in index] == []  # each on one line
    annex = words[next(i for i in range(ends[-1], n) if "Annex: cited documents" in pages[i]) :]
    header = {"Source", "id", "Title", "Producer", "Date", "Note"}
    assert all(header <= {w for _, _, w in page} for page in annex)  # every column, the header repeated


# ---------------------------------------------------------------- refusals


def test_a_folder_whose_files_differ_from_the_manifest_is_refused(synthetic, tmp_path):
    folder = tmp_path / "figures"
    shutil.copytree(synthetic[0], folder)
    (folder / "IA-99.csv").write_text("changed\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"IA-99\.csv .* differ from manifest\.json .*inquiry-analysis verify"):
        bundle.write_bundle(folder, tmp_path / "b.pdf", claims=SYNTHETIC_CLAIMS, sources=synthetic_sources())
    assert not (tmp_path / "b.pdf").exists()


def test_bad_arguments_are_refused_with_the_next_step(synthetic, tmp_path):
    folder = synthetic[0]
    with pytest.raises(ValueError, match=r"`pdf_path` must end in \.pdf, but '.*b\.html' was passed"):
        bundle.write_bundle(folder, tmp_path / "b.html", claims=SYNTHETIC_CLAIMS, sources=synthetic_sources())
    with pytest.raises(ValueError, match=r"`claims` lacks the column\(s\) verdict; pass claims\.check_table"):
        bundle.write_bundle(
            folder, tmp_path / "b.pdf", claims=SYNTHETIC_CLAIMS.drop(columns="verdict"), sources=synthetic_sources()
        )
    with pytest.raises(ValueError, match=r"has no manifest\.json"):
        bundle.write_bundle(tmp_path, tmp_path / "b.pdf", claims=SYNTHETIC_CLAIMS, sources=synthetic_sources())
    with pytest.raises(TypeError, match=r"`sources` must be a DataFrame \(load_sources\(\)\), but list was passed"):
        bundle.write_bundle(folder, tmp_path / "b.pdf", claims=SYNTHETIC_CLAIMS, sources=[])


def test_an_accessible_svg_keeps_its_title_desc_and_role_with_ids_scoped():
    svg = (
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
        '  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" aria-labelledby="t d">\n'
        '<title id="t">A &amp; B</title><desc id="d">Alt</desc><metadata><x/></metadata>\n'
        '<g id="IA-42-already"/><use xlink:href="#IA-42-already"/>\n'
        '<defs><style type="text/css">*{stroke-linecap: butt}</style><clipPath id="p1"><rect/></clipPath></defs>\n'
        '<g clip-path="url(#p1)"><text x="1" y="2">3,500</text></g></svg>\n'
    )
    exhibit = bundle_folder.BundledExhibit(exhibit_id="IA-42", sidecar={"title": "A & B"}, files=[])
    out = bundle_html._inline_svg(svg, exhibit)
    assert out.startswith("<svg") and "<?xml" not in out and "DOCTYPE" not in out and "<metadata" not in out
    assert out.count('role="img"') == 1 and 'aria-labelledby="IA-42-t IA-42-d"' in out
    assert '<title id="IA-42-t">A &amp; B</title><desc id="IA-42-d">Alt</desc>' in out
    assert 'clip-path="url(#IA-42-p1)"' in out and '<clipPath id="IA-42-p1">' in out
    assert "#IA-42-svg * {stroke-linecap: butt}" in out and 'id="IA-42-svg"' in out
    assert '<text x="1" y="2">3,500</text>' in out
    assert '<g id="IA-42-already"/><use xlink:href="#IA-42-already"/>' in out


def test_every_chart_of_the_committed_bundle_prints_its_text_at_7_pt_or_more(committed):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(committed[0]))
    charts = [sizes for sizes in (printed_sizes(page) for page in reader.pages) if sizes]
    assert len(charts) >= len({e["exhibit"] for e in committed[2]["files"]})  # every exhibit drew text
    assert min(min(sizes) for sizes in charts) >= 7
