"""What ``reproduce`` must rerun: a record, in figures/, of what each notebook's outputs were made from.

``figures/reproduce-record.json`` (listed in the manifest, so a fresh clone carries it and ``verify`` checks
it) holds, for the whole run, the hashes every notebook shares: the library's files, the data package's
``datapackage.json`` (which records every data file's sha256, checked before anything runs), the lock file
and ``pyproject.toml``, the package version, the commit the sidecars name, ``SOURCE_DATE_EPOCH``, and the
installed version of each package that shapes the exhibits or runs the notebooks (an upgrade in .venv
changes exhibits as surely as an edit to the lock). For each
notebook it holds a hash of its code cells (sources, tags, kernel; markdown is left out, since prose does
not change what a notebook computes), the sha256 of each input file its parameters name (the examples the
``analyse`` notebooks run on), a hash of its code cells with their stored outputs, the sha256 of the file as
reproduce wrote it, and the files it exported into figures/. The notebook's text and its input files are
hashed when the plan is made, before any kernel reads them: a notebook, or a file it names, that changes
while the run goes is not written back and is recorded as stale, so the next run reruns it. A notebook is
rerun only when one of these
changed; everything is rerun when a shared hash changed, when figures/ does not match its manifest, or
when the record is missing or unreadable, so nothing stale is ever kept.

Hashing what the project already records was chosen over jupyter-cache, which keys a notebook on its
code cells only: it knows nothing of the library, the data or the lock a notebook runs on, and it would
bring a database (SQLAlchemy) into the lock for what a few hashes here do.
"""

from __future__ import annotations

import ast
import fnmatch
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from inquiry_analysis import provenance
from inquiry_analysis.cli.commands import BUNDLE, BUNDLE_HTML, README_END, README_START

__all__ = [
    "NOT_EXHIBITS",
    "RECORD",
    "Plan",
    "bundle_key",
    "changed_since_plan",
    "claims_sha256",
    "environment",
    "expected_bundle_key",
    "installed_versions",
    "kept_runs",
    "notebook_entry",
    "plan_reproduce",
    "read_record",
    "stale_entry",
    "tree_sha256",
    "up_to_date",
    "write_record",
]

#: The record's name in figures/.
RECORD = "reproduce-record.json"
#: Its layout; a record of another layout is not read, and everything reruns.
FORMAT = 1
#: Files in figures/ that are no exhibit's: the bundle's key covers every other file.
NOT_EXHIBITS = frozenset({BUNDLE, BUNDLE_HTML, provenance.MANIFEST, RECORD})
#: The library whose source every notebook runs on.
LIBRARY = Path(__file__).resolve().parents[1]

# How a changed shared hash is named when it makes everything rerun.
_SHARED = {
    "library": "the library's source (inquiry_analysis/)",
    "data_package": "the data package (datapackage.json and the files it records)",
    "bundled_data": "which data package is used (--data-dir)",
    "lock": "requirements.lock",
    "packages": "the installed packages",
    "pyproject": "pyproject.toml",
    "package_version": "the package version",
    "git_commit": "the commit that last changed the library, data or lock (sidecars name it)",
    "git_modified": "whether the library, data or lock have uncommitted changes (sidecars say so)",
    "source_date_epoch": provenance.SOURCE_DATE_ENV,
}


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _file_sha256(path: Path) -> str | None:
    return provenance.sha256_file(path) if path.is_file() else None


def tree_sha256(folder: Path) -> str:
    """One sha256 over every file under ``folder`` (by relative path and content), caches and hidden files left out.

    Parameters
    ----------
    folder : Path
        The folder, e.g. the library's package folder.

    Returns
    -------
    str
        The hex digest; it changes when any file is added, removed, renamed or edited.
    """
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        # Caches and hidden files (checkpoints, editors' swap files) are no part of the source.
        if path.is_file() and "__pycache__" not in parts and not any(part.startswith(".") for part in parts):
            digest.update(f"{path.relative_to(folder).as_posix()}\0{provenance.sha256_file(path)}\n".encode())
    return digest.hexdigest()


