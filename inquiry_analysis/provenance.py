"""Where the bundled data live, what they should hash to, and the documents they cite.

Only the standard library is used here, so that checking provenance never depends on the
statistics stack.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from inquiry_analysis.errors import DataError

__all__ = [
    "DataPackage",
    "FileCheck",
    "InputFile",
    "SHAPING_PACKAGES",
    "Reference",
    "Source",
    "bundled_data_dir",
    "check_data_package",
    "check_manifest",
    "checkout",
    "code_version",
    "default_data_dir",
    "expected_sha256",
    "full_source_line",
    "joined_source_line",
    "package_versions",
    "read_datapackage",
    "read_manifest",
    "sha256_bytes",
    "sha256_file",
    "short_source_line",
    "source_date",
]

DATAPACKAGE = "datapackage.json"
MANIFEST = "manifest.json"
#: Which data package notebooks load (``inquiry-analysis reproduce --data-dir``).
DATA_ENV = "INQUIRY_ANALYSIS_DATA"
#: Set to 1, exhibits are exported as data and sidecar only, unrendered: for checking a notebook's
#: printed values quickly (the test suite's nbval runs). ``reproduce`` and ``analyse`` never pass it on.
DRAFT_ENV = "INQUIRY_ANALYSIS_DRAFT_EXPORTS"


@dataclass(frozen=True, kw_only=True)
class Source:
    """One cited document, as recorded in ``data/sources.csv``.

    Examples
    --------
    >>> s = Source(source_id="npcc-2018-09-06", title="NCA and police arrest ...",
    ...            producer="National Police Chiefs' Council", date_published="2018-09-06", url="",
    ...            kind="press_release")
    >>> s.source_line()
    "Source: NCA and police arrest ... from National Police Chiefs' Council"
    >>> Source(source_id="x", title="A paper", producer="A journal", date_published="2011", url="",
    ...        kind="journal_article", doi="10.1/x").source_line()
    'Source: A paper (doi:10.1/x) from A journal'
    """

    source_id: str
    title: str
    producer: str
    date_published: str
    url: str
    kind: str
    note: str = ""
    doi: str = ""

    @property
    def link(self) -> str:
        """Where a reader finds the document: its DOI (``doi:...``), else its URL, else ""."""
        return f"doi:{self.doi}" if self.doi else self.url

    def cited_as(self) -> str:
        """The document as a source line names it: its title, then its link in brackets if it has one.

        Returns
        -------
        str
        """
        return f"{self.title} ({self.link})" if self.link else self.title

    def source_line(self) -> str:
        """The full source line: ``Source: <document> (<link>) from <producer>``.

        Returns
        -------
        str
        """
        return f"Source: {self.cited_as()} from {self.producer}"

    def reference(self) -> Reference:
        """The document as an exhibit's references list it, under its ``source_id``.

        Returns
        -------
        Reference
        """
        return Reference(key=self.source_id, title=self.title, producer=self.producer, url=self.link, kind=self.kind)


#: The producer a :class:`Reference` to a user's own file names, and the kind it has.
USER_FILE_PRODUCER, USER_FILE_KIND = "the analyst's own file", "user_file"
# Round brackets hold asides a short line leaves out ("(OJJDP)", "(police slide deck; ...)").
_ASIDE = re.compile(r"\s*\([^()]*\)")


@dataclass(frozen=True, kw_only=True)
class Reference:
    """One entry of an exhibit's references: a cited document, or the analyst's own file, under its key.

    The chart prints only a short source line (:func:`short_source_line`: producers and keys); the
    full reference is kept in the exhibit's sidecar (``references``, :meth:`record`), its full
    ``source`` line, the spreadsheet and the bundle's annex, where the key finds it.

    Attributes
    ----------
    key : str
        What the short source line prints: a document's ``source_id`` in ``sources.csv`` (the id the
        bundle's annex lists it under); for a user's file, the file's name.
    title : str
        The document's title as ``sources.csv`` records it; for a user's file, its name and sheet.
    producer : str
        Who produced the document, as ``sources.csv`` records it; ``the analyst's own file`` for a
        user's file.
    url : str
        Where a reader finds the document: ``doi:...``, a web address, or "" where none is recorded
        (always "" for a user's file).
    kind : str
        The document's kind in ``sources.csv`` (``press_release``, ``journal_article``, ...);
        ``user_file`` for a user's file (as :meth:`InputFile.record` says).
    sha256 : str
        A user's file's sha256 (hex); "" for a document.

    Examples
    --------
    >>> r = Reference(key="ho-pq-214554", title="Offences against Children: Internet",
    ...               producer="Home Office, UK Parliament written answer", url="https://example.org/q", kind="")
    >>> r.short_producer, r.cited_as()
    ('Home Office', 'Offences against Children: Internet (https://example.org/q)')
    """

    key: str
    title: str
    producer: str
    url: str
    kind: str
    sha256: str = ""

    @property
    def is_user_file(self) -> bool:
        """Whether this is the analyst's own file rather than a published document."""
        return self.kind == USER_FILE_KIND

    @property
    def short_producer(self) -> str:
        """The producer as the short source line names it: without asides in brackets or after a comma.

        ``Home Office, UK Parliament written answer`` is ``Home Office``; ``National Crime Agency (press
        office)`` is ``National Crime Agency``, or ``NCA`` where the key starts with that acronym
        (``nca-2020-04-03``): the capitals of the name, at least three. A journal article's producer is
        its authors then its journal (``Seto, Hanson & Babchishin, Sexual Abuse 23(1)``): the first
        author, with ``et al.`` when others follow (``Seto et al.``). Empty if the producer is.
        """
        plain = _ASIDE.sub("", self.producer).strip()
        first, comma, rest = plain.partition(",")
        first = first.strip()
        if self.kind == "journal_article" and comma and " & " not in first and "et al." not in first:
            # Authors are listed "A, B & C": a comma after a lone name and an ampersand later mean co-authors.
            return f"{first} et al." if " & " in rest else first
        # The project's keys start with the producer's acronym where it has one ("iwf-ar-2017"): only then is
        # "Internet Watch Foundation" shortened to IWF, so an acronym is never invented.
        acronym = "".join(c for c in first if c.isupper())
        if len(acronym) >= 3 and self.key.split("-")[0] == acronym.lower():
            return acronym
        return first

    def cited_as(self) -> str:
        """The entry as the full source line gives it: title and link, or the file with its sha256.

        Returns
        -------
        str
            ``<title> (<link>)`` (``<title>`` with no link); for a user's file ``<name, sheet>
            (the analyst's own file, sha256 <first 12 digits>…)``.
        """
        if self.is_user_file:
            return f"{self.title} ({self.producer}, sha256 {self.sha256[:12]}…)"
        return f"{self.title} ({self.url})" if self.url else self.title

    def record(self) -> dict:
        """The entry an exhibit's sidecar gives this reference, under ``references``.

        Returns
        -------
        dict
            ``key``, ``title``, ``producer``, ``url`` and ``kind``; ``sha256`` as well for a user's file.
        """
        entry = {"key": self.key, "title": self.title, "producer": self.producer, "url": self.url, "kind": self.kind}
        return {**entry, "sha256": self.sha256} if self.is_user_file else entry


@dataclass(frozen=True, kw_only=True)
class InputFile:
    """A user's own file as read: what an exhibit cites in place of a data-package table.

    Attributes
    ----------
    name : str
        The file's name, without its folder (a path would differ between machines and may say
        more about the user's disk than an exhibit should).
    sha256 : str
        Hex sha256 of the file's bytes as read.
    bytes : int
        Its size.
    sheet : str or None
        For a workbook, the name of the sheet read; None for CSV.
    options : dict
        The reader's options that shape what was read (``thousands``, ``strip_footnotes``,
        ``header_row``, ...), as passed.

    Examples
    --------
    >>> f = InputFile(name="mine.csv", sha256="ab" * 32, bytes=120)
    >>> f.source_line()
    "Source: mine.csv (the analyst's own file, sha256 abababababab…)"
    """

    name: str
    sha256: str
    bytes: int
    sheet: str | None = None
    options: dict = field(default_factory=dict)

    @classmethod
    def from_path(cls, path: str | Path, *, sheet: str | None = None, options: dict | None = None) -> InputFile:
        """The record of a file as it is now on disk.

        Parameters
        ----------
        path : str or Path
            The file read.
        sheet : str, optional
            The sheet read, for a workbook.
        options : dict, optional
            The reader's options that shaped what was read.

        Returns
        -------
        InputFile
            The file's name (not its folder), sha256 and size, as read now.
        """
        path = Path(path)
        return cls(
            name=path.name,
            sha256=sha256_file(path),
            bytes=path.stat().st_size,
            sheet=sheet,
            options=dict(options or {}),
        )

    def record(self) -> dict:
        """The entry a sidecar or manifest gives this file.

        Returns
        -------
        dict
            ``kind`` (``user_file``), ``name``, ``sha256``, ``bytes``, ``sheet`` and ``options`` (sorted).
        """
        return {
            "kind": "user_file",
            "name": self.name,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "sheet": self.sheet,
            "options": dict(sorted(self.options.items())),
        }

    def describe(self) -> str:
        """The file in one line, as a notebook's Data section prints it: name, sheet, size and sha256.

        Returns
        -------
        str

        Examples
        --------
        >>> InputFile(name="mine.xlsx", sha256="ab" * 32, bytes=1200, sheet="Data").describe()[:40]
        "mine.xlsx, sheet 'Data': 1,200 bytes, sh"
        """
        sheet = f", sheet {self.sheet!r}" if self.sheet else ""
        return f"{self.name}{sheet}: {self.bytes:,} bytes, sha256 {self.sha256}"

    def reference(self) -> Reference:
        """The file as an exhibit's references list it: keyed by its name, titled by name and sheet.

        Returns
        -------
        Reference
        """
        sheet = f", sheet '{self.sheet}'" if self.sheet else ""
        return Reference(
            key=self.name,
            title=f"{self.name}{sheet}",
            producer=USER_FILE_PRODUCER,
            url="",
            kind=USER_FILE_KIND,
            sha256=self.sha256,
        )

    def source_line(self) -> str:
        """``Source: <file> (the analyst's own file, sha256 <first 12 digits>…)``, naming the sheet if any.

        Short as it is, it is both the full and the short source line (:func:`short_source_line`).

        Returns
        -------
        str
        """
        return full_source_line([self.reference()])


def _grouped(references, producer) -> list[tuple[str, list[Reference]]]:
    """References grouped by ``producer(reference)`` in order of first mention, each file alone; keys once each."""
    first: dict[str, Reference] = {}
    for ref in references:
        first.setdefault(ref.key, ref)
    groups: dict[tuple, tuple[str, list[Reference]]] = {}
    for ref in first.values():
        group = ("file", ref.key) if ref.is_user_file else ("producer", producer(ref))
        groups.setdefault(group, (group[1], []))[1].append(ref)
    return list(groups.values())


def full_source_line(references) -> str:
    """The full source line: every document with its title, link and producer, every file with its sha256.

    Documents are grouped by producer, in order of first mention: ``Source: <title> (<link>) and
    <title> from <producer>; ...``. The exhibit's sidecar, spreadsheet and the bundle print this line;
    the chart prints :func:`short_source_line`.

    Parameters
    ----------
    references : iterable of Reference
        What the exhibit cites; a key repeated is cited once, where first mentioned.

    Returns
    -------
    str

    Examples
    --------
    >>> a = Reference(key="a", title="Report A", producer="Agency", url="https://a.example/1", kind="")
    >>> b = Reference(key="b", title="Report B", producer="Agency", url="", kind="")
    >>> full_source_line([a, b, a])
    'Source: Report A (https://a.example/1) and Report B from Agency'
    """
    parts = []
    for producer, refs in _grouped(references, lambda ref: ref.producer):
        if refs[0].is_user_file:
            parts.append(refs[0].cited_as())
            continue
        titles = [ref.cited_as() for ref in refs]
        listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
        parts.append(f"{listed} from {producer}")
    return "Source: " + "; ".join(parts)


def short_source_line(references) -> str:
    """The source line a chart prints: each producer, short, with the keys of its documents in brackets.

    ``Source: CEOP [ceop-ar-2008-09, ceop-so-2009-10]; Home Office [ho-pq-214554]``: no titles and no web
    addresses, which the full references (sidecar, spreadsheet, the bundle's annex) give under the
    same keys. The analyst's own file is named as in the full line, with its sha256's first digits.

    Parameters
    ----------
    references : iterable of Reference
        What the exhibit cites; a key repeated is cited once, where first mentioned.

    Returns
    -------
    str

    Examples
    --------
    >>> a = Reference(key="a-2017", title="Report A", producer="Agency (press office)", url="https://a.example/",
    ...               kind="press_release")
    >>> f = InputFile(name="mine.csv", sha256="ab" * 32, bytes=120).reference()
    >>> short_source_line([f, a])
    "Source: mine.csv (the analyst's own file, sha256 abababababab…); Agency [a-2017]"
    """
    parts = []
    for producer, refs in _grouped(references, lambda ref: ref.short_producer):
        keys = ", ".join(ref.key for ref in refs)
        if refs[0].is_user_file:
            parts.append(refs[0].cited_as())
        else:
            parts.append(f"{producer} [{keys}]" if producer else f"[{keys}]")
    return "Source: " + "; ".join(parts)


def joined_source_line(*lines: str) -> str:
    """One source line from several: ``Source: a; b``.

    >>> joined_source_line("Source: mine.csv (the analyst's own file)", "Source: A report from B")
    "Source: mine.csv (the analyst's own file); A report from B"

    Parameters
    ----------
    *lines : str
        Source lines, each starting ``Source: ``.

    Returns
    -------
    str
    """
    return "Source: " + "; ".join(line.removeprefix("Source: ") for line in dict.fromkeys(lines))


@dataclass(frozen=True, kw_only=True)
class FileCheck:
    """The result of re-hashing one file against the sha256 its manifest records."""

    path: Path
    expected: str | None
    actual: str | None

    @property
    def ok(self) -> bool:
        return self.expected is not None and self.expected == self.actual

    listed_in: str = DATAPACKAGE

    def __str__(self) -> str:
        if self.actual is None:
            return f"{self.path}: missing" + (f" (expected sha256 {self.expected})" if self.expected else "")
        if self.expected is None:
            return f"{self.path}: present but not listed in {self.listed_in}"
        if not self.ok:
            return f"{self.path}: sha256 is {self.actual}, but {self.listed_in} records {self.expected}"
        return f"{self.path}: ok"


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data``.

    >>> sha256_bytes(b"")[:12]
    'e3b0c44298fc'

    Parameters
    ----------
    data : bytes

    Returns
    -------
    str
        Hex digest.
    """
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of the file at ``path``.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    str
        Hex digest, read in blocks.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: The installed packages whose versions shape an exhibit's bytes: its numbers, drawing and files.
SHAPING_PACKAGES = (
    "numpy",
    "scipy",
    "pandas",
    "statsmodels",
    "scikit-learn",
    "matplotlib",
    "seaborn",
    "afcharts",
    "gptables",
    "XlsxWriter",
    "fonttools",
    "pillow",
)


def package_versions() -> dict[str, str | None]:
    """Installed version of each of :data:`SHAPING_PACKAGES` (None where one is not installed).

    Returns
    -------
    dict of str to str or None
    """
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in SHAPING_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def bundled_data_dir() -> Path:
    """The folder holding the bundled ``datapackage.json``.

    An installed wheel carries the data inside the package (``inquiry_analysis/data``); a
    source checkout or editable install reads the repository's top-level ``data/``.

    Returns
    -------
    Path
    """
    packaged = resources.files("inquiry_analysis").joinpath("data")
    if packaged.is_dir() and packaged.joinpath(DATAPACKAGE).is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data"


def default_data_dir() -> Path:
    """The data package this process reads by default: ``$INQUIRY_ANALYSIS_DATA``, else the bundled one.

    ``inquiry-analysis reproduce --data-dir X`` sets the variable for the notebooks it runs, so
    that they load X, and the exhibits they export cite X, rather than the bundled data.

    Returns
    -------
    Path
    """
    chosen = os.environ.get(DATA_ENV)
    return Path(chosen) if chosen else bundled_data_dir()


class DataPackage:
    """One data package: ``datapackage.json`` read once, its tables, sources and hashes served from it.

    Build it with :meth:`open`, which returns the same object for the same folder while its
    ``datapackage.json`` is unchanged, so that every part of a run (loaders, sidecars, the
    manifest, ``verify``) reads one descriptor from one folder and no run mixes two datasets.

    Attributes
    ----------
    folder : Path
        The folder holding ``datapackage.json`` and the tables.
    descriptor : dict
        The parsed ``datapackage.json``.

    Examples
    --------
    >>> package = DataPackage.open()
    >>> package.resource("ncmec")["path"]
    'ncmec.csv'
    >>> package is DataPackage.open()
    True
    """

    def __init__(self, folder: Path, descriptor: dict):
        self.folder = folder
        self.descriptor = descriptor

    @classmethod
    def open(cls, folder: str | Path | DataPackage | None = None) -> DataPackage:
        """The package in ``folder`` (default :func:`default_data_dir`); raises FileNotFoundError if there is none.

        Parameters
        ----------
        folder : str or Path or DataPackage, optional
            The folder holding ``datapackage.json`` (default :func:`default_data_dir`); a DataPackage is
            returned as it is.

        Returns
        -------
        DataPackage
            The same object for the same folder while its ``datapackage.json`` is unchanged.
        """
        if isinstance(folder, DataPackage):
            return folder
        folder = Path(folder) if folder is not None else default_data_dir()
        path = folder / DATAPACKAGE
        try:
            stat = path.stat()
        except OSError:
            raise FileNotFoundError(f"{path} not found: expected a data package in {folder}") from None
        return _open_package(folder.resolve(), stat.st_mtime_ns, stat.st_size)

    @property
    def resources(self) -> list[dict]:
        return list(self.descriptor.get("resources", []))

    def resource(self, name: str) -> dict:
        """The descriptor of table ``name``; KeyError naming the tables there are if it has none.

        Parameters
        ----------
        name : str
            The table's name in the package.

        Returns
        -------
        dict
            Its descriptor.
        """
        for resource in self.resources:
            if resource.get("name") == name:
                return resource
        raise KeyError(
            f"{self.folder / DATAPACKAGE} has no resource named '{name}'; it has "
            f"{', '.join(str(r.get('name')) for r in self.resources)}"
        )

    def expected_hashes(self) -> dict[str, str | None]:
        """File name to the sha256 the package records, for every table.

        Returns
        -------
        dict of str to str or None
            Each table's file name and the sha256 the package records for it.
        """
        return {r["path"]: expected_sha256(r) for r in self.resources}

    def input_record(self, name: str) -> dict:
        """What a sidecar records for table ``name``: its path as ``<folder>/<file>`` and its sha256 as read now.

        Parameters
        ----------
        name : str
            The table's name in the package.

        Returns
        -------
        dict
            ``kind`` (``table``), ``path`` and ``sha256`` as read now.
        """
        path = self.resource(name)["path"]
        return {"kind": "table", "path": f"{self.folder.name}/{path}", "sha256": sha256_file(self.folder / path)}

    def check(self) -> list[FileCheck]:
        """Re-hash every table against the package, and flag files in the folder it does not list.

        Returns
        -------
        list of FileCheck
            One per table, and one per file in the folder the package does not list.
        """
        return _check_folder(self.folder, self.expected_hashes(), DATAPACKAGE)

    def __repr__(self) -> str:
        return f"DataPackage({str(self.folder)!r}, {len(self.resources)} tables)"


def _read_json(path: Path, what: str) -> dict:
    """A JSON object from ``path``; one line naming the file if it is not one (damaged, cut short, a list)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        value, problem = None, f"not valid JSON ({err})"
    else:
        problem = None if isinstance(value, dict) else f"a JSON {type(value).__name__}, not an object"
    if problem:
        raise DataError(f"cannot be read as {what}: {problem}", path=path)
    return value


def read_manifest(directory: str | Path) -> dict:
    """The ``manifest.json`` of ``directory``, with its ``files`` checked: each a file name in the folder and a sha256.

    Parameters
    ----------
    directory : str or Path
        A folder of exhibits.

    Returns
    -------
    dict
        The parsed manifest.

    Raises
    ------
    DataError
        One line naming the manifest, if it is not JSON, not an object, or lists a file outside the
        folder (a name with a folder in it) or without a sha256.
    """
    path = Path(directory) / MANIFEST
    manifest = _read_json(path, "a manifest")
    files = manifest.get("files", [])
    bad = [
        e
        for e in files
        if not isinstance(e, dict)
        or not isinstance(e.get("path"), str)
        or not isinstance(e.get("sha256"), str)
        or Path(e["path"]).name != e["path"]
        or e["path"] in ("", ".", "..")
    ]
    if not isinstance(files, list) or bad:
        which = f"{len(bad)} do not" if isinstance(files, list) else "it is not a list"
        raise DataError(
            "cannot be read as a manifest: 'files' must list each file by its name in the folder, with "
            f"its sha256 ({which})",
            path=path,
        )
    return manifest


@functools.lru_cache(maxsize=16)
def _open_package(folder: Path, mtime_ns: int, size: int) -> DataPackage:
    # Keyed on the file's time and size as well as its folder, so an edited package is read afresh.
    return DataPackage(folder, _read_json(folder / DATAPACKAGE, "a data package descriptor"))


def read_datapackage(data_dir: str | Path | None = None) -> dict:
    """The parsed ``datapackage.json`` of ``data_dir`` (default: :func:`default_data_dir`).

    Parameters
    ----------
    data_dir : str or Path, optional
        The data package's folder.

    Returns
    -------
    dict
        The parsed descriptor.
    """
    return DataPackage.open(data_dir).descriptor


def expected_sha256(resource: dict) -> str | None:
    """The hex sha256 a data-package resource records, or None if it records none.

    Parameters
    ----------
    resource : dict
        A resource of ``datapackage.json``.

    Returns
    -------
    str or None
    """
    value = str(resource.get("hash", ""))
    if value.startswith("sha256:"):
        return value.split(":", 1)[1]
    return None


def _check_folder(folder: Path, expected: dict[str, str | None], listed_in: str) -> list[FileCheck]:
    """Check each listed file against its expected sha256, then flag files in the folder nobody listed."""
    checks = []
    for name, digest in expected.items():
        path = folder / name
        checks.append(
            FileCheck(
                path=path, expected=digest, actual=sha256_file(path) if path.is_file() else None, listed_in=listed_in
            )
        )
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in expected and path.name != listed_in and not path.name.startswith("."):
            checks.append(FileCheck(path=path, expected=None, actual=sha256_file(path), listed_in=listed_in))
    return checks


def check_data_package(data_dir: str | Path | None = None) -> list[FileCheck]:
    """Re-hash every resource of the data package, and list files nobody declared.

    Returns one :class:`FileCheck` per resource and per unlisted file in the folder
    (``datapackage.json`` itself excepted); all ``ok`` means the data are as published.

    Parameters
    ----------
    data_dir : str or Path, optional
        The data package's folder (default :func:`default_data_dir`).

    Returns
    -------
    list of FileCheck
        One per listed file, and one per file nobody declared.
    """
    return DataPackage.open(data_dir).check()


def check_manifest(directory: str | Path) -> list[FileCheck]:
    """Re-hash every file ``manifest.json`` lists in ``directory``, and list files it does not.

    A folder with no manifest gives a single failing check naming the missing manifest.

    Parameters
    ----------
    directory : str or Path
        A folder of exhibits with its ``manifest.json``.

    Returns
    -------
    list of FileCheck
        One per listed file, and one per file present but not listed.
    """
    folder = Path(directory)
    path = folder / MANIFEST
    if not path.is_file():
        return [FileCheck(path=path, expected=None, actual=None, listed_in=MANIFEST)]
    entries = read_manifest(folder).get("files", [])
    return _check_folder(folder, {e["path"]: e["sha256"] for e in entries}, MANIFEST)


# --- where the package runs from, and what it is made of (git) -----------------------------------

#: The Reproducible Builds convention's variable: a build's date, in whole seconds since 1970-01-01 UTC.
SOURCE_DATE_ENV = "SOURCE_DATE_EPOCH"


def checkout() -> Path | None:
    """The repository this package runs from, if it runs from a source checkout.

    Returns
    -------
    Path or None
        The checkout's root, or None when the package is installed.
    """
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "inquiry_analysis").is_dir() else None


