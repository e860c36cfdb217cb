"""The command line answers at once: `--help`, a mistyped command and a command's `--help` import nothing heavy,
and print what argparse's own formatters print for the whole parser.

How fast is measured by benchmarks/cli_start.py (a ratio against a bare interpreter start, not a test: timings
depend on the machine). What keeps it fast is tested here: which modules the first answer imports.
"""

import argparse
import inspect
import os
import re
import shutil
import subprocess
import sys

import pytest

from inquiry_analysis.cli import commands

COMMANDS = ("reproduce", "analyse", "verify", "bundle", "check", "extract")
#: What the command line's first answers (`--help`, a mistyped command, a command's `--help`) must never wait for.
HEAVY = (
    "pandas",
    "numpy",
    "matplotlib",
    "scipy",
    "statsmodels",
    "sklearn",
    "duckdb",
    "nbclient",
    "nbformat",
    "openpyxl",
    "importlib.metadata",
)
#: The three first answers, in one interpreter, then every module it imported (as the console script runs main).
OURS = """
import sys
from inquiry_analysis.cli import main
for argv in (["--help"], ["reproduc"], ["check", "--help"]):
    try:
        main(argv)
    except SystemExit:
        print("\\0", flush=True)
print(" ".join(sorted(sys.modules)))
"""
#: The same three answers from argparse alone (told the width, so that it does not import shutil to find it).
ARGPARSE_ALONE = """
import argparse, sys
def formatter(prog):
    return argparse.RawDescriptionHelpFormatter(prog, width=78)
parser = argparse.ArgumentParser(prog="p", description="d", formatter_class=formatter)
commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
commands.add_parser("check", help="h", description="d", formatter_class=formatter).add_argument("--x", help="x")
for argv in (["--help"], ["chek"], ["check", "--help"]):
    try:
        parser.parse_args(argv)
    except SystemExit:
        pass
print(" ".join(sorted(sys.modules)))
"""


def _run(code: str) -> tuple[set[str], list[str], str]:
    """The modules ``code`` imported, what it printed before each of its three ``\\0`` marks, and its stderr."""
    environment = {**os.environ, "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True)
    *answers, modules = done.stdout.split("\0\n")
    return set(modules.split()), answers, done.stderr


def _printed(capsys, run, argv: list[str]) -> tuple:
    """The exit status, standard output and standard error of ``run(argv)``, which argparse ends with SystemExit."""
    with pytest.raises(SystemExit) as stop:
        run(argv)
    out, err = capsys.readouterr()
    return stop.value.code, out, err


def test_the_first_answers_import_only_what_argparse_needs_and_print_the_parsers_help(monkeypatch, capsys):
    modules, (help_, mistyped, check_help), errors = _run(OURS)
    assert sorted(set(HEAVY) & modules) == []
    argparse_alone, _, _ = _run(ARGPARSE_ALONE)
    # Beyond what argparse imports to print a help, the package and its command module only: no pathlib,
    # inspect, tempfile, shutil, provenance (they are imported when a command runs; see cli/commands.py).
    assert sorted(modules - argparse_alone - {"__future__"}) == [
        "inquiry_analysis",
        "inquiry_analysis.cli",
        "inquiry_analysis.cli.commands",
    ]
    monkeypatch.setenv("COLUMNS", "100")
    assert help_ == _printed(capsys, commands.main, ["--help"])[1]
    assert [re.search(rf"^    {name}\b", help_, re.MULTILINE) is not None for name in COMMANDS] == [True] * 6
    assert (mistyped, errors) == ("", _printed(capsys, commands.main, ["reproduc"])[2])
    assert "invalid choice: 'reproduc' (choose from 'reproduce', 'analyse'," in errors
    assert check_help == _printed(capsys, commands.main, ["check", "--help"])[1]


@pytest.mark.parametrize("columns", ["100", "63"])
def test_every_help_and_refusal_is_what_argparse_prints_for_the_whole_parser(columns, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", columns)
    asked = [["--help"], ["reproduc"], [], ["--version"], *([name, "--help"] for name in COMMANDS)]
    ours = [_printed(capsys, commands.main, argv) for argv in asked]
    # argparse's own formatters (which find the width with shutil) and inspect's cleandoc, and every
    # command's options, where main adds only those of the command given.
    monkeypatch.setattr(commands, "_Formatter", argparse.HelpFormatter)
    monkeypatch.setattr(commands, "_RawDescriptionFormatter", argparse.RawDescriptionHelpFormatter)
    monkeypatch.setattr(commands, "_cleandoc", inspect.cleandoc)
    whole = commands.build_parser()
    assert ours == [_printed(capsys, whole.parse_args, argv) for argv in asked]


@pytest.mark.parametrize("columns", [None, "57", "0", "-3", "wide"])
def test_help_is_as_wide_as_shutil_finds_the_terminal(columns, monkeypatch):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert commands._columns() == shutil.get_terminal_size().columns


@pytest.mark.parametrize(
    "doc",
    [
        *(getattr(commands, f"cmd_{name}").__doc__ for name in COMMANDS),
        "",
        "One line.",
        "\n    Starts on the second line.\n      deeper\n    back\n\n    ",
        "First.\n\tA tab.\n\t  And spaces.\n",
        "   \n   \n",
    ],
)
def test_a_commands_help_is_its_docstring_as_inspect_cleans_it(doc):
    assert commands._cleandoc(doc) == inspect.cleandoc(doc)


def test_a_module_imported_on_first_use_is_the_module_itself(monkeypatch):
    from inquiry_analysis import provenance

    assert commands.provenance.MANIFEST == provenance.MANIFEST
    monkeypatch.setattr(commands.provenance, "MANIFEST", "elsewhere.json")  # as a test would
    assert provenance.MANIFEST == "elsewhere.json"
    monkeypatch.undo()
    assert provenance.MANIFEST == "manifest.json"
