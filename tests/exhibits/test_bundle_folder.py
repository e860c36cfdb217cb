"""A bundle says what it holds: its claims only where they were checked, its annex only what its exhibits cite."""

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from pypdf import PdfReader

from inquiry_analysis import exhibits
from inquiry_analysis.exhibits import bundle
from inquiry_analysis.exhibits.bundle.folder import (
    BundledExhibit,
    BundleFolder,
    cited_sources,
    claims_input,
    inputs_cited,
    rows_of_sources,
    verify_line,
)

SOURCES = pd.DataFrame(
    {
        "source_id": ["doc-a", "doc-b", "doc-c", "doc-d"],
        "title": ["Report A", "Report A and more", "Report C", "Report D"],
        "producer": ["Office A", "Office B", "Office C", "Office D"],
        "url": ["https://example.org/a", "https://example.org/b", "", ""],
        "doi": ["", "", "", "10.1/d"],
    }
)


def folder_of(*sidecars, name="results", manifest=None):
    exhibits_ = [BundledExhibit(exhibit_id=f"AN-{i:02d}", sidecar=s, files=[]) for i, s in enumerate(sidecars, 1)]
    return BundleFolder(path=Path(name), manifest=manifest or {}, exhibits=exhibits_, name=name)


def test_the_annex_holds_only_the_documents_the_exhibits_and_claims_cite():
    rows = rows_of_sources(SOURCES)
    # "Report A (https://example.org/a)" is named; "Report A and more" starts the same but is not.
    folder = folder_of({"source": "Source: Report A (https://example.org/a) from Office A"})
    claims = [{"claim_id": "x", "sources": "doc-c, unknown-id"}]
    assert [s["source_id"] for s in cited_sources(folder, claims, rows)] == ["doc-a", "doc-c"]
    # A DOI is how the source line names a document that has one.
    folder = folder_of({"source": "Source: Report D (doi:10.1/d) from Office D"})
    assert [s["source_id"] for s in cited_sources(folder, [], rows)] == ["doc-d"]


def test_reference_keys_in_a_sidecar_decide_what_it_cites():
    rows = rows_of_sources(SOURCES)
    folder = folder_of({"source": "Source: Office B", "references": [{"key": "doc-b"}, {"source_id": "doc-d"}]})
    assert [s["source_id"] for s in cited_sources(folder, [], rows)] == ["doc-b", "doc-d"]


def test_a_folder_of_ones_own_exhibits_is_verified_with_figures_and_lists_no_unused_data():
    user_file = {"kind": "user_file", "name": "mine.csv", "sha256": "ab" * 32}
    manifest = {
        "made_by": "inquiry-analysis analyse",
        "inputs": {"mine.csv": user_file},
        "data_package": {"referrals.csv": "cd" * 32},
    }
    folder = folder_of({"inputs": {"mine.csv": user_file}}, name="figures", manifest=manifest)
    assert "`inquiry-analysis verify --figures figures`" in verify_line(folder)
    assert "data/datapackage.json" not in verify_line(folder)
    assert inputs_cited(folder) == [("mine.csv", user_file, ["AN-01"])]
    assert claims_input(manifest) is None
    # The project's figures/ (reproduce's, with no made_by) are verified in a checkout; unused tables are listed.
    table = {"kind": "table", "path": "data/claims.csv", "sha256": "ef" * 32}
    manifest = {"inputs": {"claims": table}, "data_package": {"claims.csv": "ef" * 32, "referrals.csv": "cd" * 32}}
    folder = folder_of({"inputs": {"claims": table}}, name="figures", manifest=manifest)
    assert "run `inquiry-analysis verify` in a checkout" in verify_line(folder)
    assert [name for name, _, _ in inputs_cited(folder)] == ["claims", "referrals.csv"]
    assert claims_input(manifest) == table


def test_default_title_names_the_folder_and_never_a_hearing():
    assert bundle.default_title("results", 1, claims=False) == "Evidence bundle: the exhibit in results"
    assert (
        bundle.default_title("out", 3, claims=True) == "Evidence bundle: the 3 exhibits in out, and the claims checked"
    )


@pytest.fixture(scope="module")
def without_claims(tmp_path_factory):
    """One exhibit of a user's own kind, bundled with no claims and no documents cited."""
    folder = tmp_path_factory.mktemp("own") / "my-results"
    exhibit = exhibits.Exhibit(
        exhibit_id="AN-01",
        title="Synthetic reports rose",
        subtitle="Synthetic test data: reports per year, 2014 to 2017",
        source="Source: synthetic test data from the inquiry-analysis test suite",
        alt_text="A line rising from 100 reports in 2014 to 310 in 2017.",
        data=pd.DataFrame({"year": [2014, 2017], "reports": [100, 310]}),
        inputs=("ncmec",),
    )
    fig, ax = exhibits.new_figure(exhibit)
    ax.plot(exhibit.data["year"], exhibit.data["reports"])
    exhibits.export_exhibit(exhibit, fig, directory=folder)
    exhibits.write_manifest(folder)
    plt.close("all")
    pdf, html = bundle.write_bundle(
        folder, folder.parent / "b.pdf", html_path=folder.parent / "b.html", sources=SOURCES, version="9.9.9"
    )
    reader = PdfReader(pdf)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return reader.metadata.title, text, html.read_text(encoding="utf-8")


def test_a_bundle_without_claims_has_no_claims_page_no_annex_and_a_title_of_its_folder(without_claims):
    title, text, html = without_claims
    assert title == "Evidence bundle: the exhibit in my-results"
    assert "Evidence bundle: the exhibit in my-results Package" in text
    assert "<title>Evidence bundle: the exhibit in my-results</title>" in html
    for absent in ("Claims checked", "Annex", "Cited documents", "hearing", "IICSA"):
        assert absent not in text and absent not in html
    assert 'id="claims"' not in html and 'id="sources"' not in html
    assert "verify --figures my-results" in text
