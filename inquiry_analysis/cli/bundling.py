"""The claims check and evidence bundle ``reproduce`` writes, made in a process of its own beside the notebooks.

The child starts with the run: it imports what the bundle needs and checks the claims (the README's table)
while the notebooks run. The bundle needs the hearing's exhibits only (the ``analyse`` notebooks that
reproduce runs on the examples export nothing into figures/), so reproduce starts the hearing's notebooks
first and, once they have finished, tells the child to write the bundle into the build folder (or, if
the bundle is kept, only to give the claims table) while the examples' kernels run on. The child is
stopped, and its half-written files go with the build folder, if the run fails or is stopped.

    python -m inquiry_analysis.cli.bundling BUILD [DATA_DIR]   # what the child runs; it waits for
                                                               # "bundle" or "claims" on stdin, and
                                                               # writes the claims table to BUILD/.claims.md

The child starts in the folder that holds this library, so ``-m`` imports the same library as the run
(not one in whatever folder the command was given in). A failure is reported in one line: the last line
of what the child wrote to stderr.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

__all__ = [
    "CLAIMS",
    "TIMEOUT",
    "BackgroundBundle",
    "BundleFailed",
    "BundleHere",
    "child_command",
    "claims_and_bundle",
    "main",
]

#: The file, in the build folder, the child writes the claims table to (read and removed by the parent).
CLAIMS = ".claims.md"
#: How long the run waits for the child once the notebooks are done, in seconds.
TIMEOUT = 600
#: The folder that holds this library: the child's working folder, first on its ``sys.path``.
_LIBRARY_PARENT = Path(__file__).resolve().parents[2]


def child_command(build: Path, data_dir: Path | None = None) -> list[str]:
    """The command that starts the child: this interpreter, running this module.

    Parameters
    ----------
    build : Path
        The folder of exhibits being built.
    data_dir : Path, optional
        The data package in use.

    Returns
    -------
    list of str
        The arguments, paths made absolute (the child runs in another folder).
    """
    return [sys.executable, "-m", "inquiry_analysis.cli.bundling", str(build.resolve())] + (
        [str(data_dir.resolve())] if data_dir else []
    )


def _one_line(err: str, returncode: int) -> str:
    lines = [line.strip() for line in err.splitlines() if line.strip()]
    return lines[-1] if lines else f"its process exited with status {returncode}"


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
        self.build = build
        # Its stdout is not read: a stray print must not reach the README (the table comes in a file).
        self.process = subprocess.Popen(
            child_command(build, data_dir),
            cwd=_LIBRARY_PARENT,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
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
            If the child failed (in one line: the last line it wrote to stderr), or took more than
            :data:`TIMEOUT` seconds (it is stopped).
        """
        try:
            _, err = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            raise BundleFailed(
                f"the evidence bundle was not written within {TIMEOUT:g} s; its process was stopped"
            ) from None
        table = self.build / CLAIMS
        if self.process.returncode != 0 or not table.is_file():
            why = _one_line(err, self.process.returncode) if self.process.returncode else "it wrote no claims table"
            raise BundleFailed(f"the evidence bundle could not be written: {why}")
        text = table.read_text(encoding="utf-8")
        table.unlink()
        return text

    def stop(self) -> None:
        """Stop the child if it still runs (the run failed or was stopped), wait for it to go, close its pipes."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stderr):
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
        self.build, self.data_dir, self.table, self.error = build, data_dir, None, None

    def start(self, *, bundle: bool) -> None:
        """Check the claims and, if ``bundle``, write the bundle, now; a failure is kept for :meth:`finish`.

        Parameters
        ----------
        bundle : bool
            Whether to write the bundle.
        """
        self.table = self._made(bundle=bundle)

    def _made(self, *, bundle: bool) -> str | None:
        from inquiry_analysis.cli.guard import stopped_inside

        try:
            return claims_and_bundle(self.build, self.data_dir, bundle=bundle)
        except Exception as err:  # as the child's failure is: one line, and nothing put in place
            if stopped_inside(err) is not None:
                raise
            lines = str(err).strip().splitlines()
            self.error = f"{type(err).__name__}: {lines[-1] if lines else ''}".rstrip(": ")
            return None

    def finish(self) -> str:
        """The claims table (Markdown).

        Returns
        -------
        str
            As :meth:`BackgroundBundle.finish` gives it.

        Raises
        ------
        BundleFailed
            If the claims check or the bundle failed, in one line.
        """
        if self.table is None and self.error is None:
            self.table = self._made(bundle=False)
        if self.error is not None:
            raise BundleFailed(f"the evidence bundle could not be written: {self.error}")
        return self.table

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
    """Check the claims, then, as told on stdin, write the bundle and the claims table into the build folder.

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
    (build / CLAIMS).write_text(table, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
