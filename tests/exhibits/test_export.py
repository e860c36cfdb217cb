"""Exhibits: the frame, the sidecar, byte-identical export in every format, and the manifest.

The exhibits here plot synthetic numbers made up by the tests, labelled as such.
"""

import datetime as dt
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest

from inquiry_analysis import exhibits, provenance

SYNTHETIC = pd.DataFrame({"year": [2014, 2015, 2016, 2017], "reports": [100, 150, 260, 310]})


def synthetic_exhibit(**changes):
    fields = dict(
        exhibit_id="IA-99",
        title="Synthetic reports tripled in three years",
        subtitle="Synthetic test data: reports per year, 2014 to 2017",
        source="Source: synthetic test data from the inquiry-analysis test suite",
        alt_text="A line rising from 100 reports in 2014 to 310 in 2017.",
        data=SYNTHETIC,
        notes=("Made up by the tests; not a published figure.",),
        inputs=("ncmec",),
    )
    fields.update(changes)
    return exhibits.Exhibit(**fields)


def draw(exhibit):
    fig, ax = exhibits.new_figure(exhibit)
    with exhibits.house_style():
        ax.plot(exhibit.data["year"], exhibit.data["reports"], marker="o")
        ax.set_xticks(exhibit.data["year"])
        ax.set_ylabel("Reports")
        fig.canvas.draw()
    return fig


def export(directory, exhibit=None):
    """One export, then the manifest, as a run ends."""
    exhibit = exhibit or synthetic_exhibit()
    result = exhibits.export_exhibit(exhibit, draw(exhibit), directory=directory)
    exhibits.write_manifest(directory)
    return result


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """One export of the synthetic exhibit, for the tests that only read it (exports take a second each)."""
    folder = tmp_path_factory.mktemp("exported")
    return folder, export(folder)


def test_every_format_is_written(exported):
    tmp_path, result = exported
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["IA-99.svg", "IA-99.pdf", "IA-99.png", "IA-99.csv", "IA-99.xlsx", "IA-99.json", "manifest.json"]
    )
    assert result._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "IA-99.pdf").read_bytes()[:5] == b"%PDF-"
    assert b"<svg" in (tmp_path / "IA-99.svg").read_bytes()[:2000]


def test_png_is_300_dpi_at_8_inches_wide(exported):
    from PIL import Image

    tmp_path, _ = exported
    with Image.open(tmp_path / "IA-99.png") as image:
        assert image.size[0] == 8 * 300
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_two_exports_are_byte_identical_in_every_format(exported, tmp_path):
    export(tmp_path / "second")
    first = {p.name: p.read_bytes() for p in exported[0].iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "second").iterdir()}
    assert first.keys() == second.keys() and len(first) == 7
    assert [name for name in first if first[name] != second[name]] == []


def test_a_different_title_changes_the_files(exported, tmp_path):
    export(tmp_path / "b", synthetic_exhibit(title="Synthetic reports more than tripled"))
    for fmt in ("svg", "pdf", "png", "json"):
        assert (exported[0] / f"IA-99.{fmt}").read_bytes() != (tmp_path / "b" / f"IA-99.{fmt}").read_bytes()


def test_sidecar_records_what_the_exhibit_shows_and_was_built_from(exported):
    tmp_path, _ = exported
    sidecar = json.loads((tmp_path / "IA-99.json").read_text(encoding="utf-8"))
    assert sidecar["exhibit_id"] == "IA-99"
    assert sidecar["title"] == "Synthetic reports tripled in three years"
    assert sidecar["subtitle"] == "Synthetic test data: reports per year, 2014 to 2017"
    assert sidecar["source"].startswith("Source: synthetic test data")
    assert sidecar["alt_text"] == "A line rising from 100 reports in 2014 to 310 in 2017."
    assert sidecar["notes"] == ["Made up by the tests; not a published figure."]
    data = provenance.bundled_data_dir() / "ncmec.csv"
    assert sidecar["inputs"] == {
        "ncmec": {"kind": "table", "path": "data/ncmec.csv", "sha256": provenance.sha256_file(data)}
    }
    from inquiry_analysis import __version__

    assert sidecar["package_version"] == __version__
    assert "git_commit" in sidecar and "git_modified" in sidecar


