"""Scratch projects for the tests of the inquiry-analysis command: synthetic notebooks written by the tests."""

import nbformat

EXPORT_CELL = """\
import pandas as pd
from inquiry_analysis import exhibits
data = pd.DataFrame({"year": [2016, 2017], "reports": [1, 2]})
exhibit = exhibits.Exhibit(exhibit_id="IA-98", title="Synthetic reports doubled",
                           subtitle="Synthetic test data, 2016 to 2017",
                           source="Source: synthetic test data from the inquiry-analysis tests",
                           alt_text="Two points, 1 then 2.", data=data, inputs=("ncmec",))
fig, ax = exhibits.new_figure(exhibit)
ax.plot(data["year"], data["reports"])
exhibits.export_exhibit(exhibit, fig, directory=out)
print("exported", exhibit.exhibit_id)"""


def write_notebook(path, *sources, parameters="out = None"):
    """A notebook of ``sources`` after a papermill-style parameters cell, as every notebook the commands run has."""
    notebook = nbformat.v4.new_notebook()
    first = nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})
    notebook.cells = [first] + [nbformat.v4.new_code_cell(s) for s in sources]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
