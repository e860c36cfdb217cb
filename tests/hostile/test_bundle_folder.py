"""A hostile exhibit folder given to `bundle`: each file refused in one line naming it, quickly, never echoed.

Each hostile file is built in memory from one exported exhibit of the project's figures/ (IA-04: its SVG
holds matplotlib's own base64 PNG, the one data: URI an exhibit may hold), and given to the reader that
meets it first: the sidecar to read_folder, the PDF to read_exhibit_page, the SVG to read_svg. One run of
the command line shows the refusal reaching the user as one line, with nothing written.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject, RectangleObject

from inquiry_analysis import cli
from inquiry_analysis.exhibits.bundle.folder import read_folder
from inquiry_analysis.exhibits.bundle.html import read_svg, svg_problem
from inquiry_analysis.exhibits.bundle.pdf_exhibit import exhibit_form, read_exhibit_page

FIGURES = Path(__file__).resolve().parents[2] / "figures"
EXHIBIT = "IA-04"
SVG_ROOT = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


@pytest.fixture(scope="module")
def originals():
    return {fmt: (FIGURES / f"{EXHIBIT}.{fmt}").read_bytes() for fmt in ("json", "pdf", "png", "svg")}


def folder_with(tmp_path: Path, originals: dict, **changed: bytes) -> tuple[Path, dict]:
    """The exhibit's four files in ``tmp_path``, those named in ``changed`` replaced, and a manifest of them."""
    files = []
    for fmt, content in {**originals, **changed}.items():
        (tmp_path / f"{EXHIBIT}.{fmt}").write_bytes(content)
        digest = hashlib.sha256(content).hexdigest()
        files.append({"path": f"{EXHIBIT}.{fmt}", "sha256": digest, "bytes": len(content), "exhibit": EXHIBIT})
    return tmp_path, {"files": files}


def refused(match: str, read, *args) -> str:
    """The one-line ValueError ``read(*args)`` raises; its message must match ``match``."""
    with pytest.raises(ValueError) as caught:
        read(*args)
    message = str(caught.value)
    assert "\n" not in message and re.search(match, message), message
    return message


# ---------------------------------------------------------------- sidecars


def sidecar(originals: dict, **fields) -> bytes:
    return json.dumps({**json.loads(originals["json"]), **fields}).encode()


