"""Reading a folder of exported exhibits for the bundle: its manifest checked; sidecars, claims and sources as rows."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from inquiry_analysis import provenance
from inquiry_analysis.claims.verdicts import MEANINGS

__all__ = [
    "CLAIM_COLUMNS",
    "MAX_SIDECAR_BYTES",
    "SOURCE_COLUMNS",
    "VERDICTS",
    "VERIFY",
    "VERIFY_FOLDER",
    "BundleFolder",
    "BundledExhibit",
    "cited_sources",
    "claims_input",
    "commits_line",
    "inputs_cited",
    "read_folder",
    "read_sidecar",
    "rows_of_claims",
    "rows_of_sources",
    "safe_link",
    "verify_line",
]

VERIFY = (
    "Every file named here is listed, with its sha256, in the folder's manifest.json. To check that the "
    "exhibits, and the data they were drawn from, are still the ones described, run `inquiry-analysis verify` "
    "in a checkout at the commit above: it re-hashes the data against data/datapackage.json and the exhibits "
    "against {manifest}, and names any file that differs."
)
VERIFY_FOLDER = (
    "Every file named here is listed, with its sha256, in the folder's manifest.json. To check that the "
    "exhibits are still the ones described, run `inquiry-analysis verify --figures {name}` with the folder at "
    "hand: it re-hashes every file against {manifest} and names any file that differs, is missing or is not "
    "listed. The files the exhibits were drawn from are named in the index with their sha256, to compare with "
    "the copies you hold."
)
VERDICTS = (
    "Verdicts: "
    + "; ".join(f"{verdict} ({meaning})" for verdict, meaning in MEANINGS.items())
    + ". A claim with more than one honest reading has a verdict for each; its principal reading decides. The "
    "reading of each figure's wording follows the tolerance rule documented in inquiry_analysis.metrics.tolerance."
)
_ID = re.compile(r"([A-Z]{2})-(\d{2,})")
# A sidecar is a few KB (the project's largest, IA-07's, is 10 KB); 1 MB is read, more is refused unread.
MAX_SIDECAR_BYTES = 2**20
_TEXTS = ("title", "subtitle", "source", "alt_text")
_OBJECTS = ("files", "inputs")
CLAIM_COLUMNS = ("claim_id", "claimed", "published_data_give", "verdict")
SOURCE_COLUMNS = ("title", "producer")


@dataclass(frozen=True, kw_only=True)
class BundledExhibit:
    """One exhibit of a folder, as read for the bundle.

    Attributes
    ----------
    exhibit_id : str
        Its id (``IA-01``).
    sidecar : dict
        Its sidecar, checked by :func:`read_sidecar`.
    files : list of dict
        Its files' manifest entries (``path``, ``sha256``, ``bytes``), by path.
    """

    exhibit_id: str
    sidecar: dict
    files: list[dict]

    def file(self, fmt: str) -> str:
        """The name of its file in format ``fmt`` (``"pdf"``): as its sidecar names it, else ``<id>.<fmt>``.

        Parameters
        ----------
        fmt : str
            A format the export writes: ``pdf``, ``png``, ``svg``, ``csv``, ``xlsx`` or ``json``.

        Returns
        -------
        str
        """
        return self.sidecar.get("files", {}).get(fmt) or f"{self.exhibit_id}.{fmt}"

    def cites(self, source: dict) -> bool:
        """Whether this exhibit cites ``source`` (a row of :func:`rows_of_sources`).

        By the reference keys its sidecar lists where it lists them; else by the document as its source
        line names it (title, then link in brackets), as :meth:`inquiry_analysis.provenance.Source.cited_as`
        writes it.

        Parameters
        ----------
        source : dict
            A document, as :func:`rows_of_sources` gives it.

        Returns
        -------
        bool
        """
        keys = [r.get("key") or r.get("source_id") for r in self.sidecar.get("references", []) if isinstance(r, dict)]
        if keys:
            return source["source_id"] in keys
        link = f"doi:{source['doi']}" if source.get("doi") else source.get("url", "")
        named = f"{source['title']} ({link})" if link else source["title"]
        return bool(source["title"]) and named in self.sidecar.get("source", "")


@dataclass(frozen=True, kw_only=True)
class BundleFolder:
    """A folder of exhibits as read for the bundle.

    Attributes
    ----------
    path : Path
        The folder.
    manifest : dict
        Its manifest (read, or given by the caller).
    exhibits : list of BundledExhibit
        Every exhibit it lists, in id order.
    commits : list of str
        The commits the sidecars name, in order of first appearance.
    name : str
        How the bundle names the folder.
    """

    path: Path
    manifest: dict
    exhibits: list[BundledExhibit]
    commits: list[str] = field(default_factory=list)
    name: str = ""  # as the bundle names the folder: never a path, which would differ between machines

    @property
    def is_project_figures(self) -> bool:
        """Whether the folder is the project's ``figures/``, which ``reproduce`` writes (``analyse`` marks its own)."""
        return self.name == "figures" and "made_by" not in self.manifest