def test_plotted_data_are_exported_as_csv_and_an_accessible_spreadsheet(exported):
    tmp_path, _ = exported
    assert (tmp_path / "IA-99.csv").read_text(encoding="utf-8") == (
        "year,reports\n2014,100\n2015,150\n2016,260\n2017,310\n"
    )
    book = openpyxl.load_workbook(tmp_path / "IA-99.xlsx")
    cells = [c for row in book["IA-99"].iter_rows(values_only=True) for c in row if c is not None]
    assert cells[0].startswith("Synthetic reports tripled in three years")
    assert "Synthetic test data: reports per year, 2014 to 2017" in cells
    assert any("synthetic test data from the inquiry-analysis test suite" in str(c) for c in cells)
    assert [2017, 310] == [c for c in cells if c in (2017, 310)]
    notes = [c for row in book["Notes"].iter_rows(values_only=True) for c in row if c is not None]
    assert "Made up by the tests; not a published figure." in notes
    # Dated by the Reproducible Builds rule (tests/exhibits/test_spreadsheet.py), never the invented 2018-01-24.
    assert book.properties.created.date() != dt.date(2018, 1, 24)


def test_manifest_lists_every_file_with_hash_exhibit_and_data_hashes(exported):
    tmp_path, _ = exported
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in manifest["files"]} == {
        f"IA-99.{x}" for x in ("svg", "pdf", "png", "csv", "xlsx", "json")
    }
    for entry in manifest["files"]:
        assert entry["exhibit"] == "IA-99"
        assert entry["sha256"] == provenance.sha256_file(tmp_path / entry["path"])
        assert entry["bytes"] == (tmp_path / entry["path"]).stat().st_size
    package = provenance.read_datapackage()
    assert manifest["data_package"]["ncmec.csv"] == provenance.expected_sha256(
        next(r for r in package["resources"] if r["name"] == "ncmec")
    )


def test_check_manifest_names_a_changed_byte_a_missing_file_and_an_extra_one(exported, tmp_path):
    tmp_path = Path(shutil.copytree(exported[0], tmp_path / "copy"))  # the module's export, safe to damage
    assert all(check.ok for check in provenance.check_manifest(tmp_path))
    png = tmp_path / "IA-99.png"
    data = bytearray(png.read_bytes())
    data[-20] ^= 0x01
    png.write_bytes(bytes(data))
    (tmp_path / "IA-99.csv").unlink()
    (tmp_path / "stray.txt").write_text("not an exhibit\n", encoding="utf-8")
    bad = {check.path.name: str(check) for check in provenance.check_manifest(tmp_path) if not check.ok}
    assert set(bad) == {"IA-99.png", "IA-99.csv", "stray.txt"}
    assert "but manifest.json records" in bad["IA-99.png"]
    assert "missing" in bad["IA-99.csv"]
    assert "present but not listed in manifest.json" in bad["stray.txt"]


def test_a_folder_without_manifest_fails_the_check(tmp_path):
    checks = provenance.check_manifest(tmp_path)
    assert [str(c).endswith("manifest.json: missing") for c in checks] == [True]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"exhibit_id": "Figure 1"},
            r"`exhibit_id` must look like 'IA-01' \(two capitals, a hyphen, digits\), but 'Figure 1' was passed",
        ),
        ({"title": " "}, "`title` must not be empty"),
        ({"alt_text": ""}, "`alt_text` must not be empty"),
        ({"source": "NCMEC"}, r"`source` must read 'Source: <document> from <producer>'"),
        ({"data": pd.DataFrame()}, "`data` must be a non-empty DataFrame"),
    ],
)
def test_an_incomplete_exhibit_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        synthetic_exhibit(**changes)


