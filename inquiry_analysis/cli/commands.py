"""The ``inquiry-analysis`` command: reproduce the analyses, verify data and exhibits."""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["main"]

# Only the lightest modules are imported here, so that `--help` or a mistyped command answers in about twice a
# bare interpreter's start (benchmarks/cli_start.py; tests/cli/test_start.py keeps it so). A command imports what
# it needs when it runs, or on first use below; pathlib where a Path is made.
TYPE_CHECKING = False
if TYPE_CHECKING:  # a runtime use without an import of its own is refused by ruff (TC004)
    from pathlib import Path


class _OnFirstUse:
    """Stands for a module, and imports it when one of its names is first used (or set, as a test's monkeypatch does).

    For modules that only some commands use, each as slow to import as a good part of `--help` may take: the
    package's ``provenance`` (dataclasses, which imports inspect; hashlib; subprocess) and ``errors``, and
    ``tempfile`` (random), ``shutil`` (bz2, lzma, zlib) and ``contextlib``. importlib's LazyLoader would do it
    with a real module object, but importing importlib.util (and contextlib with it) costs as much again.
    """

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def _module(self):
        __import__(self._name)
        return sys.modules[self._name]

    def __getattr__(self, name: str):
        return getattr(self._module(), name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._module(), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._module(), name)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"


contextlib = _OnFirstUse("contextlib")
errors = _OnFirstUse("inquiry_analysis.errors")
provenance = _OnFirstUse("inquiry_analysis.provenance")
shutil = _OnFirstUse("shutil")
tempfile = _OnFirstUse("tempfile")


def _version() -> str:
    from inquiry_analysis import __version__

    return __version__


