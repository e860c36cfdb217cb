"""The ``inquiry-analysis`` command: reproduce the analyses, verify data and exhibits."""

from __future__ import annotations

import argparse
import inspect
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import provenance

__all__ = ["main"]


def _version() -> str:
    from . import __version__

    return __version__


def _default_root() -> Path:
    checkout = Path(__file__).resolve().parent.parent
    return checkout if (checkout / "notebooks").is_dir() else Path.cwd()


def _report(checks: list[provenance.FileCheck], what: str) -> int:
    bad = [check for check in checks if not check.ok]
    for check in bad:
        print(f"FAIL {check}")
    print(f"{what}: {len(checks) - len(bad)} of {len(checks)} files match their recorded sha256.")
    return len(bad)


def cmd_verify(args: argparse.Namespace) -> int:
    """Re-hash the data and the exported exhibits against their manifests.

    Checks data/datapackage.json and figures/manifest.json, and names every file that differs,
    is missing, or is present but unlisted. Exits 1 if any does.
    """
    failures = _report(provenance.check_data_package(args.data_dir), "data")
    failures += _report(provenance.check_manifest(args.root / "figures"), "figures")
    return 1 if failures else 0


def _failed_cell(notebook) -> str:
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return f"cell {number} ({first[:60]!r}) raised {output['ename']}: {output['evalue']}"
    return "a cell failed"


def _execute(path: Path, figures: Path):
    """Run one notebook in its own folder, exporting into ``figures``; return it executed."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    notebook = nbformat.read(path, as_version=4)
    env = {provenance.FIGURES_ENV: str(figures),
           # the kernel's "python" must be this environment's, even when it is not activated
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    # The kernel process's own stderr carries only its start-up chatter; keep it for when it dies.
    kernel_log = tempfile.TemporaryFile(mode="w+")
    try:
        # coalesce_streams: the kernel splits printed text into chunks by timing; stored outputs must not vary.
        client = NotebookClient(notebook, kernel_name="python3", timeout=1200, record_timing=False,
                                coalesce_streams=True, resources={"metadata": {"path": str(path.parent)}})
        client.execute(stderr=kernel_log)
    except CellExecutionError:
        return notebook, _failed_cell(notebook)
    except DeadKernelError as err:
        kernel_log.seek(0)
        return notebook, f"the kernel died ({err}); its last words:\n{kernel_log.read()[-2000:]}"
    except (KeyError, OSError, RuntimeError) as err:  # e.g. no "python3" kernel installed, or it would not start
        return notebook, (f"the python3 kernel could not be started ({type(err).__name__}: {err}); "
                          "install ipykernel in this environment (pip install -e '.[test]')")
    finally:
        kernel_log.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return notebook, None


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Execute every notebook in order, write their outputs back, and export all exhibits.

    Exhibits are built in a temporary folder and swapped into figures/ only when every notebook
    ran; if one fails, it is named with its cell and error, and the previous notebooks and
    exhibits stay as they were.
    """
    import nbformat

    from .exhibits import write_manifest

    if _report(provenance.check_data_package(args.data_dir), "data"):
        print("The data do not match data/datapackage.json; nothing was run.")
        return 1
    root = args.root
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print(f"No notebooks in {root / 'notebooks'}; run from a checkout of the repository, or pass --root.")
        return 1
    figures = root / "figures"
    build = Path(tempfile.mkdtemp(prefix=".figures-build-", dir=root))
    umask = os.umask(0)
    os.umask(umask)
    build.chmod(0o777 & ~umask)  # mkdtemp makes it private; figures/ is for everyone to read
    executed = []
    try:
        for number, path in enumerate(notebooks, start=1):
            print(f"[{number}/{len(notebooks)}] {path.name} ...", end=" ", flush=True)
            before = len(list(build.glob("IA-*.json")))
            started = time.monotonic()
            notebook, error = _execute(path, build)
            if error:
                print("FAILED")
                print(f"{path.name}: {error}")
                print("Nothing was changed: notebooks and figures/ are as they were.")
                return 1
            exhibits = len(list(build.glob("IA-*.json"))) - before
            print(f"ok ({time.monotonic() - started:.1f} s, {exhibits} exhibit(s))", flush=True)
            executed.append((path, notebook))
        write_manifest(build)
        from .claims import check, format_check

        readme = root / "README.md"
        if readme.is_file():
            if write_readme_claims(readme, format_check(check(data_dir=args.data_dir), "markdown")):
                print("README.md: 'What the data support' updated from the check.")
        changed = 0
        for path, notebook in executed:
            text = nbformat.writes(notebook) + "\n"
            if path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                changed += 1
        if figures.exists():
            old = figures.with_name(f".figures-old-{os.getpid()}")
            figures.rename(old)
            build.rename(figures)
            shutil.rmtree(old)
        else:
            build.rename(figures)
    finally:
        if build.exists():
            shutil.rmtree(build)
    files = len(list(figures.iterdir()))
    print(f"Done: {len(notebooks)} notebook(s) run, {changed} with changed outputs; "
          f"{files} file(s) in {figures}, listed in {provenance.MANIFEST}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Give every claim made at the hearing its verdict against the published data.

    Prints one verdict per claim in data/claims.csv (reproduced, consistent, inconsistent or
    unverifiable) with the value the published data give, the tolerance and the sources. Exits 1,
    naming the claim, when a verdict differs from the one claims.csv records as expected, so that
    a change in data or code that flips a verdict is noticed.
    """
    from .claims import check, format_check
    from .loaders import DataError

    try:
        results = check(data_dir=args.data_dir)
    except DataError as err:
        print(f"FAIL {err}", file=sys.stderr)
        return 1
    sys.stdout.write(format_check(results, args.format))
    changed = [r for r in results if not r.ok]
    for r in changed:
        print(f"FAIL {r.verdict.claim_id}: the verdict is now {r.verdict.verdict}, but data/claims.csv expects "
              f"{r.expected}; if the change is right, update expected_verdict there", file=sys.stderr)
    return 1 if changed else 0


README_START = "<!-- claims:start (written by inquiry-analysis reproduce) -->"
README_END = "<!-- claims:end -->"


def write_readme_claims(readme: Path, markdown: str) -> bool:
    """Replace the claims table between the README's markers; True if the file changed."""
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        raise ValueError(f"{readme} has no claims block; add the lines {README_START!r} and {README_END!r}")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    new = f"{head}{README_START}\n{markdown}{README_END}{tail}"
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inquiry-analysis",
        description="Reproduce the figures given to the IICSA internet hearing from cited public data.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, function in [("reproduce", cmd_reproduce), ("verify", cmd_verify), ("check", cmd_check)]:
        doc = inspect.cleandoc(function.__doc__)
        command = commands.add_parser(name, help=doc.splitlines()[0], description=doc,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)
        if name != "check":
            command.add_argument("--root", type=Path, default=None,
                                 help="project folder holding notebooks/ and figures/ (default: this checkout)")
        command.add_argument("--data-dir", type=Path, default=None,
                             help="data package folder (default: the bundled data/)")
        if name == "check":
            command.add_argument("--format", choices=["text", "markdown", "csv", "json"], default="text",
                                 help="how to print the verdicts (default: text)")
        command.set_defaults(run=function)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ._validation import DataError

    args = build_parser().parse_args(argv)
    args.root = (getattr(args, "root", None) or _default_root()).resolve()
    try:
        return args.run(args)
    except (DataError, FileNotFoundError) as err:  # one line, not a traceback, for a wrong path or bad data
        print(f"inquiry-analysis {args.command}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