def test_unknown_input_table_is_refused(tmp_path):
    with pytest.raises(ValueError, match="`inputs` names 'nope', which is not a table of the data package"):
        export(tmp_path, synthetic_exhibit(inputs=("nope",)))


def test_style_does_not_leak_into_global_settings():
    before = dict(plt.rcParams)
    fig = draw(synthetic_exhibit())
    plt.close(fig)
    assert dict(plt.rcParams) == before


def test_long_titles_wrap_and_grow_the_frame_not_shrink_the_chart():
    short = synthetic_exhibit()
    long = synthetic_exhibit(title="Synthetic reports " + "rose again and again " * 8)
    fig_short, ax_short = exhibits.new_figure(short)
    fig_long, ax_long = exhibits.new_figure(long)
    assert fig_long.get_figheight() > fig_short.get_figheight()

    def height(fig, ax):
        return ax.get_position().height * fig.get_figheight()

    assert height(fig_long, ax_long) == pytest.approx(height(fig_short, ax_short))
    plt.close(fig_short)
    plt.close(fig_long)


LONG_ADDRESS = "https://www.example.org/news/" + "a-long-address-that-would-break-mid-way-across-the-foot/" * 3


def test_the_chart_prints_producers_and_keys_while_the_full_references_stay_in_the_exhibit():
    cited = provenance.Source(
        source_id="iwf-ar-2017",
        title="IWF Annual Report 2017",
        producer="Internet Watch Foundation",
        date_published="2018",
        url=LONG_ADDRESS,
        kind="annual_report",
    )
    exhibit = synthetic_exhibit(source="", references=(cited,))
    assert exhibit.source == f"Source: IWF Annual Report 2017 ({LONG_ADDRESS}) from Internet Watch Foundation"
    fig, _ = exhibits.new_figure(exhibit)
    drawn = [text.get_text() for text in fig.texts]
    plt.close(fig)
    assert "Source: IWF [iwf-ar-2017]" in drawn
    assert not any("http" in line or "example.org" in line for line in drawn)
    with pytest.raises(ValueError, match="`source` or `references` must be given"):
        synthetic_exhibit(source="")
    with pytest.raises(ValueError, match="`references` takes Reference, Source or InputFile records, but str"):
        synthetic_exhibit(references=("iwf-ar-2017",))


@pytest.mark.mpl_image_compare(
    baseline_dir="baseline", filename="synthetic_exhibit.png", tolerance=2, style="default", savefig_kwargs={"dpi": 100}
)
def test_exhibit_frame_matches_the_stored_baseline():
    return draw(synthetic_exhibit())


def test_floating_point_columns_need_a_stated_precision():
    data = pd.DataFrame({"year": [2016, 2017], "rate": [484.3333333333333, 473.8333333333333]})
    with pytest.raises(
        ValueError,
        match=r"column 'rate' of `data` holds floating-point numbers but has no stated "
        r"precision; pass decimals=\{'rate': n\}",
    ):
        synthetic_exhibit(data=data)
    with pytest.raises(ValueError, match="`decimals` for column 'rate' must be a whole number of places"):
        synthetic_exhibit(data=data, decimals={"rate": 1.5})


def test_exports_are_rounded_as_stated_counts_whole(tmp_path):
    data = pd.DataFrame(
        {"year": [2016, 2017], "rate": [484.3333333333333, 473.86], "count": [52463.914233429176, None]}
    )
    exhibit = synthetic_exhibit(data=data, decimals={"rate": 1, "count": 0})
    exhibits.export_exhibit(exhibit, draw(synthetic_exhibit()), directory=tmp_path)
    assert (tmp_path / "IA-99.csv").read_text(encoding="utf-8") == "year,rate,count\n2016,484.3,52464\n2017,473.9,\n"
    sheet = openpyxl.load_workbook(tmp_path / "IA-99.xlsx").worksheets[-1]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [2016, 484.3, 52464] in values and [2017, 473.9, "[x]"] in values


