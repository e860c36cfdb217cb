"""The evidence bundle ``reproduce`` writes, made in a process of its own while the last notebooks run.

The bundle needs the hearing's exhibits only: the ``analyse`` notebooks that reproduce runs on the examples
export nothing into figures/. So reproduce starts the hearing's notebooks first, and once they have
finished a child process checks the claims (for the README's table) and writes the bundle into the build
folder while the examples' kernels run on, on a core that would otherwise wait for the last notebook.
The child is stopped, and its half-written files go with the build folder, if the run fails or is stopped.

    python -m inquiry_analysis.cli.bundling BUILD [DATA_DIR]   # what the child runs
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["BackgroundBundle", "BundleFailed", "main"]


class BundleFailed(RuntimeError):
    """The child process that writes the bundle failed; the message ends with what it said."""


class BackgroundBundle:
    """The evidence bundle being written into ``build`` by a child process.

    Parameters
    ----------
    build : Path
        The folder of exhibits being built (the bundle's files are written into it).
    data_dir : Path, optional
        The data package in use.
    """

    def __init__(self, build: Path, data_dir: Path | None = None):
        command = [sys.executable, "-m", "inquiry_analysis.cli.bundling", str(build)]
        self.process = subprocess.Popen(
            command + ([str(data_dir)] if data_dir else []),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def finish(self) -> str:
        """Wait for the bundle; the claims table (Markdown) the child checked, for the README.

        Returns
        -------
        str
            The claims table, as :func:`inquiry_analysis.claims.format_check` gives it in Markdown.

        Raises
        ------
        BundleFailed
            If the child failed, with the end of what it wrote to stderr.
        """
        out, err = self.process.communicate()
        if self.process.returncode != 0:
            raise BundleFailed(f"the evidence bundle could not be written:\n{err.strip()[-2000:]}")
        return out

    def stop(self) -> None:
        """Stop the child if it still runs (the run failed or was stopped), and wait for it to go."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def main(argv: list[str] | None = None) -> int:
    """Check the claims, write the bundle into the build folder, and print the claims table in Markdown.

    Parameters
    ----------
    argv : list of str, optional
        The build folder, and optionally the data package's folder (default: the command line's).

    Returns
    -------
    int
        0 (a failure raises, and the traceback goes to stderr for the parent to show).
    """
    from inquiry_analysis.claims import check, format_check
    from inquiry_analysis.cli.commands import BUNDLE, BUNDLE_HTML, _claims_to_bundle
    from inquiry_analysis.exhibits.bundle import write_bundle
    from inquiry_analysis.exhibits.manifest import build_manifest
    from inquiry_analysis.io.loaders import load_sources

    argv = sys.argv[1:] if argv is None else argv
    build, data_dir = Path(argv[0]), (Path(argv[1]) if len(argv) > 1 else None)
    results = check(data_dir=data_dir)
    # The bundle checks the exhibits against the manifest as it stands now; the file is written once, after.
    manifest = build_manifest(build, data_dir=data_dir)
    claims, title = _claims_to_bundle(manifest, build, data_dir, results=results)
    write_bundle(
        build,
        build / BUNDLE,
        html_path=build / BUNDLE_HTML,
        claims=claims,
        sources=load_sources(data_dir=data_dir),
        title=title,
        folder_name="figures",
        manifest=manifest,
    )
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    sys.stdout.write(format_check(results, "markdown"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