def _id_key(exhibit_id: str) -> tuple:
    match = _ID.fullmatch(exhibit_id)
    return (match.group(1), int(match.group(2))) if match else (exhibit_id, 0)


def _kind(value) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true or false", type(None): "null"}
    return kinds.get(type(value), "a number")


def _sidecar_problem(sidecar) -> str | None:
    """What is wrong with a sidecar's shape, in a few words (never its content), or None."""
    if not isinstance(sidecar, dict):
        return f"is {_kind(sidecar)}, not a JSON object"
    for name in _TEXTS:
        if name in sidecar and not isinstance(sidecar[name], str):
            return f'"{name}" is {_kind(sidecar[name])}, not a string'
    if sidecar.get("git_commit") is not None and not isinstance(sidecar["git_commit"], str):
        return f'"git_commit" is {_kind(sidecar["git_commit"])}, not a string'
    for name in _OBJECTS:
        if name in sidecar and not isinstance(sidecar[name], dict):
            return f'"{name}" is {_kind(sidecar[name])}, not an object'
    bad = [file for file in sidecar.get("files", {}).values() if not isinstance(file, str)]
    if bad:
        return f'"files" holds {_kind(bad[0])} where a file name belongs'
    lists = {"notes": (str, "a string"), "references": (dict, "an object")}
    for name, (kind, said) in lists.items():
        value = sidecar.get(name, [])
        if not isinstance(value, list):
            return f'"{name}" is {_kind(value)}, not a list'
        found = next((i for i, item in enumerate(value) if not isinstance(item, kind)), None)
        if found is not None:
            return f'"{name}" item {found + 1} is {_kind(value[found])}, not {said}'
    return None


def read_sidecar(folder: Path, name: str) -> dict:
    """An exhibit's sidecar, checked: a JSON object of bounded size whose fields the bundle reads have their shape.

    Parameters
    ----------
    folder : pathlib.Path
        The folder of exhibits.
    name : str
        The sidecar's file name (``IA-01.json``).

    Returns
    -------
    dict
        The sidecar.

    Raises
    ------
    ValueError
        One line naming the file and, where the JSON is well formed, the field that is wrong.
    """
    path = folder / name
    if path.stat().st_size > MAX_SIDECAR_BYTES:
        raise ValueError(f"{name} in {folder}: over {MAX_SIDECAR_BYTES // 2**20} MB; a sidecar is a few KB")
    try:
        sidecar = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        # json's message gives a line and column, never the text; UnicodeDecodeError's is cut to its first words
        raise ValueError(f"{name} in {folder}: not valid JSON ({str(err)[:120]}); re-export it") from None
    problem = _sidecar_problem(sidecar)
    if problem:
        raise ValueError(f"{name} in {folder}: {problem}; re-export it")
    return sidecar