def test_a_table_states_its_own_precision_and_the_exhibit_may_override_it():
    data = pd.DataFrame({"year": [2016], "share": [0.123456789]})
    data.attrs["decimals"] = {"share": 4}
    assert synthetic_exhibit(data=data).exported_data()["share"].tolist() == [0.1235]
    assert synthetic_exhibit(data=data, decimals={"share": 2}).exported_data()["share"].tolist() == [0.12]


def test_sidecar_records_the_versions_of_the_packages_that_shape_the_files(exported):
    import matplotlib
    import numpy

    tmp_path, _ = exported
    packages = json.loads((tmp_path / "IA-99.json").read_text(encoding="utf-8"))["packages"]
    assert packages["numpy"] == numpy.__version__ and packages["matplotlib"] == matplotlib.__version__
    assert set(packages) == set(exhibits.export.SHAPING_PACKAGES)


def test_a_users_file_is_cited_by_name_sha256_size_sheet_and_options(tmp_path, monkeypatch):
    monkeypatch.setenv(provenance.DRAFT_ENV, "1")  # the sidecar cites inputs as a full export does, without rendering
    mine = tmp_path / "referrals_by_month.csv"
    mine.write_text("month,referrals\n2016-01,10\n", encoding="utf-8")
    frame = pd.DataFrame({"month": ["2016-01"], "referrals": [10]})
    frame.attrs["input"] = provenance.InputFile.from_path(mine, options={"thousands": ","})
    export(tmp_path / "out", synthetic_exhibit(inputs=(frame, "ncmec"), references=(frame.attrs["input"],)))
    sidecar = json.loads((tmp_path / "out" / "IA-99.json").read_text(encoding="utf-8"))
    assert sidecar["references"] == [
        {
            "key": "referrals_by_month.csv",
            "title": "referrals_by_month.csv",
            "producer": "the analyst's own file",
            "url": "",
            "kind": "user_file",
            "sha256": provenance.sha256_file(mine),
        }
    ]
    assert sidecar["inputs"]["referrals_by_month.csv"] == {
        "kind": "user_file",
        "name": "referrals_by_month.csv",
        "sha256": provenance.sha256_file(mine),
        "bytes": len("month,referrals\n2016-01,10\n"),
        "sheet": None,
        "options": {"thousands": ","},
    }
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"] == sidecar["inputs"]
    assert str(tmp_path) not in (tmp_path / "out" / "IA-99.json").read_text(encoding="utf-8")


def test_inputs_refuse_an_unknown_table_and_a_frame_that_does_not_say_where_it_came_from():
    with pytest.raises(ValueError, match="`inputs` names 'referrals_by_month.xlsx', which is not a table"):
        exhibits.export._input_records(synthetic_exhibit(inputs=("referrals_by_month.xlsx",)).inputs)
    with pytest.raises(ValueError, match="does not say where it came from"):
        synthetic_exhibit(inputs=(pd.DataFrame({"a": [1]}),))


def test_no_export_is_written_into_the_committed_figures_folder(tmp_path, monkeypatch):
    root = provenance.checkout()
    if root is None:
        pytest.skip("not running from a checkout")
    before = {p.name: p.stat().st_mtime_ns for p in (root / "figures").iterdir()}
    with pytest.raises(ValueError, match="only `inquiry-analysis reproduce` writes there"):
        export(root / "figures")
    with pytest.raises(ValueError, match="only `inquiry-analysis reproduce` writes there"):
        export(root / "figures" / "sub")
    with pytest.raises(ValueError, match="only `inquiry-analysis reproduce` writes there"):
        exhibits.write_manifest(root / "figures")
    assert {p.name: p.stat().st_mtime_ns for p in (root / "figures").iterdir()} == before
    assert exhibits.default_figures_dir() == root / "exports"


