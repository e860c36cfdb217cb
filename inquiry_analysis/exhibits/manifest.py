"""``manifest.json``: the sha256 and size of every file in a folder of exhibits, and the inputs they cite.

Written once, when a run has finished (``reproduce`` and ``analyse`` do it; an export from your own
code calls :func:`write_manifest` after its last exhibit), so a manifest never lists a half-made folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from inquiry_analysis import provenance
from inquiry_analysis.exhibits.exhibit import EXHIBIT_ID
from inquiry_analysis.exhibits.export import check_not_committed_figures, default_figures_dir

__all__ = ["build_manifest", "write_manifest"]


def build_manifest(
    directory: str | Path | None = None, *, made_by: str | None = None, data_dir: str | Path | None = None
) -> dict:
    """The manifest of a folder, as :func:`write_manifest` would write it, without writing it.

    Files are listed by name, sorted; each belongs to the exhibit its name starts with. ``inputs``
    gathers what the folder's sidecars cite (data-package tables and users' files, by sha256);
    ``data_package`` lists the hashes the package in use records. ``reproduce`` checks the exhibits
    against it while it builds the evidence bundle, and writes the manifest once, after.

    Parameters
    ----------
    directory : str or Path, optional
        The folder of exhibits (default :func:`~inquiry_analysis.exhibits.default_figures_dir`).
    made_by : str, optional
        The command that made the folder (``analyse`` marks its own output this way).
    data_dir : str or Path, optional
        The data package in use (default :func:`~inquiry_analysis.provenance.default_data_dir`).

    Returns
    -------
    dict
        ``made_by`` (if given), ``package_version``, ``data_package``, ``inputs`` and ``files``.
    """
    from inquiry_analysis import __version__

    folder = Path(directory) if directory is not None else default_figures_dir()
    check_not_committed_figures(folder)
    entries, inputs = [], {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != provenance.MANIFEST and not path.name.startswith("."):
            match = EXHIBIT_ID.match(path.name)
            entries.append(
                {
                    "path": path.name,
                    "exhibit": match.group(0) if match else None,
                    "sha256": provenance.sha256_file(path),
                    "bytes": path.stat().st_size,
                }
            )
            if match and path.suffix == ".json":
                inputs.update(json.loads(path.read_text(encoding="utf-8")).get("inputs", {}))
    return {
        **({"made_by": made_by} if made_by else {}),
        "package_version": __version__,
        "data_package": provenance.DataPackage.open(data_dir).expected_hashes(),
        "inputs": dict(sorted(inputs.items())),
        "files": entries,
    }


def write_manifest(
    directory: str | Path | None = None, *, made_by: str | None = None, data_dir: str | Path | None = None
) -> Path:
    """Write ``manifest.json``: sha256 and size of every file in the folder, its exhibit, and the inputs.

    Call it once, when every file of the run is in the folder (see :func:`build_manifest` for what it
    lists).

    Parameters
    ----------
    directory : str or Path, optional
        The folder of exhibits (default :func:`~inquiry_analysis.exhibits.default_figures_dir`).
    made_by : str, optional
        The command that made the folder.
    data_dir : str or Path, optional
        The data package in use.

    Returns
    -------
    Path
        The manifest written.
    """
    folder = Path(directory) if directory is not None else default_figures_dir()
    manifest = build_manifest(folder, made_by=made_by, data_dir=data_dir)
    target = folder / provenance.MANIFEST
    target.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    return target
