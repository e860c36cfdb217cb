"""Where the bundled data live, what they should hash to, and the documents they cite.

Only the standard library is used here, so that checking provenance never depends on the
statistics stack.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = [
    "FileCheck",
    "Source",
    "bundled_data_dir",
    "check_data_package",
    "check_manifest",
    "expected_sha256",
    "read_datapackage",
    "sha256_bytes",
    "sha256_file",
]

DATAPACKAGE = "datapackage.json"
MANIFEST = "manifest.json"
#: Where ``inquiry-analysis reproduce`` tells notebooks to export exhibits.
FIGURES_ENV = "INQUIRY_ANALYSIS_FIGURES"


@dataclass(frozen=True)
class Source:
    """One cited document, as recorded in ``data/sources.csv``.

    Examples
    --------
    >>> s = Source("npcc-2018-09-06", "NCA and police arrest ...", "National Police Chiefs' Council",
    ...            "2018-09-06", "", "press_release")
    >>> s.source_line()
    "Source: NCA and police arrest ... from National Police Chiefs' Council"
    """

    source_id: str
    title: str
    producer: str
    date_published: str
    url: str
    kind: str
    note: str = ""

    def source_line(self) -> str:
        """The source line an exhibit prints: ``Source: <document> from <producer>``."""
        return f"Source: {self.title} from {self.producer}"


@dataclass(frozen=True)
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
    """
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of the file at ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def bundled_data_dir() -> Path:
    """The folder holding the bundled ``datapackage.json``.

    An installed wheel carries the data inside the package (``inquiry_analysis/data``); a
    source checkout or editable install reads the repository's top-level ``data/``.
    """
    packaged = resources.files("inquiry_analysis").joinpath("data")
    if packaged.is_dir() and packaged.joinpath(DATAPACKAGE).is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data"


def read_datapackage(data_dir: str | Path | None = None) -> dict:
    """The parsed ``datapackage.json`` of ``data_dir`` (default: the bundled data)."""
    folder = Path(data_dir) if data_dir is not None else bundled_data_dir()
    path = folder / DATAPACKAGE
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: expected a data package in {folder}")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def expected_sha256(resource: dict) -> str | None:
    """The hex sha256 a data-package resource records, or None if it records none."""
    value = str(resource.get("hash", ""))
    if value.startswith("sha256:"):
        return value.split(":", 1)[1]
    return None


def _check_folder(folder: Path, expected: dict[str, str | None], listed_in: str) -> list[FileCheck]:
    """Check each listed file against its expected sha256, then flag files in the folder nobody listed."""
    checks = []
    for name, digest in expected.items():
        path = folder / name
        checks.append(FileCheck(path, digest, sha256_file(path) if path.is_file() else None, listed_in))
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in expected and path.name != listed_in and not path.name.startswith("."):
            checks.append(FileCheck(path, None, sha256_file(path), listed_in))
    return checks


def check_data_package(data_dir: str | Path | None = None) -> list[FileCheck]:
    """Re-hash every resource of the data package, and list files nobody declared.

    Returns one :class:`FileCheck` per resource and per unlisted file in the folder
    (``datapackage.json`` itself excepted); all ``ok`` means the data are as published.
    """
    folder = Path(data_dir) if data_dir is not None else bundled_data_dir()
    resources = read_datapackage(folder).get("resources", [])
    return _check_folder(folder, {r["path"]: expected_sha256(r) for r in resources}, DATAPACKAGE)


def check_manifest(directory: str | Path) -> list[FileCheck]:
    """Re-hash every file ``manifest.json`` lists in ``directory``, and list files it does not.

    A folder with no manifest gives a single failing check naming the missing manifest.
    """
    folder = Path(directory)
    path = folder / MANIFEST
    if not path.is_file():
        return [FileCheck(path, None, None, MANIFEST)]
    with open(path, encoding="utf-8") as handle:
        entries = json.load(handle).get("files", [])
    return _check_folder(folder, {e["path"]: e["sha256"] for e in entries}, MANIFEST)
