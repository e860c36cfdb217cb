"""The bundle's PDF laid out, part by part: the cover with its contents, the index of files and hashes, a
page or more per exhibit (its own vector PDF with its alt text below), the claims and the annex.

Each part is set down by the flow of :mod:`~inquiry_analysis.exhibits.bundle.pdf_flow`, which ties each text
line to its element of the structure tree; :func:`write_pdf` draws the pages and tags them
(:mod:`~inquiry_analysis.exhibits.bundle.pdf_write`). The contents and the index link to the pages they name.
"""

from __future__ import annotations

from pathlib import Path

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
from inquiry_analysis.exhibits.bundle.pdf_exhibit import read_exhibit_page
from inquiry_analysis.exhibits.bundle.pdf_flow import (
    BODY,
    BOLD_CELL,
    CELL,
    GREY,
    H1,
    H2,
    HASH,
    LINK,
    NOTE_CELL,
    SMALL,
    WIDTH,
    _Flow,
    _Page,
    _Style,
)


def _cover(folder: BundleFolder, claims, sources, title, version, contents) -> list[_Page]:
    flow = _Flow("", bookmark="Cover")
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