def read_folder(folder: Path, manifest: dict | None = None) -> BundleFolder:
    """A folder of exported exhibits, checked: every exhibit file against the manifest, every sidecar's shape.

    Parameters
    ----------
    folder : pathlib.Path
        The folder :func:`~inquiry_analysis.exhibits.export.export_exhibit` wrote.
    manifest : dict, optional
        Its manifest; default its ``manifest.json``, read.

    Returns
    -------
    BundleFolder

    Raises
    ------
    ValueError
        One line naming what is wrong: no manifest, a file that differs from it or is missing, a sidecar
        missing or of the wrong shape, an exhibit lacking its PDF, PNG or SVG, or no exhibit at all.
    """
    if manifest is None:
        if not (folder / provenance.MANIFEST).is_file():
            raise ValueError(
                f"{folder} has no {provenance.MANIFEST}; bundle a folder of exported exhibits "
                "(write_manifest writes it when the last exhibit is exported)"
            )
        manifest = provenance.read_manifest(folder)
    entries = [e for e in manifest.get("files", []) if e.get("exhibit")]
    if any(not isinstance(e["exhibit"], str) for e in entries):
        raise ValueError(f"{provenance.MANIFEST} of {folder} names an exhibit by something other than a string")
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
        sidecar = read_sidecar(folder, f"{exhibit_id}.json")
        exhibit = BundledExhibit(exhibit_id=exhibit_id, sidecar=sidecar, files=files)
        missing = [exhibit.file(fmt) for fmt in ("pdf", "png", "svg") if exhibit.file(fmt) not in names]
        if missing:
            raise ValueError(f"{exhibit_id} in {folder} lacks {' and '.join(missing)}; re-export it")
        commit = sidecar.get("git_commit") or "not recorded"
        commit += ", with uncommitted changes" if sidecar.get("git_modified") else ""
        if commit not in commits:
            commits.append(commit)
        exhibits.append(exhibit)
    if not exhibits:
        raise ValueError(f"{folder}/{provenance.MANIFEST} lists no exhibits; export some first")
    return BundleFolder(path=folder, manifest=manifest, exhibits=exhibits, commits=commits, name=folder.name)


def verify_line(folder: BundleFolder) -> str:
    """How a reader checks the folder: ``verify`` in a checkout for the project's figures, else ``verify --figures``.

    Parameters
    ----------
    folder : BundleFolder
        The folder read.

    Returns
    -------
    str
        A paragraph for the bundle's "How to verify".
    """
    manifest = f"{folder.name}/{provenance.MANIFEST}"
    if folder.is_project_figures:
        return VERIFY.format(manifest=manifest)
    return VERIFY_FOLDER.format(name=folder.name, manifest=manifest)


def claims_input(manifest: dict) -> dict | None:
    """The claims table the folder's exhibits cite (its manifest's ``claims`` input), or None if none cites one.

    Claims belong in a bundle only where they were checked: an exhibit of the folder was drawn from them.

    Parameters
    ----------
    manifest : dict
        The folder's manifest.

    Returns
    -------
    dict or None
        The input's record (``kind``, ``path``, ``sha256``).
    """
    record = manifest.get("inputs", {}).get("claims")
    return record if isinstance(record, dict) and record.get("kind") == "table" else None


def cited_sources(folder: BundleFolder, claims: list[dict], sources: list[dict]) -> list[dict]:
    """The documents the bundle cites, in source-id order: those its exhibits name and those its claims rest on.

    The annex lists these only, not every document of the data package.

    Parameters
    ----------
    folder : BundleFolder
        The folder read.
    claims : list of dict
        The claims table as rows (its ``sources`` column names source ids, comma-separated); empty if none.
    sources : list of dict
        Every document known, as :func:`rows_of_sources` gives them.

    Returns
    -------
    list of dict
    """
    named = {s.strip() for c in claims for s in c.get("sources", "").split(",") if s.strip()}
    return [s for s in sources if s["source_id"] in named or any(e.cites(s) for e in folder.exhibits)]


