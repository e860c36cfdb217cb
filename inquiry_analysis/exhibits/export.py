"""Export an exhibit: SVG, PDF, PNG (300 dpi), the plotted data as CSV and spreadsheet, and a sidecar.

Two exports of the same exhibit on the same machine give byte-identical files. The SVG and PDF carry
the title and alt text where assistive technology reads them (:mod:`.accessibility`); the spreadsheet
follows the Analysis Function's guidance for releasing statistics in spreadsheets (:mod:`.spreadsheet`).
The folder's ``manifest.json`` is written once, by whoever finishes the run (:mod:`.manifest`).
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from inquiry_analysis import provenance
from inquiry_analysis.exhibits.accessibility import accessible_pdf, accessible_svg
from inquiry_analysis.exhibits.exhibit import Exhibit, fit_left_margin
from inquiry_analysis.exhibits.style import FORMATS, PNG_DPI, house_style
from inquiry_analysis.safe_text import csv_frame

__all__ = [
    "DEFAULT_EXPORTS",
    "ExportedExhibit",
    "SHAPING_PACKAGES",
    "check_not_committed_figures",
    "default_figures_dir",
    "out_folder",
    "export_exhibit",
    "package_versions",
]

#: The folder exports go to when no folder is named (git-ignored in a checkout).
DEFAULT_EXPORTS = "exports"


def default_figures_dir() -> Path:
    """Where exhibits go when no folder is named.

    ``exports/`` in the checkout (git-ignored), else ``./exports``. Never the repository's
    ``figures/``: only ``reproduce`` writes there, by swapping in a whole run. The notebooks that
    ``reproduce`` and ``analyse`` run are given their folder as the parameter ``out``.

    Returns
    -------
    Path
    """
    return (provenance.checkout() or Path.cwd()) / DEFAULT_EXPORTS


def check_not_committed_figures(folder: Path) -> None:
    """Refuse the repository's ``figures/`` (or a folder in it): only ``reproduce`` writes there.

    Parameters
    ----------
    folder : Path
        Where an export would write.

    Raises
    ------
    ValueError
        Naming the folder and where to export instead.
    """
    root = provenance.checkout()
    committed = None if root is None else (root / "figures").resolve()
    if committed is not None and (folder.resolve() == committed or committed in folder.resolve().parents):
        raise ValueError(
            f"{folder} holds the committed exhibits, and only `inquiry-analysis reproduce` writes "
            f"there; export to a folder of your own (directory=...), or leave it out to use "
            f"{root / DEFAULT_EXPORTS}"
        )


# Kept in provenance, which the reproduce record reads without importing the drawing stack; named here too.
SHAPING_PACKAGES = provenance.SHAPING_PACKAGES
package_versions = provenance.package_versions


def _input_records(inputs: tuple) -> dict:
    package = provenance.DataPackage.open()
    out = {}
    for item in inputs:
        if isinstance(item, provenance.InputFile):
            out[item.name] = item.record()
            continue
        try:
            out[item] = package.input_record(item)
        except KeyError:
            raise ValueError(
                f"`inputs` names '{item}', which is not a table of the data package in "
                f"{package.folder}; expected one of {', '.join(r['name'] for r in package.resources)}, "
                "or a frame read from your own file"
            ) from None
    return out


def _write_spreadsheet(exhibit: Exhibit, path: Path) -> None:
    """The data as a spreadsheet to the Analysis Function's standard (see :mod:`._spreadsheet`)."""
    from inquiry_analysis import __version__
    from inquiry_analysis.exhibits.spreadsheet import write_spreadsheet

    date, origin = provenance.source_date()
    write_spreadsheet(exhibit, path, date=date, date_origin=origin, version=__version__)


PREVIEW_DPI = 96

_DRAFTS: list[Path] = []


def _drafting() -> bool:
    return os.environ.get(provenance.DRAFT_ENV) == "1"


def out_folder(directory: str | Path | None = None) -> Path:
    """The folder an export writes to: ``directory`` if named, else :func:`default_figures_dir`.

    A draft export (``$INQUIRY_ANALYSIS_DRAFT_EXPORTS`` set to 1, as the tests' notebook runs are) with no
    folder named goes to a temporary folder of the process instead, removed when it exits.

    Parameters
    ----------
    directory : str or Path, optional
        The folder named by the caller (a notebook's ``out`` parameter).

    Returns
    -------
    Path
    """
    if directory is not None:
        return Path(directory)
    return _draft_folder() if _drafting() else default_figures_dir()


def _draft_folder() -> Path:
    """Where a draft export with no folder named goes: a temporary folder of this process, removed at its exit.

    Drafts (the tests' notebook runs) are not evidence, so they never land in the checkout's ``exports/``.
    """
    if not _DRAFTS:
        import atexit
        import shutil
        import tempfile

        _DRAFTS.append(Path(tempfile.mkdtemp(prefix="inquiry-analysis-drafts-")))
        atexit.register(shutil.rmtree, _DRAFTS[0], ignore_errors=True)
    return _DRAFTS[0]


def _plain_text(fig) -> None:
    """Every text of ``fig`` drawn as written: no mathtext or TeX, even in a text made outside the house style.

    An exhibit's text may come from a user's file (a source's name, a file name in the source line),
    and ``$`` in it must stay a dollar sign, whoever added it to the figure and however.
    """
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)