@pytest.mark.parametrize(
    ("fields", "found"),
    [
        ({"references": 5}, '"references" is a number, not a list'),
        ({"references": ["x"]}, '"references" item 1 is a string, not an object'),
        ({"files": ["x"]}, '"files" is a list, not an object'),
        ({"files": {"pdf": 3}}, '"files" holds a number where a file name belongs'),
        ({"inputs": "claims"}, '"inputs" is a string, not an object'),
        ({"source": ["a"]}, '"source" is a list, not a string'),
        ({"alt_text": None}, '"alt_text" is null, not a string'),
        ({"title": {"a": 1}}, '"title" is an object, not a string'),
        ({"notes": "one note"}, '"notes" is a string, not a list'),
        ({"notes": ["a", 2]}, '"notes" item 2 is a number, not a string'),
        ({"git_commit": 7}, '"git_commit" is a number, not a string'),
    ],
)
def test_a_sidecar_of_the_wrong_shape_is_refused_naming_the_file_and_field(tmp_path, originals, fields, found):
    folder, manifest = folder_with(tmp_path, originals, json=sidecar(originals, **fields))
    refused(rf"^{EXHIBIT}\.json in {re.escape(str(folder))}: {re.escape(found)}", read_folder, folder, manifest)


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (b"[1, 2]", "is a list, not a JSON object"),
        (b"", r"not valid JSON \(Expecting value: line 1 column 1"),
        (b'{"title": "<script>alert(1)</script>", ', "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_a_sidecar_that_is_not_a_json_object_is_refused_naming_the_file(tmp_path, originals, content, found):
    folder, manifest = folder_with(tmp_path, originals, json=content)
    message = refused(rf"^{EXHIBIT}\.json in .*: {found}", read_folder, folder, manifest)
    assert "script" not in message


def test_a_sidecar_over_a_megabyte_is_refused_unread(tmp_path, originals):
    folder, manifest = folder_with(tmp_path, originals, json=sidecar(originals, notes=["x" * 2**20]))
    refused(rf"^{EXHIBIT}\.json in .*: over 1 MB", read_folder, folder, manifest)


def test_a_manifest_naming_an_exhibit_by_a_list_is_refused(tmp_path, originals):
    folder, manifest = folder_with(tmp_path, originals)
    manifest["files"][0]["exhibit"] = ["IA-04"]
    refused(r"^manifest\.json of .* names an exhibit by something other than a string$", read_folder, folder, manifest)


def test_the_project_sidecars_are_read(tmp_path, originals):
    folder, manifest = folder_with(tmp_path, originals)
    assert [e.exhibit_id for e in read_folder(folder, manifest).exhibits] == [EXHIBIT]


# ---------------------------------------------------------------- the exhibit's PDF


def pdf_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_drawing(originals: dict, drawing: bytes) -> bytes:
    """The exhibit's PDF (fonts and all) with its page's drawing replaced."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(originals["pdf"])))
    stream = DecodedStreamObject()
    stream.set_data(drawing)
    writer.pages[0][NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    return pdf_bytes(writer)


def two_pages(originals: dict) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(originals["pdf"])))
    writer.add_blank_page()
    return pdf_bytes(writer)


def no_contents(originals: dict) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(originals["pdf"])))
    del writer.pages[0][NameObject("/Contents")]
    return pdf_bytes(writer)


def read_pdf(folder: Path, content: bytes):
    path = folder / f"{EXHIBIT}.pdf"
    path.write_bytes(content)
    return read_exhibit_page(path, hashlib.sha256(content).hexdigest())


@pytest.mark.parametrize(
    ("make", "found"),
    [
        (lambda o: pdf_bytes(PdfWriter()), "has 0 pages; an exhibit's PDF has exactly one"),
        (two_pages, "has 2 pages; an exhibit's PDF has exactly one"),
        (lambda o: b"<html>not a PDF</html>", "not a one-page exhibit PDF"),
        (lambda o: o["pdf"][: len(o["pdf"]) // 3], "not a one-page exhibit PDF"),
        (no_contents, "its page has no /Contents"),
        (lambda o: with_drawing(o, b"0" * (17 * 2**20)), "its drawing is over 16 MB decoded"),
    ],
)
def test_a_pdf_the_bundle_cannot_show_is_refused_naming_the_file(tmp_path, originals, make, found):
    refused(rf"^{EXHIBIT}\.pdf in {re.escape(str(tmp_path))}: .*{found}", read_pdf, tmp_path, make(originals))


def test_what_pypdf_quotes_of_a_file_is_left_out_of_the_message(tmp_path):
    message = refused(r"^IA-04\.pdf in .*: not a one-page exhibit PDF", read_pdf, tmp_path, b"<html>secret</html>")
    assert "html" not in message and "secret" not in message


def test_a_page_of_no_size_is_refused_and_a_text_at_no_number_is_skipped(tmp_path, originals):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(originals["pdf"])))
    writer.pages[0].mediabox = RectangleObject([0, 0, 0, 0])
    refused(r"^IA-04\.pdf in .*: .*its page is 0 by 0 points", read_pdf, tmp_path, pdf_bytes(writer))
    drawing = b"q\n1 0 0 1 0 1.2.3 cm\nBT\n/F1 10 Tf\n(x) Tj\nET\nQ\n"
    page = read_pdf(tmp_path, with_drawing(originals, drawing))
    assert page.smallest == 0.0  # the one text, at no number, is not measured
    form = exhibit_form(PdfWriter(), PdfReader(tmp_path / f"{EXHIBIT}.pdf"), (0.0, page.height)).get_object()
    assert form.get_data() == b""  # nor shown in any band


def test_a_pdf_over_five_megabytes_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / f"{EXHIBIT}.pdf"
    with open(path, "wb") as handle:
        handle.truncate(5 * 2**20 + 1)  # sparse: no time spent writing it
    refused(rf"^{EXHIBIT}\.pdf in .*: over 5 MB", read_exhibit_page, path, "big")


def test_a_drawing_built_to_make_the_text_scan_backtrack_is_read_in_linear_time(tmp_path, originals):
    # Before: 100,000 "1"s took 66 s to scan, 6,000 unfinished texts 3 s for each band; now milliseconds.
    for drawing in (b"1" * 100_000, b"q\n1 0 0 1 0 0 cm\nBT\n" * 6000):
        page = read_pdf(tmp_path, with_drawing(originals, drawing))
        assert (page.smallest, page.cuts) == (0.0, (page.height,))
        reader = PdfReader(tmp_path / f"{EXHIBIT}.pdf")
        form = exhibit_form(PdfWriter(), reader, (0.0, page.height)).get_object()
        assert form.get_data() == drawing  # no text is whole, so none is cut out


def test_resources_a_page_inherits_from_its_parent_are_found(tmp_path, originals):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(originals["pdf"])))
    page = writer.pages[0]
    writer.pages[0]["/Parent"].get_object()[NameObject("/Resources")] = page["/Resources"]
    del page[NameObject("/Resources")]
    inherited = read_pdf(tmp_path, pdf_bytes(writer))
    assert inherited == read_exhibit_page(FIGURES / f"{EXHIBIT}.pdf", "original")
    form = exhibit_form(PdfWriter(), PdfReader(tmp_path / f"{EXHIBIT}.pdf")).get_object()
    assert "/Font" in form["/Resources"]


# ---------------------------------------------------------------- the exhibit's SVG


@pytest.mark.parametrize(
    ("svg", "found"),
    [
        (SVG_ROOT + '<g onload="alert(1)"/></svg>', r"an event handler \(onload\) on <g>"),
        (SVG_ROOT.replace("<svg ", '<svg ONLOAD="alert(1)" ') + "</svg>", r"an event handler \(onload\) on <svg>"),
        (SVG_ROOT + "<script>alert(1)</script></svg>", "a <script> element"),
        (SVG_ROOT + '<foreignObject><iframe src="https://x.example/"/></foreignObject></svg>', "a <foreignObject>"),
        (SVG_ROOT + '<image href="https://tracker.example/p.gif"/></svg>', r"a link .*\(href on <image>\)"),
        (SVG_ROOT + '<use xlink:href="other.svg#a"/></svg>', r"a link .*\(xlink:href on <use>\)"),
        (SVG_ROOT + '<image xlink:href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>', r"a link .*<image>"),
        (SVG_ROOT + '<rect style="fill:url(https://x.example/a)"/></svg>', r"a url\(\) outside the file"),
        (SVG_ROOT + '<rect fill="url(data:x)"/></svg>', r"a url\(\) outside the file"),
        (SVG_ROOT + "<style>@import 'https://x.example/a.css';</style></svg>", "a script, data: URI or import"),
        (SVG_ROOT + '<a href="javascript:alert(1)"><text>x</text></a></svg>', "a <a> element"),
        (SVG_ROOT + '<animate attributeName="href" to="javascript:alert(1)"/></svg>', "a <animate> element"),
        (SVG_ROOT + "<style><![CDATA[</style><img src=x onerror=alert(1)>]]></style></svg>", "markup inside a CDATA"),
        (SVG_ROOT + "<!-- <img src=x onerror=alert(1)> --></svg>", "markup inside a comment"),
        ('<!DOCTYPE svg [<!ENTITY a "a">]>' + SVG_ROOT + "</svg>", "a DTD of its own"),
        ('<?xml-stylesheet href="https://x.example/a.css"?>' + SVG_ROOT + "</svg>", "a processing instruction"),
        ("<html><body/></html>", r"no <svg> root \(it begins with <html>\)"),
        ("a chart, but no svg", r"not well-formed XML \(syntax error, line 1\)"),
    ],
)
def test_an_svg_with_a_script_or_an_external_file_is_refused_naming_the_file_and_what_was_found(tmp_path, svg, found):
    path = tmp_path / f"{EXHIBIT}.svg"
    path.write_text(svg, encoding="utf-8")
    message = refused(rf"^{EXHIBIT}\.svg in results: not inlined .*: it holds {found}", read_svg, path, "results")
    assert "alert" not in message and "x.example" not in message


def test_matplotlibs_own_svgs_pass_the_project_figures_and_a_raster_image():
    for path in sorted(FIGURES.glob("*.svg")):
        assert svg_problem(path.read_text(encoding="utf-8")) is None, path.name
    assert svg_problem(SVG_ROOT + '<image xlink:href="data:image/png;base64,iVBORw0KGgo="/></svg>') is None


def test_an_svg_over_five_megabytes_or_not_utf8_is_refused(tmp_path):
    path = tmp_path / f"{EXHIBIT}.svg"
    with open(path, "wb") as handle:
        handle.truncate(5 * 2**20 + 1)
    refused(rf"^{EXHIBIT}\.svg in results: over 5 MB", read_svg, path, "results")
    path.write_bytes(b"\xff" + SVG_ROOT.encode() + b"</svg>")
    refused(rf"^{EXHIBIT}\.svg in results: not UTF-8", read_svg, path, "results")


# ---------------------------------------------------------------- the command line


def test_bundle_refuses_a_hostile_folder_in_one_line_and_writes_nothing(tmp_path, originals, capsys):
    from inquiry_analysis.exhibits import write_manifest

    folder = tmp_path / "results"
    folder.mkdir()
    folder_with(folder, originals, svg=(SVG_ROOT + "<script>alert(1)</script></svg>").encode())
    write_manifest(folder)
    out = tmp_path / "out"
    assert (
        cli.main(["bundle", "--figures", str(folder), "--out", str(out / "b.pdf"), "--html", str(out / "b.html")]) == 1
    )
    err = capsys.readouterr().err
    assert err == (
        f"inquiry-analysis bundle: {EXHIBIT}.svg in results: not inlined in the bundle's HTML, which holds no "
        "scripts and no external files: it holds a <script> element, which an exhibit's chart does not draw with\n"
    )
    assert not out.exists() or not any(out.iterdir())
