"""Hostile scenarios for the output folder (issue 22, "Files lost" and "Left behind"): the folder is the run's alone.

The notebooks' kernels are replaced by fakes that export one file (a real kernel costs seconds); the step a
scenario attacks (something appearing in the folder, a second run, a signal) happens inside the fake, at
the point of the run it names, never by a race against time. One scenario runs the real command in a
subprocess, to see a kernel's temporary files and connection file go when the run is stopped.
"""

import asyncio
import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest

from inquiry_analysis import cli, exhibits, provenance
from inquiry_analysis.cli import runner
from tests.projects import snapshot, write_notebook

ROOT = provenance.bundled_data_dir().parent
REFERRALS = ROOT / "examples" / "synthetic_referrals_by_month.csv"


class Unhandled(Exception):
    """A signal the command left to its default action, which would have killed the test run."""


@pytest.fixture(autouse=True)
def signals_caught():
    """Turn SIGTERM and SIGHUP that the command does not handle into a test failure instead of a killed worker."""

    def unhandled(signum, frame):
        raise Unhandled(signal.Signals(signum).name)

    previous = {s: signal.signal(s, unhandled) for s in (signal.SIGTERM, signal.SIGHUP)}
    yield
    for s, old in previous.items():
        signal.signal(s, old)


def fake_notebooks(monkeypatch, during=lambda: None):
    """Notebooks that each export one small file, calling ``during`` once they have run (before the swap)."""

    def run_notebooks(paths, build, *, jobs=None, on_done=lambda run: None, parameters=None, environment=None):
        runs = []
        for path in paths:
            folder = build / path.stem
            folder.mkdir()
            (folder / "AN-01.csv").write_text("month,referrals\n2016-01,3400\n", encoding="utf-8")
            runs.append(
                runner.NotebookRun(path=path, notebook=nbformat.read(path, as_version=4), out=folder, seconds=0.0)
            )
        during()
        return runs

    monkeypatch.setattr(runner, "run_notebooks", run_notebooks)


@pytest.fixture
def no_claims(monkeypatch):
    """The claims check (seconds, and not what these scenarios are about) replaced by a one-row table."""
    import pandas as pd

    from inquiry_analysis import claims

    table = pd.DataFrame(
        {"claim_id": ["C-01"], "claimed": ["1"], "published_data_give": ["1"], "verdict": ["reproduced"]}
    )
    monkeypatch.setattr(claims, "check", lambda **kwargs: [])
    monkeypatch.setattr(claims, "check_table", lambda results: table)
    monkeypatch.setattr(claims, "format_check", lambda results, how: "")


def analyse(out, *extra):
    return cli.main(["analyse", "--referrals", str(REFERRALS), "--out", str(out), *extra])