@dataclass(frozen=True, kw_only=True)
class ExportedExhibit:
    """The files one export wrote; a notebook shows the exhibit as a screen-resolution preview."""

    exhibit_id: str
    files: dict[str, Path]
    preview: bytes = field(repr=False, default=b"")

    def _repr_png_(self) -> bytes | None:
        # The 300 dpi file would make every notebook megabytes long; the preview is the same drawing.
        # A draft has neither (None: the notebook shows the repr below).
        return self.preview or (self.files["png"].read_bytes() if "png" in self.files else None)

    def __repr__(self) -> str:
        # Names only: the folder may be a temporary build folder, and notebook outputs must not vary.
        return f"Exhibit {self.exhibit_id} exported: {', '.join(p.name for p in self.files.values())}"

    __str__ = __repr__


def export_exhibit(exhibit: Exhibit, fig, *, directory: str | Path | None = None) -> ExportedExhibit:
    """Write the exhibit in every format, its data and its sidecar.

    Writes ``<id>.svg``, ``<id>.pdf``, ``<id>.png`` (300 dpi), ``<id>.csv`` (the plotted data),
    ``<id>.xlsx`` (the data as an accessible spreadsheet) and ``<id>.json`` (title, subtitle,
    source (the full source line), references (each document or file the chart's short source line
    names by key, with its title, producer, url and kind), notes, alt text, input data hashes,
    package version, git commit and the versions of the packages that shape the files). The figure
    is closed; the returned object displays the exported PNG. The folder's ``manifest.json`` is not
    touched: call :func:`~.manifest.write_manifest` once,
    after the last export of a run (``reproduce`` and ``analyse`` do).

    The SVG keeps its text as text and carries the title and alt text as ``<title>`` and ``<desc>``
    with ``role="img"`` and ``aria-labelledby``; the PDF is tagged as one Figure whose alternate
    text is the alt text, with the title shown as the document's title and its language declared.
    The spreadsheet's only date comes from ``$SOURCE_DATE_EPOCH`` or the last commit (see
    :func:`~inquiry_analysis.provenance.source_date`).

    With ``$INQUIRY_ANALYSIS_DRAFT_EXPORTS`` set to 1 (:data:`~inquiry_analysis.provenance.DRAFT_ENV`),
    only the CSV and the sidecar (marked ``"draft": true``) are written, and no preview is drawn: rendering takes
    most of a notebook's run, and checking what a notebook prints does not need it; with no
    ``directory`` they go to a temporary folder removed when the process exits. ``reproduce`` and
    ``analyse`` never draft.

    Parameters
    ----------
    exhibit : Exhibit
        What the chart shows, its data and inputs.
    fig : matplotlib.figure.Figure
        The figure :func:`~inquiry_analysis.exhibits.new_figure` made, drawn on.
    directory : str or Path, optional
        The folder to write into (a notebook's ``out``); default :func:`out_folder`.

    Returns
    -------
    ExportedExhibit
        The files written.
    """
    import matplotlib.pyplot as plt

    from inquiry_analysis import __version__

    draft = _drafting()
    folder = out_folder(directory)
    check_not_committed_figures(folder)
    inputs = _input_records(exhibit.inputs)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / exhibit.exhibit_id
    rendered = () if draft else FORMATS
    files = {fmt: stem.with_suffix(f".{fmt}") for fmt in (*rendered, "csv", *(() if draft else ("xlsx",)), "json")}
    metadata = {
        "svg": {"Title": exhibit.title, "Description": exhibit.alt_text, "Date": None},
        "pdf": {"Title": exhibit.title, "Subject": exhibit.alt_text, "CreationDate": None, "ModDate": None},
        "png": {"Title": exhibit.title, "Description": exhibit.alt_text},
    }
    preview = io.BytesIO()
    # The SVG and PDF are made in memory and rewritten to carry the title and alt text accessibly.
    accessible = {"svg": accessible_svg, "pdf": accessible_pdf}
    with house_style():
        _plain_text(fig)
        fit_left_margin(fig)
        for fmt in rendered:
            if fmt in accessible:
                drawn = io.BytesIO()
                fig.savefig(drawn, format=fmt, dpi=PNG_DPI, metadata=metadata[fmt])
                files[fmt].write_bytes(accessible[fmt](drawn.getvalue(), exhibit))
            else:
                fig.savefig(files[fmt], format=fmt, dpi=PNG_DPI, metadata=metadata[fmt])
        if not draft:  # a draft's output is never looked at (nbval compares no images): no preview either
            fig.savefig(preview, format="png", dpi=PREVIEW_DPI, metadata={"Software": None})
    plt.close(fig)
    # Text cells and headers that a spreadsheet would read as a formula are written as text (see safe_text).
    csv_frame(exhibit.exported_data(complete=True)).to_csv(
        files["csv"], index=False, lineterminator="\n", encoding="utf-8"
    )
    if not draft:
        _write_spreadsheet(exhibit, files["xlsx"])
    sidecar = {
        **({"draft": True} if draft else {}),
        "exhibit_id": exhibit.exhibit_id,
        "title": exhibit.title,
        "subtitle": exhibit.subtitle,
        "source": exhibit.source,
        # The chart prints only producers and these keys; each key's full reference is here.
        "references": [reference.record() for reference in exhibit.references],
        "notes": list(exhibit.notes),
        "alt_text": exhibit.alt_text,
        "files": {fmt: path.name for fmt, path in files.items() if fmt != "json"},
        "inputs": inputs,
        "package_version": __version__,
        **provenance.code_version(),
        "packages": package_versions(),
    }
    files["json"].write_text(json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    return ExportedExhibit(exhibit_id=exhibit.exhibit_id, files=files, preview=preview.getvalue())