def test_sidecars_hash_the_data_package_in_use(tmp_path, data_copy, monkeypatch):
    (data_copy / "ncmec.csv").write_bytes((data_copy / "ncmec.csv").read_bytes() + b"\n")
    monkeypatch.setenv(provenance.DATA_ENV, str(data_copy))
    monkeypatch.setenv(provenance.DRAFT_ENV, "1")  # the sidecar's inputs are those of a full export, without rendering
    export(tmp_path)
    assert json.loads((tmp_path / "IA-99.json").read_text(encoding="utf-8"))["draft"] is True
    sidecar = json.loads((tmp_path / "IA-99.json").read_text(encoding="utf-8"))
    assert sidecar["inputs"]["ncmec"]["sha256"] == provenance.sha256_file(data_copy / "ncmec.csv")
    assert sidecar["inputs"]["ncmec"]["sha256"] != provenance.sha256_file(provenance.bundled_data_dir() / "ncmec.csv")


SVG = "{http://www.w3.org/2000/svg}"


def test_svg_carries_the_title_and_alt_text_where_assistive_technology_reads_them(exported):
    tmp_path, _ = exported
    root = ET.parse(tmp_path / "IA-99.svg").getroot()
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    first, second = list(root)[:2]
    assert (first.tag, first.get("id"), first.text) == (
        f"{SVG}title",
        title_id,
        "Synthetic reports tripled in three years",
    )
    assert (second.tag, second.get("id"), second.text) == (
        f"{SVG}desc",
        desc_id,
        "A line rising from 100 reports in 2014 to 310 in 2017.",
    )
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids.count(title_id) == 1 and ids.count(desc_id) == 1
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"


def test_svg_keeps_text_as_text_with_fallback_fonts(exported):
    tmp_path, _ = exported
    root = ET.parse(tmp_path / "IA-99.svg").getroot()
    texts = list(root.iter(f"{SVG}text"))
    assert any("tripled" in (t.text or "") for t in texts)
    assert any(t.text == "Exhibit IA-99" for t in texts)
    # A viewer without DejaVu Sans falls back to fonts of the same or narrower widths, then any sans-serif.
    assert all(
        "font-family: 'DejaVu Sans', 'Bitstream Vera Sans', 'Arial', 'Helvetica', 'Liberation Sans', "
        "sans-serif" in t.get("style")
        for t in texts
    )


def _tiny(fmt, metadata):
    fig = plt.figure(figsize=(1, 1))
    fig.text(0.1, 0.5, "x")
    out = io.BytesIO()
    with exhibits.house_style():
        fig.savefig(out, format=fmt, metadata=metadata)
    plt.close(fig)
    return out.getvalue()


def test_svg_title_and_desc_escape_markup():
    exhibit = synthetic_exhibit(title="Reports & referrals <rose>", alt_text='A "line" & <points>.')
    svg = exhibits.accessibility.accessible_svg(_tiny("svg", {"Title": exhibit.title, "Date": None}), exhibit)
    root = ET.fromstring(svg)
    assert [e.text for e in list(root)[:2]] == ["Reports & referrals <rose>", 'A "line" & <points>.']
    assert len(root.findall(f"{SVG}title")) == 1


def _pdf_objects(pdf: bytes) -> dict[int, bytes]:
    """Each object of a PDF by number, found through its cross-reference table (checked against the bytes)."""
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", pdf).group(1))
    count = int(re.match(rb"xref\n0 (\d+)\n", pdf[start:]).group(1))
    table = pdf[start:].split(b"\n", 2)[2]
    offsets = [int(table[20 * i : 20 * i + 10]) for i in range(1, count)]
    objects = {}
    for number, offset in enumerate(offsets, start=1):
        head = b"%d 0 obj\n" % number
        assert pdf[offset : offset + len(head)] == head, f"xref entry {number} does not point at its object"
        objects[number] = pdf[offset + len(head) : pdf.index(b"endobj", offset)]
    return objects