def hold_lock(path: Path, text: str):
    """Hold ``path`` locked as another run would (the caller closes the descriptor)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(fd, text.encode())
    return fd


def left_behind(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------- nothing of anyone else's lost


def test_a_file_that_appears_in_out_during_the_run_survives(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    fake_notebooks(monkeypatch, lambda: (out / "notes.txt").write_text("mine", encoding="utf-8"))
    assert analyse(out) == 1
    assert snapshot(out) == {"notes.txt": b"mine"}
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"inquiry-analysis analyse: {out} changed while the run was going (notes.txt); the run's results were not "
        "put in its place, and nothing in it was touched; run again"
    ]
    assert left_behind(tmp_path) == []


def test_a_folder_someone_else_creates_meanwhile_is_left_to_them(tmp_path, monkeypatch, capsys):
    out = tmp_path / "new" / "out"

    def theirs():
        out.mkdir()
        (out / "theirs.csv").write_text("a,b\n", encoding="utf-8")

    fake_notebooks(monkeypatch, theirs)
    assert analyse(out) == 1
    assert snapshot(out) == {"theirs.csv": b"a,b\n"}
    assert "was created by someone else while the run was going" in capsys.readouterr().err
    assert left_behind(out.parent) == []


def test_an_empty_folder_someone_else_creates_meanwhile_is_not_taken(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    fake_notebooks(monkeypatch, out.mkdir)
    assert analyse(out) == 1
    assert out.is_dir() and not any(out.iterdir())
    assert "was created by someone else" in capsys.readouterr().err


def test_replace_keeps_a_file_added_to_the_earlier_output_during_the_run(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    fake_notebooks(monkeypatch)
    assert analyse(out) == 0
    earlier = snapshot(out)
    fake_notebooks(monkeypatch, lambda: (out / "draft.docx").write_bytes(b"my report"))
    assert analyse(out, "--replace") == 1
    assert snapshot(out) == earlier | {"draft.docx": b"my report"}
    assert "(draft.docx)" in capsys.readouterr().err


def test_replace_keeps_an_earlier_output_edited_during_the_run(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    fake_notebooks(monkeypatch)
    assert analyse(out) == 0
    edited = out / "AN-01.csv"
    fake_notebooks(monkeypatch, lambda: edited.write_text("month,referrals\n2016-01,9999,edited\n", encoding="utf-8"))
    assert analyse(out, "--replace") == 1
    assert edited.read_text(encoding="utf-8").endswith("edited\n")
    assert "(AN-01.csv)" in capsys.readouterr().err


def test_a_file_that_appears_in_figures_during_reproduce_survives_and_nothing_changes(
    tmp_path, monkeypatch, capsys, no_claims
):
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    write_notebook(project / "notebooks" / "01_synthetic.ipynb", "print(1)")
    (project / "figures").mkdir()
    (project / "figures" / "IA-98.csv").write_text("old\n", encoding="utf-8")
    exhibits.write_manifest(project / "figures")  # what reproduce left: every file listed
    before = snapshot(project)

    async def execute(path, figures, parameters=None, environment=None):
        (figures / "IA-98.csv").write_text("new\n", encoding="utf-8")
        (project / "figures" / "mine.txt").write_text("mine", encoding="utf-8")
        return runner.NotebookRun(path=path, notebook=nbformat.read(path, as_version=4), out=figures, seconds=0.0)

    monkeypatch.setattr(runner, "_execute", execute)
    assert cli.main(["reproduce", "--root", str(project), "--no-bundle"]) == 1
    assert snapshot(project) == before | {"figures/mine.txt": b"mine"}
    assert "figures changed while the run was going (mine.txt)" in capsys.readouterr().err
    assert left_behind(project) == []


# ---------------------------------------------------------------- one run at a time


def test_a_second_run_into_the_same_folder_is_refused_naming_the_first(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    fd = hold_lock(tmp_path / ".out.lock", "pid 4242, started at 2024-01-02 03:04:05 +0000\n")
    try:
        fake_notebooks(monkeypatch)
        assert analyse(out) == 1
    finally:
        os.close(fd)
    assert not out.exists()
    assert capsys.readouterr().err.splitlines() == [
        f"inquiry-analysis analyse: another run is writing into {out} (pid 4242, started at 2024-01-02 03:04:05 "
        f"+0000; lock file {tmp_path / '.out.lock'}); wait for it to finish, or choose another folder"
    ]


def test_two_runs_into_one_new_folder_the_second_is_refused_and_the_first_kept(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    second = []

    def start_another():
        if not second:  # the second run, started while the first is running
            second.append(None)
            second[0] = analyse(out)

    fake_notebooks(monkeypatch, start_another)
    assert analyse(out) == 0
    assert second == [1]
    assert f"pid {os.getpid()}, started at " in capsys.readouterr().err
    assert "AN-01.csv" in snapshot(out)
    assert not (tmp_path / ".out.lock").exists()  # removed by the run that made it


def test_the_lock_names_this_run_while_it_runs_and_is_removed_after(tmp_path, monkeypatch):
    out = tmp_path / "deep" / "out"
    seen = []
    fake_notebooks(monkeypatch, lambda: seen.append((out.parent / ".out.lock").read_text(encoding="utf-8")))
    assert analyse(out) == 0
    assert seen[0].startswith(f"pid {os.getpid()}, started at {time.strftime('%Y-%m-%d')}")
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_a_second_reproduce_is_refused_naming_the_first(tmp_path, capsys):
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    write_notebook(project / "notebooks" / "01_synthetic.ipynb", "print(1)")
    before = snapshot(project)
    fd = hold_lock(project / ".figures.lock", "pid 4243, started at 2024-01-02 03:04:05 +0000\n")
    try:
        assert cli.main(["reproduce", "--root", str(project), "--no-bundle"]) == 1
    finally:
        os.close(fd)
    assert "another run is writing into" in capsys.readouterr().err
    assert snapshot(project) == before | {".figures.lock": b"pid 4243, started at 2024-01-02 03:04:05 +0000\n"}


# ---------------------------------------------------------------- bundle writes only what is named


@pytest.fixture(scope="module")
def exhibit_folder(tmp_path_factory):
    import pandas as pd

    from inquiry_analysis import exhibits

    folder = tmp_path_factory.mktemp("bundled") / "figures"
    data = pd.DataFrame({"year": [2016, 2017], "reports": [1, 2]})
    exhibit = exhibits.Exhibit(
        exhibit_id="IA-98",
        title="Synthetic reports doubled",
        subtitle="Synthetic test data, 2016 to 2017",
        source="Source: synthetic test data from the inquiry-analysis tests",
        alt_text="Two points, 1 then 2.",
        data=data,
        inputs=("ncmec",),
    )
    fig, ax = exhibits.new_figure(exhibit)
    ax.plot(data["year"], data["reports"])
    exhibits.export_exhibit(exhibit, fig, directory=folder)
    plt.close("all")
    exhibits.write_manifest(folder)
    return folder


def test_bundle_writes_only_the_files_named(exhibit_folder, tmp_path, capsys, no_claims, monkeypatch):
    # Before, `--out report.pdf` also overwrote report.html beside it; now the HTML is written only where named.
    # Drawing the PDF's pages (seconds, and tested in tests/exhibits/test_bundle.py) is left out: which files
    # are written is decided around it.
    from inquiry_analysis.exhibits import bundle

    monkeypatch.setattr(bundle, "write_pdf", lambda pages, path, **kwargs: path.write_bytes(b"%PDF-1.4 stand-in"))
    report = tmp_path / "report.html"
    report.write_text("<p>my own report</p>", encoding="utf-8")
    # Nor a file of the user's named as the bundle's partial file once was (written over, then removed).
    partial = tmp_path / ".report.pdf.partial"
    partial.write_text("mine, whatever its name", encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    assert cli.main(["bundle", "--figures", str(exhibit_folder), "--out", str(pdf)]) == 0
    assert report.read_text(encoding="utf-8") == "<p>my own report</p>"
    assert partial.read_text(encoding="utf-8") == "mine, whatever its name"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert capsys.readouterr().out == f"Wrote {pdf}.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report.pdf.partial", "report.html", "report.pdf"]


# ---------------------------------------------------------------- SIGTERM and SIGHUP as Ctrl-C


def kernels_that_signal(monkeypatch, signum, seen):
    """Kernels that leave a connection file and a DuckDB scratch folder, then the run gets ``signum``."""

    async def execute(path, figures, parameters=None, environment=None):
        runtime = Path(os.environ.get("JUPYTER_RUNTIME_DIR", figures))
        scratch = Path((environment or {}).get("TMPDIR", figures))
        (runtime / "kernel-1.json").write_text("{}", encoding="utf-8")
        (scratch / "inquiry-analysis-duckdb-1").mkdir()
        seen.extend([runtime / "kernel-1.json", scratch / "inquiry-analysis-duckdb-1"])
        os.kill(os.getpid(), signum)
        await asyncio.sleep(30)

    monkeypatch.setattr(runner, "_execute", execute)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_during_analyse_stops_it_and_leaves_nothing(signum, code, tmp_path, monkeypatch, capsys):
    out, seen = tmp_path / "out", []
    kernels_that_signal(monkeypatch, signum, seen)
    assert analyse(out) == code
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == []
    assert seen and not any(p.exists() for p in seen)
    assert capsys.readouterr().err.splitlines() == [
        f"Interrupted ({signum.name}): the kernels were shut down; {out} is as it was."
    ]


def test_sigterm_during_reproduce_stops_it_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    project, seen = tmp_path / "project", []
    (project / "notebooks").mkdir(parents=True)
    write_notebook(project / "notebooks" / "01_synthetic.ipynb", "print(1)")
    before = snapshot(project)
    kernels_that_signal(monkeypatch, signal.SIGTERM, seen)
    assert cli.main(["reproduce", "--root", str(project), "--no-bundle"]) == 143
    assert snapshot(project) == before and left_behind(project) == []
    assert seen and not any(p.exists() for p in seen)
    assert capsys.readouterr().err.splitlines() == [
        "Interrupted (SIGTERM): the kernels were shut down; notebooks and figures/ are as they were."
    ]


def test_sigterm_after_the_notebooks_removes_the_build(tmp_path, monkeypatch, capsys):
    from inquiry_analysis.exhibits import manifest

    out = tmp_path / "out"
    fake_notebooks(monkeypatch)
    monkeypatch.setattr(manifest, "write_manifest", lambda *a, **k: os.kill(os.getpid(), signal.SIGTERM))
    assert analyse(out) == 143
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert capsys.readouterr().err.startswith("Interrupted (SIGTERM)")


def test_sigterm_stops_a_real_kernel_and_its_duckdb_scratch_and_connection_file_go(tmp_path):
    """The one real run: a kernel that opened DuckDB (its scratch folder in the temp folder) is stopped by SIGTERM."""
    project, temp = tmp_path / "project", tmp_path / "temp"
    (project / "notebooks").mkdir(parents=True)
    temp.mkdir()
    marker = tmp_path / "kernel.pid"
    write_notebook(
        project / "notebooks" / "01_slow.ipynb",
        "import os, pathlib, time\nfrom inquiry_analysis.io._log_checks import connect\n"
        "con, scratch = connect('100MB', 1)\n"
        f"pathlib.Path({str(marker)!r}).write_text(scratch)\ntime.sleep(120)",
    )
    env = {**os.environ, "TMPDIR": str(temp), "JUPYTER_RUNTIME_DIR": str(temp / "runtime")}
    run = subprocess.Popen(
        [sys.executable, "-m", "inquiry_analysis", "reproduce", "--root", str(project), "--no-bundle"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the notebook never started"
    time.sleep(0.1)  # let the marker's write finish
    scratch = Path(marker.read_text())
    assert scratch.is_dir()
    run.send_signal(signal.SIGTERM)
    out, err = run.communicate(timeout=30)
    assert run.returncode == 143, (out, err)
    assert err.splitlines() == [
        "Interrupted (SIGTERM): the kernels were shut down; notebooks and figures/ are as they were."
    ]
    assert not scratch.exists()
    assert [p for p in temp.rglob("*") if p.name != "runtime"] == []  # no scratch, no kernel-*.json anywhere
    assert left_behind(project) == []


# ---------------------------------------------------------------- what the first guard still let through


def test_replace_leaves_an_earlier_output_whose_file_you_edited(tmp_path, monkeypatch, capsys):
    # --replace may replace what analyse wrote, not what someone made of it since: an edited file is theirs.
    out = tmp_path / "out"
    fake_notebooks(monkeypatch)
    assert analyse(out) == 0
    edited = out / "AN-01.csv"
    edited.write_text("month,referrals\n2016-01,3400\n# checked against the log by hand, row 12\n", encoding="utf-8")
    earlier = snapshot(out)
    capsys.readouterr()
    assert analyse(out, "--replace") == 1
    assert snapshot(out) == earlier
    assert "or that changed since); choose a new or empty folder" in capsys.readouterr().err


def test_reproduce_leaves_a_file_in_figures_that_it_did_not_make(tmp_path, capsys):
    # figures/ is replaced whole; a file its manifest does not list is not reproduce's to delete.
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    write_notebook(project / "notebooks" / "01_synthetic.ipynb", "print(1)")
    (project / "figures").mkdir()
    (project / "figures" / "IA-98.csv").write_text("year,reports\n2016,1\n", encoding="utf-8")
    exhibits.write_manifest(project / "figures")
    notes = project / "figures" / "notes-for-counsel.md"
    notes.write_text("do not lose this", encoding="utf-8")
    before = snapshot(project)
    assert cli.main(["reproduce", "--root", str(project), "--no-bundle"]) == 1
    assert snapshot(project) == before and left_behind(project) == []
    assert f"{notes} is not listed in figures/manifest.json, and reproduce replaces figures/ whole" in (
        capsys.readouterr().out
    )


def test_a_file_in_the_place_of_the_lock_is_never_overwritten(tmp_path, monkeypatch, capsys):
    out, mine = tmp_path / "out", tmp_path / ".out.lock"
    mine.write_text("my notes, which happen to have this name\n", encoding="utf-8")
    fake_notebooks(monkeypatch)
    assert analyse(out) == 1
    assert mine.read_text(encoding="utf-8") == "my notes, which happen to have this name\n"
    assert not out.exists()
    assert f"{mine} exists and is not a lock file of inquiry-analysis, so it was left alone" in (
        capsys.readouterr().err
    )


def test_a_lock_holders_text_is_shown_without_its_control_characters(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    fd = hold_lock(tmp_path / ".out.lock", "pid 1, started at \x1b]0;owned\x07\x1b[2J now\n")
    try:
        fake_notebooks(monkeypatch)
        assert analyse(out) == 1
    finally:
        os.close(fd)
    err = capsys.readouterr().err
    assert "another run is writing into" in err and "pid 1, started at ?]0;owned??[2J now" in err
    assert not any(c in err for c in "\x1b\x07")


def test_the_swap_deletes_no_file_changed_after_the_last_look(tmp_path, monkeypatch, capsys):
    # The instant between the last look at the folder and the swap: a file edited then is kept, and named.
    from inquiry_analysis.cli import guard

    out = tmp_path / "out"
    fake_notebooks(monkeypatch)
    assert analyse(out) == 0
    edited = out / "AN-01.csv"

    def look_then_edit(before):
        real_check(before)
        edited.write_text("month,referrals\n2016-01,3400,mine\n", encoding="utf-8")

    real_check = guard.check_unchanged
    monkeypatch.setattr(guard, "check_unchanged", look_then_edit)
    assert analyse(out, "--replace") == 0
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(".out-old-")]
    assert len(kept) == 1 and (kept[0] / "AN-01.csv").read_text(encoding="utf-8").endswith("mine\n")
    assert f"{kept[0]}: something was added to {out} while its results were being put in place" in (
        capsys.readouterr().err
    )


def test_a_run_started_under_nohup_goes_on_when_its_terminal_closes(tmp_path, monkeypatch, capsys):
    from inquiry_analysis.io import readers

    out = tmp_path / "out"
    real = readers.read_monthly_referrals

    def read_then_hang_up(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGHUP)  # the terminal closes while the files are read
        return real(*args, **kwargs)

    async def execute(path, figures, parameters=None, environment=None):
        os.kill(os.getpid(), signal.SIGHUP)  # and again while the notebook runs
        (figures / "AN-01.csv").write_text("month,referrals\n2016-01,3400\n", encoding="utf-8")
        return runner.NotebookRun(path=path, notebook=nbformat.read(path, as_version=4), out=figures, seconds=0.0)

    monkeypatch.setattr(readers, "read_monthly_referrals", read_then_hang_up)
    monkeypatch.setattr(runner, "_execute", execute)
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as `nohup` starts it
    try:
        assert analyse(out) == 0
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert "AN-01.csv" in snapshot(out)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("signum", "code", "name"), [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGINT, 130, "Ctrl-C")])
def test_a_stop_while_duckdb_works_is_a_stop_not_a_traceback(signum, code, name, tmp_path, monkeypatch, capsys):
    # DuckDB turns the interrupt into "RuntimeError: Query interrupted", which escaped as a traceback.
    import threading

    import duckdb

    from inquiry_analysis.io import readers

    if signum == signal.SIGINT and signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("Ctrl-C is not delivered as KeyboardInterrupt in this test process")
    out = tmp_path / "out"

    def read_slowly(*args, **kwargs):
        connection = duckdb.connect(config={"threads": 1})
        connection.execute("SET enable_progress_bar = false")
        threading.Timer(0.1, os.kill, (os.getpid(), signum)).start()
        connection.execute("SELECT sum(i) FROM range(400000000) t(i)").fetchall()  # about 2 s, unless stopped
        raise AssertionError("the query ran to its end: the signal never stopped it")

    monkeypatch.setattr(readers, "read_monthly_referrals", read_slowly)
    assert analyse(out) == code
    assert capsys.readouterr().err.splitlines() == [f"inquiry-analysis analyse: interrupted ({name})"]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_kernel_stopped_while_it_starts_is_shut_down_and_its_connection_file_goes(tmp_path, monkeypatch, capsys):
    # nbclient shuts a kernel down only once it has started: one stopped while starting ran on, its connection
    # file (its ports and key) left in the shared temporary folder, and an error printed as Python exited.
    import atexit

    import psutil
    from nbclient import NotebookClient

    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    write_notebook(project / "notebooks" / "01_synthetic.ipynb", "print(1)")
    started = {}
    real_start = NotebookClient.async_start_new_kernel

    async def start_then_stop(self, **kwargs):
        await real_start(self, **kwargs)
        started.update(pid=self.km.provisioner.pid, connection=Path(self.km.connection_file), client=self)
        os.kill(os.getpid(), signal.SIGTERM)  # the run is stopped before the kernel says it is ready
        await asyncio.sleep(30)

    monkeypatch.setattr(NotebookClient, "async_start_new_kernel", start_then_stop)
    try:
        assert cli.main(["reproduce", "--root", str(project), "--no-bundle"]) == 143
        assert capsys.readouterr().err.splitlines() == [
            "Interrupted (SIGTERM): the kernels were shut down; notebooks and figures/ are as they were."
        ]
        assert started["connection"].parent.parent.name.startswith("inquiry-analysis-run-")  # the run's own
        assert not started["connection"].exists()
        try:
            assert psutil.Process(started["pid"]).status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            pass
    finally:  # without the fix: stop the kernel left running, and nbclient's hook that would print at exit
        with contextlib.suppress(psutil.NoSuchProcess, KeyError):
            psutil.Process(started["pid"]).kill()
        if "client" in started:
            atexit.unregister(started["client"]._cleanup_kernel)
            started["connection"].unlink(missing_ok=True)