def _default_root() -> Path:
    from pathlib import Path

    checkout = Path(__file__).resolve().parents[2]
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
    is missing, or is present but unlisted. In a git checkout, figures/manifest.json must also be
    the committed one, so that exhibits replaced together with a rewritten manifest are caught.
    With --figures DIR, checks that folder (e.g. one made by `analyse`) instead of figures/.
    Exits 1 if anything differs.
    """
    failures = _report(provenance.check_data_package(args.data_dir), "data")
    if args.figures is not None:
        return 1 if failures + _report(provenance.check_manifest(args.figures), str(args.figures)) else 0
    if not (args.root / "figures" / provenance.MANIFEST).exists() and not (args.root / "notebooks").is_dir():
        # Not a checkout (an installed package, another folder): there is no figures/ of the project here.
        print(
            f"figures: {args.root} is not a checkout of the project, so it has no figures/ to verify; pass "
            "--figures DIR for a folder made by analyse or reproduce, or run verify in a checkout"
        )
        return 1 if failures else 0
    failures += _report(provenance.check_manifest(args.root / "figures"), "figures")
    committed = _committed_manifest_differences(args.root)
    if committed is None:
        print("figures: not in a git checkout, so the manifest was not compared with a committed one.")
    else:
        for line in committed:
            print(f"FAIL {line}")
        failures += len(committed)
        if not committed:
            print("figures: manifest.json is the one committed at HEAD.")
    return 1 if failures else 0


def _committed_manifest_differences(root: Path) -> list[str] | None:
    """How figures/manifest.json differs from the one committed at HEAD; None outside a git checkout."""
    import json
    import subprocess

    path = root / "figures" / provenance.MANIFEST
    try:
        done = subprocess.run(
            ["git", "show", f"HEAD:./figures/{provenance.MANIFEST}"], cwd=root, capture_output=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True)
        return None if inside.returncode != 0 else [f"{path}: no manifest is committed at HEAD to compare with"]
    if not path.is_file() or path.read_bytes() == done.stdout:
        return []  # a missing manifest is reported by the hash check
    try:
        now = {e["path"]: e["sha256"] for e in json.loads(path.read_text(encoding="utf-8")).get("files", [])}
        then = {e["path"]: e["sha256"] for e in json.loads(done.stdout).get("files", [])}
    except (ValueError, KeyError, TypeError):
        return [f"{path}: differs from the one committed at HEAD, and cannot be read as a manifest"]
    changed = sorted(name for name in now.keys() | then.keys() if now.get(name) != then.get(name))
    lines = [
        f"{root / 'figures' / name}: sha256 {now.get(name) or 'absent'} in the manifest, but the manifest "
        f"committed at HEAD records {then.get(name) or 'no such file'}"
        for name in changed
    ]
    return lines or [f"{path}: differs from the one committed at HEAD (outside the list of files)"]


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Execute the notebooks, write their outputs back, and export all exhibits, rerunning only what changed.

    figures/reproduce-record.json records what each notebook's outputs were made from: its code cells
    (not its prose) and the input files it names, and, for all, the library's source, the data
    package, requirements.lock, the commit the sidecars name and the installed versions of the
    packages that shape the exhibits and run the notebooks. A notebook, or a file it names, that
    changes while the run goes is not written back, and reruns next time. On an unchanged checkout
    reproduce checks figures/ against its manifest (sha256) and stops, changing no file; after a change it
    reruns only the notebooks whose inputs changed, keeps the others' exhibits (checked against the
    manifest), and rebuilds the evidence bundle if any exhibit changed. Everything reruns with
    --force, or when figures/ does not match its manifest or the record is missing.
    Notebooks run at the same time, one kernel per core (--jobs to change). Exhibits are built in
    a temporary folder and swapped into figures/ only when every notebook ran; if one fails, it is
    named with its cell and error, and the previous notebooks and exhibits stay as they were.
    Ctrl-C, SIGTERM or SIGHUP stops the run, shuts its kernels down, removes its temporary files, and
    likewise changes nothing (exit status 130, 143 or 129). One run at a time: a second reproduce of
    the same checkout is refused at once, naming the first (the lock file .figures.lock is beside
    figures/ while a run holds it). figures/ is replaced whole, so a file in it that its manifest does
    not list is refused before anything runs, never deleted; if a file appears in figures/ while the
    run goes, nothing is swapped in and that file is kept. A signal the run was started ignoring
    (SIGHUP under nohup) stays ignored.
    """
    if _report(provenance.check_data_package(args.data_dir), "data"):
        print("The data do not match data/datapackage.json; nothing was run.")
        return 1
    root = args.root
    hearing = sorted((root / "notebooks").glob("*.ipynb"))
    # The parameterised notebooks of `analyse` run on their example files, so their stored outputs stay
    # current; what they export is discarded, as figures/ holds the hearing's exhibits only.
    examples = sorted((root / "notebooks" / "analyse").glob("*.ipynb"))
    if not hearing:
        print(f"No notebooks in {root / 'notebooks'}; run from a checkout of the repository, or pass --root.")
        return 1
    from inquiry_analysis.cli.guard import FolderChanged, Locked, exit_code, output_lock, signal_name

    figures = root / "figures"
    try:
        with output_lock(figures):
            return _reproduce_locked(args, hearing, examples, figures)
    except FolderChanged as err:
        print(f"inquiry-analysis reproduce: {err}", file=sys.stderr)
        return 1
    except Locked as err:
        print(f"inquiry-analysis reproduce: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as interrupt:
        print(
            f"Interrupted ({signal_name(interrupt)}): the kernels were shut down; notebooks and figures/ are as "
            "they were.",
            file=sys.stderr,
        )
        return exit_code(interrupt)


def _not_reproduced(figures: Path) -> Path | None:
    """The first thing in figures/ that its manifest does not list (so reproduce did not make it), or None."""
    import json

    if not figures.is_dir():
        return None
    try:
        manifest = json.loads((figures / provenance.MANIFEST).read_text(encoding="utf-8"))
        listed = {entry["path"] for entry in manifest["files"]} | {provenance.MANIFEST}
    except (OSError, ValueError, TypeError, KeyError):
        listed = {provenance.MANIFEST}
    stray = sorted(path.name for path in figures.iterdir() if path.name not in listed)
    return figures / stray[0] if stray else None


def _reproduce_locked(args: argparse.Namespace, hearing: list, examples: list, figures: Path) -> int:
    """``reproduce`` holding the lock on figures/: rerun what changed in a temporary folder, swap it in if all ran."""
    from pathlib import Path

    from inquiry_analysis.cli import incremental
    from inquiry_analysis.cli.guard import snapshot
    from inquiry_analysis.cli.runner import readable_by_all, uninterrupted

    root, notebooks = args.root, hearing + examples
    stray = _not_reproduced(figures)
    if stray:
        print(
            f"{stray} is not listed in figures/{provenance.MANIFEST}, and reproduce replaces figures/ whole; "
            "move it out of figures/ first. Nothing was run."
        )
        return 1
    before = snapshot(figures)  # taken before the plan reads figures/, so that any change after it is caught
    plan = incremental.plan_reproduce(root, notebooks, figures=figures, data_dir=args.data_dir, force=args.force)
    for line in plan.lines(root):
        print(line)
    if incremental.up_to_date(plan, figures, bundle=args.bundle, readme=root / "README.md"):
        print(
            f"Checked {plan.checked} file(s) in {figures} against {provenance.MANIFEST} (sha256) and "
            f"{len(notebooks)} notebook(s) against {incremental.RECORD}: nothing needed rerunning, and no file was "
            "changed (--force reruns everything)."
        )
        return 0
    build = Path(tempfile.mkdtemp(prefix=".figures-build-", dir=root))
    readable_by_all(build)  # mkdtemp makes it private; figures/ is for everyone to read
    try:
        done = _rebuild(args, plan, examples, figures, build, before)
    finally:
        with uninterrupted():  # a second signal must not leave half a build behind
            if build.exists():
                shutil.rmtree(build)
    if done is None:
        return 1
    ran, changed = done
    files = len(list(figures.iterdir()))
    print(
        f"Done: {ran} notebook(s) run, {changed} notebook file(s) rewritten, {len(notebooks) - ran} not run; "
        f"{files} file(s) in {figures}, listed in {provenance.MANIFEST}."
    )
    return 0


def _run_planned(args: argparse.Namespace, plan, examples: list, build: Path, hearing_done) -> list | None:
    """Run the notebooks the plan reruns, the hearing's first; their runs, or None (said why) if one failed.

    ``hearing_done`` is called with the hearing's runs once they have all finished (at once if none runs),
    while the examples' notebooks may still run; what the examples export is discarded.
    """
    from inquiry_analysis.cli.runner import default_jobs, progress_printer, run_notebooks

    to_run = list(plan.rerun)
    hearing = [path for path in to_run if path not in examples]
    if not hearing:
        hearing_done([])
    if not to_run:
        return []
    jobs = min(args.jobs or default_jobs(), len(to_run))
    print(f"Running {len(to_run)} notebook(s), {jobs} at a time ...", flush=True)
    environment = {provenance.DATA_ENV: str(args.data_dir.resolve())} if args.data_dir else None
    progress, finished = progress_printer(len(to_run)), []

    def done(run) -> None:
        progress(run)
        if run.error:
            return
        if run.path in examples:  # figures/ holds the hearing's exhibits only
            shutil.rmtree(run.out)
            return
        finished.append(run)
        if len(finished) == len(hearing):
            hearing_done(finished)

    runs = run_notebooks(to_run, build, jobs=jobs, on_done=done, environment=environment, first=hearing)
    failed = [run for run in runs if run.error]
    if failed:
        print(f"{failed[0].path.name}: {failed[0].error}")
        print("Nothing was changed: notebooks and figures/ are as they were.")
        return None
    return runs


def _rebuild(args: argparse.Namespace, plan, examples: list, figures: Path, build: Path, before) -> tuple | None:
    """Rerun the plan's notebooks, keep the others' exhibits, bundle, record, manifest, and put it all in place.

    The bundle is made in a child process once the hearing's notebooks are done, while the examples' run.
    Returns (notebooks run, notebook files rewritten), or None if a notebook failed, two clash, or the bundle failed.
    """
    from inquiry_analysis.cli import incremental
    from inquiry_analysis.cli.bundling import BackgroundBundle, BundleFailed, BundleHere
    from inquiry_analysis.cli.runner import merge_exports

    kept = incremental.kept_runs(plan, args.root, figures, build)
    # A child process checks the claims while the notebooks run, and makes the bundle while the examples' do.
    overlap = args.bundle and any(path not in examples for path in plan.rerun)
    background = (BackgroundBundle if overlap else BundleHere)(build, args.data_dir)
    state = {"exported": {}, "key": None}

    def hearing_done(runs: list) -> None:
        for run in runs:
            state["exported"][run.path] = sorted(p.name for p in run.out.iterdir() if p.name != provenance.MANIFEST)
        state["clash"] = merge_exports(sorted([*runs, *kept], key=lambda run: run.path), build)
        if not state["clash"]:
            state["key"], make = _bundle_needed(args, plan, figures, build)
            background.start(bundle=make)

    try:
        runs = _run_planned(args, plan, examples, build, hearing_done)
        if runs is None:
            return None
        if state.get("clash"):
            print(f"{state['clash']}\nNothing was changed: notebooks and figures/ are as they were.")
            return None
        try:
            claims_table = background.finish()
        except BundleFailed as err:
            print(f"{err}\nNothing was changed: notebooks and figures/ are as they were.")
            return None
    finally:
        background.stop()
    moved = _record(
        args, plan, [*runs, *kept], state["exported"], build, bundle=state["key"], claims_table=claims_table
    )
    written = [run for run in [*runs, *kept] if run.path not in moved]
    changed = _put_in_place(written, claims_table, plan=plan, root=args.root, build=build, before=before)
    return len(runs), changed


def _record(args, plan, runs: list, exported: dict, build: Path, *, bundle: str | None, claims_table: str) -> set:
    """Write the record of what each notebook's outputs were made from, then the manifest, into the build.

    A notebook that changed since the plan read it, or whose named files did, is recorded as stale (the next
    run reruns it) and is not written back; returns those notebooks.
    """
    import nbformat

    from inquiry_analysis.cli import incremental
    from inquiry_analysis.exhibits.manifest import write_manifest

    entries, moved = {}, set()
    for run in runs:
        name = run.path.relative_to(args.root).as_posix()
        if run.notebook is None:  # kept as it was
            entries[name] = plan.record["notebooks"][name]
            continue
        old = plan.record.get("notebooks", {}).get(name, {}).get("exhibits", [])
        exhibits = exported.get(run.path, old)
        why = incremental.changed_since_plan(plan, run.path, args.root)
        if why:
            print(f"{name}: {why} while the run went; not written back, and the next run reruns it.")
            entries[name], moved = incremental.stale_entry(exhibits, why), moved | {run.path}
            continue
        text = nbformat.writes(run.notebook) + "\n"
        inputs = plan.inputs.get(run.path)
        entries[name] = incremental.notebook_entry(text, run.path, args.root, exhibits=exhibits, inputs=inputs)
    incremental.write_record(
        build,
        environment=plan.environment,
        notebooks=dict(sorted(entries.items())),
        bundle=bundle,
        claims=incremental.claims_sha256(claims_table) if (args.root / "README.md").is_file() else None,
    )
    write_manifest(build, data_dir=args.data_dir)
    return moved


def _bundle_needed(args: argparse.Namespace, plan, figures: Path, build: Path) -> tuple[str | None, bool]:
    """The evidence bundle's key for the record (None for no bundle), and whether it must be made anew.

    A bundle made from the same exhibits and environment is copied from figures/ into the build instead.
    """
    from inquiry_analysis.cli import incremental

    # Only files: the examples' notebooks may still be exporting into folders of their own in the build.
    files = {
        p.name: provenance.sha256_file(p)
        for p in build.iterdir()
        if p.is_file() and p.name not in incremental.NOT_EXHIBITS
    }
    key = incremental.expected_bundle_key(plan.environment, files, bundle=args.bundle)
    if key is None:
        return None, False
    if key == plan.record.get("bundle") and all((figures / name).is_file() for name in (BUNDLE, BUNDLE_HTML)):
        for name in (BUNDLE, BUNDLE_HTML):  # figures/ was checked against its manifest by the plan
            shutil.copyfile(figures / name, build / name)
        return key, False
    return key, True


def _put_in_place(runs: list, claims_table: str, *, plan, root: Path, build: Path, before) -> int:
    """Write the README's claims and the executed notebooks, and swap ``build`` in as figures/, all uninterrupted.

    figures/ is checked first against ``before`` (as the run found it): if anything appeared or changed
    in it, nothing is written (:class:`~inquiry_analysis.cli.guard.FolderChanged`). A notebook whose file
    is no longer the one the plan read is not overwritten (its record no longer matches it, so it reruns).

    Returns how many notebooks' stored outputs changed.
    """
    import nbformat

    from inquiry_analysis.cli.guard import check_unchanged, swap_into_place
    from inquiry_analysis.cli.runner import uninterrupted

    texts = [(run.path, nbformat.writes(run.notebook) + "\n") for run in runs if run.notebook is not None]
    with uninterrupted():
        check_unchanged(before)  # before the README and notebooks, so a refusal changes nothing at all
        readme = root / "README.md"
        if readme.is_file() and write_readme_claims(readme, claims_table):
            print("README.md: 'What the data support' updated from the check.")
        changed = 0
        for path, text in texts:
            if provenance.sha256_file(path) != plan.files.get(path):  # edited since the plan read it: keep the edit
                print(f"{path.relative_to(root).as_posix()}: changed while the run went; not written back.")
                continue
            if path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8", newline="\n")
                changed += 1
        swap_into_place(build, before)
    return changed


#: The evidence bundle reproduce writes into figures/, and its HTML twin.
BUNDLE = "evidence-bundle.pdf"
BUNDLE_HTML = "evidence-bundle.html"


def cmd_bundle(args: argparse.Namespace) -> int:
    """Write one evidence bundle of every exhibit in a folder: a PDF, and an HTML file if you name one.

    The PDF has a cover, an index (each exhibit's title, page and the sha256 of every exported
    file), each exhibit on its own page with its source line, notes and alt text, and, where the
    folder's exhibits were drawn from a claims table, the claims checked, then an annex of the
    documents the exhibits and claims cite, with page numbers. The bundle describes its folder: its
    title names the folder (--title to give your own), and "How to verify" says how to check that
    folder. With --html FILE.html, an HTML file holds the same with each chart as inline SVG (real
    text and alt text); it reads in a browser and prints. Both are byte-reproducible. Only the files
    you name are written: no HTML is put beside the PDF unless --html names it. The folder's files
    are checked against its manifest first. reproduce writes figures/evidence-bundle.pdf and .html
    itself.
    """
    from inquiry_analysis.cli.analyse import refuse_inside_repository
    from inquiry_analysis.exhibits.bundle import write_bundle
    from inquiry_analysis.io.loaders import load_sources

    figures = args.figures or args.root / "figures"
    try:
        # Only reproduce writes into the repository (figures/evidence-bundle.*); a bundle of yours goes elsewhere.
        for path in (args.out, args.html):
            if path is not None:
                refuse_inside_repository(path.parent, args.root)
        if args.html is not None and args.html.resolve() == args.out.resolve():
            raise ValueError(f"--html and --out both name {args.out}; give the HTML a name of its own")
        try:
            manifest = provenance.read_manifest(figures)
        except (OSError, ValueError):
            manifest = {}  # write_bundle names what is wrong with the folder
        claims, title = _claims_to_bundle(manifest, figures, args.data_dir)
        pdf, html = write_bundle(
            figures,
            args.out,
            html_path=args.html,
            claims=claims,
            sources=load_sources(data_dir=args.data_dir),
            title=args.title or title,
            folder_name=figures.name,
        )
    except ValueError as err:
        print(f"inquiry-analysis bundle: {err}", file=sys.stderr)
        return 1
    print(f"Wrote {pdf} and {html}." if html else f"Wrote {pdf}.")
    return 0


def _claims_to_bundle(manifest: dict, figures: Path, data_dir: Path | None, *, results: list | None = None):
    """The claims table to bundle with a folder and the title to go with it; (None, None) if no exhibit cites claims.

    The claims are checked only where the folder's exhibits were drawn from a claims table (``manifest``
    records it), and only if it is the one they were drawn from (same sha256): a bundle never shows claims
    its exhibits did not use. ``results``: the check, where the caller has made it already.
    """
    from inquiry_analysis.claims import check, check_table
    from inquiry_analysis.exhibits.bundle import DEFAULT_TITLE
    from inquiry_analysis.exhibits.bundle.folder import claims_input

    record = claims_input(manifest)
    if record is None:
        return None, None
    package = provenance.DataPackage.open(data_dir)
    try:
        now = package.input_record("claims")
    except KeyError as err:
        raise ValueError(f"the exhibits in {figures} were drawn from a claims table, but {err.args[0]}") from None
    if now["sha256"] != record.get("sha256"):
        raise ValueError(
            f"the exhibits in {figures} were drawn from claims with sha256 {record.get('sha256')}, but "
            f"{package.folder / package.resource('claims')['path']} now has sha256 {now['sha256']}; re-export the "
            "exhibits, or pass --data-dir for the data package they were drawn from"
        )
    bundled = package.folder.resolve() == provenance.bundled_data_dir().resolve()
    title = DEFAULT_TITLE if bundled else f"Evidence bundle: {package.descriptor.get('title') or package.folder.name}"
    return check_table(results if results is not None else check(data_dir=data_dir)), title


def _with_notebooks_present(results: list, notebooks: Path) -> list:
    """The results, each citing its notebook only where that notebook is there to open (not in an installed wheel)."""
    import dataclasses

    def present(verdict):
        missing = verdict.notebook and not (notebooks / verdict.notebook).is_file()
        return dataclasses.replace(verdict, notebook="") if missing else verdict

    return [dataclasses.replace(r, readings=tuple(present(v) for v in r.readings)) for r in results]


def cmd_check(args: argparse.Namespace) -> int:
    """Give every claim of a claims file its verdict against a data package's figures.

    By default the claims and figures bundled with the package: the IICSA hearing of January 2018
    and later official statements. --claims FILE checks a claims file of your own (the columns of
    data/claims.csv, one row per reading of a claim) and --data DIR another data package. Prints
    each claim's verdict (reproduced, consistent, consistent as a bound, inconsistent or
    unverifiable) with what the data give, the reading of the figure's wording, which reading
    decides, and the sources; --format claimreview writes schema.org ClaimReview JSON-LD. Exits 1,
    naming the claim and reading, when a verdict differs from the expected_verdict the claims file
    records, so that a change in data or code that flips a verdict is noticed.
    """
    from inquiry_analysis.claims import check, format_check
    from inquiry_analysis.errors import DataError

    try:
        results = _with_notebooks_present(check(args.claims, data_dir=args.data_dir), _default_root() / "notebooks")
    except DataError as err:
        print(f"FAIL {err}", file=sys.stderr)
        return 1
    sys.stdout.write(format_check(results, args.format, data_dir=args.data_dir, url_base=args.url_base))
    where = args.claims.name if args.claims else "data/claims.csv"
    changed = [(r, v, expected) for r in results for v, expected in r.differs]
    for _, v, expected in changed:
        print(
            f"FAIL {v.claim_id} (reading {v.reading_id}): the verdict is now {v.verdict}, but {where} expects "
            f"{expected}; if the change is right, update expected_verdict there",
            file=sys.stderr,
        )
    return 1 if changed else 0


def cmd_extract(args: argparse.Namespace) -> int:
    """Find the quantity statements in a text, HTML or PDF file and write them as draft claim rows.

    Reads FILE (a press release, report or hearing transcript; plain text, HTML or PDF, told apart by
    its bytes or, with --input-format, as you say) and writes one row per figure it states: the
    sentence, the value, its reading (exact, about, above or below, from words such as "about", "more
    than", "nearly"), the qualifier, unit, rate period, the period the figure covers, what it counts,
    and where it is (a paragraph, or the page and lines of a numbered transcript). Dates, years, times,
    ages and paragraph, page, line, file and exhibit numbers are not figures. The rows are drafts, for
    a person to check and complete; CSV (default) or JSON, to standard output or to --out FILE, which
    must not exist unless --replace is given.
    """
    from inquiry_analysis.claims.extract import extract_claims, format_claims
    from inquiry_analysis.errors import DataError

    try:
        if args.out is not None and args.out.exists() and not args.replace:
            raise ValueError(
                f"{errors.excerpt(args.out, None)} exists; pass --replace to overwrite it, or name a new file"
            )
        if args.out is not None and args.out.exists() and not args.out.is_file():
            raise ValueError(f"{errors.excerpt(args.out, None)} is not a regular file, so it is not replaced")
        claims = extract_claims(args.file, format=args.input_format)
        text = format_claims(claims, source=args.file.name, format=args.format)
        if args.out is None:
            sys.stdout.write(text)
            return 0
        _write_file(args.out, text, replace=args.replace)
    except (DataError, ValueError, OSError) as err:
        print(f"inquiry-analysis extract: {err}", file=sys.stderr)
        return 1
    print(f"Wrote {len(claims)} draft claim(s) to {errors.excerpt(args.out, None)}.", file=sys.stderr)
    return 0


def _write_file(path: Path, text: str, *, replace: bool) -> None:
    """Write ``text`` to ``path`` whole: a new file (refused if one appears meanwhile), or a replacement in one step."""
    import os

    if not replace:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _extract_arguments(command: argparse.ArgumentParser) -> None:
    """The options of ``extract``."""
    command.add_argument("file", type=_path, metavar="FILE", help="the text, HTML or PDF file to read")
    command.add_argument(
        "--format", choices=["csv", "json"], default="csv", help="how to write the draft claims (default: csv)"
    )
    command.add_argument(
        "--input-format",
        choices=["text", "html", "pdf"],
        default=None,
        help="what FILE holds (default: told from its bytes, else its name's ending)",
    )
    command.add_argument("--out", type=_path, default=None, metavar="OUT", help="write here instead of standard output")
    command.add_argument("--replace", action="store_true", help="overwrite OUT if it exists")


def cmd_analyse(args: argparse.Namespace) -> int:
    """Run the analyses on your own files and export every exhibit into a folder of yours.

    Give any of --referrals (a monthly referral series), --arrests (a monthly arrest series, with
    --referrals) and --cases (a case file: one row per assessed suspect, risk_level and outcome),
    as CSV or XLSX, and --referral-log (one row per referral, Parquet or CSV: the monthly series
    goes to DIR/referrals_by_month.csv, and cohort conversion to exhibits). Each file is read and
    checked first; every problem is reported and nothing is run. The parameterised notebooks then
    run on the files, and --out DIR receives the executed notebooks, every exhibit in every format
    (SVG, PDF, PNG, CSV, XLSX, JSON sidecar citing your files by sha256) and manifest.json. Counts
    from a case file or a log below --min-cell are shown as [c].
    DIR must be new or empty (or an earlier output of analyse, with --replace, none of its files
    changed since), and outside the repository unless git-ignored; on any failure it is left as it
    was. The run holds DIR alone: a second run into the same DIR is refused at once, naming the first
    (the lock file .DIR.lock sits beside DIR while a run holds it); if anything appears in DIR while
    the run goes, or someone else creates it, the results are not put in place and nothing there is
    touched. Ctrl-C, SIGTERM or
    SIGHUP stops the run cleanly: kernels shut down, temporary files removed, DIR as it was (exit
    status 130, 143 or 129); a run started with nohup goes on when its terminal closes.
    """
    from inquiry_analysis.cli import analyse as _analyse
    from inquiry_analysis.cli.guard import exit_code, signal_name

    try:
        _analyse.check_out_dir(args.out, replace=args.replace, checkout=provenance.checkout())
    except ValueError as err:
        print(f"inquiry-analysis analyse: {err}", file=sys.stderr)
        print(f"Nothing was run, and {args.out} was not touched.", file=sys.stderr)
        return 1
    given, args.out = args.out, args.out.resolve()
    made = [p for p in reversed(args.out.parents) if not p.exists()]  # removed again unless the run succeeds
    args.out.parent.mkdir(parents=True, exist_ok=True)
    code = 1
    try:
        code = _analyse_locked(args, given)
    except KeyboardInterrupt as interrupt:
        print(
            f"Interrupted ({signal_name(interrupt)}): the kernels were shut down; {args.out} is as it was.",
            file=sys.stderr,
        )
        code = exit_code(interrupt)
    finally:
        if code != 0:
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
    return code


def _analyse_locked(args: argparse.Namespace, given: Path) -> int:
    """``analyse`` once the output folder passed its first check: the rest of the run, holding its lock."""
    from inquiry_analysis.cli import analyse as _analyse
    from inquiry_analysis.cli.guard import FolderChanged, Locked, held_signals, output_lock, snapshot
    from inquiry_analysis.cli.runner import default_jobs, progress_printer

    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(output_lock(args.out))
            # Checked again under the lock: a run that held it a moment ago may have filled the folder.
            _analyse.check_out_dir(args.out, replace=args.replace, checkout=provenance.checkout())
            before = snapshot(args.out)
            if args.referral_log is not None:
                with held_signals():  # a stop while DuckDB's extension loads would crash it, not stop the run
                    import duckdb  # noqa: F401
            analysis = _analyse.plan(
                referrals=args.referrals,
                arrests=args.arrests,
                cases=args.cases,
                referral_log=args.referral_log,
                extract_date=args.extract_date,
                timezone=args.timezone,
                sheet=args.sheet,
                thousands=args.thousands,
                strip_footnotes=args.strip_footnotes,
                allow_future_months=args.allow_future_months,
                earliest_month=args.earliest_month,
                levels=args.levels,
                positive_from=args.positive_from,
                limits=dict(args.limit) if args.limit else None,
                min_cell=args.min_cell,
                lag_months=args.lag,
            )
        except Locked as err:
            print(f"inquiry-analysis analyse: {err}", file=sys.stderr)
            return 1
        except ValueError as err:  # DataError is a ValueError: one report per file, every problem in it
            print(f"inquiry-analysis analyse: {err}", file=sys.stderr)
            print(f"Nothing was run, and {given} was not touched.", file=sys.stderr)
            return 1
        for role, record in analysis.inputs.items():
            # A name is the user's text: escaped, so a line break or a terminal's control sequence stays visible.
            sheet = f", sheet '{errors.excerpt(record.sheet, limit=None)}'" if record.sheet else ""
            named = errors.excerpt(record.name, limit=None)
            print(f"{role}: {named}{sheet}, {record.bytes:,} bytes, sha256 {record.sha256}")
        total = len(analysis.notebooks)
        jobs = min(args.jobs or default_jobs(), total)
        print(f"Running {total} notebook(s), {jobs} at a time ...", flush=True)
        try:
            runs = _analyse.run(analysis, args.out, jobs=jobs, on_done=progress_printer(total), before=before)
        except FolderChanged as err:
            print(f"inquiry-analysis analyse: {err}", file=sys.stderr)
            return 1
    failed = [run for run in runs if run.error]
    if failed:
        print(f"{failed[0].path.name}: {failed[0].error}")
        print(f"Nothing was written: {args.out} is as it was.")
        return 1
    exhibits = sorted(p.stem for p in args.out.glob("??-*.json"))
    from inquiry_analysis.exhibits.monthly_series import MONTHLY_SERIES

    series = f", {MONTHLY_SERIES} (the log's monthly series)" if (args.out / MONTHLY_SERIES).exists() else ""
    print(
        f"Done: {len(exhibits)} exhibit(s) ({', '.join(exhibits)}){series} and {total} executed notebook(s) in "
        f"{args.out}, listed in {provenance.MANIFEST}; check them later with: inquiry-analysis verify --figures "
        f"{args.out}"
    )
    return 0


README_START = "<!-- claims:start (written by inquiry-analysis reproduce) -->"
README_END = "<!-- claims:end -->"


def write_readme_claims(readme: Path, markdown: str) -> bool:
    """Replace the claims table between the README's markers; True if the file changed.

    Parameters
    ----------
    readme : Path
        The README, holding the lines :data:`README_START` and :data:`README_END`.
    markdown : str
        The claims table, as Markdown.

    Returns
    -------
    bool
        Whether the file changed (it is written only then).

    Raises
    ------
    ValueError
        If the README lacks either marker.
    """
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        raise ValueError(f"{readme} has no claims block; add the lines {README_START!r} and {README_END!r}")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    new = f"{head}{README_START}\n{markdown}{README_END}{tail}"
    if new != text:
        readme.write_text(new, encoding="utf-8", newline="\n")
    return new != text


def _path(text: str) -> Path:
    """``type=`` of a path option: pathlib is imported only when a command is given one."""
    from pathlib import Path

    return Path(text)


def _cleandoc(doc: str) -> str:
    """What ``inspect.cleandoc`` makes of a docstring, without importing inspect (slower than all of ``--help``).

    The first line's leading blanks and the common indent of the others are removed, and the blank lines
    around it all. Tests compare it with ``inspect.cleandoc`` on every command's docstring.
    """
    first, *rest = doc.expandtabs().split("\n")
    margin = min((len(line) - len(line.lstrip()) for line in rest if line.lstrip()), default=0)
    return "\n".join([first.lstrip(), *(line[margin:] for line in rest)]).strip("\n")


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size().columns`` finds it: $COLUMNS, else the terminal's, else 80.

    Found here so that argparse need not import shutil, which with bz2, lzma and zlib takes as long as argparse.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):  # no stdout, closed, or not a terminal
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help, as wide as the terminal (:func:`_columns`), without importing shutil to find out how wide."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _RawDescriptionFormatter(_Formatter, argparse.RawDescriptionHelpFormatter):
    """:class:`_Formatter` keeping a command's description (its docstring) as written."""


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number, at least 1, got {text!r}")
    return int(text)


