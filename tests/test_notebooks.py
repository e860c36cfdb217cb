"""The committed notebooks: executed, thin, and checkable by nbval.

nbval itself re-runs each notebook (pytest --nbval-lax) and compares the cells tagged
``nbval-check-output`` (a cell tag, not a comment a reader would see); these tests make sure there is
something for it to compare. The parameterised notebooks of ``analyse`` (notebooks/analyse) are held to
the same rules; their ``parameters`` cell names the example files they read by default.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest

FOLDER = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb")) + sorted((FOLDER / "analyse").glob("*.ipynb"))


def checked_by_nbval(cell):
    return "nbval-check-output" in cell.get("metadata", {}).get("tags", [])


def code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_was_executed_and_stored(path):
    unexecuted = [i for i, c in enumerate(code_cells(path), start=1) if c.execution_count is None]
    assert unexecuted == [], f"code cells {unexecuted} were never run; run `python3 tasks.py reproduce`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_kernel_is_python3_and_headline_cells_are_checked(path):
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    checked = [c for c in notebook.cells if c.cell_type == "code" and checked_by_nbval(c)]
    assert checked and all(c.outputs for c in checked)
    assert not any("NBVAL_CHECK_OUTPUT" in c.source for c in notebook.cells)  # tags, not comments readers see


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_stay_thin(path):
    for cell in code_cells(path):
        if "parameters" in cell.metadata.get("tags", []):
            continue  # the default inputs of a parameterised notebook: paths by design
        assert not re.search(r"^\s*(def|class) ", cell.source, flags=re.M), cell.source
        assert not re.search(r"""["'][^"']*\.(csv|xlsx|json|png|svg|pdf)["']""", cell.source), cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_name_no_folder_of_the_machine_that_ran_them(path):
    # A warning naming site-packages, or any absolute path, would make the stored outputs (and so a
    # clean `reproduce`) differ from one machine to the next.
    outputs = [output for cell in code_cells(path) for output in cell.outputs]
    text = json.dumps(outputs)
    assert "site-packages" not in text and str(FOLDER.parent) not in text
    assert not [o for o in outputs if o.get("name") == "stderr"], "a cell wrote to stderr (a warning?)"


# Notebooks are thin (DESIGN.md): prose argues, code cells call the library. What an exhibit says is built in
# inquiry_analysis.exhibits, not by f-strings in a cell; no cell defines a function or builds an Exhibit.
MOST_CODE_LINES = 400
LONGEST_CELL = 12


def _all_notebooks():
    return sorted(FOLDER.glob("*.ipynb")) + sorted((FOLDER / "analyse").glob("*.ipynb"))


@pytest.mark.parametrize("path", _all_notebooks(), ids=lambda p: p.name)
def test_every_notebook_calls_the_library_in_short_cells(path):
    cells = code_cells(path)
    assert [c.source for c in cells if len(c.source.splitlines()) > LONGEST_CELL] == []
    assert not [c.source for c in cells if "Exhibit(" in c.source]


def test_the_notebooks_hold_at_most_four_hundred_code_lines_together():
    lines = sum(len(c.source.splitlines()) for path in _all_notebooks() for c in code_cells(path))
    assert lines <= MOST_CODE_LINES