#: The packages whose installed versions the record keeps: those that shape an exhibit's bytes, and those that
#: run and write the notebooks. Each is installed on every platform the lock serves, so the record, which is
#: committed in figures/, is the same on any machine; the interpreter is not kept, as outputs must not hang on it.
RECORDED_PACKAGES = (*provenance.SHAPING_PACKAGES, "nbformat", "nbclient", "ipykernel")


def installed_versions() -> dict:
    """The installed version of each of :data:`RECORDED_PACKAGES`, by its normalised name.

    A package upgraded by hand in ``.venv`` (``pip install -U matplotlib``) changes what the exhibits are made
    from, though ``requirements.lock`` does not change: everything then reruns.

    Returns
    -------
    dict of str to str or None
        Each package's installed version (None where it is not installed).
    """
    from importlib import metadata

    found = {}
    for name in RECORDED_PACKAGES:
        try:
            found[_normalised(name)] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[_normalised(name)] = None
    return dict(sorted(found.items()))


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def environment(data_dir: Path | None = None, *, library: Path | None = None) -> dict:
    """What every notebook runs on: the hashes and versions its outputs depend on besides its own code.

    Parameters
    ----------
    data_dir : Path, optional
        The data package in use (default: the bundled one).
    library : Path, optional
        The library's package folder (default: this package's).

    Returns
    -------
    dict
        ``library``, ``data_package``, ``bundled_data``, ``lock``, ``pyproject``, ``package_version``,
        ``git_commit``, ``git_modified``, ``source_date_epoch`` and ``packages`` (:func:`installed_versions`).
    """
    from inquiry_analysis import __version__

    package = provenance.DataPackage.open(data_dir)
    checkout = provenance.checkout()
    return {
        "library": tree_sha256(library or LIBRARY),
        "data_package": _file_sha256(package.folder / provenance.DATAPACKAGE),
        "bundled_data": package.folder.resolve() == provenance.bundled_data_dir().resolve(),
        "lock": _file_sha256(checkout / "requirements.lock") if checkout else None,
        "pyproject": _file_sha256(checkout / "pyproject.toml") if checkout else None,
        "package_version": __version__,
        **provenance.code_version(),
        "source_date_epoch": os.environ.get(provenance.SOURCE_DATE_ENV, "").strip() or None,
        "packages": installed_versions(),
    }


def _joined(value):
    return "".join(value) if isinstance(value, list) else value


def _normal(cell: dict) -> dict:
    """A code cell with its multi-line strings joined, as nbformat stores them either way."""
    outputs = []
    for output in cell.get("outputs", []):
        output = {**output, **({"text": _joined(output["text"])} if "text" in output else {})}
        if "data" in output:
            output["data"] = {mime: _joined(value) for mime, value in output["data"].items()}
        outputs.append(output)
    return {**cell, "source": _joined(cell.get("source", "")), "outputs": outputs}


def _named_inputs(notebook: dict, path: Path, root: Path) -> list[str]:
    """The files the notebook's parameters cell names (as ``analyse``'s notebooks name their examples)."""
    names = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code" or "parameters" not in cell.get("metadata", {}).get("tags", []):
            continue
        try:
            tree = ast.parse(_joined(cell.get("source", "")))
        except SyntaxError:
            continue  # the run reports it
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
                candidate = (path.parent / node.value).resolve()
                if candidate.is_file() and candidate.is_relative_to(root):
                    names.append(candidate.relative_to(root).as_posix())
    return sorted(set(names))


