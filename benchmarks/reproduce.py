"""How long `reproduce` and the test suite take, as ratios against baselines measured in the same run.

    .venv/bin/python benchmarks/reproduce.py            # both
    .venv/bin/python benchmarks/reproduce.py --no-tests # reproduce only

Baseline for reproduce: every notebook reproduce runs (the hearing's, and the ``analyse`` notebooks on the
examples), with the same parameters, executed one after another, each in its own kernel as reproduce
executes them (nbclient, the ``out`` parameter injected), so each renders the same exhibits. Printed, each
with its target (medians of the runs):

- a full ``reproduce --force`` (bundle included) against that baseline: at most 0.6;
- an unchanged ``reproduce`` (after a full one) against the full one: at most 0.1;
- ``reproduce`` after one notebook's code changed, against that notebook run on its own plus the bundle
  (``inquiry-analysis bundle`` of the same folder): at most 1.

The test suite has a fixed budget of 60 s wall on 2 cores after install; its ratio is wall / 60 s.
Everything runs on copies in a temporary folder, so the checkout is not touched. The machine's load
average is printed before and after, since a shared machine slows one side or the other. Nothing here
is a test: it prints, and exits 0.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_BUDGET_S = 60.0
FULL_TARGET = 0.6
UNCHANGED_TARGET = 0.1
CHANGED_TARGET = 1.0
#: The notebook whose code the "one changed notebook" run edits.
CHANGED = "01_referral_trend.ipynb"

# The baseline: reproduce's own runner, one kernel at a time, each notebook exporting into a folder of its own.
SERIAL = """
import sys, tempfile
from pathlib import Path
from inquiry_analysis.cli.runner import run_notebooks
with tempfile.TemporaryDirectory() as build:
    runs = run_notebooks([Path(p) for p in sys.argv[1:]], Path(build), jobs=1)
failed = [run.error for run in runs if run.error]
sys.exit(f"failed: {failed[0]}" if failed else 0)
"""


def _timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - started


def _copy_project(into: Path) -> Path:
    """The notebooks, the examples they name and the README, in a scratch project."""
    root = into / "project"
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "examples", root / "examples")
    shutil.copy(ROOT / "README.md", root / "README.md")
    return root


def _notebooks(root: Path) -> list[Path]:
    """What reproduce runs: the hearing's notebooks, then the analyse notebooks on their examples."""
    return sorted((root / "notebooks").glob("*.ipynb")) + sorted((root / "notebooks" / "analyse").glob("*.ipynb"))


def _edit_code(notebook: Path, number: int) -> None:
    """A change to a code cell that changes no output: the notebook reruns, its exhibits come out the same."""
    text = notebook.read_text(encoding="utf-8")
    edited, found = re.subn(
        r'"import inquiry_analysis as ia(  # edit \d+)?\\n"',
        f'"import inquiry_analysis as ia  # edit {number}\\\\n"',
        text,
    )
    if not found:
        raise SystemExit(f"{notebook.name}: no import line to edit")
    notebook.write_text(edited, encoding="utf-8")


def _line(what: str, ratio: float, target: float) -> str:
    verdict = "meets" if ratio <= target else "MISSES"
    return f"{what}: {ratio:.2f} x (target at most {target}; {verdict} it)"


def reproduce_ratios(repeats: int) -> None:
    reproduce = [sys.executable, "-m", "inquiry_analysis", "reproduce"]
    times = {name: [] for name in ("serial", "full", "unchanged", "changed", "alone", "bundle")}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-reproduce-") as scratch:
        scratch = Path(scratch)
        root = _copy_project(scratch)
        notebooks = _notebooks(root)
        for number in range(repeats):  # alternate, so that drift in machine load hits every side alike
            times["serial"].append(_timed([sys.executable, "-c", SERIAL, *map(str, notebooks)]))
            times["full"].append(_timed([*reproduce, "--root", str(root), "--force"]))
            times["unchanged"].append(_timed([*reproduce, "--root", str(root)]))
            _edit_code(root / "notebooks" / CHANGED, number)
            times["changed"].append(_timed([*reproduce, "--root", str(root)]))
            times["alone"].append(_timed([sys.executable, "-c", SERIAL, str(root / "notebooks" / CHANGED)]))
            bundle = [sys.executable, "-m", "inquiry_analysis", "bundle", "--figures", str(root / "figures")]
            out = ["--out", str(scratch / "bundle.pdf"), "--html", str(scratch / "bundle.html")]
            times["bundle"].append(_timed([*bundle, *out]))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"notebooks: {len(notebooks)} ({len(list((ROOT / 'notebooks').glob('*.ipynb')))} of the hearing, the rest "
        f"analyse's on the examples); cores: {os.cpu_count()}; median of {repeats}; load average "
        f"{load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(f"every notebook one after another (baseline): {median['serial']:6.1f} s")
    print(f"reproduce --force (full, bundle included):   {median['full']:6.1f} s")
    print(f"reproduce, nothing changed:                  {median['unchanged']:6.1f} s")
    print(f"reproduce, {CHANGED} changed:      {median['changed']:6.1f} s")
    print(f"{CHANGED} on its own:                {median['alone']:6.1f} s")
    print(f"the bundle on its own:                       {median['bundle']:6.1f} s")
    print(_line("full reproduce / baseline", median["full"] / median["serial"], FULL_TARGET))
    print(_line("unchanged reproduce / full reproduce", median["unchanged"] / median["full"], UNCHANGED_TARGET))
    alone = median["alone"] + median["bundle"]
    print(_line("one changed notebook / (that notebook + the bundle)", median["changed"] / alone, CHANGED_TARGET))


def test_suite_ratio() -> None:
    wall = _timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT, env=dict(os.environ))
    print(f"test suite: {wall:6.1f} s wall; ratio to the {TEST_BUDGET_S:.0f} s budget: {wall / TEST_BUDGET_S:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each side; the median is kept (default 3)")
    parser.add_argument("--no-tests", action="store_true", help="skip timing the test suite")
    args = parser.parse_args()
    reproduce_ratios(args.repeats)
    if not args.no_tests:
        test_suite_ratio()
    return 0


if __name__ == "__main__":
    sys.exit(main())
