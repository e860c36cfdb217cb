"""How long the command line takes to answer, as ratios against a bare interpreter start measured in the same run.

    .venv/bin/python benchmarks/cli_start.py             # 40 rounds
    .venv/bin/python benchmarks/cli_start.py --runs 100

Timed: ``inquiry-analysis --help``, a mistyped command (``inquiry-analysis reproduc``, which argparse refuses)
and ``inquiry-analysis check --help``, each against ``python -c pass`` run by the same interpreter (the one
the installed ``inquiry-analysis`` script names on its first line). Target: each at most 2 x. Each round runs
the baseline and the three commands once, in an order that turns from round to round, so that drift in the
machine's load hits all alike; the ratio printed is median(command) / median(baseline), with the quartiles of
the per-round ratios (command / that round's baseline) beside it as its spread. A last line times the least
any argparse command line does to print such a help (ARGPARSE_ALONE, no package at all): a reference for how
near the target a command line built on argparse can come on this machine. The ratio of CPU times
(user + system, median over the rounds) is printed too: on a machine busy with other work it moves less
than wall time does, though the target is set on wall time. The installed script imports
this checkout when PYTHONPATH names it. Nothing here is a test: it prints, and exits 0.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 2.0
BIN = Path(sys.executable).parent
FLOOR = "argparse alone, the same shape (floor)"
#: The least any argparse command line does to print a help like ours: argparse (and re, gettext, locale, textwrap,
#: which it imports), one parser listing six commands, no package. Told its width, so shutil is not imported either.
ARGPARSE_ALONE = """
import argparse
parser = argparse.ArgumentParser(
    prog="inquiry-analysis",
    description="Reproduce the figures given to the IICSA internet hearing from cited public data.",
    formatter_class=lambda prog: argparse.HelpFormatter(prog, width=78),
)
parser.add_argument("--version", action="version", version="%(prog)s 0")
commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
for name in ("reproduce", "analyse", "verify", "bundle", "check", "extract"):
    commands.add_parser(name, help=f"What {name} does, in one sentence of about the length ours have.", add_help=False)
parser.parse_args()
"""


def _script() -> Path:
    """The installed ``inquiry-analysis`` console script: beside this interpreter, else on PATH."""
    beside = BIN / "inquiry-analysis"
    found = beside if beside.is_file() else Path(shutil.which("inquiry-analysis") or "")
    if not found.is_file():
        sys.exit("No inquiry-analysis script beside this Python or on PATH: install the package (tasks.py does).")
    return found


def _interpreter(script: Path) -> str:
    """The Python the script's first line names (its #! line), so that the baseline starts the same one."""
    first = script.read_bytes().split(b"\n", 1)[0].decode()
    return first[2:].strip().split()[0] if first.startswith("#!") else sys.executable


#: The children's environment: bytecode caches allowed, as an installed package has them (pip compiles on install),
#: so that the warm-up run writes them for a checkout (they are git-ignored); without them each run would compile
#: the command's modules afresh.
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _timed(command: list[str], expected: int) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``command``, which must exit ``expected``."""
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != expected:
        sys.exit(f"{' '.join(command)} exited {done.returncode}, expected {expected}")
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="rounds (default: 40)")
    runs = parser.parse_args().runs
    script = _script()
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as scratch:
        floor = Path(scratch) / "argparse_alone.py"
        floor.write_text(ARGPARSE_ALONE, encoding="utf-8")
        cases = {
            "python -c pass (baseline)": ([_interpreter(script), "-c", "pass"], 0),
            "inquiry-analysis --help": ([str(script), "--help"], 0),
            "inquiry-analysis reproduc (mistyped)": ([str(script), "reproduc"], 2),
            "inquiry-analysis check --help": ([str(script), "check", "--help"], 0),
            FLOOR: ([_interpreter(script), str(floor), "--help"], 0),
        }
        times, cpus = _measure(cases, runs)
    _print(times, cpus, runs)
    return 0


def _measure(cases: dict, runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU times of ``runs`` rounds of every case, in an order that turns from round to round."""
    names = list(cases)
    for name in names:  # once untimed: bytecode caches written (see ENVIRONMENT), files in the page cache
        _timed(*cases[name])
    times: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(runs):
        turn = round_ % len(names)
        for name in names[turn:] + names[:turn]:
            wall, cpu = _timed(*cases[name])
            times[name].append(wall)
            cpus[name].append(cpu)
    return times, cpus


def _print(times: dict[str, list[float]], cpus: dict[str, list[float]], runs: int) -> None:
    names = list(times)
    baseline = names[0]
    base, base_cpu = statistics.median(times[baseline]), statistics.median(cpus[baseline])
    print(f"{runs} rounds on {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{baseline:38s} {base * 1000:6.1f} ms wall, {base_cpu * 1000:6.1f} ms CPU")
    for name in names[1:]:
        ratios = sorted(t / b for t, b in zip(times[name], times[baseline]))
        low, _, high = statistics.quantiles(ratios, n=4)
        ratio = statistics.median(times[name]) / base
        verdict = "reference" if name == FLOOR else f"target {TARGET:.1f} x, {'ok' if ratio <= TARGET else 'over'}"
        print(
            f"{name:38s} {statistics.median(times[name]) * 1000:6.1f} ms wall: {ratio:4.2f} x (quartiles of the "
            f"rounds {low:4.2f} to {high:4.2f}), {verdict}; CPU "
            f"{statistics.median(cpus[name]) / base_cpu:4.2f} x"
        )


if __name__ == "__main__":
    sys.exit(main())
