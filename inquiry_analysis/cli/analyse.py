"""``inquiry-analysis analyse``: a user's own files through the parameterised notebooks into a folder of theirs.

Each file is read, checked and hashed once, before anything runs (every problem in every file
reported together); what the notebooks need of it is kept in memory (:func:`inquiry_analysis.io.checked.capture`).
The notebooks then run in parallel kernels, each given its inputs as parameters: the checked
tables, saved into a private folder of the build with their sha256, and the file's identity
(:func:`inquiry_analysis.io.checked.open_input` opens them; no notebook reads the user's file), and
the folder to export into. Only when every notebook ran is the build moved into place. A refusal
or failure leaves the output folder as it was, and nothing is ever written into the repository.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from inquiry_analysis import provenance
from inquiry_analysis.cli.guard import Snapshot

__all__ = ["AnalysisPlan", "MADE_BY", "analysis_notebooks", "check_out_dir", "plan", "refuse_inside_repository", "run"]

#: What ``manifest.json`` says made a folder of ``analyse``'s, so a later run may replace it.
MADE_BY = "inquiry-analysis analyse"


def analysis_notebooks() -> Path:
    """The folder of parameterised notebooks: inside an installed wheel, else the checkout's ``notebooks/analyse``.

    Returns
    -------
    Path
        The folder holding ``referrals.ipynb``, ``arrests.ipynb``, ``cases.ipynb`` and ``referral_log.ipynb``.
    """
    packaged = Path(__file__).resolve().parents[1] / "notebooks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "notebooks" / "analyse"


@dataclass(frozen=True, kw_only=True)
class AnalysisPlan:
    """Which notebooks run, with which parameters, for the files given.

    Attributes
    ----------
    notebooks : dict of Path to dict
        Each notebook to run and its parameters; a file's parameter is its
        :class:`~inquiry_analysis.io.checked.Checked` input, saved and replaced by its record when
        the run starts.
    inputs : dict of str to InputFile
        Each file given, by its role (``referrals``, ``arrests``, ``cases``, ``referral_log``), as read.
    checked : dict of str to Checked
        Each file's checked tables, by role, read once.
    """

    notebooks: dict = field(default_factory=dict)
    inputs: dict = field(default_factory=dict)
    checked: dict = field(default_factory=dict)


def plan(
    *,
    referrals=None,
    arrests=None,
    cases=None,
    referral_log=None,
    sheet=None,
    thousands=None,
    strip_footnotes=False,
    allow_future_months=False,
    earliest_month="1990-01",
    levels=None,
    positive_from=None,
    limits=None,
    min_cell=5,
    lag_months=0,
    extract_date=None,
    timezone="Europe/London",
    notebooks: Path | None = None,
) -> AnalysisPlan:
    """Read every file given, and say which notebooks to run with which parameters.

    Every file is read and checked before any problem is raised, so that one report names the
    problems of all of them.

    Parameters
    ----------
    referrals, arrests : path, optional
        A monthly referral series, and a monthly arrest series (which needs ``referrals``), CSV or XLSX.
    cases : path, optional
        A case file: one row per assessed suspect, ``risk_level`` and ``outcome``.
    referral_log : path, optional
        A record-level referral log, Parquet or CSV.
    sheet : str or int, optional
        For an XLSX file, the sheet to read (default: the active sheet).
    thousands : {None, ','}
        Accept counts written with this thousands separator.
    strip_footnotes : bool
        Drop footnote markers after a count.
    allow_future_months : bool
        Accept months (and, in a log, dates) after the current one.
    earliest_month : str
        Refuse months (and referrals received) before this one, ``YYYY-MM``.
    levels : sequence of str, optional
        The case file's risk levels, lowest first (default KIRAT's).
    positive_from : str, optional
        The lowest level rated positive, above the lowest level (default: the middle level).
    limits : dict, optional
        Raised limits on the work one file may take, for every reader (the log's size is ``max_log_bytes``).
    min_cell : int
        Counts below it, from a case file or a log, are shown as ``[c]``.
    lag_months : int
        Months assumed between a referral and the arrest it leads to, 0 or more.
    extract_date : str, optional
        The date the referral log was taken (which needs ``referral_log``).
    timezone : str
        The time zone whose days and months a referral log is counted in (default ``'Europe/London'``):
        times with an offset are converted to it (:func:`~inquiry_analysis.io.referral_log.read_referral_log`).
    notebooks : Path, optional
        The folder of the parameterised notebooks (default :func:`analysis_notebooks`).

    Returns
    -------
    AnalysisPlan
        The notebooks to run (one per kind of file given) with their parameters, and each file's
        identity and checked tables.

    Raises
    ------
    DataError
        If any file does not fit: every problem in every file, one line each.
    ValueError
        If no file is given, arrests without referrals, an extract date without a log, or an
        option that is not of the form described.
    """
    from inquiry_analysis.disclosure.suppression import check_min_cell
    from inquiry_analysis.errors import DataError
    from inquiry_analysis.io import readers
    from inquiry_analysis.io.checked import capture

    if referrals is None and arrests is None and cases is None and referral_log is None:
        raise ValueError("give at least one file: --referrals, --arrests, --cases or --referral-log")
    if arrests is not None and referrals is None:
        raise ValueError("--arrests needs --referrals too: arrests are set against the referrals they came from")
    if extract_date is not None and referral_log is None:
        raise ValueError("--extract-date is the date a referral log was taken; give the log with --referral-log")
    min_cell = check_min_cell(min_cell)
    if isinstance(lag_months, bool) or not isinstance(lag_months, int) or lag_months < 0:
        raise ValueError(f"the lag must be a whole number of months, at least 0, but {lag_months!r} was passed")
    folder = notebooks or analysis_notebooks()
    options = {"sheet": sheet, "thousands": thousands, "strip_footnotes": strip_footnotes, "limits": limits}
    months = {"allow_future_months": allow_future_months, "earliest_month": earliest_month}
    levels = tuple(levels or readers.KIRAT_LEVELS)
    positive_from = positive_from or levels[len(levels) // 2]
    if positive_from not in levels[1:]:
        raise ValueError(
            f"the cut must start at one of the levels above the lowest ({', '.join(levels[1:])}), "
            f"but {positive_from!r} was passed"
        )
    chosen, inputs, checked, problems = {}, {}, {}, []

    def read(role, kind, reader, path, **kwargs):
        # Every file is read before any stops the run, so one report names the problems of all of them.
        try:
            frame = reader(path, **kwargs)
        except DataError as err:
            problems.append(err)
            return
        inputs[role] = frame.attrs["input"]
        checked[role] = capture(frame, kind=kind)
        if role == "cases" and frame["outcome"].nunique() < 2:
            only = "with" if bool(frame["outcome"].iloc[0]) else "without"
            problems.append(
                DataError(
                    f"every person in the file is {only} the outcome; measuring a rating's accuracy "
                    "needs people with and without it",
                    path=path,
                    column="outcome",
                )
            )

    if referrals is not None:
        read("referrals", "monthly_referrals", readers.read_monthly_referrals, referrals, **options, **months)
    if arrests is not None:
        read("arrests", "monthly_arrests", readers.read_monthly_arrests, arrests, **options, **months)
    if cases is not None:
        read("cases", "case_file", readers.read_case_file, cases, sheet=sheet, levels=levels, limits=limits)
    log_options = {
        "extract_date": extract_date,
        "allow_future_dates": allow_future_months,
        "earliest_month": earliest_month,
        "limits": limits,
        "timezone": timezone,
    }
    if referral_log is not None:
        read_log(referral_log, log_options, inputs, checked, problems)
    if problems:
        raise problems[0] if len(problems) == 1 else DataError("\n".join(str(p) for p in problems))
    if referrals is not None:
        chosen[folder / "referrals.ipynb"] = {"referrals_file": checked["referrals"]}
    if arrests is not None:
        chosen[folder / "arrests.ipynb"] = {
            "referrals_file": checked["referrals"],
            "arrests_file": checked["arrests"],
            "lag_months": lag_months,
        }
    if cases is not None:
        chosen[folder / "cases.ipynb"] = {
            "cases_file": checked["cases"],
            "min_cell": min_cell,
            "levels": list(levels),
            "positive_from": positive_from,
        }
    if referral_log is not None:
        chosen[folder / "referral_log.ipynb"] = {"log_file": checked["referral_log"], "min_cell": min_cell}
    return AnalysisPlan(notebooks=chosen, inputs=inputs, checked=checked)


def read_log(path, options: dict, inputs: dict, checked: dict, problems: list) -> None:
    """Read and check a referral log as :func:`plan` reads the other files, keeping only its aggregate tables.

    Parameters
    ----------
    path : path
        The log, Parquet or CSV.
    options : dict
        :func:`~inquiry_analysis.io.referral_log.read_referral_log`'s options.
    inputs : dict
        Where the log's identity is put, as ``referral_log``.
    checked : dict
        Where its checked tables are put, as ``referral_log``.
    problems : list
        Where the log's :class:`~inquiry_analysis.DataError` is put if it does not fit.
    """
    from inquiry_analysis.errors import DataError
    from inquiry_analysis.io.checked import capture
    from inquiry_analysis.io.referral_log import read_referral_log

    try:
        with read_referral_log(path, **options) as log:
            inputs["referral_log"] = log.input
            checked["referral_log"] = capture(log, kind="referral_log")
    except DataError as err:
        problems.append(err)


def _parameters(analysis: AnalysisPlan, inputs_folder: Path) -> dict:
    """Each notebook's parameters, every checked input saved once into ``inputs_folder`` and given as its record."""
    from inquiry_analysis.io.checked import Checked

    records = {role: data.save(inputs_folder) for role, data in analysis.checked.items()}
    by_input = {id(data): records[role] for role, data in analysis.checked.items()}
    return {
        path: {name: by_input[id(value)] if isinstance(value, Checked) else value for name, value in parameters.items()}
        for path, parameters in analysis.notebooks.items()
    }


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _git_ignored(path: Path, root: Path) -> bool:
    try:
        done = subprocess.run(
            ["git", "check-ignore", "-q", "--no-index", str(path)], cwd=root, capture_output=True, timeout=20
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _made_by_us(folder: Path) -> bool:
    """Whether ``analyse`` made the folder and it holds nothing else, unchanged: only then may --replace remove it."""
    import json

    try:
        manifest = json.loads((folder / provenance.MANIFEST).read_text(encoding="utf-8"))
        files = {entry["path"]: entry["sha256"] for entry in manifest.get("files", [])}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False
    if manifest.get("made_by") != MADE_BY or not {p.name for p in folder.iterdir()} <= files.keys() | {
        provenance.MANIFEST
    }:
        return False
    # A file edited since analyse wrote it is someone's work now: it is not replaced either.
    for name, digest in files.items():
        path = folder / name
        if path.is_symlink() or (path.exists() and (not path.is_file() or provenance.sha256_file(path) != digest)):
            return False
    return True


def refuse_inside_repository(path: Path, checkout: Path | None) -> None:
    """Refuse a place for a user's output inside the repository, unless git ignores it (such as ``exports/``).

    Parameters
    ----------
    path : Path
        The folder (or file) to be written.
    checkout : Path or None
        The repository's folder; None outside a checkout, when nothing is refused.

    Raises
    ------
    ValueError
        Naming the place and where to write instead.
    """
    path = path.resolve()
    if checkout is not None and _inside(path, checkout.resolve()) and not _git_ignored(path, checkout):
        raise ValueError(
            f"{path} is inside the repository; choose a folder outside it, or one under "
            f"{checkout / 'exports'} (git-ignored)"
        )


def check_out_dir(out: Path, *, replace: bool = False, checkout: Path | None = None) -> None:
    """Refuse an output folder that would put a user's analysis in the repository or overwrite something.

    Allowed: a new or empty folder; a folder this command made before and holding nothing else, with
    ``replace``; inside a checkout, only a git-ignored folder (such as ``exports/``). Refused: a folder
    that is a symbolic link, which would write somewhere other than the folder named.

    Parameters
    ----------
    out : Path
        The output folder, as given.
    replace : bool
        Whether an earlier output of ``analyse`` there may be replaced.
    checkout : Path, optional
        The repository's folder, if running from one.

    Raises
    ------
    ValueError
        Naming why the folder is refused and what to do instead.
    """
    # A link as the folder would send the output somewhere else than the folder named. (Links higher up,
    # such as macOS's /tmp, are the machine's own and are followed.)
    if out.is_symlink():
        raise ValueError(
            f"{out} is a symbolic link; give the output folder by its real path ({out.resolve()}), "
            "so that nothing is written anywhere but where you name"
        )
    out = out.resolve()
    refuse_inside_repository(out, checkout)
    above = next(folder for folder in out.parents if folder.exists())
    if not above.is_dir():
        raise ValueError(f"{above} is a file, so the folder {out} cannot be made; choose another place")
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file, not a folder; choose a new folder for the output")
    if out.is_dir() and any(out.iterdir()):
        if not _made_by_us(out):
            raise ValueError(
                f"{out} is not empty and was not made by `analyse` (or holds files its manifest does not "
                "list, or that changed since); choose a new or empty folder, so that nothing of yours is overwritten"
            )
        if not replace:
            raise ValueError(
                f"{out} holds an earlier `analyse` output; pass --replace to replace it, or choose a new folder"
            )


def run(
    analysis: AnalysisPlan,
    out: Path,
    *,
    jobs: int | None = None,
    on_done=lambda run: None,
    before: Snapshot | None = None,
) -> list:
    """Run the plan's notebooks and move their outputs into ``out`` if, and only if, every one ran.

    ``out`` gets the executed notebooks, every exhibit in every format, and ``manifest.json``
    (made_by, the files' sha256, the inputs). On a failure, ``out`` is left as it was. Immediately
    before the results take its place, ``out`` is checked again against ``before``: if anything
    appeared or changed in it meanwhile (or someone else created it), nothing is moved.

    Parameters
    ----------
    analysis : AnalysisPlan
        What :func:`plan` returned.
    out : Path
        The output folder, checked with :func:`check_out_dir`.
    jobs : int, optional
        Kernels at once (default: one per core).
    on_done : callable
        Called with each :class:`~inquiry_analysis.cli.runner.NotebookRun` as it finishes.
    before : Snapshot, optional
        ``out`` as it was checked (:func:`~inquiry_analysis.cli.guard.snapshot`); default: as it is now.

    Returns
    -------
    list of NotebookRun
        Every run, in the plan's order; or, on a failure (or two notebooks exporting the same
        file), one run holding the error.

    Raises
    ------
    FolderChanged
        If ``out`` changed while the notebooks ran; it is left as it is.
    """
    from inquiry_analysis.cli.guard import snapshot, swap_into_place
    from inquiry_analysis.cli.runner import readable_by_all, run_notebooks, uninterrupted

    out = out.resolve()
    before = before or snapshot(out)
    made = [p for p in reversed(out.parents) if not p.exists()]  # folders to remove again if nothing is written
    out.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    done = False
    try:
        # The checked inputs, saved where only this run reads them and removed before anything is moved.
        inputs = build / ".inputs"
        parameters = _parameters(analysis, inputs)
        runs = run_notebooks(list(analysis.notebooks), build, jobs=jobs, on_done=on_done, parameters=parameters)
        shutil.rmtree(inputs)
        if any(r.error for r in runs):
            return runs
        failed = _assemble(runs, build, parameters)
        if failed:
            return failed
        readable_by_all(build)
        with uninterrupted():
            swap_into_place(build, before)
        done = True
        return runs
    finally:
        with uninterrupted():  # a second signal must not leave half a build behind
            if build.exists():
                shutil.rmtree(build)
            if not done:
                for folder in reversed(made):
                    with contextlib.suppress(OSError):
                        folder.rmdir()


def _assemble(runs: list, build: Path, parameters: dict) -> list | None:
    """Merge the runs' exports into ``build`` with the executed notebooks and the manifest; a clash as a failed run."""
    import nbformat

    from inquiry_analysis.cli.runner import inject_parameters, merge_exports
    from inquiry_analysis.exhibits.manifest import write_manifest
    from inquiry_analysis.io.checked import public_record

    clash = merge_exports(runs, build)
    if clash:
        return [replace(runs[0], error=clash)]
    for r in runs:
        # The executed notebook names its inputs by identity, but not their folder, as the sidecars do.
        inject_parameters(r.notebook, {name: public_record(value) for name, value in parameters[r.path].items()})
        (build / r.path.name).write_text(nbformat.writes(r.notebook) + "\n", encoding="utf-8", newline="\n")
    write_manifest(build, made_by=MADE_BY)
    return None
