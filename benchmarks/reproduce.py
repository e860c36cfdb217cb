"""How long `reproduce` and the test suite take, as ratios against baselines measured in the same run.

    .venv/bin/python benchmarks/reproduce.py            # both
    .venv/bin/python benchmarks/reproduce.py --no-tests # reproduce only

Baseline for reproduce: the same notebooks executed one after another with ``jupyter execute``
(what a user would do by hand). Target: reproduce at most 0.7 x that. The test suite has a fixed
budget of 60 s wall on 2 cores after install; its ratio is wall / 60 s. Both run on copies in a
temporary folder, so the checkout is not touched. Nothing here is a test: it prints, and exits 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TEST_BUDGET_S = 60.0
REPRODUCE_TARGET = 0.7


def _timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - started


def _copy_project(into: Path) -> Path:
    root = into / "project"
    (root / "notebooks").mkdir(parents=True)
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        shutil.copy(notebook, root / "notebooks")
    return root


def reproduce_ratio(repeats: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-reproduce-") as scratch:
        scratch = Path(scratch)
        root = _copy_project(scratch)
        env = dict(os.environ)  # notebooks run by hand export into the copy's exports/
        notebooks = sorted((root / "notebooks").glob("*.ipynb"))
        baseline, ours = [], []
        for _ in range(repeats):  # alternate, so that drift in machine load hits both alike
            baseline.append(
                sum(
                    _timed(
                        [str(BIN / "jupyter-execute"), "--output", str(scratch / f"out-{nb.name}"), str(nb)],
                        env=env,
                        cwd=root / "notebooks",
                    )
                    for nb in notebooks
                )
            )
            ours.append(_timed([sys.executable, "-m", "inquiry_analysis", "reproduce", "--root", str(root)]))
        base, mine = min(baseline), min(ours)
        print(f"notebooks: {len(notebooks)}; cores: {os.cpu_count()}; best of {repeats}")
        print(f"jupyter execute, one after another: {base:6.1f} s")
        print(f"inquiry-analysis reproduce:         {mine:6.1f} s")
        print(f"reproduce ratio: {mine / base:.2f} x (target at most {REPRODUCE_TARGET})")


def test_suite_ratio() -> None:
    wall = _timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT, env=dict(os.environ))
    print(f"test suite: {wall:6.1f} s wall; ratio to the {TEST_BUDGET_S:.0f} s budget: {wall / TEST_BUDGET_S:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="runs of each side; the best is kept (default 2)")
    parser.add_argument("--no-tests", action="store_true", help="skip timing the test suite")
    args = parser.parse_args()
    reproduce_ratio(args.repeats)
    if not args.no_tests:
        test_suite_ratio()
    return 0


if __name__ == "__main__":
    sys.exit(main())