def notebook_entry(text: str, path: Path, root: Path, *, exhibits: list[str] = (), inputs: dict | None = None) -> dict:
    """A notebook's line in the record, from the text reproduce stores (or found stored).

    Parameters
    ----------
    text : str
        The notebook file's text.
    path : Path
        Where it is.
    root : Path
        The project folder; paths in the record are relative to it.
    exhibits : list of str
        The files it exported into figures/.
    inputs : dict, optional
        The sha256 of the files its parameters name, as hashed when the plan was made (before a kernel read
        them); a file named but not in it is hashed now.

    Returns
    -------
    dict
        ``code`` (code cells, tags and kernel), ``outputs`` (code cells as stored, with their outputs, and the
        notebook's metadata), ``file`` (the text's sha256), ``inputs`` (each named file's sha256) and ``exhibits``.
    """
    notebook = json.loads(text)
    cells = [cell for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"]
    code = [{"source": _joined(c.get("source", "")), "tags": c.get("metadata", {}).get("tags", [])} for c in cells]
    kernel = notebook.get("metadata", {}).get("kernelspec", {}).get("name")
    stored = {"cells": [_normal(c) for c in cells], "metadata": notebook.get("metadata", {})}
    planned = inputs or {}
    inputs = {name: planned.get(name) or _file_sha256(root / name) for name in _named_inputs(notebook, path, root)}
    return {
        "code": _digest({"cells": code, "kernel": kernel}),
        "outputs": _digest(stored),
        "file": provenance.sha256_bytes(text.encode("utf-8")),
        "inputs": inputs,
        "exhibits": sorted(exhibits),
    }


def stale_entry(exhibits: list[str], why: str) -> dict:
    """A notebook's line in the record that makes the next run rerun it (it changed while the run went).

    Parameters
    ----------
    exhibits : list of str
        The files it exported into figures/ (so that they stay owned).
    why : str
        What changed (:func:`changed_since_plan`), said when the next run reruns it.

    Returns
    -------
    dict
        An entry no notebook matches, with ``stale`` saying why.
    """
    stale = f"{why} while the last run went"
    return {"code": None, "outputs": None, "file": None, "inputs": {}, "exhibits": sorted(exhibits), "stale": stale}


def read_record(figures: Path) -> dict | None:
    """The record in ``figures``, or None if it is missing, unreadable or of another layout.

    Parameters
    ----------
    figures : Path
        The folder of exhibits.

    Returns
    -------
    dict or None
        ``environment``, ``notebooks`` (by path relative to the project), ``bundle`` and ``claims_table``.
    """
    try:
        record = json.loads((figures / RECORD).read_text(encoding="utf-8"))
        if record.get("format") != FORMAT or not isinstance(record.get("notebooks"), dict):
            return None
        for entry in record["notebooks"].values():
            entry["code"], entry["outputs"], entry["file"], entry["inputs"], entry["exhibits"]  # noqa: B018
        return record
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def write_record(folder: Path, *, environment: dict, notebooks: dict, bundle: str | None, claims: str | None) -> Path:
    """Write the record into ``folder`` (the build), byte-stable: sorted keys, two-space indent, one final newline.

    Parameters
    ----------
    folder : Path
        The folder being built.
    environment : dict
        From :func:`environment`.
    notebooks : dict
        Each notebook's :func:`notebook_entry`, by path relative to the project.
    bundle : str or None
        The :func:`bundle_key` of the evidence bundle in the folder, or None if it has none.
    claims : str or None
        The sha256 of the claims table written into the README, or None if there is no README.

    Returns
    -------
    Path
        The record written.
    """
    record = {
        "about": "What each notebook's outputs and exhibits were made from; inquiry-analysis reproduce reruns a "
        "notebook only when one of these changed (reproduce --force reruns all).",
        "format": FORMAT,
        "environment": environment,
        "notebooks": notebooks,
        "bundle": bundle,
        "claims_table": claims,
    }
    target = folder / RECORD
    text = json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    target.write_text(text, encoding="utf-8", newline="\n")
    return target


def bundle_key(environment: dict, files: dict) -> str:
    """What the evidence bundle is made from: the shared hashes and every exhibit file's sha256.

    Parameters
    ----------
    environment : dict
        From :func:`environment`.
    files : dict
        Each exhibit file's sha256 by name (the bundle, manifest and record left out).

    Returns
    -------
    str
        A hex digest; the bundle is rebuilt when it differs from the recorded one.
    """
    return _digest({"environment": environment, "files": dict(sorted(files.items()))})


def expected_bundle_key(environment: dict, files: dict, *, bundle: bool) -> str | None:
    """The bundle's key a run records: None when there is to be no bundle (not asked for, or no exhibit).

    Parameters
    ----------
    environment : dict
        From :func:`environment`.
    files : dict
        Each exhibit file's sha256 by name (the bundle, manifest and record left out).
    bundle : bool
        Whether the run is to have the evidence bundle.

    Returns
    -------
    str or None
        :func:`bundle_key`, or None if no bundle is made (no exhibit's sidecar, ``??-*.json``, among ``files``).
    """
    if not bundle or not any(fnmatch.fnmatch(name, "??-*.json") for name in files):
        return None
    return bundle_key(environment, files)


@dataclass(frozen=True, kw_only=True)
class Plan:
    """Which notebooks ``reproduce`` reruns, and why.

    Attributes
    ----------
    rerun : dict
        Each notebook to run (Path) and why, in words.
    prose : tuple of Path
        Notebooks whose prose alone changed: their outputs and exhibits are kept, their text written back.
    kept : tuple of Path
        Notebooks unchanged since the record: outputs and exhibits kept as they are.
    removed : tuple of str
        Notebooks in the record that are gone (their exhibits are dropped).
    everything : str or None
        Why every notebook reruns, or None if only some do.
    environment : dict
        The shared hashes now (:func:`environment`).
    record : dict
        The record as found ({} if none was read).
    checked : int
        The files in figures/ checked against the manifest.
    files : dict
        Each notebook's sha256 (Path to str, None if unreadable) when the plan read it.
    inputs : dict
        Each notebook's named input files' sha256 (Path to dict of name to sha256) when the plan read them.
    texts : dict
        The text of each notebook whose prose alone changed, as the plan read it (what is written back).
    """

    rerun: dict
    prose: tuple = ()
    kept: tuple = ()
    removed: tuple = ()
    everything: str | None = None
    environment: dict = field(default_factory=dict)
    record: dict = field(default_factory=dict)
    checked: int = 0
    files: dict = field(default_factory=dict)
    inputs: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)

    def lines(self, root: Path) -> list[str]:
        """What the plan says, in lines to print: what reruns and why, what is kept.

        Parameters
        ----------
        root : Path
            The project folder (notebooks are named relative to its notebooks/).

        Returns
        -------
        list of str
            One line per notebook rerun (with why), written back or gone, then one naming those kept.
        """
        if self.everything:
            return [f"Every notebook runs: {self.everything}."]
        lines = [f"{_name(p, root)}: reruns, {why}" for p, why in self.rerun.items()]
        lines += [f"{_name(p, root)}: only its prose changed; outputs kept, text written back" for p in self.prose]
        lines += [f"{name}: gone; its exhibits are dropped" for name in self.removed]
        if self.kept:
            lines.append(f"Unchanged since the last run, kept: {', '.join(_name(p, root) for p in self.kept)}")
        return lines