def test_pdf_is_tagged_as_one_figure_with_the_alt_text(exported):
    tmp_path, _ = exported
    pdf = (tmp_path / "IA-99.pdf").read_bytes()
    objects = _pdf_objects(pdf)
    root = int(re.search(rb"/Root (\d+) 0 R", pdf[pdf.rindex(b"trailer") :]).group(1))
    catalog = objects[root]
    assert b"/Lang (en-GB)" in catalog and b"/MarkInfo << /Marked true >>" in catalog
    assert b"/ViewerPreferences << /DisplayDocTitle true >>" in catalog
    tree = objects[int(re.search(rb"/StructTreeRoot (\d+) 0 R", catalog).group(1))]
    document = objects[int(re.search(rb"/K (\d+) 0 R", tree).group(1))]
    assert b"/S /Document" in document
    figure = objects[int(re.search(rb"/K \[ (\d+) 0 R \]", document).group(1))]
    assert b"/S /Figure" in figure and b"/K 0" in figure
    assert b"/Alt (A line rising from 100 reports in 2014 to 310 in 2017.)" in figure
    page_number = int(re.search(rb"/Pg (\d+) 0 R", figure).group(1))
    page = objects[page_number]
    assert b"/Type /Page" in page and b"/StructParents 0" in page
    parents = objects[int(re.search(rb"/ParentTree (\d+) 0 R", tree).group(1))]
    assert re.search(rb"/Nums \[ 0 \[ (\d+) 0 R \] \]", parents).group(1) == re.search(
        rb"/K \[ (\d+) 0 R \]", document
    ).group(1)
    contents = objects[int(re.search(rb"/Contents (\d+) 0 R", page).group(1))]
    stream = contents.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    length = int(objects[int(re.search(rb"/Length (\d+) 0 R", contents).group(1))])
    assert len(stream) == length
    drawing = zlib.decompress(stream)
    assert drawing.startswith(b"/Figure << /MCID 0 >> BDC\n") and drawing.endswith(b"\nEMC\n")
    info = objects[int(re.search(rb"/Info (\d+) 0 R", pdf[pdf.rindex(b"trailer") :]).group(1))]
    assert b"/Title (Synthetic reports tripled in three years)" in info
    assert b"/Subject (A line rising from 100 reports in 2014 to 310 in 2017.)" in info


def test_pdf_alt_text_outside_ascii_is_written_as_unicode():
    exhibit = synthetic_exhibit(alt_text="Referrals ÷ 12 months – a “derived” rate.")
    pdf = exhibits.accessibility.accessible_pdf(_tiny("pdf", {"CreationDate": None}), exhibit)
    figure = next(body for body in _pdf_objects(pdf).values() if b"/S /Figure" in body)
    alt = figure[figure.index(b"/Alt (") + 6 :]
    assert alt.startswith(b"\xfe\xff") and "÷".encode("utf-16-be") in alt


def test_svg_and_pdf_not_written_as_expected_are_refused_not_mangled():
    exhibit = synthetic_exhibit()
    with pytest.raises(ValueError, match="expected matplotlib's SVG to have an <svg> root element"):
        exhibits.accessibility.accessible_svg(b"<?xml version='1.0'?><html/>", exhibit)
    with pytest.raises(ValueError, match="expected matplotlib's PDF to end in one cross-reference table"):
        exhibits.accessibility.accessible_pdf(b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n", exhibit)


def test_a_draft_export_writes_the_data_and_a_marked_sidecar_only(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from inquiry_analysis import provenance

    monkeypatch.setenv(provenance.DRAFT_ENV, "1")
    exhibit = exhibits.Exhibit(
        exhibit_id="AN-99",
        title="T",
        subtitle="S",
        source="Source: synthetic",
        alt_text="A",
        data=pd.DataFrame({"x": [1, 2]}),
    )
    fig, ax = plt.subplots()
    assert exhibits.export_exhibit(exhibit, fig, directory=tmp_path)._repr_png_() is None  # no preview drawn either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["AN-99.csv", "AN-99.json"]
    sidecar = json.loads((tmp_path / "AN-99.json").read_text(encoding="utf-8"))
    assert sidecar["draft"] is True and sidecar["files"] == {"csv": "AN-99.csv"}