def _non_negative_int(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, at least 0, got {text!r}")
    return int(text)


def _limit(text: str) -> tuple[str, int]:
    name, _, value = text.partition("=")
    if not name or not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected NAME=N, such as max_rows=10000000, got {text!r}")
    return name.strip(), int(value)


def _levels(text: str) -> tuple[str, ...]:
    levels = tuple(part.strip() for part in text.split(","))
    if len(levels) < 2 or not all(levels) or len(set(levels)) != len(levels):
        raise argparse.ArgumentTypeError(
            f"expected two or more different levels, lowest first, separated by commas, got {text!r}"
        )
    return levels


def _analyse_arguments(command: argparse.ArgumentParser) -> None:
    """Add the options of ``analyse``, in the order its help lists them."""
    _file_arguments(command)
    _reading_arguments(command)
    _run_arguments(command)


def _file_arguments(command: argparse.ArgumentParser) -> None:
    """The user's files, and the folder for the results."""
    files = command.add_argument_group("your files (CSV or XLSX, a log also Parquet; any of them)")
    files.add_argument(
        "--referrals", type=_path, metavar="FILE", help="monthly referral series: columns month, referrals"
    )
    files.add_argument("--arrests", type=_path, metavar="FILE", help="monthly arrest series: columns month, arrests")
    files.add_argument(
        "--cases",
        type=_path,
        metavar="FILE",
        help="case file, one row per assessed suspect: columns risk_level, outcome",
    )
    files.add_argument(
        "--referral-log",
        type=_path,
        metavar="FILE",
        help="record-level referral log (Parquet or CSV), one row per referral: columns referral_id, "
        "received, and optionally source, disseminated, arrested, force",
    )
    command.add_argument(
        "--out", type=_path, required=True, metavar="DIR", help="folder for the results (new or empty)"
    )


def _reading_arguments(command: argparse.ArgumentParser) -> None:
    """How to read the files."""
    reading = command.add_argument_group("how to read the files")
    reading.add_argument("--sheet", default=None, help="XLSX sheet to read (default: the active sheet)")
    reading.add_argument(
        "--thousands",
        choices=[","],
        default=None,
        help="accept counts written with this thousands separator (e.g. 3,500)",
    )
    reading.add_argument(
        "--strip-footnotes", action="store_true", help="drop footnote markers such as [a] or * after a count"
    )
    reading.add_argument(
        "--allow-future-months",
        action="store_true",
        help="accept months (and, in a referral log, dates) after the current one (e.g. forecasts); refused by default",
    )
    reading.add_argument(
        "--earliest-month",
        default="1990-01",
        metavar="YYYY-MM",
        help="refuse months before this one (default: 1990-01)",
    )
    reading.add_argument(
        "--limit",
        type=_limit,
        action="append",
        default=[],
        metavar="NAME=N",
        help="raise one of the readers' limits, e.g. --limit max_rows=10000000 (the message that "
        "refuses a file names the one to raise)",
    )
    reading.add_argument(
        "--extract-date",
        default=None,
        metavar="YYYY-MM-DD",
        help="when the referral log was taken; outcomes after it are unknown (default: the latest date in the log)",
    )
    reading.add_argument(
        "--timezone",
        default="Europe/London",
        metavar="ZONE",
        help="the time zone whose days and months a referral log is counted in; a time with an offset is "
        "converted to it (default: Europe/London)",
    )
    reading.add_argument(
        "--levels",
        type=_levels,
        default=None,
        metavar="LOW,...,HIGH",
        help="the case file's risk levels, lowest first (default: Low,Medium,High,Very High)",
    )
    reading.add_argument(
        "--positive-from",
        default=None,
        metavar="LEVEL",
        help="the cut for predictive values and net benefit: this level or above counts as rated "
        "positive (default: the middle level, High for KIRAT's)",
    )


def _run_arguments(command: argparse.ArgumentParser) -> None:
    """Disclosure control, the lag assumed, replacing an earlier output, and the kernels at once."""
    command.add_argument(
        "--min-cell",
        type=_positive_int,
        default=5,
        metavar="N",
        help="counts below N from a case file or a referral log are shown as [c] (default: 5)",
    )
    command.add_argument(
        "--lag",
        type=_non_negative_int,
        default=0,
        metavar="MONTHS",
        help="months assumed between a referral and the arrest it leads to (default: 0)",
    )
    command.add_argument("--replace", action="store_true", help="replace an earlier output of analyse in DIR")
    command.add_argument(
        "--jobs", type=_positive_int, default=None, help="notebooks to run at once (default: one per core)"
    )


def _check_arguments(command: argparse.ArgumentParser) -> None:
    """The options of ``check``: the claims file, the output format and the ClaimReview address."""
    command.add_argument(
        "--claims",
        type=_path,
        default=None,
        metavar="FILE",
        help="a claims file (CSV or XLSX, the columns of data/claims.csv); default: the data package's own",
    )
    command.add_argument(
        "--format",
        choices=["text", "markdown", "csv", "json", "claimreview"],
        default="text",
        help="how to print the verdicts (default: text); claimreview: schema.org ClaimReview JSON-LD, "
        "one per claim, for fact-checkers",
    )
    command.add_argument(
        "--url-base",
        default="",
        metavar="URL",
        help="claimreview only: the page that will publish the reviews; each review's url is URL#claim_id "
        "(default: #claim_id, the page's own address)",
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``inquiry-analysis`` command's parser: each command's help is its function's docstring.

    Parameters
    ----------
    only : str, optional
        Add the options of this command alone (every command is listed all the same), as :func:`main` does
        with the command it was given, so that `--help` and a mistyped command answer sooner; default: every
        command's options.

    Returns
    -------
    argparse.ArgumentParser
        With the commands ``reproduce``, ``analyse``, ``verify``, ``bundle``, ``check`` and ``extract``, each
        setting ``run`` to the function that carries it out.
    """
    parser = argparse.ArgumentParser(
        prog="inquiry-analysis",
        description="Reproduce the figures given to the IICSA internet hearing from cited public data.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, function in [
        ("reproduce", cmd_reproduce),
        ("analyse", cmd_analyse),
        ("verify", cmd_verify),
        ("bundle", cmd_bundle),
        ("check", cmd_check),
        ("extract", cmd_extract),
    ]:
        doc = _cleandoc(function.__doc__)
        if only is not None and name != only:
            # Listed, with its help's first line, but never parsed with: no options, not even its own --help.
            commands.add_parser(name, help=doc.splitlines()[0], add_help=False).set_defaults(run=function)
            continue
        command = commands.add_parser(
            name, help=doc.splitlines()[0], description=doc, formatter_class=_RawDescriptionFormatter
        )
        if name in ("analyse", "extract"):
            (_analyse_arguments if name == "analyse" else _extract_arguments)(command)
            command.set_defaults(run=function)
            continue
        if name != "check":
            command.add_argument(
                "--root",
                type=_path,
                default=None,
                help="project folder holding notebooks/ and figures/ (default: this checkout)",
            )
        command.add_argument(
            "--data-dir",
            *(["--data"] if name == "check" else []),
            type=_path,
            default=None,
            help="data package folder (default: the bundled data/)",
        )
        if name in ("verify", "bundle"):
            command.add_argument(
                "--figures",
                type=_path,
                default=None,
                metavar="DIR",
                help="the folder of exhibits (e.g. one made by analyse) instead of figures/",
            )
        if name == "bundle":
            command.add_argument("--out", type=_path, required=True, metavar="FILE.pdf", help="the PDF to write")
            command.add_argument(
                "--title", default=None, help="the bundle's title (default: one naming the folder, or the hearing's)"
            )
            command.add_argument(
                "--html",
                type=_path,
                default=None,
                metavar="FILE.html",
                help="also write the HTML version here (default: none; nothing is written that you do not name)",
            )
        if name == "reproduce":
            command.add_argument(
                "--jobs", type=_positive_int, default=None, help="notebooks to run at once (default: one per core)"
            )
            command.add_argument(
                "--force",
                action="store_true",
                help="rerun every notebook and rebuild every exhibit, whatever the record says has changed",
            )
            command.add_argument(
                "--no-bundle",
                dest="bundle",
                action="store_false",
                help="leave out the evidence bundle, for a quicker run while working; figures/ then "
                "has none, so run without this before committing",
            )
        if name == "check":
            _check_arguments(command)
        command.set_defaults(run=function)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``inquiry-analysis`` command.

    Bad data, a wrong path or a missing permission are reported as one line on stderr, not a traceback.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: the command line's).

    Returns
    -------
    int
        The exit status: 0 if the command succeeded, 1 if it failed, 130 if interrupted by Ctrl-C
        (143 by SIGTERM, 129 by SIGHUP).
    """
    argv = sys.argv[1:] if argv is None else argv
    # The command is the first argument not an option, as the top level's options take no value.
    given = next((argument for argument in argv if not argument.startswith("-")), "")
    args = build_parser(only=given).parse_args(argv)
    args.root = (getattr(args, "root", None) or _default_root()).resolve()
    for name in ("data_dir", "figures"):  # --out is checked as given (a symbolic link is refused), then resolved
        if getattr(args, name, None) is not None:
            setattr(args, name, getattr(args, name).resolve())
    from inquiry_analysis.cli.guard import exit_code, signal_name, signals_as_interrupt, stop_exception, stopped_inside
    from inquiry_analysis.errors import DataError

    def stopped(interrupt: BaseException) -> int:  # a command with nothing of its own to say when stopped
        print(f"inquiry-analysis {args.command}: interrupted ({signal_name(interrupt)})", file=sys.stderr)
        return exit_code(interrupt)

    try:
        with signals_as_interrupt():  # SIGTERM and SIGHUP stop a command as Ctrl-C does, cleaning up on the way
            return args.run(args)
    except KeyboardInterrupt as interrupt:
        return stopped(interrupt)
    except Exception as err:
        # A stop that a library turned into an error of its own (DuckDB's "RuntimeError: Query interrupted").
        if stopped_inside(err) is not None:
            return stopped(stop_exception(stopped_inside(err)))
        if not isinstance(err, DataError | OSError):
            raise
        print(f"inquiry-analysis {args.command}: {err}", file=sys.stderr)  # bad data, a wrong path, no permission
        return 1


if __name__ == "__main__":
    sys.exit(main())
