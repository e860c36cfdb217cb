"""The child process that checks the claims and writes the evidence bundle beside reproduce's notebooks."""

import sys

import pytest

import inquiry_analysis
from inquiry_analysis.cli import bundling


def _child(monkeypatch, code):
    monkeypatch.setattr(bundling, "child_command", lambda build, data_dir=None: [sys.executable, "-c", code])


def test_a_failed_child_is_said_in_one_line_and_is_gone(tmp_path, monkeypatch):
    traceback = "Traceback (most recent call last):\n  File 'x', line 1\nValueError: no exhibit in the folder\n"
    _child(monkeypatch, f"import sys; sys.stderr.write({traceback!r}); sys.exit(1)")
    child = bundling.BackgroundBundle(tmp_path)
    child.start(bundle=True)
    with pytest.raises(bundling.BundleFailed) as failed:
        child.finish()
    child.stop()
    assert str(failed.value) == "the evidence bundle could not be written: ValueError: no exhibit in the folder"
    assert child.process.returncode == 1
    _child(monkeypatch, "import sys; sys.exit(3)")  # nothing said
    child = bundling.BackgroundBundle(tmp_path)
    with pytest.raises(bundling.BundleFailed, match=r"written: its process exited with status 3$"):
        child.finish()
    child.stop()


def test_a_child_that_hangs_is_stopped(tmp_path, monkeypatch):
    _child(monkeypatch, "import time; time.sleep(60)")
    monkeypatch.setattr(bundling, "TIMEOUT", 0.2)
    child = bundling.BackgroundBundle(tmp_path)
    with pytest.raises(bundling.BundleFailed, match=r"^the evidence bundle was not written within 0.2 s; its process"):
        child.finish()
    assert child.process.poll() is not None  # killed and waited for


def test_the_child_imports_the_library_the_run_imports_whatever_folder_it_is_run_from(tmp_path, monkeypatch):
    # Another checkout's library in the folder the command is given in: `python -m` would put it first.
    (tmp_path / "inquiry_analysis").mkdir()
    (tmp_path / "inquiry_analysis" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _child(monkeypatch, "import sys, inquiry_analysis; sys.stderr.write(inquiry_analysis.__file__); sys.exit(1)")
    child = bundling.BackgroundBundle(tmp_path / "build")
    with pytest.raises(bundling.BundleFailed) as failed:
        child.finish()
    assert str(failed.value).endswith(f": {inquiry_analysis.__file__}")
