"""The inquiry-analysis command: reproduce in a scratch project, verify, help and version.

The notebooks here are synthetic fixtures written by the tests.
"""

import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

import inquiry_analysis as ia
from inquiry_analysis import __version__, cli, exhibits, provenance
from tests.projects import EXPORT_CELL, snapshot, write_notebook


@pytest.fixture
def project(tmp_path):
    (tmp_path / "notebooks").mkdir()
    write_notebook(tmp_path / "notebooks" / "01_synthetic.ipynb", "print(6 * 7)", EXPORT_CELL)
    return tmp_path


def test_reproduce_runs_notebooks_exports_and_is_idempotent(reproduced, capsys, monkeypatch):
    from inquiry_analysis.exhibits import manifest as manifest_module

    # `reproduced` is a project reproduce has run once (with the evidence bundle); run it again.
    project = reproduced
    notebook = nbformat.read(project / "notebooks" / "01_synthetic.ipynb", as_version=4)
    assert notebook.cells[1].outputs[0]["text"] == "42\n"
    assert notebook.cells[2].outputs[0]["text"] == "exported IA-98\n"
    assert "execution" not in notebook.cells[1].metadata  # no timing metadata
    manifest = json.loads((project / "figures" / "manifest.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in manifest["files"]} >= {
        "IA-98.png",
        "IA-98.svg",
        "IA-98.pdf",
        "IA-98.json",
        "evidence-bundle.pdf",
        "evidence-bundle.html",
    }
    first = snapshot(project)

    written = []
    real_write = manifest_module.write_manifest
    monkeypatch.setattr(manifest_module, "write_manifest", lambda *a, **k: written.append(a) or real_write(*a, **k))
    # Unchanged: figures/ is checked against its manifest and the notebook against the record, and nothing runs.
    capsys.readouterr()
    assert cli.main(["reproduce", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Unchanged since the last run, kept: 01_synthetic.ipynb" in out
    assert f"Checked 9 file(s) in {project / 'figures'} against manifest.json (sha256) and 1 notebook(s)" in out
    assert "nothing needed rerunning, and no file was changed" in out and "Running" not in out
    assert written == [] and snapshot(project) == first

    # A new notebook runs alone; the other's exhibits and the bundle (made from the same exhibits) are kept.
    write_notebook(project / "notebooks" / "02_more.ipynb", "print(6 * 9)")
    assert cli.main(["reproduce", "--root", str(project)]) == 0
    assert len(written) == 1  # once, after the exhibits and the bundle are in
    out = capsys.readouterr().out
    assert "02_more.ipynb: reruns, it is new (no record of it)" in out
    assert "[1/1] 02_more.ipynb ok" in out and "0 exhibit(s)" in out
    assert "Done: 1 notebook(s) run, 1 notebook file(s) rewritten, 1 not run" in out
    now = snapshot(project)
    changed = sorted(name for name in now.keys() | first.keys() if now.get(name) != first.get(name))
    assert changed == ["figures/manifest.json", "figures/reproduce-record.json", "notebooks/02_more.ipynb"]
    assert not list(project.glob(".figures-*"))


def test_a_failing_notebook_is_named_and_leaves_everything_as_it_was(reproduced, capsys):
    project = reproduced
    write_notebook(project / "notebooks" / "02_broken.ipynb", "x = 1", "1 / 0")
    before = snapshot(project)
    capsys.readouterr()
    assert cli.main(["reproduce", "--root", str(project), "--no-bundle"]) == 1
    out = capsys.readouterr().out
    assert "02_broken.ipynb FAILED" in out
    assert "02_broken.ipynb: cell 3 ('1 / 0') raised ZeroDivisionError: division by zero" in out
    assert snapshot(project) == before
    assert not list(project.glob(".figures-*"))


def test_verify_passes_then_names_a_changed_missing_and_extra_file(reproduced, capsys):
    project = reproduced
    assert cli.main(["verify", "--root", str(project)]) == 0
    assert "figures: 9 of 9 files match" in capsys.readouterr().out  # the exhibit's 6, the bundle's 2, the record
    figures = project / "figures"
    svg = figures / "IA-98.svg"
    svg.write_bytes(svg.read_bytes().replace(b"<svg", b"<svG", 1))
    (figures / "IA-98.csv").unlink()
    shutil.copy(figures / "IA-98.json", figures / "IA-97.json")
    assert cli.main(["verify", "--root", str(project)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {svg}: sha256 is" in out
    assert f"FAIL {figures / 'IA-98.csv'}: missing" in out
    assert f"FAIL {figures / 'IA-97.json'}: present but not listed in manifest.json" in out


def test_verify_names_a_changed_data_file(data_copy, reproduced, capsys):
    project = reproduced
    path = data_copy / "iwf.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    capsys.readouterr()
    assert cli.main(["verify", "--root", str(project), "--data-dir", str(data_copy)]) == 1
    assert f"FAIL {path}: sha256 is" in capsys.readouterr().out


def test_reproduce_refuses_to_run_on_changed_data(data_copy, project, capsys):
    (data_copy / "iwf.csv").write_bytes(b"changed\n")
    assert cli.main(["reproduce", "--root", str(project), "--data-dir", str(data_copy)]) == 1
    assert "nothing was run" in capsys.readouterr().out
    assert not (project / "figures").exists()


def test_the_installed_command_has_version_and_help():
    exe = [sys.executable, "-m", "inquiry_analysis"]
    done = subprocess.run([*exe, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"inquiry-analysis {__version__}"
    for command in ("reproduce", "verify", "check"):
        done = subprocess.run([*exe, command, "--help"], capture_output=True, text=True, check=True)
        assert f"usage: inquiry-analysis {command}" in done.stdout and "--data-dir" in done.stdout


def test_the_repository_figures_match_their_manifest():
    root = provenance.bundled_data_dir().parent
    checks = provenance.check_manifest(root / "figures")
    assert all(check.ok for check in checks), [str(c) for c in checks if not c.ok]


def test_check_exits_0_when_every_verdict_is_as_expected(capsys):
    assert cli.main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n\n") == len(ia.load_claims()) - 1 and re.search(r"\nkirat-accuracy +INCONSISTENT ", out)


def test_check_fails_naming_the_claim_when_a_figure_it_rests_on_changes(edit_bundled, data_copy, capsys):
    # Synthetic change: the 2017 referral count in both sources moved outside 'about 80,000'.
    edit_bundled("referrals", ",82109,", ",90109,", count=2)
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 1
    captured = capsys.readouterr()
    assert (
        "FAIL referrals-2017 (reading ncmec-industry): the verdict is now inconsistent, but data/claims.csv expects "
        "consistent" in captured.err
    )
    assert "kirat-accuracy" not in captured.err


def test_check_refuses_a_changed_file_whose_hash_was_not_updated(data_copy, capsys):
    path = data_copy / "kirat.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",97.6,", ",98.6,"), encoding="utf-8")
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 1
    assert "kirat.csv: does not match datapackage.json" in capsys.readouterr().err


def test_readme_shows_what_the_check_gives():
    from inquiry_analysis import claims

    readme = (provenance.bundled_data_dir().parent / "README.md").read_text(encoding="utf-8")
    block = readme.split(cli.commands.README_START, 1)[1].split(cli.commands.README_END, 1)[0]
    assert block == "\n" + claims.format_check(claims.check(), "markdown"), (
        "README.md's 'What the data support' is out of date; run `python3 tasks.py reproduce`"
    )


def test_write_readme_claims_replaces_only_the_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{cli.commands.README_START}\nold\n{cli.commands.README_END}\noutro\n", encoding="utf-8")
    assert cli.commands.write_readme_claims(readme, "| new |\n")
    assert (
        readme.read_text(encoding="utf-8")
        == f"intro\n{cli.commands.README_START}\n| new |\n{cli.commands.README_END}\noutro\n"
    )
    assert not cli.commands.write_readme_claims(readme, "| new |\n")


def test_help_does_not_import_the_statistics_stack():
    code = (
        "import sys, inquiry_analysis.cli; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'statsmodels') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_wrong_data_folder_is_one_line_not_a_traceback(tmp_path, capsys):
    assert cli.main(["verify", "--data-dir", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("inquiry-analysis verify: ") and "datapackage.json not found" in err
    assert "Traceback" not in err


def test_reproduce_without_notebooks_says_so(tmp_path, capsys):
    assert cli.main(["reproduce", "--root", str(tmp_path)]) == 1
    assert "No notebooks in" in capsys.readouterr().out
    assert not (tmp_path / "figures").exists()


def _rendezvous_cell(mine, other):
    """A cell that leaves its kernel's pid, then waits (up to 60 s) to see the other notebook's."""
    return (
        f"import os, time, pathlib\npathlib.Path({str(mine)!r}).write_text(str(os.getpid()))\n"
        f"deadline = time.time() + 60\n"
        f"while not pathlib.Path({str(other)!r}).exists() and time.time() < deadline:\n    time.sleep(0.05)\n"
        f"print('met' if pathlib.Path({str(other)!r}).exists() else 'alone')"
    )


def test_independent_notebooks_run_at_the_same_time(tmp_path_factory, capsys):
    # Each notebook waits to see the other's mark: both can meet only if their kernels run at once.
    root, marks = tmp_path_factory.mktemp("project"), tmp_path_factory.mktemp("marks")
    (root / "notebooks").mkdir()
    for name, other in (("a", "b"), ("b", "a")):
        write_notebook(root / "notebooks" / f"{name}.ipynb", _rendezvous_cell(marks / name, marks / other))
    assert cli.main(["reproduce", "--root", str(root), "--jobs", "2", "--no-bundle"]) == 0
    assert "Running 2 notebook(s), 2 at a time" in capsys.readouterr().out
    outputs = [
        nbformat.read(root / "notebooks" / f"{n}.ipynb", as_version=4).cells[1].outputs[0]["text"] for n in ("a", "b")
    ]
    assert outputs == ["met\n", "met\n"]
    assert (marks / "a").read_text() != (marks / "b").read_text()  # a kernel each


def test_two_notebooks_exporting_one_exhibit_change_nothing(reproduced, capsys):
    project = reproduced
    write_notebook(project / "notebooks" / "02_same_id.ipynb", EXPORT_CELL)
    before = snapshot(project)
    capsys.readouterr()
    assert cli.main(["reproduce", "--root", str(project), "--no-bundle"]) == 1
    out = capsys.readouterr().out
    assert "01_synthetic.ipynb and 02_same_id.ipynb both export IA-98.csv; give each exhibit its own id" in out
    assert snapshot(project) == before
    assert not list(project.glob(".figures-*"))


def test_ctrl_c_stops_the_run_shuts_its_kernels_and_changes_nothing(reproduced, tmp_path_factory):
    import signal
    import time

    import psutil

    project = reproduced
    marker = tmp_path_factory.mktemp("marks") / "kernel.pid"
    write_notebook(
        project / "notebooks" / "02_slow.ipynb",
        f"import os, pathlib, time\npathlib.Path({str(marker)!r}).write_text(str(os.getpid()))\ntime.sleep(120)",
    )
    before = snapshot(project)
    # As from a terminal: a shell running the suite in the background (`... &`) leaves SIGINT ignored, which
    # a child would inherit, and then no Ctrl-C could reach it.
    run = subprocess.Popen(
        [sys.executable, "-m", "inquiry_analysis", "reproduce", "--root", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.exists(), "the slow notebook never started"
    time.sleep(0.2)  # let the marker's write finish
    kernel = int(marker.read_text())
    interrupted = time.monotonic()
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=30)
    assert time.monotonic() - interrupted < 10
    assert run.returncode == 130, (out, err)
    assert err.splitlines() == [
        "Interrupted (Ctrl-C): the kernels were shut down; notebooks and figures/ are as they were."
    ]
    assert "Traceback" not in err and "Task exception" not in err, err
    for _ in range(50):  # the kernel is killed, not left running (a zombie awaiting its reaper is dead)
        try:
            if psutil.Process(kernel).status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"kernel {kernel} is still running")
    assert snapshot(project) == before
    assert not list(project.glob(".figures-*"))


def test_a_file_that_is_not_a_notebook_is_one_line(project, capsys):
    (project / "notebooks" / "02_damaged.ipynb").write_text("{not json", encoding="utf-8")
    assert cli.main(["reproduce", "--root", str(project), "--no-bundle"]) == 1
    out = capsys.readouterr().out
    assert "02_damaged.ipynb: could not be read as a notebook (NotJSONError" in out
    assert "Nothing was changed" in out and not (project / "figures").exists()


def _git(cwd, *args):
    return subprocess.run(
        ["git", "-c", "user.name=Tests", "-c", "user.email=tests@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


# Here, not beside the other verify tests in test_cli_analyse.py: it shares this file's `reproduced` project, which
# is made once per worker, and the test files are spread over the workers a file at a time.
def test_verify_catches_an_exhibit_replaced_together_with_its_manifest(reproduced, capsys, tmp_path_factory):
    project = reproduced
    # reproduce also writes the evidence bundle, listed in the manifest like every other file
    listed = {e["path"] for e in json.loads((project / "figures" / "manifest.json").read_text())["files"]}
    assert {"evidence-bundle.pdf", "evidence-bundle.html"} <= listed
    elsewhere = tmp_path_factory.mktemp("bundle") / "copy.pdf"
    assert cli.main(["bundle", "--root", str(project), "--out", str(elsewhere)]) == 0
    assert elsewhere.read_bytes() == (project / "figures" / "evidence-bundle.pdf").read_bytes()
    assert cli.main(["bundle", "--root", str(project), "--out", str(project / "figures" / "b.pdf")]) == 1
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "exhibits")
    capsys.readouterr()
    assert cli.main(["verify", "--root", str(project)]) == 0
    assert "manifest.json is the one committed at HEAD" in capsys.readouterr().out
    png = project / "figures" / "IA-98.png"
    png.write_bytes(png.read_bytes()[:-8] + b"replaced")
    exhibits.write_manifest(project / "figures")  # the manifest now certifies the replaced file
    assert all(check.ok for check in provenance.check_manifest(project / "figures"))
    assert cli.main(["verify", "--root", str(project)]) == 1
    out = capsys.readouterr().out
    assert (
        f"FAIL {png}: sha256 {provenance.sha256_file(png)} in the manifest, but the manifest committed at HEAD" in out
    )


@pytest.mark.parametrize("place", ["notebooks/bundle.pdf", "figures/sub/bundle.pdf", "data/bundle.pdf"])
def test_a_bundle_of_yours_is_never_written_into_the_repository(place, capsys):
    root = provenance.bundled_data_dir().parent
    before = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout
    assert cli.main(["bundle", "--root", str(root), "--out", str(root / place)]) == 1
    assert "is inside the repository; choose a folder outside it, or one under" in capsys.readouterr().err
    assert not (root / place).exists() and not (root / "figures" / "sub").exists()
    assert subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout == before


def test_a_bundle_holds_claims_only_where_its_exhibits_were_drawn_from_them(bundled_check, data_copy):
    from inquiry_analysis.cli.commands import _claims_to_bundle
    from inquiry_analysis.exhibits.bundle import DEFAULT_TITLE

    folder = data_copy.parent / "figures"
    assert _claims_to_bundle({"inputs": {"mine.csv": {"kind": "user_file"}}}, folder, None) == (None, None)
    record = provenance.DataPackage.open().input_record("claims")
    claims, title = _claims_to_bundle({"inputs": {"claims": record}}, folder, None, results=list(bundled_check))
    assert title == DEFAULT_TITLE
    assert len(claims) == len(ia.load_claims())
    # Claims other than those the exhibits were drawn from are refused, naming both hashes.
    with pytest.raises(ValueError, match=f"sha256 {'0' * 64}, but .*claims.csv now has sha256 {record['sha256']}"):
        _claims_to_bundle({"inputs": {"claims": {**record, "sha256": "0" * 64}}}, folder, None)
    # Another data package's claims bring its own title, never the hearing's.
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = "Figures of another inquiry"
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    claims, title = _claims_to_bundle({"inputs": {"claims": record}}, folder, data_copy, results=list(bundled_check))
    assert title == "Evidence bundle: Figures of another inquiry"