def _name(path: Path, root: Path) -> str:
    return path.relative_to(root / "notebooks").as_posix()


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _why_everything(record: dict | None, figures: Path, now: dict, checks: list, *, force: bool) -> str | None:
    if force:
        return "--force was given"
    if record is None:
        state = "missing" if not (figures / RECORD).exists() else "unreadable"
        return f"figures/{RECORD}, the record of what the outputs were made from, is {state}"
    bad = [check for check in checks if not check.ok]
    if bad:
        return f"figures/ does not match its {provenance.MANIFEST} ({len(bad)} file(s) differ, e.g. {bad[0].path.name})"
    changed = [
        _shared_change(key, now.get(key), record["environment"].get(key))
        for key in sorted(now.keys() | record["environment"].keys())
        if now.get(key) != record["environment"].get(key)
    ]
    if changed:
        return "changed since the last run: " + "; ".join(changed)
    listed = {check.path.name for check in checks}
    owned = {name for entry in record["notebooks"].values() for name in entry["exhibits"]}
    missing, unowned = sorted(owned - listed), sorted(listed - owned - NOT_EXHIBITS)
    if missing:
        return f"the record names exhibit files the manifest does not list ({', '.join(missing[:3])})"
    if unowned:
        return f"figures/ holds files no notebook's record names ({', '.join(unowned[:3])})"
    return None


