"""One evidence bundle: every exhibit of a folder, with its hashes, the claims and the cited documents.

:func:`write_bundle` reads an exported folder (the sidecars, ``manifest.json`` and the PDF, PNG and
SVG files) and writes two documents that say the same things:

- a PDF (A4 portrait, house style, pinned fonts): a cover with a clickable contents list, an index
  of every exported file with its size and sha256, each exhibit on its own page (drawn from its own
  vector PDF at the text's width, with its alt text below), the claims table and an annex of the
  cited documents, with "Page n of N" on every page; tagged (structure tree, each exhibit a Figure
  with its alt text, ``/Lang``), with bookmarks;
- an HTML file, where the caller names one, self-contained (no scripts, no external files): the same index, each
  exhibit as inline SVG with its alt text in a visible caption, the claims table and the annex.

A bundle says what it holds and nothing more: the claims table appears only where the caller passes
one (the command line passes it only where the folder's exhibits were drawn from a claims table), the
annex lists only the documents the exhibits and the claims cite, the title names the folder unless the
caller gives one, and "How to verify" names the command that checks that folder.

Nothing is re-computed: the folder's files are checked against its manifest and shown as they
are. Two builds from the same folder and tables give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

import pandas as pd

from inquiry_analysis.exhibits.bundle.folder import cited_sources, read_folder, rows_of_claims, rows_of_sources
from inquiry_analysis.exhibits.bundle.html import html_text
from inquiry_analysis.exhibits.bundle.pdf import layout, write_pdf

__all__ = ["DEFAULT_TITLE", "default_title", "write_bundle"]

#: The title of the bundle of the project's own figures, whose claims are the hearing's.
DEFAULT_TITLE = "Evidence bundle: the IICSA internet hearing's figures reproduced from cited public data"


def default_title(folder_name: str, exhibits: int, *, claims: bool) -> str:
    """A title that says what a bundle holds, and nothing of any hearing: its folder, and its claims if checked.

    Parameters
    ----------
    folder_name : str
        How the bundle names its folder.
    exhibits : int
        How many exhibits it holds.
    claims : bool
        Whether it holds a claims table.

    Returns
    -------
    str

    Examples
    --------
    >>> default_title("results", 5, claims=False)
    'Evidence bundle: the 5 exhibits in results'
    """
    noun = "exhibit" if exhibits == 1 else f"{exhibits} exhibits"
    return f"Evidence bundle: the {noun} in {folder_name}" + (", and the claims checked" if claims else "")


# ---------------------------------------------------------------- the public function


def _write_atomically(target: Path, write) -> None:
    """Write beside ``target`` (a dot-file, which manifests skip) and move into place: never a half-written file.

    The partial file's name is one no file had (``mkstemp``): a file of the user's is never overwritten or
    removed on the way.
    """
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    partial = Path(name)
    try:
        umask = os.umask(0o022)
        os.umask(umask)
        partial.chmod(0o666 & ~umask)  # mkstemp's file is private; the bundle is for others to read, as before
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def write_bundle(
    figures: str | Path,
    pdf_path: str | Path,
    *,
    html_path: str | Path | None = None,
    claims: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    title: str | None = None,
    version: str | None = None,
    folder_name: str | None = None,
    manifest: dict | None = None,
) -> tuple[Path, Path | None]:
    """Write the evidence bundle of a folder of exported exhibits: a PDF, and an HTML file if one is named.

    Only the files named are written: the HTML is not put beside the PDF unless ``html_path`` says so,
    so that no file of the caller's is ever overwritten without being named.

    Parameters
    ----------
    figures : path
        A folder :func:`~inquiry_analysis.exhibits.export.export_exhibit` wrote: sidecars, PNG and SVG
        files and ``manifest.json``. Every exhibit file is checked against the manifest first.
    pdf_path : path
        Where to write the PDF (``.pdf``).
    html_path : path, optional
        Where to write the HTML (``.html``); None (the default) writes no HTML.
    claims : pandas.DataFrame, optional
        The claims table, as :func:`inquiry_analysis.claims.check_table` returns it (columns
        ``claim_id``, ``claimed``, ``published_data_give``, ``verdict``; ``expected``, ``tolerance``,
        ``reason``, ``sources`` and ``claim`` are shown where present). Pass it only where the folder's
        exhibits were drawn from those claims (:func:`~.folder.claims_input`); None (the default): the
        bundle has no claims page and says nothing of claims.
    sources : pandas.DataFrame, optional
        The documents known, as :func:`inquiry_analysis.io.loaders.load_sources` returns them. The annex
        lists only those the exhibits and the claims cite; None (the default) or none cited: no annex.
    title : str, optional
        The bundle's title, on the cover and in the HTML header; default :func:`default_title`, which
        names the folder.
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
    (pathlib.Path, pathlib.Path or None)
        The PDF and the HTML file (None if none was named). Both are byte-identical from one build to the next.

    Examples
    --------
    >>> import inquiry_analysis as ia
    >>> from inquiry_analysis import claims
    >>> pdf, page = write_bundle("figures", "bundle.pdf", html_path="bundle.html",
    ...                          claims=claims.check_table(claims.check()), sources=ia.load_sources())  # doctest: +SKIP
    """
    from inquiry_analysis import __version__

    folder, pdf_path = Path(figures), Path(pdf_path)
    if pdf_path.suffix.lower() != ".pdf":
        raise ValueError(f"`pdf_path` must end in .pdf, but {str(pdf_path)!r} was passed")
    if html_path is not None:
        html_path = Path(html_path)
        if html_path.suffix.lower() != ".html":
            raise ValueError(f"`html_path` must end in .html, but {str(html_path)!r} was passed")
    if title is not None and not str(title).strip():
        raise ValueError("`title` must not be empty")
    version = version or __version__
    found = read_folder(folder, manifest)
    found = dataclasses.replace(found, name=folder_name or folder.name)
    claim_rows = rows_of_claims(claims) if claims is not None else []
    source_rows = cited_sources(found, claim_rows, rows_of_sources(sources)) if sources is not None else []
    title = title or default_title(found.name, len(found.exhibits), claims=claims is not None)
    pages, first = layout(found, claim_rows, source_rows, title, version)
    # Both documents are made, and so every exhibit's PDF and SVG checked, before either is written.
    text = None if html_path is None else html_text(found, claim_rows, source_rows, title, version, first)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    footer = f"inquiry-analysis {version}; " + "; ".join(f"commit {c[:12]}" for c in found.commits)
    _write_atomically(pdf_path, lambda path: write_pdf(pages, path, title=title, version=version, footer=footer))
    if html_path is None:
        return pdf_path, None
    html_path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(html_path, lambda path: path.write_text(text, encoding="utf-8", newline="\n"))
    return pdf_path, html_path
