"""The committed notebooks: executed, thin, and checkable by nbval.

nbval itself re-runs each notebook (pytest --nbval-lax) and compares the cells marked
# NBVAL_CHECK_OUTPUT; these tests make sure there is something for it to compare.
"""

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


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
    checked = [c for c in notebook.cells if c.cell_type == "code" and "# NBVAL_CHECK_OUTPUT" in c.source]
    assert checked and all(c.outputs for c in checked)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_stay_thin(path):
    for cell in code_cells(path):
        assert not re.search(r"^\s*(def|class) ", cell.source, flags=re.M), cell.source
        assert not re.search(r"""["'][^"']*\.(csv|xlsx|json|png|svg|pdf)["']""", cell.source), cell.source