def _git(*args: str) -> str | None:
    root = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


#: What an exhibit is made from, in the repository: the library, the data and the locked environment.
_CODE_PATHS = ("inquiry_analysis", "data", "pyproject.toml", "requirements.lock")


def code_version() -> dict:
    """The commit that last changed the library, the data or the locked environment, and whether they have since.

    Only those paths count, so re-running unchanged analyses in a later commit writes the same sidecar.

    Returns
    -------
    dict
        ``git_commit`` (or None) and ``git_modified`` (or None).
    """
    commit = _git("log", "-1", "--format=%H", "--", *_CODE_PATHS)
    if not commit:
        return {"git_commit": None, "git_modified": None}
    return {"git_commit": commit, "git_modified": bool(_git("status", "--porcelain", "--", *_CODE_PATHS))}


def source_date() -> tuple[dt.datetime | None, str]:
    """The date an exported file carries (naive UTC), and where it came from, in words.

    The Reproducible Builds convention: ``$SOURCE_DATE_EPOCH`` if set; else the time of the last
    git commit that changed the library, the data or the locked environment (the commit the
    sidecar names); else None: no date at all, rather than an invented one. Never the current
    time, which would make two exports differ.

    Returns
    -------
    tuple of (datetime or None, str)
        The date, and where it came from in words.

    References
    ----------
    .. [1] Reproducible Builds, "SOURCE_DATE_EPOCH specification",
       https://reproducible-builds.org/specs/source-date-epoch/
    """
    value = os.environ.get(SOURCE_DATE_ENV, "").strip()
    if value:
        try:
            if not value.isdigit():
                raise ValueError
            date = dt.datetime.fromtimestamp(int(value), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise ValueError(
                f"expected {SOURCE_DATE_ENV} to be a whole number of seconds since 1970-01-01 UTC, "
                f"got {value!r}; unset it to date files by the last commit"
            ) from None
        return date.replace(tzinfo=None), f"the build date set by {SOURCE_DATE_ENV}."
    stamp = _git("log", "-1", "--format=%ct", "--", *_CODE_PATHS)
    if stamp and stamp.isdigit():
        date = dt.datetime.fromtimestamp(int(stamp), dt.UTC).replace(tzinfo=None)
        return date, (
            "when the package, its data or its locked environment last changed (the time of that "
            "git commit, which the exhibit's .json file names)."
        )
    return None, (
        f"{SOURCE_DATE_ENV} was not set and no git history of the package was found, so there is no "
        "date to give that two exports would share."
    )
