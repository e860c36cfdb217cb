"""The ``inquiry-analysis`` command: reproduce the analyses, verify data and exhibits."""

from __future__ import annotations

import argparse
import contextlib
import inspect
import os
import shutil
import signal
import sys
import tempfile
import threading
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


@contextlib.contextmanager
def _uninterrupted():
    """Ignore Ctrl-C for the moment files are swapped in, so that a run stops before it, never half-way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Execute every notebook, write their outputs back, and export all exhibits.

    Notebooks run at the same time, one kernel per core (--jobs to change). Exhibits are built in
    a temporary folder and swapped into figures/ only when every notebook ran; if one fails, it is
    named with its cell and error, and the previous notebooks and exhibits stay as they were.
    Ctrl-C stops the run, shuts its kernels down, and likewise changes nothing.
    """
    import nbformat

    from ._runner import default_jobs, run_notebooks
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
    finished = []

    def progress(run) -> None:
        finished.append(run)
        status = "FAILED" if run.error else f"ok ({run.seconds:.1f} s, {len(list(run.figures.glob('IA-*.json')))} exhibit(s))"
        print(f"[{len(finished)}/{len(notebooks)}] {run.path.name} {status}", flush=True)

    try:
        jobs = min(args.jobs or default_jobs(), len(notebooks))
        print(f"Running {len(notebooks)} notebook(s), {jobs} at a time ...", flush=True)
        try:
            runs = run_notebooks(notebooks, build, jobs=jobs, on_done=progress)
        except KeyboardInterrupt:
            print("Interrupted: the kernels were shut down; notebooks and figures/ are as they were.")
            return 130
        failed = [run for run in runs if run.error]
        if failed:
            print(f"{failed[0].path.name}: {failed[0].error}")
            print("Nothing was changed: notebooks and figures/ are as they were.")
            return 1
        clash = _merge_exports(runs, build)
        if clash:
            print(f"{clash}\nNothing was changed: notebooks and figures/ are as they were.")
            return 1
        write_manifest(build)
        from .claims import check, format_check

        claims_table = format_check(check(data_dir=args.data_dir), "markdown")
        texts = [(run.path, nbformat.writes(run.notebook) + "\n") for run in runs]
        with _uninterrupted():
            readme = root / "README.md"
            if readme.is_file() and write_readme_claims(readme, claims_table):
                print("README.md: 'What the data support' updated from the check.")
            changed = 0
            for path, text in texts:
                if path.read_text(encoding="utf-8") != text:
                    path.write_text(text, encoding="utf-8", newline="\n")
                    changed += 1
            if figures.exists():
                old = figures.with_name(f".figures-old-{os.getpid()}")
                figures.rename(old)
                build.rename(figures)
                shutil.rmtree(old)
            else:
                build.rename(figures)
    except KeyboardInterrupt:
        print("Interrupted: notebooks and figures/ are as they were.")
        return 130
    finally:
        if build.exists():
            shutil.rmtree(build)
    files = len(list(figures.iterdir()))
    print(f"Done: {len(notebooks)} notebook(s) run, {changed} with changed outputs; "
          f"{files} file(s) in {figures}, listed in {provenance.MANIFEST}.")
    return 0


def _merge_exports(runs, build: Path) -> str | None:
    """Move each notebook's exports into ``build``; say so if two notebooks export the same file."""
    owner = {}
    for run in runs:
        for path in sorted(run.figures.iterdir()):
            if path.name == provenance.MANIFEST:
                continue
            if path.name in owner:
                return f"{owner[path.name]} and {run.path.name} both export {path.name}; give each exhibit its own id"
            owner[path.name] = run.path.name
            path.rename(build / path.name)
        shutil.rmtree(run.figures)
    return None


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
        readme.write_text(new, encoding="utf-8", newline="\n")
    return new != text


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number, at least 1, got {text!r}")
    return int(text)


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
        if name == "reproduce":
            command.add_argument("--jobs", type=_positive_int, default=None,
                                 help="notebooks to run at once (default: one per core)")
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
