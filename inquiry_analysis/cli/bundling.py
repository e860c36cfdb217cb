"""The claims check and evidence bundle ``reproduce`` writes, made in a process of its own beside the notebooks.

The child starts with the run: it imports what the bundle needs and checks the claims (the README's table)
while the notebooks run. The bundle needs the hearing's exhibits only (the ``analyse`` notebooks that
reproduce runs on the examples export nothing into figures/), so reproduce starts the hearing's notebooks
first and, once they have finished, tells the child to write the bundle into the build folder (or, if
the bundle is kept, only to give the claims table) while the examples' kernels run on. The child is
stopped, and its half-written files go with the build folder, if the run fails or is stopped.

    python -m inquiry_analysis.cli.bundling BUILD [DATA_DIR]   # what the child runs; it waits for
                                                               # "bundle" or "claims" on stdin
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

__all__ = ["BackgroundBundle", "BundleFailed", "BundleHere", "claims_and_bundle", "main"]


class BundleFailed(RuntimeError):
    """The child process that writes the bundle failed; the message ends with what it said."""


class BackgroundBundle:
    """The child process that checks the claims and, when told, writes the evidence bundle into ``build``.

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
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def start(self, *, bundle: bool) -> None:
        """Tell the child the exhibits are in place: write the bundle, or (``bundle=False``) only check the claims.

        Parameters
        ----------
        bundle : bool
            Whether to write the bundle.
        """
        try:
            self.process.stdin.write("bundle\n" if bundle else "claims\n")
            self.process.stdin.flush()
        except OSError:  # it has failed already; finish() says how
            pass

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
        """Stop the child if it still runs (the run failed or was stopped), wait for it to go, close its pipes."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.close()


class BundleHere:
    """The same work as :class:`BackgroundBundle`, in this process: for a run with no notebook to overlap it with.

    Parameters
    ----------
    build : Path
        The folder of exhibits being built.
    data_dir : Path, optional
        The data package in use.
    """

    def __init__(self, build: Path, data_dir: Path | None = None):
        self.build, self.data_dir, self.table = build, data_dir, None

    def start(self, *, bundle: bool) -> None:
        """Check the claims and, if ``bundle``, write the bundle, now.

        Parameters
        ----------
        bundle : bool
            Whether to write the bundle.
        """
        self.table = claims_and_bundle(self.build, self.data_dir, bundle=bundle)

    def finish(self) -> str:
        """The claims table (Markdown).

        Returns
        -------
        str
            As :meth:`BackgroundBundle.finish` gives it.
        """
        return self.table if self.table is not None else claims_and_bundle(self.build, self.data_dir, bundle=False)

    def stop(self) -> None:
        """Nothing to stop."""


def claims_and_bundle(build: Path, data_dir: Path | None, *, bundle: bool, wait=None) -> str:
    """Check the claims and, if ``bundle``, write the evidence bundle of ``build`` into it; the claims table.

    Parameters
    ----------
    build : Path
        The folder of exhibits, with every exhibit in place (the bundle is written into it).
    data_dir : Path, optional
        The data package in use.
    bundle : bool
        Whether to write the bundle (else only check the claims).
    wait : callable, optional
        Called after the claims are checked, before the bundle; returns whether to write it after all
        (the child waits there for its order).

    Returns
    -------
    str
        The claims table, as :func:`inquiry_analysis.claims.format_check` gives it in Markdown.
    """
    from inquiry_analysis.claims import check, format_check
    from inquiry_analysis.cli.commands import BUNDLE, BUNDLE_HTML, _claims_to_bundle
    from inquiry_analysis.exhibits.bundle import write_bundle
    from inquiry_analysis.exhibits.manifest import build_manifest
    from inquiry_analysis.io.loaders import load_sources

    results = check(data_dir=data_dir)
    if wait is not None:
        bundle = wait()
    if bundle:
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
    return format_check(results, "markdown")


def _order() -> bool:
    order = sys.stdin.readline().strip()
    if order not in ("bundle", "claims"):
        raise SystemExit(1)  # the run went away
    return order == "bundle"


def main(argv: list[str] | None = None) -> int:
    """Check the claims, then, as told on stdin, write the bundle into the build folder; print the claims table.

    Parameters
    ----------
    argv : list of str, optional
        The build folder, and optionally the data package's folder (default: the command line's).

    Returns
    -------
    int
        0 (a failure raises, and the traceback goes to stderr for the parent to show).
    """
    argv = sys.argv[1:] if argv is None else argv
    build, data_dir = Path(argv[0]), (Path(argv[1]) if len(argv) > 1 else None)
    table = claims_and_bundle(build, data_dir, bundle=False, wait=_order)
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