def commits_line(folder: BundleFolder) -> str:
    """The commits the folder's exhibits were exported at, in one line, saying what such a commit is.

    Parameters
    ----------
    folder : BundleFolder
        The folder read.

    Returns
    -------
    str
    """
    return (
        "; ".join(f"git commit {c}" for c in folder.commits)
        + " (the last commit to change the library, the data or the lock file when the exhibits were exported)"
    )


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def rows_of_claims(claims: pd.DataFrame) -> list[dict]:
    """The claims table as rows of text (a missing value is ``""``), checked for the columns the bundle shows.

    Parameters
    ----------
    claims : pandas.DataFrame
        As :func:`inquiry_analysis.claims.check_table` returns it.

    Returns
    -------
    list of dict

    Raises
    ------
    TypeError
        If ``claims`` is not a DataFrame.
    ValueError
        If it lacks a column of ``CLAIM_COLUMNS``.
    """
    if not isinstance(claims, pd.DataFrame):
        raise TypeError(
            f"`claims` must be a DataFrame (claims.check_table's output), but {type(claims).__name__} was passed"
        )
    missing = [c for c in CLAIM_COLUMNS if c not in claims.columns]
    if missing:
        raise ValueError(f"`claims` lacks the column(s) {', '.join(missing)}; pass claims.check_table(claims.check())")
    return [{k: _text(v) for k, v in row.items()} for row in claims.to_dict("records")]


def rows_of_sources(sources: pd.DataFrame) -> list[dict]:
    """The documents known as rows of text, in source-id order, checked for the columns the annex shows.

    Parameters
    ----------
    sources : pandas.DataFrame
        As :func:`inquiry_analysis.io.loaders.load_sources` returns them (``source_id`` a column or the index).

    Returns
    -------
    list of dict

    Raises
    ------
    TypeError
        If ``sources`` is not a DataFrame.
    ValueError
        If it lacks a column of ``SOURCE_COLUMNS``.
    """
    if not isinstance(sources, pd.DataFrame):
        raise TypeError(f"`sources` must be a DataFrame (load_sources()), but {type(sources).__name__} was passed")
    frame = sources if "source_id" in sources.columns else sources.rename_axis("source_id").reset_index()
    missing = [c for c in SOURCE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"`sources` lacks the column(s) {', '.join(missing)}; pass loaders.load_sources()")
    rows = [{k: _text(v) for k, v in row.items()} for row in frame.to_dict("records")]
    return sorted(rows, key=lambda r: r["source_id"])


def safe_link(url: str) -> str | None:
    """``url`` if it is a web link (``http://`` or ``https://``), to be made clickable; else None.

    Parameters
    ----------
    url : str
        A link as a source row gives it.

    Returns
    -------
    str or None

    Examples
    --------
    >>> safe_link("https://example.org/a"), safe_link("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    return url if re.match(r"https?://", url) else None


def inputs_cited(folder: BundleFolder) -> list[tuple[str, dict, list[str]]]:
    """The inputs the sidecars cite, then any table of the data package that none of them cites.

    The data package's other tables are listed only where an exhibit was drawn from the package: a folder
    of exhibits drawn from a user's own files only does not list the bundled data it never used.

    Parameters
    ----------
    folder : BundleFolder
        The folder read.

    Returns
    -------
    list of (str, dict, list of str)
        Each input's name, its record (``path``, ``sha256``) and the exhibits that cite it.
    """
    rows, seen = [], set()
    for name, record in sorted(folder.manifest.get("inputs", {}).items()):
        cited = [e.exhibit_id for e in folder.exhibits if name in e.sidecar.get("inputs", {})]
        rows.append((name, record, cited))
        seen.add(record.get("sha256"))
    if not any(record.get("kind") == "table" for _, record, _ in rows):
        return rows
    for name, digest in sorted(folder.manifest.get("data_package", {}).items()):
        if digest not in seen:
            rows.append((name, {"path": f"{name} (data package)", "sha256": digest or ""}, ["no exhibit"]))
    return rows