def _shared_change(key: str, now, then) -> str:
    if key == "packages" and isinstance(now, dict) and isinstance(then, dict):
        names = sorted(name for name in now.keys() | then.keys() if now.get(name) != then.get(name))
        return f"{_SHARED[key]} ({', '.join(names[:5])}{', ...' if len(names) > 5 else ''})"
    return _SHARED.get(key, key)


def _read(path: Path, root: Path) -> tuple[str | None, dict]:
    """A notebook's text and the sha256 of each file its parameters name, read once, before any kernel runs."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None, {}
    try:
        names = _named_inputs(json.loads(text), path, root)
    except (ValueError, AttributeError, TypeError):
        names = []  # the run reports it
    return text, {name: _file_sha256(root / name) for name in names}


def _why_notebook(path: Path, root: Path, entry: dict | None, text: str | None, inputs: dict) -> str | None:
    """Why one notebook reruns; None if it is kept; ``"prose"`` if only its prose changed."""
    if entry is None:
        return "it is new (no record of it)"
    if entry.get("stale"):
        return entry["stale"]
    changed = [
        name
        for name, digest in entry["inputs"].items()
        if (inputs[name] if name in inputs else _file_sha256(root / name)) != digest
    ]
    if changed:
        return f"the input file(s) it names changed: {', '.join(changed)}"
    if text is None:
        return "it cannot be read as a notebook"
    if provenance.sha256_bytes(text.encode("utf-8")) == entry["file"]:
        return None
    try:
        now = notebook_entry(text, path, root, inputs=inputs)
    except (ValueError, AttributeError, TypeError):
        return "it cannot be read as a notebook"
    if now["inputs"].keys() != entry["inputs"].keys():
        return "its parameters name other input files"
    if now["code"] != entry["code"]:
        return "its code changed"
    if now["outputs"] != entry["outputs"]:
        return "its stored outputs or metadata are not those reproduce wrote"
    return "prose"


def plan_reproduce(
    root: Path,
    notebooks: list[Path],
    *,
    figures: Path,
    data_dir: Path | None = None,
    force: bool = False,
    library: Path | None = None,
) -> Plan:
    """Decide which notebooks to rerun: those whose code, inputs or stored outputs differ from the record.

    Parameters
    ----------
    root : Path
        The project folder.
    notebooks : list of Path
        Every notebook reproduce runs.
    figures : Path
        The folder of exhibits, with its manifest and the record.
    data_dir : Path, optional
        The data package in use.
    force : bool
        Rerun everything.
    library : Path, optional
        The library's package folder (default: this package's).

    Returns
    -------
    Plan
        What reruns and why, what is kept.
    """
    now = environment(data_dir, library=library)
    record = read_record(figures)
    checks = provenance.check_manifest(figures) if figures.is_dir() else []
    # Read before any kernel does, so that what is recorded is what was planned (a later change is caught).
    read = {path: _read(path, root) for path in notebooks}
    files = {path: provenance.sha256_bytes(text.encode("utf-8")) if text else None for path, (text, _) in read.items()}
    inputs = {path: named for path, (_, named) in read.items()}
    everything = _why_everything(record, figures, now, checks, force=force)
    if everything:
        rerun = {p: everything for p in notebooks}
        return Plan(
            rerun=rerun, everything=everything, environment=now, record=record or {}, files=files, inputs=inputs
        )
    rerun, prose, kept = {}, [], []
    for path in notebooks:
        why = _why_notebook(path, root, record["notebooks"].get(_relative(path, root)), *read[path])
        if why is None:
            kept.append(path)
        elif why == "prose":
            prose.append(path)
        else:
            rerun[path] = why
    names = {_relative(path, root) for path in notebooks}
    return Plan(
        rerun=rerun,
        prose=tuple(prose),
        kept=tuple(kept),
        removed=tuple(sorted(set(record["notebooks"]) - names)),
        environment=now,
        record=record,
        checked=len(checks),
        files=files,
        inputs=inputs,
        texts={path: read[path][0] for path in prose},
    )


def changed_since_plan(plan: Plan, path: Path, root: Path) -> str | None:
    """What changed in a notebook, or in a file it names, since the plan read them; None if nothing did.

    Parameters
    ----------
    plan : Plan
        From :func:`plan_reproduce`.
    path : Path
        One of its notebooks.
    root : Path
        The project folder.

    Returns
    -------
    str or None
        What changed, e.g. ``"it changed"`` (its outputs cannot be recorded as current), or None.
    """
    if _file_sha256(path) != plan.files.get(path):
        return "it changed"
    changed = [name for name, digest in plan.inputs.get(path, {}).items() if _file_sha256(root / name) != digest]
    if changed:
        return f"{', '.join(changed)}, which it names, changed"
    return None


def _claims_block(readme: Path) -> str | None:
    if not readme.is_file():
        return None
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        return None
    return text.split(README_START, 1)[1].split(README_END, 1)[0].removeprefix("\n")


def claims_sha256(table: str | None) -> str | None:
    """The sha256 the record keeps of the README's claims table.

    Parameters
    ----------
    table : str or None
        The table, as Markdown (None for no README).

    Returns
    -------
    str or None
        Its sha256, or None.
    """
    return None if table is None else provenance.sha256_bytes(table.encode("utf-8"))


def up_to_date(plan: Plan, figures: Path, *, bundle: bool, readme: Path) -> bool:
    """Whether nothing needs doing: no notebook to run or write back, the bundle and README's claims current.

    Parameters
    ----------
    plan : Plan
        From :func:`plan_reproduce`.
    figures : Path
        The folder of exhibits (verified against its manifest by the plan).
    bundle : bool
        Whether the run is to have the evidence bundle.
    readme : Path
        The README whose claims table reproduce rewrites.

    Returns
    -------
    bool
        True if a run would change no file.
    """
    if plan.everything or plan.rerun or plan.prose or plan.removed:
        return False
    if claims_sha256(_claims_block(readme)) != plan.record.get("claims_table"):
        return False
    manifest = provenance.read_manifest(figures)
    files = {e["path"]: e["sha256"] for e in manifest.get("files", []) if e["path"] not in NOT_EXHIBITS}
    return plan.record.get("bundle") == expected_bundle_key(plan.environment, files, bundle=bundle)


def kept_runs(plan: Plan, root: Path, figures: Path, build: Path) -> list:
    """The notebooks kept (and those whose prose alone changed) as runs, their exhibits copied into the build.

    Each exhibit file the record gives the notebook is copied from figures/ into a folder of its own in
    ``build`` and checked against the manifest, so that what is kept is what the manifest certifies.

    Parameters
    ----------
    plan : Plan
        From :func:`plan_reproduce`.
    root : Path
        The project folder.
    figures : Path
        The folder of exhibits as the run found it.
    build : Path
        The folder being built.

    Returns
    -------
    list of NotebookRun
        One per notebook kept: ``notebook`` is None (its file is not written), or, where its prose
        changed, the notebook as the plan read it (written back in nbformat's layout).

    Raises
    ------
    FolderChanged
        If a file copied from figures/ does not match the manifest (it changed while the run went).
    """
    import shutil

    import nbformat

    from inquiry_analysis.cli.guard import FolderChanged
    from inquiry_analysis.cli.runner import NotebookRun

    if not plan.kept and not plan.prose:
        return []
    listed = {entry["path"]: entry["sha256"] for entry in provenance.read_manifest(figures).get("files", [])}
    runs = []
    for number, path in enumerate((*plan.kept, *plan.prose)):
        out = build / f".kept-{number}"
        out.mkdir()
        for name in plan.record["notebooks"][_relative(path, root)]["exhibits"]:
            shutil.copyfile(figures / name, out / name)
            if provenance.sha256_file(out / name) != listed.get(name):
                raise FolderChanged(
                    f"{figures / name} changed while the run was going; the run's results were not put in place, "
                    "and nothing was touched; run again"
                )
        # The text the plan read: a code edit saved since is caught when the record is written.
        notebook = nbformat.reads(plan.texts[path], as_version=4) if path in plan.prose else None
        runs.append(NotebookRun(path=path, notebook=notebook, out=out, seconds=0.0))
    return runs
