"""Two commands for a fresh machine with Python 3.11+: reproduce everything, or run the tests.

    python3 tasks.py reproduce   # build .venv on first use, then reproduce the analysis
    python3 tasks.py test        # build .venv on first use, then run the test suite
    python3 tasks.py lab         # open JupyterLab on the notebooks

The virtual environment lives in .venv and is rebuilt when pyproject.toml changes. Only the
standard library is used here, so nothing needs installing before the first run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-from"


def _run(*args, **kwargs) -> int:
    print("+ " + " ".join(str(a) for a in args), flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT, **kwargs)


def ensure_environment(extras: str) -> None:
    """Create .venv and install the package with ``extras`` unless the same install is already there."""
    wanted = f"{extras}:{hashlib.sha256((ROOT / 'pyproject.toml').read_bytes()).hexdigest()}"
    if STAMP.exists() and STAMP.read_text(encoding="utf-8") == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f"Creating a virtual environment in {VENV} (first run only) ...", flush=True)
        try:
            venv.create(VENV, with_pip=True)
        except (OSError, subprocess.CalledProcessError) as err:
            sys.exit(f"Could not create {VENV} ({err}). Python's venv module needs ensurepip; on Debian or "
                     "Ubuntu install it with: apt-get install python3-venv")
    print(f"Installing inquiry-analysis[{extras}] and its dependencies into {VENV} ...", flush=True)
    if _run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-e", f".[{extras}]") != 0:
        sys.exit("Installing the dependencies failed; see pip's message above.")
    STAMP.write_text(wanted, encoding="utf-8")


def reproduce(args: list[str]) -> int:
    ensure_environment("test")
    return _run(PYTHON, "-m", "inquiry_analysis", "reproduce", *args)


def test(args: list[str]) -> int:
    ensure_environment("test")
    return _run(PYTHON, "-m", "pytest", *args)


def lab(args: list[str]) -> int:
    ensure_environment("test,lab")
    return _run(PYTHON, "-m", "jupyterlab", "notebooks", *args)


COMMANDS = {"reproduce": reproduce, "test": test, "lab": lab}


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        sys.exit(f"inquiry-analysis needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not argv or argv[0] not in COMMANDS:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(COMMANDS)}}} [arguments passed on]\n\n{__doc__}")
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
